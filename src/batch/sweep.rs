//! Sweeps: the scenario parameters an analyst varies, named by a path (docs/BATCH.md), and
//! the designs that choose their points (full factorial, Latin hypercube).
//!
//! Paths:
//! * `params.FIELD` — a model parameter (`params.alert_boost`, `params.support_travel`);
//! * `edge.PROVIDER->DEPENDENT.strength` / `.tolerance` — a dependency between services;
//! * `service.KEY.required` — a service's required level;
//! * `operator.KEY.posture` — an operator's security posture;
//! * `policy.P.rule.R.delay` — the delay of rule R of policy P (0-based, in the order the
//!   scenario's policies are loaded: the reference playbook unless the scenario has its own).
//!
//! Durations (tolerances, delays, duration parameters) are written as elsewhere ("30m",
//! "6h", "90" = minutes) and recorded in rows as minutes.

use crate::model::dist::Dist;
use crate::model::{EdgeId, Minutes, OperatorId, Scenario, ServiceId};
use crate::suggest::did_you_mean;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;

/// What a path names.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Param(String),
    Strength(EdgeId),
    Tolerance(EdgeId),
    Required(ServiceId),
    Posture(OperatorId),
    Delay(usize, usize),
}

/// A parameter a sweep varies, resolved against a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// The path as written.
    pub path: String,
    target: Target,
    /// Whether values are durations (minutes).
    pub duration: bool,
    /// The lowest and highest value allowed.
    bounds: (f64, f64),
}

/// One `--sweep` as given: a path and its values (factorial) or range (Latin hypercube).
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// The factor.
    pub factor: Factor,
    /// The values of a factorial sweep (empty for a range).
    pub values: Vec<f64>,
    /// The range of a Latin hypercube sweep, `lo..hi`.
    pub range: Option<(f64, f64)>,
}

/// How the points of several sweeps are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    /// Every combination of every sweep's values, the first sweep varying slowest.
    Factorial,
    /// `samples` points of a Latin hypercube over the sweeps' ranges.
    Lhs {
        /// Number of points.
        samples: u32,
    },
}

/// A point of a design: one value per factor, in the sweeps' order.
pub type Point = Vec<f64>;

/// Parses `PATH=v1,v2,…` (or `PATH=lo..hi`) against `scenario`.
pub fn parse(text: &str, scenario: &Scenario) -> Result<Sweep, String> {
    let Some((path, values)) = text.split_once('=') else {
        return Err(format!(
            "--sweep \"{text}\": expected PATH=v1,v2,… or PATH=lo..hi, e.g. params.alert_boost=1,2,3"
        ));
    };
    let factor = resolve(path.trim(), scenario)?;
    let value = |v: &str| factor.value(v.trim());
    if let Some((lo, hi)) = values.split_once("..") {
        let (lo, hi) = (value(lo)?, value(hi)?);
        if lo > hi {
            return Err(format!(
                "--sweep {path}: the range {values} is empty (lo > hi)"
            ));
        }
        return Ok(Sweep {
            factor,
            values: Vec::new(),
            range: Some((lo, hi)),
        });
    }
    let values: Vec<f64> = values.split(',').map(value).collect::<Result<_, _>>()?;
    Ok(Sweep {
        factor,
        values,
        range: None,
    })
}

