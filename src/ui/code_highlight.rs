//! Light syntax highlighting for the exports: strings, keys (JSON keys, CLI flags, query
//! names) and literals, in one linear pass. Everything is inserted as text.

use yew::prelude::*;

/// The kind of a piece of code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Plain,
    Key,
    Str,
    Lit,
}

impl Tok {
    fn class(self) -> &'static str {
        match self {
            Tok::Plain => "",
            Tok::Key => "tok-key",
            Tok::Str => "tok-str",
            Tok::Lit => "tok-lit",
        }
    }
}

/// Above this size the text is shown plain (the highlighting would add many nodes).
const MAX_HIGHLIGHTED: usize = 20_000;

/// The end (byte offset) of the quoted string opening at `start`, past its closing quote.
fn string_end(text: &str, start: usize, quote: u8, escapes: bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if escapes => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `text` cut into pieces of one kind each, for `format` (`json`, `cli`, `query` or an SDK).
fn pieces<'a>(format: &str, text: &'a str) -> Vec<(Tok, &'a str)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(Tok, &'a str)> = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    let push = |out: &mut Vec<(Tok, &'a str)>,
                plain_from: &mut usize,
                from: usize,
                to: usize,
                tok: Tok| {
        if *plain_from < from {
            out.push((Tok::Plain, &text[*plain_from..from]));
        }
        out.push((tok, &text[from..to]));
        *plain_from = to;
    };
    while i < bytes.len() {
        let b = bytes[i];
        let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        match format {
            "query" => {
                let end = text[i..].find('&').map_or(bytes.len(), |e| i + e);
                let eq = text[i..end].find('=').map_or(end, |e| i + e);
                push(&mut out, &mut plain_from, i, eq, Tok::Key);
                if eq < end {
                    push(&mut out, &mut plain_from, eq + 1, end, Tok::Str);
                }
                i = end + 1;
            }
            _ if b == b'"'
                || (b == b'\'' && format != "json" && format != "go" && format != "java") =>
            {
                let end = string_end(text, i, b, format != "cli");
                let after = text[end..].trim_start();
                let tok = if format == "json" && after.starts_with(':') {
                    Tok::Key
                } else {
                    Tok::Str
                };
                push(&mut out, &mut plain_from, i, end, tok);
                i = end;
            }
            "cli" if b == b'-' && text[i..].starts_with("--") && at_word_start => {
                let end = text[i..].find(' ').map_or(bytes.len(), |e| i + e);
                push(&mut out, &mut plain_from, i, end, Tok::Key);
                i = end;
            }
            "json" if at_word_start && (b.is_ascii_digit() || b == b'-' || b"tfn".contains(&b)) => {
                let end = text[i..]
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+')
                    })
                    .map_or(bytes.len(), |e| i + e);
                let word = &text[i..end];
                // JSON's number syntax, by serde_json's parser (f64's would add its own to the
                // wasm).
                if matches!(word, "true" | "false" | "null")
                    || word.parse::<serde_json::Number>().is_ok()
                {
                    push(&mut out, &mut plain_from, i, end, Tok::Lit);
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    if plain_from < bytes.len() {
        out.push((Tok::Plain, &text[plain_from..]));
    }
    out
}

/// `text` as highlighted code for `format`.
pub(crate) fn highlighted(format: &str, text: &str) -> Html {
    if text.len() > MAX_HIGHLIGHTED {
        return html! { { text.to_string() } };
    }
    html! {
        { for pieces(format, text).into_iter().map(|(tok, piece)| match tok {
            Tok::Plain => html! { { piece.to_string() } },
            _ => html! { <span class={tok.class()}>{ piece.to_string() }</span> },
        }) }
    }
}
