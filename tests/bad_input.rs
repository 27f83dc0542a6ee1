//! The bad-input suite: hostile queries and requests with many tags, parameters, placeholders
//! and ids always get an answer, never a panic, and the work grows linearly with the input
//! (allocations counted on this thread, never wall time).

mod common;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use runcommand_playground::api;
use runcommand_playground::sim::request::{ParameterMap, RunCommandRequest, TagInput};
use runcommand_playground::sim::validate::{
    beyond_count_or_size, check_all, check_all_or_refuse, validate, Usage,
};
use runcommand_playground::sim::wire::{from_query, percent_decode, to_query, WireError};
use runcommand_playground::sim::world::World;
use serde_json::{json, Value};

use common::assert_linear;

/// A request the default world accepts.
fn base() -> RunCommandRequest {
    let json = r#"{"RegionId": "cn-hangzhou", "Type": "RunShellScript",
        "CommandContent": "echo hello", "InstanceId": ["i-bp1a00000000000001"]}"#;
    RunCommandRequest::from_json(json).unwrap()
}

fn with_tags(n: usize) -> RunCommandRequest {
    RunCommandRequest {
        tag: Some(
            (0..n)
                .map(|i| TagInput::new(&format!("k{i}"), "v"))
                .collect(),
        ),
        ..base()
    }
}

fn with_parameters(n: usize) -> RunCommandRequest {
    let pairs: Vec<(String, Value)> = (0..n).map(|i| (format!("k{i}"), json!("v"))).collect();
    RunCommandRequest {
        enable_parameter: Some(true),
        command_content: Some("echo {{k1}}".into()),
        parameters: Some(ParameterMap(pairs)),
        ..base()
    }
}

fn with_placeholders(n: usize) -> RunCommandRequest {
    RunCommandRequest {
        enable_parameter: Some(true),
        command_content: Some((0..n).map(|i| format!("{{{{p{i}}}}} ")).collect()),
        ..base()
    }
}

fn with_instances(n: usize) -> RunCommandRequest {
    RunCommandRequest {
        instance_id: Some((0..n).map(|i| format!("i-x{i}")).collect()),
        ..base()
    }
}

/// The API's answer: the code of the first problem.
fn first_code(req: &RunCommandRequest) -> Option<&'static str> {
    let answer = validate(req, &World::default_world(), &Usage::default());
    answer.err().map(|e| e.code.code())
}

#[test]
fn a_hundred_thousand_items_get_the_api_answer() {
    let n = 100_000;
    assert_eq!(first_code(&with_tags(n)), Some("NumberExceed.Tags"));
    assert_eq!(
        first_code(&with_parameters(n)),
        Some("Parameter.NotMatched")
    );
    assert_eq!(
        first_code(&with_placeholders(n)),
        Some("CmdParamCount.ExceedLimit")
    );
    assert_eq!(
        first_code(&with_instances(n)),
        Some("InstanceIds.ExceedLimit")
    );
    let query: String = (1..=n).map(|i| format!("Tag.{i}.Key=k{i}&")).collect();
    assert_eq!(from_query(&query).map(|r| r.tags().len()), Ok(n));
}

#[test]
fn validation_grows_linearly() {
    let world = World::default_world();
    let check = |req: RunCommandRequest| {
        std::hint::black_box(check_all(&req, &world, &Usage::default()));
    };
    assert_linear("tags", |n| check(with_tags(n)));
    assert_linear("repeated tags", |n| {
        check(RunCommandRequest {
            tag: Some(vec![TagInput::new("same", "v"); n]),
            ..base()
        })
    });
    assert_linear("parameters", |n| check(with_parameters(n)));
    assert_linear("placeholders", |n| check(with_placeholders(n)));
    assert_linear("instances", |n| check(with_instances(n)));
}

#[test]
fn query_reading_grows_linearly() {
    assert_linear("Tag.N.Key", |n| {
        let query: String = (1..=n).map(|i| format!("Tag.{i}.Key=k{i}&")).collect();
        let _ = std::hint::black_box(from_query(&query));
    });
    assert_linear("InstanceId.N in reverse", |n| {
        let query: String = (1..=n)
            .rev()
            .map(|i| format!("InstanceId.{i}=i-{i}&"))
            .collect();
        let _ = std::hint::black_box(from_query(&query));
    });
}

