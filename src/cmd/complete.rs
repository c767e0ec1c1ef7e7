//! `roadmap __complete WHAT [PREFIX]`: candidates for the completion scripts, one per
//! line (with `--describe`: the id, a tab, and its title, for zsh and fish).
//!
//! It reads the roadmap in use exactly as any command does, so `--roadmap` and
//! `--progress` typed before it count. A missing or broken file offers nothing
//! rather than an error: a completion must never print over the command line.

use std::io::Write;

use crate::cli::{CompleteArgs, What};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::progress::Status;
use crate::roadmap::catalog;

pub fn run(ctx: &Ctx, args: &CompleteArgs, out: &mut dyn Write) -> Result<()> {
    let Some(what) = What::from_name(&args.what) else {
        let names: Vec<&str> = What::ALL.iter().map(|w| w.name()).collect();
        return Err(Error::usage(format!(
            "`{}` is not something to complete; use one of {}",
            args.what,
            names.join(", ")
        )));
    };
    for (id, title) in candidates(ctx, what) {
        if !id.starts_with(&args.prefix) {
            continue;
        }
        if args.describe {
            writeln!(out, "{id}\t{}", ctx.ui.text(&title))?;
        } else {
            writeln!(out, "{id}")?;
        }
    }
    Ok(())
}

/// `(id, title)` pairs, in the roadmap's order.
fn candidates(ctx: &Ctx, what: What) -> Vec<(String, String)> {
    if what == What::Roadmaps {
        // Needs no roadmap loaded: offered even when the active one is broken.
        return catalog::list(ctx.paths.user_roadmaps.as_deref())
            .into_iter()
            .map(|e| (e.id, e.title))
            .collect();
    }
    // Completion must never fail loudly: a broken file just offers nothing.
    let Ok((progress, loaded)) = ctx.load() else {
        return Vec::new();
    };
    // The process ends with the answer: freeing a large roadmap one allocation at a
    // time would cost more than the answer does.
    let (progress, loaded) = (Box::leak(Box::new(progress)), Box::leak(Box::new(loaded)));
    let roadmap = &loaded.roadmap;
    let items = |keep: fn(Status) -> bool| -> Vec<(String, String)> {
        // Each item's status, as the report gives it, without the forecast.
        let view = progress.progress.for_roadmap(roadmap);
        roadmap
            .items
            .iter()
            .zip(&view.items)
            .filter(|(_, r)| keep(r.status))
            .map(|(item, _)| (item.id.clone(), item.title.clone()))
            .collect()
    };
    match what {
        What::Items => items(|_| true),
        What::ItemsTodo => items(|s| matches!(s, Status::Todo | Status::Started)),
        What::ItemsNotStarted => items(|s| matches!(s, Status::Todo | Status::Skipped)),
        What::ItemsWithProgress => items(|s| s != Status::Todo),
        What::Stages => roadmap
            .stages
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect(),
        What::Tracks => roadmap
            .tracks
            .iter()
            .map(|t| (t.id.clone(), t.title.clone()))
            .collect(),
        What::Backgrounds => roadmap
            .backgrounds
            .iter()
            .map(|b| (b.id.clone(), b.title.clone()))
            .collect(),
        What::Roadmaps => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for what in What::ALL {
            assert_eq!(What::from_name(what.name()), Some(what));
        }
        assert_eq!(What::from_name("items-open"), None);
    }
}
