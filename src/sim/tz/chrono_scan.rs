//! The UTC offset changes chrono-tz gives for every zone, from 1970 to 2100: the source of
//! `zones.bin` (read by `examples/tz_table.rs`, which writes the table) and its oracle (read
//! by the table's test). Native only: chrono-tz is a dev-dependency.
//!
//! chrono-tz does not expose its transition list, so it is recovered through the public API:
//! the offset is sampled every [`STEP`] seconds from [`SCAN_START`] (1970, the table's start:
//! the offset in force then is the zone's initial one) to [`SCAN_END`] (after chrono-tz's last
//! transition, 2099) and each change is bisected to the exact second. chrono-tz 0.10's data has
//! no two transitions closer than 6.9 days, so a 2-day step cannot miss a change that is undone
//! before the next sample.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

/// First scanned instant (1970-01-01T00:00:00Z): earlier changes are not kept.
pub const SCAN_START: i64 = 0;
/// Last scanned instant (2101-01-01T00:00:00Z, after every chrono-tz transition).
pub const SCAN_END: i64 = 4_133_980_800;
/// Sampling step (2 days).
const STEP: i64 = 2 * 86_400;

/// The offset at [`SCAN_START`], and every later change `(instant, new offset)`.
pub type Changes = (i32, Vec<(i64, i32)>);

/// chrono-tz's offset east of UTC (seconds) of `tz` at the instant `secs`.
pub fn chrono_offset(tz: Tz, secs: i64) -> i32 {
    let Some(at) = DateTime::from_timestamp(secs, 0) else {
        panic!("{secs} is outside chrono's range");
    };
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// The changes of one zone between [`SCAN_START`] and [`SCAN_END`].
pub fn changes(tz: Tz) -> Changes {
    let initial = chrono_offset(tz, SCAN_START);
    let mut out = Vec::new();
    let mut t = SCAN_START;
    let mut cur = initial;
    while t < SCAN_END {
        let next = (t + STEP).min(SCAN_END);
        let off = chrono_offset(tz, next);
        if off != cur {
            // Smallest s in (t, next] whose offset is `off`.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if chrono_offset(tz, mid) == off {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            out.push((hi, off));
            cur = off;
        }
        t = next;
    }
    (initial, out)
}

/// Every zone name chrono-tz accepts (`UTC` first, then sorted, the table's order) with its
/// changes.
pub fn zones() -> Vec<(&'static str, Changes)> {
    let mut tzs: Vec<Tz> = TZ_VARIANTS.to_vec();
    tzs.sort_by_key(|t| (t.name() != "UTC", t.name()));
    tzs.iter().map(|t| (t.name(), changes(*t))).collect()
}
