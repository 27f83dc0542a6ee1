//! Picks target instances from the world, with status, OS and agent badges.

use serde_json::Value;
use yew::prelude::*;

use super::evaluation::text;
use super::state::Action;
use crate::api;

/// Properties of [`InstancePicker`].
#[derive(Properties, PartialEq)]
pub(crate) struct InstancePickerProps {
    /// The InstanceId text (one id per line).
    pub(crate) text: String,
    /// A custom world (None = default).
    pub(crate) world: Option<std::rc::Rc<Value>>,
    /// The request's region.
    pub(crate) region: String,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// The instances of a world JSON.
pub(crate) fn world_instances(world: Option<&Value>) -> Vec<Value> {
    let default;
    let world = match world {
        Some(w) => w,
        None => {
            default = api::default_world();
            &default
        }
    };
    world["instances"].as_array().cloned().unwrap_or_default()
}

/// Badges of one instance: status, OS, agent version, tags.
pub(crate) fn badges(instance: &Value) -> Html {
    let status = text(&instance["status"]);
    let agent = match instance["agentVersion"].as_str() {
        Some(v) => format!("agent {v}"),
        None => "no agent".to_string(),
    };
    html! {
        <span class="badges">
            <span class={classes!("badge", format!("status-{}", status.to_ascii_lowercase()))}>{ status }</span>
            <span class="badge">{ text(&instance["os"]) }</span>
            <span class={classes!("badge", instance["agentVersion"].is_null().then_some("bad"))}>{ agent }</span>
        </span>
    }
}

/// Checkboxes for the instances of the request's region.
#[function_component(InstancePicker)]
pub(crate) fn instance_picker(props: &InstancePickerProps) -> Html {
    let selected: Vec<String> = props
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let instances: Vec<Value> = world_instances(props.world.as_deref())
        .into_iter()
        .filter(|i| text(&i["regionId"]) == props.region)
        .collect();
    if instances.is_empty() {
        return html! { <p class="muted">{ format!("The world has no instance in region {}.", props.region) }</p> };
    }
    html! {
        <details class="instance-picker">
            <summary>{ format!("Pick from {} instance(s) in {}", instances.len(), props.region) }</summary>
            <ul>
                { for instances.iter().map(|inst| {
                    let id = text(&inst["instanceId"]);
                    let checked = selected.contains(&id);
                    let on_action = props.on_action.clone();
                    let selected = selected.clone();
                    let toggle_id = id.clone();
                    let onchange = Callback::from(move |_: Event| {
                        let mut ids = selected.clone();
                        if let Some(i) = ids.iter().position(|x| *x == toggle_id) {
                            ids.remove(i);
                        } else {
                            ids.push(toggle_id.clone());
                        }
                        on_action.emit(Action::Edit("InstanceId", ids.join("\n")));
                    });
                    let box_id = format!("pick-{id}");
                    html! {
                        <li>
                            <input type="checkbox" id={box_id.clone()} {checked} {onchange} />
                            <label for={box_id}>
                                <code>{ id.clone() }</code>{ " " }<strong>{ text(&inst["name"]) }</strong>{ " " }
                                { badges(inst) }
                            </label>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
