//! Random streams. Every random draw comes from a ChaCha8 stream chosen by the master seed,
//! a purpose and the identity of what is drawn for (an inject and a service, say). Draws for
//! one thing never consume numbers another thing would have used, so adding a player action
//! in one sector leaves every unrelated draw unchanged (common random numbers, DESIGN.md §4).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// What a draw is for; part of the stream identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u64)]
pub enum Purpose {
    /// Recovery duration of an impairment.
    Recovery = 1,
    /// Whether an attack stage succeeds, and how long it takes.
    AttackStage = 2,
    /// Worm spread over a dependency edge.
    Spread = 3,
    /// Detection threshold of an operator for an incident.
    Detection = 4,
    /// Delivery delay of a message.
    MessageDelay = 5,
    /// Delay of a policy's action.
    Policy = 6,
}

/// A stream drawn from: its purpose and identity key.
pub type Draw = (Purpose, Vec<u64>);

/// The source of all randomness of one run.
#[derive(Debug, Clone)]
pub struct Streams {
    /// The ChaCha key of every stream: that of `ChaCha8Rng::seed_from_u64(seed)`. Kept
    /// as the key rather than as a generator to clone, because a generator carries a
    /// 256-byte output buffer that each new stream would copy only to discard.
    key: [u8; 32],
    seed: u64,
    /// The streams drawn from, while recording (a plain field, so the streams, and with
    /// them a session, are `Send + Sync`).
    trace: Option<Vec<Draw>>,
}

impl Streams {
    /// Streams for master seed `seed`.
    pub fn new(seed: u64) -> Streams {
        Streams {
            key: ChaCha8Rng::seed_from_u64(seed).get_seed(),
            seed,
            trace: None,
        }
    }

    /// Starts recording which streams are drawn from. A stream's numbers depend only on
    /// the seed, the purpose and the key, so the list of keys pins every draw of a run.
    pub fn record(&mut self) {
        self.trace = Some(Vec::new());
    }

    /// The streams drawn from so far, in order (empty unless recording).
    pub fn recorded(&self) -> &[Draw] {
        self.trace.as_deref().unwrap_or_default()
    }

    /// The master seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A fresh generator for `purpose` and the identity words `key`. The same arguments
    /// always give the same sequence.
    #[inline]
    pub fn stream(&mut self, purpose: Purpose, key: &[u64]) -> ChaCha8Rng {
        if let Some(t) = &mut self.trace {
            t.push((purpose, key.to_vec()));
        }
        let mut h = splitmix64(purpose as u64);
        for &k in key {
            h = splitmix64(h ^ k);
        }
        // A fresh generator from the key is at word 0 of stream 0, as
        // `seed_from_u64(seed)` is: only the stream differs.
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream(h);
        rng
    }
}

/// A stable 64-bit identity for a tuple of words (used to name messages and triggers in
/// stream keys without depending on global counters).
pub fn mix(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0x5245_4E53_4121, |h, w| splitmix64(h ^ w))
}

/// SplitMix64's finaliser: a fixed, well-mixed 64-bit hash (Steele, Lea & Flood 2014).
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn same_key_same_stream_and_different_keys_differ() {
        let mut s = Streams::new(42);
        let a = s.stream(Purpose::Recovery, &[1, 2]).next_u64();
        let b = s.stream(Purpose::Recovery, &[1, 2]).next_u64();
        let c = s.stream(Purpose::Recovery, &[2, 1]).next_u64();
        let d = s.stream(Purpose::Detection, &[1, 2]).next_u64();
        let e = Streams::new(43)
            .stream(Purpose::Recovery, &[1, 2])
            .next_u64();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert_ne!(a, e);
    }

    #[test]
    fn streams_are_pinned_across_versions() {
        // If this value changes, every saved drill would replay differently: a breaking
        // change that needs a format version bump, not a test update.
        let v = Streams::new(1).stream(Purpose::Recovery, &[0]).next_u64();
        assert_eq!(v, PINNED);
    }
    const PINNED: u64 = 10_105_655_645_557_948_289;
}
