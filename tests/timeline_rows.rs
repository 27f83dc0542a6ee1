//! A timeline row read in one window: the same runs as reading every run, a density strip when
//! zoomed out, the skipped fires with why, and the summary row's counts.

use runcommand_playground::api::timeline_rows::{self, Frame, LEVELS};
use runcommand_playground::api::{self, SimulateOptions, Simulated};
use serde_json::{json, Value};

const NOW: &str = "2026-11-28T10:00:00Z";

fn simulated(extra: Value, ids: &[&str], hours: i64) -> Simulated {
    let mut request = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                             "InstanceId": ids, "Timeout": 59});
    request
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let now_ms = api::input::time_ms(NOW, "now").unwrap();
    let options = SimulateOptions {
        now: NOW.to_string(),
        ..Default::default()
    };
    let horizon = api::input::iso(now_ms + hours * 3_600_000);
    Simulated::new(&request, None, &horizon, &options).unwrap()
}

fn frame(sim: &Simulated, from_min: i64, to_min: i64, until_min: i64) -> Frame {
    let at = |m: i64| sim.start_ms() + m * 60_000;
    Frame {
        from_ms: at(from_min),
        to_ms: at(to_min),
        until_ms: at(until_min),
        columns: 168,
    }
}

const ONE: &[&str] = &["i-bp1a00000000000001"];

#[test]
fn a_zoomed_in_row_draws_exactly_the_runs_in_its_window() {
    let sim = simulated(
        json!({"Frequency": "rate(1m)", "CommandContent": "sleep 5"}),
        ONE,
        2,
    );
    let track = sim.track(0).unwrap();
    for (from, to, until) in [(20, 30, 120), (0, 10, 120), (50, 70, 61), (100, 120, 120)] {
        let f = frame(&sim, from, to, until);
        let row = timeline_rows::row(track, &f, 0);
        // Every run read one by one that meets the window, at the instant read.
        let expected: Vec<(i64, i64)> = sim
            .runs_at(0, f.until_ms)
            .filter_map(|r| {
                let s = r.start_ms?;
                let e = r.end_ms.unwrap_or(f.until_ms).min(f.until_ms);
                (e >= f.from_ms && s <= f.to_ms).then_some((s, e))
            })
            .collect();
        assert!(!row.dense, "{from}..{to}");
        assert_eq!(row.runs, expected.len(), "{from}..{to}");
        let drawn: Vec<(i64, i64)> = row.bars.iter().flat_map(|(_, b)| b.clone()).collect();
        let mut drawn_sorted = drawn.clone();
        drawn_sorted.sort_unstable();
        assert_eq!(drawn_sorted, expected, "{from}..{to} until {until}");
    }
    // A run going on at the instant read is Running and ends there.
    let f = frame(&sim, 50, 70, 61);
    let row = timeline_rows::row(track, &f, 0);
    let running = &row.bars.iter().find(|(s, _)| *s == "Running").unwrap().1;
    assert_eq!(running.last().unwrap().1, f.until_ms);
}

#[test]
fn a_zoomed_out_row_is_a_density_strip() {
    let sim = simulated(
        json!({"Frequency": "rate(1m)", "CommandContent": "sleep 5"}),
        ONE,
        24,
    );
    let f = frame(&sim, 0, 24 * 60, 24 * 60);
    let row = timeline_rows::row(sim.track(0).unwrap(), &f, 0);
    assert!(row.dense);
    assert!(row.bars.is_empty() && row.glyphs.is_empty());
    assert_eq!(row.runs, sim.run_count_at(0, f.until_ms));
    assert_eq!(row.cells.len(), 168);
    // 5 s of every minute: every column is a little busy, with Success.
    let odd: Vec<_> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status != Some("Success") || c.level != 1)
        .collect();
    // The last column holds the run that starts at the instant read: Running.
    assert_eq!(odd.len(), 1, "{odd:?}");
    assert_eq!(odd[0].0, 167);
    assert_eq!(odd[0].1.status, Some("Running"));

    // Runs that fill their minutes make the columns busy at the top level.
    let busy = simulated(
        json!({"Frequency": "rate(1m)", "CommandContent": "sleep 58"}),
        ONE,
        24,
    );
    let row = timeline_rows::row(busy.track(0).unwrap(), &f, 0);
    assert!(row.dense);
    assert!(row.cells[10..160].iter().all(|c| c.level == LEVELS));
    // Before the cursor only: columns after it are empty.
    let half = frame(&sim, 0, 24 * 60, 12 * 60);
    let row = timeline_rows::row(sim.track(0).unwrap(), &half, 0);
    // Early in playback, the row is a strip already.
    let early = frame(&sim, 0, 24 * 60, 10);
    assert!(timeline_rows::row(sim.track(0).unwrap(), &early, 0).dense);
    assert!(row.cells[..80].iter().all(|c| c.status.is_some()));
    assert!(row.cells[90..].iter().all(|c| c.status.is_none()));
}

