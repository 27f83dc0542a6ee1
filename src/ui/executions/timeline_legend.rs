//! The timeline's legend: every per-run `InvocationStatus` with its legacy
//! `InvokeRecordStatus`, each with a colour, a texture and an icon, so that no status is told
//! by colour alone. The statuses drawn in the current picture are marked.

use yew::prelude::*;

use crate::sim::exec::status::InvocationStatus;

/// Every per-run status, in the order a run goes through them.
pub const STATUSES: [InvocationStatus; 12] = [
    InvocationStatus::Scheduled,
    InvocationStatus::Pending,
    InvocationStatus::Running,
    InvocationStatus::Success,
    InvocationStatus::Failed,
    InvocationStatus::Error,
    InvocationStatus::Timeout,
    InvocationStatus::Invalid,
    InvocationStatus::Aborted,
    InvocationStatus::Stopping,
    InvocationStatus::Cancelled,
    InvocationStatus::Terminated,
];

/// The status with this wire spelling.
pub fn status_named(name: &str) -> Option<InvocationStatus> {
    STATUSES.into_iter().find(|s| s.as_str() == name)
}

/// The icon that tells a status without its colour.
pub fn icon(status: InvocationStatus) -> &'static str {
    match status {
        InvocationStatus::Scheduled => "◷",
        InvocationStatus::Pending => "…",
        InvocationStatus::Running => "▶",
        InvocationStatus::Success => "✓",
        InvocationStatus::Failed => "✗",
        InvocationStatus::Error => "!",
        InvocationStatus::Timeout => "◔",
        InvocationStatus::Invalid => "⊘",
        InvocationStatus::Aborted => "↯",
        InvocationStatus::Stopping => "◼",
        InvocationStatus::Cancelled => "⊗",
        InvocationStatus::Terminated => "■",
    }
}

/// The texture drawn over a bar of this status (`None`: solid), a class of `static/style.css`
/// whose pattern the timeline's `<defs>` hold.
pub fn texture(status: InvocationStatus) -> Option<&'static str> {
    if status.is_failed_class() {
        Some("tex tex-hatch")
    } else if status.is_stopped_class() || status == InvocationStatus::Stopping {
        Some("tex tex-cross")
    } else if status.is_terminal() {
        None
    } else {
        Some("tex tex-dots")
    }
}

/// Properties of [`TimelineLegend`].
#[derive(Properties, PartialEq)]
pub struct TimelineLegendProps {
    /// The statuses drawn now (wire spellings).
    pub drawn: Vec<&'static str>,
}

/// The legend.
#[function_component(TimelineLegend)]
pub fn timeline_legend(props: &TimelineLegendProps) -> Html {
    html! {
        <ul class="timeline-legend" id="timeline-legend" aria-label="Statuses (InvocationStatus, with the legacy InvokeRecordStatus)">
            { for STATUSES.iter().map(|status| {
                let name = status.as_str();
                let drawn = props.drawn.contains(&name);
                let class = classes!("legend-item", drawn.then_some("drawn"));
                let swatch = format!("bar st-{}", name.to_ascii_lowercase());
                html! {
                    <li {class} data-status={name}>
                        <svg class="swatch" viewBox="0 0 24 12" aria-hidden="true">
                            <rect class={swatch} width="24" height="12" />
                            if let Some(tex) = texture(*status) { <rect class={tex} width="24" height="12" /> }
                        </svg>
                        <span class="legend-icon" aria-hidden="true">{ icon(*status) }</span>
                        <span class="legend-name">{ name }</span>
                        <span class="legend-legacy">{ format!("legacy {}", status.legacy().as_str()) }</span>
                    </li>
                }
            }) }
        </ul>
    }
}
