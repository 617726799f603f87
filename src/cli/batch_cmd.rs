//! `rensa batch` and `rensa merge` (docs/BATCH.md): Monte Carlo runs of a scenario,
//! sweeps, shards, and the merge of shards.

use super::atomic::{self, Dest};
use super::{load_fingerprinted, warn, write_stdout};
use crate::batch::part::{self, Body, Resumed};
use crate::batch::result::{self, Finished, Format, Meta};
use crate::batch::sweep::{self, Design, Sweep};
use crate::batch::{self, Progress, metrics, shard_runs};
use crate::present::Lang;
use crate::session::Prepared;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Runs per chunk: rows of a chunk are held, then written in order.
const CHUNK: u64 = 256;

/// Output format of a batch result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// Rows as CSV with `# key: value` header lines, and FILE.summary.csv.
    Csv,
    /// One JSON document: meta, summaries, rows.
    Json,
}

impl BatchFormat {
    fn format(self) -> Format {
        match self {
            BatchFormat::Csv => Format::Csv,
            BatchFormat::Json => Format::Json,
        }
    }
}

/// How the points of several sweeps are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DesignArg {
    /// Every combination of the sweeps' values.
    Factorial,
    /// A Latin hypercube of --samples points over the sweeps' ranges (PATH=lo..hi).
    Lhs,
}

/// The arguments of `rensa batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Scenario file (RON). Default: the bundled drill.
    scenario: Option<PathBuf>,
    /// Number of runs (of every point of a sweep).
    #[arg(long)]
    runs: u64,
    /// Master seed; run i's seed is derived from it and i alone (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: one per core). The result is the same at any number.
    #[arg(long)]
    threads: Option<usize>,
    /// The result file, written atomically (and FILE.summary.csv beside a CSV).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Format of the result file.
    #[arg(long, value_enum, default_value_t = BatchFormat::Csv)]
    format: BatchFormat,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Run only shard I of N (1-based) and write a partial result for `rensa merge`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard, requires = "out")]
    shard: Option<(u64, u64)>,
    /// Complete the partial result at --out (stopped by Ctrl-C) instead of starting anew.
    #[arg(long, requires = "out")]
    resume: bool,
    /// Vary a scenario parameter: PATH=v1,v2,… (or PATH=lo..hi with --design lhs);
    /// repeat for a factorial design. Paths: docs/BATCH.md.
    #[arg(long, value_name = "PATH=VALUES")]
    sweep: Vec<String>,
    /// How several sweeps' points are chosen.
    #[arg(long, value_enum, default_value_t = DesignArg::Factorial)]
    design: DesignArg,
    /// Points of a Latin hypercube (--design lhs).
    #[arg(long, value_name = "K")]
    samples: Option<u32>,
    /// Language of the terminal summary (metric names stay the result's column names).
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

/// The arguments of `rensa merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The parts (`rensa batch --shard i/N --out PART`), in any order.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// The merged result, written atomically.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Format of the merged result.
    #[arg(long, value_enum, default_value_t = BatchFormat::Csv)]
    format: BatchFormat,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Language of the terminal summary.
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

/// Parses `--shard I/N`.
fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("\"{s}\": expected I/N with 1 ≤ I ≤ N, e.g. 2/4");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n) = (
        i.trim().parse::<u64>().map_err(|_| bad())?,
        n.trim().parse::<u64>().map_err(|_| bad())?,
    );
    if i == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

fn bad_input(msg: &str) -> ExitCode {
    warn(&format!("rensa batch: {msg}"));
    ExitCode::from(2)
}

/// The progress bar, drawn on stderr only when it is a terminal.
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn new(total: u64, quiet: bool) -> Bar {
        if quiet || !std::io::stderr().is_terminal() {
            return Bar(indicatif::ProgressBar::hidden());
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} runs · {per_sec} · {eta} left",
        ) {
            bar.set_style(style);
        }
        Bar(bar)
    }
}

impl Progress for Bar {
    fn advance(&self, done: u64) {
        self.0.inc(done);
    }
}

