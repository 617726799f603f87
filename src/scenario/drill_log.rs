//! Drill logs: a scenario reference, a seed and the players' timestamped actions, in RON.
//! A log is checked completely before anything is simulated from it; every problem is
//! reported as `file:line:column` like a scenario's.

use super::diagnostics::{
    Diagnostic, Diagnostics, Lang, Problem, Say, Source, did_you_mean, visible,
};
use super::load::{LoadError, parse_ron, resolve_inject_kind};
use super::schema::{
    ActFile, ActionFile, AddresseeFile, ChatFile, DrillFile, EntryFile, ObservationFile,
    RatingFile, RawDuration,
};
use super::spans::Path;
use super::words;
use crate::model::drill::{
    Action, Addressee, ChatLine, ChatParty, IncidentRef, LoggedAction, Observation, Rating,
    Recipient, Role,
};
use crate::model::{IncidentId, Key, Scenario, Time};

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

/// Parses a log's syntax (no meaning checks yet: those need the scenario). A served
/// drill's journal whose list the server left open (the drill is running, or the server
/// was killed) is read as it stands: the list is closed after its last whole line, and a
/// line cut short by the crash is left out (it was never acknowledged, so never took effect).
pub fn parse_log(name: &str, text: &str) -> Result<DrillLog, LoadError> {
    let src = Source::new(name, text);
    let file: DrillFile = match parse_ron(&src) {
        Ok(f) => f,
        Err(d) => match closed_journal(text) {
            Some(closed) => parse_ron(&Source::new(name, &closed))
                .map_err(|_| LoadError::Invalid(Diagnostics(vec![d])))?,
            None => return Err(LoadError::Invalid(Diagnostics(vec![d]))),
        },
    };
    Ok(DrillLog {
        scenario: file.scenario.clone(),
        seed: file.seed,
        file,
    })
}

/// The opening of a served drill's journal list, which ends its header line.
pub const JOURNAL_OPEN: &str = "journal: [";

/// An open journal's text closed after its last whole line; None for any other text.
pub fn closed_journal(text: &str) -> Option<String> {
    let header_end = text.find(JOURNAL_OPEN)? + JOURNAL_OPEN.len();
    let whole = match text.rfind('\n') {
        Some(i) if i >= header_end => &text[..=i],
        _ => &text[..header_end],
    };
    Some(format!("{whole}])\n"))
}

/// A log checked against its scenario: who played, and what they did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResolvedLog {
    /// Roles played by people.
    pub players: Vec<Role>,
    /// Their actions, in order.
    pub actions: Vec<LoggedAction>,
    /// Lessons learned, in the log's order.
    pub lessons: Vec<Lesson>,
    /// Where the drill stood when it was saved, if the log says.
    pub paused_at: Option<Time>,
    /// Chat between the seats and exercise control (never part of the simulation).
    pub chats: Vec<ChatLine>,
    /// Evaluators' observations.
    pub observations: Vec<Observation>,
    /// After a served drill's last rewind, the original's actions not yet taken again (the
    /// branch has not diverged): a resumed drill takes them at their minutes.
    pub pending: Vec<LoggedAction>,
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
    let (mut actions, action_problems) = check_actions(file, scenario);
    problems.extend(action_problems);
    let mut chats = Vec::new();
    for (i, c) in file.chats.iter().enumerate() {
        let path = Path::root().field("chats").index(i);
        chats.extend(check_chat(c, &path, scenario, &mut problems));
    }
    let mut observations = Vec::new();
    for (i, o) in file.observations.iter().enumerate() {
        let path = Path::root().field("observations").index(i);
        observations.extend(check_observation(o, &path, scenario, &mut problems));
    }
    let mut journal_lessons = Vec::new();
    let mut position = None;
    let mut pending = Vec::new();
    check_journal(
        file,
        scenario,
        &mut Journaled {
            actions: &mut actions,
            chats: &mut chats,
            observations: &mut observations,
            lessons: &mut journal_lessons,
            position: &mut position,
            pending: &mut pending,
        },
        &mut problems,
    );
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
    for l in journal_lessons {
        lessons.retain(|x: &Lesson| x.role != l.role);
        lessons.push(l);
    }
    let paused_at = file
        .paused_at
        .as_ref()
        .and_then(|at| check_paused_at(at, &actions, scenario, &mut problems))
        .or(position);
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
        chats,
        observations,
        pending,
    })
}

