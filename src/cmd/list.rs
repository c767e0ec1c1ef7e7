//! `roadmap list`: the checklist, grouped by stage and area.

use std::io::Write;

use crate::cli::{ListArgs, StatusFilter};
use crate::cmd::{Ctx, print_json, report};
use crate::error::Result;
use crate::progress::Status;
use crate::report::Report;
use crate::roadmap::resolve;
use crate::ui::{self, Ui, escape, pad, truncate};
use crate::view;
use crate::view::text::mark;

const WIDTH: usize = 80;

pub fn run(ctx: &Ctx, args: &ListArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let report = report(&loaded, &progress, ctx.today);
    let stage = args
        .stage
        .as_deref()
        .map(|s| resolve::stage(roadmap, s))
        .transpose()?;
    let track = match args.track.as_deref() {
        Some(t) => Some(resolve::track(roadmap, t)?),
        None => None,
    };
    let wanted = args.status.map(|s| match s {
        StatusFilter::Todo => Status::Todo,
        StatusFilter::Started => Status::Started,
        StatusFilter::Done => Status::Done,
        StatusFilter::Skipped => Status::Skipped,
    });
    let keep = |i: usize| {
        stage.is_none_or(|s| roadmap.items[i].stage == s)
            && wanted.is_none_or(|w| report.items[i].status == w)
            && track.is_none_or(|t| roadmap.tracks[t].items.contains(&i))
    };
    if args.json {
        return print_json(out, &view::json::document(&report, &keep));
    }
    render(&report, &keep, &ctx.ui, out)
}

fn render(
    report: &Report,
    keep: &dyn Fn(usize) -> bool,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<()> {
    let roadmap = report.roadmap;
    let id_w = roadmap
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(_, item)| ui::width(&escape(&item.id)))
        .max()
        .unwrap_or(0)
        .min(26);
    let mut shown = 0;
    for (k, stage) in roadmap.stages.iter().enumerate() {
        let items: Vec<usize> = stage.items.clone().filter(|&i| keep(i)).collect();
        if items.is_empty() {
            continue;
        }
        if shown > 0 {
            writeln!(out)?;
        }
        let c = &report.stages[k].counts;
        let number = format!("{} ", k + 1);
        let counts = format!("({}/{} done)", c.done, c.total);
        let title_w = WIDTH
            .saturating_sub(number.len() + 1 + counts.len())
            .max(10);
        writeln!(
            out,
            "{} {}",
            ui.bold(&format!(
                "{number}{}",
                truncate(&escape(&stage.title), title_w)
            )),
            ui.dim(&counts)
        )?;
        // Areas in order of first appearance; items without one come first.
        let mut areas: Vec<Option<&str>> = Vec::new();
        for &i in &items {
            let area = roadmap.items[i].area.as_deref();
            if !areas.contains(&area) {
                areas.push(area);
            }
        }
        areas.sort_by_key(|a| a.is_some());
        for area in areas {
            let indent = if let Some(a) = area {
                writeln!(out, "  {}", ui.cyan(&truncate(&escape(a), WIDTH - 2)))?;
                "    "
            } else {
                "  "
            };
            for &i in items
                .iter()
                .filter(|&&i| roadmap.items[i].area.as_deref() == area)
            {
                let item = &roadmap.items[i];
                let record = &report.items[i];
                let when = match record.status {
                    Status::Done => record.done.map(|d| d.to_string()),
                    Status::Started => record.started.map(|d| format!("since {d}")),
                    _ => None,
                }
                .unwrap_or_default();
                let project = if item.kind == crate::roadmap::Kind::Project {
                    " (project)"
                } else {
                    ""
                };
                let title_w = WIDTH
                    .saturating_sub(indent.len() + 4 + id_w + 2 + when.len() + 2)
                    .max(10);
                let title = format!("{}{project}", escape(&item.title));
                let m = mark(record.status);
                let m = match record.status {
                    Status::Done => ui.green(m),
                    Status::Started => ui.yellow(m),
                    Status::Skipped => ui.dim(m),
                    Status::Todo => m.to_string(),
                };
                let line = format!(
                    "{indent}{m} {}  {}  {}",
                    pad(&truncate(&escape(&item.id), id_w), id_w),
                    pad(&truncate(&title, title_w), title_w),
                    ui.dim(&when)
                );
                writeln!(out, "{}", line.trim_end())?;
                shown += 1;
            }
        }
    }
    if shown == 0 {
        writeln!(out, "No items match.")?;
    }
    Ok(())
}
