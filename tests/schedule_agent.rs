//! Agent-layer schedule tests: the agent's own test cases (agent-behaviour.md §4), the field
//! grammar and DST rules of §1, and every agent error kind.

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

fn run_in(
    repeat: AgentRepeat,
    expr: &str,
    start: &str,
    zone: Zone,
    n: usize,
) -> Result<(Vec<String>, Option<EndReason>), AgentErrorKind> {
    let now = ms(start);
    let req = AgentRequest {
        repeat,
        expr,
        now_ms: now,
        local_zone: zone,
        creation_ms: now,
    };
    let s = schedule_agent(&req).map_err(|e| e.kind)?;
    let list = s.collect(n);
    Ok((
        list.fires.iter().map(|m| format_rfc3339_ms(*m)).collect(),
        list.end,
    ))
}

/// Cron fires from `start` (UTC instance zone).
fn cron(expr: &str, start: &str, n: usize) -> Vec<String> {
    run_in(AgentRepeat::Period, expr, start, Zone::UTC, n)
        .unwrap_or_else(|k| panic!("{expr}: {k}"))
        .0
}

fn cron_err(expr: &str, start: &str) -> AgentErrorKind {
    run_in(AgentRepeat::Period, expr, start, Zone::UTC, 1).unwrap_err()
}

