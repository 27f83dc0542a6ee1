//! What the page says about a schedule, in one voice: whether the agent fires it as written,
//! and why not, in sentences (the headline, the API banner and the Frequency field agree).

use serde_json::Value;

use super::evaluation::text;

/// Why the agent never fires the schedule of an `api::schedule` answer, as a sentence; `None`
/// when it fires (or when the schedule is not periodic or refused by the API).
pub(crate) fn never_fires(schedule: &Value) -> Option<String> {
    if schedule["ok"].as_bool() != Some(true) || schedule["periodic"].as_bool() != Some(true) {
        return None;
    }
    if !schedule["agentError"].is_null() {
        return Some(sentence(&text(&schedule["agentError"]["message"])));
    }
    let warned = schedule["warnings"].as_array().and_then(|ws| {
        ws.iter()
            .find(|w| w["code"] == "agent_never_fires" || w["code"] == "dow_range_to_sunday")
    });
    let empty = schedule["next"].as_array().is_none_or(Vec::is_empty);
    match (empty, warned) {
        (true, Some(w)) => Some(sentence(&text(&w["message"]))),
        (true, None) => Some("It computes no run after now.".to_string()),
        (false, _) => None,
    }
}

/// `text` with a capital first letter and a final full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        // The simulator's messages are English: an ASCII capital, without the Unicode case
        // tables `char::to_uppercase` brings into the wasm.
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Why a list of fires ends, from its wire name (`negative_wait` …), as a sentence.
pub(crate) fn end_sentence(end: &str) -> &'static str {
    match end {
        "no_next_run" => "The schedule ends after these fires: its expression has no later time.",
        "at_done" => "It runs once; the task is then done.",
        "negative_wait" => {
            "The schedule stops for good after the last fire listed: at a daylight-saving \
             change the next time falls before the one just run, and the agent's timer exits."
        }
        "panic" => "The agent would crash computing the next time; nothing more runs.",
        _ => "The schedule ends after these fires.",
    }
}
