//! `rensa batch` and `rensa merge` (docs/BATCH.md): Monte Carlo runs of a scenario,
//! sweeps, shards, and the merge of shards.

use super::args::{Common, ScenarioArg, SeedArg};
use super::atomic::{self, Dest};
use super::error::{Error, Result};
use super::ui::{Ui, write_error};
use crate::batch::part::{self, Body, Resumed};
use crate::batch::result::{self, Finished, Format, Meta};
use crate::batch::sweep::{self, Design, Sweep};
use crate::batch::{self, Progress, metrics, shard_runs};
use crate::present::Lang;
use crate::present::cli::{Problem, Warning};
use crate::session::Prepared;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
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

/// `--players`: what the scenario's players do in a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlayersArg {
    /// They follow the scenario's policies (docs/BATCH.md).
    Playbook,
    /// They take no action, as in `rensa run`.
    Idle,
}

impl PlayersArg {
    fn players(self) -> batch::Players {
        match self {
            PlayersArg::Playbook => batch::Players::Playbook,
            PlayersArg::Idle => batch::Players::Idle,
        }
    }
}

/// The arguments of `rensa batch`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa batch --runs 1000                     the default drill; statistics only
  rensa batch rail-signal-worm --runs 1000 -o runs.csv   rows, and runs.summary.csv
  rensa batch --runs 200 --sweep 'edge.P->D.tolerance=30m,1h,2h' -o sweep.csv
  rensa batch --runs 10000 --shard 2/4 -o part2.csv      one shard, for `rensa merge`
  rensa batch --runs 10000 -o runs.csv --resume          go on after a stop
  rensa report runs.csv -o runs.html                     its HTML report

", super::exit_status!()))]
pub struct BatchArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Number of runs (of every point of a sweep).
    #[arg(long)]
    runs: u64,
    /// Run i's seed derives from the master seed and i alone.
    #[command(flatten)]
    seed: SeedArg,
    /// Worker threads (default: one per core). The result is the same at any number.
    #[arg(long)]
    threads: Option<usize>,
    /// The result file, written atomically (and FILE.summary.csv beside a CSV).
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Format of the result file.
    #[arg(long, value_enum, default_value_t = BatchFormat::Csv)]
    format: BatchFormat,
    /// Run only shard I of N (1-based) and write a partial result for `rensa merge`.
    #[arg(long, value_name = "I/N", requires = "out")]
    shard: Option<String>,
    /// Go on from the checkpoint FILE.partial a stopped batch left beside --out (or
    /// start, when there is none).
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
    /// What the scenario's own players do in each run: follow the scenario's policies, as
    /// the playbook twin does (`playbook`), or nothing, as in `rensa run` (`idle`). Every
    /// result's header says which.
    #[arg(long, value_enum, default_value_t = PlayersArg::Playbook)]
    players: PlayersArg,
    #[command(flatten)]
    pub(super) common: Common,
}

/// The arguments of `rensa merge`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa merge part*.csv -o runs.csv           the whole batch's rows and runs.summary.csv
  rensa merge part*.csv -o runs.json --format json -q

", super::exit_status!()))]
pub struct MergeArgs {
    /// The parts (`rensa batch --shard i/N -o PART`), in any order.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// The merged result, written atomically.
    #[arg(short, long, value_name = "FILE")]
    out: PathBuf,
    /// Format of the merged result.
    #[arg(long, value_enum, default_value_t = BatchFormat::Csv)]
    format: BatchFormat,
    #[command(flatten)]
    pub(super) common: Common,
}

/// Reads `--shard I/N`.
fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let bad = || Problem::BadShard {
        value: s.to_string(),
    };
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n) = (
        i.trim().parse::<u64>().map_err(|_| bad())?,
        n.trim().parse::<u64>().map_err(|_| bad())?,
    );
    if i == 0 || i > n {
        return Err(bad().into());
    }
    Ok((i, n))
}

/// Bad input to a batch, in the words of the layer that found it.
fn bad_input(reason: String) -> Error {
    Error::Problem(Problem::BadBatch { reason })
}

/// A batch that could not be done, in the words of the layer that found it.
fn failed(reason: String) -> Error {
    Error::Problem(Problem::Failed { reason })
}

