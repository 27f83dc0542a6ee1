//! Rendering: what each instance runs (runcommand-api.txt CommandContent / Parameters /
//! Launcher / ContentEncoding; agent-behaviour.md §2, §3.1–3.3, §4.9).

use runcommand_playground::cli;
use runcommand_playground::sim::render::{
    render_request, RenderIds, RenderedInstance, SpanSource, SECRET_MASK,
};
use runcommand_playground::sim::request::{ParameterMap, RunCommandRequest};
use runcommand_playground::sim::world::{StoredParameter, World};

fn ids() -> RenderIds {
    RenderIds {
        command_id: "c-cmd0001".into(),
        invoke_id: "t-inv0001".into(),
    }
}

fn req(content: &str) -> RunCommandRequest {
    RunCommandRequest {
        region_id: Some("cn-hangzhou".into()),
        r#type: Some("RunShellScript".into()),
        command_content: Some(content.into()),
        instance_id: Some(vec!["i-bp1a00000000000001".into()]),
        ..Default::default()
    }
}

fn params(content: &str, pairs: &[(&str, &str)]) -> RunCommandRequest {
    RunCommandRequest {
        enable_parameter: Some(true),
        parameters: Some(ParameterMap::from_pairs(pairs)),
        ..req(content)
    }
}

fn one(r: &RunCommandRequest) -> RenderedInstance {
    one_in(r, &World::default_world())
}

fn one_in(r: &RunCommandRequest, w: &World) -> RenderedInstance {
    let mut v = render_request(r, w, &ids()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.len(), 1);
    v.remove(0)
}

fn err(r: &RunCommandRequest) -> &'static str {
    render_request(r, &World::default_world(), &ids())
        .unwrap_err()
        .code
        .code()
}

#[test]
fn content_decoding() {
    let b64 = RunCommandRequest {
        content_encoding: Some("bAsE64".into()),
        ..req("ZWNobyAxMjM=")
    };
    assert_eq!(one(&b64).script, "echo 123");
    let unknown = RunCommandRequest {
        content_encoding: Some("Base-64".into()),
        ..req("ZWNobyAxMjM=")
    };
    assert_eq!(
        one(&unknown).script,
        "ZWNobyAxMjM=",
        "unknown encodings are PlainText"
    );
    let bad = RunCommandRequest {
        content_encoding: Some("Base64".into()),
        ..req("ZWNobyAxMjM")
    };
    assert_eq!(err(&bad), "CmdContent.DecodeError");
    // Multi-byte UTF-8 through Base64.
    let utf8 = RunCommandRequest {
        content_encoding: Some("Base64".into()),
        ..req("ZWNobyAn5L2g5aW9Jw==")
    };
    assert_eq!(one(&utf8).script, "echo '你好'");
}

#[test]
fn size_budget_is_exact_at_18_and_24_kb() {
    let keep = |n: usize| RunCommandRequest {
        keep_command: Some(true),
        ..req(&"a".repeat(n))
    };
    assert!(render_request(&keep(13_824), &World::default_world(), &ids()).is_ok());
    assert_eq!(err(&keep(13_825)), "CmdContent.ExceedLimit");
    assert!(render_request(&req(&"a".repeat(18_432)), &World::default_world(), &ids()).is_ok());
    assert_eq!(err(&req(&"a".repeat(18_433))), "CmdContent.ExceedLimit");
}

#[test]
fn custom_parameters_are_substituted_case_insensitively() {
    let r = one(&params(
        "echo {{ name }} {{NAME}} [{{missing}}]",
        &[("Name", "Jack")],
    ));
    assert_eq!(
        r.script, "echo Jack Jack []",
        "an omitted parameter renders as the empty string"
    );
    let spans: Vec<(&str, &SpanSource)> = r
        .spans
        .iter()
        .map(|s| (&r.script[s.span.clone()], &s.source))
        .collect();
    assert_eq!(spans[0], ("Jack", &SpanSource::Custom("name".into())));
    assert_eq!(spans[1].0, "Jack");
    assert_eq!(spans[2].0, "");
}

