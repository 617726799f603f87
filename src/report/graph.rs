//! Who took whom down, drawn as columns: the incidents (or an analysis's origins) on the
//! left, then each service (or unit) in the column of its shortest chain from them, so an
//! arrow of the cascade's first wave always runs from one column to the next, through the
//! gap between them and never across a label. The few arrows that run back or sideways
//! (a service reached again later, a cycle) are dashed and routed through the gaps and
//! below the columns. Each box names its sector in a tag as well as by its fill, so sectors
//! are told apart in grey print and by screen readers (the figure's text form lists every
//! arrow).

use super::svg::{Anchor, Canvas, Graphic, text_width};
use std::collections::VecDeque;

/// One box of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The first line (an operator, an incident's inject, a unit).
    pub title: String,
    /// A second line (the service), if any.
    pub detail: Option<String>,
    /// The sector's index in Action Plan order (its fill), or None for an incident.
    pub sector: Option<usize>,
    /// The tag shown in the box: the sector's short name, or "incident".
    pub tag: String,
}

/// Light fills per sector, in Action Plan order (ColorBrewer Set3, readable under black
/// text; the tag names the sector, so the fill is never the only cue).
pub const SECTOR_FILLS: [&str; 10] = [
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
    "#d9d9d9", "#bc80bd",
];

const ROW: f64 = 46.0;
const BOX_H: f64 = 38.0;
const GAP: f64 = 70.0;
const TOP: f64 = 34.0;
const FONT: f64 = 14.0;
const TAG_FONT: f64 = 11.0;

/// Each node's column: its shortest distance from a root (a node no arrow reaches, or an
/// incident); nodes only a cycle reaches go in the column after their first predecessor.
pub fn columns(n: usize, edges: &[(usize, usize)], roots: &[usize]) -> Vec<usize> {
    let mut depth = vec![usize::MAX; n];
    let mut queue = VecDeque::new();
    let mut starts: Vec<usize> = roots.to_vec();
    starts.extend((0..n).filter(|v| !edges.iter().any(|(_, b)| b == v)));
    for r in starts {
        if depth[r] == usize::MAX {
            depth[r] = 0;
            queue.push_back(r);
        }
    }
    loop {
        while let Some(u) = queue.pop_front() {
            for &(a, b) in edges {
                if a == u && depth[b] == usize::MAX {
                    depth[b] = depth[u] + 1;
                    queue.push_back(b);
                }
            }
        }
        // A cycle no root reaches: start it at its first node.
        match (0..n).find(|v| depth[*v] == usize::MAX) {
            Some(v) => {
                depth[v] = 0;
                queue.push_back(v);
            }
            None => break,
        }
    }
    depth
}

