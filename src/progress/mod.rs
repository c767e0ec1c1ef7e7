//! The progress file (TOML): reading it into [`Progress`], editing it in place so
//! hand edits and comments survive, and resolving ITEM references.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use toml_edit::{DocumentMut, Item as TomlItem, Table, Value};

use crate::error::{Error, Result, line_col};
use crate::roadmap::Roadmap;

pub mod change;
pub mod doctor;
mod hand;
pub mod merge;
mod plain;

/// Format version this build writes. Format 1 (one top-level `[profile]` for
/// every roadmap) is still read, and moved to this format by the next write.
pub const FORMAT: i64 = 2;

/// The first lines of a new progress file.
const NEW_FILE: &str = "\
# Learning progress, kept by `roadmap`. Safe to edit by hand: comments and
# layout survive every write, and `roadmap doctor` checks what you change.
format = 2
";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Todo,
    Started,
    Done,
    Skipped,
}

/// The one range of hours per week, for the flag, the what-if, the progress file,
/// an import and a roadmap: below half an hour a week no stage ends in a lifetime
/// (and the dates overflow), above 100 is no pace a person keeps.
pub const MIN_HOURS_PER_WEEK: f64 = 0.5;
pub const MAX_HOURS_PER_WEEK: f64 = 100.0;

/// The rule as a message says it.
pub const HOURS_RULE: &str = "a number of hours per week from 0.5 to 100";

/// Whether `hours` is a pace within [`MIN_HOURS_PER_WEEK`]..=[`MAX_HOURS_PER_WEEK`]
/// (never NaN or infinite).
pub fn valid_hours(hours: f64) -> bool {
    hours.is_finite() && (MIN_HOURS_PER_WEEK..=MAX_HOURS_PER_WEEK).contains(&hours)
}

/// `hours` if it is within the range, else the sentence saying why not.
pub fn check_hours(hours: f64) -> std::result::Result<f64, String> {
    if valid_hours(hours) {
        Ok(hours)
    } else {
        Err(format!("`{}` is not {HOURS_RULE}", hours_text(hours)))
    }
}

/// A number of hours as a message quotes it: `1e-300` as such, not as three
/// hundred zeros.
pub fn hours_text(hours: f64) -> String {
    if hours != 0.0 && !(1e-3..1e6).contains(&hours.abs()) {
        format!("{hours:e}")
    } else {
        hours.to_string()
    }
}

/// A status as the progress file writes it (the full reader's rule, which the
/// fast readers share).
fn status_of(text: &str) -> Option<Status> {
    text.parse().ok()
}

/// A date written as a string in the progress file (`"2026-06-01"`).
fn date_of(text: &str) -> Option<NaiveDate> {
    crate::date::parse_date(text).ok()
}

impl std::str::FromStr for Status {
    type Err = ();

    /// `todo`, `started`, `done` or `skipped`, as the files and exports write them.
    fn from_str(text: &str) -> Result<Status, ()> {
        match text {
            "todo" => Ok(Status::Todo),
            "started" => Ok(Status::Started),
            "done" => Ok(Status::Done),
            "skipped" => Ok(Status::Skipped),
            _ => Err(()),
        }
    }
}

impl Status {
    /// The name the files, exports and `--json` documents use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Started => "started",
            Status::Done => "done",
            Status::Skipped => "skipped",
        }
    }

    /// SPEC section 4 (import): todo < started < done; skipped only over todo.
    pub fn is_further_than(self, other: Status) -> bool {
        use Status::*;
        matches!(
            (self, other),
            (Started, Todo) | (Done, Todo) | (Done, Started) | (Skipped, Todo) | (Done, Skipped)
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemProgress {
    pub status: Status,
    pub started: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub note: Option<String>,
}

impl ItemProgress {
    pub fn is_empty(&self) -> bool {
        *self == ItemProgress::default()
    }
}

/// A learner's profile for one roadmap (`[roadmaps.ID.profile]`), as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub background: Option<String>,
    /// The pace from `since` on (from the start when `since` is absent).
    pub hours_per_week: Option<f64>,
    pub start: Option<NaiveDate>,
    /// The day the current `hours_per_week` began.
    pub since: Option<NaiveDate>,
    /// The paces before it, oldest first (`earlier_paces`).
    pub earlier_paces: Vec<PaceChange>,
}

/// One pace in a profile's history: `hours_per_week` from `since` on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaceChange {
    pub since: NaiveDate,
    pub hours_per_week: f64,
}

impl Profile {
    /// Change the hours per week from `today` on, keeping the pace before it so the
    /// plan of the days already past stays as it was. `default_hours` is the pace
    /// in force when none was set (the roadmap's own).
    pub fn change_hours(&mut self, hours: f64, today: NaiveDate, default_hours: f64) {
        let current = self.hours_per_week.unwrap_or(default_hours);
        let began = self.since.or(self.start);
        match began {
            // A change on the day the pace began (or before any start) replaces it.
            Some(began) if began < today && current != hours => {
                self.earlier_paces.push(PaceChange {
                    since: began,
                    hours_per_week: current,
                });
                self.since = Some(today);
            }
            _ => {}
        }
        self.hours_per_week = Some(hours);
    }

    /// Every pace with the day it began, oldest first; the first begins at `start`.
    pub fn paces(&self, start: NaiveDate, default_hours: f64) -> Vec<PaceChange> {
        let mut paces: Vec<PaceChange> = self.earlier_paces.clone();
        paces.push(PaceChange {
            since: self.since.unwrap_or(start),
            hours_per_week: self.hours_per_week.unwrap_or(default_hours),
        });
        paces.sort_by_key(|p| p.since);
        // A pace that began before the start runs from the start; of several
        // that did, the latest is the one in force on the first day.
        let before = paces.iter().rposition(|p| p.since <= start).unwrap_or(0);
        let mut paces = paces.split_off(before);
        if let Some(first) = paces.first_mut() {
            first.since = start;
        }
        paces
    }
}

/// Something in the file that `roadmap` does not use; kept, and reported by `doctor`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownKey {
    pub key: String,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// The file's `format` (1 when it has none).
    pub format: i64,
    /// `roadmap = "..."`: the active roadmap, an id or a path.
    pub active: Option<String>,
    /// A format-1 file's top-level `[profile]`: it serves every roadmap without a
    /// profile of its own, until the next write moves it (see [`Progress::profile`]).
    pub shared_profile: Option<Profile>,
    /// Roadmap id -> its own profile (`[roadmaps.ID.profile]`).
    pub profiles: BTreeMap<String, Profile>,
    /// Roadmap id -> item key (as written) -> progress.
    pub roadmaps: BTreeMap<String, BTreeMap<String, ItemProgress>>,
    pub unknown_keys: Vec<UnknownKey>,
}

/// Progress of one roadmap, matched to its items.
#[derive(Debug, Clone)]
pub struct RoadmapProgress {
    /// Indexed like `Roadmap::items`.
    pub items: Vec<ItemProgress>,
    /// Records for ids the roadmap no longer has: kept, never dropped.
    pub orphans: Vec<(String, ItemProgress)>,
    /// Records found under an alias: (old key, item index). The next write moves them.
    pub aliased: Vec<(String, usize)>,
}

impl Progress {
    /// The profile of a roadmap: its own, else a format-1 file's shared one.
    pub fn profile(&self, roadmap_id: &str) -> Profile {
        self.profiles
            .get(roadmap_id)
            .or(self.shared_profile.as_ref())
            .cloned()
            .unwrap_or_default()
    }

    /// The start of a roadmap's plan, and whether the file records it: the
    /// profile's; else, for a file that records progress but no start (made by
    /// hand), the first day of its recent work ([`Progress::recent_work_began`]);
    /// else today.
    pub fn start_of(&self, roadmap: &Roadmap, today: NaiveDate) -> (NaiveDate, bool) {
        match self.profile(&roadmap.id).start {
            Some(start) => (start, true),
            None => (
                self.recent_work_began(roadmap, today).unwrap_or(today),
                false,
            ),
        }
    }

    /// The first date of the latest run of dated work with no gap of more than
    /// half a year: a file made by hand often lists what was learnt years ago,
    /// which is prior knowledge, not the pace of today.
    pub fn recent_work_began(&self, roadmap: &Roadmap, today: NaiveDate) -> Option<NaiveDate> {
        const LONG_GAP_DAYS: i64 = 183;
        let mut dates: Vec<NaiveDate> = self
            .roadmaps
            .get(&roadmap.id)?
            .iter()
            .filter(|(key, _)| roadmap.item_index(key).is_some())
            .flat_map(|(_, r)| [r.started, r.done])
            .flatten()
            .filter(|&d| d <= today)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let mut began = *dates.last()?;
        for pair in dates.windows(2).rev() {
            if (pair[1] - pair[0]).num_days() > LONG_GAP_DAYS {
                break;
            }
            began = pair[0];
        }
        Some(began)
    }

    /// Whether the file holds anything at all for a roadmap.
    pub fn has_roadmap(&self, roadmap_id: &str) -> bool {
        self.profiles.contains_key(roadmap_id)
            || self.roadmaps.get(roadmap_id).is_some_and(|r| !r.is_empty())
    }

