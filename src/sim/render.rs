//! What each instance will actually run: parameter rendering, script file and command line.
//!
//! The stages follow who does what (agent-behaviour.md §0, §2, §3.1–3.3):
//!
//! 1. **server** — custom `{{name}}` parameters are replaced by their `Parameters` value
//!    (case-insensitive; an omitted one becomes the empty string), only with EnableParameter;
//! 2. **agent** — with EnableParameter only, `{{ACS::Name}}` built-ins are replaced by the
//!    instance's values (RegionId, AccountId, InstanceId, InstanceName, InvokeId, CommandId;
//!    case-sensitive); any other name makes the task invalid (`InvalidEnvironmentParameter`);
//! 3. **agent** — with EnableParameter only, `{{oos:name}}` / `{{oos-secret:name}}` are
//!    resolved from the world's parameter store in the instance's region, first match first,
//!    again and again (a value holding a reference is resolved too); a missing parameter makes
//!    the task invalid (`ParameterFailed`). Secret values are **never** put in the output: they
//!    are replaced by [`SECRET_MASK`];
//! 4. **agent** — RunBatScript gets `@echo off` + CRLF in front; Bat and PowerShell have every
//!    LF without a CR before it turned into CRLF;
//! 5. **agent** — the script file `[<Name>-]<InvokeId><ext>` in the agent's script directory
//!    (`/tmp` for a Linux Username) and the command line (`sh -c <path>`,
//!    `powershell -file <path>`, the `.bat` path itself), or `/bin/sh -c <content>` inline in a
//!    container. A `Launcher` replaces the command line, with
//!    `{{ACS::ScriptFileName|Ext(".py")}}` standing for the script path with that extension.
//!
//! Every substituted span is reported with its byte range in the final script, so a UI can
//! highlight it.

use crate::sim::order::Finder;
use std::collections::HashMap;
use std::ops::Range;

use crate::sim::error::ApiError;
use crate::sim::request::{CommandType, RunCommandRequest};
use crate::sim::template::{self, PlaceholderKind, TemplateScan};
use crate::sim::validate::{self, Usage, ValidatedRequest};
use crate::sim::world::{Instance, Os, World};

/// What replaces a secret value in every output.
pub const SECRET_MASK: &str = "******";
/// The agent's script directory on Linux.
pub const LINUX_SCRIPT_DIR: &str = "/usr/local/share/aliyun-assist/work/script";
/// The agent's script directory on Windows.
pub const WINDOWS_SCRIPT_DIR: &str = r"C:\ProgramData\aliyun\assist\work\script";
/// The script directory on Linux when a Username is given.
pub const LINUX_USER_SCRIPT_DIR: &str = "/tmp";
/// How many parameter-store substitutions are made before giving up (self-references).
pub const MAX_STORE_RESOLUTIONS: usize = 256;

/// The ids a rendering needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderIds {
    /// `{{ACS::CommandId}}`.
    pub command_id: String,
    /// `{{ACS::InvokeId}}`, also the script file name.
    pub invoke_id: String,
}

/// What a substituted span came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanSource {
    /// A custom parameter (server side).
    Custom(String),
    /// A built-in `ACS::` parameter.
    BuiltIn(String),
    /// A parameter-store reference.
    ParameterStore {
        /// The parameter name.
        name: String,
        /// A secret: the span holds [`SECRET_MASK`], not the value.
        secret: bool,
    },
}

/// A substituted part of the final script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubstitutedSpan {
    /// Byte range in [`RenderedInstance::script`].
    pub span: Range<usize>,
    /// Where the text came from.
    pub source: SpanSource,
}

/// Why the agent would refuse the task on this instance (its "invalid task" report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// The agent's parameter name (`InvalidEnvironmentParameter`, `ParameterFailed`).
    pub param: String,
    /// The agent's message.
    pub value: String,
}

