//! Response builders for `DescribeInvocations`, `DescribeInvocationResults` and
//! `StopInvocation`, shaped like the SDK response models (api-spec §4.2, §5.2, §9), computed
//! as the state at a given virtual instant.
//!
//! Choices where the sources are silent: invocations are listed newest first; an invocation
//! created after the instant does not exist yet; `ExitCode` is left out while no exit code has
//! been reported (pending, running, timeout — the D21 timeout example has none — or never ran);
//! the Oss* fields are left out (no OSS delivery is simulated); `ContainerId`, `ContainerName`,
//! `Launcher`, `OssOutputDelivery` and `Tags` are echoed only when set. With `IncludeHistory`,
//! a repeating execution gets one row per run, whose `Repeats` is the run's ordinal (1-based).

use super::engine::{InstanceTrack, RunRecord, Simulation};
use super::output::{cap_output, encode};
use super::plan::{ContentEncoding, InvocationPlan, UserEvent};
use super::status::{
    aggregate_invocation_status, aggregate_invoke_status, InstanceInvokeStatus, InvocationStatus,
    InvokeStatus, OverallInvocationStatus,
};
pub use crate::sim::time::format_time;
use serde_json::{json, Map, Value};
use std::cmp::Reverse;

/// Largest `PageSize` of the Describe* calls.
pub const MAX_PAGE_SIZE: i64 = 50;
/// Most instances one `StopInvocation` call may name.
pub const MAX_STOP_INSTANCES: usize = 50;

/// A Describe*/Stop request the simulator refuses, with the API's code and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// `PageNumber` below 1.
    InvalidPageNumber,
    /// `PageSize` outside 1–50.
    InvalidPageSize,
    /// `IncludeOutput=true` without `InvokeId` or `InstanceId` (the code is inferred: the docs
    /// only say one of them is required).
    IncludeOutputWithoutId,
    /// `NextToken` not issued by this simulator.
    InvalidNextToken,
    /// `MaxResults` outside 1–50.
    InvalidMaxResults,
    /// StopInvocation on an unknown (or not yet created) InvokeId.
    InvokeIdNotFound,
    /// StopInvocation naming more than 50 instances.
    InstanceIdsExceedLimit,
}

impl ResponseError {
    /// The error `Code`.
    pub fn code(&self) -> &'static str {
        match self {
            ResponseError::InvalidPageNumber => "InvalidParam.PageNumber",
            ResponseError::InvalidPageSize => "InvalidParam.PageSize",
            ResponseError::IncludeOutputWithoutId => "MissingParameter.InvokeIdOrInstanceId",
            ResponseError::InvalidNextToken => "InvalidParameter.NextToken",
            ResponseError::InvalidMaxResults => "InvalidParameter.MaxResults",
            ResponseError::InvokeIdNotFound => "InvalidInvokeId.NotFound",
            ResponseError::InstanceIdsExceedLimit => "InstanceIds.ExceedLimit",
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            ResponseError::InvalidPageNumber
            | ResponseError::InvalidPageSize
            | ResponseError::IncludeOutputWithoutId
            | ResponseError::InvalidNextToken
            | ResponseError::InvalidMaxResults => 400,
            ResponseError::InvokeIdNotFound => 404,
            ResponseError::InstanceIdsExceedLimit => 403,
        }
    }

    /// The error `Message`.
    pub fn message(&self) -> &'static str {
        match self {
            ResponseError::InvalidPageNumber => "The specified parameter PageNumber is invalid.",
            ResponseError::InvalidPageSize => "The specified parameter PageSize is invalid.",
            ResponseError::IncludeOutputWithoutId => {
                "IncludeOutput=true requires InvokeId or InstanceId."
            }
            ResponseError::InvalidNextToken => "The specified parameter NextToken is invalid.",
            ResponseError::InvalidMaxResults => "The specified parameter MaxResults is invalid.",
            ResponseError::InvokeIdNotFound => "The specified invoke ID does not exist.",
            ResponseError::InstanceIdsExceedLimit => {
                "The number of instance IDs exceeds the upper limit."
            }
        }
    }

    /// The error body (`RequestId`, `HostId`, `Code`, `Message`).
    pub fn to_json(&self, request_id: &str) -> Value {
        json!({
            "RequestId": request_id,
            "HostId": "ecs.aliyuncs.com",
            "Code": self.code(),
            "Message": self.message(),
        })
    }
}

