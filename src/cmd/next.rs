//! `roadmap next`: what to learn next, and why.

use std::io::Write;

use crate::cli::NextArgs;
use crate::cmd::{Ctx, print_json, report};
use crate::error::Result;
use crate::report::Reason;
use crate::roadmap::resolve;
use crate::ui::{self, escape, pad, truncate};
use crate::view;
use crate::view::text::reason_text;

pub fn run(ctx: &Ctx, args: &NextArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let track = match &args.track {
        Some(t) => Some(&roadmap.tracks[resolve::track(roadmap, t)?]),
        None => None,
    };
    let report = report(&loaded, &progress, ctx.today);
    let next = report.next_items(track, args.count);
    if args.json {
        return print_json(out, &view::json::next::document(&report, &next));
    }

    let ui = &ctx.ui;
    if next.is_empty() {
        if let Some(track) = track {
            writeln!(
                out,
                "Every item of the `{}` track is done or skipped. `roadmap next` shows what comes after it.",
                escape(&track.id)
            )?;
        } else if report.current_stage().is_none() {
            writeln!(
                out,
                "Nothing left to learn here: every item is done or skipped."
            )?;
        } else {
            writeln!(
                out,
                "Nothing is ready: every item left waits on a prerequisite. `roadmap list --status todo` shows them."
            )?;
        }
        return Ok(());
    }
    let id_w = next
        .iter()
        .map(|n| ui::width(&escape(&roadmap.items[n.item].id)))
        .max()
        .unwrap_or(0)
        .min(26);
    let why_w = next
        .iter()
        .map(|n| reason_text(roadmap, n).len())
        .max()
        .unwrap_or(0);
    let mut stage = usize::MAX;
    for n in &next {
        let item = &roadmap.items[n.item];
        if item.stage != stage {
            stage = item.stage;
            if n.item != next[0].item {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{}",
                ui.bold(&format!(
                    "{} {}",
                    stage + 1,
                    escape(&roadmap.stages[stage].title)
                ))
            )?;
        }
        let why = reason_text(roadmap, n);
        let why = match n.reason {
            Reason::Started(_) => ui.yellow(&why),
            Reason::Ready | Reason::Needed(_) => ui.dim(&why),
        };
        let title_w = 80usize.saturating_sub(2 + id_w + 2 + 2 + why_w).max(10);
        let line = format!(
            "  {}  {}  {}",
            ui.cyan(&pad(&truncate(&escape(&item.id), id_w), id_w)),
            pad(&truncate(&escape(&item.title), title_w), title_w),
            why
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)?;
    // Advice that does something: finish what is started, start what is not.
    let first = escape(&roadmap.items[next[0].item].id);
    let verb = match next[0].reason {
        Reason::Started(_) => "done",
        Reason::Ready | Reason::Needed(_) => "start",
    };
    writeln!(
        out,
        "  {}",
        ui.dim(&format!("roadmap {verb} {first}  ·  roadmap show {first}"))
    )?;
    Ok(())
}
