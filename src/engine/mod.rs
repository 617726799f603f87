//! The deterministic discrete-event engine.
//!
//! The engine owns a bevy_ecs [`World`] with one entity per operator ([`OperatorState`])
//! and entities for incidents, impairments and attack compromises. The services' dynamic
//! state ([`ServiceState`]), which every cascade reads and writes edge by edge, is a dense
//! vector indexed by service id instead, beside a compressed copy of the dependency graph
//! ([`adjacency::Adjacency`]): the ECS's lookup by entity cost more than the rule itself
//! in the innermost loop. So is each role's [`Knowledge`], by role slot, which every
//! delivered message reads and writes. Events wait in an [`EventQueue`] with a total
//! order; randomness comes from seeded [`Streams`] keyed by what a draw is for. The engine
//! is driven by plain world access from one thread — no schedule, no parallel systems — so
//! the order of every change is the order of events. It knows nothing of files, terminals
//! or sockets: faces drive it through [`crate::session::Session`].
//!
//! What every run of a scenario shares — the compressed graph, the roles and their policy
//! rules, the measures at T+0 — is built once in a [`Prepared`] and shared read-only by
//! each engine made from it ([`Engine::from_prepared`]); docs/ARCHITECTURE.md says what
//! lives in the `World` and why.

pub mod adjacency;
pub mod attack;
pub mod cascade;
pub mod census;
pub mod drill;
pub mod explain;
pub mod feed;
pub mod metrics;
pub mod objectives;
pub mod prepared;
pub mod queue;
pub mod recovery;
pub mod rng;
pub mod state;
pub mod timeline;
pub mod triggers;
pub mod view;

use crate::model::drill::action::{Action, ActionRecord, Origin};
use crate::model::drill::knowledge::{Knowledge, Learned};
use crate::model::drill::message::{Message, MessageKind, Subject, Tlp};

/// Tags the identity of a narrative inject's message.
const NARRATIVE_TAG: u64 = 0x4e41_5252;
use crate::model::drill::role::Role;
use crate::model::{
    AttackKind, EdgeId, IncidentId, Infrastructure, Inject, InjectKind, InjectTrigger, Ministry,
    Minutes, OperatorId, Scenario, Sector, ServiceId, Time,
};
use adjacency::Adjacency;
use bevy_ecs::prelude::*;
use cascade::Scratch;
use metrics::Metrics;
pub use prepared::Prepared;
use queue::EventQueue;
use rng::Streams;
use rustc_hash::FxHashSet;
use state::{Impairment, ImpairmentCause, Incident, OperatorState, ServiceState};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;
use timeline::{Cause, Entry, Happening};
use triggers::InjectStatus;

/// Something scheduled to happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The end of the run.
    End,
    /// Repair of an impairment finishes (stale if the generation moved on).
    RecoveryCompleted {
        /// The impairment entity.
        impairment: Entity,
        /// Generation of the recovery when this was scheduled.
        generation: u32,
    },
    /// A buffer runs out (stale if the provider recovered, or failed anew, since).
    BufferExhausted {
        /// The dependency edge.
        edge: EdgeId,
        /// When the provider fell into IT failure.
        since: Time,
    },
    /// An inject fires.
    Inject(usize),
    /// An attack stage completes at an operator (stale if the generation moved on).
    StageComplete {
        /// The compromise entity.
        compromise: Entity,
        /// Its generation when scheduled.
        generation: u32,
    },
    /// An operator detects an attack (stale if the generation moved on).
    Detection {
        /// The compromise entity.
        compromise: Entity,
        /// Its detection generation when scheduled.
        generation: u32,
    },
    /// A spreading attack arrives at a neighbour.
    SpreadArrives {
        /// The incident.
        incident: IncidentId,
        /// From.
        from: OperatorId,
        /// To.
        to: OperatorId,
    },
    /// A message reaches a recipient.
    Deliver {
        /// Message number.
        message: u32,
        /// Recipient.
        recipient: Role,
    },
    /// A support team arrives.
    SupportArrives {
        /// Team number.
        team: usize,
    },
    /// A role's policy acts: the number of its [`DueAction`] among those waiting (kept
    /// beside the queue, so queue entries stay small and scheduling allocates nothing).
    ActionDue(u32),
    /// The deadline of a conditional inject.
    Deadline(usize),
    /// The deadline of a sector's dip for an objective (stale if the sector came back).
    ObjectiveDeadline {
        /// The objective's index.
        objective: u32,
        /// When the dip started.
        since: Time,
    },
}

impl Event {
    /// Within one minute the end comes first: the run covers `[T+0, end)`.
    pub const PHASE_END: u8 = 0;
    /// Repairs finish before anything else happens in the minute.
    pub const PHASE_RECOVERY: u8 = 1;
    /// Then buffers that run out deliver their loss.
    pub const PHASE_BUFFER: u8 = 2;
    /// Then injects fire.
    pub const PHASE_INJECT: u8 = 3;
    /// Then attacks progress and are detected.
    pub const PHASE_ATTACK: u8 = 4;
    /// Then messages arrive.
    pub const PHASE_MESSAGE: u8 = 5;
    /// Then support teams arrive.
    pub const PHASE_SUPPORT: u8 = 6;
    /// Then policies act.
    pub const PHASE_ACTION: u8 = 7;
    /// Last, deadlines of conditional injects are decided.
    pub const PHASE_DEADLINE: u8 = 8;
}

