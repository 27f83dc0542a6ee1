//! Property tests: arbitrary text never panics; valid expressions fire strictly increasing.

use proptest::prelude::*;
use runcommand_playground::sim::schedule::{
    api_timeline, check_api_frequency, schedule_agent, AgentRepeat, AgentRequest,
    ApiScheduleRequest,
};
use runcommand_playground::sim::tz::Zone;

const ZONE_NAMES: [&str; 6] = [
    "UTC",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Sao_Paulo",
];

fn zone_at(i: usize) -> Zone {
    Zone::named(ZONE_NAMES[i]).unwrap()
}

fn field(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(options)
}

fn cron_expr() -> impl Strategy<Value = String> {
    (
        field(&["0", "*/15", "5,35", "10-20/5", "*", "?", "30"]),
        field(&["0", "*/20", "15", "0-59/7", "*", "1,59"]),
        field(&["*", "2", "1-3", "*/5", "9-17", "0,12,23"]),
        field(&["*", "?", "1", "L", "LW", "15W", "29", "31", "1/5", "L,15"]),
        field(&["*", "2", "FEB-NOV/2", "10-12", "03"]),
        field(&["?", "*", "MON", "5L", "thu#3", "6,7", "1-5", "0-7", "05"]),
        field(&["", " *", " 2024-2030", " */3", " 2099"]),
        field(&[
            "",
            " UTC",
            " America/Los_Angeles",
            " Europe/London",
            " Australia/Lord_Howe",
            " GMT+5:45",
            " America/Sao_Paulo",
        ]),
    )
        .prop_map(|(s, mi, h, dom, mo, dow, y, z)| format!("{s} {mi} {h} {dom} {mo} {dow}{y}{z}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,40}", zone in 0usize..6, now in prop_oneof![any::<i64>(), -100_000_000_000i64..5_000_000_000_000i64]) {
        for repeat in [AgentRepeat::Period, AgentRepeat::Rate, AgentRepeat::At] {
            let req = AgentRequest { repeat, expr: &text, now_ms: now, local_zone: zone_at(zone), creation_ms: now };
            if let Ok(s) = schedule_agent(&req) {
                let _ = s.collect(5);
            }
        }
        let _ = check_api_frequency(&text, 60);
    }

    #[test]
    fn cron_like_text_never_panics(fields in proptest::collection::vec("[0-9*?/,LW#A-Za-z+:-]{1,6}", 5..9), now in prop_oneof![any::<i64>(), 0i64..4_000_000_000_000i64]) {
        let text = fields.join(" ");
        let req = AgentRequest { repeat: AgentRepeat::Period, expr: &text, now_ms: now, local_zone: zone_at(1), creation_ms: now };
        if let Ok(s) = schedule_agent(&req) {
            let _ = s.collect(5);
        }
        let t = api_timeline(&ApiScheduleRequest { frequency: Some(text.clone()), repeat_mode: None, timeout_secs: Some(10), now_ms: now, instance_zone: zone_at(2), count: 5 });
        let _ = t.to_json();
    }

    #[test]
    fn valid_expressions_fire_strictly_increasing(expr in cron_expr(), zone in 0usize..6, now in 0i64..4_000_000_000_000i64) {
        let req = AgentRequest { repeat: AgentRepeat::Period, expr: &expr, now_ms: now, local_zone: zone_at(zone), creation_ms: now };
        if let Ok(s) = schedule_agent(&req) {
            let list = s.collect(12);
            prop_assert!(list.fires.first().is_none_or(|f| *f >= now));
            for w in list.fires.windows(2) {
                prop_assert!(w[0] < w[1], "{expr}: {:?}", list.fires);
                prop_assert_eq!(w[0] % 1000, 0);
            }
        }
    }

    #[test]
    fn iterator_memo_matches_fresh_computation(expr in cron_expr(), zone in 0usize..6, now in 0i64..4_000_000_000_000i64) {
        use runcommand_playground::sim::schedule::agent::AgentPlan;
        use runcommand_playground::sim::schedule::next::{next_fire, NextOutcome};
        let req = AgentRequest { repeat: AgentRepeat::Period, expr: &expr, now_ms: now, local_zone: zone_at(zone), creation_ms: now };
        if let Ok(s) = schedule_agent(&req) {
            let AgentPlan::Cron(plan) = &s.plan else { unreachable!() };
            let fires = s.collect(10).fires;
            for w in fires.windows(2) {
                prop_assert_eq!(next_fire(&plan.spec, &plan.zone, w[0] / 1000), NextOutcome::At(w[1] / 1000));
            }
        }
    }

    #[test]
    fn rates_fire_on_the_grid(value in 1i64..100_000, unit in field(&["s", "m", "h", "d"]), creation in 0i64..2_000_000_000_000i64, delta in 0i64..10_000_000_000i64) {
        let expr = format!("rate({value}{unit})");
        let now = creation + delta;
        let req = AgentRequest { repeat: AgentRepeat::Rate, expr: &expr, now_ms: now, local_zone: zone_at(0), creation_ms: creation };
        if let Ok(s) = schedule_agent(&req) {
            let list = s.collect(4);
            prop_assert!(list.fires[0] > now);
            for w in list.fires.windows(2) {
                prop_assert!(w[0] < w[1]);
                prop_assert_eq!((w[1] - w[0]) % 1000, 0);
                prop_assert_eq!((w[0] - creation) % (w[1] - w[0]), 0);
            }
        }
    }
}
