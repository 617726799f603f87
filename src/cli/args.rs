//! The arguments every subcommand shares, flattened into each (`#[command(flatten)]`), so a
//! flag means one thing everywhere:
//!
//! * [`Common`]: `--lang` (the language of every message, errors included) and `-q/--quiet`
//!   (nothing but errors);
//! * [`ScenarioArg`]: the scenario, a RON file or a library id, the bundled drill by default;
//! * [`SeedArg`]: `-s/--seed`, the scenario's own `seed` by default.
//!
//! `-o/--out FILE` is declared by each subcommand (its help says what the file holds) and
//! always names one file, written atomically; `--resume` is always a switch that continues
//! the file at `--out`.

use crate::lang::Lang;
use crate::model::{Minutes, Scenario};
use crate::scenario::{self, Fingerprint, Say};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use super::library_cmd;
use crate::present::cli::Problem;

/// The language of the output, as `--lang` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum LangArg {
    /// English.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

impl LangArg {
    /// The crate's language.
    pub fn lang(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::Ja => Lang::Ja,
        }
    }
}

/// `--lang` and `--quiet`, in every subcommand but `play` (which has only [`Language`]).
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Common {
    /// Language of every message, errors included (and of the JSON's `text` fields).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Print nothing but errors: no output on standard output, no summary, no warnings,
    /// no progress bar; the exit status tells the outcome.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `--lang` alone: for `play`, whose screens are its output.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Language {
    /// Language of the screens and of every message, errors included.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

/// The scenario a subcommand works on.
#[derive(Debug, Clone, Default, Args)]
pub struct ScenarioArg {
    /// A scenario file (RON) or the id of a bundled drill (`rensa scenarios` lists them).
    /// Default: the bundled default drill.
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,
}

/// What [`ScenarioArg`] loaded.
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// The hashes of the text read (drill logs and batch results record them).
    pub fingerprint: Fingerprint,
    /// The scenario's text (saved beside a drill for its report).
    pub text: String,
}

impl ScenarioArg {
    /// The path or id given, if any.
    pub fn path(&self) -> Option<&Path> {
        self.scenario.as_deref()
    }

    /// Loads the file, the library drill it names, or the bundled default; a problem is
    /// bad input (exit 2), rendered in the language asked for.
    pub fn load(&self) -> Result<Loaded> {
        match self.path() {
            None => {
                let (scenario, fingerprint) = scenario::load_default_fingerprinted();
                Ok(Loaded {
                    scenario,
                    fingerprint,
                    text: scenario::DEFAULT_SCENARIO.to_string(),
                })
            }
            Some(p) => {
                let (scenario, fingerprint, text) = library_cmd::load_with_text(p)?;
                Ok(Loaded {
                    scenario,
                    fingerprint,
                    text,
                })
            }
        }
    }
}

/// `-s/--seed`.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct SeedArg {
    /// Master seed: every random draw derives from it. Default: the scenario's `seed`.
    #[arg(short, long)]
    pub seed: Option<u64>,
}

impl SeedArg {
    /// The seed given, else the scenario's.
    pub fn or_scenario(self, scenario: &Scenario) -> u64 {
        self.seed.unwrap_or(scenario.seed)
    }
}

/// Reads a duration flag (`--until`, `--duration`): a number with its unit. A bare number
/// is refused, not read as minutes, since `--until 12` is as likely to mean twelve hours.
/// The reason of a value that cannot be read is in `lang`.
pub fn duration(flag: &'static str, text: &str, lang: Lang) -> Result<Minutes> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Problem(Problem::NoUnit {
            flag,
            value: t.to_string(),
        }));
    }
    let bad = |reason: String| {
        Error::Problem(Problem::BadValue {
            flag,
            value: t.to_string(),
            reason,
        })
    };
    let m = Minutes::parse(t).map_err(|e| bad(e.say(lang)))?;
    match scenario::schema::too_long(m) {
        Some(e) => Err(bad(e.say(lang))),
        None => Ok(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duration_needs_its_unit() {
        assert_eq!(
            duration("--until", "12h", Lang::En).ok(),
            Some(Minutes(720))
        );
        assert!(matches!(
            duration("--until", "12", Lang::En),
            Err(Error::Problem(Problem::NoUnit { .. }))
        ));
        let Err(Error::Problem(Problem::BadValue { reason, .. })) =
            duration("--until", "12x", Lang::Ja)
        else {
            panic!("12x is no duration")
        };
        assert!(reason.chars().any(|c| c > '\u{3000}'), "{reason}");
    }
}
