//! Batch result files (docs/BATCH.md): rows streamed to a temporary file as chunks finish,
//! then the summary computed from them and the result written atomically; partial
//! results (a shard, or a batch stopped by Ctrl-C), their merge and their resumption.
//!
//! A CSV result is the rows with a header of `# key: value` lines (read it with
//! `pandas.read_csv(f, comment="#")`, polars' `comment_prefix="#"`, R's
//! `read.csv(f, comment.char = "#")`) and beside it `FILE.summary.csv`, one tidy table of
//! the summaries, probabilities and paired differences. A JSON result is one document
//! holding all of it.

use super::metrics::{self, Column, Kind};
use super::part::{self, Body, Expect};
use super::summary::{self, Rows};
use crate::stats::{Paired, Proportion, Summary};
use std::fs::File;
use std::io::{BufReader, Seek, Write};
use std::path::{Path, PathBuf};

/// The first line of every result (and part, and checkpoint).
pub const MAGIC: &str = "# rensa batch result v1";

/// The first line of the summary beside a CSV result: a summary is told from a result
/// by it (`rensa merge part-*.csv` skips `part-N.csv.summary.csv`, and says so).
pub const SUMMARY_MAGIC: &str = "# rensa batch summary v1";

/// What a result is of: merged and resumed parts must agree on all of it but the shard
/// and the status.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The scenario's name.
    pub scenario: String,
    /// The scenario file's hash.
    pub scenario_hash: String,
    /// The infrastructure file's hash, or `inline`.
    pub infrastructure_hash: String,
    /// Master seed.
    pub seed: u64,
    /// Runs of the whole batch (every shard's together).
    pub runs: u64,
    /// `none`, `factorial` or `lhs K`.
    pub design: String,
    /// What the scenario's players did (`# players:`; a result written before the key
    /// existed ran them idle).
    pub players: super::Players,
    /// The sweeps as given (`PATH=values`).
    pub sweeps: Vec<String>,
    /// Each point's values, one per sweep (one empty point without sweeps).
    pub points: Vec<Vec<f64>>,
    /// This part's shard (1-based index, count); None for a whole batch.
    pub shard: Option<(u64, u64)>,
    /// False for a batch stopped before its last run.
    pub complete: bool,
}

impl Meta {
    /// The `# key: value` lines of a result, the first line included.
    pub fn lines(&self) -> String {
        format!("{MAGIC}\n{}", self.lines_after_magic())
    }

    /// The `# key: value` lines after the first line.
    pub fn lines_after_magic(&self) -> String {
        let mut s = format!(
            "# scenario: {}\n# scenario_hash: {}\n# infrastructure_hash: {}\n# seed: {}\n# runs: {}\n# design: {}\n",
            self.scenario.replace('\n', " "),
            self.scenario_hash,
            self.infrastructure_hash,
            self.seed,
            self.runs,
            self.design
        );
        s.push_str(&format!("# players: {}\n", self.players.id()));
        for sw in &self.sweeps {
            s.push_str(&format!("# sweep: {sw}\n"));
        }
        for (i, p) in self
            .points
            .iter()
            .enumerate()
            .filter(|_| !self.sweeps.is_empty())
        {
            let v: Vec<String> = p.iter().map(|x| x.to_string()).collect();
            s.push_str(&format!("# point {i}: {}\n", v.join(",")));
        }
        if let Some((i, n)) = self.shard {
            s.push_str(&format!("# shard: {i}/{n}\n"));
        }
        s.push_str(&format!(
            "# status: {}\n",
            if self.complete { "complete" } else { "partial" }
        ));
        s
    }

