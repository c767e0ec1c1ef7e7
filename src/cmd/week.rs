//! `roadmap week`: this week's work to stay on track at the profile's hours.

use std::io::Write;

use crate::cli::JsonArgs;
use crate::cmd::{Ctx, print_json, report};
use crate::error::Result;
use crate::forecast::State;
use crate::plan::{self, WeekItem};
use crate::progress::Status;
use crate::ui::{self, escape, pad, pad_left, truncate};
use crate::view::text::versus_plan;
use crate::view::{self, percent_text};

const WIDTH: usize = 80;

pub fn run(ctx: &Ctx, args: &JsonArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let report = report(&loaded, &progress, ctx.today);
    let week = plan::week(&report);
    if args.json {
        return print_json(out, &view::json::week::document(&report, &week));
    }

    let ui = &ctx.ui;
    let roadmap = report.roadmap;
    writeln!(
        out,
        "{} · {} h at your profile's hours per week",
        ui.bold(&format!(
            "Week of {} to {} (Monday to Sunday)",
            week.start, week.end
        )),
        percent_text(week.hours)
    )?;
    if report.current_stage().is_none() {
        writeln!(
            out,
            "Nothing left to learn here: every item is done or skipped."
        )?;
        return Ok(());
    }
    let rows: Vec<&WeekItem> = week.done.iter().chain(&week.items).collect();
    let id_w = rows
        .iter()
        .map(|w| ui::width(&escape(&roadmap.items[w.item].id)))
        .max()
        .unwrap_or(0)
        .min(26);
    let hours_w = 8;
    let title_w = WIDTH.saturating_sub(2 + 4 + id_w + 2 + 2 + hours_w).max(10);
    writeln!(out)?;
    for w in &rows {
        let item = &roadmap.items[w.item];
        let mark = match w.status {
            Status::Done => ui.green("[x]"),
            Status::Started => ui.yellow("[~]"),
            _ => "[ ]".to_string(),
        };
        let line = format!(
            "  {mark} {}  {}  {}",
            ui.cyan(&pad(&truncate(&escape(&item.id), id_w), id_w)),
            pad(&truncate(&escape(&item.title), title_w), title_w),
            pad_left(&format!("~{} h", hours(w.hours)), hours_w)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    if week.items.is_empty() {
        writeln!(
            out,
            "  Nothing waits to be taken on: every item left needs a prerequisite first."
        )?;
    }
    writeln!(out)?;
    let planned = week.planned_hours();
    let verdict = match week.items.as_slice() {
        [] if !week.done.is_empty() => format!(
            "This week's hours are done: about {} h of planned work since Monday.\n`roadmap next` has more.",
            hours(planned)
        ),
        [only] if only.hours > week.hours => format!(
            "`{}` is about {} h of planned work: {} weeks at {} h a week.",
            escape(&roadmap.items[only.item].id),
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
    writeln!(out, "{verdict}")?;
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
        writeln!(
            out,
            "{}",
            ui.dim(&format!(
                "Sized by the plan: {}\n(a stage's planned time at your hours, shared among its items by weight).",
                per.join(", ")
            ))
        )?;
    }
    if let Some(k) = report.current_stage() {
        let stage = &report.forecast.stages[k];
        if stage.state == State::Behind {
            writeln!(
                out,
                "{}",
                ui.yellow(&format!(
                    "Stage {} is forecast to finish {} against the plan. This week keeps the\nplan's pace; `roadmap plan --by DATE` says what catching up takes.",
                    k + 1,
                    versus_plan(stage)
                ))
            )?;
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
