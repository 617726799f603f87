//! Drill logs: a scenario reference, a seed and the players' timestamped actions, in RON.
//! A log is checked completely before anything is simulated from it; every problem is
//! reported as `file:line:column` like a scenario's.

use super::diagnostics::{
    Diagnostic, Diagnostics, Lang, Problem, Say, Source, did_you_mean, visible,
};
use super::load::{LoadError, parse_ron, resolve_inject_kind};
use super::schema::{ActFile, ActionFile, AddresseeFile, DrillFile};
use super::spans::Path;
use super::words;
use crate::model::drill::{Action, Addressee, IncidentRef, LoggedAction, Recipient, Role};
use crate::model::{Date, IncidentId, Key, Scenario, Time};

/// A parsed drill log.
#[derive(Debug, Clone)]
pub struct DrillLog {
    /// The scenario reference as written (a path relative to the log, or `"default"`).
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// The raw file (actions are resolved against a scenario by [`resolve_actions`]).
    pub file: DrillFile,
}

/// Parses a log's syntax (no meaning checks yet: those need the scenario).
pub fn parse_log(name: &str, text: &str) -> Result<DrillLog, LoadError> {
    let src = Source::new(name, text);
    let file: DrillFile = parse_ron(&src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?;
    Ok(DrillLog {
        scenario: file.scenario.clone(),
        seed: file.seed,
        file,
    })
}

/// A log checked against its scenario: who played, and what they did.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLog {
    /// Roles played by people.
    pub players: Vec<Role>,
    /// Their actions, in order.
    pub actions: Vec<LoggedAction>,
    /// Lessons learned, in the log's order.
    pub lessons: Vec<Lesson>,
    /// Where the drill stood when it was saved, if the log says.
    pub paused_at: Option<Time>,
    /// The day the drill was held, if the log says.
    pub date: Option<Date>,
}

impl ResolvedLog {
    /// The minute a resumed drill continues from: where it was saved, else its last
    /// action, else the start (`None`).
    pub fn resume_at(&self) -> Option<Time> {
        self.paused_at.or(self.actions.last().map(|a| a.at))
    }
}

/// A lesson learned, checked: its role exists and its score is 1–5.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Whose lesson.
    pub role: Role,
    /// What went well.
    pub went_well: String,
    /// What went badly.
    pub went_badly: String,
    /// 1 (poor) to 5 (excellent).
    pub score: u32,
}

/// Checks a log against `scenario`: its players, and every action (ids, times, and that
/// the role may take it). Problems are reported all at once, pointing into the log file
/// `name`/`text`.
pub fn resolve(
    name: &str,
    text: &str,
    file: &DrillFile,
    scenario: &Scenario,
) -> Result<ResolvedLog, LoadError> {
    let mut problems = Vec::new();
    let mut players = Vec::new();
    for (i, id) in file.players.iter().flatten().enumerate() {
        match super::roles::parse_role(id, &scenario.infra) {
            Ok(r) => players.push(r),
            Err(e) => problems.push(Problem::new(Path::root().field("players").index(i), e)),
        }
    }
    let (actions, action_problems) = check_actions(file, scenario);
    problems.extend(action_problems);
    let mut lessons = Vec::new();
    for (i, l) in file.lessons.iter().enumerate() {
        let path = Path::root().field("lessons").index(i);
        let role = match super::roles::parse_role(&l.role, &scenario.infra) {
            Ok(r) => Some(r),
            Err(e) => {
                problems.push(Problem::new(path.field("role"), e));
                None
            }
        };
        if !(1..=5).contains(&l.score) {
            problems.push(
                Problem::new(
                    path.field("score"),
                    (
                        format!("a lesson's score is 1 to 5, not {}", l.score),
                        format!("教訓の自己評価は 1〜5 で書きます（指定値: {}）", l.score),
                    ),
                )
                .helps(
                    "1 poor, 3 as expected, 5 excellent",
                    "1 は不十分、3 は期待どおり、5 は非常に良い",
                ),
            );
        }
        if let Some(role) = role {
            lessons.push(Lesson {
                role,
                went_well: l.went_well.clone(),
                went_badly: l.went_badly.clone(),
                score: l.score,
            });
        }
    }
    let paused_at = file
        .paused_at
        .as_ref()
        .and_then(|at| check_paused_at(at, &actions, scenario, &mut problems));
    let date = file.date.as_deref().and_then(|d| match Date::parse(d) {
        Ok(date) => Some(date),
        Err(e) => {
            problems.push(
                Problem::new(
                    Path::root().field("date"),
                    (
                        e,
                        format!("「{d}」は日付ではありません（YYYY-MM-DD で書きます）"),
                    ),
                )
                .helps(
                    "the day the drill was held, e.g. date: \"2025-11-20\"",
                    "演習を実施した日。例: date: \"2025-11-20\"",
                ),
            );
            None
        }
    });
    if file.players.is_some() {
        for (i, a) in &actions {
            if !players.contains(&a.role) {
                problems.push(
                    Problem::new(Path::root().field("actions").index(*i).field("role"), (format!(
                            "{} acts here but is not among the players",
                            a.role.id(&scenario.infra)
                        ), format!(
                        "{} がここで行動していますが、プレイヤーに含まれていません",
                        a.role.id(&scenario.infra)
                    )))
                    .helps(
                        "add it to `players`, or leave `players` out to let every acting role play",
                        "`players` に加えるか、`players` を省いて行動するロールをすべてプレイヤーにします",
                    ),
                );
            }
        }
    }
    if !problems.is_empty() {
        let mut src = Source::new(name, text);
        return Err(LoadError::Invalid(Diagnostics(src.render(problems))));
    }
    if file.players.is_none() {
        for (_, a) in &actions {
            if !players.contains(&a.role) {
                players.push(a.role);
            }
        }
    }
    Ok(ResolvedLog {
        players,
        actions: actions.into_iter().map(|(_, a)| a).collect(),
        lessons,
        paused_at,
        date,
    })
}

