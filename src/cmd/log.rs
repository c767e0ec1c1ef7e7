//! `roadmap log`: starts and completions by date, newest first, with weekly activity.

use std::io::Write;

use chrono::{Datelike, Days, NaiveDate};

use crate::cli::LogArgs;
use crate::cmd::{Ctx, print_json, prose, report};
use crate::error::Result;
use crate::progress::Status;
use crate::report::EventKind;
use crate::ui;
use crate::view;
use crate::view::table::{Cell, Column, ROWS_PER_BLOCK, Style, Table};
use crate::view::text::mark;

/// Weeks shown in the activity line.
const WEEKS: usize = 26;

/// Completions per week for the `weeks` weeks ending with today's week (Monday start).
pub fn weekly(dates: &[NaiveDate], today: NaiveDate, weeks: usize) -> Vec<usize> {
    let this_monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let mut counts = vec![0; weeks];
    for &d in dates {
        if d > today {
            continue;
        }
        let back = (this_monday - d).num_days();
        let index = if back <= 0 {
            0
        } else {
            ((back + 6) / 7) as usize
        };
        if index < weeks {
            counts[weeks - 1 - index] += 1;
        }
    }
    counts
}

pub fn run(ctx: &Ctx, args: &LogArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let report = report(&loaded, &progress, ctx.today);
    let since = args.since.map(|d| d.resolve(ctx.today));
    let events = report.events(since);
    if args.json {
        return print_json(out, &view::json::log::document(&report, &events));
    }
    let ui = &ctx.ui;
    let done_dates: Vec<NaiveDate> = report
        .events(None)
        .iter()
        .filter(|e| e.kind == EventKind::Done)
        .map(|e| e.date)
        .collect();
    // The activity line keeps to the width: fewer weeks on a narrow screen.
    let mut weeks = WEEKS;
    let (label, counts, recent) = loop {
        let counts = weekly(&done_dates, ctx.today, weeks);
        let recent: usize = counts.iter().sum();
        let label = format!("Done per week, last {weeks} weeks:");
        let wide = ui::width(&label) + 2 + weeks + 2 + ui::width(&format!("{recent} done"));
        if wide <= ui.width || weeks <= 4 {
            break (label, counts, recent);
        }
        weeks -= 1;
    };
    writeln!(
        out,
        "{} [{}] {}",
        ui.bold(&label),
        ui.green(&ui::sparkline(ui, &counts)),
        ui.dim(&format!("{recent} done"))
    )?;
    writeln!(out)?;
    if events.is_empty() {
        match since {
            Some(since) => writeln!(out, "Nothing started or done since {since}.")?,
            None => prose(
                ui,
                "Nothing started or done yet. `roadmap done ITEM` records a completion.",
                out,
            )?,
        }
        return Ok(());
    }
    let row = |e: &crate::report::Event, words: bool| {
        let item = &roadmap.items[e.item];
        let kind = match (e.kind, words) {
            (EventKind::Done, true) => Cell::styled("done", Style::Green),
            (EventKind::Started, true) => Cell::styled("started", Style::Yellow),
            (EventKind::Done, false) => Cell::styled(mark(Status::Done), Style::Green),
            (EventKind::Started, false) => Cell::styled(mark(Status::Started), Style::Yellow),
        };
        vec![
            kind,
            Cell::styled(item.id.as_str(), Style::Cyan),
            Cell::new(item.title.as_str()),
        ]
    };
    // Years of history make a long table: it is measured whole, then drawn a
    // block of events at a time at the widths that fit.
    let wide = |e: &crate::report::Event, last: Option<NaiveDate>| {
        let date = if last == Some(e.date) {
            String::new()
        } else {
            e.date.to_string()
        };
        let mut cells = vec![Cell::new(date)];
        cells.extend(row(e, true));
        cells
    };
    let columns = [
        Column::keep(),
        Column::keep(),
        Column::keep(),
        Column::cut(10),
    ];
    let mut sizing = Table::new(&columns);
    let mut last_date = None;
    for e in &events {
        sizing.measure(&wide(e, last_date));
        last_date = Some(e.date);
    }
    if sizing.fits(ui.width) {
        let widths = sizing.fit(ui.width);
        let mut last_date = None;
        for block in events.chunks(ROWS_PER_BLOCK) {
            let mut table = Table::new(&columns);
            for e in block {
                table.row(wide(e, last_date));
                last_date = Some(e.date);
            }
            table.write_with(ui, &widths, out)?;
        }
        return Ok(());
    }
    // Narrow: each date on a line of its own, the events under it, marked as
    // in `roadmap list`.
    let columns = [Column::keep().gap(1), Column::keep(), Column::cut(10)];
    let mut sizing = Table::new(&columns).indent(2);
    for e in &events {
        sizing.measure(&row(e, false));
    }
    let widths = sizing.fit(ui.width);
    for day in events.chunk_by(|a, b| a.date == b.date) {
        writeln!(out, "{}", day[0].date)?;
        for block in day.chunks(ROWS_PER_BLOCK) {
            let mut table = Table::new(&columns).indent(2);
            for e in block {
                table.row(row(e, false));
            }
            table.write_with(ui, &widths, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_count_back_from_today() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 2026-11-30 is a Monday.
        let counts = weekly(
            &[
                d("2026-11-30"),
                d("2026-11-29"),
                d("2026-11-23"),
                d("2026-01-01"),
            ],
            d("2026-11-30"),
            3,
        );
        assert_eq!(counts, vec![0, 2, 1]);
    }
}