/// The points of `design` over `sweeps`; `seed` chooses a Latin hypercube's strata.
pub fn points(sweeps: &[Sweep], design: Design, seed: u64) -> Result<Vec<Point>, String> {
    match design {
        Design::Factorial => {
            if let Some(s) = sweeps.iter().find(|s| s.range.is_some()) {
                return Err(format!(
                    "--sweep {}: a range (lo..hi) needs --design lhs; a factorial sweep lists its values",
                    s.factor.path
                ));
            }
            let mut points: Vec<Point> = vec![Vec::new()];
            for s in sweeps {
                points = points
                    .iter()
                    .flat_map(|p| {
                        s.values.iter().map(move |v| {
                            let mut q = p.clone();
                            q.push(*v);
                            q
                        })
                    })
                    .collect();
            }
            Ok(points)
        }
        Design::Lhs { samples } => {
            let k = samples as usize;
            if k == 0 {
                return Err("--samples must be at least 1".into());
            }
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4c48_535f_4445_5349);
            let mut columns = Vec::new();
            for s in sweeps {
                let Some((lo, hi)) = s.range else {
                    return Err(format!(
                        "--sweep {}: --design lhs needs a range, e.g. {}=lo..hi",
                        s.factor.path, s.factor.path
                    ));
                };
                // Stratum j of k holds [j/k, (j+1)/k); each stratum once, in random order.
                let mut strata: Vec<usize> = (0..k).collect();
                for i in (1..k).rev() {
                    strata.swap(i, rng.random_range(0..=i));
                }
                let col: Vec<f64> = strata
                    .iter()
                    .map(|&j| {
                        let u = (j as f64 + rng.random::<f64>()) / k as f64;
                        let x = lo + u * (hi - lo);
                        if s.factor.duration { x.round() } else { x }
                    })
                    .collect();
                columns.push(col);
            }
            Ok((0..k)
                .map(|i| columns.iter().map(|c| c[i]).collect())
                .collect())
        }
    }
}

/// `base` with every factor set to its value at `point`.
pub fn apply(base: &Arc<Scenario>, sweeps: &[Sweep], point: &[f64]) -> Result<Scenario, String> {
    let mut s = (**base).clone();
    for (sw, v) in sweeps.iter().zip(point) {
        sw.factor.set(&mut s, *v)?;
    }
    Ok(s)
}

impl Factor {
    /// Reads a value of this factor: a number, or a duration for a duration factor; checks
    /// its bounds.
    fn value(&self, text: &str) -> Result<f64, String> {
        let v = if self.duration {
            Minutes::parse(text)
                .map_err(|e| format!("--sweep {}: {e}", self.path))?
                .0 as f64
        } else {
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("--sweep {}: \"{text}\" is not a number", self.path))?
        };
        let (lo, hi) = self.bounds;
        if v < lo || v > hi {
            return Err(format!(
                "--sweep {}: {text} is out of range; expected a value in [{lo}, {hi}]",
                self.path
            ));
        }
        Ok(v)
    }

    /// Sets this factor of `s` to `v`.
    fn set(&self, s: &mut Scenario, v: f64) -> Result<(), String> {
        match &self.target {
            Target::Param(field) => {
                let mut json = serde_json::to_value(&s.params).map_err(|e| e.to_string())?;
                let value = if self.duration {
                    serde_json::Value::String(Minutes(v as u64).to_string())
                } else if json[field].is_u64() {
                    serde_json::Value::from(v.round() as u64)
                } else {
                    serde_json::Value::from(v)
                };
                json[field] = value;
                s.params = serde_json::from_value(json)
                    .map_err(|e| format!("--sweep {}: {e}", self.path))?;
            }
            Target::Strength(e) => {
                Arc::make_mut(&mut s.infra).dependencies[e.index()].strength = v;
            }
            Target::Tolerance(e) => {
                Arc::make_mut(&mut s.infra).dependencies[e.index()].tolerance = Minutes(v as u64);
            }
            Target::Required(id) => {
                Arc::make_mut(&mut s.infra).services[id.index()].required = v;
            }
            Target::Posture(id) => {
                Arc::make_mut(&mut s.infra).operators[id.index()].posture = v;
            }
            Target::Delay(p, r) => {
                s.drill.policies[*p].rules[*r].after = Dist::Fixed(Minutes(v as u64));
            }
        }
        Ok(())
    }
}

