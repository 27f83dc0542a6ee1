//! Share links (URL fragment) and the autosaved draft (localStorage).

use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::share;

use super::state::Snapshot;

/// The localStorage key of the autosaved draft.
pub const DRAFT_KEY: &str = "runcommand-playground.draft.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The URL fragment without `#` ("" when none).
pub(crate) fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The snapshot in a share fragment.
pub fn snapshot_of_link(fragment: &str) -> Result<Snapshot, share::ShareError> {
    share::decode(fragment)
}

/// The autosaved draft, if any and readable.
pub(crate) fn load_draft() -> Option<Snapshot> {
    let text = storage()?.get_item(DRAFT_KEY).ok()??;
    crate::sim::json::read(&serde_json::from_str(&text).ok()?, "").ok()
}

/// Saves the draft (errors, e.g. a full or disabled storage, are ignored: autosave is a comfort).
pub(crate) fn save_draft(snapshot: &Snapshot) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(snapshot)) {
        let _ = storage.set_item(DRAFT_KEY, &text);
    }
}

/// How long the draft waits after the last change before it is saved (ms).
pub const AUTOSAVE_DELAY_MS: u32 = 300;

/// Saves `snapshot` as the draft once edits pause for [`AUTOSAVE_DELAY_MS`], and at once when
/// the page is hidden or closed (`pagehide`), so nothing typed is lost. Writing the draft on
/// every keystroke cost about a tenth of a keystroke's time with a 100-instance world.
#[hook]
pub(crate) fn use_autosave(snapshot: Snapshot, enabled: bool) {
    let pending = use_mut_ref(|| None::<Snapshot>);
    let flush = {
        let pending = pending.clone();
        move || {
            if let Some(s) = pending.borrow_mut().take() {
                save_draft(&s);
            }
        }
    };
    {
        let pending = pending.clone();
        let flush = flush.clone();
        use_effect_with(snapshot, move |snapshot| {
            let timer = enabled.then(|| {
                *pending.borrow_mut() = Some(snapshot.clone());
                Timeout::new(AUTOSAVE_DELAY_MS, flush)
            });
            move || drop(timer)
        });
    }
    use_effect_with(enabled, move |enabled| {
        let listener = enabled.then(|| {
            let closure = Closure::<dyn FnMut()>::new(flush);
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w
                    .add_event_listener_with_callback("pagehide", closure.as_ref().unchecked_ref());
            }
            (window, closure)
        });
        move || {
            if let Some((Some(w), closure)) = listener {
                let _ = w.remove_event_listener_with_callback(
                    "pagehide",
                    closure.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// The state a page load starts from: the link's, else the draft's; plus a notice when the link
/// could not be read.
pub(crate) fn initial_snapshot() -> (Option<Snapshot>, Option<String>) {
    let fragment = fragment();
    if !fragment.is_empty() {
        match snapshot_of_link(&fragment) {
            Ok(snapshot) => return (Some(snapshot), None),
            Err(e) => {
                let draft = load_draft();
                let fallback = if draft.is_some() {
                    "your saved draft"
                } else {
                    "the default request"
                };
                return (
                    draft,
                    Some(format!(
                        "This share link could not be opened: {e}. Showing {fallback} instead."
                    )),
                );
            }
        }
    }
    (load_draft(), None)
}

/// The full share URL of a snapshot (the page's address with a new fragment).
pub(crate) fn share_url(snapshot: &Snapshot) -> String {
    let fragment = share::encode(snapshot);
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Writes the share fragment into the address bar without reloading.
pub(crate) fn set_fragment(snapshot: &Snapshot) {
    let fragment = share::encode(snapshot);
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{fragment}")),
        );
    }
}

/// The real clock as RFC 3339 (UTC, whole seconds).
pub(crate) fn clock_now() -> String {
    let ms = js_sys::Date::now();
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        (ms / 1000.0).floor() * 1000.0,
    ));
    let iso: String = date.to_iso_string().into();
    iso.replace(".000Z", "Z")
}

/// Copies text to the clipboard (best effort).
pub(crate) fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let clipboard = window.navigator().clipboard();
        let _ = clipboard.write_text(text);
    }
}
