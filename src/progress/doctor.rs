//! `roadmap doctor`'s checks of a progress file against a roadmap: what a hand
//! edit or a renamed roadmap can leave behind. Pure: today is an input.

use chrono::NaiveDate;

use super::{Progress, Status};
use crate::roadmap::Roadmap;

/// One thing worth fixing. `message` is raw text: escape it where it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A stable name for scripts: `orphan`, `renamed`, `future_date`, `date_order`,
    /// `missing_date`, `missing_status`, `unknown_background`, `unknown_roadmap`,
    /// `unknown_key`, `conflict_markers`.
    pub kind: &'static str,
    /// The item id, key or value the problem is about.
    pub id: String,
    pub message: String,
}

/// Git's conflict markers in the text of a progress file, which no command can
/// then read: the problem, or `None`.
pub fn conflict_markers(text: &str) -> Option<Problem> {
    let line = super::merge::three_way::conflict_marker_line(text)?;
    Some(Problem {
        kind: "conflict_markers",
        id: line.to_string(),
        message: format!(
            "line {line}: git left conflict markers in the file (it was merged without \
roadmap's merge driver), so no command can read it until they are gone"
        ),
    })
}

/// Every problem of `progress` for `roadmap`, in a stable order. `known_roadmaps`
/// are the ids of the roadmaps the learner has (progress for others is reported).
pub fn check(
    progress: &Progress,
    roadmap: &Roadmap,
    known_roadmaps: &[String],
    today: NaiveDate,
) -> Vec<Problem> {
    let view = progress.for_roadmap(roadmap);
    let mut problems = Vec::new();
    let mut add = |kind: &'static str, id: &str, message: String| {
        problems.push(Problem {
            kind,
            id: id.to_string(),
            message,
        })
    };

    for (id, record) in &view.orphans {
        add(
            "orphan",
            id,
            format!(
                "`{id}` has progress ({}) but `{}` has no such item; it is kept",
                record.status.as_str(),
                roadmap.id
            ),
        );
    }
    for (old, i) in &view.aliased {
        add(
            "renamed",
            old,
            format!(
                "progress for `{old}` is kept under its old id; the next write moves it to `{}`",
                roadmap.items[*i].id
            ),
        );
    }
    let records = progress.roadmaps.get(&roadmap.id);
    for (id, record) in records.into_iter().flatten() {
        for (what, date) in [("started", record.started), ("done", record.done)] {
            if let Some(d) = date
                && d > today
            {
                add(
                    "future_date",
                    id,
                    format!("`{id}` is {what} on {d}, after today ({today})"),
                );
            }
        }
        if let (Some(s), Some(d)) = (record.started, record.done)
            && d < s
        {
            add(
                "date_order",
                id,
                format!("`{id}` is done on {d}, before it was started ({s})"),
            );
        }
        match record.status {
            Status::Done if record.done.is_none() => add(
                "missing_date",
                id,
                format!("`{id}` is done but has no `done` date, so the forecast cannot use it"),
            ),
            Status::Started if record.started.is_none() => add(
                "missing_date",
                id,
                format!("`{id}` is started but has no `started` date"),
            ),
            Status::Todo if record.done.is_some() => add(
                "missing_status",
                id,
                format!("`{id}` has a `done` date but no `status = \"done\"`; it counts as todo"),
            ),
            _ => {}
        }
    }
    let profile = progress.profile(&roadmap.id);
    if let Some(b) = &profile.background
        && roadmap.background(b).is_none()
    {
        add(
            "unknown_background",
            b,
            format!(
                "the profile's background `{b}` is not one of `{}`'s",
                roadmap.id
            ),
        );
    }
    if let Some(start) = profile.start
        && start > today
    {
        add(
            "future_date",
            "profile.start",
            format!("the profile starts on {start}, after today"),
        );
    }
    for id in progress.roadmaps.keys() {
        if *id != roadmap.id && !known_roadmaps.contains(id) {
            add(
                "unknown_roadmap",
                id,
                format!("progress is kept for roadmap `{id}`, which is not among your roadmaps"),
            );
        }
    }
    for key in &progress.unknown_keys {
        let line = key.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        add(
            "unknown_key",
            &key.key,
            format!(
                "`{}`{line} is not a key roadmap uses; it is kept as it is",
                key.key
            ),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::progress::ProgressFile;

    fn roadmap() -> Roadmap {
        let yaml = "format: 1\nid: r\ntitle: R\nbackgrounds:\n  - { id: developer, title: Dev }\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 1, max_months: 2 }\n    items:\n      - { id: a, title: A }\n      - { id: b, title: B, aliases: [old-b] }\n";
        crate::roadmap::parse(yaml.as_bytes()).unwrap().0
    }

    fn problems(text: &str) -> Vec<(&'static str, String)> {
        let file = ProgressFile::parse(Path::new("p.toml"), text.into()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        check(
            &file.progress,
            &roadmap(),
            &["r".into(), "other".into()],
            today,
        )
        .into_iter()
        .map(|p| (p.kind, p.id))
        .collect()
    }

    #[test]
    fn a_clean_file_has_no_problems() {
        let text = "format = 1\n[profile]\nbackground = \"developer\"\nstart = 2026-06-01\n\n[roadmaps.r.items.a]\nstatus = \"done\"\nstarted = 2026-06-02\ndone = 2026-06-20\n\n[roadmaps.other.items.x]\nstatus = \"done\"\ndone = 2026-06-03\n";
        assert_eq!(problems(text), vec![]);
    }

    #[test]
    fn each_kind_of_problem_is_found() {
        let text = "format = 1\ncolour = \"blue\"\n[profile]\nbackground = \"astronaut\"\nstart = 2026-08-01\n\n[roadmaps.r.items.a]\nstatus = \"done\"\nstarted = 2026-06-20\ndone = 2026-06-02\n\n[roadmaps.r.items.old-b]\nstatus = \"started\"\n\n[roadmaps.r.items.gone]\ndone = 2026-09-09\n\n[roadmaps.elsewhere.items.x]\nstatus = \"done\"\n";
        let found = problems(text);
        for (kind, id) in [
            ("orphan", "gone"),
            ("renamed", "old-b"),
            ("date_order", "a"),
            ("missing_date", "old-b"),
            ("future_date", "gone"),
            ("missing_status", "gone"),
            ("unknown_background", "astronaut"),
            ("future_date", "profile.start"),
            ("unknown_roadmap", "elsewhere"),
            ("unknown_key", "colour"),
        ] {
            assert!(
                found.contains(&(kind, id.to_string())),
                "{kind} {id} not in {found:?}"
            );
        }
    }
}
