//! The RON file format, as written by authors. docs/SCENARIOS.md documents every field.
//!
//! Values whose meaning is checked later (ids, durations, probabilities) are read loosely
//! here so that `validate` can report every problem of a file in one pass instead of
//! stopping at the first.

use crate::model::{
    AttackKind, DependencyKind, Dist, FailureCause, Hazard, Minutes, Params, Sector, SubSector,
    SystemKind,
};
use serde::{Deserialize, Serialize};

/// A duration as written: `"1h30m"`, `"2d"` or a number of minutes. Checked in validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawDuration {
    /// Minutes as a number (may be negative in the file; validation refuses it).
    Minutes(i64),
    /// A duration string.
    Text(String),
}

impl RawDuration {
    /// The duration, or why it is not one.
    pub fn resolve(&self) -> Result<Minutes, String> {
        match self {
            RawDuration::Minutes(m) if *m < 0 => {
                Err(format!("negative duration {m}; durations are ≥ 0"))
            }
            RawDuration::Minutes(m) => Ok(Minutes(*m as u64)),
            RawDuration::Text(t) => Minutes::parse(t),
        }
    }
}

/// A scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    /// Short name.
    pub name: String,
    /// What the drill is about.
    #[serde(default)]
    pub description: String,
    /// Length of the exercise.
    pub duration: RawDuration,
    /// Default master seed.
    #[serde(default)]
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
}

/// Where the infrastructure comes from.
#[derive(Debug, Clone, Default, Deserialize)]
pub enum InfraSource {
    /// The bundled reference graph of Japan (assets/japan.ron).
    #[default]
    Default,
    /// A RON infrastructure file, relative to the scenario file.
    File(String),
    /// An infrastructure written inside the scenario.
    Inline(InfrastructureFile),
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
    /// When it fires.
    pub at: RawDuration,
    /// What it hits.
    pub target: TargetFile,
    /// What happens.
    pub kind: InjectKindFile,
}

/// What an inject hits.
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
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
    /// Impact-only cyber attack.
    CyberAttack {
        /// The kind of attack.
        attack: AttackKind,
        /// Capacity lost, in [0, 1].
        severity: f64,
        /// Recovery time.
        recovery: Dist,
    },
}
