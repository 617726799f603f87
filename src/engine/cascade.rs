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
use super::adjacency::Adjacency;
use super::state::ServiceState;
use super::timeline::{Cause, Causes, Happening};
use crate::engine::drill::{BELOW_TAG, Context, RESTORED_TAG};
use crate::model::drill::policy::Trigger;
use crate::model::drill::role::Role;
use crate::model::{EdgeId, ServiceId, Time};

/// A service is in IT failure when its level is below required by more than this, so
/// hand-computed levels such as 1 × (1 − 0.1) = 0.9 against 0.9 are not failures.
pub const FAILURE_EPSILON: f64 = 1e-9;

/// Whether `level` is below `required`.
pub fn is_below(level: f64, required: f64) -> bool {
    level < required - FAILURE_EPSILON
}

/// A service's state when a settle first touched it.
#[derive(Debug, Clone, Copy)]
struct Before {
    level: f64,
    dep_factor: f64,
    failed_since: Option<Time>,
}

/// Bits of [`Scratch::flags`]: touched by the current settle (its [`Before`] is taken) …
const TOUCHED: u8 = 1;
/// … waiting in the worklist …
const QUEUED: u8 = 2;
/// … in the reset region.
const IN_REGION: u8 = 4;

/// [`Scratch::edge_was`] of an edge not switched in the current settle; otherwise whether
/// it delivered before the settle. (Per-edge state is kept by slot: see `adjacency`.)
const EDGE_UNTOUCHED: u8 = 0;
const EDGE_WAS_OFF: u8 = 1;
const EDGE_WAS_ON: u8 = 2;

/// Reusable buffers for [`Engine::settle`], sized to the infrastructure.
///
/// What the cascade marks per service is one byte of flags (one look-up, where three
/// vectors of booleans took three), and per edge one byte that says both whether the edge
/// was switched and how it was before.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    flags: Vec<u8>,
    before: Vec<Before>,
    touch_order: Vec<ServiceId>,
    edge_was: Vec<u8>,
    /// The slots of the edges switched in the current settle.
    toggled: Vec<u32>,
    seed_cause: Vec<Option<Cause>>,
    /// The reset region, the well-supported services beside it and the worklist of one
    /// settle (kept to reuse their allocations). The worklist is first in, first out: a
    /// vector read from a cursor, as it only grows within a settle.
    region: Vec<ServiceId>,
    kept: Vec<ServiceId>,
    worklist: Vec<ServiceId>,
    /// The edges that switched off in one level change (listed after those that switched
    /// on).
    restored: Vec<Cause>,
}

impl Scratch {
    pub(super) fn new(services: usize, edges: usize) -> Scratch {
        let full = Before {
            level: 1.0,
            dep_factor: 1.0,
            failed_since: None,
        };
        Scratch {
            flags: vec![0; services],
            before: vec![full; services],
            touch_order: Vec::new(),
            edge_was: vec![EDGE_UNTOUCHED; edges],
            toggled: Vec::new(),
            seed_cause: vec![None; services],
            region: Vec::new(),
            kept: Vec::new(),
            worklist: Vec::new(),
            restored: Vec::new(),
        }
    }
}

/// Takes `s`'s state before the current settle changes it (once per settle).
#[inline]
fn touch_in(scratch: &mut Scratch, services: &[ServiceState], s: ServiceId) {
    let i = s.index();
    if scratch.flags[i] & TOUCHED == 0 {
        let st = &services[i];
        scratch.flags[i] |= TOUCHED;
        scratch.before[i] = Before {
            level: st.level,
            dep_factor: st.dep_factor,
            failed_since: st.failed_since,
        };
        scratch.touch_order.push(s);
    }
}

/// Switches the edge in `slot` on or off, remembering how it was before the current settle.
#[inline]
fn set_edge_in(scratch: &mut Scratch, edge_active: &mut [bool], slot: u32, active: bool) {
    let i = slot as usize;
    if scratch.edge_was[i] == EDGE_UNTOUCHED {
        scratch.edge_was[i] = if edge_active[i] {
            EDGE_WAS_ON
        } else {
            EDGE_WAS_OFF
        };
        scratch.toggled.push(slot);
    }
    edge_active[i] = active;
}

/// Queues `s` for re-derivation unless it is already waiting.
#[inline]
fn enqueue(scratch: &mut Scratch, queue: &mut Vec<ServiceId>, s: ServiceId) {
    let flags = &mut scratch.flags[s.index()];
    if *flags & QUEUED == 0 {
        *flags |= QUEUED;
        queue.push(s);
    }
}

