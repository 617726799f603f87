//! The command line's own words, in English and Japanese: its problems (bad input and
//! failures, each a variant the CLI names and this module says), its warnings, and the
//! short texts of `validate`, `list`, `scenarios` and `new`. Every line the CLI writes on
//! its own starts with `rensa: ` (a warning with `rensa: warning: ` / `rensa: 警告: `).

use super::Words;
use crate::engine::Outcome;
use crate::lang::Lang;
use crate::model::{Minutes, Scenario, Sector};
use crate::session::Refused;
use std::fmt::Write;

/// What stopped a subcommand, as the CLI names it; [`Problem::line`] says it.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A duration flag given a bare number (`--until 12`).
    NoUnit {
        /// The flag.
        flag: &'static str,
        /// The value given.
        value: String,
    },
    /// A flag's value that could not be read, with the reason of the layer that read it.
    BadValue {
        /// The flag.
        flag: &'static str,
        /// The value given.
        value: String,
        /// Why (from the layer that read it).
        reason: String,
    },
    /// A count that must be at least one.
    AtLeastOne {
        /// The flag.
        flag: &'static str,
    },
    /// A number outside its range.
    OutOfRange {
        /// The flag.
        flag: &'static str,
        /// The value given.
        value: String,
        /// The range allowed, as an interval.
        range: &'static str,
    },
    /// A flag that needs another.
    Needs {
        /// The flag given.
        flag: &'static str,
        /// What it needs.
        needs: &'static str,
    },
    /// `--shard` not of the form I/N.
    BadShard {
        /// The value given.
        value: String,
    },
    /// Shards with a JSON result.
    ShardsNeedCsv,
    /// A CSV result asked of a stream (standard output, a FIFO, a device).
    CsvNeedsAFile {
        /// The `--out` given.
        file: String,
    },
    /// `--resume` or `--shard` with a stream for `--out`: the checkpoint needs a file.
    CheckpointNeedsAFile,
    /// A batch's input refused by the batch layer (a sweep, a resumed file, the parts of
    /// a merge).
    BadBatch {
        /// Why.
        reason: String,
    },
    /// A file of the analysis refused, with the reason of the layer that read it.
    InFile {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// A cell of a table file (a CSV matrix, a list of coefficients).
    Table {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        col: usize,
        /// What is wrong there.
        what: TableProblem,
    },
    /// A system with no coefficient in a `--k` file.
    NoCoefficient {
        /// The file.
        file: String,
        /// The system left out.
        system: String,
    },
    /// An id that names no system of the matrix.
    NoSuchSystem {
        /// The flag.
        flag: &'static str,
        /// The id given.
        id: String,
        /// The nearest id.
        suggestion: Option<String>,
    },
    /// An infrastructure with nothing to analyse.
    NoServices,
    /// A matrix without systems.
    EmptyMatrix,
    /// The IIM cannot be solved.
    Iim {
        /// Why.
        reason: String,
    },
    /// No drill of the library has this id (`rensa new --from`).
    UnknownLibraryId {
        /// The id given.
        id: String,
        /// The nearest id.
        suggestion: Option<&'static str>,
    },
    /// No bundled hindcast has this id.
    UnknownHindcast {
        /// The id given.
        id: String,
        /// The nearest id.
        suggestion: Option<&'static str>,
        /// The ids there are.
        known: Vec<&'static str>,
    },
    /// A file `rensa new` will not overwrite.
    Exists {
        /// The file.
        file: String,
    },
    /// A folder without `result.json`.
    NotSavedDrill {
        /// The file missing.
        missing: String,
        /// The folder given.
        dir: String,
    },
    /// A report's input that cannot be read.
    BadReportInput {
        /// Why.
        reason: String,
    },
    /// A JSON file of another kind.
    WrongKind {
        /// The file.
        file: String,
        /// Its kind.
        kind: String,
        /// The kind expected.
        expected: &'static str,
    },
    /// Markdown asked of an analysis or batch result.
    HtmlOnly {
        /// The file.
        file: String,
    },
    /// `--role` names a role that takes no part in the drill.
    RoleNotInDrill {
        /// The role given.
        role: String,
    },
    /// `--role` of a resumed drill names a role that was not played.
    NotAPlayer {
        /// The role given.
        role: String,
        /// The log's players.
        players: Vec<String>,
    },
    /// A file (or standard output, `None`) could not be written: exit 1, or 2 when the
    /// path names what `--out` never writes (a directory, a socket).
    CannotWrite {
        /// The file, or `None` for standard output.
        file: Option<String>,
        /// The operating system's reason.
        reason: String,
        /// Refused before anything was written: bad input.
        refused: bool,
    },
    /// No scratch directory for a batch's rows: exit 1.
    NoScratch {
        /// Where it was to be.
        dir: String,
        /// Why not.
        reason: String,
    },
    /// A batch failed while writing: exit 1.
    BatchFailed {
        /// Why.
        reason: String,
        /// The checkpoint that keeps the runs written, if any.
        kept: Option<String>,
        /// The result it was writing, if it got that far.
        out: Option<String>,
    },
    /// Worker threads could not be started: exit 1.
    Threads {
        /// Why.
        reason: String,
    },
    /// A batch stopped (a signal) before its last run: exit 1.
    Stopped {
        /// Runs done.
        done: u64,
        /// Runs asked for.
        total: u64,
        /// The checkpoint that keeps them, if any.
        kept: Option<String>,
        /// The result `--resume` finishes.
        out: Option<String>,
    },
    /// The terminal failed: exit 1.
    Terminal {
        /// Why.
        reason: String,
    },
    /// Anything else that could not be done: exit 1.
    Failed {
        /// Why.
        reason: String,
    },
}

