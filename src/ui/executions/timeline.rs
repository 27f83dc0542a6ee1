//! The Gantt-style SVG timeline: a sticky head (time axis in the chosen zone, fire ticks, a
//! summary row of status counts over time) over one row per instance, with bars coloured and
//! textured by status, glyphs for runs without duration, skipped-fire crosses, a density strip
//! per row when zoomed out, DST, StopInvocation and reboot markers and a cursor line; row
//! filters and grouping, a legend, and the card of the run (or skipped fire) under the pointer
//! or chosen with the keyboard.
//!
//! Each row is read in the window only: its columns settle once per window
//! ([`super::timeline_settled::use_settled`]) and each cursor instant re-reads the columns still
//! changing ([`timeline_rows::row_from`]), so zoom, pan and playback cost what the window
//! holds, not what was simulated; only the chosen run's full fields are built
//! ([`api::Simulated::run_at`]).

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::marks::class_path;
use super::run_card::RunCard;
use super::timeline_filter::TimelineFilter;
use super::timeline_legend::TimelineLegend;
use super::timeline_paths::{row_paths, summary_paths, Band, MIN_BAR};
use super::timeline_plot::{Mark, TimelinePlot};
use super::timeline_settled::use_settled;
use super::timeline_skipped_card::skipped_fire_card;
use super::timeline_width::{scroll_into_view_soon, use_geometry};
use crate::api;
use crate::api::timeline_axis::{offset_changes, ticks};
use crate::api::timeline_rows::{self, FilterChange, Frame, RowFilter, RowKey};
use crate::api::timeline_view::{ViewAction, Window};
use crate::sim::schedule::ScheduleZone;
use crate::ui::evaluation::{text, Shared};
use crate::ui::markup::{push_tenths, tenths};

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
    /// Each instance's tags as `key=value`, joined with spaces (in the simulation's order).
    pub tags: Rc<Vec<String>>,
    /// Zooms and pans.
    pub on_view: Callback<ViewAction>,
}

/// The density strip's columns (3 units each).
const COLUMNS: usize = 168;
/// The axis labels' band.
const AXIS: f64 = 16.0;
/// The fire ticks' band, below the axis.
const FIRES: f64 = 12.0;
/// The summary row's band, below the fire ticks (with more than one instance).
const SUMMARY: f64 = 24.0;
const ROW: f64 = 24.0;
/// The band for DST and StopInvocation labels below the rows.
const BOTTOM: f64 = 16.0;
/// The pointer's reach around a run or a skipped fire (SVG units).
const REACH: f64 = 6.0;

/// The row filter as a yew reducer (its rules are [`RowFilter::apply`]'s).
#[derive(Default, PartialEq)]
struct FilterState(RowFilter);

impl Reducible for FilterState {
    type Action = FilterChange;

    fn reduce(self: Rc<Self>, change: FilterChange) -> Rc<Self> {
        Rc::new(FilterState(self.0.apply(change)))
    }
}

/// What the card shows: a run (its instance's index and its index there) or a skipped fire.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Pick {
    Run(usize, usize),
    Skipped(usize, i64),
}

