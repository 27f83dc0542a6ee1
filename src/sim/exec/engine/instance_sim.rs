//! The event queue of one instance: what is queued, in which order, and the fast path that
//! records steady periodic runs as a series.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use super::script_cache::ScriptCache;
use super::series::RunSeries;
use super::track::InstanceTrack;
use super::{FireFacts, Simulation, MAX_EVENTS_PER_INSTANCE};
use crate::sim::exec::error_code::ErrorCode;
use crate::sim::exec::interpreter::ScriptRun;
use crate::sim::exec::plan::{InvocationPlan, RepeatMode, UserEvent};
use crate::sim::exec::status::InvocationStatus;
use crate::sim::exec::timing::delivery_latency_ms;

/// Where one invocation stands on the instance being simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Undelivered,
    AwaitingStart,
    WaitingReboot,
    Scheduled,
    Running,
    Done,
}

/// How a run ends by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    Exited,
    TimedOut,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Deliver(usize),
    DeliveryFail(usize, ErrorCode),
    Start(usize),
    Fire(usize),
    Finish(usize, u64, Ending),
    Stop(usize),
    StopDone(usize),
    RebootDown,
    BootUp,
    PowerOff,
}

/// How the active run ends.
pub(super) struct RunEnd {
    pub(super) status: InvocationStatus,
    pub(super) exit_code: Option<i64>,
    pub(super) error: Option<ErrorCode>,
    pub(super) details: Vec<String>,
    /// Whether output written exactly at the end instant is kept.
    pub(super) inclusive: bool,
}

pub(super) struct Slot {
    pub(super) plan: usize,
    pub(super) inst: usize,
    pub(super) phase: Phase,
    pub(super) generation: u64,
    pub(super) active_run: Option<usize>,
    pub(super) stop_requested: bool,
    pub(super) script: Option<Arc<ScriptRun>>,
    /// The script's output pieces (offset, text), shared by all its runs.
    pub(super) pieces: Arc<[(i64, Arc<str>)]>,
    /// The last fire instant of a `Period` execution.
    pub(super) last_fire_ms: Option<i64>,
    /// Lazily queued fires (see [`InstanceSim::new`]): the sequence number reserved for the
    /// first fire, and how many fires are queued so far. `None`: every fire was queued upfront.
    pub(super) lazy_fires: Option<(u64, usize)>,
}

pub(super) struct InstanceSim<'a> {
    pub(super) sim: &'a Simulation,
    pub(super) facts: &'a mut FireFacts,
    /// The simulation's scripts, interpreted once.
    pub(super) scripts: &'a mut ScriptCache,
    pub(super) slots: Vec<Slot>,
    pub(super) queue: BinaryHeap<Reverse<(i64, u64, usize)>>,
    pub(super) kinds: Vec<Kind>,
    /// Indices of `kinds` whose event was handled (reused by later events).
    pub(super) free_kinds: Vec<usize>,
    /// Events handled so far.
    pub(super) processed: usize,
    pub(super) seq: u64,
    pub(super) up: bool,
    pub(super) powered_off: bool,
    pub(super) boot_at: Option<i64>,
}

/// The note at the last fire planned when the simulator's limit on fires cut the schedule.
const CUT_NOTE: &str = "no later fire is simulated: the schedule has more fires before this \
    instant than the simulator plans per instance, so later runs are not shown";

