//! What a command produced: [`CliOutput`].

/// What a command produced: text for standard output and the process exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliOutput {
    /// Text to print on standard output (a trailing newline is added by the caller).
    pub stdout: String,
    /// Text to print on standard error.
    pub stderr: String,
    /// The process exit code.
    pub code: i32,
}

impl CliOutput {
    /// A successful result printing `stdout`.
    pub(crate) fn ok(stdout: impl Into<String>) -> Self {
        Self {
            stdout: stdout.into(),
            stderr: String::new(),
            code: 0,
        }
    }

    /// A usage or input error: message on standard error, exit code 2.
    pub(crate) fn usage_error(message: impl Into<String>) -> Self {
        Self {
            stdout: String::new(),
            stderr: message.into(),
            code: 2,
        }
    }
}
