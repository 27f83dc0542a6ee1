//! The result of evaluating the current request through the JSON API (`crate::api`): the UI
//! computes nothing itself.

use std::rc::Rc;

use serde_json::Value;

use crate::api;
use crate::api::error::InputError;
use crate::sim::world::World;

/// A large value shared between renders and props, compared by identity: a new value is a new
/// `Rc`, and comparing a 100-instance world or 144 000 runs on every render would cost more
/// than the render.
#[derive(Debug)]
pub(crate) struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The world as read once per world edit by `api::input::world`.
#[cfg(not(feature = "framed-executions"))]
pub(crate) type ReadWorld = Shared<Result<World, InputError>>;

/// How many fires the schedule panel lists.
pub(crate) const FIRES_SHOWN: usize = 50;

/// Validation, rendering and schedule of one request (the executions are simulated by their
/// panel, since they also depend on playback).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Evaluation {
    /// `api::validate`, with `targets` null (the page shows the fleet from the world).
    pub(crate) validation: Value,
    /// `api::render`, or `null` when the Rendered panel is not shown.
    pub(crate) rendered: Value,
    /// `api::schedule`.
    pub(crate) schedule: Value,
}

impl Evaluation {
    /// Evaluates `request` against a world read once ([`ReadWorld`]) at `now` (RFC 3339);
    /// the scripts are rendered only `with_rendered`. Also gives the request as read and
    /// validated, for the Executions tab's simulations of the same edit.
    pub(crate) fn of(
        request: &Value,
        world: &Result<World, InputError>,
        now: &str,
        with_rendered: bool,
    ) -> (Self, api::Checked) {
        let parts = api::EvaluationParts {
            rendered: with_rendered,
            targets: false,
        };
        let (mut all, checked) = api::evaluate_checked(request, world, now, FIRES_SHOWN, parts);
        let evaluation = Self {
            validation: all["validation"].take(),
            rendered: all["rendered"].take(),
            schedule: all["schedule"].take(),
        };
        (evaluation, checked)
    }

    /// The problems for one field (`Tag` matches `Tag.2.Key` too).
    pub(crate) fn problems_for(&self, key: &str) -> Vec<&Value> {
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
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
