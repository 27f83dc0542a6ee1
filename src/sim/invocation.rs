//! Glue between the request side (validation, rendering, schedule) and the execution
//! simulator: builds an [`InvocationPlan`] from a [`ValidatedRequest`].
//!
//! For each target instance the plan carries
//!
//! * the rendered script ([`crate::sim::render::render_validated`]);
//! * the world's verdict ([`InstanceCondition`]): the call-time findings of
//!   [`crate::sim::validate`] (instance not Running, agent missing/stopped/not answering/
//!   upgrading, `ClientNeedUpgrade`), then the instance's own state (released, the `Username`
//!   or the typed `WorkingDir` missing);
//! * for `Period`, the fire instants the agent layer computes ([`fire_schedule`]): the API's
//!   Frequency converted as the server does ([`parse_api_frequency`]), fired by
//!   [`schedule_agent`] with the task created at the call instant (the `rate()` anchor) and the
//!   instance's `timeZone` for a zone-less cron, up to a horizon.
//!
//! Some refusals are the agent's own "invalid task" reports, for which the execution simulator
//! has no condition: a render error (`InvalidEnvironmentParameter`, `ParameterFailed`), a
//! schedule the agent reports as invalid (`BadCronExpression`), a missing or stopped container
//! (`ContainerNotFound`, `ContainerStateAbnormal`). They are planned with the placeholder
//! condition [`PLACEHOLDER_CONDITION`] (status `Invalid`, like every agent "invalid" report)
//! and listed as [`AgentRejection`]s; [`patch_rejections`] writes their real
//! `ErrorCode`/`ErrorInfo` into the Describe* responses. How the server maps the agent's own
//! parameter names to an `ErrorCode` is not documented (api-spec §6.5): the simulator shows
//! the agent's name (e.g. `ParameterFailed`) and its message.

use std::sync::Arc;

use crate::sim::tz::Zone;
use serde_json::Value;

use crate::sim::exec::{self, InstanceCondition, InstancePlan, InvocationExtras, InvocationPlan};
use crate::sim::order::Finder;
use crate::sim::render::RenderedInstance;
use crate::sim::request::{RepeatMode, RunCommandRequest, TerminationMode};
use crate::sim::schedule::{
    parse_api_frequency, schedule_agent, AgentError, AgentRequest, EndReason, FrequencyKind,
};
use crate::sim::validate::{InstanceFinding, ValidatedRequest};
use crate::sim::world::{Instance, Os, World};

/// Most fire instants planned per instance: a year of `rate(1m)` (525 600) fits. Where a
/// schedule has more fires before the horizon, the plan says where it was cut
/// ([`InvocationPlan::fires_cut_at_ms`]) and the answers state it.
pub const MAX_FIRES_PER_INSTANCE: usize = 1_000_000;

/// The condition standing in for an agent "invalid task" report (its status is `Invalid`);
/// [`patch_rejections`] replaces its ErrorCode/ErrorInfo in responses.
pub const PLACEHOLDER_CONDITION: InstanceCondition = InstanceCondition::CommandNotApplicable;

/// The ErrorCode the placeholder condition produces in the execution simulator.
pub const PLACEHOLDER_ERROR_CODE: &str = "CommandNotApplicable";

/// An instance whose agent refuses the task with its own report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRejection {
    /// `t-…`.
    pub invoke_id: String,
    /// `i-…`.
    pub instance_id: String,
    /// The `ErrorCode` shown (e.g. `BadCronExpression`, `ParameterFailed`).
    pub error_code: String,
    /// The `ErrorInfo` shown (the agent's message).
    pub error_info: String,
}

