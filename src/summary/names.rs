//! Turns ids in engine records into the names authors and players use.

use super::{ActionSummary, Delivery, MessageRecord, TimelineRecord, round6};
use crate::engine::Outcome;
use crate::engine::timeline::{Cause, Entry, Happening};
use crate::model::drill::{Action, ActionRecord, Addressee, Message, Origin, Role};
use crate::model::{
    EdgeId, IncidentId, Infrastructure, Inject, InjectKind, OperatorId, Scenario, ServiceId,
};

/// Name lookups for one outcome.
pub(crate) struct Names<'a> {
    scenario: &'a Scenario,
    infra: &'a Infrastructure,
    injects: &'a [Inject],
    messages: &'a [Message],
    actions: &'a [ActionRecord],
    incident_inject: Vec<usize>,
}

impl<'a> Names<'a> {
    pub(crate) fn new(scenario: &'a Scenario, outcome: &'a Outcome) -> Names<'a> {
        Names {
            scenario,
            infra: &scenario.infra,
            injects: &outcome.injects,
            messages: &outcome.messages,
            actions: &outcome.actions,
            incident_inject: outcome
                .timeline
                .iter()
                .filter_map(|e| match e.what {
                    Happening::InjectFired { inject, .. } => Some(inject),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The id of the inject that opened an incident.
    pub(crate) fn incident(&self, i: IncidentId) -> String {
        match self.incident_inject.get(i.index()) {
            Some(&k) => self.injects[k].key.clone(),
            None => format!("incident-{}", i.0),
        }
    }

    fn service(&self, s: ServiceId) -> String {
        self.infra.service(s).key.clone()
    }

    fn operator(&self, o: OperatorId) -> String {
        self.infra.operator(o).key.clone()
    }

    fn role(&self, r: Role) -> String {
        r.id(self.infra)
    }

    fn edge(&self, e: EdgeId) -> String {
        let d = self.infra.dependency(e);
        format!(
            "{} ← {}",
            self.service(d.dependent),
            self.service(d.provider)
        )
    }

    fn stage(&self, incident: IncidentId, stage: usize) -> String {
        let inject = self.incident_inject.get(incident.index()).copied();
        match inject.map(|k| &self.injects[k].kind) {
            Some(InjectKind::Attack(spec)) => spec
                .stages
                .get(stage)
                .map_or_else(|| format!("stage {stage}"), |s| s.name.clone()),
            _ => format!("stage {stage}"),
        }
    }

    fn cause(&self, c: &Cause) -> String {
        match c {
            Cause::Incident(i) => format!("incident {}", self.incident(*i)),
            Cause::Repaired(i) => format!("repair after {}", self.incident(*i)),
            Cause::Dependency(e) => {
                let d = self.infra.dependency(*e);
                format!(
                    "{} ({}, strength {})",
                    self.service(d.provider),
                    d.kind.id(),
                    d.strength
                )
            }
            Cause::ProviderRestored(e) => {
                format!(
                    "{} restored",
                    self.service(self.infra.dependency(*e).provider)
                )
            }
            Cause::Isolation(k) => format!("{} systems isolated", k.id()),
            Cause::Reconnected(k) => format!("{} systems reconnected", k.id()),
            Cause::Backup => "backup operation".into(),
            Cause::BackupEnded => "end of backup operation".into(),
        }
    }

    fn addressees(&self, to: &[Addressee]) -> String {
        to.iter()
            .map(|a| match a {
                Addressee::Relative(r) => r.id().to_string(),
                Addressee::Role(r) => self.role(*r),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// An action in words.
    pub(crate) fn describe_action(&self, a: &Action) -> String {
        match a {
            Action::Send {
                to,
                kind,
                label,
                text,
                ..
            } => format!(
                "send {} to {} ({}): {text}",
                kind.id(),
                self.addressees(to),
                label.label()
            ),
            Action::Forward { message, to } => {
                format!("forward message #{message} to {}", self.addressees(to))
            }
            Action::Isolate { systems } => format!("isolate {} systems", systems.id()),
            Action::Reconnect { systems } => format!("reconnect {} systems", systems.id()),
            Action::SwitchToBackup { service } => {
                format!("switch {} to backup", self.service(*service))
            }
            Action::EndBackup { service } => format!("end backup of {}", self.service(*service)),
            Action::RestoreFromBackup => "restore from backup".into(),
            Action::DispatchSupport { operator } => {
                format!("dispatch a support team to {}", self.operator(*operator))
            }
            Action::PublishSignature { attack } => {
                format!("publish a signature for {}", attack.label())
            }
            Action::Inject(i) => format!(
                "inject {}: {} on {}",
                i.key,
                i.kind.describe(),
                i.target_label
            ),
        }
    }

    pub(crate) fn action(&self, a: &ActionRecord) -> ActionSummary {
        ActionSummary {
            id: a.id,
            t: a.time.0,
            time: a.time.to_string(),
            role: self.role(a.role),
            origin: match a.origin {
                Origin::Player => "player".into(),
                Origin::Policy { policy, rule } => format!("policy {policy} rule {rule}"),
            },
            action: self.describe_action(&a.action),
            status: if a.result.is_ok() { "done" } else { "refused" },
            result: match &a.result {
                Ok(s) | Err(s) => s.clone(),
            },
        }
    }

    pub(crate) fn message(&self, m: &Message) -> MessageRecord {
        let mut subject = Vec::new();
        if let Some(i) = m.subject.incident {
            subject.push(format!("incident {}", self.incident(i)));
        }
        if let Some(a) = m.subject.attack {
            subject.push(a.label().to_string());
        }
        if let Some(o) = m.subject.operator {
            subject.push(format!("at {}", self.operator(o)));
        }
        if let Some(s) = m.subject.sector {
            subject.push(format!("sector {}", s.id()));
        }
        MessageRecord {
            id: m.id,
            from: self.role(m.from),
            to: m
                .to
                .iter()
                .map(|(r, t)| Delivery {
                    role: self.role(*r),
                    at: t.0,
                })
                .collect(),
            sent: m.sent.0,
            kind: m.kind.id(),
            label: m.label.label(),
            subject: subject.join(" "),
            incident: m.subject.incident.map(|i| self.incident(i)),
            text: m.text.clone(),
            forwarded_from: m.forwarded_from,
        }
    }

    pub(crate) fn record(&self, e: &Entry) -> TimelineRecord {
        let mut r = TimelineRecord {
            t: e.time.0,
            time: e.time.to_string(),
            kind: "",
            subject: String::new(),
            from: None,
            to: None,
            below_required: None,
            causes: Vec::new(),
            text: String::new(),
            routine: false,
        };
        let (kind, subject, text): (&'static str, String, String) = match &e.what {
            Happening::InjectFired { inject, hits, .. } => {
                let inj = &self.injects[*inject];
                let s = if *hits == 1 { "" } else { "s" };
                (
                    "inject",
                    inj.key.clone(),
                    format!(
                        "inject {}: {} on {} ({hits} service{s})",
                        inj.key,
                        inj.kind.describe(),
                        inj.target_label
                    ),
                )
            }
            Happening::InjectSkipped { inject, reason } => {
                let key = self.injects[*inject].key.clone();
                (
                    "inject_skipped",
                    key.clone(),
                    format!("inject {key} skipped: {reason}"),
                )
            }
            Happening::LevelChanged {
                service,
                from,
                to,
                below_required,
                causes,
            } => {
                r.from = Some(round6(*from));
                r.to = Some(round6(*to));
                r.below_required = Some(*below_required);
                r.causes = causes.iter().map(|c| self.cause(c)).collect();
                let req = self.infra.service(*service).required;
                let state = if *below_required {
                    format!("BELOW required {req:.2}")
                } else {
                    format!("ok (required {req:.2})")
                };
                let name = self.service(*service);
                let text = format!(
                    "{name} {from:.2} → {to:.2} {state} ← {}",
                    r.causes.join(", ")
                );
                ("level_changed", name, text)
            }
            Happening::BufferStarted { edge, until } => {
                let d = self.infra.dependency(*edge);
                (
                    "buffer_started",
                    self.edge(*edge),
                    format!(
                        "{} holds on its buffer while {} is down (until {until})",
                        self.service(d.dependent),
                        self.service(d.provider),
                    ),
                )
            }
            Happening::BufferExhausted { edge } => {
                let d = self.infra.dependency(*edge);
                (
                    "buffer_exhausted",
                    self.edge(*edge),
                    format!(
                        "buffer of {} on {} exhausted",
                        self.service(d.dependent),
                        self.service(d.provider),
                    ),
                )
            }
            Happening::RecoveryStarted {
                service,
                incident,
                duration,
            } => (
                "recovery_started",
                self.service(*service),
                format!(
                    "repair of {} after {} started: {duration} at full speed",
                    self.service(*service),
                    self.incident(*incident),
                ),
            ),
            Happening::RecoveryRateChanged {
                service,
                incident,
                rate,
                eta,
            } => (
                "recovery_rate_changed",
                self.service(*service),
                format!(
                    "repair of {} after {} now at {:.0}% speed, done {eta}",
                    self.service(*service),
                    self.incident(*incident),
                    rate * 100.0,
                ),
            ),
            Happening::RecoveryCompleted { service, incident } => (
                "recovery_completed",
                self.service(*service),
                format!(
                    "repair of {} after {} completed",
                    self.service(*service),
                    self.incident(*incident)
                ),
            ),
            Happening::IncidentResolved { incident } => {
                let name = self.incident(*incident);
                (
                    "incident_resolved",
                    name.clone(),
                    format!("incident {name} resolved: every service repaired"),
                )
            }
            Happening::AttackReached { incident, operator } => (
                "attack_reached",
                self.operator(*operator),
                format!(
                    "attack {} reached {}",
                    self.incident(*incident),
                    self.operator(*operator)
                ),
            ),
            Happening::StageStarted {
                incident,
                operator,
                stage,
                until,
            } => (
                "stage_started",
                self.operator(*operator),
                format!(
                    "attack {} at {}: {} under way, completes {until} unless stopped",
                    self.incident(*incident),
                    self.operator(*operator),
                    self.stage(*incident, *stage)
                ),
            ),
            Happening::StageFailed {
                incident,
                operator,
                stage,
                chance,
            } => (
                "stage_failed",
                self.operator(*operator),
                format!(
                    "attack {} at {}: {} failed its chance ({chance}); the attack stops there",
                    self.incident(*incident),
                    self.operator(*operator),
                    self.stage(*incident, *stage)
                ),
            ),
            Happening::StageCompleted {
                incident,
                operator,
                stage,
            } => (
                "stage_completed",
                self.operator(*operator),
                format!(
                    "attack {} at {}: {} completed",
                    self.incident(*incident),
                    self.operator(*operator),
                    self.stage(*incident, *stage)
                ),
            ),
            Happening::SpreadAttempt {
                incident,
                from,
                to,
                arrives,
            } => (
                "spread",
                self.operator(*to),
                match arrives {
                    Some(t) => format!(
                        "attack {} spreads from {} to {}, arriving {t}",
                        self.incident(*incident),
                        self.operator(*from),
                        self.operator(*to)
                    ),
                    None => format!(
                        "attack {} failed its chance to spread from {} to {}",
                        self.incident(*incident),
                        self.operator(*from),
                        self.operator(*to)
                    ),
                },
            ),
            Happening::AttackBlocked {
                incident,
                operator,
                reason,
            } => (
                "attack_blocked",
                self.operator(*operator),
                format!(
                    "attack {} did not take hold at {}: {reason}",
                    self.incident(*incident),
                    self.operator(*operator)
                ),
            ),
            Happening::Detected {
                incident,
                operator,
                stage,
            } => (
                "detected",
                self.operator(*operator),
                match stage {
                    Some(k) => format!(
                        "{} detected attack {} during {}",
                        self.operator(*operator),
                        self.incident(*incident),
                        self.stage(*incident, *k)
                    ),
                    None => format!(
                        "{} observed incident {}",
                        self.operator(*operator),
                        self.incident(*incident)
                    ),
                },
            ),
            Happening::Contained { incident, operator } => (
                "contained",
                self.operator(*operator),
                format!(
                    "attack {} contained at {} before impact",
                    self.incident(*incident),
                    self.operator(*operator)
                ),
            ),
            Happening::Halted { incident, operator } => (
                "halted",
                self.operator(*operator),
                format!(
                    "attack {} at {} stopped by isolation",
                    self.incident(*incident),
                    self.operator(*operator)
                ),
            ),
            Happening::Alerted { operator, attack } => (
                "alerted",
                self.operator(*operator),
                format!(
                    "{} is now alert to {} (detection raised)",
                    self.operator(*operator),
                    attack.label()
                ),
            ),
            Happening::MessageSent { message } => {
                let m = &self.messages[*message as usize];
                let to: Vec<String> = m.to.iter().map(|(r, _)| self.role(*r)).collect();
                let to = if to.len() > 4 {
                    format!("{} roles", to.len())
                } else {
                    to.join(", ")
                };
                let fwd = m
                    .forwarded_from
                    .map_or(String::new(), |f| format!(", forwarding #{f}"));
                (
                    "message_sent",
                    format!("#{message}"),
                    format!(
                        "message #{message} {} → {to} ({}, {}{fwd}): {}",
                        self.role(m.from),
                        m.kind.id(),
                        m.label.label(),
                        m.text
                    ),
                )
            }
            Happening::MessageDelivered { message, to } => (
                "message_delivered",
                format!("#{message}"),
                format!("message #{message} reached {}", self.role(*to)),
            ),
            Happening::Action { action } => {
                let a = &self.actions[*action as usize];
                let who = match a.origin {
                    Origin::Player => "player",
                    Origin::Policy { .. } => "policy",
                };
                let result = match &a.result {
                    Ok(s) => format!("done: {s}"),
                    Err(s) => format!("REFUSED: {s}"),
                };
                (
                    "action",
                    self.role(a.role),
                    format!(
                        "{} ({who}) {} — {result}",
                        self.role(a.role),
                        self.describe_action(&a.action)
                    ),
                )
            }
            Happening::SupportArrived { team, operator } => (
                "support_arrived",
                self.operator(*operator),
                format!(
                    "support team {} arrived at {}",
                    team + 1,
                    self.operator(*operator)
                ),
            ),
            Happening::SupportReleased { team, operator } => (
                "support_released",
                self.operator(*operator),
                format!(
                    "support team {} left {}, available again",
                    team + 1,
                    self.operator(*operator)
                ),
            ),
            Happening::SignaturePublished { attack } => (
                "signature_published",
                attack.label().to_string(),
                format!(
                    "vendors published a signature and patch for {}",
                    attack.label()
                ),
            ),
            Happening::PolicySkipped { role, reason } => (
                "policy_skipped",
                self.role(*role),
                format!("{} (policy) did not act: {reason}", self.role(*role)),
            ),
            Happening::End => ("end", self.scenario.name.clone(), "end of scenario".into()),
        };
        r.routine = match &e.what {
            Happening::BufferStarted { .. }
            | Happening::BufferExhausted { .. }
            | Happening::RecoveryRateChanged { .. }
            | Happening::StageStarted { .. }
            | Happening::MessageSent { .. }
            | Happening::MessageDelivered { .. }
            | Happening::PolicySkipped { .. } => true,
            Happening::Action { action } => {
                let a = &self.actions[*action as usize];
                matches!(a.origin, Origin::Policy { .. })
                    && matches!(a.action, Action::Send { .. } | Action::Forward { .. })
            }
            _ => false,
        };
        r.kind = kind;
        r.subject = subject;
        r.text = text;
        r
    }
}
