//! The fast progress readers against the full one, on any text: whichever reader
//! `ProgressFile::parse` picks (the plain layout `roadmap` writes, another layout
//! read without a document, or the `toml_edit` document), it reads exactly what
//! the full reader (`ProgressFile::parse_with_document`) reads, or refuses the
//! text with the same error, line and column. A fast reader's file renders as it
//! was read. `tests/layouts.rs` runs the same check on generated layouts.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use roadmap::progress::ProgressFile;

fn outcome(result: &roadmap::error::Result<ProgressFile>) -> String {
    match result {
        Ok(file) => format!("{:?}", file.progress),
        Err(err) => format!("error: {}", err.render()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("progress.toml");
    let fast = ProgressFile::parse(path, text.to_string());
    let full = ProgressFile::parse_with_document(path, text.to_string());
    assert_eq!(outcome(&fast), outcome(&full), "{text:?}");
    if let Ok(file) = &fast
        && file.read_by() != "document"
    {
        assert!(!file.is_changed(), "{text:?}");
        assert_eq!(file.text(), text, "{text:?}");
    }
});
