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
use std::borrow::Cow;
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

    /// The same output for a run started `shift_ms` later.
    fn shifted(&self, shift_ms: i64) -> Self {
        RunOutput {
            pieces: Arc::clone(&self.pieces),
            start_ms: self.start_ms.saturating_add(shift_ms),
            cut: self
                .cut
                .map(|(end, inclusive)| (end.saturating_add(shift_ms), inclusive)),
        }
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
        self.brief().status_at(at_ms)
    }

    /// Its times and outcome.
    pub fn brief(&self) -> RunBrief {
        RunBrief {
            start_ms: self.start_ms,
            end_ms: self.end_ms,
            final_status: self.final_status,
            exit_code: self.exit_code,
            stop_ms: self.stop_ms,
        }
    }

    /// Whether the run has ended by `at_ms`.
    pub fn ended_by(&self, at_ms: i64) -> bool {
        self.brief().ended_by(at_ms)
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

/// The times and outcome of a run, without its output and notes: what a timeline draws. A view
/// of a [`RunRecord`] (whose status rules it holds) that a series of runs can give without
/// writing each run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunBrief {
    /// When the script process started (`None`: it never started).
    pub start_ms: Option<i64>,
    /// When the run ended (`None`: not before the horizon).
    pub end_ms: Option<i64>,
    /// The status once ended.
    pub final_status: Option<InvocationStatus>,
    /// The reported exit code.
    pub exit_code: Option<i64>,
    /// When StopInvocation reached this run.
    pub stop_ms: Option<i64>,
}

impl RunBrief {
    /// The run's status at `at_ms` ([`RunRecord::status_at`]).
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
}

/// Bars per status, as [`InstanceTrack::bars_at`] builds them.
#[derive(Default)]
struct Bars(Vec<(InvocationStatus, Vec<(i64, i64)>)>);

impl Bars {
    /// Adds a run (nothing for a run that never started).
    fn add(&mut self, run: &RunBrief, at_ms: i64, min_ms: i64) {
        let Some(start) = run.start_ms.filter(|s| *s <= at_ms) else {
            return;
        };
        let end = run.end_ms.filter(|e| *e <= at_ms).unwrap_or(at_ms);
        self.add_bar(
            run.status_at(at_ms),
            start,
            end.max(start.saturating_add(min_ms)),
        );
    }

    fn add_bar(&mut self, status: InvocationStatus, start: i64, end: i64) {
        let index = match self.0.iter().position(|(s, _)| *s == status) {
            Some(i) => i,
            None => {
                self.0.push((status, Vec::new()));
                self.0.len() - 1
            }
        };
        let list = &mut self.0[index].1;
        match list.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => list.push((start, end)),
        }
    }
}

/// Everything that happened to one invocation on one instance.
///
/// Runs are read through the methods: after the first runs of a `Period` execution that
/// nothing else touches, the engine stores the remaining identical runs as one series (their
/// starts and one template run) instead of one record each (a day of `rate(1m)` is 1 440 runs
/// per instance).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstanceTrack {
    /// `i-…`.
    pub instance_id: String,
    /// The instance name.
    pub instance_name: String,
    /// Per-instance status changes before `series`, in time order (first: Pending at creation).
    timeline: Vec<(i64, InvocationStatus)>,
    /// Runs and failed attempts before `series`, in the order they appeared (each at its start,
    /// or at its end when it never started).
    runs: Vec<RunRecord>,
    /// The runs after `runs`, when they are a steady periodic series.
    series: Option<RunSeries>,
    /// When StopInvocation was called for this instance.
    pub stop_ms: Option<i64>,
    /// Periodic fire instants skipped because the previous run was still going (or the
    /// instance was down).
    pub skipped_fires_ms: Vec<i64>,
    /// Instance-level notes with their instants.
    pub notes: Vec<(i64, String)>,
}