impl std::fmt::Display for ResponseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for ResponseError {}

/// Paging of the Describe* calls (`PageNumber` from 1, `PageSize` 1–50, default 1/10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// `PageNumber`.
    pub page_number: i64,
    /// `PageSize`.
    pub page_size: i64,
}

impl Default for Paging {
    fn default() -> Self {
        Paging {
            page_number: 1,
            page_size: 10,
        }
    }
}

impl Paging {
    fn check(&self) -> Result<(), ResponseError> {
        if self.page_number < 1 {
            return Err(ResponseError::InvalidPageNumber);
        }
        if !(1..=MAX_PAGE_SIZE).contains(&self.page_size) {
            return Err(ResponseError::InvalidPageSize);
        }
        Ok(())
    }

    fn page<T>(&self, items: Vec<T>) -> Vec<T> {
        let skip = (self.page_number - 1).saturating_mul(self.page_size);
        let skip = usize::try_from(skip).unwrap_or(usize::MAX);
        let take = usize::try_from(self.page_size).unwrap_or(10);
        items.into_iter().skip(skip).take(take).collect()
    }
}

/// `MaxResults`/`NextToken` paging: when either is given, `PageNumber`/`PageSize` are ignored
/// and the response carries `NextToken` ("" on the last page). Tokens are opaque Base64.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenPaging {
    /// `MaxResults` (1–50, default 10).
    pub max_results: Option<i64>,
    /// `NextToken` from the previous response.
    pub next_token: Option<String>,
}

impl TokenPaging {
    fn is_used(&self) -> bool {
        self.max_results.is_some() || self.next_token.as_deref().is_some_and(|t| !t.is_empty())
    }

    /// (items of this page, the next token).
    fn page<T>(&self, items: Vec<T>) -> Result<(Vec<T>, String), ResponseError> {
        let size = self.max_results.unwrap_or(10);
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(ResponseError::InvalidMaxResults);
        }
        let offset = match self.next_token.as_deref() {
            None | Some("") => 0,
            Some(token) => {
                crate::sim::paging::token_offset(token).ok_or(ResponseError::InvalidNextToken)?
            }
        };
        let total = items.len();
        let size = usize::try_from(size).unwrap_or(10);
        let page: Vec<T> = items.into_iter().skip(offset).take(size).collect();
        let next = offset.saturating_add(size);
        let token = if next < total {
            crate::sim::paging::offset_token(next)
        } else {
            String::new()
        };
        Ok((page, token))
    }
}

/// Pages `items` with either scheme; returns the page and the `NextToken` (token mode only).
fn paginate<T>(
    paging: &Paging,
    token: &TokenPaging,
    items: Vec<T>,
) -> Result<(Vec<T>, Option<String>), ResponseError> {
    if token.is_used() {
        let (page, next) = token.page(items)?;
        Ok((page, Some(next)))
    } else {
        paging.check()?;
        Ok((paging.page(items), None))
    }
}

/// `DescribeInvocations` request parameters the simulator honours.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DescribeInvocationsQuery {
    /// `InvokeId`.
    pub invoke_id: Option<String>,
    /// `InstanceId` (single).
    pub instance_id: Option<String>,
    /// `CommandId`.
    pub command_id: Option<String>,
    /// `InvokeStatus` filter: matches the modern overall `InvocationStatus` or the legacy
    /// `InvokeStatus` spelling.
    pub invoke_status: Option<String>,
    /// `IncludeOutput`.
    pub include_output: bool,
    /// `ContentEncoding` of `CommandContent` and `Output`.
    pub content_encoding: ContentEncoding,
    /// Paging.
    pub paging: Paging,
    /// `MaxResults`/`NextToken` paging (takes precedence over `paging` when used).
    pub token_paging: TokenPaging,
}

