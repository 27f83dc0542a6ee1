//! The JavaScript API, exported with wasm-bindgen: `window.wasmBindings.<name>` in the served
//! app, and the module's exports for `static/embed.js`. Plain JS objects in and out; the answers
//! are those of [`crate::api`], so they equal the CLI's.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::api;

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

fn world_of(world: &JsValue) -> Option<Value> {
    Some(from_js(world)).filter(|w| w.is_object())
}

/// `validate(request, world?)`: the API's answer and every problem.
#[wasm_bindgen]
pub fn validate(request: JsValue, world: JsValue) -> JsValue {
    to_js(&api::validate(
        &from_js(&request),
        world_of(&world).as_ref(),
    ))
}

/// `render(request, world?)`: the per-instance rendered scripts.
#[wasm_bindgen]
pub fn render(request: JsValue, world: JsValue) -> JsValue {
    to_js(&api::render(&from_js(&request), world_of(&world).as_ref()))
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

/// `simulate(request, untilIso, world?, nowIso?)`: the simulated executions until `untilIso`.
#[wasm_bindgen]
pub fn simulate(
    request: JsValue,
    until_iso: &str,
    world: JsValue,
    now_iso: Option<String>,
) -> JsValue {
    let request = from_js(&request);
    let now = now_iso.unwrap_or_else(|| {
        let iso: String = js_sys::Date::new_0().to_iso_string().into();
        iso
    });
    let options = api::SimulateOptions {
        now,
        ..Default::default()
    };
    to_js(&api::simulate(
        &request,
        world_of(&world).as_ref(),
        until_iso,
        &options,
    ))
}

/// `mountWidget(element, panels, request?)`: mounts an independent playground widget.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(element: web_sys::Element, panels: &str, request: JsValue) {
    let request = Some(from_js(&request)).filter(Value::is_object);
    super::embed::mount_widget(element, panels, request);
}

/// `defaultWorld()`: the embedded default world, as world JSON (a starting point for custom ones).
#[wasm_bindgen(js_name = defaultWorld)]
pub fn default_world() -> JsValue {
    to_js(&api::default_world())
}
