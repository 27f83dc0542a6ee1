//! Under the Frequency field: what the agent does with an accepted schedule it never fires,
//! and one-click fixes that rewrite the expression into a form that is accepted and fires.

use std::rc::Rc;

use yew::prelude::*;

use super::evaluation::Evaluation;
use super::markup::code_text;
use super::schedule_voice::never_fires;
use super::state::Action;
use crate::api::frequency_fixes;

/// Properties of [`FrequencyNote`].
#[derive(Properties, PartialEq)]
pub(crate) struct FrequencyNoteProps {
    /// The Frequency as typed.
    pub(crate) text: AttrValue,
    /// The current evaluation.
    pub(crate) evaluation: Rc<Evaluation>,
    /// Dispatches the fix.
    pub(crate) on_action: Callback<Action>,
}

/// The note and the fixes (nothing when the Frequency needs neither).
#[function_component(FrequencyNote)]
pub(crate) fn frequency_note(props: &FrequencyNoteProps) -> Html {
    let reason = never_fires(&props.evaluation.schedule);
    let fixes = frequency_fixes(&props.text);
    if reason.is_none() && fixes.is_empty() {
        return html! {};
    }
    html! {
        <div class="frequency-note">
            if let Some(reason) = reason {
                <p class="amber-note" id="frequency-never-fires" role="status">
                    <strong>{ "Accepted, but the agent never fires it. " }</strong>{ code_text(&reason) }
                </p>
            }
            { for fixes.into_iter().map(|fix| {
                let on_action = props.on_action.clone();
                let expression = fix.expression.clone();
                let onclick = Callback::from(move |_| on_action.emit(Action::Edit("Frequency", expression.clone())));
                html! {
                    <button type="button" class="fix" {onclick}>
                        { format!("Fix: {} → ", fix.label) }<code>{ fix.expression }</code>
                    </button>
                }
            }) }
        </div>
    }
}
