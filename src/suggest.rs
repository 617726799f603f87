//! Did-you-mean suggestions for mistyped ids, fields and names.

/// The closest candidate to `wanted`, if any is close enough to be a likely typo.
///
/// Close means both similar overall (Jaro–Winkler ≥ 0.8) and a few keystrokes away
/// (an optimal-string-alignment distance of at most 1 + ⌊len/4⌋, `len` counted in
/// characters of `wanted`): `severty` → `severity`, `kanto-powr` → `kanto-power`. Names
/// that merely share a prefix are not suggested (`ServiceAbove` is five edits from
/// `SectorAbove`, another goal), so a suggestion never points to something with another
/// meaning; callers list the valid names instead. An id that is a candidate's first
/// segment also counts as close (`power` → `power/supply`: the operator's service).
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // No id worth suggesting for is this long (a 10 MB id would be compared with every
    // candidate, character by character, for nothing).
    if wanted.len() > 256 {
        return None;
    }
    let max_edits = 1 + wanted.chars().count() / 4;
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wanted, c);
        let close = strsim::osa_distance(wanted, c) <= max_edits
            || c.strip_prefix(wanted)
                .is_some_and(|rest| rest.starts_with('/'));
        if score >= 0.8 && close && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `text` as a message quotes it: whole when short, else its first `max` characters with
/// how much was left out (a 10 MB id or a 309-digit number is not echoed back whole).
pub fn shorten(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({} more characters)", n - max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_not_neighbours_with_another_meaning() {
        let fields = ["attack", "systems", "stages", "severity", "recovery"];
        assert_eq!(did_you_mean("severty", fields), Some("severity"));
        assert_eq!(did_you_mean("recovry", fields), Some("recovery"));
        assert_eq!(did_you_mean("afer", ["on", "after", "act"]), Some("after"));
        let goals = ["SectorAbove", "ReportedWithin", "NoForwardOf"];
        assert_eq!(did_you_mean("ServiceAbove", goals), None);
        assert_eq!(did_you_mean("SectorAbov", goals), Some("SectorAbove"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }

    #[test]
    fn long_text_is_shortened_with_its_length() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcdef", 3), "abc… (3 more characters)");
        // By characters, never inside one.
        assert_eq!(shorten("日本語です", 2), "日本… (3 more characters)");
    }
}
