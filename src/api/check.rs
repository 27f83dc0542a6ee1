//! [`super::validate`] and [`super::render`]: the form's view of validation and rendering.

use serde_json::{json, Value};

use super::error::{error_body, failure, InputError, FACADE_SEED};
use super::input::{self, object};
use crate::sim::error::ApiError;
use crate::sim::ids::IdGenerator;
use crate::sim::order::Finder;
use crate::sim::render::{render_validated, RenderIds, RenderedInstance, SpanSource};
use crate::sim::request::{ContentEncoding, RunCommandRequest};
use crate::sim::template::PlaceholderKind;
use crate::sim::validate::{self, InstanceFinding, Report, Usage, ValidatedRequest};
use crate::sim::world::{Instance, World};

fn kind_name(kind: &PlaceholderKind) -> &'static str {
    match kind {
        PlaceholderKind::Custom => "custom",
        PlaceholderKind::BuiltIn => "builtin",
        PlaceholderKind::ParameterStore { secret: false } => "oos",
        PlaceholderKind::ParameterStore { secret: true } => "oos-secret",
        PlaceholderKind::InvalidName(_) => "invalid",
    }
}

fn effective(req: &RunCommandRequest) -> Value {
    json!({
        "RepeatMode": req.repeat_mode().ok().map(|m| m.as_str()),
        "ContentEncoding": match req.content_encoding() {
            ContentEncoding::PlainText => "PlainText",
            ContentEncoding::Base64 => "Base64",
        },
        "Timeout": req.timeout_secs().ok(),
        "Username": req.username(),
        "WorkingDir": req.working_dir(),
        "KeepCommand": req.keep_command(),
        "EnableParameter": req.enable_parameter(),
    })
}

/// The body of [`super::validate`] for a parsed request and world.
pub(crate) fn validate_json(req: &RunCommandRequest, world: &World) -> Value {
    report_json(
        req,
        world,
        &validate::check_all(req, world, &Usage::default()),
    )
}

/// The body of [`super::validate`] for a report of [`validate::check_all`].
pub(crate) fn report_json(req: &RunCommandRequest, world: &World, report: &Report) -> Value {
    let (targets, findings) = validate::targets_and_findings(req, &report.template, world);
    report_json_for(req, report, Some((&targets, &findings)))
}

/// [`report_json`] with the request's targets and findings already resolved
/// ([`validate::targets_and_findings`]); `targets` is `null` without them.
pub(crate) fn report_json_for(
    req: &RunCommandRequest,
    report: &Report,
    targets: Option<(&[&Instance], &[InstanceFinding])>,
) -> Value {
    let problems: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "field": p.path(),
                "HttpStatus": p.error.http_status(),
                "Code": p.error.code.code(),
                "Message": p.error.message,
                "detail": p.detail,
            })
        })
        .collect();
    let targets = targets.map(|(targets, findings)| {
        targets
            .iter()
            .map(|i| {
                let finding = findings
                    .iter()
                    .find(|f| f.instance_id == i.instance_id)
                    .map(|f| json!({"ErrorCode": f.error_code, "ErrorInfo": f.error_info}));
                object(vec![
                    ("InstanceId", i.instance_id.as_str().into()),
                    ("InstanceName", i.name.as_str().into()),
                    ("Os", i.os.as_str().into()),
                    ("Status", i.status.as_str().into()),
                    ("AgentVersion", i.agent_version.clone().into()),
                    ("TimeZone", i.time_zone.as_str().into()),
                    ("finding", finding.into()),
                ])
            })
            .collect::<Vec<Value>>()
    });
    let placeholders: Vec<Value> = report
        .template
        .placeholders
        .iter()
        .map(|p| {
            json!({"name": p.name, "kind": kind_name(&p.kind),
                   "start": p.span.start, "end": p.span.end})
        })
        .collect();
    object(vec![
        ("ok", report.problems.is_empty().into()),
        (
            "error",
            report.problems.first().map(|p| error_body(&p.error)).into(),
        ),
        ("problems", problems.into()),
        ("warnings", report.warnings.clone().into()),
        (
            "contentSize",
            report
                .size
                .map(|s| json!({"used": s.measured, "limit": s.limit}))
                .into(),
        ),
        ("placeholders", placeholders.into()),
        ("targets", targets.into()),
        ("effective", effective(req)),
    ])
}

