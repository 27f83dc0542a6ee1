//! An API session over a world and a virtual clock: `RunCommand`, `InvokeCommand`,
//! `DescribeInvocations`, `DescribeInvocationResults`, `StopInvocation`, and the playground's
//! `RebootInstance`, each answered at its call instant `at`.
//!
//! Order of a `RunCommand` call: validation up to the references ([`crate::sim::validate`]),
//! then the `ClientToken` replay check (same token + same parameters, compared on the wire form,
//! → the same CommandId and
//! InvokeId; different parameters → `IdempotentParameterMismatch`), then quotas and dispatch,
//! then the ids are drawn from the seeded generator, the request is rendered per instance and
//! the invocation is recorded. `KeepCommand=true` also saves the command for `InvokeCommand`.
//!
//! The Describe* calls answer with the state at `at` of the execution simulation of the call's
//! region ([`crate::sim::invocation::plan_invocation`] for each recorded invocation, plus the
//! stops and reboots recorded so far), shaped by [`crate::sim::exec::responses`]. The session
//! keeps that simulation and advances it from call to call (`session/kept.rs`); it answers as
//! one built afresh up to `at` ([`Session::simulation_at`]) would. The simulation is causal,
//! so a call never sees anything that happens after its `at`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::sim::calls;
use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::exec::{self, ResponseError, Simulation, UserEvent};
use crate::sim::ids::IdGenerator;
use crate::sim::invocation::{patch_rejections, AgentRejection, MAX_FIRES_PER_INSTANCE};
use crate::sim::render::{render_validated, RenderIds, RenderedInstance};
use crate::sim::request::RunCommandRequest;
use crate::sim::validate::{self, Phase, Usage, ValidatedRequest};
use crate::sim::wire::to_query;
use crate::sim::world::World;
use kept::{KeptSimulation, SessionRecords};

mod kept;

/// An HTTP answer: status and JSON body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiResponse {
    /// HTTP status.
    pub http_status: u16,
    /// The JSON body (success body or [`crate::sim::error::ErrorBody`]).
    pub body: serde_json::Value,
}

impl ApiResponse {
    /// Whether the call succeeded.
    pub fn is_success(&self) -> bool {
        self.http_status == 200
    }

    /// The error `Code`, if any.
    pub fn code(&self) -> Option<&str> {
        self.body.get("Code").and_then(|c| c.as_str())
    }
}

/// A RunCommand (or InvokeCommand) that was accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct InvocationRecord {
    /// When it was called.
    pub at: DateTime<Utc>,
    /// The CommandId.
    pub command_id: String,
    /// The InvokeId.
    pub invoke_id: String,
    /// The validated request (targets, findings, effective values).
    pub request: ValidatedRequest,
    /// The per-instance renderings.
    pub rendered: Vec<RenderedInstance>,
}

/// A session: a world, a seeded id generator, what was run.
#[derive(Debug, Clone)]
pub struct Session {
    world: World,
    ids: IdGenerator,
    seed: u64,
    invocations: Vec<InvocationRecord>,
    events: Vec<UserEvent>,
    /// The simulation of each region, advanced from call to call.
    kept: BTreeMap<String, KeptSimulation>,
    saved_commands: BTreeMap<String, u32>,
    saved: BTreeMap<String, RunCommandRequest>,
    tokens: BTreeMap<String, (String, String, String)>,
    clock: Option<DateTime<Utc>>,
}

/// The actions a session knows.
pub const ACTIONS: &[&str] = &[
    "RunCommand",
    "DescribeInvocations",
    "DescribeInvocationResults",
    "StopInvocation",
    "InvokeCommand",
    "RebootInstance",
];

impl Session {
    /// A session over `world`, ids (and delivery latencies) drawn from `seed`.
    pub fn new(world: World, seed: u64) -> Self {
        Self {
            world,
            ids: IdGenerator::new(seed),
            seed,
            invocations: Vec::new(),
            events: Vec::new(),
            kept: BTreeMap::new(),
            saved_commands: BTreeMap::new(),
            saved: BTreeMap::new(),
            tokens: BTreeMap::new(),
            clock: None,
        }
    }

    /// The simulated account.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Accepted invocations, in call order.
    pub fn invocations(&self) -> &[InvocationRecord] {
        &self.invocations
    }

    /// StopInvocation calls and reboots, in call order.
    pub fn events(&self) -> &[UserEvent] {
        &self.events
    }