    pub fn for_roadmap(&self, roadmap: &Roadmap) -> RoadmapProgress {
        let mut items = vec![ItemProgress::default(); roadmap.items.len()];
        let mut orphans = Vec::new();
        let mut aliased = Vec::new();
        if let Some(records) = self.roadmaps.get(&roadmap.id) {
            // Canonical ids first, so a record under an alias merges into them.
            // A key that names an item is its id unless it is one of the (few) aliases:
            // ids and aliases never overlap in a valid roadmap. Knowing that without
            // reading each item's id keeps this one pass over the records.
            let aliases: rustc_hash::FxHashSet<&str> = roadmap
                .items
                .iter()
                .flat_map(|item| item.aliases.iter().map(String::as_str))
                .collect();
            let mut under_alias = Vec::new();
            for (key, record) in records {
                match roadmap.item_index(key) {
                    Some(i) if aliases.is_empty() || !aliases.contains(key.as_str()) => {
                        items[i] = record.clone()
                    }
                    Some(i) => under_alias.push((key, record, i)),
                    None => orphans.push((key.clone(), record.clone())),
                }
            }
            for (key, record, i) in under_alias {
                items[i] = merge::merge(&items[i], record);
                aliased.push((key.clone(), i));
            }
        }
        RoadmapProgress {
            items,
            orphans,
            aliased,
        }
    }

    /// The records kept under an alias of the roadmap's items: (old key, item
    /// index), in key order, as [`Progress::for_roadmap`] finds them. Only the
    /// aliases are looked up: one pass over the items, and no record is cloned.
    pub fn records_under_aliases(&self, roadmap: &Roadmap) -> Vec<(String, usize)> {
        let Some(records) = self.roadmaps.get(&roadmap.id) else {
            return Vec::new();
        };
        let mut aliased: Vec<(String, usize)> = roadmap
            .items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| item.aliases.iter().map(move |alias| (alias, i)))
            .filter(|(alias, _)| records.contains_key(alias.as_str()))
            .map(|(alias, i)| (alias.clone(), i))
            .collect();
        aliased.sort();
        aliased
    }

    /// One item's progress as [`Progress::for_roadmap`] gives it (its record, with
    /// the records under its aliases merged in, in key order), for a command that
    /// needs a few items and not a view of every one.
    pub fn item_progress(&self, roadmap: &Roadmap, i: usize) -> ItemProgress {
        let Some(records) = self.roadmaps.get(&roadmap.id) else {
            return ItemProgress::default();
        };
        let item = &roadmap.items[i];
        let mut record = records.get(&item.id).cloned().unwrap_or_default();
        let mut under_alias: Vec<&String> = item
            .aliases
            .iter()
            .filter(|alias| records.contains_key(alias.as_str()))
            .collect();
        under_alias.sort();
        for alias in under_alias {
            record = merge::merge(&record, &records[alias.as_str()]);
        }
        record
    }
}

// ---------------------------------------------------------------------------
// Reading.

/// A parsed progress file: what it says, and the document to edit.
#[derive(Debug, Clone)]
pub struct ProgressFile {
    pub path: PathBuf,
    /// The text as read; `None` when the file does not exist yet.
    pub original: Option<String>,
    doc: Doc,
    pub progress: Progress,
    /// What `toml_edit` drops when it prints a document, and the file had: a
    /// byte-order mark and CRLF line endings. Writes put them back.
    bom: bool,
    crlf: bool,
    /// The roadmaps the file held records for when it was read.
    read_roadmaps: Vec<String>,
    /// Records added in bulk to a roadmap that had none, kept out of `doc`.
    deferred: Vec<Deferred>,
}

/// Many new records of one roadmap whose item table was empty: the document holds
/// the first in key order, and the rest are written as text right after it when
/// the document is rendered, which gives the same bytes as the whole document
/// would, without its tables in memory (a `toml_edit` table of 100,000 records
/// takes about 1.5 KB each). The records are the roadmap's in `progress` after
/// `first`; any later edit of its item records puts them in the document first.
#[derive(Debug, Clone)]
struct Deferred {
    roadmap: String,
    /// The key of the record the document holds.
    first: String,
}

/// The document to edit. A file in the plain layout `roadmap` writes is read and
/// edited as text, a record at a time, which gives the same bytes as `toml_edit`
/// for the edits it takes; any other file, or edit, uses `toml_edit`'s document.
#[derive(Debug, Clone)]
enum Doc {
    Full(DocumentMut),
    Plain {
        doc: plain::PlainDoc,
        /// The edits made so far, replayed on the whole document if a later edit needs it.
        edits: Vec<Edit>,
    },
}

/// Past this many edits, a plain document becomes a whole one: each plain edit
/// moves the text after it, which is cheap for a few records but not for thousands.
const MAX_PLAIN_EDITS: usize = 16;

/// One change to the document, in a form that can be replayed.
#[derive(Debug, Clone)]
enum Edit {
    Item {
        roadmap: String,
        id: String,
        aliases: Vec<String>,
        record: ItemProgress,
    },
    Raw {
        roadmap: String,
        key: String,
        record: ItemProgress,
    },
    Active(String),
    Profile(String, Profile),
    /// Format 1 to 2: the shared `[profile]` moves to these roadmaps.
    Upgrade(Vec<String>),
}

impl ProgressFile {
    /// A file that does not exist yet: empty progress, and the text a first write starts from.
    pub fn new_empty(path: &Path) -> ProgressFile {
        ProgressFile {
            path: path.to_path_buf(),
            original: None,
            doc: Doc::Full(NEW_FILE.parse().unwrap_or_default()),
            progress: Progress {
                format: FORMAT,
                ..Progress::default()
            },
            bom: false,
            crlf: false,
            read_roadmaps: Vec::new(),
            deferred: Vec::new(),
        }
    }

    /// Parse a progress file's text. Anything it cannot understand is an error that
    /// names the line and column; the file is then never rewritten.
    pub fn parse(path: &Path, text: String) -> Result<ProgressFile> {
        if text.is_empty() {
            return Err(Error::CorruptProgress {
                path: path.to_path_buf(),
                line: None,
                column: None,
                message: "the progress file is empty (0 bytes), so it cannot be trusted".into(),
                hint: Some(format!(
                    "if you meant to start over, delete `{}`; otherwise restore it from a backup",
                    path.display()
                )),
            });
        }
        if let Some(scanned) = plain::scan(&text) {
            let read_roadmaps = with_records(&scanned.progress);
            return Ok(ProgressFile {
                read_roadmaps,
                path: path.to_path_buf(),
                original: Some(text),
                doc: Doc::Plain {
                    doc: scanned.doc,
                    edits: Vec::new(),
                },
                progress: scanned.progress,
                bom: false,
                crlf: false,
                deferred: Vec::new(),
            });
        }
        let bom = text.starts_with('\u{feff}');
        // CRLF files stay CRLF. A file that mixes both is written with LF where
        // `toml_edit` gives it (a multi-line string in it keeps its own line breaks).
        let crlf = text.contains("\r\n") && !has_lone_lf(&text);
        if let Some(progress) = hand::read(&text) {
            // Read without a document; an edit builds one from the text.
            return Ok(ProgressFile {
                read_roadmaps: with_records(&progress),
                path: path.to_path_buf(),
                original: Some(text),
                doc: Doc::Plain {
                    doc: plain::PlainDoc::read_only(),
                    edits: Vec::new(),
                },
                progress,
                bom,
                crlf,
                deferred: Vec::new(),
            });
        }
        ProgressFile::parse_document(path, text)
    }

    /// [`ProgressFile::parse`] by the full reader alone, whatever the layout: a
    /// `toml_edit` document, read by the rules every reader shares. For tests that
    /// check the fast readers against it.
    #[doc(hidden)]
    pub fn parse_with_document(path: &Path, text: String) -> Result<ProgressFile> {
        if text.is_empty() {
            return ProgressFile::parse(path, text);
        }
        ProgressFile::parse_document(path, text)
    }

