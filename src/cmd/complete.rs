//! `roadmap __complete WHAT [PREFIX]`: candidates for the completion scripts, one per line.

use std::io::Write;

use crate::catalog;
use crate::cli::CompleteArgs;
use crate::cmd::{Ctx, report};
use crate::error::Result;
use crate::progress::Status;

pub fn run(ctx: &Ctx, args: &CompleteArgs, out: &mut dyn Write) -> Result<()> {
    // Completion must never fail loudly: a broken file just offers nothing.
    let Ok((progress, loaded)) = ctx.load() else {
        return Ok(());
    };
    let roadmap = &loaded.roadmap;
    let report = report(&loaded, &progress, ctx.today);
    let items = |keep: &dyn Fn(Status) -> bool| -> Vec<String> {
        roadmap
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(report.items[*i].status))
            .map(|(_, item)| item.id.clone())
            .collect()
    };
    let candidates: Vec<String> = match args.what.as_str() {
        "items-todo" => items(&|s| matches!(s, Status::Todo | Status::Started)),
        "items-not-started" => items(&|s| matches!(s, Status::Todo | Status::Skipped)),
        "items-open" => items(&|s| s != Status::Todo),
        "items" => items(&|_| true),
        "stages" => roadmap.stages.iter().map(|s| s.id.clone()).collect(),
        "tracks" => roadmap.tracks.iter().map(|t| t.id.clone()).collect(),
        "backgrounds" => roadmap.backgrounds.iter().map(|b| b.id.clone()).collect(),
        "roadmaps" => catalog::list(ctx.paths.user_roadmaps.as_deref())
            .into_iter()
            .map(|e| e.id)
            .collect(),
        _ => Vec::new(),
    };
    for c in candidates.iter().filter(|c| c.starts_with(&args.prefix)) {
        writeln!(out, "{c}")?;
    }
    Ok(())
}
