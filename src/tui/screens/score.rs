//! Objectives, and the end of the drill. A player sees how its objectives stand only once
//! the drill has ended for good (the status is ground truth until then); exercise control
//! sees it as it stands. The end screen names the after-action report's folder and writes
//! it on `a` — for a player seat only once the drill has ended.

use super::{Ctx, Effect, ListCursor, Screen, fit, pane_at};
use crate::present::tui::{Command, Label, label};
use crate::tui::input::{Binding, Cmd, Key, bind, esc, list_nav};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// The objectives.
#[derive(Debug, Clone, Default)]
pub struct Score {
    list: ListCursor,
}

fn lines(ctx: &Ctx) -> Vec<Line<'static>> {
    let w = &ctx.words;
    let l = ctx.lang;
    let texts = w.objective_texts();
    let scored = ctx.truth_open.then(|| {
        let outcome = ctx.session.outcome().to_outcome();
        crate::score::Score::compute(ctx.scenario, &outcome)
    });
    let mut out = vec![Line::styled(label(l, Label::Objectives), ctx.theme.title())];
    for (k, t) in texts.iter().enumerate() {
        let status = scored
            .as_ref()
            .and_then(|s| s.objectives.get(k))
            .map(|o| {
                format!(
                    "[{:?}] {} {:.0}%",
                    o.rating,
                    crate::present::objective_status(l, o.status),
                    o.achieved * 100.0
                )
            })
            .unwrap_or_else(|| "[?]".into());
        out.push(Line::raw(format!("{} {}", fit(&status, 18), t)));
    }
    if !ctx.truth_open {
        out.push(Line::styled(label(l, Label::ScoreAtEnd), ctx.theme.hint()));
    }
    let taken = ctx.view.actions.iter().filter(|a| a.result.is_ok()).count();
    let refused = ctx.view.actions.len() - taken;
    out.push(Line::raw(""));
    out.push(Line::raw(format!(
        "{}: {taken}  {}: {refused}",
        label(l, Label::Taken),
        label(l, Label::Refused)
    )));
    out
}

impl Screen for Score {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        let mut v = list_nav(true);
        v.push(esc());
        v
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        if cmd == Cmd::Back {
            return Effect::Goto(super::ScreenId::Board);
        }
        self.list.nav(cmd, lines(ctx).len());
        Effect::None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let all = lines(ctx);
        let room = area.height.saturating_sub(2) as usize;
        let top = self.list.get(all.len()).min(all.len().saturating_sub(room));
        self.list.first(all.len(), room);
        let n = all.len();
        frame.render_widget(
            Paragraph::new(all.into_iter().skip(top).collect::<Vec<_>>())
                .wrap(Wrap { trim: false })
                .block(pane_at(
                    label(ctx.lang, Label::Score),
                    ctx.theme,
                    top,
                    n,
                    room,
                )),
            area,
        );
    }
}

/// What the end screen shows: where the log went and the report's commands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct End {
    /// The saved log's path.
    pub path: Option<String>,
    /// The commands that write the after-action report (naming the folder `a` writes).
    pub aar: Option<String>,
    /// What the last `a` did.
    pub note: Option<String>,
}

impl Screen for End {
    fn commands(&self, ctx: &Ctx) -> Vec<Binding> {
        let mut v = Vec::new();
        if self.path.is_some() && ctx.truth_open {
            v.push(bind(&[Key::Char('a')], "a", Command::Report, Cmd::Report));
        }
        v.push(esc());
        v
    }

    fn update(&mut self, cmd: Cmd, _ctx: &Ctx) -> Effect {
        match cmd {
            Cmd::Report => Effect::Report,
            Cmd::Back => Effect::Goto(super::ScreenId::Board),
            _ => Effect::None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let l = ctx.lang;
        let mut lines = Vec::new();
        if let Some(p) = &self.path {
            lines.push(Line::raw(format!("{}: {p}", label(l, Label::SaveDone))));
            lines.push(Line::raw(""));
            if ctx.truth_open {
                lines.push(Line::styled(label(l, Label::AarHint), ctx.theme.title()));
                if let Some(a) = &self.aar {
                    lines.push(Line::raw(a.clone()));
                }
            } else {
                lines.push(Line::styled(label(l, Label::AarAtEnd), ctx.theme.hint()));
            }
        }
        if let Some(n) = &self.note {
            lines.push(Line::raw(""));
            lines.push(Line::raw(n.clone()));
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(super::pane(label(l, Label::End), ctx.theme)),
            area,
        );
    }
}
