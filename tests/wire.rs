//! The three forms of a request: SDK JSON ⇄ wire query ⇄ JSON round trips, the query shape
//! the SDK sends (api-spec §1), percent-encoding and the aliyun CLI quoting.

use proptest::prelude::*;
use runcommand_playground::sim::cli_quote::{aliyun_cli, shell_quote};
use runcommand_playground::sim::request::{ParameterMap, RawNumber, RunCommandRequest, TagInput};
use runcommand_playground::sim::wire::{
    from_query, percent_decode, percent_encode, to_query, WireError,
};

fn full() -> RunCommandRequest {
    RunCommandRequest {
        region_id: Some("cn-hangzhou".into()),
        resource_group_id: Some("rg-bp67acfmxazb4p0001".into()),
        name: Some("Test 名前".into()),
        description: Some("a & b = c".into()),
        r#type: Some("RunShellScript".into()),
        command_content: Some("echo {{name}}\nexit 0".into()),
        working_dir: Some("/home/user".into()),
        timeout: Some(RawNumber::Int(3600)),
        enable_parameter: Some(true),
        repeat_mode: Some("Period".into()),
        timed: Some(false),
        frequency: Some("0 */20 * * * ?".into()),
        parameters: Some(ParameterMap::from_pairs(&[
            ("name", "Jack"),
            ("accessKey", "LTAI+/="),
        ])),
        keep_command: Some(true),
        content_encoding: Some("PlainText".into()),
        username: Some("test".into()),
        windows_password_name: Some("axtSecretPassword".into()),
        instance_id: Some(vec![
            "i-bp1a00000000000001".into(),
            "i-bp1a00000000000002".into(),
        ]),
        tag: Some(vec![
            TagInput::new("TestKey", "TestValue"),
            TagInput::new("k2", ""),
        ]),
        container_id: Some(
            "docker://5be1ecc7935f1dd85635d4feedaf660594030253cc97c9e9ca3819ffeac36b65".into(),
        ),
        container_name: Some("nginx".into()),
        client_token: Some("123e4567-e89b-12d3-a456-426655440000".into()),
        oss_output_delivery: Some("oss://testBucket/testPrefix".into()),
        resource_tag: Some(vec![TagInput::new("env", "prod")]),
        termination_mode: Some("ProcessTree".into()),
        launcher: Some("python3 -u {{ACS::ScriptFileName|Ext(\".py\")}}".into()),
    }
}

#[test]
fn json_uses_the_sdk_names_and_omits_unset_fields() {
    let r = RunCommandRequest {
        region_id: Some("cn-hangzhou".into()),
        keep_command: Some(true),
        instance_id: Some(vec!["i-1".into()]),
        tag: Some(vec![TagInput::new("k", "v")]),
        parameters: Some(ParameterMap::from_pairs(&[("name", "Jack")])),
        ..Default::default()
    };
    assert_eq!(
        r.to_json(),
        r#"{"RegionId":"cn-hangzhou","Parameters":{"name":"Jack"},"KeepCommand":true,"InstanceId":["i-1"],"Tag":[{"Key":"k","Value":"v"}]}"#
    );
}

#[test]
fn the_query_has_the_sdk_shape() {
    let q = to_query(&full());
    for part in [
        "RegionId=cn-hangzhou",
        "InstanceId.1=i-bp1a00000000000001",
        "InstanceId.2=i-bp1a00000000000002",
        "Tag.1.Key=TestKey",
        "Tag.1.Value=TestValue",
        "Tag.2.Value=",
        "ResourceTag.1.Key=env",
        "ResourceTag.1.Value=prod",
        "Timeout=3600",
        "EnableParameter=true",
        "Timed=false",
        "KeepCommand=true",
        // {"name":"Jack","accessKey":"LTAI+/="} as one encoded JSON text.
        "Parameters=%7B%22name%22%3A%22Jack%22%2C%22accessKey%22%3A%22LTAI%2B%2F%3D%22%7D",
        "CommandContent=echo%20%7B%7Bname%7D%7D%0Aexit%200",
        "Name=Test%20%E5%90%8D%E5%89%8D",
    ] {
        assert!(q.split('&').any(|p| p == part), "missing {part} in {q}");
    }
}

