//! Policies checked against the drill they run in: every recipient a rule names must be
//! someone the role following the rule can reach. At run time a message with one
//! recipient absent, out of reach or nonexistent is refused whole (a `policy_skipped`
//! entry, routine in the timeline): `absent: ["gsoc"]` silently ends NISC's cross-sector
//! alert of the reference playbook. So `validate` finds each such rule first, the reference
//! playbook's included, by the same table the engine resolves recipients with
//! ([`Recipient::named`]) and the same channels ([`Channel::between`]).

use super::diagnostics::{Problem, Text};
use super::spans::Path;
use crate::model::Infrastructure;
use crate::model::drill::action::{Group, Named};
use crate::model::drill::policy::Trigger;
use crate::model::drill::{Channel, Policy, Recipient, Response, Role};
use crate::model::{Ministry, Sector};

/// Why a rule's message would be refused for a role following it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cause {
    /// `Sender` in a rule no message sets off: it names nobody.
    NoSender(Trigger),
    /// The recipient names nobody for this role (JPCERT/CC's `Members`).
    NoSuch(Recipient),
    /// The recipient is a role left out of the drill.
    Absent(Role),
    /// No channel leads from the role to the recipient.
    NoChannel(Role),
}

/// One failing (rule, recipient, cause), with the roles it fails for.
struct Failure {
    policy: usize,
    rule: usize,
    recipient: usize,
    cause: Cause,
    roles: Vec<Role>,
}

/// The recipients a response names, if it sends a message.
fn recipients(act: &Response) -> Option<&[Recipient]> {
    match act {
        Response::Report { to, .. }
        | Response::Alert { to, .. }
        | Response::SanitisedAlert { to, .. }
        | Response::Forward { to }
        | Response::RequestSupport { to } => Some(to),
        Response::Announce => Some(&[Recipient::Public]),
        _ => None,
    }
}

/// The first reason the message `role` sends to `to` would be refused, if any.
fn first_failure(
    role: Role,
    on: Trigger,
    to: &[Recipient],
    infra: &Infrastructure,
    absent: &[Role],
) -> Option<(usize, Cause)> {
    let reach = |r: Role| {
        if absent.contains(&r) {
            Some(Cause::Absent(r))
        } else if r != role && Channel::between(role, r, infra).is_none() {
            Some(Cause::NoChannel(r))
        } else {
            None
        }
    };
    for (j, rec) in to.iter().enumerate() {
        if *rec == Recipient::Sender {
            if !matches!(on, Trigger::Received(_)) {
                return Some((j, Cause::NoSender(on)));
            }
            continue;
        }
        // A group keeps the roles taking part; each must be in reach.
        let group: Vec<Role> = match rec.named(role, infra) {
            None => return Some((j, Cause::NoSuch(*rec))),
            Some(Named::One(r)) => match reach(r) {
                Some(c) => return Some((j, c)),
                None => continue,
            },
            Some(Named::Members(g)) => infra
                .operators
                .iter()
                .filter(|o| match g {
                    Group::Sector(s) => o.sector == s,
                    Group::Ministry(m) => {
                        o.overseer() == crate::model::sector::Overseer::Ministry(m)
                    }
                    Group::Gsoc => o.overseer() == crate::model::sector::Overseer::Gsoc,
                })
                .map(|o| Role::Operator(o.id))
                .collect(),
            Some(Named::AllCeptors) => Sector::ALL.iter().map(|s| Role::Ceptor(*s)).collect(),
            Some(Named::AllMinistries) => {
                Ministry::ALL.iter().map(|m| Role::Ministry(*m)).collect()
            }
        };
        for r in group.into_iter().filter(|r| !absent.contains(r)) {
            if let Some(c) = reach(r) {
                return Some((j, c));
            }
        }
    }
    None
}

/// Whether `role`, following `policies`, answers a message of `kind` to its sender: the
/// answer to a narrative, whose sender is exercise control (on no channel), is never sent.
pub(crate) fn answers_sender(
    policies: &[Policy],
    role: Role,
    kind: crate::model::drill::MessageKind,
) -> bool {
    policies
        .iter()
        .filter(|p| p.roles.contains(&role))
        .flat_map(|p| &p.rules)
        .any(|r| {
            r.on == Trigger::Received(kind)
                && recipients(&r.act).is_some_and(|to| to.contains(&Recipient::Sender))
        })
}

