//! The timeline's view (window, cursor, playback) as a hook of its own: the state and its rules
//! are [`View`]'s (plain Rust, unit-tested natively in `api::timeline_view`); this file only
//! keeps it in a yew reducer and runs the playback clock. A playback tick changes this state
//! only, so it re-renders the Executions panel (the timeline and the per-instance table), never
//! the form.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::api::timeline_view::{View, ViewAction, Window};

/// Real milliseconds between two playback ticks.
const TICK_MS: u32 = 100;

/// [`View`] as a yew reducer.
#[derive(Default, PartialEq)]
pub(crate) struct ViewState(pub(crate) View);

impl Reducible for ViewState {
    type Action = ViewAction;

    fn reduce(self: Rc<Self>, action: ViewAction) -> Rc<Self> {
        Rc::new(ViewState(self.0.reduce(action)))
    }
}

/// The timeline's view, in a reducer of its own.
#[hook]
pub(crate) fn use_timeline_view() -> UseReducerHandle<ViewState> {
    use_reducer(ViewState::default)
}

/// While `view` plays, a tick every [`TICK_MS`] advances its cursor in the window `shown`.
#[hook]
pub(crate) fn use_playback(view: &UseReducerHandle<ViewState>, shown: Window) {
    let playing = view.0.playing;
    let dispatcher = view.dispatcher();
    use_effect_with((playing, shown), move |(playing, shown)| {
        let shown = *shown;
        let interval = playing.then(|| {
            Interval::new(TICK_MS, move || {
                dispatcher.dispatch(ViewAction::Tick {
                    shown,
                    real_ms: f64::from(TICK_MS),
                })
            })
        });
        move || drop(interval)
    });
}
