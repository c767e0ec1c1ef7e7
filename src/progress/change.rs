//! The one state machine for an item's status: `done`, `start`, `skip`, `undo`
//! and `note`, as the commands and `roadmap ui` apply them.

use chrono::NaiveDate;

use super::{ItemProgress, ProgressFile, Status};
use crate::roadmap::Roadmap;

/// A change a learner asks for, on one or more items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change<'a> {
    /// Mark done on a date (today when `None`), optionally setting the note
    /// (an empty note removes it).
    Done {
        on: Option<NaiveDate>,
        note: Option<&'a str>,
    },
    /// Mark started on a date (today when `None`).
    Start { on: Option<NaiveDate> },
    /// Mark skipped; a done item stays done.
    Skip,
    /// Back to todo; the note stays.
    Undo,
    /// Set the note; an empty text removes it. Trailing newlines are dropped.
    Note(&'a str),
}

/// What a change did to one item (or why it did nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Marked done on that date.
    Done(NaiveDate),
    /// Was done already, now on another date.
    Redated(NaiveDate),
    /// Was done already on that date; `note_updated` when the note changed.
    AlreadyDone { on: NaiveDate, note_updated: bool },
    /// Marked started on that date.
    Started(NaiveDate),
    /// Was started already (on that date, when known).
    AlreadyStarted(Option<NaiveDate>),
    /// `start` of a done item changes nothing: `undo` reopens it.
    StillDone(Option<NaiveDate>),
    /// Marked skipped.
    Skipped,
    /// `skip` of a done item changes nothing: `undo` first.
    NotSkippedDone(Option<NaiveDate>),
    /// Was skipped already.
    AlreadySkipped,
    /// Back to todo from that status.
    Undone(Status),
    /// Was todo already.
    AlreadyTodo,
    /// The note was set.
    Noted,
    /// The note was removed.
    NoteRemoved,
    /// The note was that text already.
    SameNote,
    /// Asked to remove a note that is not there.
    NoNote,
}

impl Effect {
    /// The confirmation for the learner, naming the item by `id` (raw text:
    /// escape it where it is printed).
    pub fn describe(&self, id: &str) -> String {
        let on = |d: &Option<NaiveDate>| d.map(|d| format!(" ({d})")).unwrap_or_default();
        match self {
            Effect::Done(when) => format!("marked `{id}` done ({when})"),
            Effect::Redated(when) => format!("changed `{id}`'s done date to {when}"),
            Effect::AlreadyDone {
                on: when,
                note_updated: true,
            } => format!("`{id}` was already done ({when}); note updated"),
            Effect::AlreadyDone { on: when, .. } => format!("`{id}` is already done ({when})"),
            Effect::Started(when) => format!("marked `{id}` started ({when})"),
            Effect::AlreadyStarted(when) => format!("`{id}` is already started{}", on(when)),
            Effect::StillDone(when) => format!(
                "`{id}` is already done{}; `roadmap undo {id}` reopens it",
                on(when)
            ),
            Effect::Skipped => format!("skipped `{id}`"),
            Effect::NotSkippedDone(when) => format!(
                "`{id}` is done{}, so it was left as it is; `roadmap undo {id}` first to skip it",
                on(when)
            ),
            Effect::AlreadySkipped => format!("`{id}` is already skipped"),
            Effect::Undone(was) => format!("`{id}` is back to todo (was {})", was.as_str()),
            Effect::AlreadyTodo => format!("`{id}` is already todo"),
            Effect::Noted => format!("noted on `{id}`"),
            Effect::NoteRemoved => format!("removed the note of `{id}`"),
            Effect::SameNote => format!("`{id}` already has that note"),
            Effect::NoNote => format!("`{id}` has no note"),
        }
    }
}

