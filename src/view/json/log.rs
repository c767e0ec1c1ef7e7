//! `log --json`: `{ "events": [ { "date", "id", "title", "event": "started|done" } ] }`.

use serde::Serialize;

use crate::report::{Event, Report};
use crate::view::json::Day;

#[derive(Serialize)]
pub struct LogJson<'a> {
    events: Vec<EventJson<'a>>,
}

#[derive(Serialize)]
struct EventJson<'a> {
    date: Day,
    id: &'a str,
    title: &'a str,
    event: &'static str,
}

pub fn document<'a>(report: &'a Report, events: &[Event]) -> LogJson<'a> {
    let items = &report.roadmap.items;
    LogJson {
        events: events
            .iter()
            .map(|e| EventJson {
                date: Day(e.date),
                id: &items[e.item].id,
                title: &items[e.item].title,
                event: e.kind.as_str(),
            })
            .collect(),
    }
}
