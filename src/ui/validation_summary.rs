//! The API's answer to the request: 200 with ids, or the error body the real API would return.

use std::rc::Rc;

use yew::prelude::*;

use super::evaluation::{text, Evaluation};
use super::markup::code_text;
use super::schedule_voice::never_fires;

/// Properties of [`ValidationSummary`].
#[derive(Properties, PartialEq)]
pub(crate) struct ValidationSummaryProps {
    /// The current evaluation.
    pub(crate) evaluation: Rc<Evaluation>,
}

/// A banner: accepted, or refused with HTTP status, Code and Message.
#[function_component(ValidationSummary)]
pub(crate) fn validation_summary(props: &ValidationSummaryProps) -> Html {
    let v = &props.evaluation.validation;
    let problems = v["problems"].as_array().map(Vec::len).unwrap_or(0);
    let warnings: Vec<String> = v["warnings"]
        .as_array()
        .map(|w| w.iter().map(text).collect())
        .unwrap_or_default();
    let never_fires = never_fires(&props.evaluation.schedule);
    let body = if v["ok"].as_bool() == Some(true) {
        match &never_fires {
            Some(reason) => html! {
                <p class="amber-line" id="api-never-fires"><strong>{ "200 OK" }</strong>
                    { " — accepted, but the agent never fires it. " }{ code_text(reason) }</p>
            },
            None => html! {
                <p class="ok"><strong>{ "200 OK" }</strong>{ " — RunCommand accepts this request." }</p>
            },
        }
    } else {
        let e = &v["error"];
        html! {
            <>
                <p class="error-line">
                    <strong>{ format!("HTTP {}", text(&e["HttpStatus"])) }</strong>{ " " }
                    <code id="api-error-code">{ text(&e["Code"]) }</code>{ " — " }
                    <span id="api-error-message">{ code_text(&text(&e["Message"])) }</span>
                </p>
                if problems > 1 {
                    <p class="muted">{ format!("{problems} problems in all; the API answers with the first in its check order. Each is shown beside its field.") }</p>
                }
            </>
        }
    };
    html! {
        <section id="validation" class={classes!("panel", "validation", (v["ok"].as_bool() != Some(true)).then_some("refused"),
                           (v["ok"].as_bool() == Some(true) && never_fires.is_some()).then_some("amber"))}
                 aria-live="polite" aria-labelledby="validation-title">
            <h2 id="validation-title">{ "API answer" }</h2>
            { body }
            if !warnings.is_empty() {
                <ul class="warnings">
                    { for warnings.iter().map(|w| html! { <li class="warning">{ code_text(w) }</li> }) }
                </ul>
            }
        </section>
    }
}