/// What is wrong at one cell of a table file.
#[derive(Debug, Clone, PartialEq)]
pub enum TableProblem {
    /// Rows of a matrix out of the header's order.
    RowName {
        /// The row's number (1-based, after the header).
        row: usize,
        /// Its name.
        found: String,
        /// The name expected there.
        expected: String,
    },
    /// A coefficient that is not a number.
    NotAFraction {
        /// The text found.
        found: String,
    },
    /// A matrix without its header row.
    NoHeader,
    /// A line of a coefficients file without its comma.
    NameAndK,
    /// An unknown system.
    UnknownSystem {
        /// The id found.
        id: String,
        /// The nearest id.
        suggestion: Option<String>,
    },
    /// A coefficient that is not a non-negative number.
    NotNonNegative {
        /// The text found.
        found: String,
    },
}

/// ` (did you mean `x`?)` in `lang`, or nothing.
fn did_you_mean(suggestion: Option<&str>, lang: Lang) -> String {
    match (suggestion, lang) {
        (None, _) => String::new(),
        (Some(s), Lang::En) => format!(" (did you mean `{s}`?)"),
        (Some(s), Lang::Ja) => format!("（`{s}` のことですか？）"),
    }
}

impl Problem {
    /// True for bad input (exit 2), false for a failure to do what was asked (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            Problem::CannotWrite { refused: false, .. }
                | Problem::NoScratch { .. }
                | Problem::BatchFailed { .. }
                | Problem::Threads { .. }
                | Problem::Stopped { .. }
                | Problem::Terminal { .. }
                | Problem::Failed { .. }
        )
    }

    /// The problem as one line (without its newline), `rensa: ` first.
    pub fn line(&self, lang: Lang) -> String {
        format!("rensa: {}", self.text(lang))
    }

    /// What is wrong, and where possible what to do, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Problem as P;
        let ja = lang == Lang::Ja;
        match self {
            P::NoUnit { flag, value: t } if ja => format!(
                "{flag} {t}: 単位がありません。{t} 時間なら \"{t}h\"、{t} 分なら \"{t}m\"、{t} 日なら \"{t}d\" と書いてください"
            ),
            P::NoUnit { flag, value: t } => format!(
                "{flag} {t}: \"{t}\" has no unit; write \"{t}h\" for {t} hours or \"{t}m\" for {t} minutes (or days, \"{t}d\")"
            ),
            P::BadValue {
                flag,
                value,
                reason,
            } if ja => format!("{flag} {value}: 値が正しくありません: {reason}"),
            P::BadValue {
                flag,
                value,
                reason,
            } => format!("{flag} {value}: {reason}"),
            P::AtLeastOne { flag } if ja => format!("{flag} は 1 以上にしてください"),
            P::AtLeastOne { flag } => format!("{flag} must be at least 1"),
            P::OutOfRange { flag, value, range } if ja => {
                format!("{flag} {value} は範囲 {range} の外です")
            }
            P::OutOfRange { flag, value, range } => format!("{flag} {value} must be in {range}"),
            P::Needs { flag, needs } if ja => format!("{flag} には {needs} が必要です"),
            P::Needs { flag, needs } => format!("{flag} needs {needs}"),
            P::BadShard { value } if ja => format!(
                "--shard {value}: I/N（1 ≤ I ≤ N）の形で書いてください。例: 2/4"
            ),
            P::BadShard { value } => {
                format!("--shard {value}: expected I/N with 1 ≤ I ≤ N, e.g. 2/4")
            }
            P::ShardsNeedCsv if ja => "分割の結果は `rensa merge` が読む CSV（--format csv）です。JSON にまとめるには `rensa merge --format json` を使ってください".into(),
            P::ShardsNeedCsv => "shards are CSV results (--format csv), which `rensa merge` reads; `rensa merge --format json` writes the merged JSON".into(),
            P::CsvNeedsAFile { file } if ja => format!(
                "--out {file}: CSV の結果は 2 つのファイル（行と FILE.summary.csv）なので、通常のファイルか新しい名前が必要です。ストリームには --format json で 1 つの文書を書けます"
            ),
            P::CsvNeedsAFile { file } => format!(
                "--out {file}: a CSV result is two files (the rows and FILE.summary.csv) and needs a regular file or a new name; --format json writes one document to a stream"
            ),
            P::CheckpointNeedsAFile if ja => "--resume と --shard は実行結果を --out の隣のファイルに保存します。--out には通常のファイルか新しい名前を指定してください".into(),
            P::CheckpointNeedsAFile => "--resume and --shard keep their runs in a file beside --out: give --out a regular file or a new name".into(),
            P::BadBatch { reason } if ja => format!("バッチの入力が正しくありません: {reason}"),
            P::BadBatch { reason } => format!("batch: {reason}"),
            P::InFile { file, reason } if ja => format!("{file}: 内容が正しくありません: {reason}"),
            P::InFile { file, reason } => format!("{file}: {reason}"),
            P::Table {
                file,
                line,
                col,
                what,
            } => format!("{file}:{line}:{col}: {}", what.text(lang)),
            P::NoCoefficient { file, system } if ja => {
                format!("{file}: `{system}` の係数がありません")
            }
            P::NoCoefficient { file, system } => format!("{file}: no coefficient for `{system}`"),
            P::NoSuchSystem {
                flag,
                id,
                suggestion,
            } => {
                let hint = did_you_mean(suggestion.as_deref(), lang);
                if ja {
                    format!("{flag} {id}: そのシステムはありません{hint}")
                } else {
                    format!("{flag} {id}: no such system{hint}")
                }
            }
            P::NoServices if ja => "インフラに分析するサービスがありません".into(),
            P::NoServices => "the infrastructure has no services to analyse".into(),
            P::EmptyMatrix if ja => "行列にシステムがありません".into(),
            P::EmptyMatrix => "the matrix has no systems".into(),
            P::Iim { reason } if ja => format!("IIM が解けません: {reason}"),
            P::Iim { reason } => format!("IIM: {reason}"),
            P::UnknownLibraryId { id, suggestion } => {
                let hint = did_you_mean(*suggestion, lang);
                if ja {
                    format!(
                        "ライブラリに `{id}` という演習はありません{hint}。一覧は `rensa scenarios` で表示します"
                    )
                } else {
                    format!(
                        "no drill `{id}` in the library{hint}; `rensa scenarios` lists them"
                    )
                }
            }
            P::UnknownHindcast {
                id,
                suggestion,
                known,
            } => match (suggestion, ja) {
                (Some(h), false) => format!("no hindcast \"{id}\"; did you mean \"{h}\"?"),
                (None, false) => format!("no hindcast \"{id}\"; there are: {}", known.join(", ")),
                (Some(h), true) => {
                    format!("ハインドキャスト \"{id}\" はありません。\"{h}\" のことですか？")
                }
                (None, true) => format!(
                    "ハインドキャスト \"{id}\" はありません。あるもの: {}",
                    known.join(", ")
                ),
            },
            P::Exists { file } if ja => format!(
                "{file} は既にあります。rensa new はファイルを上書きしません。別の名前を選ぶか、削除してください"
            ),
            P::Exists { file } => format!(
                "{file} exists already; rensa new never overwrites a file: choose another NAME or remove it"
            ),
            P::NotSavedDrill { missing, dir } if ja => format!(
                "{missing} がありません: {dir} は `rensa run --aar` か `rensa replay --aar` が保存したフォルダですか？"
            ),
            P::NotSavedDrill { missing, dir } => format!(
                "{missing} is missing: is {dir} a folder saved by `rensa run --aar` or `rensa replay --aar`?"
            ),
            P::BadReportInput { reason } if ja => {
                format!("報告書の入力が読めません: {reason}")
            }
            P::BadReportInput { reason } => reason.clone(),
            P::WrongKind {
                file,
                kind,
                expected,
            } if ja => format!(
                "{file}: 種類が `{kind}` です。`{expected}`（`rensa analyze --format json` が書くファイル）が必要です"
            ),
            P::WrongKind {
                file,
                kind,
                expected,
            } => format!(
                "{file}: kind is `{kind}`, expected `{expected}` (a file written by `rensa analyze --format json`)"
            ),
            P::HtmlOnly { file } if ja => format!(
                "{file}: 分析とバッチの結果の報告書は HTML だけです（--format html）"
            ),
            P::HtmlOnly { file } => format!(
                "{file}: the report of an analysis or a batch result is HTML only (--format html)"
            ),
            P::RoleNotInDrill { role } if ja => {
                format!("--role {role}: この演習に参加しない役割です")
            }
            P::RoleNotInDrill { role } => {
                format!("--role {role}: the role takes no part in this drill")
            }
            P::NotAPlayer { role, players } if ja => format!(
                "--role {role}: この演習ログのプレイヤーではありません。プレイヤーは {}",
                players.join("、")
            ),
            P::NotAPlayer { role, players } => format!(
                "--role {role}: not a player of this drill log; its players are {}",
                players.join(", ")
            ),
            P::CannotWrite { file, reason, .. } => match (file, ja) {
                (Some(f), true) => format!("{f} に書き込めません: {reason}"),
                (Some(f), false) => format!("cannot write {f}: {reason}"),
                (None, true) => format!("出力を書き込めません: {reason}"),
                (None, false) => format!("cannot write output: {reason}"),
            },
            P::Threads { reason } if ja => format!("ワーカースレッドを開始できません: {reason}"),
            P::Threads { reason } => format!("cannot start worker threads: {reason}"),
            P::NoScratch { dir, reason } if ja => {
                format!("{dir} に一時ディレクトリを作れません: {reason}")
            }
            P::NoScratch { dir, reason } => {
                format!("cannot make a temporary directory in {dir}: {reason}")
            }
            P::BatchFailed { reason, kept, out } => match (kept, out, ja) {
                (Some(k), None, true) => format!(
                    "{reason}。書けた実行は {k} に残っています。同じコマンドに --resume を付けると続きを実行します"
                ),
                (Some(k), None, false) => format!(
                    "{reason}; the runs written so far are kept in {k}: the same command with --resume goes on from them"
                ),
                (Some(k), Some(o), true) => format!(
                    "{reason}。実行は {k} に残っています。同じコマンドに --resume を付けると、そこから {o} を書きます"
                ),
                (Some(k), Some(o), false) => format!(
                    "{reason}; the runs are kept in {k}: the same command with --resume writes {o} from them"
                ),
                (None, _, _) => reason.clone(),
            },
            P::Stopped {
                done,
                total,
                kept,
                out,
            } => match (kept, out, ja) {
                (Some(k), Some(o), true) => format!(
                    "{total} 回のうち {done} 回で停止しました。実行は {k} に残っています。同じコマンドに --resume を付けると {o} を仕上げます"
                ),
                (Some(k), Some(o), false) => format!(
                    "stopped after {done} of {total} runs; they are kept in {k}: the same command with --resume finishes {o}"
                ),
                (_, _, true) => format!(
                    "{total} 回のうち {done} 回で停止しました（保存されていません。残すには --out にファイルを指定し、--resume で続けます）"
                ),
                (_, _, false) => format!(
                    "stopped after {done} of {total} runs (not kept: give --out a file to keep them and --resume)"
                ),
            },
            P::Terminal { reason } if ja => format!("端末: {reason}"),
            P::Terminal { reason } => format!("terminal: {reason}"),
            P::Failed { reason } if ja => format!("実行できませんでした: {reason}"),
            P::Failed { reason } => reason.clone(),
        }
    }
}

