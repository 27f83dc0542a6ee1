//! The header: title, presets gallery, history of drafts, share link, reset and theme.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::share::{self, ShareError};

use super::copy_button::CopyButton;
use super::drafts_menu::DraftsMenu;
use super::persistence;
use super::presets_gallery::PresetsGallery;
use super::state::{Action, Draft, Snapshot};

/// Properties of [`HeaderBar`].
#[derive(Properties, PartialEq)]
pub(crate) struct HeaderBarProps {
    /// What a share link would hold now.
    pub(crate) snapshot: Snapshot,
    /// Earlier drafts, newest first.
    pub(crate) history: Rc<Vec<Draft>>,
    /// Whether links and the draft carry the world's secret values.
    pub(crate) include_secrets: bool,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// Where the chosen theme is kept between visits.
const THEME_KEY: &str = "runcommand-playground-theme";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The theme chosen on an earlier visit: `light`, `dark` or `system`.
fn saved_theme() -> String {
    storage()
        .and_then(|s| s.get_item(THEME_KEY).ok()?)
        .filter(|t| t == "light" || t == "dark")
        .unwrap_or_else(|| "system".to_string())
}

/// Applies a theme to the whole page (`data-theme` on `<html>`, read by the style sheet).
fn set_theme(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        if theme == "system" {
            let _ = root.remove_attribute("data-theme");
        } else {
            let _ = root.set_attribute("data-theme", theme);
        }
    }
}

/// The page header.
#[function_component(HeaderBar)]
pub(crate) fn header_bar(props: &HeaderBarProps) -> Html {
    // The link shown (once the browser has compressed it), or why it could not be made.
    let share_url = use_state(|| None::<Result<String, ShareError>>);
    let on_share = {
        let share_url = share_url.clone();
        let snapshot = props.snapshot.clone();
        Callback::from(move |_| {
            let (share_url, snapshot) = (share_url.clone(), snapshot.clone());
            yew::platform::spawn_local(async move {
                let made = share::encode(&snapshot).await.inspect(|fragment| {
                    persistence::set_fragment(fragment);
                });
                share_url.set(Some(made.map(|fragment| persistence::share_url(&fragment))));
            });
        })
    };
    let on_include_secrets = {
        let on_action = props.on_action.clone();
        let share_url = share_url.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            // A link shown before the change no longer says what the box says.
            share_url.set(None);
            on_action.emit(Action::IncludeSecrets(input.checked()));
        })
    };
    let on_reset = {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(Action::Reset))
    };
    let theme = use_state(|| {
        // A `?theme=` in the page's address wins over the one kept from an earlier visit.
        let saved = super::embed::query_param("theme")
            .filter(|t| t == "light" || t == "dark")
            .unwrap_or_else(saved_theme);
        set_theme(&saved);
        saved
    });
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let chosen = select.value();
            set_theme(&chosen);
            if let Some(s) = storage() {
                let _ = s.set_item(THEME_KEY, &chosen);
            }
            theme.set(chosen);
        })
    };
    html! {
        <header class="app-header">
            <div class="title">
                <h1>{ "RunCommand Playground" }</h1>
                <p class="tagline">{ "Check, render, schedule and simulate an ECS RunCommand request — offline, exact, explained." }</p>
            </div>
            <nav class="toolbar" aria-label="Playground">
                <PresetsGallery on_action={props.on_action.clone()} />
                <DraftsMenu history={props.history.clone()} on_action={props.on_action.clone()} />
                <button id="share-button" type="button" onclick={on_share}>{ "Share link" }</button>
                <label class="inline include-secrets" for="include-secrets"
                    title="Put the values of the world's secret parameters in share links and the saved draft">
                    <input type="checkbox" id="include-secrets" checked={props.include_secrets} onchange={on_include_secrets} />
                    { " Include secret values" }
                </label>
                <button id="reset-button" type="button" onclick={on_reset}>{ "Reset" }</button>
                <label class="inline" for="theme-select">{ "Theme" }</label>
                <select id="theme-select" onchange={on_theme}>
                    { for [("system", "System"), ("light", "Light"), ("dark", "Dark")].iter().map(|(value, label)| html! {
                        <option value={*value} selected={*theme == *value}>{ *label }</option>
                    }) }
                </select>
            </nav>
            { match &*share_url {
                Some(Ok(url)) => html! {
                    <div class="share-url">
                        <label for="share-url">{ "Share link" }</label>
                        <input id="share-url" readonly=true value={url.clone()} />
                        <CopyButton text={url.clone()} label="Copy link" />
                    </div>
                },
                Some(Err(e)) => html! {
                    <p class="share-url" id="share-error" role="alert">{ format!("No share link: {e}.") }</p>
                },
                None => html! {},
            } }
        </header>
    }
}
