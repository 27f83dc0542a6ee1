//! The `{{ … }}` placeholder scanner shared by validation and rendering.
//!
//! Rules (runcommand-api.txt `CommandContent`; agent-behaviour.md §2):
//! * a placeholder is `{{`, the inner text, `}}`; the innermost `{{` before a `}}` opens it, so
//!   `{{{x}}}` holds the placeholder `{{x}}`; spaces and line breaks around the name are ignored;
//! * `ACS::Name` (upper-case `ACS`, spaces allowed around `::`) is a built-in environment
//!   parameter; names of letters, digits, `_`, `-`, `.`;
//! * `oos:name` / `oos-secret:name` (lower-case, spaces allowed around `:`, no `/` in the name) is
//!   a parameter-store reference;
//! * anything else is a custom parameter: letters, digits, `_`, `-`, case-insensitive, ≤ 64
//!   bytes, not starting with `acs::` (reserved); other names are invalid;
//! * an empty `{{}}` or an unclosed `{{` is not a parameter and gives a warning.

use std::collections::HashSet;
use std::ops::Range;

/// The longest custom parameter name, in bytes.
pub const MAX_NAME_BYTES: usize = 64;
/// The most distinct custom parameter names in one content.
pub const MAX_CUSTOM_NAMES: usize = 20;

/// What a placeholder refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// A custom parameter `{{name}}` with a valid name.
    Custom,
    /// A built-in `{{ACS::Name}}` (known or not: unknown names fail on the agent).
    BuiltIn,
    /// A parameter-store reference `{{oos:name}}` (`secret` for `oos-secret:`).
    ParameterStore {
        /// `oos-secret:` rather than `oos:`.
        secret: bool,
    },
    /// A name that is not a valid custom parameter name (`CmdParam.InvalidParamName`), with why.
    InvalidName(String),
}

/// One `{{ … }}` found in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte span of the whole `{{ … }}`.
    pub span: Range<usize>,
    /// The name: the trimmed inner text for custom/invalid ones, the part after `::`/`:` for
    /// built-ins and store references.
    pub name: String,
    /// What it refers to.
    pub kind: PlaceholderKind,
}

/// A problem with braces that are not a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateWarning {
    /// Byte span of the offending text.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// The result of scanning a content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateScan {
    /// Every placeholder, in order.
    pub placeholders: Vec<Placeholder>,
    /// Malformed braces.
    pub warnings: Vec<TemplateWarning>,
}

impl TemplateScan {
    /// The distinct custom parameter names (case-insensitive, first spelling kept), in order.
    pub fn custom_names(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.placeholders
            .iter()
            .filter(|p| p.kind == PlaceholderKind::Custom)
            .map(|p| p.name.as_str())
            .filter(|name| seen.insert(name.to_ascii_lowercase()))
            .collect()
    }

    /// The distinct custom parameter names in lower case, to look keys up in (compare with
    /// `key.to_ascii_lowercase()`).
    pub fn custom_name_set(&self) -> HashSet<String> {
        self.placeholders
            .iter()
            .filter(|p| p.kind == PlaceholderKind::Custom)
            .map(|p| p.name.to_ascii_lowercase())
            .collect()
    }

    /// Whether a custom parameter `name` is defined (case-insensitive).
    pub fn defines(&self, name: &str) -> bool {
        self.placeholders
            .iter()
            .any(|p| p.kind == PlaceholderKind::Custom && p.name.eq_ignore_ascii_case(name))
    }

    /// The built-in names used (as written), in order, without repeats.
    pub fn builtin_names(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.placeholders
            .iter()
            .filter(|p| p.kind == PlaceholderKind::BuiltIn)
            .map(|p| p.name.as_str())
            .filter(|name| seen.insert(*name))
            .collect()
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_ref_name_char(c: char) -> bool {
    is_name_char(c) || c == '.'
}

/// Recognises `ACS :: Name` (upper-case ACS only); returns the name.
fn parse_builtin(inner: &str) -> Option<&str> {
    let rest = inner.strip_prefix("ACS")?;
    let rest = rest.trim_start().strip_prefix("::")?.trim_start();
    (!rest.is_empty() && rest.chars().all(is_ref_name_char)).then_some(rest)
}

/// Recognises `oos : name` / `oos-secret : name` (lower-case); returns (secret, name).
fn parse_store_ref(inner: &str) -> Option<(bool, &str)> {
    let (secret, rest) = if let Some(r) = inner.strip_prefix("oos-secret") {
        (true, r)
    } else {
        (false, inner.strip_prefix("oos")?)
    };
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    (!rest.is_empty() && rest.chars().all(is_ref_name_char)).then_some((secret, rest))
}

fn classify_custom(name: &str) -> PlaceholderKind {
    if name.len() >= 5 && name.is_char_boundary(5) && name[..5].eq_ignore_ascii_case("acs::") {
        return PlaceholderKind::InvalidName(format!(
            "`{name}` starts with the reserved prefix acs::"
        ));
    }
    if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
        return PlaceholderKind::InvalidName(format!(
            "`{name}` contains `{bad}`; names are letters, digits, `_` and `-`"
        ));
    }
    PlaceholderKind::Custom
}

/// Scans `content` for placeholders.
pub fn scan(content: &str) -> TemplateScan {
    let mut out = TemplateScan::default();
    let bytes = content.as_bytes();
    let mut i = 0;
    while let Some(off) = content[i..].find("{{") {
        let mut open = i + off;
        // Skip extra braces: `{{{x}}}` opens at the last `{{` of the run.
        while bytes.get(open + 2) == Some(&b'{') {
            open += 1;
        }
        let inner_start = open + 2;
        let Some(close_off) = content[inner_start..].find("}}") else {
            out.warnings.push(TemplateWarning {
                span: open..content.len(),
                message: "`{{` is never closed by `}}`; it is not a parameter".to_string(),
            });
            break;
        };
        let close = inner_start + close_off;
        let inner = &content[inner_start..close];
        // A later `{{` inside means this one is not the innermost opener.
        if let Some(inner_open) = inner.rfind("{{") {
            out.warnings.push(TemplateWarning {
                span: open..inner_start + inner_open,
                message: "`{{` is not closed before the next `{{`; it is not a parameter"
                    .to_string(),
            });
            i = inner_start + inner_open;
            continue;
        }
        let span = open..close + 2;
        let trimmed = inner.trim();
        if trimmed.is_empty() {
            out.warnings.push(TemplateWarning {
                span: span.clone(),
                message: "empty `{{}}` is not a parameter".to_string(),
            });
        } else if let Some(name) = parse_builtin(trimmed) {
            out.placeholders.push(Placeholder {
                span: span.clone(),
                name: name.to_string(),
                kind: PlaceholderKind::BuiltIn,
            });
        } else if let Some((secret, name)) = parse_store_ref(trimmed) {
            out.placeholders.push(Placeholder {
                span: span.clone(),
                name: name.to_string(),
                kind: PlaceholderKind::ParameterStore { secret },
            });
        } else {
            out.placeholders.push(Placeholder {
                span: span.clone(),
                name: trimmed.to_string(),
                kind: classify_custom(trimmed),
            });
        }
        i = span.end;
    }
    out
}
