//! The JSON facade (`src/api`): shapes, real answers, and no panic on bad input.

use runcommand_playground::api::{self, SimulateOptions};
use serde_json::{json, Value};

const WEB_1: &str = "i-bp1a00000000000001";
const WEB_2: &str = "i-bp1a00000000000002";
const LEGACY_1: &str = "i-bp1a00000000000004";
const NOW: &str = "2026-03-01T08:00:00Z";

fn hello(ids: &[&str]) -> Value {
    json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo hi",
           "InstanceId": ids})
}

fn opts(now: &str) -> SimulateOptions {
    SimulateOptions {
        now: now.to_string(),
        ..Default::default()
    }
}

#[test]
fn validate_reports_targets_effective_values_and_placeholders() {
    let req = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
        "CommandContent": "echo {{app}} on {{ACS::InstanceId}} {{oos:db-host}}",
        "EnableParameter": true, "Parameters": {"app": "shop"}, "InstanceId": [WEB_1, LEGACY_1]});
    let v = api::validate(&req, None);
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["error"].is_null());
    assert_eq!(v["problems"], json!([]));
    assert_eq!(v["effective"]["Timeout"], 60);
    assert_eq!(v["effective"]["RepeatMode"], "Once");
    assert_eq!(v["effective"]["ContentEncoding"], "PlainText");
    assert_eq!(v["effective"]["Username"], "root");
    assert_eq!(
        v["contentSize"]["limit"],
        24 * 1024,
        "KeepCommand=false: 24 KB"
    );
    let kinds: Vec<&str> = v["placeholders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["custom", "builtin", "oos"]);
    assert_eq!(v["placeholders"][0]["start"], 5);
    assert_eq!(v["placeholders"][0]["end"], 12);
    let targets = v["targets"].as_array().unwrap();
    assert_eq!(targets[0]["InstanceName"], "web-1");
    assert!(targets[0]["finding"].is_null());
    // legacy-1 (2.2.3.200) is too old for {{ACS::InstanceId}} on several instances (≥ .309).
    assert_eq!(targets[1]["finding"]["ErrorCode"], "ClientNeedUpgrade");
}

#[test]
fn validate_lists_every_problem_with_the_first_as_the_answer() {
    let req = json!({"RegionId": "cn-hangzhou", "Type": "RunPython", "CommandContent": "x",
                     "Name": "n".repeat(129), "InstanceId": [WEB_1]});
    let v = api::validate(&req, None);
    assert_eq!(v["ok"], false);
    let problems = v["problems"].as_array().unwrap();
    assert!(problems.len() >= 2, "{v}");
    assert_eq!(v["error"]["Code"], problems[0]["Code"]);
    assert_eq!(v["error"]["HttpStatus"], problems[0]["HttpStatus"]);
    assert_eq!(v["error"]["HostId"], "ecs.aliyuncs.com");
    let codes: Vec<&str> = problems
        .iter()
        .map(|p| p["Code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"InvalidCmdType.NotFound"), "{codes:?}");
    assert!(codes.contains(&"CmdName.ExceedLimit"), "{codes:?}");
    let fields: Vec<&str> = problems
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"Type") && fields.contains(&"Name"),
        "{fields:?}"
    );
}

#[test]
fn bad_input_is_an_error_value_never_a_panic() {
    let bad_world = json!({"accountId": "x"});
    let req = hello(&[WEB_1]);
    for v in [
        api::validate(&json!([1, 2]), None),
        api::validate(&req, Some(&bad_world)),
        api::render(&json!("text"), None),
        api::render(&json!({"InstanceId": "not-a-list"}), None),
        api::schedule(&req, None, "yesterday", 5),
        api::schedule(&req, Some(&json!(null)), "", 5),
        api::simulate(&req, None, "later", &opts(NOW)),
        api::simulate(&req, None, NOW, &opts("now")),
        api::simulate(&req, None, "2026-02-01T00:00:00Z", &opts(NOW)),
        api::simulate(&req, Some(&bad_world), NOW, &opts(NOW)),
        api::exports(&json!(42)),
    ] {
        assert_eq!(v["ok"], false, "{v}");
        assert!(v["error"]["Code"].is_string(), "{v}");
        assert!(v["error"]["Message"].is_string(), "{v}");
    }
    let events = SimulateOptions {
        now: NOW.into(),
        events: vec![json!({"at": NOW, "action": "Shutdown"})],
        seed: 0,
    };
    assert_eq!(api::simulate(&req, None, NOW, &events)["ok"], false);
    for v in [
        api::next_fires("rate(5m)", "not a time", 3, None),
        api::next_fires("rate(5m)", NOW, 3, Some("Mars/Olympus")),
        api::next_fires("rate(5s)", NOW, 3, None),
        api::next_fires("", NOW, 3, None),
    ] {
        assert_eq!(v["ok"], false, "{v}");
        assert!(v["code"].is_string() && v["message"].is_string(), "{v}");
    }
}

