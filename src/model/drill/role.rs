//! Roles of a cross-sector drill, after the information-sharing structure of the first
//! Action Plan (seed 002 around lines 796–812) and the sharing schemes of seed 004
//! (police, vendors, the public; around lines 2175–2495).

use crate::model::{Infrastructure, Key, Ministry, OperatorId, Sector};
use std::fmt;

/// A participant of the drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Exercise control (NISC staff running the drill): sees ground truth, runs the clock,
    /// injects ad-hoc events.
    Control,
    /// NISC (内閣官房) as a player: collects from ministries and the council, coordinates.
    Nisc,
    /// A ministry overseeing sectors (所管省庁).
    Ministry(Ministry),
    /// A sector's CEPTOR (セプター), its information-sharing and analysis function.
    Ceptor(Sector),
    /// The CEPTOR Council (セプターカウンシル), linking the CEPTORs across sectors.
    Council,
    /// A critical-infrastructure operator (重要インフラ事業者).
    Operator(OperatorId),
    /// The police (警察庁 / prefectural police): damage reports, advice to operators.
    Police,
    /// Security and software vendors: signatures and patches.
    Vendor,
    /// The public, reached by announcements through the media.
    Public,
    /// JPCERT/CC (JPCERT コーディネーションセンター): incident coordination, alerts to
    /// operators and vendors (seed 001 ~l.95, ~l.279; seed 003 ~l.215).
    Jpcert,
    /// GSOC (政府機関情報セキュリティ横断監視・即応調整チーム), NISC's monitoring of the
    /// government's own systems (seed 002 ~l.1046 and footnote 54, ~l.1064).
    Gsoc,
}

/// The kind of a role, for channels and permissions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum RoleKind {
    /// Exercise control.
    Control,
    /// NISC.
    Nisc,
    /// A ministry.
    Ministry,
    /// A CEPTOR.
    Ceptor,
    /// The CEPTOR Council.
    Council,
    /// An operator.
    Operator,
    /// The police.
    Police,
    /// Vendors.
    Vendor,
    /// The public.
    Public,
    /// JPCERT/CC.
    Jpcert,
    /// GSOC.
    Gsoc,
}

impl RoleKind {
    /// Lower-case name as used in role ids.
    pub fn id(self) -> &'static str {
        match self {
            RoleKind::Control => "control",
            RoleKind::Nisc => "nisc",
            RoleKind::Ministry => "ministry",
            RoleKind::Ceptor => "ceptor",
            RoleKind::Council => "council",
            RoleKind::Operator => "operator",
            RoleKind::Police => "police",
            RoleKind::Vendor => "vendor",
            RoleKind::Public => "public",
            RoleKind::Jpcert => "jpcert",
            RoleKind::Gsoc => "gsoc",
        }
    }
}

impl Role {
    /// The kind of role.
    pub fn kind(self) -> RoleKind {
        match self {
            Role::Control => RoleKind::Control,
            Role::Nisc => RoleKind::Nisc,
            Role::Ministry(_) => RoleKind::Ministry,
            Role::Ceptor(_) => RoleKind::Ceptor,
            Role::Council => RoleKind::Council,
            Role::Operator(_) => RoleKind::Operator,
            Role::Police => RoleKind::Police,
            Role::Vendor => RoleKind::Vendor,
            Role::Public => RoleKind::Public,
            Role::Jpcert => RoleKind::Jpcert,
            Role::Gsoc => RoleKind::Gsoc,
        }
    }

    /// Every role a drill on `infra` has: control, NISC, GSOC, each ministry, each sector's
    /// CEPTOR, the council, each operator, police, vendors, JPCERT/CC and the public, in
    /// this order.
    pub fn all(infra: &Infrastructure) -> Vec<Role> {
        let mut roles = vec![Role::Control, Role::Nisc, Role::Gsoc];
        roles.extend(Ministry::ALL.iter().map(|m| Role::Ministry(*m)));
        roles.extend(Sector::ALL.iter().map(|s| Role::Ceptor(*s)));
        roles.push(Role::Council);
        roles.extend(infra.operators.iter().map(|o| Role::Operator(o.id)));
        roles.extend([Role::Police, Role::Vendor, Role::Jpcert, Role::Public]);
        roles
    }

    /// The role's id, e.g. `operator:kanto-power`, `ceptor:electricity`, `ministry:meti`.
    pub fn id(self, infra: &Infrastructure) -> String {
        match self {
            Role::Ministry(m) => format!("ministry:{}", m.id()),
            Role::Ceptor(s) => format!("ceptor:{}", s.id()),
            Role::Operator(o) => format!("operator:{}", infra.operator(o).key),
            other => other.kind().id().to_string(),
        }
    }

    /// A human name in English, e.g. "CEPTOR (Electric power)".
    pub fn name(self, infra: &Infrastructure) -> String {
        match self {
            Role::Control => "Exercise control".into(),
            Role::Nisc => "NISC".into(),
            Role::Ministry(m) => m.name_en().into(),
            Role::Ceptor(s) => format!("CEPTOR ({})", s.name_en()),
            Role::Council => "CEPTOR Council".into(),
            Role::Operator(o) => infra.operator(o).name.clone(),
            Role::Police => "Police".into(),
            Role::Vendor => "Security vendors".into(),
            Role::Public => "The public".into(),
            Role::Jpcert => "JPCERT/CC".into(),
            Role::Gsoc => "GSOC (Government Security Operation Coordination team)".into(),
        }
    }