/// Periodic runs that are all alike: run `k` starts at `starts()[k]`, lasts `duration_ms` and
/// ends as `template` did (same status, exit code, output and notes, shifted in time). Each
/// start is more than `duration_ms` after the previous one, so no fire is skipped, and nothing
/// else happens on the instance until the horizon.
#[derive(Debug, Clone)]
struct RunSeries {
    /// The plan's fire list (shared with it and with the instances of its time zone); the runs
    /// start at `fires[first..first + count]`.
    fires: Arc<[i64]>,
    first: usize,
    count: usize,
    /// The largest gap between two consecutive starts (0 for one run).
    max_gap_ms: i64,
    duration_ms: i64,
    /// An ended run of the same script, started by a fire.
    template: RunRecord,
    /// Runs ending after this instant have not ended.
    horizon_ms: i64,
    /// The per-instance status after the last run ends (`Scheduled`, or the run's own status
    /// when it was the schedule's last fire).
    status_after_last: InvocationStatus,
}

/// Two series are equal when their runs are: the same starts, wherever their list is kept.
impl PartialEq for RunSeries {
    fn eq(&self, other: &Self) -> bool {
        self.starts() == other.starts()
            && self.max_gap_ms == other.max_gap_ms
            && self.duration_ms == other.duration_ms
            && self.template == other.template
            && self.horizon_ms == other.horizon_ms
            && self.status_after_last == other.status_after_last
    }
}

impl Eq for RunSeries {}

