//! Sessions over time: RunCommand, then Describe*/StopInvocation/InvokeCommand/RebootInstance at
//! later virtual instants, as a user of the real API would see them (api-spec §4–§7).

use chrono::{DateTime, Duration, Utc};
use runcommand_playground::sim::session::{ApiResponse, Session};
use runcommand_playground::sim::world::World;
use serde_json::{json, Value};

const WEB_1: &str = "i-bp1a00000000000001";
const WEB_2: &str = "i-bp1a00000000000002";
const DB_1: &str = "i-bp1a00000000000003";
const LEGACY_1: &str = "i-bp1a00000000000004";

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn secs(s: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(s)
}

fn run(s: &mut Session, at: DateTime<Utc>, request: Value) -> ApiResponse {
    let r = s.call(at, "RunCommand", &request);
    assert_eq!(r.http_status, 200, "{}", r.body);
    r
}

fn invocation(s: &mut Session, at: DateTime<Utc>, invoke_id: &str) -> Value {
    let r = s.call(
        at,
        "DescribeInvocations",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": invoke_id, "IncludeOutput": true, "ContentEncoding": "PlainText"}),
    );
    assert_eq!(r.http_status, 200, "{}", r.body);
    assert_eq!(r.body["TotalCount"], 1);
    r.body["Invocations"]["Invocation"][0].clone()
}

