//! The RON file format, as written by authors. docs/SCENARIOS.md documents every field.
//!
//! Values whose meaning is checked later (ids, durations, probabilities) are read loosely
//! here so that `validate` can report every problem of a file in one pass instead of
//! stopping at the first.

use crate::model::drill::{ActionClass, MessageKind, PolicySet, Tlp};
use crate::model::objective::{ReportTo, SharedTo};
use crate::model::{
    AttackKind, DependencyKind, Dist, DurationError, FailureCause, Hazard, Minutes, Params, Sector,
    Serves, Stage, SubSector, SystemKind,
};
use serde::{Deserialize, Serialize};

/// A duration as written: `"1h30m"`, `"2d"` or a number of minutes. Checked in validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RawDuration {
    /// Minutes as a number (may be negative in the file; validation refuses it).
    Minutes(i64),
    /// A duration string.
    Text(String),
}

/// The longest duration a file may give (a drill's length, a delay, a repair, a bound of
/// a distribution): 100 years of 365 days. Longer values are typing mistakes; refusing
/// them keeps every sum of times far from overflow.
pub const MAX_DURATION: Minutes = Minutes(100 * 365 * 24 * 60);

pub use crate::model::time::DURATION_FORMS;

/// Why a duration as written is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationProblem {
    /// The string does not parse.
    Parse(DurationError),
    /// A negative number of minutes.
    Negative(i64),
    /// Longer than [`MAX_DURATION`].
    TooLong(Minutes),
    /// Not a number or a string: the value as written.
    NotADuration(String),
}

/// Why `m` is over [`MAX_DURATION`], if it is.
pub fn too_long(m: Minutes) -> Option<DurationProblem> {
    (m > MAX_DURATION).then_some(DurationProblem::TooLong(m))
}

impl RawDuration {
    /// The duration, or why it is not one (negative, malformed, over [`MAX_DURATION`]).
    pub fn resolve(&self) -> Result<Minutes, DurationProblem> {
        let m = match self {
            RawDuration::Minutes(m) if *m < 0 => return Err(DurationProblem::Negative(*m)),
            RawDuration::Minutes(m) => Minutes(*m as u64),
            RawDuration::Text(t) => Minutes::parse(t).map_err(DurationProblem::Parse)?,
        };
        match too_long(m) {
            Some(e) => Err(e),
            None => Ok(m),
        }
    }
}

impl<'de> Deserialize<'de> for RawDuration {
    /// A number or a string; anything else is a type error expecting [`DURATION_FORMS`],
    /// which the data layer words from the value as written (an untagged enum would only
    /// say that no variant matched).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, Unexpected};
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RawDuration;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(DURATION_FORMS)
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<RawDuration, E> {
                Ok(RawDuration::Minutes(v))
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<RawDuration, E> {
                i64::try_from(v)
                    .map(RawDuration::Minutes)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &DURATION_FORMS))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<RawDuration, E> {
                Ok(RawDuration::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// What a seed is, as told to authors: the `expected` of the type error a value that is
/// not a seed raises.
pub const SEED_FORMS: &str = "a seed: a non-negative integer";

/// A value written where a seed goes that is not one (as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedProblem(pub String);

/// Reads a seed, refusing negative and fractional numbers with what a seed is (ron alone
/// would stop inside `-0.5` with "Expected comma").
pub fn seed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    use serde::de::{Error, Unexpected};
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(SEED_FORMS)
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &SEED_FORMS))
        }
    }
    d.deserialize_any(V)
}

