//! Reading the SDK-style JSON requests of the calls around RunCommand: `DescribeInvocations`,
//! `DescribeInvocationResults`, `StopInvocation`, `InvokeCommand` and the playground's
//! `RebootInstance` (api-spec §4.1, §5.1, §7.1, §7.2).
//!
//! Values are accepted as the SDKs send them (booleans and numbers as JSON values or as the
//! wire's text); `InstanceId` is a single string in the Describe* calls and a list in
//! `StopInvocation`/`InvokeCommand` (a single string is read as a one-element list there).

use serde_json::Value;

use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::exec::{
    ContentEncoding, DescribeInvocationResultsQuery, DescribeInvocationsQuery, Paging, TokenPaging,
};
use crate::sim::request::{ParameterMap, RawNumber, RunCommandRequest, TagInput};
use crate::sim::world::World;

fn text(request: &Value, key: &str) -> Option<String> {
    match request.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn flag(request: &Value, key: &str) -> Result<bool, ApiError> {
    match request.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") || s.is_empty() => Ok(false),
        Some(_) => Err(ApiError::with_detail(ApiErrorCode::InvalidParameter, key)),
    }
}

fn number(request: &Value, key: &str, bad: ApiError) -> Result<Option<i64>, ApiError> {
    match request.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or(bad),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad),
        Some(_) => Err(bad),
    }
}

fn encoding(request: &Value) -> ContentEncoding {
    match text(request, "ContentEncoding") {
        Some(e) if e.trim().eq_ignore_ascii_case("plaintext") => ContentEncoding::PlainText,
        _ => ContentEncoding::Base64,
    }
}

fn paging(request: &Value) -> Result<(Paging, TokenPaging), ApiError> {
    let page_number = number(
        request,
        "PageNumber",
        ApiError::with_detail(ApiErrorCode::MalformedInput, "PageNumber is not an integer"),
    )?;
    let page_size = number(
        request,
        "PageSize",
        ApiError::with_detail(ApiErrorCode::MalformedInput, "PageSize is not an integer"),
    )?;
    let max_results = number(
        request,
        "MaxResults",
        ApiError::with_detail(ApiErrorCode::MalformedInput, "MaxResults is not an integer"),
    )?;
    let defaults = Paging::default();
    Ok((
        Paging {
            page_number: page_number.unwrap_or(defaults.page_number),
            page_size: page_size.unwrap_or(defaults.page_size),
        },
        TokenPaging {
            max_results,
            next_token: text(request, "NextToken"),
        },
    ))
}

/// The region checks every call makes: `RegionId` present, known, RunCommand available; and
/// the account-level switches (`Operation.Forbidden`, `OperationDenied.BidOwnResource`).
pub fn check_region(request: &Value, world: &World) -> Result<String, ApiError> {
    if world.faults.operation_forbidden {
        return Err(ApiError::new(ApiErrorCode::OperationForbidden));
    }
    if world.faults.bid_user {
        return Err(ApiError::new(ApiErrorCode::OperationDeniedBidOwnResource));
    }
    let region = text(request, "RegionId")
        .ok_or_else(|| ApiError::with_detail(ApiErrorCode::MissingParameter, "RegionId"))?;
    match world.region(&region) {
        None => Err(ApiError::new(ApiErrorCode::InvalidRegionIdNotFound)),
        Some(r) if !r.run_command_supported => {
            Err(ApiError::new(ApiErrorCode::RegionIdApiNotSupported))
        }
        Some(_) => Ok(region),
    }
}

/// Reads a `DescribeInvocations` request.
pub fn describe_invocations_query(request: &Value) -> Result<DescribeInvocationsQuery, ApiError> {
    let (paging, token_paging) = paging(request)?;
    Ok(DescribeInvocationsQuery {
        invoke_id: text(request, "InvokeId"),
        instance_id: text(request, "InstanceId"),
        command_id: text(request, "CommandId"),
        invoke_status: text(request, "InvokeStatus"),
        include_output: flag(request, "IncludeOutput")?,
        content_encoding: encoding(request),
        paging,
        token_paging,
    })
}

/// Reads a `DescribeInvocationResults` request.
pub fn describe_invocation_results_query(
    request: &Value,
) -> Result<DescribeInvocationResultsQuery, ApiError> {
    let (paging, token_paging) = paging(request)?;
    Ok(DescribeInvocationResultsQuery {
        invoke_id: text(request, "InvokeId"),
        instance_id: text(request, "InstanceId"),
        command_id: text(request, "CommandId"),
        invoke_record_status: text(request, "InvokeRecordStatus"),
        include_history: flag(request, "IncludeHistory")?,
        content_encoding: encoding(request),
        paging,
        token_paging,
    })
}