/// The library test table (§4.1): library 5-field → prepend `0 `; 7-field is the same.
#[test]
fn library_test_expressions() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "* * * * * * *",
            "2013-01-01T00:00:00Z",
            "2013-01-01T00:00:01Z",
        ),
        (
            "* * * * * * *",
            "2013-01-01T00:00:59Z",
            "2013-01-01T00:01:00Z",
        ),
        (
            "* * * * * * *",
            "2013-01-01T00:59:59Z",
            "2013-01-01T01:00:00Z",
        ),
        (
            "* * * * * * *",
            "2013-01-01T23:59:59Z",
            "2013-01-02T00:00:00Z",
        ),
        (
            "* * * * * * *",
            "2013-02-28T23:59:59Z",
            "2013-03-01T00:00:00Z",
        ),
        (
            "* * * * * * *",
            "2016-02-28T23:59:59Z",
            "2016-02-29T00:00:00Z",
        ),
        (
            "* * * * * * *",
            "2012-12-31T23:59:59Z",
            "2013-01-01T00:00:00Z",
        ),
        (
            "*/5 * * * * * *",
            "2013-01-01T00:00:00Z",
            "2013-01-01T00:00:05Z",
        ),
        (
            "*/5 * * * * * *",
            "2013-01-01T00:00:59Z",
            "2013-01-01T00:01:00Z",
        ),
        (
            "*/5 * * * * * *",
            "2016-02-28T23:59:59Z",
            "2016-02-29T00:00:00Z",
        ),
        (
            "*/5 * * * * * *",
            "2012-12-31T23:59:59Z",
            "2013-01-01T00:00:00Z",
        ),
        (
            "0 * * * * *",
            "2013-01-01T00:00:00Z",
            "2013-01-01T00:01:00Z",
        ),
        (
            "0 * * * * *",
            "2013-01-01T00:00:59Z",
            "2013-01-01T00:01:00Z",
        ),
        (
            "0 * * * * *",
            "2013-01-01T00:59:00Z",
            "2013-01-01T01:00:00Z",
        ),
        (
            "0 * * * * *",
            "2016-02-28T23:59:00Z",
            "2016-02-29T00:00:00Z",
        ),
        (
            "0 17-43/5 * * * *",
            "2013-01-01T00:00:00Z",
            "2013-01-01T00:17:00Z",
        ),
        (
            "0 17-43/5 * * * *",
            "2013-01-01T00:16:59Z",
            "2013-01-01T00:17:00Z",
        ),
        (
            "0 17-43/5 * * * *",
            "2013-01-01T00:30:00Z",
            "2013-01-01T00:32:00Z",
        ),
        (
            "0 17-43/5 * * * *",
            "2013-01-01T00:50:00Z",
            "2013-01-01T01:17:00Z",
        ),
        (
            "0 17-43/5 * * * *",
            "2013-01-01T23:50:00Z",
            "2013-01-02T00:17:00Z",
        ),
        (
            "0 17-43/5 * * * *",
            "2012-12-31T23:50:00Z",
            "2013-01-01T00:17:00Z",
        ),
        (
            "0 15-30/4,55 * * * *",
            "2013-01-01T00:00:00Z",
            "2013-01-01T00:15:00Z",
        ),
        (
            "0 15-30/4,55 * * * *",
            "2013-01-01T00:16:00Z",
            "2013-01-01T00:19:00Z",
        ),
        (
            "0 15-30/4,55 * * * *",
            "2013-01-01T00:30:00Z",
            "2013-01-01T00:55:00Z",
        ),
        (
            "0 15-30/4,55 * * * *",
            "2013-01-01T00:55:00Z",
            "2013-01-01T01:15:00Z",
        ),
        (
            "0 15-30/4,55 * * * *",
            "2012-12-31T23:54:00Z",
            "2012-12-31T23:55:00Z",
        ),
        (
            "0 15-30/4,55 * * * *",
            "2012-12-31T23:55:00Z",
            "2013-01-01T00:15:00Z",
        ),
        (
            "0 0 0 * * MON",
            "2013-01-01T00:00:00Z",
            "2013-01-07T00:00:00Z",
        ),
        (
            "0 0 0 * * MON",
            "2013-01-28T00:00:00Z",
            "2013-02-04T00:00:00Z",
        ),
        (
            "0 0 0 * * MON",
            "2013-12-30T00:30:00Z",
            "2014-01-06T00:00:00Z",
        ),
        (
            "0 0 0 * * friday",
            "2013-01-01T00:00:00Z",
            "2013-01-04T00:00:00Z",
        ),
        (
            "0 0 0 * * friday",
            "2013-01-28T00:00:00Z",
            "2013-02-01T00:00:00Z",
        ),
        (
            "0 0 0 * * friday",
            "2013-12-30T00:30:00Z",
            "2014-01-03T00:00:00Z",
        ),
        (
            "0 0 0 * * 6,7",
            "2013-01-01T00:00:00Z",
            "2013-01-05T00:00:00Z",
        ),
        (
            "0 0 0 * * 6,7",
            "2013-01-28T00:00:00Z",
            "2013-02-02T00:00:00Z",
        ),
        (
            "0 0 0 * * 6,7",
            "2013-12-30T00:30:00Z",
            "2014-01-04T00:00:00Z",
        ),
        (
            "0 0 0 * * 6#5",
            "2013-09-02T00:00:00Z",
            "2013-11-30T00:00:00Z",
        ),
        (
            "0 0 0 14W * *",
            "2013-03-31T00:00:00Z",
            "2013-04-15T00:00:00Z",
        ),
        (
            "0 0 0 14W * *",
            "2013-08-31T00:00:00Z",
            "2013-09-13T00:00:00Z",
        ),
        (
            "0 0 0 30W * *",
            "2013-03-02T00:00:00Z",
            "2013-03-29T00:00:00Z",
        ),
        (
            "0 0 0 30W * *",
            "2013-06-02T00:00:00Z",
            "2013-06-28T00:00:00Z",
        ),
        (
            "0 0 0 30W * *",
            "2013-09-02T00:00:00Z",
            "2013-09-30T00:00:00Z",
        ),
        (
            "0 0 0 30W * *",
            "2013-11-02T00:00:00Z",
            "2013-11-29T00:00:00Z",
        ),
        (
            "0 0 0 L * *",
            "2013-09-02T00:00:00Z",
            "2013-09-30T00:00:00Z",
        ),
        (
            "0 0 0 L * *",
            "2014-01-01T00:00:00Z",
            "2014-01-31T00:00:00Z",
        ),
        (
            "0 0 0 L * *",
            "2014-02-01T00:00:00Z",
            "2014-02-28T00:00:00Z",
        ),
        (
            "0 0 0 L * *",
            "2016-02-15T00:00:00Z",
            "2016-02-29T00:00:00Z",
        ),
        (
            "0 0 0 LW * *",
            "2013-09-02T00:00:00Z",
            "2013-09-30T00:00:00Z",
        ),
        (
            "0 0 0 LW * *",
            "2013-11-02T00:00:00Z",
            "2013-11-29T00:00:00Z",
        ),
        (
            "0 0 0 LW * *",
            "2014-08-15T00:00:00Z",
            "2014-08-29T00:00:00Z",
        ),
    ];
    for (expr, from, next) in cases {
        assert_eq!(
            cron(expr, from, 1),
            vec![next.to_string()],
            "{expr} from {from}"
        );
    }
}

