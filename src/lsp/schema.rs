//! The shape of the files the server understands — scenarios, infrastructure files and
//! drill logs — as the language server needs it: each struct's fields and the type of
//! each value, each enum's variants. The data layer's serde types are the truth;
//! `tests/it/tools_lsp.rs` checks this table against them field by field and variant by
//! variant, so the two cannot drift apart. Words (hover text) live in
//! `present::fields`.

/// What an id string names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// An operator id (`"kanto-power"`).
    Operator,
    /// A service id (`"kanto-power/supply"`).
    Service,
    /// An IT system id.
    System,
    /// A region name.
    Region,
    /// An inject id.
    Inject,
    /// A role id (`"operator:kanto-power"`, `"ceptor:finance"`, `"nisc"`).
    Role,
}

/// The type of a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    /// Free text.
    Text,
    /// A string naming something defined elsewhere.
    Id(IdKind),
    /// A string or number that defines an id (an `id:` field of its owner).
    Defines,
    /// A file name, relative to the file it is written in.
    File,
    /// A duration: `"90m"`, `"2h"`, `"1d12h"` or minutes.
    Duration,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A struct or an enum of [`TYPES`], by name.
    Named(&'static str),
    /// A list.
    List(&'static Ty),
    /// A map from keys to values.
    Map(&'static Ty, &'static Ty),
}

/// A field: its name and type.
pub type Field = (&'static str, Ty);

/// The shape of an enum's variant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Variant {
    /// `Name`.
    Unit,
    /// `Name(a, b)`.
    Tuple(&'static [Ty]),
    /// `Name(field: value, …)`.
    Struct(&'static [Field]),
}

/// A named type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// A struct, written `Name(field: value, …)` or `(field: value, …)`.
    Struct(&'static [Field]),
    /// An enum: one of its variants.
    Enum(&'static [(&'static str, Variant)]),
}

/// A named type of the format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TypeDef {
    /// Its name: the RON struct name, or the name the docs give an anonymous struct.
    pub name: &'static str,
    /// Its shape.
    pub shape: Shape,
}

use IdKind as I;
use Ty::*;
use Variant::{Struct as S, Tuple as T, Unit as U};

const DIST: Ty = Named("Dist");
const DURATION_LIST: [Ty; 1] = [Duration];

const fn unit(names: &'static [(&'static str, Variant)]) -> Shape {
    Shape::Enum(names)
}

