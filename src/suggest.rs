//! Did-you-mean suggestions for mistyped ids.

/// The closest candidate to `wanted`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // No id worth suggesting for is this long (a 10 MB id would be compared with every
    // candidate, character by character, for nothing).
    if wanted.len() > 256 {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wanted, c);
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
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
    fn long_text_is_shortened_with_its_length() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcdef", 3), "abc… (3 more characters)");
        // By characters, never inside one.
        assert_eq!(shorten("日本語です", 2), "日本… (3 more characters)");
    }
}
