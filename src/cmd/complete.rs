//! `roadmap __complete WHAT [PREFIX]`: candidates for the completion scripts, one per
//! line (with `--describe`: the id, a tab, and its title, for zsh and fish).
//!
//! It reads the roadmap in use exactly as any command does, so `--roadmap` and
//! `--progress` typed before it count. A missing or broken file offers nothing
//! rather than an error: a completion must never print over the command line.
//!
//! Item ids, the completion a shell asks for most, are answered from the ids at
//! the start of the roadmap's cache entry when it holds them ([`lean_items`]):
//! the progress file is read as always, the roadmap not at all. Anything that
//! path does not answer goes the whole way, through [`Ctx::load_roadmap`].

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::cli::{CompleteArgs, What};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::progress::{ItemProgress, ProgressFile, Status};
use crate::roadmap::cache::{self, ItemIds, Key};
use crate::roadmap::catalog::{self, Loaded};

pub fn run(ctx: &Ctx, args: &CompleteArgs, out: &mut dyn Write) -> Result<()> {
    let Some(what) = What::from_name(&args.what) else {
        let names: Vec<&str> = What::ALL.iter().map(|w| w.name()).collect();
        return Err(Error::usage(format!(
            "`{}` is not something to complete; use one of {}",
            args.what,
            names.join(", ")
        )));
    };
    if let (false, Some(keep), Some(dir)) = (args.describe, item_filter(what), cache::dir()) {
        // Completion must never fail loudly: a broken file just offers nothing.
        let Ok(progress) = ctx.read_progress() else {
            return Ok(());
        };
        // The process ends with the answer: freeing the records one allocation at
        // a time would cost more than the answer does.
        let progress: &ProgressFile = Box::leak(Box::new(progress));
        if let Some(ids) = lean_items(ctx, progress, dir, keep) {
            for id in ids.into_iter().filter(|id| id.starts_with(&args.prefix)) {
                writeln!(out, "{id}")?;
            }
            return Ok(());
        }
        let Ok(loaded) = ctx.load_roadmap(progress) else {
            return Ok(());
        };
        let loaded: &Loaded = Box::leak(Box::new(loaded));
        return write(ctx, args, items(progress, loaded, keep), out);
    }
    write(ctx, args, candidates(ctx, what), out)
}

fn write(
    ctx: &Ctx,
    args: &CompleteArgs,
    candidates: Vec<(String, String)>,
    out: &mut dyn Write,
) -> Result<()> {
    for (id, title) in candidates {
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

/// Which statuses an item completion offers; `None` for what is not an item.
fn item_filter(what: What) -> Option<fn(Status) -> bool> {
    Some(match what {
        What::Items => |_| true,
        What::ItemsTodo => |s| matches!(s, Status::Todo | Status::Started),
        What::ItemsNotStarted => |s| matches!(s, Status::Todo | Status::Skipped),
        What::ItemsWithProgress => |s| s != Status::Todo,
        What::Stages | What::Tracks | What::Backgrounds | What::Roadmaps => return None,
    })
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
    if let Some(keep) = item_filter(what) {
        return items(progress, loaded, keep);
    }
    let roadmap = &loaded.roadmap;
    match what {
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
        _ => Vec::new(),
    }
}

/// The items whose status `keep` takes, as `(id, title)`, in the roadmap's order.
fn items(
    progress: &ProgressFile,
    loaded: &Loaded,
    keep: fn(Status) -> bool,
) -> Vec<(String, String)> {
    let roadmap = &loaded.roadmap;
    // Each item's status, as the report gives it, without the forecast.
    let view = progress.progress.for_roadmap(roadmap);
    roadmap
        .items
        .iter()
        .zip(&view.items)
        .filter(|(_, r)| keep(r.status))
        .map(|(item, _)| (item.id.clone(), item.title.clone()))
        .collect()
}

/// The ids [`items`] gives, from the ids cached under `dir` for the roadmap in
/// use, without loading it; `None` when that roadmap's are not there to read, or
/// when the answer needs more than ids (a record that may be under an alias).
fn lean_items<'a>(
    ctx: &Ctx,
    progress: &'a ProgressFile,
    dir: &Path,
    keep: fn(Status) -> bool,
) -> Option<Vec<&'a str>> {
    let (key, id) = cached_key(ctx, progress)?;
    let ids: &'a ItemIds = Box::leak(Box::new(cache::read_ids_in(dir, &key)?));
    if id.is_some_and(|id| id != ids.roadmap_id()) {
        return None;
    }
    let statuses = statuses(ids, progress.progress.roadmaps.get(ids.roadmap_id()))?;
    Some(
        ids.iter()
            .zip(statuses)
            .filter(|&(_, s)| keep(s))
            .map(|(id, _)| id)
            .collect(),
    )
}

/// Each item's status, as [`crate::progress::Progress::for_roadmap`] gives it,
/// from the records and the ids alone. A record under a key that is no item's id
/// is an orphan, unless the roadmap has aliases: it may then be under one, which
/// merges into its item, and only the whole roadmap says (`None`).
fn statuses(
    ids: &ItemIds,
    records: Option<&BTreeMap<String, ItemProgress>>,
) -> Option<Vec<Status>> {
    let mut statuses = vec![Status::Todo; ids.len()];
    // Both in the order of their keys: one pass over each.
    let mut sorted = ids.sorted().peekable();
    for (key, record) in records.into_iter().flatten() {
        while sorted.next_if(|&(_, id)| id < key.as_str()).is_some() {}
        match sorted.next_if(|&(_, id)| id == key.as_str()) {
            Some((i, _)) => statuses[i] = record.status,
            None if ids.has_aliases() => return None,
            None => {}
        }
    }
    Some(statuses)
}

/// The cache key [`Ctx::load_roadmap`] would read the roadmap in use under, and the
/// id the roadmap must have for that load to take it, in the cases where the load
/// answers from that one key whenever its entry holds: a path; a user roadmap's
/// file named after its id; a built-in roadmap. Any other case, or a file that
/// cannot be hashed, is `None`, and the whole load decides.
fn cached_key<'r>(ctx: &'r Ctx, progress: &'r ProgressFile) -> Option<(Key, Option<&'r str>)> {
    let reference = match (&ctx.roadmap_flag, &progress.progress.active) {
        (Some(flag), _) => flag.as_str(),
        (None, Some(active)) => active.as_str(),
        (None, None) => catalog::DEFAULT_ID,
    };
    let file_key = |path: &Path| {
        let hash = crate::store::hash_regular(path, crate::roadmap::MAX_FILE_BYTES as u64).ok()?;
        Key::file_hashed(path, hash)
    };
    // The order of `catalog::load`.
    if catalog::is_path_reference(reference) {
        return Some((file_key(Path::new(reference))?, None));
    }
    if let Some(dir) = ctx.paths.user_roadmaps.as_deref() {
        for ext in ["yaml", "yml"] {
            let path = dir.join(format!("{reference}.{ext}"));
            if path.is_file() {
                // Taken only if its id is the reference; else the load goes on.
                return Some((file_key(&path)?, Some(reference)));
            }
        }
    }
    let &(name, _, hash) = catalog::BUILTIN_FILES
        .iter()
        .find(|(name, _, _)| name.strip_suffix(".yaml") == Some(reference))?;
    Some((Key::builtin(name, hash), None))
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