/// The ids the facade and `runcommand-sim render` give a rendering: `(CommandId, InvokeId)`.
pub fn facade_ids() -> RenderIds {
    let mut gen = IdGenerator::new(FACADE_SEED);
    RenderIds {
        command_id: gen.command_id(),
        invoke_id: gen.invoke_id(),
    }
}

fn span_json(s: &crate::sim::render::SubstitutedSpan) -> Value {
    let (kind, name) = match &s.source {
        SpanSource::Custom(n) => ("custom", n.clone()),
        SpanSource::BuiltIn(n) => ("builtin", n.clone()),
        SpanSource::ParameterStore {
            name,
            secret: false,
        } => ("oos", name.clone()),
        SpanSource::ParameterStore { name, secret: true } => ("oos-secret", name.clone()),
    };
    json!({"start": s.span.start, "end": s.span.end, "source": format!("{kind}:{name}"),
           "kind": kind, "name": name})
}

/// One rendered instance as the facade shows it, with its instance's name (`None`: not in the
/// world).
pub(crate) fn rendered_json(r: &RenderedInstance, name: Option<&str>) -> Value {
    object(vec![
        ("InstanceId", r.instance_id.as_str().into()),
        ("InstanceName", name.into()),
        ("script", r.script.as_str().into()),
        ("path", r.path.clone().into()),
        ("commandLine", r.command_line.as_str().into()),
        ("warnings", r.warnings.clone().into()),
        (
            "spans",
            r.spans.iter().map(span_json).collect::<Vec<_>>().into(),
        ),
        (
            "error",
            r.error
                .as_ref()
                .map(|e| json!({"param": e.param, "value": e.value}))
                .into(),
        ),
        ("deletesScriptAfterRun", r.deletes_script_after_run.into()),
    ])
}

/// The body of [`super::render`].
pub(crate) fn render_json(req: &RunCommandRequest, world: &World) -> Value {
    rendered_from(
        validate::validate(req, world, &Usage::default()).as_ref(),
        world,
    )
}

/// The body of [`super::render`] for the outcome of validation.
pub(crate) fn rendered_from(
    validated: Result<&ValidatedRequest, &ApiError>,
    world: &World,
) -> Value {
    let validated = match validated {
        Ok(v) => v,
        Err(e) => return failure(e),
    };
    let ids = facade_ids();
    let mut instances = Finder::new(&world.instances);
    let list: Vec<Value> = render_validated(validated, world, &ids)
        .iter()
        .map(|r| {
            let instance = instances.find(|i| i.instance_id == r.instance_id);
            rendered_json(r, instance.map(|i| i.name.as_str()))
        })
        .collect();
    object(vec![
        ("ok", true.into()),
        ("CommandId", ids.command_id.into()),
        ("InvokeId", ids.invoke_id.into()),
        ("instances", list.into()),
    ])
}

/// [`super::validate()`] with the world already read ([`super::input::world`] or
/// `input::world_text`).
pub fn validate_in(request: &Value, world: &Result<World, InputError>) -> Value {
    match input::parsed(request, world) {
        Ok((r, w)) => validate_json(&r, w),
        Err(e) => e.answer(),
    }
}

/// [`super::render`] with the world already read.
pub fn render_in(request: &Value, world: &Result<World, InputError>) -> Value {
    match input::parsed(request, world) {
        Ok((r, w)) => render_json(&r, w),
        Err(e) => e.answer(),
    }
}