/// The minute a saved drill stood at: within the run, and not before its last action.
fn check_paused_at(
    at: &super::schema::RawDuration,
    actions: &[(usize, LoggedAction)],
    scenario: &Scenario,
    problems: &mut Vec<Problem>,
) -> Option<Time> {
    let path = Path::root().field("paused_at");
    let at = match at.resolve() {
        Ok(m) => Time(m.0),
        Err(e) => {
            problems.push(Problem::new(path, e));
            return None;
        }
    };
    let end = Time(scenario.duration.0);
    if at > end {
        problems.push(Problem::new(
            path,
            (
                format!("paused at {at}, after the drill's end at {end}"),
                format!("一時停止の時刻 {at} が演習の終わり {end} より後です"),
            ),
        ));
        return None;
    }
    if let Some((_, last)) = actions.last()
        && at < last.at
    {
        problems.push(
            Problem::new(
                path,
                (
                    format!("paused at {at}, before the last action at {}", last.at),
                    format!("一時停止の時刻 {at} が最後の行動 {} より前です", last.at),
                ),
            )
            .helps(
                "a drill is saved after its actions; leave `paused_at` out if unsure",
                "演習は行動の後に保存されます。わからなければ `paused_at` を書かずにおきます",
            ),
        );
        return None;
    }
    Some(at)
}

/// Checks every action of a log against `scenario` and resolves ids. Problems are
/// reported all at once, pointing into the log file `name`/`text`.
pub fn resolve_actions(
    name: &str,
    text: &str,
    file: &DrillFile,
    scenario: &Scenario,
) -> Result<Vec<LoggedAction>, LoadError> {
    let (actions, problems) = check_actions(file, scenario);
    if problems.is_empty() {
        Ok(actions.into_iter().map(|(_, a)| a).collect())
    } else {
        let mut src = Source::new(name, text);
        Err(LoadError::Invalid(Diagnostics(src.render(problems))))
    }
}

/// The actions that resolve (with their place in the file) and the problems of the rest.
fn check_actions(
    file: &DrillFile,
    scenario: &Scenario,
) -> (Vec<(usize, LoggedAction)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut last = Time::ZERO;
    for (i, act) in file.actions.iter().enumerate() {
        let path = Path::root().field("actions").index(i);
        if let Some(a) = resolve_one(act, &path, scenario, &mut last, &mut problems) {
            out.push((i, a));
        }
    }
    (out, problems)
}

