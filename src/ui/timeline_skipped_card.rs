//! The card of a skipped fire pointed at on the timeline: the instance, when the fire was due
//! and why no run started.

use yew::prelude::*;

use crate::api::timeline_axis::instant_text;
use crate::sim::schedule::ScheduleZone;

/// Properties of [`SkippedFireCard`].
#[derive(Properties, PartialEq)]
pub struct SkippedFireCardProps {
    /// `InstanceName (InstanceId)`.
    pub instance: String,
    /// The fire's instant (ms).
    pub at_ms: i64,
    /// Why it produced no run.
    pub why: String,
    /// The zone its time is written in.
    pub zone: ScheduleZone,
}

/// The card.
#[function_component(SkippedFireCard)]
pub fn skipped_fire_card(props: &SkippedFireCardProps) -> Html {
    html! {
        <div class="run-card skipped-card">
            <p class="run-card-title">
                <strong>{ props.instance.clone() }</strong>{ " — fire skipped" }
            </p>
            <dl>
                <dt>{ "Due" }</dt><dd>{ instant_text(props.at_ms, &props.zone) }</dd>
                <dt>{ "Why" }</dt><dd>{ props.why.clone() }</dd>
            </dl>
        </div>
    }
}
