//! Property tests: the loader never panics on damaged input, and the engine never panics
//! and keeps its invariants on generated scenarios, with and without staged attacks,
//! policies and player actions.
//!
//! Invariants checked after every event: every service level is in [0, 1], and the clock
//! never goes backwards; at the end, the timeline is in time order.
//!
//! Case counts are kept small so the file runs in seconds in debug builds; failures are not
//! persisted (no regression files to commit), so a failure prints its minimal input.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestRunner;
use rensa::engine::timeline::{Cause, Happening};
use rensa::engine::{Engine, OutcomeRef};
use rensa::model::drill::policy::reference_playbook;
use rensa::model::drill::{Action, Addressee, MessageKind, Policy, Recipient, Role, Tlp};
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use rensa::model::{
    AttackKind, AttackSpec, DrillSetup, IncidentId, Infrastructure, InfrastructureBuilder, Inject,
    InjectKind, InjectTrigger, Minutes, OperatorId, OperatorSpec, RegionId, Scenario, Sector,
    ServiceId, SystemKind, Target, Time,
};
use rensa::scenario::{LoadError, NoFiles, load_str};
use rensa::session::Session;
use std::sync::Arc;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// (a) The loader
// ---------------------------------------------------------------------------------------

/// A bundled scenario on the embedded graph.
const BUNDLED: &str = include_str!("../../scenarios/telecom-ddos.ron");
/// A scenario with an inline infrastructure, changes, a staged attack, a condition and
/// policies: it reaches most of the checks of the loader.
const INLINE: &str = r#"// inline
Scenario(
    name: "fuzz base",
    duration: "1d",
    seed: 3,
    players: ["operator:tel"],
    absent: ["police"],
    policies: ReferenceAnd([
        Policy(roles: [Role("operator:bank")], rules: [
            Rule(on: BelowRequired, after: Fixed("30m"), act: SwitchToBackup),
        ]),
    ]),
    parameters: (recovery_slowdown: 0.5, support_teams: 1),
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "power", name: "Power", sector: Electricity, region: "east", posture: 0.6,
                services: [Service(id: "power/supply", name: "Supply", population: 1000, required: 0.9,
                    systems: [System(id: "power/ems", kind: Control, share: 0.7)])]),
            Operator(id: "tel", name: "Telecom", sector: InfoComm, sub_sector: Telecom, region: "east",
                services: [Service(id: "tel/net", name: "Network", population: 2000, required: 0.8,
                    systems: [System(id: "tel/billing", kind: Business, share: 0.2)])]),
            Operator(id: "bank", name: "Bank", sector: Finance, region: "west",
                services: [Service(id: "bank/atm", name: "ATMs", population: 500, required: 0.9,
                    systems: [System(id: "bank/web", kind: CustomerFacing, share: 0.5)])]),
        ],
        dependencies: [
            Dependency(dependent: "tel/net", provider: "power/supply", kind: Physical,
                strength: 0.5, tolerance: "2h"),
            Dependency(dependent: "bank/atm", provider: "tel/net", kind: Cyber,
                strength: 0.4, tolerance: 0),
        ],
    )),
    changes: (
        services: [ServiceChange(id: "bank/atm", required: 0.85)],
        dependencies: [DependencyChange(dependent: "tel/net", provider: "power/supply", tolerance: "3h")],
    ),
    injects: [
        Inject(id: "worm", at: "1h", target: Operator("bank"),
            kind: Attack(attack: Worm, severity: 0.6, recovery: LogNormal(median: "6h", sigma: 0.5))),
        Inject(id: "blackout", at: "2h", target: System("power/ems"),
            kind: ItFailure(cause: SystemFailure, severity: 0.8, recovery: Uniform(min: "1h", max: "5h"))),
        Inject(id: "later", after: (inject: "blackout", delay: "1h"), target: RegionSector("west", Finance),
            kind: CyberAttack(attack: Ddos, severity: 0.3, recovery: Exponential(mean: "2h"))),
        Inject(id: "if-detected", when: (condition: Detected("worm"), delay: "30m", by: "20h"),
            target: Sector(InfoComm),
            kind: Disaster(hazard: Flood, severity: 0.2, recovery: Triangular(min: "1h", mode: "2h", max: "4h"))),
    ],
)
"#;

