//! The after-action report's sentences, in English and Japanese: its findings (what
//! happened, the root cause, the corrective action), its summary, captions and the
//! descriptions of its charts. Names arrive already in the report's language.

use super::super::Lang;
use super::{big, channel, distribution as dist};
use crate::model::Dist;
use crate::model::drill::Channel;
use crate::present::json::RefusalJson;
use crate::present::report::ActionRecordJson;

fn m(lang: Lang, minutes: u64) -> String {
    match lang {
        Lang::En => format!("{minutes} min"),
        Lang::Ja => format!("{minutes}分"),
    }
}

/// The separator of a list inside a sentence.
pub fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::Ja => "、",
    }
}

/// Parts joined into one sentence.
pub fn join(lang: Lang, parts: &[String]) -> String {
    match lang {
        Lang::En => parts.join("; "),
        Lang::Ja => parts.join("。"),
    }
}

/// Two clauses, the second following the first.
pub fn and_then(lang: Lang, a: &str, b: &str) -> String {
    match lang {
        Lang::En => format!("{a}; {b}"),
        Lang::Ja => format!("{a}。{b}"),
    }
}

/// A channel and its delay: `operator → CEPTOR (delay 15m–2h, most often 30m: the default,
/// an assumption)`.
pub fn channel_with_delay(lang: Lang, c: Channel, delay: &Dist, scenario_sets_it: bool) -> String {
    let d = dist(lang, delay);
    match (lang, scenario_sets_it) {
        (Lang::En, false) => format!(
            "{} (delay {d}: the default, an assumption)",
            channel(lang, c)
        ),
        (Lang::En, true) => format!("{} (delay {d}, set by the scenario)", channel(lang, c)),
        (Lang::Ja, false) => format!("{}（遅延 {d}: 既定値、仮定）", channel(lang, c)),
        (Lang::Ja, true) => format!("{}（遅延 {d}、シナリオで設定）", channel(lang, c)),
    }
}

/// How a message reached a recipient, counted from the detection.
#[allow(clippy::too_many_arguments)]
pub fn delivery(
    lang: Lang,
    message: u32,
    from: &str,
    sent_after: u64,
    to: &str,
    at_after: u64,
    channel: Option<&str>,
    took: u64,
) -> String {
    match lang {
        Lang::En => format!(
            "message #{message} sent by {from} {} after detection reached {to} {} after detection: the channel{} took {}",
            m(lang, sent_after),
            m(lang, at_after),
            channel.map(|c| format!(" {c}")).unwrap_or_default(),
            m(lang, took)
        ),
        Lang::Ja => format!(
            "{from} が検知の{}後に送ったメッセージ #{message} は、検知の{}後に {to} に届いた（経路{}で{}）",
            m(lang, sent_after),
            m(lang, at_after),
            channel.map(|c| format!(" {c} ")).unwrap_or_default(),
            m(lang, took)
        ),
    }
}

/// A service fell below its required level through a dependency (`tolerance`: its
/// buffer, None when it has none).
pub fn fell_through_dependency(
    lang: Lang,
    service: &str,
    hours: &str,
    provider: &str,
    provider_sector: &str,
    kind: &str,
    tolerance: Option<&str>,
) -> String {
    match (lang, tolerance) {
        (Lang::En, Some(t)) => format!(
            "{service} was below its required level longest ({hours}); it fell when its {kind} dependency on {provider} ({provider_sector}) delivered loss after its buffer of {t} ran out"
        ),
        (Lang::En, None) => format!(
            "{service} was below its required level longest ({hours}); it fell as soon as {provider} ({provider_sector}) failed: its {kind} dependency on it has no buffer"
        ),
        (Lang::Ja, Some(t)) => format!(
            "最も長く必要水準を下回ったのは {service}（{hours}）。{provider}（{provider_sector}）への{kind}依存の猶予 {t} が尽き、損失が伝わって低下した"
        ),
        (Lang::Ja, None) => format!(
            "最も長く必要水準を下回ったのは {service}（{hours}）。{provider}（{provider_sector}）への{kind}依存には猶予がなく、供給元の障害と同時に低下した"
        ),
    }
}

/// A service was hit directly by an incident.
pub fn hit_directly(lang: Lang, service: &str, hours: &str, inject: &str) -> String {
    match lang {
        Lang::En => format!(
            "{service} was below its required level longest ({hours}); incident {inject} hit it directly"
        ),
        Lang::Ja => format!(
            "最も長く必要水準を下回ったのは {service}（{hours}）。インシデント {inject} の直接の被害"
        ),
    }
}

