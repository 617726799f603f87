//! One open document: its text, its tree, the ids it defines, and what the data layer says
//! of it (the diagnostics, and the scenario it loads into).

use super::text::Lines;
use super::tree::{self, Node};
use super::typed::{self, Def};
use crate::model::Scenario;
use crate::scenario::diagnostics::Diagnostic;
use crate::scenario::{self, FsResolver, LoadError, Resolver, drill_log};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file is refused.
    Error,
    /// The file is accepted, with a warning.
    Warning,
}

/// A finding of the data layer, as the server publishes it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The data layer's diagnostic (its position may be in another file).
    pub diagnostic: Diagnostic,
    /// Error or warning.
    pub severity: Severity,
    /// True when the diagnostic is about this document; else it is shown at `anchor`.
    pub here: bool,
    /// Where to show a finding about another file (byte offset in this document).
    pub anchor: usize,
}

/// An open document.
pub struct Doc {
    /// The file it is (for relative paths and messages).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Line starts.
    pub lines: Lines,
    /// The tree.
    pub root: Option<Node>,
    /// `Scenario`, `Infrastructure` or `Drill`.
    pub root_ty: &'static str,
    /// Ids it defines.
    pub defs: Vec<Def>,
    /// What the data layer found.
    pub findings: Vec<Finding>,
    /// The scenario it loads into (for a drill log, the scenario it names); the last that
    /// loaded if the text does not load now.
    pub scenario: Option<Arc<Scenario>>,
    /// For a drill log: the scenario file it names (`None` for the bundled default).
    pub scenario_file: Option<PathBuf>,
}

/// Reads an infrastructure file given as a document: the document's text for its own
/// name, files on disk for anything else.
struct ThisFile<'a> {
    name: &'a str,
    text: &'a str,
    disk: FsResolver,
}

impl Resolver for ThisFile<'_> {
    fn read(&self, name: &str) -> Result<(String, String), (String, scenario::ReadError)> {
        if name == self.name {
            Ok((self.name.to_string(), self.text.to_string()))
        } else {
            self.disk.read(name)
        }
    }
}

/// The data layer's severity of a diagnostic.
fn severity(d: &Diagnostic) -> Severity {
    match d.severity {
        scenario::diagnostics::Severity::Error => Severity::Error,
        scenario::diagnostics::Severity::Warning => Severity::Warning,
    }
}

/// The name a file is reported under: its path.
fn display(path: &Path) -> String {
    path.display().to_string()
}

impl Doc {
    /// Reads and checks a document.
    pub fn new(path: PathBuf, text: String, previous: Option<Arc<Scenario>>) -> Doc {
        let root = tree::parse(&text);
        let root_ty = typed::root_type(root.as_ref());
        let defs = typed::definitions(root.as_ref(), root_ty);
        let mut doc = Doc {
            lines: Lines::new(&text),
            path,
            text,
            root,
            root_ty,
            defs,
            findings: Vec::new(),
            scenario: previous,
            scenario_file: None,
        };
        doc.check();
        doc
    }

