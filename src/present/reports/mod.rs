//! The words of the three reports (after-action, batch, analysis), in English and
//! Japanese: [`Term`] for the fixed words and phrases, the report-specific sentences in
//! [`aar`], [`batch`] and [`analysis`], and the forms every report shares — readable large
//! numbers (`165.1 M person-hours`, `1億6,510万人時`), hours, dates, HSEEP ratings,
//! capabilities and capability elements, channels, and the acronyms spelled out.

pub mod aar;
pub mod analysis;
pub mod batch;

use super::Lang;
use crate::model::drill::{Channel, Role};
use crate::model::{Date, Dist, Infrastructure, Scenario, Sector};
use crate::score::Rating;

macro_rules! terms {
    ($( $name:ident => $en:literal, $ja:literal; )*) => {
        /// A fixed word or phrase of the reports, in both languages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Term {
            $( #[doc = $en] $name, )*
        }

        impl Term {
            /// Every term (a test checks each has its Japanese).
            pub const ALL: &'static [Term] = &[$(Term::$name),*];

            /// The term in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $( Term::$name => match lang { Lang::En => $en, Lang::Ja => $ja }, )*
                }
            }
        }
    };
}

terms! {
    // The shell.
    DataAsText => "The data as text", "データ（テキスト）";
    NoneWord => "none", "なし";
    NoneIdentified => "None identified.", "該当なし。";
    NoneRecorded => "None recorded.", "記録なし。";
    // After-action report: sections.
    AarTitle => "After-Action Report / Improvement Plan", "事後報告書・改善計画";
    ExerciseOverview => "Exercise overview", "演習の概要";
    ExecutiveSummary => "Executive summary", "要旨";
    AnalysisOfCapabilities => "Analysis of capabilities", "能力の分析";
    ObjectivesAndRatings => "Objectives and ratings", "目標と評価";
    Strengths => "Strengths", "強み";
    AreasForImprovement => "Areas for improvement", "改善すべき点";
    PolicyObservations => "Observations on roles nobody played", "プレイヤー不在のロールに関する所見";
    Timeline => "Timeline", "時系列";
    Cascade => "The cascade: who took whom down", "連鎖: 何が何を停止させたか";
    ServiceLevels => "Service level over time, per sector", "分野別のサービス水準の推移";
    Scorecards => "Role scorecards", "ロール別スコアカード";
    Counterfactuals => "Counterfactual comparison", "反実仮想との比較";
    LessonsLearned => "Lessons learned", "教訓";
    ImprovementPlan => "Improvement plan", "改善計画";
    Acronyms => "Acronyms", "略語";
    // Overview.
    ExerciseName => "Exercise", "演習名";
    ScenarioDescription => "Scenario", "シナリオ";
    ExerciseDate => "Exercise date", "演習実施日";
    ReportDate => "Report date", "報告書の日付";
    DateNotRecorded => "not recorded (give --exercise-date)", "記録なし（--exercise-date で指定）";
    DateNotGiven => "not given (give --date)", "未指定（--date で指定）";
    Scope => "Scope", "範囲";
    ThreatHazard => "Threat or hazard", "脅威・事象";
    Capabilities => "Capabilities", "能力";
    Objectives => "Objectives", "目標";
    Players => "Players", "プレイヤー";
    SimulatedRoles => "Roles nobody played", "プレイヤー不在のロール";
    AbsentRoles => "Roles left out", "不参加のロール";
    NobodyPlayed => "none (every role followed its written policy)", "なし（全ロールが文書化された方針に従った）";
    NobodyPlayedTwins => "Nobody played: every role followed its policy, so the drill is its own playbook twin.", "プレイヤーなし: 全ロールが方針に従ったため、演習自体がプレイブックの場合と同じです。";
    // Capabilities.
    CapabilitiesNote => "Each objective and finding is mapped to one of four capabilities (docs/REPORT.md): information sharing, situational awareness, operational coordination and restoration of service; the nearest core capability of the US National Preparedness Goal is given for HSEEP readers.", "各目標と所見を4つの能力（情報共有、状況把握、運用調整、サービスの復旧）のいずれかに対応付けています（docs/REPORT.md）。HSEEP の読者向けに、米国国家準備目標で最も近いコア能力を併記します。";
    Capability => "Capability", "能力";
    NearestCoreCapability => "Nearest HSEEP core capability", "最も近い HSEEP コア能力";
    ObjectivesRated => "Objectives (rating)", "目標（評価）";
    StrengthsCount => "Strengths", "強み";
    // Objectives.
    NoObjectives => "No objectives.", "目標なし。";
    Objective => "Objective", "目標";
    Description => "Description", "内容";
    Roles => "Roles", "ロール";
    Expected => "Expected", "期待値";
    Achieved => "Achieved", "達成値";
    Status => "Status", "状態";
    Decided => "Decided", "確定";
    Rating => "Rating", "評価";
    RatingsNote => "HSEEP ratings: P performed without challenges; S performed with some challenges; M performed with major challenges; U unable to be performed.", "HSEEP の評価: P 問題なく実施、S 一部課題あり、M 重大な課題あり、U 実施できず。";
    // Findings.
    Reference => "Ref.", "番号";
    Observation => "Observation", "所見";
    RootCause => "Root cause (from the run)", "根本原因（実行結果から）";
    Owner => "Owner", "担当";
    PlanRow => "Plan row", "計画番号";
    PolicyObservationsNote => "These roles were not played: they followed the written policies of the scenario. Their findings are about those policies, for the organisations that own them, and are not in the improvement plan.", "これらのロールはプレイヤーがおらず、シナリオに記された方針に従いました。所見は方針に関するもので、方針を持つ組織向けであり、改善計画には含めません。";
    PolicyOf => "Policy of", "方針の主体";
    Suggestion => "Suggestion", "提案";
    PlayedByPerson => "player", "プレイヤー";
    PlayedByPolicy => "written policy", "文書化された方針";
    // Timeline.
    TimelineNote => "Injects, detections, the players' and policies' actions, and the deliveries of the players' messages and of every incident report (with the channel that carried it and how long it took).", "インジェクト、検知、プレイヤーと方針による行動、プレイヤーのメッセージと全インシデント報告の到達（経路と所要時間）。";
    KindInject => "inject", "インジェクト";
    KindNarrated => "script", "台本のメッセージ";
    KindChat => "chat", "チャット";
    Evaluators => "Evaluators", "評価者";
    Evaluator => "evaluator", "評価者";
    Everyone => "everyone", "全員";
    KindDetection => "detection", "検知";
    KindContained => "contained", "封じ込め";
    KindHalted => "halted", "阻止";
    KindResolved => "resolved", "解決";
    KindMessage => "message", "メッセージ";
    KindAction => "action", "行動";
    KindObjective => "objective decided", "目標の確定";
    KindDelivery => "delivery", "到達";
    Time => "Time", "時刻";
    What => "What", "種別";
    Who => "Who", "主体";
    Entry => "Entry", "内容";
    // Cascade.
    Incident => "incident", "インシデント";
    NoCascade => "No service lost any of its level.", "水準が下がったサービスはありません。";
    CascadeCaption => "Columns: the incidents, the services they hit, then each service in the column of its shortest chain of dependencies from them. Each box is tagged with its sector (and filled in its colour); a solid arrow is an incident's hit or a dependency that delivered loss to the next column; a dashed arrow is such a dependency back into an earlier column or within one.", "列: インシデント、その直接の被害を受けたサービス、以降は依存の連鎖の最短段数ごとのサービス。各箱には分野のタグ（と分野の色）を付けています。実線の矢印はインシデントによる被害または次の列へ損失を伝えた依存関係、破線の矢印は前の列または同じ列へ損失を伝えた依存関係です。";
    // Service levels.
    ServiceLevelsNote => "The solid line is the sector's level: the population-weighted mean level of its services. The dashed red line is its required level (population-weighted). Shaded: the hours during which at least one of its services was below its own required level — what \"hours below required\" counts; the weighted line may stay above the dashed one meanwhile.", "実線は分野の水準（サービスの水準の人口加重平均）、赤の破線は必要水準（人口加重）。網掛けは、いずれかのサービスが自らの必要水準を下回っていた時間で、「必要水準未満の時間」はこれを数えます。その間も加重平均の線は破線より上にあり得ます。";
    HoursSinceStart => "hours since the start (T+h)", "開始からの時間（T+時間）";
    SectorLevel => "sector level (0–1)", "分野の水準（0〜1）";
    LegendSectorLevel => "sector level", "分野の水準";
    LegendRequired => "required level", "必要水準";
    LegendServiceBelow => "a service below its required level", "必要水準を下回るサービスあり";
    // Scorecards.
    NoScorecards => "No scorecards.", "スコアカードなし。";
    Role => "Role", "ロール";
    PlayedBy => "Played by", "担い手";
    ActionsTaken => "Actions taken", "実施";
    Refused => "Refused", "拒否";
    ByClass => "By class (taken/refused)", "種類別（実施/拒否）";
    MessagesSent => "Messages sent", "送信メッセージ";
    FirstAction => "First action", "初動";
    // Counterfactuals.
    ThisDrill => "this drill", "今回の演習";
    TwinNoAction => "players do nothing (same seed)", "プレイヤーが何もしない（同じシード）";
    TwinPlaybook => "reference playbook (same seed)", "参照プレイブック（同じシード）";
    Run => "Run", "実行";
    EndUserImpact => "End-user impact", "エンドユーザーへの影響";
    AllServicesImpact => "All services (counts twice)", "全サービス（重複あり）";
    ServicesBelow => "Services below required", "必要水準未満のサービス";
    SectorsBelow => "Sectors below required", "必要水準未満の分野";
    // Lessons and the plan.
    LessonsNote => "Lessons learned recorded in the drill log, each linked to the improvement-plan rows it feeds (the rows its role owns or whose objective names it).", "演習ログに記録された教訓。それぞれが反映される改善計画の行（そのロールが担当する行、またはそのロールを含む目標の行）に対応付けています。";
    WentWell => "Went well", "良かった点";
    WentBadly => "Went badly", "悪かった点";
    SelfScore => "Score (1–5)", "自己評価（1〜5）";
    FeedsPlanRows => "Feeds plan rows", "反映先の計画";
    NothingToPlan => "Nothing to plan.", "計画事項なし。";
    PlanDatesFromReport => "Start and completion dates count from the report's date (--date).", "開始日と完了日は報告書の日付（--date）から数えます。";
    PlanDatesFromExercise => "No report date was given (--date): start and completion dates count from the exercise's date.", "報告書の日付（--date）が未指定のため、開始日と完了日は演習実施日から数えます。";
    PlanDatesRelative => "Neither the report's nor the exercise's date was given (--date, --exercise-date): dates are days after the report.", "報告書の日付も演習実施日も未指定（--date、--exercise-date）のため、日付は報告書からの日数で示します。";
    AreaForImprovement => "Area for improvement", "改善すべき点";
    CorrectiveAction => "Corrective action", "是正措置";
    CapabilityElement => "Capability element", "能力要素";
    PrimaryResponsible => "Primary responsible organisation", "主担当組織";
    StartDate => "Start", "開始日";
    CompletionDate => "Completion", "完了日";
    // Analysis report.
    ATitle => "Interdependency analysis", "相互依存分析";
    AProbability => "Probability of falling below the required level (percent)", "必要水準を下回る確率（%）";
    AImpact => "Expected end-user impact (person-hours)", "エンドユーザーへの影響の期待値（人時）";
    AHeatNote => "Rows: the origin of the standard failure; columns: the unit affected. Sorted by criticality (rows) and exposure (columns); the number is in every cell, the shade repeats it.", "行: 標準的な障害の起点、列: 影響を受けた単位。行は重要度、列は被影響度の順。各セルに数値を示し、色の濃さは同じ値を表します。";
    APaths => "Strongest propagation paths", "最も強い波及経路";
    APathsCaption => "The strongest paths as one graph: each arrow is a step the loss crossed between two units; columns are the number of steps from an origin.", "最も強い波及経路を一つのグラフにしたもの。矢印は損失が単位間を渡った段、列は起点からの段数です。";
    ACriticality => "Criticality", "重要度";
    AExposure => "Exposure", "被影響度";
    AIim => "The simulation against the IIM", "模擬と IIM の比較";
    AIimNote => "Peak inoperability in the simulation (DES) against the static Inoperability Input-Output Model with A* derived from the graph, largest departures first.", "模擬（DES）での最大不稼働率と、グラフから導いた A* による静的な不稼働率投入産出モデル（IIM）との比較。差の大きい順。";
    ASensitivity => "Sensitivity: the tornado", "感度: トルネード図";
    ASensitivityNote => "Each knob scaled by 1 − δ and by 1 + δ (`--delta`), on the same seeds as the baseline: the bars are the mean paired change of the origin's total end-user impact, largest swing first.", "各パラメータを 1 − δ 倍と 1 + δ 倍（`--delta`）にした場合を、基準と同じシードで実行。棒は起点の総エンドユーザー影響の対応のある変化の平均で、振れ幅の大きい順。";
    AStrength => "Strength", "強さ";
    APath => "Path", "経路";
    APBelowEnd => "P(below) at its end", "終点で下回る確率";
    AOrigin => "Origin", "起点";
    AAffected => "Affected", "影響先";
    ADownstream => "Downstream (person-hours)", "下流への影響（人時）";
    ATotal => "Total (person-hours)", "合計（人時）";
    AInterval => "95 % interval", "95% 区間";
    AReached => "Units reached", "到達した単位";
    AUnit => "Unit", "単位";
    AFromOthers => "From the others (person-hours)", "他の起点からの影響（人時）";
    AMeanP => "Mean P(below)", "平均 P(下回る)";
    AReachedBy => "Reached by", "到達元";
    ADeparture => "Departure", "乖離";
    AKnob => "Knob", "パラメータ";
    ALow => "Low: change", "低: 変化";
    AHigh => "High: change", "高: 変化";
    ADepLinear => "linear: agrees within 0.02", "線形（0.02 以内で一致）";
    ADepHeld => "held: a threshold or buffer stopped it", "抑止（閾値か猶予で止まった）";
    ADepDamped => "damped: recovery cut it short", "減衰（復旧で短く終わった）";
    ADepAmplified => "amplified: all-or-nothing dependencies", "増幅（全か無かの依存）";
    AImpactChange => "change of the origin's total end-user impact (person-hours)", "起点の総エンドユーザー影響の変化（人時）";
    // Batch report.
    BTitle => "Batch report", "バッチ実行の報告";
    BScenario => "Scenario", "シナリオ";
    BSeed => "Master seed", "マスターシード";
    BRuns => "Runs of the batch", "バッチの実行回数";
    BDesign => "Design", "計画";
    BPlayers => "Players", "プレイヤー";
    BThisFile => "This file", "このファイル";
    BRowsInFile => "Rows in this file", "このファイルの行数";
    BStatus => "Status", "状態";
    BEveryMetric => "Every metric at the baseline point", "基準点における全指標";
    BDistributions => "Distributions of the headline metrics", "主要指標の分布";
    BProbabilities => "Probability of each event, with Wilson 95 % intervals", "各事象の確率と Wilson 95% 区間";
    BConvergence => "Convergence of the mean", "平均の収束";
    BSweep => "Sweep: the points against the baseline", "スイープ: 基準点との比較";
    BSensitivity => "Sensitivity to the swept parameters", "スイープしたパラメータへの感度";
    BMetric => "Metric", "指標";
    BId => "Column", "列名";
    BUnit => "Unit", "単位";
    BMean => "Mean", "平均";
    BSd => "SD", "標準偏差";
    BMedian => "p50", "p50（中央値）";
    BCiOfMean => "95 % CI of the mean", "平均の 95% 信頼区間";
    BPoint => "Point", "点";
    BPairedDifference => "Paired difference against the baseline", "基準点との対応のある差";
    BInterval95 => "95 % interval", "95% 区間";
    BParameter => "Parameter", "パラメータ";
    BRunsAxis => "runs", "実行回数";
    BShareOfRuns => "share of runs at or below (0–1)", "その値以下の実行の割合（0〜1）";
    BProbability => "probability per run (0–1)", "1 回あたりの確率（0〜1）";
    BRunningMean => "running mean", "累積平均";
    BInterval95Legend => "its 95 % interval", "その 95% 区間";
    BEstimateWithInterval => "estimate, with its 95 % interval", "推定値と 95% 区間";
    BSummaryNote => "p5, p50 and p95 are the 5th, 50th and 95th percentiles (type 7); the interval of the mean is Student's t. A metric a run has no value for (a median over no incidents) counts only the runs that have one (n).", "p5・p50・p95 は第 5・50・95 百分位数（タイプ 7）、平均の区間はスチューデントの t による。値のない実行（インシデントのない中央値など）は除き、n は値のある実行の数。";
    BSensitivityNote => "Computed from the rows (docs/BATCH.md): the standardised regression coefficient (SRC) is the change of the metric, in standard deviations, for one standard deviation of the parameter, the others held; its interval comes from the regression's standard errors, and it holds when R² is near 1. The partial rank correlation coefficient (PRCC) needs only a monotonic effect; its interval is Fisher's z.", "行から計算（docs/BATCH.md）。標準化回帰係数（SRC）は、他を固定してパラメータを 1 標準偏差変えたときの指標の変化（標準偏差単位）で、区間は回帰の標準誤差による。R² が 1 に近いときに妥当。偏順位相関係数（PRCC）は単調な効果だけを仮定し、区間はフィッシャーの z による。";
    BProbabilitiesNote => "Each event is counted once per run; the interval is Wilson's score interval.", "各事象は 1 回の実行につき 1 回数え、区間は Wilson のスコア区間。";
    BBaseline => "baseline", "基準";
    BComplete => "complete", "完了";
    BPartial => "partial", "途中";
    BNoSweep => "no sweep: one point", "スイープなし（1 点）";
    BCoefficient => "coefficient (−1 to 1)", "係数（−1〜1）";
}

