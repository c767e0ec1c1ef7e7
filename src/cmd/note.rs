//! `roadmap note ITEM TEXT`: set or clear an item's note.

use crate::cli::NoteArgs;
use crate::cmd::Ctx;
use crate::cmd::done::migrate_aliases;
use crate::error::Result;
use crate::progress;
use crate::store;
use crate::ui::escape;

pub fn run(ctx: &Ctx, args: &NoteArgs) -> Result<()> {
    ctx.preflight(std::slice::from_ref(&args.item))?;
    let (message, _) = store::update_progress(&ctx.paths, |file| {
        let loaded = ctx.load_roadmap(file)?;
        let roadmap = &loaded.roadmap;
        let i = progress::resolve(roadmap, &args.item)?;
        let view = file.progress.for_roadmap(roadmap);
        let mut record = view.items[i].clone();
        let text = args.text.trim_end_matches(['\n', '\r']);
        let id = escape(&roadmap.items[i].id).into_owned();
        let message = match (text.is_empty(), &record.note) {
            (true, None) => format!("`{id}` has no note"),
            (true, Some(_)) => {
                record.note = None;
                format!("removed the note of `{id}`")
            }
            (false, Some(old)) if old == text => format!("`{id}` already has that note"),
            (false, _) => {
                record.note = Some(text.to_string());
                format!("noted on `{id}`")
            }
        };
        if record != view.items[i] {
            file.set_item(roadmap, i, &record);
            migrate_aliases(file, roadmap, &view);
        }
        Ok(message)
    })?;
    ctx.say(&message);
    Ok(())
}
