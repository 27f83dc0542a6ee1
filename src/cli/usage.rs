//! Why a command cannot run with its arguments or input ([`UsageError`]), and the `--name
//! value` options it reads.

use std::fmt;

/// An argument or an input a command cannot use: printed on standard error, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UsageError {
    /// An option the command does not know.
    UnknownOption(String),
    /// An option given without its value.
    MissingValue(String),
    /// A required option that is not given.
    MissingOption(&'static str),
    /// An option's value that does not fit.
    BadValue {
        /// The option.
        option: &'static str,
        /// Its value.
        value: String,
        /// What it must be.
        expected: &'static str,
    },
    /// An option's time that is not RFC 3339.
    Time {
        /// The option.
        option: &'static str,
        /// Its value.
        value: String,
        /// What the parser found.
        reason: String,
    },
    /// A file that cannot be read, or does not hold what the option needs.
    File {
        /// The file as named.
        path: String,
        /// Why.
        reason: String,
    },
    /// Standard input that is not the JSON the command reads (what it should be, and why).
    Input {
        /// What the command reads on standard input.
        expected: &'static str,
        /// The parser's message.
        reason: String,
    },
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownOption(name) => write!(f, "unknown option `{name}`"),
            Self::MissingValue(name) => write!(f, "option `{name}` needs a value"),
            Self::MissingOption(name) => write!(f, "missing {name}"),
            Self::BadValue {
                option,
                value,
                expected,
            } => write!(f, "{option} must be {expected}, not `{value}`"),
            Self::Time {
                option,
                value,
                reason,
            } => write!(f, "{option} `{value}` is not an RFC 3339 time: {reason}"),
            Self::File { path, reason } => write!(f, "{path}: {reason}"),
            Self::Input { expected, reason } => write!(f, "stdin is not {expected}: {reason}"),
        }
    }
}

impl std::error::Error for UsageError {}

/// `--name value` options, each of a known name.
pub(crate) struct Options<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Options<'a> {
    /// Reads `args` as `--name value` pairs with names among `known`.
    pub(crate) fn parse(args: &'a [String], known: &[&str]) -> Result<Self, UsageError> {
        let mut pairs = Vec::new();
        let mut it = args.iter();
        while let Some(name) = it.next() {
            if !known.contains(&name.as_str()) {
                return Err(UsageError::UnknownOption(name.clone()));
            }
            let value = it
                .next()
                .ok_or_else(|| UsageError::MissingValue(name.clone()))?;
            pairs.push((name.as_str(), value.as_str()));
        }
        Ok(Self(pairs))
    }

    /// The value of the last `name`, if given.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// The value of the last `name`, which must be given.
    pub(crate) fn required(&self, name: &'static str) -> Result<&'a str, UsageError> {
        self.get(name).ok_or(UsageError::MissingOption(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_read_known_pairs_and_name_what_is_wrong() {
        let given = args(&["--count", "3", "--expr", "rate(5m)", "--count", "4"]);
        let opts = Options::parse(&given, &["--count", "--expr"]).unwrap();
        assert_eq!(opts.get("--count"), Some("4"));
        assert_eq!(opts.required("--expr"), Ok("rate(5m)"));
        assert_eq!(
            opts.required("--start"),
            Err(UsageError::MissingOption("--start"))
        );
        let unknown = args(&["--cuont", "3"]);
        let e = Options::parse(&unknown, &["--count"]).err().unwrap();
        assert_eq!(e.to_string(), "unknown option `--cuont`");
        let dangling = args(&["--count"]);
        let e = Options::parse(&dangling, &["--count"]).err().unwrap();
        assert_eq!(e.to_string(), "option `--count` needs a value");
    }
}
