//! `roadmap use ID|PATH`: make a roadmap the active one.

use std::path::Path;

use crate::cli::UseArgs;
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::roadmap::catalog;
use crate::store::{self, Outcome};

pub fn run(ctx: &Ctx, args: &UseArgs) -> Result<()> {
    // Check it loads before recording it; a path is kept absolute so it works from anywhere.
    let reference = if catalog::is_path_reference(&args.roadmap) {
        let path = Path::new(&args.roadmap);
        std::fs::canonicalize(path)
            .map_err(|e| Error::io("read", path, e))?
            .to_string_lossy()
            .into_owned()
    } else {
        args.roadmap.clone()
    };
    let loaded = catalog::load(&reference, ctx.paths.user_roadmaps.as_deref())?;
    let ((), outcome) = store::update_progress_and_end(&ctx.paths, |file| {
        file.set_active(&reference);
        file.record_start(&loaded.roadmap, ctx.today);
        Ok(())
    })?;
    let what = format!(
        "`{}` ({}, {} items)",
        loaded.roadmap.id,
        loaded.roadmap.title,
        loaded.roadmap.items.len()
    );
    match outcome {
        Outcome::Written => ctx.say(&format!("now using {what}")),
        Outcome::Unchanged => ctx.say(&format!("already using {what}")),
    }
    Ok(())
}
