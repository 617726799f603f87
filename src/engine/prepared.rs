//! What every run of one scenario starts from, computed once and shared.
//!
//! A Monte Carlo batch, a luck analysis or a twin runs the same scenario hundreds of times
//! with other seeds. Everything that depends on the scenario alone — the compressed
//! dependency graph, the roles taking part and their policy rules, the measures at T+0,
//! the index of waiting injects — is built here once and shared read-only (behind an
//! `Arc`) by every [`Engine`](super::Engine) made from it; a run copies only what it
//! changes. Runs write back two things, neither read by a rule: `Hints` (how large their
//! records grew, so that the next run allocates them once) and their emptied bevy
//! `World`s ([`PooledWorld`]), so that the next run skips building one.

use super::RoleTable;
use super::adjacency::Adjacency;
use super::metrics::Metrics;
use super::triggers::Watch;
use crate::model::drill::role::Role;
use crate::model::sector::Overseer;
use crate::model::{Ministry, Scenario, Sector};
use bevy_ecs::world::World;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A scenario prepared for many runs: cheap to clone (one reference count), `Send + Sync`.
///
/// Build it once with [`Prepared::new`], then start each run with
/// `Engine::from_prepared` or `Session::from_prepared`; a run from it gives exactly the
/// same outcome as one from `Engine::new` on the same scenario (which prepares one for
/// itself).
#[derive(Clone)]
pub struct Prepared {
    pub(super) inner: Arc<Inner>,
}

/// The shared part of a [`Prepared`].
pub(super) struct Inner {
    pub(super) scenario: Arc<Scenario>,
    /// The dependency graph as the cascade walks it.
    pub(super) graph: Arc<Adjacency>,
    /// The roles taking part, in `Role`'s order.
    pub(super) order: Arc<[Role]>,
    /// By role slot: the role's place in `order` (see `RoleTable`).
    pub(super) role_index: Vec<u32>,
    /// The operators taking part, grouped as messages to "members" address them.
    pub(super) members: Members,
    /// Per slot: the (policy, rule) pairs that apply to the role, in order; empty for a
    /// role played by people in the scenario or absent.
    pub(super) rules: Vec<Vec<(usize, usize)>>,
    /// The measures at T+0.
    pub(super) metrics: Metrics,
    /// The index of waiting injects before anything happened.
    pub(super) watch: Watch,
    /// How long the records of runs grew, for the next run's capacities.
    pub(super) hints: Hints,
    /// Worlds of finished runs, emptied, for the next runs (at most [`POOLED_WORLDS`]).
    worlds: Mutex<Vec<World>>,
}

/// The most emptied worlds a prepared scenario keeps: one per worker thread is enough.
const POOLED_WORLDS: usize = 64;

/// A run's bevy `World`, taken from its prepared scenario's pool (or new) and given back
/// emptied when the run is dropped. Building a `World` (registering components, creating
/// archetypes and tables) and dropping it cost more than a short drill's entities do; an
/// emptied world restarts its entity ids, so a run on it is the run on a new one
/// (tests/it/prepared.rs interleaves many runs of one prepared scenario against fresh ones).
pub(super) struct PooledWorld {
    world: Option<World>,
    home: Arc<Inner>,
}

impl PooledWorld {
    /// An empty world for a run of `home`.
    pub(super) fn take(home: &Arc<Inner>) -> PooledWorld {
        let pooled = home.worlds.lock().ok().and_then(|mut w| w.pop());
        PooledWorld {
            world: Some(pooled.unwrap_or_default()),
            home: home.clone(),
        }
    }
}

impl std::ops::Deref for PooledWorld {
    type Target = World;
    fn deref(&self) -> &World {
        self.world
            .as_ref()
            .expect("a pooled world is there until dropped")
    }
}

impl std::ops::DerefMut for PooledWorld {
    fn deref_mut(&mut self) -> &mut World {
        self.world
            .as_mut()
            .expect("a pooled world is there until dropped")
    }
}

