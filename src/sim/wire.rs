//! The wire form: the RPC query string the SDK sends for RunCommand, both directions.
//!
//! `InstanceId.1..N`, `Tag.N.Key` / `Tag.N.Value`, `ResourceTag.N.Key` / `.Value` (1-based, in
//! list order), `Parameters` as one JSON text, booleans as `true` / `false`, numbers in decimal.
//! Values are percent-encoded as Alibaba Cloud's RPC signature does (RFC 3986: everything but
//! `A-Z a-z 0-9 - _ . ~` becomes `%XX`, upper-case hex). Unset fields are left out; a field set
//! to the empty string is written as `Key=` so that a round trip keeps it.

use crate::sim::request::{ParameterMap, RawNumber, RunCommandRequest, TagInput};

/// Why a query could not be read back into a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8.
    BadEncoding(String),
    /// A key this operation does not have.
    UnknownKey(String),
    /// A list index that is not a number ≥ 1.
    BadIndex(String),
    /// A boolean that is not `true` / `false`.
    BadBoolean {
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// `Parameters` is not a JSON object.
    BadParameters(String),
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::BadEncoding(s) => write!(f, "bad percent-encoding in `{s}`"),
            WireError::UnknownKey(k) => write!(f, "RunCommand has no parameter `{k}`"),
            WireError::BadIndex(k) => write!(f, "`{k}`: list indexes are numbers from 1"),
            WireError::BadBoolean { key, value } => {
                write!(f, "`{key}={value}`: expected true or false")
            }
            WireError::BadParameters(e) => write!(f, "Parameters is not a JSON object: {e}"),
        }
    }
}

impl std::error::Error for WireError {}

/// Percent-encodes `s` (RFC 3986 unreserved characters kept).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space, as form data does).
pub fn percent_decode(s: &str) -> Result<String, WireError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let v = hex
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| WireError::BadEncoding(s.to_string()))?;
                out.push(v);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| WireError::BadEncoding(s.to_string()))
}

/// The request as ordered `(key, value)` pairs of the wire form (not encoded).
pub fn to_pairs(req: &RunCommandRequest) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = Vec::new();
    let mut s = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            p.push((k.to_string(), v.clone()));
        }
    };
    s("RegionId", &req.region_id);
    s("ResourceGroupId", &req.resource_group_id);
    s("Name", &req.name);
    s("Description", &req.description);
    s("Type", &req.r#type);
    s("CommandContent", &req.command_content);
    s("WorkingDir", &req.working_dir);
    s("Timeout", &req.timeout.as_ref().map(RawNumber::to_text));
    s(
        "EnableParameter",
        &req.enable_parameter.map(|b| b.to_string()),
    );
    s("RepeatMode", &req.repeat_mode);
    s("Timed", &req.timed.map(|b| b.to_string()));
    s("Frequency", &req.frequency);
    s(
        "Parameters",
        &req.parameters.as_ref().map(ParameterMap::to_json_text),
    );
    s("KeepCommand", &req.keep_command.map(|b| b.to_string()));
    s("ContentEncoding", &req.content_encoding);
    s("Username", &req.username);
    s("WindowsPasswordName", &req.windows_password_name);
    for (i, id) in req.instance_ids().iter().enumerate() {
        p.push((format!("InstanceId.{}", i + 1), id.clone()));
    }
    push_tags(&mut p, "Tag", req.tags());
    let mut s = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            p.push((k.to_string(), v.clone()));
        }
    };
    s("ContainerId", &req.container_id);
    s("ContainerName", &req.container_name);
    s("ClientToken", &req.client_token);
    s("OssOutputDelivery", &req.oss_output_delivery);
    push_tags(&mut p, "ResourceTag", req.resource_tags());
    let mut s = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            p.push((k.to_string(), v.clone()));
        }
    };
    s("TerminationMode", &req.termination_mode);
    s("Launcher", &req.launcher);
    p
}

fn push_tags(p: &mut Vec<(String, String)>, field: &str, tags: &[TagInput]) {
    for (i, t) in tags.iter().enumerate() {
        if let Some(k) = &t.key {
            p.push((format!("{field}.{}.Key", i + 1), k.clone()));
        }
        if let Some(v) = &t.value {
            p.push((format!("{field}.{}.Value", i + 1), v.clone()));
        }
    }
}

/// The URL-encoded query (`Action=RunCommand&…` is not included: only the business parameters).
pub fn to_query(req: &RunCommandRequest) -> String {
    to_pairs(req)
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Common RPC parameters that are accepted and ignored when reading a query back.
const COMMON_KEYS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "Timestamp",
    "SignatureMethod",
    "SignatureType",
    "SignatureVersion",
    "SignatureNonce",
    "Signature",
    "AccessKeyId",
    "SecurityToken",
    "OwnerId",
    "OwnerAccount",
    "ResourceOwnerId",
    "ResourceOwnerAccount",
];

