//! Validation rules beyond "each code is reachable": the check order, listing every problem with
//! its field, limits at their exact boundaries, effective defaults, per-instance findings and
//! world loading.

use runcommand_playground::sim::request::{
    ContentEncoding, ParameterMap, RawNumber, RepeatMode, RunCommandRequest,
};
use runcommand_playground::sim::validate::{check_all, size_meter, validate, Phase, Usage};
use runcommand_playground::sim::world::{World, WorldError};

fn base() -> RunCommandRequest {
    RunCommandRequest {
        region_id: Some("cn-hangzhou".into()),
        r#type: Some("RunShellScript".into()),
        command_content: Some("echo hello".into()),
        instance_id: Some(vec!["i-bp1a00000000000001".into()]),
        ..Default::default()
    }
}

fn first_code(req: &RunCommandRequest) -> Option<&'static str> {
    validate(req, &World::default_world(), &Usage::default())
        .err()
        .map(|e| e.code.code())
}

#[test]
fn defaults_follow_the_api_page() {
    let r = base();
    assert_eq!(r.timeout_secs(), Ok(60));
    assert_eq!(r.repeat_mode(), Ok(RepeatMode::Once));
    assert_eq!(r.content_encoding(), ContentEncoding::PlainText);
    assert!(!r.keep_command());
    assert!(!r.enable_parameter());
    assert_eq!(r.username(), "root");
    let w = RunCommandRequest {
        r#type: Some("RunBatScript".into()),
        ..base()
    };
    assert_eq!(w.username(), "System");
    let f = RunCommandRequest {
        frequency: Some("rate(5m)".into()),
        repeat_mode: Some("Once".into()),
        ..base()
    };
    assert_eq!(
        f.repeat_mode(),
        Ok(RepeatMode::Period),
        "Frequency forces Period"
    );
    for enc in ["BASE64", "base64", "Base64"] {
        let e = RunCommandRequest {
            content_encoding: Some(enc.into()),
            ..base()
        };
        assert_eq!(e.content_encoding(), ContentEncoding::Base64);
    }
    let unknown = RunCommandRequest {
        content_encoding: Some("gzip".into()),
        ..base()
    };
    assert_eq!(unknown.content_encoding(), ContentEncoding::PlainText);
}

#[test]
fn a_timeout_typed_as_text_is_kept_and_reported() {
    let r = RunCommandRequest {
        timeout: Some(RawNumber::Text("ten".into())),
        ..base()
    };
    assert_eq!(r.timeout_secs(), Err("ten".to_string()));
    let json = r.to_json();
    assert!(json.contains("\"Timeout\":\"ten\""), "{json}");
    let report = check_all(&r, &World::default_world(), &Usage::default());
    let p = &report.problems[0];
    assert_eq!(p.error.code.code(), "InvalidParameter");
    assert_eq!(p.path(), "Timeout");
    assert_eq!(
        p.error.message,
        "The specified parameter \"Timeout\" is not valid."
    );
    let ok = RunCommandRequest {
        timeout: Some(RawNumber::Text(" 120 ".into())),
        ..base()
    };
    assert_eq!(ok.timeout_secs(), Ok(120));
}

#[test]
fn missing_comes_before_malformed_before_limits_before_references() {
    // Missing region + bad Type + long Name + unknown instance: the missing one answers.
    let mut r = RunCommandRequest {
        region_id: None,
        r#type: Some("RunPython".into()),
        name: Some("n".repeat(200)),
        instance_id: Some(vec!["i-nothere".into()]),
        ..base()
    };
    assert_eq!(first_code(&r), Some("MissingParameter"));
    r.region_id = Some("cn-hangzhou".into());
    assert_eq!(first_code(&r), Some("InvalidCmdType.NotFound"));
    r.r#type = Some("RunShellScript".into());
    assert_eq!(first_code(&r), Some("CmdName.ExceedLimit"));
    r.name = None;
    assert_eq!(first_code(&r), Some("InvalidInstance.NotFound"));
}

