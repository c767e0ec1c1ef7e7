//! Pure renderers for machine output: a report in, text out, no I/O.
//! The JSON document is a stable format (SPEC section 5); see `docs/export-format.md`.
//! Every `--json` document lives here: the export document (also `status --json`
//! and, filtered, `list --json`) and `doctor --json` in this file, the others in
//! a module named after their command.

use std::io::Write;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::error::Result;
use crate::progress::doctor::Problem;
use crate::report::{Counts, Report};
use crate::ui;
use crate::view::date_ascii;
use pretty::Pretty;

pub mod log;
pub mod next;
pub mod plan;
mod pretty;
pub mod roadmaps;
pub mod show;
pub mod timeline;
pub mod validate;
pub mod week;

pub const FORMAT: u32 = 1;

/// A day in a JSON document, `YYYY-MM-DD` as chrono writes it, written without
/// parsing a format string or allocating: an export has two for each item.
#[derive(Debug, Clone, Copy)]
pub struct Day(pub NaiveDate);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match date_ascii(self.0) {
            Some(ascii) => serializer.serialize_str(std::str::from_utf8(&ascii).unwrap_or("")),
            // A year past 9999 or before 0 takes a sign: chrono's own text.
            None => serializer.collect_str(&self.0),
        }
    }
}

/// The day, when there is one.
pub fn day(d: Option<NaiveDate>) -> Option<Day> {
    d.map(Day)
}

/// The export document. Its stages and their items are made as they are
/// written, each borrowing from the report: a large roadmap's document is never
/// held whole, nor a second copy of its text.
#[derive(Serialize)]
pub struct Document<'a> {
    pub format: u32,
    pub roadmap: RoadmapRef<'a>,
    pub profile: ProfileJson<'a>,
    pub today: Day,
    /// Set under `--hours-per-week`: the answer is a what-if, not the learner's plan.
    pub what_if: Option<WhatIfJson>,
    pub summary: SummaryJson,
    pub stages: Stages<'a>,
    /// Progress for items the roadmap no longer has: kept, so nothing is lost.
    pub orphans: Vec<OrphanJson<'a>>,
}

/// The hours per week a what-if assumes from today on.
#[derive(Debug, Serialize)]
pub struct WhatIfJson {
    pub hours_per_week: serde_json::Value,
}

pub fn what_if_json(report: &Report) -> Option<WhatIfJson> {
    report.what_if.map(|hours| WhatIfJson {
        hours_per_week: ui::json_number(hours),
    })
}

#[derive(Debug, Serialize)]
pub struct RoadmapRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ProfileJson<'a> {
    pub background: Option<&'a str>,
    pub hours_per_week: serde_json::Value,
    pub start: Day,
    /// The day `hours_per_week` began, when after the start.
    pub since: Option<Day>,
    /// The paces before it, oldest first, so the plan of the past stays as it was.
    pub earlier_paces: Vec<PaceJson>,
}

#[derive(Debug, Serialize)]
pub struct PaceJson {
    pub since: Day,
    pub hours_per_week: serde_json::Value,
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
    pub p50: Option<Day>,
    pub p85: Option<Day>,
}

/// The stages the filter leaves something in (and those with no items at all).
pub struct Stages<'a> {
    report: &'a Report<'a>,
    keep: &'a dyn Fn(usize) -> bool,
}

impl Serialize for Stages<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let report = self.report;
        let stages = report.roadmap.stages.iter().enumerate();
        serializer.collect_seq(stages.filter_map(|(k, stage)| {
            // A stage the filter empties is left out; its items begin at the first kept.
            let first = match stage.items.is_empty() {
                true => stage.items.start,
                false => stage.items.clone().find(|&i| (self.keep)(i))?,
            };
            Some(stage_json(
                report,
                k,
                Items {
                    report,
                    items: first..stage.items.end,
                    keep: self.keep,
                },
            ))
        }))
    }
}

#[derive(Serialize)]
pub struct StageJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub total: usize,
    pub done: usize,
    pub started: usize,
    pub skipped: usize,
    pub todo: usize,
    pub percent: f64,
    pub estimate: EstimateJson,
    pub forecast: ForecastJson,
    pub items: Items<'a>,
}

fn stage_json<'a>(report: &'a Report<'a>, k: usize, items: Items<'a>) -> StageJson<'a> {
    let stage = &report.roadmap.stages[k];
    let counts = &report.stages[k].counts;
    let forecast = &report.forecast.stages[k];
    StageJson {
        id: &stage.id,
        title: &stage.title,
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
            p50: day(forecast.p50),
            p85: day(forecast.p85),
        },
        items,
    }
}

/// A stage's items that the filter keeps, each made as it is written.
pub struct Items<'a> {
    report: &'a Report<'a>,
    items: Range<usize>,
    keep: &'a dyn Fn(usize) -> bool,
}

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let kept = self.items.clone().filter(|&i| (self.keep)(i));
        serializer.collect_seq(kept.map(|i| item_json(self.report, i)))
    }
}

