//! The start screen: choose a seat. Typing filters the roles by id or name; the list
//! scrolls. A resumed drill offers only its players and exercise control.

use super::{Ctx, Effect, ListCursor, Screen, abbrev, fit, pane_at, role_names, sel};
use crate::model::drill::Role;
use crate::present::tui::{Command, Label, label};
use crate::present::{Lang, Words};
use crate::tui::field::Field;
use crate::tui::input::{Binding, Cmd, Key, bind, enter, pages};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The start screen.
#[derive(Debug, Clone, Default)]
pub struct Start {
    list: ListCursor,
    filter: Field,
    /// The roles it offers, players first (set by the app).
    pub roles: Vec<Role>,
    /// How many of them are players.
    pub players: usize,
}

impl Start {
    /// The roles the filter lets through, with whether each is a player.
    pub fn shown(&self, words: &Words) -> Vec<(Role, bool)> {
        let f = self.filter.text().to_lowercase();
        self.roles
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                f.is_empty()
                    || words
                        .in_lang(Lang::En)
                        .role(**r)
                        .to_lowercase()
                        .contains(&f)
                    || words
                        .in_lang(Lang::Ja)
                        .role(**r)
                        .to_lowercase()
                        .contains(&f)
            })
            .map(|(i, r)| (*r, i < self.players))
            .collect()
    }
}

impl Screen for Start {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        let mut v = vec![
            bind(&[Key::Code(KeyCode::Up)], "↑↓", Command::Move, Cmd::Up),
            bind(&[Key::Code(KeyCode::Down)], "", Command::Move, Cmd::Down),
        ];
        v.extend(pages());
        v.push(enter(Command::Select));
        v.push(bind(
            &[Key::Code(KeyCode::Esc)],
            "Esc",
            Command::ClearOrQuit,
            Cmd::Back,
        ));
        v
    }

    fn typing(&self) -> bool {
        true
    }

    fn key(&mut self, k: KeyEvent, _ctx: &Ctx) {
        if self.filter.key(k) {
            self.list.at = 0;
        }
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) {
        self.filter.paste(text);
        self.list.at = 0;
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        let shown = self.shown(&ctx.words);
        if self.list.nav(cmd, shown.len()) {
            return Effect::None;
        }
        match cmd {
            Cmd::Enter => shown
                .get(self.list.get(shown.len()))
                .map(|(r, _)| Effect::Take(*r))
                .unwrap_or(Effect::None),
            Cmd::Back if !self.filter.is_blank() => {
                self.filter.clear();
                Effect::None
            }
            Cmd::Back => Effect::Quit,
            _ => Effect::None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let l = ctx.lang;
        let theme = ctx.theme;
        let words = &ctx.words;
        let shown = self.shown(words);
        let width = area.width.saturating_sub(2) as usize;
        let title = if l == Lang::Ja && !ctx.scenario.name_ja.is_empty() {
            ctx.scenario.name_ja.clone()
        } else {
            ctx.scenario.name.clone()
        };
        let mut lines = vec![
            Line::styled(label(l, Label::Title), theme.title()),
            Line::raw(fit(&title, width)),
            Line::raw(fit(
                &format!("{}: {}", label(l, Label::Filter), self.filter.text()),
                width,
            )),
        ];
        let room = (area.height as usize)
            .saturating_sub(lines.len() + 4)
            .max(1);
        let first = self.list.first(shown.len(), room);
        let at = self.list.get(shown.len());
        let mut heading = None;
        for (i, (r, player)) in shown.iter().enumerate().skip(first).take(room) {
            if heading != Some(*player) {
                heading = Some(*player);
                lines.push(Line::styled(
                    format!(
                        "── {} ──",
                        label(
                            l,
                            if *player {
                                Label::Players
                            } else {
                                Label::OtherRoles
                            }
                        )
                    ),
                    theme.title(),
                ));
            }
            let mark = if i == at { "▸" } else { " " };
            lines.push(Line::styled(
                abbrev(&format!("{mark} {}", role_names(words, *r)), width),
                sel(theme, i == at),
            ));
        }
        if shown.is_empty() {
            lines.push(Line::styled(label(l, Label::NoMatch), theme.hint()));
        }
        frame.render_widget(
            Paragraph::new(lines).block(pane_at(
                label(l, Label::ChooseRole),
                theme,
                at,
                shown.len(),
                room,
            )),
            area,
        );
    }
}
