//! Where a subcommand's words go: standard output and warnings on standard error (neither
//! with `--quiet`), files written atomically, and the progress bar, all in the language
//! asked for. Errors are not printed here: they go back to `cli::main`.

use super::args::Common;
use super::atomic;
use super::error::{Error, Result, stdout_error};
use crate::lang::Lang;
use crate::present::cli::{Problem, Warning};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The terminal side of one subcommand: its language and whether it is quiet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    /// The language of every message.
    pub lang: Lang,
    /// Nothing but errors: no output, no warnings, no progress bar.
    pub quiet: bool,
}

impl From<Common> for Ui {
    fn from(c: Common) -> Ui {
        Ui {
            lang: c.lang.lang(),
            quiet: c.quiet,
        }
    }
}

impl Ui {
    /// Writes `text` to standard output (nothing if quiet). A closed pipe ends the command
    /// quietly ([`Error::ClosedPipe`]); any other failure is reported.
    pub fn print(&self, text: &str) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(stdout_error)
    }

    /// Writes a warning (`rensa: warning: …`) to standard error, unless quiet; it never
    /// changes the exit status. If standard error is closed there is nobody left to tell.
    pub fn warn(&self, w: &Warning) {
        self.warn_text(&w.line(self.lang));
    }

    /// Writes warnings already in words (the data layer's, a refused action) to standard
    /// error, unless quiet.
    pub fn warn_text(&self, text: &str) {
        if self.quiet {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = err.write_all(b"\n");
        }
    }

    /// Writes `bytes` to `path` atomically (docs/ARCHITECTURE.md, `cli/atomic.rs`).
    pub fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        atomic::write(path, bytes).map_err(|e| write_error(&e))
    }

    /// Writes `text` to the file `out` if given, else to standard output.
    pub fn emit(&self, out: Option<&Path>, text: &str) -> Result<()> {
        match out {
            Some(p) => self.write_file(p, text.as_bytes()),
            None => self.print(text),
        }
    }

    /// Like [`Ui::emit`], for output written piece by piece (a large run's JSON is never
    /// held whole): to the file `out` atomically, else to standard output.
    pub fn emit_with(
        &self,
        out: Option<&Path>,
        f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        if let Some(p) = out {
            return atomic::write_with(p, f).map_err(|e| write_error(&e));
        }
        if self.quiet {
            return Ok(());
        }
        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
        f(&mut w).and_then(|()| w.flush()).map_err(stdout_error)
    }

    /// A progress bar of `total` steps on standard error, drawn only on a terminal and
    /// never when quiet. `template` is indicatif's.
    pub fn bar(&self, total: u64, template: &str) -> indicatif::ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar
    }
}

/// A file that could not be written: exit 1, or 2 when the path names what `--out` never
/// writes (a directory, a socket).
pub fn write_error(e: &atomic::WriteError) -> Error {
    Error::Problem(Problem::CannotWrite {
        file: Some(e.file.display().to_string()),
        reason: e.source.to_string(),
        refused: e.is_refused(),
    })
}
