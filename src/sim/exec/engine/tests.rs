//! The fast path (series) against the step-by-step reference, and the engine's helpers.

use std::sync::Arc;

use super::run::RunRecord;
use super::series::RunSeries;
use super::track::{Bars, InstanceTrack};
use super::*;
use crate::sim::exec::plan::InstancePlan;
use crate::sim::exec::plan::RepeatMode;
use crate::sim::exec::status::InvocationStatus;

#[test]
fn series_are_equal_by_their_starts_not_by_where_the_list_is_kept() {
    let series = |fires: &[i64], first: usize| RunSeries {
        fires: fires.into(),
        first,
        count: 2,
        max_gap_ms: 60_000,
        duration_ms: 1_000,
        template: RunRecord::default(),
        horizon_ms: 600_000,
        status_after_last: InvocationStatus::Scheduled,
    };
    let a = series(&[60_000, 120_000], 0);
    let b = series(&[0, 60_000, 120_000], 1);
    assert_eq!(a.starts(), [60_000, 120_000]);
    assert_eq!(a, b);
    assert_ne!(a, series(&[0, 60_000, 120_000], 0));
}

fn periodic(fires: Vec<i64>, events: Vec<UserEvent>) -> Simulation {
    let plan = InvocationPlan {
        repeat_mode: RepeatMode::Period,
        timeout_s: 60,
        ..InvocationPlan::once(
            "t-1",
            0,
            vec![InstancePlan {
                fire_instants_ms: fires.into(),
                ..InstancePlan::new("i-1", "echo a; sleep 3; echo b")
            }],
        )
    };
    Simulation::new(vec![plan], events, 3, 120_000)
}

/// A `Period` plan on `i-1` running `script` at `fires`.
fn periodic_plan(
    invoke_id: &str,
    script: &str,
    timeout_s: i64,
    schedule_ends: bool,
    fires: Vec<i64>,
) -> InvocationPlan {
    InvocationPlan {
        repeat_mode: RepeatMode::Period,
        timeout_s,
        schedule_ends,
        ..InvocationPlan::once(
            invoke_id,
            0,
            vec![InstancePlan {
                fire_instants_ms: fires.into(),
                ..InstancePlan::new("i-1", script)
            }],
        )
    }
}

/// Every instant worth reading a track at: each change, the instants around it, and the
/// horizon.
fn instants(track: &InstanceTrack, horizon: i64) -> Vec<i64> {
    let mut at: Vec<i64> = vec![0, horizon];
    for (t, _) in track.status_changes() {
        at.push(t);
    }
    for run in track.runs_at(horizon) {
        at.extend(run.start_ms);
        at.extend(run.end_ms);
        at.extend(run.stop_ms);
        at.extend(run.output.iter().map(|(t, _)| t));
    }
    let mut all: Vec<i64> = at.iter().flat_map(|t| [t - 1, *t, t + 1]).collect();
    all.retain(|t| *t <= horizon);
    all.sort_unstable();
    all.dedup();
    all
}

/// Asserts that the fast simulation reads exactly as the step-by-step one; returns whether
/// it recorded a series (so the tests can check that the fast path was taken).
fn assert_same_readings(plans: Vec<InvocationPlan>, events: Vec<UserEvent>, horizon: i64) -> bool {
    let fast = Simulation::new(plans.clone(), events.clone(), 7, horizon);
    let slow = Simulation::new_step_by_step(plans, events, 7, horizon);
    assert_reads_as(&fast, &slow, horizon)
}