/// `DescribeInvocationResults` request parameters the simulator honours.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DescribeInvocationResultsQuery {
    /// `InvokeId`.
    pub invoke_id: Option<String>,
    /// `InstanceId` (single).
    pub instance_id: Option<String>,
    /// `CommandId`.
    pub command_id: Option<String>,
    /// `InvokeRecordStatus` filter: matches the legacy record status or the modern status.
    pub invoke_record_status: Option<String>,
    /// `IncludeHistory`: one row per run of Period/EveryReboot executions.
    pub include_history: bool,
    /// `ContentEncoding` of `Output`.
    pub content_encoding: ContentEncoding,
    /// Paging.
    pub paging: Paging,
    /// `MaxResults`/`NextToken` paging (takes precedence over `paging` when used).
    pub token_paging: TokenPaging,
}

fn time_or_empty(ms: Option<i64>) -> String {
    ms.map(format_time).unwrap_or_default()
}

/// Invocations visible at `at_ms` that pass `keep`, newest first.
fn visible(
    sim: &Simulation,
    at_ms: i64,
    keep: impl Fn(&InvocationPlan, &[InstanceTrack]) -> bool,
) -> Vec<(&InvocationPlan, &[InstanceTrack])> {
    let mut list: Vec<_> = sim
        .invocations()
        .enumerate()
        .filter(|(_, (plan, tracks))| plan.creation_ms <= at_ms && keep(plan, tracks))
        .collect();
    // Newest first; among equal creation times, the later-created invocation first.
    list.sort_by_key(|(index, (plan, _))| (Reverse(plan.creation_ms), Reverse(*index)));
    list.into_iter().map(|(_, x)| x).collect()
}

fn matches(filter: &Option<String>, value: &str) -> bool {
    filter.as_deref().is_none_or(|f| f == value)
}

/// Output of a run at `at_ms`: (encoded capped text, dropped bytes).
fn output_fields(
    run: Option<&RunRecord>,
    at_ms: i64,
    encoding: ContentEncoding,
) -> (String, usize) {
    let full = run.map(|r| r.output_at(at_ms)).unwrap_or_default();
    let capped = cap_output(&full);
    (encode(&capped.text, encoding), capped.dropped)
}

/// Adds the run's ExitCode/ErrorCode/ErrorInfo as visible at `at_ms`.
fn put_result_fields(row: &mut Map<String, Value>, run: Option<&RunRecord>, at_ms: i64) {
    let ended = run.filter(|r| r.ended_by(at_ms));
    if let Some(code) = ended.and_then(|r| r.exit_code) {
        row.insert("ExitCode".into(), Value::from(code));
    }
    let error = ended.and_then(|r| r.error.as_ref());
    row.insert(
        "ErrorCode".into(),
        Value::from(error.map(|e| e.as_str()).unwrap_or("")),
    );
    row.insert(
        "ErrorInfo".into(),
        Value::from(error.map(|e| e.error_info()).unwrap_or_default()),
    );
}

fn put_extras(row: &mut Map<String, Value>, plan: &InvocationPlan) {
    let extras = &plan.extras;
    for (key, value) in [
        ("ContainerId", &extras.container_id),
        ("ContainerName", &extras.container_name),
        ("Launcher", &extras.launcher),
        ("OssOutputDelivery", &extras.oss_output_delivery),
    ] {
        if !value.is_empty() {
            row.insert(key.into(), Value::from(value.as_str()));
        }
    }
    if !extras.tags.is_empty() {
        let tags: Vec<Value> = extras
            .tags
            .iter()
            .map(|(k, v)| json!({"TagKey": k, "TagValue": v}))
            .collect();
        row.insert("Tags".into(), json!({ "Tag": tags }));
    }
}

/// Per-instance statuses of an invocation at `at_ms`.
fn instance_statuses(tracks: &[InstanceTrack], at_ms: i64) -> Vec<InvocationStatus> {
    tracks
        .iter()
        .map(|t| t.status_at(at_ms).unwrap_or(InvocationStatus::Pending))
        .collect()
}

