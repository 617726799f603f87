//! The sector board and the seat's timeline: the sectors as the seat knows them, its own
//! services with a gauge and their recent past, and on the right what it observed, was
//! told and did (exercise control: the ground truth), scrolling.

use super::{Ctx, Effect, ListCursor, Screen, abbrev, abbrev_id, fit, pane, pane_at, wrap};
use crate::model::drill::Role;
use crate::model::{Sector, Time};
use crate::present::Lang;
use crate::present::tui::{Label, label, sector_short};
use crate::session::types::{ServiceView, Source};
use crate::tui::input::{Binding, Cmd, list_nav};
use crate::tui::style::{Standing, Theme, gauge, sparkline};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// The board: its timeline scrolls (following the newest until moved).
#[derive(Debug, Clone, Default)]
pub struct Board {
    /// Where the timeline stands, counted in entries from the newest (0: newest).
    back: ListCursor,
}

impl Screen for Board {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        list_nav(true)
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        // Up scrolls back in time: the cursor counts entries back from the newest.
        let n = timeline(ctx).len();
        let flipped = match cmd {
            Cmd::Up => Cmd::Down,
            Cmd::Down => Cmd::Up,
            Cmd::PageUp => Cmd::PageDown,
            Cmd::PageDown => Cmd::PageUp,
            Cmd::Home => Cmd::End,
            Cmd::End => Cmd::Home,
            other => other,
        };
        self.back.nav(flipped, n);
        Effect::None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let left = if area.width >= 120 {
            area.width * 11 / 20
        } else {
            area.width.min(40)
        };
        let [a, b] =
            Layout::horizontal([Constraint::Length(left), Constraint::Min(10)]).areas(area);
        board(frame, ctx, a);
        self.events(frame, ctx, b);
    }
}

impl Board {
    fn events(&self, frame: &mut Frame, ctx: &Ctx, area: Rect) {
        let items = timeline(ctx);
        let room = area.height.saturating_sub(2) as usize;
        let w = area.width.saturating_sub(2) as usize;
        let theme = ctx.theme;
        // The newest entry not scrolled past is at the bottom; older ones above it.
        let back = self.back.get(items.len());
        self.back.first(items.len(), room.max(1));
        let upto = items.len().saturating_sub(back);
        let mut lines: Vec<Line> = Vec::new();
        for (t, text, new) in items[..upto].iter().rev() {
            let style = if *new {
                theme.new_item()
            } else {
                Style::default()
            };
            let parts = wrap(&format!("{t} {text}"), w, 8);
            if lines.len() + parts.len() > room {
                break;
            }
            for part in parts.into_iter().rev() {
                lines.push(Line::styled(part, style));
            }
        }
        lines.reverse();
        if lines.is_empty() {
            lines.push(Line::styled(label(ctx.lang, Label::NoEvents), theme.hint()));
        }
        let at = upto.saturating_sub(1);
        frame.render_widget(
            Paragraph::new(lines).block(pane_at(
                label(ctx.lang, Label::Events),
                theme,
                at,
                items.len(),
                room / 2,
            )),
            area,
        );
    }
}

/// The level of a service at minutes before now, from the history.
fn past(ctx: &Ctx, v: &ServiceView, points: usize, step: u64) -> Vec<f64> {
    let now = ctx.now().0;
    (0..points)
        .map(|k| {
            let back = (points - 1 - k) as u64 * step;
            let t = Time(now.saturating_sub(back));
            ctx.history.level_at(v.service, t, v.level)
        })
        .collect()
}

fn level_spans(theme: Theme, level: f64, st: Standing, gw: usize) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{} ", st.symbol()), theme.standing(st)),
        Span::styled(gauge(level, gw), theme.standing(st)),
        Span::raw(format!(" {:>3.0}%", level * 100.0)),
    ]
}

