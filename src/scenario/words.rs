//! The data layer's words for typed errors, in English and Japanese: the model's
//! (durations, ids, distributions, roles, permissions, building the graph) and its own
//! (reading files, durations and seeds as written). One exhaustive match per type, so a new
//! variant does not compile until it has both; nothing is translated from English text.
//!
//! The English of a model error is its `Display` (thiserror), written once beside the
//! type; the Japanese is here.

use super::diagnostics::{Lang, Say, Text};
use super::schema::{DurationProblem, MAX_DURATION, SeedProblem};
use crate::model::drill::role::RoleError;
use crate::model::drill::{ActionClass, RoleKind, StaticRefusal};
use crate::model::ids::{IdError, MAX_KEY_LEN};
use crate::model::{BuildError, DistProblem, DurationError, Infrastructure, Ministry, Sector};

/// `a、b、c`: a list in Japanese.
pub(crate) fn list_ja<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join("、")
}

fn sector_ids() -> Vec<&'static str> {
    Sector::ALL.iter().map(|s| s.id()).collect()
}

fn ministry_ids() -> Vec<&'static str> {
    Ministry::ALL.iter().map(|m| m.id()).collect()
}

/// The id alphabet, in Japanese.
const KEY_ALPHABET_JA: &str = "英数字と '-'、'_'、'.'、'/'";

impl Say for DurationError {
    fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            DurationError::Empty => {
                "期間が空です。\"90m\"、\"2h\"、\"1d12h\" のように書きます".into()
            }
            DurationError::Negative(t) => {
                format!("負の期間 \"{t}\" は使えません（期間は 0 以上）")
            }
            DurationError::Overflow(t) => format!("期間 \"{t}\" が長すぎます"),
            DurationError::UnknownUnit { unit, text } => format!(
                "期間 \"{text}\" に不明な単位 '{unit}' があります。単位は d、h、m です（例: \"1h30m\"）"
            ),
            DurationError::MissingNumber { unit, text } => {
                format!("期間 \"{text}\" の '{unit}' の前に数がありません")
            }
            DurationError::NoUnit(t) => {
                format!("期間 \"{t}\" の末尾の数に単位がありません。d、h、m のいずれかを付けます")
            }
        }
    }
}

impl Say for DurationProblem {
    fn say(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match self {
            DurationProblem::Parse(e) => e.say(lang),
            DurationProblem::Negative(m) if ja => {
                format!("負の期間 {m} は使えません（期間は 0 以上）")
            }
            DurationProblem::Negative(m) => format!("negative duration {m}; durations are ≥ 0"),
            DurationProblem::TooLong(m) if ja => format!(
                "期間 {m} が上限の 36500d（100 年、{} 分）を超えています",
                MAX_DURATION.0
            ),
            DurationProblem::TooLong(m) => format!(
                "duration {m} is longer than the maximum 36500d (100 years, {} minutes)",
                MAX_DURATION.0
            ),
            DurationProblem::NotADuration(found) if ja => format!(
                "期間は \"90m\"、\"12h\"、\"3d\"、\"1d12h\" のように書くか、分を整数で書きます（指定値: {found}）"
            ),
            DurationProblem::NotADuration(found) => {
                format!("expected {}; found {found}", super::schema::DURATION_FORMS)
            }
        }
    }
}

impl Say for SeedProblem {
    fn say(&self, lang: Lang) -> String {
        // ron reads a whole number past u64 as a float: say so rather than print it.
        let past_u64 = self.0.bytes().all(|b| b.is_ascii_digit());
        match (lang, past_u64) {
            (Lang::En, false) => format!(
                "the seed must be a non-negative integer (0 to {}), got {}",
                u64::MAX,
                self.0
            ),
            (Lang::En, true) => format!(
                "the seed must be a non-negative integer (0 to {}), got a larger number",
                u64::MAX
            ),
            (Lang::Ja, false) => format!(
                "シードは 0 以上の整数（0〜{}）で指定します（指定値: {}）",
                u64::MAX,
                self.0
            ),
            (Lang::Ja, true) => format!(
                "シードは 0 以上の整数（0〜{}）で指定します（指定値: より大きな数）",
                u64::MAX
            ),
        }
    }
}

