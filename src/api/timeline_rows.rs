//! What one timeline row draws in a window at an instant, read from the row's track without
//! walking the runs outside the window: exact bars and glyphs while they fit, a status-density
//! strip (runs aggregated per pixel column) when zoomed out, and the skipped fires with why.

use crate::sim::exec::status::InvocationStatus;
use crate::sim::exec::{InstanceTrack, RunBrief};

/// How many density levels a strip cell has (1 = barely busy, this = busy all the column).
pub const LEVELS: u8 = 4;

/// The window a row is read in, and how many pixel columns it is drawn over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The window's first instant (ms).
    pub from_ms: i64,
    /// The window's last instant (ms).
    pub to_ms: i64,
    /// The instant read: later runs are not shown, a run going on then ends there.
    pub until_ms: i64,
    /// The strip's columns across the window.
    pub columns: usize,
}

impl Frame {
    fn column_ms(&self) -> f64 {
        (self.to_ms - self.from_ms).max(1) as f64 / self.columns.max(1) as f64
    }

    /// The column of instant `ms` (clamped into the window).
    pub fn column_of(&self, ms: i64) -> usize {
        let c = ((ms - self.from_ms) as f64 / self.column_ms()).floor();
        (c.max(0.0) as usize).min(self.columns.saturating_sub(1))
    }

    /// How much of column `c` the span `(s, e)` (already clamped into the window) covers; a
    /// point (a run that never started, or without duration) weighs a quarter column.
    fn covered(&self, c: usize, (s, e): (i64, i64), point: bool) -> f64 {
        let width = self.column_ms();
        let c0 = self.from_ms as f64 + c as f64 * width;
        if point || e <= s {
            width / f64::from(LEVELS)
        } else {
            (e as f64).min(c0 + width) - (s as f64).max(c0)
        }
    }

    /// Whether `[s, e]` meets the window.
    fn meets(&self, (s, e): (i64, i64)) -> bool {
        e >= self.from_ms && s <= self.to_ms
    }
}

/// One strip column: the status that covers most of it and how busy it is (`1..=LEVELS`); no
/// status when no run touches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    /// The status covering the most of the column.
    pub status: Option<&'static str>,
    /// How much of the column runs cover, in steps of `1 / LEVELS` (rounded up).
    pub level: u8,
}

/// A fire that produced no run on this row, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The fire's instant (ms).
    pub at_ms: i64,
    /// The engine's reason ("the previous run is still going", …).
    pub why: String,
}

