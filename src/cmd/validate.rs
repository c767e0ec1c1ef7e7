//! `roadmap validate FILE...`: check roadmap files, reporting every problem.

use std::io::Write;

use crate::cli::ValidateArgs;
use crate::cmd::{Ctx, print_json};
use crate::error::{Error, Result};
use crate::roadmap::catalog;
use crate::roadmap::{Problem, Severity};
use crate::ui::{self, Ui};
use crate::view;
use crate::view::json::validate::FileJson;

pub fn run(ctx: &Ctx, args: &ValidateArgs, out: &mut dyn Write) -> Result<()> {
    let mut files = Vec::with_capacity(args.files.len());
    let mut summaries = Vec::new();
    for path in &args.files {
        let display = path.display().to_string();
        let (valid, problems, summary) = match catalog::check_file(path) {
            Ok(Ok((roadmap, warnings))) => {
                let summary = format!(
                    "`{}` ({} stages, {} items)",
                    roadmap.id,
                    roadmap.stages.len(),
                    roadmap.items.len()
                );
                (true, warnings, Some(summary))
            }
            Ok(Err(problems)) => (false, problems, None),
            Err(err) => {
                let message = match &err {
                    Error::Io { source, .. } => format!("cannot read the file: {}", source.kind()),
                    other => other.to_string(),
                };
                let message = message.replace("entity not found", "no such file");
                (
                    false,
                    vec![Problem {
                        severity: Severity::Error,
                        message,
                        line: None,
                        column: None,
                    }],
                    None,
                )
            }
        };
        summaries.push(summary);
        files.push(FileJson {
            path: display,
            valid,
            problems,
        });
    }
    let invalid = files.iter().filter(|f| !f.valid).count();
    if args.json {
        print_json(out, &view::json::validate::document(&files))?;
    } else {
        let ui = &ctx.ui;
        for (file, summary) in files.iter().zip(&summaries) {
            for p in &file.problems {
                let label = match p.severity {
                    Severity::Error => ui.red("error"),
                    Severity::Warning => ui.yellow("warning"),
                };
                // A file name is text too (a glob over a shared folder): escaped.
                let place = crate::error::at(
                    std::path::Path::new(ui.text(&file.path).as_ref()),
                    p.line,
                    p.column,
                    "",
                );
                // `file:line:column: error: message`, one line as compilers write
                // it, for editors and grep: not wrapped.
                writeln!(out, "{place}{label}: {}", ui.text(&p.message))?;
            }
            match summary {
                Some(s) => {
                    let warnings = file.problems.len();
                    let note = if warnings == 0 {
                        String::new()
                    } else {
                        format!(
                            " with {warnings} warning{}",
                            if warnings == 1 { "" } else { "s" }
                        )
                    };
                    verdict(
                        ui,
                        &file.path,
                        "valid",
                        Ui::green,
                        &format!(" {s}{note}"),
                        out,
                    )?;
                }
                None => {
                    let errors = file.problems.iter().filter(|p| p.is_error()).count();
                    let count = format!(" ({errors} error{})", if errors == 1 { "" } else { "s" });
                    verdict(ui, &file.path, "invalid", Ui::red, &count, out)?;
                }
            }
        }
    }
    if invalid > 0 {
        out.flush()?;
        return Err(Error::data(format!(
            "{invalid} of {} file{} did not pass validation",
            args.files.len(),
            if args.files.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// `path: valid ...`, or where that is too long, the path alone and the verdict
/// under it, wrapped.
fn verdict(
    ui: &Ui,
    path: &str,
    word: &str,
    paint: fn(&Ui, &str) -> String,
    rest: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let (path, rest) = (ui.text(path), ui.text(rest));
    if ui::width(&path) + 2 + ui::width(word) + ui::width(&rest) <= ui.width {
        writeln!(out, "{path}: {}{rest}", paint(ui, word))?;
        return Ok(());
    }
    writeln!(out, "{path}:")?;
    let text = format!("{word}{rest}");
    for (n, line) in crate::ui::wrap(&text, ui.width.saturating_sub(2))
        .iter()
        .enumerate()
    {
        match line.strip_prefix(word) {
            Some(after) if n == 0 => writeln!(out, "  {}{after}", paint(ui, word))?,
            _ => writeln!(out, "  {line}")?,
        }
    }
    Ok(())
}
