//! The library's `Next`: the earliest whole second strictly after "now", found field by field
//! (year → month → day → hour → minute → second) in wall-clock terms, with each candidate
//! turned into an instant by Go's `time.Date` rule ([`ScheduleZone::go_date`]).
//!
//! The walk mirrors the library's mutually recursive helpers as a loop, so an empty second,
//! minute, hour or month list is noticed exactly where the agent indexes it and crashes, and a
//! never-matching day field ends at 2099 after a bounded number of steps.

use super::civil::Wall;
use super::cron::{first_at_or_after, CronSpec};
use super::zone::{OffsetMemo, ScheduleZone};

/// What the library's `Next` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextOutcome {
    /// The next fire instant, in seconds since the epoch.
    At(i64),
    /// No next time (Go's zero time): no allowed year left.
    None,
    /// The real agent would crash here (index out of range or endless recursion).
    Panic(&'static str),
}

/// Upper bound on loop steps; the real walk needs at most ~1600 (130 years × 12 months).
const STEP_LIMIT: u32 = 10_000;

#[derive(Clone, Copy)]
enum Step {
    Year,
    Month,
    Day(u32),
    Hour(u32),
    Minute,
    Second,
}

const EMPTY_LIST: &str = "index out of range: a second, minute, hour or month field is empty";

#[inline]
fn first(mask: u64) -> Option<u32> {
    first_at_or_after(mask, 0)
}

/// Memo carried between consecutive steps of one schedule (no allocation): the wall reading
/// of the last result, and the matching days of the last month looked at.
#[derive(Debug, Clone, Copy, Default)]
pub struct NextCache {
    carried: Option<(i64, Wall)>,
    days: Option<(i32, u32, u32)>,
    offsets: OffsetMemo,
}

impl NextCache {
    #[inline]
    fn days(&mut self, spec: &CronSpec, year: i32, month: u32) -> u32 {
        match self.days {
            Some((y, m, d)) if y == year && m == month => d,
            _ => {
                let d = spec.actual_days(year, month);
                self.days = Some((year, month, d));
                d
            }
        }
    }
}

/// Computes the library's `Next(now)` for `spec` evaluated in `zone`; `now_secs` is the whole
/// second of "now" (sub-second parts do not matter: the result is always a later second).
pub fn next_fire(spec: &CronSpec, zone: &ScheduleZone, now_secs: i64) -> NextOutcome {
    next_fire_cached(spec, zone, now_secs, &mut NextCache::default())
}

/// [`next_fire`] with a memo reused across the steps of one schedule (same `spec` and `zone`).
#[inline]
pub fn next_fire_cached(
    spec: &CronSpec,
    zone: &ScheduleZone,
    now_secs: i64,
    cache: &mut NextCache,
) -> NextOutcome {
    let t = match cache.carried {
        Some((secs, wall)) if secs == now_secs => wall,
        _ => cache.offsets.wall_of(zone, now_secs),
    };
    let Some(step) = entry_step(spec, &t, cache) else {
        return NextOutcome::None;
    };
    walk(spec, zone, t, step, cache)
}

/// The entry checks of `Next`: which helper it calls first, or `None` for "no year".
#[inline]
fn entry_step(spec: &CronSpec, t: &Wall, cache: &mut NextCache) -> Option<Step> {
    let y = spec.year_at_or_after(t.year)?;
    if y != t.year {
        return Some(Step::Year);
    }
    match first_at_or_after(u64::from(spec.months), t.month) {
        None => return Some(Step::Year),
        Some(m) if m != t.month => return Some(Step::Month),
        Some(_) => {}
    }
    let days = cache.days(spec, t.year, t.month);
    if days == 0 {
        return Some(Step::Month);
    }
    match first_at_or_after(u64::from(days), t.day) {
        None => return Some(Step::Month),
        Some(d) if d != t.day => return Some(Step::Day(days)),
        Some(_) => {}
    }
    match first_at_or_after(u64::from(spec.hours), t.hour) {
        None => return Some(Step::Day(days)),
        Some(h) if h != t.hour => return Some(Step::Hour(days)),
        Some(_) => {}
    }
    match first_at_or_after(spec.minutes, t.minute) {
        None => return Some(Step::Hour(days)),
        Some(m) if m != t.minute => return Some(Step::Minute),
        Some(_) => {}
    }
    match first_at_or_after(spec.seconds, t.second) {
        None => Some(Step::Minute),
        Some(_) => Some(Step::Second),
    }
}