/// A scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    /// Short name.
    pub name: String,
    /// Short name in Japanese (the library's listing; empty: `name`).
    #[serde(default)]
    pub name_ja: String,
    /// What the drill is about.
    #[serde(default)]
    pub description: String,
    /// The briefing in Japanese (empty: `description`).
    #[serde(default)]
    pub description_ja: String,
    /// Length of the exercise.
    pub duration: RawDuration,
    /// Default master seed.
    #[serde(default, deserialize_with = "seed")]
    pub seed: u64,
    /// Which infrastructure to use.
    #[serde(default)]
    pub infrastructure: InfraSource,
    /// Changes to that infrastructure for this scenario.
    #[serde(default)]
    pub changes: Changes,
    /// Model parameters.
    #[serde(default)]
    pub parameters: Params,
    /// Scheduled events.
    #[serde(default)]
    pub injects: Vec<InjectFile>,
    /// Roles played by people (role ids such as `"operator:kanto-power"`).
    #[serde(default)]
    pub players: Vec<String>,
    /// Roles left out of the drill.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Policies of the roles nobody plays.
    #[serde(default)]
    pub policies: PolicySet,
    /// What the players should achieve (docs/SCORING.md).
    #[serde(default)]
    pub objectives: Vec<ObjectiveFile>,
}

fn one() -> f64 {
    1.0
}

/// An objective as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Objective")]
pub struct ObjectiveFile {
    /// Unique id.
    pub id: String,
    /// What it asks, in English.
    #[serde(default)]
    pub text: String,
    /// What it asks, in Japanese.
    #[serde(default)]
    pub text_ja: String,
    /// Role ids it is for.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The score expected, in [0, 1] (default 1).
    #[serde(default = "one")]
    pub expected: f64,
    /// What is measured.
    pub goal: GoalFile,
}

/// An objective's goal as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Goal", deny_unknown_fields)]
pub enum GoalFile {
    /// `SectorAbove(sector: Electricity, level: 0.9, within: "12h")`.
    SectorAbove {
        /// The sector.
        sector: Sector,
        /// The level.
        level: f64,
        /// The longest a dip may last.
        within: RawDuration,
    },
    /// `ServiceAbove(service: "kanto-water/supply", level: 0.8, within: "6h")`.
    ServiceAbove {
        /// The service id.
        service: String,
        /// The level.
        level: f64,
        /// The longest a dip may last.
        within: RawDuration,
    },
    /// `DownAtMost(operator: "hinode-hospital", within: "12h")`: exactly one of
    /// `service`, `system`, `operator`.
    DownAtMost {
        /// A service id.
        #[serde(default)]
        service: Option<String>,
        /// An IT system id.
        #[serde(default)]
        system: Option<String>,
        /// An operator id.
        #[serde(default)]
        operator: Option<String>,
        /// The longest it may stay down.
        within: RawDuration,
    },
    /// `ReportedWithin(to: Ministry, within: "2h")`, optionally scoped:
    /// `ReportedWithin(inject: "ransom", operator: "x", to: Police, within: "1h")`.
    ReportedWithin {
        /// `Ceptor`, `Ministry`, `Police` or `Nisc`.
        to: ReportTo,
        /// How soon after detection.
        within: RawDuration,
        /// Only the incident this inject opened.
        #[serde(default)]
        inject: Option<String>,
        /// Only the incidents this operator detected.
        #[serde(default)]
        operator: Option<String>,
    },
    /// `SharedWithin(to: AllCeptors, within: "6h")` or `to: Sectors([Finance, Water])`.
    SharedWithin {
        /// Whose CEPTORs.
        to: SharedTo,
        /// How soon after detection.
        within: RawDuration,
    },
    /// `NoForwardOf(label: Red)`.
    NoForwardOf {
        /// The label.
        label: Tlp,
    },
    /// `NeverBelowRequired(sector: Medical)`.
    NeverBelowRequired {
        /// The sector.
        sector: Sector,
    },
}

/// Where the infrastructure comes from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename = "InfrastructureSource")]
pub enum InfraSource {
    /// The bundled reference graph of Japan (assets/japan.ron).
    #[default]
    Default,
    /// A RON infrastructure file, relative to the scenario file.
    File(String),
    /// An infrastructure written inside the scenario.
    Inline(InfrastructureFile),
    /// A directory of CSV tables, relative to the scenario file: `operators.csv`,
    /// `services.csv`, `dependencies.csv` and optionally `systems.csv`
    /// (`scenario::tables`).
    Tables(String),
}

/// An infrastructure file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "Infrastructure")]
pub struct InfrastructureFile {
    /// Name of the graph.
    #[serde(default)]
    pub name: String,
    /// Operators with their services and systems.
    #[serde(default)]
    pub operators: Vec<OperatorFile>,
    /// Dependencies between services.
    #[serde(default)]
    pub dependencies: Vec<DependencyFile>,
}

