//! The dependency graph as the cascade walks it: compressed adjacency lists (CSR), one
//! contiguous slice of edges into and out of each service, with what the rules read of
//! each edge beside it.
//!
//! petgraph keeps its edges as linked lists, and each step of a walk then looks the
//! dependency up by id: two scattered reads per edge, in the innermost loop of every
//! cascade. The slices here hold the same edges **in petgraph's iteration order**, so
//! every rule sees its edges in exactly the order it did before and the results stay
//! byte-identical.
//!
//! What a run keeps per edge (whether it delivers) is stored by *slot*, the edge's place
//! in the list into its dependent: a service's providers then have their flags side by
//! side, where indexing by edge id scattered them over the whole graph.

use crate::model::{EdgeId, Infrastructure, Minutes, ServiceId};

/// An edge out of a service, as the cascade reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutEdge {
    /// The dependency.
    pub(crate) id: EdgeId,
    /// The service that needs the provider.
    pub(crate) dependent: ServiceId,
    /// The edge's own buffer.
    pub(crate) tolerance: Minutes,
    /// The edge's slot (see the module docs).
    pub(crate) slot: u32,
}

/// An edge into a service, as the cascade reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InEdge {
    /// The dependency.
    pub(crate) id: EdgeId,
    /// The service depended upon.
    pub(crate) provider: ServiceId,
    /// The fraction of the level lost while it delivers.
    pub(crate) strength: f64,
}

/// The dependency graph in CSR form.
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    out_start: Vec<u32>,
    out: Vec<OutEdge>,
    in_start: Vec<u32>,
    inc: Vec<InEdge>,
    /// Per edge: its provider and dependent.
    ends: Vec<(ServiceId, ServiceId)>,
    /// Per edge: its slot.
    slot_of: Vec<u32>,
    /// Per service: its required level (read for every service the cascade re-derives;
    /// here it shares cache lines with its neighbours, not with the service's strings).
    required: Vec<f64>,
}

impl Adjacency {
    /// The adjacency of `infra`'s dependency graph.
    ///
    /// petgraph threads each node's edges into a list headed by the edge added last, so
    /// its iteration order is decreasing edge index (dependency ids are the edge indices
    /// and edges are never removed). The slices are therefore filled by one counting sort
    /// over the dependencies in decreasing id order: sequential reads, where walking
    /// petgraph's lists took a cache miss per edge. The test below checks the orders agree.
    pub(crate) fn new(infra: &Infrastructure) -> Adjacency {
        let n = infra.services.len();
        let deps = &infra.dependencies;
        let mut out_start = vec![0u32; n + 1];
        let mut in_start = vec![0u32; n + 1];
        for d in deps {
            out_start[d.provider.index() + 1] += 1;
            in_start[d.dependent.index() + 1] += 1;
        }
        for i in 0..n {
            out_start[i + 1] += out_start[i];
            in_start[i + 1] += in_start[i];
        }
        let blank_out = OutEdge {
            id: EdgeId(0),
            dependent: ServiceId(0),
            tolerance: Minutes::ZERO,
            slot: 0,
        };
        let blank_in = InEdge {
            id: EdgeId(0),
            provider: ServiceId(0),
            strength: 0.0,
        };
        let mut out = vec![blank_out; deps.len()];
        let mut inc = vec![blank_in; deps.len()];
        let mut out_next: Vec<u32> = out_start[..n].to_vec();
        let mut in_next: Vec<u32> = in_start[..n].to_vec();
        let mut slot_of = vec![0u32; deps.len()];
        for d in deps.iter().rev() {
            let i = &mut in_next[d.dependent.index()];
            slot_of[d.id.index()] = *i;
            let o = &mut out_next[d.provider.index()];
            out[*o as usize] = OutEdge {
                id: d.id,
                dependent: d.dependent,
                tolerance: d.tolerance,
                slot: *i,
            };
            *o += 1;
            inc[*i as usize] = InEdge {
                id: d.id,
                provider: d.provider,
                strength: d.strength,
            };
            *i += 1;
        }
        Adjacency {
            out_start,
            out,
            in_start,
            inc,
            ends: deps.iter().map(|d| (d.provider, d.dependent)).collect(),
            slot_of,
            required: infra.services.iter().map(|s| s.required).collect(),
        }
    }