    /// A human name in Japanese, e.g. "電力セプター".
    pub fn name_ja(self, infra: &Infrastructure) -> String {
        match self {
            Role::Control => "演習統制".into(),
            Role::Nisc => "内閣官房(NISC)".into(),
            Role::Ministry(m) => m.name_ja().into(),
            Role::Ceptor(s) => format!("{}セプター", s.name_ja()),
            Role::Council => "セプターカウンシル".into(),
            Role::Operator(o) => {
                let op = infra.operator(o);
                if op.name_ja.is_empty() {
                    op.name.clone()
                } else {
                    op.name_ja.clone()
                }
            }
            Role::Police => "警察".into(),
            Role::Vendor => "セキュリティベンダー".into(),
            Role::Public => "国民".into(),
            Role::Jpcert => "JPCERT/CC".into(),
            Role::Gsoc => "政府機関情報セキュリティ横断監視・即応調整チーム（GSOC）".into(),
        }
    }

    /// The sector a role belongs to, if it belongs to one.
    pub fn sector(self, infra: &Infrastructure) -> Option<Sector> {
        match self {
            Role::Ceptor(s) => Some(s),
            Role::Operator(o) => Some(infra.operator(o).sector),
            _ => None,
        }
    }

    /// Parses a role id such as `operator:kanto-power`; the error suggests a fix.
    pub fn parse(text: &str, infra: &Infrastructure) -> Result<Role, RoleError> {
        let (head, tail) = match text.split_once(':') {
            Some((h, t)) => (h, Some(t)),
            None => (text, None),
        };
        let plain = |r: Role| match tail {
            None => Ok(r),
            Some(_) => Err(RoleError::TakesNoPart(head.to_string())),
        };
        match head {
            "control" => plain(Role::Control),
            "nisc" => plain(Role::Nisc),
            "council" => plain(Role::Council),
            "police" => plain(Role::Police),
            "vendor" => plain(Role::Vendor),
            "public" => plain(Role::Public),
            "jpcert" => plain(Role::Jpcert),
            "gsoc" => plain(Role::Gsoc),
            "ministry" => {
                let t = tail.unwrap_or("");
                Ministry::from_id(t)
                    .map(Role::Ministry)
                    .ok_or_else(|| RoleError::UnknownMinistry(t.to_string()))
            }
            "ceptor" => {
                let t = tail.unwrap_or("");
                Sector::from_id(t)
                    .map(Role::Ceptor)
                    .ok_or_else(|| RoleError::UnknownSector(t.to_string()))
            }
            "operator" => {
                let t = tail.unwrap_or("");
                match infra.lookup(t) {
                    Some(Key::Operator(o)) => Ok(Role::Operator(o)),
                    _ => {
                        let ops = infra.operators.iter().map(|o| o.key.as_str());
                        Err(RoleError::UnknownOperator {
                            given: t.to_string(),
                            guess: crate::suggest::did_you_mean(t, ops).map(str::to_string),
                        })
                    }
                }
            }
            _ => Err(RoleError::UnknownRole(text.to_string())),
        }
    }
}

/// The role ids of the kinds without an `:<id>` part and the forms of the others, as
/// listed to authors.
pub const ROLE_FORMS: &str = "control, nisc, gsoc, ministry:<id>, ceptor:<sector>, council, operator:<id>, police, vendor, jpcert, public";

/// Why a text is not a role id ([`Role::parse`], and the data layer's checks of how a
/// role is written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    /// `nisc:x`: a role of a kind that takes no `:…` part.
    #[error("role \"{0}\" takes no \":…\" part")]
    TakesNoPart(String),
    /// `ministry:<id>` with an id no ministry has.
    #[error("unknown ministry \"{0}\"; use one of {ids}", ids = Ministry::ALL.iter().map(|m| m.id()).collect::<Vec<_>>().join(", "))]
    UnknownMinistry(String),
    /// `ceptor:<sector>` with an id no sector has.
    #[error("unknown sector \"{0}\"; use one of {ids}", ids = Sector::ALL.iter().map(|s| s.id()).collect::<Vec<_>>().join(", "))]
    UnknownSector(String),
    /// `operator:<id>` naming no operator, with the closest id if one is close.
    #[error("unknown operator \"{given}\"; {}", match guess { Some(g) => format!("did you mean \"operator:{g}\"?"), None => "`rensa list` shows operator ids".to_string() })]
    UnknownOperator {
        /// The id given.
        given: String,
        /// The operator id meant, if one is close.
        guess: Option<String>,
    },
    /// A kind no role has.
    #[error("unknown role \"{0}\"; roles are {ROLE_FORMS}")]
    UnknownRole(String),
    /// A kind no role has, or a bare operator, sector or ministry id, with the role id
    /// most likely meant.
    #[error("unknown role \"{given}\"; did you mean \"{guess}\"?")]
    Guess {
        /// The text given.
        given: String,
        /// The role id meant.
        guess: String,
    },
    /// `operator` without its `:<operator-id>`; `example` is an operator id to show.
    #[error(
        "an operator role is written `operator:<operator-id>`, e.g. \"operator:{example}\"; `rensa list` shows operator ids"
    )]
    OperatorForm {
        /// An operator id of the infrastructure.
        example: String,
    },
    /// `ceptor` without its `:<sector>`.
    #[error("a CEPTOR role is written `ceptor:<sector>`, with a sector among {}", Sector::ALL.iter().map(|s| s.id()).collect::<Vec<_>>().join(", "))]
    CeptorForm,
    /// `ministry` without its `:<ministry>`.
    #[error("a ministry role is written `ministry:<ministry>`, with a ministry among {}", Ministry::ALL.iter().map(|m| m.id()).collect::<Vec<_>>().join(", "))]
    MinistryForm,
}

/// A role shown with its id; needs the infrastructure for operator names.
pub struct RoleDisplay<'a>(pub Role, pub &'a Infrastructure);

impl fmt::Display for RoleDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.id(self.1))
    }
}
