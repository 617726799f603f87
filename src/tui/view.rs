//! Drawing: every screen is a pure function of the app state (the session, the seat, the
//! screen's own state) and the area it is given. Nothing here changes state or assumes a
//! local terminal: the same function can draw a seat on any terminal.

use super::app::{App, Overlay, SPEEDS, Screen};
use super::keys::{bindings, screen_bindings};
use super::style::{Standing, Theme, gauge, sparkline};
use crate::model::drill::{Action, IncidentRef, Role};
use crate::model::{Sector, ServiceId, Time};
use crate::present::tui::{Label, census, command, effect_and_cost, label};
use crate::present::{Lang, Words};
use crate::session::types::{RoleView, ServiceView, Source};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Draws the whole screen of `app` into `frame`.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme {
        no_color: app.no_color,
    };
    let [status, body, answer, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(status_line(app, theme, status.width)).style(theme.bar()),
        status,
    );
    match app.screen {
        Screen::Start => start(frame, app, theme, body),
        Screen::Board => board_screen(frame, app, theme, body),
        Screen::Inbox => inbox(frame, app, theme, body),
        Screen::Message(k) => message(frame, app, theme, body, k),
        Screen::Actions => actions(frame, app, theme, body),
        Screen::Compose => compose(frame, app, theme, body),
        Screen::Deps => deps(frame, app, theme, body),
        Screen::Score => score(frame, app, theme, body),
        Screen::Control => control(frame, app, theme, body),
        Screen::Lessons => lessons(frame, app, theme, body),
        Screen::End => end(frame, app, theme, body),
    }
    frame.render_widget(Paragraph::new(answer_line(app, theme)), answer);
    frame.render_widget(Paragraph::new(hint_line(app, theme, hints.width)), hints);
    match app.overlay {
        Some(Overlay::Help) => help(frame, app, theme, area),
        Some(Overlay::ConfirmQuit) => {
            let r = centered(area, 56, 3);
            frame.render_widget(Clear, r);
            frame.render_widget(
                Paragraph::new(label(app.lang, Label::QuitConfirm))
                    .wrap(Wrap { trim: true })
                    .block(Block::default().borders(Borders::ALL)),
                r,
            );
        }
        Some(Overlay::Minute { rewind }) => {
            let r = centered(area, 40, 3);
            frame.render_widget(Clear, r);
            let title = label(
                app.lang,
                if rewind {
                    Label::RewindTo
                } else {
                    Label::JumpTo
                },
            );
            frame.render_widget(
                Paragraph::new(format!(
                    "{}: {}▏ {}",
                    label(app.lang, Label::Minute),
                    app.minute,
                    app.minute
                        .parse::<u64>()
                        .map(|m| Time(m).to_string())
                        .unwrap_or_default()
                ))
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(Span::styled(title, theme.title())),
                ),
                r,
            );
        }
        Some(Overlay::Seat) => {
            let seats = app.seats();
            let r = centered(area, 50, seats.len() as u16 + 2);
            frame.render_widget(Clear, r);
            let words = app.words();
            let lines: Vec<Line> = seats
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let text = format!(
                        "{}{}  ({} {})",
                        if i == app.cursor { "▸" } else { " " },
                        role_names(&words, *s),
                        label(app.lang, Label::Unread),
                        app.unread(*s)
                    );
                    Line::styled(text, sel(theme, i == app.cursor))
                })
                .collect();
            frame.render_widget(
                Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(
                    Span::styled(label(app.lang, Label::SwitchSeat), theme.title()),
                )),
                r,
            );
        }
        None => {}
    }
}

fn sel(theme: Theme, on: bool) -> Style {
    if on {
        theme.selected()
    } else {
        Style::default()
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `s` cut to `w` display columns (wide characters count two) and padded to them.
pub fn fit(s: &str, w: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push_str(&" ".repeat(w - used));
    out
}

/// `s` in lines of at most `w` columns, broken between words (and between CJK
/// characters, by the Unicode line-breaking rules); lines after the first are indented
/// by `indent`. A word longer than a line is split; hyphenated ids are not broken.
pub fn wrap(s: &str, w: usize, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent.min(w / 2));
    // Ids such as `hinode-comm` stay whole: no breaking at their hyphens.
    let options = textwrap::Options::new(w.max(1))
        .subsequent_indent(&pad)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(s, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

fn pane<'a>(title: &'a str, theme: Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()))
}

