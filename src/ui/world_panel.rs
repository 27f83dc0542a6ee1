//! The world: the simulated fleet with status, OS, agent and tags, fault toggles used by the
//! execution simulator, and a JSON editor (validated; errors shown, never a crash).

use serde_json::Value;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::evaluation::text;
use super::instance_picker::{badges, world_instances};
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

/// The world panel.
#[function_component(WorldPanel)]
pub(crate) fn world_panel(props: &WorldPanelProps) -> Html {
    let current = props
        .world
        .as_deref()
        .cloned()
        .unwrap_or_else(api::default_world);
    let draft = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let instances = world_instances(Some(&current));

    let toggle = |index: usize, fault: &'static str| {
        let on_action = props.on_action.clone();
        let current = current.clone();
        Callback::from(move |_: Event| {
            let mut world = current.clone();
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
    let text_now = (*draft)
        .clone()
        .unwrap_or_else(|| serde_json::to_string_pretty(&current).unwrap_or_default());
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
        Callback::from(move |_| {
            let Some(text) = (*draft).clone() else { return };
            match api::check_world(&text) {
                Ok(world) => {
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