/// A policy action waiting for its time.
#[derive(Debug, Clone, PartialEq)]
pub struct DueAction {
    /// Who.
    pub role: Role,
    /// What.
    pub action: Action,
    /// Its recipients, resolved when the policy decided (None if it sends nothing).
    pub recipients: Option<Vec<Role>>,
    /// Which rule.
    pub origin: Origin,
    /// The action's identity and the news it answers.
    pub provenance: crate::model::drill::Provenance,
}

/// A support team of NISC.
#[derive(Debug, Clone, Default)]
pub(crate) struct Team {
    /// Where it is sent or stationed.
    pub(crate) at: Option<OperatorId>,
    /// Whether it has arrived there.
    pub(crate) arrived: bool,
}

/// The simulation of one scenario with one seed.
///
/// Its state is in four owned parts, so a reader knows which code may change what:
/// [`WorldState`] (the simulated world, changed only by the rules), [`Clock`] (time and the
/// event queue), [`DrillState`] (messages, actions, policies, support teams) and
/// [`Records`] (the timeline, the measures and the change feed, only ever appended to).
pub struct Engine {
    /// What every run of the scenario shares (graph, roles, rules, initial measures).
    prepared: Arc<prepared::Inner>,
    infra: Arc<Infrastructure>,
    scenario: Arc<Scenario>,
    world: WorldState,
    clock: Clock,
    drill: DrillState,
    records: Records,
    streams: Streams,
}

/// The roles taking part and their knowledge, addressed by a dense slot per role (no map
/// lookup on the drill's hot paths: recipients, knowledge, policies).
///
/// Knowledge is a plain vector rather than one entity per role: every message delivered
/// reads and writes it, and the ECS's lookup (with its change ticks), spawning and
/// dropping cost more than the knowledge itself in a short drill.
struct RoleTable {
    /// By [`RoleTable::slot`]: where the role's knowledge is in `knowledge`, or [`NO_ROLE`]
    /// if it does not take part.
    index: Vec<u32>,
    /// The knowledge of each role taking part, in the order of `order`.
    knowledge: Vec<Knowledge>,
    /// Beside each knowledge: the world's change tick when it was last written, so the
    /// change feed names the roles that learned something as bevy names changed components.
    written: Vec<u32>,
    /// The roles taking part, in `Role`'s order (the order a map keyed by role iterates).
    order: Arc<[Role]>,
}

/// A slot of [`RoleTable::index`] whose role does not take part.
const NO_ROLE: u32 = u32::MAX;

impl RoleTable {
    /// Slots before the operators': control, NISC, GSOC, the ministries, the CEPTORs, the
    /// council, police, vendors, JPCERT/CC and the public.
    const FIXED: usize = 3 + Ministry::ALL.len() + Sector::ALL.len() + 5;

    /// Empty knowledge for each role of `shared.order`, with room for the messages the
    /// role received and sent in earlier runs.
    fn new(shared: &prepared::Inner, tick: u32) -> RoleTable {
        let knowledge = shared.order.iter().enumerate().map(|(i, &r)| {
            let mut k = Knowledge::new(r);
            let (inbox, sent) = shared.hints.role(i);
            k.inbox.reserve_exact(inbox);
            k.sent.reserve_exact(sent);
            k
        });
        RoleTable {
            index: shared.role_index.clone(),
            knowledge: knowledge.collect(),
            written: vec![tick; shared.order.len()],
            order: shared.order.clone(),
        }
    }

    /// Where each role of `order` (and no other) is in it, by slot, for
    /// [`RoleTable::new`].
    fn index_of(operators: usize, order: &[Role]) -> Vec<u32> {
        let mut index = vec![NO_ROLE; Self::FIXED + operators];
        for (i, &r) in order.iter().enumerate() {
            index[Self::slot(r)] = i as u32;
        }
        index
    }

    fn slot(r: Role) -> usize {
        const M: usize = 3;
        const S: usize = M + Ministry::ALL.len();
        const C: usize = S + Sector::ALL.len();
        match r {
            Role::Control => 0,
            Role::Nisc => 1,
            Role::Gsoc => 2,
            Role::Ministry(m) => M + m as usize,
            Role::Ceptor(s) => S + s as usize,
            Role::Council => C,
            Role::Police => C + 1,
            Role::Vendor => C + 2,
            Role::Jpcert => C + 3,
            Role::Public => C + 4,
            Role::Operator(o) => Self::FIXED + o.index(),
        }
    }

    /// Where `r`'s knowledge is, if it takes part.
    fn position(&self, r: Role) -> Option<usize> {
        match self.index.get(Self::slot(r)) {
            Some(&i) if i != NO_ROLE => Some(i as usize),
            _ => None,
        }
    }

    fn get(&self, r: Role) -> Option<&Knowledge> {
        self.position(r).map(|i| &self.knowledge[i])
    }

    /// `r`'s knowledge to write, stamped with the world's change `tick`.
    fn get_mut(&mut self, r: Role, tick: u32) -> Option<&mut Knowledge> {
        let i = self.position(r)?;
        self.written[i] = tick;
        Some(&mut self.knowledge[i])
    }

    fn contains(&self, r: Role) -> bool {
        self.position(r).is_some()
    }

