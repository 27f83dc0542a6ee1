//! The Gantt-style SVG timeline: one row per instance, bars coloured by status, schedule ticks
//! above, a cursor line, and details of the run under the pointer or chosen with the keyboard.
//!
//! Bars of one status in one row are drawn as one `<path>`, and the fire ticks as one more, so
//! 100 instances × 200 runs stay a few hundred elements. The bars are read typed from
//! [`api::Simulated::bars_at`] at the cursor, already merged (no JSON per run, and no run read
//! at all for a steady series); only the chosen run's full fields are built
//! ([`api::Simulated::run_at`]).

use yew::prelude::*;

use super::evaluation::{text, Shared};
use super::markup::{push_tenths, status_class, tenths};
use super::timeline_plot::TimelinePlot;
use crate::api;

/// A typed simulation shared by the panel and the timeline, compared by identity.
pub(crate) type SimRef = Shared<api::Simulated>;

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub(crate) struct TimelineProps {
    /// The simulation (from the call to at least the cursor).
    pub(crate) simulation: SimRef,
    /// The cursor's instant (ms): the runs are shown as they are then.
    pub(crate) until_ms: i64,
    /// The window shown, in seconds after the call.
    pub(crate) window_s: i64,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 110.0;
const ROW: f64 = 22.0;
const TOP: f64 = 18.0;

/// Appends the rectangle from `x0` to `x1` of a row whose bars start at `y` to a path.
fn push_bar(d: &mut String, (x0, x1): (f64, f64), y: f64) {
    d.push('M');
    push_tenths(d, x0);
    d.push(' ');
    push_tenths(d, y);
    d.push('h');
    push_tenths(d, x1 - x0);
    d.push('v');
    push_tenths(d, ROW - 6.0);
    d.push('h');
    push_tenths(d, x0 - x1);
    d.push('z');
}

/// The timeline.
#[function_component(Timeline)]
pub(crate) fn timeline(props: &TimelineProps) -> Html {
    let selected = use_state(|| None::<(usize, usize)>);
    let sim = props.simulation.0.clone();
    let until = props.until_ms;
    let start = sim.start_ms() as f64;
    let window_ms = (props.window_s.max(1) as f64) * 1000.0;
    let plot = WIDTH - LABEL - 10.0;
    let x = move |ms: f64| LABEL + ((ms - start) / window_ms).clamp(0.0, 1.0) * plot;
    let cursor_ms = until as f64;
    let names: Vec<String> = sim.instances().map(|(_, name)| name.to_string()).collect();
    let height = TOP + ROW * names.len() as f64 + 6.0;

    // A bar is at least 1.5 units wide; bars of one status that overlap or touch are one
    // rectangle (runs every minute in a 6-hour window are 1.4 units apart), so a path stays
    // short, and a day of `rate(1m)` is one bar a row, computed without reading its runs.
    let min_ms = (1.5 / plot * window_ms).ceil() as i64;
    let mut bar_paths = Vec::new();
    for row in 0..names.len() {
        let y = TOP + ROW * row as f64 + 3.0;
        for (status, bars) in sim.bars_at(row, until, min_ms) {
            let mut d = String::new();
            for (s, e) in bars {
                push_bar(&mut d, (x(s as f64), x(e as f64)), y);
            }
            bar_paths.push((status_class("bar", status), d));
        }
    }
    // The fires as one path of vertical ticks, one per unit at most: a tick is 1.5 units wide,
    // so closer ones would only overlap (a day of `rate(1m)` is 1 440 fires in about 500
    // units, drawn as one band of ticks).
    let mut ticks = String::new();
    let mut last_tick = None;
    for t in sim.fires_until(until) {
        let t = *t as f64;
        if t < start || t > start + window_ms {
            continue;
        }
        let at = x(t).round() as i64;
        if last_tick.replace(at) != Some(at) {
            ticks.push('M');
            push_tenths(&mut ticks, x(t));
            ticks.push_str(" 2V");
            push_tenths(&mut ticks, TOP - 4.0);
        }
    }

    let labels = names
        .iter()
        .enumerate()
        .map(|(row, name)| {
            let y = tenths(TOP + ROW * row as f64 + ROW * 0.7);
            (name.chars().take(18).collect::<String>(), y)
        })
        .collect::<Vec<_>>();

    let on_move = {
        let selected = selected.clone();
        let sim = sim.clone();
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
            let hit = sim.runs_at(row, until).position(|r| {
                let s = r.start_ms.map_or(f64::MAX, |s| s as f64);
                let end = r.end_ms.map_or(cursor_ms, |e| e as f64);
                t >= s - window_ms / 200.0 && t <= end + window_ms / 200.0
            });
            if let Some(run) = hit {
                selected.set(Some((row, run)));
            }
        })
    };
    let on_key = {
        let selected = selected.clone();
        let sim = sim.clone();
        let rows = names.len();
        Callback::from(move |e: KeyboardEvent| {
            let (mut row, mut run) = (*selected).unwrap_or((0, 0));
            let runs_in = |r: usize| sim.run_count_at(r, until);
            match e.key().as_str() {
                "ArrowRight" => run = (run + 1).min(runs_in(row).saturating_sub(1)),
                "ArrowLeft" => run = run.saturating_sub(1),
                "ArrowDown" => {
                    row = (row + 1).min(rows.saturating_sub(1));
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

    let chosen = (*selected).and_then(|(row, run)| {
        let summary = sim.runs_at(row, until).nth(run)?;
        Some((row, summary))
    });
    let details = (*selected).and_then(|(row, run)| {
        let (id, name) = sim.instances().nth(row)?;
        Some((
            id.to_string(),
            name.to_string(),
            sim.run_at(row, run, until)?,
        ))
    });
    html! {
        <div class="timeline">
            <svg id="timeline" viewBox={format!("0 0 {} {}", tenths(WIDTH), tenths(height))} role="img" tabindex="0"
                 aria-label={format!("Timeline of {} instance(s); use the arrow keys to choose a run", names.len())}
                 onmousemove={on_move} onkeydown={on_key}>
                <TimelinePlot {labels} {ticks} bars={bar_paths} />
                <line class="cursor" x1={tenths(x(cursor_ms))} x2={tenths(x(cursor_ms))} y1="0" y2={tenths(height)} />
                if let Some((row, r)) = chosen {
                    <rect class="selected-run" x={tenths(x(r.start_ms.map_or(start, |s| s as f64)) - 1.0)}
                        y={tenths(TOP + ROW * row as f64 + 1.0)}
                        width={tenths((x(r.end_ms.map_or(cursor_ms, |e| e as f64).min(cursor_ms)) - x(r.start_ms.map_or(start, |s| s as f64)) + 2.0).max(4.0))}
                        height={tenths(ROW - 2.0)} />
                }
            </svg>
            <div class="run-details" id="run-details" aria-live="polite">
                { match details {
                    None => html! { <p class="muted">{ "Point at a bar, or focus the timeline and use the arrow keys, to see a run." }</p> },
                    Some((id, name, r)) => html! {
                        <>
                            <p><strong>{ format!("{name} ({id})") }</strong>
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
