//! [`super::simulate`]: the whole pipeline for one request, session-free.
//!
//! validate → render → plan ([`crate::sim::invocation`]) → simulate from `now` to `until` with
//! the user's events → the per-instance runs for a timeline and the Describe* responses at
//! `until`. [`Simulated`] keeps the simulation typed: its answer can be read at any instant up
//! to its horizon, with full or lean runs ([`super::RunDetail`]).

use std::sync::Arc;

use crate::sim::order::Finder;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::check::{facade_ids, rendered_json};
use super::checked::Checked;
use super::error::{error_body, EventError, Failure, InputError};
use super::input::{self, iso};
use super::{RunDetail, SimulateOptions};
use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::exec::{
    self, cap_output, DescribeInvocationResultsQuery, DescribeInvocationsQuery, InstanceTrack,
    InvocationPlan, Paging, RunBrief, RunRecord, Simulation, UserEvent,
};
use crate::sim::ids::IdGenerator;
use crate::sim::invocation::{
    patch_rejections, plan_invocation, shown_error, AgentRejection, PlanContext,
};
use crate::sim::render::{render_validated, RenderedInstance};
use crate::sim::request::RunCommandRequest;
use crate::sim::validate::{self, Usage, ValidatedRequest};
use crate::sim::world::World;

/// The longest simulated span, in days (a guard for the page; a 10 s cron over this span is
/// 60 480 runs per instance).
pub const MAX_SPAN_DAYS: i64 = 7;

/// The most scheduled runs (fires summed over instances) one simulation may hold: a day of
/// `rate(1m)` on 100 instances is 144 000; beyond this the answer would not fit a page.
pub const MAX_TOTAL_FIRES: usize = 250_000;

/// A user event read from the options: its instant and what it does.
enum Event {
    Stop {
        at_ms: i64,
        instance_ids: Vec<String>,
    },
    Reboot {
        at_ms: i64,
        instance_id: String,
    },
}

fn read_event(v: &Value) -> Result<Event, EventError> {
    let at = v
        .get("at")
        .and_then(Value::as_str)
        .ok_or(EventError::MissingAt)?;
    let at_ms = input::time_ms(at, "event at").map_err(EventError::At)?;
    match v.get("action").and_then(Value::as_str) {
        Some("StopInvocation") => {
            let instance_ids = crate::sim::calls::instance_list(v)
                .map_err(|e| EventError::Instances(e.message))?;
            Ok(Event::Stop {
                at_ms,
                instance_ids,
            })
        }
        Some("RebootInstance") => {
            let id = v
                .get("InstanceId")
                .and_then(Value::as_str)
                .ok_or(EventError::MissingInstanceId)?;
            Ok(Event::Reboot {
                at_ms,
                instance_id: id.to_string(),
            })
        }
        other => Err(EventError::UnknownAction(
            other.unwrap_or_default().to_string(),
        )),
    }
}

fn event_at(e: &Event) -> i64 {
    match e {
        Event::Stop { at_ms, .. } | Event::Reboot { at_ms, .. } => *at_ms,
    }
}

/// Runs the pipeline on parsed inputs; `events` are the option's JSON events.
pub fn simulate_parsed(
    req: &RunCommandRequest,
    world: &World,
    now_ms: i64,
    until_ms: i64,
    events: &[Value],
    seed: u64,
) -> Value {
    match Simulated::from_parsed(req, world, now_ms, until_ms, events, seed) {
        Ok(simulated) => simulated.answer_at(until_ms, RunDetail::Full),
        Err(e) => e.answer(),
    }
}

