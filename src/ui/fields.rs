//! The form's fields: every RunCommand parameter, grouped, with its documentation (from the API
//! page), its default and the kind of control that edits it.

/// How a field is edited, and how its text maps to SDK-style JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// A one-line string.
    Text,
    /// A multi-line string.
    Multiline,
    /// An integer (text that is not a number is kept as text and reported by validation).
    Integer,
    /// A boolean (a select of default / true / false).
    Boolean,
    /// One of fixed values (free text is still accepted, to reproduce the NotFound errors).
    Choice(&'static [&'static str]),
    /// A list of strings, one per line.
    Lines,
    /// A list of `{Key, Value}` pairs, one `key=value` per line.
    KeyValues,
}

/// A group of fields, as the form shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Group {
    /// Where the command runs.
    Target,
    /// What runs.
    Command,
    /// When it runs.
    Schedule,
    /// How it runs.
    Execution,
}

impl Group {
    /// Every group, in form order.
    pub(crate) const ALL: [Group; 4] = [
        Group::Target,
        Group::Command,
        Group::Schedule,
        Group::Execution,
    ];

    /// The group's title.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Group::Target => "Target",
            Group::Command => "Command",
            Group::Schedule => "Schedule",
            Group::Execution => "Execution",
        }
    }
}

/// One RunCommand parameter in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FieldSpec {
    /// The API's name (also the SDK JSON key).
    pub(crate) key: &'static str,
    /// The group it is shown in.
    pub(crate) group: Group,
    /// Its control.
    pub(crate) kind: FieldKind,
    /// The default the API applies when it is omitted ("" when none).
    pub(crate) default: &'static str,
    /// Whether the API requires it.
    pub(crate) required: bool,
    /// Its documentation, from the API page.
    pub(crate) doc: &'static str,
}

const TYPES: &[&str] = &["RunShellScript", "RunPowerShellScript", "RunBatScript"];
const REPEAT_MODES: &[&str] = &["Once", "Period", "NextRebootOnly", "EveryReboot", "DryRun"];
const ENCODINGS: &[&str] = &["PlainText", "Base64"];
const TERMINATION: &[&str] = &["Process", "ProcessTree"];

