//! Pure renderers for machine output: a report in, text out, no I/O.
//! The JSON document is a stable format (SPEC section 5); see `docs/export-format.md`.
//! Every `--json` document lives here: the export document (also `status --json`
//! and, filtered, `list --json`) and `doctor --json` in this file, the others in
//! a module named after their command.

use serde::Serialize;

use crate::error::Result;
use crate::progress::doctor::Problem;
use crate::report::{Counts, Report};
use crate::ui;
use crate::view::date;

pub mod log;
pub mod next;
pub mod plan;
pub mod roadmaps;
pub mod show;
pub mod timeline;
pub mod validate;
pub mod week;

pub const FORMAT: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Document {
    pub format: u32,
    pub roadmap: RoadmapRef,
    pub profile: ProfileJson,
    pub today: String,
    /// Set under `--hours-per-week`: the answer is a what-if, not the learner's plan.
    pub what_if: Option<WhatIfJson>,
    pub summary: SummaryJson,
    pub stages: Vec<StageJson>,
    /// Progress for items the roadmap no longer has: kept, so nothing is lost.
    pub orphans: Vec<OrphanJson>,
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
pub struct RoadmapRef {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct ProfileJson {
    pub background: Option<String>,
    pub hours_per_week: serde_json::Value,
    pub start: String,
    /// The day `hours_per_week` began, when after the start.
    pub since: Option<String>,
    /// The paces before it, oldest first, so the plan of the past stays as it was.
    pub earlier_paces: Vec<PaceJson>,
}

#[derive(Debug, Serialize)]
pub struct PaceJson {
    pub since: String,
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
    let written = report.profile.written(report.roadmap);
    ProfileJson {
        background: report
            .profile
            .background
            .map(|b| report.roadmap.backgrounds[b].id.clone()),
        hours_per_week: ui::json_number(report.profile.hours_per_week),
        start: report.profile.start.format("%Y-%m-%d").to_string(),
        since: date(written.since),
        earlier_paces: written
            .earlier_paces
            .iter()
            .map(|p| PaceJson {
                since: p.since.format("%Y-%m-%d").to_string(),
                hours_per_week: ui::json_number(p.hours_per_week),
            })
            .collect(),
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
        what_if: what_if_json(report),
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

pub fn export(report: &Report) -> Result<String> {
    let bytes = json_bytes(&document(report, &|_| true))?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// [`export`] written straight to `out` through a buffer, never held whole: for
/// a large roadmap the text is as large as the roadmap itself.
pub fn write_export(out: &mut dyn std::io::Write, report: &Report) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, TerminalSafe::default());
    document(report, &|_| true).serialize(&mut serializer)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)?;
    Ok(())
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
    fn json_escapes_del_and_c1_controls_only() {
        let text = "a\u{7f}b\u{80}c\u{85}\u{9f}d\u{a0}é\u{2028}\u{1b}";
        let bytes = json_bytes(&text).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\"a\\u007fb\\u0080c\\u0085\\u009fd\u{a0}é\u{2028}\\u001b\"\n"
        );
    }
}
