//! Words of the terminal UI (`rensa play`): screen titles, key hints, form labels and the
//! documented effect and cost of each action class, in English and Japanese. Names of
//! things and sentences about what happened come from [`super::Words`].

use super::Lang;
use crate::model::drill::ActionClass;
use crate::session::types::Census;

/// A fixed piece of UI text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is the text it names
pub enum Label {
    Title,
    ChooseRole,
    Players,
    OtherRoles,
    Paused,
    Running,
    Speed,
    Seat,
    Unread,
    Board,
    Events,
    Inbox,
    Actions,
    Compose,
    Deps,
    Score,
    Control,
    Help,
    Lessons,
    End,
    Unknown,
    NotKnown,
    From,
    LabelTlp,
    Sent,
    Delivered,
    Kind,
    About,
    Attack,
    Text,
    To,
    Effect,
    Cost,
    Answer,
    Taken,
    Refused,
    NoMessages,
    NoEvents,
    NoActions,
    DependsOn,
    DependedOnBy,
    Losing,
    Objectives,
    Status,
    UnreadBySeat,
    InjectLibrary,
    WorldNow,
    ControlMessage,
    JumpTo,
    RewindTo,
    Minute,
    WentWell,
    WentBadly,
    ScoreOneToFive,
    SaveDone,
    SaveFailed,
    AarHint,
    QuitConfirm,
    Finished,
    Keys,
    Observed,
    ToldBy,
    GroundTruth,
    Branch,
    SwitchSeat,
    Incidents,
    OnBackup,
    BelowRequired,
    Isolated,
    Yes,
    No,
    NoLog,
    Source,
    Sanitised,
    SanitisedHint,
    Chain,
    Message,
    ChooseRecipients,
    LabelForbidsMark,
    ForwardTo,
    GrantTo,
    EmptyMessage,
    ForwardMessage,
    ScoreAtEnd,
    AarAtEnd,
    AarWritten,
    Filter,
    NoMatch,
    SetPassphrase,
    SetPassphraseHint,
    Unlock,
    UnlockHint,
    DurationHint,
    NotADuration,
    RunToEnd,
    NotAPlayer,
    NothingNew,
    LockedOut,
    NotLater,
    NotEarlier,
    NotAllowed,
    PassphraseNeeded,
    WrongPassphrase,
    TooSmall,
    SpeedUnit,
    KeysIgnored,
}