/// An invocation's overall `InvocationStatus` and legacy `InvokeStatus` at `at_ms`, from the
/// per-instance statuses, as `DescribeInvocations` shows them.
pub fn overall_statuses(
    tracks: &[InstanceTrack],
    at_ms: i64,
) -> (OverallInvocationStatus, InvokeStatus) {
    let statuses = instance_statuses(tracks, at_ms);
    overall_of(&statuses)
}

fn overall_of(statuses: &[InvocationStatus]) -> (OverallInvocationStatus, InvokeStatus) {
    let legacy: Vec<InstanceInvokeStatus> = statuses.iter().map(|s| s.legacy()).collect();
    (
        aggregate_invocation_status(statuses),
        aggregate_invoke_status(&legacy),
    )
}

/// `DescribeInvocations` at `at_ms`.
pub fn describe_invocations(
    sim: &Simulation,
    query: &DescribeInvocationsQuery,
    at_ms: i64,
    request_id: &str,
) -> Result<Value, ResponseError> {
    if query.include_output && query.invoke_id.is_none() && query.instance_id.is_none() {
        return Err(ResponseError::IncludeOutputWithoutId);
    }
    let list = visible(sim, at_ms, |plan, tracks| {
        let (modern, legacy) = overall_statuses(tracks, at_ms);
        matches(&query.invoke_id, &plan.invoke_id)
            && matches(&query.command_id, &plan.command_id)
            && query
                .instance_id
                .as_deref()
                .is_none_or(|id| tracks.iter().any(|t| t.instance_id == id))
            && query
                .invoke_status
                .as_deref()
                .is_none_or(|s| s == modern.as_str() || s == legacy.as_str())
    });
    let total = list.len();
    let (page, next_token) = paginate(&query.paging, &query.token_paging, list)?;
    let invocations: Vec<Value> = page
        .into_iter()
        .map(|(plan, tracks)| invocation_json(plan, tracks, query, at_ms))
        .collect();
    let mut body = json!({
        "RequestId": request_id,
        "TotalCount": total,
        "PageNumber": query.paging.page_number,
        "PageSize": query.paging.page_size,
        "Invocations": { "Invocation": invocations },
    });
    if let (Some(token), Some(map)) = (next_token, body.as_object_mut()) {
        map.insert("NextToken".into(), Value::from(token));
    }
    Ok(body)
}

