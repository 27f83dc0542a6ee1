//! The request as JSON, with the SDK's field names.

use yew::prelude::*;

/// Properties of [`RequestJson`].
#[derive(Properties, PartialEq)]
pub struct RequestJsonProps {
    /// The pretty-printed request JSON.
    pub json: String,
}

/// Shows the request as the official SDK would serialise it.
#[function_component(RequestJson)]
pub fn request_json(props: &RequestJsonProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="request-json-title">
            <h2 id="request-json-title">{ "Request JSON" }</h2>
            <pre id="request-json" class="code">{ props.json.clone() }</pre>
        </section>
    }
}
