//! The tabs of the result side (keyboard: arrows move between tabs).

use yew::prelude::*;

use super::state::{Action, Tab};

/// Properties of [`TabBar`].
#[derive(Properties, PartialEq)]
pub(crate) struct TabBarProps {
    /// The selected tab.
    pub(crate) selected: Tab,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

/// The tab list.
#[function_component(TabBar)]
pub(crate) fn tab_bar(props: &TabBarProps) -> Html {
    let on_key = {
        let on_action = props.on_action.clone();
        let selected = props.selected;
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == selected).unwrap_or(0);
            let n = Tab::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                _ => return,
            };
            e.prevent_default();
            on_action.emit(Action::SelectTab(Tab::ALL[next]));
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", Tab::ALL[next].id())))
            {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Results" onkeydown={on_key}>
            { for Tab::ALL.iter().map(|tab| {
                let selected = *tab == props.selected;
                let on_action = props.on_action.clone();
                let tab = *tab;
                html! {
                    <button type="button" role="tab" id={format!("tab-{}", tab.id())}
                        aria-selected={selected.to_string()} aria-controls={format!("panel-{}", tab.id())}
                        tabindex={if selected { "0" } else { "-1" }}
                        class={classes!("tab", selected.then_some("selected"))}
                        onclick={Callback::from(move |_| on_action.emit(Action::SelectTab(tab)))}>
                        { tab.label() }
                    </button>
                }
            }) }
        </div>
    }
}
