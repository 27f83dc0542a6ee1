//! The bad-input suite for the texts a user hands over whole: session lines, world files,
//! share fragments and wire queries through `export`. Every input gets an answer (an answer
//! line, a world or its error, a state or its error), never a panic, and the work grows
//! linearly with the input (allocations counted on this thread, never wall time).

mod common;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use runcommand_playground::cli::session::{run_lines, world_from_text};
use runcommand_playground::share;
use runcommand_playground::sim::session::{Session, ACTIONS};
use runcommand_playground::sim::world::World;
use serde_json::{json, Value};

use common::{assert_linear, assert_linear_from};

fn config(cases: u32, seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The answers of a fresh session over the default world to `input`.
fn session_answers(input: &[u8]) -> Vec<Value> {
    let mut session = Session::new(World::default_world(), 0);
    run_lines(&mut session, input)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
        .collect()
}

/// A JSON value of the kinds the SDKs send and the kinds they never should.
fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("cn-hangzhou")),
        Just(json!("i-bp1a00000000000001")),
        Just(json!(["i-bp1a00000000000001", "i-bp1a00000000000002"])),
        Just(json!("RunShellScript")),
        Just(json!("echo hi; sleep 2; exit 194")),
        Just(json!("rate(1m)")),
        Just(json!("Period")),
        Just(json!("EveryReboot")),
        Just(json!(30)),
        Just(json!(-1)),
        Just(json!(1e300)),
        Just(json!(u64::MAX)),
        Just(json!(true)),
        Just(json!(null)),
        Just(json!({"k": [1, {"x": null}]})),
        Just(json!([[], {}])),
        "[a-z%{}é一 ]{0,12}".prop_map(Value::from),
    ]
}

/// A request object with keys the calls read, and others.
fn request_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("RegionId"),
        Just("InstanceId"),
        Just("InvokeId"),
        Just("CommandId"),
        Just("CommandContent"),
        Just("Type"),
        Just("Frequency"),
        Just("RepeatMode"),
        Just("Timeout"),
        Just("PageSize"),
        Just("PageNumber"),
        Just("MaxResults"),
        Just("NextToken"),
        Just("IncludeOutput"),
        Just("InvokeStatus"),
        Just("Tag"),
        Just("Parameters"),
        Just("EnableParameter"),
        Just("ResourceGroupId"),
        Just("Unknown"),
    ];
    proptest::collection::vec((key, field_value()), 0..8).prop_map(|pairs| {
        let mut request = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
            "CommandContent": "echo a", "InstanceId": ["i-bp1a00000000000001"]});
        for (k, v) in pairs {
            request[k] = v;
        }
        request
    })
}

/// One session line: well-formed calls with hostile values, broken JSON, or raw bytes.
fn session_line() -> impl Strategy<Value = Vec<u8>> {
    let at = prop_oneof![
        (0u32..60).prop_map(|s| json!(format!("2026-03-01T08:{s:02}:00Z"))),
        Just(json!("9999-12-31T23:59:59.999Z")),
        Just(json!("0000-01-01T00:00:00Z")),
        Just(json!("2026-03-01T08:00:00+14:00")),
        Just(json!("yesterday")),
        Just(json!(1_772_352_000)),
    ];
    let action = prop_oneof![
        proptest::sample::select(ACTIONS).prop_map(Value::from),
        Just(json!("DeleteEverything")),
        Just(json!(7)),
    ];
    let call = (at, action, request_value())
        .prop_map(|(at, action, request)| {
            json!({"at": at, "action": action, "request": request}).to_string()
        })
        .prop_map(String::into_bytes);
    prop_oneof![
        6 => call,
        1 => Just(b"{\"at\": ".to_vec()),
        1 => Just(b"[]".to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 1..40)
            .prop_map(|bytes| bytes.into_iter().map(|b| if b == b'\n' { b' ' } else { b }).collect()),
    ]
}

proptest! {
    #![proptest_config(config(96, 31))]

    #[test]
    fn every_session_line_gets_one_answer(lines in proptest::collection::vec(session_line(), 1..14)) {
        let input = lines.join(&b'\n');
        let expected = lines
            .iter()
            .filter(|l| !String::from_utf8_lossy(l).trim().is_empty())
            .count();
        let answers = session_answers(&input);
        prop_assert_eq!(answers.len(), expected);
        for answer in &answers {
            let status = answer["HttpStatus"].as_u64().unwrap_or(0);
            prop_assert!((200..600).contains(&status), "{}", answer);
            prop_assert!(answer["Body"]["RequestId"].is_string(), "{}", answer);
        }
    }
}

