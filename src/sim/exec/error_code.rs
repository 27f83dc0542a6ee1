//! Per-instance `ErrorCode`/`ErrorInfo` (api-spec §6.5) and how world conditions map to them.

use super::plan::InstanceCondition;
use super::status::InvocationStatus;
use serde::{Deserialize, Serialize};

/// A per-instance / per-run `ErrorCode` (the full list of api-spec §6.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorCode {
    /// The instance does not exist.
    InstanceNotExists,
    /// The instance was released.
    InstanceReleased,
    /// The instance was not running.
    InstanceNotRunning,
    /// The command type does not fit the OS.
    CommandNotApplicable,
    /// `Username` does not exist.
    AccountNotExists,
    /// `WorkingDir` does not exist.
    DirectoryNotExists,
    /// Bad cron expression.
    BadCronExpression,
    /// The agent is not running.
    ClientNotRunning,
    /// The agent does not answer.
    ClientNotResponse,
    /// The agent is upgrading.
    ClientIsUpgrading,
    /// The agent is too old for a feature.
    ClientNeedUpgrade {
        /// Minimum agent version.
        required_version: String,
        /// The feature.
        feature: String,
    },
    /// The command could not be delivered within the delivery window.
    DeliveryTimeout,
    /// The run exceeded `Timeout`.
    ExecutionTimeout,
    /// An exception stopped the run.
    ExecutionException,
    /// The run was interrupted (here: the instance rebooted or powered off under it).
    ExecutionInterrupted,
    /// The run exited with a non-zero code.
    ExitCodeNonzero,
    /// Security group rules block the agent.
    SecurityGroupRuleDenied,
}

