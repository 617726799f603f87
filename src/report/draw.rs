//! The report's pictures, as SVG strings: the cascade graph (laid out by `layout-rs`) and
//! one service-level line chart per sector (drawn by `plotters`).

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::{Point, get_size_for_str};
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use plotters::prelude::*;

/// One node of the cascade: its label and whether it is an incident (a root).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Label (a service id, or an incident's inject id).
    pub label: String,
    /// A sector's colour index (0–9), or None for an incident.
    pub sector: Option<usize>,
}

/// Fill colours per sector, in Action Plan order.
pub const SECTOR_COLOURS: [&str; 10] = [
    "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#fccde5",
    "#bebada", "#d9d9d9",
];

/// Stroke colours per sector for the charts.
const LINE_COLOURS: [RGBColor; 10] = [
    RGBColor(31, 120, 180),
    RGBColor(51, 160, 44),
    RGBColor(227, 26, 28),
    RGBColor(255, 127, 0),
    RGBColor(106, 61, 154),
    RGBColor(177, 89, 40),
    RGBColor(0, 128, 128),
    RGBColor(231, 41, 138),
    RGBColor(102, 102, 153),
    RGBColor(80, 80, 80),
];

/// The cascade: who took whom down. `edges` are (from, to) indices into `nodes`.
pub fn cascade_svg(nodes: &[Node], edges: &[(usize, usize)]) -> String {
    let mut vg = VisualGraph::new(Orientation::LeftToRight);
    let handles: Vec<_> = nodes
        .iter()
        .map(|n| {
            let (shape, fill) = match n.sector {
                None => (ShapeKind::new_circle(&n.label), "#ff6b6b"),
                Some(s) => (ShapeKind::new_box(&n.label), SECTOR_COLOURS[s % 10]),
            };
            let look = StyleAttr::new(Color::fast("black"), 1, Some(Color::fast(fill)), 4, 13);
            let size = get_size_for_str(&n.label, 13);
            let size = Point::new(size.x + 16.0, size.y + 12.0);
            vg.add_node(Element::create(shape, look, Orientation::LeftToRight, size))
        })
        .collect();
    for (a, b) in edges {
        vg.add_edge(Arrow::simple(""), handles[*a], handles[*b]);
    }
    let mut svg = SVGWriter::new();
    vg.do_it(false, false, false, &mut svg);
    svg.finalize()
}

/// A sector's level over time: `points` are (minutes, level) of a step function;
/// `required` its population-weighted required level; `end` the run's end in minutes.
pub fn level_chart_svg(
    title: &str,
    points: &[(u64, f64)],
    required: f64,
    end: u64,
    colour: usize,
    x_label: &str,
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (440, 220)).into_drawing_area();
        let _ = draw_chart(&root, title, points, required, end, colour, x_label);
        let _ = root.present();
    }
    out
}

fn draw_chart(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    points: &[(u64, f64)],
    required: f64,
    end: u64,
    colour: usize,
    x_label: &str,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let hours = (end as f64 / 60.0).max(1.0);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 15))
        .margin(8)
        .x_label_area_size(32)
        .y_label_area_size(36)
        .build_cartesian_2d(0f64..hours, 0f64..1.05f64)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .x_labels(7)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.1}"))
        .y_labels(6)
        .light_line_style(RGBColor(240, 240, 240))
        .label_style(("sans-serif", 11))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(LineSeries::new(
            [(0.0, required), (hours, required)],
            ShapeStyle::from(&RGBColor(200, 60, 60)).stroke_width(1),
        ))
        .map_err(|e| e.to_string())?;
    let line = LINE_COLOURS[colour % 10];
    let mut step = Vec::with_capacity(points.len() * 2 + 1);
    let mut last = 1.0;
    step.push((0.0, 1.0));
    for (t, l) in points {
        let x = *t as f64 / 60.0;
        step.push((x, last));
        step.push((x, *l));
        last = *l;
    }
    step.push((hours, last));
    chart
        .draw_series(LineSeries::new(
            step,
            ShapeStyle::from(&line).stroke_width(2),
        ))
        .map_err(|e| e.to_string())?;
    Ok(())
}