#[test]
fn the_limits_are_one_table_checked_before_per_item_work() {
    let over = beyond_count_or_size(&with_parameters(100));
    let codes: Vec<&str> = over.iter().map(|p| p.error.code.code()).collect();
    assert_eq!(codes, ["ParameterCount.ExceedLimit"]);
    assert_eq!(over[0].detail, "100 pairs > 10");
    // 10,000 pairs are also beyond the content size (the Parameters text counts).
    let over = beyond_count_or_size(&with_parameters(10_000));
    let codes: Vec<&str> = over.iter().map(|p| p.error.code.code()).collect();
    assert_eq!(
        codes,
        ["ParameterCount.ExceedLimit", "CmdContent.ExceedLimit"]
    );
    // Lengths do not refuse a request: only counts and the size do.
    let long_name = RunCommandRequest {
        name: Some("n".repeat(200)),
        ..base()
    };
    assert!(beyond_count_or_size(&long_name).is_empty());
    let world = World::default_world();
    let full = check_all(&long_name, &world, &Usage::default());
    assert_eq!(
        check_all_or_refuse(&long_name, &world, &Usage::default()),
        full
    );
    // Beyond a count, the form's check lists only the limits and says why.
    let refused = check_all_or_refuse(&with_tags(21), &world, &Usage::default());
    assert_eq!(refused.problems.len(), 1);
    assert_eq!(refused.problems[0].error.code.code(), "NumberExceed.Tags");
    assert!(
        refused.warnings[0].contains("beyond the API's limits"),
        "{refused:?}"
    );
    // Refusing costs the same per item whatever the problems the items have.
    assert_linear("refusal", |n| {
        std::hint::black_box(beyond_count_or_size(&with_parameters(n)));
    });
}

#[test]
fn the_playground_evaluation_refuses_a_request_beyond_the_limits() {
    let request: Value = serde_json::from_str(&with_parameters(10_000).to_json()).unwrap();
    let world = api::input::world(None);
    let answer = api::evaluate_in(&request, &world, "2026-01-01T00:00:00Z", 5);
    let validation = &answer["validation"];
    assert_eq!(validation["ok"], false);
    assert_eq!(validation["error"]["Code"], "ParameterCount.ExceedLimit");
    // The count and the size (the Parameters text counts), nothing per item.
    assert_eq!(validation["problems"].as_array().map(Vec::len), Some(2));
    assert_eq!(validation["placeholders"], json!([]));
    assert!(validation["warnings"][0]
        .as_str()
        .is_some_and(|w| w.contains("Parameters: 10000 pairs > 10")));
    assert_eq!(answer["rendered"]["ok"], false);
    // Within the limits, the evaluation is the full one.
    let fine = RunCommandRequest {
        command_content: Some("echo {{k0}}".into()),
        ..with_parameters(1)
    };
    let fine: Value = serde_json::from_str(&fine.to_json()).unwrap();
    let answer = api::evaluate_in(&fine, &world, "2026-01-01T00:00:00Z", 5);
    assert_eq!(answer["validation"]["ok"], true, "{answer}");
}

#[test]
fn percent_decoding_is_strict_and_names_the_byte() {
    for (query, at, found) in [
        ("Name=%+A", 5, "%+A"),
        ("Name=%-1", 5, "%-1"),
        ("Name=ab%A", 7, "%A"),
        ("Name=%", 5, "%"),
        ("RegionId=x&Name=%GG", 16, "%GG"),
        ("Na%zme=x", 2, "%zm"),
    ] {
        assert_eq!(
            from_query(query),
            Err(WireError::BadEscape {
                at,
                found: found.to_string()
            }),
            "{query}"
        );
    }
    let message = from_query("Name=%+A").unwrap_err().to_string();
    assert_eq!(
        message,
        "byte 5: `%+A` is not a percent escape (`%` and two hex digits)"
    );
    assert_eq!(
        from_query("?RegionId=x&Name=%FF"),
        Err(WireError::NotUtf8 { at: 17 })
    );
    assert_eq!(percent_decode("%41%62+c"), Ok("Ab c".to_string()));
}

#[test]
fn a_parameter_given_twice_is_an_error() {
    for (query, key) in [
        ("RegionId=a&RegionId=b", "RegionId"),
        ("Name=a&Name=a", "Name"),
        ("InstanceId.1=i-a&InstanceId.1=i-b", "InstanceId.1"),
        ("Tag.1.Key=a&Tag.1.Key=b", "Tag.1.Key"),
        ("Parameters=%7B%7D&Parameters=%7B%7D", "Parameters"),
        ("Action=RunCommand&Action=RunCommand", "Action"),
    ] {
        assert_eq!(
            from_query(query),
            Err(WireError::Repeated(key.to_string())),
            "{query}"
        );
    }
    assert_eq!(
        from_query("Name=a&Name=b").unwrap_err().to_string(),
        "`Name` is given more than once"
    );
    // Different list items and a key and a value of one tag are not repeats.
    let r = from_query("Tag.2.Key=b&Tag.1.Key=a&Tag.1.Value=x&InstanceId.2=i-b&InstanceId.1=i-a")
        .unwrap();
    assert_eq!(
        r.tags(),
        [
            TagInput::new("a", "x"),
            TagInput {
                key: Some("b".into()),
                value: None
            }
        ]
    );
    assert_eq!(r.instance_ids(), ["i-a", "i-b"]);
}

