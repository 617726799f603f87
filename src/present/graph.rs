//! The dependency graph as a picture (`rensa graph`, docs/TOOLS.md): every service a node,
//! every dependency an edge from provider to dependent (the way loss travels) labelled with
//! its kind, strength `w` and tolerance `τ`. Graphviz DOT for tools, SVG (laid out by
//! `layout-rs`) to look at.

use super::Lang;
use crate::model::{DependencyKind, Infrastructure, Minutes, Sector, ServiceId};
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::{Point, get_size_for_str};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use std::fmt::Write;

/// Fill colours per sector, in Action Plan order (the report's palette).
const SECTOR_COLOURS: [&str; 10] = [
    "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#fccde5",
    "#bebada", "#d9d9d9",
];

/// The services within `depth` hops of `centre`: upstream along providers and downstream
/// along dependents, each direction on its own (a provider's other dependents are not
/// included unless they are themselves within reach downstream). In service id order.
pub fn neighbourhood(infra: &Infrastructure, centre: &[ServiceId], depth: u32) -> Vec<ServiceId> {
    let mut keep = vec![false; infra.services.len()];
    for s in centre {
        keep[s.index()] = true;
    }
    for upstream in [true, false] {
        let mut frontier: Vec<ServiceId> = centre.to_vec();
        let mut seen = vec![false; infra.services.len()];
        for s in centre {
            seen[s.index()] = true;
        }
        for _ in 0..depth {
            let mut next = Vec::new();
            for s in &frontier {
                let edges: Vec<ServiceId> = if upstream {
                    infra.providers_of(*s).map(|e| e.provider).collect()
                } else {
                    infra.dependents_of(*s).map(|e| e.dependent).collect()
                };
                for t in edges {
                    if !seen[t.index()] {
                        seen[t.index()] = true;
                        keep[t.index()] = true;
                        next.push(t);
                    }
                }
            }
            frontier = next;
        }
    }
    keep.iter()
        .enumerate()
        .filter(|(_, k)| **k)
        .map(|(i, _)| ServiceId(i as u32))
        .collect()
}

/// One node: a service.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    /// The service.
    pub service: ServiceId,
    /// Its id, e.g. `kanto-power/supply`.
    pub key: String,
    /// Its sector.
    pub sector: Sector,
    /// Its required level.
    pub required: f64,
    /// True for a service `--around` named (drawn bold).
    pub centre: bool,
}

/// One edge: a dependency, provider → dependent.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphEdge {
    /// Index of the provider in [`DepGraph::nodes`].
    pub from: usize,
    /// Index of the dependent.
    pub to: usize,
    /// Kind of link.
    pub kind: DependencyKind,
    /// Strength `w`.
    pub strength: f64,
    /// Tolerance `τ`.
    pub tolerance: Minutes,
}

/// The part of a dependency graph to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DepGraph {
    /// The graph's title (the scenario's name, and what it is centred on).
    pub title: String,
    /// Services, in id order.
    pub nodes: Vec<GraphNode>,
    /// Dependencies between them, in edge id order.
    pub edges: Vec<GraphEdge>,
}

impl DepGraph {
    /// The graph over `services` (every edge between two of them), with `centre` marked.
    pub fn new(
        infra: &Infrastructure,
        title: &str,
        services: &[ServiceId],
        centre: &[ServiceId],
    ) -> DepGraph {
        let mut place = vec![usize::MAX; infra.services.len()];
        let nodes: Vec<GraphNode> = services
            .iter()
            .enumerate()
            .map(|(i, s)| {
                place[s.index()] = i;
                let svc = infra.service(*s);
                GraphNode {
                    service: *s,
                    key: svc.key.clone(),
                    sector: infra.sector_of(*s),
                    required: svc.required,
                    centre: centre.contains(s),
                }
            })
            .collect();
        let edges = infra
            .dependencies
            .iter()
            .filter_map(|d| {
                let (from, to) = (place[d.provider.index()], place[d.dependent.index()]);
                (from != usize::MAX && to != usize::MAX).then_some(GraphEdge {
                    from,
                    to,
                    kind: d.kind,
                    strength: d.strength,
                    tolerance: d.tolerance,
                })
            })
            .collect();
        DepGraph {
            title: title.to_string(),
            nodes,
            edges,
        }
    }