fn half() -> f64 {
    0.5
}

/// An operator as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Operator")]
pub struct OperatorFile {
    /// Unique id.
    pub id: String,
    /// English name.
    pub name: String,
    /// Japanese name.
    #[serde(default)]
    pub name_ja: String,
    /// Sector.
    pub sector: Sector,
    /// Sub-sector.
    #[serde(default)]
    pub sub_sector: Option<SubSector>,
    /// Region.
    pub region: String,
    /// Security posture in [0, 1] (default 0.5).
    #[serde(default = "half")]
    pub posture: f64,
    /// Services.
    #[serde(default)]
    pub services: Vec<ServiceFile>,
    /// Where the figures come from.
    #[serde(default)]
    pub source: String,
}

/// A service as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Service")]
pub struct ServiceFile {
    /// Unique id.
    pub id: String,
    /// English name.
    pub name: String,
    /// People or customers served.
    #[serde(default)]
    pub population: u64,
    /// Required level in [0, 1].
    pub required: f64,
    /// Whom it serves: `People` (default) or `Operators`.
    #[serde(default)]
    pub serves: Serves,
    /// IT systems behind the service.
    #[serde(default)]
    pub systems: Vec<SystemFile>,
    /// Where the figures come from.
    #[serde(default)]
    pub source: String,
}

/// An IT system as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "System")]
pub struct SystemFile {
    /// Unique id.
    pub id: String,
    /// Its role.
    pub kind: SystemKind,
    /// Fraction of the service lost while it is down or isolated, in [0, 1].
    pub share: f64,
}

/// A dependency as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Dependency")]
pub struct DependencyFile {
    /// The service that needs the provider.
    pub dependent: String,
    /// The service depended upon.
    pub provider: String,
    /// Nature of the link.
    pub kind: DependencyKind,
    /// Fraction of the dependent's level lost when the provider is down, in [0, 1].
    pub strength: f64,
    /// How long a buffer holds.
    pub tolerance: RawDuration,
    /// Why these numbers: a citation or "assumption: ...".
    #[serde(default)]
    pub source: String,
}

/// Changes a scenario makes to its infrastructure.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// Operators to add.
    #[serde(default)]
    pub add_operators: Vec<OperatorFile>,
    /// Dependencies to add.
    #[serde(default)]
    pub add_dependencies: Vec<DependencyFile>,
    /// Dependencies to remove.
    #[serde(default)]
    pub remove_dependencies: Vec<EdgeRef>,
    /// Dependencies to alter.
    #[serde(default)]
    pub dependencies: Vec<DependencyPatch>,
    /// Services to alter.
    #[serde(default)]
    pub services: Vec<ServicePatch>,
    /// Operators to alter.
    #[serde(default)]
    pub operators: Vec<OperatorPatch>,
}

impl Changes {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.add_operators.is_empty()
            && self.add_dependencies.is_empty()
            && self.remove_dependencies.is_empty()
            && self.dependencies.is_empty()
            && self.services.is_empty()
            && self.operators.is_empty()
    }
}

/// Names an existing dependency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Edge")]
pub struct EdgeRef {
    /// The dependent service.
    pub dependent: String,
    /// The provider service.
    pub provider: String,
}

/// New values for an existing dependency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "DependencyChange")]
pub struct DependencyPatch {
    /// The dependent service.
    pub dependent: String,
    /// The provider service.
    pub provider: String,
    /// New strength.
    #[serde(default)]
    pub strength: Option<f64>,
    /// New tolerance.
    #[serde(default)]
    pub tolerance: Option<RawDuration>,
}

/// New values for an existing service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "ServiceChange")]
pub struct ServicePatch {
    /// The service.
    pub id: String,
    /// New required level.
    #[serde(default)]
    pub required: Option<f64>,
    /// New population.
    #[serde(default)]
    pub population: Option<u64>,
    /// Whom it serves now: `People` (its loss counts in the headline impact) or
    /// `Operators` (its loss reaches people through their services).
    #[serde(default)]
    pub serves: Option<Serves>,
}

