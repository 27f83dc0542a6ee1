//! A request read and validated once, handed from the evaluation of an edit to the simulations
//! of the same request and world (the playground's Executions tab), so that they neither read
//! nor validate it again.

use serde_json::Value;

use super::input;
use crate::sim::error::ApiError;
use crate::sim::validate::{self, Usage, ValidatedRequest};
use crate::sim::world::World;

/// A request read and validated against one world (the one a simulation of it must be given).
#[derive(Debug)]
pub struct Checked(Outcome);

#[derive(Debug)]
enum Outcome {
    /// The request or the world could not be read: the facade's answer, which comes before any
    /// other error.
    Unreadable(Value),
    /// Read: the validated request, or the API's error (answered after the simulation's own
    /// input errors, such as a bad `until`).
    Read(Box<Result<ValidatedRequest, ApiError>>),
}

impl Checked {
    /// Reads `request` and validates it against `world`, as a simulation does.
    pub fn new(request: &Value, world: &Result<World, Value>) -> Self {
        match input::parsed(request, world) {
            Err(answer) => Self::unreadable(answer),
            Ok((request, world)) => {
                Self::read(validate::validate(&request, world, &Usage::default()))
            }
        }
    }

    /// Input that could not be read, with the facade's answer for it.
    pub(crate) fn unreadable(answer: Value) -> Self {
        Self(Outcome::Unreadable(answer))
    }

    /// A request that was read, with the outcome of its validation.
    pub(crate) fn read(validated: Result<ValidatedRequest, ApiError>) -> Self {
        Self(Outcome::Read(Box::new(validated)))
    }

    /// The outcome of validation, or the answer for unreadable input.
    pub(crate) fn validated(&self) -> Result<Result<&ValidatedRequest, &ApiError>, &Value> {
        match &self.0 {
            Outcome::Unreadable(answer) => Err(answer),
            Outcome::Read(validated) => Ok((**validated).as_ref()),
        }
    }
}
