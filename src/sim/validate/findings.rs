//! Per-instance outcomes known at call time: instance and agent state, and `ClientNeedUpgrade`
//! when a feature needs a newer agent than a target has (runcommand-api.txt: scheduled features
//! 2.2.3.282 / 2.1.3.282; `{{ACS::InstanceId}}` on several instances, `{{ACS::InvokeId}}`,
//! `{{ACS::CommandId}}` .309; `{{ACS::InstanceName}}` on several instances and containers .344).

use crate::sim::request::RunCommandRequest;
use crate::sim::schedule::FrequencyKind;
use crate::sim::template::TemplateScan;
use crate::sim::world::{Instance, InstanceStatus, Os};

/// A per-instance outcome known at call time, for the execution simulator. These are
/// per-instance `ErrorCode`s (api-spec §6.5), not call errors: the call still succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceFinding {
    /// The instance.
    pub instance_id: String,
    /// `ClientNeedUpgrade`, `InstanceNotRunning`, `ClientNotRunning`, `ClientNotResponse`,
    /// `ClientIsUpgrading`.
    pub error_code: &'static str,
    /// The ErrorInfo text.
    pub error_info: String,
}

fn version_at_least(have: &[u32], need: &[u32]) -> bool {
    have >= need
}

/// The per-instance findings (agent state and `ClientNeedUpgrade`) for the given targets.
pub fn instance_findings(
    req: &RunCommandRequest,
    scan: &TemplateScan,
    frequency: Option<&(String, FrequencyKind)>,
    targets: &[&Instance],
) -> Vec<InstanceFinding> {
    let multi = targets.len() > 1;
    let enabled = req.enable_parameter();
    let builtins = scan.builtin_names();
    let mut out = Vec::new();
    for inst in targets {
        let id = inst.instance_id.clone();
        let mut push = |code: &'static str, info: String| {
            out.push(InstanceFinding {
                instance_id: id.clone(),
                error_code: code,
                error_info: info,
            })
        };
        if inst.status != InstanceStatus::Running {
            push(
                "InstanceNotRunning",
                "The specified instance was not running during task execution.".into(),
            );
            continue;
        }
        let Some(have) = inst.agent_version_parts() else {
            push(
                "ClientNotRunning",
                "The aliyun service is not running on the instance.".into(),
            );
            continue;
        };
        if inst.faults.agent_down {
            push(
                "ClientNotRunning",
                "The aliyun service is not running on the instance.".into(),
            );
            continue;
        }
        if inst.faults.not_responding {
            push(
                "ClientNotResponse",
                "The aliyun service in the instance does not response.".into(),
            );
            continue;
        }
        if inst.faults.upgrading {
            push(
                "ClientIsUpgrading",
                "The aliyun service in the instance is upgrading during task execution.".into(),
            );
            continue;
        }
        let mut needs: Vec<(u32, &str)> = Vec::new();
        if let Some((f, kind)) = frequency {
            let fields = f.split_whitespace().count();
            let scheduled_feature = match kind {
                FrequencyKind::Rate => Some("rate() schedules"),
                FrequencyKind::At => Some("at() schedules"),
                FrequencyKind::Cron if fields >= 7 => Some("cron with a year or time zone"),
                FrequencyKind::Cron => None,
            };
            if let Some(feat) = scheduled_feature {
                needs.push((282, feat));
            }
        }
        if enabled {
            if builtins.contains(&"InstanceId") && multi {
                needs.push((309, "{{ACS::InstanceId}} on several instances"));
            }
            if builtins.contains(&"InvokeId") {
                needs.push((309, "{{ACS::InvokeId}}"));
            }
            if builtins.contains(&"CommandId") {
                needs.push((309, "{{ACS::CommandId}}"));
            }
            if builtins.contains(&"InstanceName") && multi {
                needs.push((344, "{{ACS::InstanceName}} on several instances"));
            }
        }
        if req.has_container() {
            needs.push((344, "containers"));
        }
        let base: [u32; 3] = if inst.os == Os::Windows {
            [2, 1, 3]
        } else {
            [2, 2, 3]
        };
        if let Some((build, feature)) = needs
            .iter()
            .filter(|(b, _)| !version_at_least(&have, &[base[0], base[1], base[2], *b]))
            .max_by_key(|(b, _)| *b)
        {
            let v = format!("{}.{}.{}.{build}", base[0], base[1], base[2]);
            push(
                "ClientNeedUpgrade",
                format!("The aliyun service in the instance need to be upgraded to at least version {v} to support the feature {feature}."),
            );
        }
    }
    out
}
