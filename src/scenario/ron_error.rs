//! `ron`'s syntax and type errors as diagnostics, in English and Japanese, from the
//! error's *kind* (`ron::error::Error`'s variant and its typed fields), never from its
//! text: a change of wording in `ron` or `serde` cannot turn a message back into their
//! English. Where a kind says too little (a quoted name where a name was expected, a
//! tuple of the wrong length, a value of the wrong type), the value at the error's
//! position is looked up in the text ([`SpanIndex::at`]) and named from there.

use super::diagnostics::{Diagnostic, Say, Source, Text, did_you_mean};
use super::schema::{DurationProblem, RawDuration, SEED_FORMS, SeedProblem, too_long};
use super::spans::{Pos, Span, SpanIndex};
use super::words::list_ja;
use crate::model::Minutes;
use crate::model::time::DURATION_FORMS;
use ron::error::Error as E;

/// What a user calls the value of an enum the file format names `name` (the serde name of
/// one of the schema's or the model's enums), in both languages.
fn noun(name: Option<&str>) -> Text {
    let (en, ja) = match name.unwrap_or("") {
        "Goal" => ("goal", "目標の種類"),
        "Target" => ("target", "対象の種類"),
        "InjectKind" => ("inject kind", "インジェクトの種類"),
        "Condition" => ("condition", "条件の種類"),
        "InfrastructureSource" => ("infrastructure source", "インフラの指定"),
        "Addressee" | "Recipient" => ("recipient", "宛先"),
        "Action" => ("action", "行動"),
        "Tlp" => ("TLP label", "TLP ラベル"),
        "Sector" => ("sector", "分野"),
        "SubSector" => ("sub-sector", "下位分野"),
        "SystemKind" => ("system kind", "システムの種類"),
        "DependencyKind" => ("dependency kind", "依存関係の種類"),
        "FailureCause" => ("failure cause", "障害の原因"),
        "Hazard" => ("hazard", "災害の種類"),
        "AttackKind" => ("attack kind", "攻撃の種類"),
        "Serves" => ("`serves` value", "`serves` の値"),
        "ActionClass" => ("action class", "行動の種類"),
        "ReportTo" => ("report recipient", "報告先"),
        "Channel" => ("channel", "経路"),
        "MessageKind" => ("message kind", "メッセージの種類"),
        "RoleSelector" => ("role selector", "ロールの選び方"),
        "RoleKind" => ("role kind", "ロールの種類"),
        "Trigger" => ("trigger", "きっかけ"),
        "Response" => ("response", "対応"),
        "SupportTarget" => ("support target", "支援先"),
        "PolicySet" => ("policy set", "ポリシーの指定"),
        "Dist" => ("distribution", "分布"),
        "StageEffect" => ("stage effect", "段階の効果"),
        "SharedTo" => ("sharing target", "共有先"),
        "Down" => ("what may be down", "停止を数える対象"),
        _ => ("name", "名前"),
    };
    Text::new(en, ja)
}

/// The enum a field of this name holds, where every schema type agrees on it: its noun
/// and its variants (read from serde, so they cannot drift from the types).
fn enum_of_field(field: &str) -> Option<(Text, &'static [&'static str])> {
    use crate::model::drill::Tlp;
    use crate::model::{AttackKind, FailureCause, Hazard, Sector, Serves, SubSector};
    let (name, variants) = match field {
        "label" => ("Tlp", variants::<Tlp>()),
        "sector" => ("Sector", variants::<Sector>()),
        "sub_sector" => ("SubSector", variants::<SubSector>()),
        "cause" => ("FailureCause", variants::<FailureCause>()),
        "hazard" => ("Hazard", variants::<Hazard>()),
        "attack" => ("AttackKind", variants::<AttackKind>()),
        "serves" => ("Serves", variants::<Serves>()),
        _ => return None,
    };
    Some((noun(Some(name)), variants))
}

/// The variant names of a unit-variant enum, as serde knows them: asked for a variant
/// that no enum has, serde's derived code answers with the list.
pub(crate) fn variants<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    match ron::from_str::<T>("NoSuchVariantAnywhere") {
        Err(e) => match e.code {
            E::NoSuchEnumVariant { expected, .. } => expected,
            _ => &[],
        },
        Ok(_) => &[],
    }
}

/// `a, b, c` in English and `a、b、c` in Japanese, each name in backticks.
fn names(list: &[&str]) -> Text {
    let q: Vec<String> = list.iter().map(|n| format!("`{n}`")).collect();
    Text::new(q.join(", "), list_ja(&q))
}

