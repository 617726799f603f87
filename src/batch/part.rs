//! The rows of a batch on disk while it runs and when it is read back: the checkpoint
//! `FILE.partial` that rows are appended to as chunks finish (and that `--resume` goes on
//! from after a stop, a kill or a full disk), the reading of results and parts with every
//! row checked against the batch they claim to be, and the merge of shards.
//!
//! A row is checked for what the batch fixes: run index *i* (each once, in order, inside
//! the batch or shard), its seed (`run_seed(seed, i)`), its point and the point's values,
//! and a number (or nothing) in every metric cell. A file that fails names its line.

use super::result::{MAGIC, Meta, SUMMARY_MAGIC};
use super::{Row, run_seed};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The largest magnitude a metric cell read back may hold: far above any impact rensa
/// computes, and low enough that sums of squares over 10¹² runs stay finite (a value
/// near 10²⁰⁰ made the report's intervals infinite and its charts loop).
pub const LARGEST: f64 = 1e100;

/// `FILE.partial`: the checkpoint of a batch writing `FILE`.
pub fn checkpoint_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

/// The comment lines at the head of a result, read.
struct Head {
    meta: Meta,
    /// Lines before the header row.
    lines: usize,
    /// Bytes before the header row.
    bytes: u64,
}

/// What the first line of a file says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A batch result or part (`# rensa batch result v1`).
    Result,
    /// The summary beside a CSV result (`# rensa batch summary v1`).
    Summary,
    /// Neither.
    Other,
}

/// Reads the first line of `path` to tell a result from its summary.
pub fn kind(path: &Path) -> Result<Kind, String> {
    let file = File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut first = String::new();
    // A line longer than this is neither.
    BufReader::new(file.take(256))
        .read_line(&mut first)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(match first.trim_end() {
        MAGIC => Kind::Result,
        SUMMARY_MAGIC => Kind::Summary,
        _ => Kind::Other,
    })
}

/// What a summary file is told to be when a result was wanted.
pub fn not_a_summary(path: &Path) -> String {
    let name = path.display().to_string();
    let rows = name.strip_suffix(".summary.csv").unwrap_or("FILE");
    format!(
        "{name}:1:1: this is the summary beside a batch result (\"{SUMMARY_MAGIC}\"), not the result; its rows are in {rows}"
    )
}

fn read_head(name: &str, r: &mut impl BufRead) -> Result<Head, String> {
    let mut lines = Vec::new();
    let mut bytes = 0u64;
    loop {
        let buf = r
            .fill_buf()
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        if buf.first() != Some(&b'#') {
            break;
        }
        let mut line = Vec::new();
        // One header line is short; a long one is not ours (and is not read whole).
        let n = r
            .by_ref()
            .take(64 * 1024)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        bytes += n as u64;
        let line = String::from_utf8_lossy(&line).trim_end().to_string();
        if lines.is_empty() && line == SUMMARY_MAGIC {
            return Err(not_a_summary(Path::new(name)));
        }
        lines.push(line);
    }
    let meta = Meta::parse(name, &lines)?;
    Ok(Head {
        meta,
        lines: lines.len(),
        bytes,
    })
}

/// A CSV result opened for reading: its meta, and its rows checked as they are read.
pub struct Reader {
    /// The file.
    pub path: PathBuf,
    /// Its name, for messages.
    pub name: String,
    /// Its meta.
    pub meta: Meta,
    /// Its header row.
    pub header: Vec<String>,
    head: Head,
    csv: csv::Reader<Box<dyn Read>>,
}

/// Opens the CSV result at `path`: its meta and header row, the reader at its first row.
/// `limit` bytes at most are read (the end of the last whole line, for a checkpoint).
pub fn open(path: &Path) -> Result<Reader, String> {
    open_limited(path, None)
}

