//! The RunCommand request form.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::{Action, Field, FormState};

/// Properties of [`RequestForm`].
#[derive(Properties, PartialEq)]
pub struct RequestFormProps {
    /// The form as typed.
    pub form: FormState,
    /// Called with each edit.
    pub on_action: Callback<Action>,
}

fn on_edit(on_action: &Callback<Action>, field: Field) -> Callback<InputEvent> {
    let on_action = on_action.clone();
    Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on_action.emit(Action::Edit(field, input.value()));
    })
}

/// The request form: one labelled control per parameter.
#[function_component(RequestForm)]
pub fn request_form(props: &RequestFormProps) -> Html {
    let f = &props.form;
    let on = |field| on_edit(&props.on_action, field);
    html! {
        <form id="request-form" class="request-form" aria-label="RunCommand request"
              onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label for="field-RegionId">{ "RegionId" }</label>
            <input id="field-RegionId" value={f.region_id.clone()} oninput={on(Field::RegionId)} />
            <label for="field-Type">{ "Type" }</label>
            <input id="field-Type" list="command-types" value={f.command_type.clone()}
                   oninput={on(Field::CommandType)} />
            <datalist id="command-types">
                <option value="RunShellScript" />
                <option value="RunPowerShellScript" />
                <option value="RunBatScript" />
            </datalist>
            <label for="field-CommandContent">{ "CommandContent" }</label>
            <textarea id="field-CommandContent" rows="6" spellcheck="false"
                      value={f.command_content.clone()} oninput={on(Field::CommandContent)} />
            <label for="field-InstanceId">{ "InstanceId (one per line)" }</label>
            <textarea id="field-InstanceId" rows="3" spellcheck="false"
                      value={f.instance_ids.clone()} oninput={on(Field::InstanceIds)} />
            <label for="field-Timeout">{ "Timeout (seconds)" }</label>
            <input id="field-Timeout" inputmode="numeric" value={f.timeout.clone()}
                   oninput={on(Field::Timeout)} />
        </form>
    }
}
