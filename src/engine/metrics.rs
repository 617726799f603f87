//! Running measures of impact, integrated exactly: levels are piecewise constant between
//! events, so each integral is a sum of level × elapsed minutes.

use crate::model::{Infrastructure, Sector, ServiceId, Time};

/// Measures of one service over the run so far.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceMeasure {
    /// Current level.
    pub level: f64,
    /// Whether it is currently below its required level.
    pub failed: bool,
    /// Lowest level reached.
    pub min_level: f64,
    /// Minutes spent below the required level.
    pub minutes_below: u64,
    /// Σ population × (1 − level) × minutes, over the minutes spent below required.
    pub person_minutes_lost: f64,
    last: Time,
}

/// Measures of one sector over the run so far.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorMeasure {
    /// The sector.
    pub sector: Sector,
    /// Lowest population-weighted level of the sector's services.
    pub min_level: f64,
    /// When that minimum was first reached.
    pub min_at: Time,
    /// Minutes during which at least one service of the sector was below required.
    pub minutes_below: u64,
    failed_services: u32,
    below_since: Time,
}

/// All measures.
#[derive(Debug, Clone)]
pub struct Metrics {
    /// Per service, by service id.
    pub services: Vec<ServiceMeasure>,
    /// Per sector, in [`Sector::ALL`] order.
    pub sectors: Vec<SectorMeasure>,
    touched: [bool; 10],
}

fn sector_index(s: Sector) -> usize {
    Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl Metrics {
    /// Measures for a run starting with every service at full level.
    pub fn new(infra: &Infrastructure) -> Metrics {
        Metrics {
            services: infra
                .services
                .iter()
                .map(|_| ServiceMeasure {
                    level: 1.0,
                    failed: false,
                    min_level: 1.0,
                    minutes_below: 0,
                    person_minutes_lost: 0.0,
                    last: Time::ZERO,
                })
                .collect(),
            sectors: Sector::ALL
                .iter()
                .map(|&sector| SectorMeasure {
                    sector,
                    min_level: 1.0,
                    min_at: Time::ZERO,
                    minutes_below: 0,
                    failed_services: 0,
                    below_since: Time::ZERO,
                })
                .collect(),
            touched: [false; 10],
        }
    }

    fn integrate(m: &mut ServiceMeasure, population: u64, now: Time) {
        let dt = now.since(m.last).0;
        if m.failed && dt > 0 {
            m.minutes_below += dt;
            m.person_minutes_lost += population as f64 * (1.0 - m.level) * dt as f64;
        }
        m.last = now;
    }

    /// Books a service's new level at `now`.
    pub fn record(
        &mut self,
        infra: &Infrastructure,
        now: Time,
        s: ServiceId,
        level: f64,
        failed: bool,
    ) {
        let m = &mut self.services[s.index()];
        Self::integrate(m, infra.service(s).population, now);
        let was_failed = m.failed;
        m.level = level;
        m.failed = failed;
        m.min_level = m.min_level.min(level);
        let k = sector_index(infra.sector_of(s));
        self.touched[k] = true;
        let sec = &mut self.sectors[k];
        match (was_failed, failed) {
            (false, true) => {
                if sec.failed_services == 0 {
                    sec.below_since = now;
                }
                sec.failed_services += 1;
            }
            (true, false) => {
                sec.failed_services -= 1;
                if sec.failed_services == 0 {
                    sec.minutes_below += now.since(sec.below_since).0;
                }
            }
            _ => {}
        }
    }

    /// Updates the minimum sector levels of sectors touched since the last call. Called
    /// once per event, so levels passed through inside one event's cascade are not counted.
    pub fn observe_sectors(&mut self, infra: &Infrastructure, now: Time) {
        for k in 0..10 {
            if !std::mem::take(&mut self.touched[k]) {
                continue;
            }
            let sector = Sector::ALL[k];
            let level = self.sector_level(infra, sector);
            let sec = &mut self.sectors[k];
            if level < sec.min_level {
                sec.min_level = level;
                sec.min_at = now;
            }
        }
    }

    /// The population-weighted mean level of a sector's services (unweighted if no service
    /// declares a population; 1 for a sector without services).
    pub fn sector_level(&self, infra: &Infrastructure, sector: Sector) -> f64 {
        let (mut weighted, mut pop, mut plain, mut n) = (0.0, 0.0, 0.0, 0u32);
        for s in infra.services_in_sector(sector) {
            let level = self.services[s.index()].level;
            let p = infra.service(s).population as f64;
            weighted += p * level;
            pop += p;
            plain += level;
            n += 1;
        }
        if pop > 0.0 {
            weighted / pop
        } else if n > 0 {
            plain / n as f64
        } else {
            1.0
        }
    }

    /// Closes the integrals at `end`: afterwards the measures cover `[T+0, end)`.
    pub fn finish(&mut self, infra: &Infrastructure, end: Time) {
        for (i, m) in self.services.iter_mut().enumerate() {
            Self::integrate(m, infra.services[i].population, end);
        }
        for sec in &mut self.sectors {
            if sec.failed_services > 0 {
                sec.minutes_below += end.since(sec.below_since).0;
                sec.below_since = end;
            }
        }
    }

    /// Person-hours lost in a sector: the sum over its services.
    pub fn sector_person_hours(&self, infra: &Infrastructure, sector: Sector) -> f64 {
        infra
            .services_in_sector(sector)
            .map(|s| self.services[s.index()].person_minutes_lost)
            .sum::<f64>()
            / 60.0
    }
}
