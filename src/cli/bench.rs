//! `runcommand-sim bench [schedule|simulation|all]`: next-fire throughput of the schedule engine
//! and the full simulation pipeline.

use std::time::Instant;

use super::CliOutput;
use crate::sim::schedule::bench::{bench_cases, prepare, run_steps};

/// Runs `runcommand-sim bench`.
pub fn run(args: &[String]) -> CliOutput {
    match args.first().map(String::as_str) {
        None | Some("schedule") => CliOutput::ok(schedule_table(200_000)),
        Some("simulation") => CliOutput::ok(super::bench_sim::run_simulation_bench()),
        Some("all") => CliOutput::ok(format!(
            "{}\n{}",
            schedule_table(200_000),
            super::bench_sim::run_simulation_bench()
        )),
        Some("-h" | "--help") => CliOutput::ok(
            "runcommand-sim bench [schedule|simulation|all]\n\nschedule: ns per next-fire step for a \
             fixed set of cron expressions and zones (best of five runs).\nsimulation: the full pipeline \
             for 100 instances x 1 day of rate(1m), and a form re-evaluation.\nBuild with --release for real numbers.",
        ),
        Some(other) => CliOutput::usage_error(format!("unknown benchmark `{other}`")),
    }
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
