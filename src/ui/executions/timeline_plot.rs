//! The drawn part of the timeline (textures, time axis, DST changes, row labels, fire ticks,
//! status bars, glyphs of runs without duration, stop and reboot markers), compared by value: an
//! edit that gives the same picture (a new script with the same timing, a playback tick inside
//! a steady series) rebuilds none of its SVG elements.

use yew::prelude::*;

use super::marks::class_path;

/// A labelled vertical line: an axis tick, a DST change, a StopInvocation or a reboot.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Its class (`tick`, `tick day`, `dst`, `marker marker-stop`, …).
    pub class: AttrValue,
    /// Its `x`, and its top and bottom `y` (SVG units, as text).
    pub x: String,
    /// Top and bottom.
    pub y: (String, String),
    /// The label and its `(x, y)`.
    pub label: Option<(String, String, String)>,
}

/// Properties of [`TimelinePlot`].
#[derive(Properties, PartialEq)]
pub(crate) struct TimelinePlotProps {
    /// Each row's label and its `y` (SVG units, as text).
    pub labels: Vec<(String, String)>,
    /// The axis ticks and DST changes.
    pub axis: Vec<Mark>,
    /// The fire ticks, as one path.
    pub ticks: String,
    /// The bars, their textures and the glyphs: one path per row and status, with its class.
    pub bars: Vec<(AttrValue, String)>,
    /// StopInvocation and reboot markers.
    pub markers: Vec<Mark>,
}

/// A mark as an SVG group: its line and its label.
pub(crate) fn mark(m: &Mark) -> Html {
    html! {
        <g class={m.class.clone()}>
            <line x1={m.x.clone()} x2={m.x.clone()} y1={m.y.0.clone()} y2={m.y.1.clone()} />
            if let Some((label, x, y)) = &m.label {
                <text x={x.clone()} y={y.clone()}>{ label.clone() }</text>
            }
        </g>
    }
}

/// The plot, drawn inside the timeline's `<svg>`.
#[function_component(TimelinePlot)]
pub(crate) fn timeline_plot(props: &TimelinePlotProps) -> Html {
    html! {
        <>
            <defs>
                <pattern id="tex-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="2.5" height="6" class="tex-ink" />
                </pattern>
                <pattern id="tex-cross" width="6" height="6" patternUnits="userSpaceOnUse">
                    <path d="M0 0L6 6M6 0L0 6" class="tex-line" />
                </pattern>
                <pattern id="tex-dots" width="5" height="5" patternUnits="userSpaceOnUse">
                    <circle cx="2.5" cy="2.5" r="1.1" class="tex-ink" />
                </pattern>
            </defs>
            { for props.axis.iter().map(mark) }
            { for props.labels.iter().map(|(label, y)| html! {
                <text class="row-label" x="4" y={y.clone()}>{ label.clone() }</text>
            }) }
            if !props.ticks.is_empty() { <path class="fire" d={props.ticks.clone()} /> }
            { for props.bars.iter().map(|(class, d)| class_path(class.clone(), d.clone())) }
            { for props.markers.iter().map(mark) }
        </>
    }
}
