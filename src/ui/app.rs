//! The top-level playground component.

use yew::prelude::*;

use super::first_render::use_first_render_mark;
use super::request_form::RequestForm;
use super::request_json::RequestJson;
use super::state::{Action, AppState};

/// The playground page: the request form beside the request as JSON.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    use_first_render_mark();
    let on_action = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    html! {
        <main class="app">
            <header class="app-header">
                <h1>{ "RunCommand Playground" }</h1>
                <p class="tagline">{ "Check, render, schedule and simulate an ECS RunCommand request — offline." }</p>
            </header>
            <div class="panels">
                <RequestForm form={state.form.clone()} {on_action} />
                <RequestJson json={state.request_json()} />
            </div>
        </main>
    }
}