fn open_limited(path: &Path, limit: Option<u64>) -> Result<Reader, String> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let source: Box<dyn Read> = match limit {
        Some(n) => Box::new(file.take(n)),
        None => Box::new(file),
    };
    let mut r = BufReader::new(source);
    let head = read_head(&name, &mut r)?;
    let rest: Box<dyn Read> = Box::new(r);
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(rest);
    let at = head.lines + 1;
    let header: Vec<String> = csv
        .headers()
        .map_err(|e| format!("{name}:{at}: {e}"))?
        .iter()
        .map(String::from)
        .collect();
    if header.first().map(String::as_str) == Some("section") {
        // A summary written before summaries had their own first line.
        return Err(not_a_summary(path));
    }
    if header.first().map(String::as_str) != Some("run")
        || header.get(1).map(String::as_str) != Some("seed")
    {
        return Err(format!(
            "{name}:{at}: expected the rows' header (run,seed,…), found \"{}\"",
            crate::suggest::shorten(&header.join(","), 80)
        ));
    }
    Ok(Reader {
        path: path.to_path_buf(),
        name,
        meta: head.meta.clone(),
        header,
        head,
        csv,
    })
}

/// How many of a batch's rows a file must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Every run of the range.
    All,
    /// Whole runs from the start of the range, any number (a checkpoint).
    Prefix,
}

impl Reader {
    /// The first column of the metrics.
    pub fn first_metric(&self) -> usize {
        if self.meta.sweeps.is_empty() {
            2
        } else {
            3 + self.meta.sweeps.len()
        }
    }

