//! `roadmap roadmaps`: the roadmaps available, built-in and user.

use std::io::Write;

use crate::cli::JsonArgs;
use crate::cmd::{Ctx, print_json};
use crate::error::Result;
use crate::roadmap::catalog::{self, Source};
use crate::ui;
use crate::view;
use crate::view::table::{Cell, Column, Style, Table};

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
    // Where the line is short, a user roadmap's file goes by its kind alone,
    // then the source goes, then the count of items; ids and titles stay.
    #[derive(Clone, Copy, PartialEq, PartialOrd)]
    enum Detail {
        Paths,
        Kinds,
        Items,
        Ids,
    }
    let table = |detail: Detail| {
        let mut columns = vec![Column::keep().gap(1), Column::keep(), Column::cut(10)];
        if detail <= Detail::Items {
            columns.push(Column::keep().right());
        }
        if detail <= Detail::Kinds {
            columns.push(Column::keep());
        }
        let mut table = Table::new(&columns);
        for e in &entries {
            let marker = if is_active(e) {
                Cell::styled("*", Style::Cyan)
            } else {
                Cell::new(" ")
            };
            let source = match &e.source {
                Source::BuiltIn => "built-in".to_string(),
                Source::User(p) | Source::Path(p) if detail == Detail::Paths => {
                    p.display().to_string()
                }
                Source::User(_) => "user".to_string(),
                Source::Path(_) => "file".to_string(),
            };
            let mut row = match &e.problem {
                Some(_) => vec![
                    Cell::styled("!", Style::Red),
                    Cell::new(e.id.as_str()),
                    Cell::styled("does not load", Style::Red),
                ],
                None => vec![
                    marker,
                    Cell::new(e.id.as_str()),
                    Cell::new(e.title.as_str()),
                ],
            };
            if e.problem.is_none() {
                row.push(Cell::styled(format!("{} items", e.items), Style::Dim));
                row.push(Cell::styled(source, Style::Dim));
            }
            row.truncate(columns.len());
            table.row(row);
        }
        table
    };
    let full = table(Detail::Paths);
    if full.natural_width() <= ui.width {
        full.write(ui, out)?;
    } else {
        let fitting = [Detail::Kinds, Detail::Items]
            .into_iter()
            .map(table)
            .find(|t| t.fits(ui.width))
            .unwrap_or_else(|| table(Detail::Ids));
        fitting.write(ui, out)?;
    }
    // Why a roadmap does not load, whole: a file, a line and what is wrong there.
    for e in &entries {
        if let Some(problem) = &e.problem {
            writeln!(out)?;
            let text = format!("`{}` does not load: {}", e.id, problem);
            for line in ui.wrap(&text, ui.width.saturating_sub(2)) {
                writeln!(out, "  {}", ui.red(&line))?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "  {}",
        ui.dim("* active  ·  roadmap use ID  ·  roadmap new ID")
    )?;
    if let Some(dir) = user_dir {
        let parts = [
            "your roadmaps live in".to_string(),
            dir.display().to_string(),
        ];
        for line in ui::join_fitting(&parts, " ", ui.width.saturating_sub(2)) {
            writeln!(out, "  {}", ui.dim(&line))?;
        }
    }
    Ok(())
}
