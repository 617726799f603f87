//! `rensa analyze`: the interdependency analysis (docs/ANALYSIS.md). Loads the inputs,
//! runs `crate::analyze` with a progress bar, renders text, JSON or CSV, and writes
//! `--out` atomically.

use super::{atomic, cannot_write, print, report_load_error_in, warn};
use crate::analyze::iim::{self, Interdependency, Stepping};
use crate::analyze::{self, Analysis, By, Config, Perturbation, Units, derive, des, text, vary};
use crate::model::{Minutes, Scenario};
use crate::present::Lang;
use crate::scenario::diagnostics::Source;
use crate::scenario::{self, FsResolver};
use clap::{Args, ValueEnum};
use nalgebra::DVector;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Which model answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Model {
    /// The discrete-event simulation, many runs per origin (with the IIM beside it).
    Des,
    /// The Inoperability Input-Output Model alone.
    Iim,
}

/// Sectors or operators as origins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// Each sector.
    Sector,
    /// Each operator.
    Operator,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// Tables and text heat maps.
    Text,
    /// One JSON document (what `rensa report` reads).
    Json,
    /// One row per (origin, affected) cell.
    Csv,
}

/// The arguments of `rensa analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// An infrastructure file (`Infrastructure(…)`) or a scenario (its infrastructure,
    /// parameters and policies are used; its injects are not). Default: the bundled graph
    /// with the default drill's policies.
    input: Option<PathBuf>,
    /// Runs per origin.
    #[arg(long, default_value_t = 1000)]
    runs: u32,
    /// Master seed; each run's seed derives from it, the origin and the run number.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Length of each run (e.g. "72h"). Default: the scenario's duration (72h for an
    /// infrastructure file).
    #[arg(long, value_parser = super::parse_minutes)]
    duration: Option<Minutes>,
    /// Origins: each sector or each operator.
    #[arg(long, value_enum, default_value_t = ByArg::Sector)]
    by: ByArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    format: AnalyzeFormat,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The standard perturbation from a RON file `Perturbation(severity: …, recovery: …,
    /// at: …, cause: …)`; fields left out keep their defaults.
    #[arg(long, value_name = "FILE")]
    perturbation: Option<PathBuf>,
    /// `des` (simulation) or `iim` (the Inoperability Input-Output Model alone).
    #[arg(long, value_enum, default_value_t = Model::Des)]
    model: Model,
    /// IIM: A* from a CSV (header: a blank cell then the names; each row: a name then its
    /// coefficients) or RON `Interdependency(names: […], a: [[…]])` file. Default: derived
    /// from the graph.
    #[arg(long, value_name = "FILE")]
    matrix: Option<PathBuf>,
    /// IIM: resilience coefficients, a CSV of `name,k` rows. Default: from the
    /// perturbation's median repair time.
    #[arg(long, value_name = "FILE")]
    k: Option<PathBuf>,
    /// IIM: the origin of the dynamic trajectory (and the only static one shown).
    #[arg(long, conflicts_with = "c_star")]
    origin: Option<String>,
    /// IIM: the perturbation vector c* from a CSV of `name,value` rows (systems left out
    /// are 0), to perturb several systems at once; solved once, statically and dynamically.
    #[arg(long = "c-star", value_name = "FILE")]
    c_star: Option<PathBuf>,
    /// IIM dynamic: the step Δt in hours.
    #[arg(long, default_value_t = 1.0)]
    dt: f64,
    /// IIM dynamic: number of steps.
    #[arg(long, default_value_t = 72)]
    steps: usize,
    /// IIM dynamic: recovery from the static q with c* removed, instead of the build-up
    /// from q(0) = 0 under a constant c*.
    #[arg(long)]
    recovery: bool,
    /// Sensitivity of each origin's total impact to a dependency
    /// (`PROVIDER->DEPENDENT[:strength|:tolerance]`, or batch's `edge.P->D.tolerance`) or a parameter (severity,
    /// recovery_slowdown, backup_extension, backup_cost); repeatable.
    #[arg(long, value_name = "EDGE-OR-PARAM")]
    vary: Vec<String>,
    /// Sensitivity of the dependencies the loss crossed most (at most --top of them).
    #[arg(long)]
    tornado: bool,
    /// Sensitivity: scale each knob by 1 − DELTA and 1 + DELTA.
    #[arg(long, default_value_t = 0.2)]
    delta: f64,
    /// How many paths, departures and tornado dependencies to show.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Worker threads (default: one per core). The result does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Language of the text (ids, CSV and JSON stay as they are).
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

fn bad(message: String) -> ExitCode {
    warn(&format!("rensa: {message}"));
    ExitCode::from(2)
}

/// True if the file's first token (after comments) is `Infrastructure`.
fn is_infrastructure(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| {
            l.trim_start_matches('\u{feff}')
                .starts_with("Infrastructure")
        })
}