/// A role by its Japanese name and its English id.
fn role_names(words: &Words, r: Role) -> String {
    let ja = words.in_lang(Lang::Ja).role(r);
    let en = words.in_lang(Lang::En).role(r);
    if words.lang() == Lang::Ja {
        format!("{ja} ({en})")
    } else {
        format!("{en} ({ja})")
    }
}

fn status_line(app: &App, theme: Theme, width: u16) -> Line<'static> {
    let l = app.lang;
    let wide = width >= 110;
    let now = app.session.now();
    let state = if app.finished() {
        format!("■ {}", label(l, Label::Finished))
    } else if app.clock.target.is_some() {
        format!("» {}", label(l, Label::JumpTo))
    } else if app.clock.paused {
        format!("⏸ {}", label(l, Label::Paused))
    } else {
        format!("▶ {}", label(l, Label::Running))
    };
    let state = if wide {
        state
    } else {
        state.chars().take(1).collect()
    };
    let mut spans = vec![Span::styled(
        if wide {
            format!(
                " {} / {} │ {} │ {} {}m/s ",
                now,
                app.session.end(),
                state,
                label(l, Label::Speed),
                SPEEDS[app.clock.speed]
            )
        } else {
            format!(" {now} {state} {}m/s ", SPEEDS[app.clock.speed])
        },
        theme.bar(),
    )];
    if let Some(seat) = app.seat {
        let words = app.words();
        spans.push(Span::styled(
            if wide {
                format!("│ {}: {} ", label(l, Label::Seat), words.role(seat))
            } else {
                format!("│ {} ", words.role(seat))
            },
            theme.bar(),
        ));
        let unread = app.unread(seat);
        let style = if unread > 0 {
            theme
                .new_item()
                .add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            theme.bar()
        };
        spans.push(Span::styled(
            format!("│ ✉ {} {} ", label(l, Label::Unread), unread),
            style,
        ));
    }
    if let Some((t, n)) = app.branch {
        spans.push(Span::styled(
            format!("│ {} {n} @{t} ", label(l, Label::Branch)),
            theme.bar(),
        ));
    }
    if app.unsaved() {
        spans.push(Span::styled("│ * ", theme.bar()));
    }
    Line::from(spans)
}

fn answer_line(app: &App, theme: Theme) -> Line<'static> {
    match (&app.answer, &app.notice) {
        (Some(Ok(t)), _) => Line::from(vec![
            Span::styled(format!("✓ {}: ", label(app.lang, Label::Taken)), theme.ok()),
            Span::raw(t.clone()),
        ]),
        (Some(Err(t)), _) => Line::from(vec![
            Span::styled(
                format!("✗ {}: ", label(app.lang, Label::Refused)),
                theme.refused(),
            ),
            Span::raw(t.clone()),
        ]),
        (None, Some(n)) => Line::raw(n.clone()),
        (None, None) => Line::raw(""),
    }
}

fn hint_line(app: &App, theme: Theme, width: u16) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0usize;
    for bd in bindings(app) {
        if bd.shown.is_empty() {
            continue;
        }
        let text = format!("{} {}  ", bd.shown, command(app.lang, bd.command));
        let w = text.width();
        if used + w > width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(format!("{} ", bd.shown), theme.title()));
        spans.push(Span::styled(
            format!("{}  ", command(app.lang, bd.command)),
            theme.hint(),
        ));
    }
    Line::from(spans)
}

fn help(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let list = screen_bindings(app);
    let shown: Vec<_> = list.iter().filter(|b| !b.shown.is_empty()).collect();
    let r = centered(area, 48, shown.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let lines: Vec<Line> = shown
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<8}", b.shown), theme.title()),
                Span::raw(command(app.lang, b.command)),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(app.lang, Label::Help), theme)),
        r,
    );
}

