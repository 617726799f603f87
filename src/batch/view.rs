//! What the report of a batch result reads from its CSV (`rensa report FILE.csv`): how
//! many rows the file holds against how many its header promises (a whole batch or a
//! shard), every metric's summary at every point, the headline metrics' values at the
//! baseline point, the running mean, and the sensitivity of the headline metrics to the
//! swept parameters.

use super::metrics::{Column, Kind};
use super::part::{self, Expect};
use super::result::{FileRows, Meta, columns_of};
use super::sensitivity::{self, Sensitivity};
use super::summary::{self, Report};
use crate::model::{Minutes, Params};
use std::ops::Range;
use std::path::Path;

/// The headline metrics a report draws.
pub const HEADLINE: [&str; 4] = [
    "impact_person_hours",
    "impact_all_services_person_hours",
    "reach_indirect_operators",
    "median_recovery_minutes",
];

/// At most this many rows go into a sensitivity regression; more are thinned to every
/// k-th row (in run order), so memory stays bounded.
pub const SENSITIVITY_ROWS: u64 = 200_000;

/// What the report of a batch shows.
#[derive(Debug, Clone)]
pub struct View {
    /// The header's meta.
    pub meta: Meta,
    /// The metric columns.
    pub columns: Vec<Column>,
    /// Rows in the file.
    pub rows: u64,
    /// Rows a complete file of this batch (or shard) holds: its runs × the points.
    pub expected: u64,
    /// The runs this file covers: the whole batch's, or its shard's.
    pub runs: Range<u64>,
    /// Rows per point.
    pub point_rows: Vec<u64>,
    /// Summaries, probabilities and paired differences of every metric at every point.
    pub report: Report,
    /// The headline metrics' values at the baseline point: (column, values).
    pub headline: Vec<(String, Vec<f64>)>,
    /// The metric whose running mean is drawn.
    pub convergence_metric: String,
    /// Its running mean at the baseline point: (runs, mean, 95 % low, high), about 200
    /// steps at most.
    pub convergence: Vec<(u64, f64, f64, f64)>,
    /// Per headline metric, its sensitivity to the swept parameters (sweeps only).
    pub sensitivity: Vec<(String, Sensitivity)>,
    /// Every how many rows the sensitivity used (1: all).
    pub sensitivity_stride: u64,
    /// Per sweep: whether its values are durations in minutes.
    pub durations: Vec<bool>,
}

impl View {
    /// Whether the file holds fewer rows than a complete one.
    pub fn short(&self) -> bool {
        self.rows < self.expected
    }
}

/// Whether a sweep path's values are minutes: tolerances, policy delays and the duration
/// parameters (those whose default is written as a duration).
pub fn is_duration(path: &str) -> bool {
    let path = path.split_once('=').map_or(path, |(p, _)| p).trim();
    if path.ends_with(".tolerance") || path.ends_with(".delay") {
        return true;
    }
    let Some(field) = path.strip_prefix("params.") else {
        return false;
    };
    serde_json::to_value(Params::default())
        .ok()
        .and_then(|v| v.get(field).and_then(|x| x.as_str().map(String::from)))
        .is_some_and(|t| Minutes::parse(&t).is_ok())
}

/// Whether the JSON document at `path` is a batch result (`rensa batch --format json`):
/// its `meta.format`, which comes first in the document whatever its layout.
pub fn is_json_result(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    String::from_utf8_lossy(&head).contains("\"rensa batch result v1\"")
}

/// A JSON batch result's head: its meta, points and columns.
struct JsonHead {
    meta: serde_json::Value,
    points: serde_json::Value,
    columns: serde_json::Value,
}

/// Where a JSON result's rows are: streamed from the line after `"rows":[` (the layout
/// `rensa batch --format json` writes, one row a line), or held in a parsed document
/// (any other layout of the same JSON, e.g. pretty-printed).
enum JsonRows {
    Lines {
        reader: std::io::BufReader<std::fs::File>,
        first_line: usize,
    },
    Parsed(Vec<serde_json::Value>),
}

