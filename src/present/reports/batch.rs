//! The batch report's words, in English and Japanese: its headings and sentences, the
//! names and units of the metric columns (the columns keep their ids beside them), and how
//! swept values read.

use super::super::Lang;
use super::{big, grouped};
use crate::model::{Minutes, Sector};

macro_rules! pick {
    ($lang:expr, $en:expr, $ja:expr) => {
        match $lang {
            Lang::En => $en,
            Lang::Ja => $ja,
        }
    };
}

fn sector_word(lang: Lang, id: &str) -> String {
    Sector::from_id(id).map_or_else(
        || id.to_string(),
        |s| pick!(lang, s.name_en(), s.name_ja()).to_string(),
    )
}

/// A metric column's name in words, from its id.
pub fn metric(lang: Lang, id: &str) -> String {
    let fixed = match id {
        "impact_person_hours" => Some(pick!(lang, "end-user impact", "エンドユーザーへの影響")),
        "impact_all_services_person_hours" => Some(pick!(
            lang,
            "impact over all services (counts twice)",
            "全サービスの影響（重複あり）"
        )),
        "reach_depth" => Some(pick!(lang, "cascade depth", "連鎖の深さ")),
        "reach_indirect_operators" => Some(pick!(
            lang,
            "operators reached only by the cascade",
            "連鎖だけで影響を受けた事業者"
        )),
        "reach_indirect_sectors" => Some(pick!(
            lang,
            "sectors reached only by the cascade",
            "連鎖だけで影響を受けた分野"
        )),
        "median_detect_minutes" => Some(pick!(
            lang,
            "median time to detect",
            "検知までの時間の中央値"
        )),
        "median_report_ceptor_minutes" => Some(pick!(
            lang,
            "median time to reach the CEPTOR",
            "セプターへの報告までの時間の中央値"
        )),
        "median_report_ministry_minutes" => Some(pick!(
            lang,
            "median time to reach the ministry",
            "所管省庁への報告までの時間の中央値"
        )),
        "median_cross_sector_share_minutes" => Some(pick!(
            lang,
            "median time to cross-sector sharing",
            "分野横断の共有までの時間の中央値"
        )),
        "median_recovery_minutes" => Some(pick!(
            lang,
            "median time to recovery",
            "復旧までの時間の中央値"
        )),
        "events" => Some(pick!(lang, "events handled", "処理したイベント数")),
        _ => None,
    };
    if let Some(f) = fixed {
        return f.to_string();
    }
    if let Some(s) = id
        .strip_prefix("impact_")
        .and_then(|r| r.strip_suffix("_person_hours"))
    {
        return pick!(
            lang,
            format!("end-user impact in {}", sector_word(lang, s)),
            format!("{}のエンドユーザーへの影響", sector_word(lang, s))
        );
    }
    if let Some(o) = id
        .strip_prefix("objective_")
        .and_then(|r| r.strip_suffix("_achieved"))
    {
        return pick!(
            lang,
            format!("objective {o}: achieved"),
            format!("目標 {o} の達成度")
        );
    }
    event(lang, id)
}

/// An event column's name in words.
pub fn event(lang: Lang, id: &str) -> String {
    if let Some(o) = id
        .strip_prefix("objective_")
        .and_then(|r| r.strip_suffix("_met"))
    {
        return pick!(
            lang,
            format!("objective {o} met"),
            format!("目標 {o} を達成")
        );
    }
    if let Some(s) = id.strip_prefix("below_required_") {
        return pick!(
            lang,
            format!("{} below its required level", sector_word(lang, s)),
            format!("{}が必要水準を下回る", sector_word(lang, s))
        );
    }
    id.to_string()
}

/// What a metric's values are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Person-hours.
    PersonHours,
    /// Minutes.
    Minutes,
    /// A count (operators, sectors, events, steps).
    Count,
    /// A share in [0, 1].
    Share,
}

