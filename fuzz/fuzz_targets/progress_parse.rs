//! The progress parser on arbitrary text: `ProgressFile::parse` either refuses the
//! text or reads it; what it reads renders back unchanged, matches the built-in
//! roadmap without a panic, and survives an edit: after `set_item`,
//! `set_profile` and `set_active` the rendered text parses again and every record
//! the edit did not touch is still there.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roadmap::progress::{ProgressFile, Status};
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("progress.toml");
    let Ok(mut file) = ProgressFile::parse(path, text.to_string()) else {
        return;
    };
    // An untouched file renders as read, up to line endings and a final newline,
    // which a write may normalise; either way it reads back the same.
    let untouched = file.render();
    if untouched != text {
        let again = ProgressFile::parse(path, untouched.clone())
            .unwrap_or_else(|e| panic!("an untouched file renders unreadable: {}", e.render()));
        let normalise = |t: &str| t.replace("\r\n", "\n").trim_end_matches('\n').to_string();
        assert_eq!(
            normalise(&untouched),
            normalise(text),
            "an untouched file changed"
        );
        assert_eq!(
            format!("{:?}", again.progress),
            format!("{:?}", file.progress)
        );
    }

    let roadmap = builtin();
    let before = file.progress.clone();
    let view = before.for_roadmap(roadmap);
    assert_eq!(view.items.len(), roadmap.items.len());

    // Edit one item, chosen by the input, the way `roadmap done` does.
    let index = data.len() % roadmap.items.len();
    let mut record = view.items[index].clone();
    record.status = Status::Done;
    record.done = roadmap::date::parse_date("2026-01-02").ok();
    file.set_item(roadmap, index, &record);
    for &(_, i) in &view.aliased {
        let current = file.progress.for_roadmap(roadmap).items[i].clone();
        file.set_item(roadmap, i, &current);
    }
    let mut profile = file.progress.profile(&roadmap.id);
    profile.start = profile.start.or(record.done);
    file.set_profile(&roadmap.id, &profile);
    if file.progress.active.is_none() {
        file.set_active(&roadmap.id);
    }

    let rendered = file.render();
    let again = match ProgressFile::parse(path, rendered.clone()) {
        Ok(again) => again,
        Err(err) => panic!(
            "an edited file must parse again: {}\n--- before\n{text}\n--- after\n{rendered}",
            err.render()
        ),
    };
    let after = &again.progress;
    let after_view = after.for_roadmap(roadmap);
    assert_eq!(
        after_view.items[index], record,
        "the edit is there\n{rendered}"
    );
    assert_eq!(
        after.profile(&roadmap.id),
        profile,
        "the profile is there\n{rendered}"
    );

    // Nothing else is lost: every other item keeps its record, every orphan stays,
    // and the progress of other roadmaps is untouched.
    for (i, old) in view.items.iter().enumerate() {
        if i != index {
            assert_eq!(&after_view.items[i], old, "item {i} changed\n{rendered}");
        }
    }
    for (key, old) in &view.orphans {
        assert!(
            after_view.orphans.iter().any(|(k, r)| k == key && r == old),
            "orphan `{key}` lost\n--- before\n{text}\n--- after\n{rendered}"
        );
    }
    for (id, records) in &before.roadmaps {
        if id != &roadmap.id {
            assert_eq!(
                after.roadmaps.get(id),
                Some(records),
                "roadmap `{id}` lost\n{rendered}"
            );
        }
    }
});