/// A capability a drill exercises: a small set fitting the seeds (the first Action Plan's
/// information sharing and cross-sector response; "incident-premised" recovery of seed
/// 003), each with the nearest core capability of the US National Preparedness Goal that
/// HSEEP reports are written against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    /// Reports and alerts reaching who must know, in time and under the right label.
    InformationSharing,
    /// Knowing what is happening: detection.
    SituationalAwareness,
    /// Roles acting together: support, the playbook, refusals of the drill's rules.
    OperationalCoordination,
    /// Services kept above, or brought back to, their required level.
    RestorationOfService,
}

impl Capability {
    /// All, in the report's order.
    pub const ALL: [Capability; 4] = [
        Capability::InformationSharing,
        Capability::SituationalAwareness,
        Capability::OperationalCoordination,
        Capability::RestorationOfService,
    ];

    /// Its name.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Capability::InformationSharing, Lang::En) => "Information sharing",
            (Capability::SituationalAwareness, Lang::En) => "Situational awareness",
            (Capability::OperationalCoordination, Lang::En) => "Operational coordination",
            (Capability::RestorationOfService, Lang::En) => "Restoration of service",
            (Capability::InformationSharing, Lang::Ja) => "情報共有",
            (Capability::SituationalAwareness, Lang::Ja) => "状況把握",
            (Capability::OperationalCoordination, Lang::Ja) => "運用調整",
            (Capability::RestorationOfService, Lang::Ja) => "サービスの復旧",
        }
    }

    /// The nearest core capability of the National Preparedness Goal (FEMA, 2nd ed. 2015).
    pub fn nearest(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Capability::InformationSharing, Lang::En) => "Intelligence and Information Sharing",
            (Capability::SituationalAwareness, Lang::En) => "Situational Assessment",
            (Capability::OperationalCoordination, Lang::En) => "Operational Coordination",
            (Capability::RestorationOfService, Lang::En) => "Infrastructure Systems",
            (Capability::InformationSharing, Lang::Ja) => "情報・インテリジェンスの共有",
            (Capability::SituationalAwareness, Lang::Ja) => "状況評価",
            (Capability::OperationalCoordination, Lang::Ja) => "運用調整",
            (Capability::RestorationOfService, Lang::Ja) => "インフラシステム",
        }
    }
}