/// Every planned fire of the plan's instances, sorted, without duplicates. Instances usually
/// share one schedule (one list, when they share a time zone): then it is that schedule,
/// without sorting 100 copies of it.
fn all_fires(plan: &InvocationPlan) -> Arc<[i64]> {
    let mut lists = plan.instances.iter().map(|i| &i.fire_instants_ms);
    let Some(first) = lists.next() else {
        return Arc::from([]);
    };
    let sorted = first.windows(2).all(|w| w[0] < w[1]);
    // Element by element: slice equality is a byte-wise `memcmp` in wasm.
    let same = |l: &Arc<[i64]>| {
        Arc::ptr_eq(l, first)
            || l.len() == first.len() && l.iter().zip(first.iter()).all(|(a, b)| a == b)
    };
    if sorted && lists.all(same) {
        return Arc::clone(first);
    }
    let mut fires: Vec<i64> = plan
        .instances
        .iter()
        .flat_map(|i| i.fire_instants_ms.iter().copied())
        .collect();
    fires.sort_unstable();
    fires.dedup();
    fires.into()
}

/// A simulated request kept typed, so that its answer can be read at any instant up to its
/// horizon without simulating again (a timeline simulated once to the end of its window,
/// then read at the playback cursor) and in either [`RunDetail`].
///
/// The engine is causal (what it shows at T depends only on events at or before T) and every
/// reading filters by the instant, so [`Simulated::answer_at`]`(until)` equals the answer of
/// a simulation that stops at `until` (checked for every preset in `tests/api_simulated.rs`).
#[derive(Debug, Clone)]
pub struct Simulated {
    invoke_id: String,
    command_id: String,
    start_ms: i64,
    horizon_ms: i64,
    sim: Simulation,
    rejections: Vec<AgentRejection>,
    /// Every planned fire up to the horizon, sorted, without duplicates.
    fires: Arc<[i64]>,
    /// The rendered scripts with their instance's name, written as JSON only when an answer
    /// is (the playground's panels never read them).
    rendered: Vec<(RenderedInstance, Option<String>)>,
    events: Vec<Value>,
    warnings: Vec<String>,
    repeating: bool,
    /// The `RequestId`s of the DescribeInvocations and DescribeInvocationResults answers.
    describe_request_ids: (String, String),
}

/// The Describe* answers at one instant and the overall status taken from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Responses {
    /// `{"InvocationStatus", "InvokeStatus"}` of the invocation.
    pub overall: Value,
    /// `DescribeInvocations` (IncludeOutput, a page of 50).
    pub describe_invocations: Value,
    /// `DescribeInvocationResults` (IncludeHistory for repeating modes, a page of 50).
    pub describe_invocation_results: Value,
}

/// One run as a timeline draws it: the lean run of [`RunDetail::Lean`]. Serialized as
/// `{"endMs", "exitCode", "startMs", "status", "stopMs"}` (each time or code `null` when not
/// known at the instant read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    /// When the run ended (ms), if it had by the instant read.
    pub end_ms: Option<i64>,
    /// The exit code, once ended (none for a timeout or a run that never started).
    pub exit_code: Option<i64>,
    /// When the script started (ms); `None` for an attempt that never started.
    pub start_ms: Option<i64>,
    /// The run's `InvocationStatus` at the instant read.
    pub status: &'static str,
    /// When StopInvocation reached the run (ms), if it had by the instant read.
    pub stop_ms: Option<i64>,
}

impl RunSummary {
    fn of(run: &RunBrief, until_ms: i64) -> Self {
        let ended = run.ended_by(until_ms);
        RunSummary {
            end_ms: run.end_ms.filter(|e| *e <= until_ms),
            exit_code: run.exit_code.filter(|_| ended),
            start_ms: run.start_ms,
            status: run.status_at(until_ms).as_str(),
            stop_ms: run.stop_ms.filter(|s| *s <= until_ms),
        }
    }
}

impl Simulated {
    /// Parses the inputs and simulates from `options.now` to `horizon` (RFC 3339); the error
    /// is the answer [`super::simulate`] gives for these inputs with `until = horizon`.
    pub fn new(
        request: &Value,
        world: Option<&Value>,
        horizon: &str,
        options: &SimulateOptions,
    ) -> Result<Self, Failure> {
        Self::in_world(request, &input::world(world), horizon, options)
    }

