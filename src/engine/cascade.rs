//! The cascade rule: how loss travels along dependency edges.
//!
//! * A service's level is `capacity × Π (1 − w × (1 − P_p))` over its *delivering* edges
//!   `p → d` of strength `w`, where `P_p` is the provider's *pass-through level*.
//! * A service is in IT failure while its level is below its required level.
//! * An edge delivers once its provider has been in IT failure for the edge's tolerance.
//! * The services in IT failure are ordered by when they fell (their *place*): an event's
//!   own change first, then round by round, each round the services brought down by the
//!   edges the previous round switched on; one round's services share a place. A service
//!   that stays in IT failure through an event keeps its place.
//! * `P_p` counts only the delivering edges from services placed strictly before `p`:
//!   `P_p = capacity × Π (1 − w × (1 − P_q))` over those. A provider at 0 passes on the
//!   edge's whole strength, one barely below required little of it, and no loss comes back
//!   around a cycle more than once, since a place is only ever fed by earlier places.
//!
//! The state after any change is the *least* fixed point of these rules: the smallest set of
//! delivering edges consistent with them. Loss therefore only flows from a real cause; a
//! cycle (power ↔ telecom) can hold itself down only while some member is still impaired
//! or a buffer is still counting, and the computation always terminates: after the reset,
//! re-derivation only switches edges on, each at most once, and a pass-through level only
//! moves when an earlier place's does (a place is fed by earlier places alone).
//!
//! When a capacity rises, everything reachable from it over delivering edges is first reset
//! (delete), then re-derived (DRed, as in incremental Datalog): a service that stays in IT
//! failure keeps its original `failed_since` and its place, so buffers that already ran out
//! stay out. Re-derivation switches back on only edges that were delivering before (or have
//! no buffer); an edge whose buffer runs out this very minute waits for its own event.

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
    /// Its pass-through level.
    pass: f64,
    /// Its place in the fail order (meaningful while `failed_since` is set).
    place: u64,
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
    /// The reset region, the worklist and the services fallen in the current round of one
    /// settle (kept to reuse their allocations). The worklist is first in, first out: a
    /// vector read from a cursor, as it only grows within a settle.
    region: Vec<ServiceId>,
    worklist: Vec<ServiceId>,
    fallen: Vec<ServiceId>,
    /// The edges that switched off in one level change (listed after those that switched
    /// on or changed).
    restored: Vec<Cause>,
}

impl Scratch {
    pub(super) fn new(services: usize, edges: usize) -> Scratch {
        let full = Before {
            level: 1.0,
            dep_factor: 1.0,
            failed_since: None,
            pass: 1.0,
            place: u64::MAX,
        };
        Scratch {
            flags: vec![0; services],
            before: vec![full; services],
            touch_order: Vec::new(),
            edge_was: vec![EDGE_UNTOUCHED; edges],
            toggled: Vec::new(),
            seed_cause: vec![None; services],
            region: Vec::new(),
            worklist: Vec::new(),
            fallen: Vec::new(),
            restored: Vec::new(),
        }
    }
}

/// What the cascade reads and writes of the world, borrowed apart (not through the
/// engine), so that its loops keep them in registers.
struct Cascade<'a> {
    scratch: &'a mut Scratch,
    services: &'a mut [ServiceState],
    edge_active: &'a mut [bool],
    /// Per service: its pass-through level.
    pass: &'a mut [f64],
    /// Per service: its place in the fail order.
    place: &'a mut [u64],
}

impl Cascade<'_> {
    /// Takes `s`'s state before the current settle changes it (once per settle).
    #[inline]
    fn touch(&mut self, s: ServiceId) {
        touch_in(self.scratch, self.services, self.pass, self.place, s);
    }

    /// Switches the edge in `slot` on or off, remembering how it was before the settle.
    #[inline]
    fn set_edge(&mut self, slot: u32, active: bool) {
        set_edge_in(self.scratch, self.edge_active, slot, active);
    }

    /// Switches `e` on, and queues its dependent.
    #[inline]
    fn switch_on(&mut self, queue: &mut Vec<ServiceId>, slot: u32, dependent: ServiceId) {
        self.set_edge(slot, true);
        self.touch(dependent);
        enqueue(self.scratch, queue, dependent);
    }
}