    fn base(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The start of the value of the root's field `name`, or of the document.
    pub fn field_value_start(&self, name: &str) -> usize {
        match &self.root {
            Some(Node {
                kind: tree::Kind::Group { fields, .. },
                start,
                ..
            }) => fields
                .iter()
                .find(|f| f.name == name)
                .and_then(|f| f.value.as_ref().map(|v| v.start))
                .unwrap_or(*start),
            Some(n) => n.start,
            None => 0,
        }
    }

    /// The string value of the root's field `name`.
    fn root_string(&self, name: &str) -> Option<String> {
        let Some(Node {
            kind: tree::Kind::Group { fields, .. },
            ..
        }) = &self.root
        else {
            return None;
        };
        match &fields.iter().find(|f| f.name == name)?.value.as_ref()?.kind {
            tree::Kind::Str { text, .. } => Some(text.clone()),
            _ => None,
        }
    }

    /// The document's `parts` (root fields) as a scenario of their own, if that loads.
    fn skeleton(&self, parts: &[&str], resolver: &FsResolver) -> Option<Scenario> {
        let Some(Node {
            kind: tree::Kind::Group { fields, .. },
            ..
        }) = &self.root
        else {
            return None;
        };
        let mut text =
            String::from("Scenario(name: \"skeleton\", duration: \"1d\", policies: Passive");
        for part in parts {
            if let Some(v) = fields
                .iter()
                .find(|f| f.name == *part)
                .and_then(|f| f.value.as_ref())
            {
                text.push_str(&format!(", {part}: {}", self.text.get(v.start..v.end)?));
            }
        }
        text.push(')');
        scenario::load_str("<skeleton>", &text, resolver).ok()
    }

    fn push_error(&mut self, e: LoadError, anchor: usize) {
        let name = display(&self.path);
        match e {
            LoadError::Invalid(d) => {
                for diagnostic in d.0 {
                    let here = diagnostic.file == name;
                    self.findings.push(Finding {
                        severity: severity(&diagnostic),
                        diagnostic,
                        here,
                        anchor,
                    });
                }
            }
            LoadError::Io { ref file, .. } => {
                let en = e.render(scenario::Lang::En);
                let ja = e.render(scenario::Lang::Ja);
                self.findings.push(Finding {
                    diagnostic: Diagnostic {
                        file: file.clone(),
                        pos: scenario::spans::Pos { line: 1, col: 1 },
                        end: None,
                        severity: scenario::diagnostics::Severity::Error,
                        message: en.trim_end().to_string(),
                        help: None,
                        ja: Some(Box::new(scenario::diagnostics::Japanese {
                            message: Some(ja.trim_end().to_string()),
                            help: None,
                        })),
                        line_text: None,
                        line_offset: 0,
                    },
                    severity: Severity::Error,
                    here: false,
                    anchor,
                })
            }
        }
    }

    fn check(&mut self) {
        let name = display(&self.path);
        match self.root_ty {
            "Drill" => self.check_drill(&name),
            "Infrastructure" => {
                // An infrastructure file is checked as the infrastructure of an empty
                // scenario: the data layer's checks, nothing of our own.
                let file_name = self
                    .path
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default();
                let wrapper = format!(
                    "Scenario(name: \"infrastructure\", duration: \"1d\", policies: Passive, infrastructure: File({file_name:?}))"
                );
                let resolver = ThisFile {
                    name: &file_name,
                    text: &self.text,
                    disk: FsResolver { base: self.base() },
                };
                match scenario::load_str("<lsp>", &wrapper, &resolver) {
                    Ok(s) => self.scenario = Some(Arc::new(s)),
                    Err(LoadError::Invalid(d)) => {
                        // The resolver names this file by its file name; report them here.
                        for mut diagnostic in d.0 {
                            // The wrapper's own lines (a note that the file it names has
                            // problems) point into text nobody wrote.
                            if diagnostic.file == "<lsp>" {
                                continue;
                            }
                            let here = diagnostic.file == file_name;
                            if here {
                                diagnostic.file = name.clone();
                            }
                            self.findings.push(Finding {
                                severity: severity(&diagnostic),
                                diagnostic,
                                here,
                                anchor: 0,
                            });
                        }
                    }
                    Err(e) => self.push_error(e, 0),
                }
            }
            _ => {
                let resolver = FsResolver { base: self.base() };
                match scenario::load_str(&name, &self.text, &resolver) {
                    Ok(s) => self.scenario = Some(Arc::new(s)),
                    Err(e) => {
                        let anchor = self.field_value_start("infrastructure");
                        self.push_error(e, anchor);
                        // Ids still complete while the file does not load: its
                        // infrastructure and changes alone, if they load.
                        for parts in [&["infrastructure", "changes"][..], &["infrastructure"]] {
                            if let Some(s) = self.skeleton(parts, &resolver) {
                                self.scenario = Some(Arc::new(s));
                                break;
                            }
                        }
                    }
                }
            }
        }
    }

    fn check_drill(&mut self, name: &str) {
        let log = match drill_log::parse_log(name, &self.text) {
            Ok(l) => l,
            Err(e) => {
                self.push_error(e, 0);
                // Ids still complete while the log does not parse: from the scenario the
                // tree names, if it loads.
                if let Some(file) = self.root_string("scenario") {
                    let loaded = if file == "default" {
                        Ok(scenario::load_default())
                    } else {
                        let path = self.base().join(&file);
                        self.scenario_file = Some(path.clone());
                        scenario::load_path(&path)
                    };
                    if let Ok(s) = loaded {
                        self.scenario = Some(Arc::new(s));
                    }
                }
                return;
            }
        };
        let anchor = self.field_value_start("scenario");
        let loaded = if log.scenario == "default" {
            Ok(scenario::load_default_fingerprinted())
        } else {
            let path = self.base().join(&log.scenario);
            self.scenario_file = Some(path.clone());
            scenario::load_path_fingerprinted(&path)
        };
        let (scenario, fingerprint) = match loaded {
            Ok((s, f)) => (Arc::new(s), f),
            Err(e) => return self.push_error(e, anchor),
        };
        self.scenario = Some(scenario.clone());
        // In an editor a changed scenario is the normal case: a warning, as `--allow-changed` gives.
        match drill_log::check_recorded(name, &self.text, &log.file, &fingerprint, None, true) {
            Ok(warnings) => {
                for diagnostic in warnings {
                    let here = diagnostic.file == name;
                    // `check_recorded`'s are warnings whatever they say.
                    self.findings.push(Finding {
                        diagnostic,
                        severity: Severity::Warning,
                        here,
                        anchor,
                    });
                }
            }
            Err(e) => self.push_error(e, anchor),
        }
        if let Err(e) = drill_log::resolve(name, &self.text, &log.file, &scenario) {
            self.push_error(e, anchor);
        }
    }
}
