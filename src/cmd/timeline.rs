//! `roadmap timeline`: planned windows, forecast P50/P85, ahead or behind, and a
//! chart across the years.

use std::io::Write;

use chrono::{Datelike, NaiveDate};

use crate::cli::ForecastArgs;
use crate::cmd::{Ctx, headline, print_json, report_at_hours};
use crate::error::Result;
use crate::forecast::{State, month_of};
use crate::report::Report;
use crate::ui::{self, Ui, pad};
use crate::view;
use crate::view::table::{Cell, Column, Style, Table};
use crate::view::text::{forecast_lines, profile_line, stage_versus_plan};

/// Left margin of the chart, where the stage numbers stand.
const LABEL: usize = 6;

pub fn run(ctx: &Ctx, args: &ForecastArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let report = report_at_hours(&loaded, &progress, ctx.today, args.hours_per_week);
    if args.json {
        return print_json(out, &view::json::timeline::document(&report));
    }
    render(&report, &ctx.ui, out)
}

/// `2-4 months`, `18 months`, `5-8.5 years`, `3 years`: months below two years.
fn span(min: f64, max: f64) -> String {
    let (a, b, unit) = if max < 24.0 {
        (min, max, "months")
    } else {
        (min / 12.0, max / 12.0, "years")
    };
    let n = |v: f64| {
        if (v - v.round()).abs() < 0.05 {
            format!("{}", v.round() as i64)
        } else {
            format!("{v:.1}")
        }
    };
    if (a - b).abs() < 0.05 {
        format!("{} {unit}", n(a))
    } else {
        format!("{}-{} {unit}", n(a), n(b))
    }
}

pub fn render(report: &Report, ui: &Ui, out: &mut dyn Write) -> Result<()> {
    let roadmap = report.roadmap;
    let heading = format!("Timeline of {}", &roadmap.title);
    headline(ui, &heading, &[profile_line(report)], out)?;
    if report.current_stage().is_some() {
        for line in forecast_lines(report) {
            for line in ui::wrap(&line, ui.width) {
                writeln!(out, "{}", ui.dim(&line))?;
            }
        }
    }
    writeln!(out)?;

    let current = report.current_stage();
    struct Row {
        title: String,
        planned: String,
        forecast: String,
        versus: String,
        state: State,
    }
    let rows: Vec<Row> = roadmap
        .stages
        .iter()
        .zip(&report.forecast.stages)
        .enumerate()
        .map(|(k, (stage, f))| {
            let exact = f.state == State::Done || Some(k) == current;
            let day = |d: NaiveDate| if exact { d.to_string() } else { month_of(d) };
            let planned = if f.planned.min_end == f.planned.max_end {
                day(f.planned.min_end)
            } else {
                format!(
                    "{} .. {}",
                    month_of(f.planned.min_end),
                    month_of(f.planned.max_end)
                )
            };
            let forecast = match (f.state, f.p50, f.p85) {
                (State::Done, Some(d), _) => format!("done {d}"),
                (_, Some(a), Some(b)) => format!("{} / {}", day(a), day(b)),
                _ => "-".into(),
            };
            Row {
                title: stage.title.clone(),
                planned,
                forecast,
                versus: stage_versus_plan(report, k),
                state: f.state,
            }
        })
        .collect();
    let number_w = roadmap.stages.len().to_string().len();
    // The planned end is the first to go on a narrow screen: the forecast and
    // the verdict against the plan say what matters.
    let table = |planned: bool| {
        let mut columns = vec![Column::keep().gap(1), Column::cut(8)];
        let mut header = vec!["", "Stage"];
        if planned {
            columns.push(Column::keep());
            header.push("Planned end");
        }
        columns.extend([Column::keep(), Column::keep()]);
        header.extend(["Forecast P50 / P85", "vs plan"]);
        let mut table = Table::new(&columns).header(&header);
        for (k, row) in rows.iter().enumerate() {
            let here = Some(k) == current;
            let mut cells = vec![
                if here {
                    Cell::styled(ui.current_marker(), Style::Cyan)
                } else {
                    Cell::new(" ")
                },
                Cell::new(format!("{:>number_w$} {}", k + 1, row.title)),
            ];
            if planned {
                cells.push(Cell::new(row.planned.as_str()));
            }
            cells.extend([
                Cell::new(row.forecast.as_str()),
                Cell::styled(
                    row.versus.as_str(),
                    match row.state {
                        State::Behind => Style::Yellow,
                        State::Ahead | State::Done => Style::Green,
                        State::OnTrack => Style::Plain,
                    },
                ),
            ]);
            table.row(cells);
        }
        table
    };
    let full = table(true);
    if full.fits(ui.width) {
        full.write(ui, out)?;
    } else {
        table(false).write(ui, out)?;
    }
    let (min, max) = report.planned_total();
    writeln!(out)?;
    let plan = format!("Your plan adds up to {}", span(min, max));
    match roadmap.overall {
        Some(o) => {
            let author = format!(
                "the roadmap's author says {} overall.",
                span(o.min_months, o.max_months)
            );
            let lines = ui::join_fitting(
                &[format!("{plan};"), author],
                " ",
                ui.width.saturating_sub(2),
            );
            for line in lines {
                for line in ui::wrap(&line, ui.width.saturating_sub(2)) {
                    writeln!(out, "  {line}")?;
                }
            }
        }
        None => writeln!(out, "  {plan}.")?,
    }
    writeln!(out)?;
    chart(report, ui, out)
}

