//! `show --json`: the item as in the export, plus `stage`, `summary`, `aliases`,
//! `requires` and `required_by` (each `{ id, title, status }`), `resources`, `tracks`.

use serde::Serialize;

use crate::report::Report;
use crate::roadmap::Resource;
use crate::view::json::{ItemJson, item_json};

#[derive(Serialize)]
pub struct ShowJson {
    #[serde(flatten)]
    item: ItemJson,
    stage: String,
    summary: Option<String>,
    aliases: Vec<String>,
    requires: Vec<RefJson>,
    required_by: Vec<RefJson>,
    resources: Vec<Resource>,
    tracks: Vec<String>,
}

#[derive(Serialize)]
struct RefJson {
    id: String,
    title: String,
    status: &'static str,
}

/// Item `i`, with the items that require it and the ids of the tracks it is on.
pub fn document(report: &Report, i: usize, required_by: &[usize], tracks: &[String]) -> ShowJson {
    let roadmap = report.roadmap;
    let item = &roadmap.items[i];
    let reference = |r: usize| RefJson {
        id: roadmap.items[r].id.clone(),
        title: roadmap.items[r].title.clone(),
        status: report.items[r].status.as_str(),
    };
    ShowJson {
        item: item_json(report, i),
        stage: roadmap.stages[item.stage].id.clone(),
        summary: item.summary.clone(),
        aliases: item.aliases.clone(),
        requires: item.requires.iter().map(|&r| reference(r)).collect(),
        required_by: required_by.iter().map(|&r| reference(r)).collect(),
        resources: item.resources.clone(),
        tracks: tracks.to_vec(),
    }
}