/// Reads a JSON result's head, and where its rows are.
fn json_head(path: &Path, name: &str) -> Result<(JsonHead, JsonRows), String> {
    use serde_json::Value;
    use std::io::BufRead;
    let open = || std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"));
    let mut reader = std::io::BufReader::new(open()?);
    let mut lines = [String::new(), String::new(), String::new(), String::new()];
    for line in &mut lines {
        reader
            .read_line(line)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
    }
    let field = |line: &str, key: &str| -> Option<Value> {
        let body = line.trim_end().strip_prefix(key)?.strip_suffix(',')?;
        serde_json::from_str(body).ok()
    };
    if let (Some(meta), Some(points), Some(columns), "\"rows\":[") = (
        field(&lines[0], "{\"meta\":"),
        field(&lines[1], "\"points\":"),
        field(&lines[2], "\"columns\":"),
        lines[3].trim_end(),
    ) {
        let head = JsonHead {
            meta,
            points,
            columns,
        };
        return Ok((
            head,
            JsonRows::Lines {
                reader,
                first_line: 5,
            },
        ));
    }
    // Another layout: the whole document, parsed.
    let mut doc: Value = serde_json::from_reader(std::io::BufReader::new(open()?))
        .map_err(|e| format!("{name}:{}:{}: {e}", e.line(), e.column()))?;
    let rows = match doc["rows"].take() {
        Value::Array(rows) => rows,
        _ => return Err(format!("{name}: not a batch result: rows")),
    };
    let head = JsonHead {
        meta: doc["meta"].take(),
        points: doc["points"].take(),
        columns: doc["columns"].take(),
    };
    Ok((head, JsonRows::Parsed(rows)))
}

