//! `rensa scenarios` (the bundled library of drills) and `rensa new NAME --from ID` (a copy
//! of one to edit), and the library ids that every subcommand accepts where a scenario
//! file is expected and no such file exists.

use super::args::Common;
use super::error::{Error, Result};
use super::ui::Ui;
use crate::model::Scenario;
use crate::present::cli::{self as words, LibraryRow, Problem};
use crate::scenario::library::{self, Entry, LIBRARY};
use crate::scenario::load::LibraryHint;
use crate::scenario::{self, Fingerprint, FsResolver, LoadError, NoFiles};
use crate::suggest::did_you_mean;
use clap::Args;
use std::path::{Path, PathBuf};

/// The arguments of `rensa scenarios`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa scenarios                             ids, titles, sectors hit, roles to play
  rensa scenarios --lang ja
  rensa run rail-signal-worm                  run one by its id

", super::exit_status!()))]
pub struct ScenariosArgs {
    #[command(flatten)]
    pub(super) common: Common,
}

/// The arguments of `rensa new`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa new my-drill --from rail-signal-worm  writes my-drill.ron
  rensa validate my-drill.ron                 then check each edit

", super::exit_status!()))]
pub struct NewArgs {
    /// The file to write (`.ron` is added if NAME has no extension).
    name: PathBuf,
    /// The library id to copy (`rensa scenarios` lists them).
    #[arg(long, value_name = "ID")]
    from: String,
    #[command(flatten)]
    pub(super) common: Common,
}

/// The library entry `p` names, if `p` is not an existing file but a bare library id.
fn by_id(p: &Path) -> Option<&'static Entry> {
    if p.exists() {
        return None;
    }
    p.to_str().and_then(library::find)
}

/// A file that cannot be read: for a bare name, with the library drill it may have meant.
fn not_found(p: &Path, e: LoadError) -> Error {
    match e {
        LoadError::Io { file, reason, .. } if p.components().count() == 1 => {
            let hint = match p.to_str().and_then(|s| did_you_mean(s, library::ids())) {
                Some(id) => LibraryHint::DidYouMean(id.to_string()),
                None => LibraryHint::ListThem,
            };
            Error::Load(LoadError::Io {
                file,
                reason,
                hint: Some(hint),
            })
        }
        other => Error::Load(other),
    }
}

/// Loads a scenario file, or the library drill `p` names, with the text read and the
/// warnings ([`scenario::load_str_checked`]).
pub(super) fn load_checked(p: &Path) -> Result<(Scenario, String, scenario::Diagnostics)> {
    if let Some(e) = by_id(p) {
        let (s, _, w) = scenario::load_str_checked(e.path, e.text, &NoFiles)?;
        return Ok((s, e.text.to_string(), w));
    }
    let text = scenario::read_input(p).map_err(|e| not_found(p, e))?;
    let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
    let (s, _, w) =
        scenario::load_str_checked(&p.display().to_string(), &text, &FsResolver { base })?;
    Ok((s, text, w))
}

/// Loads a scenario file, or the library drill `p` names, with the hashes and the text
/// read.
pub(super) fn load_with_text(p: &Path) -> Result<(Scenario, Fingerprint, String)> {
    if let Some(e) = by_id(p) {
        let (s, f) = scenario::load_str_fingerprinted(e.path, e.text, &NoFiles)?;
        return Ok((s, f, e.text.to_string()));
    }
    let text = scenario::read_input(p).map_err(|e| not_found(p, e))?;
    let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
    let (s, f) =
        scenario::load_str_fingerprinted(&p.display().to_string(), &text, &FsResolver { base })?;
    Ok((s, f, text))
}

/// The text of `rensa scenarios`.
pub fn listing(lang: crate::lang::Lang) -> String {
    let rows: Vec<LibraryRow> = LIBRARY
        .iter()
        .map(|e| match e.summary() {
            Ok(s) => LibraryRow {
                id: e.id,
                duration: Some(s.duration),
                title: lang.pick(s.title_en, s.title_ja),
                sectors: s.sectors.to_vec(),
                roles: s.roles,
            },
            // The library is tested to parse; a broken entry is listed, not hidden.
            Err(err) => LibraryRow {
                id: e.id,
                duration: None,
                title: err.render(lang).trim_end().to_string(),
                sectors: Vec::new(),
                roles: Vec::new(),
            },
        })
        .collect();
    words::library_listing(&rows, lang)
}

/// `rensa scenarios`.
pub fn scenarios(args: ScenariosArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    ui.print(&listing(ui.lang))
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
pub fn write_copy(path: &Path, id: &str) -> Result<()> {
    let entry = library::find(id).ok_or_else(|| Problem::UnknownLibraryId {
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
    let exists = || Problem::Exists {
        file: path.display().to_string(),
    };
    if path.symlink_metadata().is_ok() {
        return Err(exists().into());
    }
    super::atomic::write_new(path, text.as_bytes()).map_err(|e| {
        if e.source.kind() == std::io::ErrorKind::AlreadyExists {
            exists().into()
        } else {
            super::ui::write_error(&e)
        }
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    scenario::load_str(&path.display().to_string(), &text, &FsResolver { base })?;
    Ok(())
}

/// `rensa new NAME --from ID`.
pub fn new(args: NewArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let path = target(&args.name);
    write_copy(&path, &args.from)?;
    ui.print(&words::wrote_copy(
        &path.display().to_string(),
        &args.from,
        ui.lang,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_extension_gets_ron() {
        assert_eq!(target(Path::new("my-drill")), PathBuf::from("my-drill.ron"));
        assert_eq!(target(Path::new("a/b.ron")), PathBuf::from("a/b.ron"));
    }

    #[test]
    fn an_unknown_id_gets_a_did_you_mean() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_copy(&dir.path().join("x.ron"), "rail-signal-wrom").unwrap_err();
        let Error::Problem(p) = e else {
            panic!("{e:?}")
        };
        let line = p.line(crate::lang::Lang::En);
        assert!(line.contains("did you mean `rail-signal-worm`"), "{line}");
        assert!(!dir.path().join("x.ron").exists());
    }
}