impl Say for IdError {
    /// Follows the id it is about: `operator id "a b" …`.
    fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            IdError::Empty => {
                format!("が空です。{KEY_ALPHABET_JA} を 1〜{MAX_KEY_LEN} 文字で書きます")
            }
            IdError::BadChar { ch, at } => format!(
                "の {at} 文字目に {}U+{:04X} があります。ID に使えるのは{KEY_ALPHABET_JA}だけです",
                IdError::shown(*ch),
                *ch as u32
            ),
            IdError::TooLong { len } => format!(
                "が {len} 文字あります。ID は{KEY_ALPHABET_JA}で {MAX_KEY_LEN} 文字までです"
            ),
        }
    }
}

impl Say for DistProblem {
    fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            DistProblem::UniformOrder { min, max } => {
                format!("Uniform の min {min} が max {max} より大きくなっています")
            }
            DistProblem::TriangularOrder { min, mode, max } => format!(
                "Triangular は min ≤ mode ≤ max である必要があります（指定値: {min}、{mode}、{max}）"
            ),
            DistProblem::Sigma(s) => {
                format!("LogNormal の sigma は 0 以上が必要です（指定値: {s}）")
            }
        }
    }
}

impl Say for RoleError {
    fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            RoleError::TakesNoPart(h) => format!("ロール \"{h}\" には \":…\" の部分を付けません"),
            RoleError::UnknownMinistry(t) => format!(
                "不明な省庁 \"{t}\"。次のいずれかを使います: {}",
                list_ja(ministry_ids())
            ),
            RoleError::UnknownSector(t) => format!(
                "不明な分野 \"{t}\"。次のいずれかを使います: {}",
                list_ja(sector_ids())
            ),
            RoleError::UnknownOperator {
                given,
                guess: Some(g),
            } => format!("不明な事業者 \"{given}\"。もしかして \"operator:{g}\" ですか？"),
            RoleError::UnknownOperator { given, guess: None } => {
                format!("不明な事業者 \"{given}\"。事業者 ID は `rensa list` で確認できます")
            }
            RoleError::UnknownRole(t) => format!(
                "不明なロール \"{t}\"。ロールは control、nisc、gsoc、ministry:<id>、ceptor:<sector>、council、operator:<id>、police、vendor、jpcert、public のいずれかです"
            ),
            RoleError::Guess { given, guess } => {
                format!("不明なロール \"{given}\"。もしかして \"{guess}\" ですか？")
            }
            RoleError::OperatorForm { example } => format!(
                "事業者のロールは `operator:<operator-id>` と書きます（例: \"operator:{example}\"）。事業者 ID は `rensa list` で確認できます"
            ),
            RoleError::CeptorForm => format!(
                "CEPTOR のロールは `ceptor:<sector>` と書きます。分野は次のいずれかです: {}",
                list_ja(sector_ids())
            ),
            RoleError::MinistryForm => format!(
                "省庁のロールは `ministry:<ministry>` と書きます。省庁は次のいずれかです: {}",
                list_ja(ministry_ids())
            ),
        }
    }
}

impl Say for BuildError {
    fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            BuildError::Duplicate(k) => format!("ID \"{k}\" が重複しています"),
            BuildError::UnknownService { key } => format!("不明なサービス \"{key}\""),
        }
    }
}

/// What a role of a class does, in Japanese, to be followed by `ことができません`.
fn verb_ja(class: ActionClass) -> &'static str {
    match class {
        ActionClass::Report => "報告を送る",
        ActionClass::Alert => "注意喚起を送る",
        ActionClass::Request => "要請を送る",
        ActionClass::Instruction => "指示する",
        ActionClass::SupportRequest => "支援を要請する",
        ActionClass::Announcement => "公表する",
        ActionClass::Note => "メモを送る",
        ActionClass::Forward => "メッセージを転送する",
        ActionClass::Isolate => "システムを切り離す",
        ActionClass::Reconnect => "システムを再接続する",
        ActionClass::SwitchToBackup => "サービスをバックアップに切り替える",
        ActionClass::EndBackup => "バックアップ運用を終える",
        ActionClass::RestoreFromBackup => "バックアップから復旧する",
        ActionClass::DispatchSupport => "支援チームを派遣する",
        ActionClass::PublishSignature => "シグネチャを公開する",
        ActionClass::Inject => "事象を投入する",
        ActionClass::GrantPermission => "情報の共有を許可する",
    }
}

/// `a ceptor may not isolate systems; only operator may`, in both languages.
pub(crate) fn not_permitted(class: ActionClass, kind: RoleKind) -> Text {
    let who: Vec<&str> = class.allowed().iter().map(|k| k.id()).collect();
    let article = if kind.id().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    Text::new(
        format!(
            "{article} {} may not {}; only {} may",
            kind.id(),
            class.verb(),
            who.join(", ")
        ),
        format!(
            "{} は{}ことができません（できるのは {} だけです）",
            kind.id(),
            verb_ja(class),
            list_ja(who)
        ),
    )
}