/// `InstanceId` as a list (`["i-…"]`, or one string).
pub fn instance_list(request: &Value) -> Result<Vec<String>, ApiError> {
    match request.get("InstanceId") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) if s.is_empty() => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    ApiError::with_detail(
                        ApiErrorCode::MalformedInput,
                        "InstanceId must be a list of strings",
                    )
                })
            })
            .collect(),
        Some(_) => Err(ApiError::with_detail(
            ApiErrorCode::MalformedInput,
            "InstanceId must be a list of strings",
        )),
    }
}

/// A `StopInvocation` request: `(InvokeId, InstanceId list)`.
pub fn stop_invocation_request(request: &Value) -> Result<(String, Vec<String>), ApiError> {
    let invoke_id = text(request, "InvokeId")
        .ok_or_else(|| ApiError::with_detail(ApiErrorCode::MissingParameter, "InvokeId"))?;
    Ok((invoke_id, instance_list(request)?))
}

/// The smallest `Timeout` InvokeCommand takes, seconds (api-spec §7.2).
pub const INVOKE_MIN_TIMEOUT_SECS: i64 = 10;

/// The RunCommand request an `InvokeCommand` of the saved command `saved` amounts to: the
/// saved Type, content, Name, Description, EnableParameter, WorkingDir, Timeout and Launcher
/// (what a command keeps), with this run's values (InstanceId, RepeatMode, Frequency, Parameters, Username,
/// WindowsPasswordName, Timeout, WorkingDir, containers, ClientToken, OssOutputDelivery,
/// Launcher, TerminationMode, ResourceGroupId, Tag, ResourceTag). `KeepCommand` is off: the
/// command is already saved.
pub fn invoke_as_run(
    saved: &RunCommandRequest,
    request: &Value,
) -> Result<RunCommandRequest, ApiError> {
    let malformed = |what: &str| ApiError::with_detail(ApiErrorCode::MalformedInput, what);
    let mut req = saved.clone();
    req.keep_command = Some(false);
    // Per-invocation values are not part of a saved command.
    for slot in [
        &mut req.client_token,
        &mut req.username,
        &mut req.windows_password_name,
        &mut req.container_id,
        &mut req.container_name,
        &mut req.oss_output_delivery,
        &mut req.termination_mode,
        &mut req.resource_group_id,
    ] {
        *slot = None;
    }
    req.instance_id = Some(instance_list(request)?);
    req.region_id = text(request, "RegionId").or(req.region_id);
    req.repeat_mode = text(request, "RepeatMode");
    req.frequency = text(request, "Frequency");
    req.timed = None;
    req.parameters = match request.get("Parameters") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(
            serde_json::from_str::<ParameterMap>(s)
                .map_err(|_| malformed("Parameters must be a JSON object"))?,
        ),
        Some(v @ Value::Object(_)) => Some(
            crate::sim::json::read::<ParameterMap>(v, "Parameters")
                .map_err(|_| malformed("Parameters must be a JSON object"))?,
        ),
        Some(_) => return Err(malformed("Parameters must be a JSON object")),
    };
    if let Some(t) = number(
        request,
        "Timeout",
        ApiError::with_detail(ApiErrorCode::InvalidParameter, "Timeout"),
    )? {
        if t < INVOKE_MIN_TIMEOUT_SECS {
            return Err(ApiError::with_detail(
                ApiErrorCode::InvalidParameter,
                "Timeout",
            ));
        }
        req.timeout = Some(RawNumber::Int(t));
    }
    let overrides: [(&str, &mut Option<String>); 10] = [
        ("Username", &mut req.username),
        ("WindowsPasswordName", &mut req.windows_password_name),
        ("WorkingDir", &mut req.working_dir),
        ("ContainerId", &mut req.container_id),
        ("ContainerName", &mut req.container_name),
        ("ClientToken", &mut req.client_token),
        ("OssOutputDelivery", &mut req.oss_output_delivery),
        ("Launcher", &mut req.launcher),
        ("TerminationMode", &mut req.termination_mode),
        ("ResourceGroupId", &mut req.resource_group_id),
    ];
    for (key, slot) in overrides {
        if let Some(v) = text(request, key) {
            *slot = Some(v);
        }
    }
    let tags = |key: &str| -> Result<Option<Vec<TagInput>>, ApiError> {
        match request.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => crate::sim::json::read(v, key)
                .map(Some)
                .map_err(|_| malformed(&format!("{key} must be a list of {{Key, Value}}"))),
        }
    };
    req.tag = tags("Tag")?;
    req.resource_tag = tags("ResourceTag")?;
    if req.resource_tag.is_some() && req.instance_id.as_ref().is_some_and(Vec::is_empty) {
        req.instance_id = None;
    }
    Ok(req)
}

