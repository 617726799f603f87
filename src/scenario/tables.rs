//! Infrastructure as tables: `infrastructure: Tables("national")` reads a directory of CSV
//! files, one row per operator, service, system and dependency (docs/SCENARIOS.md).
//!
//! A national or municipal graph is a table in a spreadsheet or a database before it is
//! anything else, and at a million edges RON costs ten times the run (parsing 140 MB into
//! owned values, then checking them). Tables are read row by row into the same
//! [`InfrastructureFile`] a RON file gives, so every check is the RON file's check; what
//! differs is only where a problem is shown: the table's file, the row's line and the
//! column's position in it.
//!
//! | file | columns (required in bold) |
//! |---|---|
//! | `operators.csv` | **id**, **name**, name_ja, **sector**, sub_sector, **region**, posture, source |
//! | `services.csv` | **operator**, **id**, **name**, population, **required**, serves, source |
//! | `systems.csv` (optional) | **service**, **id**, **kind**, **share** |
//! | `dependencies.csv` | **dependent**, **provider**, **kind**, **strength**, **tolerance**, source |
//!
//! Columns may come in any order; an empty optional cell takes the RON default.

use super::diagnostics::{Diagnostic, Problem, Source, Text};
use super::schema::{
    DependencyFile, InfrastructureFile, OperatorFile, RawDuration, ServiceFile, SystemFile,
};
use super::spans::{Path, Pos, Seg};
use crate::model::Infrastructure;
use crate::suggest::did_you_mean;
use rustc_hash::FxHashMap as HashMap;
use serde::de::DeserializeOwned;
use serde::de::IntoDeserializer;

/// The four tables, in the order they are read and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `operators.csv`.
    Operators,
    /// `services.csv`.
    Services,
    /// `systems.csv` (optional).
    Systems,
    /// `dependencies.csv`.
    Dependencies,
}

impl Table {
    /// Every table, in reading order.
    pub const ALL: [Table; 4] = [
        Table::Operators,
        Table::Services,
        Table::Systems,
        Table::Dependencies,
    ];

