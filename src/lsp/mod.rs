//! `rensa lsp`: a Language Server for scenario, infrastructure and drill-log files
//! (docs/TOOLS.md). As the author types it publishes what the data layer's validator says,
//! at its place; it completes field names, enum variants, ids of operators, services,
//! systems, regions, injects and roles, and TLP labels; it shows each field's meaning and
//! unit on hover (`present::fields`) and jumps from an id to where it is defined — in the
//! document, its scenario, its infrastructure file or the bundled graph.
//!
//! **Architecture Invariant:** the server checks nothing itself. Diagnostics are the data
//! layer's (`scenario::load_str`, `drill_log`), so the editor and `rensa validate` always
//! agree; the server's own reading of the text (`tree`, `typed`) only finds where the
//! cursor is. It speaks LSP over a `lsp_server::Connection` it is given: the CLI opens
//! standard input and output, tests an in-memory pair.

mod doc;
mod features;
pub mod schema;
mod text;
pub mod tree;
pub mod typed;

use crate::model::Scenario;
use crate::present::Lang;
use doc::{Doc, Severity};
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    Notification as NotificationTrait, PublishDiagnostics,
};
use lsp_types::request::{Completion, GotoDefinition, HoverRequest, Request as RequestTrait};
use lsp_types::{
    CompletionOptions, CompletionParams, CompletionResponse, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    GotoDefinitionParams, GotoDefinitionResponse, HoverParams, HoverProviderCapability, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Uri,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How the server is set up.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The language of diagnostics and hover text.
    pub lang: Lang,
    /// Where the bundled graph (`assets/japan.ron`) can be read on disk, for
    /// go-to-definition into it.
    pub bundled_graph: Option<PathBuf>,
}

/// Why the server stopped before `exit`.
#[derive(Debug, thiserror::Error)]
#[error("language server protocol error: {0}")]
pub struct ServeError(String);

/// What the server says it can do.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), "(".into(), ":".into(), " ".into()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// Serves one client on `connection` until it says `exit` (after `shutdown`) or goes away.
pub fn serve(connection: &Connection, options: &Options) -> Result<(), ServeError> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| ServeError(e.to_string()))?;
    let init = connection
        .initialize(caps)
        .map_err(|e| ServeError(e.to_string()))?;
    let lang = match init
        .get("initializationOptions")
        .and_then(|o| o.get("lang"))
        .and_then(|l| l.as_str())
    {
        Some("ja") => Lang::Ja,
        Some("en") => Lang::En,
        _ => options.lang,
    };
    let mut server = Server {
        connection,
        lang,
        bundled: crate::scenario::load_default(),
        bundled_graph: options.bundled_graph.clone(),
        docs: BTreeMap::new(),
    };
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| ServeError(e.to_string()))?
                {
                    return Ok(());
                }
                server.request(req);
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

struct Server<'c> {
    connection: &'c Connection,
    lang: Lang,
    bundled: Scenario,
    bundled_graph: Option<PathBuf>,
    docs: BTreeMap<String, (Uri, Doc)>,
}

