//! The presets gallery: realistic example requests, one click away.

use yew::prelude::*;

use super::state::Action;
use crate::api::presets;

/// Properties of [`PresetsGallery`].
#[derive(Properties, PartialEq)]
pub(crate) struct PresetsGalleryProps {
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// A disclosure listing every preset as a button.
#[function_component(PresetsGallery)]
pub(crate) fn presets_gallery(props: &PresetsGalleryProps) -> Html {
    let details = use_node_ref();
    // Built once: the header renders on every edit, and the fleet preset lists 100 instances.
    let all = use_memo((), |_| presets::all());
    html! {
        <details class="presets" id="presets" ref={details.clone()}>
            <summary>{ "Presets" }</summary>
            <ul class="preset-list">
                { for all.iter().cloned().map(|preset| {
                    let on_action = props.on_action.clone();
                    let details = details.clone();
                    let id = format!("preset-{}", preset.id);
                    let title = preset.title;
                    let summary = preset.summary;
                    html! {
                        <li>
                            <button type="button" class="preset" id={id}
                                onclick={Callback::from(move |_| {
                                    on_action.emit(Action::LoadPreset(preset.clone()));
                                    if let Some(d) = details.cast::<web_sys::Element>() {
                                        let _ = d.remove_attribute("open");
                                    }
                                })}>
                                <strong>{ title }</strong>
                                <span>{ summary }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