/// The number fields and duration fields of the model parameters.
fn param_fields(scenario: &Scenario) -> Vec<(String, bool)> {
    let json = serde_json::to_value(&scenario.params).unwrap_or_default();
    let Some(map) = json.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(k, v)| {
            if v.is_number() {
                Some((k.clone(), false))
            } else if v.as_str().is_some_and(|t| Minutes::parse(t).is_ok()) {
                Some((k.clone(), true))
            } else {
                None
            }
        })
        .collect()
}

fn unknown(what: &str, wanted: &str, candidates: &[String]) -> String {
    let mut msg = format!("--sweep: no {what} \"{wanted}\"");
    if let Some(s) = did_you_mean(wanted, candidates.iter().map(String::as_str)) {
        msg.push_str(&format!("; did you mean \"{s}\"?"));
    }
    msg
}

fn field_of<'a>(path: &str, rest: &'a str, fields: &[&str]) -> Result<(&'a str, &'a str), String> {
    let Some((key, field)) = rest.rsplit_once('.') else {
        return Err(format!(
            "--sweep {path}: expected a field after the id ({})",
            fields.join(", ")
        ));
    };
    if !fields.contains(&field) {
        let mut msg = format!(
            "--sweep {path}: no field \"{field}\" here; expected {}",
            fields.join(" or ")
        );
        if let Some(s) = did_you_mean(field, fields.iter().copied()) {
            msg.push_str(&format!("; did you mean \"{s}\"?"));
        }
        return Err(msg);
    }
    Ok((key, field))
}