    /// An empty set of roles, one bit per slot.
    pub(crate) fn set(&self) -> RoleSet {
        RoleSet {
            inline: [0; 4],
            rest: Vec::new(),
        }
    }
}

/// A set of roles as a bitset over [`RoleTable`]'s slots: the first 256 slots (every role
/// but the operators past the 233rd) without allocating.
pub(crate) struct RoleSet {
    inline: [u64; 4],
    rest: Vec<u64>,
}

impl RoleSet {
    /// Adds `r`; whether it was new (as `BTreeSet::insert`).
    pub(crate) fn insert(&mut self, r: Role) -> bool {
        let slot = RoleTable::slot(r);
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        let cell = if let Some(cell) = self.inline.get_mut(word) {
            cell
        } else {
            let word = word - self.inline.len();
            if word >= self.rest.len() {
                self.rest.resize(word + 1, 0);
            }
            &mut self.rest[word]
        };
        let new = *cell & bit == 0;
        *cell |= bit;
        new
    }
}

/// The simulated world: the bevy_ecs entities and the cascade's bookkeeping. Changed by the
/// rules only (cascade, recovery, attacks, the drill's effects).
struct WorldState {
    /// One entity per operator; entities for incidents, impairments and compromises.
    ecs: prepared::PooledWorld,
    /// The dynamic state of each service, by service id.
    services: Vec<ServiceState>,
    /// Each service's capacity as the product of its impairments, by service id.
    capacity: Vec<recovery::CapacityFold>,
    /// The dependency graph as the cascade walks it.
    graph: Arc<Adjacency>,
    operators: Vec<Entity>,
    incidents: Vec<Entity>,
    roles: RoleTable,
    /// Per edge, by its slot (see `adjacency`): whether it delivers loss.
    edge_active: Vec<bool>,
    /// Per service: how much longer its buffers hold (backup operation).
    buffer_extension: Vec<Minutes>,
    /// Per service: when, in the order of derivation, it was last found failing.
    fail_order: Vec<u64>,
    /// The next number for `fail_order`.
    next_fail: u64,
    /// How many services run on backup (to skip the backup checks when none does).
    on_backup: usize,
    /// The attack being launched: its incident cannot be resolved before every target
    /// has been reached.
    launching: Option<IncidentId>,
    /// Working memory of the cascade.
    scratch: Scratch,
}

/// Simulated time and what is scheduled. Only [`Engine::step`] moves the clock forward.
struct Clock {
    queue: EventQueue<Event>,
    now: Time,
    end: Time,
    finished: bool,
    /// Events handled (stale timers excluded).
    events: u64,
}

/// The drill: injects added during the run, messages, actions, policies and support teams.
struct DrillState {
    /// Injects added during the run by exercise control, after the scenario's.
    extra_injects: Vec<Inject>,
    /// Stable identities of exercise control's ad-hoc injects, for their random draws.
    extra_keys: Vec<u64>,
    inject_status: Vec<InjectStatus>,
    messages: Vec<Message>,
    actions: Vec<ActionRecord>,
    teams: Vec<Team>,
    signatures: BTreeSet<AttackKind>,
    /// Policy rules that already fired: (policy, rule, role, subject). Only asked whether
    /// an entry is new, never iterated, so a hash set (with Fx, a fixed and cheap hasher)
    /// serves.
    fired: FxHashSet<(usize, usize, Role, u64)>,
    /// Roles played by people in this run besides the scenario's own players: they
    /// follow no policy (the rules per role are in [`Prepared`]).
    played: Vec<Role>,
    /// What waiting scenario injects wait for, indexed.
    watch: triggers::Watch,
    /// Policy actions scheduled and not yet due.
    due: Waiting,
}

/// Policy actions waiting for their time, by number: a slot is reused once its action is
/// due, so after the first few actions scheduling one allocates nothing.
#[derive(Default)]
struct Waiting {
    slots: Vec<Option<DueAction>>,
    free: Vec<u32>,
}

impl Waiting {
    /// Keeps `due` until [`Waiting::take`]; its number.
    fn insert(&mut self, due: DueAction) -> u32 {
        match self.free.pop() {
            Some(k) => {
                self.slots[k as usize] = Some(due);
                k
            }
            None => {
                self.slots.push(Some(due));
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// The action numbered `k`, which frees its slot.
    fn take(&mut self, k: u32) -> DueAction {
        self.free.push(k);
        self.slots[k as usize]
            .take()
            .expect("every ActionDue event names a waiting action, taken once")
    }
}

/// What the run has recorded: appended to, never rewritten.
struct Records {
    /// Everything that happened, in order (empty when the options switch it off).
    timeline: Vec<Entry>,
    /// Whether the timeline is kept.
    keep_timeline: bool,
    metrics: Metrics,
    objectives: objectives::Tracker,
}

/// How a run records what happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineOptions {
    /// Keep the timeline (the default). A Monte Carlo batch that reads only the measures
    /// switches it off: the measures never depend on it, so they are the same either way,
    /// and the run neither builds nor stores the entries. Without it the change feed is
    /// empty.
    pub timeline: bool,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions { timeline: true }
    }
}

/// What a run produced: the timeline, the measures, the messages and the actions.
///
/// Owned: [`Engine::into_outcome`] and `Session::finish` move it out of the engine without
/// copying. [`OutcomeRef`] is the borrowed outcome so far.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Master seed used.
    pub seed: u64,
    /// The time the run stopped (the scenario's duration, or earlier).
    pub end: Time,
    /// Number of events handled (stale timers excluded).
    pub events: u64,
    /// Everything that happened, in order.
    pub timeline: Vec<Entry>,
    /// Measures over `[T+0, end)`.
    pub metrics: Metrics,
    /// Every message sent.
    pub messages: Vec<Message>,
    /// Every action taken or refused.
    pub actions: Vec<ActionRecord>,
    /// Injects of the run: the scenario's, then exercise control's ad-hoc ones.
    pub injects: Vec<Inject>,
}

