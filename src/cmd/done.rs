//! `roadmap done`, `start`, `skip` and `undo`: change items' status, all or none.

use crate::cli::{DoneArgs, ItemsArgs, StartArgs};
use crate::cmd::Ctx;
use crate::error::Result;
use crate::progress::ProgressFile;
use crate::progress::Status;
use crate::progress::change::{Change, Effect};
use crate::roadmap::Roadmap;

pub fn run_done(ctx: &Ctx, args: &DoneArgs) -> Result<()> {
    let on = args.on.map(|d| d.resolve(ctx.today));
    ctx.check_not_future(on, "--on")?;
    ctx.change_items(
        &args.items,
        Change::Done {
            on,
            note: args.note.as_deref(),
        },
    )
}

pub fn run_start(ctx: &Ctx, args: &StartArgs) -> Result<()> {
    let on = args.on.map(|d| d.resolve(ctx.today));
    ctx.check_not_future(on, "--on")?;
    ctx.change_items(&args.items, Change::Start { on })
}

pub fn run_skip(ctx: &Ctx, args: &ItemsArgs) -> Result<()> {
    ctx.change_items(&args.items, Change::Skip)
}

pub fn run_undo(ctx: &Ctx, args: &ItemsArgs) -> Result<()> {
    ctx.change_items(&args.items, Change::Undo)
}

/// SPEC section 4: an item whose prerequisites are not done is marked done all
/// the same, with a warning naming them (as they stand after the whole command,
/// so `roadmap done a b` with `b` needing `a` says nothing).
pub fn unmet_prerequisites(
    file: &ProgressFile,
    roadmap: &Roadmap,
    effects: &[(usize, Effect)],
) -> Vec<String> {
    if !effects.iter().any(|(_, e)| matches!(e, Effect::Done(_))) {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    for &(i, effect) in effects {
        if !matches!(effect, Effect::Done(_)) {
            continue;
        }
        let unmet: Vec<&str> = roadmap.items[i]
            .requires
            .iter()
            .filter(|&&r| {
                let status = file.progress.item_progress(roadmap, r).status;
                !matches!(status, Status::Done | Status::Skipped)
            })
            .map(|&r| roadmap.items[r].id.as_str())
            .collect();
        if unmet.is_empty() {
            continue;
        }
        let names: Vec<String> = unmet.iter().map(|id| format!("`{id}`")).collect();
        warnings.push(format!(
            "`{}` needs {} {}, not done yet; if you know {}, `roadmap done {}`",
            roadmap.items[i].id,
            if unmet.len() == 1 {
                "prerequisite"
            } else {
                "prerequisites"
            },
            join_and(&names),
            if unmet.len() == 1 { "it" } else { "them" },
            unmet.join(" "),
        ));
    }
    warnings
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
