//! Embedding: the iframe form (`index.html?embed=1&panels=…#<state>`) — its panels and its
//! messages to and from the parent page. In-page widgets are mounted by [`super::mount_widget`].

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{Action, Snapshot};

/// The message type an embed posts to its parent with its height.
pub const HEIGHT_MESSAGE: &str = "runcommand-playground:height";
/// The message type a parent posts to give an embed its state.
pub(crate) const STATE_MESSAGE: &str = "runcommand-playground:state";

/// The panels shown when an embed names none.
pub(crate) const DEFAULT_PANELS: &str = "form,schedule";

/// Splits a `panels` parameter (`form,schedule`).
pub(crate) fn parse_panels(text: &str) -> Vec<String> {
    let panels: Vec<String> = text
        .split(',')
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    if panels.is_empty() {
        DEFAULT_PANELS.split(',').map(str::to_string).collect()
    } else {
        panels
    }
}

/// The query parameter `name` of the page's address.
pub(crate) fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(height) = window
        .document()
        .and_then(|d| d.document_element())
        .map(|e| e.scroll_height())
    else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    // The height is not sensitive, so any parent may read it.
    let _ = parent.post_message(&message, "*");
}

/// The origins an iframe embed accepts a state from: its own, and `?parentOrigin=`.
fn allowed_origin(origin: &str) -> bool {
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    origin == own || query_param("parentOrigin").is_some_and(|o| o == origin)
}

/// In an iframe embed: posts the page height after each render and takes
/// `{type: "runcommand-playground:state", request, now?}` messages from an allowed origin
/// (anything else is ignored).
#[hook]
pub(crate) fn use_iframe_bridge(enabled: bool, dispatch: Callback<Action>) {
    use_effect(move || {
        if enabled {
            post_height();
        }
    });
    use_effect_with(enabled, move |enabled| {
        let listener = enabled.then(|| {
            let closure = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    if !allowed_origin(&event.origin()) {
                        return;
                    }
                    let Ok(text) = js_sys::JSON::stringify(&event.data()) else {
                        return;
                    };
                    let Ok(message) = serde_json::from_str::<Value>(&String::from(text)) else {
                        return;
                    };
                    if message["type"] != STATE_MESSAGE || !message["request"].is_object() {
                        return;
                    }
                    dispatch.emit(Action::LoadSnapshot(Snapshot {
                        request: Rc::new(message["request"].clone()),
                        world: message
                            .get("world")
                            .filter(|w| w.is_object())
                            .cloned()
                            .map(std::rc::Rc::new),
                        now: message["now"].as_str().map(str::to_string),
                        tab: String::new(),
                    }));
                },
            );
            if let Some(window) = web_sys::window() {
                let _ = window
                    .add_event_listener_with_callback("message", closure.as_ref().unchecked_ref());
            }
            closure
        });
        move || {
            if let (Some(closure), Some(window)) = (listener, web_sys::window()) {
                let _ = window.remove_event_listener_with_callback(
                    "message",
                    closure.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
