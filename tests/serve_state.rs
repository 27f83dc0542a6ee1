//! The endpoint's state over HTTP: the saved commands (DescribeCommands, DeleteCommand), the
//! state file surviving a `kill -9`, and the request limits (413, 503).

mod serve_client;

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;
use serve_client::*;

fn run(s: &Server, content: &str, keep: bool) -> Value {
    let keep = if keep { "true" } else { "false" };
    let r = s.v1(
        "RunCommand",
        &[
            ("RegionId", REGION),
            ("Type", "RunShellScript"),
            ("CommandContent", content),
            ("Name", content),
            ("KeepCommand", keep),
            ("InstanceId.1", INSTANCE),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()
}

fn invoke_ids(s: &Server) -> Vec<String> {
    let r = s.v1(
        "DescribeInvocations",
        &[("RegionId", REGION), ("PageSize", "50")],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let mut ids: Vec<String> = r.json()["Invocations"]["Invocation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["InvokeId"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn saved_commands_are_listed_invoked_and_deleted() {
    let s = Server::start(&["--now", "2026-01-05T08:00:00Z"]);
    let kept = run(&s, "echo kept", true);
    run(&s, "echo once", false);
    let command_id = kept["CommandId"].as_str().unwrap();

    let r = s.v1(
        "InvokeCommand",
        &[
            ("RegionId", REGION),
            ("CommandId", command_id),
            ("InstanceId.1", INSTANCE),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text);

    let listed = s.v1("DescribeCommands", &[("RegionId", REGION)]).json();
    assert_eq!(listed["TotalCount"], 1, "{listed}");
    let command = &listed["Commands"]["Command"][0];
    assert_eq!(command["CommandId"], command_id);
    assert_eq!(command["Name"], "echo kept");
    assert_eq!(command["CommandContent"], "ZWNobyBrZXB0"); // Base64 of "echo kept"
    assert_eq!(command["InvokeTimes"], 1);

    let r = s.v1(
        "DeleteCommand",
        &[("RegionId", REGION), ("CommandId", command_id)],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let listed = s.v1("DescribeCommands", &[("RegionId", REGION)]).json();
    assert_eq!(listed["TotalCount"], 0);
    let r = s.v1(
        "InvokeCommand",
        &[
            ("RegionId", REGION),
            ("CommandId", command_id),
            ("InstanceId.1", INSTANCE),
        ],
    );
    assert_eq!(
        (r.status, r.code().as_str()),
        (404, "InvalidCmdId.NotFound")
    );
    let r = s.v1(
        "DeleteCommand",
        &[("RegionId", REGION), ("CommandId", command_id)],
    );
    assert_eq!(
        (r.status, r.code().as_str()),
        (404, "InvalidCmdId.NotFound")
    );
}

#[test]
fn a_kill_9_loses_no_answered_call() {
    let dir = std::env::temp_dir().join(format!("rcs-serve-state-{}", std::process::id()));
    let _ = std::fs::remove_file(&dir);
    let s = Server::start_with_state(&dir, &["--now", "2026-01-05T08:00:00Z"]);
    let first = run(&s, "echo one", true);
    assert_eq!(s.advance(120).status, 200);
    let second = run(&s, "echo two", false);
    let before = invoke_ids(&s);
    assert_eq!(before.len(), 2);
    s.kill9();

    let s = Server::start_with_state(&dir, &["--now", "2026-01-05T08:00:00Z"]);
    assert_eq!(invoke_ids(&s), before);
    // The clock kept its move: the first run is long finished, and its results are there.
    let clock = s.http("GET", "/_simulator/clock", &[], b"").json();
    assert!(
        clock["Now"].as_str().unwrap() >= "2026-01-05T08:02:00",
        "{clock}"
    );
    let results = s
        .v1(
            "DescribeInvocationResults",
            &[
                ("RegionId", REGION),
                ("InvokeId", first["InvokeId"].as_str().unwrap()),
            ],
        )
        .json();
    assert_eq!(
        results["Invocation"]["InvocationResults"]["InvocationResult"][0]["InvocationStatus"],
        "Success"
    );
    // The saved command survived and new ids do not repeat old ones.
    let listed = s.v1("DescribeCommands", &[("RegionId", REGION)]).json();
    assert_eq!(
        listed["Commands"]["Command"][0]["CommandId"],
        first["CommandId"]
    );
    let third = run(&s, "echo three", false);
    assert!(![&first, &second]
        .iter()
        .any(|v| v["InvokeId"] == third["InvokeId"]));
    s.kill9();
    let s = Server::start_with_state(&dir, &[]);
    assert_eq!(invoke_ids(&s).len(), 3);
    drop(s);
    let _ = std::fs::remove_file(&dir);
}

#[test]
fn large_bodies_get_413() {
    let s = Server::start(&[
        "--max-body",
        "10000",
        "--max-in-flight",
        "1",
        "--workers",
        "1",
    ]);
    let big = vec![b'a'; 20000];
    let r = s.http(
        "POST",
        "/",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &big,
    );
    assert_eq!(
        (r.status, r.code().as_str()),
        (413, "RequestEntityTooLarge")
    );
    assert!(r.json()["Message"]
        .as_str()
        .unwrap()
        .contains("10000 bytes"));
}

/// Ignored by default: tiny_http hands each new connection to a pooled thread, and when two
/// connections arrive while a single pool thread is waking, the second can wait until another
/// connection ends — here the slow one, which never ends, so the call expecting 503 can hang
/// on a loaded machine. Run with `cargo test --test serve_state -- --ignored`.
#[test]
#[ignore = "timing-dependent under load: tiny_http's connection pool can hold the second connection"]
fn too_many_requests_get_503() {
    let s = Server::start(&["--max-in-flight", "1", "--workers", "1"]);
    // A request whose body never comes holds the only slot; the next one is turned away.
    // (The body is large enough for the listener to hand the request over before reading it.)
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    slow.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\npartial")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let r = s.v1("DescribeInvocations", &[("RegionId", REGION)]);
    assert_eq!((r.status, r.code().as_str()), (503, "ServiceUnavailable"));
    drop(slow);
    std::thread::sleep(Duration::from_millis(300));
    let r = s.v1("DescribeInvocations", &[("RegionId", REGION)]);
    assert_eq!(r.status, 200, "{}", r.text);
}