/// What a row draws in a [`Frame`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Bars per status (in the order statuses first appear), overlapping or touching bars of
    /// one status merged, each at least `min_ms` long; empty when the row is a strip.
    pub bars: Vec<(&'static str, Vec<(i64, i64)>)>,
    /// Runs without duration (never started) per status, at the instant they were decided;
    /// empty when the row is a strip.
    pub glyphs: Vec<(&'static str, Vec<i64>)>,
    /// The row's columns (always computed: the summary row counts them).
    pub cells: Vec<Cell>,
    /// Whether the row draws its cells instead of bars (the window holds more runs, by the
    /// end of the simulation, than half its columns).
    pub dense: bool,
    /// The skipped fires in the window by the instant read, at most one per column.
    pub skipped: Vec<Skipped>,
    /// How many runs the window holds at the instant read.
    pub runs: usize,
}

/// Where run `i` of a track sits in time: when it started, or was decided if it never started.
fn appeared(track: &InstanceTrack, i: usize) -> i64 {
    track
        .run_brief(i)
        .and_then(|r| r.start_ms.or(r.end_ms))
        .unwrap_or(i64::MAX)
}

/// The index of the first run of `track` that may reach into a window starting at `from_ms`:
/// the runs are in the order they appeared and one instance runs one at a time, so the run
/// before the first that appeared in the window is the only earlier one still going.
pub fn first_in_window(track: &InstanceTrack, count: usize, from_ms: i64) -> usize {
    let (mut lo, mut hi) = (0, count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if appeared(track, mid) < from_ms {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo.saturating_sub(1)
}

/// Run `r`'s span at `until`: start to end (the instant read while it goes on), or the
/// instant it was decided for a run that never started.
pub fn span_of(r: &RunBrief, until_ms: i64) -> (i64, i64) {
    match r.start_ms {
        Some(s) => (s, r.end_ms.unwrap_or(until_ms).min(until_ms)),
        None => {
            let at = r.end_ms.or(r.stop_ms).unwrap_or(until_ms);
            (at, at)
        }
    }
}

/// The index range of the runs of `track` that meet `frame` (visible at its instant).
pub fn runs_in(track: &InstanceTrack, frame: &Frame) -> std::ops::Range<usize> {
    let count = track.run_count_at(frame.until_ms);
    let first = first_in_window(track, count, frame.from_ms);
    let (mut lo, mut hi) = (first, count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if appeared(track, mid) <= frame.to_ms {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    first..lo
}

fn entry<'a, T>(list: &'a mut Vec<(&'static str, Vec<T>)>, status: &'static str) -> &'a mut Vec<T> {
    let i = match list.iter().position(|(s, _)| *s == status) {
        Some(i) => i,
        None => {
            list.push((status, Vec::new()));
            list.len() - 1
        }
    };
    &mut list[i].1
}

/// Per column of a range of columns, the time each status covers (ms).
struct Columns {
    first: usize,
    acc: Vec<Vec<(InvocationStatus, f64)>>,
}

impl Columns {
    fn new(columns: std::ops::Range<usize>) -> Self {
        Columns {
            first: columns.start,
            acc: vec![Vec::new(); columns.len()],
        }
    }

    /// Adds a run's span; `point` for a run that never started (it, and a run without
    /// duration, weighs a quarter column, so that it shows). Returns the columns it touched.
    fn add(
        &mut self,
        frame: &Frame,
        status: InvocationStatus,
        (s, e): (i64, i64),
        point: bool,
    ) -> std::ops::RangeInclusive<usize> {
        let span = (s.max(frame.from_ms), e.min(frame.to_ms));
        let first = frame.column_of(span.0).max(self.first);
        let last = frame
            .column_of(span.1)
            .min(self.first + self.acc.len().saturating_sub(1));
        for c in first..=last {
            self.add_time(c, status, frame.covered(c, span, point));
        }
        first..=last
    }

    /// Adds `covered` ms of `status` to column `c` (nothing when it is not positive).
    fn add_time(&mut self, c: usize, status: InvocationStatus, covered: f64) {
        let Some(col) = c.checked_sub(self.first).and_then(|i| self.acc.get_mut(i)) else {
            return;
        };
        if covered <= 0.0 {
            return;
        }
        match col.iter_mut().find(|(st, _)| *st == status) {
            Some((_, t)) => *t += covered,
            None => col.push((status, covered)),
        }
    }

    fn cells(self, frame: &Frame) -> Vec<Cell> {
        let width = frame.column_ms();
        self.acc
            .into_iter()
            .map(|col| {
                let busy: f64 = col.iter().map(|(_, t)| t).sum();
                let top = col
                    .iter()
                    .fold(None::<(InvocationStatus, f64)>, |best, c| match best {
                        Some(b) if b.1 >= c.1 => Some(b),
                        _ => Some(*c),
                    });
                match top {
                    Some((status, _)) => Cell {
                        status: Some(status.as_str()),
                        level: ((busy / width * f64::from(LEVELS)).ceil() as u8).clamp(1, LEVELS),
                    },
                    None => Cell::default(),
                }
            })
            .collect()
    }
}

/// The cells of columns `columns` of `frame`, read from every run that meets them.
fn cells_in(track: &InstanceTrack, frame: &Frame, columns: std::ops::Range<usize>) -> Vec<Cell> {
    let w = frame.column_ms();
    let sub = Frame {
        from_ms: frame.from_ms + (columns.start as f64 * w).floor() as i64,
        to_ms: frame.from_ms + (columns.end as f64 * w).ceil() as i64,
        ..*frame
    };
    let mut acc = Columns::new(columns);
    for brief in runs_in(track, &sub).filter_map(|i| track.run_brief(i)) {
        let span = span_of(&brief, frame.until_ms);
        if sub.meets(span) && frame.meets(span) {
            acc.add(
                frame,
                brief.status_at(frame.until_ms),
                span,
                brief.start_ms.is_none(),
            );
        }
    }
    acc.cells(frame)
}

/// The cells of every column of `frame`, read from every run in it (what [`row`] gives, the
/// slow way).
pub fn cells_at(track: &InstanceTrack, frame: &Frame) -> Vec<Cell> {
    cells_in(track, frame, 0..frame.columns)
}

/// A row's columns as they are once every run has ended (read once per window), and per column
/// the instant from which it no longer changes (the latest end of the runs in it; `i64::MAX`
/// while one goes on past the simulation).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settled {
    cells: Vec<Cell>,
    settled_ms: Vec<i64>,
}

/// The first index in `from..n` where `holds` turns false (it holds on a prefix), searched
/// from `from` in doubling steps: cheap when the answer is near.
fn gallop(from: usize, n: usize, holds: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi, mut step) = (from, from, 1);
    while hi < n && holds(hi) {
        lo = hi + 1;
        hi = hi.saturating_add(step);
        step = step.saturating_mul(2);
    }
    let mut hi = hi.min(n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The ended runs of a track's steady series that meet a window: all alike (same duration
/// and status), so a column is read from their starts by a few searches instead of run by run.
struct Steady<'a> {
    /// The track index of the first of them.
    first: usize,
    starts: &'a [i64],
    run_ms: i64,
    status: InvocationStatus,
}

impl<'a> Steady<'a> {
    fn of(track: &'a InstanceTrack, window: &Frame) -> Option<Self> {
        let all = track.series_starts();
        let run_ms = track.series_run_ms()?;
        let base = track.run_count().checked_sub(all.len())?;
        let ended_run = |k: usize| {
            track
                .run_brief(base + k)
                .is_some_and(|b| b.end_ms.is_some())
        };
        let ended = gallop(0, all.len(), ended_run);
        let status = track.run_brief(base)?.status_at(i64::MAX);
        let ended = &all[..ended];
        let lo = ended.partition_point(|s| s.saturating_add(run_ms) < window.from_ms);
        let hi = ended.partition_point(|s| *s <= window.to_ms);
        (lo < hi).then(|| Steady {
            first: base + lo,
            starts: &ended[lo..hi],
            run_ms,
            status,
        })
    }

    fn indices(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.starts.len()
    }

    /// Adds the runs to `acc` and their ends to `settled_ms`, column by column, exactly as
    /// reading them one by one would.
    fn add(&self, frame: &Frame, acc: &mut Columns, settled_ms: &mut [i64]) {
        let n = self.starts.len();
        let span = |k: usize| {
            let s = self.starts[k];
            (
                s.max(frame.from_ms),
                s.saturating_add(self.run_ms).min(frame.to_ms),
            )
        };
        let first_column = |k: usize| frame.column_of(span(k).0);
        let last_column = |k: usize| frame.column_of(span(k).1);
        // A run between the first and the last touching a column lies inside it.
        let inside = if self.run_ms > 0 {
            self.run_ms as f64
        } else {
            frame.column_ms() / f64::from(LEVELS)
        };
        let (mut k, mut c) = (0, 0);
        while c < frame.columns {
            k = gallop(k, n, |k| last_column(k) < c);
            if k == n {
                break;
            }
            c = c.max(first_column(k));
            let end = gallop(k, n, |k| first_column(k) <= c);
            let mut time = frame.covered(c, span(k), false).max(0.0);
            if end - k > 2 {
                time += (end - k - 2) as f64 * inside;
            }
            if end - k > 1 {
                time += frame.covered(c, span(end - 1), false).max(0.0);
            }
            acc.add_time(c, self.status, time);
            if let Some(at) = settled_ms.get_mut(c) {
                *at = (*at).max(self.starts[end - 1].saturating_add(self.run_ms));
            }
            c += 1;
        }
    }
}

/// The [`Settled`] columns of `track` in `frame`'s window (its instant is not used). The
/// ended runs of a steady series are read by searches over their starts (see [`Steady`]),
/// so a window costs its columns, not its runs.
pub fn settled(track: &InstanceTrack, frame: &Frame) -> Settled {
    let at_end = Frame {
        until_ms: i64::MAX,
        ..*frame
    };
    let mut acc = Columns::new(0..frame.columns);
    let mut settled_ms = vec![i64::MIN; frame.columns];
    let range = runs_in(track, &at_end);
    let steady = Steady::of(track, &at_end);
    let bulk = steady
        .as_ref()
        .map_or(range.end..range.end, Steady::indices);
    let before = range.start..bulk.start.clamp(range.start, range.end);
    let after = bulk.end.clamp(range.start, range.end)..range.end;
    add_run_by_run(track, &at_end, before, &mut acc, &mut settled_ms);
    if let Some(steady) = &steady {
        steady.add(&at_end, &mut acc, &mut settled_ms);
    }
    add_run_by_run(track, &at_end, after, &mut acc, &mut settled_ms);
    Settled {
        cells: acc.cells(&at_end),
        settled_ms,
    }
}

/// Adds runs `runs` of `track` that meet `at_end`'s window, as they end, to `acc` and their
/// ends to `settled_ms`.
fn add_run_by_run(
    track: &InstanceTrack,
    at_end: &Frame,
    runs: std::ops::Range<usize>,
    acc: &mut Columns,
    settled_ms: &mut [i64],
) {
    for brief in runs.filter_map(|i| track.run_brief(i)) {
        let span = span_of(&brief, i64::MAX);
        if at_end.meets(span) {
            let touched = acc.add(
                at_end,
                brief.status_at(i64::MAX),
                span,
                brief.start_ms.is_none(),
            );
            for c in touched {
                if let Some(at) = settled_ms.get_mut(c) {
                    *at = (*at).max(span.1);
                }
            }
        }
    }
}

/// [`settled`] read run by run (what it gives, the slow way).
pub fn settled_run_by_run(track: &InstanceTrack, frame: &Frame) -> Settled {
    let at_end = Frame {
        until_ms: i64::MAX,
        ..*frame
    };
    let mut acc = Columns::new(0..frame.columns);
    let mut settled_ms = vec![i64::MIN; frame.columns];
    let runs = runs_in(track, &at_end);
    add_run_by_run(track, &at_end, runs, &mut acc, &mut settled_ms);
    Settled {
        cells: acc.cells(&at_end),
        settled_ms,
    }
}

/// What `track` draws in `frame`; bars at least `min_ms` long. The row is a strip when the
/// window holds (by the end of the simulation) more than one run per two columns.
pub fn row(track: &InstanceTrack, frame: &Frame, min_ms: i64) -> Row {
    row_from(track, &settled(track, frame), frame, min_ms)
}

/// [`row`] from the window's [`Settled`] columns: only the columns still changing at the
/// instant read (the one with a run going on, a few at most) are read again, so a playback
/// step costs the runs of those columns, not of the window.
pub fn row_from(track: &InstanceTrack, settled: &Settled, frame: &Frame, min_ms: i64) -> Row {
    let until = frame.until_ms;
    let range = runs_in(track, frame);
    let mut out = Row::default();
    // Every run in the range meets the window but perhaps the first (the one before it).
    let first_out = range
        .clone()
        .next()
        .and_then(|i| track.run_brief(i))
        .is_some_and(|b| !frame.meets(span_of(&b, until)));
    out.runs = range.len() - usize::from(first_out);
    // Strip or bars by every run the window holds (not only those by the instant read), so
    // that playback does not switch a row's look half-way.
    let at_end = Frame {
        until_ms: i64::MAX,
        ..*frame
    };
    let all = runs_in(track, &at_end);
    let all_out = all
        .clone()
        .next()
        .and_then(|i| track.run_brief(i))
        .is_some_and(|b| !at_end.meets(span_of(&b, i64::MAX)));
    out.dense = (all.len() - usize::from(all_out)) * 2 > frame.columns;
    if !out.dense {
        for brief in range.filter_map(|i| track.run_brief(i)) {
            let (s, e) = span_of(&brief, until);
            if !frame.meets((s, e)) {
                continue;
            }
            let status = brief.status_at(until).as_str();
            if brief.start_ms.is_none() {
                entry(&mut out.glyphs, status).push(s);
                continue;
            }
            let e = e.max(s.saturating_add(min_ms));
            let bars = entry(&mut out.bars, status);
            match bars.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => bars.push((s, e)),
            }
        }
    }
    let w = frame.column_ms();
    let mut cells = Vec::with_capacity(frame.columns);
    let mut c = 0;
    while c < frame.columns {
        let start = frame.from_ms as f64 + c as f64 * w;
        let changing = |c: usize| {
            frame.from_ms as f64 + c as f64 * w <= until as f64
                && settled.settled_ms.get(c).is_none_or(|s| *s > until)
        };
        if start > until as f64 {
            cells.push(Cell::default());
            c += 1;
        } else if changing(c) {
            let mut end = c + 1;
            while end < frame.columns && changing(end) {
                end += 1;
            }
            cells.extend(cells_in(track, frame, c..end));
            c = end;
        } else {
            cells.push(settled.cells.get(c).copied().unwrap_or_default());
            c += 1;
        }
    }
    out.cells = cells;
    out.skipped = skipped_in(track, frame);
    out
}

/// The skipped fires of `track` in `frame` by its instant, one per column at most, with the
/// reason the engine noted ("fire skipped: <why>").
pub fn skipped_in(track: &InstanceTrack, frame: &Frame) -> Vec<Skipped> {
    let fires = &track.skipped_fires_ms;
    let from = fires.partition_point(|t| *t < frame.from_ms);
    let mut out: Vec<Skipped> = Vec::new();
    let mut last_column = None;
    for at in fires[from..]
        .iter()
        .copied()
        .take_while(|t| *t <= frame.to_ms.min(frame.until_ms))
    {
        let column = frame.column_of(at);
        if last_column.replace(column) == Some(column) {
            continue;
        }
        out.push(Skipped {
            at_ms: at,
            why: skip_reason(track, at),
        });
    }
    out
}

/// Why the fire at `at_ms` was skipped, from the track's notes.
pub fn skip_reason(track: &InstanceTrack, at_ms: i64) -> String {
    const PREFIX: &str = "fire skipped: ";
    let notes = &track.notes;
    let from = notes.partition_point(|(t, _)| *t < at_ms);
    notes[from..]
        .iter()
        .take_while(|(t, _)| *t == at_ms)
        .chain(notes.iter())
        .find(|(t, n)| *t == at_ms && n.starts_with(PREFIX))
        .map(|(_, n)| n[PREFIX.len()..].to_string())
        .unwrap_or_else(|| "no run started at this fire".to_string())
}

/// Per column, how many rows each status leads (the summary row), from the rows' cells.
pub fn summary(rows: &[&[Cell]], columns: usize) -> Vec<Vec<(&'static str, usize)>> {
    let mut out = vec![Vec::new(); columns];
    for cells in rows {
        for (c, cell) in cells.iter().enumerate().take(columns) {
            if let Some(status) = cell.status {
                *entry_count(&mut out[c], status) += 1;
            }
        }
    }
    out
}

fn entry_count<'a>(
    list: &'a mut Vec<(&'static str, usize)>,
    status: &'static str,
) -> &'a mut usize {
    let i = match list.iter().position(|(s, _)| *s == status) {
        Some(i) => i,
        None => {
            list.push((status, 0));
            list.len() - 1
        }
    };
    &mut list[i].1
}

