//! The saved commands (`RunCommand` with `KeepCommand=true`) as `DescribeCommands` lists them
//! and `DeleteCommand` removes them. The endpoint keeps this list next to the session: it is
//! filled from the session's accepted answers, and a deleted command is refused by
//! `InvokeCommand` here before the session sees the call.

use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::request::{ContentEncoding, RunCommandRequest};
use crate::sim::template;

/// One saved command.
#[derive(Debug, Clone)]
struct Saved {
    command_id: String,
    region_id: String,
    created: DateTime<Utc>,
    request: RunCommandRequest,
    invoke_times: u64,
}

/// The saved commands, in creation order, and the deleted ids.
#[derive(Debug, Default)]
pub struct Commands {
    saved: Vec<Saved>,
    deleted: Vec<String>,
}

impl Commands {
    /// Records what an answered call means for the saved commands.
    pub fn observe(&mut self, at: DateTime<Utc>, action: &str, request: &Value, answer: &Value) {
        match action {
            "RunCommand" => {
                let Ok(req) = RunCommandRequest::from_json_value(request) else {
                    return;
                };
                let Some(id) = answer.get("CommandId").and_then(Value::as_str) else {
                    return;
                };
                if req.keep_command() && !self.saved.iter().any(|s| s.command_id == id) {
                    self.saved.push(Saved {
                        command_id: id.to_string(),
                        region_id: req.region_id.clone().unwrap_or_default(),
                        created: at,
                        request: req,
                        invoke_times: 0,
                    });
                }
            }
            "InvokeCommand" => {
                let id = request.get("CommandId").and_then(Value::as_str);
                if let Some(s) = self
                    .saved
                    .iter_mut()
                    .find(|s| Some(s.command_id.as_str()) == id)
                {
                    s.invoke_times += 1;
                }
            }
            _ => {}
        }
    }

    /// Whether `InvokeCommand` names a deleted command.
    pub fn is_deleted(&self, request: &Value) -> bool {
        request
            .get("CommandId")
            .and_then(Value::as_str)
            .is_some_and(|id| self.deleted.iter().any(|d| d == id))
    }

    /// `DeleteCommand`: `{RequestId}` or `InvalidCmdId.NotFound`.
    pub fn delete(&mut self, request: &Value, request_id: &str) -> Result<Value, ApiError> {
        let region = text(request, "RegionId")
            .ok_or_else(|| ApiError::with_detail(ApiErrorCode::MissingParameter, "RegionId"))?;
        let id = text(request, "CommandId")
            .ok_or_else(|| ApiError::with_detail(ApiErrorCode::MissingParameter, "CommandId"))?;
        let at = self
            .saved
            .iter()
            .position(|s| s.command_id == id && s.region_id == region)
            .ok_or_else(|| ApiError::new(ApiErrorCode::InvalidCmdIdNotFound))?;
        let gone = self.saved.remove(at);
        self.deleted.push(gone.command_id);
        Ok(json!({ "RequestId": request_id }))
    }

    /// `DescribeCommands`: the region's saved commands, filtered by `CommandId`, `Name` and
    /// `Type`, paged by `PageNumber` / `PageSize` (1–50, default 10).
    pub fn describe(&self, request: &Value, request_id: &str) -> Result<Value, ApiError> {
        let region = text(request, "RegionId")
            .ok_or_else(|| ApiError::with_detail(ApiErrorCode::MissingParameter, "RegionId"))?;
        let page_number = number(request, "PageNumber", 1, u64::MAX)?;
        let page_size = number(request, "PageSize", 10, 50)?;
        let plain =
            text(request, "ContentEncoding").is_some_and(|e| e.eq_ignore_ascii_case("PlainText"));
        let matching: Vec<&Saved> = self
            .saved
            .iter()
            .filter(|s| s.region_id == region)
            .filter(|s| text(request, "CommandId").is_none_or(|c| c == s.command_id))
            .filter(|s| text(request, "Name").is_none_or(|n| Some(n) == s.request.name.as_deref()))
            .filter(|s| {
                text(request, "Type").is_none_or(|t| Some(t) == s.request.r#type.as_deref())
            })
            .collect();
        let skip = (page_number - 1).saturating_mul(page_size);
        let page: Vec<Value> = matching
            .iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(page_size as usize)
            .map(|s| command_json(s, plain))
            .collect();
        Ok(json!({
            "RequestId": request_id,
            "TotalCount": matching.len(),
            "PageNumber": page_number,
            "PageSize": page_size,
            "Commands": { "Command": page },
        }))
    }
}

fn command_json(s: &Saved, plain: bool) -> Value {
    let r = &s.request;
    let raw = r.command_content.clone().unwrap_or_default();
    let b64 = base64::engine::general_purpose::STANDARD;
    let text = match r.content_encoding() {
        ContentEncoding::Base64 => b64
            .decode(raw.as_bytes())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default(),
        ContentEncoding::PlainText => raw,
    };
    let names: Vec<String> = if r.enable_parameter() {
        template::scan(&text)
            .custom_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "CommandId": s.command_id,
        "Name": r.name.clone().unwrap_or_default(),
        "Description": r.description.clone().unwrap_or_default(),
        "Type": r.r#type.clone().unwrap_or_default(),
        "CommandContent": if plain { text } else { b64.encode(text.as_bytes()) },
        "WorkingDir": r.working_dir.clone().unwrap_or_default(),
        "Timeout": r.timeout_secs().unwrap_or_default(),
        "CreationTime": s.created.to_rfc3339_opts(SecondsFormat::Secs, true),
        "EnableParameter": r.enable_parameter(),
        "ParameterNames": { "ParameterName": names },
        "InvokeTimes": s.invoke_times,
        "Launcher": r.launcher.clone().unwrap_or_default(),
        "ResourceGroupId": r.resource_group_id.clone().unwrap_or_default(),
        "Provider": "",
        "Category": "",
        "Version": 1,
        "Latest": true,
        "Tags": { "Tag": [] },
    })
}

fn text<'a>(request: &'a Value, key: &str) -> Option<&'a str> {
    request
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn number(request: &Value, key: &str, default: u64, max: u64) -> Result<u64, ApiError> {
    let invalid = || ApiError::with_detail(ApiErrorCode::InvalidParameter, key);
    let n = match request.get(key) {
        None | Some(Value::Null) => return Ok(default),
        Some(Value::String(s)) if s.is_empty() => return Ok(default),
        Some(Value::String(s)) => s.parse::<u64>().map_err(|_| invalid())?,
        Some(Value::Number(n)) => n.as_u64().ok_or_else(invalid)?,
        Some(_) => return Err(invalid()),
    };
    if n == 0 || n > max {
        return Err(invalid());
    }
    Ok(n)
}
