//! `log --json`: `{ "events": [ { "date", "id", "title", "event": "started|done" } ] }`.

use serde::Serialize;

use crate::report::{Event, Report};

#[derive(Serialize)]
pub struct LogJson {
    events: Vec<EventJson>,
}

#[derive(Serialize)]
struct EventJson {
    date: String,
    id: String,
    title: String,
    event: &'static str,
}

pub fn document(report: &Report, events: &[Event]) -> LogJson {
    let items = &report.roadmap.items;
    LogJson {
        events: events
            .iter()
            .map(|e| EventJson {
                date: e.date.to_string(),
                id: items[e.item].id.clone(),
                title: items[e.item].title.clone(),
                event: e.kind.as_str(),
            })
            .collect(),
    }
}
