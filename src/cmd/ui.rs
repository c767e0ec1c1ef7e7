//! `roadmap ui`: the full-screen browser, in a terminal only.

use std::io::IsTerminal;

use crate::cmd::Ctx;
use crate::error::{Error, Result};

pub fn run(ctx: &Ctx) -> Result<()> {
    if !std::io::stdout().is_terminal() {
        return Err(Error::usage_with_hint(
            "`roadmap ui` needs a terminal, and its output is not one",
            "run it in a terminal; `roadmap status` and `roadmap list` print the same to a pipe or a file",
        ));
    }
    let (progress, loaded) = ctx.load()?;
    crate::tui::run(
        &ctx.paths,
        loaded.roadmap,
        &progress,
        ctx.today,
        ctx.ui.color,
    )
}
