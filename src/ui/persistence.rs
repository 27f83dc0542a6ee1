//! Share links (URL fragment), the autosaved draft, the drafts kept aside and the marker of a
//! load in progress (localStorage).

use gloo_timers::callback::Timeout;
use serde_json::{json, Value};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::share;

use super::state::Snapshot;

/// The localStorage key of the autosaved draft.
pub const DRAFT_KEY: &str = "runcommand-playground.draft.v1";

/// The localStorage key of the drafts kept aside: a JSON list of `{"reason", "text"}` (see
/// [`KeptDraft`]), newest first.
pub const KEPT_KEY: &str = "runcommand-playground.kept.v1";

/// The localStorage key of the marker written before a load applies stored state and removed
/// once the first render has finished: found at the next start (older than
/// [`LOAD_GRACE_MS`]), it means that load froze or crashed.
pub const LOADING_KEY: &str = "runcommand-playground.loading.v1";

/// How many drafts are kept aside.
pub const KEPT_LEN: usize = 5;

/// A draft kept aside: its stored text (which may not read) and why it was put aside.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptDraft {
    /// Why ("Opening a shared link", "Safe mode", …).
    pub reason: String,
    /// The draft's text as it was stored.
    pub text: String,
}

/// Why a stored draft could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftError {
    /// The text is not JSON.
    NotJson(String),
    /// The JSON is not a snapshot (the place and the problem).
    Shape(crate::sim::json::ShapeError),
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotJson(e) => write!(f, "it is not JSON: {e}"),
            Self::Shape(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DraftError {}

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
pub async fn snapshot_of_link(fragment: &str) -> Result<Snapshot, share::ShareError> {
    share::decode::<Snapshot>(fragment)
        .await?
        .checked()
        .map_err(|e| share::ShareError::BadState(e.to_string()))
}

/// The autosaved draft's text, if any.
pub(crate) fn draft_text() -> Option<String> {
    storage()?.get_item(DRAFT_KEY).ok()?
}

/// Reads a draft's text.
pub fn read_draft(text: &str) -> Result<Snapshot, DraftError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| DraftError::NotJson(e.to_string()))?;
    crate::sim::json::read::<Snapshot>(&value, "")
        .and_then(Snapshot::checked)
        .map_err(DraftError::Shape)
}

/// Removes the autosaved draft (once it is kept aside).
pub(crate) fn remove_draft() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

/// The drafts kept aside, newest first (none when the list cannot be read). Read and written as
/// plain JSON values: a serde derive of its own would cost the wasm more.
pub(crate) fn kept_drafts() -> Vec<KeptDraft> {
    let list = storage()
        .and_then(|s| s.get_item(KEPT_KEY).ok()?)
        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
    let read = |entry: &Value| {
        Some(KeptDraft {
            reason: entry["reason"].as_str()?.to_string(),
            text: entry["text"].as_str()?.to_string(),
        })
    };
    list.as_ref()
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(read).collect())
        .unwrap_or_default()
}

/// Keeps a draft's text aside (newest first, at most [`KEPT_LEN`]; the same text once). When
/// the storage is full, the oldest kept drafts make room. Returns whether it is stored.
pub(crate) fn keep_aside(reason: &str, text: &str) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let mut kept = kept_drafts();
    kept.retain(|k| k.text != text);
    kept.insert(
        0,
        KeptDraft {
            reason: reason.to_string(),
            text: text.to_string(),
        },
    );
    kept.truncate(KEPT_LEN);
    while !kept.is_empty() {
        let list: Vec<Value> = kept
            .iter()
            .map(|k| json!({"reason": k.reason, "text": k.text}))
            .collect();
        if storage
            .set_item(KEPT_KEY, &Value::Array(list).to_string())
            .is_ok()
        {
            return true;
        }
        kept.pop();
    }
    false
}

/// A marker younger than this (ms) is another tab's load in progress (tabs restored together
/// start within a moment of each other), not one that froze or crashed.
pub const LOAD_GRACE_MS: f64 = 2_000.0;

/// Writes the marker of a load in progress (the time, epoch ms); returns whether an earlier load
/// left its marker and did not finish.
pub(crate) fn begin_load() -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let now = js_sys::Date::now();
    let unfinished = storage
        .get_item(LOADING_KEY)
        .ok()
        .flatten()
        .is_some_and(|marker| {
            // Whole ms, read as an integer: a float parser would cost the wasm ~4 KB.
            let age = marker.parse::<i64>().map(|at| now - at as f64);
            !age.is_ok_and(|age| (0.0..LOAD_GRACE_MS).contains(&age))
        });
    let _ = storage.set_item(LOADING_KEY, &(now as i64).to_string());
    unfinished
}

/// Removes the marker of a load in progress.
pub(crate) fn finish_load() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(LOADING_KEY);
    }
}

/// Removes the share fragment from the address bar (after the user chose their draft).
pub(crate) fn clear_fragment() {
    let window = web_sys::window();
    let path = window
        .as_ref()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string());
    if let (Some(history), Some(path)) = (window.and_then(|w| w.history().ok()), path) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
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

/// The full share URL of a fragment (the page's address with this fragment).
pub(crate) fn share_url(fragment: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Writes a share fragment into the address bar without reloading.
pub(crate) fn set_fragment(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{fragment}")),
        );
    }
}

/// The share fragment of `snapshot`, made by the browser: `None` until the first one is ready
/// (and while there is no snapshot to share). A change keeps the last fragment until the new
/// one is ready; a slower, older encoding never replaces a newer one.
#[hook]
pub(crate) fn use_share_fragment(snapshot: Option<Snapshot>) -> Option<String> {
    let fragment = use_state(|| None::<String>);
    {
        let fragment = fragment.clone();
        use_effect_with(snapshot, move |snapshot| {
            let current = std::rc::Rc::new(std::cell::Cell::new(true));
            if let Some(snapshot) = snapshot.clone() {
                let current = current.clone();
                yew::platform::spawn_local(async move {
                    let made = share::encode(&snapshot).await.ok();
                    if current.get() {
                        fragment.set(made);
                    }
                });
            }
            move || current.set(false)
        });
    }
    (*fragment).clone()
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
