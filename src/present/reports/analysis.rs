//! The analysis report's sentences, in English and Japanese.

use super::super::Lang;
use super::grouped;
use crate::model::Sector;

macro_rules! pick {
    ($lang:expr, $en:expr, $ja:expr) => {
        match $lang {
            Lang::En => $en,
            Lang::Ja => $ja,
        }
    };
}

/// A unit of the analysis: a sector's name in the language (its id is the unit's id), an
/// operator's id.
pub fn unit(lang: Lang, id: &str) -> String {
    Sector::from_id(id).map_or_else(
        || id.to_string(),
        |s| pick!(lang, s.name_en(), s.name_ja()).to_string(),
    )
}

/// The paragraph under the title: what was run.
#[allow(clippy::too_many_arguments)]
pub fn setup(
    lang: Lang,
    origins: usize,
    by_operator: bool,
    runs: u32,
    seed: u64,
    hours: u64,
    severity: f64,
    at: &str,
    recovery: &str,
) -> String {
    let by = match (lang, by_operator) {
        (Lang::En, false) => "sector",
        (Lang::En, true) => "operator",
        (Lang::Ja, false) => "分野",
        (Lang::Ja, true) => "事業者",
    };
    pick!(
        lang,
        format!(
            "{origins} origins (each {by}), {} runs each, master seed {seed}, {hours} h per run. The standard perturbation: every service of the origin loses {:.0} % of its capacity at {at}; repair takes {recovery} (docs/ANALYSIS.md).",
            grouped(u64::from(runs)),
            severity * 100.0
        ),
        format!(
            "起点 {origins}（{by}ごと）、各 {} 回、マスターシード {seed}、1 回 {hours} 時間。標準摂動: 起点の全サービスが {at} に能力の {:.0}% を失い、復旧には {recovery}（docs/ANALYSIS.md）。",
            grouped(u64::from(runs)),
            severity * 100.0
        )
    )
}

/// What a capped table or heat map leaves out, and how to see it.
pub fn shown_of(lang: Lang, shown: usize, total: usize, how: &str) -> String {
    pick!(
        lang,
        format!("{shown} of {total} shown; {how}"),
        format!("全 {total} 件中 {shown} 件を表示。{how}")
    )
}

/// How to see every cell of the matrix.
pub fn see_matrix(lang: Lang, zero_rows: usize, zero_cols: usize) -> String {
    pick!(
        lang,
        format!(
            "rows and columns that are zero throughout are left out ({zero_rows} and {zero_cols}); every cell is in `rensa analyze --format csv`."
        ),
        format!(
            "全て 0 の行・列（{zero_rows} 行、{zero_cols} 列）は省略。全セルは `rensa analyze --format csv` で得られます。"
        )
    )
}

/// How to see every path.
pub fn see_paths(lang: Lang, total: usize) -> String {
    pick!(
        lang,
        format!("all {total} are in the JSON file (`paths`) and in `rensa analyze --top {total}`."),
        format!(
            "全 {total} 件は JSON ファイル（`paths`）と `rensa analyze --top {total}` にあります。"
        )
    )
}

/// How to see every comparison.
pub fn see_cells(lang: Lang) -> String {
    pick!(
        lang,
        "every cell is in the JSON file (`iim.cells`).".to_string(),
        "全セルは JSON ファイル（`iim.cells`）にあります。".to_string()
    )
}

/// Knobs that changed nothing.
pub fn no_effect(lang: Lang, knobs: &[String]) -> String {
    pick!(
        lang,
        format!(
            "No measurable effect (both sides zero), left out of the chart: {}.",
            knobs.join(", ")
        ),
        format!(
            "効果なし（両側とも 0）のため図から除外: {}。",
            knobs.join("、")
        )
    )
}

/// A heat map's description.
pub fn heat_desc(lang: Lang, rows: usize, cols: usize) -> String {
    pick!(
        lang,
        format!("{rows} origins by {cols} affected units"),
        format!("起点 {rows} × 影響先 {cols}")
    )
}

/// The paths graph's description.
pub fn paths_desc(lang: Lang, paths: usize, units: usize) -> String {
    pick!(
        lang,
        format!("The {paths} strongest paths, through {units} units."),
        format!("最も強い {paths} 経路（{units} 単位）。")
    )
}

/// The tornado's title.
pub fn tornado_title(lang: Lang) -> String {
    pick!(
        lang,
        "Change of each origin's total impact, per knob".to_string(),
        "パラメータごとの起点の総影響の変化".to_string()
    )
}

/// The tornado's description.
pub fn tornado_desc(lang: Lang, bars: usize) -> String {
    pick!(
        lang,
        format!(
            "{bars} knob(s) and origin(s), each knob scaled by 1 − δ and 1 + δ (`--delta`), largest swing first."
        ),
        format!(
            "{bars} 組のパラメータと起点。各パラメータを 1 − δ 倍と 1 + δ 倍（`--delta`）にした場合。振れ幅の大きい順。"
        )
    )
}

/// The tornado's legend: the low and the high setting.
pub fn settings(lang: Lang) -> (String, String) {
    (
        pick!(
            lang,
            "low setting (× (1 − δ))".to_string(),
            "低い設定（×(1 − δ)）".to_string()
        ),
        pick!(
            lang,
            "high setting (× (1 + δ))".to_string(),
            "高い設定（×(1 + δ)）".to_string()
        ),
    )
}