impl Drop for PooledWorld {
    fn drop(&mut self) {
        let Some(mut world) = self.world.take() else {
            return;
        };
        world.clear_entities();
        // Despawns and removals are remembered for `RemovedComponents` readers, in two
        // buffers that an app's frames rotate; rotated twice they are empty, so a pooled
        // world does not grow from run to run.
        world.clear_trackers();
        world.clear_trackers();
        if let Ok(mut pool) = self.home.worlds.lock()
            && pool.len() < POOLED_WORLDS
        {
            pool.push(world);
        }
    }
}

/// The longest timeline, message and action lists a run of the scenario reached, the
/// most policy rules that fired in one and the longest inbox and list of sent messages of
/// each role, so that later runs allocate those collections once instead of growing them
/// entry by entry (a batch's runs differ little). Capacities only: nothing a run computes
/// depends on them.
#[derive(Debug, Default)]
pub(super) struct Hints {
    timeline: AtomicUsize,
    messages: AtomicUsize,
    actions: AtomicUsize,
    fired: AtomicUsize,
    /// Per role, in the order of `Inner::order`: (inbox, sent).
    roles: Vec<(AtomicUsize, AtomicUsize)>,
}

/// Capacities for the records of a new run (see [`Hints`]).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sizes {
    pub(super) timeline: usize,
    pub(super) messages: usize,
    pub(super) actions: usize,
    pub(super) fired: usize,
}

impl Hints {
    /// Notes the sizes a run reached.
    pub(super) fn note(&self, reached: Sizes) {
        // Relaxed: a stale hint only costs a reallocation.
        self.timeline.fetch_max(reached.timeline, Ordering::Relaxed);
        self.messages.fetch_max(reached.messages, Ordering::Relaxed);
        self.actions.fetch_max(reached.actions, Ordering::Relaxed);
        self.fired.fetch_max(reached.fired, Ordering::Relaxed);
    }

    /// Hints for `roles` roles, none known yet.
    fn new(roles: usize) -> Hints {
        Hints {
            roles: (0..roles).map(|_| Default::default()).collect(),
            ..Hints::default()
        }
    }

    /// Notes the longest inbox and list of sent messages of each role (in order).
    pub(super) fn note_roles(&self, lengths: impl Iterator<Item = (usize, usize)>) {
        for ((inbox, sent), (i, s)) in self.roles.iter().zip(lengths) {
            inbox.fetch_max(i, Ordering::Relaxed);
            sent.fetch_max(s, Ordering::Relaxed);
        }
    }

    /// (inbox, sent) capacities of the role at `position` of the order.
    pub(super) fn role(&self, position: usize) -> (usize, usize) {
        self.roles.get(position).map_or((0, 0), |(i, s)| {
            (i.load(Ordering::Relaxed), s.load(Ordering::Relaxed))
        })
    }

    /// Capacities for a new run.
    pub(super) fn get(&self) -> Sizes {
        Sizes {
            timeline: self.timeline.load(Ordering::Relaxed),
            messages: self.messages.load(Ordering::Relaxed),
            actions: self.actions.load(Ordering::Relaxed),
            fired: self.fired.load(Ordering::Relaxed),
        }
    }
}

/// The operators taking part by sector, by overseeing ministry and overseen by GSOC, each
/// list in operator order: the members a CEPTOR, a ministry or GSOC addresses, without a
/// pass over every operator per message.
#[derive(Debug, Default)]
pub(super) struct Members {
    /// By `Sector as usize`.
    pub(super) by_sector: Vec<Vec<Role>>,
    /// By `Ministry as usize`.
    pub(super) by_ministry: Vec<Vec<Role>>,
    /// Overseen by GSOC (the central government's).
    pub(super) gsoc: Vec<Role>,
}

