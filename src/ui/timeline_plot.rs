//! The drawn part of the timeline (row labels, fire ticks, status bars), compared by value: an
//! edit that gives the same picture (a new script with the same timing, a playback tick inside
//! a steady series) rebuilds none of its few hundred SVG elements.

use yew::prelude::*;

use super::markup::class_path;

/// Properties of [`TimelinePlot`].
#[derive(Properties, PartialEq)]
pub(crate) struct TimelinePlotProps {
    /// Each row's label and its `y` (SVG units, as text).
    pub(crate) labels: Vec<(String, String)>,
    /// The fire ticks, as one path.
    pub(crate) ticks: String,
    /// The bars: one path per row and status, with its class.
    pub(crate) bars: Vec<(AttrValue, String)>,
}

/// The plot, drawn inside the timeline's `<svg>`.
#[function_component(TimelinePlot)]
pub(crate) fn timeline_plot(props: &TimelinePlotProps) -> Html {
    html! {
        <>
            { for props.labels.iter().map(|(label, y)| html! {
                <text class="row-label" x="4" y={y.clone()}>{ label.clone() }</text>
            }) }
            <path class="fire" d={props.ticks.clone()} />
            { for props.bars.iter().map(|(class, d)| class_path(class.clone(), d.clone())) }
        </>
    }
}
