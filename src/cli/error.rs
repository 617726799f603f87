//! The CLI's one error type and the one place it becomes an exit status:
//! 0 done, 1 could not do it, 2 bad input (also listed in `rensa --help`).
//!
//! Every subcommand returns [`Result`]; `cli::main` prints the error in the language asked
//! for (the words are in `present::cli`) and exits with [`Error::exit`]. A closed standard
//! output (`rensa report aar | head -c 200`) is not an error: the reader has what it wanted,
//! so the command stops quietly with 0, as ripgrep does.

use crate::lang::Lang;
use crate::present::cli::Problem;
use crate::scenario::LoadError;
use std::io::Write;
use std::process::ExitCode;

/// A subcommand's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The exit statuses, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done (also when the reader of standard output went away).
    Done = 0,
    /// 1: could not do it (a file could not be written, a batch was stopped, the terminal
    /// failed).
    Failed = 1,
    /// 2: bad input (a file, a flag or a value), nothing written.
    BadInput = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Why a subcommand stopped.
#[derive(Debug)]
pub enum Error {
    /// A problem the CLI found; its kind says whether it is bad input or a failure.
    Problem(Problem),
    /// The data layer refused a file: every diagnostic, in the language asked for (exit 2).
    Load(LoadError),
    /// The problems are already on standard error (say, of several files checked one
    /// after another); only the exit status is left to give.
    Reported(Exit),
    /// Standard output was closed by its reader: stop quietly, exit 0.
    ClosedPipe,
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Error {
        Error::Problem(p)
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Error {
        Error::Load(e)
    }
}

impl Error {
    /// The exit status this error gives.
    pub fn exit(&self) -> Exit {
        match self {
            Error::Problem(p) if p.is_bad_input() => Exit::BadInput,
            Error::Problem(_) => Exit::Failed,
            Error::Load(_) => Exit::BadInput,
            Error::Reported(e) => *e,
            Error::ClosedPipe => Exit::Done,
        }
    }

    /// Writes the error to standard error in `lang` (nothing for a closed pipe or an
    /// error already reported). If even standard error is closed there is nobody left to
    /// tell, so that failure is ignored (`eprintln!` would panic).
    pub fn report(&self, lang: Lang) {
        let text = match self {
            Error::Problem(p) => p.line(lang) + "\n",
            Error::Load(e) => e.render(lang),
            Error::Reported(_) | Error::ClosedPipe => return,
        };
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// For a subcommand that still returns an `ExitCode` (and prints its own errors): its
/// status as a [`Result`], so that it can sit in the one dispatch until it is moved over.
pub fn from_exit_code(code: ExitCode) -> Result<()> {
    if code == ExitCode::SUCCESS {
        Ok(())
    } else if code == ExitCode::from(2) {
        Err(Error::Reported(Exit::BadInput))
    } else {
        Err(Error::Reported(Exit::Failed))
    }
}

/// An I/O error on standard output: a closed pipe ends the command quietly, anything else
/// (a full disk) is a failure.
pub fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::ClosedPipe
    } else {
        Error::Problem(Problem::CannotWrite {
            file: None,
            reason: e.to_string(),
            refused: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_exit_status() {
        assert_eq!(Error::ClosedPipe.exit(), Exit::Done);
        assert_eq!(
            stdout_error(std::io::Error::from(std::io::ErrorKind::BrokenPipe)).exit(),
            Exit::Done
        );
        assert_eq!(
            stdout_error(std::io::Error::other("disk full")).exit(),
            Exit::Failed
        );
        assert_eq!(
            Error::Problem(Problem::AtLeastOne { flag: "--runs" }).exit(),
            Exit::BadInput
        );
        assert_eq!(
            from_exit_code(ExitCode::from(2)).unwrap_err().exit(),
            Exit::BadInput
        );
        assert!(from_exit_code(ExitCode::SUCCESS).is_ok());
    }
}
