//! The Gantt-style SVG timeline: a time axis in the chosen zone (DST changes marked), one row
//! per instance with bars coloured and textured by status, glyphs for runs without duration,
//! fire ticks, StopInvocation and reboot markers, a cursor line, a legend, and the card of the
//! run under the pointer or chosen with the keyboard.
//!
//! Bars of one status in one row are drawn as one `<path>`, and the fire ticks as one more, so
//! 100 instances × 200 runs stay a few hundred elements. The bars are read typed from
//! [`api::Simulated::bars_at`] at the cursor, already merged (no JSON per run); only the chosen
//! run's full fields are built ([`api::Simulated::run_at`]).

use serde_json::Value;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::evaluation::{text, Shared};
use super::markup::{push_tenths, status_class, tenths};
use super::run_card::RunCard;
use super::timeline_legend::{status_named, texture, TimelineLegend};
use super::timeline_plot::{Mark, TimelinePlot};
use crate::api;
use crate::api::timeline_axis::{offset_changes, ticks};
use crate::api::timeline_view::{ViewAction, Window};
use crate::sim::schedule::ScheduleZone;

/// A typed simulation shared by the panel and the timeline, compared by identity.
pub(crate) type SimRef = Shared<api::Simulated>;

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The simulation (from the call to at least the window's end).
    pub simulation: SimRef,
    /// The cursor's instant (ms): the runs are shown as they are then.
    pub(crate) until_ms: i64,
    /// The window shown, in seconds after the call.
    pub shown: Window,
    /// The zone of the axis and the run card.
    pub zone: ScheduleZone,
    /// The user's StopInvocation and RebootInstance actions.
    pub events: Vec<Value>,
    /// Zooms and pans.
    pub on_view: Callback<ViewAction>,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 112.0;
const PLOT: f64 = WIDTH - LABEL - 8.0;
/// The axis labels' band.
const AXIS: f64 = 16.0;
/// The fire ticks' band, below the axis.
const FIRES: f64 = 12.0;
const TOP: f64 = AXIS + FIRES + 2.0;
const ROW: f64 = 24.0;
/// The band for DST and StopInvocation labels below the rows.
const BOTTOM: f64 = 16.0;
/// The narrowest bar and the pointer's reach around a run (SVG units).
const MIN_BAR: f64 = 3.0;
const REACH: f64 = 6.0;

/// Appends the rectangle from `x0` to `x1` of a row whose bars start at `y` to a path.
fn push_bar(d: &mut String, (x0, x1): (f64, f64), y: f64) {
    d.push('M');
    push_tenths(d, x0);
    d.push(' ');
    push_tenths(d, y);
    d.push('h');
    push_tenths(d, (x1 - x0).max(MIN_BAR));
    d.push('v');
    push_tenths(d, ROW - 8.0);
    d.push('h');
    push_tenths(d, -(x1 - x0).max(MIN_BAR));
    d.push('z');
}

/// Appends a diamond centred at `(x, y)` to a path: the glyph of a run without duration.
fn push_glyph(d: &mut String, x: f64, y: f64) {
    d.push('M');
    push_tenths(d, x);
    d.push(' ');
    push_tenths(d, y - 6.0);
    d.push_str("l6 6l-6 6l-6-6z");
}

/// Where a run sits in time: its start and end (ms), the end being the cursor while it runs;
/// a run that never started sits where it ended (a glyph).
fn run_span(r: &api::RunSummary, until: i64, call: i64) -> (i64, i64) {
    let at = r.end_ms.or(r.stop_ms).unwrap_or(call);
    match r.start_ms {
        Some(s) => (s, r.end_ms.unwrap_or(until).min(until)),
        None => (at, at),
    }
}

/// The most runs of a row scanned when pointing (beyond, bars only).
const SCAN_RUNS: usize = 5000;
/// The most runs of a row scanned for glyphs on every draw (runs that never started come
/// from a failed send or a stop, a handful per row; a long series draws bars only).
const GLYPH_RUNS: usize = 300;

/// The timeline.
#[function_component(Timeline)]
pub(crate) fn timeline(props: &TimelineProps) -> Html {
    let selected = use_state(|| None::<(usize, usize)>);
    let svg_ref = use_node_ref();
    let sim = props.simulation.0.clone();
    let until = props.until_ms;
    let call = sim.start_ms();
    let w0 = call as f64 + props.shown.start_s * 1000.0;
    let wspan = props.shown.span_s.max(1.0) * 1000.0;
    let w1 = w0 + wspan;
    let x = move |ms: f64| LABEL + ((ms - w0) / wspan).clamp(0.0, 1.0) * PLOT;
    let names: Vec<(String, String)> = sim
        .instances()
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    let rows_bottom = TOP + ROW * names.len() as f64;
    let height = rows_bottom + BOTTOM;
    let in_window = |s: i64, e: i64| (e as f64) >= w0 && (s as f64) <= w1;

    // Bars of one status that overlap or touch are one rectangle, so a path stays short and a
    // day of `rate(1m)` is one bar a row; runs that never started are glyphs.
    let min_ms = (MIN_BAR / PLOT * wspan).ceil() as i64;
    let mut bars = Vec::new();
    let mut drawn: Vec<&'static str> = Vec::new();
    for row in 0..names.len() {
        let y = TOP + ROW * row as f64 + 4.0;
        for (status, spans) in sim.bars_at(row, until, min_ms) {
            let mut d = String::new();
            for (s, e) in spans.into_iter().filter(|(s, e)| in_window(*s, *e)) {
                push_bar(&mut d, (x(s as f64), x(e as f64)), y);
            }
            if d.is_empty() {
                continue;
            }
            if !drawn.contains(&status) {
                drawn.push(status);
            }
            let tex = status_named(status).and_then(texture);
            bars.push((status_class("bar", status), d.clone()));
            if let Some(tex) = tex {
                bars.push((AttrValue::from(tex), d));
            }
        }
        if sim.run_count_at(row, until) <= GLYPH_RUNS {
            let mut glyphs: Vec<(&'static str, String)> = Vec::new();
            for r in sim.runs_at(row, until).filter(|r| r.start_ms.is_none()) {
                let (at, _) = run_span(&r, until, call);
                if !in_window(at, at) {
                    continue;
                }
                let i = match glyphs.iter().position(|(s, _)| *s == r.status) {
                    Some(i) => i,
                    None => {
                        glyphs.push((r.status, String::new()));
                        glyphs.len() - 1
                    }
                };
                push_glyph(&mut glyphs[i].1, x(at as f64), y + (ROW - 8.0) / 2.0);
            }
            for (status, d) in glyphs {
                if !drawn.contains(&status) {
                    drawn.push(status);
                }
                bars.push((status_class("glyph", status), d));
            }
        }
    }

    // The fires as one path of vertical ticks, one per unit at most, none after a stop.
    let event_ms = |e: &Value| api::input::time_ms(&text(&e["at"]), "at").ok();
    let stopped_ms = props
        .events
        .iter()
        .filter(|e| e["action"] == "StopInvocation")
        .filter_map(event_ms)
        .filter(|at| *at <= until)
        .min()
        .unwrap_or(i64::MAX);
    let mut fire_ticks = String::new();
    let mut last_tick = None;
    for t in sim.fires_until(until.min(stopped_ms)) {
        let t = *t as f64;
        if t < w0 || t > w1 {
            continue;
        }
        let at = x(t).round() as i64;
        if last_tick.replace(at) != Some(at) {
            fire_ticks.push('M');
            push_tenths(&mut fire_ticks, x(t));
            fire_ticks.push(' ');
            push_tenths(&mut fire_ticks, AXIS + 1.0);
            fire_ticks.push('V');
            push_tenths(&mut fire_ticks, TOP - 2.0);
        }
    }

    let line = |class: &str, at: f64, (y0, y1): (f64, f64), label: Option<(String, f64)>| Mark {
        class: AttrValue::from(class.to_string()),
        x: tenths(x(at)),
        y: (tenths(y0), tenths(y1)),
        label: label.map(|(text, y)| (text, tenths((x(at) + 3.0).min(WIDTH - 150.0)), tenths(y))),
    };
    let max_ticks = (PLOT / 72.0) as usize;
    let mut axis: Vec<Mark> = ticks(w0 as i64, w1 as i64, &props.zone, max_ticks)
        .into_iter()
        .map(|t| {
            let class = if t.day_start { "tick day" } else { "tick" };
            // A label that would run past the plot's right edge is left out.
            let label =
                (x(t.ms as f64) + 6.5 * t.label.len() as f64 <= WIDTH).then_some((t.label, 11.0));
            line(class, t.ms as f64, (AXIS - 3.0, rows_bottom), label)
        })
        .collect();
    axis.extend(
        offset_changes(w0 as i64, w1 as i64, &props.zone)
            .into_iter()
            .map(|c| {
                line(
                    "dst",
                    c.ms as f64,
                    (AXIS, rows_bottom),
                    Some((format!("DST {}", c.label()), height - 4.0)),
                )
            }),
    );
    let markers: Vec<Mark> = props
        .events
        .iter()
        .filter_map(|e| {
            let at = event_ms(e).filter(|at| *at <= until && in_window(*at, *at))? as f64;
            if e["action"] == "StopInvocation" {
                let label = Some(("StopInvocation".to_string(), height - 4.0));
                return Some(line("marker marker-stop", at, (AXIS, rows_bottom), label));
            }
            let row = names
                .iter()
                .position(|(id, _)| *id == text(&e["InstanceId"]))?;
            let top = TOP + ROW * row as f64;
            let label = Some(("reboot".to_string(), top + 10.0));
            Some(line("marker marker-reboot", at, (top, top + ROW), label))
        })
        .collect();

    let labels = names
        .iter()
        .enumerate()
        .map(|(row, (_, name))| {
            let y = tenths(TOP + ROW * row as f64 + ROW * 0.66);
            (name.chars().take(14).collect::<String>(), y)
        })
        .collect::<Vec<_>>();

    // The run nearest the pointer within reach, as (row, run).
    let point = {
        let selected = selected.clone();
        let sim = sim.clone();
        let svg_ref = svg_ref.clone();
        move |client_x: i32, client_y: i32| {
            let Some(el) = svg_ref.cast::<web_sys::Element>() else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let scale = WIDTH / rect.width();
            let px = (f64::from(client_x) - rect.left()) * scale;
            let py = (f64::from(client_y) - rect.top()) * scale;
            let row = ((py - TOP) / ROW).floor();
            if row < 0.0 || px < LABEL || row as usize >= sim.instances().count() {
                return;
            }
            let row = row as usize;
            if sim.run_count_at(row, until) > SCAN_RUNS {
                return;
            }
            let t = w0 + (px - LABEL) / PLOT * wspan;
            let reach = REACH / PLOT * wspan;
            let distance = |(s, e): (i64, i64)| {
                let (s, e) = (s as f64, e as f64);
                if t < s {
                    s - t
                } else if t > e {
                    t - e
                } else {
                    0.0
                }
            };
            let hit = sim
                .runs_at(row, until)
                .enumerate()
                .map(|(i, r)| (i, distance(run_span(&r, until, call))))
                .filter(|(_, d)| *d <= reach)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((run, _)) = hit {
                selected.set(Some((row, run)));
            }
        }
    };
    let on_move = {
        let point = point.clone();
        Callback::from(move |e: MouseEvent| point(e.client_x(), e.client_y()))
    };
    let on_click = Callback::from(move |e: MouseEvent| point(e.client_x(), e.client_y()));
    let on_wheel = {
        let on_view = props.on_view.clone();
        let svg_ref = svg_ref.clone();
        let shown = props.shown;
        Callback::from(move |e: WheelEvent| {
            let Some(el) = svg_ref.cast::<web_sys::Element>() else {
                return;
            };
            if e.delta_y() == 0.0 {
                return;
            }
            e.prevent_default();
            let rect = el.get_bounding_client_rect();
            let px = (f64::from(e.client_x()) - rect.left()) * WIDTH / rect.width().max(1.0);
            let anchor = (px - LABEL) / PLOT;
            let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
            on_view.emit(ViewAction::Zoom {
                shown,
                factor,
                anchor,
            });
        })
    };
    let on_key = {
        let selected = selected.clone();
        let sim = sim.clone();
        let rows = names.len();
        let on_view = props.on_view.clone();
        let shown = props.shown;
        Callback::from(move |e: KeyboardEvent| {
            let (mut row, mut run) = (*selected).unwrap_or((0, 0));
            let runs_in = |r: usize| sim.run_count_at(r, until);
            let view = |action| {
                on_view.emit(action);
            };
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
                "+" | "=" => view(ViewAction::Zoom {
                    shown,
                    factor: 0.5,
                    anchor: 0.5,
                }),
                "-" => view(ViewAction::Zoom {
                    shown,
                    factor: 2.0,
                    anchor: 0.5,
                }),
                "[" => view(ViewAction::Pan {
                    shown,
                    fraction: -0.25,
                }),
                "]" => view(ViewAction::Pan {
                    shown,
                    fraction: 0.25,
                }),
                "0" => view(ViewAction::Fit),
                _ => return,
            }
            e.prevent_default();
            if runs_in(row) > 0 {
                selected.set(Some((row, run)));
            }
        })
    };
    let on_focus = {
        let selected = selected.clone();
        let sim = sim.clone();
        Callback::from(move |_: FocusEvent| {
            if selected.is_none() {
                if let Some(row) = (0..rows_count(&sim)).find(|r| sim.run_count_at(*r, until) > 0) {
                    selected.set(Some((row, 0)));
                }
            }
        })
    };

    let chosen = (*selected).and_then(|(row, run)| {
        let summary = sim.runs_at(row, until).nth(run)?;
        Some((row, run_span(&summary, until, call)))
    });
    let card = (*selected).and_then(|(row, run)| {
        let (id, name) = names.get(row)?;
        Some(html! {
            <RunCard instance={format!("{name} ({id})")} run={(run, sim.run_count_at(row, until))}
                detail={sim.run_at(row, run, until)?} zone={props.zone.clone()} />
        })
    });
    let cursor_x = tenths(x(until as f64));
    html! {
        <div class="timeline">
            <div class="timeline-scroll">
                <svg id="timeline" ref={svg_ref} viewBox={format!("0 0 {} {}", tenths(WIDTH), tenths(height))} role="img" tabindex="0"
                     aria-label={format!("Timeline of {} instance(s); arrow keys choose a run, + and - zoom, [ and ] pan, 0 fits", names.len())}
                     onmousemove={on_move} onclick={on_click} onwheel={on_wheel} onkeydown={on_key} onfocus={on_focus}>
                    <TimelinePlot {labels} {axis} ticks={fire_ticks} {bars} {markers} />
                    <line class="cursor" x1={cursor_x.clone()} x2={cursor_x} y1={tenths(AXIS)} y2={tenths(rows_bottom)} />
                    if let Some((row, (s, e))) = chosen {
                        <rect class="selected-run" x={tenths(x(s as f64) - 7.0)}
                            y={tenths(TOP + ROW * row as f64 + 1.0)}
                            width={tenths((x(e as f64) - x(s as f64)).max(0.0) + 14.0)}
                            height={tenths(ROW - 2.0)} />
                    }
                </svg>
            </div>
            <TimelineLegend {drawn} />
            <div class="run-details" id="run-details" aria-live="polite">
                { card.unwrap_or_else(|| html! {
                    <p class="muted">{ "Point at a bar or a glyph (or tap it), or focus the timeline and use the arrow keys, to see a run." }</p>
                }) }
            </div>
        </div>
    }
}

fn rows_count(sim: &api::Simulated) -> usize {
    sim.instances().count()
}

/// The browser's IANA zone name, if it tells one.
pub fn browser_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .dyn_into::<js_sys::JsString>()
        .ok()
        .map(String::from)
}