/// The capability elements an improvement-plan row works on (HSEEP's POETE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Element {
    /// Plans, policies, procedures.
    Planning,
    /// Who does what; contact points.
    Organization,
    /// Tools, systems, resources.
    Equipment,
    /// People learning to do it.
    Training,
    /// Doing it again in a drill.
    Exercise,
}

impl Element {
    /// All, in HSEEP's order.
    pub const ALL: [Element; 5] = [
        Element::Planning,
        Element::Organization,
        Element::Equipment,
        Element::Training,
        Element::Exercise,
    ];

    /// Its name.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Element::Planning, Lang::En) => "Planning",
            (Element::Organization, Lang::En) => "Organisation",
            (Element::Equipment, Lang::En) => "Equipment",
            (Element::Training, Lang::En) => "Training",
            (Element::Exercise, Lang::En) => "Exercise",
            (Element::Planning, Lang::Ja) => "計画",
            (Element::Organization, Lang::Ja) => "組織",
            (Element::Equipment, Lang::Ja) => "装備・資源",
            (Element::Training, Lang::Ja) => "訓練",
            (Element::Exercise, Lang::Ja) => "演習",
        }
    }
}

/// An acronym and what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acronym {
    /// As written.
    pub short: &'static str,
    /// In English.
    pub en: &'static str,
    /// In Japanese.
    pub ja: &'static str,
}

