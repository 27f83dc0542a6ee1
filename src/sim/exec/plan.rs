//! The execution simulator's own input types: what to run, where, and what the user does.
//!
//! These are deliberately plain: the request model, world and schedule engine live elsewhere and
//! are glued to these types by the caller. All instants are virtual time in milliseconds since
//! the Unix epoch (UTC).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::sim::request::{CommandType, RepeatMode, TerminationMode};

/// `ContentEncoding` of `Output` and `CommandContent` in Describe* responses (default Base64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ContentEncoding {
    /// Text as is.
    PlainText,
    /// Standard Base64 of the UTF-8 bytes (the API default for responses).
    #[default]
    Base64,
}

/// What the world says about one instance when the invocation reaches it.
///
/// Each non-`Ok` condition makes the instance end with a documented `ErrorCode` instead of
/// running (see [`crate::sim::exec::ErrorCode`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum InstanceCondition {
    /// Running instance, healthy agent, user and directory exist.
    #[default]
    Ok,
    /// The instance does not exist.
    InstanceNotExists,
    /// The instance is not in the Running state.
    InstanceStopped,
    /// The instance was released.
    InstanceReleased,
    /// No Cloud Assistant agent is installed.
    AgentNotInstalled,
    /// The agent is installed but not running.
    AgentNotRunning,
    /// The agent does not answer (delivery waits for the one-minute window, then fails).
    AgentNotResponding,
    /// The agent is upgrading.
    AgentUpgrading,
    /// `Username` does not exist on the instance.
    UserMissing,
    /// `WorkingDir` does not exist on the instance.
    WorkingDirMissing,
    /// The command type does not fit the instance's OS.
    CommandNotApplicable,
    /// The agent is too old for a feature the request uses.
    ClientNeedUpgrade {
        /// Minimum agent version, e.g. `2.2.3.344`.
        required_version: String,
        /// The feature, e.g. `ContainerName`.
        feature: String,
    },
    /// Security group rules block the agent's connection.
    SecurityGroupRuleDenied,
}

/// One target instance of an invocation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstancePlan {
    /// `i-…`.
    pub instance_id: String,
    /// The instance name (for `$HOSTNAME`-like values).
    pub instance_name: String,
    /// The script text after parameter rendering, for this instance.
    pub script: String,
    /// The world's verdict for this instance.
    pub condition: InstanceCondition,
    /// Fire instants (ms) of a `Period` execution for this instance, from the schedule engine.
    /// Ignored for other repeat modes. Shared: instances in one time zone have the same fires.
    pub fire_instants_ms: Arc<[i64]>,
}

/// Request-level values echoed in responses that do not affect execution.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InvocationExtras {
    /// `ContainerId` ("" when not set; only non-empty values are echoed).
    pub container_id: String,
    /// `ContainerName`.
    pub container_name: String,
    /// `Launcher`.
    pub launcher: String,
    /// `OssOutputDelivery`.
    pub oss_output_delivery: String,
    /// `Tag.N.Key`/`Tag.N.Value` pairs.
    pub tags: Vec<(String, String)>,
}

/// One invocation (`t-…`) to simulate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvocationPlan {
    /// `t-…`.
    pub invoke_id: String,
    /// `c-…`.
    pub command_id: String,
    /// `Name` ("" when none).
    pub command_name: String,
    /// `Description`.
    pub command_description: String,
    /// `Type`.
    pub command_type: CommandType,
    /// The command content before rendering, in plain text (echoed as `CommandContent`).
    pub command_content: String,
    /// `Parameters` as JSON text (`"{}"` when none).
    pub parameters_json: String,
    /// `Frequency` ("" when not periodic).
    pub frequency: String,
    /// `RepeatMode`.
    pub repeat_mode: RepeatMode,
    /// `Timeout` in seconds; 0 or less means no timeout (agent behaviour).
    pub timeout_s: i64,
    /// `TerminationMode`.
    pub termination_mode: TerminationMode,
    /// When the invocation was created (ms).
    pub creation_ms: i64,
    /// `Username` ("" = the default account).
    pub username: String,
    /// `WorkingDir` ("" = the default directory).
    pub working_dir: String,
    /// For `Period`: true when the schedule has no runs after the supplied fire instants (e.g.
    /// an `at()` or a cron with a final year). False means more fires exist beyond the list, so
    /// the instance stays `Scheduled` after the last one.
    pub schedule_ends: bool,
    /// Where the planned fires were cut short of the horizon (the last fire planned), when a
    /// schedule had more fires than the simulator plans: nothing after it is simulated, and
    /// the answers say so.
    pub fires_cut_at_ms: Option<i64>,
    /// Target instances, in request order.
    pub instances: Vec<InstancePlan>,
    /// Echo-only request values.
    pub extras: InvocationExtras,
}

impl InvocationPlan {
    /// A one-time shell invocation with defaults (Timeout 60, Process), for callers and tests.
    pub fn once(invoke_id: &str, creation_ms: i64, instances: Vec<InstancePlan>) -> Self {
        InvocationPlan {
            invoke_id: invoke_id.to_string(),
            command_id: format!("c-{}", invoke_id.trim_start_matches("t-")),
            command_name: String::new(),
            command_description: String::new(),
            command_type: CommandType::RunShellScript,
            command_content: String::new(),
            parameters_json: "{}".to_string(),
            frequency: String::new(),
            repeat_mode: RepeatMode::Once,
            timeout_s: 60,
            termination_mode: TerminationMode::Process,
            creation_ms,
            username: String::new(),
            working_dir: String::new(),
            schedule_ends: false,
            fires_cut_at_ms: None,
            instances,
            extras: InvocationExtras::default(),
        }
    }
}

impl InstancePlan {
    /// A healthy instance running `script`.
    pub fn new(instance_id: &str, script: &str) -> Self {
        InstancePlan {
            instance_id: instance_id.to_string(),
            instance_name: format!("{instance_id}-name"),
            script: script.to_string(),
            condition: InstanceCondition::Ok,
            fire_instants_ms: Arc::from([]),
        }
    }
}

/// Something the user does at a virtual instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserEvent {
    /// `StopInvocation`; an empty `instance_ids` stops every instance of the invocation.
    StopInvocation {
        /// When the call is made (ms).
        at_ms: i64,
        /// `t-…`.
        invoke_id: String,
        /// `InstanceId.N` (empty = all).
        instance_ids: Vec<String>,
    },
    /// The instance is rebooted (console/API): drives `NextRebootOnly`/`EveryReboot`.
    RebootInstance {
        /// When the reboot starts (ms).
        at_ms: i64,
        /// `i-…`.
        instance_id: String,
    },
}

impl UserEvent {
    /// The instant of the event.
    pub fn at_ms(&self) -> i64 {
        match self {
            UserEvent::StopInvocation { at_ms, .. } | UserEvent::RebootInstance { at_ms, .. } => {
                *at_ms
            }
        }
    }

    /// The invocation a StopInvocation stops (`None` for a reboot).
    pub fn invoke_id(&self) -> Option<&str> {
        match self {
            UserEvent::StopInvocation { invoke_id, .. } => Some(invoke_id),
            UserEvent::RebootInstance { .. } => None,
        }
    }
}
