//! The simulator core stays pure: no browser crates under `src/sim/`.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/sim is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn sim_core_uses_no_browser_crates() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim"),
        &mut files,
    );
    assert!(!files.is_empty(), "src/sim holds the simulator core");
    let forbidden = ["yew", "web_sys", "gloo", "js_sys", "wasm_bindgen"];
    let mut offenders = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in forbidden {
                let is_word = code.match_indices(name).any(|(i, _)| {
                    let before = code[..i].chars().next_back();
                    let after = code[i + name.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                if is_word {
                    offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "browser crates in src/sim:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn json_facade_is_pure_too() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api"),
        &mut files,
    );
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim"),
        &mut files,
    );
    assert!(files.len() > 2);
    let forbidden = [
        "yew",
        "web_sys",
        "gloo",
        "js_sys",
        "wasm_bindgen",
        "SystemTime",
        "Instant::now",
        "Utc::now",
        "Local::now",
        "thread_rng",
    ];
    let mut offenders = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in forbidden {
                if code.contains(name) {
                    offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "impure code:\n{}",
        offenders.join("\n")
    );
}
