//! Hindcasts (docs/VALIDATION.md): real cross-sector IT failures in Japan whose effects
//! were published, each a scenario in `scenarios/hindcasts/` with its facts beside it. A
//! hindcast runs its scenario once (it is deterministic; its seed is the scenario's) and
//! holds every published fact against the run within the tolerance the file states.
//!
//! The bundled hindcasts are embedded, like the library of drills, so `rensa hindcast`
//! runs from any directory. This face reads no file: the CLI passes the texts of others.

pub mod facts;

use crate::engine::Outcome;
use crate::engine::timeline::{Cause, Happening};
use crate::model::hindcast::{HindcastResult, Measure, Verdict};
use crate::model::{EdgeId, Infrastructure, Scenario, ServiceId};
use crate::scenario::LoadError;
use crate::scenario::load::{NoFiles, load_str};
use crate::session::Session;
use std::sync::Arc;

/// One bundled hindcast: its scenario and facts, embedded.
#[derive(Debug, Clone, Copy)]
pub struct Bundled {
    /// The id (`kddi-2022-07`).
    pub id: &'static str,
    /// The scenario's path in the repository.
    pub scenario_path: &'static str,
    /// The scenario's text.
    pub scenario: &'static str,
    /// The facts file's path.
    pub facts_path: &'static str,
    /// The facts file's text.
    pub facts: &'static str,
}

macro_rules! bundled {
    ($id:literal) => {
        Bundled {
            id: $id,
            scenario_path: concat!("scenarios/hindcasts/", $id, ".ron"),
            scenario: include_str!(concat!("../../scenarios/hindcasts/", $id, ".ron")),
            facts_path: concat!("scenarios/hindcasts/", $id, ".facts.ron"),
            facts: include_str!(concat!("../../scenarios/hindcasts/", $id, ".facts.ron")),
        }
    };
}

/// The bundled hindcasts, in date order of their incidents.
pub const BUNDLED: &[Bundled] = &[
    bundled!("hokkaido-2018-09"),
    bundled!("tse-2020-10"),
    bundled!("kddi-2022-07"),
    bundled!("nagoya-port-2023-07"),
    bundled!("zengin-2023-10"),
];

/// The bundled hindcast with this id.
pub fn bundled(id: &str) -> Option<&'static Bundled> {
    BUNDLED.iter().find(|b| b.id == id)
}

/// A hindcast ready to run: its scenario and its checked facts.
#[derive(Debug, Clone)]
pub struct Hindcast {
    /// The validated scenario.
    pub scenario: Arc<Scenario>,
    /// The checked facts.
    pub facts: facts::Facts,
}

impl Hindcast {
    /// Loads a scenario and its facts from their texts (names for messages).
    pub fn from_texts(
        scenario_name: &str,
        scenario_text: &str,
        facts_name: &str,
        facts_text: &str,
    ) -> Result<Hindcast, LoadError> {
        let scenario = load_str(scenario_name, scenario_text, &NoFiles)?;
        let facts = facts::parse(facts_name, facts_text, &scenario.infra)?;
        Ok(Hindcast {
            scenario: Arc::new(scenario),
            facts,
        })
    }

    /// Loads a bundled hindcast.
    pub fn bundled(b: &Bundled) -> Result<Hindcast, LoadError> {
        Hindcast::from_texts(b.scenario_path, b.scenario, b.facts_path, b.facts)
    }

    /// Runs the scenario to its end with its own seed.
    pub fn run(&self) -> Outcome {
        let mut session = Session::new(self.scenario.clone(), self.scenario.seed);
        let end = session.end();
        session.advance_to(end);
        session.into_outcome()
    }

    /// The services the facts measure, in fact order.
    pub fn measured(&self) -> Vec<ServiceId> {
        self.facts
            .facts
            .iter()
            .filter_map(|f| self.scenario.infra.service_by_key(f.measure.service()).ok())
            .collect()
    }

    /// Runs it and holds every fact against the run.
    pub fn check(&self) -> HindcastResult {
        let outcome = self.run();
        self.held_against(&outcome)
    }

