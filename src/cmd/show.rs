//! `roadmap show ITEM`: everything about one item.

use std::io::Write;

use serde::Serialize;

use crate::cli::ShowArgs;
use crate::cmd::{Ctx, print_json, report};
use crate::error::Result;
use crate::progress::Status;
use crate::roadmap::Resource;
use crate::roadmap::resolve;
use crate::ui::{escape, escape_keep_lines};
use crate::view::json::{ItemJson, item_json};
use crate::view::text::mark;

#[derive(Serialize)]
struct ShowJson {
    #[serde(flatten)]
    item: ItemJson,
    stage: String,
    summary: Option<String>,
    aliases: Vec<String>,
    requires: Vec<RefJson>,
    required_by: Vec<RefJson>,
    resources: Vec<Resource>,
    tracks: Vec<String>,
}

#[derive(Serialize)]
struct RefJson {
    id: String,
    title: String,
    status: &'static str,
}

pub fn run(ctx: &Ctx, args: &ShowArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let i = resolve::item(roadmap, &args.item)?;
    let report = report(&loaded, &progress, ctx.today);
    let item = &roadmap.items[i];
    let reference = |r: usize| RefJson {
        id: roadmap.items[r].id.clone(),
        title: roadmap.items[r].title.clone(),
        status: report.items[r].status.as_str(),
    };
    let required_by: Vec<usize> = (0..roadmap.items.len())
        .filter(|&o| roadmap.items[o].requires.contains(&i))
        .collect();
    let tracks: Vec<String> = roadmap
        .tracks
        .iter()
        .filter(|t| t.items.contains(&i))
        .map(|t| t.id.clone())
        .collect();
    if args.json {
        return print_json(
            out,
            &ShowJson {
                item: item_json(&report, i),
                stage: roadmap.stages[item.stage].id.clone(),
                summary: item.summary.clone(),
                aliases: item.aliases.clone(),
                requires: item.requires.iter().map(|&r| reference(r)).collect(),
                required_by: required_by.iter().map(|&r| reference(r)).collect(),
                resources: item.resources.clone(),
                tracks,
            },
        );
    }

    let ui = &ctx.ui;
    let record = &report.items[i];
    writeln!(
        out,
        "{}  {}",
        ui.bold(&escape(&item.title)),
        ui.dim(&format!("({})", escape(&item.id)))
    )?;
    let mut facts = vec![format!(
        "stage {} · {}",
        item.stage + 1,
        escape(&roadmap.stages[item.stage].title)
    )];
    if let Some(area) = &item.area {
        facts.push(escape(area).into_owned());
    }
    facts.push(format!("{} · weight {}", item.kind.as_str(), item.weight));
    writeln!(out, "{}", ui.dim(&facts.join(" · ")))?;
    let status = match record.status {
        Status::Done => format!(
            "done{}{}",
            record.done.map(|d| format!(" {d}")).unwrap_or_default(),
            record
                .started
                .map(|d| format!(" (started {d})"))
                .unwrap_or_default()
        ),
        Status::Started => format!(
            "started{}",
            record.started.map(|d| format!(" {d}")).unwrap_or_default()
        ),
        Status::Skipped => "skipped".into(),
        Status::Todo if report.prerequisites_met(i) => "todo, ready to start".into(),
        Status::Todo => "todo, waiting on prerequisites".into(),
    };
    writeln!(out, "Status: {status}")?;
    if let Some(summary) = &item.summary {
        writeln!(out)?;
        for line in wrap(&escape(summary), 78) {
            writeln!(out, "{line}")?;
        }
    }
    let list = |out: &mut dyn Write, heading: &str, items: &[usize]| -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(out, "{}", ui.bold(heading))?;
        let id_w = items
            .iter()
            .map(|&r| crate::ui::width(&escape(&roadmap.items[r].id)))
            .max()
            .unwrap_or(0)
            .min(30);
        for &r in items {
            let line = format!(
                "  {} {}  {}",
                mark(report.items[r].status),
                crate::ui::pad(&escape(&roadmap.items[r].id), id_w),
                ui.dim(&escape(&roadmap.items[r].title))
            );
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    };
    list(out, "Requires", &item.requires)?;
    list(out, "Unlocks", &required_by)?;
    if !tracks.is_empty() {
        writeln!(out)?;
        writeln!(out, "{} {}", ui.bold("Tracks:"), tracks.join(", "))?;
    }
    if !item.resources.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui.bold("Resources"))?;
        for r in &item.resources {
            writeln!(out, "  {}  {}", escape(&r.title), ui.cyan(&escape(&r.url)))?;
        }
    }
    if !item.aliases.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} {}",
            ui.bold("Also known as:"),
            escape(&item.aliases.join(", "))
        )?;
    }
    if let Some(note) = &record.note {
        writeln!(out)?;
        writeln!(out, "{}", ui.bold("Note"))?;
        for line in escape_keep_lines(note).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    let id = escape(&item.id);
    let hint = match record.status {
        Status::Done => format!("roadmap note {id} \"...\"  ·  roadmap undo {id}"),
        Status::Started => format!("roadmap done {id}  ·  roadmap note {id} \"...\""),
        Status::Todo | Status::Skipped => format!("roadmap start {id}  ·  roadmap done {id}"),
    };
    writeln!(out, "  {}", ui.dim(&hint))?;
    Ok(())
}

/// Greedy word wrap to `width` columns.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && crate::ui::width(&line) + 1 + crate::ui::width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