fn invocation_json(
    plan: &InvocationPlan,
    tracks: &[InstanceTrack],
    query: &DescribeInvocationsQuery,
    at_ms: i64,
) -> Value {
    let statuses = instance_statuses(tracks, at_ms);
    let (modern, overall_legacy) = overall_of(&statuses);
    let timed = plan.repeat_mode.is_timed() && statuses.iter().any(|s| !s.is_terminal());
    let instances: Vec<Value> = tracks
        .iter()
        .zip(&statuses)
        .map(|(track, status)| {
            let latest = track.latest_run_at(at_ms);
            let run = latest.as_deref();
            let (output, dropped) = output_fields(run, at_ms, query.content_encoding);
            let mut row = Map::new();
            row.insert("InstanceId".into(), Value::from(track.instance_id.clone()));
            row.insert("InvocationStatus".into(), Value::from(status.as_str()));
            row.insert(
                "InstanceInvokeStatus".into(),
                Value::from(status.legacy().as_str()),
            );
            put_result_fields(&mut row, run, at_ms);
            if query.include_output {
                row.insert("Output".into(), Value::from(output));
            }
            row.insert("Dropped".into(), Value::from(dropped));
            row.insert("Repeats".into(), Value::from(track.repeats_at(at_ms)));
            row.insert(
                "CreationTime".into(),
                Value::from(format_time(plan.creation_ms)),
            );
            row.insert(
                "StartTime".into(),
                Value::from(time_or_empty(run.and_then(|r| r.start_ms))),
            );
            row.insert(
                "FinishTime".into(),
                Value::from(time_or_empty(
                    run.filter(|r| r.ended_by(at_ms)).and_then(|r| r.end_ms),
                )),
            );
            row.insert(
                "StopTime".into(),
                Value::from(time_or_empty(track.stop_at(at_ms))),
            );
            row.insert(
                "UpdateTime".into(),
                Value::from(time_or_empty(track.update_time_at(at_ms))),
            );
            row.insert(
                "Timed".into(),
                Value::from(plan.repeat_mode.is_timed() && !status.is_terminal()),
            );
            Value::Object(row)
        })
        .collect();
    let mut inv = Map::new();
    inv.insert("InvokeId".into(), Value::from(plan.invoke_id.clone()));
    inv.insert("CommandId".into(), Value::from(plan.command_id.clone()));
    inv.insert("CommandName".into(), Value::from(plan.command_name.clone()));
    inv.insert(
        "CommandDescription".into(),
        Value::from(plan.command_description.clone()),
    );
    inv.insert(
        "CommandType".into(),
        Value::from(plan.command_type.as_str()),
    );
    inv.insert(
        "CommandContent".into(),
        Value::from(encode(&plan.command_content, query.content_encoding)),
    );
    inv.insert(
        "Parameters".into(),
        Value::from(plan.parameters_json.clone()),
    );
    inv.insert("RepeatMode".into(), Value::from(plan.repeat_mode.as_str()));
    inv.insert("Frequency".into(), Value::from(plan.frequency.clone()));
    inv.insert("Timed".into(), Value::from(timed));
    inv.insert("Timeout".into(), Value::from(plan.timeout_s));
    inv.insert("WorkingDir".into(), Value::from(plan.working_dir.clone()));
    inv.insert("Username".into(), Value::from(plan.username.clone()));
    inv.insert(
        "TerminationMode".into(),
        Value::from(plan.termination_mode.as_str()),
    );
    inv.insert(
        "CreationTime".into(),
        Value::from(format_time(plan.creation_ms)),
    );
    inv.insert("InvocationStatus".into(), Value::from(modern.as_str()));
    inv.insert("InvokeStatus".into(), Value::from(overall_legacy.as_str()));
    put_extras(&mut inv, plan);
    inv.insert(
        "InvokeInstances".into(),
        json!({ "InvokeInstance": instances }),
    );
    Value::Object(inv)
}

/// `DescribeInvocationResults` at `at_ms`.
pub fn describe_invocation_results(
    sim: &Simulation,
    query: &DescribeInvocationResultsQuery,
    at_ms: i64,
    request_id: &str,
) -> Result<Value, ResponseError> {
    let list = visible(sim, at_ms, |plan, _| {
        matches(&query.invoke_id, &plan.invoke_id) && matches(&query.command_id, &plan.command_id)
    });
    // Rows are selected and paged first; only the page is rendered.
    let mut rows: Vec<ResultRow> = Vec::new();
    for (plan, tracks) in list {
        for track in tracks {
            if !matches(&query.instance_id, &track.instance_id) {
                continue;
            }
            let Some(status) = track.status_at(at_ms) else {
                continue;
            };
            let count = track.run_count_at(at_ms);
            if query.include_history && plan.repeat_mode.is_repeating() {
                for index in 0..count {
                    rows.push(ResultRow {
                        plan,
                        track,
                        run: Some(index),
                        status: track.run_status_at(index, at_ms).unwrap_or(status),
                        repeats: index + 1,
                    });
                }
            } else {
                rows.push(ResultRow {
                    plan,
                    track,
                    run: count.checked_sub(1),
                    status,
                    repeats: track.repeats_at(at_ms),
                });
            }
        }
    }
    if let Some(filter) = query.invoke_record_status.as_deref() {
        rows.retain(|row| row.status.legacy().as_str() == filter || row.status.as_str() == filter);
    }
    let total = rows.len();
    let (page, next_token) = paginate(&query.paging, &query.token_paging, rows)?;
    let page: Vec<Value> = page
        .into_iter()
        .map(|row| result_row(&row, query, at_ms))
        .collect();
    let mut invocation = json!({
        "TotalCount": total,
        "PageNumber": query.paging.page_number,
        "PageSize": query.paging.page_size,
        "InvocationResults": { "InvocationResult": page },
    });
    if let (Some(token), Some(map)) = (next_token, invocation.as_object_mut()) {
        map.insert("NextToken".into(), Value::from(token));
    }
    Ok(json!({ "RequestId": request_id, "Invocation": invocation }))
}

