//! The RunCommand request form: every parameter, grouped, each with its documentation one click
//! away, its default, and its inline errors (Code + message) as the user types.

use std::rc::Rc;

use serde_json::Value;

use yew::prelude::*;

use super::content_editor::ContentEditor;
use super::evaluation::Evaluation;
use super::fields::{FieldSpec, Group, FIELDS};
use super::frequency_builder::FrequencyBuilder;
use super::frequency_note::FrequencyNote;
use super::instance_picker::InstancePicker;
use super::parameters_table::ParametersTable;
use super::plain_field::{control, field_row_with, PlainField};
use super::state::{Action, AppState};

/// Properties of [`RequestForm`].
#[derive(Properties, PartialEq)]
pub(crate) struct RequestFormProps {
    /// The app state.
    pub(crate) state: UseReducerHandle<AppState>,
    /// The current evaluation (for inline errors).
    pub(crate) evaluation: Rc<Evaluation>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
    /// Compact (embeds): only the parameters in use, required ones and those with errors,
    /// until the reader asks for all.
    #[prop_or_default]
    pub(crate) compact: bool,
}

fn field_row(spec: &'static FieldSpec, props: &RequestFormProps) -> Html {
    let key = spec.key;
    let value = props.state.text(key);
    let problems = props.evaluation.problems_for(key);
    let invalid = !problems.is_empty();
    let editor = match key {
        "CommandContent" => html! {
            <ContentEditor value={value.to_string()} evaluation={props.evaluation.clone()}
                encoding={props.state.text("ContentEncoding").to_string()}
                parameters={props.state.text("Parameters").to_string()} on_action={props.on_action.clone()} />
        },
        "Frequency" => html! {
            <>
                { control(spec, value, invalid, &props.on_action) }
                <FrequencyNote text={value.to_string()} evaluation={props.evaluation.clone()} on_action={props.on_action.clone()} />
                <FrequencyBuilder text={value.to_string()} on_action={props.on_action.clone()} />
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
pub(crate) fn request_form(props: &RequestFormProps) -> Html {
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