/// A service was below required for so long (cause not in the timeline).
pub fn below_for(lang: Lang, service: &str, hours: &str) -> String {
    match lang {
        Lang::En => format!("{service} was below its required level longest ({hours})"),
        Lang::Ja => format!("最も長く必要水準を下回ったのは {service}（{hours}）"),
    }
}

/// `: text` after an objective's words, or nothing for an objective written without text.
fn tail(text: &str) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

/// S1.
pub fn objective_met(lang: Lang, id: &str, text: &str) -> String {
    let tail = tail(text);
    match lang {
        Lang::En => format!("Objective {id} performed without challenges (P){tail}"),
        Lang::Ja => format!("目標 {id} を問題なく達成（P）{tail}"),
    }
}

/// To whom an objective asks a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTarget {
    /// The victim sector's CEPTOR.
    Ceptor,
    /// Its ministry.
    Ministry,
    /// The police.
    Police,
    /// NISC.
    Nisc,
}

/// No report about an incident reached a role.
pub fn never_reached(lang: Lang, inject: &str, role: &str) -> String {
    match lang {
        Lang::En => format!("{inject}: no report about it reached {role}"),
        Lang::Ja => format!("{inject}: {role} に報告が届かなかった"),
    }
}

/// A1's action for a reporting objective.
pub fn rehearse_reporting(lang: Lang, to: ReportTarget, within: &str) -> String {
    match (lang, to) {
        (Lang::En, ReportTarget::Ceptor) => format!(
            "Rehearse reporting every detected incident to the sector's CEPTOR, by a route that arrives within {within} of detection."
        ),
        (Lang::En, ReportTarget::Ministry) => format!(
            "Rehearse reporting every detected incident to the overseeing ministry, by a route that arrives within {within} of detection."
        ),
        (Lang::Ja, ReportTarget::Ceptor) => format!(
            "検知した全インシデントを、検知から{within}以内に届く経路で分野のセプターへ報告する訓練を行う。"
        ),
        (Lang::Ja, ReportTarget::Ministry) => format!(
            "検知した全インシデントを、検知から{within}以内に届く経路で所管省庁へ報告する訓練を行う。"
        ),
        (Lang::En, ReportTarget::Police) => format!(
            "Rehearse reporting the incidents in scope to the police, by a route that arrives within {within} of detection."
        ),
        (Lang::En, ReportTarget::Nisc) => format!(
            "Rehearse reporting the incidents in scope to NISC, by a route that arrives within {within} of detection."
        ),
        (Lang::Ja, ReportTarget::Police) => format!(
            "対象のインシデントを、検知から{within}以内に届く経路で警察へ報告する訓練を行う。"
        ),
        (Lang::Ja, ReportTarget::Nisc) => format!(
            "対象のインシデントを、検知から{within}以内に届く経路で NISC へ報告する訓練を行う。"
        ),
    }
}

/// A1's cause for a sharing objective: the CEPTORs the news of an incident did not reach
/// in time.
pub fn not_shared_in_time(lang: Lang, inject: &str, missed: &[String]) -> String {
    match lang {
        Lang::En => format!(
            "{inject}: no message naming it reached {} in time",
            missed.join(", ")
        ),
        Lang::Ja => format!(
            "{inject}: {} に期限内に届いたメッセージがない",
            missed.join("、")
        ),
    }
}

/// A1's action for a sharing objective.
pub fn share_across_sectors(lang: Lang, within: &str) -> String {
    match lang {
        Lang::En => format!(
            "Agree who passes an incident's news to the other sectors (the CEPTOR Council, a sanitised alert) so that it reaches their CEPTORs within {within}."
        ),
        Lang::Ja => format!(
            "インシデントの情報を他分野へ伝える役割（セプターカウンシル、サニタイズした注意喚起）を決め、{within}以内に各セプターへ届くようにする。"
        ),
    }
}

/// A1's action for a label objective.
pub fn respect_label(lang: Lang, label: &str) -> String {
    match lang {
        Lang::En => format!(
            "Train the handling of {label}: such messages go to their named recipients only; ask the source for permission before sharing wider."
        ),
        Lang::Ja => format!(
            "{label} の取扱いを訓練する。指定された受信者以外に渡さず、広く共有する前に情報源の許可を得る。"
        ),
    }
}

/// A1's action for a sector objective.
pub fn buffer_or_backup_for_sector(lang: Lang, sector: &str) -> String {
    match lang {
        Lang::En => format!(
            "Plan how {sector} keeps its services up when a provider fails: longer buffers on the dependencies that delivered loss, backup operation, faster repair."
        ),
        Lang::Ja => format!(
            "供給元の障害時に{sector}分野のサービスを維持する計画を立てる: 損失を伝えた依存関係の猶予の延長、バックアップ運用、復旧の迅速化。"
        ),
    }
}