/// The record after `change`, and what it did. Pure: `today` is the date a
/// change without its own date takes.
pub fn apply(old: &ItemProgress, change: Change, today: NaiveDate) -> (ItemProgress, Effect) {
    let mut new = old.clone();
    let effect = match change {
        Change::Done { on, note } => {
            if let Some(note) = note {
                new.note = (!note.is_empty()).then(|| note.to_string());
            }
            match (old.status, old.done, on) {
                (Status::Done, Some(when), None) => Effect::AlreadyDone {
                    on: when,
                    note_updated: new.note != old.note,
                },
                (Status::Done, Some(when), Some(on)) if when == on => Effect::AlreadyDone {
                    on: when,
                    note_updated: false,
                },
                _ => {
                    let when = on.unwrap_or(today);
                    new.status = Status::Done;
                    new.done = Some(when);
                    if new.started.is_some_and(|s| s > when) {
                        new.started = Some(when);
                    }
                    if old.status == Status::Done {
                        Effect::Redated(when)
                    } else {
                        Effect::Done(when)
                    }
                }
            }
        }
        Change::Start { on } => match old.status {
            Status::Started => Effect::AlreadyStarted(old.started),
            Status::Done => Effect::StillDone(old.done),
            Status::Todo | Status::Skipped => {
                let when = on.unwrap_or(today);
                new.status = Status::Started;
                new.started = Some(when);
                new.done = None;
                Effect::Started(when)
            }
        },
        Change::Skip => match old.status {
            Status::Skipped => Effect::AlreadySkipped,
            // SPEC section 4: skipping must not throw a done date away.
            Status::Done => Effect::NotSkippedDone(old.done),
            Status::Todo | Status::Started => {
                new.status = Status::Skipped;
                new.done = None;
                Effect::Skipped
            }
        },
        Change::Undo => match old.status {
            Status::Todo => Effect::AlreadyTodo,
            previous => {
                new.status = Status::Todo;
                new.started = None;
                new.done = None;
                Effect::Undone(previous)
            }
        },
        Change::Note(text) => {
            let text = text.trim_end_matches(['\n', '\r']);
            match (text.is_empty(), &old.note) {
                (true, None) => Effect::NoNote,
                (true, Some(_)) => {
                    new.note = None;
                    Effect::NoteRemoved
                }
                (false, Some(old)) if old == text => Effect::SameNote,
                (false, _) => {
                    new.note = Some(text.to_string());
                    Effect::Noted
                }
            }
        }
    };
    (new, effect)
}

/// Apply `change` to the items at `indices` (indices into `roadmap.items`, as
/// [`crate::roadmap::resolve::items`] gives them) and edit the file to match: all of
/// them or, if the caller drops the file unwritten, none. Returns each item's
/// index with what happened to it, in the order given.
///
/// A write also moves records found under an alias to the item's id, and a
/// status change records the plan's start when the file has none yet.
pub fn change(
    file: &mut ProgressFile,
    roadmap: &Roadmap,
    indices: &[usize],
    change: Change,
    today: NaiveDate,
) -> Vec<(usize, Effect)> {
    // The records as read, before any of this command's edits, and only those of
    // the items changed and of the records under an alias: a whole view of the
    // roadmap's progress would cost as much as reading the file did.
    let before: Vec<ItemProgress> = indices
        .iter()
        .map(|&i| file.progress.item_progress(roadmap, i))
        .collect();
    let aliased = file.progress.records_under_aliases(roadmap);
    let mut effects = Vec::with_capacity(indices.len());
    let mut changed = false;
    for (&i, old) in indices.iter().zip(&before) {
        let (new, effect) = apply(old, change, today);
        if new != *old {
            file.set_item(roadmap, i, &new);
            changed = true;
        }
        effects.push((i, effect));
    }
    if matches!(change, Change::Note(_)) {
        if changed {
            migrate_aliases(file, roadmap, &aliased);
        }
    } else if file.is_changed() || file.original.is_none() {
        migrate_aliases(file, roadmap, &aliased);
        record_start(file, roadmap, today);
    }
    effects
}

/// SPEC section 6: work done on or before the start is prior knowledge. Said
/// once per command, with the start that would count it as progress instead.
pub fn before_start(on: NaiveDate, start: NaiveDate, items: usize) -> String {
    let (it, them) = if items == 1 {
        ("it is", "it")
    } else {
        ("they are", "them")
    };
    let earlier = on.pred_opt().unwrap_or(on);
    format!(
        "{on} is before your start ({start}), so {it} counted as known before you started; \
         `roadmap profile --start {earlier}` would count {them} as progress instead"
    )
}