#[test]
fn library_zero_and_next_n() {
    // TestZero (library 6-field = min hour dom mon dow year).
    assert_eq!(
        cron_err("0 * * * * * 1980", "2013-08-31T00:00:00Z"),
        AgentErrorKind::CronExpressionExpired
    );
    assert_eq!(
        cron("0 * * * * * 2050", "2013-08-31T00:00:00Z", 1),
        ["2050-01-01T00:00:00Z"]
    );
    // TestNextN.
    assert_eq!(
        cron("0 0 0 * * 6#5", "2013-09-02T08:44:30Z", 5),
        [
            "2013-11-30T00:00:00Z",
            "2014-03-29T00:00:00Z",
            "2014-05-31T00:00:00Z",
            "2014-08-30T00:00:00Z",
            "2014-11-29T00:00:00Z"
        ]
    );
    assert_eq!(
        cron("0 */5 * * * *", "2013-09-02T08:44:32Z", 5),
        [
            "2013-09-02T08:45:00Z",
            "2013-09-02T08:50:00Z",
            "2013-09-02T08:55:00Z",
            "2013-09-02T09:00:00Z",
            "2013-09-02T09:05:00Z"
        ]
    );
    // Benchmark expressions with [run] values.
    assert_eq!(
        cron("0 30 3 15W 3/3 *", "2013-08-31T00:00:00Z", 2),
        ["2013-09-16T03:30:00Z", "2013-12-16T03:30:00Z"]
    );
    assert_eq!(
        cron(
            "30 0 0 1-31/5 Oct-Dec * 2000,2006,2008,2013-2015",
            "2013-08-31T00:00:00Z",
            3
        ),
        [
            "2013-10-01T00:00:30Z",
            "2013-10-06T00:00:30Z",
            "2013-10-11T00:00:30Z"
        ]
    );
    assert_eq!(
        cron(
            "0 0 0 * Feb-Nov/2 thu#3 2000-2050",
            "2013-08-31T00:00:00Z",
            3
        ),
        [
            "2013-10-17T00:00:00Z",
            "2014-02-20T00:00:00Z",
            "2014-04-17T00:00:00Z"
        ]
    );
    // example_test: Feb 29 in leap years only.
    assert_eq!(
        cron("0 0 0 29 2 *", "2013-08-31T00:00:00Z", 5),
        [
            "2016-02-29T00:00:00Z",
            "2020-02-29T00:00:00Z",
            "2024-02-29T00:00:00Z",
            "2028-02-29T00:00:00Z",
            "2032-02-29T00:00:00Z"
        ]
    );
}