fn resolve_one(
    act: &ActFile,
    path: &Path,
    scenario: &Scenario,
    last: &mut Time,
    p: &mut Vec<Problem>,
) -> Option<LoggedAction> {
    let infra = &scenario.infra;
    let at = match act.at.resolve() {
        Ok(m) => Time(m.0),
        Err(e) => {
            p.push(Problem::new(path.field("at"), e));
            return None;
        }
    };
    if at < *last {
        p.push(
            Problem::new(
                path.field("at"),
                (
                    format!("action at {at} comes before the previous one at {last}"),
                    format!("{at} の行動が、前の {last} の行動より前にあります"),
                ),
            )
            .helps(
                "a drill log lists actions in time order",
                "演習ログには行動を時刻順に並べます",
            ),
        );
    }
    if at.0 >= scenario.duration.0 {
        let end = Time(scenario.duration.0);
        let last_minute = Time(scenario.duration.0.saturating_sub(1));
        p.push(
            Problem::new(path.field("at"), (format!(
                    "action at {at} is too late: the drill ends at {end}; the last minute an action can be taken is {last_minute}"
                ), format!(
                "{at} の行動は遅すぎます。演習は {end} に終わり、行動できる最後の時刻は {last_minute} です"
            )))
            .helps(format!(
                "the scenario runs for {}, covering [T+0, {end})",
                scenario.duration
            ), format!(
                "シナリオの長さは {} で、範囲は [T+0, {end}) です",
                scenario.duration
            )),
        );
    }
    *last = (*last).max(at);
    let role = match super::roles::parse_role(&act.role, infra) {
        Ok(r) => r,
        Err(e) => {
            p.push(Problem::new(path.field("role"), e));
            return None;
        }
    };
    if scenario.drill.absent.contains(&role) {
        p.push(Problem::new(
            path.field("role"),
            (
                format!("{} is absent from this drill", act.role),
                format!("{} はこの演習を欠席しています", act.role),
            ),
        ));
    }
    let apath = path.field("do");
    let action = resolve_action(&act.action, &apath, scenario, p)?;
    if let Err(e) = action.static_refusal(role, &scenario.infra) {
        // Point at the part that is wrong: the action itself, its service, its recipients.
        let at = match (&action, action.class().check(role)) {
            (_, Err(_)) => path.field("do"),
            (Action::SwitchToBackup { .. } | Action::EndBackup { .. }, _) => {
                path.field("do").field("service")
            }
            (Action::Send { .. } | Action::Forward { .. }, _) => path.field("do").field("to"),
            _ => path.field("do"),
        };
        p.push(
            Problem::new(at, words::static_refusal(&e, &scenario.infra)).helps(
                "only actions the role may take can be logged",
                "ログに書けるのは、そのロールがとれる行動だけです",
            ),
        );
        return None;
    }
    Some(LoggedAction { at, role, action })
}

fn addressees(
    list: &[AddresseeFile],
    path: &Path,
    scenario: &Scenario,
    p: &mut Vec<Problem>,
) -> Vec<Addressee> {
    list.iter()
        .enumerate()
        .filter_map(|(i, a)| {
            Some(match a {
                AddresseeFile::MyCeptor => Addressee::Relative(Recipient::MyCeptor),
                AddresseeFile::MyMinistry => Addressee::Relative(Recipient::MyMinistry),
                AddresseeFile::Members => Addressee::Relative(Recipient::Members),
                AddresseeFile::Council => Addressee::Relative(Recipient::Council),
                AddresseeFile::AllCeptors => Addressee::Relative(Recipient::AllCeptors),
                AddresseeFile::AllMinistries => Addressee::Relative(Recipient::AllMinistries),
                AddresseeFile::Nisc => Addressee::Relative(Recipient::Nisc),
                AddresseeFile::Police => Addressee::Relative(Recipient::Police),
                AddresseeFile::Vendor => Addressee::Relative(Recipient::Vendor),
                AddresseeFile::Public => Addressee::Relative(Recipient::Public),
                AddresseeFile::Jpcert => Addressee::Relative(Recipient::Jpcert),
                AddresseeFile::Gsoc => Addressee::Relative(Recipient::Gsoc),
                AddresseeFile::Role(id) => match super::roles::parse_role(id, &scenario.infra) {
                    Ok(r) => Addressee::Role(r),
                    Err(e) => {
                        p.push(Problem::new(path.index(i).index(0), e));
                        return None;
                    }
                },
            })
        })
        .collect()
}

