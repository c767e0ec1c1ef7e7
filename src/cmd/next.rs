//! `roadmap next`: what to learn next, and why.

use std::io::Write;

use crate::cli::NextArgs;
use crate::cmd::{Ctx, hints, print_json, prose, report};
use crate::error::Result;
use crate::report::Reason;
use crate::roadmap::resolve;
use crate::view;
use crate::view::table::{Cell, Column, Style, Table};
use crate::view::text::reason_text;

pub fn run(ctx: &Ctx, args: &NextArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let track = match &args.track {
        Some(t) => Some(&roadmap.tracks[resolve::track(roadmap, t)?]),
        None => None,
    };
    let report = report(&loaded, &progress, ctx.today);
    let next = report.next_items(track, args.count);
    if args.json {
        return print_json(out, &view::json::next::document(&report, &next));
    }

    let ui = &ctx.ui;
    if next.is_empty() {
        if let Some(track) = track {
            prose(
                ui,
                &format!(
                    "Every item of the `{}` track is done or skipped. `roadmap next` shows what comes after it.",
                    &track.id
                ),
                out,
            )?;
        } else if report.current_stage().is_none() {
            prose(
                ui,
                "Nothing left to learn here: every item is done or skipped.",
                out,
            )?;
        } else {
            prose(
                ui,
                "Nothing is ready: every item left waits on a prerequisite. `roadmap list --status todo` shows them.",
                out,
            )?;
        }
        return Ok(());
    }
    // One table per stage, under its heading, the columns lined up across them;
    // where a line is too short for the reasons, they go before a title does.
    let build = |reasons: bool| {
        let mut columns = vec![Column::keep(), Column::cut(10)];
        if reasons {
            columns.push(Column::keep());
        }
        let mut groups: Vec<(usize, Table)> = Vec::new();
        for n in &next {
            let item = &roadmap.items[n.item];
            if groups.last().is_none_or(|(stage, _)| *stage != item.stage) {
                groups.push((item.stage, Table::new(&columns).indent(2)));
            }
            let mut cells = vec![
                Cell::styled(item.id.as_str(), Style::Cyan),
                Cell::new(item.title.as_str()),
            ];
            if reasons {
                cells.push(Cell::styled(
                    reason_text(roadmap, n),
                    match n.reason {
                        Reason::Started(_) => Style::Yellow,
                        Reason::Ready | Reason::Needed(_) => Style::Dim,
                    },
                ));
            }
            if let Some((_, table)) = groups.last_mut() {
                table.row(cells);
            }
        }
        let tables: Vec<&Table> = groups.iter().map(|(_, t)| t).collect();
        let widths = Table::fit_together(&tables, ui.width);
        let fits = tables
            .first()
            .is_none_or(|t| t.line_width(&widths) <= ui.width);
        (groups, widths, fits)
    };
    let (mut groups, mut widths, fits) = build(true);
    if !fits {
        (groups, widths, _) = build(false);
    }
    for (k, (stage, table)) in groups.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        let heading = format!("{} {}", stage + 1, &roadmap.stages[*stage].title);
        writeln!(out, "{}", ui.bold(&ui.truncate(&heading, ui.width)))?;
        table.write_with(ui, &widths, out)?;
    }
    writeln!(out)?;
    // Advice that does something: finish what is started, start what is not.
    let first = &roadmap.items[next[0].item].id;
    let verb = match next[0].reason {
        Reason::Started(_) => "done",
        Reason::Ready | Reason::Needed(_) => "start",
    };
    hints(
        ui,
        &[
            format!("roadmap {verb} {first}"),
            format!("roadmap show {first}"),
        ],
        out,
    )
}