impl Members {
    /// The groups of `infra`'s operators whose slot is `present`.
    fn new(infra: &crate::model::Infrastructure, present: &[bool]) -> Members {
        let mut m = Members {
            by_sector: vec![Vec::new(); Sector::ALL.len()],
            by_ministry: vec![Vec::new(); Ministry::ALL.len()],
            gsoc: Vec::new(),
        };
        for o in &infra.operators {
            let r = Role::Operator(o.id);
            if !present[RoleTable::slot(r)] {
                continue;
            }
            m.by_sector[o.sector as usize].push(r);
            match o.overseer() {
                Overseer::Ministry(x) => m.by_ministry[x as usize].push(r),
                Overseer::Gsoc => m.gsoc.push(r),
            }
        }
        m
    }
}

impl Prepared {
    /// Prepares `scenario` for runs.
    pub fn new(scenario: Arc<Scenario>) -> Prepared {
        let infra = &scenario.infra;
        let slots = RoleTable::FIXED + infra.operators.len();
        let mut present = vec![false; slots];
        let mut order = Vec::new();
        for r in Role::all(infra) {
            if !scenario.drill.absent.contains(&r) && !present[RoleTable::slot(r)] {
                present[RoleTable::slot(r)] = true;
                order.push(r);
            }
        }
        order.sort_unstable();
        let members = Members::new(infra, &present);
        let mut rules = vec![Vec::new(); slots];
        for (p, policy) in scenario.drill.policies.iter().enumerate() {
            for role in &policy.roles {
                let slot = RoleTable::slot(*role);
                if scenario.drill.players.contains(role)
                    || !present.get(slot).copied().unwrap_or(false)
                {
                    continue;
                }
                rules[slot].extend((0..policy.rules.len()).map(|k| (p, k)));
            }
        }
        Prepared {
            inner: Arc::new(Inner {
                graph: Arc::new(Adjacency::new(infra)),
                metrics: Metrics::new(infra),
                watch: Watch::new(&scenario),
                hints: Hints::new(order.len()),
                worlds: Mutex::new(Vec::new()),
                role_index: RoleTable::index_of(infra.operators.len(), &order),
                members,
                order: order.into(),
                rules,
                scenario,
            }),
        }
    }

    /// The scenario prepared.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.inner.scenario
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("scenario", &self.inner.scenario.name)
            .finish_non_exhaustive()
    }
}

impl Inner {
    /// The policy rules `role` follows (none for a role played by people or absent).
    pub(super) fn rules_of(&self, role: Role) -> &[(usize, usize)] {
        self.rules
            .get(RoleTable::slot(role))
            .map_or(&[], |v| v.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::{PooledWorld, Prepared};
    use std::sync::Arc;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    /// A world given back to the pool keeps no entity and no memory of removals, so
    /// pooled worlds do not grow over a long batch (they did before `clear_trackers`).
    #[test]
    fn a_pooled_world_comes_back_empty_and_forgets_its_removals() {
        use super::super::{Engine, EngineOptions};
        let spec = crate::model::generate::SyntheticSpec::default();
        let prepared = Prepared::new(Arc::new(crate::model::generate::synthetic_scenario(&spec)));
        for seed in 1..4 {
            let mut e = Engine::from_prepared(&prepared, seed, &[], EngineOptions::default());
            e.run();
        }
        let world = PooledWorld::take(&prepared.inner);
        assert_eq!(world.entity_count(), 0);
        // The runs' repairs were removed (Recovery) and their impairments despawned.
        assert!(
            world
                .components()
                .component_id::<super::super::state::Recovery>()
                .is_some()
        );
        let remembered: usize = world
            .removed_components()
            .iter()
            .map(|(_, m)| m.len())
            .sum();
        assert_eq!(remembered, 0);
    }

    #[test]
    fn a_prepared_scenario_can_be_shared_between_threads() {
        assert_send_sync::<Prepared>();
    }
}
