//! The scenario data layer: the RON schema, loading, and validation with precise errors.
//! It turns files into validated [`crate::model::Scenario`] values; the engine never sees
//! RON.

pub mod diagnostics;
pub mod drill_log;
pub mod library;
pub mod load;
mod policies;
pub mod roles;
mod ron_error;
pub mod schema;
pub mod seats;
pub mod spans;
pub mod tables;
pub mod words;

pub use diagnostics::{Diagnostic, Diagnostics, Lang, Say, Severity, Text};
pub use load::{
    DEFAULT_INFRA, Fingerprint, LoadError, NoFiles, Resolver, load_str, load_str_checked,
    load_str_fingerprinted,
};

use std::path::{Path, PathBuf};

/// The bundled default drill, embedded so `rensa run` works from any directory.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/telecom-ddos.ron");
/// The name the default drill is reported under.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/telecom-ddos.ron";

/// The largest scenario file or drill log rensa reads by default: 16 MiB. The bundled
/// drills are under 100 KiB; the guard keeps a hostile or mistaken input from eating
/// memory. [`LIMIT_ENV`] raises it.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// The largest infrastructure file rensa reads by default: 256 MiB, room for a national
/// graph (9,400 operators and ~80,000 edges are ~20 MB of RON) and a municipal one ten
/// times larger. [`LIMIT_ENV`] raises it.
pub const MAX_INFRASTRUCTURE_BYTES: u64 = 256 * 1024 * 1024;

/// The environment variable that sets both limits, in MiB (`RENSA_MAX_INPUT_MB=1024`);
/// the error that refuses a file over a limit names it.
pub const LIMIT_ENV: &str = "RENSA_MAX_INPUT_MB";

/// What an input file is, for its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A scenario file or a drill log.
    Scenario,
    /// An infrastructure file a scenario refers to.
    Infrastructure,
}

impl InputKind {
    /// The limit in force: [`LIMIT_ENV`] when it is set to a number of MiB, else the
    /// kind's default.
    pub fn limit(self) -> u64 {
        if let Some(mb) = std::env::var(LIMIT_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            return mb.saturating_mul(1024 * 1024);
        }
        match self {
            InputKind::Scenario => MAX_INPUT_BYTES,
            InputKind::Infrastructure => MAX_INFRASTRUCTURE_BYTES,
        }
    }
}

