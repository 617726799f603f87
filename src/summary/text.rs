//! The human-readable form of a run summary.

use super::RunSummary;
use std::fmt::Write;

impl RunSummary {
    /// A readable report: the cascade timeline, then per-sector and per-service measures.
    /// Without `full`, routine entries (buffer timers, repair-speed changes, message
    /// deliveries, stage starts) are left out of the timeline.
    pub fn to_text(&self, full: bool) -> String {
        let mut out = String::new();
        let w = &mut out;
        let _ = writeln!(
            w,
            "rensa: {} — seed {}, {} simulated to {}, {} events",
            self.scenario, self.seed, self.duration, self.end, self.events
        );
        let _ = writeln!(w, "\nTimeline");
        for r in self.timeline.iter().filter(|r| full || !r.routine) {
            let _ = writeln!(w, "  {}  {}", r.time, r.text);
        }
        let _ = writeln!(w, "\nSectors");
        let _ = writeln!(
            w,
            "  {:<40} {:>9} {:>9} {:>12} {:>18}",
            "sector", "min level", "at", "hours below", "person-hours lost"
        );
        for s in &self.sectors {
            let label = format!("{} {}", s.id, s.name_ja);
            let _ = writeln!(
                w,
                "  {} {:>9.3} {:>9} {:>12.2} {:>18.0}",
                truncate(&label, 40),
                s.min_level,
                if s.min_level < 1.0 {
                    s.min_level_at.as_str()
                } else {
                    "-"
                },
                s.hours_below_required,
                s.person_hours_lost
            );
        }
        if !self.services.is_empty() {
            let _ = writeln!(w, "\nServices affected");
            let _ = writeln!(
                w,
                "  {:<40} {:>9} {:>12} {:>18}",
                "service", "min level", "hours below", "person-hours lost"
            );
            for s in &self.services {
                let _ = writeln!(
                    w,
                    "  {} {:>9.3} {:>12.2} {:>18.0}",
                    truncate(&s.id, 40),
                    s.min_level,
                    s.hours_below_required,
                    s.person_hours_lost
                );
            }
        }
        let by_policy = self.actions.iter().filter(|a| a.origin != "player").count();
        let refused = self
            .actions
            .iter()
            .filter(|a| a.status == "refused")
            .count();
        let _ = writeln!(
            w,
            "\nDrill: {} message(s) sent; {} action(s), {} by players and {by_policy} by policies; {refused} refused.{}",
            self.messages.len(),
            self.actions.len(),
            self.actions.len() - by_policy,
            if full || self.messages.is_empty() {
                ""
            } else {
                " `--detail full` shows the messages."
            }
        );
        let t = &self.totals;
        let _ = writeln!(
            w,
            "\nTotal: {:.0} person-hours lost; {} service(s) in {} sector(s) fell below their required level; {} incident(s).",
            t.person_hours_lost, t.services_below_required, t.sectors_below_required, t.incidents
        );
        out
    }
}

/// Cuts or pads `s` to exactly `n` display columns (CJK characters count as two).
fn truncate(s: &str, n: usize) -> String {
    let mut width = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = if (c as u32) >= 0x1100 { 2 } else { 1 };
        if width + cw > n {
            break;
        }
        width += cw;
        out.push(c);
    }
    // Pad by display width: format!'s padding counts chars, not columns.
    out + &" ".repeat(n - width)
}
