//! `rensa analyze`: the interdependency analysis (docs/ANALYSIS.md). Loads the inputs,
//! runs `crate::analyze` with a progress bar, renders text, JSON or CSV, and writes
//! `--out` atomically.

use super::args::{Common, ScenarioArg, SeedArg};
use super::error::{Error, Result};
use super::ui::Ui;
use crate::analyze::iim::{self, Interdependency, Stepping};
use crate::analyze::{self, Analysis, By, Config, Perturbation, Units, derive, des, vary};
use crate::model::Scenario;
use crate::present::analysis as text;
use crate::present::cli::{Problem, TableProblem, Warning};
use crate::scenario::diagnostics::Source;
use crate::scenario::{self, FsResolver};
use clap::{Args, ValueEnum};
use nalgebra::DVector;
use std::path::{Path, PathBuf};

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

/// `rensa analyze --help`: what it does and reads.
pub const ABOUT: &str = "Interdependency analysis (docs/ANALYSIS.md): each sector (or operator) in turn is \
the origin of a standard IT failure, simulated many times; the origin × affected matrix, \
criticality and exposure rankings, the strongest propagation paths, and the Inoperability \
Input-Output Model (IIM) beside it. SCENARIO may also be an infrastructure file \
(`Infrastructure(…)`): its graph is analysed with the default parameters and policies.";

/// The arguments of `rensa analyze`.
#[derive(Debug, Args)]
#[command(
    after_help = concat!("Examples:
  rensa analyze                                   the bundled graph, by sector
  rensa analyze rail-signal-worm --runs 200       a library drill's graph and policies
  rensa analyze assets/japan.ron --by operator --format csv -o matrix.csv
  rensa analyze --tornado --top 5                 which dependencies matter most
  rensa analyze --model iim --origin info_comm    the IIM alone, its build-up from info_comm
  rensa analyze --format json -o a.json && rensa report a.json -o a.html

", super::exit_status!())
)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Runs per origin.
    #[arg(long, default_value_t = 1000)]
    runs: u32,
    #[command(flatten)]
    seed: SeedArg,
    /// Length of each run (e.g. "72h"). Default: the scenario's duration (72h for an
    /// infrastructure file).
    #[arg(long, value_name = "TIME")]
    duration: Option<String>,
    /// Origins: each sector or each operator.
    #[arg(long, value_enum, default_value_t = ByArg::Sector)]
    by: ByArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    format: AnalyzeFormat,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
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
    #[arg(long)]
    origin: Option<String>,
    /// IIM dynamic: the step Δt in hours. Default: one hour, halved until no system's
    /// Δt·k exceeds 1 (a longer step overshoots).
    #[arg(long)]
    dt: Option<f64>,
    /// IIM dynamic: number of steps. Default: 72 hours' worth of --dt.
    #[arg(long)]
    steps: Option<usize>,
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
    #[command(flatten)]
    pub(super) common: Common,
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

/// Loads an infrastructure file, or a scenario (a file or a library id, the bundled
/// default without one).
fn load(input: &ScenarioArg) -> Result<Scenario> {
    let Some(path) = input.path().filter(|p| p.is_file()) else {
        return Ok(input.load()?.scenario);
    };
    let text = scenario::read_input(path)?;
    if !is_infrastructure(&text) {
        return Ok(input.load()?.scenario);
    }
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let file = path
        .file_name()
        .map(|f| {
            f.to_string_lossy()
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
        })
        .unwrap_or_default();
    let wrapper =
        format!("Scenario(name: \"{file}\", duration: \"72h\", infrastructure: File(\"{file}\"))");
    Ok(scenario::load_str(
        "(analysis of an infrastructure)",
        &wrapper,
        &FsResolver { base },
    )?)
}

/// A RON file of the analysis's own (a perturbation, a matrix): a problem is bad input.
fn parse_ron<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = scenario::read_input(path)?;
    let name = path.display().to_string();
    scenario::load::parse_ron::<T>(&Source::new(&name, &text))
        .map_err(|d| Error::Load(scenario::LoadError::Invalid(scenario::Diagnostics(vec![d]))))
}

fn load_perturbation(path: Option<&Path>) -> Result<Perturbation> {
    let Some(path) = path else {
        return Ok(Perturbation::default());
    };
    let p: Perturbation = parse_ron(path)?;
    if let Some(reason) = p.problem() {
        return Err(Problem::InFile {
            file: path.display().to_string(),
            reason,
        }
        .into());
    }
    Ok(p)
}

/// Reads A* from CSV or RON (by extension: `.ron` is RON).
fn load_matrix(path: &Path) -> Result<Interdependency> {
    let name = path.display().to_string();
    let m = if path.extension().is_some_and(|e| e == "ron") {
        parse_ron::<Interdependency>(path)?
    } else {
        parse_csv_matrix(&name, &scenario::read_input(path)?)?
    };
    m.check().map_err(|e| Problem::InFile {
        file: name,
        reason: e.to_string(),
    })?;
    Ok(m)
}

