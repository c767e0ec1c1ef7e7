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
    let (file, loaded) = match ctx.load() {
        Ok(loaded) => loaded,
        Err(err) => {
            let text =
                crate::store::read_regular(&ctx.paths.progress, crate::store::MAX_PROGRESS_BYTES)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or_default();
            return match doctor::conflict_markers(&text) {
                Some(problem) => conflicts(ctx, args, out, &problem),
                None => Err(err),
            };
        }
    };
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
        escape(&path),
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

/// A file with conflict markers: the problem, how to repair the file, and how to
/// let git merge it by roadmap's rules from then on.
fn conflicts(
    ctx: &Ctx,
    args: &JsonArgs,
    out: &mut dyn Write,
    problem: &doctor::Problem,
) -> Result<()> {
    let path = ctx.paths.progress.display().to_string();
    let roadmap = ctx.roadmap_flag.as_deref().unwrap_or(catalog::DEFAULT_ID);
    if args.json {
        let problems = [problem.clone()];
        return print_json(out, &view::json::doctor(&path, roadmap, &problems));
    }
    let folder = match ctx.paths.progress.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
        _ => ".".to_string(),
    };
    let name = ctx
        .paths
        .progress
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "progress.toml".into());
    let (folder, name) = (escape(&folder), escape(&name));
    writeln!(
        out,
        "progress file: {} ({})",
        escape(&path),
        ctx.paths.progress_origin.describe()
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{} {}",
        ctx.ui.yellow(&format!("{}:", problem.kind)),
        escape(&problem.message)
    )?;
    writeln!(out)?;
    writeln!(out, "To repair the file, in {folder}:")?;
    writeln!(
        out,
        "  git merge --abort      while the merge is still going on; then `roadmap sync` merges again"
    )?;
    writeln!(
        out,
        "  or edit it by hand: keep one side of each conflict, or a mix, and delete the marker lines"
    )?;
    writeln!(
        out,
        "So that git merges it by roadmap's rules from now on, run `roadmap sync` once on this"
    )?;
    writeln!(
        out,
        "machine (it registers the merge driver), or register it by hand:"
    )?;
    writeln!(
        out,
        "  git -C {folder} config merge.roadmap.driver 'roadmap merge-driver %O %A %B'"
    )?;
    writeln!(
        out,
        "  echo '/{name} merge=roadmap' >> {folder}/.gitattributes"
    )?;
    Ok(())
}