    /// Which reader read the file: `plain` (the layout `roadmap` writes, edited as
    /// text), `hand` (another layout, read without a document) or `document`.
    #[doc(hidden)]
    pub fn read_by(&self) -> &'static str {
        match &self.doc {
            Doc::Plain { doc, .. } if doc.is_editable() => "plain",
            Doc::Plain { .. } => "hand",
            Doc::Full(_) => "document",
        }
    }

    fn parse_document(path: &Path, text: String) -> Result<ProgressFile> {
        let bom = text.starts_with('\u{feff}');
        let crlf = text.contains("\r\n") && !has_lone_lf(&text);
        let parsed = toml_edit::Document::parse(text.as_str()).map_err(|err| {
            if let Some(line) = merge::three_way::conflict_marker_line(&text) {
                return conflict_markers(path, line);
            }
            let (line, column) = err
                .span()
                .map(|s| line_col(text.as_bytes(), s.start))
                .map_or((None, None), |(l, c)| (Some(l), Some(c)));
            corrupt(
                path,
                line,
                column,
                format!("not valid TOML: {}", err.message().trim_end()),
            )
        })?;
        let progress = Reader { path, text: &text }.read(parsed.as_table())?;
        let doc = parsed.into_mut();
        Ok(ProgressFile {
            read_roadmaps: with_records(&progress),
            path: path.to_path_buf(),
            original: Some(text),
            doc: Doc::Full(doc),
            progress,
            bom,
            crlf,
            deferred: Vec::new(),
        })
    }

    /// The document as text, to write.
    pub fn render(&self) -> String {
        self.text().into_owned()
    }

    /// [`ProgressFile::render`], borrowed where the document is kept as text already.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.doc {
            Doc::Full(doc) => {
                let mut text = doc.to_string();
                if !self.deferred.is_empty() {
                    text = match with_deferred(&text, &self.deferred, &self.progress) {
                        Some(whole) => whole,
                        None => {
                            let mut whole = doc.clone();
                            put_deferred(&mut whole, &self.deferred, &self.progress);
                            whole.to_string()
                        }
                    };
                }
                if self.crlf {
                    text = to_crlf(&text);
                }
                if self.bom && !text.starts_with('\u{feff}') {
                    text.insert(0, '\u{feff}');
                }
                text.into()
            }
            Doc::Plain { doc, .. } if doc.text.is_empty() => {
                self.original.as_deref().unwrap_or_default().into()
            }
            Doc::Plain { doc, .. } => doc.text.as_str().into(),
        }
    }

    /// True when writing would change the file.
    pub fn is_changed(&self) -> bool {
        match (&self.original, &self.doc) {
            (Some(text), Doc::Plain { doc, .. }) => !doc.text.is_empty() && *text != doc.text,
            (Some(text), Doc::Full(_)) => *text != self.render(),
            (None, _) => false,
        }
    }

    /// Make a change to the document: as text when the file is plain and the edit
    /// allows it, otherwise on the whole `toml_edit` document (built from the text
    /// as read, with the earlier edits replayed, so the result is the same).
    fn edit(&mut self, edit: Edit) {
        if (self.progress.format < FORMAT || self.progress.shared_profile.is_some())
            && !matches!(edit, Edit::Upgrade(_))
        {
            self.upgrade(&edit);
        }
        if let Doc::Plain { doc, edits } = &mut self.doc {
            let original = self.original.as_deref().unwrap_or_default();
            let done = edits.len() < MAX_PLAIN_EDITS
                && match &edit {
                    Edit::Item {
                        roadmap,
                        id,
                        aliases,
                        record,
                    } => doc.set_record(original, roadmap, id, aliases, record),
                    Edit::Raw {
                        roadmap,
                        key,
                        record,
                    } => doc.set_record(original, roadmap, key, &[], record),
                    Edit::Active(_) => doc.edit_head(original, |head| {
                        apply(head, &edit);
                        true
                    }),
                    // A profile table made anew goes where the whole document
                    // puts it, among the item tables: only one there already is
                    // edited on its own.
                    Edit::Profile(roadmap, _) => {
                        doc.edit_head(original, |head| {
                            let has_profile = head
                                .get("roadmaps")
                                .and_then(|r| r.get(roadmap))
                                .and_then(|r| r.get("profile"))
                                .is_some_and(TomlItem::is_table);
                            if has_profile {
                                apply(head, &edit);
                            }
                            has_profile
                        }) || doc.append_new_roadmap(original, roadmap, |alone| apply(alone, &edit))
                    }
                    Edit::Upgrade(_) => false,
                };
            if done {
                edits.push(edit);
                return;
            }
        }
        self.make_full();
        if let Edit::Item { roadmap, .. } | Edit::Raw { roadmap, .. } = &edit {
            self.put_deferred(roadmap);
        }
        if let Doc::Full(doc) = &mut self.doc {
            apply(doc, &edit);
        }
    }

    /// Put the records of a roadmap kept out of the document into it, before an
    /// edit of its item table. (An edit elsewhere leaves the rest where they are
    /// in the text: right after the first of them, as it does in the document.)
    fn put_deferred(&mut self, roadmap_id: &str) {
        let Some(k) = self.deferred.iter().position(|d| d.roadmap == roadmap_id) else {
            return;
        };
        let deferred = self.deferred.remove(k);
        if let Doc::Full(doc) = &mut self.doc {
            put_deferred(doc, std::slice::from_ref(&deferred), &self.progress);
        }
    }

    /// Turn a plain document into a whole one: the text as read, with the edits
    /// made so far replayed on it.
    fn make_full(&mut self) {
        if let Doc::Plain { edits, .. } = &mut self.doc {
            let text = self.original.as_deref().unwrap_or(NEW_FILE);
            let mut full: DocumentMut = text.parse().unwrap_or_default();
            for earlier in edits.drain(..) {
                apply(&mut full, &earlier);
            }
            self.doc = Doc::Full(full);
        }
    }
}

/// The records of a deferred roadmap, the first (the one the document holds) and the rest.
fn deferred_records<'p>(
    progress: &'p Progress,
    d: &Deferred,
) -> Option<(
    &'p ItemProgress,
    impl Iterator<Item = (&'p String, &'p ItemProgress)>,
)> {
    let records = progress.roadmaps.get(&d.roadmap)?;
    let mut all = records.iter();
    let (first, record) = all.next()?;
    (*first == d.first).then_some((record, all))
}

/// The document's text `rendered` with the deferred records written in after the
/// table of the first of each; `None` when that table is not found once, exactly.
fn with_deferred(rendered: &str, deferred: &[Deferred], progress: &Progress) -> Option<String> {
    let mut text = rendered.to_string();
    for d in deferred {
        let (first_record, rest) = deferred_records(progress, d)?;
        let mut first = String::new();
        plain::push_table(&mut first, &d.roadmap, &d.first, first_record);
        let mut found = memchr::memmem::find_iter(text.as_bytes(), first.as_bytes());
        let at = found.next()? + first.len();
        if found.next().is_some() {
            return None;
        }
        let (_, rest_len) = deferred_records(progress, d)?;
        let room: usize = rest_len
            .map(|(key, r)| {
                let note = r.note.as_ref().map_or(0, |n| n.len() + 10);
                let dates = 18 * (usize::from(r.started.is_some()) + usize::from(r.done.is_some()));
                d.roadmap.len() + key.len() + 38 + dates + note
            })
            .sum();
        let mut whole = String::with_capacity(text.len() + room);
        whole.push_str(&text[..at]);
        for (key, record) in rest {
            plain::push_table(&mut whole, &d.roadmap, key, record);
        }
        whole.push_str(&text[at..]);
        text = whole;
    }
    Some(text)
}

/// Put deferred records into the document, as [`ProgressFile::set_raw_items`] does.
fn put_deferred(doc: &mut DocumentMut, deferred: &[Deferred], progress: &Progress) {
    for d in deferred {
        let Some((_, rest)) = deferred_records(progress, d) else {
            continue;
        };
        let items = items_table(doc, &d.roadmap);
        for (key, record) in rest {
            put_item(items, key, &[], record);
        }
        sort_item_tables(items);
    }
}

/// Whether some line of the text ends in a bare LF.
fn has_lone_lf(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\n' && (i == 0 || bytes[i - 1] != b'\r'))
}

/// The text with every bare LF made CRLF. `toml_edit` renders the layout with LF
/// but keeps a multi-line string's raw CRLF, which must not become CR CR LF; and
/// the values written here never hold a raw line break (see [`string_value`]).
fn to_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous = '\0';
    for c in text.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
}

/// A file git merged without roadmap's merge driver, and left conflict markers in.
fn conflict_markers(path: &Path, line: usize) -> Error {
    Error::CorruptProgress {
        path: path.to_path_buf(),
        line: Some(line),
        column: Some(1),
        message: "git left conflict markers in the progress file: it was merged without \
roadmap's merge driver"
            .into(),
        hint: Some(
            "`roadmap doctor` says how to repair it, and how to let git merge this file by roadmap's rules; nothing was written"
                .into(),
        ),
    }
}

fn with_records(progress: &Progress) -> Vec<String> {
    progress
        .roadmaps
        .iter()
        .filter(|(_, records)| !records.is_empty())
        .map(|(id, _)| id.clone())
        .collect()
}