    /// Reads every row, checking it is row `k` of `runs` at `points` points of this
    /// batch, and hands it to `sink` with its line; stops at the end or, with
    /// [`Expect::Prefix`], keeps only whole runs. Returns the runs read and the byte
    /// offset (in the file) after the last whole run.
    pub fn check(
        &mut self,
        runs: Range<u64>,
        expect: Expect,
        sink: &mut dyn FnMut(&csv::StringRecord, usize) -> Result<(), String>,
    ) -> Result<(u64, u64), String> {
        let points = self.meta.points.len().max(1) as u64;
        let swept = !self.meta.sweeps.is_empty();
        let first_metric = self.first_metric();
        let width = self.header.len();
        let point_cells: Vec<Vec<String>> = self
            .meta
            .points
            .iter()
            .map(|p| p.iter().map(|x| x.to_string()).collect())
            .collect();
        let total = (runs.end - runs.start) * points;
        let name = self.name.clone();
        let mut rec = csv::StringRecord::new();
        let mut k: u64 = 0;
        // Rows of the run being read, held back until it is whole (for a checkpoint).
        let mut held: Vec<(csv::StringRecord, usize)> = Vec::new();
        let mut end = self.head.bytes + self.csv.position().byte();
        loop {
            let line = self.head.lines + self.csv.position().line() as usize;
            let more = self.csv.read_record(&mut rec).map_err(|e| {
                let at = e
                    .position()
                    .map_or(line, |p| self.head.lines + p.line() as usize);
                format!("{name}:{at}: {e}")
            })?;
            if !more {
                break;
            }
            let at = |col: usize| -> String {
                match col {
                    0 => format!("{name}:{line}"),
                    c => format!(
                        "{name}:{line}: column {} ({})",
                        c + 1,
                        self.header.get(c).map_or("", String::as_str)
                    ),
                }
            };
            if k >= total {
                return Err(format!(
                    "{}: a row past the batch's last run ({} runs{} at {points} point(s)): each run once, in order; the file is damaged",
                    at(0),
                    runs.end - runs.start,
                    shard_note(&self.meta)
                ));
            }
            if rec.len() != width {
                return Err(format!(
                    "{}: {} cells where the header has {width}",
                    at(0),
                    rec.len()
                ));
            }
            let run = runs.start + k / points;
            let point = (k % points) as usize;
            if rec[0] != *run.to_string() {
                let what = match rec[0].parse::<u64>() {
                    Ok(r) if r < run => "a run given twice or out of order",
                    Ok(_) => "a run missing before it",
                    Err(_) => "not a run index",
                };
                return Err(format!(
                    "{}: run \"{}\" where run {run} was expected ({what}; each run once, in order)",
                    at(0),
                    crate::suggest::shorten(&rec[0], 40)
                ));
            }
            if rec[1] != *run_seed(self.meta.seed, run).to_string() {
                return Err(format!(
                    "{}: seed \"{}\" is not run {run}'s seed of master seed {} ({})",
                    at(1),
                    crate::suggest::shorten(&rec[1], 40),
                    self.meta.seed,
                    run_seed(self.meta.seed, run)
                ));
            }
            if swept {
                if rec[2] != *point.to_string() {
                    return Err(format!(
                        "{}: point \"{}\" where point {point} was expected",
                        at(2),
                        crate::suggest::shorten(&rec[2], 40)
                    ));
                }
                for (j, v) in point_cells[point].iter().enumerate() {
                    if rec[3 + j] != **v {
                        return Err(format!(
                            "{}: \"{}\" where point {point}'s value {v} was expected",
                            at(3 + j),
                            crate::suggest::shorten(&rec[3 + j], 40)
                        ));
                    }
                }
            }
            for c in first_metric..width {
                let v = &rec[c];
                match v.parse::<f64>() {
                    _ if v.is_empty() => {}
                    Ok(x) if x.is_finite() && x.abs() <= LARGEST => {}
                    Ok(x) if x.is_finite() => {
                        return Err(format!(
                            "{}: {} is beyond ±1e100, which no metric of rensa reaches (its squares summed over the runs would overflow)",
                            at(c),
                            crate::suggest::shorten(v, 40)
                        ));
                    }
                    _ => {
                        return Err(format!(
                            "{}: \"{}\" is not a finite number (a metric's cell holds a number, or nothing)",
                            at(c),
                            crate::suggest::shorten(v, 40)
                        ));
                    }
                }
            }
            k += 1;
            match expect {
                Expect::All => sink(&rec, line)?,
                Expect::Prefix => {
                    held.push((rec.clone(), line));
                    if k.is_multiple_of(points) {
                        for (r, l) in held.drain(..) {
                            sink(&r, l)?;
                        }
                        end = self.head.bytes + self.csv.position().byte();
                    }
                }
            }
        }
        if expect == Expect::All && k != total {
            return Err(format!(
                "{name}: ends after {} of its {} runs{} (line {}): the file is cut short",
                k / points,
                runs.end - runs.start,
                shard_note(&self.meta),
                self.head.lines + self.csv.position().line() as usize
            ));
        }
        if expect == Expect::All {
            end = self.head.bytes + self.csv.position().byte();
        }
        Ok((k / points, end))
    }
}

fn shard_note(meta: &Meta) -> String {
    match meta.shard {
        Some((i, n)) => format!(" of shard {i}/{n} of {} runs", meta.runs),
        None => String::new(),
    }
}

/// The runs of `meta`'s batch or shard.
pub fn runs_of(meta: &Meta) -> Range<u64> {
    match meta.shard {
        Some((i, n)) if i >= 1 && i <= n => super::shard_runs(meta.runs, i - 1, n),
        _ => 0..meta.runs,
    }
}

/// What `--resume` found at a result's name.
pub enum Resumed {
    /// A checkpoint (or a partial result) of this batch: its rows, whole runs, in a body
    /// to go on with, and how many runs they are.
    From(Box<Body>, u64),
    /// A complete result of this batch.
    Complete,
    /// Nothing: the batch starts.
    Nothing,
}