/// New values for an existing operator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "OperatorChange")]
pub struct OperatorPatch {
    /// The operator.
    pub id: String,
    /// New posture.
    #[serde(default)]
    pub posture: Option<f64>,
}

/// An inject as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Inject")]
pub struct InjectFile {
    /// Optional id (default `inject-N`, N counting from 1).
    #[serde(default)]
    pub id: Option<String>,
    /// When it fires (exactly one of `at`, `after`, `when`).
    #[serde(default)]
    pub at: Option<RawDuration>,
    /// Fires a delay after another inject fired.
    #[serde(default)]
    pub after: Option<AfterFile>,
    /// Fires when a condition holds.
    #[serde(default)]
    pub when: Option<WhenFile>,
    /// A reserve: fires only when exercise control fires it (none of `at`, `after`,
    /// `when`).
    #[serde(default)]
    pub manual: bool,
    /// What it hits (none for a narrative).
    #[serde(default)]
    pub target: Option<TargetFile>,
    /// What happens.
    pub kind: InjectKindFile,
}

/// `after: (inject: "x", delay: "1h")`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "after")]
pub struct AfterFile {
    /// The other inject's id.
    pub inject: String,
    /// Delay after it fires.
    #[serde(default = "zero")]
    pub delay: RawDuration,
}

fn zero() -> RawDuration {
    RawDuration::Minutes(0)
}

/// `when: (condition: Detected("worm"), delay: "30m", by: "12h")`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "when")]
pub struct WhenFile {
    /// The condition.
    pub condition: ConditionFile,
    /// Delay after it holds.
    #[serde(default = "zero")]
    pub delay: RawDuration,
    /// Deadline (required for `NotDetected` and `ActionNotTaken`).
    #[serde(default)]
    pub by: Option<RawDuration>,
}

/// A condition as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Condition", deny_unknown_fields)]
pub enum ConditionFile {
    /// A service's level below a value.
    LevelBelow {
        /// Service id.
        service: String,
        /// The level.
        level: f64,
    },
    /// Another inject's incident detected (by its id).
    Detected(String),
    /// Another inject's incident still undetected at `by`.
    NotDetected(String),
    /// A role took an action of a class.
    ActionTaken {
        /// Role id.
        role: String,
        /// Class of action.
        action: ActionClass,
    },
    /// A role did not take an action of a class by `by`.
    ActionNotTaken {
        /// Role id.
        role: String,
        /// Class of action.
        action: ActionClass,
    },
}

/// What an inject hits.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Target")]
pub enum TargetFile {
    /// Every service of an operator.
    Operator(String),
    /// One service.
    Service(String),
    /// One IT system (its service loses severity × the system's share).
    System(String),
    /// Every service of a sector.
    Sector(Sector),
    /// Every service of every operator in a region.
    Region(String),
    /// Every service of a sector's operators in a region.
    RegionSector(String, Sector),
}

/// An inject's effect as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "InjectKind", deny_unknown_fields)]
pub enum InjectKindFile {
    /// Non-intentional IT failure.
    ItFailure {
        /// What went wrong.
        cause: FailureCause,
        /// Capacity lost, in [0, 1].
        severity: f64,
        /// Repair time.
        recovery: Dist,
    },
    /// Disaster or regional outage.
    Disaster {
        /// The hazard.
        hazard: Hazard,
        /// Capacity lost, in [0, 1].
        severity: f64,
        /// Repair time.
        recovery: Dist,
    },
    /// Staged attack: the kind's template stages unless `stages` is given; `severity`,
    /// `recovery` and `systems` override the template's impact and entry.
    Attack {
        /// The kind of attack.
        attack: AttackKind,
        /// Systems it travels through (default: the kind's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        systems: Option<SystemKind>,
        /// Stages (default: the kind's template).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stages: Option<Vec<Stage>>,
        /// Impact severity override.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<f64>,
        /// Impact recovery override.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recovery: Option<Dist>,
    },
    /// Impact-only cyber attack.
    CyberAttack {
        /// The kind of attack.
        attack: AttackKind,
        /// Capacity lost, in [0, 1].
        severity: f64,
        /// Recovery time.
        recovery: Dist,
    },
    /// A message of the script delivered to roles by exercise control; no effect on the
    /// graph, no `target`.
    Narrative {
        /// Role ids it is delivered to.
        to: Vec<String>,
        /// What it says.
        text: String,
        /// What it says in Japanese (default: `text`).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        text_ja: String,
        /// The kind of message (default `Note`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<MessageKind>,
    },
}

