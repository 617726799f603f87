//! Messages, their handling labels (Traffic Light Protocol 2.0) and the channels they
//! travel along, with delivery delays.
//!
//! The channels follow the information-sharing system of the first Action Plan
//! (seed 002 around lines 802–812): operators report to their CEPTOR and their sector's
//! ministry, CEPTORs share with their members and the CEPTOR Council, ministries report to
//! NISC (内閣官房), NISC coordinates ministries and the council; and seed 004's schemes
//! (around lines 2175–2495): victims report to the police, vendors publish to operators,
//! government informs the public through the media. The seeds give no delays in hours
//! ("emergency vs peacetime" is the only split, seed 004 around line 2216), so every
//! default delay below is an assumption.

use super::role::Role;
use crate::model::Ministry;
use crate::model::sector::Overseer;
use crate::model::{AttackKind, Dist, IncidentId, Infrastructure, Minutes, Sector, Time};
use serde::{Deserialize, Serialize};

/// A Traffic Light Protocol 2.0 label (FIRST, 2022): how far a recipient may pass it on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tlp {
    /// TLP:RED — for the named recipients only.
    Red,
    /// TLP:AMBER+STRICT — within the recipient's organisation only.
    AmberStrict,
    /// TLP:AMBER — within the recipient's organisation and its clients, need-to-know.
    Amber,
    /// TLP:GREEN — within the community, not public.
    Green,
    /// TLP:CLEAR — no limit.
    Clear,
}

impl Tlp {
    /// The label as written on a message, e.g. `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Red => "TLP:RED",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Amber => "TLP:AMBER",
            Tlp::Green => "TLP:GREEN",
            Tlp::Clear => "TLP:CLEAR",
        }
    }

    /// [`Tlp::may_forward`] as a yes or no.
    pub fn allows(self, forwarder: Role, recipient: Role, infra: &Infrastructure) -> bool {
        match self {
            Tlp::Clear => true,
            Tlp::Green => recipient != Role::Public,
            Tlp::Amber => constituency(forwarder, recipient, infra),
            Tlp::AmberStrict | Tlp::Red => false,
        }
    }

    /// Whether `forwarder`, who received a message with this label, may pass it to
    /// `recipient`. Each role is one organisation, so AMBER+STRICT never leaves it; AMBER
    /// goes only to the forwarder's own constituency (a CEPTOR's members, a ministry's
    /// operators and CEPTORs and NISC above it, the council's CEPTORs, NISC's ministries
    /// and council).
    pub fn may_forward(
        self,
        forwarder: Role,
        recipient: Role,
        infra: &Infrastructure,
    ) -> Result<(), String> {
        match self {
            Tlp::Clear => Ok(()),
            Tlp::Green if recipient == Role::Public => {
                Err("TLP:GREEN may be shared within the community but not made public".into())
            }
            Tlp::Green => Ok(()),
            Tlp::Amber if constituency(forwarder, recipient, infra) => Ok(()),
            Tlp::Amber => Err(format!(
                "TLP:AMBER may go only to the forwarder's own members or clients, and {} is not one of {}'s",
                recipient.id(infra),
                forwarder.id(infra)
            )),
            Tlp::AmberStrict => {
                Err("TLP:AMBER+STRICT may not leave the recipient's own organisation".into())
            }
            Tlp::Red => {
                Err("TLP:RED is for the named recipients only and may not be forwarded".into())
            }
        }
    }
}

/// Whether information labelled `label`, which `holder` learned from `source` (directly
/// if `first_hand`), may reach `recipient` — the rule for forwards and for any message
/// that carries the information (TLP 2.0, FIRST 2022):
///
/// * the source itself may always pass on what it labelled;
/// * RED and AMBER+STRICT never leave their first recipients;
/// * AMBER reaches the first recipient's organisation and its clients only (its
///   constituency); a further hop, and a second-hand holder, needs the source's
///   permission (granted outside this function);
/// * GREEN goes to any role taking part, not the public; CLEAR goes anywhere.
pub fn hop_allowed(
    label: Tlp,
    source: Role,
    first_hand: bool,
    holder: Role,
    recipient: Role,
    infra: &Infrastructure,
) -> bool {
    if holder == source || holder == Role::Control {
        return true;
    }
    match label {
        Tlp::Clear => true,
        Tlp::Green => recipient != Role::Public,
        Tlp::Amber => first_hand && constituency(holder, recipient, infra),
        Tlp::AmberStrict | Tlp::Red => false,
    }
}

