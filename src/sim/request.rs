//! The RunCommand request: what the user typed (raw, every field optional) and the effective
//! values the API derives from it (methods).
//!
//! The JSON form uses the API's own field names as the official SDK's `to_map()` writes them
//! (`RegionId`, `InstanceId: [..]`, `Tag: [{Key, Value}]`, `Parameters: {..}`); unset fields are
//! omitted when serialising. The wire form lives in [`crate::sim::wire`].

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::sim::json::ShapeError;

/// The request's fields as the SDK names them, in the order the API page lists them.
pub const FIELD_NAMES: [&str; 26] = [
    "RegionId",
    "ResourceGroupId",
    "Name",
    "Description",
    "Type",
    "CommandContent",
    "WorkingDir",
    "Timeout",
    "EnableParameter",
    "RepeatMode",
    "Timed",
    "Frequency",
    "Parameters",
    "KeepCommand",
    "ContentEncoding",
    "Username",
    "WindowsPasswordName",
    "InstanceId",
    "Tag",
    "ContainerId",
    "ContainerName",
    "ClientToken",
    "OssOutputDelivery",
    "ResourceTag",
    "TerminationMode",
    "Launcher",
];

/// A RunCommand request exactly as typed: nothing is lost, nothing is defaulted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunCommandRequest {
    /// `RegionId` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    /// `ResourceGroupId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// `Name` (≤ 128 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Description` (≤ 512 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Type`: RunShellScript, RunBatScript or RunPowerShellScript (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// `CommandContent`, plain text or Base64 (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_content: Option<String>,
    /// `WorkingDir` (≤ 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    /// `Timeout` in seconds, as typed (a number, or text that may not be a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<RawNumber>,
    /// `EnableParameter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_parameter: Option<bool>,
    /// `RepeatMode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_mode: Option<String>,
    /// `Timed` (deprecated, no effect).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timed: Option<bool>,
    /// `Frequency`: rate(), at() or cron.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// `Parameters`: custom parameter values, in the order typed, duplicates kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<ParameterMap>,
    /// `KeepCommand`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_command: Option<bool>,
    /// `ContentEncoding`: PlainText or Base64, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
    /// `Username`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `WindowsPasswordName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows_password_name: Option<String>,
    /// `InstanceId`: 1–100 instance ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<Vec<String>>,
    /// `Tag`: tags of the execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Vec<TagInput>>,
    /// `ContainerId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    /// `ContainerName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    /// `ClientToken` (ASCII, ≤ 64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    /// `OssOutputDelivery`: `oss://bucket/prefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oss_output_delivery: Option<String>,
    /// `ResourceTag`: tags selecting the target instances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_tag: Option<Vec<TagInput>>,
    /// `TerminationMode`: Process or ProcessTree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_mode: Option<String>,
    /// `Launcher` (≤ 1 KB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launcher: Option<String>,
}

/// A number field as typed: an integer, a float, or text. Written as the value itself (a JSON
/// number or string), not as a tagged enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RawNumber {
    /// A JSON integer.
    Int(i64),
    /// A JSON number with a fraction (never valid for `Timeout`).
    Float(f64),
    /// Text, as typed in a form or sent on the wire.
    Text(String),
}

impl RawNumber {
    /// The integer value, if the input is an integer (text is trimmed and parsed).
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            RawNumber::Int(n) => Some(*n),
            RawNumber::Float(_) => None,
            RawNumber::Text(t) => t.trim().parse::<i64>().ok(),
        }
    }

    /// The value as text (for the wire form and the CLI).
    pub fn to_text(&self) -> String {
        match self {
            RawNumber::Int(n) => n.to_string(),
            // JSON's own spelling (`1.5`, `1e21`), which also keeps core's float formatter
            // out of the wasm.
            RawNumber::Float(f) => serde_json::Number::from_f64(*f)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            RawNumber::Text(t) => t.clone(),
        }
    }
}

