//! Role ids as written in scenarios and drill logs (`operator:kanto-power`, `ceptor:finance`,
//! `nisc`), with messages that say how a role is written when one is malformed.

use crate::model::drill::Role;
use crate::model::drill::role::RoleError;
use crate::model::{Infrastructure, Key, Ministry, Sector};
use crate::suggest::did_you_mean;

/// The kinds of role ids, as their first part.
const KINDS: [&str; 11] = [
    "control", "nisc", "gsoc", "ministry", "ceptor", "council", "operator", "police", "vendor",
    "jpcert", "public",
];

/// Parses a role id. On top of [`Role::parse`], a role missing its `:<id>` part gets the
/// form it is written in, and a bare operator, sector or ministry id or a misspelt kind
/// gets a did-you-mean.
pub fn parse_role(text: &str, infra: &Infrastructure) -> Result<Role, RoleError> {
    let (head, tail) = match text.split_once(':') {
        Some((h, t)) => (h, t),
        None => (text, ""),
    };
    let first_op = infra
        .operators
        .first()
        .map_or("kanto-power", |o| o.key.as_str());
    if tail.is_empty() {
        match head {
            "operator" => {
                return Err(RoleError::OperatorForm {
                    example: first_op.to_string(),
                });
            }
            "ceptor" => return Err(RoleError::CeptorForm),
            "ministry" => return Err(RoleError::MinistryForm),
            _ => {}
        }
    }
    if !KINDS.contains(&head) {
        // A bare id of an operator, sector or ministry: the author left out the kind.
        let bare = if !text.contains(':') {
            match infra.lookup(text) {
                Some(Key::Operator(_)) => Some(format!("operator:{text}")),
                _ if Sector::from_id(text).is_some() => Some(format!("ceptor:{text}")),
                _ if Ministry::from_id(text).is_some() => Some(format!("ministry:{text}")),
                _ => None,
            }
        } else {
            None
        };
        let guess = bare.or_else(|| {
            did_you_mean(head, KINDS).map(|k| {
                if text.contains(':') {
                    format!("{k}:{tail}")
                } else {
                    k.to_string()
                }
            })
        });
        if let Some(guess) = guess {
            return Err(RoleError::Guess {
                given: text.to_string(),
                guess,
            });
        }
    }
    Role::parse(text, infra)
}
