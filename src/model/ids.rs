//! Typed indices for the entities of the model. Each is a dense index into its table in
//! [`Infrastructure`](super::Infrastructure), so lookups are O(1) and iteration in id order
//! is the deterministic order used throughout the engine and its outputs.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the owning table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// An operator (重要インフラ事業者).
    OperatorId
);
id_type!(
    /// A service an operator provides.
    ServiceId
);
id_type!(
    /// An IT system behind a service.
    SystemId
);
id_type!(
    /// A dependency edge of the graph.
    EdgeId
);
id_type!(
    /// A region (used for geographic injects such as disasters).
    RegionId
);
id_type!(
    /// An incident: everything one inject (or ad-hoc event) set off.
    IncidentId
);

/// The longest id (`key`) an operator, service, system, region or inject may have, in
/// characters.
pub const MAX_KEY_LEN: usize = 64;

/// The characters an id may hold, as told to authors. Ids are printed raw in every output
/// and message, so they are kept to characters that cannot drive a terminal.
pub const KEY_ALPHABET: &str = "ASCII letters, digits, '-', '_', '.' and '/'";

/// True for a character allowed in an id (see [`KEY_ALPHABET`]).
pub fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

/// Checks that `key` is a valid id: 1 to [`MAX_KEY_LEN`] characters of [`KEY_ALPHABET`].
pub fn check_key(key: &str) -> Result<(), IdError> {
    if key.is_empty() {
        return Err(IdError::Empty);
    }
    if let Some((i, c)) = key.chars().enumerate().find(|(_, c)| !is_key_char(*c)) {
        return Err(IdError::BadChar { ch: c, at: i + 1 });
    }
    let n = key.chars().count();
    if n > MAX_KEY_LEN {
        return Err(IdError::TooLong { len: n });
    }
    Ok(())
}

/// Why a text is not a valid id ([`check_key`]). Its English follows the id it is about
/// (`operator id "a b" holds ' ' U+0020 at character 2; …`); the character is never shown
/// raw unless it is visible ASCII.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// No characters.
    #[error("is empty; use 1 to {MAX_KEY_LEN} {KEY_ALPHABET}")]
    Empty,
    /// A character outside [`KEY_ALPHABET`].
    #[error("holds {}U+{:04X} at character {at}; ids use only {KEY_ALPHABET}", IdError::shown(*.ch), *.ch as u32)]
    BadChar {
        /// The character.
        ch: char,
        /// Its place, counting characters from 1.
        at: usize,
    },
    /// Longer than [`MAX_KEY_LEN`].
    #[error("is {len} characters long; ids have at most {MAX_KEY_LEN} {KEY_ALPHABET}")]
    TooLong {
        /// Its length in characters.
        len: usize,
    },
}

impl IdError {
    /// The character quoted and followed by a space when it is visible ASCII, else
    /// nothing (its code point alone is shown).
    pub fn shown(c: char) -> String {
        if c.is_ascii_graphic() {
            format!("'{c}' ")
        } else {
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_to_the_safe_alphabet() {
        assert!(check_key("kanto-power/supply_1.b").is_ok());
        assert!(check_key(&"a".repeat(MAX_KEY_LEN)).is_ok());
        assert!(check_key(&"a".repeat(MAX_KEY_LEN + 1)).is_err());
        for bad in ["", "a b", "a\u{1b}", "a:b", "é", "a\u{202e}"] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
    }
}
