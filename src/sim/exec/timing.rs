//! The latencies the simulator uses. All are fixed except delivery, which varies per
//! (invocation, instance) by a deterministic hash of the seed, so a seed always gives the same
//! timeline.
//!
//! | Step | Latency |
//! |---|---|
//! | creation → delivery to the agent | [`DELIVERY_BASE_MS`] + 0…[`DELIVERY_JITTER_MS`) |
//! | delivery → process start (pre-check, script file) | [`START_LATENCY_MS`] |
//! | agent not answering → Aborted | [`DELIVERY_WINDOW_MS`] after creation (the documented one-minute window) |
//! | StopInvocation call → Cancelled/Terminated (Stopping meanwhile) | [`STOP_LATENCY_MS`] |
//! | reboot start → agent running again | [`BOOT_MS`] |
//! | exit 193/194 final report → power off / reboot | [`POWER_EFFECT_DELAY_MS`] |
//!
//! Periodic runs start exactly at their fire instants (the timer lives in the agent).

/// Fixed part of the delivery latency.
pub const DELIVERY_BASE_MS: i64 = 800;
/// Range of the seeded part of the delivery latency.
pub const DELIVERY_JITTER_MS: i64 = 400;
/// From delivery to the script process start.
pub const START_LATENCY_MS: i64 = 200;
/// The command must reach the instance within one minute, otherwise it is Aborted.
pub const DELIVERY_WINDOW_MS: i64 = 60_000;
/// From the StopInvocation call until the agent has stopped the task.
pub const STOP_LATENCY_MS: i64 = 1_000;
/// How long a reboot takes until the agent fetches tasks again.
pub const BOOT_MS: i64 = 30_000;
/// From the final report of an exit-193/194 run until the power action.
pub const POWER_EFFECT_DELAY_MS: i64 = 1_000;

/// The delivery latency for one instance of one invocation.
pub fn delivery_latency_ms(seed: u64, invoke_id: &str, instance_id: &str) -> i64 {
    let mixed = splitmix64(seed ^ fnv1a(invoke_id) ^ fnv1a(instance_id).rotate_left(17));
    DELIVERY_BASE_MS + (mixed % DELIVERY_JITTER_MS as u64) as i64
}

/// 64-bit FNV-1a hash of a string.
pub(crate) fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The SplitMix64 finaliser.
pub(crate) fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_is_seeded_and_bounded() {
        let a = delivery_latency_ms(1, "t-1", "i-1");
        assert_eq!(a, delivery_latency_ms(1, "t-1", "i-1"));
        let values: Vec<i64> = (0..50)
            .map(|n| delivery_latency_ms(n, "t-1", "i-1"))
            .collect();
        assert!(values
            .iter()
            .all(|v| (DELIVERY_BASE_MS..DELIVERY_BASE_MS + DELIVERY_JITTER_MS).contains(v)));
        assert!(
            values.iter().any(|v| *v != a),
            "the seed varies the latency"
        );
    }
}