    /// The file's name in the directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Operators => "operators.csv",
            Table::Services => "services.csv",
            Table::Systems => "systems.csv",
            Table::Dependencies => "dependencies.csv",
        }
    }

    /// Its columns: (name, required).
    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            Table::Operators => &[
                ("id", true),
                ("name", true),
                ("name_ja", false),
                ("sector", true),
                ("sub_sector", false),
                ("region", true),
                ("posture", false),
                ("source", false),
            ],
            Table::Services => &[
                ("operator", true),
                ("id", true),
                ("name", true),
                ("population", false),
                ("required", true),
                ("serves", false),
                ("source", false),
            ],
            Table::Systems => &[
                ("service", true),
                ("id", true),
                ("kind", true),
                ("share", true),
            ],
            Table::Dependencies => &[
                ("dependent", true),
                ("provider", true),
                ("kind", true),
                ("strength", true),
                ("tolerance", true),
                ("source", false),
            ],
        }
    }

    /// Whether a directory may leave the file out.
    pub fn optional(self) -> bool {
        self == Table::Systems
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Most problems reported for one table before the rest are only counted: a wrong
/// column in a million rows should not print a million lines.
const MAX_PROBLEMS: usize = 50;

/// Where a row starts in its file.
#[derive(Debug, Clone, Copy)]
struct RowAt {
    line: u32,
    byte: u64,
}

/// One table as read: its display name, its text, its columns and its rows' places.
#[derive(Debug, Default)]
struct Read {
    name: String,
    text: String,
    columns: HashMap<&'static str, usize>,
    rows: Vec<RowAt>,
}

/// A directory of tables read into an [`InfrastructureFile`], with what is needed to show
/// a problem found later at its row and column.
#[derive(Debug)]
pub struct Tables {
    /// The infrastructure, as a RON file would have given it.
    pub file: InfrastructureFile,
    read: [Read; 4],
    /// Per operator, per service: its row in `services.csv`.
    service_rows: Vec<Vec<u32>>,
    /// Per (operator, service), per system: its row in `systems.csv`.
    system_rows: HashMap<(u32, u32), Vec<u32>>,
}

/// A cell's text turned into a value, or what was expected.
type Cell<T> = Result<T, Text>;

fn number(s: &str) -> Cell<f64> {
    s.parse::<f64>().map_err(|_| {
        Text::new(
            format!("expected a number, found \"{}\"", shorten(s)),
            format!("数値が必要です（\"{}\"）", shorten(s)),
        )
    })
}

fn count(s: &str) -> Cell<u64> {
    s.parse::<u64>().map_err(|_| {
        Text::new(
            format!("expected a whole number ≥ 0, found \"{}\"", shorten(s)),
            format!("0 以上の整数が必要です（\"{}\"）", shorten(s)),
        )
    })
}

/// A unit variant by its name (`Electricity`, `Physical`), as RON writes it.
fn variant<T: DeserializeOwned>(s: &str) -> Cell<T> {
    T::deserialize(s.into_deserializer()).map_err(|e: serde::de::value::Error| {
        let said = e.to_string();
        Text::new(said.clone(), format!("値が正しくありません: {said}"))
    })
}

fn duration(s: &str) -> RawDuration {
    match s.parse::<i64>() {
        Ok(m) => RawDuration::Minutes(m),
        Err(_) => RawDuration::Text(s.to_string()),
    }
}

/// A cell's text for a message: at most 40 characters.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The 1-based character column where field `field` of a CSV line starts.
fn field_column(line: &str, field: usize) -> usize {
    let mut at = 0;
    let mut quoted = false;
    for (col, c) in line.chars().enumerate() {
        if at == field {
            return col + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => at += 1,
            _ => {}
        }
    }
    line.chars().count() + 1
}

impl Read {
    /// The text of the line a row starts on.
    fn line_text(&self, row: RowAt) -> &str {
        let rest = self.text.get(row.byte as usize..).unwrap_or("");
        rest.split('\n').next().unwrap_or("").trim_end_matches('\r')
    }

    /// A diagnostic at a row (by its place) and a column (by its name, if the file has it).
    fn at(
        &self,
        row: RowAt,
        column: Option<&str>,
        message: Text,
        help: Option<Text>,
    ) -> Diagnostic {
        let line = self.line_text(row);
        let col = column
            .and_then(|c| self.columns.get(c))
            .map_or(1, |&i| field_column(line, i));
        let mut d = Source::new(self.name.clone(), line).say(Pos { line: 1, col }, message, help);
        d.pos.line = row.line as usize;
        d
    }

    /// A diagnostic about the header line.
    fn at_header(&self, column: Option<usize>, message: Text, help: Option<Text>) -> Diagnostic {
        let header = self.text.split('\n').next().unwrap_or("");
        let col = column.map_or(1, |i| field_column(header, i));
        Source::new(self.name.clone(), header).say(Pos { line: 1, col }, message, help)
    }
}

/// Reads one table's header and rows, calling `row` with each record and its place.
/// Problems go to `out` (at most [`MAX_PROBLEMS`], then a count).
fn read_table(
    table: Table,
    name: String,
    text: String,
    out: &mut Vec<Diagnostic>,
    mut row: impl FnMut(&Read, RowAt, &csv::StringRecord, &mut Vec<Diagnostic>),
) -> Read {
    let mut read = Read {
        name,
        text,
        ..Read::default()
    };
    let body = read.text.strip_prefix('\u{feff}').unwrap_or(&read.text);
    let bom = read.text.len() - body.len();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body.as_bytes());
    let start = out.len();
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.push(read.at_header(None, csv_problem(&e), None));
            return read;
        }
    };
    let known: Vec<&'static str> = table.columns().iter().map(|(c, _)| *c).collect();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        match known.iter().find(|c| **c == h) {
            Some(c) if read.columns.contains_key(c) => out.push(read.at_header(
                Some(i),
                Text::new(
                    format!("column `{h}` is given twice"),
                    format!("列 `{h}` が 2 回あります"),
                ),
                None,
            )),
            Some(c) => {
                read.columns.insert(c, i);
            }
            None => {
                let help = did_you_mean(h, known.iter().copied()).map(|s| {
                    Text::new(
                        format!("did you mean `{s}`?"),
                        format!("`{s}` のことですか？"),
                    )
                });
                let help = help.unwrap_or_else(|| {
                    Text::new(
                        format!(
                            "the columns of {} are {}",
                            table.file_name(),
                            known.join(", ")
                        ),
                        format!("{} の列は {} です", table.file_name(), known.join(", ")),
                    )
                });
                out.push(read.at_header(
                    Some(i),
                    Text::new(
                        format!("unknown column `{}`", shorten(h)),
                        format!("不明な列 `{}`", shorten(h)),
                    ),
                    Some(help),
                ));
            }
        }
    }
    for (c, required) in table.columns() {
        if *required && !read.columns.contains_key(c) {
            out.push(read.at_header(
                None,
                Text::new(
                    format!("{} has no column `{c}`", table.file_name()),
                    format!("{} に列 `{c}` がありません", table.file_name()),
                ),
                Some(Text::new(
                    format!("the header names the columns: {}", known.join(",")),
                    format!("1 行目に列名を書きます: {}", known.join(",")),
                )),
            ));
        }
    }
    if out.len() > start {
        return read;
    }
    let mut record = csv::StringRecord::new();
    let mut hidden = 0usize;
    loop {
        let mut problems = Vec::new();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let pos = record.position().expect("a read record has a position");
                let at = RowAt {
                    line: pos.line() as u32,
                    byte: pos.byte() + bom as u64,
                };
                read.rows.push(at);
                row(&read, at, &record, &mut problems);
            }
            Err(e) => {
                let at = e.position().map_or(RowAt { line: 1, byte: 0 }, |p| RowAt {
                    line: p.line() as u32,
                    byte: p.byte() + bom as u64,
                });
                problems.push(read.at(at, None, csv_problem(&e), None));
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    out.extend(problems);
                    break;
                }
            }
        }
        for p in problems {
            if out.len() - start < MAX_PROBLEMS {
                out.push(p);
            } else {
                hidden += 1;
            }
        }
    }
    if hidden > 0 {
        let last = read
            .rows
            .last()
            .copied()
            .unwrap_or(RowAt { line: 1, byte: 0 });
        out.push(read.at(
            last,
            None,
            Text::new(
                format!("… and {hidden} more problems in {}", read.name),
                format!("… ほかに {hidden} 件の問題が {} にあります", read.name),
            ),
            None,
        ));
    }
    read
}

