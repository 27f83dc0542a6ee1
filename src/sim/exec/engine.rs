//! The deterministic discrete-event engine.
//!
//! Each instance is simulated on its own event queue (instants in ms, ties broken by insertion
//! order), holding every invocation that targets it: runs on one instance interact through
//! reboots and power-offs (user reboots, exit codes 193/194). The whole history up to
//! `horizon_ms` is computed at once; because the engine is causal, the state it shows at an
//! instant T only depends on events at or before T. Queries then read the recorded timelines.
//!
//! Lifecycle of one instance of an invocation (latencies in [`super::timing`]):
//! `Pending` from creation; at delivery the world condition is checked (a failing one ends in
//! its ErrorCode: Aborted/Invalid); `Once` starts shortly after, `Period` becomes `Scheduled`
//! and runs at each fire instant (a fire landing while the previous run is still going is
//! skipped silently, as the agent does; a fire at the very instant a run ends is skipped too,
//! because the agent still holds the task while it reports), `NextRebootOnly` stays `Pending` and `EveryReboot`
//! `Scheduled` until a reboot; `DryRun` answers `Success` at delivery without running.
//! A run ends as Success / Failed (ExitCodeNonzero) / Timeout (ExecutionTimeout, at
//! start + Timeout) / Terminated (stopped while running) / Error (ExecutionInterrupted: the
//! instance rebooted or powered off under it). StopInvocation shows `Stopping` for
//! [`super::timing::STOP_LATENCY_MS`], then `Terminated` (a run was killed) or `Cancelled`.

use super::error_code::ErrorCode;
use super::interpreter::{interpret, ScriptEnv, ScriptRun};
use super::plan::{InvocationPlan, RepeatMode, TerminationMode, UserEvent};
use super::status::InvocationStatus;
use super::timing::{
    delivery_latency_ms, BOOT_MS, DELIVERY_WINDOW_MS, POWER_EFFECT_DELAY_MS, START_LATENCY_MS,
    STOP_LATENCY_MS,
};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

/// Safety cap on events per instance (e.g. an `EveryReboot` script that exits 194 reboots
/// forever); reaching it ends that instance's simulation with a note.
pub const MAX_EVENTS_PER_INSTANCE: usize = 2_000_000;

/// A run's merged output: its script's pieces (shared by every run of the script) placed at
/// the run's start, without the pieces cut off when the run ended early.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunOutput {
    /// `(offset after the start in ms, text)`, as the interpreter wrote them.
    pieces: Arc<[(i64, Arc<str>)]>,
    /// When the run started (ms).
    start_ms: i64,
    /// Where the run was cut: pieces after this instant (or at it, when `false`) are gone.
    cut: Option<(i64, bool)>,
}

impl RunOutput {
    /// The output of a run of `pieces` started at `start_ms`.
    pub fn new(pieces: Arc<[(i64, Arc<str>)]>, start_ms: i64) -> Self {
        RunOutput {
            pieces,
            start_ms,
            cut: None,
        }
    }

    /// Drops the pieces written after `end_ms` (and at it, unless `inclusive`).
    pub fn cut(&mut self, end_ms: i64, inclusive: bool) {
        let cut = (end_ms, inclusive);
        self.cut = Some(self.cut.map_or(cut, |c| c.min(cut)));
    }

    /// The pieces kept, as `(instant in ms, text)`, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &str)> + '_ {
        self.pieces
            .iter()
            .map(|(offset, text)| (self.start_ms.saturating_add(*offset), &**text))
            .filter(|(at, _)| match self.cut {
                None => true,
                Some((end, inclusive)) => *at < end || (inclusive && *at == end),
            })
    }
}

/// One run (or one failed attempt to run) of an invocation on an instance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunRecord {
    /// When the script process started (`None`: it never started).
    pub start_ms: Option<i64>,
    /// When the run ended (`None`: not before the horizon).
    pub end_ms: Option<i64>,
    /// The status once ended.
    pub final_status: Option<InvocationStatus>,
    /// The reported exit code (`None` when not reported, e.g. timeout or never ran).
    pub exit_code: Option<i64>,
    /// The ErrorCode once ended.
    pub error: Option<ErrorCode>,
    /// When StopInvocation reached this run.
    pub stop_ms: Option<i64>,
    /// Merged output, already cut at the end of the run.
    pub output: RunOutput,
    /// Human-readable details: interpreter notes, what a kill left alive, power effects.
    pub details: Vec<String>,
    /// How many of `details` the run had when it started (the rest were added when it
    /// ended); see [`RunRecord::details_at`].
    pub start_details: usize,
    /// The agent only reports this run's output at its end (periodic runs send no running
    /// reports, agent-behaviour §1.1/§3.8).
    pub final_output_only: bool,
}

