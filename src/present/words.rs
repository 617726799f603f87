//! Words for the typed records: names of things, and sentences for what happened, what an
//! action did and why one was refused, in English and Japanese.

use super::Lang;
use crate::engine::Outcome;
use crate::engine::timeline::{BlockReason, Cause, Entry, Happening, PolicySkip, SkipReason};
use crate::engine::view::{AttackStatus, RoleView, ServiceView, Source, TruthView};
use crate::model::drill::{
    Action, ActionClass, ActionRecord, Addressee, Concerns, Done, Message, MessageKind, Origin,
    Recipient, Refusal, Role, RoleKind, Subject, Tlp,
};
use crate::model::objective::{Down, Goal, ObjectiveStatus, ReportTo, SharedTo};
use crate::model::{
    AttackKind, Condition, DependencyKind, EdgeId, FailureCause, Hazard, IncidentId,
    Infrastructure, Inject, InjectKind, InjectTrigger, Ministry, Minutes, OperatorId, Scenario,
    Sector, ServiceId, SystemKind, Target, Time,
};

/// Names and sentences for one run, in one language.
#[derive(Clone)]
pub struct Words<'a> {
    lang: Lang,
    scenario: &'a Scenario,
    infra: &'a Infrastructure,
    injects: &'a [Inject],
    messages: &'a [Message],
    actions: &'a [ActionRecord],
    incident_inject: Vec<usize>,
}

impl<'a> Words<'a> {
    /// Words for `outcome`, a run of `scenario` (or the outcome so far of a session).
    pub fn new(scenario: &'a Scenario, outcome: &'a Outcome, lang: Lang) -> Words<'a> {
        Words {
            lang,
            scenario,
            infra: &scenario.infra,
            injects: &outcome.injects,
            messages: &outcome.messages,
            actions: &outcome.actions,
            incident_inject: outcome
                .timeline
                .iter()
                .filter_map(|e| match e.what {
                    Happening::InjectFired { inject, .. } => Some(inject),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The same words in another language.
    pub fn in_lang(&self, lang: Lang) -> Words<'a> {
        Words {
            lang,
            ..self.clone()
        }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    fn ja(&self) -> bool {
        self.lang == Lang::Ja
    }

    // -- keys: the authors' ids, the same in every language --------------------------

    /// A service's id, e.g. `kanto-power/supply`.
    pub fn service_key(&self, s: ServiceId) -> String {
        self.infra.service(s).key.clone()
    }

    /// An operator's id, e.g. `kanto-power`.
    pub fn operator_key(&self, o: OperatorId) -> String {
        self.infra.operator(o).key.clone()
    }

    /// A role's id, e.g. `operator:kanto-power`, `ceptor:electricity`.
    pub fn role_id(&self, r: Role) -> String {
        r.id(self.infra)
    }

    /// An inject's id (`#k` for an index the run has no inject for).
    pub fn inject_key(&self, k: usize) -> String {
        self.injects
            .get(k)
            .map_or_else(|| format!("#{k}"), |i| i.key.clone())
    }

    /// Each scenario objective's text in the language, in scenario order.
    pub fn objective_texts(&self) -> Vec<String> {
        self.scenario
            .drill
            .objectives
            .iter()
            .map(|o| {
                let text = if self.ja() { &o.text_ja } else { &o.text };
                if text.is_empty() {
                    self.goal(&o.goal)
                } else {
                    text.clone()
                }
            })
            .collect()
    }

    /// What a goal asks, for an objective whose author wrote no text: `kanto-water/supply
    /// down for at most 12h at a time`.
    pub fn goal(&self, g: &Goal) -> String {
        let ja = self.ja();
        let level = |x: f64| format!("{x}");
        match g {
            Goal::SectorAbove {
                sector,
                level: l,
                within,
            } if ja => format!(
                "{}分野の水準が下がっても{}以内に{}以上へ戻す",
                self.sector(*sector),
                self.duration(*within),
                level(*l)
            ),
            Goal::SectorAbove {
                sector,
                level: l,
                within,
            } => format!(
                "{} back above {} within {} of any drop",
                self.sector(*sector),
                level(*l),
                self.duration(*within)
            ),
            Goal::ServiceAbove {
                service,
                level: l,
                within,
            } if ja => format!(
                "{} の水準が下がっても{}以内に{}以上へ戻す",
                self.service(*service),
                self.duration(*within),
                level(*l)
            ),
            Goal::ServiceAbove {
                service,
                level: l,
                within,
            } => format!(
                "{} back above {} within {} of any drop",
                self.service(*service),
                level(*l),
                self.duration(*within)
            ),
            Goal::DownAtMost { what, within } => {
                let thing = match what {
                    Down::Service(s) => self.service(*s),
                    Down::System(y) => self.infra.system(*y).key.clone(),
                    Down::Operator(o) => self.operator(*o),
                };
                if ja {
                    format!(
                        "{thing} の停止を一回あたり{}以内にとどめる",
                        self.duration(*within)
                    )
                } else {
                    format!(
                        "{thing} down for at most {} at a time",
                        self.duration(*within)
                    )
                }
            }
            Goal::ReportedWithin {
                to,
                inject,
                operator,
                within,
            } => {
                let whom = match (to, ja) {
                    (ReportTo::Ceptor, false) => "its CEPTOR",
                    (ReportTo::Ministry, false) => "its ministry",
                    (ReportTo::Police, false) => "the police",
                    (ReportTo::Nisc, false) => "NISC",
                    (ReportTo::Ceptor, true) => "セプター",
                    (ReportTo::Ministry, true) => "所管省庁",
                    (ReportTo::Police, true) => "警察",
                    (ReportTo::Nisc, true) => "内閣官房(NISC)",
                };
                let what = match (inject, operator, ja) {
                    (Some(i), _, false) => format!("incident {}", self.inject_key(*i)),
                    (None, Some(o), false) => {
                        format!("every incident {} detects", self.operator(*o))
                    }
                    (None, None, false) => "every detected incident".to_string(),
                    (Some(i), _, true) => format!("インシデント «{}»", self.inject_key(*i)),
                    (None, Some(o), true) => {
                        format!("{}が検知したインシデントすべて", self.operator(*o))
                    }
                    (None, None, true) => "検知したインシデントすべて".to_string(),
                };
                if ja {
                    format!(
                        "{what}を検知から{}以内に{whom}へ報告する",
                        self.duration(*within)
                    )
                } else {
                    format!(
                        "{what} reported to {whom} within {} of detection",
                        self.duration(*within)
                    )
                }
            }
            Goal::SharedWithin { to, within } => {
                let whom = match to {
                    SharedTo::AllCeptors if ja => "すべてのセプター".to_string(),
                    SharedTo::AllCeptors => "every CEPTOR".to_string(),
                    SharedTo::Sectors(list) => {
                        let names: Vec<&str> = list.iter().map(|s| self.sector(*s)).collect();
                        if ja {
                            format!("{}のセプター", names.join("・"))
                        } else {
                            format!("the CEPTORs of {}", names.join(", "))
                        }
                    }
                };
                if ja {
                    format!(
                        "検知したインシデントの情報を検知から{}以内に{whom}へ共有する",
                        self.duration(*within)
                    )
                } else {
                    format!(
                        "every detected incident's news shared with {whom} within {} of detection",
                        self.duration(*within)
                    )
                }
            }
            Goal::NoForwardOf { label } if ja => {
                format!("{} の情報を転送しない", label.label())
            }
            Goal::NoForwardOf { label } => format!("no {} information forwarded", label.label()),
            Goal::NeverBelowRequired { sector } if ja => {
                format!("{}分野を必要水準未満にしない", self.sector(*sector))
            }
            Goal::NeverBelowRequired { sector } => {
                format!("{} never below its required level", self.sector(*sector))
            }
        }
    }

    /// An objective's id (`#k` for an index the scenario has no objective for).
    pub fn objective_key(&self, k: usize) -> String {
        self.scenario
            .drill
            .objectives
            .get(k)
            .map_or_else(|| format!("#{k}"), |o| o.key.clone())
    }

    /// The inject that opened an incident, if the run has it.
    pub fn incident_inject(&self, i: IncidentId) -> Option<usize> {
        self.incident_inject.get(i.index()).copied()
    }

    /// The infrastructure.
    pub fn infra(&self) -> &'a Infrastructure {
        self.infra
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    // -- names -------------------------------------------------------------------------

    /// A sector's name: `Electric power` / `電力`.
    pub fn sector(&self, s: Sector) -> &'static str {
        if self.ja() { s.name_ja() } else { s.name_en() }
    }

    /// A ministry's name.
    pub fn ministry(&self, m: Ministry) -> &'static str {
        if self.ja() { m.name_ja() } else { m.name_en() }
    }

    /// A role: its id in English (`operator:kanto-power`), its name in Japanese
    /// (`関東電力`, `電力セプター`, `経済産業省`).
    pub fn role(&self, r: Role) -> String {
        if self.ja() {
            r.name_ja(self.infra)
        } else {
            r.id(self.infra)
        }
    }

    /// An operator: its id in English, its Japanese name (or id) in Japanese.
    pub fn operator(&self, o: OperatorId) -> String {
        let op = self.infra.operator(o);
        if self.ja() && !op.name_ja.is_empty() {
            op.name_ja.clone()
        } else {
            op.key.clone()
        }
    }

    /// A service, by its id.
    pub fn service(&self, s: ServiceId) -> String {
        self.service_key(s)
    }

    /// An incident, by the id of the inject that opened it.
    pub fn incident(&self, i: IncidentId) -> String {
        match self.incident_inject(i) {
            Some(k) => self.inject_key(k),
            None => format!("#{}", i.0),
        }
    }

    /// A stage of an incident's attack, by its name.
    pub fn stage(&self, incident: IncidentId, stage: usize) -> String {
        let inject = self.incident_inject(incident);
        match inject.map(|k| &self.injects[k].kind) {
            Some(InjectKind::Attack(spec)) if stage < spec.stages.len() => {
                spec.stages[stage].name.clone()
            }
            _ if self.ja() => format!("第{}段階", stage + 1),
            _ => format!("stage {stage}"),
        }
    }

    /// A time as `T+hh:mm`.
    pub fn time(&self, t: Time) -> String {
        t.to_string()
    }

    /// A duration: `6h10m` / `6時間10分`.
    pub fn duration(&self, m: Minutes) -> String {
        if !self.ja() {
            return m.to_string();
        }
        let (h, min) = (m.0 / 60, m.0 % 60);
        match (h, min) {
            (0, min) => format!("{min}分"),
            (h, 0) => format!("{h}時間"),
            (h, min) => format!("{h}時間{min}分"),
        }
    }

    /// An attack kind: `worm` / `ワーム`.
    pub fn attack(&self, a: AttackKind) -> &'static str {
        if !self.ja() {
            return a.label();
        }
        match a {
            AttackKind::Ddos => "DDoS攻撃",
            AttackKind::Worm => "ワーム",
            AttackKind::Ransomware => "ランサムウェア",
            AttackKind::Intrusion => "不正侵入",
            AttackKind::Insider => "内部不正",
            AttackKind::Defacement => "改ざん",
        }
    }