/// Rows being written: the checkpoint `FILE.partial` (kept when a batch stops, removed
/// once the result is written), or a scratch file removed when dropped. Either holds the
/// meta lines (`# status: partial`) and the header row, then the rows.
pub struct Body {
    path: PathBuf,
    out: csv::Writer<BufWriter<File>>,
    /// A scratch file's name, which removes it when dropped.
    _scratch: Option<tempfile::TempPath>,
    /// Bytes before the header row.
    head_bytes: u64,
    /// The header row.
    pub header: Vec<String>,
    /// Rows written so far.
    pub rows: u64,
    swept: bool,
    points: Vec<Vec<f64>>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| {
        let hint = if e.raw_os_error() == Some(27) {
            // EFBIG: the process's file-size limit (ulimit -f), not the disk.
            "; the file-size limit (`ulimit -f`) is reached"
        } else {
            ""
        };
        format!("cannot write {}: {e}{hint}", path.display())
    }
}

fn csv_io(path: &Path) -> impl Fn(csv::Error) -> String + '_ {
    move |e| match e.into_kind() {
        csv::ErrorKind::Io(e) => io(path)(e),
        other => format!("cannot write {}: {other:?}", path.display()),
    }
}

impl Body {
    /// Starts the checkpoint of a batch writing `target`: `FILE.partial`, made new (a
    /// checkpoint already there is a stopped batch's work, never overwritten here) and
    /// locked against a second batch writing it.
    pub fn checkpoint(target: &Path, header: Vec<String>, meta: &Meta) -> Result<Body, String> {
        let path = checkpoint_path(target);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    format!(
                        "{} exists: the runs of a batch that stopped (or is running); add --resume to finish it, or remove it to start anew",
                        path.display()
                    )
                } else {
                    io(&path)(e)
                }
            })?;
        Self::start(path, file, None, header, meta)
    }

    /// Starts a scratch body in `dir` (a merge's rows, or a batch without a file).
    pub fn scratch(dir: &Path, header: Vec<String>, meta: &Meta) -> Result<Body, String> {
        let tmp = tempfile::Builder::new()
            .prefix(".rensa-batch-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(io(dir))?;
        let (file, path) = tmp.into_parts();
        let p = path.to_path_buf();
        Self::start(p, file, Some(path), header, meta)
    }

    fn start(
        path: PathBuf,
        file: File,
        scratch: Option<tempfile::TempPath>,
        header: Vec<String>,
        meta: &Meta,
    ) -> Result<Body, String> {
        let _ = file.try_lock();
        let mut w = BufWriter::new(file);
        let partial = Meta {
            complete: false,
            ..meta.clone()
        };
        let head = partial.lines();
        w.write_all(head.as_bytes()).map_err(io(&path))?;
        let mut out = csv::Writer::from_writer(w);
        out.write_record(&header).map_err(csv_io(&path))?;
        out.flush().map_err(io(&path))?;
        Ok(Body {
            path,
            out,
            _scratch: scratch,
            head_bytes: head.len() as u64,
            header,
            rows: 0,
            swept: !meta.sweeps.is_empty(),
            points: meta.points.clone(),
        })
    }

    /// Goes on with the checkpoint of `target` (or, when there is none, a partial result
    /// at `target` itself, as earlier versions left one) for the batch `meta`: every row
    /// checked, whole runs kept, a cut last line or an unfinished run dropped.
    pub fn resume(target: &Path, header: &[String], meta: &Meta) -> Result<Resumed, String> {
        let path = checkpoint_path(target);
        let runs = runs_of(meta);
        if path.exists() {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
                .map_err(io(&path))?;
            if file.try_lock().is_err() {
                return Err(format!(
                    "{} is being written by another rensa batch",
                    path.display()
                ));
            }
            // Only whole lines: a kill or a full disk can cut the last one.
            let len = file.metadata().map_err(io(&path))?.len();
            let whole = last_newline(&mut file, len).map_err(io(&path))?;
            let mut reader = open_limited(&path, Some(whole))?;
            same_batch(&reader, header, meta)?;
            let (done, end) = reader.check(runs, Expect::Prefix, &mut |_, _| Ok(()))?;
            let head_bytes = reader.head.bytes;
            drop(reader);
            file.set_len(end).map_err(io(&path))?;
            file.seek(std::io::SeekFrom::End(0)).map_err(io(&path))?;
            let out = csv::Writer::from_writer(BufWriter::new(file));
            let body = Body {
                path,
                out,
                _scratch: None,
                head_bytes,
                header: header.to_vec(),
                rows: done * meta.points.len().max(1) as u64,
                swept: !meta.sweeps.is_empty(),
                points: meta.points.clone(),
            };
            return Ok(Resumed::From(Box::new(body), done));
        }
        if !target.is_file() {
            return Ok(Resumed::Nothing);
        }
        let mut reader = open(target)?;
        same_batch(&reader, header, meta)?;
        if reader.meta.complete {
            return Ok(Resumed::Complete);
        }
        let mut body = Body::checkpoint(target, header.to_vec(), meta)?;
        let (done, _) = reader.check(runs, Expect::Prefix, &mut |rec, _| body.copy(rec))?;
        body.out.flush().map_err(io(&body.path))?;
        Ok(Resumed::From(Box::new(body), done))
    }

    /// The file the rows go to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes before the header row.
    pub fn head_bytes(&self) -> u64 {
        self.head_bytes
    }

    /// Appends rows, in order, and hands them to the file: a kill after this loses none.
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
            self.out.write_record(&rec).map_err(csv_io(&self.path))?;
            self.rows += 1;
        }
        self.out.flush().map_err(io(&self.path))
    }

    fn copy(&mut self, rec: &csv::StringRecord) -> Result<(), String> {
        self.out.write_record(rec).map_err(csv_io(&self.path))?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes the rows and syncs them to the disk (the body stays where it is).
    pub fn sync(&mut self) -> Result<(), String> {
        self.out.flush().map_err(io(&self.path))?;
        self.out
            .get_ref()
            .get_ref()
            .sync_all()
            .map_err(io(&self.path))
    }

    /// Removes the file (a checkpoint whose result is written).
    pub fn remove(self) -> Result<(), String> {
        let Body { path, out, .. } = self;
        drop(out);
        std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))
    }
}

