//! `roadmaps --json`: `{ "roadmaps": [ { "id", "title", "source", "path", "items",
//! "active", "problem" } ] }`.

use serde::Serialize;

use crate::roadmap::catalog::Entry;

#[derive(Serialize)]
pub struct RoadmapsJson {
    roadmaps: Vec<EntryJson>,
}

#[derive(Serialize)]
struct EntryJson {
    id: String,
    title: String,
    source: &'static str,
    path: Option<String>,
    items: usize,
    active: bool,
    problem: Option<String>,
}

/// The catalog's entries; `is_active` tells the one in use.
pub fn document(entries: &[Entry], is_active: &dyn Fn(&Entry) -> bool) -> RoadmapsJson {
    RoadmapsJson {
        roadmaps: entries
            .iter()
            .map(|e| EntryJson {
                id: e.id.clone(),
                title: e.title.clone(),
                source: e.source.kind(),
                path: e.source.path().map(|p| p.display().to_string()),
                items: e.items,
                active: is_active(e),
                problem: e.problem.clone(),
            })
            .collect(),
    }
}