fn start(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let l = app.lang;
    let words = app.words();
    let players = app.session.players().len();
    let mut lines = vec![
        Line::styled(label(l, Label::Title), theme.title()),
        Line::raw(scenario_title(app)),
        Line::raw(""),
    ];
    if players > 0 {
        lines.push(Line::styled(
            format!("── {} ──", label(l, Label::Players)),
            theme.title(),
        ));
    }
    let roles = app.roles();
    // Keep the cursor on screen: the list scrolls.
    let room = area.height.saturating_sub(7) as usize;
    let first = app.cursor.saturating_sub(room.saturating_sub(1));
    for (i, r) in roles.iter().enumerate() {
        if i == players {
            lines.push(Line::styled(
                format!("── {} ──", label(l, Label::OtherRoles)),
                theme.title(),
            ));
        }
        if i < first && i >= players || i >= first + room {
            continue;
        }
        let mark = if i == app.cursor { "▸" } else { " " };
        lines.push(Line::styled(
            format!("{mark} {}", role_names(&words, *r)),
            sel(theme, i == app.cursor),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(l, Label::ChooseRole), theme)),
        area,
    );
}

/// The level of a service at minute `t`, from the app's history.
fn past(app: &App, v: &ServiceView, points: usize, step: u64) -> Vec<f64> {
    let now = app.session.now().0;
    (0..points)
        .map(|k| {
            let back = (points - 1 - k) as u64 * step;
            let t = Time(now.saturating_sub(back));
            app.history.level_at(v.service, t, v.level)
        })
        .collect()
}

fn board_screen(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let left = if area.width >= 120 {
        area.width * 11 / 20
    } else {
        area.width.min(40)
    };
    let [a, b] = Layout::horizontal([Constraint::Length(left), Constraint::Min(10)]).areas(area);
    board(frame, app, theme, a);
    events(frame, app, theme, b);
}

fn level_spans(theme: Theme, level: f64, st: Standing, gw: usize) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{} ", st.symbol()), theme.standing(st)),
        Span::styled(gauge(level, gw), theme.standing(st)),
        Span::raw(format!(" {:>3.0}%", level * 100.0)),
    ]
}

