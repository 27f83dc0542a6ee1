//! The timeline's row controls: show only the rows of one status at the cursor or whose name,
//! id or tags contain a text, and group the rows by status or by tag.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::timeline_legend::STATUSES;
use crate::api::timeline_rows::{FilterChange, Grouping, RowFilter};

/// Properties of [`TimelineFilter`].
#[derive(Properties, PartialEq)]
pub struct TimelineFilterProps {
    /// The filter in force.
    pub filter: RowFilter,
    /// How many rows show, of how many.
    pub shown: (usize, usize),
    /// A change of the filter.
    pub on_change: Callback<FilterChange>,
}

/// The row controls.
#[function_component(TimelineFilter)]
pub fn timeline_filter(props: &TimelineFilterProps) -> Html {
    let on_status = props.on_change.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        FilterChange::Status((!value.is_empty()).then_some(value))
    });
    let on_text = props.on_change.reform(|e: InputEvent| {
        FilterChange::Text(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let on_group = props.on_change.reform(|e: Event| {
        FilterChange::Group(
            match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "status" => Grouping::Status,
                "tag" => Grouping::Tag,
                _ => Grouping::None,
            },
        )
    });
    let status = props.filter.status.clone().unwrap_or_default();
    let grouping = props.filter.grouping;
    html! {
        <div class="timeline-filter" role="group" aria-label="Rows">
            <label for="timeline-status">{ "Status" }</label>
            <select id="timeline-status" onchange={on_status}>
                <option value="" selected={status.is_empty()}>{ "any" }</option>
                { for STATUSES.iter().map(|s| html! {
                    <option value={s.as_str()} selected={status == s.as_str()}>{ s.as_str() }</option>
                }) }
            </select>
            <label for="timeline-instance">{ "Instance" }</label>
            <input id="timeline-instance" type="search" placeholder="name, id or tag" value={props.filter.text.clone()} oninput={on_text} />
            <label for="timeline-group">{ "Group" }</label>
            <select id="timeline-group" onchange={on_group}>
                <option value="" selected={grouping == Grouping::None}>{ "as requested" }</option>
                <option value="status" selected={grouping == Grouping::Status}>{ "by status" }</option>
                <option value="tag" selected={grouping == Grouping::Tag}>{ "by tag" }</option>
            </select>
            <span class="muted" id="timeline-rows-shown">{ format!("{} of {} instances", props.shown.0, props.shown.1) }</span>
        </div>
    }
}
