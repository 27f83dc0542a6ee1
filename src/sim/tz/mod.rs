//! A compact IANA time-zone table: every zone name chrono-tz 0.10 accepts, with every UTC
//! offset change it knows from 1970 to 2100, in a few kilobytes. History before 1970 is not
//! kept: earlier instants get the offset in force on 1970-01-01T00:00:00Z (the simulator only
//! reasons about times near "now").
//!
//! The data lives in `zones.bin`, written from chrono-tz by `cargo run --example tz_table`; the
//! native test `sim::tz::chrono_check` compares every zone with chrono-tz, so the table cannot
//! drift. A [`Zone`] is a cheap `Copy` handle; a zone's transitions are decoded (and its
//! yearly rules expanded) on its first use and cached, so offset lookups are a binary search
//! that allocates nothing.
//!
//! File layout. Integers are LEB128 varints, signed ones zigzag-encoded; a *duration code* `c`
//! (seconds) stands for `c / 2 × 900` when `c` is even and `c / 2` when odd (`/` rounding down).
//! - `b"TZ02"`, the name count, then each name (`UTC` first, then by name) as its bytes after
//!   those it shares with the previous name, then the count of shared bytes (a byte below 32,
//!   which ends the name);
//! - per name, the set of transitions it uses: 0 for the next set not used before (sets are
//!   stored in order of first use), `k` for set `k − 1`;
//! - the sets, back to back: the offset in force on 1970-01-01 (signed duration code, seconds
//!   east of UTC), the item count, then the items, each starting with a word `w`:
//!   - `w` even: one transition, `w / 2` days after the previous transition's (or the
//!     epoch's) wall day, then its offset change and its wall time on that day (signed duration
//!     codes); wall times are read in the offset in force before the transition;
//!   - `w` odd: a run of transitions following a yearly rule of two changes: X, by the signed
//!     duration code that `w / 2` holds, and Y, back; each as `((month − 1) × 32 + day) × 8 +
//!     weekday` (the first `weekday`, 0 = Sunday, on or after `day`, or the month's last one
//!     if `day` is 0; `day` itself if `weekday` is 7) and the wall time on that day (signed
//!     duration code, in the offset in force before the change); then the year `y` of the
//!     first X minus 1900, and `count << 1 | lag`: `count` transitions alternating X in year
//!     `y`, Y in year `y + lag`, X in year `y + 1`, …

use std::sync::OnceLock;

#[cfg(test)]
mod chrono_check;
#[cfg(test)]
mod chrono_scan;
mod rule;

use crate::sim::schedule::civil::{days_from_civil, days_in_month};
use rule::RulePart;

/// The unit of even duration codes (seconds).
const QUARTER_HOUR: i64 = 900;
/// The most transitions one rule run may give (guards against corrupt counts).
const MAX_RUN: u64 = 1000;

/// The committed table.
static ZONES_BIN: &[u8] = include_bytes!("zones.bin");

/// An IANA time zone of the table (an index; names are kept as chrono-tz spells them).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Zone(u16);

impl Zone {
    /// UTC (always the first name of the table).
    pub const UTC: Zone = Zone(0);

    /// The zone with this exact (case-sensitive) IANA name, as chrono-tz's `Tz::from_str`.
    pub fn named(name: &str) -> Option<Zone> {
        let names = &table().names;
        if name == "UTC" {
            return Some(Self::UTC);
        }
        let rest = names.get(1..)?;
        let i = rest.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok()?;
        u16::try_from(i + 1).ok().map(Zone)
    }

    /// The zone's IANA name.
    pub fn name(self) -> &'static str {
        table()
            .names
            .get(usize::from(self.0))
            .map_or("UTC", |(n, _)| n.as_str())
    }

    /// The zone's offset east of UTC (seconds) in force at the instant `utc_secs`.
    #[inline]
    pub fn offset_at(self, utc_secs: i64) -> i32 {
        self.rules().map_or(0, |r| r.offset_at(utc_secs))
    }

    /// The offset in force at `utc_secs` and the instants `[from, until)` it stays in force
    /// (the neighbouring transitions; `i64::MIN` / `i64::MAX` where there is none).
    pub fn offset_span(self, utc_secs: i64) -> (i32, i64, i64) {
        self.rules()
            .map_or((0, i64::MIN, i64::MAX), |r| r.offset_span(utc_secs))
    }

    /// Whether the zone changes its UTC offset after 1970.
    pub fn has_transitions(self) -> bool {
        self.rules().is_some_and(|r| !r.times.is_empty())
    }

    /// Every zone of the table, `UTC` first, then by name.
    pub fn all() -> impl Iterator<Item = Zone> {
        (0..table().names.len()).filter_map(|i| u16::try_from(i).ok().map(Zone))
    }

    #[inline]
    fn rules(self) -> Option<&'static ZoneRules> {
        let t = table();
        let (_, set) = t.names.get(usize::from(self.0))?;
        let slot = t.sets.get(usize::from(*set))?;
        Some(slot.rules.get_or_init(|| ZoneRules::decode(slot.bytes)))
    }
}