/// Why an action can never take effect ([`StaticRefusal`]), in both languages.
pub(crate) fn static_refusal(r: &StaticRefusal, infra: &Infrastructure) -> Text {
    match r {
        StaticRefusal::NotPermitted { class, role_kind } => not_permitted(*class, *role_kind),
        StaticRefusal::SenderOutsidePolicy => Text::new(
            "`Sender` only makes sense in a policy answering a message",
            "`Sender` はメッセージに応答するポリシーの中でだけ使えます",
        ),
        StaticRefusal::NoRecipients => Text::new(
            "the message has no recipients",
            "メッセージに宛先がありません",
        ),
        StaticRefusal::NotOwnService { service, owner } => {
            let (s, o) = (&infra.service(*service).key, &infra.operator(*owner).key);
            Text::new(
                format!("{s} belongs to {o}; an operator can only act on its own services"),
                format!("{s} は {o} のサービスです。事業者が操作できるのは自社のサービスだけです"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Minutes;

    /// Every variant, in both languages: the Japanese holds no English sentence (the
    /// quoted values aside) and the English is the error's `Display`.
    #[test]
    fn every_model_error_has_its_japanese() {
        let infra = crate::model::Infrastructure::builder().build();
        let cases: Vec<Text> = vec![
            DurationProblem::Negative(-5).text(),
            DurationProblem::TooLong(Minutes(u64::MAX)).text(),
            DurationProblem::NotADuration("true".into()).text(),
            SeedProblem("-1".into()).text(),
            SeedProblem("99999999999999999999".into()).text(),
            DurationError::Empty.text(),
            DurationError::Negative("-2h".into()).text(),
            DurationError::Overflow("9999999999999999999999".into()).text(),
            DurationError::UnknownUnit {
                unit: 'x',
                text: "2x".into(),
            }
            .text(),
            DurationError::MissingNumber {
                unit: 'h',
                text: "h".into(),
            }
            .text(),
            DurationError::NoUnit("1h5".into()).text(),
            IdError::Empty.text(),
            IdError::BadChar { ch: ' ', at: 2 }.text(),
            IdError::TooLong { len: 70 }.text(),
            DistProblem::UniformOrder {
                min: Minutes(2),
                max: Minutes(1),
            }
            .text(),
            DistProblem::TriangularOrder {
                min: Minutes(3),
                mode: Minutes(1),
                max: Minutes(2),
            }
            .text(),
            DistProblem::Sigma(-1.0).text(),
            RoleError::TakesNoPart("nisc".into()).text(),
            RoleError::UnknownMinistry("x".into()).text(),
            RoleError::UnknownSector("x".into()).text(),
            RoleError::UnknownOperator {
                given: "x".into(),
                guess: Some("y".into()),
            }
            .text(),
            RoleError::UnknownOperator {
                given: "x".into(),
                guess: None,
            }
            .text(),
            RoleError::UnknownRole("x".into()).text(),
            RoleError::Guess {
                given: "x".into(),
                guess: "y".into(),
            }
            .text(),
            RoleError::OperatorForm {
                example: "x".into(),
            }
            .text(),
            RoleError::CeptorForm.text(),
            RoleError::MinistryForm.text(),
            BuildError::Duplicate("x".into()).text(),
            BuildError::UnknownService { key: "x".into() }.text(),
            static_refusal(&StaticRefusal::SenderOutsidePolicy, &infra),
            static_refusal(&StaticRefusal::NoRecipients, &infra),
            static_refusal(
                &StaticRefusal::NotPermitted {
                    class: ActionClass::Isolate,
                    role_kind: RoleKind::Ceptor,
                },
                &infra,
            ),
        ];
        for c in cases {
            assert_ne!(c.en, c.ja);
            assert!(!c.ja.is_ascii(), "no Japanese in {:?}", c.ja);
        }
        assert_eq!(
            not_permitted(ActionClass::Isolate, RoleKind::Ceptor).en,
            "a ceptor may not isolate systems; only operator may"
        );
        assert_eq!(
            not_permitted(ActionClass::DispatchSupport, RoleKind::Operator).en,
            "an operator may not dispatch support teams; only nisc may"
        );
    }
}