fn board(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(view) = app.view() else { return };
    let words = app.words();
    let wide = area.width >= 60;
    let spare = (area.width as usize).saturating_sub(44);
    let gw = if wide { (spare / 3).clamp(12, 30) } else { 6 };
    let points = if wide { (spare / 2).clamp(24, 60) } else { 5 };
    // Names take what the gauge (symbol, bar, percent), the sparkline and the marks
    // (" ✖n !n") leave, up to the longest name: cut only when the pane is narrow.
    let name_w = if wide {
        let longest = Sector::ALL
            .iter()
            .map(|s| words.sector(*s).width())
            .max()
            .unwrap_or(0);
        let others = 2 + gw + 5 + 1 + points + 8;
        let room = (area.width as usize).saturating_sub(2 + others + 1);
        longest.min(room.max(18))
    } else {
        11
    };
    let infra = &app.scenario().infra;
    let mut lines: Vec<Line> = Vec::new();
    let control = view.role == Role::Control;
    for sector in Sector::ALL {
        let name = fit(words.sector(sector), name_w);
        let known: usize = view
            .incidents
            .iter()
            .filter(|i| {
                i.operators
                    .iter()
                    .any(|o| infra.operator(*o).sector == sector)
            })
            .count();
        let mut spans = vec![Span::raw(format!("{name} "))];
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
                // A sparkline of the sector's mean level over the recent past.
                let mut sums = vec![0.0; points];
                for s in &svcs {
                    for (k, x) in past(app, s, points, 15).into_iter().enumerate() {
                        sums[k] += x / n;
                    }
                }
                spans.push(Span::raw(format!(" {}", sparkline(&sums))));
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
    // The seat's own services, with their required level and recent past.
    if !control && !view.services.is_empty() {
        lines.push(Line::raw(""));
        for v in &view.services {
            // The operator's own services, by the part of the id after the operator's.
            let key = words.service(v.service);
            let short = key
                .split_once('/')
                .map(|(_, s)| s.to_string())
                .unwrap_or(key);
            let mut spans = vec![Span::raw(format!("{} ", fit(&short, name_w)))];
            spans.extend(level_spans(
                theme,
                v.level,
                Standing::of(v.level, v.required),
                gw,
            ));
            spans.push(Span::raw(format!(
                " {}",
                sparkline(&past(app, v, points, 15))
            )));
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
                label(app.lang, Label::Isolated),
                list.join(", ")
            )));
        }
    }
    // A legend, where there is room: every symbol in words.
    if area.height as usize > lines.len() + 4 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(legend(app.lang), theme.hint()));
    }
    if control && area.height as usize > lines.len() + 4 {
        // Room to spare: the services below their required level, worst first.
        let mut failed: Vec<&ServiceView> =
            view.services.iter().filter(|s| s.below_required).collect();
        failed.sort_by(|a, b| a.level.total_cmp(&b.level).then(a.service.cmp(&b.service)));
        lines.push(Line::raw(""));
        for v in failed.iter().take(area.height as usize - lines.len() - 2) {
            let mut spans = vec![Span::raw(format!(
                "{} ",
                fit(&words.service(v.service), name_w)
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
            .block(pane(label(app.lang, Label::Board), theme)),
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

/// The seat's own timeline: what it observed, was told and did, when.
pub fn timeline(app: &App, view: &RoleView) -> Vec<(Time, String, bool)> {
    let words = app.words();
    let l = app.lang;
    let mut out: Vec<(Time, String, bool)> = Vec::new();
    if view.role == Role::Control {
        for e in &app.history.recent {
            if words.routine(&e.what) {
                continue;
            }
            let new = matches!(e.what, crate::session::types::Happening::InjectFired { .. });
            out.push((e.time, words.entry(e), new));
        }
        return out;
    }
    let read = app.read.get(&view.role);
    for i in &view.incidents {
        let ops: Vec<String> = i.operators.iter().map(|o| words.operator(*o)).collect();
        let how = match i.how {
            Source::Observed => label(l, Label::Observed).to_string(),
            Source::Message(m) => format!("{} #{m}", label(l, Label::ToldBy)),
            Source::GroundTruth => label(l, Label::GroundTruth).to_string(),
        };
        out.push((
            i.learned,
            format!(
                "⚠ {} — {} — {} ({how})",
                words.incident(i.incident),
                i.attack.map(|a| words.attack(a)).unwrap_or("?"),
                ops.join(", ")
            ),
            false,
        ));
    }
    for m in &view.inbox {
        let unread = !read.is_some_and(|r| r.contains(&m.message));
        out.push((
            m.received,
            format!(
                "✉ #{} {} {} {}",
                m.message,
                words.role(m.from),
                words.message_kind(m.kind),
                m.label.label()
            ),
            unread,
        ));
    }
    for a in &view.actions {
        let text = match &a.result {
            Ok(d) => format!("▶ {}", words.done(d)),
            Err(r) => format!("✗ {}", words.refusal(r)),
        };
        out.push((a.time, text, false));
    }
    out.sort_by_key(|x| x.0);
    out
}

fn events(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(view) = app.view() else { return };
    let items = timeline(app, &view);
    let room = area.height.saturating_sub(2) as usize;
    let w = area.width.saturating_sub(2) as usize;
    // Long entries wrap under their time; the newest whole entries stay in view.
    let mut lines: Vec<Line> = Vec::new();
    for (t, text, new) in items.iter().rev() {
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
        lines.push(Line::styled(label(app.lang, Label::NoEvents), theme.hint()));
    }
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(app.lang, Label::Events), theme)),
        area,
    );
}

fn inbox(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(view) = app.view() else { return };
    let words = app.words();
    let read = app.read.get(&view.role);
    let w = area.width.saturating_sub(2) as usize;
    let room = area.height.saturating_sub(2) as usize;
    let first = app.cursor.saturating_sub(room.saturating_sub(1));
    let mut lines: Vec<Line> = view
        .inbox
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, m)| {
            let unread = !read.is_some_and(|r| r.contains(&m.message));
            let text = format!(
                "{} #{:<3} {} {} {} {} {}",
                if unread { "●" } else { " " },
                m.message,
                m.received,
                words.role(m.from),
                words.message_kind(m.kind),
                m.label.label(),
                m.incident.map(|x| words.incident(x)).unwrap_or_default()
            );
            let mut style = if unread {
                theme.new_item()
            } else {
                Style::default()
            };
            if i == app.cursor {
                style = style.patch(theme.selected());
            }
            Line::styled(fit(&text, w), style)
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            label(app.lang, Label::NoMessages),
            theme.hint(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(app.lang, Label::Inbox), theme)),
        area,
    );
}