/// The rendering for one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedInstance {
    /// The instance.
    pub instance_id: String,
    /// The script text after every substitution (secrets masked).
    pub script: String,
    /// The script file path (`None` in a container: the content runs inline).
    pub path: Option<String>,
    /// The command line the agent starts.
    pub command_line: String,
    /// Notes for the user (agent quirks, per-instance findings, brace warnings).
    pub warnings: Vec<String>,
    /// Substituted spans, sorted by start.
    pub spans: Vec<SubstitutedSpan>,
    /// Set when the agent would refuse the task; the script is then what was rendered so far.
    pub error: Option<RenderError>,
    /// The content holds `oos-secret`, so the agent deletes the script file after the run.
    pub deletes_script_after_run: bool,
}

/// Text with spans that follow edits.
#[derive(Clone, Debug)]
struct Doc {
    text: String,
    spans: Vec<SubstitutedSpan>,
}

impl Doc {
    fn replace(&mut self, range: Range<usize>, new: &str, source: SpanSource) {
        let old_len = range.end - range.start;
        for s in &mut self.spans {
            if s.span.end <= range.start {
                continue;
            }
            if s.span.start >= range.end {
                s.span.start = s.span.start - old_len + new.len();
                s.span.end = s.span.end - old_len + new.len();
            } else {
                // The edit is inside an earlier substitution (a value holding a placeholder).
                s.span.start = s.span.start.min(range.start);
                s.span.end = (s.span.end.max(range.end) - old_len) + new.len();
            }
        }
        self.text.replace_range(range.clone(), new);
        self.spans.push(SubstitutedSpan {
            span: range.start..range.start + new.len(),
            source,
        });
    }

    /// Replaces every range of `edits` (sorted, not overlapping) in one pass, as [`Doc::replace`]
    /// from the last edit to the first would: spans after an edit move, spans around one grow.
    fn replace_all(&mut self, edits: Vec<(Range<usize>, String, SpanSource)>) {
        if edits.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        // For each edit: its old end and the length change of it and every edit before it.
        let mut shifts: Vec<(usize, isize)> = Vec::with_capacity(edits.len());
        let mut copied = 0;
        let mut shift = 0isize;
        let mut added = Vec::with_capacity(edits.len());
        for (range, new, source) in edits {
            text.push_str(&self.text[copied..range.start]);
            let start = text.len();
            text.push_str(&new);
            added.push(SubstitutedSpan {
                span: start..text.len(),
                source,
            });
            shift += new.len() as isize - range.len() as isize;
            shifts.push((range.end, shift));
            copied = range.end;
        }
        text.push_str(&self.text[copied..]);
        let starts: Vec<usize> = added.iter().map(|a| a.span.start).collect();
        let old_starts: Vec<usize> = {
            let mut before = 0isize;
            shifts
                .iter()
                .zip(&added)
                .map(|((_, total), a)| {
                    let old = (a.span.start as isize - before) as usize;
                    before = *total;
                    old
                })
                .collect()
        };
        // The total shift of the edits that end at or before `x`.
        let shift_before = |x: usize| -> isize {
            match shifts.partition_point(|(end, _)| *end <= x) {
                0 => 0,
                k => shifts[k - 1].1,
            }
        };
        // The edit that strictly contains `x`, if any.
        let inside = |x: usize| -> Option<usize> {
            let k = shifts.partition_point(|(end, _)| *end <= x);
            (k < shifts.len() && old_starts[k] < x).then_some(k)
        };
        for s in &mut self.spans {
            let start = match inside(s.span.start) {
                Some(k) => starts[k],
                None => (s.span.start as isize + shift_before(s.span.start)) as usize,
            };
            let end = match inside(s.span.end) {
                Some(k) => added[k].span.end,
                None => (s.span.end as isize + shift_before(s.span.end)) as usize,
            };
            s.span = start..end;
        }
        self.spans.extend(added);
        self.text = text;
    }

