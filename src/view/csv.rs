//! The CSV export: a header and one row per item.

use crate::error::Result;
use crate::report::Report;
use crate::ui;
use crate::view::date;

/// One row per item: `roadmap,stage,id,title,kind,status,started,done,note`.
pub fn render(report: &Report) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let map_err = |e: csv::Error| crate::Error::data(format!("cannot write CSV: {e}"));
    writer
        .write_record([
            "roadmap", "stage", "id", "title", "kind", "status", "started", "done", "note",
        ])
        .map_err(map_err)?;
    let roadmap = report.roadmap;
    for (i, item) in roadmap.items.iter().enumerate() {
        let record = &report.items[i];
        let started = date(record.started).unwrap_or_default();
        let done = date(record.done).unwrap_or_default();
        let note = record
            .note
            .as_deref()
            .map(ui::escape_keep_lines)
            .unwrap_or_default();
        writer
            .write_record([
                roadmap.id.as_str(),
                roadmap.stages[item.stage].id.as_str(),
                item.id.as_str(),
                &ui::escape(&item.title),
                item.kind.as_str(),
                record.status.as_str(),
                &started,
                &done,
                &note,
            ])
            .map_err(map_err)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| crate::Error::data(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