/// A metric's unit, from its id.
pub fn unit_of(id: &str) -> Unit {
    if id.ends_with("_person_hours") {
        Unit::PersonHours
    } else if id.ends_with("_minutes") {
        Unit::Minutes
    } else if id.ends_with("_achieved") || id.ends_with("_met") || id.starts_with("below_required_")
    {
        Unit::Share
    } else {
        Unit::Count
    }
}

/// A unit in words.
pub fn unit(lang: Lang, u: Unit) -> &'static str {
    match u {
        Unit::PersonHours => pick!(lang, "person-hours", "人時"),
        Unit::Minutes => pick!(lang, "minutes", "分"),
        Unit::Count => pick!(lang, "count", "件数"),
        Unit::Share => pick!(lang, "share (0–1)", "割合（0〜1）"),
    }
}

/// A value of a metric, readable: large numbers grouped or by M / 万・億, small ones with
/// three significant digits.
pub fn value(lang: Lang, x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    if x.abs() >= 1000.0 {
        big(lang, x)
    } else {
        significant(x, 3)
    }
}

/// `x` with `digits` significant digits, without trailing zeros (`0.123`, `12.5`, `360`).
pub fn significant(x: f64, digits: i32) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_finite() {
            "0".into()
        } else {
            "—".into()
        };
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (digits - 1 - mag).max(0) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A swept value: a duration (`6h`, `6時間`) or a number to three significant digits.
pub fn swept(lang: Lang, x: f64, duration: bool) -> String {
    if duration && x >= 0.0 {
        let m = Minutes(x.round() as u64);
        return match lang {
            Lang::En => m.to_string(),
            Lang::Ja => {
                let (h, mm) = (m.0 / 60, m.0 % 60);
                match (h, mm) {
                    (0, mm) => format!("{mm}分"),
                    (h, 0) => format!("{h}時間"),
                    (h, mm) => format!("{h}時間{mm}分"),
                }
            }
        };
    }
    significant(x, 3)
}

/// The design in words: `factorial, 4 points`, `Latin hypercube, 20 points`.
pub fn design(lang: Lang, design: &str, points: usize) -> String {
    if points <= 1 {
        return super::Term::BNoSweep.get(lang).to_string();
    }
    let d = if design.starts_with("lhs") {
        pick!(lang, "Latin hypercube", "ラテン超方格")
    } else if design == "factorial" {
        pick!(lang, "full factorial", "完全要因計画")
    } else {
        design
    };
    pick!(
        lang,
        format!("{d}, {points} points"),
        format!("{d}、{points} 点")
    )
}

/// What the scenario's players did in every run (`--players`).
pub fn players(lang: Lang, players: crate::batch::Players) -> String {
    match players {
        crate::batch::Players::Playbook => pick!(
            lang,
            "they follow the scenario's policies, as in the playbook twin (--players playbook)"
                .to_string(),
            "シナリオのポリシーどおりに動く（プレイブック・ツインと同じ、--players playbook）"
                .to_string()
        ),
        crate::batch::Players::Idle => pick!(
            lang,
            "they take no action, as in a plain `rensa run` (--players idle)".to_string(),
            "何もしない（`rensa run` と同じ、--players idle）".to_string()
        ),
    }
}

/// Which runs the file covers.
pub fn this_file(lang: Lang, shard: Option<(u64, u64)>, start: u64, end: u64, runs: u64) -> String {
    match shard {
        Some((i, n)) => pick!(
            lang,
            format!(
                "shard {i} of {n}: runs {}–{} of {}",
                grouped(start),
                grouped(end.saturating_sub(1)),
                grouped(runs)
            ),
            format!(
                "シャード {i}/{n}: 全 {} 回中の {}〜{} 回目",
                grouped(runs),
                grouped(start),
                grouped(end.saturating_sub(1))
            )
        ),
        None => pick!(
            lang,
            "the whole batch".to_string(),
            "バッチ全体".to_string()
        ),
    }
}

/// Rows held against rows promised.
pub fn rows_of(lang: Lang, rows: u64, expected: u64) -> String {
    pick!(
        lang,
        format!("{} of {}", grouped(rows), grouped(expected)),
        format!("{} 行（全 {} 行中）", grouped(rows), grouped(expected))
    )
}