    /// Inserts CR before every LF that has none; spans follow.
    fn normalize_crlf(&mut self) {
        let bytes = self.text.as_bytes();
        let mut inserts = Vec::new();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') {
                inserts.push(i);
            }
        }
        if inserts.is_empty() {
            return;
        }
        let mut out = String::with_capacity(self.text.len() + inserts.len());
        let mut last = 0;
        for &p in &inserts {
            out.push_str(&self.text[last..p]);
            out.push('\r');
            last = p;
        }
        out.push_str(&self.text[last..]);
        let map = |x: usize| x + inserts.partition_point(|&p| p < x);
        for s in &mut self.spans {
            s.span = map(s.span.start)..map(s.span.end);
        }
        self.text = out;
    }

    fn prepend(&mut self, prefix: &str) {
        self.text.insert_str(0, prefix);
        for s in &mut self.spans {
            s.span = s.span.start + prefix.len()..s.span.end + prefix.len();
        }
    }
}

/// Stage 1: the server's custom-parameter substitution (shared by every instance), in one pass.
fn render_custom(content: &str, req: &RunCommandRequest) -> Doc {
    if !req.enable_parameter() {
        return Doc {
            text: content.to_string(),
            spans: Vec::new(),
        };
    }
    // The first pair of each key (case-insensitive), as `ParameterMap::get_str` finds it.
    let mut values: HashMap<String, Option<&str>> = HashMap::new();
    for (k, v) in req.parameter_pairs() {
        values.entry(k.to_ascii_lowercase()).or_insert(v.as_str());
    }
    let mut text = String::with_capacity(content.len());
    let mut spans = Vec::new();
    let mut copied = 0;
    let scan = template::scan(content);
    for p in scan
        .placeholders
        .iter()
        .filter(|p| p.kind == PlaceholderKind::Custom)
    {
        text.push_str(&content[copied..p.span.start]);
        let value = values
            .get(&p.name.to_ascii_lowercase())
            .copied()
            .flatten()
            .unwrap_or("");
        spans.push(SubstitutedSpan {
            span: text.len()..text.len() + value.len(),
            source: SpanSource::Custom(p.name.clone()),
        });
        text.push_str(value);
        copied = p.span.end;
    }
    text.push_str(&content[copied..]);
    Doc { text, spans }
}

fn builtin_value(name: &str, inst: &Instance, world: &World, ids: &RenderIds) -> Option<String> {
    match name {
        "RegionId" => Some(inst.region_id.clone()),
        "AccountId" => Some(world.account_id.clone()),
        "InstanceId" => Some(inst.instance_id.clone()),
        "InstanceName" => Some(inst.name.clone()),
        "InvokeId" => Some(ids.invoke_id.clone()),
        "CommandId" => Some(ids.command_id.clone()),
        _ => None,
    }
}

