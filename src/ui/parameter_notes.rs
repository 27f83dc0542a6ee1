//! Notes on the script's custom `{{name}}` placeholders that would otherwise pass silently:
//! sent literally while EnableParameter is off, or replaced by an empty string when on and
//! given no value.

use serde_json::Value;
use yew::prelude::*;

use super::evaluation::text;
use super::fields::FieldKind;
use super::state::value_of;

/// Properties of [`ParameterNotes`].
#[derive(Properties, PartialEq)]
pub(crate) struct ParameterNotesProps {
    /// The script's placeholders (`api::validate`'s `placeholders`).
    pub(crate) placeholders: Vec<Value>,
    /// Whether EnableParameter is in effect.
    pub(crate) enabled: bool,
    /// `Parameters` as typed (`key=value` lines).
    pub(crate) parameters: AttrValue,
}

/// The custom placeholder names of `placeholders`, each once, in order.
fn custom_names(placeholders: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in placeholders.iter().filter(|p| p["kind"] == "custom") {
        let name = text(&p["name"]);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The notes (nothing when no custom placeholder needs one).
#[function_component(ParameterNotes)]
pub(crate) fn parameter_notes(props: &ParameterNotesProps) -> Html {
    let names = custom_names(&props.placeholders);
    if names.is_empty() {
        return html! {};
    }
    if !props.enabled {
        return html! {
            <p class="amber-note" id="parameters-literal" role="status">
                { format!("EnableParameter is off: {} will be sent literally, not replaced. Set EnableParameter to true to fill them from Parameters.", quoted(&names)) }
            </p>
        };
    }
    let values = value_of("Parameters", FieldKind::KeyValues, &props.parameters);
    let empty: Vec<String> = names
        .into_iter()
        .filter(|n| {
            values
                .as_ref()
                .and_then(|v| v.get(n.as_str()))
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
        })
        .collect();
    if empty.is_empty() {
        return html! {};
    }
    html! {
        <p class="amber-note" id="parameters-empty" role="status">
            { format!("{} {} no value in Parameters: the script gets an empty string there.", quoted(&empty), if empty.len() == 1 { "has" } else { "have" }) }
        </p>
    }
}
