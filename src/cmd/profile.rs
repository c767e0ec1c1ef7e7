//! `roadmap profile`: show the learner's profile, or set parts of it.

use std::io::Write;

use crate::cli::ProfileArgs;
use crate::cmd::{Ctx, report};
use crate::error::{Error, Result};
use crate::roadmap;
use crate::store::{self, Outcome};
use crate::ui::{self, months_range, pad};
use crate::view::percent_text;
use crate::view::table::{Cell, Column, Style, Table};

pub fn run(ctx: &Ctx, args: &ProfileArgs, out: &mut dyn Write) -> Result<()> {
    if args.background.is_none() && args.hours_per_week.is_none() && args.start.is_none() {
        return show(ctx, out);
    }
    let start = args.start.map(|d| d.resolve(ctx.today));
    ctx.check_not_future(start, "--start")?;
    if let Some(b) = &args.background
        && std::fs::symlink_metadata(&ctx.paths.progress).is_err()
    {
        // Refused before the first write, so nothing is created.
        let (_, loaded) = ctx.load()?;
        check_background(&loaded.roadmap, b)?;
    }
    let (summary, outcome) = store::update_progress_and_end(&ctx.paths, |file| {
        let loaded = ctx.load_roadmap(file)?;
        let roadmap = &loaded.roadmap;
        let mut profile = file.progress.profile(&roadmap.id);
        if profile.start.is_none() {
            profile.start = Some(file.progress.start_of(roadmap, ctx.today).0);
        }
        if let Some(b) = &args.background {
            check_background(roadmap, b)?;
            profile.background = Some(b.clone());
        }
        if let Some(start) = start {
            profile.start = Some(start);
        }
        if let Some(h) = args.hours_per_week {
            if args.start.is_some() && profile.earlier_paces.is_empty() {
                // Said together with the start: the pace since then.
                profile.hours_per_week = Some(h);
                profile.since = None;
            } else {
                profile.change_hours(h, ctx.today, roadmap.hours_per_week);
            }
        }
        file.set_profile(&roadmap.id, &profile);
        let mut parts = Vec::new();
        if let Some(b) = &profile.background {
            parts.push(format!("background {b}"));
        }
        if let Some(h) = profile.hours_per_week {
            parts.push(format!("{} h/week", percent_text(h)));
        }
        if let Some(s) = profile.start {
            parts.push(format!("start {s}"));
        }
        Ok(parts.join(", "))
    })?;
    match outcome {
        Outcome::Written => ctx.say(&format!("profile set: {summary}")),
        Outcome::Unchanged => ctx.say(&format!("profile unchanged: {summary}")),
    }
    Ok(())
}

fn show(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let report = report(&loaded, &progress, ctx.today);
    let roadmap = &loaded.roadmap;
    let ui = &ctx.ui;
    let p = &report.profile;
    let set = &progress.progress.profile(&roadmap.id);
    // A value and, where it was not set, where it comes from: beside it, or
    // under it when the line is short.
    let row =
        |out: &mut dyn Write, label: &str, value: &str, default: Option<&str>| -> Result<()> {
            let room = ui.width.saturating_sub(18).max(20);
            let mut lines = ui.wrap(value, room);
            let mut from = default.map(|d| format!("({d})"));
            if let (Some(last), Some(f)) = (lines.last_mut(), &from)
                && ui::width(last) + 2 + ui::width(f) <= room
            {
                last.push_str(&format!("  {}", ui.dim(f)));
                from = None;
            }
            for (n, line) in lines.iter().enumerate() {
                let label = if n == 0 { label } else { "" };
                writeln!(out, "  {}{line}", pad(label, 16))?;
            }
            for line in from.map(|f| ui::wrap(&f, room)).unwrap_or_default() {
                writeln!(out, "{}{}", " ".repeat(18), ui.dim(&line))?;
            }
            Ok(())
        };
    let unset = |is_set: bool, default: &'static str| (!is_set).then_some(default);
    for line in ui.wrap(&format!("Profile for {}", roadmap.title), ui.width) {
        writeln!(out, "{}", ui.bold(&line))?;
    }
    let background = p
        .background
        .map(|b| {
            let b = &roadmap.backgrounds[b];
            format!("{} ({})", &b.id, &b.title)
        })
        .unwrap_or_else(|| "none".into());
    row(
        out,
        "background",
        &background,
        unset(
            set.background.is_some() && report.unknown_background.is_none(),
            "the roadmap's first",
        ),
    )?;
    row(
        out,
        "hours per week",
        &percent_text(p.hours_per_week),
        unset(set.hours_per_week.is_some(), "the roadmap's pace"),
    )?;
    row(
        out,
        "start",
        &p.start.to_string(),
        unset(
            p.start_recorded,
            if progress
                .progress
                .recent_work_began(roadmap, ctx.today)
                .is_some()
            {
                "the first day of your recent dated work"
            } else {
                "today, until you record progress"
            },
        ),
    )?;
    if !roadmap.backgrounds.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui.bold("Backgrounds"))?;
        let mut table = Table::new(&[Column::keep(), Column::cut(10), Column::keep()]).indent(2);
        for b in &roadmap.backgrounds {
            let extra: Vec<String> = b
                .extra_months
                .iter()
                .enumerate()
                .filter(|(_, m)| **m > 0.0)
                .map(|(k, m)| format!("+{} on {}", months_range(*m, *m), roadmap.stages[k].id))
                .collect();
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!("({})", extra.join(", "))
            };
            table.row(vec![
                Cell::new(b.id.as_str()),
                Cell::new(b.title.as_str()),
                Cell::styled(extra, Style::Dim),
            ]);
        }
        table.write(ui, out)?;
    }
    writeln!(out)?;
    let parts = [
        "roadmap profile".to_string(),
        "--background ID".to_string(),
        "--hours-per-week H".to_string(),
        "--start YYYY-MM-DD".to_string(),
    ];
    for (n, line) in ui::join_fitting(&parts, " ", ui.width.saturating_sub(4))
        .iter()
        .enumerate()
    {
        let margin = if n == 0 { "  " } else { "    " };
        writeln!(out, "{margin}{}", ui.dim(line))?;
    }
    Ok(())
}

fn check_background(roadmap: &roadmap::Roadmap, b: &str) -> Result<()> {
    if roadmap.background(b).is_none() {
        let ids: Vec<String> = roadmap.backgrounds.iter().map(|b| b.id.clone()).collect();
        let close = roadmap::closest(b, ids.iter(), 1);
        return Err(Error::usage_with_hint(
            format!("`{}` has no background `{b}`", roadmap.id),
            match close.first() {
                Some(c) => format!(
                    "did you mean `{c}`? the backgrounds are: {}",
                    ids.join(", ")
                ),
                None => format!("the backgrounds are: {}", ids.join(", ")),
            },
        ));
    }
    Ok(())
}