    /// [`Simulated::new`] with the world already read by [`input::world`] (the playground
    /// reads its world once per world edit).
    pub fn in_world(
        request: &Value,
        world: &Result<World, InputError>,
        horizon: &str,
        options: &SimulateOptions,
    ) -> Result<Self, Failure> {
        Self::checked(&Checked::new(request, world), world, horizon, options)
    }

    /// [`Simulated::in_world`] for a request already read and validated against `world` (the
    /// playground's evaluation hands it over: [`super::evaluate_checked`]).
    pub fn checked(
        checked: &Checked,
        world: &Result<World, InputError>,
        horizon: &str,
        options: &SimulateOptions,
    ) -> Result<Self, Failure> {
        let validated = checked.validated().map_err(|e| Failure::Input(e.clone()))?;
        let world = world.as_ref().map_err(|e| Failure::Input(e.clone()))?;
        let now_ms = input::time_ms(&options.now, "now")?;
        let horizon_ms = input::time_ms(horizon, "until")?;
        Self::from_validated(
            validated,
            world,
            now_ms,
            horizon_ms,
            &options.events,
            options.seed,
        )
    }

    /// [`Simulated::new`] on parsed inputs; `events` are the option's JSON events.
    pub(crate) fn from_parsed(
        req: &RunCommandRequest,
        world: &World,
        now_ms: i64,
        horizon_ms: i64,
        events: &[Value],
        seed: u64,
    ) -> Result<Self, Failure> {
        let validated = validate::validate(req, world, &Usage::default());
        Self::from_validated(validated.as_ref(), world, now_ms, horizon_ms, events, seed)
    }

    /// [`Simulated::from_parsed`] for the outcome of validating the request: the simulation's
    /// own input errors (span, events) come before the API's error.
    fn from_validated(
        validated: Result<&ValidatedRequest, &ApiError>,
        world: &World,
        now_ms: i64,
        horizon_ms: i64,
        events: &[Value],
        seed: u64,
    ) -> Result<Self, Failure> {
        if horizon_ms < now_ms {
            return Err(InputError::UntilBeforeNow.into());
        }
        if horizon_ms - now_ms > MAX_SPAN_DAYS * 86_400_000 {
            return Err(InputError::SpanTooLong(MAX_SPAN_DAYS).into());
        }
        let mut read = Vec::new();
        for (n, v) in events.iter().enumerate() {
            match read_event(v) {
                Ok(e) => read.push(e),
                Err(why) => return Err(InputError::Event(n, why).into()),
            }
        }
        read.sort_by_key(event_at);
        let validated = validated.map_err(|e| Failure::Api(e.clone()))?;
        let ids = facade_ids();
        let rendered = render_validated(validated, world, &ids);
        let planned = plan_invocation(&PlanContext {
            validated,
            world,
            rendered: &rendered,
            command_id: &ids.command_id,
            invoke_id: &ids.invoke_id,
            creation_ms: now_ms,
            horizon_ms,
        });
        let rejections = planned.rejections;
        let total_fires: usize = planned
            .plan
            .instances
            .iter()
            .map(|i| i.fire_instants_ms.len())
            .sum();
        if total_fires > MAX_TOTAL_FIRES {
            return Err(InputError::TooManyRuns {
                runs: total_fires,
                limit: MAX_TOTAL_FIRES,
            }
            .into());
        }
        let fires = all_fires(&planned.plan);
        // The events are recorded on a history not yet computed (accepting a StopInvocation
        // reads only the plan), and the history is computed once, with all of them.
        let mut sim = Simulation::new(vec![planned.plan], Vec::new(), seed, i64::MIN);
        let mut request_ids = IdGenerator::new(seed.wrapping_add(1));
        let mut answers = Vec::new();
        for e in read {
            let request_id = request_ids.request_id();
            let at_ms = event_at(&e);
            let (action, answer) = match e {
                Event::Stop {
                    at_ms,
                    instance_ids,
                } => (
                    "StopInvocation",
                    exec::stop_invocation(
                        &mut sim,
                        &ids.invoke_id,
                        &instance_ids,
                        at_ms,
                        &request_id,
                    )
                    .map_err(|r| (r.http_status(), r.to_json(&request_id))),
                ),
                Event::Reboot { at_ms, instance_id } => {
                    if world.instance(&instance_id).is_none() {
                        let e = ApiError::new(ApiErrorCode::InvalidInstanceNotFound);
                        ("RebootInstance", Err((e.http_status(), error_body(&e))))
                    } else {
                        sim.add_event(UserEvent::RebootInstance { at_ms, instance_id });
                        ("RebootInstance", Ok(json!({ "RequestId": request_id })))
                    }
                }
            };
            let (status, body) = match answer {
                Ok(b) => (200, b),
                Err((s, b)) => (s, b),
            };
            answers.push(json!({"at": iso(at_ms), "action": action,
                                "HttpStatus": status, "Body": body}));
        }
        sim.set_horizon(horizon_ms);
        let describe_request_ids = (request_ids.request_id(), request_ids.request_id());
        Ok(Simulated {
            invoke_id: ids.invoke_id,
            command_id: ids.command_id,
            start_ms: now_ms,
            horizon_ms,
            sim,
            rejections,
            fires,
            rendered: {
                let mut instances = Finder::new(&world.instances);
                rendered
                    .into_iter()
                    .map(|r| {
                        let name = instances
                            .find(|i| i.instance_id == r.instance_id)
                            .map(|i| i.name.clone());
                        (r, name)
                    })
                    .collect()
            },
            events: answers,
            warnings: validated.warnings.clone(),
            repeating: validated.repeat_mode.is_repeating(),
            describe_request_ids,
        })
    }