impl RunRecord {
    /// The run's status at `at_ms`.
    pub fn status_at(&self, at_ms: i64) -> InvocationStatus {
        match (self.end_ms, self.final_status) {
            (Some(end), Some(status)) if end <= at_ms => return status,
            _ => {}
        }
        if self.stop_ms.is_some_and(|s| s <= at_ms) {
            return InvocationStatus::Stopping;
        }
        if self.start_ms.is_some_and(|s| s <= at_ms) {
            return InvocationStatus::Running;
        }
        InvocationStatus::Pending
    }

    /// Whether the run has ended by `at_ms`.
    pub fn ended_by(&self, at_ms: i64) -> bool {
        self.end_ms.is_some_and(|e| e <= at_ms)
    }

    /// The merged output written up to `at_ms` (before the 24 KB cap).
    ///
    /// One-off runs stream their output while running (it shows as written); periodic runs
    /// show nothing until they end.
    pub fn output_at(&self, at_ms: i64) -> String {
        if self.final_output_only && !self.ended_by(at_ms) {
            return String::new();
        }
        self.output
            .iter()
            .filter(|(at, _)| *at <= at_ms)
            .map(|(_, text)| text)
            .collect()
    }

    /// The details known at `at_ms`: those added when the run ended only once it has ended
    /// (so a history computed past `at_ms` shows what one computed up to `at_ms` shows).
    pub fn details_at(&self, at_ms: i64) -> &[String] {
        if self.ended_by(at_ms) {
            &self.details
        } else {
            &self.details[..self.start_details.min(self.details.len())]
        }
    }

    /// When anything about the run last changed, up to `at_ms`.
    pub fn last_change_at(&self, at_ms: i64) -> Option<i64> {
        [self.start_ms, self.end_ms, self.stop_ms]
            .into_iter()
            .flatten()
            .chain(
                self.output
                    .iter()
                    .filter(|_| !self.final_output_only)
                    .map(|(at, _)| at),
            )
            .filter(|t| *t <= at_ms)
            .max()
    }
}

/// Everything that happened to one invocation on one instance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstanceTrack {
    /// `i-…`.
    pub instance_id: String,
    /// The instance name.
    pub instance_name: String,
    /// Per-instance status changes, in time order (first: Pending at creation).
    pub timeline: Vec<(i64, InvocationStatus)>,
    /// Runs and failed attempts, in time order.
    pub runs: Vec<RunRecord>,
    /// When StopInvocation was called for this instance.
    pub stop_ms: Option<i64>,
    /// Periodic fire instants skipped because the previous run was still going (or the
    /// instance was down).
    pub skipped_fires_ms: Vec<i64>,
    /// Instance-level notes with their instants.
    pub notes: Vec<(i64, String)>,
}

impl InstanceTrack {
    /// The per-instance status at `at_ms` (`None` before the invocation exists).
    pub fn status_at(&self, at_ms: i64) -> Option<InvocationStatus> {
        self.timeline
            .iter()
            .take_while(|(t, _)| *t <= at_ms)
            .last()
            .map(|(_, s)| *s)
    }

    /// The runs that exist at `at_ms` (started, or failed attempts already decided).
    pub fn runs_at(&self, at_ms: i64) -> impl Iterator<Item = &RunRecord> {
        self.runs.iter().filter(move |r| match r.start_ms {
            Some(start) => start <= at_ms,
            None => r.ended_by(at_ms),
        })
    }

    /// The latest run visible at `at_ms`.
    pub fn latest_run_at(&self, at_ms: i64) -> Option<&RunRecord> {
        self.runs_at(at_ms).last()
    }

    /// How many runs have started by `at_ms` (`Repeats`).
    pub fn repeats_at(&self, at_ms: i64) -> usize {
        self.runs
            .iter()
            .filter(|r| r.start_ms.is_some_and(|s| s <= at_ms))
            .count()
    }