#[test]
fn agent_test_cases_timermanager_scheduletask_statemanager() {
    let start = "2024-01-01T00:00:00Z";
    assert_eq!(
        cron("0 */20 * * * ?", start, 3),
        [
            "2024-01-01T00:20:00Z",
            "2024-01-01T00:40:00Z",
            "2024-01-01T01:00:00Z"
        ]
    );
    assert_eq!(
        cron("*/20 * * * * ?", start, 3),
        [
            "2024-01-01T00:00:20Z",
            "2024-01-01T00:00:40Z",
            "2024-01-01T00:01:00Z"
        ]
    );
    // OR rule: Jan 1 or any Monday.
    assert_eq!(
        cron("0 0 0 1 1 1", start, 3),
        [
            "2024-01-08T00:00:00Z",
            "2024-01-15T00:00:00Z",
            "2024-01-22T00:00:00Z"
        ]
    );
    assert_eq!(
        cron("0 15 10 ? * *", start, 2),
        ["2024-01-01T10:15:00Z", "2024-01-02T10:15:00Z"]
    );
    assert_eq!(cron("0 0 12 * * ?", start, 1), ["2024-01-01T12:00:00Z"]);
    assert_eq!(
        cron("0 0/40 9-17 * * ?", start, 4),
        [
            "2024-01-01T09:00:00Z",
            "2024-01-01T09:40:00Z",
            "2024-01-01T10:00:00Z",
            "2024-01-01T10:40:00Z"
        ]
    );
    assert_eq!(cron("0 0 */1 ? * *", start, 1), ["2024-01-01T01:00:00Z"]);
}

#[test]
fn field_split_year_versus_zone() {
    let start = "2024-01-01T00:00:00Z";
    // 7th token looks like a year: `*`, `?`, `*/n`, or any 1970–2099 run.
    assert_eq!(
        cron("0 0 0 1 1 ? 2022-2025", start, 1),
        ["2025-01-01T00:00:00Z"]
    );
    // */2 in the year field = even years from 1970; now is exactly 2024-01-01 00:00.
    assert_eq!(cron("0 0 0 1 1 ? */2", start, 1), ["2026-01-01T00:00:00Z"]);
    assert_eq!(
        cron_err("0 0 0 1 1 ? abc2023def", start),
        AgentErrorKind::CronSyntax
    );
    // 1969 and 2100 are not years, so they are read as a zone.
    for tok in ["1969", "2100"] {
        assert_eq!(
            cron_err(&format!("0 0 0 1 1 ? {tok}"), start),
            AgentErrorKind::TimezoneInformationCorrupt
        );
    }
    // 7th token as a zone; 8 fields = year + zone.
    // 08:00 CST = 00:00Z is "now" itself; strictly after → next day.
    assert_eq!(
        cron("0 0 8 * * ? Asia/Shanghai", start, 1),
        ["2024-01-02T00:00:00Z"]
    );
    assert_eq!(
        cron("0 15 10 ? * * 2024 GMT+8:00", start, 1),
        ["2024-01-01T02:15:00Z"]
    );
    assert_eq!(cron("0 0 0 * * ? GMT", start, 1), ["2024-01-02T00:00:00Z"]);
    assert_eq!(
        cron("0 0 0 * * ? * xGMT-7:00y", start, 1),
        ["2024-01-01T07:00:00Z"]
    );
    for bad in ["0 * * * *", "@daily", "", "0 0 0 * * ? * UTC extra"] {
        assert_eq!(
            cron_err(bad, start),
            AgentErrorKind::InvalidCronExpression,
            "{bad}"
        );
    }
    // Zone-less: the instance's local zone.
    let (fires, _) = run_in(
        AgentRepeat::Period,
        "0 0 9 * * ?",
        start,
        Zone::named("Asia/Tokyo").unwrap(),
        1,
    )
    .unwrap();
    // 09:00 JST = 00:00Z, strictly after now (exactly 09:00 JST): the next day.
    assert_eq!(fires, ["2024-01-02T00:00:00Z"]);
}