/// Loads an infrastructure or a scenario; problems are printed (exit 2).
fn load(input: Option<&Path>) -> Result<Scenario, ExitCode> {
    let fail = |e: scenario::LoadError| {
        report_load_error_in(&e, Lang::En);
        ExitCode::from(2)
    };
    let Some(path) = input else {
        return Ok(scenario::load_default());
    };
    let text = scenario::read_input(path).map_err(fail)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if is_infrastructure(&text) {
        let file = path
            .file_name()
            .map(|f| {
                f.to_string_lossy()
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
            })
            .unwrap_or_default();
        let wrapper = format!(
            "Scenario(name: \"{file}\", duration: \"72h\", infrastructure: File(\"{file}\"))"
        );
        scenario::load_str(
            "(analysis of an infrastructure)",
            &wrapper,
            &FsResolver { base },
        )
        .map_err(fail)
    } else {
        scenario::load_str(&path.display().to_string(), &text, &FsResolver { base }).map_err(fail)
    }
}

fn load_perturbation(path: Option<&Path>) -> Result<Perturbation, ExitCode> {
    let Some(path) = path else {
        return Ok(Perturbation::default());
    };
    let fail = |e: scenario::LoadError| {
        report_load_error_in(&e, Lang::En);
        ExitCode::from(2)
    };
    let text = scenario::read_input(path).map_err(fail)?;
    let name = path.display().to_string();
    let p: Perturbation = scenario::load::parse_ron(&Source::new(&name, &text)).map_err(|d| {
        warn(d.render(scenario::Lang::En).trim_end());
        ExitCode::from(2)
    })?;
    if let Some(problem) = p.problem() {
        return Err(bad(format!("{name}: {problem}")));
    }
    Ok(p)
}

/// Reads A* from CSV or RON (by extension: `.ron` is RON).
fn load_matrix(path: &Path) -> Result<Interdependency, ExitCode> {
    let name = path.display().to_string();
    let text = scenario::read_input(path).map_err(|e| {
        report_load_error_in(&e, Lang::En);
        ExitCode::from(2)
    })?;
    let m = if path.extension().is_some_and(|e| e == "ron") {
        scenario::load::parse_ron::<Interdependency>(&Source::new(&name, &text)).map_err(|d| {
            warn(d.render(scenario::Lang::En).trim_end());
            ExitCode::from(2)
        })?
    } else {
        parse_csv_matrix(&name, &text).map_err(bad)?
    };
    m.check().map_err(|e| bad(format!("{name}: {e}")))?;
    Ok(m)
}

/// A* as CSV: a header of a blank cell and the names, then one row per name.
pub fn parse_csv_matrix(name: &str, text: &str) -> Result<Interdependency, String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut names = Vec::new();
    let mut a = Vec::new();
    for (k, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("{name}: {e}"))?;
        let line = rec.position().map_or(k as u64 + 1, |p| p.line());
        if k == 0 {
            names = rec.iter().skip(1).map(str::to_string).collect();
            continue;
        }
        let row_name = rec.get(0).unwrap_or_default();
        let expected = names.get(k - 1).map(String::as_str).unwrap_or("");
        if row_name != expected {
            return Err(format!(
                "{name}:{line}:1: row {k} is named `{row_name}`, expected `{expected}` (rows in the header's order)"
            ));
        }
        let raw = text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("");
        let mut row = Vec::new();
        for (i, field) in rec.iter().enumerate().skip(1) {
            // 1-based character column of the field in its line (unquoted CSV).
            let before: usize = raw.split(',').take(i).map(|f| f.chars().count() + 1).sum();
            let lead = raw
                .split(',')
                .nth(i)
                .map_or(0, |f| f.len() - f.trim_start().len());
            let col = before + lead + 1;
            let v: f64 = field.parse().map_err(|_| {
                format!("{name}:{line}:{col}: expected a number in [0, 1], found `{field}`")
            })?;
            row.push(v);
        }
        a.push(row);
    }
    if names.is_empty() {
        return Err(format!(
            "{name}:1:1: expected a header row: a blank cell, then the names"
        ));
    }
    Ok(Interdependency { names, a })
}

