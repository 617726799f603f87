//! The facts file of a hindcast (`scenarios/hindcasts/ID.facts.ron`), as written, and its
//! checks: every fact names a measure of a service the scenario has, a published value,
//! a tolerance and a source listed in the file with its address and date
//! (docs/VALIDATION.md). Problems are reported as `file:line:column`, in both languages.

use crate::model::hindcast::{Citation, Measure, Tolerance};
use crate::model::{Infrastructure, Key};
use crate::scenario::diagnostics::{Problem, Source, Text};
use crate::scenario::load::parse_ron;
use crate::scenario::spans::Path;
use crate::scenario::{Diagnostics, LoadError};
use serde::Deserialize;

/// A facts file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Hindcast")]
pub struct FactsFile {
    /// The hindcast's id (`kddi-2022-07`).
    pub id: String,
    /// Title in English.
    pub title: String,
    /// Title in Japanese.
    pub title_ja: String,
    /// The scenario file beside it.
    pub scenario: String,
    /// Every source cited below, with its address and date.
    pub sources: Vec<SourceFile>,
    /// Which fictional operator stands for which real one, at what scale.
    #[serde(default)]
    pub stand_ins: Vec<StandIn>,
    /// What failed and when: the scenario's inputs, each from a source.
    #[serde(default)]
    pub inputs: Vec<Input>,
    /// What followed: the outputs held against the run.
    pub facts: Vec<FactFile>,
}

/// A cited document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Source")]
pub struct SourceFile {
    /// The id facts cite.
    pub id: String,
    /// Title and publisher.
    pub title: String,
    /// Address.
    pub url: String,
    /// Date, `YYYY-MM-DD`.
    pub date: String,
}

/// A fictional operator standing for a real one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "StandIn")]
pub struct StandIn {
    /// Who really failed or was affected.
    pub real: String,
    /// The operator or service id that stands for it.
    pub model: String,
    /// How its scale was matched.
    pub scale: String,
    /// The source of the scale.
    pub source: String,
}

/// An input of the scenario, from a source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Input")]
pub struct Input {
    /// What it is.
    pub what: String,
    /// Its value as used in the scenario.
    pub value: String,
    /// The source.
    pub source: String,
}

/// A measure as written: `PeakLoss("jma/amedas")`.
#[derive(Debug, Clone, Deserialize)]
pub enum MeasureFile {
    /// Whether the service fell below its required level (published 1 or 0).
    Fell(String),
    /// Hours until it first fell.
    FirstFall(String),
    /// Hours below required.
    HoursBelow(String),
    /// Hours until it was last back.
    BackAt(String),
    /// The largest share of its level lost.
    PeakLoss(String),
}

impl MeasureFile {
    /// The model's measure.
    pub fn measure(&self) -> Measure {
        match self {
            MeasureFile::Fell(s) => Measure::Fell(s.clone()),
            MeasureFile::FirstFall(s) => Measure::FirstFall(s.clone()),
            MeasureFile::HoursBelow(s) => Measure::HoursBelow(s.clone()),
            MeasureFile::BackAt(s) => Measure::BackAt(s.clone()),
            MeasureFile::PeakLoss(s) => Measure::PeakLoss(s.clone()),
        }
    }
}

/// A tolerance as written.
#[derive(Debug, Clone, Copy, Deserialize)]
pub enum ToleranceFile {
    /// `Exact`.
    Exact,
    /// `Plus(0.1)`: ± this much.
    Plus(f64),
    /// `Range(3.0, 24.0)`.
    Range(f64, f64),
}

/// A published fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Fact")]
pub struct FactFile {
    /// Unique id in the file.
    pub id: String,
    /// What it says, in English.
    pub text: String,
    /// What it says, in Japanese.
    pub text_ja: String,
    /// What is measured in the run.
    pub measure: MeasureFile,
    /// The published value, in the measure's unit (hours; a share; 1 fell / 0 held).
    pub published: f64,
    /// How far the run may be from it and hold, stated before the run.
    pub tolerance: ToleranceFile,
    /// The id of the source (in `sources`).
    pub source: String,
    /// The passage of the source that gives the figure.
    pub quote: String,
}

/// A checked fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Unique id.
    pub id: String,
    /// English.
    pub text: String,
    /// Japanese.
    pub text_ja: String,
    /// The measure.
    pub measure: Measure,
    /// The published value.
    pub published: f64,
    /// The tolerance.
    pub tolerance: Tolerance,
    /// The source id.
    pub source: String,
}