/// Where a track keeps one of its runs.
enum Located<'a> {
    Recorded(&'a RunRecord),
    InSeries(&'a RunSeries, usize),
}

impl RunSeries {
    /// The runs' start instants.
    fn starts(&self) -> &[i64] {
        &self.fires[self.first..self.first + self.count]
    }

    fn end_of(&self, k: usize) -> Option<i64> {
        let end = self.starts()[k].saturating_add(self.duration_ms);
        (end <= self.horizon_ms).then_some(end)
    }

    /// How many runs have started by `at_ms`.
    fn started_by(&self, at_ms: i64) -> usize {
        self.starts().partition_point(|s| *s <= at_ms)
    }

    /// Run `k` as the engine would have recorded it.
    fn run(&self, k: usize) -> RunRecord {
        let start = self.starts()[k];
        let t = &self.template;
        match self.end_of(k) {
            Some(end) => {
                let shift = start - t.start_ms.unwrap_or(start);
                RunRecord {
                    start_ms: Some(start),
                    end_ms: Some(end),
                    final_status: t.final_status,
                    exit_code: t.exit_code,
                    error: t.error.clone(),
                    stop_ms: None,
                    output: t.output.shifted(shift),
                    details: t.details.clone(),
                    start_details: t.start_details,
                    final_output_only: t.final_output_only,
                }
            }
            None => RunRecord {
                start_ms: Some(start),
                output: RunOutput::new(Arc::clone(&t.output.pieces), start),
                details: t.details[..t.start_details.min(t.details.len())].to_vec(),
                start_details: t.start_details,
                final_output_only: t.final_output_only,
                ..RunRecord::default()
            },
        }
    }

    /// Run `k`'s times and outcome ([`RunSeries::run`] without its output and notes).
    fn brief(&self, k: usize) -> RunBrief {
        let end = self.end_of(k);
        RunBrief {
            start_ms: Some(self.starts()[k]),
            end_ms: end,
            final_status: end.and(self.template.final_status),
            exit_code: end.and(self.template.exit_code),
            stop_ms: None,
        }
    }

    /// The per-instance status at `at_ms` and since when, once the first run has started.
    fn track_status_at(&self, at_ms: i64) -> Option<(i64, InvocationStatus)> {
        let k = self.started_by(at_ms).checked_sub(1)?;
        Some(match self.end_of(k) {
            Some(end) if end <= at_ms => {
                let last = k + 1 == self.starts().len();
                let after = if last {
                    self.status_after_last
                } else {
                    InvocationStatus::Scheduled
                };
                (end, after)
            }
            _ => (self.starts()[k], InvocationStatus::Running),
        })
    }
}

impl InstanceTrack {
    /// The status change in force at `at_ms`, with its instant.
    fn status_change_at(&self, at_ms: i64) -> Option<(i64, InvocationStatus)> {
        if let Some(change) = self.series.as_ref().and_then(|s| s.track_status_at(at_ms)) {
            return Some(change);
        }
        let n = self.timeline.partition_point(|(t, _)| *t <= at_ms);
        n.checked_sub(1).map(|i| self.timeline[i])
    }

    /// The per-instance status at `at_ms` (`None` before the invocation exists).
    pub fn status_at(&self, at_ms: i64) -> Option<InvocationStatus> {
        self.status_change_at(at_ms).map(|(_, s)| s)
    }

    /// Every per-instance status change, in time order (the series written out).
    pub fn status_changes(&self) -> Vec<(i64, InvocationStatus)> {
        let mut all = self.timeline.clone();
        if let Some(series) = &self.series {
            for k in 0..series.starts().len() {
                all.push((series.starts()[k], InvocationStatus::Running));
                if let Some(end) = series.end_of(k) {
                    all.extend(series.track_status_at(end));
                }
            }
        }
        all
    }

    /// How many runs exist at `at_ms` (started, or failed attempts already decided): the
    /// first ones of [`InstanceTrack::run`].
    pub fn run_count_at(&self, at_ms: i64) -> usize {
        let explicit = self
            .runs
            .partition_point(|r| r.start_ms.or(r.end_ms).is_some_and(|t| t <= at_ms));
        if explicit < self.runs.len() {
            return explicit;
        }
        explicit + self.series.as_ref().map_or(0, |s| s.started_by(at_ms))
    }

    /// Where run `index` is kept: recorded, or the `k`-th run of the series.
    fn locate(&self, index: usize) -> Option<Located<'_>> {
        match self.runs.get(index) {
            Some(run) => Some(Located::Recorded(run)),
            None => {
                let series = self.series.as_ref()?;
                let k = index - self.runs.len();
                (k < series.starts().len()).then_some(Located::InSeries(series, k))
            }
        }
    }

    /// Run `index` (in the order the runs appeared), whenever it happened.
    pub fn run(&self, index: usize) -> Option<Cow<'_, RunRecord>> {
        Some(match self.locate(index)? {
            Located::Recorded(run) => Cow::Borrowed(run),
            Located::InSeries(series, k) => Cow::Owned(series.run(k)),
        })
    }

    /// How many runs and failed attempts there are up to the horizon.
    pub fn run_count(&self) -> usize {
        self.runs.len() + self.series.as_ref().map_or(0, |s| s.count)
    }

    /// Every run and failed attempt up to the horizon, in order.
    pub fn all_runs(&self) -> impl Iterator<Item = Cow<'_, RunRecord>> {
        (0..self.run_count()).filter_map(move |i| self.run(i))
    }

    /// Run `index`'s times and outcome (cheaper than [`InstanceTrack::run`]).
    pub fn run_brief(&self, index: usize) -> Option<RunBrief> {
        Some(match self.locate(index)? {
            Located::Recorded(run) => run.brief(),
            Located::InSeries(series, k) => series.brief(k),
        })
    }

    /// The status at `at_ms` of run `index` (which exists by then).
    pub fn run_status_at(&self, index: usize, at_ms: i64) -> Option<InvocationStatus> {
        self.run_brief(index).map(|r| r.status_at(at_ms))
    }

    /// The times and outcomes of the runs that exist at `at_ms`.
    pub fn run_briefs_at(&self, at_ms: i64) -> impl Iterator<Item = RunBrief> + '_ {
        (0..self.run_count_at(at_ms)).filter_map(move |i| self.run_brief(i))
    }

    /// The runs started by `at_ms` as a timeline draws them: per status at `at_ms`, bars from
    /// each run's start to its end (or `at_ms` while it goes on), at least `min_ms` long, with
    /// the bars of one status that overlap or touch merged. Statuses come in the order they
    /// first appear. A series whose runs all touch at this width is one bar, however long.
    pub fn bars_at(&self, at_ms: i64, min_ms: i64) -> Vec<(InvocationStatus, Vec<(i64, i64)>)> {
        let mut bars = Bars::default();
        let explicit = self.run_count_at(at_ms).min(self.runs.len());
        for run in &self.runs[..explicit] {
            bars.add(&run.brief(), at_ms, min_ms);
        }
        if let Some(series) = self.series.as_ref().filter(|_| explicit == self.runs.len()) {
            let started = series.started_by(at_ms);
            let d = series.duration_ms;
            let ended = series.starts()[..started]
                .partition_point(|s| s.saturating_add(d) <= at_ms.min(series.horizon_ms));
            let width = d.max(min_ms);
            match series.template.final_status {
                Some(status) if ended > 0 && series.max_gap_ms <= width => {
                    let last = series.starts()[ended - 1].saturating_add(width);
                    bars.add_bar(status, series.starts()[0], last);
                }
                _ => {
                    for k in 0..ended {
                        bars.add(&series.brief(k), at_ms, min_ms);
                    }
                }
            }
            for k in ended..started {
                bars.add(&series.brief(k), at_ms, min_ms);
            }
        }
        bars.0
    }

    /// The runs that exist at `at_ms` (started, or failed attempts already decided).
    pub fn runs_at(&self, at_ms: i64) -> impl Iterator<Item = Cow<'_, RunRecord>> {
        (0..self.run_count_at(at_ms)).filter_map(move |i| self.run(i))
    }

    /// The latest run visible at `at_ms`.
    pub fn latest_run_at(&self, at_ms: i64) -> Option<Cow<'_, RunRecord>> {
        self.run_count_at(at_ms)
            .checked_sub(1)
            .and_then(|i| self.run(i))
    }

    /// How many runs have started by `at_ms` (`Repeats`).
    pub fn repeats_at(&self, at_ms: i64) -> usize {
        let explicit = self
            .runs
            .iter()
            .filter(|r| r.start_ms.is_some_and(|s| s <= at_ms))
            .count();
        explicit + self.series.as_ref().map_or(0, |s| s.started_by(at_ms))
    }

    /// `StopTime` if StopInvocation was called by `at_ms`.
    pub fn stop_at(&self, at_ms: i64) -> Option<i64> {
        self.stop_ms.filter(|s| *s <= at_ms)
    }

    /// When anything visible last changed, up to `at_ms` (`UpdateTime`).
    pub fn update_time_at(&self, at_ms: i64) -> Option<i64> {
        let status = self.status_change_at(at_ms).map(|(t, _)| t);
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
    /// Whether steady periodic runs are recorded as a [`RunSeries`] (see
    /// [`Simulation::new_step_by_step`]).
    fast_forward: bool,
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
        Self::simulate(plans, events, seed, horizon_ms, true)
    }

    /// [`Simulation::new`] that handles every event one by one, never recording runs as a
    /// series: the reference the fast path is checked against. Every reading is the same.
    pub fn new_step_by_step(
        plans: Vec<InvocationPlan>,
        events: Vec<UserEvent>,
        seed: u64,
        horizon_ms: i64,
    ) -> Self {
        Self::simulate(plans, events, seed, horizon_ms, false)
    }

    fn simulate(
        plans: Vec<InvocationPlan>,
        events: Vec<UserEvent>,
        seed: u64,
        horizon_ms: i64,
        fast_forward: bool,
    ) -> Self {
        let mut sim = Simulation {
            seed,
            horizon_ms,
            plans,
            events,
            tracks: Vec::new(),
            fast_forward,
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
        let mut facts = FireFacts::default();
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
            let mut sim = InstanceSim::new(self, instance_id, &slots, &mut facts);
            sim.run(&mut tracks);
        }
        self.tracks = tracks;
    }
}

