//! What each field of a scenario, infrastructure file or drill log means, and in what
//! unit, in English and Japanese: the hover text of `rensa lsp` (docs/TOOLS.md). The one
//! table docs/SCENARIOS.md agrees with: `tests/it/tools_lsp.rs` checks that every field
//! the server knows has its words here and that every field SCENARIOS.md documents does.

use super::Lang;
use crate::model::{Infrastructure, OperatorId, ServiceId, SystemId};

/// The unit or form of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A number in [0, 1].
    Fraction,
    /// A duration: `"90m"`, `"2h"`, `"1d12h"` or whole minutes.
    Duration,
    /// A duration distribution: `Fixed`, `Uniform`, `Triangular`, `LogNormal`,
    /// `Exponential`.
    Dist,
    /// People or customers.
    People,
    /// A factor (> 0) that multiplies a rate.
    Factor,
    /// A whole number.
    Count,
    /// An id of up to 64 ASCII letters, digits, `-`, `_`, `.`, `/`.
    Id,
    /// A role id: `operator:<id>`, `ceptor:<sector>`, `ministry:<ministry>`, `nisc`, …
    Role,
    /// Free text.
    Text,
}

impl Unit {
    /// The unit in words.
    pub fn words(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Unit::Fraction) => "a fraction in [0, 1]",
            (Lang::En, Unit::Duration) => "a duration: \"90m\", \"2h\", \"1d12h\" or minutes",
            (Lang::En, Unit::Dist) => {
                "a duration distribution: Fixed, Uniform, Triangular, LogNormal, Exponential"
            }
            (Lang::En, Unit::People) => "people or customers",
            (Lang::En, Unit::Factor) => "a factor > 0",
            (Lang::En, Unit::Count) => "a whole number",
            (Lang::En, Unit::Id) => "an id: ASCII letters, digits, - _ . / (1–64)",
            (Lang::En, Unit::Role) => {
                "a role id: operator:<id>, ceptor:<sector>, ministry:<ministry>, nisc, …"
            }
            (Lang::En, Unit::Text) => "free text",
            (Lang::Ja, Unit::Fraction) => "0 以上 1 以下の割合",
            (Lang::Ja, Unit::Duration) => "期間: \"90m\"、\"2h\"、\"1d12h\" または分数",
            (Lang::Ja, Unit::Dist) => {
                "期間の分布: Fixed、Uniform、Triangular、LogNormal、Exponential"
            }
            (Lang::Ja, Unit::People) => "人数または顧客数",
            (Lang::Ja, Unit::Factor) => "0 より大きい倍率",
            (Lang::Ja, Unit::Count) => "整数",
            (Lang::Ja, Unit::Id) => "ID: ASCII 英数字と - _ . /（1〜64 文字）",
            (Lang::Ja, Unit::Role) => {
                "役割 ID: operator:<ID>、ceptor:<分野>、ministry:<省庁>、nisc など"
            }
            (Lang::Ja, Unit::Text) => "自由記述",
        }
    }
}

/// The words for one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDoc {
    /// The struct (or `Enum::Variant`) the field belongs to.
    pub owner: &'static str,
    /// The field.
    pub field: &'static str,
    /// Its unit or form.
    pub unit: Option<Unit>,
    /// What it means, in English.
    pub en: &'static str,
    /// What it means, in Japanese.
    pub ja: &'static str,
}

use Unit::*;

const fn d(
    owner: &'static str,
    field: &'static str,
    unit: Option<Unit>,
    en: &'static str,
    ja: &'static str,
) -> FieldDoc {
    FieldDoc {
        owner,
        field,
        unit,
        en,
        ja,
    }
}

