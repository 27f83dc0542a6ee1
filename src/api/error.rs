//! The facade's errors and the answers it writes for them: input it cannot read
//! ([`InputError`], answered as the `MalformedInput` API error with its text as detail) and
//! the API's own errors ([`ApiError`]), together a [`Failure`].

use std::fmt;

use serde_json::{json, Value};

use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::ids::IdGenerator;

/// The seed of the ids the facade draws (the CLI's default `--seed 0`, so both agree).
pub(crate) const FACADE_SEED: u64 = 0;

/// A time argument that is not an RFC 3339 time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    /// The argument (`now`, `until`, `start`, `event at`).
    pub name: &'static str,
    /// Its text.
    pub text: String,
    /// What the parser found.
    pub reason: String,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { name, text, reason } = self;
        write!(f, "{name} `{text}` is not an RFC 3339 time: {reason}")
    }
}

/// A user event of the simulation options that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventError {
    /// No `at` text.
    MissingAt,
    /// `at` is not an RFC 3339 time.
    At(TimeError),
    /// The `InstanceId` list of a `StopInvocation` does not read (the reader's message).
    Instances(String),
    /// A `RebootInstance` without its `InstanceId`.
    MissingInstanceId,
    /// An `action` that is neither `StopInvocation` nor `RebootInstance` (as given).
    UnknownAction(String),
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingAt => f.write_str("an event needs \"at\" (RFC 3339)"),
            Self::At(e) => e.fmt(f),
            Self::Instances(message) => f.write_str(message),
            Self::MissingInstanceId => f.write_str("RebootInstance needs \"InstanceId\""),
            Self::UnknownAction(action) => write!(
                f,
                "unknown event action {action:?}: expected StopInvocation or RebootInstance"
            ),
        }
    }
}

/// Input the facade cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The request is not a JSON object.
    RequestNotObject,
    /// The request does not read (a field of the wrong type, …): the reader's message.
    Request(String),
    /// The world does not read or check: the reader's message.
    World(String),
    /// A time argument is not RFC 3339.
    Time(TimeError),
    /// `until` is before `now`.
    UntilBeforeNow,
    /// `until` is after the end of the span a simulation was run for.
    AfterSpan,
    /// `until` is more days after `now` than a simulation covers (the limit, days).
    SpanTooLong(i64),
    /// The span holds more runs than a simulation makes.
    TooManyRuns {
        /// The runs scheduled until `until`.
        runs: usize,
        /// The most runs a simulation makes.
        limit: usize,
    },
    /// An event of the options (its index) cannot be read.
    Event(usize, EventError),
    /// The answer has no such run at `until` (instance, run; both from 0).
    NoSuchRun {
        /// The instance's index in the answer.
        instance: usize,
        /// The run's index on that instance.
        run: usize,
    },
    /// An answer could not be written as JSON (serde's message).
    Write(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RequestNotObject => f.write_str("the request must be a JSON object"),
            Self::Request(message) => write!(f, "the request does not parse: {message}"),
            Self::World(message) | Self::Write(message) => f.write_str(message),
            Self::Time(e) => e.fmt(f),
            Self::UntilBeforeNow => f.write_str("until is before now"),
            Self::AfterSpan => f.write_str("until is after the end of the simulated span"),
            Self::SpanTooLong(days) => write!(f, "the simulated span is limited to {days} days"),
            Self::TooManyRuns { runs, limit } => write!(
                f,
                "{runs} scheduled runs until `until` (more than {limit}): simulate a shorter span"
            ),
            Self::Event(index, e) => write!(f, "events[{index}]: {e}"),
            Self::NoSuchRun { instance, run } => write!(
                f,
                "no run {run} on instance {instance} at `until` (both count from 0)"
            ),
        }
    }
}

impl std::error::Error for InputError {}

impl From<TimeError> for InputError {
    fn from(e: TimeError) -> Self {
        Self::Time(e)
    }
}

impl InputError {
    /// The API error the facade answers for it: `MalformedInput` with this text as detail.
    pub(crate) fn api_error(&self) -> ApiError {
        ApiError::with_detail(ApiErrorCode::MalformedInput, &self.to_string())
    }

    /// `{"ok": false, "error": ApiErrorBody}`.
    pub(crate) fn answer(&self) -> Value {
        failure(&self.api_error())
    }
}

/// Why the facade answers `{"ok": false, "error": ApiErrorBody}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Input it cannot read.
    Input(InputError),
    /// The API refuses the request.
    Api(ApiError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(e) => e.fmt(f),
            Self::Api(e) => write!(f, "{}: {}", e.code.code(), e.message),
        }
    }
}

impl std::error::Error for Failure {}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Self::Input(e)
    }
}

impl From<TimeError> for Failure {
    fn from(e: TimeError) -> Self {
        Self::Input(e.into())
    }
}

impl Failure {
    /// `{"ok": false, "error": ApiErrorBody}`.
    pub fn answer(&self) -> Value {
        match self {
            Self::Input(e) => e.answer(),
            Self::Api(e) => failure(e),
        }
    }
}

/// Why [`super::next_fires`] lists no fire before asking the agent: answered as
/// `{"ok": false, "code", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FiresError {
    /// `start` is not an RFC 3339 time (`InvalidStart`).
    Start(TimeError),
    /// The local zone is not an IANA time zone (`InvalidTimeZone`), as given.
    Zone(String),
    /// No `Frequency` (`MissingParam.Frequency`).
    MissingFrequency,
    /// The API refuses the `Frequency`: its error code and why.
    Frequency {
        /// The API's error code (`InvalidParam.Frequency`).
        code: &'static str,
        /// Why, in English.
        reason: String,
    },
}

impl fmt::Display for FiresError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Start(e) => e.fmt(f),
            Self::Zone(name) => write!(f, "`{name}` is not an IANA time zone"),
            Self::MissingFrequency => f.write_str("no Frequency given"),
            Self::Frequency { reason, .. } => f.write_str(reason),
        }
    }
}

impl std::error::Error for FiresError {}

impl FiresError {
    /// The answer's `code`.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::Start(_) => "InvalidStart",
            Self::Zone(_) => "InvalidTimeZone",
            Self::MissingFrequency => "MissingParam.Frequency",
            Self::Frequency { code, .. } => code,
        }
    }

    /// `{"ok": false, "code", "message"}`.
    pub(crate) fn answer(&self) -> Value {
        json!({"ok": false, "code": self.code(), "message": self.to_string()})
    }
}

/// An `ApiErrorBody`: `{"HttpStatus", "RequestId", "HostId", "Code", "Message", "Recommend"}`.
pub(crate) fn error_body(error: &ApiError) -> Value {
    let request_id = IdGenerator::new(FACADE_SEED).request_id();
    let mut body = serde_json::to_value(error.body(&request_id)).unwrap_or_else(|_| json!({}));
    if let Some(map) = body.as_object_mut() {
        map.insert("HttpStatus".into(), Value::from(error.http_status()));
    }
    body
}

/// `{"ok": false, "error": ApiErrorBody}`.
pub(crate) fn failure(error: &ApiError) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("ok".into(), false.into());
    map.insert("error".into(), error_body(error));
    Value::Object(map)
}
