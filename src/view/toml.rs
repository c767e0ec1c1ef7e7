//! The TOML export: a standalone progress file.

use std::collections::BTreeSet;

use crate::progress::ProgressFile;
use crate::report::Report;
use crate::roadmap::Roadmap;

/// A standalone progress file holding this roadmap's progress and the profile.
pub fn render(report: &Report) -> String {
    let roadmap: &Roadmap = report.roadmap;
    let mut file = ProgressFile::new_empty(std::path::Path::new("export.toml"));
    file.set_active(&roadmap.id);
    file.set_profile(&roadmap.id, &report.profile.written(roadmap));
    file.set_items(
        roadmap,
        report
            .items
            .iter()
            .enumerate()
            .filter(|(_, record)| !record.is_empty()),
    );
    let ids: BTreeSet<&String> = roadmap.items.iter().map(|i| &i.id).collect();
    for (key, record) in &report.orphans {
        if !ids.contains(key) && !record.is_empty() {
            file.set_raw_item(&roadmap.id, key, record);
        }
    }
    file.render()
}
