//! The header's History: the last drafts that a Reset, a preset or a restore replaced, and the
//! drafts kept aside when the page opened (a share link, safe mode), each one click from coming
//! back.

use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, Draft};

/// Properties of [`DraftsMenu`].
#[derive(Properties, PartialEq)]
pub(crate) struct DraftsMenuProps {
    /// Earlier drafts, newest first.
    pub(crate) history: Rc<Vec<Draft>>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// A disclosure listing the earlier drafts as buttons.
#[function_component(DraftsMenu)]
pub(crate) fn drafts_menu(props: &DraftsMenuProps) -> Html {
    let details = use_node_ref();
    html! {
        <details class="presets history" id="history" ref={details.clone()}>
            <summary>{ format!("History ({})", props.history.len()) }</summary>
            <ul class="preset-list">
                if props.history.is_empty() {
                    <li class="muted">{ "Work that Reset, a preset or a share link replaces is kept here." }</li>
                }
                { for props.history.iter().enumerate().map(|(at, draft)| {
                    let on_action = props.on_action.clone();
                    let details = details.clone();
                    let onclick = Callback::from(move |_| {
                        on_action.emit(Action::RestoreDraft(at));
                        if let Some(d) = details.cast::<web_sys::Element>() {
                            let _ = d.remove_attribute("open");
                        }
                    });
                    html! {
                        <li>
                            <button type="button" class="preset" id={format!("draft-{at}")} {onclick}>
                                <strong>{ draft.summary() }</strong>
                                <span>{ format!("Before: {}", draft.replaced_by) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
