//! The Executions tab of the page's own build (feature `framed-executions`): a frame showing the
//! full build's Executions panel (`full.html?embed=1&panels=executions&frame=executions`), so
//! the page loads the execution engine and the timeline only when the tab is opened.
//!
//! The frame says when it is ready; the page then posts it the request, world, instant and
//! events on every change ([`EXECUTIONS_MESSAGE`]); the frame posts back its height and the
//! user's stop and reboot actions ([`EVENTS_MESSAGE`]), which the page keeps like its own.
//! Two yew apps from two wasm instances cannot share one DOM tree (each brands its elements
//! for event delegation with numbers that start at 1 in both), hence a frame.

use std::rc::Rc;

use serde_json::{json, Value};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::embed::{message_json, own_origin, post_json, EXECUTIONS_FRAME_CLASS};
use super::embed::{EVENTS_MESSAGE, EXECUTIONS_MESSAGE, FRAME_READY_MESSAGE, HEIGHT_MESSAGE};
use super::state::Action;

/// Properties of [`ExecutionsFrame`].
#[derive(Properties, PartialEq)]
pub(crate) struct ExecutionsFrameProps {
    /// The request (SDK JSON).
    pub(crate) request: Rc<Value>,
    /// The world JSON (None = the default world).
    pub(crate) world: Option<Rc<Value>>,
    /// The call's instant (RFC 3339).
    pub(crate) now: String,
    /// The user's actions so far.
    pub(crate) events: Vec<Value>,
    /// Receives `SetEvents` when the user stops or reboots in the frame.
    pub(crate) on_action: Callback<Action>,
    /// Whether the tab is shown: a hidden frame is kept, but not fed, until shown again.
    pub(crate) shown: bool,
}

/// The frame's address: the full build beside this page (the frame follows the page's theme).
const FRAME_URL: &str = "full.html?embed=1&panels=executions&frame=executions";

/// The Executions tab as a frame of the full build.
#[function_component(ExecutionsFrame)]
pub(crate) fn executions_frame(props: &ExecutionsFrameProps) -> Html {
    let frame = use_node_ref();
    let height = use_state(|| None::<f64>);
    let ready = use_state(|| false);
    let state = use_memo(
        (
            props.request.clone(),
            props.world.clone(),
            props.now.clone(),
            props.events.clone(),
        ),
        |(request, world, now, events)| {
            json!({
                "type": EXECUTIONS_MESSAGE,
                "request": **request,
                "world": world.as_deref(),
                "now": now,
                "events": events,
            })
        },
    );
    // The frame's messages: ready, its height, the user's actions.
    {
        let (frame, height, ready) = (frame.clone(), height.clone(), ready.clone());
        let (on_action, events) = (props.on_action.clone(), props.events.clone());
        use_effect_with(events, move |events| {
            let events = events.clone();
            let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    let Some(element) = frame.cast::<web_sys::HtmlIFrameElement>() else {
                        return;
                    };
                    let from_frame = element
                        .content_window()
                        .is_some_and(|w| event.source().is_some_and(|s| s == *w.as_ref()));
                    if !from_frame || event.origin() != own_origin() {
                        return;
                    }
                    let Some(mut message) = message_json(&event) else {
                        return;
                    };
                    match message["type"].as_str() {
                        Some(FRAME_READY_MESSAGE) => ready.set(true),
                        Some(HEIGHT_MESSAGE) => height.set(message["height"].as_f64()),
                        Some(EVENTS_MESSAGE) => {
                            if let Value::Array(list) = message["events"].take() {
                                if list != events {
                                    on_action.emit(Action::SetEvents(list));
                                }
                            }
                        }
                        _ => {}
                    }
                },
            );
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window
                    .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback(
                        "message",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // The page's state, once the frame is ready and on every change after, while shown.
    {
        let frame = frame.clone();
        let posted = use_mut_ref(|| None::<Rc<Value>>);
        use_effect_with(
            (state, *ready, props.shown),
            move |(state, ready, shown)| {
                let fresh = posted
                    .borrow()
                    .as_ref()
                    .is_none_or(|p| !Rc::ptr_eq(p, state));
                let target = frame
                    .cast::<web_sys::HtmlIFrameElement>()
                    .and_then(|f| f.content_window());
                if let (true, true, true, Some(target)) = (*ready, *shown, fresh, target) {
                    post_json(&target, state);
                    *posted.borrow_mut() = Some(state.clone());
                }
            },
        );
    }
    let style = height.map(|h| format!("height:{h}px"));
    html! {
        <>
            if !*ready {
                <p class="frame-loading" role="status">{ "Loading the execution simulator…" }</p>
            }
            <iframe ref={frame} class={EXECUTIONS_FRAME_CLASS} title="Executions" src={FRAME_URL} {style} />
        </>
    }
}