/// Every field's words, by owner and field.
pub const FIELDS: &[FieldDoc] = &[
    // Scenario
    d(
        "Scenario",
        "name",
        Some(Text),
        "Short name, printed in every result.",
        "短い名前。すべての結果に表示されます。",
    ),
    d(
        "Scenario",
        "name_ja",
        Some(Text),
        "The name in Japanese (default `name`).",
        "日本語の名前（省略時は `name`）。",
    ),
    d(
        "Scenario",
        "description",
        Some(Text),
        "Briefing text for the players.",
        "参加者への説明文。",
    ),
    d(
        "Scenario",
        "description_ja",
        Some(Text),
        "The briefing in Japanese (default `description`).",
        "日本語の説明文（省略時は `description`）。",
    ),
    d(
        "Scenario",
        "duration",
        Some(Duration),
        "Length of the exercise; the run covers [T+0, duration).",
        "演習の長さ。実行は [T+0, duration) を扱います。",
    ),
    d(
        "Scenario",
        "seed",
        Some(Count),
        "Master seed (default 0); `rensa run --seed N` overrides it.",
        "マスターシード（既定 0）。`rensa run --seed N` で上書きできます。",
    ),
    d(
        "Scenario",
        "infrastructure",
        None,
        "`Default` (the bundled Japan graph), `File(\"path.ron\")` or `Inline(Infrastructure(...))`.",
        "`Default`（同梱の日本のグラフ）、`File(\"path.ron\")` または `Inline(Infrastructure(...))`。",
    ),
    d(
        "Scenario",
        "changes",
        None,
        "Alterations of the infrastructure for this scenario.",
        "このシナリオでのインフラの変更。",
    ),
    d(
        "Scenario",
        "parameters",
        None,
        "Model parameters (docs/SCENARIOS.md, `parameters`).",
        "モデルのパラメータ（docs/SCENARIOS.md の `parameters`）。",
    ),
    d(
        "Scenario",
        "injects",
        None,
        "The events of the drill.",
        "演習で起こる事象（インジェクト）。",
    ),
    d(
        "Scenario",
        "players",
        Some(Role),
        "Role ids played by people; they never follow policies.",
        "人が演じる役割の ID。ポリシーには従いません。",
    ),
    d(
        "Scenario",
        "absent",
        Some(Role),
        "Role ids left out of the drill: nothing can be sent to them.",
        "演習に参加しない役割の ID。何も送れません。",
    ),
    d(
        "Scenario",
        "policies",
        None,
        "`Reference`, `Passive`, `Custom([Policy(...)])` or `ReferenceAnd([Policy(...)])`.",
        "`Reference`、`Passive`、`Custom([Policy(...)])` または `ReferenceAnd([Policy(...)])`。",
    ),
    d(
        "Scenario",
        "objectives",
        None,
        "What the players should achieve, scored as the run goes (docs/SCORING.md).",
        "参加者が達成すべき目標。実行中に採点されます（docs/SCORING.md）。",
    ),
    // Infrastructure
    d(
        "Infrastructure",
        "name",
        Some(Text),
        "Name of the graph.",
        "グラフの名前。",
    ),
    d(
        "Infrastructure",
        "operators",
        None,
        "Operators with their services and systems.",
        "事業者とそのサービス・システム。",
    ),
    d(
        "Infrastructure",
        "dependencies",
        None,
        "Dependencies between services.",
        "サービス間の依存関係。",
    ),
    // Operator
    d(
        "Operator",
        "id",
        Some(Id),
        "Unique id (operators, services and systems share one namespace).",
        "一意な ID（事業者・サービス・システムで共通の名前空間）。",
    ),
    d("Operator", "name", Some(Text), "English name.", "英語名。"),
    d(
        "Operator",
        "name_ja",
        Some(Text),
        "Japanese name.",
        "日本語名。",
    ),
    d(
        "Operator",
        "sector",
        None,
        "Its sector: InfoComm, Finance, Aviation, Railway, Electricity, Gas, Government, Medical, Water, Logistics.",
        "分野: InfoComm、Finance、Aviation、Railway、Electricity、Gas、Government、Medical、Water、Logistics。",
    ),
    d(
        "Operator",
        "sub_sector",
        None,
        "Sub-sector; must belong to the sector (Telecom, Broadcasting, AirTransport, AirTrafficControl, CentralGovernment, LocalGovernment).",
        "小分野。分野に属するものに限ります。",
    ),
    d(
        "Operator",
        "region",
        Some(Id),
        "Region name; disasters target regions.",
        "地域名。災害は地域を対象にします。",
    ),
    d(
        "Operator",
        "posture",
        Some(Fraction),
        "Detection capability (default 0.5): scales the hazard of detecting an attack by (0.5 + posture) (docs/ATTACKS.md).",
        "検知能力（既定 0.5）。攻撃を検知するハザードを (0.5 + posture) 倍にします（docs/ATTACKS.md）。",
    ),
    d(
        "Operator",
        "services",
        None,
        "Its services.",
        "提供するサービス。",
    ),
    d(
        "Operator",
        "source",
        Some(Text),
        "Citation, or \"assumption: …\".",
        "出典、または「assumption: …」。",
    ),
    // Service
    d(
        "Service",
        "id",
        Some(Id),
        "Unique id (`operator/service` by convention).",
        "一意な ID（慣例で `事業者/サービス`）。",
    ),
    d("Service", "name", Some(Text), "Name.", "名前。"),
    d(
        "Service",
        "population",
        Some(People),
        "People or customers served: the weight in person-hours lost.",
        "利用者数。失われた人時の重みです。",
    ),
    d(
        "Service",
        "required",
        Some(Fraction),
        "Required level: below it (by more than 10⁻⁹) the service is in IT failure.",
        "要求水準。これを（10⁻⁹ を超えて）下回ると IT 障害です。",
    ),
    d(
        "Service",
        "serves",
        None,
        "`People` (default: end users) or `Operators` (only other operators' services use it).",
        "`People`（既定: 利用者）または `Operators`（他の事業者のサービスだけが使う）。",
    ),
    d(
        "Service",
        "systems",
        None,
        "IT systems behind it.",
        "サービスを支える IT システム。",
    ),
    d(
        "Service",
        "source",
        Some(Text),
        "Citation, or \"assumption: …\".",
        "出典、または「assumption: …」。",
    ),
    // System
    d("System", "id", Some(Id), "Unique id.", "一意な ID。"),
    d(
        "System",
        "kind",
        None,
        "`Business`, `Control` or `CustomerFacing`: attacks and isolation act by kind.",
        "`Business`、`Control` または `CustomerFacing`。攻撃と隔離は種類ごとに働きます。",
    ),
    d(
        "System",
        "share",
        Some(Fraction),
        "Fraction of the service lost while the system is isolated, and its exposure to attacks of that kind.",
        "システムを隔離している間に失われるサービスの割合。同じ種類の攻撃への露出でもあります。",
    ),
    // Dependency
    d(
        "Dependency",
        "dependent",
        Some(Id),
        "The service that needs the provider.",
        "提供元を必要とするサービス。",
    ),
    d(
        "Dependency",
        "provider",
        Some(Id),
        "The service depended upon.",
        "依存されるサービス。",
    ),
    d(
        "Dependency",
        "kind",
        None,
        "`Physical`, `Cyber`, `Geographic` or `Logical` (Rinaldi et al. 2001); worms spread along `Cyber`.",
        "`Physical`、`Cyber`、`Geographic` または `Logical`（Rinaldi ほか 2001）。ワームは `Cyber` に沿って広がります。",
    ),
    d(
        "Dependency",
        "strength",
        Some(Fraction),
        "Fraction w of the dependent's level lost while the provider is in IT failure and the buffer is exhausted: L = C × Π(1 − w).",
        "提供元が IT 障害でバッファが尽きている間に依存先が失う水準の割合 w。L = C × Π(1 − w)。",
    ),
    d(
        "Dependency",
        "tolerance",
        Some(Duration),
        "How long the buffer (generator, tank, manual operation) holds before the loss arrives; 0 for none.",
        "損失が届くまでバッファ（発電機、タンク、手動運転）が持つ時間。なければ 0。",
    ),
    d(
        "Dependency",
        "source",
        Some(Text),
        "Citation, or \"assumption: …\".",
        "出典、または「assumption: …」。",
    ),
    // Changes
    d(
        "Changes",
        "add_operators",
        None,
        "Operators to add.",
        "追加する事業者。",
    ),
    d(
        "Changes",
        "add_dependencies",
        None,
        "Dependencies to add.",
        "追加する依存関係。",
    ),
    d(
        "Changes",
        "remove_dependencies",
        None,
        "Dependencies to remove: `Edge(dependent, provider)`.",
        "削除する依存関係: `Edge(dependent, provider)`。",
    ),
    d(
        "Changes",
        "dependencies",
        None,
        "Dependencies to alter: `DependencyChange(dependent, provider, strength, tolerance)`.",
        "変更する依存関係: `DependencyChange(dependent, provider, strength, tolerance)`。",
    ),
    d(
        "Changes",
        "services",
        None,
        "Services to alter: `ServiceChange(id, required, population)`.",
        "変更するサービス: `ServiceChange(id, required, population)`。",
    ),
    d(
        "Changes",
        "operators",
        None,
        "Operators to alter: `OperatorChange(id, posture)`.",
        "変更する事業者: `OperatorChange(id, posture)`。",
    ),
    d(
        "Edge",
        "dependent",
        Some(Id),
        "The dependent service.",
        "依存するサービス。",
    ),
    d(
        "Edge",
        "provider",
        Some(Id),
        "The provider service.",
        "提供元のサービス。",
    ),
    d(
        "DependencyChange",
        "dependent",
        Some(Id),
        "The dependent service.",
        "依存するサービス。",
    ),
    d(
        "DependencyChange",
        "provider",
        Some(Id),
        "The provider service.",
        "提供元のサービス。",
    ),
    d(
        "DependencyChange",
        "strength",
        Some(Fraction),
        "New strength.",
        "新しい強度。",
    ),
    d(
        "DependencyChange",
        "tolerance",
        Some(Duration),
        "New tolerance.",
        "新しい許容時間。",
    ),
    d(
        "ServiceChange",
        "id",
        Some(Id),
        "The service.",
        "対象のサービス。",
    ),
    d(
        "ServiceChange",
        "required",
        Some(Fraction),
        "New required level.",
        "新しい要求水準。",
    ),
    d(
        "ServiceChange",
        "population",
        Some(People),
        "New population.",
        "新しい利用者数。",
    ),
    d(
        "OperatorChange",
        "id",
        Some(Id),
        "The operator.",
        "対象の事業者。",
    ),
    d(
        "OperatorChange",
        "posture",
        Some(Fraction),
        "New posture.",
        "新しい検知能力。",
    ),
    // Params
    d(
        "Params",
        "recovery_slowdown",
        Some(Fraction),
        "How much a service's unmet dependencies slow its repairs: rate = 1 − slowdown × (1 − F) (default 0.5).",
        "未充足の依存が修復を遅らせる度合い: 速度 = 1 − slowdown × (1 − F)（既定 0.5）。",
    ),
    d(
        "Params",
        "alert_boost",
        Some(Factor),
        "Detection factor for an attack kind an operator was alerted to (default 3).",
        "警報を受けた攻撃種別の検知倍率（既定 3）。",
    ),
    d(
        "Params",
        "signature_boost",
        Some(Factor),
        "Detection factor once vendors published a signature (default 2).",
        "ベンダーがシグネチャを公開した後の検知倍率（既定 2）。",
    ),
    d(
        "Params",
        "patch_speedup",
        Some(Factor),
        "Repair factor for that attack kind once patched (default 1.25).",
        "パッチ公開後のその攻撃種別の修復倍率（既定 1.25）。",
    ),
    d(
        "Params",
        "support_teams",
        Some(Count),
        "NISC's support teams (default 2, at most 1000).",
        "NISC の支援チーム数（既定 2、最大 1000）。",
    ),
    d(
        "Params",
        "support_travel",
        Some(Duration),
        "Time for a support team to arrive (default 2h).",
        "支援チームの到着までの時間（既定 2h）。",
    ),
    d(
        "Params",
        "support_speedup",
        Some(Factor),
        "Repair factor while a team is on site (default 1.5).",
        "チームが現地にいる間の修復倍率（既定 1.5）。",
    ),
    d(
        "Params",
        "backup_extension",
        Some(Duration),
        "How much longer every buffer holds on backup operation (default 12h).",
        "バックアップ運用中にバッファが延びる時間（既定 12h）。",
    ),
    d(
        "Params",
        "backup_cost",
        Some(Fraction),
        "Capacity lost while on backup (default 0.1).",
        "バックアップ運用中に失う能力（既定 0.1）。",
    ),
    d(
        "Params",
        "backup_restore",
        Some(Dist),
        "Time to restore data from backup (default Triangular 4h / 8h / 24h).",
        "バックアップからのデータ復元時間（既定 Triangular 4h / 8h / 24h）。",
    ),
    d(
        "Params",
        "message_delays",
        Some(Dist),
        "Per-channel delays, e.g. `{ OperatorToCeptor: Fixed(\"10m\") }` (docs/DRILL.md).",
        "経路ごとの遅延。例: `{ OperatorToCeptor: Fixed(\"10m\") }`（docs/DRILL.md）。",
    ),
    // Inject
    d(
        "InjectKind::Narrative",
        "to",
        Some(Role),
        "The role ids the message is delivered to.",
        "メッセージを届ける役割 ID。",
    ),
    d(
        "InjectKind::Narrative",
        "text",
        Some(Text),
        "What it says, in English.",
        "英語の本文。",
    ),
    d(
        "InjectKind::Narrative",
        "text_ja",
        Some(Text),
        "What it says, in Japanese (default `text`).",
        "日本語の本文（省略時は `text`）。",
    ),
    d(
        "InjectKind::Narrative",
        "message",
        None,
        "The kind of message (default `Note`); policies answer by kind.",
        "メッセージの種類（既定 `Note`）。ポリシーは種類ごとに応答します。",
    ),
    d(
        "Inject",
        "id",
        Some(Id),
        "Optional unique id (default `inject-N`); other injects, conditions and drill logs refer to it.",
        "任意の一意な ID（既定 `inject-N`）。他のインジェクト、条件、演習ログが参照します。",
    ),
    d(
        "Inject",
        "at",
        Some(Duration),
        "Fixed time, before `duration` (exactly one of `at`, `after`, `when`).",
        "固定の時刻。`duration` より前（`at`、`after`、`when` のいずれか一つ）。",
    ),
    d(
        "Inject",
        "manual",
        None,
        "`true`: a reserve inject that fires only when exercise control fires it (`Fire`); then none of `at`, `after`, `when`.",
        "`true`: 統制側が発火させたとき（`Fire`）だけ発火する予備のインジェクト。`at`、`after`、`when` は書きません。",
    ),
    d(
        "Inject",
        "after",
        None,
        "`(inject: \"id\", delay: \"1h\")`: a delay after another inject fired.",
        "`(inject: \"id\", delay: \"1h\")`: 別のインジェクトの発火から遅れて。",
    ),
    d(
        "Inject",
        "when",
        None,
        "`(condition: …, delay: \"30m\", by: \"12h\")`: when a condition holds (docs/DRILL.md).",
        "`(condition: …, delay: \"30m\", by: \"12h\")`: 条件が成り立ったとき（docs/DRILL.md）。",
    ),
    d(
        "Inject",
        "target",
        None,
        "What it hits: `Operator`, `Service`, `System` (severity × share), `Sector`, `Region`, `RegionSector`.",
        "対象: `Operator`、`Service`、`System`（深刻度 × 割合）、`Sector`、`Region`、`RegionSector`。",
    ),
    d(
        "Inject",
        "kind",
        None,
        "What happens: `ItFailure`, `Disaster`, `CyberAttack` (impact at once), `Attack` (staged) or `Narrative` (a message to roles, no `target`).",
        "起こること: `ItFailure`、`Disaster`、`CyberAttack`（即時の影響）、`Attack`（段階的）または `Narrative`（役割へのメッセージ。`target` なし）。",
    ),
    d(
        "After",
        "inject",
        Some(Id),
        "The other inject's id.",
        "もう一つのインジェクトの ID。",
    ),
    d(
        "After",
        "delay",
        Some(Duration),
        "Delay after it fires (default 0).",
        "発火からの遅れ（既定 0）。",
    ),
    d(
        "When",
        "condition",
        None,
        "`LevelBelow`, `Detected`, `NotDetected`, `ActionTaken` or `ActionNotTaken`.",
        "`LevelBelow`、`Detected`、`NotDetected`、`ActionTaken` または `ActionNotTaken`。",
    ),
    d(
        "When",
        "delay",
        Some(Duration),
        "Delay after the condition holds (default 0).",
        "条件成立からの遅れ（既定 0）。",
    ),
    d(
        "When",
        "by",
        Some(Duration),
        "Deadline; required for `NotDetected` and `ActionNotTaken`.",
        "期限。`NotDetected` と `ActionNotTaken` では必須。",
    ),
    d(
        "Condition::LevelBelow",
        "service",
        Some(Id),
        "The service.",
        "対象のサービス。",
    ),
    d(
        "Condition::LevelBelow",
        "level",
        Some(Fraction),
        "The level it must fall below.",
        "下回るべき水準。",
    ),
    d(
        "Condition::ActionTaken",
        "role",
        Some(Role),
        "The role.",
        "役割。",
    ),
    d(
        "Condition::ActionTaken",
        "action",
        None,
        "The class of action.",
        "行動の種類。",
    ),
    d(
        "Condition::ActionNotTaken",
        "role",
        Some(Role),
        "The role.",
        "役割。",
    ),
    d(
        "Condition::ActionNotTaken",
        "action",
        None,
        "The class of action.",
        "行動の種類。",
    ),
    // Inject kinds
    d(
        "InjectKind::ItFailure",
        "cause",
        None,
        "`SystemFailure`, `OperatorError` or `SoftwareDefect`.",
        "`SystemFailure`、`OperatorError` または `SoftwareDefect`。",
    ),
    d(
        "InjectKind::ItFailure",
        "severity",
        Some(Fraction),
        "Fraction of each hit service's capacity lost.",
        "対象サービスごとに失われる能力の割合。",
    ),
    d(
        "InjectKind::ItFailure",
        "recovery",
        Some(Dist),
        "Repair time of each hit service (docs/MODEL.md, Recovery).",
        "対象サービスごとの修復時間（docs/MODEL.md の Recovery）。",
    ),
    d(
        "InjectKind::Disaster",
        "hazard",
        None,
        "`Earthquake`, `Typhoon`, `Flood`, `Blackout`, `ColdSnap` or `Other`.",
        "`Earthquake`、`Typhoon`、`Flood`、`Blackout`、`ColdSnap` または `Other`。",
    ),
    d(
        "InjectKind::Disaster",
        "severity",
        Some(Fraction),
        "Fraction of each hit service's capacity lost.",
        "対象サービスごとに失われる能力の割合。",
    ),
    d(
        "InjectKind::Disaster",
        "recovery",
        Some(Dist),
        "Repair time of each hit service.",
        "対象サービスごとの修復時間。",
    ),
    d(
        "InjectKind::Attack",
        "attack",
        None,
        "The kind: `Ddos`, `Worm`, `Ransomware`, `Intrusion`, `Insider`, `Defacement`; its template stages unless `stages` is given (docs/ATTACKS.md).",
        "種別: `Ddos`、`Worm`、`Ransomware`、`Intrusion`、`Insider`、`Defacement`。`stages` がなければその種別の段階（docs/ATTACKS.md）。",
    ),
    d(
        "InjectKind::Attack",
        "systems",
        None,
        "The systems it travels through (default: the kind's).",
        "攻撃が通るシステム（既定: 種別のもの）。",
    ),
    d(
        "InjectKind::Attack",
        "stages",
        None,
        "Stages replacing the template's.",
        "テンプレートに代わる段階。",
    ),
    d(
        "InjectKind::Attack",
        "severity",
        Some(Fraction),
        "Overrides the impact stage's severity.",
        "影響段階の深刻度を上書きします。",
    ),
    d(
        "InjectKind::Attack",
        "recovery",
        Some(Dist),
        "Overrides the impact stage's recovery.",
        "影響段階の修復時間を上書きします。",
    ),
    d(
        "InjectKind::CyberAttack",
        "attack",
        None,
        "The kind of attack.",
        "攻撃の種別。",
    ),
    d(
        "InjectKind::CyberAttack",
        "severity",
        Some(Fraction),
        "Fraction of each hit service's capacity lost, at once.",
        "対象サービスごとに直ちに失われる能力の割合。",
    ),
    d(
        "InjectKind::CyberAttack",
        "recovery",
        Some(Dist),
        "Recovery time.",
        "復旧時間。",
    ),
    // Stages
    d(
        "Stage",
        "name",
        Some(Text),
        "Name shown in the timeline.",
        "タイムラインに表示される名前。",
    ),
    d(
        "Stage",
        "chance",
        Some(Fraction),
        "Probability the stage succeeds when it starts; if not, the attack stops there.",
        "段階が始まったときに成功する確率。失敗すると攻撃はそこで止まります。",
    ),
    d(
        "Stage",
        "duration",
        Some(Dist),
        "How long the stage takes before its effect.",
        "効果が出るまでにかかる時間。",
    ),
    d(
        "Stage",
        "detection",
        Some(Fraction),
        "Chance of detection within one hour at posture 0.5 without alerts: λ = −ln(1 − detection)/60 × (0.5 + posture) × alert × signature per minute.",
        "姿勢 0.5・警報なしで 1 時間以内に検知される確率。ハザードは毎分 λ = −ln(1 − detection)/60 × (0.5 + posture) × alert × signature。",
    ),
    d(
        "Stage",
        "effect",
        None,
        "`Foothold`, `Spread(...)` or `Impact(...)`.",
        "`Foothold`、`Spread(...)` または `Impact(...)`。",
    ),
    d(
        "StageEffect::Spread",
        "chance",
        Some(Fraction),
        "Chance per linked operator.",
        "つながった事業者ごとの確率。",
    ),
    d(
        "StageEffect::Spread",
        "via",
        None,
        "Dependency kinds it travels along (either direction).",
        "広がる依存関係の種類（どちら向きでも）。",
    ),
    d(
        "StageEffect::Spread",
        "within",
        None,
        "Sectors it can spread into (empty: any).",
        "広がれる分野（空ならどこでも）。",
    ),
    d(
        "StageEffect::Spread",
        "delay",
        Some(Dist),
        "Time to arrive at a neighbour.",
        "隣の事業者に届くまでの時間。",
    ),
    d(
        "StageEffect::Impact",
        "severity",
        Some(Fraction),
        "Capacity lost × the service's exposure (summed share of its systems of the attack's kind).",
        "失われる能力 × サービスの露出（攻撃種別のシステムの割合の和）。",
    ),
    d(
        "StageEffect::Impact",
        "recovery",
        Some(Dist),
        "Time to recover.",
        "復旧時間。",
    ),
    d(
        "StageEffect::Impact",
        "data_loss",
        None,
        "Data destroyed or encrypted: `RestoreFromBackup` is the fast way back.",
        "データが破壊・暗号化された: `RestoreFromBackup` が早道です。",
    ),
    // Distributions
    d(
        "Dist::Uniform",
        "min",
        Some(Duration),
        "Shortest duration.",
        "最短の期間。",
    ),
    d(
        "Dist::Uniform",
        "max",
        Some(Duration),
        "Longest duration.",
        "最長の期間。",
    ),
    d(
        "Dist::Triangular",
        "min",
        Some(Duration),
        "Lower limit.",
        "下限。",
    ),
    d(
        "Dist::Triangular",
        "mode",
        Some(Duration),
        "Most likely duration.",
        "最頻値。",
    ),
    d(
        "Dist::Triangular",
        "max",
        Some(Duration),
        "Upper limit.",
        "上限。",
    ),
    d(
        "Dist::LogNormal",
        "median",
        Some(Duration),
        "Median duration: half of the draws are shorter.",
        "中央値: 半分の抽出はこれより短い。",
    ),
    d(
        "Dist::LogNormal",
        "sigma",
        Some(Factor),
        "Standard deviation of the log; 0.5 is moderate spread.",
        "対数の標準偏差。0.5 で中程度のばらつき。",
    ),
    d(
        "Dist::Exponential",
        "mean",
        Some(Duration),
        "Mean duration.",
        "平均の期間。",
    ),
    // Objectives
    d("Objective", "id", Some(Id), "Unique id.", "一意な ID。"),
    d(
        "Objective",
        "text",
        Some(Text),
        "What it asks, in English.",
        "目標の内容（英語）。",
    ),
    d(
        "Objective",
        "text_ja",
        Some(Text),
        "What it asks, in Japanese (default `text`).",
        "目標の内容（日本語、省略時は `text`）。",
    ),
    d(
        "Objective",
        "roles",
        Some(Role),
        "Role ids it is for; their scorecards list it.",
        "対象の役割 ID。その役割の評価表に載ります。",
    ),
    d(
        "Objective",
        "expected",
        Some(Fraction),
        "The score the author expects (default 1); the HSEEP rating compares with it.",
        "作成者が期待する得点（既定 1）。HSEEP 評価はこれと比べます。",
    ),
    d(
        "Objective",
        "goal",
        None,
        "What is measured (docs/SCORING.md).",
        "測るもの（docs/SCORING.md）。",
    ),
    d("Goal::SectorAbove", "sector", None, "The sector.", "分野。"),
    d(
        "Goal::SectorAbove",
        "level",
        Some(Fraction),
        "The population-weighted level to stay above.",
        "保つべき人口加重の水準。",
    ),
    d(
        "Goal::SectorAbove",
        "within",
        Some(Duration),
        "The longest a dip below `level` may last.",
        "`level` を下回ってよい最長の時間。",
    ),
    d(
        "Goal::ReportedWithin",
        "to",
        None,
        "`Ceptor`, `Ministry`, `Police` or `Nisc`.",
        "`Ceptor`、`Ministry`、`Police` または `Nisc`。",
    ),
    d(
        "Goal::ReportedWithin",
        "inject",
        Some(Id),
        "Only the incident this inject opened.",
        "このインジェクトが起こしたインシデントだけ。",
    ),
    d(
        "Goal::ReportedWithin",
        "operator",
        Some(Id),
        "Only the incidents this operator detected.",
        "この事業者が検知したインシデントだけ。",
    ),
    d(
        "Goal::ServiceAbove",
        "service",
        Some(Id),
        "The service id.",
        "サービス ID。",
    ),
    d(
        "Goal::ServiceAbove",
        "level",
        Some(Fraction),
        "The level to stay above.",
        "保つべき水準。",
    ),
    d(
        "Goal::ServiceAbove",
        "within",
        Some(Duration),
        "The longest a dip below `level` may last.",
        "`level` を下回ってよい最長の時間。",
    ),
    d(
        "Goal::DownAtMost",
        "service",
        Some(Id),
        "A service id (exactly one of `service`, `system`, `operator`).",
        "サービス ID（`service`、`system`、`operator` のいずれか一つ）。",
    ),
    d(
        "Goal::DownAtMost",
        "system",
        Some(Id),
        "An IT system id (exactly one of `service`, `system`, `operator`).",
        "IT システム ID（`service`、`system`、`operator` のいずれか一つ）。",
    ),
    d(
        "Goal::DownAtMost",
        "operator",
        Some(Id),
        "An operator id (exactly one of `service`, `system`, `operator`).",
        "事業者 ID（`service`、`system`、`operator` のいずれか一つ）。",
    ),
    d(
        "Goal::DownAtMost",
        "within",
        Some(Duration),
        "The longest it may stay down.",
        "停止してよい最長の時間。",
    ),
    d(
        "Goal::SharedWithin",
        "to",
        None,
        "`AllCeptors` or `Sectors([Finance, Water])`: whose CEPTORs the news must reach.",
        "`AllCeptors` または `Sectors([Finance, Water])`: 情報が届くべき CEPTOR。",
    ),
    d(
        "Goal::SharedWithin",
        "within",
        Some(Duration),
        "How soon after detection.",
        "検知からの期限。",
    ),
    d(
        "Goal::ReportedWithin",
        "within",
        Some(Duration),
        "How soon after detection.",
        "検知からの期限。",
    ),
    d(
        "Goal::NoForwardOf",
        "label",
        None,
        "The TLP label never to forward: `Red`, `AmberStrict`, `Amber`, `Green`, `Clear`.",
        "転送してはならない TLP ラベル: `Red`、`AmberStrict`、`Amber`、`Green`、`Clear`。",
    ),
    d(
        "Goal::NeverBelowRequired",
        "sector",
        None,
        "The sector.",
        "分野。",
    ),
    // Policies
    d(
        "Policy",
        "roles",
        None,
        "Roles it applies to: `Kind(Operator)`, `OperatorsIn(Finance)`, `Role(\"nisc\")`.",
        "適用する役割: `Kind(Operator)`、`OperatorsIn(Finance)`、`Role(\"nisc\")`。",
    ),
    d(
        "Policy",
        "rules",
        None,
        "Its rules: on TRIGGER, after DELAY, do RESPONSE (docs/DRILL.md).",
        "規則: TRIGGER のとき DELAY 後に RESPONSE（docs/DRILL.md）。",
    ),
    d(
        "Rule",
        "on",
        None,
        "What sets it off: `Detected`, `BelowRequired`, `Received(kind)`, `Restored`.",
        "きっかけ: `Detected`、`BelowRequired`、`Received(kind)`、`Restored`。",
    ),
    d(
        "Rule",
        "after",
        Some(Dist),
        "How long the role takes to respond.",
        "役割が応じるまでの時間。",
    ),
    d("Rule", "act", None, "What it does.", "行うこと。"),
    d("Response::Report", "to", None, "Recipients.", "宛先。"),
    d(
        "Response::Report",
        "label",
        None,
        "TLP label.",
        "TLP ラベル。",
    ),
    d("Response::Alert", "to", None, "Recipients.", "宛先。"),
    d(
        "Response::Alert",
        "label",
        None,
        "TLP label.",
        "TLP ラベル。",
    ),
    d(
        "Response::SanitisedAlert",
        "to",
        None,
        "Recipients.",
        "宛先。",
    ),
    d(
        "Response::SanitisedAlert",
        "label",
        None,
        "TLP label.",
        "TLP ラベル。",
    ),
    d("Response::Forward", "to", None, "Recipients.", "宛先。"),
    d(
        "Response::RequestSupport",
        "to",
        None,
        "Recipients.",
        "宛先。",
    ),
    // Drill logs
    d(
        "Drill",
        "scenario",
        Some(Text),
        "The scenario file, relative to this file (or \"default\" for the bundled drill).",
        "シナリオファイル。このファイルからの相対パス（同梱の演習なら \"default\"）。",
    ),
    d(
        "Drill",
        "scenario_hash",
        Some(Text),
        "The scenario file's hash when the log was written.",
        "ログを書いたときのシナリオファイルのハッシュ。",
    ),
    d(
        "Drill",
        "infrastructure_hash",
        Some(Text),
        "The infrastructure file's hash then.",
        "そのときのインフラファイルのハッシュ。",
    ),
    d(
        "Drill",
        "seed",
        Some(Count),
        "Master seed.",
        "マスターシード。",
    ),
    d(
        "Drill",
        "players",
        Some(Role),
        "Roles played by people (default: the roles that act).",
        "人が演じた役割（既定: 行動した役割）。",
    ),
    d(
        "Drill",
        "actions",
        None,
        "Actions in time order.",
        "時刻順の行動。",
    ),
    d(
        "Drill",
        "lessons",
        None,
        "Lessons learned (docs/DRILL.md).",
        "教訓（docs/DRILL.md）。",
    ),
    d(
        "Drill",
        "paused_at",
        Some(Duration),
        "Where the drill stood when saved; `rensa play --resume` continues there.",
        "保存時の演習の時点。`rensa play --resume` はそこから続けます。",
    ),
    d(
        "Drill",
        "chats",
        None,
        "Chat between the seats of a served drill; never part of the simulation (docs/SERVE.md).",
        "サーブ演習の席どうしのチャット。シミュレーションには含まれません（docs/SERVE.md）。",
    ),
    d(
        "Drill",
        "observations",
        None,
        "Evaluators' observations against the objectives (docs/SERVE.md).",
        "目標に対する評価者の所見（docs/SERVE.md）。",
    ),
    d(
        "Drill",
        "journal",
        None,
        "A served drill's entries in the order the server accepted them, each on disk before it took effect (docs/SERVE.md).",
        "サーブ演習のエントリを受け付け順に記録。各エントリは効力を持つ前にディスクに書かれます（docs/SERVE.md）。",
    ),
    d(
        "Chat",
        "at",
        Some(Duration),
        "The drill's minute when the server accepted it.",
        "サーバーが受け付けた演習の時刻。",
    ),
    d(
        "Entry::Chat",
        "at",
        Some(Duration),
        "The drill's minute when the server accepted it.",
        "サーバーが受け付けた演習の時刻。",
    ),
    d(
        "Chat",
        "from",
        Some(Text),
        "Who wrote it (a seat).",
        "書いた席。",
    ),
    d(
        "Entry::Chat",
        "from",
        Some(Text),
        "Who wrote it (a seat).",
        "書いた席。",
    ),
    d(
        "Chat",
        "to",
        Some(Text),
        "To whom (a seat, or everyone).",
        "宛先の席（または全員）。",
    ),
    d(
        "Entry::Chat",
        "to",
        Some(Text),
        "To whom (a seat, or everyone).",
        "宛先の席（または全員）。",
    ),
    d(
        "Chat",
        "text",
        Some(Text),
        "What was written.",
        "書かれた内容。",
    ),
    d(
        "Entry::Chat",
        "text",
        Some(Text),
        "What was written.",
        "書かれた内容。",
    ),
    d(
        "Observation",
        "at",
        Some(Duration),
        "The drill's minute when the server accepted it.",
        "サーバーが受け付けた演習の時刻。",
    ),
    d(
        "Entry::Observation",
        "at",
        Some(Duration),
        "The drill's minute when the server accepted it.",
        "サーバーが受け付けた演習の時刻。",
    ),
    d(
        "Observation",
        "by",
        Some(Text),
        "The evaluator's seat name.",
        "評価者の席の名前。",
    ),
    d(
        "Entry::Observation",
        "by",
        Some(Text),
        "The evaluator's seat name.",
        "評価者の席の名前。",
    ),
    d(
        "Observation",
        "objective",
        Some(Text),
        "The objective's id.",
        "目標の ID。",
    ),
    d(
        "Entry::Observation",
        "objective",
        Some(Text),
        "The objective's id.",
        "目標の ID。",
    ),
    d(
        "Observation",
        "rating",
        None,
        "The HSEEP rating: `P`, `S`, `M` or `U` (docs/SERVE.md).",
        "HSEEP の評定: `P`、`S`、`M` または `U`（docs/SERVE.md）。",
    ),
    d(
        "Entry::Observation",
        "rating",
        None,
        "The HSEEP rating: `P`, `S`, `M` or `U` (docs/SERVE.md).",
        "HSEEP の評定: `P`、`S`、`M` または `U`（docs/SERVE.md）。",
    ),
    d(
        "Observation",
        "text",
        Some(Text),
        "What the evaluator saw.",
        "評価者が見たこと。",
    ),
    d(
        "Entry::Observation",
        "text",
        Some(Text),
        "What the evaluator saw.",
        "評価者が見たこと。",
    ),
    d(
        "Entry::Act",
        "at",
        Some(Duration),
        "The drill's minute when the server accepted it.",
        "サーバーが受け付けた演習の時刻。",
    ),
    d(
        "Entry::Act",
        "role",
        Some(Role),
        "Who acted.",
        "行動した役割。",
    ),
    d("Entry::Act", "do", None, "The action.", "行動。"),
    d(
        "Entry::Clock",
        "at",
        Some(Duration),
        "The drill's clock reached this minute.",
        "演習の時計がこの時刻に達しました。",
    ),
    d(
        "Entry::Rewind",
        "to",
        Some(Duration),
        "Exercise control rewound the drill to this minute for every seat.",
        "統制側が全席の演習をこの時刻まで巻き戻しました。",
    ),
    d("Entry::Lesson", "role", Some(Role), "The role.", "役割。"),
    d(
        "Entry::Lesson",
        "went_well",
        Some(Text),
        "What went well.",
        "うまくいったこと。",
    ),
    d(
        "Entry::Lesson",
        "went_badly",
        Some(Text),
        "What went badly.",
        "うまくいかなかったこと。",
    ),
    d(
        "Entry::Lesson",
        "score",
        Some(Count),
        "A score from 1 (poor) to 5 (excellent).",
        "1（不十分）から 5（優秀）までの評点。",
    ),
    d("Lesson", "role", Some(Role), "The role.", "役割。"),
    d(
        "Lesson",
        "went_well",
        Some(Text),
        "What went well.",
        "うまくいったこと。",
    ),
    d(
        "Lesson",
        "went_badly",
        Some(Text),
        "What went badly.",
        "うまくいかなかったこと。",
    ),
    d(
        "Lesson",
        "score",
        Some(Count),
        "A score from 1 (poor) to 5 (excellent).",
        "1（不十分）から 5（優秀）までの自己評価。",
    ),
    d(
        "Act",
        "at",
        Some(Duration),
        "When: at the start of that minute, before its events.",
        "時刻: その分の最初、事象より前。",
    ),
    d("Act", "role", Some(Role), "Who acts.", "行動する役割。"),
    d(
        "Act",
        "do",
        None,
        "What: `Send`, `Forward`, `Isolate`, `SwitchToBackup`, … (docs/DRILL.md).",
        "行動: `Send`、`Forward`、`Isolate`、`SwitchToBackup` など（docs/DRILL.md）。",
    ),
    d("Action::Send", "to", None, "Recipients.", "宛先。"),
    d(
        "Action::Send",
        "kind",
        None,
        "Kind of message.",
        "メッセージの種類。",
    ),
    d(
        "Action::Send",
        "incident",
        Some(Id),
        "The incident, by the id of the inject that caused it.",
        "インシデント（原因のインジェクトの ID）。",
    ),
    d(
        "Action::Send",
        "incident_no",
        Some(Count),
        "The incident as numbered in this run (for ad-hoc injects).",
        "この実行での番号（臨時インジェクト用）。",
    ),
    d(
        "Action::Send",
        "attack",
        None,
        "Attack kind indicator.",
        "攻撃種別の指標。",
    ),
    d(
        "Action::Send",
        "label",
        None,
        "TLP label: `Red`, `AmberStrict`, `Amber`, `Green`, `Clear`.",
        "TLP ラベル: `Red`、`AmberStrict`、`Amber`、`Green`、`Clear`。",
    ),
    d(
        "Action::Send",
        "text",
        Some(Text),
        "The message's text.",
        "メッセージ本文。",
    ),
    d(
        "Action::Send",
        "sanitised",
        None,
        "A sanitised alert: the attack kind only.",
        "サニタイズした警報: 攻撃種別のみ。",
    ),
    d(
        "Action::GrantPermission",
        "message",
        Some(Count),
        "Message number.",
        "メッセージ番号。",
    ),
    d(
        "Action::GrantPermission",
        "to",
        Some(Role),
        "The role allowed to receive its information.",
        "情報を受け取ってよい役割。",
    ),
    d(
        "Action::Forward",
        "message",
        Some(Count),
        "Message number.",
        "メッセージ番号。",
    ),
    d("Action::Forward", "to", None, "Recipients.", "宛先。"),
    d(
        "Action::Isolate",
        "systems",
        None,
        "Which systems.",
        "どのシステムか。",
    ),
    d(
        "Action::Reconnect",
        "systems",
        None,
        "Which systems.",
        "どのシステムか。",
    ),
    d(
        "Action::SwitchToBackup",
        "service",
        Some(Id),
        "The service.",
        "サービス。",
    ),
    d(
        "Action::EndBackup",
        "service",
        Some(Id),
        "The service.",
        "サービス。",
    ),
    d(
        "Action::DispatchSupport",
        "operator",
        Some(Id),
        "The operator a team goes to.",
        "チームを送る事業者。",
    ),
    d(
        "Action::PublishSignature",
        "attack",
        None,
        "Attack kind.",
        "攻撃種別。",
    ),
    d(
        "Action::Inject",
        "id",
        Some(Id),
        "Id of the ad-hoc inject.",
        "臨時インジェクトの ID。",
    ),
    d("Action::Inject", "target", None, "Target.", "対象。"),
    d("Action::Inject", "kind", None, "Effect.", "効果。"),
    d(
        "Action::Fire",
        "inject",
        Some(Id),
        "Exercise control fires the scenario's reserve inject (`manual: true`) with this id.",
        "統制側が、この ID の予備のインジェクト（`manual: true`）を発火させます。",
    ),
];