/// Reads a JSON batch result for its report: its rows are the CSV result's, written out
/// again as CSV (to a temporary file, row by row) and read by [`view`], so both formats are
/// checked alike; messages name the JSON file, and the line of a row (or `rows[k]` for a
/// result laid out otherwise).
pub fn view_json(path: &Path) -> Result<View, String> {
    use serde_json::Value;
    use std::io::{BufRead, Write};
    let name = path.display().to_string();
    let bad = |what: &str| format!("{name}: not a batch result: {what}");
    let (head, rows) = json_head(path, &name)?;
    let m = &head.meta;
    let text_of = |k: &str| {
        m[k].as_str()
            .map(String::from)
            .ok_or_else(|| bad(&format!("meta.{k}")))
    };
    let sweeps: Vec<String> = m["sweeps"]
        .as_array()
        .ok_or_else(|| bad("meta.sweeps"))?
        .iter()
        .map(|v| {
            v.as_str()
                .map(String::from)
                .ok_or_else(|| bad("meta.sweeps"))
        })
        .collect::<Result<_, _>>()?;
    let points: Vec<Vec<f64>> = head
        .points
        .as_array()
        .ok_or_else(|| bad("points"))?
        .iter()
        .map(|p| {
            (sweeps.iter())
                .map(|sw| {
                    let key = sw.split_once('=').map_or(sw.as_str(), |(a, _)| a);
                    p["values"][key]
                        .as_f64()
                        .ok_or_else(|| bad("points[].values"))
                })
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let shard = match &m["shard"] {
        Value::Null => None,
        v => {
            let s = v.as_str().ok_or_else(|| bad("meta.shard"))?;
            let (i, n) = s.split_once('/').ok_or_else(|| bad("meta.shard"))?;
            Some((
                i.parse().map_err(|_| bad("meta.shard"))?,
                n.parse().map_err(|_| bad("meta.shard"))?,
            ))
        }
    };
    let meta = Meta {
        scenario: text_of("scenario")?,
        scenario_hash: text_of("scenario_hash")?,
        infrastructure_hash: text_of("infrastructure_hash")?,
        seed: m["seed"].as_u64().ok_or_else(|| bad("meta.seed"))?,
        runs: m["runs"].as_u64().ok_or_else(|| bad("meta.runs"))?,
        design: text_of("design")?,
        players: super::Players::from_id(&text_of("players")?)
            .ok_or_else(|| bad("meta.players"))?,
        points: if sweeps.is_empty() {
            Vec::new()
        } else {
            points
        },
        sweeps,
        shard,
        complete: text_of("status")? == "complete",
    };
    let header: Vec<&str> = head
        .columns
        .as_array()
        .ok_or_else(|| bad("columns"))?
        .iter()
        .map(|v| v.as_str().ok_or_else(|| bad("columns")))
        .collect::<Result<_, _>>()?;
    let mut csv = tempfile::NamedTempFile::new().map_err(|e| format!("a temporary file: {e}"))?;
    let io = |e: std::io::Error| format!("a temporary file: {e}");
    let cells = |row: &Value, k: usize| -> Result<String, String> {
        let cells = row.as_array().ok_or_else(|| bad(&format!("rows[{k}]")))?;
        let cells: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Value::Null => String::new(),
                Value::Number(n) => n.to_string(),
                other => other.to_string(),
            })
            .collect();
        Ok(cells.join(","))
    };
    let mut w = std::io::BufWriter::new(csv.as_file_mut());
    write!(w, "{}", meta.lines()).map_err(io)?;
    writeln!(w, "{}", header.join(",")).map_err(io)?;
    // A message about the CSV's line L names the JSON's line of that row, or the row.
    let csv_rows_from = meta.lines().lines().count() + 2;
    let json_first_line = match rows {
        JsonRows::Lines { reader, first_line } => {
            for (k, line) in reader.lines().enumerate() {
                let line = line.map_err(|e| format!("cannot read {name}: {e}"))?;
                let line = line.trim_end();
                if line == "]}" {
                    break;
                }
                let row: Value = serde_json::from_str(line.strip_suffix(',').unwrap_or(line))
                    .map_err(|e| format!("{name}:{}:{}: {e}", first_line + k, e.column()))?;
                writeln!(w, "{}", cells(&row, k)?).map_err(io)?;
            }
            Some(first_line)
        }
        JsonRows::Parsed(rows) => {
            for (k, row) in rows.iter().enumerate() {
                writeln!(w, "{}", cells(row, k)?).map_err(io)?;
            }
            None
        }
    };
    w.flush().map_err(io)?;
    drop(w);
    let shown = csv.path().display().to_string();
    view(csv.path()).map_err(|e| {
        let Some((before, after)) = e.split_once(&format!("{shown}:")) else {
            return e.replace(&shown, &name);
        };
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let rest = &after[digits..];
        match (after[..digits].parse::<usize>(), json_first_line) {
            (Ok(line), Some(first)) if line >= csv_rows_from => {
                format!("{before}{name}:{}{rest}", line - csv_rows_from + first)
            }
            (Ok(line), None) if line >= csv_rows_from => {
                format!("{before}{name}: rows[{}]{rest}", line - csv_rows_from)
            }
            _ => format!("{before}{name}:{after}"),
        }
        .replace(&shown, &name)
    })
}

