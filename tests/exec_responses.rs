//! Response shapes: field names and nesting checked against api-spec.md §4.2, §5.2 and the
//! consistent D21 examples of §9.3/§9.4; paging, filters and encodings.

use runcommand_playground::sim::exec::*;
use serde_json::Value;

const T0: i64 = 1_767_225_600_000;

// Field lists copied from the response trees in api-spec.md §4.2 and §5.2.
const DI_TOP: &[&str] = &[
    "RequestId",
    "TotalCount",
    "PageNumber",
    "PageSize",
    "NextToken",
    "Invocations",
];
const DI_INVOCATION: &[&str] = &[
    "InvokeId",
    "CommandId",
    "CommandName",
    "CommandDescription",
    "CommandType",
    "CommandContent",
    "Parameters",
    "RepeatMode",
    "Frequency",
    "Timed",
    "Timeout",
    "WorkingDir",
    "Username",
    "ContainerId",
    "ContainerName",
    "Launcher",
    "TerminationMode",
    "OssOutputDelivery",
    "CreationTime",
    "InvocationStatus",
    "InvokeStatus",
    "Tags",
    "InvokeInstances",
];
const DI_INSTANCE: &[&str] = &[
    "InstanceId",
    "InvocationStatus",
    "InstanceInvokeStatus",
    "ExitCode",
    "Output",
    "Dropped",
    "ErrorCode",
    "ErrorInfo",
    "Repeats",
    "CreationTime",
    "StartTime",
    "FinishTime",
    "StopTime",
    "UpdateTime",
    "Timed",
    "OssOutputStatus",
    "OssOutputUri",
    "OssOutputErrorCode",
    "OssOutputErrorInfo",
];
const DR_TOP: &[&str] = &["RequestId", "Invocation"];
const DR_INVOCATION: &[&str] = &[
    "TotalCount",
    "PageNumber",
    "PageSize",
    "NextToken",
    "InvocationResults",
];
const DR_RESULT: &[&str] = &[
    "CommandId",
    "InvokeId",
    "InstanceId",
    "InvocationStatus",
    "InvokeRecordStatus",
    "ExitCode",
    "Output",
    "Dropped",
    "ErrorCode",
    "ErrorInfo",
    "Repeats",
    "StartTime",
    "FinishedTime",
    "StopTime",
    "Username",
    "ContainerId",
    "ContainerName",
    "Launcher",
    "TerminationMode",
    "OssOutputDelivery",
    "OssOutputStatus",
    "OssOutputUri",
    "OssOutputErrorCode",
    "OssOutputErrorInfo",
    "Tags",
];
// Keys present in the consistent D21 examples (§9.3, §9.4) for a finished run.
const D21_INVOCATION: &[&str] = &[
    "CommandContent",
    "InvocationStatus",
    "InvokeStatus",
    "Parameters",
    "CommandType",
    "Timed",
    "CreationTime",
    "Frequency",
    "CommandId",
    "CommandName",
    "InvokeId",
    "InvokeInstances",
];
const D21_INSTANCE: &[&str] = &[
    "Dropped",
    "InvocationStatus",
    "InstanceId",
    "InstanceInvokeStatus",
    "ExitCode",
    "ErrorInfo",
    "StartTime",
    "Repeats",
    "FinishTime",
    "Output",
    "CreationTime",
    "UpdateTime",
    "ErrorCode",
    "StopTime",
];
const D21_RESULT: &[&str] = &[
    "Dropped",
    "InvocationStatus",
    "InstanceId",
    "ExitCode",
    "ErrorInfo",
    "StartTime",
    "Repeats",
    "InvokeRecordStatus",
    "FinishedTime",
    "Output",
    "CommandId",
    "ErrorCode",
    "InvokeId",
    "StopTime",
];

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn assert_shape(v: &Value, allowed: &[&str], required: &[&str], what: &str) {
    for k in keys(v) {
        assert!(
            allowed.contains(&k.as_str()),
            "{what}: unexpected field {k}"
        );
    }
    for k in required {
        assert!(v.get(*k).is_some(), "{what}: missing field {k}");
    }
}