#[test]
fn skipped_fires_are_found_with_their_reason() {
    // Each run takes 90 s, so every other minute's fire finds the previous run still going.
    let sim = simulated(
        json!({"Frequency": "rate(1m)", "CommandContent": "sleep 90", "Timeout": 0}),
        ONE,
        1,
    );
    let track = sim.track(0).unwrap();
    assert!(!track.skipped_fires_ms.is_empty());
    let f = frame(&sim, 0, 20, 60);
    let row = timeline_rows::row(track, &f, 0);
    assert!(!row.skipped.is_empty());
    for s in &row.skipped {
        assert!(s.at_ms >= f.from_ms && s.at_ms <= f.to_ms);
        assert_eq!(s.why, "the previous run is still going");
        assert!(track.skipped_fires_ms.contains(&s.at_ms));
    }
    // None after the instant read.
    let early = frame(&sim, 0, 20, 1);
    let row = timeline_rows::row(track, &early, 0);
    assert!(row.skipped.iter().all(|s| s.at_ms <= early.until_ms));
    assert!(row.skipped.len() < timeline_rows::row(track, &f, 0).skipped.len());
}

#[test]
fn the_summary_counts_rows_per_status_and_column() {
    let ids = [
        "i-bp1a00000000000001",
        "i-bp1a00000000000002",
        "i-bp1a00000000000003",
    ];
    let sim = simulated(
        json!({"Frequency": "rate(1m)", "CommandContent": "sleep 58"}),
        &ids,
        1,
    );
    let f = frame(&sim, 0, 60, 60);
    let rows: Vec<_> = (0..3)
        .map(|i| timeline_rows::row(sim.track(i).unwrap(), &f, 0))
        .collect();
    let cells: Vec<&[timeline_rows::Cell]> = rows.iter().map(|r| r.cells.as_slice()).collect();
    let summary = timeline_rows::summary(&cells, f.columns);
    assert_eq!(summary.len(), 168);
    let total = |c: usize| summary[c].iter().map(|(_, n)| n).sum::<usize>();
    assert_eq!(total(84), 3, "{:?}", summary[84]);
    assert!(summary[84].iter().all(|(s, _)| *s == "Success"));
}

#[test]
fn rows_are_filtered_by_status_and_text_and_grouped() {
    use timeline_rows::{row_order, Grouping, RowFilter, RowKey};
    let key = |id, name, status, tags| RowKey {
        id,
        name,
        status,
        tags,
    };
    let rows = [
        key("i-1", "web-1", "Running", "env=prod"),
        key("i-2", "db-1", "Success", "env=dev"),
        key("i-3", "web-2", "Failed", "env=prod"),
        key("i-4", "web-3", "Success", ""),
    ];
    let all = RowFilter::default();
    assert_eq!(row_order(&rows, &all), [0, 1, 2, 3]);
    let success = RowFilter {
        status: Some("Success".into()),
        ..Default::default()
    };
    assert_eq!(row_order(&rows, &success), [1, 3]);
    let web = RowFilter {
        text: " WEB ".into(),
        ..Default::default()
    };
    assert_eq!(row_order(&rows, &web), [0, 2, 3]);
    let prod = RowFilter {
        text: "env=prod".into(),
        ..Default::default()
    };
    assert_eq!(row_order(&rows, &prod), [0, 2]);
    let by_status = RowFilter {
        grouping: Grouping::Status,
        ..Default::default()
    };
    assert_eq!(row_order(&rows, &by_status), [2, 0, 1, 3]);
    let by_tag = RowFilter {
        grouping: Grouping::Tag,
        ..Default::default()
    };
    assert_eq!(row_order(&rows, &by_tag), [3, 1, 0, 2]);
    // Changes made one after the other keep each other.
    use timeline_rows::FilterChange;
    let f = RowFilter::default()
        .apply(FilterChange::Text("web".into()))
        .apply(FilterChange::Status(Some("Success".into())))
        .apply(FilterChange::Group(Grouping::Status));
    assert_eq!(row_order(&rows, &f), [3]);
    let f = f.apply(FilterChange::Text(String::new()));
    assert_eq!(row_order(&rows, &f), [1, 3]);
}

