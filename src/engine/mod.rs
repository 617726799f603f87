//! The deterministic discrete-event engine.
//!
//! The engine owns a bevy_ecs [`World`] with one entity per service (its [`ServiceState`])
//! and one per incident and impairment, an [`EventQueue`] with a total order, and the
//! seeded random [`Streams`]. It is driven by plain world access from one thread: no
//! schedule, no parallel systems, so the order of every change is the order of events.
//! It knows nothing of files, terminals or sockets.

pub mod cascade;
pub mod metrics;
pub mod queue;
pub mod recovery;
pub mod rng;
pub mod state;
pub mod timeline;

use crate::model::{Infrastructure, Minutes, Scenario, ServiceId, Time};
use bevy_ecs::prelude::*;
use cascade::Scratch;
use metrics::Metrics;
use queue::EventQueue;
use rng::Streams;
use state::{Impairment, Incident, IncidentId, ServiceState};
use std::sync::Arc;
use timeline::{Cause, Entry, Happening};

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
    /// A buffer runs out (stale if the provider recovered or failed anew since).
    BufferExhausted {
        /// The dependency edge.
        edge: crate::model::EdgeId,
        /// When the provider fell into IT failure.
        since: Time,
    },
    /// A scenario inject fires.
    Inject(usize),
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
}

/// The simulation of one scenario with one seed.
pub struct Engine {
    world: World,
    infra: Arc<Infrastructure>,
    scenario: Arc<Scenario>,
    services: Vec<Entity>,
    incidents: Vec<Entity>,
    edge_active: Vec<bool>,
    queue: EventQueue<Event>,
    streams: Streams,
    now: Time,
    end: Time,
    finished: bool,
    events: u64,
    timeline: Vec<Entry>,
    metrics: Metrics,
    scratch: Scratch,
}

/// What a run produced: the timeline and the measures, plus counts.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Master seed used.
    pub seed: u64,
    /// The time the run stopped (the scenario's duration, or earlier with `--until`).
    pub end: Time,
    /// Number of events handled (stale timers excluded).
    pub events: u64,
    /// Everything that happened, in order.
    pub timeline: Vec<Entry>,
    /// Measures over `[T+0, end)`.
    pub metrics: Metrics,
}

