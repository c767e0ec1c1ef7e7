//! `roadmap import FILE`: merge a JSON export or a progress TOML file. Per item
//! the further status wins; nothing is downgraded and no note is dropped.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::cli::ImportArgs;
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::progress::{ItemProgress, ProgressFile, Status};
use crate::roadmap::catalog::Loaded;
use crate::store;
use crate::ui::escape;

/// Import files larger than this are refused unread.
const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// One record to merge: roadmap id, item key, progress.
type Incoming = (String, String, ItemProgress);

#[derive(Deserialize)]
struct ExportDoc {
    format: u64,
    roadmap: ExportRoadmap,
    #[serde(default)]
    stages: Vec<ExportStage>,
    #[serde(default)]
    orphans: Vec<ExportItem>,
}

#[derive(Deserialize)]
struct ExportRoadmap {
    id: String,
}

#[derive(Deserialize)]
struct ExportStage {
    #[serde(default)]
    items: Vec<ExportItem>,
}

#[derive(Deserialize)]
struct ExportItem {
    id: String,
    status: String,
    #[serde(default)]
    started: Option<String>,
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

pub fn run(ctx: &Ctx, args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    let incoming = read_incoming(&args.file)?;
    let changes = if args.dry_run {
        let mut file = ctx.read_progress()?;
        let loaded = ctx.load_roadmap(&file)?;
        merge(&mut file, &loaded, &incoming)
    } else {
        store::update_progress(&ctx.paths, |file| {
            let loaded = ctx.load_roadmap(file)?;
            let changes = merge(file, &loaded, &incoming);
            crate::cmd::done::record_start(file, &loaded.roadmap, ctx.today);
            Ok(changes)
        })?
        .0
    };
    for change in &changes {
        writeln!(out, "{change}")?;
    }
    out.flush()?;
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
    Ok(())
}

/// Read an import file, telling JSON from TOML by its content.
fn read_incoming(path: &Path) -> Result<Vec<Incoming>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Error::data(format!(
            "`{}` is a folder, not a file to import",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", path, e))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(Error::data(format!(
            "`{}` is over 64 MiB; that is no export",
            path.display()
        )));
    }
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