/// The timeline.
#[function_component(Timeline)]
pub(crate) fn timeline(props: &TimelineProps) -> Html {
    let picked = use_state(|| None::<Pick>);
    let filter = use_reducer(FilterState::default);
    let body_ref = use_node_ref();
    let scroll_ref = use_node_ref();
    let card_ref = use_node_ref();
    // The card's scroll into view after a click, pending or done.
    let scroll = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let g = use_geometry(scroll_ref.clone());
    let pointers = use_mut_ref(Vec::<Pointer>::new);
    let sim = props.simulation.0.clone();
    let until = props.until_ms;
    let call = sim.start_ms();
    let w0 = call as f64 + props.shown.start_s * 1000.0;
    let wspan = props.shown.span_s.max(1.0) * 1000.0;
    let w1 = w0 + wspan;
    let x = move |ms: f64| g.label + ((ms - w0) / wspan).clamp(0.0, 1.0) * g.plot;
    let column_x = |c: usize| g.label + c as f64 / COLUMNS as f64 * g.plot;
    let frame = Frame {
        from_ms: w0 as i64,
        to_ms: w1 as i64,
        until_ms: until,
        columns: COLUMNS,
    };
    let min_ms = (MIN_BAR / g.plot * wspan).ceil() as i64;
    // Once per window (a task later after an edit): each row's columns as they settle; then
    // per cursor instant only the columns still changing are read again.
    let (settled, _) = use_settled(&props.simulation, frame);
    let rows = use_memo(
        (props.simulation.clone(), Shared(settled), frame, min_ms),
        |(sim, settled, frame, min_ms)| {
            (0..sim.0.instances().count())
                .map(|i| {
                    let Some(track) = sim.0.track(i) else {
                        return Default::default();
                    };
                    let none = timeline_rows::Settled::default();
                    let settled = settled.0.get(i).unwrap_or(&none);
                    timeline_rows::row_from(track, settled, frame, *min_ms)
                })
                .collect::<Vec<_>>()
        },
    );
    let names: Vec<(String, String)> = sim
        .instances()
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    let statuses: Vec<&'static str> = (0..names.len())
        .map(|i| sim.status_at(i, until).unwrap_or_default())
        .collect();
    let keys: Vec<RowKey<'_>> = names
        .iter()
        .enumerate()
        .map(|(i, (id, name))| RowKey {
            id,
            name,
            status: statuses[i],
            tags: props.tags.get(i).map_or("", String::as_str),
        })
        .collect();
    let order = timeline_rows::row_order(&keys, &filter.0);
    let summary_h = if names.len() > 1 { SUMMARY } else { 0.0 };
    let head_h = AXIS + FIRES + 2.0 + summary_h;
    let rows_bottom = ROW * order.len() as f64;
    let height = rows_bottom + BOTTOM;

    let mut bars = Vec::new();
    let mut drawn: Vec<&'static str> = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        let band = Band {
            y: ROW * pos as f64 + 4.0,
            height: ROW - 8.0,
            x: &x,
            column_x: &column_x,
        };
        row_paths(&rows[i], &band, &mut bars, &mut drawn);
    }
    let cells: Vec<&[timeline_rows::Cell]> =
        order.iter().map(|i| rows[*i].cells.as_slice()).collect();
    let summary = if summary_h > 0.0 {
        let band = Band {
            y: AXIS + FIRES + 4.0,
            height: SUMMARY - 4.0,
            x: &x,
            column_x: &column_x,
        };
        summary_paths(&timeline_rows::summary(&cells, COLUMNS), order.len(), &band)
    } else {
        Vec::new()
    };

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
    let fires = sim.fires_until(until.min(stopped_ms).min(w1 as i64));
    let mut fire_ticks = String::new();
    let mut last_tick = None;
    for t in &fires[fires.partition_point(|f| (*f as f64) < w0)..] {
        let at = x(*t as f64);
        if last_tick.replace(at.round() as i64) != Some(at.round() as i64) {
            fire_ticks.push('M');
            push_tenths(&mut fire_ticks, at);
            fire_ticks.push(' ');
            push_tenths(&mut fire_ticks, AXIS + 1.0);
            fire_ticks.push('V');
            push_tenths(&mut fire_ticks, AXIS + FIRES);
        }
    }

    let line =
        |class: &str, at: f64, (y0, y1): (f64, f64), label: Option<(String, f64, f64)>| Mark {
            class: AttrValue::from(class.to_string()),
            x: tenths(x(at)),
            y: (tenths(y0), tenths(y1)),
            label: label.map(|(text, lx, y)| (text, tenths(lx), tenths(y))),
        };
    let axis_ticks = ticks(
        w0 as i64,
        w1 as i64,
        &props.zone,
        (g.plot / (11.0 * g.char_width)) as usize,
    );
    // Labels that would run past the plot's right edge or into the previous one are left out.
    let mut label_end = f64::MIN;
    let head_marks: Vec<Mark> = axis_ticks
        .iter()
        .map(|t| {
            let class = if t.day_start { "tick day" } else { "tick" };
            let at = x(t.ms as f64);
            let width = g.char_width * t.label.chars().count() as f64;
            let fits = at + 3.0 >= label_end + 6.0 && at + 3.0 + width <= g.width;
            if fits {
                label_end = at + 3.0 + width;
            }
            let label = fits.then(|| (t.label.clone(), at + 3.0, 11.0));
            line(class, t.ms as f64, (AXIS - 3.0, head_h), label)
        })
        .collect();
    let mut grid: Vec<Mark> = axis_ticks
        .iter()
        .map(|t| {
            let class = if t.day_start { "tick day" } else { "tick" };
            line(class, t.ms as f64, (0.0, rows_bottom), None)
        })
        .collect();
    let pinned = |at: f64| (x(at) + 3.0).min(g.width - 23.0 * g.char_width);
    grid.extend(
        offset_changes(w0 as i64, w1 as i64, &props.zone)
            .into_iter()
            .map(|c| {
                let label = Some((
                    format!("DST {}", c.label()),
                    pinned(c.ms as f64),
                    height - 4.0,
                ));
                line("dst", c.ms as f64, (0.0, rows_bottom), label)
            }),
    );
    let markers: Vec<Mark> = props
        .events
        .iter()
        .filter_map(|e| {
            let at = event_ms(e)
                .filter(|at| *at <= until && (*at as f64) >= w0 && (*at as f64) <= w1)?
                as f64;
            if e["action"] == "StopInvocation" {
                let label = Some(("StopInvocation".to_string(), pinned(at), height - 4.0));
                return Some(line("marker marker-stop", at, (0.0, rows_bottom), label));
            }
            let i = names
                .iter()
                .position(|(id, _)| *id == text(&e["InstanceId"]))?;
            let top = ROW * order.iter().position(|r| *r == i)? as f64;
            let label = Some(("reboot".to_string(), pinned(at), top + 10.0));
            Some(line("marker marker-reboot", at, (top, top + ROW), label))
        })
        .collect();

    let labels = order
        .iter()
        .enumerate()
        .map(|(pos, i)| {
            let y = tenths(ROW * pos as f64 + ROW * 0.66);
            (g.row_label(&names[*i].1), y)
        })
        .collect::<Vec<_>>();

    // The run or skipped fire nearest the pointer within reach.
    let point = {
        let picked = picked.clone();
        let sim = sim.clone();
        let body_ref = body_ref.clone();
        let rows = rows.clone();
        let order = order.clone();
        move |client_x: i32, client_y: i32| {
            let Some(el) = body_ref.cast::<web_sys::Element>() else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let scale = g.width / rect.width();
            let px = (f64::from(client_x) - rect.left()) * scale;
            let py = (f64::from(client_y) - rect.top()) * scale;
            let pos = (py / ROW).floor();
            if pos < 0.0 || px < g.label {
                return;
            }
            let Some(&i) = order.get(pos as usize) else {
                return;
            };
            let t = w0 + (px - g.label) / g.plot * wspan;
            let reach = REACH / g.plot * wspan;
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
            let skipped = rows[i]
                .skipped
                .iter()
                .map(|s| (s.at_ms, distance((s.at_ms, s.at_ms))))
                .filter(|(_, d)| *d <= reach)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let Some(track) = sim.track(i) else {
                return;
            };
            let run = timeline_rows::runs_in(track, &frame)
                .filter_map(|r| Some((r, track.run_brief(r)?)))
                .map(|(r, b)| (r, distance(timeline_rows::span_of(&b, until))))
                .filter(|(_, d)| *d <= reach)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            // A skipped fire happens while a run goes on (or the instance is down): within
            // reach of its cross, the cross wins.
            match (run, skipped) {
                (_, Some((at, _))) => picked.set(Some(Pick::Skipped(i, at))),
                (Some((r, _)), None) => picked.set(Some(Pick::Run(i, r))),
                (None, None) => {}
            }
        }
    };
    let on_move = {
        let point = point.clone();
        Callback::from(move |e: MouseEvent| point(e.client_x(), e.client_y()))
    };
    let on_click = {
        let card_ref = card_ref.clone();
        Callback::from(move |e: MouseEvent| {
            point(e.client_x(), e.client_y());
            *scroll.borrow_mut() = Some(scroll_into_view_soon(card_ref.clone()));
        })
    };
    let anchor_of = {
        let body_ref = body_ref.clone();
        move |client_x: f64| {
            let el = body_ref.cast::<web_sys::Element>()?;
            let rect = el.get_bounding_client_rect();
            let px = (client_x - rect.left()) * g.width / rect.width().max(1.0);
            Some((px - g.label) / g.plot)
        }
    };
    let on_wheel = {
        let on_view = props.on_view.clone();
        let anchor_of = anchor_of.clone();
        let shown = props.shown;
        Callback::from(move |e: WheelEvent| {
            if e.delta_y() == 0.0 {
                return;
            }
            let Some(anchor) = anchor_of(f64::from(e.client_x())) else {
                return;
            };
            e.prevent_default();
            let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
            on_view.emit(ViewAction::Zoom {
                shown,
                factor,
                anchor,
            });
        })
    };
    let pinch = pinch_handlers(pointers, props.on_view.clone(), props.shown, anchor_of);
    let on_key = {
        let picked = picked.clone();
        let sim = sim.clone();
        let order = order.clone();
        let on_view = props.on_view.clone();
        let shown = props.shown;
        Callback::from(move |e: KeyboardEvent| {
            let (mut pos, mut run) = match *picked {
                Some(Pick::Run(i, r)) => (order.iter().position(|o| *o == i).unwrap_or(0), r),
                Some(Pick::Skipped(i, _)) => (order.iter().position(|o| *o == i).unwrap_or(0), 0),
                None => (0, 0),
            };
            let runs_in = |pos: usize| order.get(pos).map_or(0, |i| sim.run_count_at(*i, until));
            let view = |action| on_view.emit(action);
            match e.key().as_str() {
                "ArrowRight" => run = (run + 1).min(runs_in(pos).saturating_sub(1)),
                "ArrowLeft" => run = run.saturating_sub(1),
                "ArrowDown" => {
                    pos = (pos + 1).min(order.len().saturating_sub(1));
                    run = run.min(runs_in(pos).saturating_sub(1));
                }
                "ArrowUp" => {
                    pos = pos.saturating_sub(1);
                    run = run.min(runs_in(pos).saturating_sub(1));
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
            if runs_in(pos) > 0 {
                if let Some(i) = order.get(pos) {
                    picked.set(Some(Pick::Run(*i, run)));
                }
            }
        })
    };
    let on_focus = {
        let picked = picked.clone();
        let sim = sim.clone();
        let order = order.clone();
        Callback::from(move |_: FocusEvent| {
            if picked.is_none() {
                if let Some(i) = order.iter().find(|i| sim.run_count_at(**i, until) > 0) {
                    picked.set(Some(Pick::Run(*i, 0)));
                }
            }
        })
    };

    let position = |i: usize| order.iter().position(|o| *o == i);
    let highlight = (*picked).and_then(|p| {
        let (i, (s, e)) = match p {
            Pick::Run(i, r) => {
                let brief = sim.track(i)?.run_brief(r)?;
                (i, timeline_rows::span_of(&brief, until))
            }
            Pick::Skipped(i, at) => (i, (at, at)),
        };
        Some((position(i)?, (s, e)))
    });
    let instance = |i: usize| names.get(i).map(|(id, name)| format!("{name} ({id})"));
    let card = (*picked).and_then(|p| match p {
        Pick::Run(i, r) => Some(html! {
            <RunCard instance={instance(i)?} run={(r, sim.run_count_at(i, until))}
                detail={sim.run_at(i, r, until)?} zone={props.zone.clone()} />
        }),
        Pick::Skipped(i, at) => Some(skipped_fire_card(
            instance(i)?,
            at,
            timeline_rows::skip_reason(sim.track(i)?, at),
            &props.zone,
        )),
    });
    let on_filter = {
        let filter = filter.dispatcher();
        Callback::from(move |change: FilterChange| filter.dispatch(change))
    };
    let cursor_x = tenths(x(until as f64));
    let many = names.len() > 1;
    html! {
        <div class="timeline">
            if many {
                <TimelineFilter filter={filter.0.clone()} shown={(order.len(), names.len())} on_change={on_filter} />
            }
            <div class="timeline-scroll" ref={scroll_ref}>
                <div id="timeline" class={if g.narrow { "timeline-plot narrow" } else { "timeline-plot" }} tabindex="0" role="group"
                     aria-label={format!("Timeline of {} instance(s); arrow keys choose a run, + and - zoom, [ and ] pan, 0 fits", names.len())}
                     onkeydown={on_key} onfocus={on_focus}>
                    <svg class="timeline-head" viewBox={format!("0 0 {} {}", tenths(g.width), tenths(head_h))} aria-hidden="true">
                        { for head_marks.iter().map(mark) }
                        if !fire_ticks.is_empty() { <path class="fire" d={fire_ticks} /> }
                        if many {
                            <text class="summary-label" x="4" y={tenths(AXIS + FIRES + SUMMARY * 0.66)}>{ "all" }</text>
                            <g id="timeline-summary">{ for summary.into_iter().map(|(c, d)| class_path(c, d)) }</g>
                        }
                        <line class="cursor" x1={cursor_x.clone()} x2={cursor_x.clone()} y1={tenths(AXIS)} y2={tenths(head_h)} />
                    </svg>
                    <svg class="timeline-body" ref={body_ref} viewBox={format!("0 0 {} {}", tenths(g.width), tenths(height))} role="img"
                         aria-label="Runs per instance"
                         onmousemove={on_move} onclick={on_click} onwheel={on_wheel}
                         onpointerdown={pinch.0} onpointermove={pinch.1} onpointerup={pinch.2.clone()} onpointercancel={pinch.2}>
                        <TimelinePlot {labels} axis={grid} ticks={String::new()} {bars} {markers} />
                        <line class="cursor" x1={cursor_x.clone()} x2={cursor_x} y1="0" y2={tenths(rows_bottom)} />
                        if let Some((pos, (s, e))) = highlight {
                            <rect class="selected-run" x={tenths(x(s as f64) - 7.0)}
                                y={tenths(ROW * pos as f64 + 1.0)}
                                width={tenths((x(e as f64) - x(s as f64)).max(0.0) + 14.0)}
                                height={tenths(ROW - 2.0)} />
                        }
                    </svg>
                </div>
            </div>
            <TimelineLegend {drawn} />
            <div class="run-details" id="run-details" ref={card_ref} aria-live="polite">
                { card.unwrap_or_else(|| html! {
                    <p class="muted">{ "Point at a bar, a glyph or a skipped fire (×) (or tap it), or focus the timeline and use the arrow keys, to see a run." }</p>
                }) }
            </div>
        </div>
    }
}

fn mark(m: &Mark) -> Html {
    super::timeline_plot::mark(m)
}

/// A pointer down on the plot: its id and client position.
type Pointer = (i32, (f64, f64));

type PointerCallbacks = (
    Callback<PointerEvent>,
    Callback<PointerEvent>,
    Callback<PointerEvent>,
);

/// Pinch zoom: with two pointers down, the change of their distance zooms around their middle.
fn pinch_handlers(
    pointers: Rc<RefCell<Vec<Pointer>>>,
    on_view: Callback<ViewAction>,
    shown: Window,
    anchor_of: impl Fn(f64) -> Option<f64> + 'static,
) -> PointerCallbacks {
    let down = {
        let pointers = pointers.clone();
        Callback::from(move |e: PointerEvent| {
            let mut pointers = pointers.borrow_mut();
            pointers.retain(|p| p.0 != e.pointer_id());
            pointers.push((
                e.pointer_id(),
                (f64::from(e.client_x()), f64::from(e.client_y())),
            ));
        })
    };
    let up = {
        let pointers = pointers.clone();
        Callback::from(move |e: PointerEvent| {
            pointers.borrow_mut().retain(|p| p.0 != e.pointer_id());
        })
    };
    let moved = Callback::from(move |e: PointerEvent| {
        let mut pointers = pointers.borrow_mut();
        let Some(before) = two_apart(&pointers) else {
            return;
        };
        let at = (f64::from(e.client_x()), f64::from(e.client_y()));
        match pointers.iter_mut().find(|p| p.0 == e.pointer_id()) {
            Some(p) => p.1 = at,
            None => return,
        }
        let Some(after) = two_apart(&pointers) else {
            return;
        };
        if before.0 <= 1.0 || after.0 <= 1.0 || (after.0 / before.0 - 1.0).abs() < 0.01 {
            return;
        }
        let Some(anchor) = anchor_of(after.1) else {
            return;
        };
        e.prevent_default();
        on_view.emit(ViewAction::Zoom {
            shown,
            factor: before.0 / after.0,
            anchor,
        });
    });
    (down, moved, up)
}

/// The distance between the first two pointers down and their middle's `x`.
fn two_apart(pointers: &[Pointer]) -> Option<(f64, f64)> {
    let mut it = pointers.iter().map(|p| &p.1);
    let (a, b) = (it.next()?, it.next()?);
    Some((
        ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).sqrt(),
        (a.0 + b.0) / 2.0,
    ))
}

/// The browser's IANA zone name, if it tells one; read once per page (an `Intl` call is too
/// costly for every edit).
pub fn browser_zone() -> Option<String> {
    static ZONE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    ZONE.get_or_init(read_browser_zone).clone()
}

fn read_browser_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .dyn_into::<js_sys::JsString>()
        .ok()
        .map(String::from)
}