impl TableProblem {
    /// What is wrong at the cell, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use TableProblem as T;
        let ja = lang == Lang::Ja;
        match self {
            T::RowName {
                row,
                found,
                expected,
            } if ja => format!(
                "{row} 行目の名前が `{found}` です。`{expected}` が必要です（行は見出しの順）"
            ),
            T::RowName {
                row,
                found,
                expected,
            } => format!(
                "row {row} is named `{found}`, expected `{expected}` (rows in the header's order)"
            ),
            T::NotAFraction { found } if ja => {
                format!("[0, 1] の数が必要ですが `{found}` がありました")
            }
            T::NotAFraction { found } => format!("expected a number in [0, 1], found `{found}`"),
            T::NoHeader if ja => "見出し行（空のセル、続いて名前）が必要です".into(),
            T::NoHeader => "expected a header row: a blank cell, then the names".into(),
            T::NameAndK if ja => "`名前,k` の形が必要です".into(),
            T::NameAndK => "expected `name,k`".into(),
            T::UnknownSystem { id, suggestion } => {
                let hint = did_you_mean(suggestion.as_deref(), lang);
                if ja {
                    format!("`{id}` というシステムはありません{hint}")
                } else {
                    format!("unknown system `{id}`{hint}")
                }
            }
            T::NotNonNegative { found } if ja => {
                format!("0 以上の数が必要ですが `{found}` がありました")
            }
            T::NotNonNegative { found } => {
                format!("expected a non-negative number, found `{found}`")
            }
        }
    }
}

