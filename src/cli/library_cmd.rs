//! `rensa scenarios` (the bundled library of drills) and `rensa new NAME --from ID` (a copy
//! of one to edit), and the library ids that `run`, `validate` and `list` accept where a
//! file is expected and no such file exists.

use crate::model::{Minutes, Scenario};
use crate::present::Lang;
use crate::scenario::library::{self, Entry, LIBRARY};
use crate::scenario::load::LibraryHint;
use crate::scenario::{self, Fingerprint, FsResolver, LoadError, NoFiles};
use crate::suggest::did_you_mean;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The library entry `p` names, if `p` is not an existing file but a bare library id.
fn by_id(p: &Path) -> Option<&'static Entry> {
    if p.exists() {
        return None;
    }
    p.to_str().and_then(library::find)
}

/// Adds to a "cannot read" error for a bare name the hint that it may be a library id.
fn with_hint(p: &Path, e: LoadError) -> LoadError {
    match e {
        LoadError::Io { file, reason, .. } if p.components().count() == 1 => {
            let hint = match p.to_str().and_then(|s| did_you_mean(s, library::ids())) {
                Some(id) => LibraryHint::DidYouMean(id.to_string()),
                None => LibraryHint::ListThem,
            };
            LoadError::Io {
                file,
                reason,
                hint: Some(hint),
            }
        }
        other => other,
    }
}

/// Loads a scenario file, or the library drill `p` names.
pub(super) fn load(p: &Path) -> Result<Scenario, LoadError> {
    match by_id(p) {
        Some(e) => e.load(),
        None => scenario::load_path(p).map_err(|e| with_hint(p, e)),
    }
}

/// Like [`load`], with the hashes of the text read.
pub(super) fn load_fingerprinted(p: &Path) -> Result<(Scenario, Fingerprint), LoadError> {
    match by_id(p) {
        Some(e) => scenario::load_str_fingerprinted(e.path, e.text, &NoFiles),
        None => scenario::load_path_fingerprinted(p).map_err(|e| with_hint(p, e)),
    }
}

/// The text of a scenario file, or of the library drill `p` names.
pub(super) fn read_text(p: &Path) -> Result<String, LoadError> {
    match by_id(p) {
        Some(e) => Ok(e.text.to_string()),
        None => scenario::read_input(p),
    }
}

/// A duration as a listing shows it: whole days as days (`35d`), else hours (`36h`).
fn duration(m: Minutes) -> String {
    if m.0 > 3 * 1440 && m.0.is_multiple_of(1440) {
        format!("{}d", m.0 / 1440)
    } else {
        m.to_string()
    }
}

/// The text of `rensa scenarios`.
pub fn listing(lang: Lang) -> String {
    let (h_id, h_dur, h_title, h_sectors, h_roles, none) = match lang {
        Lang::En => (
            "ID",
            "LENGTH",
            "TITLE",
            "sectors hit",
            "roles to play",
            "none (every role follows the playbook)",
        ),
        Lang::Ja => (
            "ID",
            "期間",
            "題名",
            "影響を受ける分野",
            "プレイヤーの役割",
            "なし（全役割がプレイブックに従う）",
        ),
    };
    let width = LIBRARY.iter().map(|e| e.id.len()).max().unwrap_or(2).max(2);
    // Pad by columns on screen: a Japanese header is two columns a character.
    let pad = |text: &str, cols: usize| {
        let w = unicode_width::UnicodeWidthStr::width(text);
        format!("{text}{}", " ".repeat(cols.saturating_sub(w)))
    };
    let mut out = format!("{}  {}  {h_title}\n", pad(h_id, width), pad(h_dur, 6));
    for e in LIBRARY {
        // The library is tested to parse; a broken entry is listed, not hidden.
        let s = match e.summary() {
            Ok(s) => s,
            Err(err) => {
                out.push_str(&format!("{:<width$}  ?       {err}\n", e.id));
                continue;
            }
        };
        let (title, sectors): (&str, Vec<&str>) = match lang {
            Lang::En => (&s.title_en, s.sectors.iter().map(|x| x.name_en()).collect()),
            Lang::Ja => (&s.title_ja, s.sectors.iter().map(|x| x.name_ja()).collect()),
        };
        let sep = match lang {
            Lang::En => ", ",
            Lang::Ja => "、",
        };
        let roles = if s.roles.is_empty() {
            none.to_string()
        } else {
            s.roles.join(", ")
        };
        out.push_str(&format!(
            "{:<width$}  {:<6}  {title}\n{:width$}  {h_sectors}: {}\n{:width$}  {h_roles}: {roles}\n",
            e.id,
            duration(s.duration),
            "",
            sectors.join(sep),
            "",
        ));
    }
    out.push_str(match lang {
        Lang::En => "\nrensa run ID runs one; rensa new NAME --from ID copies one to edit (docs/SCENARIOS.md).\n",
        Lang::Ja => "\nrensa run ID で実行、rensa new 名前 --from ID で編集用の写しを作成（docs/SCENARIOS.md）。\n",
    });
    out
}

/// `rensa scenarios`.
pub fn scenarios(lang: Lang) -> ExitCode {
    super::print(&listing(lang))
}