/// Asserts that `fast` reads exactly as `slow` (made step by step) up to `horizon`; returns
/// whether `fast` recorded a series.
fn assert_reads_as(fast: &Simulation, slow: &Simulation, horizon: i64) -> bool {
    let mut used_series = false;
    for ((_, fast_tracks), (plan, slow_tracks)) in fast.invocations().zip(slow.invocations()) {
        for (f, s) in fast_tracks.iter().zip(slow_tracks) {
            let what = format!("{} on {}", plan.invoke_id, s.instance_id);
            used_series |= f.series.is_some();
            assert!(s.series.is_none(), "{what}: step by step makes no series");
            assert_eq!(f.status_changes(), s.status_changes(), "{what}: statuses");
            assert_eq!(
                (&f.skipped_fires_ms, &f.notes, f.stop_ms),
                (&s.skipped_fires_ms, &s.notes, s.stop_ms),
                "{what}"
            );
            for at in instants(s, horizon) {
                let case = format!("{what} at {at}");
                assert_eq!(f.status_at(at), s.status_at(at), "{case}");
                assert_eq!(f.run_count_at(at), s.run_count_at(at), "{case}");
                // Runs appear in time order, so the visible ones are a prefix.
                let visible = s
                    .all_runs()
                    .filter(|r| match r.start_ms {
                        Some(start) => start <= at,
                        None => r.ended_by(at),
                    })
                    .count();
                assert_eq!(s.run_count_at(at), visible, "{case}");
                assert_eq!(f.repeats_at(at), s.repeats_at(at), "{case}");
                assert_eq!(f.update_time_at(at), s.update_time_at(at), "{case}");
                assert_eq!(f.latest_run_at(at), s.latest_run_at(at), "{case}");
                let fast_runs: Vec<_> = f.runs_at(at).collect();
                let slow_runs: Vec<_> = s.runs_at(at).collect();
                assert_eq!(fast_runs, slow_runs, "{case}");
                for min_ms in [0, 1_500, 4_000, 9_999, 10_000, 30_000] {
                    let mut expected = Bars::default();
                    for run in &slow_runs {
                        expected.add(&run.brief(), at, min_ms);
                    }
                    assert_eq!(f.bars_at(at, min_ms), expected.0, "{case}, {min_ms} ms");
                    assert_eq!(s.bars_at(at, min_ms), expected.0, "{case}, {min_ms} ms");
                }
                let briefs: Vec<_> = slow_runs.iter().map(|r| r.brief()).collect();
                assert_eq!(f.run_briefs_at(at).collect::<Vec<_>>(), briefs, "{case}");
                for (i, run) in slow_runs.iter().enumerate() {
                    assert_eq!(f.run_status_at(i, at), Some(run.status_at(at)), "{case}");
                    assert_eq!(run.output_at(at), fast_runs[i].output_at(at), "{case}");
                    assert_eq!(run.details_at(at), fast_runs[i].details_at(at), "{case}");
                }
            }
        }
    }
    used_series
}

#[test]
fn series_of_periodic_runs_read_exactly_as_the_runs_simulated_one_by_one() {
    let scripts = [
        ("echo a; sleep 3; echo b", 60),   // 3 s, Success
        ("echo a; sleep 3; exit 3", 60),   // 3 s, Failed
        ("echo a; sleep 20; echo b", 5),   // timed out after 5 s
        ("echo a; sleep 2; exit 194", 60), // reboots: never a series
        ("sleep 1", 0),                    // no timeout
    ];
    let fire_sets: Vec<Vec<i64>> = vec![
        (1..=40).map(|k| k * 10_000).collect(), // gaps > duration
        (1..=40).map(|k| k * 3_000).collect(),  // gap == 3 s: ends skip fires
        (1..=40).map(|k| k * 2_000).collect(),  // gap < duration
        vec![5_000, 6_000, 30_000, 60_000, 61_000, 200_000], // irregular
        vec![10_000],
        vec![],
    ];
    let mut series_seen = 0;
    let mut cases = 0;
    for (script, timeout) in scripts {
        for fires in &fire_sets {
            for schedule_ends in [false, true] {
                for horizon in [0, 25_001, 103_000, 250_000, 400_000] {
                    let stop_at = |at_ms: i64| UserEvent::StopInvocation {
                        at_ms,
                        invoke_id: "t-1".into(),
                        instance_ids: Vec::new(),
                    };
                    let reboot_at = |at_ms: i64| UserEvent::RebootInstance {
                        at_ms,
                        instance_id: "i-1".into(),
                    };
                    for events in [vec![], vec![stop_at(95_000)], vec![reboot_at(52_000)]] {
                        let plan =
                            periodic_plan("t-1", script, timeout, schedule_ends, fires.clone());
                        series_seen +=
                            usize::from(assert_same_readings(vec![plan], events, horizon));
                        cases += 1;
                    }
                }
            }
        }
    }
    assert!(
        cases > 800 && series_seen > 50,
        "{cases} cases, {series_seen} with a series"
    );
}

