//! The presentation layer: every kind of timeline entry, refusal and effect has words in
//! English and in Japanese, the Japanese words are Japanese, and the JSON tags are stable.

use crate::common;
use common::*;
use rensa::engine::timeline::{BlockReason, Cause, Happening, PolicySkip, SkipReason};
use rensa::engine::{Engine, Outcome};
use rensa::model::drill::*;
use rensa::model::*;
use rensa::present::{Lang, Words};
use rensa::session::Session;
use std::sync::Arc;

/// Two operators of different sectors with dependent services; a two-stage worm with
/// stage names that are ids; a conditional inject; the played operator reports at T+1h.
const WORDS: &str = r#"
Scenario(
    name: "words", duration: "1d", seed: 1, policies: Passive,
    players: ["operator:east-power"],
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "east-power", name: "East Power", name_ja: "東電力", sector: Electricity,
            region: "east-region",
            services: [Service(id: "east-power/supply", name: "Supply", population: 100, required: 0.9,
                systems: [System(id: "east-power/erp", kind: Business, share: 0.25)])]),
        Operator(id: "west-bank", name: "West Bank", name_ja: "西銀行", sector: Finance,
            region: "east-region",
            services: [Service(id: "west-bank/atm", name: "ATMs", population: 100, required: 0.9)]),
    ], dependencies: [
        Dependency(dependent: "west-bank/atm", provider: "east-power/supply", kind: Physical,
            strength: 0.5, tolerance: "1h"),
    ])),
    injects: [
        Inject(id: "worm-1", at: 0, target: Operator("east-power"), kind: Attack(attack: Worm, stages: Some([
            Stage(name: "stage-1", chance: 1.0, duration: Fixed("1h"), detection: 0.0, effect: Foothold),
            Stage(name: "stage-2", chance: 1.0, duration: Fixed(0), detection: 0.0,
                effect: Impact(severity: 0.5, recovery: Fixed("4h"), data_loss: false)),
        ]))),
        Inject(id: "wave-2", when: (condition: NotDetected("worm-1"), by: "2h"),
            target: Service("west-bank/atm"),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("1h"))),
    ],
)"#;

/// A run of WORDS with one message and one action, for words to refer to.
fn outcome() -> (Arc<Scenario>, Outcome) {
    let s = scenario(WORDS);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(60));
    let east = Role::Operator(OperatorId(0));
    session
        .act(
            east,
            Action::Send {
                to: vec![Addressee::Relative(Recipient::MyCeptor)],
                kind: MessageKind::Report,
                about: None,
                attack: Some(AttackKind::Worm),
                label: Tlp::Amber,
                text: String::new(),
                sanitised: false,
            },
        )
        .expect("the report is sent");
    (s, session.finish())
}

const HAPPENINGS: usize = 29;

/// The position of a happening's kind, and its JSON tag. Exhaustive: a new kind of
/// happening fails to compile here until it is listed (and then `every_happening` must
/// give an example, or the coverage check fails).
fn happening_kind(h: &Happening) -> (usize, &'static str) {
    match h {
        Happening::InjectFired { .. } => (0, "inject_fired"),
        Happening::InjectSkipped { .. } => (1, "inject_skipped"),
        Happening::LevelChanged { .. } => (2, "level_changed"),
        Happening::BufferStarted { .. } => (3, "buffer_started"),
        Happening::BufferExhausted { .. } => (4, "buffer_exhausted"),
        Happening::RecoveryStarted { .. } => (5, "recovery_started"),
        Happening::RecoveryRateChanged { .. } => (6, "recovery_rate_changed"),
        Happening::RecoveryCompleted { .. } => (7, "recovery_completed"),
        Happening::IncidentResolved { .. } => (8, "incident_resolved"),
        Happening::AttackReached { .. } => (9, "attack_reached"),
        Happening::StageStarted { .. } => (10, "stage_started"),
        Happening::StageFailed { .. } => (11, "stage_failed"),
        Happening::StageCompleted { .. } => (12, "stage_completed"),
        Happening::SpreadAttempt { .. } => (13, "spread_attempt"),
        Happening::AttackBlocked { .. } => (14, "attack_blocked"),
        Happening::Detected { .. } => (15, "detected"),
        Happening::Contained { .. } => (16, "contained"),
        Happening::Halted { .. } => (17, "halted"),
        Happening::Alerted { .. } => (18, "alerted"),
        Happening::MessageSent { .. } => (19, "message_sent"),
        Happening::MessageDelivered { .. } => (20, "message_delivered"),
        Happening::Action { .. } => (21, "action"),
        Happening::SupportArrived { .. } => (22, "support_arrived"),
        Happening::SupportReleased { .. } => (23, "support_released"),
        Happening::SignaturePublished { .. } => (24, "signature_published"),
        Happening::PolicySkipped { .. } => (25, "policy_skipped"),
        Happening::End => (26, "end"),
        Happening::ObjectiveDecided { .. } => (27, "objective_decided"),
        Happening::Narrated { .. } => (28, "narrated"),
    }
}

