//! API-layer schedule tests: RepeatMode/Frequency rules, the documented Frequency limits,
//! at() conversion, and the timeline's warnings and description.

use runcommand_playground::sim::schedule::warnings::WarningCode;
use runcommand_playground::sim::schedule::{
    api_timeline, check_api_frequency, effective_repeat_mode, is_missing_frequency,
    parse_api_frequency, ApiScheduleRequest, ApiTimeline, FrequencyKind, RepeatMode,
};
use runcommand_playground::sim::tz::Zone;

fn ms(rfc: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .unwrap()
        .timestamp_millis()
}

#[test]
fn repeat_mode_rules() {
    assert_eq!(effective_repeat_mode(None, None), Ok(RepeatMode::Once));
    assert_eq!(
        effective_repeat_mode(Some("Once"), Some("rate(5m)")),
        Ok(RepeatMode::Period)
    );
    assert_eq!(
        effective_repeat_mode(Some("DryRun"), Some("rate(5m)")),
        Ok(RepeatMode::Period)
    );
    assert_eq!(
        effective_repeat_mode(Some("EveryReboot"), None),
        Ok(RepeatMode::EveryReboot)
    );
    let e = effective_repeat_mode(Some("Period"), Some("")).unwrap_err();
    assert_eq!((e.http_status, e.code), (400, "MissingParam.Frequency"));
    assert!(is_missing_frequency(Some("Period"), None));
    assert!(!is_missing_frequency(Some("Once"), None));
    let e = effective_repeat_mode(Some("Weekly"), None).unwrap_err();
    assert_eq!((e.http_status, e.code), (404, "InvalidRepeatMode.NotFound"));
}

#[test]
fn rate_limits() {
    assert_eq!(check_api_frequency("rate(5m)", 60), Ok(FrequencyKind::Rate));
    assert_eq!(check_api_frequency("rate(7d)", 60), Ok(FrequencyKind::Rate));
    assert!(check_api_frequency("rate(59s)", 10).is_err());
    assert!(check_api_frequency("rate(60s)", 10).is_ok());
    assert!(check_api_frequency("rate(8d)", 60).is_err());
    assert!(check_api_frequency("rate(169h)", 60).is_err());
    // Must be longer than Timeout.
    assert!(check_api_frequency("rate(1m)", 60).is_err());
    assert!(check_api_frequency("rate(5m)", 300).is_err());
    assert!(check_api_frequency("rate(5min)", 60).is_err());
}

#[test]
fn at_conversion_to_the_agent_form() {
    let f = parse_api_frequency("at(2022-06-06 13:15:30 Asia/Shanghai)", 60).unwrap();
    assert_eq!(f.kind, FrequencyKind::At);
    assert_eq!(f.agent_expr, "at(2022-06-06T05:15:30)");
    let f = parse_api_frequency("at(2022-06-06 13:15:30 GMT-7:00)", 60).unwrap();
    assert_eq!(f.agent_expr, "at(2022-06-06T20:15:30)");
    let f = parse_api_frequency("at(2022-06-06 13:15:30)", 60).unwrap();
    assert_eq!(f.agent_expr, "at(2022-06-06T13:15:30)");
    let f = parse_api_frequency("at(2022-06-06 13:15:30 UTC)", 60).unwrap();
    assert_eq!(f.agent_expr, "at(2022-06-06T13:15:30)");
    for bad in [
        "at(2022-06-06 13:15:30 GMT-07:00)",
        "at(2022-06-06 13:15:30 CST)",
        "at(2022-06-06T13:15:30)",
        "at(2022-6-06 13:15:30)",
        "at(2022-02-30 13:15:30)",
    ] {
        assert!(check_api_frequency(bad, 60).is_err(), "{bad}");
    }
}

#[test]
fn cron_limits_and_zones() {
    for ok in [
        "0 15 10 ? * * 2022 Asia/Shanghai",
        "0 0/30 10-11 * * ? 2022 GMT+8:00",
        "0 0/5 14 * 10 ? 2022/2 UTC",
        "0 */20 * * * ?",
        "0 0 0 ? * MON-SUN",
    ] {
        assert_eq!(check_api_frequency(ok, 60), Ok(FrequencyKind::Cron), "{ok}");
    }
    // Minimum interval 10 s, and ≥ Timeout.
    assert!(check_api_frequency("* * * * * ?", 1).is_err());
    assert!(check_api_frequency("*/10 * * * * ?", 10).is_ok());
    assert!(check_api_frequency("*/10 * * * * ?", 60).is_err());
    assert!(check_api_frequency("0,5 0 0 * * ?", 1).is_err());
    // Documented zones only: no leading zero, no bare GMT, no junk.
    for bad in [
        "0 0 0 * * ? 2022 GMT+08:00",
        "0 0 0 * * ? 2022 GMT",
        "0 0 0 * * ? 2022 xGMT+8:00",
        "0 0 0 * * ? 2100",
        "0 0 0 * * ? Asia/Nowhere",
    ] {
        assert!(check_api_frequency(bad, 60).is_err(), "{bad}");
    }
    let e = check_api_frequency("0 */5 * * *", 60).unwrap_err();
    assert!(e.reason.contains("Unix"), "{}", e.reason);
    let e = check_api_frequency("cron(0 12 * * ? *)", 60).unwrap_err();
    assert!(e.reason.contains("AWS"), "{}", e.reason);
}