/// The words for `owner.field`.
pub fn field(owner: &str, field: &str) -> Option<&'static FieldDoc> {
    FIELDS.iter().find(|d| d.owner == owner && d.field == field)
}

/// Hover text for a field: `**owner.field** — unit` and what it means.
pub fn field_hover(doc: &FieldDoc, lang: Lang) -> String {
    let text = match lang {
        Lang::En => doc.en,
        Lang::Ja => doc.ja,
    };
    match doc.unit {
        Some(u) => format!(
            "**{}.{}** — {}\n\n{text}",
            doc.owner,
            doc.field,
            u.words(lang)
        ),
        None => format!("**{}.{}**\n\n{text}", doc.owner, doc.field),
    }
}

/// Hover text for an operator id.
pub fn operator_hover(infra: &Infrastructure, o: OperatorId, lang: Lang) -> String {
    let op = infra.operator(o);
    let region = &infra.regions[op.region.index()];
    match lang {
        Lang::En => format!(
            "**operator {}** — {} ({}), {}, region {region}, posture {}, {} services",
            op.key,
            op.name,
            op.name_ja,
            op.sector.name_en(),
            op.posture,
            op.services.len()
        ),
        Lang::Ja => format!(
            "**事業者 {}** — {}（{}）、{}、地域 {region}、検知能力 {}、サービス {}",
            op.key,
            if op.name_ja.is_empty() {
                &op.name
            } else {
                &op.name_ja
            },
            op.name,
            op.sector.name_ja(),
            op.posture,
            op.services.len()
        ),
    }
}

