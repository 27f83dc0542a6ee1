//! The frame of a compact embed: its panels (scrolling inside the height cap, if any), its theme,
//! and the "Open in the playground" link, which stays visible below the panels.

use yew::prelude::*;

use super::embed_options::EmbedOptions;

/// Properties of [`EmbedView`].
#[derive(Properties, PartialEq)]
pub(crate) struct EmbedViewProps {
    /// The embed's options.
    pub(crate) options: EmbedOptions,
    /// The full playground's address with this embed's state.
    pub(crate) link: AttrValue,
    /// The panels.
    pub(crate) children: Html,
}

/// A compact embed.
#[function_component(EmbedView)]
pub(crate) fn embed_view(props: &EmbedViewProps) -> Html {
    let style = props
        .options
        .height
        .map(|h| format!("max-height: {h}px; overflow: auto;"));
    html! {
        <main class="app embed" data-theme={props.options.theme.clone()}>
            <div class="embed-body" {style}>
                { props.children.clone() }
            </div>
            <p class="open-in-playground"><a href={props.link.clone()} target="_blank" rel="noopener">{ "Open in the RunCommand Playground ↗" }</a></p>
        </main>
    }
}
