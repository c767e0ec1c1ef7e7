//! `roadmap doctor`: check the progress file against the roadmap.

use std::io::Write;

use serde::Serialize;

use crate::cli::JsonArgs;
use crate::cmd::{Ctx, print_json};
use crate::error::Result;
use crate::progress::Status;
use crate::roadmap::catalog;
use crate::ui::escape;

#[derive(Serialize)]
struct DoctorJson {
    progress: String,
    roadmap: String,
    problems: Vec<ProblemJson>,
}

#[derive(Serialize)]
struct ProblemJson {
    kind: &'static str,
    id: String,
    message: String,
}

pub fn run(ctx: &Ctx, args: &JsonArgs, out: &mut dyn Write) -> Result<()> {
    let (file, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let progress = &file.progress;
    let view = progress.for_roadmap(roadmap);
    let mut problems = Vec::new();
    let mut add = |kind: &'static str, id: &str, message: String| {
        problems.push(ProblemJson {
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
                "`{}` has progress ({}) but `{}` has no such item; it is kept",
                escape(id),
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
                "progress for `{}` is kept under its old id; the next write moves it to `{}`",
                escape(old),
                roadmap.items[*i].id
            ),
        );
    }
    let records = progress.roadmaps.get(&roadmap.id);
    for (id, record) in records.into_iter().flatten() {
        let id_text = escape(id);
        for (what, date) in [("started", record.started), ("done", record.done)] {
            if let Some(d) = date
                && d > ctx.today
            {
                add(
                    "future_date",
                    id,
                    format!("`{id_text}` is {what} on {d}, after today ({})", ctx.today),
                );
            }
        }
        if let (Some(s), Some(d)) = (record.started, record.done)
            && d < s
        {
            add(
                "date_order",
                id,
                format!("`{id_text}` is done on {d}, before it was started ({s})"),
            );
        }
        match record.status {
            Status::Done if record.done.is_none() => add(
                "missing_date",
                id,
                format!(
                    "`{id_text}` is done but has no `done` date, so the forecast cannot use it"
                ),
            ),
            Status::Started if record.started.is_none() => add(
                "missing_date",
                id,
                format!("`{id_text}` is started but has no `started` date"),
            ),
            Status::Todo if record.done.is_some() => add(
                "missing_status",
                id,
                format!(
                    "`{id_text}` has a `done` date but no `status = \"done\"`; it counts as todo"
                ),
            ),
            _ => {}
        }
    }
    if let Some(b) = &progress.profile.background
        && roadmap.background(b).is_none()
    {
        add(
            "unknown_background",
            b,
            format!(
                "the profile's background `{}` is not one of `{}`'s",
                escape(b),
                roadmap.id
            ),
        );
    }
    if let Some(start) = progress.profile.start
        && start > ctx.today
    {
        add(
            "future_date",
            "profile.start",
            format!("the profile starts on {start}, after today"),
        );
    }
    let known: Vec<String> = catalog::list(ctx.paths.user_roadmaps.as_deref())
        .into_iter()
        .map(|e| e.id)
        .collect();
    for id in progress.roadmaps.keys() {
        if *id != roadmap.id && !known.contains(id) {
            add(
                "unknown_roadmap",
                id,
                format!(
                    "progress is kept for roadmap `{}`, which is not among your roadmaps",
                    escape(id)
                ),
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
                escape(&key.key)
            ),
        );
    }

    let path = ctx.paths.progress.display().to_string();
    if args.json {
        return print_json(
            out,
            &DoctorJson {
                progress: path,
                roadmap: roadmap.id.clone(),
                problems,
            },
        );
    }
    let ui = &ctx.ui;
    let exists = file.original.is_some();
    writeln!(
        out,
        "progress file: {} ({}{})",
        path,
        ctx.paths.progress_origin.describe(),
        if exists { "" } else { "; not created yet" }
    )?;
    writeln!(
        out,
        "roadmap:       {} ({})",
        roadmap.id,
        loaded.source.kind()
    )?;
    writeln!(out)?;
    if problems.is_empty() {
        writeln!(out, "{}", ui.green("No problems found."))?;
    } else {
        for p in &problems {
            writeln!(out, "{} {}", ui.yellow(&format!("{}:", p.kind)), p.message)?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{} problem{} found. The file is safe to edit by hand to fix them.",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}