fn resolve_action(
    a: &ActionFile,
    path: &Path,
    scenario: &Scenario,
    p: &mut Vec<Problem>,
) -> Option<Action> {
    let infra = &scenario.infra;
    let service = |k: &str, at: Path, p: &mut Vec<Problem>| match infra.lookup(k) {
        Some(Key::Service(s)) => Some(s),
        _ => {
            let cands = infra.services.iter().map(|s| s.key.as_str());
            let prob = Problem::new(
                at,
                (
                    format!("unknown service \"{k}\""),
                    format!("不明なサービス \"{k}\""),
                ),
            );
            p.push(match did_you_mean(k, cands) {
                Some(s) => prob.helps(
                    format!("did you mean \"{s}\"?"),
                    format!("もしかして \"{s}\" ですか？"),
                ),
                None => prob,
            });
            None
        }
    };
    Some(match a {
        ActionFile::Send {
            to,
            kind,
            incident,
            incident_no,
            attack,
            label,
            text,
            sanitised,
        } => {
            let about = match (incident, incident_no) {
                (Some(k), Some(n)) => {
                    p.push(
                        Problem::new(path.field("incident_no"), (format!(
                                "both `incident` and `incident_no` are given (\"{}\" and {n}); a message is about one incident",
                                super::load::quoted_key(k)
                            ), format!(
                            "`incident` と `incident_no` の両方があります（\"{}\" と {n}）。メッセージが扱うインシデントは一つです",
                            super::load::quoted_key(k)
                        )))
                        .helps(
                            "keep `incident` (the inject's id) or `incident_no`, not both",
                            "`incident`（インジェクトの ID）か `incident_no` のどちらか一方だけを残します",
                        ),
                    );
                    return None;
                }
                (Some(k), None) => match scenario.injects.iter().position(|i| &i.key == k) {
                    Some(i) => Some(IncidentRef::Inject(i)),
                    None => {
                        let keys = scenario.injects.iter().map(|i| i.key.as_str());
                        let prob = Problem::new(
                            path.field("incident"),
                            (
                                format!("unknown inject \"{k}\""),
                                format!("不明なインジェクト \"{k}\""),
                            ),
                        );
                        p.push(match did_you_mean(k, keys) {
                            Some(s) => prob.helps(
                                format!("did you mean \"{s}\"?"),
                                format!("もしかして \"{s}\" ですか？"),
                            ),
                            None => prob.helps(
                                "name the incident by the id of the inject that caused it",
                                "インシデントは、それを起こしたインジェクトの ID で指定します",
                            ),
                        });
                        return None;
                    }
                },
                (None, Some(n)) => Some(IncidentRef::Id(IncidentId(*n))),
                (None, None) => None,
            };
            super::load::check_text("message text", text, path.field("text"), p);
            let to = addressees(to, &path.field("to"), scenario, p);
            Action::Send {
                to,
                kind: *kind,
                about,
                attack: *attack,
                label: *label,
                text: text.clone(),
                sanitised: *sanitised,
            }
        }
        ActionFile::GrantPermission { message, to } => {
            match super::roles::parse_role(to, &scenario.infra) {
                Ok(r) => Action::GrantPermission {
                    message: *message,
                    to: r,
                },
                Err(e) => {
                    p.push(Problem::new(path.field("to"), e));
                    return None;
                }
            }
        }
        ActionFile::Forward { message, to } => Action::Forward {
            message: *message,
            to: addressees(to, &path.field("to"), scenario, p),
        },
        ActionFile::Isolate { systems } => Action::Isolate { systems: *systems },
        ActionFile::Reconnect { systems } => Action::Reconnect { systems: *systems },
        ActionFile::SwitchToBackup { service: k } => Action::SwitchToBackup {
            service: service(k, path.field("service"), p)?,
        },
        ActionFile::EndBackup { service: k } => Action::EndBackup {
            service: service(k, path.field("service"), p)?,
        },
        ActionFile::RestoreFromBackup => Action::RestoreFromBackup,
        ActionFile::DispatchSupport { operator } => match infra.lookup(operator) {
            Some(Key::Operator(o)) => Action::DispatchSupport { operator: o },
            _ => {
                let cands = infra.operators.iter().map(|o| o.key.as_str());
                let prob = Problem::new(
                    path.field("operator"),
                    (
                        format!("unknown operator \"{operator}\""),
                        format!("不明な事業者 \"{operator}\""),
                    ),
                );
                p.push(match did_you_mean(operator, cands) {
                    Some(s) => prob.helps(
                        format!("did you mean \"{s}\"?"),
                        format!("もしかして \"{s}\" ですか？"),
                    ),
                    None => prob,
                });
                return None;
            }
        },
        ActionFile::PublishSignature { attack } => Action::PublishSignature { attack: *attack },
        ActionFile::Inject { id, target, kind } => {
            if let Some(k) = id
                && let Err(e) = crate::model::ids::check_key(k)
            {
                p.push(Problem::new(
                    path.field("id"),
                    (
                        format!("inject id \"{}\" {e}", super::load::quoted_key(k)),
                        format!(
                            "インジェクト ID \"{}\" {}",
                            super::load::quoted_key(k),
                            e.say(Lang::Ja)
                        ),
                    ),
                ));
                return None;
            }
            let inject = resolve_inject_kind(scenario, id.clone(), target.as_ref(), kind, path, p)?;
            Action::Inject(Box::new(inject))
        }
        ActionFile::Fire { inject } => {
            let keys: Vec<&str> = scenario.injects.iter().map(|i| i.key.as_str()).collect();
            match keys.iter().position(|k| k == inject) {
                Some(i) => Action::FireInject { inject: i },
                None => {
                    let prob = Problem::new(
                        path.field("inject"),
                        (
                            format!("unknown inject \"{inject}\""),
                            format!("不明なインジェクト \"{inject}\""),
                        ),
                    );
                    p.push(match did_you_mean(inject, keys.iter().copied()) {
                        Some(k) => prob.helps(
                            format!("did you mean \"{k}\"?"),
                            format!("もしかして \"{k}\" ですか？"),
                        ),
                        None => prob,
                    });
                    return None;
                }
            }
        }
    })
}

