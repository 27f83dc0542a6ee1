//! The presets gallery: realistic RunCommand requests against the default world.
//!
//! Each preset is SDK-style request JSON (the `to_map()` field names) plus the tab that shows
//! what it demonstrates. Presets that depend on the date pin the playground's "now".

use serde_json::Value;

/// One example request of the gallery.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// A stable id, used in share links and tests.
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// One sentence on what it shows.
    pub summary: &'static str,
    /// The tab that shows it best (`rendered`, `schedule`, `executions`, `exports`).
    pub tab: &'static str,
    /// A fixed "now" (RFC 3339) when the preset depends on the date.
    pub now: Option<&'static str>,
    /// The request, as SDK-style JSON.
    pub request: Value,
    /// The world it runs in (None = the embedded default).
    pub world: Option<PresetWorld>,
}

/// A world a preset brings instead of the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetWorld {
    /// The default world plus [`FLEET_SIZE`] instances `fleet-001`…, spread over time zones
    /// and agent versions, tagged `fleet=edge`.
    Fleet,
}

/// How many instances the fleet world adds.
pub const FLEET_SIZE: usize = 100;

/// The fleet's time zones and agent versions, taken in turn.
const FLEET_ZONES: [&str; 5] = [
    "Asia/Shanghai",
    "Asia/Singapore",
    "Europe/London",
    "America/Los_Angeles",
    "UTC",
];
const FLEET_AGENTS: [&str; 4] = ["2.2.3.578", "2.2.3.309", "2.2.3.200", "2.1.3.578"];

/// The id of the fleet's instance `n` (1-based).
fn fleet_instance_id(n: usize) -> String {
    format!("i-bp1f{n:014}")
}

impl PresetWorld {
    /// The world as world JSON.
    pub fn value(self) -> Value {
        match self {
            PresetWorld::Fleet => {
                let mut world = super::default_world();
                let fleet = (1..=FLEET_SIZE).map(|n| {
                    serde_json::json!({
                        "instanceId": fleet_instance_id(n),
                        "regionId": "cn-hangzhou",
                        "name": format!("fleet-{n:03}"),
                        "os": "Linux",
                        "status": "Running",
                        "agentVersion": FLEET_AGENTS[n % FLEET_AGENTS.len()],
                        "resourceGroupId": "rg-bp67acfmxazb4p0001",
                        "tags": [{"key": "fleet", "value": "edge"}],
                        "timeZone": FLEET_ZONES[n % FLEET_ZONES.len()],
                        "users": ["root"],
                        "directories": ["/", "/root", "/tmp"],
                    })
                });
                if let Some(instances) = world["instances"].as_array_mut() {
                    instances.extend(fleet);
                }
                world
            }
        }
    }
}

/// The fleet preset's request: an hourly zone-less cron on every fleet instance, so each
/// fires at the top of its own local hour.
fn fleet_request() -> Value {
    let mut request = parse(
        r##"{
        "CommandContent": "uptime",
        "Frequency": "0 0 * * * ?",
        "Name": "fleet-uptime",
        "RegionId": "cn-hangzhou",
        "Timeout": 60,
        "Type": "RunShellScript"
    }"##,
    );
    request["InstanceId"] = (1..=FLEET_SIZE).map(fleet_instance_id).collect();
    request
}

/// A preset's request from its JSON text. The requests are data, not `json!` code: parsing
/// a few hundred bytes once is cheaper than the code `json!` generates (the wasm is smaller).
/// A typo would give `null`, which the preset tests catch.
fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

