//! `infrastructure: Tables("dir")` through the real binary: the bundled graph written as
//! CSV tables runs to the same bytes as the bundled graph itself, and a damaged table is
//! refused at its file, line and column, with the scenario line that named the directory.

use crate::batch::{Dir, rensa};
use rensa::scenario::diagnostics::Source;
use rensa::scenario::load::parse_ron;
use rensa::scenario::schema::InfrastructureFile;
use rensa::scenario::tables::{self, Table};
use rensa::scenario::{DEFAULT_INFRA, DEFAULT_SCENARIO};

/// The bundled drill with its infrastructure read from `tables/`.
fn drill_on_tables() -> String {
    let s = DEFAULT_SCENARIO.replace(
        "infrastructure: Default,",
        "infrastructure: Tables(\"tables\"),",
    );
    assert_ne!(
        s, DEFAULT_SCENARIO,
        "the bundled drill names its infrastructure"
    );
    s
}

/// Writes the bundled graph as tables into `dir/tables`; returns the files written.
fn write_bundled(dir: &Dir) -> Vec<Table> {
    let src = Source::new("assets/japan.ron", DEFAULT_INFRA);
    let file: InfrastructureFile = parse_ron(&src).expect("the bundled graph parses");
    std::fs::create_dir_all(dir.path("tables")).unwrap();
    tables::write(&file)
        .into_iter()
        .map(|(t, text)| {
            std::fs::write(dir.path("tables").join(t.file_name()), text).unwrap();
            t
        })
        .collect()
}

#[test]
fn the_bundled_graph_as_tables_runs_to_the_same_bytes() {
    let dir = Dir::new();
    let written = write_bundled(&dir);
    assert!(
        written.contains(&Table::Systems),
        "the bundled graph has systems"
    );
    std::fs::write(dir.path("drill.ron"), drill_on_tables()).unwrap();
    std::fs::write(dir.path("default.ron"), DEFAULT_SCENARIO).unwrap();
    let on_tables = rensa(&["run", &dir.s("drill.ron"), "--format", "json"]);
    let bundled = rensa(&["run", &dir.s("default.ron"), "--format", "json"]);
    assert!(
        on_tables.status.success(),
        "{}",
        String::from_utf8_lossy(&on_tables.stderr)
    );
    assert!(bundled.status.success());
    assert!(!bundled.stdout.is_empty());
    assert!(
        on_tables.stdout == bundled.stdout,
        "the same graph from tables and from RON gave different results"
    );
}