fn board(frame: &mut Frame, ctx: &Ctx, area: Rect) {
    let view = &ctx.view;
    let words = &ctx.words;
    let theme = ctx.theme;
    // Columns: name, symbol, gauge, percent, sparkline, marks (" ✖nn !nn"); the sparkline
    // takes what the others leave, so no row ever wraps.
    let inner = area.width.saturating_sub(2) as usize;
    let wide = inner >= 58;
    let gw = if wide { (inner / 6).clamp(6, 30) } else { 6 };
    let long = |s: Sector| words.sector(s).to_string();
    let short = |s: Sector| sector_short(ctx.lang, s).to_string();
    let shortest = Sector::ALL
        .iter()
        .map(|s| short(*s).width())
        .max()
        .unwrap_or(11);
    let name_w = if wide {
        let longest = Sector::ALL
            .iter()
            .map(|s| long(*s).width())
            .max()
            .unwrap_or(0);
        longest.min((inner / 4).max(shortest))
    } else {
        shortest
    };
    let marks = 8;
    let points = inner
        .saturating_sub(name_w + 1 + 2 + gw + 5 + 1 + marks)
        .min(60);
    let points = if points < 3 { 0 } else { points };
    let sector_name = |s: Sector| {
        if long(s).width() <= name_w {
            fit(&long(s), name_w)
        } else {
            abbrev(&short(s), name_w)
        }
    };
    let infra = &ctx.scenario.infra;
    let mut lines: Vec<Line> = Vec::new();
    let control = ctx.control();
    for sector in Sector::ALL {
        let known: usize = view
            .incidents
            .iter()
            .filter(|i| {
                i.operators
                    .iter()
                    .any(|o| infra.operator(*o).sector == sector)
            })
            .count();
        let mut spans = vec![Span::raw(format!("{} ", sector_name(sector)))];
        if control {
            let svcs: Vec<&ServiceView> = view
                .services
                .iter()
                .filter(|s| infra.sector_of(s.service) == sector)
                .collect();
            if svcs.is_empty() {
                spans.push(Span::styled("—", theme.hint()));
            } else {
                let n = svcs.len() as f64;
                let mean = svcs.iter().map(|s| s.level).sum::<f64>() / n;
                let failed = svcs.iter().filter(|s| s.below_required).count();
                let st = if failed > 0 {
                    Standing::Failed
                } else {
                    Standing::of(mean, 0.0)
                };
                spans.extend(level_spans(theme, mean, st, gw));
                let mut sums = vec![0.0; points];
                for s in &svcs {
                    for (k, x) in past(ctx, s, points, 15).into_iter().enumerate() {
                        sums[k] += x / n;
                    }
                }
                if points > 0 {
                    spans.push(Span::raw(format!(" {}", sparkline(&sums))));
                }
                if failed > 0 {
                    spans.push(Span::styled(
                        format!(" ✖{failed}"),
                        theme.standing(Standing::Failed),
                    ));
                }
            }
        } else {
            let own = view
                .services
                .iter()
                .filter(|s| infra.sector_of(s.service) == sector)
                .count();
            let st = Standing::Unknown;
            spans.push(Span::styled(
                format!("{} {}", st.symbol(), if own > 0 { "◆" } else { "" }),
                theme.standing(st),
            ));
        }
        if known > 0 {
            spans.push(Span::styled(format!(" !{known}"), theme.new_item()));
        }
        lines.push(Line::from(spans));
    }
    if !control && !view.services.is_empty() {
        lines.push(Line::raw(""));
        for v in &view.services {
            // The operator's own services, by the part of the id after the operator's.
            let key = words.service(v.service);
            let short = key
                .split_once('/')
                .map(|(_, s)| s.to_string())
                .unwrap_or(key);
            let mut spans = vec![Span::raw(format!("{} ", abbrev(&short, name_w)))];
            spans.extend(level_spans(
                theme,
                v.level,
                Standing::of(v.level, v.required),
                gw,
            ));
            if points > 0 {
                spans.push(Span::raw(format!(
                    " {}",
                    sparkline(&past(ctx, v, points, 15))
                )));
            }
            if v.on_backup {
                spans.push(Span::raw(" ⟲"));
            }
            if !v.losing.is_empty() {
                spans.push(Span::styled(
                    format!(" ⇠{}", v.losing.len()),
                    theme.standing(Standing::Degraded),
                ));
            }
            lines.push(Line::from(spans));
        }
        if !view.isolated.is_empty() {
            let list: Vec<&str> = view.isolated.iter().map(|k| words.systems(*k)).collect();
            lines.push(Line::raw(format!(
                "{}: {}",
                label(ctx.lang, Label::Isolated),
                list.join(", ")
            )));
        }
    }
    if area.height as usize > lines.len() + 4 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(legend(ctx.lang), theme.hint()));
    }
    if control && area.height as usize > lines.len() + 4 {
        // Room to spare: the services below their required level, worst first.
        let mut failed: Vec<&ServiceView> =
            view.services.iter().filter(|s| s.below_required).collect();
        failed.sort_by(|a, b| a.level.total_cmp(&b.level).then(a.service.cmp(&b.service)));
        lines.push(Line::raw(""));
        let room = (area.height as usize).saturating_sub(lines.len() + 2);
        // Service ids keep their service part whole: two of one operator never read alike.
        let id_w = failed
            .iter()
            .take(room)
            .map(|v| words.service(v.service).width())
            .max()
            .unwrap_or(0)
            .min((area.width as usize).saturating_sub(2 + 2 + gw + 5).max(8));
        for v in failed.iter().take(room) {
            let mut spans = vec![Span::raw(format!(
                "{} ",
                abbrev_id(&words.service(v.service), id_w)
            ))];
            spans.extend(level_spans(
                theme,
                v.level,
                Standing::of(v.level, v.required),
                gw,
            ));
            lines.push(Line::from(spans));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(label(ctx.lang, Label::Board), theme)),
        area,
    );
}

