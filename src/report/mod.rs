//! The reports: the after-action report of a drill (the HSEEP AAR/IP, [`aar`]), the
//! report of a batch ([`batch`]) and of an interdependency analysis ([`analysis`]). Each
//! builds a [`doc::Document`] from typed input — the crate's own JSON read back with the
//! types that wrote it ([`input`]), a batch's rows — and one shell renders every document
//! as a self-contained HTML page ([`html`]) or as Markdown ([`markdown`]). Words come from
//! `present::reports`; the charts are drawn by a small SVG kit ([`svg`], [`graph`]).
//! docs/REPORT.md describes the sections and the rules.

pub mod aar;
pub mod analysis;
pub mod batch;
pub mod charts;
pub mod doc;
pub mod findings;
pub mod graph;
pub mod html;
pub mod markdown;
pub mod svg;

pub use aar::{ChatIn, Inputs, LessonIn, ObservationIn, build, impact_of};
pub use findings::{REPORT_LIMIT_MINUTES, SECTOR_HOURS_LIMIT, reporting_rule};
pub use html::to_html;
pub use markdown::to_markdown;