#[test]
fn json_query_json_round_trip() {
    let r = full();
    let back = from_query(&to_query(&r)).unwrap();
    assert_eq!(back, r);
    let json = r.to_json();
    assert_eq!(RunCommandRequest::from_json(&json).unwrap(), r);
}

#[test]
fn reading_a_query_back() {
    let q = "?Action=RunCommand&Version=2014-05-26&RegionId=cn-hangzhou&InstanceId.2=i-b&InstanceId.1=i-a&Timeout=abc&Parameters=%7B%22x%22%3A%221%22%7D&CommandContent=a+b";
    let r = from_query(q).unwrap();
    assert_eq!(
        r.instance_id,
        Some(vec!["i-a".to_string(), "i-b".to_string()]),
        "ordered by index"
    );
    assert_eq!(
        r.timeout,
        Some(RawNumber::Text("abc".into())),
        "a bad Timeout is kept"
    );
    assert_eq!(r.command_content.as_deref(), Some("a b"));
    assert_eq!(r.parameters.unwrap().get_str("X"), Some("1"));
    assert!(matches!(
        from_query("Bogus=1"),
        Err(WireError::UnknownKey(_))
    ));
    assert!(matches!(
        from_query("InstanceId.0=i"),
        Err(WireError::BadIndex(_))
    ));
    assert!(matches!(
        from_query("KeepCommand=yes"),
        Err(WireError::BadBoolean { .. })
    ));
    assert!(matches!(
        from_query("Name=%E5%90"),
        Err(WireError::NotUtf8 { .. })
    ));
    assert!(matches!(
        from_query("Name=%G1"),
        Err(WireError::BadEscape { .. })
    ));
    assert!(matches!(
        from_query("Parameters=[1]"),
        Err(WireError::BadParameters(_))
    ));
}

#[test]
fn percent_encoding_is_rfc3986() {
    assert_eq!(percent_encode("aZ09-_.~"), "aZ09-_.~");
    assert_eq!(percent_encode(" /+*=&é"), "%20%2F%2B%2A%3D%26%C3%A9");
    assert_eq!(percent_decode("%20%2f+x").unwrap(), " / x");
}

#[test]
fn the_cli_command_quotes_for_the_shell() {
    assert_eq!(shell_quote("cn-hangzhou"), "cn-hangzhou");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(shell_quote("it's $HOME"), r"'it'\''s $HOME'");
    let r = RunCommandRequest {
        region_id: Some("cn-hangzhou".into()),
        r#type: Some("RunShellScript".into()),
        command_content: Some("eXVtIC15IHVwZGF0ZQ==".into()),
        content_encoding: Some("Base64".into()),
        timeout: Some(RawNumber::Int(60)),
        repeat_mode: Some("Once".into()),
        instance_id: Some(vec!["i-bp12e0ib2ztibede0001".into()]),
        ..Default::default()
    };
    // The example of api-spec §2.1 (D21 "Immediate execution"), in our field order.
    assert_eq!(
        aliyun_cli(&r),
        "aliyun ecs RunCommand --RegionId cn-hangzhou --Type RunShellScript --CommandContent eXVtIC15IHVwZGF0ZQ== --Timeout 60 --RepeatMode Once --ContentEncoding Base64 --InstanceId.1 i-bp12e0ib2ztibede0001"
    );
}

proptest! {
    #[test]
    fn any_text_survives_the_query(name in any::<String>(), content in any::<String>(), key in "[a-z]{1,8}", value in any::<String>()) {
        let r = RunCommandRequest {
            name: Some(name),
            command_content: Some(content),
            parameters: Some(ParameterMap(vec![(key, serde_json::Value::String(value))])),
            instance_id: Some(vec!["i-1".into()]),
            ..Default::default()
        };
        prop_assert_eq!(from_query(&to_query(&r)).unwrap(), r);
    }
}

#[test]
fn a_whole_url_can_be_read_back() {
    let r = from_query(
        "https://ecs.aliyuncs.com/?Action=RunCommand&RegionId=cn-hangzhou&InstanceId.1=i-1",
    )
    .unwrap();
    assert_eq!(r.region_id.as_deref(), Some("cn-hangzhou"));
    // A `?` inside a value is kept.
    let r = from_query("Name=what?&RegionId=x").unwrap();
    assert_eq!(r.name.as_deref(), Some("what?"));
}