/// The text of a value as written: from its start to its end, or to the end of its line.
fn raw(text: &str, span: Span) -> String {
    let line = text
        .lines()
        .nth(span.start.line.saturating_sub(1))
        .unwrap_or("");
    let from = line.chars().skip(span.start.col.saturating_sub(1));
    if span.end.line == span.start.line && span.end.col > span.start.col {
        from.take(span.end.col - span.start.col).collect()
    } else {
        from.collect::<String>().trim_end().to_string()
    }
}

/// A value as written, for a message: at most 40 characters, unsafe ones escaped.
fn shown(raw: &str) -> String {
    let mut out: String = raw.chars().take(40).collect();
    if raw.chars().count() > 40 {
        out.push('…');
    }
    super::diagnostics::visible(&out)
}

/// A diagnostic for one of `ron`'s errors: its message and suggestion in both languages,
/// at the value it is about.
pub(crate) fn diagnostic(src: &Source<'_>, err: &ron::error::SpannedError) -> Diagnostic {
    let index = SpanIndex::new(src.text);
    let start = Pos {
        line: err.span.start.line.max(1),
        col: err.span.start.col.max(1),
    };
    let end = Pos {
        line: err.span.end.line.max(1),
        col: err.span.end.col.max(1),
    };
    // The value the error is about, where one starts at or holds the position.
    let here = index.at(start);
    let (pos, end, message, help) = match &err.code {
        E::InvalidValueForType { expected, found } => {
            // ron points just inside a string or after a minus sign: the value holding
            // the position is what was written.
            let span = here.as_ref().map(|v| v.span).unwrap_or(Span { start, end });
            let (m, h) = invalid_value(expected, found, &raw(src.text, span));
            (span.start, Some(span.end), m, h)
        }
        code => {
            let (m, h) = kind(code, here.as_ref().map(|v| (v.path.last_field(), v.name)));
            (start, (end > start).then_some(end), m, h)
        }
    };
    let mut d = src.say(pos, message, help);
    d.end = end;
    d
}

/// A value of the wrong type: `expected` is what the type's visitor asked for. The
/// data layer's own forms (durations, seeds) are recognised by their constants (never by
/// a dependency's words) and told precisely from the value as written.
fn invalid_value(expected: &str, found: &str, raw: &str) -> (Text, Option<Text>) {
    let shown = shown(raw);
    if expected == DURATION_FORMS {
        let problem = if let Some(t) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            RawDuration::Text(t.to_string()).resolve().err()
        } else if let Ok(n) = raw.parse::<i64>() {
            RawDuration::Minutes(n).resolve().err()
        } else if let Ok(n) = raw.parse::<u64>() {
            too_long(Minutes(n))
        } else {
            None
        };
        let problem = problem.unwrap_or(DurationProblem::NotADuration(shown));
        return (problem.text(), None);
    }
    if expected == SEED_FORMS {
        return (SeedProblem(shown).text(), None);
    }
    // Any other visitor (ron's own kinds cover serde's primitive types): its words in
    // English, and in Japanese what is certain without them.
    let message = Text::new(
        format!("expected {expected}, found {found}"),
        format!("ここには {shown} は書けません（値の型が違います）"),
    );
    (message, None)
}

