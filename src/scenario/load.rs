//! Turns RON text into a validated [`model::Scenario`], or into every problem found.

use super::diagnostics::{
    Diagnostic, Diagnostics, Lang, Problem, Say, Severity, Source, Text, did_you_mean,
    is_bidi_control, is_unsafe_char,
};
use super::schema::*;
use super::spans::{Path, Pos};
use super::tables;
use crate::model::drill::policy::{PolicyFile, reference_playbook};
use crate::model::drill::{Policy, PolicySet, Role};
use crate::model::{
    self, Condition, DrillSetup, Infrastructure, Inject, InjectKind, InjectTrigger, Key, Minutes,
    OperatorSpec, Sector, ServiceId, Target, Time,
};
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The bundled reference infrastructure of Japan.
pub const DEFAULT_INFRA: &str = include_str!("../../assets/japan.ron");
/// The name the bundled infrastructure is reported under.
pub const DEFAULT_INFRA_NAME: &str = "assets/japan.ron";

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read. Its name is shown with control and bidirectional
    /// characters escaped (a name comes from a drill log, too).
    #[error(
        "{}: cannot read: {reason}{}",
        super::diagnostics::visible(file),
        hint.as_ref().map(|h| h.say(Lang::En)).unwrap_or_default()
    )]
    Io {
        /// The file.
        file: String,
        /// Why.
        reason: super::ReadError,
        /// A library drill the name may have meant, where the name was a bare word.
        hint: Option<LibraryHint>,
    },
    /// The files were read but are not valid.
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// For a file that cannot be read under a bare name: the bundled library's drills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryHint {
    /// The library drill the name is close to.
    DidYouMean(String),
    /// Nothing close: where the drills are listed.
    ListThem,
}

impl Say for LibraryHint {
    /// Follows the reason a file cannot be read: `; did you mean …`.
    fn say(&self, lang: Lang) -> String {
        match (self, lang) {
            (LibraryHint::DidYouMean(id), Lang::En) => {
                format!("; did you mean the library drill `{id}`?")
            }
            (LibraryHint::DidYouMean(id), Lang::Ja) => {
                format!("。同梱の演習 `{id}` のことですか？")
            }
            (LibraryHint::ListThem, Lang::En) => {
                "; `rensa scenarios` lists the bundled drills".to_string()
            }
            (LibraryHint::ListThem, Lang::Ja) => {
                "。同梱の演習は `rensa scenarios` で一覧できます".to_string()
            }
        }
    }
}

impl LoadError {
    /// The error as printed, in `lang`, ending with a newline: every diagnostic, or the
    /// file that could not be read and why. In English, the same as `Display`.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoadError::Invalid(d), _) => d.render(lang),
            (LoadError::Io { .. }, Lang::En) => format!("{self}\n"),
            (LoadError::Io { file, reason, hint }, Lang::Ja) => format!(
                "{}: 読み込めません: {}{}\n",
                super::diagnostics::visible(file),
                reason.say(lang),
                hint.as_ref().map(|h| h.say(lang)).unwrap_or_default()
            ),
        }
    }
}

/// Reads files the scenario refers to (an infrastructure file). The CLI passes one that
/// reads from disk relative to the scenario; tests can pass one that reads from memory.
pub trait Resolver {
    /// Returns the display name and text of the file `name` refers to, or its display
    /// name and why it cannot be read.
    fn read(&self, name: &str) -> Result<(String, String), (String, super::ReadError)>;
}

/// A resolver that refuses every file, for scenarios that must be self-contained.
pub struct NoFiles;

impl Resolver for NoFiles {
    fn read(&self, name: &str) -> Result<(String, String), (String, super::ReadError)> {
        Err((name.to_string(), super::ReadError::NoFileAccess))
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Converts a `ron` syntax or type error into a diagnostic with a suggestion where possible.
fn ron_diagnostic(src: &Source<'_>, err: &ron::error::SpannedError) -> Diagnostic {
    let mut d = super::ron_error::diagnostic(src, err);
    if !looks_like_ron(src.text) && first_token(src.text) >= d.pos {
        // Not RON at all (a password file, a binary): show none of it, not even the
        // word ron's message would quote.
        d = src.say(
            d.pos,
            Text::new(
                "this file does not look like RON",
                "RON ファイルではないようです",
            ),
            Some(Text::new(
                "a rensa file starts like `Scenario(`, `Infrastructure(` or `Drill(`",
                "rensa のファイルは `Scenario(`、`Infrastructure(`、`Drill(` のように始まります",
            )),
        );
        d.line_text = None;
    }
    d
}

/// Where the first non-blank character of `text` is.
fn first_token(text: &str) -> Pos {
    let mut pos = Pos { line: 1, col: 1 };
    for c in text.chars() {
        match c {
            '\n' => {
                pos = Pos {
                    line: pos.line + 1,
                    col: 1,
                }
            }
            c if c.is_whitespace() => pos.col += 1,
            _ => break,
        }
    }
    pos
}

/// True when `text` starts the way a RON document does: a comment, an attribute, `(`, or
/// a struct name followed by `(`.
fn looks_like_ron(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(['(', '/', '#']) {
        return true;
    }
    let name_end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    name_end > 0 && t[name_end..].trim_start().starts_with('(')
}

/// Parses `text` as `T`, or returns the diagnostic of the first syntax or type error.
#[expect(
    clippy::result_large_err,
    reason = "one diagnostic per file read, on the error path; boxing it would change every caller"
)]
pub fn parse_ron<T: serde::de::DeserializeOwned>(src: &Source<'_>) -> Result<T, Diagnostic> {
    ron_options()
        .from_str::<T>(src.text)
        .map_err(|e| ron_diagnostic(src, &e))
}

/// Which file a problem belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Scenario,
    Infra,
}

/// Loads a scenario from its text. `name` is how the file is named in messages.
pub fn load_str(
    name: &str,
    text: &str,
    resolver: &dyn Resolver,
) -> Result<model::Scenario, LoadError> {
    load_str_fingerprinted(name, text, resolver).map(|(s, _)| s)
}

/// What a scenario was loaded from, as hashes of the files' texts (see
/// [`super::source_hash`]); drill logs record it to notice a changed scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The scenario file's hash.
    pub scenario: String,
    /// The infrastructure file's hash (the bundled graph or `File(...)`); `None` when the
    /// infrastructure is inline, so covered by the scenario's hash.
    pub infrastructure: Option<String>,
}

/// Like [`load_str`], and also returns the [`Fingerprint`] of the files read.
pub fn load_str_fingerprinted(
    name: &str,
    text: &str,
    resolver: &dyn Resolver,
) -> Result<(model::Scenario, Fingerprint), LoadError> {
    load_str_checked(name, text, resolver).map(|(s, f, _)| (s, f))
}

/// Like [`load_str_fingerprinted`], and also returns the warnings: what is valid but
/// probably not what the author meant (an added operator linked to nothing, a new region,
/// an objective decided whatever happens). On an error, the warnings are among the
/// diagnostics of the [`LoadError`], in file order, with [`Severity::Warning`].
pub fn load_str_checked(
    name: &str,
    text: &str,
    resolver: &dyn Resolver,
) -> Result<(model::Scenario, Fingerprint, Diagnostics), LoadError> {
    let mut src = Source::new(name, text);
    let file: ScenarioFile =
        parse_ron(&src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?;

    // The infrastructure: bundled, from a file, inline, or from tables.
    let (infra_name, infra_text, inline_prefix) = match &file.infrastructure {
        InfraSource::Default => (
            DEFAULT_INFRA_NAME.to_string(),
            Some(DEFAULT_INFRA.to_string()),
            None,
        ),
        InfraSource::File(f) => match resolver.read(f) {
            Ok((n, t)) => (n, Some(t), None),
            Err((shown, reason)) => return Err(unreadable(&mut src, f, shown, reason)),
        },
        InfraSource::Inline(_) => (
            name.to_string(),
            None,
            Some(Path::root().field("infrastructure").index(0)),
        ),
        InfraSource::Tables(dir) => (dir.clone(), None, None),
    };
    let mut infra_src = Source::new(infra_name, infra_text.as_deref().unwrap_or(""));
    let mut tables = None;
    let mut infra_hash = infra_text.as_deref().map(super::source_hash);
    let infra_file: InfrastructureFile = match (&file.infrastructure, &infra_text) {
        (InfraSource::Inline(inline), _) => inline.clone(),
        (InfraSource::Tables(dir), _) => {
            let (mut t, hash) = read_tables(dir, resolver, &mut src, &file.infrastructure)?;
            infra_hash = Some(hash);
            let f = std::mem::take(&mut t.file);
            tables = Some(t);
            f
        }
        (_, Some(_)) => parse_ron(&infra_src).map_err(|d| {
            let mut out = vec![d];
            out.extend(referenced_here(&mut src, &file.infrastructure, 1));
            LoadError::Invalid(Diagnostics(out))
        })?,
        (_, None) => InfrastructureFile::default(),
    };

    let mut problems: Vec<(Where, Problem)> = Vec::new();
    let infra_root = inline_prefix.clone().unwrap_or_default();
    let infra_where = if inline_prefix.is_some() {
        Where::Scenario
    } else {
        Where::Infra
    };
    let infra = build_infrastructure(
        &infra_file,
        &file.changes,
        infra_where,
        &infra_root,
        &mut problems,
    );
    let scenario = check_scenario(&file, infra, &mut problems);

    let (in_scenario, in_infra_list): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|(w, _)| *w == Where::Scenario);
    let infra_errors = in_infra_list
        .iter()
        .filter(|(_, p)| p.severity == Severity::Error)
        .count();
    let mut out = src.render(in_scenario.into_iter().map(|(_, p)| p).collect());
    let in_infra = in_infra_problems(in_infra_list);
    out.extend(match &tables {
        Some(t) => t.render(in_infra),
        None => infra_src.render(in_infra),
    });
    // The files in the order their problems come: the scenario's, then the infrastructure's
    // (a RON file, or the tables in their order).
    let mut files: Vec<String> = Vec::new();
    for d in &out {
        if !files.contains(&d.file) {
            files.push(d.file.clone());
        }
    }
    let (warnings, errors): (Vec<_>, Vec<_>) = out
        .into_iter()
        .partition(|d| d.severity == Severity::Warning);
    if errors.is_empty() {
        let fingerprint = Fingerprint {
            scenario: super::source_hash(text),
            infrastructure: infra_hash,
        };
        return Ok((scenario, fingerprint, Diagnostics(warnings)));
    }
    // Errors first would hide where each is: keep file order, warnings among them; the
    // note naming the infrastructure file that had errors comes after them.
    let mut all = errors;
    all.extend(warnings);
    all.sort_by_key(|d| {
        (
            d.file != name,
            files.iter().position(|f| *f == d.file),
            d.pos,
        )
    });
    all.extend(referenced_here(
        &mut src,
        &file.infrastructure,
        infra_errors,
    ));
    Err(LoadError::Invalid(Diagnostics(all)))
}