impl std::fmt::Debug for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Zone({})", self.name())
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Zone {
    type Err = UnknownZone;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Zone::named(s).ok_or(UnknownZone)
    }
}

/// A name that is not in the time-zone table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownZone;

impl std::fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown IANA time zone")
    }
}

impl std::error::Error for UnknownZone {}

/// The decoded offset changes of one zone.
#[derive(Debug, Default)]
struct ZoneRules {
    /// The offset before the first transition (the one in force on 1970-01-01).
    initial: i32,
    /// Transition instants (seconds since the epoch), ascending.
    times: Box<[i64]>,
    /// The offset from each transition on.
    offsets: Box<[i32]>,
}

impl ZoneRules {
    #[inline]
    fn offset_at(&self, utc_secs: i64) -> i32 {
        let i = self.times.partition_point(|t| *t <= utc_secs);
        match i.checked_sub(1) {
            None => self.initial,
            Some(k) => self.offsets.get(k).copied().unwrap_or(self.initial),
        }
    }

    fn offset_span(&self, utc_secs: i64) -> (i32, i64, i64) {
        let i = self.times.partition_point(|t| *t <= utc_secs);
        let from = i.checked_sub(1).and_then(|k| self.times.get(k).copied());
        let until = self.times.get(i).copied().unwrap_or(i64::MAX);
        (self.offset_at(utc_secs), from.unwrap_or(i64::MIN), until)
    }

    /// Decodes one set; corrupt data gives an empty set (never panics).
    fn decode(bytes: &[u8]) -> ZoneRules {
        let mut r = Reader { bytes, pos: 0 };
        Self::read(&mut r, true).unwrap_or_default()
    }

    /// Reads one set; without `expand` it only moves past it (and gives no transitions).
    fn read(r: &mut Reader<'_>, expand: bool) -> Option<ZoneRules> {
        let initial = i32::try_from(r.duration()?).ok()?;
        let n_items = r.unsigned()?;
        let (mut times, mut offsets) = (Vec::new(), Vec::new());
        // The offset in force; the last transition's wall time (in the offset before it).
        let (mut cur, mut wall) = (initial, 0i64);
        for _ in 0..n_items {
            let word = r.unsigned()?;
            if word & 1 == 0 {
                let day = wall
                    .div_euclid(86_400)
                    .checked_add(i64::try_from(word >> 1).ok()?)?;
                let next = cur.checked_add(i32::try_from(r.duration()?).ok()?)?;
                wall = day.checked_mul(86_400)?.checked_add(r.duration()?)?;
                if expand {
                    times.push(wall.checked_sub(i64::from(cur))?);
                    offsets.push(next);
                }
                cur = next;
                continue;
            }
            let change = i32::try_from(duration(unzigzag(word >> 1))?).ok()?;
            let x = RulePart::read(r)?;
            let y = RulePart::read(r)?;
            let year = i32::try_from(r.unsigned()?.checked_add(1900)?).ok()?;
            let count_lag = r.unsigned()?;
            let (count, lag) = (count_lag >> 1, i32::from(count_lag & 1 == 1));
            if count > MAX_RUN {
                return None;
            }
            if !expand {
                continue;
            }
            let (before, after) = (cur, cur.checked_add(change)?);
            for k in 0..count {
                let half = i32::try_from(k >> 1).ok()?;
                let (part, lag, pre, post) = if k & 1 == 0 {
                    (&x, 0, before, after)
                } else {
                    (&y, lag, after, before)
                };
                let t = part.instant(year.checked_add(half + lag)?, pre)?;
                times.push(t);
                offsets.push(post);
                wall = t.checked_add(i64::from(pre))?;
                cur = post;
            }
        }
        Some(ZoneRules {
            initial,
            times: times.into(),
            offsets: offsets.into(),
        })
    }
}

impl RulePart {
    fn read(r: &mut Reader<'_>) -> Option<RulePart> {
        let spec = u32::try_from(r.unsigned()?).ok()?;
        let month = spec / (32 * 8) + 1;
        (month <= 12).then_some(RulePart {
            month,
            day: spec / 8 % 32,
            weekday: spec % 8,
            time: r.duration()?,
        })
    }
}

/// The seconds a duration code stands for.
fn duration(code: i64) -> Option<i64> {
    if code & 1 == 0 {
        (code >> 1).checked_mul(QUARTER_HOUR)
    } else {
        Some(code >> 1)
    }
}