/// SPEC section 3: progress found under an old id moves to the new one on the
/// next write. `aliased` is the records found under an alias as the file was
/// read: (old key, item index), as [`Progress::records_under_aliases`] gives them.
pub fn migrate_aliases(file: &mut ProgressFile, roadmap: &Roadmap, aliased: &[(String, usize)]) {
    // Moving one item's records changes no other item's: each item's merged record
    // is read before any is moved.
    let merged: Vec<(usize, ItemProgress)> = aliased
        .iter()
        .map(|&(_, i)| (i, file.progress.item_progress(roadmap, i)))
        .collect();
    for (i, record) in merged {
        file.set_item(roadmap, i, &record);
    }
}

/// SPEC section 6: the first write for a roadmap records its start (see
/// [`ProgressFile::record_start`]).
pub fn record_start(file: &mut ProgressFile, roadmap: &Roadmap, today: NaiveDate) {
    file.record_start(roadmap, today);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, d).unwrap()
    }

    fn rec(status: Status, started: Option<u32>, done: Option<u32>) -> ItemProgress {
        ItemProgress {
            status,
            started: started.map(day),
            done: done.map(day),
            note: None,
        }
    }

    const TODAY: u32 = 20;

    fn run(old: &ItemProgress, change: Change) -> (ItemProgress, Effect) {
        apply(old, change, day(TODAY))
    }

    #[test]
    fn done_takes_today_or_the_date_given() {
        let todo = ItemProgress::default();
        let (new, effect) = run(
            &todo,
            Change::Done {
                on: None,
                note: None,
            },
        );
        assert_eq!(new, rec(Status::Done, None, Some(TODAY)));
        assert_eq!(effect, Effect::Done(day(TODAY)));
        let (new, _) = run(
            &todo,
            Change::Done {
                on: Some(day(3)),
                note: None,
            },
        );
        assert_eq!(new.done, Some(day(3)));
    }

    #[test]
    fn done_again_changes_nothing_but_a_new_date_redates() {
        let done = rec(Status::Done, Some(1), Some(5));
        let (new, effect) = run(
            &done,
            Change::Done {
                on: None,
                note: None,
            },
        );
        assert_eq!(new, done);
        assert_eq!(
            effect,
            Effect::AlreadyDone {
                on: day(5),
                note_updated: false
            }
        );
        let (new, effect) = run(
            &done,
            Change::Done {
                on: Some(day(5)),
                note: None,
            },
        );
        assert_eq!(
            (new, effect.describe("x")),
            (done.clone(), "`x` is already done (2026-06-05)".into())
        );
        let (new, effect) = run(
            &done,
            Change::Done {
                on: Some(day(7)),
                note: None,
            },
        );
        assert_eq!(new.done, Some(day(7)));
        assert_eq!(effect, Effect::Redated(day(7)));
    }

    #[test]
    fn done_before_the_start_moves_the_start_back() {
        let started = rec(Status::Started, Some(10), None);
        let (new, _) = run(
            &started,
            Change::Done {
                on: Some(day(4)),
                note: None,
            },
        );
        assert_eq!(new, rec(Status::Done, Some(4), Some(4)));
    }

    #[test]
    fn done_with_a_note_on_a_done_item_updates_only_the_note() {
        let done = rec(Status::Done, None, Some(5));
        let (new, effect) = run(
            &done,
            Change::Done {
                on: None,
                note: Some("learnt it"),
            },
        );
        assert_eq!(new.note.as_deref(), Some("learnt it"));
        assert_eq!(new.done, Some(day(5)));
        assert_eq!(
            effect.describe("x"),
            "`x` was already done (2026-06-05); note updated"
        );
        let (cleared, _) = run(
            &new,
            Change::Done {
                on: None,
                note: Some(""),
            },
        );
        assert_eq!(cleared.note, None, "an empty note removes it");
    }

    #[test]
    fn start_leaves_done_and_started_items_alone() {
        let done = rec(Status::Done, Some(1), Some(5));
        assert_eq!(
            run(&done, Change::Start { on: None }),
            (done.clone(), Effect::StillDone(Some(day(5))))
        );
        let started = rec(Status::Started, Some(2), None);
        assert_eq!(
            run(&started, Change::Start { on: Some(day(9)) }),
            (started.clone(), Effect::AlreadyStarted(Some(day(2))))
        );
        let skipped = rec(Status::Skipped, None, None);
        let (new, effect) = run(&skipped, Change::Start { on: None });
        assert_eq!(new, rec(Status::Started, Some(TODAY), None));
        assert_eq!(effect, Effect::Started(day(TODAY)));
    }

    #[test]
    fn skip_leaves_a_done_item_as_it_is() {
        let done = rec(Status::Done, Some(1), Some(5));
        let (new, effect) = run(&done, Change::Skip);
        assert_eq!(new, done);
        assert_eq!(
            effect.describe("x"),
            "`x` is done (2026-06-05), so it was left as it is; `roadmap undo x` first to skip it"
        );
    }

    #[test]
    fn skip_and_undo_keep_the_note() {
        let mut started = rec(Status::Started, Some(2), None);
        started.note = Some("half way".into());
        let (skipped, effect) = run(&started, Change::Skip);
        assert_eq!(effect, Effect::Skipped);
        assert_eq!(skipped.status, Status::Skipped);
        assert_eq!(skipped.note.as_deref(), Some("half way"));
        assert_eq!(run(&skipped, Change::Skip).1, Effect::AlreadySkipped);
        let (undone, effect) = run(&skipped, Change::Undo);
        assert_eq!(effect, Effect::Undone(Status::Skipped));
        assert_eq!(undone.status, Status::Todo);
        assert_eq!((undone.started, undone.done), (None, None));
        assert_eq!(undone.note.as_deref(), Some("half way"));
        assert_eq!(run(&undone, Change::Undo).1, Effect::AlreadyTodo);
    }

    #[test]
    fn note_sets_replaces_and_removes() {
        let todo = ItemProgress::default();
        assert_eq!(run(&todo, Change::Note("")).1, Effect::NoNote);
        let (noted, effect) = run(&todo, Change::Note("read chapter 2\r\n"));
        assert_eq!(effect, Effect::Noted);
        assert_eq!(noted.note.as_deref(), Some("read chapter 2"));
        assert_eq!(noted.status, Status::Todo, "a note changes no status");
        assert_eq!(
            run(&noted, Change::Note("read chapter 2")).1,
            Effect::SameNote
        );
        let (removed, effect) = run(&noted, Change::Note("\n"));
        assert_eq!(effect, Effect::NoteRemoved);
        assert_eq!(removed.note, None);
    }

    #[test]
    fn a_change_reports_what_happened_to_each_item_and_edits_the_file() {
        let yaml = "format: 1\nid: r\ntitle: R\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 1, max_months: 2 }\n    items:\n      - { id: a, title: A }\n      - { id: b, title: B, aliases: [old-b] }\n";
        let (roadmap, _) = crate::roadmap::parse(yaml.as_bytes()).unwrap();
        let text =
            "format = 1\n\n[roadmaps.r.items.old-b]\nstatus = \"started\"\nstarted = 2026-06-02\n";
        let mut file = ProgressFile::parse(std::path::Path::new("p.toml"), text.into()).unwrap();
        let effects = change(
            &mut file,
            &roadmap,
            &[0, 1],
            Change::Done {
                on: None,
                note: None,
            },
            day(TODAY),
        );
        assert_eq!(
            effects,
            vec![(0, Effect::Done(day(TODAY))), (1, Effect::Done(day(TODAY)))]
        );
        let view = file.progress.for_roadmap(&roadmap);
        assert_eq!(view.items[1], rec(Status::Done, Some(2), Some(TODAY)));
        assert!(view.aliased.is_empty(), "the alias record moved to `b`");
        assert_eq!(
            file.progress.profile("r").start,
            Some(day(2)),
            "the start is recorded"
        );
    }
}
