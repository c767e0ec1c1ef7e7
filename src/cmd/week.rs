//! `roadmap week`: this week's work to stay on track at the profile's hours.

use std::io::Write;

use crate::cli::JsonArgs;
use crate::cmd::{Ctx, headline, print_json, prose, report};
use crate::error::Result;
use crate::forecast::State;
use crate::plan::{self, WeekItem};
use crate::progress::Status;
use crate::ui;
use crate::view::table::{Cell, Column, Style, Table};
use crate::view::text::versus_plan;
use crate::view::{self, percent_text};

pub fn run(ctx: &Ctx, args: &JsonArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let report = report(&loaded, &progress, ctx.today);
    let week = plan::week(&report);
    if args.json {
        return print_json(out, &view::json::week::document(&report, &week));
    }

    let ui = &ctx.ui;
    let roadmap = report.roadmap;
    let heading = format!("Week of {} to {} (Monday to Sunday)", week.start, week.end);
    let hours_line = format!(
        "{} h at your profile's hours per week",
        percent_text(week.hours)
    );
    headline(ui, &heading, &[hours_line], out)?;
    if report.current_stage().is_none() {
        writeln!(
            out,
            "Nothing left to learn here: every item is done or skipped."
        )?;
        return Ok(());
    }
    let rows: Vec<&WeekItem> = week.done.iter().chain(&week.items).collect();
    // Where a line is too short for a readable title, the title goes: the id
    // and the hours are the plan.
    let table = |titles: bool| {
        let mut columns = vec![Column::keep().gap(1), Column::keep()];
        if titles {
            columns.push(Column::cut(10));
        }
        columns.push(Column::keep().right());
        let mut table = Table::new(&columns).indent(2);
        for w in &rows {
            let item = &roadmap.items[w.item];
            let mark = match w.status {
                Status::Done => Cell::styled("[x]", Style::Green),
                Status::Started => Cell::styled("[~]", Style::Yellow),
                _ => Cell::new("[ ]"),
            };
            let mut cells = vec![mark, Cell::styled(item.id.as_str(), Style::Cyan)];
            if titles {
                cells.push(Cell::new(item.title.as_str()));
            }
            cells.push(Cell::new(format!("~{} h", hours(w.hours))));
            table.row(cells);
        }
        table
    };
    let full = table(true);
    writeln!(out)?;
    if full.fits(ui.width) {
        full.write(ui, out)?;
    } else {
        table(false).write(ui, out)?;
    }
    if week.items.is_empty() {
        for line in ui::wrap(
            "Nothing waits to be taken on: every item left needs a prerequisite first.",
            ui.width.saturating_sub(2),
        ) {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    let planned = week.planned_hours();
    let verdict = match week.items.as_slice() {
        [] if !week.done.is_empty() => format!(
            "This week's hours are done: about {} h of planned work since Monday.\n\
             `roadmap next` has more.",
            hours(planned)
        ),
        [only] if only.hours > week.hours => format!(
            "`{}` is about {} h of planned work: {} weeks at {} h a week.",
            &roadmap.items[only.item].id,
            hours(only.hours),
            (only.hours / week.hours).ceil(),
            percent_text(week.hours)
        ),
        _ if !week.done.is_empty() => format!(
            "About {} h of planned work for a {} h week, {} h of it done since Monday.",
            hours(planned),
            percent_text(week.hours),
            hours(week.done.iter().map(|w| w.hours).sum())
        ),
        _ => format!(
            "About {} h of planned work for a {} h week.",
            hours(planned),
            percent_text(week.hours)
        ),
    };
    for paragraph in verdict.lines() {
        prose(ui, paragraph, out)?;
    }
    // Say how the items were sized, in the stages they come from.
    let mut stages: Vec<usize> = rows.iter().map(|w| roadmap.items[w.item].stage).collect();
    stages.dedup();
    let per: Vec<String> = stages
        .iter()
        .map(|&k| {
            format!(
                "{} h per unit of weight in stage {}",
                hours(plan::hours_per_weight(&report, k)),
                k + 1
            )
        })
        .collect();
    if !per.is_empty() {
        let sized = format!("Sized by the plan: {}", per.join(", "));
        let how = "(a stage's planned time at your hours, shared among its items by weight).";
        for line in ui::wrap(&sized, ui.width)
            .into_iter()
            .chain(ui::wrap(how, ui.width))
        {
            writeln!(out, "{}", ui.dim(&line))?;
        }
    }
    if let Some(k) = report.current_stage() {
        let stage = &report.forecast.stages[k];
        if stage.state == State::Behind {
            let behind = format!(
                "Stage {} is forecast to finish {} against the plan. This week keeps the \
                 plan's pace; `roadmap plan --by DATE` says what catching up takes.",
                k + 1,
                versus_plan(stage)
            );
            for line in ui::wrap(&behind, ui.width) {
                writeln!(out, "{}", ui.yellow(&line))?;
            }
        }
    }
    Ok(())
}

/// `12`, `3.5`, `0.4`: hours to one decimal below 10, whole above.
fn hours(h: f64) -> String {
    if h >= 10.0 {
        format!("{}", h.round() as i64)
    } else {
        format!("{:.1}", h).trim_end_matches(".0").to_string()
    }
}
