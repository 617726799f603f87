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
    /// Bit `k` set: sector `k` changed since the last [`Metrics::observe_sectors`].
    touched: u16,
    sums: Vec<SectorSum>,
    /// Per service: where it is summed and what it weighs.
    place: Vec<Place>,
}

/// Where a service is summed, and what [`Metrics::record`] reads of it beside (kept here,
/// by service id, so that a record need not read the service's model nor its sector's
/// weights: both a cache miss each on a large graph).
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    /// Its sector's index.
    sector: u32,
    /// Its leaf in the sector's sum.
    leaf: u32,
    /// Its population.
    population: u64,
    /// Its weight in the sector's sum.
    weight: f64,
}

/// The weighted level of a sector, kept as a sum tree of fixed shape: a service's change
/// costs O(log n) additions, and the sum is always added up in the same order, so it is
/// as deterministic as a full recount.
///
/// The tree is binary — every node the sum of its two halves, over leaves padded with
/// zeros to a power of two — but only every third level is stored: a stored node is
/// recomputed from the eight below it, which share one cache line, with the additions of
/// the binary tree in their order. A change then touches a cache line every three levels
/// instead of one every level (on a large graph the levels in between were a cache miss
/// each).
#[derive(Debug, Clone)]
struct SectorSum {
    /// Weight of each service: its population, or 1 for all if the sector has none.
    weights: Vec<f64>,
    /// Σ weights.
    total: f64,
    /// The stored levels, leaves (weight × level) first and the root (Σ weight × level)
    /// last. Each length is a power of two; a level of `n ≥ 8` nodes has `n / 8` above
    /// it, a shorter one the root alone.
    levels: Vec<Vec<f64>>,
}

/// Eight nodes added up as a binary tree: pairs, then pairs of pairs.
#[inline]
fn sum8(x: &[f64; 8]) -> f64 {
    ((x[0] + x[1]) + (x[2] + x[3])) + ((x[4] + x[5]) + (x[6] + x[7]))
}

/// The nodes of a level added up as a binary tree (`xs.len()` is a power of two).
fn pairwise(xs: &[f64]) -> f64 {
    match xs.len() {
        0 => 0.0,
        1 => xs[0],
        n => pairwise(&xs[..n / 2]) + pairwise(&xs[n / 2..]),
    }
}

/// How many nodes of a level of `n` add up to one node of the level above.
fn group(n: usize) -> usize {
    n.min(8)
}

impl SectorSum {
    fn new(weights: Vec<f64>) -> SectorSum {
        let size = weights.len().next_power_of_two();
        let mut leaves = vec![0.0; size];
        leaves[..weights.len()].copy_from_slice(&weights);
        let mut levels = vec![leaves];
        while let Some(below) = levels.last().filter(|l| l.len() > 1) {
            let above = below.chunks(group(below.len())).map(pairwise).collect();
            levels.push(above);
        }
        let total = levels.last().map_or(0.0, |root| root[0]);
        SectorSum {
            weights,
            total,
            levels,
        }
    }

    /// Sets leaf `leaf` to `weighted`, its weight × its level.
    fn set(&mut self, leaf: usize, weighted: f64) {
        let mut i = leaf;
        self.levels[0][i] = weighted;
        for l in 1..self.levels.len() {
            let (below, above) = self.levels.split_at_mut(l);
            let below = &below[l - 1];
            let sum = match below[i & !7..].first_chunk::<8>() {
                Some(eight) => {
                    i /= 8;
                    sum8(eight)
                }
                None => {
                    i = 0;
                    pairwise(below)
                }
            };
            above[0][i] = sum;
        }
    }

    fn level(&self) -> f64 {
        if self.weights.is_empty() {
            1.0
        } else {
            self.levels[self.levels.len() - 1][0] / self.total
        }
    }
}

