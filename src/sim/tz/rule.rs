//! One change of a yearly time-zone rule, as `zones.bin` stores it. Shared by the table's reader
//! (`super`) and its writer (`examples/tz_table.rs`), each of which provides the calendar
//! functions `days_from_civil` and `days_in_month`.

use super::{days_from_civil, days_in_month};

/// One change of a yearly rule: a day of a month and a wall time on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RulePart {
    /// 1–12.
    pub(super) month: u32,
    /// The first day the change may fall on, or 0 for the last week of the month.
    pub(super) day: u32,
    /// The weekday of the change, 0 = Sunday; 7 for `day` whatever its weekday.
    pub(super) weekday: u32,
    /// Seconds after midnight of that day (may be negative or a day or more), read in the
    /// offset in force before the change.
    pub(super) time: i64,
}

impl RulePart {
    /// The instant of this change in `year` when the offset before it is `pre`.
    pub(super) fn instant(&self, year: i32, pre: i32) -> Option<i64> {
        let weekday = i64::from(self.weekday);
        let day = if self.weekday == 7 {
            days_from_civil(year, self.month, self.day)
        } else if self.day == 0 {
            let last = days_from_civil(year, self.month, days_in_month(year, self.month));
            last - (last + 4 - weekday).rem_euclid(7)
        } else {
            let first = days_from_civil(year, self.month, self.day);
            first + (weekday - first - 4).rem_euclid(7)
        };
        day.checked_mul(86_400)?
            .checked_add(self.time)?
            .checked_sub(i64::from(pre))
    }
}
