//! `roadmap doctor`: check the progress file against the roadmap.

use std::io::Write;

use crate::cli::JsonArgs;
use crate::cmd::{Ctx, print_json};
use crate::error::Result;
use crate::progress::doctor;
use crate::roadmap::catalog;
use crate::ui::escape;
use crate::view;

pub fn run(ctx: &Ctx, args: &JsonArgs, out: &mut dyn Write) -> Result<()> {
    let (file, loaded) = ctx.load()?;
    let roadmap = &loaded.roadmap;
    let known: Vec<String> = catalog::list(ctx.paths.user_roadmaps.as_deref())
        .into_iter()
        .map(|e| e.id)
        .collect();
    let problems = doctor::check(&file.progress, roadmap, &known, ctx.today);

    let path = ctx.paths.progress.display().to_string();
    if args.json {
        return print_json(out, &view::json::doctor(&path, &roadmap.id, &problems));
    }
    let ui = &ctx.ui;
    let exists = file.original.is_some();
    writeln!(
        out,
        "progress file: {} ({}{})",
        path,
        ctx.paths.progress_origin.describe(),
        if exists { "" } else { "; not created yet" }
    )?;
    writeln!(
        out,
        "roadmap:       {} ({})",
        roadmap.id,
        loaded.source.kind()
    )?;
    writeln!(out)?;
    if problems.is_empty() {
        writeln!(out, "{}", ui.green("No problems found."))?;
    } else {
        for p in &problems {
            writeln!(
                out,
                "{} {}",
                ui.yellow(&format!("{}:", p.kind)),
                escape(&p.message)
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{} problem{} found. The file is safe to edit by hand to fix them.",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}
