//! The simulation a session keeps and advances answers every Describe call as the simulation
//! built afresh up to the call's instant does (the reference: [`Session::simulation_at`] and
//! the response builders, as every call was answered before the session kept one).

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use runcommand_playground::sim::exec::{self, Simulation};
use runcommand_playground::sim::invocation::patch_rejections;
use runcommand_playground::sim::session::Session;
use runcommand_playground::sim::world::World;
use runcommand_playground::sim::{calls, invocation::MAX_FIRES_PER_INSTANCE};
use serde_json::{json, Value};

const REGION: &str = "cn-hangzhou";

/// Running instances of the default world's region, and one that is stopped.
const INSTANCES: [&str; 6] = [
    "i-bp1a00000000000001",
    "i-bp1a00000000000002",
    "i-bp1a00000000000003",
    "i-bp1a00000000000004",
    "i-bp1a00000000000005",
    "i-bp1a00000000000006",
];

/// A small deterministic generator (fixed seeds, no dependency on a property-test runner).
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next(items.len() as u64) as usize]
    }

    fn instances(&mut self) -> Vec<&'static str> {
        let from = self.next(INSTANCES.len() as u64) as usize;
        let count = 1 + self.next((INSTANCES.len() - from) as u64) as usize;
        INSTANCES[from..from + count].to_vec()
    }
}

/// A RunCommand request of one of the shapes the session has to simulate.
fn run_command(dice: &mut Dice) -> Value {
    let script = *dice.pick(&[
        "echo a",
        "echo b; sleep 3",
        "echo c; sleep 70; exit 2",
        "echo d; exit 194",
        "sleep 200",
    ]);
    let mut request = json!({"RegionId": REGION, "Type": "RunShellScript",
        "CommandContent": script, "InstanceId": dice.instances(), "Timeout": 50});
    match dice.next(6) {
        0 => {}
        1 => request["RepeatMode"] = json!("EveryReboot"),
        2 => request["RepeatMode"] = json!("NextRebootOnly"),
        _ => {
            let frequency = *dice.pick(&["rate(1m)", "rate(2m)", "0 */3 * * * ?", "rate(30s)"]);
            request["RepeatMode"] = json!("Period");
            request["Frequency"] = json!(frequency);
        }
    }
    request
}

/// The lines of a long session: invocations, stops, reboots and Describe calls, at instants
/// that mostly move forward (sometimes by hours) and sometimes go back.
fn session_lines(seed: u64, count: usize) -> Vec<(DateTime<Utc>, &'static str, Value)> {
    let mut dice = Dice(seed);
    let mut at = Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap();
    let mut invoke_ids: Vec<String> = vec!["t-unknown".into()];
    let mut lines = Vec::new();
    for _ in 0..count {
        at += match dice.next(20) {
            0 => Duration::hours(3),
            1 => Duration::seconds(-90),
            2 => Duration::zero(),
            _ => Duration::milliseconds(dice.next(40_000) as i64),
        };
        let instance = *dice.pick(&INSTANCES);
        let invoke_id = dice.pick(&invoke_ids).clone();
        let (action, request) = match dice.next(10) {
            0 | 1 => ("RunCommand", run_command(&mut dice)),
            2 => {
                let named = if dice.next(2) == 0 {
                    json!([])
                } else {
                    json!([instance])
                };
                let request =
                    json!({"RegionId": REGION, "InvokeId": invoke_id, "InstanceId": named});
                ("StopInvocation", request)
            }
            3 => ("RebootInstance", json!({"InstanceId": instance})),
            4 | 5 => {
                let mut request = json!({"RegionId": REGION, "IncludeOutput": true});
                match dice.next(4) {
                    0 => request["InvokeId"] = json!(invoke_id),
                    1 => request["InstanceId"] = json!(instance),
                    2 => request["InvokeStatus"] = json!("Running"),
                    _ => request["PageSize"] = json!(3),
                }
                ("DescribeInvocations", request)
            }
            _ => {
                let mut request = json!({"RegionId": REGION, "IncludeHistory": dice.next(2) == 0});
                match dice.next(3) {
                    0 => request["InvokeId"] = json!(invoke_id),
                    1 => request["InstanceId"] = json!(instance),
                    _ => request["InvokeRecordStatus"] = json!("Finished"),
                }
                ("DescribeInvocationResults", request)
            }
        };
        lines.push((at, action, request));
        // The next lines name the invocations accepted so far (read from the answers below).
        if action == "RunCommand" {
            invoke_ids.push(String::new());
        }
    }
    lines
}

/// The answer built from a simulation made afresh up to `at`.
fn reference_answer(
    session: &Session,
    at: DateTime<Utc>,
    action: &str,
    request: &Value,
    request_id: &str,
) -> Value {
    let (sim, rejections) = session.simulation_at(Some(REGION), at);
    let at_ms = at.timestamp_millis();
    let mut body = if action == "DescribeInvocations" {
        let query = calls::describe_invocations_query(request).unwrap();
        exec::describe_invocations(&sim, &query, at_ms, request_id)
    } else {
        let query = calls::describe_invocation_results_query(request).unwrap();
        exec::describe_invocation_results(&sim, &query, at_ms, request_id)
    }
    .unwrap_or_else(|e| e.to_json(request_id));
    patch_rejections(&mut body, &rejections);
    if let Some(cut) = cut_invocations(&sim) {
        body["SimulatorNotice"] = json!(cut);
    }
    body
}

