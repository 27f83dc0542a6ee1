//! `rate(<n><s|m|h|d>)` as the agent parses it and its fixed grid anchored at creation time.

use super::error::{AgentError, AgentErrorKind};

/// Nanoseconds per unit letter.
fn unit_nanos(unit: u8) -> Option<i64> {
    match unit.to_ascii_lowercase() {
        b's' => Some(1_000_000_000),
        b'm' => Some(60_000_000_000),
        b'h' => Some(3_600_000_000_000),
        b'd' => Some(86_400_000_000_000),
        _ => None,
    }
}

/// The longest period the agent accepts: 1000 days, in nanoseconds.
pub const MAX_AGENT_PERIOD_NANOS: i64 = 1000 * 86_400_000_000_000;

/// A parsed `rate()` expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// The number as written.
    pub value: i64,
    /// The unit letter, lower case.
    pub unit: char,
    /// The period as Go computes it: `value × unit` in int64 nanoseconds, wrapping on
    /// overflow (a wrapped, non-positive period makes the timer refuse to start).
    pub period_nanos: i64,
}

/// Splits `rate ( <digits> [ws] <unit> )` (case-insensitive, no outer or inner-edge spaces).
/// Returns the digits and the unit byte.
pub fn split_rate(text: &str) -> Option<(&str, u8)> {
    let lower_head = text.get(..4)?;
    if !lower_head.eq_ignore_ascii_case("rate") {
        return None;
    }
    let rest = text.get(4..)?.trim_start_matches(is_go_space);
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    let digits_end = inner
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(inner.len());
    if digits_end == 0 {
        return None;
    }
    let (digits, tail) = inner.split_at(digits_end);
    let tail = tail.trim_start_matches(is_go_space);
    let [unit] = tail.as_bytes() else {
        return None;
    };
    unit_nanos(*unit)?;
    Some((digits, *unit))
}

fn is_go_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Parses a `rate()` expression as the agent does.
pub fn parse_agent_rate(text: &str) -> Result<Rate, AgentError> {
    let invalid = |why: &str| {
        AgentError::new(
            AgentErrorKind::InvalidRateExpression,
            format!("{why}: `{text}`"),
        )
    };
    let (digits, unit) = split_rate(text).ok_or_else(|| invalid("expected rate(<n><s|m|h|d>)"))?;
    let value: i64 = digits
        .parse()
        .map_err(|_| invalid("value out of range for int64"))?;
    if value <= 0 {
        return Err(invalid("Period value should be positive number"));
    }
    let period_nanos = value.wrapping_mul(unit_nanos(unit).unwrap_or(1_000_000_000));
    if period_nanos > MAX_AGENT_PERIOD_NANOS {
        return Err(AgentError::new(
            AgentErrorKind::RateFrequencyTooLarge,
            format!("`{text}` is longer than 1000 days"),
        ));
    }
    Ok(Rate {
        value,
        unit: char::from(unit.to_ascii_lowercase()),
        period_nanos,
    })
}

impl Rate {
    /// The next grid point strictly after `now_ms` for a grid anchored at `start_ms`:
    /// `start + (⌊(now − start)/period⌋ + 1)·period`, or `start + period` when now is before
    /// start. Returned in milliseconds (floored); `None` when the period is not positive or the
    /// result leaves the i64 millisecond range.
    pub fn next_after(&self, start_ms: i64, now_ms: i64) -> Option<i64> {
        if self.period_nanos <= 0 {
            return None;
        }
        // Every rate the agent accepts is whole milliseconds: then the same formula in i64
        // milliseconds is exact (wasm has no 128-bit division, and this runs once per fire).
        if self.period_nanos % 1_000_000 == 0 {
            if let Some(next) = self.next_after_in_ms(start_ms, now_ms) {
                return Some(next);
            }
        }
        self.next_after_in_nanos(start_ms, now_ms)
    }

    /// [`Rate::next_after`] in i64 milliseconds for a whole-millisecond period; `None` when an
    /// intermediate value overflows.
    fn next_after_in_ms(&self, start_ms: i64, now_ms: i64) -> Option<i64> {
        let period = self.period_nanos / 1_000_000;
        if now_ms < start_ms {
            return start_ms.checked_add(period);
        }
        let steps = now_ms.checked_sub(start_ms)? / period + 1;
        start_ms.checked_add(steps.checked_mul(period)?)
    }

    /// [`Rate::next_after`] in i128 nanoseconds: exact for any period.
    fn next_after_in_nanos(&self, start_ms: i64, now_ms: i64) -> Option<i64> {
        let period = i128::from(self.period_nanos);
        let start = i128::from(start_ms) * 1_000_000;
        let now = i128::from(now_ms) * 1_000_000;
        let next = if now < start {
            start + period
        } else {
            start + ((now - start) / period + 1) * period
        };
        i64::try_from(next.div_euclid(1_000_000)).ok()
    }