#[test]
fn a_bad_cell_is_refused_at_its_file_line_and_column_and_the_scenario_line() {
    let dir = Dir::new();
    write_bundled(&dir);
    let deps = dir.path("tables").join("dependencies.csv");
    let text = std::fs::read_to_string(&deps).unwrap();
    // The third data row's strength (fourth column) becomes a word.
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[3].split(',').map(String::from).collect();
    let col = cells[..3]
        .iter()
        .map(|c| c.chars().count() + 1)
        .sum::<usize>()
        + 1;
    cells[3] = "strong".into();
    lines[3] = cells.join(",");
    std::fs::write(&deps, lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.path("drill.ron"), drill_on_tables()).unwrap();
    let out = rensa(&["validate", &dir.s("drill.ron")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let at = format!(
        "dependencies.csv:4:{col}: expected a number, found \"strong\" (column `strength`)"
    );
    assert!(err.contains(&at), "wanted {at} in:\n{err}");
    assert!(
        err.contains("drill.ron:25:")
            && err.contains("the infrastructure tables \"tables\" named here"),
        "{err}"
    );
}

#[test]
fn a_check_of_the_model_points_at_the_row_of_the_table() {
    let dir = Dir::new();
    write_bundled(&dir);
    // A dependency on a service no table defines: found by the same check as in RON.
    let deps = dir.path("tables").join("dependencies.csv");
    let mut text = std::fs::read_to_string(&deps).unwrap();
    let rows = text.lines().count();
    text += "hinode-comm/dns,kanto-powr/grid,Physical,0.5,1h,assumption: test\n";
    std::fs::write(&deps, text).unwrap();
    std::fs::write(dir.path("drill.ron"), drill_on_tables()).unwrap();
    let out = rensa(&["validate", &dir.s("drill.ron")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let at = format!("dependencies.csv:{}:17:", rows + 1);
    assert!(err.contains(&at), "wanted {at} in:\n{err}");
    assert!(err.contains("kanto-powr"), "{err}");
}

#[test]
fn a_missing_table_names_the_file_and_a_missing_systems_table_is_fine() {
    let dir = Dir::new();
    write_bundled(&dir);
    std::fs::remove_file(dir.path("tables").join("systems.csv")).unwrap();
    std::fs::write(dir.path("drill.ron"), drill_on_tables()).unwrap();
    let out = rensa(&["validate", &dir.s("drill.ron")]);
    assert!(
        out.status.success(),
        "without systems.csv: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(dir.path("tables").join("services.csv")).unwrap();
    let out = rensa(&["validate", &dir.s("drill.ron")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot read the infrastructure file \"tables/services.csv\""),
        "{err}"
    );
}

/// Tables held in memory, for the loader.
struct Memory(std::collections::BTreeMap<String, String>);

impl rensa::scenario::Resolver for Memory {
    fn read(&self, name: &str) -> Result<(String, String), (String, rensa::scenario::ReadError)> {
        match self.0.get(name) {
            Some(t) => Ok((name.to_string(), t.clone())),
            None => Err((
                name.to_string(),
                rensa::scenario::ReadError::Os {
                    kind: std::io::ErrorKind::NotFound,
                    code: Some(2),
                    detail: "not found".into(),
                },
            )),
        }
    }
}

const SMALL: [(&str, &str); 4] = [
    (
        "t/operators.csv",
        "id,name,sector,region,posture\npower,Power,Electricity,kanto,0.6\nbank,Bank,Finance,kanto,\n",
    ),
    (
        "t/services.csv",
        "operator,id,name,population,required\npower,power/supply,Supply,1000,0.9\nbank,bank/atm,ATMs,500,0.8\n",
    ),
    (
        "t/systems.csv",
        "service,id,kind,share\npower/supply,power/ems,Control,0.6\n",
    ),
    (
        "t/dependencies.csv",
        "dependent,provider,kind,strength,tolerance\nbank/atm,power/supply,Physical,0.5,1h\n",
    ),
];

const ON_TABLES: &str = r#"Scenario(name: "t", duration: "12h", seed: 1, policies: Passive,
    infrastructure: Tables("t"),
    injects: [Inject(at: "1h", target: Service("power/supply"),
        kind: ItFailure(cause: SystemFailure, severity: 1.0, recovery: Fixed("2h")))])"#;

#[test]
fn small_tables_load_and_run_as_the_same_graph_inline() {
    let files = Memory(
        SMALL
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
    );
    let s = rensa::scenario::load_str("t.ron", ON_TABLES, &files).unwrap_or_else(|e| panic!("{e}"));
    let inline = ON_TABLES.replace(
        r#"Tables("t")"#,
        r#"Inline(Infrastructure(operators: [
            Operator(id: "power", name: "Power", sector: Electricity, region: "kanto", posture: 0.6,
                services: [Service(id: "power/supply", name: "Supply", population: 1000, required: 0.9,
                    systems: [System(id: "power/ems", kind: Control, share: 0.6)])]),
            Operator(id: "bank", name: "Bank", sector: Finance, region: "kanto",
                services: [Service(id: "bank/atm", name: "ATMs", population: 500, required: 0.8)])],
            dependencies: [Dependency(dependent: "bank/atm", provider: "power/supply", kind: Physical,
                strength: 0.5, tolerance: "1h")]))"#,
    );
    let t = rensa::scenario::load_str("i.ron", &inline, &rensa::scenario::NoFiles)
        .unwrap_or_else(|e| panic!("{e}"));
    let run = |s: rensa::model::Scenario| {
        let s = std::sync::Arc::new(s);
        let mut e = rensa::engine::Engine::new(s.clone(), 1);
        e.run();
        let o = e.into_outcome();
        rensa::present::Report::new(&s, &o, rensa::present::Lang::En).to_text(true)
    };
    assert_eq!(run(s), run(t));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 200, failure_persistence: None, ..Default::default()
    })]

    /// Damaged tables never panic the loader: they load, or every problem names a table
    /// (or the scenario) at a line of its own.
    #[test]
    fn damaged_tables_never_panic_and_every_problem_has_a_place(
        file in 0usize..4,
        edits in proptest::collection::vec(
            (0usize..200, proptest::sample::select(b",\n\"x0.-;a/ \r1e9".to_vec())), 1..6),
    ) {
        let mut tables: std::collections::BTreeMap<String, String> =
            SMALL.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let name = SMALL[file].0.to_string();
        let mut bytes = tables[&name].clone().into_bytes();
        for (at, b) in edits {
            let at = at % (bytes.len() + 1);
            if at < bytes.len() && b == b';' {
                bytes.remove(at);
            } else {
                bytes.insert(at, b);
            }
        }
        tables.insert(name, String::from_utf8(bytes).unwrap());
        if let Err(rensa::scenario::LoadError::Invalid(d)) =
            rensa::scenario::load_str("t.ron", ON_TABLES, &Memory(tables))
        {
            for x in &d.0 {
                proptest::prop_assert!(x.pos.line >= 1 && x.pos.col >= 1, "{x}");
                proptest::prop_assert!(x.file.starts_with("t/") || x.file == "t.ron", "{x}");
            }
        }
    }
}

