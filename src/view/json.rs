//! Pure renderers for machine output: a report in, text out, no I/O.
//! The JSON document is a stable format (SPEC section 5); see `docs/export-format.md`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::progress::{ItemProgress, ProgressFile};
use crate::report::{Counts, Report};
use crate::roadmap::Roadmap;
use crate::ui;

pub const FORMAT: u32 = 1;

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(date_text)
}

/// `YYYY-MM-DD`, exactly as `format("%Y-%m-%d")` writes it, but without parsing
/// a format string for every date: an export has two for each item.
pub fn date_text(d: NaiveDate) -> String {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format("%Y-%m-%d").to_string();
    }
    let (y, m, d) = (year as u32, d.month(), d.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        10,
        m / 10,
        m % 10,
        10,
        d / 10,
        d % 10,
    ];
    digits
        .iter()
        .map(|&n| {
            if n == 10 {
                '-'
            } else {
                char::from(b'0' + n as u8)
            }
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct Document {
    pub format: u32,
    pub roadmap: RoadmapRef,
    pub profile: ProfileJson,
    pub today: String,
    pub summary: SummaryJson,
    pub stages: Vec<StageJson>,
    /// Progress for items the roadmap no longer has: kept, so nothing is lost.
    pub orphans: Vec<OrphanJson>,
}

#[derive(Debug, Serialize)]
pub struct RoadmapRef {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct ProfileJson {
    pub background: Option<String>,
    pub hours_per_week: serde_json::Value,
    pub start: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub total: usize,
    pub done: usize,
    pub started: usize,
    pub skipped: usize,
    pub todo: usize,
    pub percent: f64,
}

impl From<&Counts> for SummaryJson {
    fn from(c: &Counts) -> Self {
        SummaryJson {
            total: c.total,
            done: c.done,
            started: c.started,
            skipped: c.skipped,
            todo: c.todo,
            percent: c.percent(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EstimateJson {
    pub min_months: serde_json::Value,
    pub max_months: serde_json::Value,
}

#[derive(Debug, Serialize)]
pub struct ForecastJson {
    pub p50: Option<String>,
    pub p85: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StageJson {
    pub id: String,
    pub title: String,
    pub total: usize,
    pub done: usize,
    pub started: usize,
    pub skipped: usize,
    pub todo: usize,
    pub percent: f64,
    pub estimate: EstimateJson,
    pub forecast: ForecastJson,
    pub items: Vec<ItemJson>,
}

#[derive(Debug, Serialize)]
pub struct ItemJson {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub area: Option<String>,
    pub weight: u32,
    pub status: &'static str,
    pub started: Option<String>,
    pub done: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OrphanJson {
    pub id: String,
    pub status: &'static str,
    pub started: Option<String>,
    pub done: Option<String>,
    pub note: Option<String>,
}

pub fn profile_json(report: &Report) -> ProfileJson {
    ProfileJson {
        background: report
            .profile
            .background
            .map(|b| report.roadmap.backgrounds[b].id.clone()),
        hours_per_week: ui::json_number(report.profile.hours_per_week),
        start: report.profile.start.format("%Y-%m-%d").to_string(),
    }
}

pub fn item_json(report: &Report, i: usize) -> ItemJson {
    let item = &report.roadmap.items[i];
    let record = &report.items[i];
    ItemJson {
        id: item.id.clone(),
        title: item.title.clone(),
        kind: item.kind.as_str(),
        area: item.area.clone(),
        weight: item.weight,
        status: record.status.as_str(),
        started: date(record.started),
        done: date(record.done),
        note: record.note.clone(),
    }
}

/// The export document, keeping only the items `keep` selects (all, for export).
pub fn document(report: &Report, keep: &dyn Fn(usize) -> bool) -> Document {
    let roadmap = report.roadmap;
    let stages = roadmap
        .stages
        .iter()
        .enumerate()
        .filter_map(|(k, stage)| {
            let items: Vec<ItemJson> = stage
                .items
                .clone()
                .filter(|&i| keep(i))
                .map(|i| item_json(report, i))
                .collect();
            if items.is_empty() && !stage.items.is_empty() {
                return None;
            }
            let counts = &report.stages[k].counts;
            let forecast = &report.forecast.stages[k];
            Some(StageJson {
                id: stage.id.clone(),
                title: stage.title.clone(),
                total: counts.total,
                done: counts.done,
                started: counts.started,
                skipped: counts.skipped,
                todo: counts.todo,
                percent: counts.percent(),
                estimate: EstimateJson {
                    min_months: ui::json_number(stage.estimate.min_months),
                    max_months: ui::json_number(stage.estimate.max_months),
                },
                forecast: ForecastJson {
                    p50: date(forecast.p50),
                    p85: date(forecast.p85),
                },
                items,
            })
        })
        .collect();
    Document {
        format: FORMAT,
        roadmap: RoadmapRef {
            id: roadmap.id.clone(),
            title: roadmap.title.clone(),
        },
        profile: profile_json(report),
        today: report.today.format("%Y-%m-%d").to_string(),
        summary: (&report.summary).into(),
        stages,
        orphans: report
            .orphans
            .iter()
            .map(|(id, record)| OrphanJson {
                id: id.clone(),
                status: record.status.as_str(),
                started: date(record.started),
                done: date(record.done),
                note: record.note.clone(),
            })
            .collect(),
    }
}

pub fn json(report: &Report) -> Result<String> {
    let bytes = json_bytes(&document(report, &|_| true))?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Pretty JSON and a newline. Besides the control characters JSON itself escapes,
/// DEL and the C1 controls (U+007F to U+009F) are escaped too, so JSON printed to
/// a terminal cannot drive it either.
pub fn write_json(out: &mut dyn std::io::Write, value: &impl Serialize) -> Result<()> {
    out.write_all(&json_bytes(value)?)?;
    Ok(())
}

/// The document and its newline, built in memory: serde_json writes many small
/// pieces, which cost a call each through a `dyn Write` but are plain copies here.
fn json_bytes(value: &impl Serialize) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(4096);
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, TerminalSafe::default());
    value.serialize(&mut serializer)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[derive(Default)]
struct TerminalSafe(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        // DEL is the byte 0x7f; U+0080 to U+009F are 0xc2 0x80 to 0xc2 0x9f in UTF-8.
        let control = |s: &str| {
            let b = s.as_bytes();
            (0..b.len()).find(|&i| {
                b[i] == 0x7f
                    || (b[i] == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
            })
        };
        while let Some(pos) = control(rest) {
            writer.write_all(&rest.as_bytes()[..pos])?;
            let c = rest[pos..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[pos + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// One row per item: `roadmap,stage,id,title,kind,status,started,done,note`.
pub fn csv(report: &Report) -> Result<String> {
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

/// Markdown text with its special characters escaped, on one line.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in ui::escape(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A shareable checklist: a `##` heading per stage with (done/total), `- [x]` lines,
/// notes as sub-bullets. Renders as task lists on GitHub.
pub fn markdown(report: &Report) -> String {
    let roadmap = report.roadmap;
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "# {}\n", md(&roadmap.title));
    let _ = writeln!(
        out,
        "{} of {} items done, {}% of the work, as of {}.",
        s.done,
        s.total,
        percent_text(s.percent()),
        report.today.format("%Y-%m-%d")
    );
    for (k, stage) in roadmap.stages.iter().enumerate() {
        let c = &report.stages[k].counts;
        let _ = writeln!(out, "\n## {} ({}/{})\n", md(&stage.title), c.done, c.total);
        for i in stage.items.clone() {
            let item = &roadmap.items[i];
            let record = &report.items[i];
            let title = md(&item.title);
            let line = match record.status {
                crate::progress::Status::Done => match record.done {
                    Some(d) => format!("- [x] {title} ({})", d.format("%Y-%m-%d")),
                    None => format!("- [x] {title}"),
                },
                crate::progress::Status::Started => match record.started {
                    Some(d) => format!("- [ ] {title} *(started {})*", d.format("%Y-%m-%d")),
                    None => format!("- [ ] {title} *(started)*"),
                },
                crate::progress::Status::Skipped => format!("- [ ] ~~{title}~~ *(skipped)*"),
                crate::progress::Status::Todo => format!("- [ ] {title}"),
            };
            let _ = writeln!(out, "{line}");
            if let Some(note) = &record.note {
                let mut lines = note.lines();
                if let Some(first) = lines.next() {
                    let _ = writeln!(out, "  - {}", md(first));
                    for rest in lines {
                        let _ = writeln!(out, "    {}", md(rest));
                    }
                }
            }
        }
    }
    out
}

pub fn percent_text(percent: f64) -> String {
    if percent.fract() == 0.0 {
        format!("{percent:.0}")
    } else {
        format!("{percent:.1}")
    }
}

/// A standalone progress file holding this roadmap's progress and the profile.
pub fn toml(report: &Report) -> String {
    let roadmap: &Roadmap = report.roadmap;
    let mut file = ProgressFile::new_empty(std::path::Path::new("export.toml"));
    file.set_active(&roadmap.id);
    file.set_profile(&crate::progress::Profile {
        background: report
            .profile
            .background
            .map(|b| roadmap.backgrounds[b].id.clone()),
        hours_per_week: Some(report.profile.hours_per_week),
        start: Some(report.profile.start),
    });
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

/// Whether a record says anything worth exporting.
pub fn has_progress(record: &ItemProgress) -> bool {
    !record.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_del_and_c1_controls_only() {
        let text = "a\u{7f}b\u{80}c\u{85}\u{9f}d\u{a0}é\u{2028}\u{1b}";
        let bytes = json_bytes(&text).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\"a\\u007fb\\u0080c\\u0085\\u009fd\u{a0}é\u{2028}\\u001b\"\n"
        );
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut dates = vec![NaiveDate::MIN, NaiveDate::MAX];
        for (y, m, d) in [
            (0, 1, 1),
            (9, 2, 3),
            (999, 12, 31),
            (2026, 6, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 7, 4),
        ] {
            dates.push(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        }
        let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        for _ in 0..800 {
            dates.push(day);
            day = day.succ_opt().unwrap();
        }
        for d in dates {
            assert_eq!(date_text(d), d.format("%Y-%m-%d").to_string());
        }
    }
}
