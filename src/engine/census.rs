//! The world counted and listed by bevy_ecs queries: what exercise control's board shows
//! of the operators, impairments and attacks now, without walking the engine's own lists.
//!
//! Queries see the components as they are; their iteration order is the store's, so every
//! list here is sorted by id before it leaves (the determinism contract holds for views
//! too).

use crate::engine::Engine;
use crate::engine::state::{
    Compromise, CompromiseState, Impairment, ImpairmentCause, Incident, Operator, OperatorState,
    Recovery,
};
use crate::model::{AttackKind, OperatorId, ServiceId, SystemKind};

/// How much of the world is out of order now, counted over its components.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Census {
    /// Incidents not yet resolved.
    pub incidents_open: usize,
    /// Losses of capacity in force (incidents, isolations and backup costs).
    pub impairments: usize,
    /// Of them, caused by incidents.
    pub incident_impairments: usize,
    /// Of them, under repair.
    pub under_repair: usize,
    /// Attacks still running at some operator (one per incident and operator).
    pub compromises_running: usize,
    /// Operators with some systems isolated.
    pub operators_isolated: usize,
    /// Operators running some service on backup.
    pub operators_on_backup: usize,
    /// Operators with a support team assigned.
    pub operators_supported: usize,
}

/// An operator as exercise control sees it, when it is not in its quiet state.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorView {
    /// The operator.
    pub operator: OperatorId,
    /// System kinds isolated.
    pub isolated: Vec<SystemKind>,
    /// Services running on backup.
    pub on_backup: Vec<ServiceId>,
    /// Attack kinds it has been alerted to.
    pub alerted: Vec<AttackKind>,
    /// Whether a support team is assigned to it.
    pub supported: bool,
    /// Attacks reaching it, running or ended.
    pub compromises: usize,
}

impl OperatorView {
    fn of(operator: OperatorId, st: &OperatorState) -> Option<OperatorView> {
        let quiet = st.isolated.is_empty()
            && st.backup.is_empty()
            && st.alerted.is_empty()
            && st.support.is_none()
            && st.compromises.is_empty();
        (!quiet).then(|| OperatorView {
            operator,
            isolated: st.isolated.iter().map(|(k, _)| *k).collect(),
            on_backup: st.backup.iter().map(|(s, _)| *s).collect(),
            alerted: st.alerted.iter().map(|(a, _)| *a).collect(),
            supported: st.support.is_some(),
            compromises: st.compromises.len(),
        })
    }
}

impl Engine {
    /// The world's counts now, by query over its components.
    pub fn census(&self) -> Census {
        let world = &self.world.ecs;
        let mut census = Census::default();
        // A component never spawned is not registered, and its query does not exist.
        if let Some(mut q) = world.try_query::<&Incident>() {
            census.incidents_open = q.iter(world).filter(|i| i.resolved.is_none()).count();
        }
        if let Some(mut q) = world.try_query::<(&Impairment, Option<&Recovery>)>() {
            for (imp, repair) in q.iter(world) {
                census.impairments += 1;
                census.incident_impairments +=
                    usize::from(matches!(imp.cause, ImpairmentCause::Incident(_)));
                census.under_repair += usize::from(repair.is_some());
            }
        }
        if let Some(mut q) = world.try_query::<&Compromise>() {
            census.compromises_running = q
                .iter(world)
                .filter(|c| c.state == CompromiseState::Running)
                .count();
        }
        if let Some(mut q) = world.try_query::<&OperatorState>() {
            for st in q.iter(world) {
                census.operators_isolated += usize::from(!st.isolated.is_empty());
                census.operators_on_backup += usize::from(!st.backup.is_empty());
                census.operators_supported += usize::from(st.support.is_some());
            }
        }
        census
    }

    /// Every operator not in its quiet state (isolating, on backup, alerted, supported or
    /// reached by an attack), by id, queried from the world.
    pub fn operators_astir(&self) -> Vec<OperatorView> {
        let world = &self.world.ecs;
        let Some(mut q) = world.try_query::<(&Operator, &OperatorState)>() else {
            return Vec::new();
        };
        let mut out: Vec<OperatorView> = q
            .iter(world)
            .filter_map(|(o, st)| OperatorView::of(o.0, st))
            .collect();
        out.sort_unstable_by_key(|v| v.operator);
        out
    }
}
