//! The Parameters table: one row per custom placeholder found in the content (rows follow the
//! content as it is edited), plus rows for passed keys the content does not define.

use std::collections::{HashMap, HashSet};
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

/// The most rows shown: the API takes at most 10 pairs and 20 distinct names, so a longer
/// table is a request the API refuses, and its rows would only cost time.
pub const MAX_ROWS: usize = 100;

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

/// The typed pairs, shared by every row's callbacks, with the first pair of each key
/// (case-insensitive): a row costs O(1), whatever the number of pairs.
struct Pairs {
    list: Vec<(String, String)>,
    first: HashMap<String, usize>,
}

impl Pairs {
    fn new(text: &str) -> Self {
        let list = parse(text);
        let mut first = HashMap::with_capacity(list.len());
        for (i, (k, _)) in list.iter().enumerate() {
            first.entry(k.to_ascii_lowercase()).or_insert(i);
        }
        Self { list, first }
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.first.get(&name.to_ascii_lowercase()).copied()
    }

    /// The text with `name`'s first pair set to `value` (or a new pair at the end).
    fn with_value(&self, name: &str, value: String) -> String {
        let mut list = self.list.clone();
        match self.index_of(name) {
            Some(i) => list[i].1 = value,
            None => list.push((name.to_string(), value)),
        }
        unparse(&list)
    }

    /// The text without any pair of `name`.
    fn without(&self, name: &str) -> String {
        let kept: Vec<_> = self
            .list
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case(name))
            .cloned()
            .collect();
        unparse(&kept)
    }
}

/// The rows: each custom placeholder once, then each passed key the content does not define
/// (`true`: defined).
fn row_names(pairs: &Pairs, evaluation: &Evaluation) -> Vec<(String, bool)> {
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for p in evaluation.validation["placeholders"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let name = text(&p["name"]);
        if text(&p["kind"]) == "custom" && seen.insert(name.to_ascii_lowercase()) {
            rows.push((name, true));
        }
    }
    for (k, _) in &pairs.list {
        if seen.insert(k.to_ascii_lowercase()) {
            rows.push((k.clone(), false));
        }
    }
    rows
}

/// The parameters table.
#[function_component(ParametersTable)]
pub(crate) fn parameters_table(props: &ParametersTableProps) -> Html {
    let pairs = Rc::new(Pairs::new(&props.text));
    let rows = row_names(&pairs, &props.evaluation);
    let hidden = rows.len().saturating_sub(MAX_ROWS);
    let row = |name: String, defined: bool| {
        let value = pairs.index_of(&name).map(|i| pairs.list[i].1.clone());
        let passed = value.is_some();
        let name: Rc<str> = name.into();
        let on_input = {
            let (on_action, pairs, name) = (props.on_action.clone(), pairs.clone(), name.clone());
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                on_action.emit(Action::Edit(
                    "Parameters",
                    pairs.with_value(&name, input.value()),
                ));
            })
        };
        let on_remove = {
            let (on_action, pairs, name) = (props.on_action.clone(), pairs.clone(), name.clone());
            Callback::from(move |_| {
                on_action.emit(Action::Edit("Parameters", pairs.without(&name)))
            })
        };
        let input_id = format!("param-{name}");
        html! {
            <tr class={classes!((!defined).then_some("undefined"))}>
                <th scope="row"><label for={input_id.clone()}><code>{ name.to_string() }</code></label></th>
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
            if rows.is_empty() {
                <p class="muted">{ "No custom {{placeholders}} in the content." }</p>
            } else {
                <table id="parameters-table" class="grid">
                    <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Value" }</th><th scope="col"></th></tr></thead>
                    <tbody>
                        { for rows.into_iter().take(MAX_ROWS).map(|(n, defined)| row(n, defined)) }
                    </tbody>
                </table>
                if hidden > 0 {
                    <p id="parameters-hidden" class="warning">{ format!(
                        "{hidden} more names are not shown: the API takes at most 10 Parameters and 20 distinct placeholders."
                    ) }</p>
                }
            }
        </div>
    }
}