/// The infrastructure a scenario names, as written in its source (the bundled graph, a
/// RON file, inline, or tables), before the scenario's `changes`, with the `source`
/// citations the model does not keep: what `rensa graph --format tables` writes out; and
/// whether the scenario changes it (`changes`). An error is the loader's own.
pub fn infrastructure_as_written(
    name: &str,
    text: &str,
    resolver: &dyn Resolver,
) -> Result<(InfrastructureFile, bool), LoadError> {
    let mut src = Source::new(name, text);
    let file: ScenarioFile =
        parse_ron(&src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?;
    let changed = !file.changes.is_empty();
    as_written(&file, &mut src, resolver).map(|f| (f, changed))
}

fn as_written(
    file: &ScenarioFile,
    src: &mut Source<'_>,
    resolver: &dyn Resolver,
) -> Result<InfrastructureFile, LoadError> {
    let ron = |infra_name: String, infra_text: &str| {
        parse_ron(&Source::new(infra_name, infra_text))
            .map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))
    };
    match &file.infrastructure {
        InfraSource::Default => ron(DEFAULT_INFRA_NAME.to_string(), DEFAULT_INFRA),
        InfraSource::File(f) => match resolver.read(f) {
            Ok((n, t)) => ron(n, &t),
            Err((shown, reason)) => Err(unreadable(src, f, shown, reason)),
        },
        InfraSource::Inline(inline) => Ok(inline.clone()),
        InfraSource::Tables(dir) => {
            read_tables(dir, resolver, src, &file.infrastructure).map(|(t, _)| t.file)
        }
    }
}

/// The error for an infrastructure file that cannot be read, at the scenario's line that
/// names it.
fn unreadable(src: &mut Source<'_>, f: &str, shown: String, reason: super::ReadError) -> LoadError {
    let problem = Problem::new(
        Path::root().field("infrastructure").index(0),
        (
            format!(
                "cannot read the infrastructure file \"{f}\": {} ({shown})",
                reason.say(Lang::En)
            ),
            format!(
                "インフラファイル \"{f}\" を読み込めません: {}（{shown}）",
                reason.say(Lang::Ja)
            ),
        ),
    )
    .helps(
        "the path is relative to the scenario file; `Default` uses the bundled graph",
        "パスはシナリオファイルからの相対パスです。`Default` と書くと同梱のグラフを使います",
    );
    LoadError::Invalid(Diagnostics(src.render(vec![problem])))
}

/// Reads the tables of `Tables(dir)` (an absent optional table is left out) and their
/// combined hash for the fingerprint.
fn read_tables(
    dir: &str,
    resolver: &dyn Resolver,
    src: &mut Source<'_>,
    infra: &InfraSource,
) -> Result<(tables::Tables, String), LoadError> {
    let mut texts: [Option<(String, String)>; 4] = Default::default();
    let mut hashes = Vec::new();
    for (slot, table) in texts.iter_mut().zip(tables::Table::ALL) {
        let f = format!("{}/{}", dir.trim_end_matches('/'), table.file_name());
        match resolver.read(&f) {
            Ok((n, t)) => {
                hashes.push(format!("{}:{}", table.file_name(), super::source_hash(&t)));
                *slot = Some((n, t));
            }
            Err((_, super::ReadError::Os { kind, .. }))
                if table.optional() && kind == std::io::ErrorKind::NotFound => {}
            Err((shown, reason)) => return Err(unreadable(src, &f, shown, reason)),
        }
    }
    let hash = super::source_hash(&hashes.join("\n"));
    tables::read(dir, texts)
        .map(|t| (t, hash))
        .map_err(|mut out| {
            let count = out.len();
            out.extend(referenced_here(src, infra, count));
            LoadError::Invalid(Diagnostics(out))
        })
}

fn in_infra_problems(list: Vec<(Where, Problem)>) -> Vec<Problem> {
    list.into_iter().map(|(_, p)| p).collect()
}

/// After `count` problems in an infrastructure file: a note at the scenario's line that
/// names the file, so the reader knows which scenario brought it in.
fn referenced_here(src: &mut Source<'_>, infra: &InfraSource, count: usize) -> Vec<Diagnostic> {
    let (what_en, what_ja, f) = match infra {
        InfraSource::File(f) => ("file", "ファイル", f),
        InfraSource::Tables(f) => ("tables", "の表", f),
        _ => return Vec::new(),
    };
    if count == 0 {
        return Vec::new();
    }
    let problem = Problem::new(
        Path::root().field("infrastructure").index(0),
        (
            format!(
                "the infrastructure {what_en} \"{f}\" named here has the problem(s) above ({count})"
            ),
            format!("ここで指定したインフラ{what_ja} \"{f}\" に上の問題があります（{count} 件）"),
        ),
    );
    src.render(vec![problem])
}

/// A path built only when a problem needs it: a [`Path`], or a closure that makes one.
/// A national graph checks millions of values and finds nothing wrong with almost all of
/// them; building each one's path up front was most of its load time.
pub(crate) trait AtPath {
    /// The path.
    fn at(self) -> Path;
}

impl AtPath for Path {
    fn at(self) -> Path {
        self
    }
}

impl<F: FnOnce() -> Path> AtPath for F {
    fn at(self) -> Path {
        self()
    }
}

/// Checks an id against the safe alphabet (`model::ids::check_key`).
fn check_id(what: &str, key: &str, path: impl AtPath, problems: &mut Vec<Problem>) {
    if let Err(e) = crate::model::ids::check_key(key) {
        problems.push(
            Problem::new(
                path.at(),
                (
                    format!("{what} \"{}\" {e}", quoted_key(key)),
                    format!(
                        "{} \"{}\" {}",
                        what_ja(what),
                        quoted_key(key),
                        e.say(Lang::Ja)
                    ),
                ),
            )
            .helps(
                "e.g. \"kanto-power\" or \"kanto-power/supply\"",
                "例: \"kanto-power\"、\"kanto-power/supply\"",
            ),
        );
    }
}

/// An id as quoted in a message: every character outside the id alphabet escaped, so a
/// newline or an escape sequence shows as `\u{a}`, `\u{1b}`.
pub(crate) fn quoted_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if crate::model::ids::is_key_char(c) {
                c.to_string()
            } else {
                c.escape_unicode().to_string()
            }
        })
        .collect()
}

/// Checks free text (a name, a description, a message): any printable text, newlines and
/// tabs, but no control characters or bidirectional overrides, which a terminal or a
/// viewer would act on instead of showing.
pub(crate) fn check_text(what: &str, text: &str, path: impl AtPath, problems: &mut Vec<Problem>) {
    if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| is_unsafe_char(*c)) {
        let kind = if is_bidi_control(c) {
            "the bidirectional control character"
        } else {
            "the control character"
        };
        problems.push(
            Problem::new(
                path.at(),
                (
                    format!(
                        "{what} contains {kind} U+{:04X} at character {}",
                        c as u32,
                        i + 1
                    ),
                    format!(
                        "{}の {} 文字目に{} U+{:04X} があります",
                        what_ja(what),
                        i + 1,
                        if is_bidi_control(c) {
                            "双方向制御文字"
                        } else {
                            "制御文字"
                        },
                        c as u32
                    ),
                ),
            )
            .helps(
                "text may hold any printable characters, newlines and tabs; remove it",
                "テキストには表示できる文字、改行、タブだけが使えます。この文字を削除してください",
            ),
        );
    }
}

/// The Japanese of what a check names (`operator id`, `posture`, …), ending so that a
/// particle can follow.
fn what_ja(what: &str) -> String {
    let ja = match what {
        "infrastructure name" => "インフラ名",
        "operator id" => "事業者 ID",
        "operator name" => "事業者名",
        "operator name_ja" => "事業者の name_ja ",
        "operator source" => "事業者の出典",
        "region" => "地域",
        "service id" => "サービス ID",
        "service name" => "サービス名",
        "service source" => "サービスの出典",
        "system id" => "システム ID",
        "dependency source" => "依存関係の出典",
        "scenario name" => "シナリオ名",
        "scenario description" => "シナリオの説明",
        "inject id" => "インジェクト ID",
        "message text" => "メッセージ本文",
        "chat text" => "チャット本文",
        "observation text" => "所見の本文",
        "posture" => "posture（セキュリティ態勢）",
        "required level" => "必要水準",
        "system share" => "システムの比率",
        "strength" => "依存の強さ",
        "severity" => "深刻度",
        "stage chance" => "段階の成功確率",
        "detection chance per hour" => "1 時間あたりの検知確率",
        "spread chance" => "拡散確率",
        "level" => "水準",
        "inject at" => "インジェクトの時刻",
        "deadline" => "期限",
        "operator" => "事業者",
        "service" => "サービス",
        "IT system" => "IT システム",
        other => return format!("{other} "),
    };
    ja.to_string()
}

