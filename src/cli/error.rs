//! Why a command line, a world file or a session line cannot be used: typed errors whose
//! messages say what was wrong and where.

use std::fmt;

use crate::sim::world::WorldError;

/// A command-line option that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionError {
    /// The option needs a value and none follows it.
    MissingValue(String),
    /// The value is not a number (or not in the option's range).
    NotANumber {
        /// The option, e.g. `--seed`.
        option: String,
        /// What was given.
        value: String,
    },
    /// The `--speed` is not a number ≥ 0.
    NotASpeed(String),
    /// The value is not an RFC 3339 time.
    NotATime {
        /// The option, e.g. `--now`.
        option: String,
        /// What was given.
        value: String,
        /// chrono's reason.
        reason: String,
    },
    /// An access key that is not `ID:SECRET`.
    NotAKey(String),
    /// An option the command does not know.
    Unknown(String),
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingValue(option) => write!(f, "{option} needs a value"),
            Self::NotANumber { option, value } => write!(f, "{option} `{value}` is not a number"),
            Self::NotASpeed(value) => write!(f, "--speed `{value}` is not a number ≥ 0"),
            Self::NotATime {
                option,
                value,
                reason,
            } => write!(f, "{option} `{value}` is not RFC 3339: {reason}"),
            Self::NotAKey(text) => write!(f, "--access-key `{text}` is not ID:SECRET"),
            Self::Unknown(option) => write!(f, "unknown option `{option}`"),
        }
    }
}

impl std::error::Error for OptionError {}

/// A `--world FILE` that cannot be used.
#[derive(Debug)]
pub enum WorldFileError {
    /// The file cannot be read.
    Unreadable {
        /// The file named.
        file: String,
        /// Why.
        error: std::io::Error,
    },
    /// The file is not a usable world.
    Invalid {
        /// The file named.
        file: String,
        /// What is wrong with it.
        error: WorldError,
    },
}

impl fmt::Display for WorldFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable { file, error } => write!(f, "cannot read {file}: {error}"),
            Self::Invalid { file, error } => write!(f, "{file}: {error}"),
        }
    }
}

impl std::error::Error for WorldFileError {}

/// A session line that is not a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// The line is not UTF-8 (the offset of the first bad byte).
    NotUtf8(usize),
    /// The line is not JSON (serde's reason).
    NotJson(String),
    /// `"at"` is missing or not a string.
    MissingAt,
    /// `"at"` is not an RFC 3339 time.
    BadAt {
        /// What was given.
        at: String,
        /// chrono's reason.
        reason: String,
    },
    /// `"action"` is missing or not a string.
    MissingAction,
    /// `"request"` is not a JSON object.
    RequestNotObject,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8(offset) => write!(f, "not UTF-8 (invalid byte at offset {offset})"),
            Self::NotJson(reason) => write!(f, "not JSON: {reason}"),
            Self::MissingAt => f.write_str("missing \"at\" (RFC 3339 time)"),
            Self::BadAt { at, reason } => write!(f, "\"at\" `{at}` is not RFC 3339: {reason}"),
            Self::MissingAction => f.write_str("missing \"action\""),
            Self::RequestNotObject => f.write_str("\"request\" must be a JSON object"),
        }
    }
}

impl std::error::Error for LineError {}
