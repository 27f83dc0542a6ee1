//! The schedule engine: the API layer (what RunCommand accepts in `Frequency`) and the agent
//! layer (how the Cloud Assistant agent fires it).
//!
//! Placeholder until the schedule engine lands: only the signature of the API-layer check is
//! fixed here, so that validation can call it.

/// Why a `Frequency` is refused at the API layer (`InvalidParam.Frequency`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrequencyError {
    /// A human-readable reason, shown beside the API error.
    pub reason: String,
}

/// The kind of schedule a valid `Frequency` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrequencyKind {
    /// `rate(<n><unit>)`: a fixed interval.
    Rate,
    /// `at(yyyy-MM-dd HH:mm:ss [zone])`: one run.
    At,
    /// A cron expression with optional year and zone.
    Cron,
}

/// Checks a `Frequency` as the RunCommand API does, given the request's `Timeout` in seconds.
pub fn check_api_frequency(
    frequency: &str,
    _timeout_secs: i64,
) -> Result<FrequencyKind, FrequencyError> {
    let f = frequency.trim();
    let fields = f.split_whitespace().count();
    if f.starts_with("rate(") && f.ends_with(')') {
        Ok(FrequencyKind::Rate)
    } else if f.starts_with("at(") && f.ends_with(')') {
        Ok(FrequencyKind::At)
    } else if (6..=8).contains(&fields) {
        Ok(FrequencyKind::Cron)
    } else {
        Err(FrequencyError {
            reason: format!("`{f}` is neither rate(), at() nor a cron expression"),
        })
    }
}