/// Whether `to` is among the organisations `from` serves (its members or clients).
fn constituency(from: Role, to: Role, infra: &Infrastructure) -> bool {
    match (from, to) {
        (Role::Control, _) => true,
        // An operator is a member of its sector's CEPTOR and answers to its ministry.
        (Role::Operator(o), Role::Ceptor(s)) => infra.operator(o).sector == s,
        (Role::Operator(o), Role::Ministry(m)) => {
            infra.operator(o).overseer() == Overseer::Ministry(m)
        }
        (Role::Ceptor(s), Role::Operator(o)) => infra.operator(o).sector == s,
        (Role::Ministry(m), Role::Operator(o)) => {
            infra.operator(o).overseer() == Overseer::Ministry(m)
        }
        (Role::Ministry(m), Role::Ceptor(s)) => s.ministry() == m,
        // The formal reporting chain of government: ministries report to NISC.
        (Role::Ministry(_), Role::Nisc) => true,
        (Role::Council, Role::Ceptor(_)) => true,
        (Role::Nisc, Role::Ministry(_) | Role::Council | Role::Gsoc) => true,
        // GSOC is NISC's: the central ministries it monitors, and NISC above it.
        (Role::Gsoc, Role::Nisc) => true,
        (Role::Gsoc, Role::Operator(o)) => infra.operator(o).overseer() == Overseer::Gsoc,
        (Role::Operator(o), Role::Gsoc) => infra.operator(o).overseer() == Overseer::Gsoc,
        // JPCERT/CC coordinates for those who report to it: operators and vendors.
        (Role::Jpcert, Role::Operator(_) | Role::Vendor) => true,
        _ => false,
    }
}

/// What a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageKind {
    /// An incident report (operator → CEPTOR, ministry, police; ministry → NISC).
    Report,
    /// A warning to others (CEPTOR, council, NISC, police, vendors).
    Alert,
    /// A request for information or reports.
    Request,
    /// An instruction from a ministry or NISC.
    Instruction,
    /// A request for support.
    SupportRequest,
    /// A public announcement through the media.
    Announcement,
    /// Free exchange.
    Note,
}

impl MessageKind {
    /// Lower-case label.
    pub fn id(self) -> &'static str {
        match self {
            MessageKind::Report => "report",
            MessageKind::Alert => "alert",
            MessageKind::Request => "request",
            MessageKind::Instruction => "instruction",
            MessageKind::SupportRequest => "support_request",
            MessageKind::Announcement => "announcement",
            MessageKind::Note => "note",
        }
    }
}

/// What a message is about: what the sender states, from its own knowledge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    /// An incident the sender knows of.
    pub incident: Option<IncidentId>,
    /// The attack kind (an indicator others can watch for).
    pub attack: Option<AttackKind>,
    /// The sector concerned.
    pub sector: Option<Sector>,
    /// The operator affected, as far as the sender knows.
    pub operator: Option<crate::model::OperatorId>,
}

/// A message once sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Its number, from 0 in order of sending.
    pub id: u32,
    /// Sender.
    pub from: Role,
    /// Recipients with the time each receives it.
    pub to: Vec<(Role, Time)>,
    /// When it was sent.
    pub sent: Time,
    /// What for.
    pub kind: MessageKind,
    /// What about.
    pub subject: Subject,
    /// Handling label.
    pub label: Tlp,
    /// Free text.
    pub text: String,
    /// The message this one forwards, if it is a forward.
    pub forwarded_from: Option<u32>,
    /// The source of the labelled information it carries (TLP 2.0: whose permission
    /// sharing it wider needs): the sender, unless the sender learned what it says from a
    /// labelled message, then that message's source. A forward keeps its original's.
    pub source: Role,
    /// A sanitised alert: the attack kind (an indicator) without victim or details; it
    /// carries none of the restricted knowledge it was drawn from.
    pub sanitised: bool,
    /// For a sanitised alert, the incident it was drawn from: bookkeeping only (a policy
    /// alerts once per incident), never shown to or learned by its recipients.
    pub drawn_from: Option<IncidentId>,
    /// Stable identity: names its delivery-delay draws, independent of message numbers.
    pub key: u64,
    /// Identity of the news it carries: the same for a message, its forwards and the
    /// messages policies send in answer to it. A policy rule answers each news once.
    pub root: u64,
    /// For a message of the exercise's script, the narrative inject it delivers: its text
    /// is the inject's, in the reader's language (`text` is empty).
    pub narrative: Option<usize>,
}