/// The fires of a `Period` execution on one instance, as the agent computes them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FireSchedule {
    /// Fire instants (ms), increasing, up to the horizon (shared by the instances of one zone).
    pub fires: Arc<[i64]>,
    /// True when the schedule has no fire after `fires` (at() done, years ran out, the
    /// agent's timer stopped, or it never started).
    pub ends: bool,
    /// Why the agent ended the schedule early, if it did.
    pub end: Option<EndReason>,
    /// The agent refused the schedule (it never fires).
    pub agent_error: Option<AgentError>,
    /// The last fire planned when [`MAX_FIRES_PER_INSTANCE`] cut the list before the horizon.
    pub cut_at_ms: Option<i64>,
}

/// Everything needed to plan one accepted invocation.
#[derive(Debug, Clone, Copy)]
pub struct PlanContext<'a> {
    /// The validated request.
    pub validated: &'a ValidatedRequest,
    /// The account.
    pub world: &'a World,
    /// Its per-instance renderings (same order as `validated.instance_ids`).
    pub rendered: &'a [RenderedInstance],
    /// `c-…`.
    pub command_id: &'a str,
    /// `t-…`.
    pub invoke_id: &'a str,
    /// When RunCommand was called (ms): the creation time and the `rate()` anchor.
    pub creation_ms: i64,
    /// The last instant to plan fires for (ms).
    pub horizon_ms: i64,
}

/// A planned invocation and the agent reports the simulator cannot express by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedInvocation {
    /// The execution simulator's input.
    pub plan: InvocationPlan,
    /// Instances refused by the agent's own report (see [`patch_rejections`]).
    pub rejections: Vec<AgentRejection>,
}

/// The instance's local zone (UTC when unknown).
pub fn instance_zone(instance: &Instance) -> Zone {
    instance.time_zone.parse::<Zone>().unwrap_or(Zone::UTC)
}

/// The agent-layer fires of `frequency` (API syntax) on an instance in `zone`, for a task
/// created at `creation_ms`, up to `horizon_ms` (inclusive). An API-invalid frequency gives
/// no fires and `ends` (validation refuses it before this point).
pub fn fire_schedule(
    frequency: &str,
    timeout_secs: i64,
    zone: Zone,
    creation_ms: i64,
    horizon_ms: i64,
) -> FireSchedule {
    let Ok(parsed) = parse_api_frequency(frequency, timeout_secs) else {
        return FireSchedule {
            ends: true,
            ..FireSchedule::default()
        };
    };
    let req = AgentRequest {
        repeat: parsed.kind.agent_repeat(),
        expr: &parsed.agent_expr,
        now_ms: creation_ms,
        local_zone: zone,
        creation_ms,
    };
    let schedule = match schedule_agent(&req) {
        Ok(s) => s,
        Err(e) => {
            return FireSchedule {
                fires: Arc::from([]),
                ends: true,
                end: None,
                agent_error: Some(e),
                cut_at_ms: None,
            }
        }
    };
    let mut it = schedule.fires();
    let mut fires = Vec::new();
    let mut beyond = false;
    let mut cut_at_ms = None;
    for fire in it.by_ref() {
        if fire > horizon_ms {
            beyond = true;
            break;
        }
        if fires.len() >= MAX_FIRES_PER_INSTANCE {
            beyond = true;
            cut_at_ms = fires.last().copied();
            break;
        }
        fires.push(fire);
    }
    let end = if beyond { None } else { it.end() };
    FireSchedule {
        fires: fires.into(),
        ends: !beyond,
        end,
        agent_error: None,
        cut_at_ms,
    }
}

fn exec_termination(req: &RunCommandRequest) -> TerminationMode {
    req.termination_mode
        .as_deref()
        .and_then(TerminationMode::parse)
        .unwrap_or_default()
}

