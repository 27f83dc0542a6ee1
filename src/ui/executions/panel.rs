//! The Executions panel: a Gantt-style timeline of the simulated runs, virtual-time playback,
//! StopInvocation and "reboot instance" actions, the overall status, and the live Describe*
//! responses at the cursor's instant.
//!
//! The request is simulated once to the end of the window ([`api::Simulated`]) and read at the
//! cursor, so playback steps simulate nothing (a reading at an instant equals a simulation to
//! that instant: `tests/api_simulated.rs`). When the whole window cannot be simulated (more
//! runs than one simulation may hold), it is simulated to the cursor instead, as before.

use std::rc::Rc;

use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::instance_select::InstanceSelect;
use super::instance_status_table::{InstanceStatusRow, InstanceStatusTable};
use super::timeline::{browser_zone, Timeline};
use super::timeline_view_state::{use_playback, use_timeline_view};
use crate::api;
use crate::api::error::{Failure, InputError};
use crate::api::timeline_axis::instant_text;
use crate::api::timeline_view::{simulation_horizon, ViewAction, Window};
use crate::sim::schedule::ScheduleZone;
use crate::sim::tz::Zone;
use crate::sim::world::World;
use crate::ui::copy_button::CopyButton;
use crate::ui::evaluation::{text, ReadWorld, Shared};
use crate::ui::markup::api_error_line;
use crate::ui::state::Action;

/// Properties of [`ExecutionsPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct ExecutionsPanelProps {
    /// The request, as read and validated by the evaluation of the same edit (against `world`).
    pub(crate) checked: Shared<api::Checked>,
    /// The world, as read once by `evaluation::read_world`.
    pub(crate) world: ReadWorld,
    /// The call's instant (RFC 3339).
    pub now: String,
    /// User actions.
    pub(crate) events: Vec<Value>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// What a simulation depends on besides its horizon.
type SimInputs = (Shared<api::Checked>, ReadWorld, String, Vec<Value>);

/// The windows offered, in seconds, up to a year.
const WINDOWS: [(i64, &str); 9] = [
    (60, "1 minute"),
    (600, "10 minutes"),
    (3600, "1 hour"),
    (6 * 3600, "6 hours"),
    (86_400, "1 day"),
    (7 * 86_400, "1 week"),
    (30 * 86_400, "30 days"),
    (91 * 86_400, "91 days"),
    (365 * 86_400, "1 year"),
];
const SPEEDS: [u32; 6] = [1, 10, 100, 1000, 10_000, 100_000];

/// Which zone the axis and the run card read in.
#[derive(Clone, Copy, PartialEq)]
enum ZoneChoice {
    Schedule,
    Utc,
    Browser,
}

