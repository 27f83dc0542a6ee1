//! [`super::run_columns`]: the lean simulation's runs as columns (one entry per run, all
//! instances one after the other), for charts of many runs: the JavaScript API turns each
//! column into a typed array (`timelineRuns`).

use serde_json::{Map, Value};

use super::error::InputError;
use super::{SimulateOptions, Simulated};
use crate::sim::world::World;

/// The runs of a simulation as columns; times and codes not known are `NaN`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunColumns {
    /// Every key of the lean answer but `instances`, and `instances` without their `runs`.
    pub head: Map<String, Value>,
    /// The index of each run's instance in `instances`.
    pub instance: Vec<u32>,
    /// When each run started (ms).
    pub start_ms: Vec<f64>,
    /// When each run ended (ms).
    pub end_ms: Vec<f64>,
    /// Each run's exit code.
    pub exit_code: Vec<f64>,
    /// When StopInvocation reached each run (ms).
    pub stop_ms: Vec<f64>,
    /// Each run's status, as an index into `statuses`.
    pub status: Vec<u8>,
    /// The statuses, in the order they first appear.
    pub statuses: Vec<&'static str>,
}

fn or_nan(value: Option<i64>) -> f64 {
    // Epoch milliseconds and exit codes are far below 2^53: exact as f64.
    value.map_or(f64::NAN, |v| v as f64)
}

/// The runs of [`super::simulate`]'s lean answer for the same inputs, as [`RunColumns`]; or
/// the same error answer.
pub fn run_columns(
    request: &Value,
    world: &Result<World, InputError>,
    until: &str,
    options: &SimulateOptions,
) -> Result<RunColumns, Value> {
    let simulated = Simulated::in_world(request, world, until, options).map_err(|e| e.answer())?;
    let until_ms = simulated.horizon_ms();
    let mut head = simulated.head_at(until_ms);
    let mut columns = RunColumns {
        head: Map::new(),
        instance: Vec::new(),
        start_ms: Vec::new(),
        end_ms: Vec::new(),
        exit_code: Vec::new(),
        stop_ms: Vec::new(),
        status: Vec::new(),
        statuses: Vec::new(),
    };
    let mut instances = Vec::new();
    for (index, (id, name)) in simulated.instances().enumerate() {
        let mut instance = Map::new();
        instance.insert("InstanceId".into(), id.into());
        instance.insert("InstanceName".into(), name.into());
        instance.insert(
            "skippedFiresMs".into(),
            simulated.skipped_fires_at(index, until_ms).into(),
        );
        instance.insert("status".into(), simulated.status_at(index, until_ms).into());
        instances.push(Value::Object(instance));
        let number = u32::try_from(index).unwrap_or(u32::MAX);
        for run in simulated.runs_at(index, until_ms) {
            let status = match columns.statuses.iter().position(|s| *s == run.status) {
                Some(i) => i,
                None => {
                    columns.statuses.push(run.status);
                    columns.statuses.len() - 1
                }
            };
            columns.instance.push(number);
            columns.start_ms.push(or_nan(run.start_ms));
            columns.end_ms.push(or_nan(run.end_ms));
            columns.exit_code.push(or_nan(run.exit_code));
            columns.stop_ms.push(or_nan(run.stop_ms));
            columns.status.push(u8::try_from(status).unwrap_or(u8::MAX));
        }
    }
    head.insert("instances".into(), Value::Array(instances));
    columns.head = head;
    Ok(columns)
}
