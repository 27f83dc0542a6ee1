//! The Parameters table: one row per custom placeholder found in the content (rows follow the
//! content as it is edited), plus rows for passed keys the content does not define.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::evaluation::{text, Evaluation};
use super::state::Action;

/// Properties of [`ParametersTable`].
#[derive(Properties, PartialEq)]
pub(crate) struct ParametersTableProps {
    /// The Parameters text as typed (`key=value` lines).
    pub(crate) text: String,
    /// The current evaluation (placeholders).
    pub(crate) evaluation: Rc<Evaluation>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

fn parse(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.trim().to_string(), v.to_string()),
            None => (l.trim().to_string(), String::new()),
        })
        .collect()
}

fn unparse(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parameters table.
#[function_component(ParametersTable)]
pub(crate) fn parameters_table(props: &ParametersTableProps) -> Html {
    let pairs = parse(&props.text);
    let mut names: Vec<String> = Vec::new();
    for p in props.evaluation.validation["placeholders"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if text(&p["kind"]) == "custom" {
            let name = text(&p["name"]);
            if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                names.push(name);
            }
        }
    }
    let extra: Vec<String> = pairs
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| !names.iter().any(|n| n.eq_ignore_ascii_case(k)))
        .collect();
    let row = |name: String, defined: bool| {
        let value = pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.clone());
        let passed = value.is_some();
        let on_input = {
            let on_action = props.on_action.clone();
            let pairs = pairs.clone();
            let name = name.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let mut pairs = pairs.clone();
                match pairs
                    .iter_mut()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&name))
                {
                    Some(pair) => pair.1 = input.value(),
                    None => pairs.push((name.clone(), input.value())),
                }
                on_action.emit(Action::Edit("Parameters", unparse(&pairs)));
            })
        };
        let on_remove = {
            let on_action = props.on_action.clone();
            let pairs = pairs.clone();
            let name = name.clone();
            Callback::from(move |_| {
                let kept: Vec<_> = pairs
                    .iter()
                    .filter(|(k, _)| !k.eq_ignore_ascii_case(&name))
                    .cloned()
                    .collect();
                on_action.emit(Action::Edit("Parameters", unparse(&kept)));
            })
        };
        let input_id = format!("param-{name}");
        html! {
            <tr class={classes!((!defined).then_some("undefined"))}>
                <th scope="row"><label for={input_id.clone()}><code>{ name.clone() }</code></label></th>
                <td>
                    <input id={input_id} value={value.unwrap_or_default()} oninput={on_input}
                        placeholder={if defined { "(omitted: renders as empty)" } else { "" }} />
                </td>
                <td>
                    if !defined { <span class="warning">{ "not in the content" }</span> }
                    if passed {
                        <button type="button" onclick={on_remove} aria-label={format!("Do not pass {name}")}>{ "Omit" }</button>
                    }
                </td>
            </tr>
        }
    };
    html! {
        <div class="parameters">
            if names.is_empty() && extra.is_empty() {
                <p class="muted">{ "No custom {{placeholders}} in the content." }</p>
            } else {
                <table id="parameters-table" class="grid">
                    <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Value" }</th><th scope="col"></th></tr></thead>
                    <tbody>
                        { for names.iter().cloned().map(|n| row(n, true)) }
                        { for extra.into_iter().map(|n| row(n, false)) }
                    </tbody>
                </table>
            }
        </div>
    }
}