/// What a journal adds to a log as it is resolved.
struct Journaled<'a> {
    /// The actions in effect (with the path of each), rewinds applied.
    actions: &'a mut Vec<(usize, LoggedAction)>,
    chats: &'a mut Vec<ChatLine>,
    observations: &'a mut Vec<Observation>,
    lessons: &'a mut Vec<Lesson>,
    /// The last minute the journal says the drill stood at.
    position: &'a mut Option<Time>,
    /// The actions the last rewind dropped that were not taken again yet.
    pending: &'a mut Vec<LoggedAction>,
}

/// Resolves a served drill's journal entries in order: actions (a rewind drops those at or
/// after its minute), chat, observations, the clock's position and lessons.
fn check_journal(
    file: &DrillFile,
    scenario: &Scenario,
    out: &mut Journaled<'_>,
    problems: &mut Vec<Problem>,
) {
    let mut last = out.actions.last().map(|(_, a)| a.at).unwrap_or(Time::ZERO);
    let root = Path::root().field("journal");
    // Actions of the journal are numbered after the `actions` list's, for the players check.
    let base = file.actions.len();
    for (i, e) in file.journal.iter().enumerate() {
        let path = root.index(i);
        match e {
            EntryFile::Act { at, role, action } => {
                let act = ActFile {
                    at: at.clone(),
                    role: role.clone(),
                    action: action.clone(),
                };
                if let Some(a) = resolve_one(&act, &path, scenario, &mut last, problems) {
                    *out.position = Some(out.position.map_or(a.at, |p| p.max(a.at)));
                    // The original's action taken again, or a new one (the branch diverges).
                    if out.pending.first() == Some(&a) {
                        out.pending.remove(0);
                    } else {
                        out.pending.clear();
                    }
                    out.actions.push((base + i, a));
                }
            }
            EntryFile::Chat { at, from, to, text } => {
                let c = ChatFile {
                    at: at.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    text: text.clone(),
                };
                out.chats.extend(check_chat(&c, &path, scenario, problems));
            }
            EntryFile::Observation {
                at,
                by,
                objective,
                rating,
                text,
            } => {
                let o = ObservationFile {
                    at: at.clone(),
                    by: by.clone(),
                    objective: objective.clone(),
                    rating: *rating,
                    text: text.clone(),
                };
                out.observations
                    .extend(check_observation(&o, &path, scenario, problems));
            }
            EntryFile::Clock { at } => {
                if let Some(t) = minute(at, &path.field("at"), scenario, problems) {
                    *out.position = Some(t);
                }
            }
            EntryFile::Rewind { to } => {
                if let Some(t) = minute(to, &path.field("to"), scenario, problems) {
                    *out.pending = out
                        .actions
                        .iter()
                        .filter(|(_, a)| a.at >= t)
                        .map(|(_, a)| a.clone())
                        .collect();
                    out.actions.retain(|(_, a)| a.at < t);
                    last = out.actions.last().map(|(_, a)| a.at).unwrap_or(Time::ZERO);
                    last = last.max(t);
                    *out.position = Some(t);
                }
            }
            EntryFile::Lesson {
                role,
                went_well,
                went_badly,
                score,
            } => {
                let role = match super::roles::parse_role(role, &scenario.infra) {
                    Ok(r) => r,
                    Err(e) => {
                        problems.push(Problem::new(path.field("role"), e));
                        continue;
                    }
                };
                if !(1..=5).contains(score) {
                    problems.push(
                        Problem::new(
                            path.field("score"),
                            (
                                format!("a lesson's score is 1 to 5, not {score}"),
                                format!("教訓の自己評価は 1〜5 で書きます（指定値: {score}）"),
                            ),
                        )
                        .helps(
                            "1 poor, 3 as expected, 5 excellent",
                            "1 は不十分、3 は期待どおり、5 は非常に良い",
                        ),
                    );
                    continue;
                }
                out.lessons.retain(|l| l.role != role);
                out.lessons.push(Lesson {
                    role,
                    went_well: went_well.clone(),
                    went_badly: went_badly.clone(),
                    score: *score,
                });
            }
        }
    }
}

/// A minute of the drill: a duration within the run.
fn minute(
    at: &RawDuration,
    path: &Path,
    scenario: &Scenario,
    problems: &mut Vec<Problem>,
) -> Option<Time> {
    match at.resolve() {
        Ok(m) if m.0 <= scenario.duration.0 => Some(Time(m.0)),
        Ok(m) => {
            let end = Time(scenario.duration.0);
            problems.push(Problem::new(
                path.clone(),
                (
                    format!("{} is after the drill's end at {end}", Time(m.0)),
                    format!("{} は演習の終わり {end} より後です", Time(m.0)),
                ),
            ));
            None
        }
        Err(e) => {
            problems.push(Problem::new(path.clone(), e));
            None
        }
    }
}

