//! A button that copies a text to the clipboard.

use yew::prelude::*;

use super::persistence::copy_to_clipboard;

/// Properties of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub(crate) struct CopyButtonProps {
    /// The text to copy.
    pub(crate) text: AttrValue,
    /// The button's label.
    #[prop_or(AttrValue::Static("Copy"))]
    pub(crate) label: AttrValue,
}

/// Copies `text` and says so for a moment.
#[function_component(CopyButton)]
pub(crate) fn copy_button(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let text = props.text.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            copy_to_clipboard(&text);
            copied.set(true);
        })
    };
    html! {
        <button type="button" class="copy" {onclick} aria-live="polite">
            { if *copied { "Copied".into() } else { props.label.clone() } }
        </button>
    }
}
