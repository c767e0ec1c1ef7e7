//! `roadmap plan`: the hours per week a finish date needs, at the learner's pace.

use std::io::Write;

use chrono::NaiveDate;

use crate::cli::PlanArgs;
use crate::cmd::{Ctx, dim_prose, labelled, print_json, prose, report};
use crate::error::Result;
use crate::plan::{self, MAX_SANE_HOURS, MIN_HOURS, Need, PlanAnswer};
use crate::report::Report;
use crate::roadmap::resolve;
use crate::view::text::pace_with_range;
use crate::view::{self, percent_text};

pub fn run(ctx: &Ctx, args: &PlanArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let stage = match &args.stage {
        Some(s) => Some(resolve::stage(roadmap, s)?),
        None => None,
    };
    let report = report(&loaded, &progress, ctx.today);
    let by = args.by.resolve(ctx.today);
    let answer = plan::plan(&report, stage, by, |hours| {
        crate::report::forecast_at_hours(roadmap, &progress.progress, ctx.today, hours)
    });
    let (now50, now85) = plan::finish_of(&report.forecast, stage);
    if args.json {
        let doc = view::json::plan::document(&report, stage, by, &answer, (now50, now85));
        return print_json(out, &doc);
    }
    render(ctx, &report, stage, by, &answer, (now50, now85), out)
}

fn render(
    ctx: &Ctx,
    report: &Report,
    stage: Option<usize>,
    by: NaiveDate,
    answer: &PlanAnswer,
    now: (Option<NaiveDate>, Option<NaiveDate>),
    out: &mut dyn Write,
) -> Result<()> {
    let ui = &ctx.ui;
    let roadmap = report.roadmap;
    let target = match stage {
        Some(k) => format!("stage {} ({})", k + 1, &roadmap.stages[k].title),
        None => roadmap.title.to_string(),
    };
    let current = report.profile.hours_per_week;
    match answer {
        PlanAnswer::Finished(on) => {
            let when = on.map_or(String::new(), |d| format!(" on {d}"));
            prose(
                ui,
                &format!(
                    "{} is already finished{when}: {by} is met with nothing left to do.",
                    capitalize(&target)
                ),
                out,
            )?;
            return Ok(());
        }
        PlanAnswer::NotAhead => {
            prose(
                ui,
                &format!(
                    "{by} is not after today ({}): no pace finishes the work left in {target} by then.",
                    report.today
                ),
                out,
            )?;
            prose(
                ui,
                &format!(
                    "Give a date ahead, e.g. `roadmap plan --by {}`.",
                    plus_year(report.today)
                ),
                out,
            )?;
            return Ok(());
        }
        PlanAnswer::Needs { .. } => {}
    }
    let PlanAnswer::Needs { p50, p85 } = *answer else {
        return Ok(());
    };
    for line in ui.wrap(
        &format!("To finish {target} by {by}, at your own pace:"),
        ui.width,
    ) {
        writeln!(out, "{}", ui.bold(&line))?;
    }
    for (label, need) in [("even odds (P50)", p50), ("85% likely (P85)", p85)] {
        labelled(ui, 17, label, &need_text(need), out)?;
    }
    let now_text = match now {
        (Some(a), Some(b)) => format!("forecast P50 {a}, P85 {b}"),
        _ => "no forecast".to_string(),
    };
    labelled(
        ui,
        17,
        "you now",
        &format!("{} h a week: {now_text}", percent_text(current)),
        out,
    )?;
    writeln!(out)?;
    let pace = match report.forecast.pace {
        Some(p) => format!(
            "Your pace: {}.\nThese answers keep it.",
            pace_with_range(&p)
        ),
        None => {
            "No pace of your own yet (fewer than 3 dated completions): the answers use the plan's."
                .to_string()
        }
    };
    for line in pace.lines() {
        dim_prose(ui, line, out)?;
    }
    let commit = match (p85.hours(), p50.hours()) {
        (Some(h), _) => Some((h, "85%")),
        (None, Some(h)) => Some((h, "even-odds")),
        _ => None,
    };
    if let Some((h, chance)) = commit
        && (h - current).abs() >= 0.05
    {
        dim_prose(
            ui,
            &format!(
                "`roadmap profile --hours-per-week {}` commits to the {chance} answer.",
                percent_text(h)
            ),
            out,
        )?;
    }
    Ok(())
}

fn need_text(need: Need) -> String {
    match need {
        Need::Hours(h) => format!("{} h a week", percent_text(h)),
        Need::AnyPace => format!("any pace from {} h a week", percent_text(MIN_HOURS)),
        Need::OutOfReach => format!(
            "out of reach: even {} h a week is not enough",
            percent_text(MAX_SANE_HOURS)
        ),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn plus_year(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(12))
        .unwrap_or(date)
}