    fn records(&self) -> SessionRecords<'_> {
        SessionRecords {
            world: &self.world,
            seed: self.seed,
            invocations: &self.invocations,
            events: &self.events,
        }
    }

    /// The virtual clock: the latest `at` seen (calls never move it backwards).
    pub fn clock(&self) -> Option<DateTime<Utc>> {
        self.clock
    }

    /// What the account has used, as seen at `at` (invocations counted per UTC day).
    pub fn usage_at(&self, at: DateTime<Utc>) -> Usage {
        let mut invocations_today = BTreeMap::new();
        for r in &self.invocations {
            if r.at.date_naive() == at.date_naive() {
                *invocations_today
                    .entry(r.request.region_id.clone())
                    .or_insert(0) += 1;
            }
        }
        Usage {
            saved_commands: self.saved_commands.clone(),
            invocations_today,
        }
    }

    /// An error answer with a fresh RequestId.
    pub fn error_response(&mut self, error: &ApiError) -> ApiResponse {
        let request_id = self.ids.request_id();
        ApiResponse {
            http_status: error.http_status(),
            body: serde_json::to_value(error.body(&request_id)).unwrap_or_default(),
        }
    }

    fn response_error(&mut self, error: &ResponseError) -> ApiResponse {
        let request_id = self.ids.request_id();
        ApiResponse {
            http_status: error.http_status(),
            body: error.to_json(&request_id),
        }
    }

    fn ok(&mut self, body: Value) -> ApiResponse {
        ApiResponse {
            http_status: 200,
            body,
        }
    }

    /// Calls `action` with an SDK-style JSON request.
    pub fn call(
        &mut self,
        at: DateTime<Utc>,
        action: &str,
        request: &serde_json::Value,
    ) -> ApiResponse {
        self.clock = Some(self.clock.map_or(at, |c| c.max(at)));
        let answer = match action {
            "RunCommand" => match RunCommandRequest::from_json_value(request) {
                Ok(req) => return self.run_command(at, &req),
                Err(e) => Err(ApiError::with_detail(
                    ApiErrorCode::MalformedInput,
                    &format!("the RunCommand request does not parse: {e}"),
                )),
            },
            "InvokeCommand" => return self.invoke_command(at, request),
            "DescribeInvocations" => self.describe(at, request, false),
            "DescribeInvocationResults" => self.describe(at, request, true),
            "StopInvocation" => self.stop(at, request),
            "RebootInstance" => self.reboot(at, request),
            _ => Err(ApiError::new(ApiErrorCode::InvalidActionNotFound)),
        };
        match answer {
            Ok(Ok(body)) => self.ok(body),
            Ok(Err(e)) => self.response_error(&e),
            Err(e) => self.error_response(&e),
        }
    }

    /// RunCommand at virtual time `at`.
    pub fn run_command(&mut self, at: DateTime<Utc>, req: &RunCommandRequest) -> ApiResponse {
        match self.accept(at, req, None) {
            Ok((command_id, invoke_id)) => {
                let request_id = self.ids.request_id();
                self.ok(serde_json::json!({
                    "RequestId": request_id,
                    "CommandId": command_id,
                    "InvokeId": invoke_id,
                }))
            }
            Err(r) => r,
        }
    }

    /// InvokeCommand at `at`: runs a command saved by `RunCommand` with `KeepCommand=true`;
    /// answers `{RequestId, InvokeId}`.
    pub fn invoke_command(&mut self, at: DateTime<Utc>, request: &Value) -> ApiResponse {
        let region = match calls::check_region(request, &self.world) {
            Ok(r) => r,
            Err(e) => return self.error_response(&e),
        };
        let Some(command_id) = request
            .get("CommandId")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
        else {
            let e = ApiError::with_detail(ApiErrorCode::MissingParameter, "CommandId");
            return self.error_response(&e);
        };
        let saved = self
            .saved
            .get(command_id)
            .filter(|r| r.region_id.as_deref() == Some(region.as_str()))
            .cloned();
        let Some(saved) = saved else {
            return self.error_response(&ApiError::new(ApiErrorCode::InvalidCmdIdNotFound));
        };
        let req = match calls::invoke_as_run(&saved, request) {
            Ok(r) => r,
            Err(e) => return self.error_response(&e),
        };
        match self.accept(at, &req, Some(command_id.to_string())) {
            Ok((_, invoke_id)) => {
                let request_id = self.ids.request_id();
                self.ok(serde_json::json!({"RequestId": request_id, "InvokeId": invoke_id}))
            }
            Err(r) => r,
        }
    }

    /// Validates, draws ids, renders and records; `Err` is the error answer.
    fn accept(
        &mut self,
        at: DateTime<Utc>,
        req: &RunCommandRequest,
        command_id: Option<String>,
    ) -> Result<(String, String), ApiResponse> {
        let usage = self.usage_at(at);
        let report = validate::check_all(req, &self.world, &usage);
        if let Some(p) = report
            .problems
            .iter()
            .find(|p| p.phase <= Phase::References)
        {
            let e = p.error.clone();
            return Err(self.error_response(&e));
        }
        let token = req.client_token.clone().filter(|t| !t.is_empty());
        if let Some(t) = &token {
            if let Some((canon, c, i)) = self.tokens.get(t).cloned() {
                if self.world.faults.idempotent_processing {
                    return Err(
                        self.error_response(&ApiError::new(ApiErrorCode::IdempotentProcessing))
                    );
                }
                if canon != to_query(req) {
                    return Err(self.error_response(&ApiError::new(
                        ApiErrorCode::IdempotentParameterMismatch,
                    )));
                }
                return Ok((c, i));
            }
        }
        if let Some(p) = report.problems.first() {
            let e = p.error.clone();
            return Err(self.error_response(&e));
        }
        let validated = match validate::validate(req, &self.world, &usage) {
            Ok(v) => v,
            Err(e) => return Err(self.error_response(&e)),
        };
        let command_id = command_id.unwrap_or_else(|| self.ids.command_id());
        let invoke_id = self.ids.invoke_id();
        if req.keep_command() {
            *self
                .saved_commands
                .entry(validated.region_id.clone())
                .or_insert(0) += 1;
            self.saved.insert(command_id.clone(), req.clone());
        }
        if let Some(t) = token {
            self.tokens
                .insert(t, (to_query(req), command_id.clone(), invoke_id.clone()));
        }
        let rendered = render_validated(
            &validated,
            &self.world,
            &RenderIds {
                command_id: command_id.clone(),
                invoke_id: invoke_id.clone(),
            },
        );
        self.invocations.push(InvocationRecord {
            at,
            command_id: command_id.clone(),
            invoke_id: invoke_id.clone(),
            request: validated,
            rendered,
        });
        Ok((command_id, invoke_id))
    }

    /// The execution simulation of `region`'s invocations (every region when `None`) built
    /// afresh up to `at`, with the agent rejections to patch into responses: what the
    /// Describe* calls answer from (they advance a kept simulation that reads the same).
    pub fn simulation_at(
        &self,
        region: Option<&str>,
        at: DateTime<Utc>,
    ) -> (Simulation, Vec<AgentRejection>) {
        let built = self.records().build(region, at.timestamp_millis());
        (built.sim, built.rejections)
    }

    /// The kept simulation of `region`, advanced to answer at `at` (taken out of the session
    /// while the answer is made; [`Session::keep`] puts it back).
    fn advance(&mut self, region: &str, at: DateTime<Utc>) -> KeptSimulation {
        let kept = self.kept.remove(region);
        self.records().advance(kept, region, at.timestamp_millis())
    }

    fn keep(&mut self, region: String, kept: KeptSimulation) {
        self.kept.insert(region, kept);
    }

    #[allow(clippy::type_complexity)]
    fn describe(
        &mut self,
        at: DateTime<Utc>,
        request: &Value,
        results: bool,
    ) -> Result<Result<Value, ResponseError>, ApiError> {
        let region = calls::check_region(request, &self.world)?;
        let results_query = if results {
            Some(calls::describe_invocation_results_query(request)?)
        } else {
            None
        };
        let invocations_query = calls::describe_invocations_query(request)?;
        let kept = self.advance(&region, at);
        let (sim, rejections) = (&kept.sim, &kept.rejections);
        let at_ms = at.timestamp_millis();
        let request_id = self.ids.request_id();
        let mut filters = match calls::InvocationFilters::from_request(request) {
            Ok(f) => f,
            Err(e) => {
                self.keep(region, kept);
                return Err(e);
            }
        };
        if let Some(group) = request
            .get("ResourceGroupId")
            .and_then(Value::as_str)
            .filter(|g| !g.is_empty())
        {
            filters.invoke_ids = Some(
                self.invocations
                    .iter()
                    .filter(|r| r.request.request.resource_group_id.as_deref() == Some(group))
                    .map(|r| r.invoke_id.clone())
                    .collect(),
            );
        }
        let mut body = match results_query {
            Some(q) => exec::describe_invocation_results(sim, &q, at_ms, &request_id),
            None if filters.is_empty() => {
                exec::describe_invocations(sim, &invocations_query, at_ms, &request_id)
            }
            None => filtered_invocations(sim, &invocations_query, &filters, at_ms, &request_id),
        };
        if let Ok(b) = body.as_mut() {
            patch_rejections(b, rejections);
            if let Some(notice) = cut_notice(sim) {
                b["SimulatorNotice"] = Value::from(notice);
            }
        }
        self.keep(region, kept);
        Ok(body)
    }

    fn stop(
        &mut self,
        at: DateTime<Utc>,
        request: &Value,
    ) -> Result<Result<Value, ResponseError>, ApiError> {
        let region = calls::check_region(request, &self.world)?;
        let (invoke_id, instance_ids) = calls::stop_invocation_request(request)?;
        // Accepting a stop reads only the recorded invocations: nothing is simulated here (the
        // next Describe call simulates with the stop).
        let exists = self
            .invocations
            .iter()
            .any(|r| r.invoke_id == invoke_id && r.request.region_id == region && r.at <= at);
        let request_id = self.ids.request_id();
        let at_ms = at.timestamp_millis();
        let answer = exec::stop_answer(exists, &instance_ids, &request_id);
        if answer.is_ok() {
            self.events.push(UserEvent::StopInvocation {
                at_ms,
                invoke_id,
                instance_ids,
            });
        }
        Ok(answer)
    }

    fn reboot(
        &mut self,
        at: DateTime<Utc>,
        request: &Value,
    ) -> Result<Result<Value, ResponseError>, ApiError> {
        let id = request
            .get("InstanceId")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ApiError::with_detail(ApiErrorCode::MissingParameter, "InstanceId"))?;
        if self.world.instance(id).is_none() {
            return Err(ApiError::new(ApiErrorCode::InvalidInstanceNotFound));
        }
        self.events.push(UserEvent::RebootInstance {
            at_ms: at.timestamp_millis(),
            instance_id: id.to_string(),
        });
        let request_id = self.ids.request_id();
        Ok(Ok(serde_json::json!({ "RequestId": request_id })))
    }
}

