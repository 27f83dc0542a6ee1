//! Time zones of a schedule and Go's `time.Date` rule for turning wall times into instants.
//!
//! The agent builds every cron candidate with `time.Date`, whose rule for DST gaps and
//! overlaps (go-time-date.md) differs from chrono's `LocalResult` choices, so it is implemented
//! here over the zone's UTC offsets only.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};

use crate::sim::tz::Zone;

use super::civil::{utc_wall, wall_as_utc_secs, Wall};
use super::error::{AgentError, AgentErrorKind};

/// The instants (seconds) chrono's `DateTime<Utc>` can represent.
const CHRONO_SECS: RangeInclusive<i64> =
    DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp();

/// The zone a schedule is evaluated in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleZone {
    /// UTC (the tokens `UTC` and `GMT`, and the default of `at()`).
    Utc,
    /// A fixed offset in seconds east of UTC, named after the matched `GMT±H:MM` text.
    Fixed {
        /// Seconds east of UTC.
        offset_secs: i32,
        /// The matched text, e.g. `GMT+8:00`.
        name: String,
    },
    /// An IANA zone from the tz database.
    Iana(Zone),
}

impl ScheduleZone {
    /// The zone's offset east of UTC (seconds) in force at the instant `utc_secs`.
    #[inline]
    pub fn offset_at(&self, utc_secs: i64) -> i32 {
        match self {
            Self::Utc => 0,
            Self::Fixed { offset_secs, .. } => *offset_secs,
            Self::Iana(zone) if *zone == Zone::UTC => 0,
            // Instants chrono cannot represent have offset 0 (as when chrono-tz computed this).
            Self::Iana(zone) if CHRONO_SECS.contains(&utc_secs) => zone.offset_at(utc_secs),
            Self::Iana(_) => 0,
        }
    }

    /// [`Self::offset_at`] with the instants `[from, until)` over which it stays the same.
    pub fn offset_span(&self, utc_secs: i64) -> (i32, i64, i64) {
        let (start, end) = (*CHRONO_SECS.start(), *CHRONO_SECS.end());
        match self {
            Self::Iana(zone) if *zone != Zone::UTC => {
                if utc_secs < start {
                    (0, i64::MIN, start)
                } else if utc_secs > end {
                    (0, end + 1, i64::MAX)
                } else {
                    let (off, from, until) = zone.offset_span(utc_secs);
                    (off, from.max(start), until.min(end + 1))
                }
            }
            _ => (self.offset_at(utc_secs), i64::MIN, i64::MAX),
        }
    }

    /// The wall-clock fields of the instant `utc_secs` in this zone.
    #[inline]
    pub fn wall_of(&self, utc_secs: i64) -> Wall {
        utc_wall(utc_secs.saturating_add(i64::from(self.offset_at(utc_secs))))
    }

    /// Go's `time.Date(wall, zone)`: the instant (seconds) of a wall time, normalising fields
    /// that are out of range and resolving DST gaps and overlaps the way Go does: read the
    /// wall time as UTC (`u`), take the offset in force at `u`, and if `u − off` falls in a
    /// different zone period use that period's offset instead.
    #[inline]
    pub fn go_date(&self, wall: &Wall) -> i64 {
        let u = wall_as_utc_secs(wall);
        let off = i64::from(self.offset_at(u));
        let off2 = i64::from(self.offset_at(u - off));
        u - off2
    }

    /// [`Self::go_date`], also telling whether the wall reading of the result is known to be
    /// `wall` itself (true unless the wall time fell in a gap), which saves a lookup.
    #[inline]
    pub fn go_date_exact(&self, wall: &Wall) -> (i64, bool) {
        let u = wall_as_utc_secs(wall);
        let off = i64::from(self.offset_at(u));
        if !self.has_transitions() {
            return (u - off, true);
        }
        let off2 = i64::from(self.offset_at(u - off));
        (u - off2, off == off2)
    }

    /// The zone's name as the agent reports it (`UTC`, `GMT+8:00`, `Asia/Shanghai`).
    pub fn name(&self) -> String {
        match self {
            Self::Utc => "UTC".to_string(),
            Self::Fixed { name, .. } => name.clone(),
            Self::Iana(tz) => tz.name().to_string(),
        }
    }

    /// Whether this zone can have DST or other offset changes.
    pub fn has_transitions(&self) -> bool {
        match self {
            Self::Utc | Self::Fixed { .. } => false,
            Self::Iana(zone) => *zone != Zone::UTC && zone.has_transitions(),
        }
    }
}

