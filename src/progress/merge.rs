//! The one merge rule for progress records, used by `import`, by progress found
//! under an alias, and by the sync of two progress files.

use super::{ItemProgress, Progress, ProgressFile, Status};
use crate::roadmap::Roadmap;

pub mod three_way;

/// Merge two records of one item. The further status wins with its dates
/// (todo < started < done; skipped only over todo); dates missing on the winner
/// come from the other side where they fit; a note is never dropped (two
/// different notes are kept, one per line). Merging the result with either
/// side again changes nothing.
pub fn merge(ours: &ItemProgress, theirs: &ItemProgress) -> ItemProgress {
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

/// One record to merge in: the roadmap id it belongs to, the item key as
/// written (an id, an alias, or an id the roadmap no longer has), and the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub roadmap: String,
    pub key: String,
    pub record: ItemProgress,
}

/// Every non-empty record of a progress file, for every roadmap, to merge elsewhere.
pub fn records(progress: &Progress) -> Vec<Incoming> {
    progress
        .roadmaps
        .iter()
        .flat_map(|(roadmap, items)| {
            items.iter().map(move |(key, record)| Incoming {
                roadmap: roadmap.clone(),
                key: key.clone(),
                record: record.clone(),
            })
        })
        .filter(|incoming| !incoming.record.is_empty())
        .collect()
}

/// What merging changed for one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The roadmap the record belongs to.
    pub roadmap: String,
    /// The item's id in `roadmap` when it has the item, else the key as written.
    pub id: String,
    /// Whether the record belongs to the roadmap the merge was made for.
    pub same_roadmap: bool,
    pub old: ItemProgress,
    pub new: ItemProgress,
}

impl Merged {
    /// One line for the learner: `python: started -> done (2026-07-20), note added`,
    /// with `roadmap: ` in front for another roadmap's record. Raw text: escape
    /// it where it is printed.
    pub fn describe(&self) -> String {
        use std::fmt::Write;
        let (old, new) = (&self.old, &self.new);
        // One string written in place: an import describes thousands of these.
        let mut text = String::with_capacity(self.id.len() + 40);
        if !self.same_roadmap {
            text.push_str(&self.roadmap);
            text.push_str(": ");
        }
        text.push_str(&self.id);
        text.push_str(": ");
        let mut first = true;
        if old.status != new.status {
            let date = match new.status {
                Status::Done => new.done,
                Status::Started => new.started,
                _ => None,
            };
            text.push_str(old.status.as_str());
            text.push_str(" -> ");
            text.push_str(new.status.as_str());
            if let Some(d) = date {
                let _ = write!(text, " ({d})");
            }
            first = false;
        } else if old.started != new.started || old.done != new.done {
            text.push_str("dates filled in");
            first = false;
        }
        if old.note != new.note {
            if !first {
                text.push_str(", ");
            }
            text.push_str(if old.note.is_none() {
                "note added"
            } else {
                "note merged"
            });
        }
        text
    }
}