/// The outcome so far, borrowed from the engine: the timeline, messages and actions are
/// not copied; only the measures are, closed at the current time (closing them in place
/// would split an integral in two and change the last digits of the final figures).
#[derive(Debug, Clone)]
pub struct OutcomeRef<'a> {
    /// Master seed used.
    pub seed: u64,
    /// The current time (the end of the covered interval).
    pub end: Time,
    /// Number of events handled so far.
    pub events: u64,
    /// Everything that happened so far, in order.
    pub timeline: &'a [Entry],
    /// Measures over `[T+0, end)`.
    pub metrics: Cow<'a, Metrics>,
    /// Every message sent so far.
    pub messages: &'a [Message],
    /// Every action taken or refused so far.
    pub actions: &'a [ActionRecord],
    /// Injects of the run: the scenario's.
    pub scenario_injects: &'a [Inject],
    /// ... then exercise control's ad-hoc ones.
    pub extra_injects: &'a [Inject],
}

impl OutcomeRef<'_> {
    /// The inject with index `i`: the scenario's, then ad-hoc ones.
    pub fn inject(&self, i: usize) -> Option<&Inject> {
        let n = self.scenario_injects.len();
        if i < n {
            self.scenario_injects.get(i)
        } else {
            self.extra_injects.get(i - n)
        }
    }

    /// An owned copy (this one clones everything).
    pub fn to_outcome(&self) -> Outcome {
        Outcome {
            seed: self.seed,
            end: self.end,
            events: self.events,
            timeline: self.timeline.to_vec(),
            metrics: self.metrics.clone().into_owned(),
            messages: self.messages.to_vec(),
            actions: self.actions.to_vec(),
            injects: self
                .scenario_injects
                .iter()
                .chain(self.extra_injects)
                .cloned()
                .collect(),
        }
    }
}

impl Outcome {
    /// The outcome borrowed, for code that reads either kind.
    pub fn borrowed(&self) -> OutcomeRef<'_> {
        OutcomeRef {
            seed: self.seed,
            end: self.end,
            events: self.events,
            timeline: &self.timeline,
            metrics: Cow::Borrowed(&self.metrics),
            messages: &self.messages,
            actions: &self.actions,
            scenario_injects: &self.injects,
            extra_injects: &[],
        }
    }
}

