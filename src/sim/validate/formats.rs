//! Format rules of single values: Base64 content and its size, tags, container ids and names,
//! `oss://` delivery targets, control characters.

use crate::sim::error::ApiErrorCode as C;
use crate::sim::request::{ContentEncoding, RunCommandRequest};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::{CONTENT_LIMIT_KEEP, CONTENT_LIMIT_NO_KEEP};

/// The content size as the API measures it, for a UI meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeMeter {
    /// Base64 bytes of the content plus, when given, of the `Parameters` JSON text.
    pub measured: usize,
    /// 18 KB with KeepCommand, 24 KB without.
    pub limit: usize,
}

/// Length of the Base64 form of `n` bytes (padded).
pub fn base64_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// The value if it is set and not empty.
pub(crate) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// Whether `s` holds a control character (tab always allowed; CR/LF when asked).
pub(crate) fn has_illegal_control(s: &str, allow_line_breaks: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(c == '\t' || (allow_line_breaks && (c == '\n' || c == '\r'))))
}

/// Decodes Base64 content (ASCII whitespace ignored), strictly: standard alphabet, canonical
/// `=` padding, zero unused bits.
pub fn decode_base64_content(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD.decode(compact).ok()
}

/// Content bytes as text: UTF-8 as it is, and each byte that is not part of UTF-8 text written
/// as `\xNN`, so no byte is lost. The flag tells whether any byte was written so.
pub fn content_text(bytes: &[u8]) -> (String, bool) {
    let mut text = String::with_capacity(bytes.len());
    let mut escaped = false;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
            escaped = true;
        }
    }
    (text, escaped)
}

/// The content bytes the API works with: decoded when Base64, else the text. `None` when
/// Base64 decoding fails.
pub fn content_bytes(req: &RunCommandRequest) -> Option<Vec<u8>> {
    let text = req.command_content.as_deref().unwrap_or("");
    match req.content_encoding() {
        ContentEncoding::PlainText => Some(text.as_bytes().to_vec()),
        ContentEncoding::Base64 => decode_base64_content(text),
    }
}

/// The size meter for a request, when its content decodes.
pub fn size_meter(req: &RunCommandRequest) -> Option<SizeMeter> {
    let bytes = content_bytes(req)?;
    let mut measured = base64_len(bytes.len());
    if let Some(p) = req.parameters.as_ref().filter(|p| !p.is_empty()) {
        measured += base64_len(p.to_json_text().len());
    }
    let limit = if req.keep_command() {
        CONTENT_LIMIT_KEEP
    } else {
        CONTENT_LIMIT_NO_KEEP
    };
    Some(SizeMeter { measured, limit })
}

/// Why a tag key is malformed, if it is.
pub fn bad_tag_key(key: &str) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    if key.chars().count() > 64 {
        Some("longer than 64 characters".into())
    } else if lower.starts_with("aliyun") || lower.starts_with("acs:") {
        Some("starts with `aliyun` or `acs:`".into())
    } else if lower.contains("http://") || lower.contains("https://") {
        Some("contains `http://` or `https://`".into())
    } else {
        None
    }
}

/// Why a tag value is malformed, if it is.
pub fn bad_tag_value(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if value.chars().count() > 128 {
        Some("longer than 128 characters".into())
    } else if lower.contains("http://") || lower.contains("https://") {
        Some("contains `http://` or `https://`".into())
    } else {
        None
    }
}

/// Whether `id` is a container id: 64 hex characters, optionally after `docker://`,
/// `containerd://` or `cri-o://`.
pub fn is_valid_container_id(id: &str) -> bool {
    let bare = ["docker://", "containerd://", "cri-o://"]
        .iter()
        .find_map(|p| id.strip_prefix(p))
        .unwrap_or(id);
    bare.len() == 64 && bare.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether `name` is a container name (Docker's rule: optional `/`, a letter or digit, then at
/// least one letter, digit, `_`, `.` or `-`; at most 255 characters).
pub fn is_valid_container_name(name: &str) -> bool {
    let n = name.strip_prefix('/').unwrap_or(name);
    let mut chars = n.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest: Vec<char> = chars.collect();
    first_ok
        && !rest.is_empty()
        && n.len() <= 255
        && rest
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// A parsed `oss://bucket/prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OssTarget {
    /// Bucket name.
    pub bucket: String,
    /// Key prefix (may be empty).
    pub prefix: String,
}

/// Parses `OssOutputDelivery`: `Err(code)` is InvalidParameter.OssOutputDelivery or
/// InvalidOssOutputDelivery.KeyPrefixMalformed.
pub fn parse_oss_delivery(s: &str) -> Result<OssTarget, C> {
    let rest = s
        .strip_prefix("oss://")
        .ok_or(C::InvalidParameterOssOutputDelivery)?;
    let (bucket, prefix) = match rest.split_once('/') {
        Some((b, p)) => (b, p),
        None => (rest, ""),
    };
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !bucket.starts_with('-')
        && !bucket.ends_with('-');
    if !bucket_ok {
        return Err(C::InvalidParameterOssOutputDelivery);
    }
    if prefix.starts_with('/')
        || prefix.starts_with('\\')
        || prefix.len() > 1023
        || prefix.contains("//")
        || has_illegal_control(prefix, false)
    {
        return Err(C::InvalidOssOutputDeliveryKeyPrefixMalformed);
    }
    Ok(OssTarget {
        bucket: bucket.to_string(),
        prefix: prefix.to_string(),
    })
}
