//! Building the execution simulator's plan from a validated request (src/sim/invocation.rs).

use runcommand_playground::sim::exec::{
    CommandType, InstanceCondition, RepeatMode, TerminationMode,
};
use runcommand_playground::sim::invocation::{
    fire_schedule, patch_rejections, plan_invocation, world_condition, PlanContext,
    PlannedInvocation,
};
use runcommand_playground::sim::render::{render_validated, RenderIds};
use runcommand_playground::sim::request::RunCommandRequest;
use runcommand_playground::sim::schedule::EndReason;
use runcommand_playground::sim::tz::Zone;
use runcommand_playground::sim::validate::{validate, Usage};
use runcommand_playground::sim::world::World;
use serde_json::{json, Value};

const WEB_1: &str = "i-bp1a00000000000001";
const LEGACY_1: &str = "i-bp1a00000000000004";
const STOPPED_1: &str = "i-bp1a00000000000006";
const NOAGENT_1: &str = "i-bp1a00000000000007";
const DB_1: &str = "i-bp1a00000000000003";
/// 2026-03-01T08:00:00Z.
const T0: i64 = 1_772_352_000_000;
const MIN: i64 = 60_000;

fn plan_in(world: &World, request: Value, horizon_ms: i64) -> PlannedInvocation {
    let req: RunCommandRequest = serde_json::from_value(request).unwrap();
    let v = validate(&req, world, &Usage::default()).unwrap();
    let ids = RenderIds {
        command_id: "c-1".into(),
        invoke_id: "t-1".into(),
    };
    let rendered = render_validated(&v, world, &ids);
    plan_invocation(&PlanContext {
        validated: &v,
        world,
        rendered: &rendered,
        command_id: "c-1",
        invoke_id: "t-1",
        creation_ms: T0,
        horizon_ms,
    })
}

fn plan(request: Value, horizon_ms: i64) -> PlannedInvocation {
    plan_in(&World::default_world(), request, horizon_ms)
}

fn base(ids: &[&str]) -> Value {
    json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo hi",
           "InstanceId": ids})
}

#[test]
fn request_values_reach_the_plan() {
    let mut req = base(&[WEB_1]);
    req["Name"] = json!("n");
    req["Description"] = json!("d");
    req["Timeout"] = json!(42);
    req["TerminationMode"] = json!("ProcessTree");
    req["Tag"] = json!([{"Key": "team", "Value": "web"}]);
    req["Username"] = json!("ecs-user");
    req["CommandContent"] = json!("ZWNobyB7e3h9fQ==");
    req["ContentEncoding"] = json!("Base64");
    req["EnableParameter"] = json!(true);
    req["Parameters"] = json!({"x": "1"});
    let p = plan(req, T0 + MIN).plan;
    assert_eq!(p.invoke_id, "t-1");
    assert_eq!(p.command_id, "c-1");
    assert_eq!(p.command_name, "n");
    assert_eq!(p.command_description, "d");
    assert_eq!(p.command_type, CommandType::RunShellScript);
    assert_eq!(
        p.command_content, "echo {{x}}",
        "CommandContent echoed decoded, unrendered"
    );
    assert_eq!(p.parameters_json, "{\"x\":\"1\"}");
    assert_eq!(p.repeat_mode, RepeatMode::Once);
    assert_eq!(p.timeout_s, 42);
    assert_eq!(p.termination_mode, TerminationMode::ProcessTree);
    assert_eq!(p.username, "ecs-user");
    assert_eq!(p.creation_ms, T0);
    assert_eq!(p.extras.tags, [("team".to_string(), "web".to_string())]);
    assert_eq!(p.instances[0].script, "echo 1", "the rendered script runs");
    assert_eq!(p.instances[0].instance_name, "web-1");
    assert_eq!(p.instances[0].condition, InstanceCondition::Ok);
    assert!(p.instances[0].fire_instants_ms.is_empty());
}

#[test]
fn rate_fires_are_anchored_at_creation_up_to_the_horizon() {
    let s = fire_schedule("rate(1m)", 30, Zone::UTC, T0, T0 + 10 * MIN + 5_000);
    assert_eq!(s.fires.len(), 10);
    assert_eq!(
        s.fires[0],
        T0 + MIN,
        "rate(): first run one interval after creation"
    );
    assert!(s.fires.windows(2).all(|w| w[1] - w[0] == MIN));
    assert!(!s.ends, "more fires exist after the horizon");
}

#[test]
fn at_fires_once_and_ends() {
    let s = fire_schedule(
        "at(2026-03-01 17:00:00 GMT+8:00)",
        60,
        Zone::UTC,
        T0,
        T0 + 120 * MIN,
    );
    assert_eq!(*s.fires, [T0 + 60 * MIN], "17:00 at GMT+8 is 09:00Z");
    assert!(s.ends);
    assert_eq!(s.end, Some(EndReason::AtDone));
    let early = fire_schedule(
        "at(2026-03-01 17:00:00 GMT+8:00)",
        60,
        Zone::UTC,
        T0,
        T0 + 30 * MIN,
    );
    assert!(early.fires.is_empty());
    assert!(!early.ends, "the fire is still to come");
}

#[test]
fn zoneless_cron_runs_in_each_instance_zone() {
    let mut req = base(&[WEB_1, DB_1, LEGACY_1]);
    req["Frequency"] = json!("0 0 10 * * ?");
    req["CommandContent"] = json!("echo hi");
    let p = plan(req, T0 + 24 * 60 * MIN).plan;
    assert_eq!(p.repeat_mode, RepeatMode::Period);
    // web-1 is in Asia/Shanghai: 10:00 there is 02:00Z (next day, as 08:00Z is 16:00 local).
    assert_eq!(*p.instances[0].fire_instants_ms, [T0 + 18 * 60 * MIN]);
    // legacy-1 is in UTC and too old for nothing here (6-field cron needs no upgrade).
    assert_eq!(p.instances[2].condition, InstanceCondition::Ok);
    assert_eq!(*p.instances[2].fire_instants_ms, [T0 + 2 * 60 * MIN]);
    assert!(!p.schedule_ends);
}

