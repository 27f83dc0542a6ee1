//! What each event does to an invocation on the instance: delivery, runs, stops, reboots.

use std::sync::Arc;

use super::instance_sim::{Ending, InstanceSim, Kind, Phase, RunEnd};
use super::run::{RunOutput, RunRecord};
use super::script_cache::Script;
use super::track::InstanceTrack;
use crate::sim::exec::error_code::ErrorCode;
use crate::sim::exec::plan::{RepeatMode, TerminationMode};
use crate::sim::exec::status::InvocationStatus;
use crate::sim::exec::timing::{
    BOOT_MS, DELIVERY_WINDOW_MS, POWER_EFFECT_DELAY_MS, START_LATENCY_MS, STOP_LATENCY_MS,
};

impl<'a> InstanceSim<'a> {
    pub(super) fn set_status(
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

    pub(super) fn fail(
        &mut self,
        t: i64,
        s: usize,
        code: ErrorCode,
        tracks: &mut [Vec<InstanceTrack>],
    ) {
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

    pub(super) fn deliver(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
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

    pub(super) fn start(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
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

    pub(super) fn fire(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
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

    /// Gives slot `s` its script (interpreted once, shared by all its runs).
    pub(super) fn set_script(&mut self, s: usize, script: Script) {
        self.slots[s].pieces = script.pieces;
        self.slots[s].script = Some(script.run);
    }

    pub(super) fn begin_run(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
        let plan = self.plan(s);
        let inst = &plan.instances[self.slots[s].inst];
        if self.slots[s].script.is_none() {
            let key = (self.slots[s].plan, self.slots[s].inst);
            let script = self.scripts.get(key, plan, inst);
            self.set_script(s, script);
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
    pub(super) fn end_run(
        &mut self,
        t: i64,
        s: usize,
        end: RunEnd,
        tracks: &mut [Vec<InstanceTrack>],
    ) {
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
    pub(super) fn kill_details(
        &self,
        t: i64,
        s: usize,
        tracks: &[Vec<InstanceTrack>],
    ) -> Vec<String> {
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

    pub(super) fn finish(
        &mut self,
        t: i64,
        s: usize,
        ending: Ending,
        tracks: &mut [Vec<InstanceTrack>],
    ) {
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
    pub(super) fn after_run(
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

    pub(super) fn stop(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
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

    pub(super) fn stop_done(&mut self, t: i64, s: usize, tracks: &mut [Vec<InstanceTrack>]) {
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

    pub(super) fn go_down(&mut self, t: i64, power_off: bool, tracks: &mut [Vec<InstanceTrack>]) {
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

    pub(super) fn boot_up(&mut self, t: i64) {
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