fn corrupt(path: &Path, line: Option<usize>, column: Option<usize>, message: String) -> Error {
    Error::CorruptProgress {
        path: path.to_path_buf(),
        line,
        column,
        message,
        hint: Some("fix that line by hand; nothing was written".into()),
    }
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Reader<'_> {
    fn at(&self, item: &TomlItem) -> (Option<usize>, Option<usize>) {
        match item.span() {
            Some(span) => {
                let (l, c) = line_col(self.text.as_bytes(), span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        }
    }

    fn bad(&self, item: &TomlItem, message: String) -> Error {
        let (line, column) = self.at(item);
        corrupt(self.path, line, column, message)
    }

    fn unknown(&self, progress: &mut Progress, key: String, item: &TomlItem) {
        let line = self.at(item).0;
        progress.unknown_keys.push(UnknownKey { key, line });
    }

    fn read(&self, root: &Table) -> Result<Progress> {
        let mut progress = Progress {
            format: 1,
            ..Progress::default()
        };
        if let Some(item) = root.get("format") {
            match item.as_integer() {
                Some(n @ 1..=FORMAT) => progress.format = n,
                Some(n) if n > FORMAT => {
                    let (line, column) = self.at(item);
                    return Err(Error::CorruptProgress {
                        path: self.path.to_path_buf(),
                        line,
                        column,
                        message: format!(
                            "this progress file uses format {n}, but this version of roadmap reads format {FORMAT}"
                        ),
                        hint: Some("upgrade roadmap to use it; the file was left as it is".into()),
                    });
                }
                _ => {
                    return Err(self.bad(item, format!("`format` must be 1 or {FORMAT}")));
                }
            }
        }
        for (key, item) in root.iter() {
            match key {
                "format" => {}
                "roadmap" => {
                    progress.active = Some(self.string(item, "roadmap")?);
                }
                "profile" => {
                    progress.shared_profile = Some(self.profile(item, "profile", &mut progress)?)
                }
                "roadmaps" => {
                    let table = self.table(item, "roadmaps")?;
                    for (id, item) in table.iter() {
                        let key_path = format!("roadmaps.{id}");
                        let roadmap_table = self.table(item, &key_path)?;
                        let mut records = BTreeMap::new();
                        for (key, item) in roadmap_table.iter() {
                            if key == "profile" {
                                let path = format!("{key_path}.profile");
                                let profile = self.profile(item, &path, &mut progress)?;
                                progress.profiles.insert(id.to_string(), profile);
                                continue;
                            }
                            if key != "items" {
                                self.unknown(&mut progress, format!("{key_path}.{key}"), item);
                                continue;
                            }
                            let items = self.table(item, &format!("{key_path}.items"))?;
                            for (item_id, item) in items.iter() {
                                let path = format!("{key_path}.items.{item_id}");
                                let record = self.record(item, &path, &mut progress)?;
                                records.insert(item_id.to_string(), record);
                            }
                        }
                        progress.roadmaps.insert(id.to_string(), records);
                    }
                }
                other => self.unknown(&mut progress, other.to_string(), item),
            }
        }
        Ok(progress)
    }

    fn table<'t>(&self, item: &'t TomlItem, key: &str) -> Result<&'t dyn toml_edit::TableLike> {
        item.as_table_like()
            .ok_or_else(|| self.bad(item, format!("`{key}` must be a table")))
    }

    fn string(&self, item: &TomlItem, key: &str) -> Result<String> {
        item.as_str()
            .map(str::to_string)
            .ok_or_else(|| self.bad(item, format!("`{key}` must be a string")))
    }

    fn date(&self, item: &TomlItem, key: &str) -> Result<NaiveDate> {
        let parsed = match item.as_value() {
            Some(Value::Datetime(dt)) => {
                let dt = dt.value();
                match (dt.date, dt.time) {
                    (Some(d), None) => NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    ),
                    _ => None,
                }
            }
            Some(Value::String(s)) => date_of(s.value()),
            _ => None,
        };
        parsed.ok_or_else(|| {
            self.bad(
                item,
                format!("`{key}` must be a date written as YYYY-MM-DD"),
            )
        })
    }

    fn hours(&self, item: &TomlItem, key: &str) -> Result<f64> {
        let hours = match item.as_value() {
            Some(Value::Integer(i)) => Some(*i.value() as f64),
            Some(Value::Float(f)) => Some(*f.value()),
            _ => None,
        };
        match hours {
            Some(h) if valid_hours(h) => Ok(h),
            _ => Err(self.bad(item, format!("`{key}` must be {HOURS_RULE}"))),
        }
    }

    fn profile(&self, item: &TomlItem, path: &str, progress: &mut Progress) -> Result<Profile> {
        let table = self.table(item, path)?;
        let mut profile = Profile::default();
        for (key, item) in table.iter() {
            match key {
                "background" => {
                    profile.background = Some(self.string(item, &format!("{path}.background"))?)
                }
                "hours_per_week" => {
                    profile.hours_per_week =
                        Some(self.hours(item, &format!("{path}.hours_per_week"))?)
                }
                "start" => profile.start = Some(self.date(item, &format!("{path}.start"))?),
                "since" => profile.since = Some(self.date(item, &format!("{path}.since"))?),
                "earlier_paces" => {
                    profile.earlier_paces = self.paces(item, &format!("{path}.earlier_paces"))?
                }
                other => self.unknown(progress, format!("{path}.{other}"), item),
            }
        }
        Ok(profile)
    }

    /// `earlier_paces = [{ since = 2026-06-01, hours_per_week = 10 }, ...]`, or the
    /// same as `[[...earlier_paces]]` tables.
    fn paces(&self, item: &TomlItem, path: &str) -> Result<Vec<PaceChange>> {
        let shape = || {
            self.bad(
                item,
                format!(
                    "`{path}` must be a list like [{{ since = 2026-06-01, hours_per_week = 10 }}]"
                ),
            )
        };
        let mut tables: Vec<TomlItem> = Vec::new();
        match item {
            TomlItem::Value(Value::Array(array)) => {
                for value in array.iter() {
                    match value {
                        Value::InlineTable(t) => {
                            tables.push(TomlItem::Table(t.clone().into_table()))
                        }
                        _ => return Err(shape()),
                    }
                }
            }
            TomlItem::ArrayOfTables(array) => {
                tables.extend(array.iter().map(|t| TomlItem::Table(t.clone())))
            }
            _ => return Err(shape()),
        }
        let mut paces = Vec::with_capacity(tables.len());
        for table in &tables {
            let Some(table) = table.as_table() else {
                return Err(shape());
            };
            let (Some(since), Some(hours)) = (table.get("since"), table.get("hours_per_week"))
            else {
                return Err(shape());
            };
            if table.len() != 2 {
                return Err(shape());
            }
            let since = self.date(since, "since").map_err(|_| {
                self.bad(
                    item,
                    format!("`{path}`: `since` must be a date written as YYYY-MM-DD"),
                )
            })?;
            let hours_per_week = self.hours(hours, "hours_per_week").map_err(|_| {
                self.bad(
                    item,
                    format!("`{path}`: `hours_per_week` must be {HOURS_RULE}"),
                )
            })?;
            paces.push(PaceChange {
                since,
                hours_per_week,
            });
        }
        Ok(paces)
    }

    fn record(&self, item: &TomlItem, path: &str, progress: &mut Progress) -> Result<ItemProgress> {
        let table = self.table(item, path)?;
        let mut record = ItemProgress::default();
        for (key, item) in table.iter() {
            match key {
                "status" => {
                    record.status = match item.as_str().and_then(status_of) {
                        Some(status) => status,
                        _ => {
                            return Err(self.bad(
                                item,
                                format!("`{path}.status` must be \"started\", \"done\" or \"skipped\" (or absent for todo)"),
                            ));
                        }
                    }
                }
                "started" => record.started = Some(self.date(item, &format!("{path}.started"))?),
                "done" => record.done = Some(self.date(item, &format!("{path}.done"))?),
                "note" => record.note = Some(self.string(item, &format!("{path}.note"))?),
                other => self.unknown(progress, format!("{path}.{other}"), item),
            }
        }
        Ok(record)
    }
}

// ---------------------------------------------------------------------------
// Editing. Only the values that change are touched, so the rest of the file,
// comments and layout included, stays byte for byte.

/// The order keys are written in inside an item's table.
const ITEM_KEYS: [&str; 4] = ["status", "started", "done", "note"];

fn toml_date(date: NaiveDate) -> Value {
    use chrono::Datelike;
    let datetime = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year().clamp(0, 9999) as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    };
    Value::from(datetime)
}

/// Set `key` to `value` unless it already holds it, keeping the key's comments.
/// Returns whether a new key was added.
fn set_value(table: &mut Table, key: &str, value: Value) -> bool {
    match table.get_mut(key) {
        Some(TomlItem::Value(old)) => {
            if !same_value(old, &value) {
                let decor = old.decor().clone();
                *old = value;
                *old.decor_mut() = decor;
            }
            false
        }
        Some(other) => {
            *other = TomlItem::Value(value);
            false
        }
        None => {
            table.insert(key, TomlItem::Value(value));
            true
        }
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        (Value::Float(a), Value::Float(b)) => a.value() == b.value(),
        (Value::Datetime(a), Value::Datetime(b)) => a.value() == b.value(),
        _ => false,
    }
}

fn key_rank(key: &str) -> usize {
    ITEM_KEYS
        .iter()
        .position(|k| *k == key)
        .unwrap_or(ITEM_KEYS.len())
}

/// The implicit parent tables (`[roadmaps.ID.items]`), created on demand.
fn child_table<'t>(parent: &'t mut Table, key: &str) -> &'t mut Table {
    make_table(parent, key);
    if !parent.get(key).is_some_and(TomlItem::is_table) {
        let mut table = Table::new();
        table.set_implicit(true);
        parent.insert(key, TomlItem::Table(table));
    }
    match parent.get_mut(key) {
        Some(TomlItem::Table(table)) => table,
        _ => unreachable!("inserted as a table just above"),
    }
}

/// The table of a roadmap's item records, `[roadmaps.ID.items]`, created on demand.
fn items_table<'d>(doc: &'d mut DocumentMut, roadmap_id: &str) -> &'d mut Table {
    let roadmaps = child_table(doc.as_table_mut(), "roadmaps");
    let roadmap = child_table(roadmaps, roadmap_id);
    child_table(roadmap, "items")
}

/// A table written by hand as an inline table (`key = { ... }`) becomes a
/// regular table with the same entries, so an edit inside it loses nothing.
fn make_table(parent: &mut Table, key: &str) {
    if let Some(slot) = parent.get_mut(key)
        && slot.is_inline_table()
        && let Ok(table) = std::mem::take(slot).into_table()
    {
        *slot = TomlItem::Table(table);
    }
}

