//! A `<select>` of instance IDs, compared by value: with 100 instances, an edit that keeps the
//! targets re-renders none of its options.

use yew::prelude::*;

/// Properties of [`InstanceSelect`].
#[derive(Properties, PartialEq)]
pub(crate) struct InstanceSelectProps {
    /// The element's `id` (for its `<label for>`).
    pub(crate) id: AttrValue,
    /// The instance IDs offered.
    pub(crate) ids: Vec<String>,
    /// The chosen ID.
    pub(crate) selected: String,
    /// Called with the `change` event (keep it stable, e.g. with `use_callback`).
    pub(crate) onchange: Callback<Event>,
}

/// The select.
#[function_component(InstanceSelect)]
pub(crate) fn instance_select(props: &InstanceSelectProps) -> Html {
    html! {
        <select id={props.id.clone()} onchange={props.onchange.clone()}>
            { for props.ids.iter().map(|id| html! {
                <option value={id.clone()} selected={*id == props.selected}>{ id.clone() }</option>
            }) }
        </select>
    }
}
