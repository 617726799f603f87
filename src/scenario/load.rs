//! Turns RON text into a validated [`model::Scenario`], or into every problem found.

use super::diagnostics::{Diagnostic, Diagnostics, Problem, Source, did_you_mean};
use super::schema::*;
use super::spans::{Path, Pos};
use crate::model::{
    self, Infrastructure, Inject, InjectKind, Key, Minutes, OperatorSpec, Sector, ServiceId, Time,
};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The bundled reference infrastructure of Japan.
pub const DEFAULT_INFRA: &str = include_str!("../../assets/japan.ron");
/// The name the bundled infrastructure is reported under.
pub const DEFAULT_INFRA_NAME: &str = "assets/japan.ron";

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("{file}: cannot read: {reason}")]
    Io {
        /// The file.
        file: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The files were read but are not valid.
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Reads files the scenario refers to (an infrastructure file). The CLI passes one that
/// reads from disk relative to the scenario; tests can pass one that reads from memory.
pub trait Resolver {
    /// Returns the display name and text of the file `name` refers to.
    fn read(&self, name: &str) -> Result<(String, String), String>;
}

/// A resolver that refuses every file, for scenarios that must be self-contained.
pub struct NoFiles;

impl Resolver for NoFiles {
    fn read(&self, name: &str) -> Result<(String, String), String> {
        Err(format!("no file access here (asked for \"{name}\")"))
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Converts a `ron` syntax or type error into a diagnostic with a suggestion where possible.
fn ron_diagnostic(src: &Source<'_>, err: &ron::error::SpannedError) -> Diagnostic {
    use ron::error::Error as E;
    let pos = Pos {
        line: err.span.start.line.max(1),
        col: err.span.start.col.max(1),
    };
    let help = match &err.code {
        E::NoSuchStructField {
            expected, found, ..
        } => did_you_mean(found, expected.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some(format!("expected one of: {}", expected.join(", ")))),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => did_you_mean(found, expected.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some(format!("expected one of: {}", expected.join(", ")))),
        E::MissingStructField { field, .. } => Some(format!("add `{field}: ...`")),
        _ => None,
    };
    src.at(pos, err.code.to_string(), help)
}

/// Parses `text` as `T`, or returns the diagnostic of the first syntax or type error.
pub fn parse_ron<T: serde::de::DeserializeOwned>(src: &Source<'_>) -> Result<T, Diagnostic> {
    ron_options()
        .from_str::<T>(src.text)
        .map_err(|e| ron_diagnostic(src, &e))
}

/// Which file a problem belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Scenario,
    Infra,
}

/// Loads a scenario from its text. `name` is how the file is named in messages.
pub fn load_str(
    name: &str,
    text: &str,
    resolver: &dyn Resolver,
) -> Result<model::Scenario, LoadError> {
    let mut src = Source::new(name, text);
    let file: ScenarioFile = parse_ron(&src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?;

    // The infrastructure: bundled, from a file, or inline.
    let (infra_name, infra_text, inline_prefix) = match &file.infrastructure {
        InfraSource::Default => (
            DEFAULT_INFRA_NAME.to_string(),
            Some(DEFAULT_INFRA.to_string()),
            None,
        ),
        InfraSource::File(f) => match resolver.read(f) {
            Ok((n, t)) => (n, Some(t), None),
            Err(reason) => {
                return Err(LoadError::Io {
                    file: f.clone(),
                    reason,
                });
            }
        },
        InfraSource::Inline(_) => (
            name.to_string(),
            None,
            Some(Path::root().field("infrastructure").index(0)),
        ),
    };
    let mut infra_src = Source::new(infra_name, infra_text.as_deref().unwrap_or(""));
    let infra_file: InfrastructureFile = match (&file.infrastructure, &infra_text) {
        (InfraSource::Inline(inline), _) => inline.clone(),
        (_, Some(_)) => parse_ron(&infra_src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?,
        (_, None) => InfrastructureFile::default(),
    };

    let mut problems: Vec<(Where, Problem)> = Vec::new();
    let infra_root = inline_prefix.clone().unwrap_or_default();
    let infra_where = if inline_prefix.is_some() {
        Where::Scenario
    } else {
        Where::Infra
    };
    let infra = build_infrastructure(
        &infra_file,
        &file.changes,
        infra_where,
        &infra_root,
        &mut problems,
    );
    let scenario = check_scenario(&file, infra, &mut problems);

    if problems.is_empty() {
        return Ok(scenario);
    }
    let (in_scenario, in_infra): (Vec<_>, Vec<_>) =
        problems.into_iter().partition(|(w, _)| *w == Where::Scenario);
    let mut out = src.render(in_scenario.into_iter().map(|(_, p)| p).collect());
    out.extend(infra_src.render(in_infra.into_iter().map(|(_, p)| p).collect()));
    Err(LoadError::Invalid(Diagnostics(out)))
}

fn check_unit(value: f64, what: &str, path: Path, problems: &mut Vec<Problem>) {
    if !(0.0..=1.0).contains(&value) {
        problems.push(
            Problem::new(path, format!("{what} must be between 0 and 1, got {value}"))
                .help("write a fraction such as 0.25"),
        );
    }
}

/// Builds the infrastructure from its file and the scenario's changes, collecting
/// problems. Always returns an infrastructure (possibly partial) so later checks can run.
fn build_infrastructure(
    file: &InfrastructureFile,
    changes: &Changes,
    infra_where: Where,
    root: &Path,
    out: &mut Vec<(Where, Problem)>,
) -> Infrastructure {
    let mut b = Infrastructure::builder();
    let changes_path = Path::root().field("changes");

    // Operators: the file's, then the scenario's additions.
    let ops = file
        .operators
        .iter()
        .enumerate()
        .map(|(i, o)| (o, infra_where, root.field("operators").index(i)))
        .chain(
            changes
                .add_operators
                .iter()
                .enumerate()
                .map(|(i, o)| (o, Where::Scenario, changes_path.field("add_operators").index(i))),
        );
    for (op, w, path) in ops {
        let mut p = Vec::new();
        check_unit(op.posture, "posture", path.field("posture"), &mut p);
        if let Some(sub) = op.sub_sector
            && sub.sector() != op.sector
        {
            p.push(
                Problem::new(
                    path.field("sub_sector"),
                    format!(
                        "sub-sector {sub:?} belongs to {:?}, not {:?}",
                        sub.sector(),
                        op.sector
                    ),
                )
                .help(match op.sector.sub_sectors() {
                    [] => format!("{:?} has no sub-sectors; remove the field", op.sector),
                    subs => format!("use one of {subs:?}"),
                }),
            );
        }
        let id = match b.operator(OperatorSpec {
            key: &op.id,
            name: &op.name,
            name_ja: &op.name_ja,
            sector: op.sector,
            sub_sector: op.sub_sector,
            region: &op.region,
            posture: op.posture,
        }) {
            Ok(id) => Some(id),
            Err(e) => {
                p.push(Problem::new(path.field("id"), e.to_string()).help("ids must be unique"));
                None
            }
        };
        for (j, svc) in op.services.iter().enumerate() {
            let spath = path.field("services").index(j);
            check_unit(svc.required, "required level", spath.field("required"), &mut p);
            let Some(op_id) = id else { continue };
            let sid = match b.service(op_id, &svc.id, &svc.name, svc.population, svc.required) {
                Ok(s) => s,
                Err(e) => {
                    p.push(Problem::new(spath.field("id"), e.to_string()).help("ids must be unique"));
                    continue;
                }
            };
            for (k, sys) in svc.systems.iter().enumerate() {
                let ypath = spath.field("systems").index(k);
                check_unit(sys.share, "system share", ypath.field("share"), &mut p);
                if let Err(e) = b.system(sid, &sys.id, sys.kind, sys.share) {
                    p.push(Problem::new(ypath.field("id"), e.to_string()).help("ids must be unique"));
                }
            }
        }
        out.extend(p.into_iter().map(|x| (w, x)));
    }

    // Operator and service patches.
    for (i, patch) in changes.operators.iter().enumerate() {
        let path = changes_path.field("operators").index(i);
        match b.peek().lookup(&patch.id) {
            Some(Key::Operator(_)) => {
                if let Some(v) = patch.posture {
                    let mut p = Vec::new();
                    check_unit(v, "posture", path.field("posture"), &mut p);
                    out.extend(p.into_iter().map(|x| (Where::Scenario, x)));
                }
            }
            _ => out.push((
                Where::Scenario,
                unknown_id(b.peek(), "operator", &patch.id, path.field("id")),
            )),
        }
    }
    for (i, patch) in changes.services.iter().enumerate() {
        let path = changes_path.field("services").index(i);
        if !matches!(b.peek().lookup(&patch.id), Some(Key::Service(_))) {
            out.push((
                Where::Scenario,
                unknown_id(b.peek(), "service", &patch.id, path.field("id")),
            ));
        } else if let Some(v) = patch.required {
            let mut p = Vec::new();
            check_unit(v, "required level", path.field("required"), &mut p);
            out.extend(p.into_iter().map(|x| (Where::Scenario, x)));
        }
    }

    // Dependencies: the file's minus removals, plus additions; patches applied.
    let removed: Vec<(String, String, usize)> = changes
        .remove_dependencies
        .iter()
        .enumerate()
        .map(|(i, r)| (r.dependent.clone(), r.provider.clone(), i))
        .collect();
    let mut removal_used = vec![false; removed.len()];
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let deps = file
        .dependencies
        .iter()
        .enumerate()
        .map(|(i, d)| (d, infra_where, root.field("dependencies").index(i)))
        .chain(
            changes
                .add_dependencies
                .iter()
                .enumerate()
                .map(|(i, d)| (d, Where::Scenario, changes_path.field("add_dependencies").index(i))),
        );
    let mut patch_used = vec![false; changes.dependencies.len()];
    for (dep, w, path) in deps {
        if let Some(k) = removed
            .iter()
            .position(|(d, p, _)| *d == dep.dependent && *p == dep.provider)
        {
            removal_used[k] = true;
            continue;
        }
        let mut p = Vec::new();
        let mut strength = dep.strength;
        let mut tolerance = dep.tolerance.clone();
        for (k, patch) in changes.dependencies.iter().enumerate() {
            if patch.dependent == dep.dependent && patch.provider == dep.provider {
                patch_used[k] = true;
                let ppath = changes_path.field("dependencies").index(k);
                if let Some(s) = patch.strength {
                    strength = s;
                    let mut q = Vec::new();
                    check_unit(s, "strength", ppath.field("strength"), &mut q);
                    out.extend(q.into_iter().map(|x| (Where::Scenario, x)));
                }
                if let Some(t) = &patch.tolerance {
                    if let Err(e) = t.resolve() {
                        out.push((Where::Scenario, Problem::new(ppath.field("tolerance"), e)));
                    }
                    tolerance = t.clone();
                }
            }
        }
        check_unit(dep.strength, "strength", path.field("strength"), &mut p);
        let tol = match dep.tolerance.resolve() {
            Ok(t) => Some(t),
            Err(e) => {
                p.push(Problem::new(path.field("tolerance"), e));
                None
            }
        };
        let provider = service_ref(b.peek(), &dep.provider, path.field("provider"), &mut p);
        let dependent = service_ref(b.peek(), &dep.dependent, path.field("dependent"), &mut p);
        if dep.provider == dep.dependent {
            p.push(
                Problem::new(path.field("provider"), "a service cannot depend on itself")
                    .help("name a service of another operator or remove the dependency"),
            );
        }
        if !seen.insert((dep.dependent.clone(), dep.provider.clone())) {
            p.push(
                Problem::new(
                    path.clone(),
                    format!(
                        "duplicate dependency of \"{}\" on \"{}\"",
                        dep.dependent, dep.provider
                    ),
                )
                .help("merge the two into one edge"),
            );
        }
        let ok = p.is_empty();
        out.extend(p.into_iter().map(|x| (w, x)));
        if let (true, Some(pr), Some(de), Some(_), Ok(t)) =
            (ok, provider, dependent, tol, tolerance.resolve())
        {
            b.dependency(pr, de, dep.kind, strength.clamp(0.0, 1.0), t);
        }
    }
    for (k, used) in removal_used.iter().enumerate() {
        if !used {
            let r = &changes.remove_dependencies[k];
            out.push((
                Where::Scenario,
                Problem::new(
                    changes_path.field("remove_dependencies").index(k),
                    format!(
                        "no dependency of \"{}\" on \"{}\" to remove",
                        r.dependent, r.provider
                    ),
                ),
            ));
        }
    }
    for (k, used) in patch_used.iter().enumerate() {
        if !used {
            let r = &changes.dependencies[k];
            out.push((
                Where::Scenario,
                Problem::new(
                    changes_path.field("dependencies").index(k),
                    format!(
                        "no dependency of \"{}\" on \"{}\" to change",
                        r.dependent, r.provider
                    ),
                )
                .help("use add_dependencies to create a new edge"),
            ));
        }
    }

    let mut infra = b.build();
    // Apply value patches now that every id exists.
    for patch in &changes.services {
        if let Some(Key::Service(s)) = infra.lookup(&patch.id) {
            let svc = &mut infra.services[s.index()];
            if let Some(r) = patch.required {
                svc.required = r;
            }
            if let Some(pop) = patch.population {
                svc.population = pop;
            }
        }
    }
    for patch in &changes.operators {
        if let (Some(Key::Operator(o)), Some(v)) = (infra.lookup(&patch.id), patch.posture) {
            infra.operators[o.index()].posture = v;
        }
    }
    infra
}

fn kind_name(k: Key) -> &'static str {
    match k {
        Key::Operator(_) => "an operator",
        Key::Service(_) => "a service",
        Key::System(_) => "an IT system",
    }
}

/// An "unknown id" problem with a did-you-mean among ids of the expected kind.
fn unknown_id(infra: &Infrastructure, what: &str, key: &str, path: Path) -> Problem {
    if let Some(k) = infra.lookup(key) {
        return Problem::new(path, format!("\"{key}\" is {}, not {what}", kind_name(k)));
    }
    let wanted = |k: Key| match what {
        "operator" => matches!(k, Key::Operator(_)),
        "service" => matches!(k, Key::Service(_)),
        _ => matches!(k, Key::System(_)),
    };
    let candidates: Vec<&str> = infra
        .keys()
        .filter(|(_, k)| wanted(*k))
        .map(|(s, _)| s)
        .collect();
    let p = Problem::new(path, format!("unknown {what} \"{key}\""));
    match did_you_mean(key, candidates.iter().copied()) {
        Some(s) => p.help(format!("did you mean \"{s}\"?")),
        None => p.help(format!("`rensa list` shows the {what} ids")),
    }
}

fn service_ref(
    infra: &Infrastructure,
    key: &str,
    path: Path,
    out: &mut Vec<Problem>,
) -> Option<ServiceId> {
    match infra.lookup(key) {
        Some(Key::Service(s)) => Some(s),
        Some(Key::Operator(o)) => {
            let first = infra
                .operator(o)
                .services
                .first()
                .map(|s| infra.service(*s).key.as_str())
                .unwrap_or("…");
            out.push(
                Problem::new(path, format!("\"{key}\" is an operator, not a service"))
                    .help(format!("dependencies join services, e.g. \"{first}\"")),
            );
            None
        }
        _ => {
            out.push(unknown_id(infra, "service", key, path));
            None
        }
    }
}

fn check_scenario(
    file: &ScenarioFile,
    infra: Infrastructure,
    out: &mut Vec<(Where, Problem)>,
) -> model::Scenario {
    let mut p = Vec::new();
    let root = Path::root();
    let duration = match file.duration.resolve() {
        Ok(Minutes(0)) => {
            p.push(Problem::new(root.field("duration"), "duration must be longer than 0").help("e.g. duration: \"72h\""));
            Minutes(0)
        }
        Ok(d) => d,
        Err(e) => {
            p.push(Problem::new(root.field("duration"), e));
            Minutes(0)
        }
    };
    let params = file.parameters.clone();
    check_unit(
        params.recovery_slowdown,
        "recovery_slowdown",
        root.field("parameters").field("recovery_slowdown"),
        &mut p,
    );

    let mut injects = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for (i, inj) in file.injects.iter().enumerate() {
        let path = root.field("injects").index(i);
        let key = inj.id.clone().unwrap_or_else(|| format!("inject-{}", i + 1));
        if !ids.insert(key.clone()) {
            p.push(Problem::new(path.field("id"), format!("duplicate inject id \"{key}\"")).help("ids must be unique"));
        }
        let at = match inj.at.resolve() {
            Ok(t) => {
                if duration.0 > 0 && t >= duration {
                    p.push(
                        Problem::new(
                            path.field("at"),
                            format!("inject at {t} is past the scenario's duration {duration}"),
                        )
                        .help(format!(
                            "the run covers [0m, {duration}); move the inject earlier or lengthen `duration`"
                        )),
                    );
                }
                Time(t.0)
            }
            Err(e) => {
                p.push(Problem::new(path.field("at"), e));
                Time::ZERO
            }
        };
        let (kind, kpath) = match &inj.kind {
            InjectKindFile::ItFailure {
                cause,
                severity,
                recovery,
            } => (
                InjectKind::ItFailure {
                    cause: *cause,
                    severity: *severity,
                    recovery: recovery.clone(),
                },
                path.field("kind").index(0),
            ),
            InjectKindFile::Disaster {
                hazard,
                severity,
                recovery,
            } => (
                InjectKind::Disaster {
                    hazard: *hazard,
                    severity: *severity,
                    recovery: recovery.clone(),
                },
                path.field("kind").index(0),
            ),
            InjectKindFile::CyberAttack {
                attack,
                severity,
                recovery,
            } => (
                InjectKind::CyberAttack {
                    attack: *attack,
                    severity: *severity,
                    recovery: recovery.clone(),
                },
                path.field("kind").index(0),
            ),
        };
        let _ = kpath;
        check_unit(kind.severity(), "severity", path.field("kind").field("severity"), &mut p);
        for msg in kind.recovery().problems() {
            p.push(Problem::new(path.field("kind").field("recovery"), msg));
        }
        let (hits, label) = resolve_target(&infra, &inj.target, path.field("target"), &mut p);
        injects.push(Inject {
            key,
            at,
            target_label: label,
            hits,
            kind,
        });
    }
    out.extend(p.into_iter().map(|x| (Where::Scenario, x)));
    model::Scenario {
        name: file.name.clone(),
        description: file.description.clone(),
        duration,
        seed: file.seed,
        infra: Arc::new(infra),
        injects,
        params,
    }
}

/// The services a target hits, with the fraction of severity each receives.
fn resolve_target(
    infra: &Infrastructure,
    target: &TargetFile,
    path: Path,
    out: &mut Vec<Problem>,
) -> (Vec<(ServiceId, f64)>, String) {
    let inner = path.index(0);
    let all_of_operator = |o: model::OperatorId| {
        infra
            .operator(o)
            .services
            .iter()
            .map(|s| (*s, 1.0))
            .collect::<Vec<_>>()
    };
    let region_hits = |name: &str, sector: Option<Sector>, out: &mut Vec<Problem>| {
        let Some(r) = infra.region(name) else {
            let p = Problem::new(inner.clone(), format!("unknown region \"{name}\""));
            out.push(match did_you_mean(name, infra.regions.iter().map(|s| s.as_str())) {
                Some(s) => p.help(format!("did you mean \"{s}\"?")),
                None => p.help(format!("regions: {}", infra.regions.join(", "))),
            });
            return Vec::new();
        };
        infra
            .operators
            .iter()
            .filter(|o| o.region == r && sector.is_none_or(|s| s == o.sector))
            .flat_map(|o| o.services.iter().map(|s| (*s, 1.0)))
            .collect()
    };
    let (hits, label): (Vec<(ServiceId, f64)>, String) = match target {
        TargetFile::Operator(k) => match infra.lookup(k) {
            Some(Key::Operator(o)) => (all_of_operator(o), format!("operator {k}")),
            _ => {
                out.push(unknown_id(infra, "operator", k, inner.clone()));
                (Vec::new(), k.clone())
            }
        },
        TargetFile::Service(k) => match infra.lookup(k) {
            Some(Key::Service(s)) => (vec![(s, 1.0)], format!("service {k}")),
            _ => {
                out.push(unknown_id(infra, "service", k, inner.clone()));
                (Vec::new(), k.clone())
            }
        },
        TargetFile::System(k) => match infra.lookup(k) {
            Some(Key::System(y)) => {
                let sys = infra.system(y);
                (vec![(sys.service, sys.share)], format!("system {k}"))
            }
            _ => {
                out.push(unknown_id(infra, "IT system", k, inner.clone()));
                (Vec::new(), k.clone())
            }
        },
        TargetFile::Sector(s) => (
            infra.services_in_sector(*s).map(|x| (x, 1.0)).collect(),
            format!("sector {}", s.id()),
        ),
        TargetFile::Region(r) => (region_hits(r, None, out), format!("region {r}")),
        TargetFile::RegionSector(r, s) => (
            region_hits(r, Some(*s), out),
            format!("{} in region {r}", s.id()),
        ),
    };
    if hits.is_empty() && out.iter().all(|p| !p.path.0.starts_with(&path.0)) {
        out.push(
            Problem::new(path, format!("target {label} hits no service"))
                .help("check the infrastructure has services there (`rensa list`)"),
        );
    }
    (hits, label)
}
