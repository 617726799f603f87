//! The cascade rule: how loss travels along dependency edges.
//!
//! * A service's level is `capacity × Π (1 − strength)` over its *delivering* edges.
//! * A service is in IT failure while its level is below its required level.
//! * An edge delivers once its provider has been in IT failure for the edge's tolerance.
//!
//! The state after any change is the *least* fixed point of these rules: the smallest set of
//! delivering edges consistent with them. Loss therefore only flows from a real cause; a
//! cycle (power ↔ telecom) can hold itself down only while some member is still impaired
//! or a buffer is still counting, and the computation always terminates: after the reset,
//! re-derivation only switches edges on, each at most once.
//!
//! When a capacity rises, the services that may be propagated-down through it are first
//! reset (delete), then re-derived (DRed, as in incremental Datalog): a service that stays
//! in IT failure keeps its original `failed_since`, so buffers that already ran out stay out.
//! Re-derivation switches back on only edges that were delivering before (or have no
//! buffer); an edge whose buffer runs out this very minute waits for its own event.
//!
//! The reset stops at services that are *well supported*: still below their required level
//! on their own capacity and the delivering edges of providers outside the reset that
//! failed before them. Support only counts earlier failures, so it can never be circular,
//! and the result is the same least fixed point; on large graphs this keeps a repair from
//! resetting everything downstream of it.

use super::Engine;
use super::timeline::{Cause, Happening};
use crate::engine::drill::{BELOW_TAG, Context, RESTORED_TAG};
use crate::model::drill::policy::Trigger;
use crate::model::drill::role::Role;
use crate::model::{EdgeId, ServiceId, Time};
use std::collections::VecDeque;

/// A service is in IT failure when its level is below required by more than this, so
/// hand-computed levels such as 1 × (1 − 0.1) = 0.9 against 0.9 are not failures.
pub const FAILURE_EPSILON: f64 = 1e-9;

/// Whether `level` is below `required`.
pub fn is_below(level: f64, required: f64) -> bool {
    level < required - FAILURE_EPSILON
}

/// Reusable buffers for [`Engine::settle`], sized to the infrastructure.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    in_region: Vec<bool>,
    queued: Vec<bool>,
    touched: Vec<bool>,
    touch_order: Vec<ServiceId>,
    before: Vec<(f64, Option<Time>, f64)>,
    edge_toggled: Vec<bool>,
    edge_before: Vec<bool>,
    toggled: Vec<EdgeId>,
    seed_cause: Vec<Option<Cause>>,
    /// The reset region, the well-supported services beside it and the worklist of one
    /// settle (kept to reuse their allocations).
    region: Vec<ServiceId>,
    kept: Vec<ServiceId>,
    worklist: VecDeque<ServiceId>,
}

impl Scratch {
    pub(super) fn new(services: usize, edges: usize) -> Scratch {
        Scratch {
            in_region: vec![false; services],
            queued: vec![false; services],
            touched: vec![false; services],
            touch_order: Vec::new(),
            before: vec![(1.0, None, 1.0); services],
            edge_toggled: vec![false; edges],
            edge_before: vec![false; edges],
            toggled: Vec::new(),
            seed_cause: vec![None; services],
            region: Vec::new(),
            kept: Vec::new(),
            worklist: VecDeque::new(),
        }
    }
}

impl Engine {
    pub(crate) fn touch(&mut self, s: ServiceId) {
        let i = s.index();
        if !self.world.scratch.touched[i] {
            let st = self.state_of(s);
            let snapshot = (st.level, st.failed_since, st.dep_factor);
            self.world.scratch.touched[i] = true;
            self.world.scratch.before[i] = snapshot;
            self.world.scratch.touch_order.push(s);
        }
    }

    pub(crate) fn set_edge(&mut self, e: EdgeId, active: bool) {
        let i = e.index();
        if !self.world.scratch.edge_toggled[i] {
            self.world.scratch.edge_toggled[i] = true;
            self.world.scratch.edge_before[i] = self.world.edge_active[i];
            self.world.scratch.toggled.push(e);
        }
        self.world.edge_active[i] = active;
    }

    /// Switches `edge` on (its buffer ran out) and settles its dependent.
    pub(super) fn deliver(&mut self, edge: EdgeId) {
        let dependent = self.world.graph.dependent(edge);
        self.touch(dependent);
        self.set_edge(edge, true);
        self.settle(&[], &[dependent], &[]);
    }