/// The `DescribeInvocations` filters the execution simulator's query does not take:
/// `CommandName` and `RepeatMode` (both ignored when `InstanceId` is given, api-spec §4.1),
/// `CommandType`, `Timed` (applied only when given) and `Tag` (every given tag must be on the
/// invocation; a tag without `Value` matches any value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvocationFilters {
    /// `CommandName`.
    pub command_name: Option<String>,
    /// `CommandType`.
    pub command_type: Option<String>,
    /// `RepeatMode`.
    pub repeat_mode: Option<String>,
    /// `Timed`.
    pub timed: Option<bool>,
    /// `Tag` as `(Key, Value)`.
    pub tags: Vec<(String, Option<String>)>,
    /// Only these InvokeIds (the session sets it for `ResourceGroupId`).
    pub invoke_ids: Option<Vec<String>>,
}

impl InvocationFilters {
    /// Reads the filters of a `DescribeInvocations` request.
    pub fn from_request(request: &Value) -> Result<Self, ApiError> {
        let by_instance = text(request, "InstanceId").is_some();
        let timed = match request.get("Timed") {
            None | Some(Value::Null) => None,
            Some(_) => Some(flag(request, "Timed")?),
        };
        let tags: Vec<TagInput> = match request.get("Tag") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => crate::sim::json::read(v, "Tag").map_err(|_| {
                ApiError::with_detail(
                    ApiErrorCode::MalformedInput,
                    "Tag must be a list of {Key, Value}",
                )
            })?,
        };
        Ok(Self {
            command_name: text(request, "CommandName").filter(|_| !by_instance),
            command_type: text(request, "CommandType"),
            repeat_mode: text(request, "RepeatMode").filter(|_| !by_instance),
            timed,
            tags: tags
                .into_iter()
                .filter_map(|t| t.key.map(|k| (k, t.value)))
                .collect(),
            invoke_ids: None,
        })
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether an `Invocation` object of a DescribeInvocations body passes.
    pub fn matches(&self, invocation: &Value) -> bool {
        let field = |name: &str| invocation.get(name).and_then(Value::as_str);
        let same = |want: &Option<String>, name: &str| {
            want.as_deref().is_none_or(|w| field(name) == Some(w))
        };
        let tags = invocation
            .pointer("/Tags/Tag")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        self.invoke_ids
            .as_ref()
            .is_none_or(|ids| field("InvokeId").is_some_and(|id| ids.iter().any(|i| i == id)))
            && same(&self.command_name, "CommandName")
            && same(&self.command_type, "CommandType")
            && same(&self.repeat_mode, "RepeatMode")
            && self
                .timed
                .is_none_or(|t| invocation.get("Timed").and_then(Value::as_bool) == Some(t))
            && self.tags.iter().all(|(k, v)| {
                tags.iter().any(|t| {
                    t.get("TagKey").and_then(Value::as_str) == Some(k.as_str())
                        && v.as_deref()
                            .is_none_or(|v| t.get("TagValue").and_then(Value::as_str) == Some(v))
                })
            })
    }
}

/// A DescribeInvocations body for already filtered `invocations` (newest first), paged with
/// the query's `PageNumber`/`PageSize` or `MaxResults`/`NextToken` (same rules and token form
/// as [`crate::sim::exec::describe_invocations`]).
pub fn paged_invocations(
    invocations: Vec<Value>,
    query: &DescribeInvocationsQuery,
    request_id: &str,
) -> Result<Value, crate::sim::exec::ResponseError> {
    use crate::sim::exec::ResponseError as E;
    let total = invocations.len();
    let token = &query.token_paging;
    let uses_token =
        token.max_results.is_some() || token.next_token.as_deref().is_some_and(|t| !t.is_empty());
    let (page, next): (Vec<Value>, Option<String>) = if uses_token {
        let size = token.max_results.unwrap_or(10);
        if !(1..=50).contains(&size) {
            return Err(E::InvalidMaxResults);
        }
        let offset = match token.next_token.as_deref() {
            None | Some("") => 0,
            Some(t) => crate::sim::paging::token_offset(t).ok_or(E::InvalidNextToken)?,
        };
        let size = usize::try_from(size).unwrap_or(10);
        let end = offset.saturating_add(size);
        let next = if end < total {
            crate::sim::paging::offset_token(end)
        } else {
            String::new()
        };
        (
            invocations.into_iter().skip(offset).take(size).collect(),
            Some(next),
        )
    } else {
        let p = query.paging;
        if p.page_number < 1 {
            return Err(E::InvalidPageNumber);
        }
        if !(1..=50).contains(&p.page_size) {
            return Err(E::InvalidPageSize);
        }
        let size = usize::try_from(p.page_size).unwrap_or(10);
        let skip = usize::try_from(p.page_number - 1)
            .unwrap_or(usize::MAX)
            .saturating_mul(size);
        (
            invocations.into_iter().skip(skip).take(size).collect(),
            None,
        )
    };
    let mut body = serde_json::json!({
        "RequestId": request_id,
        "TotalCount": total,
        "PageNumber": query.paging.page_number,
        "PageSize": query.paging.page_size,
        "Invocations": { "Invocation": page },
    });
    if let (Some(t), Some(map)) = (next, body.as_object_mut()) {
        map.insert("NextToken".into(), Value::String(t));
    }
    Ok(body)
}
