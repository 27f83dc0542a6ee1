//! `runcommand-sim bench heavy`: the heavy inputs a careless or hostile user can give the CLI,
//! each timed once with the process's peak memory while it ran.
//!
//! * **year session** — two `rate(1m)` invocations on 100 instances, then DescribeInvocations a
//!   year later (`session`).
//! * **4 000 Stop lines** — one `rate(1m)` invocation on 100 instances, then 4 000
//!   StopInvocation lines, one per second (`session`).
//! * **4 000 Describe lines** — the same with 4 000 DescribeInvocationResults lines, each for
//!   one instance; **Stop/Describe in turn** alternates the two; **Reboot/Describe** alternates
//!   reboots and Describe calls on one instance.
//! * **year session, 30 invocations** — thirty `rate(1m)` invocations on 100 instances, then
//!   one DescribeInvocations a year later.
//! * **share link** — a link with 10 000 parameter keys (and one with 90 000 placeholders)
//!   decoded and evaluated as the page evaluates an edit (validation and rendering).
//! * **year of rate(1m)** — one instance, DescribeInvocations a year later: 525 600 runs.
//! * **20 000 events** — `simulate --events` over an hour of `rate(1m)` on 100 instances with
//!   20 000 reboots and stops.

use std::time::Instant;

use serde_json::{json, Value};

use super::bench_sim::{bench_world, BENCH_INSTANCES};
use super::session::run_lines;
use crate::api::{self, RunDetail, SimulateOptions};
use crate::sim::session::Session;

fn bench_ids() -> Vec<String> {
    (0..BENCH_INSTANCES)
        .map(|n| format!("i-bench{n:013}"))
        .collect()
}

/// A session line.
fn line(at: &str, action: &str, request: Value) -> String {
    json!({"at": at, "action": action, "request": request}).to_string()
}

/// RunCommand of `script` every minute on `ids`.
fn every_minute(at: &str, script: &str, ids: &[String]) -> String {
    line(
        at,
        "RunCommand",
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": script,
               "Frequency": "rate(1m)", "Timeout": 30, "InstanceId": ids}),
    )
}

/// Runs `lines` in a fresh session over the bench world; returns the answer's size.
fn session_answer(lines: &[String]) -> usize {
    let mut session = Session::new(bench_world(), 0);
    run_lines(&mut session, lines.join("\n").as_bytes()).len()
}

fn year_session() -> usize {
    let ids = bench_ids();
    session_answer(&[
        every_minute("2026-01-01T00:00:00Z", "echo a", &ids),
        every_minute("2026-01-01T00:00:30Z", "echo b; sleep 1", &ids),
        line(
            "2027-01-01T00:00:00Z",
            "DescribeInvocations",
            json!({"RegionId": "cn-hangzhou"}),
        ),
    ])
}

/// `2026-01-01` plus `seconds`, as RFC 3339.
fn second_of_new_year(seconds: usize) -> String {
    format!(
        "2026-01-01T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// A session over the bench world that has run `echo a; sleep 5` every minute on the bench
/// instances since `2026-01-01T00:00:00Z`, and the InvokeId.
fn session_with_one_invocation() -> (Session, String) {
    let mut session = Session::new(bench_world(), 0);
    let first = every_minute("2026-01-01T00:00:00Z", "echo a; sleep 5", &bench_ids());
    let answer = run_lines(&mut session, first.as_bytes());
    let invoke_id = serde_json::from_str::<Value>(&answer)
        .ok()
        .and_then(|a| a["Body"]["InvokeId"].as_str().map(String::from))
        .unwrap_or_default();
    (session, invoke_id)
}

/// 4 000 lines, one per second from `2026-01-01T00:00:01Z`, each naming one instance in turn:
/// `StopInvocation` for the lines `stop` picks, `DescribeInvocationResults` for the others.
fn stop_and_describe_lines(stop: fn(usize) -> bool) -> usize {
    let ids = bench_ids();
    let (mut session, invoke_id) = session_with_one_invocation();
    let lines: Vec<String> = (1..=4_000)
        .map(|k| {
            let instance = &ids[k % ids.len()];
            let (action, request) = if stop(k) {
                let request = json!({"RegionId": "cn-hangzhou", "InvokeId": invoke_id,
                                     "InstanceId": [instance]});
                ("StopInvocation", request)
            } else {
                let request = json!({"RegionId": "cn-hangzhou", "InvokeId": invoke_id,
                                     "InstanceId": instance});
                ("DescribeInvocationResults", request)
            };
            line(&second_of_new_year(k), action, request)
        })
        .collect();
    run_lines(&mut session, lines.join("\n").as_bytes()).len()
}

/// 4 000 lines on one instance, one per second: RebootInstance and DescribeInvocationResults
/// in turn (every reboot recomputes the instance from its start).
fn reboot_lines_one_instance() -> usize {
    let id = "i-bp1a00000000000001";
    let mut session = Session::new(bench_world(), 0);
    let mut lines = vec![every_minute(
        "2026-01-01T00:00:00Z",
        "echo a; sleep 5",
        &[id.to_string()],
    )];
    lines.extend((1..=4_000).map(|k| {
        let at = second_of_new_year(k);
        if k % 2 == 0 {
            line(&at, "RebootInstance", json!({"InstanceId": id}))
        } else {
            line(
                &at,
                "DescribeInvocationResults",
                json!({"RegionId": "cn-hangzhou", "InstanceId": id, "PageSize": 1}),
            )
        }
    }));
    run_lines(&mut session, lines.join("\n").as_bytes()).len()
}

fn stop_lines() -> usize {
    stop_and_describe_lines(|_| true)
}

fn describe_lines() -> usize {
    stop_and_describe_lines(|_| false)
}

fn mixed_lines() -> usize {
    stop_and_describe_lines(|k| k % 2 == 0)
}

fn events_20k() -> usize {
    let ids = bench_ids();
    let start_ms: i64 = 1_772_323_200_000; // 2026-03-01T00:00:00Z
    let events = (0..20_000i64)
        .map(|k| {
            let at = crate::sim::exec::format_time(start_ms + 100 * k + 50);
            let id = &ids[k as usize % ids.len()];
            if k % 2 == 0 {
                json!({"at": at, "action": "RebootInstance", "InstanceId": id})
            } else {
                json!({"at": at, "action": "StopInvocation", "InstanceId": [id]})
            }
        })
        .collect();
    let request = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                         "CommandContent": "echo a; sleep 5", "Frequency": "rate(1m)",
                         "Timeout": 30, "InstanceId": ids});
    let world = serde_json::to_value(bench_world()).unwrap_or_default();
    let out = api::simulate_text(
        &request,
        Some(&world),
        "2026-03-01T01:00:00Z",
        &SimulateOptions {
            now: "2026-03-01T00:00:00Z".into(),
            events,
            seed: 0,
        },
        RunDetail::Lean,
    );
    out.len()
}

