//! The history of one invocation on one instance, read at any instant.

use std::borrow::Cow;

use super::run::{RunBrief, RunRecord};
use super::series::{Located, RunSeries};
use crate::sim::exec::status::InvocationStatus;

/// Bars per status, as [`InstanceTrack::bars_at`] builds them.
#[derive(Default)]
pub(super) struct Bars(pub(super) Vec<(InvocationStatus, Vec<(i64, i64)>)>);

impl Bars {
    /// Adds a run (nothing for a run that never started).
    pub(super) fn add(&mut self, run: &RunBrief, at_ms: i64, min_ms: i64) {
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

    pub(super) fn add_bar(&mut self, status: InvocationStatus, start: i64, end: i64) {
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
    pub(super) timeline: Vec<(i64, InvocationStatus)>,
    /// Runs and failed attempts before `series`, in the order they appeared (each at its start,
    /// or at its end when it never started).
    pub(super) runs: Vec<RunRecord>,
    /// The runs after `runs`, when they are a steady periodic series.
    pub(super) series: Option<RunSeries>,
    /// When StopInvocation was called for this instance.
    pub stop_ms: Option<i64>,
    /// Periodic fire instants skipped because the previous run was still going (or the
    /// instance was down).
    pub skipped_fires_ms: Vec<i64>,
    /// Instance-level notes with their instants.
    pub notes: Vec<(i64, String)>,
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

    /// The start instants of the steady series, the last runs of the track (empty without
    /// one): series run `k` is run `run_count() - series_starts().len() + k`, lasts
    /// [`InstanceTrack::series_run_ms`] and ends like the others once it ends by the horizon.
    /// Each start is more than a run's duration after the previous one.
    pub fn series_starts(&self) -> &[i64] {
        self.series.as_ref().map_or(&[], |s| s.starts())
    }

    /// How long each run of the steady series lasts (`None` without a series).
    pub fn series_run_ms(&self) -> Option<i64> {
        self.series.as_ref().map(|s| s.duration_ms)
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
