//! The dependency graph as the cascade walks it: compressed adjacency lists (CSR), one
//! contiguous slice of edges into and out of each service, with what the rules read of
//! each edge beside it.
//!
//! petgraph keeps its edges as linked lists, and each step of a walk then looks the
//! dependency up by id: two scattered reads per edge, in the innermost loop of every
//! cascade. The slices here hold the same edges **in petgraph's iteration order** (they
//! are built by walking it), so every rule sees its edges in exactly the order it did
//! before and the results stay byte-identical.

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
}

impl Adjacency {
    /// The adjacency of `infra`'s dependency graph.
    pub(crate) fn new(infra: &Infrastructure) -> Adjacency {
        let n = infra.services.len();
        let m = infra.dependencies.len();
        let mut a = Adjacency {
            out_start: Vec::with_capacity(n + 1),
            out: Vec::with_capacity(m),
            in_start: Vec::with_capacity(n + 1),
            inc: Vec::with_capacity(m),
            ends: infra
                .dependencies
                .iter()
                .map(|d| (d.provider, d.dependent))
                .collect(),
        };
        for s in &infra.services {
            a.out_start.push(a.out.len() as u32);
            a.out.extend(infra.dependents_of(s.id).map(|d| OutEdge {
                id: d.id,
                dependent: d.dependent,
                tolerance: d.tolerance,
            }));
            a.in_start.push(a.inc.len() as u32);
            a.inc.extend(infra.providers_of(s.id).map(|d| InEdge {
                id: d.id,
                provider: d.provider,
                strength: d.strength,
            }));
        }
        a.out_start.push(a.out.len() as u32);
        a.in_start.push(a.inc.len() as u32);
        a
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
        let s = synthetic_scenario(&SyntheticSpec::default());
        let infra = &s.infra;
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
            for e in a.providers(svc.id) {
                let d = infra.dependency(e.id);
                assert_eq!((e.provider, e.strength), (d.provider, d.strength));
            }
        }
    }
}
