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
//!
//! Each zone's changes are then stored as explicit transitions and runs that follow a yearly
//! rule, found greedily: at each transition, the longest run (at least [`MIN_RUN`]
//! transitions) that some rule reproduces exactly. The committed-table test decodes every zone
//! and compares its whole transition list with chrono-tz's, so the encoding cannot change an
//! answer.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

use crate::sim::schedule::civil::{civil_from_days, days_in_month};

use super::{RulePart, Zone, QUARTER_HOUR};

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

/// A duration code (see the module doc of `super`) of `secs`.
fn duration_code(secs: i64) -> i64 {
    if secs % QUARTER_HOUR == 0 {
        secs / QUARTER_HOUR * 2
    } else {
        secs * 2 + 1
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn put_duration(out: &mut Vec<u8>, secs: i64) {
    put_unsigned(out, zigzag(duration_code(secs)));
}

/// The fewest transitions worth a rule run (a run takes about as many bytes as 3 transitions).
const MIN_RUN: usize = 6;

/// A stretch of a zone's transitions: one given explicitly, or a run following a yearly rule.
enum Item {
    Explicit(usize),
    Run {
        x: RulePart,
        y: RulePart,
        year: i32,
        lag: i32,
        count: usize,
    },
}

/// The rule parts that put a change at `t` when the offset before it is `pre`, with the year of
/// each, preferred ones first (the same wall day and the `n`-th or last weekday of the month;
/// the fixed date last).
fn rule_parts(t: i64, pre: i32) -> Vec<(RulePart, i32)> {
    let wall = t + i64::from(pre);
    let mut out = Vec::new();
    for shift in [0, -1, 1] {
        let days = wall.div_euclid(86_400) + shift;
        let time = wall.rem_euclid(86_400) - shift * 86_400;
        let (year, month, day) = civil_from_days(days);
        let weekday = (days + 4).rem_euclid(7) as u32;
        let part = |day| RulePart {
            month,
            day,
            weekday,
            time,
        };
        if day + 7 > days_in_month(year, month) {
            out.push((part(0), year));
        }
        let first_days = (1..=day).rev().take(7);
        for d in first_days.clone().filter(|d| d % 7 == 1) {
            out.push((part(d), year));
        }
        for d in first_days.filter(|d| d % 7 != 1) {
            out.push((part(d), year));
        }
        out.push((
            RulePart {
                weekday: 7,
                ..part(day)
            },
            year,
        ));
    }
    out
}

/// How many years in a row `part` gives the changes `k`, `k + 2`, … of `list` from `year` on.
fn years_matched(list: &[(i64, i32)], pre: &[i32], k: usize, part: &RulePart, year: i32) -> usize {
    let (p, o) = (pre[k], list[k].1);
    (k..list.len())
        .step_by(2)
        .zip(year..)
        .take_while(|&(j, y)| pre[j] == p && list[j] == (part.instant(y, p).unwrap(), o))
        .count()
}

/// The longest rule run (at least [`MIN_RUN`] transitions) starting at `list[i]`.
fn run_at(list: &[(i64, i32)], pre: &[i32], i: usize) -> Option<Item> {
    if i + 1 >= list.len() || list[i + 1].1 != pre[i] {
        return None;
    }
    let xs = rule_parts(list[i].0, pre[i]);
    let ys = rule_parts(list[i + 1].0, pre[i + 1]);
    let mut best = None;
    let mut best_count = MIN_RUN - 1;
    for (x, x_year) in &xs {
        let x_years = years_matched(list, pre, i, x, *x_year);
        if 2 * x_years <= best_count {
            continue;
        }
        for (y, y_year) in &ys {
            let lag = y_year - x_year;
            if !(0..=1).contains(&lag) {
                continue;
            }
            let y_years = years_matched(list, pre, i + 1, y, *y_year);
            let count = (2 * x_years).min(2 * y_years + 1);
            if count > best_count {
                best_count = count;
                best = Some(Item::Run {
                    x: *x,
                    y: *y,
                    year: *x_year,
                    lag,
                    count,
                });
            }
        }
    }
    best
}

/// A zone's transitions as explicit ones and rule runs (greedily, longest run first).
fn items(initial: i32, list: &[(i64, i32)]) -> Vec<Item> {
    let pre: Vec<i32> = std::iter::once(initial)
        .chain(list.iter().map(|(_, o)| *o))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < list.len() {
        match run_at(list, &pre, i) {
            Some(run @ Item::Run { count, .. }) => {
                out.push(run);
                i += count;
            }
            _ => {
                out.push(Item::Explicit(i));
                i += 1;
            }
        }
    }
    out
}

fn put_rule_part(out: &mut Vec<u8>, p: &RulePart) {
    put_unsigned(out, u64::from(((p.month - 1) * 32 + p.day) * 8 + p.weekday));
    put_duration(out, p.time);
}

fn encode_set((initial, list): &Changes) -> Vec<u8> {
    let mut b = Vec::new();
    put_duration(&mut b, i64::from(*initial));
    let items = items(*initial, list);
    put_unsigned(&mut b, items.len() as u64);
    // The offset in force; the last transition's wall time (in the offset before it).
    let (mut cur, mut wall, mut i) = (*initial, 0i64, 0);
    for item in &items {
        match item {
            Item::Explicit(k) => {
                let (t, o) = list[*k];
                let w = t + i64::from(cur);
                let days = w.div_euclid(86_400) - wall.div_euclid(86_400);
                assert!(days > 0, "transitions must be days apart in wall time");
                put_unsigned(&mut b, (days as u64) << 1);
                put_duration(&mut b, i64::from(o - cur));
                put_duration(&mut b, w.rem_euclid(86_400));
                i = k + 1;
            }
            Item::Run {
                x,
                y,
                year,
                lag,
                count,
            } => {
                put_unsigned(
                    &mut b,
                    zigzag(duration_code(i64::from(list[i].1 - cur))) << 1 | 1,
                );
                put_rule_part(&mut b, x);
                put_rule_part(&mut b, y);
                put_unsigned(&mut b, u64::try_from(year - 1900).unwrap());
                put_unsigned(&mut b, (*count as u64) << 1 | *lag as u64);
                i += count;
            }
        }
        let (t, o) = list[i - 1];
        let pre = if i >= 2 { list[i - 2].1 } else { *initial };
        wall = t + i64::from(pre);
        cur = o;
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
    let mut out = b"TZ02".to_vec();
    put_unsigned(&mut out, zones.len() as u64);
    let mut prev = "";
    for (name, _) in zones {
        assert!(name.bytes().all(|b| b >= 32), "{name}");
        let shared = prev
            .bytes()
            .zip(name.bytes())
            .take_while(|(a, b)| a == b)
            .count()
            .min(31);
        out.extend_from_slice(&name.as_bytes()[shared..]);
        out.push(shared as u8);
        prev = name;
    }
    let mut sets: Vec<&Changes> = Vec::new();
    for (_, ch) in zones {
        match sets.iter().position(|s| *s == ch) {
            Some(i) => put_unsigned(&mut out, i as u64 + 1),
            None => {
                put_unsigned(&mut out, 0);
                sets.push(ch);
            }
        }
    }
    for s in sets {
        out.extend(encode_set(s));
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
    // The decoded table gives every name chrono-tz accepts and exactly its transitions from
    // 1970 to 2100 (rule runs expanded).
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
