//! `rensa lsp`: the language server on standard input and output (docs/TOOLS.md).

use super::{LangArg, atomic, warn};
use crate::lsp::{self, Options};
use crate::scenario;
use lsp_server::Connection;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rensa lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Language of diagnostics and hover text (a client's `initializationOptions`
    /// `{"lang": "ja"}` overrides it).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
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
pub fn lsp(args: LspArgs) -> ExitCode {
    let _ = args.stdio;
    let options = Options {
        lang: args.lang.lang(),
        bundled_graph: bundled_graph(),
    };
    let (connection, io) = Connection::stdio();
    let served = lsp::serve(&connection, &options);
    drop(connection);
    let joined = io.join();
    match (served, joined) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(e), _) => {
            warn(&format!("rensa lsp: {e}"));
            ExitCode::FAILURE
        }
        (_, Err(e)) => {
            warn(&format!("rensa lsp: {e}"));
            ExitCode::FAILURE
        }
    }
}