#[derive(Debug, Serialize)]
pub struct ItemJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: &'static str,
    pub area: Option<&'a str>,
    pub weight: u32,
    pub status: &'static str,
    pub started: Option<Day>,
    pub done: Option<Day>,
    pub note: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct OrphanJson<'a> {
    pub id: &'a str,
    pub status: &'static str,
    pub started: Option<Day>,
    pub done: Option<Day>,
    pub note: Option<&'a str>,
}

pub fn profile_json<'a>(report: &'a Report<'a>) -> ProfileJson<'a> {
    let written = report.profile.written(report.roadmap);
    ProfileJson {
        background: report
            .profile
            .background
            .map(|b| report.roadmap.backgrounds[b].id.as_str()),
        hours_per_week: ui::json_number(report.profile.hours_per_week),
        start: Day(report.profile.start),
        since: day(written.since),
        earlier_paces: written
            .earlier_paces
            .iter()
            .map(|p| PaceJson {
                since: Day(p.since),
                hours_per_week: ui::json_number(p.hours_per_week),
            })
            .collect(),
    }
}

pub fn item_json<'a>(report: &'a Report<'a>, i: usize) -> ItemJson<'a> {
    let item = &report.roadmap.items[i];
    let record = &report.items[i];
    ItemJson {
        id: &item.id,
        title: &item.title,
        kind: item.kind.as_str(),
        area: item.area.as_deref(),
        weight: item.weight,
        status: record.status.as_str(),
        started: day(record.started),
        done: day(record.done),
        note: record.note.as_deref(),
    }
}

/// The export document, keeping only the items `keep` selects (all, for export).
pub fn document<'a>(report: &'a Report<'a>, keep: &'a dyn Fn(usize) -> bool) -> Document<'a> {
    let roadmap = report.roadmap;
    Document {
        format: FORMAT,
        roadmap: RoadmapRef {
            id: &roadmap.id,
            title: &roadmap.title,
        },
        profile: profile_json(report),
        today: Day(report.today),
        what_if: what_if_json(report),
        summary: (&report.summary).into(),
        stages: Stages { report, keep },
        orphans: report
            .orphans
            .iter()
            .map(|(id, record)| OrphanJson {
                id,
                status: record.status.as_str(),
                started: day(record.started),
                done: day(record.done),
                note: record.note.as_deref(),
            })
            .collect(),
    }
}

pub fn export(report: &Report) -> Result<String> {
    let bytes = json_bytes(&document(report, &|_| true))?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// [`export`] written straight to `out` a piece at a time, never held whole: for
/// a large roadmap the text is as large as the roadmap itself.
pub fn write_export(out: &mut dyn Write, report: &Report) -> Result<()> {
    write_json(out, &document(report, &|_| true))?;
    out.flush()?;
    Ok(())
}

/// Pretty JSON and a newline, handed to `out` in chunks of 64 KiB. Besides the
/// control characters JSON itself escapes, DEL and the C1 controls (U+007F to
/// U+009F) are escaped too, so JSON printed to a terminal cannot drive it either.
pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    let mut pretty = Pretty::to(out);
    value.serialize(&mut pretty)?;
    pretty.bytes.push(b'\n');
    pretty.finish()?;
    Ok(())
}

/// The document and its newline, built in memory.
fn json_bytes(value: &impl Serialize) -> Result<Vec<u8>> {
    let mut pretty = Pretty::in_memory();
    value.serialize(&mut pretty)?;
    pretty.bytes.push(b'\n');
    Ok(pretty.bytes)
}

/// `doctor --json`: `{ "progress", "roadmap", "problems": [ { "kind", "id", "message" } ] }`.
#[derive(Debug, Serialize)]
pub struct DoctorJson<'a> {
    pub progress: &'a str,
    pub roadmap: &'a str,
    pub problems: Vec<DoctorProblemJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct DoctorProblemJson<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub message: &'a str,
}

/// The `doctor --json` document for the progress file at `progress`.
pub fn doctor<'a>(progress: &'a str, roadmap: &'a str, problems: &'a [Problem]) -> DoctorJson<'a> {
    DoctorJson {
        progress,
        roadmap,
        problems: problems
            .iter()
            .map(|p| DoctorProblemJson {
                kind: p.kind,
                id: &p.id,
                message: &p.message,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        let mut days = vec![NaiveDate::MIN, NaiveDate::MAX];
        for (y, m, d) in [
            (0, 1, 1),
            (-1, 7, 4),
            (2026, 6, 1),
            (9999, 12, 31),
            (10000, 1, 1),
        ] {
            days.push(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        }
        for d in days {
            let bytes = json_bytes(&[Some(Day(d)), day(None)]).unwrap();
            let expected = format!("[\n  \"{}\",\n  null\n]\n", d.format("%Y-%m-%d"));
            assert_eq!(String::from_utf8(bytes).unwrap(), expected);
        }
    }

    #[test]
    fn json_escapes_del_and_c1_controls_only() {
        let text = "a\u{7f}b\u{80}c\u{85}\u{9f}d\u{a0}é\u{2028}\u{1b}";
        let bytes = json_bytes(&text).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\"a\\u007fb\\u0080c\\u0085\\u009fd\u{a0}é\u{2028}\\u001b\"\n"
        );
    }
}
