//! Table-driven test: every error code of the seed's table (runcommand-api.txt, "Error codes")
//! is produced by some request against the default world (or a world with a fault switch), with
//! the HTTP status, `Code` and `Message` the seed gives.

use runcommand_playground::sim::error::ApiErrorCode;
use runcommand_playground::sim::session::{ApiResponse, Session};
use runcommand_playground::sim::world::World;
use serde_json::{json, Value};

/// The seed's error table, copied verbatim from runcommand-api.txt (status, code, message and
/// the description run together on one line, as the page prints them).
const SEED_TABLE: &str = r#"400 RegionId.ApiNotSupported The api is not supported in this region. The API operation cannot be called in the specified region. Check whether the specified RegionId parameter is valid.
400 ResourceBusy.SlrCreation The ServiceLinkedRole is still being created or has not taken effect yet. Please try again later.
400 MissingParam.InstanceId The parameter instanceId is missing or empty.
400 NumberExceed.Tags Ensure the number of tag parameters is not greater than 20.
400 InvalidTagValue.Malformed The specified Tag.n.Value is not valid. The specified tag value is invalid.
400 Duplicate.TagKey The Tag.N.Key contain duplicate key. The specified tag key already exists. Tag keys must be unique.
400 InvalidTagKey.Malformed The specified Tag.n.Key is not valid. The specified Tag.N.Key parameter is invalid.
400 MissingParameter.TagKey You must specify Tag.N.Key. The tag key is not specified.
400 InvalidContainerId.Malformed The specified parameter ContainerId is not valid. The specified container ID is invalid.
400 InvalidContainerName.Malformed The specified parameter ContainerName is not valid. The specified container name is invalid.
400 InvalidClientToken.Malformed The specified parameter clientToken is not valid.
400 CmdParam.EmptyKey Command parameters can not be empty.
400 CmdParam.InvalidParamName A command parameter name is invalid.
400 CmdContent.DecodeError The CommandContent can not be base64 decoded.
400 InvalidInstance.NotMatch The specified instance type does not match the command.
400 MissingParam.Frequency The frequency must be specified when you create a timed task.
400 InvalidParam.Frequency The specified frequency is invalid.
400 ParameterKey.Duplicate The parameter may not contain duplicate keys.
400 Parameter.NotMatched The parameters of creation do not match those of invocation.
400 WindowsPasswordName.Missed WindowsPasswordName must be specified when you create a Windows task.
400 Parameter.Disabled Parameters should not be passed when CreateCommand.EnableParameter is false.
400 InvalidParameter.WorkingDir The specified parameter WorkingDir is not valid.
400 NumberExceed.ResourceTags The maximum number of ResourceTags is exceeded.
400 MissingParameter.ResourceTagKey You must specify ResourceTag.N.Key.
400 InvalidResourceTagKey.Malformed The specified ResourceTag key is not valid.
400 InvalidResourceTagValue.Malformed The specified ResourceTag value is not valid.
400 Duplicate.ResourceTagKey The ResourceTag contains duplicate keys.
400 InvalidResourceTag.InstanceNotFound InstanceIds are not found by the specified ResourceTag.
400 InvalidResourceTag.ConflictWithInstanceIds The specified param ResourceTag conflicts with InstanceId.
400 InvalidOssOutputDelivery.BucketInOtherRegion The OSS bucket specified in the parameter OssOutputDelivery is in another region. The OSS bucket specified in the parameter OssOutputDelivery is in another region.
400 InvalidParameter.OssOutputDelivery The specified parameter OssOutputDelivery is not valid. The specified parameter OssOutputDelivery is not valid.
400 InvalidOssOutputDelivery.KeyPrefixMalformed The prefix of the OSS key specified in the parameter OssOutputDelivery is not valid. The prefix of the OSS key specified in the parameter OssOutputDelivery is not valid.
500 InternalError.Dispatch An error occurred when you dispatched the request. An error occurred while the request is being sent. Try again later.
403 InvalidOssOutputDelivery.BucketAccessDenied The error message returned by the OSS API is: %s
403 CmdContent.ExceedLimit The length of the command content exceeds the upper limit. The length of command content exceeds the upper limit.
403 CmdName.ExceedLimit The length of the command name exceeds the upper limit. The length of the command name exceeds the upper limit.
403 CmdDesc.ExceedLimit The length of the command description exceeds the upper limit. The length of the command description exceeds the upper limit.
403 CmdCount.ExceedQuota The total number of commands in the current region exceeds the quota. The maximum number of Cloud Assistant commands in the current region has been exceeded.
403 CmdParamCount.ExceedLimit You've reached the limit on the count of command parameters.
403 CmdParamName.ExceedLimit The length of the command parameter name exceeds the limit.
403 InstanceIds.ExceedLimit The number of instance IDs exceeds the upper limit. The number of specified instance IDs exceeds the upper limit.
403 Invocation.ExceedQuota The invocation quota in the current region has been reached for today. The maximum daily number of commands that can be run in the specified region has been reached.
403 ParameterCount.ExceedLimit The number of command parameters exceeds the maximum number that can be set.
403 ParameterKey.ExceedLimit The length of the specified parameter key exceeds the maximum length that can be set.
403 ParameterType.NotSupported The type of parameter value is not supported.
403 Username.ExceedLimit The length of the username exceeds the upper limit. The length of the username exceeds the upper limit.
403 WindowsPasswordName.ExceedLimit The length of the WindowsPasswordName exceeds the upper limit.
403 ParameterStore.NotSupported Parameter Store is not supported in this region.
403 TemporaryAccessKey.Error The temporary accessKey is invalid.
403 ParameterStore.InvalidParameters The parameter is invalid in Parameter Store.
403 ParameterStore.NoPermission You have no access to Parameter Store.
403 OperationDenied.BidOwnResource Bid user can not own resource.
403 Operation.Forbidden The operation is not permitted. The operation is not supported.
403 IdempotentParameterMismatch The specified parameter has changed while using an already used clientToken.
403 IdempotentProcessing The previous idempotent request(s) is still processing. A previous idempotent request is being processed. Try again later.
403 InvalidStatus.ResourceGroup You cannot perform an operation on a resource group that is being created or deleted. Operation not allowed while resource group is being created or deleted.
403 InvalidParameterCharacter.CommandName The command Name contains illegal characters. The command Name contains illegal characters.
403 InvalidParameterCharacter.CommandDescription The command Description contains illegal characters. The command Description contains illegal characters.
403 InvalidParameterCharacter.CommandWorkingDir The command WorkingDir contains illegal characters. The command WorkingDir contains illegal characters.
403 InvalidLauncher.LengthLimitExceeded The length of the parameter Launcher exceeds the limit of 1 KB characters. The length of the argument Launcher exceeds the limit of 1 KB characters.
403 InvalidParameterCharset.Parameters The parameter Parameters contains illegal charset. The command parameter contains an illegal character set.
403 CreateServiceLinkedRole.NoPermission You do not have permission to create ServiceLinkedRole for output delivery. You do not have permission to create ServiceLinkedRole for output delivery.
403 InvalidTimeout.ExceedLimit The specified parameter Timeout exceeds the upper limit.
404 InvalidCmdType.NotFound The specified command type does not exist.
404 InvalidRepeatMode.NotFound The specified repeat mode does not exist. The specified command execution mode does not exist.
404 InvalidRegionId.NotFound The RegionId provided does not exist in our records. Region information error
404 InvalidInstance.NotFound The specified instance does not exist.
404 InvalidCmdId.NotFound The specified command ID does not exist. The specified CommandId parameter is invalid. Check the parameter value. You can call the DescribeCommands operation to query all available command IDs.
404 InvalidResourceGroup.NotFound The ResourceGroup provided does not exist in our records. The specified resource group does not exist.
404 InvalidTerminationMode.NotFound The specified parameter TerminationMode does not exist. The specified parameter TerminationMode does not exist.
404 InvalidOssOutputDelivery.BucketNotFound The OSS bucket specified in the parameter OssOutputDelivery does not exist. The OSS bucket specified in the parameter OssOutputDelivery does not exist."#;

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// A request that the default world accepts.
fn base() -> Value {
    json!({
        "RegionId": "cn-hangzhou",
        "Type": "RunShellScript",
        "CommandContent": "echo hello",
        "InstanceId": ["i-bp1a00000000000001"]
    })
}