fn message(frame: &mut Frame, app: &App, theme: Theme, area: Rect, k: usize) {
    let Some(view) = app.view() else { return };
    let Some(m) = view.inbox.get(k) else { return };
    let words = app.words();
    let l = app.lang;
    let sent = app
        .session
        .messages()
        .get(m.message as usize)
        .map(|x| x.sent.to_string())
        .unwrap_or_default();
    let row = |k: Label, v: String| {
        Line::from(vec![
            Span::styled(fit(label(l, k), 10), theme.title()),
            Span::raw(v),
        ])
    };
    let mut lines = vec![
        row(Label::From, words.role(m.from)),
        row(Label::Kind, words.message_kind(m.kind).to_string()),
        row(Label::LabelTlp, m.label.label().to_string()),
        row(Label::Sent, sent),
        row(Label::Delivered, m.received.to_string()),
    ];
    if let Some(i) = m.incident {
        lines.push(row(Label::About, words.incident(i)));
    }
    if let Some(a) = m.attack {
        lines.push(row(Label::Attack, words.attack(a).to_string()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(m.text.clone()));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(label(l, Label::Inbox), theme).title(format!(" #{} ", m.message))),
        area,
    );
}

/// What a message action is about, for the menu: ` — ddos-dns`, ` — DDoS`.
fn about(words: &Words, a: &Action) -> String {
    match a {
        Action::Send {
            about: Some(IncidentRef::Inject(k)),
            ..
        } => format!(" — {}", words.inject_key(*k)),
        Action::Send {
            about: Some(IncidentRef::Id(x)),
            ..
        } => format!(" — {}", words.incident(*x)),
        Action::Send {
            attack: Some(k), ..
        } => format!(" — {}", words.attack(*k)),
        _ => String::new(),
    }
}

fn actions(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let items = app.menu();
    let words = app.words();
    let l = app.lang;
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(area);
    let w = list.width.saturating_sub(2) as usize;
    let room = list.height.saturating_sub(2) as usize;
    let first = app.cursor.saturating_sub(room.saturating_sub(1));
    let mut lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, it)| {
            Line::styled(
                fit(
                    &format!(
                        "{} {}{}",
                        if i == app.cursor { "▸" } else { " " },
                        words.action(&it.action),
                        about(&words, &it.action)
                    ),
                    w,
                ),
                sel(theme, i == app.cursor),
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(label(l, Label::NoActions), theme.hint()));
    }
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(l, Label::Actions), theme)),
        list,
    );
    let mut d = Vec::new();
    if let Some(it) = items.get(app.cursor) {
        let (effect, cost) = effect_and_cost(l, it.class);
        d.push(Line::from(vec![
            Span::styled(format!("{}: ", label(l, Label::Effect)), theme.title()),
            Span::raw(effect),
        ]));
        d.push(Line::from(vec![
            Span::styled(format!("{}: ", label(l, Label::Cost)), theme.title()),
            Span::raw(cost),
        ]));
    }
    frame.render_widget(
        Paragraph::new(d).wrap(Wrap { trim: true }).block(pane(
            words.action_class(
                items
                    .get(app.cursor)
                    .map(|i| i.class)
                    .unwrap_or(crate::model::drill::ActionClass::Note),
            ),
            theme,
        )),
        detail,
    );
}

fn compose(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(c) = &app.compose else { return };
    let words = app.words();
    let l = app.lang;
    let labels = app.allowed_labels();
    let focus = |f: usize| {
        if c.field == f {
            theme.selected()
        } else {
            theme.title()
        }
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(fit(label(l, Label::Kind), 8), focus(0)),
        Span::raw(format!(
            " ◂ {} ▸",
            c.kinds
                .get(c.kind)
                .map(|k| words.message_kind(*k))
                .unwrap_or("—")
        )),
    ])];
    lines.push(Line::styled(fit(label(l, Label::To), 8), focus(1)));
    let room = area.height.saturating_sub(10) as usize;
    let first = c.cursor.saturating_sub(room.saturating_sub(1));
    for (i, r) in c
        .recipients
        .iter()
        .enumerate()
        .skip(first)
        .take(room.max(1))
    {
        let mark = if c.chosen[i] { "[x]" } else { "[ ]" };
        let style = if i == c.cursor && c.field == 1 {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(format!("  {mark} {}", words.role(*r)), style));
    }
    lines.push(Line::from(vec![
        Span::styled(fit(label(l, Label::About), 8), focus(2)),
        Span::raw(format!(
            " ◂ {} ▸",
            c.incidents
                .get(c.incident)
                .copied()
                .flatten()
                .map(|i| words.incident(i))
                .unwrap_or_else(|| "—".into())
        )),
    ]));
    let shown: Vec<String> = labels
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i == c.label {
                format!("[{}]", t.label())
            } else {
                t.label().to_string()
            }
        })
        .collect();
    lines.push(Line::from(vec![
        Span::styled(fit(label(l, Label::LabelTlp), 8), focus(3)),
        Span::raw(format!(
            " {}",
            if shown.is_empty() {
                "—".to_string()
            } else {
                shown.join(" ")
            }
        )),
    ]));
    lines.push(Line::from(vec![
        Span::styled(fit(label(l, Label::Text), 8), focus(4)),
        Span::raw(format!(" {}▏", c.text)),
    ]));
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(l, Label::Compose), theme)),
        area,
    );
}

