//! The card of the run pointed at on the timeline: instance, run number, start, end, duration,
//! status (both vocabularies), exit code, ErrorCode / ErrorInfo, notes and the output's tail.

use serde_json::Value;
use yew::prelude::*;

use super::timeline_legend::{icon, status_named};
use crate::api::timeline_axis::instant_text;
use crate::sim::schedule::ScheduleZone;
use crate::ui::evaluation::text;

/// The most output characters the card shows (the tail).
const OUTPUT_TAIL: usize = 2000;

/// Properties of [`RunCard`].
#[derive(Properties, PartialEq)]
pub struct RunCardProps {
    /// `InstanceName (InstanceId)`.
    pub instance: String,
    /// The run's index in its instance's runs (0-based) and how many there are.
    pub run: (usize, usize),
    /// The run, as [`crate::api::Simulated::run_at`] gives it.
    pub detail: Value,
    /// The zone its times are written in.
    pub zone: ScheduleZone,
}

/// `1 h 2 min 3.4 s`, `250 ms`.
pub fn duration_text(ms: i64) -> String {
    if ms < 1000 {
        return format!("{ms} ms");
    }
    let (h, m) = (ms / 3_600_000, ms / 60_000 % 60);
    let s = ms % 60_000;
    let secs = format!("{}.{} s", s / 1000, s % 1000 / 100);
    match (h, m) {
        (0, 0) => secs,
        (0, m) => format!("{m} min {secs}"),
        (h, m) => format!("{h} h {m} min {secs}"),
    }
}

/// The card.
#[function_component(RunCard)]
pub fn run_card(props: &RunCardProps) -> Html {
    let r = &props.detail;
    let time = |key: &str| r[key].as_i64().map(|ms| instant_text(ms, &props.zone));
    let status = text(&r["status"]);
    let known = status_named(&status);
    let duration = match (r["startMs"].as_i64(), r["endMs"].as_i64()) {
        (Some(s), Some(e)) => duration_text(e - s),
        (Some(_), None) => "still running".to_string(),
        _ => "never started".to_string(),
    };
    let output = text(&r["output"]);
    let skip = output.chars().count().saturating_sub(OUTPUT_TAIL);
    let tail: String = output.chars().skip(skip).collect();
    let row =
        |term: &str, value: Html| html! { <><dt>{ term.to_string() }</dt><dd>{ value }</dd></> };
    html! {
        <div class="run-card">
            <p class="run-card-title">
                <strong>{ props.instance.clone() }</strong>
                { format!(" — run {} of {}", props.run.0 + 1, props.run.1) }
            </p>
            <dl>
                { row("Status", html! {
                    <span class={classes!("status", format!("st-{}", status.to_ascii_lowercase()))}>
                        { known.map(icon).unwrap_or_default() }{ " " }{ status.clone() }
                        if let Some(s) = known { <span class="muted">{ format!(" (legacy {})", s.legacy().as_str()) }</span> }
                    </span>
                }) }
                { row("Start", html! { time("startMs").unwrap_or_else(|| "—".into()) }) }
                { row("End", html! { time("endMs").unwrap_or_else(|| "—".into()) }) }
                { row("Duration", html! { duration }) }
                if let Some(stop) = time("stopMs") { { row("Stopped", html! { stop }) } }
                { row("Exit code", html! { format!("exit code {}", r["exitCode"].as_i64().map_or("—".to_string(), |c| c.to_string())) }) }
                if !text(&r["errorCode"]).is_empty() {
                    { row("Error", html! { <><code>{ text(&r["errorCode"]) }</code>{ format!(" {}", text(&r["errorInfo"])) }</> }) }
                }
            </dl>
            if let Some(notes) = r["notes"].as_array().filter(|n| !n.is_empty()) {
                <ul class="notes">{ for notes.iter().map(|n| html! { <li>{ text(n) }</li> }) }</ul>
            }
            if !tail.is_empty() {
                <pre class="code output" aria-label="Output (tail)">{ tail }</pre>
            }
        </div>
    }
}
