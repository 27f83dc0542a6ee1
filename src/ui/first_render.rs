//! Records when the app first rendered, for the end-to-end timing check.

use yew::prelude::*;

/// Stores `performance.now()` of the first render in `window.__rcFirstRenderMs`.
#[hook]
pub(crate) fn use_first_render_mark() {
    use_effect_with((), |_| {
        if let Some(window) = web_sys::window() {
            let now = window.performance().map(|p| p.now()).unwrap_or_default();
            let _ = js_sys::Reflect::set(&window, &"__rcFirstRenderMs".into(), &now.into());
        }
    });
}
