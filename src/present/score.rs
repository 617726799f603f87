//! The score of a run in JSON (docs/OUTPUT.md, `score`) and in words: figures rounded
//! here, once, from the unrounded values of [`crate::score::Score`].

use super::{Lang, round2, round6};
use crate::score::{
    Impact, Medians, ObjectiveScore, Rating, Reach, Score, Scorecard, Status, Timeliness,
};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The `score` object of the JSON report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreJson {
    /// Impact, person-hours rounded to 2 decimals.
    pub impact: Impact,
    /// Reach.
    pub reach: Reach,
    /// Timeliness, medians rounded to 2 decimals.
    pub timeliness: Timeliness,
    /// Objectives with their text in the report's language.
    pub objectives: Vec<ObjectiveJson>,
    /// Scorecards.
    pub scorecards: Vec<Scorecard>,
}

/// One objective in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveJson {
    /// Author id.
    pub id: String,
    /// The author's text, in the report's language.
    pub text: String,
    /// Roles it names.
    pub roles: Vec<String>,
    /// Expected score.
    pub expected: f64,
    /// Achieved score, 6 decimals.
    pub achieved: f64,
    /// Status.
    pub status: Status,
    /// When it was decided.
    pub decided_minutes: Option<u64>,
    /// HSEEP rating.
    pub rating: Rating,
}

fn r2(x: Option<f64>) -> Option<f64> {
    x.map(round2)
}

impl ScoreJson {
    /// The JSON form of `score`; `texts` gives each objective's text in the language.
    pub fn new(score: &Score, texts: &[String]) -> ScoreJson {
        let mut impact = score.impact.clone();
        impact.end_user_person_hours = round2(impact.end_user_person_hours);
        impact.all_services_person_hours = round2(impact.all_services_person_hours);
        impact
            .by_sector
            .iter_mut()
            .for_each(|s| s.person_hours = round2(s.person_hours));
        impact
            .by_operator
            .iter_mut()
            .for_each(|s| s.person_hours = round2(s.person_hours));
        impact
            .by_service
            .iter_mut()
            .for_each(|s| s.person_hours = round2(s.person_hours));
        let mut timeliness = score.timeliness.clone();
        let m = &score.timeliness.median;
        timeliness.median = Medians {
            detect_minutes: r2(m.detect_minutes),
            report_ceptor_minutes: r2(m.report_ceptor_minutes),
            report_ministry_minutes: r2(m.report_ministry_minutes),
            cross_sector_share_minutes: r2(m.cross_sector_share_minutes),
            recovery_minutes: r2(m.recovery_minutes),
        };
        ScoreJson {
            impact,
            reach: score.reach.clone(),
            timeliness,
            objectives: score
                .objectives
                .iter()
                .enumerate()
                .map(|(i, o): (usize, &ObjectiveScore)| ObjectiveJson {
                    id: o.id.clone(),
                    text: texts.get(i).cloned().unwrap_or_default(),
                    roles: o.roles.clone(),
                    expected: round6(o.expected),
                    achieved: round6(o.achieved),
                    status: o.status,
                    decided_minutes: o.decided_minutes,
                    rating: o.rating,
                })
                .collect(),
            scorecards: score.scorecards.clone(),
        }
    }

    /// The short score section of the text report; `sector` names a sector id in `lang`.
    pub fn text(&self, lang: Lang, sector: &dyn Fn(&str) -> String) -> String {
        let ja = lang == Lang::Ja;
        let mut out = String::new();
        let w = &mut out;
        let i = &self.impact;
        let r = &self.reach;
        let sectors: Vec<String> = r.indirect_sectors.iter().map(|s| sector(s)).collect();
        let m = &self.timeliness.median;
        let c = &self.timeliness.counts;
        let fmt = |x: Option<f64>, n: u32| match x {
            Some(v) => format!("{v:.2} ({n})"),
            None => "-".to_string(),
        };
        if ja {
            let _ = writeln!(w, "\n評価");
            let _ = writeln!(
                w,
                "  影響: 最終利用者向けサービスで {:.0} 人時（全サービス合計の指標 {:.0} 人時）。人時 = 利用人口 × 失われたサービスの割合 × 必要水準を下回った時間。",
                i.end_user_person_hours, i.all_services_person_hours
            );
            let _ = writeln!(
                w,
                "  波及: 直接の被害なしに必要水準を下回った事業者 {} 者、分野 {}（{}）。連鎖の深さ {}{}",
                r.indirect_operators.len(),
                r.indirect_sectors.len(),
                sectors.join("、"),
                r.depth,
                chain(&r.chain)
            );
            let _ = writeln!(
                w,
                "  所要時間の中央値（分、件数）: 検知 {}、セプターへの報告 {}、所管省庁への報告 {}、分野横断の共有 {}、復旧 {}",
                fmt(m.detect_minutes, c.detect_minutes),
                fmt(m.report_ceptor_minutes, c.report_ceptor_minutes),
                fmt(m.report_ministry_minutes, c.report_ministry_minutes),
                fmt(m.cross_sector_share_minutes, c.cross_sector_share_minutes),
                fmt(m.recovery_minutes, c.recovery_minutes)
            );
        } else {
            let _ = writeln!(w, "\nScore");
            let _ = writeln!(
                w,
                "  Impact: {:.0} person-hours at end-user services ({:.0} summed over all services, an index). Person-hours = population served × share of service lost × hours below the required level.",
                i.end_user_person_hours, i.all_services_person_hours
            );
            let _ = writeln!(
                w,
                "  Reach: {} operator(s) and {} sector(s) ({}) fell below their required level without being hit; cascade depth {}{}",
                r.indirect_operators.len(),
                r.indirect_sectors.len(),
                sectors.join(", "),
                r.depth,
                chain(&r.chain)
            );
            let _ = writeln!(
                w,
                "  Median minutes (incidents): detect {}, report to CEPTOR {}, to ministry {}, cross-sector share {}, recovery {}",
                fmt(m.detect_minutes, c.detect_minutes),
                fmt(m.report_ceptor_minutes, c.report_ceptor_minutes),
                fmt(m.report_ministry_minutes, c.report_ministry_minutes),
                fmt(m.cross_sector_share_minutes, c.cross_sector_share_minutes),
                fmt(m.recovery_minutes, c.recovery_minutes)
            );
        }
        for o in &self.objectives {
            let when = o
                .decided_minutes
                .map(|t| crate::model::Time(t).to_string())
                .unwrap_or_else(|| "-".to_string());
            let status = super::objective_status(if ja { Lang::Ja } else { Lang::En }, o.status);
            let _ = writeln!(
                w,
                "  [{:?}] {} — {} ({} {:.2} / {:.2}, {})",
                o.rating, o.id, o.text, status, o.achieved, o.expected, when
            );
        }
        out
    }
}

fn chain(c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(": {}", c.join(" → "))
    }
}
