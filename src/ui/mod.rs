//! The yew playground. Function components, one per file; one app state in a reducer.

mod app;

pub use app::App;

/// Mounts the playground on the page's `<body>` and installs the panic hook.
pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<App>::new().render();
}
