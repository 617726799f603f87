//! All integration tests, as modules of one binary: one link instead of one per file
//! (the build time and disk of `cargo test` on a fresh clone; README.md).

mod common;
mod tui_support;

mod analyze;
mod analyze_cli;
mod analyze_vary;
mod authoring;
mod batch;
mod batch_files;
mod batch_report;
mod browser;
mod cascade_rules;
mod citations;
mod cli;
mod cli_output;
mod cli_shared;
mod drill;
mod drill_log_write;
mod engine_core;
mod fuzz;
mod grounding;
mod hindcast;
mod iim;
mod input_defects;
mod layers;
mod library;
mod output;
mod phases;
mod policy;
mod prepared;
mod present;
mod report;
mod report_input;
mod report_pages;
mod scaling;
mod score;
mod synthetic;
mod tlp;
mod tui_cli;
mod tui_drill;
mod tui_entry;
mod tui_fog;
mod tui_screens;
mod tui_tmux;
mod validation;
