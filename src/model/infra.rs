//! The infrastructure: operators, their services and IT systems, and the dependency graph
//! between services. This is validated model data; the scenario layer builds it from RON,
//! tests and benchmarks build it with [`InfrastructureBuilder`].

use super::ids::{EdgeId, OperatorId, RegionId, ServiceId, SystemId};
use super::sector::{Sector, SubSector};
use super::time::Minutes;
use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

/// An operator of critical infrastructure.
#[derive(Debug, Clone)]
pub struct Operator {
    /// Dense id.
    pub id: OperatorId,
    /// The id authors use in scenario files, e.g. `"kanto-power"`.
    pub key: String,
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Sector the operator belongs to.
    pub sector: Sector,
    /// Sub-sector, for sectors that have them.
    pub sub_sector: Option<SubSector>,
    /// Region it operates in.
    pub region: RegionId,
    /// Security posture in [0, 1]: scales the chance per hour of detecting an intrusion.
    pub posture: f64,
    /// Services it provides, in declaration order.
    pub services: Vec<ServiceId>,
}

/// A service an operator provides: the thing whose level the simulation tracks.
#[derive(Debug, Clone)]
pub struct Service {
    /// Dense id.
    pub id: ServiceId,
    /// The id authors use in scenario files, e.g. `"kanto-power/supply"`.
    pub key: String,
    /// English name.
    pub name: String,
    /// Operator providing it.
    pub operator: OperatorId,
    /// People or customers served: the weight of this service in person-hours lost.
    pub population: u64,
    /// Level the operator must maintain; below it the service is in IT failure (IT障害).
    pub required: f64,
    /// Whom it serves: end users, or other operators (whose own services carry its loss
    /// on to people, so the headline impact leaves it out; docs/SCORING.md).
    pub serves: Serves,
    /// The IT systems behind the service.
    pub systems: Vec<SystemId>,
}

/// Whom a service serves.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Serves {
    /// End users: people, households, customers (the default).
    #[default]
    People,
    /// Other operators only (backbone, leased lines, interbank network, grid
    /// coordination): its loss reaches people through their services.
    Operators,
}

impl Serves {
    /// Stable machine identifier.
    pub fn id(self) -> &'static str {
        match self {
            Serves::People => "people",
            Serves::Operators => "operators",
        }
    }
}

/// The role an IT system plays for its service; attacks and isolation act by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SystemKind {
    /// Back-office and business IT (mail, ERP, billing).
    Business,
    /// Industrial control systems (SCADA, signalling, dispatch).
    Control,
    /// Systems customers reach directly (web, apps, ATMs, ticketing).
    CustomerFacing,
}

impl SystemKind {
    /// Stable machine identifier.
    pub fn id(self) -> &'static str {
        match self {
            SystemKind::Business => "business",
            SystemKind::Control => "control",
            SystemKind::CustomerFacing => "customer_facing",
        }
    }
}

/// An IT system behind a service.
#[derive(Debug, Clone)]
pub struct ItSystem {
    /// Dense id.
    pub id: SystemId,
    /// The id authors use in scenario files, e.g. `"kanto-power/scada"`.
    pub key: String,
    /// Service this system backs.
    pub service: ServiceId,
    /// What the system does.
    pub kind: SystemKind,
    /// Fraction of the service's capacity lost while this system is isolated or down.
    pub share: f64,
}

/// The nature of a dependency, after Rinaldi, Peerenboom & Kelly (2001),
/// "Identifying, understanding, and analyzing critical infrastructure interdependencies",
/// IEEE Control Systems Magazine 21(6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DependencyKind {
    /// A material output of the provider is an input (electricity, water, fuel).
    Physical,
    /// The dependent needs information transmitted through the provider (data, control).
    Cyber,
    /// Both are affected by the same local event because they are co-located.
    Geographic,
    /// Any other link: markets, regulation, human decisions, settlement.
    Logical,
}

impl DependencyKind {
    /// Stable machine identifier.
    pub fn id(self) -> &'static str {
        match self {
            DependencyKind::Physical => "physical",
            DependencyKind::Cyber => "cyber",
            DependencyKind::Geographic => "geographic",
            DependencyKind::Logical => "logical",
        }
    }
}

