//! `api::next_fires_ms` (the fires-only path behind the JS `nextFiresMs`) answers what
//! `api::next_fires` does, with the fires as epoch milliseconds; without warnings it only
//! leaves them out.

use runcommand_playground::api;
use runcommand_playground::sim::time::format_rfc3339_ms;
use serde_json::Value;

const EXPRESSIONS: [&str; 12] = [
    "*/10 * * * * ?",
    "0 15 10 ? * MON-FRI",
    "0 30 2 * * ?",
    "0 30 1 * * ?",
    "0 0 12 L * ?",
    "0 0 12 ? * 1-5",
    "0 0 12 ? * 05",
    "0 0 0 29 2 ? 2030",
    "0 0 12 ? * MON-SUN",
    "0 45 2 ? * SUN",
    "0 0 0 1 1 ? 2027",
    "nonsense",
];
const ZONES: [&str; 5] = [
    "",
    " America/New_York",
    " Australia/Lord_Howe",
    " GMT+8:00",
    " Mars/Olympus",
];
const STARTS: [&str; 3] = [
    "2026-01-01T00:00:00Z",
    "2026-10-31T12:00:00Z",
    "2099-12-01T00:00:00Z",
];

/// The object answer rebuilt from the fires-only one: `next` from the milliseconds.
fn as_object_answer(answer: Result<(Vec<i64>, Value), Value>) -> Value {
    match answer {
        Ok((fires, mut rest)) => {
            rest["next"] = fires.into_iter().map(format_rfc3339_ms).collect();
            rest
        }
        Err(error) => error,
    }
}

/// Checks one call; returns the warning codes of the answer.
fn check(frequency: &str, start: &str, count: usize, local_zone: Option<&str>) -> Vec<String> {
    let objects = api::next_fires(frequency, start, count, local_zone);
    let codes = objects["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["code"].as_str().map(str::to_string))
        .collect();
    let typed = api::next_fires_ms(frequency, start, count, local_zone, true);
    assert_eq!(as_object_answer(typed), objects, "{frequency} from {start}");
    let mut bare = as_object_answer(api::next_fires_ms(
        frequency, start, count, local_zone, false,
    ));
    assert!(bare.get("warnings").is_none(), "{frequency}: {bare}");
    let mut objects = objects;
    if let Some(map) = objects.as_object_mut() {
        map.remove("warnings");
    }
    if let Some(map) = bare.as_object_mut() {
        map.remove("warnings");
    }
    assert_eq!(bare, objects, "{frequency} from {start}, no warnings");
    codes
}

#[test]
fn fires_in_milliseconds_equal_the_object_answer() {
    for expr in EXPRESSIONS {
        for zone in ZONES {
            for start in STARTS {
                for count in [1, 40, 2_000] {
                    check(
                        &format!("{expr}{zone}"),
                        start,
                        count,
                        Some("Europe/Berlin"),
                    );
                }
            }
        }
    }
}

#[test]
fn other_kinds_and_bad_arguments_answer_alike() {
    for frequency in [
        "rate(5m)",
        "rate(1h)",
        "rate(30s)",
        "at(2026-03-08 02:30:00 America/New_York)",
        "at(2020-01-01 00:00:00)",
        "",
        "   ",
    ] {
        check(frequency, "2026-01-01T00:00:00Z", 50, None);
    }
    check("rate(5m)", "yesterday", 3, None);
    check("rate(5m)", "2026-01-01T00:00:00Z", 3, Some("Nowhere/City"));
    check("0 0 * * * ?", "2026-01-01T00:00:00Z", 3, Some(" "));
}
