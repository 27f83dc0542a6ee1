//! The Gantt-style SVG timeline: one row per instance, bars coloured by status, schedule ticks
//! above, a cursor line, and details of the run under the pointer or chosen with the keyboard.
//!
//! Bars of one status in one row are drawn as one `<path>`, so 100 instances × 200 runs stay a
//! few hundred elements.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::evaluation::text;
use super::markup::tenths;

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The `api::simulate` answer.
    pub simulation: Rc<Value>,
    /// The window shown, in seconds after the call.
    pub window_s: i64,
    /// The cursor, in seconds after the call.
    pub cursor_s: f64,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 110.0;
const ROW: f64 = 22.0;
const TOP: f64 = 18.0;

/// The timeline.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let selected = use_state(|| None::<(usize, usize)>);
    let sim = &props.simulation;
    let start = sim["startMs"].as_f64().unwrap_or(0.0);
    let window_ms = (props.window_s.max(1) as f64) * 1000.0;
    let plot = WIDTH - LABEL - 10.0;
    let x = move |ms: f64| LABEL + ((ms - start) / window_ms).clamp(0.0, 1.0) * plot;
    let cursor_ms = start + props.cursor_s * 1000.0;
    let instances = sim["instances"].as_array().cloned().unwrap_or_default();
    let height = TOP + ROW * instances.len() as f64 + 6.0;

    let mut paths = Vec::new();
    for (row, inst) in instances.iter().enumerate() {
        let y = TOP + ROW * row as f64 + 3.0;
        let mut by_status: BTreeMap<String, String> = BTreeMap::new();
        for run in inst["runs"].as_array().into_iter().flatten() {
            let Some(s) = run["startMs"].as_f64() else {
                continue;
            };
            let e = run["endMs"].as_f64().unwrap_or(cursor_ms).min(cursor_ms);
            let (x0, x1) = (x(s), x(e).max(x(s) + 1.5));
            let d = by_status.entry(text(&run["status"])).or_default();
            d.push_str(&format!(
                "M{} {}h{}v{}h{}z",
                tenths(x0),
                tenths(y),
                tenths(x1 - x0),
                tenths(ROW - 6.0),
                tenths(x0 - x1)
            ));
        }
        for (status, d) in by_status {
            paths.push(html! { <path class={classes!("bar", format!("st-{}", status.to_ascii_lowercase()))} d={d} /> });
        }
    }
    let ticks: Vec<Html> = sim["fires"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .filter(|t| *t >= start && *t <= start + window_ms)
        .take(2000)
        .map(|t| html! { <line class="fire" x1={tenths(x(t))} x2={tenths(x(t))} y1="2" y2={tenths(TOP - 4.0)} /> })
        .collect();

    let on_move = {
        let selected = selected.clone();
        let instances = instances.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e.current_target() else {
                return;
            };
            let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target) else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let scale = WIDTH / rect.width();
            let px = (f64::from(e.client_x()) - rect.left()) * scale;
            let py = (f64::from(e.client_y()) - rect.top()) * scale;
            let row = ((py - TOP) / ROW).floor();
            if row < 0.0 || px < LABEL {
                return;
            }
            let row = row as usize;
            let t = start + (px - LABEL) / plot * window_ms;
            let hit = instances.get(row).and_then(|inst| {
                inst["runs"].as_array()?.iter().position(|r| {
                    let s = r["startMs"].as_f64().unwrap_or(f64::MAX);
                    let end = r["endMs"].as_f64().unwrap_or(cursor_ms);
                    t >= s - window_ms / 200.0 && t <= end + window_ms / 200.0
                })
            });
            if let Some(run) = hit {
                selected.set(Some((row, run)));
            }
        })
    };
    let on_key = {
        let selected = selected.clone();
        let instances = instances.clone();
        Callback::from(move |e: KeyboardEvent| {
            let (mut row, mut run) = (*selected).unwrap_or((0, 0));
            let runs_in = |r: usize| {
                instances
                    .get(r)
                    .and_then(|i| i["runs"].as_array())
                    .map(Vec::len)
                    .unwrap_or(0)
            };
            match e.key().as_str() {
                "ArrowRight" => run = (run + 1).min(runs_in(row).saturating_sub(1)),
                "ArrowLeft" => run = run.saturating_sub(1),
                "ArrowDown" => {
                    row = (row + 1).min(instances.len().saturating_sub(1));
                    run = run.min(runs_in(row).saturating_sub(1));
                }
                "ArrowUp" => {
                    row = row.saturating_sub(1);
                    run = run.min(runs_in(row).saturating_sub(1));
                }
                _ => return,
            }
            e.prevent_default();
            if runs_in(row) > 0 {
                selected.set(Some((row, run)));
            }
        })
    };

    let details = (*selected).and_then(|(row, run)| {
        let inst = instances.get(row)?;
        let r = inst["runs"].as_array()?.get(run)?.clone();
        Some((inst.clone(), r))
    });
    html! {
        <div class="timeline">
            <svg id="timeline" viewBox={format!("0 0 {} {}", tenths(WIDTH), tenths(height))} role="img" tabindex="0"
                 aria-label={format!("Timeline of {} instance(s); use the arrow keys to choose a run", instances.len())}
                 onmousemove={on_move} onkeydown={on_key}>
                { for instances.iter().enumerate().map(|(row, inst)| html! {
                    <text class="row-label" x="4" y={tenths(TOP + ROW * row as f64 + ROW * 0.7)}>
                        { text(&inst["InstanceName"]).chars().take(18).collect::<String>() }
                    </text>
                }) }
                { for ticks }
                { for paths }
                <line class="cursor" x1={tenths(x(cursor_ms))} x2={tenths(x(cursor_ms))} y1="0" y2={tenths(height)} />
                if let Some((row, run)) = *selected {
                    if let Some(r) = instances.get(row).and_then(|i| i["runs"].as_array()).and_then(|runs| runs.get(run)) {
                        <rect class="selected-run" x={tenths(x(r["startMs"].as_f64().unwrap_or(start)) - 1.0)}
                            y={tenths(TOP + ROW * row as f64 + 1.0)}
                            width={tenths((x(r["endMs"].as_f64().unwrap_or(cursor_ms).min(cursor_ms)) - x(r["startMs"].as_f64().unwrap_or(start)) + 2.0).max(4.0))}
                            height={tenths(ROW - 2.0)} />
                    }
                }
            </svg>
            <div class="run-details" id="run-details" aria-live="polite">
                { match details {
                    None => html! { <p class="muted">{ "Point at a bar, or focus the timeline and use the arrow keys, to see a run." }</p> },
                    Some((inst, r)) => html! {
                        <>
                            <p><strong>{ format!("{} ({})", text(&inst["InstanceName"]), text(&inst["InstanceId"])) }</strong>
                               { " — " }<span class="status">{ text(&r["status"]) }</span>
                               { format!(" · exit code {} ", text(&r["exitCode"])) }
                               if !text(&r["errorCode"]).is_empty() { <code>{ text(&r["errorCode"]) }</code>{ format!(" {}", text(&r["errorInfo"])) } }
                            </p>
                            if let Some(notes) = r["notes"].as_array().filter(|n| !n.is_empty()) {
                                <ul class="notes">{ for notes.iter().map(|n| html! { <li>{ text(n) }</li> }) }</ul>
                            }
                            <pre class="code output">{ text(&r["output"]).chars().rev().take(2000).collect::<Vec<_>>().into_iter().rev().collect::<String>() }</pre>
                        </>
                    },
                } }
            </div>
        </div>
    }
}
