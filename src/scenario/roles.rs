//! Role ids as written in scenarios and drill logs (`operator:kanto-power`, `ceptor:finance`,
//! `nisc`), with messages that say how a role is written when one is malformed.

use crate::model::drill::Role;
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
pub fn parse_role(text: &str, infra: &Infrastructure) -> Result<Role, String> {
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
                return Err(format!(
                    "an operator role is written `operator:<operator-id>`, e.g. \"operator:{first_op}\"; `rensa list` shows operator ids"
                ));
            }
            "ceptor" => {
                let ids: Vec<&str> = Sector::ALL.iter().map(|s| s.id()).collect();
                return Err(format!(
                    "a CEPTOR role is written `ceptor:<sector>`, with a sector among {}",
                    ids.join(", ")
                ));
            }
            "ministry" => {
                let ids: Vec<&str> = Ministry::ALL.iter().map(|m| m.id()).collect();
                return Err(format!(
                    "a ministry role is written `ministry:<ministry>`, with a ministry among {}",
                    ids.join(", ")
                ));
            }
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
        if let Some(g) = guess {
            return Err(format!("unknown role \"{text}\"; did you mean \"{g}\"?"));
        }
    }
    Role::parse(text, infra)
}