/// One line per stage across a time axis: the planned window, the forecast to
/// P50 and on to P85, a marker for today.
fn chart(report: &Report, ui: &Ui, out: &mut dyn Write) -> Result<()> {
    let stages = &report.forecast.stages;
    if stages.is_empty() {
        return Ok(());
    }
    let first = stages[0].planned.start.min(report.today);
    let last = stages
        .iter()
        .flat_map(|s| [Some(s.planned.max_end), s.p85])
        .flatten()
        .max()
        .unwrap_or(report.today)
        .max(report.today);
    let from = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
    let to = NaiveDate::from_ymd_opt(last.year() + 1, 1, 1).unwrap_or(last);
    let width = ui.width.saturating_sub(LABEL + 1).max(20);
    let span = (to - from).num_days().max(1) as f64;
    let column = |d: NaiveDate| -> usize {
        (((d - from).num_days().max(0) as f64 / span) * width as f64)
            .floor()
            .min((width - 1) as f64) as usize
    };
    let (planned_c, p50_c, p85_c, done_c, today_c, up) = if ui.color {
        ('░', '▓', '▒', '█', '│', "▲")
    } else {
        ('-', '=', '+', '#', '|', "^")
    };

    // Axis: each year's label where it fits.
    let mut axis = vec![' '; width];
    let mut year = from.year();
    while let Some(jan) = NaiveDate::from_ymd_opt(year, 1, 1).filter(|jan| *jan < to) {
        let c = column(jan);
        let label = year.to_string();
        if c + label.len() <= width
            && axis[c..c + label.len()].iter().all(|&ch| ch == ' ')
            && (c == 0 || axis[c - 1] == ' ')
        {
            for (i, ch) in label.chars().enumerate() {
                axis[c + i] = ch;
            }
        }
        year += 1;
    }
    writeln!(
        out,
        "{}{}",
        " ".repeat(LABEL + 1),
        axis.iter().collect::<String>().trim_end()
    )?;

    let today = column(report.today);
    let mut begin = report.today;
    for (k, f) in stages.iter().enumerate() {
        let mut cells = vec![' '; width];
        let mut fill = |a: NaiveDate, b: NaiveDate, ch: char| {
            let (a, b) = (column(a), column(b));
            for cell in cells.iter_mut().take(b + 1).skip(a) {
                *cell = ch;
            }
        };
        fill(f.planned.start, f.planned.max_end, planned_c);
        match (f.state, f.p50, f.p85) {
            (State::Done, Some(d), _) => fill(f.planned.start.min(d), d, done_c),
            (_, Some(p50), Some(p85)) => {
                let start = begin.max(report.today);
                if p85 > p50 {
                    fill(p50, p85, p85_c);
                }
                fill(start, p50, p50_c);
                begin = p50;
            }
            _ => {}
        }
        if cells[today] == ' ' {
            cells[today] = today_c;
        }
        let text: String = cells.iter().collect();
        let painted = if ui.color {
            text.chars()
                .map(|c| match c {
                    c if c == p50_c || c == done_c => ui.green(&c.to_string()),
                    c if c == p85_c => ui.yellow(&c.to_string()),
                    c if c == planned_c || c == today_c => ui.dim(&c.to_string()),
                    c => c.to_string(),
                })
                .collect::<String>()
        } else {
            text
        };
        writeln!(
            out,
            "{}{}",
            pad(&format!("  {}", k + 1), LABEL + 1),
            painted.trim_end()
        )?;
    }
    let legend =
        format!("{planned_c} planned   {p50_c} to P50   {p85_c} P50 to P85   {done_c} done");
    let marker = format!("{up} today");
    // Near the right edge the word goes before the mark.
    let marker_at = if today + ui::width(&marker) <= width {
        format!("{}{marker}", " ".repeat(today))
    } else {
        format!("{}today {up}", " ".repeat(today.saturating_sub(6)))
    };
    let line = if today + ui::width(&marker) + 3 + ui::width(&legend) <= width {
        format!("{marker_at}   {legend}")
    } else {
        format!("{marker_at}\n{}{legend}", " ".repeat(LABEL + 1))
    };
    writeln!(out, "{}{}", " ".repeat(LABEL + 1), ui.dim(&line))?;
    Ok(())
}
