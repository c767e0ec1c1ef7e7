//! `roadmap profile`: show the learner's profile, or set parts of it.

use std::io::Write;

use crate::cli::ProfileArgs;
use crate::cmd::{Ctx, report};
use crate::error::{Error, Result};
use crate::roadmap;
use crate::store::{self, Outcome};
use crate::ui::{escape, months_range, pad};
use crate::view::percent_text;

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
    let (summary, outcome) = store::update_progress(&ctx.paths, |file| {
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
    let tag = |is_set: bool, default: &str| {
        if is_set {
            String::new()
        } else {
            ui.dim(&format!("  ({default})"))
        }
    };
    writeln!(
        out,
        "{}",
        ui.bold(&format!("Profile for {}", escape(&roadmap.title)))
    )?;
    let background = p
        .background
        .map(|b| {
            let b = &roadmap.backgrounds[b];
            format!("{} ({})", escape(&b.id), escape(&b.title))
        })
        .unwrap_or_else(|| "none".into());
    writeln!(
        out,
        "  {}{background}{}",
        pad("background", 16),
        tag(
            set.background.is_some() && report.unknown_background.is_none(),
            "the roadmap's first"
        )
    )?;
    writeln!(
        out,
        "  {}{}{}",
        pad("hours per week", 16),
        percent_text(p.hours_per_week),
        tag(set.hours_per_week.is_some(), "the roadmap's pace")
    )?;
    writeln!(
        out,
        "  {}{}{}",
        pad("start", 16),
        p.start,
        tag(
            p.start_recorded,
            if progress
                .progress
                .recent_work_began(roadmap, ctx.today)
                .is_some()
            {
                "the first day of your recent dated work"
            } else {
                "today, until you record progress"
            }
        )
    )?;
    if !roadmap.backgrounds.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", ui.bold("Backgrounds"))?;
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
                ui.dim(&format!("  ({})", extra.join(", ")))
            };
            writeln!(
                out,
                "  {}{}{extra}",
                pad(&escape(&b.id), 16),
                escape(&b.title)
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "  {}",
        ui.dim("roadmap profile --background ID --hours-per-week H --start YYYY-MM-DD")
    )?;
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