    /// Reads the `# key: value` lines of the file `name`.
    pub fn parse(name: &str, lines: &[String]) -> Result<Meta, String> {
        if lines.first().map(String::as_str) != Some(MAGIC) {
            return Err(format!(
                "{name}:1:1: not a rensa batch result (expected \"{MAGIC}\"); CSV parts are written by rensa batch --format csv"
            ));
        }
        let mut m = Meta {
            scenario: String::new(),
            scenario_hash: String::new(),
            infrastructure_hash: String::new(),
            seed: 0,
            runs: 0,
            design: String::new(),
            players: super::Players::Idle,
            sweeps: Vec::new(),
            points: Vec::new(),
            shard: None,
            complete: false,
        };
        for (i, line) in lines.iter().enumerate().skip(1) {
            let bad = |what: &str| format!("{name}:{}:1: {what}: {line}", i + 1);
            let body = line.trim_start_matches('#').trim_start();
            let Some((key, value)) = body.split_once(": ") else {
                return Err(bad("expected `# key: value`"));
            };
            let num = |v: &str| v.parse::<u64>().map_err(|_| bad("expected a number"));
            match key {
                "scenario" => m.scenario = value.into(),
                "scenario_hash" => m.scenario_hash = value.into(),
                "infrastructure_hash" => m.infrastructure_hash = value.into(),
                "seed" => m.seed = num(value)?,
                "runs" => m.runs = num(value)?,
                "design" => m.design = value.into(),
                "players" => {
                    m.players = super::Players::from_id(value)
                        .ok_or_else(|| bad("expected `playbook` or `idle`"))?;
                }
                "sweep" => m.sweeps.push(value.into()),
                "shard" => {
                    let (a, b) = value.split_once('/').ok_or_else(|| bad("expected i/N"))?;
                    m.shard = Some((num(a)?, num(b)?));
                }
                "status" => m.complete = value == "complete",
                k if k.starts_with("point ") => {
                    let v: Result<Vec<f64>, _> = if value.is_empty() {
                        Ok(Vec::new())
                    } else {
                        value.split(',').map(str::parse::<f64>).collect()
                    };
                    m.points.push(v.map_err(|_| bad("expected numbers"))?);
                }
                _ => return Err(bad("unknown key")),
            }
        }
        if m.points.is_empty() {
            m.points.push(Vec::new());
        }
        Ok(m)
    }

    /// Why `self` and `other` cannot be parts of one batch, if they cannot.
    pub fn mismatch(&self, other: &Meta) -> Option<String> {
        let pairs = [
            (
                "scenario",
                self.scenario_hash != other.scenario_hash
                    || self.infrastructure_hash != other.infrastructure_hash
                    || self.scenario != other.scenario,
            ),
            ("seed", self.seed != other.seed),
            ("players", self.players != other.players),
            ("runs", self.runs != other.runs),
            (
                "sweep",
                self.sweeps != other.sweeps
                    || self.design != other.design
                    || self.points != other.points,
            ),
        ];
        pairs.iter().find(|(_, differ)| *differ).map(|(what, _)| {
            let (a, b) = match *what {
                "scenario" => (
                    format!("{} ({})", self.scenario, self.scenario_hash),
                    format!("{} ({})", other.scenario, other.scenario_hash),
                ),
                "seed" => (self.seed.to_string(), other.seed.to_string()),
                "players" => (self.players.id().into(), other.players.id().into()),
                "runs" => (self.runs.to_string(), other.runs.to_string()),
                _ => (
                    format!("{} {}", self.design, self.sweeps.join(" ")),
                    format!("{} {}", other.design, other.sweeps.join(" ")),
                ),
            };
            format!("different {what}: {a} against {b}")
        })
    }
}

/// The header row of the rows: `run,seed`, then `point` and one column per sweep path
/// when there are sweeps, then the metrics.
pub fn header(sweeps: &[String], columns: &[Column]) -> Vec<String> {
    let mut h = vec!["run".to_string(), "seed".to_string()];
    if !sweeps.is_empty() {
        h.push("point".into());
        h.extend(
            sweeps
                .iter()
                .map(|s| s.split_once('=').map_or(s.as_str(), |(p, _)| p).to_string()),
        );
    }
    h.extend(columns.iter().map(|c| c.name.clone()));
    h
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Rows CSV and `FILE.summary.csv`.
    Csv,
    /// One JSON document.
    Json,
}

/// Rows read back from a body file for the summary.
struct FileRows<'a> {
    path: &'a Path,
    point: Option<usize>,
    first_metric: usize,
}