/// Every RunCommand parameter, in form order.
pub(crate) const FIELDS: &[FieldSpec] = &[
    FieldSpec { key: "RegionId", group: Group::Target, kind: FieldKind::Text, default: "", required: true,
        doc: "The ID of the region, e.g. cn-hangzhou." },
    FieldSpec { key: "InstanceId", group: Group::Target, kind: FieldKind::Lines, default: "", required: false,
        doc: "The IDs of the ECS instances (1 to 100). If any instance does not meet the execution requirements, the whole call fails. Cannot be combined with ResourceTag." },
    FieldSpec { key: "ResourceTag", group: Group::Target, kind: FieldKind::KeyValues, default: "", required: false,
        doc: "Tags that select the instances instead of InstanceId (0 to 20). Key: not empty, ≤ 64 characters, not starting with aliyun or acs:, no http:// or https://. Value: ≤ 128 characters." },
    FieldSpec { key: "ResourceGroupId", group: Group::Target, kind: FieldKind::Text, default: "", required: false,
        doc: "The resource group of the execution. An instance in a non-default resource group must belong to it." },
    FieldSpec { key: "ContainerId", group: Group::Target, kind: FieldKind::Text, default: "", required: false,
        doc: "Run inside this container: 64 hexadecimal characters, optionally prefixed docker://, containerd:// or cri-o://. Linux, agent ≥ 2.2.3.344; Username and WorkingDir are then ignored." },
    FieldSpec { key: "ContainerName", group: Group::Target, kind: FieldKind::Text, default: "", required: false,
        doc: "Run inside the container with this name. Linux, agent ≥ 2.2.3.344; shell scripts only." },
    FieldSpec { key: "Type", group: Group::Command, kind: FieldKind::Choice(TYPES), default: "", required: true,
        doc: "RunShellScript (Linux), RunPowerShellScript or RunBatScript (Windows)." },
    FieldSpec { key: "CommandContent", group: Group::Command, kind: FieldKind::Multiline, default: "", required: true,
        doc: "The script, in plain text or Base64. Its Base64 form (parameters included) is limited to 18 KB with KeepCommand, 24 KB without. With EnableParameter, {{name}} placeholders and built-ins such as {{ACS::InstanceId}} are replaced." },
    FieldSpec { key: "ContentEncoding", group: Group::Command, kind: FieldKind::Choice(ENCODINGS), default: "PlainText", required: false,
        doc: "PlainText or Base64, case-insensitive. An invalid value is treated as PlainText." },
    FieldSpec { key: "EnableParameter", group: Group::Command, kind: FieldKind::Boolean, default: "false", required: false,
        doc: "Whether the content uses custom parameters ({{name}})." },
    FieldSpec { key: "Parameters", group: Group::Command, kind: FieldKind::KeyValues, default: "", required: false,
        doc: "Values of the custom parameters (0 to 10 pairs). Keys must be defined in the content; an omitted one becomes the empty string." },
    FieldSpec { key: "Name", group: Group::Command, kind: FieldKind::Text, default: "", required: false,
        doc: "The command's name, up to 128 characters." },
    FieldSpec { key: "Description", group: Group::Command, kind: FieldKind::Text, default: "", required: false,
        doc: "The command's description, up to 512 characters." },
    FieldSpec { key: "WorkingDir", group: Group::Command, kind: FieldKind::Text, default: "/root (Linux), C:\\Windows\\System32 (Windows)", required: false,
        doc: "The working directory on the instance, up to 200 characters." },
    FieldSpec { key: "Username", group: Group::Command, kind: FieldKind::Text, default: "root (Linux), System (Windows)", required: false,
        doc: "The user that runs the command, up to 255 characters; must exist on the instance." },
    FieldSpec { key: "WindowsPasswordName", group: Group::Command, kind: FieldKind::Text, default: "", required: false,
        doc: "The name of the user's password in the OOS Parameter Store, needed with a non-default Username on Windows; up to 255 characters." },
    FieldSpec { key: "Launcher", group: Group::Command, kind: FieldKind::Text, default: "", required: false,
        doc: "The launcher of the script, up to 1 KB, e.g. python3 -u {{ACS::ScriptFileName|Ext(\".py\")}}." },
    FieldSpec { key: "RepeatMode", group: Group::Schedule, kind: FieldKind::Choice(REPEAT_MODES), default: "Once (Period when Frequency is set)", required: false,
        doc: "Once, Period (needs Frequency), NextRebootOnly, EveryReboot or DryRun. Giving Frequency makes it Period." },
    FieldSpec { key: "Frequency", group: Group::Schedule, kind: FieldKind::Text, default: "", required: false,
        doc: "rate(<n><s|m|h|d>) between 60 s and 7 days; at(yyyy-MM-dd HH:mm:ss <zone>); or cron <sec> <min> <hour> <dom> <month> <dow> [year] [zone]. Zones: IANA names, GMT+8:00 (no leading zero) or UTC." },
    FieldSpec { key: "Timed", group: Group::Schedule, kind: FieldKind::Boolean, default: "", required: false,
        doc: "Deprecated; has no effect." },
    FieldSpec { key: "Timeout", group: Group::Execution, kind: FieldKind::Integer, default: "60", required: false,
        doc: "The execution timeout in seconds; a timed-out process is killed." },
    FieldSpec { key: "TerminationMode", group: Group::Execution, kind: FieldKind::Choice(TERMINATION), default: "", required: false,
        doc: "Process (stop the script process) or ProcessTree (the script and its children), on a manual stop or a timeout." },
    FieldSpec { key: "KeepCommand", group: Group::Execution, kind: FieldKind::Boolean, default: "false", required: false,
        doc: "Keep the command for InvokeCommand; it then counts against the region's command quota." },
    FieldSpec { key: "ClientToken", group: Group::Execution, kind: FieldKind::Text, default: "", required: false,
        doc: "An idempotency token: ASCII only, up to 64 characters." },
    FieldSpec { key: "OssOutputDelivery", group: Group::Execution, kind: FieldKind::Text, default: "", required: false,
        doc: "Deliver the output to OSS: oss://<bucket>/<prefix>, a bucket in the same region." },
    FieldSpec { key: "Tag", group: Group::Execution, kind: FieldKind::KeyValues, default: "", required: false,
        doc: "Tags of the execution (0 to 20), one key=value per line." },
];

/// The spec of a field by its API name.
pub(crate) fn field(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}
