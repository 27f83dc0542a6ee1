//! API validation of a RunCommand request against a world, as the real API answers it.
//!
//! Checks run in a fixed, documented order so that one request always yields one answer:
//!
//! 0. account fault switches (`faults.forceError`, `operationForbidden`, `bidUser`);
//! 1. **missing** — required values absent;
//! 2. **malformed** — enum values, formats, combinations;
//! 3. **limits** — lengths, counts, the content size;
//! 4. **references** — region, resource group, instances, OSS bucket, parameter store (and the
//!    fault switches tied to them);
//! 5. **quotas** — saved commands, daily invocations;
//! 6. dispatch (`faults.dispatchError`).
//!
//! [`check_all`] lists every problem at once (for a form's inline errors), each with the field
//! it points at; [`validate`] returns the first one, or the [`ValidatedRequest`] with the
//! effective values, the targets and the per-instance findings (e.g. `ClientNeedUpgrade`,
//! which is a per-instance `ErrorCode`, not a call error).
//!
//! The rule chosen for each code is in the table of `docs/core-README-fragment.md`.

use std::collections::BTreeMap;
use std::ops::Range;

use base64::Engine;

use crate::sim::error::{ApiError, ApiErrorCode as C};
use crate::sim::request::{CommandType, ContentEncoding, RepeatMode, RunCommandRequest, TagInput};
use crate::sim::schedule::{check_api_frequency, FrequencyKind};
use crate::sim::template::{self, PlaceholderKind, TemplateScan};
use crate::sim::world::{Instance, InstanceStatus, Os, ResourceGroupStatus, World};

/// Longest `Name`, in characters.
pub const MAX_NAME_CHARS: usize = 128;
/// Longest `Description`, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 512;
/// Longest `WorkingDir`, in characters.
pub const MAX_WORKING_DIR_CHARS: usize = 200;
/// Longest `Username` / `WindowsPasswordName`, in characters.
pub const MAX_USERNAME_CHARS: usize = 255;
/// Longest `Launcher`, in bytes (1 KB).
pub const MAX_LAUNCHER_BYTES: usize = 1024;
/// Longest `ClientToken`, in ASCII characters.
pub const MAX_CLIENT_TOKEN: usize = 64;
/// Most instances per call.
pub const MAX_INSTANCES: usize = 100;
/// Most `Tag` / `ResourceTag` entries.
pub const MAX_TAGS: usize = 20;
/// Most `Parameters` pairs.
pub const MAX_PARAMETER_PAIRS: usize = 10;
/// Longest `Parameters` key, in characters.
pub const MAX_PARAMETER_KEY_CHARS: usize = 64;
/// Content budget (Base64 bytes, parameters included) with KeepCommand=true: 18 KB.
pub const CONTENT_LIMIT_KEEP: usize = 18 * 1024;
/// Content budget (Base64 bytes, parameters included) with KeepCommand=false: 24 KB.
pub const CONTENT_LIMIT_NO_KEEP: usize = 24 * 1024;
/// The largest `Timeout` accepted (the real value is undocumented; chosen: one day).
pub const MAX_TIMEOUT_SECS: i64 = 86_400;

/// Which stage of the check order a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Account-level fault switches.
    Account,
    /// Required values absent.
    Missing,
    /// Bad values and combinations.
    Malformed,
    /// Lengths, counts, sizes.
    Limits,
    /// Things the request names that must exist.
    References,
    /// Region quotas.
    Quotas,
    /// The dispatch step.
    Dispatch,
}

/// One problem, pointing at its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The check stage.
    pub phase: Phase,
    /// The field, spelled as the SDK does (`Tag`, `InstanceId`, `Parameters`, …).
    pub field: &'static str,
    /// The 0-based index in a list field (or the pair index in `Parameters`).
    pub index: Option<usize>,
    /// The sub-field (`Key` / `Value`) of a tag, or the `Parameters` key.
    pub sub: Option<String>,
    /// A byte span in the decoded content, for placeholders.
    pub span: Option<Range<usize>>,
    /// The API error.
    pub error: ApiError,
    /// Why, in the simulator's words (the API message is terse).
    pub detail: String,
}

impl Problem {
    /// The wire-style path: `Tag.2.Key`, `InstanceId.1`, `Parameters.name`, `Name`.
    pub fn path(&self) -> String {
        let mut p = self.field.to_string();
        if let Some(i) = self.index {
            p.push_str(&format!(".{}", i + 1));
        }
        if let Some(s) = &self.sub {
            p.push('.');
            p.push_str(s);
        }
        p
    }
}

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

/// A per-instance outcome known at call time, for the execution simulator. These are
/// per-instance `ErrorCode`s (api-spec §6.5), not call errors: the call still succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceFinding {
    /// The instance.
    pub instance_id: String,
    /// `ClientNeedUpgrade`, `InstanceNotRunning`, `ClientNotRunning`, `ClientNotResponse`,
    /// `ClientIsUpgrading`.
    pub error_code: &'static str,
    /// The ErrorInfo text.
    pub error_info: String,
}