impl Acronym {
    /// What it stands for, in `lang`.
    pub fn long(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }
}

/// The acronyms a report may use, spelled out (a report lists those it uses).
pub const ACRONYMS: &[Acronym] = &[
    Acronym {
        short: "AAR",
        en: "After-Action Report",
        ja: "事後報告書（After-Action Report）",
    },
    Acronym {
        short: "AFI",
        en: "Area for improvement",
        ja: "改善すべき点（Area for Improvement）",
    },
    Acronym {
        short: "CEPTOR",
        en: "Capability for Engineering of Protection, Technical Operation, Analysis and Response: a sector's information-sharing and analysis function",
        ja: "セプター: 重要インフラ分野ごとの情報共有・分析機能（Capability for Engineering of Protection, Technical Operation, Analysis and Response）",
    },
    Acronym {
        short: "DDoS",
        en: "Distributed denial of service",
        ja: "分散型サービス妨害攻撃（Distributed Denial of Service）",
    },
    Acronym {
        short: "GSOC",
        en: "Government Security Operation Coordination team",
        ja: "政府機関情報セキュリティ横断監視・即応調整チーム（Government Security Operation Coordination team）",
    },
    Acronym {
        short: "HSEEP",
        en: "Homeland Security Exercise and Evaluation Program (US FEMA)",
        ja: "米国 FEMA の演習・評価プログラム（Homeland Security Exercise and Evaluation Program）",
    },
    Acronym {
        short: "IP",
        en: "Improvement plan",
        ja: "改善計画（Improvement Plan）",
    },
    Acronym {
        short: "J-LIS",
        en: "Japan Agency for Local Authority Information Systems",
        ja: "地方公共団体情報システム機構",
    },
    Acronym {
        short: "JPCERT/CC",
        en: "Japan Computer Emergency Response Team Coordination Center",
        ja: "一般社団法人 JPCERT コーディネーションセンター",
    },
    Acronym {
        short: "NISC",
        en: "National center of Incident readiness and Strategy for Cybersecurity (Cabinet Secretariat)",
        ja: "内閣サイバーセキュリティセンター（内閣官房、National center of Incident readiness and Strategy for Cybersecurity）",
    },
    Acronym {
        short: "TLP",
        en: "Traffic Light Protocol (FIRST, version 2.0): how far information may be shared",
        ja: "トラフィックライトプロトコル（FIRST、2.0版）: 情報の共有範囲を示す区分",
    },
];