/// Something worth saying that does not stop the command.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// `--until` past the end of the drill: the run goes to the end.
    UntilPastEnd {
        /// The time asked for.
        until: Minutes,
        /// The drill's length.
        end: Minutes,
    },
    /// A dynamic IIM step that overshoots.
    IimOvershoot {
        /// Δt·k.
        product: f64,
        /// The system.
        system: String,
    },
    /// `batch --resume` of a result that is complete already.
    AlreadyComplete {
        /// The result.
        file: String,
    },
    /// Files given to `merge` that are summaries, not parts (what `part-*.csv` also
    /// matches), named in one line.
    SkippedSummaries {
        /// The files.
        files: Vec<String>,
    },
    /// Something the batch layer says (in its words).
    Batch {
        /// What.
        reason: String,
    },
}

impl Warning {
    /// The warning as one line, `rensa: warning: ` first.
    pub fn line(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        let text = match self {
            Warning::UntilPastEnd { until, end } if ja => {
                format!("--until {until} は演習の終わり（{end}）より後です。終わりまで実行します")
            }
            Warning::UntilPastEnd { until, end } => {
                format!("--until {until} is past the end of the drill ({end}); running to the end")
            }
            Warning::IimOvershoot { product, system } if ja => format!(
                "{system} の Δt·k = {product:.2} > 1: 動的 IIM の各段が行き過ぎます。--dt を小さくしてください"
            ),
            Warning::IimOvershoot { product, system } => format!(
                "Δt·k = {product:.2} > 1 for {system}: the dynamic steps overshoot; use a smaller --dt"
            ),
            Warning::AlreadyComplete { file } if ja => {
                format!("{file} は既に完了しています。続ける実行はありません")
            }
            Warning::AlreadyComplete { file } => {
                format!("{file} is already complete: nothing to resume")
            }
            Warning::SkippedSummaries { files } if ja => format!(
                "{} を飛ばします: バッチ結果の隣の要約で、分割結果ではありません",
                files.join("、")
            ),
            Warning::SkippedSummaries { files } => format!(
                "skipping {}: the summar{} beside batch results, not parts",
                files.join(", "),
                if files.len() == 1 { "y" } else { "ies" }
            ),
            Warning::Batch { reason } => reason.clone(),
        };
        format!("rensa: {}: {text}", lang.pick("warning", "警告"))
    }
}