fn with(changes: Value) -> Value {
    let mut v = base();
    for (k, val) in changes.as_object().unwrap() {
        if val.is_null() {
            v.as_object_mut().unwrap().remove(k);
        } else {
            v[k] = val.clone();
        }
    }
    v
}

fn windows(changes: Value) -> Value {
    let mut v =
        with(json!({"Type": "RunPowerShellScript", "InstanceId": ["i-bp1a00000000000005"]}));
    for (k, val) in changes.as_object().unwrap() {
        v[k] = val.clone();
    }
    v
}

fn world_with(change: impl FnOnce(&mut World)) -> World {
    let mut w = World::default_world();
    change(&mut w);
    w
}

fn faults(f: &str) -> World {
    let mut v = serde_json::to_value(World::default_world()).unwrap();
    v["faults"][f] = json!(true);
    serde_json::from_value(v).unwrap()
}

fn tags(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({"Key": format!("k{i}"), "Value": "v"}))
            .collect(),
    )
}

fn names_content(n: usize) -> String {
    (0..n).map(|i| format!("echo {{{{p{i}}}}}\n")).collect()
}

struct Case {
    code: &'static str,
    world: World,
    /// Calls made first (all at the same instant).
    setup: Vec<Value>,
    request: Value,
}

fn case(code: &'static str, request: Value) -> Case {
    Case {
        code,
        world: World::default_world(),
        setup: vec![],
        request,
    }
}