/// Refuses a file whose last line is cut (no newline at its end): a complete result
/// always ends with one.
pub fn ends_whole(path: &Path) -> Result<(), String> {
    let name = path.display();
    let mut file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read {name}: {e}"))?
        .len();
    let whole = last_newline(&mut file, len).map_err(|e| format!("cannot read {name}: {e}"))?;
    if whole != len {
        return Err(format!(
            "{name}: its last line is cut (no newline at the end): the file is damaged or still being written"
        ));
    }
    Ok(())
}

/// The length of `file` up to and including its last newline.
fn last_newline(file: &mut File, len: u64) -> std::io::Result<u64> {
    let mut at = len;
    let mut buf = [0u8; 4096];
    while at > 0 {
        let from = at.saturating_sub(buf.len() as u64);
        let n = (at - from) as usize;
        file.seek(std::io::SeekFrom::Start(from))?;
        file.read_exact(&mut buf[..n])?;
        if let Some(i) = buf[..n].iter().rposition(|&b| b == b'\n') {
            return Ok(from + i as u64 + 1);
        }
        at = from;
    }
    Ok(0)
}

/// Refuses a file of another batch, shard or header to resume.
fn same_batch(reader: &Reader, header: &[String], meta: &Meta) -> Result<(), String> {
    let name = &reader.name;
    if let Some(why) = meta.mismatch(&reader.meta) {
        return Err(format!(
            "{name}: cannot resume: {why}; it holds the runs of another batch (remove it to start this one)"
        ));
    }
    if reader.meta.shard != meta.shard {
        return Err(format!("{name}: cannot resume: it is another shard"));
    }
    if reader.header != header {
        return Err(format!(
            "{name}: cannot resume: its columns differ from this batch's (another version of rensa or of the scenario)"
        ));
    }
    Ok(())
}

