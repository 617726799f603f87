//! `--aar DIR`: what an after-action report needs, saved atomically (docs/REPORT.md):
//! `result.json`, `drill.ron`, `scenario.ron`, `twin-no-action.json`,
//! `twin-playbook.json`, and with `--luck K` `luck.json`.

use super::atomic::{self, WriteError};
use crate::engine::Outcome;
use crate::model::drill::{LoggedAction, Role};
use crate::model::{IncidentId, Scenario};
use crate::present::{Lang, Report, Words, round2};
use crate::scenario::Fingerprint;
use crate::scenario::drill_log::{self, Lesson};
use crate::twin::{self, Twin};
use std::path::Path;
use std::sync::Arc;

/// A finished drill, as `--out` saves it.
pub struct Drill<'a> {
    /// The scenario.
    pub scenario: &'a Arc<Scenario>,
    /// The scenario file's text (saved as `scenario.ron`).
    pub scenario_text: &'a str,
    /// Its hashes (recorded in `drill.ron`).
    pub fingerprint: &'a Fingerprint,
    /// Master seed.
    pub seed: u64,
    /// The roles played by people.
    pub players: &'a [Role],
    /// Their actions.
    pub actions: &'a [LoggedAction],
    /// Their lessons learned.
    pub lessons: &'a [Lesson],
    /// A served drill's chat and evaluators' observations (docs/SERVE.md).
    pub extras: drill_log::Extras<'a>,
    /// The run's outcome.
    pub outcome: &'a Outcome,
}

/// Writes the JSON of a run, as `--format json` prints it in English, streamed to `path`.
fn write_json(path: &Path, scenario: &Scenario, outcome: &Outcome) -> Result<(), WriteError> {
    let report = Report::new(scenario, outcome, Lang::En);
    atomic::write_with(path, |w| {
        report.write_json(w)?;
        std::io::Write::write_all(w, b"\n")
    })
}

/// Saves `drill` into `dir` (created if missing); `luck` reruns it over that many seeds.
pub fn save(dir: &Path, drill: &Drill, luck: Option<u32>) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        file: dir.to_path_buf(),
        source,
    })?;
    let scenario = drill.scenario;
    atomic::write(&dir.join("scenario.ron"), drill.scenario_text.as_bytes())?;
    let words = Words::new(scenario, drill.outcome, Lang::En);
    let incident_name = |id: IncidentId| {
        words
            .incident_inject(id)
            .filter(|k| *k < scenario.injects.len())
            .map(|k| scenario.injects[k].key.clone())
    };
    let log = drill_log::SavedLog {
        scenario_ref: "scenario.ron",
        fingerprint: Some(drill.fingerprint),
        seed: drill.seed,
        players: drill.players,
        actions: drill.actions,
        lessons: drill.lessons,
        paused_at: None,
        scenario,
        incident_name: &incident_name,
    }
    .to_ron_with(&drill.extras);
    atomic::write(&dir.join("drill.ron"), log.as_bytes())?;
    for t in [Twin::NoAction, Twin::Playbook] {
        let o = twin::twin(scenario, drill.seed, drill.players, t);
        write_json(&dir.join(format!("twin-{}.json", t.id())), scenario, &o)?;
    }
    if let Some(k) = luck {
        let runs = twin::luck(scenario, drill.seed, drill.players, drill.actions, k);
        atomic::write(&dir.join("luck.json"), luck_json(drill, &runs).as_bytes())?;
    }
    // Last, so a directory with a result.json holds everything else too.
    write_json(&dir.join("result.json"), scenario, drill.outcome)
}

/// `luck.json`: the drill's impact placed among its decisions and the no-action twin over
/// other seeds.
fn luck_json(drill: &Drill, runs: &[twin::LuckRun]) -> String {
    use crate::present::json::{LUCK_SEED_MIX, LuckJson, LuckRunJson, RankJson};
    let impact = twin::impact(drill.scenario, drill.outcome);
    let decisions: Vec<f64> = runs.iter().map(|r| r.decisions).collect();
    let idle: Vec<f64> = runs.iter().map(|r| r.no_action).collect();
    let rank = |(rank, pct): (usize, f64)| RankJson {
        rank: rank as u64,
        percentile: round2(pct),
    };
    let doc = LuckJson {
        seed: drill.seed,
        seed_mix: LUCK_SEED_MIX.into(),
        drill_person_hours: round2(impact),
        runs: runs
            .iter()
            .map(|r| LuckRunJson {
                seed: r.seed,
                decisions_person_hours: round2(r.decisions),
                no_action_person_hours: round2(r.no_action),
            })
            .collect(),
        among_decisions: rank(twin::rank(impact, &decisions)),
        among_no_action: rank(twin::rank(impact, &idle)),
    };
    serde_json::to_string_pretty(&doc).expect("luck.json serialises") + "\n"
}
