//! Small pieces of markup shared by the panels: the API error line and span highlighting.
//! Everything user-provided is inserted as text, never as HTML.

use serde_json::Value;
use yew::prelude::*;

use super::evaluation::text;
use std::fmt::Write as _;

/// `value` with one decimal (`12.3`), for SVG coordinates. Written with integer arithmetic: the
/// float formatter would add ~10 KB of code and tables to the wasm.
pub fn tenths(value: f64) -> String {
    let mut out = String::new();
    push_tenths(&mut out, value);
    out
}

/// Appends [`tenths`]`(value)` to `out` (no allocation of its own: a timeline path holds
/// thousands of numbers).
pub fn push_tenths(out: &mut String, value: f64) {
    // `as` saturates, and NaN becomes 0.
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let _ = write!(out, "{}.", tenths / 10);
    out.push(char::from(b'0' + (tenths % 10) as u8));
}

/// `value` rounded to a whole number (`12`), without the float formatter.
pub fn whole(value: f64) -> String {
    (value.round() as i64).to_string()
}

/// `HTTP 404 InvalidCmdType.NotFound — The specified command type does not exist.`, after a
/// prefix such as "Nothing runs: ".
pub(crate) fn api_error_line(prefix: &str, error: &Value) -> Html {
    let detail = text(&error["detail"]);
    html! {
        <p class="error-line">
            { format!("{prefix}HTTP {} ", text(&error["HttpStatus"])) }
            <code>{ text(&error["Code"]) }</code>
            { " — " }{ code_text(&text(&error["Message"])) }
            if !detail.is_empty() { <span class="detail">{ " (" }{ code_text(&detail) }{ ")" }</span> }
        </p>
    }
}

/// `content` with each `{"start", "end"}` byte span of `spans` wrapped in a `<mark>` whose class
/// and title `label` gives; spans that are out of order or off a character boundary are skipped.
pub(crate) fn highlight(
    content: &str,
    spans: &[Value],
    label: impl Fn(&Value) -> (Classes, String),
) -> Html {
    let mut parts = Vec::new();
    let mut at = 0usize;
    for span in spans {
        let (Some(start), Some(end)) = (span["start"].as_u64(), span["end"].as_u64()) else {
            continue;
        };
        let (start, end) = (start as usize, end as usize);
        let (Some(before), Some(inside)) = (content.get(at..start), content.get(start..end)) else {
            continue;
        };
        let (class, title) = label(span);
        parts.push(html! { { before.to_string() } });
        parts.push(html! { <mark {class} {title}>{ inside.to_string() }</mark> });
        at = end;
    }
    parts.push(html! { { content.get(at..).unwrap_or_default().to_string() } });
    html! { <>{ for parts }</> }
}

/// A message whose `backticked` parts are shown as code (the API's hints quote expressions
/// that way): text between backticks becomes `<code>`, the backticks themselves are dropped.
pub(crate) fn code_text(message: &str) -> Html {
    html! {
        { for message.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{ part.to_string() }</code> }
        } else {
            html! { { part.to_string() } }
        }) }
    }
}
