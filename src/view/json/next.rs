//! `next --json`: `{ "items": [ { "id", "title", "stage", "status", "weight", ... } ] }`.

use serde::Serialize;

use crate::report::{NextItem, Report};
use crate::view::text::reason_text;

#[derive(Serialize)]
pub struct NextJson<'a> {
    items: Vec<NextItemJson<'a>>,
}

#[derive(Serialize)]
struct NextItemJson<'a> {
    id: &'a str,
    title: &'a str,
    stage: &'a str,
    status: &'static str,
    weight: u32,
    unlocks: usize,
    reason: String,
}

pub fn document<'a>(report: &'a Report, next: &[NextItem]) -> NextJson<'a> {
    let roadmap = report.roadmap;
    let items = next
        .iter()
        .map(|n| {
            let item = &roadmap.items[n.item];
            NextItemJson {
                id: &item.id,
                title: &item.title,
                stage: &roadmap.stages[item.stage].id,
                status: report.items[n.item].status.as_str(),
                weight: item.weight,
                unlocks: n.unlocks,
                reason: reason_text(roadmap, n),
            }
        })
        .collect();
    NextJson { items }
}