    /// The RunCommand call's instant (ms): the earliest instant that can be read.
    pub fn start_ms(&self) -> i64 {
        self.start_ms
    }

    /// The last instant simulated (ms): the latest instant that can be read.
    pub fn horizon_ms(&self) -> i64 {
        self.horizon_ms
    }

    fn tracks(&self) -> &[InstanceTrack] {
        self.sim
            .invocation(&self.invoke_id)
            .map(|(_, tracks)| tracks)
            .unwrap_or_default()
    }

    /// Why an instant cannot be read, if `until_ms` is one.
    fn unreadable(&self, until_ms: i64) -> Option<InputError> {
        if until_ms < self.start_ms {
            Some(InputError::UntilBeforeNow)
        } else if until_ms > self.horizon_ms {
            Some(InputError::AfterSpan)
        } else {
            None
        }
    }

    /// The target instances as `(InstanceId, InstanceName)`, in the answer's order.
    pub fn instances(&self) -> impl Iterator<Item = (&str, &str)> {
        self.tracks()
            .iter()
            .map(|t| (t.instance_id.as_str(), t.instance_name.as_str()))
    }

    /// The track of instance `index` (runs, skipped fires, notes): the timeline reads one
    /// window of it ([`super::timeline_rows`]).
    pub fn track(&self, index: usize) -> Option<&InstanceTrack> {
        self.tracks().get(index)
    }

    /// The planned fires (ms) up to `until_ms`: the answer's `fires`.
    pub fn fires_until(&self, until_ms: i64) -> &[i64] {
        &self.fires[..self.fires.partition_point(|f| *f <= until_ms)]
    }

