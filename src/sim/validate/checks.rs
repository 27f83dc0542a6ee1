//! The checks of [`super::check_all`], one function per phase, in the documented order.

use crate::sim::error::{ApiError, ApiErrorCode as C};
use crate::sim::request::{CommandType, RunCommandRequest, TagInput};
use crate::sim::schedule::check_api_frequency;
use crate::sim::template::{self, PlaceholderKind, TemplateScan};
use crate::sim::world::{Instance, Os, ResourceGroupStatus, World};
use std::collections::{HashMap, HashSet};

use super::formats::*;
use super::limits::Subject;
use super::targets::resolve_targets;
use super::*;

/// Collects problems, tagging each with the current phase.
pub(crate) struct Checker {
    /// Problems so far, in check order.
    pub(crate) problems: Vec<Problem>,
    /// The phase being checked.
    pub(crate) phase: Phase,
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

/// Tag rules: missing keys in the missing phase; key/value formats and duplicates otherwise.
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
    let mut seen: HashSet<&str> = HashSet::new();
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
        if !seen.insert(key) {
            ck.push_at(
                field,
                Some(i),
                Some("Key".into()),
                ApiError::new(duplicate),
                format!("the key `{key}` is repeated"),
            );
        }
    }
}

/// What the malformed phase learnt that later phases need.
pub(crate) struct Decoded {
    /// The effective Timeout, when valid.
    pub(crate) timeout: Option<i64>,
    /// Whether the content decoded.
    pub(crate) bytes_ok: bool,
    /// The placeholders of the decoded content.
    pub(crate) scan: TemplateScan,
}

/// Phase 0: account fault switches.
fn account(ck: &mut Checker, world: &World) {
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
}

/// Phase 1: required values absent.
/// `Tag` and `ResourceTag`, each with its own codes (what is checked depends on the phase).
fn check_both_tag_lists(ck: &mut Checker, req: &RunCommandRequest) {
    check_tags(
        ck,
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
        ck,
        "ResourceTag",
        req.resource_tags(),
        (
            C::MissingParameterResourceTagKey,
            C::InvalidResourceTagKeyMalformed,
            C::InvalidResourceTagValueMalformed,
            C::DuplicateResourceTagKey,
        ),
    );
}

fn missing(ck: &mut Checker, req: &RunCommandRequest) {
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
    check_both_tag_lists(ck, req);
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
}