/// One edit of a text's bytes.
#[derive(Debug, Clone)]
enum Edit {
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
    Replace(Index, u8),
    /// Copies a span of the text elsewhere (duplicated fields, unbalanced brackets).
    Duplicate(Index, usize, Index),
}

/// Bytes that matter to RON, more often than arbitrary ones.
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => proptest::sample::select(b"()[]{},:\"'#/*-+.0123456789 \nrSeh_".to_vec()),
        1 => any::<u8>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 1..40usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), proptest::collection::vec(byte(), 1..6))
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<Index>(), byte()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<Index>(), 1..80usize, any::<Index>()).prop_map(|(i, n, j)| Edit::Duplicate(i, n, j)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut b = text.as_bytes().to_vec();
    for e in edits {
        if b.is_empty() {
            b.push(b'(');
        }
        match e {
            Edit::Delete(i, n) => {
                let at = i.index(b.len());
                let end = (at + n).min(b.len());
                b.drain(at..end);
            }
            Edit::Insert(i, bytes) => {
                let at = i.index(b.len() + 1);
                b.splice(at..at, bytes.iter().copied());
            }
            Edit::Replace(i, x) => {
                let at = i.index(b.len());
                b[at] = *x;
            }
            Edit::Duplicate(i, n, j) => {
                let at = i.index(b.len());
                let span = b[at..(at + n).min(b.len())].to_vec();
                let to = j.index(b.len() + 1);
                b.splice(to..to, span);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Loads `text`; an error must render, and name the file where it has diagnostics.
fn load_never_panics(text: &str) -> Result<(), TestCaseError> {
    match load_str("fuzz.ron", text, &NoFiles) {
        Ok(s) => {
            prop_assert!(s.duration.0 > 0);
            prop_assert!(!s.infra.services.is_empty() || s.injects.is_empty());
            // Whatever loads must also run: no panic, levels in [0, 1], time forward. A
            // mutated duration may be centuries long, so stop after enough events.
            let mut engine = rensa::engine::Engine::new(std::sync::Arc::new(s), 7);
            let mut last = engine.now();
            for _ in 0..20_000 {
                if !engine.step() {
                    break;
                }
                prop_assert!(engine.now() >= last);
                last = engine.now();
            }
            for svc in &engine.infra().services {
                let level = engine.level(svc.id);
                prop_assert!((0.0..=1.0).contains(&level), "{} = {level}", svc.key);
            }
        }
        Err(e) => {
            let shown = e.to_string();
            prop_assert!(!shown.is_empty());
            if let LoadError::Invalid(d) = &e {
                prop_assert!(!d.is_empty(), "an invalid file has at least one problem");
                for x in &d.0 {
                    prop_assert!(x.pos.line >= 1 && x.pos.col >= 1, "{}", x);
                    prop_assert!(
                        x.to_string()
                            .starts_with(&format!("fuzz.ron:{}:{}: ", x.pos.line, x.pos.col)),
                        "{}",
                        x
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn the_loader_never_panics_on_an_edited_bundled_scenario(
        edits in proptest::collection::vec(edit(), 1..6)
    ) {
        load_never_panics(&apply(BUNDLED, &edits))?;
    }

    #[test]
    fn the_loader_never_panics_on_an_edited_inline_scenario(
        edits in proptest::collection::vec(edit(), 1..6)
    ) {
        load_never_panics(&apply(INLINE, &edits))?;
    }

    #[test]
    fn the_loader_never_panics_on_random_text(
        text in prop_oneof![
            any::<String>(),
            "[()\\[\\]{}:,\"a-zA-Z0-9 ._#/*-]{0,300}",
            "Scenario\\([a-z_:\" ,()\\[\\]0-9.-]{0,200}\\)",
        ]
    ) {
        load_never_panics(&text)?;
    }
}

/// A path of up to four steps, made of the field names and indices RON files use.
fn span_path() -> impl Strategy<Value = rensa::scenario::spans::Path> {
    let seg = prop_oneof![
        proptest::sample::select(vec!["players", "actions", "at", "role", "x", "Some"])
            .prop_map(Some),
        Just(None),
    ];
    proptest::collection::vec((seg, 0usize..4), 0..4).prop_map(|segs| {
        let mut p = rensa::scenario::spans::Path::root();
        for (name, i) in segs {
            p = match name {
                Some(n) => p.field(n),
                None => p.index(i),
            };
        }
        p
    })
}

/// Bytes biased towards RON's punctuation, so the indexer meets its hard cases often.
fn ron_ish_bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(b"()[]{},:\"'#/*rbS x\n".to_vec()),
            1 => any::<u8>(),
        ],
        0..200,
    )
}

proptest! {
    #![proptest_config(config(256))]

    /// The span indexer ends on any text (every loop turn consumes a character) and never
    /// panics; input length is bounded so a runaway shows as a failure, not a slow test.
    #[test]
    fn the_span_indexer_terminates_on_any_input(
        bytes in prop_oneof![ron_ish_bytes(), proptest::collection::vec(any::<u8>(), 0..200)],
        text in "\\PC{0,120}",
        path in span_path(),
    ) {
        use rensa::scenario::spans::SpanIndex;
        for t in [String::from_utf8_lossy(&bytes).into_owned(), text] {
            let pos = SpanIndex::new(&t).locate(&path);
            prop_assert!(pos.line >= 1 && pos.col >= 1);
        }
    }
}

#[test]
fn the_fuzz_bases_are_valid() {
    // Mutations start from valid files, so the properties explore near-misses.
    load_str("bundled.ron", BUNDLED, &NoFiles).expect("bundled scenario is valid");
    let s = load_str("inline.ron", INLINE, &NoFiles).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.injects.len(), 4);
}

#[test]
fn the_loader_survives_deep_nesting() {
    for n in [10, 200, 5_000] {
        let text = format!("Scenario(name: {}", "(".repeat(n));
        let _ = load_str("deep.ron", &text, &NoFiles).map(|_| ());
        let text = format!(
            "Scenario(name: \"x\", duration: \"1h\", injects: {})",
            "[".repeat(n)
        );
        let _ = load_str("deep.ron", &text, &NoFiles).map(|_| ());
    }
}

// ---------------------------------------------------------------------------------------
// (b) The engine on generated scenarios
// ---------------------------------------------------------------------------------------

fn spec() -> impl Strategy<Value = SyntheticSpec> {
    (
        1..40usize,
        1..3usize,
        0..200usize,
        1..6usize,
        0..20usize,
        60..(72 * 60u64),
        any::<u64>(),
    )
        .prop_map(
            |(operators, services_per_operator, edges, regions, injects, minutes, seed)| {
                SyntheticSpec {
                    operators,
                    services_per_operator,
                    edges,
                    regions,
                    injects,
                    duration: Minutes(minutes),
                    seed,
                }
            },
        )
}

/// Every service level is in [0, 1].
fn check_levels(engine: &Engine) -> Result<(), TestCaseError> {
    for s in &engine.infra().services {
        let level = engine.level(s.id);
        prop_assert!(
            (0.0..=1.0).contains(&level),
            "{} at {}: level {level}",
            s.key,
            engine.now()
        );
    }
    Ok(())
}

/// [`check_levels`] through the session API, as a face sees it.
fn check_session_levels(session: &Session) -> Result<(), TestCaseError> {
    for s in &session.scenario().infra.services {
        let level = session.level(s.id);
        prop_assert!(
            (0.0..=1.0).contains(&level),
            "{} at {}: level {level}",
            s.key,
            session.now()
        );
    }
    Ok(())
}

/// Runs to the end step by step, checking levels and the clock after every event, then the
/// order of the timeline. Returns the number of steps.
fn run_checked(engine: &mut Engine) -> Result<u64, TestCaseError> {
    let end = Time(engine.scenario().duration.0);
    let mut last = engine.now();
    let mut steps = 0u64;
    check_levels(engine)?;
    while engine.step() {
        steps += 1;
        prop_assert!(
            engine.now() >= last,
            "time went back from {last} to {}",
            engine.now()
        );
        prop_assert!(
            engine.now() <= end,
            "{} is past the end {end}",
            engine.now()
        );
        last = engine.now();
        check_levels(engine)?;
        prop_assert!(steps < 1_000_000, "the run does not end");
    }
    prop_assert!(engine.is_finished());
    check_timeline(&engine.outcome())?;
    Ok(steps)
}

fn check_timeline(o: &rensa::engine::OutcomeRef<'_>) -> Result<(), TestCaseError> {
    for w in o.timeline.windows(2) {
        prop_assert!(
            w[0].time <= w[1].time,
            "timeline out of order: {:?} then {:?}",
            w[0],
            w[1]
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn the_engine_keeps_its_invariants_on_generated_scenarios(spec in spec(), seed in any::<u64>()) {
        let s = Arc::new(synthetic_scenario(&spec));
        let mut engine = Engine::new(s.clone(), seed);
        run_checked(&mut engine)?;
        prop_assert_eq!(engine.now(), Time(spec.duration.0));
    }
}

// ---------------------------------------------------------------------------------------
// (c) Staged attacks, the reference playbook and player actions
// ---------------------------------------------------------------------------------------

const ATTACKS: [AttackKind; 6] = AttackKind::ALL;
const SYSTEM_KINDS: [SystemKind; 3] = [
    SystemKind::Business,
    SystemKind::Control,
    SystemKind::CustomerFacing,
];

/// A staged attack as drawn: kind, target choice, time, and whether it hits whole
/// services (`systems: None`) instead of the template's systems.
#[derive(Debug, Clone)]
struct AttackDraw {
    kind: Index,
    target: (u8, Index),
    at: Index,
    whole_services: bool,
}

fn attack_draw() -> impl Strategy<Value = AttackDraw> {
    (
        any::<Index>(),
        (0..5u8, any::<Index>()),
        any::<Index>(),
        any::<bool>(),
    )
        .prop_map(|(kind, target, at, whole_services)| AttackDraw {
            kind,
            target,
            at,
            whole_services,
        })
}

/// The generated infrastructure again, with up to three IT systems of random kinds behind
/// each service (the generator makes none, and attacks travel through systems).
fn with_systems(infra: &Infrastructure, kinds: &[Index]) -> Infrastructure {
    let mut b = InfrastructureBuilder::default();
    let mut k = kinds.iter().cycle();
    for op in &infra.operators {
        let id = b
            .operator(OperatorSpec {
                key: &op.key,
                name: &op.name,
                name_ja: &op.name_ja,
                sector: op.sector,
                sub_sector: op.sub_sector,
                region: &infra.regions[op.region.index()],
                posture: op.posture,
            })
            .unwrap();
        for s in &op.services {
            let svc = infra.service(*s);
            let sid = b
                .service(id, &svc.key, &svc.name, svc.population, svc.required)
                .unwrap();
            assert_eq!(sid, *s, "service ids survive the rebuild");
            let n = k.next().map_or(0, |i| i.index(4));
            for j in 0..n {
                let kind = SYSTEM_KINDS[k.next().map_or(0, |i| i.index(3))];
                let share = [0.1, 0.5, 0.9][j % 3];
                b.system(sid, &format!("{}/sys{j}", svc.key), kind, share)
                    .unwrap();
            }
        }
    }
    for d in &infra.dependencies {
        b.dependency(d.provider, d.dependent, d.kind, d.strength, d.tolerance);
    }
    b.build()
}

fn target_of(infra: &Infrastructure, (choice, i): (u8, Index)) -> Target {
    match choice {
        0 => Target::Operator(OperatorId(i.index(infra.operators.len()) as u32)),
        1 => Target::Service(ServiceId(i.index(infra.services.len()) as u32)),
        2 => Target::Region(RegionId(i.index(infra.regions.len()) as u32)),
        3 => Target::Sector(Sector::ALL[i.index(Sector::ALL.len())]),
        _ => Target::RegionSector(
            RegionId(i.index(infra.regions.len()) as u32),
            Sector::ALL[i.index(Sector::ALL.len())],
        ),
    }
}

/// The reference playbook resolved against `infra`, as the loader does for
/// `policies: Reference`.
fn reference_policies(infra: &Infrastructure) -> Vec<Policy> {
    reference_playbook()
        .into_iter()
        .map(|p| Policy {
            roles: p
                .roles
                .iter()
                .flat_map(|sel| sel.resolve(infra).expect("the playbook selects by kind"))
                .collect(),
            rules: p.rules,
        })
        .collect()
}

/// A generated scenario with IT systems, staged attacks and the reference playbook; some
/// operators are absent or played by people.
fn attacked_scenario(
    spec: &SyntheticSpec,
    system_kinds: &[Index],
    attacks: &[AttackDraw],
    absent: &[Index],
    players: &[Index],
) -> Scenario {
    let base = synthetic_scenario(spec);
    let infra = with_systems(&base.infra, system_kinds);
    let mut injects: Vec<Inject> = base
        .injects
        .iter()
        .map(|i| Inject {
            hits: i.target.hits(&infra),
            ..i.clone()
        })
        .collect();
    for (n, a) in attacks.iter().enumerate() {
        let mut attack = AttackSpec::template(ATTACKS[a.kind.index(ATTACKS.len())]);
        if a.whole_services {
            attack.systems = None;
        }
        let target = target_of(&infra, a.target);
        injects.push(Inject {
            key: format!("attack-{n}"),
            trigger: InjectTrigger::At(Time(a.at.index(spec.duration.0 as usize) as u64)),
            hits: target.hits(&infra),
            target_label: target.label(&infra),
            target,
            kind: InjectKind::Attack(attack),
        });
    }
    let pick = |list: &[Index]| -> Vec<Role> {
        let mut roles: Vec<Role> = list
            .iter()
            .map(|i| Role::Operator(OperatorId(i.index(infra.operators.len()) as u32)))
            .collect();
        roles.sort();
        roles.dedup();
        roles
    };
    let absent = pick(absent);
    let players: Vec<Role> = pick(players)
        .into_iter()
        .filter(|r| !absent.contains(r))
        .collect();
    let policies = reference_policies(&infra);
    Scenario {
        name_ja: String::new(),
        infra: Arc::new(infra),
        injects,
        drill: DrillSetup {
            players,
            absent,
            policies,
            objectives: Vec::new(),
        },
        ..base
    }
}

/// What a staged-attack run showed, to check that the property explores attacks at all.
#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    reached: bool,
    impact: bool,
    messages: bool,
}

fn seen(o: &OutcomeRef<'_>, first_attack: usize) -> Seen {
    let attack_incidents: Vec<IncidentId> = o
        .timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::InjectFired {
                inject, incident, ..
            } if inject >= first_attack => Some(incident),
            _ => None,
        })
        .collect();
    let mut out = Seen::default();
    for e in o.timeline {
        match &e.what {
            Happening::AttackReached { .. } => out.reached = true,
            Happening::MessageSent { .. } => out.messages = true,
            Happening::LevelChanged { to, causes, .. }
                if *to < 1.0
                    && causes.iter().any(
                        |c| matches!(c, Cause::Incident(i) if attack_incidents.contains(i)),
                    ) =>
            {
                out.impact = true;
            }
            _ => {}
        }
    }
    out
}

#[test]
fn staged_attacks_with_the_reference_playbook_keep_the_invariants() {
    const CASES: u32 = 64;
    let counts = std::cell::Cell::new((0u32, 0u32, 0u32));
    let strategy = (
        spec(),
        proptest::collection::vec(any::<Index>(), 1..30),
        proptest::collection::vec(attack_draw(), 1..6),
        proptest::collection::vec(any::<Index>(), 0..3),
        proptest::collection::vec(any::<Index>(), 0..3),
        any::<u64>(),
    );
    let mut runner = TestRunner::new(config(CASES));
    let result = runner.run(
        &strategy,
        |(spec, system_kinds, attacks, absent, players, seed)| {
            let s = Arc::new(attacked_scenario(
                &spec,
                &system_kinds,
                &attacks,
                &absent,
                &players,
            ));
            let mut engine = Engine::new(s.clone(), seed);
            run_checked(&mut engine)?;
            let o = engine.outcome();
            let x = seen(&o, spec.injects);
            let (r, i, m) = counts.get();
            counts.set((
                r + x.reached as u32,
                i + x.impact as u32,
                m + x.messages as u32,
            ));
            // Same scenario and seed, same run.
            let mut again = Engine::new(s, seed);
            again.run();
            prop_assert_eq!(again.events_handled(), engine.events_handled());
            prop_assert_eq!(again.timeline(), engine.timeline());
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    // The property is only worth something if attacks reach operators, hit services and
    // set the playbook off in a good share of the cases.
    let (reached, impact, messages) = counts.get();
    assert!(
        reached >= CASES / 2,
        "attacks reached operators in {reached} cases"
    );
    assert!(
        impact >= CASES / 8,
        "attacks hit services in {impact} cases"
    );
    assert!(
        messages >= CASES / 2,
        "messages were sent in {messages} cases"
    );
}

/// A player action as drawn: when (as a share of the run), who, what.
#[derive(Debug, Clone)]
struct ActDraw {
    at: Index,
    role: Index,
    what: u8,
    arg: Index,
}

fn act_draw() -> impl Strategy<Value = ActDraw> {
    (any::<Index>(), any::<Index>(), 0..10u8, any::<Index>()).prop_map(|(at, role, what, arg)| {
        ActDraw {
            at,
            role,
            what,
            arg,
        }
    })
}

/// Any action by any role, permitted or not: the engine must refuse what it may not do.
fn action_of(s: &Scenario, d: &ActDraw, incidents: usize) -> Action {
    let infra = &s.infra;
    let service = ServiceId(d.arg.index(infra.services.len()) as u32);
    let operator = OperatorId(d.arg.index(infra.operators.len()) as u32);
    let systems = SYSTEM_KINDS[d.arg.index(3)];
    match d.what {
        0 => Action::Isolate { systems },
        1 => Action::Reconnect { systems },
        2 => Action::SwitchToBackup { service },
        3 => Action::EndBackup { service },
        4 => Action::RestoreFromBackup,
        5 => Action::DispatchSupport { operator },
        6 => Action::PublishSignature {
            attack: ATTACKS[d.arg.index(ATTACKS.len())],
        },
        7 => Action::Forward {
            message: d.arg.index(50) as u32,
            to: vec![Addressee::Relative(Recipient::Nisc)],
        },
        _ => Action::Send {
            to: vec![
                Addressee::Relative(Recipient::MyCeptor),
                Addressee::Relative(Recipient::Council),
            ],
            kind: [MessageKind::Report, MessageKind::Alert][d.arg.index(2)],
            about: (incidents > 0).then(|| {
                rensa::model::drill::IncidentRef::Id(rensa::model::IncidentId(
                    d.arg.index(incidents) as u32,
                ))
            }),
            attack: None,
            // Some messages name an operator or a sector (whatever the sender knows).
            concerns: [
                None,
                Some(rensa::model::drill::Concerns::Operator(operator)),
                Some(rensa::model::drill::Concerns::Sector(
                    infra.operator(operator).sector,
                )),
            ][d.arg.index(3)],
            label: Tlp::Amber,
            text: "fuzz".into(),
            sanitised: false,
        },
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn player_actions_during_an_attack_keep_the_invariants(
        spec in spec(),
        system_kinds in proptest::collection::vec(any::<Index>(), 1..30),
        attacks in proptest::collection::vec(attack_draw(), 1..4),
        mut acts in proptest::collection::vec(act_draw(), 0..25),
        seed in any::<u64>(),
    ) {
        let s = Arc::new(attacked_scenario(&spec, &system_kinds, &attacks, &[], &[]));
        let roles = Role::all(&s.infra);
        let end = spec.duration.0 as usize;
        acts.sort_by_key(|a| a.at.index(end));
        let mut session = Session::new(s.clone(), seed);
        let mut last = session.now();
        for a in &acts {
            let at = Time(a.at.index(end) as u64);
            // Step event by event up to the action, checking after each.
            while session.now() < at {
                let before = session.now();
                if session.step().is_none() {
                    break;
                }
                prop_assert!(session.now() >= before);
                check_session_levels(&session)?;
            }
            session.advance_to(at);
            prop_assert!(session.now() >= last, "time went back");
            last = session.now();
            let role = roles[a.role.index(roles.len())];
            let action = action_of(&s, a, session.incident_count());
            let _ = session.act(role, action);
            check_session_levels(&session)?;
        }
        while session.step().is_some() {
            prop_assert!(session.now() >= last, "time went back");
            last = session.now();
            check_session_levels(&session)?;
        }
        prop_assert!(session.is_finished());
        let logged = session.log().to_vec();
        let players = session.players().to_vec();
        let outcome = session.finish();
        check_timeline(&outcome.borrowed())?;
        // Replaying the log gives the same run.
        let replayed = Session::replay(s, seed, &players, &logged);
        // The replay refuses exactly the players' actions the live run refused.
        let refused: Vec<_> = outcome
            .actions
            .iter()
            .filter(|a| a.origin == rensa::model::drill::Origin::Player)
            .filter_map(|a| a.result.clone().err())
            .collect();
        let replay_refused: Vec<_> = replayed.refusals.iter().map(|r| r.reason.clone()).collect();
        prop_assert_eq!(replay_refused, refused);
        prop_assert_eq!(replayed.outcome.timeline, outcome.timeline);
        prop_assert_eq!(replayed.outcome.events, outcome.events);
    }
}
