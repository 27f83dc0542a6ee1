//! The per-instance table read from the simulation at the cursor, one task after the timeline
//! when the simulation is new (another window, an edit): the plot of a new window reaches the
//! screen a frame sooner, and the table follows. A cursor move (playback) reads it at once.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::instance_status_table::{InstanceStatusRow, InstanceStatusTable};
use super::timeline::SimRef;

/// Properties of [`InstanceStatuses`].
#[derive(Properties, PartialEq)]
pub(crate) struct InstanceStatusesProps {
    /// The simulation.
    pub(crate) simulation: SimRef,
    /// The cursor's instant (ms).
    pub(crate) until_ms: i64,
}

/// `sim`, or for one task after it changes the one before (then a re-render with `sim`).
#[hook]
fn use_deferred(sim: &SimRef) -> SimRef {
    let kept = use_mut_ref(|| sim.clone());
    let update = use_force_update();
    let shown = kept.borrow().clone();
    let behind = shown != *sim;
    {
        let kept = kept.clone();
        use_effect_with((sim.clone(), behind), move |(sim, behind)| {
            let sim = sim.clone();
            let timeout = behind.then(|| {
                Timeout::new(0, move || {
                    *kept.borrow_mut() = sim;
                    update.force_update();
                })
            });
            move || drop(timeout)
        });
    }
    shown
}

/// The table `#instance-statuses` at the cursor.
#[function_component(InstanceStatuses)]
pub(crate) fn instance_statuses(props: &InstanceStatusesProps) -> Html {
    let sim = use_deferred(&props.simulation);
    let until_ms = props.until_ms.min(sim.0.horizon_ms());
    let rows = use_memo((sim, until_ms), |(sim, until_ms)| {
        sim.0
            .instances()
            .enumerate()
            .map(|(index, (id, name))| {
                let (exit, code) = sim.0.last_outcome_at(index, *until_ms).unwrap_or_default();
                let exit = exit.map(|e| e.to_string()).unwrap_or_default();
                InstanceStatusRow {
                    instance: format!("{name} {id}"),
                    status: sim.0.status_at(index, *until_ms).unwrap_or_default(),
                    runs: sim.0.run_count_at(index, *until_ms),
                    last: format!("{exit} {code}"),
                }
            })
            .collect::<Vec<_>>()
    });
    html! { <InstanceStatusTable rows={(*rows).clone()} /> }
}