#[test]
fn findings_and_world_state_become_conditions() {
    let p = plan(base(&[STOPPED_1, NOAGENT_1]), T0 + MIN).plan;
    assert_eq!(p.instances[0].condition, InstanceCondition::InstanceStopped);
    assert_eq!(
        p.instances[1].condition,
        InstanceCondition::AgentNotInstalled
    );

    let mut world = World::default_world();
    for (i, flag) in world.instances.iter_mut().take(3).zip(0..) {
        match flag {
            0 => i.faults.agent_down = true,
            1 => i.faults.not_responding = true,
            _ => i.faults.upgrading = true,
        }
    }
    let p = plan_in(
        &world,
        base(&[WEB_1, "i-bp1a00000000000002", DB_1]),
        T0 + MIN,
    )
    .plan;
    let conditions: Vec<_> = p.instances.iter().map(|i| i.condition.clone()).collect();
    assert_eq!(
        conditions,
        [
            InstanceCondition::AgentNotRunning,
            InstanceCondition::AgentNotResponding,
            InstanceCondition::AgentUpgrading
        ]
    );

    let mut req = base(&[LEGACY_1]);
    req["Frequency"] = json!("rate(5m)");
    let p = plan(req, T0 + MIN).plan;
    assert_eq!(
        p.instances[0].condition,
        InstanceCondition::ClientNeedUpgrade {
            required_version: "2.2.3.282".into(),
            feature: "rate() schedules".into()
        }
    );

    let mut req = base(&[WEB_1]);
    req["Username"] = json!("ghost");
    assert_eq!(
        plan(req, T0).plan.instances[0].condition,
        InstanceCondition::UserMissing
    );
    let mut req = base(&[WEB_1]);
    req["WorkingDir"] = json!("/srv/app");
    assert_eq!(
        plan(req, T0).plan.instances[0].condition,
        InstanceCondition::WorkingDirMissing
    );
    let mut req = base(&[WEB_1]);
    req["WorkingDir"] = json!("/var/www/");
    assert_eq!(
        plan(req, T0).plan.instances[0].condition,
        InstanceCondition::Ok,
        "trailing slash"
    );

    let world = World::default_world();
    let mut released = world.instance(WEB_1).unwrap().clone();
    released.faults.released = true;
    let req: RunCommandRequest = serde_json::from_value(base(&[WEB_1])).unwrap();
    assert_eq!(
        world_condition(&req, &released),
        InstanceCondition::InstanceReleased
    );
}

#[test]
fn agent_reports_are_rejections_patched_into_responses() {
    let mut req = base(&[WEB_1]);
    req["CommandContent"] = json!("echo {{ACS::Nope}}");
    req["EnableParameter"] = json!(true);
    let planned = plan(req, T0 + MIN);
    assert_ne!(planned.plan.instances[0].condition, InstanceCondition::Ok);
    assert_eq!(planned.rejections.len(), 1);
    assert_eq!(
        planned.rejections[0].error_code,
        "InvalidEnvironmentParameter"
    );

    let mut body = json!({"Invocations": {"Invocation": [{"InvokeId": "t-1",
        "InvokeInstances": {"InvokeInstance": [
            {"InstanceId": WEB_1, "ErrorCode": "CommandNotApplicable", "ErrorInfo": "x"}]}}]}});
    patch_rejections(&mut body, &planned.rejections);
    let row = &body["Invocations"]["Invocation"][0]["InvokeInstances"]["InvokeInstance"][0];
    assert_eq!(row["ErrorCode"], "InvalidEnvironmentParameter");
    assert_eq!(
        row["ErrorInfo"],
        "The environment parameter Nope is invalid"
    );

    let mut results = json!({"Invocation": {"InvocationResults": {"InvocationResult": [
        {"InvokeId": "t-1", "InstanceId": WEB_1, "ErrorCode": "CommandNotApplicable"},
        {"InvokeId": "t-2", "InstanceId": WEB_1, "ErrorCode": "CommandNotApplicable"}]}}});
    patch_rejections(&mut results, &planned.rejections);
    let rows = &results["Invocation"]["InvocationResults"]["InvocationResult"];
    assert_eq!(rows[0]["ErrorCode"], "InvalidEnvironmentParameter");
    assert_eq!(
        rows[1]["ErrorCode"], "CommandNotApplicable",
        "other invocations untouched"
    );

    let mut req = base(&[WEB_1]);
    req["ContainerName"] = json!("nginx");
    assert!(plan(req, T0).rejections.is_empty(), "nginx runs on web-1");
}

#[test]
fn an_untyped_username_is_the_default_account() {
    assert_eq!(
        plan(base(&[WEB_1]), T0).plan.username,
        "",
        "\"\" = the default account"
    );
}

#[test]
fn the_plan_ends_only_when_every_instance_schedule_ends() {
    let mut req = base(&[WEB_1, LEGACY_1]);
    req["Frequency"] = json!("0 0 10 * * ?");
    assert!(!plan(req, T0 + 48 * 60 * MIN).plan.schedule_ends);
    let mut at = base(&[WEB_1]);
    at["Frequency"] = json!("at(2026-03-01 17:00:00 GMT+8:00)");
    assert!(plan(at, T0 + 120 * MIN).plan.schedule_ends);
}