fn deps(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(view) = app.view() else { return };
    let words = app.words();
    let l = app.lang;
    let ops = app.deps_operators();
    let infra = &app.scenario().infra;
    let [list, detail] =
        Layout::horizontal([Constraint::Length(area.width.min(30)), Constraint::Min(10)])
            .areas(area);
    let room = list.height.saturating_sub(2) as usize;
    let first = app.cursor.saturating_sub(room.saturating_sub(1));
    let lines: Vec<Line> = ops
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, o)| {
            Line::styled(
                fit(&words.operator(*o), (list.width as usize).saturating_sub(2)),
                sel(theme, i == app.cursor),
            )
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(l, Label::Deps), theme)),
        list,
    );
    let Some(o) = ops
        .get(app.cursor.min(ops.len().saturating_sub(1)))
        .copied()
    else {
        frame.render_widget(Paragraph::new("").block(pane("", theme)), detail);
        return;
    };
    // What the seat knows of the edges: an operator its own services' losses; control all.
    let losing = |s: ServiceId, p: ServiceId| -> Option<bool> {
        view.services
            .iter()
            .find(|v| v.service == s)
            .map(|v| v.losing.contains(&p))
    };
    let mut d: Vec<Line> = Vec::new();
    for s in &infra.operator(o).services {
        d.push(Line::styled(words.service(*s), theme.title()));
        for dep in infra.providers_of(*s) {
            let lose = losing(*s, dep.provider);
            let (mark, style) = match lose {
                Some(true) => ("⇠ ✖", theme.standing(Standing::Failed)),
                Some(false) => ("⇠  ", Style::default()),
                None => ("⇠ ?", theme.hint()),
            };
            d.push(Line::styled(
                format!(
                    "  {mark} {} {} ({})",
                    label(l, Label::DependsOn),
                    words.service(dep.provider),
                    words.dependency_kind(dep.kind)
                ),
                style,
            ));
        }
        for dep in infra.dependents_of(*s) {
            d.push(Line::raw(format!(
                "  ⇢   {} {}",
                label(l, Label::DependedOnBy),
                words.service(dep.dependent)
            )));
        }
    }
    frame.render_widget(
        Paragraph::new(d).block(pane("", theme).title(words.operator(o))),
        detail,
    );
}

fn score(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let words = app.words();
    let l = app.lang;
    let texts = words.objective_texts();
    // Control sees each objective's status as it stands; a player only once the drill
    // has ended (the status is ground truth until the hot wash).
    let scored = (app.seat == Some(Role::Control) || app.finished()).then(|| {
        let outcome = app.session.outcome().to_outcome();
        crate::score::Score::compute(app.scenario(), &outcome)
    });
    let mut lines = vec![Line::styled(label(l, Label::Objectives), theme.title())];
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
        lines.push(Line::raw(format!("{} {}", fit(&status, 18), t)));
    }
    if let Some(seat) = app.seat {
        let view = app.session.view(seat);
        let taken = view.actions.iter().filter(|a| a.result.is_ok()).count();
        let refused = view.actions.len() - taken;
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "{}: {taken}  {}: {refused}",
            label(l, Label::Taken),
            label(l, Label::Refused)
        )));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(label(l, Label::Score), theme)),
        area,
    );
}

