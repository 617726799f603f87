//! Japanese for the messages the data layer receives as English text from below it: the
//! model's errors (durations, ids, distributions, roles, permissions) and the file
//! format's own (`RawDuration`, seeds). A [`super::diagnostics::Problem`] without its own
//! Japanese ([`super::diagnostics::Problem::ja`]) is translated here when rendered.
//!
//! Each entry is an English pattern, `{}` standing for any text, and its Japanese, where
//! `{0}`, `{1}`, … stand for what the `{}` matched, in order.

/// `(English pattern, Japanese)`: the first pattern that matches wins.
const TABLE: &[(&str, &str)] = &[
    // Durations (model::Minutes::parse, schema::RawDuration).
    (
        "empty duration; write e.g. \"90m\", \"2h\" or \"1d12h\"",
        "期間が空です。\"90m\"、\"2h\"、\"1d12h\" のように書きます",
    ),
    (
        "negative duration {}; durations are ≥ 0",
        "負の期間 {0} は使えません（期間は 0 以上）",
    ),
    ("duration \"{}\" is too long", "期間 \"{0}\" が長すぎます"),
    (
        "unknown unit '{}' in duration \"{}\"; use d, h or m (e.g. \"1h30m\")",
        "期間 \"{1}\" に不明な単位 '{0}' があります。単位は d、h、m です（例: \"1h30m\"）",
    ),
    (
        "missing number before '{}' in duration \"{}\"",
        "期間 \"{1}\" の '{0}' の前に数がありません",
    ),
    (
        "number without unit at the end of duration \"{}\"; add d, h or m",
        "期間 \"{0}\" の末尾の数に単位がありません。d、h、m のいずれかを付けます",
    ),
    (
        "duration {} is longer than the maximum 36500d (100 years, {} minutes)",
        "期間 {0} が上限の 36500d（100 年、{1} 分）を超えています",
    ),
    (
        "expected a duration such as \"90m\", \"12h\", \"3d\" or \"1d12h\", or a whole number of minutes; found {}",
        "期間は \"90m\"、\"12h\"、\"3d\"、\"1d12h\" のように書くか、分を整数で書きます（指定値: {0}）",
    ),
    (
        "expected a duration such as \"90m\", \"2h\", \"1d12h\" or a number of minutes",
        "期間は \"90m\"、\"2h\"、\"1d12h\" のような文字列か、分の数で書きます",
    ),
    // Seeds.
    (
        "the seed must be a non-negative integer (0 to {}), got {}",
        "シードは 0 以上の整数（0〜{0}）で指定します（指定値: {1}）",
    ),
    // Ids (model::ids::check_key), after `<what> "<id>" `.
    (
        "is empty; use 1 to {} ASCII letters, digits, '-', '_', '.' and '/'",
        "が空です。英数字と '-'、'_'、'.'、'/' を 1〜{0} 文字で書きます",
    ),
    (
        "holds {}U+{} at character {}; ids use only ASCII letters, digits, '-', '_', '.' and '/'",
        "の {2} 文字目に {0}U+{1} があります。ID に使えるのは英数字と '-'、'_'、'.'、'/' だけです",
    ),
    (
        "is {} characters long; ids have at most {} ASCII letters, digits, '-', '_', '.' and '/'",
        "が {0} 文字あります。ID は英数字と '-'、'_'、'.'、'/' で {1} 文字までです",
    ),
    // Distributions (model::Dist::problems).
    (
        "Uniform min {} is greater than max {}",
        "Uniform の min {0} が max {1} より大きくなっています",
    ),
    (
        "Triangular needs min ≤ mode ≤ max, got {}",
        "Triangular は min ≤ mode ≤ max である必要があります（指定値: {0}）",
    ),
    (
        "LogNormal sigma must be ≥ 0, got {}",
        "LogNormal の sigma は 0 以上が必要です（指定値: {0}）",
    ),
    // Building the infrastructure (model::BuildError).
    ("duplicate id \"{}\"", "ID \"{0}\" が重複しています"),
    ("unknown operator \"{}\"", "不明な事業者 \"{0}\""),
    ("unknown service \"{}\"", "不明なサービス \"{0}\""),
    ("unknown IT system \"{}\"", "不明な IT システム \"{0}\""),
    ("unknown system \"{}\"", "不明なシステム \"{0}\""),
    // Roles (model::Role::parse, scenario::roles::parse_role).
    (
        "role \"{}\" takes no \":…\" part",
        "ロール \"{0}\" には \":…\" の部分を付けません",
    ),
    (
        "unknown ministry \"{}\"; use one of {}",
        "不明な省庁 \"{0}\"。次のいずれかを使います: {1}",
    ),
    (
        "unknown sector \"{}\"; use one of {}",
        "不明な分野 \"{0}\"。次のいずれかを使います: {1}",
    ),
    (
        "unknown operator \"{}\"; did you mean \"{}\"?",
        "不明な事業者 \"{0}\"。もしかして \"{1}\" ですか？",
    ),
    (
        "unknown operator \"{}\"; `rensa list` shows operator ids",
        "不明な事業者 \"{0}\"。事業者 ID は `rensa list` で確認できます",
    ),
    (
        "unknown role \"{}\"; did you mean \"{}\"?",
        "不明なロール \"{0}\"。もしかして \"{1}\" ですか？",
    ),
    (
        "unknown role \"{}\"; roles are control, nisc, gsoc, ministry:<id>, ceptor:<sector>, council, operator:<id>, police, vendor, jpcert, public",
        "不明なロール \"{0}\"。ロールは control、nisc、gsoc、ministry:<id>、ceptor:<sector>、council、operator:<id>、police、vendor、jpcert、public のいずれかです",
    ),
    (
        "an operator role is written `operator:<operator-id>`, e.g. \"operator:{}\"; `rensa list` shows operator ids",
        "事業者のロールは `operator:<operator-id>` と書きます（例: \"operator:{0}\"）。事業者 ID は `rensa list` で確認できます",
    ),
    (
        "a CEPTOR role is written `ceptor:<sector>`, with a sector among {}",
        "CEPTOR のロールは `ceptor:<sector>` と書きます。分野は次のいずれかです: {0}",
    ),
    (
        "a ministry role is written `ministry:<ministry>`, with a ministry among {}",
        "省庁のロールは `ministry:<ministry>` と書きます。省庁は次のいずれかです: {0}",
    ),
    // Permissions (model::drill::ActionClass::check, Action::static_check).
    (
        "`Sender` only makes sense in a policy answering a message",
        "`Sender` はメッセージに応答するポリシーの中でだけ使えます",
    ),
    (
        "the message has no recipients",
        "メッセージに宛先がありません",
    ),
    (
        "{} belongs to {}; an operator can only act on its own services",
        "{0} は {1} のサービスです。事業者が操作できるのは自社のサービスだけです",
    ),
    (
        "an {} may not {}; only {} may",
        "{0} は{1}ことができません（できるのは {2} だけです）",
    ),
    (
        "a {} may not {}; only {} may",
        "{0} は{1}ことができません（できるのは {2} だけです）",
    ),
    // Sources (model::references::check_source).
    (
        "no source: write a citation or `assumption: <the reasoning>`",
        "出典がありません。引用か `assumption: <the reasoning>` を書きます",
    ),
    (
        "cites what the reference list (src/model/references.rs) does not hold: {}",
        "参考文献一覧（src/model/references.rs）にない文献を引用しています: {0}",
    ),
    (
        "starts neither with `assumption:` nor with a known citation",
        "`assumption:` でも既知の引用でも始まっていません",
    ),
    // Reading files (scenario::read_limited, the resolvers).
    (
        "file is larger than the {} MiB limit for scenario files and drill logs; if it is yours, raise the limit with the environment variable RENSA_MAX_INPUT_MB={}",
        "シナリオ・演習ログの上限 {0} MiB を超えています。自分のファイルなら環境変数 RENSA_MAX_INPUT_MB={1} で上限を上げられます",
    ),
    (
        "file is larger than the {} MiB limit for infrastructure files; if it is yours, raise the limit with the environment variable RENSA_MAX_INPUT_MB={}",
        "インフラファイルの上限 {0} MiB を超えています。自分のファイルなら環境変数 RENSA_MAX_INPUT_MB={1} で上限を上げられます",
    ),
    (
        "not a regular file (a FIFO, a device or a directory): rensa reads its inputs from regular files only",
        "通常のファイルではありません（FIFO、デバイス、ディレクトリ）。rensa は通常のファイルだけを読みます",
    ),
    (
        "invalid UTF-8 at line {}, column {} (byte offset {})",
        "{0} 行 {1} 列に UTF-8 として正しくないバイトがあります（バイト位置 {2}）",
    ),
    (
        "no file access here (asked for \"{}\")",
        "ここではファイルを読めません（\"{0}\" が指定されました）",
    ),
];

