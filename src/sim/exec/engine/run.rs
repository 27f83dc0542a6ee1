//! What one run left: its times, outcome, output and notes.

use std::sync::Arc;

use crate::sim::exec::error_code::ErrorCode;
use crate::sim::exec::status::InvocationStatus;

/// A run's merged output: its script's pieces (shared by every run of the script) placed at
/// the run's start, without the pieces cut off when the run ended early.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunOutput {
    /// `(offset after the start in ms, text)`, as the interpreter wrote them.
    pub(super) pieces: Arc<[(i64, Arc<str>)]>,
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
    pub(super) fn shifted(&self, shift_ms: i64) -> Self {
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