/// What the answer must say when a schedule had more fires than the simulator plans
/// ([`MAX_FIRES_PER_INSTANCE`]): which invocations, and after which instant nothing is
/// simulated.
fn cut_notice(sim: &Simulation) -> Option<String> {
    let cut: Vec<String> = sim
        .plans()
        .iter()
        .filter_map(|p| {
            let at = p.fires_cut_at_ms?;
            Some(format!("{} after {}", p.invoke_id, exec::format_time(at)))
        })
        .collect();
    (!cut.is_empty()).then(|| {
        format!(
            "The simulator plans at most {MAX_FIRES_PER_INSTANCE} fires per instance: no run is \
             simulated for {}; Repeats and statuses stop there.",
            cut.join(", ")
        )
    })
}

/// DescribeInvocations with the filters the simulator's query does not take: every matching
/// invocation is listed (pages of 50), filtered, then paged as asked.
fn filtered_invocations(
    sim: &Simulation,
    query: &exec::DescribeInvocationsQuery,
    filters: &calls::InvocationFilters,
    at_ms: i64,
    request_id: &str,
) -> Result<Value, ResponseError> {
    let mut all = Vec::new();
    let mut page_number = 1;
    loop {
        let q = exec::DescribeInvocationsQuery {
            paging: exec::Paging {
                page_number,
                page_size: 50,
            },
            token_paging: exec::TokenPaging::default(),
            ..query.clone()
        };
        let body = exec::describe_invocations(sim, &q, at_ms, request_id)?;
        let page = body
            .pointer("/Invocations/Invocation")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let last = page.len() < 50;
        all.extend(page.into_iter().filter(|inv| filters.matches(inv)));
        if last {
            break;
        }
        page_number += 1;
    }
    calls::paged_invocations(all, query, request_id)
}