/// The scenario's name in `lang` (its Japanese name in Japanese, when it has one).
pub fn scenario_name(lang: Lang, s: &Scenario) -> String {
    match lang {
        Lang::Ja if !s.name_ja.is_empty() => s.name_ja.clone(),
        _ => s.name.clone(),
    }
}

/// The scenario's description in `lang` (its Japanese one in Japanese, when it has one).
pub fn scenario_description(lang: Lang, s: &Scenario) -> String {
    match lang {
        Lang::Ja if !s.description_ja.is_empty() => s.description_ja.clone(),
        _ => s.description.clone(),
    }
}

/// A role's name and id: `Hinode Communications (operator:hinode-comm)`,
/// `日の出通信（operator:hinode-comm）`; the id alone when the name is the id.
pub fn role_name(lang: Lang, role: Role, infra: &Infrastructure, id: &str) -> String {
    let name = match lang {
        Lang::En => role.name(infra),
        Lang::Ja => role.name_ja(infra),
    };
    if name == id || name.eq_ignore_ascii_case(id) {
        return name;
    }
    match lang {
        Lang::En => format!("{name} ({id})"),
        Lang::Ja => format!("{name}（{id}）"),
    }
}

/// A sector's name in `lang`; in English with its Japanese name beside it (`Finance
/// (金融)`), as the Action Plan names it.
pub fn sector_both(lang: Lang, s: Sector) -> String {
    match lang {
        Lang::En => format!("{} ({})", s.name_en(), s.name_ja()),
        Lang::Ja => s.name_ja().to_string(),
    }
}

