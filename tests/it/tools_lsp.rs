//! `rensa lsp`: a Language Server session driven over standard input and output against
//! the real binary (docs/TOOLS.md), and the tables behind it checked against the data
//! layer's types and docs/SCENARIOS.md.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// A client talking to `rensa lsp` over its standard input and output.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for responses.
    notifications: Vec<Value>,
}

/// Long enough for a slow, shared machine; only a guard against a hang, never a measure.
const PATIENCE: Duration = Duration::from_secs(120);

impl Client {
    fn start(cache: &std::path::Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rensa"))
            .arg("lsp")
            .args(args)
            .env("XDG_CACHE_HOME", cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("rensa lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            next_id: 1,
            notifications: Vec::new(),
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self
                .incoming
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("no answer to {method}"));
            if msg.get("id") == Some(&json!(id)) {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.notifications.push(msg);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.notifications.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            let n = self.notifications.remove(i);
            return n["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            let msg = self
                .incoming
                .recv_timeout(PATIENCE)
                .expect("diagnostics are published");
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                return msg["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            self.notifications.push(msg);
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "ron", "version": 1, "text": text}}),
        );
    }

    fn at(&mut self, method: &str, uri: &str, (line, character): (usize, usize)) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    fn shutdown(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null());
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.child.wait().expect("the server exits").code()
    }
}