fn load_k(path: &Path, names: &[String]) -> Result<Vec<f64>, ExitCode> {
    let name = path.display().to_string();
    let text = scenario::read_input(path).map_err(|e| {
        report_load_error_in(&e, Lang::En);
        ExitCode::from(2)
    })?;
    let mut k = vec![None; names.len()];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, v) = line
            .split_once(',')
            .ok_or_else(|| bad(format!("{name}:{}:1: expected `name,k`", n + 1)))?;
        let id = id.trim();
        let Some(i) = names.iter().position(|x| x == id) else {
            let hint = crate::suggest::did_you_mean(id, names.iter().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(bad(format!(
                "{name}:{}:1: unknown system `{id}`{hint}",
                n + 1
            )));
        };
        let col = line.find(',').unwrap_or(0) + 2;
        k[i] = Some(v.trim().parse::<f64>().map_err(|_| {
            bad(format!(
                "{name}:{}:{col}: expected a non-negative number, found `{}`",
                n + 1,
                v.trim()
            ))
        })?);
    }
    k.into_iter()
        .zip(names)
        .map(|(x, n)| x.ok_or_else(|| bad(format!("{name}: no coefficient for `{n}`"))))
        .collect()
}

fn write_out(out: Option<&Path>, text: &str) -> ExitCode {
    match out {
        None => print(text),
        Some(p) => match atomic::write(p, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                warn(&format!("rensa: cannot write {}: {e}", p.display()));
                ExitCode::FAILURE
            }
        },
    }
}

/// Runs `rensa analyze`.
pub fn analyze(args: AnalyzeArgs) -> ExitCode {
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => return bad(format!("cannot start worker threads: {e}")),
    };
    pool.install(|| analyze_in_pool(&args))
}