fn case_in(code: &'static str, world: World, request: Value) -> Case {
    Case {
        code,
        world,
        setup: vec![],
        request,
    }
}

fn cases() -> Vec<Case> {
    let oss = |s: &str| with(json!({"OssOutputDelivery": s}));
    let win_pw = |pw: &str| windows(json!({"Username": "deploy", "WindowsPasswordName": pw}));
    let long = |n: usize| "a".repeat(n);
    let with_params = |content: &str, params: Value| {
        with(json!({"CommandContent": content, "EnableParameter": true, "Parameters": params}))
    };
    let keep = with(json!({"KeepCommand": true}));
    let wulan_world = world_with(|w| {
        let mut i = w.instance("i-bp1a00000000000005").unwrap().clone();
        i.instance_id = "i-0jla00000000000001".into();
        i.region_id = "cn-wulanchabu".into();
        w.instances.push(i);
    });
    let mut forced = World::default_world();
    forced.faults.force_error = Some("InvalidCmdId.NotFound".into());
    vec![
        case(
            "RegionId.ApiNotSupported",
            with(json!({"RegionId": "cn-nanjing"})),
        ),
        case_in(
            "ResourceBusy.SlrCreation",
            faults("slrCreating"),
            oss("oss://playground-logs/runs"),
        ),
        case("MissingParam.InstanceId", with(json!({"InstanceId": null}))),
        case("NumberExceed.Tags", with(json!({"Tag": tags(21)}))),
        case(
            "InvalidTagValue.Malformed",
            with(json!({"Tag": [{"Key": "a", "Value": "see https://example.com"}]})),
        ),
        case(
            "Duplicate.TagKey",
            with(json!({"Tag": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})),
        ),
        case(
            "InvalidTagKey.Malformed",
            with(json!({"Tag": [{"Key": "aliyun-owner", "Value": "x"}]})),
        ),
        case(
            "MissingParameter.TagKey",
            with(json!({"Tag": [{"Value": "x"}]})),
        ),
        case(
            "InvalidContainerId.Malformed",
            with(json!({"ContainerId": "5be1ecc7"})),
        ),
        case(
            "InvalidContainerName.Malformed",
            with(json!({"ContainerName": "x"})),
        ),
        case(
            "InvalidClientToken.Malformed",
            with(json!({"ClientToken": "tökén"})),
        ),
        case(
            "CmdParam.EmptyKey",
            with_params("echo {{name}}", json!({"": "x"})),
        ),
        case(
            "CmdParam.InvalidParamName",
            with(json!({"CommandContent": "echo {{first name}}", "EnableParameter": true})),
        ),
        case(
            "CmdContent.DecodeError",
            with(json!({"ContentEncoding": "base64", "CommandContent": "not base64!"})),
        ),
        case(
            "InvalidInstance.NotMatch",
            with(json!({"Type": "RunBatScript"})),
        ),
        case(
            "MissingParam.Frequency",
            with(json!({"RepeatMode": "Period"})),
        ),
        case(
            "InvalidParam.Frequency",
            with(json!({"Frequency": "every day"})),
        ),
        case(
            "ParameterKey.Duplicate",
            with_params("echo {{name}}", json!({"name": "a", "NAME": "b"})),
        ),
        case(
            "Parameter.NotMatched",
            with_params("echo {{name}}", json!({"other": "x"})),
        ),
        case(
            "WindowsPasswordName.Missed",
            windows(json!({"Username": "deploy"})),
        ),
        case(
            "Parameter.Disabled",
            with(json!({"CommandContent": "echo {{name}}", "Parameters": {"name": "x"}})),
        ),
        case(
            "InvalidParameter.WorkingDir",
            with(json!({"WorkingDir": format!("/{}", long(200))})),
        ),
        case(
            "NumberExceed.ResourceTags",
            with(json!({"InstanceId": null, "ResourceTag": tags(21)})),
        ),
        case(
            "MissingParameter.ResourceTagKey",
            with(json!({"InstanceId": null, "ResourceTag": [{"Value": "prod"}]})),
        ),
        case(
            "InvalidResourceTagKey.Malformed",
            with(json!({"InstanceId": null, "ResourceTag": [{"Key": "acs:env", "Value": "prod"}]})),
        ),
        case(
            "InvalidResourceTagValue.Malformed",
            with(
                json!({"InstanceId": null, "ResourceTag": [{"Key": "env", "Value": "http://prod"}]}),
            ),
        ),
        case(
            "Duplicate.ResourceTagKey",
            with(
                json!({"InstanceId": null, "ResourceTag": [{"Key": "env", "Value": "prod"}, {"Key": "env", "Value": "dev"}]}),
            ),
        ),
        case(
            "InvalidResourceTag.InstanceNotFound",
            with(json!({"InstanceId": null, "ResourceTag": [{"Key": "env", "Value": "staging"}]})),
        ),
        case(
            "InvalidResourceTag.ConflictWithInstanceIds",
            with(json!({"ResourceTag": [{"Key": "env", "Value": "prod"}]})),
        ),
        case(
            "InvalidOssOutputDelivery.BucketInOtherRegion",
            oss("oss://playground-logs-sh/runs"),
        ),
        case(
            "InvalidParameter.OssOutputDelivery",
            oss("s3://playground-logs/runs"),
        ),
        case(
            "InvalidOssOutputDelivery.KeyPrefixMalformed",
            oss("oss://playground-logs//runs"),
        ),
        case_in("InternalError.Dispatch", faults("dispatchError"), base()),
        case(
            "InvalidOssOutputDelivery.BucketAccessDenied",
            oss("oss://playground-private/runs"),
        ),
        case(
            "CmdContent.ExceedLimit",
            with(json!({"CommandContent": long(18_433)})),
        ),
        case("CmdName.ExceedLimit", with(json!({"Name": long(129)}))),
        case(
            "CmdDesc.ExceedLimit",
            with(json!({"Description": long(513)})),
        ),
        Case {
            code: "CmdCount.ExceedQuota",
            world: World::default_world(),
            setup: vec![keep.clone(); 5],
            request: keep,
        },
        case(
            "CmdParamCount.ExceedLimit",
            with(json!({"CommandContent": names_content(21), "EnableParameter": true})),
        ),
        case(
            "CmdParamName.ExceedLimit",
            with(
                json!({"CommandContent": format!("echo {{{{{}}}}}", long(65)), "EnableParameter": true}),
            ),
        ),
        case(
            "InstanceIds.ExceedLimit",
            with(json!({"InstanceId": vec!["i-bp1a00000000000001"; 101]})),
        ),
        Case {
            code: "Invocation.ExceedQuota",
            world: World::default_world(),
            setup: vec![base(); 30],
            request: base(),
        },
        case(
            "ParameterCount.ExceedLimit",
            with_params(
                &names_content(11),
                Value::Object((0..11).map(|i| (format!("p{i}"), json!("v"))).collect()),
            ),
        ),
        case(
            "ParameterKey.ExceedLimit",
            with_params(
                &format!("echo {{{{{}}}}}", long(65)),
                json!({ long(65): "x" }),
            ),
        ),
        case(
            "ParameterType.NotSupported",
            with_params("echo {{name}}", json!({"name": 5})),
        ),
        case("Username.ExceedLimit", with(json!({"Username": long(256)}))),
        case("WindowsPasswordName.ExceedLimit", win_pw(&long(256))),
        case_in("ParameterStore.NotSupported", wulan_world, {
            let mut r = win_pw("win-deploy-password");
            r["RegionId"] = json!("cn-wulanchabu");
            r["InstanceId"] = json!(["i-0jla00000000000001"]);
            r
        }),
        case_in(
            "TemporaryAccessKey.Error",
            faults("temporaryAccessKeyInvalid"),
            win_pw("win-deploy-password"),
        ),
        case(
            "ParameterStore.InvalidParameters",
            win_pw("no-such-password"),
        ),
        case_in(
            "ParameterStore.NoPermission",
            faults("parameterStoreNoPermission"),
            win_pw("win-deploy-password"),
        ),
        case_in("OperationDenied.BidOwnResource", faults("bidUser"), base()),
        case_in("Operation.Forbidden", faults("operationForbidden"), base()),
        Case {
            code: "IdempotentParameterMismatch",
            world: World::default_world(),
            setup: vec![with(
                json!({"ClientToken": "123e4567-e89b-12d3-a456-426655440000"}),
            )],
            request: with(
                json!({"ClientToken": "123e4567-e89b-12d3-a456-426655440000", "CommandContent": "echo changed"}),
            ),
        },
        Case {
            code: "IdempotentProcessing",
            world: faults("idempotentProcessing"),
            setup: vec![with(json!({"ClientToken": "tok-1"}))],
            request: with(json!({"ClientToken": "tok-1"})),
        },
        case(
            "InvalidStatus.ResourceGroup",
            with(json!({"ResourceGroupId": "rg-bp67acfmxazb4p0003"})),
        ),
        case(
            "InvalidParameterCharacter.CommandName",
            with(json!({"Name": "bad\u{1}name"})),
        ),
        case(
            "InvalidParameterCharacter.CommandDescription",
            with(json!({"Description": "bad\u{0}description"})),
        ),
        case(
            "InvalidParameterCharacter.CommandWorkingDir",
            with(json!({"WorkingDir": "/tmp/\u{7}"})),
        ),
        case(
            "InvalidLauncher.LengthLimitExceeded",
            with(json!({"Launcher": format!("python3 -u {}", long(1015))})),
        ),
        case(
            "InvalidParameterCharset.Parameters",
            with_params("echo {{name}}", json!({"name": "a\u{0}b"})),
        ),
        case_in(
            "CreateServiceLinkedRole.NoPermission",
            faults("slrNoPermission"),
            oss("oss://playground-logs/runs"),
        ),
        case(
            "InvalidTimeout.ExceedLimit",
            with(json!({"Timeout": 86_401})),
        ),
        case(
            "InvalidCmdType.NotFound",
            with(json!({"Type": "RunPythonScript"})),
        ),
        case(
            "InvalidRepeatMode.NotFound",
            with(json!({"RepeatMode": "Twice"})),
        ),
        case(
            "InvalidRegionId.NotFound",
            with(json!({"RegionId": "mars-north-1"})),
        ),
        case(
            "InvalidInstance.NotFound",
            with(json!({"InstanceId": ["i-bp1a0000000000dead"]})),
        ),
        case_in("InvalidCmdId.NotFound", forced, base()),
        case(
            "InvalidResourceGroup.NotFound",
            with(json!({"ResourceGroupId": "rg-doesnotexist"})),
        ),
        case(
            "InvalidTerminationMode.NotFound",
            with(json!({"TerminationMode": "Kill"})),
        ),
        case(
            "InvalidOssOutputDelivery.BucketNotFound",
            oss("oss://no-such-bucket/runs"),
        ),
    ]
}