#[test]
fn all_problems_are_listed_with_their_fields() {
    let r = RunCommandRequest {
        name: Some("x".repeat(129)),
        tag: Some(vec![
            runcommand_playground::sim::request::TagInput::new("ok", "v"),
            runcommand_playground::sim::request::TagInput::new("acs:bad", "v"),
        ]),
        instance_id: Some(vec![
            "i-bp1a00000000000001".into(),
            "i-bp1a0000000000beef".into(),
        ]),
        ..base()
    };
    let report = check_all(&r, &World::default_world(), &Usage::default());
    let got: Vec<(String, &str)> = report
        .problems
        .iter()
        .map(|p| (p.path(), p.error.code.code()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Tag.2.Key".to_string(), "InvalidTagKey.Malformed"),
            ("Name".to_string(), "CmdName.ExceedLimit"),
            ("InstanceId.2".to_string(), "InvalidInstance.NotFound"),
        ]
    );
    let phases: Vec<Phase> = report.problems.iter().map(|p| p.phase).collect();
    assert!(phases.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn content_limits_are_exact_on_the_base64_form() {
    // 13824 bytes → 18432 Base64 bytes: exactly 18 KB.
    let at_limit = RunCommandRequest {
        command_content: Some("a".repeat(13_824)),
        keep_command: Some(true),
        ..base()
    };
    let m = size_meter(&at_limit).unwrap();
    assert_eq!((m.measured, m.limit), (18_432, 18_432));
    assert_eq!(first_code(&at_limit), None);
    let over = RunCommandRequest {
        command_content: Some("a".repeat(13_825)),
        ..at_limit.clone()
    };
    assert_eq!(first_code(&over), Some("CmdContent.ExceedLimit"));
    // The same content is fine without KeepCommand (24 KB).
    let no_keep = RunCommandRequest {
        keep_command: Some(false),
        ..over
    };
    assert_eq!(size_meter(&no_keep).unwrap().limit, 24_576);
    assert_eq!(first_code(&no_keep), None);
    let at_24 = RunCommandRequest {
        command_content: Some("a".repeat(18_432)),
        ..base()
    };
    assert_eq!(size_meter(&at_24).unwrap().measured, 24_576);
    assert_eq!(first_code(&at_24), None);
    let over_24 = RunCommandRequest {
        command_content: Some("a".repeat(18_433)),
        ..base()
    };
    assert_eq!(first_code(&over_24), Some("CmdContent.ExceedLimit"));
}

#[test]
fn parameters_count_towards_the_content_size() {
    // Content 13821 bytes → 18428; Parameters {"a":""} is 8 bytes → 12 Base64 bytes: 18440 > 18432.
    let content = format!("{{{{a}}}}{}", "x".repeat(13_821 - 5));
    let r = RunCommandRequest {
        command_content: Some(content),
        keep_command: Some(true),
        enable_parameter: Some(true),
        parameters: Some(ParameterMap::from_pairs(&[("a", "")])),
        ..base()
    };
    let m = size_meter(&r).unwrap();
    assert_eq!(m.measured, 18_428 + 12);
    assert_eq!(first_code(&r), Some("CmdContent.ExceedLimit"));
    let without = RunCommandRequest {
        parameters: None,
        ..r
    };
    assert_eq!(first_code(&without), None);
}

#[test]
fn base64_content_is_measured_and_decoded() {
    let r = RunCommandRequest {
        command_content: Some("ZWNobyAxMjM=".into()),
        content_encoding: Some("Base64".into()),
        ..base()
    };
    let v = validate(&r, &World::default_world(), &Usage::default()).unwrap();
    assert_eq!(v.content, "echo 123");
    assert_eq!(v.size.measured, 12);
}

#[test]
fn length_limits_accept_the_maximum_and_refuse_one_more() {
    type Setter = fn(&mut RunCommandRequest, usize);
    let cases: Vec<(Setter, usize, &str)> = vec![
        (
            |r, n| r.name = Some("é".repeat(n)),
            128,
            "CmdName.ExceedLimit",
        ),
        (
            |r, n| r.description = Some("d".repeat(n)),
            512,
            "CmdDesc.ExceedLimit",
        ),
        (
            |r, n| r.working_dir = Some("w".repeat(n)),
            200,
            "InvalidParameter.WorkingDir",
        ),
        (
            |r, n| r.username = Some("u".repeat(n)),
            255,
            "Username.ExceedLimit",
        ),
        (
            |r, n| r.launcher = Some("l".repeat(n)),
            1024,
            "InvalidLauncher.LengthLimitExceeded",
        ),
        (
            |r, n| r.client_token = Some("t".repeat(n)),
            64,
            "InvalidClientToken.Malformed",
        ),
        (
            |r, n| r.instance_id = Some(vec!["i-bp1a00000000000001".into(); n]),
            100,
            "InstanceIds.ExceedLimit",
        ),
        (
            |r, n| {
                r.tag = Some(
                    (0..n)
                        .map(|i| {
                            runcommand_playground::sim::request::TagInput::new(&format!("k{i}"), "")
                        })
                        .collect(),
                )
            },
            20,
            "NumberExceed.Tags",
        ),
    ];
    for (set, max, code) in cases {
        let mut ok = base();
        set(&mut ok, max);
        assert_eq!(first_code(&ok), None, "{code} at {max}");
        let mut bad = base();
        set(&mut bad, max + 1);
        assert_eq!(first_code(&bad), Some(code), "{code} at {}", max + 1);
    }
}

#[test]
fn container_ids_and_names() {
    let hex = "5be1ecc7935f1dd85635d4feedaf660594030253cc97c9e9ca3819ffeac36b65";
    for id in [
        hex.to_string(),
        format!("docker://{hex}"),
        format!("containerd://{hex}"),
        format!("cri-o://{hex}"),
        hex.to_uppercase(),
    ] {
        let r = RunCommandRequest {
            container_id: Some(id.clone()),
            ..base()
        };
        assert_eq!(first_code(&r), None, "{id}");
    }
    for id in [
        &hex[1..],
        &format!("{hex}0")[..],
        &format!("podman://{hex}")[..],
        &format!("{}g", &hex[1..])[..],
    ] {
        let r = RunCommandRequest {
            container_id: Some(id.to_string()),
            ..base()
        };
        assert_eq!(first_code(&r), Some("InvalidContainerId.Malformed"), "{id}");
    }
    for (name, ok) in [
        ("nginx", true),
        ("/nginx", true),
        ("a.b_c-d", true),
        ("x", false),
        ("-x", false),
        ("bad name", false),
    ] {
        let r = RunCommandRequest {
            container_name: Some(name.into()),
            ..base()
        };
        assert_eq!(first_code(&r).is_none(), ok, "{name}");
    }
}

#[test]
fn oss_delivery_checks_format_bucket_and_region() {
    for (oss, code) in [
        ("oss://playground-logs/runs/", None),
        ("oss://playground-logs", None),
        (
            "oss://Playground-logs/x",
            Some("InvalidParameter.OssOutputDelivery"),
        ),
        (
            "oss:/playground-logs/x",
            Some("InvalidParameter.OssOutputDelivery"),
        ),
        (
            "oss://playground-logs/\\x",
            Some("InvalidOssOutputDelivery.KeyPrefixMalformed"),
        ),
        (
            "oss://missing-bucket/x",
            Some("InvalidOssOutputDelivery.BucketNotFound"),
        ),
        (
            "oss://playground-logs-sh/x",
            Some("InvalidOssOutputDelivery.BucketInOtherRegion"),
        ),
    ] {
        let r = RunCommandRequest {
            oss_output_delivery: Some(oss.into()),
            ..base()
        };
        assert_eq!(first_code(&r), code, "{oss}");
    }
}

#[test]
fn tag_rules() {
    use runcommand_playground::sim::request::TagInput;
    for (k, v, code) in [
        ("env", "", None),
        ("Aliyun-x", "v", Some("InvalidTagKey.Malformed")),
        ("ACS:x", "v", Some("InvalidTagKey.Malformed")),
        ("acs-ok", "v", None),
        (&"k".repeat(64)[..], &"v".repeat(128)[..], None),
        (&"k".repeat(65)[..], "v", Some("InvalidTagKey.Malformed")),
        ("k", &"v".repeat(129)[..], Some("InvalidTagValue.Malformed")),
        ("k", "HTTPS://x", Some("InvalidTagValue.Malformed")),
    ] {
        let r = RunCommandRequest {
            tag: Some(vec![TagInput::new(k, v)]),
            ..base()
        };
        assert_eq!(first_code(&r), code, "{k}={v}");
    }
}

#[test]
fn resource_tags_select_instances_in_region_and_group() {
    use runcommand_playground::sim::request::TagInput;
    let w = World::default_world();
    let r = RunCommandRequest {
        instance_id: None,
        resource_tag: Some(vec![TagInput::new("app", "web")]),
        ..base()
    };
    let v = validate(&r, &w, &Usage::default()).unwrap();
    assert_eq!(
        v.instance_ids,
        vec!["i-bp1a00000000000001", "i-bp1a00000000000002"]
    );
    // Key only: every env-tagged Linux instance of cn-hangzhou (win-1 would not match the Type).
    let r = RunCommandRequest {
        instance_id: None,
        resource_tag: Some(vec![TagInput {
            key: Some("env".into()),
            value: None,
        }]),
        ..base()
    };
    assert_eq!(first_code(&r), Some("InvalidInstance.NotMatch"));
    let r = RunCommandRequest {
        resource_group_id: Some("rg-bp67acfmxazb4p0002".into()),
        instance_id: None,
        resource_tag: Some(vec![TagInput::new("env", "dev")]),
        ..base()
    };
    let v = validate(&r, &w, &Usage::default()).unwrap();
    assert_eq!(
        v.instance_ids,
        vec![
            "i-bp1a00000000000004",
            "i-bp1a00000000000006",
            "i-bp1a00000000000007"
        ]
    );
}

#[test]
fn instance_references() {
    // Another region, and a non-default resource group that differs.
    let r = RunCommandRequest {
        instance_id: Some(vec!["i-uf6a00000000000001".into()]),
        ..base()
    };
    assert_eq!(first_code(&r), Some("InvalidInstance.NotFound"));
    let r = RunCommandRequest {
        instance_id: Some(vec!["i-bp1a00000000000003".into()]),
        resource_group_id: Some("rg-bp67acfmxazb4p0001".into()),
        ..base()
    };
    assert_eq!(first_code(&r), Some("InvalidInstance.NotFound"));
    // An instance of the default group is accepted whatever ResourceGroupId says.
    let r = RunCommandRequest {
        resource_group_id: Some("rg-bp67acfmxazb4p0002".into()),
        ..base()
    };
    assert_eq!(first_code(&r), None);
    // Stopped and agent-less instances are accepted; they become per-instance findings.
    let r = RunCommandRequest {
        instance_id: Some(vec![
            "i-bp1a00000000000006".into(),
            "i-bp1a00000000000007".into(),
        ]),
        ..base()
    };
    let v = validate(&r, &World::default_world(), &Usage::default()).unwrap();
    let f: Vec<(&str, &str)> = v
        .findings
        .iter()
        .map(|f| (f.instance_id.as_str(), f.error_code))
        .collect();
    assert_eq!(
        f,
        vec![
            ("i-bp1a00000000000006", "InstanceNotRunning"),
            ("i-bp1a00000000000007", "ClientNotRunning")
        ]
    );
}

fn findings_for(req: RunCommandRequest) -> Vec<(String, &'static str, String)> {
    validate(&req, &World::default_world(), &Usage::default())
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.instance_id, f.error_code, f.error_info))
        .collect()
}