#[test]
fn grammar_quirks() {
    let start = "2024-01-01T00:00:00Z"; // a Monday
                                        // `?` anywhere: every second.
    assert_eq!(cron("? ? ? ? ? ?", start, 1), ["2024-01-01T00:00:01Z"]);
    // Zero-padded weekdays are Sunday (2024-01-07).
    assert_eq!(cron("0 0 0 ? * 05", start, 1), ["2024-01-07T00:00:00Z"]);
    // 0-7 = Sunday only; 6,7 = Saturday and Sunday.
    assert_eq!(
        cron("0 0 0 ? * 0-7", start, 2),
        ["2024-01-07T00:00:00Z", "2024-01-14T00:00:00Z"]
    );
    assert_eq!(
        cron("0 0 0 ? * 6,7", start, 2),
        ["2024-01-06T00:00:00Z", "2024-01-07T00:00:00Z"]
    );
    // Ranges ending at 7/SUN are empty: expired at scheduling.
    for expr in [
        "0 0 0 ? * 1-7",
        "0 0 0 ? * MON-SUN",
        "0 0 0 ? * SAT-SUN",
        "0 0 0 ? * 5-7",
    ] {
        assert_eq!(
            cron_err(expr, start),
            AgentErrorKind::CronExpressionExpired,
            "{expr}"
        );
    }
    // Empty DoM range and Feb 30 never match.
    assert_eq!(
        cron_err("0 0 0 20-10 * ?", start),
        AgentErrorKind::CronExpressionExpired
    );
    assert_eq!(
        cron_err("0 0 0 30 2 ? *", start),
        AgentErrorKind::CronExpressionExpired
    );
    // Empty second/minute/hour/month range: the agent crashes.
    for expr in [
        "30-10 * * * * ?",
        "0 30-10 * * * ?",
        "0 0 20-4 * * ?",
        "0 0 0 1 12-1 ?",
    ] {
        assert_eq!(cron_err(expr, start), AgentErrorKind::Panic, "{expr}");
    }
    // ... unless no year is left, then it is only expired.
    assert_eq!(
        cron_err("0 0 0 1 12-1 ? 2020", start),
        AgentErrorKind::CronExpressionExpired
    );
    // Month leading zero (the fork's fix) and full names.
    assert_eq!(cron("0 0 0 1 09 ?", start, 1), ["2024-09-01T00:00:00Z"]);
    assert_eq!(
        cron("0 0 0 1 september ?", start, 1),
        ["2024-09-01T00:00:00Z"]
    );
    // nL, n#k, LW mixed with plain values.
    assert_eq!(cron("0 0 0 ? * 7L", start, 1), ["2024-01-28T00:00:00Z"]);
    assert_eq!(cron("0 0 0 ? * FRIL", start, 1), ["2024-01-26T00:00:00Z"]);
    assert_eq!(
        cron("0 0 0 L,15 * ?", start, 2),
        ["2024-01-15T00:00:00Z", "2024-01-31T00:00:00Z"]
    );
    // Errors of the cron library.
    for expr in [
        "0 0 0 1-5W * ?",
        "0 0 0 ? * L",
        "0 0 0 ? * 1#6",
        "0 0 0 ? * 08",
        "*/60 * * * * ?",
        "0 0 0 0 * ?",
        "0 0 0 * 13 ?",
        "007 * * * * ?",
    ] {
        assert_eq!(cron_err(expr, start), AgentErrorKind::CronSyntax, "{expr}");
    }
}