    /// Holds every fact against a run of the scenario.
    pub fn held_against(&self, outcome: &Outcome) -> HindcastResult {
        let verdicts = self
            .facts
            .facts
            .iter()
            .map(|f| {
                let simulated = self.measure(&f.measure, outcome);
                Verdict {
                    fact: f.id.clone(),
                    text: f.text.clone(),
                    text_ja: f.text_ja.clone(),
                    measure: f.measure.clone(),
                    published: f.published,
                    simulated,
                    tolerance: f.tolerance,
                    holds: f.tolerance.holds(f.published, simulated),
                    source: f.source.clone(),
                }
            })
            .collect();
        let file = &self.facts.file;
        HindcastResult {
            id: file.id.clone(),
            title: file.title.clone(),
            title_ja: file.title_ja.clone(),
            seed: outcome.seed,
            verdicts,
            sources: self.facts.sources.clone(),
        }
    }

    /// The run's value of a measure (checked to name a service when loaded).
    fn measure(&self, m: &Measure, outcome: &Outcome) -> Option<f64> {
        let s = self.scenario.infra.service_by_key(m.service()).ok()?;
        let falls = falls(outcome, s);
        let hours = |minutes: u64| minutes as f64 / 60.0;
        match m {
            Measure::Fell(_) => Some(if falls.is_empty() { 0.0 } else { 1.0 }),
            Measure::FirstFall(_) => falls.first().map(|(at, _)| hours(*at)),
            Measure::HoursBelow(_) => {
                Some(hours(outcome.metrics.services[s.index()].minutes_below))
            }
            Measure::BackAt(_) => falls.last().and_then(|(_, back)| back.map(hours)),
            Measure::PeakLoss(_) => Some(1.0 - outcome.metrics.services[s.index()].min_level),
        }
    }
}

/// The spells below required of `s`: (minute it fell, minute it was back, if it was).
fn falls(outcome: &Outcome, s: ServiceId) -> Vec<(u64, Option<u64>)> {
    let mut out: Vec<(u64, Option<u64>)> = Vec::new();
    let mut below = false;
    for e in &outcome.timeline {
        if let Happening::LevelChanged {
            service,
            below_required,
            ..
        } = &e.what
        {
            if *service != s || *below_required == below {
                continue;
            }
            below = *below_required;
            if below {
                out.push((e.time.0, None));
            } else if let Some(last) = out.last_mut() {
                last.1 = Some(e.time.0);
            }
        }
    }
    out
}

/// The edges a run's facts rest on, in edge order: every edge that delivered loss into a
/// measured service, then into those edges' providers, and so on back to the origin
/// (`delivered`); and every edge into those services whose buffer started, delivered or
/// not (`buffers`). This is what a hindcast "touches" of its graph: tests/it/grounding.rs
/// holds each to a published figure.
pub fn touched(
    infra: &Infrastructure,
    outcome: &Outcome,
    measured: &[ServiceId],
) -> (Vec<EdgeId>, Vec<EdgeId>) {
    use std::collections::BTreeSet;
    let mut delivering: BTreeSet<EdgeId> = BTreeSet::new();
    let mut started: BTreeSet<EdgeId> = BTreeSet::new();
    for e in &outcome.timeline {
        match &e.what {
            Happening::LevelChanged { causes, .. } => {
                for c in causes.iter() {
                    if let Cause::Dependency(edge) = c {
                        delivering.insert(*edge);
                    }
                }
            }
            Happening::BufferStarted { edge, .. } => {
                started.insert(*edge);
            }
            _ => {}
        }
    }
    let mut on_path: BTreeSet<ServiceId> = measured.iter().copied().collect();
    let mut stack: Vec<ServiceId> = measured.to_vec();
    let mut delivered = BTreeSet::new();
    while let Some(s) = stack.pop() {
        for d in infra.providers_of(s) {
            if delivering.contains(&d.id) {
                delivered.insert(d.id);
                if on_path.insert(d.provider) {
                    stack.push(d.provider);
                }
            }
        }
    }
    let buffers = started
        .into_iter()
        .filter(|e| on_path.contains(&infra.dependency(*e).dependent))
        .collect();
    (delivered.into_iter().collect(), buffers)
}
