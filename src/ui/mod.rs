//! The yew playground. Function components, one per file; one app state in a reducer
//! ([`state`]); every evaluation goes through the JSON API ([`crate::api`]).

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;

mod app;
mod code_highlight;
mod content_editor;
mod copy_button;
pub(crate) mod deflate_stream;
mod drafts_menu;
pub mod embed;
pub mod embed_options;
mod embed_view;
mod evaluation;
#[cfg(not(feature = "framed-executions"))]
mod executions;
#[cfg(feature = "framed-executions")]
mod executions_frame;
mod exports_panel;
pub(crate) mod fields;
mod first_render;
mod frequency_builder;
mod frequency_note;
mod header_bar;
mod instance_picker;
mod instance_tabs;
pub mod js_api;
mod kept_notice;
pub mod markup;
mod notice;
mod parameter_notes;
mod parameter_store_table;
mod parameters_table;
pub mod persistence;
mod plain_field;
mod presets_gallery;
mod rendered_panel;
mod request_form;
mod result_bar;
mod schedule_panel;
mod schedule_voice;
mod startup;
pub mod state;
mod tab_bar;
mod undo_bar;
mod validation_summary;
mod world_panel;

pub use app::{App, AppProps};
pub use embed_options::EmbedOptions;
pub use startup::Start;

/// Mounts the playground on the page's `<body>` and installs the panic hook.
///
/// `?embed=1&panels=form,schedule` (and `height`, `theme`, `now`, `fires`: see
/// [`EmbedOptions`]) gives the compact iframe view. A page that sets
/// `window.__rcNoAutostart = true` (the in-page `embed.js`) mounts nothing here. The page
/// renders once its start is decided (a share link is decompressed by the browser first).
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(window) = web_sys::window() else {
        return;
    };
    if js_sys::Reflect::get(&window, &"__rcNoAutostart".into()).is_ok_and(|v| v.is_truthy()) {
        return;
    }
    if embed::query_param("embed").is_some_and(|v| v == "1") {
        let query = |name: &str| embed::query_param(name);
        let options = EmbedOptions::from_texts(
            query("panels").as_deref(),
            query("height").as_deref(),
            query("theme").as_deref(),
            query("now").as_deref(),
            query("fires").as_deref(),
        );
        if let (Some(theme), Some(root)) = (
            &options.theme,
            window.document().and_then(|d| d.document_element()),
        ) {
            let _ = root.set_attribute("data-theme", theme);
        }
        yew::platform::spawn_local(async move {
            let props = AppProps {
                embed: Some(options),
                iframe: true,
                executions_frame: query("frame").is_some_and(|f| f == "executions"),
                start: Some(Rc::new(startup::start_embed().await)),
                ..AppProps::default()
            };
            yew::Renderer::<App>::with_props(props).render();
        });
    } else {
        let theme = embed::query_param("theme").filter(|t| t == "light" || t == "dark");
        if let (Some(theme), Some(root)) =
            (theme, window.document().and_then(|d| d.document_element()))
        {
            let _ = root.set_attribute("data-theme", &theme);
        }
        yew::platform::spawn_local(async move {
            let props = AppProps {
                start: Some(Rc::new(startup::start().await)),
                ..AppProps::default()
            };
            yew::Renderer::<App>::with_props(props).render();
        });
    }
}

/// Mounts the full playground inside `root` once it has decided how to start (used by browser
/// tests).
pub async fn mount(root: web_sys::Element) -> yew::AppHandle<App> {
    console_error_panic_hook::set_once();
    let props = AppProps {
        start: Some(Rc::new(startup::start().await)),
        ..AppProps::default()
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

thread_local! {
    static WIDGETS: RefCell<Vec<yew::AppHandle<App>>> = const { RefCell::new(Vec::new()) };
}

/// Mounts an independent widget in `element` with these panels and this request (SDK JSON).
pub fn mount_widget(element: web_sys::Element, panels: &str, request: Option<Value>) {
    let options = EmbedOptions {
        panels: embed_options::parse_panels(panels),
        ..EmbedOptions::default()
    };
    mount_widget_with(element, options, request);
}

/// Mounts an independent widget in `element` with these options and this request (SDK JSON):
/// `mountWidget` of the JavaScript API, used by `static/embed.js`.
pub fn mount_widget_with(element: web_sys::Element, options: EmbedOptions, request: Option<Value>) {
    let props = AppProps {
        embed: Some(options),
        initial_request: request.map(Rc::new),
        ..AppProps::default()
    };
    let handle = yew::Renderer::<App>::with_root_and_props(element, props).render();
    WIDGETS.with(|w| w.borrow_mut().push(handle));
}