/// `a (b)` in English, `a（b）` in Japanese.
pub fn paren(lang: Lang, a: &str, b: &str) -> String {
    match lang {
        Lang::En => format!("{a} ({b})"),
        Lang::Ja => format!("{a}（{b}）"),
    }
}

/// A sector's short name for a graph's tag: `Telecom`, `情報通信`.
pub fn sector_short(lang: Lang, s: Sector) -> &'static str {
    match lang {
        Lang::Ja => s.name_ja(),
        Lang::En => match s {
            Sector::InfoComm => "Telecom",
            Sector::Finance => "Finance",
            Sector::Aviation => "Aviation",
            Sector::Railway => "Rail",
            Sector::Electricity => "Power",
            Sector::Gas => "Gas",
            Sector::Government => "Gov",
            Sector::Medical => "Medical",
            Sector::Water => "Water",
            Sector::Logistics => "Logistics",
        },
    }
}

/// A channel's name: `operator → CEPTOR`, `事業者→セプター`.
pub fn channel(lang: Lang, c: Channel) -> &'static str {
    use Channel as C;
    match lang {
        Lang::En => match c {
            C::OperatorToCeptor => "operator → CEPTOR",
            C::OperatorToMinistry => "operator → ministry",
            C::OperatorToPolice => "operator → police",
            C::OperatorToVendor => "operator → vendors",
            C::CeptorToMembers => "CEPTOR → member operators",
            C::CeptorToCouncil => "CEPTOR → CEPTOR Council",
            C::CeptorToMinistry => "CEPTOR → ministry",
            C::CouncilToCeptors => "CEPTOR Council → CEPTORs",
            C::CouncilToNisc => "CEPTOR Council → NISC",
            C::MinistryToOperators => "ministry → operators",
            C::MinistryToCeptors => "ministry → CEPTORs",
            C::MinistryToNisc => "ministry → NISC",
            C::NiscToMinistries => "NISC → ministries",
            C::NiscToCouncil => "NISC → CEPTOR Council",
            C::NiscToAgencies => "NISC → police and vendors",
            C::PoliceToOperators => "police → operators",
            C::AgenciesToNisc => "police or vendors → NISC",
            C::VendorToOperators => "vendors → operators",
            C::Media => "the media",
            C::Control => "exercise control",
            C::OperatorToGsoc => "operator → GSOC",
            C::GsocToOperators => "GSOC → operators",
            C::GsocNisc => "GSOC ↔ NISC",
            C::OperatorToJpcert => "operator → JPCERT/CC",
            C::JpcertToOperators => "JPCERT/CC → operators",
            C::JpcertVendors => "JPCERT/CC ↔ vendors",
            C::JpcertNisc => "JPCERT/CC ↔ NISC",
            C::MinistryPolice => "ministry ↔ police",
            C::VendorToMinistry => "vendors → ministry",
            C::VendorPolice => "vendors ↔ police",
            C::OperatorToOperator => "operator → operator",
            C::PublicToPolice => "the public → police",
        },
        Lang::Ja => match c {
            C::OperatorToCeptor => "事業者→セプター",
            C::OperatorToMinistry => "事業者→所管省庁",
            C::OperatorToPolice => "事業者→警察",
            C::OperatorToVendor => "事業者→ベンダー",
            C::CeptorToMembers => "セプター→構成事業者",
            C::CeptorToCouncil => "セプター→セプターカウンシル",
            C::CeptorToMinistry => "セプター→所管省庁",
            C::CouncilToCeptors => "セプターカウンシル→各セプター",
            C::CouncilToNisc => "セプターカウンシル→NISC",
            C::MinistryToOperators => "所管省庁→事業者",
            C::MinistryToCeptors => "所管省庁→セプター",
            C::MinistryToNisc => "所管省庁→NISC",
            C::NiscToMinistries => "NISC→各省庁",
            C::NiscToCouncil => "NISC→セプターカウンシル",
            C::NiscToAgencies => "NISC→警察・ベンダー",
            C::PoliceToOperators => "警察→事業者",
            C::AgenciesToNisc => "警察・ベンダー→NISC",
            C::VendorToOperators => "ベンダー→事業者",
            C::Media => "報道",
            C::Control => "演習統制",
            C::OperatorToGsoc => "事業者→GSOC",
            C::GsocToOperators => "GSOC→事業者",
            C::GsocNisc => "GSOC↔NISC",
            C::OperatorToJpcert => "事業者→JPCERT/CC",
            C::JpcertToOperators => "JPCERT/CC→事業者",
            C::JpcertVendors => "JPCERT/CC↔ベンダー",
            C::JpcertNisc => "JPCERT/CC↔NISC",
            C::MinistryPolice => "所管省庁↔警察",
            C::VendorToMinistry => "ベンダー→所管省庁",
            C::VendorPolice => "ベンダー↔警察",
            C::OperatorToOperator => "事業者→事業者",
            C::PublicToPolice => "国民→警察",
        },
    }
}

