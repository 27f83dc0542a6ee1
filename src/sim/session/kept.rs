//! The simulation a session keeps for each region and advances with its calls, instead of
//! building one for every Describe call.
//!
//! It is built a little past the call's instant ([`lookahead_ms`]). Because the engine is
//! causal, reading it at any instant up to its horizon gives what a simulation built to that
//! instant gives. Later calls only add to it: an accepted invocation is planned to the same
//! horizon and added, a stop or a reboot is added, and the engine recomputes only the
//! instances either reaches. It is built again when a call comes after its horizon, or when
//! the fire cap ([`crate::sim::invocation::MAX_FIRES_PER_INSTANCE`]) cut a schedule (the cut
//! is stated in the answers and depends on where the simulation ends, so the simulation then
//! ends at the call's instant).

use crate::sim::exec::{Simulation, UserEvent};
use crate::sim::invocation::{plan_invocation, AgentRejection, PlanContext, PlannedInvocation};
use crate::sim::world::World;

use super::InvocationRecord;

/// The latest instant RFC 3339 can write (`9999-12-31T23:59:59.999Z`), in ms.
const LAST_WRITABLE_MS: i64 = 253_402_300_799_999;

/// A region's simulation and what of the session it has taken in.
#[derive(Debug, Clone)]
pub(super) struct KeptSimulation {
    /// The simulation of the region's invocations, up to its horizon.
    pub(super) sim: Simulation,
    /// The agent rejections to patch into answers.
    pub(super) rejections: Vec<AgentRejection>,
    /// How many of the session's invocations and events it has read.
    invocations_read: usize,
    events_read: usize,
}

/// What a kept simulation is built from: the session's records, in call order.
pub(super) struct SessionRecords<'a> {
    pub(super) world: &'a World,
    pub(super) seed: u64,
    pub(super) invocations: &'a [InvocationRecord],
    pub(super) events: &'a [UserEvent],
}

/// How far past a call's instant a simulation is built: an eighth of the time since the
/// region's first invocation, between a minute and a day. Calls marching forward then build
/// it again a logarithmic number of times, and a long horizon grows by at most an eighth.
pub(super) fn lookahead_ms(span_ms: i64) -> i64 {
    (span_ms / 8).clamp(60_000, 86_400_000)
}

impl SessionRecords<'_> {
    fn plan(&self, record: &InvocationRecord, horizon_ms: i64) -> PlannedInvocation {
        plan_invocation(&PlanContext {
            validated: &record.request,
            world: self.world,
            rendered: &record.rendered,
            command_id: &record.command_id,
            invoke_id: &record.invoke_id,
            creation_ms: record.at.timestamp_millis(),
            horizon_ms,
        })
    }

    /// The simulation of `region` built afresh up to `horizon_ms` (every invocation, the
    /// events up to the horizon).
    pub(super) fn build(&self, region: Option<&str>, horizon_ms: i64) -> KeptSimulation {
        let mut plans = Vec::new();
        let mut rejections = Vec::new();
        for r in self.invocations {
            if region.is_some_and(|g| g != r.request.region_id) {
                continue;
            }
            let planned = self.plan(r, horizon_ms);
            plans.push(planned.plan);
            rejections.extend(planned.rejections);
        }
        let events = self
            .events
            .iter()
            .filter(|e| e.at_ms() <= horizon_ms)
            .cloned()
            .collect();
        KeptSimulation {
            sim: Simulation::new(plans, events, self.seed, horizon_ms),
            rejections,
            invocations_read: self.invocations.len(),
            events_read: self.events.len(),
        }
    }

    /// `kept` (when there is one) brought up to date and able to answer at `at_ms`, else a
    /// simulation of `region` built for `at_ms`.
    pub(super) fn advance(
        &self,
        kept: Option<KeptSimulation>,
        region: &str,
        at_ms: i64,
    ) -> KeptSimulation {
        kept.and_then(|k| self.bring_up_to_date(k, region, at_ms))
            .unwrap_or_else(|| self.build_for(region, at_ms))
    }

    /// A simulation of `region` built past `at_ms` ([`lookahead_ms`]), or to `at_ms` when the
    /// fire cap cut a schedule.
    fn build_for(&self, region: &str, at_ms: i64) -> KeptSimulation {
        let first = self
            .invocations
            .iter()
            .filter(|r| r.request.region_id == region)
            .map(|r| r.at.timestamp_millis())
            .min()
            .unwrap_or(at_ms);
        let span = at_ms.saturating_sub(first).max(0);
        let horizon = at_ms
            .saturating_add(lookahead_ms(span))
            .min(LAST_WRITABLE_MS.max(at_ms));
        let kept = self.build(Some(region), horizon);
        if horizon != at_ms && is_cut(&kept.sim) {
            return self.build(Some(region), at_ms);
        }
        kept
    }

    /// `kept` with the invocations and events it has not read, if it can still answer at
    /// `at_ms`.
    fn bring_up_to_date(
        &self,
        mut kept: KeptSimulation,
        region: &str,
        at_ms: i64,
    ) -> Option<KeptSimulation> {
        let horizon = kept.sim.horizon_ms();
        let exact = horizon == at_ms;
        let new_invocations = self.invocations.get(kept.invocations_read..)?;
        let new_events = self.events.get(kept.events_read..)?;
        if at_ms > horizon || (!exact && is_cut(&kept.sim)) {
            return None;
        }
        for r in new_invocations
            .iter()
            .filter(|r| r.request.region_id == region)
        {
            let planned = self.plan(r, horizon);
            if !exact && planned.plan.fires_cut_at_ms.is_some() {
                return None;
            }
            kept.sim.add_plan(planned.plan);
            kept.rejections.extend(planned.rejections);
        }
        // Events after the horizon change nothing up to it; a later build takes them in.
        for e in new_events.iter().filter(|e| e.at_ms() <= horizon) {
            kept.sim.add_event(e.clone());
        }
        kept.invocations_read = self.invocations.len();
        kept.events_read = self.events.len();
        Some(kept)
    }
}

/// Whether the fire cap cut a schedule of `sim`.
fn is_cut(sim: &Simulation) -> bool {
    sim.plans().iter().any(|p| p.fires_cut_at_ms.is_some())
}