/// Checks that a log was recorded on this scenario as it is now. `fingerprint` is what
/// the scenario was loaded from; `other_file` is set when the log's `scenario` names a
/// different file than the one given (its path as the user named it). A log recorded on
/// another scenario is refused; a changed scenario or infrastructure is refused, or only
/// warned about with `allow_changed`; a log without hashes gets a warning. Returns the
/// warnings.
pub fn check_recorded(
    name: &str,
    text: &str,
    file: &DrillFile,
    fingerprint: &super::Fingerprint,
    other_file: Option<&str>,
    allow_changed: bool,
) -> Result<Vec<Diagnostic>, LoadError> {
    let root = Path::root();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let scenario_same = file.scenario_hash.as_deref() == Some(fingerprint.scenario.as_str());
    if let Some(given) = other_file
        && !scenario_same
    {
        errors.push(
            Problem::new(
                root.field("scenario"),
                (
                    format!(
                        "this log was recorded on \"{}\", not on {given}",
                        visible(&file.scenario)
                    ),
                    format!(
                        "この演習ログは \"{}\" で記録されたもので、{} のものではありません",
                        visible(&file.scenario),
                        match given {
                            "the bundled default drill" => "同梱の既定の演習",
                            other => other,
                        }
                    ),
                ),
            )
            .helps(
                "run it on its own scenario, or use `rensa replay LOG`",
                "記録したシナリオで実行するか、`rensa replay LOG` を使います",
            ),
        );
    } else if file.scenario_hash.is_none() {
        warnings.push(
            Problem::new(root.field("scenario"), ("this log records no scenario_hash, so a change of its scenario since it was recorded would go unnoticed", "この演習ログには scenario_hash がないため、記録後にシナリオが変わっても気づけません"))
            .helps(
                "record `scenario_hash` and `infrastructure_hash` in the log (docs/DRILL.md)",
                "ログに `scenario_hash` と `infrastructure_hash` を記録します（docs/DRILL.md）",
            ),
        );
    } else {
        let mut changed = Vec::new();
        if !scenario_same {
            changed.push(("scenario", "scenario_hash"));
        }
        if file.infrastructure_hash != fingerprint.infrastructure {
            changed.push(("infrastructure", "infrastructure_hash"));
        }
        for (what, field) in changed {
            let p = Problem::new(
                root.field(field),
                (
                    format!("the {what} changed since this log was recorded"),
                    format!(
                        "この演習ログの記録後に{}が変更されています",
                        if what == "scenario" {
                            "シナリオ"
                        } else {
                            "インフラ"
                        }
                    ),
                ),
            );
            if allow_changed {
                warnings.push(p.helps(
                    "replaying anyway (--allow-changed); the result may differ from the drill's",
                    "このまま再生します（--allow-changed）。結果は演習時と異なる場合があります",
                ));
            } else {
                errors.push(p.helps("the actions may no longer mean what they did; pass --allow-changed to replay anyway", "行動の意味が記録時と変わっている可能性があります。それでも再生するには --allow-changed を付けます"));
            }
        }
    }
    let mut src = Source::new(name, text);
    if !errors.is_empty() {
        return Err(LoadError::Invalid(Diagnostics(src.render(errors))));
    }
    Ok(src.render(warnings))
}

