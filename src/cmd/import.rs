//! `roadmap import FILE`: merge a JSON export or a progress TOML file. Per item
//! the further status wins; nothing is downgraded and no note is dropped.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::cli::ImportArgs;
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::progress::change;
use crate::progress::merge::{self, Incoming};
use crate::progress::{ItemProgress, Profile, ProgressFile, Status, check_hours};
use crate::store;

/// Import files larger than this are refused unread.
const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// The export, with its short strings borrowed from the text where they hold no
/// escapes (a copy of each of 10,000 ids, statuses and dates costs more than
/// reading them).
#[derive(Deserialize)]
struct ExportDoc<'a> {
    format: u64,
    roadmap: ExportRoadmap,
    #[serde(default, borrow)]
    stages: Vec<ExportStage<'a>>,
    #[serde(default, borrow)]
    orphans: Vec<ExportItem<'a>>,
    #[serde(default)]
    profile: Option<ExportProfile>,
}

#[derive(Deserialize)]
struct ExportProfile {
    #[serde(default)]
    background: Option<String>,
    #[serde(default)]
    hours_per_week: Option<f64>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    earlier_paces: Vec<ExportPace>,
}

#[derive(Deserialize)]
struct ExportPace {
    since: String,
    hours_per_week: f64,
}

/// What an import file says: the records, and the profile of each roadmap it has one for.
type Read = (Vec<Incoming>, Vec<(String, Profile)>);

#[derive(Deserialize)]
struct ExportRoadmap {
    id: String,
}

#[derive(Deserialize)]
struct ExportStage<'a> {
    #[serde(default, borrow)]
    items: Vec<ExportItem<'a>>,
}

#[derive(Deserialize)]
struct ExportItem<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    status: Cow<'a, str>,
    #[serde(default, borrow)]
    started: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    done: Option<Cow<'a, str>>,
    #[serde(default)]
    note: Option<String>,
}

pub fn run(ctx: &Ctx, args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    let (incoming, profiles) = read_incoming(&args.file)?;
    let (changes, taken) = if args.dry_run {
        let mut file = ctx.read_progress()?;
        let loaded = ctx.load_roadmap(&file)?;
        let changes = merge::merge_into(&mut file, &loaded.roadmap, &incoming);
        let taken = if changes.is_empty() {
            Vec::new()
        } else {
            take_profiles(&mut file, &profiles)
        };
        (changes, taken)
    } else {
        store::update_progress_and_end(&ctx.paths, move |file| {
            let loaded: &crate::roadmap::catalog::Loaded =
                Box::leak(Box::new(ctx.load_roadmap(file)?));
            let changes = merge::merge_into(file, &loaded.roadmap, &incoming);
            // Made room for the text the file is written from.
            drop(incoming);
            if changes.is_empty() {
                return Ok((changes, Vec::new()));
            }
            let taken = take_profiles(file, &profiles);
            change::record_start(file, &loaded.roadmap, ctx.today);
            Ok((changes, taken))
        })?
        .0
    };
    for merged in &changes {
        writeln!(out, "{}", ctx.ui.text(&merged.describe()))?;
    }
    out.flush()?;
    for line in &taken {
        ctx.say(line);
    }
    let n = changes.len();
    let plural = if n == 1 { "" } else { "s" };
    match (args.dry_run, n) {
        (_, 0) => ctx.say(&format!(
            "nothing to import from {}: your progress already has all of it",
            args.file.display()
        )),
        (true, _) => ctx.say(&format!("dry run: {n} change{plural}, nothing written")),
        (false, _) => ctx.say(&format!(
            "imported {n} change{plural} from {}",
            args.file.display()
        )),
    }
    // The process ends with this command: what was merged is not freed record by record.
    std::mem::forget(changes);
    Ok(())
}