fn unzigzag(u: u64) -> i64 {
    (u >> 1) as i64 ^ -((u & 1) as i64)
}

/// The name index and the (lazily decoded) sets of the table.
struct Table {
    /// `(name, set index)`, `UTC` first, then sorted by name.
    names: Vec<(String, u16)>,
    sets: Vec<SetSlot>,
}

struct SetSlot {
    bytes: &'static [u8],
    rules: OnceLock<ZoneRules>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse_table(ZONES_BIN).unwrap_or(Table {
            names: vec![("UTC".to_string(), 0)],
            sets: Vec::new(),
        })
    })
}

fn parse_table(bytes: &'static [u8]) -> Option<Table> {
    let body = bytes.strip_prefix(b"TZ02")?;
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let n_names = r.len()?;
    let mut names: Vec<(String, u16)> = Vec::new();
    for _ in 0..n_names {
        let len = r.bytes.get(r.pos..)?.iter().position(|b| *b < 32)?;
        let rest = std::str::from_utf8(r.take(len)?).ok()?;
        let prev = names.last().map_or("", |(n, _)| n.as_str());
        let name = format!("{}{rest}", prev.get(..usize::from(r.byte()?))?);
        names.push((name, 0));
    }
    let mut n_sets = 0u16;
    for (_, set) in &mut names {
        *set = match r.unsigned()? {
            0 => {
                n_sets = n_sets.checked_add(1)?;
                n_sets - 1
            }
            k => u16::try_from(k - 1).ok()?,
        };
    }
    let mut sets = Vec::new();
    for _ in 0..n_sets {
        let start = r.pos;
        ZoneRules::read(&mut r, false)?;
        sets.push(SetSlot {
            bytes: body.get(start..r.pos)?,
            rules: OnceLock::new(),
        });
    }
    Some(Table { names, sets })
}

/// A cursor over the table bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(len)?)?;
        self.pos += len;
        Some(s)
    }

    fn unsigned(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// A signed duration code, in seconds.
    fn duration(&mut self) -> Option<i64> {
        duration(unzigzag(self.unsigned()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.unsigned()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for z in Zone::all() {
            assert_eq!(Zone::named(z.name()), Some(z));
        }
        assert_eq!(Zone::named("UTC"), Some(Zone::UTC));
        assert!(Zone::named("Asia/Shanghai").is_some());
        assert!(Zone::named("asia/shanghai").is_none());
        assert!(Zone::named("Asia/Nowhere").is_none());
        assert!(Zone::named("").is_none());
    }

    #[test]
    fn known_offsets() {
        let la = Zone::named("America/Los_Angeles").unwrap();
        // 2024-03-10T10:00:00Z is the first instant of PDT; one second earlier is PST.
        assert_eq!(la.offset_at(1_710_064_800), -7 * 3600);
        assert_eq!(la.offset_at(1_710_064_799), -8 * 3600);
        let kolkata = Zone::named("Asia/Kolkata").unwrap();
        assert_eq!(kolkata.offset_at(1_700_000_000), 5 * 3600 + 1800);
        assert_eq!(Zone::UTC.offset_at(1_700_000_000), 0);
        assert!(!Zone::UTC.has_transitions());
        assert!(la.has_transitions());
        // Kolkata's last change was in 1945: the table starts in 1970.
        assert!(!kolkata.has_transitions());
        assert_eq!(kolkata.offset_at(-1_000_000_000), 5 * 3600 + 1800);
    }

    #[test]
    fn rule_parts_place_changes() {
        let part = |month, day, weekday, time| RulePart {
            month,
            day,
            weekday,
            time,
        };
        // The second Sunday of March 2024 at 02:00 PST; the last Sunday of October 2024 at
        // 03:00 CEST; 22 March 2000 at 00:00 +03:30.
        assert_eq!(
            part(3, 8, 0, 7200).instant(2024, -28_800),
            Some(1_710_064_800)
        );
        assert_eq!(
            part(10, 0, 0, 10_800).instant(2024, 7200),
            Some(1_729_990_800)
        );
        assert_eq!(part(3, 22, 7, 0).instant(2000, 12_600), Some(953_670_600));
    }

    #[test]
    fn corrupt_data_does_not_panic() {
        let t = table();
        for slot in &t.sets {
            for len in 0..slot.bytes.len() {
                let _ = ZoneRules::decode(&slot.bytes[..len]);
            }
            let flipped: Vec<u8> = slot.bytes.iter().map(|b| b ^ 0x55).collect();
            let _ = ZoneRules::decode(&flipped);
        }
        for len in (0..ZONES_BIN.len()).step_by(97) {
            assert!(parse_table(&ZONES_BIN[..len]).is_none());
        }
        assert!(parse_table(ZONES_BIN).is_some());
    }
}
