//! `runcommand-sim bench [schedule|simulation|share|inputs|heavy|all]`: next-fire throughput of the
//! schedule engine, the full simulation pipeline, share-link encoding, and the heavy inputs
//! ([`super::bench_inputs`], [`super::bench_heavy`]).

use std::time::Instant;

use super::CliOutput;
use crate::sim::schedule::bench::{bench_cases, prepare, run_steps};

/// Runs `runcommand-sim bench`.
pub fn run(args: &[String]) -> CliOutput {
    match args.first().map(String::as_str) {
        None | Some("schedule") => CliOutput::ok(schedule_table(200_000)),
        Some("simulation") => CliOutput::ok(super::bench_sim::run_simulation_bench()),
        Some("share") => CliOutput::ok(share_table(200)),
        Some("inputs") => CliOutput::ok(super::bench_inputs::run(&args[1..])),
        Some("heavy") => CliOutput::ok(super::bench_heavy::run_heavy_bench()),
        Some("all") => CliOutput::ok(format!(
            "{}\n{}\n{}\n{}",
            schedule_table(200_000),
            super::bench_sim::run_simulation_bench(),
            share_table(200),
            super::bench_heavy::run_heavy_bench()
        )),
        Some("-h" | "--help") => CliOutput::ok(
            "runcommand-sim bench [schedule|simulation|share|inputs|heavy|all]\n\nschedule: ns per next-fire step for a \
             fixed set of cron expressions and zones (best of five runs).\nsimulation: the full pipeline \
             for 100 instances x 1 day of rate(1m), and a form re-evaluation.\nshare: share-link length \
             and encode/decode time for each preset's request and the default world.\ninputs: time and peak \
             memory of heavy inputs (100,000 tags, parameters, placeholders, ids, query keys, \
             world instances, fires of a wrapping rate).\nheavy: seconds \
             and peak memory of share links with 10 000 parameter keys or 90 000 placeholders, \
             year-long sessions of two and thirty invocations on 100 instances, 4 000 Stop, \
             Describe and Reboot lines, 20 000 simulate events and a year of rate(1m).\nBuild with --release for real \
             numbers.",
        ),
        Some(other) => CliOutput::usage_error(format!("unknown benchmark `{other}`")),
    }
}

/// Share links of each preset's request and of the default world: the state's JSON size, the
/// fragment's length, and µs per encode and per decode (best of five rounds of `rounds`).
pub fn share_table(rounds: u32) -> String {
    let mut states: Vec<(String, serde_json::Value)> = crate::api::presets::all()
        .into_iter()
        .map(|p| (p.id.to_string(), p.request))
        .collect();
    let world = serde_json::from_str(crate::sim::world::DEFAULT_WORLD_JSON).unwrap_or_default();
    states.push(("default world".to_string(), world));
    let mut out = format!(
        "{:<28} {:>10} {:>10} {:>12} {:>12}\n",
        "share link of", "JSON B", "link B", "encode µs", "decode µs"
    );
    for (label, state) in &states {
        let json_len = serde_json::to_string(state).map_or(0, |j| j.len());
        let link = crate::share::encode(state);
        let per_call = |f: &dyn Fn()| {
            (0..5)
                .map(|_| {
                    let t0 = Instant::now();
                    for _ in 0..rounds {
                        f();
                    }
                    t0.elapsed().as_secs_f64() * 1e6 / f64::from(rounds.max(1))
                })
                .fold(f64::INFINITY, f64::min)
        };
        let encode = per_call(&|| {
            std::hint::black_box(crate::share::encode(state));
        });
        let decode = per_call(&|| {
            let _ = std::hint::black_box(crate::share::decode::<serde_json::Value>(&link));
        });
        out.push_str(&format!(
            "{:<28} {:>10} {:>10} {:>12.1} {:>12.1}\n",
            label,
            json_len,
            link.len(),
            encode,
            decode
        ));
    }
    out.trim_end().to_string()
}

/// Times `steps` next-fire steps per case and renders the table.
pub fn schedule_table(steps: u32) -> String {
    let mut out = format!("{:<28} {:>12} {:>10}\n", "case", "ns/step", "steps");
    for case in bench_cases() {
        let Some(plan) = prepare(&case) else {
            out.push_str(&format!("{:<28} {:>12}\n", case.label, "parse error"));
            continue;
        };
        // Warm up, then keep the best of five runs (the machine is shared).
        let _ = run_steps(&plan, case.start_secs, steps / 10);
        let mut best = f64::INFINITY;
        let mut done = 0;
        for _ in 0..5 {
            let t0 = Instant::now();
            let (sum, d) = run_steps(&plan, case.start_secs, steps);
            let elapsed = t0.elapsed();
            std::hint::black_box(sum);
            done = d;
            best = best.min(elapsed.as_nanos() as f64 / f64::from(steps.max(1)));
        }
        let ns = best;
        out.push_str(&format!("{:<28} {:>12.1} {:>10}\n", case.label, ns, done));
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_share_table_has_a_row_per_preset_and_the_world_whose_links_open() {
        let table = super::share_table(1);
        let rows: Vec<&str> = table.lines().skip(1).collect();
        assert_eq!(rows.len(), crate::api::presets::all().len() + 1, "{table}");
        for (row, preset) in rows.iter().zip(crate::api::presets::all()) {
            assert!(row.starts_with(preset.id), "{row}");
            let link = crate::share::encode(&preset.request);
            let back = crate::share::decode::<serde_json::Value>(&link).unwrap();
            assert_eq!(back, preset.request);
            assert!(row.contains(&format!(" {} ", link.len())), "{row}");
        }
    }
}
