//! A simulation computed once to a horizon and read at an earlier instant answers exactly what
//! a simulation stopped at that instant answers (the playback reads one simulation of the
//! whole window at its cursor); the lean answer is the full one with the runs cut down, and its
//! text is its value's text.

use runcommand_playground::api::presets;
use runcommand_playground::api::{self, RunDetail, SimulateOptions, Simulated};
use serde_json::{json, Value};

const DEFAULT_NOW: &str = "2026-11-27T12:00:00Z";

fn ms(text: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .timestamp_millis()
}

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Requests worth reading at many instants: every preset, and runs that outlast a fire, time
/// out, reboot or power off the instance.
fn cases() -> Vec<(String, Value, String)> {
    let mut list: Vec<(String, Value, String)> = presets::all()
        .into_iter()
        .map(|p| {
            (
                p.id.to_string(),
                p.request,
                p.now.unwrap_or(DEFAULT_NOW).to_string(),
            )
        })
        .collect();
    let ids = ["i-bp1a00000000000001", "i-bp1a00000000000002"];
    for (n, content) in [
        "echo a; sleep 70; echo b",
        "echo hi; sleep 5; exit 3",
        "echo x; exit 194",
        "sleep 3; exit 193",
    ]
    .iter()
    .enumerate()
    {
        for frequency in [None, Some("rate(1m)")] {
            let mut r = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                               "CommandContent": content, "Timeout": 60, "InstanceId": ids});
            if let Some(f) = frequency {
                // No Timeout: a run may outlast the interval, and the next fire is skipped.
                r["Frequency"] = json!(f);
                r["Timeout"] = json!(0);
            }
            list.push((
                format!("case {n} {frequency:?}"),
                r,
                DEFAULT_NOW.to_string(),
            ));
        }
    }
    list
}

fn options(now: &str, events: Vec<Value>) -> SimulateOptions {
    SimulateOptions {
        now: now.to_string(),
        events,
        seed: 5,
    }
}

/// The instants to read: a grid, and one ms around every run's start and end.
fn instants(start: i64, horizon: i64, answer: &Value) -> Vec<i64> {
    let mut list: Vec<i64> = [
        0, 1, 999, 1_000, 1_200, 2_000, 3_500, 10_000, 60_000, 61_000, 62_500, 65_000, 125_000,
        600_000,
    ]
    .iter()
    .map(|d| start + d)
    .collect();
    for inst in answer["instances"].as_array().into_iter().flatten() {
        for run in inst["runs"].as_array().into_iter().flatten().take(4) {
            for key in ["startMs", "endMs", "stopMs"] {
                if let Some(t) = run[key].as_i64() {
                    list.extend([t - 1, t, t + 1]);
                }
            }
        }
    }
    list.retain(|t| (start..=horizon).contains(t));
    list.sort_unstable();
    list.dedup();
    list
}