fn check_unit(value: f64, what: &str, path: impl AtPath, problems: &mut Vec<Problem>) {
    if !(0.0..=1.0).contains(&value) {
        problems.push(
            Problem::new(
                path.at(),
                (
                    format!("{what} must be between 0 and 1, got {value}"),
                    format!(
                        "{}は 0 以上 1 以下の値が必要です（指定値: {value}）",
                        what_ja(what)
                    ),
                ),
            )
            .helps(
                "write a fraction such as 0.25",
                "0.25 のような割合で書きます",
            ),
        );
    }
}

/// Builds the infrastructure from its file and the scenario's changes, collecting
/// problems. Always returns an infrastructure (possibly partial) so later checks can run.
fn build_infrastructure(
    file: &InfrastructureFile,
    changes: &Changes,
    infra_where: Where,
    root: &Path,
    out: &mut Vec<(Where, Problem)>,
) -> Infrastructure {
    let mut b = Infrastructure::builder();
    let services = |ops: &[OperatorFile]| ops.iter().map(|o| o.services.len()).sum::<usize>();
    b.reserve(
        file.operators.len() + changes.add_operators.len(),
        services(&file.operators) + services(&changes.add_operators),
        file.dependencies.len() + changes.add_dependencies.len(),
    );
    let changes_path = Path::root().field("changes");
    let mut p = Vec::new();
    check_text(
        "infrastructure name",
        &file.name,
        root.field("name"),
        &mut p,
    );
    out.extend(p.into_iter().map(|x| (infra_where, x)));

    // Operators: the file's, then the scenario's additions.
    let (ops_base, added_base) = (root.field("operators"), changes_path.field("add_operators"));
    let ops = file
        .operators
        .iter()
        .enumerate()
        .map(|(i, o)| (o, infra_where, &ops_base, i))
        .chain(
            (changes.add_operators.iter().enumerate())
                .map(|(i, o)| (o, Where::Scenario, &added_base, i)),
        );
    for (op, w, base, i) in ops {
        let path = || base.index(i);
        let mut p = Vec::new();
        check_id("operator id", &op.id, || path().field("id"), &mut p);
        check_text("operator name", &op.name, || path().field("name"), &mut p);
        check_text(
            "operator name_ja",
            &op.name_ja,
            || path().field("name_ja"),
            &mut p,
        );
        check_id("region", &op.region, || path().field("region"), &mut p);
        check_text(
            "operator source",
            &op.source,
            || path().field("source"),
            &mut p,
        );
        check_unit(op.posture, "posture", || path().field("posture"), &mut p);
        if let Some(sub) = op.sub_sector
            && sub.sector() != op.sector
        {
            p.push(
                Problem::new(
                    path().field("sub_sector"),
                    (
                        format!(
                            "sub-sector {sub:?} belongs to {:?}, not {:?}",
                            sub.sector(),
                            op.sector
                        ),
                        format!(
                            "下位分野 {sub:?} は {:?} に属し、{:?} のものではありません",
                            sub.sector(),
                            op.sector
                        ),
                    ),
                )
                .helps(
                    match op.sector.sub_sectors() {
                        [] => format!("{:?} has no sub-sectors; remove the field", op.sector),
                        subs => format!("use one of {subs:?}"),
                    },
                    match op.sector.sub_sectors() {
                        [] => format!(
                            "{:?} には下位分野がありません。このフィールドを削除します",
                            op.sector
                        ),
                        subs => {
                            let names: Vec<String> =
                                subs.iter().map(|s| format!("{s:?}")).collect();
                            format!("次のいずれかを使います: {}", names.join("、"))
                        }
                    },
                ),
            );
        }
        let id = match b.operator(OperatorSpec {
            key: &op.id,
            name: &op.name,
            name_ja: &op.name_ja,
            sector: op.sector,
            sub_sector: op.sub_sector,
            region: &op.region,
            posture: op.posture,
        }) {
            Ok(id) => Some(id),
            Err(e) => {
                p.push(
                    Problem::new(path().field("id"), e)
                        .helps("ids must be unique", "ID は重複しないようにします"),
                );
                None
            }
        };
        for (j, svc) in op.services.iter().enumerate() {
            let spath = || path().field("services").index(j);
            check_id("service id", &svc.id, || spath().field("id"), &mut p);
            check_text("service name", &svc.name, || spath().field("name"), &mut p);
            check_text(
                "service source",
                &svc.source,
                || spath().field("source"),
                &mut p,
            );
            for (k, sys) in svc.systems.iter().enumerate() {
                let ypath = || spath().field("systems").index(k);
                check_id("system id", &sys.id, || ypath().field("id"), &mut p);
            }
            check_unit(
                svc.required,
                "required level",
                || spath().field("required"),
                &mut p,
            );
            let Some(op_id) = id else { continue };
            let sid = match b.service(op_id, &svc.id, &svc.name, svc.population, svc.required) {
                Ok(s) => s,
                Err(e) => {
                    p.push(
                        Problem::new(spath().field("id"), e)
                            .helps("ids must be unique", "ID は重複しないようにします"),
                    );
                    continue;
                }
            };
            b.set_serves(sid, svc.serves);
            for (k, sys) in svc.systems.iter().enumerate() {
                let ypath = || spath().field("systems").index(k);
                check_unit(sys.share, "system share", || ypath().field("share"), &mut p);
                if let Err(e) = b.system(sid, &sys.id, sys.kind, sys.share) {
                    p.push(
                        Problem::new(ypath().field("id"), e)
                            .helps("ids must be unique", "ID は重複しないようにします"),
                    );
                }
            }
        }
        out.extend(p.into_iter().map(|x| (w, x)));
    }

    // Operator and service patches.
    for (i, patch) in changes.operators.iter().enumerate() {
        let path = changes_path.field("operators").index(i);
        match b.peek().lookup(&patch.id) {
            Some(Key::Operator(_)) => {
                if let Some(v) = patch.posture {
                    let mut p = Vec::new();
                    check_unit(v, "posture", path.field("posture"), &mut p);
                    out.extend(p.into_iter().map(|x| (Where::Scenario, x)));
                }
            }
            _ => out.push((
                Where::Scenario,
                unknown_id(b.peek(), "operator", &patch.id, path.field("id")),
            )),
        }
    }
    for (i, patch) in changes.services.iter().enumerate() {
        let path = changes_path.field("services").index(i);
        if !matches!(b.peek().lookup(&patch.id), Some(Key::Service(_))) {
            out.push((
                Where::Scenario,
                unknown_id(b.peek(), "service", &patch.id, path.field("id")),
            ));
        } else if let Some(v) = patch.required {
            let mut p = Vec::new();
            check_unit(v, "required level", path.field("required"), &mut p);
            out.extend(p.into_iter().map(|x| (Where::Scenario, x)));
        }
    }

    // Dependencies: the file's minus removals, plus additions; patches applied.
    let removed: Vec<(String, String, usize)> = changes
        .remove_dependencies
        .iter()
        .enumerate()
        .map(|(i, r)| (r.dependent.clone(), r.provider.clone(), i))
        .collect();
    let mut removal_used = vec![false; removed.len()];
    // Edges seen, by their services' ids (a lookup by id is one-to-one, so equal ids are
    // equal names); by name only when a name is unknown. Names in an ordered set cost a
    // national graph a tenth of its load in comparisons of long common prefixes.
    let mut seen: FxHashSet<(ServiceId, ServiceId)> = FxHashSet::default();
    let mut seen_unknown: BTreeSet<(&str, &str)> = BTreeSet::new();
    let (deps_base, added_base) = (
        root.field("dependencies"),
        changes_path.field("add_dependencies"),
    );
    let deps = file
        .dependencies
        .iter()
        .enumerate()
        .map(|(i, d)| (d, infra_where, &deps_base, i))
        .chain(
            (changes.add_dependencies.iter().enumerate())
                .map(|(i, d)| (d, Where::Scenario, &added_base, i)),
        );
    let mut patch_used = vec![false; changes.dependencies.len()];
    for (dep, w, base, i) in deps {
        let path = || base.index(i);
        if let Some(k) = removed
            .iter()
            .position(|(d, p, _)| *d == dep.dependent && *p == dep.provider)
        {
            removal_used[k] = true;
            continue;
        }
        let mut p = Vec::new();
        check_text(
            "dependency source",
            &dep.source,
            || path().field("source"),
            &mut p,
        );
        let mut strength = dep.strength;
        let mut tolerance = dep.tolerance.clone();
        for (k, patch) in changes.dependencies.iter().enumerate() {
            if patch.dependent == dep.dependent && patch.provider == dep.provider {
                patch_used[k] = true;
                let ppath = changes_path.field("dependencies").index(k);
                if let Some(s) = patch.strength {
                    strength = s;
                    let mut q = Vec::new();
                    check_unit(s, "strength", ppath.field("strength"), &mut q);
                    out.extend(q.into_iter().map(|x| (Where::Scenario, x)));
                }
                if let Some(t) = &patch.tolerance {
                    if let Err(e) = t.resolve() {
                        out.push((Where::Scenario, Problem::new(ppath.field("tolerance"), e)));
                    }
                    tolerance = t.clone();
                }
            }
        }
        check_unit(
            dep.strength,
            "strength",
            || path().field("strength"),
            &mut p,
        );
        let tol = match dep.tolerance.resolve() {
            Ok(t) => Some(t),
            Err(e) => {
                p.push(Problem::new(path().field("tolerance"), e));
                None
            }
        };
        let provider = service_ref(b.peek(), &dep.provider, || path().field("provider"), &mut p);
        let dependent = service_ref(
            b.peek(),
            &dep.dependent,
            || path().field("dependent"),
            &mut p,
        );
        if dep.provider == dep.dependent {
            p.push(
                Problem::new(
                    path().field("provider"),
                    (
                        "a service cannot depend on itself",
                        "サービスは自身には依存できません",
                    ),
                )
                .helps(
                    "name a service of another operator or remove the dependency",
                    "別の事業者のサービスを指定するか、この依存関係を削除します",
                ),
            );
        }
        let first = match (dependent, provider) {
            (Some(de), Some(pr)) => seen.insert((de, pr)),
            _ => seen_unknown.insert((&dep.dependent, &dep.provider)),
        };
        if !first {
            p.push(
                Problem::new(
                    path(),
                    (
                        format!(
                            "duplicate dependency of \"{}\" on \"{}\"",
                            dep.dependent, dep.provider
                        ),
                        format!(
                            "\"{}\" の \"{}\" への依存関係が重複しています",
                            dep.dependent, dep.provider
                        ),
                    ),
                )
                .helps(
                    "merge the two into one edge",
                    "二つを一つの依存関係にまとめます",
                ),
            );
        }
        let ok = p.is_empty();
        out.extend(p.into_iter().map(|x| (w, x)));
        if let (true, Some(pr), Some(de), Some(_), Ok(t)) =
            (ok, provider, dependent, tol, tolerance.resolve())
        {
            b.dependency(pr, de, dep.kind, strength.clamp(0.0, 1.0), t);
        }
    }
    for (k, used) in removal_used.iter().enumerate() {
        if !used {
            let r = &changes.remove_dependencies[k];
            out.push((
                Where::Scenario,
                Problem::new(
                    changes_path.field("remove_dependencies").index(k),
                    (
                        format!(
                            "no dependency of \"{}\" on \"{}\" to remove",
                            r.dependent, r.provider
                        ),
                        format!(
                            "削除する \"{}\" の \"{}\" への依存関係がありません",
                            r.dependent, r.provider
                        ),
                    ),
                ),
            ));
        }
    }
    for (k, used) in patch_used.iter().enumerate() {
        if !used {
            let r = &changes.dependencies[k];
            out.push((
                Where::Scenario,
                Problem::new(
                    changes_path.field("dependencies").index(k),
                    (
                        format!(
                            "no dependency of \"{}\" on \"{}\" to change",
                            r.dependent, r.provider
                        ),
                        format!(
                            "変更する \"{}\" の \"{}\" への依存関係がありません",
                            r.dependent, r.provider
                        ),
                    ),
                )
                .helps(
                    "use add_dependencies to create a new edge",
                    "新しい依存関係は add_dependencies で追加します",
                ),
            ));
        }
    }

    let mut infra = b.build();
    // Apply value patches now that every id exists.
    for patch in &changes.services {
        if let Some(Key::Service(s)) = infra.lookup(&patch.id) {
            let svc = &mut infra.services[s.index()];
            if let Some(r) = patch.required {
                svc.required = r;
            }
            if let Some(pop) = patch.population {
                svc.population = pop;
            }
            if let Some(serves) = patch.serves {
                svc.serves = serves;
            }
        }
    }
    for patch in &changes.operators {
        if let (Some(Key::Operator(o)), Some(v)) = (infra.lookup(&patch.id), patch.posture) {
            infra.operators[o.index()].posture = v;
        }
    }
    warn_added_operators(file, changes, &infra, out);
    infra
}