/// Stages 2–3 for one instance; `Err` is the agent's invalid-task report.
/// Renders the agent's placeholders of `doc`, whose scan is `scan`.
fn render_agent(
    doc: &mut Doc,
    scan: &TemplateScan,
    inst: &Instance,
    world: &World,
    ids: &RenderIds,
) -> Result<(), RenderError> {
    // The agent works from the last built-in back and stops at the first it does not know:
    // the ones after it are rendered, the error names it.
    let builtins: Vec<_> = scan
        .placeholders
        .iter()
        .filter(|p| p.kind == PlaceholderKind::BuiltIn)
        .map(|p| (p, builtin_value(&p.name, inst, world, ids)))
        .collect();
    let unknown = builtins.iter().rposition(|(_, v)| v.is_none());
    let known = &builtins[unknown.map_or(0, |u| u + 1)..];
    doc.replace_all(
        known
            .iter()
            .map(|(p, v)| {
                let value = v.clone().unwrap_or_default();
                (p.span.clone(), value, SpanSource::BuiltIn(p.name.clone()))
            })
            .collect(),
    );
    if let Some(u) = unknown {
        return Err(RenderError {
            param: "InvalidEnvironmentParameter".into(),
            value: format!(
                "The environment parameter {} is invalid",
                builtins[u].0.name
            ),
        });
    }
    for _ in 0..MAX_STORE_RESOLUTIONS {
        if !doc.text.contains("{{") {
            // No placeholder can be left (the common case: the scan is skipped).
            return Ok(());
        }
        let scan = template::scan(&doc.text);
        let Some((p, secret)) = scan.placeholders.iter().find_map(|p| match p.kind {
            PlaceholderKind::ParameterStore { secret } => Some((p, secret)),
            _ => None,
        }) else {
            return Ok(());
        };
        let stored = world
            .stored_parameter(&inst.region_id, &p.name)
            .filter(|s| s.secret == secret);
        let Some(stored) = stored else {
            let kind = if secret {
                "secret parameter"
            } else {
                "parameter"
            };
            return Err(RenderError {
                param: "ParameterFailed".into(),
                value: format!(
                    "Get {kind} '{}' failed: it does not exist in the parameter store of {}",
                    p.name, inst.region_id
                ),
            });
        };
        let shown = if secret {
            SECRET_MASK
        } else {
            stored.value.as_str()
        };
        doc.replace(
            p.span.clone(),
            shown,
            SpanSource::ParameterStore {
                name: p.name.clone(),
                secret,
            },
        );
    }
    Err(RenderError {
        param: "ParameterFailed".into(),
        value: format!("parameter-store references still unresolved after {MAX_STORE_RESOLUTIONS} substitutions (a value refers to itself?)"),
    })
}

/// The script file name: `[<Name>-]<InvokeId><ext>`.
pub fn script_file_name(req: &RunCommandRequest, invoke_id: &str, ext: &str) -> String {
    match req.name.as_deref().filter(|n| !n.is_empty()) {
        Some(n) => [n, "-", invoke_id, ext].concat(),
        None => [invoke_id, ext].concat(),
    }
}

/// The extension the agent uses for a type.
pub fn script_extension(t: CommandType) -> &'static str {
    match t {
        CommandType::RunShellScript => ".sh",
        CommandType::RunBatScript => ".bat",
        CommandType::RunPowerShellScript => ".ps1",
    }
}

/// A `{{ACS::ScriptFileName}}` / `{{ACS::ScriptFileName|Ext(".py")}}` token found in a launcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LauncherToken {
    /// Byte span of the token.
    pub span: Range<usize>,
    /// The extension from `Ext("…")`, if any.
    pub ext: Option<String>,
}

/// Finds the script-file token of a launcher.
pub fn find_launcher_token(launcher: &str) -> Option<LauncherToken> {
    let mut from = 0;
    while let Some(off) = launcher[from..].find("{{") {
        let open = from + off;
        let close = launcher[open..].find("}}").map(|c| open + c)?;
        let inner = launcher[open + 2..close].trim();
        if let Some(rest) = inner.strip_prefix("ACS") {
            let rest = rest.trim_start().strip_prefix("::").map(str::trim_start);
            if let Some(rest) = rest.and_then(|r| r.strip_prefix("ScriptFileName")) {
                let rest = rest.trim();
                if rest.is_empty() {
                    return Some(LauncherToken {
                        span: open..close + 2,
                        ext: None,
                    });
                }
                let ext = rest
                    .strip_prefix('|')
                    .map(str::trim)
                    .and_then(|r| r.strip_prefix("Ext("))
                    .and_then(|r| r.strip_suffix(')'))
                    .map(str::trim)
                    .and_then(|r| r.strip_prefix('"'))
                    .and_then(|r| r.strip_suffix('"'));
                if let Some(ext) = ext {
                    return Some(LauncherToken {
                        span: open..close + 2,
                        ext: Some(ext.to_string()),
                    });
                }
            }
        }
        from = close + 2;
    }
    None
}

fn quote_for_display(s: &str) -> String {
    crate::sim::cli_quote::shell_quote(s)
}

/// The content with the custom parameters rendered, and its scan: what every instance's
/// rendering starts from.
struct CustomRendered {
    doc: Doc,
    scan: TemplateScan,
}