fn timeline(freq: &str, timeout: i64, now: &str, zone: Zone) -> ApiTimeline {
    api_timeline(&ApiScheduleRequest {
        frequency: Some(freq.into()),
        repeat_mode: None,
        timeout_secs: Some(timeout),
        now_ms: ms(now),
        instance_zone: zone,
        count: 10,
    })
}

fn codes(t: &ApiTimeline) -> Vec<WarningCode> {
    match t {
        ApiTimeline::Periodic(t) => t.warnings.iter().map(|w| w.code).collect(),
        other => panic!("not periodic: {other:?}"),
    }
}

#[test]
fn warnings_agent_never_fires_and_dialects() {
    let t = timeline(
        "0 0 0 ? * MON-SUN UTC",
        60,
        "2024-01-01T00:00:00Z",
        Zone::UTC,
    );
    let c = codes(&t);
    assert!(c.contains(&WarningCode::AgentNeverFires), "{c:?}");
    assert!(c.contains(&WarningCode::DowRangeToSunday), "{c:?}");
    let ApiTimeline::Periodic(p) = &t else {
        unreachable!()
    };
    assert!(p.fires.is_empty());
    assert_eq!(p.documented.len(), 10);

    let c = codes(&timeline(
        "0 0 0 ? * 05 UTC",
        60,
        "2024-01-01T00:00:00Z",
        Zone::UTC,
    ));
    assert!(c.contains(&WarningCode::DowZeroPadded), "{c:?}");
    assert!(c.contains(&WarningCode::DialectDiffers), "{c:?}");

    let c = codes(&timeline(
        "0 0 9 ? * 2-6 UTC",
        60,
        "2024-01-01T00:00:00Z",
        Zone::UTC,
    ));
    assert!(c.contains(&WarningCode::QuartzWeekdays), "{c:?}");
    assert!(!c.contains(&WarningCode::DialectDiffers), "{c:?}");

    // AWS-style `0 12 * * ? *`: minutes first, `?` in the month position.
    let c = codes(&timeline(
        "0 12 * * ? *",
        60,
        "2024-01-01T00:00:00Z",
        Zone::UTC,
    ));
    assert!(c.contains(&WarningCode::AwsDialect), "{c:?}");
    assert!(c.contains(&WarningCode::InstanceLocalZone), "{c:?}");
}

#[test]
fn warnings_dst_stop_skip_shift() {
    let t = timeline(
        "0 0 * * * ? America/Los_Angeles",
        60,
        "2024-03-10T07:30:00Z",
        Zone::UTC,
    );
    let ApiTimeline::Periodic(p) = &t else {
        panic!()
    };
    let stop = p
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::DstStops)
        .unwrap();
    assert_eq!(stop.at_ms, Some(ms("2024-03-10T09:00:00Z")));
    assert!(
        stop.message.contains("2024-03-10 01:00:00"),
        "{}",
        stop.message
    );

    // Fall back in LA: the PST copy of 01:30 is skipped.
    let c = codes(&timeline(
        "0 30 1 * * ? America/Los_Angeles",
        60,
        "2024-11-02T12:00:00Z",
        Zone::UTC,
    ));
    assert!(c.contains(&WarningCode::DstSkipped), "{c:?}");

    // Spring forward in London: 01:30 does not exist, run moved to 02:30 BST.
    let c = codes(&timeline(
        "0 30 1 * * ? Europe/London",
        60,
        "2024-03-30T12:00:00Z",
        Zone::UTC,
    ));
    assert!(c.contains(&WarningCode::DstShifted), "{c:?}");
    assert!(!c.contains(&WarningCode::DstStops), "{c:?}");

    // 01:00 and 03:00 are two hours apart on paper, one hour on the spring-forward day.
    let c = codes(&timeline(
        "0 0 1,3 * * ? America/Los_Angeles",
        5400,
        "2024-03-09T12:00:00Z",
        Zone::UTC,
    ));
    assert!(c.contains(&WarningCode::IntervalBelowTimeout), "{c:?}");
}

#[test]
fn warnings_expiry_and_description() {
    let t = timeline(
        "0 15 10 ? * * 2022 Asia/Shanghai",
        60,
        "2021-12-30T00:00:00Z",
        Zone::UTC,
    );
    let ApiTimeline::Periodic(p) = &t else {
        panic!()
    };
    assert_eq!(
        p.description.en,
        "At 10:15:00, every day, in 2022, Asia/Shanghai"
    );
    assert!(p.description.zh.contains("10:15:00"));
    assert!(p.warnings.iter().any(|w| w.code == WarningCode::Expires));
    let c = codes(&timeline(
        "0 0 0 1 1 ? 2025 UTC",
        60,
        "2024-06-01T00:00:00Z",
        Zone::UTC,
    ));
    assert!(c.contains(&WarningCode::Expires), "{c:?}");
}

#[test]
fn non_periodic_and_errors_in_json() {
    let t = api_timeline(&ApiScheduleRequest {
        frequency: None,
        repeat_mode: Some("Period".into()),
        timeout_secs: None,
        now_ms: 0,
        instance_zone: Zone::UTC,
        count: 3,
    });
    let v = t.to_json();
    assert_eq!(v["HttpStatus"], 400);
    assert_eq!(v["Body"]["Code"], "MissingParam.Frequency");
    let v = timeline("rate(30s)", 10, "2024-01-01T00:00:00Z", Zone::UTC).to_json();
    assert_eq!(v["Body"]["Code"], "InvalidParam.Frequency");
    assert_eq!(v["Body"]["Message"], "The specified frequency is invalid.");
}