fn csv_problem(e: &csv::Error) -> Text {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Text::new(
            format!("this row has {len} cells, the header {expected_len}"),
            format!("この行のセルは {len} 個、1 行目は {expected_len} 個です"),
        ),
        csv::ErrorKind::Utf8 { .. } => Text::new(
            "this row is not UTF-8 text".to_string(),
            "この行は UTF-8 のテキストではありません".to_string(),
        ),
        _ => {
            let said = e.to_string();
            Text::new(said.clone(), format!("CSV として読めません: {said}"))
        }
    }
}

/// One row's cells by column name.
struct Row<'a> {
    read: &'a Read,
    at: RowAt,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The cell of `column`, without the spaces around it ("" when the file has no such
    /// column).
    fn cell(&self, column: &str) -> &str {
        self.read
            .columns
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map_or("", str::trim)
    }

    /// The cell turned into a value; an empty optional cell is `default`.
    fn get<T>(
        &self,
        column: &str,
        default: Option<T>,
        parse: impl FnOnce(&str) -> Cell<T>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let s = self.cell(column);
        if s.is_empty()
            && let Some(d) = default
        {
            return Some(d);
        }
        match parse(s) {
            Ok(v) => Some(v),
            Err(t) => {
                let t = Text::new(
                    format!("{} (column `{column}`)", t.en),
                    format!("{}（列 `{column}`）", t.ja),
                );
                out.push(self.read.at(self.at, Some(column), t, None));
                None
            }
        }
    }

    fn text(&self, column: &str) -> String {
        self.cell(column).to_string()
    }

    /// A reference to a row of another table that does not exist.
    fn unknown<'k>(
        &self,
        column: &str,
        key: &str,
        known: impl Iterator<Item = &'k str>,
    ) -> Diagnostic {
        let help = did_you_mean(key, known).map(|s| {
            Text::new(
                format!("did you mean \"{s}\"?"),
                format!("\"{s}\" のことですか？"),
            )
        });
        self.read.at(
            self.at,
            Some(column),
            Text::new(
                format!("no row has the id \"{}\" (column `{column}`)", shorten(key)),
                format!("id \"{}\" の行がありません（列 `{column}`）", shorten(key)),
            ),
            help,
        )
    }
}

