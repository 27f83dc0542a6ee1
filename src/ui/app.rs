//! The top-level playground component: one reducer, one evaluation per change, the form on the
//! left and the result panels on the right.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::evaluation::Evaluation;
use super::executions_panel::ExecutionsPanel;
use super::exports_panel::ExportsPanel;
use super::first_render::use_first_render_mark;
use super::header_bar::HeaderBar;
use super::notice::NoticeBar;
use super::persistence;
use super::rendered_panel::RenderedPanel;
use super::request_form::RequestForm;
use super::schedule_panel::SchedulePanel;
use super::state::{default_request, Action, AppState, Tab};
use super::tab_bar::TabBar;
use super::validation_summary::ValidationSummary;
use super::world_panel::WorldPanel;

/// Properties of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Panels to show (empty = the full playground); used by embeds.
    #[prop_or_default]
    pub panels: Vec<String>,
    /// An initial request (SDK-style JSON) instead of the link, draft or default; used by embeds.
    #[prop_or_default]
    pub initial_request: Option<Rc<Value>>,
}

fn initial_state(props: &AppProps) -> AppState {
    let clock = persistence::clock_now();
    if let Some(request) = &props.initial_request {
        return AppState::new(request, clock);
    }
    let (snapshot, notice) = persistence::initial_snapshot();
    let mut state = AppState::new(&default_request(), clock);
    if let Some(snapshot) = snapshot {
        state.apply_snapshot(&snapshot);
    }
    state.notice = notice;
    state
}

/// The playground page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let initial = initial_state(props);
        use_reducer(move || initial)
    };
    use_first_render_mark();
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    // Autosave the draft whenever what it holds changes (not in embeds).
    let snapshot = state.snapshot();
    let is_embed = props.initial_request.is_some();
    use_effect_with(snapshot, move |snapshot| {
        if !is_embed {
            persistence::save_draft(snapshot);
        }
    });

    let request = state.request();
    let world = state.world.clone();
    let now = state.now().to_string();
    let evaluation = use_memo((request.clone(), world.clone(), now.clone()), |(request, world, now)| {
        Evaluation::of(request, world.as_ref(), now)
    });

    let panel = match state.tab {
        Tab::Rendered => html! { <RenderedPanel evaluation={evaluation.clone()} /> },
        Tab::Schedule => html! {
            <SchedulePanel evaluation={evaluation.clone()} now={now.clone()}
                pinned={state.pinned_now.is_some()} on_action={dispatch.clone()} />
        },
        Tab::Executions => html! {
            <ExecutionsPanel request={request.clone()} world={world.clone()} now={now.clone()}
                playback={state.playback.clone()} events={state.events.clone()} on_action={dispatch.clone()} />
        },
        Tab::Exports => html! { <ExportsPanel request={request.clone()} /> },
        Tab::World => html! { <WorldPanel world={world.clone()} on_action={dispatch.clone()} /> },
    };

    html! {
        <main class="app">
            <HeaderBar snapshot={state.snapshot()} on_action={dispatch.clone()} />
            <NoticeBar notice={state.notice.clone()} on_action={dispatch.clone()} />
            <div class="panels">
                <div class="left">
                    <ValidationSummary evaluation={evaluation.clone()} />
                    <RequestForm state={state.clone()} evaluation={evaluation.clone()} on_action={dispatch.clone()} />
                </div>
                <div class="right">
                    <TabBar selected={state.tab} on_action={dispatch.clone()} />
                    <div role="tabpanel" id={format!("panel-{}", state.tab.id())}
                         aria-labelledby={format!("tab-{}", state.tab.id())} class="tab-panel">
                        { panel }
                    </div>
                </div>
            </div>
        </main>
    }
}