/// Warnings about the operators a scenario adds: one with no dependency into or out of the
/// graph (nothing it suffers reaches anyone, and nothing reaches it), and one in a region
/// no operator of the graph is in (a typing mistake, or a region the author meant to
/// create).
fn warn_added_operators(
    file: &InfrastructureFile,
    changes: &Changes,
    infra: &Infrastructure,
    out: &mut Vec<(Where, Problem)>,
) {
    let regions: BTreeSet<&str> = file.operators.iter().map(|o| o.region.as_str()).collect();
    for (i, op) in changes.add_operators.iter().enumerate() {
        let path = Path::root()
            .field("changes")
            .field("add_operators")
            .index(i);
        if !matches!(infra.lookup(&op.id), Some(Key::Operator(_))) {
            continue;
        }
        // As written, so that a dependency refused for another reason does not add a
        // warning to its error.
        let linked = file
            .dependencies
            .iter()
            .chain(&changes.add_dependencies)
            .any(|d| {
                op.services
                    .iter()
                    .any(|s| s.id == d.provider || s.id == d.dependent)
            });
        if !linked && !op.services.is_empty() {
            out.push((
                Where::Scenario,
                Problem::new(
                    path.field("id"),
                    (
                        format!(
                            "operator \"{}\" is added with no dependency: what it suffers reaches nobody, and nothing reaches it",
                            op.id
                        ),
                        format!(
                            "事業者 \"{}\" は依存関係なしで追加されています。この事業者の被害は誰にも及ばず、他の被害もこの事業者に及びません",
                            op.id
                        ),
                    ),
                )
                .helps(
                    "link its services in `add_dependencies`",
                    "`add_dependencies` でサービスをつなぎます",
                )
                .warning(),
            ));
        }
        if !regions.is_empty() && !regions.contains(op.region.as_str()) {
            let p = Problem::new(
                path.field("region"),
                (
                    format!(
                        "region \"{}\" is new: no operator of the graph is in it, so a regional inject there hits only what the scenario adds",
                        op.region
                    ),
                    format!(
                        "地域 \"{}\" は新しい地域です。グラフのどの事業者もここにないため、この地域へのインジェクトはシナリオで追加したものにしか当たりません",
                        op.region
                    ),
                ),
            )
            .warning();
            let p = match did_you_mean(&op.region, regions.iter().copied()) {
                Some(r) => p.helps(
                    format!("did you mean \"{r}\"?"),
                    format!("もしかして \"{r}\" ですか？"),
                ),
                None => p.helps(
                    format!(
                        "regions: {}",
                        regions.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                    format!(
                        "地域: {}",
                        regions.iter().copied().collect::<Vec<_>>().join("、")
                    ),
                ),
            };
            out.push((Where::Scenario, p));
        }
    }
}

fn kind_name(k: Key) -> &'static str {
    match k {
        Key::Operator(_) => "an operator",
        Key::Service(_) => "a service",
        Key::System(_) => "an IT system",
    }
}

/// An "unknown id" problem with a did-you-mean among ids of the expected kind.
fn unknown_id(infra: &Infrastructure, what: &str, key: &str, path: Path) -> Problem {
    if let Some(k) = infra.lookup(key) {
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u', 'I']) {
            "an"
        } else {
            "a"
        };
        let target = match k {
            Key::Operator(_) => "Operator",
            Key::Service(_) => "Service",
            Key::System(_) => "System",
        };
        let kind_ja = match k {
            Key::Operator(_) => "事業者",
            Key::Service(_) => "サービス",
            Key::System(_) => "IT システム",
        };
        return Problem::new(
            path,
            (
                format!("\"{key}\" is {}, not {article} {what}", kind_name(k)),
                format!("\"{key}\" は{kind_ja}で、{}ではありません", what_ja(what)),
            ),
        )
        .helps(
            format!("to target it, write {target}(\"{key}\")"),
            format!("対象にするには {target}(\"{key}\") と書きます"),
        );
    }
    let wanted = |k: Key| match what {
        "operator" => matches!(k, Key::Operator(_)),
        "service" => matches!(k, Key::Service(_)),
        _ => matches!(k, Key::System(_)),
    };
    let candidates: Vec<&str> = infra
        .keys()
        .filter(|(_, k)| wanted(*k))
        .map(|(s, _)| s)
        .collect();
    let p = Problem::new(
        path,
        (
            format!("unknown {what} \"{key}\""),
            format!("不明な{} \"{key}\"", what_ja(what)),
        ),
    );
    match did_you_mean(key, candidates.iter().copied()) {
        Some(s) => p.helps(
            format!("did you mean \"{s}\"?"),
            format!("もしかして \"{s}\" ですか？"),
        ),
        None => p.helps(
            format!("`rensa list` shows the {what} ids"),
            format!("{} ID は `rensa list` で確認できます", what_ja(what)),
        ),
    }
}

fn service_ref(
    infra: &Infrastructure,
    key: &str,
    path: impl AtPath,
    out: &mut Vec<Problem>,
) -> Option<ServiceId> {
    match infra.lookup(key) {
        Some(Key::Service(s)) => Some(s),
        Some(Key::Operator(o)) => {
            let first = infra
                .operator(o)
                .services
                .first()
                .map(|s| infra.service(*s).key.as_str())
                .unwrap_or("…");
            out.push(
                Problem::new(
                    path.at(),
                    (
                        format!("\"{key}\" is an operator, not a service"),
                        format!("\"{key}\" は事業者で、サービスではありません"),
                    ),
                )
                .helps(
                    format!("dependencies join services, e.g. \"{first}\""),
                    format!("依存関係はサービス同士をつなぎます（例: \"{first}\"）"),
                ),
            );
            None
        }
        _ => {
            out.push(unknown_id(infra, "service", key, path.at()));
            None
        }
    }
}

