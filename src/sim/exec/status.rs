//! Both status vocabularies (api-spec §6) with their exact wire spellings, and the rules that
//! aggregate per-instance statuses into the overall one.

use serde::{Deserialize, Serialize};

/// Modern per-instance (and per-run) `InvocationStatus` (api-spec §6.1). There is no
/// per-instance `Stopped`: a stopped instance is `Cancelled` or `Terminated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvocationStatus {
    /// Being checked or sent.
    Pending,
    /// The command type or a parameter is invalid on this instance.
    Invalid,
    /// Sending to the instance failed.
    Aborted,
    /// Running on the instance.
    Running,
    /// Finished with exit code 0.
    Success,
    /// Finished with a non-zero exit code.
    Failed,
    /// An exception stopped the execution.
    Error,
    /// Ran past `Timeout`.
    Timeout,
    /// Stopped before it started.
    Cancelled,
    /// Being stopped.
    Stopping,
    /// Stopped while running.
    Terminated,
    /// Periodic: waiting for the next run.
    Scheduled,
}

impl InvocationStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            InvocationStatus::Pending => "Pending",
            InvocationStatus::Invalid => "Invalid",
            InvocationStatus::Aborted => "Aborted",
            InvocationStatus::Running => "Running",
            InvocationStatus::Success => "Success",
            InvocationStatus::Failed => "Failed",
            InvocationStatus::Error => "Error",
            InvocationStatus::Timeout => "Timeout",
            InvocationStatus::Cancelled => "Cancelled",
            InvocationStatus::Stopping => "Stopping",
            InvocationStatus::Terminated => "Terminated",
            InvocationStatus::Scheduled => "Scheduled",
        }
    }

    /// Whether the status can no longer change.
    pub fn is_terminal(self) -> bool {
        !matches!(
            self,
            InvocationStatus::Pending
                | InvocationStatus::Running
                | InvocationStatus::Stopping
                | InvocationStatus::Scheduled
        )
    }

    /// The failed class of the aggregation rules: Invalid, Aborted, Failed, Timeout, Error.
    pub fn is_failed_class(self) -> bool {
        matches!(
            self,
            InvocationStatus::Invalid
                | InvocationStatus::Aborted
                | InvocationStatus::Failed
                | InvocationStatus::Timeout
                | InvocationStatus::Error
        )
    }

    /// The "Stopped" class of the aggregation rules: Cancelled or Terminated.
    pub fn is_stopped_class(self) -> bool {
        matches!(
            self,
            InvocationStatus::Cancelled | InvocationStatus::Terminated
        )
    }

    /// The legacy per-instance / per-record value for this status (api-spec §6.4).
    ///
    /// Success and Failed (non-zero exit) are both legacy `Finished`; Timeout, Invalid, Aborted
    /// and Error are legacy `Failed`. Pending and Scheduled have no legacy value and are shown as
    /// `Running` (documented for Scheduled, inferred for Pending).
    pub fn legacy(self) -> InstanceInvokeStatus {
        match self {
            InvocationStatus::Pending | InvocationStatus::Running | InvocationStatus::Scheduled => {
                InstanceInvokeStatus::Running
            }
            InvocationStatus::Stopping => InstanceInvokeStatus::Stopping,
            InvocationStatus::Cancelled | InvocationStatus::Terminated => {
                InstanceInvokeStatus::Stopped
            }
            InvocationStatus::Success | InvocationStatus::Failed => InstanceInvokeStatus::Finished,
            InvocationStatus::Invalid
            | InvocationStatus::Aborted
            | InvocationStatus::Timeout
            | InvocationStatus::Error => InstanceInvokeStatus::Failed,
        }
    }
}

/// Modern overall `InvocationStatus` of DescribeInvocations (api-spec §6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OverallInvocationStatus {
    /// Some instance is Pending.
    Pending,
    /// Some instance is Scheduled.
    Scheduled,
    /// Some instance is Running.
    Running,
    /// All done; at least one Success, the rest Success or stopped.
    Success,
    /// All done; no Success, at least one failed-class.
    Failed,
    /// Some instance is Stopping.
    Stopping,
    /// Every instance was stopped (Cancelled/Terminated).
    Stopped,
    /// At least one Success and at least one failed-class.
    PartialFailed,
}