#[test]
fn overlapping_invocations_on_one_instance_keep_their_series_unless_they_can_meet() {
    let every = |step: i64| (1..=40).map(move |k| k * step).collect::<Vec<i64>>();
    let two = |second_script: &str| {
        vec![
            periodic_plan("t-1", "sleep 1", 60, false, every(10_000)),
            periodic_plan("t-2", second_script, 60, true, every(7_000)),
        ]
    };
    let stop_second = UserEvent::StopInvocation {
        at_ms: 150_000,
        invoke_id: "t-2".into(),
        instance_ids: Vec::new(),
    };
    let reboot = UserEvent::RebootInstance {
        at_ms: 52_000,
        instance_id: "i-1".into(),
    };
    for horizon in [0, 70_000, 300_000, 500_000] {
        // They cannot meet: both keep series, read as when simulated together step by step.
        assert!(assert_same_readings(two("sleep 2"), vec![], horizon) || horizon < 70_000);
        assert_same_readings(two("sleep 2"), vec![stop_second.clone()], horizon);
        // A reboot (by the user, or by a script's exit code) reaches both: simulated together.
        assert!(!assert_same_readings(
            two("sleep 2"),
            vec![reboot.clone()],
            horizon
        ));
        assert!(!assert_same_readings(
            two("sleep 2; exit 194"),
            vec![],
            horizon
        ));
    }
}

proptest::proptest! {
    #[test]
    fn series_match_step_by_step_for_any_fires(
        gaps in proptest::collection::vec(1i64..12_000, 0..60),
        sleep_ms in 0i64..9_000,
        exit in 0i64..3,
        timeout_s in 0i64..8,
        schedule_ends: bool,
        horizon in 0i64..400_000,
        stop_at in proptest::option::of(0i64..400_000),
        reboot_at in proptest::option::of(0i64..400_000),
        second_every in proptest::option::of(1_000i64..20_000),
    ) {
        let mut at = 0;
        let fires: Vec<i64> = gaps.iter().map(|g| { at += g; at }).collect();
        let script = format!("echo go; sleep {}.{:03}; echo done; exit {exit}", sleep_ms / 1000, sleep_ms % 1000);
        let mut plans = vec![periodic_plan("t-1", &script, timeout_s, schedule_ends, fires)];
        if let Some(every) = second_every {
            // A second invocation on the instance, overlapping the first.
            let fires = (1..=30).map(|k| k * every).collect();
            plans.push(periodic_plan("t-2", "echo other; sleep 0.5", 60, false, fires));
        }
        let mut events = Vec::new();
        if let Some(at_ms) = stop_at {
            events.push(UserEvent::StopInvocation { at_ms, invoke_id: "t-1".into(), instance_ids: Vec::new() });
        }
        if let Some(at_ms) = reboot_at {
            events.push(UserEvent::RebootInstance { at_ms, instance_id: "i-1".into() });
        }
        assert_same_readings(plans, events, horizon);
    }
}

#[test]
fn a_cut_output_keeps_the_pieces_before_the_end() {
    let pieces: Arc<[(i64, Arc<str>)]> = Arc::from(vec![
        (0, Arc::from("a")),
        (500, Arc::from("b")),
        (900, Arc::from("c")),
    ]);
    let mut out = RunOutput::new(pieces, 1_000);
    assert_eq!(out.iter().count(), 3);
    out.cut(1_900, true);
    assert_eq!(
        out.iter().collect::<Vec<_>>(),
        [(1_000, "a"), (1_500, "b"), (1_900, "c")]
    );
    out.cut(1_900, false);
    assert_eq!(out.iter().map(|p| p.1).collect::<String>(), "ab");
    // A later, looser cut brings nothing back.
    out.cut(5_000, true);
    assert_eq!(out.iter().map(|p| p.1).collect::<String>(), "ab");
    out.cut(1_499, true);
    assert_eq!(out.iter().map(|p| p.1).collect::<String>(), "a");
}

