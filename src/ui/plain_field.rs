//! One plain field of the request form (text, number, choice, boolean or list), compared by
//! value: a keystroke in one field re-renders none of the other plain fields. Also the parts
//! every field of the form is built from: its control, its row and its inline errors.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::evaluation::text;
use super::fields::{FieldKind, FieldSpec};
use super::markup::code_text;
use super::state::Action;

/// Properties of [`PlainField`].
#[derive(Properties, PartialEq)]
pub(crate) struct PlainFieldProps {
    /// The field.
    pub(crate) spec: &'static FieldSpec,
    /// Its text in the form.
    pub(crate) value: AttrValue,
    /// Its validation problems (`{"field", "Code", "Message", "detail"}`).
    pub(crate) problems: Vec<Value>,
    /// Dispatches the edits.
    pub(crate) on_action: Callback<Action>,
}

/// The field's row.
#[function_component(PlainField)]
pub(crate) fn plain_field(props: &PlainFieldProps) -> Html {
    let problems: Vec<&Value> = props.problems.iter().collect();
    let editor = control(
        props.spec,
        &props.value,
        !problems.is_empty(),
        &props.on_action,
    );
    field_row_with(props.spec, editor, &problems)
}

/// The inline errors of one field.
pub(crate) fn field_errors(key: &str, problems: &[&Value]) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-error" id={format!("error-{key}")} role="alert">
            { for problems.iter().map(|p| html! {
                <li>
                    <code>{ text(&p["Code"]) }</code>
                    { format!(" ({}) ", text(&p["field"])) }{ code_text(&text(&p["Message"])) }
                    if !text(&p["detail"]).is_empty() {
                        <span class="detail">{ " — " }{ code_text(&text(&p["detail"])) }</span>
                    }
                </li>
            }) }
        </ul>
    }
}

/// The control that edits a plain field (its text, one of the form's kinds).
pub(crate) fn control(
    spec: &'static FieldSpec,
    value: &str,
    invalid: bool,
    on_action: &Callback<Action>,
) -> Html {
    let key = spec.key;
    let id = format!("field-{key}");
    let describedby = format!("doc-{key} error-{key}");
    // Only the callback the control uses is made (each is an allocation, made and dropped
    // per field on every render).
    let on_input = || {
        let on_action = on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_action.emit(Action::Edit(key, input.value()));
        })
    };
    let on_change = || {
        let on_action = on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_action.emit(Action::Edit(key, select.value()));
        })
    };
    let aria_invalid = invalid.to_string();
    match spec.kind {
        FieldKind::Multiline | FieldKind::Lines | FieldKind::KeyValues => html! {
            <textarea {id} rows="3" spellcheck="false" value={value.to_string()} oninput={on_input()}
                aria-invalid={aria_invalid} aria-describedby={describedby}
                placeholder={if spec.kind == FieldKind::KeyValues { "key=value, one per line" } else { "one per line" }} />
        },
        FieldKind::Boolean => html! {
            <select {id} onchange={on_change()} aria-invalid={aria_invalid} aria-describedby={describedby}>
                <option value="" selected={value.is_empty()}>{ format!("(default{})", if spec.default.is_empty() { String::new() } else { format!(": {}", spec.default) }) }</option>
                <option value="true" selected={value == "true"}>{ "true" }</option>
                <option value="false" selected={value == "false"}>{ "false" }</option>
            </select>
        },
        FieldKind::Choice(options) => {
            let list = format!("options-{key}");
            html! {
                <>
                    <input {id} list={list.clone()} value={value.to_string()} oninput={on_input()}
                        aria-invalid={aria_invalid} aria-describedby={describedby} placeholder={spec.default} />
                    <datalist id={list}>
                        { for options.iter().map(|o| html! { <option value={*o} /> }) }
                    </datalist>
                </>
            }
        }
        FieldKind::Integer => html! {
            <input {id} inputmode="numeric" value={value.to_string()} oninput={on_input()}
                aria-invalid={aria_invalid} aria-describedby={describedby} placeholder={spec.default} />
        },
        FieldKind::Text => html! {
            <input {id} value={value.to_string()} oninput={on_input()} spellcheck="false"
                aria-invalid={aria_invalid} aria-describedby={describedby} placeholder={spec.default} />
        },
    }
}

/// A field's row: its name, its documentation one click away, its editor and its inline
/// errors.
pub(crate) fn field_row_with(spec: &FieldSpec, editor: Html, problems: &[&Value]) -> Html {
    let key = spec.key;
    html! {
        <div class={classes!("field", (!problems.is_empty()).then_some("invalid"))} id={format!("row-{key}")}>
            <div class="field-head">
                <label for={format!("field-{key}")}>
                    { key }
                    if spec.required { <span class="required" aria-label="required">{ " *" }</span> }
                </label>
                <details class="doc">
                    <summary aria-label={format!("Documentation of {key}")}>{ "?" }</summary>
                    <p id={format!("doc-{key}")}>
                        { spec.doc }
                        if !spec.default.is_empty() { <span class="default">{ format!(" Default: {}.", spec.default) }</span> }
                    </p>
                </details>
            </div>
            { editor }
            { field_errors(key, problems) }
        </div>
    }
}