const REFUSALS: usize = 32;

/// As [`happening_kind`], for refusals.
fn refusal_kind(r: &Refusal) -> (usize, &'static str) {
    match r {
        Refusal::DrillEnded => (0, "drill_ended"),
        Refusal::NotInDrill { .. } => (1, "not_in_drill"),
        Refusal::NotPermitted { .. } => (2, "not_permitted"),
        Refusal::NotOwnService { .. } => (3, "not_own_service"),
        Refusal::SenderOutsidePolicy => (4, "sender_outside_policy"),
        Refusal::NoRecipients => (5, "no_recipients"),
        Refusal::NoSuchInject { .. } => (6, "no_such_inject"),
        Refusal::NoChannel { .. } => (7, "no_channel"),
        Refusal::NoSuchRecipient { .. } => (8, "no_such_recipient"),
        Refusal::PublicNeedsClearAnnouncement => (9, "public_needs_clear_announcement"),
        Refusal::AnnouncementNotPublic => (10, "announcement_not_public"),
        Refusal::UnknownIncident => (11, "unknown_incident"),
        Refusal::NoSuchIncident { .. } => (12, "no_such_incident"),
        Refusal::InjectNotFired { .. } => (13, "inject_not_fired"),
        Refusal::UnknownMessage => (14, "unknown_message"),
        Refusal::NoSuchMessage { .. } => (15, "no_such_message"),
        Refusal::LabelForbids { .. } => (16, "label_forbids"),
        Refusal::AlreadyIsolated { .. } => (17, "already_isolated"),
        Refusal::NoSystems { .. } => (18, "no_systems"),
        Refusal::NotIsolated { .. } => (19, "not_isolated"),
        Refusal::AlreadyOnBackup { .. } => (20, "already_on_backup"),
        Refusal::NotOnBackup { .. } => (21, "not_on_backup"),
        Refusal::NothingToRestore => (22, "nothing_to_restore"),
        Refusal::SupportAlreadyAssigned { .. } => (23, "support_already_assigned"),
        Refusal::NoSupportTeams => (24, "no_support_teams"),
        Refusal::AllTeamsDeployed { .. } => (25, "all_teams_deployed"),
        Refusal::SignatureAlreadyPublished { .. } => (26, "signature_already_published"),
        Refusal::InjectHitsNothing => (27, "inject_hits_nothing"),
        Refusal::KnowledgeLabelForbids { .. } => (28, "knowledge_label_forbids"),
        Refusal::NotTheSource { .. } => (29, "not_the_source"),
        Refusal::NotAReserve { .. } => (30, "not_a_reserve"),
        Refusal::ReserveAlreadyFired { .. } => (31, "reserve_already_fired"),
    }
}

const DONES: usize = 11;

/// As [`happening_kind`], for what actions do.
fn done_kind(d: &Done) -> (usize, &'static str) {
    match d {
        Done::Sent { .. } => (0, "sent"),
        Done::Forwarded { .. } => (1, "forwarded"),
        Done::Isolated { .. } => (2, "isolated"),
        Done::Reconnected { .. } => (3, "reconnected"),
        Done::OnBackup { .. } => (4, "on_backup"),
        Done::BackupEnded { .. } => (5, "backup_ended"),
        Done::Restoring { .. } => (6, "restoring"),
        Done::SupportDispatched { .. } => (7, "support_dispatched"),
        Done::SignaturePublished { .. } => (8, "signature_published"),
        Done::Injected { .. } => (9, "injected"),
        Done::PermissionGranted { .. } => (10, "permission_granted"),
    }
}

const EAST: OperatorId = OperatorId(0);
const WEST: OperatorId = OperatorId(1);
const SUPPLY: ServiceId = ServiceId(0);
const ATM: ServiceId = ServiceId(1);
const I0: IncidentId = IncidentId(0);