/// The message and suggestion for an error kind; `here` is the field the error sits in
/// and the name written before its value, where the text shows them.
fn kind(code: &E, here: Option<(Option<&str>, Option<&str>)>) -> (Text, Option<Text>) {
    let field = here.and_then(|(f, _)| f);
    let name = here.and_then(|(_, n)| n);
    fn t(en: impl Into<String>, ja: impl Into<String>) -> Text {
        Text::new(en, ja)
    }
    let outer_en = |o: &Option<String>| match o {
        Some(o) => format!(" in `{o}`"),
        None => String::new(),
    };
    let outer_ja = |o: &Option<String>| match o {
        Some(o) => format!("`{o}` の"),
        None => String::new(),
    };
    let message = match code {
        E::Fmt => t("could not write RON", "RON を書き出せませんでした"),
        E::Io(s) => t(s.clone(), "読み込めません"),
        E::Message(s) => t(s.clone(), "この値は使えません"),
        E::Eof => t(
            "the file ends too early: a closing bracket or a value is missing",
            "ファイルが途中で終わっています（閉じ括弧か値が足りません）",
        ),
        E::ExpectedArray => t("expected a list `[…]`", "リスト `[…]` が必要です"),
        E::ExpectedArrayEnd => t(
            "expected `]` to close the list",
            "リストを閉じる `]` が必要です",
        ),
        E::ExpectedAttribute => t(
            "expected an `#![enable(...)]` attribute",
            "`#![enable(...)]` 属性が必要です",
        ),
        E::ExpectedAttributeEnd => t(
            "expected `)]` after the enable attribute",
            "enable 属性の後に閉じる `)]` が必要です",
        ),
        E::ExpectedBoolean => t(
            "expected `true` or `false`",
            "真偽値（true か false）が必要です",
        ),
        E::ExpectedComma => t(
            "expected `,` between this and the value before it",
            "この前の値との間にカンマ `,` が必要です",
        ),
        E::ExpectedChar => t("expected a character `'x'`", "文字 `'x'` が必要です"),
        E::ExpectedByteLiteral => t("expected a byte literal", "バイトリテラルが必要です"),
        E::ExpectedFloat => t("expected a number", "数が必要です"),
        E::FloatUnderscore => t(
            "`_` is not allowed in a number with a fraction",
            "小数に `_` は使えません",
        ),
        E::ExpectedInteger => t("expected a whole number", "整数が必要です"),
        E::ExpectedOption => t(
            "expected `Some(…)` or `None`",
            "オプション値（`Some(...)` か `None`）が必要です",
        ),
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => {
            t("expected `)`", "閉じる `)` が必要です")
        }
        E::ExpectedMap => t("expected a map `{…}`", "マップ `{…}` が必要です"),
        E::ExpectedMapColon => t("expected `:`", "コロン `:` が必要です"),
        E::ExpectedMapEnd => t("expected `}`", "閉じる `}` が必要です"),
        E::ExpectedDifferentStructName { expected, found } => t(
            format!("expected `{expected}(…)`, found `{found}(…)`"),
            format!("`{expected}(…)` が必要ですが、`{found}(…)` が書かれています"),
        ),
        E::ExpectedStructLike => t("expected `(`", "`(` が必要です"),
        E::ExpectedNamedStructLike("") => t("expected `(…)`", "`(…)` が必要です"),
        E::ExpectedNamedStructLike(name) => t(
            format!("expected `{name}(…)`"),
            format!("`{name}(…)` が必要です"),
        ),
        E::ExpectedUnit => t("expected `()`", "`()` が必要です"),
        E::ExpectedString => t(
            "expected a string in double quotes",
            "二重引用符で囲んだ文字列が必要です",
        ),
        E::ExpectedByteString => t("expected a byte string", "バイト文字列が必要です"),
        E::ExpectedStringEnd => t(
            "the string is not closed: a `\"` is missing",
            "文字列が閉じていません（`\"` が足りません）",
        ),
        E::ExpectedIdentifier => match field.and_then(enum_of_field) {
            Some((what, list)) => {
                let n = names(list);
                t(
                    format!("expected a {}: one of {}", what.en, n.en),
                    format!("{}が必要です。次のいずれかを書きます: {}", what.ja, n.ja),
                )
            }
            None => t(
                "expected a name here, written without quotes",
                "ここには名前（引用符なし）が必要です",
            ),
        },
        E::InvalidEscape(_) => t(
            "invalid escape sequence in a string",
            "文字列に不正なエスケープがあります",
        ),
        E::IntegerOutOfBounds => t("the number is out of range here", "数が範囲外です"),
        E::InvalidIntegerDigit { digit, base } => t(
            format!("invalid digit {digit:?} for a base-{base} number"),
            format!("{base} 進数に使えない数字 {digit:?} があります"),
        ),
        E::NoSuchExtension(n) => t(
            format!("unknown RON extension `{n}`"),
            format!("RON 拡張 `{n}` はありません"),
        ),
        E::Utf8Error(_) => t("invalid UTF-8", "UTF-8 として正しくないバイトがあります"),
        E::UnclosedBlockComment => t(
            "a block comment `/* … */` is not closed",
            "ブロックコメントが閉じていません",
        ),
        E::UnclosedLineComment => t("a line comment is not closed", "行コメントが閉じていません"),
        E::UnderscoreAtBeginning => t(
            "a number cannot start with `_`",
            "数の先頭に `_` は使えません",
        ),
        E::UnexpectedChar(c) => t(
            format!("unexpected character {c:?}"),
            format!("予期しない文字 {c:?} があります"),
        ),
        E::TrailingCharacters => t(
            "unexpected text after the end of the value",
            "値の後に余分な文字があります",
        ),
        // Handled by the caller, which knows the value; kept for exhaustiveness.
        E::InvalidValueForType { expected, found } => t(
            format!("expected {expected}, found {found}"),
            "値の型が違います",
        ),
        E::ExpectedDifferentLength { found, .. } => match name {
            Some(n) => t(
                format!("`{n}` takes a different number of values ({found} given)"),
                format!("`{n}` の値の個数が違います（{found} 個）"),
            ),
            None => t(
                format!("a different number of values is expected here ({found} given)"),
                format!("値の個数が違います（{found} 個）"),
            ),
        },
        E::NoSuchEnumVariant {
            found, outer: o, ..
        } => {
            let what = noun(o.as_deref());
            t(
                format!("unknown {} `{found}`", what.en),
                format!("不明な{} `{found}`", what.ja),
            )
        }
        E::NoSuchStructField {
            found, outer: o, ..
        } => t(
            format!("unknown field `{found}`{}", outer_en(o)),
            format!("{}不明なフィールド `{found}` があります", outer_ja(o)),
        ),
        E::MissingStructField { field, outer: o } => t(
            format!("the field `{field}` is missing{}", outer_en(o)),
            format!("{}フィールド `{field}` がありません", outer_ja(o)),
        ),
        E::DuplicateStructField { field, outer: o } => t(
            format!("the field `{field}` is written twice{}", outer_en(o)),
            format!("{}フィールド `{field}` が重複しています", outer_ja(o)),
        ),
        E::InvalidIdentifier(s) => t(
            format!("invalid identifier {s:?}"),
            format!("不正な識別子 {s:?} です"),
        ),
        E::SuggestRawIdentifier(s) => t(
            format!("{s:?} cannot be an identifier here; write `r#{s}`"),
            format!("識別子 {s:?} は使えません。`r#{s}` と書きます"),
        ),
        E::ExpectedRawValue => t("expected a RON value", "RON の値が必要です"),
        E::ExceededRecursionLimit => t("values are nested too deeply", "入れ子が深すぎます"),
        E::ExpectedStructName(name) => t(
            format!("expected the name `{name}` before `(`"),
            format!("`(` の前に名前 `{name}` が必要です"),
        ),
        E::ExpectedRangeSyntax => t("expected `..` or `..=`", "範囲の `..` か `..=` が必要です"),
        // A kind a later ron adds: its own English, and Japanese that says what it is.
        #[allow(unreachable_patterns)]
        other => t(other.to_string(), "RON として正しくありません"),
    };
    (message, suggestion(code, field))
}