#[test]
fn client_need_upgrade_follows_the_agent_versions() {
    let web_db_legacy = Some(vec![
        "i-bp1a00000000000001".into(),
        "i-bp1a00000000000003".into(),
        "i-bp1a00000000000004".into(),
    ]);
    // Scheduled features need .282: only legacy-1 (2.2.3.200) is too old.
    let r = RunCommandRequest {
        frequency: Some("rate(5m)".into()),
        instance_id: web_db_legacy.clone(),
        ..base()
    };
    let f = findings_for(r);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].0.as_str(), f[0].1),
        ("i-bp1a00000000000004", "ClientNeedUpgrade")
    );
    assert!(f[0].2.contains("2.2.3.282"), "{}", f[0].2);
    // A plain 6-field cron is not a new feature.
    let r = RunCommandRequest {
        frequency: Some("0 */20 * * * ?".into()),
        instance_id: web_db_legacy.clone(),
        ..base()
    };
    assert!(findings_for(r).is_empty());
    // {{ACS::InstanceName}} on several instances needs .344: db-1 (.309) and legacy-1.
    let r = RunCommandRequest {
        command_content: Some("echo {{ACS::InstanceName}}".into()),
        enable_parameter: Some(true),
        instance_id: web_db_legacy.clone(),
        ..base()
    };
    let ids: Vec<String> = findings_for(r).into_iter().map(|f| f.0).collect();
    assert_eq!(ids, vec!["i-bp1a00000000000003", "i-bp1a00000000000004"]);
    // On one instance it needs nothing.
    let r = RunCommandRequest {
        command_content: Some("echo {{ACS::InstanceName}}".into()),
        enable_parameter: Some(true),
        instance_id: Some(vec!["i-bp1a00000000000004".into()]),
        ..base()
    };
    assert!(findings_for(r).is_empty());
    // {{ACS::InvokeId}} needs .309 even on one instance; db-1 (exactly .309) is fine.
    let r = RunCommandRequest {
        command_content: Some("echo {{ACS::InvokeId}}".into()),
        enable_parameter: Some(true),
        instance_id: web_db_legacy.clone(),
        ..base()
    };
    let ids: Vec<String> = findings_for(r).into_iter().map(|f| f.0).collect();
    assert_eq!(ids, vec!["i-bp1a00000000000004"]);
    // Without EnableParameter the built-in stays literal: no requirement.
    let r = RunCommandRequest {
        command_content: Some("echo {{ACS::InvokeId}}".into()),
        instance_id: web_db_legacy,
        ..base()
    };
    assert!(findings_for(r).is_empty());
}

