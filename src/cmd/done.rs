//! `roadmap done`, `start`, `skip` and `undo`: change items' status, all or none.

use crate::cli::{DoneArgs, ItemsArgs, StartArgs};
use crate::cmd::Ctx;
use crate::error::Result;
use crate::progress::change::Change;

pub fn run_done(ctx: &Ctx, args: &DoneArgs) -> Result<()> {
    ctx.check_not_future(args.on, "--on")?;
    ctx.change_items(
        &args.items,
        Change::Done {
            on: args.on,
            note: args.note.as_deref(),
        },
    )
}

pub fn run_start(ctx: &Ctx, args: &StartArgs) -> Result<()> {
    ctx.check_not_future(args.on, "--on")?;
    ctx.change_items(&args.items, Change::Start { on: args.on })
}

pub fn run_skip(ctx: &Ctx, args: &ItemsArgs) -> Result<()> {
    ctx.change_items(&args.items, Change::Skip)
}

pub fn run_undo(ctx: &Ctx, args: &ItemsArgs) -> Result<()> {
    ctx.change_items(&args.items, Change::Undo)
}
