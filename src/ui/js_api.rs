//! The JavaScript API, exported with wasm-bindgen: `window.wasmBindings.<name>` in the served
//! app, and the module's exports for `static/embed.js`. Plain JS objects in and out; the answers
//! are those of [`crate::api`], so they equal the CLI's.
//!
//! Every argument arrives as a `JsValue` and is checked here: a missing or wrong argument is
//! answered with `{ok: false, code, message}` ([`ArgError`]), never thrown.

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::api::error::InputError;
use crate::sim::world::World;

use super::embed_options::EmbedOptions;

mod typed;

use typed::float64_array;
pub use typed::timeline_runs;

/// The most fires `nextFires` and `evaluate` list (their `count` is 1 to this).
pub const MAX_FIRES: u32 = 10_000;

/// A wrong argument of a JS API function.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgError {
    /// A required argument is `undefined` or `null`.
    Missing {
        /// The function and argument, e.g. `nextFires(frequency)`.
        arg: &'static str,
    },
    /// An argument of the wrong type.
    WrongType {
        /// The function and argument.
        arg: &'static str,
        /// What it must be.
        expected: &'static str,
        /// What was given (`typeof`, or `array` / `null`).
        got: String,
    },
    /// A number outside its range, or not a whole number.
    OutOfRange {
        /// The function and argument.
        arg: &'static str,
        /// The number given.
        value: f64,
        /// The smallest allowed.
        min: f64,
        /// The largest allowed.
        max: f64,
    },
    /// An object that JSON cannot write (a cycle, a BigInt).
    Unreadable {
        /// The function and argument.
        arg: &'static str,
    },
}

impl ArgError {
    /// The answer's `code`.
    pub fn code(&self) -> &'static str {
        match self {
            ArgError::Missing { .. } => "MissingArgument",
            ArgError::WrongType { .. } => "InvalidArgumentType",
            ArgError::OutOfRange { .. } => "ArgumentOutOfRange",
            ArgError::Unreadable { .. } => "UnreadableArgument",
        }
    }

    /// `{ok: false, code, message}`.
    fn answer(&self) -> JsValue {
        to_js(&serde_json::json!({"ok": false, "code": self.code(), "message": self.to_string()}))
    }
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgError::Missing { arg } => write!(f, "{arg} is required"),
            ArgError::WrongType { arg, expected, got } => {
                write!(f, "{arg} must be {expected}, not {got}")
            }
            ArgError::OutOfRange {
                arg,
                value,
                min,
                max,
            } => write!(
                f,
                "{arg} must be a whole number from {min} to {max}, not {value}"
            ),
            ArgError::Unreadable { arg } => {
                write!(f, "{arg} cannot be written as JSON (a cycle or a BigInt?)")
            }
        }
    }
}

/// What a JS value is, in an error message.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if js_sys::Array::is_array(value) {
        "an array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// A plain object argument (not an array, not a function) as JSON text.
