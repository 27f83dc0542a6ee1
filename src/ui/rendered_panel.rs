//! The Rendered panel: one tab per target instance with the script it will run (substituted
//! values highlighted), its file path, its command line and the warnings.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::evaluation::{text, Evaluation};
use super::instance_tabs::InstanceTabs;
use super::markup::{api_error_line, highlight};

/// Properties of [`RenderedPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct RenderedPanelProps {
    /// The current evaluation.
    pub(crate) evaluation: Rc<Evaluation>,
}

fn error_text(e: &Value) -> String {
    match e.get("message").or_else(|| e.get("Message")) {
        Some(m) => text(m),
        None => text(e),
    }
}

/// The rendered scripts, per instance.
#[function_component(RenderedPanel)]
pub(crate) fn rendered_panel(props: &RenderedPanelProps) -> Html {
    let selected = use_state(|| 0usize);
    let on_select = use_callback(selected.setter(), |i: usize, set| set.set(i));
    let rendered = &props.evaluation.rendered;
    if rendered["ok"].as_bool() != Some(true) {
        let e = &rendered["error"];
        return html! {
            <section class="panel" id="rendered">
                <h2>{ "Rendered scripts" }</h2>
                { api_error_line("Nothing runs: ", e) }
            </section>
        };
    }
    let instances = rendered["instances"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let index = (*selected).min(instances.len().saturating_sub(1));
    let labels = instances
        .iter()
        .map(|inst| match text(&inst["InstanceName"]) {
            n if n.is_empty() => text(&inst["InstanceId"]),
            n => format!("{n} ({})", text(&inst["InstanceId"])),
        })
        .collect::<Vec<_>>();
    let current = instances.get(index).unwrap_or(&Value::Null);
    html! {
        <section class="panel" id="rendered" aria-labelledby="rendered-title">
            <h2 id="rendered-title">{ "Rendered scripts" }</h2>
            <InstanceTabs labels={labels} selected={index} on_select={on_select} />
            if !current.is_null() {
                <div role="tabpanel" class="rendered-instance" id="rendered-instance">
                    <dl class="facts">
                        <dt>{ "Script file" }</dt><dd><code id="rendered-path">{ text(&current["path"]) }</code></dd>
                        <dt>{ "Command line" }</dt><dd><code id="rendered-command-line">{ text(&current["commandLine"]) }</code></dd>
                    </dl>
                    if !current["error"].is_null() {
                        <p class="error-line" role="alert">{ format!("The agent refuses this instance: {}", error_text(&current["error"])) }</p>
                    }
                    <pre class="code script" id="rendered-script">
                        { highlight(&text(&current["script"]), current["spans"].as_array().map(Vec::as_slice).unwrap_or_default(),
                            |s| (classes!("substituted"), format!("from {}", text(&s["source"])))) }
                    </pre>
                    if let Some(warnings) = current["warnings"].as_array().filter(|w| !w.is_empty()) {
                        <ul class="warnings">{ for warnings.iter().map(|w| html! { <li class="warning">{ text(w) }</li> }) }</ul>
                    }
                </div>
            }
        </section>
    }
}
