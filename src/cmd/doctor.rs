//! `roadmap doctor`: check the progress file against the roadmap.

use std::io::Write;

use crate::cli::JsonArgs;
use crate::cmd::{Ctx, hanging, print_json, prose};
use crate::error::Result;
use crate::progress::doctor;
use crate::roadmap::catalog;
use crate::view;

pub fn run(ctx: &Ctx, args: &JsonArgs, out: &mut dyn Write) -> Result<()> {
    // Listed first: the listing reads each roadmap and lets it go, so the active
    // one is not held twice (a large roadmap would take twice the memory).
    let known: Vec<String> = catalog::list(ctx.paths.user_roadmaps.as_deref())
        .into_iter()
        .map(|e| e.id)
        .collect();
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
    let problems = doctor::check(&file.progress, roadmap, &known, ctx.today);

    let path = ctx.paths.progress.display().to_string();
    if args.json {
        return print_json(out, &view::json::doctor(&path, &roadmap.id, &problems));
    }
    let ui = &ctx.ui;
    let exists = file.original.is_some();
    let origin = format!(
        "({}{})",
        ctx.paths.progress_origin.describe(),
        if exists { "" } else { "; not created yet" }
    );
    file_line(ui, &path, &origin, out)?;
    let roadmap_text = format!("{} ({})", roadmap.id, loaded.source.kind());
    hanging(ui, 0, 14, "roadmap:", &roadmap_text, out)?;
    writeln!(out)?;
    if problems.is_empty() {
        writeln!(out, "{}", ui.green("No problems found."))?;
    } else {
        for p in &problems {
            problem_lines(ui, p, out)?;
        }
        writeln!(out)?;
        prose(
            ui,
            &format!(
                "{} problem{} found. The file is safe to edit by hand to fix them.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ),
            out,
        )?;
    }
    Ok(())
}

/// `progress file: PATH (where it came from)`, the parenthesis under the path
/// when both do not fit.
fn file_line(ui: &crate::ui::Ui, path: &str, origin: &str, out: &mut dyn Write) -> Result<()> {
    let room = ui.width.saturating_sub(15);
    let parts = [ui.text(path).into_owned(), origin.to_string()];
    for (n, part) in crate::ui::join_fitting(&parts, " ", room)
        .iter()
        .enumerate()
    {
        for (k, line) in crate::ui::wrap(part, room).iter().enumerate() {
            let label = if n == 0 && k == 0 {
                "progress file:"
            } else {
                ""
            };
            writeln!(out, "{} {line}", crate::ui::pad(label, 14))?;
        }
    }
    Ok(())
}

/// `kind: message`, the kind in yellow, the message wrapped to the width.
fn problem_lines(ui: &crate::ui::Ui, p: &doctor::Problem, out: &mut dyn Write) -> Result<()> {
    let text = format!("{}: {}", p.kind, ui.text(&p.message));
    let kind = format!("{}:", p.kind);
    for (n, line) in crate::ui::wrap(&text, ui.width).iter().enumerate() {
        match line.strip_prefix(kind.as_str()) {
            Some(rest) if n == 0 => writeln!(out, "{}{rest}", ui.yellow(&kind))?,
            _ => writeln!(out, "{line}")?,
        }
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
    let (folder, name) = (ctx.ui.text(&folder), ctx.ui.text(&name));
    let origin = format!("({})", ctx.paths.progress_origin.describe());
    file_line(&ctx.ui, &path, &origin, out)?;
    writeln!(out)?;
    problem_lines(&ctx.ui, problem, out)?;
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