/// A problem at `line:col` of a table file.
fn at(file: &str, line: u64, col: usize, what: TableProblem) -> Error {
    Error::Problem(Problem::Table {
        file: file.to_string(),
        line,
        col,
        what,
    })
}

/// A* as CSV: a header of a blank cell and the names, then one row per name.
fn parse_csv_matrix(name: &str, text: &str) -> Result<Interdependency> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut names = Vec::new();
    let mut a = Vec::new();
    for (k, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| Problem::InFile {
            file: name.to_string(),
            reason: e.to_string(),
        })?;
        let line = rec.position().map_or(k as u64 + 1, |p| p.line());
        if k == 0 {
            names = rec.iter().skip(1).map(str::to_string).collect();
            continue;
        }
        let row_name = rec.get(0).unwrap_or_default();
        let expected = names.get(k - 1).map(String::as_str).unwrap_or("");
        if row_name != expected {
            return Err(at(
                name,
                line,
                1,
                TableProblem::RowName {
                    row: k,
                    found: row_name.to_string(),
                    expected: expected.to_string(),
                },
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
                at(
                    name,
                    line,
                    col,
                    TableProblem::NotAFraction {
                        found: field.to_string(),
                    },
                )
            })?;
            row.push(v);
        }
        a.push(row);
    }
    if names.is_empty() {
        return Err(at(name, 1, 1, TableProblem::NoHeader));
    }
    Ok(Interdependency { names, a })
}

/// The resilience coefficients from a CSV of `name,k` rows.
fn load_k(path: &Path, names: &[String]) -> Result<Vec<f64>> {
    let name = path.display().to_string();
    let text = scenario::read_input(path)?;
    let mut k = vec![None; names.len()];
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u64 + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, v) = line
            .split_once(',')
            .ok_or_else(|| at(&name, line_no, 1, TableProblem::NameAndK))?;
        let id = id.trim();
        let Some(i) = names.iter().position(|x| x == id) else {
            return Err(at(
                &name,
                line_no,
                1,
                TableProblem::UnknownSystem {
                    id: id.to_string(),
                    suggestion: crate::suggest::did_you_mean(id, names.iter().map(String::as_str))
                        .map(str::to_string),
                },
            ));
        };
        let col = line.find(',').unwrap_or(0) + 2;
        k[i] = Some(v.trim().parse::<f64>().map_err(|_| {
            at(
                &name,
                line_no,
                col,
                TableProblem::NotNonNegative {
                    found: v.trim().to_string(),
                },
            )
        })?);
    }
    k.into_iter()
        .zip(names)
        .map(|(x, n)| {
            x.ok_or_else(|| {
                Error::Problem(Problem::NoCoefficient {
                    file: name.clone(),
                    system: n.clone(),
                })
            })
        })
        .collect()
}

/// Runs `rensa analyze`.
pub fn analyze(args: AnalyzeArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Problem::Threads {
            reason: e.to_string(),
        })?;
    pool.install(|| analyze_in_pool(&args, &ui))
}

fn analyze_in_pool(args: &AnalyzeArgs, ui: &Ui) -> Result<()> {
    let duration = args
        .duration
        .as_deref()
        .map(|d| super::args::duration("--duration", d, ui.lang))
        .transpose()?;
    let base = load(&args.scenario)?;
    let perturbation = load_perturbation(args.perturbation.as_deref())?;
    let by = match args.by {
        ByArg::Sector => By::Sector,
        ByArg::Operator => By::Operator,
    };
    if args.model == Model::Iim {
        return iim_only(args, ui, &base, by, &perturbation);
    }
    if args.runs == 0 {
        return Err(Problem::AtLeastOne { flag: "--runs" }.into());
    }
    if !(0.0..1.0).contains(&args.delta) {
        return Err(Problem::OutOfRange {
            flag: "--delta",
            value: args.delta.to_string(),
            range: "[0, 1)",
        }
        .into());
    }
    let mut knobs = Vec::new();
    for v in &args.vary {
        let k = vary::parse(v, &base).map_err(|reason| Problem::BadValue {
            flag: "--vary",
            value: v.clone(),
            reason,
        })?;
        knobs.extend(k);
    }
    let config = Config {
        runs: args.runs,
        seed: args.seed.or_scenario(&base),
        duration: duration.unwrap_or(base.duration),
        perturbation,
    };
    let units = Units::of(&base.infra, by);
    if units.is_empty() {
        return Err(Problem::NoServices.into());
    }
    let bar = ui.bar(
        u64::from(args.runs) * units.len() as u64,
        "{bar:40} {pos}/{len} runs, {eta} left",
    );
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
        AnalyzeFormat::Text => text::text(&analysis, args.top, ui.lang),
        AnalyzeFormat::Json => {
            serde_json::to_string_pretty(&analysis).map_err(|e| Problem::Failed {
                reason: e.to_string(),
            })? + "\n"
        }
        AnalyzeFormat::Csv => text::csv(&analysis),
    };
    ui.emit(args.out.as_deref(), &out)
}

