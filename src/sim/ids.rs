//! Deterministic ids shaped like the real ones, from a seed (no system randomness).
//!
//! `c-` / `t-` + 32 lower-case hex characters (the `c-7d2a745b412b4601b2d47f6a768d****` style of
//! the API examples), RequestId as an upper-case UUID-like `8-4-4-4-12` string.

/// A seeded SplitMix64 generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdGenerator {
    state: u64,
}

impl IdGenerator {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn hex32(&mut self) -> String {
        format!("{:016x}{:016x}", self.next_u64(), self.next_u64())
    }

    /// A CommandId `c-…`.
    pub fn command_id(&mut self) -> String {
        format!("c-{}", self.hex32())
    }

    /// An InvokeId `t-…`.
    pub fn invoke_id(&mut self) -> String {
        format!("t-{}", self.hex32())
    }

    /// A RequestId like `473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E`.
    pub fn request_id(&mut self) -> String {
        let h = self.hex32().to_ascii_uppercase();
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }
}