    /// Brings levels back to the least fixed point after capacities or edges changed.
    ///
    /// `raised`: services whose capacity rose (their dependents may come back up).
    /// `lowered`: services whose capacity fell or that gained a delivering edge.
    /// `seed_causes`: why the seeds' own capacity changed, for the timeline.
    pub(crate) fn settle(
        &mut self,
        raised: &[ServiceId],
        lowered: &[ServiceId],
        seed_causes: &[(ServiceId, Cause)],
    ) {
        let infra = self.infra.clone();
        let graph = self.world.graph.clone();
        let now = self.clock.now;
        for (s, c) in seed_causes {
            self.world.scratch.seed_cause[s.index()] = Some(c.clone());
        }

        // Delete: everything reachable from a raised service over delivering edges may
        // rise; reset it to "not failed" and switch its outgoing edges off.
        let mut region = std::mem::take(&mut self.world.scratch.region);
        let mut kept = std::mem::take(&mut self.world.scratch.kept);
        let mut queue = std::mem::take(&mut self.world.scratch.worklist);
        for &s in raised {
            if !self.world.scratch.in_region[s.index()] {
                self.world.scratch.in_region[s.index()] = true;
                region.push(s);
            }
        }
        let mut i = 0;
        while i < region.len() {
            let p = region[i];
            i += 1;
            for d in graph.dependents(p) {
                let x = d.dependent;
                if !self.world.edge_active[d.id.index()] || self.world.scratch.in_region[x.index()]
                {
                    continue;
                }
                if self.well_supported(x) {
                    // Its level may still rise a little, so it is recomputed, but it stays
                    // failed and its own edges stay as they are.
                    kept.push(x);
                } else {
                    self.world.scratch.in_region[x.index()] = true;
                    region.push(x);
                }
            }
        }
        for &p in &region {
            self.touch(p);
            for d in graph.dependents(p) {
                if self.world.edge_active[d.id.index()] {
                    self.set_edge(d.id, false);
                }
            }
            self.state_of_mut(p).failed_since = None;
        }

        // Re-derive: recompute levels and switch edges on, worklist until nothing changes.
        for &s in region.iter().chain(lowered).chain(&kept) {
            self.touch(s);
            if !self.world.scratch.queued[s.index()] {
                self.world.scratch.queued[s.index()] = true;
                queue.push_back(s);
            }
        }
        while let Some(d) = queue.pop_front() {
            self.world.scratch.queued[d.index()] = false;
            let mut dep_factor = 1.0;
            for e in graph.providers(d) {
                if self.world.edge_active[e.id.index()] {
                    dep_factor *= 1.0 - e.strength;
                }
            }
            let required = infra.service(d).required;
            let original_since = self.world.scratch.before[d.index()].1;
            let st = self.state_of_mut(d);
            st.dep_factor = dep_factor;
            st.level = st.capacity * dep_factor;
            if !is_below(st.level, required) || st.failed_since.is_some() {
                continue;
            }
            // A service that was already failing before this settle keeps its clock, so
            // buffers that had run out stay out.
            let since = original_since.unwrap_or(now);
            st.failed_since = Some(since);
            self.world.fail_order[d.index()] = self.world.next_fail;
            self.world.next_fail += 1;
            for e in graph.dependents(d) {
                let i = e.id.index();
                let tolerance = self.tolerance_of(e.tolerance, e.dependent);
                let was_on =
                    self.world.scratch.edge_toggled[i] && self.world.scratch.edge_before[i];
                if !self.world.edge_active[i]
                    && now.since(since) >= tolerance
                    && (tolerance.0 == 0 || was_on)
                {
                    self.set_edge(e.id, true);
                    self.touch(e.dependent);
                    if !self.world.scratch.queued[e.dependent.index()] {
                        self.world.scratch.queued[e.dependent.index()] = true;
                        queue.push_back(e.dependent);
                    }
                }
            }
        }

        self.finish_settle(&region);
        region.clear();
        kept.clear();
        self.world.scratch.region = region;
        self.world.scratch.kept = kept;
        self.world.scratch.worklist = queue;
    }

    /// Whether failed `x` stays failed whatever happens in the current reset region: on its
    /// own capacity and the delivering edges of providers outside the region that failed
    /// before it.
    fn well_supported(&self, x: ServiceId) -> bool {
        let st = self.state_of(x);
        if st.failed_since.is_none() {
            return false;
        }
        let order = self.world.fail_order[x.index()];
        let mut level = st.capacity;
        for e in self.world.graph.providers(x) {
            let p = e.provider.index();
            if self.world.edge_active[e.id.index()]
                && !self.world.scratch.in_region[p]
                && self.world.fail_order[p] < order
            {
                level *= 1.0 - e.strength;
            }
        }
        is_below(level, self.infra.service(x).required)
    }