/// A1's observation.
pub fn objective_short(lang: Lang, id: &str, rating: &str, text: &str) -> String {
    let tail = tail(text);
    match lang {
        Lang::En => format!("Objective {id} ({rating}){tail}"),
        Lang::Ja => format!("目標 {id}（{rating}）{tail}"),
    }
}

/// A forward of a labelled message.
pub fn forwarded(lang: Lang, message: u32, label: &str, role: &str, time: &str) -> String {
    match lang {
        Lang::En => format!("{role} forwarded message #{message} ({label}) at {time}"),
        Lang::Ja => format!("{role} が {time} にメッセージ #{message}（{label}）を転送した"),
    }
}

/// S2.
pub fn saved_against_idle(lang: Lang, ph: &str) -> String {
    match lang {
        Lang::En => {
            format!("The players' decisions saved {ph} of end-user impact against doing nothing.")
        }
        Lang::Ja => format!(
            "プレイヤーの判断により、何もしない場合よりエンドユーザーの損失が {ph} 減少した。"
        ),
    }
}

/// An action of the playbook the players did not take.
pub fn playbook_did(lang: Lang, role: &str, action: &str, time: &str) -> String {
    match lang {
        Lang::En => format!("the playbook's {role} did {action} at {time}"),
        Lang::Ja => format!("プレイブックでは {role} が {time} に{action}を行った"),
    }
}

/// A class of action as a noun in English (`dispatching support`); Japanese has its
/// nouns in `Words::action_class`, whose English is the id the files use.
pub fn action_class_en(c: crate::model::drill::ActionClass) -> &'static str {
    use crate::model::drill::ActionClass as C;
    match c {
        C::Report => "reports",
        C::Alert => "alerts",
        C::Request => "requests",
        C::Instruction => "instructions",
        C::SupportRequest => "support requests",
        C::Announcement => "announcements",
        C::Note => "notes",
        C::Forward => "forwards",
        C::Isolate => "isolating systems",
        C::Reconnect => "reconnecting systems",
        C::SwitchToBackup => "switching to backup",
        C::EndBackup => "ending backup",
        C::RestoreFromBackup => "restoring from backup",
        C::DispatchSupport => "dispatching support",
        C::PublishSignature => "publishing signatures",
        C::Inject => "injects",
        C::GrantPermission => "permissions to share",
    }
}

/// A chat line in the timeline: to whom, and what (`to control: is this part of it?`).
pub fn chat_line(lang: Lang, to: &str, text: &str) -> String {
    match lang {
        Lang::En => format!("to {to}: {text}"),
        Lang::Ja => format!("{to} へ: {text}"),
    }
}

/// An action in a few words, from its data: `switch jans/flight-plan to backup`.
pub fn action_brief(lang: Lang, a: &ActionRecordJson) -> String {
    use ActionRecordJson as A;
    let list = |v: &[String]| v.join(list_sep(lang));
    match (lang, a) {
        (
            Lang::En,
            A::Send {
                to, message_kind, ..
            },
        ) => format!("send a {message_kind} to {}", list(to)),
        (Lang::En, A::GrantPermission { message, to }) => {
            format!("let {to} have message #{message}")
        }
        (Lang::En, A::Forward { message, to }) => {
            format!("forward message #{message} to {}", list(to))
        }
        (Lang::En, A::Isolate { systems }) => format!("isolate its {systems} systems"),
        (Lang::En, A::Reconnect { systems }) => format!("reconnect its {systems} systems"),
        (Lang::En, A::SwitchToBackup { service }) => format!("switch {service} to backup"),
        (Lang::En, A::EndBackup { service }) => format!("end the backup of {service}"),
        (Lang::En, A::RestoreFromBackup) => "restore from backup".into(),
        (Lang::En, A::DispatchSupport { operator }) => format!("send a support team to {operator}"),
        (Lang::En, A::PublishSignature { attack }) => format!("publish a {attack} signature"),
        (Lang::En, A::Inject { inject, .. }) => format!("inject {inject}"),
        (Lang::En, A::FireInject { inject }) => format!("fire the reserve inject {inject}"),
        (
            Lang::Ja,
            A::Send {
                to, message_kind, ..
            },
        ) => format!("{} への{message_kind}の送信", list(to)),
        (Lang::Ja, A::GrantPermission { message, to }) => {
            format!("メッセージ #{message} の {to} への共有許可")
        }
        (Lang::Ja, A::Forward { message, to }) => {
            format!("メッセージ #{message} の {} への転送", list(to))
        }
        (Lang::Ja, A::Isolate { systems }) => format!("{systems} システムの切り離し"),
        (Lang::Ja, A::Reconnect { systems }) => format!("{systems} システムの再接続"),
        (Lang::Ja, A::SwitchToBackup { service }) => {
            format!("{service} のバックアップ運用への切替")
        }
        (Lang::Ja, A::EndBackup { service }) => format!("{service} のバックアップ運用の終了"),
        (Lang::Ja, A::RestoreFromBackup) => "バックアップからの復元".into(),
        (Lang::Ja, A::DispatchSupport { operator }) => format!("{operator} への支援チーム派遣"),
        (Lang::Ja, A::PublishSignature { attack }) => format!("{attack} のシグネチャ公開"),
        (Lang::Ja, A::Inject { inject, .. }) => format!("インジェクト {inject}"),
        (Lang::Ja, A::FireInject { inject }) => format!("予備インジェクト {inject} の発動"),
    }
}