/// The (line, UTF-16 column) of the first `needle` in `text`, plus `skip` characters.
fn position_of(text: &str, needle: &str, skip: usize) -> (usize, usize) {
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"))
        + skip;
    let before = &text[..off];
    let line = before.matches('\n').count();
    let col = before
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .encode_utf16()
        .count();
    (line, col)
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

const CHAIN: &str = include_str!("../fixtures/tools/chain.ron");

#[test]
fn a_session_over_stdio_diagnoses_completes_hovers_and_jumps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut client = Client::start(dir.path(), &[]);
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["hoverProvider"], json!(true));
    assert_eq!(init["capabilities"]["definitionProvider"], json!(true));
    client.notify("initialized", json!({}));

    // didOpen with an error: an unknown operator, as `rensa validate` reports it.
    let text = CHAIN.replace("Operator(\"bank\")", "Operator(\"bnak\")");
    let uri = file_uri(&dir.path().join("chain.ron"));
    client.open(&uri, &text);
    let diags = client.diagnostics_for(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("bnak") && m.contains("did you mean")),
        "{d}"
    );
    assert_eq!(d["severity"], json!(1));
    // At its span: the string `"bnak"`, quotes included.
    let (line, col) = position_of(&text, "\"bnak\"", 0);
    assert_eq!(
        d["range"],
        json!({"start": {"line": line, "character": col},
               "end": {"line": line, "character": col + 6}})
    );

    // Completion of an operator id inside `Operator("…")`.
    let items = client.at(
        "textDocument/completion",
        &uri,
        position_of(&text, "Operator(\"bnak", 10),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("a list of items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    for op in ["power", "tel", "bank", "water"] {
        assert!(labels.contains(&op), "{op} not offered: {labels:?}");
    }
    // Not services: the target is an operator.
    assert!(!labels.contains(&"tel/net"), "{labels:?}");

    // Completion of a field name and of a TLP label's enum elsewhere: an inject's fields.
    let items = client.at(
        "textDocument/completion",
        &uri,
        position_of(&text, "Inject(id: \"worm\", ", 19),
    );
    let labels: Vec<String> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect();
    assert!(
        labels.contains(&"after".to_string()) && labels.contains(&"when".to_string()),
        "{labels:?}"
    );
    assert!(!labels.contains(&"id".to_string()), "id is written already");

    // Hover over a field: its meaning and unit.
    let hover = client.at(
        "textDocument/hover",
        &uri,
        position_of(&text, "strength: 0.5", 2),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.contains("**Dependency.strength**"), "{value}");
    assert!(value.contains("a fraction in [0, 1]"), "{value}");

    // Hover over an id: what it names.
    let hover = client.at(
        "textDocument/hover",
        &uri,
        position_of(&text, "Service(\"power/supply\")", 10),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.contains("service power/supply"), "{value}");

    // Go to definition: from a service id to its `id:` in the document.
    let loc = client.at(
        "textDocument/definition",
        &uri,
        position_of(&text, "Service(\"power/supply\")", 10),
    );
    assert_eq!(loc["uri"], json!(uri));
    let (line, col) = position_of(&text, "Service(id: \"power/supply\"", 13);
    assert_eq!(
        loc["range"]["start"],
        json!({"line": line, "character": col})
    );

    // Fixing the file clears the diagnostic.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": CHAIN}]}),
    );
    assert!(client.diagnostics_for(&uri).is_empty());

    // The bundled graph: from an operator of assets/japan.ron to its definition there.
    let default = "Scenario(name: \"x\", duration: \"1d\",\n  injects: [Inject(at: \"1h\", target: Operator(\"kanto-power\"),\n    kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed(\"1h\")))])\n";
    let uri2 = file_uri(&dir.path().join("default.ron"));
    client.open(&uri2, default);
    assert!(client.diagnostics_for(&uri2).is_empty());
    let loc = client.at(
        "textDocument/definition",
        &uri2,
        position_of(default, "\"kanto-power\"", 3),
    );
    let target = loc["uri"].as_str().expect("a location");
    assert!(target.ends_with("/japan.ron"), "{target}");
    let path = target.strip_prefix("file://").expect("a file URI");
    let graph = std::fs::read_to_string(path).expect("the bundled graph is on disk");
    assert_eq!(graph, rensa::scenario::DEFAULT_INFRA);
    let line = loc["range"]["start"]["line"].as_u64().expect("a line") as usize;
    assert!(
        graph
            .lines()
            .nth(line)
            .is_some_and(|l| l.contains("id: \"kanto-power\"")),
        "line {line}"
    );

    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn diagnostics_and_hover_speak_japanese_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut client = Client::start(dir.path(), &["--lang", "ja"]);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    let text = CHAIN.replace("strength: 0.5", "strength: 1.5");
    let uri = file_uri(&dir.path().join("chain.ron"));
    client.open(&uri, &text);
    let diags = client.diagnostics_for(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let m = diags[0]["message"].as_str().expect("message");
    assert!(
        m.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
        "{m}"
    );
    let hover = client.at(
        "textDocument/hover",
        &uri,
        position_of(&text, "tolerance: \"2h\"", 2),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.contains("バッファ"), "{value}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_drill_log_completes_roles_and_labels_and_reports_its_scenario_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("chain.ron"), CHAIN).expect("write the scenario");
    let mut client = Client::start(dir.path(), &[]);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    let log = "Drill(scenario: \"chain.ron\", seed: 1, actions: [\n  Act(at: \"3h\", role: \"operator:tel\", do: Send(to: [MyCeptor], kind: Report, incident: \"worm\", label: )),\n])\n";
    let uri = file_uri(&dir.path().join("log.ron"));
    client.open(&uri, log);
    // `label:` has no value: the data layer refuses the log at that place.
    let diags = client.diagnostics_for(&uri);
    assert!(!diags.is_empty());
    let items = client.at(
        "textDocument/completion",
        &uri,
        position_of(log, "label: ", 7),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(labels, ["Red", "AmberStrict", "Amber", "Green", "Clear"]);
    let items = client.at(
        "textDocument/completion",
        &uri,
        position_of(log, "role: \"", 7),
    );
    let roles: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        roles.contains(&"operator:bank")
            && roles.contains(&"ceptor:finance")
            && roles.contains(&"nisc"),
        "{roles:?}"
    );
    // From an incident's inject id to the inject in the scenario file.
    let loc = client.at(
        "textDocument/definition",
        &uri,
        position_of(log, "\"worm\"", 2),
    );
    assert!(
        loc["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("/chain.ron")),
        "{loc}"
    );
    let (line, _) = position_of(CHAIN, "Inject(id: \"worm\"", 0);
    assert_eq!(loc["range"]["start"]["line"], json!(line));
    assert_eq!(client.shutdown(), Some(0));
}

/// The fields and variants the data layer's serde types accept, from their own error
/// messages: a struct's `expected one of` fields for an unknown field, an enum's variants
/// for an unknown variant.
fn serde_names<T: serde::de::DeserializeOwned + std::fmt::Debug>(ron_text: &str) -> Vec<String> {
    match ron::from_str::<T>(ron_text) {
        Ok(v) => panic!("{ron_text} parsed: {v:?}"),
        Err(e) => match e.code {
            ron::Error::NoSuchStructField { expected, .. } => {
                expected.iter().map(|s| s.to_string()).collect()
            }
            ron::Error::NoSuchEnumVariant { expected, .. } => {
                expected.iter().map(|s| s.to_string()).collect()
            }
            other => panic!("{ron_text}: {other:?}"),
        },
    }
}

fn lsp_names(owner: &str) -> Vec<String> {
    use rensa::lsp::schema::{self, Shape};
    if let Some(f) = schema::fields_of(owner) {
        return f.iter().map(|(n, _)| n.to_string()).collect();
    }
    match schema::type_def(owner).map(|t| t.shape) {
        Some(Shape::Enum(vs)) => vs.iter().map(|(n, _)| n.to_string()).collect(),
        _ => panic!("{owner} is not in the LSP schema"),
    }
}

#[test]
fn the_servers_schema_matches_the_data_layers_types() {
    use rensa::model::drill::policy::{PolicyFile, PolicySet, RoleSelector, Rule};
    use rensa::model::drill::{ActionClass, MessageKind, RoleKind, Tlp};
    use rensa::model::{self, Dist, Params, Stage, StageEffect};
    use rensa::scenario::schema::*;
    let checks: Vec<(&str, Vec<String>)> = vec![
        ("Scenario", serde_names::<ScenarioFile>("Scenario(zzz: 0)")),
        (
            "Infrastructure",
            serde_names::<InfrastructureFile>("(zzz: 0)"),
        ),
        ("Drill", serde_names::<DrillFile>("(zzz: 0)")),
        ("InfraSource", serde_names::<InfraSource>("Zzz")),
        ("Operator", serde_names::<OperatorFile>("(zzz: 0)")),
        ("Service", serde_names::<ServiceFile>("(zzz: 0)")),
        ("System", serde_names::<SystemFile>("(zzz: 0)")),
        ("Dependency", serde_names::<DependencyFile>("(zzz: 0)")),
        ("Changes", serde_names::<Changes>("(zzz: 0)")),
        ("Edge", serde_names::<EdgeRef>("(zzz: 0)")),
        (
            "DependencyChange",
            serde_names::<DependencyPatch>("(zzz: 0)"),
        ),
        ("ServiceChange", serde_names::<ServicePatch>("(zzz: 0)")),
        ("OperatorChange", serde_names::<OperatorPatch>("(zzz: 0)")),
        ("Params", serde_names::<Params>("(zzz: 0)")),
        ("Inject", serde_names::<InjectFile>("(zzz: 0)")),
        ("After", serde_names::<AfterFile>("(zzz: 0)")),
        ("When", serde_names::<WhenFile>("(zzz: 0)")),
        ("Condition", serde_names::<ConditionFile>("Zzz")),
        ("Target", serde_names::<TargetFile>("Zzz")),
        ("InjectKind", serde_names::<InjectKindFile>("Zzz")),
        ("StageEffect", serde_names::<StageEffect>("Zzz")),
        ("Dist", serde_names::<Dist>("Zzz")),
        ("Objective", serde_names::<ObjectiveFile>("(zzz: 0)")),
        ("Goal", serde_names::<GoalFile>("Zzz")),
        ("PolicySet", serde_names::<PolicySet>("Zzz")),
        ("Policy", serde_names::<PolicyFile>("(zzz: 0)")),
        ("RoleSelector", serde_names::<RoleSelector>("Zzz")),
        ("Act", serde_names::<ActFile>("(zzz: 0)")),
        ("Lesson", serde_names::<LessonFile>("(zzz: 0)")),
        ("Chat", serde_names::<ChatFile>("(zzz: 0)")),
        ("Observation", serde_names::<ObservationFile>("(zzz: 0)")),
        ("Entry", serde_names::<EntryFile>("Zzz")),
        ("Rating", serde_names::<RatingFile>("Zzz")),
        ("Action", serde_names::<ActionFile>("Zzz")),
        ("Addressee", serde_names::<AddresseeFile>("Zzz")),
        ("Recipient", serde_names::<model::drill::Recipient>("Zzz")),
        ("Sector", serde_names::<model::Sector>("Zzz")),
        ("SubSector", serde_names::<model::SubSector>("Zzz")),
        ("Serves", serde_names::<model::Serves>("Zzz")),
        ("SystemKind", serde_names::<model::SystemKind>("Zzz")),
        (
            "DependencyKind",
            serde_names::<model::DependencyKind>("Zzz"),
        ),
        ("AttackKind", serde_names::<model::AttackKind>("Zzz")),
        ("Hazard", serde_names::<model::Hazard>("Zzz")),
        ("FailureCause", serde_names::<model::FailureCause>("Zzz")),
        ("ReportTo", serde_names::<model::objective::ReportTo>("Zzz")),
        ("Tlp", serde_names::<Tlp>("Zzz")),
        ("MessageKind", serde_names::<MessageKind>("Zzz")),
        ("ActionClass", serde_names::<ActionClass>("Zzz")),
        ("RoleKind", serde_names::<RoleKind>("Zzz")),
        (
            "SupportTarget",
            serde_names::<model::drill::policy::SupportTarget>("Zzz"),
        ),
        ("Channel", serde_names::<model::drill::Channel>("Zzz")),
        (
            "Trigger",
            serde_names::<model::drill::policy::Trigger>("Zzz"),
        ),
        (
            "Response",
            serde_names::<model::drill::policy::Response>("Zzz"),
        ),
    ];
    let mut wrong = Vec::new();
    for (owner, serde) in checks {
        let mut theirs = serde.clone();
        let mut ours = lsp_names(owner);
        theirs.sort();
        ours.sort();
        if theirs != ours {
            wrong.push(format!("{owner}: data layer {theirs:?}, server {ours:?}"));
        }
    }
    // Structs without `deny_unknown_fields` cannot be asked this way; their fields are
    // checked by name against a value that parses.
    let _: Stage = ron::from_str(
        "(name: \"x\", chance: 1.0, duration: Fixed(0), detection: 0.0, effect: Foothold)",
    )
    .expect("a Stage with exactly the server's fields parses");
    assert_eq!(
        lsp_names("Stage"),
        ["name", "chance", "duration", "detection", "effect"]
    );
    let _: Rule = ron::from_str("(on: Detected, after: Fixed(0), act: Announce)")
        .expect("a Rule with exactly the server's fields parses");
    assert_eq!(lsp_names("Rule"), ["on", "after", "act"]);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_field_the_server_knows_has_hover_words_in_both_languages() {
    use rensa::lsp::schema;
    use rensa::present::fields;
    let mut missing = Vec::new();
    for (owner, fs) in schema::owners() {
        for (name, _) in fs {
            match fields::field(&owner, name) {
                Some(d) if !d.en.is_empty() && !d.ja.is_empty() => {}
                _ => missing.push(format!("{owner}.{name}")),
            }
        }
    }
    // And no words for a field that does not exist.
    for d in fields::FIELDS {
        let known =
            schema::fields_of(d.owner).is_some_and(|f| f.iter().any(|(n, _)| *n == d.field));
        if !known {
            missing.push(format!("words for unknown field {}.{}", d.owner, d.field));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_field_docs_scenarios_md_documents_has_hover_words() {
    use rensa::present::fields;
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/SCENARIOS.md"))
        .expect("docs/SCENARIOS.md");
    // The tables' field columns: a backticked name in the first or second cell.
    let mut documented = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        for cell in cells.iter().skip(1).take(2) {
            for part in cell.split(',') {
                let part = part.trim();
                if let Some(name) = part.strip_prefix('`').and_then(|p| p.strip_suffix('`'))
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    && !name.is_empty()
                {
                    documented.push(name.to_string());
                }
            }
        }
    }
    assert!(documented.len() > 40, "{documented:?}");
    let missing: Vec<&String> = documented
        .iter()
        .filter(|name| !fields::FIELDS.iter().any(|d| d.field == name.as_str()))
        .collect();
    assert!(missing.is_empty(), "no hover words for {missing:?}");
}

#[test]
fn an_infrastructure_file_is_checked_alone_and_a_scenario_jumps_into_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let infra = "Infrastructure(\n  operators: [\n    Operator(id: \"a\", name: \"A\", sector: Electricity, region: \"r\",\n      services: [Service(id: \"a/s\", name: \"S\", required: 0.9)]),\n    Operator(id: \"b\", name: \"B\", sector: Water, region: \"r\",\n      services: [Service(id: \"b/s\", name: \"S\", required: 0.9)]),\n  ],\n  dependencies: [Dependency(dependent: \"b/s\", provider: \"a/x\", kind: Physical, strength: 0.5, tolerance: \"1h\")],\n)\n";
    std::fs::write(dir.path().join("infra.ron"), infra).expect("write");
    let mut client = Client::start(dir.path(), &[]);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    // Alone: the unknown provider is reported in the infrastructure file, at its place.
    let infra_uri = file_uri(&dir.path().join("infra.ron"));
    client.open(&infra_uri, infra);
    let diags = client.diagnostics_for(&infra_uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let (line, col) = position_of(infra, "\"a/x\"", 0);
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": line, "character": col}),
        "{diags:#?}"
    );
    // A scenario on that file: its problem is shown on `infrastructure:` with its place,
    // and ids complete and resolve from the file.
    let scenario = "Scenario(name: \"x\", duration: \"1d\", infrastructure: File(\"infra.ron\"),\n  injects: [Inject(at: \"1h\", target: Operator(\"b\"),\n    kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed(\"1h\")))])\n";
    let uri = file_uri(&dir.path().join("s.ron"));
    client.open(&uri, scenario);
    let diags = client.diagnostics_for(&uri);
    let (line, col) = position_of(scenario, "File(", 0);
    let shown = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("infra.ron:8:"))
        })
        .unwrap_or_else(|| panic!("the infrastructure file's problem is shown: {diags:#?}"));
    assert_eq!(
        shown["range"]["start"],
        json!({"line": line, "character": col})
    );
    // Nothing else but the data layer's own note at the line naming the file.
    assert!(diags.len() <= 2, "{diags:#?}");
    for d in &diags {
        assert_eq!(d["range"]["start"]["line"], json!(line), "{d}");
    }
    let loc = client.at(
        "textDocument/definition",
        &uri,
        position_of(scenario, "Operator(\"b\")", 10),
    );
    assert!(
        loc["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("/infra.ron")),
        "{loc}"
    );
    let (line, _) = position_of(infra, "Operator(id: \"b\"", 0);
    assert_eq!(loc["range"]["start"]["line"], json!(line));
    assert_eq!(client.shutdown(), Some(0));
}