/// The warning on a file with fewer rows than its header promises.
pub fn short_warning(lang: Lang, rows: u64, expected: u64, header_complete: bool) -> String {
    match (lang, header_complete) {
        (Lang::En, true) => format!(
            "Partial: this file holds {} of the {} rows its header promises — it was cut short after it was written. Every figure below is over those {} rows only.",
            grouped(rows),
            grouped(expected),
            grouped(rows)
        ),
        (Lang::En, false) => format!(
            "Partial: the batch stopped before its last run; this file holds {} of {} rows. Every figure below is over those rows only (`rensa batch --resume` completes it).",
            grouped(rows),
            grouped(expected)
        ),
        (Lang::Ja, true) => format!(
            "途中: このファイルはヘッダーが示す {} 行のうち {} 行しかなく、書き込み後に切り詰められています。以下の数値はすべてこの {} 行だけによるものです。",
            grouped(expected),
            grouped(rows),
            grouped(rows)
        ),
        (Lang::Ja, false) => format!(
            "途中: バッチは最後の実行の前に停止し、このファイルは {} 行中 {} 行です。以下の数値はこれらの行だけによるものです（`rensa batch --resume` で完了できます）。",
            grouped(expected),
            grouped(rows)
        ),
    }
}

/// The warning on a shard.
pub fn shard_warning(lang: Lang, i: u64, n: u64) -> String {
    pick!(
        lang,
        format!(
            "Shard {i} of {n}: the figures are this shard's runs only. `rensa merge` the {n} shards for the whole batch."
        ),
        format!(
            "シャード {i}/{n}: 数値はこのシャードの実行だけによるものです。バッチ全体は {n} 個のシャードを `rensa merge` で結合してください。"
        )
    )
}

/// The baseline point in words.
pub fn baseline(lang: Lang, values: &str) -> String {
    if values.is_empty() {
        return pick!(
            lang,
            "Point 0 (the only point).".to_string(),
            "点 0（唯一の点）。".to_string()
        );
    }
    pick!(
        lang,
        format!(
            "Point 0 is the baseline: {values}. Each other point is compared with it run by run (the same seeds)."
        ),
        format!("点 0 が基準点: {values}。他の各点は同じシードの実行ごとに基準点と比較します。")
    )
}

/// A histogram's title.
pub fn histogram_title(lang: Lang, metric: &str) -> String {
    pick!(
        lang,
        format!("{metric}: histogram"),
        format!("{metric}: ヒストグラム")
    )
}

/// An ECDF's title.
pub fn ecdf_title(lang: Lang, metric: &str) -> String {
    pick!(
        lang,
        format!("{metric}: empirical CDF"),
        format!("{metric}: 経験分布関数")
    )
}

/// A distribution chart's description.
pub fn distribution_desc(
    lang: Lang,
    metric: &str,
    n: u64,
    mean: &str,
    p5: &str,
    p95: &str,
) -> String {
    pick!(
        lang,
        format!(
            "{} runs of {metric}: mean {mean}, 5th percentile {p5}, 95th percentile {p95}.",
            grouped(n)
        ),
        format!(
            "{metric} の {} 回の実行: 平均 {mean}、第 5 百分位数 {p5}、第 95 百分位数 {p95}。",
            grouped(n)
        )
    )
}

/// The probabilities chart's description.
pub fn probabilities_desc(lang: Lang, events: usize, runs: u64) -> String {
    pick!(
        lang,
        format!(
            "{events} events, each its share of {} runs with the Wilson 95 % interval.",
            grouped(runs)
        ),
        format!(
            "{events} 事象それぞれの {} 回中の割合と Wilson 95% 区間。",
            grouped(runs)
        )
    )
}

/// The convergence chart's title.
pub fn convergence_title(lang: Lang, metric: &str) -> String {
    pick!(
        lang,
        format!("{metric}: running mean"),
        format!("{metric}: 累積平均")
    )
}