#[test]
fn problems_in_several_tables_come_table_by_table() {
    let dir = Dir::new();
    write_bundled(&dir);
    let edit = |file: &str, line: usize, from: &str, to: &str| {
        let p = dir.path("tables").join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        assert!(lines[line - 1].contains(from), "{}", lines[line - 1]);
        lines[line - 1] = lines[line - 1].replacen(from, to, 1);
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    };
    // A posture out of range far down the operators, a dependency on an unknown service
    // near the top of the dependencies: by line alone the second would come first.
    let ops = std::fs::read_to_string(dir.path("tables").join("operators.csv")).unwrap();
    let posture = ops
        .lines()
        .nth(40)
        .unwrap()
        .split(',')
        .nth(6)
        .unwrap()
        .to_string();
    edit("operators.csv", 41, &format!(",{posture},"), ",7,");
    let deps = std::fs::read_to_string(dir.path("tables").join("dependencies.csv")).unwrap();
    let provider = deps
        .lines()
        .nth(2)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .to_string();
    edit(
        "dependencies.csv",
        3,
        &format!(",{provider},"),
        ",no-such/service,",
    );
    std::fs::write(dir.path("drill.ron"), drill_on_tables()).unwrap();
    let out = rensa(&["validate", &dir.s("drill.ron")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let ops_at = err
        .find("operators.csv:41:")
        .unwrap_or_else(|| panic!("{err}"));
    let deps_at = err
        .find("dependencies.csv:3:")
        .unwrap_or_else(|| panic!("{err}"));
    assert!(ops_at < deps_at, "operators.csv first:\n{err}");
}

#[test]
fn rensa_graph_writes_the_tables_as_written_with_their_citations() {
    let dir = Dir::new();
    write_bundled(&dir);
    let out = dir.path("cli");
    let done = rensa(&[
        "graph",
        "--format",
        "tables",
        "-o",
        &out.display().to_string(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    for t in [
        Table::Operators,
        Table::Services,
        Table::Systems,
        Table::Dependencies,
    ] {
        let (a, b) = (
            std::fs::read_to_string(dir.path("tables").join(t.file_name())).unwrap(),
            std::fs::read_to_string(out.join(t.file_name())).unwrap(),
        );
        assert_eq!(a, b, "{}", t.file_name());
    }
    let deps = std::fs::read_to_string(out.join("dependencies.csv")).unwrap();
    assert!(deps.contains("[asahi-2018"), "citations are kept");
    // A scenario with `changes`: the tables are its graph as written, and it is said.
    let changed = DEFAULT_SCENARIO.replacen(
        "infrastructure: Default,",
        "infrastructure: Default,\n    changes: (operators: [OperatorChange(id: \"hinode-comm\", posture: 0.9)]),",
        1,
    );
    assert_ne!(changed, DEFAULT_SCENARIO);
    std::fs::write(dir.path("changed.ron"), changed).unwrap();
    let again = rensa(&[
        "graph",
        &dir.s("changed.ron"),
        "--format",
        "tables",
        "-o",
        &dir.s("c2"),
    ]);
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{err}");
    assert!(err.contains("`changes` are not in them"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path("c2").join("operators.csv")).unwrap(),
        std::fs::read_to_string(out.join("operators.csv")).unwrap()
    );
    // Without a folder: refused, nothing written.
    let refused = rensa(&["graph", "--format", "tables"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--out DIR"));
}