/// A chat party as written: a role id, `evaluator:NAME`, or `all` (a recipient only).
pub fn parse_party(text: &str, scenario: &Scenario) -> Result<ChatParty, super::diagnostics::Text> {
    if text == "all" {
        return Ok(ChatParty::Everyone);
    }
    if let Some(name) = text.strip_prefix("evaluator:") {
        return if super::seats::valid_name(name) {
            Ok(ChatParty::Evaluator(name.to_string()))
        } else {
            Err(super::diagnostics::Text::new(
                format!(
                    "\"{}\" is not an evaluator's seat name",
                    super::diagnostics::visible(name)
                ),
                format!(
                    "\"{}\" は評価者の座席名ではありません",
                    super::diagnostics::visible(name)
                ),
            ))
        };
    }
    super::roles::parse_role(text, &scenario.infra)
        .map(ChatParty::Role)
        .map_err(Into::into)
}

/// How a chat party is written.
pub fn party_id(p: &ChatParty, scenario: &Scenario) -> String {
    match p {
        ChatParty::Role(r) => r.id(&scenario.infra),
        ChatParty::Evaluator(n) => format!("evaluator:{n}"),
        ChatParty::Everyone => "all".to_string(),
    }
}

/// The longest line of chat or observation text, in characters.
pub const MAX_CHAT: usize = 500;

fn check_chat(
    c: &ChatFile,
    path: &Path,
    scenario: &Scenario,
    problems: &mut Vec<Problem>,
) -> Option<ChatLine> {
    let before = problems.len();
    let at = minute(&c.at, &path.field("at"), scenario, problems);
    let mut party = |text: &str, field: &str| match parse_party(text, scenario) {
        Ok(p) => Some(p),
        Err(e) => {
            problems.push(Problem::new(path.field(field), e).helps(
                "a role id, `evaluator:NAME`, or `all` for control's broadcast",
                "ロール ID、`evaluator:座席名`、または統制から全員へは `all` を書きます",
            ));
            None
        }
    };
    let from = party(&c.from, "from");
    let to = party(&c.to, "to");
    let control = ChatParty::Role(Role::Control);
    if let (Some(f), Some(t)) = (&from, &to) {
        let allowed = if *f == control {
            *t != control
        } else {
            *f != ChatParty::Everyone && *t == control
        };
        if !allowed {
            problems.push(
                Problem::new(
                    path.field("to"),
                    (
                        format!(
                            "chat goes between exercise control and one seat, not from {} to {}",
                            c.from, c.to
                        ),
                        format!(
                            "チャットは演習統制と各座席の間のものです（{} から {} へは送れません）",
                            c.from, c.to
                        ),
                    ),
                )
                .helps(
                    "a seat writes to \"control\"; control writes to a seat or to \"all\"",
                    "座席は \"control\" へ、統制は座席か \"all\" へ書きます",
                ),
            );
        }
    }
    check_text("chat text", &c.text, path.field("text"), problems);
    if problems.len() > before {
        return None;
    }
    Some(ChatLine {
        at: at?,
        from: from?,
        to: to?,
        text: c.text.clone(),
    })
}

fn check_observation(
    o: &ObservationFile,
    path: &Path,
    scenario: &Scenario,
    problems: &mut Vec<Problem>,
) -> Option<Observation> {
    let before = problems.len();
    let at = minute(&o.at, &path.field("at"), scenario, problems);
    if !super::seats::valid_name(&o.by) {
        problems.push(Problem::new(
            path.field("by"),
            (
                format!(
                    "\"{}\" is not an evaluator's seat name",
                    super::diagnostics::visible(&o.by)
                ),
                format!(
                    "\"{}\" は評価者の座席名ではありません",
                    super::diagnostics::visible(&o.by)
                ),
            ),
        ));
    }
    let objective = scenario
        .drill
        .objectives
        .iter()
        .position(|x| x.key == o.objective);
    if objective.is_none() {
        let keys = scenario.drill.objectives.iter().map(|x| x.key.as_str());
        let prob = Problem::new(
            path.field("objective"),
            (
                format!(
                    "unknown objective \"{}\"",
                    super::diagnostics::visible(&o.objective)
                ),
                format!(
                    "不明な目標 \"{}\"",
                    super::diagnostics::visible(&o.objective)
                ),
            ),
        );
        problems.push(match did_you_mean(&o.objective, keys) {
            Some(k) => prob.helps(
                format!("did you mean \"{k}\"?"),
                format!("もしかして \"{k}\" ですか？"),
            ),
            None => prob,
        });
    }
    check_text("observation text", &o.text, path.field("text"), problems);
    if problems.len() > before {
        return None;
    }
    Some(Observation {
        at: at?,
        by: o.by.clone(),
        objective: objective?,
        rating: rating_of(o.rating),
        text: o.text.clone(),
    })
}

