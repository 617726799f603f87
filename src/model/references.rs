//! The passages and published documents that the `source` strings of the bundled graph
//! (assets/japan.ron) may cite, and the check that they cite nothing else.
//!
//! A source is either an honest assumption or a citation:
//!
//! * `assumption: <the reasoning>` — the number is designed; what a published figure
//!   would be checked against may follow;
//! * `seed 00N ~l.NNN: "<quote or paraphrase>"` — a line of the seed documents in
//!   `/work/shared/seeds/` (id `seed-00N-lNNN`; a range `~l.265-279` is `seed-002-l265-279`);
//! * `[id] <what it says>` — a published document listed below.
//!
//! A source may mix both (`[jwwa-2012-design-criteria] ...; assumption: ...`), but it starts
//! with the part that carries the claim, and a citation only leads when the passage
//! supports the specific claim (the dependency exists, its strength or its tolerance).
//! Every citation anywhere in a source must be listed here; `tests/it/citations.rs` checks
//! the bundled graph. docs/INFRASTRUCTURE.md has the table of edge kinds and their
//! sources.

/// One citable passage or document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The id a source cites, e.g. `seed-003-l144` or `mhlw-2012-disaster-hospitals`.
    pub id: &'static str,
    /// The document (and section or line).
    pub title: &'static str,
    /// What the passage says, and so what it can support.
    pub supports: &'static str,
}

const fn r(id: &'static str, title: &'static str, supports: &'static str) -> Reference {
    Reference {
        id,
        title,
        supports,
    }
}

