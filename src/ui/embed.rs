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
/// The message type the page posts to its Executions frame on every change: `{request, world,
/// now, events}` (`executions_frame`).
pub const EXECUTIONS_MESSAGE: &str = "runcommand-playground:executions";
/// The message type an Executions frame posts when it listens.
pub const FRAME_READY_MESSAGE: &str = "runcommand-playground:frame-ready";
/// The message type an Executions frame posts with the user's actions (`{events}`).
pub const EVENTS_MESSAGE: &str = "runcommand-playground:events";

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
    // A frame hidden by its page (the Executions frame on another tab) measures 0: it keeps
    // its last height, so that it shows at once at its size again.
    let Some(height) = content_height().filter(|h| *h > 0.0) else {
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

/// This page's origin.
pub(crate) fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The origins an iframe embed accepts a state from: its own, and `?parentOrigin=`.
fn allowed_origin(origin: &str) -> bool {
    origin == own_origin() || query_param("parentOrigin").is_some_and(|o| o == origin)
}

/// Posts `message` (JSON) to the parent page, if it has this page's origin.
fn post_to_parent(message: &Value) {
    if let Some(Ok(Some(parent))) = web_sys::window().map(|w| w.parent()) {
        post_json(&parent, message);
    }
}

/// Posts `message` (JSON) to `target`, if it has this page's origin.
pub(crate) fn post_json(target: &web_sys::Window, message: &Value) {
    if let Ok(data) = js_sys::JSON::parse(&message.to_string()) {
        let _ = target.post_message(&data, &own_origin());
    }
}

/// A message's data as JSON (`None` for data JSON cannot write).
pub(crate) fn message_json(event: &web_sys::MessageEvent) -> Option<Value> {
    let text = js_sys::JSON::stringify(&event.data()).ok()?;
    serde_json::from_str(&String::from(text)).ok()
}

/// The class of the page's Executions frame (`executions_frame`).
pub(crate) const EXECUTIONS_FRAME_CLASS: &str = "executions-frame";

/// In the page's Executions frame: makes the frame as tall as this document now. The page
/// resizes it a moment later from the frame's height message, and a scroll into view before
/// that (the run card after a tap) would stop at the frame's old bottom edge.
#[cfg(not(feature = "framed-executions"))]
pub(crate) fn fit_executions_frame() {
    let Some(Ok(Some(frame))) = web_sys::window().map(|w| w.frame_element()) else {
        return;
    };
    let ours = frame
        .get_attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == EXECUTIONS_FRAME_CLASS));
    if let (true, Some(height)) = (ours, content_height()) {
        let _ = frame.set_attribute("style", &format!("height:{height}px"));
    }
}

/// The page's `<html>` element, seen from its Executions frame (same origin).
fn parent_root() -> Option<web_sys::Element> {
    web_sys::window()?
        .parent()
        .ok()??
        .document()?
        .document_element()
}

/// Copies to this page's `<html>` what the parent page's own view decides: its `data-theme`,
/// and its viewport height as `--page-height` (the frame is as tall as its content, so its own
/// `vh` would follow the content: the timeline's scroll box is sized by the page's viewport).
fn copy_from_page() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Some(parent), Some(own)) = (
        parent_root(),
        window.document().and_then(|d| d.document_element()),
    ) else {
        return;
    };
    let _ = match parent.get_attribute("data-theme") {
        Some(theme) => own.set_attribute("data-theme", &theme),
        None => own.remove_attribute("data-theme"),
    };
    if let Some(height) = window
        .parent()
        .ok()
        .flatten()
        .and_then(|p| p.inner_height().ok())
        .and_then(|h| h.as_f64())
    {
        let _ = own.set_attribute("style", &format!("--page-height:{height}px"));
    }
}

/// Follows the parent page's theme and viewport height ([`copy_from_page`]) while it lives:
/// the Executions frame.
struct PageFollower {
    observer: web_sys::MutationObserver,
    parent: web_sys::Window,
    callback: Closure<dyn FnMut()>,
}

impl PageFollower {
    fn start() -> Option<Self> {
        let root = parent_root()?;
        let parent = web_sys::window()?.parent().ok()??;
        copy_from_page();
        let callback = Closure::<dyn FnMut()>::new(copy_from_page);
        let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        let options = web_sys::MutationObserverInit::new();
        options.set_attribute_filter(&js_sys::Array::of1(&"data-theme".into()));
        observer.observe_with_options(&root, &options).ok()?;
        let _ =
            parent.add_event_listener_with_callback("resize", callback.as_ref().unchecked_ref());
        Some(Self {
            observer,
            parent,
            callback,
        })
    }
}

impl Drop for PageFollower {
    fn drop(&mut self) {
        self.observer.disconnect();
        let _ = self
            .parent
            .remove_event_listener_with_callback("resize", self.callback.as_ref().unchecked_ref());
    }
}

/// The snapshot in a parent's state message, if it has a request object.
fn snapshot_of(message: &Value) -> Option<Snapshot> {
    message["request"].is_object().then(|| Snapshot {
        request: Rc::new(message["request"].clone()),
        world: message
            .get("world")
            .filter(|w| w.is_object())
            .cloned()
            .map(Rc::new),
        now: message["now"].as_str().map(str::to_string),
        tab: String::new(),
    })
}

/// In an iframe embed: posts the content height whenever it changes and takes
/// `{type: "runcommand-playground:state", request, now?}` messages from an allowed origin
/// (anything else is ignored). As the page's Executions frame it also takes
/// `{type: "runcommand-playground:executions", request, world, now, events}`, says when it
/// listens, and posts `events` back whenever the user changes them.
#[hook]
pub(crate) fn use_iframe_bridge(
    enabled: bool,
    executions_frame: bool,
    dispatch: Callback<Action>,
    events: Vec<Value>,
) {
    use_effect_with(enabled, move |enabled| {
        let reporter = enabled.then(HeightReporter::start).flatten();
        let follower = (*enabled && executions_frame)
            .then(PageFollower::start)
            .flatten();
        move || drop((reporter, follower))
    });
    // The events the page sent last: the frame posts only the user's own changes.
    let received = use_mut_ref(|| None::<Vec<Value>>);
    {
        let received = received.clone();
        use_effect_with((enabled, events), move |(enabled, events)| {
            let from_page = received.borrow().as_ref().map(|r| r == events);
            if *enabled && executions_frame && from_page == Some(false) {
                post_to_parent(&serde_json::json!({"type": EVENTS_MESSAGE, "events": events}));
            }
        });
    }
    use_effect_with(enabled, move |enabled| {
        let listener = enabled.then(|| {
            let closure = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    if !allowed_origin(&event.origin()) {
                        return;
                    }
                    let Some(mut message) = message_json(&event) else {
                        return;
                    };
                    let Some(snapshot) = snapshot_of(&message) else {
                        return;
                    };
                    if message["type"] == STATE_MESSAGE {
                        dispatch.emit(Action::LoadSnapshot(snapshot));
                    } else if message["type"] == EXECUTIONS_MESSAGE && executions_frame {
                        let events = match message["events"].take() {
                            Value::Array(events) => events,
                            _ => Vec::new(),
                        };
                        *received.borrow_mut() = Some(events.clone());
                        dispatch.emit(Action::LoadExecutions(snapshot, events));
                    }
                },
            );
            if let Some(window) = web_sys::window() {
                let _ = window
                    .add_event_listener_with_callback("message", closure.as_ref().unchecked_ref());
            }
            if executions_frame {
                post_to_parent(&serde_json::json!({"type": FRAME_READY_MESSAGE}));
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