/// A dependency edge: `dependent` needs `provider`.
#[derive(Debug, Clone)]
pub struct Dependency {
    /// Dense id (also the petgraph edge index).
    pub id: EdgeId,
    /// The service depended upon.
    pub provider: ServiceId,
    /// The service that needs it.
    pub dependent: ServiceId,
    /// Nature of the link.
    pub kind: DependencyKind,
    /// Fraction of the dependent's level lost while the provider is in IT failure and the
    /// buffer is exhausted, in [0, 1].
    pub strength: f64,
    /// How long a buffer (generator, tank, manual operation) holds after the provider
    /// falls into IT failure before the loss reaches the dependent.
    pub tolerance: Minutes,
}

/// Operators, services, systems and the dependency graph, with id lookups.
#[derive(Debug, Clone, Default)]
pub struct Infrastructure {
    /// Region names, indexed by [`RegionId`].
    pub regions: Vec<String>,
    /// Operators, indexed by [`OperatorId`].
    pub operators: Vec<Operator>,
    /// Services, indexed by [`ServiceId`].
    pub services: Vec<Service>,
    /// IT systems, indexed by [`SystemId`].
    pub systems: Vec<ItSystem>,
    /// Dependencies, indexed by [`EdgeId`].
    pub dependencies: Vec<Dependency>,
    /// The graph: one node per service (node index = service id), one edge per dependency
    /// pointing from provider to dependent (the direction loss travels).
    graph: DiGraph<ServiceId, EdgeId>,
    /// Author ids, hashed: a lookup per reference while loading (a sorted map compared
    /// long common prefixes a third of a large graph's load); never iterated in its order.
    keys: rustc_hash::FxHashMap<String, Key>,
}

/// What an author's id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// An operator.
    Operator(OperatorId),
    /// A service.
    Service(ServiceId),
    /// An IT system.
    System(SystemId),
}

impl Infrastructure {
    /// Starts an empty infrastructure.
    pub fn builder() -> InfrastructureBuilder {
        InfrastructureBuilder::default()
    }

    /// The operator with this dense id.
    pub fn operator(&self, id: OperatorId) -> &Operator {
        &self.operators[id.index()]
    }

    /// The service with this dense id.
    pub fn service(&self, id: ServiceId) -> &Service {
        &self.services[id.index()]
    }

    /// The dependency with this dense id.
    pub fn dependency(&self, id: EdgeId) -> &Dependency {
        &self.dependencies[id.index()]
    }

    /// The system with this dense id.
    pub fn system(&self, id: SystemId) -> &ItSystem {
        &self.systems[id.index()]
    }

    /// Sector of a service (its operator's sector).
    pub fn sector_of(&self, s: ServiceId) -> Sector {
        self.operator(self.service(s).operator).sector
    }

    /// What an author's id refers to.
    pub fn lookup(&self, key: &str) -> Option<Key> {
        self.keys.get(key).copied()
    }

    /// The service an author id names; if none, the closest service id as a suggestion
    /// (so every face that takes a service id on its command line words the miss alike).
    pub fn service_by_key(&self, key: &str) -> Result<ServiceId, Option<&str>> {
        match self.lookup(key) {
            Some(Key::Service(s)) => Ok(s),
            _ => Err(crate::suggest::did_you_mean(
                key,
                self.services.iter().map(|s| s.key.as_str()),
            )),
        }
    }

    /// The dependency of `dependent` on `provider`, if there is one (the first declared,
    /// should there be several).
    pub fn edge_between(&self, provider: ServiceId, dependent: ServiceId) -> Option<EdgeId> {
        self.providers_of(dependent)
            .filter(|e| e.provider == provider)
            .map(|e| e.id)
            .min()
    }

    /// All author ids, sorted, for did-you-mean suggestions.
    pub fn keys(&self) -> impl Iterator<Item = (&str, Key)> {
        let mut all: Vec<(&str, Key)> = self.keys.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
    }

    /// The region with this name.
    pub fn region(&self, name: &str) -> Option<RegionId> {
        self.regions
            .iter()
            .position(|r| r == name)
            .map(|i| RegionId(i as u32))
    }

