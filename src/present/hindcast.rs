//! The words of `rensa hindcast`: per incident, each published fact beside the run's value,
//! the tolerance stated before the run and whether it holds (docs/VALIDATION.md), in
//! English or Japanese; and its JSON.

use super::text::{lpad, pad};
use super::{Lang, round6};
use crate::model::hindcast::{HindcastResult, Measure, Tolerance};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// What a measure is called, with its service.
pub fn measure(m: &Measure, lang: Lang) -> String {
    let s = m.service();
    match (m, lang) {
        (Measure::Fell(_), Lang::En) => format!("{s} fell below required"),
        (Measure::Fell(_), Lang::Ja) => format!("{s} が要求水準を下回ったか"),
        (Measure::FirstFall(_), Lang::En) => format!("{s} first below required (h)"),
        (Measure::FirstFall(_), Lang::Ja) => format!("{s} が最初に要求水準を下回った時刻（時間）"),
        (Measure::HoursBelow(_), Lang::En) => format!("{s} hours below required"),
        (Measure::HoursBelow(_), Lang::Ja) => format!("{s} の要求水準未満の時間"),
        (Measure::BackAt(_), Lang::En) => format!("{s} back at or above required (h)"),
        (Measure::BackAt(_), Lang::Ja) => format!("{s} が要求水準に戻った時刻（時間）"),
        (Measure::PeakLoss(_), Lang::En) => format!("{s} largest share lost"),
        (Measure::PeakLoss(_), Lang::Ja) => format!("{s} の最大損失割合"),
    }
}

/// A value of a measure as printed: yes/no for `Fell`, else two decimals; `—` for a value
/// the run could not give.
pub fn value(m: &Measure, v: Option<f64>, lang: Lang) -> String {
    match (m, v, lang) {
        (_, None, _) => "—".to_string(),
        (Measure::Fell(_), Some(x), Lang::En) => if x >= 0.5 { "yes" } else { "no" }.to_string(),
        (Measure::Fell(_), Some(x), Lang::Ja) => {
            if x >= 0.5 { "はい" } else { "いいえ" }.to_string()
        }
        (_, Some(x), _) => format!("{x:.2}"),
    }
}

/// A tolerance as printed.
pub fn tolerance(t: &Tolerance, lang: Lang) -> String {
    match (t, lang) {
        (Tolerance::Exact, Lang::En) => "exact".to_string(),
        (Tolerance::Exact, Lang::Ja) => "一致".to_string(),
        (Tolerance::Plus { by }, _) => format!("±{by}"),
        (Tolerance::Range { low, high }, _) => format!("[{low}, {high}]"),
    }
}

/// "holds" / "MISS".
pub fn verdict(holds: bool, lang: Lang) -> &'static str {
    match (holds, lang) {
        (true, Lang::En) => "holds",
        (false, Lang::En) => "MISS",
        (true, Lang::Ja) => "一致",
        (false, Lang::Ja) => "不一致",
    }
}

/// The text table of every hindcast, then the count of facts that hold.
pub fn to_text(results: &[HindcastResult], lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut out = String::new();
    let w = &mut out;
    let heads: [&str; 5] = if ja {
        ["事実", "公表値", "模擬値", "許容", "判定"]
    } else {
        ["fact", "published", "simulated", "tolerance", "verdict"]
    };
    for r in results {
        let title = if ja { &r.title_ja } else { &r.title };
        let _ = if ja {
            writeln!(w, "{} — {}（シード {}）", r.id, title, r.seed)
        } else {
            writeln!(w, "{} — {} (seed {})", r.id, title, r.seed)
        };
        let _ = writeln!(
            w,
            "  {} {} {} {} {}",
            pad(heads[0], 22),
            lpad(heads[1], 10),
            lpad(heads[2], 10),
            lpad(heads[3], 14),
            heads[4]
        );
        for v in &r.verdicts {
            let _ = writeln!(
                w,
                "  {} {} {} {} {}",
                pad(&v.fact, 22),
                lpad(&value(&v.measure, Some(v.published), lang), 10),
                lpad(&value(&v.measure, v.simulated, lang), 10),
                lpad(&tolerance(&v.tolerance, lang), 14),
                verdict(v.holds, lang)
            );
            let text = if ja { &v.text_ja } else { &v.text };
            let _ = writeln!(w, "      {text}");
            let _ = if ja {
                writeln!(w, "      {}; 出典 {}", measure(&v.measure, lang), v.source)
            } else {
                writeln!(
                    w,
                    "      {}; source {}",
                    measure(&v.measure, lang),
                    v.source
                )
            };
        }
        let _ = writeln!(w);
    }
    let total: usize = results.iter().map(|r| r.verdicts.len()).sum();
    let held: usize = results
        .iter()
        .map(|r| r.verdicts.iter().filter(|v| v.holds).count())
        .sum();
    let _ = if ja {
        writeln!(
            w,
            "{} 件のインシデント、{total} 件の事実のうち {held} 件が一致",
            results.len()
        )
    } else {
        writeln!(
            w,
            "{} incidents: {held} of {total} facts hold",
            results.len()
        )
    };
    out
}

/// The JSON document of `rensa hindcast --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HindcastDoc {
    /// Every hindcast run.
    pub hindcasts: Vec<HindcastResult>,
    /// How many facts were held against runs.
    pub facts: usize,
    /// How many hold.
    pub holding: usize,
}

/// The JSON of the results (values rounded to 6 decimals).
pub fn to_json(results: &[HindcastResult]) -> String {
    let mut hindcasts = results.to_vec();
    for r in &mut hindcasts {
        for v in &mut r.verdicts {
            v.simulated = v.simulated.map(round6);
        }
    }
    let facts = results.iter().map(|r| r.verdicts.len()).sum();
    let holding = results
        .iter()
        .map(|r| r.verdicts.iter().filter(|v| v.holds).count())
        .sum();
    let doc = HindcastDoc {
        hindcasts,
        facts,
        holding,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