fn instances(inv: &Value) -> Vec<Value> {
    inv["InvokeInstances"]["InvokeInstance"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn timeout_on_four_instances_seen_at_several_instants() {
    let mut s = Session::new(World::default_world(), 11);
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "echo hi; sleep 5; exit 3", "Timeout": 3,
               "InstanceId": [WEB_1, WEB_2, DB_1, LEGACY_1]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();

    // Right after the call nothing has reached the agents (delivery takes ~1 s).
    let inv = invocation(&mut s, t0(), &id);
    assert_eq!(inv["InvocationStatus"], "Pending");
    assert_eq!(
        inv["InvokeStatus"], "Running",
        "legacy: Pending reads as Running"
    );
    assert_eq!(instances(&inv).len(), 4);

    // Two seconds in, every instance runs and has printed "hi".
    let inv = invocation(&mut s, secs(2), &id);
    assert_eq!(inv["InvocationStatus"], "Running");
    for i in instances(&inv) {
        assert_eq!(i["InvocationStatus"], "Running");
        assert_eq!(i["Output"], "hi\n");
        assert!(i.get("ExitCode").is_none());
    }

    // After start + 3 s the agent killed every run: Timeout, legacy Failed, no exit code.
    let inv = invocation(&mut s, secs(10), &id);
    assert_eq!(inv["InvocationStatus"], "Failed");
    assert_eq!(inv["InvokeStatus"], "Failed");
    assert_eq!(inv["Timed"], false);
    for i in instances(&inv) {
        assert_eq!(i["InvocationStatus"], "Timeout");
        assert_eq!(i["InstanceInvokeStatus"], "Failed");
        assert_eq!(i["ErrorCode"], "ExecutionTimeout");
        assert!(i.get("ExitCode").is_none());
        let start = DateTime::parse_from_rfc3339(i["StartTime"].as_str().unwrap()).unwrap();
        let finish = DateTime::parse_from_rfc3339(i["FinishTime"].as_str().unwrap()).unwrap();
        assert_eq!(
            (finish - start).num_seconds(),
            3,
            "FinishTime = StartTime + Timeout"
        );
    }

    // DescribeInvocationResults agrees, with Base64 output by default.
    let r = s.call(
        secs(10),
        "DescribeInvocationResults",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": id}),
    );
    let rows = r.body["Invocation"]["InvocationResults"]["InvocationResult"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows.len(), 4);
    for row in rows {
        assert_eq!(row["InvocationStatus"], "Timeout");
        assert_eq!(row["InvokeRecordStatus"], "Failed");
        assert_eq!(row["Output"], "aGkK", "Base64 of \"hi\\n\"");
    }

    // Nothing exists before the call.
    let r = s.call(
        secs(-5),
        "DescribeInvocations",
        &json!({"RegionId": "cn-hangzhou"}),
    );
    assert_eq!(r.body["TotalCount"], 0);
}

#[test]
fn stop_invocation_mid_run() {
    let mut s = Session::new(World::default_world(), 5);
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "echo start; sleep 30; echo end",
               "InstanceId": [WEB_1, WEB_2]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    let stop = s.call(
        secs(5),
        "StopInvocation",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": id, "InstanceId": [WEB_1]}),
    );
    assert_eq!(stop.http_status, 200, "{}", stop.body);
    assert_eq!(stop.body.as_object().unwrap().len(), 1, "only RequestId");

    // The stop shows as Stopping on web-1 while web-2 keeps running.
    let inv = invocation(&mut s, secs(5), &id);
    let list = instances(&inv);
    assert_eq!(list[0]["InvocationStatus"], "Stopping");
    assert_eq!(list[1]["InvocationStatus"], "Running");
    assert_eq!(inv["InvocationStatus"], "Running");

    // web-1 is Terminated with StopTime = the call; web-2 finishes; overall Success.
    let inv = invocation(&mut s, secs(60), &id);
    let list = instances(&inv);
    assert_eq!(list[0]["InvocationStatus"], "Terminated");
    assert_eq!(list[0]["InstanceInvokeStatus"], "Stopped");
    assert_eq!(list[0]["StopTime"], "2026-03-01T08:00:05Z");
    assert_eq!(list[0]["Output"], "start\n");
    assert_eq!(list[1]["InvocationStatus"], "Success");
    assert_eq!(list[1]["Output"], "start\nend\n");
    assert_eq!(
        inv["InvocationStatus"], "Success",
        "Success + Stopped → Success"
    );

    // Stopping an unknown invocation, or more than 50 instances, is refused.
    let r = s.call(
        secs(61),
        "StopInvocation",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": "t-nope"}),
    );
    assert_eq!(
        (r.http_status, r.code()),
        (404, Some("InvalidInvokeId.NotFound"))
    );
    let many: Vec<String> = (0..51).map(|n| format!("i-{n}")).collect();
    let r = s.call(
        secs(61),
        "StopInvocation",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": id, "InstanceId": many}),
    );
    assert_eq!(
        (r.http_status, r.code()),
        (403, Some("InstanceIds.ExceedLimit"))
    );
}

#[test]
fn stop_every_instance_gives_overall_stopped() {
    let mut s = Session::new(World::default_world(), 9);
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "sleep 100", "Timeout": 300, "InstanceId": [WEB_1, WEB_2]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    s.call(
        secs(10),
        "StopInvocation",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": id}),
    );
    let inv = invocation(&mut s, secs(20), &id);
    assert_eq!(inv["InvocationStatus"], "Stopped");
    assert_eq!(inv["InvokeStatus"], "Stopped");
}

#[test]
fn periodic_rate_with_include_history() {
    let mut s = Session::new(World::default_world(), 2);
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "echo tick", "Frequency": "rate(1m)", "Timeout": 30,
               "InstanceId": [WEB_1]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    let at = secs(5 * 60 + 30);
    let inv = invocation(&mut s, at, &id);
    assert_eq!(inv["RepeatMode"], "Period");
    assert_eq!(inv["Frequency"], "rate(1m)");
    assert_eq!(inv["InvocationStatus"], "Scheduled");
    assert_eq!(inv["Timed"], true);
    let inst = &instances(&inv)[0];
    assert_eq!(
        inst["Repeats"], 5,
        "rate(1m): first run one minute after creation"
    );

    let history = s.call(
        at,
        "DescribeInvocationResults",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": id, "IncludeHistory": true,
                "ContentEncoding": "PlainText", "PageSize": 50}),
    );
    let rows = history.body["Invocation"]["InvocationResults"]["InvocationResult"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows.len(), 5);
    for (n, row) in rows.iter().enumerate() {
        assert_eq!(row["InvocationStatus"], "Success");
        assert_eq!(row["Output"], "tick\n");
        assert_eq!(row["Repeats"], n + 1);
        let start = row["StartTime"].as_str().unwrap();
        assert_eq!(
            start,
            format!("2026-03-01T08:0{}:00Z", n + 1),
            "rate fires at creation + k minutes"
        );
    }
    let latest = s.call(
        at,
        "DescribeInvocationResults",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": id}),
    );
    let rows = &latest.body["Invocation"]["InvocationResults"]["InvocationResult"];
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["Repeats"], 5);

    // A stop ends the schedule: no more runs after it.
    s.call(
        at,
        "StopInvocation",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": id}),
    );
    let inv = invocation(&mut s, secs(20 * 60), &id);
    assert_eq!(inv["InvocationStatus"], "Stopped");
    assert_eq!(instances(&inv)[0]["Repeats"], 5);
}

