//! The execution simulator: what the real service would report about a RunCommand invocation,
//! per instance and overall, at any instant of virtual time.
//!
//! Data flow: the caller turns a validated, rendered request and the world into plain
//! [`InvocationPlan`]s (with per-instance [`InstanceCondition`]s and, for `Period`, the fire
//! instants from the schedule engine), adds [`UserEvent`]s (StopInvocation, reboots), and
//! builds a [`Simulation`] up to a horizon. Responses are then computed at any instant ≤ the
//! horizon:
//!
//! ```
//! use runcommand_playground::sim::exec::*;
//!
//! let plan = InvocationPlan {
//!     timeout_s: 3,
//!     ..InvocationPlan::once("t-1", 0, vec![InstancePlan::new("i-1", "echo hi; sleep 5; exit 3")])
//! };
//! let sim = Simulation::new(vec![plan], vec![], 7, 60_000);
//! let query = DescribeInvocationsQuery { invoke_id: Some("t-1".into()), ..Default::default() };
//! let body = describe_invocations(&sim, &query, 60_000, "REQ").unwrap();
//! let instance = &body["Invocations"]["Invocation"][0]["InvokeInstances"]["InvokeInstance"][0];
//! assert_eq!(instance["InvocationStatus"], "Timeout");
//! assert_eq!(instance["ErrorCode"], "ExecutionTimeout");
//! ```
//!
//! # Behaviour and the choices behind it
//!
//! | Topic | What the simulator does | Source |
//! |---|---|---|
//! | Latencies | delivery 800–1199 ms (seeded), start +200 ms, stop 1 s, reboot 30 s ([`timing`]) | chosen |
//! | World conditions | ErrorCode per [`ErrorCode::for_condition`]; agent/delivery problems → Aborted, bad user/dir/type/old agent → Invalid; an unresponsive agent fails at creation + 60 s | api-spec §6.5 (status mapping inferred) |
//! | Exit codes | 0 → Success; else Failed/ExitCodeNonzero (legacy Finished); 193/194 (3009/3010 on Windows) power off / reboot the instance 1 s after the run | api-spec §6, agent §3.6 |
//! | Timeout | finish = start + Timeout, Timeout/ExecutionTimeout, no ExitCode; Timeout ≤ 0 = none | api-spec §6.6, agent §3.5 |
//! | TerminationMode | Process: children (e.g. `sleep`) survive a kill; ProcessTree: they die — shown in [`RunRecord::details`] | SEED, agent §3.5 |
//! | StopInvocation | Stopping for 1 s, then Terminated (running run killed, ExitCode 0 as the agent reports) or Cancelled; periodic: no more runs | agent §3.9 (the doc's "not interrupted" is not followed, api-spec §10.5) |
//! | Reboots | NextRebootOnly runs once after the next reboot; EveryReboot after each; a run cut by a reboot/power-off is Error/ExecutionInterrupted | agent §0.1 (interruption mapping inferred) |
//! | Periodic | runs at the supplied fire instants; a fire while the previous run is active (or at its very end) is skipped silently; output shows only at the end of a run; Scheduled between runs | agent §1.1 |
//! | DryRun | Success at delivery when the checks pass, nothing runs, Repeats 0 | api-spec §10.12 (unknown; inferred from the agent's `test` list) |
//! | Output | merged stdout/stderr, tail-capped at 24 KB with Dropped, Base64 unless PlainText; one-off output shows as written (the agent's 1 s report interval and its head-streaming are not modelled) | api-spec §6.6, agent §3.7–3.8 |
//!
//! Modules: [`plan`] (inputs), [`engine`] (the discrete-event engine and its records),
//! [`interpreter`] (what a script does), [`status`] (both status vocabularies and the
//! aggregation rules), [`error_code`] (ErrorCode/ErrorInfo), [`output`] (24 KB tail cap,
//! Base64), [`timing`] (latencies), [`responses`] (Describe*/Stop builders), [`bench`](mod@bench) (the
//! benchmark workload).

pub mod bench;
pub mod engine;
pub mod error_code;
pub mod interpreter;
pub mod output;
pub mod plan;
pub mod responses;
pub mod status;
pub mod timing;

pub use engine::{InstanceTrack, RunBrief, RunOutput, RunRecord, Simulation};
pub use error_code::ErrorCode;
pub use output::{cap_output, CappedOutput, OUTPUT_LIMIT_BYTES};
pub use plan::{
    CommandType, ContentEncoding, InstanceCondition, InstancePlan, InvocationExtras,
    InvocationPlan, RepeatMode, TerminationMode, UserEvent,
};
pub use responses::{
    describe_invocation_results, describe_invocations, format_time, overall_statuses, request_id,
    stop_answer, stop_invocation, DescribeInvocationResultsQuery, DescribeInvocationsQuery, Paging,
    ResponseError, TokenPaging,
};
pub use status::{
    aggregate_invocation_status, aggregate_invoke_status, InstanceInvokeStatus, InvocationStatus,
    InvokeRecordStatus, InvokeStatus, OverallInvocationStatus,
};
