//! Wall-clock time in a schedule's zone: the instants of a wall time, the fires the
//! documentation promises (plain wall-clock matching), and local renderings of instants.

use super::civil::wall_as_utc_secs;
use super::cron::CronSpec;
use super::next::{next_fire_cached, NextCache, NextOutcome};
use super::zone::{OffsetMemo, ScheduleZone};

/// Fires under plain wall-clock semantics: every matching wall time in `zone` after `now_ms`,
/// both occurrences of a repeated (fall-back) time, none for a time in a spring-forward gap.
pub(crate) fn ideal_fires(
    spec: &CronSpec,
    zone: &ScheduleZone,
    now_ms: i64,
    count: usize,
) -> Vec<i64> {
    let mut out = Vec::with_capacity(count.saturating_add(2).min(1 << 16));
    let now_secs = now_ms.div_euclid(1000);
    let wall_now = zone.wall_of(now_secs);
    // Instants after now read at least 3 h before now's wall time (largest DST shift).
    let mut cursor = wall_as_utc_secs(&wall_now) - 3 * 3600 - 1;
    let mut guard = 0;
    let limit = count.saturating_mul(2).saturating_add(3 * 3600 + 16);
    let (mut cache, mut memo) = (NextCache::default(), OffsetMemo::default());
    while out.len() < count.saturating_add(2) && guard < limit {
        guard += 1;
        let NextOutcome::At(w) = next_fire_cached(spec, &ScheduleZone::Utc, cursor, &mut cache)
        else {
            break;
        };
        if w <= cursor {
            break;
        }
        cursor = w;
        // Away from an offset change the wall time has exactly one instant.
        if let Some(off) = memo.steady_over(zone, w - 86_400, w + 86_400) {
            let instant = w - i64::from(off);
            if instant > now_secs {
                out.push(instant * 1000);
            }
            continue;
        }
        for instant in wall_instants(zone, w) {
            if instant > now_secs {
                out.push(instant * 1000);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.truncate(count);
    out
}

/// The instants (0, 1 or 2) whose wall-clock reading in `zone` is the wall time `wall_secs`
/// (a wall time encoded as if UTC).
pub(crate) fn wall_instants(zone: &ScheduleZone, wall_secs: i64) -> impl Iterator<Item = i64> + '_ {
    let mut offsets = [
        i64::from(zone.offset_at(wall_secs - 86_400)),
        i64::from(zone.offset_at(wall_secs)),
        i64::from(zone.offset_at(wall_secs + 86_400)),
    ];
    offsets.sort_unstable();
    let mut seen: Vec<i64> = Vec::with_capacity(3);
    for off in offsets {
        let instant = wall_secs - off;
        if i64::from(zone.offset_at(instant)) == off && !seen.contains(&instant) {
            seen.push(instant);
        }
    }
    seen.sort_unstable();
    seen.into_iter()
}

/// A local wall-clock rendering of an instant: `2024-03-10 01:30:00 UTC-08:00`.
pub(crate) fn local_text(zone: &ScheduleZone, ms: i64) -> String {
    local_text_marked(zone, ms, "UTC")
}

/// [`local_text`] with `mark` before the offset instead of `UTC` (`""`:
/// `2024-03-10 01:30:00 -08:00`). Plain integer formatting: chrono's strftime would bring its
/// format parser into the wasm.
pub(crate) fn local_text_marked(zone: &ScheduleZone, ms: i64, mark: &str) -> String {
    let secs = ms.div_euclid(1000);
    let w = zone.wall_of(secs);
    let off = zone.offset_at(secs);
    let sign = if off < 0 { '-' } else { '+' };
    let a = off.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {mark}{sign}{:02}:{:02}",
        w.year,
        w.month,
        w.day,
        w.hour,
        w.minute,
        w.second,
        a / 3600,
        a / 60 % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::schedule::agent::parse_agent_cron;
    use crate::sim::schedule::next::next_fire;
    use crate::sim::tz::Zone;

    /// [`ideal_fires`] the plain way: a fresh walk per wall time, every wall time's instants
    /// looked up.
    fn plain_ideal_fires(
        spec: &CronSpec,
        zone: &ScheduleZone,
        now_ms: i64,
        count: usize,
    ) -> Vec<i64> {
        let mut out = Vec::new();
        let now_secs = now_ms.div_euclid(1000);
        let mut cursor = wall_as_utc_secs(&zone.wall_of(now_secs)) - 3 * 3600 - 1;
        let mut guard = 0;
        let limit = count.saturating_mul(2).saturating_add(3 * 3600 + 16);
        while out.len() < count.saturating_add(2) && guard < limit {
            guard += 1;
            let NextOutcome::At(w) = next_fire(spec, &ScheduleZone::Utc, cursor) else {
                break;
            };
            if w <= cursor {
                break;
            }
            cursor = w;
            out.extend(
                wall_instants(zone, w)
                    .filter(|i| *i > now_secs)
                    .map(|i| i * 1000),
            );
        }
        out.sort_unstable();
        out.dedup();
        out.truncate(count);
        out
    }

    #[test]
    fn the_documented_fires_are_those_of_the_plain_walk() {
        let exprs = [
            "*/10 * * * * ?",
            "0 */30 * * * ?",
            "0 30 2 * * ?",
            "0 30 1 * * ?",
            "0 0 12 L * ?",
            "0 45 2 ? * SUN",
            "0 0 0 29 2 ? 2030",
        ];
        let zones = [
            "America/New_York",
            "Australia/Lord_Howe",
            "Europe/London",
            "GMT+8:00",
            "UTC",
        ];
        // 2026-01-01, 2026-03-08 06:59:59 (US spring-forward), 2026-10-31 12:00, 2099-11-30.
        let starts = [
            1_767_225_600_000,
            1_772_953_199_000,
            1_793_448_000_000,
            4_099_680_000_000,
        ];
        for expr in exprs {
            for zone in zones {
                let plan = parse_agent_cron(&format!("{expr} {zone}"), Zone::UTC).unwrap();
                for start in starts {
                    for count in [1, 7, 600] {
                        assert_eq!(
                            ideal_fires(&plan.spec, &plan.zone, start, count),
                            plain_ideal_fires(&plan.spec, &plan.zone, start, count),
                            "{expr} {zone} from {start}, {count}"
                        );
                    }
                }
            }
        }
    }
}