/// Takes `s`'s state before the current settle changes it (once per settle).
#[inline]
fn touch_in(
    scratch: &mut Scratch,
    services: &[ServiceState],
    pass: &[f64],
    place: &[u64],
    s: ServiceId,
) {
    let i = s.index();
    if scratch.flags[i] & TOUCHED == 0 {
        let st = &services[i];
        scratch.flags[i] |= TOUCHED;
        scratch.before[i] = Before {
            level: st.level,
            dep_factor: st.dep_factor,
            failed_since: st.failed_since,
            pass: pass[i],
            place: place[i],
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
        let w = &mut self.world;
        touch_in(&mut w.scratch, &w.services, &w.pass, &w.fail_order, s);
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
        let world = &mut self.world;
        let extension = &world.buffer_extension[..];
        let next_place = &mut world.next_fail;
        let mut c = Cascade {
            scratch: &mut world.scratch,
            services: &mut world.services[..],
            edge_active: &mut world.edge_active[..],
            pass: &mut world.pass[..],
            place: &mut world.fail_order[..],
        };
        let required = graph.required();
        for (s, cause) in seed_causes {
            c.scratch.seed_cause[s.index()] = Some(*cause);
        }

        // Delete: everything reachable from a raised service over delivering edges may
        // rise; reset it to "not failed" and switch its outgoing edges off.
        let mut region = std::mem::take(&mut c.scratch.region);
        let mut queue = std::mem::take(&mut c.scratch.worklist);
        let mut fallen = std::mem::take(&mut c.scratch.fallen);
        for &s in raised {
            let flags = &mut c.scratch.flags[s.index()];
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
                let x = d.dependent.index();
                if c.edge_active[d.slot as usize] && c.scratch.flags[x] & IN_REGION == 0 {
                    c.scratch.flags[x] |= IN_REGION;
                    region.push(d.dependent);
                }
            }
        }
        for &p in &region {
            c.touch(p);
            for d in graph.dependents(p) {
                if c.edge_active[d.slot as usize] {
                    c.set_edge(d.slot, false);
                }
            }
            c.services[p.index()].failed_since = None;
        }

        // Re-derive, round by round: recompute levels and pass-through levels, and switch
        // edges on, until nothing changes.
        for list in [&region[..], lowered] {
            for &s in list {
                c.touch(s);
                enqueue(c.scratch, &mut queue, s);
            }
        }
        // This round's place, taken when its first service falls.
        let mut round: Option<u64> = None;
        let mut next = 0;
        loop {
            while next < queue.len() {
                let d = queue[next];
                next += 1;
                let di = d.index();
                c.scratch.flags[di] &= !QUEUED;
                let failing = c.services[di].failed_since.is_some();
                let own = c.place[di];
                let mut all = 1.0;
                let mut early = 1.0;
                for (e, &on) in graph
                    .providers(d)
                    .iter()
                    .zip(&c.edge_active[graph.slots(d)])
                {
                    if on {
                        let p = e.provider.index();
                        let keep = 1.0 - e.strength * (1.0 - c.pass[p]);
                        all *= keep;
                        if failing && c.place[p] < own {
                            early *= keep;
                        }
                    }
                }
                let st = &mut c.services[di];
                st.dep_factor = all;
                st.level = st.capacity * all;
                if failing {
                    // Its dependents' losses follow its pass-through level.
                    let pass = st.capacity * early;
                    if pass != c.pass[di] {
                        c.pass[di] = pass;
                        for e in graph.dependents(d) {
                            if c.edge_active[e.slot as usize] {
                                c.touch(e.dependent);
                                enqueue(c.scratch, &mut queue, e.dependent);
                            }
                        }
                    }
                    continue;
                }
                c.pass[di] = st.level;
                if !is_below(st.level, required[di]) {
                    continue;
                }
                let before = c.scratch.before[di];
                if let Some(since) = before.failed_since {
                    // Failing before this settle (reset with its region) and again: it keeps
                    // its clock, so buffers that had run out stay out, and its place.
                    st.failed_since = Some(since);
                    c.place[di] = before.place;
                    // Its pass-through level at its place, before its edges pass it on (a
                    // value from the edges on so far, which later ones only lower).
                    let mut early = 1.0;
                    for (e, &on) in graph
                        .providers(d)
                        .iter()
                        .zip(&c.edge_active[graph.slots(d)])
                    {
                        let p = e.provider.index();
                        if on && c.place[p] < before.place {
                            early *= 1.0 - e.strength * (1.0 - c.pass[p]);
                        }
                    }
                    c.pass[di] = c.services[di].capacity * early;
                    let down_for = now.since(since);
                    for e in graph.dependents(d) {
                        let i = e.slot as usize;
                        if c.edge_active[i] {
                            continue;
                        }
                        // The edge's own buffer plus the dependent's backup extension.
                        let tolerance = e
                            .tolerance
                            .0
                            .saturating_add(extension[e.dependent.index()].0);
                        let was_on = c.scratch.edge_was[i] == EDGE_WAS_ON;
                        if down_for.0 >= tolerance && (tolerance == 0 || was_on) {
                            c.switch_on(&mut queue, e.slot, e.dependent);
                        }
                    }
                } else {
                    st.failed_since = Some(now);
                    c.place[di] = *round.get_or_insert_with(|| {
                        let p = *next_place;
                        *next_place += 1;
                        p
                    });
                    // Every edge delivering to it comes from an earlier place (this round's
                    // edges are switched on after it): its pass-through level is its level.
                    fallen.push(d);
                }
            }
            if fallen.is_empty() {
                break;
            }
            // The next round: the edges without buffer of the services that fell in this one.
            round = None;
            for &d in &fallen {
                for e in graph.dependents(d) {
                    let i = e.slot as usize;
                    let tolerance = e
                        .tolerance
                        .0
                        .saturating_add(extension[e.dependent.index()].0);
                    if !c.edge_active[i] && tolerance == 0 {
                        c.switch_on(&mut queue, e.slot, e.dependent);
                    }
                }
            }
            fallen.clear();
        }

        let scratch = c.scratch;
        region.clear();
        queue.clear();
        scratch.region = region;
        scratch.worklist = queue;
        scratch.fallen = fallen;
        self.finish_settle(&graph, seed_causes);
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
    /// switched on or whose loss changed with their provider's pass-through level, then
    /// those that switched off, each in edge order.
    fn causes_of(&mut self, s: ServiceId) -> Causes {
        let scratch = &mut self.world.scratch;
        if let Some(c) = scratch.seed_cause[s.index()] {
            return smallvec::smallvec![c];
        }
        let active = &self.world.edge_active;
        let pass = &self.world.pass;
        let off = &mut scratch.restored;
        off.clear();
        let mut causes = Causes::new();
        // Providers come in decreasing edge order (see `Adjacency::new`): backwards, they
        // are in edge order, and no sort is needed.
        let graph = &self.world.graph;
        for (e, i) in graph.providers(s).iter().zip(graph.slots(s)).rev() {
            let p = e.provider.index();
            let changed = || scratch.flags[p] & TOUCHED != 0 && scratch.before[p].pass != pass[p];
            match scratch.edge_was[i] {
                EDGE_WAS_OFF if active[i] => causes.push(Cause::Dependency(e.id)),
                EDGE_WAS_ON if !active[i] => off.push(Cause::ProviderRestored(e.id)),
                EDGE_WAS_ON | EDGE_UNTOUCHED if active[i] && changed() => {
                    causes.push(Cause::Dependency(e.id));
                }
                _ => {}
            }
        }
        causes.extend_from_slice(off);
        causes
    }
}