#[test]
fn render_gives_scripts_spans_and_agent_errors() {
    let req = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "Name": "deploy",
        "CommandContent": "echo {{app}} {{ACS::InstanceName}}", "EnableParameter": true,
        "Parameters": {"app": "shop"}, "InstanceId": [WEB_1, WEB_2]});
    let r = api::render(&req, None);
    assert_eq!(r["ok"], true, "{r}");
    let list = r["instances"].as_array().unwrap();
    assert_eq!(list[0]["script"], "echo shop web-1");
    assert_eq!(list[1]["script"], "echo shop web-2");
    let invoke = r["InvokeId"].as_str().unwrap();
    assert_eq!(
        list[0]["path"],
        format!("/usr/local/share/aliyun-assist/work/script/deploy-{invoke}.sh")
    );
    assert_eq!(
        list[0]["commandLine"],
        format!("sh -c {}", list[0]["path"].as_str().unwrap())
    );
    let spans = list[0]["spans"].as_array().unwrap();
    assert_eq!(
        spans[0],
        json!({"start": 5, "end": 9, "source": "custom:app", "kind": "custom", "name": "app"})
    );
    assert_eq!(spans[1]["source"], "builtin:InstanceName");
    assert!(list[0]["error"].is_null());

    let missing = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
        "CommandContent": "echo {{oos:nope}}", "EnableParameter": true, "InstanceId": [WEB_1]});
    let r = api::render(&missing, None);
    assert_eq!(r["instances"][0]["error"]["param"], "ParameterFailed");

    let refused = api::render(&hello(&["i-doesnotexist00000001"]), None);
    assert_eq!(refused["ok"], false);
    assert_eq!(refused["error"]["Code"], "InvalidInstance.NotFound");
}

#[test]
fn next_fires_follows_the_agent() {
    // rate(): the first run is one interval after creation.
    let v = api::next_fires("rate(5m)", NOW, 3, None);
    assert_eq!(
        v["next"],
        json!([
            "2026-03-01T08:05:00Z",
            "2026-03-01T08:10:00Z",
            "2026-03-01T08:15:00Z"
        ])
    );
    // Zone-less cron runs in the instance's zone: 02:00 in Shanghai is 18:00 UTC.
    let v = api::next_fires("0 0 2 * * ?", NOW, 2, Some("Asia/Shanghai"));
    assert_eq!(
        v["next"],
        json!(["2026-03-01T18:00:00Z", "2026-03-02T18:00:00Z"])
    );
    let v = api::next_fires("0 0 2 * * ?", NOW, 1, None);
    assert_eq!(v["next"], json!(["2026-03-02T02:00:00Z"]));
    // at() in GMT+8:00 becomes UTC, fires once and ends.
    let v = api::next_fires("at(2026-12-24 20:00:00 GMT+8:00)", NOW, 5, None);
    assert_eq!(v["next"], json!(["2026-12-24T12:00:00Z"]));
    assert_eq!(v["end"], "at_done");
    // Ten thousand fires of a 10-second cron, strictly increasing, 10 s apart.
    let v = api::next_fires("0/10 * * * * ?", NOW, 10_000, None);
    let list = v["next"].as_array().unwrap();
    assert_eq!(list.len(), 10_000);
    assert_eq!(list[9_999], "2026-03-02T11:46:40Z", "NOW + 10000 × 10 s");
}

#[test]
fn schedule_uses_the_first_target_zone() {
    let cron = |ids: &[&str]| {
        let mut r = hello(ids);
        r["Frequency"] = json!("0 0 2 * * ?");
        r
    };
    let s = api::schedule(&cron(&[WEB_1]), None, NOW, 2);
    assert_eq!(s["ok"], true, "{s}");
    assert_eq!(s["mode"], "Period");
    assert_eq!(s["periodic"], true);
    assert_eq!(s["kind"], "cron");
    assert_eq!(s["zone"], "Asia/Shanghai");
    assert_eq!(s["next"][0], "2026-03-01T18:00:00Z");
    assert!(s["description"]["en"].is_string() && s["description"]["zh"].is_string());
    let s = api::schedule(&cron(&[LEGACY_1]), None, NOW, 2);
    assert_eq!(s["zone"], "UTC");
    assert_eq!(s["next"][0], "2026-03-02T02:00:00Z");

    let once = api::schedule(&hello(&[WEB_1]), None, NOW, 5);
    assert_eq!(once["periodic"], false);
    assert_eq!(once["mode"], "Once");
    assert_eq!(once["next"], json!([]));

    let mut missing = hello(&[WEB_1]);
    missing["RepeatMode"] = json!("Period");
    let e = api::schedule(&missing, None, NOW, 5);
    assert_eq!(e["ok"], false);
    assert_eq!(e["error"]["Code"], "MissingParam.Frequency");
    assert_eq!(e["error"]["HttpStatus"], 400);
}