/// How a rule is written, for a message about the reference playbook's rules (which the
/// author did not write): `on Received(Report), SanitisedAlert to [AllMinistries, Gsoc]`.
fn rule_text(on: Trigger, act: &Response) -> String {
    let verb = match act {
        Response::Report { .. } => "Report",
        Response::Alert { .. } => "Alert",
        Response::SanitisedAlert { .. } => "SanitisedAlert",
        Response::Forward { .. } => "Forward",
        Response::RequestSupport { .. } => "RequestSupport",
        Response::Announce => "Announce",
        _ => "act",
    };
    let to: Vec<String> = recipients(act)
        .unwrap_or_default()
        .iter()
        .map(|r| format!("{r:?}"))
        .collect();
    format!("on {on:?}, {verb} to [{}]", to.join(", "))
}

/// The roles a failure is about, as written: the first few ids.
fn roles_text(roles: &[Role], infra: &Infrastructure) -> String {
    let mut ids: Vec<String> = roles.iter().take(3).map(|r| r.id(infra)).collect();
    if roles.len() > 3 {
        ids.push(format!("… ({})", roles.len()));
    }
    ids.join(", ")
}

/// Checks every recipient of every rule for every role following it. `authored(p)` says
/// whether policy `p` is the author's (problems point at its rule, `path(p)` being the
/// policy's path) or the reference playbook's (problems point at the `absent` entry that
/// breaks it, `absent` listing each absent role with its index in the file).
pub(crate) fn check_recipients(
    policies: &[Policy],
    authored: impl Fn(usize) -> bool,
    path: impl Fn(usize) -> Path,
    infra: &Infrastructure,
    players: &[Role],
    absent: &[(usize, Role)],
    out: &mut Vec<Problem>,
) {
    let absent_roles: Vec<Role> = absent.iter().map(|(_, r)| *r).collect();
    let mut failures: Vec<Failure> = Vec::new();
    for (p, policy) in policies.iter().enumerate() {
        for (k, rule) in policy.rules.iter().enumerate() {
            let Some(to) = recipients(&rule.act) else {
                continue;
            };
            for &role in &policy.roles {
                if players.contains(&role) || absent_roles.contains(&role) {
                    continue; // it follows no policy
                }
                let Some((j, cause)) = first_failure(role, rule.on, to, infra, &absent_roles)
                else {
                    continue;
                };
                match failures
                    .iter_mut()
                    .find(|f| (f.policy, f.rule, f.recipient, f.cause) == (p, k, j, cause))
                {
                    Some(f) => f.roles.push(role),
                    None => failures.push(Failure {
                        policy: p,
                        rule: k,
                        recipient: j,
                        cause,
                        roles: vec![role],
                    }),
                }
            }
        }
    }
    for f in failures {
        let rule = &policies[f.policy].rules[f.rule];
        let who = roles_text(&f.roles, infra);
        let (message, help) = words(f.cause, &who, infra);
        if authored(f.policy) {
            let at = path(f.policy)
                .field("rules")
                .index(f.rule)
                .field("act")
                .field("to")
                .index(f.recipient);
            let mut problem = Problem::new(at, message);
            if let Some(h) = help {
                problem = problem.help(h);
            }
            out.push(problem);
        } else if let Cause::Absent(r) = f.cause {
            // The playbook is not the author's to edit: point at what breaks it.
            let i = absent.iter().find(|(_, a)| *a == r).map_or(0, |(i, _)| *i);
            let rule_en = rule_text(rule.on, &rule.act);
            out.push(
                Problem::new(
                    Path::root().field("absent").index(i),
                    (
                        format!(
                            "{} is absent, but the reference playbook addresses it: the message of {who} ({rule_en}) would be refused whole, to every recipient",
                            r.id(infra)
                        ),
                        format!(
                            "{} は欠席ですが、参照プレイブックが宛先にしています。{who} のメッセージ（{rule_en}）は宛先全員について拒否されます",
                            r.id(infra)
                        ),
                    ),
                )
                .helps(
                    "keep the role in the drill, or write the policies yourself (`Custom([...])`) without it",
                    "このロールを演習に残すか、このロールを宛先にしないポリシーを自分で書きます（`Custom([...])`）",
                ),
            );
        }
    }
}