fn check_scenario(
    file: &ScenarioFile,
    infra: Infrastructure,
    out: &mut Vec<(Where, Problem)>,
) -> model::Scenario {
    let mut p = Vec::new();
    let root = Path::root();
    let duration = match file.duration.resolve() {
        Ok(Minutes(0)) => {
            p.push(
                Problem::new(
                    root.field("duration"),
                    (
                        "duration must be longer than 0",
                        "duration は 0 より長くします",
                    ),
                )
                .helps("e.g. duration: \"72h\"", "例: duration: \"72h\""),
            );
            Minutes(0)
        }
        Ok(d) => d,
        Err(e) => {
            p.push(Problem::new(root.field("duration"), e));
            Minutes(0)
        }
    };
    check_params(&file.parameters, &root.field("parameters"), &mut p);
    check_text("scenario name", &file.name, root.field("name"), &mut p);
    check_text(
        "scenario description",
        &file.description,
        root.field("description"),
        &mut p,
    );
    check_text(
        "scenario name",
        &file.name_ja,
        root.field("name_ja"),
        &mut p,
    );
    check_text(
        "scenario description",
        &file.description_ja,
        root.field("description_ja"),
        &mut p,
    );

    // Inject ids first, so injects can refer to each other in any order.
    let keys: Vec<String> = file
        .injects
        .iter()
        .enumerate()
        .map(|(i, inj)| {
            inj.id
                .clone()
                .unwrap_or_else(|| format!("inject-{}", i + 1))
        })
        .collect();
    let ctx = Ctx::new(&infra, &keys, duration);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut injects = Vec::new();
    for (i, inj) in file.injects.iter().enumerate() {
        let path = root.field("injects").index(i);
        if let Some(id) = &inj.id {
            check_id("inject id", id, path.field("id"), &mut p);
        }
        if !seen.insert(keys[i].as_str()) {
            p.push(
                Problem::new(
                    path.field("id"),
                    (
                        format!("duplicate inject id \"{}\"", keys[i]),
                        format!("インジェクト ID \"{}\" が重複しています", keys[i]),
                    ),
                )
                .helps("ids must be unique", "ID は重複しないようにします"),
            );
        }
        let trigger = ctx.trigger(inj, i, &path, &mut p);
        let kind = ctx.inject_kind(&inj.kind, &path.field("kind"), &mut p);
        let (target, hits, label) =
            inject_target(&infra, inj.target.as_ref(), &kind, &path, &mut p);
        injects.push(Inject {
            key: keys[i].clone(),
            trigger,
            target: target.unwrap_or(Target::Sector(Sector::InfoComm)),
            target_label: label,
            hits,
            kind,
        });
    }
    check_after_cycles(&injects, &root, &mut p);

    let drill = check_drill(file, &infra, &ctx, &mut p);
    check_narratives(file, &injects, &drill, &infra, &root, &mut p);
    out.extend(p.into_iter().map(|x| (Where::Scenario, x)));
    model::Scenario {
        name: file.name.clone(),
        name_ja: file.name_ja.clone(),
        description: file.description.clone(),
        description_ja: file.description_ja.clone(),
        duration,
        seed: file.seed,
        infra: Arc::new(infra),
        injects,
        params: file.parameters.clone(),
        drill,
    }
}

/// A distribution's own problems (`min > max`, …) and any bound over the maximum duration.
fn dist_problems(d: &model::Dist) -> Vec<Text> {
    use model::Dist;
    let mut out: Vec<Text> = d.problems().into_iter().map(|e| e.text()).collect();
    let bounds = match d {
        Dist::Fixed(m) => vec![*m],
        Dist::Uniform { min, max } => vec![*min, *max],
        Dist::Triangular { min, mode, max } => vec![*min, *mode, *max],
        Dist::LogNormal { median, .. } => vec![*median],
        Dist::Exponential { mean } => vec![*mean],
    };
    out.extend(bounds.into_iter().filter_map(too_long).map(|e| e.text()));
    out
}

fn check_params(params: &model::Params, path: &Path, p: &mut Vec<Problem>) {
    for (name, m) in [
        ("support_travel", params.support_travel),
        ("backup_extension", params.backup_extension),
    ] {
        if let Some(e) = too_long(m) {
            p.push(Problem::new(path.field(name), e));
        }
    }
    check_unit(
        params.recovery_slowdown,
        "recovery_slowdown",
        path.field("recovery_slowdown"),
        p,
    );
    check_unit(
        params.backup_cost,
        "backup_cost",
        path.field("backup_cost"),
        p,
    );
    if params.support_teams > 1000 {
        p.push(
            Problem::new(
                path.field("support_teams"),
                (
                    format!("support_teams is {}; at most 1000", params.support_teams),
                    format!(
                        "support_teams は 1000 以下にします（指定値: {}）",
                        params.support_teams
                    ),
                ),
            )
            .helps(
                "NISC's support teams are few; 2 is the default",
                "NISC の支援チームは少数です。既定値は 2 です",
            ),
        );
    }
    for (name, v) in [
        ("alert_boost", params.alert_boost),
        ("signature_boost", params.signature_boost),
        ("patch_speedup", params.patch_speedup),
        ("support_speedup", params.support_speedup),
    ] {
        if !(v.is_finite() && v > 0.0) {
            p.push(
                Problem::new(
                    path.field(name),
                    (
                        format!("{name} must be a positive factor, got {v}"),
                        format!("{name} は正の倍率が必要です（指定値: {v}）"),
                    ),
                )
                .helps(
                    "1 means no effect; 2 doubles the rate",
                    "1 で効果なし、2 で速さが 2 倍になります",
                ),
            );
        }
    }
    for msg in dist_problems(&params.backup_restore) {
        p.push(Problem::new(path.field("backup_restore"), msg));
    }
    for (channel, dist) in &params.message_delays {
        for msg in dist_problems(dist) {
            p.push(Problem::new(
                path.field("message_delays"),
                (
                    format!("{channel:?}: {}", msg.en),
                    format!("{channel:?}: {}", msg.ja),
                ),
            ));
        }
    }
}

/// What inject checks need to look things up.
struct Ctx<'a> {
    infra: &'a Infrastructure,
    keys: &'a [String],
    /// Each key's first index: a lookup per reference, so many injects load in linear
    /// time.
    index: BTreeMap<&'a str, usize>,
    duration: Minutes,
}

