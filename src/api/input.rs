//! Reading the facade's inputs: the request, the world and times.

use serde_json::Value;

use super::error::{InputError, TimeError};
use crate::sim::request::RunCommandRequest;
use crate::sim::time::{format_rfc3339_ms, parse_rfc3339_ms};
use crate::sim::world::World;

/// A JSON object of `pairs`, moving each value in. (`json!` serializes every `Value` it is
/// given into a new one, a deep copy: costly for the facade's large answers.)
/// One non-generic function (a `Vec`, not an array per length), so the wasm holds it once.
pub(crate) fn object(pairs: Vec<(&str, Value)>) -> Value {
    let mut map = serde_json::Map::new();
    for (key, value) in pairs {
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

/// The request, read.
pub(crate) fn request(value: &Value) -> Result<RunCommandRequest, InputError> {
    if !value.is_object() {
        return Err(InputError::RequestNotObject);
    }
    RunCommandRequest::from_json_value(value).map_err(|e| InputError::Request(e.to_string()))
}

/// The world (the embedded default for `None`), read and checked.
pub fn world(value: Option<&Value>) -> Result<World, InputError> {
    match value {
        None | Some(Value::Null) => Ok(World::default_world()),
        Some(v) => World::from_value(v).map_err(|e| InputError::World(e.to_string())),
    }
}

/// The request and an already read world: the request's error first, as everywhere in the
/// facade.
pub(crate) fn parsed<'w>(
    request: &Value,
    world: &'w Result<World, InputError>,
) -> Result<(RunCommandRequest, &'w World), InputError> {
    let request = self::request(request)?;
    let world = world.as_ref().map_err(InputError::clone)?;
    Ok((request, world))
}

/// [`world`] from its JSON text, read once (the JavaScript API gets the text of a JS object:
/// reading it as a value first would parse and write the world twice more).
pub(crate) fn world_text(text: Option<&str>) -> Result<World, InputError> {
    match text {
        None => Ok(World::default_world()),
        Some(text) => World::from_json(text).map_err(|e| InputError::World(e.to_string())),
    }
}

/// An RFC 3339 time as ms since the epoch; `name` names the argument in the error.
pub fn time_ms(text: &str, name: &'static str) -> Result<i64, TimeError> {
    parse_rfc3339_ms(text.trim()).map_err(|e| TimeError {
        name,
        text: text.to_string(),
        reason: e.to_string(),
    })
}

/// ISO-8601 UTC with `Z` (`.mmm` only when not a whole second).
pub fn iso(ms: i64) -> String {
    format_rfc3339_ms(ms)
}
