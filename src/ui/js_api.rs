//! The JavaScript API, exported with wasm-bindgen: `window.wasmBindings.<name>` in the served
//! app, and the module's exports for `static/embed.js`. Plain JS objects in and out; the answers
//! are those of [`crate::api`], so they equal the CLI's.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::api;
use crate::api::error::InputError;
use crate::sim::world::World;

fn from_js(value: &JsValue) -> Value {
    if value.is_undefined() || value.is_null() {
        return Value::Null;
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| serde_json::from_str(&String::from(s)).ok())
        .unwrap_or(Value::Null)
}

fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// The world argument, read straight from its JSON text: a JS object is a world, anything
/// else (`undefined`, `null`, …) the default world.
fn world_of(world: &JsValue) -> Result<World, InputError> {
    let text = if world.is_undefined() || world.is_null() {
        None
    } else {
        js_sys::JSON::stringify(world).ok().map(String::from)
    };
    api::input::world_text(text.as_deref().filter(|t| t.starts_with('{')))
}

/// `validate(request, world?)`: the API's answer and every problem.
#[wasm_bindgen]
pub fn validate(request: JsValue, world: JsValue) -> JsValue {
    to_js(&api::validate_in(&from_js(&request), &world_of(&world)))
}

/// `render(request, world?)`: the per-instance rendered scripts.
#[wasm_bindgen]
pub fn render(request: JsValue, world: JsValue) -> JsValue {
    to_js(&api::render_in(&from_js(&request), &world_of(&world)))
}

/// `nextFires(frequency, startIso, count, localZone?)`: fires as the agent computes them.
#[wasm_bindgen(js_name = nextFires)]
pub fn next_fires(
    frequency: &str,
    start_iso: &str,
    count: u32,
    local_zone: Option<String>,
) -> JsValue {
    to_js(&api::next_fires(
        frequency,
        start_iso,
        count as usize,
        local_zone.as_deref(),
    ))
}

/// The RunCommand call's instant: `now_iso`, or the browser's clock.
fn now_or_clock(now_iso: Option<String>) -> String {
    now_iso.unwrap_or_else(|| {
        let iso: String = js_sys::Date::new_0().to_iso_string().into();
        iso
    })
}

/// The options object of `simulate`/`simulateRun`: `{lean?: boolean, events?: [...],
/// seed?: number}` (anything else is ignored).
fn simulate_options(now: String, options: &JsValue) -> (api::SimulateOptions, api::RunDetail) {
    let options = from_js(options);
    let detail = if options["lean"].as_bool() == Some(true) {
        api::RunDetail::Lean
    } else {
        api::RunDetail::Full
    };
    let options = api::SimulateOptions {
        now,
        events: options["events"].as_array().cloned().unwrap_or_default(),
        seed: options["seed"].as_u64().unwrap_or(0),
    };
    (options, detail)
}

/// `evaluate(request, world?, nowIso?, count?)`: what the playground computes per edit,
/// `{validation, rendered, schedule}` with `count` fires (50 by default).
#[wasm_bindgen]
pub fn evaluate(
    request: JsValue,
    world: JsValue,
    now_iso: Option<String>,
    count: Option<u32>,
) -> JsValue {
    to_js(&api::evaluate_in(
        &from_js(&request),
        &world_of(&world),
        &now_or_clock(now_iso),
        count.map_or(50, |c| c as usize),
    ))
}

/// `simulate(request, untilIso, world?, nowIso?, options?)`: the simulated executions until
/// `untilIso`; `options.lean` gives lean runs (`{startMs, endMs, status, exitCode, stopMs}`).
#[wasm_bindgen]
pub fn simulate(
    request: JsValue,
    until_iso: &str,
    world: JsValue,
    now_iso: Option<String>,
    options: JsValue,
) -> JsValue {
    let (options, detail) = simulate_options(now_or_clock(now_iso), &options);
    let text = api::simulate_text_in(
        &from_js(&request),
        &world_of(&world),
        until_iso,
        &options,
        detail,
    );
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

/// `simulateRun(request, untilIso, world, nowIso, instance, run, options?)`: one run with
/// every field (`instances[instance].runs[run]` of the full answer, both from 0).
#[wasm_bindgen(js_name = simulateRun)]
pub fn simulate_run(
    request: JsValue,
    until_iso: &str,
    world: JsValue,
    now_iso: Option<String>,
    instance: u32,
    run: u32,
    options: JsValue,
) -> JsValue {
    let (options, _) = simulate_options(now_or_clock(now_iso), &options);
    to_js(&api::simulate_run_in(
        &from_js(&request),
        &world_of(&world),
        until_iso,
        &options,
        instance as usize,
        run as usize,
    ))
}

/// `mountWidget(element, panels, request?)`: mounts an independent playground widget.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(element: web_sys::Element, panels: &str, request: JsValue) {
    let request = Some(from_js(&request)).filter(Value::is_object);
    super::mount_widget(element, panels, request);
}

/// `defaultWorld()`: the embedded default world, as world JSON (a starting point for custom ones).
#[wasm_bindgen(js_name = defaultWorld)]
pub fn default_world() -> JsValue {
    to_js(&api::default_world())
}