/// Stops a batch on SIGINT, SIGTERM and SIGHUP alike (Ctrl-C, `timeout`, a scheduler's
/// preemption, a closed terminal): it stops after the chunk running, its runs kept in
/// the checkpoint; a second signal ends it at once (the checkpoint keeps what was
/// written). Past the file-size limit (`ulimit -f`) a write fails and is reported, instead
/// of SIGXFSZ ending the process with nothing said.
fn catch_stops(stop: &Arc<AtomicBool>) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // The order matters: the shutdown is armed only once the flag is set.
            let _ = signal_hook::flag::register_conditional_shutdown(sig, 1, stop.clone());
            let _ = signal_hook::flag::register(sig, stop.clone());
        }
        let _ = signal_hook::flag::register(SIGXFSZ, Arc::new(AtomicBool::new(false)));
    }
    #[cfg(not(unix))]
    {
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, stop.clone());
    }
}

/// The result files of a batch, written by the one atomic writer.
struct AtomicFiles;

impl result::Files for AtomicFiles {
    fn write(
        &mut self,
        path: &Path,
        f: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        atomic::write_with(path, f).map_err(|e| e.to_string())
    }
}

/// What `--out` names, checked before any run: a CSV result is two files and needs a
/// regular file (or a new name); JSON may go to standard output, a FIFO or a device.
fn out_dest(out: Option<&Path>, format: Format) -> Result<Option<Dest>, ExitCode> {
    let Some(out) = out else { return Ok(None) };
    let dest = atomic::dest(out).map_err(|e| write_failed(&e))?;
    if dest.is_stream() && format == Format::Csv {
        return Err(bad_input(&format!(
            "--out {}: a CSV result is two files (the rows and FILE.summary.csv) and needs a regular file or a new name; --format json writes one document to a stream",
            out.display()
        )));
    }
    Ok(Some(dest))
}

/// A scratch directory for rows that are not checkpointed: beside the result when it is
/// a file, else the system's temporary directory.
fn scratch_dir(dest: Option<&Dest>) -> Result<tempfile::TempDir, ExitCode> {
    let base = match dest {
        Some(Dest::Replace(p)) => match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        },
        _ => std::env::temp_dir(),
    };
    tempfile::Builder::new()
        .prefix(".rensa-batch-")
        .tempdir_in(&base)
        .map_err(|e| {
            failed(&format!(
                "cannot make a temporary directory in {}: {e}",
                base.display()
            ))
        })
}

