//! The Executions panel: a Gantt-style timeline of the simulated runs, virtual-time playback,
//! StopInvocation and "reboot instance" actions, the overall status, and the live Describe*
//! responses at the cursor's instant.
//!
//! The request is simulated once to the end of the window ([`api::Simulated`]) and read at the
//! cursor, so playback steps simulate nothing (a reading at an instant equals a simulation to
//! that instant: `tests/api_simulated.rs`). When the whole window cannot be simulated (more
//! runs than one simulation may hold), it is simulated to the cursor instead, as before.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::copy_button::CopyButton;
use super::evaluation::{text, ReadWorld, Shared};
use super::instance_select::InstanceSelect;
use super::instance_status_table::{InstanceStatusRow, InstanceStatusTable};
use super::markup::{api_error_line, whole};
use super::state::{Action, Playback};
use super::timeline::Timeline;
use crate::api;
use crate::api::error::{Failure, InputError};
use crate::sim::world::World;

/// Properties of [`ExecutionsPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct ExecutionsPanelProps {
    /// The request, as read and validated by the evaluation of the same edit (against `world`).
    pub(crate) checked: Shared<api::Checked>,
    /// The world, as read once by `evaluation::read_world`.
    pub(crate) world: ReadWorld,
    /// The call's instant (RFC 3339).
    pub(crate) now: String,
    /// Playback state.
    pub(crate) playback: Playback,
    /// User actions.
    pub(crate) events: Vec<Value>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

const WINDOWS: [(i64, &str); 7] = [
    (60, "1 minute"),
    (120, "2 minutes"),
    (600, "10 minutes"),
    (3600, "1 hour"),
    (6 * 3600, "6 hours"),
    (86_400, "1 day"),
    (7 * 86_400, "1 week"),
];
const SPEEDS: [u32; 4] = [1, 10, 100, 1000];
const TICK_MS: u32 = 100;

/// RFC 3339 of `now` plus `seconds` (floored to the millisecond); `now` itself when it is not
/// an RFC 3339 time (the simulation then reports it).
fn shifted(now: &str, seconds: f64) -> String {
    match api::input::time_ms(now, "now") {
        Ok(base) => api::input::iso(base.saturating_add((seconds * 1000.0).floor() as i64)),
        Err(_) => now.to_string(),
    }
}

/// The executions panel.
#[function_component(ExecutionsPanel)]
pub(crate) fn executions_panel(props: &ExecutionsPanelProps) -> Html {
    let reboot_target = use_state(String::new);
    // Whether the DescribeInvocations / DescribeInvocationResults sections are open.
    let describe_open = use_state(|| (false, false));
    {
        let on_action = props.on_action.clone();
        use_effect_with(props.playback.playing, move |playing| {
            let interval = playing.then(|| {
                Interval::new(TICK_MS, move || {
                    on_action.emit(Action::Tick(f64::from(TICK_MS)))
                })
            });
            move || drop(interval)
        });
    }
    let pb = &props.playback;
    let until = shifted(&props.now, pb.cursor_s);
    let window_end = shifted(&props.now, pb.window_s as f64);
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
    let window_sim = use_memo(
        (
            props.checked.clone(),
            props.world.clone(),
            props.now.clone(),
            window_end,
            props.events.clone(),
        ),
        |(checked, world, now, end, events)| simulate_to(checked, world, now, end, events),
    );
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
        .unwrap_or_default();
    let read_sim = sim.as_ref().ok().map(|s| Shared(s.clone()));
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

    let on_window = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(w) = select.value().parse() {
                on_action.emit(Action::SetWindow(w));
            }
        })
    };
    let on_speed = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(s) = select.value().parse() {
                on_action.emit(Action::SetSpeed(s));
            }
        })
    };
    let on_cursor = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // The browser reads the number: Rust's float parser (and its tables) stays out of
            // the wasm.
            let s = input.value_as_number();
            if s.is_finite() {
                on_action.emit(Action::SetCursor(s));
            }
        })
    };
    let on_play = {
        let on_action = props.on_action.clone();
        let playing = pb.playing;
        Callback::from(move |_| on_action.emit(Action::SetPlaying(!playing)))
    };
    let on_step = {
        let on_action = props.on_action.clone();
        let cursor = pb.cursor_s;
        let step = (pb.window_s as f64 / 100.0).max(1.0);
        Callback::from(move |_| on_action.emit(Action::SetCursor(cursor + step)))
    };
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

    let ids: Vec<String> = sim
        .as_ref()
        .map(|s| s.instances().map(|(id, _)| id.to_string()).collect())
        .unwrap_or_default();
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

    let controls = html! {
        <div class="playback" role="group" aria-label="Virtual time">
            <label for="exec-window">{ "Window" }</label>
            <select id="exec-window" onchange={on_window}>
                { for WINDOWS.iter().map(|(s, label)| html! { <option value={s.to_string()} selected={*s == pb.window_s}>{ *label }</option> }) }
            </select>
            <button type="button" id="play-button" onclick={on_play} aria-pressed={pb.playing.to_string()}>
                { if pb.playing { "Pause" } else { "Play" } }
            </button>
            <button type="button" id="step-button" onclick={on_step}>{ "Step" }</button>
            <label for="exec-speed">{ "Speed" }</label>
            <select id="exec-speed" onchange={on_speed}>
                { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == pb.speed}>{ format!("×{s}") }</option> }) }
            </select>
            <label for="exec-cursor" class="cursor-label">{ format!("t = +{} s", whole(pb.cursor_s)) }</label>
            <input type="range" id="exec-cursor" min="0" max={pb.window_s.to_string()} step="1"
                value={whole(pb.cursor_s)} oninput={on_cursor} />
        </div>
    };

    let body = match (&sim, &*overall) {
        (Err(e), _) => api_error_line("Nothing runs: ", &e.answer()["error"]),
        (Ok(_), None) => html! {},
        (Ok(sim), Some(overall)) => {
            let shown = |open: bool, body: fn(&api::Responses) -> &Value| {
                let responses = responses.as_ref().as_ref().filter(|_| open)?;
                serde_json::to_string_pretty(body(responses)).ok()
            };
            let di = shown(open.0, |r| &r.describe_invocations);
            let dr = shown(open.1, |r| &r.describe_invocation_results);
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
                <Timeline simulation={Shared(sim.clone())} until_ms={until_ms} window_s={pb.window_s} />
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
