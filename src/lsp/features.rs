//! Completion, hover and go-to-definition over a document, from the cursor's [`Spot`].

use super::doc::Doc;
use super::schema::{self, IdKind, Shape, Ty, Variant};
use super::text::{Lines, path_uri};
use super::tree;
use super::typed::{self, Def, Spot};
use crate::model::drill::Role;
use crate::model::{Infrastructure, Key, Scenario};
use crate::present::{Lang, fields};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, Hover, HoverContents,
    Location, MarkupContent, MarkupKind, Range, TextEdit, Uri,
};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

/// What the features read besides the document: the bundled graph, and files on disk.
pub struct World<'a> {
    /// The language of hover text.
    pub lang: Lang,
    /// The bundled scenario (for its infrastructure, the bundled graph).
    pub bundled: &'a Scenario,
    /// Where the bundled graph's text is on disk, for go-to-definition.
    pub bundled_graph: Option<&'a Path>,
}

impl World<'_> {
    /// The scenario a document's ids resolve in: its own, or the bundled one.
    fn scenario<'d>(&'d self, doc: &'d Doc) -> &'d Scenario {
        doc.scenario.as_deref().unwrap_or(self.bundled)
    }
}

/// The ids of kind `kind` the document can name: its scenario's and its own definitions.
fn ids(doc: &Doc, scenario: &Scenario, kind: IdKind) -> Vec<(String, String)> {
    let infra = &scenario.infra;
    let mut out: Vec<(String, String)> = match kind {
        IdKind::Operator => infra
            .operators
            .iter()
            .map(|o| (o.key.clone(), format!("{} · {}", o.name, o.sector.id())))
            .collect(),
        IdKind::Service => infra
            .services
            .iter()
            .map(|s| (s.key.clone(), s.name.clone()))
            .collect(),
        IdKind::System => infra
            .systems
            .iter()
            .map(|y| (y.key.clone(), y.kind.id().to_string()))
            .collect(),
        IdKind::Region => infra
            .regions
            .iter()
            .map(|r| (r.clone(), String::new()))
            .collect(),
        IdKind::Inject => scenario
            .injects
            .iter()
            .map(|i| (i.key.clone(), i.kind.describe()))
            .collect(),
        IdKind::Role => Role::all(infra)
            .into_iter()
            .map(|r| (r.id(infra), String::new()))
            .collect(),
    };
    for d in &doc.defs {
        if d.kind == kind && !out.iter().any(|(k, _)| *k == d.id) {
            out.push((d.id.clone(), String::new()));
        }
        // An operator the document adds is a role too.
        if kind == IdKind::Role && d.kind == IdKind::Operator {
            let role = format!("operator:{}", d.id);
            if !out.iter().any(|(k, _)| *k == role) {
                out.push((role, String::new()));
            }
        }
    }
    out
}

fn range(doc: &Doc, start: usize, end: usize) -> Range {
    Range {
        start: doc.lines.position(&doc.text, start),
        end: doc.lines.position(&doc.text, end),
    }
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// The completions at byte `offset`.
pub fn completion(world: &World<'_>, doc: &Doc, offset: usize) -> Vec<CompletionItem> {
    let Some(spot) = typed::spot(doc.root.as_ref(), doc.root_ty, offset) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    match spot {
        Spot::FieldName {
            owner,
            written,
            start,
            end,
        } => {
            for (name, _) in owner.fields {
                let current = doc.text.get(start..end).unwrap_or("");
                if written.iter().any(|w| w == name && w != current) {
                    continue;
                }
                let doc_text = fields::field(&owner.name, name);
                items.push(CompletionItem {
                    label: name.to_string(),
                    kind: Some(CompletionItemKind::FIELD),
                    detail: doc_text.and_then(|d| d.unit.map(|u| u.words(world.lang).to_string())),
                    documentation: doc_text.map(|d| markdown(fields::field_hover(d, world.lang))),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range: range(doc, start, end),
                        new_text: format!("{name}: "),
                    })),
                    ..Default::default()
                });
            }
        }
        Spot::Value {
            ty: Some(ty),
            in_string,
            start,
            end,
            ..
        } => match ty {
            Ty::Id(kind) => {
                let scenario = world.scenario(doc);
                for (id, detail) in ids(doc, scenario, kind) {
                    let new_text = if in_string {
                        id.clone()
                    } else {
                        format!("\"{id}\"")
                    };
                    items.push(CompletionItem {
                        label: id.clone(),
                        kind: Some(CompletionItemKind::REFERENCE),
                        detail: (!detail.is_empty()).then_some(detail),
                        filter_text: Some(id),
                        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                            range: range(doc, start, end),
                            new_text,
                        })),
                        ..Default::default()
                    });
                }
            }
            Ty::Named(name) if !in_string => match schema::type_def(name).map(|t| t.shape) {
                Some(Shape::Enum(variants)) => {
                    for (v, shape) in variants {
                        let new_text = match shape {
                            Variant::Unit => v.to_string(),
                            _ => format!("{v}("),
                        };
                        items.push(CompletionItem {
                            label: v.to_string(),
                            kind: Some(CompletionItemKind::ENUM_MEMBER),
                            detail: Some(name.to_string()),
                            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                                range: range(doc, start, end),
                                new_text,
                            })),
                            ..Default::default()
                        });
                    }
                }
                Some(Shape::Struct(_)) => items.push(CompletionItem {
                    label: name.to_string(),
                    kind: Some(CompletionItemKind::STRUCT),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range: range(doc, start, end),
                        new_text: format!("{name}("),
                    })),
                    ..Default::default()
                }),
                None => {}
            },
            Ty::Bool if !in_string => {
                for b in ["true", "false"] {
                    items.push(CompletionItem {
                        label: b.to_string(),
                        kind: Some(CompletionItemKind::KEYWORD),
                        ..Default::default()
                    });
                }
            }
            _ => {}
        },
        Spot::Value { ty: None, .. } => {}
    }
    items
}