/// What a directory of tables gave: the infrastructure, or the problems that stopped it.
pub type Loaded = Result<Tables, Vec<Diagnostic>>;

/// Reads the tables: `texts[t]` is table `t`'s display name and text (`None` for an
/// optional table left out).
pub fn read(name: &str, texts: [Option<(String, String)>; 4]) -> Loaded {
    let [ops, svcs, syss, deps] = texts;
    // The dependencies (most of a large graph) refer to services only by id: they are
    // read on a second core while the operators, services and systems are read on this
    // one. Each side keeps its rows in file order, so the result is the same either way.
    let ((tables, mut out), (deps, dependencies, deps_out)) = rayon::join(
        || read_owners(name, ops, svcs, syss),
        || read_dependencies(deps),
    );
    out.extend(deps_out);
    let mut tables = tables;
    if !out.is_empty() {
        return Err(out);
    }
    tables.file.dependencies = dependencies;
    tables.read[Table::Dependencies.index()] = deps;
    Ok(tables)
}

/// Reads `dependencies.csv`: its rows in order, and its problems.
fn read_dependencies(
    deps: Option<(String, String)>,
) -> (Read, Vec<DependencyFile>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut list = Vec::new();
    let (dn, dt) = deps.unwrap_or_default();
    let read = read_table(
        Table::Dependencies,
        dn,
        dt,
        &mut out,
        |read, at, record, out| {
            let r = Row { read, at, record };
            let kind = r.get("kind", None, variant, out);
            let strength = r.get("strength", None, number, out);
            let tolerance = r.get("tolerance", None, |s| Ok(duration(s)), out);
            let (Some(kind), Some(strength), Some(tolerance)) = (kind, strength, tolerance) else {
                return;
            };
            list.push(DependencyFile {
                dependent: r.text("dependent"),
                provider: r.text("provider"),
                kind,
                strength,
                tolerance,
                source: r.text("source"),
            });
        },
    );
    (read, list, out)
}