impl<'a> InstanceSim<'a> {
    /// The simulation of `slots` (plan, instance index) on `instance_id`, with the user events
    /// `events` (indices into the simulation's events, in order) that reach them.
    pub(super) fn new(
        sim: &'a Simulation,
        instance_id: &str,
        slots: &[(usize, usize)],
        events: &[usize],
        facts: &'a mut FireFacts,
        scripts: &'a mut ScriptCache,
    ) -> Self {
        let mut this = InstanceSim {
            sim,
            facts,
            scripts,
            slots: slots
                .iter()
                .map(|&(plan, inst)| Slot {
                    plan,
                    inst,
                    phase: Phase::Undelivered,
                    generation: 0,
                    active_run: None,
                    stop_requested: false,
                    script: None,
                    pieces: Arc::from(Vec::new()),
                    last_fire_ms: None,
                    lazy_fires: None,
                })
                .collect(),
            queue: BinaryHeap::new(),
            kinds: Vec::new(),
            free_kinds: Vec::new(),
            processed: 0,
            seq: 0,
            up: true,
            powered_off: false,
            boot_at: None,
        };
        for s in 0..this.slots.len() {
            let plan = &sim.plans[this.slots[s].plan];
            let latency = delivery_latency_ms(sim.seed, &plan.invoke_id, instance_id);
            this.push(plan.creation_ms.saturating_add(latency), Kind::Deliver(s));
            if plan.repeat_mode == RepeatMode::Period {
                let fires = &plan.instances[this.slots[s].inst].fire_instants_ms;
                let in_order = this.facts.in_order(fires);
                if in_order {
                    // In time order, only the next fire needs to wait in the queue: each fire
                    // queues the one after it when it is handled. Every fire keeps the
                    // sequence number it would have had if all were queued here, so ties
                    // between events at one instant break exactly as before.
                    let first_seq = this.seq;
                    this.seq += fires.len() as u64;
                    if let Some(&first) = fires.first() {
                        this.push_with_seq(first, first_seq, Kind::Fire(s));
                    }
                    this.slots[s].lazy_fires = Some((first_seq, 1));
                } else {
                    for &fire in fires.iter() {
                        this.push(fire, Kind::Fire(s));
                    }
                }
                this.slots[s].last_fire_ms = if in_order {
                    fires.last().copied()
                } else {
                    fires.iter().copied().max()
                };
            }
        }
        for &e in events {
            match &sim.events[e] {
                UserEvent::RebootInstance { at_ms, .. } => this.push(*at_ms, Kind::RebootDown),
                UserEvent::StopInvocation {
                    at_ms, invoke_id, ..
                } => {
                    for s in 0..this.slots.len() {
                        if &sim.plans[this.slots[s].plan].invoke_id == invoke_id {
                            this.push(*at_ms, Kind::Stop(s));
                        }
                    }
                }
            }
        }
        this
    }

    pub(super) fn push(&mut self, at: i64, kind: Kind) {
        let seq = self.seq;
        self.push_with_seq(at, seq, kind);
        self.seq += 1;
    }

    /// Queues an event with a given tie-breaking sequence number.
    pub(super) fn push_with_seq(&mut self, at: i64, seq: u64, kind: Kind) {
        // The index only locates the event: `seq` is unique, so it never decides the order.
        let index = match self.free_kinds.pop() {
            Some(i) => {
                self.kinds[i] = kind;
                i
            }
            None => {
                self.kinds.push(kind);
                self.kinds.len() - 1
            }
        };
        self.queue.push(Reverse((at, seq, index)));
    }

    /// Queues the fire after the one being handled, when fires are queued lazily.
    pub(super) fn queue_next_fire(&mut self, s: usize) {
        let Some((first_seq, queued)) = self.slots[s].lazy_fires else {
            return;
        };
        let plan = self.plan(s);
        let fires = &plan.instances[self.slots[s].inst].fire_instants_ms;
        if let Some(&next) = fires.get(queued) {
            self.push_with_seq(next, first_seq + queued as u64, Kind::Fire(s));
            self.slots[s].lazy_fires = Some((first_seq, queued + 1));
        }
    }