/// What the engine learns once about a fire list that instances share (a plan's instances in
/// one time zone share one list), instead of once per instance: whether it is in time order,
/// and the smallest and largest gap between the fires of a range.
#[derive(Default)]
struct FireFacts {
    in_order: Vec<(Arc<[i64]>, bool)>,
    /// `(list, from, to, (smallest, largest))`.
    gaps: Vec<GapsOfRange>,
}

type GapsOfRange = (Arc<[i64]>, usize, usize, (i64, i64));

impl FireFacts {
    fn in_order(&mut self, fires: &Arc<[i64]>) -> bool {
        if let Some((_, known)) = self.in_order.iter().find(|(l, _)| Arc::ptr_eq(l, fires)) {
            return *known;
        }
        let in_order = fires.windows(2).all(|w| w[0] <= w[1]);
        self.in_order.push((Arc::clone(fires), in_order));
        in_order
    }

    /// The smallest and largest gap between consecutive fires of `fires[from..to]`
    /// (`(i64::MAX, 0)` for fewer than two).
    fn gaps(&mut self, fires: &Arc<[i64]>, from: usize, to: usize) -> (i64, i64) {
        let known = self
            .gaps
            .iter()
            .find(|(l, f, t, _)| Arc::ptr_eq(l, fires) && (*f, *t) == (from, to));
        if let Some((.., gaps)) = known {
            return *gaps;
        }
        let gaps = fires
            .get(from..to)
            .unwrap_or_default()
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold((i64::MAX, 0), |(lo, hi), g| (lo.min(g), hi.max(g)));
        self.gaps.push((Arc::clone(fires), from, to, gaps));
        gaps
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
    facts: &'a mut FireFacts,
    slots: Vec<Slot>,
    queue: BinaryHeap<Reverse<(i64, u64, usize)>>,
    kinds: Vec<Kind>,
    /// Indices of `kinds` whose event was handled (reused by later events).
    free_kinds: Vec<usize>,
    /// Events handled so far.
    processed: usize,
    seq: u64,
    up: bool,
    powered_off: bool,
    boot_at: Option<i64>,
}

impl<'a> InstanceSim<'a> {
    fn new(
        sim: &'a Simulation,
        instance_id: &str,
        slots: &[(usize, usize)],
        facts: &'a mut FireFacts,
    ) -> Self {
        let mut this = InstanceSim {
            sim,
            facts,
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
        // No room is reserved for one run per fire: steady periodic runs end up in a series.
        for s in 0..self.slots.len() {
            let created = self.plan(s).creation_ms;
            let track = self.track(tracks, s);
            track.timeline.push((created, InvocationStatus::Pending));
        }
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

    /// At fire `index` of slot `s` (at `t`): when the previous run was an ordinary one and
    /// nothing but this slot's fires remains on the instance, records every remaining fire up
    /// to the horizon as one [`RunSeries`] instead of simulating each, and returns `true`.
    /// The series is exactly what the events would have recorded (checked in the tests).
    fn fast_forward(
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
        // run ends is skipped), and the events saved must not reach the engine's cap.
        if starts.first() != Some(&t)
            || min_gap <= duration
            || self.processed + starts.len().saturating_mul(2) > MAX_EVENTS_PER_INSTANCE
        {
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
            let script = interpret(plan.command_type, &inst.script, env);
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

    #[test]
    fn series_are_equal_by_their_starts_not_by_where_the_list_is_kept() {
        let series = |fires: &[i64], first: usize| RunSeries {
            fires: fires.into(),
            first,
            count: 2,
            max_gap_ms: 60_000,
            duration_ms: 1_000,
            template: RunRecord::default(),
            horizon_ms: 600_000,
            status_after_last: InvocationStatus::Scheduled,
        };
        let a = series(&[60_000, 120_000], 0);
        let b = series(&[0, 60_000, 120_000], 1);
        assert_eq!(a.starts(), [60_000, 120_000]);
        assert_eq!(a, b);
        assert_ne!(a, series(&[0, 60_000, 120_000], 0));
    }

    fn periodic(fires: Vec<i64>, events: Vec<UserEvent>) -> Simulation {
        let plan = InvocationPlan {
            repeat_mode: RepeatMode::Period,
            timeout_s: 60,
            ..InvocationPlan::once(
                "t-1",
                0,
                vec![InstancePlan {
                    fire_instants_ms: fires.into(),
                    ..InstancePlan::new("i-1", "echo a; sleep 3; echo b")
                }],
            )
        };
        Simulation::new(vec![plan], events, 3, 120_000)
    }

    /// A `Period` plan on `i-1` running `script` at `fires`.
    fn periodic_plan(
        invoke_id: &str,
        script: &str,
        timeout_s: i64,
        schedule_ends: bool,
        fires: Vec<i64>,
    ) -> InvocationPlan {
        InvocationPlan {
            repeat_mode: RepeatMode::Period,
            timeout_s,
            schedule_ends,
            ..InvocationPlan::once(
                invoke_id,
                0,
                vec![InstancePlan {
                    fire_instants_ms: fires.into(),
                    ..InstancePlan::new("i-1", script)
                }],
            )
        }
    }

    /// Every instant worth reading a track at: each change, the instants around it, and the
    /// horizon.
    fn instants(track: &InstanceTrack, horizon: i64) -> Vec<i64> {
        let mut at: Vec<i64> = vec![0, horizon];
        for (t, _) in track.status_changes() {
            at.push(t);
        }
        for run in track.runs_at(horizon) {
            at.extend(run.start_ms);
            at.extend(run.end_ms);
            at.extend(run.stop_ms);
            at.extend(run.output.iter().map(|(t, _)| t));
        }
        let mut all: Vec<i64> = at.iter().flat_map(|t| [t - 1, *t, t + 1]).collect();
        all.retain(|t| *t <= horizon);
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Asserts that the fast simulation reads exactly as the step-by-step one; returns whether
    /// it recorded a series (so the tests can check that the fast path was taken).
    fn assert_same_readings(
        plans: Vec<InvocationPlan>,
        events: Vec<UserEvent>,
        horizon: i64,
    ) -> bool {
        let fast = Simulation::new(plans.clone(), events.clone(), 7, horizon);
        let slow = Simulation::new_step_by_step(plans, events, 7, horizon);
        let mut used_series = false;
        for ((_, fast_tracks), (plan, slow_tracks)) in fast.invocations().zip(slow.invocations()) {
            for (f, s) in fast_tracks.iter().zip(slow_tracks) {
                let what = format!("{} on {}", plan.invoke_id, s.instance_id);
                used_series |= f.series.is_some();
                assert!(s.series.is_none(), "{what}: step by step makes no series");
                assert_eq!(f.status_changes(), s.status_changes(), "{what}: statuses");
                assert_eq!(
                    (&f.skipped_fires_ms, &f.notes, f.stop_ms),
                    (&s.skipped_fires_ms, &s.notes, s.stop_ms),
                    "{what}"
                );
                for at in instants(s, horizon) {
                    let case = format!("{what} at {at}");
                    assert_eq!(f.status_at(at), s.status_at(at), "{case}");
                    assert_eq!(f.run_count_at(at), s.run_count_at(at), "{case}");
                    // Runs appear in time order, so the visible ones are a prefix.
                    let visible = s
                        .all_runs()
                        .filter(|r| match r.start_ms {
                            Some(start) => start <= at,
                            None => r.ended_by(at),
                        })
                        .count();
                    assert_eq!(s.run_count_at(at), visible, "{case}");
                    assert_eq!(f.repeats_at(at), s.repeats_at(at), "{case}");
                    assert_eq!(f.update_time_at(at), s.update_time_at(at), "{case}");
                    assert_eq!(f.latest_run_at(at), s.latest_run_at(at), "{case}");
                    let fast_runs: Vec<_> = f.runs_at(at).collect();
                    let slow_runs: Vec<_> = s.runs_at(at).collect();
                    assert_eq!(fast_runs, slow_runs, "{case}");
                    for min_ms in [0, 1_500, 4_000, 9_999, 10_000, 30_000] {
                        let mut expected = Bars::default();
                        for run in &slow_runs {
                            expected.add(&run.brief(), at, min_ms);
                        }
                        assert_eq!(f.bars_at(at, min_ms), expected.0, "{case}, {min_ms} ms");
                        assert_eq!(s.bars_at(at, min_ms), expected.0, "{case}, {min_ms} ms");
                    }
                    let briefs: Vec<_> = slow_runs.iter().map(|r| r.brief()).collect();
                    assert_eq!(f.run_briefs_at(at).collect::<Vec<_>>(), briefs, "{case}");
                    for (i, run) in slow_runs.iter().enumerate() {
                        assert_eq!(f.run_status_at(i, at), Some(run.status_at(at)), "{case}");
                        assert_eq!(run.output_at(at), fast_runs[i].output_at(at), "{case}");
                        assert_eq!(run.details_at(at), fast_runs[i].details_at(at), "{case}");
                    }
                }
            }
        }
        used_series
    }

    #[test]
    fn series_of_periodic_runs_read_exactly_as_the_runs_simulated_one_by_one() {
        let scripts = [
            ("echo a; sleep 3; echo b", 60),   // 3 s, Success
            ("echo a; sleep 3; exit 3", 60),   // 3 s, Failed
            ("echo a; sleep 20; echo b", 5),   // timed out after 5 s
            ("echo a; sleep 2; exit 194", 60), // reboots: never a series
            ("sleep 1", 0),                    // no timeout
        ];
        let fire_sets: Vec<Vec<i64>> = vec![
            (1..=40).map(|k| k * 10_000).collect(), // gaps > duration
            (1..=40).map(|k| k * 3_000).collect(),  // gap == 3 s: ends skip fires
            (1..=40).map(|k| k * 2_000).collect(),  // gap < duration
            vec![5_000, 6_000, 30_000, 60_000, 61_000, 200_000], // irregular
            vec![10_000],
            vec![],
        ];
        let mut series_seen = 0;
        let mut cases = 0;
        for (script, timeout) in scripts {
            for fires in &fire_sets {
                for schedule_ends in [false, true] {
                    for horizon in [0, 25_001, 103_000, 250_000, 400_000] {
                        let stop_at = |at_ms: i64| UserEvent::StopInvocation {
                            at_ms,
                            invoke_id: "t-1".into(),
                            instance_ids: Vec::new(),
                        };
                        let reboot_at = |at_ms: i64| UserEvent::RebootInstance {
                            at_ms,
                            instance_id: "i-1".into(),
                        };
                        for events in [vec![], vec![stop_at(95_000)], vec![reboot_at(52_000)]] {
                            let plan =
                                periodic_plan("t-1", script, timeout, schedule_ends, fires.clone());
                            series_seen +=
                                usize::from(assert_same_readings(vec![plan], events, horizon));
                            cases += 1;
                        }
                    }
                }
            }
        }
        // Two invocations on one instance are simulated step by step (they can interact).
        let two = vec![
            periodic_plan(
                "t-1",
                "sleep 1",
                60,
                false,
                (1..=20).map(|k| k * 10_000).collect(),
            ),
            periodic_plan(
                "t-2",
                "sleep 2",
                60,
                false,
                (1..=20).map(|k| k * 7_000).collect(),
            ),
        ];
        assert!(!assert_same_readings(two, vec![], 300_000));
        assert!(
            cases > 800 && series_seen > 50,
            "{cases} cases, {series_seen} with a series"
        );
    }

    proptest::proptest! {
        #[test]
        fn series_match_step_by_step_for_any_fires(
            gaps in proptest::collection::vec(1i64..12_000, 0..60),
            sleep_ms in 0i64..9_000,
            exit in 0i64..3,
            timeout_s in 0i64..8,
            schedule_ends: bool,
            horizon in 0i64..400_000,
            stop_at in proptest::option::of(0i64..400_000),
            reboot_at in proptest::option::of(0i64..400_000),
        ) {
            let mut at = 0;
            let fires: Vec<i64> = gaps.iter().map(|g| { at += g; at }).collect();
            let script = format!("echo go; sleep {}.{:03}; echo done; exit {exit}", sleep_ms / 1000, sleep_ms % 1000);
            let plan = periodic_plan("t-1", &script, timeout_s, schedule_ends, fires);
            let mut events = Vec::new();
            if let Some(at_ms) = stop_at {
                events.push(UserEvent::StopInvocation { at_ms, invoke_id: "t-1".into(), instance_ids: Vec::new() });
            }
            if let Some(at_ms) = reboot_at {
                events.push(UserEvent::RebootInstance { at_ms, instance_id: "i-1".into() });
            }
            assert_same_readings(vec![plan], events, horizon);
        }
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