/// What a failure means, in both languages, and what to do.
fn words(cause: Cause, who: &str, infra: &Infrastructure) -> (Text, Option<Text>) {
    match cause {
        Cause::NoSender(on) => (
            Text::new(
                format!(
                    "`Sender` answers a message, but this rule is set off by `{on:?}`: it names nobody"
                ),
                format!(
                    "`Sender` はメッセージへの応答に使いますが、このルールのきっかけは `{on:?}` なので誰も指しません"
                ),
            ),
            Some(Text::new(
                "use `Sender` in rules `on: Received(...)`, or name the recipient",
                "`Sender` は `on: Received(...)` のルールで使うか、宛先を名指しします",
            )),
        ),
        Cause::NoSuch(rec) => (
            Text::new(
                format!(
                    "`{rec:?}` names nobody for {who}: every message of this rule would be refused"
                ),
                format!(
                    "`{rec:?}` は {who} にとって誰も指しません。このルールのメッセージはすべて拒否されます"
                ),
            ),
            Some(Text::new(
                "docs/DRILL.md lists whom each recipient names for each kind of role",
                "各ロールにとって各宛先が誰を指すかは docs/DRILL.md にあります",
            )),
        ),
        Cause::Absent(r) => (
            Text::new(
                format!(
                    "{} is absent from this drill: the message of {who} would be refused whole, to every recipient",
                    r.id(infra)
                ),
                format!(
                    "{} はこの演習を欠席しています。{who} のメッセージは宛先全員について拒否されます",
                    r.id(infra)
                ),
            ),
            Some(Text::new(
                "keep the role in the drill, or take it out of `to`",
                "このロールを演習に残すか、`to` から外します",
            )),
        ),
        Cause::NoChannel(r) => (
            Text::new(
                format!(
                    "no channel leads from {who} to {}: the message would be refused whole",
                    r.id(infra)
                ),
                format!(
                    "{who} から {} への経路がありません。メッセージは宛先全員について拒否されます",
                    r.id(infra)
                ),
            ),
            Some(Text::new(
                "docs/DRILL.md lists the channels between roles",
                "ロール間の経路は docs/DRILL.md にあります",
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::drill::policy::reference_playbook;
    use crate::model::drill::{MessageKind, Tlp, policy::RoleSelector};

    fn infra() -> Infrastructure {
        crate::scenario::load_default().infra.as_ref().clone()
    }

    fn resolve(
        files: Vec<crate::model::drill::policy::PolicyFile>,
        infra: &Infrastructure,
    ) -> Vec<Policy> {
        files
            .into_iter()
            .map(|f| Policy {
                roles: f
                    .roles
                    .iter()
                    .flat_map(|s| s.resolve(infra).unwrap_or_default())
                    .collect(),
                rules: f.rules,
            })
            .collect()
    }

    #[test]
    fn the_reference_playbook_reaches_everyone_when_nobody_is_absent() {
        let infra = infra();
        let mut out = Vec::new();
        let policies = resolve(reference_playbook(), &infra);
        check_recipients(
            &policies,
            |_| false,
            |_| Path::root(),
            &infra,
            &[],
            &[],
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn an_absent_gsoc_breaks_niscs_alert_in_the_reference_playbook() {
        let infra = infra();
        let mut out = Vec::new();
        let policies = resolve(reference_playbook(), &infra);
        check_recipients(
            &policies,
            |_| false,
            |_| Path::root(),
            &infra,
            &[],
            &[(0, Role::Gsoc)],
            &mut out,
        );
        assert!(!out.is_empty());
        assert!(
            out.iter().all(|p| p.path.to_string() == "absent[0]"),
            "{out:?}"
        );
        assert!(
            out.iter().any(
                |p| p.message.en.starts_with("gsoc is absent") && p.message.en.contains("nisc")
            ),
            "{out:?}"
        );
    }

    #[test]
    fn jpcerts_members_name_nobody() {
        use crate::model::drill::RoleKind;
        use crate::model::drill::policy::{PolicyFile, Rule};
        let infra = infra();
        let rule = Rule {
            on: Trigger::Received(MessageKind::Alert),
            after: crate::model::Dist::Fixed(crate::model::Minutes(10)),
            act: Response::Alert {
                to: vec![Recipient::Members],
                label: Tlp::Green,
            },
        };
        let policies = resolve(
            vec![PolicyFile {
                roles: vec![RoleSelector::Kind(RoleKind::Jpcert)],
                rules: vec![rule],
            }],
            &infra,
        );
        let mut out = Vec::new();
        check_recipients(
            &policies,
            |_| true,
            |_| Path::root(),
            &infra,
            &[],
            &[],
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message.en,
            "`Members` names nobody for jpcert: every message of this rule would be refused"
        );
        assert_eq!(out[0].path.to_string(), "rules[0].act.to[0]");
    }
}