/// The convergence chart's description.
pub fn convergence_desc(
    lang: Lang,
    metric: &str,
    mean: &str,
    lo: &str,
    hi: &str,
    runs: u64,
) -> String {
    pick!(
        lang,
        format!(
            "The mean of {metric} after each number of runs, with its 95 % interval; after {} runs: {mean} [{lo}, {hi}].",
            grouped(runs)
        ),
        format!(
            "実行回数ごとの {metric} の平均と 95% 区間。{} 回後: {mean} [{lo}, {hi}]。",
            grouped(runs)
        )
    )
}

/// The paired chart's title.
pub fn paired_title(lang: Lang, metric: &str) -> String {
    pick!(
        lang,
        format!("{metric}: each point minus the baseline"),
        format!("{metric}: 各点と基準点の差")
    )
}

/// The paired chart's description.
pub fn paired_desc(lang: Lang, points: usize) -> String {
    pick!(
        lang,
        format!(
            "The mean paired difference of {points} point(s) against the baseline, run by run on the same seeds, with 95 % intervals; left of zero is lower than the baseline."
        ),
        format!(
            "{points} 点それぞれの、同じシードの実行ごとの基準点との差の平均と 95% 区間。0 より左は基準点より小さい。"
        )
    )
}

/// The sensitivity chart's title.
pub fn sensitivity_title(lang: Lang, metric: &str) -> String {
    pick!(
        lang,
        format!("{metric}: standardised regression coefficients"),
        format!("{metric}: 標準化回帰係数")
    )
}

/// The sensitivity chart's description.
pub fn sensitivity_desc(lang: Lang, metric: &str, r2: f64, n: usize) -> String {
    pick!(
        lang,
        format!(
            "The SRC of each swept parameter on {metric}, with 95 % intervals, from {} rows (R² = {r2:.2}).",
            grouped(n as u64)
        ),
        format!(
            "{metric} に対する各パラメータの SRC と 95% 区間（{} 行、R² = {r2:.2}）。",
            grouped(n as u64)
        )
    )
}

/// The note when the sensitivity used every k-th row.
pub fn thinned(lang: Lang, stride: u64) -> String {
    pick!(
        lang,
        format!("The sensitivity used every {stride}th row (run order), to bound memory."),
        format!("感度はメモリを抑えるため、実行順で {stride} 行ごとの行から計算しました。")
    )
}

/// An interval's figures: `0.82 [0.71, 0.93]`.
pub fn with_interval(x: f64, lo: f64, hi: f64) -> String {
    format!(
        "{} [{}, {}]",
        significant(x, 3),
        significant(lo, 3),
        significant(hi, 3)
    )
}

/// Words and the id they stand for: `Finance below its required level
/// (below_required_finance)`, `金融が必要水準を下回る（below_required_finance）`.
pub fn with_id(lang: Lang, words: &str, id: &str) -> String {
    pick!(lang, format!("{words} ({id})"), format!("{words}（{id}）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swept_values_are_rounded_and_durations_read_as_durations() {
        assert_eq!(swept(Lang::En, 0.123456789, false), "0.123");
        assert_eq!(swept(Lang::En, 2.0000000001, false), "2");
        assert_eq!(swept(Lang::En, 360.0, true), "6h");
        assert_eq!(swept(Lang::Ja, 90.0, true), "1時間30分");
        assert_eq!(significant(-0.0004, 3), "-0.0004");
        assert_eq!(significant(1234.6, 3), "1235");
    }

    #[test]
    fn metric_ids_read_as_words_in_both_languages() {
        assert_eq!(
            metric(Lang::En, "impact_finance_person_hours"),
            "end-user impact in Finance"
        );
        assert_eq!(
            metric(Lang::Ja, "below_required_water"),
            "水道が必要水準を下回る"
        );
        assert_eq!(unit_of("median_recovery_minutes"), Unit::Minutes);
        assert_eq!(unit_of("objective_x_met"), Unit::Share);
    }
}