fn every_refusal() -> Vec<Refusal> {
    vec![
        Refusal::DrillEnded,
        Refusal::NotInDrill { role: Role::Police },
        Refusal::NotPermitted {
            class: ActionClass::DispatchSupport,
            role_kind: RoleKind::Operator,
        },
        Refusal::NotOwnService {
            service: ATM,
            owner: WEST,
        },
        Refusal::SenderOutsidePolicy,
        Refusal::NoRecipients,
        Refusal::NoSuchInject { inject: 7 },
        Refusal::NoChannel {
            from: Role::Operator(EAST),
            to: Role::Ceptor(Sector::Finance),
        },
        Refusal::NoSuchRecipient {
            from: Role::Nisc,
            recipient: Recipient::MyCeptor,
        },
        Refusal::PublicNeedsClearAnnouncement,
        Refusal::AnnouncementNotPublic,
        Refusal::UnknownIncident,
        Refusal::NoSuchIncident {
            incident: IncidentId(9),
        },
        Refusal::InjectNotFired { inject: 1 },
        Refusal::UnknownMessage,
        Refusal::NoSuchMessage { message: 9 },
        Refusal::LabelForbids {
            message: 0,
            label: Tlp::Amber,
            from: Role::Ceptor(Sector::Electricity),
            to: Role::Council,
        },
        Refusal::AlreadyIsolated {
            systems: SystemKind::Business,
        },
        Refusal::NoSystems {
            operator: WEST,
            systems: SystemKind::Control,
        },
        Refusal::NotIsolated {
            systems: SystemKind::CustomerFacing,
        },
        Refusal::AlreadyOnBackup { service: SUPPLY },
        Refusal::NotOnBackup { service: SUPPLY },
        Refusal::NothingToRestore,
        Refusal::SupportAlreadyAssigned { operator: EAST },
        Refusal::NoSupportTeams,
        Refusal::AllTeamsDeployed { teams: 2 },
        Refusal::SignatureAlreadyPublished {
            attack: AttackKind::Ddos,
        },
        Refusal::InjectHitsNothing,
        Refusal::NotAReserve { inject: 0 },
        Refusal::ReserveAlreadyFired { inject: 0 },
        Refusal::KnowledgeLabelForbids {
            incident: I0,
            learned: Tlp::Amber,
            label: Tlp::Green,
            to: None,
        },
        Refusal::KnowledgeLabelForbids {
            incident: I0,
            learned: Tlp::Red,
            label: Tlp::Red,
            to: Some(Role::Jpcert),
        },
        Refusal::NotTheSource { message: 0 },
    ]
}

fn every_done() -> Vec<Done> {
    vec![
        Done::Sent {
            message: 0,
            to: vec![
                Role::Ceptor(Sector::Electricity),
                Role::Ministry(Ministry::Meti),
            ],
        },
        Done::Forwarded {
            message: 0,
            copy: 1,
            to: vec![Role::Council],
        },
        Done::Isolated {
            systems: SystemKind::Business,
            services: 1,
        },
        Done::Reconnected {
            systems: SystemKind::Business,
        },
        Done::OnBackup {
            service: ATM,
            extension: Minutes(720),
        },
        Done::BackupEnded { service: ATM },
        Done::Restoring { services: 1 },
        Done::SupportDispatched {
            team: 0,
            operator: EAST,
            arrives: Time(150),
        },
        Done::SignaturePublished {
            attack: AttackKind::Ransomware,
        },
        Done::Injected { inject: 0 },
        Done::PermissionGranted {
            message: 0,
            to: Role::Gsoc,
        },
    ]
}

