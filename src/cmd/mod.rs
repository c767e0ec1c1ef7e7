//! The commands: a shared context, and the one dispatch `match`.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::cli::{Cli, ColorWhen, Command};
use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::progress::ProgressFile;
use crate::progress::change::{self, Change, Effect};
use crate::report::Report;
use crate::roadmap::catalog::{self, Loaded};
use crate::roadmap::resolve;
use crate::store;
use crate::ui::Ui;

mod complete;
mod completions;
mod doctor;
mod done;
mod export;
mod import;
mod list;
mod log;
mod man;
mod merge_driver;
mod new;
mod next;
mod note;
mod plan;
mod profile;
mod roadmaps;
mod schema;
mod show;
mod status;
mod sync;
mod timeline;
mod ui;
mod use_;
mod validate;
mod week;

/// What every command may need: where files are, how to print, and today.
pub struct Ctx {
    pub paths: Paths,
    pub ui: Ui,
    pub today: NaiveDate,
    /// `--roadmap ID|PATH`, when given.
    pub roadmap_flag: Option<String>,
}

impl Ctx {
    fn new(cli: &Cli) -> Result<Ctx> {
        Ok(Ctx {
            paths: Paths::resolve(cli.global.progress.clone())?,
            ui: Ui::new(match cli.global.color {
                ColorWhen::Always => Some(true),
                ColorWhen::Never => Some(false),
                ColorWhen::Auto => None,
            }),
            today: today()?,
            roadmap_flag: cli.global.roadmap.clone(),
        })
    }

    /// The progress file as it is on disk (or empty when there is none).
    pub fn read_progress(&self) -> Result<ProgressFile> {
        store::read_progress(&self.paths.progress)
    }

    /// The roadmap in use: `--roadmap` > the progress file's `roadmap` > the default.
    pub fn load_roadmap(&self, progress: &ProgressFile) -> Result<Loaded> {
        if let Some(flag) = &self.roadmap_flag {
            return catalog::load(flag, self.paths.user_roadmaps.as_deref());
        }
        let Some(active) = progress.progress.active.as_deref() else {
            return catalog::load(catalog::DEFAULT_ID, self.paths.user_roadmaps.as_deref());
        };
        // The progress file names a roadmap that is gone: a data problem, with a way out.
        catalog::load(active, self.paths.user_roadmaps.as_deref()).map_err(|err| match err {
            Error::Usage { .. } | Error::Io { .. } => Error::data_with_hint(
                format!(
                    "the active roadmap `{}` (set in `{}`) cannot be loaded: {err}",
                    active,
                    self.paths.progress.display()
                ),
                format!(
                    "`roadmap use {}` switches back to the built-in roadmap; `roadmap roadmaps` lists the others",
                    catalog::DEFAULT_ID
                ),
            ),
            other => other,
        })
    }

    /// Progress and roadmap together, for the commands that only read.
    pub fn load(&self) -> Result<(ProgressFile, Loaded)> {
        let progress = self.read_progress()?;
        let loaded = self.load_roadmap(&progress)?;
        Ok((progress, loaded))
    }

    /// Before the first write, resolve item references outside the lock, so a
    /// refused command creates no folder and no lock file. Once the file exists
    /// its lock file is already beside it, and the check inside the lock suffices.
    pub fn preflight(&self, references: &[String]) -> Result<()> {
        if std::fs::symlink_metadata(&self.paths.progress).is_ok() {
            return Ok(());
        }
        let (_, loaded) = self.load()?;
        resolve::items(&loaded.roadmap, references).map(drop)
    }

    /// The write commands' one shape: resolve the references, apply `change`
    /// to them under the lock, store, then confirm each item on stderr.
    pub fn change_items(&self, references: &[String], change: Change) -> Result<()> {
        self.preflight(references)?;
        let (messages, _) = store::update_progress_and_end(&self.paths, |file| {
            // The process ends with this command: the roadmap is not freed item by item.
            let loaded: &Loaded = Box::leak(Box::new(self.load_roadmap(file)?));
            let roadmap = &loaded.roadmap;
            let indices = resolve::items(roadmap, references)?;
            let effects = change::change(file, roadmap, &indices, change, self.today);
            let backdated = effects
                .iter()
                .filter(|(_, e)| matches!(e, Effect::Done(_) | Effect::Redated(_)))
                .count();
            let warnings = done::unmet_prerequisites(file, roadmap, &effects);
            let mut messages: Vec<String> = effects
                .into_iter()
                .map(|(i, effect)| effect.describe(&roadmap.items[i].id))
                .collect();
            // SPEC section 6: work done before the start is prior knowledge; say so once.
            if let Change::Done { on: Some(on), .. } = change {
                let (start, _) = file.progress.start_of(roadmap, self.today);
                if on < start && backdated > 0 {
                    messages.push(change::before_start(on, start, backdated));
                }
            }
            Ok((messages, warnings))
        })?;
        let (messages, warnings) = messages;
        for message in messages {
            self.say(&message);
        }
        for warning in warnings {
            self.warn(&warning);
        }
        Ok(())
    }

