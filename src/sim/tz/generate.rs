//! Builds `zones.bin` from chrono-tz (a native dev-dependency) and checks the committed file.
//!
//! `cargo test --lib sim::tz` fails if the committed file differs from what chrono-tz gives;
//! `REGENERATE_TZ=1 cargo test --lib sim::tz::generate` rewrites it.
//!
//! chrono-tz does not expose its transition list, so it is recovered through the public API:
//! the offset is sampled every [`STEP`] seconds from [`SCAN_START`] (1970, the table's start:
//! the offset in force then is the zone's initial one) to [`SCAN_END`] (after chrono-tz's last
//! transition, 2099) and each change is bisected to the exact second. chrono-tz 0.10.4's data
//! has no two transitions closer than 6.9 days, so a 2-day step cannot miss a change that is
//! undone before the next sample.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

use super::{Zone, QUARTER_HOUR};

/// First scanned instant (1970-01-01T00:00:00Z): earlier changes are not kept.
const SCAN_START: i64 = 0;
/// Last scanned instant (2101-01-01T00:00:00Z, after every chrono-tz transition).
const SCAN_END: i64 = 4_133_980_800;
/// Sampling step (2 days).
const STEP: i64 = 2 * 86_400;

fn chrono_offset(tz: Tz, secs: i64) -> i32 {
    let dt = DateTime::from_timestamp(secs, 0).unwrap();
    tz.offset_from_utc_datetime(&dt.naive_utc())
        .fix()
        .local_minus_utc()
}

/// The offset at [`SCAN_START`], and every later change `(instant, new offset)`.
type Changes = (i32, Vec<(i64, i32)>);

fn changes(tz: Tz) -> Changes {
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

fn put_unsigned(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_signed(out: &mut Vec<u8>, v: i64) {
    put_unsigned(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn encode_set((initial, list): &Changes) -> Vec<u8> {
    let mut offsets: Vec<i32> = vec![*initial];
    offsets.extend(list.iter().map(|(_, o)| *o));
    offsets.sort_unstable();
    offsets.dedup();
    let index = |o: i32| offsets.iter().position(|x| *x == o).unwrap() as u64;
    let mut b = Vec::new();
    put_unsigned(&mut b, offsets.len() as u64);
    for o in &offsets {
        put_signed(&mut b, i64::from(*o));
    }
    put_unsigned(&mut b, index(*initial));
    put_unsigned(&mut b, list.len() as u64);
    let n = offsets.len() as u64;
    let mut prev = None;
    for (t, o) in list {
        match prev {
            None => {
                put_signed(&mut b, *t);
                put_unsigned(&mut b, index(*o));
            }
            Some(p) => {
                let delta = (*t - p) as u64;
                let word = if delta % QUARTER_HOUR == 0 {
                    (delta / QUARTER_HOUR * n + index(*o)) << 1
                } else {
                    (delta * n + index(*o)) << 1 | 1
                };
                put_unsigned(&mut b, word);
            }
        }
        prev = Some(*t);
    }
    b
}

/// The zone names (`UTC` first, then sorted) with their changes, from chrono-tz.
fn chrono_zones() -> Vec<(&'static str, Changes)> {
    let mut tzs: Vec<Tz> = TZ_VARIANTS.to_vec();
    tzs.sort_by_key(|t| (t.name() != "UTC", t.name()));
    tzs.iter().map(|t| (t.name(), changes(*t))).collect()
}

/// The table file for the given zones.
fn encode(zones: &[(&'static str, Changes)]) -> Vec<u8> {
    let mut sets: Vec<&Changes> = Vec::new();
    let mut out = b"TZ01".to_vec();
    let mut names = Vec::new();
    for (name, ch) in zones {
        let set = match sets.iter().position(|s| *s == ch) {
            Some(i) => i,
            None => {
                sets.push(ch);
                sets.len() - 1
            }
        };
        names.push((name, set));
    }
    put_unsigned(&mut out, names.len() as u64);
    put_unsigned(&mut out, sets.len() as u64);
    for (name, set) in names {
        out.push(u8::try_from(name.len()).unwrap());
        out.extend_from_slice(name.as_bytes());
        put_unsigned(&mut out, set as u64);
    }
    for s in sets {
        let body = encode_set(s);
        put_unsigned(&mut out, body.len() as u64);
        out.extend(body);
    }
    out
}

#[test]
fn committed_table_equals_chrono_tz() {
    let zones = chrono_zones();
    let bytes = encode(&zones);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sim/tz/zones.bin");
    if std::env::var_os("REGENERATE_TZ").is_some() {
        std::fs::write(path, &bytes).unwrap();
    }
    assert!(
        bytes == super::ZONES_BIN,
        "src/sim/tz/zones.bin is stale: run REGENERATE_TZ=1 cargo test --lib sim::tz::generate"
    );
    // The decoded table gives every name chrono-tz accepts and exactly its transitions.
    assert_eq!(Zone::all().count(), TZ_VARIANTS.len());
    for (name, (initial, list)) in &zones {
        let z = Zone::named(name).unwrap();
        assert_eq!(z.name(), *name);
        let rules = z.rules().unwrap();
        assert_eq!(rules.initial, *initial, "{name}");
        let decoded: Vec<(i64, i32)> = rules
            .times
            .iter()
            .copied()
            .zip(rules.offsets.iter().copied())
            .collect();
        assert_eq!(&decoded, list, "{name}");
    }
}

#[test]
fn offsets_agree_with_chrono_tz_at_sampled_instants() {
    // Every zone at instants spread over 1970–2100 (an odd step, so all times of day occur),
    // around each decoded transition, and far after the data range; before 1970 the offset of
    // 1970-01-01 holds.
    for tz in TZ_VARIANTS {
        let z = Zone::named(tz.name()).unwrap();
        let mut t = SCAN_START;
        while t < SCAN_END {
            assert_eq!(z.offset_at(t), chrono_offset(tz, t), "{} at {t}", tz.name());
            t += 7 * 86_400 + 3_607;
        }
        for &at in z.rules().unwrap().times.iter() {
            for s in [at - 1, at, at + 1] {
                assert_eq!(z.offset_at(s), chrono_offset(tz, s), "{} at {s}", tz.name());
            }
        }
        let far = 60_000_000_000;
        assert_eq!(z.offset_at(far), chrono_offset(tz, far), "{}", tz.name());
        let at_1970 = chrono_offset(tz, SCAN_START);
        for s in [-60_000_000_000, -1] {
            assert_eq!(z.offset_at(s), at_1970, "{} at {s}", tz.name());
        }
    }
}