fn is_iso_second_z(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && b.iter()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

fn sim() -> Simulation {
    let plan = |id: &str, at: i64, script: &str| InvocationPlan {
        command_content: script.into(),
        command_name: "AutoTest".into(),
        ..InvocationPlan::once(
            id,
            at,
            vec![
                InstancePlan::new("i-1", script),
                InstancePlan::new("i-2", script),
            ],
        )
    };
    let mut tagged = plan("t-3", T0 + 20_000, "echo hi");
    tagged.extras.tags = vec![("owner".into(), "zhangsan".into())];
    tagged.extras.launcher = "python3 -u {{ACS::ScriptFileName|Ext(\".py\")}}".into();
    Simulation::new(
        vec![
            plan("t-1", T0, "exit 1"),
            plan("t-2", T0 + 10_000, "echo hi"),
            tagged,
        ],
        vec![],
        9,
        T0 + 600_000,
    )
}

#[test]
fn describe_invocations_shape_matches_the_api() {
    let sim = sim();
    let query = DescribeInvocationsQuery {
        invoke_id: Some("t-1".into()),
        include_output: true,
        ..Default::default()
    };
    let body = describe_invocations(&sim, &query, T0 + 600_000, "REQ-1").unwrap();
    assert_shape(
        &body,
        DI_TOP,
        &[
            "RequestId",
            "TotalCount",
            "PageNumber",
            "PageSize",
            "Invocations",
        ],
        "top",
    );
    assert_eq!(body["RequestId"], "REQ-1");
    let list = body["Invocations"]["Invocation"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let inv = &list[0];
    assert_shape(inv, DI_INVOCATION, D21_INVOCATION, "Invocation");
    assert_eq!(
        inv["Parameters"], "{}",
        "Parameters is JSON text, as in the SDKs"
    );
    assert!(inv["Timeout"].is_i64());
    assert!(inv["Timed"].is_boolean());
    assert!(is_iso_second_z(inv["CreationTime"].as_str().unwrap()));
    assert_eq!(inv["CreationTime"], "2026-01-01T00:00:00Z");
    let instances = inv["InvokeInstances"]["InvokeInstance"].as_array().unwrap();
    assert_eq!(instances.len(), 2);
    for row in instances {
        assert_shape(row, DI_INSTANCE, D21_INSTANCE, "InvokeInstance");
        assert!(
            row.get("FinishedTime").is_none(),
            "DescribeInvocations says FinishTime"
        );
        for key in ["StartTime", "FinishTime", "CreationTime", "UpdateTime"] {
            assert!(
                is_iso_second_z(row[key].as_str().unwrap()),
                "{key}: {}",
                row[key]
            );
        }
        assert!(row["Dropped"].is_i64());
        assert!(row["Repeats"].is_i64());
        assert!(row["ExitCode"].is_i64());
    }
}

#[test]
fn describe_invocation_results_shape_matches_the_api() {
    let sim = sim();
    let query = DescribeInvocationResultsQuery {
        invoke_id: Some("t-1".into()),
        ..Default::default()
    };
    let body = describe_invocation_results(&sim, &query, T0 + 600_000, "REQ-2").unwrap();
    assert_shape(&body, DR_TOP, DR_TOP, "top");
    let inv = &body["Invocation"];
    assert_shape(
        inv,
        DR_INVOCATION,
        &["TotalCount", "PageNumber", "PageSize", "InvocationResults"],
        "Invocation",
    );
    let rows = inv["InvocationResults"]["InvocationResult"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_shape(row, DR_RESULT, D21_RESULT, "InvocationResult");
        assert!(
            row.get("FinishTime").is_none(),
            "DescribeInvocationResults says FinishedTime"
        );
        assert_eq!(row["InvocationStatus"], "Failed");
        assert_eq!(row["InvokeRecordStatus"], "Finished");
        assert_eq!(row["ErrorCode"], "ExitCodeNonzero");
        assert_eq!(row["Output"], "", "exit 1 writes nothing");
    }
}

#[test]
fn extras_and_tags_are_echoed_in_the_documented_shape() {
    let sim = sim();
    let query = DescribeInvocationsQuery {
        invoke_id: Some("t-3".into()),
        ..Default::default()
    };
    let body = describe_invocations(&sim, &query, T0 + 600_000, "R").unwrap();
    let inv = &body["Invocations"]["Invocation"][0];
    assert_eq!(inv["Tags"]["Tag"][0]["TagKey"], "owner");
    assert_eq!(inv["Tags"]["Tag"][0]["TagValue"], "zhangsan");
    assert!(inv["Launcher"].as_str().unwrap().starts_with("python3"));
    assert_eq!(inv["CommandContent"], "ZWNobyBoaQ=="); // Base64 of "echo hi"
                                                       // No IncludeOutput → no Output field.
    assert!(inv["InvokeInstances"]["InvokeInstance"][0]
        .get("Output")
        .is_none());
    let plain = DescribeInvocationsQuery {
        content_encoding: ContentEncoding::PlainText,
        ..query
    };
    let body = describe_invocations(&sim, &plain, T0 + 600_000, "R").unwrap();
    assert_eq!(
        body["Invocations"]["Invocation"][0]["CommandContent"],
        "echo hi"
    );
}

#[test]
fn paging_lists_newest_first() {
    let sim = sim();
    let page = |n: i64| {
        let query = DescribeInvocationsQuery {
            paging: Paging {
                page_number: n,
                page_size: 2,
            },
            ..Default::default()
        };
        describe_invocations(&sim, &query, T0 + 600_000, "R").unwrap()
    };
    let first = page(1);
    assert_eq!(first["TotalCount"], 3);
    assert_eq!(first["PageSize"], 2);
    let ids: Vec<&str> = first["Invocations"]["Invocation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["InvokeId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["t-3", "t-2"]);
    let second = page(2);
    assert_eq!(
        second["Invocations"]["Invocation"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(second["PageNumber"], 2);
    assert_eq!(
        page(3)["Invocations"]["Invocation"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn next_token_paging_walks_all_results() {
    let sim = sim();
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..5 {
        let query = DescribeInvocationResultsQuery {
            token_paging: TokenPaging {
                max_results: Some(4),
                next_token: token.clone(),
            },
            ..Default::default()
        };
        let body = describe_invocation_results(&sim, &query, T0 + 600_000, "R").unwrap();
        let inv = &body["Invocation"];
        assert_shape(inv, DR_INVOCATION, &["NextToken"], "Invocation");
        for row in inv["InvocationResults"]["InvocationResult"]
            .as_array()
            .unwrap()
        {
            seen.push(format!("{}/{}", row["InvokeId"], row["InstanceId"]));
        }
        let next = inv["NextToken"].as_str().unwrap().to_string();
        if next.is_empty() {
            break;
        }
        token = Some(next);
    }
    assert_eq!(seen.len(), 6, "3 invocations × 2 instances: {seen:?}");
    let bad = DescribeInvocationsQuery {
        token_paging: TokenPaging {
            max_results: None,
            next_token: Some("garbage!".into()),
        },
        ..Default::default()
    };
    assert_eq!(
        describe_invocations(&sim, &bad, T0, "R")
            .unwrap_err()
            .code(),
        "InvalidParameter.NextToken"
    );
    let too_many = DescribeInvocationsQuery {
        token_paging: TokenPaging {
            max_results: Some(51),
            next_token: None,
        },
        ..Default::default()
    };
    assert_eq!(
        describe_invocations(&sim, &too_many, T0, "R")
            .unwrap_err()
            .code(),
        "InvalidParameter.MaxResults"
    );
}

#[test]
fn invocations_do_not_exist_before_their_creation() {
    let sim = sim();
    let body =
        describe_invocations(&sim, &DescribeInvocationsQuery::default(), T0 + 15_000, "R").unwrap();
    assert_eq!(body["TotalCount"], 2);
}

#[test]
fn filters_by_instance_and_status_in_both_vocabularies() {
    let sim = sim();
    let at = T0 + 600_000;
    let count = |q: DescribeInvocationsQuery| {
        describe_invocations(&sim, &q, at, "R").unwrap()["TotalCount"].clone()
    };
    let q = |status: &str| DescribeInvocationsQuery {
        invoke_status: Some(status.into()),
        ..Default::default()
    };
    assert_eq!(count(q("Success")), 2);
    assert_eq!(count(q("Failed")), 1);
    assert_eq!(count(q("Finished")), 3, "legacy: exit 1 is Finished too");
    assert_eq!(count(q("Running")), 0);
    let by_instance = DescribeInvocationsQuery {
        instance_id: Some("i-2".into()),
        ..Default::default()
    };
    assert_eq!(count(by_instance), 3);
    let nobody = DescribeInvocationsQuery {
        instance_id: Some("i-9".into()),
        ..Default::default()
    };
    assert_eq!(count(nobody), 0);
}

#[test]
fn bad_paging_and_output_without_id_are_errors() {
    let sim = sim();
    let size = DescribeInvocationsQuery {
        paging: Paging {
            page_number: 1,
            page_size: 51,
        },
        ..Default::default()
    };
    assert_eq!(
        describe_invocations(&sim, &size, T0, "R")
            .unwrap_err()
            .code(),
        "InvalidParam.PageSize"
    );
    let number = DescribeInvocationResultsQuery {
        paging: Paging {
            page_number: 0,
            page_size: 10,
        },
        ..Default::default()
    };
    assert_eq!(
        describe_invocation_results(&sim, &number, T0, "R")
            .unwrap_err()
            .code(),
        "InvalidParam.PageNumber"
    );
    let output = DescribeInvocationsQuery {
        include_output: true,
        ..Default::default()
    };
    assert_eq!(
        describe_invocations(&sim, &output, T0, "R").unwrap_err(),
        ResponseError::IncludeOutputWithoutId
    );
}

#[test]
fn results_filter_on_record_status_and_instance() {
    let sim = sim();
    let query = DescribeInvocationResultsQuery {
        invoke_record_status: Some("Finished".into()),
        instance_id: Some("i-1".into()),
        ..Default::default()
    };
    let body = describe_invocation_results(&sim, &query, T0 + 600_000, "R").unwrap();
    assert_eq!(body["Invocation"]["TotalCount"], 3);
    let rows = body["Invocation"]["InvocationResults"]["InvocationResult"]
        .as_array()
        .unwrap();
    assert!(rows.iter().all(|r| r["InstanceId"] == "i-1"));
}

#[test]
fn request_ids_are_uuid_shaped_and_deterministic() {
    let id = request_id(1, 2);
    assert_eq!(id, request_id(1, 2));
    assert_ne!(id, request_id(1, 3));
    let parts: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(parts, vec![8, 4, 4, 4, 12]);
    assert!(id
        .chars()
        .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase()));
}
