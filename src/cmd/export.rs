//! `roadmap export`: progress with the roadmap as JSON, CSV, Markdown, TOML,
//! a page to share (HTML), the timeline chart (SVG) or calendar events (ICS).

use std::io::Write;
use std::path::Path;

use crate::cli::{ExportArgs, ExportFormat};
use crate::cmd::{Ctx, report};
use crate::error::{Error, Result};
use crate::store;
use crate::view;

pub fn run(ctx: &Ctx, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    if args.study.is_some() && args.format != ExportFormat::Ics {
        return Err(Error::usage_with_hint(
            "`--study` adds a study block to a calendar, so it goes with `--format ics`",
            "roadmap export --format ics --study \"Mon 19:00\"",
        ));
    }
    let (progress, loaded) = ctx.load()?;
    // The process ends with this command: freeing a large roadmap and its progress
    // one allocation at a time would cost more than reading them did.
    let (progress, loaded) = (Box::leak(Box::new(progress)), Box::leak(Box::new(loaded)));
    let report = report(loaded, progress, ctx.today);
    if args.format == ExportFormat::Json
        && args
            .output
            .as_deref()
            .is_none_or(|path| path == Path::new("-"))
    {
        // Streamed: the text of a large roadmap's export is never held whole.
        return view::json::write_export(out, &report);
    }
    let study = match (&args.study, args.format) {
        (Some(text), ExportFormat::Ics) => Some(
            view::ics::StudyBlock::parse(text, report.profile.hours_per_week)
                .map_err(|message| Error::usage(format!("--study: {message}")))?,
        ),
        _ => None,
    };
    // The formats that grow with the roadmap are written as they are made.
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        let text = match args.format {
            ExportFormat::Json => return view::json::write_export(out, &report).map_err(into_io),
            ExportFormat::Csv => return view::csv::write(out, &report),
            ExportFormat::Html => return view::html::write(out, &report),
            ExportFormat::Toml => return view::toml::write(out, &report),
            ExportFormat::Markdown => view::markdown::render(&report),
            ExportFormat::Svg => view::svg::render(&report),
            ExportFormat::Ics => view::ics::render(&report, study.as_ref()),
        };
        out.write_all(text.as_bytes())
    };
    match args.output.as_deref() {
        None => write(out)?,
        Some(path) if path == Path::new("-") => write(out)?,
        Some(path) => {
            store::write_output_file_with(path, write)?;
            let what = match args.format {
                ExportFormat::Ics => {
                    let n = view::ics::milestones(&report).len();
                    format!("{n} stage milestone{}", if n == 1 { "" } else { "s" })
                }
                _ => format!("{} items", loaded.roadmap.items.len()),
            };
            ctx.say(&format!(
                "wrote {what} of `{}` to {}",
                loaded.roadmap.id,
                path.display()
            ));
        }
    }
    Ok(())
}

/// The I/O error in `err`, or `err` as one.
fn into_io(err: Error) -> std::io::Error {
    match err {
        Error::Output(err) => err,
        other => std::io::Error::other(other.to_string()),
    }
}
