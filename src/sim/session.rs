//! An API session over a world and a virtual clock: `RunCommand` for real, and stubs for the
//! calls a later step simulates.
//!
//! Order of a `RunCommand` call: validation up to the references ([`crate::sim::validate`]),
//! then the `ClientToken` replay check (same token + same parameters, compared on the wire form,
//! → the same CommandId and
//! InvokeId; different parameters → `IdempotentParameterMismatch`), then quotas and dispatch,
//! then the ids are drawn from the seeded generator and the invocation is recorded.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::sim::error::{ApiError, ApiErrorCode};
use crate::sim::ids::IdGenerator;
use crate::sim::request::RunCommandRequest;
use crate::sim::validate::{self, Phase, Usage, ValidatedRequest};
use crate::sim::wire::to_query;
use crate::sim::world::World;

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

/// A RunCommand that was accepted.
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
}

/// A session: a world, a seeded id generator, what was run.
#[derive(Debug, Clone)]
pub struct Session {
    /// The simulated account.
    pub world: World,
    ids: IdGenerator,
    /// Accepted invocations, in call order.
    pub invocations: Vec<InvocationRecord>,
    saved_commands: BTreeMap<String, u32>,
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
];

impl Session {
    /// A session over `world`, ids drawn from `seed`.
    pub fn new(world: World, seed: u64) -> Self {
        Self {
            world,
            ids: IdGenerator::new(seed),
            invocations: Vec::new(),
            saved_commands: BTreeMap::new(),
            tokens: BTreeMap::new(),
            clock: None,
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

    /// Calls `action` with an SDK-style JSON request.
    pub fn call(
        &mut self,
        at: DateTime<Utc>,
        action: &str,
        request: &serde_json::Value,
    ) -> ApiResponse {
        self.clock = Some(self.clock.map_or(at, |c| c.max(at)));
        match action {
            "RunCommand" => match serde_json::from_value::<RunCommandRequest>(request.clone()) {
                Ok(req) => self.run_command(at, &req),
                Err(e) => {
                    let err = ApiError::with_detail(
                        ApiErrorCode::MalformedInput,
                        &format!("the RunCommand request does not parse: {e}"),
                    );
                    self.error_response(&err)
                }
            },
            "DescribeInvocations"
            | "DescribeInvocationResults"
            | "StopInvocation"
            | "InvokeCommand" => {
                let err = ApiError::with_detail(ApiErrorCode::NotSimulated, action);
                self.error_response(&err)
            }
            _ => self.error_response(&ApiError::new(ApiErrorCode::InvalidActionNotFound)),
        }
    }

    /// RunCommand at virtual time `at`.
    pub fn run_command(&mut self, at: DateTime<Utc>, req: &RunCommandRequest) -> ApiResponse {
        let usage = self.usage_at(at);
        let report = validate::check_all(req, &self.world, &usage);
        if let Some(p) = report
            .problems
            .iter()
            .find(|p| p.phase <= Phase::References)
        {
            let e = p.error.clone();
            return self.error_response(&e);
        }
        let token = req.client_token.clone().filter(|t| !t.is_empty());
        if let Some(t) = &token {
            if let Some((canon, c, i)) = self.tokens.get(t).cloned() {
                if self.world.faults.idempotent_processing {
                    return self.error_response(&ApiError::new(ApiErrorCode::IdempotentProcessing));
                }
                if canon != to_query(req) {
                    return self
                        .error_response(&ApiError::new(ApiErrorCode::IdempotentParameterMismatch));
                }
                return self.success(c, i);
            }
        }
        if let Some(p) = report.problems.first() {
            let e = p.error.clone();
            return self.error_response(&e);
        }
        let validated = match validate::validate(req, &self.world, &usage) {
            Ok(v) => v,
            Err(e) => return self.error_response(&e),
        };
        let command_id = self.ids.command_id();
        let invoke_id = self.ids.invoke_id();
        if req.keep_command() {
            *self
                .saved_commands
                .entry(validated.region_id.clone())
                .or_insert(0) += 1;
        }
        if let Some(t) = token {
            self.tokens
                .insert(t, (to_query(req), command_id.clone(), invoke_id.clone()));
        }
        self.invocations.push(InvocationRecord {
            at,
            command_id: command_id.clone(),
            invoke_id: invoke_id.clone(),
            request: validated,
        });
        self.success(command_id, invoke_id)
    }

    fn success(&mut self, command_id: String, invoke_id: String) -> ApiResponse {
        let request_id = self.ids.request_id();
        ApiResponse {
            http_status: 200,
            body: serde_json::json!({
                "RequestId": request_id,
                "CommandId": command_id,
                "InvokeId": invoke_id,
            }),
        }
    }
}
