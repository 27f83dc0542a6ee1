//! Every preset of the gallery against its world (the default unless it brings one), through
//! the facade: it validates (unless its summary says it shows an error), renders, schedules
//! and simulates.

use runcommand_playground::api::presets;
use runcommand_playground::api::{self, SimulateOptions};

const DEFAULT_NOW: &str = "2026-11-27T12:00:00Z";

fn demonstrates_an_error(summary: &str) -> bool {
    let s = summary.to_ascii_lowercase();
    s.contains("error") || s.contains("refuse") || s.contains("rejected")
}

#[test]
fn every_preset_validates_renders_schedules_and_simulates() {
    let mut failures = Vec::new();
    for p in presets::all() {
        let now = p.now.unwrap_or(DEFAULT_NOW);
        let world = p.world.map(|w| w.value());
        let world = world.as_ref();
        let v = api::validate(&p.request, world);
        let expect_ok = !demonstrates_an_error(p.summary);
        if v["ok"] != expect_ok {
            failures.push(format!(
                "{}: validate ok={} problems={}",
                p.id, v["ok"], v["problems"]
            ));
            continue;
        }
        if !expect_ok {
            continue;
        }
        let r = api::render(&p.request, world);
        if r["ok"] != true {
            failures.push(format!("{}: render {}", p.id, r));
        }
        for inst in r["instances"].as_array().into_iter().flatten() {
            if !inst["error"].is_null() {
                failures.push(format!(
                    "{}: render error on {}: {}",
                    p.id, inst["InstanceId"], inst["error"]
                ));
            }
        }
        let s = api::schedule(&p.request, world, now, 10);
        if s["ok"] != true || !s["agentError"].is_null() {
            failures.push(format!("{}: schedule {}", p.id, s));
        }
        if s["periodic"] == true && s["next"].as_array().is_none_or(|n| n.is_empty()) {
            failures.push(format!("{}: periodic without fires", p.id));
        }
        let until = chrono::DateTime::parse_from_rfc3339(now).unwrap() + chrono::Duration::days(1);
        let sim = api::simulate(
            &p.request,
            world,
            &until.to_rfc3339(),
            &SimulateOptions {
                now: now.to_string(),
                ..Default::default()
            },
        );
        if sim["ok"] != true {
            failures.push(format!("{}: simulate {}", p.id, sim));
            continue;
        }
        let instances = sim["instances"].as_array().unwrap();
        if instances.is_empty() {
            failures.push(format!("{}: no instances simulated", p.id));
        }
        let e = api::exports(&p.request);
        if e["ok"] != true {
            failures.push(format!("{}: exports {}", p.id, e));
        }
        println!(
            "{}: {} {}",
            p.id,
            sim["overall"],
            instances
                .iter()
                .map(|i| format!("{}={}", i["InstanceName"], i["status"]))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_preset_request_reads_as_a_typed_request() {
    use runcommand_playground::sim::request::RunCommandRequest;
    for p in presets::all() {
        if let Err(e) = RunCommandRequest::from_json_value(&p.request) {
            panic!("{}: {e}", p.id);
        }
    }
}