/// Why `rensa new` wrote nothing.
#[derive(Debug)]
pub enum NewError {
    /// No drill of the library has this id.
    UnknownId {
        /// The id given.
        id: String,
        /// The nearest id, if one is near.
        suggestion: Option<&'static str>,
    },
    /// The file is there already; `rensa new` never overwrites.
    Exists(PathBuf),
    /// The file could not be written.
    Write(PathBuf, std::io::Error),
    /// The copy does not load (a defect of the library: it is tested to).
    Invalid(LoadError),
}

impl NewError {
    /// The message, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NewError::UnknownId { id, suggestion }, Lang::En) => format!(
                "rensa: no drill `{id}` in the library{}; `rensa scenarios` lists them",
                suggestion.map_or(String::new(), |s| format!(" (did you mean `{s}`?)"))
            ),
            (NewError::UnknownId { id, suggestion }, Lang::Ja) => format!(
                "rensa: ライブラリに `{id}` という演習はありません{}。一覧は `rensa scenarios` で表示します",
                suggestion.map_or(String::new(), |s| format!("（`{s}` のことですか？）"))
            ),
            (NewError::Exists(p), Lang::En) => format!(
                "rensa: {} exists already; rensa new never overwrites a file: choose another NAME or remove it",
                p.display()
            ),
            (NewError::Exists(p), Lang::Ja) => format!(
                "rensa: {} は既にあります。rensa new はファイルを上書きしません。別の名前を選ぶか、削除してください",
                p.display()
            ),
            (NewError::Write(p, e), Lang::En) => {
                format!("rensa: cannot write {}: {e}", p.display())
            }
            (NewError::Write(p, e), Lang::Ja) => {
                format!("rensa: {} に書き込めません: {e}", p.display())
            }
            (NewError::Invalid(e), _) => e.render(match lang {
                Lang::En => scenario::Lang::En,
                Lang::Ja => scenario::Lang::Ja,
            }),
        }
    }
}

/// The file `rensa new NAME` writes: NAME, with `.ron` added if it has no extension.
pub fn target(name: &Path) -> PathBuf {
    if name.extension().is_some() {
        name.to_path_buf()
    } else {
        name.with_extension("ron")
    }
}

/// Writes a copy of library drill `id` to `path`, atomically and never over an existing
/// file, and checks that the copy loads from where it was written.
pub fn write_copy(path: &Path, id: &str) -> Result<(), NewError> {
    let entry = library::find(id).ok_or_else(|| NewError::UnknownId {
        id: id.to_string(),
        suggestion: did_you_mean(id, library::ids()),
    })?;
    let text = format!(
        "// Copied by `rensa new` from the library drill `{}` ({}). Check each edit with\n\
         // `rensa validate {}`; docs/SCENARIOS.md (Authoring a drill) says how to tune it.\n{}",
        entry.id,
        entry.path,
        path.display(),
        entry.text
    );
    if path.symlink_metadata().is_ok() {
        return Err(NewError::Exists(path.to_path_buf()));
    }
    write_new(path, text.as_bytes())?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    scenario::load_str(&path.display().to_string(), &text, &FsResolver { base })
        .map(|_| ())
        .map_err(NewError::Invalid)
}

/// Writes the copy with [`super::atomic::write_new`]: atomically, never over a file.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), NewError> {
    super::atomic::write_new(path, bytes).map_err(|e| {
        if e.source.kind() == std::io::ErrorKind::AlreadyExists {
            NewError::Exists(path.to_path_buf())
        } else {
            NewError::Write(path.to_path_buf(), e.source)
        }
    })
}

/// `rensa new NAME --from ID`.
pub fn new(name: &Path, from: &str, lang: Lang) -> ExitCode {
    let path = target(name);
    match write_copy(&path, from) {
        Ok(()) => super::print(&match lang {
            Lang::En => format!(
                "wrote {} (a copy of `{from}`); check it with: rensa validate {}\n",
                path.display(),
                path.display()
            ),
            Lang::Ja => format!(
                "{} を作成しました（`{from}` の写し）。確認: rensa validate {}\n",
                path.display(),
                path.display()
            ),
        }),
        Err(e) => {
            super::warn(e.message(lang).trim_end());
            match e {
                NewError::Write(..) => ExitCode::FAILURE,
                _ => ExitCode::from(2),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_drills_count_them() {
        assert_eq!(duration(Minutes(72 * 60)), "72h");
        assert_eq!(duration(Minutes(35 * 1440)), "35d");
        assert_eq!(duration(Minutes(36 * 60)), "36h");
    }

    #[test]
    fn a_name_without_extension_gets_ron() {
        assert_eq!(target(Path::new("my-drill")), PathBuf::from("my-drill.ron"));
        assert_eq!(target(Path::new("a/b.ron")), PathBuf::from("a/b.ron"));
    }

    #[test]
    fn an_unknown_id_gets_a_did_you_mean() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_copy(&dir.path().join("x.ron"), "rail-signal-wrom").unwrap_err();
        assert!(
            e.message(Lang::En)
                .contains("did you mean `rail-signal-worm`"),
            "{}",
            e.message(Lang::En)
        );
        assert!(!dir.path().join("x.ron").exists());
    }
}