impl Engine {
    /// Takes `s`'s state before the current settle changes it (once per settle).
    #[inline]
    pub(crate) fn touch(&mut self, s: ServiceId) {
        touch_in(&mut self.world.scratch, &self.world.services, s);
    }

    /// Switches edge `e` on or off, remembering how it was before the current settle.
    #[inline]
    pub(crate) fn set_edge(&mut self, e: EdgeId, active: bool) {
        let slot = self.world.graph.slot(e) as u32;
        set_edge_in(
            &mut self.world.scratch,
            &mut self.world.edge_active,
            slot,
            active,
        );
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
        let graph = self.world.graph.clone();
        let now = self.clock.now;
        // The world's parts borrowed apart (not through `self`), so that the loops below
        // keep them in registers.
        let world = &mut self.world;
        let scratch = &mut world.scratch;
        let services = &mut world.services[..];
        let edge_active = &mut world.edge_active[..];
        let fail_order = &mut world.fail_order[..];
        let extension = &world.buffer_extension[..];
        let required = graph.required();
        for (s, c) in seed_causes {
            scratch.seed_cause[s.index()] = Some(*c);
        }

        // Delete: everything reachable from a raised service over delivering edges may
        // rise; reset it to "not failed" and switch its outgoing edges off.
        let mut region = std::mem::take(&mut scratch.region);
        let mut kept = std::mem::take(&mut scratch.kept);
        let mut queue = std::mem::take(&mut scratch.worklist);
        for &s in raised {
            let flags = &mut scratch.flags[s.index()];
            if *flags & IN_REGION == 0 {
                *flags |= IN_REGION;
                region.push(s);
            }
        }
        let mut i = 0;
        while i < region.len() {
            let p = region[i];
            i += 1;
            for d in graph.dependents(p) {
                let x = d.dependent;
                if !edge_active[d.slot as usize] || scratch.flags[x.index()] & IN_REGION != 0 {
                    continue;
                }
                if well_supported(
                    &graph,
                    required,
                    services,
                    edge_active,
                    scratch,
                    fail_order,
                    x,
                ) {
                    // Its level may still rise a little, so it is recomputed, but it stays
                    // failed and its own edges stay as they are.
                    kept.push(x);
                } else {
                    scratch.flags[x.index()] |= IN_REGION;
                    region.push(x);
                }
            }
        }
        for &p in &region {
            touch_in(scratch, services, p);
            for d in graph.dependents(p) {
                if edge_active[d.slot as usize] {
                    set_edge_in(scratch, edge_active, d.slot, false);
                }
            }
            services[p.index()].failed_since = None;
        }

        // Re-derive: recompute levels and switch edges on, worklist until nothing changes.
        for list in [&region[..], lowered, &kept[..]] {
            for &s in list {
                touch_in(scratch, services, s);
                enqueue(scratch, &mut queue, s);
            }
        }
        let mut next = 0;
        while next < queue.len() {
            let d = queue[next];
            next += 1;
            scratch.flags[d.index()] &= !QUEUED;
            let mut dep_factor = 1.0;
            for (e, &on) in graph.providers(d).iter().zip(&edge_active[graph.slots(d)]) {
                if on {
                    dep_factor *= 1.0 - e.strength;
                }
            }
            let original_since = scratch.before[d.index()].failed_since;
            let st = &mut services[d.index()];
            st.dep_factor = dep_factor;
            st.level = st.capacity * dep_factor;
            if !is_below(st.level, required[d.index()]) || st.failed_since.is_some() {
                continue;
            }
            // A service that was already failing before this settle keeps its clock, so
            // buffers that had run out stay out.
            let since = original_since.unwrap_or(now);
            st.failed_since = Some(since);
            fail_order[d.index()] = world.next_fail;
            world.next_fail += 1;
            let down_for = now.since(since);
            for e in graph.dependents(d) {
                let i = e.slot as usize;
                if edge_active[i] {
                    continue;
                }
                // The edge's own buffer plus the dependent's backup extension.
                let tolerance = e
                    .tolerance
                    .0
                    .saturating_add(extension[e.dependent.index()].0);
                let was_on = scratch.edge_was[i] == EDGE_WAS_ON;
                if down_for.0 >= tolerance && (tolerance == 0 || was_on) {
                    set_edge_in(scratch, edge_active, e.slot, true);
                    touch_in(scratch, services, e.dependent);
                    enqueue(scratch, &mut queue, e.dependent);
                }
            }
        }

        self.finish_settle(&graph, seed_causes);
        region.clear();
        kept.clear();
        queue.clear();
        let scratch = &mut self.world.scratch;
        scratch.region = region;
        scratch.kept = kept;
        scratch.worklist = queue;
    }

