//! The scenario data layer: the RON schema, loading, and validation with precise errors.
//! It turns files into validated [`crate::model::Scenario`] values; the engine never sees
//! RON.

pub mod diagnostics;
pub mod drill_log;
mod ja;
pub mod library;
pub mod load;
pub mod roles;
pub mod schema;
pub mod seats;
pub mod spans;

pub use diagnostics::{Diagnostic, Diagnostics, Lang};
pub use load::{
    DEFAULT_INFRA, Fingerprint, LoadError, NoFiles, Resolver, load_str, load_str_fingerprinted,
};

use std::path::{Path, PathBuf};

/// The bundled default drill, embedded so `rensa run` works from any directory.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/telecom-ddos.ron");
/// The name the default drill is reported under.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/telecom-ddos.ron";

/// The largest input file rensa reads (scenario, infrastructure, drill log): 16 MiB. The
/// bundled graph is under 100 KiB; the cap keeps `File("/dev/zero")` from eating memory.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Why an input file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The operating system refused, or the file is over [`MAX_INPUT_BYTES`].
    Io(String),
    /// The bytes are not UTF-8: where the first bad byte is.
    NotUtf8 {
        /// Line and column (in characters) of the first invalid byte.
        pos: spans::Pos,
        /// Its byte offset from the start of the file.
        offset: usize,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(reason) => f.write_str(reason),
            ReadError::NotUtf8 { pos, offset } => write!(
                f,
                "invalid UTF-8 at line {}, column {} (byte offset {offset})",
                pos.line, pos.col
            ),
        }
    }
}

/// Reads a whole input file as UTF-8, refusing files over [`MAX_INPUT_BYTES`]. Reads at
/// most one byte past the limit, so endless files (`/dev/zero`, a pipe) stop too.
pub fn read_limited(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ReadError::Io(format!(
            "file is larger than the {} MiB limit for input files",
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        ReadError::NotUtf8 {
            pos: spans::Pos { line, col },
            offset,
        }
    })
}

/// Reads an input file named `name` in messages; errors become a [`LoadError`]: invalid
/// UTF-8 is a diagnostic at the first bad byte (showing none of the file's text).
pub fn read_input(path: &Path) -> Result<String, LoadError> {
    let file = path.display().to_string();
    read_limited(path).map_err(|e| match e {
        ReadError::Io(reason) => LoadError::Io { file, reason },
        ReadError::NotUtf8 { pos, offset } => LoadError::Invalid(Diagnostics(vec![Diagnostic {
            file,
            pos,
            message: format!("invalid UTF-8 (byte offset {offset}); input files must be UTF-8"),
            help: Some("save the file as UTF-8".into()),
            ja: Some(Box::new(diagnostics::Japanese {
                message: Some(format!(
                    "UTF-8 として正しくないバイトがあります（バイト位置 {offset}）。入力ファイルは UTF-8 で書きます"
                )),
                help: Some("ファイルを UTF-8 で保存してください".into()),
            })),
            line_text: None,
            line_offset: 0,
        }])),
    })
}

/// Reads files relative to a directory (the scenario file's).
pub struct FsResolver {
    /// The directory relative paths start from.
    pub base: PathBuf,
}

impl Resolver for FsResolver {
    fn read(&self, name: &str) -> Result<(String, String), String> {
        let path = self.base.join(name);
        read_limited(&path)
            .map(|t| (path.display().to_string(), t))
            .map_err(|e| format!("{e} ({})", path.display()))
    }
}

/// Loads and validates a scenario file from disk.
pub fn load_path(path: &Path) -> Result<crate::model::Scenario, LoadError> {
    let text = read_input(path)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str(&path.display().to_string(), &text, &FsResolver { base })
}

/// A stable hash of a file's text, as 16 hex digits: 64-bit FNV-1a over its UTF-8 bytes,
/// after dropping a leading byte-order mark and turning CRLF line ends into LF (so a
/// checkout's line-end conversion is no change). Drill logs record it.
pub fn source_hash(text: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut h = OFFSET;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    format!("{h:016x}")
}

/// Like [`load_path`], and also returns the [`Fingerprint`] of the files read.
pub fn load_path_fingerprinted(
    path: &Path,
) -> Result<(crate::model::Scenario, Fingerprint), LoadError> {
    let text = read_input(path)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str_fingerprinted(&path.display().to_string(), &text, &FsResolver { base })
}

/// Like [`load_default`], and also returns its [`Fingerprint`].
pub fn load_default_fingerprinted() -> (crate::model::Scenario, Fingerprint) {
    load_str_fingerprinted(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO, &NoFiles)
        .expect("the bundled default scenario is valid (tested)")
}

/// Loads the bundled default drill.
pub fn load_default() -> crate::model::Scenario {
    load_str(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO, &NoFiles)
        .expect("the bundled default scenario is valid (tested)")
}