/// Draws the graph; `columns_named(k)` titles column `k`.
pub fn draw(
    nodes: &[Node],
    edges: &[(usize, usize)],
    roots: &[usize],
    column_name: &dyn Fn(usize) -> String,
    title: String,
    desc: String,
) -> Graphic {
    let depth = columns(nodes.len(), edges, roots);
    let ncols = depth.iter().copied().max().map_or(0, |d| d + 1);
    // Order within a column: by sector (bands of one sector), then by where the node's
    // predecessors sit (fewer crossings), then by name.
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); ncols];
    let mut pos = vec![0.0f64; nodes.len()];
    for (col, slot) in order.iter_mut().enumerate() {
        let mut members: Vec<usize> = (0..nodes.len()).filter(|v| depth[*v] == col).collect();
        let centre = |v: usize| {
            let preds: Vec<f64> = edges
                .iter()
                .filter(|(a, b)| *b == v && depth[*a] < col)
                .map(|(a, _)| pos[*a])
                .collect();
            if preds.is_empty() {
                0.0
            } else {
                preds.iter().sum::<f64>() / preds.len() as f64
            }
        };
        let keys: Vec<(usize, f64, String)> = members
            .iter()
            .map(|&v| {
                (
                    nodes[v].sector.unwrap_or(0),
                    centre(v),
                    nodes[v].title.clone(),
                )
            })
            .collect();
        let mut idx: Vec<usize> = (0..members.len()).collect();
        idx.sort_by(|&a, &b| {
            keys[a]
                .0
                .cmp(&keys[b].0)
                .then(keys[a].1.total_cmp(&keys[b].1))
                .then(keys[a].2.cmp(&keys[b].2))
        });
        members = idx.into_iter().map(|i| members[i]).collect();
        for (i, &v) in members.iter().enumerate() {
            pos[v] = i as f64;
        }
        *slot = members;
    }
    // Column widths from their labels.
    let box_w = |v: usize| {
        let n = &nodes[v];
        let tag = text_width(&n.tag, TAG_FONT) + 10.0;
        let first = tag + 6.0 + text_width(&n.title, FONT);
        let second = n.detail.as_deref().map_or(0.0, |d| text_width(d, FONT));
        first.max(second) + 14.0
    };
    let widths: Vec<f64> = order
        .iter()
        .enumerate()
        .map(|(c, m)| {
            let labels = m.iter().map(|&v| box_w(v)).fold(0.0, f64::max);
            labels
                .max(text_width(&column_name(c), 13.0) + 4.0)
                .max(90.0)
        })
        .collect();
    let mut x0 = vec![10.0f64; ncols];
    for c in 1..ncols {
        x0[c] = x0[c - 1] + widths[c - 1] + GAP;
    }
    let rows = order.iter().map(Vec::len).max().unwrap_or(0);
    let back: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|(a, b)| depth[*b] != depth[*a] + 1)
        .collect();
    let lanes = back.len() as f64;
    let body_h = TOP + rows as f64 * ROW;
    let width = x0.last().copied().unwrap_or(10.0) + widths.last().copied().unwrap_or(0.0) + 10.0;
    let height = body_h + if lanes > 0.0 { 12.0 + lanes * 8.0 } else { 4.0 };
    let mut c = Canvas::new(width, height);
    let top_of = |v: usize| TOP + pos[v] * ROW;
    for (col, name) in (0..ncols).map(|k| (k, column_name(k))) {
        c.text(x0[col], 18.0, Anchor::Start, "col", &name);
    }
    // Edges first, so boxes sit on top of their ends.
    for &(a, b) in edges {
        if depth[b] != depth[a] + 1 {
            continue;
        }
        let (xa, ya) = (x0[depth[a]] + widths[depth[a]], top_of(a) + BOX_H / 2.0);
        let (xb, yb) = (x0[depth[b]] - 2.0, top_of(b) + BOX_H / 2.0);
        let mid = (xa + xb) / 2.0;
        c.path(
            &format!("M{xa:.1},{ya:.1}C{mid:.1},{ya:.1} {mid:.1},{yb:.1} {xb:.1},{yb:.1}"),
            "edge",
        );
    }
    for (k, &(a, b)) in back.iter().enumerate() {
        // Out of the source's right side into its gap, down below the columns, along to
        // the gap right of the target's column, up, and into the target from its right.
        let (ca, cb) = (depth[a], depth[b]);
        let lane_x_a = x0[ca] + widths[ca] + 12.0 + (k % 6) as f64 * 8.0;
        let lane_x_b = x0[cb] + widths[cb] + 12.0 + (k % 6) as f64 * 8.0;
        let ya = top_of(a) + BOX_H / 2.0 + 5.0;
        let yb = top_of(b) + BOX_H / 2.0 + 5.0;
        let floor = body_h + 8.0 + k as f64 * 8.0;
        let (xa, xb) = (x0[ca] + widths[ca], x0[cb] + widths[cb] + 2.0);
        c.path(
            &format!("M{xa:.1},{ya:.1}H{lane_x_a:.1}V{floor:.1}H{lane_x_b:.1}V{yb:.1}H{xb:.1}"),
            "back",
        );
    }
    for (col, members) in order.iter().enumerate() {
        for &v in members {
            let n = &nodes[v];
            let (x, y, w) = (x0[col], top_of(v), widths[col]);
            match n.sector {
                Some(s) => c.rect_filled(x, y, w, BOX_H, "node", SECTOR_FILLS[s % 10]),
                None => c.rect(x, y, w, BOX_H, "inc"),
            }
            let tag_w = text_width(&n.tag, TAG_FONT) + 10.0;
            let line1 = if n.detail.is_some() {
                y + 16.0
            } else {
                y + BOX_H / 2.0 + 5.0
            };
            c.rect(x + 5.0, line1 - 11.0, tag_w, 14.0, "tagbox");
            c.text(x + 10.0, line1, Anchor::Start, "tag", &n.tag);
            c.text(x + 11.0 + tag_w, line1, Anchor::Start, "nl", &n.title);
            if let Some(d) = &n.detail {
                c.text(x + 7.0, y + 33.0, Anchor::Start, "nl", d);
            }
        }
    }
    c.finish(title, desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_shortest_distances_from_the_roots() {
        // 0 → 1 → 2 → 3, and 0 → 3: 3 is one step from 0.
        let d = columns(4, &[(0, 1), (1, 2), (2, 3), (0, 3)], &[0]);
        assert_eq!(d, vec![0, 1, 2, 1]);
        // A cycle no root reaches still gets columns.
        let d = columns(3, &[(1, 2), (2, 1)], &[0]);
        assert_eq!(d, vec![0, 0, 1]);
    }

    #[test]
    fn forward_arrows_join_neighbouring_columns_and_the_rest_are_dashed() {
        let node = |t: &str, s: Option<usize>| Node {
            title: t.into(),
            detail: None,
            sector: s,
            tag: "X".into(),
        };
        let nodes = vec![node("inc", None), node("a", Some(0)), node("b", Some(1))];
        let g = draw(
            &nodes,
            &[(0, 1), (1, 2), (2, 1)],
            &[0],
            &|k| format!("column {k}"),
            "t".into(),
            "d".into(),
        );
        assert_eq!(g.body.matches("class=\"edge\"").count(), 2);
        assert_eq!(g.body.matches("class=\"back\"").count(), 1);
        assert_eq!(g.body.matches("class=\"inc\"").count(), 1);
        assert!(g.body.contains("column 2"));
    }
}