impl Engine {
    /// Prepares a run of `scenario` with master seed `seed`.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Engine {
        Engine::with_players(scenario, seed, &[])
    }

    /// Prepares a run in which `players`, besides the scenario's own players, are played
    /// by people (they follow no policy).
    pub fn with_players(scenario: Arc<Scenario>, seed: u64, players: &[Role]) -> Engine {
        Engine::with_options(scenario, seed, players, EngineOptions::default())
    }

    /// Prepares a run with `players` played by people, recording as `options` say.
    pub fn with_options(
        scenario: Arc<Scenario>,
        seed: u64,
        players: &[Role],
        options: EngineOptions,
    ) -> Engine {
        Engine::from_prepared(&Prepared::new(scenario), seed, players, options)
    }

    /// Prepares a run of a [`Prepared`] scenario with master seed `seed`, `players`
    /// played by people besides the scenario's own, recording as `options` say. Builds
    /// only what a run changes; the outcome is the same as [`Engine::with_options`]'s.
    pub fn from_prepared(
        prepared: &Prepared,
        seed: u64,
        players: &[Role],
        options: EngineOptions,
    ) -> Engine {
        let shared = prepared.inner.clone();
        let scenario = shared.scenario.clone();
        let infra = scenario.infra.clone();
        let mut world = prepared::PooledWorld::take(&shared);
        let services = vec![ServiceState::new(); infra.services.len()];
        // In batches: the tables are sized once instead of growing entity by entity.
        let operators = world
            .spawn_batch(
                infra
                    .operators
                    .iter()
                    .map(|o| (state::Operator(o.id), OperatorState::default())),
            )
            .collect();
        let roles = RoleTable::new(&shared, world.change_tick().get());
        let sizes = shared.hints.get();
        let end = Time(scenario.duration.0);
        // Events after the end never run: the queue indexes the minutes up to it.
        let mut queue = EventQueue::until(end);
        queue.push(end, Event::PHASE_END, Event::End);
        let mut engine = Engine {
            world: WorldState {
                ecs: world,
                scratch: Scratch::new(infra.services.len(), infra.dependencies.len()),
                edge_active: vec![false; infra.dependencies.len()],
                buffer_extension: vec![Minutes::ZERO; infra.services.len()],
                fail_order: vec![u64::MAX; infra.services.len()],
                capacity: vec![recovery::CapacityFold::default(); infra.services.len()],
                next_fail: 0,
                on_backup: 0,
                launching: None,
                services,
                graph: shared.graph.clone(),
                operators,
                incidents: Vec::new(),
                roles,
            },
            clock: Clock {
                queue,
                now: Time::ZERO,
                end,
                finished: false,
                events: 0,
            },
            drill: DrillState {
                extra_injects: Vec::new(),
                extra_keys: Vec::new(),
                inject_status: vec![InjectStatus::Waiting; scenario.injects.len()],
                messages: Vec::with_capacity(sizes.messages),
                actions: Vec::with_capacity(sizes.actions),
                teams: vec![Team::default(); scenario.params.support_teams as usize],
                signatures: BTreeSet::new(),
                fired: FxHashSet::with_capacity_and_hasher(sizes.fired, Default::default()),
                played: players
                    .iter()
                    .copied()
                    .filter(|r| !scenario.drill.players.contains(r))
                    .collect(),
                watch: shared.watch.clone(),
                due: Waiting::default(),
            },
            records: Records {
                timeline: Vec::with_capacity(if options.timeline { sizes.timeline } else { 0 }),
                keep_timeline: options.timeline,
                metrics: shared.metrics.clone(),
                objectives: objectives::Tracker::new(scenario.drill.objectives.len()),
            },
            streams: Streams::new(seed),
            prepared: shared,
            infra,
            scenario,
        };
        for i in 0..engine.scenario.injects.len() {
            if let InjectTrigger::At(t) = engine.scenario.injects[i].trigger {
                engine.drill.inject_status[i] = InjectStatus::Scheduled(t);
                engine
                    .clock
                    .queue
                    .push(t, Event::PHASE_INJECT, Event::Inject(i));
            } else {
                engine.schedule_deadline(i);
            }
        }
        engine
    }

    /// The current simulation time.
    pub fn now(&self) -> Time {
        self.clock.now
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The infrastructure being simulated.
    pub fn infra(&self) -> &Infrastructure {
        &self.infra
    }

    /// True once the end of the run has been reached.
    pub fn is_finished(&self) -> bool {
        self.clock.finished
    }

    /// The timeline so far.
    pub fn timeline(&self) -> &[Entry] {
        &self.records.timeline
    }

    /// What happened since `cursor` last read, moving `cursor` past it.
    pub fn changes_since(&self, cursor: &mut feed::FeedCursor) -> feed::Changes<'_> {
        feed::Changes::read(
            &self.records.timeline,
            &self.drill.messages,
            &self.world.ecs,
            (&self.world.roles.order, &self.world.roles.written),
            cursor,
        )
    }

    /// Messages sent so far.
    pub fn messages(&self) -> &[Message] {
        &self.drill.messages
    }

    /// Actions taken so far.
    pub fn actions(&self) -> &[ActionRecord] {
        &self.drill.actions
    }

    /// The master seed of this run.
    pub fn streams_seed(&self) -> u64 {
        self.streams.seed()
    }

    /// Records every random stream drawn from from now on (for common-random-number
    /// checks); see [`Streams::recorded`].
    pub fn record_draws(&mut self) {
        self.streams.record();
    }

    /// The random streams drawn from so far: (purpose, key).
    pub fn draws(&self) -> &[rng::Draw] {
        self.streams.recorded()
    }

    /// Number of events handled so far.
    pub fn events_handled(&self) -> u64 {
        self.clock.events
    }

    /// The time of the next pending event, if the run is not over.
    pub fn next_event_time(&self) -> Option<Time> {
        if self.clock.finished {
            None
        } else {
            self.clock.queue.peek_time()
        }
    }

    /// The inject with index `i`: the scenario's, then ad-hoc ones.
    pub fn inject(&self, i: usize) -> &Inject {
        let n = self.scenario.injects.len();
        if i < n {
            &self.scenario.injects[i]
        } else {
            &self.drill.extra_injects[i - n]
        }
    }

    /// Current level of a service.
    pub fn level(&self, s: ServiceId) -> f64 {
        self.state_of(s).level
    }

    /// The dynamic state of a service.
    pub fn state_of(&self, s: ServiceId) -> &ServiceState {
        &self.world.services[s.index()]
    }

    pub(crate) fn state_of_mut(&mut self, s: ServiceId) -> &mut ServiceState {
        &mut self.world.services[s.index()]
    }

    /// The dynamic state of an operator.
    pub fn operator_state(&self, o: OperatorId) -> &OperatorState {
        self.world
            .ecs
            .get::<OperatorState>(self.world.operators[o.index()])
            .expect("every operator has a state entity")
    }

    pub(crate) fn operator_state_mut(&mut self, o: OperatorId) -> Mut<'_, OperatorState> {
        self.world
            .ecs
            .get_mut::<OperatorState>(self.world.operators[o.index()])
            .expect("every operator has a state entity")
    }

    /// The incident component of an incident.
    pub fn incident(&self, i: IncidentId) -> &Incident {
        self.world
            .ecs
            .get::<Incident>(self.world.incidents[i.index()])
            .expect("incidents live for the whole run")
    }

    pub(crate) fn incident_mut(&mut self, i: IncidentId) -> Mut<'_, Incident> {
        self.world
            .ecs
            .get_mut::<Incident>(self.world.incidents[i.index()])
            .expect("incidents live for the whole run")
    }

    /// The stable identity of an incident for random streams: the index of its inject,
    /// which does not depend on what fired before it (incident numbers do).
    pub(crate) fn incident_key(&self, i: IncidentId) -> u64 {
        let inject = self.incident(i).inject;
        let n = self.scenario.injects.len();
        if inject < n {
            inject as u64
        } else {
            // Ad-hoc injects are named by the action that added them, not by a counter.
            self.drill.extra_keys[inject - n]
        }
    }

    /// The inject that opened incident `i` (None if there is no such incident).
    pub fn incident_inject(&self, i: IncidentId) -> Option<usize> {
        let e = self.world.incidents.get(i.index())?;
        self.world.ecs.get::<Incident>(*e).map(|inc| inc.inject)
    }

    /// Number of incidents so far.
    pub fn incident_count(&self) -> usize {
        self.world.incidents.len()
    }

    /// Whether a role takes part in this drill.
    pub fn has_role(&self, r: Role) -> bool {
        self.world.roles.contains(r)
    }

    /// The knowledge of a role (None for an absent role).
    pub fn knowledge(&self, r: Role) -> Option<&Knowledge> {
        self.world.roles.get(r)
    }

    pub(crate) fn knowledge_mut(&mut self, r: Role) -> Option<&mut Knowledge> {
        let tick = self.world.ecs.change_tick().get();
        self.world.roles.get_mut(r, tick)
    }

    /// Whether a dependency currently delivers loss.
    pub fn edge_delivering(&self, e: EdgeId) -> bool {
        self.world.edge_active[self.world.graph.slot(e)]
    }

    /// The tolerance of an edge now: its own plus the dependent's backup extension.
    pub fn effective_tolerance(&self, e: EdgeId) -> Minutes {
        let d = self.infra.dependency(e);
        self.tolerance_of(d.tolerance, d.dependent)
    }

    /// An edge's own `tolerance` plus the backup extension of its `dependent`.
    pub(crate) fn tolerance_of(&self, tolerance: Minutes, dependent: ServiceId) -> Minutes {
        Minutes(
            tolerance
                .0
                .saturating_add(self.world.buffer_extension[dependent.index()].0),
        )
    }

    /// Running measures (integrals up to the last change; see [`Engine::outcome`]).
    pub fn metrics(&self) -> &Metrics {
        &self.records.metrics
    }

    /// Support teams not deployed.
    pub fn teams_available(&self) -> usize {
        self.drill.teams.iter().filter(|t| t.at.is_none()).count()
    }

    /// Whether the timeline is kept (so entries that cost work to build are worth it).
    pub(crate) fn keeps_timeline(&self) -> bool {
        self.records.keep_timeline
    }

    pub(crate) fn log(&mut self, what: Happening) {
        self.drill.watch.note(&what);
        self.note_for_objectives(&what);
        if !self.records.keep_timeline {
            return;
        }
        self.records.timeline.push(Entry {
            time: self.clock.now,
            what,
        });
    }

    /// Handles the next event. Returns false when the run is over.
    pub fn step(&mut self) -> bool {
        if self.clock.finished {
            return false;
        }
        let Some((time, event)) = self.clock.queue.pop() else {
            self.clock.finished = true;
            return false;
        };
        // What this event writes is new to a feed that read before it (change detection).
        self.world.ecs.increment_change_tick();
        debug_assert!(time >= self.clock.now, "time never goes backwards");
        self.clock.now = time;
        let handled = match event {
            Event::End => {
                self.record_unfired();
                self.log(Happening::End);
                self.clock.finished = true;
                self.prepared.hints.note(prepared::Sizes {
                    timeline: self.records.timeline.len(),
                    messages: self.drill.messages.len(),
                    actions: self.drill.actions.len(),
                    fired: self.drill.fired.len(),
                });
                let roles = self.world.roles.knowledge.iter();
                (self.prepared.hints).note_roles(roles.map(|k| (k.inbox.len(), k.sent.len())));
                true
            }
            Event::Inject(i) => {
                self.fire_inject(i);
                true
            }
            Event::BufferExhausted { edge, since } => self.exhaust_buffer(edge, since),
            Event::RecoveryCompleted {
                impairment,
                generation,
            } => self.complete_recovery(impairment, generation),
            Event::StageComplete {
                compromise,
                generation,
            } => self.complete_stage(compromise, generation),
            Event::Detection {
                compromise,
                generation,
            } => self.detect(compromise, generation),
            Event::SpreadArrives { incident, to, .. } => {
                self.spread_arrives(incident, to);
                true
            }
            Event::Deliver { message, recipient } => {
                self.deliver_message(message, recipient);
                true
            }
            Event::SupportArrives { team } => self.support_arrives(team),
            Event::ActionDue(due) => {
                let DueAction {
                    role,
                    action,
                    recipients,
                    origin,
                    provenance,
                } = self.drill.due.take(due);
                // A policy does not do what has meanwhile become pointless.
                match self.moot_for(role, &action) {
                    Some(reason) => self.log(Happening::PolicySkipped { role, reason }),
                    None => {
                        self.take_action(role, action, origin, provenance, recipients);
                    }
                }
                true
            }
            Event::Deadline(i) => self.decide_deadline(i),
            Event::ObjectiveDeadline { objective, since } => {
                self.objective_deadline(objective, since)
            }
        };
        if handled {
            self.clock.events += 1;
            self.records.metrics.observe_sectors(self.clock.now);
            self.objectives_after_event();
            if !self.clock.finished {
                self.check_conditions();
            }
        }
        !self.clock.finished
    }

    /// Handles every event strictly before `t` (and stops at the end of the run), then
    /// sets the clock to `t`. Actions taken afterwards happen at `t`, before events at `t`.
    pub fn run_until(&mut self, t: Time) {
        while let Some(next) = self.next_event_time() {
            if next >= t {
                break;
            }
            self.step();
        }
        if !self.clock.finished {
            self.clock.now = self.clock.now.max(t.min(self.clock.end));
        }
    }

    /// Runs to the end of the scenario.
    pub fn run(&mut self) {
        while self.step() {}
    }

    /// The measures closed at the current time (a copy of the measures only).
    pub fn metrics_now(&self) -> Metrics {
        let mut metrics = self.records.metrics.clone();
        metrics.finish(&self.infra, self.clock.now);
        metrics
    }

    /// The outcome so far, borrowed, with the measures closed at the current time.
    pub fn outcome(&self) -> OutcomeRef<'_> {
        OutcomeRef {
            seed: self.streams.seed(),
            end: self.clock.now,
            events: self.clock.events,
            timeline: &self.records.timeline,
            metrics: Cow::Owned(self.metrics_now()),
            messages: &self.drill.messages,
            actions: &self.drill.actions,
            scenario_injects: &self.scenario.injects,
            extra_injects: &self.drill.extra_injects,
        }
    }

    /// The outcome so far, moved out of the engine (nothing is copied but the scenario's
    /// injects), with the measures closed at the current time.
    pub fn into_outcome(self) -> Outcome {
        let mut metrics = self.records.metrics;
        metrics.finish(&self.infra, self.clock.now);
        let mut injects = self.scenario.injects.clone();
        injects.extend(self.drill.extra_injects);
        Outcome {
            seed: self.streams.seed(),
            end: self.clock.now,
            events: self.clock.events,
            timeline: self.records.timeline,
            metrics,
            messages: self.drill.messages,
            actions: self.drill.actions,
            injects,
        }
    }

    /// Fires inject `i`: opens an incident; impairs every service it hits at once, or
    /// starts the attack at every operator it targets.
    pub(crate) fn fire_inject(&mut self, i: usize) {
        let inject = self.inject(i).clone();
        if let InjectKind::Narrative { to, kind, .. } = &inject.kind {
            self.narrate(i, to, *kind);
            return;
        }
        let id = IncidentId(self.world.incidents.len() as u32);
        let incident = self
            .world
            .ecs
            .spawn(Incident {
                id,
                inject: i,
                attack: inject.kind.attack_kind(),
                started: self.clock.now,
                open: 0,
                resolved: None,
                detected: None,
                reached: BTreeSet::new(),
                spreading_to: BTreeSet::new(),
            })
            .id();
        self.world.incidents.push(incident);
        if i < self.drill.inject_status.len() {
            self.drill.inject_status[i] = InjectStatus::Fired(id);
        }
        self.log(Happening::InjectFired {
            inject: i,
            incident: id,
            hits: inject.hits.len(),
        });
        if let InjectKind::Attack(_) = &inject.kind {
            self.launch_attack(id, i);
        } else {
            let recovery = inject.kind.recovery().cloned();
            let hits: Vec<(ServiceId, f64)> = inject
                .hits
                .iter()
                .map(|(s, f)| (*s, inject.kind.severity() * f))
                .collect();
            self.impair(id, &hits, recovery.as_ref(), false, 0);
            // IT failures and disasters are seen at once by the operators they hit.
            let seen: BTreeSet<OperatorId> = hits
                .iter()
                .map(|(s, _)| self.infra.service(*s).operator)
                .collect();
            for o in seen {
                self.observe_incident(o, id, None);
            }
        }
        self.inject_fired(i);
        self.check_resolved(id);
    }

    /// Delivers narrative inject `i`: exercise control sends the script's message, as a
    /// note (or the kind the author chose), labelled TLP:CLEAR, to the roles it names that
    /// take part. No incident, no effect on the graph.
    fn narrate(&mut self, i: usize, to: &[Role], kind: MessageKind) {
        if i < self.drill.inject_status.len() {
            self.drill.inject_status[i] = InjectStatus::Told;
        }
        let recipients: Vec<Role> = to.iter().copied().filter(|r| self.has_role(*r)).collect();
        // Named by the inject alone, so its delivery delays never depend on what else
        // happened in the run.
        let key = rng::mix(&[NARRATIVE_TAG, i as u64]);
        let message = self.send(
            Role::Control,
            &recipients,
            Message {
                id: 0,
                from: Role::Control,
                to: Vec::new(),
                sent: self.clock.now,
                kind,
                subject: Subject::default(),
                label: Tlp::Clear,
                text: String::new(),
                forwarded_from: None,
                source: Role::Control,
                sanitised: false,
                drawn_from: None,
                key,
                root: key,
                narrative: Some(i),
            },
        );
        self.log(Happening::Narrated { inject: i, message });
        self.inject_fired(i);
    }

    /// Marks an incident resolved once nothing of it is left: no impairment under repair
    /// and, for an attack, no stage running and no spread on its way.
    pub(crate) fn check_resolved(&mut self, id: IncidentId) {
        let inc = self.incident(id);
        if self.world.launching == Some(id)
            || inc.resolved.is_some()
            || inc.open > 0
            || !inc.spreading_to.is_empty()
        {
            return;
        }
        let running = inc.reached.iter().any(|o| {
            self.operator_state(*o).compromises.iter().any(|c| {
                self.world
                    .ecs
                    .get::<state::Compromise>(*c)
                    .is_some_and(|m| m.incident == id && m.state == state::CompromiseState::Running)
            })
        });
        if running {
            return;
        }
        self.incident_mut(id).resolved = Some(self.clock.now);
        self.log(Happening::IncidentResolved { incident: id });
    }

    /// Lowers the capacity of each `(service, severity)` for incident `id` and starts the
    /// repairs. `key` tells the recovery draws of one incident apart: 0 for an inject's
    /// immediate impact, the stage for an attack's impact.
    pub(crate) fn impair(
        &mut self,
        id: IncidentId,
        hits: &[(ServiceId, f64)],
        recovery: Option<&crate::model::Dist>,
        data_loss: bool,
        key: u64,
    ) {
        let mut lowered = Vec::new();
        let mut causes = Vec::new();
        let mut started = Vec::new();
        for &(s, severity) in hits {
            let sev = severity.clamp(0.0, 1.0);
            if sev <= 0.0 {
                continue;
            }
            let imp = self.spawn_impairment(s, ImpairmentCause::Incident(id), sev, data_loss);
            lowered.push(s);
            causes.push((s, Cause::Incident(id)));
            started.push((imp, s));
        }
        self.incident_mut(id).open += started.len() as u32;
        self.settle(&[], &lowered, &causes);
        if let Some(dist) = recovery {
            for (imp, s) in started {
                let incident = self.incident_key(id);
                self.start_recovery(imp, dist, [incident, s.0 as u64, key]);
            }
        }
    }

    /// Adds an impairment to a service's capacity (without settling).
    pub(crate) fn spawn_impairment(
        &mut self,
        s: ServiceId,
        cause: ImpairmentCause,
        severity: f64,
        data_loss: bool,
    ) -> Entity {
        let imp = self
            .world
            .ecs
            .spawn(Impairment {
                service: s,
                cause,
                severity,
                since: self.clock.now,
                data_loss,
            })
            .id();
        self.state_of_mut(s).impairments.push(imp);
        self.add_to_capacity(s, severity);
        imp
    }

    /// Records that operator `o` knows of incident `id` by its own observation.
    pub(crate) fn observe_incident(&mut self, o: OperatorId, id: IncidentId, stage: Option<usize>) {
        let now = self.clock.now;
        let attack = self.incident(id).attack;
        if self.incident(id).detected.is_none() {
            self.incident_mut(id).detected = Some(now);
        }
        self.log(Happening::Detected {
            incident: id,
            operator: o,
            stage,
        });
        let role = Role::Operator(o);
        if let Some(k) = self.knowledge_mut(role) {
            k.learn(id, attack, Some(o), now, Learned::Observed);
        }
        let news = rng::mix(&[
            crate::engine::drill::DETECTED_TAG,
            self.incident_key(id),
            o.0 as u64,
        ]);
        self.policy_trigger(
            role,
            crate::model::drill::policy::Trigger::Detected,
            news,
            |_| crate::engine::drill::Context::Incident(id),
        );
    }

    /// A buffer ran out: if its provider is still down since the same time and the buffer
    /// was not extended meanwhile, the edge starts delivering. False if the timer is stale.
    fn exhaust_buffer(&mut self, edge: EdgeId, since: Time) -> bool {
        let provider = self.world.graph.provider(edge);
        if self.state_of(provider).failed_since != Some(since)
            || self.edge_delivering(edge)
            || self.clock.now.since(since) < self.effective_tolerance(edge)
        {
            return false;
        }
        self.log(Happening::BufferExhausted { edge });
        self.deliver(edge);
        true
    }

    /// The end of the run.
    pub fn end_time(&self) -> Time {
        self.clock.end
    }
}