/// Hover text for a service id.
pub fn service_hover(infra: &Infrastructure, s: ServiceId, lang: Lang) -> String {
    let svc = infra.service(s);
    let op = infra.operator(svc.operator);
    let (providers, dependents) = (
        infra.providers_of(s).count(),
        infra.dependents_of(s).count(),
    );
    match lang {
        Lang::En => format!(
            "**service {}** — {} of {} ({}), population {}, required {}; {providers} providers, {dependents} dependents (`rensa explain {}`)",
            svc.key,
            svc.name,
            op.key,
            op.sector.name_en(),
            svc.population,
            svc.required,
            svc.key
        ),
        Lang::Ja => format!(
            "**サービス {}** — {}（{}、{}）、利用者 {}、要求水準 {}。提供元 {providers}、依存先 {dependents}（`rensa explain {}`）",
            svc.key,
            svc.name,
            op.key,
            op.sector.name_ja(),
            svc.population,
            svc.required,
            svc.key
        ),
    }
}

/// Hover text for a system id.
pub fn system_hover(infra: &Infrastructure, y: SystemId, lang: Lang) -> String {
    let sys = infra.system(y);
    let svc = infra.service(sys.service);
    match lang {
        Lang::En => format!(
            "**system {}** — {} systems of {}, share {}",
            sys.key,
            sys.kind.id(),
            svc.key,
            sys.share
        ),
        Lang::Ja => format!(
            "**システム {}** — {} の {} システム、割合 {}",
            sys.key,
            svc.key,
            sys.kind.id(),
            sys.share
        ),
    }
}

/// Hover text for a region name.
pub fn region_hover(infra: &Infrastructure, region: &str, lang: Lang) -> String {
    let n = infra
        .operators
        .iter()
        .filter(|o| infra.regions[o.region.index()] == region)
        .count();
    match lang {
        Lang::En => format!("**region {region}** — {n} operators"),
        Lang::Ja => format!("**地域 {region}** — 事業者 {n}"),
    }
}

/// Hover text for an enum's variant: which type it belongs to.
pub fn variant_hover(ty: &str, variant: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("**{variant}** — a `{ty}`"),
        Lang::Ja => format!("**{variant}** — `{ty}` の一つ"),
    }
}

/// The name of what an id names, for a diagnostic-free hover of an unknown id.
pub fn unknown_id(id: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("`{id}` names nothing in this scenario's infrastructure"),
        Lang::Ja => format!("`{id}` はこのシナリオのインフラに見つかりません"),
    }
}