#[test]
fn simulate_rate_gives_ticks_runs_and_responses() {
    let mut req = hello(&[WEB_1, WEB_2]);
    req["Frequency"] = json!("rate(1m)");
    req["Timeout"] = json!(30);
    let stop_at = "2026-03-01T08:05:30Z";
    let options = SimulateOptions {
        now: NOW.into(),
        events: vec![json!({"at": stop_at, "action": "StopInvocation", "InstanceId": [WEB_2]})],
        seed: 0,
    };
    let v = api::simulate(&req, None, "2026-03-01T08:10:30Z", &options);
    assert_eq!(v["ok"], true, "{v}");
    let fires = v["fires"].as_array().unwrap();
    assert_eq!(fires.len(), 10, "one tick per minute after creation");
    assert_eq!(fires[0], v["startMs"].as_i64().unwrap() + 60_000);
    assert_eq!(v["events"][0]["HttpStatus"], 200);
    assert_eq!(v["events"][0]["at"], stop_at);
    let instances = v["instances"].as_array().unwrap();
    assert_eq!(instances[0]["runs"].as_array().unwrap().len(), 10);
    assert_eq!(instances[0]["status"], "Scheduled");
    assert_eq!(
        instances[1]["runs"].as_array().unwrap().len(),
        5,
        "stopped after 5 runs"
    );
    assert_eq!(instances[1]["status"], "Cancelled");
    let run = &instances[0]["runs"][0];
    assert_eq!(run["status"], "Success");
    assert_eq!(run["exitCode"], 0);
    assert_eq!(run["output"], "hi\n");
    assert_eq!(run["startMs"], fires[0]);
    assert_eq!(v["overall"]["InvocationStatus"], "Scheduled");
    let di = &v["DescribeInvocations"]["Invocations"]["Invocation"][0];
    assert_eq!(di["InvokeId"], v["InvokeId"]);
    assert_eq!(di["Frequency"], "rate(1m)");
    let rows = v["DescribeInvocationResults"]["Invocation"]["InvocationResults"]
        ["InvocationResult"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 15, "IncludeHistory: one row per run");
    assert_eq!(
        v["DescribeInvocationResults"]["Invocation"]["TotalCount"],
        15
    );
}

