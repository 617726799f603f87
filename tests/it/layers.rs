//! The folders form a one-way stack (docs/ARCHITECTURE.md): each top-level module of the
//! crate may name only the modules listed for it here. A `use crate::X` (or any path
//! `crate::X::…`) to a module above fails this test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Which crate modules each top-level module may name, besides itself.
fn allowed() -> BTreeMap<&'static str, &'static [&'static str]> {
    BTreeMap::from([
        // Plain data at the bottom: sectors, graph, time, drill data.
        ("model", &["suggest", "lang"][..]),
        ("suggest", &[][..]),
        // The one language type, usable from any layer.
        ("lang", &[][..]),
        // Statistics: plain computations over numbers, shared by batch and analysis.
        ("stats", &[][..]),
        // The data layer turns RON into model values; it knows no engine.
        ("scenario", &["model", "suggest", "lang"][..]),
        // Behaviour: the engine with the drill's rules; it knows no file format.
        ("engine", &["model", "suggest", "lang"][..]),
        // The session API drives the engine.
        ("session", &["engine", "model", "lang"][..]),
        // Presentation: words for what the session and engine report.
        // Scoring: plain data computed from a run's outcome.
        ("score", &["session", "engine", "model", "lang"][..]),
        // Counterfactual twins: sessions run side by side, compared by their scores.
        ("twin", &["score", "session", "engine", "model", "lang"][..]),
        // What only runs show a scenario's author: warnings located in the scenario file.
        (
            "probe",
            &["twin", "session", "engine", "scenario", "model", "lang"][..],
        ),
        // Interdependency analysis: many sessions per origin, scored; the IIM beside them.
        // It knows no words: present/analysis.rs renders it.
        (
            "analyze",
            &[
                "score", "session", "engine", "model", "suggest", "stats", "lang",
            ][..],
        ),
        // Presentation: words for what the session, the engine and the analysis report.
        (
            "present",
            &[
                "analyze", "batch", "score", "session", "engine", "model", "lang",
            ][..],
        ),
        // The after-action report: typed documents and the scenario in, HTML/Markdown out.
        // Monte Carlo batches: many sessions, their scores and statistics, result files.
        (
            "batch",
            &[
                "twin", "score", "session", "engine", "model", "suggest", "stats", "lang",
            ][..],
        ),
        (
            "report",
            &[
                "analyze", "batch", "present", "score", "session", "model", "lang",
            ][..],
        ),
        // Hindcasts: bundled scenarios and their published facts, loaded with the data
        // layer (the texts are embedded), run through the session, words from present.
        (
            "hindcast",
            &[
                "present", "score", "session", "scenario", "engine", "model", "suggest", "lang",
            ][..],
        ),
        // Faces. The language server reads files through the data layer and asks
        // present/ for its words; it runs no drill.
        (
            "lsp",
            &["present", "scenario", "model", "suggest", "lang"][..],
        ),
        // The terminal UI drives the drill through the session only.
        ("tui", &["present", "score", "session", "model", "lang"][..]),
        // The drill server: a second driver of the seat screens, over SSH; it reads seats
        // files and writes drill logs through the data layer's types.
        (
            "serve",
            &[
                "tui", "present", "score", "session", "scenario", "model", "lang",
            ][..],
        ),
        (
            "cli",
            &[
                "serve", "tui", "lsp", "report", "analyze", "batch", "hindcast", "probe", "twin",
                "present", "score", "session", "scenario", "engine", "model", "suggest", "lang",
                "stats",
            ][..],
        ),
    ])
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` items (tests may
/// use whatever they need).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut pending_cfg_test = false;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        if let Some(depth) = skip_depth.as_mut() {
            *depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
            if *depth <= 0 && code.contains('}') {
                skip_depth = None;
            }
            continue;
        }
        if code.trim() == "#[cfg(test)]" {
            pending_cfg_test = true;
            continue;
        }
        if pending_cfg_test {
            pending_cfg_test = false;
            let depth = code.matches('{').count() as i32 - code.matches('}').count() as i32;
            if depth > 0 {
                skip_depth = Some(depth);
            }
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The crate modules a piece of code names: `crate::X`, and `X::` inside `use crate::{…}`.
fn named_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            for part in inner[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found
}

/// The top-level module a source file belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let allowed = allowed();
    let mut violations = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(may) = allowed.get(module.as_str()) else {
            violations.push(format!(
                "{}: module `{module}` has no place in the layer table of tests/it/layers.rs",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("source is readable");
        for named in named_modules(&code_of(&text)) {
            if named != module && !may.contains(&named.as_str()) {
                violations.push(format!(
                    "{}: `{module}` names `crate::{named}`, which is not below it",
                    file.display()
                ));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_check_sees_imports_and_skips_tests_and_comments() {
    let code = code_of(
        "use crate::engine::Engine;\n// use crate::cli;\nfn f() { crate::session::x(); }\n\
         #[cfg(test)]\nmod tests {\n    use crate::cli::main;\n    fn g() {}\n}\n\
         use crate::{model::Time, scenario};\n",
    );
    assert_eq!(
        named_modules(&code),
        vec!["engine", "session", "model", "scenario"]
    );
}