/// Every preset, in gallery order.
pub fn all() -> Vec<Preset> {
    vec![
        Preset {
            id: "hello-world",
            title: "Hello world on two instances",
            summary: "The smallest useful request: one shell line on web-1 and web-2.",
            tab: "executions",
            now: None,
            world: None,
            request: parse(
                r##"{
                "CommandContent": "echo \"hello from $(hostname)\"",
                "InstanceId": [
                    "i-bp1a00000000000001",
                    "i-bp1a00000000000002"
                ],
                "RegionId": "cn-hangzhou",
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "parameterised-deploy",
            title: "Parameterised deploy",
            summary: "Custom {{parameters}} plus built-in {{ACS::…}} values, rendered per instance.",
            tab: "rendered",
            now: None,
            world: None,
            request: parse(
                r##"{
                "CommandContent": "#!/bin/bash\nset -e\necho \"Deploying {{ app }} {{version}} to {{ACS::InstanceName}} ({{ACS::InstanceId}})\"\necho \"invocation {{ACS::InvokeId}} in {{ACS::RegionId}}\"\nsleep 3\necho done",
                "EnableParameter": true,
                "InstanceId": [
                    "i-bp1a00000000000001",
                    "i-bp1a00000000000002"
                ],
                "Name": "deploy-web",
                "Parameters": {
                    "app": "shop-web",
                    "version": "v2.4.1"
                },
                "RegionId": "cn-hangzhou",
                "Tag": [
                    {
                        "Key": "team",
                        "Value": "web"
                    }
                ],
                "Timeout": 300,
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "daily-cron-shanghai",
            title: "Daily cron in Asia/Shanghai",
            summary: "A log clean-up at 02:00 Beijing time every day, with an explicit zone.",
            tab: "schedule",
            now: Some("2026-11-27T12:00:00Z"),
            world: None,
            request: parse(
                r##"{
                "CommandContent": "find /var/log/app -name '*.log' -mtime +7 -delete\necho cleaned",
                "Frequency": "0 0 2 * * ? Asia/Shanghai",
                "InstanceId": [
                    "i-bp1a00000000000001",
                    "i-bp1a00000000000002",
                    "i-bp1a00000000000003"
                ],
                "Name": "nightly-log-cleanup",
                "RegionId": "cn-hangzhou",
                "RepeatMode": "Period",
                "Timeout": 600,
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "rate-5m",
            title: "Every 5 minutes with rate()",
            summary: "A health check; the first run is one interval after creation, not at once.",
            tab: "executions",
            now: Some("2026-11-27T12:00:00Z"),
            world: None,
            request: parse(
                r##"{
                "CommandContent": "curl -fsS http://127.0.0.1/healthz && echo ok",
                "Frequency": "rate(5m)",
                "InstanceId": [
                    "i-bp1a00000000000001",
                    "i-bp1a00000000000002"
                ],
                "Name": "health-check",
                "RegionId": "cn-hangzhou",
                "Timeout": 30,
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "at-gmt-offset",
            title: "Once, at a time in GMT+8:00",
            summary: "at() with a GMT offset (no leading zero on the hour), converted to UTC for the agent.",
            tab: "schedule",
            now: Some("2026-11-27T12:00:00Z"),
            world: None,
            request: parse(
                r##"{
                "CommandContent": "echo 'enable banner'",
                "Frequency": "at(2026-12-24 20:00:00 GMT+8:00)",
                "InstanceId": [
                    "i-bp1a00000000000001"
                ],
                "Name": "christmas-banner",
                "RegionId": "cn-hangzhou",
                "RepeatMode": "Period",
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "windows-powershell",
            title: "Windows PowerShell",
            summary: "A PowerShell script on win-1, run as System with CRLF line endings.",
            tab: "rendered",
            now: None,
            world: None,
            request: parse(
                r##"{
                "CommandContent": "Write-Output \"IIS status on $env:COMPUTERNAME\"\nGet-Service W3SVC\nStart-Sleep -Seconds 2\nexit 0",
                "InstanceId": [
                    "i-bp1a00000000000005"
                ],
                "RegionId": "cn-hangzhou",
                "Type": "RunPowerShellScript"
            }"##,
            ),
        },
        Preset {
            id: "container-run",
            title: "Run inside a container",
            summary: "A shell script in the nginx container on web-1 (agent ≥ 2.2.3.344).",
            tab: "executions",
            now: None,
            world: None,
            request: parse(
                r##"{
                "CommandContent": "nginx -t && echo config ok",
                "ContainerName": "nginx",
                "InstanceId": [
                    "i-bp1a00000000000001"
                ],
                "RegionId": "cn-hangzhou",
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "timeout-demo",
            title: "A timeout",
            summary: "sleep 30 with Timeout 10: the agent kills the process tree at 10 s.",
            tab: "executions",
            now: None,
            world: None,
            request: parse(
                r##"{
                "CommandContent": "echo starting\nsleep 30\necho never printed",
                "InstanceId": [
                    "i-bp1a00000000000001",
                    "i-bp1a00000000000002",
                    "i-bp1a00000000000003"
                ],
                "RegionId": "cn-hangzhou",
                "TerminationMode": "ProcessTree",
                "Timeout": 10,
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "failing-exit-code",
            title: "A failing exit code",
            summary: "exit 3: modern InvocationStatus Failed with ExitCodeNonzero, but legacy InvokeRecordStatus Finished.",
            tab: "executions",
            now: None,
            world: None,
            request: parse(
                r##"{
                "CommandContent": "echo checking disk on {{ACS::InstanceName}}\necho 'disk full' >&2\nexit 3",
                "EnableParameter": true,
                "InstanceId": [
                    "i-bp1a00000000000001",
                    "i-bp1a00000000000002"
                ],
                "RegionId": "cn-hangzhou",
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "partial-failure",
            title: "A partial failure",
            summary: "WorkingDir /var/www exists on web-1 but not on db-1: one Success, one DirectoryNotExists, overall PartialFailed.",
            tab: "executions",
            now: None,
            world: None,
            request: parse(
                r##"{
                "CommandContent": "ls\necho deployed",
                "InstanceId": [
                    "i-bp1a00000000000001",
                    "i-bp1a00000000000003"
                ],
                "RegionId": "cn-hangzhou",
                "Type": "RunShellScript",
                "WorkingDir": "/var/www"
            }"##,
            ),
        },
        Preset {
            id: "dst-trap",
            title: "A DST trap",
            summary: "02:30 every day in America/Los_Angeles: the agent fires early on the spring-forward day.",
            tab: "schedule",
            now: Some("2027-03-13T12:00:00Z"),
            world: None,
            request: parse(
                r##"{
                "CommandContent": "echo report",
                "Frequency": "0 30 2 * * ? America/Los_Angeles",
                "InstanceId": [
                    "i-bp1a00000000000001"
                ],
                "Name": "nightly-report",
                "RegionId": "cn-hangzhou",
                "Timeout": 60,
                "Type": "RunShellScript"
            }"##,
            ),
        },
        Preset {
            id: "fleet",
            title: "A fleet of 100 instances",
            summary: "An hourly cron on 100 instances across five time zones and four agent versions.",
            tab: "executions",
            now: None,
            world: Some(PresetWorld::Fleet),
            request: fleet_request(),
        },
    ]
}

/// The preset with this id.
pub fn by_id(id: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_requests_name_region_type_and_content() {
        let presets = all();
        assert!(presets.len() >= 10);
        let mut ids: Vec<_> = presets.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), presets.len());
        for p in &presets {
            for key in ["RegionId", "Type", "CommandContent", "InstanceId"] {
                assert!(p.request.get(key).is_some(), "{} lacks {key}", p.id);
            }
            assert_eq!(by_id(p.id).as_ref(), Some(p));
        }
    }

    #[test]
    fn the_fleet_spans_zones_and_agent_versions() {
        let fleet = by_id("fleet").unwrap();
        let world = fleet.world.unwrap().value();
        let ids = fleet.request["InstanceId"].as_array().unwrap();
        assert_eq!(ids.len(), FLEET_SIZE);
        let instances = world["instances"].as_array().unwrap();
        let members: Vec<&Value> = instances
            .iter()
            .filter(|i| ids.contains(&i["instanceId"]))
            .collect();
        assert_eq!(members.len(), FLEET_SIZE);
        let distinct = |key: &str| {
            let mut seen: Vec<&Value> = members.iter().map(|i| &i[key]).collect();
            seen.sort_by_key(|v| v.to_string());
            seen.dedup();
            seen.len()
        };
        assert_eq!(distinct("timeZone"), FLEET_ZONES.len());
        assert_eq!(distinct("agentVersion"), FLEET_AGENTS.len());
        let v = crate::api::validate(&fleet.request, Some(&world));
        assert_eq!(v["ok"], true, "{v}");
    }
}