/// Every named type, roots first.
pub const TYPES: &[TypeDef] = &[
    TypeDef {
        name: "Scenario",
        shape: Shape::Struct(&[
            ("name", Text),
            ("name_ja", Text),
            ("description", Text),
            ("description_ja", Text),
            ("duration", Duration),
            ("seed", Number),
            ("infrastructure", Named("InfraSource")),
            ("changes", Named("Changes")),
            ("parameters", Named("Params")),
            ("injects", List(&Named("Inject"))),
            ("players", List(&Id(I::Role))),
            ("absent", List(&Id(I::Role))),
            ("policies", Named("PolicySet")),
            ("objectives", List(&Named("Objective"))),
        ]),
    },
    TypeDef {
        name: "Infrastructure",
        shape: Shape::Struct(&[
            ("name", Text),
            ("operators", List(&Named("Operator"))),
            ("dependencies", List(&Named("Dependency"))),
        ]),
    },
    TypeDef {
        name: "Drill",
        shape: Shape::Struct(&[
            ("scenario", File),
            ("scenario_hash", Text),
            ("infrastructure_hash", Text),
            ("seed", Number),
            ("date", Text),
            ("players", List(&Id(I::Role))),
            ("actions", List(&Named("Act"))),
            ("lessons", List(&Named("Lesson"))),
            ("paused_at", Duration),
            ("chats", List(&Named("Chat"))),
            ("observations", List(&Named("Observation"))),
            ("journal", List(&Named("Entry"))),
        ]),
    },
    TypeDef {
        name: "Chat",
        shape: Shape::Struct(&[
            ("at", Duration),
            ("from", Text),
            ("to", Text),
            ("text", Text),
        ]),
    },
    TypeDef {
        name: "Observation",
        shape: Shape::Struct(&[
            ("at", Duration),
            ("by", Text),
            ("objective", Text),
            ("rating", Named("Rating")),
            ("text", Text),
        ]),
    },
    TypeDef {
        name: "Rating",
        shape: unit(&[("P", U), ("S", U), ("M", U), ("U", U)]),
    },
    TypeDef {
        name: "Entry",
        shape: Shape::Enum(&[
            (
                "Act",
                S(&[
                    ("at", Duration),
                    ("role", Id(I::Role)),
                    ("do", Named("Action")),
                ]),
            ),
            (
                "Chat",
                S(&[
                    ("at", Duration),
                    ("from", Text),
                    ("to", Text),
                    ("text", Text),
                ]),
            ),
            (
                "Observation",
                S(&[
                    ("at", Duration),
                    ("by", Text),
                    ("objective", Text),
                    ("rating", Named("Rating")),
                    ("text", Text),
                ]),
            ),
            ("Clock", S(&[("at", Duration)])),
            ("Rewind", S(&[("to", Duration)])),
            (
                "Lesson",
                S(&[
                    ("role", Id(I::Role)),
                    ("went_well", Text),
                    ("went_badly", Text),
                    ("score", Number),
                ]),
            ),
        ]),
    },
    TypeDef {
        name: "InfraSource",
        shape: Shape::Enum(&[
            ("Default", U),
            ("File", T(&[File])),
            ("Inline", T(&[Named("Infrastructure")])),
            ("Tables", T(&[File])),
        ]),
    },
    TypeDef {
        name: "Operator",
        shape: Shape::Struct(&[
            ("id", Defines),
            ("name", Text),
            ("name_ja", Text),
            ("sector", Named("Sector")),
            ("sub_sector", Named("SubSector")),
            ("region", Id(I::Region)),
            ("posture", Number),
            ("services", List(&Named("Service"))),
            ("source", Text),
        ]),
    },
    TypeDef {
        name: "Service",
        shape: Shape::Struct(&[
            ("id", Defines),
            ("name", Text),
            ("population", Number),
            ("required", Number),
            ("serves", Named("Serves")),
            ("systems", List(&Named("System"))),
            ("source", Text),
        ]),
    },
    TypeDef {
        name: "System",
        shape: Shape::Struct(&[
            ("id", Defines),
            ("kind", Named("SystemKind")),
            ("share", Number),
        ]),
    },
    TypeDef {
        name: "Dependency",
        shape: Shape::Struct(&[
            ("dependent", Id(I::Service)),
            ("provider", Id(I::Service)),
            ("kind", Named("DependencyKind")),
            ("strength", Number),
            ("tolerance", Duration),
            ("source", Text),
        ]),
    },
    TypeDef {
        name: "Changes",
        shape: Shape::Struct(&[
            ("add_operators", List(&Named("Operator"))),
            ("add_dependencies", List(&Named("Dependency"))),
            ("remove_dependencies", List(&Named("Edge"))),
            ("dependencies", List(&Named("DependencyChange"))),
            ("services", List(&Named("ServiceChange"))),
            ("operators", List(&Named("OperatorChange"))),
        ]),
    },
    TypeDef {
        name: "Edge",
        shape: Shape::Struct(&[("dependent", Id(I::Service)), ("provider", Id(I::Service))]),
    },
    TypeDef {
        name: "DependencyChange",
        shape: Shape::Struct(&[
            ("dependent", Id(I::Service)),
            ("provider", Id(I::Service)),
            ("strength", Number),
            ("tolerance", Duration),
        ]),
    },
    TypeDef {
        name: "ServiceChange",
        shape: Shape::Struct(&[
            ("id", Id(I::Service)),
            ("required", Number),
            ("population", Number),
            ("serves", Named("Serves")),
        ]),
    },
    TypeDef {
        name: "OperatorChange",
        shape: Shape::Struct(&[("id", Id(I::Operator)), ("posture", Number)]),
    },
    TypeDef {
        name: "Params",
        shape: Shape::Struct(&[
            ("recovery_slowdown", Number),
            ("alert_boost", Number),
            ("signature_boost", Number),
            ("patch_speedup", Number),
            ("support_teams", Number),
            ("support_travel", Duration),
            ("support_speedup", Number),
            ("backup_extension", Duration),
            ("backup_cost", Number),
            ("backup_restore", DIST),
            ("message_delays", Map(&Named("Channel"), &DIST)),
        ]),
    },
    TypeDef {
        name: "Inject",
        shape: Shape::Struct(&[
            ("id", Defines),
            ("at", Duration),
            ("after", Named("After")),
            ("when", Named("When")),
            ("manual", Bool),
            ("target", Named("Target")),
            ("kind", Named("InjectKind")),
        ]),
    },
    TypeDef {
        name: "After",
        shape: Shape::Struct(&[("inject", Id(I::Inject)), ("delay", Duration)]),
    },
    TypeDef {
        name: "When",
        shape: Shape::Struct(&[
            ("condition", Named("Condition")),
            ("delay", Duration),
            ("by", Duration),
        ]),
    },
    TypeDef {
        name: "Condition",
        shape: Shape::Enum(&[
            (
                "LevelBelow",
                S(&[("service", Id(I::Service)), ("level", Number)]),
            ),
            ("Detected", T(&[Id(I::Inject)])),
            ("NotDetected", T(&[Id(I::Inject)])),
            (
                "ActionTaken",
                S(&[("role", Id(I::Role)), ("action", Named("ActionClass"))]),
            ),
            (
                "ActionNotTaken",
                S(&[("role", Id(I::Role)), ("action", Named("ActionClass"))]),
            ),
        ]),
    },
    TypeDef {
        name: "Target",
        shape: Shape::Enum(&[
            ("Operator", T(&[Id(I::Operator)])),
            ("Service", T(&[Id(I::Service)])),
            ("System", T(&[Id(I::System)])),
            ("Sector", T(&[Named("Sector")])),
            ("Region", T(&[Id(I::Region)])),
            ("RegionSector", T(&[Id(I::Region), Named("Sector")])),
        ]),
    },
    TypeDef {
        name: "InjectKind",
        shape: Shape::Enum(&[
            (
                "ItFailure",
                S(&[
                    ("cause", Named("FailureCause")),
                    ("severity", Number),
                    ("recovery", DIST),
                ]),
            ),
            (
                "Disaster",
                S(&[
                    ("hazard", Named("Hazard")),
                    ("severity", Number),
                    ("recovery", DIST),
                ]),
            ),
            (
                "Attack",
                S(&[
                    ("attack", Named("AttackKind")),
                    ("systems", Named("SystemKind")),
                    ("stages", List(&Named("Stage"))),
                    ("severity", Number),
                    ("recovery", DIST),
                ]),
            ),
            (
                "CyberAttack",
                S(&[
                    ("attack", Named("AttackKind")),
                    ("severity", Number),
                    ("recovery", DIST),
                ]),
            ),
            (
                "Narrative",
                S(&[
                    ("to", List(&Id(I::Role))),
                    ("text", Text),
                    ("text_ja", Text),
                    ("message", Named("MessageKind")),
                ]),
            ),
        ]),
    },
    TypeDef {
        name: "Stage",
        shape: Shape::Struct(&[
            ("name", Text),
            ("chance", Number),
            ("duration", DIST),
            ("detection", Number),
            ("effect", Named("StageEffect")),
        ]),
    },
    TypeDef {
        name: "StageEffect",
        shape: Shape::Enum(&[
            ("Foothold", U),
            (
                "Spread",
                S(&[
                    ("chance", Number),
                    ("via", List(&Named("DependencyKind"))),
                    ("within", List(&Named("Sector"))),
                    ("delay", DIST),
                ]),
            ),
            (
                "Impact",
                S(&[
                    ("severity", Number),
                    ("recovery", DIST),
                    ("data_loss", Bool),
                ]),
            ),
        ]),
    },
    TypeDef {
        name: "Dist",
        shape: Shape::Enum(&[
            ("Fixed", T(&DURATION_LIST)),
            ("Uniform", S(&[("min", Duration), ("max", Duration)])),
            (
                "Triangular",
                S(&[("min", Duration), ("mode", Duration), ("max", Duration)]),
            ),
            ("LogNormal", S(&[("median", Duration), ("sigma", Number)])),
            ("Exponential", S(&[("mean", Duration)])),
        ]),
    },
    TypeDef {
        name: "Objective",
        shape: Shape::Struct(&[
            ("id", Defines),
            ("text", Text),
            ("text_ja", Text),
            ("roles", List(&Id(I::Role))),
            ("expected", Number),
            ("goal", Named("Goal")),
        ]),
    },
    TypeDef {
        name: "Goal",
        shape: Shape::Enum(&[
            (
                "SectorAbove",
                S(&[
                    ("sector", Named("Sector")),
                    ("level", Number),
                    ("within", Duration),
                ]),
            ),
            (
                "ServiceAbove",
                S(&[
                    ("service", Id(I::Service)),
                    ("level", Number),
                    ("within", Duration),
                ]),
            ),
            (
                "DownAtMost",
                S(&[
                    ("service", Id(I::Service)),
                    ("system", Id(I::System)),
                    ("operator", Id(I::Operator)),
                    ("within", Duration),
                ]),
            ),
            (
                "ReportedWithin",
                S(&[
                    ("to", Named("ReportTo")),
                    ("within", Duration),
                    ("inject", Id(I::Inject)),
                    ("operator", Id(I::Operator)),
                ]),
            ),
            (
                "SharedWithin",
                S(&[("to", Named("SharedTo")), ("within", Duration)]),
            ),
            ("NoForwardOf", S(&[("label", Named("Tlp"))])),
            ("NeverBelowRequired", S(&[("sector", Named("Sector"))])),
        ]),
    },
    TypeDef {
        name: "PolicySet",
        shape: Shape::Enum(&[
            ("Reference", U),
            ("Passive", U),
            ("Custom", T(&[List(&Named("Policy"))])),
            ("ReferenceAnd", T(&[List(&Named("Policy"))])),
        ]),
    },
    TypeDef {
        name: "Policy",
        shape: Shape::Struct(&[
            ("roles", List(&Named("RoleSelector"))),
            ("rules", List(&Named("Rule"))),
        ]),
    },
    TypeDef {
        name: "RoleSelector",
        shape: Shape::Enum(&[
            ("Kind", T(&[Named("RoleKind")])),
            ("OperatorsIn", T(&[Named("Sector")])),
            ("Role", T(&[Id(I::Role)])),
        ]),
    },
    TypeDef {
        name: "Rule",
        shape: Shape::Struct(&[
            ("on", Named("Trigger")),
            ("after", DIST),
            ("act", Named("Response")),
        ]),
    },
    TypeDef {
        name: "Trigger",
        shape: Shape::Enum(&[
            ("Detected", U),
            ("BelowRequired", U),
            ("Received", T(&[Named("MessageKind")])),
            ("Restored", U),
        ]),
    },
    TypeDef {
        name: "Response",
        shape: Shape::Enum(&[
            (
                "Report",
                S(&[("to", List(&Named("Recipient"))), ("label", Named("Tlp"))]),
            ),
            (
                "Alert",
                S(&[("to", List(&Named("Recipient"))), ("label", Named("Tlp"))]),
            ),
            (
                "SanitisedAlert",
                S(&[("to", List(&Named("Recipient"))), ("label", Named("Tlp"))]),
            ),
            ("Forward", S(&[("to", List(&Named("Recipient")))])),
            ("RequestSupport", S(&[("to", List(&Named("Recipient")))])),
            ("IsolateAttacked", U),
            ("Isolate", T(&[Named("SystemKind")])),
            ("SwitchToBackup", U),
            ("EndBackup", U),
            ("RestoreFromBackup", U),
            ("DispatchSupport", T(&[Named("SupportTarget")])),
            ("PublishSignature", U),
            ("Announce", U),
        ]),
    },
    TypeDef {
        name: "Act",
        shape: Shape::Struct(&[
            ("at", Duration),
            ("role", Id(I::Role)),
            ("do", Named("Action")),
        ]),
    },
    TypeDef {
        name: "Lesson",
        shape: Shape::Struct(&[
            ("role", Id(I::Role)),
            ("went_well", Text),
            ("went_badly", Text),
            ("score", Number),
        ]),
    },
    TypeDef {
        name: "Action",
        shape: Shape::Enum(&[
            (
                "Send",
                S(&[
                    ("to", List(&Named("Addressee"))),
                    ("kind", Named("MessageKind")),
                    ("incident", Id(I::Inject)),
                    ("incident_no", Number),
                    ("attack", Named("AttackKind")),
                    ("operator", Id(I::Operator)),
                    ("sector", Named("Sector")),
                    ("label", Named("Tlp")),
                    ("text", Text),
                    ("sanitised", Bool),
                ]),
            ),
            (
                "GrantPermission",
                S(&[("message", Number), ("to", Id(I::Role))]),
            ),
            (
                "Forward",
                S(&[("message", Number), ("to", List(&Named("Addressee")))]),
            ),
            ("Isolate", S(&[("systems", Named("SystemKind"))])),
            ("Reconnect", S(&[("systems", Named("SystemKind"))])),
            ("SwitchToBackup", S(&[("service", Id(I::Service))])),
            ("EndBackup", S(&[("service", Id(I::Service))])),
            ("RestoreFromBackup", U),
            ("DispatchSupport", S(&[("operator", Id(I::Operator))])),
            ("PublishSignature", S(&[("attack", Named("AttackKind"))])),
            (
                "Inject",
                S(&[
                    ("id", Text),
                    ("target", Named("Target")),
                    ("kind", Named("InjectKind")),
                ]),
            ),
            ("Fire", S(&[("inject", Id(I::Inject))])),
        ]),
    },
    TypeDef {
        name: "Addressee",
        shape: Shape::Enum(&[
            ("MyCeptor", U),
            ("MyMinistry", U),
            ("Members", U),
            ("Council", U),
            ("AllCeptors", U),
            ("AllMinistries", U),
            ("Nisc", U),
            ("Police", U),
            ("Vendor", U),
            ("Public", U),
            ("Jpcert", U),
            ("Gsoc", U),
            ("Role", T(&[Id(I::Role)])),
        ]),
    },
    TypeDef {
        name: "Recipient",
        shape: unit(&[
            ("MyCeptor", U),
            ("MyMinistry", U),
            ("Members", U),
            ("Council", U),
            ("AllCeptors", U),
            ("AllMinistries", U),
            ("Nisc", U),
            ("Police", U),
            ("Vendor", U),
            ("Public", U),
            ("Sender", U),
            ("Jpcert", U),
            ("Gsoc", U),
        ]),
    },
    TypeDef {
        name: "Sector",
        shape: unit(&[
            ("InfoComm", U),
            ("Finance", U),
            ("Aviation", U),
            ("Railway", U),
            ("Electricity", U),
            ("Gas", U),
            ("Government", U),
            ("Medical", U),
            ("Water", U),
            ("Logistics", U),
        ]),
    },
    TypeDef {
        name: "SubSector",
        shape: unit(&[
            ("Telecom", U),
            ("Broadcasting", U),
            ("AirTransport", U),
            ("AirTrafficControl", U),
            ("CentralGovernment", U),
            ("LocalGovernment", U),
        ]),
    },
    TypeDef {
        name: "Serves",
        shape: unit(&[("People", U), ("Operators", U)]),
    },
    TypeDef {
        name: "SystemKind",
        shape: unit(&[("Business", U), ("Control", U), ("CustomerFacing", U)]),
    },
    TypeDef {
        name: "DependencyKind",
        shape: unit(&[
            ("Physical", U),
            ("Cyber", U),
            ("Geographic", U),
            ("Logical", U),
        ]),
    },
    TypeDef {
        name: "AttackKind",
        shape: unit(&[
            ("Ddos", U),
            ("Worm", U),
            ("Ransomware", U),
            ("Intrusion", U),
            ("Insider", U),
            ("Defacement", U),
        ]),
    },
    TypeDef {
        name: "Hazard",
        shape: unit(&[
            ("Earthquake", U),
            ("Typhoon", U),
            ("Flood", U),
            ("Blackout", U),
            ("ColdSnap", U),
            ("Other", U),
        ]),
    },
    TypeDef {
        name: "FailureCause",
        shape: unit(&[
            ("SystemFailure", U),
            ("OperatorError", U),
            ("SoftwareDefect", U),
        ]),
    },
    TypeDef {
        name: "ReportTo",
        shape: unit(&[("Ceptor", U), ("Ministry", U), ("Police", U), ("Nisc", U)]),
    },
    TypeDef {
        name: "SharedTo",
        shape: Shape::Enum(&[("AllCeptors", U), ("Sectors", T(&[List(&Named("Sector"))]))]),
    },
    TypeDef {
        name: "Tlp",
        shape: unit(&[
            ("Red", U),
            ("AmberStrict", U),
            ("Amber", U),
            ("Green", U),
            ("Clear", U),
        ]),
    },
    TypeDef {
        name: "MessageKind",
        shape: unit(&[
            ("Report", U),
            ("Alert", U),
            ("Request", U),
            ("Instruction", U),
            ("SupportRequest", U),
            ("Announcement", U),
            ("Note", U),
        ]),
    },
    TypeDef {
        name: "ActionClass",
        shape: unit(&[
            ("Report", U),
            ("Alert", U),
            ("Request", U),
            ("Instruction", U),
            ("SupportRequest", U),
            ("Announcement", U),
            ("Note", U),
            ("Forward", U),
            ("Isolate", U),
            ("Reconnect", U),
            ("SwitchToBackup", U),
            ("EndBackup", U),
            ("RestoreFromBackup", U),
            ("DispatchSupport", U),
            ("PublishSignature", U),
            ("Inject", U),
            ("GrantPermission", U),
        ]),
    },
    TypeDef {
        name: "RoleKind",
        shape: unit(&[
            ("Control", U),
            ("Nisc", U),
            ("Ministry", U),
            ("Ceptor", U),
            ("Council", U),
            ("Operator", U),
            ("Police", U),
            ("Vendor", U),
            ("Public", U),
            ("Jpcert", U),
            ("Gsoc", U),
        ]),
    },
    TypeDef {
        name: "SupportTarget",
        shape: unit(&[("Requester", U), ("LargestAffected", U)]),
    },
    TypeDef {
        name: "Channel",
        shape: unit(&[
            ("OperatorToCeptor", U),
            ("OperatorToMinistry", U),
            ("OperatorToPolice", U),
            ("OperatorToVendor", U),
            ("OperatorToGsoc", U),
            ("OperatorToJpcert", U),
            ("OperatorToOperator", U),
            ("CeptorToMembers", U),
            ("CeptorToCouncil", U),
            ("CeptorToMinistry", U),
            ("CouncilToCeptors", U),
            ("CouncilToNisc", U),
            ("MinistryToOperators", U),
            ("MinistryToCeptors", U),
            ("MinistryToNisc", U),
            ("MinistryPolice", U),
            ("NiscToMinistries", U),
            ("NiscToCouncil", U),
            ("NiscToAgencies", U),
            ("PoliceToOperators", U),
            ("PublicToPolice", U),
            ("AgenciesToNisc", U),
            ("VendorToOperators", U),
            ("VendorToMinistry", U),
            ("VendorPolice", U),
            ("GsocToOperators", U),
            ("GsocNisc", U),
            ("JpcertToOperators", U),
            ("JpcertNisc", U),
            ("JpcertVendors", U),
            ("Media", U),
            ("Control", U),
        ]),
    },
];