    /// A date the learner gives for something done must not lie ahead of today.
    pub fn check_not_future(&self, date: Option<NaiveDate>, flag: &str) -> Result<()> {
        match date {
            Some(d) if d > self.today => Err(Error::usage_with_hint(
                format!("{flag} {} is in the future (today is {})", d, self.today),
                "record things once they have happened",
            )),
            _ => Ok(()),
        }
    }

    /// A confirmation or warning on stderr; stdout stays for the answer. The
    /// message may hold raw text from a file: it is escaped here, at the edge.
    pub fn say(&self, message: &str) {
        let _ = writeln!(io::stderr().lock(), "{}", self.ui.message(message));
    }

    /// A warning on stderr, escaped like [`Ctx::say`].
    pub fn warn(&self, message: &str) {
        let _ = writeln!(
            io::stderr().lock(),
            "{} {}",
            self.ui.yellow("warning:"),
            self.ui.message(message)
        );
    }
}

/// `$ROADMAP_TODAY=YYYY-MM-DD` pins the date (tests, reproducible exports).
fn today() -> Result<NaiveDate> {
    match std::env::var("ROADMAP_TODAY") {
        Ok(text) if !text.is_empty() => crate::date::parse_date(&text).map_err(|message| {
            Error::usage_with_hint(
                format!("$ROADMAP_TODAY: {message}"),
                "unset it to use the clock",
            )
        }),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Build the report for the roadmap in use.
pub fn report<'a>(loaded: &'a Loaded, progress: &ProgressFile, today: NaiveDate) -> Report<'a> {
    Report::build(&loaded.roadmap, &progress.progress, today)
}

/// The report, or a what-if at `hours_per_week` from today on (nothing written).
pub fn report_at_hours<'a>(
    loaded: &'a Loaded,
    progress: &ProgressFile,
    today: NaiveDate,
    hours_per_week: Option<f64>,
) -> Report<'a> {
    Report::build_at_hours(&loaded.roadmap, &progress.progress, today, hours_per_week)
}

pub fn dispatch(cli: Cli) -> Result<()> {
    let stdout = io::stdout();
    // A buffer, so a table is written in one go and a closed pipe is noticed once.
    let mut out = io::BufWriter::new(stdout.lock());
    // These describe the program itself: no date, progress file or roadmap needed,
    // so a broken `$ROADMAP_TODAY` or progress file cannot stop them.
    let standalone = match &cli.command {
        Some(Command::Schema) => Some(schema::run(&mut out)),
        Some(Command::Completions(args)) => Some(completions::run(args, &mut out)),
        Some(Command::Man) => Some(man::run(&mut out)),
        // Git runs the merge driver wherever it merges: it needs only its three files.
        Some(Command::MergeDriver(args)) => Some(merge_driver::run(args)),
        _ => None,
    };
    if let Some(result) = standalone {
        let flushed = out.flush().map_err(Error::Output);
        return result.and(flushed);
    }
    let ctx = Ctx::new(&cli)?;
    let result = match cli.command {
        None => status::run(&ctx, &crate::cli::ForecastArgs::default(), &mut out),
        Some(command) => match command {
            Command::Status(args) => status::run(&ctx, &args, &mut out),
            Command::List(args) => list::run(&ctx, &args, &mut out),
            Command::Show(args) => show::run(&ctx, &args, &mut out),
            Command::Next(args) => next::run(&ctx, &args, &mut out),
            Command::Done(args) => done::run_done(&ctx, &args),
            Command::Start(args) => done::run_start(&ctx, &args),
            Command::Skip(args) => done::run_skip(&ctx, &args),
            Command::Undo(args) => done::run_undo(&ctx, &args),
            Command::Note(args) => note::run(&ctx, &args),
            Command::Timeline(args) => timeline::run(&ctx, &args, &mut out),
            Command::Week(args) => week::run(&ctx, &args, &mut out),
            Command::Plan(args) => plan::run(&ctx, &args, &mut out),
            Command::Profile(args) => profile::run(&ctx, &args, &mut out),
            Command::Export(args) => export::run(&ctx, &args, &mut out),
            Command::Import(args) => import::run(&ctx, &args, &mut out),
            Command::Log(args) => log::run(&ctx, &args, &mut out),
            Command::Ui => ui::run(&ctx),
            Command::Roadmaps(args) => roadmaps::run(&ctx, &args, &mut out),
            Command::Use(args) => use_::run(&ctx, &args),
            Command::Validate(args) => validate::run(&ctx, &args, &mut out),
            Command::Doctor(args) => doctor::run(&ctx, &args, &mut out),
            Command::New(args) => new::run(&ctx, &args),
            // Answered above, before the context; kept here so the match stays whole.
            Command::Schema => schema::run(&mut out),
            Command::Completions(args) => completions::run(&args, &mut out),
            Command::Man => man::run(&mut out),
            Command::Complete(args) => complete::run(&ctx, &args, &mut out),
            Command::Sync(args) => sync::run(&ctx, &args),
            Command::MergeDriver(args) => merge_driver::run(&args),
        },
    };
    let flushed = out.flush().map_err(Error::Output);
    result.and(flushed)
}