/// A4's observation.
pub fn worse_than_playbook(lang: Lang, ph: &str) -> String {
    match lang {
        Lang::En => {
            format!("The drill lost {ph} more end-user impact than the reference playbook.")
        }
        Lang::Ja => format!("参照プレイブックよりエンドユーザーの損失が {ph} 多い。"),
    }
}

/// A4's cause: what the playbook did that the players did not.
pub fn missing_actions(lang: Lang, shown: &[String], total: usize) -> String {
    if shown.is_empty() {
        return match lang {
            Lang::En => "The players took every action the playbook took for their roles, but at other times or with other targets.".into(),
            Lang::Ja => "プレイブックがプレイヤーのロールで行った行動はすべて行ったが、時刻または対象が異なった。".into(),
        };
    }
    let more = total.saturating_sub(shown.len());
    match lang {
        Lang::En => format!(
            "{} action(s) of the playbook for the players' roles were not taken: {}{}",
            total,
            shown.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        ),
        Lang::Ja => format!(
            "プレイヤーのロールについてプレイブックが行った行動のうち {total} 件が行われなかった: {}{}",
            shown.join("。"),
            if more > 0 {
                format!("。ほか {more} 件")
            } else {
                String::new()
            }
        ),
    }
}

/// A4's action.
pub fn compare_with_playbook(lang: Lang) -> String {
    match lang {
        Lang::En => "Walk through the playbook twin's timeline (twin-playbook.json) with the players and agree which of its actions become procedure.".into(),
        Lang::Ja => "プレイブックの時系列（twin-playbook.json）をプレイヤーと確認し、どの行動を手順に取り入れるか決める。".into(),
    }
}

/// A2's observation.
pub fn sector_below(lang: Lang, sector: &str, hours: &str, limit: &str) -> String {
    match lang {
        Lang::En => {
            format!("{sector}: {hours} with a service below its required level (limit {limit}).")
        }
        Lang::Ja => {
            format!("{sector}: サービスが必要水準を下回った時間が {hours}（目安 {limit}）。")
        }
    }
}

/// A2's action.
pub fn buffer_or_backup(lang: Lang) -> String {
    match lang {
        Lang::En => "Lengthen the buffer of the dependency that delivered the loss (generator, tank, manual procedure), or prepare backup operation of the service.".into(),
        Lang::Ja => "損失を伝えた依存関係の猶予（発電機、タンク、手作業の手順）を延ばすか、サービスのバックアップ運用を準備する。".into(),
    }
}

/// An incident, when and by whom detected.
pub fn incident_head(lang: Lang, id: u32, inject: &str, time: &str, operator: &str) -> String {
    match lang {
        Lang::En => format!("Incident #{id} {inject}, detected at {time} by {operator}:"),
        Lang::Ja => format!("インシデント #{id} {inject}（{time} に {operator} が検知）:"),
    }
}

/// A3: never reported to the CEPTOR.
pub fn not_reported(lang: Lang, head: &str, ceptor: &str) -> String {
    match lang {
        Lang::En => format!("{head} no report about it reached {ceptor}."),
        Lang::Ja => format!("{head} {ceptor} への報告が届かなかった。"),
    }
}

/// A3's cause: nothing was sent.
pub fn no_report_sent(lang: Lang, operator: &str, played: bool) -> String {
    match (lang, played) {
        (Lang::En, true) => format!("{operator} (a player) sent no message naming this incident."),
        (Lang::En, false) => format!(
            "{operator} followed its written policy, which sent no message naming this incident."
        ),
        (Lang::Ja, true) => {
            format!("{operator}（プレイヤー）はこのインシデントに関するメッセージを送らなかった。")
        }
        (Lang::Ja, false) => format!(
            "{operator} は文書化された方針に従い、このインシデントに関するメッセージを送らなかった。"
        ),
    }
}