fn parse_bool(key: &str, v: &str) -> Result<bool, WireError> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(WireError::BadBoolean {
            key: key.to_string(),
            value: v.to_string(),
        }),
    }
}

fn index_of(key: &str, n: &str) -> Result<usize, WireError> {
    match n.parse::<usize>() {
        Ok(i) if i >= 1 => Ok(i),
        _ => Err(WireError::BadIndex(key.to_string())),
    }
}

fn set_tag(list: &mut Vec<(usize, TagInput)>, idx: usize, is_key: bool, v: String) {
    let pos = match list.iter().position(|(i, _)| *i == idx) {
        Some(p) => p,
        None => {
            list.push((idx, TagInput::default()));
            list.len() - 1
        }
    };
    if let Some((_, t)) = list.get_mut(pos) {
        if is_key {
            t.key = Some(v);
        } else {
            t.value = Some(v);
        }
    }
}

/// Reads a query (with or without a leading `?`, or a whole URL) back into a request.
pub fn from_query(query: &str) -> Result<RunCommandRequest, WireError> {
    let mut req = RunCommandRequest::default();
    let mut ids: Vec<(usize, String)> = Vec::new();
    let mut tags: Vec<(usize, TagInput)> = Vec::new();
    let mut rtags: Vec<(usize, TagInput)> = Vec::new();
    let mut q = query.trim();
    // A whole URL (`https://ecs.aliyuncs.com/?Action=…`) or a leading `?`: keep the query part.
    if let Some((head, rest)) = q.split_once('?') {
        if !head.contains('=') && !head.contains('&') {
            q = rest;
        }
    }
    for part in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let key = percent_decode(k)?;
        let v = percent_decode(v)?;
        let segs: Vec<&str> = key.split('.').collect();
        match segs.as_slice() {
            ["RegionId"] => req.region_id = Some(v),
            ["ResourceGroupId"] => req.resource_group_id = Some(v),
            ["Name"] => req.name = Some(v),
            ["Description"] => req.description = Some(v),
            ["Type"] => req.r#type = Some(v),
            ["CommandContent"] => req.command_content = Some(v),
            ["WorkingDir"] => req.working_dir = Some(v),
            ["Timeout"] => {
                req.timeout = Some(match v.parse::<i64>() {
                    Ok(n) if n.to_string() == v => RawNumber::Int(n),
                    _ => RawNumber::Text(v),
                })
            }
            ["EnableParameter"] => req.enable_parameter = Some(parse_bool(&key, &v)?),
            ["RepeatMode"] => req.repeat_mode = Some(v),
            ["Timed"] => req.timed = Some(parse_bool(&key, &v)?),
            ["Frequency"] => req.frequency = Some(v),
            ["Parameters"] => {
                req.parameters = Some(
                    serde_json::from_str::<ParameterMap>(&v)
                        .map_err(|e| WireError::BadParameters(e.to_string()))?,
                )
            }
            ["KeepCommand"] => req.keep_command = Some(parse_bool(&key, &v)?),
            ["ContentEncoding"] => req.content_encoding = Some(v),
            ["Username"] => req.username = Some(v),
            ["WindowsPasswordName"] => req.windows_password_name = Some(v),
            ["ContainerId"] => req.container_id = Some(v),
            ["ContainerName"] => req.container_name = Some(v),
            ["ClientToken"] => req.client_token = Some(v),
            ["OssOutputDelivery"] => req.oss_output_delivery = Some(v),
            ["TerminationMode"] => req.termination_mode = Some(v),
            ["Launcher"] => req.launcher = Some(v),
            ["InstanceId", n] => ids.push((index_of(&key, n)?, v)),
            ["Tag", n, "Key"] => set_tag(&mut tags, index_of(&key, n)?, true, v),
            ["Tag", n, "Value"] => set_tag(&mut tags, index_of(&key, n)?, false, v),
            ["ResourceTag", n, "Key"] => set_tag(&mut rtags, index_of(&key, n)?, true, v),
            ["ResourceTag", n, "Value"] => set_tag(&mut rtags, index_of(&key, n)?, false, v),
            [k] if COMMON_KEYS.contains(k) => {}
            _ => return Err(WireError::UnknownKey(key)),
        }
    }
    if !ids.is_empty() {
        ids.sort_by_key(|(i, _)| *i);
        req.instance_id = Some(ids.into_iter().map(|(_, v)| v).collect());
    }
    if !tags.is_empty() {
        tags.sort_by_key(|(i, _)| *i);
        req.tag = Some(tags.into_iter().map(|(_, t)| t).collect());
    }
    if !rtags.is_empty() {
        rtags.sort_by_key(|(i, _)| *i);
        req.resource_tag = Some(rtags.into_iter().map(|(_, t)| t).collect());
    }
    Ok(req)
}