/// Merge incoming records into the file by [`merge`], the records of `roadmap`
/// matched to its items (through aliases too), those of other roadmaps and of
/// ids it does not know kept under their keys. Returns what changed, in the
/// order of `incoming`; a record that changes nothing is left out.
pub fn merge_into(
    file: &mut ProgressFile,
    roadmap: &Roadmap,
    incoming: &[Incoming],
) -> Vec<Merged> {
    // One view of the roadmap's records, kept in step as records merge, and the
    // item writes made together at the end: linear in the records, one sort.
    let mut current = file.progress.for_roadmap(roadmap).items;
    let mut written = vec![false; roadmap.items.len()];
    let mut changes = Vec::new();
    // Records under raw keys, written together at the end as well (by roadmap, in
    // the order each roadmap first came): (roadmap, key) -> the latest merge.
    let mut raw: Vec<(&str, &str, ItemProgress)> = Vec::new();
    let mut raw_at: rustc_hash::FxHashMap<(&str, &str), usize> = Default::default();
    for Incoming {
        roadmap: roadmap_id,
        key,
        record: theirs,
    } in incoming
    {
        let same_roadmap = *roadmap_id == roadmap.id;
        let index = if same_roadmap {
            roadmap.item_index(key)
        } else {
            None
        };
        let pending = raw_at.get(&(roadmap_id.as_str(), key.as_str())).copied();
        let ours = match (index, pending) {
            (Some(i), _) => current[i].clone(),
            (None, Some(k)) => raw[k].2.clone(),
            (None, None) => file
                .progress
                .roadmaps
                .get(roadmap_id)
                .and_then(|items| items.get(key))
                .cloned()
                .unwrap_or_default(),
        };
        let merged = merge(&ours, theirs);
        if merged == ours {
            continue;
        }
        match index {
            Some(i) => {
                current[i] = merged.clone();
                written[i] = true;
            }
            None => match pending {
                Some(k) => raw[k].2 = merged.clone(),
                None => {
                    raw_at.insert((roadmap_id, key), raw.len());
                    raw.push((roadmap_id, key, merged.clone()));
                }
            },
        }
        changes.push(Merged {
            roadmap: roadmap_id.clone(),
            id: match index {
                Some(i) => roadmap.items[i].id.clone(),
                None => key.clone(),
            },
            same_roadmap,
            old: ours,
            new: merged,
        });
    }
    let mut rank: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (id, _, _) in &raw {
        let next = rank.len();
        rank.entry(id).or_insert(next);
    }
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by_key(|&k| rank[raw[k].0]);
    for group in order.chunk_by(|&a, &b| raw[a].0 == raw[b].0) {
        let records: Vec<(&str, &ItemProgress)> =
            group.iter().map(|&k| (raw[k].1, &raw[k].2)).collect();
        file.set_raw_items(raw[group[0]].0, &records);
    }
    file.set_items(
        roadmap,
        (0..current.len())
            .filter(|&i| written[i])
            .map(|i| (i, &current[i])),
    );
    changes
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn rec(status: Status, note: Option<&str>) -> ItemProgress {
        ItemProgress {
            status,
            note: note.map(str::to_string),
            ..Default::default()
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 7, d).unwrap()
    }

    #[test]
    fn never_downgrades_and_keeps_notes() {
        let ours = rec(Status::Done, Some("mine"));
        let theirs = rec(Status::Started, Some("theirs"));
        let merged = merge(&ours, &theirs);
        assert_eq!(merged.status, Status::Done);
        assert_eq!(merged.note.as_deref(), Some("mine\ntheirs"));
        assert_eq!(
            merge(&merged, &theirs),
            merged,
            "merging again changes nothing"
        );
        let skipped = merge(&rec(Status::Started, None), &rec(Status::Skipped, None));
        assert_eq!(
            skipped.status,
            Status::Started,
            "skipped only wins over todo"
        );
        let skipped = merge(&rec(Status::Todo, None), &rec(Status::Skipped, None));
        assert_eq!(skipped.status, Status::Skipped, "skipped wins over todo");
    }

    #[test]
    fn the_further_status_wins_from_either_side() {
        let statuses = [Status::Todo, Status::Started, Status::Done, Status::Skipped];
        for a in statuses {
            for b in statuses {
                // Started and skipped are neither further than the other: ours stays.
                let ranked = a == b || a.is_further_than(b) || b.is_further_than(a);
                let ours = ItemProgress {
                    status: a,
                    started: (a != Status::Todo).then(|| day(1)),
                    done: (a == Status::Done).then(|| day(9)),
                    note: None,
                };
                let theirs = ItemProgress {
                    status: b,
                    started: (b != Status::Todo).then(|| day(3)),
                    done: (b == Status::Done).then(|| day(9)),
                    note: None,
                };
                let one = merge(&ours, &theirs);
                let other = merge(&theirs, &ours);
                if ranked {
                    assert_eq!(one.status, other.status, "{a:?} {b:?}");
                    assert_eq!(one.done, other.done, "{a:?} {b:?}");
                } else {
                    assert_eq!((one.status, other.status), (a, b));
                }
            }
        }
    }

    #[test]
    fn a_borrowed_start_never_falls_after_the_finish() {
        let done = ItemProgress {
            status: Status::Done,
            done: Some(day(2)),
            ..Default::default()
        };
        let started = ItemProgress {
            status: Status::Started,
            started: Some(day(5)),
            ..Default::default()
        };
        assert_eq!(merge(&done, &started).started, None);
        let earlier = ItemProgress {
            started: Some(day(1)),
            ..started
        };
        assert_eq!(merge(&done, &earlier).started, Some(day(1)));
    }

    #[test]
    fn a_note_contained_in_the_other_is_not_repeated() {
        let long = rec(Status::Done, Some("read the book, twice"));
        let short = rec(Status::Started, Some("read the book"));
        assert_eq!(merge(&long, &short).note, long.note);
        assert_eq!(merge(&short, &long).note, long.note);
    }

    #[test]
    fn merged_lines_name_the_item_and_what_changed() {
        let line = Merged {
            roadmap: "other".into(),
            id: "python".into(),
            same_roadmap: false,
            old: rec(Status::Started, None),
            new: ItemProgress {
                done: Some(day(20)),
                ..rec(Status::Done, Some("x"))
            },
        };
        assert_eq!(
            line.describe(),
            "other: python: started -> done (2026-07-20), note added"
        );
    }
}