/// Write one item's record into the items table, removing any record kept under
/// one of its aliases. Returns whether a new table was added; the caller sorts.
pub(super) fn put_item(
    items: &mut Table,
    id: &str,
    aliases: &[String],
    record: &ItemProgress,
) -> bool {
    for alias in aliases {
        move_alias_table(items, alias, id);
    }
    make_table(items, id);
    if record.is_empty() {
        let keep = items.get(id).and_then(TomlItem::as_table).is_some_and(|t| {
            table_has_comment(t) || t.iter().any(|(k, _)| key_rank(k) == ITEM_KEYS.len())
        });
        if keep {
            if let Some(TomlItem::Table(table)) = items.get_mut(id) {
                for key in ITEM_KEYS {
                    remove_keeping_comments(table, key);
                }
            }
        } else {
            items.remove(id);
        }
        false
    } else {
        let is_new = !items.contains_key(id);
        if is_new {
            items.insert(id, TomlItem::Table(Table::new()));
        }
        if let Some(TomlItem::Table(table)) = items.get_mut(id) {
            write_record(table, record);
        }
        is_new
    }
}

/// SPEC section 3: a record kept under an old id moves to the new one with all it
/// holds. With no table under the new id yet, the old table is renamed where it
/// stands, comments, unknown keys and all. With one, the new id's table takes the
/// old one's other keys and comments (the caller writes the merged record); a key
/// both have stays behind under the old id, so nothing is lost.
fn move_alias_table(items: &mut Table, alias: &str, id: &str) {
    make_table(items, alias);
    make_table(items, id);
    if !items.get(alias).is_some_and(TomlItem::is_table) {
        return;
    }
    let Some((alias_key, TomlItem::Table(mut old))) = items.remove_entry(alias) else {
        return;
    };
    let Some(TomlItem::Table(new)) = items.get_mut(id) else {
        if items.contains_key(id) {
            // Something other than a table under the new id: leave both as they are.
            items.insert_formatted(&alias_key, TomlItem::Table(old));
        } else {
            items.insert(id, TomlItem::Table(old));
        }
        return;
    };
    let mut comments = String::new();
    comment_lines(old.decor().prefix(), &mut comments);
    comment_lines(old.decor().suffix(), &mut comments);
    for key in ITEM_KEYS {
        if let Some((k, item)) = old.remove_entry(key) {
            comment_lines(k.leaf_decor().prefix(), &mut comments);
            if let Some(value) = item.as_value() {
                comment_lines(value.decor().prefix(), &mut comments);
                comment_lines(value.decor().suffix(), &mut comments);
            }
        }
    }
    let others: Vec<String> = old.iter().map(|(k, _)| k.to_string()).collect();
    for key in others {
        if new.contains_key(&key) {
            continue;
        }
        if let Some((k, item)) = old.remove_entry(&key) {
            new.insert_formatted(&k, item);
        }
    }
    if !comments.is_empty() {
        let header_suffix = new
            .decor()
            .suffix()
            .and_then(|r| r.as_str())
            .unwrap_or_default()
            .to_string();
        let comments = comments.trim_end_matches('\n');
        new.decor_mut()
            .set_suffix(format!("{header_suffix}\n{comments}"));
    }
    if !old.is_empty() {
        old.decor_mut().clear();
        items.insert_formatted(&alias_key, TomlItem::Table(old));
    }
}

/// Put an items table's record tables in id order, where new ones were added at
/// the end. Only the tables move: the key/value lines of its body (records a
/// person wrote as dotted keys or inline tables, with the comments between them)
/// keep their order, which `Table::sort_values` would sort too, down into each
/// dotted key. Record tables read from the file keep their place in it whatever
/// their order here (they are drawn by position); a new one is drawn after the
/// table before it here.
fn sort_item_tables(items: &mut Table) {
    let is_table = |item: &TomlItem| matches!(item, TomlItem::Table(t) if !t.is_dotted());
    // A total preorder: every key/value line ranks equal (a stable sort keeps
    // them as they are), tables after them, by id.
    items.sort_values_by(|a, x, b, y| match (is_table(x), is_table(y)) {
        (true, true) => a.get().cmp(b.get()),
        (left, right) => left.cmp(&right),
    });
}

/// Make one edit on the whole document.
fn apply(doc: &mut DocumentMut, edit: &Edit) {
    match edit {
        Edit::Item {
            roadmap,
            id,
            aliases,
            record,
        } => {
            let items = items_table(doc, roadmap);
            if put_item(items, id, aliases, record) {
                // New tables take their place in id order; existing ones keep theirs.
                sort_item_tables(items);
            }
        }
        Edit::Raw {
            roadmap,
            key,
            record,
        } => {
            let items = items_table(doc, roadmap);
            if put_item(items, key, &[], record) {
                sort_item_tables(items);
            }
        }
        Edit::Active(reference) => {
            set_value(
                doc.as_table_mut(),
                "roadmap",
                Value::from(reference.as_str()),
            );
        }
        Edit::Profile(roadmap, profile) => {
            let table = profile_table(doc, roadmap);
            write_profile(table, profile);
        }
        Edit::Upgrade(targets) => upgrade(doc, targets),
    }
}

/// The order keys are written in inside a profile's table.
const PROFILE_KEYS: [&str; 5] = [
    "background",
    "start",
    "hours_per_week",
    "since",
    "earlier_paces",
];

fn hours_value(h: f64) -> Value {
    if h.fract() == 0.0 && h.abs() < 1e15 {
        Value::from(h as i64)
    } else {
        Value::from(h)
    }
}

fn write_profile(table: &mut Table, profile: &Profile) {
    let mut added = false;
    if let Some(b) = &profile.background {
        added |= set_value(table, "background", Value::from(b.as_str()));
    }
    if let Some(start) = profile.start {
        added |= set_value(table, "start", toml_date(start));
    }
    if let Some(h) = profile.hours_per_week {
        added |= set_value(table, "hours_per_week", hours_value(h));
    }
    match profile.since {
        Some(since) => added |= set_value(table, "since", toml_date(since)),
        None => {
            table.remove("since");
        }
    }
    if profile.earlier_paces.is_empty() {
        table.remove("earlier_paces");
    } else {
        let mut array = toml_edit::Array::new();
        for pace in &profile.earlier_paces {
            let mut entry = toml_edit::InlineTable::new();
            entry.insert("since", toml_date(pace.since));
            entry.insert("hours_per_week", hours_value(pace.hours_per_week));
            array.push(entry);
        }
        let same = table
            .get("earlier_paces")
            .and_then(TomlItem::as_array)
            .is_some_and(|old| old.to_string().trim() == array.to_string().trim());
        if !same {
            if table.contains_key("earlier_paces") {
                set_value(table, "earlier_paces", Value::Array(array));
            } else {
                table.insert("earlier_paces", TomlItem::Value(Value::Array(array)));
                added = true;
            }
        }
    }
    if added {
        let rank = |k: &str| {
            PROFILE_KEYS
                .iter()
                .position(|x| *x == k)
                .unwrap_or(PROFILE_KEYS.len())
        };
        table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    }
}

/// `[roadmaps.ID.profile]`, created on demand before the roadmap's item tables.
fn profile_table<'d>(doc: &'d mut DocumentMut, roadmap_id: &str) -> &'d mut Table {
    let roadmaps = child_table(doc.as_table_mut(), "roadmaps");
    let roadmap = child_table(roadmaps, roadmap_id);
    make_table(roadmap, "profile");
    if !roadmap.get("profile").is_some_and(TomlItem::is_table) {
        roadmap.insert("profile", TomlItem::Table(Table::new()));
        // A table with no position of its own is written where the walk through
        // the document meets it: first among the roadmap's tables.
        roadmap.sort_values_by(|a, _, b, _| (a.get() != "profile").cmp(&(b.get() != "profile")));
        if let Some(TomlItem::Table(table)) = roadmap.get_mut("profile") {
            table.set_position(None);
        }
    }
    match roadmap.get_mut("profile") {
        Some(TomlItem::Table(table)) => table,
        _ => unreachable!("inserted as a table just above"),
    }
}

/// Format 1 to 2: the shared top-level `[profile]` (comments, unknown keys and
/// all) becomes the profile of each roadmap in `targets` that has none of its
/// own; the first keeps its place in the file and its comments.
fn upgrade(doc: &mut DocumentMut, targets: &[String]) {
    let root = doc.as_table_mut();
    make_table(root, "profile");
    let shared = root.remove("profile");
    set_value(root, "format", Value::from(FORMAT));
    let Some(TomlItem::Table(shared)) = shared else {
        return;
    };
    let mut first = true;
    for target in targets {
        let roadmaps = child_table(doc.as_table_mut(), "roadmaps");
        let roadmap = child_table(roadmaps, target);
        if roadmap.contains_key("profile") {
            continue;
        }
        let mut table = shared.clone();
        if !first {
            table.set_position(None);
            *table.decor_mut() = toml_edit::Decor::default();
        }
        roadmap.insert("profile", TomlItem::Table(table));
        roadmap.sort_values_by(|a, _, b, _| (a.get() != "profile").cmp(&(b.get() != "profile")));
        first = false;
    }
}