impl ErrorCode {
    /// The wire spelling of `ErrorCode`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::InstanceNotExists => "InstanceNotExists",
            ErrorCode::InstanceReleased => "InstanceReleased",
            ErrorCode::InstanceNotRunning => "InstanceNotRunning",
            ErrorCode::CommandNotApplicable => "CommandNotApplicable",
            ErrorCode::AccountNotExists => "AccountNotExists",
            ErrorCode::DirectoryNotExists => "DirectoryNotExists",
            ErrorCode::BadCronExpression => "BadCronExpression",
            ErrorCode::ClientNotRunning => "ClientNotRunning",
            ErrorCode::ClientNotResponse => "ClientNotResponse",
            ErrorCode::ClientIsUpgrading => "ClientIsUpgrading",
            ErrorCode::ClientNeedUpgrade { .. } => "ClientNeedUpgrade",
            ErrorCode::DeliveryTimeout => "DeliveryTimeout",
            ErrorCode::ExecutionTimeout => "ExecutionTimeout",
            ErrorCode::ExecutionException => "ExecutionException",
            ErrorCode::ExecutionInterrupted => "ExecutionInterrupted",
            ErrorCode::ExitCodeNonzero => "ExitCodeNonzero",
            ErrorCode::SecurityGroupRuleDenied => "SecurityGroupRuleDenied",
        }
    }

    /// `ErrorInfo`: the 2021 wording that the consistent D21 examples show, with the trailing
    /// period real responses carry (api-spec §6.5). `SecurityGroupRuleDenied` and
    /// `ClientNeedUpgrade` only have a current wording, used here.
    pub fn error_info(&self) -> String {
        match self {
            ErrorCode::InstanceNotExists => "the specified instance does not exists.".into(),
            ErrorCode::InstanceReleased => "the instance has released when create task.".into(),
            ErrorCode::InstanceNotRunning => "the instance is not running when create task.".into(),
            ErrorCode::CommandNotApplicable => "the command is not applicable.".into(),
            ErrorCode::AccountNotExists => "the specified account does not exists.".into(),
            ErrorCode::DirectoryNotExists => "the specified directory does not exists.".into(),
            ErrorCode::BadCronExpression => "the cron job expression is invalid.".into(),
            ErrorCode::ClientNotRunning => {
                "the aliyun service is not running on the instance.".into()
            }
            ErrorCode::ClientNotResponse => {
                "the aliyun service in the instance does not response.".into()
            }
            ErrorCode::ClientIsUpgrading => {
                "the aliyun service in the instance is upgrading now.".into()
            }
            ErrorCode::ClientNeedUpgrade {
                required_version,
                feature,
            } => format!(
                "The aliyun service in the instance need to be upgraded to at least version \
                 {required_version} to support the feature {feature}."
            ),
            ErrorCode::DeliveryTimeout => "the command delivery has been timeout.".into(),
            ErrorCode::ExecutionTimeout => "the command execution has been timeout.".into(),
            ErrorCode::ExecutionException => "the command execution got an exception.".into(),
            ErrorCode::ExecutionInterrupted => "the command execution has been interrupted.".into(),
            ErrorCode::ExitCodeNonzero => "the command execution exit code is not zero.".into(),
            ErrorCode::SecurityGroupRuleDenied => {
                "The security group rules denied access to the aliyun service.".into()
            }
        }
    }

    /// The per-instance status an error ends in. Documented: ExitCodeNonzero → Failed,
    /// ExecutionTimeout → Timeout. Inferred (api-spec §6.5 "likely" column): delivery and agent
    /// problems → Aborted; bad user/dir/type/cron/missing instance/old agent → Invalid;
    /// exceptions and interruptions → Error.
    pub fn status(&self) -> InvocationStatus {
        match self {
            ErrorCode::ExitCodeNonzero => InvocationStatus::Failed,
            ErrorCode::ExecutionTimeout => InvocationStatus::Timeout,
            ErrorCode::InstanceNotExists
            | ErrorCode::CommandNotApplicable
            | ErrorCode::AccountNotExists
            | ErrorCode::DirectoryNotExists
            | ErrorCode::BadCronExpression
            | ErrorCode::ClientNeedUpgrade { .. } => InvocationStatus::Invalid,
            ErrorCode::InstanceReleased
            | ErrorCode::InstanceNotRunning
            | ErrorCode::ClientNotRunning
            | ErrorCode::ClientNotResponse
            | ErrorCode::ClientIsUpgrading
            | ErrorCode::DeliveryTimeout
            | ErrorCode::SecurityGroupRuleDenied => InvocationStatus::Aborted,
            ErrorCode::ExecutionException | ErrorCode::ExecutionInterrupted => {
                InvocationStatus::Error
            }
        }
    }

    /// The error a world condition produces instead of a run (`None` for `Ok`).
    pub fn for_condition(condition: &InstanceCondition) -> Option<ErrorCode> {
        Some(match condition {
            InstanceCondition::Ok => return None,
            InstanceCondition::InstanceNotExists => ErrorCode::InstanceNotExists,
            InstanceCondition::InstanceStopped => ErrorCode::InstanceNotRunning,
            InstanceCondition::InstanceReleased => ErrorCode::InstanceReleased,
            InstanceCondition::AgentNotInstalled | InstanceCondition::AgentNotRunning => {
                ErrorCode::ClientNotRunning
            }
            InstanceCondition::AgentNotResponding => ErrorCode::ClientNotResponse,
            InstanceCondition::AgentUpgrading => ErrorCode::ClientIsUpgrading,
            InstanceCondition::UserMissing => ErrorCode::AccountNotExists,
            InstanceCondition::WorkingDirMissing => ErrorCode::DirectoryNotExists,
            InstanceCondition::CommandNotApplicable => ErrorCode::CommandNotApplicable,
            InstanceCondition::ClientNeedUpgrade {
                required_version,
                feature,
            } => ErrorCode::ClientNeedUpgrade {
                required_version: required_version.clone(),
                feature: feature.clone(),
            },
            InstanceCondition::SecurityGroupRuleDenied => ErrorCode::SecurityGroupRuleDenied,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_error_infos_match_d21_examples() {
        assert_eq!(
            ErrorCode::ExitCodeNonzero.error_info(),
            "the command execution exit code is not zero."
        );
        assert_eq!(
            ErrorCode::ExecutionTimeout.error_info(),
            "the command execution has been timeout."
        );
        assert_eq!(
            ErrorCode::ExitCodeNonzero.status(),
            InvocationStatus::Failed
        );
        assert_eq!(
            ErrorCode::ExecutionTimeout.status(),
            InvocationStatus::Timeout
        );
    }

    #[test]
    fn conditions_map_to_codes() {
        assert_eq!(ErrorCode::for_condition(&InstanceCondition::Ok), None);
        assert_eq!(
            ErrorCode::for_condition(&InstanceCondition::InstanceStopped),
            Some(ErrorCode::InstanceNotRunning)
        );
        let old = InstanceCondition::ClientNeedUpgrade {
            required_version: "2.2.3.344".into(),
            feature: "ContainerName".into(),
        };
        let code = ErrorCode::for_condition(&old).unwrap();
        assert_eq!(code.as_str(), "ClientNeedUpgrade");
        assert!(code.error_info().contains("2.2.3.344"));
        assert!(code.error_info().ends_with('.'));
    }
}