/// Writes a drill log: the scenario reference, the seed and the players' actions. The
/// result parses back to the same actions. `incident_name` names incidents by the id of
/// the scenario inject that opened them, where it can. The log records no hashes; see
/// [`to_ron_fingerprinted`].
pub fn to_ron(
    scenario_ref: &str,
    seed: u64,
    players: &[Role],
    actions: &[LoggedAction],
    scenario: &Scenario,
    incident_name: &dyn Fn(IncidentId) -> Option<String>,
) -> String {
    to_ron_fingerprinted(
        scenario_ref,
        None,
        seed,
        players,
        actions,
        scenario,
        incident_name,
    )
}

/// Like [`to_ron`], recording the hashes of the scenario's files (`scenario_hash`,
/// `infrastructure_hash`) so a replay can tell when they changed.
pub fn to_ron_fingerprinted(
    scenario_ref: &str,
    fingerprint: Option<&super::Fingerprint>,
    seed: u64,
    players: &[Role],
    actions: &[LoggedAction],
    scenario: &Scenario,
    incident_name: &dyn Fn(IncidentId) -> Option<String>,
) -> String {
    to_ron_with_lessons(
        scenario_ref,
        fingerprint,
        seed,
        players,
        actions,
        &[],
        scenario,
        incident_name,
    )
}

/// Like [`to_ron_fingerprinted`], with the lessons learned.
#[allow(clippy::too_many_arguments)]
pub fn to_ron_with_lessons(
    scenario_ref: &str,
    fingerprint: Option<&super::Fingerprint>,
    seed: u64,
    players: &[Role],
    actions: &[LoggedAction],
    lessons: &[Lesson],
    scenario: &Scenario,
    incident_name: &dyn Fn(IncidentId) -> Option<String>,
) -> String {
    SavedLog {
        scenario_ref,
        fingerprint,
        seed,
        players,
        actions,
        lessons,
        paused_at: None,
        date: None,
        scenario,
        incident_name,
    }
    .to_ron()
}

/// Everything a drill log holds, to be written by [`SavedLog::to_ron`] (the functions
/// above are its shorter forms).
pub struct SavedLog<'a> {
    /// The scenario reference as the log names it (a path relative to the log, or
    /// `"default"`).
    pub scenario_ref: &'a str,
    /// The hashes of the scenario's files, so a replay can tell when they changed.
    pub fingerprint: Option<&'a super::Fingerprint>,
    /// Master seed.
    pub seed: u64,
    /// Roles played by people.
    pub players: &'a [Role],
    /// Their actions, in order.
    pub actions: &'a [LoggedAction],
    /// Lessons learned.
    pub lessons: &'a [Lesson],
    /// Where the drill stood when saved, so that resuming continues there.
    pub paused_at: Option<Time>,
    /// The day the drill was held, if known (the caller says: never the clock's).
    pub date: Option<Date>,
    /// The scenario, for ids.
    pub scenario: &'a Scenario,
    /// Names incidents by the id of the scenario inject that opened them, where it can.
    pub incident_name: &'a dyn Fn(IncidentId) -> Option<String>,
}