impl CustomRendered {
    fn of(v: &ValidatedRequest) -> Self {
        let doc = render_custom(&v.content, &v.request);
        let scan = if v.request.enable_parameter() {
            template::scan(&doc.text)
        } else {
            TemplateScan::default()
        };
        CustomRendered { doc, scan }
    }
}

/// Renders one instance.
pub fn render_instance(
    v: &ValidatedRequest,
    inst: &Instance,
    world: &World,
    ids: &RenderIds,
) -> RenderedInstance {
    render_instance_from(v, &CustomRendered::of(v), inst, world, ids)
}

fn render_instance_from(
    v: &ValidatedRequest,
    custom: &CustomRendered,
    inst: &Instance,
    world: &World,
    ids: &RenderIds,
) -> RenderedInstance {
    let req = &v.request;
    let mut doc = custom.doc.clone();
    let mut warnings = Vec::new();
    let mut error = None;
    if req.enable_parameter() {
        if let Err(e) = render_agent(&mut doc, &custom.scan, inst, world, ids) {
            error = Some(e);
        }
    }
    let deletes = doc.text.contains("oos-secret") || v.content.contains("oos-secret");
    if deletes {
        warnings.push(
            "the content refers to oos-secret: the agent deletes the script file after the run"
                .to_string(),
        );
    }
    let in_container = req.has_container();
    let t = v.command_type;
    if !in_container {
        if t == CommandType::RunBatScript {
            doc.prepend("@echo off\r\n");
        }
        if t.is_windows() {
            doc.normalize_crlf();
        }
    }
    doc.spans.sort_by_key(|s| (s.span.start, s.span.end));

    let (path, command_line) = if in_container {
        if doc.text.starts_with("#!") {
            warnings.push("in a container the content runs inline with /bin/sh -c: the #! line is only a comment".to_string());
        }
        (None, format!("/bin/sh -c {}", quote_for_display(&doc.text)))
    } else {
        let token = req
            .launcher
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .map(|l| (l, find_launcher_token(l)));
        let ext = match &token {
            Some((_, Some(LauncherToken { ext: Some(e), .. }))) => e.clone(),
            _ => script_extension(t).to_string(),
        };
        let file = script_file_name(req, &ids.invoke_id, &ext);
        let user_given = req.username.as_deref().is_some_and(|u| !u.is_empty());
        let path = match inst.os {
            // Joined, not `format!`ted: this runs for every instance of every edit.
            Os::Windows => [WINDOWS_SCRIPT_DIR, "\\", &file].concat(),
            Os::Linux if user_given => [LINUX_USER_SCRIPT_DIR, "/", &file].concat(),
            Os::Linux => [LINUX_SCRIPT_DIR, "/", &file].concat(),
        };
        let line = match token {
            Some((l, Some(tok))) => [&l[..tok.span.start], &path, &l[tok.span.end..]].concat(),
            Some((l, None)) => {
                warnings.push(
                    "Launcher has no {{ACS::ScriptFileName}}: the script path is appended"
                        .to_string(),
                );
                [l.trim_end(), " ", &path].concat()
            }
            None => match t {
                CommandType::RunShellScript => ["sh -c ", &path].concat(),
                CommandType::RunPowerShellScript => ["powershell -file ", &path].concat(),
                CommandType::RunBatScript => path.clone(),
            },
        };
        if t == CommandType::RunShellScript && req.launcher.is_none() {
            if !doc.text.starts_with("#!") {
                warnings.push(
                    "no #! line: the script runs under /bin/sh (dash on Debian/Ubuntu), not bash"
                        .to_string(),
                );
            }
            if req.name.as_deref().is_some_and(|n| {
                n.chars()
                    .any(|c| c.is_whitespace() || "'\"$`\\;&|<>()*?[]{}!#~".contains(c))
            }) {
                warnings.push("the Name is part of the script path, which sh -c does not quote: spaces or shell characters break the run".to_string());
            }
        }
        (Some(path), line)
    };
    if inst.os == Os::Linux && req.username.as_deref() == Some("root") {
        warnings.push("Username=root given explicitly: the agent refuses uid 0 (UsernameOrPasswordInvalid); leave it empty to run as root".to_string());
    }
    for f in v
        .findings
        .iter()
        .filter(|f| f.instance_id == inst.instance_id)
    {
        warnings.push(format!("{}: {}", f.error_code, f.error_info));
    }
    if req.enable_parameter() {
        for w in &v.template.warnings {
            warnings.push(format!(
                "CommandContent bytes {}..{}: {}",
                w.span.start, w.span.end, w.message
            ));
        }
    }
    RenderedInstance {
        instance_id: inst.instance_id.clone(),
        script: doc.text,
        path,
        command_line,
        warnings,
        spans: doc.spans,
        error,
        deletes_script_after_run: deletes,
    }
}

