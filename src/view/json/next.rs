//! `next --json`: `{ "items": [ { "id", "title", "stage", "status", "weight", ... } ] }`.

use serde::Serialize;

use crate::report::{NextItem, Report};
use crate::view::text::reason_text;

#[derive(Serialize)]
pub struct NextJson {
    items: Vec<NextItemJson>,
}

#[derive(Serialize)]
struct NextItemJson {
    id: String,
    title: String,
    stage: String,
    status: &'static str,
    weight: u32,
    unlocks: usize,
    reason: String,
}

pub fn document(report: &Report, next: &[NextItem]) -> NextJson {
    let roadmap = report.roadmap;
    let items = next
        .iter()
        .map(|n| {
            let item = &roadmap.items[n.item];
            NextItemJson {
                id: item.id.clone(),
                title: item.title.clone(),
                stage: roadmap.stages[item.stage].id.clone(),
                status: report.items[n.item].status.as_str(),
                weight: item.weight,
                unlocks: n.unlocks,
                reason: reason_text(roadmap, n),
            }
        })
        .collect();
    NextJson { items }
}