/// What the account has used so far (kept by the session).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// Saved commands added per region (on top of the world's `savedCommands`).
    pub saved_commands: BTreeMap<String, u32>,
    /// Invocations made today per region.
    pub invocations_today: BTreeMap<String, u32>,
}

/// Everything [`check_all`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Problems, in check order (the first is the API's answer).
    pub problems: Vec<Problem>,
    /// Non-blocking notes (deprecated `Timed`, unknown `ContentEncoding`, brace warnings, …).
    pub warnings: Vec<String>,
    /// The content size meter, when the content could be measured.
    pub size: Option<SizeMeter>,
}

/// A request that passed validation, with its effective values.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedRequest {
    /// The request as typed.
    pub request: RunCommandRequest,
    /// Its region.
    pub region_id: String,
    /// The command type.
    pub command_type: CommandType,
    /// Effective RepeatMode.
    pub repeat_mode: RepeatMode,
    /// The Frequency and its kind, when scheduled.
    pub frequency: Option<(String, FrequencyKind)>,
    /// Effective Timeout.
    pub timeout_secs: i64,
    /// The decoded content (lossy UTF-8).
    pub content: String,
    /// Placeholders of the content.
    pub template: TemplateScan,
    /// Target instances (deduplicated, in request order or world order for ResourceTag).
    pub instance_ids: Vec<String>,
    /// Per-instance outcomes known now.
    pub findings: Vec<InstanceFinding>,
    /// The size meter.
    pub size: SizeMeter,
    /// Non-blocking notes.
    pub warnings: Vec<String>,
}

struct Checker {
    problems: Vec<Problem>,
    phase: Phase,
}

impl Checker {
    fn push(&mut self, field: &'static str, error: ApiError, detail: impl Into<String>) {
        self.push_at(field, None, None, error, detail);
    }

    fn push_at(
        &mut self,
        field: &'static str,
        index: Option<usize>,
        sub: Option<String>,
        error: ApiError,
        detail: impl Into<String>,
    ) {
        self.problems.push(Problem {
            phase: self.phase,
            field,
            index,
            sub,
            span: None,
            error,
            detail: detail.into(),
        });
    }