#[test]
fn parameters_rules() {
    let with = |content: &str, enable: bool, pairs: &[(&str, &str)]| RunCommandRequest {
        command_content: Some(content.into()),
        enable_parameter: Some(enable),
        parameters: Some(ParameterMap::from_pairs(pairs)),
        ..base()
    };
    assert_eq!(
        first_code(&with("echo {{Name}}", true, &[("name", "x")])),
        None,
        "case-insensitive"
    );
    assert_eq!(
        first_code(&with("echo {{name}} {{other}}", true, &[("name", "x")])),
        None,
        "omitted ones are empty"
    );
    assert_eq!(
        first_code(&with("echo", false, &[])),
        None,
        "empty Parameters with EnableParameter=false"
    );
    assert_eq!(
        first_code(&with("echo {{name}}", false, &[("name", "x")])),
        Some("Parameter.Disabled")
    );
    assert_eq!(
        first_code(&with("echo {{acs::x}}", true, &[])),
        Some("CmdParam.InvalidParamName")
    );
    assert_eq!(
        first_code(&with("echo {{ACS::InstanceId}}", true, &[])),
        None
    );
    assert_eq!(
        first_code(&with(
            "echo {{ ACS::InstanceId }}",
            true,
            &[("ACS::InstanceId", "x")]
        )),
        Some("Parameter.NotMatched")
    );
    // 20 distinct names pass, 21 do not; repeats and case variants count once.
    let twenty: String = (0..20)
        .map(|i| format!("{{{{p{i}}}}} {{{{P{i}}}}}\n"))
        .collect();
    assert_eq!(first_code(&with(&twenty, true, &[])), None);
    let name64 = "n".repeat(64);
    assert_eq!(
        first_code(&with(&format!("{{{{{name64}}}}}"), true, &[])),
        None
    );
    // Multi-byte: 22 × "é" = 44 bytes + 21 ASCII = 65 bytes > 64.
    let long_mb = format!("{}{}", "é".repeat(22), "a".repeat(21));
    assert_eq!(
        first_code(&with(&format!("{{{{{long_mb}}}}}"), true, &[])),
        Some("CmdParam.InvalidParamName"),
        "é is not a name character"
    );
    let long_ascii = "a".repeat(65);
    assert_eq!(
        first_code(&with(&format!("{{{{{long_ascii}}}}}"), true, &[])),
        Some("CmdParamName.ExceedLimit")
    );
}

