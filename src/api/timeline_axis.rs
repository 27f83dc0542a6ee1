//! The timeline's time axis in a zone: tick instants at "nice" steps (seconds to months), their
//! labels (a date at each day boundary), the zone's offset changes (DST) in a span, and the
//! date-and-time text of an instant.

use crate::sim::schedule::civil::{civil_from_days, days_from_civil, utc_wall, Wall};
use crate::sim::schedule::wall::local_text;
use crate::sim::schedule::ScheduleZone;

const DAY: i64 = 86_400;
/// Steps shorter than a day, in seconds: each divides a day, so ticks fall on the same wall
/// times every day.
const SECOND_STEPS: [i64; 17] = [
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200,
];
const DAY_STEPS: [i64; 3] = [1, 2, 7];
const MONTH_STEPS: [u32; 4] = [1, 3, 6, 12];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The distance between two ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Wall-clock seconds (a divisor of a day).
    Seconds(i64),
    /// Whole days, at local midnight (weeks start on Monday).
    Days(i64),
    /// Whole months, on the first at local midnight.
    Months(u32),
}

impl Step {
    /// The step's approximate length in seconds.
    fn approx_secs(self) -> i64 {
        match self {
            Step::Seconds(s) => s,
            Step::Days(d) => d * DAY,
            Step::Months(m) => i64::from(m) * 30 * DAY,
        }
    }

    /// The smallest step that puts at most `max_ticks` ticks in `span_secs`.
    pub fn for_span(span_secs: i64, max_ticks: usize) -> Step {
        let max = max_ticks.max(1) as i64;
        SECOND_STEPS
            .iter()
            .map(|s| Step::Seconds(*s))
            .chain(DAY_STEPS.iter().map(|d| Step::Days(*d)))
            .chain(MONTH_STEPS.iter().map(|m| Step::Months(*m)))
            .find(|step| span_secs / step.approx_secs() < max)
            .unwrap_or_else(|| {
                let years = (span_secs / (365 * DAY) / max + 1).min(i64::from(u32::MAX / 12));
                Step::Months(12 * years as u32)
            })
    }
}

/// One tick of the axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    /// The instant (ms).
    pub ms: i64,
    /// `14:30`, `14:30:15`, `Mar 14` at a day boundary, `Mar 2027` at a month's.
    pub label: String,
    /// Whether the tick is a local midnight (drawn stronger).
    pub day_start: bool,
}

/// A change of the zone's UTC offset (a DST switch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetChange {
    /// The first instant (ms) of the new offset.
    pub ms: i64,
    /// The offset before, seconds east of UTC.
    pub before_secs: i32,
    /// The offset from `ms` on.
    pub after_secs: i32,
}

impl OffsetChange {
    /// `UTC−08:00 → UTC−07:00`.
    pub fn label(&self) -> String {
        format!(
            "{} → {}",
            offset_text(self.before_secs),
            offset_text(self.after_secs)
        )
    }
}