    /// The fire after the one at `fired_ms`: the first grid point in a later millisecond.
    ///
    /// The simulator's clock counts milliseconds. A period that is not whole milliseconds
    /// (only an overflowed one, `value × unit` wrapped in int64 nanoseconds) puts several of
    /// the agent's fires in one millisecond; the ones after the first fall while the run it
    /// started goes on (or at its very end), so the agent skips them, and the fires shown
    /// strictly increase. `None` as in [`Rate::next_after`].
    pub fn next_in_later_ms(&self, start_ms: i64, fired_ms: i64) -> Option<i64> {
        if self.period_nanos <= 0 || self.period_nanos % 1_000_000 == 0 {
            return self.next_after(start_ms, fired_ms);
        }
        let period = i128::from(self.period_nanos);
        let start = i128::from(start_ms) * 1_000_000;
        // The last nanosecond of the fire's millisecond.
        let after = i128::from(fired_ms) * 1_000_000 + 999_999;
        let next = if after < start {
            start + period
        } else {
            start + ((after - start) / period + 1) * period
        };
        i64::try_from(next.div_euclid(1_000_000)).ok()
    }

    /// The period in whole seconds (rounded down).
    pub fn period_secs(&self) -> i64 {
        self.period_nanos / 1_000_000_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        assert_eq!(parse_agent_rate("rate(5m)").unwrap().period_secs(), 300);
        assert_eq!(parse_agent_rate("RATE(5M)").unwrap().period_secs(), 300);
        assert_eq!(parse_agent_rate("rate (05 m)").unwrap().period_secs(), 300);
        assert_eq!(
            parse_agent_rate("rate(1000d)").unwrap().period_secs(),
            86_400_000
        );
        for bad in [
            "rate( 5m)",
            "rate(5m )",
            " rate(5m)",
            "rate(5m) ",
            "rate(5min)",
            "rate(1w)",
            "rate(1.5h)",
            "rate(-5m)",
            "rate(5)",
            "rate(0s)",
            "rate(5m)rate(5m)",
            "rate(99999999999999999999s)",
        ] {
            assert_eq!(
                parse_agent_rate(bad).unwrap_err().kind,
                AgentErrorKind::InvalidRateExpression,
                "{bad}"
            );
        }
        assert_eq!(
            parse_agent_rate("rate(1001d)").unwrap_err().kind,
            AgentErrorKind::RateFrequencyTooLarge
        );
        assert_eq!(
            parse_agent_rate("rate(24001h)").unwrap_err().kind,
            AgentErrorKind::RateFrequencyTooLarge
        );
    }

    #[test]
    fn overflow_wraps_negative() {
        let r = parse_agent_rate("rate(9999999999d)").unwrap();
        assert!(r.period_nanos <= 0);
        assert_eq!(r.next_after(0, 0), None);
    }

    #[test]
    fn a_period_wrapped_below_a_millisecond_fires_once_per_millisecond() {
        // 20211507185753197 × 10⁹ ns wraps to 512 ns; 35380855133374920 × 10⁹ to 512 µs.
        for (expr, period_nanos) in [
            ("rate(20211507185753197s)", 512),
            ("rate(35380855133374920s)", 512_000),
            ("rate(3749353613647811m)", 2_048),
        ] {
            let r = parse_agent_rate(expr).unwrap();
            assert_eq!(r.period_nanos, period_nanos, "{expr}");
            let start = 1_767_225_600_000;
            let first = r.next_after(start, start).unwrap();
            assert_eq!(
                first, start,
                "{expr}: the first fire is within the creation ms"
            );
            let mut fired = first;
            for _ in 0..2_000 {
                let next = r.next_in_later_ms(start, fired).unwrap();
                assert_eq!(
                    next,
                    fired + 1,
                    "{expr}: every millisecond has a grid point"
                );
                fired = next;
            }
        }
        // A period over a millisecond keeps its grid.
        let r = Rate {
            value: 1,
            unit: 's',
            period_nanos: 1_500_000,
        };
        let fires: Vec<i64> = std::iter::successors(Some(0), |f| r.next_in_later_ms(0, *f))
            .take(5)
            .collect();
        assert_eq!(fires, [0, 1, 3, 4, 6]);
    }

    #[test]
    fn grid() {
        let r = parse_agent_rate("rate(1m)").unwrap();
        assert_eq!(r.next_after(123, 0), Some(60_123));
        assert_eq!(r.next_after(123, 60_123), Some(120_123));
        assert_eq!(r.next_after(123, 150_000), Some(180_123));
        assert_eq!(r.next_after(1_000_000, 0), Some(1_060_000));
    }

    proptest::proptest! {
        /// The millisecond shortcut gives what the exact nanosecond formula gives, near "now"
        /// and at the ends of the i64 range.
        #[test]
        fn millisecond_path_is_exact(
            period_ms in 1i64..=86_400_000 * 1000,
            start_ms in proptest::prop_oneof![
                -4_000_000_000_000i64..4_000_000_000_000,
                proptest::num::i64::ANY,
            ],
            ahead_ms in proptest::prop_oneof![
                -100_000_000_000i64..100_000_000_000,
                proptest::num::i64::ANY,
            ],
        ) {
            let rate = Rate { value: 1, unit: 's', period_nanos: period_ms * 1_000_000 };
            let now_ms = start_ms.saturating_add(ahead_ms);
            proptest::prop_assert_eq!(
                rate.next_after(start_ms, now_ms),
                rate.next_after_in_nanos(start_ms, now_ms)
            );
        }
    }
}
