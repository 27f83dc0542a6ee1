//! The top-level playground component.

use yew::prelude::*;

/// The playground page.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <main class="app">
            <h1>{ "RunCommand Playground" }</h1>
            <form id="request-form" class="request-form" aria-label="RunCommand request">
                <label>{ "RegionId" }<input id="field-RegionId" value="cn-hangzhou" /></label>
            </form>
        </main>
    }
}
