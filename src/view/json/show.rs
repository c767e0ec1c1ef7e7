//! `show --json`: the item as in the export, plus `stage`, `summary`, `aliases`,
//! `requires` and `required_by` (each `{ id, title, status }`), `resources`, `tracks`.

use serde::Serialize;

use crate::report::Report;
use crate::roadmap::Resource;
use crate::view::json::{ItemJson, item_json};

#[derive(Serialize)]
pub struct ShowJson<'a> {
    #[serde(flatten)]
    item: ItemJson<'a>,
    stage: &'a str,
    summary: Option<&'a str>,
    aliases: &'a [String],
    requires: Vec<RefJson<'a>>,
    required_by: Vec<RefJson<'a>>,
    resources: &'a [Resource],
    tracks: &'a [String],
}

#[derive(Serialize)]
struct RefJson<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
}

/// Item `i`, with the items that require it and the ids of the tracks it is on.
pub fn document<'a>(
    report: &'a Report<'a>,
    i: usize,
    required_by: &[usize],
    tracks: &'a [String],
) -> ShowJson<'a> {
    let roadmap = report.roadmap;
    let item = &roadmap.items[i];
    let reference = |r: usize| RefJson {
        id: &roadmap.items[r].id,
        title: &roadmap.items[r].title,
        status: report.items[r].status.as_str(),
    };
    ShowJson {
        item: item_json(report, i),
        stage: &roadmap.stages[item.stage].id,
        summary: item.summary.as_deref(),
        aliases: &item.aliases,
        requires: item.requires.iter().map(|&r| reference(r)).collect(),
        required_by: required_by.iter().map(|&r| reference(r)).collect(),
        resources: &item.resources,
        tracks,
    }
}
