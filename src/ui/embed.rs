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

/// The query parameter `name` of the page's address.
pub(crate) fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// The height of the iframe's content: the root element's box (its scroll height is never less
/// than the viewport, so an iframe could grow but never shrink).
fn content_height() -> Option<f64> {
    let root = web_sys::window()?.document()?.document_element()?;
    Some(root.get_bounding_client_rect().height().ceil())
}

fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(height) = content_height() else {
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

/// Posts the content height now and on every change of it (a panel's own state, a font load,
/// a narrower window), until dropped.
struct HeightReporter {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl HeightReporter {
    fn start() -> Option<Self> {
        let callback = Closure::<dyn FnMut()>::new(post_height);
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        let root = web_sys::window()?.document()?.document_element()?;
        observer.observe(&root);
        post_height();
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The origins an iframe embed accepts a state from: its own, and `?parentOrigin=`.
fn allowed_origin(origin: &str) -> bool {
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    origin == own || query_param("parentOrigin").is_some_and(|o| o == origin)
}

/// In an iframe embed: posts the content height whenever it changes and takes
/// `{type: "runcommand-playground:state", request, now?}` messages from an allowed origin
/// (anything else is ignored).
#[hook]
pub(crate) fn use_iframe_bridge(enabled: bool, dispatch: Callback<Action>) {
    use_effect_with(enabled, |enabled| {
        let reporter = enabled.then(HeightReporter::start).flatten();
        move || drop(reporter)
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