impl<'a> Ctx<'a> {
    fn new(infra: &'a Infrastructure, keys: &'a [String], duration: Minutes) -> Ctx<'a> {
        let mut index = BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            index.entry(k.as_str()).or_insert(i);
        }
        Ctx {
            infra,
            keys,
            index,
            duration,
        }
    }

    fn inject_ref(&self, key: &str, path: Path, p: &mut Vec<Problem>) -> Option<usize> {
        let found = self.index.get(key).copied();
        if found.is_none() {
            let problem = Problem::new(
                path,
                (
                    format!("unknown inject \"{key}\""),
                    format!("不明なインジェクト \"{key}\""),
                ),
            );
            p.push(
                match did_you_mean(key, self.keys.iter().map(|s| s.as_str())) {
                    Some(s) => problem.helps(
                        format!("did you mean \"{s}\"?"),
                        format!("もしかして \"{s}\" ですか？"),
                    ),
                    None => problem.helps(
                        format!("inject ids: {}", self.keys.join(", ")),
                        format!("インジェクト ID: {}", self.keys.join("、")),
                    ),
                },
            );
        }
        found
    }

    fn time(&self, raw: &RawDuration, what: &str, path: Path, p: &mut Vec<Problem>) -> Time {
        match raw.resolve() {
            Ok(t) => {
                if self.duration.0 > 0 && t >= self.duration {
                    let d = self.duration;
                    p.push(
                        Problem::new(
                            path,
                            (
                                format!("{what} {t} is past the scenario's duration {d}"),
                                format!(
                                    "{} {t} がシナリオの期間 {d} を過ぎています",
                                    what_ja(what)
                                ),
                            ),
                        )
                        .helps(
                            format!(
                                "the run covers [0m, {d}); move it earlier or lengthen `duration`"
                            ),
                            format!(
                                "実行範囲は [0m, {d}) です。時刻を早めるか `duration` を延ばします"
                            ),
                        ),
                    );
                }
                Time(t.0)
            }
            Err(e) => {
                p.push(Problem::new(path, e));
                Time::ZERO
            }
        }
    }

    fn minutes(&self, raw: &RawDuration, path: Path, p: &mut Vec<Problem>) -> Minutes {
        raw.resolve().unwrap_or_else(|e| {
            p.push(Problem::new(path, e));
            Minutes::ZERO
        })
    }

    fn role(&self, id: &str, path: Path, p: &mut Vec<Problem>) -> Option<Role> {
        super::roles::parse_role(id, self.infra)
            .map_err(|e| p.push(Problem::new(path, e)))
            .ok()
    }

    fn trigger(
        &self,
        inj: &InjectFile,
        i: usize,
        path: &Path,
        p: &mut Vec<Problem>,
    ) -> InjectTrigger {
        let given = [inj.at.is_some(), inj.after.is_some(), inj.when.is_some()]
            .iter()
            .filter(|x| **x)
            .count();
        if inj.manual {
            if given > 0 {
                p.push(
                    Problem::new(
                        path.field("manual"),
                        (
                            "a reserve inject (`manual: true`) fires only when exercise control fires it: it takes no `at`, `after` or `when`",
                            "予備インジェクト（`manual: true`）は演習統制が発生させたときだけ発生するため、`at`、`after`、`when` は書きません",
                        ),
                    )
                    .helps(
                        "remove the trigger, or `manual: true` to let it fire on its own",
                        "トリガーを削除するか、自動で発生させるなら `manual: true` を削除します",
                    ),
                );
            }
            return InjectTrigger::Manual;
        }
        if given != 1 {
            p.push(
                Problem::new(path.clone(), (format!(
                        "an inject needs exactly one of `at`, `after`, `when`; this one has {given}"
                    ), format!(
                    "インジェクトには `at`、`after`、`when` のどれか一つだけが必要です（指定数: {given}）"
                )))
                .helps(
                    "e.g. at: \"2h\", or after: (inject: \"first\", delay: \"1h\")",
                    "例: `at: \"2h\"`、または `after: (inject: \"first\", delay: \"1h\")`",
                ),
            );
        }
        if let Some(at) = &inj.at {
            return InjectTrigger::At(self.time(at, "inject at", path.field("at"), p));
        }
        if let Some(after) = &inj.after {
            let apath = path.field("after");
            let inject = self.inject_ref(&after.inject, apath.field("inject"), p);
            if inject == Some(i) {
                p.push(Problem::new(
                    apath.field("inject"),
                    (
                        "an inject cannot follow itself",
                        "インジェクトは自身の後には続けられません",
                    ),
                ));
            }
            return InjectTrigger::After {
                inject: inject.unwrap_or(0),
                delay: self.minutes(&after.delay, apath.field("delay"), p),
            };
        }
        if let Some(when) = &inj.when {
            let wpath = path.field("when");
            let cpath = wpath.field("condition").index(0);
            let condition = match &when.condition {
                ConditionFile::LevelBelow { service, level } => {
                    let mut q = Vec::new();
                    let s = service_ref(
                        self.infra,
                        service,
                        wpath.field("condition").field("service"),
                        &mut q,
                    );
                    p.extend(q);
                    check_unit(*level, "level", wpath.field("condition").field("level"), p);
                    Condition::LevelBelow {
                        service: s.unwrap_or(ServiceId(0)),
                        level: *level,
                    }
                }
                ConditionFile::Detected(k) => Condition::Detected {
                    inject: self.inject_ref(k, cpath.clone(), p).unwrap_or(0),
                },
                ConditionFile::NotDetected(k) => Condition::NotDetected {
                    inject: self.inject_ref(k, cpath.clone(), p).unwrap_or(0),
                },
                ConditionFile::ActionTaken { role, action } => Condition::ActionTaken {
                    role: self
                        .role(role, wpath.field("condition").field("role"), p)
                        .unwrap_or(Role::Control),
                    action: *action,
                },
                ConditionFile::ActionNotTaken { role, action } => Condition::ActionNotTaken {
                    role: self
                        .role(role, wpath.field("condition").field("role"), p)
                        .unwrap_or(Role::Control),
                    action: *action,
                },
            };
            let by = when
                .by
                .as_ref()
                .map(|b| self.time(b, "deadline", wpath.field("by"), p));
            if condition.is_negative() && by.is_none() {
                p.push(
                    Problem::new(
                        wpath.clone(),
                        (
                            "a \"not\" condition needs a deadline `by`",
                            "否定の条件には期限 `by` が必要です",
                        ),
                    )
                    .helps(
                        "e.g. by: \"6h\": decided at that time",
                        "例: `by: \"6h\"`（その時刻に判定されます）",
                    ),
                );
            }
            return InjectTrigger::When {
                condition,
                delay: self.minutes(&when.delay, wpath.field("delay"), p),
                by,
            };
        }
        InjectTrigger::At(Time::ZERO)
    }

    fn inject_kind(&self, kind: &InjectKindFile, path: &Path, p: &mut Vec<Problem>) -> InjectKind {
        let check_dist = |d: &model::Dist, at: Path, p: &mut Vec<Problem>| {
            for msg in dist_problems(d) {
                p.push(Problem::new(at.clone(), msg));
            }
        };
        match kind {
            InjectKindFile::ItFailure {
                cause,
                severity,
                recovery,
            } => {
                check_unit(*severity, "severity", path.field("severity"), p);
                check_dist(recovery, path.field("recovery"), p);
                InjectKind::ItFailure {
                    cause: *cause,
                    severity: *severity,
                    recovery: recovery.clone(),
                }
            }
            InjectKindFile::Disaster {
                hazard,
                severity,
                recovery,
            } => {
                check_unit(*severity, "severity", path.field("severity"), p);
                check_dist(recovery, path.field("recovery"), p);
                InjectKind::Disaster {
                    hazard: *hazard,
                    severity: *severity,
                    recovery: recovery.clone(),
                }
            }
            InjectKindFile::CyberAttack {
                attack,
                severity,
                recovery,
            } => {
                check_unit(*severity, "severity", path.field("severity"), p);
                check_dist(recovery, path.field("recovery"), p);
                InjectKind::CyberAttack {
                    attack: *attack,
                    severity: *severity,
                    recovery: recovery.clone(),
                }
            }
            InjectKindFile::Narrative {
                to,
                text,
                text_ja,
                message,
            } => {
                if to.is_empty() {
                    p.push(
                        Problem::new(
                            path.field("to"),
                            (
                                "a narrative needs at least one recipient",
                                "ナラティブには宛先が少なくとも一つ必要です",
                            ),
                        )
                        .helps(
                            "e.g. to: [\"operator:kanto-clinics\"]",
                            "例: `to: [\"operator:kanto-clinics\"]`",
                        ),
                    );
                }
                let roles: Vec<Role> = to
                    .iter()
                    .enumerate()
                    .filter_map(|(j, id)| self.role(id, path.field("to").index(j), p))
                    .collect();
                if text.trim().is_empty() {
                    p.push(Problem::new(
                        path.field("text"),
                        (
                            "a narrative needs its text: what the roles are told",
                            "ナラティブには本文（ロールに伝える内容）が必要です",
                        ),
                    ));
                }
                check_text("message text", text, path.field("text"), p);
                check_text("message text", text_ja, path.field("text_ja"), p);
                InjectKind::Narrative {
                    to: roles,
                    kind: message.unwrap_or(crate::model::drill::MessageKind::Note),
                    text: text.clone(),
                    text_ja: text_ja.clone(),
                }
            }
            InjectKindFile::Attack {
                attack,
                systems,
                stages,
                severity,
                recovery,
            } => {
                let mut spec = model::AttackSpec::template(*attack);
                if let Some(k) = systems {
                    spec.systems = Some(*k);
                }
                if let Some(list) = stages {
                    if list.is_empty() {
                        p.push(Problem::new(
                            path.field("stages"),
                            (
                                "an attack needs at least one stage",
                                "攻撃には段階が少なくとも一つ必要です",
                            ),
                        ));
                    }
                    spec.stages = list.clone();
                }
                for (k, st) in spec.stages.iter_mut().enumerate() {
                    let spath = path.field("stages").index(k);
                    if stages.is_some() {
                        check_unit(st.chance, "stage chance", spath.field("chance"), p);
                        check_unit(
                            st.detection,
                            "detection chance per hour",
                            spath.field("detection"),
                            p,
                        );
                        check_dist(&st.duration, spath.field("duration"), p);
                        match &st.effect {
                            model::StageEffect::Spread { chance, delay, .. } => {
                                check_unit(*chance, "spread chance", spath.field("effect"), p);
                                check_dist(delay, spath.field("effect"), p);
                            }
                            model::StageEffect::Impact {
                                severity, recovery, ..
                            } => {
                                check_unit(*severity, "severity", spath.field("effect"), p);
                                check_dist(recovery, spath.field("effect"), p);
                            }
                            model::StageEffect::Foothold => {}
                        }
                    }
                    if let model::StageEffect::Impact {
                        severity: sev,
                        recovery: rec,
                        ..
                    } = &mut st.effect
                    {
                        if let Some(v) = severity {
                            *sev = *v;
                        }
                        if let Some(d) = recovery {
                            *rec = d.clone();
                        }
                    }
                }
                if let Some(v) = severity {
                    check_unit(*v, "severity", path.field("severity"), p);
                }
                if let Some(d) = recovery {
                    check_dist(d, path.field("recovery"), p);
                }
                InjectKind::Attack(spec)
            }
        }
    }
}

/// An inject's target: required and resolved for every kind but a narrative, which has
/// none (it speaks to roles).
fn inject_target(
    infra: &Infrastructure,
    target: Option<&TargetFile>,
    kind: &InjectKind,
    path: &Path,
    p: &mut Vec<Problem>,
) -> (Option<Target>, Vec<(ServiceId, f64)>, String) {
    match (target, kind.is_narrative()) {
        (None, true) => (
            Some(Target::Script),
            Vec::new(),
            Target::Script.label(infra),
        ),
        (Some(_), true) => {
            p.push(
                Problem::new(
                    path.field("target"),
                    (
                        "a narrative inject has no target: it is a message to the roles in `to`",
                        "ナラティブのインジェクトには対象がありません。`to` のロールへのメッセージです",
                    ),
                )
                .helps("remove `target`", "`target` を削除します"),
            );
            (
                Some(Target::Script),
                Vec::new(),
                Target::Script.label(infra),
            )
        }
        (Some(t), false) => resolve_target(infra, t, path.field("target"), p),
        (None, false) => {
            p.push(
                Problem::new(
                    path.clone(),
                    (
                        "this inject needs a `target`: what it hits",
                        "このインジェクトには `target`（影響を与える対象）が必要です",
                    ),
                )
                .helps(
                    "e.g. target: Operator(\"kanto-power\"); only a `Narrative` has none",
                    "例: `target: Operator(\"kanto-power\")`（対象がないのは `Narrative` だけです）",
                ),
            );
            (None, Vec::new(), String::new())
        }
    }
}

/// Narratives against the rest of the drill: each recipient takes part, and nothing waits
/// for a narrative to be detected or reported (it opens no incident).
fn check_narratives(
    file: &ScenarioFile,
    injects: &[Inject],
    drill: &DrillSetup,
    infra: &Infrastructure,
    root: &Path,
    p: &mut Vec<Problem>,
) {
    for (i, inj) in injects.iter().enumerate() {
        // Each recipient as written, so the path names the one in the file.
        if let Some(InjectKindFile::Narrative { to, message, .. }) =
            file.injects.get(i).map(|f| &f.kind)
        {
            let kind = message.unwrap_or(crate::model::drill::MessageKind::Note);
            for (j, id) in to.iter().enumerate() {
                let Ok(r) = super::roles::parse_role(id, infra) else {
                    continue;
                };
                if !drill.players.contains(&r)
                    && !drill.absent.contains(&r)
                    && super::policies::answers_sender(&drill.policies, r, kind)
                {
                    let kpath = root.field("injects").index(i).field("kind");
                    let at = if message.is_some() {
                        kpath.field("message")
                    } else {
                        kpath.field("to").index(j)
                    };
                    let role = r.id(infra);
                    p.push(
                        Problem::new(
                            at,
                            (
                                format!("{role} answers a `{kind:?}` with a message to its sender, and a narrative's sender is exercise control, whom no channel reaches: the answer will not be sent"),
                                format!("{role} は `{kind:?}` に送信者への返信で応じますが、ナラティブの送信者は演習統制で、どのチャネルも届かないため返信は送られません"),
                            ),
                        )
                        .helps(
                            "use `message: Note` for a role nobody plays, or play the role",
                            "誰も演じないロールには `message: Note` を使うか、そのロールを演じます",
                        )
                        .warning(),
                    );
                }
                if drill.absent.contains(&r) {
                    p.push(Problem::new(
                        root.field("injects").index(i).field("kind").field("to").index(j),
                        (
                            format!("{} is absent from this drill: the message would reach nobody there", r.id(infra)),
                            format!("{} はこの演習を欠席しているため、メッセージは届きません", r.id(infra)),
                        ),
                    ));
                }
            }
        }
        let watched = match &inj.trigger {
            InjectTrigger::When {
                condition: Condition::Detected { inject } | Condition::NotDetected { inject },
                ..
            } => Some(*inject),
            _ => None,
        };
        if let Some(w) = watched
            && injects.get(w).is_some_and(|x| x.kind.is_narrative())
        {
            p.push(narrative_has_no_incident(
                root.field("injects")
                    .index(i)
                    .field("when")
                    .field("condition")
                    .index(0),
                &injects[w].key,
            ));
        }
    }
    for (k, o) in drill.objectives.iter().enumerate() {
        if let crate::model::objective::Goal::ReportedWithin {
            inject: Some(w), ..
        } = o.goal
            && injects.get(w).is_some_and(|x| x.kind.is_narrative())
        {
            p.push(narrative_has_no_incident(
                root.field("objectives")
                    .index(k)
                    .field("goal")
                    .field("inject"),
                &injects[w].key,
            ));
        }
    }
}

