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
//! The rule chosen for each code is in the table of `docs/reference.md`.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::sim::error::ApiError;
use crate::sim::request::{CommandType, RepeatMode, RunCommandRequest};
use crate::sim::schedule::{check_api_frequency, FrequencyKind};
use crate::sim::template::TemplateScan;
use crate::sim::world::{Instance, World};

mod checks;
mod findings;
mod formats;
mod limits;
mod targets;

pub use findings::{instance_findings, InstanceFinding};
pub use formats::{
    bad_tag_key, bad_tag_value, base64_len, content_bytes, content_text, decode_base64_content,
    is_valid_container_id, is_valid_container_name, parse_oss_delivery, size_meter, OssTarget,
    SizeMeter,
};
pub use limits::beyond_count_or_size;
pub use targets::{resolve_targets, tags_match};

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
    /// The placeholders of the decoded content (empty when it does not decode), for
    /// highlighting in a form.
    pub template: TemplateScan,
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
    /// The decoded content (bytes that are not UTF-8 text written as `\xNN`).
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

/// Lists every problem of `req` against `world` and `usage`, in check order.
pub fn check_all(req: &RunCommandRequest, world: &World, usage: &Usage) -> Report {
    checks::run_all(req, world, usage)
}

/// [`check_all`] for a form: every problem, or, for a request beyond a count or size limit
/// ([`beyond_count_or_size`]), only those limits with a notice, found before any per-item work
/// (no placeholders, no targets), so a huge request costs time linear in its size only.
pub fn check_all_or_refuse(req: &RunCommandRequest, world: &World, usage: &Usage) -> Report {
    let beyond = beyond_count_or_size(req);
    if beyond.is_empty() {
        return check_all(req, world, usage);
    }
    let notice = format!(
        "this request is beyond the API's limits ({}): only its counts and size were checked",
        beyond
            .iter()
            .map(|p| format!("{}: {}", p.field, p.detail))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Report {
        problems: beyond,
        warnings: vec![notice],
        size: size_meter(req),
        template: TemplateScan::default(),
    }
}

/// The request's `Frequency` and its kind, when the API accepts it (with the effective Timeout).
pub fn accepted_frequency(req: &RunCommandRequest) -> Option<(String, FrequencyKind)> {
    let timeout_secs = req
        .timeout_secs()
        .unwrap_or(crate::sim::request::DEFAULT_TIMEOUT_SECS);
    let f = req.frequency()?;
    check_api_frequency(f, timeout_secs)
        .ok()
        .map(|k| (f.to_string(), k))
}

/// The target instances and the per-instance outcomes known at call time (stopped, no agent,
/// `ClientNeedUpgrade`, …), given the content's placeholders.
pub fn targets_and_findings<'w>(
    req: &RunCommandRequest,
    template: &TemplateScan,
    world: &'w World,
) -> (Vec<&'w Instance>, Vec<InstanceFinding>) {
    let targets = resolve_targets(req, world);
    let findings = instance_findings(req, template, accepted_frequency(req).as_ref(), &targets);
    (targets, findings)
}

/// Validates `req`: the first problem as the API's answer, or the validated request.
pub fn validate(
    req: &RunCommandRequest,
    world: &World,
    usage: &Usage,
) -> Result<ValidatedRequest, ApiError> {
    validated_from_report(req, world, check_all(req, world, usage))
}

/// The validated request from a [`check_all`] report (its first problem is the API's answer),
/// so a caller that already listed the problems does not check twice.
pub fn validated_from_report(
    req: &RunCommandRequest,
    world: &World,
    report: Report,
) -> Result<ValidatedRequest, ApiError> {
    // The targets are only needed for a request without problems.
    let (targets, findings) = if report.problems.is_empty() {
        targets_and_findings(req, &report.template, world)
    } else {
        Default::default()
    };
    validated_from_parts(req, report, &targets, findings)
}

/// [`validated_from_report`] with the request's targets and findings already resolved
/// ([`targets_and_findings`]), for a caller that also lists them.
pub fn validated_from_parts(
    req: &RunCommandRequest,
    report: Report,
    targets: &[&Instance],
    findings: Vec<InstanceFinding>,
) -> Result<ValidatedRequest, ApiError> {
    if let Some(first) = report.problems.into_iter().next() {
        return Err(first.error);
    }
    // Everything below was checked above; defaults only guard against impossible states.
    let content = content_bytes(req)
        .map(|b| content_text(&b).0)
        .unwrap_or_default();
    let timeout_secs = req
        .timeout_secs()
        .unwrap_or(crate::sim::request::DEFAULT_TIMEOUT_SECS);
    let frequency = accepted_frequency(req);
    let scan = report.template;
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