#[test]
fn dst_los_angeles_gap_stops_and_overlap_fires_once() {
    let la = Zone::named("America/Los_Angeles").unwrap();
    let r = run_in(
        AgentRepeat::Period,
        "0 30 2 * * ? America/Los_Angeles",
        "2024-03-09T00:00:00Z",
        la,
        5,
    )
    .unwrap();
    assert_eq!(
        r,
        (
            vec!["2024-03-09T10:30:00Z".into(), "2024-03-10T09:30:00Z".into()],
            Some(EndReason::NegativeWait)
        )
    );
    let r = run_in(
        AgentRepeat::Period,
        "0 0 * * * ?",
        "2024-03-10T07:30:00Z",
        la,
        5,
    )
    .unwrap();
    assert_eq!(
        r,
        (
            vec!["2024-03-10T08:00:00Z".into(), "2024-03-10T09:00:00Z".into()],
            Some(EndReason::NegativeWait)
        )
    );
    // Fall back: 01:30 PDT only; */20 goes 01:20, 01:40 PDT then 02:00 PST.
    let r = run_in(
        AgentRepeat::Period,
        "0 30 1 * * ?",
        "2024-11-03T00:00:00Z",
        la,
        2,
    )
    .unwrap();
    assert_eq!(r.0, ["2024-11-03T08:30:00Z", "2024-11-04T09:30:00Z"]);
    let r = run_in(
        AgentRepeat::Period,
        "0 */20 * * * ?",
        "2024-11-03T08:10:00Z",
        la,
        3,
    )
    .unwrap();
    assert_eq!(
        r.0,
        [
            "2024-11-03T08:20:00Z",
            "2024-11-03T08:40:00Z",
            "2024-11-03T10:00:00Z"
        ]
    );
    // Noon is unaffected: 20:00Z → 19:00Z.
    let r = run_in(
        AgentRepeat::Period,
        "0 0 12 * * ?",
        "2024-03-09T00:00:00Z",
        la,
        2,
    )
    .unwrap();
    assert_eq!(r.0, ["2024-03-09T20:00:00Z", "2024-03-10T19:00:00Z"]);
    // Starting inside the problem: the first wait is negative, the timer never starts.
    assert_eq!(
        run_in(
            AgentRepeat::Period,
            "0 30 2 * * ? America/Los_Angeles",
            "2024-03-10T09:30:00.500Z",
            la,
            1
        )
        .unwrap_err(),
        AgentErrorKind::NoNextRun
    );
}

#[test]
fn dst_london_gap_moves_forward_and_overlap_takes_second() {
    let r = cron("0 30 1 * * ? Europe/London", "2024-03-30T12:00:00Z", 2);
    assert_eq!(r, ["2024-03-31T01:30:00Z", "2024-04-01T00:30:00Z"]);
    let r = cron("0 0 * * * ? Europe/London", "2024-03-30T23:30:00Z", 3);
    assert_eq!(
        r,
        [
            "2024-03-31T00:00:00Z",
            "2024-03-31T01:00:00Z",
            "2024-03-31T02:00:00Z"
        ]
    );
    let r = cron("0 30 1 * * ? Europe/London", "2024-10-26T12:00:00Z", 2);
    assert_eq!(r, ["2024-10-27T01:30:00Z", "2024-10-28T01:30:00Z"]);
}

#[test]
fn dst_lord_howe_half_hour_and_chatham_and_sao_paulo() {
    // Lord Howe: +10:30 ↔ +11. Gap 02:00–02:30 on 2024-10-06 moves 02:15 to 02:45 LHDT.
    let r = cron(
        "0 15 2 * * ? Australia/Lord_Howe",
        "2024-10-04T00:00:00Z",
        3,
    );
    assert_eq!(
        r,
        [
            "2024-10-04T15:45:00Z",
            "2024-10-05T15:45:00Z",
            "2024-10-06T15:15:00Z"
        ]
    );
    // Overlap 01:30–02:00 on 2025-04-06: east of UTC, the second (standard) occurrence.
    let r = cron(
        "0 45 1 * * ? Australia/Lord_Howe",
        "2025-04-05T12:00:00Z",
        1,
    );
    assert_eq!(r, ["2025-04-05T15:15:00Z"]);
    // Chatham: +12:45 → +13:45 at 02:45 on 2024-09-29; 03:00 moves to 04:00 CHADT.
    let r = cron("0 0 3 * * ? Pacific/Chatham", "2024-09-28T00:00:00Z", 2);
    // Next day 03:00 CHADT (+13:45) = 13:15Z.
    assert_eq!(r, ["2024-09-28T14:15:00Z", "2024-09-29T13:15:00Z"]);
    // São Paulo 2018-11-04: midnight → 01:00 (west of UTC): the gap maps back to 23:xx of
    // the previous day and the daily job stops.
    let r = run_in(
        AgentRepeat::Period,
        "0 30 0 * * ? America/Sao_Paulo",
        "2018-11-02T12:00:00Z",
        Zone::UTC,
        5,
    )
    .unwrap();
    assert_eq!(
        r,
        (
            vec!["2018-11-03T03:30:00Z".into(), "2018-11-04T02:30:00Z".into()],
            Some(EndReason::NegativeWait)
        )
    );
}

