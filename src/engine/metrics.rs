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
    /// Per service: its sector's index and its leaf in that sector's sum.
    place: Vec<(usize, usize)>,
}

/// The weighted level of a sector, kept as a sum tree of fixed shape: a service's change
/// costs O(log n) additions, and the sum is always added up in the same order, so it is
/// as deterministic as a full recount.
#[derive(Debug, Clone)]
struct SectorSum {
    /// Weight of each service: its population, or 1 for all if the sector has none.
    weights: Vec<f64>,
    /// Σ weights.
    total: f64,
    /// Leaves at `size..size + n`, sums above; `tree[1]` is Σ weight × level.
    tree: Vec<f64>,
    size: usize,
}

impl SectorSum {
    fn new(weights: Vec<f64>) -> SectorSum {
        let size = weights.len().next_power_of_two();
        let mut tree = vec![0.0; 2 * size];
        tree[size..size + weights.len()].copy_from_slice(&weights);
        for i in (1..size).rev() {
            tree[i] = tree[2 * i] + tree[2 * i + 1];
        }
        let total = tree[1];
        SectorSum {
            weights,
            total,
            tree,
            size,
        }
    }

    fn set(&mut self, leaf: usize, level: f64) {
        let tree = &mut self.tree[..];
        // The length is a power of two and every index below it: masking changes no index
        // but lets the compiler drop the bounds checks of this, the busiest loop of a record.
        let mask = tree.len() - 1;
        let mut i = self.size + leaf;
        let mut sum = self.weights[leaf] * level;
        tree[i & mask] = sum;
        while i > 1 {
            // The parent is the sum of the two siblings; IEEE addition is commutative, so
            // `sum + sibling` has the bits of `left + right`.
            sum += tree[(i ^ 1) & mask];
            i /= 2;
            tree[i & mask] = sum;
        }
    }

    fn level(&self) -> f64 {
        if self.weights.is_empty() {
            1.0
        } else {
            self.tree[1] / self.total
        }
    }
}

fn sector_index(s: Sector) -> usize {
    Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl Metrics {
    /// Measures for a run starting with every service at full level.
    pub fn new(infra: &Infrastructure) -> Metrics {
        let mut place = vec![(0, 0); infra.services.len()];
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
                        place[s.index()] = (k, leaf);
                        if any_population {
                            infra.service(*s).population as f64
                        } else {
                            1.0
                        }
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
        let (k, leaf) = self.place[s.index()];
        self.sums[k].set(leaf, level);
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

    /// The sum tree added up from scratch, as `SectorSum::new` and the first version of
    /// `set` did: every inner node the sum of its two children, left plus right.
    fn recount(sum: &SectorSum, levels: &[f64]) -> Vec<f64> {
        let mut tree = vec![0.0; 2 * sum.size];
        for (leaf, level) in levels.iter().enumerate() {
            tree[sum.size + leaf] = sum.weights[leaf] * level;
        }
        for i in (1..sum.size).rev() {
            tree[i] = tree[2 * i] + tree[2 * i + 1];
        }
        tree
    }

    proptest! {
        /// After any sequence of updates every node of the tree, the root (the sector's
        /// sum) included, has the bits of a full recount.
        #[test]
        fn updated_sums_equal_a_recount_bit_for_bit(
            weights in proptest::collection::vec(1.0f64..2e6, 1..70),
            updates in proptest::collection::vec((0usize..70, 0.0f64..=1.0), 1..200),
        ) {
            let mut sum = SectorSum::new(weights.clone());
            let mut levels = vec![1.0; weights.len()];
            for (leaf, level) in updates {
                let leaf = leaf % weights.len();
                levels[leaf] = level;
                sum.set(leaf, level);
                let want = recount(&sum, &levels);
                let bits = |t: &[f64]| t[1..].iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                prop_assert_eq!(bits(&sum.tree), bits(&want));
            }
        }
    }
}
