//! One plain field of the request form (text, number, choice, boolean or list), compared by
//! value: a keystroke in one field re-renders none of the other plain fields.

use serde_json::Value;
use yew::prelude::*;

use super::fields::FieldSpec;
use super::request_form::{control, field_row_with};
use super::state::Action;

/// Properties of [`PlainField`].
#[derive(Properties, PartialEq)]
pub struct PlainFieldProps {
    /// The field.
    pub spec: &'static FieldSpec,
    /// Its text in the form.
    pub value: AttrValue,
    /// Its validation problems (`{"field", "Code", "Message", "detail"}`).
    pub problems: Vec<Value>,
    /// Dispatches the edits.
    pub on_action: Callback<Action>,
}

/// The field's row.
#[function_component(PlainField)]
pub fn plain_field(props: &PlainFieldProps) -> Html {
    let problems: Vec<&Value> = props.problems.iter().collect();
    let editor = control(
        props.spec,
        &props.value,
        !problems.is_empty(),
        &props.on_action,
    );
    field_row_with(props.spec, editor, &problems)
}