/// Reads the CSV result at `path` for its report: every row checked as a batch reads its
/// own (its run, seed, point and numbers, else an error naming its line), whole runs from
/// the start kept; a file cut inside a line is refused, one cut at a line boundary is read
/// as far as it goes and said to be partial.
pub fn view(path: &Path) -> Result<View, String> {
    if part::kind(path)? == part::Kind::Summary {
        return Err(part::not_a_summary(path));
    }
    part::ends_whole(path)?;
    let mut reader = part::open(path)?;
    let meta = reader.meta.clone();
    let header = reader.header.clone();
    let name = reader.name.clone();
    let swept = !meta.sweeps.is_empty();
    let first_metric = reader.first_metric();
    if header.len() < first_metric {
        return Err(format!("{name}: too few columns for a batch result"));
    }
    let columns = columns_of(&header, first_metric);
    let points = meta.points.len().max(1);
    let runs = part::runs_of(&meta);
    let expected = (runs.end - runs.start) * points as u64;
    let index = |n: &str| header.iter().position(|h| h == n);
    let wanted: Vec<(String, usize)> = HEADLINE
        .iter()
        .filter_map(|h| index(h).map(|i| (h.to_string(), i)))
        .collect();
    let conv = wanted.first().map(|w| w.1).unwrap_or(first_metric);
    let mut headline: Vec<(String, Vec<f64>)> = wanted
        .iter()
        .map(|(n, _)| (n.clone(), Vec::new()))
        .collect();
    let every = ((runs.end - runs.start) / 200).max(1);
    let stride = expected.div_ceil(SENSITIVITY_ROWS).max(1);
    let mut convergence = Vec::new();
    let (mut n, mut mean, mut m2) = (0u64, 0.0f64, 0.0f64);
    let mut rows = 0u64;
    let mut point_rows = vec![0u64; points];
    // Sensitivity samples: each row's point and headline values.
    let mut sample_points: Vec<usize> = Vec::new();
    let mut sample_y: Vec<Vec<f64>> = vec![Vec::new(); wanted.len()];
    // Checked: the point is one of the batch's, each metric cell empty or a finite number.
    reader.check(runs.clone(), Expect::Prefix, &mut |rec, _| {
        let p = if swept {
            rec[2].parse::<usize>().unwrap_or(0)
        } else {
            0
        };
        if swept && rows.is_multiple_of(stride) {
            let ys: Vec<f64> = wanted
                .iter()
                .map(|(_, i)| rec[*i].parse::<f64>().unwrap_or(f64::NAN))
                .collect();
            if ys.iter().all(|y| y.is_finite()) {
                sample_points.push(p);
                for (k, y) in ys.into_iter().enumerate() {
                    sample_y[k].push(y);
                }
            }
        }
        rows += 1;
        point_rows[p] += 1;
        if p != 0 {
            return Ok(());
        }
        for (k, (_, i)) in wanted.iter().enumerate() {
            if let Ok(x) = rec[*i].parse::<f64>() {
                headline[k].1.push(x);
            }
        }
        if let Ok(x) = rec[conv].parse::<f64>() {
            // Welford's running mean and variance, for the interval at each step.
            n += 1;
            let d = x - mean;
            mean += d / n as f64;
            m2 += d * (x - mean);
            if n.is_multiple_of(every) {
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
    let report = summary::summarise(&source, points, columns.len(), &events)?;
    let sensitivity = if swept && points > 1 {
        let x: Vec<Vec<f64>> = (0..meta.sweeps.len())
            .map(|k| {
                sample_points
                    .iter()
                    .map(|&p| meta.points[p].get(k).copied().unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        wanted
            .iter()
            .zip(&sample_y)
            .filter_map(|((name, _), y)| sensitivity::sensitivity(&x, y).map(|s| (name.clone(), s)))
            .collect()
    } else {
        Vec::new()
    };
    let durations = meta.sweeps.iter().map(|s| is_duration(s)).collect();
    Ok(View {
        convergence_metric: header[conv].clone(),
        meta,
        columns,
        rows,
        expected,
        runs,
        point_rows,
        report,
        headline,
        convergence,
        sensitivity,
        sensitivity_stride: stride,
        durations,
    })
}

#[cfg(test)]
mod tests {
    use super::is_duration;

    #[test]
    fn durations_are_told_by_the_path() {
        assert!(is_duration("edge.a/b->c/d.tolerance"));
        assert!(is_duration("policy.0.rule.1.delay=0,1h"));
        assert!(is_duration("params.support_travel"));
        assert!(!is_duration("params.alert_boost"));
        assert!(!is_duration("edge.a/b->c/d.strength"));
    }
}