/// Why an input file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The operating system refused: its kind of error, its error number and its own
    /// words (shown in English only).
    Os {
        /// What kind of failure.
        kind: std::io::ErrorKind,
        /// The operating system's error number, if it gave one.
        code: Option<i32>,
        /// The operating system's message.
        detail: String,
    },
    /// The file is over its kind's limit ([`InputKind::limit`]).
    TooLarge {
        /// What kind of input it is.
        kind: InputKind,
        /// The limit in force, in MiB.
        limit_mb: u64,
        /// A limit that would take it, in MiB, to suggest for [`LIMIT_ENV`].
        raise_mb: u64,
    },
    /// Not a regular file (a FIFO would block forever, a device never end).
    NotRegular,
    /// The bytes are not UTF-8: where the first bad byte is.
    NotUtf8 {
        /// Line and column (in characters) of the first invalid byte.
        pos: spans::Pos,
        /// Its byte offset from the start of the file.
        offset: usize,
    },
    /// This loader reads no files (a scenario that must be self-contained).
    NoFileAccess,
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Os {
            kind: e.kind(),
            code: e.raw_os_error(),
            detail: e.to_string(),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl Say for ReadError {
    fn say(&self, lang: Lang) -> String {
        use std::io::ErrorKind as K;
        match (self, lang) {
            (ReadError::Os { detail, .. }, Lang::En) => detail.clone(),
            (ReadError::Os { kind, code, .. }, Lang::Ja) => {
                let why = match kind {
                    K::NotFound => "ファイルまたはディレクトリがありません",
                    K::PermissionDenied => "アクセスが拒否されました",
                    K::IsADirectory => "ディレクトリです",
                    K::NotADirectory => "パスの途中がディレクトリではありません",
                    K::InvalidFilename => "ファイル名が長すぎるか、使えない文字を含みます",
                    K::InvalidData => "UTF-8 として正しくないデータがあります",
                    K::Interrupted => "読み込みが中断されました",
                    K::OutOfMemory => "メモリが足りません",
                    _ => "OS が読み込みを拒否しました",
                };
                match code {
                    Some(c) => format!("{why}（OS エラー {c}）"),
                    None => why.to_string(),
                }
            }
            (ReadError::TooLarge { kind, limit_mb, raise_mb }, Lang::En) => format!(
                "file is larger than the {limit_mb} MiB limit for {}; if it is yours, raise the limit with the environment variable {LIMIT_ENV}={raise_mb}",
                match kind {
                    InputKind::Scenario => "scenario files and drill logs",
                    InputKind::Infrastructure => "infrastructure files",
                }
            ),
            (ReadError::TooLarge { kind, limit_mb, raise_mb }, Lang::Ja) => format!(
                "{}の上限 {limit_mb} MiB を超えています。自分のファイルなら環境変数 {LIMIT_ENV}={raise_mb} で上限を上げられます",
                match kind {
                    InputKind::Scenario => "シナリオ・演習ログ",
                    InputKind::Infrastructure => "インフラファイル",
                }
            ),
            (ReadError::NotRegular, Lang::En) => "not a regular file (a FIFO, a device or a directory): rensa reads its inputs from regular files only".to_string(),
            (ReadError::NotRegular, Lang::Ja) => "通常のファイルではありません（FIFO、デバイス、ディレクトリ）。rensa は通常のファイルだけを読みます".to_string(),
            (ReadError::NotUtf8 { pos, offset }, Lang::En) => format!(
                "invalid UTF-8 at line {}, column {} (byte offset {offset})",
                pos.line, pos.col
            ),
            (ReadError::NotUtf8 { pos, offset }, Lang::Ja) => format!(
                "{} 行 {} 列に UTF-8 として正しくないバイトがあります（バイト位置 {offset}）",
                pos.line, pos.col
            ),
            (ReadError::NoFileAccess, Lang::En) => "no file access here".to_string(),
            (ReadError::NoFileAccess, Lang::Ja) => "ここではファイルを読めません".to_string(),
        }
    }
}

/// Reads a whole scenario file or drill log as UTF-8 ([`read_limited_as`]).
pub fn read_limited(path: &Path) -> Result<String, ReadError> {
    read_limited_as(path, InputKind::Scenario)
}

/// Reads a whole input file as UTF-8: only a regular file (a FIFO would block forever, a
/// device never end), and refusing one over its kind's limit ([`InputKind::limit`]). Reads
/// at most one byte past the limit.
pub fn read_limited_as(path: &Path, kind: InputKind) -> Result<String, ReadError> {
    use std::io::Read;
    // Asked before opening: opening a FIFO waits for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let limit = kind.limit();
    let file = std::fs::File::open(path)?;
    // Sized once from the file's length (a national graph's text is read without copies).
    let size = file.metadata().map_or(0, |m| m.len()).min(limit) as usize;
    let mut bytes = Vec::with_capacity(size + 1);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        let limit_mb = limit / (1024 * 1024);
        return Err(ReadError::TooLarge {
            kind,
            limit_mb,
            raise_mb: (bytes.len() as u64 / (1024 * 1024)).max(limit_mb) * 4,
        });
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
        ReadError::NotUtf8 { pos, offset } => {
            let src = diagnostics::Source::new(file, "");
            LoadError::Invalid(Diagnostics(vec![src.say(
                pos,
                Text::new(
                    format!("invalid UTF-8 (byte offset {offset}); input files must be UTF-8"),
                    format!(
                        "UTF-8 として正しくないバイトがあります（バイト位置 {offset}）。入力ファイルは UTF-8 で書きます"
                    ),
                ),
                Some(Text::new(
                    "save the file as UTF-8",
                    "ファイルを UTF-8 で保存してください",
                )),
            )]))
        }
        reason => LoadError::Io {
            file,
            reason,
            hint: None,
        },
    })
}

/// Reads files relative to a directory (the scenario file's).
pub struct FsResolver {
    /// The directory relative paths start from.
    pub base: PathBuf,
}

impl Resolver for FsResolver {
    fn read(&self, name: &str) -> Result<(String, String), (String, ReadError)> {
        let path = self.base.join(name);
        let shown = path.display().to_string();
        match read_limited_as(&path, InputKind::Infrastructure) {
            Ok(t) => Ok((shown, t)),
            Err(e) => Err((shown, e)),
        }
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

/// Like [`load_path`], and also returns the warnings ([`load_str_checked`]).
pub fn load_path_checked(
    path: &Path,
) -> Result<(crate::model::Scenario, Fingerprint, Diagnostics), LoadError> {
    let text = read_input(path)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str_checked(&path.display().to_string(), &text, &FsResolver { base })
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