#[cfg(test)]
mod tests {
    use super::{DueAction, Event, Waiting};
    use crate::model::drill::Provenance;
    use crate::model::drill::action::{Action, Origin};
    use crate::model::drill::role::Role;

    fn due(role: Role) -> DueAction {
        DueAction {
            role,
            action: Action::RestoreFromBackup,
            recipients: None,
            origin: Origin::Player,
            provenance: Provenance { key: 0, root: None },
        }
    }

    #[test]
    fn a_waiting_action_is_taken_by_its_number_and_its_slot_reused() {
        let mut w = Waiting::default();
        let a = w.insert(due(Role::Nisc));
        let b = w.insert(due(Role::Police));
        assert_eq!((a, b), (0, 1));
        assert_eq!(w.take(a).role, Role::Nisc);
        // The freed slot serves the next action; the other one is untouched.
        let c = w.insert(due(Role::Vendor));
        assert_eq!(c, a);
        assert_eq!(w.take(b).role, Role::Police);
        assert_eq!(w.take(c).role, Role::Vendor);
        assert_eq!(w.slots.len(), 2);
    }

    #[test]
    fn events_stay_small() {
        // The queue moves events on every push and pop; a large variant slows every run.
        assert!(
            std::mem::size_of::<Event>() <= 24,
            "{}",
            std::mem::size_of::<Event>()
        );
    }
}
