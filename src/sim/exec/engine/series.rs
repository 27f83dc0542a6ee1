//! Steady periodic runs kept as one series instead of one record each.

use std::sync::Arc;

use super::run::{RunBrief, RunOutput, RunRecord};
use crate::sim::exec::status::InvocationStatus;

/// Periodic runs that are all alike: run `k` starts at `starts()[k]`, lasts `duration_ms` and
/// ends as `template` did (same status, exit code, output and notes, shifted in time). Each
/// start is more than `duration_ms` after the previous one, so no fire is skipped, and nothing
/// else happens on the instance until the horizon.
#[derive(Debug, Clone)]
pub(super) struct RunSeries {
    /// The plan's fire list (shared with it and with the instances of its time zone); the runs
    /// start at `fires[first..first + count]`.
    pub(super) fires: Arc<[i64]>,
    pub(super) first: usize,
    pub(super) count: usize,
    /// The largest gap between two consecutive starts (0 for one run).
    pub(super) max_gap_ms: i64,
    pub(super) duration_ms: i64,
    /// An ended run of the same script, started by a fire.
    pub(super) template: RunRecord,
    /// Runs ending after this instant have not ended.
    pub(super) horizon_ms: i64,
    /// The per-instance status after the last run ends (`Scheduled`, or the run's own status
    /// when it was the schedule's last fire).
    pub(super) status_after_last: InvocationStatus,
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
pub(super) enum Located<'a> {
    Recorded(&'a RunRecord),
    InSeries(&'a RunSeries, usize),
}

impl RunSeries {
    /// The runs' start instants.
    pub(super) fn starts(&self) -> &[i64] {
        &self.fires[self.first..self.first + self.count]
    }

    pub(super) fn end_of(&self, k: usize) -> Option<i64> {
        let end = self.starts()[k].saturating_add(self.duration_ms);
        (end <= self.horizon_ms).then_some(end)
    }

    /// How many runs have started by `at_ms`.
    pub(super) fn started_by(&self, at_ms: i64) -> usize {
        self.starts().partition_point(|s| *s <= at_ms)
    }

    /// Run `k` as the engine would have recorded it.
    pub(super) fn run(&self, k: usize) -> RunRecord {
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
    pub(super) fn brief(&self, k: usize) -> RunBrief {
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
    pub(super) fn track_status_at(&self, at_ms: i64) -> Option<(i64, InvocationStatus)> {
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