/// The symbols of the board in words.
fn legend(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "● full  ▲ degraded  ✖ below required  ? not known  ◆ yours  !n incidents known  ⇠n losing supply  ⟲ backup"
        }
        Lang::Ja => {
            "● 正常  ▲ 低下  ✖ 必要水準未満  ? 不明  ◆ 自組織  !n 把握インシデント  ⇠n 供給途絶  ⟲ バックアップ"
        }
    }
}

/// The seat's own timeline, oldest first: what it observed (an operator its own services'
/// levels too), was told and did; exercise control's is the ground truth.
pub fn timeline(ctx: &Ctx) -> Vec<(Time, String, bool)> {
    let words = &ctx.words;
    let view = &ctx.view;
    let l = ctx.lang;
    let mut out: Vec<(Time, String, bool)> = Vec::new();
    if ctx.control() {
        for e in &ctx.history.recent {
            if words.routine(&e.what) {
                continue;
            }
            let new = matches!(e.what, crate::session::types::Happening::InjectFired { .. });
            out.push((e.time, words.entry(e), new));
        }
        return out;
    }
    for i in &view.incidents {
        let ops: Vec<String> = i.operators.iter().map(|o| words.operator(*o)).collect();
        let how = match i.how {
            Source::Observed => label(l, Label::Observed).to_string(),
            Source::Message(m) => format!("{} {}", label(l, Label::ToldBy), ctx.seen.num(m)),
            Source::GroundTruth => label(l, Label::GroundTruth).to_string(),
        };
        out.push((
            i.learned,
            format!(
                "⚠ {} — {} — {} ({how})",
                ctx.seen.incident(words, i.incident),
                i.attack.map(|a| words.attack(a)).unwrap_or("?"),
                ops.join(", ")
            ),
            false,
        ));
    }
    for m in &view.inbox {
        let unread = !ctx.read.contains(&m.message);
        out.push((
            m.received,
            format!(
                "✉ {} {} {} {}",
                ctx.seen.num(m.message),
                words.role(m.from),
                words.message_kind(m.kind),
                m.label.label()
            ),
            unread,
        ));
    }
    for a in &view.actions {
        let text = match &a.result {
            Ok(d) => format!("▶ {}", ctx.seen.done(words, d)),
            Err(r) => format!("✗ {}", ctx.seen.refusal(words, r)),
        };
        out.push((a.time, text, false));
    }
    // An operator watches its own services: their level changes as it sees them.
    if let Role::Operator(_) = ctx.seat {
        for v in &view.services {
            let key = words.service(v.service);
            for (t, from, to) in ctx.history.changes_of(v.service) {
                let st = if *to + 1e-9 < v.required {
                    label(l, Label::BelowRequired)
                } else {
                    ""
                };
                out.push((
                    *t,
                    format!("{key} {from:.2} → {to:.2} {st}")
                        .trim_end()
                        .to_string(),
                    false,
                ));
            }
        }
    }
    out.sort_by_key(|x| x.0);
    out
}
