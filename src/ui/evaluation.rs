//! The result of evaluating the current request through the JSON API (`crate::api`): the UI
//! computes nothing itself.

use serde_json::Value;

use crate::api;
use crate::sim::world::World;

/// The world JSON (None = the default world) read once, for [`Evaluation::of`]: the app keeps
/// it until the world changes.
pub fn read_world(world: Option<&Value>) -> Result<World, Value> {
    api::input::world(world)
}

/// How many fires the schedule panel lists.
pub const FIRES_SHOWN: usize = 50;

/// Validation, rendering and schedule of one request (the executions are simulated by their
/// panel, since they also depend on playback).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// `api::validate`.
    pub validation: Value,
    /// `api::render`.
    pub rendered: Value,
    /// `api::schedule`.
    pub schedule: Value,
}

impl Evaluation {
    /// Evaluates `request` against a world read by [`read_world`] at `now` (RFC 3339).
    pub fn of(request: &Value, world: &Result<World, Value>, now: &str) -> Self {
        let mut all = api::evaluate_in(request, world, now, FIRES_SHOWN);
        Self {
            validation: all["validation"].take(),
            rendered: all["rendered"].take(),
            schedule: all["schedule"].take(),
        }
    }

    /// The problems for one field (`Tag` matches `Tag.2.Key` too).
    pub fn problems_for(&self, key: &str) -> Vec<&Value> {
        self.validation["problems"]
            .as_array()
            .map(|problems| {
                problems
                    .iter()
                    .filter(|p| {
                        let field = p["field"].as_str().unwrap_or_default();
                        field == key
                            || field
                                .strip_prefix(key)
                                .is_some_and(|rest| rest.starts_with('.'))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Text of a JSON value for display (strings without quotes).
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
