//! `roadmap show ITEM`: everything about one item.

use std::io::Write;

use crate::cli::ShowArgs;
use crate::cmd::{Ctx, print_json, report};
use crate::error::Result;
use crate::progress::Status;
use crate::roadmap::resolve;
use crate::ui::{escape, escape_keep_lines};
use crate::view;
use crate::view::text::mark;

pub fn run(ctx: &Ctx, args: &ShowArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let i = resolve::item(roadmap, &args.item)?;
    let report = report(&loaded, &progress, ctx.today);
    let item = &roadmap.items[i];
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
        let doc = view::json::show::document(&report, i, &required_by, &tracks);
        return print_json(out, &doc);
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
        for line in crate::ui::wrap(&escape(summary), 78) {
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