impl ProgressFile {
    /// Record an item's progress under its canonical id, moving any record kept
    /// under one of its aliases. An empty record removes the item's table unless
    /// it carries comments.
    pub fn set_item(&mut self, roadmap: &Roadmap, index: usize, record: &ItemProgress) {
        let item = &roadmap.items[index];
        self.edit(Edit::Item {
            roadmap: roadmap.id.clone(),
            id: item.id.clone(),
            aliases: item.aliases.clone(),
            record: record.clone(),
        });
        self.record_item(roadmap, index, record);
    }

    /// [`ProgressFile::set_item`] for many items at once, with the same result;
    /// new tables are put in id order once, at the end, rather than after each.
    pub fn set_items<'r>(
        &mut self,
        roadmap: &Roadmap,
        records: impl IntoIterator<Item = (usize, &'r ItemProgress)>,
    ) {
        if matches!(&self.doc, Doc::Plain { doc, .. } if !doc.is_editable()) {
            // Read without a document: the first edit builds it from the text.
            self.make_full();
        }
        self.put_deferred(&roadmap.id);
        if let Doc::Full(doc) = &mut self.doc {
            let mut added = false;
            // In id order, the order the table is sorted into at the end: that sort
            // then finds the keys in order, rather than moving every table.
            // (Moving a record from an alias may insert a key: that order is kept.)
            let mut written: Vec<(usize, &ItemProgress)> = records.into_iter().collect();
            {
                let items = items_table(doc, &roadmap.id);
                let moves = written.iter().any(|&(i, _)| {
                    let aliases = &roadmap.items[i].aliases;
                    aliases.iter().any(|a| items.contains_key(a))
                });
                if !moves {
                    written.sort_by(|a, b| roadmap.items[a.0].id.cmp(&roadmap.items[b.0].id));
                }
                for &(index, record) in &written {
                    let item = &roadmap.items[index];
                    added |= put_item(items, &item.id, &item.aliases, record);
                }
                if added {
                    sort_item_tables(items);
                }
            }
            for (index, record) in written {
                self.record_item(roadmap, index, record);
            }
        } else {
            for (index, record) in records {
                self.set_item(roadmap, index, record);
            }
        }
    }

    /// Keep `progress` in step with a record just written.
    fn record_item(&mut self, roadmap: &Roadmap, index: usize, record: &ItemProgress) {
        let item = &roadmap.items[index];
        let records = self
            .progress
            .roadmaps
            .entry(roadmap.id.clone())
            .or_default();
        for alias in &item.aliases {
            records.remove(alias);
        }
        if record.is_empty() {
            records.remove(&item.id);
        } else {
            records.insert(item.id.clone(), record.clone());
        }
    }

    /// Write a record under a raw key, for ids the roadmap may not have (import of
    /// orphans, the merge driver). An empty record removes the key's table, as
    /// [`ProgressFile::set_item`] does.
    pub fn set_raw_item(&mut self, roadmap_id: &str, key: &str, record: &ItemProgress) {
        self.edit(Edit::Raw {
            roadmap: roadmap_id.to_string(),
            key: key.to_string(),
            record: record.clone(),
        });
        let records = self
            .progress
            .roadmaps
            .entry(roadmap_id.to_string())
            .or_default();
        if record.is_empty() {
            records.remove(key);
        } else {
            records.insert(key.to_string(), record.clone());
        }
    }

    /// The text [`ProgressFile::set_raw_items`] then [`ProgressFile::render`] give
    /// for many records of a roadmap the file has none of (an export to a new
    /// file), written to `out` a record at a time rather than held whole.
    pub fn write_with_new_records(
        self,
        out: &mut dyn std::io::Write,
        roadmap_id: &str,
        records: &[(&str, &ItemProgress)],
    ) -> std::io::Result<()> {
        let mut sorted = records.to_vec();
        sorted.sort_by_key(|&(key, _)| key);
        let streamable = matches!(self.doc, Doc::Full(_))
            && self.deferred.is_empty()
            && !self.crlf
            && !self.bom
            && self
                .progress
                .roadmaps
                .get(roadmap_id)
                .is_none_or(BTreeMap::is_empty)
            && sorted.windows(2).all(|w| w[0].0 != w[1].0)
            && sorted.iter().all(|(_, r)| !r.is_empty());
        if let (true, Some((&(key, record), rest))) = (streamable, sorted.split_first()) {
            // The file with the first record alone; the rest follow its table.
            let mut with_first = self.clone();
            with_first.set_raw_item(roadmap_id, key, record);
            let rendered = with_first.render();
            let mut first = String::new();
            plain::push_table(&mut first, roadmap_id, key, record);
            let mut found = memchr::memmem::find_iter(rendered.as_bytes(), first.as_bytes());
            if let (Some(at), None) = (found.next(), found.next()) {
                let at = at + first.len();
                out.write_all(&rendered.as_bytes()[..at])?;
                let mut table = String::new();
                for &(key, record) in rest {
                    table.clear();
                    plain::push_table(&mut table, roadmap_id, key, record);
                    out.write_all(table.as_bytes())?;
                }
                return out.write_all(&rendered.as_bytes()[at..]);
            }
        }
        let mut file = self;
        file.set_raw_items(roadmap_id, records);
        out.write_all(file.render().as_bytes())
    }

    /// [`ProgressFile::set_raw_item`] for many records of one roadmap, with the
    /// same result: the first is written as that does (which moves a format-1 file
    /// on), the rest into the whole document, its table sorted once at the end
    /// rather than after each new key.
    pub fn set_raw_items(&mut self, roadmap_id: &str, records: &[(&str, &ItemProgress)]) {
        let Some((&(key, record), rest)) = records.split_first() else {
            return;
        };
        // Many new records for a roadmap the file has none for (an import into a
        // new file): kept out of the document, see [`Deferred`].
        let defer = rest.len() >= MAX_PLAIN_EDITS
            && self
                .progress
                .roadmaps
                .get(roadmap_id)
                .is_none_or(BTreeMap::is_empty)
            && records.iter().all(|(_, r)| !r.is_empty());
        self.set_raw_item(roadmap_id, key, record);
        if rest.len() < MAX_PLAIN_EDITS && matches!(self.doc, Doc::Plain { .. }) {
            for &(key, record) in rest {
                self.set_raw_item(roadmap_id, key, record);
            }
            return;
        }
        self.make_full();
        self.put_deferred(roadmap_id);
        if defer && self.defer(roadmap_id, records) {
            return;
        }
        // In key order, the order the table is sorted into at the end.
        let mut rest = rest.to_vec();
        rest.sort_by_key(|&(key, _)| key);
        if let Doc::Full(doc) = &mut self.doc {
            let items = items_table(doc, roadmap_id);
            let mut added = false;
            for &(key, record) in &rest {
                added |= put_item(items, key, &[], record);
            }
            if added {
                sort_item_tables(items);
            }
        }
        let records = self
            .progress
            .roadmaps
            .entry(roadmap_id.to_string())
            .or_default();
        for &(key, record) in &rest {
            if record.is_empty() {
                records.remove(key);
            } else {
                records.insert(key.to_string(), record.clone());
            }
        }
    }

    /// The end of [`ProgressFile::set_raw_items`] for new records of a roadmap with
    /// none (the first is written already): all but the first in key order kept
    /// out of the document. `false`, changing nothing, when the document does not
    /// hold the first alone in the roadmap's item table, or a key comes twice.
    fn defer(&mut self, roadmap_id: &str, records: &[(&str, &ItemProgress)]) -> bool {
        let Doc::Full(doc) = &mut self.doc else {
            return false;
        };
        let (written, _) = records[0];
        let mut sorted = records.to_vec();
        sorted.sort_by_key(|&(key, _)| key);
        if sorted.windows(2).any(|w| w[0].0 == w[1].0) {
            return false;
        }
        let items = items_table(doc, roadmap_id);
        let alone = items.len() == 1
            && items
                .get(written)
                .and_then(TomlItem::as_table)
                .is_some_and(|t| t.position().is_none() && !t.is_implicit());
        if !alone {
            return false;
        }
        let (first, first_record) = sorted[0];
        if first != written {
            items.remove(written);
            put_item(items, first, &[], first_record);
        }
        let records = self
            .progress
            .roadmaps
            .entry(roadmap_id.to_string())
            .or_default();
        for &(key, record) in &sorted {
            records.insert(key.to_string(), record.clone());
        }
        self.deferred.push(Deferred {
            roadmap: roadmap_id.to_string(),
            first: first.to_string(),
        });
        true
    }

    pub fn set_active(&mut self, reference: &str) {
        self.edit(Edit::Active(reference.to_string()));
        self.progress.active = Some(reference.to_string());
    }

    /// SPEC section 6: the first write for a roadmap records its start (the day of
    /// that write, for a roadmap the file knew nothing of), so the plan does not
    /// drift day by day and a backfilled date never becomes the start.
    pub fn record_start(&mut self, roadmap: &Roadmap, today: NaiveDate) {
        if self
            .progress
            .profiles
            .get(&roadmap.id)
            .is_some_and(|p| p.start.is_some())
        {
            return;
        }
        let mut profile = self.progress.profile(&roadmap.id);
        if profile.start.is_none() {
            // Records already in the file (made by hand) date its first use;
            // the ones this write adds may be backfilled, and never do.
            profile.start = Some(if self.read_roadmaps.contains(&roadmap.id) {
                self.progress.start_of(roadmap, today).0
            } else {
                today
            });
        }
        self.set_profile(&roadmap.id, &profile);
    }

