//! The yew playground. Function components, one per file; one app state in a reducer
//! ([`state`]); every evaluation goes through [`crate::sim`].

mod app;
mod first_render;
mod request_form;
mod request_json;
pub mod state;

pub use app::App;

/// Mounts the playground on the page's `<body>` and installs the panic hook.
pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<App>::new().render();
}

/// Mounts the playground inside `root` (used by browser tests and embeds).
pub fn mount(root: web_sys::Element) -> yew::AppHandle<App> {
    console_error_panic_hook::set_once();
    yew::Renderer::<App>::with_root(root).render()
}
