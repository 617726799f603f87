//! `rensa lsp`: the language server on standard input and output (docs/TOOLS.md).

use super::args::Common;
use super::atomic;
use super::error::{Error, Exit, Result};
use super::ui::Ui;
use crate::lsp::{self, Options};
use crate::scenario;
use lsp_server::Connection;
use std::path::PathBuf;

/// Arguments of `rensa lsp`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!("Examples:
  rensa lsp                                    started by an editor, on stdin/stdout
  rensa lsp --lang ja                          diagnostics and hover in Japanese

Editors: docs/TOOLS.md (VS Code, Neovim, Helix).
", super::exit_status!()))]
pub struct LspArgs {
    /// `--lang`: the language of diagnostics and hover text (a client's
    /// `initializationOptions` `{"lang": "ja"}` overrides it).
    #[command(flatten)]
    pub(super) common: Common,
    /// Accepted for editors that start every server with `--stdio`; standard input and
    /// output are the only transport.
    #[arg(long, hide = true)]
    stdio: bool,
}

/// The bundled graph on disk, for go-to-definition into it: the embedded text written
/// once (atomically) to the cache directory, named by its hash so versions never mix.
fn bundled_graph() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base
        .join("rensa")
        .join(scenario::source_hash(scenario::DEFAULT_INFRA));
    let path = dir.join("japan.ron");
    if scenario::read_limited(&path).ok().as_deref() == Some(scenario::DEFAULT_INFRA) {
        return Some(path);
    }
    std::fs::create_dir_all(&dir).ok()?;
    atomic::write(&path, scenario::DEFAULT_INFRA.as_bytes()).ok()?;
    Some(path)
}

/// Runs the server until the client says `exit`.
pub fn lsp(args: LspArgs) -> Result<()> {
    let _ = args.stdio;
    let ui = Ui {
        quiet: false,
        ..Ui::from(args.common)
    };
    let options = Options {
        lang: ui.lang,
        bundled_graph: bundled_graph(),
    };
    let (connection, io) = Connection::stdio();
    let served = lsp::serve(&connection, &options);
    drop(connection);
    let joined = io.join();
    let failure = match (served, joined) {
        (Ok(()), Ok(())) => return Ok(()),
        (Err(e), _) => e.to_string(),
        (_, Err(e)) => e.to_string(),
    };
    // Standard output is the protocol's: the reason goes to standard error.
    ui.warn_text(&format!("rensa lsp: {failure}"));
    Err(Error::Reported(Exit::Failed))
}