    /// Set a roadmap's own profile (`[roadmaps.ID.profile]`).
    pub fn set_profile(&mut self, roadmap_id: &str, profile: &Profile) {
        self.edit(Edit::Profile(roadmap_id.to_string(), profile.clone()));
        self.progress
            .profiles
            .insert(roadmap_id.to_string(), profile.clone());
    }

    /// Move a format-1 file to format 2 before its first edit: the shared profile
    /// goes to every roadmap that has records, to the active one, and to the one
    /// this edit is for (unless it is a `roadmap use`, which starts afresh).
    fn upgrade(&mut self, edit: &Edit) {
        let mut targets: Vec<String> = Vec::new();
        if let Some(active) = &self.progress.active
            && plain::is_bare_key(active)
        {
            targets.push(active.clone());
        }
        for (id, records) in &self.progress.roadmaps {
            if !records.is_empty() && !targets.contains(id) {
                targets.push(id.clone());
            }
        }
        match edit {
            Edit::Item { roadmap, .. } | Edit::Raw { roadmap, .. } | Edit::Profile(roadmap, _) => {
                if !targets.contains(roadmap) {
                    targets.push(roadmap.clone());
                }
            }
            Edit::Active(_) | Edit::Upgrade(_) => {}
        }
        if targets.is_empty() {
            targets.push(crate::roadmap::catalog::DEFAULT_ID.to_string());
        }
        let has_shared = self.progress.shared_profile.is_some();
        if has_shared {
            targets.retain(|t| !self.progress.profiles.contains_key(t));
        } else {
            targets.clear();
        }
        self.edit(Edit::Upgrade(targets.clone()));
        if let Some(shared) = self.progress.shared_profile.take() {
            for target in targets {
                self.progress.profiles.insert(target, shared.clone());
            }
        }
        self.progress.format = FORMAT;
    }
}

fn has_comment(decor: &toml_edit::Decor) -> bool {
    let text = |r: Option<&toml_edit::RawString>| {
        r.and_then(|r| r.as_str()).is_some_and(|s| s.contains('#'))
    };
    text(decor.prefix()) || text(decor.suffix())
}

/// Write a record into an item's table. Returns whether a comment had to move
/// because the key it was written beside went away.
fn write_record(table: &mut Table, record: &ItemProgress) -> bool {
    let mut added = false;
    let mut moved = false;
    match record.status {
        Status::Todo => moved |= remove_keeping_comments(table, "status"),
        status => added |= set_value(table, "status", Value::from(status.as_str())),
    }
    for (key, date) in [("started", record.started), ("done", record.done)] {
        match date {
            Some(d) => added |= set_value(table, key, toml_date(d)),
            None => moved |= remove_keeping_comments(table, key),
        }
    }
    match &record.note {
        Some(note) => added |= set_value(table, "note", string_value(note)),
        None => moved |= remove_keeping_comments(table, "note"),
    }
    if added {
        table.sort_values_by(|a, _, b, _| key_rank(a.get()).cmp(&key_rank(b.get())));
    }
    moved
}

/// A string value that reads back as the same string whatever line endings the
/// file is written with: text with a line break or another control character is
/// written as one escaped line (`"a\nb"`), never as a multi-line string, whose raw
/// line breaks would change with the file's.
fn string_value(text: &str) -> Value {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return Value::from(text);
    }
    let mut quoted = String::with_capacity(text.len() + 8);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push('\t'),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    match quoted.parse::<Value>() {
        Ok(mut value) => {
            value.decor_mut().clear();
            value
        }
        Err(_) => Value::from(text),
    }
}

/// The comments in a decor's text, each on a line of its own.
fn comment_lines(raw: Option<&toml_edit::RawString>, out: &mut String) {
    let Some(text) = raw.and_then(|r| r.as_str()) else {
        return;
    };
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
        }
    }
}

/// Remove `key` from an item's table, keeping every comment written around it:
/// the lines above it move to the key after it, a comment after its value to its
/// own line there (or below the key before it, or below the table's header).
fn remove_keeping_comments(table: &mut Table, key: &str) -> bool {
    let Some((old_key, old)) = table.remove_entry(key) else {
        return false;
    };
    let mut comments = String::new();
    comment_lines(old_key.leaf_decor().prefix(), &mut comments);
    if let Some(value) = old.as_value() {
        comment_lines(value.decor().prefix(), &mut comments);
        comment_lines(value.decor().suffix(), &mut comments);
    }
    if comments.is_empty() {
        return false;
    }
    keep_comments(table, &comments);
    true
}

/// Put comment lines (each ending in a newline) into a table, at the top of its keys.
fn keep_comments(table: &mut Table, comments: &str) {
    let first = table.iter().next().map(|(k, _)| k.to_string());
    if let Some(first) = first
        && let Some(mut key) = table.key_mut(&first)
    {
        let decor = key.leaf_decor_mut();
        let before = decor
            .prefix()
            .and_then(|r| r.as_str())
            .unwrap_or_default()
            .to_string();
        decor.set_prefix(format!("{comments}{before}"));
        return;
    }
    // No key left: the comments go below the header, in its suffix.
    let decor = table.decor_mut();
    let suffix = decor
        .suffix()
        .and_then(|r| r.as_str())
        .unwrap_or_default()
        .to_string();
    let comments = comments.trim_end_matches('\n');
    decor.set_suffix(format!("{suffix}\n{comments}"));
}