/// Every reference the bundled graph may cite.
pub const REFERENCES: &[Reference] = &[
    // ----- Seed documents (Japanese government papers 2002-2009), by line -----
    r(
        "seed-000-l42",
        "MIC, 情報通信白書 H14 (2002), ch. 3 §6, around line 42",
        "Telecom carriers are expected to secure important communications in emergencies \
         (非常時における重要通信の確保). Supports: carriers carry an emergency-communications \
         duty. Does not give any dependency or figure.",
    ),
    r(
        "seed-000-l206",
        "MIC, 情報通信白書 H14 (2002), around line 206",
        "Security policy drafted or in progress at 43.3% of firms but 7.3% of local \
         governments; other measures at 1-2 in 10 local governments. Supports: local \
         governments' weaker security posture.",
    ),
    r(
        "seed-001-l65",
        "e-Japan 重点計画-2004, §5, around lines 65-67",
        "METI: strengthen information security in the electricity sector; an exercise based \
         on the latest security trends in FY2004. Supports: the power sector's drill history.",
    ),
    r(
        "seed-001-l277",
        "e-Japan 重点計画-2004, §5, around lines 275-277",
        "MIC: coordinate Telecom-ISAC Japan with foreign bodies on incidents that impede \
         telecom services or are expected to affect other critical infrastructure. Supports \
         only the general concern that telecom incidents reach other sectors; no specific \
         dependency, strength or tolerance.",
    ),
    r(
        "seed-002-l265-279",
        "第2次情報セキュリティ基本計画 (2009), table 1 安全基準等一覧, lines 265-279",
        "The ten critical-infrastructure sectors and sub-sectors with their safety standards.",
    ),
    r(
        "seed-002-l268",
        "第2次情報セキュリティ基本計画 (2009), table 1, line 268",
        "Telecom: 電気通信事業法 and its rules, 情報通信ネットワーク安全・信頼性基準, the telecom \
         safety standard. Supports: telecom operates under statutory safety standards.",
    ),
    r(
        "seed-002-l270",
        "第2次情報セキュリティ基本計画 (2009), table 1, line 270",
        "Finance: the titles of three FISC documents (security-policy guide, 金融機関等 \
         コンピュータシステムの安全対策基準・解説書, contingency-plan guide). Only the titles: \
         it does not say what the standards require.",
    ),
    r(
        "seed-002-l274",
        "第2次情報セキュリティ基本計画 (2009), table 1, line 274",
        "Electric power: guideline on technical and operating standards for power control \
         systems (電力制御システム等における技術的水準・運用基準に関するガイドライン).",
    ),
    r(
        "seed-002-l275",
        "第2次情報セキュリティ基本計画 (2009), table 1, line 275",
        "Gas: security guideline for manufacturing/supply control systems.",
    ),
    r(
        "seed-002-l277",
        "第2次情報セキュリティ基本計画 (2009), table 1, line 277",
        "Medical: 医療情報システムの安全管理に関するガイドライン 第2版.",
    ),
    r(
        "seed-002-l278",
        "第2次情報セキュリティ基本計画 (2009), table 1, line 278",
        "Water: 水道分野における情報セキュリティガイドライン.",
    ),
    r(
        "seed-002-l794",
        "第2次情報セキュリティ基本計画 (2009), footnote 43, line 794",
        "IT障害: a failure of a critical-infrastructure service (the service level cannot be \
         maintained) caused by an IT malfunction. Supports: the `required` level.",
    ),
    r(
        "seed-002-l1046",
        "第2次情報セキュリティ基本計画 (2009), around line 1046",
        "GSOC, in full operation from FY2008, is the hub of government emergency liaison and \
         attack analysis. Supports: national government monitoring.",
    ),
    r(
        "seed-002-l1118",
        "第2次情報セキュリティ基本計画 (2009), (ウ) 共通脅威分析, line 1118",
        "Continue the interdependency analysis: if an IT failure occurs in one sector, to \
         which other sectors does the impact spread. Supports: why the graph exists; no \
         figures.",
    ),
    r(
        "seed-003-l143",
        "METI, 情報セキュリティ総合戦略 (2003), 参考1, line 143 (government row)",
        "Operator error at Niihama city stopped online services and the issuing of resident \
         certificates and tax certificates (2003/05); UK MoD LAN shut 3 days by a virus \
         (2003/04); Blaster in Setagaya, Osaka, Yamaguchi, Japan Post (2003/08).",
    ),
    r(
        "seed-003-l144",
        "METI, 情報セキュリティ総合戦略 (2003), 参考1, line 144 (critical-infrastructure row)",
        "System-down examples: US rail signalling infected by a virus, trains stopped on 3 \
         lines near Washington (2003/08); SQL Slammer disrupted the Korean internet (2003/01); \
         DDoS on the 13 root DNS servers, 9 affected (2002/10); intrusion into a California \
         utility's grid systems (2001/06); intrusion into a Queensland water control system \
         released 1M litres of sewage (2000/03); a megabank's merger system integration left \
         direct debits unprocessed, ~1 month to recover (2002/04); internet banking fully down \
         by a database-server failure (2003/05); the flight-plan processing system went down \
         by a program error and nearly 200 flights were delayed nationwide (2003/03); a stock \
         exchange's trading and price systems went down (2003/07). Each example supports \
         only what it says.",
    ),
    // ----- Published documents -----
    r(
        "census-2020",
        "Statistics Bureau of Japan, 令和2年国勢調査 (2020 Census), prefectural populations",
        "Japan 126.15M; rounded to 10,000: kanto (Tokyo + 6 prefectures) 43.65M, kansai \
         (Osaka, Kyoto + 4 prefectures) 20.54M, chubu (the 4 Tokai prefectures) 14.92M, \
         kyushu (7 prefectures) 12.78M, tohoku (6 prefectures) 8.61M.",
    ),
    r(
        "mhlw-2020-water-coverage",
        "MHLW, 水道の基本統計 (water-supply coverage, FY2020)",
        "Piped-water coverage about 98% of the population.",
    ),
    r(
        "mhlw-2012-disaster-hospitals",
        "MHLW, 災害拠点病院指定要件 (医政発0321第2号, 21 Mar 2012)",
        "Disaster base hospitals keep generators of about 60% of normal generating capacity \
         with fuel for about 3 days; secure the water needed for care by receiving tanks of \
         suitable size, wells usable in a power cut or priority supply agreements (no \
         duration given); stock about 3 days of food, drinking water and medicines.",
    ),
    r(
        "jwwa-2012-design-criteria",
        "JWWA, 水道施設設計指針 (2012 edition), distribution facilities: 配水池 capacity",
        "A distribution reservoir's effective capacity is, as a standard, 12 hours of the \
         planned daily maximum supply.",
    ),
    r(
        "cao-2015-municipal-bcp",
        "Cabinet Office (disaster management), 市町村のための業務継続計画作成ガイド (May 2015), \
         emergency power among the six essential elements",
        "Municipal offices should be able to run emergency power for 72 hours after a large \
         disaster without outside supply. Applies to municipalities (incl. their fire \
         headquarters), not to the ministries.",
    ),
    r(
        "mic-2011-disaster-comms",
        "MIC, 大規模災害等緊急事態における通信確保の在り方に関する検討会, final report (Dec 2011)",
        "After 11 Mar 2011 many mobile base stations and some telecom buildings stopped \
         because long power cuts exhausted their backup batteries and generator fuel; base \
         stations' batteries lasted a few hours. Supports: telecom depends on grid power \
         beyond its backup, and the order of magnitude of the battery buffer.",
    ),
    r(
        "meti-2022-tightness-alert",
        "METI, 電力需給ひっ迫警報, first issued for 22 Mar 2022 (TEPCO and Tohoku areas)",
        "After the 16 Mar 2022 earthquake took plants offline, the Tokyo and Tohoku areas \
         relied on transfers from other areas and demand restraint. Supports: regional \
         utilities depend on interregional support when supply is tight.",
    ),
    r(
        "zengin-2023-outage",
        "Zengin-Net (全国銀行資金決済ネットワーク), system failure of 10-11 Oct 2023, its \
         incident reports",
        "A failure of the relay computers connecting several banks to the Zengin system left \
         their transfers to and from other banks unprocessed for two business days. Supports: \
         banks depend on the interbank network at once (no buffer).",
    ),
    r(
        "rfc-1035",
        "IETF RFC 1035, Domain names - implementation and specification (1987), §7.4 \
         Using the cache",
        "Answers are cached by the resolver for their TTL. The cache is in the resolver: it \
         buffers an outage of authoritative servers, not of the resolver itself; when a \
         carrier's resolvers fail, their users lose name resolution at once (stub and \
         browser caches hold a few names for minutes).",
    ),
    r(
        "icao-annex14-ch8",
        "ICAO Annex 14, Aerodromes, Vol. I, chapter 8 (Electrical systems)",
        "Secondary power supply for visual aids and radio navigation aids; it does not cover \
         terminal operations, baggage or fuel hydrants.",
    ),
    r(
        "broadcast-act-108",
        "放送法 (Broadcast Act) art. 108, broadcasting in disasters",
        "Broadcasters must broadcast disaster-prevention information in disasters. Says \
         nothing about how long their backup power lasts.",
    ),
    // ----- Published figures found by the hindcasts (docs/VALIDATION.md) -----
    r(
        "wn-2023-hokkaido-blackout",
        "Weathernews, 北海道胆振東部地震から5年 (6 Sep 2023), \
         https://news.biglobe.ne.jp/domestic/0906/wth_230906_8202596553.html",
        "In the whole-area blackout of Hokkaido (6 Sep 2018, about 2.95 M households) water \
         was cut in 44 municipalities to at most about 68,000 households. Supports: the share \
         of water supply a long regional blackout takes (an upper bound: the count includes \
         the earthquake's own damage).",
    ),
    r(
        "asahi-2018-ntt-east-batteries",
        "Asahi Shimbun (via news.kantsuu.com), NTT東日本 固定電話12万7千回線が不通 (7 Sep 2018), \
         http://news.kantsuu.com/201809/20180907204218_707235.shtml",
        "NTT East's telecom buildings in Hokkaido began to run out of backup batteries on the \
         night of 6 Sep (the blackout began at 03:08 that day), 59 of about 600 buildings by \
         13:00 on 7 Sep; 127,000 fixed lines out. Supports: the telecom buildings' buffer, \
         15-21 h.",
    ),
    r(
        "asahi-2018-base-station-batteries",
        "Asahi Shimbun (via news.kantsuu.com), 携帯電話あと4時間で使えなくなる? (6 Sep 2018), \
         http://news.kantsuu.com/201809/20180906203528_707048.shtml",
        "KDDI: base stations have generators or backup batteries lasting about 3 to 24 hours; \
         NTT Docomo: about 24 h near key facilities, a few hours elsewhere. Supports: the \
         base stations' buffer, 3 h for the first to stop.",
    ),
    r(
        "mainichi-2018-hokkaido-rail",
        "Mainichi Shimbun (Kyodo), 新千歳閉鎖4万人影響 鉄道全線ストップ (6 Sep 2018), \
         http://mainichi.jp/articles/20180906/k00/00e/040/274000c",
        "With the whole-area blackout every railway of Hokkaido stopped (JR Hokkaido, Sapporo \
         subway and trams, Hakodate trams, South Hokkaido Railway). Supports: electric rail \
         has no buffer.",
    ),
    r(
        "ntv-2022-110-calls",
        "NTV News, 通信障害 アメダス観測データ送信不具合続く (4 Jul 2022), \
         https://news.ntv.co.jp/articles/711ca46f8a8645f0b554683299e14a78",
        "During the KDDI outage of 2-4 July 2022 emergency (110) calls on 2-3 July were about a \
         tenth fewer than the weekend before: fewer from KDDI phones, more from public phones. \
         Supports: the share of emergency calls through one carrier's mobile network.",
    ),
    r(
        "rinaldi-2001",
        "Rinaldi, Peerenboom & Kelly (2001), Identifying, understanding and analyzing critical \
         infrastructure interdependencies, IEEE Control Systems Magazine 21(6)",
        "The four kinds of interdependency: physical, cyber, geographic, logical.",
    ),
];