impl Engine {
    /// Prepares a run of `scenario` with master seed `seed`.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Engine {
        let infra = scenario.infra.clone();
        let mut world = World::new();
        let services = infra
            .services
            .iter()
            .map(|s| world.spawn(ServiceState::new(s.id)).id())
            .collect();
        let mut queue = EventQueue::default();
        let end = Time(scenario.duration.0);
        queue.push(end, Event::PHASE_END, Event::End);
        for (i, inject) in scenario.injects.iter().enumerate() {
            queue.push(inject.at, Event::PHASE_INJECT, Event::Inject(i));
        }
        Engine {
            world,
            scratch: Scratch::new(infra.services.len(), infra.dependencies.len()),
            edge_active: vec![false; infra.dependencies.len()],
            metrics: Metrics::new(&infra),
            infra,
            scenario,
            services,
            incidents: Vec::new(),
            queue,
            streams: Streams::new(seed),
            now: Time::ZERO,
            end,
            finished: false,
            events: 0,
            timeline: Vec::new(),
        }
    }

    /// The current simulation time.
    pub fn now(&self) -> Time {
        self.now
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
        self.finished
    }

    /// The timeline so far.
    pub fn timeline(&self) -> &[Entry] {
        &self.timeline
    }

    /// Number of events handled so far.
    pub fn events_handled(&self) -> u64 {
        self.events
    }

    /// The time of the next pending event, if the run is not over.
    pub fn next_event_time(&self) -> Option<Time> {
        if self.finished {
            None
        } else {
            self.queue.peek_time()
        }
    }

    /// Current level of a service.
    pub fn level(&self, s: ServiceId) -> f64 {
        self.state_of(s).level
    }

    /// The dynamic state of a service.
    pub fn state_of(&self, s: ServiceId) -> &ServiceState {
        self.world
            .get::<ServiceState>(self.services[s.index()])
            .expect("every service has a state entity")
    }

    fn state_of_mut(&mut self, s: ServiceId) -> Mut<'_, ServiceState> {
        self.world
            .get_mut::<ServiceState>(self.services[s.index()])
            .expect("every service has a state entity")
    }

    /// Whether a dependency currently delivers loss.
    pub fn edge_delivering(&self, e: crate::model::EdgeId) -> bool {
        self.edge_active[e.index()]
    }

    /// Running measures (integrals up to the last change; see [`Engine::outcome`]).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    fn log(&mut self, what: Happening) {
        self.timeline.push(Entry {
            time: self.now,
            what,
        });
    }

    /// Handles the next event. Returns false when the run is over.
    pub fn step(&mut self) -> bool {
        if self.finished {
            return false;
        }
        let Some((time, event)) = self.queue.pop() else {
            self.finished = true;
            return false;
        };
        debug_assert!(time >= self.now, "time never goes backwards");
        self.now = time;
        let handled = match event {
            Event::End => {
                self.log(Happening::End);
                self.finished = true;
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
        };
        if handled {
            self.events += 1;
            self.metrics.observe_sectors(&self.infra, self.now);
        }
        !self.finished
    }

    /// Handles every event strictly before `t` (and stops at the end of the run), then
    /// sets the clock to `t`.
    pub fn run_until(&mut self, t: Time) {
        while let Some(next) = self.next_event_time() {
            if next >= t {
                break;
            }
            self.step();
        }
        if !self.finished {
            self.now = self.now.max(t.min(self.end));
        }
    }

    /// Runs to the end of the scenario.
    pub fn run(&mut self) {
        while self.step() {}
    }

    /// The outcome so far, with the measures closed at the current time.
    pub fn outcome(&self) -> Outcome {
        let mut metrics = self.metrics.clone();
        metrics.finish(&self.infra, self.now);
        Outcome {
            seed: self.streams.seed(),
            end: self.now,
            events: self.events,
            timeline: self.timeline.clone(),
            metrics,
        }
    }

    /// Fires inject `i`: opens an incident and impairs every service it hits.
    fn fire_inject(&mut self, i: usize) {
        let inject = &self.scenario.injects[i];
        let severity = inject.kind.severity();
        let hits = inject.hits.clone();
        let id = IncidentId(self.incidents.len() as u32);
        let incident = self
            .world
            .spawn(Incident {
                id,
                inject: i,
                started: self.now,
                open: 0,
                resolved: None,
            })
            .id();
        self.incidents.push(incident);
        self.log(Happening::InjectFired {
            inject: i,
            incident: id,
            hits: hits.len(),
        });
        let mut lowered = Vec::new();
        let mut causes = Vec::new();
        let mut started = Vec::new();
        for (s, factor) in hits {
            let sev = (severity * factor).clamp(0.0, 1.0);
            let imp = self
                .world
                .spawn(Impairment {
                    service: s,
                    incident: id,
                    severity: sev,
                    since: self.now,
                })
                .id();
            self.state_of_mut(s).impairments.push(imp);
            self.recompute_capacity(s);
            lowered.push(s);
            causes.push((s, Cause::Incident(id)));
            started.push((imp, s));
        }
        if let Some(mut inc) = self.world.get_mut::<Incident>(incident) {
            inc.open = started.len() as u32;
        }
        self.settle(&[], &lowered, &causes);
        for (imp, s) in started {
            self.start_recovery(imp, [i as u64, s.0 as u64, 0]);
        }
        if self.world.get::<Incident>(incident).map(|i| i.open) == Some(0) {
            self.log(Happening::IncidentResolved { incident: id });
        }
    }

    /// A buffer ran out: if its provider is still down since the same time, the edge
    /// starts delivering. Returns false if the timer was stale.
    fn exhaust_buffer(&mut self, edge: crate::model::EdgeId, since: Time) -> bool {
        let dep = self.infra.dependency(edge).clone();
        if self.state_of(dep.provider).failed_since != Some(since) || self.edge_active[edge.index()]
        {
            return false;
        }
        self.log(Happening::BufferExhausted { edge });
        self.deliver(edge);
        true
    }

    /// The end of the run.
    pub fn end_time(&self) -> Time {
        self.end
    }

    /// Minutes left until the end of the run.
    pub fn remaining(&self) -> Minutes {
        self.end.since(self.now)
    }
}