/// What to do about an error, where it can be guessed.
fn suggestion(code: &E, field: Option<&str>) -> Option<Text> {
    let closest = |found: &str, expected: &[&str]| {
        did_you_mean(found, expected.iter().copied()).map(|s| {
            Text::new(
                format!("did you mean `{s}`?"),
                format!("もしかして `{s}` ですか？"),
            )
        })
    };
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => closest(found, expected).or_else(|| {
            let n = names(expected);
            let (en, ja) = match outer {
                Some(o) => (format!("`{o}` takes"), format!("`{o}` に書けるフィールド")),
                None => (
                    "the fields here are".into(),
                    "ここに書けるフィールド".into(),
                ),
            };
            Some(if expected.is_empty() {
                Text::new(format!("{en} no fields"), format!("{ja}はありません"))
            } else {
                Text::new(format!("{en}: {}", n.en), format!("{ja}: {}", n.ja))
            })
        }),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => closest(found, expected).or_else(|| {
            let n = names(expected);
            Some(Text::new(
                format!("one of: {}", n.en),
                format!("次のいずれかを書きます: {}", n.ja),
            ))
        }),
        E::MissingStructField { field, .. } => Some(Text::new(
            format!("add `{field}: …`"),
            format!("`{field}: …` を追加します"),
        )),
        E::ExpectedDifferentStructName {
            expected: "Scenario",
            found,
        } if found == "Drill" => Some(Text::new(
            "this is a drill log: run it with `rensa replay FILE`",
            "これは演習ログです。`rensa replay FILE` で再生します",
        )),
        E::ExpectedIdentifier => {
            let (f, (_, list)) = field.and_then(|f| Some((f, enum_of_field(f)?)))?;
            let example = list.first()?;
            Some(Text::new(
                format!("write the name without quotes, e.g. `{f}: {example}`"),
                format!("名前は引用符なしで書きます（例: `{f}: {example}`）"),
            ))
        }
        _ => None,
    }
}
