//! The TOML export: a standalone progress file.

use std::collections::BTreeSet;

use crate::progress::{ItemProgress, ProgressFile};
use crate::report::Report;
use crate::roadmap::Roadmap;

/// A standalone progress file holding this roadmap's progress and the profile.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(&mut out, report);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], written as it is made.
pub fn write(out: &mut dyn std::io::Write, report: &Report) -> std::io::Result<()> {
    let roadmap: &Roadmap = report.roadmap;
    let mut file = ProgressFile::new_empty(std::path::Path::new("export.toml"));
    file.set_active(&roadmap.id);
    file.set_profile(&roadmap.id, &report.profile.written(roadmap));
    // Every record at once, the items' and those of items the roadmap no longer
    // has: a new file's many records are written as text, one at a time, not
    // as a document of tables (which takes about 1.5 KB a record).
    let ids: BTreeSet<&String> = roadmap.items.iter().map(|i| &i.id).collect();
    let records: Vec<(&str, &ItemProgress)> = roadmap
        .items
        .iter()
        .zip(&report.items)
        .map(|(item, record)| (item.id.as_str(), record))
        .chain(
            report
                .orphans
                .iter()
                .filter(|(key, _)| !ids.contains(key))
                .map(|(key, record)| (key.as_str(), record)),
        )
        .filter(|(_, record)| !record.is_empty())
        .collect();
    file.write_with_new_records(out, &roadmap.id, &records)
}