/// A3's cause: sent, but not to the CEPTOR.
pub fn not_addressed(lang: Lang, operator: &str, ceptor: &str) -> String {
    match lang {
        Lang::En => format!("{operator} reported it, but not to {ceptor}."),
        Lang::Ja => format!("{operator} は報告したが、{ceptor} 宛てではなかった。"),
    }
}

/// A3's action.
pub fn report_every_incident(lang: Lang, limit: &str) -> String {
    match lang {
        Lang::En => format!(
            "Report every detected incident to the sector's CEPTOR and ministry within {limit} of detection; rehearse it."
        ),
        Lang::Ja => format!(
            "検知した全インシデントを検知から{limit}以内にセプターと所管省庁へ報告する。その手順を訓練する。"
        ),
    }
}

/// A3: sent late.
pub fn sent_late(lang: Lang, head: &str, message: u32, minutes: u64, limit: &str) -> String {
    match lang {
        Lang::En => format!(
            "{head} sent late: its report (message #{message}) left {} after detection (limit {limit}).",
            m(lang, minutes)
        ),
        Lang::Ja => format!(
            "{head} 送信が遅れた: 報告（メッセージ #{message}）の送信は検知の{}後（目安 {limit}）。",
            m(lang, minutes)
        ),
    }
}

/// A3's cause when sent late.
pub fn sent_late_cause(lang: Lang, operator: &str, time: &str) -> String {
    match lang {
        Lang::En => format!("{operator} sent its first report about it only at {time}."),
        Lang::Ja => format!("{operator} の最初の報告は {time} だった。"),
    }
}

/// A3: delivered late.
pub fn delivered_late(lang: Lang, head: &str, ceptor: &str, minutes: u64, limit: &str) -> String {
    match lang {
        Lang::En => format!(
            "{head} sent in time but delivered late: the report reached {ceptor} {} after detection (limit {limit}).",
            m(lang, minutes)
        ),
        Lang::Ja => format!(
            "{head} 送信は期限内だが到達が遅れた: 報告が {ceptor} に届いたのは検知の{}後（目安 {limit}）。",
            m(lang, minutes)
        ),
    }
}

/// A3's action when the channel delayed it.
pub fn faster_route(lang: Lang, channel: &str) -> String {
    match lang {
        Lang::En => format!(
            "Agree a faster route for reports on {channel}: a 24-hour point of contact, and a phone call ahead of the written report."
        ),
        Lang::Ja => format!(
            "{channel} の報告経路を速める: 24時間対応の窓口を設け、書面の報告に先立って電話で一報する。"
        ),
    }
}

/// A5's observation.
pub fn action_refused(lang: Lang, id: u32, role: &str, time: &str, text: &str) -> String {
    match lang {
        Lang::En => format!("Action #{id} of {role} at {time} was refused: {text}"),
        Lang::Ja => format!("{role} の行動 #{id}（{time}）が拒否された: {text}"),
    }
}

/// A5's cause: the message's label.
pub fn label_set_by(lang: Lang, message: u32, label: &str, source: &str, to: &str) -> String {
    match lang {
        Lang::En => format!(
            "message #{message} carries {label}, set by its source {source}; {label} forbids passing it to {to}."
        ),
        Lang::Ja => format!(
            "メッセージ #{message} には情報源 {source} が {label} を付けており、{label} は {to} への転送を認めない。"
        ),
    }
}

/// A5's action about labels.
pub fn label_for_sharing(lang: Lang, source: &str) -> String {
    match lang {
        Lang::En => format!(
            "{source}: label reports by how far they must travel (TLP:AMBER lets the CEPTOR and ministry pass them on), and answer requests for permission to share wider."
        ),
        Lang::Ja => format!(
            "{source}: 報告にはそれが届くべき範囲に応じたラベルを付け（TLP:AMBER ならセプターと所管省庁が転送できる）、より広い共有の許可の求めに応える。"
        ),
    }
}

/// A5's cause: what the role knew came under a label.
#[allow(clippy::too_many_arguments)]
pub fn knowledge_label(
    lang: Lang,
    role: &str,
    inject: &str,
    learned: &str,
    message: Option<u32>,
    source: &str,
    label: &str,
    to: Option<&str>,
) -> String {
    let msg = message.map(|m| format!(" #{m}")).unwrap_or_default();
    match lang {
        Lang::En => format!(
            "what {role} knew of {inject} came only under {learned} (message{msg} from {source}), which forbids a {label} message{}.",
            to.map(|t| format!(" to {t}")).unwrap_or_default()
        ),
        Lang::Ja => format!(
            "{role} が知る {inject} の情報は {source} からの {learned} のメッセージ{msg}だけで、{learned} は{}{label} のメッセージを認めない。",
            to.map(|t| format!(" {t} への")).unwrap_or_default()
        ),
    }
}