/// A recorded drill: a scenario, a seed and the players' timestamped actions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Drill")]
pub struct DrillFile {
    /// The scenario file, relative to this file (or `"default"` for the bundled drill).
    pub scenario: String,
    /// The scenario file's [`source_hash`](super::source_hash) when the log was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_hash: Option<String>,
    /// The infrastructure file's hash then (absent for an inline infrastructure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infrastructure_hash: Option<String>,
    /// Master seed.
    #[serde(deserialize_with = "seed")]
    pub seed: u64,
    /// The day the drill was held, `YYYY-MM-DD` (the after-action report's exercise date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Roles played by people during the drill (they followed no policy). Default: the
    /// roles that act below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub players: Option<Vec<String>>,
    /// Actions in time order.
    #[serde(default)]
    pub actions: Vec<ActFile>,
    /// Lessons learned, recorded after the drill (docs/DRILL.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<LessonFile>,
    /// Where the drill stood when it was saved, e.g. `"T+05:30"`: `rensa play --resume`
    /// continues from there. A replay ignores it (it runs to the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_at: Option<RawDuration>,
    /// Chat between the seats of a served drill and exercise control (docs/SERVE.md): never
    /// part of the simulation (a replay ignores it); the after-action report shows it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chats: Vec<ChatFile>,
    /// Evaluators' observations against the scenario's objectives (docs/SERVE.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<ObservationFile>,
    /// A served drill's entries in the order the server accepted them, one a line, each
    /// appended and flushed to disk before it took effect (docs/SERVE.md). The server leaves
    /// the list open while the drill runs; a reader closes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journal: Vec<EntryFile>,
}

/// A line of chat, as written: `Chat(at: "1h5m", from: "operator:hinode-comm", to:
/// "control", text: "…")`. A party is a role id, `evaluator:NAME` or (a recipient of
/// control's) `all`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Chat")]
pub struct ChatFile {
    /// The drill's minute when the server accepted it.
    pub at: RawDuration,
    /// Who wrote it.
    pub from: String,
    /// To whom.
    pub to: String,
    /// What was written.
    pub text: String,
}

/// An evaluator's observation, as written: `Observation(at: "3h", by: "eval-a", objective:
/// "power-back-in-12h", rating: S, text: "…")`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Observation")]
pub struct ObservationFile {
    /// The drill's minute when the server accepted it.
    pub at: RawDuration,
    /// The evaluator's seat name.
    pub by: String,
    /// The objective's id.
    pub objective: String,
    /// The HSEEP rating.
    pub rating: RatingFile,
    /// What the evaluator saw.
    #[serde(default)]
    pub text: String,
}

/// An HSEEP rating, as written: `P` (performed without challenges), `S` (some challenges),
/// `M` (major challenges), `U` (unable to be performed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum RatingFile {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
}

/// One entry of a served drill's journal (docs/SERVE.md).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum EntryFile {
    /// A player's or control's action, at the minute the server accepted it.
    Act {
        /// When.
        at: RawDuration,
        /// Who (a role id).
        role: String,
        /// What.
        #[serde(rename = "do")]
        action: ActionFile,
    },
    /// A line of chat.
    Chat {
        /// When.
        at: RawDuration,
        /// Who wrote it.
        from: String,
        /// To whom.
        to: String,
        /// What.
        text: String,
    },
    /// An evaluator's observation.
    Observation {
        /// When.
        at: RawDuration,
        /// The evaluator's seat name.
        by: String,
        /// The objective's id.
        objective: String,
        /// The rating.
        rating: RatingFile,
        /// What the evaluator saw.
        #[serde(default)]
        text: String,
    },
    /// The drill's clock reached this minute.
    Clock {
        /// The minute.
        at: RawDuration,
    },
    /// Exercise control rewound the drill to this minute for every seat: later actions
    /// are dropped, play goes on from there.
    Rewind {
        /// The minute.
        to: RawDuration,
    },
    /// A lesson learned, recorded at the end (a later one for the same role replaces it).
    Lesson {
        /// The role.
        role: String,
        /// What went well.
        #[serde(default)]
        went_well: String,
        /// What went badly.
        #[serde(default)]
        went_badly: String,
        /// 1 to 5.
        score: u32,
    },
}

