//! Seats files: who may join a drill served over SSH (`rensa serve --seats SEATS.ron`), as
//! which role, and how each proves it (docs/SERVE.md). Checked completely before the
//! server starts; every problem is reported as `file:line:column` in English or Japanese.
//!
//! ```ron
//! Seats(
//!     seats: [
//!         Seat(name: "control", role: "control", keys: ["ssh-ed25519 AAAAC3Nz… organiser@nisc"]),
//!         Seat(name: "hinode", role: "operator:hinode-comm", code: true),
//!         Seat(name: "eval-a", role: "evaluator", code: true),
//!     ],
//! )
//! ```

use super::diagnostics::{Diagnostics, Problem, Source};
use super::load::{LoadError, parse_ron};
use super::spans::Path;
use crate::model::Scenario;
use crate::model::drill::Role;
use russh::keys::ssh_key::PublicKey;
use serde::Deserialize;

/// The user name that asks for a join code instead of naming a seat (`ssh join@host`).
pub const JOIN_USER: &str = "join";

/// The longest seat name (an SSH user name).
pub const MAX_NAME: usize = 32;

/// A seats file as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Seats")]
pub struct SeatsFile {
    /// The seats, in the order control's seat list shows them.
    pub seats: Vec<SeatFile>,
}

/// One seat as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Seat")]
pub struct SeatFile {
    /// The SSH user name that joins it: `ssh -p 2222 NAME@host`.
    pub name: String,
    /// A role id (`control`, `nisc`, `operator:hinode-comm`, …) or `evaluator`.
    pub role: String,
    /// Public keys that admit this seat, as `authorized_keys` lines.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Whether `rensa serve` makes a join code for this seat.
    #[serde(default)]
    pub code: bool,
}

/// What a seat is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeatRole {
    /// A drill role: exercise control or a player.
    Role(Role),
    /// An exercise evaluator (HSEEP): sees control's truth read-only and records
    /// observations against the objectives.
    Evaluator,
}

/// A checked seat.
#[derive(Debug, Clone, PartialEq)]
pub struct Seat {
    /// Its SSH user name, unique in the file.
    pub name: String,
    /// Its role.
    pub role: SeatRole,
    /// Keys that admit it (each admits this seat only).
    pub keys: Vec<PublicKey>,
    /// Whether a join code admits it.
    pub code: bool,
}

impl Seat {
    /// The drill role the seat acts as (None for an evaluator, who never acts).
    pub fn drill_role(&self) -> Option<Role> {
        match self.role {
            SeatRole::Role(r) => Some(r),
            SeatRole::Evaluator => None,
        }
    }

    /// Whether the seat is exercise control's.
    pub fn is_control(&self) -> bool {
        self.role == SeatRole::Role(Role::Control)
    }
}

/// The checked seats of a drill.
#[derive(Debug, Clone, PartialEq)]
pub struct Seats {
    /// In file order.
    pub seats: Vec<Seat>,
}

impl Seats {
    /// The seat named `name`.
    pub fn by_name(&self, name: &str) -> Option<&Seat> {
        self.seats.iter().find(|s| s.name == name)
    }

    /// The roles the seats play besides control (they follow no policy in the drill).
    pub fn players(&self) -> Vec<Role> {
        self.seats
            .iter()
            .filter_map(|s| s.drill_role())
            .filter(|r| *r != Role::Control)
            .collect()
    }
}