/// Merges the parts at `paths` (any order; summaries beside them skipped, each named in
/// `skipped`) into a scratch body in `dir`; returns the whole batch's meta (no shard,
/// complete) and its rows.
pub fn merge(
    paths: &[PathBuf],
    dir: &Path,
    skipped: &mut Vec<PathBuf>,
) -> Result<(Meta, Body), String> {
    let mut parts = Vec::new();
    for p in paths {
        if kind(p)? == Kind::Summary {
            skipped.push(p.clone());
            continue;
        }
        match open(p) {
            Ok(r) => parts.push(r),
            // A summary from before summaries had their own first line.
            Err(e) if e == not_a_summary(p) => skipped.push(p.clone()),
            Err(e) => return Err(e),
        }
    }
    let Some(first) = parts.first() else {
        return Err("no parts given (only summaries)".into());
    };
    let (first_name, first_meta) = (first.name.clone(), first.meta.clone());
    let Some((_, count)) = first_meta.shard else {
        return Err(format!(
            "{first_name}: not a shard (written without --shard)"
        ));
    };
    for r in &parts {
        if let Some(why) = first_meta.mismatch(&r.meta) {
            return Err(format!(
                "{} and {first_name} are parts of different batches: {why}",
                r.name
            ));
        }
        match r.meta.shard {
            Some((_, n)) if n == count => {}
            _ => {
                return Err(format!(
                    "{}: shard {} is not one of {count} shards like {first_name}",
                    r.name,
                    r.meta
                        .shard
                        .map_or("none".into(), |(i, n)| format!("{i}/{n}"))
                ));
            }
        }
        if !r.meta.complete {
            return Err(format!(
                "{}: partial (stopped before its last run); finish it with --resume first",
                r.name
            ));
        }
        if r.header != first.header {
            return Err(format!(
                "{}: its columns differ from {first_name}'s (another version of rensa or of the scenario)",
                r.name
            ));
        }
    }
    parts.sort_by_key(|r| r.meta.shard.map_or(0, |s| s.0));
    let mut missing = Vec::new();
    for k in 1..=count {
        let given: Vec<&str> = parts
            .iter()
            .filter(|r| r.meta.shard.map(|s| s.0) == Some(k))
            .map(|r| r.name.as_str())
            .collect();
        match given.len() {
            0 => missing.push(k.to_string()),
            1 => {}
            n => {
                return Err(format!(
                    "shard {k}/{count} is given {n} times ({}); merge needs each of the {count} shards once",
                    given.join(", ")
                ));
            }
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|k| format!("{k}/{count}")).collect();
        return Err(format!(
            "shard{} {} {} given 0 times (missing); merge needs each of the {count} shards once",
            if missing.len() > 1 { "s" } else { "" },
            list.join(", "),
            if missing.len() > 1 { "are" } else { "is" },
        ));
    }
    let mut meta = first_meta;
    meta.shard = None;
    meta.complete = true;
    let header = parts[0].header.clone();
    let mut body = Body::scratch(dir, header, &meta)?;
    for mut r in parts {
        ends_whole(&r.path)?;
        let runs = runs_of(&r.meta);
        r.check(runs, Expect::All, &mut |rec, _| body.copy(rec))?;
    }
    body.out.flush().map_err(io(&body.path))?;
    Ok((meta, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_newline_is_found_across_buffers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let mut text = "a\n".repeat(3000);
        text.push_str("cut");
        std::fs::write(&p, &text).unwrap();
        let mut f = File::open(&p).unwrap();
        assert_eq!(last_newline(&mut f, text.len() as u64).unwrap(), 6000);
        std::fs::write(&p, "no newline").unwrap();
        let mut f = File::open(&p).unwrap();
        assert_eq!(last_newline(&mut f, 10).unwrap(), 0);
    }
}