fn analyze_in_pool(args: &AnalyzeArgs) -> ExitCode {
    let base = match load(args.input.as_deref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let perturbation = match load_perturbation(args.perturbation.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let by = match args.by {
        ByArg::Sector => By::Sector,
        ByArg::Operator => By::Operator,
    };
    if args.model == Model::Iim {
        return iim_only(args, &base, by, &perturbation);
    }
    if args.runs == 0 {
        return bad("--runs must be at least 1".into());
    }
    if !(0.0..1.0).contains(&args.delta) {
        return bad(format!("--delta {} must be in [0, 1)", args.delta));
    }
    let mut knobs = Vec::new();
    for v in &args.vary {
        match vary::parse(v, &base) {
            Ok(k) => knobs.extend(k),
            Err(e) => return bad(format!("--vary {v}: {e}")),
        }
    }
    let config = Config {
        runs: args.runs,
        seed: args.seed,
        duration: args.duration.unwrap_or(base.duration),
        perturbation,
    };
    let units = Units::of(&base.infra, by);
    if units.is_empty() {
        return bad("the infrastructure has no services to analyse".into());
    }
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(u64::from(args.runs) * units.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let scenarios = des::origin_scenarios(&base, &units, &config);
    let records = des::simulate(&scenarios, &units, &config, &tick);
    let mut analysis: Analysis = analyze::of_records(&base, &units, &config, &records);
    let mut jobs: Vec<(vary::Knob, usize)> = knobs
        .iter()
        .flat_map(|k| (0..units.len()).map(move |o| (*k, o)))
        .collect();
    if args.tornado {
        jobs.extend(vary::tornado_jobs(
            &base,
            &units,
            &analysis.matrix,
            args.top,
        ));
    }
    if !jobs.is_empty() {
        bar.inc_length(jobs.len() as u64 * 2 * u64::from(args.runs));
        let mut s = vary::sensitivity(&base, &units, &config, &records, &jobs, args.delta, &tick);
        s.sort_by(|a, b| {
            b.swing()
                .total_cmp(&a.swing())
                .then_with(|| a.knob.cmp(&b.knob))
                .then_with(|| a.origin.cmp(&b.origin))
        });
        analysis.sensitivity = s;
    }
    bar.finish_and_clear();
    let out = match args.format {
        AnalyzeFormat::Text => text::text(&analysis, args.top, args.lang.lang()),
        AnalyzeFormat::Json => match serde_json::to_string_pretty(&analysis) {
            Ok(s) => s + "\n",
            Err(e) => return cannot_write(&std::io::Error::other(e)),
        },
        AnalyzeFormat::Csv => text::csv(&analysis),
    };
    write_out(args.out.as_deref(), &out)
}

fn iim_only(args: &AnalyzeArgs, base: &Scenario, by: By, p: &Perturbation) -> ExitCode {
    let a = match &args.matrix {
        Some(path) => match load_matrix(path) {
            Ok(m) => m,
            Err(code) => return code,
        },
        None => derive::interdependency(&base.infra, &Units::of(&base.infra, by)),
    };
    let names = a.names.clone();
    let n = names.len();
    let k = match &args.k {
        Some(path) => match load_k(path, &names) {
            Ok(k) => k,
            Err(code) => return code,
        },
        None => derive::resilience(&a, p.median_hours()),
    };
    if let Some(i) = k.iter().position(|x| x * args.dt > 1.0) {
        // Not an error: the answer is still printed, but the discrete steps overshoot.
        warn(&format!(
            "rensa: warning: Δt·k = {:.2} > 1 for {}: the dynamic steps overshoot; use a smaller --dt",
            k[i] * args.dt,
            names[i]
        ));
    }
    if let Some(path) = &args.c_star {
        return iim_vector(args, &a, &k, path);
    }
    let chosen: Vec<usize> = match &args.origin {
        None => (0..n).collect(),
        Some(o) => match names.iter().position(|x| x == o) {
            Some(i) => vec![i],
            None => {
                let hint = crate::suggest::did_you_mean(o, names.iter().map(String::as_str))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return bad(format!("--origin {o}: no such system{hint}"));
            }
        },
    };
    let m = a.matrix();
    let mut statics = Vec::new();
    // (the single-origin perturbations: c* = severity at the origin, 0 elsewhere)
    for &o in &chosen {
        let mut c = DVector::zeros(n);
        c[o] = p.severity;
        match iim::solve_static(&m, &c) {
            Ok(s) => statics.push((names[o].clone(), s)),
            Err(e) => return bad(format!("IIM: {e}")),
        }
    }
    let Some(&first) = chosen.first() else {
        return bad("the matrix has no systems".into());
    };
    let mut c = DVector::zeros(n);
    c[first] = p.severity;
    let (c_dyn, q0) = if args.recovery {
        (DVector::zeros(n), statics[0].1.q.clone())
    } else {
        (c, vec![0.0; n])
    };
    let trajectory = match iim::solve_dynamic(
        &m,
        &c_dyn,
        &k,
        &q0,
        Stepping {
            dt: args.dt,
            steps: args.steps,
        },
    ) {
        Ok(t) => t,
        Err(e) => return bad(format!("IIM: {e}")),
    };
    let out = render_iim(args, &a, &k, None, &statics, &names[first], &trajectory);
    write_out(args.out.as_deref(), &out)
}

/// The IIM under a perturbation vector read from `path` (`--c-star`).
fn iim_vector(args: &AnalyzeArgs, a: &Interdependency, k: &[f64], path: &Path) -> ExitCode {
    let file = path.display().to_string();
    let text = match scenario::read_input(path) {
        Ok(t) => t,
        Err(e) => {
            report_load_error_in(&e, Lang::En);
            return ExitCode::from(2);
        }
    };
    let c = match iim::parse_perturbation_vector(&file, &text, &a.names) {
        Ok(c) => c,
        Err(e) => return bad(e),
    };
    let m = a.matrix();
    let c_vec = DVector::from_column_slice(&c);
    let label = "c*".to_string();
    let solution = match iim::solve_static(&m, &c_vec) {
        Ok(s) => s,
        Err(e) => return bad(format!("IIM: {e}")),
    };
    let n = a.names.len();
    let (c_dyn, q0) = if args.recovery {
        (DVector::zeros(n), solution.q.clone())
    } else {
        (c_vec, vec![0.0; n])
    };
    let trajectory = match iim::solve_dynamic(
        &m,
        &c_dyn,
        k,
        &q0,
        Stepping {
            dt: args.dt,
            steps: args.steps,
        },
    ) {
        Ok(t) => t,
        Err(e) => return bad(format!("IIM: {e}")),
    };
    let statics = vec![(label.clone(), solution)];
    let out = render_iim(args, a, k, Some(&c), &statics, &label, &trajectory);
    write_out(args.out.as_deref(), &out)
}

/// The IIM's answer in the format asked for: the static solutions (one per origin, or the
/// one of a perturbation vector `c_star`) and the dynamic trajectory from `origin`.
fn render_iim(
    args: &AnalyzeArgs,
    a: &Interdependency,
    k: &[f64],
    c_star: Option<&[f64]>,
    statics: &[(String, iim::StaticSolution)],
    origin: &str,
    trajectory: &iim::Trajectory,
) -> String {
    match args.format {
        AnalyzeFormat::Text => text::iim_text(
            &a.names,
            statics,
            Some((origin, trajectory)),
            args.lang.lang(),
        ),
        AnalyzeFormat::Json => {
            let mut doc = serde_json::json!({
                "kind": "rensa-iim",
                "names": a.names,
                "a": a.a,
                "k": k,
                "static": statics.iter().map(|(o, s)| serde_json::json!({
                    "origin": o, "q": s.q, "capped": s.capped, "iterations": s.iterations,
                })).collect::<Vec<_>>(),
                "dynamic": {"origin": origin, "recovery": args.recovery, "dt": trajectory.dt, "q": trajectory.q},
            });
            if let Some(c) = c_star {
                doc["c_star"] = serde_json::json!(c);
            }
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        AnalyzeFormat::Csv => {
            let mut s = String::from("origin,system,q,capped\n");
            for (o, sol) in statics {
                for (i, nm) in a.names.iter().enumerate() {
                    s += &format!("{o},{nm},{:.6},{}\n", sol.q[i], sol.capped[i]);
                }
            }
            s
        }
    }
}
