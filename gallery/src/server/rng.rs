//! A small seeded random number generator (SplitMix64), so a failure pattern can be
//! replayed by setting the same seed.

/// Deterministic dice for failure injection.
#[derive(Clone, Debug)]
pub struct SeededRng {
    state: u64,
}

impl SeededRng {
    /// Dice that roll the same sequence for the same seed.
    pub fn new(seed: u64) -> Self {
        SeededRng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        // SplitMix64: tiny, fast and good enough for simulated failures.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with a probability of `percent` in 100.
    pub fn chance(&mut self, percent: u8) -> bool {
        match percent {
            0 => false,
            p if p >= 100 => true,
            p => self.next_u64() % 100 < u64::from(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_dice() {
        let mut a = SeededRng::new(7);
        let mut b = SeededRng::new(7);
        let rolls_a: Vec<bool> = (0..50).map(|_| a.chance(30)).collect();
        let rolls_b: Vec<bool> = (0..50).map(|_| b.chance(30)).collect();
        assert_eq!(rolls_a, rolls_b);
    }

    #[test]
    fn extremes_are_certain() {
        let mut r = SeededRng::new(1);
        assert!((0..100).all(|_| !r.chance(0)));
        assert!((0..100).all(|_| r.chance(100)));
    }
}