/// The operating system's words for why a file cannot be read.
const OS_REASONS: &[(&str, &str)] = &[
    (
        "No such file or directory",
        "ファイルまたはディレクトリがありません",
    ),
    ("Permission denied", "アクセスが拒否されました"),
    ("Is a directory", "ディレクトリです"),
    ("Not a directory", "ディレクトリではありません"),
    (
        "Too many levels of symbolic links",
        "シンボリックリンクの階層が深すぎます",
    ),
    ("File name too long", "ファイル名が長すぎます"),
    ("Input/output error", "入出力エラー"),
    (
        "stream did not contain valid UTF-8",
        "UTF-8 として正しくないデータがあります",
    ),
    ("(os error ", "（OS エラー "),
];

/// Why a file cannot be read, in Japanese: a known message of the data layer, or the
/// operating system's reason with its known words translated.
pub fn io_reason(reason: &str) -> String {
    if let Some(ja) = translate(reason) {
        return ja;
    }
    let mut out = reason.to_string();
    if let Some((head, tail)) = out.split_once(" (") {
        // `<reason> (<path>)` from the resolver: the reason alone may be known.
        if let Some(ja) = translate(head) {
            out = format!("{ja} ({tail}");
        }
    }
    for (en, ja) in OS_REASONS {
        if let Some(i) = out.find(en) {
            let mut s = out[..i].trim_end().to_string();
            s.push_str(ja);
            let rest = &out[i + en.len()..];
            if en.starts_with('(') {
                // `(os error 2)` → `（OS エラー 2）`
                match rest.split_once(')') {
                    Some((n, after)) => {
                        s.push_str(n);
                        s.push('）');
                        s.push_str(after);
                    }
                    None => s.push_str(rest),
                }
            } else {
                s.push_str(rest);
            }
            out = s;
        }
    }
    out
}