impl Rows for FileRows<'_> {
    fn scan(&self, f: &mut dyn FnMut(usize, &[f64])) -> Result<(), String> {
        let name = self.path.display();
        let file = File::open(self.path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let mut r = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(BufReader::new(file));
        let mut rec = csv::StringRecord::new();
        let mut xs = Vec::new();
        let at = |rec: &csv::StringRecord| rec.position().map_or(0, |p| p.line());
        while r
            .read_record(&mut rec)
            .map_err(|e| format!("{name}: {e}"))?
        {
            let p = match self.point {
                Some(i) => rec[i]
                    .parse::<usize>()
                    .map_err(|e| format!("{name}:{}: column {}: {e}", at(&rec), i + 1))?,
                None => 0,
            };
            xs.clear();
            for (c, v) in rec.iter().enumerate().skip(self.first_metric) {
                xs.push(if v.is_empty() {
                    f64::NAN
                } else {
                    v.parse::<f64>()
                        .map_err(|e| format!("{name}:{}: column {}: {e}", at(&rec), c + 1))?
                });
            }
            f(p, &xs);
        }
        Ok(())
    }
}

/// What a finished result holds, for the terminal summary and the report.
pub struct Finished {
    /// The meta.
    pub meta: Meta,
    /// The metric columns.
    pub columns: Vec<Column>,
    /// The summary.
    pub report: summary::Report,
    /// Rows written.
    pub rows: u64,
}

/// The metric columns named by a header (their kinds read from their names).
fn columns_of(header: &[String], first_metric: usize) -> Vec<Column> {
    header[first_metric..]
        .iter()
        .map(|name| Column {
            name: name.clone(),
            kind: metrics::kind_of(name),
        })
        .collect()
}

/// Where a finished result's files go: the CLI's one atomic writer (`cli::atomic`),
/// which knows what a path names and how to write it.
pub trait Files {
    /// Writes what `f` writes to `path`; the error names the file.
    fn write(
        &mut self,
        path: &Path,
        f: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), String>;
}

/// The summary of the rows in `body` for the result `meta` describes (read back from the
/// file in a few passes).
pub fn summarise(meta: Meta, body: &mut Body) -> Result<Finished, String> {
    body.sync()?;
    let swept = !meta.sweeps.is_empty();
    let first_metric = if swept { 3 + meta.sweeps.len() } else { 2 };
    let columns = columns_of(&body.header, first_metric);
    let events: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].kind == Kind::Event)
        .collect();
    let source = FileRows {
        path: body.path(),
        point: swept.then_some(2),
        first_metric,
    };
    let report = summary::summarise(&source, meta.points.len().max(1), columns.len(), &events)?;
    Ok(Finished {
        meta,
        columns,
        report,
        rows: body.rows,
    })
}

/// Writes the result `finished` describes, its rows in `body`, at `target` through
/// `files`: a CSV result and `FILE.summary.csv` (the summary first, so a result file
/// always has its summary beside it), or one JSON document.
pub fn write(
    finished: &Finished,
    body: &Body,
    target: &Path,
    format: Format,
    files: &mut dyn Files,
) -> Result<(), String> {
    let meta = &finished.meta;
    let events: Vec<usize> = (0..finished.columns.len())
        .filter(|&c| finished.columns[c].kind == Kind::Event)
        .collect();
    let rows = body.path();
    match format {
        Format::Csv => {
            let table = summary_csv(meta, &finished.columns, &events, &finished.report)?;
            let head = meta.lines_after_magic();
            files.write(&summary_path(target), &mut |w| {
                writeln!(w, "{SUMMARY_MAGIC}")?;
                w.write_all(head.as_bytes())?;
                w.write_all(table.as_bytes())
            })?;
            let head = meta.lines();
            let skip = body.head_bytes();
            files.write(target, &mut |w| {
                w.write_all(head.as_bytes())?;
                let mut f = File::open(rows)?;
                f.seek(std::io::SeekFrom::Start(skip))?;
                std::io::copy(&mut f, w)?;
                Ok(())
            })
        }
        Format::Json => files.write(target, &mut |w| {
            write_json(
                w,
                meta,
                &body.header,
                &finished.columns,
                &events,
                &finished.report,
                rows,
            )
        }),
    }
}

/// `FILE.summary.csv` beside a CSV result `FILE`.
pub fn summary_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_owned();
    s.push(".summary.csv");
    PathBuf::from(s)
}

fn num(x: f64) -> String {
    x.to_string()
}

