//! `roadmap status`: where the learner stands, when each stage will likely be
//! finished, and what to do next.

use std::io::Write;

use crate::cli::ForecastArgs;
use crate::cmd::{Ctx, command_lines, headline, hints, print_json, report_at_hours};
use crate::error::Result;
use crate::forecast::{State, month_of};
use crate::report::Report;
use crate::ui::{self, Ui};
use crate::view;
use crate::view::table::{Cell, Column, Style, Table};
use crate::view::text::{forecast_lines, profile_line, reason_text, stage_versus_plan};

const NEXT_UP: usize = 3;

pub fn run(ctx: &Ctx, args: &ForecastArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    // The process ends with this command: freeing a large roadmap and its progress
    // one allocation at a time would cost more than reading them did.
    let (progress, loaded) = (Box::leak(Box::new(progress)), Box::leak(Box::new(loaded)));
    let report = report_at_hours(loaded, progress, ctx.today, args.hours_per_week);
    if args.json {
        return print_json(out, &view::json::document(&report, &|_| true));
    }
    render(&report, &ctx.ui, out)?;
    if !report.orphans.is_empty() {
        let ids: Vec<&str> = report.orphans.iter().map(|(id, _)| id.as_str()).collect();
        ctx.warn(&format!(
            "the progress file has {} item{} that `{}` no longer has ({}); they are kept, see `roadmap doctor`",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            report.roadmap.id,
            short_list(&ids, 3),
        ));
    }
    if !report.profile.start_recorded
        && progress
            .progress
            .recent_work_began(&loaded.roadmap, ctx.today)
            .is_some()
    {
        ctx.warn(&format!(
            "no start recorded for `{}`: counting from {}, when your recent dated work began \
             (earlier work counts as already known); `roadmap profile --start DATE` records one",
            report.roadmap.id, report.profile.start
        ));
    }
    if let Some(b) = &report.unknown_background {
        ctx.warn(&format!(
            "background `{}` is not one of `{}`'s; using `{}` (see `roadmap profile`)",
            b,
            report.roadmap.id,
            report
                .profile
                .background
                .map_or("none", |i| report.roadmap.backgrounds[i].id.as_str())
        ));
    }
    Ok(())
}

fn short_list(ids: &[&str], n: usize) -> String {
    let mut text = ids.iter().take(n).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > n {
        text.push_str(&format!(", and {} more", ids.len() - n));
    }
    text
}

