//! Writes `src/sim/tz/zones.bin`, the simulator's time-zone table, from chrono-tz:
//!
//!     cargo run --example tz_table
//!
//! Run it after updating chrono-tz; `cargo test --lib sim::tz` then checks the table against
//! it. The file layout is described in `src/sim/tz/mod.rs`.
//!
//! Each zone's changes (from `chrono_scan`) are stored as explicit transitions and runs that
//! follow a yearly rule, found greedily: at each transition, the longest run (at least
//! [`MIN_RUN`] transitions) that some rule reproduces exactly.

#[path = "../src/sim/tz/chrono_scan.rs"]
mod chrono_scan;
#[path = "../src/sim/tz/rule.rs"]
mod rule;

use chrono::{Datelike, NaiveDate, TimeDelta};
use chrono_scan::Changes;
use rule::RulePart;

/// Where the table goes.
const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sim/tz/zones.bin");
/// The unit of even duration codes (seconds).
const QUARTER_HOUR: i64 = 900;
/// The fewest transitions worth a rule run (a run takes about as many bytes as 3 transitions).
const MIN_RUN: usize = 6;

fn main() -> std::io::Result<()> {
    let zones = chrono_scan::zones();
    let bytes = encode(&zones);
    std::fs::write(TABLE, &bytes)?;
    println!("{TABLE}: {} zones, {} bytes", zones.len(), bytes.len());
    Ok(())
}

/// 1970-01-01, day 0 of the table.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
}

/// The date `days` days after 1970-01-01.
fn date_of(days: i64) -> NaiveDate {
    epoch() + TimeDelta::days(days)
}

/// Days since 1970-01-01 of `date`.
fn days_of(date: NaiveDate) -> i64 {
    date.signed_duration_since(epoch()).num_days()
}

/// Days since 1970-01-01 of a date; a `day` past the month's end carries into the next month.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
    days_of(first) + i64::from(day) - 1
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
    u32::from(first.num_days_in_month())
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

/// A duration code (see `src/sim/tz/mod.rs`) of `secs`.
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
        let date = date_of(days);
        let (year, month, day) = (date.year(), date.month(), date.day());
        let weekday = date.weekday().num_days_from_sunday();
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
        .take_while(|&(j, y)| {
            pre[j] == p && list[j].1 == o && part.instant(y, p) == Some(list[j].0)
        })
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