    pub(super) fn plan(&self, s: usize) -> &'a InvocationPlan {
        &self.sim.plans[self.slots[s].plan]
    }

    pub(super) fn track<'t>(
        &self,
        tracks: &'t mut [Vec<InstanceTrack>],
        s: usize,
    ) -> &'t mut InstanceTrack {
        &mut tracks[self.slots[s].plan][self.slots[s].inst]
    }

    pub(super) fn run(&mut self, tracks: &mut [Vec<InstanceTrack>]) {
        // No room is reserved for one run per fire: steady periodic runs end up in a series.
        for s in 0..self.slots.len() {
            let created = self.plan(s).creation_ms;
            let track = self.track(tracks, s);
            track.timeline.push((created, InvocationStatus::Pending));
        }
        self.run_events(tracks);
        for s in 0..self.slots.len() {
            if let Some(cut) = self.plan(s).fires_cut_at_ms {
                let notes = &mut self.track(tracks, s).notes;
                let at = notes.partition_point(|(t, _)| *t <= cut);
                notes.insert(at, (cut, CUT_NOTE.to_string()));
            }
        }
    }

    /// Handles the queued events up to the horizon.
    fn run_events(&mut self, tracks: &mut [Vec<InstanceTrack>]) {
        while let Some(Reverse((at, _, index))) = self.queue.pop() {
            if at > self.sim.horizon_ms {
                break;
            }
            self.processed += 1;
            if self.processed > MAX_EVENTS_PER_INSTANCE {
                for s in 0..self.slots.len() {
                    self.track(tracks, s).notes.push((
                        at,
                        "simulation stopped here: too many events on this instance".into(),
                    ));
                }
                break;
            }
            let kind = std::mem::replace(&mut self.kinds[index], Kind::BootUp);
            self.free_kinds.push(index);
            self.handle(at, kind, tracks);
        }
    }

    pub(super) fn handle(&mut self, t: i64, kind: Kind, tracks: &mut [Vec<InstanceTrack>]) {
        match kind {
            Kind::Deliver(s) => self.deliver(t, s, tracks),
            Kind::DeliveryFail(s, code) => {
                if self.slots[s].phase == Phase::Undelivered && !self.slots[s].stop_requested {
                    self.fail(t, s, code, tracks);
                }
            }
            Kind::Start(s) => self.start(t, s, tracks),
            Kind::Fire(s) => {
                // The fire being handled is the last one queued so far.
                let index = self.slots[s].lazy_fires.map(|(_, queued)| queued - 1);
                self.queue_next_fire(s);
                if let Some(index) = index {
                    if self.fast_forward(t, s, index, tracks) {
                        return;
                    }
                }
                self.fire(t, s, tracks);
            }
            Kind::Finish(s, generation, ending) => {
                if self.slots[s].generation == generation && self.slots[s].phase == Phase::Running {
                    self.finish(t, s, ending, tracks);
                }
            }
            Kind::Stop(s) => self.stop(t, s, tracks),
            Kind::StopDone(s) => self.stop_done(t, s, tracks),
            Kind::RebootDown => self.go_down(t, false, tracks),
            Kind::PowerOff => self.go_down(t, true, tracks),
            Kind::BootUp => self.boot_up(t),
        }
    }

    /// At fire `index` of slot `s` (at `t`): when the previous run was an ordinary one and
    /// nothing but this slot's fires remains on the instance, records every remaining fire up
    /// to the horizon as one [`RunSeries`] instead of simulating each, and returns `true`.
    /// The series is exactly what the events would have recorded (checked in the tests).
    pub(super) fn fast_forward(
        &mut self,
        t: i64,
        s: usize,
        index: usize,
        tracks: &mut [Vec<InstanceTrack>],
    ) -> bool {
        if !self.sim.fast_forward
            || self.slots.len() != 1
            || !self.up
            || self.slots[s].stop_requested
            || self.slots[s].phase != Phase::Scheduled
            || self.queue.len() > 1
        {
            return false;
        }
        // Anything queued must be this slot's next fire.
        if let Some(Reverse((_, _, k))) = self.queue.peek() {
            if self.kinds[*k] != Kind::Fire(s) {
                return false;
            }
        }
        let plan = self.plan(s);
        let Some(script) = self.slots[s].script.as_ref() else {
            return false;
        };
        let exit = script.exit_code;
        if exit == plan.command_type.power_off_exit_code()
            || exit == plan.command_type.reboot_exit_code()
        {
            return false;
        }
        let timeout_ms = plan.timeout_s.saturating_mul(1000);
        let (duration, status) = if plan.timeout_s > 0 && script.duration_ms > timeout_ms {
            (timeout_ms, InvocationStatus::Timeout)
        } else if exit == 0 {
            (script.duration_ms, InvocationStatus::Success)
        } else {
            (script.duration_ms, InvocationStatus::Failed)
        };
        let track = self.track(tracks, s);
        // The previous run must be an ordinary one of this script: started by a fire, never
        // stopped, ended by itself after `duration`.
        let Some(template) = track.runs.last() else {
            return false;
        };
        let ordinary = template.final_output_only
            && template.stop_ms.is_none()
            && template.final_status == Some(status)
            && template
                .start_ms
                .zip(template.end_ms)
                .is_some_and(|(start, end)| end - start == duration && end < t);
        if !ordinary || track.series.is_some() {
            return false;
        }
        let fires = &plan.instances[self.slots[s].inst].fire_instants_ms;
        let horizon = self.sim.horizon_ms;
        let last = fires.partition_point(|f| *f <= horizon);
        let starts = fires.get(index..last).unwrap_or_default();
        let (min_gap, max_gap) = self.facts.gaps(fires, index, last);
        // Every fire must come after the previous run's end (a fire at the very instant a
        // run ends is skipped). A series has no events of its own: the engine's cap on events
        // (a guard against endless reboot loops) does not apply to it.
        if starts.first() != Some(&t) || min_gap <= duration {
            return false;
        }
        let last_start = starts[starts.len() - 1];
        let last_end = last_start.saturating_add(duration);
        let more = self.slots[s].last_fire_ms.is_some_and(|f| f > last_end);
        let status_after_last = if plan.schedule_ends && !more {
            status
        } else {
            InvocationStatus::Scheduled
        };
        let series = RunSeries {
            fires: Arc::clone(fires),
            first: index,
            count: starts.len(),
            max_gap_ms: max_gap,
            duration_ms: duration,
            template: template.clone(),
            horizon_ms: horizon,
            status_after_last,
        };
        track.series = Some(series);
        // Nothing is left to simulate on this instance (the queue held only the next fire).
        self.queue.clear();
        true
    }
}
