//! `roadmap log`: starts and completions by date, newest first, with weekly activity.

use std::io::Write;

use chrono::{Datelike, Days, NaiveDate};

use crate::cli::LogArgs;
use crate::cmd::{Ctx, print_json, report};
use crate::error::Result;
use crate::report::EventKind;
use crate::ui::{self, escape, pad, truncate};
use crate::view;

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
    let counts = weekly(&done_dates, ctx.today, WEEKS);
    let recent: usize = counts.iter().sum();
    writeln!(
        out,
        "{} [{}] {}",
        ui.bold("Done per week, last 26 weeks:"),
        ui.green(&ui::sparkline(ui, &counts)),
        ui.dim(&format!("{recent} done"))
    )?;
    writeln!(out)?;
    if events.is_empty() {
        match since {
            Some(since) => writeln!(out, "Nothing started or done since {since}.")?,
            None => writeln!(
                out,
                "Nothing started or done yet. `roadmap done ITEM` records a completion."
            )?,
        }
        return Ok(());
    }
    let id_w = events
        .iter()
        .map(|e| ui::width(&escape(&roadmap.items[e.item].id)))
        .max()
        .unwrap_or(0)
        .min(24);
    let mut last_date = None;
    for e in &events {
        let item = &roadmap.items[e.item];
        let date = if last_date == Some(e.date) {
            " ".repeat(10)
        } else {
            e.date.to_string()
        };
        last_date = Some(e.date);
        let kind = match e.kind {
            EventKind::Done => ui.green("done   "),
            EventKind::Started => ui.yellow("started"),
        };
        let title_w = 80usize.saturating_sub(10 + 2 + 7 + 2 + id_w + 2).max(10);
        let line = format!(
            "{date}  {kind}  {}  {}",
            ui.cyan(&pad(&truncate(&escape(&item.id), id_w), id_w)),
            truncate(&escape(&item.title), title_w)
        );
        writeln!(out, "{}", line.trim_end())?;
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