#[test]
fn exports_and_default_world() {
    let e = api::exports(&hello(&[WEB_1]));
    assert_eq!(e["ok"], true);
    assert!(e["query"]
        .as_str()
        .unwrap()
        .contains("InstanceId.1=i-bp1a00000000000001"));
    assert!(e["cli"]
        .as_str()
        .unwrap()
        .starts_with("aliyun ecs RunCommand"));
    for key in ["json", "python", "go", "java", "nodejs"] {
        assert!(e[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    let parsed: Value = serde_json::from_str(e["json"].as_str().unwrap()).unwrap();
    assert_eq!(parsed, hello(&[WEB_1]));

    let world = api::default_world();
    assert_eq!(world["accountId"], "1234567890123456");
    let req = hello(&[WEB_1]);
    assert_eq!(api::validate(&req, Some(&world)), api::validate(&req, None));
    let mut smaller = world.clone();
    smaller["instances"] = json!([]);
    let v = api::validate(&req, Some(&smaller));
    assert_eq!(v["error"]["Code"], "InvalidInstance.NotFound");
}

#[test]
fn simulate_refuses_spans_too_large_for_a_page() {
    let mut req = hello(&[WEB_1, WEB_2]);
    req["Frequency"] = json!("0/10 * * * * ?");
    req["Timeout"] = json!(5);
    let ok = api::simulate(&req, None, "2026-03-02T08:00:00Z", &opts(NOW));
    assert_eq!(ok["ok"], true, "{}", ok["error"]);
    assert_eq!(
        ok["fires"].as_array().unwrap().len(),
        8_640,
        "a 10 s cron over a day"
    );
    let too_long = api::simulate(&req, None, "2026-03-09T08:00:01Z", &opts(NOW));
    assert_eq!(too_long["ok"], false, "more than 7 days");
    // 100 instances × 8 640 runs is more than a page can take.
    let world = serde_json::to_value(runcommand_playground::cli::bench_sim::bench_world()).unwrap();
    let mut many = runcommand_playground::cli::bench_sim::bench_request();
    many["Frequency"] = json!("0/10 * * * * ?");
    many["Timeout"] = json!(5);
    let v = api::simulate(&many, Some(&world), "2026-03-02T08:00:00Z", &opts(NOW));
    assert_eq!(v["ok"], false);
    assert!(
        v["error"]["Message"]
            .as_str()
            .unwrap()
            .contains("864000 scheduled runs"),
        "{v}"
    );
}

#[test]
fn evaluate_answers_exactly_like_validate_render_and_schedule() {
    for preset in runcommand_playground::api::presets::all() {
        let now = preset.now.unwrap_or("2026-11-27T12:00:00Z");
        let all = runcommand_playground::api::evaluate(&preset.request, None, now, 20);
        assert_eq!(
            all["validation"],
            runcommand_playground::api::validate(&preset.request, None),
            "{}",
            preset.id
        );
        assert_eq!(
            all["rendered"],
            runcommand_playground::api::render(&preset.request, None),
            "{}",
            preset.id
        );
        assert_eq!(
            all["schedule"],
            runcommand_playground::api::schedule(&preset.request, None, now, 20),
            "{}",
            preset.id
        );
        // Without the rendered scripts: the same answer, with `rendered` null.
        let world = runcommand_playground::api::input::world(None);
        let mut lean =
            runcommand_playground::api::evaluate_parts(&preset.request, &world, now, 20, false);
        assert_eq!(lean["rendered"].take(), serde_json::Value::Null);
        let mut full = all.clone();
        full["rendered"] = serde_json::Value::Null;
        assert_eq!(lean, full, "{}", preset.id);
        // The playground's parts: also without the validation's targets.
        let (page, _) = api::evaluate_checked(
            &preset.request,
            &world,
            now,
            20,
            api::EvaluationParts::default(),
        );
        assert!(full["validation"]["targets"].is_array(), "{}", preset.id);
        full["validation"]["targets"] = serde_json::Value::Null;
        assert_eq!(page, full, "{}", preset.id);
    }
    let bad = serde_json::json!({"Timeout": [1]});
    let all = runcommand_playground::api::evaluate(&bad, None, "2026-11-27T12:00:00Z", 5);
    assert_eq!(all["validation"]["ok"], false);
    assert_eq!(all["rendered"], all["schedule"]);
}

/// The simulation of the request an evaluation checked (the Executions tab's path) answers as a
/// simulation of the request itself, errors included and in the same order.
#[test]
fn a_simulation_of_the_checked_request_answers_like_one_of_the_request() {
    let world = api::input::world(None);
    let same = |request: &Value, now: &str, until: &str| {
        let options = SimulateOptions {
            now: now.into(),
            ..Default::default()
        };
        let (_, checked) = api::evaluate_checked(request, &world, now, 5, Default::default());
        let handed = api::Simulated::checked(&checked, &world, until, &options);
        let direct = api::Simulated::in_world(request, &world, until, &options);
        match (handed, direct) {
            (Ok(handed), Ok(direct)) => {
                let at = direct.horizon_ms();
                assert_eq!(
                    handed.answer_at(at, api::RunDetail::Full),
                    direct.answer_at(at, api::RunDetail::Full),
                    "{request}"
                );
                Value::Null
            }
            (Err(handed), Err(direct)) => {
                assert_eq!(handed, direct, "{request}");
                direct.answer()
            }
            (handed, direct) => panic!("{request}: {:?} vs {:?}", handed.err(), direct.err()),
        }
    };
    for preset in runcommand_playground::api::presets::all() {
        let now = preset.now.unwrap_or("2026-11-27T12:00:00Z");
        same(&preset.request, now, "2026-11-27T18:00:00Z");
    }
    // A request the API rejects, simulated to before `now`: the span's error comes first.
    let rejected = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript"});
    let error = same(&rejected, "2026-11-27T12:00:00Z", "2026-11-27T11:00:00Z");
    assert!(error.to_string().contains("until is before now"), "{error}");
    let error = same(&rejected, "2026-11-27T12:00:00Z", "2026-11-27T13:00:00Z");
    assert_eq!(error["error"]["Code"], "MissingParameter", "{error}");
    // A request that cannot be read: its error comes before the span's.
    let unreadable = json!({"Timeout": [1]});
    let error = same(&unreadable, "2026-11-27T12:00:00Z", "2026-11-27T11:00:00Z");
    assert!(
        !error.to_string().contains("until is before now"),
        "{error}"
    );
}

/// Input the facade cannot read is a typed error, answered as `Simulator.MalformedInput` (400)
/// whose message says what is wrong.
#[test]
fn unreadable_input_is_answered_with_what_is_wrong() {
    use api::error::{EventError, Failure, InputError};
    let req = hello(&[WEB_1]);
    let with_events = |events: Vec<Value>| SimulateOptions {
        now: NOW.into(),
        events,
        seed: 0,
    };
    let cases = [
        (
            api::validate(&json!([1, 2]), None),
            "the request must be a JSON object",
        ),
        (
            api::simulate(&req, None, "later", &opts(NOW)),
            "until `later` is not an RFC 3339 time",
        ),
        (
            api::simulate(&req, None, "2026-02-01T00:00:00Z", &opts(NOW)),
            "until is before now",
        ),
        (
            api::simulate(&req, None, "2026-03-09T08:00:01Z", &opts(NOW)),
            "the simulated span is limited to 7 days",
        ),
        (
            api::simulate(&req, None, NOW, &with_events(vec![json!({"action": "Shutdown"})])),
            "events[0]: an event needs \"at\" (RFC 3339)",
        ),
        (
            api::simulate(
                &req,
                None,
                NOW,
                &with_events(vec![
                    json!({"at": NOW, "action": "StopInvocation"}),
                    json!({"at": NOW, "action": "Shutdown"}),
                ]),
            ),
            "events[1]: unknown event action \"Shutdown\": expected StopInvocation or RebootInstance",
        ),
        (
            api::simulate(
                &req,
                None,
                NOW,
                &with_events(vec![json!({"at": NOW, "action": "RebootInstance"})]),
            ),
            "events[0]: RebootInstance needs \"InstanceId\"",
        ),
        (
            api::simulate_run(&req, None, NOW, &opts(NOW), 0, 9),
            "no run 9 on instance 0 at `until` (both count from 0)",
        ),
    ];
    for (answer, message) in cases {
        assert_eq!(answer["ok"], false, "{answer}");
        assert_eq!(
            answer["error"]["Code"], "Simulator.MalformedInput",
            "{answer}"
        );
        assert_eq!(answer["error"]["HttpStatus"], 400, "{answer}");
        let text = answer["error"]["Message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{message:?} in {answer}");
    }
    let simulated = api::Simulated::new(&req, None, "2026-03-01T09:00:00Z", &opts(NOW)).unwrap();
    let after = simulated.answer_at(simulated.horizon_ms() + 1, api::RunDetail::Full);
    assert!(after["error"]["Message"]
        .as_str()
        .is_some_and(|m| m.contains("until is after the end of the simulated span")));
    let early = api::Simulated::new(&req, None, "2026-02-01T00:00:00Z", &opts(NOW));
    assert_eq!(
        early.err(),
        Some(Failure::Input(InputError::UntilBeforeNow))
    );
    let unknown = api::Simulated::new(
        &req,
        None,
        NOW,
        &with_events(vec![json!({"at": NOW, "action": "Halt"})]),
    );
    assert_eq!(
        unknown.err(),
        Some(Failure::Input(InputError::Event(
            0,
            EventError::UnknownAction("Halt".into())
        )))
    );
    let refused = api::Simulated::new(&json!({"RegionId": "cn-hangzhou"}), None, NOW, &opts(NOW));
    assert!(
        matches!(&refused, Err(Failure::Api(e)) if e.code.code() == "MissingParameter"),
        "{refused:?}"
    );
}

/// `next_fires` names the argument it cannot use by its code.
#[test]
fn next_fires_answers_each_unusable_argument_with_its_code() {
    let cases = [
        (
            api::next_fires("rate(5m)", "not a time", 3, None),
            "InvalidStart",
            "start `not a time` is not an RFC 3339 time",
        ),
        (
            api::next_fires("rate(5m)", NOW, 3, Some("Mars/Olympus")),
            "InvalidTimeZone",
            "`Mars/Olympus` is not an IANA time zone",
        ),
        (
            api::next_fires("  ", NOW, 3, None),
            "MissingParam.Frequency",
            "no Frequency given",
        ),
        (
            api::next_fires("rate(5s)", NOW, 3, None),
            "InvalidParam.Frequency",
            "",
        ),
    ];
    for (answer, code, message) in cases {
        assert_eq!(answer["ok"], false, "{answer}");
        assert_eq!(answer["code"], code, "{answer}");
        let text = answer["message"].as_str().unwrap_or_default();
        assert!(!text.is_empty() && text.contains(message), "{answer}");
    }
}