    /// Edges out of `s` (to its dependents), in petgraph's order.
    pub(crate) fn dependents(&self, s: ServiceId) -> &[OutEdge] {
        let i = s.index();
        &self.out[self.out_start[i] as usize..self.out_start[i + 1] as usize]
    }

    /// Edges into `s` (from its providers), in petgraph's order.
    pub(crate) fn providers(&self, s: ServiceId) -> &[InEdge] {
        let i = s.index();
        &self.inc[self.in_start[i] as usize..self.in_start[i + 1] as usize]
    }

    /// The slots of the edges into `s`: [`Adjacency::providers`]'s, in its order.
    pub(crate) fn slots(&self, s: ServiceId) -> std::ops::Range<usize> {
        let i = s.index();
        self.in_start[i] as usize..self.in_start[i + 1] as usize
    }

    /// The slot of edge `e`.
    pub(crate) fn slot(&self, e: EdgeId) -> usize {
        self.slot_of[e.index()] as usize
    }

    /// Each service's required level, by service id.
    pub(crate) fn required(&self) -> &[f64] {
        &self.required
    }

    /// The provider of edge `e`.
    pub(crate) fn provider(&self, e: EdgeId) -> ServiceId {
        self.ends[e.index()].0
    }

    /// The dependent of edge `e`.
    pub(crate) fn dependent(&self, e: EdgeId) -> ServiceId {
        self.ends[e.index()].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::{SyntheticSpec, synthetic_scenario};

    #[test]
    fn slices_list_petgraphs_edges_in_its_order() {
        // Two shapes of generated graph (the bundled one is pinned through the outputs of
        // tests/it/output.rs: an edge out of petgraph's order would change them).
        let sparse = synthetic_scenario(&SyntheticSpec::default());
        let dense = synthetic_scenario(&SyntheticSpec {
            operators: 50,
            services_per_operator: 3,
            edges: 2_000,
            ..SyntheticSpec::default()
        });
        for infra in [&sparse.infra, &dense.infra] {
            check_against_petgraph(infra);
        }
    }

    #[test]
    fn slices_run_in_decreasing_edge_order() {
        // The cascade lists an entry's causes in edge order by walking a slice backwards.
        let infra = synthetic_scenario(&SyntheticSpec {
            operators: 50,
            services_per_operator: 3,
            edges: 2_000,
            ..SyntheticSpec::default()
        })
        .infra;
        let a = Adjacency::new(&infra);
        for svc in &infra.services {
            let inc: Vec<_> = a.providers(svc.id).iter().map(|e| e.id).collect();
            let out: Vec<_> = a.dependents(svc.id).iter().map(|e| e.id).collect();
            assert!(inc.windows(2).all(|w| w[0] > w[1]), "{inc:?}");
            assert!(out.windows(2).all(|w| w[0] > w[1]), "{out:?}");
            assert_eq!(a.required()[svc.id.index()], svc.required);
        }
    }

    fn check_against_petgraph(infra: &Infrastructure) {
        let a = Adjacency::new(infra);
        assert!(!infra.dependencies.is_empty());
        for svc in &infra.services {
            let out: Vec<_> = a.dependents(svc.id).iter().map(|e| e.id).collect();
            let want: Vec<_> = infra.dependents_of(svc.id).map(|d| d.id).collect();
            assert_eq!(out, want);
            let inc: Vec<_> = a.providers(svc.id).iter().map(|e| e.id).collect();
            let want: Vec<_> = infra.providers_of(svc.id).map(|d| d.id).collect();
            assert_eq!(inc, want);
            for e in a.dependents(svc.id) {
                let d = infra.dependency(e.id);
                assert_eq!((a.provider(e.id), a.dependent(e.id)), (svc.id, d.dependent));
                assert_eq!((e.dependent, e.tolerance), (d.dependent, d.tolerance));
            }
            for (e, slot) in a.providers(svc.id).iter().zip(a.slots(svc.id)) {
                let d = infra.dependency(e.id);
                assert_eq!((e.provider, e.strength), (d.provider, d.strength));
                assert_eq!(a.slot(e.id), slot);
            }
            for e in a.dependents(svc.id) {
                assert_eq!(a.slot(e.id), e.slot as usize);
            }
        }
    }
}
