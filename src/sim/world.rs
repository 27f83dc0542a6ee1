//! The simulated account ("world"): regions, resource groups, instances (with their agent,
//! users, directories, containers and fault flags), OSS buckets, the OOS parameter store,
//! quotas and account-level fault switches.
//!
//! [`World::default_world`] is embedded (`world_default.json`); [`World::from_json`] reads a
//! replacement and checks it, returning every problem found (never panicking). The JSON schema
//! is documented in `docs/reference.md`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// The embedded default world, as JSON.
pub const DEFAULT_WORLD_JSON: &str = include_str!("world_default.json");

/// The simulated account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct World {
    /// The account UID (`{{ACS::AccountId}}`).
    pub account_id: String,
    /// The regions (RunCommand availability, quotas).
    pub regions: Vec<Region>,
    /// The resource groups.
    #[serde(default)]
    pub resource_groups: Vec<ResourceGroup>,
    /// The ECS instances.
    #[serde(default)]
    pub instances: Vec<Instance>,
    /// The OSS buckets.
    #[serde(default)]
    pub oss_buckets: Vec<OssBucket>,
    /// The OOS parameter store.
    #[serde(default)]
    pub parameter_store: Vec<StoredParameter>,
    /// Account-level fault switches.
    #[serde(default)]
    pub faults: Faults,
}

fn yes() -> bool {
    true
}

/// A region of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Region {
    /// e.g. `cn-hangzhou`.
    pub region_id: String,
    /// A display name.
    #[serde(default)]
    pub local_name: String,
    /// false → `RegionId.ApiNotSupported`.
    #[serde(default = "yes")]
    pub run_command_supported: bool,
    /// false → `ParameterStore.NotSupported` for `WindowsPasswordName`.
    #[serde(default = "yes")]
    pub parameter_store_supported: bool,
    /// Saved (KeepCommand) commands allowed in the region.
    pub saved_command_quota: u32,
    /// Saved commands already there.
    #[serde(default)]
    pub saved_commands: u32,
    /// Invocations allowed per UTC day.
    pub daily_invocation_quota: u32,
}

/// The life-cycle state of a resource group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceGroupStatus {
    /// Usable.
    OK,
    /// Being created → `InvalidStatus.ResourceGroup`.
    Creating,
    /// Being deleted → `InvalidStatus.ResourceGroup`.
    Deleting,
}

impl ResourceGroupStatus {
    /// The status as the world JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceGroupStatus::OK => "OK",
            ResourceGroupStatus::Creating => "Creating",
            ResourceGroupStatus::Deleting => "Deleting",
        }
    }
}

/// A resource group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceGroup {
    /// `rg-…`.
    pub resource_group_id: String,
    /// A display name.
    #[serde(default)]
    pub name: String,
    /// Its state.
    pub status: ResourceGroupStatus,
    /// The account's default group (instances in it match any `ResourceGroupId`).
    #[serde(default)]
    pub is_default: bool,
}

/// An instance's operating system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Os {
    /// Linux (RunShellScript).
    Linux,
    /// Windows (RunBatScript, RunPowerShellScript).
    Windows,
}

impl Os {
    /// The OS as the world JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "Linux",
            Os::Windows => "Windows",
        }
    }
}

/// An instance's status (DescribeInstances vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceStatus {
    /// Running.
    Running,
    /// Stopped.
    Stopped,
    /// Starting.
    Starting,
    /// Stopping.
    Stopping,
    /// Pending (being created).
    Pending,
}

impl InstanceStatus {
    /// The status as the world JSON (and DescribeInstances) spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::Running => "Running",
            InstanceStatus::Stopped => "Stopped",
            InstanceStatus::Starting => "Starting",
            InstanceStatus::Stopping => "Stopping",
            InstanceStatus::Pending => "Pending",
        }
    }
}

/// A tag key/value on a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceTag {
    /// Key.
    pub key: String,
    /// Value.
    #[serde(default)]
    pub value: String,
}

/// A container on an instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Container {
    /// 64 hex characters.
    pub container_id: String,
    /// Its name.
    pub name: String,
    /// `docker`, `containerd` or `cri-o`.
    #[serde(default = "docker")]
    pub runtime: String,
    /// `running`, `exited`, …
    #[serde(default = "running")]
    pub state: String,
}

fn docker() -> String {
    "docker".to_string()
}
fn running() -> String {
    "running".to_string()
}

/// Per-instance faults for the execution simulator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstanceFaults {
    /// The agent service is stopped (`ClientNotRunning`).
    #[serde(default)]
    pub agent_down: bool,
    /// The agent does not answer (`ClientNotResponse`).
    #[serde(default)]
    pub not_responding: bool,
    /// The agent is upgrading (`ClientIsUpgrading`).
    #[serde(default)]
    pub upgrading: bool,
    /// The instance is released (`InvalidInstance.NotFound` at call time).
    #[serde(default)]
    pub released: bool,
}

