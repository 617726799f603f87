//! The model: sectors, operators, services, IT systems, the dependency graph, time,
//! distributions and the validated scenario. Plain data; no simulation state.

pub mod attack;
pub mod date;
pub mod dist;
pub mod drill;
pub mod generate;
pub mod hindcast;
pub mod ids;
pub mod infra;
pub mod objective;
pub mod references;
pub mod scenario;
pub mod sector;
pub mod time;

pub use attack::{AttackSpec, Stage, StageEffect};
pub use date::Date;
pub use dist::{Dist, DistProblem};
pub use ids::{EdgeId, IncidentId, OperatorId, RegionId, ServiceId, SystemId};
pub use infra::{
    BuildError, Dependency, DependencyKind, Infrastructure, InfrastructureBuilder, ItSystem, Key,
    Operator, OperatorSpec, Serves, Service, SystemKind,
};
pub use scenario::{
    AttackKind, Condition, DrillSetup, FailureCause, Hazard, Inject, InjectKind, InjectTrigger,
    Params, Scenario, Target,
};
pub use sector::{Ministry, Sector, SubSector};
pub use time::{DurationError, Minutes, Time};