#[test]
fn invoke_command_reruns_a_kept_command_with_its_own_parameters() {
    let mut s = Session::new(World::default_world(), 4);
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "Name": "greet",
               "CommandContent": "echo hello {{who}}", "EnableParameter": true,
               "Parameters": {"who": "first"}, "KeepCommand": true, "InstanceId": [WEB_1]}),
    );
    let command_id = r.body["CommandId"].as_str().unwrap().to_string();
    let r = s.call(
        secs(30),
        "InvokeCommand",
        &json!({"RegionId": "cn-hangzhou", "CommandId": command_id, "InstanceId": [WEB_2],
                "Parameters": "{\"who\": \"second\"}"}),
    );
    assert_eq!(r.http_status, 200, "{}", r.body);
    let keys: Vec<&String> = r.body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["InvokeId", "RequestId"],
        "InvokeCommand answers no CommandId"
    );
    let invoke_id = r.body["InvokeId"].as_str().unwrap().to_string();
    let inv = invocation(&mut s, secs(60), &invoke_id);
    assert_eq!(inv["CommandId"], command_id.as_str());
    let inst = &instances(&inv)[0];
    assert_eq!(inst["InstanceId"], WEB_2);
    assert_eq!(inst["Output"], "hello second\n");

    // Both invocations are listed, newest first.
    let all = s.call(
        secs(60),
        "DescribeInvocations",
        &json!({"RegionId": "cn-hangzhou", "CommandId": command_id}),
    );
    assert_eq!(all.body["TotalCount"], 2);
    assert_eq!(
        all.body["Invocations"]["Invocation"][0]["InvokeId"],
        invoke_id.as_str()
    );

    // Timeout below 10 s, an unknown command and a command that was not kept are refused.
    let r = s.call(
        secs(61),
        "InvokeCommand",
        &json!({"RegionId": "cn-hangzhou", "CommandId": command_id, "InstanceId": [WEB_2], "Timeout": 5}),
    );
    assert_eq!(r.http_status, 400);
    let r = s.call(
        secs(61),
        "InvokeCommand",
        &json!({"RegionId": "cn-hangzhou", "CommandId": "c-unknown", "InstanceId": [WEB_2]}),
    );
    assert_eq!(
        (r.http_status, r.code()),
        (404, Some("InvalidCmdId.NotFound"))
    );
    let once = run(
        &mut s,
        secs(62),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo x", "InstanceId": [WEB_1]}),
    );
    let r = s.call(
        secs(63),
        "InvokeCommand",
        &json!({"RegionId": "cn-hangzhou", "CommandId": once.body["CommandId"], "InstanceId": [WEB_1]}),
    );
    assert_eq!(r.code(), Some("InvalidCmdId.NotFound"));
}

#[test]
fn reboot_runs_next_reboot_only_once() {
    let mut s = Session::new(World::default_world(), 8);
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "echo booted", "RepeatMode": "NextRebootOnly", "InstanceId": [WEB_1]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    let inv = invocation(&mut s, secs(60), &id);
    assert_eq!(inv["InvocationStatus"], "Pending", "waits for a reboot");
    assert_eq!(inv["Timed"], true);
    let r = s.call(secs(100), "RebootInstance", &json!({"InstanceId": WEB_1}));
    assert_eq!(r.http_status, 200);
    let inv = invocation(&mut s, secs(300), &id);
    assert_eq!(inv["InvocationStatus"], "Success");
    assert_eq!(instances(&inv)[0]["Output"], "booted\n");
    // A second reboot does not run it again.
    s.call(secs(400), "RebootInstance", &json!({"InstanceId": WEB_1}));
    let inv = invocation(&mut s, secs(600), &id);
    assert_eq!(instances(&inv)[0]["Repeats"], 1);
    let r = s.call(
        secs(601),
        "RebootInstance",
        &json!({"InstanceId": "i-missing"}),
    );
    assert_eq!(r.code(), Some("InvalidInstance.NotFound"));
}

