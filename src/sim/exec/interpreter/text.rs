//! Small text helpers shared by the interpreters.

/// How a command joins the one before it in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Joiner {
    /// `;`, `&` or a new line: always run.
    Always,
    /// `&&`: run when the previous status is 0.
    IfSuccess,
    /// `||`: run when the previous status is not 0.
    IfFailure,
}

/// One element of a command list: a pipeline of stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListItem {
    /// How it joins the previous item.
    pub joiner: Joiner,
    /// The pipeline stages (`a | b` → two stages).
    pub stages: Vec<String>,
    /// Followed by a single `&` (shell: runs in the background).
    pub background: bool,
}

/// Splits a line into list items at `;`, `&&`, `||`, `|` and `&` outside quotes, stopping at an
/// unquoted `#` that starts a word when `hash_comments` is set. `quote_chars` are the quote
/// characters that protect separators; `backslash_escapes` makes `\` escape the next character.
///
/// Every separator is ASCII, so the line is scanned by bytes (a UTF-8 sequence never holds an
/// ASCII byte) and each stage is copied once, as the slice between two separators.
pub(crate) fn split_list(
    line: &str,
    hash_comments: bool,
    semicolon_separates: bool,
    backslash_escapes: bool,
) -> Vec<ListItem> {
    let bytes = line.as_bytes();
    let mut items = Vec::new();
    let mut stages: Vec<String> = Vec::new();
    let mut joiner = Joiner::Always;
    let mut quote: Option<u8> = None;
    // The current stage is `line[start..at]`.
    let mut start = 0;
    let mut at = 0;
    let finish = |stages: &mut Vec<String>,
                  current: &str,
                  joiner: Joiner,
                  background: bool,
                  items: &mut Vec<ListItem>| {
        stages.push(current.to_string());
        let all = std::mem::take(stages);
        if all.iter().any(|s| !s.trim().is_empty()) {
            items.push(ListItem {
                joiner,
                stages: all,
                background,
            });
        }
    };
    while at < bytes.len() {
        let c = bytes[at];
        let next = bytes.get(at + 1).copied();
        if let Some(q) = quote {
            if backslash_escapes && c == b'\\' && q == b'"' && next.is_some() {
                at += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            at += 1;
            continue;
        }
        match c {
            b'\\' if backslash_escapes => at += if next.is_some() { 2 } else { 1 },
            b'\'' | b'"' => {
                quote = Some(c);
                at += 1;
            }
            b'#' if hash_comments
                && line[start..at]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace) =>
            {
                break;
            }
            b';' if semicolon_separates => {
                finish(&mut stages, &line[start..at], joiner, false, &mut items);
                joiner = Joiner::Always;
                at += 1;
                start = at;
            }
            b'&' if next == Some(b'&') => {
                finish(&mut stages, &line[start..at], joiner, false, &mut items);
                joiner = Joiner::IfSuccess;
                at += 2;
                start = at;
            }
            b'|' if next == Some(b'|') => {
                finish(&mut stages, &line[start..at], joiner, false, &mut items);
                joiner = Joiner::IfFailure;
                at += 2;
                start = at;
            }
            b'|' => {
                stages.push(line[start..at].to_string());
                at += 1;
                start = at;
            }
            b'&' if line[start..at].ends_with('>') || next == Some(b'>') => at += 1,
            b'&' => {
                finish(&mut stages, &line[start..at], joiner, true, &mut items);
                joiner = Joiner::Always;
                at += 1;
                start = at;
            }
            _ => at += 1,
        }
    }
    finish(&mut stages, &line[start..at], joiner, false, &mut items);
    items
}

/// Formats a list of names for a note: `a`, `b`.
pub(crate) fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    /// The former char-by-char splitter: the reference the byte scanner must match.
    fn split_list_by_chars(
        line: &str,
        hash_comments: bool,
        semicolon_separates: bool,
        backslash_escapes: bool,
    ) -> Vec<ListItem> {
        let mut chars = line.chars().peekable();
        let mut items = Vec::new();
        let mut current = String::new();
        let mut stages: Vec<String> = Vec::new();
        let mut joiner = Joiner::Always;
        let mut quote: Option<char> = None;
        let finish = |stages: &mut Vec<String>,
                      current: &mut String,
                      joiner: Joiner,
                      background: bool,
                      items: &mut Vec<ListItem>| {
            stages.push(std::mem::take(current));
            let all = std::mem::take(stages);
            if all.iter().any(|s| !s.trim().is_empty()) {
                items.push(ListItem {
                    joiner,
                    stages: all,
                    background,
                });
            }
        };
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            if let Some(q) = quote {
                current.push(c);
                if backslash_escapes && c == '\\' && q == '"' {
                    if let Some(n) = next {
                        current.push(n);
                        chars.next();
                    }
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '\\' if backslash_escapes => {
                    current.push(c);
                    if let Some(n) = next {
                        current.push(n);
                        chars.next();
                    }
                }
                '\'' | '"' => {
                    quote = Some(c);
                    current.push(c);
                }
                '#' if hash_comments
                    && current.chars().last().is_none_or(|p| p.is_whitespace()) =>
                {
                    break;
                }
                ';' if semicolon_separates => {
                    finish(&mut stages, &mut current, joiner, false, &mut items);
                    joiner = Joiner::Always;
                }
                '&' if next == Some('&') => {
                    finish(&mut stages, &mut current, joiner, false, &mut items);
                    joiner = Joiner::IfSuccess;
                    chars.next();
                }
                '|' if next == Some('|') => {
                    finish(&mut stages, &mut current, joiner, false, &mut items);
                    joiner = Joiner::IfFailure;
                    chars.next();
                }
                '|' => stages.push(std::mem::take(&mut current)),
                '&' if current.ends_with('>') || next == Some('>') => current.push(c),
                '&' => {
                    finish(&mut stages, &mut current, joiner, true, &mut items);
                    joiner = Joiner::Always;
                }
                _ => current.push(c),
            }
        }
        finish(&mut stages, &mut current, joiner, false, &mut items);
        items
    }

    proptest::proptest! {
        /// The byte scanner splits every line as the char-by-char one did, separators, quotes,
        /// escapes, comments and multi-byte text (an ideographic space counts as whitespace).
        #[test]
        fn byte_scanner_matches_the_char_scanner(
            line in "[a;&|#'\"\\\\ >é\u{3000}]{0,24}",
            hash in proptest::bool::ANY,
            semicolon in proptest::bool::ANY,
            backslash in proptest::bool::ANY,
        ) {
            proptest::prop_assert_eq!(
                split_list(&line, hash, semicolon, backslash),
                split_list_by_chars(&line, hash, semicolon, backslash)
            );
        }
    }

    use super::*;

    #[test]
    fn splits_lists_outside_quotes() {
        let items = split_list(
            "echo 'a;b' && false || echo \"c|d\"; sleep 1 & echo x # hi",
            true,
            true,
            true,
        );
        let joiners: Vec<_> = items.iter().map(|i| i.joiner).collect();
        assert_eq!(
            joiners,
            vec![
                Joiner::Always,
                Joiner::IfSuccess,
                Joiner::IfFailure,
                Joiner::Always,
                Joiner::Always
            ]
        );
        assert_eq!(items[0].stages, vec!["echo 'a;b' "]);
        assert!(items[3].background);
        assert_eq!(items[4].stages, vec![" echo x "]);
    }

    #[test]
    fn redirection_ampersands_do_not_split() {
        let items = split_list("echo x >&2 2>&1", true, true, true);
        assert_eq!(items.len(), 1);
    }
}