/// Parses the version and feature out of a `ClientNeedUpgrade` finding's text.
fn need_upgrade(info: &str) -> (String, String) {
    let version = info
        .split("at least version ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("")
        .to_string();
    let feature = info
        .split("to support the feature ")
        .nth(1)
        .map(|f| f.trim_end_matches('.').to_string())
        .unwrap_or_default();
    (version, feature)
}

/// The condition a call-time finding stands for.
pub fn finding_condition(
    finding: &InstanceFinding,
    instance: Option<&Instance>,
) -> InstanceCondition {
    match finding.error_code {
        "InstanceNotRunning" => InstanceCondition::InstanceStopped,
        "ClientNotRunning" if instance.is_some_and(|i| i.agent_version.is_none()) => {
            InstanceCondition::AgentNotInstalled
        }
        "ClientNotRunning" => InstanceCondition::AgentNotRunning,
        "ClientNotResponse" => InstanceCondition::AgentNotResponding,
        "ClientIsUpgrading" => InstanceCondition::AgentUpgrading,
        "ClientNeedUpgrade" => {
            let (required_version, feature) = need_upgrade(&finding.error_info);
            InstanceCondition::ClientNeedUpgrade {
                required_version,
                feature,
            }
        }
        _ => InstanceCondition::InstanceNotExists,
    }
}

fn same_dir(a: &str, b: &str, windows: bool) -> bool {
    let trim = |s: &str| -> String {
        let t = s.trim_end_matches(['/', '\\']);
        if t.is_empty() || t.ends_with(':') {
            s.to_string()
        } else {
            t.to_string()
        }
    };
    if windows {
        trim(a).eq_ignore_ascii_case(&trim(b))
    } else {
        trim(a) == trim(b)
    }
}

/// The instance's own state, after the call-time findings: released, `Username` missing,
/// the typed `WorkingDir` missing. An empty `users`/`directories` list in the world means
/// "not modelled" (anything exists).
pub fn world_condition(req: &RunCommandRequest, instance: &Instance) -> InstanceCondition {
    if instance.faults.released {
        return InstanceCondition::InstanceReleased;
    }
    let windows = instance.os == Os::Windows;
    let user = req.username();
    if !instance.users.is_empty()
        && !instance.users.iter().any(|u| {
            if windows {
                u.eq_ignore_ascii_case(&user)
            } else {
                *u == user
            }
        })
    {
        return InstanceCondition::UserMissing;
    }
    if let Some(dir) = req.working_dir.as_deref().filter(|d| !d.is_empty()) {
        if !instance.directories.is_empty()
            && !instance
                .directories
                .iter()
                .any(|d| same_dir(d, dir, windows))
        {
            return InstanceCondition::WorkingDirMissing;
        }
    }
    InstanceCondition::Ok
}

/// The agent's container check: `(ErrorCode, ErrorInfo)` when the named container is missing
/// or not running on the instance.
pub fn container_rejection(
    req: &RunCommandRequest,
    instance: &Instance,
) -> Option<(String, String)> {
    if !req.has_container() {
        return None;
    }
    let id = req.container_id.as_deref().filter(|s| !s.is_empty());
    let name = req.container_name.as_deref().filter(|s| !s.is_empty());
    let found = instance.containers.iter().find(|c| {
        id.is_none_or(|i| c.container_id.starts_with(i)) && name.is_none_or(|n| c.name == n)
    });
    match found {
        None => Some((
            "ContainerNotFound".into(),
            format!(
                "The container {} does not exist on the instance.",
                name.or(id).unwrap_or_default()
            ),
        )),
        Some(c) if c.state != "running" => Some((
            "ContainerStateAbnormal".into(),
            format!("The container {} is {}, not running.", c.name, c.state),
        )),
        Some(_) => None,
    }
}

/// Builds the plan of one accepted invocation.
pub fn plan_invocation(ctx: &PlanContext<'_>) -> PlannedInvocation {
    let v = ctx.validated;
    let req = &v.request;
    let mut rejections = Vec::new();
    let mut zone_cache: Vec<(Zone, FireSchedule)> = Vec::new();
    // The plan-level flag: true only when every instance's schedule ends (an instance whose
    // agent stops early, e.g. on a DST negative wait, stays Scheduled as the server shows it).
    let mut schedule_ends: Option<bool> = None;
    let mut fires_cut_at_ms: Option<i64> = None;
    let mut instances = Vec::with_capacity(v.instance_ids.len());
    let mut world_instances = Finder::new(&ctx.world.instances);
    let mut rendered_scripts = Finder::new(ctx.rendered);
    for id in &v.instance_ids {
        let instance = world_instances.find(|i| &i.instance_id == id);
        let rendered = rendered_scripts.find(|r| &r.instance_id == id);
        let mut plan = InstancePlan {
            instance_id: id.clone(),
            instance_name: instance.map(|i| i.name.clone()).unwrap_or_default(),
            script: rendered.map(|r| r.script.clone()).unwrap_or_default(),
            condition: InstanceCondition::Ok,
            fire_instants_ms: Arc::from([]),
        };
        let mut reject = |code: String, info: String| {
            rejections.push(AgentRejection {
                invoke_id: ctx.invoke_id.to_string(),
                instance_id: id.clone(),
                error_code: code,
                error_info: info,
            });
            PLACEHOLDER_CONDITION
        };
        let finding = v.findings.iter().find(|f| &f.instance_id == id);
        plan.condition = match (instance, finding) {
            (None, _) => InstanceCondition::InstanceNotExists,
            (Some(i), Some(f)) => finding_condition(f, Some(i)),
            (Some(i), None) => {
                let mut condition = world_condition(req, i);
                if condition == InstanceCondition::Ok {
                    if let Some(e) = rendered.and_then(|r| r.error.as_ref()) {
                        condition = reject(e.param.clone(), e.value.clone());
                    }
                }
                if condition == InstanceCondition::Ok {
                    if let Some((code, info)) = container_rejection(req, i) {
                        condition = reject(code, info);
                    }
                }
                condition
            }
        };
        if let (RepeatMode::Period, Some((frequency, _)), Some(i)) =
            (v.repeat_mode, &v.frequency, instance)
        {
            // Only a cron schedule depends on the instance's zone.
            let zone = match v.frequency.as_ref().map(|f| f.1) {
                Some(FrequencyKind::Cron) => instance_zone(i),
                _ => Zone::UTC,
            };
            let schedule = match zone_cache.iter().find(|(z, _)| *z == zone) {
                Some((_, s)) => s.clone(),
                None => {
                    let s = fire_schedule(
                        frequency,
                        v.timeout_secs,
                        zone,
                        ctx.creation_ms,
                        ctx.horizon_ms,
                    );
                    zone_cache.push((zone, s.clone()));
                    s
                }
            };
            schedule_ends = Some(schedule_ends.unwrap_or(true) && schedule.ends);
            if let Some(cut) = schedule.cut_at_ms {
                fires_cut_at_ms = Some(fires_cut_at_ms.map_or(cut, |c| c.min(cut)));
            }
            if let Some(e) = schedule.agent_error.as_ref() {
                if plan.condition == InstanceCondition::Ok {
                    if let Some(value) = e.report_value() {
                        plan.condition = reject(
                            "BadCronExpression".into(),
                            format!("the cron job expression is invalid: {value}"),
                        );
                    }
                }
            }
            plan.fire_instants_ms = schedule.fires;
        }
        instances.push(plan);
    }
    let extras = InvocationExtras {
        container_id: req.container_id.clone().unwrap_or_default(),
        container_name: req.container_name.clone().unwrap_or_default(),
        launcher: req.launcher.clone().unwrap_or_default(),
        oss_output_delivery: req.oss_output_delivery.clone().unwrap_or_default(),
        tags: req
            .tags()
            .iter()
            .map(|t| {
                (
                    t.key.clone().unwrap_or_default(),
                    t.value.clone().unwrap_or_default(),
                )
            })
            .collect(),
    };
    let plan = InvocationPlan {
        invoke_id: ctx.invoke_id.to_string(),
        command_id: ctx.command_id.to_string(),
        command_name: req.name.clone().unwrap_or_default(),
        command_description: req.description.clone().unwrap_or_default(),
        command_type: v.command_type,
        command_content: v.content.clone(),
        parameters_json: req
            .parameters
            .as_ref()
            .map(|p| p.to_json_text())
            .unwrap_or_else(|| "{}".to_string()),
        frequency: v
            .frequency
            .as_ref()
            .map(|(f, _)| f.clone())
            .unwrap_or_default(),
        repeat_mode: v.repeat_mode,
        timeout_s: v.timeout_secs,
        termination_mode: exec_termination(req),
        creation_ms: ctx.creation_ms,
        // "" = the default account, as the execution simulator's plan expects.
        username: req.username.clone().unwrap_or_default(),
        working_dir: req.working_dir.clone().unwrap_or_default(),
        schedule_ends: schedule_ends.unwrap_or(false),
        fires_cut_at_ms,
        instances,
        extras,
    };
    PlannedInvocation { plan, rejections }
}

fn find_rejection<'a>(
    rejections: &'a [AgentRejection],
    invoke_id: Option<&str>,
    instance_id: Option<&str>,
) -> Option<&'a AgentRejection> {
    let (invoke_id, instance_id) = (invoke_id?, instance_id?);
    rejections
        .iter()
        .find(|r| r.invoke_id == invoke_id && r.instance_id == instance_id)
}

