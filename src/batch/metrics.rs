//! The columns of a batch row: every headline score of a run (docs/SCORING.md) and, per
//! objective and per sector, an event whose probability the batch estimates.

use crate::engine::Outcome;
use crate::model::objective::ObjectiveStatus;
use crate::model::{Scenario, Sector};
use crate::score::Score;

/// Whether a column is a measure (summarised by mean, quantiles, …) or an event (0 or 1,
/// summarised by its probability with a Wilson interval too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number.
    Measure,
    /// 1 if the event happened in the run, 0 if not.
    Event,
}

/// One metric column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header: snake_case, stable across versions of a scenario with the same ids.
    pub name: String,
    /// Measure or event.
    pub kind: Kind,
}

/// The metric columns of `scenario`, in row order.
pub fn columns(scenario: &Scenario) -> Vec<Column> {
    let m = |name: String| Column {
        name,
        kind: Kind::Measure,
    };
    let e = |name: String| Column {
        name,
        kind: Kind::Event,
    };
    let mut cols = vec![
        m("impact_person_hours".into()),
        m("impact_all_services_person_hours".into()),
    ];
    cols.extend(
        Sector::ALL
            .iter()
            .map(|s| m(format!("impact_{}_person_hours", s.id()))),
    );
    cols.extend(
        [
            "reach_depth",
            "reach_indirect_operators",
            "reach_indirect_sectors",
            "median_detect_minutes",
            "median_report_ceptor_minutes",
            "median_report_ministry_minutes",
            "median_cross_sector_share_minutes",
            "median_recovery_minutes",
            "events",
        ]
        .map(|s| m(s.into())),
    );
    for o in &scenario.drill.objectives {
        cols.push(m(format!("objective_{}_achieved", o.key)));
        cols.push(e(format!("objective_{}_met", o.key)));
    }
    cols.extend(
        Sector::ALL
            .iter()
            .map(|s| e(format!("below_required_{}", s.id()))),
    );
    cols
}

/// The values of [`columns`] for one run; None where a run has no value (a median over
/// no incidents).
pub fn measure(scenario: &Scenario, outcome: &Outcome) -> Vec<Option<f64>> {
    let score = Score::compute(scenario, outcome);
    let mut v: Vec<Option<f64>> = Vec::with_capacity(40);
    v.push(Some(score.impact.end_user_person_hours));
    v.push(Some(score.impact.all_services_person_hours));
    v.extend(score.impact.by_sector.iter().map(|s| Some(s.person_hours)));
    v.push(Some(f64::from(score.reach.depth)));
    v.push(Some(score.reach.indirect_operators.len() as f64));
    v.push(Some(score.reach.indirect_sectors.len() as f64));
    let md = &score.timeliness.median;
    v.extend([
        md.detect_minutes,
        md.report_ceptor_minutes,
        md.report_ministry_minutes,
        md.cross_sector_share_minutes,
        md.recovery_minutes,
    ]);
    v.push(Some(outcome.events as f64));
    for o in &score.objectives {
        v.push(Some(o.achieved));
        v.push(Some(f64::from(u8::from(o.status == ObjectiveStatus::Met))));
    }
    let infra = &scenario.infra;
    for sector in Sector::ALL {
        let fell = infra.services_in_sector(sector).any(|s| {
            outcome.metrics.services[s.index()].min_level < infra.service(s).required - 1e-9
        });
        v.push(Some(f64::from(u8::from(fell))));
    }
    v
}

/// The kind of a column, read from its name (a merged result has only its header).
pub fn kind_of(name: &str) -> Kind {
    if name.starts_with("below_required_")
        || (name.starts_with("objective_") && name.ends_with("_met"))
    {
        Kind::Event
    } else {
        Kind::Measure
    }
}