    /// `StopTime` if StopInvocation was called by `at_ms`.
    pub fn stop_at(&self, at_ms: i64) -> Option<i64> {
        self.stop_ms.filter(|s| *s <= at_ms)
    }

    /// When anything visible last changed, up to `at_ms` (`UpdateTime`).
    pub fn update_time_at(&self, at_ms: i64) -> Option<i64> {
        let status = self
            .timeline
            .iter()
            .take_while(|(t, _)| *t <= at_ms)
            .last()
            .map(|(t, _)| *t);
        let run = self
            .latest_run_at(at_ms)
            .and_then(|r| r.last_change_at(at_ms));
        status.max(run)
    }
}

/// The simulated history of a set of invocations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    seed: u64,
    horizon_ms: i64,
    plans: Vec<InvocationPlan>,
    events: Vec<UserEvent>,
    tracks: Vec<Vec<InstanceTrack>>,
}

impl Simulation {
    /// Simulates `plans` with the user's `events` up to `horizon_ms`. `seed` varies the
    /// delivery latencies.
    pub fn new(
        plans: Vec<InvocationPlan>,
        events: Vec<UserEvent>,
        seed: u64,
        horizon_ms: i64,
    ) -> Self {
        let mut sim = Simulation {
            seed,
            horizon_ms,
            plans,
            events,
            tracks: Vec::new(),
        };
        sim.recompute();
        sim
    }

    /// Adds a user event and recomputes.
    pub fn add_event(&mut self, event: UserEvent) {
        self.events.push(event);
        self.recompute();
    }

    /// Adds an invocation and recomputes.
    pub fn add_plan(&mut self, plan: InvocationPlan) {
        self.plans.push(plan);
        self.recompute();
    }

    /// Moves the horizon (e.g. as the virtual clock advances) and recomputes.
    pub fn set_horizon(&mut self, horizon_ms: i64) {
        self.horizon_ms = horizon_ms;
        self.recompute();
    }

    /// The last instant simulated.
    pub fn horizon_ms(&self) -> i64 {
        self.horizon_ms
    }

    /// The invocations, in the order given.
    pub fn plans(&self) -> &[InvocationPlan] {
        &self.plans
    }

    /// The user events so far.
    pub fn events(&self) -> &[UserEvent] {
        &self.events
    }

    /// An invocation and its per-instance tracks (same order as its instances).
    pub fn invocation(&self, invoke_id: &str) -> Option<(&InvocationPlan, &[InstanceTrack])> {
        let index = self.plans.iter().position(|p| p.invoke_id == invoke_id)?;
        Some((&self.plans[index], self.tracks.get(index)?.as_slice()))
    }

    /// Every invocation with its tracks.
    pub fn invocations(&self) -> impl Iterator<Item = (&InvocationPlan, &[InstanceTrack])> {
        self.plans
            .iter()
            .zip(self.tracks.iter().map(|t| t.as_slice()))
    }

    /// One instance's track of one invocation.
    pub fn track(&self, invoke_id: &str, instance_id: &str) -> Option<&InstanceTrack> {
        self.invocation(invoke_id)?
            .1
            .iter()
            .find(|t| t.instance_id == instance_id)
    }

    fn recompute(&mut self) {
        let mut tracks: Vec<Vec<InstanceTrack>> = self
            .plans
            .iter()
            .map(|p| {
                p.instances
                    .iter()
                    .map(|i| InstanceTrack {
                        instance_id: i.instance_id.clone(),
                        instance_name: i.instance_name.clone(),
                        ..InstanceTrack::default()
                    })
                    .collect()
            })
            .collect();
        let mut by_instance: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for (p, plan) in self.plans.iter().enumerate() {
            for (i, inst) in plan.instances.iter().enumerate() {
                by_instance
                    .entry(inst.instance_id.as_str())
                    .or_default()
                    .push((p, i));
            }
        }
        for (instance_id, slots) in by_instance {
            let mut sim = InstanceSim::new(self, instance_id, &slots);
            sim.run(&mut tracks);
        }
        self.tracks = tracks;
    }
}

/// Where one invocation stands on the instance being simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Undelivered,
    AwaitingStart,
    WaitingReboot,
    Scheduled,
    Running,
    Done,
}

/// How a run ends by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Exited,
    TimedOut,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
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
struct RunEnd {
    status: InvocationStatus,
    exit_code: Option<i64>,
    error: Option<ErrorCode>,
    details: Vec<String>,
    /// Whether output written exactly at the end instant is kept.
    inclusive: bool,
}