/// A channel a message can travel along; each has its own delay distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// Operator → its sector's CEPTOR.
    OperatorToCeptor,
    /// Operator → its sector's ministry.
    OperatorToMinistry,
    /// Operator → police.
    OperatorToPolice,
    /// Operator → vendors.
    OperatorToVendor,
    /// CEPTOR → its member operators.
    CeptorToMembers,
    /// CEPTOR → the CEPTOR Council.
    CeptorToCouncil,
    /// CEPTOR → its sector's ministry.
    CeptorToMinistry,
    /// Council → any CEPTOR.
    CouncilToCeptors,
    /// Council → NISC.
    CouncilToNisc,
    /// Ministry → operators of its sectors.
    MinistryToOperators,
    /// Ministry → CEPTORs of its sectors.
    MinistryToCeptors,
    /// Ministry → NISC.
    MinistryToNisc,
    /// NISC → any ministry.
    NiscToMinistries,
    /// NISC → the council.
    NiscToCouncil,
    /// NISC → police and vendors.
    NiscToAgencies,
    /// Police → any operator.
    PoliceToOperators,
    /// Police or vendors → NISC.
    AgenciesToNisc,
    /// Vendors → any operator.
    VendorToOperators,
    /// Announcement through the media, to everyone.
    Media,
    /// Exercise control → anyone.
    Control,
    /// An operator of the central ministries → GSOC (its reporting line instead of a
    /// ministry's).
    OperatorToGsoc,
    /// GSOC → the central ministries' operators.
    GsocToOperators,
    /// GSOC ↔ NISC (GSOC is part of NISC).
    GsocNisc,
    /// Any operator → JPCERT/CC (incident reports, requests for coordination).
    OperatorToJpcert,
    /// JPCERT/CC → any operator (alerts, advice).
    JpcertToOperators,
    /// JPCERT/CC ↔ vendors (vulnerability coordination).
    JpcertVendors,
    /// JPCERT/CC ↔ NISC.
    JpcertNisc,
    /// Ministry ↔ police (joint alerts, seed 004 ~l.2425).
    MinistryPolice,
    /// Vendors → METI and MIC (vulnerability reports, seed 004 ~l.2228, seed 001 ~l.53).
    VendorToMinistry,
    /// Vendors ↔ police (mutual contact points, seed 004 ~l.2429–2433).
    VendorPolice,
    /// Operator ↔ operator, informal contact (seed 002 ~l.806: 公式又は非公式の連携).
    OperatorToOperator,
    /// The public → police (reports from ordinary users, seed 004 ~l.2297).
    PublicToPolice,
}