    /// A kind of IT system, in words (the JSON keeps its id): `customer-facing` / `顧客向け`.
    pub fn systems(&self, k: SystemKind) -> &'static str {
        match (self.lang, k) {
            (Lang::En, SystemKind::Business) => "business",
            (Lang::En, SystemKind::Control) => "control",
            (Lang::En, SystemKind::CustomerFacing) => "customer-facing",
            (Lang::Ja, SystemKind::Business) => "業務系",
            (Lang::Ja, SystemKind::Control) => "制御系",
            (Lang::Ja, SystemKind::CustomerFacing) => "顧客向け",
        }
    }

    /// A kind of dependency.
    pub fn dependency_kind(&self, k: DependencyKind) -> &'static str {
        match (self.lang, k) {
            (Lang::En, k) => k.id(),
            (Lang::Ja, DependencyKind::Physical) => "物理的",
            (Lang::Ja, DependencyKind::Cyber) => "サイバー",
            (Lang::Ja, DependencyKind::Geographic) => "地理的",
            (Lang::Ja, DependencyKind::Logical) => "論理的",
        }
    }

    /// A kind of message: `report` / `報告`.
    pub fn message_kind(&self, k: MessageKind) -> &'static str {
        match (self.lang, k) {
            (Lang::En, k) => k.id(),
            (Lang::Ja, MessageKind::Report) => "報告",
            (Lang::Ja, MessageKind::Alert) => "注意喚起",
            (Lang::Ja, MessageKind::Request) => "要請",
            (Lang::Ja, MessageKind::Instruction) => "指示",
            (Lang::Ja, MessageKind::SupportRequest) => "支援要請",
            (Lang::Ja, MessageKind::Announcement) => "公表",
            (Lang::Ja, MessageKind::Note) => "連絡",
        }
    }

    /// A kind of role: `operator` / `事業者`.
    pub fn role_kind(&self, k: RoleKind) -> &'static str {
        match (self.lang, k) {
            (Lang::En, k) => k.id(),
            (Lang::Ja, RoleKind::Control) => "演習統制",
            (Lang::Ja, RoleKind::Nisc) => "内閣官房(NISC)",
            (Lang::Ja, RoleKind::Ministry) => "所管省庁",
            (Lang::Ja, RoleKind::Ceptor) => "セプター",
            (Lang::Ja, RoleKind::Council) => "セプターカウンシル",
            (Lang::Ja, RoleKind::Operator) => "事業者",
            (Lang::Ja, RoleKind::Police) => "警察",
            (Lang::Ja, RoleKind::Vendor) => "セキュリティベンダー",
            (Lang::Ja, RoleKind::Public) => "国民",
            (Lang::Ja, RoleKind::Jpcert) => "JPCERT/CC",
            (Lang::Ja, RoleKind::Gsoc) => "GSOC",
        }
    }

    /// A recipient relative to the sender: `my ceptor` / `所属セプター`.
    pub fn recipient(&self, r: Recipient) -> String {
        if !self.ja() {
            return r.id().replace('_', " ");
        }
        match r {
            Recipient::MyCeptor => "所属セプター",
            Recipient::MyMinistry => "所管省庁",
            Recipient::Members => "会員事業者",
            Recipient::Council => "セプターカウンシル",
            Recipient::AllCeptors => "全セプター",
            Recipient::AllMinistries => "全所管省庁",
            Recipient::Nisc => "内閣官房(NISC)",
            Recipient::Police => "警察",
            Recipient::Vendor => "セキュリティベンダー",
            Recipient::Public => "国民",
            Recipient::Sender => "送信者",
            Recipient::Jpcert => "JPCERT/CC",
            Recipient::Gsoc => "GSOC",
        }
        .to_string()
    }

    /// A class of action as a noun: `dispatch_support` / `支援チームの派遣`.
    pub fn action_class(&self, c: ActionClass) -> &'static str {
        if !self.ja() {
            return c.id();
        }
        match c {
            ActionClass::Report => "報告",
            ActionClass::Alert => "注意喚起",
            ActionClass::Request => "要請",
            ActionClass::Instruction => "指示",
            ActionClass::SupportRequest => "支援要請",
            ActionClass::Announcement => "公表",
            ActionClass::Note => "連絡",
            ActionClass::Forward => "転送",
            ActionClass::Isolate => "システムの切り離し",
            ActionClass::Reconnect => "システムの再接続",
            ActionClass::SwitchToBackup => "バックアップ運用への切替",
            ActionClass::EndBackup => "バックアップ運用の終了",
            ActionClass::RestoreFromBackup => "バックアップからの復元",
            ActionClass::DispatchSupport => "支援チームの派遣",
            ActionClass::PublishSignature => "シグネチャの公開",
            ActionClass::Inject => "インジェクトの投入",
            ActionClass::GrantPermission => "共有範囲拡大の許可",
        }
    }

    /// What an inject does: `cyber attack (DDoS)` / `サイバー攻撃（DDoS攻撃）`.
    pub fn inject_kind(&self, k: &InjectKind) -> String {
        if !self.ja() {
            return k.describe();
        }
        match k {
            InjectKind::ItFailure { cause, .. } => {
                let c = match cause {
                    FailureCause::SystemFailure => "システム障害",
                    FailureCause::OperatorError => "操作ミス",
                    FailureCause::SoftwareDefect => "ソフトウェアの不具合",
                };
                format!("IT障害（{c}）")
            }
            InjectKind::Disaster { hazard, .. } => {
                let h = match hazard {
                    Hazard::Earthquake => "地震",
                    Hazard::Typhoon => "台風",
                    Hazard::Flood => "洪水",
                    Hazard::Blackout => "広域停電",
                    Hazard::ColdSnap => "寒波",
                    Hazard::Other => "その他の災害",
                };
                format!("災害（{h}）")
            }
            InjectKind::CyberAttack { attack, .. } => {
                format!("サイバー攻撃（{}）", self.attack(*attack))
            }
            InjectKind::Attack(a) => format!("段階的な攻撃（{}）", self.attack(a.kind)),
            InjectKind::Narrative { .. } => "シナリオのメッセージ".into(),
        }
    }

    /// What an inject targets: `service hinode-comm/dns` / `サービス hinode-comm/dns`.
    pub fn target(&self, inject: &Inject) -> String {
        if !self.ja() {
            return inject.target_label.clone();
        }
        let infra = self.infra;
        match inject.target {
            Target::Operator(o) => format!("事業者 {}", self.operator(o)),
            Target::Service(s) => format!("サービス {}", self.service(s)),
            Target::System(y) => format!("システム {}", infra.system(y).key),
            Target::Sector(s) => format!("{}分野", s.name_ja()),
            Target::Region(r) => format!("{} 地域", infra.regions[r.index()]),
            Target::RegionSector(r, s) => {
                format!("{} 地域の{}分野", infra.regions[r.index()], s.name_ja())
            }
            Target::Script => "シナリオ".into(),
        }
    }

    /// A condition an inject waits for.
    pub fn condition(&self, c: &Condition) -> String {
        let ja = self.ja();
        match c {
            Condition::LevelBelow { service, level } if ja => {
                format!("{} の水準が {level} 未満", self.service(*service))
            }
            Condition::LevelBelow { service, level } => {
                format!("{} below {level}", self.service(*service))
            }
            Condition::Detected { inject } if ja => {
                format!("«{}» の検知", self.inject_key(*inject))
            }
            Condition::Detected { inject } => format!("{} detected", self.inject_key(*inject)),
            Condition::NotDetected { inject } if ja => {
                format!("«{}» が検知されないこと", self.inject_key(*inject))
            }
            Condition::NotDetected { inject } => {
                format!("{} not detected", self.inject_key(*inject))
            }
            Condition::ActionTaken { role, action } if ja => {
                format!("{}による{}", self.role(*role), self.action_class(*action))
            }
            Condition::ActionTaken { role, action } => {
                format!("{} takes {}", self.role(*role), action.id())
            }
            Condition::ActionNotTaken { role, action } if ja => {
                format!(
                    "{}が{}を行わないこと",
                    self.role(*role),
                    self.action_class(*action)
                )
            }
            Condition::ActionNotTaken { role, action } => {
                format!("{} does not take {}", self.role(*role), action.id())
            }
        }
    }

    /// A list of roles; more than four are counted.
    pub fn roles(&self, roles: &[Role]) -> String {
        if roles.len() > 4 {
            return if self.ja() {
                format!("{} 者", roles.len())
            } else {
                format!("{} roles", roles.len())
            };
        }
        let sep = if self.ja() { "、" } else { ", " };
        roles
            .iter()
            .map(|r| self.role(*r))
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn addressees(&self, to: &[Addressee]) -> String {
        let sep = if self.ja() { "、" } else { ", " };
        to.iter()
            .map(|a| match a {
                Addressee::Relative(r) if self.ja() => self.recipient(*r),
                Addressee::Relative(r) => r.id().to_string(),
                Addressee::Role(r) => self.role(*r),
            })
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// What a message is about, in words (the text of the messages policies send).
    pub fn subject(&self, s: &Subject) -> String {
        let ja = self.ja();
        let mut parts = Vec::new();
        if let Some(i) = s.incident {
            parts.push(if ja {
                format!("インシデント «{}»", self.incident(i))
            } else {
                format!("incident {}", self.incident(i))
            });
        }
        if let Some(a) = s.attack {
            parts.push(self.attack(a).to_string());
        }
        if let Some(o) = s.operator {
            parts.push(if ja {
                format!("{} で発生", self.operator(o))
            } else {
                format!("at {}", self.operator(o))
            });
        }
        if parts.is_empty()
            && let Some(sec) = s.sector
        {
            parts.push(if ja {
                format!("{}分野", sec.name_ja())
            } else {
                format!("sector {}", sec.id())
            });
        }
        match (parts.is_empty(), ja) {
            (true, true) => "件名なし".into(),
            (true, false) => "no subject".into(),
            (false, true) => parts.join("、"),
            (false, false) => parts.join(" "),
        }
    }

    /// A message's text: the sender's own, or for a message a policy sent, its kind and
    /// subject.
    pub fn message_text(&self, m: &Message) -> String {
        if let Some(i) = m.narrative {
            return self.narrative(i);
        }
        if !m.text.is_empty() {
            return m.text.clone();
        }
        let sep = if self.ja() { "：" } else { ": " };
        self.tidy(format!(
            "{}{sep}{}",
            self.message_kind(m.kind),
            self.subject(&m.subject)
        ))
    }

    // -- sentences -----------------------------------------------------------------------

    /// An action, in words.
    pub fn action(&self, a: &Action) -> String {
        let ja = self.ja();
        let text = match a {
            Action::Send {
                to,
                kind,
                label,
                text,
                sanitised,
                concerns,
                ..
            } => {
                // A policy's message has no text of its own.
                let text = if text.is_empty() {
                    String::new()
                } else {
                    format!(": {text}")
                };
                // The operator or sector the message names, where the sender named one.
                let about = match (concerns, ja) {
                    (None, _) => String::new(),
                    (Some(Concerns::Operator(o)), false) => format!(" about {}", self.operator(*o)),
                    (Some(Concerns::Sector(x)), false) => {
                        format!(" about the {} sector", self.sector(*x))
                    }
                    (Some(Concerns::Operator(o)), true) => {
                        format!("{}についての", self.operator(*o))
                    }
                    (Some(Concerns::Sector(x)), true) => {
                        format!("{}分野についての", self.sector(*x))
                    }
                };
                if ja {
                    format!(
                        "{} へ{about}{}{}を送信（{}）{text}",
                        self.addressees(to),
                        self.message_kind(*kind),
                        if *sanitised {
                            "（被害組織名・詳細を除く）"
                        } else {
                            ""
                        },
                        label.label()
                    )
                } else {
                    format!(
                        "send {}{}{about} to {} ({}){text}",
                        if *sanitised { "sanitised " } else { "" },
                        kind.id(),
                        self.addressees(to),
                        label.label()
                    )
                }
            }
            Action::GrantPermission { message, to } if ja => format!(
                "メッセージ #{message} の情報を {} へ共有することを許可",
                self.role(*to)
            ),
            Action::GrantPermission { message, to } => {
                format!("let message #{message} reach {}", self.role(*to))
            }
            Action::Forward { message, to } if ja => {
                format!("メッセージ #{message} を {} へ転送", self.addressees(to))
            }
            Action::Forward { message, to } => {
                format!("forward message #{message} to {}", self.addressees(to))
            }
            Action::Isolate { systems } if ja => {
                format!("{}システムを切り離し", self.systems(*systems))
            }
            Action::Isolate { systems } => format!("isolate {} systems", self.systems(*systems)),
            Action::Reconnect { systems } if ja => {
                format!("{}システムを再接続", self.systems(*systems))
            }
            Action::Reconnect { systems } => {
                format!("reconnect {} systems", self.systems(*systems))
            }
            Action::SwitchToBackup { service } if ja => {
                format!("{} をバックアップ運用に切替", self.service(*service))
            }
            Action::SwitchToBackup { service } => {
                format!("switch {} to backup", self.service(*service))
            }
            Action::EndBackup { service } if ja => {
                format!("{} のバックアップ運用を終了", self.service(*service))
            }
            Action::EndBackup { service } => {
                format!("end backup of {}", self.service(*service))
            }
            Action::RestoreFromBackup if ja => "バックアップから復元".into(),
            Action::RestoreFromBackup => "restore from backup".into(),
            Action::DispatchSupport { operator } if ja => {
                format!("{} へ支援チームを派遣", self.operator(*operator))
            }
            Action::DispatchSupport { operator } => {
                format!("dispatch a support team to {}", self.operator(*operator))
            }
            Action::PublishSignature { attack } if ja => {
                format!("{}のシグネチャを公開", self.attack(*attack))
            }
            Action::PublishSignature { attack } => {
                format!("publish a signature for {}", attack.label())
            }
            Action::Inject(i) if ja => format!(
                "インジェクト «{}» を投入: {} への{}",
                i.key,
                self.target(i),
                self.inject_kind(&i.kind)
            ),
            Action::Inject(i) => format!(
                "inject {}: {} on {}",
                i.key,
                i.kind.describe(),
                i.target_label
            ),
            Action::FireInject { inject } if ja => {
                format!(
                    "予備インジェクト «{}» を発生させる",
                    self.inject_key(*inject)
                )
            }
            Action::FireInject { inject } => {
                format!("fire reserve inject {}", self.inject_key(*inject))
            }
        };
        self.tidy(text)
    }

    /// What a narrative inject says, in the language (its English where it has no
    /// Japanese).
    pub fn narrative(&self, inject: usize) -> String {
        match self.injects.get(inject).map(|i| &i.kind) {
            Some(InjectKind::Narrative { text, text_ja, .. }) => {
                if self.ja() && !text_ja.is_empty() {
                    text_ja.clone()
                } else {
                    text.clone()
                }
            }
            _ => String::new(),
        }
    }

    /// What an action did.
    pub fn done(&self, d: &Done) -> String {
        let ja = self.ja();
        let text = match d {
            Done::PermissionGranted { message, to } if ja => format!(
                "{} はメッセージ #{message} の情報を受け取れるようになりました",
                self.role(*to)
            ),
            Done::PermissionGranted { message, to } => format!(
                "{} may now receive what message #{message} says",
                self.role(*to)
            ),
            Done::Sent { message, to } if ja => {
                format!("メッセージ #{message} を {} へ送信", self.roles(to))
            }
            Done::Sent { message, to } => {
                format!("sent message #{message} to {}", self.roles(to))
            }
            Done::Forwarded { message, copy, to } if ja => format!(
                "メッセージ #{message} を #{copy} として {} へ転送",
                self.roles(to)
            ),
            Done::Forwarded { message, copy, to } => format!(
                "forwarded message #{message} as #{copy} to {}",
                self.roles(to)
            ),
            Done::Isolated { systems, services } if ja => format!(
                "{}システムを切り離し（{services} サービス）",
                self.systems(*systems)
            ),
            Done::Isolated { systems, services } => {
                format!(
                    "isolated {} systems of {services} service(s)",
                    self.systems(*systems)
                )
            }
            Done::Reconnected { systems } if ja => {
                format!("{}システムを再接続", self.systems(*systems))
            }
            Done::Reconnected { systems } => {
                format!("reconnected {} systems", self.systems(*systems))
            }
            Done::OnBackup { service, extension } if ja => format!(
                "{} をバックアップ運用に切替: バッファが {} 延長",
                self.service(*service),
                self.duration(*extension)
            ),
            Done::OnBackup { service, extension } => format!(
                "{} on backup: buffers hold {extension} longer",
                self.service(*service)
            ),
            Done::BackupEnded { service } if ja => {
                format!("{} のバックアップ運用を終了", self.service(*service))
            }
            Done::BackupEnded { service } => {
                format!("{} back from backup", self.service(*service))
            }
            Done::Restoring { services } if ja => {
                format!("{services} サービスをバックアップから復元中")
            }
            Done::Restoring { services } => {
                format!("restoring {services} service(s) from backup")
            }
            Done::SupportDispatched {
                team,
                operator,
                arrives,
            } if ja => format!(
                "支援チーム {} が {} へ出発、{arrives} 到着予定",
                team + 1,
                self.operator(*operator)
            ),
            Done::SupportDispatched {
                team,
                operator,
                arrives,
            } => format!(
                "support team {} on its way to {}, arriving {arrives}",
                team + 1,
                self.operator(*operator)
            ),
            Done::SignaturePublished { attack } if ja => {
                format!("{}のシグネチャとパッチを公開", self.attack(*attack))
            }
            Done::SignaturePublished { attack } => {
                format!("signature and patch for {} published", attack.label())
            }
            Done::Injected { inject } if ja => {
                format!("インジェクト «{}» を投入", self.inject_key(*inject))
            }
            Done::Injected { inject } => format!("injected {}", self.inject_key(*inject)),
        };
        self.tidy(text)
    }

    /// Why an action was refused.
    pub fn refusal(&self, r: &Refusal) -> String {
        let ja = self.ja();
        let text = match r {
            Refusal::DrillEnded if ja => "演習は終了しています".into(),
            Refusal::DrillEnded => "the drill has ended".into(),
            Refusal::NotInDrill { role } if ja => {
                format!("{} はこの演習に参加していません", self.role(*role))
            }
            Refusal::NotInDrill { role } => {
                format!("{} is not part of this drill", self.role(*role))
            }
            Refusal::NotPermitted { class, role_kind } if ja => {
                let who: Vec<&str> = class.allowed().iter().map(|k| self.role_kind(*k)).collect();
                format!(
                    "{}は{}を行えません（行えるのは{}のみ）",
                    self.role_kind(*role_kind),
                    self.action_class(*class),
                    who.join("、")
                )
            }
            Refusal::NotPermitted { class, role_kind } => {
                let who: Vec<&str> = class.allowed().iter().map(|k| k.id()).collect();
                let kind = role_kind.id();
                let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                format!(
                    "{article} {kind} may not {}; only {} may",
                    class.verb(),
                    who.join(", ")
                )
            }
            Refusal::NotOwnService { service, owner } if ja => format!(
                "{} は {} のサービスです。事業者が対処できるのは自らのサービスのみです",
                self.service(*service),
                self.operator(*owner)
            ),
            Refusal::NotOwnService { service, owner } => format!(
                "{} belongs to {}; an operator can only act on its own services",
                self.service(*service),
                self.operator(*owner)
            ),
            Refusal::SenderOutsidePolicy if ja => {
                "「送信者」宛ては、メッセージに応答するポリシーでのみ使えます".into()
            }
            Refusal::SenderOutsidePolicy => {
                "`Sender` only makes sense in a policy answering a message".into()
            }
            Refusal::NoRecipients if ja => "メッセージに宛先がありません".into(),
            Refusal::NoRecipients => "the message has no recipients".into(),
            Refusal::NoSuchInject { inject } if ja => {
                format!("インジェクト #{inject} は存在しません")
            }
            Refusal::NoSuchInject { inject } => format!("there is no inject #{inject}"),
            Refusal::NoChannel { from, to } if ja => format!(
                "{} から {} への連絡経路がありません（docs/DRILL.md の連絡経路を参照）",
                self.role(*from),
                self.role(*to)
            ),
            Refusal::NoChannel { from, to } => format!(
                "no channel from {} to {} (see docs/DRILL.md, channels)",
                self.role(*from),
                self.role(*to)
            ),
            Refusal::NoSuchRecipient { from, recipient } if ja => format!(
                "{} には「{}」に当たる相手がいません",
                self.role(*from),
                self.recipient(*recipient)
            ),
            Refusal::NoSuchRecipient { from, recipient } => format!(
                "{} has no {}",
                self.role(*from),
                self.recipient(*recipient)
            ),
            Refusal::PublicNeedsClearAnnouncement if ja => {
                "国民向けの発信は TLP:CLEAR の公表でなければなりません".into()
            }
            Refusal::PublicNeedsClearAnnouncement => {
                "what goes to the public must be an announcement labelled TLP:CLEAR".into()
            }
            Refusal::AnnouncementNotPublic if ja => {
                "公表は国民に向けて行うものです（宛先に国民を指定してください）".into()
            }
            Refusal::AnnouncementNotPublic => {
                "an announcement goes to the public (to: [Public])".into()
            }
            Refusal::UnknownIncident if ja => {
                "そのようなインシデントは把握していません。報告できるのは自ら確認したか知らされたことだけです"
                    .into()
            }
            Refusal::UnknownIncident => {
                "you know of no such incident; a role can only report what it has observed or been told"
                    .into()
            }
            Refusal::NoSuchIncident { incident } if ja => {
                format!("インシデント #{} は存在しません", incident.0)
            }
            Refusal::NoSuchIncident { incident } => {
                format!("there is no incident #{}", incident.0)
            }
            Refusal::InjectNotFired { inject } if ja => {
                format!("インジェクト «{}» はまだ発生していません", self.inject_key(*inject))
            }
            Refusal::InjectNotFired { inject } => {
                format!("inject {} has not happened", self.inject_key(*inject))
            }
            Refusal::UnknownMessage if ja => "そのようなメッセージは受け取っていません".into(),
            Refusal::UnknownMessage => "you have received no such message".into(),
            Refusal::NoSuchMessage { message } if ja => {
                format!("メッセージ #{message} は存在しません")
            }
            Refusal::NoSuchMessage { message } => format!("there is no message #{message}"),
            Refusal::KnowledgeLabelForbids {
                incident,
                learned,
                label,
                to: None,
            } if ja => format!(
                "{}について知っていることは {} の下で得たもので、{} のメッセージでは伝えられません（被害組織名・詳細を除いた注意喚起なら可）",
                self.incident(*incident),
                learned.label(),
                label.label()
            ),
            Refusal::KnowledgeLabelForbids {
                incident,
                learned,
                label,
                to: None,
            } => format!(
                "what you know of {} was learned under {}; a {} message may not carry it (a sanitised alert may)",
                self.incident(*incident),
                learned.label(),
                label.label()
            ),
            Refusal::KnowledgeLabelForbids {
                incident,
                learned,
                to: Some(to),
                ..
            } if ja => format!(
                "{}について知っていることは {} の下で得たもので、{} へは情報源の許可なしに伝えられません",
                self.incident(*incident),
                learned.label(),
                self.role(*to)
            ),
            Refusal::KnowledgeLabelForbids {
                incident,
                learned,
                to: Some(to),
                ..
            } => format!(
                "what you know of {} was learned under {} and may not reach {} without its source's permission",
                self.incident(*incident),
                learned.label(),
                self.role(*to)
            ),
            Refusal::NotTheSource { message } if ja => format!(
                "メッセージ #{message} の共有範囲を広げる許可を出せるのは、その情報源だけです"
            ),
            Refusal::NotTheSource { message } => format!(
                "only the source of message #{message} may let it be shared wider"
            ),
            Refusal::LabelForbids {
                message,
                label,
                from,
                to,
            } => {
                let why = self.label_bar(*label, *from, *to);
                if ja {
                    format!(
                        "メッセージ #{message} は {} へ転送できません: {why}",
                        self.role(*to)
                    )
                } else {
                    format!(
                        "forwarding message #{message} to {} refused: {why}",
                        self.role(*to)
                    )
                }
            }
            Refusal::AlreadyIsolated { systems } if ja => {
                format!("{}システムは既に切り離されています", self.systems(*systems))
            }
            Refusal::AlreadyIsolated { systems } => {
                format!("{} systems are already isolated", self.systems(*systems))
            }
            Refusal::NoSystems { operator, systems } if ja => format!(
                "{} には切り離す{}システムがありません",
                self.operator(*operator),
                self.systems(*systems)
            ),
            Refusal::NoSystems { operator, systems } => format!(
                "{} has no {} systems to isolate",
                self.operator(*operator),
                self.systems(*systems)
            ),
            Refusal::NotIsolated { systems } if ja => {
                format!("{}システムは切り離されていません", self.systems(*systems))
            }
            Refusal::NotIsolated { systems } => {
                format!("{} systems are not isolated", self.systems(*systems))
            }
            Refusal::AlreadyOnBackup { service } if ja => {
                format!("{} は既にバックアップ運用中です", self.service(*service))
            }
            Refusal::AlreadyOnBackup { service } => {
                format!("{} is already on backup", self.service(*service))
            }
            Refusal::NotOnBackup { service } if ja => {
                format!("{} はバックアップ運用中ではありません", self.service(*service))
            }
            Refusal::NotOnBackup { service } => {
                format!("{} is not on backup", self.service(*service))
            }
            Refusal::NothingToRestore if ja => {
                "データを破壊するインシデントの復旧作業がないため、復元するものがありません"
                    .into()
            }
            Refusal::NothingToRestore => {
                "no data-destroying incident is being repaired here; nothing to restore".into()
            }
            Refusal::SupportAlreadyAssigned { operator } if ja => format!(
                "{} には既に支援チームが割り当てられています",
                self.operator(*operator)
            ),
            Refusal::SupportAlreadyAssigned { operator } => format!(
                "a support team is already assigned to {}",
                self.operator(*operator)
            ),
            Refusal::NoSupportTeams if ja => "この演習には支援チームがありません".into(),
            Refusal::NoSupportTeams => "this drill has no support teams".into(),
            Refusal::AllTeamsDeployed { teams } if ja => {
                format!("派遣できる支援チームがありません（全 {teams} チームが派遣中）")
            }
            Refusal::AllTeamsDeployed { teams: 1 } => {
                "no support team available: the only one is deployed".into()
            }
            Refusal::AllTeamsDeployed { teams } => {
                format!("no support team available: all {teams} are deployed")
            }
            Refusal::SignatureAlreadyPublished { attack } if ja => {
                format!("{}のシグネチャは既に公開されています", self.attack(*attack))
            }
            Refusal::SignatureAlreadyPublished { attack } => {
                format!("a signature for {} is already published", attack.label())
            }
            Refusal::InjectHitsNothing if ja => {
                "このインジェクトはどのサービスにも影響しません".into()
            }
            Refusal::InjectHitsNothing => "the inject hits no service".into(),
            Refusal::NotAReserve { inject } if ja => format!(
                "インジェクト «{}» は予備のインジェクトではなく、自動で発生します",
                self.inject_key(*inject)
            ),
            Refusal::NotAReserve { inject } => format!(
                "inject {} is not a reserve (manual) inject: it fires on its own",
                self.inject_key(*inject)
            ),
            Refusal::ReserveAlreadyFired { inject } if ja => format!(
                "予備インジェクト «{}» は発生済みです",
                self.inject_key(*inject)
            ),
            Refusal::ReserveAlreadyFired { inject } => format!(
                "reserve inject {} has fired already",
                self.inject_key(*inject)
            ),
        };
        self.tidy(text)
    }

    /// Why a label forbids forwarding from `from` to `to`.
    fn label_bar(&self, label: Tlp, from: Role, to: Role) -> String {
        match (label, self.ja()) {
            (Tlp::Red, false) => {
                "TLP:RED is for the named recipients only and may not be forwarded".into()
            }
            (Tlp::Red, true) => "TLP:RED は指定された受信者限りで、転送できません".into(),
            (Tlp::AmberStrict, false) => {
                "TLP:AMBER+STRICT may not leave the recipient's own organisation".into()
            }
            (Tlp::AmberStrict, true) => "TLP:AMBER+STRICT は受信者の組織の外に出せません".into(),
            (Tlp::Amber, false) => format!(
                "TLP:AMBER may go only to the forwarder's own members or clients, and {} is not one of {}'s",
                self.role(to),
                self.role(from)
            ),
            (Tlp::Amber, true) => format!(
                "TLP:AMBER は転送者自身の会員・顧客にしか共有できず、{} は {} のそれに当たりません",
                self.role(to),
                self.role(from)
            ),
            (Tlp::Green, false) => {
                "TLP:GREEN may be shared within the community but not made public".into()
            }
            (Tlp::Green, true) => {
                "TLP:GREEN はコミュニティ内では共有できますが、公開はできません".into()
            }
            (Tlp::Clear, false) => "TLP:CLEAR may go anywhere".into(),
            (Tlp::Clear, true) => "TLP:CLEAR は制限なく共有できます".into(),
        }
    }

    /// Why a role's policy did not act.
    pub fn policy_skip(&self, r: &PolicySkip) -> String {
        let ja = self.ja();
        let text = match r {
            PolicySkip::AlreadyAlerted { incident, attack } if ja => format!(
                "{}についてはすでに注意喚起しています",
                match (incident, attack) {
                    (Some(i), _) => self.incident(*i),
                    (None, Some(a)) => self.attack(*a).to_string(),
                    (None, None) => "この種のIT障害".to_string(),
                }
            ),
            PolicySkip::AlreadyAlerted { incident, attack } => format!(
                "already alerted about {}",
                match (incident, attack) {
                    (Some(i), _) => self.incident(*i),
                    (None, Some(a)) => self.attack(*a).to_string(),
                    (None, None) => "an IT failure of this kind".to_string(),
                }
            ),
            PolicySkip::NothingToForward if ja => "転送できるのはメッセージだけです".into(),
            PolicySkip::NothingToForward => "only a message can be forwarded".into(),
            PolicySkip::NoSystemsToIsolate if ja => {
                "このインシデントには切り離すべきシステムの種類がありません".into()
            }
            PolicySkip::NoSystemsToIsolate => {
                "the incident travels through no kind of system to isolate".into()
            }
            PolicySkip::NoServiceNamed if ja => {
                "バックアップ運用はサービスに対するものですが、この規則はサービスを示していません"
                    .into()
            }
            PolicySkip::NoServiceNamed => {
                "backup operation is for a service; this rule names none".into()
            }
            PolicySkip::NoOperatorNamed if ja => "要請に支援先の事業者が示されていません".into(),
            PolicySkip::NoOperatorNamed => "the request names no operator to support".into(),
            PolicySkip::NoRepairKnown { asked: Some(o) } if ja => format!(
                "{}でも、支援チームのいないほかの事業者でも、復旧作業が進行中と把握していません",
                self.operator(*o)
            ),
            PolicySkip::NoRepairKnown { asked: Some(o) } => format!(
                "no repair is known to be under way at {} or at any operator without a support team",
                self.operator(*o)
            ),
            PolicySkip::NoRepairKnown { asked: None } if ja => {
                "支援チームのいない事業者で復旧作業が進行中と把握していません".into()
            }
            PolicySkip::NoRepairKnown { asked: None } => {
                "no repair is known to be under way at any operator without a support team".into()
            }
            PolicySkip::NoRepairAnyMore { operator } if ja => format!(
                "{}での復旧作業が進行中とはもう把握していません（支援チームが戻りました）",
                self.operator(*operator)
            ),
            PolicySkip::NoRepairAnyMore { operator } => format!(
                "no repair is known to be under way at {} any more (its support team came back)",
                self.operator(*operator)
            ),
            PolicySkip::NoAttackKind if ja => {
                "シグネチャを作るための攻撃の種類が示されていません".into()
            }
            PolicySkip::NoAttackKind => "the news names no attack kind to sign".into(),
            PolicySkip::SignatureAlreadyPublished { attack } => {
                self.refusal(&Refusal::SignatureAlreadyPublished { attack: *attack })
            }
            PolicySkip::SupportAlreadyAssigned { operator } => {
                self.refusal(&Refusal::SupportAlreadyAssigned {
                    operator: *operator,
                })
            }
            PolicySkip::AlreadyOnBackup { service } => {
                self.refusal(&Refusal::AlreadyOnBackup { service: *service })
            }
            PolicySkip::NotOnBackup { service } => {
                self.refusal(&Refusal::NotOnBackup { service: *service })
            }
            PolicySkip::BackToRequired { service } if ja => format!(
                "{} は必要水準に戻ったため、バックアップは不要です",
                self.service(*service)
            ),
            PolicySkip::BackToRequired { service } => format!(
                "{} is back to its required level; no backup needed",
                self.service(*service)
            ),
            PolicySkip::NoProviderFailing { service } if ja => format!(
                "{} の供給元はどれも障害中ではなく、バックアップ運用で防ぐものがありません",
                self.service(*service)
            ),
            PolicySkip::NoProviderFailing { service } => format!(
                "no provider of {} is failing; backup operation would hold nothing off",
                self.service(*service)
            ),
            PolicySkip::ProviderFailingAgain { service } if ja => format!(
                "{} の供給元が再び障害中のため、バックアップはまだ必要です",
                self.service(*service)
            ),
            PolicySkip::ProviderFailingAgain { service } => format!(
                "a provider of {} is failing again; the backup is still needed",
                self.service(*service)
            ),
            PolicySkip::Undeliverable(r) => self.refusal(r),
        };
        self.tidy(text)
    }

    /// Why inject `inject` did not fire.
    pub fn skip(&self, inject: usize, r: &SkipReason) -> String {
        let ja = self.ja();
        let condition = || match self.injects.get(inject).map(|i| &i.trigger) {
            Some(InjectTrigger::When { condition, .. }) => self.condition(condition),
            _ => "?".into(),
        };
        let text = match r {
            SkipReason::FollowsSkipped { inject } if ja => format!(
                "先行するインジェクト «{}» が発生しなかったため",
                self.inject_key(*inject)
            ),
            SkipReason::FollowsSkipped { inject } => format!(
                "it follows inject {}, which did not fire",
                self.inject_key(*inject)
            ),
            SkipReason::FollowsUnfired { inject } if ja => format!(
                "先行するインジェクト «{}» が最後まで発生しなかったため",
                self.inject_key(*inject)
            ),
            SkipReason::FollowsUnfired { inject } => format!(
                "it follows inject {}, which never fired",
                self.inject_key(*inject)
            ),
            SkipReason::ReserveUnused if ja => {
                "演習統制が予備インジェクトを使わなかったため".into()
            }
            SkipReason::ReserveUnused => "exercise control did not fire this reserve inject".into(),
            SkipReason::DueAfterEnd { at } if ja => {
                format!("予定時刻 {at} がシナリオの終了以降のため")
            }
            SkipReason::DueAfterEnd { at } => {
                format!("it was due at {at}, at or after the end of the scenario")
            }
            SkipReason::ConditionNeverHeld if ja => {
                format!("条件（{}）が最後まで成立しなかったため", condition())
            }
            SkipReason::ConditionNeverHeld => {
                format!("its condition ({}) never held", condition())
            }
            SkipReason::ConditionFailed { by } if ja => {
                format!("条件（{}）が {by} までに成立しなかったため", condition())
            }
            SkipReason::ConditionFailed { by } => {
                format!("its condition ({}) did not hold by {by}", condition())
            }
            SkipReason::WasDetected { inject, at } if ja => format!(
                "インジェクト «{}» が {at} に検知されたため",
                self.inject_key(*inject)
            ),
            SkipReason::WasDetected { inject, at } => {
                format!("inject {} was detected at {at}", self.inject_key(*inject))
            }
            SkipReason::WatchedNeverFired { inject } if ja => format!(
                "インジェクト «{}» が発生しなかったため",
                self.inject_key(*inject)
            ),
            SkipReason::WatchedNeverFired { inject } => {
                format!("inject {} never fired", self.inject_key(*inject))
            }
            SkipReason::ActionTaken { role, action, at } if ja => format!(
                "{}が {at} に{}を行ったため",
                self.role(*role),
                self.action_class(*action)
            ),
            SkipReason::ActionTaken { role, action, at } => {
                format!("{} took action {} at {at}", self.role(*role), action.id())
            }
        };
        self.tidy(text)
    }

    /// Why an attack did not take hold.
    pub fn block(&self, r: &BlockReason) -> String {
        let text = match (r, self.ja()) {
            (BlockReason::Isolated { systems }, false) => {
                format!("its {} systems are isolated", self.systems(*systems))
            }
            (BlockReason::Isolated { systems }, true) => {
                format!("{}システムが切り離されているため", self.systems(*systems))
            }
            (BlockReason::NoExposedSystems { systems }, false) => format!(
                "none of its services has {} systems",
                systems.map_or("any", |k| k.id())
            ),
            (BlockReason::NoExposedSystems { systems: Some(k) }, true) => {
                format!("{}システムを持つサービスがないため", self.systems(*k))
            }
            (BlockReason::NoExposedSystems { systems: None }, true) => {
                "狙われるシステムを持つサービスがないため".into()
            }
        };
        self.tidy(text)
    }

    /// Why a level changed.
    pub fn cause(&self, c: &Cause) -> String {
        let ja = self.ja();
        match c {
            Cause::Incident(i) if ja => format!("インシデント «{}»", self.incident(*i)),
            Cause::Incident(i) => format!("incident {}", self.incident(*i)),
            Cause::Repaired(i) if ja => format!("«{}» からの復旧", self.incident(*i)),
            Cause::Repaired(i) => format!("repair after {}", self.incident(*i)),
            Cause::Dependency(e) => {
                let d = self.infra.dependency(*e);
                if ja {
                    format!(
                        "{}（{}依存、強度 {}）",
                        self.service(d.provider),
                        self.dependency_kind(d.kind),
                        d.strength
                    )
                } else {
                    format!(
                        "{} ({}, strength {})",
                        self.service(d.provider),
                        d.kind.id(),
                        d.strength
                    )
                }
            }
            Cause::ProviderRestored(e) if ja => {
                format!(
                    "{} の回復",
                    self.service(self.infra.dependency(*e).provider)
                )
            }
            Cause::ProviderRestored(e) => {
                format!(
                    "{} restored",
                    self.service(self.infra.dependency(*e).provider)
                )
            }
            Cause::Isolation(k) if ja => format!("{}システムの切り離し", self.systems(*k)),
            Cause::Isolation(k) => format!("{} systems isolated", k.id()),
            Cause::Reconnected(k) if ja => format!("{}システムの再接続", self.systems(*k)),
            Cause::Reconnected(k) => format!("{} systems reconnected", k.id()),
            Cause::Backup if ja => "バックアップ運用".into(),
            Cause::Backup => "backup operation".into(),
            Cause::BackupEnded if ja => "バックアップ運用の終了".into(),
            Cause::BackupEnded => "end of backup operation".into(),
        }
    }

    /// Whether a timeline entry is routine detail the brief text timeline leaves out:
    /// buffer timers, repair-speed changes, stage starts, message traffic, the messages
    /// policies send and the steps they skip.
    pub fn routine(&self, h: &Happening) -> bool {
        match h {
            Happening::BufferStarted { .. }
            | Happening::BufferExhausted { .. }
            | Happening::RecoveryRateChanged { .. }
            | Happening::StageStarted { .. }
            | Happening::MessageSent { .. }
            | Happening::MessageDelivered { .. }
            | Happening::PolicySkipped { .. } => true,
            Happening::Action { action } => self.actions.get(*action as usize).is_some_and(|a| {
                matches!(a.origin, Origin::Policy { .. })
                    && matches!(a.action, Action::Send { .. } | Action::Forward { .. })
            }),
            _ => false,
        }
    }

    /// A timeline entry in words (without its time).
    pub fn entry(&self, e: &Entry) -> String {
        self.happening(&e.what)
    }

    /// What happened, in words.
    pub fn happening(&self, h: &Happening) -> String {
        let ja = self.ja();
        let text = match h {
            Happening::InjectFired {
                inject,
                incident,
                hits,
            } => {
                let inj = &self.injects[*inject];
                if ja {
                    format!(
                        "インジェクト «{}» 発生、インシデント #{} を開始: {} への{}、影響 {hits} サービス",
                        inj.key,
                        incident.0,
                        self.target(inj),
                        self.inject_kind(&inj.kind)
                    )
                } else {
                    let s = if *hits == 1 { "" } else { "s" };
                    format!(
                        "inject {}: {} on {} ({hits} service{s})",
                        inj.key,
                        inj.kind.describe(),
                        inj.target_label
                    )
                }
            }
            Happening::Narrated { inject, message } => {
                let to: Vec<Role> = self
                    .messages
                    .get(*message as usize)
                    .map(|m| m.to.iter().map(|(r, _)| *r).collect())
                    .unwrap_or_default();
                if ja {
                    format!(
                        "インジェクト «{}»: 演習統制から{}へメッセージ「{}」",
                        self.inject_key(*inject),
                        self.roles(&to),
                        self.narrative(*inject)
                    )
                } else {
                    format!(
                        "inject {}: exercise control to {}: \"{}\"",
                        self.inject_key(*inject),
                        self.roles(&to),
                        self.narrative(*inject)
                    )
                }
            }
            Happening::InjectSkipped { inject, reason } if ja => format!(
                "インジェクト «{}» は発生せず: {}",
                self.inject_key(*inject),
                self.skip(*inject, reason)
            ),
            Happening::InjectSkipped { inject, reason } => format!(
                "inject {} skipped: {}",
                self.inject_key(*inject),
                self.skip(*inject, reason)
            ),
            Happening::LevelChanged {
                service,
                from,
                to,
                below_required,
                causes,
            } => {
                let req = self.infra.service(*service).required;
                let sep = if ja { "、" } else { ", " };
                let causes: Vec<String> = causes.iter().map(|c| self.cause(c)).collect();
                let causes = causes.join(sep);
                let name = self.service(*service);
                if ja {
                    let sector = self.sector(self.infra.sector_of(*service));
                    let dir = if to < from { "低下" } else { "回復" };
                    let state = if *below_required {
                        format!("必要水準 {req:.2} 未満")
                    } else {
                        format!("必要水準 {req:.2} 以上")
                    };
                    format!(
                        "{sector}: {name} の水準が {from:.2} → {to:.2} に{dir}（{state}）← {causes}"
                    )
                } else {
                    let state = if *below_required {
                        format!("BELOW required {req:.2}")
                    } else {
                        format!("ok (required {req:.2})")
                    };
                    format!("{name} {from:.2} → {to:.2} {state} ← {causes}")
                }
            }
            Happening::BufferStarted { edge, until } => {
                let (dep, prov) = self.edge_ends(*edge);
                if ja {
                    format!("{prov} の停止中、{dep} はバッファで持ちこたえる（{until} まで）")
                } else {
                    format!("{dep} holds on its buffer while {prov} is down (until {until})")
                }
            }
            Happening::BufferExhausted { edge } => {
                let (dep, prov) = self.edge_ends(*edge);
                if ja {
                    format!("{dep} の {prov} に対するバッファが尽きた")
                } else {
                    format!("buffer of {dep} on {prov} exhausted")
                }
            }
            Happening::RecoveryStarted {
                service,
                incident,
                duration,
            } if ja => format!(
                "{} の «{}» からの復旧を開始: 全速で {}",
                self.service(*service),
                self.incident(*incident),
                self.duration(*duration)
            ),
            Happening::RecoveryStarted {
                service,
                incident,
                duration,
            } => format!(
                "repair of {} after {} started: {duration} at full speed",
                self.service(*service),
                self.incident(*incident),
            ),
            Happening::RecoveryRateChanged {
                service,
                incident,
                rate,
                eta,
            } if ja => format!(
                "{} の «{}» からの復旧速度が {:.0}% に変化、完了見込み {eta}",
                self.service(*service),
                self.incident(*incident),
                rate * 100.0
            ),
            Happening::RecoveryRateChanged {
                service,
                incident,
                rate,
                eta,
            } => format!(
                "repair of {} after {} now at {:.0}% speed, done {eta}",
                self.service(*service),
                self.incident(*incident),
                rate * 100.0,
            ),
            Happening::RecoveryCompleted { service, incident } if ja => format!(
                "{} の «{}» からの復旧が完了",
                self.service(*service),
                self.incident(*incident)
            ),
            Happening::RecoveryCompleted { service, incident } => format!(
                "repair of {} after {} completed",
                self.service(*service),
                self.incident(*incident)
            ),
            Happening::IncidentResolved { incident } if ja => format!(
                "インシデント «{}» 解決: すべてのサービスが復旧",
                self.incident(*incident)
            ),
            Happening::IncidentResolved { incident } => format!(
                "incident {} resolved: every service repaired",
                self.incident(*incident)
            ),
            Happening::AttackReached { incident, operator } if ja => format!(
                "攻撃 «{}» が {} に到達",
                self.incident(*incident),
                self.operator(*operator)
            ),
            Happening::AttackReached { incident, operator } => format!(
                "attack {} reached {}",
                self.incident(*incident),
                self.operator(*operator)
            ),
            Happening::StageStarted {
                incident,
                operator,
                stage,
                until,
            } if ja => format!(
                "攻撃 «{}»（{}）: 段階「{}」が進行中、阻止されなければ {until} に完了",
                self.incident(*incident),
                self.operator(*operator),
                self.stage(*incident, *stage)
            ),
            Happening::StageStarted {
                incident,
                operator,
                stage,
                until,
            } => format!(
                "attack {} at {}: {} under way, completes {until} unless stopped",
                self.incident(*incident),
                self.operator(*operator),
                self.stage(*incident, *stage)
            ),
            Happening::StageFailed {
                incident,
                operator,
                stage,
                chance,
            } if ja => format!(
                "攻撃 «{}»（{}）: 段階「{}」が失敗（成功確率 {chance}）、攻撃はここで止まる",
                self.incident(*incident),
                self.operator(*operator),
                self.stage(*incident, *stage)
            ),
            Happening::StageFailed {
                incident,
                operator,
                stage,
                chance,
            } => format!(
                "attack {} at {}: {} failed its chance ({chance}); the attack stops there",
                self.incident(*incident),
                self.operator(*operator),
                self.stage(*incident, *stage)
            ),
            Happening::StageCompleted {
                incident,
                operator,
                stage,
            } if ja => format!(
                "攻撃 «{}»（{}）: 段階「{}」が完了",
                self.incident(*incident),
                self.operator(*operator),
                self.stage(*incident, *stage)
            ),
            Happening::StageCompleted {
                incident,
                operator,
                stage,
            } => format!(
                "attack {} at {}: {} completed",
                self.incident(*incident),
                self.operator(*operator),
                self.stage(*incident, *stage)
            ),
            Happening::SpreadAttempt {
                incident,
                from,
                to,
                arrives,
            } => {
                let (x, f, t) = (
                    self.incident(*incident),
                    self.operator(*from),
                    self.operator(*to),
                );
                match (arrives, ja) {
                    (Some(at), true) => format!("攻撃 «{x}» が {f} から {t} へ拡散、{at} に到達"),
                    (None, true) => format!("攻撃 «{x}» は {f} から {t} への拡散に失敗"),
                    (Some(at), false) => {
                        format!("attack {x} spreads from {f} to {t}, arriving {at}")
                    }
                    (None, false) => {
                        format!("attack {x} failed its chance to spread from {f} to {t}")
                    }
                }
            }
            Happening::AttackBlocked {
                incident,
                operator,
                reason,
            } if ja => format!(
                "攻撃 «{}» は {} で成立せず: {}",
                self.incident(*incident),
                self.operator(*operator),
                self.block(reason)
            ),
            Happening::AttackBlocked {
                incident,
                operator,
                reason,
            } => format!(
                "attack {} did not take hold at {}: {}",
                self.incident(*incident),
                self.operator(*operator),
                self.block(reason)
            ),
            Happening::Detected {
                incident,
                operator,
                stage,
            } => {
                let (x, o) = (self.incident(*incident), self.operator(*operator));
                match (stage, ja) {
                    (Some(k), true) => format!(
                        "{o} が攻撃 «{x}» を検知（段階「{}」）",
                        self.stage(*incident, *k)
                    ),
                    (None, true) => format!("{o} がインシデント «{x}» を確認"),
                    (Some(k), false) => format!(
                        "{o} detected attack {x} during {}",
                        self.stage(*incident, *k)
                    ),
                    (None, false) => format!("{o} observed incident {x}"),
                }
            }
            Happening::Contained { incident, operator } if ja => format!(
                "攻撃 «{}» を {} で影響発生前に封じ込め",
                self.incident(*incident),
                self.operator(*operator)
            ),
            Happening::Contained { incident, operator } => format!(
                "attack {} contained at {} before impact",
                self.incident(*incident),
                self.operator(*operator)
            ),
            Happening::Halted { incident, operator } if ja => format!(
                "攻撃 «{}» は {} でシステムの切り離しにより停止",
                self.incident(*incident),
                self.operator(*operator)
            ),
            Happening::Halted { incident, operator } => format!(
                "attack {} at {} stopped by isolation",
                self.incident(*incident),
                self.operator(*operator)
            ),
            Happening::Alerted { operator, attack } if ja => format!(
                "{} が{}への警戒を強化（検知率が上昇）",
                self.operator(*operator),
                self.attack(*attack)
            ),
            Happening::Alerted { operator, attack } => format!(
                "{} is now alert to {} (detection raised)",
                self.operator(*operator),
                attack.label()
            ),
            Happening::MessageSent { message } => {
                let Some(m) = self.messages.get(*message as usize) else {
                    return if ja {
                        format!("メッセージ #{message} を送信")
                    } else {
                        format!("message #{message} sent")
                    };
                };
                let to: Vec<Role> = m.to.iter().map(|(r, _)| *r).collect();
                let to = self.roles(&to);
                let text = self.message_text(m);
                if ja {
                    let fwd = m
                        .forwarded_from
                        .map_or(String::new(), |f| format!("、#{f} の転送"));
                    format!(
                        "メッセージ #{message} {} → {to}（{}、{}{fwd}）: {text}",
                        self.role(m.from),
                        self.message_kind(m.kind),
                        m.label.label()
                    )
                } else {
                    let fwd = m
                        .forwarded_from
                        .map_or(String::new(), |f| format!(", forwarding #{f}"));
                    format!(
                        "message #{message} {} → {to} ({}, {}{fwd}): {text}",
                        self.role(m.from),
                        m.kind.id(),
                        m.label.label()
                    )
                }
            }
            Happening::MessageDelivered { message, to } if ja => {
                format!("メッセージ #{message} が {} に到着", self.role(*to))
            }
            Happening::MessageDelivered { message, to } => {
                format!("message #{message} reached {}", self.role(*to))
            }
            Happening::Action { action } => {
                let Some(a) = self.actions.get(*action as usize) else {
                    return if ja {
                        format!("行動 #{action}")
                    } else {
                        format!("action #{action}")
                    };
                };
                let policy = matches!(a.origin, Origin::Policy { .. });
                if ja {
                    let who = if policy {
                        "ポリシー"
                    } else {
                        "プレイヤー"
                    };
                    let result = match &a.result {
                        Ok(d) => format!("実施: {}", self.done(d)),
                        Err(r) => format!("拒否: {}", self.refusal(r)),
                    };
                    format!(
                        "{}（{who}）: {} — {result}",
                        self.role(a.role),
                        self.action(&a.action)
                    )
                } else {
                    let who = if policy { "policy" } else { "player" };
                    let result = match &a.result {
                        Ok(d) => format!("done: {}", self.done(d)),
                        Err(r) => format!("REFUSED: {}", self.refusal(r)),
                    };
                    format!(
                        "{} ({who}) {} — {result}",
                        self.role(a.role),
                        self.action(&a.action)
                    )
                }
            }
            Happening::SupportArrived { team, operator } if ja => format!(
                "支援チーム {} が {} に到着",
                team + 1,
                self.operator(*operator)
            ),
            Happening::SupportArrived { team, operator } => format!(
                "support team {} arrived at {}",
                team + 1,
                self.operator(*operator)
            ),
            Happening::SupportReleased { team, operator } if ja => format!(
                "支援チーム {} が {} を離れ、待機に戻る",
                team + 1,
                self.operator(*operator)
            ),
            Happening::SupportReleased { team, operator } => format!(
                "support team {} left {}, available again",
                team + 1,
                self.operator(*operator)
            ),
            Happening::SignaturePublished { attack } if ja => format!(
                "セキュリティベンダーが{}のシグネチャとパッチを公開",
                self.attack(*attack)
            ),
            Happening::SignaturePublished { attack } => format!(
                "vendors published a signature and patch for {}",
                attack.label()
            ),
            Happening::PolicySkipped { role, reason } if ja => format!(
                "{}（ポリシー）は対応を見送り: {}",
                self.role(*role),
                self.policy_skip(reason)
            ),
            Happening::PolicySkipped { role, reason } => format!(
                "{} (policy) did not act: {}",
                self.role(*role),
                self.policy_skip(reason)
            ),
            Happening::End if ja => "シナリオ終了".into(),
            Happening::End => "end of scenario".into(),
            Happening::ObjectiveDecided {
                objective,
                status,
                achieved,
            } if ja => format!(
                "目標 {} は{}（達成度 {:.2}）",
                self.objective_key(*objective),
                objective_status(Lang::Ja, *status),
                achieved
            ),
            Happening::ObjectiveDecided {
                objective,
                status,
                achieved,
            } => format!(
                "objective {} {} (achieved {:.2})",
                self.objective_key(*objective),
                objective_status(Lang::En, *status),
                achieved
            ),
        };
        self.tidy(text)
    }

    /// A level, rounded to 3 decimals: `0.875`.
    pub fn level(&self, x: f64) -> String {
        format!("{x:.3}")
    }

    fn service_line(&self, v: &ServiceView) -> String {
        let ja = self.ja();
        let mut line = format!(
            "  {}  {} {} ({} {})",
            self.service(v.service),
            if ja { "水準" } else { "level" },
            self.level(v.level),
            if ja { "必要水準" } else { "required" },
            self.level(v.required)
        );
        if v.below_required {
            line.push_str(if ja {
                " 必要水準未満"
            } else {
                " BELOW required"
            });
        }
        if !v.losing.is_empty() {
            let losing: Vec<String> = v.losing.iter().map(|s| self.service(*s)).collect();
            line.push_str(&if ja {
                format!("、供給途絶: {}", losing.join("、"))
            } else {
                format!(", losing {}", losing.join(", "))
            });
        }
        if v.on_backup {
            line.push_str(if ja {
                "、バックアップ運用中"
            } else {
                ", on backup"
            });
        }
        line
    }

    /// What a role sees, as the lines a terminal shows: its services (levels rounded),
    /// the incidents it knows, its inbox, its actions, its alerts and isolations.
    pub fn view(&self, v: &RoleView) -> String {
        let ja = self.ja();
        let mut out = vec![format!("{} — {}", self.role(v.role), self.time(v.time))];
        if !v.services.is_empty() {
            out.push(if ja { "サービス" } else { "services" }.into());
            out.extend(v.services.iter().map(|s| self.service_line(s)));
        }
        out.push(
            if ja {
                "把握しているインシデント"
            } else {
                "incidents known"
            }
            .into(),
        );
        if v.incidents.is_empty() {
            out.push(if ja { "  なし" } else { "  none" }.into());
        }
        for i in &v.incidents {
            let how = match (i.how, ja) {
                (Source::Observed, true) => "自ら確認".to_string(),
                (Source::Observed, false) => "observed".to_string(),
                (Source::Message(m), true) => format!("メッセージ #{m} で受信"),
                (Source::Message(m), false) => format!("message #{m}"),
                (Source::GroundTruth, true) => "実態".to_string(),
                (Source::GroundTruth, false) => "ground truth".to_string(),
            };
            let attack = i
                .attack
                .map_or(if ja { "種類不明" } else { "kind unknown" }, |a| {
                    self.attack(a)
                });
            let ops: Vec<String> = i.operators.iter().map(|o| self.operator(*o)).collect();
            out.push(if ja {
                format!(
                    "  #{} «{}»: {attack}、影響: {}、{} に{how}",
                    i.incident.0,
                    self.incident(i.incident),
                    if ops.is_empty() {
                        "不明".into()
                    } else {
                        ops.join("、")
                    },
                    self.time(i.learned)
                )
            } else {
                format!(
                    "  #{} {}: {attack}, affecting {}; learned {} ({how})",
                    i.incident.0,
                    self.incident(i.incident),
                    if ops.is_empty() {
                        "?".into()
                    } else {
                        ops.join(", ")
                    },
                    self.time(i.learned)
                )
            });
        }
        if !v.inbox.is_empty() {
            out.push(if ja { "受信メッセージ" } else { "inbox" }.into());
        }
        for m in &v.inbox {
            let about = m.incident.map_or(String::new(), |i| format!(" #{}", i.0));
            out.push(format!(
                "  #{} {} {} → {}{about} ({}, {}): {}",
                m.message,
                self.time(m.received),
                self.role(m.from),
                self.role(v.role),
                self.message_kind(m.kind),
                m.label.label(),
                m.text
            ));
        }
        if !v.actions.is_empty() {
            out.push(if ja { "行動" } else { "actions" }.into());
        }
        for a in &v.actions {
            let result = match (&a.result, ja) {
                (Ok(d), true) => format!("実施: {}", self.done(d)),
                (Ok(d), false) => format!("done: {}", self.done(d)),
                (Err(r), true) => format!("拒否: {}", self.refusal(r)),
                (Err(r), false) => format!("refused: {}", self.refusal(r)),
            };
            out.push(format!("  #{} {} {result}", a.action, self.time(a.time)));
        }
        if !v.alerts.is_empty() {
            let a: Vec<&str> = v.alerts.iter().map(|a| self.attack(*a)).collect();
            out.push(if ja {
                format!("警戒中: {}", a.join("、"))
            } else {
                format!("alert to: {}", a.join(", "))
            });
        }
        if !v.isolated.is_empty() {
            let k: Vec<&str> = v.isolated.iter().map(|k| self.systems(*k)).collect();
            out.push(if ja {
                format!("切り離し中: {}システム", k.join("、"))
            } else {
                format!("isolated: {} systems", k.join(", "))
            });
        }
        if let Some(n) = v.support_teams_available {
            out.push(if ja {
                format!("待機中の支援チーム: {n}")
            } else {
                format!("support teams available: {n}")
            });
        }
        self.tidy(out.join("\n") + "\n")
    }

    /// What exercise control sees, as lines: every service and incident, where each
    /// attack stands, the injects still waiting.
    pub fn truth(&self, v: &TruthView) -> String {
        let ja = self.ja();
        let mut out = vec![format!(
            "{} — {}",
            if ja {
                "実態（演習統制）"
            } else {
                "ground truth"
            },
            self.time(v.time)
        )];
        out.extend(
            v.services
                .iter()
                .filter(|s| s.level < 1.0 || s.on_backup)
                .map(|s| self.service_line(s)),
        );
        for i in &v.incidents {
            let when = |t: Option<Time>| t.map_or("-".to_string(), |t| self.time(t));
            out.push(if ja {
                format!(
                    "  #{} «{}»: 開始 {}、検知 {}、解決 {}",
                    i.incident.0,
                    self.inject_key(i.inject),
                    self.time(i.started),
                    when(i.detected),
                    when(i.resolved)
                )
            } else {
                format!(
                    "  #{} {}: began {}, detected {}, resolved {}",
                    i.incident.0,
                    self.inject_key(i.inject),
                    self.time(i.started),
                    when(i.detected),
                    when(i.resolved)
                )
            });
            for (o, status) in &i.compromises {
                let stage = |k: usize| self.stage(i.incident, k);
                let st = match (status, ja) {
                    (AttackStatus::Running { stage: k }, true) => {
                        format!("段階「{}」進行中", stage(*k))
                    }
                    (AttackStatus::Running { stage: k }, false) => {
                        format!("running ({})", stage(*k))
                    }
                    (AttackStatus::Failed { stage: k }, true) => {
                        format!("段階「{}」で失敗", stage(*k))
                    }
                    (AttackStatus::Failed { stage: k }, false) => format!("failed ({})", stage(*k)),
                    (AttackStatus::Contained, true) => "封じ込め".into(),
                    (AttackStatus::Contained, false) => "contained".into(),
                    (AttackStatus::Halted, true) => "切り離しで停止".into(),
                    (AttackStatus::Halted, false) => "halted".into(),
                    (AttackStatus::Completed, true) => "全段階完了".into(),
                    (AttackStatus::Completed, false) => "completed".into(),
                };
                out.push(format!("    {}: {st}", self.operator(*o)));
            }
        }
        if !v.pending_injects.is_empty() {
            let p: Vec<String> = v
                .pending_injects
                .iter()
                .map(|k| self.inject_key(*k))
                .collect();
            out.push(if ja {
                format!("待機中のインジェクト: {}", p.join("、"))
            } else {
                format!("pending injects: {}", p.join(", "))
            });
        }
        out.push(if ja {
            format!(
                "メッセージ {} 件、行動 {} 件、待機中の支援チーム {}",
                v.messages, v.actions, v.support_teams_available
            )
        } else {
            format!(
                "{} message(s), {} action(s), {} support team(s) available",
                v.messages, v.actions, v.support_teams_available
            )
        });
        self.tidy(out.join("\n") + "\n")
    }

    /// Japanese puts no space between words: drop a space between two Japanese
    /// characters (`日の出通信 が` → `日の出通信が`), keeping those beside ids and numbers.
    fn tidy(&self, text: String) -> String {
        if !self.ja() {
            return text;
        }
        let wide = |c: char| (c as u32) >= 0x3000;
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        for (k, c) in chars.iter().enumerate() {
            if *c == ' '
                && k > 0
                && chars.get(k + 1).is_some_and(|n| wide(*n))
                && wide(chars[k - 1])
            {
                continue;
            }
            out.push(*c);
        }
        out
    }

    fn edge_ends(&self, e: EdgeId) -> (String, String) {
        let d = self.infra.dependency(e);
        (self.service(d.dependent), self.service(d.provider))
    }
}

/// An objective's status in words: its id in English (`met`), 達成 … in Japanese. The
/// timeline, the text score and the TUI all say it this way.
pub fn objective_status(lang: Lang, s: ObjectiveStatus) -> &'static str {
    match lang {
        Lang::En => s.id(),
        Lang::Ja => match s {
            ObjectiveStatus::Pending => "未決",
            ObjectiveStatus::Met => "達成",
            ObjectiveStatus::Partial => "一部達成",
            ObjectiveStatus::Missed => "未達成",
        },
    }
}
