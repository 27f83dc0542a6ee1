//! The top-level playground component: one reducer, one evaluation per change, the form on the
//! left and the result panels on the right. In embed mode it shows only the chosen panels.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::embed;
use super::embed_options::EmbedOptions;
use super::embed_view::EmbedView;
use super::evaluation::{Evaluation, Shared};
#[cfg(not(feature = "framed-executions"))]
use super::executions::ExecutionsPanel;
#[cfg(feature = "framed-executions")]
use super::executions_frame::ExecutionsFrame;
use super::exports_panel::ExportsPanel;
use super::first_render::use_first_render_mark;
use super::header_bar::HeaderBar;
use super::kept_notice::KeptNotice;
use super::notice::NoticeBar;
use super::persistence;
use super::rendered_panel::RenderedPanel;
use super::request_form::RequestForm;
use super::result_bar::ResultBar;
use super::schedule_panel::SchedulePanel;
use super::startup;
use super::state::{default_request, world_for_storage, Action, AppState, Snapshot, Tab};
use super::tab_bar::TabBar;
use super::undo_bar::UndoBar;
use super::validation_summary::ValidationSummary;
use super::world_panel::WorldPanel;

/// Properties of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Embed mode: only the options' panels (`form`, `validation`, `rendered`, `schedule`,
    /// `executions`, `exports`, `world`), compact, no header, no autosave. `None` = the full
    /// playground.
    #[prop_or_default]
    pub embed: Option<EmbedOptions>,
    /// An initial request (SDK-style JSON) instead of the link, draft or default.
    #[prop_or_default]
    pub initial_request: Option<Rc<Value>>,
    /// Whether the page is an iframe embed that talks to its parent (height, initial state).
    #[prop_or_default]
    pub iframe: bool,
    /// Whether the page is the playground page's Executions frame (`?frame=executions`, see
    /// `executions_frame`): only the panel, no link, and the user's actions go to the page.
    #[prop_or_default]
    pub executions_frame: bool,
    /// How the page starts (the link, the draft, notices), decided before the first render
    /// ([`startup::start`], [`startup::start_embed`]). `None`: the default request.
    #[prop_or_default]
    pub start: Option<Rc<startup::Start>>,
}

fn initial_state(props: &AppProps) -> AppState {
    let clock = persistence::clock_now();
    let mut state = AppState::new(&default_request(), clock);
    if let Some(request) = &props.initial_request {
        state = AppState::new(request, state.clock_now.clone());
    } else if let Some(start) = &props.start {
        if let Some(snapshot) = &start.snapshot {
            state.apply_snapshot(snapshot);
        }
        state.notice = (!start.notices.is_empty()).then(|| start.notices.join(" "));
        state.offer = start.offer.clone();
        state.include_secrets = start.include_secrets;
        state.history = Rc::new(start.history.clone());
    }
    if let Some(now) = props.embed.as_ref().and_then(|e| e.now.clone()) {
        state.pinned_now = Some(now);
    }
    state
}

