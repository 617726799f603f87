//! A command line clap refused, in the language asked for: clap's own message (with its
//! tips) in English; in Japanese, the same problem in words from `present::cli`. The
//! language is read from the arguments themselves, since they did not parse.

use crate::lang::Lang;
use crate::present::cli::ArgProblem;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// `--lang ja` (or `--lang=ja`) among the arguments.
pub fn lang_in(args: impl IntoIterator<Item = OsString>) -> Lang {
    let mut lang = Lang::En;
    let mut next_is_lang = false;
    for a in args {
        let a = a.to_string_lossy();
        if next_is_lang {
            lang = if a == "ja" { Lang::Ja } else { Lang::En };
            next_is_lang = false;
        } else if a == "--lang" {
            next_is_lang = true;
        } else if let Some(v) = a.strip_prefix("--lang=") {
            lang = if v == "ja" { Lang::Ja } else { Lang::En };
        }
    }
    lang
}

fn text(v: Option<&ContextValue>) -> String {
    match v {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(s)) => s.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn strings(v: Option<&ContextValue>) -> Vec<String> {
    match v {
        Some(ContextValue::Strings(s)) => s.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    }
}

/// What clap found wrong, as `present::cli` names it.
pub fn problem(e: &clap::Error) -> ArgProblem {
    let get = |k| e.get(k);
    let suggestion = || {
        let s = text(get(ContextKind::SuggestedArg).or(get(ContextKind::SuggestedSubcommand)));
        (!s.is_empty()).then_some(s)
    };
    match e.kind() {
        ErrorKind::UnknownArgument => ArgProblem::UnknownArgument {
            arg: text(get(ContextKind::InvalidArg)),
            suggestion: suggestion(),
        },
        ErrorKind::InvalidSubcommand => ArgProblem::UnknownSubcommand {
            name: text(get(ContextKind::InvalidSubcommand)),
            suggestion: suggestion(),
        },
        ErrorKind::InvalidValue => ArgProblem::InvalidValue {
            arg: text(get(ContextKind::InvalidArg)),
            value: text(get(ContextKind::InvalidValue)),
            valid: strings(get(ContextKind::ValidValue)),
        },
        ErrorKind::ValueValidation => ArgProblem::BadValue {
            arg: text(get(ContextKind::InvalidArg)),
            value: text(get(ContextKind::InvalidValue)),
            reason: std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default(),
        },
        ErrorKind::ArgumentConflict => ArgProblem::Conflict {
            arg: text(get(ContextKind::InvalidArg)),
            with: text(get(ContextKind::PriorArg)),
        },
        ErrorKind::MissingRequiredArgument => ArgProblem::Missing {
            args: strings(get(ContextKind::InvalidArg)),
        },
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            ArgProblem::NoSubcommand
        }
        _ => ArgProblem::Other,
    }
}

/// Prints a refused command line (or the help or version clap answered with) and gives
/// its exit status: 0 for help and version, 2 for a command line that does not parse.
pub fn exit(e: &clap::Error) -> ExitCode {
    let lang = lang_in(std::env::args_os());
    let is_answer = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    let printed = if is_answer || lang == Lang::En {
        e.print()
    } else {
        let usage = text(e.get(ContextKind::Usage));
        let text = problem(e).text(usage.trim_end(), lang);
        std::io::stderr().lock().write_all(text.as_bytes())
    };
    match printed {
        Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
        // The reader of the help went away (`rensa --help | head`): it had what it wanted.
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(io) => {
            let e = super::error::stdout_error(io);
            e.report(lang);
            e.exit().into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_found_in_unparsed_arguments() {
        assert_eq!(lang_in(os(&["rensa", "run", "--lang", "ja"])), Lang::Ja);
        assert_eq!(lang_in(os(&["rensa", "--lang=ja", "batch"])), Lang::Ja);
        assert_eq!(lang_in(os(&["rensa", "run", "--lang"])), Lang::En);
        assert_eq!(lang_in(os(&["rensa", "run"])), Lang::En);
    }
}
