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

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::plan::{InvocationPlan, RepeatMode, UserEvent};
use instance_sim::InstanceSim;
use script_cache::{Script, ScriptCache};

mod instance_sim;
mod lifecycle;
mod run;
mod script_cache;
mod series;
#[cfg(test)]
mod tests;
mod track;

pub use run::{RunBrief, RunOutput, RunRecord};
pub use track::InstanceTrack;

/// Safety cap on events per instance (e.g. an `EveryReboot` script that exits 194 reboots
/// forever); reaching it ends that instance's simulation with a note.
pub const MAX_EVENTS_PER_INSTANCE: usize = 2_000_000;

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
    /// Each script interpreted once, across recomputations.
    scripts: ScriptCache,
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
            scripts: ScriptCache::default(),
        };
        sim.recompute();
        sim
    }

    /// Adds a user event, recomputing the instances it reaches when it falls within the
    /// horizon (the engine is causal: an event after the horizon changes nothing up to it).
    pub fn add_event(&mut self, event: UserEvent) {
        let within = event.at_ms() <= self.horizon_ms;
        let reached = self.instances_reached(&event);
        self.events.push(event);
        if within {
            self.recompute_instances(Some(&reached));
        }
    }

    /// Adds an invocation and recomputes the instances it targets (the others' histories do
    /// not change: instances only meet through their own events).
    pub fn add_plan(&mut self, plan: InvocationPlan) {
        let targets = plan
            .instances
            .iter()
            .map(|i| i.instance_id.clone())
            .collect();
        self.plans.push(plan);
        self.recompute_instances(Some(&targets));
    }

    /// The instances whose history `event` can change.
    fn instances_reached(&self, event: &UserEvent) -> BTreeSet<String> {
        match event {
            UserEvent::RebootInstance { instance_id, .. } => BTreeSet::from([instance_id.clone()]),
            UserEvent::StopInvocation { instance_ids, .. } if !instance_ids.is_empty() => {
                instance_ids.iter().cloned().collect()
            }
            UserEvent::StopInvocation { invoke_id, .. } => self
                .plans
                .iter()
                .filter(|p| &p.invoke_id == invoke_id)
                .flat_map(|p| p.instances.iter().map(|i| i.instance_id.clone()))
                .collect(),
        }
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
        self.recompute_instances(None);
    }

    /// Computes the history of the instances in `only` (every instance when `None`), keeping
    /// the tracks of the others.
    fn recompute_instances(&mut self, only: Option<&BTreeSet<String>>) {
        let mut tracks = std::mem::take(&mut self.tracks);
        tracks.truncate(self.plans.len());
        for (p, plan) in self.plans.iter().enumerate() {
            if tracks.len() == p {
                tracks.push(Vec::new());
            }
            tracks[p].resize_with(plan.instances.len(), InstanceTrack::default);
            for (track, inst) in tracks[p].iter_mut().zip(&plan.instances) {
                if only.is_none_or(|ids| ids.contains(&inst.instance_id)) {
                    *track = InstanceTrack {
                        instance_id: inst.instance_id.clone(),
                        instance_name: inst.instance_name.clone(),
                        ..InstanceTrack::default()
                    };
                }
            }
        }
        let mut facts = FireFacts::default();
        let mut by_instance: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for (p, plan) in self.plans.iter().enumerate() {
            for (i, inst) in plan.instances.iter().enumerate() {
                if only.is_some_and(|ids| !ids.contains(&inst.instance_id)) {
                    continue;
                }
                by_instance
                    .entry(inst.instance_id.as_str())
                    .or_default()
                    .push((p, i));
            }
        }
        let index = EventIndex::new(&self.events, only);
        let mut scripts = std::mem::take(&mut self.scripts);
        for (instance_id, slots) in by_instance {
            let events = index.reaching(&self.plans, instance_id, &slots);
            let rebooted = index.reboots.contains_key(instance_id);
            match self.independent_scripts(rebooted, &slots, &mut scripts) {
                Some(apart) => {
                    // Each invocation goes on its own: a series can hold its steady runs.
                    for (slot, script) in slots.iter().zip(apart) {
                        let invoke_id = &self.plans[slot.0].invoke_id;
                        let own: Vec<usize> = events
                            .iter()
                            .copied()
                            .filter(|e| self.events[*e].invoke_id() == Some(invoke_id))
                            .collect();
                        let mut sim = InstanceSim::new(
                            self,
                            instance_id,
                            &[*slot],
                            &own,
                            &mut facts,
                            &mut scripts,
                        );
                        if let Some(script) = script {
                            sim.set_script(0, script);
                        }
                        sim.run(&mut tracks);
                    }
                }
                None => {
                    InstanceSim::new(self, instance_id, &slots, &events, &mut facts, &mut scripts)
                        .run(&mut tracks)
                }
            }
        }
        self.tracks = tracks;
        self.scripts = scripts;
    }
}

