//! The simulator core and the JSON facade stay pure: no browser crates, no clock, no unseeded
//! randomness under `src/sim/` and `src/api/`.

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