/// The named type `name`.
pub fn type_def(name: &str) -> Option<&'static TypeDef> {
    TYPES.iter().find(|t| t.name == name)
}

/// The variant `name` of the enum `ty`.
pub fn variant(ty: &str, name: &str) -> Option<Variant> {
    match type_def(ty)?.shape {
        Shape::Enum(vs) => vs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
        Shape::Struct(_) => None,
    }
}

/// The fields of a struct type or struct variant, by owner name (see [`owner_name`]).
pub fn fields_of(owner: &str) -> Option<&'static [Field]> {
    if let Some((ty, v)) = owner.split_once("::") {
        return match variant(ty, v)? {
            Variant::Struct(f) => Some(f),
            _ => None,
        };
    }
    match type_def(owner)?.shape {
        Shape::Struct(f) => Some(f),
        Shape::Enum(_) => None,
    }
}

/// The name hover text is kept under for the fields of a struct (`Inject`) or of an
/// enum's struct variant (`InjectKind::Attack`).
pub fn owner_name(ty: &'static str, variant: Option<&'static str>) -> String {
    match variant {
        Some(v) => format!("{ty}::{v}"),
        None => ty.to_string(),
    }
}

/// Every owner of fields (struct types and struct variants), with its fields.
pub fn owners() -> Vec<(String, &'static [Field])> {
    let mut out = Vec::new();
    for t in TYPES {
        match t.shape {
            Shape::Struct(f) => out.push((t.name.to_string(), f)),
            Shape::Enum(vs) => {
                for (v, shape) in vs {
                    if let Variant::Struct(f) = shape {
                        out.push((format!("{}::{v}", t.name), *f));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_type_exists_once() {
        fn check(ty: &Ty) {
            match ty {
                Named(n) => assert!(type_def(n).is_some(), "{n} is not in TYPES"),
                List(t) => check(t),
                Map(k, v) => {
                    check(k);
                    check(v);
                }
                _ => {}
            }
        }
        for (i, t) in TYPES.iter().enumerate() {
            assert!(
                TYPES[..i].iter().all(|u| u.name != t.name),
                "{} twice",
                t.name
            );
        }
        for (_, fields) in owners() {
            for (_, ty) in fields {
                check(ty);
            }
        }
    }
}