fn narrative_has_no_incident(path: Path, key: &str) -> Problem {
    Problem::new(
        path,
        (
            format!("\"{key}\" is a narrative: it opens no incident to detect or report"),
            format!("\"{key}\" はナラティブのため、検知や報告の対象になるインシデントを開きません"),
        ),
    )
    .helps(
        "wait for it with `after: (inject: …)` instead",
        "待つ場合は `after: (inject: …)` を使います",
    )
}

/// `after` chains must end in an inject with its own time: each inject in a circle of
/// `after`s is refused, naming the inject it follows. Linear in the injects: each is
/// walked once (a chain of K `after`s walked from each of its members was quadratic).
fn check_after_cycles(injects: &[Inject], root: &Path, p: &mut Vec<Problem>) {
    let n = injects.len();
    // The inject each one follows (a self-reference is refused elsewhere).
    let next = |i: usize| match injects[i].trigger {
        InjectTrigger::After { inject, .. } if inject != i && inject < n => Some(inject),
        _ => None,
    };
    // 0: not seen, 1: on the walk now, 2: done.
    let mut state = vec![0u8; n];
    let mut on_circle = vec![false; n];
    let mut path = Vec::new();
    for s in 0..n {
        if state[s] != 0 {
            continue;
        }
        path.clear();
        let mut i = s;
        loop {
            state[i] = 1;
            path.push(i);
            match next(i) {
                Some(j) if state[j] == 0 => i = j,
                Some(j) if state[j] == 1 => {
                    let from = path.iter().position(|&x| x == j).unwrap_or(path.len());
                    for &x in &path[from..] {
                        on_circle[x] = true;
                    }
                    break;
                }
                _ => break,
            }
        }
        for &x in &path {
            state[x] = 2;
        }
    }
    // Who follows whom on a circle: the inject each member is reached through.
    let mut through = vec![usize::MAX; n];
    for x in (0..n).filter(|&x| on_circle[x]) {
        if let Some(j) = next(x) {
            through[j] = x;
        }
    }
    for start in (0..n).filter(|&x| on_circle[x]) {
        let i = through[start];
        p.push(
            Problem::new(
                root.field("injects").index(start).field("after"),
                (
                    format!(
                        "injects following each other in a circle, through \"{}\"",
                        injects[i].key
                    ),
                    format!(
                        "インジェクトが \"{}\" を経由して循環しています",
                        injects[i].key
                    ),
                ),
            )
            .helps(
                "one of them needs an `at` or a `when`",
                "どれか一つに `at` か `when` が必要です",
            ),
        );
    }
}

fn check_drill(
    file: &ScenarioFile,
    infra: &Infrastructure,
    ctx: &Ctx<'_>,
    p: &mut Vec<Problem>,
) -> DrillSetup {
    let root = Path::root();
    let roles = |list: &[String], field: &str, p: &mut Vec<Problem>| -> Vec<Role> {
        list.iter()
            .enumerate()
            .filter_map(|(i, id)| {
                super::roles::parse_role(id, infra)
                    .map_err(|e| p.push(Problem::new(root.field(field).index(i), e)))
                    .ok()
            })
            .collect()
    };
    let players = roles(&file.players, "players", p);
    let absent = roles(&file.absent, "absent", p);
    for (i, r) in absent.iter().enumerate() {
        if *r == Role::Control {
            p.push(Problem::new(
                root.field("absent").index(i),
                (
                    "exercise control cannot be absent",
                    "演習統制（control）は欠席にできません",
                ),
            ));
        }
        if players.contains(r) {
            p.push(Problem::new(
                root.field("absent").index(i),
                (
                    format!("{} is both a player and absent", r.id(infra)),
                    format!("{} がプレイヤーと欠席の両方に指定されています", r.id(infra)),
                ),
            ));
        }
    }
    let (files, offset): (Vec<PolicyFile>, usize) = match &file.policies {
        PolicySet::Reference => (reference_playbook(), 0),
        PolicySet::Passive => (Vec::new(), 0),
        PolicySet::Custom(list) => (list.clone(), 0),
        PolicySet::ReferenceAnd(list) => {
            let mut all = reference_playbook();
            let n = all.len();
            all.extend(list.iter().cloned());
            (all, n)
        }
    };
    let mut policies = Vec::new();
    for (i, pf) in files.iter().enumerate() {
        let authored = i >= offset && !matches!(file.policies, PolicySet::Reference);
        let ppath = root
            .field("policies")
            .index(0)
            .index(i.saturating_sub(offset));
        let mut roles = Vec::new();
        for (j, sel) in pf.roles.iter().enumerate() {
            match sel.resolve(infra) {
                Ok(rs) => roles.extend(rs),
                Err(e) if authored => {
                    // A role id gets the data layer's message, which says how it is written.
                    let e = match sel {
                        crate::model::drill::policy::RoleSelector::Role(id) => {
                            super::roles::parse_role(id, infra).err().unwrap_or(e)
                        }
                        _ => e,
                    };
                    p.push(Problem::new(ppath.field("roles").index(j), e))
                }
                Err(_) => {}
            }
        }
        if authored {
            for (k, rule) in pf.rules.iter().enumerate() {
                let rpath = ppath.field("rules").index(k);
                for msg in dist_problems(&rule.after) {
                    p.push(Problem::new(rpath.field("after"), msg));
                }
                let class = rule.act.class();
                if let Some(r) = roles.iter().find(|r| class.check(**r).is_err()) {
                    p.push(
                        Problem::new(
                            rpath.field("act"),
                            super::words::not_permitted(class, r.kind()),
                        )
                        .helps(
                            "give this rule to roles that may take the action",
                            "この行動をとれるロールにこのルールを割り当てます",
                        ),
                    );
                }
            }
        }
        policies.push(Policy {
            roles,
            rules: pf.rules.clone(),
        });
    }
    let absent_at: Vec<(usize, Role)> = file
        .absent
        .iter()
        .enumerate()
        .filter_map(|(i, id)| super::roles::parse_role(id, infra).ok().map(|r| (i, r)))
        .collect();
    super::policies::check_recipients(
        &policies,
        |i| i >= offset && !matches!(file.policies, PolicySet::Reference),
        |i| {
            root.field("policies")
                .index(0)
                .index(i.saturating_sub(offset))
        },
        infra,
        &players,
        &absent_at,
        p,
    );
    let objectives = check_objectives(file, infra, ctx, p);
    DrillSetup {
        players,
        absent,
        policies,
        objectives,
    }
}

