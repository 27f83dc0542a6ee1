//! The world: the simulated fleet with status, OS, agent and tags, fault toggles used by the
//! execution simulator, the parameter store, and a JSON editor (validated; errors shown, never
//! a crash). Secret parameter values are masked in the table and the editor until revealed.

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::evaluation::text;
use super::instance_picker::{badges, world_instances};
use super::parameter_store_table::ParameterStoreTable;
use super::state::Action;
use crate::api;

/// Properties of [`WorldPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct WorldPanelProps {
    /// A custom world (None = default).
    pub(crate) world: Option<std::rc::Rc<Value>>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

const FAULTS: [(&str, &str); 3] = [
    ("agentDown", "agent down"),
    ("notResponding", "not responding"),
    ("upgrading", "upgrading"),
];

/// What the world editor shows for a secret value until the user reveals it; a secret left at
/// it keeps its value on Apply.
const MASK: &str = "******";

/// The secret entries of a world's parameter store, to change.
fn secrets_mut(world: &mut Value) -> impl Iterator<Item = &mut serde_json::Map<String, Value>> {
    world
        .get_mut("parameterStore")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
        .filter(|p| p.get("secret") == Some(&Value::Bool(true)))
}

/// The world with each secret value (that is not empty) shown as [`MASK`].
fn masked(world: &Value) -> Value {
    let mut world = world.clone();
    for entry in secrets_mut(&mut world) {
        if entry
            .get("value")
            .and_then(Value::as_str)
            .is_some_and(|v| !v.is_empty())
        {
            entry.insert("value".into(), Value::from(MASK));
        }
    }
    world
}

/// Gives each secret still at [`MASK`] its value in `current` (same name and region).
fn unmask(world: &mut Value, current: &Value) {
    let store = current["parameterStore"].as_array();
    for entry in secrets_mut(world) {
        if entry.get("value").and_then(Value::as_str) != Some(MASK) {
            continue;
        }
        let same = |p: &&Value| p["name"] == entry["name"] && p["regionId"] == entry["regionId"];
        if let Some(value) = store
            .and_then(|s| s.iter().find(same))
            .map(|p| p["value"].clone())
        {
            entry.insert("value".into(), value);
        }
    }
}

/// The world panel.
#[function_component(WorldPanel)]
pub(crate) fn world_panel(props: &WorldPanelProps) -> Html {
    let current = props
        .world
        .clone()
        .unwrap_or_else(|| Rc::new(api::default_world()));
    let draft = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let reveal = use_state(|| false);
    let instances = world_instances(Some(&current));

    let toggle = |index: usize, fault: &'static str| {
        let on_action = props.on_action.clone();
        let current = current.clone();
        Callback::from(move |_: Event| {
            let mut world = (*current).clone();
            if let Some(inst) = world["instances"].get_mut(index) {
                let on = inst["faults"][fault].as_bool().unwrap_or(false);
                if !inst["faults"].is_object() {
                    inst["faults"] = Value::Object(Default::default());
                }
                inst["faults"][fault] = Value::Bool(!on);
            }
            on_action.emit(Action::SetWorld(Some(world)));
        })
    };
    let text_now = (*draft).clone().unwrap_or_else(|| {
        let shown = if *reveal {
            serde_json::to_string_pretty(&*current)
        } else {
            serde_json::to_string_pretty(&masked(&current))
        };
        shown.unwrap_or_default()
    });
    let on_reveal = {
        let reveal = reveal.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            reveal.set(input.checked());
        })
    };
    let on_edit = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            draft.set(Some(area.value()));
        })
    };
    let on_apply = {
        let draft = draft.clone();
        let problem = problem.clone();
        let on_action = props.on_action.clone();
        let current = current.clone();
        Callback::from(move |_| {
            let Some(text) = (*draft).clone() else { return };
            match api::check_world(&text) {
                Ok(mut world) => {
                    unmask(&mut world, &current);
                    problem.set(None);
                    draft.set(None);
                    on_action.emit(Action::SetWorld(Some(world)));
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        })
    };
    let on_default = {
        let on_action = props.on_action.clone();
        let draft = draft.clone();
        let problem = problem.clone();
        Callback::from(move |_| {
            draft.set(None);
            problem.set(None);
            on_action.emit(Action::SetWorld(None));
        })
    };
    html! {
        <section class="panel" id="world" aria-labelledby="world-title">
            <h2 id="world-title">{ if props.world.is_some() { "World (custom)" } else { "World (default)" } }</h2>
            <table class="grid" id="fleet">
                <caption>{ format!("Account {} — {} instance(s)", text(&current["accountId"]), instances.len()) }</caption>
                <thead><tr>
                    <th scope="col">{ "Instance" }</th><th scope="col">{ "Region" }</th><th scope="col">{ "State" }</th>
                    <th scope="col">{ "Tags" }</th><th scope="col">{ "Faults" }</th>
                </tr></thead>
                <tbody>
                    { for instances.iter().enumerate().map(|(i, inst)| html! {
                        <tr>
                            <th scope="row"><code>{ text(&inst["instanceId"]) }</code><br />{ text(&inst["name"]) }</th>
                            <td>{ text(&inst["regionId"]) }</td>
                            <td>{ badges(inst) }</td>
                            <td>{ inst["tags"].as_array().map(|t| t.iter().map(|t| format!("{}={}", text(&t["key"]), text(&t["value"]))).collect::<Vec<_>>().join(", ")).unwrap_or_default() }</td>
                            <td class="faults">
                                { for FAULTS.iter().map(|(fault, label)| {
                                    let id = format!("fault-{i}-{fault}");
                                    html! { <label for={id.clone()}><input type="checkbox" id={id} checked={inst["faults"][*fault].as_bool().unwrap_or(false)} onchange={toggle(i, fault)} />{ format!(" {label}") }</label> }
                                }) }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <ParameterStoreTable world={current.clone()} reveal={*reveal} on_action={props.on_action.clone()} />
            <label class="inline reveal-secrets" for="reveal-secrets">
                <input type="checkbox" id="reveal-secrets" checked={*reveal} onchange={on_reveal} />
                { " Show secret values" }
            </label>
            <details class="world-editor">
                <summary>{ "Edit the world JSON" }</summary>
                <label for="world-json">{ "World JSON (schema in docs/reference.md)" }</label>
                <textarea id="world-json" rows="16" spellcheck="false" value={text_now} oninput={on_edit} />
                <div class="actions">
                    <button type="button" id="world-apply" onclick={on_apply} disabled={draft.is_none()}>{ "Apply" }</button>
                    <button type="button" onclick={on_default}>{ "Back to the default world" }</button>
                </div>
                if let Some(p) = &*problem { <p class="field-error" id="world-error" role="alert">{ p.clone() }</p> }
            </details>
        </section>
    }
}