/// The tidy summary table: `section` is `summary`, `probability` or `paired` (point
/// against point 0).
fn summary_csv(
    meta: &Meta,
    columns: &[Column],
    events: &[usize],
    report: &summary::Report,
) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let paths: Vec<&str> = meta
        .sweeps
        .iter()
        .map(|s| s.split_once('=').map_or(s.as_str(), |(p, _)| p))
        .collect();
    let mut head = vec!["section", "point"];
    head.extend(&paths);
    head.extend([
        "metric", "n", "k", "mean", "sd", "min", "p5", "p50", "p95", "max", "low", "high",
    ]);
    w.write_record(&head).map_err(|e| e.to_string())?;
    let point_cells = |p: usize| -> Vec<String> {
        let mut v = vec![p.to_string()];
        v.extend(meta.points[p].iter().map(|x| num(*x)));
        v
    };
    for (p, sums) in report.summaries.iter().enumerate() {
        for (c, s) in sums.iter().enumerate() {
            let Some(s) = s else { continue };
            let mut rec = vec!["summary".to_string()];
            rec.extend(point_cells(p));
            rec.push(columns[c].name.clone());
            rec.push(s.n.to_string());
            rec.push(String::new());
            rec.extend(
                [
                    s.mean, s.sd, s.min, s.p5, s.p50, s.p95, s.max, s.ci_low, s.ci_high,
                ]
                .map(num),
            );
            w.write_record(&rec).map_err(|e| e.to_string())?;
        }
    }
    for (p, probs) in report.probabilities.iter().enumerate() {
        for (e, pr) in probs.iter().enumerate() {
            let mut rec = vec!["probability".to_string()];
            rec.extend(point_cells(p));
            rec.push(columns[events[e]].name.clone());
            rec.extend([pr.n.to_string(), pr.k.to_string(), num(pr.p)]);
            rec.extend(std::iter::repeat_n(String::new(), 6));
            rec.extend([num(pr.low), num(pr.high)]);
            w.write_record(&rec).map_err(|e| e.to_string())?;
        }
    }
    for (q, diffs) in report.paired.iter().enumerate() {
        for (c, d) in diffs.iter().enumerate() {
            let Some(d) = d else { continue };
            let mut rec = vec!["paired".to_string()];
            rec.extend(point_cells(q + 1));
            rec.push(columns[c].name.clone());
            rec.extend([d.n.to_string(), String::new(), num(d.mean), num(d.sd)]);
            rec.extend(std::iter::repeat_n(String::new(), 5));
            rec.extend([num(d.ci_low), num(d.ci_high)]);
            w.write_record(&rec).map_err(|e| e.to_string())?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

fn json_summary(s: &Summary) -> serde_json::Value {
    serde_json::json!({
        "n": s.n, "mean": s.mean, "sd": s.sd, "min": s.min, "p5": s.p5, "p50": s.p50,
        "p95": s.p95, "max": s.max, "ci_low": s.ci_low, "ci_high": s.ci_high,
    })
}

fn json_prob(p: &Proportion) -> serde_json::Value {
    serde_json::json!({"k": p.k, "n": p.n, "p": p.p, "low": p.low, "high": p.high})
}

fn json_paired(d: &Paired) -> serde_json::Value {
    serde_json::json!({"n": d.n, "mean": d.mean, "sd": d.sd, "ci_low": d.ci_low, "ci_high": d.ci_high})
}

/// The JSON document: meta, points, summaries, then the rows (one array per line, in the
/// header's column order, `null` where a run has no value).
fn write_json(
    w: &mut dyn Write,
    meta: &Meta,
    header: &[String],
    columns: &[Column],
    events: &[usize],
    report: &summary::Report,
    rows: &Path,
) -> std::io::Result<()> {
    let points: Vec<serde_json::Value> = (0..meta.points.len().max(1))
        .map(|p| {
            let mut values = serde_json::Map::new();
            for (sw, v) in meta
                .sweeps
                .iter()
                .zip(meta.points.get(p).into_iter().flatten())
            {
                let path = sw.split_once('=').map_or(sw.as_str(), |(a, _)| a);
                values.insert(path.into(), serde_json::json!(v));
            }
            let summaries: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .zip(&report.summaries[p])
                .map(|(c, s)| {
                    (
                        c.name.clone(),
                        s.as_ref().map_or(serde_json::Value::Null, json_summary),
                    )
                })
                .collect();
            let probabilities: serde_json::Map<String, serde_json::Value> = events
                .iter()
                .zip(&report.probabilities[p])
                .map(|(&c, pr)| (columns[c].name.clone(), json_prob(pr)))
                .collect();
            let mut point = serde_json::json!({
                "point": p, "values": values, "summary": summaries, "probabilities": probabilities,
            });
            if p > 0 {
                let paired: serde_json::Map<String, serde_json::Value> = columns
                    .iter()
                    .zip(&report.paired[p - 1])
                    .map(|(c, d)| {
                        (
                            c.name.clone(),
                            d.as_ref().map_or(serde_json::Value::Null, json_paired),
                        )
                    })
                    .collect();
                point["paired_against_point_0"] = serde_json::Value::Object(paired);
            }
            point
        })
        .collect();
    let doc_meta = serde_json::json!({
        "format": "rensa batch result v1",
        "scenario": meta.scenario,
        "scenario_hash": meta.scenario_hash,
        "infrastructure_hash": meta.infrastructure_hash,
        "seed": meta.seed,
        "runs": meta.runs,
        "design": meta.design,
        "players": meta.players.id(),
        "sweeps": meta.sweeps,
        "shard": meta.shard.map(|(i, n)| format!("{i}/{n}")),
        "status": if meta.complete { "complete" } else { "partial" },
    });
    let json = |v: &serde_json::Value| serde_json::to_string(v).map_err(std::io::Error::other);
    writeln!(w, "{{\"meta\":{},", json(&doc_meta)?)?;
    writeln!(w, "\"points\":{},", json(&serde_json::json!(points))?)?;
    writeln!(w, "\"columns\":{},", json(&serde_json::json!(header))?)?;
    writeln!(w, "\"rows\":[")?;
    let mut r = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(BufReader::new(File::open(rows)?));
    let mut rec = csv::StringRecord::new();
    let mut first = true;
    while r.read_record(&mut rec).map_err(std::io::Error::other)? {
        let cells: Vec<&str> = rec
            .iter()
            .map(|v| if v.is_empty() { "null" } else { v })
            .collect();
        let sep = if first { "" } else { ",\n" };
        first = false;
        write!(w, "{sep}[{}]", cells.join(","))?;
    }
    writeln!(w, "\n]}}")
}

/// What the HTML report of a batch draws, read from a CSV result.
#[derive(Debug, Clone)]
pub struct View {
    /// The meta.
    pub meta: Meta,
    /// The headline metrics' values at point 0: (column, values).
    pub metrics: Vec<(String, Vec<f64>)>,
    /// Each event at point 0: (column, p, Wilson low, high).
    pub probabilities: Vec<(String, f64, f64, f64)>,
    /// The metric whose convergence and paired differences are drawn.
    pub convergence_metric: String,
    /// Its running mean at point 0: (runs, mean, 95% low, high), at most about 200 steps.
    pub convergence: Vec<(u64, f64, f64, f64)>,
    /// Per point after the first: (its values, mean difference, low, high).
    pub paired: Vec<(String, f64, f64, f64)>,
}

/// The headline metrics a report draws.
pub const HEADLINE: [&str; 4] = [
    "impact_person_hours",
    "impact_all_services_person_hours",
    "reach_indirect_operators",
    "median_recovery_minutes",
];

/// Reads the CSV result at `path` for its report: every row checked (each run once, a
/// finite number or nothing in every metric cell), else an error naming its line.
pub fn view(path: &Path) -> Result<View, String> {
    if part::kind(path)? == part::Kind::Summary {
        return Err(part::not_a_summary(path));
    }
    let mut reader = part::open(path)?;
    let name = reader.name.clone();
    part::ends_whole(path)?;
    let meta = reader.meta.clone();
    let header = reader.header.clone();
    let swept = !meta.sweeps.is_empty();
    let first_metric = reader.first_metric();
    if header.len() < first_metric {
        return Err(format!("{name}: too few columns for a batch result"));
    }
    let columns = columns_of(&header, first_metric);
    let index = |n: &str| header.iter().position(|h| h == n);
    let wanted: Vec<(String, usize)> = HEADLINE
        .iter()
        .filter_map(|h| index(h).map(|i| (h.to_string(), i)))
        .collect();
    let conv = wanted.first().map(|w| w.1).unwrap_or(first_metric);
    let mut metrics: Vec<(String, Vec<f64>)> = wanted
        .iter()
        .map(|(n, _)| (n.clone(), Vec::new()))
        .collect();
    let runs = part::runs_of(&meta);
    let every = ((runs.end - runs.start) / 200).max(1);
    let mut convergence = Vec::new();
    let (mut n, mut mean, mut m2) = (0u64, 0.0f64, 0.0f64);
    reader.check(runs, Expect::All, &mut |rec, _| {
        if swept && &rec[2] != "0" {
            return Ok(());
        }
        // Checked: each cell is empty or a finite number.
        for (k, (_, i)) in wanted.iter().enumerate() {
            if let Ok(x) = rec[*i].parse::<f64>() {
                metrics[k].1.push(x);
            }
        }
        if let Ok(x) = rec[conv].parse::<f64>() {
            // Welford's running mean and variance, for the interval at each step.
            n += 1;
            let d = x - mean;
            mean += d / n as f64;
            m2 += d * (x - mean);
            if n % every == 0 {
                let sd = if n > 1 {
                    (m2 / (n - 1) as f64).sqrt()
                } else {
                    0.0
                };
                let (lo, hi) = crate::stats::mean_ci(mean, sd, n as usize);
                convergence.push((n, mean, lo, hi));
            }
        }
        Ok(())
    })?;
    let events: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].kind == Kind::Event)
        .collect();
    let source = FileRows {
        path,
        point: swept.then_some(2),
        first_metric,
    };
    let report = summary::summarise(&source, meta.points.len().max(1), columns.len(), &events)?;
    let probabilities = events
        .iter()
        .zip(&report.probabilities[0])
        .map(|(&c, p)| (columns[c].name.clone(), p.p, p.low, p.high))
        .collect();
    let c = conv - first_metric;
    let paired = report
        .paired
        .iter()
        .enumerate()
        .filter_map(|(q, row)| {
            let d = row.get(c).copied().flatten()?;
            let label: Vec<String> = meta
                .sweeps
                .iter()
                .zip(&meta.points[q + 1])
                .map(|(sw, v)| {
                    format!("{}={v}", sw.split_once('=').map_or(sw.as_str(), |(a, _)| a))
                })
                .collect();
            Some((
                format!("{}: {}", q + 1, label.join(" ")),
                d.mean,
                d.ci_low,
                d.ci_high,
            ))
        })
        .collect();
    Ok(View {
        meta,
        metrics,
        probabilities,
        convergence_metric: header[conv].clone(),
        convergence,
        paired,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::Players;

    fn meta(players: Players) -> Meta {
        Meta {
            scenario: "s".into(),
            scenario_hash: "h".into(),
            infrastructure_hash: "inline".into(),
            seed: 1,
            runs: 2,
            design: "none".into(),
            players,
            sweeps: Vec::new(),
            points: vec![Vec::new()],
            shard: None,
            complete: true,
        }
    }

    fn lines(m: &Meta) -> Vec<String> {
        m.lines().lines().map(String::from).collect()
    }

    #[test]
    fn the_players_line_reads_back_and_its_absence_means_idle() {
        for p in [Players::Playbook, Players::Idle] {
            let back = Meta::parse("f", &lines(&meta(p))).unwrap();
            assert_eq!(back.players, p);
            assert!(back.mismatch(&meta(p)).is_none());
        }
        // Written before the key existed: those batches ran the players idle.
        let old: Vec<String> = lines(&meta(Players::Playbook))
            .into_iter()
            .filter(|l| !l.starts_with("# players:"))
            .collect();
        assert_eq!(Meta::parse("f", &old).unwrap().players, Players::Idle);
        let bad: Vec<String> = lines(&meta(Players::Idle))
            .into_iter()
            .map(|l| l.replace("# players: idle", "# players: everyone"))
            .collect();
        let e = Meta::parse("f", &bad).unwrap_err();
        assert!(e.contains("expected `playbook` or `idle`"), "{e}");
        assert_eq!(
            meta(Players::Playbook)
                .mismatch(&meta(Players::Idle))
                .as_deref(),
            Some("different players: playbook against idle")
        );
    }
}