fn rating_of(r: RatingFile) -> Rating {
    match r {
        RatingFile::P => Rating::Performed,
        RatingFile::S => Rating::SomeChallenges,
        RatingFile::M => Rating::MajorChallenges,
        RatingFile::U => Rating::Unable,
    }
}

fn rating_file(r: Rating) -> RatingFile {
    match r {
        Rating::Performed => RatingFile::P,
        Rating::SomeChallenges => RatingFile::S,
        Rating::MajorChallenges => RatingFile::M,
        Rating::Unable => RatingFile::U,
    }
}

/// Checks a free text of a log (no control characters, within [`MAX_CHAT`]).
fn check_text(what: &str, text: &str, path: Path, problems: &mut Vec<Problem>) {
    if text.chars().count() > MAX_CHAT {
        problems.push(Problem::new(
            path.clone(),
            (
                format!("the {what} is longer than {MAX_CHAT} characters"),
                format!(
                    "{}が {MAX_CHAT} 文字を超えています",
                    if what == "chat text" {
                        "チャット本文"
                    } else {
                        "所見の本文"
                    }
                ),
            ),
        ));
    }
    super::load::check_text(what, text, path, problems);
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
    /// The scenario, for ids.
    pub scenario: &'a Scenario,
    /// Names incidents by the id of the scenario inject that opened them, where it can.
    pub incident_name: &'a dyn Fn(IncidentId) -> Option<String>,
}

impl SavedLog<'_> {
    /// The log as RON; it parses back to the same actions.
    pub fn to_ron(&self) -> String {
        self.to_ron_with(&Extras::default())
    }

    /// The log as RON with a served drill's chat and observations.
    pub fn to_ron_with(&self, extras: &Extras<'_>) -> String {
        let SavedLog {
            scenario_ref,
            fingerprint,
            seed,
            players,
            actions,
            lessons,
            paused_at,
            scenario,
            incident_name,
        } = *self;
        let infra = &scenario.infra;
        let file = DrillFile {
            scenario: scenario_ref.to_string(),
            scenario_hash: fingerprint.map(|f| f.scenario.clone()),
            infrastructure_hash: fingerprint.and_then(|f| f.infrastructure.clone()),
            seed,
            players: Some(players.iter().map(|r| r.id(infra)).collect()),
            actions: actions
                .iter()
                .map(|a| act_file(a, scenario, incident_name))
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
            paused_at: paused_at.map(duration),
            chats: extras
                .chats
                .iter()
                .map(|c| ChatFile {
                    at: duration(c.at),
                    from: party_id(&c.from, scenario),
                    to: party_id(&c.to, scenario),
                    text: c.text.clone(),
                })
                .collect(),
            observations: extras
                .observations
                .iter()
                .map(|o| observation_file(o, scenario))
                .collect(),
            journal: Vec::new(),
        };
        let config = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .indentor("    ".to_string());
        ron::ser::to_string_pretty(&file, config).expect("a drill log always serialises") + "\n"
    }
}

/// What a served drill's log holds beside the game: chat and evaluators' observations.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Chat between the seats and exercise control.
    pub chats: &'a [ChatLine],
    /// Evaluators' observations.
    pub observations: &'a [Observation],
}

/// A minute as a log writes it (`1h30m`).
fn duration(t: Time) -> RawDuration {
    RawDuration::Text(crate::model::Minutes(t.0).to_string())
}

fn observation_file(o: &Observation, scenario: &Scenario) -> ObservationFile {
    ObservationFile {
        at: duration(o.at),
        by: o.by.clone(),
        objective: scenario
            .drill
            .objectives
            .get(o.objective)
            .map(|x| x.key.clone())
            .unwrap_or_default(),
        rating: rating_file(o.rating),
        text: o.text.clone(),
    }
}