/// The reference with this id.
pub fn lookup(id: &str) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.id == id)
}

/// The reference ids a source cites, in order: every `seed 00N ~l.NNN[-MMM]` and every
/// `[id]`. A seed named without a line (`seed 003 (...)`) is returned as `seed-003-l?`,
/// which is never a known id: a citation must say where.
pub fn cited_ids(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let b = source.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if source[i..].starts_with("seed ") && b.get(i + 5).is_some_and(u8::is_ascii_digit) {
            let doc: String = source[i + 5..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let mut j = i + 5 + doc.len();
            let line = if source[j..].starts_with(" ~l.") {
                j += 4;
                let l: String = source[j..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '-')
                    .collect();
                j += l.len();
                l.trim_end_matches('-').to_string()
            } else {
                "?".to_string()
            };
            ids.push(format!("seed-{doc}-l{line}"));
            i = j;
        } else if b[i] == b'[' {
            let rest = &source[i + 1..];
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            if !id.is_empty() && rest[id.len()..].starts_with(']') && id.contains('-') {
                ids.push(id.clone());
                i += id.len() + 2;
            } else {
                i += 1;
            }
        } else {
            i += source[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    ids
}

/// Checks a source: it starts with `assumption:` or with a citation, and every citation
/// in it is a known reference.
pub fn check_source(source: &str) -> Result<(), SourceError> {
    let s = source.trim();
    if s.is_empty() {
        return Err(SourceError::Missing);
    }
    let ids = cited_ids(s);
    let unknown: Vec<String> = ids
        .iter()
        .filter(|id| lookup(id).is_none())
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(SourceError::Unknown(unknown));
    }
    let leads_with_citation = !ids.is_empty()
        && (s.starts_with("seed ") || (s.starts_with('[') && s[1..].starts_with(&ids[0][..])));
    if s.starts_with("assumption:") || leads_with_citation {
        Ok(())
    } else {
        Err(SourceError::NoLead)
    }
}

/// What is wrong with a source ([`check_source`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// Nothing written.
    #[error("no source: write a citation or `assumption: <the reasoning>`")]
    Missing,
    /// Citations of references the list does not hold.
    #[error("cites what the reference list (src/model/references.rs) does not hold: {}", .0.join(", "))]
    Unknown(Vec<String>),
    /// Neither `assumption:` nor a citation first.
    #[error("starts neither with `assumption:` nor with a known citation")]
    NoLead,
}

/// What an edge's numbers rest on, read from its source: the published document whose
/// citation carries the knob's tag, `[id]{strength}` or `[id]{tolerance}` (both may
/// follow one citation). An untagged knob rests on an assumption (or on a document that
/// shows the dependency exists without giving the number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grounding {
    /// The document giving the strength, if one does.
    pub strength: Option<String>,
    /// The document giving the tolerance (the buffer), if one does.
    pub tolerance: Option<String>,
}