/// A refused action of a drill log, as a warning line.
pub fn refused_action(
    log: &str,
    scenario: &Scenario,
    outcome: &Outcome,
    r: &Refused,
    lang: Lang,
) -> String {
    let words = Words::new(scenario, outcome, lang);
    let a = &r.action;
    let (n, role, action, why) = (
        r.index + 1,
        words.role(a.role),
        words.action(&a.action),
        words.refusal(&r.reason),
    );
    match lang {
        Lang::En => format!(
            "{log}: warning: action {n} ({role} at {}, {action}) was refused: {why}",
            a.at
        ),
        Lang::Ja => format!(
            "{log}: 警告: 行動 {n}（{role}、{}、{action}）は拒否されました: {why}",
            a.at
        ),
    }
}

/// `rensa validate`'s line for a valid file.
pub fn valid(file: &str, s: &Scenario, warnings: usize, lang: Lang) -> String {
    let (o, sv, d, i) = (
        s.infra.operators.len(),
        s.infra.services.len(),
        s.infra.dependencies.len(),
        s.injects.len(),
    );
    let counts = match lang {
        Lang::En => format!("{o} operators, {sv} services, {d} dependencies, {i} injects"),
        Lang::Ja => format!("事業者 {o}、サービス {sv}、依存関係 {d}、インジェクト {i}"),
    };
    match (lang, warnings) {
        (Lang::En, 0) => format!("{file}: ok ({counts})\n"),
        (Lang::En, n) => format!("{file}: ok with {n} warning(s) ({counts})\n"),
        (Lang::Ja, 0) => format!("{file}: 問題なし（{counts}）\n"),
        (Lang::Ja, n) => format!("{file}: 警告 {n} 件（{counts}）\n"),
    }
}

