//! `week --json`: `{ "week": { "start", "end" }, "hours", "planned_hours",
//! "items": [ { "id", "title", "stage", "status", ... } ], "done" }`.

use serde::Serialize;

use crate::plan::{self, Week, WeekItem};
use crate::report::Report;
use crate::ui::json_number;

#[derive(Serialize)]
pub struct WeekJson {
    week: SpanJson,
    hours: serde_json::Value,
    planned_hours: serde_json::Value,
    items: Vec<ItemJson>,
    done: Vec<ItemJson>,
}

#[derive(Serialize)]
struct SpanJson {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct ItemJson {
    id: String,
    title: String,
    stage: String,
    status: &'static str,
    weight: u32,
    /// The plan's hours for the item: its weight times its stage's hours per unit.
    hours: serde_json::Value,
    hours_per_weight: serde_json::Value,
}

fn one_decimal(v: f64) -> serde_json::Value {
    json_number((v * 10.0).round() / 10.0)
}

fn item_json(report: &Report, w: &WeekItem) -> ItemJson {
    let roadmap = report.roadmap;
    let item = &roadmap.items[w.item];
    ItemJson {
        id: item.id.clone(),
        title: item.title.clone(),
        stage: roadmap.stages[item.stage].id.clone(),
        status: w.status.as_str(),
        weight: item.weight,
        hours: one_decimal(w.hours),
        hours_per_weight: one_decimal(plan::hours_per_weight(report, item.stage)),
    }
}

pub fn document(report: &Report, week: &Week) -> WeekJson {
    WeekJson {
        week: SpanJson {
            start: week.start.to_string(),
            end: week.end.to_string(),
        },
        hours: json_number(week.hours),
        planned_hours: one_decimal(week.planned_hours()),
        items: week.items.iter().map(|w| item_json(report, w)).collect(),
        done: week.done.iter().map(|w| item_json(report, w)).collect(),
    }
}
