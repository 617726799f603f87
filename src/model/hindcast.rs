//! Hindcasts as plain data: what a published fact about a real incident measures, the
//! tolerance stated before the run, and the verdict once a run is held against it
//! (docs/VALIDATION.md). `hindcast/` reads the facts files and runs the scenarios;
//! `present/` words the verdicts.

use serde::{Deserialize, Serialize};

/// What a fact measures in a run, of one service (by its author id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "service", rename_all = "snake_case")]
pub enum Measure {
    /// Whether the service fell below its required level at all (1 yes, 0 no).
    Fell(String),
    /// Hours from T+0 until the service first fell below its required level.
    FirstFall(String),
    /// Hours the service spent below its required level.
    HoursBelow(String),
    /// Hours from T+0 until the service was last back at or above its required level
    /// (after its last fall).
    BackAt(String),
    /// The largest share of the service's level lost at any time: 1 − its lowest level.
    PeakLoss(String),
}

impl Measure {
    /// The service measured.
    pub fn service(&self) -> &str {
        match self {
            Measure::Fell(s)
            | Measure::FirstFall(s)
            | Measure::HoursBelow(s)
            | Measure::BackAt(s)
            | Measure::PeakLoss(s) => s,
        }
    }

    /// Stable machine identifier.
    pub fn id(&self) -> &'static str {
        match self {
            Measure::Fell(_) => "fell",
            Measure::FirstFall(_) => "first_fall",
            Measure::HoursBelow(_) => "hours_below",
            Measure::BackAt(_) => "back_at",
            Measure::PeakLoss(_) => "peak_loss",
        }
    }
}

/// How far the simulated value may be from the published one and still hold, stated in
/// the facts file before the run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tolerance {
    /// Equal (a yes/no fact).
    Exact,
    /// Within ± this much of the published value, in the measure's unit.
    Plus {
        /// The half-width.
        by: f64,
    },
    /// Within [low, high], in the measure's unit (a published range, or an asymmetric
    /// band around a figure).
    Range {
        /// Lowest value that holds.
        low: f64,
        /// Highest value that holds.
        high: f64,
    },
}

impl Tolerance {
    /// Whether `simulated` holds against `published`. A measure the run could not take (a
    /// service that never fell, asked when it fell) never holds.
    pub fn holds(&self, published: f64, simulated: Option<f64>) -> bool {
        let Some(x) = simulated else {
            return false;
        };
        match *self {
            Tolerance::Exact => x == published,
            Tolerance::Plus { by } => (x - published).abs() <= by + 1e-9,
            Tolerance::Range { low, high } => x >= low - 1e-9 && x <= high + 1e-9,
        }
    }
}

/// One fact held against one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The fact's id in its file.
    pub fact: String,
    /// What the fact says, in English.
    pub text: String,
    /// What the fact says, in Japanese.
    pub text_ja: String,
    /// What is measured.
    pub measure: Measure,
    /// The published value, in the measure's unit (hours, a share, 1/0 for yes/no).
    pub published: f64,
    /// The run's value; `None` when the run cannot give it (a service that never fell).
    pub simulated: Option<f64>,
    /// The tolerance stated before the run.
    pub tolerance: Tolerance,
    /// Whether the run holds the fact.
    pub holds: bool,
    /// The id of the source the published value comes from (its address and date are in
    /// the facts file's `sources`).
    pub source: String,
}

/// A source a facts file cites: a news report or an official document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The id facts refer to.
    pub id: String,
    /// Its title (and publisher).
    pub title: String,
    /// Its address.
    pub url: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
}

/// One incident's hindcast held against its run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HindcastResult {
    /// The hindcast's id (`kddi-2022-07`).
    pub id: String,
    /// Its title, in English.
    pub title: String,
    /// Its title, in Japanese.
    pub title_ja: String,
    /// The seed of the run.
    pub seed: u64,
    /// Every fact, in file order.
    pub verdicts: Vec<Verdict>,
    /// The sources cited.
    pub sources: Vec<Citation>,
}

impl HindcastResult {
    /// Whether every fact holds.
    pub fn holds(&self) -> bool {
        self.verdicts.iter().all(|v| v.holds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_hold_at_their_edges_and_not_past_them() {
        let plus = Tolerance::Plus { by: 0.1 };
        assert!(plus.holds(0.43, Some(0.53)));
        assert!(plus.holds(0.43, Some(0.33)));
        assert!(!plus.holds(0.43, Some(0.54)));
        let range = Tolerance::Range {
            low: 3.0,
            high: 24.0,
        };
        assert!(range.holds(12.0, Some(3.0)) && range.holds(12.0, Some(24.0)));
        assert!(!range.holds(12.0, Some(2.9)));
        assert!(Tolerance::Exact.holds(1.0, Some(1.0)));
        assert!(!Tolerance::Exact.holds(1.0, Some(0.0)));
        assert!(
            !plus.holds(0.43, None),
            "a value the run cannot give never holds"
        );
    }
}
