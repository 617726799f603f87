//! The core as faces use it: the change feed, exercise control's census, the outcome
//! without copies, runs without a timeline.

use rensa::engine::feed::FeedCursor;
use rensa::engine::timeline::{Entry, Happening};
use rensa::engine::{Engine, EngineOptions};
use rensa::model::drill::Role;
use rensa::model::{Scenario, Time};
use rensa::scenario::drill_log;
use rensa::session::{LoggedAction, Session};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every bundled scenario: the default drill and each `scenarios/*.ron`.
fn bundled() -> Vec<(String, Arc<Scenario>)> {
    let mut out = vec![(
        "default".to_string(),
        Arc::new(rensa::scenario::load_default()),
    )];
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    for p in paths {
        let s = rensa::scenario::load_path(&p).unwrap_or_else(|e| panic!("{e}"));
        out.push((p.display().to_string(), Arc::new(s)));
    }
    assert!(out.len() >= 4, "the bundled scenarios are found");
    out
}

/// The recorded drill `scenarios/drills/ddos-response.ron`.
fn drill() -> (Arc<Scenario>, u64, Vec<Role>, Vec<LoggedAction>) {
    let path = repo().join("scenarios/drills/ddos-response.ron");
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).expect("the drill file exists");
    let log = drill_log::parse_log(&name, &text).unwrap_or_else(|e| panic!("{e}"));
    let base = path.parent().unwrap_or(Path::new("."));
    let scenario =
        rensa::scenario::load_path(&base.join(&log.scenario)).unwrap_or_else(|e| panic!("{e}"));
    let resolved =
        drill_log::resolve(&name, &text, &log.file, &scenario).unwrap_or_else(|e| panic!("{e}"));
    (
        Arc::new(scenario),
        log.seed,
        resolved.players,
        resolved.actions,
    )
}

#[test]
fn metrics_are_the_same_with_the_timeline_off() {
    for (name, s) in bundled() {
        for seed in 1..=5 {
            let with = Session::new(s.clone(), seed).finish();
            let off = EngineOptions { timeline: false };
            let without = Session::with_options(s.clone(), seed, &[], off).finish();
            assert!(!with.timeline.is_empty());
            assert!(without.timeline.is_empty(), "{name}: no timeline kept");
            assert_eq!(with.events, without.events, "{name} seed {seed}");
            assert_eq!(with.end, without.end);
            assert_eq!(
                format!("{:?}", with.metrics),
                format!("{:?}", without.metrics),
                "{name} seed {seed}: the measures do not depend on the timeline"
            );
            assert_eq!(with.messages, without.messages, "{name} seed {seed}");
        }
    }
}

#[test]
fn a_played_drill_has_the_same_metrics_with_the_timeline_off() {
    let (s, seed, players, actions) = drill();
    let run = |options: EngineOptions| {
        let mut session = Session::with_options(s.clone(), seed, &players, options);
        for a in &actions {
            session.advance_to(a.at);
            let _ = session.act(a.role, a.action.clone());
        }
        session.finish()
    };
    let with = run(EngineOptions::default());
    let without = run(EngineOptions { timeline: false });
    assert!(without.timeline.is_empty());
    assert_eq!(with.events, without.events);
    assert_eq!(
        format!("{:?}", with.metrics),
        format!("{:?}", without.metrics)
    );
    assert_eq!(with.actions.len(), without.actions.len());
}

#[test]
fn the_borrowed_outcome_equals_the_moved_one() {
    for (name, s) in bundled() {
        // Stopped early: the measures are closed at the stop time in both.
        let mut session = Session::new(s.clone(), 3);
        session.advance_to(Time(600));
        let borrowed = session.outcome().to_outcome();
        let moved = session.into_outcome();
        assert_eq!(borrowed.timeline, moved.timeline, "{name}");
        assert_eq!(borrowed.end, Time(600));
        assert_eq!(borrowed.end, moved.end);
        assert_eq!(borrowed.events, moved.events);
        assert_eq!(
            format!("{:?}", borrowed.metrics),
            format!("{:?}", moved.metrics)
        );
        assert_eq!(borrowed.injects, moved.injects);

        // Reading the outcome mid-run changes nothing of the final result.
        let mut peeked = Session::new(s.clone(), 3);
        for t in [60, 600, 1200, 2400] {
            peeked.advance_to(Time(t));
            let _ = peeked.outcome();
        }
        let peeked = peeked.finish();
        let straight = Session::new(s.clone(), 3).finish();
        assert_eq!(peeked.timeline, straight.timeline, "{name}");
        assert_eq!(
            format!("{:?}", peeked.metrics),
            format!("{:?}", straight.metrics),
            "{name}"
        );
    }
}

