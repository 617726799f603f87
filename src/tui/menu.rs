//! The action menu: the actions a seat may take now, built from its own view only (its
//! services, isolations, known incidents and inbox), each checked against the role's
//! permissions so the menu never offers what the role may never do.

use crate::model::drill::{
    Action, ActionClass, Addressee, IncidentRef, MessageKind, Recipient, Role, Tlp,
};
use crate::model::{AttackKind, Scenario, SystemKind};
use crate::session::types::RoleView;
use std::collections::BTreeSet;

/// One entry of the menu.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuItem {
    /// The class (for its documented effect and cost).
    pub class: ActionClass,
    /// The action it takes.
    pub action: Action,
}

/// The actions `role` may take now, as its view shows the world.
pub fn items(role: Role, view: &RoleView, scenario: &Scenario) -> Vec<MenuItem> {
    let infra = &scenario.infra;
    let mut out: Vec<Action> = Vec::new();
    let attacks: BTreeSet<AttackKind> = view
        .incidents
        .iter()
        .filter_map(|i| i.attack)
        .chain(view.alerts.iter().copied())
        // An alert received names its attack kind: a seat that knows no incident (the
        // council after a sanitised alert) can still pass the indicator on.
        .chain(view.inbox.iter().filter_map(|m| m.attack))
        .collect();
    if let Role::Operator(o) = role {
        let mut kinds: BTreeSet<SystemKind> = BTreeSet::new();
        for s in &infra.operator(o).services {
            for y in &infra.service(*s).systems {
                kinds.insert(infra.system(*y).kind);
            }
        }
        for k in kinds {
            out.push(if view.isolated.contains(&k) {
                Action::Reconnect { systems: k }
            } else {
                Action::Isolate { systems: k }
            });
        }
        for v in &view.services {
            out.push(if v.on_backup {
                Action::EndBackup { service: v.service }
            } else {
                Action::SwitchToBackup { service: v.service }
            });
        }
        out.push(Action::RestoreFromBackup);
    }
    // Reports of each known incident up the seat's own line, labelled no laxer than what
    // binds it (AMBER by default).
    let up: Vec<Addressee> = match role {
        Role::Operator(_) => vec![
            Addressee::Relative(Recipient::MyCeptor),
            Addressee::Relative(Recipient::MyMinistry),
        ],
        Role::Ceptor(_) => vec![Addressee::Relative(Recipient::MyMinistry)],
        Role::Ministry(_) | Role::Council | Role::Police | Role::Jpcert | Role::Gsoc => {
            vec![Addressee::Relative(Recipient::Nisc)]
        }
        _ => Vec::new(),
    };
    for i in &view.incidents {
        if !up.is_empty() {
            let label = i
                .bound_by
                .map(|(l, _)| l.min(Tlp::Amber))
                .unwrap_or(Tlp::Amber);
            out.push(Action::Send {
                to: up.clone(),
                kind: MessageKind::Report,
                about: Some(IncidentRef::Id(i.incident)),
                attack: i.attack,
                label,
                text: String::new(),
                sanitised: false,
            });
        }
    }
    // Sanitised alerts of each attack kind known: the indicator only, TLP:GREEN.
    let wide: Vec<Addressee> = match role {
        Role::Operator(_) => vec![Addressee::Relative(Recipient::MyCeptor)],
        Role::Ceptor(_) => vec![
            Addressee::Relative(Recipient::Members),
            Addressee::Relative(Recipient::Council),
        ],
        Role::Council => vec![Addressee::Relative(Recipient::AllCeptors)],
        Role::Nisc => vec![
            Addressee::Relative(Recipient::AllMinistries),
            Addressee::Relative(Recipient::Council),
        ],
        Role::Ministry(_) => vec![Addressee::Relative(Recipient::Members)],
        _ => Vec::new(),
    };
    for a in &attacks {
        if !wide.is_empty() {
            out.push(Action::Send {
                to: wide.clone(),
                kind: MessageKind::Alert,
                about: None,
                attack: Some(*a),
                label: Tlp::Green,
                text: String::new(),
                sanitised: true,
            });
        }
        out.push(Action::PublishSignature { attack: *a });
    }
    if matches!(role, Role::Nisc | Role::Control) {
        let mut hit: BTreeSet<_> = BTreeSet::new();
        for i in &view.incidents {
            hit.extend(i.operators.iter().copied());
        }
        for o in hit {
            out.push(Action::DispatchSupport { operator: o });
        }
    }
    // Received messages may be passed on (the recipients are chosen on the message).
    for m in view.inbox.iter().rev() {
        out.push(Action::Forward {
            message: m.message,
            to: Vec::new(),
        });
    }
    out.into_iter()
        .filter(|a| match a {
            // Its recipients are chosen later; only the class is checked here.
            Action::Forward { .. } => ActionClass::Forward.allowed().contains(&role.kind()),
            a => a.static_refusal(role, infra).is_ok(),
        })
        .map(|action| MenuItem {
            class: action.class(),
            action,
        })
        .collect()
}