fn walk(
    spec: &CronSpec,
    zone: &ScheduleZone,
    mut t: Wall,
    mut step: Step,
    cache: &mut NextCache,
) -> NextOutcome {
    let date = |cache: &mut NextCache, year, month, day, hour, minute, second| {
        let wall = Wall {
            year,
            month,
            day,
            hour,
            minute,
            second,
        };
        let (instant, exact) = cache.offsets.go_date_exact(zone, &wall);
        cache.carried = exact.then_some((instant, wall));
        NextOutcome::At(instant)
    };
    let lows = || -> Option<(u32, u32, u32)> {
        Some((
            first(u64::from(spec.hours))?,
            first(spec.minutes)?,
            first(spec.seconds)?,
        ))
    };
    for _ in 0..STEP_LIMIT {
        match step {
            Step::Year => {
                let Some(year) = spec.year_at_or_after(t.year.saturating_add(1)) else {
                    return NextOutcome::None;
                };
                let Some(month) = first(u64::from(spec.months)) else {
                    return NextOutcome::Panic(EMPTY_LIST);
                };
                let days = cache.days(spec, year, month);
                let Some((h, mi, s)) = lows() else {
                    return NextOutcome::Panic(EMPTY_LIST);
                };
                if days == 0 {
                    t = zone.wall_of(zone.go_date(&Wall {
                        year,
                        month,
                        day: 1,
                        hour: h,
                        minute: mi,
                        second: s,
                    }));
                    step = Step::Month;
                    continue;
                }
                return date(cache, year, month, days.trailing_zeros(), h, mi, s);
            }
            Step::Month => {
                let Some(month) = first_at_or_after(u64::from(spec.months), t.month + 1) else {
                    step = Step::Year;
                    continue;
                };
                let days = cache.days(spec, t.year, month);
                let Some((h, mi, s)) = lows() else {
                    return NextOutcome::Panic(EMPTY_LIST);
                };
                if days == 0 {
                    t = zone.wall_of(zone.go_date(&Wall {
                        year: t.year,
                        month,
                        day: 1,
                        hour: h,
                        minute: mi,
                        second: s,
                    }));
                    continue;
                }
                return date(cache, t.year, month, days.trailing_zeros(), h, mi, s);
            }
            Step::Day(days) => {
                let Some(day) = first_at_or_after(u64::from(days), t.day + 1) else {
                    step = Step::Month;
                    continue;
                };
                let Some((h, mi, s)) = lows() else {
                    return NextOutcome::Panic(EMPTY_LIST);
                };
                return date(cache, t.year, t.month, day, h, mi, s);
            }
            Step::Hour(days) => {
                let Some(hour) = first_at_or_after(u64::from(spec.hours), t.hour + 1) else {
                    step = Step::Day(days);
                    continue;
                };
                let (Some(mi), Some(s)) = (first(spec.minutes), first(spec.seconds)) else {
                    return NextOutcome::Panic(EMPTY_LIST);
                };
                return date(cache, t.year, t.month, t.day, hour, mi, s);
            }
            Step::Minute => {
                let Some(minute) = first_at_or_after(spec.minutes, t.minute + 1) else {
                    let days = cache.days(spec, t.year, t.month);
                    step = Step::Hour(days);
                    continue;
                };
                let Some(s) = first(spec.seconds) else {
                    return NextOutcome::Panic(EMPTY_LIST);
                };
                return date(cache, t.year, t.month, t.day, t.hour, minute, s);
            }
            Step::Second => {
                let Some(second) = first_at_or_after(spec.seconds, t.second + 1) else {
                    step = Step::Minute;
                    continue;
                };
                return date(cache, t.year, t.month, t.day, t.hour, t.minute, second);
            }
        }
    }
    NextOutcome::Panic("stack overflow: the agent's month search recurses without end")
}