/// An ECS instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Instance {
    /// `i-…`.
    pub instance_id: String,
    /// Its region.
    pub region_id: String,
    /// Its name (`{{ACS::InstanceName}}`).
    pub name: String,
    /// Its OS.
    pub os: Os,
    /// Its status.
    pub status: InstanceStatus,
    /// The Cloud Assistant agent version; `null` when not installed.
    #[serde(default)]
    pub agent_version: Option<String>,
    /// Its resource group.
    pub resource_group_id: String,
    /// Its tags.
    #[serde(default)]
    pub tags: Vec<ResourceTag>,
    /// The system time zone (IANA name), for zone-less cron.
    #[serde(default = "utc")]
    pub time_zone: String,
    /// Users that exist.
    #[serde(default)]
    pub users: Vec<String>,
    /// Directories that exist.
    #[serde(default)]
    pub directories: Vec<String>,
    /// Containers.
    #[serde(default)]
    pub containers: Vec<Container>,
    /// Fault flags.
    #[serde(default)]
    pub faults: InstanceFaults,
}

fn utc() -> String {
    "UTC".to_string()
}

impl Instance {
    /// The agent version as numbers, if installed and well-formed.
    pub fn agent_version_parts(&self) -> Option<Vec<u32>> {
        self.agent_version.as_deref().and_then(parse_version)
    }
}

/// Parses `a.b.c.d` into numbers.
pub fn parse_version(v: &str) -> Option<Vec<u32>> {
    let parts: Result<Vec<u32>, _> = v.split('.').map(str::parse::<u32>).collect();
    parts.ok().filter(|p| !p.is_empty())
}

/// An OSS bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OssBucket {
    /// Bucket name.
    pub name: String,
    /// Its region.
    pub region_id: String,
    /// When set, OSS refuses access with this message
    /// (`InvalidOssOutputDelivery.BucketAccessDenied`).
    #[serde(default)]
    pub access_denied_message: Option<String>,
}

/// A parameter of the OOS parameter store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoredParameter {
    /// Its name.
    pub name: String,
    /// Its region.
    pub region_id: String,
    /// Its value (shown masked when `secret`).
    pub value: String,
    /// An encrypted (secret) parameter.
    #[serde(default)]
    pub secret: bool,
}

/// Account-level fault switches: the codes only a failing cloud produces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Faults {
    /// Every call → `Operation.Forbidden`.
    #[serde(default)]
    pub operation_forbidden: bool,
    /// Every call → `OperationDenied.BidOwnResource`.
    #[serde(default)]
    pub bid_user: bool,
    /// Valid calls → `InternalError.Dispatch` at dispatch.
    #[serde(default)]
    pub dispatch_error: bool,
    /// Calls with `OssOutputDelivery` → `ResourceBusy.SlrCreation`.
    #[serde(default)]
    pub slr_creating: bool,
    /// Calls with `OssOutputDelivery` → `CreateServiceLinkedRole.NoPermission`.
    #[serde(default)]
    pub slr_no_permission: bool,
    /// Calls with `WindowsPasswordName` → `TemporaryAccessKey.Error`.
    #[serde(default)]
    pub temporary_access_key_invalid: bool,
    /// Calls with `WindowsPasswordName` → `ParameterStore.NoPermission`.
    #[serde(default)]
    pub parameter_store_no_permission: bool,
    /// A replayed `ClientToken` → `IdempotentProcessing`.
    #[serde(default)]
    pub idempotent_processing: bool,
    /// Every call → this code (any code of the table, e.g. `InvalidCmdId.NotFound`).
    #[serde(default)]
    pub force_error: Option<String>,
}

/// Why a world JSON was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorldError {
    /// The text is not JSON of the world's shape.
    Json(String),
    /// The JSON parsed but is inconsistent; every problem found.
    Invalid(Vec<String>),
}

impl std::fmt::Display for WorldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorldError::Json(e) => write!(f, "world JSON: {e}"),
            WorldError::Invalid(problems) => {
                write!(f, "world is inconsistent: {}", problems.join("; "))
            }
        }
    }
}

impl std::error::Error for WorldError {}

impl World {
    /// The embedded default world.
    pub fn default_world() -> World {
        static DEFAULT: std::sync::OnceLock<World> = std::sync::OnceLock::new();
        DEFAULT.get_or_init(Self::parse_default).clone()
    }

    fn parse_default() -> World {
        // The embedded JSON is checked by a unit test; fall back to an empty account otherwise.
        World::from_json(DEFAULT_WORLD_JSON).unwrap_or_else(|_| World {
            account_id: "1234567890123456".to_string(),
            regions: Vec::new(),
            resource_groups: Vec::new(),
            instances: Vec::new(),
            oss_buckets: Vec::new(),
            parameter_store: Vec::new(),
            faults: Faults::default(),
        })
    }