#[test]
fn world_json_errors_are_reported_not_panicked() {
    assert!(matches!(World::from_json("{"), Err(WorldError::Json(_))));
    assert!(matches!(
        World::from_json("{\"accountId\": \"1\", \"regions\": [], \"bogus\": 1}"),
        Err(WorldError::Json(_))
    ));
    let mut v: serde_json::Value =
        serde_json::from_str(runcommand_playground::sim::world::DEFAULT_WORLD_JSON).unwrap();
    v["instances"][0]["regionId"] = "nowhere".into();
    v["instances"][1]["agentVersion"] = "2.2".into();
    v["instances"][2]["timeZone"] = "Mars/Olympus".into();
    v["faults"]["forceError"] = "No.Such.Code".into();
    match World::from_json(&v.to_string()) {
        Err(WorldError::Invalid(p)) => {
            assert_eq!(p.len(), 4, "{p:?}");
            assert!(p[0].contains("nowhere"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_default_world_has_the_brief_instances() {
    let w = World::default_world();
    assert_eq!(w.account_id, "1234567890123456");
    assert!(w.problems().is_empty());
    let ids: Vec<&str> = w.instances.iter().map(|i| i.instance_id.as_str()).collect();
    assert_eq!(ids.len(), 8);
    let web1 = w.instance("i-bp1a00000000000001").unwrap();
    assert_eq!(web1.containers[0].name, "nginx");
    assert_eq!(web1.containers[0].container_id.len(), 64);
    assert!(w
        .instance("i-bp1a00000000000007")
        .unwrap()
        .agent_version
        .is_none());
    assert!(w
        .region("cn-nanjing")
        .is_some_and(|r| !r.run_command_supported));
    assert!(
        w.bucket("playground-logs").is_some()
            && w.oss_buckets.iter().any(|b| b.region_id == "cn-shanghai")
    );
    assert!(
        w.parameter_store.iter().any(|p| p.secret) && w.parameter_store.iter().any(|p| !p.secret)
    );
}

#[test]
fn windows_users_with_a_stored_password_are_accepted() {
    let r = RunCommandRequest {
        r#type: Some("RunPowerShellScript".into()),
        instance_id: Some(vec!["i-bp1a00000000000005".into()]),
        username: Some("deploy".into()),
        windows_password_name: Some("win-deploy-password".into()),
        ..base()
    };
    assert_eq!(first_code(&r), None);
    assert_eq!(r.username(), "deploy");
    assert_eq!(r.working_dir(), r"C:\Windows\System32");
    // System needs no password; a plain (non-secret) parameter is not a password.
    let system = RunCommandRequest {
        username: Some("system".into()),
        windows_password_name: None,
        ..r.clone()
    };
    assert_eq!(first_code(&system), None);
    let plain = RunCommandRequest {
        windows_password_name: Some("db-host".into()),
        ..r
    };
    assert_eq!(first_code(&plain), Some("ParameterStore.InvalidParameters"));
}

#[test]
fn only_keep_command_uses_the_saved_command_quota() {
    let w = World::default_world();
    let mut usage = Usage::default();
    usage.saved_commands.insert("cn-hangzhou".into(), 5);
    assert!(validate(&base(), &w, &usage).is_ok());
    let keep = RunCommandRequest {
        keep_command: Some(true),
        ..base()
    };
    assert_eq!(
        validate(&keep, &w, &usage).unwrap_err().code.code(),
        "CmdCount.ExceedQuota"
    );
    // Other regions are not affected.
    let sh = RunCommandRequest {
        region_id: Some("cn-shanghai".into()),
        instance_id: Some(vec!["i-uf6a00000000000001".into()]),
        ..keep
    };
    assert!(validate(&sh, &w, &usage).is_ok());
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn opt_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(any::<String>())
    }

    proptest! {
        #[test]
        fn any_request_gets_one_answer(
            region in prop::sample::select(vec!["cn-hangzhou", "cn-nanjing", "", "x"]),
            t in opt_text(), content in opt_text(), enc in opt_text(), name in opt_text(),
            freq in opt_text(), repeat in opt_text(), container in opt_text(), oss in opt_text(),
            token in opt_text(), timeout in opt_text(), key in any::<String>(), value in any::<String>(),
            enable in any::<bool>(), keep in any::<bool>(),
        ) {
            let r = RunCommandRequest {
                region_id: Some(region.to_string()),
                r#type: t,
                command_content: content,
                content_encoding: enc,
                name,
                frequency: freq,
                repeat_mode: repeat,
                container_id: container.clone(),
                container_name: container,
                oss_output_delivery: oss,
                client_token: token,
                timeout: timeout.map(RawNumber::Text),
                enable_parameter: Some(enable),
                keep_command: Some(keep),
                parameters: Some(ParameterMap::from_pairs(&[(&key, &value)])),
                tag: Some(vec![runcommand_playground::sim::request::TagInput::new(&key, &value)]),
                ..base()
            };
            let w = World::default_world();
            let report = check_all(&r, &w, &Usage::default());
            let first = validate(&r, &w, &Usage::default()).err();
            prop_assert_eq!(report.problems.first().map(|p| p.error.clone()), first);
        }
    }
}
