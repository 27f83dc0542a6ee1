//! The Schedule panel: the effective RepeatMode, the description in words, the next fires in the
//! schedule's zone, UTC and the browser's zone, a timeline strip, divergence warnings, and the
//! pinned "now".

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::evaluation::{text, Evaluation};
use super::markup::{api_error_line, tenths};
use super::state::Action;

/// Properties of [`SchedulePanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct SchedulePanelProps {
    /// The current evaluation.
    pub(crate) evaluation: Rc<Evaluation>,
    /// The effective "now" (RFC 3339).
    pub(crate) now: String,
    /// Whether "now" is pinned.
    pub(crate) pinned: bool,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
    /// In a compact embed: how many fires are listed before "Show more" (`None`: all).
    #[prop_or_default]
    pub(crate) fires_at_first: Option<usize>,
}

fn browser_local(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return String::new();
    }
    let s: String = date.to_string().into();
    s.split(" (").next().unwrap_or_default().to_string()
}

fn ms_of(iso: &str) -> Option<f64> {
    let t = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso)).get_time();
    (!t.is_nan()).then_some(t)
}

fn strip(next: &[Value], warnings: &[Value]) -> Html {
    let times: Vec<f64> = next
        .iter()
        .filter_map(|v| v.as_str().and_then(ms_of))
        .collect();
    let (Some(first), Some(last)) = (times.first().copied(), times.last().copied()) else {
        return html! {};
    };
    let span = (last - first).max(1.0);
    let x = |t: f64| 10.0 + (t - first) / span * 980.0;
    let marks: Vec<f64> = warnings
        .iter()
        .filter_map(|w| w["at"].as_str().and_then(ms_of))
        .filter(|t| *t >= first && *t <= last)
        .collect();
    html! {
        <svg class="strip" viewBox="0 0 1000 40" role="img" aria-label="The next fires on a time line; DST warnings in red">
            <line x1="10" y1="20" x2="990" y2="20" class="axis" />
            { for times.iter().map(|t| html! { <line x1={tenths(x(*t))} x2={tenths(x(*t))} y1="8" y2="32" class="tick" /> }) }
            { for marks.iter().map(|t| html! { <rect x={tenths(x(*t) - 3.0)} y="2" width="6" height="36" class="dst-mark"><title>{ "DST transition" }</title></rect> }) }
        </svg>
    }
}

/// The schedule panel.
#[function_component(SchedulePanel)]
pub(crate) fn schedule_panel(props: &SchedulePanelProps) -> Html {
    let s = &props.evaluation.schedule;
    let listed = use_state(|| props.fires_at_first);
    let on_pin = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input.value();
            on_action.emit(Action::PinNow((!v.trim().is_empty()).then_some(v)));
        })
    };
    let on_unpin = {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(Action::PinNow(None)))
    };
    let now_row = html! {
        <div class="now-row">
            <label for="pinned-now">{ "Now" }</label>
            <input id="pinned-now" value={props.now.clone()} oninput={on_pin} spellcheck="false"
                aria-describedby="now-help" />
            if props.pinned { <button type="button" onclick={on_unpin}>{ "Follow the clock" }</button> }
            <span id="now-help" class="muted">{ if props.pinned { "pinned (shared in links)" } else { "the real clock at page load; type a time to pin it" } }</span>
        </div>
    };
    let body = if s["ok"].as_bool() != Some(true) {
        let e = &s["error"];
        api_error_line("", e)
    } else if s["periodic"].as_bool() != Some(true) {
        html! { <p id="schedule-mode">{ format!("RepeatMode {}: ", text(&s["mode"])) }{ match text(&s["mode"]).as_str() {
            "Once" => "runs once, right after the call.",
            "NextRebootOnly" => "runs at the next reboot of each instance.",
            "EveryReboot" => "runs at every reboot of each instance.",
            "DryRun" => "checks parameters and the environment; runs nothing.",
            _ => "",
        } }</p> }
    } else {
        let next: Vec<Value> = s["next"].as_array().cloned().unwrap_or_default();
        let shown = listed.map_or(next.len(), |n| n.min(next.len()));
        // A compact embed leaves out the browser's zone, so that a fire fits on one line.
        let compact = props.fires_at_first.is_some();
        let on_more = {
            let listed = listed.clone();
            let step = props.fires_at_first.unwrap_or(next.len()).max(1);
            Callback::from(move |_| listed.set(listed.map(|n| n + step)))
        };
        let warnings: Vec<Value> = s["warnings"].as_array().cloned().unwrap_or_default();
        html! {
            <>
                <p id="schedule-description" class="description">
                    <strong>{ text(&s["description"]["en"]) }</strong><br />
                    <span lang="zh">{ text(&s["description"]["zh"]) }</span>
                </p>
                <p class="muted">{ format!("Zone: {} · kind: {}", text(&s["zone"]), text(&s["kind"])) }</p>
                if !s["agentError"].is_null() {
                    <p class="error-line" role="alert">{ format!("The agent never fires it: {} — {}", text(&s["agentError"]["kind"]), text(&s["agentError"]["message"])) }</p>
                }
                if !warnings.is_empty() {
                    <ul class="warnings" id="schedule-warnings">
                        { for warnings.iter().map(|w| html! { <li class="warning"><code>{ text(&w["code"]) }</code>{ format!(" {}", text(&w["message"])) }</li> }) }
                    </ul>
                }
                { strip(&next, &warnings) }
                <table class="grid fires" id="schedule-fires">
                    <caption>{ format!("The next {shown} fires, as the agent computes them") }</caption>
                    <thead><tr><th scope="col">{ "#" }</th><th scope="col">{ format!("In {}", text(&s["zone"])) }</th><th scope="col">{ "UTC" }</th>if !compact { <th scope="col">{ "Your browser's zone" }</th> }</tr></thead>
                    <tbody>
                        { for next.iter().take(shown).enumerate().map(|(i, t)| {
                            let iso = text(t);
                            let local = text(&s["nextLocal"][i]);
                            html! { <tr><td>{ i + 1 }</td><td>{ local }</td><td><code>{ iso.clone() }</code></td>if !compact { <td>{ browser_local(&iso) }</td> }</tr> }
                        }) }
                    </tbody>
                </table>
                if shown < next.len() {
                    <button type="button" class="show-more" id="schedule-more" onclick={on_more}>{ "Show more fires" }</button>
                }
                if !s["end"].is_null() {
                    <p class="warning">{ format!("The schedule ends: {}", text(&s["end"])) }</p>
                }
            </>
        }
    };
    html! {
        <section class="panel" id="schedule" aria-labelledby="schedule-title">
            <h2 id="schedule-title">{ "Schedule" }</h2>
            { now_row }
            { body }
        </section>
    }
}