fn patch_row(row: &mut Value, invoke_id: Option<&str>, rejections: &[AgentRejection]) {
    let invoke = row
        .get("InvokeId")
        .and_then(Value::as_str)
        .or(invoke_id)
        .map(str::to_string);
    let instance = row
        .get("InstanceId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let Some(r) = find_rejection(rejections, invoke.as_deref(), instance.as_deref()) else {
        return;
    };
    if row.get("ErrorCode").and_then(Value::as_str) == Some(PLACEHOLDER_ERROR_CODE) {
        row["ErrorCode"] = Value::String(r.error_code.clone());
        row["ErrorInfo"] = Value::String(r.error_info.clone());
    }
}

/// Writes the agent's own ErrorCode/ErrorInfo of each rejection into a DescribeInvocations or
/// DescribeInvocationResults body (rows that show the placeholder code only).
pub fn patch_rejections(body: &mut Value, rejections: &[AgentRejection]) {
    if rejections.is_empty() {
        return;
    }
    if let Some(list) = body
        .pointer_mut("/Invocations/Invocation")
        .and_then(Value::as_array_mut)
    {
        for inv in list {
            let invoke_id = inv
                .get("InvokeId")
                .and_then(Value::as_str)
                .map(str::to_string);
            if let Some(rows) = inv
                .pointer_mut("/InvokeInstances/InvokeInstance")
                .and_then(Value::as_array_mut)
            {
                for row in rows {
                    patch_row(row, invoke_id.as_deref(), rejections);
                }
            }
        }
    }
    if let Some(rows) = body
        .pointer_mut("/Invocation/InvocationResults/InvocationResult")
        .and_then(Value::as_array_mut)
    {
        for row in rows {
            patch_row(row, None, rejections);
        }
    }
}

/// The ErrorCode/ErrorInfo to show for a run's error on an instance (the rejection's when the
/// run carries the placeholder code).
pub fn shown_error(
    error: Option<&exec::ErrorCode>,
    invoke_id: &str,
    instance_id: &str,
    rejections: &[AgentRejection],
) -> (String, String) {
    match error {
        None => (String::new(), String::new()),
        Some(e) => {
            if e.as_str() == PLACEHOLDER_ERROR_CODE {
                if let Some(r) = find_rejection(rejections, Some(invoke_id), Some(instance_id)) {
                    return (r.error_code.clone(), r.error_info.clone());
                }
            }
            (e.as_str().to_string(), e.error_info())
        }
    }
}