/// The invocations the fire cap cut, as the notice names them.
fn cut_invocations(sim: &Simulation) -> Option<String> {
    let cut: Vec<String> = sim
        .plans()
        .iter()
        .filter_map(|p| {
            Some(format!(
                "{} after {}",
                p.invoke_id,
                exec::format_time(p.fires_cut_at_ms?)
            ))
        })
        .collect();
    (!cut.is_empty()).then(|| cut.join(", "))
}

/// Runs `lines`, checking every Describe answer against the reference; returns how many
/// answers were compared, and how many of them say that the fire cap cut a schedule.
fn check_against_rebuilt(seed: u64, lines: Vec<(DateTime<Utc>, &str, Value)>) -> (usize, usize) {
    let mut session = Session::new(World::default_world(), seed);
    let mut accepted: Vec<String> = Vec::new();
    let (mut compared, mut cut) = (0, 0);
    for (n, (at, action, mut request)) in lines.into_iter().enumerate() {
        // Name accepted invocations: the generator's placeholders become real InvokeIds.
        if let Some(id) = request.get("InvokeId").and_then(Value::as_str) {
            if id.is_empty() || id == "t-unknown" {
                let k = n % (accepted.len() + 1);
                request["InvokeId"] = json!(accepted.get(k).map_or("t-unknown", String::as_str));
            }
        }
        let answer = session.call(at, action, &request);
        if let Some(id) = answer.body.get("InvokeId").and_then(Value::as_str) {
            accepted.push(id.to_string());
        }
        if action.starts_with("Describe") && answer.is_success() {
            let request_id = answer.body["RequestId"].as_str().unwrap().to_string();
            let mut expected = reference_answer(&session, at, action, &request, &request_id);
            if let Some(names) = expected.get("SimulatorNotice").and_then(Value::as_str) {
                let notice = answer.body["SimulatorNotice"].as_str().unwrap_or_default();
                assert!(notice.contains(names), "line {n}: {notice} names {names}");
                expected["SimulatorNotice"] = answer.body["SimulatorNotice"].clone();
                cut += 1;
            }
            assert_eq!(
                answer.body, expected,
                "line {n}: {action} at {at} {request}"
            );
            compared += 1;
        }
    }
    (compared, cut)
}

#[test]
fn a_long_mixed_session_answers_as_the_simulation_rebuilt_for_each_line() {
    let mut compared = 0;
    for seed in [1, 2, 3] {
        compared += check_against_rebuilt(seed, session_lines(seed, 300)).0;
    }
    assert!(compared > 150, "only {compared} Describe answers compared");
}

#[test]
fn a_cut_schedule_is_answered_as_the_simulation_rebuilt_for_each_line() {
    // A `rate(1m)` of two years has more fires than the simulator plans: whether the answer
    // says so depends on where the simulation ends, just before and after the cut.
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let cut_after = Duration::minutes(MAX_FIRES_PER_INSTANCE as i64);
    let run = json!({"RegionId": REGION, "Type": "RunShellScript", "CommandContent": "echo a",
        "InstanceId": [INSTANCES[0]], "RepeatMode": "Period", "Frequency": "rate(1m)", "Timeout": 30});
    let describe = json!({"RegionId": REGION, "InstanceId": INSTANCES[0]});
    let mut lines = vec![(start, "RunCommand", run.clone())];
    for minutes in [-30, -1, 0, 1, 2, -5, 2] {
        let at = start + cut_after + Duration::minutes(minutes);
        lines.push((at, "DescribeInvocations", describe.clone()));
    }
    let later = start + cut_after - Duration::minutes(10);
    lines.push((later, "RunCommand", run));
    lines.push((
        later + Duration::minutes(1),
        "DescribeInvocations",
        describe,
    ));
    let (compared, cut) = check_against_rebuilt(0, lines);
    assert_eq!(compared, 8);
    assert!(
        (1..compared).contains(&cut),
        "{cut} of {compared} answers name a cut"
    );
}

#[test]
fn a_describe_line_reads_the_kept_simulation_instead_of_building_one() {
    // A month of `rate(1m)`: building the simulation plans 44 640 fires (350 KB); reading
    // the kept one allocates only the answer.
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut session = Session::new(World::default_world(), 0);
    let run = json!({"RegionId": REGION, "Type": "RunShellScript", "CommandContent": "echo a",
        "InstanceId": [INSTANCES[0]], "Frequency": "rate(1m)", "Timeout": 30});
    assert!(session.call(start, "RunCommand", &run).is_success());
    let describe = json!({"RegionId": REGION, "InstanceId": INSTANCES[0], "PageSize": 1});
    let month = start + Duration::days(31);
    assert!(session
        .call(month, "DescribeInvocationResults", &describe)
        .is_success());
    let next = month + Duration::seconds(1);
    let (_, kept_bytes) = common::allocations(|| {
        assert!(session
            .call(next, "DescribeInvocationResults", &describe)
            .is_success());
    });
    let (_, built_bytes) = common::allocations(|| {
        std::hint::black_box(session.simulation_at(Some(REGION), next));
    });
    assert!(
        kept_bytes * 10 < built_bytes,
        "a Describe line allocates {kept_bytes} bytes, a build {built_bytes}"
    );
}