fn sector_index(s: Sector) -> usize {
    Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl Metrics {
    /// Measures for a run starting with every service at full level.
    pub fn new(infra: &Infrastructure) -> Metrics {
        let mut place = vec![Place::default(); infra.services.len()];
        let sums = Sector::ALL
            .iter()
            .enumerate()
            .map(|(k, &sector)| {
                let members: Vec<_> = infra.services_in_sector(sector).collect();
                let any_population = members.iter().any(|s| infra.service(*s).population > 0);
                let weights = members
                    .iter()
                    .enumerate()
                    .map(|(leaf, s)| {
                        let population = infra.service(*s).population;
                        let weight = if any_population {
                            population as f64
                        } else {
                            1.0
                        };
                        place[s.index()] = Place {
                            sector: k as u32,
                            leaf: leaf as u32,
                            population,
                            weight,
                        };
                        weight
                    })
                    .collect();
                SectorSum::new(weights)
            })
            .collect();
        Metrics {
            sums,
            place,
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
            touched: 0,
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
    pub fn record(&mut self, now: Time, s: ServiceId, level: f64, failed: bool) {
        let place = self.place[s.index()];
        let m = &mut self.services[s.index()];
        Self::integrate(m, place.population, now);
        let was_failed = m.failed;
        m.level = level;
        m.failed = failed;
        m.min_level = m.min_level.min(level);
        let k = place.sector as usize;
        self.sums[k].set(place.leaf as usize, place.weight * level);
        self.touched |= 1 << k;
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
    pub fn observe_sectors(&mut self, now: Time) {
        // Only the sectors touched, in sector order (an event touches one or two).
        let mut touched = std::mem::take(&mut self.touched);
        while touched != 0 {
            let k = touched.trailing_zeros() as usize;
            touched &= touched - 1;
            let level = self.sums[k].level();
            let sec = &mut self.sectors[k];
            if level < sec.min_level {
                sec.min_level = level;
                sec.min_at = now;
            }
        }
    }

    /// The population-weighted mean level of a sector's services (unweighted if no service
    /// declares a population; 1 for a sector without services).
    pub fn sector_level(&self, sector: Sector) -> f64 {
        self.sums[sector_index(sector)].level()
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

#[cfg(test)]
mod tests {
    use super::SectorSum;
    use proptest::prelude::*;

    /// The binary sum tree added up from scratch, as the first version of `SectorSum` kept
    /// it: leaves at `size..2 size`, every inner node the sum of its two children, left
    /// plus right, the root at 1.
    fn recount(weights: &[f64], levels: &[f64]) -> Vec<f64> {
        let size = weights.len().next_power_of_two();
        let mut tree = vec![0.0; 2 * size];
        for (leaf, level) in levels.iter().enumerate() {
            tree[size + leaf] = weights[leaf] * level;
        }
        for i in (1..size).rev() {
            tree[i] = tree[2 * i] + tree[2 * i + 1];
        }
        tree
    }

    /// Every stored node against the node of the binary tree it stands for (a level of
    /// `n` nodes starts at index `n` of the tree).
    fn check(sum: &SectorSum, want: &[f64]) -> Result<(), TestCaseError> {
        for level in &sum.levels {
            let n = level.len();
            let bits = |t: &[f64]| t.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(level), bits(&want[n..2 * n]));
        }
        Ok(())
    }

    proptest! {
        /// After any sequence of updates every node of the tree, the root (the sector's
        /// sum) included, has the bits of a full recount.
        #[test]
        fn updated_sums_equal_a_recount_bit_for_bit(
            weights in proptest::collection::vec(1.0f64..2e6, 1..600),
            updates in proptest::collection::vec((0usize..600, 0.0f64..=1.0), 1..200),
        ) {
            let mut sum = SectorSum::new(weights.clone());
            let mut levels = vec![1.0; weights.len()];
            check(&sum, &recount(&weights, &levels))?;
            for (leaf, level) in updates {
                let leaf = leaf % weights.len();
                levels[leaf] = level;
                sum.set(leaf, weights[leaf] * level);
                check(&sum, &recount(&weights, &levels))?;
            }
        }
    }
}
