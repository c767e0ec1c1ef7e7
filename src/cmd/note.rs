//! `roadmap note ITEM TEXT`: set or clear an item's note.

use crate::cli::NoteArgs;
use crate::cmd::Ctx;
use crate::error::Result;
use crate::progress::change::Change;

pub fn run(ctx: &Ctx, args: &NoteArgs) -> Result<()> {
    ctx.change_items(std::slice::from_ref(&args.item), Change::Note(&args.text))
}
