//! The next-fire benchmark workload, as pure functions (no clock) so that the native CLI and a
//! browser page can time the same work.

use crate::sim::tz::Zone;

use super::agent::{parse_agent_cron, CronPlan};
use super::next::{next_fire_cached, NextCache, NextOutcome};

/// One benchmark case: a cron expression, the instance zone and a start instant.
#[derive(Debug, Clone, Copy)]
pub struct BenchCase {
    /// Short label for the table.
    pub label: &'static str,
    /// The cron text as the agent receives it.
    pub expr: &'static str,
    /// The instance's local zone.
    pub zone: Zone,
    /// Start instant, seconds since the epoch (2024-01-01T00:00:00Z).
    pub start_secs: i64,
}

const START: i64 = 1_704_067_200;

/// The fixed set of benchmarked expressions and zones.
pub fn bench_cases() -> Vec<BenchCase> {
    let named = |name| Zone::named(name).unwrap_or(Zone::UTC);
    let case = |label, expr, zone| BenchCase {
        label,
        expr,
        zone,
        start_secs: START,
    };
    vec![
        case("every second, UTC", "* * * * * ? UTC", Zone::UTC),
        case(
            "every 20 min, Shanghai",
            "0 */20 * * * ? Asia/Shanghai",
            named("Asia/Shanghai"),
        ),
        case(
            "hourly, Los Angeles",
            "0 0 * * * ? America/Los_Angeles",
            named("America/Los_Angeles"),
        ),
        case(
            "10:15 weekdays, London",
            "0 15 10 ? * MON-FRI Europe/London",
            named("Europe/London"),
        ),
        case(
            "last Friday, Lord Howe",
            "0 30 2 ? * 5L * Australia/Lord_Howe",
            named("Australia/Lord_Howe"),
        ),
        case(
            "LW + 15W, GMT+8:00",
            "0 0 12 LW,15W * ? * GMT+8:00",
            Zone::UTC,
        ),
        case(
            "3rd Thursday, local zone",
            "0 0 9 ? * thu#3",
            named("Europe/London"),
        ),
        case("Feb 29 (leap days)", "0 0 0 29 2 ? *", Zone::UTC),
    ]
}

/// Parses a case (outside the timed loop).
pub fn prepare(case: &BenchCase) -> Option<CronPlan> {
    parse_agent_cron(case.expr, case.zone).ok()
}

/// The timed workload: `steps` consecutive next-fire computations from the case start, as the
/// agent's timer loop does them. Returns a checksum (so the work is not optimised away) and
/// how many steps produced a time.
pub fn run_steps(plan: &CronPlan, start_secs: i64, steps: u32) -> (i64, u32) {
    let mut now = start_secs;
    let mut sum = 0i64;
    let mut done = 0;
    let mut cache = NextCache::default();
    for _ in 0..steps {
        match next_fire_cached(&plan.spec, &plan.zone, now, &mut cache) {
            NextOutcome::At(t) if t > now => {
                sum = sum.wrapping_add(t);
                now = t;
                done += 1;
            }
            // Ended (2099, DST stop): start over so every step does real work.
            _ => now = start_secs,
        }
    }
    (sum, done)
}