impl OverallInvocationStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            OverallInvocationStatus::Pending => "Pending",
            OverallInvocationStatus::Scheduled => "Scheduled",
            OverallInvocationStatus::Running => "Running",
            OverallInvocationStatus::Success => "Success",
            OverallInvocationStatus::Failed => "Failed",
            OverallInvocationStatus::Stopping => "Stopping",
            OverallInvocationStatus::Stopped => "Stopped",
            OverallInvocationStatus::PartialFailed => "PartialFailed",
        }
    }
}

/// Legacy per-instance `InstanceInvokeStatus`; the same values serve as the per-run
/// `InvokeRecordStatus` (api-spec §6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InstanceInvokeStatus {
    /// Running (periodic: until stopped).
    Running,
    /// Being stopped.
    Stopping,
    /// Stopped manually.
    Stopped,
    /// Ran to completion, whatever the exit code.
    Finished,
    /// Could not run, or did not finish before Timeout.
    Failed,
}

/// The per-run legacy status uses the same vocabulary as the per-instance one.
pub type InvokeRecordStatus = InstanceInvokeStatus;

impl InstanceInvokeStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceInvokeStatus::Running => "Running",
            InstanceInvokeStatus::Stopping => "Stopping",
            InstanceInvokeStatus::Stopped => "Stopped",
            InstanceInvokeStatus::Finished => "Finished",
            InstanceInvokeStatus::Failed => "Failed",
        }
    }
}

/// Legacy overall `InvokeStatus` (api-spec §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvokeStatus {
    /// Running on some or all instances.
    Running,
    /// Stopping on some or all.
    Stopping,
    /// Stopped on all.
    Stopped,
    /// Failed on all, or Failed on some and Stopped on the rest.
    Failed,
    /// Finished on all, or Finished on some and Stopped on the rest.
    Finished,
    /// Failed on some and Finished on others.
    PartialFailed,
}

impl InvokeStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            InvokeStatus::Running => "Running",
            InvokeStatus::Stopping => "Stopping",
            InvokeStatus::Stopped => "Stopped",
            InvokeStatus::Failed => "Failed",
            InvokeStatus::Finished => "Finished",
            InvokeStatus::PartialFailed => "PartialFailed",
        }
    }
}

/// The overall modern status from the per-instance ones (api-spec §6.2, resolved reading):
/// any Pending → Pending, then Scheduled, Running, Stopping; all stopped → Stopped; no Success
/// and some failed-class → Failed; Success with no failed-class → Success; Success and
/// failed-class → PartialFailed. An empty list is `Pending` (nothing has been dispatched).
pub fn aggregate_invocation_status(statuses: &[InvocationStatus]) -> OverallInvocationStatus {
    use InvocationStatus as S;
    let any = |s: S| statuses.contains(&s);
    if statuses.is_empty() || any(S::Pending) {
        return OverallInvocationStatus::Pending;
    }
    if any(S::Scheduled) {
        return OverallInvocationStatus::Scheduled;
    }
    if any(S::Running) {
        return OverallInvocationStatus::Running;
    }
    if any(S::Stopping) {
        return OverallInvocationStatus::Stopping;
    }
    let ok = statuses.iter().filter(|s| **s == S::Success).count();
    let bad = statuses.iter().filter(|s| s.is_failed_class()).count();
    match (ok > 0, bad > 0) {
        (false, false) => OverallInvocationStatus::Stopped,
        (false, true) => OverallInvocationStatus::Failed,
        (true, false) => OverallInvocationStatus::Success,
        (true, true) => OverallInvocationStatus::PartialFailed,
    }
}