    /// The per-instance `InvocationStatus` of instance `index` at `until_ms`.
    pub fn status_at(&self, index: usize, until_ms: i64) -> Option<&'static str> {
        self.tracks()
            .get(index)?
            .status_at(until_ms)
            .map(|s| s.as_str())
    }

    /// How many runs of instance `index` are visible at `until_ms` (without reading them).
    pub fn run_count_at(&self, index: usize, until_ms: i64) -> usize {
        self.tracks()
            .get(index)
            .map_or(0, |t| t.run_count_at(until_ms))
    }

    /// The fires instance `index` skipped by `until_ms`: the lean answer's `skippedFiresMs`.
    pub(crate) fn skipped_fires_at(&self, index: usize, until_ms: i64) -> Vec<i64> {
        self.tracks().get(index).map_or_else(Vec::new, |t| {
            t.skipped_fires_ms
                .iter()
                .copied()
                .filter(|f| *f <= until_ms)
                .collect()
        })
    }

    /// The runs of instance `index` visible at `until_ms`, as a timeline draws them.
    pub fn runs_at(&self, index: usize, until_ms: i64) -> impl Iterator<Item = RunSummary> + '_ {
        self.tracks()
            .get(index)
            .into_iter()
            .flat_map(move |t| t.run_briefs_at(until_ms))
            .map(move |r| RunSummary::of(&r, until_ms))
    }

    /// The exit code and `ErrorCode` ("" when none) of the latest run of instance `index` at
    /// `until_ms`, as the full answer's last run shows them.
    pub fn last_outcome_at(&self, index: usize, until_ms: i64) -> Option<(Option<i64>, String)> {
        let track = self.tracks().get(index)?;
        let run = track.latest_run_at(until_ms)?;
        let ended = run.ended_by(until_ms);
        let error = run.error.as_ref().filter(|_| ended);
        let (code, _) = shown_error(error, &self.invoke_id, &track.instance_id, &self.rejections);
        Some((run.exit_code.filter(|_| ended), code))
    }

    /// Run `run` of instance `index` at `until_ms` with every field, exactly as in the full
    /// answer's `instances[index].runs[run]`; `None` when there is no such run then.
    pub fn run_at(&self, index: usize, run: usize, until_ms: i64) -> Option<Value> {
        let track = self.tracks().get(index)?;
        if run >= track.run_count_at(until_ms) {
            return None;
        }
        let record = track.run(run)?;
        Some(run_json(
            &record,
            until_ms,
            &self.invoke_id,
            &track.instance_id,
            &self.rejections,
        ))
    }

    /// `{"InvocationStatus", "InvokeStatus"}` of the invocation at `until_ms`, as
    /// [`Simulated::responses_at`] gives it, without writing the Describe* answers (both `null`
    /// before the invocation exists).
    pub fn overall_at(&self, until_ms: i64) -> Value {
        match self.sim.invocation(&self.invoke_id) {
            Some((plan, tracks)) if plan.creation_ms <= until_ms => {
                let (modern, legacy) = exec::overall_statuses(tracks, until_ms);
                json!({"InvocationStatus": modern.as_str(), "InvokeStatus": legacy.as_str()})
            }
            _ => json!({"InvocationStatus": null, "InvokeStatus": null}),
        }
    }

    /// The Describe* answers at `until_ms` and the overall status.
    pub fn responses_at(&self, until_ms: i64) -> Responses {
        let (di_id, dr_id) = &self.describe_request_ids;
        let mut invocations = exec::describe_invocations(
            &self.sim,
            &DescribeInvocationsQuery {
                invoke_id: Some(self.invoke_id.clone()),
                include_output: true,
                paging: Paging {
                    page_number: 1,
                    page_size: 50,
                },
                ..Default::default()
            },
            until_ms,
            di_id,
        )
        .unwrap_or_else(|e| e.to_json(di_id));
        let mut results = exec::describe_invocation_results(
            &self.sim,
            &DescribeInvocationResultsQuery {
                invoke_id: Some(self.invoke_id.clone()),
                include_history: self.repeating,
                paging: Paging {
                    page_number: 1,
                    page_size: 50,
                },
                ..Default::default()
            },
            until_ms,
            dr_id,
        )
        .unwrap_or_else(|e| e.to_json(dr_id));
        patch_rejections(&mut invocations, &self.rejections);
        patch_rejections(&mut results, &self.rejections);
        Responses {
            overall: self.overall_at(until_ms),
            describe_invocations: invocations,
            describe_invocation_results: results,
        }
    }

    /// Every key of the answer at `until_ms` but `instances`.
    pub(crate) fn head_at(&self, until_ms: i64) -> Map<String, Value> {
        let responses = self.responses_at(until_ms);
        let mut out = Map::new();
        out.insert("ok".into(), Value::Bool(true));
        out.insert("InvokeId".into(), Value::String(self.invoke_id.clone()));
        out.insert("CommandId".into(), Value::String(self.command_id.clone()));
        out.insert("startMs".into(), self.start_ms.into());
        out.insert("untilMs".into(), until_ms.into());
        out.insert("overall".into(), responses.overall);
        out.insert(
            "fires".into(),
            Value::Array(
                self.fires_until(until_ms)
                    .iter()
                    .map(|f| Value::from(*f))
                    .collect(),
            ),
        );
        out.insert(
            "rendered".into(),
            Value::Array(
                self.rendered
                    .iter()
                    .map(|(r, name)| rendered_json(r, name.as_deref()))
                    .collect(),
            ),
        );
        out.insert("events".into(), Value::Array(self.events.clone()));
        out.insert(
            "warnings".into(),
            Value::Array(self.warnings.iter().cloned().map(Value::String).collect()),
        );
        out.insert("DescribeInvocations".into(), responses.describe_invocations);
        out.insert(
            "DescribeInvocationResults".into(),
            responses.describe_invocation_results,
        );
        out
    }

    /// The answer of [`super::simulate`] (or its lean form) with `until = until_ms`.
    pub fn answer_at(&self, until_ms: i64, detail: RunDetail) -> Value {
        if let Some(e) = self.unreadable(until_ms) {
            return e.answer();
        }
        match detail {
            RunDetail::Full => {
                let mut out = self.head_at(until_ms);
                let instances: Vec<Value> = self
                    .tracks()
                    .iter()
                    .map(|track| instance_json(track, until_ms, &self.invoke_id, &self.rejections))
                    .collect();
                out.insert("instances".into(), Value::Array(instances));
                Value::Object(out)
            }
            RunDetail::Lean => serde_json::to_value(self.lean_at(until_ms))
                .unwrap_or_else(|e| InputError::Write(e.to_string()).answer()),
        }
    }

    /// [`Simulated::answer_at`] as JSON text; the lean form is written without building a
    /// JSON value per run.
    pub(crate) fn answer_text_at(&self, until_ms: i64, detail: RunDetail) -> String {
        if let Some(e) = self.unreadable(until_ms) {
            return e.answer().to_string();
        }
        match detail {
            RunDetail::Full => self.answer_at(until_ms, detail).to_string(),
            RunDetail::Lean => serde_json::to_string(&self.lean_at(until_ms))
                .unwrap_or_else(|e| InputError::Write(e.to_string()).answer().to_string()),
        }
    }

    fn lean_at(&self, until_ms: i64) -> LeanAnswer<'_> {
        LeanAnswer {
            head: self.head_at(until_ms),
            sim: self,
            until_ms,
        }
    }
}