    fn node_label(&self, n: &GraphNode, lang: Lang) -> String {
        match lang {
            Lang::En => format!(
                "{}\n{} · required {}",
                n.key,
                n.sector.name_en(),
                n.required
            ),
            Lang::Ja => format!("{}\n{}・要求水準 {}", n.key, n.sector.name_ja(), n.required),
        }
    }

    fn edge_label(&self, e: &GraphEdge, lang: Lang) -> String {
        format!(
            "{}{sep}w {}{sep}τ {}",
            kind_word(e.kind, lang),
            e.strength,
            duration(e.tolerance, lang),
            sep = match lang {
                Lang::En => ", ",
                Lang::Ja => "、",
            }
        )
    }

    /// The legend: what an edge's label and line mean.
    pub fn legend(lang: Lang) -> &'static str {
        match lang {
            Lang::En => {
                "Arrows run from provider to dependent (the way loss travels). w: strength, the share of the dependent's level lost once the buffer runs out; τ: tolerance, how long the buffer holds. Lines: physical solid, cyber dashed, geographic dotted, logical bold."
            }
            Lang::Ja => {
                "矢印は提供元から依存先へ（損失の伝わる向き）。w: 強度（猶予が尽きたとき依存先が失う水準の割合）、τ: 許容時間（バッファが持つ時間）。線: 物理的は実線、サイバーは破線、地理的は点線、論理的は太線。"
            }
        }
    }

    /// Graphviz DOT, nodes and edges in id order (the same graph gives the same bytes).
    pub fn to_dot(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "digraph {} {{", quote(&self.title));
        let _ = writeln!(
            out,
            "  graph [rankdir=LR, labelloc=t, label={}];",
            quote(&format!("{}\n{}", self.title, Self::legend(lang)))
        );
        let _ = writeln!(out, "  node [shape=box, style=filled, fontsize=11];");
        let _ = writeln!(out, "  edge [fontsize=9];");
        for n in &self.nodes {
            let colour = SECTOR_COLOURS[sector_index(n.sector)];
            let bold = if n.centre { ", penwidth=3" } else { "" };
            let _ = writeln!(
                out,
                "  {} [label={}, fillcolor=\"{colour}\"{bold}];",
                quote(&n.key),
                quote(&self.node_label(n, lang))
            );
        }
        for e in &self.edges {
            let style = match e.kind {
                DependencyKind::Physical => "solid",
                DependencyKind::Cyber => "dashed",
                DependencyKind::Geographic => "dotted",
                DependencyKind::Logical => "bold",
            };
            let _ = writeln!(
                out,
                "  {} -> {} [label={}, style={style}];",
                quote(&self.nodes[e.from].key),
                quote(&self.nodes[e.to].key),
                quote(&self.edge_label(e, lang))
            );
        }
        out.push_str("}\n");
        out
    }

    /// An SVG picture, laid out left to right by `layout-rs` (which draws cyber links
    /// dashed and the others solid; each edge's label names its kind).
    pub fn to_svg(&self, lang: Lang) -> String {
        let mut vg = VisualGraph::new(Orientation::LeftToRight);
        let handles: Vec<_> = self
            .nodes
            .iter()
            .map(|n| {
                let label = self.node_label(n, lang);
                let fill = SECTOR_COLOURS[sector_index(n.sector)];
                let width = if n.centre { 3 } else { 1 };
                let look =
                    StyleAttr::new(Color::fast("black"), width, Some(Color::fast(fill)), 4, 12);
                let size = get_size_for_str(&label, 12);
                let size = Point::new(size.x + 16.0, size.y + 12.0);
                vg.add_node(Element::create(
                    ShapeKind::new_box(&label),
                    look,
                    Orientation::LeftToRight,
                    size,
                ))
            })
            .collect();
        for e in &self.edges {
            let style = match e.kind {
                DependencyKind::Cyber => LineStyleKind::Dashed,
                _ => LineStyleKind::Normal,
            };
            let look = StyleAttr::new(Color::fast("black"), 1, None, 0, 10);
            let arrow = Arrow::new(
                LineEndKind::None,
                LineEndKind::Arrow,
                style,
                &self.edge_label(e, lang),
                &look,
                &None,
                &None,
            );
            vg.add_edge(arrow, handles[e.from], handles[e.to]);
        }
        let mut svg = SVGWriter::new();
        if !self.nodes.is_empty() {
            vg.do_it(false, false, false, &mut svg);
        }
        svg.finalize()
    }
}