/// The last offset span looked up in one zone: sequential lookups (a schedule's fires) mostly
/// stay inside it and skip the transition search. The default span is empty: the first lookup
/// fills it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OffsetMemo {
    offset: i32,
    from: i64,
    until: i64,
}

impl OffsetMemo {
    /// [`ScheduleZone::offset_at`]; `zone` must be the same on every call.
    #[inline]
    pub(crate) fn offset_at(&mut self, zone: &ScheduleZone, utc_secs: i64) -> i32 {
        if !(self.from..self.until).contains(&utc_secs) {
            (self.offset, self.from, self.until) = zone.offset_span(utc_secs);
        }
        self.offset
    }

    /// [`ScheduleZone::wall_of`].
    #[inline]
    pub(crate) fn wall_of(&mut self, zone: &ScheduleZone, utc_secs: i64) -> Wall {
        utc_wall(utc_secs.saturating_add(i64::from(self.offset_at(zone, utc_secs))))
    }

    /// [`ScheduleZone::go_date_exact`].
    #[inline]
    pub(crate) fn go_date_exact(&mut self, zone: &ScheduleZone, wall: &Wall) -> (i64, bool) {
        let u = wall_as_utc_secs(wall);
        let off = i64::from(self.offset_at(zone, u));
        let off2 = i64::from(self.offset_at(zone, u - off));
        (u - off2, off == off2)
    }

    /// The one offset in force over all of `[lo, hi]`, if it does not change there.
    #[inline]
    pub(crate) fn steady_over(&mut self, zone: &ScheduleZone, lo: i64, hi: i64) -> Option<i32> {
        let offset = self.offset_at(zone, lo);
        (hi < self.until).then_some(offset)
    }
}

/// Parses a GMT offset match `GMT±H:MM` (hour 0–9 or 10–14, no leading zero; minutes 00–59)
/// starting at `bytes[i]`; returns the match length and the offset in seconds.
fn gmt_match_at(bytes: &[u8], i: usize) -> Option<(usize, i32)> {
    let rest = bytes.get(i..)?;
    if !rest.starts_with(b"GMT") {
        return None;
    }
    let sign: i32 = match rest.get(3)? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digit = |k: usize| rest.get(k).filter(|c| c.is_ascii_digit()).map(|c| c - b'0');
    // Hour: one digit, or 1 followed by 0–4 (whichever lets `:` follow).
    let h1 = digit(4)?;
    let (hour, colon_at) = if rest.get(5) == Some(&b':') {
        (u32::from(h1), 5)
    } else if h1 == 1 && matches!(digit(5), Some(0..=4)) && rest.get(6) == Some(&b':') {
        (10 + u32::from(digit(5)?), 6)
    } else {
        return None;
    };
    let m1 = digit(colon_at + 1).filter(|d| *d <= 5)?;
    let m2 = digit(colon_at + 2)?;
    let minutes = u32::from(m1) * 10 + u32::from(m2);
    let len = colon_at + 3;
    Some((len, sign * (hour * 3600 + minutes * 60) as i32))
}

/// All non-overlapping `GMT±H:MM` matches in `token`, leftmost first: `(start, len, offset)`.
fn gmt_matches(token: &str) -> impl Iterator<Item = (usize, usize, i32)> + '_ {
    let bytes = token.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if let Some((len, off)) = gmt_match_at(bytes, i) {
                let start = i;
                i += len;
                return Some((start, len, off));
            }
            i += 1;
        }
        None
    })
}

/// Loads an IANA zone by its exact (case-sensitive) name, as Go's `time.LoadLocation`.
pub fn load_iana(name: &str) -> Option<Zone> {
    if name.starts_with('/') || name.contains("..") {
        return None;
    }
    Zone::named(name)
}