/// Resolves a path against `scenario`.
pub fn resolve(path: &str, scenario: &Scenario) -> Result<Factor, String> {
    let infra = &scenario.infra;
    let kinds = ["params", "edge", "service", "operator", "policy"];
    let Some((kind, rest)) = path.split_once('.') else {
        return Err(format!(
            "--sweep {path}: a path starts with one of {}, e.g. params.alert_boost",
            kinds.join(", ")
        ));
    };
    let factor = |target, duration, bounds| Factor {
        path: path.to_string(),
        target,
        duration,
        bounds,
    };
    let service = |key: &str| {
        infra.service_by_key(key).map_err(|hint| {
            let mut msg = format!("--sweep: no service \"{key}\"");
            if let Some(s) = hint {
                msg.push_str(&format!("; did you mean \"{s}\"?"));
            }
            msg
        })
    };
    let unit = (0.0, 1.0);
    let forever = (0.0, 1e12);
    match kind {
        "params" => {
            let fields = param_fields(scenario);
            match fields.iter().find(|(f, _)| f == rest) {
                Some((f, duration)) => {
                    let bounds = if *duration { forever } else { (0.0, f64::MAX) };
                    Ok(factor(Target::Param(f.clone()), *duration, bounds))
                }
                None => {
                    let names: Vec<String> = fields.into_iter().map(|(f, _)| f).collect();
                    Err(unknown("model parameter", rest, &names))
                }
            }
        }
        "edge" => {
            let (ends, field) = field_of(path, rest, &["strength", "tolerance"])?;
            let Some((p, d)) = ends.split_once("->") else {
                return Err(format!(
                    "--sweep {path}: an edge is PROVIDER->DEPENDENT, e.g. edge.hinode-comm/dns->megabank-a/internet-banking.tolerance"
                ));
            };
            let (p, d) = (service(p)?, service(d)?);
            let Some(e) = infra.edge_between(p, d) else {
                let deps: Vec<String> = infra
                    .dependencies
                    .iter()
                    .filter(|e| e.provider == p)
                    .map(|e| infra.service(e.dependent).key.clone())
                    .collect();
                let mut msg = format!(
                    "--sweep {path}: {} does not provide to {}",
                    infra.service(p).key,
                    infra.service(d).key
                );
                if let Some(s) =
                    did_you_mean(&infra.service(d).key, deps.iter().map(String::as_str))
                {
                    msg.push_str(&format!("; did you mean \"{s}\"?"));
                }
                return Err(msg);
            };
            Ok(if field == "strength" {
                factor(Target::Strength(e), false, unit)
            } else {
                factor(Target::Tolerance(e), true, forever)
            })
        }
        "service" => {
            let (key, _) = field_of(path, rest, &["required"])?;
            Ok(factor(Target::Required(service(key)?), false, unit))
        }
        "operator" => {
            let (key, _) = field_of(path, rest, &["posture"])?;
            let keys: Vec<String> = infra.operators.iter().map(|o| o.key.clone()).collect();
            let id = infra
                .operators
                .iter()
                .find(|o| o.key == key)
                .map(|o| o.id)
                .ok_or_else(|| unknown("operator", key, &keys))?;
            Ok(factor(Target::Posture(id), false, unit))
        }
        "policy" => {
            let parts: Vec<&str> = rest.split('.').collect();
            let n = scenario.drill.policies.len();
            let [p, "rule", r, field] = parts[..] else {
                return Err(format!(
                    "--sweep {path}: a policy rule's delay is policy.P.rule.R.delay (0-based; this scenario has {n} policies)"
                ));
            };
            field_of(path, &format!("x.{field}"), &["delay"])?;
            let p: usize = p.parse().ok().filter(|p| *p < n).ok_or_else(|| {
                format!("--sweep {path}: no policy {p}; this scenario has policies 0..{n}")
            })?;
            let rules = scenario.drill.policies[p].rules.len();
            let r: usize = r.parse().ok().filter(|r| *r < rules).ok_or_else(|| {
                format!("--sweep {path}: no rule {r}; policy {p} has rules 0..{rules}")
            })?;
            Ok(factor(Target::Delay(p, r), true, forever))
        }
        other => {
            let mut msg = format!(
                "--sweep {path}: no kind of parameter \"{other}\"; expected one of {}",
                kinds.join(", ")
            );
            if let Some(s) = did_you_mean(other, kinds) {
                msg.push_str(&format!("; did you mean \"{s}\"?"));
            }
            Err(msg)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factorial_points_vary_the_first_sweep_slowest() {
        let s = crate::scenario::load_default();
        let a = parse("params.alert_boost=1,2", &s).unwrap();
        let b = parse("params.backup_cost=0.1,0.2,0.3", &s).unwrap();
        let pts = points(&[a, b], Design::Factorial, 1).unwrap();
        assert_eq!(pts.len(), 6);
        assert_eq!(pts[0], vec![1.0, 0.1]);
        assert_eq!(pts[1], vec![1.0, 0.2]);
        assert_eq!(pts[3], vec![2.0, 0.1]);
    }

    #[test]
    fn lhs_puts_one_point_in_each_stratum() {
        let s = crate::scenario::load_default();
        let a = parse("params.backup_cost=0..1", &s).unwrap();
        let pts = points(&[a], Design::Lhs { samples: 10 }, 7).unwrap();
        let mut strata: Vec<usize> = pts.iter().map(|p| (p[0] * 10.0) as usize).collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn bad_paths_say_what_was_meant() {
        let s = crate::scenario::load_default();
        let e = resolve("params.alert_bost", &s).unwrap_err();
        assert!(e.contains("did you mean \"alert_boost\""), "{e}");
        let e = resolve("servce.x.required", &s).unwrap_err();
        assert!(e.contains("did you mean \"service\""), "{e}");
        let e = resolve("service.hinode-comm/dns.requird", &s).unwrap_err();
        assert!(e.contains("did you mean \"required\""), "{e}");
        let e = resolve("service.hinode-comm/dnz.required", &s).unwrap_err();
        assert!(e.contains("did you mean \"hinode-comm/dns\""), "{e}");
        let e = parse("service.hinode-comm/dns.required=2", &s).unwrap_err();
        assert!(e.contains("out of range"), "{e}");
    }
}
