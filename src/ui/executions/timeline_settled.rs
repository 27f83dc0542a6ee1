//! The timeline rows' settled columns ([`timeline_rows::settled`]) as a hook: read at once for
//! a new window, but a task later for a new simulation of the same window (an edit), so that a
//! keystroke does not pay for re-reading every run of a long window. Until then the rows are
//! read against the previous simulation's columns: the bars, the glyphs and the columns still
//! changing come from the new simulation, the settled columns for one task from the previous.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::api::timeline_rows::{self, Frame, Settled};
use crate::api::Simulated;
use crate::ui::evaluation::Shared;

/// A simulation compared by identity.
type SimRef = Shared<Simulated>;

/// The settled columns of every row of `sim` in `frame`'s window.
fn read(sim: &SimRef, frame: &Frame) -> Rc<Vec<Settled>> {
    Rc::new(
        (0..sim.0.instances().count())
            .map(|i| {
                sim.0
                    .track(i)
                    .map(|t| timeline_rows::settled(t, frame))
                    .unwrap_or_default()
            })
            .collect(),
    )
}

/// What the columns were read for and the columns.
type Kept = Option<(SimRef, i64, i64, Rc<Vec<Settled>>)>;

/// The settled columns for `sim` in `frame`'s window, and whether they are still the previous
/// simulation's (to be replaced a task later).
#[hook]
pub fn use_settled(sim: &SimRef, frame: Frame) -> (Rc<Vec<Settled>>, bool) {
    let kept = use_mut_ref(|| None as Kept);
    let update = use_force_update();
    let (columns, stale) = {
        let mut kept = kept.borrow_mut();
        let window = |f: i64, t: i64| f == frame.from_ms && t == frame.to_ms;
        match &*kept {
            Some((s, f, t, v)) if s == sim && window(*f, *t) => (v.clone(), false),
            Some((_, f, t, v)) if window(*f, *t) => (v.clone(), true),
            _ => {
                let v = read(sim, &frame);
                *kept = Some((sim.clone(), frame.from_ms, frame.to_ms, v.clone()));
                (v, false)
            }
        }
    };
    {
        let kept = kept.clone();
        use_effect_with(
            (sim.clone(), frame.from_ms, frame.to_ms, stale),
            move |(sim, from, to, stale)| {
                let (sim, from, to) = (sim.clone(), *from, *to);
                let timeout = stale.then(|| {
                    Timeout::new(0, move || {
                        let frame = Frame {
                            from_ms: from,
                            to_ms: to,
                            ..frame
                        };
                        let v = read(&sim, &frame);
                        *kept.borrow_mut() = Some((sim, from, to, v));
                        update.force_update();
                    })
                });
                move || drop(timeout)
            },
        );
    }
    (columns, stale)
}
