//! `api::run_columns` (behind the JS `timelineRuns`) holds the runs of the lean simulation
//! answer, column by column: rebuilt into runs it is that answer.

use runcommand_playground::api::presets;
use runcommand_playground::api::{self, input, RunColumns, RunDetail, SimulateOptions};
use serde_json::{json, Map, Value};

const DEFAULT_NOW: &str = "2026-11-27T12:00:00Z";

fn later(now: &str, hours: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(now).unwrap() + chrono::Duration::hours(hours);
    t.to_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn or_null(value: f64) -> Value {
    if value.is_nan() {
        Value::Null
    } else {
        json!(value as i64)
    }
}

/// The lean answer the columns stand for.
fn as_lean_answer(columns: &RunColumns) -> Value {
    let mut answer = columns.head.clone();
    let mut instances = answer["instances"].as_array().cloned().unwrap_or_default();
    for (i, instance) in instances.iter_mut().enumerate() {
        let runs: Vec<Value> = (0..columns.instance.len())
            .filter(|r| columns.instance[*r] as usize == i)
            .map(|r| {
                let mut run = Map::new();
                run.insert("startMs".into(), or_null(columns.start_ms[r]));
                run.insert("endMs".into(), or_null(columns.end_ms[r]));
                run.insert("exitCode".into(), or_null(columns.exit_code[r]));
                run.insert("stopMs".into(), or_null(columns.stop_ms[r]));
                run.insert(
                    "status".into(),
                    json!(columns.statuses[usize::from(columns.status[r])]),
                );
                Value::Object(run)
            })
            .collect();
        instance["runs"] = Value::Array(runs);
    }
    answer.insert("instances".into(), Value::Array(instances));
    Value::Object(answer)
}

#[test]
fn the_columns_are_the_runs_of_the_lean_answer() {
    let mut runs = 0;
    for preset in presets::all() {
        let now = preset.now.unwrap_or(DEFAULT_NOW);
        let options = SimulateOptions {
            now: now.to_string(),
            ..Default::default()
        };
        for hours in [1, 30] {
            let until = later(now, hours);
            let lean = api::simulate_as(&preset.request, None, &until, &options, RunDetail::Lean);
            let world = input::world(None);
            match api::run_columns(&preset.request, &world, &until, &options) {
                Ok(columns) => {
                    let n = columns.instance.len();
                    for column in [
                        &columns.start_ms,
                        &columns.end_ms,
                        &columns.exit_code,
                        &columns.stop_ms,
                    ] {
                        assert_eq!(column.len(), n, "{}", preset.id);
                    }
                    assert_eq!(columns.status.len(), n, "{}", preset.id);
                    runs += n;
                    assert_eq!(
                        as_lean_answer(&columns),
                        lean,
                        "{} until {until}",
                        preset.id
                    );
                }
                Err(error) => assert_eq!(error, lean, "{}", preset.id),
            }
        }
    }
    assert!(runs > 100, "the presets run: {runs} runs");
}

#[test]
fn a_bad_request_or_instant_is_the_same_error_answer() {
    let request = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                         "CommandContent": "echo hi", "InstanceId": ["i-bp1a00000000000001"]});
    let options = SimulateOptions {
        now: DEFAULT_NOW.to_string(),
        ..Default::default()
    };
    let world = input::world(None);
    for (request, until) in [
        (request.clone(), "not a time"),
        (request.clone(), "2026-11-27T11:00:00Z"),
        (json!({"Type": "RunShellScript"}), "2026-11-27T13:00:00Z"),
    ] {
        let lean = api::simulate_as(&request, None, until, &options, RunDetail::Lean);
        let error = api::run_columns(&request, &world, until, &options).unwrap_err();
        assert_eq!(error, lean, "{until}");
        assert_eq!(error["ok"], false);
    }
}