/// A checked facts file.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The raw file (stand-ins and inputs, for documents).
    pub file: FactsFile,
    /// The facts, checked.
    pub facts: Vec<Fact>,
    /// The sources.
    pub sources: Vec<Citation>,
}

/// Reads `text` (named `name` in messages) against the scenario's infrastructure.
pub fn parse(name: &str, text: &str, infra: &Infrastructure) -> Result<Facts, LoadError> {
    let mut src = Source::new(name, text);
    let file: FactsFile = parse_ron(&src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?;
    let problems = check(&file, infra);
    if !problems.is_empty() {
        return Err(LoadError::Invalid(Diagnostics(src.render(problems))));
    }
    let facts = file
        .facts
        .iter()
        .map(|f| Fact {
            id: f.id.clone(),
            text: f.text.clone(),
            text_ja: f.text_ja.clone(),
            measure: f.measure.measure(),
            published: f.published,
            tolerance: match f.tolerance {
                ToleranceFile::Exact => Tolerance::Exact,
                ToleranceFile::Plus(by) => Tolerance::Plus { by },
                ToleranceFile::Range(low, high) => Tolerance::Range { low, high },
            },
            source: f.source.clone(),
        })
        .collect();
    let sources = file
        .sources
        .iter()
        .map(|s| Citation {
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            date: s.date.clone(),
        })
        .collect();
    Ok(Facts {
        file,
        facts,
        sources,
    })
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn empty(path: Path, what: &str, what_ja: &str) -> Problem {
    Problem::new(
        path,
        Text::new(format!("{what} is empty"), format!("{what_ja}が空です")),
    )
}

/// Every meaning problem of the file.
fn check(file: &FactsFile, infra: &Infrastructure) -> Vec<Problem> {
    let root = Path::root();
    let mut out = Vec::new();
    for (field, value, ja) in [
        ("id", &file.id, "id"),
        ("title", &file.title, "title"),
        ("title_ja", &file.title_ja, "title_ja"),
    ] {
        if value.trim().is_empty() {
            out.push(empty(root.field(field), field, ja));
        }
    }
    let mut ids: Vec<&str> = Vec::new();
    for (i, s) in file.sources.iter().enumerate() {
        let at = root.field("sources").index(i);
        if ids.contains(&s.id.as_str()) {
            out.push(Problem::new(
                at.field("id"),
                Text::new(
                    format!("source \"{}\" is listed twice", s.id),
                    format!("出典 \"{}\" が二度あります", s.id),
                ),
            ));
        }
        ids.push(&s.id);
        if s.title.trim().is_empty() {
            out.push(empty(at.field("title"), "the source's title", "出典の題名"));
        }
        if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
            out.push(Problem::new(
                at.field("url"),
                Text::new(
                    "a source's address must start with https:// or http://",
                    "出典のアドレスは https:// か http:// で始まります",
                ),
            ));
        }
        if !is_date(&s.date) {
            out.push(
                Problem::new(
                    at.field("date"),
                    Text::new(
                        format!("\"{}\" is not a date", s.date),
                        format!("\"{}\" は日付ではありません", s.date),
                    ),
                )
                .helps("write it as YYYY-MM-DD", "YYYY-MM-DD の形で書いてください"),
            );
        }
    }
    let cited = |id: &str, at: Path, out: &mut Vec<Problem>| {
        if id.trim().is_empty() {
            out.push(Problem::new(
                at,
                Text::new(
                    "no source: every figure cites one of `sources`",
                    "出典がありません: どの数値も sources の一つを引きます",
                ),
            ));
        } else if !ids.contains(&id) {
            let mut p = Problem::new(
                at,
                Text::new(
                    format!("unknown source \"{id}\""),
                    format!("出典 \"{id}\" は sources にありません"),
                ),
            );
            if let Some(s) = crate::suggest::did_you_mean(id, ids.iter().copied()) {
                p = p.helps(format!("did you mean \"{s}\"?"), format!("\"{s}\" ですか?"));
            }
            out.push(p);
        }
    };
    for (i, s) in file.stand_ins.iter().enumerate() {
        let at = root.field("stand_ins").index(i);
        if infra.lookup(&s.model).is_none() {
            out.push(Problem::new(
                at.field("model"),
                Text::new(
                    format!("unknown id \"{}\"", s.model),
                    format!("id \"{}\" はありません", s.model),
                ),
            ));
        }
        cited(&s.source, at.field("source"), &mut out);
    }
    for (i, input) in file.inputs.iter().enumerate() {
        cited(
            &input.source,
            root.field("inputs").index(i).field("source"),
            &mut out,
        );
    }
    if file.facts.is_empty() {
        out.push(Problem::new(
            root.field("facts"),
            Text::new(
                "a hindcast needs at least one fact",
                "事実が一つもありません",
            ),
        ));
    }
    let mut fact_ids: Vec<&str> = Vec::new();
    for (i, f) in file.facts.iter().enumerate() {
        let at = root.field("facts").index(i);
        if f.id.trim().is_empty() {
            out.push(empty(at.field("id"), "the fact's id", "事実の id"));
        } else if fact_ids.contains(&f.id.as_str()) {
            out.push(Problem::new(
                at.field("id"),
                Text::new(
                    format!("fact \"{}\" is listed twice", f.id),
                    format!("事実 \"{}\" が二度あります", f.id),
                ),
            ));
        }
        fact_ids.push(&f.id);
        if f.text.trim().is_empty() {
            out.push(empty(at.field("text"), "the fact's text", "事実の text"));
        }
        if f.text_ja.trim().is_empty() {
            out.push(empty(
                at.field("text_ja"),
                "the fact's text_ja",
                "事実の text_ja",
            ));
        }
        if f.quote.trim().is_empty() {
            out.push(empty(
                at.field("quote"),
                "the quote giving the figure",
                "数値の引用",
            ));
        }
        cited(&f.source, at.field("source"), &mut out);
        let m = f.measure.measure();
        let svc = m.service();
        if !matches!(infra.lookup(svc), Some(Key::Service(_))) {
            let mut p = Problem::new(
                at.field("measure"),
                Text::new(
                    format!("unknown service \"{svc}\""),
                    format!("サービス \"{svc}\" はありません"),
                ),
            );
            if let Err(Some(s)) = infra.service_by_key(svc) {
                p = p.helps(format!("did you mean \"{s}\"?"), format!("\"{s}\" ですか?"));
            }
            out.push(p);
        }
        if !f.published.is_finite() || f.published < 0.0 {
            out.push(Problem::new(
                at.field("published"),
                Text::new(
                    "the published value must be a number ≥ 0",
                    "公表値は 0 以上の数です",
                ),
            ));
        }
        let share = matches!(m, Measure::PeakLoss(_));
        if share && f.published > 1.0 {
            out.push(Problem::new(
                at.field("published"),
                Text::new("a share lost is in [0, 1]", "失われた割合は 0 から 1 です"),
            ));
        }
        match (&m, f.tolerance) {
            (Measure::Fell(_), ToleranceFile::Exact)
                if f.published != 0.0 && f.published != 1.0 =>
            {
                out.push(Problem::new(
                    at.field("published"),
                    Text::new(
                        "`Fell` is published as 1 (fell) or 0 (held)",
                        "`Fell` の公表値は 1（低下した）か 0（維持した）です",
                    ),
                ));
            }
            (Measure::Fell(_), ToleranceFile::Exact) => {}
            (Measure::Fell(_), _) => out.push(Problem::new(
                at.field("tolerance"),
                Text::new(
                    "`Fell` is yes or no: its tolerance is `Exact`",
                    "`Fell` は「はい」か「いいえ」なので、許容は `Exact` です",
                ),
            )),
            (_, ToleranceFile::Exact) => out.push(Problem::new(
                at.field("tolerance"),
                Text::new(
                    "a figure needs a tolerance: `Plus(x)` or `Range(low, high)`",
                    "数値には許容が要ります: `Plus(x)` か `Range(low, high)`",
                ),
            )),
            (_, ToleranceFile::Plus(by)) if !(by.is_finite() && by >= 0.0) => {
                out.push(Problem::new(
                    at.field("tolerance"),
                    Text::new(
                        "`Plus` takes a number ≥ 0",
                        "`Plus` には 0 以上の数を書きます",
                    ),
                ))
            }
            (_, ToleranceFile::Range(lo, hi))
                if !(lo.is_finite()
                    && hi.is_finite()
                    && lo <= f.published
                    && f.published <= hi) =>
            {
                out.push(Problem::new(
                    at.field("tolerance"),
                    Text::new(
                        "`Range(low, high)` must hold the published value: low ≤ published ≤ high",
                        "`Range(low, high)` は公表値を含みます: low ≤ 公表値 ≤ high",
                    ),
                ))
            }
            _ => {}
        }
    }
    out
}