/// An integer that fits `i64` is `Int`, any other number `Float`, a string `Text`; anything
/// else is an error that says what was expected ("expected a number or text", where
/// `#[serde(untagged)]` would only say that no variant matched).
impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberOrText;
        impl Visitor<'_> for NumberOrText {
            type Value = RawNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or text")
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawNumber, E> {
                Ok(i64::try_from(v).map_or(RawNumber::Float(v as f64), RawNumber::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawNumber, E> {
                Ok(RawNumber::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawNumber, E> {
                Ok(RawNumber::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<RawNumber, E> {
                Ok(RawNumber::Text(v))
            }
        }
        deserializer.deserialize_any(NumberOrText)
    }
}

/// A `{Key, Value}` pair of `Tag` or `ResourceTag`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagInput {
    /// The tag key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The tag value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl TagInput {
    /// A tag with both key and value.
    pub fn new(key: &str, value: &str) -> Self {
        Self {
            key: Some(key.to_string()),
            value: Some(value.to_string()),
        }
    }
}

/// `Parameters` as typed: ordered `(key, value)` pairs, duplicates kept, values of any JSON
/// type (a non-string value is `ParameterType.NotSupported`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParameterMap(pub Vec<(String, serde_json::Value)>);

impl ParameterMap {
    /// Builds a map of string values.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        Self(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect(),
        )
    }

    /// Whether no pair was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value for `key`, compared case-insensitively (parameter names are), as text.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_str())
    }

    /// The compact JSON text of the object, as the wire form carries it.
    pub fn to_json_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

impl Serialize for ParameterMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ParameterMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = ParameterMap;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object of parameter values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<ParameterMap, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = access.next_entry::<String, serde_json::Value>()? {
                    pairs.push((k, v));
                }
                Ok(ParameterMap(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor)
    }
}

/// The three command types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandType {
    /// Shell on Linux.
    RunShellScript,
    /// Bat on Windows.
    RunBatScript,
    /// PowerShell on Windows.
    RunPowerShellScript,
}

impl CommandType {
    /// Parses the exact (case-sensitive) API value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "RunShellScript" => Some(Self::RunShellScript),
            "RunBatScript" => Some(Self::RunBatScript),
            "RunPowerShellScript" => Some(Self::RunPowerShellScript),
            _ => None,
        }
    }

    /// Whether the type runs on Windows.
    pub fn is_windows(self) -> bool {
        !matches!(self, Self::RunShellScript)
    }

    /// The API value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RunShellScript => "RunShellScript",
            Self::RunBatScript => "RunBatScript",
            Self::RunPowerShellScript => "RunPowerShellScript",
        }
    }

    /// Exit code after which the agent powers the instance off (agent-behaviour §3.6):
    /// 193 on Linux, 3009 on Windows.
    pub fn power_off_exit_code(self) -> i64 {
        if self.is_windows() {
            3009
        } else {
            193
        }
    }

    /// Exit code after which the agent reboots the instance: 194 on Linux, 3010 on Windows.
    pub fn reboot_exit_code(self) -> i64 {
        if self.is_windows() {
            3010
        } else {
            194
        }
    }
}

/// The execution modes of `RepeatMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepeatMode {
    /// Run now.
    Once,
    /// Scheduled by `Frequency`.
    Period,
    /// At the next boot.
    NextRebootOnly,
    /// At every boot.
    EveryReboot,
    /// Check only.
    DryRun,
}

impl RepeatMode {
    /// Parses the exact API value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "Once" => Some(Self::Once),
            "Period" => Some(Self::Period),
            "NextRebootOnly" => Some(Self::NextRebootOnly),
            "EveryReboot" => Some(Self::EveryReboot),
            "DryRun" => Some(Self::DryRun),
            _ => None,
        }
    }

    /// The API value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Once => "Once",
            Self::Period => "Period",
            Self::NextRebootOnly => "NextRebootOnly",
            Self::EveryReboot => "EveryReboot",
            Self::DryRun => "DryRun",
        }
    }

    /// The `Timed` response flag: true for executions that wait for a later trigger.
    pub fn is_timed(self) -> bool {
        matches!(
            self,
            Self::Period | Self::NextRebootOnly | Self::EveryReboot
        )
    }

    /// Whether the execution can run more than once (history rows exist).
    pub fn is_repeating(self) -> bool {
        matches!(self, Self::Period | Self::EveryReboot)
    }
}

/// `ContentEncoding` after the API's leniency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContentEncoding {
    /// Plain text.
    PlainText,
    /// Base64.
    Base64,
}

