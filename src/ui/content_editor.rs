//! The CommandContent editor: line numbers, placeholder highlighting, the Base64 budget meter
//! and a Base64 ⇄ plain toggle that converts the content in place.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::evaluation::{text, Evaluation};
use super::markup::highlight;
use super::parameter_notes::ParameterNotes;
use super::state::Action;
use crate::api::content;

/// Properties of [`ContentEditor`].
#[derive(Properties, PartialEq)]
pub(crate) struct ContentEditorProps {
    /// The content as typed.
    pub(crate) value: String,
    /// `ContentEncoding` as typed.
    pub(crate) encoding: String,
    /// `Parameters` as typed (for the notes on empty values).
    pub(crate) parameters: AttrValue,
    /// The current evaluation (placeholders, size).
    pub(crate) evaluation: Rc<Evaluation>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// The content editor.
#[function_component(ContentEditor)]
pub(crate) fn content_editor(props: &ContentEditorProps) -> Html {
    let error = use_state(|| None::<String>);
    let is_base64 = props.encoding.trim().eq_ignore_ascii_case("base64");
    let on_input = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_action.emit(Action::Edit("CommandContent", area.value()));
        })
    };
    let on_toggle = {
        let on_action = props.on_action.clone();
        let value = props.value.clone();
        let error = error.clone();
        Callback::from(move |_| {
            if is_base64 {
                match content::from_base64(&value) {
                    Ok(plain) => {
                        on_action.emit(Action::Edit("CommandContent", plain));
                        on_action.emit(Action::Edit("ContentEncoding", "PlainText".into()));
                        error.set(None);
                    }
                    Err(e) => error.set(Some(format!("Cannot convert to plain text: {e}."))),
                }
            } else {
                on_action.emit(Action::Edit("CommandContent", content::to_base64(&value)));
                on_action.emit(Action::Edit("ContentEncoding", "Base64".into()));
                error.set(None);
            }
        })
    };
    let lines = props.value.split('\n').count().max(1);
    let gutter: String = (1..=lines).map(|n| format!("{n}\n")).collect();
    let validation = &props.evaluation.validation;
    let size = &validation["contentSize"];
    let meter = match (size["used"].as_u64(), size["limit"].as_u64()) {
        (Some(used), Some(limit)) if limit > 0 => {
            let over = used > limit;
            html! {
                <div class={classes!("size-meter", over.then_some("over"))}>
                    <label for="content-size">{ "Base64 size, parameters included" }</label>
                    <meter id="content-size" min="0" max={limit.to_string()} high={(limit * 9 / 10).to_string()}
                        value={used.to_string()} />
                    <span>{ format!("{used} / {limit} bytes") }</span>
                </div>
            }
        }
        _ => html! {},
    };
    let placeholders: Vec<serde_json::Value> = validation["placeholders"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    html! {
        <div class="content-editor">
            <div class="editor-body">
                <pre class="gutter" aria-hidden="true">{ gutter }</pre>
                <textarea id="field-CommandContent" rows={lines.clamp(4, 24).to_string()} spellcheck="false"
                    wrap="off" value={props.value.clone()} oninput={on_input}
                    aria-describedby="doc-CommandContent error-CommandContent" />
            </div>
            <div class="editor-tools">
                <button type="button" id="toggle-encoding" onclick={on_toggle}>
                    { if is_base64 { "Decode to plain text" } else { "Encode as Base64" } }
                </button>
                { meter }
            </div>
            if let Some(e) = &*error { <p class="field-error" role="alert">{ e.clone() }</p> }
            <ParameterNotes placeholders={placeholders.clone()} parameters={props.parameters.clone()}
                enabled={validation["effective"]["EnableParameter"].as_bool() == Some(true)} />
            if !is_base64 && !placeholders.is_empty() {
                <details class="placeholders-preview" open=true>
                    <summary>{ format!("{} placeholder(s)", placeholders.len()) }</summary>
                    <pre class="code" id="content-highlight">{ highlight(&props.value, &placeholders, |p| {
                        let kind = text(&p["kind"]);
                        (classes!("placeholder", format!("ph-{kind}")), format!("{kind}: {}", text(&p["name"])))
                    }) }</pre>
                </details>
            }
        </div>
    }
}