/// Renders a validated request for each of its target instances.
pub fn render_validated(
    v: &ValidatedRequest,
    world: &World,
    ids: &RenderIds,
) -> Vec<RenderedInstance> {
    // The custom parameters do not depend on the instance: rendered and scanned once.
    let custom = CustomRendered::of(v);
    let mut instances = Finder::new(&world.instances);
    v.instance_ids
        .iter()
        .filter_map(|id| instances.find(|i| &i.instance_id == id))
        .map(|inst| render_instance_from(v, &custom, inst, world, ids))
        .collect()
}

/// Validates `req` (fresh quotas) and renders it: the per-instance scripts or the API error.
pub fn render_request(
    req: &RunCommandRequest,
    world: &World,
    ids: &RenderIds,
) -> Result<Vec<RenderedInstance>, ApiError> {
    let v = validate::validate(req, world, &Usage::default())?;
    Ok(render_validated(&v, world, ids))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn custom(name: &str) -> SpanSource {
        SpanSource::Custom(name.to_string())
    }

    /// A text, spans in it (as a custom rendering leaves them) and edits (sorted, apart).
    fn doc_and_edits() -> impl Strategy<Value = (Doc, Vec<(Range<usize>, String, SpanSource)>)> {
        (
            "[a-c]{0,40}",
            proptest::collection::vec((0usize..41, 0usize..6), 0..6),
        )
            .prop_flat_map(|(text, spans)| {
                let len = text.len();
                let spans: Vec<SubstitutedSpan> = spans
                    .into_iter()
                    .map(|(a, l)| SubstitutedSpan {
                        span: a.min(len)..(a + l).min(len),
                        source: custom("c"),
                    })
                    .collect();
                let cuts = proptest::collection::btree_set(0..=len, 0..8);
                (Just(Doc { text, spans }), cuts, "[x-z]{0,5}")
            })
            .prop_map(|(doc, cuts, new)| {
                let cuts: Vec<usize> = cuts.into_iter().collect();
                let edits = cuts
                    .chunks(2)
                    .filter(|pair| pair.len() == 2)
                    .map(|pair| {
                        (
                            pair[0]..pair[1],
                            new.clone(),
                            SpanSource::BuiltIn("b".into()),
                        )
                    })
                    .collect();
                (doc, edits)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 512,
            rng_seed: proptest::test_runner::RngSeed::Fixed(7),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn replacing_all_at_once_equals_replacing_from_the_back((doc, edits) in doc_and_edits()) {
            let mut one_pass = doc.clone();
            one_pass.replace_all(edits.clone());
            let mut each = doc;
            for (range, new, source) in edits.into_iter().rev() {
                each.replace(range, &new, source);
            }
            prop_assert_eq!(&one_pass.text, &each.text);
            let sorted = |d: &Doc| {
                let mut spans: Vec<_> = d.spans.iter().map(|s| (s.span.clone(), format!("{:?}", s.source))).collect();
                spans.sort_by_key(|(r, s)| (r.start, r.end, s.clone()));
                spans
            };
            prop_assert_eq!(sorted(&one_pass), sorted(&each));
        }
    }
}