#[test]
fn reading_a_longer_simulation_at_an_instant_equals_simulating_to_that_instant() {
    let mut checked = 0;
    for (name, request, now) in cases() {
        let start = ms(&now);
        let horizon = start + 3_600_000;
        let first = api::simulate(&request, None, &iso(horizon), &options(&now, vec![]));
        let Some(id) = first["instances"][0]["InstanceId"].as_str() else {
            assert!(!name.starts_with("case"), "{name} is refused: {first}");
            continue;
        };
        let event_sets = [
            vec![],
            vec![json!({"at": iso(start + 3_000), "action": "StopInvocation"})],
            vec![
                json!({"at": iso(start + 62_500), "action": "RebootInstance", "InstanceId": id}),
                json!({"at": iso(start + 200_000), "action": "StopInvocation", "InstanceId": [id]}),
            ],
        ];
        for events in event_sets {
            let opts = options(&now, events);
            let whole = Simulated::new(&request, None, &iso(horizon), &opts)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let at_horizon = whole.answer_at(horizon, RunDetail::Full);
            for until in instants(start, horizon, &at_horizon) {
                let expected = api::simulate(&request, None, &iso(until), &opts);
                let read = whole.answer_at(until, RunDetail::Full);
                assert!(
                    read == expected,
                    "{name} at +{} ms with {:?}: the long simulation read early differs",
                    until - start,
                    opts.events
                );
                let lean = api::simulate_as(&request, None, &iso(until), &opts, RunDetail::Lean);
                assert_eq!(whole.answer_at(until, RunDetail::Lean), lean, "{name}");
                let overall = &expected["DescribeInvocations"]["Invocations"]["Invocation"][0];
                assert_eq!(
                    whole.overall_at(until),
                    json!({"InvocationStatus": overall["InvocationStatus"],
                           "InvokeStatus": overall["InvokeStatus"]}),
                    "{name}: the overall status read alone differs from DescribeInvocations'"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} readings");
}

#[test]
fn the_lean_answer_is_the_full_one_with_lean_runs_and_its_text_is_its_values_text() {
    for (name, request, now) in cases() {
        let until = iso(ms(&now) + 600_000);
        let opts = options(&now, vec![]);
        let full = api::simulate(&request, None, &until, &opts);
        let lean = api::simulate_as(&request, None, &until, &opts, RunDetail::Lean);
        let text = api::simulate_text(&request, None, &until, &opts, RunDetail::Lean);
        assert_eq!(text, lean.to_string(), "{name}");
        assert_eq!(
            api::simulate_text(&request, None, &until, &opts, RunDetail::Full),
            full.to_string(),
            "{name}"
        );
        if full["ok"] != true {
            assert_eq!(lean, full, "{name}: errors are the same");
            continue;
        }
        let mut cut = full.clone();
        for inst in cut["instances"].as_array_mut().unwrap() {
            inst.as_object_mut().unwrap().remove("notes");
            for run in inst["runs"].as_array_mut().unwrap() {
                let keep = ["startMs", "endMs", "status", "exitCode", "stopMs"];
                run.as_object_mut()
                    .unwrap()
                    .retain(|k, _| keep.contains(&k.as_str()));
            }
        }
        assert_eq!(lean, cut, "{name}");
        // Every run's full fields, one at a time.
        for (i, inst) in full["instances"].as_array().unwrap().iter().enumerate() {
            let all = inst["runs"].as_array().unwrap();
            // The first runs and the last (in a series, possibly still going).
            let chosen = all
                .iter()
                .enumerate()
                .take(3)
                .chain(all.iter().enumerate().next_back());
            for (r, run) in chosen {
                let one = api::simulate_run(&request, None, &until, &opts, i, r);
                assert_eq!(one["ok"], true, "{name}");
                assert_eq!(&one["run"], run, "{name} {i} {r}");
                assert_eq!(one["InstanceId"], inst["InstanceId"]);
            }
            let runs = inst["runs"].as_array().unwrap().len();
            let missing = api::simulate_run(&request, None, &until, &opts, i, runs);
            assert_eq!(missing["ok"], false, "{name}");
        }
    }
}

#[test]
fn the_typed_readings_match_the_answer() {
    let (_, request, now) = cases()
        .into_iter()
        .find(|c| c.0 == "case 0 Some(\"rate(1m)\")")
        .unwrap();
    let start = ms(&now);
    let opts = options(&now, vec![]);
    let whole = Simulated::new(&request, None, &iso(start + 7_200_000), &opts).unwrap();
    for until in [start, start + 61_500, start + 200_000, start + 7_200_000] {
        let answer = whole.answer_at(until, RunDetail::Full);
        assert_eq!(
            serde_json::to_value(whole.fires_until(until)).unwrap(),
            answer["fires"]
        );
        let responses = whole.responses_at(until);
        assert_eq!(responses.overall, answer["overall"]);
        assert_eq!(
            responses.describe_invocations,
            answer["DescribeInvocations"]
        );
        for (i, (id, name)) in whole.instances().enumerate() {
            let inst = &answer["instances"][i];
            assert_eq!(
                (json!(id), json!(name)),
                (inst["InstanceId"].clone(), inst["InstanceName"].clone())
            );
            assert_eq!(json!(whole.status_at(i, until)), inst["status"]);
            let runs: Vec<_> = whole.runs_at(i, until).collect();
            assert_eq!(whole.run_count_at(i, until), runs.len());
            assert_eq!(runs.len(), inst["runs"].as_array().unwrap().len());
            match whole.last_outcome_at(i, until) {
                None => assert!(runs.is_empty()),
                Some((exit, code)) => {
                    let last = inst["runs"].as_array().unwrap().last().unwrap();
                    assert_eq!(json!(exit), last["exitCode"]);
                    assert_eq!(json!(code), last["errorCode"]);
                }
            }
        }
    }
    // Instants outside the simulated span are refused, never guessed.
    assert_eq!(whole.answer_at(start - 1, RunDetail::Lean)["ok"], false);
    assert_eq!(
        whole.answer_at(start + 7_200_001, RunDetail::Full)["ok"],
        false
    );
    assert!(whole.run_at(0, 10_000, start + 7_200_000).is_none());
    assert_eq!(whole.status_at(99, start), None);
}

#[test]
fn the_cli_prints_the_lean_answer_with_lean() {
    let (_, request, now) = cases().into_iter().nth(1).unwrap();
    let until = iso(ms(&now) + 120_000);
    let args: Vec<String> = ["simulate", "--now", &now, "--until", &until, "--lean"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let input = request.to_string();
    let out = runcommand_playground::cli::run(&args, &mut || input.clone());
    let opts = SimulateOptions {
        now: now.clone(),
        ..Default::default()
    };
    let expected = api::simulate_as(&request, None, &until, &opts, RunDetail::Lean);
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(printed, expected);
}