fn object_text(value: &JsValue, arg: &'static str) -> Result<String, ArgError> {
    if absent(value) {
        return Err(ArgError::Missing { arg });
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(ArgError::WrongType {
            arg,
            expected: "an object",
            got: type_name(value),
        });
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(ArgError::Unreadable { arg })
}

/// A plain object argument as a JSON value.
fn object(value: &JsValue, arg: &'static str) -> Result<Value, ArgError> {
    let text = object_text(value, arg)?;
    serde_json::from_str(&text).map_err(|_| ArgError::Unreadable { arg })
}

/// An optional object argument (`undefined` / `null`: none).
fn optional_object(value: &JsValue, arg: &'static str) -> Result<Option<Value>, ArgError> {
    if absent(value) {
        return Ok(None);
    }
    object(value, arg).map(Some)
}

/// A string argument.
fn string(value: &JsValue, arg: &'static str) -> Result<String, ArgError> {
    if absent(value) {
        return Err(ArgError::Missing { arg });
    }
    value.as_string().ok_or_else(|| ArgError::WrongType {
        arg,
        expected: "a string",
        got: type_name(value),
    })
}

/// An optional string argument.
fn optional_string(value: &JsValue, arg: &'static str) -> Result<Option<String>, ArgError> {
    if absent(value) {
        return Ok(None);
    }
    string(value, arg).map(Some)
}

/// An optional whole-number argument in `min..=max`.
fn optional_whole(
    value: &JsValue,
    arg: &'static str,
    min: u32,
    max: u32,
) -> Result<Option<u32>, ArgError> {
    if absent(value) {
        return Ok(None);
    }
    let n = value.as_f64().ok_or_else(|| ArgError::WrongType {
        arg,
        expected: "a number",
        got: type_name(value),
    })?;
    if n.fract() != 0.0 || n < f64::from(min) || n > f64::from(max) {
        return Err(ArgError::OutOfRange {
            arg,
            value: n,
            min: f64::from(min),
            max: f64::from(max),
        });
    }
    Ok(Some(n as u32))
}

/// A whole-number argument in `min..=max`.
fn whole(value: &JsValue, arg: &'static str, min: u32, max: u32) -> Result<u32, ArgError> {
    optional_whole(value, arg, min, max)?.ok_or(ArgError::Missing { arg })
}

/// The world argument: `undefined` / `null` is the default world; an object is read from its
/// JSON text (a world that does not read is the facade's answer, not an argument error).
fn world_of(world: &JsValue, arg: &'static str) -> Result<Result<World, InputError>, ArgError> {
    if absent(world) {
        return Ok(api::input::world_text(None));
    }
    let text = object_text(world, arg)?;
    Ok(api::input::world_text(Some(&text)))
}

/// The answer, or the argument error's answer.
fn answer(result: Result<JsValue, ArgError>) -> JsValue {
    result.unwrap_or_else(|e| e.answer())
}

/// `validate(request, world?)`: the API's answer and every problem.
#[wasm_bindgen]
pub fn validate(request: JsValue, world: JsValue) -> JsValue {
    answer((|| {
        let request = object(&request, "validate(request)")?;
        let world = world_of(&world, "validate(world)")?;
        Ok(to_js(&api::validate_in(&request, &world)))
    })())
}

/// `render(request, world?)`: the per-instance rendered scripts.
#[wasm_bindgen]
pub fn render(request: JsValue, world: JsValue) -> JsValue {
    answer((|| {
        let request = object(&request, "render(request)")?;
        let world = world_of(&world, "render(world)")?;
        Ok(to_js(&api::render_in(&request, &world)))
    })())
}

/// `nextFires(frequency, startIso, count, localZone?)`: fires as the agent computes them;
/// `count` is 1 to [`MAX_FIRES`].
#[wasm_bindgen(js_name = nextFires)]
pub fn next_fires(
    frequency: JsValue,
    start_iso: JsValue,
    count: JsValue,
    local_zone: JsValue,
) -> JsValue {
    answer((|| {
        let args = FiresArgs::read(
            [&frequency, &start_iso, &count, &local_zone],
            NEXT_FIRES_ARGS,
        )?;
        Ok(to_js(&api::next_fires(
            &args.frequency,
            &args.start,
            args.count,
            args.zone.as_deref(),
        )))
    })())
}

/// The arguments of `nextFires`, as errors name them.
const NEXT_FIRES_ARGS: [&str; 4] = [
    "nextFires(frequency)",
    "nextFires(startIso)",
    "nextFires(count)",
    "nextFires(localZone)",
];

/// The arguments of `nextFiresMs`, as errors name them.
const NEXT_FIRES_MS_ARGS: [&str; 4] = [
    "nextFiresMs(frequency)",
    "nextFiresMs(startIso)",
    "nextFiresMs(count)",
    "nextFiresMs(localZone)",
];

/// The checked arguments of `nextFires` and `nextFiresMs`.
struct FiresArgs {
    frequency: String,
    start: String,
    count: usize,
    zone: Option<String>,
}

impl FiresArgs {
    /// Reads `(frequency, startIso, count, localZone?)`, named in errors by `names`.
    fn read(values: [&JsValue; 4], names: [&'static str; 4]) -> Result<Self, ArgError> {
        Ok(Self {
            frequency: string(values[0], names[0])?,
            start: string(values[1], names[1])?,
            count: whole(values[2], names[2], 1, MAX_FIRES)? as usize,
            zone: optional_string(values[3], names[3])?,
        })
    }
}

/// `nextFiresMs(frequency, startIso, count, localZone?, options?)`: [`next_fires`] for charts —
/// the same answer with `fires`, a `Float64Array` of epoch milliseconds, instead of `next` (ISO
/// strings): `{ok: true, fires, warnings, kind, zone, agentExpr, end?}`, or the same error
/// answer. `options.warnings: false` leaves `warnings` out, and with it the documented fires
/// they are computed from (the fires alone are several times faster).
#[wasm_bindgen(js_name = nextFiresMs)]
pub fn next_fires_ms(
    frequency: JsValue,
    start_iso: JsValue,
    count: JsValue,
    local_zone: JsValue,
    options: JsValue,
) -> JsValue {
    answer((|| {
        let args = FiresArgs::read(
            [&frequency, &start_iso, &count, &local_zone],
            NEXT_FIRES_MS_ARGS,
        )?;
        let with_warnings = flag(&options, "warnings", true, "nextFiresMs(options)")?;
        let fires = api::next_fires_ms(
            &args.frequency,
            &args.start,
            args.count,
            args.zone.as_deref(),
            with_warnings,
        );
        Ok(match fires {
            Ok((fires, rest)) => {
                let answer = to_js(&rest);
                let _ = js_sys::Reflect::set(&answer, &"fires".into(), &float64_array(&fires));
                answer
            }
            Err(error) => to_js(&error),
        })
    })())
}

/// A boolean key of an optional options object (`default` when the object or key is absent).
fn flag(options: &JsValue, key: &str, default: bool, arg: &'static str) -> Result<bool, ArgError> {
    if absent(options) {
        return Ok(default);
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(ArgError::WrongType {
            arg,
            expected: "an object",
            got: type_name(options),
        });
    }
    let value = js_sys::Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() {
        return Ok(default);
    }
    value.as_bool().ok_or_else(|| ArgError::WrongType {
        arg,
        expected: "an object whose flags are booleans",
        got: format!("{key}: {}", type_name(&value)),
    })
}

/// The RunCommand call's instant: `now_iso`, or the browser's clock.
fn now_or_clock(now_iso: Option<String>) -> String {
    now_iso.unwrap_or_else(|| {
        let iso: String = js_sys::Date::new_0().to_iso_string().into();
        iso
    })
}

/// The options object of `simulate`/`simulateRun`: `{lean?: boolean, events?: [...],
/// seed?: number}` (other keys are ignored; a known key of the wrong type is an error).
fn simulate_options(
    now: String,
    options: &JsValue,
    arg: &'static str,
) -> Result<(api::SimulateOptions, api::RunDetail), ArgError> {
    let options = optional_object(options, arg)?.unwrap_or(Value::Null);
    let wrong = |expected: &'static str, got: &Value| ArgError::WrongType {
        arg,
        expected,
        got: format!("{got}"),
    };
    let detail = match &options["lean"] {
        Value::Null | Value::Bool(false) => api::RunDetail::Full,
        Value::Bool(true) => api::RunDetail::Lean,
        other => return Err(wrong("an object whose `lean` is a boolean", other)),
    };
    let events = match &options["events"] {
        Value::Null => Vec::new(),
        Value::Array(list) => list.clone(),
        other => return Err(wrong("an object whose `events` is an array", other)),
    };
    let seed = match &options["seed"] {
        Value::Null => 0,
        other => other
            .as_u64()
            .ok_or_else(|| wrong("an object whose `seed` is a whole number ≥ 0", other))?,
    };
    let options = api::SimulateOptions { now, events, seed };
    Ok((options, detail))
}

/// `evaluate(request, world?, nowIso?, count?)`: what the playground computes per edit,
/// `{validation, rendered, schedule}` with `count` fires (50 by default, 1 to [`MAX_FIRES`]).
#[wasm_bindgen]
pub fn evaluate(request: JsValue, world: JsValue, now_iso: JsValue, count: JsValue) -> JsValue {
    answer((|| {
        let request = object(&request, "evaluate(request)")?;
        let world = world_of(&world, "evaluate(world)")?;
        let now = optional_string(&now_iso, "evaluate(nowIso)")?;
        let count = optional_whole(&count, "evaluate(count)", 1, MAX_FIRES)?.unwrap_or(50);
        Ok(to_js(&api::evaluate_in(
            &request,
            &world,
            &now_or_clock(now),
            count as usize,
        )))
    })())
}

/// `simulate(request, untilIso, world?, nowIso?, options?)`: the simulated executions until
/// `untilIso`; `options.lean` gives lean runs (`{startMs, endMs, status, exitCode, stopMs}`).
// The page's own build leaves the engine out (feature `framed-executions`).
#[cfg_attr(not(feature = "framed-executions"), wasm_bindgen)]
pub fn simulate(
    request: JsValue,
    until_iso: JsValue,
    world: JsValue,
    now_iso: JsValue,
    options: JsValue,
) -> JsValue {
    answer((|| {
        let request = object(&request, "simulate(request)")?;
        let until = string(&until_iso, "simulate(untilIso)")?;
        let world = world_of(&world, "simulate(world)")?;
        let now = optional_string(&now_iso, "simulate(nowIso)")?;
        let (options, detail) = simulate_options(now_or_clock(now), &options, "simulate(options)")?;
        let text = api::simulate_text_in(&request, &world, &until, &options, detail);
        Ok(js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL))
    })())
}