/// The executions panel.
#[function_component(ExecutionsPanel)]
pub(crate) fn executions_panel(props: &ExecutionsPanelProps) -> Html {
    let reboot_target = use_state(String::new);
    // Whether the DescribeInvocations / DescribeInvocationResults sections are open.
    let describe_open = use_state(|| (false, false));
    let view = use_timeline_view();
    let zone_choice = use_state(|| ZoneChoice::Schedule);
    let now_ms = api::input::time_ms(&props.now, "now").unwrap_or_default();
    let fit = use_memo(
        (props.checked.clone(), props.world.clone(), now_ms),
        |(checked, world, now_ms)| api::fit(&checked.0, world, *now_ms),
    );
    let chosen = view.0.chosen;
    let horizon_ms = match chosen {
        Some(w) => now_ms.saturating_add((w.end_s() * 1000.0).ceil() as i64),
        None => fit.horizon_ms,
    };
    let simulate_to = |checked: &api::Checked,
                       world: &Result<World, InputError>,
                       now: &str,
                       to: &str,
                       events: &[Value]| {
        let options = api::SimulateOptions {
            now: now.to_string(),
            events: events.to_vec(),
            ..Default::default()
        };
        api::Simulated::checked(checked, world, to, &options).map(Rc::new)
    };
    // Simulated once for these inputs, and again only when the window goes past what was.
    let simulated_to = use_mut_ref(|| None::<(SimInputs, i64)>);
    let inputs: SimInputs = (
        props.checked.clone(),
        props.world.clone(),
        props.now.clone(),
        props.events.clone(),
    );
    let needed_ms = horizon_ms;
    let horizon_ms = {
        let cell = simulated_to.borrow();
        let before = cell.as_ref().filter(|(k, _)| *k == inputs).map(|(_, h)| *h);
        let span_ms = chosen.map_or(0, |w| (w.span_s * 1000.0) as i64);
        simulation_horizon(before, needed_ms, span_ms)
    };
    let window_sim = use_memo(
        (
            props.checked.clone(),
            props.world.clone(),
            props.now.clone(),
            horizon_ms,
            props.events.clone(),
        ),
        |(checked, world, now, end, events)| {
            // The margin past the window may be more than one simulation holds: then the
            // window alone.
            simulate_to(checked, world, now, &api::input::iso(*end), events).or_else(|e| {
                if *end > needed_ms {
                    simulate_to(checked, world, now, &api::input::iso(needed_ms), events)
                } else {
                    Err(e)
                }
            })
        },
    );
    if let Ok(sim) = &*window_sim {
        *simulated_to.borrow_mut() = Some((inputs, sim.horizon_ms()));
    }
    let fitted = use_memo(
        (Shared(window_sim.clone()), fit.clone(), chosen.is_some()),
        |(sim, fit, chosen)| match (&*sim.0, chosen) {
            (Ok(sim), false) => api::fitted_window(sim, fit),
            _ => Window {
                start_s: 0.0,
                span_s: (fit.horizon_ms - now_ms) as f64 / 1000.0,
            },
        },
    );
    let shown = view.0.window(*fitted);
    let cursor_s = view.0.cursor_in(shown);
    let until = api::input::iso(now_ms.saturating_add((cursor_s * 1000.0).floor() as i64));
    use_playback(&view, shown);
    // Only when the whole window failed: the simulation to the cursor (its answer, error or
    // not, is what a simulation to the cursor gives).
    let fallback = use_memo(
        (
            Shared(window_sim.clone()),
            window_sim.is_err().then(|| until.clone()),
        ),
        |(_, to)| {
            to.as_ref()
                .map(|to| simulate_to(&props.checked, &props.world, &props.now, to, &props.events))
        },
    );
    let sim: Result<Rc<api::Simulated>, Failure> = match (&*window_sim, &*fallback) {
        (Ok(s), _) => Ok(s.clone()),
        (Err(_), Some(at_cursor)) => at_cursor.clone(),
        (Err(e), None) => Err(e.clone()),
    };
    let until_ms = api::input::time_ms(&until, "until")
        .ok()
        .or_else(|| sim.as_ref().ok().map(|s| s.start_ms()))
        .unwrap_or_default()
        .min(sim.as_ref().map_or(i64::MAX, |s| s.horizon_ms()));
    let browser = browser_zone();
    let zone = match *zone_choice {
        ZoneChoice::Schedule => fit.zone.clone(),
        ZoneChoice::Utc => ScheduleZone::Utc,
        ZoneChoice::Browser => browser
            .as_deref()
            .and_then(Zone::named)
            .map_or(ScheduleZone::Utc, ScheduleZone::Iana),
    };
    let read_sim = sim.as_ref().ok().map(|s| Shared(s.clone()));
    let ids: Vec<String> = sim
        .as_ref()
        .map(|s| s.instances().map(|(id, _)| id.to_string()).collect())
        .unwrap_or_default();
    // Keyed by the instances and the world, not the simulation: an edit of the script keeps
    // them (and the timeline's tags prop) as they were.
    let tags = use_memo(
        (ids.clone(), props.world.clone()),
        |(ids, world)| match &*world.0 {
            Ok(world) => ids
                .iter()
                .map(|id| {
                    world.instance(id).map_or_else(String::new, |i| {
                        i.tags
                            .iter()
                            .map(|t| format!("{}={}", t.key, t.value))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                })
                .collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        },
    );
    let overall = use_memo((read_sim.clone(), until_ms), |(sim, until_ms)| {
        sim.as_ref().map(|s| s.0.overall_at(*until_ms))
    });
    // The Describe* answers are written only while one of their sections is open: with 100
    // instances they are large, and writing them on every edit and tick is costly.
    let open = *describe_open;
    let responses = use_memo((read_sim, until_ms, open), |(sim, until_ms, open)| {
        sim.as_ref()
            .filter(|_| open.0 || open.1)
            .map(|s| s.0.responses_at(*until_ms))
    });

    let act = |action: ViewAction| {
        let view = view.dispatcher();
        Callback::from(move |_: MouseEvent| view.dispatch(action))
    };
    let on_view = {
        let view = view.dispatcher();
        Callback::from(move |action| view.dispatch(action))
    };
    let on_window = {
        let view = view.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            match select.value().parse::<i64>() {
                Ok(span) => view.dispatch(ViewAction::SetSpan {
                    shown,
                    span_s: span as f64,
                }),
                Err(_) => view.dispatch(ViewAction::Fit),
            }
        })
    };
    let on_zone = {
        let zone_choice = zone_choice.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            zone_choice.set(match select.value().as_str() {
                "utc" => ZoneChoice::Utc,
                "browser" => ZoneChoice::Browser,
                _ => ZoneChoice::Schedule,
            });
        })
    };
    let on_speed = {
        let view = view.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(s) = select.value().parse() {
                view.dispatch(ViewAction::SetSpeed(s));
            }
        })
    };
    let on_cursor = {
        let view = view.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // The browser reads the number: Rust's float parser (and its tables) stays out of
            // the wasm.
            let s = input.value_as_number();
            if s.is_finite() {
                view.dispatch(ViewAction::SetCursor { shown, s });
            }
        })
    };
    let playing = view.0.playing;
    let on_play = act(ViewAction::SetPlaying {
        shown,
        playing: !playing,
    });
    let on_step = act(ViewAction::SetCursor {
        shown,
        s: cursor_s + (shown.span_s / 100.0).max(1.0),
    });
    let on_stop = {
        let on_action = props.on_action.clone();
        let until = until.clone();
        Callback::from(move |_| {
            on_action.emit(Action::AddEvent(
                json!({"at": until, "action": "StopInvocation"}),
            ))
        })
    };
    let on_reboot_target = use_callback(reboot_target.setter(), |e: Event, set_target| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        set_target.set(select.value());
    });
    let on_clear = {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(Action::ClearEvents))
    };

    let target = if reboot_target.is_empty() {
        ids.first().cloned().unwrap_or_default()
    } else {
        (*reboot_target).clone()
    };
    let on_reboot = {
        let on_action = props.on_action.clone();
        let until = until.clone();
        let target = target.clone();
        Callback::from(move |_| {
            if !target.is_empty() {
                on_action.emit(Action::AddEvent(
                    json!({"at": until, "action": "RebootInstance", "InstanceId": target}),
                ));
            }
        })
    };

    let custom = chosen.is_some_and(|w| !WINDOWS.iter().any(|(s, _)| *s as f64 == w.span_s));
    let zone_name = |choice: ZoneChoice| match choice {
        ZoneChoice::Schedule => format!("Schedule zone ({})", fit.zone.name()),
        ZoneChoice::Utc => "UTC".to_string(),
        ZoneChoice::Browser => format!("Browser ({})", browser.as_deref().unwrap_or("unknown")),
    };
    let controls = html! {
        <div class="playback" role="group" aria-label="Virtual time">
            <label for="exec-window">{ "Window" }</label>
            <select id="exec-window" onchange={on_window}>
                <option value="fit" selected={chosen.is_none()}>{ "Fit the first runs" }</option>
                if custom { <option value="custom" selected=true disabled=true>{ "Zoomed" }</option> }
                { for WINDOWS.iter().map(|(s, label)| html! {
                    <option value={s.to_string()} selected={chosen.is_some_and(|w| w.span_s == *s as f64)}>{ *label }</option>
                }) }
            </select>
            <span class="zoom" role="group" aria-label="Zoom and pan">
                <button type="button" id="zoom-in" title="Zoom in (+)" aria-label="Zoom in" onclick={act(ViewAction::Zoom { shown, factor: 0.5, anchor: 0.5 })}>{ "+" }</button>
                <button type="button" id="zoom-out" title="Zoom out (-)" aria-label="Zoom out" onclick={act(ViewAction::Zoom { shown, factor: 2.0, anchor: 0.5 })}>{ "−" }</button>
                <button type="button" id="pan-left" title="Earlier ([)" aria-label="Earlier" onclick={act(ViewAction::Pan { shown, fraction: -0.5 })}>{ "◀" }</button>
                <button type="button" id="pan-right" title="Later (])" aria-label="Later" onclick={act(ViewAction::Pan { shown, fraction: 0.5 })}>{ "▶" }</button>
                <button type="button" id="zoom-fit" title="Fit the first runs (0)" onclick={act(ViewAction::Fit)}>{ "Fit" }</button>
            </span>
            <label for="timeline-zone">{ "Zone" }</label>
            <select id="timeline-zone" onchange={on_zone}>
                { for [ZoneChoice::Schedule, ZoneChoice::Utc, ZoneChoice::Browser].into_iter().zip(["schedule", "utc", "browser"]).map(|(choice, value)| html! {
                    <option value={value} selected={*zone_choice == choice}>{ zone_name(choice) }</option>
                }) }
            </select>
            <button type="button" id="play-button" onclick={on_play} aria-pressed={playing.to_string()}>
                { if playing { "Pause" } else { "Play" } }
            </button>
            <button type="button" id="step-button" onclick={on_step}>{ "Step" }</button>
            <label for="exec-speed">{ "Speed" }</label>
            <select id="exec-speed" onchange={on_speed}>
                { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == view.0.speed}>{ format!("×{s}") }</option> }) }
            </select>
            <label for="exec-cursor" class="cursor-label" id="cursor-time"
                data-offset-s={(cursor_s.round() as i64).to_string()}>{ instant_text(until_ms, &zone) }</label>
            <input type="range" id="exec-cursor" min={(shown.start_s.ceil() as i64).to_string()} max={(shown.end_s().floor() as i64).to_string()} step="1"
                value={(cursor_s.round() as i64).to_string()} oninput={on_cursor} />
        </div>
    };

    let body = match (&sim, &*overall) {
        (Err(e), _) => api_error_line("Nothing runs: ", &e.answer()["error"]),
        (Ok(_), None) => html! {},
        (Ok(sim), Some(overall)) => {
            let answer = |open: bool, body: fn(&api::Responses) -> &Value| {
                let responses = responses.as_ref().as_ref().filter(|_| open)?;
                serde_json::to_string_pretty(body(responses)).ok()
            };
            let di = answer(open.0, |r| &r.describe_invocations);
            let dr = answer(open.1, |r| &r.describe_invocation_results);
            let toggle = |second: bool| {
                let describe_open = describe_open.clone();
                Callback::from(move |e: Event| {
                    let open = e
                        .target_unchecked_into::<web_sys::Element>()
                        .has_attribute("open");
                    let (a, b) = *describe_open;
                    describe_open.set(if second { (a, open) } else { (open, b) });
                })
            };
            let rows = sim
                .instances()
                .enumerate()
                .map(|(index, (id, name))| {
                    let (exit, code) = sim.last_outcome_at(index, until_ms).unwrap_or_default();
                    let exit = exit.map(|e| e.to_string()).unwrap_or_default();
                    InstanceStatusRow {
                        instance: format!("{name} {id}"),
                        status: sim.status_at(index, until_ms).unwrap_or_default(),
                        runs: sim.run_count_at(index, until_ms),
                        last: format!("{exit} {code}"),
                    }
                })
                .collect::<Vec<_>>();
            html! {
            <>
                <p class="overall" id="overall-status" aria-live="polite">
                    { "Overall: " }<strong>{ text(&overall["InvocationStatus"]) }</strong>
                    { format!(" (legacy InvokeStatus {}) at {until}", text(&overall["InvokeStatus"])) }
                </p>
                <div class="actions" role="group" aria-label="Actions at the cursor">
                    <button type="button" id="stop-invocation" onclick={on_stop}>{ "StopInvocation now" }</button>
                    <label for="reboot-target">{ "Instance" }</label>
                    <InstanceSelect id="reboot-target" ids={ids} selected={target} onchange={on_reboot_target} />
                    <button type="button" id="reboot-instance" onclick={on_reboot}>{ "Reboot instance now" }</button>
                    if !props.events.is_empty() {
                        <button type="button" onclick={on_clear}>{ format!("Forget {} action(s)", props.events.len()) }</button>
                    }
                </div>
                <Timeline simulation={Shared(sim.clone())} until_ms={until_ms} shown={shown} zone={zone.clone()} events={props.events.clone()} tags={tags.clone()} on_view={on_view.clone()} />
                <InstanceStatusTable rows={rows} />
                <details class="describe" open={describe_open.0} ontoggle={toggle(false)}>
                    <summary>{ "DescribeInvocations at the cursor" }</summary>
                    if let Some(di) = di {
                        <CopyButton text={di.clone()} />
                        <pre class="code" id="describe-invocations">{ di }</pre>
                    }
                </details>
                <details class="describe" open={describe_open.1} ontoggle={toggle(true)}>
                    <summary>{ "DescribeInvocationResults at the cursor" }</summary>
                    if let Some(dr) = dr {
                        <CopyButton text={dr.clone()} />
                        <pre class="code" id="describe-invocation-results">{ dr }</pre>
                    }
                </details>
            </>
            }
        }
    };
    html! {
        <section class="panel" id="executions" aria-labelledby="executions-title">
            <h2 id="executions-title">{ "Executions" }</h2>
            { controls }
            { body }
        </section>
    }
}
