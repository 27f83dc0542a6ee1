//! The typed-array answers of the JavaScript API: what a documentation site charts by the
//! thousand (fires, runs) as `Float64Array`s and friends instead of arrays of objects.

use wasm_bindgen::prelude::*;

use crate::api;

use super::{
    answer, now_or_clock, object, optional_string, simulate_options, string, to_js, world_of,
};

/// Epoch milliseconds as a `Float64Array` (those of RFC 3339 times are below 2^53, so exact).
pub(crate) fn float64_array(ms: &[i64]) -> js_sys::Float64Array {
    let values: Vec<f64> = ms.iter().map(|ms| *ms as f64).collect();
    js_sys::Float64Array::from(values.as_slice())
}

/// Sets `key` on a JS object (an answer built here: the set cannot fail).
fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

/// `timelineRuns(request, untilIso, world?, nowIso?, options?)`: the runs of
/// `simulate(…, {lean: true})` as columns in `runs`, one entry per run with the instances one
/// after the other: `instance` (`Uint32Array`, the index in `instances`), `startMs`, `endMs`,
/// `exitCode`, `stopMs` (`Float64Array`, `NaN` where the lean run has `null`) and `status`
/// (`Uint8Array`, the index in `statuses`). `instances` are the lean answer's without their
/// `runs`; every other key is the lean answer's. Options: `events` and `seed` as in `simulate`.
#[cfg_attr(not(feature = "framed-executions"), wasm_bindgen(js_name = timelineRuns))]
pub fn timeline_runs(
    request: JsValue,
    until_iso: JsValue,
    world: JsValue,
    now_iso: JsValue,
    options: JsValue,
) -> JsValue {
    answer((|| {
        let request = object(&request, "timelineRuns(request)")?;
        let until = string(&until_iso, "timelineRuns(untilIso)")?;
        let world = world_of(&world, "timelineRuns(world)")?;
        let now = optional_string(&now_iso, "timelineRuns(nowIso)")?;
        let (options, _) = simulate_options(now_or_clock(now), &options, "timelineRuns(options)")?;
        let columns = match api::run_columns(&request, &world, &until, &options) {
            Ok(columns) => columns,
            Err(error) => return Ok(to_js(&error)),
        };
        let runs = js_sys::Object::new();
        let column = |key: &str, values: &JsValue| set(&runs, key, values);
        column(
            "instance",
            &js_sys::Uint32Array::from(columns.instance.as_slice()),
        );
        column(
            "startMs",
            &js_sys::Float64Array::from(columns.start_ms.as_slice()),
        );
        column(
            "endMs",
            &js_sys::Float64Array::from(columns.end_ms.as_slice()),
        );
        column(
            "exitCode",
            &js_sys::Float64Array::from(columns.exit_code.as_slice()),
        );
        column(
            "stopMs",
            &js_sys::Float64Array::from(columns.stop_ms.as_slice()),
        );
        column(
            "status",
            &js_sys::Uint8Array::from(columns.status.as_slice()),
        );
        let statuses: js_sys::Array = columns.statuses.iter().map(|s| JsValue::from(*s)).collect();
        column("statuses", &statuses);
        let out = to_js(&serde_json::Value::Object(columns.head));
        set(&out, "runs", &runs);
        Ok(out)
    })())
}
