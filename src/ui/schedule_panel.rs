//! The Schedule panel: the effective RepeatMode, the description in words, the next fires in the
//! schedule's zone, UTC and the browser's zone, a timeline strip, divergence warnings, and the
//! pinned "now".

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::evaluation::{text, Evaluation};
use super::markup::{api_error_line, code_text, tenths};
use super::schedule_voice::{end_sentence, never_fires};
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

/// The fires on a time line, the first, middle and last labelled with their date in the
/// schedule's zone (`local`: `2026-11-28 02:00:00 +08:00` per fire).
fn strip(next: &[Value], local: &[Value], warnings: &[Value]) -> Html {
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
    let mut labelled = vec![0, times.len() / 2, times.len() - 1];
    labelled.dedup();
    let local_at = |i: usize| local.get(i).map(text).unwrap_or_default();
    let label = |i: usize| {
        let date: String = local_at(i).chars().take(16).collect();
        let anchor = match i {
            0 => "start",
            i if i + 1 == times.len() && i > 0 => "end",
            _ => "middle",
        };
        html! { <text x={tenths(x(times[i]))} y="52" text-anchor={anchor} class="strip-date">{ date }</text> }
    };
    html! {
        <svg class="strip" id="schedule-strip" viewBox="0 0 1000 58" role="img"
            aria-label={format!("The next {} fires on a time line, from {} to {}; DST warnings in red", times.len(), local_at(0), local_at(times.len() - 1))}>
            <line x1="10" y1="20" x2="990" y2="20" class="axis" />
            { for times.iter().map(|t| html! { <line x1={tenths(x(*t))} x2={tenths(x(*t))} y1="8" y2="32" class="tick" /> }) }
            { for marks.iter().map(|t| html! { <rect x={tenths(x(*t) - 3.0)} y="2" width="6" height="36" class="dst-mark"><title>{ "DST transition" }</title></rect> }) }
            { for labelled.into_iter().map(label) }
        </svg>
    }
}

/// How many fires the table lists at first, and how many more each "more" adds.
const FIRES_STEP: usize = 10;

/// The schedule panel.
#[function_component(SchedulePanel)]
pub(crate) fn schedule_panel(props: &SchedulePanelProps) -> Html {
    let s = &props.evaluation.schedule;
    // An embed lists its own number of fires at first and per "more"; the playground ten.
    let step = props.fires_at_first.unwrap_or(FIRES_STEP).max(1);
    let shown = use_state(|| step);
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
        let local: Vec<Value> = s["nextLocal"].as_array().cloned().unwrap_or_default();
        let warnings: Vec<Value> = s["warnings"].as_array().cloned().unwrap_or_default();
        let never = never_fires(s);
        let zone = text(&s["zone"]);
        let utc_zone = zone == "UTC";
        let count = next.len().min(*shown);
        let on_more = {
            let shown = shown.clone();
            Callback::from(move |_| shown.set(*shown + step))
        };
        // A compact embed leaves out the browser's zone, so that a fire fits on one line.
        let compact = props.fires_at_first.is_some();
        html! {
            <>
                <p id="schedule-description" class={classes!("description", never.is_some().then_some("never-fires"))}>
                    if let Some(reason) = &never {
                        <strong id="schedule-headline">{ "Accepted, but the agent never fires this schedule." }</strong>{ " " }{ code_text(reason) }<br />
                        <span class="muted">{ format!("As written it reads: {}", text(&s["description"]["en"])) }</span><br />
                    } else {
                        <strong id="schedule-headline">{ text(&s["description"]["en"]) }</strong><br />
                    }
                    <span lang="zh">{ text(&s["description"]["zh"]) }</span>
                </p>
                <p class="muted">{ format!("Zone: {zone} · kind: {}", text(&s["kind"])) }</p>
                if !warnings.is_empty() {
                    <ul class="warnings" id="schedule-warnings">
                        { for warnings.iter().map(|w| html! { <li class="warning" data-code={text(&w["code"])}>{ code_text(&text(&w["message"])) }</li> }) }
                    </ul>
                }
                { strip(&next, &local, &warnings) }
                if count > 0 {
                    <table class="grid fires" id="schedule-fires">
                        <caption>{ format!("The next {count} fires, as the agent computes them") }</caption>
                        <thead><tr><th scope="col">{ "#" }</th><th scope="col">{ format!("In {zone}") }</th>
                            if !utc_zone { <th scope="col">{ "UTC" }</th> }
                            if !compact { <th scope="col">{ "Your browser's zone" }</th> }</tr></thead>
                        <tbody>
                            { for next.iter().take(count).enumerate().map(|(i, t)| {
                                let iso = text(t);
                                html! { <tr><td>{ i + 1 }</td><td>{ text(&s["nextLocal"][i]) }</td>
                                    if !utc_zone { <td><code>{ iso.clone() }</code></td> }
                                    if !compact { <td>{ browser_local(&iso) }</td> }</tr> }
                            }) }
                        </tbody>
                    </table>
                }
                if next.len() > count {
                    <button type="button" id="more-fires" onclick={on_more}>{ format!("Show {} more fires", (next.len() - count).min(step)) }</button>
                }
                if !s["end"].is_null() {
                    <p class="warning" id="schedule-end">{ end_sentence(&text(&s["end"])) }</p>
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
