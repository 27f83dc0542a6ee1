//! The RunCommand request form: every parameter, grouped, each with its documentation one click
//! away, its default, and its inline errors (Code + message) as the user types.

use std::rc::Rc;

use serde_json::Value;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::content_editor::ContentEditor;
use super::evaluation::{text, Evaluation};
use super::fields::{FieldKind, FieldSpec, Group, FIELDS};
use super::frequency_builder::FrequencyBuilder;
use super::instance_picker::InstancePicker;
use super::parameters_table::ParametersTable;
use super::plain_field::PlainField;
use super::state::{Action, AppState};

/// Properties of [`RequestForm`].
#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    /// The app state.
    pub state: UseReducerHandle<AppState>,
    /// The current evaluation (for inline errors).
    pub evaluation: Rc<Evaluation>,
    /// Dispatches actions.
    pub on_action: Callback<Action>,
    /// Compact (embeds): only the parameters in use, required ones and those with errors,
    /// until the reader asks for all.
    #[prop_or_default]
    pub compact: bool,
}

/// The inline errors of one field.
pub fn field_errors(key: &str, problems: &[&Value]) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-error" id={format!("error-{key}")} role="alert">
            { for problems.iter().map(|p| html! {
                <li>
                    <code>{ text(&p["Code"]) }</code>
                    { format!(" ({}) {}", text(&p["field"]), text(&p["Message"])) }
                    if !text(&p["detail"]).is_empty() {
                        <span class="detail">{ format!(" — {}", text(&p["detail"])) }</span>
                    }
                </li>
            }) }
        </ul>
    }
}

/// The control that edits a plain field (its text, one of the form's kinds).
pub fn control(
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
pub fn field_row_with(spec: &FieldSpec, editor: Html, problems: &[&Value]) -> Html {
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

fn field_row(spec: &'static FieldSpec, props: &RequestFormProps) -> Html {
    let key = spec.key;
    let value = props.state.text(key);
    let problems = props.evaluation.problems_for(key);
    let invalid = !problems.is_empty();
    let editor = match key {
        "CommandContent" => html! {
            <ContentEditor value={value.to_string()} evaluation={props.evaluation.clone()}
                encoding={props.state.text("ContentEncoding").to_string()} on_action={props.on_action.clone()} />
        },
        "Frequency" => html! {
            <>
                { control(spec, value, invalid, &props.on_action) }
                <FrequencyBuilder on_action={props.on_action.clone()} />
            </>
        },
        "Parameters" => html! {
            <ParametersTable text={value.to_string()} evaluation={props.evaluation.clone()} on_action={props.on_action.clone()} />
        },
        "InstanceId" => html! {
            <>
                { control(spec, value, invalid, &props.on_action) }
                <InstancePicker text={value.to_string()} world={props.state.world.clone()}
                    region={props.state.text("RegionId").to_string()} on_action={props.on_action.clone()} />
            </>
        },
        _ => {
            let problems: Vec<Value> = problems.into_iter().cloned().collect();
            return html! {
                <PlainField {spec} value={value.to_string()} {problems} on_action={props.on_action.clone()} />
            };
        }
    };
    field_row_with(spec, editor, &problems)
}

/// The request form.
#[function_component(RequestForm)]
pub fn request_form(props: &RequestFormProps) -> Html {
    let show_all = use_state(|| !props.compact);
    let shown = |spec: &&FieldSpec| {
        *show_all
            || spec.required
            || !props.state.text(spec.key).is_empty()
            || !props.evaluation.problems_for(spec.key).is_empty()
    };
    let on_toggle = {
        let show_all = show_all.clone();
        Callback::from(move |_| show_all.set(!*show_all))
    };
    html! {
        <form id="request-form" class="request-form" aria-label="RunCommand request"
              onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { for Group::ALL.iter().filter(|group| FIELDS.iter().filter(shown).any(|f| f.group == **group)).map(|group| html! {
                <fieldset class="group" id={format!("group-{}", group.title().to_ascii_lowercase())}>
                    <legend>{ group.title() }</legend>
                    { for FIELDS.iter().filter(|f| f.group == *group).filter(shown).map(|spec| field_row(spec, props)) }
                </fieldset>
            }) }
            if props.compact {
                <button type="button" class="show-all" onclick={on_toggle} aria-expanded={show_all.to_string()}>
                    { if *show_all { "Show only the parameters in use" } else { "Show every parameter" } }
                </button>
            }
        </form>
    }
}