/// The lean answer, serialized with its keys in the order a JSON value sorts them, so that its
/// text equals the text of its value.
struct LeanAnswer<'a> {
    head: Map<String, Value>,
    sim: &'a Simulated,
    until_ms: i64,
}

struct LeanInstances<'a>(&'a Simulated, i64);

struct LeanInstance<'a> {
    sim: &'a Simulated,
    index: usize,
    track: &'a InstanceTrack,
    until_ms: i64,
}

struct LeanRuns<'a>(&'a Simulated, usize, i64);

struct SkippedFires<'a>(&'a InstanceTrack, i64);

impl Serialize for LeanAnswer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.head.len() + 1))?;
        let mut written = false;
        for (key, value) in &self.head {
            if !written && key.as_str() > "instances" {
                map.serialize_entry("instances", &LeanInstances(self.sim, self.until_ms))?;
                written = true;
            }
            map.serialize_entry(key, value)?;
        }
        if !written {
            map.serialize_entry("instances", &LeanInstances(self.sim, self.until_ms))?;
        }
        map.end()
    }
}

impl Serialize for LeanInstances<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let tracks = self.0.tracks();
        let mut seq = s.serialize_seq(Some(tracks.len()))?;
        for (index, track) in tracks.iter().enumerate() {
            seq.serialize_element(&LeanInstance {
                sim: self.0,
                index,
                track,
                until_ms: self.1,
            })?;
        }
        seq.end()
    }
}