/// `rensa list`: the ids of a scenario's infrastructure, labelled in `lang`.
pub fn infrastructure_ids(scenario: &Scenario, lang: Lang) -> String {
    let infra = &scenario.infra;
    let (regions, service, population, required, system, share) = match lang {
        Lang::En => (
            "regions",
            "service",
            "population",
            "required",
            "system",
            "share",
        ),
        Lang::Ja => ("地域", "サービス", "人口", "必要水準", "システム", "割合"),
    };
    let sep = lang.pick(", ", "、");
    let mut out = String::new();
    let _ = writeln!(out, "{regions}: {}", infra.regions.join(sep));
    for op in &infra.operators {
        let names = if op.name_ja.is_empty() {
            op.name.clone()
        } else {
            format!("{} / {}", op.name, op.name_ja)
        };
        let _ = writeln!(
            out,
            "\n{}  {names}  [{} · {}]",
            op.key,
            op.sector.id(),
            infra.regions[op.region.index()]
        );
        for s in &op.services {
            let svc = infra.service(*s);
            let _ = writeln!(
                out,
                "  {service} {}  {} ({population} {}, {required} {})",
                svc.key, svc.name, svc.population, svc.required
            );
            for y in &svc.systems {
                let sys = infra.system(*y);
                let _ = writeln!(
                    out,
                    "    {system} {}  {} ({share} {})",
                    sys.key,
                    sys.kind.id(),
                    sys.share
                );
            }
        }
    }
    out
}