#[test]
fn without_enable_parameter_everything_stays_literal() {
    let r = one(&req("echo {{name}} {{ACS::InstanceId}} {{oos:db-host}}"));
    assert_eq!(
        r.script,
        "echo {{name}} {{ACS::InstanceId}} {{oos:db-host}}"
    );
    assert!(r.spans.is_empty());
    assert_eq!(
        err(&RunCommandRequest {
            parameters: Some(ParameterMap::from_pairs(&[("name", "x")])),
            ..req("echo {{name}}")
        }),
        "Parameter.Disabled"
    );
}

#[test]
fn parameter_errors() {
    assert_eq!(
        err(&params("echo {{name}}", &[("other", "x")])),
        "Parameter.NotMatched"
    );
    assert_eq!(
        err(&params("echo {{name}}", &[("", "x")])),
        "CmdParam.EmptyKey"
    );
    assert_eq!(
        err(&params("echo {{na me}}", &[])),
        "CmdParam.InvalidParamName"
    );
    assert_eq!(
        err(&params("echo {{名前}}", &[])),
        "CmdParam.InvalidParamName"
    );
    assert_eq!(
        err(&params("echo {{name}}", &[("name", "a"), ("Name", "b")])),
        "ParameterKey.Duplicate"
    );
    let eleven: String = (0..11).map(|i| format!("{{{{p{i}}}}}")).collect();
    let pairs: Vec<(String, String)> = (0..11)
        .map(|i| (format!("p{i}"), "v".to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(err(&params(&eleven, &pairs)), "ParameterCount.ExceedLimit");
    assert!(render_request(
        &params(&eleven, &pairs[..10]),
        &World::default_world(),
        &ids()
    )
    .is_ok());
    let twenty: String = (0..20).map(|i| format!("{{{{p{i}}}}}")).collect();
    let twenty_one: String = (0..21).map(|i| format!("{{{{p{i}}}}}")).collect();
    assert!(render_request(&params(&twenty, &[]), &World::default_world(), &ids()).is_ok());
    assert_eq!(err(&params(&twenty_one, &[])), "CmdParamCount.ExceedLimit");
}

#[test]
fn builtins_are_resolved_per_instance() {
    let r = RunCommandRequest {
        instance_id: Some(vec!["i-bp1a00000000000001".into(), "i-bp1a00000000000002".into()]),
        ..params("{{ACS::RegionId}} {{ACS::AccountId}} {{ ACS :: InstanceId }} {{ACS::InstanceName}} {{ACS::InvokeId}} {{ACS::CommandId}}", &[])
    };
    let out = render_request(&r, &World::default_world(), &ids()).unwrap();
    assert_eq!(
        out[0].script,
        "cn-hangzhou 1234567890123456 i-bp1a00000000000001 web-1 t-inv0001 c-cmd0001"
    );
    assert_eq!(
        out[1].script,
        "cn-hangzhou 1234567890123456 i-bp1a00000000000002 web-2 t-inv0001 c-cmd0001"
    );
    assert_eq!(out[0].spans.len(), 6);
    assert!(out[0]
        .spans
        .iter()
        .all(|s| matches!(s.source, SpanSource::BuiltIn(_))));
}

#[test]
fn unknown_or_wrong_case_builtins_make_the_task_invalid() {
    for content in [
        "{{ACS::instanceid}}",
        "{{ACS::Foo}}",
        "ok {{ACS::InstanceId}} {{ACS::ScriptFileName}}",
    ] {
        let r = one(&params(content, &[]));
        let e = r.error.expect(content);
        assert_eq!(e.param, "InvalidEnvironmentParameter");
        assert!(
            e.value.starts_with("The environment parameter "),
            "{}",
            e.value
        );
    }
}

#[test]
fn a_custom_value_holding_a_builtin_is_resolved_by_the_agent() {
    let r = one(&params(
        "echo {{who}}!",
        &[("who", "é {{ACS::InstanceName}}")],
    ));
    assert_eq!(r.script, "echo é web-1!");
    let outer = r
        .spans
        .iter()
        .find(|s| matches!(s.source, SpanSource::Custom(_)))
        .unwrap();
    assert_eq!(&r.script[outer.span.clone()], "é web-1");
    let inner = r
        .spans
        .iter()
        .find(|s| matches!(s.source, SpanSource::BuiltIn(_)))
        .unwrap();
    assert_eq!(&r.script[inner.span.clone()], "web-1");
}

#[test]
fn parameter_store_references_and_secret_masking() {
    let r = one(&params(
        "host={{oos:db-host}} pw={{ oos-secret : db-password }}",
        &[],
    ));
    assert_eq!(r.script, format!("host=10.0.0.5 pw={SECRET_MASK}"));
    assert!(r.deletes_script_after_run);
    assert!(
        !format!("{r:?}").contains("S3cr3t"),
        "the secret never appears in the rendering"
    );
    let masked = r
        .spans
        .iter()
        .find(|s| matches!(s.source, SpanSource::ParameterStore { secret: true, .. }))
        .unwrap();
    assert_eq!(&r.script[masked.span.clone()], SECRET_MASK);
    // A plain reference to a secret name is not found (different API), nor is a missing one.
    let e = one(&params("{{oos:db-password}}", &[])).error.unwrap();
    assert_eq!(e.param, "ParameterFailed");
    let e = one(&params("{{oos:nope}}", &[])).error.unwrap();
    assert!(e.value.contains("'nope'"), "{}", e.value);
    // Without parameters the reference stays literal.
    assert_eq!(one(&req("{{oos:db-host}}")).script, "{{oos:db-host}}");
}

#[test]
fn store_values_are_resolved_again_and_self_references_stop() {
    let mut w = World::default_world();
    w.parameter_store.push(StoredParameter {
        name: "url".into(),
        region_id: "cn-hangzhou".into(),
        value: "http://{{oos:db-host}}/".into(),
        secret: false,
    });
    w.parameter_store.push(StoredParameter {
        name: "loop".into(),
        region_id: "cn-hangzhou".into(),
        value: "x{{oos:loop}}".into(),
        secret: false,
    });
    assert_eq!(
        one_in(&params("{{oos:url}}", &[]), &w).script,
        "http://10.0.0.5/"
    );
    assert_eq!(
        one_in(&params("{{oos:loop}}", &[]), &w)
            .error
            .unwrap()
            .param,
        "ParameterFailed"
    );
}

#[test]
fn the_secret_never_reaches_the_cli_output() {
    let input = r#"{"RegionId":"cn-hangzhou","Type":"RunShellScript","CommandContent":"echo {{oos-secret:db-password}}","EnableParameter":true,"InstanceId":["i-bp1a00000000000001"]}"#.to_string();
    let out = cli::run(&["render".to_string()], &mut || input.clone());
    assert_eq!(out.code, 0);
    assert!(
        !out.stdout.contains("S3cr3t") && out.stdout.contains(SECRET_MASK),
        "{}",
        out.stdout
    );
}

#[test]
fn script_paths_and_command_lines() {
    let sh = one(&req("echo"));
    assert_eq!(
        sh.path.as_deref(),
        Some("/usr/local/share/aliyun-assist/work/script/t-inv0001.sh")
    );
    assert_eq!(
        sh.command_line,
        "sh -c /usr/local/share/aliyun-assist/work/script/t-inv0001.sh"
    );
    let named_user = one(&RunCommandRequest {
        name: Some("deploy".into()),
        username: Some("ecs-user".into()),
        ..req("echo")
    });
    assert_eq!(named_user.path.as_deref(), Some("/tmp/deploy-t-inv0001.sh"));
    let win = |t: &str| RunCommandRequest {
        r#type: Some(t.into()),
        instance_id: Some(vec!["i-bp1a00000000000005".into()]),
        ..req("dir")
    };
    let ps = one(&win("RunPowerShellScript"));
    assert_eq!(
        ps.path.as_deref(),
        Some(r"C:\ProgramData\aliyun\assist\work\script\t-inv0001.ps1")
    );
    assert_eq!(
        ps.command_line,
        r"powershell -file C:\ProgramData\aliyun\assist\work\script\t-inv0001.ps1"
    );
    let bat = one(&win("RunBatScript"));
    assert_eq!(
        bat.command_line,
        r"C:\ProgramData\aliyun\assist\work\script\t-inv0001.bat"
    );
    assert_eq!(bat.script, "@echo off\r\ndir");
}

#[test]
fn launcher_takes_the_script_file_name() {
    let py = one(&RunCommandRequest {
        launcher: Some(r#"python3 -u {{ACS::ScriptFileName|Ext(".py")}}"#.into()),
        ..req("print(1)")
    });
    assert_eq!(
        py.path.as_deref(),
        Some("/usr/local/share/aliyun-assist/work/script/t-inv0001.py")
    );
    assert_eq!(
        py.command_line,
        "python3 -u /usr/local/share/aliyun-assist/work/script/t-inv0001.py"
    );
    let plain = one(&RunCommandRequest {
        launcher: Some("bash {{ ACS::ScriptFileName }} --x".into()),
        ..req("echo")
    });
    assert_eq!(
        plain.command_line,
        "bash /usr/local/share/aliyun-assist/work/script/t-inv0001.sh --x"
    );
    let none = one(&RunCommandRequest {
        launcher: Some("bash -e".into()),
        ..req("echo")
    });
    assert_eq!(
        none.command_line,
        "bash -e /usr/local/share/aliyun-assist/work/script/t-inv0001.sh"
    );
    assert!(!none.warnings.is_empty());
}

#[test]
fn containers_run_inline() {
    let r = one(&RunCommandRequest {
        container_name: Some("nginx".into()),
        ..req("#!/usr/bin/python\nnginx -s reload")
    });
    assert_eq!(r.path, None);
    assert_eq!(
        r.command_line,
        "/bin/sh -c '#!/usr/bin/python\nnginx -s reload'"
    );
    assert!(r.warnings.iter().any(|w| w.contains("#!")));
}

#[test]
fn bat_and_powershell_get_crlf_like_the_agent_tests() {
    // Rows of agent-behaviour.md §4.9.
    let rows = [
        ("Hello\nWorld\n", "Hello\r\nWorld\r\n"),
        ("Hello\r\nWorld\n", "Hello\r\nWorld\r\n"),
        ("\nHello\r\nWorld", "\r\nHello\r\nWorld"),
        (
            "Hello\nWorld\r\nThis is\n\n\r\n\na test\n",
            "Hello\r\nWorld\r\nThis is\r\n\r\n\r\n\r\na test\r\n",
        ),
    ];
    for (input, expected) in rows {
        let r = RunCommandRequest {
            r#type: Some("RunPowerShellScript".into()),
            instance_id: Some(vec!["i-bp1a00000000000005".into()]),
            ..req(input)
        };
        assert_eq!(one(&r).script, expected, "{input:?}");
    }
    // A lone CR is left alone; shell scripts are not touched.
    let r = RunCommandRequest {
        r#type: Some("RunPowerShellScript".into()),
        instance_id: Some(vec!["i-bp1a00000000000005".into()]),
        ..req("a\rb")
    };
    assert_eq!(one(&r).script, "a\rb");
    assert_eq!(one(&req("a\nb\r\n")).script, "a\nb\r\n");
}

#[test]
fn spans_follow_crlf_and_the_bat_prefix() {
    let r = RunCommandRequest {
        r#type: Some("RunBatScript".into()),
        instance_id: Some(vec!["i-bp1a00000000000005".into()]),
        ..params("echo\n{{v}}\nend", &[("v", "ü\nß")])
    };
    let out = one(&r);
    assert_eq!(out.script, "@echo off\r\necho\r\nü\r\nß\r\nend");
    assert_eq!(&out.script[out.spans[0].span.clone()], "ü\r\nß");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_content_and_values_render_or_fail_cleanly(
            content in "(\\{\\{|\\}\\}|[a-zé ]|\n|\r|ACS::|oos:|oos-secret:|InstanceId|db-host|\\{|\\})*",
            value in "(\\{\\{|\\}\\}|[a-z]|\n|ACS::InstanceName|oos:db-host)*",
            t in prop::sample::select(vec!["RunShellScript", "RunBatScript", "RunPowerShellScript"]),
        ) {
            let inst = if t == "RunShellScript" { "i-bp1a00000000000001" } else { "i-bp1a00000000000005" };
            let r = RunCommandRequest {
                r#type: Some(t.into()),
                instance_id: Some(vec![inst.into()]),
                enable_parameter: Some(true),
                parameters: Some(ParameterMap::from_pairs(&[("a", &value)])),
                ..req(&format!("{{{{a}}}}{content}"))
            };
            if let Ok(out) = render_request(&r, &World::default_world(), &ids()) {
                for o in out {
                    for s in &o.spans {
                        prop_assert!(o.script.get(s.span.clone()).is_some(), "span {:?} in {:?}", s.span, o.script);
                    }
                }
            }
        }
    }
}