/// A5's cause: no support team left.
pub fn all_teams_deployed(lang: Lang, teams: usize) -> String {
    match lang {
        Lang::En => format!("all {teams} of NISC's support teams were already deployed."),
        Lang::Ja => format!("NISC の支援チーム {teams} 班がすべて派遣済みだった。"),
    }
}

/// A5's action for support capacity.
pub fn plan_support_capacity(lang: Lang) -> String {
    match lang {
        Lang::En => "Plan support capacity for simultaneous requests: more teams, or a rule for which request comes first.".into(),
        Lang::Ja => "同時に来る支援要請への体制を計画する: チームの増強、またはどの要請を優先するかの規則。".into(),
    }
}

/// A5's cause for other refusals: the kind of rule.
pub fn refused_by_rule(lang: Lang, r: &RefusalJson) -> String {
    use RefusalJson as R;
    let en = match r {
        R::NoChannel { .. } | R::NoSuchRecipient { .. } => {
            "no channel leads from the sender to that recipient"
        }
        R::NotPermitted { .. } => "this kind of role may not take this class of action",
        R::UnknownIncident | R::UnknownMessage => {
            "the role did not know the incident or message it named"
        }
        R::AlreadyIsolated { .. }
        | R::AlreadyOnBackup { .. }
        | R::SupportAlreadyAssigned { .. }
        | R::SignatureAlreadyPublished { .. } => "it had already been done",
        R::NotIsolated { .. } | R::NotOnBackup { .. } | R::NothingToRestore => {
            "there was nothing to undo or restore"
        }
        R::NoSupportTeams => "the drill has no support teams",
        _ => "a rule of the drill (docs/DRILL.md) refused it",
    };
    let ja = match r {
        R::NoChannel { .. } | R::NoSuchRecipient { .. } => "送信者からその受信者への経路がない",
        R::NotPermitted { .. } => "この種類のロールはこの行動を取れない",
        R::UnknownIncident | R::UnknownMessage => {
            "ロールは指定したインシデントやメッセージを知らなかった"
        }
        R::AlreadyIsolated { .. }
        | R::AlreadyOnBackup { .. }
        | R::SupportAlreadyAssigned { .. }
        | R::SignatureAlreadyPublished { .. } => "すでに実施済みだった",
        R::NotIsolated { .. } | R::NotOnBackup { .. } | R::NothingToRestore => {
            "取り消す、または復元する対象がなかった"
        }
        R::NoSupportTeams => "この演習には支援チームがない",
        _ => "演習の規則（docs/DRILL.md）により拒否された",
    };
    match lang {
        Lang::En => format!("{en}."),
        Lang::Ja => format!("{ja}。"),
    }
}

/// A5's action for other refusals.
pub fn review_rule(lang: Lang) -> String {
    match lang {
        Lang::En => {
            "Review with the role the rule that refused it (docs/DRILL.md) and what to do instead."
                .into()
        }
        Lang::Ja => {
            "拒否した規則（docs/DRILL.md）と代わりに取るべき行動をロールと確認する。".into()
        }
    }
}

/// A6's observation.
pub fn never_detected(lang: Lang, id: u32, inject: &str) -> String {
    match lang {
        Lang::En => format!("Incident #{id} {inject} was never detected."),
        Lang::Ja => format!("インシデント #{id} {inject} は最後まで検知されなかった。"),
    }
}

/// A6's cause.
pub fn never_detected_cause(lang: Lang, owner: &str) -> String {
    match lang {
        Lang::En => format!(
            "{owner}, whose service it hit first, did not notice it: detection depends on its security posture and on the alerts it receives."
        ),
        Lang::Ja => format!(
            "最初に被害を受けたサービスの {owner} が気付かなかった。検知はセキュリティ態勢と受け取る注意喚起に左右される。"
        ),
    }
}

/// A6's action.
pub fn raise_monitoring(lang: Lang) -> String {
    match lang {
        Lang::En => {
            "Raise monitoring of the systems the attack used, and act on the sector's alerts."
                .into()
        }
        Lang::Ja => {
            "攻撃に使われたシステムの監視を強化し、分野の注意喚起に基づいて行動する。".into()
        }
    }
}

/// A sector chart's title.
pub fn sector_chart_title(lang: Lang, sector: &str) -> String {
    match lang {
        Lang::En => format!("{sector}: service level over time"),
        Lang::Ja => format!("{sector}: サービス水準の推移"),
    }
}