#[test]
fn playback_reads_the_settled_columns_as_if_every_run_were_read() {
    for (content, timeout) in [
        ("sleep 5", 59),
        ("sleep 58", 59),
        ("sleep 90", 0),
        ("exit 3", 59),
    ] {
        let sim = simulated(
            json!({"Frequency": "rate(1m)", "CommandContent": content, "Timeout": timeout}),
            ONE,
            24,
        );
        let track = sim.track(0).unwrap();
        let window = frame(&sim, 0, 24 * 60, 24 * 60);
        let settled = timeline_rows::settled(track, &window);
        for until in [0, 1, 7, 61, 600, 601, 777, 12 * 60, 24 * 60 - 1, 24 * 60] {
            let f = frame(&sim, 0, 24 * 60, until);
            let row = timeline_rows::row_from(track, &settled, &f, 0);
            assert_eq!(
                row.cells,
                timeline_rows::cells_at(track, &f),
                "{content} at {until} min"
            );
            assert_eq!(
                row.runs,
                sim.run_count_at(0, f.until_ms),
                "{content} at {until} min"
            );
        }
    }
}

/// The windows a row is read in: the whole simulation, zoomed in (a few runs per column or a
/// few columns per run), starting or ending mid-run, and past the runs.
fn windows(sim: &Simulated, hours: i64) -> Vec<Frame> {
    let end = hours * 60;
    let mut out = Vec::new();
    for (from, to) in [
        (0, end),
        (0, end / 2),
        (end / 3, end),
        (7, 19),
        (61, 62),
        (end - 30, end + 60),
        (-60, 10),
    ] {
        out.push(frame(sim, from, to, end));
        // Odd column counts and odd offsets put column edges inside runs.
        let mut odd = frame(sim, from, to, end);
        odd.from_ms += 1_234;
        odd.to_ms += 56_789;
        odd.columns = 97;
        out.push(odd);
    }
    out
}

#[test]
fn a_windows_columns_read_from_the_series_starts_are_those_of_every_run() {
    let stop = |min: i64| {
        json!({"at": api::input::iso(api::input::time_ms(NOW, "now").unwrap() + min * 60_000),
               "action": "StopInvocation"})
    };
    let reboot = |min: i64| {
        json!({"at": api::input::iso(api::input::time_ms(NOW, "now").unwrap() + min * 60_000),
               "action": "RebootInstance", "InstanceId": ONE[0]})
    };
    let cases: Vec<(&str, i64, Vec<Value>)> = vec![
        ("sleep 5", 59, vec![]),
        ("sleep 58", 59, vec![]),
        ("echo hi", 59, vec![]),
        ("sleep 90", 0, vec![]),
        ("exit 3", 59, vec![]),
        ("sleep 5", 59, vec![stop(200)]),
        ("sleep 20", 59, vec![reboot(150)]),
    ];
    let hours = 6;
    for (content, timeout, events) in cases {
        let mut request = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                                 "InstanceId": ONE, "Timeout": timeout,
                                 "Frequency": "rate(1m)", "CommandContent": content});
        if content == "sleep 90" {
            request["Frequency"] = json!("rate(2m)");
        }
        let now_ms = api::input::time_ms(NOW, "now").unwrap();
        let options = SimulateOptions {
            now: NOW.to_string(),
            events: events.clone(),
            ..Default::default()
        };
        let horizon = api::input::iso(now_ms + hours * 3_600_000);
        let sim = Simulated::new(&request, None, &horizon, &options).unwrap();
        let track = sim.track(0).unwrap();
        // Without events the runs end as a steady series; a stop leaves recorded runs only; a
        // reboot leaves recorded runs up to it, then a new series.
        let in_series = track.series_starts().len();
        let stopped = events.iter().any(|e| e["action"] == "StopInvocation");
        assert_eq!(in_series == 0, stopped, "{content} {events:?}");
        if !events.is_empty() {
            assert!(in_series < track.run_count(), "{content} {events:?}");
        }
        for f in windows(&sim, hours) {
            assert_eq!(
                timeline_rows::settled(track, &f),
                timeline_rows::settled_run_by_run(track, &f),
                "{content} {events:?} in {f:?}"
            );
        }
    }
}
