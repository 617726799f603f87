//! Words of `rensa serve` (docs/SERVE.md): the server's log for the organiser, what a
//! remote participant's terminal is told outside the seat's screens, and the chat and
//! evaluation panes, in English and Japanese.

use super::Lang;
use crate::model::drill::Rating;
use std::fmt::Write as _;

/// Something the server did or refused, for its log. Every refusal names the peer, so an
/// organiser can tell a participant's typo from a probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Listening.
    Listening {
        /// The address.
        addr: String,
        /// The host key's fingerprint.
        fingerprint: String,
    },
    /// A seat was taken.
    Joined {
        /// The peer.
        peer: String,
        /// The seat.
        seat: String,
        /// How it proved itself: `key SHA256:…` or `join code`.
        by: String,
    },
    /// A seat was left.
    Left {
        /// The peer.
        peer: String,
        /// The seat.
        seat: String,
        /// Why (closed, idle, quit, error).
        why: String,
    },
    /// A public key was refused for a user name.
    RefusedKey {
        /// The peer.
        peer: String,
        /// The user name asked for.
        user: String,
        /// The key's fingerprint.
        fingerprint: String,
    },
    /// A join code was wrong.
    RefusedCode {
        /// The peer.
        peer: String,
        /// The user name asked for.
        user: String,
    },
    /// A password was tried (never accepted).
    RefusedPassword {
        /// The peer.
        peer: String,
        /// The user name.
        user: String,
    },
    /// A seat was asked for while another connection holds it.
    RefusedTaken {
        /// The peer.
        peer: String,
        /// The seat.
        seat: String,
        /// The peer that holds it.
        holder: String,
    },
    /// A request of a kind the server never grants: exec, a subsystem, port forwarding,
    /// agent or X11 forwarding, a second channel, an environment variable other than the
    /// language.
    RefusedRequest {
        /// The peer.
        peer: String,
        /// The seat, if authenticated.
        seat: String,
        /// The request (`exec "ls"`, `subsystem sftp`, `port forwarding to x:22`, …).
        what: String,
    },
    /// A shell asked for without a terminal.
    RefusedNoPty {
        /// The peer.
        peer: String,
        /// The seat.
        seat: String,
    },
    /// Input over the connection's rate limit was dropped.
    RateLimited {
        /// The peer.
        peer: String,
        /// The seat.
        seat: String,
        /// Events dropped in this burst.
        dropped: u64,
    },
    /// A seat's window size was out of range and was clamped.
    Clamped {
        /// The peer.
        peer: String,
        /// The size asked for.
        asked: (u32, u32),
        /// The size used.
        used: (u16, u16),
    },
    /// The drill log could not be written: the drill takes nothing more in.
    LogFailed {
        /// Why.
        why: String,
    },
    /// A chat line or an action was accepted (the log holds its words; this says who).
    Accepted {
        /// The seat.
        seat: String,
        /// What: `action`, `chat`, `observation`, `lesson`, `clock`.
        what: String,
        /// The drill's minute.
        at: String,
    },
}