fn year_session_30() -> usize {
    let ids = bench_ids();
    let mut lines: Vec<String> = (0..30)
        .map(|k| {
            let at = format!("2026-01-01T00:00:{k:02}Z");
            every_minute(&at, &format!("echo {k}"), &ids)
        })
        .collect();
    lines.push(line(
        "2027-01-01T00:00:00Z",
        "DescribeInvocations",
        json!({"RegionId": "cn-hangzhou", "PageSize": 50}),
    ));
    session_answer(&lines)
}

/// Decodes the share link of `request` and evaluates it as the page does; returns the
/// link's length plus the answer's.
fn share_link_of(request: Value) -> usize {
    let link = crate::share::encode(&json!({ "request": request }));
    let Ok(state) = crate::share::decode::<Value>(&link) else {
        return 0;
    };
    let answer = api::evaluate(&state["request"], None, "2026-01-01T00:00:00Z", 3);
    link.len() + answer.to_string().len()
}

fn share_link_keys() -> usize {
    let parameters: serde_json::Map<String, Value> =
        (0..10_000).map(|k| (format!("k{k}"), json!("v"))).collect();
    share_link_of(json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
        "CommandContent": "echo {{k1}}", "EnableParameter": true, "Parameters": parameters,
        "InstanceId": ["i-bp1a00000000000001"]}))
}

fn share_link_placeholders() -> usize {
    let content: String = (0..90_000).map(|k| format!("{{{{p{k}}}}} ")).collect();
    share_link_of(json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
        "CommandContent": content, "EnableParameter": true,
        "InstanceId": ["i-bp1a00000000000001"]}))
}

fn year_of_rate_1m() -> usize {
    session_answer(&[
        every_minute(
            "2026-01-01T00:00:00Z",
            "echo tick",
            &["i-bp1a00000000000001".to_string()],
        ),
        line(
            "2027-01-01T00:00:30Z",
            "DescribeInvocations",
            json!({"RegionId": "cn-hangzhou"}),
        ),
    ])
}

/// The process's peak resident memory in KiB (`VmHWM`), where /proc tells it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak to the current memory use (Linux), so each case reports its own peak.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A case: runs once, returns the answer's size.
type Case = fn() -> usize;

/// Runs every case once; one row each: seconds, peak resident memory and answer size. The
/// peak is reset before each case, to the memory then in use (which may include what earlier
/// cases freed but the allocator kept), so the heaviest case runs last.
pub fn run_heavy_bench() -> String {
    let cases: [(&str, Case); 10] = [
        ("share link: 10 000 parameter keys", share_link_keys),
        ("share link: 90 000 placeholders", share_link_placeholders),
        ("year session (2 x rate(1m) x 100)", year_session),
        ("4 000 Stop lines (100 instances)", stop_lines),
        ("4 000 Describe lines (100 instances)", describe_lines),
        ("4 000 Stop/Describe lines in turn", mixed_lines),
        (
            "4 000 Reboot/Describe, 1 instance",
            reboot_lines_one_instance,
        ),
        ("year of rate(1m) (1 instance)", year_of_rate_1m),
        ("20 000 events (simulate)", events_20k),
        ("year session, 30 invocations", year_session_30),
    ];
    let mut out = format!(
        "{:<36} {:>9} {:>12} {:>12}\n",
        "heavy case", "seconds", "peak MiB", "answer B"
    );
    for (label, case) in cases {
        let own_peak = reset_peak_rss();
        let t0 = Instant::now();
        let size = std::hint::black_box(case());
        let seconds = t0.elapsed().as_secs_f64();
        let peak = match peak_rss_kib() {
            Some(kib) if own_peak => format!("{:.1}", kib as f64 / 1024.0),
            Some(kib) => format!("≤{:.1}", kib as f64 / 1024.0),
            None => "n/a".into(),
        };
        out.push_str(&format!(
            "{label:<36} {seconds:>9.3} {peak:>12} {size:>12}\n"
        ));
    }
    out.trim_end().to_string()
}