/// `rensa graph --format tables` without a folder to write into, or with `--around`.
pub fn tables_need_a_folder(lang: Lang) -> String {
    match lang {
        Lang::En => "rensa: --format tables writes four files: give the folder with --out DIR (and no --around: the tables hold the whole graph)".to_string(),
        Lang::Ja => "rensa: --format tables は 4 つのファイルを書きます。--out DIR で書き込むフォルダを指定してください（--around は使えません。表はグラフ全体です）".to_string(),
    }
}

/// The warning after the tables of a scenario that changes its infrastructure.
pub fn changes_not_in_tables(lang: Lang) -> String {
    match lang {
        Lang::En => "rensa: warning: the tables hold the infrastructure as written; the scenario's `changes` are not in them and stay in the scenario".to_string(),
        Lang::Ja => "rensa: 警告: 表は書かれたとおりのインフラです。シナリオの `changes` は表に含まれず、シナリオに残ります".to_string(),
    }
}

/// Why `--around ID` names nothing: the id, and the closest id as a suggestion.
pub fn unknown_around(id: &str, suggestion: Option<&str>, lang: Lang) -> String {
    match (lang, suggestion) {
        (Lang::En, Some(s)) => format!(
            "--around \"{id}\" is no operator, service or system id; did you mean \"{s}\"? (`rensa list` shows the ids)"
        ),
        (Lang::En, None) => format!(
            "--around \"{id}\" is no operator, service or system id (`rensa list` shows the ids)"
        ),
        (Lang::Ja, Some(s)) => format!(
            "--around \"{id}\" は事業者・サービス・システムの ID ではありません。\"{s}\" のことですか？（`rensa list` で ID を確認できます）"
        ),
        (Lang::Ja, None) => format!(
            "--around \"{id}\" は事業者・サービス・システムの ID ではありません（`rensa list` で ID を確認できます）"
        ),
    }
}

fn sector_index(s: Sector) -> usize {
    Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// A dependency kind's word.
pub fn kind_word(k: DependencyKind, lang: Lang) -> &'static str {
    match (lang, k) {
        (Lang::En, k) => k.id(),
        (Lang::Ja, DependencyKind::Physical) => "物理的",
        (Lang::Ja, DependencyKind::Cyber) => "サイバー",
        (Lang::Ja, DependencyKind::Geographic) => "地理的",
        (Lang::Ja, DependencyKind::Logical) => "論理的",
    }
}

/// A duration: `6h10m` / `6時間10分`.
pub fn duration(m: Minutes, lang: Lang) -> String {
    if lang == Lang::En {
        return m.to_string();
    }
    let (h, min) = (m.0 / 60, m.0 % 60);
    match (h, min) {
        (0, min) => format!("{min}分"),
        (h, 0) => format!("{h}時間"),
        (h, min) => format!("{h}時間{min}分"),
    }
}

/// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_dot_syntax_whole() {
        assert_eq!(quote("a \"b\"\\c\nd\u{1b}"), "\"a \\\"b\\\"\\\\c\\nd\"");
    }

    #[test]
    fn japanese_durations_read_as_hours_and_minutes() {
        assert_eq!(duration(Minutes(0), Lang::Ja), "0分");
        assert_eq!(duration(Minutes(180), Lang::Ja), "3時間");
        assert_eq!(duration(Minutes(90), Lang::Ja), "1時間30分");
        assert_eq!(duration(Minutes(90), Lang::En), "1h30m");
    }
}
