//! The file-level import graph of the crate: which source file names items of which other
//! file (`use crate::…`, `super::…`, `self::…`, a child module's name, or a name imported by a
//! `use`), and the cycles in it.
//!
//! Files map to modules as rustc maps them (`src/a/b.rs` and `src/a/b/mod.rs` are `crate::a::b`;
//! `src/lib.rs` is `crate`); a path names the file of its longest module prefix. Comments and
//! literals are skipped, inline modules (`mod tests { … }`) shift what `super` means, and a
//! `use` of a module itself is no edge until a path goes through it. A module naming its own
//! submodules (to declare and re-export them) is the module tree, not an import: only a
//! submodule's use of its parent counts, so a parent and its child never form a cycle alone.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

/// The tokens of Rust source that matter for paths; comments, strings and chars are dropped.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let ident_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
        } else if c == '\'' {
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1; // a lifetime
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && ident_char(chars[i]) {
                i += 1;
            }
            out.push(Token::Other);
        } else if ident_char(c) {
            let start = i;
            while i < chars.len() && ident_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let raw_prefix = word == "r" || word == "br";
            if raw_prefix && (at(i) == '#' || at(i) == '"') {
                let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
                if at(i + hashes) == '"' {
                    i = skip_raw_string(&chars, i + hashes + 1, hashes);
                    continue;
                }
                i += hashes; // a raw identifier: `r#type`
                continue;
            }
            if word == "b" && (at(i) == '"' || at(i) == '\'') {
                continue; // the literal that follows is skipped as any other
            }
            out.push(Token::Ident(word));
        } else {
            out.push(match c {
                ':' if at(i + 1) == ':' => {
                    i += 1;
                    Token::PathSep
                }
                '{' => Token::Open,
                '}' => Token::Close,
                ',' => Token::Comma,
                ';' => Token::Semi,
                '*' => Token::Star,
                _ => Token::Other,
            });
            i += 1;
        }
    }
    out
}