#[test]
fn world_conditions_and_agent_reports_become_per_instance_errors() {
    let mut s = Session::new(World::default_world(), 1);
    // A missing user: the call succeeds, the instance is Invalid with AccountNotExists.
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "id",
               "Username": "nobody-here", "InstanceId": [WEB_1]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    let inst = &instances(&invocation(&mut s, secs(30), &id))[0];
    assert_eq!(inst["InvocationStatus"], "Invalid");
    assert_eq!(inst["ErrorCode"], "AccountNotExists");

    // A parameter-store reference that does not exist: the agent's ParameterFailed report.
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "echo {{oos:no-such-param}}", "EnableParameter": true,
               "InstanceId": [WEB_1]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    let inst = &instances(&invocation(&mut s, secs(30), &id))[0];
    assert_eq!(inst["InvocationStatus"], "Invalid");
    assert_eq!(inst["ErrorCode"], "ParameterFailed");
    assert!(inst["ErrorInfo"]
        .as_str()
        .unwrap()
        .contains("no-such-param"));

    // A container that is not on the instance.
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "ls",
               "ContainerName": "redis", "InstanceId": [WEB_1]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    let inst = &instances(&invocation(&mut s, secs(30), &id))[0];
    assert_eq!(inst["ErrorCode"], "ContainerNotFound");

    // An agent too old for rate(): ClientNeedUpgrade with the version in ErrorInfo.
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "date",
               "Frequency": "rate(5m)", "InstanceId": [LEGACY_1]}),
    );
    let id = r.body["InvokeId"].as_str().unwrap().to_string();
    let inst = &instances(&invocation(&mut s, secs(90), &id))[0];
    assert_eq!(inst["InvocationStatus"], "Invalid");
    assert_eq!(inst["ErrorCode"], "ClientNeedUpgrade");
    assert!(inst["ErrorInfo"].as_str().unwrap().contains("2.2.3.282"));
}

#[test]
fn describe_checks_region_and_paging() {
    let mut s = Session::new(World::default_world(), 1);
    let r = s.call(t0(), "DescribeInvocations", &json!({"RegionId": "mars-1"}));
    assert_eq!(r.code(), Some("InvalidRegionId.NotFound"));
    let r = s.call(
        t0(),
        "DescribeInvocationResults",
        &json!({"RegionId": "cn-hangzhou", "PageSize": 51}),
    );
    assert_eq!(
        (r.http_status, r.code()),
        (400, Some("InvalidParam.PageSize"))
    );
    let r = s.call(
        t0(),
        "DescribeInvocations",
        &json!({"RegionId": "cn-hangzhou", "IncludeOutput": true}),
    );
    assert_eq!(
        r.http_status, 400,
        "IncludeOutput needs InvokeId or InstanceId"
    );
}

#[test]
fn json_lines_session_answers_each_call_at_its_instant() {
    let run_line = json!({"at": "2026-03-01T08:00:00Z", "action": "RunCommand",
        "request": {"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                    "CommandContent": "echo hi; sleep 5; exit 3", "Timeout": 3,
                    "InstanceId": [WEB_1, WEB_2, DB_1, LEGACY_1]}});
    let out = {
        let args = vec!["session".to_string(), "--seed".to_string(), "7".to_string()];
        let first = run_line.to_string();
        let input = first.clone();
        runcommand_playground::cli::run(&args, &mut || input.clone())
    };
    let invoke_id = serde_json::from_str::<Value>(&out.stdout).unwrap()["Body"]["InvokeId"]
        .as_str()
        .unwrap()
        .to_string();
    let describe = |at: &str| {
        json!({"at": at, "action": "DescribeInvocations",
               "request": {"RegionId": "cn-hangzhou", "InvokeId": invoke_id}})
        .to_string()
    };
    let input = [
        run_line.to_string(),
        describe("2026-03-01T08:00:00Z"),
        describe("2026-03-01T08:00:02Z"),
        describe("2026-03-01T08:00:30Z"),
        json!({"at": "2026-03-01T08:00:31Z", "action": "RebootInstance", "request": {"InstanceId": WEB_1}}).to_string(),
    ]
    .join("\n");
    let args = vec!["session".to_string(), "--seed".to_string(), "7".to_string()];
    let out = runcommand_playground::cli::run(&args, &mut || input.clone());
    assert_eq!(out.code, 0);
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    let overall =
        |n: usize| lines[n]["Body"]["Invocations"]["Invocation"][0]["InvocationStatus"].clone();
    assert_eq!(overall(1), "Pending");
    assert_eq!(overall(2), "Running");
    assert_eq!(overall(3), "Failed");
    assert_eq!(lines[4]["HttpStatus"], 200);
}