/// `rensa batch`.
pub fn batch(args: BatchArgs) -> ExitCode {
    let (scenario, fingerprint) = match load_fingerprinted(args.scenario.as_ref(), Lang::En) {
        Ok((s, f)) => (Arc::new(s), f),
        Err(code) => return code,
    };
    if args.runs == 0 {
        return bad_input("--runs must be at least 1");
    }
    let format = args.format.format();
    if format == Format::Json && args.shard.is_some() {
        return bad_input(
            "shards are CSV results (--format csv), which `rensa merge` reads; `rensa merge --format json` writes the merged JSON",
        );
    }
    let dest = match out_dest(args.out.as_deref(), format) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let stream = dest.as_ref().is_some_and(Dest::is_stream);
    if stream && (args.resume || args.shard.is_some()) {
        return bad_input(
            "--resume and --shard keep their runs in a file beside --out: give --out a regular file or a new name",
        );
    }
    let seed = args.seed.unwrap_or(scenario.seed);
    let sweeps: Vec<Sweep> = match args
        .sweep
        .iter()
        .map(|s| sweep::parse(s, &scenario))
        .collect::<Result<_, _>>()
    {
        Ok(s) => s,
        Err(e) => return bad_input(&e),
    };
    let design = match (args.design, args.samples) {
        (DesignArg::Factorial, None) => Design::Factorial,
        (DesignArg::Factorial, Some(_)) => return bad_input("--samples needs --design lhs"),
        (DesignArg::Lhs, Some(k)) => Design::Lhs { samples: k },
        (DesignArg::Lhs, None) => return bad_input("--design lhs needs --samples K"),
    };
    let points = match sweep::points(&sweeps, design, seed) {
        Ok(p) => p,
        Err(e) => return bad_input(&e),
    };
    let prepared: Vec<Prepared> = match points
        .iter()
        .map(|p| sweep::apply(&scenario, &sweeps, p).map(|s| Prepared::new(Arc::new(s))))
        .collect::<Result<_, _>>()
    {
        Ok(p) => p,
        Err(e) => return bad_input(&e),
    };
    let meta = Meta {
        scenario: scenario.name.clone(),
        scenario_hash: fingerprint.scenario.clone(),
        infrastructure_hash: fingerprint
            .infrastructure
            .clone()
            .unwrap_or_else(|| "inline".into()),
        seed,
        runs: args.runs,
        design: match design {
            _ if sweeps.is_empty() => "none".into(),
            Design::Factorial => "factorial".into(),
            Design::Lhs { samples } => format!("lhs {samples}"),
        },
        sweeps: args.sweep.clone(),
        points: points.clone(),
        shard: args.shard,
        complete: true,
    };
    // Before the checkpoint exists, so a stop once it does is always caught. (The CLI
    // runs one batch per process.)
    let stop = Arc::new(AtomicBool::new(false));
    catch_stops(&stop);
    let header = result::header(&meta.sweeps, &metrics::columns(&scenario));
    let range = match args.shard {
        Some((i, n)) => shard_runs(args.runs, i - 1, n),
        None => 0..args.runs,
    };
    // The rows go to the checkpoint FILE.partial beside a result file, else to scratch.
    let mut scratch = None;
    let (mut body, done_before) = match (&args.out, stream) {
        (Some(out), false) => {
            let resumed = if args.resume {
                match Body::resume(out, &header, &meta) {
                    Ok(r) => r,
                    Err(e) => return bad_input(&e),
                }
            } else {
                Resumed::Nothing
            };
            match resumed {
                Resumed::From(body, done) => (*body, done),
                Resumed::Complete => {
                    warn(&format!(
                        "rensa batch: {} is already complete: nothing to resume",
                        out.display()
                    ));
                    return ExitCode::SUCCESS;
                }
                Resumed::Nothing => match Body::checkpoint(out, header, &meta) {
                    Ok(b) => (b, 0),
                    Err(e) => return bad_input(&e),
                },
            }
        }
        _ => {
            let dir = match scratch_dir(dest.as_ref()) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let body = match Body::scratch(dir.path(), header, &meta) {
                Ok(b) => b,
                Err(e) => return failed(&e),
            };
            scratch = Some(dir);
            (body, 0)
        }
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => return failed(&format!("cannot start threads: {e}")),
    };
    let todo = (range.start + done_before).min(range.end)..range.end;
    let bar = Bar::new(
        (range.end - range.start) * prepared.len() as u64,
        args.quiet,
    );
    bar.0.inc(done_before * prepared.len() as u64);
    let ran = pool.install(|| {
        batch::run_chunked(
            &prepared,
            seed,
            todo.clone(),
            CHUNK,
            &stop,
            &bar,
            &mut |rows| body.write(rows),
        )
    });
    bar.0.finish_and_clear();
    let ran = match ran {
        Ok(n) => n,
        Err(e) => {
            // Whatever reached the checkpoint stays there (a cut last line is dropped on
            // --resume), even when this last sync fails as the write did.
            let _ = body.sync();
            return failed(&if scratch.is_none() {
                format!(
                    "{e}; the runs written so far are kept in {}: the same command with --resume goes on from them",
                    body.path().display()
                )
            } else {
                e
            });
        }
    };
    let complete = todo.start + ran == todo.end;
    let to_stdout = dest == Some(Dest::Stdout);
    if !complete {
        let meta = Meta {
            complete: false,
            ..meta
        };
        // The summary of the runs so far; the exit status says the batch did not finish.
        match result::summarise(meta, &mut body) {
            Ok(f) => {
                show(&f, None, format, args.lang.lang(), to_stdout);
            }
            Err(e) => {
                failed(&e);
            }
        }
        let done = done_before + ran;
        let total = range.end - range.start;
        match (&args.out, scratch.is_none()) {
            (Some(out), true) => warn(&format!(
                "rensa batch: stopped after {done} of {total} runs; they are kept in {}: the same command with --resume finishes {}",
                body.path().display(),
                out.display()
            )),
            _ => warn(&format!(
                "rensa batch: stopped after {done} of {total} runs (not kept: give --out a file to keep them and --resume)"
            )),
        }
        return ExitCode::FAILURE;
    }
    let finished = match result::summarise(meta, &mut body) {
        Ok(f) => f,
        Err(e) => return failed(&e),
    };
    if let Some(out) = &args.out {
        if let Err(e) = result::write(&finished, &body, out, format, &mut AtomicFiles) {
            let kept = if scratch.is_none() {
                format!(
                    "; the runs are kept in {}: the same command with --resume writes {} from them",
                    body.path().display(),
                    out.display()
                )
            } else {
                String::new()
            };
            return failed(&format!("{e}{kept}"));
        }
        if scratch.is_none()
            && let Err(e) = body.remove()
        {
            warn(&format!("rensa batch: {e}"));
        }
    }
    drop(scratch);
    show(
        &finished,
        args.out.as_deref(),
        format,
        args.lang.lang(),
        to_stdout,
    )
}