impl Simulation {
    /// When the invocations of `slots` on one instance (`rebooted` by the user or not) cannot
    /// touch one another, the script each would run (`None` for a DryRun, which runs
    /// nothing); `None` when they must be simulated together (or one by one is not wanted).
    ///
    /// Invocations on one instance only meet through its power state: a user reboot, or a
    /// script whose exit code reboots or powers off the instance. Without those, every
    /// invocation's history is the same whether simulated alone or with the others (ties
    /// between their events at one instant change nothing, as no event reads another
    /// invocation's state).
    fn independent_scripts(
        &self,
        rebooted: bool,
        slots: &[(usize, usize)],
        scripts: &mut ScriptCache,
    ) -> Option<Vec<Option<Script>>> {
        if !self.fast_forward || slots.len() < 2 || rebooted {
            return None;
        }
        slots
            .iter()
            .map(|&(p, i)| {
                let plan = &self.plans[p];
                if plan.repeat_mode == RepeatMode::DryRun {
                    return Some(None);
                }
                let script = scripts.get((p, i), plan, &plan.instances[i]);
                let power = [
                    plan.command_type.power_off_exit_code(),
                    plan.command_type.reboot_exit_code(),
                ];
                (!power.contains(&script.run.exit_code)).then_some(Some(script))
            })
            .collect()
    }
}

/// The user events by what they reach, so that each instance reads only its own.
#[derive(Default)]
struct EventIndex<'a> {
    /// RebootInstance events per instance.
    reboots: BTreeMap<&'a str, Vec<usize>>,
    /// StopInvocation events for every instance of an invocation, per invocation.
    stops_all: BTreeMap<&'a str, Vec<usize>>,
    /// StopInvocation events naming instances, per (invocation, instance).
    stops_named: BTreeMap<(&'a str, &'a str), Vec<usize>>,
}

impl<'a> EventIndex<'a> {
    /// The index of the events that can reach the instances in `only` (all when `None`).
    fn new(events: &'a [UserEvent], only: Option<&BTreeSet<String>>) -> Self {
        let mut index = EventIndex::default();
        let reaches = |event: &UserEvent| match (only, event) {
            (None, _) => true,
            (Some(ids), UserEvent::RebootInstance { instance_id, .. }) => ids.contains(instance_id),
            (Some(ids), UserEvent::StopInvocation { instance_ids, .. }) => {
                instance_ids.is_empty() || instance_ids.iter().any(|i| ids.contains(i))
            }
        };
        for (e, event) in events.iter().enumerate().filter(|(_, e)| reaches(e)) {
            match event {
                UserEvent::RebootInstance { instance_id, .. } => {
                    index.reboots.entry(instance_id).or_default().push(e);
                }
                UserEvent::StopInvocation {
                    invoke_id,
                    instance_ids,
                    ..
                } if instance_ids.is_empty() => {
                    index.stops_all.entry(invoke_id).or_default().push(e);
                }
                UserEvent::StopInvocation {
                    invoke_id,
                    instance_ids,
                    ..
                } => {
                    let mut named: Vec<&str> = instance_ids.iter().map(String::as_str).collect();
                    named.sort_unstable();
                    named.dedup();
                    for instance_id in named {
                        let key = (invoke_id.as_str(), instance_id);
                        index.stops_named.entry(key).or_default().push(e);
                    }
                }
            }
        }
        index
    }

    /// The events that reach `instance_id` while it runs `slots`, in the order given.
    fn reaching(
        &self,
        plans: &[InvocationPlan],
        instance_id: &str,
        slots: &[(usize, usize)],
    ) -> Vec<usize> {
        let mut reaching: Vec<usize> = self.reboots.get(instance_id).cloned().unwrap_or_default();
        let mut invoke_ids: Vec<&str> = slots
            .iter()
            .map(|(p, _)| plans[*p].invoke_id.as_str())
            .collect();
        invoke_ids.sort_unstable();
        invoke_ids.dedup();
        for invoke_id in invoke_ids {
            reaching.extend(self.stops_all.get(invoke_id).into_iter().flatten());
            let named = self.stops_named.get(&(invoke_id, instance_id));
            reaching.extend(named.into_iter().flatten());
        }
        reaching.sort_unstable();
        reaching
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
