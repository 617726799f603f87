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
