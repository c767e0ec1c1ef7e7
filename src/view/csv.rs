//! The CSV export: a header and one row per item.

use std::borrow::Cow;

use crate::error::Result;
use crate::report::Report;
use crate::ui;
use crate::view::date;

/// One row per item: `roadmap,stage,id,title,kind,status,started,done,note`.
pub fn render(report: &Report) -> Result<String> {
    let mut out = Vec::new();
    write(&mut out, report).map_err(|e| crate::Error::data(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// [`render`], written a row at a time.
pub fn write(out: &mut dyn std::io::Write, report: &Report) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record([
            "roadmap", "stage", "id", "title", "kind", "status", "started", "done", "note",
        ])
        .map_err(io_error)?;
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
        let title = ui::escape(&item.title);
        let cells = [
            roadmap.id.as_str(),
            roadmap.stages[item.stage].id.as_str(),
            item.id.as_str(),
            &title,
            item.kind.as_str(),
            record.status.as_str(),
            &started,
            &done,
            &note,
        ];
        writer
            .write_record(cells.map(|c| defuse(c).into_owned()))
            .map_err(io_error)?;
    }
    writer.flush()
}

/// The I/O error itself (a closed pipe stays one, and ends the export quietly).
fn io_error(err: csv::Error) -> std::io::Error {
    if !err.is_io_error() {
        return std::io::Error::other(err.to_string());
    }
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        _ => std::io::Error::other("cannot write CSV"),
    }
}

/// SPEC section 5: a cell a spreadsheet would run as a formula (it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`,
/// which spreadsheets show as text. Every cell, whatever its column.
fn defuse(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formula_cells_are_defused_and_others_kept() {
        for cell in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"a\")",
        ] {
            assert_eq!(defuse(cell), format!("'{cell}"));
        }
        for cell in ["", "python", "2026-06-01", " =1", "'=1", "a=b", "1-2"] {
            assert_eq!(defuse(cell), cell);
        }
    }
}