fn every_happening() -> Vec<Happening> {
    let mut all = vec![
        Happening::InjectFired {
            inject: 0,
            incident: I0,
            hits: 1,
        },
        Happening::LevelChanged {
            service: ATM,
            from: 1.0,
            to: 0.5,
            below_required: true,
            causes: vec![
                Cause::Incident(I0),
                Cause::Repaired(I0),
                Cause::Dependency(EdgeId(0)),
                Cause::ProviderRestored(EdgeId(0)),
                Cause::Isolation(SystemKind::Business),
                Cause::Reconnected(SystemKind::Control),
                Cause::Backup,
                Cause::BackupEnded,
            ]
            .into(),
        },
        Happening::LevelChanged {
            service: ATM,
            from: 0.5,
            to: 0.95,
            below_required: false,
            causes: [Cause::ProviderRestored(EdgeId(0))].into_iter().collect(),
        },
        Happening::BufferStarted {
            edge: EdgeId(0),
            until: Time(60),
        },
        Happening::BufferExhausted { edge: EdgeId(0) },
        Happening::RecoveryStarted {
            service: SUPPLY,
            incident: I0,
            duration: Minutes(250),
        },
        Happening::RecoveryRateChanged {
            service: SUPPLY,
            incident: I0,
            rate: 1.5,
            eta: Time(300),
        },
        Happening::RecoveryCompleted {
            service: SUPPLY,
            incident: I0,
        },
        Happening::IncidentResolved { incident: I0 },
        Happening::AttackReached {
            incident: I0,
            operator: EAST,
        },
        Happening::StageStarted {
            incident: I0,
            operator: EAST,
            stage: 0,
            until: Time(60),
        },
        Happening::StageFailed {
            incident: I0,
            operator: EAST,
            stage: 1,
            chance: 0.25,
        },
        Happening::StageCompleted {
            incident: I0,
            operator: EAST,
            stage: 1,
        },
        Happening::SpreadAttempt {
            incident: I0,
            from: EAST,
            to: WEST,
            arrives: Some(Time(240)),
        },
        Happening::SpreadAttempt {
            incident: I0,
            from: EAST,
            to: WEST,
            arrives: None,
        },
        Happening::Detected {
            incident: I0,
            operator: EAST,
            stage: Some(0),
        },
        Happening::Detected {
            incident: I0,
            operator: EAST,
            stage: None,
        },
        Happening::Contained {
            incident: I0,
            operator: EAST,
        },
        Happening::Halted {
            incident: I0,
            operator: EAST,
        },
        Happening::Alerted {
            operator: WEST,
            attack: AttackKind::Intrusion,
        },
        Happening::MessageSent { message: 0 },
        Happening::MessageDelivered {
            message: 0,
            to: Role::Ceptor(Sector::Electricity),
        },
        Happening::Action { action: 0 },
        Happening::SupportArrived {
            team: 0,
            operator: EAST,
        },
        Happening::SupportReleased {
            team: 1,
            operator: EAST,
        },
        Happening::SignaturePublished {
            attack: AttackKind::Insider,
        },
        Happening::End,
        Happening::ObjectiveDecided {
            objective: 0,
            status: rensa::model::objective::ObjectiveStatus::Partial,
            achieved: 0.5,
        },
        Happening::Narrated {
            inject: 0,
            message: 0,
        },
    ];
    let skips = [
        SkipReason::FollowsSkipped { inject: 0 },
        SkipReason::FollowsUnfired { inject: 0 },
        SkipReason::DueAfterEnd { at: Time(1440) },
        SkipReason::ReserveUnused,
        SkipReason::ConditionNeverHeld,
        SkipReason::ConditionFailed { by: Time(120) },
        SkipReason::WasDetected {
            inject: 0,
            at: Time(30),
        },
        SkipReason::WatchedNeverFired { inject: 0 },
        SkipReason::ActionTaken {
            role: Role::Nisc,
            action: ActionClass::DispatchSupport,
            at: Time(90),
        },
    ];
    all.extend(
        skips
            .into_iter()
            .map(|reason| Happening::InjectSkipped { inject: 1, reason }),
    );
    let blocks = [
        BlockReason::Isolated {
            systems: SystemKind::Business,
        },
        BlockReason::NoExposedSystems {
            systems: Some(SystemKind::Control),
        },
        BlockReason::NoExposedSystems { systems: None },
    ];
    all.extend(blocks.into_iter().map(|reason| Happening::AttackBlocked {
        incident: I0,
        operator: WEST,
        reason,
    }));
    let skips = [
        PolicySkip::NothingToForward,
        PolicySkip::NoSystemsToIsolate,
        PolicySkip::NoServiceNamed,
        PolicySkip::NoOperatorNamed,
        PolicySkip::NoRepairKnown { asked: None },
        PolicySkip::NoRepairKnown { asked: Some(EAST) },
        PolicySkip::NoRepairAnyMore { operator: EAST },
        PolicySkip::NoAttackKind,
        PolicySkip::SignatureAlreadyPublished {
            attack: AttackKind::Defacement,
        },
        PolicySkip::SupportAlreadyAssigned { operator: EAST },
        PolicySkip::AlreadyOnBackup { service: ATM },
        PolicySkip::BackToRequired { service: ATM },
        PolicySkip::NoProviderFailing { service: ATM },
        PolicySkip::NotOnBackup { service: ATM },
        PolicySkip::ProviderFailingAgain { service: ATM },
        PolicySkip::Undeliverable(Refusal::NoRecipients),
        PolicySkip::AlreadyAlerted {
            incident: None,
            attack: Some(AttackKind::Worm),
        },
        PolicySkip::AlreadyAlerted {
            incident: Some(I0),
            attack: None,
        },
    ];
    all.extend(skips.into_iter().map(|reason| Happening::PolicySkipped {
        role: Role::Ceptor(Sector::Finance),
        reason,
    }));
    all
}

