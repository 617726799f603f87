//! Helpers of the TUI tests: drawing an app into a test buffer, a style-aware text of the
//! buffer, keys and pastes, and a store that keeps saved logs in memory.

#![allow(dead_code)] // each test module uses part of it

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use rensa::model::Scenario;
use rensa::scenario::drill_log::{self, Lesson};
use rensa::tui::{App, Msg, Saved, SavedDrill, Store};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

/// The bundled default scenario.
pub fn default_scenario() -> Arc<Scenario> {
    Arc::new(rensa::scenario::load_default_fingerprinted().0)
}

/// A scenario of the bundled library, by id.
pub fn library(id: &str) -> Arc<Scenario> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{id}.ron"));
    Arc::new(
        rensa::scenario::load_path_fingerprinted(&path)
            .expect("library scenario")
            .0,
    )
}

/// Draws `app` at `w`×`h`.
pub fn draw(app: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| app.draw(f)).expect("draw");
    t.backend().buffer().clone()
}

/// The buffer's text, one line per row, wide characters once.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let s = buf[(x, y)].symbol();
            out.push_str(s);
            x += s.width().max(1) as u16;
        }
        out.push('\n');
    }
    out
}

fn color(c: Color) -> String {
    match c {
        Color::Reset => String::new(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// The text, then every run of cells with a style other than the default: `row:x0-x1
/// fg=… +MODIFIERS`, so a snapshot pins what colour and emphasis say.
pub fn styled(buf: &Buffer) -> String {
    let mut out = text(buf);
    out.push_str("--- styles ---\n");
    let area = buf.area;
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let c = &buf[(x, y)];
            let key = (color(c.fg), color(c.bg), c.modifier);
            let start = x;
            while x < area.width
                && (
                    color(buf[(x, y)].fg),
                    color(buf[(x, y)].bg),
                    buf[(x, y)].modifier,
                ) == key
            {
                x += 1;
            }
            if key.0.is_empty() && key.1.is_empty() && key.2 == Modifier::empty() {
                continue;
            }
            let mut line = format!("{y:>2}:{start}-{}", x - 1);
            if !key.0.is_empty() {
                line.push_str(&format!(" fg={}", key.0));
            }
            if !key.1.is_empty() {
                line.push_str(&format!(" bg={}", key.1));
            }
            if key.2 != Modifier::empty() {
                line.push_str(&format!(" +{:?}", key.2));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Sends one key.
pub fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Sends Ctrl and a character.
pub fn ctrl(app: &mut App, c: char) {
    app.update(Msg::ctrl(c));
}

/// Types `s`, a key per character.
pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Pastes `s` (bracketed paste).
pub fn paste(app: &mut App, s: &str) {
    app.update(Msg::Paste(s.to_string()));
}

/// Runs the clock until a jump under way is done.
pub fn settle(app: &mut App) {
    for _ in 0..100_000 {
        if app.clock().target.is_none() {
            return;
        }
        app.update(Msg::Tick(Duration::ZERO));
    }
    panic!("the jump never ended");
}

/// Goes to minute `m` with the `g` key, as a person would (answering yes at the end).
pub fn jump(app: &mut App, m: u64) {
    key(app, KeyCode::Char('g'));
    typed(app, &m.to_string());
    key(app, KeyCode::Enter);
    if app.overlay_open() {
        key(app, KeyCode::Char('y'));
    }
    settle(app);
}

/// Lets real time pass until the end-of-drill grace is over.
pub fn wait(app: &mut App, secs: u64) {
    app.update(Msg::Tick(Duration::from_secs(secs)));
}

/// Saved logs, by the path the store named them.
pub type Shelf = Arc<Mutex<Vec<(String, String)>>>;

/// A store that keeps the log text (as `rensa play` writes it) in memory.
pub struct MemStore {
    pub shelf: Shelf,
    pub scenario: Arc<Scenario>,
}

impl Store for MemStore {
    fn save(&mut self, drill: &SavedDrill<'_>) -> Result<Saved, String> {
        let s = drill.session;
        let lessons: Vec<Lesson> = drill
            .lessons
            .iter()
            .map(|l| Lesson {
                role: l.role,
                went_well: l.went_well.clone(),
                went_badly: l.went_badly.clone(),
                score: l.score,
            })
            .collect();
        let scenario = self.scenario.clone();
        let name = |id| {
            s.inject_of_incident(id)
                .map(|k| scenario.injects[k].key.clone())
        };
        let text = drill_log::to_ron_with_lessons(
            "default",
            None,
            s.seed(),
            &drill.players(),
            &s.log_entries(),
            &lessons,
            &self.scenario,
            &name,
        );
        let path = match drill.branch {
            None => "drill.ron".to_string(),
            Some((t, n)) => format!("drill-branch-{n}-t{}.ron", t.0),
        };
        self.shelf.lock().expect("shelf").push((path.clone(), text));
        Ok(Saved {
            aar: format!("rensa replay {path} --out drill-aar"),
            path,
        })
    }
}

/// Gives `app` an in-memory store; returns its shelf.
pub fn shelf(app: &mut App) -> Shelf {
    let shelf: Shelf = Arc::default();
    app.set_store(Box::new(MemStore {
        shelf: shelf.clone(),
        scenario: default_scenario(),
    }));
    shelf
}

/// The last log saved on `shelf`.
pub fn last(shelf: &Shelf) -> (String, String) {
    shelf.lock().expect("shelf").last().cloned().expect("saved")
}