/// One drill of the bundled library, as `rensa scenarios` lists it.
#[derive(Debug, Clone)]
pub struct LibraryRow {
    /// Its id.
    pub id: &'static str,
    /// Its length (`None` for an entry that does not parse).
    pub duration: Option<Minutes>,
    /// Its title in the language asked for (or why it does not parse).
    pub title: String,
    /// The sectors it hits, origin first.
    pub sectors: Vec<Sector>,
    /// The roles meant to be played.
    pub roles: Vec<String>,
}

/// A duration as a listing shows it: whole days as days (`35d`), else hours (`36h`).
pub fn listing_duration(m: Minutes) -> String {
    if m.0 > 3 * 1440 && m.0.is_multiple_of(1440) {
        format!("{}d", m.0 / 1440)
    } else {
        m.to_string()
    }
}

/// The text of `rensa scenarios`.
pub fn library_listing(rows: &[LibraryRow], lang: Lang) -> String {
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
    let width = rows.iter().map(|e| e.id.len()).max().unwrap_or(2).max(2);
    let mut out = format!(
        "{}  {}  {h_title}\n",
        super::pad(h_id, width),
        super::pad(h_dur, 6)
    );
    let sep = lang.pick(", ", "、");
    for r in rows {
        let Some(d) = r.duration else {
            let _ = writeln!(out, "{:<width$}  ?       {}", r.id, r.title);
            continue;
        };
        let sectors: Vec<&str> = r
            .sectors
            .iter()
            .map(|x| lang.pick(x.name_en(), x.name_ja()))
            .collect();
        let roles = if r.roles.is_empty() {
            none.to_string()
        } else {
            r.roles.join(", ")
        };
        let _ = write!(
            out,
            "{:<width$}  {:<6}  {}\n{:width$}  {h_sectors}: {}\n{:width$}  {h_roles}: {roles}\n",
            r.id,
            listing_duration(d),
            r.title,
            "",
            sectors.join(sep),
            "",
        );
    }
    out.push_str(match lang {
        Lang::En => "\nrensa run ID runs one; rensa new NAME --from ID copies one to edit (docs/SCENARIOS.md).\n",
        Lang::Ja => "\nrensa run ID で実行、rensa new 名前 --from ID で編集用の写しを作成（docs/SCENARIOS.md）。\n",
    });
    out
}

/// `rensa new`'s line once the copy is written.
pub fn wrote_copy(path: &str, from: &str, lang: Lang) -> String {
    match lang {
        Lang::En => {
            format!("wrote {path} (a copy of `{from}`); check it with: rensa validate {path}\n")
        }
        Lang::Ja => {
            format!("{path} を作成しました（`{from}` の写し）。確認: rensa validate {path}\n")
        }
    }
}