/// `n` lines after one `rate(1m)` RunCommand on four Linux instances: `line(k)` for k in 1..=n, one
/// second apart.
fn session_of(n: usize, line: impl Fn(usize, &str) -> Value) -> Vec<u8> {
    let ids: Vec<String> = (1..=4).map(|k| format!("i-bp1a0000000000000{k}")).collect();
    let run = json!({"at": "2026-03-01T08:00:00Z", "action": "RunCommand", "request": {
        "RegionId": "cn-hangzhou", "Type": "RunShellScript", "CommandContent": "echo a; sleep 5",
        "Frequency": "rate(1m)", "Timeout": 30, "InstanceId": ids}});
    let mut session = Session::new(World::default_world(), 0);
    let first = run_lines(&mut session, run.to_string().as_bytes());
    let invoke_id = serde_json::from_str::<Value>(&first).unwrap()["Body"]["InvokeId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut text = run.to_string();
    for k in 1..=n {
        text.push('\n');
        text.push_str(&line(k, &invoke_id).to_string());
    }
    text.into_bytes()
}

fn second(k: usize) -> String {
    format!(
        "2026-03-01T{:02}:{:02}:{:02}Z",
        8 + k / 3600,
        k / 60 % 60,
        k % 60
    )
}

/// Describe lines read the kept simulation; Stop lines only record the stop until a Describe
/// needs it. (A Stop between Describe lines recomputes the instance it names with every event
/// that reached it before: Stop and Describe lines in turn on one instance grow faster.)
#[test]
fn describe_and_stop_lines_grow_linearly() {
    let instance = |k: usize| format!("i-bp1a0000000000000{}", 1 + k % 4);
    let describe = |k: usize, invoke_id: &str| {
        json!({"at": second(k), "action": "DescribeInvocationResults", "request": {
            "RegionId": "cn-hangzhou", "InvokeId": invoke_id, "InstanceId": instance(k)}})
    };
    let stop = |k: usize, invoke_id: &str| {
        json!({"at": second(k), "action": "StopInvocation", "request": {
            "RegionId": "cn-hangzhou", "InvokeId": invoke_id, "InstanceId": [instance(k)]}})
    };
    for (what, line) in [
        ("Describe lines", &describe as &dyn Fn(usize, &str) -> Value),
        ("Stop lines", &stop),
    ] {
        assert_linear_from(what, 400, |n| {
            let input = session_of(n, line);
            let answers = session_answers(&input);
            assert_eq!(answers.len(), n + 1, "{what}");
        });
    }
}

/// A world JSON with one value replaced, removed or duplicated.
fn world_edit() -> impl Strategy<Value = (usize, usize, Value)> {
    (0usize..64, 0usize..4, field_value())
}

/// The JSON pointers of every object in `v` (in document order).
fn object_paths(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            out.push(path.to_string());
            for (k, child) in map {
                let k = k.replace('~', "~0").replace('/', "~1");
                object_paths(child, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                object_paths(child, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Applies `edit` to the `at`-th object of `world` (in document order): a value replaced,
/// a key removed, a key added, or an array's first item repeated.
fn edited_world(world: &Value, (at, how, value): &(usize, usize, Value)) -> Value {
    let mut world = world.clone();
    let mut paths = Vec::new();
    object_paths(&world, "", &mut paths);
    let path = &paths[at % paths.len()];
    let Some(map) = world.pointer_mut(path).and_then(Value::as_object_mut) else {
        return world;
    };
    let key = map
        .keys()
        .nth(at % map.len().max(1))
        .cloned()
        .unwrap_or_default();
    match how {
        0 => {
            map.insert(key, value.clone());
        }
        1 => {
            map.remove(&key);
        }
        2 => {
            map.insert(format!("{key}Extra"), value.clone());
        }
        _ => {
            if let Some(Value::Array(items)) = map.get_mut(&key) {
                if let Some(first) = items.first().cloned() {
                    items.push(first);
                }
            }
        }
    }
    world
}

proptest! {
    #![proptest_config(config(256, 32))]

    #[test]
    fn an_edited_world_reads_the_same_straight_and_through_the_tree(
        edits in proptest::collection::vec(world_edit(), 1..4),
        cut in proptest::option::of(0usize..6_000),
    ) {
        let mut world: Value = serde_json::from_str(runcommand_playground::sim::world::DEFAULT_WORLD_JSON).unwrap();
        for edit in &edits {
            world = edited_world(&world, edit);
        }
        let mut text = world.to_string();
        if let Some(cut) = cut {
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
        }
        // The CLI's direct read gives exactly what the tree read gives: the world, or the
        // same error.
        prop_assert_eq!(world_from_text(&text), World::from_json(&text));
    }
}

/// The default world with `n` more instances.
fn world_text(n: usize) -> String {
    let mut world: Value =
        serde_json::from_str(runcommand_playground::sim::world::DEFAULT_WORLD_JSON).unwrap();
    let template = world["instances"][0].clone();
    let instances = world["instances"].as_array_mut().unwrap();
    for k in 0..n {
        let mut i = template.clone();
        i["instanceId"] = json!(format!("i-w{k:017}"));
        i["name"] = json!(format!("w-{k}"));
        instances.push(i);
    }
    world.to_string()
}

#[test]
fn worlds_load_in_linear_work() {
    let texts: Vec<String> = [1_000, 4_000].map(world_text).to_vec();
    let text_of = |n: usize| {
        texts
            .iter()
            .find(|t| t.contains(&format!("w-{}\"", n - 1)))
            .unwrap()
    };
    assert_linear_from("world read straight", 1_000, |n| {
        assert!(world_from_text(text_of(n)).is_ok());
    });
    assert_linear_from("world read through the tree", 1_000, |n| {
        assert!(World::from_json(text_of(n)).is_ok());
    });
    // A world whose ids repeat is refused, also at size, with every problem named.
    let (first, last) = (format!("i-w{:017}", 0), format!("i-w{:017}", 3_999));
    let twice = world_text(4_000).replace(&last, &first);
    match world_from_text(&twice) {
        Ok(_) => panic!("a world with {first} twice is accepted"),
        Err(e) => assert!(e.to_string().contains(&first), "{e}"),
    }
}

/// A share fragment: damaged versions of a real link, and made-up ones.
fn fragment() -> impl Strategy<Value = String> {
    let link = share::encode(&json!({"request": {"RegionId": "cn-hangzhou",
        "CommandContent": "echo {{a}}", "Parameters": {"a": "1"}}, "now": "2026-01-01T00:00:00Z"}));
    let damaged = (0usize..link.len(), any::<u8>(), 0usize..3).prop_map(move |(at, byte, how)| {
        let mut bytes = link.clone().into_bytes();
        match how {
            0 => bytes.truncate(at),
            1 => bytes[at] = b"AZaz09-_=+/#."[byte as usize % 13],
            _ => bytes.insert(at, byte % 128),
        }
        String::from_utf8_lossy(&bytes).into_owned()
    });
    prop_oneof![
        damaged,
        "v1\\.[A-Za-z0-9_-]{0,80}",
        "#?[a-z0-9.]{0,12}",
        "[\\PC]{0,30}",
    ]
}

proptest! {
    #![proptest_config(config(512, 33))]

    #[test]
    fn every_share_fragment_decodes_or_says_why(text in fragment()) {
        match share::decode::<Value>(&text) {
            Ok(state) => prop_assert!(!state.is_null() || text.contains('.')),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn share_fragments_decode_in_linear_work() {
    let links: Vec<String> = [5_000usize, 20_000]
        .iter()
        .map(|&n| {
            let keys: serde_json::Map<String, Value> =
                (0..n).map(|k| (format!("k{k}"), json!("v"))).collect();
            share::encode(&json!({"request": {"Parameters": keys}}))
        })
        .collect();
    assert_linear("share fragment decode", |n| {
        let link = &links[usize::from(n > 5_000)];
        let state = share::decode::<Value>(link).unwrap();
        assert_eq!(state["request"]["Parameters"].as_object().unwrap().len(), n);
    });
}

/// Query text from pieces that reach every branch of the reader.
fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("RegionId=cn-hangzhou".to_string()),
        Just("Tag.1.Key=a".to_string()),
        Just("Tag.999999999999.Key=b".to_string()),
        Just("InstanceId.1=i-1".to_string()),
        Just("Parameters=%7B%22a%22%3A1%7D".to_string()),
        Just("Timeout=abc".to_string()),
        Just("=".to_string()),
        Just("%".to_string()),
        "%[0-9A-Fa-f+g]{0,2}",
        "[A-Za-z.0-9]{0,8}=[a-z%+é]{0,6}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.join("&"))
}

proptest! {
    #![proptest_config(config(256, 34))]

    #[test]
    fn every_query_is_exported_or_refused_with_a_reason(query in query_text()) {
        let args: Vec<String> = ["export", "--from", "query", "--format", "json"]
            .iter()
            .map(|a| a.to_string())
            .collect();
        let mut input = Some(query);
        let out = runcommand_playground::cli::run(&args, &mut || input.take().unwrap_or_default());
        if out.code == 0 {
            prop_assert!(serde_json::from_str::<Value>(&out.stdout).is_ok(), "{}", out.stdout);
        } else {
            prop_assert_eq!(out.code, 2);
            prop_assert!(out.stderr.starts_with("stdin is not a RunCommand wire query"), "{}", out.stderr);
        }
    }
}