    /// Books the net effect of a settle: timeline entries, new buffer timers, recovery
    /// speeds and measures. Then clears the scratch buffers.
    fn finish_settle(&mut self, graph: &Adjacency, seed_causes: &[(ServiceId, Cause)]) {
        let now = self.clock.now;
        let order = std::mem::take(&mut self.world.scratch.touch_order);
        for &s in &order {
            let old = self.world.scratch.before[s.index()];
            let st = self.state_of(s);
            let (level, since, factor) = (st.level, st.failed_since, st.dep_factor);
            let failed = since.is_some();
            if level != old.level {
                // Logged even without a timeline: conditional injects and objectives
                // watch level changes. Only the causes, which cost work, are left out.
                let causes = if self.keeps_timeline() {
                    self.causes_of(s)
                } else {
                    Causes::new()
                };
                self.log(Happening::LevelChanged {
                    service: s,
                    from: old.level,
                    to: level,
                    below_required: failed,
                    causes,
                });
                self.records.metrics.record(now, s, level, failed);
            } else if failed != old.failed_since.is_some() {
                self.records.metrics.record(now, s, level, failed);
            }
            if failed && old.failed_since.is_none() {
                let operator = Role::Operator(self.infra.service(s).operator);
                // Without rules for the trigger's role the trigger does nothing: skip the
                // key and the call (most operators of a large graph follow no policy).
                if !self.prepared.rules_of(operator).is_empty() {
                    let key = crate::engine::rng::mix(&[BELOW_TAG, s.0 as u64, now.0]);
                    self.policy_trigger(operator, Trigger::BelowRequired, key, |_| {
                        Context::Service(s)
                    });
                }
                for e in graph.dependents(s) {
                    if self.world.edge_active[e.slot as usize] {
                        continue;
                    }
                    let tolerance = self.tolerance_of(e.tolerance, e.dependent);
                    if tolerance.0 > 0 {
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
            if factor != old.dep_factor && !self.state_of(s).impairments.is_empty() {
                self.rerate_recoveries(s);
            }
            if !failed && old.failed_since.is_some() && self.world.on_backup > 0 {
                // Back up: it, or a dependent running on backup, may no longer need it.
                self.backup_no_longer_needed(s);
                for d in graph.dependents(s) {
                    self.backup_no_longer_needed(d.dependent);
                }
            }
        }
        // Every service of the region was touched, so this clears its flag too.
        let scratch = &mut self.world.scratch;
        for &s in &order {
            scratch.flags[s.index()] = 0;
        }
        for (s, _) in seed_causes {
            scratch.seed_cause[s.index()] = None;
        }
        for slot in scratch.toggled.drain(..) {
            scratch.edge_was[slot as usize] = EDGE_UNTOUCHED;
        }
        let mut order = order;
        order.clear();
        scratch.touch_order = order;
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
    /// switched on, then those that switched off, each in edge order.
    fn causes_of(&mut self, s: ServiceId) -> Causes {
        let scratch = &mut self.world.scratch;
        if let Some(c) = scratch.seed_cause[s.index()] {
            return smallvec::smallvec![c];
        }
        let active = &self.world.edge_active;
        let off = &mut scratch.restored;
        off.clear();
        let mut causes = Causes::new();
        // Providers come in decreasing edge order (see `Adjacency::new`): backwards, they
        // are in edge order, and no sort is needed.
        let graph = &self.world.graph;
        for (e, i) in graph.providers(s).iter().zip(graph.slots(s)).rev() {
            match scratch.edge_was[i] {
                EDGE_WAS_OFF if active[i] => causes.push(Cause::Dependency(e.id)),
                EDGE_WAS_ON if !active[i] => off.push(Cause::ProviderRestored(e.id)),
                _ => {}
            }
        }
        causes.extend_from_slice(off);
        causes
    }
}

/// Whether failed `x` stays failed whatever happens in the current reset region: on its
/// own capacity and the delivering edges of providers outside the region that failed
/// before it.
fn well_supported(
    graph: &Adjacency,
    required: &[f64],
    services: &[ServiceState],
    edge_active: &[bool],
    scratch: &Scratch,
    fail_order: &[u64],
    x: ServiceId,
) -> bool {
    let st = &services[x.index()];
    if st.failed_since.is_none() {
        return false;
    }
    let order = fail_order[x.index()];
    let mut level = st.capacity;
    for (e, &on) in graph.providers(x).iter().zip(&edge_active[graph.slots(x)]) {
        let p = e.provider.index();
        if on && scratch.flags[p] & IN_REGION == 0 && fail_order[p] < order {
            level *= 1.0 - e.strength;
        }
    }
    is_below(level, required[x.index()])
}
