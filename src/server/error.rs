//! Why the endpoint cannot start, and why its benchmark stopped: typed errors whose messages
//! say what to fix.

use std::fmt;
use std::path::PathBuf;

use super::journal::JournalError;
use crate::cli::usage::UsageError;

/// Why `serve` cannot start.
#[derive(Debug)]
pub(crate) enum StartError {
    /// An option or the `--world` file cannot be used.
    Usage(UsageError),
    /// The `--state` file cannot be opened or read.
    StateFile {
        /// The file.
        path: PathBuf,
        /// Why.
        error: JournalError,
    },
    /// The `--state` file does not replay.
    Replay(ReplayError),
    /// The address cannot be listened on.
    Listen {
        /// The `--listen` address.
        addr: String,
        /// Why.
        error: ListenError,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(e) => write!(f, "{e}"),
            Self::StateFile { path, error } => write!(f, "state file {}: {error}", path.display()),
            Self::Replay(e) => write!(f, "{e}"),
            Self::Listen { addr, error } => write!(f, "cannot listen on {addr}: {error}"),
        }
    }
}

impl std::error::Error for StartError {}

impl From<UsageError> for StartError {
    fn from(e: UsageError) -> Self {
        Self::Usage(e)
    }
}

impl From<ReplayError> for StartError {
    fn from(e: ReplayError) -> Self {
        Self::Replay(e)
    }
}

/// Why the state file does not replay.
#[derive(Debug)]
pub(crate) enum ReplayError {
    /// The first line is not the clock line.
    NoClockLine,
    /// A second clock line follows the first.
    SecondClockLine,
    /// A call's instant is outside the times the simulator can hold.
    ImpossibleTime(i64),
    /// The clock line of a new file cannot be written.
    Write(JournalError),
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoClockLine => f.write_str("the state file does not start with its clock line"),
            Self::SecondClockLine => f.write_str("the state file has a second clock line"),
            Self::ImpossibleTime(ms) => {
                write!(
                    f,
                    "a call in the state file has an impossible time ({ms} ms)"
                )
            }
            Self::Write(e) => write!(f, "cannot write the state file: {e}"),
        }
    }
}

impl std::error::Error for ReplayError {}

/// Why an address cannot be listened on.
#[derive(Debug)]
pub(crate) enum ListenError {
    /// The address resolves to nothing.
    NoSuchAddress,
    /// The socket cannot be made, bound or put to listen.
    Io(std::io::Error),
    /// The listener has no IP address to report.
    NoIpAddress,
}

impl fmt::Display for ListenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchAddress => f.write_str("no such address"),
            Self::Io(e) => write!(f, "{e}"),
            Self::NoIpAddress => f.write_str("the listener has no IP address"),
        }
    }
}

impl std::error::Error for ListenError {}

/// Why `bench serve` stopped.
#[derive(Debug)]
pub(crate) enum BenchError {
    /// The endpoint did not start.
    Start(StartError),
    /// A connection failed.
    Io(std::io::Error),
    /// A call was not answered with 200.
    Refused {
        /// The action called.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// The answer.
        body: String,
    },
    /// The answer does not start with an HTTP status line.
    NotHttp(String),
    /// The answer's `Content-Length` is not a number.
    BadContentLength,
    /// A client thread panicked.
    ClientPanicked,
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Start(e) => write!(f, "{e}"),
            Self::Io(e) => write!(f, "{e}"),
            Self::Refused {
                action,
                status,
                body,
            } => write!(f, "{action} answered {status}: {body}"),
            Self::NotHttp(line) => write!(f, "not an HTTP status line: {line:?}"),
            Self::BadContentLength => f.write_str("bad Content-Length"),
            Self::ClientPanicked => f.write_str("a client thread panicked"),
        }
    }
}

impl std::error::Error for BenchError {}

impl From<std::io::Error> for BenchError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<StartError> for BenchError {
    fn from(e: StartError) -> Self {
        Self::Start(e)
    }
}
