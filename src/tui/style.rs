//! Colours and symbols. Every level is also a number and a symbol, so colour only
//! repeats what the text says; the palette (blue, yellow, red on the terminal's own
//! background) reads on dark and light themes and keeps apart for colour-blind eyes by
//! symbol as well. `NO_COLOR` drops every colour and keeps bold and reverse.

use ratatui::style::{Color, Modifier, Style};

/// How a level stands against what its service needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// At full service.
    Full,
    /// Degraded but at or above the required level.
    Degraded,
    /// Below the required level.
    Failed,
    /// Not known to the seat.
    Unknown,
}

impl Standing {
    /// The standing of `level` against `required`.
    pub fn of(level: f64, required: f64) -> Standing {
        if level + 1e-9 < required {
            Standing::Failed
        } else if level < 0.999 {
            Standing::Degraded
        } else {
            Standing::Full
        }
    }

    /// Its symbol: `●` full, `▲` degraded, `✖` failed, `?` unknown.
    pub fn symbol(self) -> &'static str {
        match self {
            Standing::Full => "●",
            Standing::Degraded => "▲",
            Standing::Failed => "✖",
            Standing::Unknown => "?",
        }
    }
}

/// The styles of one terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// No colours (`NO_COLOR`).
    pub no_color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(c)
        }
    }

    /// A level's style.
    pub fn standing(self, s: Standing) -> Style {
        match s {
            Standing::Full => self.fg(Color::Blue),
            Standing::Degraded => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Standing::Failed => self
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            Standing::Unknown => Style::default().add_modifier(Modifier::DIM),
        }
    }

    /// The status bar.
    pub fn bar(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// Something new for the seat: an unread message, an inject.
    pub fn new_item(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    /// The selected line.
    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A titled pane's title.
    pub fn title(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Dimmed hints.
    pub fn hint(self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }

    /// The engine's answer: taken.
    pub fn ok(self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }

    /// The engine's answer: refused.
    pub fn refused(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}

/// A gauge of `width` cells for a level in [0, 1]: `█` filled, `░` empty.
pub fn gauge(level: f64, width: usize) -> String {
    let filled = ((level.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    "█".repeat(filled) + &"░".repeat(width - filled)
}

/// A sparkline of levels in [0, 1], one cell each.
pub fn sparkline(levels: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    levels
        .iter()
        .map(|l| BARS[((l.clamp(0.0, 1.0) * 7.0).round() as usize).min(7)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_have_symbols_and_gauges() {
        assert_eq!(Standing::of(1.0, 0.5), Standing::Full);
        assert_eq!(Standing::of(0.6, 0.5), Standing::Degraded);
        assert_eq!(Standing::of(0.4, 0.5), Standing::Failed);
        // 0.5 of 4 cells: 2 filled.
        assert_eq!(gauge(0.5, 4), "██░░");
        assert_eq!(sparkline(&[0.0, 1.0]), "▁█");
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let t = Theme { no_color: true };
        assert_eq!(t.standing(Standing::Failed).fg, None);
        assert!(
            t.standing(Standing::Failed)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }
}
