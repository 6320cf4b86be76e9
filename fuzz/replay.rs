//! Runs the saved fuzz corpus and crash reproducers (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`) through the fuzz targets' properties under plain
//! `cargo test`, so a bug the fuzzer once found stays fixed without `cargo fuzz`. A test
//! target of the main crate (`[[test]]` in `Cargo.toml`): the properties are `properties.rs`
//! beside it, the fuzz crate's library, which this target takes in as a module.

use std::path::{Path, PathBuf};

#[path = "properties.rs"]
#[allow(dead_code)]
mod properties;

use properties::{check_property, fix_property, scanner_property};

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn run_all(target: &str, property: impl Fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no saved fuzz inputs for {target}");
    for path in files {
        let data = std::fs::read(&path).expect("fuzz input readable");
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| property(&data)));
        assert!(outcome.is_ok(), "fuzz property fails on {}", path.display());
    }
}

#[test]
fn scanner_corpus_and_regressions() {
    run_all("scanner", scanner_property);
}

#[test]
fn check_corpus_and_regressions() {
    run_all("check", check_property);
}

#[test]
fn fix_corpus_and_regressions() {
    run_all("fix", fix_property);
}