impl SavedLog<'_> {
    /// The log as RON; it parses back to the same actions.
    pub fn to_ron(&self) -> String {
        let SavedLog {
            scenario_ref,
            fingerprint,
            seed,
            players,
            actions,
            lessons,
            paused_at,
            date,
            scenario,
            incident_name,
        } = *self;
        let infra = &scenario.infra;
        let addr = |list: &[Addressee]| -> Vec<AddresseeFile> {
            list.iter()
                .map(|a| match a {
                    Addressee::Relative(r) => match r {
                        Recipient::MyCeptor => AddresseeFile::MyCeptor,
                        Recipient::MyMinistry => AddresseeFile::MyMinistry,
                        Recipient::Members => AddresseeFile::Members,
                        Recipient::Council => AddresseeFile::Council,
                        Recipient::AllCeptors => AddresseeFile::AllCeptors,
                        Recipient::AllMinistries => AddresseeFile::AllMinistries,
                        Recipient::Nisc => AddresseeFile::Nisc,
                        Recipient::Police => AddresseeFile::Police,
                        Recipient::Vendor => AddresseeFile::Vendor,
                        Recipient::Jpcert => AddresseeFile::Jpcert,
                        Recipient::Gsoc => AddresseeFile::Gsoc,
                        Recipient::Public => AddresseeFile::Public,
                        // Players cannot address `Sender` (Engine::permitted refuses it), so a
                        // session log never holds one.
                        Recipient::Sender => unreachable!("refused before logging"),
                    },
                    Addressee::Role(r) => AddresseeFile::Role(r.id(infra)),
                })
                .collect()
        };
        let file = DrillFile {
            scenario: scenario_ref.to_string(),
            scenario_hash: fingerprint.map(|f| f.scenario.clone()),
            infrastructure_hash: fingerprint.and_then(|f| f.infrastructure.clone()),
            seed,
            players: Some(players.iter().map(|r| r.id(infra)).collect()),
            actions: actions
                .iter()
                .map(|a| ActFile {
                    at: super::schema::RawDuration::Text(crate::model::Minutes(a.at.0).to_string()),
                    role: a.role.id(infra),
                    action: match &a.action {
                        Action::Send {
                            to,
                            kind,
                            about,
                            attack,
                            label,
                            text,
                            sanitised,
                        } => {
                            let (incident, incident_no) = match about {
                                Some(IncidentRef::Inject(i)) => {
                                    (Some(scenario.injects[*i].key.clone()), None)
                                }
                                Some(IncidentRef::Id(id)) => match incident_name(*id) {
                                    Some(k) => (Some(k), None),
                                    None => (None, Some(id.0)),
                                },
                                None => (None, None),
                            };
                            ActionFile::Send {
                                to: addr(to),
                                kind: *kind,
                                incident,
                                incident_no,
                                attack: *attack,
                                label: *label,
                                text: text.clone(),
                                sanitised: *sanitised,
                            }
                        }
                        Action::GrantPermission { message, to } => ActionFile::GrantPermission {
                            message: *message,
                            to: to.id(infra),
                        },
                        Action::Forward { message, to } => ActionFile::Forward {
                            message: *message,
                            to: addr(to),
                        },
                        Action::Isolate { systems } => ActionFile::Isolate { systems: *systems },
                        Action::Reconnect { systems } => {
                            ActionFile::Reconnect { systems: *systems }
                        }
                        Action::SwitchToBackup { service } => ActionFile::SwitchToBackup {
                            service: infra.service(*service).key.clone(),
                        },
                        Action::EndBackup { service } => ActionFile::EndBackup {
                            service: infra.service(*service).key.clone(),
                        },
                        Action::RestoreFromBackup => ActionFile::RestoreFromBackup,
                        Action::DispatchSupport { operator } => ActionFile::DispatchSupport {
                            operator: infra.operator(*operator).key.clone(),
                        },
                        Action::PublishSignature { attack } => {
                            ActionFile::PublishSignature { attack: *attack }
                        }
                        Action::Inject(inject) => super::load::inject_to_file(inject, infra),
                        Action::FireInject { inject } => ActionFile::Fire {
                            inject: scenario.injects[*inject].key.clone(),
                        },
                    },
                })
                .collect(),
            lessons: lessons
                .iter()
                .map(|l| super::schema::LessonFile {
                    role: l.role.id(infra),
                    went_well: l.went_well.clone(),
                    went_badly: l.went_badly.clone(),
                    score: l.score,
                })
                .collect(),
            paused_at: paused_at
                .map(|t| super::schema::RawDuration::Text(crate::model::Minutes(t.0).to_string())),
            date: date.map(|d| d.to_string()),
        };
        let config = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .indentor("    ".to_string());
        ron::ser::to_string_pretty(&file, config).expect("a drill log always serialises") + "\n"
    }
}