/// How the rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// The request's instance order.
    #[default]
    None,
    /// By per-instance status at the cursor, then the request's order.
    Status,
    /// By tags (`key=value`, joined), then the request's order.
    Tag,
}

/// Which rows show and in what order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowFilter {
    /// Only rows with this per-instance status at the cursor (`None`: all).
    pub status: Option<String>,
    /// Only rows whose name, id or tags contain this (ASCII case-insensitive; empty: all).
    pub text: String,
    /// The order.
    pub grouping: Grouping,
}

/// One change of a [`RowFilter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterChange {
    /// Only this status (`None`: any).
    Status(Option<String>),
    /// Only rows containing this text.
    Text(String),
    /// This order.
    Group(Grouping),
}

impl RowFilter {
    /// The filter after `change` (the others fields kept).
    pub fn apply(&self, change: FilterChange) -> RowFilter {
        let mut next = self.clone();
        match change {
            FilterChange::Status(status) => next.status = status,
            FilterChange::Text(text) => next.text = text,
            FilterChange::Group(grouping) => next.grouping = grouping,
        }
        next
    }
}

/// What a row is filtered and grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey<'a> {
    /// `i-…`.
    pub id: &'a str,
    /// The instance's name.
    pub name: &'a str,
    /// Its per-instance status at the cursor ("" before delivery).
    pub status: &'a str,
    /// Its tags as `key=value`, joined with spaces.
    pub tags: &'a str,
}

/// The indices of the rows `filter` keeps, in its order (stable within a group).
pub fn row_order(rows: &[RowKey<'_>], filter: &RowFilter) -> Vec<usize> {
    let text = filter.text.trim().to_ascii_lowercase();
    let kept: Vec<usize> = (0..rows.len())
        .filter(|i| {
            let r = &rows[*i];
            filter.status.as_deref().is_none_or(|s| s == r.status)
                && (text.is_empty()
                    || [r.id, r.name, r.tags]
                        .iter()
                        .any(|f| f.to_ascii_lowercase().contains(&text)))
        })
        .collect();
    let group = |i: usize| match filter.grouping {
        Grouping::None => "",
        Grouping::Status => rows[i].status,
        Grouping::Tag => rows[i].tags,
    };
    // Keyed by (group, index): unique keys, so an unstable sort keeps the request's order
    // within a group.
    let mut keyed: Vec<(&str, usize)> = kept.into_iter().map(|i| (group(i), i)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}