/// Hover text for an id of kind `kind` (or of any kind, for `None`).
fn id_hover(infra: &Infrastructure, scenario: &Scenario, id: &str, lang: Lang) -> Option<String> {
    if let Some(key) = infra.lookup(id) {
        return Some(match key {
            Key::Operator(o) => fields::operator_hover(infra, o, lang),
            Key::Service(s) => fields::service_hover(infra, s, lang),
            Key::System(y) => fields::system_hover(infra, y, lang),
        });
    }
    if let Some(op) = id.strip_prefix("operator:")
        && let Some(Key::Operator(o)) = infra.lookup(op)
    {
        return Some(fields::operator_hover(infra, o, lang));
    }
    if infra.region(id).is_some() {
        return Some(fields::region_hover(infra, id, lang));
    }
    if let Some(inject) = scenario.injects.iter().find(|i| i.key == id) {
        return Some(format!("**{}** — {}", inject.key, inject.kind.describe()));
    }
    if let Ok(role) = Role::parse(id, infra) {
        return Some(format!("**{}**", role.id(infra)));
    }
    None
}

/// Hover at byte `offset`.
pub fn hover(world: &World<'_>, doc: &Doc, offset: usize) -> Option<Hover> {
    let spot = typed::spot(doc.root.as_ref(), doc.root_ty, offset)?;
    let (value, start, end) = match spot {
        Spot::FieldName {
            owner, start, end, ..
        } => {
            let name = doc.text.get(start..end)?;
            let d = fields::field(&owner.name, name)?;
            (fields::field_hover(d, world.lang), start, end)
        }
        Spot::Value {
            ty,
            field,
            in_string,
            text,
            start,
            end,
        } => {
            let scenario = world.scenario(doc);
            let text_hover = match ty {
                Some(Ty::Id(_) | Ty::Defines) if in_string => Some(
                    id_hover(&scenario.infra, scenario, &text, world.lang)
                        .unwrap_or_else(|| fields::unknown_id(&text, world.lang)),
                ),
                Some(Ty::Named(name)) if !in_string && !text.is_empty() => {
                    schema::variant(name, &text)
                        .map(|_| fields::variant_hover(name, &text, world.lang))
                }
                _ => None,
            };
            let field_hover = field
                .as_ref()
                .and_then(|(o, f)| fields::field(o, f))
                .map(|d| fields::field_hover(d, world.lang));
            let value = match (text_hover, field_hover) {
                (Some(a), Some(b)) => format!("{a}\n\n---\n\n{b}"),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => return None,
            };
            (value, start, end)
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range(doc, start, end)),
    })
}

/// A file's definitions, read from disk.
pub struct FileDefs {
    /// The file.
    pub path: PathBuf,
    /// Its text's line starts.
    text: String,
    lines: Lines,
    defs: Vec<Def>,
}

impl FileDefs {
    /// Reads the definitions of a file on disk (`None` if it cannot be read).
    pub fn read(path: &Path) -> Option<FileDefs> {
        let text = crate::scenario::read_limited(path).ok()?;
        let root = tree::parse(&text);
        let defs = typed::definitions(root.as_ref(), typed::root_type(root.as_ref()));
        Some(FileDefs {
            path: path.to_path_buf(),
            lines: Lines::new(&text),
            text,
            defs,
        })
    }