    fn code(&mut self, field: &'static str, code: C, detail: impl Into<String>) {
        self.push(field, ApiError::new(code), detail);
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn has_illegal_control(s: &str, allow_line_breaks: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(c == '\t' || (allow_line_breaks && (c == '\n' || c == '\r'))))
}

/// Decodes Base64 content (ASCII whitespace ignored).
pub fn decode_base64_content(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
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

fn bad_tag_key(key: &str) -> Option<String> {
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

fn bad_tag_value(value: &str) -> Option<String> {
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

fn check_tags(ck: &mut Checker, field: &'static str, tags: &[TagInput], codes: (C, C, C, C)) {
    let (missing, bad_key, bad_value, duplicate) = codes;
    if ck.phase == Phase::Missing {
        for (i, t) in tags.iter().enumerate() {
            if nonempty(&t.key).is_none() {
                ck.push_at(
                    field,
                    Some(i),
                    Some("Key".into()),
                    ApiError::new(missing),
                    "the key is empty",
                );
            }
        }
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        let Some(key) = nonempty(&t.key) else {
            continue;
        };
        if let Some(why) = bad_tag_key(key) {
            ck.push_at(
                field,
                Some(i),
                Some("Key".into()),
                ApiError::new(bad_key),
                format!("the key {why}"),
            );
        }
        if let Some(why) = t.value.as_deref().and_then(bad_tag_value) {
            ck.push_at(
                field,
                Some(i),
                Some("Value".into()),
                ApiError::new(bad_value),
                format!("the value {why}"),
            );
        }
        if seen.contains(&key) {
            ck.push_at(
                field,
                Some(i),
                Some("Key".into()),
                ApiError::new(duplicate),
                format!("the key `{key}` is repeated"),
            );
        }
        seen.push(key);
    }
}

fn tags_match(instance: &Instance, wanted: &[TagInput]) -> bool {
    wanted.iter().all(|w| {
        let key = w.key.as_deref().unwrap_or("");
        instance.tags.iter().any(|t| {
            t.key == key
                && match w.value.as_deref() {
                    None | Some("") => true,
                    Some(v) => t.value == v,
                }
        })
    })
}

fn version_at_least(have: &[u32], need: &[u32]) -> bool {
    have >= need
}

/// The instance targets of a request in a world (InstanceId or ResourceTag), deduplicated,
/// without any error checks: ids that do not exist are skipped.
pub fn resolve_targets<'w>(req: &RunCommandRequest, world: &'w World) -> Vec<&'w Instance> {
    let region = req.region_id.as_deref().unwrap_or("");
    let rg = nonempty(&req.resource_group_id);
    let in_scope = |i: &Instance| -> bool {
        i.region_id == region
            && !i.faults.released
            && rg.is_none_or(|g| {
                i.resource_group_id == g
                    || world
                        .resource_group(&i.resource_group_id)
                        .is_some_and(|x| x.is_default)
            })
    };
    let mut out: Vec<&Instance> = Vec::new();
    if !req.instance_ids().is_empty() {
        for id in req.instance_ids() {
            if let Some(i) = world.instance(id).filter(|i| in_scope(i)) {
                if !out.iter().any(|o| o.instance_id == i.instance_id) {
                    out.push(i);
                }
            }
        }
    } else if !req.resource_tags().is_empty() {
        out = world
            .instances
            .iter()
            .filter(|i| in_scope(i) && tags_match(i, req.resource_tags()))
            .collect();
    }
    out
}

/// Lists every problem of `req` against `world` and `usage`, in check order.
pub fn check_all(req: &RunCommandRequest, world: &World, usage: &Usage) -> Report {
    let mut ck = Checker {
        problems: Vec::new(),
        phase: Phase::Account,
    };
    let mut warnings = Vec::new();

    // 0. Account fault switches.
    if let Some(code) = world.faults.force_error.as_deref().and_then(C::from_code) {
        ck.code("", code, "faults.forceError is set in the world");
    }
    if world.faults.operation_forbidden {
        ck.code(
            "",
            C::OperationForbidden,
            "faults.operationForbidden is set in the world",
        );
    }
    if world.faults.bid_user {
        ck.code(
            "",
            C::OperationDeniedBidOwnResource,
            "faults.bidUser is set in the world",
        );
    }

    // 1. Missing.
    ck.phase = Phase::Missing;
    let region = nonempty(&req.region_id);
    if region.is_none() {
        ck.push(
            "RegionId",
            ApiError::with_detail(C::MissingParameter, "RegionId"),
            "RegionId is required",
        );
    }
    if nonempty(&req.r#type).is_none() {
        ck.push(
            "Type",
            ApiError::with_detail(C::MissingParameter, "Type"),
            "Type is required",
        );
    }
    if nonempty(&req.command_content).is_none() {
        ck.push(
            "CommandContent",
            ApiError::with_detail(C::MissingParameter, "CommandContent"),
            "CommandContent is required",
        );
    }
    let ids = req.instance_ids();
    if ids.is_empty() && req.resource_tags().is_empty() {
        ck.code(
            "InstanceId",
            C::MissingParamInstanceId,
            "give InstanceId or ResourceTag",
        );
    }
    for (i, id) in ids.iter().enumerate() {
        if id.trim().is_empty() {
            ck.push_at(
                "InstanceId",
                Some(i),
                None,
                ApiError::new(C::MissingParamInstanceId),
                "this instance id is empty",
            );
        }
    }
    if req.repeat_mode.as_deref() == Some("Period") && req.frequency().is_none() {
        ck.code(
            "Frequency",
            C::MissingParamFrequency,
            "RepeatMode=Period needs a Frequency",
        );
    }
    check_tags(
        &mut ck,
        "Tag",
        req.tags(),
        (
            C::MissingParameterTagKey,
            C::InvalidTagKeyMalformed,
            C::InvalidTagValueMalformed,
            C::DuplicateTagKey,
        ),
    );
    check_tags(
        &mut ck,
        "ResourceTag",
        req.resource_tags(),
        (
            C::MissingParameterResourceTagKey,
            C::InvalidResourceTagKeyMalformed,
            C::InvalidResourceTagValueMalformed,
            C::DuplicateResourceTagKey,
        ),
    );
    let cmd_type = req.command_type();
    if cmd_type.is_some_and(CommandType::is_windows) {
        if let Some(user) = nonempty(&req.username) {
            if !user.eq_ignore_ascii_case("System")
                && nonempty(&req.windows_password_name).is_none()
            {
                ck.code(
                    "WindowsPasswordName",
                    C::WindowsPasswordNameMissed,
                    format!("user `{user}` on Windows needs WindowsPasswordName"),
                );
            }
        }
    }
    for (i, (k, _)) in req.parameter_pairs().iter().enumerate() {
        if k.is_empty() {
            ck.push_at(
                "Parameters",
                Some(i),
                Some(String::new()),
                ApiError::new(C::CmdParamEmptyKey),
                "a Parameters key is empty",
            );
        }
    }

    // 2. Malformed.
    ck.phase = Phase::Malformed;
    if let Some(t) = nonempty(&req.r#type) {
        if cmd_type.is_none() {
            ck.code(
                "Type",
                C::InvalidCmdTypeNotFound,
                format!("`{t}` is not RunShellScript, RunBatScript or RunPowerShellScript"),
            );
        }
    }
    if let Err(raw) = req.repeat_mode() {
        ck.code(
            "RepeatMode",
            C::InvalidRepeatModeNotFound,
            format!("`{raw}` is not Once, Period, NextRebootOnly, EveryReboot or DryRun"),
        );
    }
    if let Some(t) = nonempty(&req.termination_mode) {
        if crate::sim::request::TerminationMode::parse(t).is_none() {
            ck.code(
                "TerminationMode",
                C::InvalidTerminationModeNotFound,
                format!("`{t}` is not Process or ProcessTree"),
            );
        }
    }
    let timeout = match req.timeout_secs() {
        Ok(t) if t >= 0 => Some(t),
        Ok(t) => {
            ck.push(
                "Timeout",
                ApiError::with_detail(C::InvalidParameter, "Timeout"),
                format!("{t} is negative"),
            );
            None
        }
        Err(raw) => {
            ck.push(
                "Timeout",
                ApiError::with_detail(C::InvalidParameter, "Timeout"),
                format!("`{raw}` is not a whole number of seconds"),
            );
            None
        }
    };
    if let Some(f) = req.frequency() {
        let t = timeout.unwrap_or(crate::sim::request::DEFAULT_TIMEOUT_SECS);
        if let Err(e) = check_api_frequency(f, t) {
            ck.code("Frequency", C::InvalidParamFrequency, e.reason);
        }
    }
    if !ids.is_empty() && !req.resource_tags().is_empty() {
        ck.code(
            "ResourceTag",
            C::InvalidResourceTagConflictWithInstanceIds,
            "give InstanceId or ResourceTag, not both",
        );
    }
    check_tags(
        &mut ck,
        "Tag",
        req.tags(),
        (
            C::MissingParameterTagKey,
            C::InvalidTagKeyMalformed,
            C::InvalidTagValueMalformed,
            C::DuplicateTagKey,
        ),
    );
    check_tags(
        &mut ck,
        "ResourceTag",
        req.resource_tags(),
        (
            C::MissingParameterResourceTagKey,
            C::InvalidResourceTagKeyMalformed,
            C::InvalidResourceTagValueMalformed,
            C::DuplicateResourceTagKey,
        ),
    );
    if let Some(id) = nonempty(&req.container_id) {
        if !is_valid_container_id(id) {
            ck.code(
                "ContainerId",
                C::InvalidContainerIdMalformed,
                "not 64 hex characters (optionally after docker://, containerd:// or cri-o://)",
            );
        }
    }
    if let Some(name) = nonempty(&req.container_name) {
        if !is_valid_container_name(name) {
            ck.code(
                "ContainerName",
                C::InvalidContainerNameMalformed,
                "a name is a letter or digit then at least one letter, digit, `_`, `.` or `-`",
            );
        }
    }
    if let Some(token) = nonempty(&req.client_token) {
        if !token.is_ascii() || token.len() > MAX_CLIENT_TOKEN {
            ck.code(
                "ClientToken",
                C::InvalidClientTokenMalformed,
                "ASCII only, at most 64 characters",
            );
        }
    }
    if let Some(oss) = nonempty(&req.oss_output_delivery) {
        if let Err(code) = parse_oss_delivery(oss) {
            ck.code(
                "OssOutputDelivery",
                code,
                "expected oss://<bucket>/<prefix>",
            );
        }
    }
    if let Some(name) = nonempty(&req.name) {
        if has_illegal_control(name, false) {
            ck.code(
                "Name",
                C::InvalidParameterCharacterCommandName,
                "control characters are not allowed",
            );
        }
    }
    if let Some(d) = nonempty(&req.description) {
        if has_illegal_control(d, true) {
            ck.code(
                "Description",
                C::InvalidParameterCharacterCommandDescription,
                "control characters are not allowed",
            );
        }
    }
    if let Some(w) = nonempty(&req.working_dir) {
        if has_illegal_control(w, false) {
            ck.code(
                "WorkingDir",
                C::InvalidParameterCharacterCommandWorkingDir,
                "control characters are not allowed",
            );
        }
    }
    if let Some(enc) = nonempty(&req.content_encoding) {
        let e = enc.trim();
        if !e.eq_ignore_ascii_case("base64") && !e.eq_ignore_ascii_case("plaintext") {
            warnings.push(format!(
                "ContentEncoding `{enc}` is not PlainText or Base64: treated as PlainText"
            ));
        }
    }
    if req.timed.is_some() {
        warnings.push("Timed is deprecated and has no effect".to_string());
    }
    if req.has_container()
        && (nonempty(&req.username).is_some() || nonempty(&req.working_dir).is_some())
    {
        warnings
            .push("Username and WorkingDir are ignored when a container is targeted".to_string());
    }
    let bytes = if nonempty(&req.command_content).is_some() {
        match content_bytes(req) {
            Some(b) => Some(b),
            None => {
                ck.code(
                    "CommandContent",
                    C::CmdContentDecodeError,
                    "ContentEncoding is Base64 but the content is not valid Base64",
                );
                None
            }
        }
    } else {
        None
    };
    let content = bytes
        .as_ref()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let scan = content.as_deref().map(template::scan).unwrap_or_default();
    let enabled = req.enable_parameter();
    let pairs = req.parameter_pairs();
    if !pairs.is_empty() && !enabled {
        ck.code(
            "Parameters",
            C::ParameterDisabled,
            "Parameters needs EnableParameter=true",
        );
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        if !v.is_string() {
            ck.push_at(
                "Parameters",
                Some(i),
                Some(k.clone()),
                ApiError::new(C::ParameterTypeNotSupported),
                "values must be strings",
            );
        }
        let text_bad = has_illegal_control(k, false)
            || v.as_str().is_some_and(|s| has_illegal_control(s, true));
        if text_bad {
            ck.push_at(
                "Parameters",
                Some(i),
                Some(k.clone()),
                ApiError::new(C::InvalidParameterCharsetParameters),
                "control characters are not allowed",
            );
        }
        if !k.is_empty() && pairs[..i].iter().any(|(p, _)| p.eq_ignore_ascii_case(k)) {
            ck.push_at(
                "Parameters",
                Some(i),
                Some(k.clone()),
                ApiError::new(C::ParameterKeyDuplicate),
                format!("`{k}` is repeated (keys are case-insensitive)"),
            );
        }
    }
    if enabled {
        for p in &scan.placeholders {
            if let PlaceholderKind::InvalidName(why) = &p.kind {
                ck.problems.push(Problem {
                    phase: Phase::Malformed,
                    field: "CommandContent",
                    index: None,
                    sub: Some(p.name.clone()),
                    span: Some(p.span.clone()),
                    error: ApiError::new(C::CmdParamInvalidParamName),
                    detail: why.clone(),
                });
            }
        }
        for (i, (k, _)) in pairs.iter().enumerate() {
            if !k.is_empty() && !scan.defines(k) {
                ck.push_at(
                    "Parameters",
                    Some(i),
                    Some(k.clone()),
                    ApiError::new(C::ParameterNotMatched),
                    format!("`{k}` is not a {{{{parameter}}}} of the content"),
                );
            }
        }
        for w in &scan.warnings {
            warnings.push(format!(
                "CommandContent bytes {}..{}: {}",
                w.span.start, w.span.end, w.message
            ));
        }
    } else if scan
        .placeholders
        .iter()
        .any(|p| p.kind == PlaceholderKind::BuiltIn)
    {
        warnings.push(
            "EnableParameter is false: {{ACS::…}} placeholders reach the script literally"
                .to_string(),
        );
    }

    // 3. Limits.
    ck.phase = Phase::Limits;
    let chars = |s: &Option<String>| s.as_deref().map_or(0, |s| s.chars().count());
    if chars(&req.name) > MAX_NAME_CHARS {
        ck.code(
            "Name",
            C::CmdNameExceedLimit,
            format!("{} characters > {MAX_NAME_CHARS}", chars(&req.name)),
        );
    }
    if chars(&req.description) > MAX_DESCRIPTION_CHARS {
        ck.code(
            "Description",
            C::CmdDescExceedLimit,
            format!(
                "{} characters > {MAX_DESCRIPTION_CHARS}",
                chars(&req.description)
            ),
        );
    }
    if chars(&req.working_dir) > MAX_WORKING_DIR_CHARS {
        ck.code(
            "WorkingDir",
            C::InvalidParameterWorkingDir,
            format!(
                "{} characters > {MAX_WORKING_DIR_CHARS}",
                chars(&req.working_dir)
            ),
        );
    }
    if chars(&req.username) > MAX_USERNAME_CHARS {
        ck.code(
            "Username",
            C::UsernameExceedLimit,
            format!("{} characters > {MAX_USERNAME_CHARS}", chars(&req.username)),
        );
    }
    if chars(&req.windows_password_name) > MAX_USERNAME_CHARS {
        ck.code(
            "WindowsPasswordName",
            C::WindowsPasswordNameExceedLimit,
            format!(
                "{} characters > {MAX_USERNAME_CHARS}",
                chars(&req.windows_password_name)
            ),
        );
    }
    let launcher_len = req.launcher.as_deref().map_or(0, str::len);
    if launcher_len > MAX_LAUNCHER_BYTES {
        ck.code(
            "Launcher",
            C::InvalidLauncherLengthLimitExceeded,
            format!("{launcher_len} bytes > {MAX_LAUNCHER_BYTES}"),
        );
    }
    if let Some(t) = timeout.filter(|t| *t > MAX_TIMEOUT_SECS) {
        ck.code(
            "Timeout",
            C::InvalidTimeoutExceedLimit,
            format!("{t} s > {MAX_TIMEOUT_SECS} s"),
        );
    }
    if ids.len() > MAX_INSTANCES {
        ck.code(
            "InstanceId",
            C::InstanceIdsExceedLimit,
            format!("{} instances > {MAX_INSTANCES}", ids.len()),
        );
    }
    if req.tags().len() > MAX_TAGS {
        ck.code(
            "Tag",
            C::NumberExceedTags,
            format!("{} tags > {MAX_TAGS}", req.tags().len()),
        );
    }
    if req.resource_tags().len() > MAX_TAGS {
        ck.code(
            "ResourceTag",
            C::NumberExceedResourceTags,
            format!("{} resource tags > {MAX_TAGS}", req.resource_tags().len()),
        );
    }
    if pairs.len() > MAX_PARAMETER_PAIRS {
        ck.code(
            "Parameters",
            C::ParameterCountExceedLimit,
            format!("{} pairs > {MAX_PARAMETER_PAIRS}", pairs.len()),
        );
    }
    for (i, (k, _)) in pairs.iter().enumerate() {
        if k.chars().count() > MAX_PARAMETER_KEY_CHARS {
            ck.push_at(
                "Parameters",
                Some(i),
                Some(k.clone()),
                ApiError::new(C::ParameterKeyExceedLimit),
                format!("key longer than {MAX_PARAMETER_KEY_CHARS} characters"),
            );
        }
    }
    if enabled {
        let names = scan.custom_names();
        if names.len() > template::MAX_CUSTOM_NAMES {
            ck.code(
                "CommandContent",
                C::CmdParamCountExceedLimit,
                format!(
                    "{} distinct parameters > {}",
                    names.len(),
                    template::MAX_CUSTOM_NAMES
                ),
            );
        }
        for p in &scan.placeholders {
            if p.kind == PlaceholderKind::Custom && p.name.len() > template::MAX_NAME_BYTES {
                ck.problems.push(Problem {
                    phase: Phase::Limits,
                    field: "CommandContent",
                    index: None,
                    sub: Some(p.name.clone()),
                    span: Some(p.span.clone()),
                    error: ApiError::new(C::CmdParamNameExceedLimit),
                    detail: format!(
                        "`{}` is {} bytes > {}",
                        p.name,
                        p.name.len(),
                        template::MAX_NAME_BYTES
                    ),
                });
            }
        }
    }
    let size = if bytes.is_some() {
        size_meter(req)
    } else {
        None
    };
    if let Some(m) = size.filter(|m| m.measured > m.limit) {
        ck.code(
            "CommandContent",
            C::CmdContentExceedLimit,
            format!("{} Base64 bytes > {}", m.measured, m.limit),
        );
    }

    // 4. References.
    ck.phase = Phase::References;
    let region_ok = match region.map(|r| (r, world.region(r))) {
        None => false,
        Some((r, None)) => {
            ck.code(
                "RegionId",
                C::InvalidRegionIdNotFound,
                format!("`{r}` is not a region of this world"),
            );
            false
        }
        Some((r, Some(reg))) if !reg.run_command_supported => {
            ck.code(
                "RegionId",
                C::RegionIdApiNotSupported,
                format!("RunCommand is not offered in `{r}`"),
            );
            false
        }
        Some(_) => true,
    };
    if let Some(rg) = nonempty(&req.resource_group_id) {
        match world.resource_group(rg) {
            None => ck.code(
                "ResourceGroupId",
                C::InvalidResourceGroupNotFound,
                format!("`{rg}` does not exist"),
            ),
            Some(g) if g.status != ResourceGroupStatus::OK => ck.code(
                "ResourceGroupId",
                C::InvalidStatusResourceGroup,
                format!("`{rg}` is {:?}", g.status),
            ),
            Some(_) => {}
        }
    }
    if region_ok {
        let in_scope = resolve_targets(req, world);
        if !ids.is_empty() {
            for (i, id) in ids.iter().enumerate() {
                if id.trim().is_empty() {
                    continue;
                }
                if !in_scope.iter().any(|t| &t.instance_id == id) {
                    let why = match world.instance(id) {
                        None => "no such instance".to_string(),
                        Some(x) if x.faults.released => "the instance was released".to_string(),
                        Some(x) if Some(x.region_id.as_str()) != region => {
                            format!("the instance is in {}", x.region_id)
                        }
                        Some(x) => {
                            format!("the instance is in resource group {}", x.resource_group_id)
                        }
                    };
                    ck.push_at(
                        "InstanceId",
                        Some(i),
                        None,
                        ApiError::new(C::InvalidInstanceNotFound),
                        why,
                    );
                }
            }
        } else if !req.resource_tags().is_empty() {
            if in_scope.is_empty() {
                ck.code(
                    "ResourceTag",
                    C::InvalidResourceTagInstanceNotFound,
                    "no instance has all these tags",
                );
            } else if in_scope.len() > MAX_INSTANCES {
                ck.code(
                    "ResourceTag",
                    C::InstanceIdsExceedLimit,
                    format!("{} instances match > {MAX_INSTANCES}", in_scope.len()),
                );
            }
        }
        if let Some(t) = cmd_type {
            for inst in &in_scope {
                let mismatch = (t.is_windows() != (inst.os == Os::Windows))
                    || (req.has_container() && inst.os == Os::Windows);
                if mismatch {
                    let idx = ids.iter().position(|x| x == &inst.instance_id);
                    ck.push_at(
                        "InstanceId",
                        idx,
                        None,
                        ApiError::new(C::InvalidInstanceNotMatch),
                        format!(
                            "{} is {:?}; {} does not run there",
                            inst.instance_id,
                            inst.os,
                            t.as_str()
                        ),
                    );
                }
            }
        }
    }
    let has_oss = nonempty(&req.oss_output_delivery);
    if let (Some(oss), true) = (has_oss, region_ok) {
        if let Ok(target) = parse_oss_delivery(oss) {
            match world.bucket(&target.bucket) {
                None => ck.code(
                    "OssOutputDelivery",
                    C::InvalidOssOutputDeliveryBucketNotFound,
                    format!("bucket `{}` does not exist", target.bucket),
                ),
                Some(b) if Some(b.region_id.as_str()) != region => ck.code(
                    "OssOutputDelivery",
                    C::InvalidOssOutputDeliveryBucketInOtherRegion,
                    format!("bucket `{}` is in {}", b.name, b.region_id),
                ),
                Some(b) => {
                    if let Some(msg) = &b.access_denied_message {
                        ck.push(
                            "OssOutputDelivery",
                            ApiError::with_detail(
                                C::InvalidOssOutputDeliveryBucketAccessDenied,
                                msg,
                            ),
                            "OSS refused access",
                        );
                    }
                }
            }
        }
        if world.faults.slr_creating {
            ck.code(
                "OssOutputDelivery",
                C::ResourceBusySlrCreation,
                "faults.slrCreating is set in the world",
            );
        }
        if world.faults.slr_no_permission {
            ck.code(
                "OssOutputDelivery",
                C::CreateServiceLinkedRoleNoPermission,
                "faults.slrNoPermission is set in the world",
            );
        }
    }
    if let (Some(pw), true, true) = (
        nonempty(&req.windows_password_name),
        region_ok,
        cmd_type.is_some_and(CommandType::is_windows),
    ) {
        let r = region.unwrap_or("");
        if world
            .region(r)
            .is_some_and(|x| !x.parameter_store_supported)
        {
            ck.code(
                "WindowsPasswordName",
                C::ParameterStoreNotSupported,
                format!("no parameter store in {r}"),
            );
        } else if world.faults.temporary_access_key_invalid {
            ck.code(
                "WindowsPasswordName",
                C::TemporaryAccessKeyError,
                "faults.temporaryAccessKeyInvalid is set in the world",
            );
        } else if world.faults.parameter_store_no_permission {
            ck.code(
                "WindowsPasswordName",
                C::ParameterStoreNoPermission,
                "faults.parameterStoreNoPermission is set in the world",
            );
        } else if world.stored_parameter(r, pw).is_none_or(|p| !p.secret) {
            ck.code(
                "WindowsPasswordName",
                C::ParameterStoreInvalidParameters,
                format!("no secret parameter `{pw}` in {r}"),
            );
        }
    }

    // 5. Quotas.
    ck.phase = Phase::Quotas;
    if let Some(reg) = region.and_then(|r| world.region(r)).filter(|_| region_ok) {
        let saved = reg.saved_commands
            + usage
                .saved_commands
                .get(&reg.region_id)
                .copied()
                .unwrap_or(0);
        if req.keep_command() && saved >= reg.saved_command_quota {
            ck.code(
                "KeepCommand",
                C::CmdCountExceedQuota,
                format!("{saved} saved commands = quota {}", reg.saved_command_quota),
            );
        }
        let today = usage
            .invocations_today
            .get(&reg.region_id)
            .copied()
            .unwrap_or(0);
        if today >= reg.daily_invocation_quota {
            ck.code(
                "",
                C::InvocationExceedQuota,
                format!(
                    "{today} invocations today = quota {}",
                    reg.daily_invocation_quota
                ),
            );
        }
    }

    // 6. Dispatch.
    ck.phase = Phase::Dispatch;
    if world.faults.dispatch_error {
        ck.code(
            "",
            C::InternalErrorDispatch,
            "faults.dispatchError is set in the world",
        );
    }

    Report {
        problems: ck.problems,
        warnings,
        size,
    }
}

/// The per-instance findings (agent state and `ClientNeedUpgrade`) for the given targets.
pub fn instance_findings(
    req: &RunCommandRequest,
    scan: &TemplateScan,
    frequency: Option<&(String, FrequencyKind)>,
    targets: &[&Instance],
) -> Vec<InstanceFinding> {
    let multi = targets.len() > 1;
    let enabled = req.enable_parameter();
    let builtins = scan.builtin_names();
    let mut out = Vec::new();
    for inst in targets {
        let id = inst.instance_id.clone();
        let mut push = |code: &'static str, info: String| {
            out.push(InstanceFinding {
                instance_id: id.clone(),
                error_code: code,
                error_info: info,
            })
        };
        if inst.status != InstanceStatus::Running {
            push(
                "InstanceNotRunning",
                "The specified instance was not running during task execution.".into(),
            );
            continue;
        }
        let Some(have) = inst.agent_version_parts() else {
            push(
                "ClientNotRunning",
                "The aliyun service is not running on the instance.".into(),
            );
            continue;
        };
        if inst.faults.agent_down {
            push(
                "ClientNotRunning",
                "The aliyun service is not running on the instance.".into(),
            );
            continue;
        }
        if inst.faults.not_responding {
            push(
                "ClientNotResponse",
                "The aliyun service in the instance does not response.".into(),
            );
            continue;
        }
        if inst.faults.upgrading {
            push(
                "ClientIsUpgrading",
                "The aliyun service in the instance is upgrading during task execution.".into(),
            );
            continue;
        }
        let mut needs: Vec<(u32, &str)> = Vec::new();
        if let Some((f, kind)) = frequency {
            let fields = f.split_whitespace().count();
            let scheduled_feature = match kind {
                FrequencyKind::Rate => Some("rate() schedules"),
                FrequencyKind::At => Some("at() schedules"),
                FrequencyKind::Cron if fields >= 7 => Some("cron with a year or time zone"),
                FrequencyKind::Cron => None,
            };
            if let Some(feat) = scheduled_feature {
                needs.push((282, feat));
            }
        }
        if enabled {
            if builtins.contains(&"InstanceId") && multi {
                needs.push((309, "{{ACS::InstanceId}} on several instances"));
            }
            if builtins.contains(&"InvokeId") {
                needs.push((309, "{{ACS::InvokeId}}"));
            }
            if builtins.contains(&"CommandId") {
                needs.push((309, "{{ACS::CommandId}}"));
            }
            if builtins.contains(&"InstanceName") && multi {
                needs.push((344, "{{ACS::InstanceName}} on several instances"));
            }
        }
        if req.has_container() {
            needs.push((344, "containers"));
        }
        let base: [u32; 3] = if inst.os == Os::Windows {
            [2, 1, 3]
        } else {
            [2, 2, 3]
        };
        if let Some((build, feature)) = needs
            .iter()
            .filter(|(b, _)| !version_at_least(&have, &[base[0], base[1], base[2], *b]))
            .max_by_key(|(b, _)| *b)
        {
            let v = format!("{}.{}.{}.{build}", base[0], base[1], base[2]);
            push(
                "ClientNeedUpgrade",
                format!("The aliyun service in the instance need to be upgraded to at least version {v} to support the feature {feature}."),
            );
        }
    }
    out
}

/// Validates `req`: the first problem as the API's answer, or the validated request.
pub fn validate(
    req: &RunCommandRequest,
    world: &World,
    usage: &Usage,
) -> Result<ValidatedRequest, ApiError> {
    let report = check_all(req, world, usage);
    if let Some(first) = report.problems.into_iter().next() {
        return Err(first.error);
    }
    // Everything below was checked above; defaults only guard against impossible states.
    let content = content_bytes(req)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let scan = template::scan(&content);
    let timeout_secs = req
        .timeout_secs()
        .unwrap_or(crate::sim::request::DEFAULT_TIMEOUT_SECS);
    let frequency = req.frequency().and_then(|f| {
        check_api_frequency(f, timeout_secs)
            .ok()
            .map(|k| (f.to_string(), k))
    });
    let targets = resolve_targets(req, world);
    let findings = instance_findings(req, &scan, frequency.as_ref(), &targets);
    Ok(ValidatedRequest {
        request: req.clone(),
        region_id: req.region_id.clone().unwrap_or_default(),
        command_type: req.command_type().unwrap_or(CommandType::RunShellScript),
        repeat_mode: req.repeat_mode().unwrap_or(RepeatMode::Once),
        frequency,
        timeout_secs,
        content,
        template: scan,
        instance_ids: targets.iter().map(|t| t.instance_id.clone()).collect(),
        findings,
        size: report.size.unwrap_or(SizeMeter {
            measured: 0,
            limit: CONTENT_LIMIT_NO_KEEP,
        }),
        warnings: report.warnings,
    })
}
