//! `roadmap done`, `start`, `skip` and `undo`: change items' status, all or none.

use chrono::NaiveDate;

use crate::cli::{DoneArgs, ItemsArgs, StartArgs};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::progress::{self, ItemProgress, ProgressFile, Status};
use crate::roadmap::Roadmap;
use crate::store;
use crate::ui::escape;

#[derive(Debug, Clone, Copy)]
enum Change<'a> {
    Done {
        on: Option<NaiveDate>,
        note: Option<&'a str>,
    },
    Start {
        on: Option<NaiveDate>,
    },
    Skip,
    Undo,
}

pub fn run_done(ctx: &Ctx, args: &DoneArgs) -> Result<()> {
    check_not_future(ctx, args.on, "--on")?;
    apply(
        ctx,
        &args.items,
        Change::Done {
            on: args.on,
            note: args.note.as_deref(),
        },
    )
}

pub fn run_start(ctx: &Ctx, args: &StartArgs) -> Result<()> {
    check_not_future(ctx, args.on, "--on")?;
    apply(ctx, &args.items, Change::Start { on: args.on })
}

pub fn run_skip(ctx: &Ctx, args: &ItemsArgs) -> Result<()> {
    apply(ctx, &args.items, Change::Skip)
}

pub fn run_undo(ctx: &Ctx, args: &ItemsArgs) -> Result<()> {
    apply(ctx, &args.items, Change::Undo)
}

pub fn check_not_future(ctx: &Ctx, date: Option<NaiveDate>, flag: &str) -> Result<()> {
    match date {
        Some(d) if d > ctx.today => Err(Error::usage_with_hint(
            format!("{flag} {} is in the future (today is {})", d, ctx.today),
            "record things once they have happened",
        )),
        _ => Ok(()),
    }
}

/// The new record for one item, and what to tell the learner.
fn change_one(
    id: &str,
    old: &ItemProgress,
    change: Change,
    today: NaiveDate,
) -> (ItemProgress, String) {
    let id = escape(id);
    let mut new = old.clone();
    let message = match change {
        Change::Done { on, note } => {
            if let Some(note) = note {
                new.note = (!note.is_empty()).then(|| note.to_string());
            }
            match (old.status, old.done, on) {
                (Status::Done, Some(when), None) => {
                    if new.note != old.note {
                        format!("`{id}` was already done ({when}); note updated")
                    } else {
                        format!("`{id}` is already done ({when})")
                    }
                }
                (Status::Done, Some(when), Some(on)) if when == on => {
                    format!("`{id}` is already done ({when})")
                }
                _ => {
                    let when = on.unwrap_or(today);
                    new.status = Status::Done;
                    new.done = Some(when);
                    if new.started.is_some_and(|s| s > when) {
                        new.started = Some(when);
                    }
                    if old.status == Status::Done {
                        format!("changed `{id}`'s done date to {when}")
                    } else {
                        format!("marked `{id}` done ({when})")
                    }
                }
            }
        }
        Change::Start { on } => match old.status {
            Status::Started => format!(
                "`{id}` is already started{}",
                old.started.map(|d| format!(" ({d})")).unwrap_or_default()
            ),
            Status::Done => format!(
                "`{id}` is already done{}; `roadmap undo {id}` reopens it",
                old.done.map(|d| format!(" ({d})")).unwrap_or_default()
            ),
            Status::Todo | Status::Skipped => {
                let when = on.unwrap_or(today);
                new.status = Status::Started;
                new.started = Some(when);
                new.done = None;
                format!("marked `{id}` started ({when})")
            }
        },
        Change::Skip => match old.status {
            Status::Skipped => format!("`{id}` is already skipped"),
            _ => {
                new.status = Status::Skipped;
                new.done = None;
                format!("skipped `{id}`")
            }
        },
        Change::Undo => match old.status {
            Status::Todo => format!("`{id}` is already todo"),
            previous => {
                new.status = Status::Todo;
                new.started = None;
                new.done = None;
                format!("`{id}` is back to todo (was {})", previous.as_str())
            }
        },
    };
    (new, message)
}

fn apply(ctx: &Ctx, references: &[String], change: Change) -> Result<()> {
    ctx.preflight(references)?;
    let today = ctx.today;
    let (messages, _) = store::update_progress(&ctx.paths, |file| {
        let loaded = ctx.load_roadmap(file)?;
        let roadmap = &loaded.roadmap;
        let indices = progress::resolve_all(roadmap, references)?;
        let view = file.progress.for_roadmap(roadmap);
        let mut messages = Vec::with_capacity(indices.len());
        for &i in &indices {
            let (new, message) = change_one(&roadmap.items[i].id, &view.items[i], change, today);
            if new != view.items[i] {
                file.set_item(roadmap, i, &new);
            }
            messages.push(message);
        }
        if file.is_changed() || file.original.is_none() {
            migrate_aliases(file, roadmap, &view);
            record_start(file, roadmap, today);
        }
        Ok(messages)
    })?;
    for message in messages {
        ctx.say(&message);
    }
    Ok(())
}

/// SPEC section 3: progress found under an old id moves to the new one on the next write.
pub fn migrate_aliases(
    file: &mut ProgressFile,
    roadmap: &Roadmap,
    view: &progress::RoadmapProgress,
) {
    if view.aliased.is_empty() {
        return;
    }
    // Moving one item's records changes no other item's, so one view serves them all.
    let current = file.progress.for_roadmap(roadmap);
    for &(_, i) in &view.aliased {
        file.set_item(roadmap, i, &current.items[i]);
    }
}

/// SPEC section 6: the first write that needs a start records it, so the plan
/// does not drift day by day.
pub fn record_start(file: &mut ProgressFile, roadmap: &Roadmap, today: NaiveDate) {
    if file.progress.profile.start.is_some() {
        return;
    }
    let Some(earliest) = file.progress.earliest_date(roadmap) else {
        return;
    };
    let mut profile = file.progress.profile.clone();
    profile.start = Some(earliest.min(today));
    file.set_profile(&profile);
}
