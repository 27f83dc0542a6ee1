//! Exports with copy buttons: request JSON, wire query, `aliyun` CLI and SDK snippets.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::code_highlight::highlighted;
use super::copy_button::CopyButton;
use super::evaluation::text;
use crate::api;

/// Properties of [`ExportsPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct ExportsPanelProps {
    /// The request.
    pub(crate) request: Rc<Value>,
}

/// Each format: its id, the exports key of the text shown, and its label.
const FORMS: [(&str, &str, &str); 7] = [
    ("json", "jsonPretty", "Request JSON"),
    ("query", "queryFull", "Wire query"),
    ("cli", "cliLines", "aliyun CLI"),
    ("python", "python", "Python"),
    ("go", "go", "Go"),
    ("java", "java", "Java"),
    ("nodejs", "nodejs", "Node.js"),
];

/// The exports.
#[function_component(ExportsPanel)]
pub(crate) fn exports_panel(props: &ExportsPanelProps) -> Html {
    let selected = use_state(|| "json");
    let exports = use_memo(props.request.clone(), |request| api::exports(request));
    if exports["ok"].as_bool() != Some(true) {
        return html! { <section class="panel" id="exports"><h2>{ "Exports" }</h2>
        <p class="error-line">{ text(&exports["error"]["Message"]) }</p></section> };
    }
    let key = FORMS
        .iter()
        .find(|(id, ..)| id == &*selected)
        .map_or("jsonPretty", |(_, key, _)| key);
    let current = text(&exports[key]);
    html! {
        <section class="panel" id="exports" aria-labelledby="exports-title">
            <h2 id="exports-title">{ "Exports" }</h2>
            <div class="subtabs" role="tablist" aria-label="Formats">
                { for FORMS.iter().map(|(id, _, label)| {
                    let selected_state = selected.clone();
                    let id = *id;
                    html! {
                        <button type="button" role="tab" id={format!("export-{id}")} aria-selected={(*selected == id).to_string()}
                            class={classes!("subtab", (*selected == id).then_some("selected"))}
                            onclick={Callback::from(move |_| selected_state.set(id))}>{ *label }</button>
                    }
                }) }
            </div>
            <CopyButton text={current.clone()} />
            <pre class={classes!("code", "export", format!("export-{}", *selected))} id="export-text">{ highlighted(&selected, &current) }</pre>
            if *selected == "query" {
                <p class="muted">{ "A signer adds AccessKeyId, Timestamp, SignatureNonce and Signature." }</p>
            }
        </section>
    }
}
