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
//! Modules: [`plan`] (inputs), [`engine`] (the discrete-event engine and its records),
//! [`interpreter`] (what a script does), [`status`] (both status vocabularies and the
//! aggregation rules), [`error_code`] (ErrorCode/ErrorInfo), [`output`] (24 KB tail cap,
//! Base64), [`timing`] (latencies), [`responses`] (Describe*/Stop builders), [`bench`] (the
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

pub use engine::{InstanceTrack, RunRecord, Simulation, TimedText};
pub use error_code::ErrorCode;
pub use output::{cap_output, CappedOutput, OUTPUT_LIMIT_BYTES};
pub use plan::{
    CommandType, ContentEncoding, InstanceCondition, InstancePlan, InvocationExtras,
    InvocationPlan, RepeatMode, TerminationMode, UserEvent,
};
pub use responses::{
    describe_invocation_results, describe_invocations, format_time, request_id, stop_invocation,
    DescribeInvocationResultsQuery, DescribeInvocationsQuery, Paging, ResponseError,
};
pub use status::{
    aggregate_invocation_status, aggregate_invoke_status, InstanceInvokeStatus, InvocationStatus,
    InvokeRecordStatus, InvokeStatus, OverallInvocationStatus,
};
