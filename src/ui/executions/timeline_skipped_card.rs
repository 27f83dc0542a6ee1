//! The card of a skipped fire pointed at on the timeline: the instance, when the fire was due
//! and why no run started. A plain function (no component of its own): it has no state.

use yew::prelude::*;

use crate::api::timeline_axis::instant_text;
use crate::sim::schedule::ScheduleZone;

/// The card of the fire at `at_ms` on `instance` (`InstanceName (InstanceId)`), skipped for
/// `why`, its time written in `zone`.
pub fn skipped_fire_card(instance: String, at_ms: i64, why: String, zone: &ScheduleZone) -> Html {
    html! {
        <div class="run-card skipped-card">
            <p class="run-card-title">
                <strong>{ instance }</strong>{ " — fire skipped" }
            </p>
            <dl>
                <dt>{ "Due" }</dt><dd>{ instant_text(at_ms, zone) }</dd>
                <dt>{ "Why" }</dt><dd>{ why }</dd>
            </dl>
        </div>
    }
}
