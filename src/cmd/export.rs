//! `roadmap export`: progress with the roadmap as JSON, CSV, Markdown, TOML,
//! a page to share (HTML) or the timeline chart (SVG).

use std::io::Write;
use std::path::Path;

use crate::cli::{ExportArgs, ExportFormat};
use crate::cmd::{Ctx, report};
use crate::error::Result;
use crate::store;
use crate::view;

pub fn run(ctx: &Ctx, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    let (progress, loaded) = ctx.load()?;
    // The process ends with this command: freeing a large roadmap and its progress
    // one allocation at a time would cost more than reading them did.
    let (progress, loaded) = (Box::leak(Box::new(progress)), Box::leak(Box::new(loaded)));
    let report = report(loaded, progress, ctx.today);
    let text = match args.format {
        ExportFormat::Json => view::json::export(&report)?,
        ExportFormat::Csv => view::csv::render(&report)?,
        ExportFormat::Markdown => view::markdown::render(&report),
        ExportFormat::Toml => view::toml::render(&report),
        ExportFormat::Html => view::html::render(&report),
        ExportFormat::Svg => view::svg::render(&report),
    };
    match args.output.as_deref() {
        None => out.write_all(text.as_bytes())?,
        Some(path) if path == Path::new("-") => out.write_all(text.as_bytes())?,
        Some(path) => {
            store::write_output_file(path, text.as_bytes())?;
            ctx.say(&format!(
                "wrote {} items of `{}` to {}",
                loaded.roadmap.items.len(),
                loaded.roadmap.id,
                path.display()
            ));
        }
    }
    Ok(())
}
