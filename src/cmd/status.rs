//! `roadmap status`: where the learner stands, when each stage will likely be
//! finished, and what to do next.

use std::io::Write;

use crate::cli::ForecastArgs;
use crate::cmd::{Ctx, print_json, report_at_hours};
use crate::error::Result;
use crate::forecast::{State, month_of};
use crate::report::Report;
use crate::ui::{self, Ui, escape, pad, pad_left, truncate};
use crate::view;
use crate::view::text::{forecast_lines, profile_line, reason_text, versus_plan};

/// The screen fits a terminal this wide.
pub const WIDTH: usize = 80;
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
    writeln!(
        out,
        "{} · {}% done, {}/{} items · {}",
        ui.bold(&escape(&roadmap.title)),
        view::percent_text(s.percent()),
        s.done,
        s.total,
        profile_line(report)
    )?;
    writeln!(out)?;

    let current = report.current_stage();
    // Column contents first, so the widths fit what is there.
    struct Row {
        number: String,
        title: String,
        done: String,
        plan: String,
        forecast: String,
        versus: String,
        percent_value: f64,
        state: State,
    }
    let rows: Vec<Row> = roadmap
        .stages
        .iter()
        .enumerate()
        .map(|(k, stage)| {
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
            Row {
                number: (k + 1).to_string(),
                title: escape(&stage.title).into_owned(),
                done: format!("{}/{}", c.done, c.total),
                plan: ui::months_range(min, max),
                forecast,
                versus: versus_plan(f),
                percent_value: c.percent(),
                state: f.state,
            }
        })
        .collect();

    let w = |f: &dyn Fn(&Row) -> usize, header: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(ui::width(header))
    };
    let number_w = w(&|r| r.number.len(), "");
    let done_w = w(&|r| r.done.len(), "Done");
    let plan_w = w(&|r| ui::width(&r.plan), "Plan");
    let forecast_w = w(&|r| r.forecast.len(), "Forecast");
    let versus_w = w(&|r| r.versus.len(), "vs plan");
    let bar_w = 8;
    // marker, number, title, bar, done, plan, forecast, versus, with gaps
    let fixed =
        2 + number_w + 1 + 1 + bar_w + 2 + done_w + 2 + plan_w + 2 + forecast_w + 2 + versus_w;
    // As wide as the longest title, within what the line leaves (at least 12).
    let longest = rows
        .iter()
        .map(|r| ui::width(&r.title))
        .max()
        .unwrap_or(5)
        .max(5);
    let title_w = WIDTH.saturating_sub(fixed).max(12).min(longest);

    writeln!(
        out,
        "{}",
        ui.dim(&format!(
            "  {} {}  {}  {}  {}  {}",
            pad("Stage", number_w + 1 + title_w),
            pad("Progress", bar_w),
            pad_left("Done", done_w),
            pad("Plan", plan_w),
            pad("Forecast", forecast_w),
            "vs plan"
        ))
        .trim_end()
    )?;
    for (k, row) in rows.iter().enumerate() {
        let marker = if Some(k) == current {
            ui.cyan(ui.current_marker())
        } else {
            " ".to_string()
        };
        let title = pad(&truncate(&row.title, title_w), title_w);
        let title = if Some(k) == current {
            ui.bold(&title)
        } else {
            title
        };
        let versus = match row.state {
            State::Behind => ui.yellow(&row.versus),
            State::Ahead | State::Done => ui.green(&row.versus),
            State::OnTrack => row.versus.clone(),
        };
        let line = format!(
            "{marker} {} {title} {}  {}  {}  {}  {}",
            pad_left(&row.number, number_w),
            ui.bar(row.percent_value, bar_w),
            pad_left(&row.done, done_w),
            pad(&row.plan, plan_w),
            pad(&row.forecast, forecast_w),
            versus,
        );
        writeln!(out, "{}", line.trim_end())?;
    }

    let first_run = report.items.iter().all(|r| r.is_empty());
    if current.is_some() && !first_run {
        writeln!(out)?;
        for line in forecast_lines(report) {
            writeln!(out, "{}", ui.dim(&line))?;
        }
    }

    if first_run {
        write_first_run(report, ui, out)?;
        return Ok(());
    }
    if current.is_none() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            ui.green(&format!(
                "Every stage of {} is done. Well earned.",
                escape(&roadmap.title)
            ))
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "  {}",
            ui.dim("roadmap log  ·  roadmap export --format markdown")
        )?;
        return Ok(());
    }

    let next = report.next_items(None, NEXT_UP);
    writeln!(out)?;
    writeln!(out, "{}", ui.bold("Next up"))?;
    let id_w = next
        .iter()
        .map(|n| ui::width(&roadmap.items[n.item].id))
        .max()
        .unwrap_or(0)
        .min(24);
    let why_w = next
        .iter()
        .map(|n| reason_text(roadmap, n).len())
        .max()
        .unwrap_or(0);
    let title_w = WIDTH.saturating_sub(2 + id_w + 2 + 2 + why_w).max(10);
    for n in &next {
        let item = &roadmap.items[n.item];
        let why = reason_text(roadmap, n);
        writeln!(
            out,
            "  {}  {}  {}",
            ui.cyan(&pad(&truncate(&escape(&item.id), id_w), id_w)),
            pad(&truncate(&escape(&item.title), title_w), title_w),
            ui.dim(&why)
        )?;
    }
    writeln!(out)?;
    if let Some((track, finished)) = report.suggested_track() {
        writeln!(
            out,
            "  {}",
            ui.dim(&format!(
                "Your track: {}, {finished}/{} done  ·  roadmap next --track {}",
                escape(&track.id),
                track.items.len(),
                escape(&track.id)
            ))
        )?;
    }
    let hint = match next.first() {
        Some(n) => format!(
            "roadmap done {}  ·  roadmap next  ·  roadmap timeline",
            escape(&roadmap.items[n.item].id)
        ),
        None => "roadmap list  ·  roadmap timeline".to_string(),
    };
    writeln!(out, "  {}", ui.dim(&hint))?;
    Ok(())
}

/// The first steps, leaving out what the learner has done already: choose a
/// background and pace (until a background is chosen), tick what they know, and
/// follow the track made for their background.
fn write_first_run(report: &Report, ui: &Ui, out: &mut dyn Write) -> Result<()> {
    let roadmap = report.roadmap;
    writeln!(out)?;
    writeln!(out, "{}", ui.bold("Get started"))?;
    let step = |out: &mut dyn Write, command: &str, what: &str| -> Result<()> {
        writeln!(out, "  {}", ui.cyan(command))?;
        writeln!(out, "      {}", ui.dim(what))?;
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
                escape(example)
            ),
            &format!(
                "set your background ({}) and pace",
                escape(&backgrounds.join(", "))
            ),
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
                escape(&first.join(" ")),
                example_date.format("%Y-%m-%d")
            ),
            "tick what you already know: counted as known before you started",
        )?;
    }
    if let Some((track, _)) = report.suggested_track() {
        step(
            out,
            &format!("roadmap next --track {}", escape(&track.id)),
            &format!("the track for your background: {}", escape(&track.title)),
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "  {}",
        ui.dim("roadmap list  ·  roadmap next  ·  roadmap timeline")
    )?;
    Ok(())
}