    fn find(&self, kind: IdKind, id: &str) -> Option<Location> {
        let d = self.defs.iter().find(|d| d.kind == kind && d.id == id)?;
        Some(Location {
            uri: Uri::from_str(&path_uri(&absolute(&self.path))).ok()?,
            range: Range {
                start: self.lines.position(&self.text, d.start),
                end: self.lines.position(&self.text, d.end),
            },
        })
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// What an id string may name, most likely first.
fn kinds_for(ty: Option<Ty>, text: &str) -> Vec<(IdKind, String)> {
    if let Some(op) = text.strip_prefix("operator:") {
        return vec![(IdKind::Operator, op.to_string())];
    }
    match ty {
        Some(Ty::Id(k)) => vec![(k, text.to_string())],
        _ => [
            IdKind::Operator,
            IdKind::Service,
            IdKind::System,
            IdKind::Inject,
            IdKind::Region,
        ]
        .into_iter()
        .map(|k| (k, text.to_string()))
        .collect(),
    }
}

/// The files an id of `doc` may be defined in, besides the document itself: for a drill
/// log its scenario; the scenario's infrastructure file; the bundled graph.
fn other_files(world: &World<'_>, doc: &Doc) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let base = doc.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut scenario_text_path: Option<PathBuf> = None;
    if doc.root_ty == "Drill" {
        match &doc.scenario_file {
            Some(p) => {
                files.push(p.clone());
                scenario_text_path = Some(p.clone());
            }
            None => {
                if let Some(g) = world.bundled_graph {
                    files.push(g.to_path_buf());
                }
                return files;
            }
        }
    }
    // The infrastructure the scenario names: a file, or the bundled graph.
    let (source, source_base) = match &scenario_text_path {
        Some(p) => {
            let text = crate::scenario::read_limited(p).unwrap_or_default();
            let root = tree::parse(&text);
            (
                infra_source(root.as_ref()),
                p.parent().map(Path::to_path_buf).unwrap_or_default(),
            )
        }
        None => (infra_source(doc.root.as_ref()), base),
    };
    match source {
        InfraSource::Default => {
            if let Some(g) = world.bundled_graph {
                files.push(g.to_path_buf());
            }
        }
        InfraSource::File(f) => files.push(source_base.join(f)),
        InfraSource::Inline => {}
    }
    files
}

enum InfraSource {
    Default,
    File(String),
    Inline,
}

/// Which infrastructure a scenario's tree names.
fn infra_source(root: Option<&tree::Node>) -> InfraSource {
    let Some(tree::Node {
        kind: tree::Kind::Group { fields, .. },
        ..
    }) = root
    else {
        return InfraSource::Default;
    };
    let Some(v) = fields
        .iter()
        .find(|f| f.name == "infrastructure")
        .and_then(|f| f.value.as_ref())
    else {
        return InfraSource::Default;
    };
    match &v.kind {
        tree::Kind::Group { name, items, .. } if name.as_deref() == Some("File") => {
            match items.first().map(|i| &i.kind) {
                Some(tree::Kind::Str { text, .. }) => InfraSource::File(text.clone()),
                _ => InfraSource::Default,
            }
        }
        // Tables are CSV, not RON: their ids are checked by loading but not followed.
        tree::Kind::Group { name, .. } if matches!(name.as_deref(), Some("Inline" | "Tables")) => {
            InfraSource::Inline
        }
        _ => InfraSource::Default,
    }
}

/// Where the id at byte `offset` is defined.
pub fn definition(world: &World<'_>, doc: &Doc, uri: &Uri, offset: usize) -> Option<Location> {
    let spot = typed::spot(doc.root.as_ref(), doc.root_ty, offset)?;
    let Spot::Value {
        ty,
        in_string: true,
        text,
        ..
    } = spot
    else {
        return None;
    };
    let wanted = kinds_for(ty, &text);
    for (kind, id) in &wanted {
        if let Some(d) = doc.defs.iter().find(|d| d.kind == *kind && d.id == *id) {
            return Some(Location {
                uri: uri.clone(),
                range: range(doc, d.start, d.end),
            });
        }
    }
    for file in other_files(world, doc) {
        let Some(defs) = FileDefs::read(&file) else {
            continue;
        };
        for (kind, id) in &wanted {
            if let Some(loc) = defs.find(*kind, id) {
                return Some(loc);
            }
        }
    }
    None
}

/// Keeps the scenario a document loaded into while it does not load.
pub fn keep_last(previous: Option<&Arc<Scenario>>) -> Option<Arc<Scenario>> {
    previous.cloned()
}