#[test]
fn leap_years_and_2099_expiry() {
    assert_eq!(
        cron("0 0 0 29 2 ? *", "2024-03-01T00:00:00Z", 2),
        ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]
    );
    let r = run_in(
        AgentRepeat::Period,
        "0 0 0 29 2 ?",
        "2090-01-01T00:00:00Z",
        Zone::UTC,
        5,
    )
    .unwrap();
    assert_eq!(
        r,
        (
            vec!["2092-02-29T00:00:00Z".into(), "2096-02-29T00:00:00Z".into()],
            Some(EndReason::NoNextRun)
        )
    );
    let r = run_in(
        AgentRepeat::Period,
        "0 0 0 1 1 ? *",
        "2098-06-01T00:00:00Z",
        Zone::UTC,
        3,
    )
    .unwrap();
    assert_eq!(
        r,
        (
            vec!["2099-01-01T00:00:00Z".into()],
            Some(EndReason::NoNextRun)
        )
    );
    assert_eq!(
        cron_err("0 0 0 1 1 ? *", "2099-06-01T00:00:00Z"),
        AgentErrorKind::CronExpressionExpired
    );
}

#[test]
fn rate_grid_and_errors() {
    let start = "2024-01-01T00:00:00Z";
    let now = ms(start);
    let run = |expr: &str, creation: i64| {
        schedule_agent(&AgentRequest {
            repeat: AgentRepeat::Rate,
            expr,
            now_ms: now,
            local_zone: Zone::UTC,
            creation_ms: creation,
        })
    };
    // First run one period after creation; millisecond anchor kept.
    let s = run("rate(5m)", now - 60_000 + 123).unwrap();
    let fires: Vec<String> = s
        .collect(2)
        .fires
        .iter()
        .map(|m| format_rfc3339_ms(*m))
        .collect();
    assert_eq!(
        fires,
        ["2024-01-01T00:04:00.123Z", "2024-01-01T00:09:00.123Z"]
    );
    // Clock before creation: creation + period.
    let s = run("rate(1s)", now + 10_000).unwrap();
    assert_eq!(s.first_ms, now + 11_000);
    assert_eq!(
        run("rate(5min)", now).unwrap_err().kind,
        AgentErrorKind::InvalidRateExpression
    );
    assert_eq!(
        run("rate(0m)", now).unwrap_err().kind,
        AgentErrorKind::InvalidRateExpression
    );
    assert_eq!(
        run("rate(1001d)", now).unwrap_err().kind,
        AgentErrorKind::RateFrequencyTooLarge
    );
    assert!(run("rate(1000d)", now).is_ok());
    assert_eq!(
        run("rate(9999999999d)", now).unwrap_err().kind,
        AgentErrorKind::NoNextRun
    );
}

#[test]
fn at_fires_once_and_errors() {
    let r = run_in(
        AgentRepeat::At,
        "at(2024-01-01T00:00:10)",
        "2024-01-01T00:00:00Z",
        Zone::UTC,
        3,
    )
    .unwrap();
    assert_eq!(
        r,
        (vec!["2024-01-01T00:00:10Z".into()], Some(EndReason::AtDone))
    );
    // Exactly now fires immediately; after it is expired (logged only).
    assert!(run_in(
        AgentRepeat::At,
        "at(2024-01-01T00:00:00)",
        "2024-01-01T00:00:00Z",
        Zone::UTC,
        1
    )
    .is_ok());
    let err = |expr: &str| {
        run_in(AgentRepeat::At, expr, "2024-01-01T00:00:00Z", Zone::UTC, 1).unwrap_err()
    };
    assert_eq!(
        err("at(2023-12-31T23:59:59)"),
        AgentErrorKind::AtExpressionExpired
    );
    assert_eq!(err("at("), AgentErrorKind::InvalidAtExpression);
    assert_eq!(
        err("at(2022-06-06 13:15:30 Asia/Shanghai)"),
        AgentErrorKind::AtTimeParse
    );
    assert_eq!(err("at(2024-06-06T13:15:30Z)"), AgentErrorKind::AtTimeParse);
}