/// Reads the operators, their services and their systems, and their problems.
fn read_owners(
    name: &str,
    ops: Option<(String, String)>,
    svcs: Option<(String, String)>,
    syss: Option<(String, String)>,
) -> (Tables, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut file = InfrastructureFile {
        name: name.to_string(),
        ..InfrastructureFile::default()
    };
    let mut op_index: HashMap<String, u32> = HashMap::default();
    let (on, ot) = ops.unwrap_or_default();
    let ops = read_table(
        Table::Operators,
        on,
        ot,
        &mut out,
        |read, at, record, out| {
            let r = Row { read, at, record };
            let sector = r.get("sector", None, variant, out);
            let sub_sector = r.get("sub_sector", Some(None), |s| variant(s).map(Some), out);
            let posture = r.get("posture", Some(0.5), number, out);
            let (Some(sector), Some(sub_sector), Some(posture)) = (sector, sub_sector, posture)
            else {
                return;
            };
            op_index
                .entry(r.text("id"))
                .or_insert(file.operators.len() as u32);
            file.operators.push(OperatorFile {
                id: r.text("id"),
                name: r.text("name"),
                name_ja: r.text("name_ja"),
                sector,
                sub_sector,
                region: r.text("region"),
                posture,
                services: Vec::new(),
                source: r.text("source"),
            });
        },
    );
    let mut service_rows: Vec<Vec<u32>> = vec![Vec::new(); file.operators.len()];
    // Only systems refer to services here (dependencies are checked with the model).
    let index_services = syss.is_some();
    let mut svc_index: HashMap<String, (u32, u32)> = HashMap::default();
    let (sn, st) = svcs.unwrap_or_default();
    let svcs = read_table(
        Table::Services,
        sn,
        st,
        &mut out,
        |read, at, record, out| {
            let r = Row { read, at, record };
            let Some(&o) = op_index.get(r.cell("operator")) else {
                let known = op_index.keys().map(String::as_str);
                out.push(r.unknown("operator", r.cell("operator"), known));
                return;
            };
            let population = r.get("population", Some(0), count, out);
            let required = r.get("required", None, number, out);
            let serves = r.get("serves", Some(Default::default()), variant, out);
            let (Some(population), Some(required), Some(serves)) = (population, required, serves)
            else {
                return;
            };
            let services = &mut file.operators[o as usize].services;
            if index_services {
                let at = (o, services.len() as u32);
                svc_index.entry(r.text("id")).or_insert(at);
            }
            service_rows[o as usize].push(read.rows.len() as u32 - 1);
            services.push(ServiceFile {
                id: r.text("id"),
                name: r.text("name"),
                population,
                required,
                serves,
                systems: Vec::new(),
                source: r.text("source"),
            });
        },
    );
    let mut system_rows: HashMap<(u32, u32), Vec<u32>> = HashMap::default();
    let syss = match syss {
        Some((yn, yt)) => read_table(Table::Systems, yn, yt, &mut out, |read, at, record, out| {
            let r = Row { read, at, record };
            let Some(&(o, j)) = svc_index.get(r.cell("service")) else {
                let known = svc_index.keys().map(String::as_str);
                out.push(r.unknown("service", r.cell("service"), known));
                return;
            };
            let kind = r.get("kind", None, variant, out);
            let share = r.get("share", None, number, out);
            let (Some(kind), Some(share)) = (kind, share) else {
                return;
            };
            system_rows
                .entry((o, j))
                .or_default()
                .push(read.rows.len() as u32 - 1);
            file.operators[o as usize].services[j as usize]
                .systems
                .push(SystemFile {
                    id: r.text("id"),
                    kind,
                    share,
                });
        }),
        None => Read::default(),
    };
    let tables = Tables {
        file,
        read: [ops, svcs, syss, Read::default()],
        service_rows,
        system_rows,
    };
    (tables, out)
}

impl Tables {
    /// Where a path into the [`InfrastructureFile`] is: the table, the row and the column.
    fn locate<'p>(&self, path: &'p Path) -> Option<(Table, u32, Option<&'p str>)> {
        let seg = |i: usize| path.0.get(i);
        let field = |i: usize| match seg(i) {
            Some(Seg::Field(f)) => Some(f.as_str()),
            _ => None,
        };
        let index = |i: usize| match seg(i) {
            Some(Seg::Index(k)) => Some(*k),
            _ => None,
        };
        match field(0)? {
            "operators" => {
                let o = index(1)?;
                match field(2) {
                    Some("services") => {
                        let j = index(3)?;
                        let row = *self.service_rows.get(o)?.get(j)?;
                        match field(4) {
                            Some("systems") => {
                                let k = index(5)?;
                                let rows = self.system_rows.get(&(o as u32, j as u32))?;
                                Some((Table::Systems, *rows.get(k)?, field(6).or(Some("id"))))
                            }
                            f => Some((Table::Services, row, f.or(Some("id")))),
                        }
                    }
                    f => Some((Table::Operators, o as u32, f.or(Some("id")))),
                }
            }
            "dependencies" => Some((Table::Dependencies, index(1)? as u32, field(2))),
            _ => None,
        }
    }

    /// The diagnostics of problems found in the infrastructure, each at its row and
    /// column (a problem with no row, such as the graph's name, at the first table's top).
    pub fn render(&self, problems: Vec<Problem>) -> Vec<Diagnostic> {
        let mut out: Vec<(usize, Diagnostic)> = problems
            .into_iter()
            .map(|p| {
                let (table, d) = match self.locate(&p.path) {
                    Some((t, row, column)) => {
                        let read = &self.read[t.index()];
                        let at = read.rows.get(row as usize).copied();
                        let at = at.unwrap_or(RowAt { line: 1, byte: 0 });
                        (t, read.at(at, column, p.message, p.help))
                    }
                    None => {
                        let read = &self.read[Table::Operators.index()];
                        let message = Text::new(
                            format!("{} (at {})", p.message.en, p.path),
                            format!("{}（場所: {}）", p.message.ja, p.path),
                        );
                        (Table::Operators, read.at_header(None, message, p.help))
                    }
                };
                let mut d = d;
                d.severity = p.severity;
                (table.index(), d)
            })
            .collect();
        out.sort_by_key(|(t, d)| (*t, d.pos));
        out.into_iter().map(|(_, d)| d).collect()
    }
}