/// A sector chart's description.
pub fn sector_chart_desc(
    lang: Lang,
    sector: &str,
    lowest: f64,
    required: f64,
    hours: &str,
) -> String {
    match lang {
        Lang::En => format!(
            "{sector}'s population-weighted level fell to {lowest:.3} (required {required:.3}); a service was below its own required level for {hours} in all."
        ),
        Lang::Ja => format!(
            "{sector}の人口加重水準は最低 {lowest:.3}（必要水準 {required:.3}）。いずれかのサービスが自らの必要水準を下回った時間は合計 {hours}。"
        ),
    }
}

/// The handling note under the marking.
pub fn handling(lang: Lang, label: &str, from: Option<u32>) -> String {
    match (lang, from) {
        (Lang::En, Some(m)) => format!(
            "Handle this report as {label} (Traffic Light Protocol 2.0): it quotes message #{m}, labelled {label}, the strictest label among the drill's messages."
        ),
        (Lang::En, None) => format!(
            "Handle this report as {label} (Traffic Light Protocol 2.0): an exercise's findings go to its participants and their organisations, not beyond."
        ),
        (Lang::Ja, Some(m)) => format!(
            "本報告書は {label}（トラフィックライトプロトコル 2.0）として取り扱うこと。演習中のメッセージで最も厳しいラベル {label} が付いたメッセージ #{m} を引用している。"
        ),
        (Lang::Ja, None) => format!(
            "本報告書は {label}（トラフィックライトプロトコル 2.0）として取り扱うこと。演習の所見は参加者とその組織に限る。"
        ),
    }
}

/// An incident in the overview.
pub fn incident_line(lang: Lang, id: u32, inject: &str, time: &str) -> String {
    match lang {
        Lang::En => format!("#{id} {inject} ({time})"),
        Lang::Ja => format!("#{id} {inject}（{time}）"),
    }
}

/// The overview's scope.
pub fn scope(lang: Lang, duration: &str, end: &str, seed: u64, events: u64) -> String {
    match lang {
        Lang::En => format!(
            "{duration} of simulated time, run to {end}; seed {seed}; {} events",
            super::grouped(events)
        ),
        Lang::Ja => format!(
            "模擬時間 {duration}、{end} まで実行。シード {seed}、イベント {} 件",
            super::grouped(events)
        ),
    }
}

/// How many roles followed policies.
pub fn simulated_roles(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!(
            "{n} roles followed the scenario's written policies (their findings are kept apart)"
        ),
        Lang::Ja => format!("{n} のロールがシナリオの方針に従った（所見は別掲）"),
    }
}

/// The executive summary's first paragraph.
pub fn summary(
    lang: Lang,
    incidents: usize,
    services: usize,
    sectors: usize,
    end_user: &str,
    all: &str,
    hit: &[String],
) -> String {
    match lang {
        Lang::En => format!(
            "{incidents} incident(s) put {services} service(s) in {sectors} sector(s) below their required level. End users lost {end_user} ({all} counting every service, which counts again the loss that services used only by operators pass on). Sectors affected: {}.",
            if hit.is_empty() {
                "none".to_string()
            } else {
                hit.join(", ")
            }
        ),
        Lang::Ja => format!(
            "{incidents} 件のインシデントにより {sectors} 分野の {services} サービスが必要水準を下回った。エンドユーザーの損失は {end_user}（事業者のみが使うサービスが伝えた損失を重ねて数える全サービス合計では {all}）。影響を受けた分野: {}。",
            if hit.is_empty() {
                "なし".to_string()
            } else {
                hit.join("、")
            }
        ),
    }
}

/// The executive summary's lead into the areas.
pub fn top_areas(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} area(s) for improvement, the first:"),
        Lang::Ja => format!("改善すべき点 {n} 件。主なもの:"),
    }
}

/// The counterfactual sentence.
pub fn counterfactual(lang: Lang, saved: f64, saved_w: &str, cost: f64, cost_w: &str) -> String {
    match lang {
        Lang::En => format!(
            "Against doing nothing, the players' decisions {} {saved_w} of end-user impact; against the reference playbook, they {} {cost_w}.",
            if saved >= 0.0 { "saved" } else { "cost" },
            if cost > 0.0 { "cost" } else { "saved" },
        ),
        Lang::Ja => format!(
            "プレイヤーの判断により、何もしない場合に比べてエンドユーザーの損失が {saved_w}{}、参照プレイブックに比べて {cost_w}{}。",
            if saved >= 0.0 { "減り" } else { "増え" },
            if cost > 0.0 {
                "増えました"
            } else {
                "減りました"
            },
        ),
    }
}