impl Channel {
    /// The channel from `from` to `to`, if messages may travel between them.
    pub fn between(from: Role, to: Role, infra: &Infrastructure) -> Option<Channel> {
        use Channel::*;
        let op_sector = |o: crate::model::OperatorId| infra.operator(o).sector;
        let gsoc = |o: crate::model::OperatorId| infra.operator(o).overseer() == Overseer::Gsoc;
        let overseen_by = |o: crate::model::OperatorId, m: Ministry| {
            infra.operator(o).overseer() == Overseer::Ministry(m)
        };
        Some(match (from, to) {
            (Role::Control, _) => Control,
            (_, Role::Public) => match from {
                Role::Nisc | Role::Ministry(_) | Role::Police | Role::Vendor | Role::Jpcert => {
                    Media
                }
                _ => return None,
            },
            (Role::Public, Role::Police) => PublicToPolice,
            (Role::Operator(o), Role::Gsoc) if gsoc(o) => OperatorToGsoc,
            (Role::Gsoc, Role::Operator(o)) if gsoc(o) => GsocToOperators,
            (Role::Gsoc, Role::Nisc) | (Role::Nisc, Role::Gsoc) => GsocNisc,
            (Role::Operator(_), Role::Jpcert) => OperatorToJpcert,
            (Role::Jpcert, Role::Operator(_)) => JpcertToOperators,
            (Role::Jpcert, Role::Vendor) | (Role::Vendor, Role::Jpcert) => JpcertVendors,
            (Role::Jpcert, Role::Nisc) | (Role::Nisc, Role::Jpcert) => JpcertNisc,
            (Role::Ministry(_), Role::Police) | (Role::Police, Role::Ministry(_)) => MinistryPolice,
            (Role::Vendor, Role::Ministry(Ministry::Meti | Ministry::Mic)) => VendorToMinistry,
            (Role::Vendor, Role::Police) | (Role::Police, Role::Vendor) => VendorPolice,
            (Role::Operator(a), Role::Operator(b)) if a != b => OperatorToOperator,
            (Role::Operator(o), Role::Ceptor(s)) if op_sector(o) == s => OperatorToCeptor,
            (Role::Operator(o), Role::Ministry(m)) if overseen_by(o, m) => OperatorToMinistry,
            (Role::Operator(_), Role::Police) => OperatorToPolice,
            (Role::Operator(_), Role::Vendor) => OperatorToVendor,
            (Role::Ceptor(s), Role::Operator(o)) if op_sector(o) == s => CeptorToMembers,
            (Role::Ceptor(_), Role::Council) => CeptorToCouncil,
            (Role::Ceptor(s), Role::Ministry(m)) if s.ministry() == m => CeptorToMinistry,
            (Role::Council, Role::Ceptor(_)) => CouncilToCeptors,
            (Role::Council, Role::Nisc) => CouncilToNisc,
            (Role::Ministry(m), Role::Operator(o)) if overseen_by(o, m) => MinistryToOperators,
            (Role::Ministry(m), Role::Ceptor(s)) if s.ministry() == m => MinistryToCeptors,
            (Role::Ministry(_), Role::Nisc) => MinistryToNisc,
            (Role::Nisc, Role::Ministry(_)) => NiscToMinistries,
            (Role::Nisc, Role::Council) => NiscToCouncil,
            (Role::Nisc, Role::Police | Role::Vendor) => NiscToAgencies,
            (Role::Police, Role::Operator(_)) => PoliceToOperators,
            (Role::Police | Role::Vendor, Role::Nisc) => AgenciesToNisc,
            (Role::Vendor, Role::Operator(_)) => VendorToOperators,
            _ => return None,
        })
    }

    /// Default delivery delay (assumptions; see the module documentation).
    pub fn default_delay(self) -> Dist {
        use Channel::*;
        let tri = |a: u64, m: u64, b: u64| Dist::Triangular {
            min: Minutes(a),
            mode: Minutes(m),
            max: Minutes(b),
        };
        match self {
            OperatorToCeptor => tri(15, 30, 120),
            OperatorToMinistry => tri(30, 60, 240),
            OperatorToPolice => tri(30, 60, 240),
            OperatorToVendor => tri(15, 30, 120),
            CeptorToMembers => tri(15, 30, 60),
            CeptorToCouncil => tri(30, 60, 180),
            CeptorToMinistry => tri(30, 60, 120),
            CouncilToCeptors => tri(30, 60, 180),
            CouncilToNisc => tri(15, 30, 60),
            MinistryToOperators => tri(30, 60, 120),
            MinistryToCeptors => tri(15, 30, 60),
            MinistryToNisc => tri(15, 30, 120),
            NiscToMinistries => tri(15, 30, 60),
            NiscToCouncil => tri(15, 30, 60),
            NiscToAgencies => tri(30, 60, 120),
            PoliceToOperators => tri(60, 120, 360),
            AgenciesToNisc => tri(30, 60, 120),
            VendorToOperators => tri(60, 120, 360),
            Media => tri(30, 60, 180),
            Control => Dist::Fixed(Minutes(0)),
            OperatorToGsoc => tri(15, 30, 120),
            GsocToOperators => tri(15, 30, 60),
            GsocNisc => tri(5, 15, 30),
            OperatorToJpcert => tri(30, 60, 240),
            JpcertToOperators => tri(60, 120, 360),
            JpcertVendors => tri(30, 120, 360),
            JpcertNisc => tri(30, 60, 120),
            MinistryPolice => tri(60, 120, 360),
            VendorToMinistry => tri(120, 360, 1440),
            VendorPolice => tri(60, 120, 360),
            OperatorToOperator => tri(30, 120, 480),
            PublicToPolice => tri(120, 720, 2880),
        }
    }