/// The knobs of an edge that rest on a published figure, by the tags in its source.
pub fn grounding(source: &str) -> Grounding {
    let mut g = Grounding::default();
    let mut rest = source;
    while let Some(i) = rest.find("]{") {
        let before = &rest[..i];
        let id = before.rfind('[').map(|j| &before[j + 1..]).unwrap_or("");
        let mut tail = &rest[i + 1..];
        while let Some(t) = tail.strip_prefix('{') {
            let Some(end) = t.find('}') else { break };
            let knob = &t[..end];
            let slot = match knob {
                "strength" => &mut g.strength,
                "tolerance" => &mut g.tolerance,
                _ => break,
            };
            if slot.is_none() && !id.is_empty() {
                *slot = Some(id.to_string());
            }
            tail = &t[end + 1..];
        }
        rest = tail;
    }
    g
}

/// Tags that name something other than `strength` or `tolerance`, or follow no known
/// citation (a typo would otherwise make a figure look like an assumption).
pub fn bad_tags(source: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let mut from = 0;
    while let Some(i) = source[from..].find('{').map(|i| i + from) {
        let Some(end) = source[i + 1..].find('}').map(|e| e + i + 1) else {
            break;
        };
        let knob = &source[i + 1..end];
        let before = &source[..i];
        let tagged_citation = before.ends_with(']') || before.ends_with('}');
        if !matches!(knob, "strength" | "tolerance") || !tagged_citation {
            bad.push(knob.to_string());
        }
        from = end + 1;
    }
    bad
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_name_the_knob_that_rests_on_the_citation_before_them() {
        let g = grounding("[a-b]{tolerance} 12h; [c-d]{strength} 3%; assumption: rest");
        assert_eq!(g.tolerance.as_deref(), Some("a-b"));
        assert_eq!(g.strength.as_deref(), Some("c-d"));
        let both = grounding("[x-y]{strength}{tolerance} both");
        assert_eq!(
            (both.strength.as_deref(), both.tolerance.as_deref()),
            (Some("x-y"), Some("x-y"))
        );
        assert_eq!(grounding("assumption: [a-b] cf."), Grounding::default());
        assert_eq!(bad_tags("[a-b]{tolerance}{strenght}"), ["strenght"]);
        assert_eq!(bad_tags("share {strength} alone"), ["strength"]);
        assert!(bad_tags("[a-b]{strength}{tolerance}").is_empty());
    }

    use super::*;

    #[test]
    fn ids_are_unique_and_cited_ids_parse() {
        for (i, a) in REFERENCES.iter().enumerate() {
            assert!(REFERENCES[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
        }
        assert_eq!(
            cited_ids("seed 003 ~l.144: x; [rfc-1035] y; seed 002 ~l.265-279; seed 004's z"),
            [
                "seed-003-l144",
                "rfc-1035",
                "seed-002-l265-279",
                "seed-004-l?"
            ]
        );
        assert!(cited_ids("share in [0, 1] and [x]").is_empty());
    }
}