/// `simulateRun(request, untilIso, world, nowIso, instance, run, options?)`: one run with
/// every field (`instances[instance].runs[run]` of the full answer, both from 0).
#[cfg_attr(not(feature = "framed-executions"), wasm_bindgen(js_name = simulateRun))]
pub fn simulate_run(
    request: JsValue,
    until_iso: JsValue,
    world: JsValue,
    now_iso: JsValue,
    instance: JsValue,
    run: JsValue,
    options: JsValue,
) -> JsValue {
    answer((|| {
        let request = object(&request, "simulateRun(request)")?;
        let until = string(&until_iso, "simulateRun(untilIso)")?;
        let world = world_of(&world, "simulateRun(world)")?;
        let now = optional_string(&now_iso, "simulateRun(nowIso)")?;
        let instance = whole(&instance, "simulateRun(instance)", 0, u32::MAX)?;
        let run = whole(&run, "simulateRun(run)", 0, u32::MAX)?;
        let (options, _) = simulate_options(now_or_clock(now), &options, "simulateRun(options)")?;
        Ok(to_js(&api::simulate_run_in(
            &request,
            &world,
            &until,
            &options,
            instance as usize,
            run as usize,
        )))
    })())
}

/// The options object of `mountWidget`: `{height?, theme?, now?, fires?, playgroundUrl?}`,
/// each a string or a number as in the `data-*` attributes (a value that does not read keeps
/// its default, as in an iframe's query).
fn widget_options(panels: &str, options: &Value) -> EmbedOptions {
    let text = |key: &str| match &options[key] {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let mut read = EmbedOptions::from_texts(
        Some(panels),
        text("height").as_deref(),
        text("theme").as_deref(),
        text("now").as_deref(),
        text("fires").as_deref(),
    );
    if let Some(url) = options["playgroundUrl"].as_str() {
        read.playground_url = url.to_string();
    }
    read
}

/// `mountWidget(element, panels, request?, options?)`: mounts an independent playground widget
/// (options: [`widget_options`]); `{ok: true}`, or the argument error.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    element: JsValue,
    panels: JsValue,
    request: JsValue,
    options: JsValue,
) -> JsValue {
    answer((|| {
        let got = type_name(&element);
        let element = element
            .dyn_into::<web_sys::Element>()
            .map_err(|_| ArgError::WrongType {
                arg: "mountWidget(element)",
                expected: "a DOM element",
                got,
            })?;
        let panels = string(&panels, "mountWidget(panels)")?;
        let request = optional_object(&request, "mountWidget(request)")?;
        let options = optional_object(&options, "mountWidget(options)")?.unwrap_or(Value::Null);
        super::mount_widget_with(element, widget_options(&panels, &options), request);
        Ok(to_js(&serde_json::json!({"ok": true})))
    })())
}

/// `defaultWorld()`: the embedded default world, as world JSON (a starting point for custom ones).
#[wasm_bindgen(js_name = defaultWorld)]
pub fn default_world() -> JsValue {
    to_js(&api::default_world())
}