    /// Every channel, for documentation and parameter checks.
    pub const ALL: [Channel; 32] = [
        Channel::OperatorToCeptor,
        Channel::OperatorToMinistry,
        Channel::OperatorToPolice,
        Channel::OperatorToVendor,
        Channel::CeptorToMembers,
        Channel::CeptorToCouncil,
        Channel::CeptorToMinistry,
        Channel::CouncilToCeptors,
        Channel::CouncilToNisc,
        Channel::MinistryToOperators,
        Channel::MinistryToCeptors,
        Channel::MinistryToNisc,
        Channel::NiscToMinistries,
        Channel::NiscToCouncil,
        Channel::NiscToAgencies,
        Channel::PoliceToOperators,
        Channel::AgenciesToNisc,
        Channel::VendorToOperators,
        Channel::Media,
        Channel::Control,
        Channel::OperatorToGsoc,
        Channel::GsocToOperators,
        Channel::GsocNisc,
        Channel::OperatorToJpcert,
        Channel::JpcertToOperators,
        Channel::JpcertVendors,
        Channel::JpcertNisc,
        Channel::MinistryPolice,
        Channel::VendorToMinistry,
        Channel::VendorPolice,
        Channel::OperatorToOperator,
        Channel::PublicToPolice,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ministry, OperatorSpec};

    fn infra() -> Infrastructure {
        let mut b = Infrastructure::builder();
        for (k, s) in [("p", Sector::Electricity), ("b", Sector::Finance)] {
            b.operator(OperatorSpec {
                key: k,
                name: k,
                name_ja: k,
                sector: s,
                sub_sector: None,
                region: "r",
                posture: 0.5,
            })
            .unwrap();
        }
        b.build()
    }

    #[test]
    fn operators_report_only_to_their_own_ceptor_and_ministry() {
        let i = infra();
        let p = Role::Operator(crate::model::OperatorId(0));
        assert_eq!(
            Channel::between(p, Role::Ceptor(Sector::Electricity), &i),
            Some(Channel::OperatorToCeptor)
        );
        assert_eq!(Channel::between(p, Role::Ceptor(Sector::Finance), &i), None);
        assert_eq!(
            Channel::between(p, Role::Ministry(Ministry::Meti), &i),
            Some(Channel::OperatorToMinistry)
        );
        assert_eq!(Channel::between(p, Role::Ministry(Ministry::Fsa), &i), None);
        assert_eq!(Channel::between(p, Role::Nisc, &i), None);
        assert_eq!(Channel::between(p, Role::Public, &i), None);
    }

    #[test]
    fn tlp_forwarding_rules() {
        let i = infra();
        let ceptor = Role::Ceptor(Sector::Electricity);
        let member = Role::Operator(crate::model::OperatorId(0));
        let outsider = Role::Operator(crate::model::OperatorId(1));
        assert!(Tlp::Red.may_forward(ceptor, member, &i).is_err());
        assert!(Tlp::AmberStrict.may_forward(ceptor, member, &i).is_err());
        assert!(Tlp::Amber.may_forward(ceptor, member, &i).is_ok());
        assert!(Tlp::Amber.may_forward(ceptor, outsider, &i).is_err());
        assert!(Tlp::Green.may_forward(ceptor, outsider, &i).is_ok());
        assert!(
            Tlp::Green
                .may_forward(Role::Nisc, Role::Public, &i)
                .is_err()
        );
        assert!(Tlp::Clear.may_forward(Role::Nisc, Role::Public, &i).is_ok());
    }

    #[test]
    fn amber_reaches_the_first_recipients_circle_only() {
        let i = infra();
        let power = Role::Operator(crate::model::OperatorId(0));
        let bank = Role::Operator(crate::model::OperatorId(1));
        let fsa = Role::Ministry(Ministry::Fsa);
        let meti = Role::Ministry(Ministry::Meti);
        // The FSA had the bank's report first-hand: NISC above it, yes; METI, no.
        assert!(hop_allowed(Tlp::Amber, bank, true, fsa, Role::Nisc, &i));
        assert!(!hop_allowed(Tlp::Amber, bank, true, fsa, meti, &i));
        // NISC had it second-hand: not even to its own ministries.
        assert!(!hop_allowed(Tlp::Amber, bank, false, Role::Nisc, meti, &i));
        assert!(!hop_allowed(Tlp::Amber, bank, false, meti, power, &i));
        // The source may always pass on what it labelled; GREEN goes to all but the public.
        assert!(hop_allowed(Tlp::Red, bank, false, bank, power, &i));
        assert!(hop_allowed(Tlp::Green, bank, false, meti, power, &i));
        assert!(!hop_allowed(
            Tlp::Green,
            bank,
            false,
            meti,
            Role::Public,
            &i
        ));
        assert!(!hop_allowed(Tlp::Red, bank, true, fsa, Role::Nisc, &i));
    }
}
