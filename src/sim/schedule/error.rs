//! Errors of the agent layer, named after the Cloud Assistant agent's own error kinds.

use std::fmt;

/// Which of the agent's error kinds a schedule error is (`Display` gives the agent's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentErrorKind {
    /// Wrong number of fields (≤ 5 or ≥ 9) in a cron expression.
    InvalidCronExpression,
    /// A cron field does not parse (the cron library's own message).
    CronSyntax,
    /// A time-zone token that is not a loadable IANA name, `UTC` or `GMT`.
    TimezoneInformationCorrupt,
    /// A token with `+`/`-` that is not exactly one `GMT±H:MM`.
    InvalidGMTOffsetForTimezone,
    /// The cron expression has no next run at scheduling time.
    CronExpressionExpired,
    /// The first wait is negative: the timer refuses to start (logged only).
    NoNextRun,
    /// `rate()` text that does not parse, or a non-positive value.
    InvalidRateExpression,
    /// `rate()` longer than 1000 days.
    RateFrequencyTooLarge,
    /// `at()` text shorter than 4 characters.
    InvalidAtExpression,
    /// `at()` time that Go's `time.Parse` rejects (raw parse message).
    AtTimeParse,
    /// `at()` time already past: the timer refuses to start (logged only).
    AtExpressionExpired,
    /// An input on which the real agent crashes (index out of range, endless recursion).
    Panic,
}

impl AgentErrorKind {
    /// The agent's name of this kind, e.g. `CronExpressionExpired`.
    pub fn name(self) -> &'static str {
        match self {
            Self::InvalidCronExpression => "InvalidCronExpression",
            Self::CronSyntax => "CronSyntax",
            Self::TimezoneInformationCorrupt => "TimezoneInformationCorrupt",
            Self::InvalidGMTOffsetForTimezone => "InvalidGMTOffsetForTimezone",
            Self::CronExpressionExpired => "CronExpressionExpired",
            Self::NoNextRun => "NoNextRun",
            Self::InvalidRateExpression => "InvalidRateExpression",
            Self::RateFrequencyTooLarge => "RateFrequencyTooLarge",
            Self::InvalidAtExpression => "InvalidAtExpression",
            Self::AtTimeParse => "AtTimeParse",
            Self::AtExpressionExpired => "AtExpressionExpired",
            Self::Panic => "Panic",
        }
    }

    /// Whether the agent reports this error to the server (invalid task, param `cron`); the
    /// others are only logged on the instance and the task silently never runs.
    pub fn is_reported(self) -> bool {
        !matches!(
            self,
            Self::NoNextRun | Self::AtExpressionExpired | Self::Panic
        )
    }
}

impl fmt::Display for AgentErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A schedule the agent refuses (or crashes on), with a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentError {
    /// The agent's error kind.
    pub kind: AgentErrorKind,
    /// What went wrong, in English.
    pub message: String,
}

impl AgentError {
    /// A new error of `kind`.
    pub fn new(kind: AgentErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The agent's name of the kind (same as `self.kind.name()`).
    pub fn kind(&self) -> &'static str {
        self.kind.name()
    }

    /// The `value` of the agent's "invalid task" report (param `cron`), or `None` when the
    /// agent only logs the error (or crashes). The agent sends the bare code for its own
    /// unwrapped errors and the full message for library errors and wrapped ones.
    pub fn report_value(&self) -> Option<String> {
        match self.kind {
            AgentErrorKind::NoNextRun
            | AgentErrorKind::AtExpressionExpired
            | AgentErrorKind::Panic => None,
            AgentErrorKind::CronSyntax | AgentErrorKind::AtTimeParse => Some(self.message.clone()),
            AgentErrorKind::TimezoneInformationCorrupt | AgentErrorKind::InvalidRateExpression => {
                Some(format!("{}: {}", self.kind, self.message))
            }
            other => Some(other.name().to_string()),
        }
    }
}

impl fmt::Display for AgentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for AgentError {}