/// Writes an infrastructure as the four tables' texts (the systems table only when some
/// service has systems), in the order [`Table::ALL`] lists them.
pub fn write(file: &InfrastructureFile) -> Vec<(Table, String)> {
    fn table(
        t: Table,
        rows: impl Iterator<Item = Vec<String>>,
    ) -> Result<(Table, String), csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(t.columns().iter().map(|(c, _)| *c))?;
        for r in rows {
            w.write_record(&r)?;
        }
        let bytes = w.into_inner().map_err(|e| e.into_error())?;
        Ok((t, String::from_utf8(bytes).expect("written from strings")))
    }
    let dur = |d: &RawDuration| match d {
        RawDuration::Minutes(m) => m.to_string(),
        RawDuration::Text(s) => s.clone(),
    };
    let ops = file.operators.iter().map(|o| {
        vec![
            o.id.clone(),
            o.name.clone(),
            o.name_ja.clone(),
            format!("{:?}", o.sector),
            o.sub_sector.map(|s| format!("{s:?}")).unwrap_or_default(),
            o.region.clone(),
            o.posture.to_string(),
            o.source.clone(),
        ]
    });
    let svcs = file.operators.iter().flat_map(|o| {
        o.services.iter().map(move |s| {
            vec![
                o.id.clone(),
                s.id.clone(),
                s.name.clone(),
                s.population.to_string(),
                s.required.to_string(),
                format!("{:?}", s.serves),
                s.source.clone(),
            ]
        })
    });
    let syss = file.operators.iter().flat_map(|o| {
        o.services.iter().flat_map(|s| {
            s.systems.iter().map(move |y| {
                vec![
                    s.id.clone(),
                    y.id.clone(),
                    format!("{:?}", y.kind),
                    y.share.to_string(),
                ]
            })
        })
    });
    let deps = file.dependencies.iter().map(|d| {
        vec![
            d.dependent.clone(),
            d.provider.clone(),
            format!("{:?}", d.kind),
            d.strength.to_string(),
            dur(&d.tolerance),
            d.source.clone(),
        ]
    });
    let has_systems = file
        .operators
        .iter()
        .any(|o| o.services.iter().any(|s| !s.systems.is_empty()));
    let mut out = vec![table(Table::Operators, ops), table(Table::Services, svcs)];
    if has_systems {
        out.push(table(Table::Systems, syss));
    }
    out.push(table(Table::Dependencies, deps));
    out.into_iter()
        .map(|r| r.expect("writing to memory does not fail"))
        .collect()
}