/// Every ASCII word in `text` that is not an id, a number, a time, a TLP label or one of
/// the acronyms Japanese writes in Latin letters.
fn english_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_graphic())
        .map(|w| w.trim_matches(|c: char| "()[]«»,;!?\"'`".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.contains(['-', '/', ':', '#', '_', '.', '+']))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !["DDoS", "NISC", "GSOC", "IT"].contains(w))
        .map(str::to_string)
        .collect()
}

#[track_caller]
fn check_words(en: &str, ja: &str) {
    assert!(!en.trim().is_empty(), "empty English");
    assert!(!ja.trim().is_empty(), "empty Japanese for {en:?}");
    assert_ne!(en, ja, "not translated");
    let leaked = english_in(ja);
    assert!(
        leaked.is_empty(),
        "English {leaked:?} in {ja:?} (en: {en:?})"
    );
}

#[test]
fn every_happening_has_words_in_both_languages_and_a_stable_json_kind() {
    let (s, o) = outcome();
    let (en, ja) = (Words::new(&s, &o, Lang::En), Words::new(&s, &o, Lang::Ja));
    let all = every_happening();
    let mut seen = [false; HAPPENINGS];
    for h in &all {
        let (k, tag) = happening_kind(h);
        seen[k] = true;
        check_words(&en.happening(h), &ja.happening(h));
        let json = serde_json::to_value(en.happening_json(h)).unwrap();
        assert_eq!(json["kind"], tag, "{h:?}");
    }
    let missing: Vec<usize> = (0..HAPPENINGS).filter(|k| !seen[*k]).collect();
    assert!(missing.is_empty(), "no example of happenings {missing:?}");
}

#[test]
fn every_refusal_and_effect_has_words_in_both_languages_and_a_stable_json_kind() {
    let (s, o) = outcome();
    let (en, ja) = (Words::new(&s, &o, Lang::En), Words::new(&s, &o, Lang::Ja));
    let mut seen = [false; REFUSALS];
    for r in every_refusal() {
        let (k, tag) = refusal_kind(&r);
        seen[k] = true;
        check_words(&en.refusal(&r), &ja.refusal(&r));
        assert_eq!(
            serde_json::to_value(en.refusal_json(&r)).unwrap()["kind"],
            tag
        );
    }
    assert!(
        seen.iter().all(|s| *s),
        "a refusal has no example: {seen:?}"
    );
    let mut seen = [false; DONES];
    for d in every_done() {
        let (k, tag) = done_kind(&d);
        seen[k] = true;
        check_words(&en.done(&d), &ja.done(&d));
        assert_eq!(serde_json::to_value(en.done_json(&d)).unwrap()["kind"], tag);
    }
    assert!(
        seen.iter().all(|s| *s),
        "an effect has no example: {seen:?}"
    );
}

#[test]
fn the_leak_check_catches_english() {
    assert_eq!(
        english_in("攻撃 «worm-1» が 東電力 に到達"),
        Vec::<String>::new()
    );
    assert_eq!(
        english_in("内閣官房 (NISC)、TLP:AMBER、T+01:00"),
        Vec::<String>::new()
    );
    assert_eq!(english_in("攻撃 stopped by 東電力"), vec!["stopped", "by"]);
}

#[test]
fn japanese_names_sectors_ministries_and_roles() {
    let (s, o) = outcome();
    let ja = Words::new(&s, &o, Lang::Ja);
    let names: Vec<&str> = Sector::ALL.iter().map(|x| ja.sector(*x)).collect();
    assert_eq!(
        names,
        [
            "情報通信",
            "金融",
            "航空",
            "鉄道",
            "電力",
            "ガス",
            "政府・行政",
            "医療",
            "水道",
            "物流"
        ]
    );
    assert_eq!(ja.role(Role::Ceptor(Sector::Electricity)), "電力セプター");
    assert_eq!(ja.role(Role::Council), "セプターカウンシル");
    assert_eq!(ja.role(Role::Operator(EAST)), "東電力");
    assert_eq!(
        ja.role(Role::Ministry(Ministry::Meti)),
        Ministry::Meti.name_ja()
    );
    // A level change names the sector, the service, the levels and the state.
    let h = Happening::LevelChanged {
        service: SUPPLY,
        from: 1.0,
        to: 0.6,
        below_required: true,
        causes: [Cause::Incident(I0)].into_iter().collect(),
    };
    assert_eq!(
        ja.happening(&h),
        "電力: east-power/supply の水準が 1.00 → 0.60 に低下（必要水準 0.90 未満）← インシデント «worm-1»"
    );
}

