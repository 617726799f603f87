//! `rensa batch` and `rensa merge` (docs/BATCH.md): Monte Carlo runs of a scenario,
//! sweeps, shards, and the merge of shards.

use super::{load_fingerprinted, warn, write_stdout};
use crate::batch::result::{self, Body, Finished, Format, Meta};
use crate::batch::sweep::{self, Design, Sweep};
use crate::batch::{self, Progress, metrics, shard_runs};
use crate::present::Lang;
use crate::session::Prepared;
use clap::{Args, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C: the batch stops after the chunk running and writes what it finished.
static STOP: AtomicBool = AtomicBool::new(false);

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
    if format == Format::Json && (args.shard.is_some() || args.resume) {
        return bad_input(
            "shards and --resume work on CSV results (--format csv); `rensa merge --format json` writes the merged JSON",
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
    // Without --out the result goes to a temporary directory: only the summary is shown.
    let scratch = match &args.out {
        Some(_) => None,
        None => match tempfile::tempdir() {
            Ok(d) => Some(d),
            Err(e) => return bad_input(&format!("cannot make a temporary directory: {e}")),
        },
    };
    let target: PathBuf = match (&args.out, &scratch) {
        (Some(p), _) => p.clone(),
        (None, Some(d)) => d.path().join("batch.csv"),
        (None, None) => unreachable!("a scratch directory exists without --out"),
    };
    // Before the rows' file exists, so a Ctrl-C once it does is always caught. (A second
    // handler cannot be set in one process; the CLI runs one batch per process.)
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    let columns = metrics::columns(&scenario);
    let mut body = match Body::create(&target, result::header(&meta.sweeps, &columns), &meta) {
        Ok(b) => b,
        Err(e) => return failed(&e),
    };
    let range = match args.shard {
        Some((i, n)) => shard_runs(args.runs, i - 1, n),
        None => 0..args.runs,
    };
    let done_before = if args.resume {
        match result::resume(&target, &meta, &mut body) {
            Ok(n) => n,
            Err(e) => return bad_input(&e),
        }
    } else {
        0
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => return failed(&format!("cannot start threads: {e}")),
    };
    let todo = range.start + done_before..range.end;
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
            &STOP,
            &bar,
            &mut |rows| body.write(rows),
        )
    });
    bar.0.finish_and_clear();
    let ran = match ran {
        Ok(n) => n,
        Err(e) => return failed(&e),
    };
    let complete = todo.start + ran == todo.end;
    let meta = Meta { complete, ..meta };
    let finished = match result::finish(meta, body, &target, format) {
        Ok(f) => f,
        Err(e) => return failed(&e),
    };
    let code = show(&finished, args.out.as_deref(), format, args.lang.lang());
    if !complete {
        warn(&format!(
            "rensa batch: stopped after {} of {} runs; the partial result is in {}; finish it with the same command and --resume",
            done_before + ran,
            range.end - range.start,
            target.display()
        ));
        return ExitCode::FAILURE;
    }
    code
}

fn failed(msg: &str) -> ExitCode {
    warn(&format!("rensa: {msg}"));
    ExitCode::FAILURE
}

/// `rensa merge`.
pub fn merge(args: MergeArgs) -> ExitCode {
    let (meta, body) = match result::merge(&args.parts, &args.out) {
        Ok(m) => m,
        Err(e) => {
            warn(&format!("rensa merge: {e}"));
            return ExitCode::from(2);
        }
    };
    let finished = match result::finish(meta, body, &args.out, args.format.format()) {
        Ok(f) => f,
        Err(e) => return failed(&e),
    };
    if args.quiet {
        return ExitCode::SUCCESS;
    }
    show(
        &finished,
        Some(&args.out),
        args.format.format(),
        args.lang.lang(),
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

/// The terminal summary, in `lang` (metric and event names are the result's columns).
fn show(f: &Finished, out: Option<&Path>, format: Format, lang: Lang) -> ExitCode {
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
    match write_stdout(&s) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::cannot_write(&e),
    }
}