/// What an action class lets a role do, as in `ActionClass::check`'s English, and in
/// Japanese (to be followed by `ことができません`).
const VERBS: &[(&str, &str)] = &[
    ("send reports", "報告を送る"),
    ("send alerts", "注意喚起を送る"),
    ("send requests", "要請を送る"),
    ("instruct", "指示する"),
    ("request support", "支援を要請する"),
    ("make public announcements", "公表する"),
    ("send notes", "メモを送る"),
    ("forward messages", "メッセージを転送する"),
    ("isolate systems", "システムを切り離す"),
    ("reconnect systems", "システムを再接続する"),
    (
        "switch services to backup",
        "サービスをバックアップに切り替える",
    ),
    ("end backup operation", "バックアップ運用を終える"),
    ("restore from backup", "バックアップから復旧する"),
    ("dispatch support teams", "支援チームを派遣する"),
    ("publish signatures", "シグネチャを公開する"),
    ("inject events", "事象を投入する"),
];

/// What a value found in place of a duration or a seed was, in Japanese.
const FOUND: &[(&str, &str)] = &[
    ("the number {}", "数 {0}"),
    ("a tuple or list", "タプルまたはリスト"),
    ("a struct or map", "構造体またはマップ"),
    ("a name", "名前"),
    ("a larger number", "より大きな数"),
];

/// The Japanese of an English message, if it is one of the known ones.
pub fn translate(en: &str) -> Option<String> {
    // A message about one channel's delay, as `check_params` writes it: `Phone: …`.
    if let Some((head, rest)) = en.split_once(": ")
        && !head.is_empty()
        && head.chars().all(|c| c.is_ascii_alphanumeric())
        && head.starts_with(|c: char| c.is_ascii_uppercase())
        && let Some(ja) = translate(rest)
    {
        return Some(format!("{head}: {ja}"));
    }
    TABLE.iter().find_map(|(pattern, ja)| {
        let caps = matches(pattern, en)?;
        let caps: Vec<String> = caps
            .iter()
            .map(|c| {
                VERBS
                    .iter()
                    .chain(FOUND)
                    .find_map(|(p, j)| matches(p, c).map(|cs| fill(j, &cs)))
                    // Lists read with the Japanese comma.
                    .unwrap_or_else(|| c.replace(", ", "、"))
            })
            .collect();
        Some(fill(ja, &caps))
    })
}

/// The texts `{}` stand for when `text` matches `pattern`, or `None`. Each `{}` matches
/// the shortest text after which the rest can still match.
fn matches<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let mut parts = pattern.split("{}");
    let first = parts.next().unwrap_or("");
    let rest = text.strip_prefix(first)?;
    let parts: Vec<&str> = parts.collect();
    fn go<'t>(parts: &[&str], text: &'t str, out: &mut Vec<&'t str>) -> bool {
        let Some((lit, more)) = parts.split_first() else {
            return text.is_empty();
        };
        if more.is_empty() {
            // The last literal ends the text.
            return text.strip_suffix(lit).map(|cap| out.push(cap)).is_some();
        }
        let mut from = 0;
        while let Some(i) = text[from..].find(lit).map(|i| i + from) {
            out.push(&text[..i]);
            if go(more, &text[i + lit.len()..], out) {
                return true;
            }
            out.pop();
            from = i + text[i..].chars().next().map_or(1, char::len_utf8);
        }
        false
    }
    let mut out = Vec::new();
    go(&parts, rest, &mut out).then_some(out)
}

/// `ja` with `{0}`, `{1}`, … replaced by the captures.
fn fill(ja: &str, caps: &[impl AsRef<str>]) -> String {
    let mut out = ja.to_string();
    for (i, c) in caps.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), c.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_with_captures_in_order() {
        assert_eq!(
            translate("unknown unit 'x' in duration \"3x\"; use d, h or m (e.g. \"1h30m\")")
                .as_deref(),
            Some("期間 \"3x\" に不明な単位 'x' があります。単位は d、h、m です（例: \"1h30m\"）")
        );
        assert_eq!(
            translate("a vendor may not send alerts; only nisc, ministry may").as_deref(),
            Some("vendor は注意喚起を送ることができません（できるのは nisc、ministry だけです）")
        );
        assert_eq!(
            translate("Phone: Uniform min 2h is greater than max 1h").as_deref(),
            Some("Phone: Uniform の min 2h が max 1h より大きくなっています")
        );
        assert_eq!(translate("something else"), None);
        assert_eq!(
            io_reason("No such file or directory (os error 2)"),
            "ファイルまたはディレクトリがありません（OS エラー 2）"
        );
    }
}