/// Whether a table holds a comment anywhere: around its header, or around any key.
fn table_has_comment(table: &Table) -> bool {
    let text = |r: Option<&toml_edit::RawString>| {
        r.and_then(|r| r.as_str()).is_some_and(|s| s.contains('#'))
    };
    has_comment(table.decor())
        || table.iter().any(|(k, item)| {
            let key = table.key(k);
            key.is_some_and(|key| text(key.leaf_decor().prefix()))
                || item
                    .as_value()
                    .is_some_and(|v| text(v.decor().prefix()) || text(v.decor().suffix()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roadmap() -> Roadmap {
        let yaml = "format: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 1, max_months: 1 }\n    items:\n      - { id: python, title: Python for production, aliases: [py] }\n      - { id: prompt-engineering, title: Prompt engineering }\n      - { id: prompt-injection, title: Prompt injection defence }\n      - { id: rag, title: Retrieval-augmented generation }\n";
        crate::roadmap::parse(yaml.as_bytes()).unwrap().0
    }

    #[test]
    fn edits_keep_comments_and_order() {
        let r = roadmap();
        let text = "# mine\nformat = 1\n\n[roadmaps.t.items.rag] # keep me\nstatus = \"done\"   # inline\ndone = 2026-01-02\n\n[roadmaps.t.items.zzz-gone]\nstatus = \"done\"\n";
        let mut file = ProgressFile::parse(Path::new("p.toml"), text.to_string()).unwrap();
        let view = file.progress.for_roadmap(&r);
        assert_eq!(view.orphans.len(), 1);
        file.set_item(
            &r,
            0,
            &ItemProgress {
                status: Status::Done,
                done: NaiveDate::from_ymd_opt(2026, 3, 1),
                ..Default::default()
            },
        );
        let out = file.render();
        assert!(out.starts_with("# mine\nformat = 2\n"), "{out}");
        assert!(
            out.contains("[roadmaps.t.items.rag] # keep me\nstatus = \"done\"   # inline\n"),
            "{out}"
        );
        assert!(
            out.contains("[roadmaps.t.items.python]\nstatus = \"done\"\ndone = 2026-03-01\n"),
            "{out}"
        );
        assert!(out.contains("zzz-gone"));
        let python = out.find("items.python").unwrap();
        let rag = out.find("items.rag").unwrap();
        assert!(
            python < rag,
            "new tables take their place in id order:\n{out}"
        );
    }

    #[test]
    fn one_item_reads_as_in_the_view_of_all() {
        let yaml = "format: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 1, max_months: 1 }\n    items:\n      - { id: python, title: Python, aliases: [py, python3] }\n      - { id: rag, title: RAG, aliases: [a-retrieval] }\n      - { id: evals, title: Evals, aliases: [zz-unused] }\n";
        let r = crate::roadmap::parse(yaml.as_bytes()).unwrap().0;
        let text = "format = 1\n[roadmaps.t.items.python3]\nstatus = \"done\"\ndone = 2026-02-01\n[roadmaps.t.items.py]\nstatus = \"started\"\nstarted = 2026-01-05\nnote = \"old\"\n[roadmaps.t.items.python]\nstatus = \"started\"\nstarted = 2026-01-09\n[roadmaps.t.items.rag]\nstatus = \"skipped\"\n[roadmaps.t.items.a-retrieval]\nstatus = \"started\"\n";
        let file = ProgressFile::parse(Path::new("p.toml"), text.to_string()).unwrap();
        let view = file.progress.for_roadmap(&r);
        assert_eq!(
            view.items[0].status,
            Status::Done,
            "merged from the aliases"
        );
        for i in 0..r.items.len() {
            assert_eq!(
                file.progress.item_progress(&r, i),
                view.items[i],
                "item {i}"
            );
        }
        let other = crate::roadmap::parse(yaml.replace("id: t", "id: u").as_bytes())
            .unwrap()
            .0;
        assert_eq!(
            file.progress.item_progress(&other, 0),
            ItemProgress::default()
        );
        let aliased = file.progress.records_under_aliases(&r);
        assert_eq!(aliased, view.aliased);
        assert_eq!(
            aliased,
            [
                ("a-retrieval".into(), 1),
                ("py".into(), 0),
                ("python3".into(), 0)
            ],
            "in key order, across items"
        );
        assert!(file.progress.records_under_aliases(&other).is_empty());
    }

    #[test]
    fn a_new_record_leaves_hand_written_dotted_keys_and_their_comments_in_order() {
        let r = roadmap();
        let body = "rag = { status = \"done\", done = 2019-06-01 } # inline\r\n\
                    # the next one\r\n\
                    \"prompt-injection\".status = \"done\"\r\n\
                    \"prompt-injection\".done = 2021-03-01\r\n";
        let text = format!(
            "# mine\r\nformat = 2\r\n\r\n[roadmaps.t.items]\r\n{body}\r\n\
             [roadmaps.t.items.python] # mine too\r\nstatus = \"started\"\r\n"
        );
        let mut file = ProgressFile::parse(Path::new("p.toml"), text.clone()).unwrap();
        let record = ItemProgress {
            status: Status::Done,
            done: NaiveDate::from_ymd_opt(2026, 3, 1),
            ..Default::default()
        };
        file.set_item(&r, 1, &record);
        let out = file.render();
        assert!(
            out.contains(&format!("[roadmaps.t.items]\r\n{body}")),
            "{out}"
        );
        assert!(
            out.contains("[roadmaps.t.items.python] # mine too\r\n"),
            "{out}"
        );
        let new = out
            .find("[roadmaps.t.items.prompt-engineering]")
            .expect(&out);
        assert!(
            new < out.find("items.python]").unwrap(),
            "in id order:\n{out}"
        );
        let again = ProgressFile::parse(Path::new("p.toml"), out.clone()).unwrap();
        let view = again.progress.for_roadmap(&r);
        assert_eq!(view.items[1], record);
        assert_eq!(view.items[2].status, Status::Done);
        assert_eq!(view.items[3].status, Status::Done);
    }

    #[test]
    fn alias_records_move_to_the_new_id() {
        let r = roadmap();
        let text = "format = 1\n[roadmaps.t.items.py]\nstatus = \"started\"\nnote = \"old\"\n";
        let mut file = ProgressFile::parse(Path::new("p.toml"), text.to_string()).unwrap();
        let view = file.progress.for_roadmap(&r);
        assert_eq!(view.items[0].status, Status::Started);
        assert!(view.orphans.is_empty());
        let record = view.items[0].clone();
        file.set_item(&r, 0, &record);
        let out = file.render();
        assert!(!out.contains("items.py]"), "{out}");
        assert!(
            out.contains("[roadmaps.t.items.python]\nstatus = \"started\"\nnote = \"old\"\n"),
            "{out}"
        );
    }

    #[test]
    fn bad_values_name_their_line() {
        let text = "format = 1\n\n[roadmaps.t.items.x]\nstatus = \"finished\"\n";
        match ProgressFile::parse(Path::new("p.toml"), text.to_string()) {
            Err(Error::CorruptProgress { line, .. }) => assert_eq!(line, Some(4)),
            other => panic!("{other:?}"),
        }
        match ProgressFile::parse(Path::new("p.toml"), "format = 99\n".into()) {
            Err(Error::CorruptProgress { message, .. }) => assert!(message.contains("format 99")),
            other => panic!("{other:?}"),
        }
        assert!(ProgressFile::parse(Path::new("p.toml"), String::new()).is_err());
    }

    #[test]
    fn further_status_wins() {
        use Status::*;
        assert!(Done.is_further_than(Started));
        assert!(Skipped.is_further_than(Todo));
        assert!(!Skipped.is_further_than(Started));
        assert!(!Started.is_further_than(Skipped));
        assert!(!Todo.is_further_than(Todo));
    }
}

#[cfg(test)]
mod bulk_tests {
    //! Records added in bulk to a roadmap with none are kept out of the document
    //! (`Deferred`): the text must be the one the whole document gives.

    use super::*;

    fn records(n: usize, seed: u64) -> Vec<(String, ItemProgress)> {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let notes = [
            "plain",
            "Läuft — see #3",
            "with \"quotes\"",
            "it's",
            "back\\slash",
            "two\nlines",
            "tab\there",
            "[roadmaps.x.items.y]",
        ];
        (0..n)
            .map(|k| {
                let key = match next() % 9 {
                    0 => format!("odd key {k}"),
                    1 => format!("é-{k}"),
                    _ => format!("item-{}", next() % 100_000),
                };
                let status = [Status::Todo, Status::Started, Status::Done, Status::Skipped]
                    [(next() % 4) as usize];
                let day = |n: u64| {
                    NaiveDate::from_ymd_opt(
                        2020 + (n % 7) as i32,
                        1 + (n % 12) as u32,
                        1 + (n % 28) as u32,
                    )
                };
                let mut record = ItemProgress {
                    status,
                    started: (next() % 2 == 0).then(|| day(next())).flatten(),
                    done: (next() % 2 == 0).then(|| day(next())).flatten(),
                    note: (next() % 3 == 0).then(|| notes[(next() % 8) as usize].to_string()),
                };
                if next() % 50 == 0 {
                    record.done = NaiveDate::from_ymd_opt(12_000, 1, 1);
                }
                if record.is_empty() {
                    record.note = Some("kept".into());
                }
                (key, record)
            })
            .collect()
    }

    fn profile_record() -> ItemProgress {
        ItemProgress {
            status: Status::Started,
            note: Some("elsewhere".into()),
            ..Default::default()
        }
    }

    fn one_by_one(file: &mut ProgressFile, roadmap: &str, records: &[(String, ItemProgress)]) {
        for (key, record) in records {
            file.set_raw_item(roadmap, key, record);
        }
    }

    /// Files with no records for the roadmap the bulk goes to.
    fn starts() -> Vec<Option<&'static str>> {
        vec![
            None,
            Some(
                "# mine\nformat = 2\nroadmap = \"t\"\n\n[roadmaps.t.items.a]\nstatus = \"done\"\n",
            ),
            Some(
                "format = 1\n\n[profile]\nbackground = \"developer\"\n\n[roadmaps.t.items.a]\nstatus = \"done\"\n",
            ),
            Some("format = 2\r\n\r\n[roadmaps.other.items]\r\nx = { status = \"done\" }\r\n"),
            Some("format = 2\n\n[roadmaps.bulk.items]\n# only a comment\n"),
        ]
    }

    fn file(start: Option<&str>) -> ProgressFile {
        match start {
            None => ProgressFile::new_empty(Path::new("p.toml")),
            Some(text) => ProgressFile::parse(Path::new("p.toml"), text.to_string()).unwrap(),
        }
    }

    #[test]
    fn bulk_records_render_as_the_whole_document() {
        for seed in 1..40u64 {
            for start in starts() {
                let mut recs = records(17 + (seed as usize * 7) % 90, seed);
                recs.sort_by(|a, b| a.0.cmp(&b.0));
                recs.dedup_by(|a, b| a.0 == b.0);
                // Not in key order, as an import gives them.
                let by = seed as usize % recs.len();
                recs.rotate_left(by);
                let borrowed: Vec<(&str, &ItemProgress)> =
                    recs.iter().map(|(k, r)| (k.as_str(), r)).collect();
                let mut fast = file(start);
                let mut slow = file(start);
                fast.set_raw_items("bulk", &borrowed);
                one_by_one(&mut slow, "bulk", &recs);
                let deferred = !fast.deferred.is_empty();
                assert_eq!(fast.render(), slow.render(), "seed {seed}, start {start:?}");
                let profile = Profile {
                    start: NaiveDate::from_ymd_opt(2026, 6, 1),
                    ..Profile::default()
                };
                for f in [&mut fast, &mut slow] {
                    f.set_raw_item("t", "zz", &profile_record());
                    f.set_raw_item("a-first", "a", &profile_record());
                    f.set_profile("bulk", &profile);
                    f.set_profile("t", &profile);
                    f.set_active("bulk");
                }
                assert_eq!(fast.render(), slow.render(), "seed {seed}, start {start:?}");
                assert_eq!(
                    format!("{:?}", fast.progress),
                    format!("{:?}", slow.progress)
                );
                assert_eq!(fast.deferred.is_empty(), !deferred);
                // A later edit of the records puts them in the document first.
                let later = ItemProgress {
                    status: Status::Done,
                    ..Default::default()
                };
                for f in [&mut fast, &mut slow] {
                    f.set_raw_item("bulk", "item-5", &later);
                    f.set_raw_item("bulk", &recs[0].0, &ItemProgress::default());
                }
                assert!(fast.deferred.is_empty());
                assert_eq!(fast.render(), slow.render(), "seed {seed}, start {start:?}");
                assert_eq!(
                    format!("{:?}", fast.progress),
                    format!("{:?}", slow.progress)
                );
                assert!(deferred, "bulk records are kept out of the document");
            }
        }
    }
}