#[test]
fn lazily_queued_fires_give_the_history_of_fires_queued_upfront() {
    // In order, fires are queued one at a time; out of order, all upfront. With distinct
    // instants both orders are the same schedule, so the histories must be equal, including
    // fires skipped while a run goes on, a fire at the very end of a run, and a stop.
    let sorted = vec![2_000, 4_000, 5_000, 8_200, 11_200, 40_000, 41_000];
    let mut shuffled = sorted.clone();
    shuffled.reverse();
    let stop = vec![UserEvent::StopInvocation {
        at_ms: 40_500,
        invoke_id: "t-1".into(),
        instance_ids: Vec::new(),
    }];
    for events in [Vec::new(), stop] {
        let a = periodic(sorted.clone(), events.clone());
        let b = periodic(shuffled.clone(), events);
        assert_eq!(
            a.invocation("t-1").map(|x| x.1),
            b.invocation("t-1").map(|x| x.1)
        );
        assert!(a
            .invocation("t-1")
            .is_some_and(|(_, t)| t[0].runs.len() >= 3));
    }
}

/// A `Period` plan `invoke_id` running `script` on `instances` at `fires`.
fn periodic_on(invoke_id: &str, script: &str, instances: &[&str], fires: &[i64]) -> InvocationPlan {
    InvocationPlan {
        repeat_mode: RepeatMode::Period,
        timeout_s: 4,
        ..InvocationPlan::once(
            invoke_id,
            0,
            instances
                .iter()
                .map(|id| InstancePlan {
                    fire_instants_ms: fires.into(),
                    ..InstancePlan::new(id, script)
                })
                .collect(),
        )
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 128,
        rng_seed: proptest::test_runner::RngSeed::Fixed(41),
        failure_persistence: None,
        ..Default::default()
    })]
    #[test]
    fn adding_plans_and_events_one_by_one_gives_the_simulation_built_at_once(
        steps in proptest::collection::vec((0u8..4, 0usize..3, 0i64..200_000), 0..24),
        horizon in 0i64..200_000,
    ) {
        let instances = ["i-1", "i-2", "i-3"];
        let scripts = ["echo a; sleep 2", "echo b; exit 194", "sleep 7; exit 1"];
        let mut built = Simulation::new(Vec::new(), Vec::new(), 5, horizon);
        let (mut plans, mut events) = (Vec::new(), Vec::new());
        for (kind, n, at_ms) in steps {
            let invoke_id = format!("t-{}", n + 1);
            match kind {
                0 => {
                    let fires: Vec<i64> = (1..40).map(|k| at_ms + k * 5_000).collect();
                    let plan = periodic_on(&invoke_id, scripts[n], &instances[..=n], &fires);
                    let plan = InvocationPlan { creation_ms: at_ms, ..plan };
                    plans.push(plan.clone());
                    built.add_plan(plan);
                }
                1 => {
                    let instance_id = instances[n].to_string();
                    let event = UserEvent::RebootInstance { at_ms, instance_id };
                    events.push(event.clone());
                    built.add_event(event);
                }
                _ => {
                    let instance_ids = if kind == 2 { Vec::new() } else { vec![instances[n].to_string()] };
                    let event = UserEvent::StopInvocation { at_ms, invoke_id, instance_ids };
                    events.push(event.clone());
                    built.add_event(event);
                }
            }
        }
        // An event after the horizon is recorded without recomputing (it changes nothing up
        // to the horizon, though a history built with it waiting is recorded differently):
        // the readings are those of the simulation built at once.
        if events.iter().all(|e| e.at_ms() <= horizon) {
            proptest::prop_assert_eq!(&built, &Simulation::new(plans.clone(), events.clone(), 5, horizon));
        }
        let slow = Simulation::new_step_by_step(plans, events, 5, horizon);
        assert_reads_as(&built, &slow, horizon);
    }
}
