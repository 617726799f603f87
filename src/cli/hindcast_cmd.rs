//! `rensa hindcast [ID…]`: runs the bundled hindcasts (scenarios/hindcasts/, docs/VALIDATION.md)
//! and prints, per fact, the published value, the run's, the tolerance and whether it holds.
//! Exit status: 0 every fact holds, 1 a fact is missed, 2 an unknown id.

use crate::hindcast::{BUNDLED, Hindcast, bundled};
use crate::present::{Lang, hindcast as words};
use clap::{Args, ValueEnum};
use std::process::ExitCode;

/// Arguments of `rensa hindcast`.
#[derive(Debug, Args)]
pub struct HindcastArgs {
    /// Hindcast ids (default: every bundled one): hokkaido-2018-09, tse-2020-10,
    /// kddi-2022-07, nagoya-port-2023-07, zengin-2023-10.
    ids: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HindcastFormat::Text)]
    format: HindcastFormat,
    /// Language of the text.
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

/// Output of `rensa hindcast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HindcastFormat {
    /// A table per incident.
    Text,
    /// One JSON document.
    Json,
}

/// Runs the hindcasts asked for.
pub fn hindcast(args: HindcastArgs) -> ExitCode {
    let lang = args.lang.lang();
    let chosen: Vec<_> = if args.ids.is_empty() {
        BUNDLED.iter().collect()
    } else {
        let mut chosen = Vec::new();
        for id in &args.ids {
            match bundled(id) {
                Some(b) => chosen.push(b),
                None => {
                    let hint = crate::suggest::did_you_mean(id, BUNDLED.iter().map(|b| b.id));
                    let names: Vec<&str> = BUNDLED.iter().map(|b| b.id).collect();
                    super::warn(&match (lang, hint) {
                        (Lang::En, Some(h)) => {
                            format!("rensa: no hindcast \"{id}\"; did you mean \"{h}\"?")
                        }
                        (Lang::En, None) => format!(
                            "rensa: no hindcast \"{id}\"; there are: {}",
                            names.join(", ")
                        ),
                        (Lang::Ja, Some(h)) => format!(
                            "rensa: ハインドキャスト \"{id}\" はありません。\"{h}\" ですか?"
                        ),
                        (Lang::Ja, None) => format!(
                            "rensa: ハインドキャスト \"{id}\" はありません。あるもの: {}",
                            names.join(", ")
                        ),
                    });
                    return ExitCode::from(2);
                }
            }
        }
        chosen
    };
    let mut results = Vec::new();
    for b in chosen {
        match Hindcast::bundled(b) {
            Ok(h) => results.push(h.check()),
            Err(e) => {
                super::report_load_error_in(&e, lang);
                return ExitCode::from(2);
            }
        }
    }
    let text = match args.format {
        HindcastFormat::Text => words::to_text(&results, lang),
        HindcastFormat::Json => words::to_json(&results) + "\n",
    };
    let code = super::print(&text);
    if code != ExitCode::SUCCESS {
        return code;
    }
    if results.iter().all(|r| r.holds()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
