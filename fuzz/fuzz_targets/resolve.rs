//! ITEM reference resolution on the built-in roadmap with arbitrary strings:
//! `roadmap::roadmap::resolve::item` returns an item, an unknown reference with at
//! most three real suggestions, or an ambiguous one with its candidates; the
//! message it prints carries no control character that could drive a terminal.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roadmap::Error;
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

fuzz_target!(|reference: &str| {
    let roadmap = builtin();
    match roadmap::roadmap::resolve::item(roadmap, reference) {
        Ok(i) => {
            assert!(i < roadmap.items.len());
            if let Some(exact) = roadmap.item_index(reference) {
                assert_eq!(i, exact, "an exact id or alias wins");
            }
        }
        Err(err) => {
            assert_eq!(err.exit_code(), 2, "a bad reference is a usage problem");
            assert!(
                roadmap.item_index(reference).is_none(),
                "an exact id never fails"
            );
            match &err {
                Error::UnknownItem { suggestions, .. } => {
                    assert!(suggestions.len() <= 3);
                    for s in suggestions {
                        assert!(roadmap.item_index(s).is_some(), "suggested `{s}`");
                    }
                }
                Error::AmbiguousItem { candidates, .. } => {
                    assert!(candidates.len() >= 2);
                }
                other => panic!("unexpected error: {other:?}"),
            }
            let message = err.render();
            assert!(
                !message.chars().any(|c| c.is_control() && c != '\n'),
                "control character in {message:?}"
            );
        }
    }
});