/// The index after a string literal whose body starts at `i`.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The index after a raw string literal with `hashes` hashes whose body starts at `i`.
fn skip_raw_string(chars: &[char], mut i: usize, hashes: usize) -> usize {
    while i < chars.len() {
        if chars[i] == '"' && chars[i + 1..].iter().take_while(|&&c| c == '#').count() >= hashes {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// One path a file names: its segments as written, and the module it is written in.
struct Reference {
    path: Vec<String>,
    module: Vec<String>,
}

/// What one file names: the paths of its `use` items (with the name each brings into scope,
/// `None` for a glob) and the other paths of its code.
#[derive(Default)]
struct Named {
    uses: Vec<(Reference, Option<String>)>,
    paths: Vec<Reference>,
}

fn ident(tokens: &[Token], i: usize) -> Option<&str> {
    match tokens.get(i) {
        Some(Token::Ident(s)) => Some(s),
        _ => None,
    }
}

/// The paths named in a file whose module is `module`.
fn named(source: &str, module: &[String]) -> Named {
    let tokens = tokens(source);
    let mut named = Named::default();
    // Inline modules, each with the brace depth inside it.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        let here = || {
            let mut m = module.to_vec();
            m.extend(inline.iter().map(|(name, _)| name.clone()));
            m
        };
        match &tokens[i] {
            Token::Open => depth += 1,
            Token::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(name), Some(Token::Open)) = (ident(&tokens, i + 1), tokens.get(i + 2))
                {
                    inline.push((name.to_string(), depth + 1));
                    i += 2;
                    continue;
                }
            }
            Token::Ident(word) if word == "use" => {
                let m = here();
                let mut trees = Vec::new();
                i = use_tree(&tokens, i + 1, Vec::new(), &mut trees);
                for (path, alias) in trees {
                    let reference = Reference {
                        path,
                        module: m.clone(),
                    };
                    named.uses.push((reference, alias));
                }
                continue;
            }
            Token::Ident(first) if i == 0 || tokens[i - 1] != Token::PathSep => {
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while tokens.get(j) == Some(&Token::PathSep) {
                    match ident(&tokens, j + 1) {
                        Some(next) => path.push(next.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                if path.len() > 1 {
                    named.paths.push(Reference {
                        path,
                        module: here(),
                    });
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    named
}

/// Reads a use tree from `i` under `prefix` into `out` (path, name it binds); answers the index
/// of the token that ends it (`,`, `}` or `;`), or after the `;` of the whole item.
fn use_tree(
    tokens: &[Token],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) -> usize {
    let top = prefix.is_empty();
    loop {
        match tokens.get(i) {
            Some(Token::Ident(word)) if word == "as" => {
                let alias = ident(tokens, i + 1).map(str::to_string);
                out.push((prefix.clone(), alias));
                i += 2;
                break;
            }
            Some(Token::Ident(word)) => {
                if word != "self" || prefix.is_empty() {
                    prefix.push(word.clone());
                }
                i += 1;
                if tokens.get(i) == Some(&Token::PathSep) {
                    i += 1;
                } else if ident(tokens, i) != Some("as") {
                    out.push((prefix.clone(), prefix.last().cloned()));
                    break;
                }
            }
            Some(Token::Star) => {
                out.push((prefix.clone(), None));
                i += 1;
                break;
            }
            Some(Token::Open) => {
                i += 1;
                while i < tokens.len() && tokens[i] != Token::Close {
                    let end = use_tree(tokens, i, prefix.clone(), out);
                    // A token no tree starts with is skipped, so the loop always advances.
                    i = if end == i || tokens.get(end) == Some(&Token::Comma) {
                        end + 1
                    } else {
                        end
                    };
                }
                i += 1;
                break;
            }
            _ => break,
        }
    }
    if top {
        while i < tokens.len() && tokens[i] != Token::Semi {
            i += 1;
        }
        i + 1
    } else {
        i
    }
}

/// The module path of a source file (`src/a/b.rs` → `["a", "b"]`), or `None` for a file of
/// another crate (`src/main.rs`, `src/bin/…`).
fn module_of(file: &str) -> Option<Vec<String>> {
    let rel = file.strip_prefix("src/")?.strip_suffix(".rs")?;
    if rel == "main" || rel.starts_with("bin/") {
        return None;
    }
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    Some(parts)
}

/// The absolute module path a reference names, if it names one in this crate.
fn absolute(
    reference: &Reference,
    modules: &BTreeMap<Vec<String>, String>,
    aliases: &BTreeMap<String, Vec<String>>,
) -> Option<Vec<String>> {
    let (first, rest) = reference.path.split_first()?;
    let mut base = reference.module.clone();
    match first.as_str() {
        "crate" => base.clear(),
        "self" => {}
        "super" => {
            base.pop()?;
            let supers = rest.iter().take_while(|s| *s == "super").count();
            for _ in 0..supers {
                base.pop()?;
            }
            base.extend(rest[supers..].iter().cloned());
            return Some(base);
        }
        _ => {
            base.push(first.clone());
            if !modules.contains_key(&base) {
                base = aliases.get(first)?.clone();
            }
        }
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The names each file's `use` items bring into its module (name → absolute path): what a
/// path through that module reaches (a re-export, or a name its submodules see).
type Imported = BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>;

/// The file that defines what `path` names: the file of its longest module prefix, or, when
/// the next segment is a name that module imports, the file that defines that name.
fn file_of<'a>(
    path: &[String],
    modules: &'a BTreeMap<Vec<String>, String>,
    imported: &Imported,
) -> Option<&'a String> {
    let mut path = path.to_vec();
    // A few steps: re-exports chain rarely, and a cyclic chain must not loop.
    for _ in 0..8 {
        let n = (0..=path.len())
            .rev()
            .find(|n| modules.contains_key(&path[..*n]))?;
        let next = path
            .get(n)
            .and_then(|name| imported.get(&path[..n])?.get(name));
        match next {
            // A module is never a value: `crate::api::validate` through `use sim::validate;`
            // is the function `api::validate`, unless the path goes on into the module.
            Some(target) if !(modules.contains_key(target) && path.len() == n + 1) => {
                let mut resolved = target.clone();
                resolved.extend(path[n + 1..].iter().cloned());
                path = resolved;
            }
            _ => return modules.get(&path[..n]),
        }
    }
    None
}

/// The file-level graph: each file (by path) and the files it names.
pub fn graph(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeMap<Vec<String>, String> = files
        .keys()
        .filter_map(|f| Some((module_of(f)?, f.clone())))
        .collect();
    let mut read = BTreeMap::new();
    let mut imported: Imported = BTreeMap::new();
    for (module, file) in &modules {
        let named = named(&files[file], module);
        let mut aliases = BTreeMap::new();
        for (reference, alias) in &named.uses {
            if let (Some(alias), Some(path)) = (alias, absolute(reference, &modules, &aliases)) {
                aliases.entry(alias.clone()).or_insert(path);
            }
        }
        let top_level = named
            .uses
            .iter()
            .filter(|(reference, _)| reference.module == *module)
            .filter_map(|(_, alias)| Some((alias.clone()?, aliases.get(alias.as_ref()?)?.clone())))
            .collect();
        imported.insert(module.clone(), top_level);
        read.insert(module.clone(), (named, aliases));
    }
    let mut graph = BTreeMap::new();
    for (module, (named, aliases)) in &read {
        let mut targets = BTreeSet::new();
        for (reference, alias) in &named.uses {
            let Some(path) = absolute(reference, &modules, aliases) else {
                continue;
            };
            // `use a::b;` of a module binds a name; the paths through it are the edges.
            if alias.is_some() && modules.contains_key(&path) {
                continue;
            }
            targets.extend(file_of(&path, &modules, &imported).cloned());
        }
        for reference in &named.paths {
            if let Some(path) = absolute(reference, &modules, aliases) {
                targets.extend(file_of(&path, &modules, &imported).cloned());
            }
        }
        // A module names its own submodules to declare and re-export them: the tree, not an
        // import.
        targets.retain(|target| {
            let of = module_of(target).unwrap_or_default();
            !of.starts_with(module)
        });
        graph.insert(modules[module].clone(), targets);
    }
    graph
}

/// Every cycle of the graph, one per strongly connected component of more than one file, as
/// the files of a shortest cycle through its first file (the first file repeated at the end).
pub fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut placed = BTreeSet::new();
    for start in graph.keys() {
        if placed.contains(start) {
            continue;
        }
        let forward = reachable(graph, start);
        if forward.contains(start) {
            let component = forward
                .iter()
                .filter(|f| reachable(graph, f).contains(start));
            placed.extend(component.cloned());
            found.push(shortest_cycle(graph, start));
        }
    }
    found
}

fn reachable(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(file) = stack.pop() {
        for next in graph.get(&file).into_iter().flatten() {
            if seen.insert(next.clone()) {
                stack.push(next.clone());
            }
        }
    }
    seen
}

/// A shortest cycle through `start` (breadth first), `start` first and last.
fn shortest_cycle(graph: &BTreeMap<String, BTreeSet<String>>, start: &String) -> Vec<String> {
    let mut came_from: BTreeMap<&String, &String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(file) = queue.pop_front() {
        for next in graph.get(file).into_iter().flatten() {
            if next == start {
                let mut cycle = vec![start.clone(), file.clone()];
                let mut at = file;
                while let Some(prev) = came_from.get(at) {
                    cycle.push((*prev).clone());
                    at = prev;
                }
                cycle.reverse();
                return cycle;
            }
            if !came_from.contains_key(next) {
                came_from.insert(next, file);
                queue.push_back(next);
            }
        }
    }
    Vec::new()
}