impl Serialize for LeanInstance<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("InstanceId", &self.track.instance_id)?;
        map.serialize_entry("InstanceName", &self.track.instance_name)?;
        map.serialize_entry("runs", &LeanRuns(self.sim, self.index, self.until_ms))?;
        map.serialize_entry("skippedFiresMs", &SkippedFires(self.track, self.until_ms))?;
        map.serialize_entry(
            "status",
            &self.track.status_at(self.until_ms).map(|s| s.as_str()),
        )?;
        map.end()
    }
}

impl Serialize for LeanRuns<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.runs_at(self.1, self.2))
    }
}

impl Serialize for SkippedFires<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.skipped_fires_ms.iter().filter(|t| **t <= self.1))
    }
}

/// One run for the timeline (built without cloning through `json!`: a day of runs on 100
/// instances is 144 000 of these).
fn run_json(
    run: &RunRecord,
    until_ms: i64,
    invoke_id: &str,
    instance_id: &str,
    rejections: &[AgentRejection],
) -> Value {
    let ended = run.ended_by(until_ms);
    let full = run.output_at(until_ms);
    let capped = cap_output(&full);
    let error = run.error.as_ref().filter(|_| ended);
    let (code, info) = shown_error(error, invoke_id, instance_id, rejections);
    let opt = |v: Option<i64>| v.map_or(Value::Null, Value::from);
    let mut m = Map::new();
    m.insert("startMs".into(), opt(run.start_ms));
    m.insert("endMs".into(), opt(run.end_ms.filter(|e| *e <= until_ms)));
    m.insert(
        "status".into(),
        Value::String(run.status_at(until_ms).as_str().into()),
    );
    m.insert("exitCode".into(), opt(run.exit_code.filter(|_| ended)));
    m.insert("errorCode".into(), Value::String(code));
    m.insert("errorInfo".into(), Value::String(info));
    m.insert("output".into(), Value::String(capped.text));
    m.insert("dropped".into(), capped.dropped.into());
    m.insert(
        "notes".into(),
        Value::Array(
            run.details_at(until_ms)
                .iter()
                .cloned()
                .map(Value::String)
                .collect(),
        ),
    );
    m.insert("stopMs".into(), opt(run.stop_ms.filter(|s| *s <= until_ms)));
    Value::Object(m)
}

