//! The committed `zones.bin` against its source, chrono-tz: every zone gives exactly chrono-tz's
//! transitions from 1970 to 2100 (rule runs expanded) and its offsets at sampled instants.
//! A pure check: `cargo run --example tz_table` writes the table.

use chrono_tz::TZ_VARIANTS;

use super::chrono_scan::{chrono_offset, zones, SCAN_END, SCAN_START};
use super::Zone;

#[test]
fn the_table_has_every_zone_with_chrono_tz_transitions() {
    let zones = zones();
    assert_eq!(
        Zone::all().map(Zone::name).collect::<Vec<_>>(),
        zones.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        "the table's names differ from chrono-tz's: run cargo run --example tz_table"
    );
    for (name, (initial, list)) in &zones {
        let rules = Zone::named(name).and_then(Zone::rules).unwrap();
        assert_eq!(rules.initial, *initial, "{name}");
        let decoded: Vec<(i64, i32)> = rules
            .times
            .iter()
            .copied()
            .zip(rules.offsets.iter().copied())
            .collect();
        assert_eq!(
            &decoded, list,
            "{name}: the table differs from chrono-tz: run cargo run --example tz_table"
        );
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