#[test]
fn never_matching_expressions_answer_quickly() {
    for expr in ["0 0 0 30 2 ? *", "0 0 0 31 4,6,9,11 ?", "0 0 0 20-10 * ?"] {
        assert_eq!(
            cron_err(expr, "1970-01-01T00:00:00Z"),
            AgentErrorKind::CronExpressionExpired
        );
    }
}

#[test]
fn error_kind_names_are_the_agents() {
    assert_eq!(
        AgentErrorKind::InvalidGMTOffsetForTimezone.to_string(),
        "InvalidGMTOffsetForTimezone"
    );
    assert_eq!(
        cron_err("0 0 0 * * ? GMT+08:00", "2024-01-01T00:00:00Z"),
        AgentErrorKind::InvalidGMTOffsetForTimezone
    );
    assert_eq!(
        cron_err("0 0 0 * * ? Mars/Olympus", "2024-01-01T00:00:00Z"),
        AgentErrorKind::TimezoneInformationCorrupt
    );
}

#[test]
fn extreme_clocks_do_not_panic() {
    use runcommand_playground::sim::schedule::api::{api_timeline, ApiScheduleRequest};
    for now in [i64::MIN, i64::MIN / 2, -1, 0, i64::MAX / 2, i64::MAX] {
        for (repeat, expr) in [
            (AgentRepeat::Period, "* * * * * ?"),
            (AgentRepeat::Period, "0 30 2 * * ? America/Los_Angeles"),
            (AgentRepeat::Rate, "rate(1000d)"),
            (AgentRepeat::At, "at(2024-01-01T00:00:00)"),
        ] {
            for creation in [now, 0, i64::MIN, i64::MAX] {
                let req = AgentRequest {
                    repeat,
                    expr,
                    now_ms: now,
                    local_zone: Zone::named("Pacific/Chatham").unwrap(),
                    creation_ms: creation,
                };
                if let Ok(s) = schedule_agent(&req) {
                    let list = s.collect(3);
                    assert!(list.fires.windows(2).all(|w| w[0] < w[1]));
                }
            }
        }
        for f in [
            "0 0 * * * ? Europe/London",
            "rate(5m)",
            "at(2024-01-01 00:00:00)",
        ] {
            let _ = api_timeline(&ApiScheduleRequest {
                frequency: Some(f.into()),
                repeat_mode: None,
                timeout_secs: Some(i64::MAX),
                now_ms: now,
                instance_zone: Zone::UTC,
                count: 3,
            })
            .to_json();
        }
    }
}

#[test]
fn report_values_and_wall_stamps() {
    let req = |repeat, expr| AgentRequest {
        repeat,
        expr,
        now_ms: ms("2024-01-01T00:00:00Z"),
        local_zone: Zone::UTC,
        creation_ms: 0,
    };
    let e = schedule_agent(&req(AgentRepeat::Period, "0 0 0 * * ? 2020")).unwrap_err();
    assert_eq!(e.report_value().as_deref(), Some("CronExpressionExpired"));
    let e = schedule_agent(&req(AgentRepeat::Period, "60 * * * * ?")).unwrap_err();
    assert!(e.report_value().unwrap().contains("second"));
    let e = schedule_agent(&req(AgentRepeat::At, "at(2023-01-01T00:00:00)")).unwrap_err();
    assert_eq!(e.report_value(), None);
    let s = schedule_agent(&req(AgentRepeat::Period, "0 0 12 * * ? Asia/Shanghai")).unwrap();
    assert_eq!(
        s.wall_stamp(s.first_ms),
        Some((8 * 3600, "Asia/Shanghai".to_string()))
    );
}
