//! Reading the facade's inputs (request, world, times) and writing its error answers.

use serde_json::{json, Value};

use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::ids::IdGenerator;
use crate::sim::request::RunCommandRequest;
use crate::sim::time::{format_rfc3339_ms, parse_rfc3339_ms};
use crate::sim::world::World;

/// The seed of the ids the facade draws (the CLI's default `--seed 0`, so both agree).
pub const FACADE_SEED: u64 = 0;

/// An `ApiErrorBody`: `{"HttpStatus", "RequestId", "HostId", "Code", "Message", "Recommend"}`.
pub fn error_body(error: &ApiError) -> Value {
    let request_id = IdGenerator::new(FACADE_SEED).request_id();
    let mut body = serde_json::to_value(error.body(&request_id)).unwrap_or_else(|_| json!({}));
    if let Some(map) = body.as_object_mut() {
        map.insert("HttpStatus".into(), Value::from(error.http_status()));
    }
    body
}

/// A JSON object of `pairs`, moving each value in. (`json!` serializes every `Value` it is
/// given into a new one, a deep copy: costly for the facade's large answers.)
/// One non-generic function (a `Vec`, not an array per length), so the wasm holds it once.
pub fn object(pairs: Vec<(&str, Value)>) -> Value {
    let mut map = serde_json::Map::new();
    for (key, value) in pairs {
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

/// `{"ok": false, "error": ApiErrorBody}`.
pub fn failure(error: &ApiError) -> Value {
    object(vec![("ok", false.into()), ("error", error_body(error))])
}

/// `{"ok": false, "error": …}` for input the playground cannot read.
pub fn malformed(what: &str) -> Value {
    failure(&ApiError::with_detail(ApiErrorCode::MalformedInput, what))
}

/// The request, or the facade's error answer.
pub fn request(value: &Value) -> Result<RunCommandRequest, Value> {
    if !value.is_object() {
        return Err(malformed("the request must be a JSON object"));
    }
    RunCommandRequest::from_json_value(value)
        .map_err(|e| malformed(&format!("the request does not parse: {e}")))
}

/// The world (the embedded default for `None`), or the facade's error answer.
pub fn world(value: Option<&Value>) -> Result<World, Value> {
    match value {
        None | Some(Value::Null) => Ok(World::default_world()),
        Some(v) => World::from_value(v).map_err(|e| malformed(&e.to_string())),
    }
}

/// The request and an already read world, or the facade's error answer: the request's error
/// first, as everywhere in the facade.
pub fn parsed<'w>(
    request: &Value,
    world: &'w Result<World, Value>,
) -> Result<(RunCommandRequest, &'w World), Value> {
    let request = self::request(request)?;
    let world = world.as_ref().map_err(Value::clone)?;
    Ok((request, world))
}

/// [`world`] from its JSON text, read once (the JavaScript API gets the text of a JS object:
/// reading it as a value first would parse and write the world twice more).
pub fn world_text(text: Option<&str>) -> Result<World, Value> {
    match text {
        None => Ok(World::default_world()),
        Some(text) => World::from_json(text).map_err(|e| malformed(&e.to_string())),
    }
}

/// An RFC 3339 time as ms since the epoch, or a message.
pub fn time_ms(text: &str, name: &str) -> Result<i64, String> {
    parse_rfc3339_ms(text.trim())
        .map_err(|e| format!("{name} `{text}` is not an RFC 3339 time: {e}"))
}

/// ISO-8601 UTC with `Z` (`.mmm` only when not a whole second).
pub fn iso(ms: i64) -> String {
    format_rfc3339_ms(ms)
}
