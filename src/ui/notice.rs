//! A dismissible notice (e.g. a share link that could not be opened).

use yew::prelude::*;

use super::state::Action;

/// Properties of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub(crate) struct NoticeBarProps {
    /// The notice, if any.
    pub(crate) notice: Option<String>,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// Shows the notice with a dismiss button.
#[function_component(NoticeBar)]
pub(crate) fn notice_bar(props: &NoticeBarProps) -> Html {
    let Some(notice) = &props.notice else {
        return html! {};
    };
    let on_dismiss = {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(Action::Notice(None)))
    };
    html! {
        <div id="notice" class="notice" role="alert">
            <span>{ notice.clone() }</span>
            <button type="button" onclick={on_dismiss} aria-label="Dismiss the notice">{ "Dismiss" }</button>
        </div>
    }
}
