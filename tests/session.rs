//! The session API and `runcommand-sim session` / `export` over JSON Lines.

use runcommand_playground::cli;
use runcommand_playground::sim::session::Session;
use runcommand_playground::sim::world::World;
use serde_json::{json, Value};

fn run_cli(args: &[&str], input: &str) -> cli::CliOutput {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let input = input.to_string();
    cli::run(&args, &mut || input.clone())
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const OK_CALL: &str = r#"{"at": "2026-03-01T08:00:00Z", "action": "RunCommand", "request": {"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo hi", "InstanceId": ["i-bp1a00000000000001"]}}"#;

#[test]
fn one_json_line_per_call_and_bad_lines_do_not_crash() {
    let input = format!("{OK_CALL}\nnot json\n\n{{\"at\": \"yesterday\", \"action\": \"RunCommand\"}}\n{{\"at\": \"2026-03-01T08:00:00Z\", \"action\": \"RunCommand\", \"request\": {{\"InstanceId\": \"i-1\"}}}}\n{{\"at\": \"2026-03-01T08:00:00Z\", \"action\": \"DescribeInvocations\", \"request\": {{}}}}\n{{\"at\": \"2026-03-01T08:00:00Z\", \"action\": \"Reboot\"}}");
    let out = run_cli(&["session"], &input);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let l = lines(&out.stdout);
    assert_eq!(l.len(), 6, "blank lines are skipped");
    assert_eq!(l[0]["HttpStatus"], 200);
    let id = l[0]["Body"]["RequestId"].as_str().unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(id, id.to_uppercase());
    assert_eq!(l[0]["Body"]["CommandId"].as_str().unwrap().len(), 34);
    assert!(l[1]["Body"]["Message"]
        .as_str()
        .unwrap()
        .starts_with("line 2:"));
    assert_eq!(l[2]["Body"]["Code"], "Simulator.MalformedInput", "bad time");
    assert_eq!(
        l[3]["Body"]["Code"], "Simulator.MalformedInput",
        "InstanceId must be a list"
    );
    assert_eq!(
        l[4]["HttpStatus"], 400,
        "DescribeInvocations needs RegionId"
    );
    assert_eq!(l[4]["Body"]["Code"], "MissingParameter");
    assert_eq!(l[5]["Body"]["Code"], "InvalidAction.NotFound");
}

#[test]
fn ids_are_deterministic_for_a_seed() {
    let a = run_cli(&["session", "--seed", "42"], OK_CALL).stdout;
    let b = run_cli(&["session", "--seed", "42"], OK_CALL).stdout;
    let c = run_cli(&["session", "--seed", "43"], OK_CALL).stdout;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn client_token_replays_return_the_same_ids() {
    let mut s = Session::new(World::default_world(), 3);
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let req = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo hi", "InstanceId": ["i-bp1a00000000000001"], "ClientToken": "t-1"});
    let first = s.call(at, "RunCommand", &req);
    let again = s.call(at, "RunCommand", &req);
    assert_eq!(first.body["CommandId"], again.body["CommandId"]);
    assert_eq!(first.body["InvokeId"], again.body["InvokeId"]);
    assert_ne!(first.body["RequestId"], again.body["RequestId"]);
    assert_eq!(s.invocations().len(), 1, "a replay does not run twice");
    let mut changed = req.clone();
    changed["Timeout"] = json!(30);
    assert_eq!(
        s.call(at, "RunCommand", &changed).code(),
        Some("IdempotentParameterMismatch")
    );
    let other_token = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo hi", "InstanceId": ["i-bp1a00000000000001"], "ClientToken": "t-2"});
    assert_ne!(
        s.call(at, "RunCommand", &other_token).body["InvokeId"],
        first.body["InvokeId"]
    );
}

#[test]
fn the_daily_quota_resets_the_next_utc_day() {
    let mut s = Session::new(World::default_world(), 3);
    let req = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo hi", "InstanceId": ["i-bp1a00000000000001"]});
    let day1 = chrono::DateTime::parse_from_rfc3339("2026-03-01T23:59:59Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    for _ in 0..30 {
        assert_eq!(s.call(day1, "RunCommand", &req).http_status, 200);
    }
    assert_eq!(
        s.call(day1, "RunCommand", &req).code(),
        Some("Invocation.ExceedQuota")
    );
    let day2 = day1 + chrono::Duration::seconds(1);
    assert_eq!(s.call(day2, "RunCommand", &req).http_status, 200);
    // Another region has its own quota.
    let sh = json!({"RegionId": "cn-shanghai", "Type": "RunShellScript", "CommandContent": "echo hi", "InstanceId": ["i-uf6a00000000000001"]});
    assert_eq!(s.call(day1, "RunCommand", &sh).http_status, 200);
}

#[test]
fn a_world_file_replaces_the_default() {
    let dir = std::env::temp_dir().join(format!("rcsim-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("world.json");
    let mut w: Value =
        serde_json::from_str(runcommand_playground::sim::world::DEFAULT_WORLD_JSON).unwrap();
    w["faults"]["operationForbidden"] = json!(true);
    std::fs::write(&path, w.to_string()).unwrap();
    let out = run_cli(&["session", "--world", path.to_str().unwrap()], OK_CALL);
    assert_eq!(lines(&out.stdout)[0]["Body"]["Code"], "Operation.Forbidden");
    std::fs::write(&path, "{\"accountId\": 5}").unwrap();
    let bad = run_cli(&["session", "--world", path.to_str().unwrap()], OK_CALL);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("world JSON"), "{}", bad.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_prints_each_form() {
    let req = r#"{"RegionId":"cn-hangzhou","Type":"RunShellScript","CommandContent":"echo it's","InstanceId":["i-1"]}"#;
    let q = run_cli(&["export", "--format", "query"], req);
    assert_eq!(
        q.stdout,
        "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo%20it%27s&InstanceId.1=i-1"
    );
    let back = run_cli(
        &["export", "--from", "query", "--format", "json"],
        &q.stdout,
    );
    assert_eq!(back.stdout, req);
    let c = run_cli(&["export", "--format", "cli"], req);
    assert_eq!(
        c.stdout,
        r"aliyun ecs RunCommand --RegionId cn-hangzhou --Type RunShellScript --CommandContent 'echo it'\''s' --InstanceId.1 i-1"
    );
    assert_eq!(run_cli(&["export"], req).code, 2);
    assert_eq!(run_cli(&["export", "--format", "json"], "{").code, 2);
}

#[test]
fn a_replay_is_compared_on_the_wire_form() {
    let mut s = Session::new(World::default_world(), 3);
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let a = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo", "InstanceId": ["i-bp1a00000000000001"], "ClientToken": "x", "Timeout": 60});
    let b = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo", "InstanceId": ["i-bp1a00000000000001"], "ClientToken": "x", "Timeout": "60"});
    let first = s.call(at, "RunCommand", &a);
    let again = s.call(at, "RunCommand", &b);
    assert_eq!(
        first.body["InvokeId"], again.body["InvokeId"],
        "60 and \"60\" are the same on the wire"
    );
    assert_eq!(s.clock(), Some(at));
}
