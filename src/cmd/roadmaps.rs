//! `roadmap roadmaps`: the roadmaps available, built-in and user.

use std::io::Write;

use crate::cli::JsonArgs;
use crate::cmd::{Ctx, print_json};
use crate::error::Result;
use crate::roadmap::catalog::{self, Source};
use crate::ui::{self, escape, pad, truncate};
use crate::view;

pub fn run(ctx: &Ctx, args: &JsonArgs, out: &mut dyn Write) -> Result<()> {
    let progress = ctx.read_progress()?;
    let active = ctx
        .roadmap_flag
        .clone()
        .or(progress.progress.active.clone())
        .unwrap_or_else(|| catalog::DEFAULT_ID.to_string());
    let user_dir = ctx.paths.user_roadmaps.as_deref();
    let mut entries = catalog::list(user_dir);
    // The active roadmap may be a file: the entry for that file is the active one,
    // added when it is not among the user's roadmaps.
    let canonical = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    let active_path = if catalog::is_path_reference(&active) {
        match catalog::load(&active, user_dir) {
            Ok(loaded) => {
                let path = canonical(std::path::Path::new(&active));
                let listed = entries
                    .iter()
                    .any(|e| e.source.path().and_then(canonical) == path);
                if !listed {
                    entries.push(catalog::Entry {
                        id: loaded.roadmap.id.clone(),
                        title: loaded.roadmap.title.clone(),
                        items: loaded.roadmap.items.len(),
                        source: loaded.source,
                        problem: None,
                    });
                }
                path
            }
            Err(err) => {
                ctx.warn(&format!("the active roadmap does not load: {err}"));
                None
            }
        }
    } else {
        None
    };
    let is_active = |e: &catalog::Entry| {
        e.problem.is_none()
            && match &active_path {
                Some(path) => e.source.path().and_then(canonical).as_ref() == Some(path),
                None => e.id == active && !matches!(e.source, Source::Path(_)),
            }
    };
    if args.json {
        return print_json(out, &view::json::roadmaps::document(&entries, &is_active));
    }
    let ui = &ctx.ui;
    let id_w = entries
        .iter()
        .map(|e| ui::width(&escape(&e.id)))
        .max()
        .unwrap_or(2)
        .min(24);
    for e in &entries {
        let marker = if is_active(e) {
            ui.cyan("*")
        } else {
            " ".into()
        };
        let source = match &e.source {
            Source::BuiltIn => "built-in".to_string(),
            Source::User(p) | Source::Path(p) => p.display().to_string(),
        };
        let detail = match &e.problem {
            Some(problem) => ui.red(&format!("does not load: {}", escape(problem))),
            None => format!(
                "{}  {}",
                pad(&truncate(&escape(&e.title), 30), 30),
                ui.dim(&format!("{:>4} items  {}", e.items, escape(&source)))
            ),
        };
        writeln!(out, "{marker} {}  {detail}", pad(&escape(&e.id), id_w))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "  {}",
        ui.dim("* active  ·  roadmap use ID  ·  roadmap new ID")
    )?;
    if let Some(dir) = user_dir {
        writeln!(
            out,
            "  {}",
            ui.dim(&format!("your roadmaps live in {}", dir.display()))
        )?;
    }
    Ok(())
}