#[test]
fn every_reboot_runs_after_each_reboot_and_downtime_delays_runs() {
    let mut s = Session::new(World::default_world(), 6);
    let r = run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "echo up", "RepeatMode": "EveryReboot", "InstanceId": [WEB_1]}),
    );
    let every = r.body["InvokeId"].as_str().unwrap().to_string();
    s.call(secs(60), "RebootInstance", &json!({"InstanceId": WEB_1}));
    // A one-off call while web-1 is still booting waits for it to come back.
    let r = run(
        &mut s,
        secs(61),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
               "CommandContent": "echo late", "InstanceId": [WEB_1]}),
    );
    let once = r.body["InvokeId"].as_str().unwrap().to_string();
    s.call(secs(300), "RebootInstance", &json!({"InstanceId": WEB_1}));
    let inv = invocation(&mut s, secs(600), &every);
    assert_eq!(
        inv["InvocationStatus"], "Scheduled",
        "EveryReboot waits for the next boot"
    );
    assert_eq!(instances(&inv)[0]["Repeats"], 2);
    let history = s.call(
        secs(600),
        "DescribeInvocationResults",
        &json!({"RegionId": "cn-hangzhou", "InvokeId": every, "IncludeHistory": true}),
    );
    assert_eq!(history.body["Invocation"]["TotalCount"], 2);

    let inv = invocation(&mut s, secs(600), &once);
    let inst = &instances(&inv)[0];
    assert_eq!(inst["InvocationStatus"], "Success");
    let started = DateTime::parse_from_rfc3339(inst["StartTime"].as_str().unwrap()).unwrap();
    assert!(
        started.with_timezone(&Utc) >= secs(90),
        "the run starts after the 30 s boot, not at {started}"
    );
}

#[test]
fn describe_invocations_filters_and_pages() {
    let mut s = Session::new(World::default_world(), 12);
    run(
        &mut s,
        t0(),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "Name": "once",
               "CommandContent": "echo a", "Tag": [{"Key": "team", "Value": "web"}],
               "InstanceId": [WEB_1]}),
    );
    run(
        &mut s,
        secs(1),
        json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "Name": "tick",
               "CommandContent": "echo b", "Frequency": "rate(5m)", "InstanceId": [WEB_2]}),
    );
    run(
        &mut s,
        secs(2),
        json!({"RegionId": "cn-hangzhou", "Type": "RunPowerShellScript", "Name": "win",
               "ResourceGroupId": "rg-bp67acfmxazb4p0001",
               "CommandContent": "Write-Output c", "InstanceId": ["i-bp1a00000000000005"]}),
    );
    let list = |s: &mut Session, filter: Value| -> (i64, Vec<String>, Value) {
        let mut q = json!({"RegionId": "cn-hangzhou"});
        for (k, v) in filter.as_object().unwrap() {
            q[k] = v.clone();
        }
        let r = s.call(secs(120), "DescribeInvocations", &q);
        assert_eq!(r.http_status, 200, "{}", r.body);
        let names = r.body["Invocations"]["Invocation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["CommandName"].as_str().unwrap().to_string())
            .collect();
        (r.body["TotalCount"].as_i64().unwrap(), names, r.body)
    };
    assert_eq!(
        list(&mut s, json!({})).1,
        ["win", "tick", "once"],
        "newest first"
    );
    assert_eq!(
        list(&mut s, json!({"CommandType": "RunPowerShellScript"})).1,
        ["win"]
    );
    assert_eq!(list(&mut s, json!({"RepeatMode": "Period"})).1, ["tick"]);
    assert_eq!(
        list(&mut s, json!({"Timed": true})).1,
        ["tick"],
        "only it will run again"
    );
    assert_eq!(
        list(&mut s, json!({"Tag": [{"Key": "team", "Value": "web"}]})).1,
        ["once"]
    );
    assert_eq!(
        list(&mut s, json!({"Tag": [{"Key": "team", "Value": "db"}]})).0,
        0
    );
    assert_eq!(list(&mut s, json!({"CommandName": "tick"})).1, ["tick"]);
    assert_eq!(
        list(&mut s, json!({"ResourceGroupId": "rg-bp67acfmxazb4p0001"})).1,
        ["win"]
    );
    // CommandName is ignored when InstanceId is given.
    assert_eq!(
        list(&mut s, json!({"CommandName": "tick", "InstanceId": WEB_1})).1,
        ["once"]
    );
    let (total, names, _) = list(
        &mut s,
        json!({"CommandType": "RunShellScript", "PageSize": 1, "PageNumber": 2}),
    );
    assert_eq!((total, names), (2, vec!["once".to_string()]));
    let (_, first, body) = list(
        &mut s,
        json!({"CommandType": "RunShellScript", "MaxResults": 1}),
    );
    assert_eq!(first, ["tick"]);
    let token = body["NextToken"].as_str().unwrap().to_string();
    assert!(!token.is_empty());
    let (_, second, body) = list(
        &mut s,
        json!({"CommandType": "RunShellScript", "MaxResults": 1, "NextToken": token}),
    );
    assert_eq!(second, ["once"]);
    assert_eq!(body["NextToken"], "", "last page");
    let r = s.call(
        secs(120),
        "DescribeInvocations",
        &json!({"RegionId": "cn-hangzhou", "CommandType": "RunShellScript", "NextToken": "bogus"}),
    );
    assert_eq!(r.code(), Some("InvalidParameter.NextToken"));
}
