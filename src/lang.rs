//! The language a user reads: the crate's one `Lang`, at the bottom of the stack so that
//! the data layer (diagnostics), `present/` (words) and the faces all name the same type
//! without an upward import (docs/ARCHITECTURE.md).

/// English or Japanese: every sentence a user reads exists in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The language's code: `en`, `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// One of a pair of fixed texts: `en` in English, `ja` in Japanese.
    pub fn pick<T>(self, en: T, ja: T) -> T {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn pick_follows_the_language() {
        assert_eq!(Lang::En.pick("yes", "はい"), "yes");
        assert_eq!(Lang::Ja.pick("yes", "はい"), "はい");
        assert_eq!(Lang::ALL.map(Lang::code), ["en", "ja"]);
    }
}
