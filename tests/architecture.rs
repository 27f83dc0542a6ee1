//! The shape of the source: the simulator core and the JSON facade stay pure (no browser
//! crates, no clock, no unseeded randomness under `src/sim/` and `src/api/`), no two files
//! import each other (directly or round a longer cycle), and no file is over 1,000 lines.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_word_at(code: &str, i: usize, name: &str) -> bool {
    let before = code[..i].chars().next_back();
    let after = code[i + name.len()..].chars().next();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    !before.is_some_and(ident) && !after.is_some_and(ident)
}

/// Lines of code (comments stripped) under `dirs` that name one of `forbidden` as a whole word.
fn offenders(dirs: &[&str], forbidden: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    }
    assert!(files.len() > 2, "{dirs:?} hold the pure code");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in forbidden {
                if code
                    .match_indices(name)
                    .any(|(i, _)| is_word_at(code, i, name))
                {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    found
}

const BROWSER_CRATES: [&str; 5] = ["yew", "web_sys", "gloo", "js_sys", "wasm_bindgen"];

#[test]
fn sim_core_uses_no_browser_crates() {
    let found = offenders(&["src/sim"], &BROWSER_CRATES);
    assert!(
        found.is_empty(),
        "browser crates in src/sim:\n{}",
        found.join("\n")
    );
}

#[test]
fn json_facade_is_pure_too() {
    let mut forbidden = BROWSER_CRATES.to_vec();
    forbidden.extend([
        "SystemTime",
        "Instant::now",
        "Utc::now",
        "Local::now",
        "thread_rng",
    ]);
    let found = offenders(&["src/api", "src/sim"], &forbidden);
    assert!(found.is_empty(), "impure code:\n{}", found.join("\n"));
}

#[path = "architecture/imports.rs"]
mod imports;

/// Every `.rs` file under `src/`, by its path from the crate root (`src/…`), with its text.
fn sources() -> std::collections::BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            let name = path.strip_prefix(root).expect("under the crate root");
            (name.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

#[test]
fn no_import_cycles_between_files() {
    let graph = imports::graph(&sources());
    assert!(
        graph.len() > 50,
        "the graph holds every file of the library"
    );
    let cycles: Vec<String> = imports::cycles(&graph)
        .iter()
        .map(|cycle| cycle.join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles between files:\n{}",
        cycles.join("\n")
    );
}

/// The import graph of planted sources (path → text).
fn planted(files: &[(&str, &str)]) -> Vec<String> {
    let files = files
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect();
    imports::cycles(&imports::graph(&files))
        .iter()
        .map(|cycle| cycle.join(" → "))
        .collect()
}

#[test]
fn the_cycle_detector_names_a_planted_cycle() {
    let found = planted(&[
        ("src/lib.rs", "pub mod a;\npub mod b;\npub mod c;"),
        ("src/a.rs", "use crate::b::{self, B};\npub struct A;"),
        ("src/b.rs", "pub struct B;\npub fn f() { super::c::g() }"),
        ("src/c.rs", "pub fn g() { let _ = crate::a::A; }"),
    ]);
    assert_eq!(found, ["src/a.rs → src/b.rs → src/c.rs → src/a.rs"]);
}

#[test]
fn the_cycle_detector_follows_nested_modules_and_imported_names() {
    let found = planted(&[
        ("src/lib.rs", "pub mod m;"),
        ("src/m/mod.rs", "mod x;\nmod y;\npub use x::X;"),
        ("src/m/x.rs", "use super::y;\npub struct X(y::Y);"),
        (
            "src/m/y.rs",
            "pub struct Y;\nimpl Y { fn f() -> Option<crate::m::x::X> { None } }",
        ),
    ]);
    assert_eq!(found, ["src/m/x.rs → src/m/y.rs → src/m/x.rs"]);
}

#[test]
fn the_cycle_detector_ignores_comments_literals_tests_and_submodules() {
    let found = planted(&[
        ("src/lib.rs", "pub mod a;\npub mod b;"),
        (
            "src/a/mod.rs",
            "mod inner;\npub use inner::f;\npub struct A;",
        ),
        ("src/a/inner.rs", "pub fn f() -> super::A { super::A }"),
        (
            "src/b.rs",
            "pub fn g() { crate::a::f(); }\n\
             #[cfg(test)]\nmod tests { use super::*; #[test] fn t() { g() } }",
        ),
        (
            "src/a/other.rs",
            "// crate::b::g()\nconst S: &str = \"crate::b::g\"; const R: &str = r#\"b::g\"#;\n\
             const C: char = '{'; fn h<'a>(s: &'a str) -> &'a str { s }",
        ),
    ]);
    assert!(found.is_empty(), "{found:?}");
    let found = planted(&[
        ("src/lib.rs", "pub mod a;\npub mod b;"),
        ("src/a.rs", "pub fn f() { crate::b::g() }"),
        (
            "src/b.rs",
            "#[cfg(test)]\nmod tests { #[test] fn t() { crate::a::f() } }",
        ),
    ]);
    assert_eq!(found, ["src/a.rs → src/b.rs → src/a.rs"]);
}

#[test]
fn the_cycle_detector_reads_renamed_and_grouped_imports() {
    let found = planted(&[
        ("src/lib.rs", "pub mod a;\npub mod b;"),
        (
            "src/a.rs",
            "use crate::b as other;\npub fn f() { other::g() }",
        ),
        (
            "src/b.rs",
            "use crate::{a::{self as first}, b};\npub fn g() { first::f() }",
        ),
    ]);
    assert_eq!(found, ["src/a.rs → src/b.rs → src/a.rs"]);
}

#[test]
fn the_cycle_detector_follows_re_exports_to_the_defining_file() {
    let files = [
        ("src/lib.rs", "pub mod c;\npub mod m;"),
        (
            "src/m/mod.rs",
            "mod x;\npub use x::X;\nuse crate::c::g as helper;",
        ),
        ("src/m/x.rs", "pub struct X;\nfn f() { super::helper() }"),
        ("src/c.rs", "pub fn g() { let _ = crate::m::X; }"),
    ];
    assert_eq!(planted(&files), ["src/c.rs → src/m/x.rs → src/c.rs"]);
}

/// The longest source file the project allows.
const MAX_LINES: usize = 1_000;

#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let long: Vec<String> = sources()
        .iter()
        .map(|(path, text)| (path, text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .map(|(path, lines)| format!("{path}: {lines} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}
