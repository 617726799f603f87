//! Text tables for the terminal: columns sized by display width (a Japanese heading or
//! name is two columns a character), so long names and Japanese never push the columns
//! out of line. Built on comfy-table, without borders, as plain text.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: flush left.
    Left,
    /// Numbers: flush right.
    Right,
}

/// A table of `header` and `rows`, each column aligned as `align` says, indented by
/// `indent` spaces, columns two spaces apart; every line ends without trailing spaces.
pub fn table(indent: usize, header: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let mut t = Table::new();
    t.load_style(presets::NOTHING)
        // Never wrapped: a terminal or a file gets the whole line.
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    for r in rows {
        t.add_row(r.clone());
    }
    for (i, a) in align.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(match a {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            });
            // Two spaces between columns, none after the last.
            c.set_padding((0, if i + 1 < align.len() { 2 } else { 0 }));
        }
    }
    let pad = " ".repeat(indent);
    t.lines()
        .map(|line| format!("{pad}{}\n", line.trim_end()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn columns_line_up_by_display_width() {
        let rows = vec![
            vec!["電力".to_string(), "1".to_string()],
            vec![
                "a-fifty-character-edge-name-a-fifty-character-edge".to_string(),
                "12345".to_string(),
            ],
        ];
        let t = table(2, &["分野", "n"], &[Align::Left, Align::Right], &rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3, "{t}");
        // Every line is as wide on screen as the widest: the right column's last
        // characters stand one above the other.
        let widths: Vec<usize> = lines.iter().map(|l| l.width()).collect();
        assert!(widths.iter().all(|w| *w == widths[1]), "{widths:?}\n{t}");
        assert!(lines[0].starts_with("  分野"), "{t}");
        assert!(
            lines[1].ends_with(" 1") && lines[2].ends_with("12345"),
            "{t}"
        );
    }
}