/// Read an import file, telling JSON from TOML by its content.
fn read_incoming(path: &Path) -> Result<Read> {
    use store::Refused;
    let bytes = match store::read_regular(path, MAX_IMPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(refused @ Refused::NotRegular(_)) if refused.is_folder() => {
            return Err(Error::data(format!(
                "`{}` is a folder, not a file to import",
                path.display()
            )));
        }
        Err(Refused::Missing) => {
            return Err(Error::io(
                "read",
                path,
                std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
        Err(Refused::Io(e)) => return Err(Error::io("read", path, e)),
        Err(refused) => {
            return Err(Error::data_with_hint(
                refused
                    .describe("the import file", path, "64 MiB")
                    .unwrap_or_default(),
                "import takes a file written by `roadmap export --format json` or a progress TOML file; nothing was written",
            ));
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::data(format!(
            "`{}` is not UTF-8 text; import takes a JSON export or a progress TOML file",
            path.display()
        ))
    })?;
    if text.trim_start().starts_with('{') {
        from_json(path, &text)
    } else {
        from_toml(path, text)
    }
}

fn bad(path: &Path, line: Option<usize>, column: Option<usize>, message: &str) -> Error {
    Error::data_with_hint(
        crate::error::at(path, line, column, message),
        "import takes a file written by `roadmap export --format json` or a progress TOML file; nothing was written",
    )
}

fn from_json(path: &Path, text: &str) -> Result<Read> {
    let doc: ExportDoc = serde_json::from_str(text).map_err(|e| {
        bad(
            path,
            Some(e.line()),
            Some(e.column()),
            &format!("not a roadmap JSON export: {e}"),
        )
    })?;
    if doc.format > u64::from(crate::view::json::FORMAT) {
        return Err(bad(
            path,
            None,
            None,
            &format!(
                "the export uses format {}, but this version of roadmap reads format 1; upgrade roadmap",
                doc.format
            ),
        ));
    }
    let date = |text: &Option<Cow<str>>, id: &str, what: &str| -> Result<Option<NaiveDate>> {
        match text {
            None => Ok(None),
            Some(t) => crate::date::parse_date(t)
                .map(Some)
                .map_err(|m| bad(path, None, None, &format!("item `{id}`: `{what}`: {m}"))),
        }
    };
    let mut out = Vec::new();
    let items = doc.stages.iter().flat_map(|s| &s.items).chain(&doc.orphans);
    for item in items {
        let status: Status = match item.status.parse() {
            Ok(status) => status,
            Err(()) => {
                return Err(bad(
                    path,
                    None,
                    None,
                    &format!(
                        "item `{}` has status `{}`; expected todo, started, done or skipped",
                        item.id, item.status
                    ),
                ));
            }
        };
        let record = ItemProgress {
            status,
            started: date(&item.started, &item.id, "started")?,
            done: date(&item.done, &item.id, "done")?,
            note: item.note.clone(),
        };
        if !record.is_empty() {
            out.push(Incoming {
                roadmap: doc.roadmap.id.clone(),
                key: item.id.to_string(),
                record,
            });
        }
    }
    let mut profiles = Vec::new();
    if let Some(p) = &doc.profile {
        let day = |text: &Option<String>, key: &str| match text {
            None => Ok(None),
            Some(t) => crate::date::parse_date(t)
                .map(Some)
                .map_err(|m| bad(path, None, None, &format!("`profile.{key}`: {m}"))),
        };
        let hours = |h: f64, key: &str| {
            check_hours(h).map_err(|m| bad(path, None, None, &format!("`profile.{key}`: {m}")))
        };
        let hours_per_week = match p.hours_per_week {
            None => None,
            Some(h) => Some(hours(h, "hours_per_week")?),
        };
        let mut earlier_paces = Vec::with_capacity(p.earlier_paces.len());
        for pace in &p.earlier_paces {
            if let Some(since) = day(&Some(pace.since.clone()), "earlier_paces[].since")? {
                earlier_paces.push(crate::progress::PaceChange {
                    since,
                    hours_per_week: hours(pace.hours_per_week, "earlier_paces[].hours_per_week")?,
                });
            }
        }
        let profile = Profile {
            background: p.background.clone(),
            hours_per_week,
            start: day(&p.start, "start")?,
            since: day(&p.since, "since")?,
            earlier_paces,
        };
        if profile != Profile::default() {
            profiles.push((doc.roadmap.id.clone(), profile));
        }
    }
    Ok((out, profiles))
}

fn from_toml(path: &Path, text: String) -> Result<Read> {
    let file = ProgressFile::parse(path, text).map_err(|e| match e {
        Error::CorruptProgress {
            path,
            line,
            column,
            message,
            ..
        } => bad(&path, line, column, &message),
        other => other,
    })?;
    let records = merge::records(&file.progress);
    let mut ids: Vec<&String> = file.progress.profiles.keys().collect();
    if file.progress.shared_profile.is_some() {
        ids.extend(file.progress.roadmaps.keys());
    }
    ids.sort();
    ids.dedup();
    let profiles = ids
        .into_iter()
        .map(|id| (id.clone(), file.progress.profile(id)))
        .filter(|(_, p)| *p != Profile::default())
        .collect();
    Ok((records, profiles))
}

/// SPEC section 4: a progress file without a profile for a roadmap takes the
/// import's. Returns a line for each profile taken.
fn take_profiles(file: &mut ProgressFile, profiles: &[(String, Profile)]) -> Vec<String> {
    let mut taken = Vec::new();
    for (id, profile) in profiles {
        let has_own = file.progress.profiles.contains_key(id)
            || (file.progress.shared_profile.is_some() && file.progress.has_roadmap(id));
        if has_own {
            continue;
        }
        file.set_profile(id, profile);
        let mut parts = Vec::new();
        if let Some(b) = &profile.background {
            parts.push(format!("background {b}"));
        }
        if let Some(h) = profile.hours_per_week {
            parts.push(format!("{} h/week", crate::view::percent_text(h)));
        }
        if let Some(s) = profile.start {
            parts.push(format!("start {s}"));
        }
        taken.push(format!(
            "profile of `{}` taken from the import: {}",
            id,
            parts.join(", ")
        ));
    }
    taken
}