/// `UTC+08:00`, `UTC−03:30` (a true minus sign), `UTC` for zero.
pub fn offset_text(secs: i32) -> String {
    if secs == 0 {
        return "UTC".to_string();
    }
    let sign = if secs < 0 { '−' } else { '+' };
    let a = secs.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

/// The date and time of `ms` in `zone`: `2027-03-14 03:30:00 UTC-07:00`.
pub fn instant_text(ms: i64, zone: &ScheduleZone) -> String {
    local_text(zone, ms)
}

/// The axis of `[start_ms, end_ms]` in `zone`: ticks at the smallest step that keeps at most
/// `max_ticks` of them, in time order.
pub fn ticks(start_ms: i64, end_ms: i64, zone: &ScheduleZone, max_ticks: usize) -> Vec<Tick> {
    let (start, end) = (start_ms.div_euclid(1000), end_ms.div_euclid(1000));
    if end < start {
        return Vec::new();
    }
    let step = Step::for_span(end - start, max_ticks);
    let wall_start = start + i64::from(zone.offset_at(start));
    let wall_end = end + i64::from(zone.offset_at(end));
    // A wall time of the span (as seconds of a UTC-read clock), with each tick's instant.
    let walls: Vec<i64> = match step {
        Step::Seconds(s) => {
            let first = ceil_to(wall_start, s);
            let count = ((wall_end - first) / s + 1).clamp(0, 4 * max_ticks as i64 + 8);
            (0..count).map(|i| first + i * s).collect()
        }
        Step::Days(n) => {
            // Day 0 (1970-01-01) was a Thursday: weeks start 3 days later.
            let phase = if n == 7 { 4 } else { 0 };
            let first = ceil_to(ceil_to(wall_start, DAY) / DAY - phase, n) + phase;
            let last = wall_end.div_euclid(DAY);
            (first..=last)
                .step_by(n as usize)
                .take(4 * max_ticks + 8)
                .map(|d| d * DAY)
                .collect()
        }
        Step::Months(n) => month_starts(wall_start, wall_end, n, 4 * max_ticks + 8),
    };
    let mut out: Vec<Tick> = Vec::with_capacity(walls.len());
    for wall in walls {
        let w = utc_wall(wall);
        let utc = zone.go_date(&w);
        let exact = utc + i64::from(zone.offset_at(utc)) == wall;
        let day_start = wall.rem_euclid(DAY) == 0;
        // A wall time in a DST gap does not exist; a day's start in one is the day's first
        // instant, still a day boundary.
        if (!exact && !day_start) || utc < start || utc > end {
            continue;
        }
        if out.last().is_some_and(|t| t.ms >= utc * 1000) {
            continue;
        }
        out.push(Tick {
            ms: utc * 1000,
            label: label(&w, step, day_start),
            day_start,
        });
    }
    out
}

/// The changes of `zone`'s offset in `[start_ms, end_ms]`, in time order.
pub fn offset_changes(start_ms: i64, end_ms: i64, zone: &ScheduleZone) -> Vec<OffsetChange> {
    if !zone.has_transitions() || end_ms < start_ms {
        return Vec::new();
    }
    let (start, end) = (start_ms.div_euclid(1000), end_ms.div_euclid(1000));
    // Offsets change at most a few times a year: sampled daily, each change found by bisection.
    let mut out = Vec::new();
    let mut a = start;
    while a < end {
        let b = (a + DAY).min(end);
        let (before, after) = (zone.offset_at(a), zone.offset_at(b));
        if before != after {
            let (mut lo, mut hi) = (a, b);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if zone.offset_at(mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(OffsetChange {
                ms: hi * 1000,
                before_secs: before,
                after_secs: zone.offset_at(hi),
            });
        }
        a = b;
    }
    out
}

/// The smallest multiple of `step` at or after `value`.
fn ceil_to(value: i64, step: i64) -> i64 {
    -((-value).div_euclid(step)) * step
}

/// The wall times (UTC-read seconds) of the month starts in `[wall_start, wall_end]` whose
/// month index (from January 1970) is a multiple of `n`.
fn month_starts(wall_start: i64, wall_end: i64, n: u32, limit: usize) -> Vec<i64> {
    let (y, m, _) = civil_from_days(wall_start.div_euclid(DAY));
    let mut index = i64::from(y) * 12 + i64::from(m) - 1;
    let mut out = Vec::new();
    while out.len() < limit {
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let wall = days_from_civil(year as i32, month, 1) * DAY;
        if wall > wall_end {
            break;
        }
        if wall >= wall_start && index.rem_euclid(i64::from(n)) == 0 {
            out.push(wall);
        }
        index += 1;
    }
    out
}

fn label(w: &Wall, step: Step, day_start: bool) -> String {
    let month = MONTHS[(w.month as usize + 11) % 12];
    match step {
        Step::Months(_) if w.month == 1 => format!("{}", w.year),
        Step::Months(_) => format!("{month} {}", w.year),
        _ if day_start && w.month == 1 && w.day == 1 => format!("{month} {} {}", w.day, w.year),
        _ if day_start => format!("{month} {}", w.day),
        Step::Seconds(s) if s < 60 => {
            format!("{:02}:{:02}:{:02}", w.hour, w.minute, w.second)
        }
        _ => format!("{:02}:{:02}", w.hour, w.minute),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tz::Zone;

    fn ms(rfc3339: &str) -> i64 {
        crate::api::input::time_ms(rfc3339, "t").unwrap()
    }

    fn la() -> ScheduleZone {
        ScheduleZone::Iana(Zone::named("America/Los_Angeles").unwrap())
    }

    fn labels(start: &str, end: &str, zone: &ScheduleZone, max: usize) -> Vec<String> {
        ticks(ms(start), ms(end), zone, max)
            .into_iter()
            .map(|t| t.label)
            .collect()
    }

    #[test]
    fn steps_grow_with_the_span() {
        assert_eq!(Step::for_span(60, 8), Step::Seconds(10));
        assert_eq!(Step::for_span(600, 8), Step::Seconds(120));
        assert_eq!(Step::for_span(6 * 3600, 8), Step::Seconds(3600));
        assert_eq!(Step::for_span(3 * DAY, 8), Step::Seconds(43_200));
        assert_eq!(Step::for_span(30 * DAY, 8), Step::Days(7));
        assert_eq!(Step::for_span(365 * DAY, 8), Step::Months(3));
        assert_eq!(Step::for_span(40 * 365 * DAY, 8), Step::Months(72));
    }

    #[test]
    fn minutes_in_utc() {
        assert_eq!(
            labels(
                "2026-11-28T10:00:00Z",
                "2026-11-28T10:20:00Z",
                &ScheduleZone::Utc,
                6
            ),
            ["10:00", "10:05", "10:10", "10:15", "10:20"]
        );
    }

    #[test]
    fn seconds_show_seconds() {
        assert_eq!(
            labels(
                "2026-11-28T10:00:03Z",
                "2026-11-28T10:00:30Z",
                &ScheduleZone::Utc,
                4
            ),
            ["10:00:10", "10:00:20", "10:00:30"]
        );
    }

    #[test]
    fn a_day_boundary_is_a_date_in_the_zone() {
        let shanghai = ScheduleZone::Iana(Zone::named("Asia/Shanghai").unwrap());
        // 14:00Z to 20:00Z is 22:00 to 04:00 in Shanghai.
        let t = ticks(
            ms("2026-11-28T14:00:00Z"),
            ms("2026-11-28T20:00:00Z"),
            &shanghai,
            8,
        );
        let got: Vec<(&str, bool)> = t.iter().map(|t| (t.label.as_str(), t.day_start)).collect();
        assert_eq!(
            got,
            [
                ("22:00", false),
                ("23:00", false),
                ("Nov 29", true),
                ("01:00", false),
                ("02:00", false),
                ("03:00", false),
                ("04:00", false)
            ]
        );
        assert_eq!(t[2].ms, ms("2026-11-28T16:00:00Z"));
    }

    #[test]
    fn the_spring_forward_day_skips_the_missing_hour() {
        // 2027-03-14 in Los Angeles: 02:00 PST jumps to 03:00 PDT.
        let got = labels("2027-03-14T08:00:00Z", "2027-03-14T12:00:00Z", &la(), 6);
        assert_eq!(got, ["Mar 14", "01:00", "03:00", "04:00", "05:00"]);
        let changes = offset_changes(
            ms("2027-03-13T00:00:00Z"),
            ms("2027-03-16T00:00:00Z"),
            &la(),
        );
        assert_eq!(
            changes,
            [OffsetChange {
                ms: ms("2027-03-14T10:00:00Z"),
                before_secs: -8 * 3600,
                after_secs: -7 * 3600
            }]
        );
        assert_eq!(changes[0].label(), "UTC−08:00 → UTC−07:00");
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        // 2026-11-30 and 2026-12-07 are Mondays.
        assert_eq!(
            labels(
                "2026-11-28T00:00:00Z",
                "2026-12-20T00:00:00Z",
                &ScheduleZone::Utc,
                4
            ),
            ["Nov 30", "Dec 7", "Dec 14"]
        );
        assert_eq!(
            labels(
                "2026-11-15T00:00:00Z",
                "2027-11-15T00:00:00Z",
                &ScheduleZone::Utc,
                6
            ),
            ["2027", "Apr 2027", "Jul 2027", "Oct 2027"]
        );
    }

    #[test]
    fn a_year_has_no_change_in_utc_and_two_in_los_angeles() {
        let (a, b) = (ms("2027-01-01T00:00:00Z"), ms("2028-01-01T00:00:00Z"));
        assert!(offset_changes(a, b, &ScheduleZone::Utc).is_empty());
        let changes = offset_changes(a, b, &la());
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].ms, ms("2027-11-07T09:00:00Z"));
    }

    #[test]
    fn the_cursor_text_is_the_wall_time_with_its_offset() {
        assert_eq!(
            instant_text(ms("2027-03-14T10:30:00Z"), &la()),
            "2027-03-14 03:30:00 UTC-07:00"
        );
        assert_eq!(offset_text(19_800), "UTC+05:30");
    }
}
