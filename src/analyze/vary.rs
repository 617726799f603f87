//! Sensitivity (`--vary`, `--tornado`): a dependency's strength or tolerance, or a model
//! parameter, scaled down and up by a factor; each origin's runs repeated with the same
//! seeds (common random numbers), and the paired differences of total impact reported with
//! their 95 % intervals.

use super::des::{self, Config, RunRecord};
use super::origin::{Units, origin_scenario};
use super::stats::{self, Interval};
use crate::model::{EdgeId, Minutes, Scenario};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What is varied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knob {
    /// A dependency's strength (clamped to [0, 1]).
    Strength(EdgeId),
    /// A dependency's tolerance (whole minutes).
    Tolerance(EdgeId),
    /// The perturbation's severity (clamped to [0, 1]).
    Severity,
    /// `recovery_slowdown` (clamped to [0, 1]).
    RecoverySlowdown,
    /// `backup_extension`.
    BackupExtension,
    /// `backup_cost` (clamped to [0, 1]).
    BackupCost,
}

/// The parameters `--vary` accepts by name.
pub const PARAMS: [&str; 4] = [
    "severity",
    "recovery_slowdown",
    "backup_extension",
    "backup_cost",
];

/// `edge.P->D[.strength|.tolerance]` (the batch's sweep path) as `P->D[:…]`; anything
/// else unchanged.
fn sweep_spelling(spec: &str) -> String {
    let Some(edge) = spec.strip_prefix("edge.") else {
        return spec.to_string();
    };
    for field in ["strength", "tolerance"] {
        if let Some(e) = edge.strip_suffix(&format!(".{field}")) {
            return format!("{e}:{field}");
        }
    }
    edge.to_string()
}

/// Parses `PROVIDER->DEPENDENT` (both knobs of the edge), `PROVIDER->DEPENDENT:strength`,
/// `…:tolerance`, or a parameter name; the error says what was expected, with a
/// did-you-mean. `rensa batch --sweep`'s spelling of an edge, `edge.P->D.tolerance`, is
/// taken too, so an analyst writes an edge one way in both commands.
pub fn parse(spec: &str, scenario: &Scenario) -> Result<Vec<Knob>, String> {
    let infra = &scenario.infra;
    let spec = sweep_spelling(spec.trim());
    let spec = spec.as_str();
    let param = match spec {
        "severity" => Some(Knob::Severity),
        "recovery_slowdown" => Some(Knob::RecoverySlowdown),
        "backup_extension" => Some(Knob::BackupExtension),
        "backup_cost" => Some(Knob::BackupCost),
        _ => None,
    };
    if let Some(k) = param {
        return Ok(vec![k]);
    }
    let Some((edge, which)) = spec
        .split_once("->")
        .map(|(p, rest)| match rest.rsplit_once(':') {
            Some((d, w)) => ((p.trim(), d.trim()), Some(w.trim())),
            None => ((p.trim(), rest.trim()), None),
        })
    else {
        let hint = crate::suggest::did_you_mean(spec, PARAMS)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(format!(
            "`{spec}` is neither a dependency `PROVIDER->DEPENDENT[:strength|:tolerance]` (service ids) nor a parameter ({}){hint}",
            PARAMS.join(", ")
        ));
    };
    let service = |key: &str| {
        infra.service_by_key(key).map_err(|hint| {
            let hint = hint
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("no service `{key}` in the infrastructure{hint}; `rensa list` shows the ids")
        })
    };
    let (p, d) = (service(edge.0)?, service(edge.1)?);
    let e = infra
        .edge_between(p, d)
        .ok_or_else(|| format!("`{}` does not depend on `{}`", edge.1, edge.0))?;
    match which {
        None => Ok(vec![Knob::Strength(e), Knob::Tolerance(e)]),
        Some("strength") => Ok(vec![Knob::Strength(e)]),
        Some("tolerance") => Ok(vec![Knob::Tolerance(e)]),
        Some(w) => Err(format!("`{w}` after `:` must be `strength` or `tolerance`")),
    }
}

/// The knob's name as `--vary` takes it.
pub fn name(knob: Knob, scenario: &Scenario) -> String {
    let infra = &scenario.infra;
    let edge = |e: EdgeId, what: &str| {
        let d = infra.dependency(e);
        format!(
            "{}->{}:{what}",
            infra.service(d.provider).key,
            infra.service(d.dependent).key
        )
    };
    match knob {
        Knob::Strength(e) => edge(e, "strength"),
        Knob::Tolerance(e) => edge(e, "tolerance"),
        Knob::Severity => "severity".into(),
        Knob::RecoverySlowdown => "recovery_slowdown".into(),
        Knob::BackupExtension => "backup_extension".into(),
        Knob::BackupCost => "backup_cost".into(),
    }
}