pub fn render(report: &Report, ui: &Ui, out: &mut dyn Write) -> Result<()> {
    let roadmap = report.roadmap;
    let s = &report.summary;
    let title = roadmap.title.to_string();
    let parts = [
        format!(
            "{}% done, {}/{} items",
            view::percent_text(s.percent()),
            s.done,
            s.total
        ),
        profile_line(report),
    ];
    headline(ui, &title, &parts, out)?;
    writeln!(out)?;

    let current = report.current_stage();
    // On a narrow screen the bar goes, so the titles keep some room; the
    // counts say the same.
    let bar = ui.width >= 70;
    let number_w = roadmap.stages.len().to_string().len();
    let mut columns = vec![Column::keep().gap(1), Column::cut(8)];
    let mut header = vec!["", "Stage"];
    if bar {
        columns.push(Column::keep());
        header.push("Progress");
    }
    columns.extend([
        Column::keep().right(),
        Column::keep(),
        Column::keep(),
        Column::keep(),
    ]);
    header.extend(["Done", "Plan", "Forecast", "vs plan"]);
    let mut table = Table::new(&columns).header(&header);
    for (k, stage) in roadmap.stages.iter().enumerate() {
        let c = &report.stages[k].counts;
        let f = &report.forecast.stages[k];
        let (min, max) = report.stages[k].planned_months;
        let forecast = match (f.state, f.p50) {
            (_, None) => "-".to_string(),
            // The stage in hand gets a day; later ones a month, as the day is noise.
            (State::Done, Some(d)) => d.format("%Y-%m-%d").to_string(),
            (_, Some(d)) if Some(k) == current => d.format("%Y-%m-%d").to_string(),
            (_, Some(d)) => month_of(d),
        };
        let here = Some(k) == current;
        let mut row = vec![
            if here {
                Cell::styled(ui.current_marker(), Style::Cyan)
            } else {
                Cell::new(" ")
            },
            Cell::styled(
                format!("{:>number_w$} {}", k + 1, stage.title),
                if here { Style::Bold } else { Style::Plain },
            ),
        ];
        if bar {
            let (done, left) = ui.bar_parts(c.percent(), 8);
            row.push(Cell::styled(done + &left, Style::Green));
        }
        row.extend([
            Cell::new(format!("{}/{}", c.done, c.total)),
            Cell::new(ui::months_range(min, max)),
            Cell::new(forecast),
            Cell::styled(
                stage_versus_plan(report, k),
                match f.state {
                    State::Behind => Style::Yellow,
                    State::Ahead | State::Done => Style::Green,
                    State::OnTrack => Style::Plain,
                },
            ),
        ]);
        table.row(row);
    }
    table.write(ui, out)?;

    let first_run = report.items.iter().all(|r| r.is_empty());
    if current.is_some() && !first_run {
        writeln!(out)?;
        for line in forecast_lines(report) {
            for line in ui::wrap(&line, ui.width) {
                writeln!(out, "{}", ui.dim(&line))?;
            }
        }
    }

    if first_run {
        write_first_run(report, ui, out)?;
        return Ok(());
    }
    if current.is_none() {
        writeln!(out)?;
        let done = format!("Every stage of {} is done. Well earned.", roadmap.title);
        for line in ui.wrap(&done, ui.width) {
            writeln!(out, "{}", ui.green(&line))?;
        }
        writeln!(out)?;
        let parts = ["roadmap log", "roadmap export --format markdown"].map(String::from);
        return hints(ui, &parts, out);
    }

    let next = report.next_items(None, NEXT_UP);
    writeln!(out)?;
    writeln!(out, "{}", ui.bold("Next up"))?;
    // Where a line is too short for the reasons, they go before a title does.
    let table = |reasons: bool| {
        let mut columns = vec![Column::keep(), Column::cut(10)];
        if reasons {
            columns.push(Column::keep());
        }
        let mut table = Table::new(&columns).indent(2);
        for n in &next {
            let item = &roadmap.items[n.item];
            let mut cells = vec![
                Cell::styled(item.id.as_str(), Style::Cyan),
                Cell::new(item.title.as_str()),
            ];
            if reasons {
                cells.push(Cell::styled(reason_text(roadmap, n), Style::Dim));
            }
            table.row(cells);
        }
        table
    };
    let full = table(true);
    let table = if full.line_width(&full.fit(ui.width)) <= ui.width {
        full
    } else {
        table(false)
    };
    table.write(ui, out)?;
    writeln!(out)?;
    if let Some((track, finished)) = report.suggested_track() {
        let parts = [
            format!(
                "Your track: {}, {finished}/{} done",
                &track.id,
                track.items.len()
            ),
            format!("roadmap next --track {}", &track.id),
        ];
        hints(ui, &parts, out)?;
    }
    let parts: Vec<String> = match next.first() {
        Some(n) => vec![
            format!("roadmap done {}", &roadmap.items[n.item].id),
            "roadmap next".into(),
            "roadmap timeline".into(),
        ],
        None => vec!["roadmap list".into(), "roadmap timeline".into()],
    };
    hints(ui, &parts, out)
}

/// The first steps, leaving out what the learner has done already: choose a
/// background and pace (until a background is chosen), tick what they know, and
/// follow the track made for their background.
fn write_first_run(report: &Report, ui: &Ui, out: &mut dyn Write) -> Result<()> {
    let roadmap = report.roadmap;
    writeln!(out)?;
    writeln!(out, "{}", ui.bold("Get started"))?;
    let step = |out: &mut dyn Write, command: &str, what: &str| -> Result<()> {
        for line in command_lines(&ui.text(command), ui.width.saturating_sub(2)) {
            writeln!(out, "  {}", ui.cyan(&line))?;
        }
        for line in ui.wrap(what, ui.width.saturating_sub(6)) {
            writeln!(out, "      {}", ui.dim(&line))?;
        }
        Ok(())
    };
    let backgrounds: Vec<&str> = roadmap.backgrounds.iter().map(|b| b.id.as_str()).collect();
    if !report.background_chosen
        && let Some(example) = backgrounds.last()
    {
        step(
            out,
            &format!(
                "roadmap profile --background {} --hours-per-week 8",
                example
            ),
            &format!("set your background ({}) and pace", &backgrounds.join(", ")),
        )?;
    }
    let first: Vec<&str> = report
        .next_items(None, 2)
        .iter()
        .map(|n| roadmap.items[n.item].id.as_str())
        .collect();
    if !first.is_empty() {
        let example_date = report.today - chrono::Days::new(30);
        step(
            out,
            &format!(
                "roadmap done {} --on {}",
                &first.join(" "),
                example_date.format("%Y-%m-%d")
            ),
            "tick what you already know: counted as known before you started",
        )?;
    }
    if let Some((track, _)) = report.suggested_track() {
        step(
            out,
            &format!("roadmap next --track {}", &track.id),
            &format!("the track for your background: {}", &track.title),
        )?;
    }
    writeln!(out)?;
    let parts = ["roadmap list", "roadmap next", "roadmap timeline"].map(String::from);
    hints(ui, &parts, out)
}