/// A built infrastructure as a file (for [`write`]): what the model keeps, without the
/// `source` citations, which the model does not carry.
pub fn file_of(infra: &Infrastructure) -> InfrastructureFile {
    let operators = infra
        .operators
        .iter()
        .map(|o| OperatorFile {
            id: o.key.clone(),
            name: o.name.clone(),
            name_ja: o.name_ja.clone(),
            sector: o.sector,
            sub_sector: o.sub_sector,
            region: infra.regions[o.region.index()].clone(),
            posture: o.posture,
            services: o
                .services
                .iter()
                .map(|&s| {
                    let s = infra.service(s);
                    ServiceFile {
                        id: s.key.clone(),
                        name: s.name.clone(),
                        population: s.population,
                        required: s.required,
                        serves: s.serves,
                        systems: s
                            .systems
                            .iter()
                            .map(|&y| {
                                let y = infra.system(y);
                                SystemFile {
                                    id: y.key.clone(),
                                    kind: y.kind,
                                    share: y.share,
                                }
                            })
                            .collect(),
                        source: String::new(),
                    }
                })
                .collect(),
            source: String::new(),
        })
        .collect();
    let dependencies = infra
        .dependencies
        .iter()
        .map(|d| DependencyFile {
            dependent: infra.service(d.dependent).key.clone(),
            provider: infra.service(d.provider).key.clone(),
            kind: d.kind,
            strength: d.strength,
            tolerance: RawDuration::Minutes(d.tolerance.0 as i64),
            source: String::new(),
        })
        .collect();
    InfrastructureFile {
        name: String::new(),
        operators,
        dependencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(ops: &str, svcs: &str, deps: &str) -> [Option<(String, String)>; 4] {
        [
            Some(("t/operators.csv".into(), ops.into())),
            Some(("t/services.csv".into(), svcs.into())),
            None,
            Some(("t/dependencies.csv".into(), deps.into())),
        ]
    }

    const OPS: &str = "id,name,sector,region\na,A,Electricity,kanto\nb,B,Water,kanto\n";
    const SVCS: &str = "operator,id,name,required\na,a/s,S,0.9\nb,b/s,S,0.8\n";

    #[test]
    fn rows_become_the_file_a_ron_text_would_give() {
        let deps = "provider,dependent,kind,strength,tolerance\na/s,b/s,Physical,1,6h\n";
        let t = read("t", texts(OPS, SVCS, deps)).expect("valid tables");
        assert_eq!(t.file.operators.len(), 2);
        assert_eq!(t.file.operators[1].services[0].id, "b/s");
        assert_eq!(
            t.file.operators[0].posture, 0.5,
            "an absent optional column"
        );
        let d = &t.file.dependencies[0];
        assert_eq!((d.dependent.as_str(), d.provider.as_str()), ("b/s", "a/s"));
        assert_eq!(d.tolerance, RawDuration::Text("6h".into()));
    }

    #[test]
    fn a_bad_cell_is_named_by_file_line_and_column() {
        let deps = "dependent,provider,kind,strength,tolerance\nb/s,a/s,Physical,lots,0\n";
        let e = read("t", texts(OPS, SVCS, deps)).expect_err("a word for a number");
        assert_eq!(e.len(), 1);
        let text = e[0].to_string();
        assert!(
            text.starts_with(
                "t/dependencies.csv:2:18: expected a number, found \"lots\" (column `strength`)"
            ),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_column_gets_a_suggestion_and_a_missing_one_is_named() {
        let ops = "id,name,sectr,region\na,A,Electricity,kanto\n";
        let e = read(
            "t",
            texts(ops, SVCS, "dependent,provider,kind,strength,tolerance\n"),
        )
        .expect_err("a misspelt column");
        let all: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        assert!(all[0].contains("unknown column `sectr`"), "{all:?}");
        assert!(all[0].contains("did you mean `sector`?"), "{all:?}");
        assert!(all[1].contains("has no column `sector`"), "{all:?}");
    }

    #[test]
    fn a_service_of_an_unknown_operator_is_refused_with_a_suggestion() {
        let svcs = "operator,id,name,required\naa,a/s,S,0.9\n";
        let e = read(
            "t",
            texts(OPS, svcs, "dependent,provider,kind,strength,tolerance\n"),
        )
        .expect_err("unknown operator");
        let text = e[0].to_string();
        assert!(
            text.starts_with("t/services.csv:2:1: no row has the id \"aa\""),
            "{text}"
        );
    }

    #[test]
    fn a_short_row_names_its_line() {
        let deps = "dependent,provider,kind,strength,tolerance\nb/s,a/s,Physical\n";
        let e = read("t", texts(OPS, SVCS, deps)).expect_err("a short row");
        assert!(
            e[0].to_string()
                .starts_with("t/dependencies.csv:2:1: this row has 3 cells, the header 5"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn many_bad_rows_are_counted_after_the_first_fifty() {
        let mut deps = "dependent,provider,kind,strength,tolerance\n".to_string();
        for _ in 0..80 {
            deps += "b/s,a/s,Physical,x,0\n";
        }
        let e = read("t", texts(OPS, SVCS, &deps)).expect_err("bad rows");
        assert_eq!(e.len(), MAX_PROBLEMS + 1);
        assert!(e[MAX_PROBLEMS].to_string().contains("and 30 more problems"));
    }

    #[test]
    fn the_column_of_a_quoted_field_counts_its_commas_as_text() {
        assert_eq!(field_column("a,\"b,c\",d", 2), 9);
        assert_eq!(field_column("a,b", 0), 1);
    }
}