/// The agent's `_parseLocation`: a zone token of a cron expression.
///
/// Order: contains `/` → IANA; contains `+`/`-` → exactly one unanchored `GMT±H:MM`;
/// exactly `GMT` or `UTC` → UTC; anything else → `TimezoneInformationCorrupt`.
pub fn parse_agent_zone(token: &str) -> Result<ScheduleZone, AgentError> {
    if token.contains('/') {
        return load_iana(token).map(ScheduleZone::Iana).ok_or_else(|| {
            AgentError::new(
                AgentErrorKind::TimezoneInformationCorrupt,
                format!("unknown time zone {token}"),
            )
        });
    }
    if token.contains('+') || token.contains('-') {
        let mut found = gmt_matches(token);
        return match (found.next(), found.next()) {
            (Some((start, len, offset_secs)), None) => Ok(ScheduleZone::Fixed {
                offset_secs,
                name: token.get(start..start + len).unwrap_or(token).to_string(),
            }),
            _ => Err(AgentError::new(
                AgentErrorKind::InvalidGMTOffsetForTimezone,
                format!("`{token}` is not a single GMT offset of the form GMT+8:00"),
            )),
        };
    }
    if token == "GMT" || token == "UTC" {
        return Ok(ScheduleZone::Utc);
    }
    Err(AgentError::new(
        AgentErrorKind::TimezoneInformationCorrupt,
        format!("unknown time zone {token}"),
    ))
}

/// The documented (API) zone grammar: an IANA name containing `/`, an anchored `GMT±H:MM`
/// without a leading zero, or `UTC`. Returns `None` for anything else.
pub fn parse_api_zone(token: &str) -> Option<ScheduleZone> {
    if token == "UTC" {
        return Some(ScheduleZone::Utc);
    }
    if token.contains('/') {
        return load_iana(token).map(ScheduleZone::Iana);
    }
    match gmt_match_at(token.as_bytes(), 0) {
        Some((len, offset_secs)) if len == token.len() => Some(ScheduleZone::Fixed {
            offset_secs,
            name: token.to_string(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Wall {
        Wall {
            year: y,
            month: mo,
            day: d,
            hour: h,
            minute: mi,
            second: 0,
        }
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        wall_as_utc_secs(&w(y, mo, d, h, mi))
    }

    #[test]
    fn go_date_examples_from_go_time_date_md() {
        let la = ScheduleZone::Iana(Zone::named("America/Los_Angeles").unwrap());
        let london = ScheduleZone::Iana(Zone::named("Europe/London").unwrap());
        assert_eq!(la.go_date(&w(2024, 3, 10, 2, 30)), utc(2024, 3, 10, 9, 30));
        assert_eq!(la.go_date(&w(2024, 11, 3, 1, 30)), utc(2024, 11, 3, 8, 30));
        assert_eq!(
            london.go_date(&w(2024, 3, 31, 1, 30)),
            utc(2024, 3, 31, 1, 30)
        );
        assert_eq!(
            london.go_date(&w(2024, 10, 27, 1, 30)),
            utc(2024, 10, 27, 1, 30)
        );
    }

    #[test]
    fn dst_rules_extend_far_into_the_future() {
        let la = ScheduleZone::Iana(Zone::named("America/Los_Angeles").unwrap());
        assert_eq!(la.offset_at(utc(2090, 7, 1, 0, 0)), -7 * 3600);
        assert_eq!(la.offset_at(utc(2090, 1, 1, 0, 0)), -8 * 3600);
    }

    #[test]
    fn zone_token_grammar() {
        assert_eq!(parse_agent_zone("UTC"), Ok(ScheduleZone::Utc));
        assert_eq!(parse_agent_zone("GMT"), Ok(ScheduleZone::Utc));
        let z = parse_agent_zone("xGMT+8:00y").unwrap();
        assert_eq!(
            z,
            ScheduleZone::Fixed {
                offset_secs: 8 * 3600,
                name: "GMT+8:00".into()
            }
        );
        assert_eq!(
            parse_agent_zone("GMT-14:00").unwrap().offset_at(0),
            -14 * 3600
        );
        for bad in [
            "GMT+08:00",
            "GMT+15:00",
            "GMT+8:00GMT+9:00",
            "UTC+8",
            "gmt+8:00",
        ] {
            assert_eq!(
                parse_agent_zone(bad).unwrap_err().kind,
                AgentErrorKind::InvalidGMTOffsetForTimezone,
                "{bad}"
            );
        }
        for bad in ["utc", "CST", "Local", "Asia/Nowhere", "asia/shanghai"] {
            assert_eq!(
                parse_agent_zone(bad).unwrap_err().kind,
                AgentErrorKind::TimezoneInformationCorrupt,
                "{bad}"
            );
        }
        assert!(parse_api_zone("GMT+8:00").is_some());
        assert!(parse_api_zone("xGMT+8:00").is_none());
        assert!(parse_api_zone("GMT").is_none());
    }
}