fn failed(msg: &str) -> ExitCode {
    warn(&format!("rensa: {msg}"));
    ExitCode::FAILURE
}

/// A result that could not be written: refused (exit 2) or failed (exit 1).
fn write_failed(e: &atomic::WriteError) -> ExitCode {
    warn(&format!("rensa: {e}"));
    if e.is_refused() {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

/// `rensa merge`.
pub fn merge(args: MergeArgs) -> ExitCode {
    let format = args.format.format();
    let dest = match out_dest(Some(&args.out), format) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let dir = match scratch_dir(dest.as_ref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let mut skipped = Vec::new();
    let merged = part::merge(&args.parts, dir.path(), &mut skipped);
    if !args.quiet {
        for s in &skipped {
            warn(&format!(
                "rensa merge: skipping {}: the summary beside a batch result, not a part",
                s.display()
            ));
        }
    }
    let (meta, mut body) = match merged {
        Ok(m) => m,
        Err(e) => {
            warn(&format!("rensa merge: {e}"));
            return ExitCode::from(2);
        }
    };
    let finished = match result::summarise(meta, &mut body) {
        Ok(f) => f,
        Err(e) => return failed(&e),
    };
    if let Err(e) = result::write(&finished, &body, &args.out, format, &mut AtomicFiles) {
        return failed(&e);
    }
    drop(body);
    drop(dir);
    if args.quiet {
        return ExitCode::SUCCESS;
    }
    show(
        &finished,
        Some(&args.out),
        format,
        args.lang.lang(),
        dest == Some(Dest::Stdout),
    )
}

fn fmt(x: f64) -> String {
    if x.abs() >= 1e5 {
        format!("{x:.0}")
    } else if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

/// The terminal summary, in `lang` (metric and event names are the result's columns); on
/// standard error when the result itself went to standard output.
fn show(f: &Finished, out: Option<&Path>, format: Format, lang: Lang, to_stderr: bool) -> ExitCode {
    let ja = lang == Lang::Ja;
    let l = |en: &'static str, ja_text: &'static str| if ja { ja_text } else { en };
    let m = &f.meta;
    let shard = m.shard.map_or(String::new(), |(i, n)| {
        format!(" · {} {i}/{n}", l("shard", "分割"))
    });
    let points = if m.points.len() <= 1 {
        String::new()
    } else if ja {
        format!(" × {} 点（{}）", m.points.len(), m.design)
    } else {
        format!(" × {} points ({})", m.points.len(), m.design)
    };
    let mut s = format!(
        "rensa batch: {} · {} {} · {} {}{shard}{points} · {}\n",
        m.scenario,
        l("seed", "シード"),
        m.seed,
        m.runs,
        l("runs", "回"),
        if m.complete {
            l("complete", "完了")
        } else {
            l("partial", "途中")
        },
    );
    let label = |p: usize| -> String {
        let v: Vec<String> = m
            .sweeps
            .iter()
            .zip(&m.points[p])
            .map(|(sw, x)| format!("{}={x}", sw.split_once('=').map_or(sw.as_str(), |(a, _)| a)))
            .collect();
        v.join(" ")
    };
    let events: Vec<usize> = (0..f.columns.len())
        .filter(|&c| f.columns[c].kind == metrics::Kind::Event)
        .collect();
    // Headings are padded by display width: a Japanese heading is twice as wide as long.
    let (pad, lpad) = (crate::present::pad, crate::present::lpad);
    if m.points.len() == 1 {
        s.push_str(&format!(
            "\n{} {} {} {} {} {} {}  {}\n",
            pad(l("metric", "指標"), 44),
            lpad("n", 7),
            lpad(l("mean", "平均"), 10),
            lpad(l("sd", "標準偏差"), 10),
            lpad("p5", 10),
            lpad("p50", 10),
            lpad("p95", 10),
            l("95% CI of the mean", "平均の 95% 信頼区間")
        ));
        for (c, sum) in f.report.summaries[0].iter().enumerate() {
            if f.columns[c].kind == metrics::Kind::Event {
                continue;
            }
            match sum {
                Some(x) => s.push_str(&format!(
                    "{:<44} {:>7} {:>10} {:>10} {:>10} {:>10} {:>10}  [{}, {}]\n",
                    f.columns[c].name,
                    x.n,
                    fmt(x.mean),
                    fmt(x.sd),
                    fmt(x.p5),
                    fmt(x.p50),
                    fmt(x.p95),
                    fmt(x.ci_low),
                    fmt(x.ci_high)
                )),
                None => s.push_str(&format!("{:<44} {:>7}\n", f.columns[c].name, 0)),
            }
        }
        s.push_str(&format!(
            "\n{} {} {}  {}\n",
            pad(l("event", "事象"), 44),
            lpad(l("runs", "回数"), 15),
            lpad(l("p", "確率"), 7),
            l("95% Wilson interval", "95% Wilson 区間")
        ));
        for (e, pr) in f.report.probabilities[0].iter().enumerate() {
            s.push_str(&format!(
                "{:<44} {:>15} {:>7.3}  [{:.3}, {:.3}]\n",
                f.columns[events[e]].name,
                format!("{}/{}", pr.k, pr.n),
                pr.p,
                pr.low,
                pr.high
            ));
        }
    } else {
        s.push_str(&format!(
            "\n{} {} {} {} {}\n",
            pad(l("point", "点"), 6),
            pad(l("values", "値"), 40),
            lpad(l("impact mean", "影響の平均"), 12),
            lpad(l("95% CI", "95% 信頼区間"), 26),
            lpad(
                l("paired difference vs point 0", "点 0 との対応のある差"),
                30
            )
        ));
        for p in 0..m.points.len() {
            let Some(x) = f.report.summaries[p][0] else {
                continue;
            };
            let diff = if p == 0 {
                String::new()
            } else {
                f.report.paired[p - 1][0].map_or(String::new(), |d| {
                    format!("{} [{}, {}]", fmt(d.mean), fmt(d.ci_low), fmt(d.ci_high))
                })
            };
            s.push_str(&format!(
                "{:<6} {:<40} {:>12} {:>26} {:>30}\n",
                p,
                label(p),
                fmt(x.mean),
                format!("[{}, {}]", fmt(x.ci_low), fmt(x.ci_high)),
                diff
            ));
        }
    }
    if let Some(out) = out {
        if ja {
            s.push_str(&format!("\n行: {}（{} 行）", out.display(), f.rows));
        } else {
            s.push_str(&format!("\nrows: {} ({} rows)", out.display(), f.rows));
        }
        if format == Format::Csv {
            s.push_str(&format!(
                "; {}: {}",
                l("summary", "要約"),
                result::summary_path(out).display()
            ));
        }
        s.push('\n');
    }
    if to_stderr {
        let _ = std::io::stderr().lock().write_all(s.as_bytes());
        return ExitCode::SUCCESS;
    }
    match write_stdout(&s) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::cannot_write(&e),
    }
}

/// `rensa report BATCH-RESULT`: the batch's HTML report (docs/BATCH.md), in `lang`.
pub fn report(path: &Path, out: Option<&Path>, html: bool, lang: Lang) -> ExitCode {
    if !html {
        warn("rensa report: a batch result's report is HTML only (--format html)");
        return ExitCode::from(2);
    }
    let view = match result::view(path) {
        Ok(v) => v,
        Err(e) => {
            warn(&format!("rensa report: {e}"));
            return ExitCode::from(2);
        }
    };
    let text = crate::report::batch::html(&view, lang);
    match out {
        Some(p) => match atomic::write(p, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => write_failed(&e),
        },
        None => match write_stdout(&text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => super::cannot_write(&e),
        },
    }
}