/// The overall legacy status from the legacy per-instance ones (api-spec §6.3 priority table).
/// An empty list is `Running`.
pub fn aggregate_invoke_status(statuses: &[InstanceInvokeStatus]) -> InvokeStatus {
    use InstanceInvokeStatus as L;
    let any = |s: L| statuses.contains(&s);
    if statuses.is_empty() || any(L::Running) {
        return InvokeStatus::Running;
    }
    if any(L::Stopping) {
        return InvokeStatus::Stopping;
    }
    match (any(L::Finished), any(L::Failed)) {
        (false, false) => InvokeStatus::Stopped,
        (false, true) => InvokeStatus::Failed,
        (true, false) => InvokeStatus::Finished,
        (true, true) => InvokeStatus::PartialFailed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InvocationStatus as S;
    use OverallInvocationStatus as O;

    #[test]
    fn aggregation_table_matches_api_spec_6_2() {
        let cases: &[(&[S], O)] = &[
            (&[S::Success, S::Pending, S::Failed], O::Pending),
            (&[S::Scheduled, S::Running], O::Scheduled),
            (&[S::Running, S::Stopping, S::Success], O::Running),
            (&[S::Stopping, S::Success], O::Stopping),
            (&[S::Cancelled, S::Terminated], O::Stopped),
            (&[S::Failed, S::Cancelled], O::Failed),
            (&[S::Invalid, S::Aborted, S::Error, S::Timeout], O::Failed),
            (&[S::Success, S::Terminated], O::Success),
            (&[S::Success, S::Success], O::Success),
            // D21 Java example: one Success, one Timeout.
            (&[S::Success, S::Timeout], O::PartialFailed),
            (&[S::Success, S::Failed, S::Cancelled], O::PartialFailed),
            (&[S::Failed], O::Failed),
        ];
        for (input, want) in cases {
            assert_eq!(aggregate_invocation_status(input), *want, "{input:?}");
        }
    }

    #[test]
    fn legacy_mapping_diverges_from_modern_as_documented() {
        // Non-zero exit: modern Failed, legacy Finished; timeout: modern Timeout, legacy Failed.
        assert_eq!(S::Failed.legacy(), InstanceInvokeStatus::Finished);
        assert_eq!(S::Timeout.legacy(), InstanceInvokeStatus::Failed);
        assert_eq!(S::Scheduled.legacy(), InstanceInvokeStatus::Running);
        assert_eq!(S::Terminated.legacy(), InstanceInvokeStatus::Stopped);
        // Success + ExitCodeNonzero: PartialFailed modern, Finished legacy (§6.3).
        let modern = [S::Success, S::Failed];
        let legacy: Vec<_> = modern.iter().map(|s| s.legacy()).collect();
        assert_eq!(aggregate_invocation_status(&modern), O::PartialFailed);
        assert_eq!(aggregate_invoke_status(&legacy), InvokeStatus::Finished);
    }

    #[test]
    fn legacy_aggregation_follows_priority_table() {
        use InstanceInvokeStatus as L;
        assert_eq!(
            aggregate_invoke_status(&[L::Stopping, L::Running]),
            InvokeStatus::Running
        );
        assert_eq!(
            aggregate_invoke_status(&[L::Stopping, L::Finished]),
            InvokeStatus::Stopping
        );
        assert_eq!(
            aggregate_invoke_status(&[L::Stopped, L::Stopped]),
            InvokeStatus::Stopped
        );
        assert_eq!(
            aggregate_invoke_status(&[L::Failed, L::Stopped]),
            InvokeStatus::Failed
        );
        assert_eq!(
            aggregate_invoke_status(&[L::Finished, L::Stopped]),
            InvokeStatus::Finished
        );
        assert_eq!(
            aggregate_invoke_status(&[L::Finished, L::Failed]),
            InvokeStatus::PartialFailed
        );
    }

    #[test]
    fn wire_spellings_are_serde_names() {
        for s in [S::Pending, S::Cancelled, S::Scheduled, S::Terminated] {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::from(s.as_str())
            );
        }
        assert_eq!(O::PartialFailed.as_str(), "PartialFailed");
    }
}