/// The text of `label` in `lang`.
pub fn label(lang: Lang, label: Label) -> &'static str {
    use Label::*;
    let (en, ja) = match label {
        Title => ("rensa — cyber exercise", "rensa 連鎖 — サイバー演習"),
        ChooseRole => ("Choose your seat", "担当する役割を選択"),
        Players => ("Players", "プレイヤー"),
        OtherRoles => ("Other roles", "その他の役割"),
        Paused => ("PAUSED", "一時停止"),
        Running => ("RUNNING", "進行中"),
        Speed => ("speed", "速度"),
        Seat => ("seat", "席"),
        Unread => ("unread", "未読"),
        Board => ("Sectors", "分野"),
        Events => ("Timeline", "時系列"),
        Inbox => ("Inbox", "受信箱"),
        Actions => ("Actions", "対応"),
        Compose => ("Compose", "作成"),
        Deps => ("Dependencies", "依存関係"),
        Score => ("Score", "評価"),
        Control => ("Exercise control", "統制"),
        Help => ("Help — keys", "ヘルプ — キー"),
        Lessons => ("Lessons learned", "教訓"),
        End => ("Drill saved", "演習の保存"),
        Unknown => ("?", "?"),
        NotKnown => ("not known to this seat", "この席には不明"),
        From => ("from", "送信者"),
        LabelTlp => ("label", "区分"),
        Sent => ("sent", "送信"),
        Delivered => ("delivered", "受信"),
        Kind => ("kind", "種別"),
        About => ("about", "件名"),
        Attack => ("attack", "攻撃"),
        Text => ("text", "本文"),
        To => ("to", "宛先"),
        Effect => ("effect", "効果"),
        Cost => ("cost", "代償"),
        Answer => ("answer", "結果"),
        Taken => ("taken", "実施"),
        Refused => ("refused", "拒否"),
        NoMessages => ("no messages", "メッセージなし"),
        NoEvents => ("nothing yet", "まだ何もありません"),
        NoActions => (
            "no action open to this seat",
            "この席が取れる対応はありません",
        ),
        DependsOn => ("depends on", "依存先"),
        DependedOnBy => ("depended on by", "依存元"),
        Losing => ("delivering loss", "供給途絶中"),
        Objectives => ("Objectives", "目標"),
        Status => ("status", "状況"),
        UnreadBySeat => ("unread by seat", "席別の未読"),
        InjectLibrary => ("inject library", "インジェクト一覧"),
        WorldNow => ("the world now", "現在の状況"),
        ControlMessage => ("message to a seat", "席へのメッセージ"),
        JumpTo => ("jump to minute", "指定分へ移動"),
        RewindTo => ("rewind to minute (new branch)", "指定分へ巻き戻し（分岐）"),
        Minute => ("minute", "分"),
        WentWell => ("went well", "良かった点"),
        WentBadly => ("went badly", "課題"),
        ScoreOneToFive => ("score 1–5", "評価 1〜5"),
        SaveDone => ("saved", "保存しました"),
        SaveFailed => ("could not save", "保存できません"),
        AarHint => ("after-action report", "事後検証報告"),
        QuitConfirm => (
            "The drill is not saved. Quit anyway? (y/n)",
            "演習は未保存です。終了しますか？ (y/n)",
        ),
        Finished => ("drill ended", "演習終了"),
        Keys => ("keys", "キー"),
        Observed => ("observed", "自ら検知"),
        ToldBy => ("told by message", "通報で把握"),
        GroundTruth => ("ground truth", "実態"),
        Branch => ("branch", "分岐"),
        SwitchSeat => ("switch seat", "席の交代"),
        Incidents => ("incidents", "インシデント"),
        OnBackup => ("on backup", "バックアップ運用"),
        BelowRequired => ("below required", "必要水準未満"),
        Isolated => ("isolated", "切り離し中"),
        Yes => ("yes", "はい"),
        No => ("no", "いいえ"),
        NoLog => ("no save file: started without one", "保存先がありません"),
        Source => ("source", "情報源"),
        Sanitised => ("sanitised", "匿名化"),
        SanitisedHint => (
            "attack kind and sector only: no incident, victim or details",
            "攻撃種別と分野のみ（インシデント・被害者・詳細なし）",
        ),
        Chain => ("forwarded", "転送経路"),
        Message => ("Message", "メッセージ"),
        ChooseRecipients => (
            "choose at least one recipient (Space ticks one)",
            "宛先を一つ以上選んでください（Space で選択）",
        ),
        LabelForbidsMark => ("  (label forbids)", "  （区分上不可）"),
        ForwardTo => ("Forward to", "転送先"),
        GrantTo => ("Let this role receive it", "共有を許可する相手"),
        EmptyMessage => (
            "not sent: the message has neither a subject nor text",
            "送信しません: 件名も本文もありません",
        ),
        ForwardMessage => ("forward message", "メッセージを転送"),
        ScoreAtEnd => (
            "how the objectives stand is shown when the drill has ended",
            "目標の達成状況は演習終了後に表示されます",
        ),
        AarAtEnd => (
            "the after-action report opens when the drill has ended",
            "事後検証報告は演習終了後に作成できます",
        ),
        AarWritten => ("after-action report written", "事後検証報告を作成しました"),
        Filter => ("type to filter", "入力で絞り込み"),
        NoMatch => ("no role matches", "該当する役割がありません"),
        SetPassphrase => ("Control's passphrase", "統制のパスフレーズ"),
        SetPassphraseHint => (
            "set it now: a player seat hands the keyboard back only with it",
            "設定してください: プレイヤー席からはこのパスフレーズでのみ統制に戻れます",
        ),
        Unlock => ("Back to exercise control", "統制に戻る"),
        UnlockHint => ("control's passphrase", "統制のパスフレーズを入力"),
        DurationHint => (
            "a time from T+0: 90, 90m, 30h, 2d 4h",
            "T+0 からの時間: 90、90m、30h、2d 4h",
        ),
        NotADuration => (
            "not a time: write 90 (minutes), 30h or 2d 4h",
            "時間として読めません: 90（分）、30h、2d 4h のように入力",
        ),
        RunToEnd => (
            "Past the end: run to the end of the drill,",
            "終了時刻を超えています: 演習終了",
        ),
        NotAPlayer => (
            "not a player of this drill: choose a player or control",
            "この演習のプレイヤーではありません: プレイヤーか統制を選択",
        ),
        NothingNew => (
            "nothing new for this seat",
            "この席に新しい事象はありません",
        ),
        LockedOut => (
            "too many wrong passphrases: wait a moment",
            "パスフレーズの誤りが続きました: しばらく待ってください",
        ),
        NotLater => (
            "g goes forward only: type a later time than now",
            "g は先へ進むだけです: 現在より後の時刻を入力",
        ),
        NotEarlier => (
            "r goes back only: type an earlier time than now",
            "r は戻るだけです: 現在より前の時刻を入力",
        ),
        NotAllowed => ("not for this seat", "この席では使えません"),
        PassphraseNeeded => ("a passphrase is needed", "パスフレーズが必要です"),
        WrongPassphrase => ("wrong passphrase", "パスフレーズが違います"),
        TooSmall => (
            "terminal too small: rensa play needs at least",
            "端末が小さすぎます: 必要な大きさ",
        ),
        SpeedUnit => ("min/s", "分/秒"),
        KeysIgnored => (
            "the drill has ended: keys are ignored for a moment",
            "演習終了: しばらくキー入力を無視します",
        ),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// A command the UI offers: the words of the hint bar and the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is the command it names
pub enum Command {
    Quit,
    Help,
    Back,
    Select,
    Move,
    NextScreen,
    PauseResume,
    Faster,
    Slower,
    Step,
    Jump,
    Save,
    Lessons,
    Compose,
    Actions,
    Inbox,
    Board,
    Deps,
    Score,
    Control,
    SwitchSeat,
    Rewind,
    Inject,
    Message,
    Field,
    Type,
    Send,
    Toggle,
    Report,
    Open,
    Forward,
    Grant,
    Page,
    Ends,
    Take,
    Choose,
    Scroll,
    ClearOrQuit,
    RunToEnd,
    BackToControl,
    Chat,
    Observe,
}

/// A sector's name short enough for a narrow pane, cut deliberately.
pub fn sector_short(lang: Lang, s: crate::model::Sector) -> &'static str {
    use crate::model::Sector::*;
    let (en, ja) = match s {
        InfoComm => ("Info & comms", "情報通信"),
        Finance => ("Finance", "金融"),
        Aviation => ("Aviation", "航空"),
        Railway => ("Railways", "鉄道"),
        Electricity => ("Electricity", "電力"),
        Gas => ("Gas", "ガス"),
        Government => ("Government", "政府・行政"),
        Medical => ("Medical", "医療"),
        Water => ("Water", "水道"),
        Logistics => ("Logistics", "物流"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// Exercise control's two lines on the world now: incidents, impairments and attacks;
/// then the operators isolating, on backup and supported.
pub fn census(lang: Lang, c: &Census) -> [String; 2] {
    match lang {
        Lang::En => [
            format!(
                "incidents open {} · impairments {} ({} under repair) · attacks running {}",
                c.incidents_open, c.impairments, c.under_repair, c.compromises_running
            ),
            format!(
                "operators isolating {} · on backup {} · supported {}",
                c.operators_isolated, c.operators_on_backup, c.operators_supported
            ),
        ],
        Lang::Ja => [
            format!(
                "未解決インシデント {} · 機能低下 {}（復旧中 {}）· 進行中の攻撃 {}",
                c.incidents_open, c.impairments, c.under_repair, c.compromises_running
            ),
            format!(
                "事業者: 隔離中 {} · バックアップ運用 {} · 支援チーム派遣 {}",
                c.operators_isolated, c.operators_on_backup, c.operators_supported
            ),
        ],
    }
}

/// What a command does, in `lang`.
pub fn command(lang: Lang, c: Command) -> &'static str {
    use Command::*;
    let (en, ja) = match c {
        Quit => ("quit", "終了"),
        Help => ("help", "ヘルプ"),
        Back => ("back", "戻る"),
        Select => ("choose", "選択"),
        Move => ("move", "移動"),
        NextScreen => ("next screen", "次の画面"),
        PauseResume => ("pause/run", "停止/再開"),
        Faster => ("faster", "速く"),
        Slower => ("slower", "遅く"),
        Step => ("next event", "次の事象"),
        Jump => ("jump to minute", "指定分へ"),
        Save => ("save", "保存"),
        Lessons => ("lessons & end", "教訓と終了"),
        Compose => ("compose", "作成"),
        Actions => ("actions", "対応"),
        Inbox => ("inbox", "受信箱"),
        Board => ("sectors", "分野"),
        Deps => ("dependencies", "依存関係"),
        Score => ("score", "評価"),
        Control => ("control", "統制"),
        SwitchSeat => ("switch seat", "席の交代"),
        Rewind => ("rewind & branch", "巻き戻し"),
        Inject => ("inject", "インジェクト"),
        Message => ("message a seat", "席へ連絡"),
        Field => ("next field", "次の項目"),
        Type => ("type", "入力"),
        Send => ("send", "送信"),
        Toggle => ("toggle", "切替"),
        Report => ("AAR", "報告書"),
        Open => ("open", "開く"),
        Forward => ("forward", "転送"),
        Grant => ("grant permission", "共有を許可"),
        Page => ("page", "ページ"),
        Ends => ("first/last", "先頭/末尾"),
        Take => ("take it", "実施"),
        Choose => ("change", "変更"),
        Scroll => ("scroll", "スクロール"),
        ClearOrQuit => ("clear filter / quit", "絞り込み解除/終了"),
        RunToEnd => ("run to the end", "終了まで進める"),
        BackToControl => ("back to control", "統制に戻る"),
        Chat => ("chat with control", "統制とチャット"),
        Observe => ("record an observation", "所見を記録"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// The documented effect and cost of an action class (docs/DRILL.md), in `lang`.
pub fn effect_and_cost(lang: Lang, class: ActionClass) -> (&'static str, &'static str) {
    use ActionClass::*;
    let (en, ja) = match class {
        Report => (
            (
                "tells the recipients what you know",
                "takes a delivery delay",
            ),
            ("把握した事実を宛先に伝える", "配送遅延あり"),
        ),
        Alert => (
            (
                "warns of an attack kind: recipients raise detection",
                "none",
            ),
            ("攻撃種別を注意喚起し検知力を高める", "なし"),
        ),
        Request => (
            ("asks the recipients for information or help", "none"),
            ("情報・支援を依頼する", "なし"),
        ),
        Instruction => (
            ("directs the recipients", "none"),
            ("宛先へ指示する", "なし"),
        ),
        SupportRequest => (
            ("asks NISC for a support team", "none"),
            ("NISCへ支援チームを要請する", "なし"),
        ),
        Announcement => (
            ("informs the public through the media", "public attention"),
            ("報道を通じて国民へ周知する", "社会的注目"),
        ),
        Note => (("a note, no effect", "none"), ("メモ（効果なし）", "なし")),
        Forward => (
            (
                "passes a message on, within its label",
                "takes a delivery delay",
            ),
            ("区分の範囲で転送する", "配送遅延あり"),
        ),
        Isolate => (
            (
                "stops attacks travelling through those systems",
                "services lose those systems' share",
            ),
            (
                "そのシステム経由の攻撃を止める",
                "そのシステム分のサービス水準が下がる",
            ),
        ),
        Reconnect => (
            (
                "restores the systems' share of service",
                "attacks may travel again",
            ),
            ("システムを再接続しサービスを戻す", "攻撃が再び伝わりうる"),
        ),
        SwitchToBackup => (
            ("buffers of the service hold longer", "a cost in level"),
            ("サービスの耐性時間が延びる", "水準が下がる"),
        ),
        EndBackup => (
            (
                "returns the service to normal operation",
                "buffers hold shorter again",
            ),
            ("通常運用に戻す", "耐性時間が元に戻る"),
        ),
        RestoreFromBackup => (
            ("repairs of data-destroying impacts finish sooner", "none"),
            ("データ破壊の復旧が早まる", "なし"),
        ),
        DispatchSupport => (
            ("the operator's repairs go faster", "one of NISC's teams"),
            ("事業者の復旧が早まる", "NISC支援チーム1班"),
        ),
        PublishSignature => (
            (
                "detection rises everywhere; repairs of that kind go faster",
                "none",
            ),
            ("全体の検知力が上がり復旧が早まる", "なし"),
        ),
        Inject => (
            ("an ad-hoc event happens now", "changes the drill"),
            ("臨時の事象を今発生させる", "演習内容が変わる"),
        ),
        GrantPermission => (
            (
                "lets your labelled information reach a role",
                "wider spread",
            ),
            ("区分付き情報の共有範囲を広げる", "拡散"),
        ),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_has_words_in_both_languages() {
        for c in ActionClass::ALL {
            for lang in Lang::ALL {
                let (e, k) = effect_and_cost(lang, c);
                assert!(!e.is_empty() && !k.is_empty(), "{c:?} {lang:?}");
            }
        }
        assert_ne!(label(Lang::En, Label::Inbox), label(Lang::Ja, Label::Inbox));
    }
}