#[test]
fn each_cursor_sees_every_entry_once_in_order() {
    let (s, seed, players, actions) = drill();
    let mut session = Session::with_players(s.clone(), seed, &players);
    // A face reading after every step, one reading only at the actions, and one that
    // never reads until the end.
    let (mut often, mut seldom, mut never) =
        (FeedCursor::new(), FeedCursor::new(), FeedCursor::new());
    let (mut seen_often, mut seen_seldom): (Vec<Entry>, Vec<Entry>) = (Vec::new(), Vec::new());
    for a in &actions {
        while session.next_event_time().is_some_and(|t| t < a.at) {
            session.step();
            let changes = session.changes_since(&mut often);
            seen_often.extend_from_slice(changes.entries());
            // Read again at once: nothing new.
            assert!(session.changes_since(&mut often).is_empty());
        }
        session.advance_to(a.at);
        seen_seldom.extend_from_slice(session.changes_since(&mut seldom).entries());
        let _ = session.act(a.role, a.action.clone());
    }
    session.advance_to(session.end());
    seen_often.extend_from_slice(session.changes_since(&mut often).entries());
    seen_seldom.extend_from_slice(session.changes_since(&mut seldom).entries());
    let all = session.changes_since(&mut never).entries().to_vec();
    let timeline = session.outcome().timeline.to_vec();
    assert!(timeline.len() > 100);
    assert_eq!(seen_often, timeline);
    assert_eq!(seen_seldom, timeline);
    assert_eq!(all, timeline);
    assert_eq!(often, never);
    assert_eq!(often.position(), timeline.len());
}

#[test]
fn the_feed_gives_each_role_its_deliveries_and_the_level_changes() {
    let s = Arc::new(rensa::scenario::load_default());
    let mut session = Session::new(s.clone(), 1);
    let roles = Role::all(&s.infra);
    let mut cursor = FeedCursor::new();
    let mut delivered: Vec<Vec<(u32, Time)>> = vec![Vec::new(); roles.len()];
    let mut changes = Vec::new();
    while session.step().is_some() {
        let feed = session.changes_since(&mut cursor);
        for (k, role) in roles.iter().enumerate() {
            for d in feed.deliveries_to(*role) {
                assert!(d.message.to.iter().any(|(r, t)| r == role && *t == d.time));
                delivered[k].push((d.number, d.time));
            }
        }
        changes.extend(feed.level_changes());
    }
    let tail = session.changes_since(&mut cursor);
    for (k, role) in roles.iter().enumerate() {
        delivered[k].extend(tail.deliveries_to(*role).map(|d| (d.number, d.time)));
    }
    changes.extend(tail.level_changes());

    // Deliveries: exactly each role's inbox.
    let mut any = 0;
    for (k, role) in roles.iter().enumerate() {
        let inbox = session
            .knowledge(*role)
            .map(|k| k.inbox.clone())
            .unwrap_or_default();
        assert_eq!(delivered[k], inbox, "{}", role.id(&s.infra));
        any += inbox.len();
    }
    assert!(any > 10, "the playbook sends messages");

    // Level changes: exactly the timeline's, and they end at each service's final level.
    let outcome = session.outcome();
    let from_timeline: Vec<_> = outcome
        .timeline
        .iter()
        .filter(|e| matches!(e.what, Happening::LevelChanged { .. }))
        .collect();
    assert!(!changes.is_empty());
    assert_eq!(changes.len(), from_timeline.len());
    for (c, e) in changes.iter().zip(from_timeline) {
        let Happening::LevelChanged { service, to, .. } = &e.what else {
            unreachable!()
        };
        assert_eq!((c.time, c.service, c.to), (e.time, *service, *to));
    }
    for svc in &s.infra.services {
        if let Some(last) = changes.iter().rev().find(|c| c.service == svc.id) {
            assert_eq!(last.to, session.level(svc.id));
        }
    }
}

