//! Bad or odd input never panics (a wasm panic kills the page).

use proptest::prelude::*;
use runcommand_playground::sim::exec::interpreter::{interpret, ScriptEnv};
use runcommand_playground::sim::exec::*;

fn command_type() -> impl Strategy<Value = CommandType> {
    prop_oneof![
        Just(CommandType::RunShellScript),
        Just(CommandType::RunPowerShellScript),
        Just(CommandType::RunBatScript),
    ]
}

fn repeat_mode() -> impl Strategy<Value = RepeatMode> {
    prop_oneof![
        Just(RepeatMode::Once),
        Just(RepeatMode::Period),
        Just(RepeatMode::NextRebootOnly),
        Just(RepeatMode::EveryReboot),
        Just(RepeatMode::DryRun),
    ]
}

fn script() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "echo",
        "printf",
        "'%s'",
        "%d",
        "sleep",
        "1",
        "-5",
        "1e300",
        "exit",
        "255",
        "-1",
        "9999999999999999999",
        ";",
        "&&",
        "||",
        "|",
        "&",
        "\n",
        "\r\n",
        "cat <<EOF",
        "EOF",
        "<<-",
        "<<",
        "$",
        "${",
        "}",
        "$?",
        "\"",
        "'",
        "\\",
        ">",
        "2>&1",
        ">&",
        "Write-Output",
        "$env:",
        "Start-Sleep",
        "-Milliseconds",
        "throw",
        "<#",
        "#>",
        "#",
        "timeout",
        "/t",
        "exit /b",
        "%",
        "%X%",
        "set",
        "X=1",
        "echo.",
        "é",
        "🙂",
        " ",
        "cd",
        "pwd",
        "true",
        "false",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn interpreters_never_panic(kind in command_type(), text in script(), raw in ".{0,200}") {
        let env = ScriptEnv::for_run(kind, "", "", "i-1", "n");
        let a = interpret(kind, &text, env.clone());
        let b = interpret(kind, &raw, env.clone());
        prop_assert!(a.duration_ms >= 0 && b.duration_ms >= 0);
    }

    #[test]
    fn engine_and_responses_never_panic(
        kind in command_type(),
        mode in repeat_mode(),
        text in script(),
        timeout in prop_oneof![Just(i64::MIN), Just(i64::MAX), -5i64..200],
        creation in prop_oneof![Just(i64::MIN / 2), Just(i64::MAX / 2), 0i64..10_000_000],
        fires in prop::collection::vec(prop_oneof![Just(i64::MAX), Just(i64::MIN), 0i64..10_000_000], 0..8),
        stop_at in prop::option::of(0i64..10_000_000),
        reboot_at in prop::option::of(0i64..10_000_000),
        at in prop_oneof![Just(i64::MIN), Just(i64::MAX), 0i64..10_000_000],
        page in prop_oneof![Just(i64::MIN), Just(i64::MAX), -1i64..5],
    ) {
        let mut inst = InstancePlan::new("i-1", &text);
        inst.fire_instants_ms = fires.into();
        let plan = InvocationPlan {
            command_type: kind,
            repeat_mode: mode,
            timeout_s: timeout,
            ..InvocationPlan::once("t-1", creation, vec![inst, InstancePlan::new("i-2", "exit 194")])
        };
        let mut events = Vec::new();
        if let Some(at) = stop_at {
            events.push(UserEvent::StopInvocation { at_ms: at, invoke_id: "t-1".into(), instance_ids: vec![] });
        }
        if let Some(at) = reboot_at {
            events.push(UserEvent::RebootInstance { at_ms: at, instance_id: "i-1".into() });
        }
        let mut sim = Simulation::new(vec![plan], events, 1, 20_000_000);
        for (_, tracks) in sim.invocations() {
            for track in tracks {
                let times: Vec<i64> = track.status_changes().iter().map(|(t, _)| *t).collect();
                prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "timeline out of order: {:?}", track.status_changes());
                for run in track.all_runs() {
                    if let (Some(start), Some(end)) = (run.start_ms, run.end_ms) {
                        prop_assert!(start <= end);
                    }
                }
                // Runs appear in time order: the ones visible at an instant are the first ones.
                let visible = track
                    .all_runs()
                    .filter(|r| r.start_ms.map_or(r.ended_by(at), |s| s <= at))
                    .count();
                prop_assert_eq!(track.run_count_at(at), visible);
            }
        }
        for encoding in [ContentEncoding::Base64, ContentEncoding::PlainText] {
            let q = DescribeInvocationsQuery {
                invoke_id: Some("t-1".into()),
                include_output: true,
                content_encoding: encoding,
                paging: Paging { page_number: page, page_size: 10 },
                ..Default::default()
            };
            let _ = describe_invocations(&sim, &q, at, "R");
            let r = DescribeInvocationResultsQuery {
                include_history: true,
                content_encoding: encoding,
                paging: Paging { page_number: 1, page_size: page },
                ..Default::default()
            };
            let _ = describe_invocation_results(&sim, &r, at, "R");
        }
        let _ = stop_invocation(&mut sim, "t-1", &["i-1".to_string()], at, "R");
    }
}