/// The progress bar, drawn on stderr only when it is a terminal and not quiet.
struct Bar(indicatif::ProgressBar);

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
fn out_dest(out: Option<&Path>, format: Format) -> Result<Option<Dest>> {
    let Some(out) = out else { return Ok(None) };
    let dest = atomic::dest(out).map_err(|e| write_error(&e))?;
    if dest.is_stream() && format == Format::Csv {
        return Err(Problem::CsvNeedsAFile {
            file: out.display().to_string(),
        }
        .into());
    }
    Ok(Some(dest))
}

/// A scratch directory for rows that are not checkpointed: beside the result when it is
/// a file, else the system's temporary directory.
fn scratch_dir(dest: Option<&Dest>) -> Result<tempfile::TempDir> {
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
            Error::Problem(Problem::NoScratch {
                dir: base.display().to_string(),
                reason: e.to_string(),
            })
        })
}

/// `rensa batch`.
pub fn batch(args: BatchArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    let loaded = args.scenario.load()?;
    let (scenario, fingerprint) = (Arc::new(loaded.scenario), loaded.fingerprint);
    if args.runs == 0 {
        return Err(Problem::AtLeastOne { flag: "--runs" }.into());
    }
    let format = args.format.format();
    if format == Format::Json && shard.is_some() {
        return Err(Problem::ShardsNeedCsv.into());
    }
    let dest = out_dest(args.out.as_deref(), format)?;
    let stream = dest.as_ref().is_some_and(Dest::is_stream);
    if stream && (args.resume || shard.is_some()) {
        return Err(Problem::CheckpointNeedsAFile.into());
    }
    let seed = args.seed.or_scenario(&scenario);
    let sweeps: Vec<Sweep> = args
        .sweep
        .iter()
        .map(|s| sweep::parse(s, &scenario))
        .collect::<Result<_, _>>()
        .map_err(bad_input)?;
    let design = match (args.design, args.samples) {
        (DesignArg::Factorial, None) => Design::Factorial,
        (DesignArg::Factorial, Some(_)) => {
            return Err(Problem::Needs {
                flag: "--samples",
                needs: "--design lhs",
            }
            .into());
        }
        (DesignArg::Lhs, Some(k)) => Design::Lhs { samples: k },
        (DesignArg::Lhs, None) => {
            return Err(Problem::Needs {
                flag: "--design lhs",
                needs: "--samples K",
            }
            .into());
        }
    };
    let points = sweep::points(&sweeps, design, seed).map_err(bad_input)?;
    let prepared: Vec<Prepared> = points
        .iter()
        .map(|p| {
            sweep::apply(&scenario, &sweeps, p).map(|s| batch::prepare(s, args.players.players()))
        })
        .collect::<Result<_, _>>()
        .map_err(bad_input)?;
    let meta = Meta {
        scenario: scenario.name.clone(),
        scenario_hash: fingerprint.scenario.clone(),
        infrastructure_hash: fingerprint
            .infrastructure
            .clone()
            .unwrap_or_else(|| "inline".into()),
        seed,
        runs: args.runs,
        players: args.players.players(),
        design: match design {
            _ if sweeps.is_empty() => "none".into(),
            Design::Factorial => "factorial".into(),
            Design::Lhs { samples } => format!("lhs {samples}"),
        },
        sweeps: args.sweep.clone(),
        points: points.clone(),
        shard,
        complete: true,
    };
    // Before the checkpoint exists, so a stop once it does is always caught. (The CLI
    // runs one batch per process.)
    let stop = Arc::new(AtomicBool::new(false));
    catch_stops(&stop);
    let header = result::header(&meta.sweeps, &metrics::columns(&scenario));
    let range = match shard {
        Some((i, n)) => shard_runs(args.runs, i - 1, n),
        None => 0..args.runs,
    };
    // The rows go to the checkpoint FILE.partial beside a result file, else to scratch.
    let mut scratch = None;
    let (mut body, done_before) = match (&args.out, stream) {
        (Some(out), false) => {
            let resumed = if args.resume {
                Body::resume(out, &header, &meta).map_err(bad_input)?
            } else {
                Resumed::Nothing
            };
            match resumed {
                Resumed::From(body, done) => (*body, done),
                Resumed::Complete => {
                    ui.warn(&Warning::AlreadyComplete {
                        file: out.display().to_string(),
                    });
                    return Ok(());
                }
                Resumed::Nothing => (Body::checkpoint(out, header, &meta).map_err(bad_input)?, 0),
            }
        }
        _ => {
            let dir = scratch_dir(dest.as_ref())?;
            let body = Body::scratch(dir.path(), header, &meta).map_err(failed)?;
            scratch = Some(dir);
            (body, 0)
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Problem::Threads {
            reason: e.to_string(),
        })?;
    let todo = (range.start + done_before).min(range.end)..range.end;
    let bar = Bar(ui.bar(
        (range.end - range.start) * prepared.len() as u64,
        "{bar:30} {pos}/{len} runs · {per_sec} · {eta} left",
    ));
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
    let kept = |body: &Body| scratch.is_none().then(|| body.path().display().to_string());
    let ran = match ran {
        Ok(n) => n,
        Err(reason) => {
            // Whatever reached the checkpoint stays there (a cut last line is dropped on
            // --resume), even when this last sync fails as the write did.
            let _ = body.sync();
            return Err(Problem::BatchFailed {
                reason,
                kept: kept(&body),
                out: None,
            }
            .into());
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
        let finished = result::summarise(meta, &mut body).map_err(failed)?;
        show(&ui, &finished, None, format, to_stdout)?;
        return Err(Problem::Stopped {
            done: done_before + ran,
            total: range.end - range.start,
            kept: kept(&body),
            out: args.out.as_ref().map(|o| o.display().to_string()),
        }
        .into());
    }
    let finished = result::summarise(meta, &mut body).map_err(failed)?;
    if let Some(out) = &args.out {
        if let Err(reason) = result::write(&finished, &body, out, format, &mut AtomicFiles) {
            return Err(Problem::BatchFailed {
                reason,
                kept: kept(&body),
                out: Some(out.display().to_string()),
            }
            .into());
        }
        if scratch.is_none()
            && let Err(reason) = body.remove()
        {
            ui.warn(&Warning::Batch { reason });
        }
    }
    drop(scratch);
    show(&ui, &finished, args.out.as_deref(), format, to_stdout)
}

/// `rensa merge`.
pub fn merge(args: MergeArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let format = args.format.format();
    let dest = out_dest(Some(&args.out), format)?;
    let dir = scratch_dir(dest.as_ref())?;
    let mut skipped = Vec::new();
    let merged = part::merge(&args.parts, dir.path(), &mut skipped);
    if !skipped.is_empty() {
        ui.warn(&Warning::SkippedSummaries {
            files: skipped.iter().map(|s| s.display().to_string()).collect(),
        });
    }
    let (meta, mut body) = merged.map_err(bad_input)?;
    let finished = result::summarise(meta, &mut body).map_err(failed)?;
    result::write(&finished, &body, &args.out, format, &mut AtomicFiles).map_err(failed)?;
    drop(body);
    drop(dir);
    show(
        &ui,
        &finished,
        Some(&args.out),
        format,
        dest == Some(Dest::Stdout),
    )
}

/// The terminal summary (`present::batch`); on standard error when the result itself
/// went to standard output.
fn show(ui: &Ui, f: &Finished, out: Option<&Path>, format: Format, to_stderr: bool) -> Result<()> {
    let written = out.map(|o| crate::present::batch::Written {
        rows: o.display().to_string(),
        summary: (format == Format::Csv).then(|| result::summary_path(o).display().to_string()),
    });
    let s = crate::present::batch::summary(f, written.as_ref(), ui.lang);
    if to_stderr {
        // The result itself is on standard output: the summary beside it, as a warning.
        ui.warn_text(&s);
        return Ok(());
    }
    ui.print(&s)
}

/// The HTML report of a batch result (docs/BATCH.md), in `lang`.
pub fn report(path: &Path, lang: Lang) -> Result<String> {
    let view = result::view(path).map_err(|reason| Problem::BadReportInput { reason })?;
    Ok(crate::report::batch::html(&view, lang))
}