fn from_json(path: &Path, text: &str) -> Result<Vec<Incoming>> {
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
    let date = |text: &Option<String>, id: &str, what: &str| -> Result<Option<NaiveDate>> {
        match text {
            None => Ok(None),
            Some(t) => crate::cli::parse_date(t).map(Some).map_err(|m| {
                bad(
                    path,
                    None,
                    None,
                    &format!("item `{}`: `{what}`: {m}", escape(id)),
                )
            }),
        }
    };
    let mut out = Vec::new();
    let items = doc.stages.iter().flat_map(|s| &s.items).chain(&doc.orphans);
    for item in items {
        let status = match item.status.as_str() {
            "todo" => Status::Todo,
            "started" => Status::Started,
            "done" => Status::Done,
            "skipped" => Status::Skipped,
            other => {
                return Err(bad(
                    path,
                    None,
                    None,
                    &format!(
                        "item `{}` has status `{}`; expected todo, started, done or skipped",
                        escape(&item.id),
                        escape(other)
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
            out.push((doc.roadmap.id.clone(), item.id.clone(), record));
        }
    }
    Ok(out)
}

fn from_toml(path: &Path, text: String) -> Result<Vec<Incoming>> {
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
    Ok(file
        .progress
        .roadmaps
        .into_iter()
        .flat_map(|(roadmap, items)| {
            items
                .into_iter()
                .map(move |(key, record)| (roadmap.clone(), key, record))
        })
        .filter(|(_, _, record)| !record.is_empty())
        .collect())
}

/// Merge incoming records into the file; returns one line per change.
fn merge(file: &mut ProgressFile, loaded: &Loaded, incoming: &[Incoming]) -> Vec<String> {
    let roadmap = &loaded.roadmap;
    let mut changes = Vec::new();
    for (roadmap_id, key, theirs) in incoming {
        let same_roadmap = *roadmap_id == roadmap.id;
        let index = if same_roadmap {
            roadmap.item_index(key)
        } else {
            None
        };
        let ours = match index {
            Some(i) => file.progress.for_roadmap(roadmap).items[i].clone(),
            None => file
                .progress
                .roadmaps
                .get(roadmap_id)
                .and_then(|items| items.get(key))
                .cloned()
                .unwrap_or_default(),
        };
        let merged = merge_one(&ours, theirs);
        if merged == ours {
            continue;
        }
        let name = match index {
            Some(i) => roadmap.items[i].id.clone(),
            None => key.clone(),
        };
        let prefix = if same_roadmap {
            String::new()
        } else {
            format!("{}: ", escape(roadmap_id))
        };
        changes.push(format!(
            "{prefix}{}",
            describe(&escape(&name), &ours, &merged)
        ));
        match index {
            Some(i) => file.set_item(roadmap, i, &merged),
            None => file.set_raw_item(roadmap_id, key, &merged),
        }
    }
    changes
}

/// The further status wins with its dates; dates missing on the winner come
/// from the other side; a note is never dropped.
pub fn merge_one(ours: &ItemProgress, theirs: &ItemProgress) -> ItemProgress {
    let theirs_win = theirs.status.is_further_than(ours.status);
    let (winner, loser) = if theirs_win {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    let mut merged = winner.clone();
    if merged.status == loser.status {
        merged.started = merged.started.or(loser.started);
        merged.done = merged.done.or(loser.done);
    } else if merged.status != Status::Todo
        && merged.started.is_none()
        && loser.status == Status::Started
    {
        merged.started = loser.started;
    }
    // A start taken from the other side never falls after the winner's finish.
    if winner.started.is_none()
        && let (Some(started), Some(done)) = (merged.started, winner.done)
        && started > done
    {
        merged.started = None;
    }
    merged.note = match (&winner.note, &loser.note) {
        (Some(w), Some(l)) if w.contains(l.as_str()) => Some(w.clone()),
        (Some(w), Some(l)) if l.contains(w.as_str()) => Some(l.clone()),
        (Some(w), Some(l)) => Some(format!("{w}\n{l}")),
        (Some(w), None) => Some(w.clone()),
        (None, l) => l.clone(),
    };
    merged
}

fn describe(id: &str, old: &ItemProgress, new: &ItemProgress) -> String {
    let mut parts = Vec::new();
    if old.status != new.status {
        let date = match new.status {
            Status::Done => new.done,
            Status::Started => new.started,
            _ => None,
        };
        parts.push(format!(
            "{} -> {}{}",
            old.status.as_str(),
            new.status.as_str(),
            date.map(|d| format!(" ({d})")).unwrap_or_default()
        ));
    } else if old.started != new.started || old.done != new.done {
        parts.push("dates filled in".to_string());
    }
    if old.note != new.note {
        parts.push(
            if old.note.is_none() {
                "note added"
            } else {
                "note merged"
            }
            .to_string(),
        );
    }
    format!("{id}: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(status: Status, note: Option<&str>) -> ItemProgress {
        ItemProgress {
            status,
            note: note.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn never_downgrades_and_keeps_notes() {
        let ours = rec(Status::Done, Some("mine"));
        let theirs = rec(Status::Started, Some("theirs"));
        let merged = merge_one(&ours, &theirs);
        assert_eq!(merged.status, Status::Done);
        assert_eq!(merged.note.as_deref(), Some("mine\ntheirs"));
        assert_eq!(
            merge_one(&merged, &theirs),
            merged,
            "merging again changes nothing"
        );
        let skipped = merge_one(&rec(Status::Started, None), &rec(Status::Skipped, None));
        assert_eq!(
            skipped.status,
            Status::Started,
            "skipped only wins over todo"
        );
    }
}