/// The objectives: unique ids, known roles, levels and expected scores in [0, 1],
/// durations that are durations.
fn check_objectives(
    file: &ScenarioFile,
    infra: &Infrastructure,
    ctx: &Ctx<'_>,
    p: &mut Vec<Problem>,
) -> Vec<crate::model::objective::Objective> {
    use super::schema::GoalFile;
    use crate::model::objective::{Down, Goal, Objective, SharedTo};
    let root = Path::root().field("objectives");
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for (i, o) in file.objectives.iter().enumerate() {
        let path = root.index(i);
        check_id("objective id", &o.id, path.field("id"), p);
        if !seen.insert(o.id.as_str()) {
            p.push(
                Problem::new(
                    path.field("id"),
                    (
                        format!("duplicate objective id \"{}\"", o.id),
                        format!("目標 ID \"{}\" が重複しています", o.id),
                    ),
                )
                .helps("ids must be unique", "ID は重複しないようにします"),
            );
        }
        check_unit(o.expected, "expected score", path.field("expected"), p);
        let roles = o
            .roles
            .iter()
            .enumerate()
            .filter_map(|(j, id)| {
                super::roles::parse_role(id, infra)
                    .map_err(|e| p.push(Problem::new(path.field("roles").index(j), e)))
                    .ok()
            })
            .collect();
        let gpath = path.field("goal");
        let within = |d: &super::schema::RawDuration, p: &mut Vec<Problem>| match d.resolve() {
            Ok(m) => m,
            Err(e) => {
                p.push(Problem::new(gpath.field("within"), e));
                Minutes(0)
            }
        };
        let goal = match &o.goal {
            GoalFile::SectorAbove {
                sector,
                level,
                within: w,
            } => {
                check_unit(*level, "level", gpath.field("level"), p);
                warn_certain_level(*level, &gpath, p);
                let people: u64 = infra
                    .services_in_sector(*sector)
                    .map(|s| infra.service(s).population)
                    .sum();
                if people == 0 {
                    p.push(
                        Problem::new(
                            gpath.field("sector"),
                            (
                                format!("{sector:?} serves nobody in this infrastructure (no service, or no population): its level stays 1 and the objective is met whatever happens"),
                                format!("このインフラでは {sector:?} のサービスがない（または人口が 0）ため、水準は 1 のままで、何が起きても目標は達成されます"),
                            ),
                        )
                        .helps(
                            "name a sector with services here (`rensa list`), or a service with `ServiceAbove`",
                            "サービスのある分野を指定するか（`rensa list`）、`ServiceAbove` でサービスを指定します",
                        )
                        .warning(),
                    );
                }
                Goal::SectorAbove {
                    sector: *sector,
                    level: *level,
                    within: within(w, p),
                }
            }
            GoalFile::ServiceAbove {
                service,
                level,
                within: w,
            } => {
                check_unit(*level, "level", gpath.field("level"), p);
                let service = service_ref(infra, service, gpath.field("service"), p);
                warn_certain_level(*level, &gpath, p);
                Goal::ServiceAbove {
                    service: service.unwrap_or(ServiceId(0)),
                    level: *level,
                    within: within(w, p),
                }
            }
            GoalFile::DownAtMost {
                service,
                system,
                operator,
                within: w,
            } => {
                let given = [service.is_some(), system.is_some(), operator.is_some()]
                    .iter()
                    .filter(|x| **x)
                    .count();
                if given != 1 {
                    p.push(
                        Problem::new(
                            gpath.clone(),
                            (
                                format!("`DownAtMost` needs exactly one of `service`, `system`, `operator`; this one has {given}"),
                                format!("`DownAtMost` には `service`、`system`、`operator` のどれか一つだけが必要です（指定数: {given}）"),
                            ),
                        )
                        .helps(
                            "e.g. DownAtMost(operator: \"kanto-water\", within: \"12h\")",
                            "例: `DownAtMost(operator: \"kanto-water\", within: \"12h\")`",
                        ),
                    );
                }
                let what = if let Some(k) = service {
                    service_ref(infra, k, gpath.field("service"), p).map(Down::Service)
                } else if let Some(k) = system {
                    match infra.lookup(k) {
                        Some(Key::System(y)) => Some(Down::System(y)),
                        _ => {
                            p.push(unknown_id(infra, "IT system", k, gpath.field("system")));
                            None
                        }
                    }
                } else if let Some(k) = operator {
                    match infra.lookup(k) {
                        Some(Key::Operator(o)) => Some(Down::Operator(o)),
                        _ => {
                            p.push(unknown_id(infra, "operator", k, gpath.field("operator")));
                            None
                        }
                    }
                } else {
                    None
                };
                Goal::DownAtMost {
                    what: what.unwrap_or(Down::Service(ServiceId(0))),
                    within: within(w, p),
                }
            }
            GoalFile::ReportedWithin {
                to,
                within: w,
                inject,
                operator,
            } => Goal::ReportedWithin {
                to: *to,
                inject: inject
                    .as_ref()
                    .and_then(|k| ctx.inject_ref(k, gpath.field("inject"), p)),
                operator: operator.as_ref().and_then(|k| match infra.lookup(k) {
                    Some(Key::Operator(o)) => Some(o),
                    _ => {
                        p.push(unknown_id(infra, "operator", k, gpath.field("operator")));
                        None
                    }
                }),
                within: within(w, p),
            },
            GoalFile::SharedWithin { to, within: w } => {
                if *to == SharedTo::Sectors(Vec::new()) {
                    p.push(
                        Problem::new(
                            gpath.field("to"),
                            (
                                "`Sectors([])` names no CEPTOR: the objective is met whatever happens",
                                "`Sectors([])` はどのセプターも指さないため、何が起きても目標は達成されます",
                            ),
                        )
                        .helps(
                            "list the sectors, or write `AllCeptors`",
                            "分野を並べるか、`AllCeptors` と書きます",
                        )
                        .warning(),
                    );
                }
                Goal::SharedWithin {
                    to: to.clone(),
                    within: within(w, p),
                }
            }
            GoalFile::NoForwardOf { label } => Goal::NoForwardOf { label: *label },
            GoalFile::NeverBelowRequired { sector } => Goal::NeverBelowRequired { sector: *sector },
        };
        out.push(Objective {
            key: o.id.clone(),
            text: o.text.clone(),
            text_ja: if o.text_ja.is_empty() {
                o.text.clone()
            } else {
                o.text_ja.clone()
            },
            roles,
            expected: o.expected,
            goal,
        });
    }
    out
}

/// A level of 0 (or less) is never undercut: an objective on it is met whatever happens.
fn warn_certain_level(level: f64, gpath: &Path, p: &mut Vec<Problem>) {
    if level <= 0.0 {
        p.push(
            Problem::new(
                gpath.field("level"),
                (
                    "no level is below 0: the objective is met whatever happens",
                    "0 を下回る水準はないため、何が起きても目標は達成されます",
                ),
            )
            .helps(
                "put the level between the lowest a run reaches and 1",
                "水準は実行で下がる最低値と 1 の間に置きます",
            )
            .warning(),
        );
    }
}

/// Resolves a target: the model target, the services it hits and its label.
fn resolve_target(
    infra: &Infrastructure,
    target: &TargetFile,
    path: Path,
    out: &mut Vec<Problem>,
) -> (Option<Target>, Vec<(ServiceId, f64)>, String) {
    let inner = path.index(0);
    let region = |name: &str, out: &mut Vec<Problem>| {
        let r = infra.region(name);
        if r.is_none() {
            let p = Problem::new(
                inner.clone(),
                (
                    format!("unknown region \"{name}\""),
                    format!("不明な地域 \"{name}\""),
                ),
            );
            out.push(
                match did_you_mean(name, infra.regions.iter().map(|s| s.as_str())) {
                    Some(s) => p.helps(
                        format!("did you mean \"{s}\"?"),
                        format!("もしかして \"{s}\" ですか？"),
                    ),
                    None => p.helps(
                        format!("regions: {}", infra.regions.join(", ")),
                        format!("地域: {}", infra.regions.join("、")),
                    ),
                },
            );
        }
        r
    };
    let resolved = match target {
        TargetFile::Operator(k) => match infra.lookup(k) {
            Some(Key::Operator(o)) => Some(Target::Operator(o)),
            _ => {
                out.push(unknown_id(infra, "operator", k, inner.clone()));
                None
            }
        },
        TargetFile::Service(k) => match infra.lookup(k) {
            Some(Key::Service(s)) => Some(Target::Service(s)),
            _ => {
                out.push(unknown_id(infra, "service", k, inner.clone()));
                None
            }
        },
        TargetFile::System(k) => match infra.lookup(k) {
            Some(Key::System(y)) => Some(Target::System(y)),
            _ => {
                out.push(unknown_id(infra, "IT system", k, inner.clone()));
                None
            }
        },
        TargetFile::Sector(s) => Some(Target::Sector(*s)),
        TargetFile::Region(r) => region(r, out).map(Target::Region),
        TargetFile::RegionSector(r, s) => region(r, out).map(|r| Target::RegionSector(r, *s)),
    };
    let Some(t) = resolved else {
        return (None, Vec::new(), String::new());
    };
    let hits = t.hits(infra);
    let label = t.label(infra);
    if hits.is_empty() {
        out.push(
            Problem::new(
                path,
                (
                    format!("target {label} hits no service"),
                    format!("対象 {label} に当たるサービスがありません"),
                ),
            )
            .helps(
                "check the infrastructure has services there (`rensa list`)",
                "インフラのその範囲にサービスがあるか確認します（`rensa list`）",
            ),
        );
    }
    (Some(t), hits, label)
}

/// Resolves an ad-hoc inject (exercise control's `Inject` action) against a scenario.
pub(crate) fn resolve_inject_kind(
    scenario: &model::Scenario,
    id: Option<String>,
    target: Option<&TargetFile>,
    kind: &InjectKindFile,
    path: &Path,
    p: &mut Vec<Problem>,
) -> Option<Inject> {
    let keys: Vec<String> = scenario.injects.iter().map(|i| i.key.clone()).collect();
    let ctx = Ctx::new(&scenario.infra, &keys, scenario.duration);
    let before = p.len();
    let kind = ctx.inject_kind(kind, &path.field("kind"), p);
    let (t, hits, target_label) = inject_target(&scenario.infra, target, &kind, path, p);
    if p.len() > before {
        return None;
    }
    Some(Inject {
        key: id.unwrap_or_else(|| "ad-hoc".to_string()),
        trigger: InjectTrigger::At(Time::ZERO),
        target: t?,
        target_label,
        hits,
        kind,
    })
}

/// Writes an inject back in file form (for drill logs).
pub(crate) fn inject_to_file(inject: &Inject, infra: &Infrastructure) -> ActionFile {
    let target = match inject.target {
        Target::Operator(o) => TargetFile::Operator(infra.operator(o).key.clone()),
        Target::Service(s) => TargetFile::Service(infra.service(s).key.clone()),
        Target::System(y) => TargetFile::System(infra.system(y).key.clone()),
        Target::Sector(s) => TargetFile::Sector(s),
        Target::Region(r) => TargetFile::Region(infra.regions[r.index()].clone()),
        Target::RegionSector(r, s) => TargetFile::RegionSector(infra.regions[r.index()].clone(), s),
        Target::Script => {
            return inject_kind_file(inject, infra, None);
        }
    };
    inject_kind_file(inject, infra, Some(target))
}

/// An inject in file form, with its target as written (none for a narrative).
fn inject_kind_file(
    inject: &Inject,
    infra: &Infrastructure,
    target: Option<TargetFile>,
) -> ActionFile {
    let kind = match &inject.kind {
        InjectKind::ItFailure {
            cause,
            severity,
            recovery,
        } => InjectKindFile::ItFailure {
            cause: *cause,
            severity: *severity,
            recovery: recovery.clone(),
        },
        InjectKind::Disaster {
            hazard,
            severity,
            recovery,
        } => InjectKindFile::Disaster {
            hazard: *hazard,
            severity: *severity,
            recovery: recovery.clone(),
        },
        InjectKind::CyberAttack {
            attack,
            severity,
            recovery,
        } => InjectKindFile::CyberAttack {
            attack: *attack,
            severity: *severity,
            recovery: recovery.clone(),
        },
        InjectKind::Attack(spec) => InjectKindFile::Attack {
            attack: spec.kind,
            systems: spec.systems,
            stages: Some(spec.stages.clone()),
            severity: None,
            recovery: None,
        },
        InjectKind::Narrative {
            to,
            kind,
            text,
            text_ja,
        } => InjectKindFile::Narrative {
            to: to.iter().map(|r| r.id(infra)).collect(),
            text: text.clone(),
            text_ja: text_ja.clone(),
            message: Some(*kind),
        },
    };
    ActionFile::Inject {
        id: Some(inject.key.clone()),
        target,
        kind,
    }
}