/// A duration distribution in words: `15m–2h, most often 30m`.
pub fn distribution(lang: Lang, d: &Dist) -> String {
    let w = |x: &crate::model::Minutes| -> String {
        match lang {
            Lang::En => x.to_string(),
            Lang::Ja => {
                let (h, mm) = (x.0 / 60, x.0 % 60);
                match (h, mm) {
                    (0, mm) => format!("{mm}分"),
                    (h, 0) => format!("{h}時間"),
                    (h, mm) => format!("{h}時間{mm}分"),
                }
            }
        }
    };
    match (d, lang) {
        (Dist::Fixed(x), _) => w(x),
        (Dist::Uniform { min, max }, Lang::En) => format!("{}–{}", w(min), w(max)),
        (Dist::Uniform { min, max }, Lang::Ja) => format!("{}〜{}", w(min), w(max)),
        (Dist::Triangular { min, mode, max }, Lang::En) => {
            format!("{}–{}, most often {}", w(min), w(max), w(mode))
        }
        (Dist::Triangular { min, mode, max }, Lang::Ja) => {
            format!("{}〜{}、最頻{}", w(min), w(max), w(mode))
        }
        (Dist::LogNormal { median, .. }, Lang::En) => format!("median {}", w(median)),
        (Dist::LogNormal { median, .. }, Lang::Ja) => format!("中央値{}", w(median)),
        (Dist::Exponential { mean }, Lang::En) => format!("mean {}", w(mean)),
        (Dist::Exponential { mean }, Lang::Ja) => format!("平均{}", w(mean)),
    }
}