/// `TerminationMode`: what a timeout or a stop kills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TerminationMode {
    /// Kill only the script process; its children survive (the public agent always does this).
    #[default]
    Process,
    /// Kill the script process and every process it started.
    ProcessTree,
}

impl TerminationMode {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Process => "Process",
            Self::ProcessTree => "ProcessTree",
        }
    }

    /// Parses the exact API value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "Process" => Some(Self::Process),
            "ProcessTree" => Some(Self::ProcessTree),
            _ => None,
        }
    }
}

/// The default `Timeout` in seconds.
pub const DEFAULT_TIMEOUT_SECS: i64 = 60;

impl RunCommandRequest {
    /// Parses the SDK-style JSON form.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The request in a parsed SDK-style JSON object. Every field may be absent or `null`,
    /// unknown fields are ignored; a field of the wrong type is an error that names it
    /// (`InstanceId[1]: invalid type: integer `2`, expected a string`).
    pub fn from_json_value(value: &serde_json::Value) -> Result<Self, ShapeError> {
        crate::sim::json::read(value, "")
    }

    /// The SDK-style JSON form (unset fields omitted).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The parsed `Type`, if it is one of the three values.
    pub fn command_type(&self) -> Option<CommandType> {
        self.r#type.as_deref().and_then(CommandType::parse)
    }

    /// Effective `Timeout`: 60 when unset; `Err(raw)` when typed but not an integer.
    pub fn timeout_secs(&self) -> Result<i64, String> {
        match &self.timeout {
            None => Ok(DEFAULT_TIMEOUT_SECS),
            Some(RawNumber::Text(t)) if t.trim().is_empty() => Ok(DEFAULT_TIMEOUT_SECS),
            Some(raw) => raw.as_integer().ok_or_else(|| raw.to_text()),
        }
    }

    /// Effective `RepeatMode`: `Period` whenever Frequency is given, else the typed value, else
    /// `Once`. `Err(raw)` when the typed value is not a known mode.
    pub fn repeat_mode(&self) -> Result<RepeatMode, String> {
        let typed = self.repeat_mode.as_deref().filter(|s| !s.is_empty());
        let parsed = match typed {
            None => None,
            Some(s) => Some(RepeatMode::parse(s).ok_or_else(|| s.to_string())?),
        };
        if self.frequency().is_some() {
            return Ok(RepeatMode::Period);
        }
        Ok(parsed.unwrap_or(RepeatMode::Once))
    }

    /// The Frequency, if a non-blank one is given.
    pub fn frequency(&self) -> Option<&str> {
        self.frequency.as_deref().filter(|s| !s.trim().is_empty())
    }

    /// Effective `ContentEncoding`: case-insensitive; anything but Base64 is PlainText.
    pub fn content_encoding(&self) -> ContentEncoding {
        match self.content_encoding.as_deref() {
            Some(s) if s.trim().eq_ignore_ascii_case("base64") => ContentEncoding::Base64,
            _ => ContentEncoding::PlainText,
        }
    }

    /// Effective `KeepCommand` (default false).
    pub fn keep_command(&self) -> bool {
        self.keep_command.unwrap_or(false)
    }

    /// Effective `EnableParameter` (default false).
    pub fn enable_parameter(&self) -> bool {
        self.enable_parameter.unwrap_or(false)
    }

    /// Effective `Username`: the typed non-empty value, else root (Linux types) or System
    /// (Windows types).
    pub fn username(&self) -> String {
        match self.username.as_deref().filter(|s| !s.is_empty()) {
            Some(u) => u.to_string(),
            None if self.command_type().is_some_and(CommandType::is_windows) => {
                "System".to_string()
            }
            None => "root".to_string(),
        }
    }

    /// Effective `WorkingDir` as the API documents it: the typed value, else `/root` (Linux
    /// types) or `C:\Windows\System32` (Windows types). The agent itself uses the user's home
    /// when a Username is given (agent-behaviour.md §3.4).
    pub fn working_dir(&self) -> String {
        match self.working_dir.as_deref().filter(|s| !s.is_empty()) {
            Some(w) => w.to_string(),
            None if self.command_type().is_some_and(CommandType::is_windows) => {
                r"C:\Windows\System32".to_string()
            }
            None => "/root".to_string(),
        }
    }