fn instance_json(
    track: &InstanceTrack,
    until_ms: i64,
    invoke_id: &str,
    rejections: &[AgentRejection],
) -> Value {
    let runs: Vec<Value> = track
        .runs_at(until_ms)
        .map(|run| run_json(&run, until_ms, invoke_id, &track.instance_id, rejections))
        .collect();
    let mut m = Map::new();
    m.insert(
        "InstanceId".into(),
        Value::String(track.instance_id.clone()),
    );
    m.insert(
        "InstanceName".into(),
        Value::String(track.instance_name.clone()),
    );
    m.insert(
        "status".into(),
        track
            .status_at(until_ms)
            .map_or(Value::Null, |s| Value::String(s.as_str().into())),
    );
    m.insert("runs".into(), Value::Array(runs));
    m.insert(
        "skippedFiresMs".into(),
        Value::Array(
            track
                .skipped_fires_ms
                .iter()
                .filter(|t| **t <= until_ms)
                .map(|t| Value::from(*t))
                .collect(),
        ),
    );
    m.insert(
        "notes".into(),
        Value::Array(
            track
                .notes
                .iter()
                .filter(|(t, _)| *t <= until_ms)
                .map(|(t, n)| json!({"atMs": t, "note": n}))
                .collect(),
        ),
    );
    Value::Object(m)
}
/// Parses and answers [`super::simulate`] (and its lean form).
pub(crate) fn simulate_value(
    request: &Value,
    world: &Result<World, InputError>,
    until: &str,
    options: &SimulateOptions,
    detail: RunDetail,
) -> Value {
    match prepare(request, world, until, options) {
        Ok((simulated, until_ms)) => simulated.answer_at(until_ms, detail),
        Err(e) => e.answer(),
    }
}

/// [`super::simulate_text`] with the world already read (the same text as the value's).
pub fn simulate_text_in(
    request: &Value,
    world: &Result<World, InputError>,
    until: &str,
    options: &SimulateOptions,
    detail: RunDetail,
) -> String {
    match prepare(request, world, until, options) {
        Ok((simulated, until_ms)) => simulated.answer_text_at(until_ms, detail),
        Err(e) => e.answer().to_string(),
    }
}

/// [`super::simulate_run`] with the world already read.
pub fn simulate_run_in(
    request: &Value,
    world: &Result<World, InputError>,
    until: &str,
    options: &SimulateOptions,
    instance: usize,
    run: usize,
) -> Value {
    let (simulated, until_ms) = match prepare(request, world, until, options) {
        Ok(s) => s,
        Err(e) => return e.answer(),
    };
    let found = simulated
        .instances()
        .nth(instance)
        .zip(simulated.run_at(instance, run, until_ms));
    match found {
        Some(((id, name), body)) => json!({"ok": true, "InstanceId": id, "InstanceName": name,
                                           "instance": instance, "index": run, "run": body}),
        None => InputError::NoSuchRun { instance, run }.answer(),
    }
}

/// Parses the inputs and simulates until `until`.
fn prepare(
    request: &Value,
    world: &Result<World, InputError>,
    until: &str,
    options: &SimulateOptions,
) -> Result<(Simulated, i64), Failure> {
    let simulated = Simulated::in_world(request, world, until, options)?;
    let until_ms = simulated.horizon_ms();
    Ok((simulated, until_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exec::InstancePlan;

    fn plan_with(fire_lists: &[&[i64]]) -> InvocationPlan {
        let instances = fire_lists
            .iter()
            .enumerate()
            .map(|(n, fires)| InstancePlan {
                fire_instants_ms: (*fires).into(),
                ..InstancePlan::new(&format!("i-{n}"), "true")
            })
            .collect();
        InvocationPlan::once("t-1", 0, instances)
    }

    #[test]
    fn all_fires_is_every_fire_sorted_once() {
        let cases: [&[&[i64]]; 6] = [
            &[],
            &[&[1, 5, 9], &[1, 5, 9], &[1, 5, 9]],
            &[&[1, 5, 9], &[2, 5, 10]],
            &[&[1, 5, 5, 9], &[1, 5, 5, 9]],
            &[&[9, 1, 5]],
            &[&[1, 5], &[1, 5, 9]],
        ];
        for lists in cases {
            let mut expected: Vec<i64> = lists.iter().flat_map(|l| l.iter().copied()).collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(all_fires(&plan_with(lists)), expected.into(), "{lists:?}");
        }
    }
}
