//! What a report reads: the documents an `--out` directory holds, as serde types. Only
//! the fields the report uses are read; the scoring library's `score` object is optional
//! everywhere, so a report works with and without it.

use serde::Deserialize;

/// A run's JSON document (docs/OUTPUT.md), the fields a report uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResultDoc {
    /// The scenario's name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Duration as written (`72h`).
    pub duration: String,
    /// Duration in minutes.
    pub duration_minutes: u64,
    /// When the run stopped, in minutes.
    pub end_minutes: u64,
    /// Events handled.
    pub events: u64,
    /// Totals.
    pub totals: Totals,
    /// One per sector.
    pub sectors: Vec<SectorDoc>,
    /// Incidents.
    pub incidents: Vec<IncidentDoc>,
    /// The timeline, entry by entry (read by `kind`).
    pub timeline: Vec<serde_json::Value>,
    /// Messages.
    pub messages: Vec<serde_json::Value>,
    /// Actions.
    pub actions: Vec<serde_json::Value>,
    /// The scoring library's scores, when present.
    pub score: Option<ScoreJson>,
}

/// `totals`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Totals {
    /// Person-hours lost.
    pub person_hours_lost: f64,
    /// Services below required at some time.
    pub services_below_required: u64,
    /// Sectors with such a service.
    pub sectors_below_required: u64,
    /// Incidents opened.
    pub incidents: u64,
}

/// `sectors[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SectorDoc {
    /// Sector id.
    pub id: String,
    /// Lowest level.
    pub min_level: f64,
    /// Hours with a service below required.
    pub hours_below_required: f64,
    /// Person-hours lost.
    pub person_hours_lost: f64,
    /// Services below required.
    pub services_below_required: u64,
}

/// `incidents[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IncidentDoc {
    /// Number.
    pub id: u32,
    /// Its inject's id.
    pub inject: String,
    /// When it began.
    pub t: u64,
}

/// The `score` object of the scoring library.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScoreJson {
    /// End-user impact.
    pub impact: Option<ImpactJson>,
    /// Cascade reach.
    pub reach: Option<ReachJson>,
    /// Times to detect, report, share, recover.
    pub timeliness: Option<TimelinessJson>,
    /// The scenario's objectives.
    pub objectives: Vec<ObjectiveJson>,
    /// Per-role scorecards.
    pub scorecards: Vec<ScorecardJson>,
}

/// `score.impact`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImpactJson {
    /// Unit of the figures.
    pub unit: String,
    /// Impact on end users.
    pub end_user_person_hours: f64,
    /// Impact over all services.
    pub all_services_person_hours: f64,
    /// End-user impact per sector.
    pub by_sector: Vec<SectorImpactJson>,
}

/// `score.impact.by_sector[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SectorImpactJson {
    /// Sector id.
    pub sector: String,
    /// End-user person-hours.
    pub person_hours: f64,
}

/// `score.reach`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReachJson {
    /// Operators reached only through dependencies.
    pub indirect_operators: Vec<String>,
    /// Sectors reached only through dependencies.
    pub indirect_sectors: Vec<String>,
    /// Cascade depth.
    pub depth: u32,
    /// The longest chain of services.
    pub chain: Vec<String>,
}

/// `score.timeliness`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TimelinessJson {
    /// Per incident.
    pub incidents: Vec<IncidentTimes>,
}

/// `score.timeliness.incidents[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IncidentTimes {
    /// Incident number.
    pub incident: u32,
    /// Minutes to the first detection.
    pub detect_minutes: Option<u64>,
    /// Minutes to the first report to a CEPTOR.
    pub report_ceptor_minutes: Option<u64>,
    /// Minutes to the first report to a ministry.
    pub report_ministry_minutes: Option<u64>,
    /// Minutes to the first sharing across sectors.
    pub cross_sector_share_minutes: Option<u64>,
    /// Minutes to recovery.
    pub recovery_minutes: Option<u64>,
}

/// `score.objectives[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ObjectiveJson {
    /// Id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Roles it concerns.
    pub roles: Vec<String>,
    /// Expected value.
    pub expected: f64,
    /// Achieved value.
    pub achieved: f64,
    /// `pending`, `met`, `partial`, `missed`.
    pub status: String,
    /// When decided.
    pub decided_minutes: Option<u64>,
    /// HSEEP rating: P, S, M, U.
    pub rating: String,
}

/// `score.scorecards[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScorecardJson {
    /// Role id.
    pub role: String,
    /// Actions taken.
    pub actions_taken: u32,
    /// Actions refused.
    pub actions_refused: u32,
    /// By action class.
    pub by_class: Vec<ClassCount>,
    /// Messages sent.
    pub messages_sent: u32,
    /// Minutes to the first action.
    pub first_action_minutes: Option<u64>,
    /// Objective ids.
    pub objectives: Vec<String>,
}

/// `score.scorecards[].by_class[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClassCount {
    /// Action class.
    pub class: String,
    /// Taken.
    pub taken: u32,
    /// Refused.
    pub refused: u32,
}

/// `luck.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LuckDoc {
    /// The drill's impact.
    pub drill_person_hours: f64,
    /// The runs.
    pub runs: Vec<LuckRunDoc>,
    /// Rank among the decisions over other seeds.
    pub among_decisions: RankDoc,
    /// Rank among the no-action twins over other seeds.
    pub among_no_action: RankDoc,
}

/// `luck.json` `runs[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LuckRunDoc {
    /// Seed.
    pub seed: u64,
    /// The decisions' impact.
    pub decisions_person_hours: f64,
    /// The no-action twin's.
    pub no_action_person_hours: f64,
}

/// A rank and percentile.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RankDoc {
    /// 1 = best.
    pub rank: u64,
    /// Share of runs the drill did at least as well as.
    pub percentile: f64,
}