/// Reads and checks a seats file against the drill's `scenario`. `name` is how the file is
/// named in messages.
pub fn load(name: &str, text: &str, scenario: &Scenario) -> Result<Seats, LoadError> {
    let mut src = Source::new(name, text);
    let file: SeatsFile = parse_ron(&src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?;
    let mut problems = Vec::new();
    let mut seats = Vec::new();
    let root = Path::root().field("seats");
    if file.seats.is_empty() {
        problems.push(
            Problem::new(Path::root().field("seats"), ("the file lists no seats", "座席が一つもありません"))
                .helps(
                    "list at least exercise control's seat: Seat(name: \"control\", role: \"control\", code: true)",
                    "少なくとも演習統制の座席を書きます: Seat(name: \"control\", role: \"control\", code: true)",
                ),
        );
    }
    for (i, s) in file.seats.iter().enumerate() {
        let path = root.index(i);
        if let Some(seat) = check_seat(s, &path, &file.seats[..i], scenario, &mut problems) {
            seats.push(seat);
        }
    }
    // A key admits exactly one seat.
    for (i, s) in seats.iter().enumerate() {
        for (k, key) in s.keys.iter().enumerate() {
            let earlier = seats[..i]
                .iter()
                .find(|o| o.keys.iter().any(|x| x.key_data() == key.key_data()));
            if let Some(o) = earlier {
                problems.push(
                    Problem::new(
                        root.index(index_of(&file, &s.name)).field("keys").index(k),
                        (
                            format!("this key already admits seat \"{}\"", o.name),
                            format!("この鍵はすでに座席 \"{}\" に使われています", o.name),
                        ),
                    )
                    .helps(
                        "a key admits exactly one seat: give each participant their own key",
                        "一つの鍵で入れる座席は一つだけです。参加者ごとに別の鍵を使います",
                    ),
                );
            }
        }
    }
    if !file.seats.is_empty() && !seats.iter().any(Seat::is_control) && problems.is_empty() {
        problems.push(
            Problem::new(root.clone(), ("no seat is exercise control's", "演習統制の座席がありません"))
                .helps(
                    "add Seat(name: \"control\", role: \"control\", …): control runs the clock",
                    "Seat(name: \"control\", role: \"control\", …) を加えます。時計を動かすのは演習統制です",
                ),
        );
    }
    if problems.is_empty() {
        Ok(Seats { seats })
    } else {
        Err(LoadError::Invalid(Diagnostics(src.render(problems))))
    }
}

fn index_of(file: &SeatsFile, name: &str) -> usize {
    file.seats.iter().position(|s| s.name == name).unwrap_or(0)
}

/// Whether `name` can be an SSH user name here: lowercase ASCII letters, digits, `-`, `_`
/// and `.`, starting with a letter or digit, at most [`MAX_NAME`] characters.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.len() <= MAX_NAME
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

fn check_seat(
    s: &SeatFile,
    path: &Path,
    earlier: &[SeatFile],
    scenario: &Scenario,
    problems: &mut Vec<Problem>,
) -> Option<Seat> {
    let before = problems.len();
    if !valid_name(&s.name) {
        problems.push(
            Problem::new(path.field("name"), (format!(
                    "\"{}\" cannot be a seat name: use lowercase letters, digits, `-`, `_` and `.`, at most {MAX_NAME} characters",
                    super::diagnostics::visible(&s.name)
                ), format!(
                "\"{}\" は座席名にできません。英小文字・数字・`-`・`_`・`.` で {MAX_NAME} 文字以内にします",
                super::diagnostics::visible(&s.name)
            )))
            .helps(
                "the name is what participants type: ssh -p 2222 NAME@host",
                "座席名は参加者が入力する名前です: ssh -p 2222 座席名@host",
            ),
        );
    } else if s.name == JOIN_USER {
        problems.push(
            Problem::new(
                path.field("name"),
                (
                    "\"join\" is kept for joining by code",
                    "\"join\" はコードで参加するための名前です",
                ),
            )
            .helps(
                "name the seat after its organisation, e.g. \"hinode\"",
                "組織にちなんだ名前にします（例: \"hinode\"）",
            ),
        );
    } else if earlier.iter().any(|e| e.name == s.name) {
        problems.push(
            Problem::new(
                path.field("name"),
                (
                    format!("seat \"{}\" is named twice", s.name),
                    format!("座席 \"{}\" が二度書かれています", s.name),
                ),
            )
            .helps("each seat needs its own name", "座席ごとに別の名前にします"),
        );
    }
    let role = if s.role == "evaluator" {
        Some(SeatRole::Evaluator)
    } else {
        match super::roles::parse_role(&s.role, &scenario.infra) {
            Ok(r) if scenario.drill.absent.contains(&r) => {
                problems.push(Problem::new(
                    path.field("role"),
                    (
                        format!("{} is absent from this drill", s.role),
                        format!("{} はこの演習を欠席しています", s.role),
                    ),
                ));
                None
            }
            Ok(r) => {
                if earlier.iter().any(|e| e.role == s.role) {
                    problems.push(
                        Problem::new(path.field("role"), (format!("role {} already has a seat", s.role), format!("ロール {} の座席はすでにあります", s.role)))
                        .helps(
                            "one seat per role: the people of one organisation share its seat's screen",
                            "ロールごとに座席は一つです。同じ組織の人は一つの座席の画面を共有します",
                        ),
                    );
                }
                Some(SeatRole::Role(r))
            }
            Err(e) => {
                problems.push(Problem::new(path.field("role"), e).helps(
                    "a role id (`rensa list` shows operators), or \"evaluator\"",
                    "ロール ID（事業者は `rensa list` で確認）か \"evaluator\" を書きます",
                ));
                None
            }
        }
    };
    let mut keys = Vec::new();
    for (k, line) in s.keys.iter().enumerate() {
        match parse_key(line) {
            Ok(key) => keys.push(key),
            Err((en, ja)) => problems.push(
                Problem::new(path.field("keys").index(k), (en, ja))
                    .helps(
                        "paste one line of the participant's ~/.ssh/id_ed25519.pub: \"ssh-ed25519 AAAA… comment\"",
                        "参加者の ~/.ssh/id_ed25519.pub の一行を貼ります: \"ssh-ed25519 AAAA… コメント\"",
                    ),
            ),
        }
    }
    if s.keys.is_empty() && !s.code {
        problems.push(
            Problem::new(
                path.clone(),
                (
                    format!("seat \"{}\" has no way in", s.name),
                    format!("座席 \"{}\" に入る方法がありません", s.name),
                ),
            )
            .helps(
                "give it `keys: [\"ssh-ed25519 …\"]` or `code: true`",
                "`keys: [\"ssh-ed25519 …\"]` か `code: true` を書きます",
            ),
        );
    }
    if problems.len() > before {
        return None;
    }
    Some(Seat {
        name: s.name.clone(),
        role: role?,
        keys,
        code: s.code,
    })
}

/// Parses one `authorized_keys` line: `ALGORITHM BASE64 [COMMENT]`. Options before the
/// algorithm (`from="…"`, `command="…"`) are refused: the seat, not the key, says what
/// the connection may do.
fn parse_key(line: &str) -> Result<PublicKey, (String, String)> {
    let line = line.trim();
    let first = line.split_whitespace().next().unwrap_or("");
    let known = first.starts_with("ssh-")
        || first.starts_with("ecdsa-sha2-")
        || first.starts_with("sk-ssh-")
        || first.starts_with("sk-ecdsa-");
    if !first.is_empty()
        && !known
        && line.contains(' ')
        && (first.contains('=') || first.contains(','))
    {
        return Err((
            format!(
                "key options (\"{}\") are not supported in a seats file",
                super::diagnostics::visible(first)
            ),
            format!(
                "座席ファイルでは鍵のオプション（\"{}\"）は使えません",
                super::diagnostics::visible(first)
            ),
        ));
    }
    PublicKey::from_openssh(line).map_err(|e| {
        // The library's words are English; in Japanese the likely cause is said instead.
        let why_ja = if !known {
            format!(
                "鍵の種類 \"{}\" がありません（ssh-ed25519、ecdsa-sha2-nistp256、ssh-rsa などで始めます）",
                super::diagnostics::visible(first)
            )
        } else {
            "鍵の種類のあとの base64 の部分が壊れているか途中で切れています（`ssh-keygen -y` や `.pub` ファイルから 1 行そのまま貼り付けます）".to_string()
        };
        (
            format!("not an OpenSSH public key: {e}"),
            format!("OpenSSH の公開鍵として読めません: {why_ja}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFw81uMR3EAB1J3doHcLja41JVGrx4TJRdKl0ioRMCep a@b";

    #[test]
    fn seat_names_are_ssh_user_names() {
        assert!(valid_name("hinode"));
        assert!(valid_name("eval-1.a_b"));
        assert!(!valid_name(""));
        assert!(!valid_name("Hinode"));
        assert!(!valid_name("-x"));
        assert!(!valid_name("a b"));
        assert!(!valid_name(&"a".repeat(MAX_NAME + 1)));
    }

    #[test]
    fn an_authorized_keys_line_parses_and_options_are_refused() {
        assert!(parse_key(KEY).is_ok());
        let err = parse_key(&format!("from=\"10.0.0.1\" {KEY}")).unwrap_err();
        assert!(err.0.contains("not supported"), "{}", err.0);
        let bad = parse_key("ssh-ed25519 AAAAnotbase64").unwrap_err();
        assert!(bad.1.contains("base64 の部分"), "{}", bad.1);
        assert!(
            !bad.1.contains("encoding"),
            "no English in the Japanese: {}",
            bad.1
        );
        let unknown = parse_key("AAAAC3Nza").unwrap_err();
        assert!(unknown.1.contains("鍵の種類"), "{}", unknown.1);
    }
}
