//! The human-readable form of a report, in its language.

use super::Lang;
use super::report::Report;
use std::fmt::Write;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

impl Report {
    /// A readable report: the cascade timeline, then per-sector and per-service measures.
    /// Without `full`, routine entries (buffer timers, repair-speed changes, message
    /// deliveries, stage starts) are left out of the timeline.
    pub fn to_text(&self, full: bool) -> String {
        let ja = self.language == Lang::Ja;
        let mut out = String::new();
        let w = &mut out;
        if ja {
            let _ = writeln!(
                w,
                "rensa: {} — シード {}、{} を {} まで模擬、イベント {} 件",
                self.title, self.seed, self.duration, self.end, self.events
            );
            let _ = writeln!(w, "\nタイムライン");
        } else {
            let _ = writeln!(
                w,
                "rensa: {} — seed {}, {} simulated to {}, {} events",
                self.scenario, self.seed, self.duration, self.end, self.events
            );
            let _ = writeln!(w, "\nTimeline");
        }
        for r in self.timeline.iter().filter(|r| full || !r.routine) {
            let _ = writeln!(w, "  {}  {}", r.time, r.text);
        }
        let headings: [&str; 5] = if ja {
            ["分野", "最低水準", "時刻", "未満の時間", "損失人時"]
        } else {
            [
                "sector",
                "min level",
                "at",
                "hours below",
                "person-hours lost",
            ]
        };
        let _ = writeln!(w, "\n{}", if ja { "分野別" } else { "Sectors" });
        let _ = writeln!(
            w,
            "  {} {} {} {} {}",
            pad(headings[0], 40),
            lpad(headings[1], 9),
            lpad(headings[2], 9),
            lpad(headings[3], 12),
            lpad(headings[4], 18)
        );
        for s in &self.sectors {
            let label = if ja {
                format!("{} {}", s.name_ja, s.id)
            } else {
                format!("{} {}", s.id, s.name_ja)
            };
            let _ = writeln!(
                w,
                "  {} {:>9.3} {:>9} {:>12.2} {:>18.0}",
                pad(&label, 40),
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
            let _ = writeln!(
                w,
                "\n{}",
                if ja {
                    "影響を受けたサービス"
                } else {
                    "Services affected"
                }
            );
            let first = if ja { "サービス" } else { "service" };
            let _ = writeln!(
                w,
                "  {} {} {} {}",
                pad(first, 40),
                lpad(headings[1], 9),
                lpad(headings[3], 12),
                lpad(headings[4], 18)
            );
            for s in &self.services {
                let _ = writeln!(
                    w,
                    "  {} {:>9.3} {:>12.2} {:>18.0}",
                    pad(&s.id, 40),
                    s.min_level,
                    s.hours_below_required,
                    s.person_hours_lost
                );
            }
        }
        let by_policy = self
            .actions
            .iter()
            .filter(|a| matches!(a.origin, super::report::OriginRecord::Policy { .. }))
            .count();
        let refused = self
            .actions
            .iter()
            .filter(|a| matches!(a.result, super::report::ResultRecord::Refused { .. }))
            .count();
        let players = self.actions.len() - by_policy;
        let hint = !(full || self.messages.is_empty());
        if ja {
            let _ = writeln!(
                w,
                "\n演習: メッセージ {} 件を送信。行動 {} 件（プレイヤー {players} 件、ポリシー {by_policy} 件）、うち拒否 {refused} 件。{}",
                self.messages.len(),
                self.actions.len(),
                if hint {
                    "`--detail full` でメッセージを表示します。"
                } else {
                    ""
                }
            );
        } else {
            let _ = writeln!(
                w,
                "\nDrill: {} message(s) sent; {} action(s), {players} by players and {by_policy} by policies; {refused} refused.{}",
                self.messages.len(),
                self.actions.len(),
                if hint {
                    " `--detail full` shows the messages."
                } else {
                    ""
                }
            );
        }
        // Policy steps that failed for a reason of the scenario's own making (a recipient
        // absent, out of reach or nonexistent, an action refused): they are routine in the
        // timeline, so the summary says how many and the first reasons.
        let mut failed: Vec<(u64, &str, &str)> = self
            .timeline
            .iter()
            .filter(|r| {
                matches!(
                    r.what,
                    super::json::HappeningJson::PolicySkipped {
                        reason: super::json::PolicySkipJson::Undeliverable { .. },
                        ..
                    }
                )
            })
            .map(|r| (r.t, r.time.as_str(), r.text.as_str()))
            .chain(
                self.actions
                    .iter()
                    .filter(|a| {
                        matches!(a.origin, super::report::OriginRecord::Policy { .. })
                            && matches!(a.result, super::report::ResultRecord::Refused { .. })
                    })
                    .map(|a| (a.t, a.time.as_str(), a.text.as_str())),
            )
            .collect();
        failed.sort_by_key(|f| f.0);
        if !failed.is_empty() {
            let _ = if ja {
                writeln!(
                    w,
                    "ポリシーの行動 {} 件が行われませんでした。最初の理由:",
                    failed.len()
                )
            } else {
                writeln!(
                    w,
                    "{} policy action(s) did not happen. The first reasons:",
                    failed.len()
                )
            };
            for (_, time, text) in failed.iter().take(3) {
                let _ = writeln!(w, "  {time}  {text}");
            }
            if failed.len() > 3 && !full {
                let _ = writeln!(
                    w,
                    "  {}",
                    if ja {
                        "すべては `--detail full` で表示します。"
                    } else {
                        "`--detail full` shows them all."
                    }
                );
            }
        }
        let t = &self.totals;
        if ja {
            let _ = writeln!(
                w,
                "\n合計: 損失 {:.0} 人時。{} 分野の {} サービスが必要水準を下回った。インシデント {} 件。",
                t.person_hours_lost,
                t.sectors_below_required,
                t.services_below_required,
                t.incidents
            );
        } else {
            let _ = writeln!(
                w,
                "\nTotal: {:.0} person-hours lost; {} service(s) in {} sector(s) fell below their required level; {} incident(s).",
                t.person_hours_lost,
                t.services_below_required,
                t.sectors_below_required,
                t.incidents
            );
        }
        let sector = |id: &str| {
            self.sectors.iter().find(|s| s.id == id).map_or_else(
                || id.to_string(),
                |s| if ja { s.name_ja.clone() } else { s.id.clone() },
            )
        };
        out += &self.score.text(self.language, &sector);
        out
    }
}

/// Cuts or pads `s` to exactly `n` display columns, left-aligned.
pub fn pad(s: &str, n: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > n {
            break;
        }
        used += w;
        out.push(c);
    }
    // Pad by display width: format!'s padding counts chars, not columns.
    out + &" ".repeat(n - used)
}

/// Pads `s` to `n` display columns, right-aligned.
pub fn lpad(s: &str, n: usize) -> String {
    let used = s.width();
    " ".repeat(n.saturating_sub(used)) + s
}