/// Query text from pieces that hit every branch of the reader.
fn query_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("RegionId".to_string()),
        Just("Name".to_string()),
        Just("Timeout".to_string()),
        Just("KeepCommand".to_string()),
        Just("Parameters".to_string()),
        Just("Tag.".to_string()),
        Just("InstanceId.".to_string()),
        Just(".Key".to_string()),
        Just(".Value".to_string()),
        Just("=".to_string()),
        Just("&".to_string()),
        Just("?".to_string()),
        Just("%".to_string()),
        Just("+".to_string()),
        Just("%7B%22a%22%3A%221%22%7D".to_string()),
        "[0-9]{1,3}",
        "%[0-9A-Fa-f+\\-g]{0,2}",
        "[a-zé一 ]{0,4}",
        Just("true".to_string()),
    ]
}

fn config(cases: u32, seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(512, 20))]

    #[test]
    fn any_query_gets_a_request_or_an_error(pieces in proptest::collection::vec(query_piece(), 0..40)) {
        let query: String = pieces.concat();
        if let Ok(req) = from_query(&query) {
            // What was read writes back to a query that reads the same.
            prop_assert_eq!(from_query(&to_query(&req)), Ok(req.clone()));
            let _ = check_all(&req, &World::default_world(), &Usage::default());
        }
    }
}

/// A request with up to `max` tags, parameters, placeholders and ids of varied shapes.
fn crowded_request(max: usize) -> impl Strategy<Value = RunCommandRequest> {
    let text = "[a-zA-Z0-9{}:_ -]{0,12}";
    (
        proptest::collection::vec((text, text), 0..max),
        proptest::collection::vec((text, text), 0..max),
        proptest::collection::vec(text, 0..max),
        proptest::collection::vec("i-[a-z0-9]{0,4}", 0..max),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(tags, params, content, ids, enabled, resource)| {
            let tags: Vec<TagInput> = tags.iter().map(|(k, v)| TagInput::new(k, v)).collect();
            RunCommandRequest {
                enable_parameter: Some(enabled),
                command_content: Some(content.join("{{")),
                parameters: Some(ParameterMap(
                    params.into_iter().map(|(k, v)| (k, json!(v))).collect(),
                )),
                tag: (!resource).then(|| tags.clone()),
                resource_tag: resource.then_some(tags),
                instance_id: Some(ids),
                ..base()
            }
        })
}

proptest! {
    #![proptest_config(config(128, 16))]

    #[test]
    fn crowded_requests_get_one_answer(req in crowded_request(60)) {
        let world = World::default_world();
        let report = check_all(&req, &world, &Usage::default());
        let answer = validate(&req, &world, &Usage::default()).err();
        prop_assert_eq!(report.problems.first().map(|p| p.error.clone()), answer);
        // The form's check agrees on whether the request is refused.
        let screened = check_all_or_refuse(&req, &world, &Usage::default());
        prop_assert_eq!(screened.problems.is_empty(), report.problems.is_empty());
        let value: Value = serde_json::from_str(&req.to_json()).unwrap();
        let evaluated = api::evaluate(&value, None, "2026-01-01T00:00:00Z", 3);
        prop_assert!(evaluated["validation"]["ok"].is_boolean(), "{}", evaluated);
    }
}

#[test]
fn the_bench_cases_get_their_answers_through_the_cli() {
    use runcommand_playground::cli::bench_inputs::{heavy_case, run_case, CASES};
    let expected = [
        "NumberExceed.Tags",
        "Parameter.NotMatched",
        "CmdParamCount.ExceedLimit",
        "InstanceIds.ExceedLimit",
    ];
    for index in 0..CASES {
        let case = heavy_case(index, 1_000).unwrap();
        let label = case.label;
        let out = run_case(case);
        let answer: Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{label}: {e}: {}", out.stderr));
        match (expected.get(index), index) {
            (Some(code), _) => assert_eq!(answer["Body"]["Code"], *code, "{label}"),
            // The export reads the query back whole.
            (None, 4) => assert_eq!(answer["Tag"].as_array().map(Vec::len), Some(1_000)),
            // The world's instances load; the request renders for its one target.
            (None, 5) => assert_eq!(
                answer["instances"].as_array().map(Vec::len),
                Some(1),
                "{answer}"
            ),
            // Every fire of the wrapped period is listed, strictly increasing.
            (None, _) => {
                let next = answer["next"].as_array().unwrap();
                assert_eq!(next.len(), 100_000, "{label}");
                let times: Vec<&str> = next.iter().filter_map(Value::as_str).collect();
                assert!(times.windows(2).all(|w| w[0] < w[1]), "{label}");
            }
        }
    }
    assert!(heavy_case(CASES, 1).is_none());
}