    /// Dependencies whose provider is `s` (loss flows out along these), in a fixed order.
    pub fn dependents_of(&self, s: ServiceId) -> impl Iterator<Item = &Dependency> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(s.index()), Direction::Outgoing)
            .map(|e| self.dependency(*e.weight()))
    }

    /// Dependencies whose dependent is `s` (loss arrives along these), in a fixed order.
    pub fn providers_of(&self, s: ServiceId) -> impl Iterator<Item = &Dependency> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(s.index()), Direction::Incoming)
            .map(|e| self.dependency(*e.weight()))
    }

    /// The petgraph graph (provider → dependent), for analyses.
    pub fn graph(&self) -> &DiGraph<ServiceId, EdgeId> {
        &self.graph
    }

    /// The summed share of a service's systems of `kind`, capped at 1 (0 if it has none).
    pub fn system_share(&self, s: ServiceId, kind: SystemKind) -> f64 {
        self.service(s)
            .systems
            .iter()
            .map(|y| self.system(*y))
            .filter(|y| y.kind == kind)
            .map(|y| y.share)
            .sum::<f64>()
            .min(1.0)
    }

    /// Services of operators in `sector`, in id order.
    pub fn services_in_sector(&self, sector: Sector) -> impl Iterator<Item = ServiceId> + '_ {
        self.services
            .iter()
            .filter(move |s| self.sector_of(s.id) == sector)
            .map(|s| s.id)
    }
}

/// A problem found while assembling an infrastructure. Carries the author's id so the
/// scenario layer can point at it in the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    /// Two entities share an id.
    #[error("duplicate id \"{0}\"")]
    Duplicate(String),
    /// An id names no service (or something else).
    #[error("unknown service \"{key}\"")]
    UnknownService {
        /// The id that was given.
        key: String,
    },
}

/// Assembles an [`Infrastructure`], checking ids as it goes.
#[derive(Debug, Default)]
pub struct InfrastructureBuilder {
    infra: Infrastructure,
}

/// Parameters of a new operator for [`InfrastructureBuilder::operator`].
#[derive(Debug, Clone)]
pub struct OperatorSpec<'a> {
    /// Author id.
    pub key: &'a str,
    /// English name.
    pub name: &'a str,
    /// Japanese name.
    pub name_ja: &'a str,
    /// Sector.
    pub sector: Sector,
    /// Sub-sector.
    pub sub_sector: Option<SubSector>,
    /// Region name; regions are created on first use.
    pub region: &'a str,
    /// Security posture in [0, 1].
    pub posture: f64,
}

impl InfrastructureBuilder {
    fn claim(&mut self, key: &str, value: Key) -> Result<(), BuildError> {
        match self.infra.keys.entry(key.to_string()) {
            std::collections::hash_map::Entry::Occupied(_) => {
                Err(BuildError::Duplicate(key.to_string()))
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(value);
                Ok(())
            }
        }
    }

    /// Makes room for this many more operators, services and dependencies, so a large
    /// graph is not copied as its tables grow (a hint: more may still be added).
    pub fn reserve(&mut self, operators: usize, services: usize, dependencies: usize) {
        let i = &mut self.infra;
        i.operators.reserve(operators);
        i.services.reserve(services);
        i.dependencies.reserve(dependencies);
        i.keys.reserve(operators + services);
        i.graph.reserve_nodes(services);
        i.graph.reserve_edges(dependencies);
    }

    /// Adds an operator.
    pub fn operator(&mut self, spec: OperatorSpec<'_>) -> Result<OperatorId, BuildError> {
        let id = OperatorId(self.infra.operators.len() as u32);
        self.claim(spec.key, Key::Operator(id))?;
        let region = match self.infra.region(spec.region) {
            Some(r) => r,
            None => {
                self.infra.regions.push(spec.region.to_string());
                RegionId(self.infra.regions.len() as u32 - 1)
            }
        };
        self.infra.operators.push(Operator {
            id,
            key: spec.key.to_string(),
            name: spec.name.to_string(),
            name_ja: spec.name_ja.to_string(),
            sector: spec.sector,
            sub_sector: spec.sub_sector,
            region,
            posture: spec.posture,
            services: Vec::new(),
        });
        Ok(id)
    }

    /// Adds a service of `operator`.
    pub fn service(
        &mut self,
        operator: OperatorId,
        key: &str,
        name: &str,
        population: u64,
        required: f64,
    ) -> Result<ServiceId, BuildError> {
        let id = ServiceId(self.infra.services.len() as u32);
        self.claim(key, Key::Service(id))?;
        self.infra.services.push(Service {
            id,
            key: key.to_string(),
            name: name.to_string(),
            operator,
            population,
            required,
            serves: Serves::People,
            systems: Vec::new(),
        });
        self.infra.operators[operator.index()].services.push(id);
        let node = self.infra.graph.add_node(id);
        debug_assert_eq!(node.index(), id.index());
        Ok(id)
    }

    /// Sets whom a service serves (every service serves people until told otherwise).
    pub fn set_serves(&mut self, service: ServiceId, serves: Serves) {
        self.infra.services[service.index()].serves = serves;
    }

