//! The simulated clock: real time × speed from a starting instant, or pinned at an instant
//! and moved only by the control call (`POST /_simulator/clock?advance=SECONDS`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The clock's settings, kept in the state file's first line so that a restart continues the
/// same timeline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    /// The real time the clock started, ms since the epoch.
    pub start_real_ms: i64,
    /// The simulated time at that instant, ms since the epoch.
    pub start_sim_ms: i64,
    /// Simulated milliseconds per real millisecond (ignored when pinned).
    pub speed: f64,
    /// Whether the clock stands still between control calls.
    pub pinned: bool,
    /// What the control calls added, ms.
    #[serde(default)]
    pub advanced_ms: i64,
}

/// The real time now.
pub fn real_now() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now())
}

impl Clock {
    /// The clock of `--now START` / `--speed N` at real time `real_now`: pinned at `start`
    /// when only `--now` is given, otherwise running from `start` (default: the real time)
    /// at `speed` (default 1).
    pub fn new(real_now: DateTime<Utc>, start: Option<DateTime<Utc>>, speed: Option<f64>) -> Self {
        Self {
            start_real_ms: real_now.timestamp_millis(),
            start_sim_ms: start.unwrap_or(real_now).timestamp_millis(),
            speed: speed.unwrap_or(1.0),
            pinned: start.is_some() && speed.is_none(),
            advanced_ms: 0,
        }
    }

    /// The simulated time at real time `real_now`.
    pub fn now(&self, real_now: DateTime<Utc>) -> DateTime<Utc> {
        let run = if self.pinned {
            0
        } else {
            let real = (real_now.timestamp_millis() - self.start_real_ms).max(0) as f64;
            (real * self.speed) as i64
        };
        let ms = self
            .start_sim_ms
            .saturating_add(run)
            .saturating_add(self.advanced_ms);
        DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Moves the clock forward by `ms` (negative values are refused by the caller).
    pub fn advance(&mut self, ms: i64) {
        self.advanced_ms = self.advanced_ms.saturating_add(ms.max(0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_pinned_clock_moves_only_when_advanced() {
        let mut c = Clock::new(
            t("2030-01-01T00:00:00Z"),
            Some(t("2026-01-01T00:00:00Z")),
            None,
        );
        assert_eq!(c.now(t("2030-01-01T05:00:00Z")), t("2026-01-01T00:00:00Z"));
        c.advance(90_000);
        c.advance(-5);
        assert_eq!(c.now(t("2030-01-02T00:00:00Z")), t("2026-01-01T00:01:30Z"));
    }

    #[test]
    fn a_running_clock_follows_real_time_times_speed() {
        let c = Clock::new(
            t("2030-01-01T00:00:00Z"),
            Some(t("2026-01-01T00:00:00Z")),
            Some(60.0),
        );
        assert_eq!(c.now(t("2030-01-01T00:00:10Z")), t("2026-01-01T00:10:00Z"));
        let real = Clock::new(t("2030-01-01T00:00:00Z"), None, None);
        assert_eq!(
            real.now(t("2030-01-01T00:00:10Z")),
            t("2030-01-01T00:00:10Z")
        );
    }
}
