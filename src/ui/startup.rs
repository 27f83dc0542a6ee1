//! What a page load starts from: the share link, else the autosaved draft, else the default
//! request. Nothing stored is ever dropped: a draft that a link replaces, that does not read, or
//! that a load which did not finish was applying (safe mode) is kept aside and offered back.

use std::rc::Rc;

use yew::prelude::*;

use super::persistence::{self, DraftError};
use super::state::{secrets_notice, Draft, Offer, Snapshot, HISTORY_LEN};

/// The reason a draft kept aside for a share link shows under History.
const FOR_A_LINK: &str = "Opening a shared link";
/// The reason a draft kept aside in safe mode shows under History.
const FOR_SAFE_MODE: &str = "Safe mode";
/// The reason an unreadable draft is kept aside.
const UNREADABLE: &str = "Unreadable draft";

/// How the page starts (made by [`crate::ui::mount`] and the page's own start; opaque outside).
#[derive(Default, PartialEq)]
pub struct Start {
    /// The state to apply (None: the default request).
    pub(crate) snapshot: Option<Snapshot>,
    /// Notices for the user, in order.
    pub(crate) notices: Vec<String>,
    /// A draft kept aside on this start, offered back.
    pub(crate) offer: Option<Rc<Offer>>,
    /// Whether the opened state carried secret values (the user had asked to include them).
    pub(crate) include_secrets: bool,
    /// The readable drafts kept aside, newest first, for History.
    pub(crate) history: Vec<Draft>,
}

impl Start {
    /// Opens a state: its secrets without a value get an empty one and are named.
    fn open(&mut self, mut snapshot: Snapshot, whose: &str) -> Snapshot {
        self.include_secrets = snapshot.has_secret_values();
        let named = snapshot.fill_secrets();
        self.notices.extend(secrets_notice(whose, &named));
        snapshot
    }

    /// Keeps the stored draft aside and offers it back with `message`.
    fn keep_draft_aside(
        &mut self,
        reason: &str,
        message: String,
        text: String,
        draft: Result<Snapshot, DraftError>,
        link: Option<Snapshot>,
    ) {
        let stored = persistence::keep_aside(reason, &text);
        let message = if stored {
            message
        } else {
            format!(
                "{message} (The browser's storage refused to keep it: copy or download it now.)"
            )
        };
        let (draft, secrets, carried_secrets) = match draft {
            Ok(mut draft) => {
                let carried = draft.has_secret_values();
                let named = draft.fill_secrets();
                (Some(draft), secrets_notice("Your draft's", &named), carried)
            }
            Err(_) => (None, None, false),
        };
        self.offer = Some(Rc::new(Offer {
            message,
            draft,
            secrets_notice: secrets,
            carried_secrets,
            text,
            link,
        }));
    }

    /// Opens the stored draft, or keeps it aside with a notice when it does not read.
    fn open_draft(&mut self, text: String, draft: Result<Snapshot, DraftError>) {
        match draft {
            Ok(draft) => self.snapshot = Some(self.open(draft, "Your draft's")),
            Err(e) => {
                let message = format!(
                    "Your saved draft could not be read ({e}), so the page opened with the default request. Its text is kept aside."
                );
                self.keep_draft_aside(UNREADABLE, message, text, Err(e), None);
                persistence::remove_draft();
            }
        }
    }
}

/// How an embed starts: the state of the share link in its address, if it reads.
pub(crate) async fn start_embed() -> Start {
    let mut start = Start::default();
    if let Ok(mut snapshot) = persistence::snapshot_of_link(&persistence::fragment()).await {
        snapshot.fill_secrets();
        start.snapshot = Some(snapshot);
    }
    start
}

/// Decides how the page starts, keeping aside whatever it does not open, and writes the marker
/// of a load in progress ([`use_load_finished`] removes it). The page renders once this is
/// done (opening a link waits for the browser to decompress it), never defaults first.
pub(crate) async fn start() -> Start {
    let unfinished = persistence::begin_load();
    let fragment = persistence::fragment();
    let stored = persistence::draft_text();
    let mut start = Start::default();
    if unfinished {
        if let Some(text) = stored {
            let draft = persistence::read_draft(&text);
            start.keep_draft_aside(
                FOR_SAFE_MODE,
                "The last load of the playground did not finish, so this one opened in safe mode, with the default request. Your draft is kept aside (restoring it may freeze the page again).".to_string(),
                text,
                draft,
                None,
            );
            persistence::remove_draft();
        }
        if !fragment.is_empty() {
            start.notices.push("Safe mode: the share link in the address was not opened, because the last load did not finish. Reload the page to open it.".to_string());
        }
    } else if !fragment.is_empty() {
        match persistence::snapshot_of_link(&fragment).await {
            Ok(link) => {
                if let Some(text) = stored {
                    let draft = persistence::read_draft(&text);
                    if draft.as_ref().ok() != Some(&link) {
                        let message = match &draft {
                            Ok(_) => "Opened a shared link — your draft is kept aside.".to_string(),
                            Err(e) => format!("Opened a shared link — your earlier draft could not be read ({e}); its text is kept aside."),
                        };
                        start.keep_draft_aside(
                            FOR_A_LINK,
                            message,
                            text,
                            draft,
                            Some(link.clone()),
                        );
                    }
                }
                start.snapshot = Some(start.open(link, "This share link's"));
            }
            Err(e) => {
                let fallback = if stored.is_some() {
                    "your saved draft"
                } else {
                    "the default request"
                };
                start.notices.push(format!(
                    "This share link could not be opened: {e}. Showing {fallback} instead."
                ));
                if let Some(text) = stored {
                    let draft = persistence::read_draft(&text);
                    start.open_draft(text, draft);
                }
            }
        }
    } else if let Some(text) = stored {
        let draft = persistence::read_draft(&text);
        start.open_draft(text, draft);
    }
    start.history = persistence::kept_drafts()
        .into_iter()
        .filter_map(|kept| {
            let mut snapshot = persistence::read_draft(&kept.text).ok()?;
            snapshot.fill_secrets();
            Some(Draft {
                replaced_by: kept.reason,
                snapshot,
            })
        })
        .take(HISTORY_LEN)
        .collect();
    start
}

/// Removes the marker of a load in progress once the first render (and its effects) finished.
#[hook]
pub(crate) fn use_load_finished(enabled: bool) {
    use_effect_with((), move |_| {
        if enabled {
            persistence::finish_load();
        }
    });
}