impl Server<'_> {
    fn world(&self) -> features::World<'_> {
        features::World {
            lang: self.lang,
            bundled: &self.bundled,
            bundled_graph: self.bundled_graph.as_deref(),
        }
    }

    fn send(&self, msg: Message) {
        // The client went away: the loop ends when the receiver closes.
        let _ = self.connection.sender.send(msg);
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = n.extract::<DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD) {
                    self.update(p.text_document.uri, p.text_document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    self.update(p.text_document.uri, change.text);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = n.extract::<DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    self.docs.remove(p.text_document.uri.as_str());
                    self.publish(&p.text_document.uri, Vec::new());
                }
            }
            _ => {}
        }
    }

    fn update(&mut self, uri: Uri, text: String) {
        let path = text::uri_path(uri.as_str()).unwrap_or_else(|| PathBuf::from(uri.as_str()));
        let previous = self
            .docs
            .get(uri.as_str())
            .and_then(|(_, d)| features::keep_last(d.scenario.as_ref()));
        let doc = Doc::new(path, text, previous);
        let diagnostics = self.diagnostics(&doc);
        self.docs
            .insert(uri.as_str().to_string(), (uri.clone(), doc));
        self.publish(&uri, diagnostics);
    }

    fn diagnostics(&self, doc: &Doc) -> Vec<lsp_types::Diagnostic> {
        let lang = match self.lang {
            Lang::En => crate::scenario::Lang::En,
            Lang::Ja => crate::scenario::Lang::Ja,
        };
        let help_word = match self.lang {
            Lang::En => "help",
            Lang::Ja => "ヒント",
        };
        doc.findings
            .iter()
            .map(|f| {
                let d = &f.diagnostic;
                let (range, mut message) = if f.here {
                    let off = doc.lines.offset_of_pos(&doc.text, d.pos);
                    // The data layer's span where it gives one; else the token there.
                    let range = match d.end {
                        Some(end) if end > d.pos => lsp_types::Range {
                            start: doc.lines.position(&doc.text, off),
                            end: doc
                                .lines
                                .position(&doc.text, doc.lines.offset_of_pos(&doc.text, end)),
                        },
                        _ => doc.lines.token_range(&doc.text, off),
                    };
                    (range, d.message_in(lang).to_string())
                } else {
                    (
                        doc.lines.token_range(&doc.text, f.anchor),
                        format!(
                            "{}:{}:{}: {}",
                            d.file,
                            d.pos.line,
                            d.pos.col,
                            d.message_in(lang)
                        ),
                    )
                };
                if let Some(h) = d.help_in(lang) {
                    message.push_str(&format!("\n{help_word}: {h}"));
                }
                lsp_types::Diagnostic {
                    range,
                    severity: Some(match f.severity {
                        Severity::Error => DiagnosticSeverity::ERROR,
                        Severity::Warning => DiagnosticSeverity::WARNING,
                    }),
                    source: Some("rensa".into()),
                    message,
                    ..Default::default()
                }
            })
            .collect()
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: None,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        )));
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            Completion::METHOD => {
                req.extract::<CompletionParams>(Completion::METHOD)
                    .map(|(_, p)| {
                        let tdp = p.text_document_position;
                        let items = self
                            .docs
                            .get(tdp.text_document.uri.as_str())
                            .map(|(_, doc)| {
                                let off = doc.lines.offset(&doc.text, tdp.position);
                                features::completion(&self.world(), doc, off)
                            })
                            .unwrap_or_default();
                        serde_json::to_value(CompletionResponse::Array(items))
                    })
            }
            HoverRequest::METHOD => {
                req.extract::<HoverParams>(HoverRequest::METHOD)
                    .map(|(_, p)| {
                        let tdp = p.text_document_position_params;
                        let hover =
                            self.docs
                                .get(tdp.text_document.uri.as_str())
                                .and_then(|(_, doc)| {
                                    let off = doc.lines.offset(&doc.text, tdp.position);
                                    features::hover(&self.world(), doc, off)
                                });
                        serde_json::to_value(hover)
                    })
            }
            GotoDefinition::METHOD => req
                .extract::<GotoDefinitionParams>(GotoDefinition::METHOD)
                .map(|(_, p)| {
                    let tdp = p.text_document_position_params;
                    let loc =
                        self.docs
                            .get(tdp.text_document.uri.as_str())
                            .and_then(|(uri, doc)| {
                                let off = doc.lines.offset(&doc.text, tdp.position);
                                features::definition(&self.world(), doc, uri, off)
                            });
                    serde_json::to_value(loc.map(GotoDefinitionResponse::Scalar))
                }),
            _ => {
                self.send(Message::Response(Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("rensa lsp does not handle {}", req.method),
                )));
                return;
            }
        };
        let response = match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(e)) => Response::new_err(
                id,
                lsp_server::ErrorCode::InternalError as i32,
                e.to_string(),
            ),
            Err(e) => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                format!("{e:?}"),
            ),
        };
        self.send(Message::Response(response));
    }
}

#[cfg(test)]
mod tests {
    use super::doc::Doc;
    use super::features::{self, World};
    use std::path::PathBuf;

    /// Every prefix of a scenario (as an editor holds it while the author types) and some
    /// malformed texts: reading, checking, and completion, hover and definition at every
    /// tenth byte never panic.
    #[test]
    fn no_text_and_no_cursor_makes_the_server_panic() {
        let bundled = crate::scenario::load_default();
        let world = World {
            lang: crate::present::Lang::En,
            bundled: &bundled,
            bundled_graph: None,
        };
        let uri: lsp_types::Uri = "file:///nowhere/x.ron".parse().expect("a URI");
        let full = include_str!("../../tests/fixtures/tools/chain.ron");
        let mut texts: Vec<String> = full
            .char_indices()
            .map(|(i, _)| i)
            .step_by(97)
            .map(|i| full[..i].to_string())
            .collect();
        texts.push(format!("{}{}", "(".repeat(400), "\"値\\あ"));
        texts.push("Scenario(name: \"電力\\\"x\", injects: [Inject(target: Operator(\"é".into());
        texts.push("Drill(scenario: \"missing.ron\", actions: [Act(do: Send(label: ".into());
        texts.push("Infrastructure(operators: [Operator(id: r#\"x\"#, 値: 1)])".into());
        for text in texts {
            let doc = Doc::new(PathBuf::from("/nowhere/x.ron"), text.clone(), None);
            for off in (0..=text.len()).step_by(10) {
                let _ = features::completion(&world, &doc, off);
                let _ = features::hover(&world, &doc, off);
                let _ = features::definition(&world, &doc, &uri, off);
                let _ = doc.lines.token_range(&doc.text, off);
            }
        }
    }
}