/// Commands to type next, dim, two blanks in, on as many lines as the width
/// needs; a command longer than a line (a very long id) is left out, as a
/// command is never cut.
pub fn hints(ui: &Ui, parts: &[String], out: &mut dyn Write) -> Result<()> {
    let room = ui.width.saturating_sub(2);
    let parts: Vec<String> = parts
        .iter()
        .map(|p| ui.text(p).into_owned())
        .filter(|p| crate::ui::width(p) <= room)
        .collect();
    for line in crate::ui::join_fitting(&parts, "  ·  ", room) {
        writeln!(out, "  {}", ui.dim(&line))?;
    }
    Ok(())
}

/// A heading in bold and what follows it, joined by ` · ` on as few lines as
/// the width allows; a heading too long for a line is wrapped.
pub fn headline(ui: &Ui, heading: &str, parts: &[String], out: &mut dyn Write) -> Result<()> {
    let heading = ui.text(heading);
    let parts: Vec<String> = parts.iter().map(|p| ui.text(p).into_owned()).collect();
    let mut rest = &parts[..];
    if crate::ui::width(&heading) > ui.width {
        for line in crate::ui::wrap(&heading, ui.width) {
            writeln!(out, "{}", ui.bold(&line))?;
        }
    } else {
        let mut first = vec![heading.to_string()];
        let mut taken = 0;
        for part in &parts {
            let wide = crate::ui::width(&first.join(" · ")) + 3 + crate::ui::width(part);
            if wide > ui.width {
                break;
            }
            first.push(part.clone());
            taken += 1;
        }
        rest = &parts[taken..];
        let after: String = first[1..].iter().map(|p| format!(" · {p}")).collect();
        writeln!(out, "{}{after}", ui.bold(&heading))?;
    }
    for line in crate::ui::join_fitting(rest, " · ", ui.width) {
        prose(ui, &line, out)?;
    }
    Ok(())
}

/// `  label  text`: the labels in a column `label_w` wide, the text wrapped
/// beside them.
pub fn labelled(
    ui: &Ui,
    label_w: usize,
    label: &str,
    text: &str,
    out: &mut dyn Write,
) -> Result<()> {
    hanging(ui, 2, label_w, label, text, out)
}

/// `label text` after `indent` blanks, the label padded to `label_w` and the
/// text wrapped beside it, its later lines under its first.
pub fn hanging(
    ui: &Ui,
    indent: usize,
    label_w: usize,
    label: &str,
    text: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let margin = " ".repeat(indent);
    let lines = ui.wrap(text, ui.width.saturating_sub(indent + label_w + 1).max(20));
    for (n, line) in lines.iter().enumerate() {
        let label = if n == 0 { label } else { "" };
        let label = crate::ui::pad(&ui.text(label), label_w);
        writeln!(out, "{margin}{label} {line}")?;
    }
    Ok(())
}

/// A command to type, on lines of at most `width` cells where it can be: broken
/// between words, an option kept with its value, each line but the last ending
/// with ` \\` so the lines paste into a shell as one command.
pub fn command_lines(command: &str, width: usize) -> Vec<String> {
    if crate::ui::width(command) <= width {
        return vec![command.to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    for word in command.split_whitespace() {
        match parts.last_mut() {
            Some(last)
                if last.starts_with("--") && !last.contains(' ') && !word.starts_with('-') =>
            {
                last.push(' ');
                last.push_str(word);
            }
            _ => parts.push(word.to_string()),
        }
    }
    let lines = crate::ui::join_fitting(&parts, " ", width.saturating_sub(6));
    let last = lines.len().saturating_sub(1);
    lines
        .into_iter()
        .enumerate()
        .map(|(n, line)| match (n, n == last) {
            (0, true) => line,
            (0, false) => format!("{line} \\"),
            (_, true) => format!("    {line}"),
            (_, false) => format!("    {line} \\"),
        })
        .collect()
}

/// A sentence or two, wrapped to the width.
pub fn prose(ui: &Ui, text: &str, out: &mut dyn Write) -> Result<()> {
    for line in ui.wrap(text, ui.width) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A sentence or two, dim, wrapped to the width.
pub fn dim_prose(ui: &Ui, text: &str, out: &mut dyn Write) -> Result<()> {
    for line in ui.wrap(text, ui.width) {
        writeln!(out, "{}", ui.dim(&line))?;
    }
    Ok(())
}

/// Print a value as one pretty JSON document and a newline.
pub fn print_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    crate::view::json::write_json(out, value)
}
