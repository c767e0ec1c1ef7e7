//! Edits on any progress file a person could write: when the `toml` crate and our
//! reader both accept the text, an edit through `set_item` (as `roadmap done`
//! makes it) must leave a file the `toml` crate still reads, holding the same
//! data as before plus the edit. A differential check of the writer against a
//! second TOML parser; `tests/layouts.rs` runs the same check on generated layouts.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roadmap::progress::{ItemProgress, ProgressFile, Status};
use roadmap::roadmap::Roadmap;

fn builtin() -> &'static Roadmap {
    static ROADMAP: OnceLock<Roadmap> = OnceLock::new();
    ROADMAP.get_or_init(|| {
        let text = include_str!("../../roadmap/ai-engineer.yaml");
        roadmap::roadmap::parse(text.as_bytes())
            .expect("the built-in roadmap is valid")
            .0
    })
}

/// The table without the edited item (under its id or an alias, which the
/// write moves to the id), without the format and the profiles (the first write
/// records a start, and moves a format-1 file's shared profile to each roadmap:
/// unit tests check both), and without the tables that leaves empty.
fn without_edit(mut table: toml::Table, target: &[String]) -> toml::Table {
    table.remove("format");
    table.remove("profile");
    if let Some(roadmaps) = table.get_mut("roadmaps").and_then(|r| r.as_table_mut()) {
        for (_, roadmap) in roadmaps.iter_mut() {
            if let Some(roadmap) = roadmap.as_table_mut() {
                roadmap.remove("profile");
            }
        }
        roadmaps.retain(|_, r| r.as_table().is_none_or(|r| !r.is_empty()));
    }
    if let Some(ai) = table
        .get_mut("roadmaps")
        .and_then(|r| r.get_mut("ai-engineer"))
        .and_then(|r| r.as_table_mut())
    {
        ai.remove("profile");
        if let Some(items) = ai.get_mut("items").and_then(|i| i.as_table_mut()) {
            for key in target {
                items.remove(key);
            }
            if items.is_empty() {
                ai.remove("items");
            }
        }
    }
    if let Some(roadmaps) = table.get_mut("roadmaps").and_then(|r| r.as_table_mut())
        && roadmaps
            .get("ai-engineer")
            .and_then(|a| a.as_table())
            .is_some_and(|a| a.is_empty())
    {
        roadmaps.remove("ai-engineer");
    }
    if table
        .get("roadmaps")
        .and_then(|r| r.as_table())
        .is_some_and(|r| r.is_empty())
    {
        table.remove("roadmaps");
    }
    table
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(before) = toml::from_str::<toml::Table>(text.trim_start_matches('\u{feff}')) else {
        return;
    };
    let Ok(mut file) = ProgressFile::parse(Path::new("progress.toml"), text.to_string()) else {
        return;
    };
    let roadmap = builtin();
    let index = data.len() % roadmap.items.len();
    let item = &roadmap.items[index];
    let target = item.id.clone();
    let keys: Vec<String> = std::iter::once(item.id.clone())
        .chain(item.aliases.iter().cloned())
        .collect();
    let record = ItemProgress {
        status: Status::Done,
        started: None,
        done: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        note: Some("new".into()),
    };
    file.set_item(roadmap, index, &record);
    let after = file.text().into_owned();
    let now: toml::Table =
        toml::from_str(after.trim_start_matches('\u{feff}')).unwrap_or_else(|e| {
            panic!("not TOML after the edit: {e}\n--- before\n{text}\n--- after\n{after}")
        });
    let item = &now["roadmaps"]["ai-engineer"]["items"][target.as_str()];
    assert_eq!(item["status"].as_str(), Some("done"), "{after}");
    assert_eq!(item["note"].as_str(), Some("new"), "{after}");
    assert_eq!(
        format!("{:?}", without_edit(before, &keys)),
        format!("{:?}", without_edit(now, &keys)),
        "the edit changed something else\n--- before\n{text}\n--- after\n{after}"
    );
});