    /// Reads and checks a world JSON text. A text that is not JSON is reported with its line and
    /// column; a value of the wrong shape with its place, e.g. `world.instances[2].status:
    /// unknown variant …`.
    pub fn from_json(text: &str) -> Result<World, WorldError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| WorldError::Json(e.to_string()))?;
        World::from_value(&value)
    }

    /// Reads and checks a parsed world JSON.
    pub fn from_value(value: &serde_json::Value) -> Result<World, WorldError> {
        crate::sim::json::read(value, "world")
            .map_err(|e| WorldError::Json(e.to_string()))
            .and_then(World::checked)
    }

    fn checked(self) -> Result<World, WorldError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(WorldError::Invalid(problems))
        }
    }

    /// Every consistency problem of this world (empty when it is usable), in time linear in
    /// its size.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.account_id.is_empty() || !self.account_id.chars().all(|c| c.is_ascii_digit()) {
            p.push(format!("accountId `{}` must be digits", self.account_id));
        }
        let mut regions = HashSet::new();
        for r in &self.regions {
            if !regions.insert(r.region_id.as_str()) {
                p.push(format!("region `{}` is listed twice", r.region_id));
            }
        }
        let mut groups = HashSet::new();
        for g in &self.resource_groups {
            if !groups.insert(g.resource_group_id.as_str()) {
                p.push(format!(
                    "resource group `{}` is listed twice",
                    g.resource_group_id
                ));
            }
        }
        let mut instances = HashSet::new();
        for (n, i) in self.instances.iter().enumerate() {
            // The place, written only for a problem.
            let at = || format!("instances[{n}] `{}`", i.instance_id);
            if !i.instance_id.starts_with("i-") {
                p.push(format!("{}: instanceId must start with `i-`", at()));
            }
            if !instances.insert(i.instance_id.as_str()) {
                p.push(format!("{}: instanceId is listed twice", at()));
            }
            if !regions.contains(i.region_id.as_str()) {
                p.push(format!("{}: unknown regionId `{}`", at(), i.region_id));
            }
            if !groups.contains(i.resource_group_id.as_str()) {
                p.push(format!(
                    "{}: unknown resourceGroupId `{}`",
                    at(),
                    i.resource_group_id
                ));
            }
            if let Some(v) = &i.agent_version {
                if parse_version(v).is_none_or(|parts| parts.len() != 4) {
                    p.push(format!(
                        "{}: agentVersion `{v}` is not like 2.2.3.578",
                        at()
                    ));
                }
            }
            if i.time_zone != "UTC" && i.time_zone.parse::<crate::sim::tz::Zone>().is_err() {
                p.push(format!("{}: unknown timeZone `{}`", at(), i.time_zone));
            }
            for c in &i.containers {
                if c.container_id.len() != 64
                    || !c.container_id.chars().all(|c| c.is_ascii_hexdigit())
                {
                    p.push(format!(
                        "{}: container `{}` id must be 64 hex characters",
                        at(),
                        c.name
                    ));
                }
            }
        }
        for b in &self.oss_buckets {
            if !regions.contains(b.region_id.as_str()) {
                p.push(format!(
                    "ossBuckets `{}`: unknown regionId `{}`",
                    b.name, b.region_id
                ));
            }
        }
        for s in &self.parameter_store {
            if !regions.contains(s.region_id.as_str()) {
                p.push(format!(
                    "parameterStore `{}`: unknown regionId `{}`",
                    s.name, s.region_id
                ));
            }
        }
        if let Some(code) = &self.faults.force_error {
            if crate::sim::error::ApiErrorCode::from_code(code).is_none() {
                p.push(format!("faults.forceError: unknown error code `{code}`"));
            }
        }
        p
    }

    /// The region `id`.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.region_id == id)
    }

    /// The resource group `id`.
    pub fn resource_group(&self, id: &str) -> Option<&ResourceGroup> {
        self.resource_groups
            .iter()
            .find(|g| g.resource_group_id == id)
    }

    /// The instance `id` (in any region).
    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.instance_id == id)
    }

    /// The bucket `name`.
    pub fn bucket(&self, name: &str) -> Option<&OssBucket> {
        self.oss_buckets.iter().find(|b| b.name == name)
    }

    /// The stored parameter `name` in `region`.
    pub fn stored_parameter(&self, region: &str, name: &str) -> Option<&StoredParameter> {
        self.parameter_store
            .iter()
            .find(|s| s.region_id == region && s.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn default_value() -> Value {
        serde_json::from_str(DEFAULT_WORLD_JSON).unwrap()
    }

    /// The message of the world `value` refused.
    fn refusal(value: &Value) -> String {
        World::from_json(&value.to_string())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_the_default_world_with_its_defaults() {
        let world = World::from_json(DEFAULT_WORLD_JSON).unwrap();
        assert_eq!(world, World::default_world());
        assert!(!world.instances.is_empty());
        let mut value = default_value();
        value["instances"][0]
            .as_object_mut()
            .unwrap()
            .retain(|k, _| {
                [
                    "instanceId",
                    "regionId",
                    "name",
                    "os",
                    "status",
                    "resourceGroupId",
                ]
                .contains(&k.as_str())
            });
        let world = World::from_json(&value.to_string()).unwrap();
        let first = &world.instances[0];
        assert_eq!(first.time_zone, "UTC");
        assert_eq!(first.agent_version, None);
        assert!(first.tags.is_empty() && first.containers.is_empty());
        assert_eq!(first.faults, InstanceFaults::default());
    }

    #[test]
    fn messages_name_the_field() {
        let mut value = default_value();
        value["instances"][2]["status"] = json!("Runing");
        let message = refusal(&value);
        assert!(
            message.starts_with(
                "world JSON: world.instances[2].status: unknown variant `Runing`, expected one of"
            ),
            "{message}"
        );
        let mut value = default_value();
        value["regions"][0]["colour"] = json!(1);
        let message = refusal(&value);
        assert!(
            message.starts_with(
                "world JSON: world.regions[0].colour: unknown field `colour`, expected one of"
            ),
            "{message}"
        );
        let mut value = default_value();
        value["regions"][0]["savedCommandQuota"] = json!(-1);
        assert_eq!(
            refusal(&value),
            "world JSON: world.regions[0].savedCommandQuota: invalid value: integer `-1`, expected u32"
        );
        let mut value = default_value();
        value["instances"][1]["faults"]["agentDown"] = json!("yes");
        assert_eq!(
            refusal(&value),
            "world JSON: world.instances[1].faults.agentDown: invalid type: string \"yes\", expected a boolean"
        );
        let mut value = default_value();
        value.as_object_mut().unwrap().remove("accountId");
        assert_eq!(
            refusal(&value),
            "world JSON: world: missing field `accountId`"
        );
        assert!(refusal(&json!(3)).starts_with("world JSON: world: invalid type: integer `3`"));
        assert_eq!(
            World::from_json("{\n  \"accountId\": \"1\",\n  \"regions\": [}")
                .unwrap_err()
                .to_string(),
            "world JSON: expected value at line 3 column 15"
        );
        assert!(World::from_json("{")
            .unwrap_err()
            .to_string()
            .contains("EOF"));
    }

    #[test]
    fn a_parsed_world_reads_alike() {
        assert_eq!(
            World::from_value(&default_value()),
            Ok(World::default_world())
        );
        let mut value = default_value();
        value["instances"][2]["status"] = json!("Runing");
        let message = World::from_value(&value).unwrap_err().to_string();
        assert_eq!(message, refusal(&value));
        let mut value = default_value();
        value["instances"][0]["regionId"] = json!("xx-nowhere");
        assert!(matches!(
            World::from_value(&value),
            Err(WorldError::Invalid(problems)) if problems.iter().any(|p| p.contains("xx-nowhere"))
        ));
    }

    #[test]
    fn reports_every_inconsistency() {
        let mut value = default_value();
        let copy = value["instances"][0].clone();
        value["instances"].as_array_mut().unwrap().push(copy);
        value["instances"][1]["regionId"] = json!("xx-nowhere");
        let Err(WorldError::Invalid(problems)) = World::from_json(&value.to_string()) else {
            panic!("a duplicate and an unknown region are problems");
        };
        let last = value["instances"].as_array().unwrap().len() - 1;
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&format!("instances[{last}]"))
                    && p.ends_with("instanceId is listed twice")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("instances[1]")
                    && p.ends_with("unknown regionId `xx-nowhere`")),
            "{problems:?}"
        );
    }

    #[test]
    fn names_are_the_json_spellings() {
        let json = |v: Value| v.as_str().unwrap_or_default().to_string();
        for s in [
            InstanceStatus::Running,
            InstanceStatus::Stopped,
            InstanceStatus::Starting,
            InstanceStatus::Stopping,
            InstanceStatus::Pending,
        ] {
            assert_eq!(s.as_str(), json(json!(s)));
        }
        for s in [
            ResourceGroupStatus::OK,
            ResourceGroupStatus::Creating,
            ResourceGroupStatus::Deleting,
        ] {
            assert_eq!(s.as_str(), json(json!(s)));
        }
        for os in [Os::Linux, Os::Windows] {
            assert_eq!(os.as_str(), json(json!(os)));
        }
    }
}
