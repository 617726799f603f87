//! The bundled library of drills: every scenario in `scenarios/`, embedded in the binary so
//! `rensa scenarios` lists them and `rensa new NAME --from ID` copies one from any
//! directory. Each entry is the file's text plus what a listing needs that the file does not
//! say in one field: the sectors its drill is meant to hit (origin first) and the
//! objectives that are deliberately certain under the reference playbook, with the reason.
//! Titles, briefings, duration and the roles to play are read from the file itself, so
//! they cannot drift from it.

use super::load::{NoFiles, Resolver, load_str, parse_ron};
use super::schema::ScenarioFile;
use super::{Diagnostics, LoadError};
use crate::model::{Minutes, Scenario, Sector};

/// One drill of the library.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The id, `rensa run ID` style: the file's stem (`rail-signal-worm`).
    pub id: &'static str,
    /// Where the file lives in the repository (how it is named in messages).
    pub path: &'static str,
    /// The file's text, embedded.
    pub text: &'static str,
    /// The sectors the drill is built to hit, the origin first (the listing's "sectors
    /// hit"; tests/it/library.rs checks that each one loses service in some run).
    pub sectors: &'static [Sector],
    /// Objectives whose outcome is the same in every run of the reference playbook, on
    /// purpose, with why (tests/it/library.rs accepts them as certain and no others).
    pub certain: &'static [(&'static str, &'static str)],
}

macro_rules! entry {
    ($id:literal, [$($s:ident),* $(,)?], [$($c:expr),* $(,)?]) => {
        Entry {
            id: $id,
            path: concat!("scenarios/", $id, ".ron"),
            text: include_str!(concat!("../../scenarios/", $id, ".ron")),
            sectors: &[$(Sector::$s),*],
            certain: &[$($c),*],
        }
    };
}

/// Why an objective on forwarding TLP:RED is certain under the playbook.
const RED_RULE: &str = "the reference playbook never forwards a TLP:RED message, so it always \
meets this; the objective is a rule for the players, who can break it";
/// Why the default drill's and the worm drill's two-hour ministry reports are never met.
const PLAYBOOK_TOO_SLOW: &str = "the playbook's report takes 30m-2h to write and 30m-4h to \
reach a ministry, so it never reports every incident within 2h; the objective asks the \
players to be faster than the playbook";

/// Why water holds in the grid drill since the Hokkaido hindcast.
const WATER_HOLDS: &str = "a regional blackout takes 3% of water supply (the 2018 Hokkaido \
blackout cut water to at most 68,000 of 2.95 M households; docs/VALIDATION.md), so water never \
falls below its required level through power alone; the objective stays for players who \
isolate the water utility's own systems";

/// The library, in listing order: the default drill first, then by seed incident.
pub const LIBRARY: &[Entry] = &[
    entry!(
        "telecom-ddos",
        [InfoComm, Finance, Aviation, Government, Logistics, Medical],
        [
            ("ministry-in-2h", PLAYBOOK_TOO_SLOW),
            ("no-red-forward", RED_RULE)
        ]
    ),
    entry!(
        "cold-snap-scada",
        [
            Electricity,
            Railway,
            Medical,
            InfoComm,
            Water,
            Gas,
            Logistics,
            Government
        ],
        [(
            "medical-half-in-24h",
            "medical falls below 0.5 when the clinics lose power, and is back within a \
             day in every run because the grid's repair (median 16h) ends first while \
             the disaster base hospitals hold on generators: the objective marks the \
             floor the drill must not break"
        )]
    ),
    entry!(
        "worm-finance-government",
        [Finance, Government, Logistics],
        [
            ("ministry-in-2h", PLAYBOOK_TOO_SLOW),
            (
                "government-back-in-8h",
                "under the playbook the worm's impact on government's population-weighted \
                 level never lasts 8h below 0.8; players can still break it, by isolating \
                 government business systems for longer than the worm would have hurt"
            )
        ]
    ),
    entry!("rail-signal-worm", [Railway, Medical], []),
    entry!(
        "slammer-internet",
        [InfoComm, Finance, Aviation, Government, Logistics, Medical],
        []
    ),
    entry!("blaster-local-gov", [Government, Logistics], []),
    entry!(
        "grid-intrusion",
        [Electricity, Railway, InfoComm, Water, Gas, Medical],
        [("water-holds", WATER_HOLDS)]
    ),
    entry!("water-scada-intrusion", [Water, Medical, Government], []),
    entry!("bank-merger-integration", [Finance, Government], []),
    entry!("netbank-db-failure", [Finance], []),
    entry!("flight-plan-error", [Aviation], []),
    entry!("exchange-outage", [Finance], [("no-red-forward", RED_RULE)]),
    entry!(
        "gnss-time-common-mode",
        [
            InfoComm,
            Finance,
            Aviation,
            Railway,
            Electricity,
            Gas,
            Water,
            Government,
            Logistics,
            Medical
        ],
        []
    ),
    entry!("hospital-ransomware", [Medical, Government], []),
    entry!("vendor-remote-tool", [Water, Gas, Railway, Government], []),
];

