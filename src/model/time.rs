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
    pub fn parse(text: &str) -> Result<Minutes, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("empty duration; write e.g. \"90m\", \"2h\" or \"1d12h\"".into());
        }
        if t.starts_with('-') {
            return Err(format!("negative duration \"{t}\"; durations are ≥ 0"));
        }
        if t.bytes().all(|b| b.is_ascii_digit()) {
            return t
                .parse::<u64>()
                .map(Minutes)
                .map_err(|_| format!("duration \"{t}\" is too long"));
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
                    return Err(format!(
                        "unknown unit '{c}' in duration \"{t}\"; use d, h or m (e.g. \"1h30m\")"
                    ));
                }
            };
            if digits.is_empty() {
                return Err(format!("missing number before '{c}' in duration \"{t}\""));
            }
            let n: u64 = digits
                .parse()
                .map_err(|_| format!("duration \"{t}\" is too long"))?;
            digits.clear();
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(|| format!("duration \"{t}\" is too long"))?;
        }
        if !digits.is_empty() {
            return Err(format!(
                "number without unit at the end of duration \"{t}\"; add d, h or m"
            ));
        }
        Ok(Minutes(total))
    }
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

#[derive(Deserialize)]
#[serde(untagged)]
enum MinutesRepr {
    Int(u64),
    Text(String),
}

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match MinutesRepr::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "expected a duration such as \"90m\", \"2h\", \"1d12h\" or a number of minutes",
            )
        })? {
            MinutesRepr::Int(m) => Ok(Minutes(m)),
            MinutesRepr::Text(t) => Minutes::parse(&t).map_err(serde::de::Error::custom),
        }
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
        assert!(Minutes::parse("-2h").unwrap_err().contains("negative"));
        assert!(
            Minutes::parse("2x")
                .unwrap_err()
                .contains("unknown unit 'x'")
        );
        assert!(Minutes::parse("12").is_ok());
        assert!(Minutes::parse("1h5").unwrap_err().contains("without unit"));
        assert!(Minutes::parse("").is_err());
        assert!(Minutes::parse("h").unwrap_err().contains("missing number"));
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
