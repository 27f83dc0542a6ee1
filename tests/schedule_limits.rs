//! Schedules at the edges: rates whose period overflows int64 nanoseconds, and fires that would
//! leave the RFC 3339 range (years 0000–9999).

use runcommand_playground::cli;
use runcommand_playground::sim::schedule::{
    schedule_agent, AgentErrorKind, AgentRepeat, AgentRequest, EndReason,
};
use runcommand_playground::sim::time::format_rfc3339_ms;
use runcommand_playground::sim::tz::Zone;

fn ms(rfc: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .unwrap()
        .timestamp_millis()
}

fn rate(
    expr: &str,
    start: &str,
    n: usize,
) -> Result<(Vec<i64>, Option<EndReason>), AgentErrorKind> {
    let now = ms(start);
    let req = AgentRequest {
        repeat: AgentRepeat::Rate,
        expr,
        now_ms: now,
        local_zone: Zone::UTC,
        creation_ms: now,
    };
    let list = schedule_agent(&req).map_err(|e| e.kind)?.collect(n);
    Ok((list.fires, list.end))
}

/// `value` × `unit` nanoseconds as Go's int64 multiplication gives it.
fn go_period(value: i64, unit_nanos: i64) -> i64 {
    value.wrapping_mul(unit_nanos)
}

#[test]
fn overflowing_rates_fire_strictly_later_or_do_not_start() {
    let units = [
        ('s', 1_000_000_000i64),
        ('m', 60_000_000_000),
        ('h', 3_600_000_000_000),
        ('d', 86_400_000_000_000),
    ];
    let values = [
        20_211_507_185_753_197i64, // s: 512 ns
        4_394_217_352_542_426,     // s: 1 024 ns
        35_380_855_133_374_920,    // s: 512 µs
        3_749_353_613_647_811,     // m: 2 048 ns
        1_450_916_808_208_653,     // h: 8 192 ns
        202_163_959_358_895,       // d: 65 536 ns
        64_926_080_643_992,        // d: 65.536 ms
        9_999_999_999,
        9_223_372_036_854_775_807,
        153_722_867_281,
    ];
    let mut started = 0;
    for (unit, nanos) in units {
        for value in values {
            let expr = format!("rate({value}{unit})");
            let period = go_period(value, nanos);
            match rate(&expr, "2026-01-01T00:00:00Z", 3_000) {
                Ok((fires, end)) => {
                    assert!(period > 0, "{expr}: a wrapped period {period} ≤ 0 fired");
                    started += 1;
                    assert!(
                        fires.windows(2).all(|w| w[0] < w[1]),
                        "{expr} (period {period} ns): fires repeat an instant"
                    );
                    assert!(fires.len() == 3_000 || end.is_some(), "{expr}");
                }
                Err(kind) => assert!(
                    period <= 0 && kind == AgentErrorKind::NoNextRun
                        || period > 1000 * 86_400_000_000_000
                            && kind == AgentErrorKind::RateFrequencyTooLarge,
                    "{expr}: period {period} ns refused with {kind:?}"
                ),
            }
        }
    }
    assert!(started >= 7, "{started} overflowing rates started");
}

#[test]
fn a_sub_millisecond_wrapped_period_fires_every_millisecond() {
    // 35380855133374920 s wraps to 512 µs: the agent fires about twice per millisecond; the
    // second fire of each millisecond falls while the first one's run goes on.
    let (fires, end) = rate("rate(35380855133374920s)", "2026-01-01T00:00:00Z", 1_000).unwrap();
    let start = ms("2026-01-01T00:00:00Z");
    assert_eq!(end, None);
    assert_eq!(fires, (0..1_000).map(|k| start + k).collect::<Vec<_>>());
}

#[test]
fn schedules_end_at_the_last_rfc3339_instant_with_a_reason() {
    let (fires, end) = rate("rate(1s)", "9999-12-31T23:59:57Z", 10).unwrap();
    let texts: Vec<String> = fires.iter().map(|f| format_rfc3339_ms(*f)).collect();
    assert_eq!(texts, ["9999-12-31T23:59:58Z", "9999-12-31T23:59:59Z"]);
    assert_eq!(end, Some(EndReason::RangeEnd));
    assert_eq!(EndReason::RangeEnd.name(), "rfc3339_range");
    assert!(EndReason::RangeEnd
        .sentence()
        .contains("9999-12-31T23:59:59.999Z"));
    // A first fire already beyond the range: no fire at all, the same reason.
    let (fires, end) = rate("rate(1000d)", "9999-06-01T00:00:00Z", 10).unwrap();
    assert!(fires.is_empty());
    assert_eq!(end, Some(EndReason::RangeEnd));
}

#[test]
fn the_cli_prints_no_five_digit_year() {
    let args: Vec<String> = [
        "agent-schedule",
        "--repeat",
        "Rate",
        "--expr",
        "rate(1s)",
        "--start",
        "9999-12-31T23:59:59Z",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = cli::run(&args, &mut String::new);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["next"], serde_json::json!([]), "{}", out.stdout);
    assert_eq!(v["end"], "rfc3339_range");
    assert_eq!(v["endMessage"], EndReason::RangeEnd.sentence());
    assert!(!out.stdout.contains("10000-"));
}