    /// Adds an IT system behind `service`.
    pub fn system(
        &mut self,
        service: ServiceId,
        key: &str,
        kind: SystemKind,
        share: f64,
    ) -> Result<SystemId, BuildError> {
        let id = SystemId(self.infra.systems.len() as u32);
        self.claim(key, Key::System(id))?;
        self.infra.systems.push(ItSystem {
            id,
            key: key.to_string(),
            service,
            kind,
            share,
        });
        self.infra.services[service.index()].systems.push(id);
        Ok(id)
    }

    /// Adds a dependency: `dependent` needs `provider`.
    pub fn dependency(
        &mut self,
        provider: ServiceId,
        dependent: ServiceId,
        kind: DependencyKind,
        strength: f64,
        tolerance: Minutes,
    ) -> EdgeId {
        let id = EdgeId(self.infra.dependencies.len() as u32);
        self.infra.dependencies.push(Dependency {
            id,
            provider,
            dependent,
            kind,
            strength,
            tolerance,
        });
        let e: EdgeIndex = self.infra.graph.add_edge(
            NodeIndex::new(provider.index()),
            NodeIndex::new(dependent.index()),
            id,
        );
        debug_assert_eq!(e.index(), id.index());
        id
    }

    /// The infrastructure assembled so far (read-only), for lookups while building.
    pub fn peek(&self) -> &Infrastructure {
        &self.infra
    }

    /// Finishes building.
    pub fn build(self) -> Infrastructure {
        self.infra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(key: &str, sector: Sector) -> OperatorSpec<'_> {
        OperatorSpec {
            key,
            name: key,
            name_ja: key,
            sector,
            sub_sector: None,
            region: "kanto",
            posture: 0.5,
        }
    }

    #[test]
    fn services_and_edges_are_found_by_key_with_a_suggestion_when_missed() {
        let mut b = Infrastructure::builder();
        let p = b.operator(spec("power", Sector::Electricity)).unwrap();
        let t = b.operator(spec("tel", Sector::InfoComm)).unwrap();
        let ps = b.service(p, "power/supply", "supply", 100, 0.9).unwrap();
        let ts = b.service(t, "tel/net", "net", 100, 0.9).unwrap();
        let first = b.dependency(ps, ts, DependencyKind::Physical, 0.5, Minutes(60));
        b.dependency(ps, ts, DependencyKind::Cyber, 0.2, Minutes(0));
        let infra = b.build();
        assert_eq!(infra.service_by_key("tel/net"), Ok(ts));
        assert_eq!(infra.service_by_key("tel/nett"), Err(Some("tel/net")));
        // An operator's id is not a service's.
        assert_eq!(infra.service_by_key("power"), Err(Some("power/supply")));
        assert_eq!(infra.service_by_key("zzzzzzzzzzzz"), Err(None));
        assert_eq!(infra.edge_between(ps, ts), Some(first));
        assert_eq!(infra.edge_between(ts, ps), None);
    }

    #[test]
    fn edges_point_from_provider_to_dependent() {
        let mut b = Infrastructure::builder();
        let p = b.operator(spec("power", Sector::Electricity)).unwrap();
        let t = b.operator(spec("tel", Sector::InfoComm)).unwrap();
        let ps = b.service(p, "power/supply", "supply", 100, 0.9).unwrap();
        let ts = b.service(t, "tel/net", "net", 100, 0.9).unwrap();
        b.dependency(ps, ts, DependencyKind::Physical, 0.5, Minutes(60));
        b.dependency(ts, ps, DependencyKind::Cyber, 0.2, Minutes(0));
        let infra = b.build();
        let out: Vec<_> = infra.dependents_of(ps).map(|d| d.dependent).collect();
        assert_eq!(out, vec![ts]);
        let inc: Vec<_> = infra.providers_of(ps).map(|d| d.provider).collect();
        assert_eq!(inc, vec![ts]);
        assert_eq!(infra.sector_of(ts), Sector::InfoComm);
        assert_eq!(infra.lookup("tel/net"), Some(Key::Service(ts)));
        assert_eq!(infra.regions, vec!["kanto".to_string()]);
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let mut b = Infrastructure::builder();
        let p = b.operator(spec("x", Sector::Water)).unwrap();
        assert_eq!(
            b.service(p, "x", "dup", 1, 0.5),
            Err(BuildError::Duplicate("x".into()))
        );
    }
}
