//! The notice of a draft the page's start kept aside (a share link opened over it, it did not
//! read, or safe mode): Restore brings it back; its text can be downloaded (and copied, when it
//! does not read).

use std::rc::Rc;

use yew::prelude::*;

use super::copy_button::CopyButton;
use super::persistence;
use super::state::{Action, Offer};

/// The name a downloaded draft is saved under.
const DOWNLOAD_NAME: &str = "runcommand-playground-draft.json";

/// Properties of [`KeptNotice`].
#[derive(Properties, PartialEq)]
pub(crate) struct KeptNoticeProps {
    /// The draft kept aside, while its notice shows.
    pub(crate) offer: Option<Rc<Offer>>,
    /// Whether share links and the draft carry secret values.
    pub(crate) include_secrets: bool,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// Says which draft was kept aside and why, with Restore (or Copy and Download) and Dismiss.
#[function_component(KeptNotice)]
pub(crate) fn kept_notice(props: &KeptNoticeProps) -> Html {
    let Some(offer) = &props.offer else {
        return html! {};
    };
    let on_restore = {
        let on_action = props.on_action.clone();
        let link = offer.link.clone();
        let include_secrets = props.include_secrets;
        Callback::from(move |_| {
            // The link's state is kept aside in its turn, and leaves the address bar so that a
            // reload opens the restored draft.
            if let Some(link) = &link {
                if let Ok(text) = serde_json::to_string(&link.for_storage(include_secrets)) {
                    persistence::keep_aside("Restoring your draft over a shared link", &text);
                }
                persistence::clear_fragment();
            }
            on_action.emit(Action::RestoreOffered);
        })
    };
    let on_dismiss = {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(Action::DismissOffer))
    };
    let download = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&offer.text))
    );
    html! {
        <div id="kept-notice" class="notice" role="status">
            <span>{ offer.message.clone() }</span>
            <span class="notice-actions">
                if offer.draft.is_some() {
                    <button type="button" id="restore-draft" onclick={on_restore}>{ "Restore your draft" }</button>
                } else {
                    <CopyButton text={offer.text.clone()} label="Copy the draft text" />
                }
                <a id="download-draft" class="button" href={download} download={DOWNLOAD_NAME}>{ "Download it" }</a>
                <button type="button" onclick={on_dismiss} aria-label="Dismiss the notice of the kept draft">{ "Dismiss" }</button>
            </span>
        </div>
    }
}
