//! [`super::next_fires_ms`]: the agent's fires as epoch milliseconds, for charts. With the
//! warnings it is [`super::next_fires`]'s answer without the ISO strings; without them it comes
//! from the fires-only schedule path ([`api_fires`]: the agent alone is walked).

use serde_json::{json, Value};

use super::error::FiresError;
use super::timeline;
use crate::sim::schedule::{api_fires, ApiFires};

/// The body of [`super::next_fires_ms`]: the fires, and the answer's other fields (`ok`,
/// `warnings` when `with_warnings`, `kind`, `zone`, `agentExpr`, `end`); or the error answer.
pub(crate) fn next_fires_ms(
    frequency: &str,
    start: &str,
    count: usize,
    local_zone: Option<&str>,
    with_warnings: bool,
) -> Result<(Vec<i64>, Value), Value> {
    if with_warnings {
        return timeline::next_fires_ms(frequency, start, count, local_zone);
    }
    let series = match api_fires(&timeline::fires_request(
        frequency, start, count, local_zone,
    )?) {
        ApiFires::Error(e) => {
            return Err(FiresError::Frequency {
                code: e.code,
                reason: e.reason,
            }
            .answer())
        }
        ApiFires::NotPeriodic(_) => return Err(FiresError::MissingFrequency.answer()),
        ApiFires::Periodic(series) => series,
    };
    if let Some(e) = &series.agent_error {
        return Err(json!({"ok": false, "code": e.kind(), "message": e.message}));
    }
    let mut answer = json!({"ok": true, "kind": series.kind.name(), "zone": series.zone,
                            "agentExpr": series.agent_expr});
    if let Some(end) = series.end {
        answer["end"] = Value::from(end.name());
        answer["endMessage"] = Value::from(end.sentence());
    }
    Ok((series.fires, answer))
}