    /// Books the net effect of a settle: timeline entries, new buffer timers, recovery
    /// speeds and measures. Then clears the scratch buffers.
    fn finish_settle(&mut self, region: &[ServiceId]) {
        let infra = self.infra.clone();
        let graph = self.world.graph.clone();
        let now = self.clock.now;
        let order = std::mem::take(&mut self.world.scratch.touch_order);
        for &s in &order {
            let (old_level, old_since, old_factor) = self.world.scratch.before[s.index()];
            let st = self.state_of(s);
            let (level, since, factor) = (st.level, st.failed_since, st.dep_factor);
            let failed = since.is_some();
            if level != old_level {
                // Logged even without a timeline: conditional injects and objectives
                // watch level changes. Only the causes, which cost work, are left out.
                let causes = if self.keeps_timeline() {
                    self.causes_of(s)
                } else {
                    Vec::new()
                };
                self.log(Happening::LevelChanged {
                    service: s,
                    from: old_level,
                    to: level,
                    below_required: failed,
                    causes,
                });
                self.records.metrics.record(&infra, now, s, level, failed);
            } else if failed != old_since.is_some() {
                self.records.metrics.record(&infra, now, s, level, failed);
            }
            if failed && old_since.is_none() {
                let operator = Role::Operator(infra.service(s).operator);
                let key = crate::engine::rng::mix(&[BELOW_TAG, s.0 as u64, now.0]);
                self.policy_trigger(operator, Trigger::BelowRequired, key, |_| {
                    Context::Service(s)
                });
                for e in graph.dependents(s) {
                    let tolerance = self.tolerance_of(e.tolerance, e.dependent);
                    if !self.world.edge_active[e.id.index()] && tolerance.0 > 0 {
                        let until = now.after(tolerance);
                        self.clock.queue.push(
                            until,
                            super::Event::PHASE_BUFFER,
                            super::Event::BufferExhausted {
                                edge: e.id,
                                since: now,
                            },
                        );
                        self.log(Happening::BufferStarted { edge: e.id, until });
                    }
                }
            }
            if factor != old_factor {
                self.rerate_recoveries(s);
            }
            if !failed && old_since.is_some() && self.world.on_backup > 0 {
                // Back up: it, or a dependent running on backup, may no longer need it.
                let mut candidates = vec![s];
                candidates.extend(graph.dependents(s).iter().map(|d| d.dependent));
                for c in candidates {
                    self.backup_no_longer_needed(c);
                }
            }
        }
        for &s in &order {
            let i = s.index();
            self.world.scratch.touched[i] = false;
            self.world.scratch.seed_cause[i] = None;
        }
        for &s in region {
            self.world.scratch.in_region[s.index()] = false;
        }
        for e in std::mem::take(&mut self.world.scratch.toggled) {
            self.world.scratch.edge_toggled[e.index()] = false;
        }
        let mut order = order;
        order.clear();
        self.world.scratch.touch_order = order;
    }

    /// If `s` runs on backup and none of its providers is failing any more, the backup
    /// holds nothing off: its operator's policy may end it.
    fn backup_no_longer_needed(&mut self, s: ServiceId) {
        let operator = self.infra.service(s).operator;
        let on_backup = self
            .operator_state(operator)
            .backup
            .iter()
            .any(|(x, _)| *x == s);
        if !on_backup {
            return;
        }
        let providers_failing = self
            .world
            .graph
            .providers(s)
            .iter()
            .any(|d| self.state_of(d.provider).failed_since.is_some());
        if providers_failing {
            return;
        }
        let key = crate::engine::rng::mix(&[RESTORED_TAG, s.0 as u64, self.clock.now.0]);
        self.policy_trigger(Role::Operator(operator), Trigger::Restored, key, |_| {
            Context::Service(s)
        });
    }

    /// Why `s` changed in the current settle: its own capacity change, else the edges that
    /// switched on (or, if none, off), in edge order.
    fn causes_of(&self, s: ServiceId) -> Vec<Cause> {
        if let Some(c) = &self.world.scratch.seed_cause[s.index()] {
            return vec![c.clone()];
        }
        // One vector (one allocation per level change, not three): the edges that switched
        // on, then those that switched off, each in edge order.
        let mut causes = Vec::new();
        for e in self.world.graph.providers(s) {
            let i = e.id.index();
            if self.world.scratch.edge_toggled[i]
                && self.world.scratch.edge_before[i] != self.world.edge_active[i]
            {
                causes.push(if self.world.edge_active[i] {
                    Cause::Dependency(e.id)
                } else {
                    Cause::ProviderRestored(e.id)
                });
            }
        }
        causes.sort_unstable_by_key(|c| match c {
            Cause::Dependency(e) => (false, *e),
            Cause::ProviderRestored(e) => (true, *e),
            _ => unreachable!("only edge causes are collected here"),
        });
        causes
    }
}