/// `scenario` with `knob` scaled by `factor`; returns the new value too.
pub fn apply(scenario: &Scenario, knob: Knob, factor: f64) -> (Scenario, f64) {
    let mut s = scenario.clone();
    let unit = |x: f64| (x * factor).clamp(0.0, 1.0);
    let value = match knob {
        Knob::Strength(e) => {
            let infra = Arc::make_mut(&mut s.infra);
            let d = &mut infra.dependencies[e.index()];
            d.strength = unit(d.strength);
            d.strength
        }
        Knob::Tolerance(e) => {
            let infra = Arc::make_mut(&mut s.infra);
            let d = &mut infra.dependencies[e.index()];
            d.tolerance = Minutes((d.tolerance.0 as f64 * factor).round() as u64);
            d.tolerance.0 as f64
        }
        Knob::Severity => {
            let mut v = 0.0;
            for i in &mut s.injects {
                if let crate::model::InjectKind::ItFailure { severity, .. } = &mut i.kind {
                    *severity = unit(*severity);
                    v = *severity;
                }
            }
            v
        }
        Knob::RecoverySlowdown => {
            s.params.recovery_slowdown = unit(s.params.recovery_slowdown);
            s.params.recovery_slowdown
        }
        Knob::BackupExtension => {
            let m = &mut s.params.backup_extension;
            *m = Minutes((m.0 as f64 * factor).round() as u64);
            m.0 as f64
        }
        Knob::BackupCost => {
            s.params.backup_cost = unit(s.params.backup_cost);
            s.params.backup_cost
        }
    };
    (s, value)
}

/// One side of a variation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    /// The knob's value on this side.
    pub value: f64,
    /// Mean paired difference of the origin's total impact (varied − baseline),
    /// person-hours.
    pub difference: f64,
    /// Its 95 % interval.
    pub interval: Interval,
}

/// A knob's effect on one origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The knob (`--vary` syntax).
    pub knob: String,
    /// The origin.
    pub origin: String,
    /// The baseline's mean total impact.
    pub baseline: f64,
    /// Scaled by `1 − delta`.
    pub low: Effect,
    /// Scaled by `1 + delta`.
    pub high: Effect,
}

impl Sensitivity {
    /// The tornado's bar: the larger of the two absolute effects.
    pub fn swing(&self) -> f64 {
        self.low.difference.abs().max(self.high.difference.abs())
    }
}

fn effect(base: &[RunRecord], varied: &[RunRecord], value: f64) -> Effect {
    let diffs: Vec<f64> = base
        .iter()
        .zip(varied)
        .map(|(b, v)| v.total() - b.total())
        .collect();
    let (difference, interval) = stats::mean_interval(&diffs);
    Effect {
        value,
        difference,
        interval,
    }
}

/// The effect of each knob on each origin given, against the baseline runs `base`
/// (`base[o]`, as [`des::simulate`] returned them); the varied runs reuse the seeds.
pub fn sensitivity(
    scenario: &Scenario,
    units: &Units,
    config: &Config,
    base: &[Vec<RunRecord>],
    jobs: &[(Knob, usize)],
    delta: f64,
    progress: &(dyn Fn() + Sync),
) -> Vec<Sensitivity> {
    let mut out = Vec::with_capacity(jobs.len());
    for &(knob, o) in jobs {
        let origin = origin_scenario(
            scenario,
            units.targets[o],
            &config.perturbation,
            config.duration,
        );
        let mut sides = Vec::with_capacity(2);
        for factor in [1.0 - delta, 1.0 + delta] {
            let (s, value) = apply(&origin, knob, factor);
            let s = Arc::new(s);
            let one = [s];
            let runs = des::simulate_origins(&one, &[o], units, config, progress);
            sides.push(effect(&base[o], &runs[0], value));
        }
        let high = sides.pop().expect("two sides");
        let low = sides.pop().expect("two sides");
        let totals: Vec<f64> = base[o].iter().map(RunRecord::total).collect();
        out.push(Sensitivity {
            knob: name(knob, scenario),
            origin: units.names[o].clone(),
            baseline: stats::mean_interval(&totals).0,
            low,
            high,
        });
    }
    out
}

/// The tornado's candidates: every dependency between two different units whose unit
/// pair the loss crossed in the baseline, ranked by how often (Σ over origins of the
/// crossing share), at most `top`; each with the origins whose cascade crossed it.
pub fn tornado_jobs(
    scenario: &Scenario,
    units: &Units,
    matrix: &des::Matrix,
    top: usize,
) -> Vec<(Knob, usize)> {
    let infra = &scenario.infra;
    let mut edges: Vec<(f64, EdgeId, Vec<usize>)> = infra
        .dependencies
        .iter()
        .filter_map(|e| {
            let (p, d) = (
                units.of_service[e.provider.index()],
                units.of_service[e.dependent.index()],
            );
            if p == d {
                return None;
            }
            let mut weight = 0.0;
            let mut origins = Vec::new();
            for (o, cs) in matrix.crossings.iter().enumerate() {
                if let Some(c) = cs.iter().find(|c| c.from == p && c.to == d) {
                    weight += c.share;
                    origins.push(o);
                }
            }
            (weight > 0.0).then_some((weight, e.id, origins))
        })
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    edges
        .into_iter()
        .take(top)
        .flat_map(|(_, e, origins)| {
            origins
                .into_iter()
                .flat_map(move |o| [(Knob::Strength(e), o), (Knob::Tolerance(e), o)])
        })
        .collect()
}
