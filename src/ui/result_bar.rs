//! On narrow screens, a compact bar that stays at the bottom of the viewport: the API's answer,
//! the number of problems, a link to each erring field and one to the results.

use std::rc::Rc;

use yew::prelude::*;

use super::evaluation::{text, Evaluation};
use super::schedule_voice::never_fires;

/// Properties of [`ResultBar`].
#[derive(Properties, PartialEq)]
pub(crate) struct ResultBarProps {
    /// The current evaluation.
    pub(crate) evaluation: Rc<Evaluation>,
}

/// The bar (hidden by the style sheet on wide screens, where the results stay in view).
#[function_component(ResultBar)]
pub(crate) fn result_bar(props: &ResultBarProps) -> Html {
    let v = &props.evaluation.validation;
    let ok = v["ok"].as_bool() == Some(true);
    let mut fields: Vec<String> = Vec::new();
    for p in v["problems"].as_array().into_iter().flatten() {
        let field = text(&p["field"]);
        let key = field.split('.').next().unwrap_or_default().to_string();
        if !key.is_empty() && !fields.contains(&key) {
            fields.push(key);
        }
    }
    let problems = v["problems"].as_array().map_or(0, Vec::len);
    let answer = if !ok {
        format!(
            "HTTP {} {}",
            text(&v["error"]["HttpStatus"]),
            text(&v["error"]["Code"])
        )
    } else if never_fires(&props.evaluation.schedule).is_some() {
        "200 OK, never fires".to_string()
    } else {
        "200 OK".to_string()
    };
    html! {
        <nav class={classes!("result-bar", (!ok).then_some("refused"))} id="result-bar" aria-label="Result">
            <a href="#results" class="answer">{ answer }</a>
            if problems > 0 {
                <span>{ format!("{problems} problem{}:", if problems == 1 { "" } else { "s" }) }</span>
                { for fields.iter().map(|f| html! { <a href={format!("#row-{f}")} class="field-link">{ f.clone() }</a> }) }
            }
        </nav>
    }
}