/// One line of the server's log for `e`.
pub fn event(lang: Lang, e: &Event) -> String {
    let mut s = String::new();
    let _ = match (lang, e) {
        (Lang::En, Event::Listening { addr, fingerprint }) => {
            write!(s, "listening on {addr}; host key {fingerprint}")
        }
        (Lang::Ja, Event::Listening { addr, fingerprint }) => {
            write!(s, "{addr} で待ち受け中。ホスト鍵 {fingerprint}")
        }
        (Lang::En, Event::Joined { peer, seat, by }) => {
            write!(s, "joined: seat {seat} from {peer} by {by}")
        }
        (Lang::Ja, Event::Joined { peer, seat, by }) => {
            write!(s, "参加: 座席 {seat}（{peer}、{by}）")
        }
        (Lang::En, Event::Left { peer, seat, why }) => {
            write!(s, "left: seat {seat} from {peer} ({why})")
        }
        (Lang::Ja, Event::Left { peer, seat, why }) => {
            write!(s, "退出: 座席 {seat}（{peer}、{why}）")
        }
        (
            Lang::En,
            Event::RefusedKey {
                peer,
                user,
                fingerprint,
            },
        ) => write!(
            s,
            "refused: key {fingerprint} for user {user} from {peer} (not a key of that seat)"
        ),
        (
            Lang::Ja,
            Event::RefusedKey {
                peer,
                user,
                fingerprint,
            },
        ) => write!(
            s,
            "拒否: ユーザー {user} の鍵 {fingerprint}（{peer}、その座席の鍵ではありません）"
        ),
        (Lang::En, Event::RefusedCode { peer, user }) => {
            write!(s, "refused: wrong join code for user {user} from {peer}")
        }
        (Lang::Ja, Event::RefusedCode { peer, user }) => {
            write!(s, "拒否: ユーザー {user} の参加コードが違います（{peer}）")
        }
        (Lang::En, Event::RefusedPassword { peer, user }) => write!(
            s,
            "refused: password for user {user} from {peer} (only keys and join codes)"
        ),
        (Lang::Ja, Event::RefusedPassword { peer, user }) => write!(
            s,
            "拒否: ユーザー {user} のパスワード（{peer}、鍵と参加コードのみ受け付けます）"
        ),
        (Lang::En, Event::RefusedTaken { peer, seat, holder }) => write!(
            s,
            "refused: seat {seat} for {peer}: taken by the connection from {holder}"
        ),
        (Lang::Ja, Event::RefusedTaken { peer, seat, holder }) => write!(
            s,
            "拒否: 座席 {seat}（{peer}）は {holder} からの接続が使用中です"
        ),
        (Lang::En, Event::RefusedRequest { peer, seat, what }) => {
            write!(s, "refused: {what} from {peer} (seat {seat})")
        }
        (Lang::Ja, Event::RefusedRequest { peer, seat, what }) => {
            write!(s, "拒否: {what}（{peer}、座席 {seat}）")
        }
        (Lang::En, Event::RefusedNoPty { peer, seat }) => write!(
            s,
            "refused: a shell without a terminal from {peer} (seat {seat})"
        ),
        (Lang::Ja, Event::RefusedNoPty { peer, seat }) => {
            write!(s, "拒否: 端末なしのシェル（{peer}、座席 {seat}）")
        }
        (
            Lang::En,
            Event::RateLimited {
                peer,
                seat,
                dropped,
            },
        ) => write!(
            s,
            "rate limit: {dropped} input events dropped from {peer} (seat {seat})"
        ),
        (
            Lang::Ja,
            Event::RateLimited {
                peer,
                seat,
                dropped,
            },
        ) => write!(
            s,
            "流量制限: {peer}（座席 {seat}）の入力 {dropped} 件を破棄"
        ),
        (Lang::En, Event::Clamped { peer, asked, used }) => write!(
            s,
            "window {}×{} from {peer} clamped to {}×{}",
            asked.0, asked.1, used.0, used.1
        ),
        (Lang::Ja, Event::Clamped { peer, asked, used }) => write!(
            s,
            "{peer} の画面 {}×{} を {}×{} に制限",
            asked.0, asked.1, used.0, used.1
        ),
        (Lang::En, Event::LogFailed { why }) => write!(
            s,
            "the drill log cannot be written ({why}): the drill accepts nothing more"
        ),
        (Lang::Ja, Event::LogFailed { why }) => write!(
            s,
            "演習ログに書き込めません（{why}）。これ以降の入力は受け付けません"
        ),
        (Lang::En, Event::Accepted { seat, what, at }) => {
            write!(s, "accepted: {what} from seat {seat} at {at}")
        }
        (Lang::Ja, Event::Accepted { seat, what, at }) => {
            write!(s, "受理: 座席 {seat} の{what}（{at}）")
        }
    };
    s
}

/// A fixed text of `rensa serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is the text it names
pub enum Text {
    /// The keyboard-interactive prompt.
    CodePrompt,
    /// Told to a connection whose seat is taken.
    SeatTaken,
    /// Told to a shell without a terminal.
    NeedPty,
    /// Told before closing an idle seat.
    Idle,
    /// Told when the server stops.
    Stopping,
    /// The printed heading of the join codes.
    CodesHeading,
    /// How to join, printed at start.
    HowToJoin,
    /// The chat pane's title.
    Chat,
    /// The chat pane's title for exercise control.
    ChatControl,
    /// The chat input's hint.
    ChatHint,
    /// Nothing in the chat yet.
    NoChat,
    /// "to control".
    ToControl,
    /// "to everyone".
    ToEveryone,
    /// "everyone", a chat line's recipient.
    Everyone,
    /// The observation form's title.
    Observe,
    /// The objective field.
    Objective,
    /// The rating field.
    Rating,
    /// The observation text field.
    Note,
    /// The observations so far.
    Observations,
    /// The observation form's hint.
    ObserveHint,
    /// Recorded.
    Recorded,
    /// Chat unread, with its key.
    ChatUnread,
    /// Sent.
    ChatSent,
    /// Refused: the drill log cannot be written.
    LogDown,
    /// An evaluator watches; it does not act.
    ReadOnly,
}