/// A command line that does not parse, as clap found it: the kinds the Japanese
/// rendering says in its own words (English keeps clap's own message, with its tips).
#[derive(Debug, Clone, PartialEq)]
pub enum ArgProblem {
    /// An argument no subcommand has.
    UnknownArgument {
        /// The argument.
        arg: String,
        /// A similar argument.
        suggestion: Option<String>,
    },
    /// A subcommand that does not exist.
    UnknownSubcommand {
        /// The word given.
        name: String,
        /// A similar subcommand.
        suggestion: Option<String>,
    },
    /// A value not among those allowed.
    InvalidValue {
        /// The argument.
        arg: String,
        /// The value given.
        value: String,
        /// The values allowed.
        valid: Vec<String>,
    },
    /// A value that could not be read.
    BadValue {
        /// The argument.
        arg: String,
        /// The value given.
        value: String,
        /// Why (the parser's own words).
        reason: String,
    },
    /// Arguments that cannot go together.
    Conflict {
        /// The argument.
        arg: String,
        /// The one it conflicts with.
        with: String,
    },
    /// Required arguments left out.
    Missing {
        /// The arguments.
        args: Vec<String>,
    },
    /// No subcommand.
    NoSubcommand,
    /// Anything else.
    Other,
}

impl ArgProblem {
    /// The problem, `rensa: ` first, followed by how to get help.
    pub fn text(&self, usage: &str, lang: Lang) -> String {
        use ArgProblem as A;
        let ja = lang == Lang::Ja;
        let hint = |s: &Option<String>| did_you_mean(s.as_deref(), lang);
        let what = match self {
            A::UnknownArgument { arg, suggestion } if ja => {
                format!("`{arg}` という引数はありません{}", hint(suggestion))
            }
            A::UnknownArgument { arg, suggestion } => {
                format!("unexpected argument `{arg}`{}", hint(suggestion))
            }
            A::UnknownSubcommand { name, suggestion } if ja => {
                format!(
                    "`{name}` というサブコマンドはありません{}",
                    hint(suggestion)
                )
            }
            A::UnknownSubcommand { name, suggestion } => {
                format!("unrecognized subcommand `{name}`{}", hint(suggestion))
            }
            A::InvalidValue { arg, value, valid } if ja => format!(
                "{arg} に `{value}` は使えません（使える値: {}）",
                valid.join(", ")
            ),
            A::InvalidValue { arg, value, valid } => format!(
                "invalid value `{value}` for {arg} (possible values: {})",
                valid.join(", ")
            ),
            A::BadValue { arg, value, reason } if ja => {
                format!("{arg} の値 `{value}` が読めません: {reason}")
            }
            A::BadValue { arg, value, reason } => {
                format!("invalid value `{value}` for {arg}: {reason}")
            }
            A::Conflict { arg, with } if ja => format!("{arg} は {with} と一緒に使えません"),
            A::Conflict { arg, with } => format!("{arg} cannot be used with {with}"),
            A::Missing { args } if ja => format!("必要な引数がありません: {}", args.join(" ")),
            A::Missing { args } => {
                format!(
                    "the following required arguments were not provided: {}",
                    args.join(" ")
                )
            }
            A::NoSubcommand if ja => "サブコマンドを指定してください".into(),
            A::NoSubcommand => "a subcommand is required".into(),
            A::Other if ja => "コマンドラインが正しくありません".into(),
            A::Other => "the command line is not valid".into(),
        };
        let more = lang.pick(
            "For more information, try '--help'.",
            "詳しくは '--help' で表示します。",
        );
        format!("rensa: {what}\n\n{usage}\n\n{more}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_drills_count_them() {
        assert_eq!(listing_duration(Minutes(72 * 60)), "72h");
        assert_eq!(listing_duration(Minutes(35 * 1440)), "35d");
        assert_eq!(listing_duration(Minutes(36 * 60)), "36h");
    }

    #[test]
    fn every_problem_has_one_prefix_and_japanese() {
        let problems = [
            Problem::AtLeastOne { flag: "--runs" },
            Problem::NoUnit {
                flag: "--until",
                value: "12".into(),
            },
            Problem::CannotWrite {
                file: None,
                reason: "x".into(),
                refused: false,
            },
        ];
        for p in &problems {
            assert!(p.line(Lang::En).starts_with("rensa: "));
            assert!(p.line(Lang::Ja).starts_with("rensa: "));
            assert_ne!(p.line(Lang::En), p.line(Lang::Ja));
        }
        assert!(!problems[2].is_bad_input());
        assert!(problems[0].is_bad_input());
    }
}