fn control(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let words = app.words();
    let l = app.lang;
    let w = area.width.saturating_sub(2) as usize;
    let injects = app.scenario().injects.len();
    let mut lines = vec![Line::styled(label(l, Label::WorldNow), theme.title())];
    for line in census(l, &app.session.census()) {
        lines.push(Line::raw(fit(&format!("  {line}"), w)));
    }
    lines.push(Line::styled(label(l, Label::InjectLibrary), theme.title()));
    for (k, inj) in app.scenario().injects.iter().enumerate() {
        lines.push(Line::styled(
            fit(
                &format!("  ⚡ {} — {}", inj.key, words.inject_kind(&inj.kind)),
                w,
            ),
            sel(theme, k == app.cursor),
        ));
    }
    lines.push(Line::styled(label(l, Label::UnreadBySeat), theme.title()));
    // The roles scroll with the cursor below the library.
    let roles = app.roles();
    let room = (area.height as usize)
        .saturating_sub(lines.len() + 2)
        .max(1);
    let at = app.cursor.saturating_sub(injects);
    let first = at.saturating_sub(room.saturating_sub(1));
    for (i, r) in roles.iter().enumerate().skip(first).take(room) {
        let n = app.unread(*r);
        let style = if n > 0 {
            theme.new_item()
        } else {
            Style::default()
        };
        let on = app.cursor >= injects && i == at;
        lines.push(Line::styled(
            fit(&format!("  ✉ {n:>3}  {}", words.role(*r)), w),
            if on {
                style.patch(theme.selected())
            } else {
                style
            },
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(pane(label(l, Label::Control), theme)),
        area,
    );
}

fn lessons(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let Some(form) = &app.lesson else { return };
    let words = app.words();
    let l = app.lang;
    let focus = |f: usize| {
        if form.field == f {
            theme.selected()
        } else {
            theme.title()
        }
    };
    let lines = vec![
        Line::styled(role_names(&words, form.draft.role), theme.title()),
        Line::raw(""),
        Line::from(vec![
            Span::styled(fit(label(l, Label::WentWell), 12), focus(0)),
            Span::raw(format!(" {}▏", form.draft.went_well)),
        ]),
        Line::from(vec![
            Span::styled(fit(label(l, Label::WentBadly), 12), focus(1)),
            Span::raw(format!(" {}▏", form.draft.went_badly)),
        ]),
        Line::from(vec![
            Span::styled(fit(label(l, Label::ScoreOneToFive), 12), focus(2)),
            Span::raw(format!(
                " {} {}",
                "★".repeat(form.draft.score as usize),
                form.draft.score
            )),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            pane(label(l, Label::Lessons), theme).title(format!(
                " {}/{} ",
                form.seat + 1,
                app.played.len()
            )),
        ),
        area,
    );
}

fn end(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let l = app.lang;
    let mut lines = Vec::new();
    match &app.saved {
        Some(s) => {
            lines.push(Line::raw(format!(
                "{}: {}",
                label(l, Label::SaveDone),
                s.path
            )));
            lines.push(Line::raw(""));
            lines.push(Line::styled(label(l, Label::AarHint), theme.title()));
            lines.push(Line::raw(s.aar.clone()));
            if let Some(n) = &app.notice {
                lines.push(Line::raw(""));
                lines.push(Line::raw(n.clone()));
            }
        }
        None => lines.push(Line::raw(app.notice.clone().unwrap_or_default())),
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(label(l, Label::End), theme)),
        area,
    );
}

/// The scenario's name in the seat's language (English when it has no Japanese name).
fn scenario_title(app: &App) -> String {
    let s = app.scenario();
    if app.lang == Lang::Ja && !s.name_ja.is_empty() {
        s.name_ja.clone()
    } else {
        s.name.clone()
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn english_breaks_between_words_and_indents_what_follows() {
        let lines = wrap("T+01:00 a 1.00 → 0.85 ok (cyber, strength 0.15)", 24, 8);
        assert_eq!(
            lines,
            [
                "T+01:00 a 1.00 → 0.85 ok",
                "        (cyber, strength",
                "        0.15)"
            ]
        );
    }

    #[test]
    fn an_id_is_not_broken_at_its_hyphen() {
        let lines = wrap("T+01:00 DDoS — hinode-comm (observed)", 22, 8);
        assert_eq!(
            lines,
            [
                "T+01:00 DDoS —",
                "        hinode-comm",
                "        (observed)"
            ]
        );
    }

    #[test]
    fn japanese_breaks_at_the_width_in_display_columns() {
        let lines = wrap("T+01:00 日の出通信の基幹網が輻輳し供給が途絶えた", 20, 2);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(l.width() <= 20, "{l:?} is {} columns", l.width());
        }
        assert_eq!(
            lines.concat().replace(' ', ""),
            "T+01:00日の出通信の基幹網が輻輳し供給が途絶えた"
        );
    }
}