/// An HSEEP rating with its meaning: `U — unable to be performed`, `U — 実施できず`.
pub fn rating(lang: Lang, r: Rating) -> String {
    let w = match (r, lang) {
        (Rating::P, Lang::En) => "performed without challenges",
        (Rating::S, Lang::En) => "performed with some challenges",
        (Rating::M, Lang::En) => "performed with major challenges",
        (Rating::U, Lang::En) => "unable to be performed",
        (Rating::P, Lang::Ja) => "問題なく実施",
        (Rating::S, Lang::Ja) => "一部課題あり",
        (Rating::M, Lang::Ja) => "重大な課題あり",
        (Rating::U, Lang::Ja) => "実施できず",
    };
    format!("{r:?} — {w}")
}

/// A date: `2025-11-20`, `2025年11月20日`.
pub fn date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::En => d.to_string(),
        Lang::Ja => format!("{}年{}月{}日", d.year, d.month, d.day),
    }
}

/// Hours with one decimal and the unit: `7.2 h`, `7.2 時間`.
pub fn hours(lang: Lang, h: f64) -> String {
    match lang {
        Lang::En => format!("{h:.1} h"),
        Lang::Ja => format!("{h:.1} 時間"),
    }
}

/// An integer with its thousands grouped: `1,234,567`.
pub fn grouped(x: u64) -> String {
    let s = x.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A large number people read at a glance: in English `9,876`, `123,456`, `165.1 M`,
/// `2.35 bn`; in Japanese by 万 and 億: `9,876`, `12.3万`, `1,651万`, `1億6,510万`,
/// `2兆3,500億`. Below 100, one decimal (`12.5`), and 0 as `0`.
pub fn big(lang: Lang, x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a < 0.05 {
        return "0".into();
    }
    if a < 100.0 {
        return format!("{sign}{a:.1}");
    }
    let body = match lang {
        Lang::En => {
            if a < 1e6 {
                grouped(a.round() as u64)
            } else if a < 1e9 {
                format!("{:.1} M", a / 1e6)
            } else {
                format!("{:.2} bn", a / 1e9)
            }
        }
        Lang::Ja => {
            let man = 1e4;
            let oku = 1e8;
            let cho = 1e12;
            if a < man {
                grouped(a.round() as u64)
            } else if a < 100.0 * man {
                format!("{:.1}万", a / man)
            } else if a < oku {
                format!("{}万", grouped((a / man).round() as u64))
            } else if a < cho {
                let total_man = (a / man).round() as u64;
                let (o, m) = (total_man / 10_000, total_man % 10_000);
                if m == 0 {
                    format!("{o}億")
                } else {
                    format!("{o}億{}万", grouped(m))
                }
            } else {
                let total_oku = (a / oku).round() as u64;
                let (c, o) = (total_oku / 10_000, total_oku % 10_000);
                if o == 0 {
                    format!("{c}兆")
                } else {
                    format!("{c}兆{}億", grouped(o))
                }
            }
        }
    };
    format!("{sign}{body}")
}

/// Person-hours, readable: `165.1 M person-hours`, `1億6,510万人時`.
pub fn person_hours(lang: Lang, x: f64) -> String {
    match lang {
        Lang::En => format!("{} person-hours", big(lang, x)),
        Lang::Ja => format!("{}人時", big(lang, x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_read_at_a_glance_in_both_languages() {
        assert_eq!(big(Lang::En, 165_100_000.0), "165.1 M");
        assert_eq!(big(Lang::Ja, 165_100_000.0), "1億6,510万");
        assert_eq!(
            person_hours(Lang::En, 165_100_000.0),
            "165.1 M person-hours"
        );
        assert_eq!(person_hours(Lang::Ja, 165_100_000.0), "1億6,510万人時");
        assert_eq!(big(Lang::En, 4600.0), "4,600");
        assert_eq!(big(Lang::Ja, 4600.0), "4,600");
        assert_eq!(big(Lang::Ja, 123_456.0), "12.3万");
        assert_eq!(big(Lang::Ja, 16_510_000.0), "1,651万");
        assert_eq!(big(Lang::Ja, 300_000_000.0), "3億");
        assert_eq!(big(Lang::Ja, 2.35e12), "2兆3,500億");
        assert_eq!(big(Lang::En, 2.35e9), "2.35 bn");
        assert_eq!(big(Lang::En, 12.5), "12.5");
        assert_eq!(big(Lang::En, 0.0), "0");
        assert_eq!(big(Lang::En, -58_675_900.0), "-58.7 M");
    }

    #[test]
    fn every_term_has_both_languages_and_the_japanese_is_japanese() {
        for t in Term::ALL {
            let (en, ja) = (t.get(Lang::En), t.get(Lang::Ja));
            assert!(!en.is_empty() && !ja.is_empty(), "{t:?}");
            assert!(
                ja.chars().any(|c| c as u32 > 0x3000),
                "{t:?}: {ja:?} has no Japanese"
            );
        }
    }
}