    /// The instance ids typed.
    pub fn instance_ids(&self) -> &[String] {
        self.instance_id.as_deref().unwrap_or(&[])
    }

    /// The tags typed.
    pub fn tags(&self) -> &[TagInput] {
        self.tag.as_deref().unwrap_or(&[])
    }

    /// The resource tags typed.
    pub fn resource_tags(&self) -> &[TagInput] {
        self.resource_tag.as_deref().unwrap_or(&[])
    }

    /// The parameter pairs typed.
    pub fn parameter_pairs(&self) -> &[(String, serde_json::Value)] {
        self.parameters
            .as_ref()
            .map(|p| p.0.as_slice())
            .unwrap_or(&[])
    }

    /// Whether a container target is given.
    pub fn has_container(&self) -> bool {
        self.container_id.as_deref().is_some_and(|s| !s.is_empty())
            || self
                .container_name
                .as_deref()
                .is_some_and(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeout(json: &str) -> Result<Option<RawNumber>, String> {
        serde_json::from_str::<RunCommandRequest>(&format!("{{\"Timeout\": {json}}}"))
            .map(|r| r.timeout)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_number_field_keeps_what_was_typed() {
        assert_eq!(timeout("60"), Ok(Some(RawNumber::Int(60))));
        assert_eq!(timeout("-5"), Ok(Some(RawNumber::Int(-5))));
        assert_eq!(timeout("1.5"), Ok(Some(RawNumber::Float(1.5))));
        assert_eq!(
            timeout("18446744073709551615"),
            Ok(Some(RawNumber::Float(18446744073709551615.0))),
            "an integer beyond i64 is kept as a float, as before"
        );
        assert_eq!(
            timeout("\" 60 \""),
            Ok(Some(RawNumber::Text(" 60 ".into())))
        );
        assert_eq!(timeout("null"), Ok(None));
        for (json, back) in [("60", "60"), ("1.5", "1.5"), ("\"abc\"", "\"abc\"")] {
            let request =
                serde_json::from_str::<RunCommandRequest>(&format!("{{\"Timeout\":{json}}}"));
            let written = serde_json::to_string(&request.unwrap()).unwrap();
            assert_eq!(
                written,
                format!("{{\"Timeout\":{back}}}"),
                "written as the value itself"
            );
        }
    }

    #[test]
    fn messages_name_the_field() {
        let read = |v: serde_json::Value| {
            RunCommandRequest::from_json_value(&v)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            read(serde_json::json!({"Timeout": true})),
            "Timeout: invalid type: boolean `true`, expected a number or text"
        );
        assert_eq!(
            read(serde_json::json!({"InstanceId": ["i-1", 2]})),
            "InstanceId[1]: invalid type: integer `2`, expected a string"
        );
        assert_eq!(
            read(serde_json::json!({"KeepCommand": "yes"})),
            "KeepCommand: invalid type: string \"yes\", expected a boolean"
        );
        assert_eq!(
            read(serde_json::json!({"Tag": [{"Key": "k"}, {"Key": 1}]})),
            "Tag[1].Key: invalid type: integer `1`, expected a string"
        );
        assert_eq!(
            read(serde_json::json!({"Parameters": [1]})),
            "Parameters: invalid type: sequence, expected a JSON object of parameter values"
        );
    }

    #[test]
    fn reads_absent_null_and_unknown_fields() {
        let value = serde_json::json!({
            "RegionId": "cn-hangzhou",
            "Name": null,
            "Unknown": [1],
            "Parameters": {"name": "Jack", "n": 1},
            "Tag": [{"Key": "env", "Value": "prod"}],
        });
        let request = RunCommandRequest::from_json_value(&value).unwrap();
        assert_eq!(request.region_id.as_deref(), Some("cn-hangzhou"));
        assert_eq!(request.name, None);
        assert_eq!(request.parameters.as_ref().map(ParameterMap::len), Some(2));
        assert_eq!(request.tag, Some(vec![TagInput::new("env", "prod")]));
    }

    #[test]
    fn a_number_field_of_another_type_says_what_was_expected() {
        for json in ["true", "[1]", "{\"a\": 1}"] {
            let error = timeout(json).unwrap_err();
            assert!(
                error.contains("expected a number or text"),
                "{json}: {error}"
            );
        }
    }
}
