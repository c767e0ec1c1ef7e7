//! `roadmaps --json`: `{ "roadmaps": [ { "id", "title", "source", "path", "items",
//! "active", "problem" } ] }`.

use serde::Serialize;

use crate::roadmap::catalog::Entry;

#[derive(Serialize)]
pub struct RoadmapsJson<'a> {
    roadmaps: Vec<EntryJson<'a>>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: &'a str,
    title: &'a str,
    source: &'static str,
    path: Option<String>,
    items: usize,
    active: bool,
    problem: Option<&'a str>,
}

/// The catalog's entries; `is_active` tells the one in use.
pub fn document<'a>(entries: &'a [Entry], is_active: &dyn Fn(&Entry) -> bool) -> RoadmapsJson<'a> {
    RoadmapsJson {
        roadmaps: entries
            .iter()
            .map(|e| EntryJson {
                id: &e.id,
                title: &e.title,
                source: e.source.kind(),
                path: e.source.path().map(|p| p.display().to_string()),
                items: e.items,
                active: is_active(e),
                problem: e.problem.as_deref(),
            })
            .collect(),
    }
}
