//! A request read and validated once, handed from the evaluation of an edit to the simulations
//! of the same request and world (the playground's Executions tab), so that they neither read
//! nor validate it again.

use serde_json::Value;

use super::error::InputError;
use super::input;
use crate::sim::error::ApiError;
use crate::sim::validate::{self, Usage, ValidatedRequest};
use crate::sim::world::World;

/// A request read and validated against one world (the one a simulation of it must be given).
#[derive(Debug)]
pub struct Checked(Outcome);

#[derive(Debug)]
enum Outcome {
    /// The request or the world could not be read: an error that comes before any other.
    Unreadable(InputError),
    /// Read: the validated request, or the API's error (answered after the simulation's own
    /// input errors, such as a bad `until`).
    Read(Box<Result<ValidatedRequest, ApiError>>),
}

impl Checked {
    /// Reads `request` and validates it against `world`, as a simulation does.
    pub fn new(request: &Value, world: &Result<World, InputError>) -> Self {
        match input::parsed(request, world) {
            Err(e) => Self::unreadable(e),
            Ok((request, world)) => {
                Self::read(validate::validate(&request, world, &Usage::default()))
            }
        }
    }

    /// Input that could not be read.
    pub(crate) fn unreadable(error: InputError) -> Self {
        Self(Outcome::Unreadable(error))
    }

    /// A request that was read, with the outcome of its validation.
    pub(crate) fn read(validated: Result<ValidatedRequest, ApiError>) -> Self {
        Self(Outcome::Read(Box::new(validated)))
    }

    /// The outcome of validation, or the error of unreadable input.
    pub(crate) fn validated(&self) -> Result<Result<&ValidatedRequest, &ApiError>, &InputError> {
        match &self.0 {
            Outcome::Unreadable(e) => Err(e),
            Outcome::Read(validated) => Ok((**validated).as_ref()),
        }
    }
}
