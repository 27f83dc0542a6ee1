//! A compact IANA time-zone table: every zone name chrono-tz 0.10 accepts, with every UTC
//! offset change it knows from 1970 to 2100, in a few kilobytes. History before 1970 is not
//! kept: earlier instants get the offset in force on 1970-01-01T00:00:00Z (the simulator only
//! reasons about times near "now").
//!
//! The data lives in `zones.bin` (generated from chrono-tz by the native test
//! `sim::tz::generate`, which also checks the committed file against chrono-tz so that it
//! cannot drift). A [`Zone`] is a cheap `Copy` handle; a zone's transitions are decoded on its
//! first use and cached, so offset lookups allocate nothing afterwards.
//!
//! File layout (all integers LEB128 varints, signed ones zigzag-encoded):
//! `b"TZ01"`, name count, set count; per name: length byte, UTF-8 bytes, set index; per set:
//! byte length of the rest of the set, offset count, offsets (signed, seconds east of UTC),
//! index of the offset before the first transition, transition count, then the transitions:
//! the first as its signed instant and its offset index; each later one as one word
//! `(delta / unit × offset count + offset index) << 1 | flag`, where `delta` is the time since
//! the previous transition and the unit is 900 s (flag 0) or 1 s (flag 1).

use std::sync::OnceLock;

#[cfg(test)]
mod generate;

/// The unit of transition deltas whose low bit is clear (seconds).
const QUARTER_HOUR: u64 = 900;

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
        let i = rest.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
        u16::try_from(i + 1).ok().map(Zone)
    }

    /// The zone's IANA name.
    pub fn name(self) -> &'static str {
        table()
            .names
            .get(usize::from(self.0))
            .map_or("UTC", |(n, _)| *n)
    }

    /// The zone's offset east of UTC (seconds) in force at the instant `utc_secs`.
    #[inline]
    pub fn offset_at(self, utc_secs: i64) -> i32 {
        self.rules().map_or(0, |r| r.offset_at(utc_secs))
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

    /// Decodes one set; corrupt data gives what was read so far (never panics).
    fn decode(bytes: &[u8]) -> ZoneRules {
        let mut r = Reader { bytes, pos: 0 };
        Self::try_decode(&mut r).unwrap_or_default()
    }

    fn try_decode(r: &mut Reader<'_>) -> Option<ZoneRules> {
        let n_offsets = r.len()?;
        let mut table = Vec::with_capacity(n_offsets);
        for _ in 0..n_offsets {
            table.push(i32::try_from(r.signed()?).ok()?);
        }
        let initial = *table.get(r.len()?)?;
        let n = r.len()?;
        let mut times = Vec::with_capacity(n);
        let mut offsets = Vec::with_capacity(n);
        let mut t = 0i64;
        let n_table = u64::try_from(n_offsets).ok()?.max(1);
        for k in 0..n {
            let index = if k == 0 {
                t = r.signed()?;
                r.unsigned()?
            } else {
                let word = r.unsigned()?;
                let unit = if word & 1 == 0 { QUARTER_HOUR } else { 1 };
                let packed = word >> 1;
                let delta = (packed / n_table).checked_mul(unit)?;
                t = t.checked_add(i64::try_from(delta).ok()?)?;
                packed % n_table
            };
            times.push(t);
            offsets.push(*table.get(usize::try_from(index).ok()?)?);
        }
        Some(ZoneRules {
            initial,
            times: times.into(),
            offsets: offsets.into(),
        })
    }
}

/// The name index and the (lazily decoded) sets of the table.
struct Table {
    /// `(name, set index)`, `UTC` first, then sorted by name.
    names: Vec<(&'static str, u16)>,
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
            names: vec![("UTC", 0)],
            sets: Vec::new(),
        })
    })
}

fn parse_table(bytes: &'static [u8]) -> Option<Table> {
    let body = bytes.strip_prefix(b"TZ01")?;
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let n_names = r.len()?;
    let n_sets = r.len()?;
    let mut names = Vec::with_capacity(n_names);
    for _ in 0..n_names {
        let len = usize::from(r.byte()?);
        let name = std::str::from_utf8(r.take(len)?).ok()?;
        let set = u16::try_from(r.unsigned()?).ok()?;
        names.push((name, set));
    }
    let mut sets = Vec::with_capacity(n_sets);
    for _ in 0..n_sets {
        let len = r.len()?;
        sets.push(SetSlot {
            bytes: r.take(len)?,
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

    fn signed(&mut self) -> Option<i64> {
        let u = self.unsigned()?;
        Some((u >> 1) as i64 ^ -((u & 1) as i64))
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
    }
}