/// A lesson learned: what went well and badly for a role, and its own score (1–5).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Lesson")]
pub struct LessonFile {
    /// The role (a role id, e.g. `"operator:aoba-bank"`).
    pub role: String,
    /// What went well.
    #[serde(default)]
    pub went_well: String,
    /// What went badly.
    #[serde(default)]
    pub went_badly: String,
    /// A score from 1 (poor) to 5 (excellent).
    pub score: u32,
}

/// One recorded action.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Act")]
pub struct ActFile {
    /// When (at the start of that minute, before events of the minute).
    pub at: RawDuration,
    /// Who (a role id).
    pub role: String,
    /// What.
    #[serde(rename = "do")]
    pub action: ActionFile,
}

/// Who a message goes to, as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Addressee")]
pub enum AddresseeFile {
    /// The sender's CEPTOR.
    MyCeptor,
    /// The sender's ministry.
    MyMinistry,
    /// The sender's members.
    Members,
    /// The CEPTOR Council.
    Council,
    /// Every CEPTOR.
    AllCeptors,
    /// Every ministry.
    AllMinistries,
    /// NISC.
    Nisc,
    /// Police.
    Police,
    /// Vendors.
    Vendor,
    /// The public.
    Public,
    /// JPCERT/CC.
    Jpcert,
    /// GSOC.
    Gsoc,
    /// A role by id.
    Role(String),
}

/// An action as written in a drill log.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename = "Action", deny_unknown_fields)]
pub enum ActionFile {
    /// Send a message of any kind.
    Send {
        /// Recipients.
        to: Vec<AddresseeFile>,
        /// Kind.
        kind: MessageKind,
        /// The incident, by the id of the inject that caused it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        incident: Option<String>,
        /// Incident id as numbered in this run (for incidents from ad-hoc injects).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        incident_no: Option<u32>,
        /// Attack kind indicator.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attack: Option<AttackKind>,
        /// An operator the message names, by id (left out when it names none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
        /// A sector the message names (left out when it names none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sector: Option<Sector>,
        /// Label.
        label: Tlp,
        /// Text.
        #[serde(default)]
        text: String,
        /// A sanitised alert: the attack kind only (docs/DRILL.md).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        sanitised: bool,
    },
    /// The source of a message lets its information reach a role.
    GrantPermission {
        /// Message number.
        message: u32,
        /// Role id.
        to: String,
    },
    /// Forward a received message.
    Forward {
        /// Message number.
        message: u32,
        /// Recipients.
        to: Vec<AddresseeFile>,
    },
    /// Isolate systems.
    Isolate {
        /// Which.
        systems: SystemKind,
    },
    /// Reconnect systems.
    Reconnect {
        /// Which.
        systems: SystemKind,
    },
    /// Put a service on backup.
    SwitchToBackup {
        /// Service id.
        service: String,
    },
    /// Take a service off backup.
    EndBackup {
        /// Service id.
        service: String,
    },
    /// Restore data from backup.
    RestoreFromBackup,
    /// Send a support team.
    DispatchSupport {
        /// Operator id.
        operator: String,
    },
    /// Publish a signature.
    PublishSignature {
        /// Attack kind.
        attack: AttackKind,
    },
    /// Exercise control: an ad-hoc inject now.
    Inject {
        /// Id.
        #[serde(default)]
        id: Option<String>,
        /// Target.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<TargetFile>,
        /// Effect.
        kind: InjectKindFile,
    },
    /// Exercise control: fire the scenario's reserve inject (`manual: true`) with this id.
    Fire {
        /// The inject's id.
        inject: String,
    },
}
