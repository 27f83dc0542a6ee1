//! The agent's fires of one request without the rest of the timeline (no documented fires, no
//! warnings, no description): what a chart of many fires needs.

use super::agent::EndReason;
use super::api::{agent_side, ApiError, ApiScheduleRequest, RepeatMode};
use super::error::AgentError;
use super::frequency::FrequencyKind;

/// The fires of an accepted periodic request.
#[derive(Debug, Clone)]
pub struct FireSeries {
    /// The frequency's kind.
    pub kind: FrequencyKind,
    /// The expression the agent receives.
    pub agent_expr: String,
    /// The zone the runs are computed in (name).
    pub zone: String,
    /// When the agent fires (ms), up to the count.
    pub fires: Vec<i64>,
    /// Why `fires` ended early.
    pub end: Option<EndReason>,
    /// The agent refuses the schedule (it never fires).
    pub agent_error: Option<AgentError>,
}

/// The answer of [`api_fires`].
#[derive(Debug, Clone)]
pub enum ApiFires {
    /// The request fails with an API error.
    Error(ApiError),
    /// A non-periodic mode.
    NotPeriodic(RepeatMode),
    /// A periodic schedule's fires.
    Periodic(FireSeries),
}

/// The fires of [`super::api_timeline`] for the same request, walking only the agent (the
/// warnings would also need the documented fires: several times the work).
pub fn api_fires(req: &ApiScheduleRequest) -> ApiFires {
    let side = match agent_side(req) {
        Err(e) => return ApiFires::Error(e),
        Ok(Err(mode)) => return ApiFires::NotPeriodic(mode),
        Ok(Ok(side)) => side,
    };
    ApiFires::Periodic(FireSeries {
        kind: side.parsed.kind,
        zone: side.zone.name(),
        fires: side.fires,
        end: side.end,
        agent_error: side.agent_error,
        agent_expr: side.parsed.agent_expr,
    })
}
