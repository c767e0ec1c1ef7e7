//! `roadmap list`: the checklist, grouped by stage and area.

use std::io::Write;

use crate::cli::{ListArgs, StatusFilter};
use crate::cmd::{Ctx, print_json, report};
use crate::error::Result;
use crate::progress::Status;
use crate::report::Report;
use crate::roadmap::resolve;
use crate::ui::Ui;
use crate::view;
use crate::view::table::{self, Cell, Column, Style, Table};
use crate::view::text::mark;

pub fn run(ctx: &Ctx, args: &ListArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let report = report(&loaded, &progress, ctx.today);
    let stage = args
        .stage
        .as_deref()
        .map(|s| resolve::stage(roadmap, s))
        .transpose()?;
    let track = match args.track.as_deref() {
        Some(t) => Some(resolve::track(roadmap, t)?),
        None => None,
    };
    let wanted = args.status.map(|s| match s {
        StatusFilter::Todo => Status::Todo,
        StatusFilter::Started => Status::Started,
        StatusFilter::Done => Status::Done,
        StatusFilter::Skipped => Status::Skipped,
    });
    let keep = |i: usize| {
        stage.is_none_or(|s| roadmap.items[i].stage == s)
            && wanted.is_none_or(|w| report.items[i].status == w)
            && track.is_none_or(|t| roadmap.tracks[t].items.contains(&i))
    };
    if args.json {
        return print_json(out, &view::json::document(&report, &keep));
    }
    render(&report, &keep, &ctx.ui, out)
}

fn render(
    report: &Report,
    keep: &dyn Fn(usize) -> bool,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<()> {
    let roadmap = report.roadmap;
    // One layout for every group, so the columns line up down the whole list:
    // the id and date columns as wide as their widest, the titles in what is left.
    let columns = [
        Column::keep().gap(1),
        Column::keep(),
        Column::cut(10),
        Column::keep(),
    ];
    // When the line is short, started dates lose their `since` (the `[~]` says
    // it), and then the dates give way, before a title gets too short to read.
    #[derive(Clone, Copy, PartialEq)]
    enum Dates {
        Full,
        Short,
        Hidden,
    }
    const LAYOUTS: [Dates; 3] = [Dates::Full, Dates::Short, Dates::Hidden];
    let cells = |i: usize, dates: Dates| -> Vec<Cell> {
        let item = &roadmap.items[i];
        let record = &report.items[i];
        let when = match (record.status, dates) {
            (_, Dates::Hidden) => None,
            (Status::Done, _) => record.done.map(|d| d.to_string()),
            (Status::Started, Dates::Full) => record.started.map(|d| format!("since {d}")),
            (Status::Started, Dates::Short) => record.started.map(|d| d.to_string()),
            _ => None,
        }
        .unwrap_or_default();
        let project = if item.kind == crate::roadmap::Kind::Project {
            " (project)"
        } else {
            ""
        };
        let style = match record.status {
            Status::Done => Style::Green,
            Status::Started => Style::Yellow,
            Status::Skipped => Style::Dim,
            Status::Todo => Style::Plain,
        };
        vec![
            Cell::styled(mark(record.status), style),
            Cell::new(item.id.as_str()),
            Cell::new(format!("{}{project}", item.title)),
            Cell::styled(when, Style::Dim),
        ]
    };
    // Measured first and built again per group, so a long list is never held whole.
    let mut content = [[3, 0, 0, 0]; 3];
    for i in (0..roadmap.items.len()).filter(|&i| keep(i)) {
        for (n, dates) in LAYOUTS.into_iter().enumerate() {
            for (w, cell) in content[n].iter_mut().zip(&cells(i, dates)).skip(1) {
                *w = (*w).max(cell.width());
            }
        }
    }
    // Items in an area stand two blanks further in: fitted for the deeper margin.
    const READABLE: usize = 16;
    let layouts = LAYOUTS.into_iter().zip(content).map(|(dates, content)| {
        let widths = table::fit(&columns, &content, 4, ui.width);
        (dates, widths, content[2])
    });
    let mut chosen = None;
    for (dates, widths, longest) in layouts {
        let readable = widths[2] >= READABLE.min(longest);
        chosen = Some((dates, widths));
        if readable {
            break;
        }
    }
    let (dates, widths) = chosen.unwrap_or((Dates::Hidden, vec![3, 0, 0, 0]));
    let mut shown = 0;
    for (k, stage) in roadmap.stages.iter().enumerate() {
        let items: Vec<usize> = stage.items.clone().filter(|&i| keep(i)).collect();
        if items.is_empty() {
            continue;
        }
        if shown > 0 {
            writeln!(out)?;
        }
        let c = &report.stages[k].counts;
        let number = format!("{} ", k + 1);
        let counts = format!("({}/{} done)", c.done, c.total);
        let title_w = ui
            .width
            .saturating_sub(number.len() + 1 + counts.len())
            .max(10);
        writeln!(
            out,
            "{} {}",
            ui.bold(&format!("{number}{}", ui.truncate(&stage.title, title_w))),
            ui.dim(&counts)
        )?;
        // Areas in order of first appearance; items without one come first.
        let mut areas: Vec<Option<&str>> = Vec::new();
        for &i in &items {
            let area = roadmap.items[i].area.as_deref();
            if !areas.contains(&area) {
                areas.push(area);
            }
        }
        areas.sort_by_key(|a| a.is_some());
        for area in areas {
            let indent = if let Some(a) = area {
                writeln!(
                    out,
                    "  {}",
                    ui.cyan(&ui.truncate(a, ui.width.saturating_sub(2)))
                )?;
                4
            } else {
                2
            };
            let mut group = Table::new(&columns).indent(indent);
            for &i in items
                .iter()
                .filter(|&&i| roadmap.items[i].area.as_deref() == area)
            {
                group.row(cells(i, dates));
                shown += 1;
            }
            group.write_with(ui, &widths, out)?;
        }
    }
    if shown == 0 {
        writeln!(out, "No items match.")?;
    }
    Ok(())
}
