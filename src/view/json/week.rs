//! `week --json`: `{ "week": { "start", "end" }, "hours", "planned_hours",
//! "items": [ { "id", "title", "stage", "status", ... } ], "done" }`.

use serde::Serialize;

use crate::plan::{self, Week, WeekItem};
use crate::report::Report;
use crate::ui::json_number;
use crate::view::json::Day;

#[derive(Serialize)]
pub struct WeekJson<'a> {
    week: SpanJson,
    hours: serde_json::Value,
    planned_hours: serde_json::Value,
    items: Vec<ItemJson<'a>>,
    done: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct SpanJson {
    start: Day,
    end: Day,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    title: &'a str,
    stage: &'a str,
    status: &'static str,
    weight: u32,
    /// The plan's hours for the item: its weight times its stage's hours per unit.
    hours: serde_json::Value,
    hours_per_weight: serde_json::Value,
}

fn one_decimal(v: f64) -> serde_json::Value {
    json_number((v * 10.0).round() / 10.0)
}

fn item_json<'a>(report: &'a Report, w: &WeekItem) -> ItemJson<'a> {
    let roadmap = report.roadmap;
    let item = &roadmap.items[w.item];
    ItemJson {
        id: &item.id,
        title: &item.title,
        stage: &roadmap.stages[item.stage].id,
        status: w.status.as_str(),
        weight: item.weight,
        hours: one_decimal(w.hours),
        hours_per_weight: one_decimal(plan::hours_per_weight(report, item.stage)),
    }
}

pub fn document<'a>(report: &'a Report, week: &Week) -> WeekJson<'a> {
    WeekJson {
        week: SpanJson {
            start: Day(week.start),
            end: Day(week.end),
        },
        hours: json_number(week.hours),
        planned_hours: one_decimal(week.planned_hours()),
        items: week.items.iter().map(|w| item_json(report, w)).collect(),
        done: week.done.iter().map(|w| item_json(report, w)).collect(),
    }
}