/// The default IIM step: an hour, halved until no system's Δt·k exceeds 1 (where the
/// discrete steps would overshoot q = 0), down to a minute.
fn default_dt(k: &[f64]) -> f64 {
    let fastest = k.iter().copied().fold(0.0, f64::max);
    let mut dt = 1.0;
    while fastest * dt > 1.0 && dt > 1.0 / 60.0 {
        dt /= 2.0;
    }
    dt
}

/// Hours the dynamic IIM covers by default.
const IIM_HOURS: f64 = 72.0;

fn iim_only(args: &AnalyzeArgs, ui: &Ui, base: &Scenario, by: By, p: &Perturbation) -> Result<()> {
    let a = match &args.matrix {
        Some(path) => load_matrix(path)?,
        None => derive::interdependency(&base.infra, &Units::of(&base.infra, by)),
    };
    let names = a.names.clone();
    let n = names.len();
    let k = match &args.k {
        Some(path) => load_k(path, &names)?,
        None => derive::resilience(&a, p.median_hours()),
    };
    let dt = match args.dt {
        Some(dt) if dt > 0.0 && dt.is_finite() => dt,
        Some(dt) => {
            return Err(Problem::OutOfRange {
                flag: "--dt",
                value: dt.to_string(),
                range: "(0, ∞)",
            }
            .into());
        }
        None => default_dt(&k),
    };
    let steps = args
        .steps
        .unwrap_or_else(|| (IIM_HOURS / dt).ceil() as usize);
    if let Some(i) = k.iter().position(|x| x * dt > 1.0) {
        // Not an error: the answer is still printed, but the discrete steps overshoot.
        ui.warn(&Warning::IimOvershoot {
            product: k[i] * dt,
            system: names[i].clone(),
        });
    }
    let chosen: Vec<usize> = match &args.origin {
        None => (0..n).collect(),
        Some(o) => match names.iter().position(|x| x == o) {
            Some(i) => vec![i],
            None => {
                return Err(Problem::NoSuchSystem {
                    flag: "--origin",
                    id: o.clone(),
                    suggestion: crate::suggest::did_you_mean(o, names.iter().map(String::as_str))
                        .map(str::to_string),
                }
                .into());
            }
        },
    };
    let m = a.matrix();
    let iim_problem = |e: iim::IimError| Problem::Iim {
        reason: e.to_string(),
    };
    let mut statics = Vec::new();
    for &o in &chosen {
        let mut c = DVector::zeros(n);
        c[o] = p.severity;
        statics.push((
            names[o].clone(),
            iim::solve_static(&m, &c).map_err(iim_problem)?,
        ));
    }
    let Some(&first) = chosen.first() else {
        return Err(Problem::EmptyMatrix.into());
    };
    let mut c = DVector::zeros(n);
    c[first] = p.severity;
    let (c_dyn, q0) = if args.recovery {
        (DVector::zeros(n), statics[0].1.q.clone())
    } else {
        (c, vec![0.0; n])
    };
    let trajectory =
        iim::solve_dynamic(&m, &c_dyn, &k, &q0, Stepping { dt, steps }).map_err(iim_problem)?;
    let out = match args.format {
        AnalyzeFormat::Text => text::iim_text(
            &names,
            &statics,
            Some((&names[first], &trajectory)),
            ui.lang,
        ),
        AnalyzeFormat::Json => {
            let doc = serde_json::json!({
                "kind": "rensa-iim",
                "names": names,
                "a": a.a,
                "k": k,
                "static": statics.iter().map(|(o, s)| serde_json::json!({
                    "origin": o, "q": s.q, "capped": s.capped, "iterations": s.iterations,
                })).collect::<Vec<_>>(),
                "dynamic": {"origin": names[first], "recovery": args.recovery, "dt": trajectory.dt, "q": trajectory.q},
            });
            serde_json::to_string_pretty(&doc).expect("JSON values serialise") + "\n"
        }
        AnalyzeFormat::Csv => {
            let mut s = String::from("origin,system,q,capped\n");
            for (o, sol) in &statics {
                for (i, nm) in names.iter().enumerate() {
                    s += &format!("{o},{nm},{:.6},{}\n", sol.q[i], sol.capped[i]);
                }
            }
            s
        }
    };
    ui.emit(args.out.as_deref(), &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_step_does_not_overshoot() {
        // k = 1.03 per hour (the bundled graph's info_comm): an hour overshoots, half not.
        assert_eq!(default_dt(&[0.2, 1.03]), 0.5);
        assert_eq!(default_dt(&[0.2, 0.9]), 1.0);
        assert_eq!(default_dt(&[5.0]), 0.125);
        assert!(default_dt(&[1e9]) * 60.0 <= 1.0);
    }
}
