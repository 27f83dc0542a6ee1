//! The notice after a Reset, a preset or a restore replaced the user's work: one click on
//! Undo brings the work back.

use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, Draft};

/// Properties of [`UndoBar`].
#[derive(Properties, PartialEq)]
pub(crate) struct UndoBarProps {
    /// The replaced work, while the notice shows.
    pub(crate) undo: Option<Rc<Draft>>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// Says what replaced the work, with Undo and Dismiss.
#[function_component(UndoBar)]
pub(crate) fn undo_bar(props: &UndoBarProps) -> Html {
    let Some(draft) = &props.undo else {
        return html! {};
    };
    let emit = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(action.clone()))
    };
    html! {
        <div id="undo-notice" class="notice" role="status">
            <span>{ format!("{} replaced your work (\"{}\"). It is also kept under History.", draft.replaced_by, draft.summary()) }</span>
            <span class="notice-actions">
                <button type="button" id="undo-button" onclick={emit(Action::Undo)}>{ "Undo" }</button>
                <button type="button" onclick={emit(Action::DismissUndo)} aria-label="Dismiss the undo notice">{ "Dismiss" }</button>
            </span>
        </div>
    }
}
