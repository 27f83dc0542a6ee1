//! The world's parameter store: each parameter's name, region and value, the secret ones
//! masked (a password field) until the user reveals them. Values are edited in place.

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::evaluation::text;
use super::state::Action;

/// Properties of [`ParameterStoreTable`].
#[derive(Properties, PartialEq)]
pub(crate) struct ParameterStoreTableProps {
    /// The world shown (custom or default).
    pub(crate) world: Rc<Value>,
    /// Whether secret values are shown.
    pub(crate) reveal: bool,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// The parameter store as a table with one value field per parameter.
#[function_component(ParameterStoreTable)]
pub(crate) fn parameter_store_table(props: &ParameterStoreTableProps) -> Html {
    let store = props.world["parameterStore"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let on_value = |at: usize| {
        let world = props.world.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut world = (*world).clone();
            if let Some(entry) = world["parameterStore"]
                .get_mut(at)
                .and_then(Value::as_object_mut)
            {
                entry.insert("value".into(), Value::String(input.value()));
                on_action.emit(Action::SetWorld(Some(world)));
            }
        })
    };
    html! {
        <table class="grid" id="parameter-store">
            <caption>{ format!("Parameter store — {} parameter(s); secret values stay in this tab unless you include them in links and the draft", store.len()) }</caption>
            <thead><tr>
                <th scope="col">{ "Name" }</th><th scope="col">{ "Region" }</th><th scope="col">{ "Value" }</th>
            </tr></thead>
            <tbody>
                { for store.iter().enumerate().map(|(at, entry)| {
                    let secret = entry["secret"] == Value::Bool(true);
                    let id = format!("store-value-{at}");
                    let kind = if secret && !props.reveal { "password" } else { "text" };
                    let label = if secret { "secret" } else { "plain" };
                    html! {
                        <tr>
                            <th scope="row"><code>{ text(&entry["name"]) }</code>{ format!(" ({label})") }</th>
                            <td>{ text(&entry["regionId"]) }</td>
                            <td>
                                <input id={id} type={kind} autocomplete="off" spellcheck="false"
                                    aria-label={format!("Value of {}", text(&entry["name"]))}
                                    placeholder={if secret { "no value" } else { "" }}
                                    value={text(&entry["value"])} onchange={on_value(at)} />
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