/// One selected DescribeInvocationResults row before rendering.
struct ResultRow<'a> {
    plan: &'a InvocationPlan,
    track: &'a InstanceTrack,
    /// The run's index in the track (read only for the rows of the page).
    run: Option<usize>,
    status: InvocationStatus,
    repeats: usize,
}

fn result_row(row: &ResultRow<'_>, query: &DescribeInvocationResultsQuery, at_ms: i64) -> Value {
    let ResultRow {
        plan,
        track,
        run,
        status,
        repeats,
    } = *row;
    let record = run.and_then(|index| track.run(index));
    let run = record.as_deref();
    let (output, dropped) = output_fields(run, at_ms, query.content_encoding);
    let stop = run
        .and_then(|r| r.stop_ms)
        .filter(|s| *s <= at_ms)
        .or_else(|| track.stop_at(at_ms));
    let mut row = Map::new();
    row.insert("CommandId".into(), Value::from(plan.command_id.clone()));
    row.insert("InvokeId".into(), Value::from(plan.invoke_id.clone()));
    row.insert("InstanceId".into(), Value::from(track.instance_id.clone()));
    row.insert("InvocationStatus".into(), Value::from(status.as_str()));
    row.insert(
        "InvokeRecordStatus".into(),
        Value::from(status.legacy().as_str()),
    );
    put_result_fields(&mut row, run, at_ms);
    row.insert("Output".into(), Value::from(output));
    row.insert("Dropped".into(), Value::from(dropped));
    row.insert("Repeats".into(), Value::from(repeats));
    row.insert(
        "StartTime".into(),
        Value::from(time_or_empty(run.and_then(|r| r.start_ms))),
    );
    row.insert(
        "FinishedTime".into(),
        Value::from(time_or_empty(
            run.filter(|r| r.ended_by(at_ms)).and_then(|r| r.end_ms),
        )),
    );
    row.insert("StopTime".into(), Value::from(time_or_empty(stop)));
    row.insert("Username".into(), Value::from(plan.username.clone()));
    row.insert(
        "TerminationMode".into(),
        Value::from(plan.termination_mode.as_str()),
    );
    put_extras(&mut row, plan);
    Value::Object(row)
}

/// `StopInvocation` at `at_ms`: validates the call, records the stop in `sim` (which is
/// recomputed) and returns `{"RequestId": …}`. An empty `instance_ids` stops every instance;
/// instance ids not in the invocation are ignored.
pub fn stop_invocation(
    sim: &mut Simulation,
    invoke_id: &str,
    instance_ids: &[String],
    at_ms: i64,
    request_id: &str,
) -> Result<Value, ResponseError> {
    let exists = sim
        .invocation(invoke_id)
        .is_some_and(|(plan, _)| plan.creation_ms <= at_ms);
    let answer = stop_answer(exists, instance_ids, request_id)?;
    sim.add_event(UserEvent::StopInvocation {
        at_ms,
        invoke_id: invoke_id.to_string(),
        instance_ids: instance_ids.to_vec(),
    });
    Ok(answer)
}

/// The StopInvocation answer, given whether the invocation `exists` at the call (created by
/// then): what [`stop_invocation`] answers, for a caller that records the event itself.
pub fn stop_answer(
    exists: bool,
    instance_ids: &[String],
    request_id: &str,
) -> Result<Value, ResponseError> {
    if instance_ids.len() > MAX_STOP_INSTANCES {
        return Err(ResponseError::InstanceIdsExceedLimit);
    }
    if !exists {
        return Err(ResponseError::InvokeIdNotFound);
    }
    Ok(json!({ "RequestId": request_id }))
}

/// A deterministic upper-case, UUID-shaped `RequestId` from a seed and a call counter.
pub fn request_id(seed: u64, call: u64) -> String {
    use super::timing::splitmix64;
    let a = splitmix64(seed ^ call.wrapping_mul(0x9e37_79b9));
    let b = splitmix64(a);
    format!(
        "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}