struct Slot {
    plan: usize,
    inst: usize,
    phase: Phase,
    generation: u64,
    active_run: Option<usize>,
    stop_requested: bool,
    script: Option<ScriptRun>,
    /// The script's output pieces (offset, text), shared by all its runs.
    pieces: Arc<[(i64, Arc<str>)]>,
    /// The last fire instant of a `Period` execution.
    last_fire_ms: Option<i64>,
    /// Lazily queued fires (see [`InstanceSim::new`]): the sequence number reserved for the
    /// first fire, and how many fires are queued so far. `None`: every fire was queued upfront.
    lazy_fires: Option<(u64, usize)>,
}

struct InstanceSim<'a> {
    sim: &'a Simulation,
    slots: Vec<Slot>,
    queue: BinaryHeap<Reverse<(i64, u64, usize)>>,
    kinds: Vec<Kind>,
    /// Indices of `kinds` whose event was handled (reused by later events).
    free_kinds: Vec<usize>,
    seq: u64,
    up: bool,
    powered_off: bool,
    boot_at: Option<i64>,
}

impl<'a> InstanceSim<'a> {
    fn new(sim: &'a Simulation, instance_id: &str, slots: &[(usize, usize)]) -> Self {
        let mut this = InstanceSim {
            sim,
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
                if fires.windows(2).all(|w| w[0] <= w[1]) {
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
                    for &fire in fires {
                        this.push(fire, Kind::Fire(s));
                    }
                }
                this.slots[s].last_fire_ms = fires.iter().copied().max();
            }
        }
        for event in &sim.events {
            match event {
                UserEvent::RebootInstance {
                    at_ms,
                    instance_id: id,
                } if id == instance_id => this.push(*at_ms, Kind::RebootDown),
                UserEvent::StopInvocation {
                    at_ms,
                    invoke_id,
                    instance_ids,
                } => {
                    if instance_ids.is_empty() || instance_ids.iter().any(|i| i == instance_id) {
                        for s in 0..this.slots.len() {
                            if &sim.plans[this.slots[s].plan].invoke_id == invoke_id {
                                this.push(*at_ms, Kind::Stop(s));
                            }
                        }
                    }
                }
                UserEvent::RebootInstance { .. } => {}
            }
        }
        this
    }

    fn push(&mut self, at: i64, kind: Kind) {
        let seq = self.seq;
        self.push_with_seq(at, seq, kind);
        self.seq += 1;
    }

    /// Queues an event with a given tie-breaking sequence number.
    fn push_with_seq(&mut self, at: i64, seq: u64, kind: Kind) {
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
    fn queue_next_fire(&mut self, s: usize) {
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

    fn plan(&self, s: usize) -> &'a InvocationPlan {
        &self.sim.plans[self.slots[s].plan]
    }

    fn track<'t>(&self, tracks: &'t mut [Vec<InstanceTrack>], s: usize) -> &'t mut InstanceTrack {
        &mut tracks[self.slots[s].plan][self.slots[s].inst]
    }

    fn run(&mut self, tracks: &mut [Vec<InstanceTrack>]) {
        for s in 0..self.slots.len() {
            let plan = self.plan(s);
            let created = plan.creation_ms;
            // A periodic track holds about one run per fire and two status changes per run.
            let fires = if plan.repeat_mode == RepeatMode::Period {
                let fires = &plan.instances[self.slots[s].inst].fire_instants_ms;
                fires.partition_point(|f| *f <= self.sim.horizon_ms)
            } else {
                0
            };
            let track = self.track(tracks, s);
            track.runs.reserve(fires);
            track
                .timeline
                .reserve(fires.saturating_mul(2).saturating_add(1));
            track.timeline.push((created, InvocationStatus::Pending));
        }
        let mut processed = 0usize;
        while let Some(Reverse((at, _, index))) = self.queue.pop() {
            if at > self.sim.horizon_ms {
                break;
            }
            processed += 1;
            if processed > MAX_EVENTS_PER_INSTANCE {
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

    fn handle(&mut self, t: i64, kind: Kind, tracks: &mut [Vec<InstanceTrack>]) {
        match kind {
            Kind::Deliver(s) => self.deliver(t, s, tracks),
            Kind::DeliveryFail(s, code) => {
                if self.slots[s].phase == Phase::Undelivered && !self.slots[s].stop_requested {
                    self.fail(t, s, code, tracks);
                }
            }
            Kind::Start(s) => self.start(t, s, tracks),
            Kind::Fire(s) => {
                self.queue_next_fire(s);
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

    fn set_status(
        &self,
        t: i64,
        s: usize,
        status: InvocationStatus,
        tracks: &mut [Vec<InstanceTrack>],
    ) {
        let track = self.track(tracks, s);
        if track.timeline.last().map(|(_, st)| *st) != Some(status) {
            track.timeline.push((t, status));
        }
    }

    fn fail(&mut self, t: i64, s: usize, code: ErrorCode, tracks: &mut [Vec<InstanceTrack>]) {
        let status = code.status();
        self.track(tracks, s).runs.push(RunRecord {
            end_ms: Some(t),
            final_status: Some(status),
            error: Some(code),
            ..RunRecord::default()
        });
        self.set_status(t, s, status, tracks);
        self.slots[s].phase = Phase::Done;
    }

    fn deliver(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
        if self.slots[s].phase != Phase::Undelivered || self.slots[s].stop_requested {
            return;
        }
        let plan = self.plan(s);
        if !self.up {
            if self.powered_off {
                self.fail(t, s, ErrorCode::InstanceNotRunning, tracks);
            } else {
                let retry = self.boot_at.unwrap_or(t).saturating_add(START_LATENCY_MS);
                let deadline = plan.creation_ms.saturating_add(DELIVERY_WINDOW_MS);
                if retry > deadline {
                    self.push(
                        deadline.max(t),
                        Kind::DeliveryFail(s, ErrorCode::DeliveryTimeout),
                    );
                } else {
                    self.push(retry, Kind::Deliver(s));
                }
            }
            return;
        }
        let condition = &plan.instances[self.slots[s].inst].condition;
        match ErrorCode::for_condition(condition) {
            Some(ErrorCode::ClientNotResponse) => {
                let deadline = plan.creation_ms.saturating_add(DELIVERY_WINDOW_MS).max(t);
                self.push(
                    deadline,
                    Kind::DeliveryFail(s, ErrorCode::ClientNotResponse),
                );
            }
            Some(code) => self.fail(t, s, code, tracks),
            None => match plan.repeat_mode {
                RepeatMode::Once => {
                    self.slots[s].phase = Phase::AwaitingStart;
                    self.push(t.saturating_add(START_LATENCY_MS), Kind::Start(s));
                }
                RepeatMode::DryRun => {
                    self.track(tracks, s).runs.push(RunRecord {
                        end_ms: Some(t),
                        final_status: Some(InvocationStatus::Success),
                        details: vec![
                            "DryRun: parameters, environment and agent state checked; nothing ran"
                                .into(),
                        ],
                        ..RunRecord::default()
                    });
                    self.set_status(t, s, InvocationStatus::Success, tracks);
                    self.slots[s].phase = Phase::Done;
                }
                RepeatMode::Period => {
                    self.slots[s].phase = Phase::Scheduled;
                    self.set_status(t, s, InvocationStatus::Scheduled, tracks);
                }
                RepeatMode::NextRebootOnly => self.slots[s].phase = Phase::WaitingReboot,
                RepeatMode::EveryReboot => {
                    self.slots[s].phase = Phase::WaitingReboot;
                    self.set_status(t, s, InvocationStatus::Scheduled, tracks);
                }
            },
        }
    }

    fn start(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
        if self.slots[s].phase != Phase::AwaitingStart || self.slots[s].stop_requested {
            return;
        }
        if !self.up {
            if self.powered_off {
                self.fail(t, s, ErrorCode::InstanceNotRunning, tracks);
            } else {
                let retry = self.boot_at.unwrap_or(t).saturating_add(START_LATENCY_MS);
                self.push(retry, Kind::Start(s));
            }
            return;
        }
        self.begin_run(t, s, tracks);
    }

    fn fire(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
        let slot = &self.slots[s];
        if slot.stop_requested || slot.phase == Phase::Done {
            return;
        }
        let reason = match slot.phase {
            Phase::Scheduled if self.up => None,
            Phase::Running => Some("the previous run is still going"),
            Phase::Scheduled => Some("the instance is down"),
            _ => Some("the task has not reached the agent yet"),
        };
        match reason {
            None => self.begin_run(t, s, tracks),
            Some(why) => {
                let track = self.track(tracks, s);
                track.skipped_fires_ms.push(t);
                track.notes.push((t, format!("fire skipped: {why}")));
            }
        }
    }

    fn begin_run(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
        let plan = self.plan(s);
        let inst = &plan.instances[self.slots[s].inst];
        if self.slots[s].script.is_none() {
            let env = ScriptEnv::for_run(
                plan.command_type,
                &plan.username,
                &plan.working_dir,
                &inst.instance_id,
                &inst.instance_name,
            );
            let script = interpret(plan.command_type, &inst.script, &env);
            self.slots[s].pieces = script
                .output
                .iter()
                .map(|p| (p.at_offset_ms, Arc::from(p.text.as_str())))
                .collect();
            self.slots[s].script = Some(script);
        }
        let Some(script) = self.slots[s].script.as_ref() else {
            return;
        };
        let output = RunOutput::new(Arc::clone(&self.slots[s].pieces), t);
        let timeout_ms = plan.timeout_s.saturating_mul(1000);
        let (end, ending) = if plan.timeout_s > 0 && script.duration_ms > timeout_ms {
            (t.saturating_add(timeout_ms), Ending::TimedOut)
        } else {
            (t.saturating_add(script.duration_ms), Ending::Exited)
        };
        let details = script.notes.clone();
        let track = self.track(tracks, s);
        track.runs.push(RunRecord {
            start_ms: Some(t),
            output,
            start_details: details.len(),
            details,
            final_output_only: plan.repeat_mode == RepeatMode::Period,
            ..RunRecord::default()
        });
        let run_index = track.runs.len() - 1;
        self.set_status(t, s, InvocationStatus::Running, tracks);
        let slot = &mut self.slots[s];
        slot.phase = Phase::Running;
        slot.active_run = Some(run_index);
        let generation = slot.generation;
        self.push(end, Kind::Finish(s, generation, ending));
    }

    /// Ends the active run at `t` with `status`, cutting output written after `t` (or at `t`
    /// when `inclusive` is false).
    fn end_run(&mut self, t: i64, s: usize, end: RunEnd, tracks: &mut [Vec<InstanceTrack>]) {
        let RunEnd {
            status,
            exit_code,
            error,
            details: detail,
            inclusive,
        } = end;
        let Some(run_index) = self.slots[s].active_run.take() else {
            return;
        };
        self.slots[s].generation += 1;
        let track = self.track(tracks, s);
        if let Some(run) = track.runs.get_mut(run_index) {
            run.output.cut(t, inclusive);
            run.end_ms = Some(t);
            run.final_status = Some(status);
            run.exit_code = exit_code;
            run.error = error;
            run.details.extend(detail);
        }
    }

    /// What a kill at `t` leaves alive, per TerminationMode.
    fn kill_details(&self, t: i64, s: usize, tracks: &[Vec<InstanceTrack>]) -> Vec<String> {
        let plan = self.plan(s);
        let slot = &self.slots[s];
        let start = slot
            .active_run
            .and_then(|r| tracks[slot.plan][slot.inst].runs.get(r))
            .and_then(|r| r.start_ms)
            .unwrap_or(t);
        let Some(script) = slot.script.as_ref() else {
            return Vec::new();
        };
        let offset = t - start;
        let alive = script.children_alive_at(offset);
        if alive.is_empty() {
            return vec![format!(
                "TerminationMode={}: killed the script process (it had no child processes)",
                plan.termination_mode.as_str()
            )];
        }
        let names: Vec<String> = alive
            .iter()
            .map(|c| format!("`{}` (would end {} ms later)", c.command, c.to_ms - offset))
            .collect();
        vec![match plan.termination_mode {
            TerminationMode::Process => format!(
                "TerminationMode=Process: killed the script process only; still running on the \
                 instance: {}",
                names.join(", ")
            ),
            TerminationMode::ProcessTree => format!(
                "TerminationMode=ProcessTree: killed the script process and its children: {}",
                names.join(", ")
            ),
        }]
    }

    fn finish(&mut self, t: i64, s: usize, ending: Ending, tracks: &mut [Vec<InstanceTrack>]) {
        let plan = self.plan(s);
        let status = match ending {
            Ending::TimedOut => {
                let mut details = self.kill_details(t, s, tracks);
                details.insert(
                    0,
                    format!(
                        "timed out after {} s (the agent kills the process and reports exit code 1; \
                         the API shows no ExitCode)",
                        plan.timeout_s
                    ),
                );
                let code = ErrorCode::ExecutionTimeout;
                self.end_run(
                    t,
                    s,
                    RunEnd {
                        status: code.status(),
                        exit_code: None,
                        error: Some(code),
                        details,
                        inclusive: false,
                    },
                    tracks,
                );
                InvocationStatus::Timeout
            }
            Ending::Exited => {
                let exit = self.slots[s].script.as_ref().map_or(0, |r| r.exit_code);
                let mut details = Vec::new();
                if exit == plan.command_type.power_off_exit_code() {
                    details.push(format!(
                        "exit code {exit}: the agent powers the instance off after its final report"
                    ));
                    self.push(t.saturating_add(POWER_EFFECT_DELAY_MS), Kind::PowerOff);
                } else if exit == plan.command_type.reboot_exit_code() {
                    details.push(format!(
                        "exit code {exit}: the agent reboots the instance after its final report"
                    ));
                    self.push(t.saturating_add(POWER_EFFECT_DELAY_MS), Kind::RebootDown);
                }
                let (status, error) = if exit == 0 {
                    (InvocationStatus::Success, None)
                } else {
                    (InvocationStatus::Failed, Some(ErrorCode::ExitCodeNonzero))
                };
                self.end_run(
                    t,
                    s,
                    RunEnd {
                        status,
                        exit_code: Some(exit),
                        error,
                        details,
                        inclusive: true,
                    },
                    tracks,
                );
                status
            }
        };
        self.after_run(t, s, status, tracks);
    }

    /// Moves the instance on after a run ended with `status`.
    fn after_run(
        &mut self,
        t: i64,
        s: usize,
        status: InvocationStatus,
        tracks: &mut [Vec<InstanceTrack>],
    ) {
        let plan = self.plan(s);
        let stopping = self.slots[s].stop_requested;
        match plan.repeat_mode {
            RepeatMode::Period => {
                self.slots[s].phase = Phase::Scheduled;
                let more = self.slots[s].last_fire_ms.is_some_and(|f| f > t);
                if stopping {
                } else if plan.schedule_ends && !more {
                    self.set_status(t, s, status, tracks);
                    self.slots[s].phase = Phase::Done;
                } else {
                    self.set_status(t, s, InvocationStatus::Scheduled, tracks);
                }
            }
            RepeatMode::EveryReboot => {
                self.slots[s].phase = Phase::WaitingReboot;
                if !stopping {
                    self.set_status(t, s, InvocationStatus::Scheduled, tracks);
                }
            }
            _ => {
                self.set_status(t, s, status, tracks);
                self.slots[s].phase = Phase::Done;
            }
        }
    }

    fn stop(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
        if self.slots[s].stop_requested || t < self.plan(s).creation_ms {
            return;
        }
        if self.slots[s].phase == Phase::Done {
            self.track(tracks, s).notes.push((
                t,
                "StopInvocation after the execution ended: nothing to stop".into(),
            ));
            return;
        }
        self.slots[s].stop_requested = true;
        let active = self.slots[s].active_run;
        let track = self.track(tracks, s);
        track.stop_ms = Some(t);
        if let Some(run) = active.and_then(|r| track.runs.get_mut(r)) {
            run.stop_ms = Some(t);
        }
        self.set_status(t, s, InvocationStatus::Stopping, tracks);
        self.push(t.saturating_add(STOP_LATENCY_MS), Kind::StopDone(s));
    }

    fn stop_done(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
        if self.slots[s].phase == Phase::Done {
            return;
        }
        let status = if self.slots[s].phase == Phase::Running {
            let mut details = self.kill_details(t, s, tracks);
            details.insert(
                0,
                "stopped by StopInvocation while running (the agent reports exit code 0: none \
                 was recorded before the kill)"
                    .into(),
            );
            let status = InvocationStatus::Terminated;
            self.end_run(
                t,
                s,
                RunEnd {
                    status,
                    exit_code: Some(0),
                    error: None,
                    details,
                    inclusive: false,
                },
                tracks,
            );
            status
        } else {
            InvocationStatus::Cancelled
        };
        self.set_status(t, s, status, tracks);
        self.slots[s].phase = Phase::Done;
        self.slots[s].generation += 1;
    }

    fn go_down(&mut self, t: i64, power_off: bool, tracks: &mut [Vec<InstanceTrack>]) {
        if self.powered_off || (!self.up && !power_off) {
            return;
        }
        self.up = false;
        self.powered_off = power_off;
        let what = if power_off { "powered off" } else { "rebooted" };
        if power_off {
            self.boot_at = None;
        } else {
            let boot = t.saturating_add(BOOT_MS);
            self.boot_at = Some(boot);
            self.push(boot, Kind::BootUp);
        }
        for s in 0..self.slots.len() {
            self.track(tracks, s)
                .notes
                .push((t, format!("the instance {what}")));
            if self.slots[s].phase == Phase::Running {
                let code = ErrorCode::ExecutionInterrupted;
                let detail = vec![format!("the instance {what} during the run")];
                self.end_run(
                    t,
                    s,
                    RunEnd {
                        status: code.status(),
                        exit_code: None,
                        error: Some(code),
                        details: detail,
                        inclusive: false,
                    },
                    tracks,
                );
                self.after_run(t, s, InvocationStatus::Error, tracks);
            }
        }
    }

    fn boot_up(&mut self, t: i64) {
        if self.powered_off || self.up {
            return;
        }
        self.up = true;
        self.boot_at = None;
        for s in 0..self.slots.len() {
            if self.slots[s].phase == Phase::WaitingReboot && !self.slots[s].stop_requested {
                self.slots[s].phase = Phase::AwaitingStart;
                self.push(t.saturating_add(START_LATENCY_MS), Kind::Start(s));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exec::plan::InstancePlan;

    fn periodic(fires: Vec<i64>, events: Vec<UserEvent>) -> Simulation {
        let plan = InvocationPlan {
            repeat_mode: RepeatMode::Period,
            timeout_s: 60,
            ..InvocationPlan::once(
                "t-1",
                0,
                vec![InstancePlan {
                    fire_instants_ms: fires,
                    ..InstancePlan::new("i-1", "echo a; sleep 3; echo b")
                }],
            )
        };
        Simulation::new(vec![plan], events, 3, 120_000)
    }

    #[test]
    fn a_cut_output_keeps_the_pieces_before_the_end() {
        let pieces: Arc<[(i64, Arc<str>)]> = Arc::from(vec![
            (0, Arc::from("a")),
            (500, Arc::from("b")),
            (900, Arc::from("c")),
        ]);
        let mut out = RunOutput::new(pieces, 1_000);
        assert_eq!(out.iter().count(), 3);
        out.cut(1_900, true);
        assert_eq!(
            out.iter().collect::<Vec<_>>(),
            [(1_000, "a"), (1_500, "b"), (1_900, "c")]
        );
        out.cut(1_900, false);
        assert_eq!(out.iter().map(|p| p.1).collect::<String>(), "ab");
        // A later, looser cut brings nothing back.
        out.cut(5_000, true);
        assert_eq!(out.iter().map(|p| p.1).collect::<String>(), "ab");
        out.cut(1_499, true);
        assert_eq!(out.iter().map(|p| p.1).collect::<String>(), "a");
    }

    #[test]
    fn lazily_queued_fires_give_the_history_of_fires_queued_upfront() {
        // In order, fires are queued one at a time; out of order, all upfront. With distinct
        // instants both orders are the same schedule, so the histories must be equal, including
        // fires skipped while a run goes on, a fire at the very end of a run, and a stop.
        let sorted = vec![2_000, 4_000, 5_000, 8_200, 11_200, 40_000, 41_000];
        let mut shuffled = sorted.clone();
        shuffled.reverse();
        let stop = vec![UserEvent::StopInvocation {
            at_ms: 40_500,
            invoke_id: "t-1".into(),
            instance_ids: Vec::new(),
        }];
        for events in [Vec::new(), stop] {
            let a = periodic(sorted.clone(), events.clone());
            let b = periodic(shuffled.clone(), events);
            assert_eq!(
                a.invocation("t-1").map(|x| x.1),
                b.invocation("t-1").map(|x| x.1)
            );
            assert!(a
                .invocation("t-1")
                .is_some_and(|(_, t)| t[0].runs.len() >= 3));
        }
    }
}