/// An action as a log writes it. `incident_name` names incidents by the id of the
/// scenario inject that opened them, where it can.
fn act_file(
    a: &LoggedAction,
    scenario: &Scenario,
    incident_name: &dyn Fn(IncidentId) -> Option<String>,
) -> ActFile {
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
    ActFile {
        at: duration(a.at),
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
                    Some(IncidentRef::Inject(i)) => (Some(scenario.injects[*i].key.clone()), None),
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
            Action::Reconnect { systems } => ActionFile::Reconnect { systems: *systems },
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
            Action::PublishSignature { attack } => ActionFile::PublishSignature { attack: *attack },
            Action::Inject(inject) => super::load::inject_to_file(inject, infra),
            Action::FireInject { inject } => ActionFile::Fire {
                inject: scenario.injects[*inject].key.clone(),
            },
        },
    }
}

/// One entry of a served drill's journal, to be written by [`journal_line`].
#[derive(Debug, Clone, Copy)]
pub enum JournalEntry<'a> {
    /// An action accepted at its minute.
    Act(&'a LoggedAction),
    /// A line of chat.
    Chat(&'a ChatLine),
    /// An evaluator's observation.
    Observation(&'a Observation),
    /// The clock reached a minute.
    Clock(Time),
    /// Control rewound every seat to a minute.
    Rewind(Time),
    /// A lesson learned.
    Lesson(&'a Lesson),
}

/// The header line of a served drill's journal: the scenario, its hashes, the seed and the
/// players, and the opening of the entry list (docs/SERVE.md). Entries follow, one a line
/// ([`journal_line`]); [`parse_log`] reads the file at any point.
pub fn journal_header(
    scenario_ref: &str,
    fingerprint: Option<&super::Fingerprint>,
    seed: u64,
    players: &[Role],
    scenario: &Scenario,
) -> String {
    let ron = |v: &dyn erased::Ron| v.ron();
    let mut head = format!(
        "// rensa serve: a served drill's log (docs/SERVE.md). The header, then one entry a line,\n\
         // each written to disk before it took effect. `rensa replay` reads it as it stands.\n\
         Drill(scenario: {}",
        ron(&scenario_ref.to_string())
    );
    if let Some(f) = fingerprint {
        head.push_str(&format!(", scenario_hash: {}", ron(&f.scenario)));
        if let Some(i) = &f.infrastructure {
            head.push_str(&format!(", infrastructure_hash: {}", ron(i)));
        }
    }
    let players: Vec<String> = players.iter().map(|r| r.id(&scenario.infra)).collect();
    head.push_str(&format!(
        ", seed: {seed}, players: {}, {JOURNAL_OPEN}\n",
        ron(&players)
    ));
    head
}

/// One entry of a served drill's journal as a line (ending in a newline; text never spans
/// lines: RON escapes a newline inside a string).
pub fn journal_line(
    entry: JournalEntry<'_>,
    scenario: &Scenario,
    incident_name: &dyn Fn(IncidentId) -> Option<String>,
) -> String {
    let e = match entry {
        JournalEntry::Act(a) => {
            let f = act_file(a, scenario, incident_name);
            EntryFile::Act {
                at: f.at,
                role: f.role,
                action: f.action,
            }
        }
        JournalEntry::Chat(c) => EntryFile::Chat {
            at: duration(c.at),
            from: party_id(&c.from, scenario),
            to: party_id(&c.to, scenario),
            text: c.text.clone(),
        },
        JournalEntry::Observation(o) => {
            let f = observation_file(o, scenario);
            EntryFile::Observation {
                at: f.at,
                by: f.by,
                objective: f.objective,
                rating: f.rating,
                text: f.text,
            }
        }
        JournalEntry::Clock(t) => EntryFile::Clock { at: duration(t) },
        JournalEntry::Rewind(t) => EntryFile::Rewind { to: duration(t) },
        JournalEntry::Lesson(l) => EntryFile::Lesson {
            role: l.role.id(&scenario.infra),
            went_well: l.went_well.clone(),
            went_badly: l.went_badly.clone(),
            score: l.score,
        },
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .compact_structs(true)
        .compact_arrays(true)
        .compact_maps(true);
    let line = ron::ser::to_string_pretty(&e, config).expect("a journal entry always serialises");
    format!("{line},\n")
}

/// RON text of a plain value, for the journal's header.
mod erased {
    pub trait Ron {
        fn ron(&self) -> String;
    }
    impl<T: serde::Serialize> Ron for T {
        fn ron(&self) -> String {
            ron::to_string(self).expect("plain values serialise")
        }
    }
}