/// The entry with this id.
pub fn find(id: &str) -> Option<&'static Entry> {
    LIBRARY.iter().find(|e| e.id == id)
}

/// The library's ids, in listing order (for did-you-mean and messages).
pub fn ids() -> Vec<&'static str> {
    LIBRARY.iter().map(|e| e.id).collect()
}

/// What a listing shows of a drill, read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The id.
    pub id: &'static str,
    /// English title (`name`).
    pub title_en: String,
    /// Japanese title (`name_ja`, or `name` if the file has none).
    pub title_ja: String,
    /// English briefing (`description`).
    pub briefing_en: String,
    /// Japanese briefing (`description_ja`, or `description`).
    pub briefing_ja: String,
    /// Length of the drill.
    pub duration: Minutes,
    /// The roles meant to be played (`players`).
    pub roles: Vec<String>,
    /// The sectors hit, origin first.
    pub sectors: &'static [Sector],
}

impl Entry {
    /// Loads the drill as `rensa run` would (the bundled graph needs no file).
    pub fn load(&self) -> Result<Scenario, LoadError> {
        self.load_with(&NoFiles)
    }

    /// Loads the drill, reading any file it names through `files`.
    pub fn load_with(&self, files: &dyn Resolver) -> Result<Scenario, LoadError> {
        load_str(self.path, self.text, files)
    }

    /// The listing's view of the drill.
    pub fn summary(&self) -> Result<Summary, LoadError> {
        let src = super::diagnostics::Source::new(self.path, self.text);
        let file: ScenarioFile =
            parse_ron(&src).map_err(|d| LoadError::Invalid(Diagnostics(vec![d])))?;
        let or = |s: String, d: &str| if s.is_empty() { d.to_string() } else { s };
        Ok(Summary {
            id: self.id,
            title_ja: or(file.name_ja, &file.name),
            briefing_ja: or(file.description_ja, &file.description),
            title_en: file.name,
            briefing_en: file.description,
            duration: file.duration.resolve().unwrap_or(Minutes(0)),
            roles: file.players,
            sectors: self.sectors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_name_their_files() {
        let mut ids = ids();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), LIBRARY.len());
        for e in LIBRARY {
            assert_eq!(e.path, format!("scenarios/{}.ron", e.id));
            assert!(!e.sectors.is_empty(), "{} hits no sector", e.id);
        }
    }

    #[test]
    fn the_default_drill_is_the_first_entry() {
        assert_eq!(LIBRARY[0].text, super::super::DEFAULT_SCENARIO);
    }

    #[test]
    fn a_summary_falls_back_to_english_without_japanese() {
        // A copy of the default drill with its Japanese title and briefing taken out.
        let text: String = super::super::DEFAULT_SCENARIO
            .lines()
            .filter(|l| {
                !l.trim_start().starts_with("name_ja:")
                    && !l.trim_start().starts_with("description_ja:")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let bare = Entry {
            text: Box::leak(text.into_boxed_str()),
            ..*find("telecom-ddos").unwrap()
        };
        let s = bare.summary().unwrap();
        assert_eq!(s.title_ja, s.title_en);
        assert_eq!(s.briefing_ja, s.briefing_en);
        assert_eq!(s.duration, Minutes(72 * 60));
        let ja = find("telecom-ddos").unwrap().summary().unwrap();
        assert_ne!(ja.title_ja, ja.title_en);
        let r = find("rail-signal-worm").unwrap().summary().unwrap();
        assert_eq!(r.title_ja, "鉄道信号システムへのワーム感染");
        assert_eq!(r.roles[0], "operator:kanto-rail");
    }
}