/// The playground page (or an embedded widget).
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    // Read the link, the draft and the clock once, on the first render only.
    let state = use_reducer(|| initial_state(props));
    use_first_render_mark();
    // The full page marks its load in progress until the first render has finished.
    startup::use_load_finished(props.embed.is_none() && props.start.is_some());
    // One callback for the page's lifetime: a new one per render would make every child's
    // props differ, so each keystroke re-rendered every panel.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };
    let embedded = props.embed.is_some();

    // Autosave the draft (not in embeds). Links and the draft leave secret values out unless
    // the user asked to include them.
    // The world is stripped once per change of the world, not per keystroke.
    let snapshot = state.snapshot();
    let stored_world = use_memo(
        (state.world.clone(), state.include_secrets),
        |(world, include)| world_for_storage(world, *include),
    );
    let stored = Snapshot {
        world: (*stored_world).clone(),
        ..snapshot.clone()
    };
    persistence::use_autosave(stored.clone(), !embedded);
    // The embed's "Open in the playground" link, compressed by the browser.
    let fragment = persistence::use_share_fragment(
        (embedded && !props.executions_frame).then(|| stored.clone()),
    );
    // An iframe embed reports its height and accepts an initial state from its parent.
    embed::use_iframe_bridge(
        props.iframe,
        props.executions_frame,
        dispatch.clone(),
        state.events.clone(),
    );

    // The snapshot already holds the request built from the form (building it is not free).
    let request = snapshot.request.clone();
    let world = state.world.clone();
    let now = state.now().to_string();
    let read_world = Shared(use_memo(world.clone(), |world| {
        crate::api::input::world(world.as_deref())
    }));
    // The scripts are rendered only while the Rendered panel is shown.
    let shows_rendered = match &props.embed {
        Some(options) => options.panels.iter().any(|p| p == Tab::Rendered.id()),
        None => state.tab == Tab::Rendered,
    };
    let evaluated = use_memo(
        (
            request.clone(),
            read_world.clone(),
            now.clone(),
            shows_rendered,
        ),
        |(request, read_world, now, shows_rendered)| {
            let (evaluation, checked) = Evaluation::of(request, read_world, now, *shows_rendered);
            (Rc::new(evaluation), Shared(Rc::new(checked)))
        },
    );
    let evaluation = evaluated.0.clone();

    let panel_of = |tab: Tab| match tab {
        Tab::Rendered => html! { <RenderedPanel evaluation={evaluation.clone()} /> },
        Tab::Schedule => html! {
            <SchedulePanel evaluation={evaluation.clone()} now={now.clone()}
                pinned={state.pinned_now.is_some()} on_action={dispatch.clone()}
                fires_at_first={props.embed.as_ref().map(|e| e.fires)} />
        },
        #[cfg(not(feature = "framed-executions"))]
        Tab::Executions => html! {
            // Keyed by "now": a new one (a preset, a pin) starts from the fit again.
            <ExecutionsPanel key={now.clone()} checked={evaluated.1.clone()} world={read_world.clone()} now={now.clone()}
                events={state.events.clone()} on_action={dispatch.clone()} />
        },
        #[cfg(feature = "framed-executions")]
        Tab::Executions => html! {
            <ExecutionsFrame request={request.clone()} world={world.clone()} now={now.clone()}
                events={state.events.clone()} on_action={dispatch.clone()}
                shown={embedded || state.tab == Tab::Executions} />
        },
        Tab::Exports => html! { <ExportsPanel request={request.clone()} /> },
        Tab::World => html! { <WorldPanel world={world.clone()} on_action={dispatch.clone()} /> },
    };
    let form = html! {
        <RequestForm state={state.clone()} evaluation={evaluation.clone()}
            on_action={dispatch.clone()} compact={embedded} />
    };
    let validation = html! { <ValidationSummary evaluation={evaluation.clone()} /> };

    if let Some(options) = &props.embed {
        let wants = |name: &str| options.panels.iter().any(|p| p == name);
        if props.executions_frame {
            return html! {
                <main class="app embed framed" data-theme={options.theme.clone()}>
                    { panel_of(Tab::Executions) }
                </main>
            };
        }
        let link = match &fragment {
            Some(fragment) => format!("{}#{fragment}", options.playground_url),
            None => options.playground_url.clone(),
        };
        return html! {
            <EmbedView options={options.clone()} {link}>
                if wants("form") { { form } }
                if wants("validation") || wants("form") { { validation } }
                { for Tab::ALL.iter().filter(|t| wants(t.id())).map(|t| panel_of(*t)) }
            </EmbedView>
        };
    }

    // The page's build keeps its Executions frame once opened, hidden on the other tabs, so
    // coming back to the tab does not load the full build again.
    let opened_frame = use_mut_ref(|| false);
    if cfg!(feature = "framed-executions") && state.tab == Tab::Executions {
        *opened_frame.borrow_mut() = true;
    }
    let frame_kept = *opened_frame.borrow();
    let tab_panel = |tab: Tab, shown: bool| {
        html! {
            <div role="tabpanel" id={format!("panel-{}", tab.id())}
                 aria-labelledby={format!("tab-{}", tab.id())} class="tab-panel" hidden={!shown}>
                { panel_of(tab) }
            </div>
        }
    };

    html! {
        <main class="app">
            <a class="skip-link" href="#results">{ "Skip to the results" }</a>
            <HeaderBar snapshot={stored} history={state.history.clone()}
                include_secrets={state.include_secrets} on_action={dispatch.clone()} />
            <NoticeBar notice={state.notice.clone()} on_action={dispatch.clone()} />
            <KeptNotice offer={state.offer.clone()} include_secrets={state.include_secrets} on_action={dispatch.clone()} />
            <UndoBar undo={state.undo.clone()} on_action={dispatch.clone()} />
            <div class="panels">
                <div class="left">
                    { validation }
                    { form }
                </div>
                <div class="right" id="results" tabindex="-1" aria-label="Results">
                    <TabBar selected={state.tab} on_action={dispatch.clone()} />
                    if !(frame_kept && state.tab == Tab::Executions) {
                        { tab_panel(state.tab, true) }
                    }
                    if frame_kept {
                        { tab_panel(Tab::Executions, state.tab == Tab::Executions) }
                    }
                </div>
            </div>
            <ResultBar evaluation={evaluation.clone()} />
        </main>
    }
}