#[test]
fn views_hold_ids_and_exact_levels() {
    let s = scenario(WORDS);
    let mut e = Engine::new(s.clone(), 1);
    e.run_until(Time(61));
    let east = Role::Operator(EAST);
    let v = e.view(east);
    assert_eq!(v.role, east);
    assert_eq!(v.time, Time(61));
    assert_eq!(v.services[0].service, SUPPLY);
    // The worm's impact (severity 0.5) strikes through the business systems, a quarter of
    // the service, at T+1h: the exact level 1 − 0.5 × 0.25, not a rounded one.
    assert_eq!(v.services[0].level, 0.875);
    let truth = e.truth();
    assert_eq!(truth.incidents[0].inject, 0);
    assert_eq!(truth.incidents[0].started, Time(0));
}

#[test]
fn views_in_words_round_levels_and_speak_both_languages() {
    let s = scenario(WORDS);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(61));
    let east = Role::Operator(EAST);
    let o = session.outcome().to_outcome();
    let (en, ja) = (Words::new(&s, &o, Lang::En), Words::new(&s, &o, Lang::Ja));
    let view = session.view(east);
    let (ve, vj) = (en.view(&view), ja.view(&view));
    assert!(ve.starts_with("operator:east-power — T+01:01\n"), "{ve}");
    assert!(
        ve.contains("east-power/supply  level 0.875 (required 0.900) BELOW required"),
        "{ve}"
    );
    assert!(vj.starts_with("東電力 — T+01:01\n"), "{vj}");
    assert!(vj.contains("水準 0.875"), "{vj}");
    check_words(&ve, &vj);
    let truth = session.truth();
    let (te, tj) = (en.truth(&truth), ja.truth(&truth));
    assert!(te.contains("#0 worm-1: began T+00:00"), "{te}");
    check_words(&te, &tj);
}

#[test]
fn an_ad_hoc_inject_is_reported_with_its_target_and_effect() {
    let s = scenario(WORDS);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(30));
    let target = Target::Service(ATM);
    let inject = Inject {
        key: "ad-hoc".into(),
        trigger: InjectTrigger::At(Time::ZERO),
        target,
        target_label: target.label(&s.infra),
        hits: target.hits(&s.infra),
        kind: InjectKind::ItFailure {
            cause: FailureCause::OperatorError,
            severity: 0.5,
            recovery: Dist::Fixed(Minutes(60)),
        },
    };
    let done = session.act(Role::Control, Action::Inject(Box::new(inject)));
    assert_eq!(done, Ok(Done::Injected { inject: 2 }));
    let o = session.finish();
    let v: serde_json::Value =
        serde_json::from_str(&rensa::present::Report::new(&s, &o, Lang::Ja).to_json()).unwrap();
    let a = &v["actions"][0];
    assert_eq!(a["action"]["kind"], "inject");
    assert_eq!(a["action"]["target"]["kind"], "service");
    assert_eq!(a["action"]["target"]["service"], "west-bank/atm");
    assert_eq!(a["result"]["effect"]["kind"], "injected");
    assert_eq!(a["result"]["effect"]["inject"], "ad-hoc-1");
    assert_eq!(v["incidents"][1]["inject"], "ad-hoc-1");
    assert_eq!(v["incidents"][1]["inject_index"], 2);
    let text = a["text"].as_str().unwrap();
    assert!(
        text.starts_with("演習統制（プレイヤー）: インジェクト «ad-hoc» を投入"),
        "{text}"
    );
}

#[test]
fn docs_output_lists_every_kind() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/OUTPUT.md"))
        .expect("docs/OUTPUT.md exists");
    let tags = every_happening()
        .iter()
        .map(|h| happening_kind(h).1)
        .chain(every_refusal().iter().map(|r| refusal_kind(r).1))
        .chain(every_done().iter().map(|d| done_kind(d).1))
        .collect::<Vec<_>>();
    for tag in tags {
        assert!(
            doc.contains(&format!("| `{tag}` |")),
            "docs/OUTPUT.md does not document `{tag}`"
        );
    }
}
