//! The instance tabs of the Rendered panel, compared by value: with 100 instances, an edit of
//! the script keeps their labels, and none of the 100 buttons is rebuilt.

use yew::prelude::*;

/// Properties of [`InstanceTabs`].
#[derive(Properties, PartialEq)]
pub(crate) struct InstanceTabsProps {
    /// One label per instance (`name (i-…)`, or the ID alone).
    pub(crate) labels: Vec<String>,
    /// The selected tab.
    pub(crate) selected: usize,
    /// Called with a tab's index when it is chosen (keep it stable, e.g. a state setter).
    pub(crate) on_select: Callback<usize>,
}

/// The tab list `rendered-tab-<i>`.
#[function_component(InstanceTabs)]
pub(crate) fn instance_tabs(props: &InstanceTabsProps) -> Html {
    html! {
        <div class="subtabs" role="tablist" aria-label="Instances">
            { for props.labels.iter().enumerate().map(|(i, label)| {
                let on_select = props.on_select.clone();
                let selected = i == props.selected;
                html! {
                    <button type="button" role="tab" aria-selected={selected.to_string()}
                        class={classes!("subtab", selected.then_some("selected"))}
                        id={format!("rendered-tab-{i}")}
                        onclick={Callback::from(move |_| on_select.emit(i))}>{ label.clone() }</button>
                }
            }) }
        </div>
    }
}
