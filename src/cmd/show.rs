//! `roadmap show ITEM`: everything about one item.

use std::io::Write;

use crate::cli::ShowArgs;
use crate::cmd::{Ctx, hints, print_json, report};
use crate::error::Result;
use crate::progress::Status;
use crate::roadmap::resolve;
use crate::view;
use crate::view::table::{Cell, Column, Style, Table};
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
    let title = ui.text(&item.title);
    let id = ui.text(&item.id);
    let named = format!("({id})");
    if crate::ui::width(&title) + 2 + crate::ui::width(&named) <= ui.width {
        writeln!(out, "{}  {}", ui.bold(&title), ui.dim(&named))?;
    } else {
        for line in crate::ui::wrap(&title, ui.width) {
            writeln!(out, "{}", ui.bold(&line))?;
        }
        writeln!(out, "{}", ui.dim(&named))?;
    }
    let mut facts = vec![format!(
        "stage {} · {}",
        item.stage + 1,
        ui.text(&roadmap.stages[item.stage].title)
    )];
    if let Some(area) = &item.area {
        facts.push(ui.text(area).into_owned());
    }
    facts.push(item.kind.as_str().to_string());
    facts.push(format!("weight {}", item.weight));
    for line in crate::ui::join_fitting(&facts, " · ", ui.width) {
        for line in crate::ui::wrap(&line, ui.width) {
            writeln!(out, "{}", ui.dim(&line))?;
        }
    }
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
        for line in ui.wrap(summary, ui.width.min(80).saturating_sub(2)) {
            writeln!(out, "{line}")?;
        }
    }
    let list = |out: &mut dyn Write, heading: &str, items: &[usize]| -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(out, "{}", ui.bold(heading))?;
        let mut table =
            Table::new(&[Column::keep().gap(1), Column::keep(), Column::cut(10)]).indent(2);
        for &r in items {
            table.row(vec![
                Cell::new(mark(report.items[r].status)),
                Cell::new(roadmap.items[r].id.as_str()),
                Cell::styled(roadmap.items[r].title.as_str(), Style::Dim),
            ]);
        }
        table.write(ui, out)
    };
    list(out, "Requires", &item.requires)?;
    list(out, "Unlocks", &required_by)?;
    if !tracks.is_empty() {
        writeln!(out)?;
        let line = format!("Tracks: {}", tracks.join(", "));
        for (n, line) in crate::ui::wrap(&line, ui.width).iter().enumerate() {
            match line.strip_prefix("Tracks:") {
                Some(rest) if n == 0 => writeln!(out, "{}{rest}", ui.bold("Tracks:"))?,
                _ => writeln!(out, "{line}")?,
            }
        }
    }
    if !item.resources.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui.bold("Resources"))?;
        for r in &item.resources {
            let (title, url) = (ui.text(&r.title), ui.text(&r.url));
            // A link is never cut: it goes on a line of its own when both do not fit.
            if 2 + crate::ui::width(&title) + 2 + crate::ui::width(&url) <= ui.width {
                writeln!(out, "  {title}  {}", ui.cyan(&url))?;
            } else {
                for line in crate::ui::wrap(&title, ui.width.saturating_sub(2)) {
                    writeln!(out, "  {line}")?;
                }
                writeln!(out, "    {}", ui.cyan(&url))?;
            }
        }
    }
    if !item.aliases.is_empty() {
        writeln!(out)?;
        let line = format!("Also known as: {}", ui.text(&item.aliases.join(", ")));
        for (n, line) in crate::ui::wrap(&line, ui.width).iter().enumerate() {
            match line.strip_prefix("Also known as:") {
                Some(rest) if n == 0 => writeln!(out, "{}{rest}", ui.bold("Also known as:"))?,
                _ => writeln!(out, "{line}")?,
            }
        }
    }
    if let Some(note) = &record.note {
        writeln!(out)?;
        writeln!(out, "{}", ui.bold("Note"))?;
        for line in note.lines() {
            let wrapped = ui.wrap(line, ui.width.saturating_sub(2));
            if wrapped.is_empty() {
                writeln!(out)?;
            }
            for line in wrapped {
                writeln!(out, "  {line}")?;
            }
        }
    }
    writeln!(out)?;
    let hint = match record.status {
        Status::Done => [
            format!("roadmap note {id} \"...\""),
            format!("roadmap undo {id}"),
        ],
        Status::Started => [
            format!("roadmap done {id}"),
            format!("roadmap note {id} \"...\""),
        ],
        Status::Todo | Status::Skipped => {
            [format!("roadmap start {id}"), format!("roadmap done {id}")]
        }
    };
    hints(ui, &hint, out)
}