fn seed_rows() -> Vec<(u16, &'static str, &'static str)> {
    SEED_TABLE
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let status = parts.next().unwrap().parse().unwrap();
            let code = parts.next().unwrap();
            (status, code, parts.next().unwrap())
        })
        .collect()
}

fn call(session: &mut Session, request: &Value) -> ApiResponse {
    session.call(at("2026-03-01T08:00:00Z"), "RunCommand", request)
}

#[test]
fn the_base_request_is_accepted() {
    let mut s = Session::new(World::default_world(), 1);
    let r = call(&mut s, &base());
    assert_eq!(r.http_status, 200, "{:?}", r.body);
    assert!(r.body["CommandId"].as_str().unwrap().starts_with("c-"));
    assert!(r.body["InvokeId"].as_str().unwrap().starts_with("t-"));
}

#[test]
fn every_seed_code_is_reachable_with_its_status_code_and_message() {
    let rows = seed_rows();
    assert_eq!(rows.len(), 71, "the seed table has 71 codes");
    let cases = cases();
    let mut missing = Vec::new();
    for (status, code, line_rest) in &rows {
        let Some(c) = cases.iter().find(|c| c.code == *code) else {
            missing.push(*code);
            continue;
        };
        let mut s = Session::new(c.world.clone(), 7);
        for (n, setup) in c.setup.iter().enumerate() {
            let r = call(&mut s, setup);
            assert_eq!(
                r.http_status, 200,
                "{code}: setup call {n} failed: {:?}",
                r.body
            );
        }
        let r = call(&mut s, &c.request);
        assert_eq!(r.code(), Some(*code), "{code}: got {:?}", r.body);
        assert_eq!(r.http_status, *status, "{code}: status");
        let message = r.body["Message"].as_str().unwrap();
        // The seed line is "<message> <description>"; the message is its first part. A `%s`
        // template is filled with OSS's own text.
        let template = ApiErrorCode::from_code(code).unwrap().message_template();
        assert!(
            line_rest.starts_with(template),
            "{code}: table message `{template}` vs seed `{line_rest}`"
        );
        match template.split_once("%s") {
            Some((before, after)) => assert!(
                message.starts_with(before)
                    && message.ends_with(after)
                    && message.len() > template.len() - 2,
                "{code}: {message}"
            ),
            None => assert_eq!(message, template, "{code}"),
        }
        for key in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
            assert!(r.body.get(key).is_some(), "{code}: body lacks {key}");
        }
        assert_eq!(r.body["HostId"], "ecs.aliyuncs.com");
    }
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
    assert_eq!(ApiErrorCode::all_seed().count(), 71);
}

#[test]
fn the_reference_table_lists_every_seed_code() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reference.md")).unwrap();
    for (_, code, _) in seed_rows() {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "docs/reference.md lacks {code}"
        );
    }
}
