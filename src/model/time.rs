//! Simulation time. Time is an integer number of minutes since the scenario starts, so that
//! the event order never depends on floating-point rounding (DESIGN.md §4).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A length of simulated time, in whole minutes.
///
/// In scenario files a duration is written as a string of number–unit pairs
/// (`"90m"`, `"1h30m"`, `"2d"`, units `d`, `h`, `m`) or as a bare integer of minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Minutes(pub u64);

/// An instant of simulated time: minutes since the scenario started (`T+0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time(pub u64);

impl Minutes {
    /// Zero minutes.
    pub const ZERO: Minutes = Minutes(0);

    /// `h` hours.
    pub const fn hours(h: u64) -> Minutes {
        Minutes(h * 60)
    }

    /// Parses `"1h30m"`, `"2d"`, `"45m"` or `"90"` (minutes).
    pub fn parse(text: &str) -> Result<Minutes, DurationError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(DurationError::Empty);
        }
        if t.starts_with('-') {
            return Err(DurationError::Negative(t.to_string()));
        }
        let overflow = || DurationError::Overflow(t.to_string());
        if t.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse::<u64>().map(Minutes).map_err(|_| overflow());
        }
        let mut total: u64 = 0;
        let mut digits = String::new();
        for c in t.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = match c {
                'd' => 24 * 60,
                'h' => 60,
                'm' => 1,
                ' ' if digits.is_empty() => continue,
                _ => {
                    return Err(DurationError::UnknownUnit {
                        unit: c,
                        text: t.to_string(),
                    });
                }
            };
            if digits.is_empty() {
                return Err(DurationError::MissingNumber {
                    unit: c,
                    text: t.to_string(),
                });
            }
            let n: u64 = digits.parse().map_err(|_| overflow())?;
            digits.clear();
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(overflow)?;
        }
        if !digits.is_empty() {
            return Err(DurationError::NoUnit(t.to_string()));
        }
        Ok(Minutes(total))
    }
}

/// Why a text is not a duration ([`Minutes::parse`]). Each variant carries the text as
/// written (trimmed); the data layer puts it into words in English and Japanese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Nothing but blanks.
    #[error("empty duration; write e.g. \"90m\", \"2h\" or \"1d12h\"")]
    Empty,
    /// A leading minus sign.
    #[error("negative duration \"{0}\"; durations are ≥ 0")]
    Negative(String),
    /// More minutes than a `u64` holds.
    #[error("duration \"{0}\" is too long")]
    Overflow(String),
    /// A letter other than `d`, `h`, `m`.
    #[error("unknown unit '{unit}' in duration \"{text}\"; use d, h or m (e.g. \"1h30m\")")]
    UnknownUnit {
        /// The letter.
        unit: char,
        /// The duration as written.
        text: String,
    },
    /// A unit with no number before it (`"h"`).
    #[error("missing number before '{unit}' in duration \"{text}\"")]
    MissingNumber {
        /// The unit.
        unit: char,
        /// The duration as written.
        text: String,
    },
    /// Digits at the end with no unit after them (`"1h5"`).
    #[error("number without unit at the end of duration \"{0}\"; add d, h or m")]
    NoUnit(String),
}

impl Time {
    /// The start of the scenario.
    pub const ZERO: Time = Time(0);

    /// The instant `d` after this one (saturating: time never wraps).
    pub fn after(self, d: Minutes) -> Time {
        Time(self.0.saturating_add(d.0))
    }

    /// Minutes elapsed from `earlier` to `self` (zero if `earlier` is later).
    pub fn since(self, earlier: Time) -> Minutes {
        Minutes(self.0.saturating_sub(earlier.0))
    }
}

impl fmt::Display for Minutes {
    /// Prints the compact form that [`Minutes::parse`] reads, in hours and minutes as
    /// drills count them: `1h30m`, `72h`, `0m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m) = (self.0 / 60, self.0 % 60);
        if self.0 == 0 {
            return write!(f, "0m");
        }
        if h > 0 {
            write!(f, "{h}h")?;
        }
        if m > 0 {
            write!(f, "{m}m")?;
        }
        Ok(())
    }
}

impl fmt::Display for Time {
    /// Prints `T+hh:mm`, hours counting past 24 so a 72-hour drill reads `T+71:59`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T+{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// What a duration looks like, as told to authors; the `expected` of the type error a
/// value that is not a duration raises, which the data layer recognises by it.
pub const DURATION_FORMS: &str =
    "a duration such as \"90m\", \"12h\", \"3d\" or \"1d12h\", or a whole number of minutes";

impl<'de> Deserialize<'de> for Minutes {
    /// A number of minutes or a duration string; anything else is a type error expecting
    /// [`DURATION_FORMS`].
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, Unexpected};
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Minutes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DURATION_FORMS)
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<Minutes, E> {
                Ok(Minutes(v))
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<Minutes, E> {
                u64::try_from(v)
                    .map(Minutes)
                    .map_err(|_| E::invalid_value(Unexpected::Signed(v), &DURATION_FORMS))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Minutes, E> {
                Minutes::parse(v).map_err(|_| E::invalid_value(Unexpected::Str(v), &DURATION_FORMS))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Minutes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Minutes::deserialize(d).map(|m| Time(m.0))
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Minutes(self.0).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_compound_durations() {
        assert_eq!(Minutes::parse("1h30m"), Ok(Minutes(90)));
        assert_eq!(Minutes::parse("2d"), Ok(Minutes(2880)));
        assert_eq!(Minutes::parse("45"), Ok(Minutes(45)));
        assert_eq!(Minutes::parse("1d 2h"), Ok(Minutes(1560)));
    }

    #[test]
    fn rejects_bad_durations_with_a_reason() {
        assert_eq!(
            Minutes::parse(" -2h"),
            Err(DurationError::Negative("-2h".into()))
        );
        assert_eq!(
            Minutes::parse("2x"),
            Err(DurationError::UnknownUnit {
                unit: 'x',
                text: "2x".into()
            })
        );
        assert!(Minutes::parse("12").is_ok());
        assert_eq!(
            Minutes::parse("1h5"),
            Err(DurationError::NoUnit("1h5".into()))
        );
        assert_eq!(Minutes::parse(""), Err(DurationError::Empty));
        assert_eq!(
            Minutes::parse("h"),
            Err(DurationError::MissingNumber {
                unit: 'h',
                text: "h".into()
            })
        );
        assert_eq!(
            Minutes::parse("99999999999999999999m"),
            Err(DurationError::Overflow("99999999999999999999m".into()))
        );
        assert_eq!(
            Minutes::parse("2x").unwrap_err().to_string(),
            "unknown unit 'x' in duration \"2x\"; use d, h or m (e.g. \"1h30m\")"
        );
    }

    #[test]
    fn display_round_trips() {
        for m in [0, 1, 59, 60, 90, 1440, 1500, 4320, 100_000] {
            let text = Minutes(m).to_string();
            assert_eq!(Minutes::parse(&text), Ok(Minutes(m)), "{text}");
        }
        assert_eq!(Time(4319).to_string(), "T+71:59");
    }
}