/// The words of `t`.
pub fn text(lang: Lang, t: Text) -> &'static str {
    let (en, ja) = match t {
        Text::CodePrompt => ("Join code: ", "参加コード: "),
        Text::SeatTaken => (
            "This seat is in use by another connection. Ask exercise control.",
            "この座席は別の接続が使用中です。演習統制に連絡してください。",
        ),
        Text::NeedPty => (
            "rensa serve needs a terminal: connect with `ssh -t`.",
            "rensa serve には端末が必要です。`ssh -t` で接続してください。",
        ),
        Text::Idle => (
            "No key for too long: the seat is freed. Connect again to rejoin.",
            "長時間操作がなかったため座席を解放しました。再接続すると戻れます。",
        ),
        Text::Stopping => (
            "The drill server is stopping.",
            "演習サーバーを停止します。",
        ),
        Text::CodesHeading => (
            "Join codes (one seat each):",
            "参加コード（座席ごとに一つ）:",
        ),
        Text::HowToJoin => (
            "Participants join with: ssh -p PORT SEAT@HOST (a key), or ssh -p PORT join@HOST and type the code.",
            "参加者は ssh -p ポート 座席名@ホスト（鍵）、または ssh -p ポート join@ホスト でコードを入力して参加します。",
        ),
        Text::Chat => ("Chat with exercise control", "演習統制とのチャット"),
        Text::ChatControl => ("Chat with the seats", "各座席とのチャット"),
        Text::ChatHint => (
            "type, Enter send, Tab recipient, Esc close",
            "入力、Enter 送信、Tab 宛先、Esc 閉じる",
        ),
        Text::NoChat => ("No chat yet.", "チャットはまだありません。"),
        Text::ToControl => ("to control", "統制へ"),
        Text::ToEveryone => ("to everyone", "全員へ"),
        Text::Everyone => ("everyone", "全員"),
        Text::Observe => ("Observation", "所見"),
        Text::Objective => ("Objective", "目標"),
        Text::Rating => ("Rating", "評価"),
        Text::Note => ("Note", "記述"),
        Text::Observations => ("Observations", "所見一覧"),
        Text::ObserveHint => (
            "Tab field, ←→ choose (or P S M U), type the note, Enter record, Esc close",
            "Tab 項目、←→ 選択（P S M U も可）、記述を入力、Enter 記録、Esc 閉じる",
        ),
        Text::Recorded => ("recorded", "記録しました"),
        Text::ChatUnread => ("chat", "チャット"),
        Text::ChatSent => ("sent", "送信しました"),
        Text::LogDown => (
            "the drill log cannot be written: nothing more is accepted",
            "演習ログに書き込めないため、これ以上は受け付けません",
        ),
        Text::ReadOnly => ("evaluator: read-only", "評価者: 閲覧のみ"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// An HSEEP rating in words: its letter and meaning.
pub fn rating(lang: Lang, r: Rating) -> &'static str {
    match (lang, r) {
        (Lang::En, Rating::Performed) => "P — performed without challenges",
        (Lang::En, Rating::SomeChallenges) => "S — performed with some challenges",
        (Lang::En, Rating::MajorChallenges) => "M — performed with major challenges",
        (Lang::En, Rating::Unable) => "U — unable to be performed",
        (Lang::Ja, Rating::Performed) => "P — 支障なく実施",
        (Lang::Ja, Rating::SomeChallenges) => "S — 一部支障ありで実施",
        (Lang::Ja, Rating::MajorChallenges) => "M — 重大な支障ありで実施",
        (Lang::Ja, Rating::Unable) => "U — 実施できず",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_reads_in_both_languages() {
        let e = Event::RefusedRequest {
            peer: "127.0.0.1:5000".into(),
            seat: "hinode".into(),
            what: "exec \"ls\"".into(),
        };
        assert_eq!(
            event(Lang::En, &e),
            "refused: exec \"ls\" from 127.0.0.1:5000 (seat hinode)"
        );
        assert!(event(Lang::Ja, &e).starts_with("拒否: "));
    }
}