/// A delivery on the timeline.
pub fn delivered(
    lang: Lang,
    id: u32,
    description: &str,
    label: &str,
    from: &str,
    took: u64,
    channel: &str,
) -> String {
    match lang {
        Lang::En => format!(
            "message #{id} ({description}, {label}) from {from} arrived, {} after it was sent{}",
            m(lang, took),
            if channel.is_empty() {
                String::new()
            } else {
                format!(" via the {channel} channel")
            }
        ),
        Lang::Ja => format!(
            "{from} からのメッセージ #{id}（{description}、{label}）が送信の{}後に到達{}",
            m(lang, took),
            if channel.is_empty() {
                String::new()
            } else {
                format!("（経路 {channel}）")
            }
        ),
    }
}

/// A column of the cascade graph.
pub fn cascade_column(lang: Lang, k: usize) -> String {
    match (lang, k) {
        (Lang::En, 0) => "incidents".into(),
        (Lang::En, 1) => "hit directly".into(),
        (Lang::En, 2) => "1 dependency away".into(),
        (Lang::En, k) => format!("{} dependencies away", k - 1),
        (Lang::Ja, 0) => "インシデント".into(),
        (Lang::Ja, 1) => "直接の被害".into(),
        (Lang::Ja, k) => format!("依存 {} 段目", k - 1),
    }
}

/// The cascade graph's description.
pub fn cascade_desc(lang: Lang, incidents: usize, services: usize, arrows: usize) -> String {
    match lang {
        Lang::En => format!(
            "{incidents} incident(s) and {services} service(s) that lost level, with {arrows} arrows: each incident's hits and each dependency that delivered loss."
        ),
        Lang::Ja => format!(
            "インシデント {incidents} 件と水準が下がったサービス {services} 件、矢印 {arrows} 本（インシデントの被害と損失を伝えた依存関係）。"
        ),
    }
}

/// A sector chart's caption.
pub fn sector_caption(
    lang: Lang,
    sector: &str,
    min: f64,
    hours: &str,
    services: usize,
    end_user: &str,
    all: &str,
) -> String {
    match lang {
        Lang::En => format!(
            "{sector}: lowest level {min:.3}; hours with a service below its required level: {hours} ({services} service(s) fell below); end-user impact {end_user} (all services: {all})."
        ),
        Lang::Ja => format!(
            "{sector}: 最低水準 {min:.3}。サービスが必要水準を下回った時間: {hours}（下回ったサービス {services} 件）。エンドユーザーへの影響 {end_user}（全サービス: {all}）。"
        ),
    }
}

/// The sectors without a chart.
pub fn untouched(lang: Lang, sectors: &[String]) -> String {
    match lang {
        Lang::En => format!("No service lost level in: {}.", sectors.join(", ")),
        Lang::Ja => format!("水準が下がったサービスのない分野: {}。", sectors.join("、")),
    }
}

/// Skill against luck.
pub fn luck(lang: Lang, runs: usize, ph: &str, decisions: (u64, f64), idle: (u64, f64)) -> String {
    match lang {
        Lang::En => format!(
            "Skill versus luck, over {runs} other seeds: the drill's {ph} ranks {} of {} among the same decisions on other seeds (percentile {:.0}) and {} of {} among doing nothing on them (percentile {:.0}).",
            decisions.0,
            runs + 1,
            decisions.1,
            idle.0,
            runs + 1,
            idle.1
        ),
        Lang::Ja => format!(
            "実力と運（他の {runs} シード）: 今回の {ph} は、同じ判断を他のシードで行った場合の中で {}/{} 位（パーセンタイル {:.0}）、何もしない場合の中で {}/{} 位（パーセンタイル {:.0}）。",
            decisions.0,
            runs + 1,
            decisions.1,
            idle.0,
            runs + 1,
            idle.1
        ),
    }
}

/// A plan date relative to the report.
pub fn days_after_report(lang: Lang, days: i64) -> String {
    match lang {
        Lang::En => format!("report + {days} days"),
        Lang::Ja => format!("報告書から{days}日"),
    }
}

/// A large number (re-exported for the report's tables).
pub fn number(lang: Lang, x: f64) -> String {
    big(lang, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_objective_without_text_ends_at_its_rating() {
        for lang in [Lang::En, Lang::Ja] {
            let met = objective_met(lang, "a", "");
            let short = objective_short(lang, "a", "M", " ");
            assert!(!met.ends_with(": ") && !met.ends_with(':'), "{met}");
            assert!(!short.trim_end().ends_with(':'), "{short}");
            assert!(objective_met(lang, "a", "Back in 6h").ends_with(": Back in 6h"));
        }
    }
}
