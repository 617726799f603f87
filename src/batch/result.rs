//! Batch result files (docs/BATCH.md): rows streamed to a temporary file as chunks finish,
//! then the summary computed from them and the result written atomically; partial
//! results (a shard, or a batch stopped by Ctrl-C), their merge and their resumption.
//!
//! A CSV result is the rows with a header of `# key: value` lines (read it with
//! `pandas.read_csv(f, comment="#")`, polars' `comment_prefix="#"`, R's
//! `read.csv(f, comment.char = "#")`) and beside it `FILE.summary.csv`, one tidy table of
//! the summaries, probabilities and paired differences. A JSON result is one document
//! holding all of it.

use super::metrics::{Column, Kind};
use super::summary::{self, Rows};
use super::{Row, metrics};
use crate::stats::{Paired, Proportion, Summary};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The first line of every result.
pub const MAGIC: &str = "# rensa batch result v1";

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
    fn lines(&self) -> String {
        let mut s = format!(
            "{MAGIC}\n# scenario: {}\n# scenario_hash: {}\n# infrastructure_hash: {}\n# seed: {}\n# runs: {}\n# design: {}\n",
            self.scenario.replace('\n', " "),
            self.scenario_hash,
            self.infrastructure_hash,
            self.seed,
            self.runs,
            self.design
        );
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

    fn parse(name: &str, lines: &[String]) -> Result<Meta, String> {
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
    fn mismatch(&self, other: &Meta) -> Option<String> {
        let pairs = [
            (
                "scenario",
                self.scenario_hash != other.scenario_hash
                    || self.infrastructure_hash != other.infrastructure_hash
                    || self.scenario != other.scenario,
            ),
            ("seed", self.seed != other.seed),
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

/// Rows being written: a temporary file beside the result, removed unless finished.
pub struct Body {
    tmp: tempfile::NamedTempFile,
    out: csv::Writer<BufWriter<File>>,
    header: Vec<String>,
    /// Rows written so far.
    pub rows: u64,
    swept: bool,
    points: Vec<Vec<f64>>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("cannot write {}: {e}", path.display())
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Body {
    /// Starts the rows of a result to be written at `target`.
    pub fn create(target: &Path, header: Vec<String>, meta: &Meta) -> Result<Body, String> {
        let tmp = tempfile::Builder::new()
            .prefix(".rensa-batch-")
            .suffix(".tmp")
            .tempfile_in(dir_of(target))
            .map_err(io(target))?;
        let file = tmp.reopen().map_err(io(target))?;
        let mut out = csv::Writer::from_writer(BufWriter::new(file));
        out.write_record(&header).map_err(|e| e.to_string())?;
        Ok(Body {
            tmp,
            out,
            header,
            rows: 0,
            swept: !meta.sweeps.is_empty(),
            points: meta.points.clone(),
        })
    }

    /// Appends rows, in order.
    pub fn write(&mut self, rows: &[Row]) -> Result<(), String> {
        let mut rec: Vec<String> = Vec::with_capacity(self.header.len());
        for r in rows {
            rec.clear();
            rec.push(r.run.to_string());
            rec.push(r.seed.to_string());
            if self.swept {
                rec.push(r.point.to_string());
                rec.extend(self.points[r.point].iter().map(|v| v.to_string()));
            }
            rec.extend(
                r.values
                    .iter()
                    .map(|v| v.map_or(String::new(), |x| x.to_string())),
            );
            self.out.write_record(&rec).map_err(|e| e.to_string())?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Appends rows already formatted (a part's, or a partial result's).
    fn copy_from(
        &mut self,
        name: &str,
        reader: &mut csv::Reader<Box<dyn Read>>,
    ) -> Result<u64, String> {
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{name}: {e}"))?
            .iter()
            .map(String::from)
            .collect();
        if header != self.header {
            return Err(format!(
                "{name}: its columns differ from this batch's (another version of rensa or of the scenario)"
            ));
        }
        let mut n = 0;
        for rec in reader.records() {
            let rec = rec.map_err(|e| format!("{name}: {e}"))?;
            self.out.write_record(&rec).map_err(|e| e.to_string())?;
            n += 1;
        }
        self.rows += n;
        Ok(n)
    }
}

/// Reads a CSV result: its meta and a reader positioned at its header row.
pub fn open(path: &Path) -> Result<(Meta, csv::Reader<Box<dyn Read>>), String> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut r = BufReader::new(file);
    let mut lines = Vec::new();
    loop {
        let buf = r
            .fill_buf()
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        if buf.first() != Some(&b'#') {
            break;
        }
        let mut line = String::new();
        r.read_line(&mut line)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        lines.push(line.trim_end().to_string());
    }
    let meta = Meta::parse(&name, &lines)?;
    let rest: Box<dyn Read> = Box::new(r);
    Ok((meta, csv::Reader::from_reader(rest)))
}

/// Copies the rows of the partial result at `path` into `body` after checking it is a
/// part of the batch `meta` describes; returns how many runs it holds.
pub fn resume(path: &Path, meta: &Meta, body: &mut Body) -> Result<u64, String> {
    let (old, mut reader) = open(path)?;
    let name = path.display().to_string();
    if let Some(why) = meta.mismatch(&old) {
        return Err(format!("{name}: cannot resume: {why}"));
    }
    if old.shard != meta.shard {
        return Err(format!("{name}: cannot resume: it is another shard"));
    }
    let rows = body.copy_from(&name, &mut reader)?;
    Ok(rows / meta.points.len().max(1) as u64)
}

/// Merges the parts at `paths` (any order) into the rows of the whole batch; returns its
/// meta (no shard, complete) and the body.
pub fn merge(paths: &[PathBuf], target: &Path) -> Result<(Meta, Body), String> {
    let mut parts = Vec::new();
    for p in paths {
        let (meta, reader) = open(p)?;
        parts.push((p.display().to_string(), meta, reader));
    }
    let Some((first_name, first, _)) = parts.first() else {
        return Err("rensa merge: no parts given".into());
    };
    let (first_name, first) = (first_name.clone(), first.clone());
    let Some((_, count)) = first.shard else {
        return Err(format!(
            "{first_name}: not a shard (written without --shard)"
        ));
    };
    for (name, meta, _) in &parts {
        if let Some(why) = first.mismatch(meta) {
            return Err(format!(
                "{name} and {first_name} are parts of different batches: {why}"
            ));
        }
        match meta.shard {
            Some((_, n)) if n == count => {}
            _ => {
                return Err(format!(
                    "{name}: shard {} is not one of {count} shards like {first_name}",
                    meta.shard
                        .map_or("none".into(), |(i, n)| format!("{i}/{n}"))
                ));
            }
        }
        if !meta.complete {
            return Err(format!(
                "{name}: partial (stopped before its last run); finish it with --resume first"
            ));
        }
    }
    parts.sort_by_key(|(_, m, _)| m.shard.map_or(0, |s| s.0));
    for k in 1..=count {
        let n = parts
            .iter()
            .filter(|(_, m, _)| m.shard.map(|s| s.0) == Some(k))
            .count();
        if n != 1 {
            return Err(format!(
                "shard {k}/{count} is given {n} times; merge needs each of the {count} shards once"
            ));
        }
    }
    let mut meta = first;
    meta.shard = None;
    meta.complete = true;
    let mut header: Option<Vec<String>> = None;
    let mut body: Option<Body> = None;
    for (name, _, mut reader) in parts {
        if header.is_none() {
            let h: Vec<String> = reader
                .headers()
                .map_err(|e| format!("{name}: {e}"))?
                .iter()
                .map(String::from)
                .collect();
            header = Some(h.clone());
            body = Some(Body::create(target, h, &meta)?);
        }
        if let Some(b) = body.as_mut() {
            b.copy_from(&name, &mut reader)?;
        }
    }
    let body = body.ok_or("rensa merge: no parts given")?;
    Ok((meta, body))
}

/// Rows read back from a body file for the summary.
pub(super) struct FileRows<'a> {
    pub(super) path: &'a Path,
    pub(super) point: Option<usize>,
    pub(super) first_metric: usize,
}

impl Rows for FileRows<'_> {
    fn scan(&self, f: &mut dyn FnMut(usize, &[f64])) -> Result<(), String> {
        let file = File::open(self.path).map_err(|e| e.to_string())?;
        let mut r = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(BufReader::new(file));
        let mut rec = csv::StringRecord::new();
        let mut xs = Vec::new();
        while r.read_record(&mut rec).map_err(|e| e.to_string())? {
            let p = match self.point {
                Some(i) => rec[i].parse::<usize>().map_err(|e| e.to_string())?,
                None => 0,
            };
            xs.clear();
            for v in rec.iter().skip(self.first_metric) {
                xs.push(if v.is_empty() {
                    f64::NAN
                } else {
                    v.parse::<f64>().map_err(|e| e.to_string())?
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
pub(super) fn columns_of(header: &[String], first_metric: usize) -> Vec<Column> {
    header[first_metric..]
        .iter()
        .map(|name| Column {
            name: name.clone(),
            kind: metrics::kind_of(name),
        })
        .collect()
}

/// Finishes `body` as the result `meta` describes at `target`: the summary from the rows,
/// then the file(s), atomically.
pub fn finish(meta: Meta, body: Body, target: &Path, format: Format) -> Result<Finished, String> {
    let Body {
        tmp,
        mut out,
        header,
        rows,
        ..
    } = body;
    out.flush().map_err(io(target))?;
    drop(out);
    let swept = !meta.sweeps.is_empty();
    let first_metric = if swept { 3 + meta.sweeps.len() } else { 2 };
    let columns = columns_of(&header, first_metric);
    let events: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].kind == Kind::Event)
        .collect();
    let source = FileRows {
        path: tmp.path(),
        point: swept.then_some(2),
        first_metric,
    };
    let report = summary::summarise(&source, meta.points.len().max(1), columns.len(), &events)?;
    let head = meta.lines();
    match format {
        Format::Csv => {
            let table = summary_csv(&meta, &columns, &events, &report)?;
            let summary_path = summary_path(target);
            crate::batch::result::write_atomic(&summary_path, |w| {
                w.write_all(head.as_bytes())?;
                w.write_all(table.as_bytes())
            })?;
            write_atomic(target, |w| {
                w.write_all(head.as_bytes())?;
                std::io::copy(&mut File::open(tmp.path())?, w)?;
                Ok(())
            })?;
        }
        Format::Json => {
            write_atomic(target, |w| {
                write_json(w, &meta, &header, &columns, &events, &report, tmp.path())
            })?;
        }
    }
    Ok(Finished {
        meta,
        columns,
        report,
        rows,
    })
}

/// `FILE.summary.csv` beside a CSV result `FILE`.
pub fn summary_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_owned();
    s.push(".summary.csv");
    PathBuf::from(s)
}

/// Writes `path` atomically through `f`.
pub fn write_atomic(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let fail = io(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".rensa-")
        .suffix(".tmp")
        .tempfile_in(dir_of(path))
        .map_err(&fail)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        f(&mut w).map_err(&fail)?;
        w.flush().map_err(&fail)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(&fail)?;
    }
    tmp.as_file().sync_all().map_err(&fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
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
        "sweeps": meta.sweeps,
        "shard": meta.shard.map(|(i, n)| format!("{i}/{n}")),
        "status": if meta.complete { "complete" } else { "partial" },
    });
    let json = |v: &serde_json::Value| serde_json::to_string(v).map_err(std::io::Error::other);
    writeln!(w, "{{\"meta\":{},", json(&doc_meta)?)?;
    writeln!(w, "\"points\":{},", json(&serde_json::json!(points))?)?;
    writeln!(w, "\"columns\":{},", json(&serde_json::json!(header))?)?;
    writeln!(w, "\"rows\":[")?;
    let mut r = csv::Reader::from_reader(BufReader::new(File::open(rows)?));
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