/// The entities the feed names (bevy change detection) are the ones whose state changed:
/// checked against snapshots taken from the views after every step, for operators, roles'
/// knowledge and incidents.
#[test]
fn the_feed_names_the_operators_roles_and_incidents_written_since_the_last_read() {
    use std::collections::BTreeMap;
    let (s, seed, players, actions) = drill();
    let mut session = Session::with_players(s.clone(), seed, &players);
    let roles = Role::all(&s.infra);
    let mut cursor = FeedCursor::new();
    // The first read names everything: every operator and every role taking part.
    let first = session.changes_since(&mut cursor);
    assert_eq!(first.operators().len(), s.infra.operators.len());
    let mut taking_part: Vec<Role> = roles
        .iter()
        .copied()
        .filter(|r| session.knowledge(*r).is_some())
        .collect();
    taking_part.sort();
    assert_eq!(first.informed(), taking_part);
    assert!(first.incidents().is_empty());
    // A second read at once names nothing.
    let again = session.changes_since(&mut cursor);
    assert!(again.operators().is_empty() && again.informed().is_empty());

    let operators = |session: &Session| -> BTreeMap<_, _> {
        session
            .truth()
            .operators
            .into_iter()
            .map(|v| (v.operator, format!("{v:?}")))
            .collect()
    };
    let knowledge = |session: &Session| -> Vec<String> {
        roles
            .iter()
            .map(|r| format!("{:?}", session.knowledge(*r)))
            .collect()
    };
    let incidents = |session: &Session| -> Vec<String> {
        session
            .truth()
            .incidents
            .iter()
            .map(|i| format!("{i:?}"))
            .collect()
    };
    let (mut ops, mut know, mut incs) = (
        operators(&session),
        knowledge(&session),
        incidents(&session),
    );
    let mut next = actions.iter().peekable();
    let (mut named_ops, mut named_roles, mut named_incs, mut reads) = (0, 0, 0, 0);
    loop {
        // Act when an action is due, else handle the next event.
        if let Some(a) = next.next_if(|a| session.next_event_time().is_none_or(|t| t >= a.at)) {
            session.advance_to(a.at);
            let _ = session.act(a.role, a.action.clone());
        } else if session.step().is_none() {
            break;
        }
        let feed = session.changes_since(&mut cursor);
        reads += 1;
        let (now_ops, now_know, now_incs) = (
            operators(&session),
            knowledge(&session),
            incidents(&session),
        );
        let named = feed.operators();
        for o in s.infra.operators.iter().map(|o| o.id) {
            if ops.get(&o) != now_ops.get(&o) {
                assert!(named.contains(&o), "operator {o:?} changed unnamed");
            }
        }
        let informed = feed.informed();
        for (k, r) in roles.iter().enumerate() {
            if know[k] != now_know[k] {
                assert!(informed.contains(r), "{r:?} learned unnamed");
            }
        }
        let changed_incs = feed.incidents();
        for (k, now) in now_incs.iter().enumerate() {
            if incs.get(k) != Some(now) {
                let id = rensa::model::IncidentId(k as u32);
                assert!(changed_incs.contains(&id), "incident {k} changed unnamed");
            }
        }
        named_ops += named.len();
        named_roles += informed.len();
        named_incs += changed_incs.len();
        (ops, know, incs) = (now_ops, now_know, now_incs);
    }
    // Something was named, but not everything at every read.
    assert!(named_ops > 0 && named_roles > 0 && named_incs > 0);
    assert!(
        named_ops < reads * s.infra.operators.len() / 4,
        "{named_ops} of {reads} reads"
    );
    assert!(
        named_roles < reads * taking_part.len() / 4,
        "{named_roles} of {reads} reads"
    );
}

/// Without a timeline the feed's entries are empty, but the entities written are named.
#[test]
fn without_a_timeline_the_feed_still_names_what_was_written() {
    let s = Arc::new(rensa::scenario::load_default());
    let mut session = Session::with_options(s.clone(), 1, &[], EngineOptions { timeline: false });
    let mut cursor = FeedCursor::new();
    let _ = session.changes_since(&mut cursor);
    let mut informed = 0;
    while session.step().is_some() {
        let feed = session.changes_since(&mut cursor);
        assert!(feed.is_empty());
        informed += feed.informed().len();
    }
    assert!(informed > 0, "the playbook's messages inform roles");
}

// Exercise control's census and its operators not at rest (src/engine/census.rs), by bevy
// queries: checked against the engine's own lists.

/// The census's counts equal the same counts taken from the engine's own lists.
#[test]
fn the_census_counts_what_the_engine_holds() {
    let s = Arc::new(rensa::scenario::load_default());
    let mut e = Engine::with_options(s.clone(), 7, &[], EngineOptions::default());
    let mut busy = 0;
    while e.step() {
        let c = e.census();
        let open = (0..e.incident_count())
            .filter(|i| {
                e.incident(rensa::model::IncidentId(*i as u32))
                    .resolved
                    .is_none()
            })
            .count();
        assert_eq!(c.incidents_open, open);
        let impairments: usize = s
            .infra
            .services
            .iter()
            .map(|x| e.state_of(x.id).impairments.len())
            .sum();
        assert_eq!(c.impairments, impairments);
        assert!(c.under_repair <= c.incident_impairments);
        assert!(c.incident_impairments <= c.impairments);
        let astir = e.operators_astir();
        assert!(astir.windows(2).all(|w| w[0].operator < w[1].operator));
        assert_eq!(
            c.operators_on_backup,
            astir.iter().filter(|v| !v.on_backup.is_empty()).count()
        );
        assert_eq!(
            c.operators_supported,
            astir.iter().filter(|v| v.supported).count()
        );
        busy += usize::from(c.impairments > 0);
    }
    assert!(busy > 10, "the default drill impairs services for a while");
}

/// An operator that isolates appears astir with its isolation, and the census counts it.
#[test]
fn an_isolating_operator_is_astir() {
    let s = Arc::new(rensa::scenario::load_default());
    let o = s.infra.operators[0].id;
    let mut e = Engine::with_options(s, 1, &[Role::Operator(o)], EngineOptions::default());
    assert!(e.operators_astir().iter().all(|v| v.operator != o));
    let taken = e.act(
        Role::Operator(o),
        rensa::model::drill::Action::Isolate {
            systems: rensa::model::SystemKind::Business,
        },
    );
    assert!(taken.is_ok(), "{taken:?}");
    let astir = e.operators_astir();
    let v = astir.iter().find(|v| v.operator == o).expect("astir");
    assert_eq!(v.isolated, vec![rensa::model::SystemKind::Business]);
    assert!(e.census().operators_isolated >= 1);
}
