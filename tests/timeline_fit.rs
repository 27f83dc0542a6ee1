//! The timeline's default window fits what was typed: a few fires of a schedule, the one run
//! of a one-off, the trap day of the DST preset.

use runcommand_playground::api::presets;
use runcommand_playground::api::{self, timeline_axis, Checked, SimulateOptions, Simulated};
use serde_json::{json, Value};

fn fitted(request: &Value, now: &str) -> (api::timeline_view::Window, Simulated, api::Fit) {
    let world = api::input::world(None);
    let checked = Checked::new(request, &world);
    let now_ms = api::input::time_ms(now, "now").unwrap();
    let fit = api::fit(&checked, &world, now_ms);
    let options = SimulateOptions {
        now: now.to_string(),
        ..Default::default()
    };
    let horizon = api::input::iso(fit.horizon_ms);
    let sim = Simulated::checked(&checked, &world, &horizon, &options).unwrap();
    (api::fitted_window(&sim, &fit), sim, fit)
}

fn request(extra: Value) -> Value {
    let mut r = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                       "CommandContent": "echo hi", "InstanceId": ["i-bp1a00000000000001"]});
    r.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    r
}

#[test]
fn a_rate_shows_its_first_three_runs() {
    let now = "2026-11-28T10:00:00Z";
    let (window, sim, _) = fitted(&request(json!({"Frequency": "rate(5m)"})), now);
    let end_ms = sim.start_ms() + (window.end_s() * 1000.0) as i64;
    let runs: Vec<_> = sim.runs_at(0, end_ms).collect();
    assert_eq!(runs.len(), 3, "{runs:?}");
    assert!(runs.iter().all(|r| r.end_ms.is_some()));
    // About 15 minutes, not a week and not 2 minutes.
    assert!(
        window.span_s > 600.0 && window.span_s < 1800.0,
        "{window:?}"
    );
}

#[test]
fn a_one_off_shows_its_single_run_closely() {
    let (window, sim, _) = fitted(
        &request(json!({"CommandContent": "sleep 20; echo done"})),
        "2026-11-28T10:00:00Z",
    );
    let end_ms = sim.start_ms() + (window.end_s() * 1000.0) as i64;
    let runs: Vec<_> = sim.runs_at(0, end_ms).collect();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, "Success");
    assert!(window.span_s >= 20.0 && window.span_s < 60.0, "{window:?}");
}

#[test]
fn the_dst_preset_shows_its_trap_day_in_its_zone() {
    let preset = presets::by_id("dst-trap").unwrap();
    let (window, sim, fit) = fitted(&preset.request, preset.now.unwrap());
    assert_eq!(fit.zone.name(), "America/Los_Angeles");
    let end_ms = sim.start_ms() + (window.end_s() * 1000.0) as i64;
    let changes = timeline_axis::offset_changes(sim.start_ms(), end_ms, &fit.zone);
    assert_eq!(
        changes.len(),
        1,
        "the spring-forward switch is in the window"
    );
    let first = sim
        .runs_at(0, end_ms)
        .next()
        .expect("a run on the trap day");
    let start = timeline_axis::instant_text(first.start_ms.unwrap(), &fit.zone);
    assert!(start.starts_with("2027-03-14"), "{start}");
}