/// Phase 2: bad values and combinations; returns what later phases need.
fn malformed(ck: &mut Checker, req: &RunCommandRequest, warnings: &mut Vec<String>) -> Decoded {
    let ids = req.instance_ids();
    let cmd_type = req.command_type();
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
    check_both_tag_lists(ck, req);
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
    let free_texts = [
        (
            "Name",
            &req.name,
            C::InvalidParameterCharacterCommandName,
            false,
        ),
        (
            "Description",
            &req.description,
            C::InvalidParameterCharacterCommandDescription,
            true,
        ),
        (
            "WorkingDir",
            &req.working_dir,
            C::InvalidParameterCharacterCommandWorkingDir,
            false,
        ),
    ];
    for (field, value, code, allow_newlines) in free_texts {
        if nonempty(value).is_some_and(|v| has_illegal_control(v, allow_newlines)) {
            ck.code(field, code, "control characters are not allowed");
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
    let content = bytes.as_deref().map(|b| {
        let (text, escaped) = content_text(b);
        if escaped {
            warnings.push(
                "CommandContent is not UTF-8 text: its other bytes are shown as \\xNN".to_string(),
            );
        }
        text
    });
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
    let mut seen_keys: HashSet<String> = HashSet::new();
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
        if !seen_keys.insert(k.to_ascii_lowercase()) && !k.is_empty() {
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
        let defined = scan.custom_name_set();
        for (i, (k, _)) in pairs.iter().enumerate() {
            if !k.is_empty() && !defined.contains(&k.to_ascii_lowercase()) {
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

    Decoded {
        timeout,
        bytes_ok: bytes.is_some(),
        scan,
    }
}

/// Phase 3: lengths, counts and the content size, from the table of [`super::limits`].
fn limits(ck: &mut Checker, req: &RunCommandRequest, d: &Decoded) -> Option<SizeMeter> {
    ck.phase = Phase::Limits;
    let size = if d.bytes_ok { size_meter(req) } else { None };
    let subject = Subject {
        req,
        timeout: d.timeout,
        scan: Some(&d.scan),
        size,
    };
    ck.problems.extend(super::limits::check(&subject));
    size
}

/// Phase 4: what the request names must exist; returns whether the region is usable.
fn references(ck: &mut Checker, req: &RunCommandRequest, world: &World) -> bool {
    let region = nonempty(&req.region_id);
    let ids = req.instance_ids();
    let cmd_type = req.command_type();
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
                format!("`{rg}` is {}", g.status.as_str()),
            ),
            Some(_) => {}
        }
    }
    if region_ok {
        let in_scope = resolve_targets(req, world);
        if !ids.is_empty() {
            let in_scope_ids: HashSet<&str> =
                in_scope.iter().map(|t| t.instance_id.as_str()).collect();
            let mut fleet: HashMap<&str, &Instance> = HashMap::new();
            for inst in world.instances.iter().rev() {
                fleet.insert(&inst.instance_id, inst);
            }
            for (i, id) in ids.iter().enumerate() {
                if id.trim().is_empty() {
                    continue;
                }
                if !in_scope_ids.contains(id.as_str()) {
                    let why = match fleet.get(id.as_str()) {
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
        } else if (1..=MAX_TAGS).contains(&req.resource_tags().len()) {
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
            let mut first_index: HashMap<&str, usize> = HashMap::new();
            for (i, id) in ids.iter().enumerate().rev() {
                first_index.insert(id, i);
            }
            for inst in &in_scope {
                let mismatch = (t.is_windows() != (inst.os == Os::Windows))
                    || (req.has_container() && inst.os == Os::Windows);
                if mismatch {
                    let idx = first_index.get(inst.instance_id.as_str()).copied();
                    ck.push_at(
                        "InstanceId",
                        idx,
                        None,
                        ApiError::new(C::InvalidInstanceNotMatch),
                        format!(
                            "{} is {}; {} does not run there",
                            inst.instance_id,
                            inst.os.as_str(),
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

    region_ok
}

/// Phase 5: region quotas.
fn quotas(
    ck: &mut Checker,
    req: &RunCommandRequest,
    world: &World,
    usage: &Usage,
    region_ok: bool,
) {
    let region = nonempty(&req.region_id);
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
                "RegionId",
                C::InvocationExceedQuota,
                format!(
                    "{today} invocations today = quota {}",
                    reg.daily_invocation_quota
                ),
            );
        }
    }
}

/// Phase 6: the dispatch fault.
fn dispatch(ck: &mut Checker, world: &World) {
    ck.phase = Phase::Dispatch;
    if world.faults.dispatch_error {
        ck.code(
            "",
            C::InternalErrorDispatch,
            "faults.dispatchError is set in the world",
        );
    }
}

/// Runs every phase in order.
pub(crate) fn run_all(req: &RunCommandRequest, world: &World, usage: &Usage) -> Report {
    let mut ck = Checker {
        problems: Vec::new(),
        phase: Phase::Account,
    };
    let mut warnings = Vec::new();
    account(&mut ck, world);
    missing(&mut ck, req);
    let decoded = malformed(&mut ck, req, &mut warnings);
    let size = limits(&mut ck, req, &decoded);
    let region_ok = references(&mut ck, req, world);
    quotas(&mut ck, req, world, usage, region_ok);
    dispatch(&mut ck, world);
    Report {
        problems: ck.problems,
        warnings,
        size,
        template: decoded.scan,
    }
}
