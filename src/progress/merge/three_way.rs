//! Three-way merge of progress files, for `roadmap merge-driver` (and so `roadmap sync`).
//!
//! Git hands the driver three versions of the file: the common ancestor (BASE), this
//! machine's (OURS) and the other machine's (THEIRS). The base tells which side changed
//! what since the two last agreed, which the two-way `import` rule cannot know:
//! - a part of a record (its status with its dates, or its note) that only one side
//!   changed takes that side's value, so an `undo` or a corrected date on one machine
//!   is kept rather than outvoted by the old value on the other;
//! - a part that both sides changed is merged by the `import` rule: the further status
//!   wins with its dates, and two different notes are both kept;
//! - records only one side has (new ticks, orphans) are kept; the profile and the
//!   active roadmap take the side that changed them (ours when both did).
//!
//! The text is merged too, so comments and layout written by hand on either machine
//! survive: a line-based three-way merge of the texts, whose result is then edited
//! until it says exactly what the merge of the records says. Where the texts
//! conflict, the merge falls back to both sides' lines, then to ours, then to our
//! whole file; each candidate must parse and carry the merged records, or it is
//! dropped. So no conflict marker ever lands in the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::Result;
use crate::progress::{ItemProgress, Profile, Progress, ProgressFile};

/// The line (1-based) where git's own line merge left a conflict: a `<<<<<<<`
/// line with a `>>>>>>>` line after it, as in a file merged without this driver.
pub fn conflict_marker_line(text: &str) -> Option<usize> {
    let is = |line: &str, mark: &str| {
        let line = line.trim_end_matches('\r');
        line == mark
            || line
                .strip_prefix(mark)
                .is_some_and(|rest| rest.starts_with(' '))
    };
    let first = text.lines().position(|l| is(l, "<<<<<<<"))?;
    text.lines()
        .skip(first + 1)
        .any(|l| is(l, ">>>>>>>"))
        .then_some(first + 1)
}

/// The record both sides arrive at from `base`.
pub fn merge_record(
    base: &ItemProgress,
    ours: &ItemProgress,
    theirs: &ItemProgress,
) -> ItemProgress {
    if ours == theirs {
        return ours.clone();
    }
    let two_way = super::merge(ours, theirs);
    let state = |r: &ItemProgress| (r.status, r.started, r.done);
    let (status, started, done) = if state(theirs) == state(base) {
        state(ours)
    } else if state(ours) == state(base) {
        state(theirs)
    } else {
        state(&two_way)
    };
    let note = if theirs.note == base.note {
        ours.note.clone()
    } else if ours.note == base.note {
        theirs.note.clone()
    } else {
        two_way.note
    };
    ItemProgress {
        status,
        started,
        done,
        note,
    }
}

/// The side that changed a value since the base; ours when both did.
fn changed<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> T {
    if ours == base {
        theirs.clone()
    } else {
        ours.clone()
    }
}

fn merge_profile(base: &Profile, ours: &Profile, theirs: &Profile) -> Profile {
    Profile {
        background: changed(&base.background, &ours.background, &theirs.background),
        hours_per_week: changed(
            &base.hours_per_week,
            &ours.hours_per_week,
            &theirs.hours_per_week,
        ),
        start: changed(&base.start, &ours.start, &theirs.start),
        since: changed(&base.since, &ours.since, &theirs.since),
        earlier_paces: changed(
            &base.earlier_paces,
            &ours.earlier_paces,
            &theirs.earlier_paces,
        ),
    }
}

/// The ids of every roadmap either side keeps a profile for (its own, or a
/// format-1 file's shared one serving the roadmaps it has records for).
fn profile_ids<'p>(sides: &[&'p Progress]) -> BTreeSet<&'p String> {
    let mut ids = BTreeSet::new();
    for side in sides {
        ids.extend(side.profiles.keys());
        if side.shared_profile.is_some() {
            ids.extend(side.roadmaps.keys());
        }
    }
    ids
}

/// What the merged file must say.
pub fn merge_progress(base: &Progress, ours: &Progress, theirs: &Progress) -> Progress {
    let empty = BTreeMap::new();
    let none = ItemProgress::default();
    let mut roadmaps = BTreeMap::new();
    let ids: BTreeSet<&String> = ours.roadmaps.keys().chain(theirs.roadmaps.keys()).collect();
    for id in ids {
        let (b, o, t) = (
            records_of(base, id, &empty),
            records_of(ours, id, &empty),
            records_of(theirs, id, &empty),
        );
        // Both sides' keys in order, each once (a walk of the two sorted maps
        // side by side), and the records collected in that order: the map is
        // built packed, not grown a key at a time.
        let mut merged: Vec<(String, ItemProgress)> = Vec::with_capacity(o.len().max(t.len()));
        let (mut ours_keys, mut theirs_keys) = (o.keys().peekable(), t.keys().peekable());
        loop {
            let key = match (ours_keys.peek(), theirs_keys.peek()) {
                (None, None) => break,
                (Some(a), Some(b)) if a == b => {
                    theirs_keys.next();
                    ours_keys.next()
                }
                (Some(a), Some(b)) if a < b => ours_keys.next(),
                (Some(_), None) => ours_keys.next(),
                _ => theirs_keys.next(),
            };
            let Some(key) = key else { break };
            let get = |side| record_of(side, key, &none);
            let record = merge_record(get(b), get(o), get(t));
            if !record.is_empty() {
                merged.push((key.clone(), record));
            }
        }
        roadmaps.insert(id.clone(), merged.into_iter().collect::<BTreeMap<_, _>>());
    }
    let profiles = profile_ids(&[ours, theirs])
        .into_iter()
        .map(|id| {
            let merged = merge_profile(&base.profile(id), &ours.profile(id), &theirs.profile(id));
            (id.clone(), merged)
        })
        .filter(|(_, profile)| *profile != Profile::default())
        .collect();
    Progress {
        format: super::super::FORMAT,
        active: changed(&base.active, &ours.active, &theirs.active),
        shared_profile: None,
        profiles,
        roadmaps,
        unknown_keys: Vec::new(),
    }
}

fn records_of<'p>(
    progress: &'p Progress,
    id: &str,
    empty: &'p BTreeMap<String, ItemProgress>,
) -> &'p BTreeMap<String, ItemProgress> {
    progress.roadmaps.get(id).unwrap_or(empty)
}

fn record_of<'p>(
    records: &'p BTreeMap<String, ItemProgress>,
    key: &str,
    none: &'p ItemProgress,
) -> &'p ItemProgress {
    records.get(key).unwrap_or(none)
}

/// True when two readings say the same (an empty record is no record).
fn same(a: &Progress, b: &Progress) -> bool {
    fn records(p: &Progress) -> BTreeMap<(&str, &str), &ItemProgress> {
        p.roadmaps
            .iter()
            .flat_map(|(id, items)| {
                items
                    .iter()
                    .filter(|(_, r)| !r.is_empty())
                    .map(move |(key, r)| ((id.as_str(), key.as_str()), r))
            })
            .collect()
    }
    let profiles_agree = profile_ids(&[a, b])
        .into_iter()
        .all(|id| a.profile(id) == b.profile(id));
    a.active == b.active && profiles_agree && records(a) == records(b)
}

/// The merged file. `base` is `None` when the two sides have no common ancestor
/// (the file was added on both). The texts may have CRLF line ends and a
/// byte-order mark: the result has our file's.
pub fn merge_files(
    path: &Path,
    base: Option<ProgressFile>,
    ours: ProgressFile,
    theirs: ProgressFile,
) -> Result<String> {
    let empty = Progress::default();
    let base_progress = base.as_ref().map_or(&empty, |b| &b.progress);
    let target = merge_progress(base_progress, &ours.progress, &theirs.progress);
    let line_ends = LineEnds::of(&ours);

    // From here on only the texts are needed: each file's records are let go as
    // its text is taken, so three large files are not held twice over.
    let text = |file: ProgressFile| normalize(file.original);
    let (our_text, their_text) = (text(ours), text(theirs));
    // Without a common ancestor, the lines both files have stand in for one, so
    // what each side has on its own counts as its addition.
    let base_text = match base {
        Some(base) => text(base),
        None => common_lines(&our_text, &their_text),
    };
    // The line merge, its conflicts resolved one by one: both sides' lines where
    // the result still reads as a progress file, ours where it does not.
    let parses = |candidate: &str| ProgressFile::parse(path, candidate.to_string()).is_ok();
    let merged = text_merge(&base_text, &our_text, &their_text);
    drop((base_text, their_text));
    let candidate = match merged {
        Ok(clean) => clean,
        Err(conflicted) => {
            let parts = split_conflicts(&conflicted);
            let conflicts = parts
                .iter()
                .filter(|p| matches!(p, Part::Conflict { .. }))
                .count();
            let mut both = vec![false; conflicts];
            if conflicts <= MAX_CONFLICTS_TRIED {
                for i in 0..conflicts {
                    both[i] = true;
                    if !parses(&join(&parts, &both)) {
                        both[i] = false;
                    }
                }
            }
            join(&parts, &both)
        }
    };
    for candidate in [candidate, our_text.clone()] {
        let Ok(mut file) = ProgressFile::parse(path, candidate) else {
            continue;
        };
        apply(&mut file, &target);
        let rendered = file.render();
        let agrees = ProgressFile::parse(path, rendered.clone())
            .is_ok_and(|reread| same(&reread.progress, &target));
        if agrees {
            return Ok(line_ends.restore(rendered));
        }
    }
    // Our own file always parses (it was read): our text with the merged records
    // written into it, as near to the merge as its layout allows.
    let mut file = ProgressFile::parse(path, our_text)?;
    apply(&mut file, &target);
    Ok(line_ends.restore(file.render()))
}

/// Past this many conflicting places, the line merge takes our lines at each
/// rather than try both sides' one by one.
const MAX_CONFLICTS_TRIED: usize = 64;

/// The lines two texts have in common, in order (their longest common subsequence).
fn common_lines(a: &str, b: &str) -> String {
    let mut options = diffy::DiffOptions::new();
    options.set_context_len(a.len() + b.len() + 1);
    let patch = options.create_patch(a, b);
    if patch.hunks().is_empty() {
        return a.to_string();
    }
    let mut out = String::new();
    for hunk in patch.hunks() {
        for line in hunk.lines() {
            if let diffy::Line::Context(text) = line {
                out.push_str(text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Edit a parsed candidate until it carries the target's records.
fn apply(file: &mut ProgressFile, target: &Progress) {
    let none = ItemProgress::default();
    let mut keys: BTreeSet<(String, String)> = BTreeSet::new();
    for progress in [&file.progress, target] {
        for (id, items) in &progress.roadmaps {
            keys.extend(items.keys().map(|key| (id.clone(), key.clone())));
        }
    }
    for (id, key) in keys {
        let get = |p: &Progress| {
            p.roadmaps
                .get(&id)
                .and_then(|items| items.get(&key))
                .cloned()
                .unwrap_or_else(|| none.clone())
        };
        let wanted = get(target);
        if get(&file.progress) != wanted {
            file.set_raw_item(&id, &key, &wanted);
        }
    }
    if let Some(active) = &target.active
        && file.progress.active.as_ref() != Some(active)
    {
        file.set_active(active);
    }
    for (id, profile) in &target.profiles {
        if file.progress.profile(id) != *profile || !file.progress.profiles.contains_key(id) {
            file.set_profile(id, profile);
        }
    }
}

/// Text without a byte-order mark, with LF line ends and a final newline, so the
/// line merge compares lines, not the way two machines end them. A text that
/// is so already is kept, not copied.
fn normalize(text: Option<String>) -> String {
    let mut text = text.unwrap_or_default();
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains("\r\n") {
        text = text.replace("\r\n", "\n");
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// How our file ended its lines and began, given back to the merge written to it.
struct LineEnds {
    crlf: bool,
    bom: bool,
}

impl LineEnds {
    fn of(ours: &ProgressFile) -> LineEnds {
        let original = ours.original.as_deref().unwrap_or_default();
        LineEnds {
            crlf: original.contains("\r\n"),
            bom: original.starts_with('\u{feff}'),
        }
    }

    fn restore(&self, text: String) -> String {
        let mut text = if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        };
        if self.bom && !text.starts_with('\u{feff}') {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

/// Conflict markers long enough that no line of a progress file looks like one.
const MARKER_LENGTH: usize = 41;

fn text_merge(base: &str, ours: &str, theirs: &str) -> std::result::Result<String, String> {
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_style(diffy::ConflictStyle::Merge)
        .set_conflict_marker_length(MARKER_LENGTH)
        .set_incomplete_hunk_style(diffy::IncompleteHunkStyle::Git);
    options.merge(base, ours, theirs)
}

/// A line merge's result: stretches both sides agree on, and the places where
/// they conflict.
enum Part {
    Agreed(String),
    Conflict { ours: String, theirs: String },
}

fn split_conflicts(merged: &str) -> Vec<Part> {
    let start = format!("{} ours", "<".repeat(MARKER_LENGTH));
    let middle = "=".repeat(MARKER_LENGTH);
    let end = format!("{} theirs", ">".repeat(MARKER_LENGTH));
    #[derive(PartialEq)]
    enum In {
        Agreed,
        Ours,
        Theirs,
    }
    let mut parts = Vec::new();
    let (mut agreed, mut ours, mut theirs) = (String::new(), String::new(), String::new());
    let mut at = In::Agreed;
    for line in merged.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        match at {
            In::Agreed if bare == start => {
                parts.push(Part::Agreed(std::mem::take(&mut agreed)));
                at = In::Ours;
            }
            In::Ours if bare == middle => at = In::Theirs,
            In::Theirs if bare == end => {
                parts.push(Part::Conflict {
                    ours: std::mem::take(&mut ours),
                    theirs: std::mem::take(&mut theirs),
                });
                at = In::Agreed;
            }
            In::Agreed => agreed.push_str(line),
            In::Ours => ours.push_str(line),
            In::Theirs => theirs.push_str(line),
        }
    }
    parts.push(Part::Agreed(agreed));
    parts
}

/// The text with each conflict resolved: our lines then theirs where `both[i]`,
/// else our lines only.
fn join(parts: &[Part], both: &[bool]) -> String {
    let mut out = String::new();
    let mut i = 0;
    for part in parts {
        match part {
            Part::Agreed(text) => out.push_str(text),
            Part::Conflict { ours, theirs } => {
                out.push_str(ours);
                if both.get(i).copied().unwrap_or(false) {
                    out.push_str(theirs);
                }
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Status;
    use chrono::NaiveDate;

    fn date(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 3, d)
    }

    fn rec(status: Status, done: Option<NaiveDate>, note: Option<&str>) -> ItemProgress {
        ItemProgress {
            status,
            started: None,
            done,
            note: note.map(str::to_string),
        }
    }

    fn parse(text: &str) -> ProgressFile {
        ProgressFile::parse(Path::new("progress.toml"), text.to_string()).unwrap()
    }

    fn merge(base: &str, ours: &str, theirs: &str) -> String {
        let base = (!base.is_empty()).then(|| parse(base));
        merge_files(Path::new("progress.toml"), base, parse(ours), parse(theirs)).unwrap()
    }

    #[test]
    fn a_change_on_one_side_wins_over_the_old_value() {
        let base = rec(Status::Done, date(1), Some("n"));
        let undone = rec(Status::Todo, None, Some("n"));
        assert_eq!(merge_record(&base, &undone, &base), undone);
        assert_eq!(merge_record(&base, &base, &undone), undone);
        let moved = rec(Status::Done, date(5), Some("n"));
        assert_eq!(
            merge_record(&base, &base, &moved),
            moved,
            "a corrected date"
        );
    }

    #[test]
    fn changes_on_both_sides_merge_by_the_import_rule() {
        let base = rec(Status::Todo, None, None);
        let ours = rec(Status::Started, None, Some("mine"));
        let theirs = rec(Status::Done, date(2), Some("theirs"));
        let merged = merge_record(&base, &ours, &theirs);
        assert_eq!(merged.status, Status::Done);
        assert_eq!(merged.done, date(2));
        assert_eq!(merged.note.as_deref(), Some("theirs\nmine"));
        // A note changed on one side, the status on the other: each part from its side.
        let base = rec(Status::Started, None, Some("old"));
        let ours = rec(Status::Started, None, Some("new"));
        let theirs = rec(Status::Done, date(3), Some("old"));
        assert_eq!(
            merge_record(&base, &ours, &theirs),
            rec(Status::Done, date(3), Some("new"))
        );
    }

    #[test]
    fn separate_ticks_merge_and_keep_both_sides_comments() {
        let base = "format = 1\n\n[roadmaps.t.items.a]\nstatus = \"started\"\n\n[roadmaps.t.items.m]\nstatus = \"started\"\n\n[roadmaps.t.items.z]\nstatus = \"started\"\n";
        let ours = base.replace(
            "[roadmaps.t.items.a]\nstatus = \"started\"",
            "# laptop\n[roadmaps.t.items.a]\nstatus = \"done\"\ndone = 2026-03-01",
        );
        let theirs = base.replace(
            "[roadmaps.t.items.z]\nstatus = \"started\"",
            "[roadmaps.t.items.z]\nstatus = \"done\" # desktop\ndone = 2026-03-02",
        );
        let out = merge(base, &ours, &theirs);
        assert!(
            out.contains("# laptop\n[roadmaps.t.items.a]\nstatus = \"done\""),
            "{out}"
        );
        assert!(
            out.contains("status = \"done\" # desktop\ndone = 2026-03-02"),
            "{out}"
        );
        assert!(!out.contains("<<<<"), "{out}");
    }

    #[test]
    fn neighbouring_edits_that_conflict_as_text_still_merge() {
        let base = "format = 1\n\n[roadmaps.t.items.a]\nstatus = \"started\"\nnote = \"x\"\n";
        let ours = "format = 1\n\n[roadmaps.t.items.a]\nstatus = \"done\"\ndone = 2026-03-04\nnote = \"x\"\n";
        let theirs = "format = 1\n\n[roadmaps.t.items.a]\nstatus = \"skipped\"\nnote = \"y\"\n\n[roadmaps.t.items.b]\nstatus = \"started\"\n";
        let out = merge(base, ours, theirs);
        let file = parse(&out);
        let items = &file.progress.roadmaps["t"];
        assert_eq!(items["a"], rec(Status::Done, date(4), Some("y")));
        assert_eq!(items["b"].status, Status::Started);
        assert!(!out.contains("<<<<"), "{out}");
    }

    #[test]
    fn no_common_ancestor_is_a_union() {
        let ours = "format = 1\n[roadmaps.t.items.a]\nstatus = \"done\"\ndone = 2026-03-01\n";
        let theirs = "format = 1\nroadmap = \"t\"\n[roadmaps.t.items.b]\nstatus = \"done\"\ndone = 2026-03-02\nnote = \"b\"\n";
        let file = parse(&merge("", ours, theirs));
        assert_eq!(file.progress.active.as_deref(), Some("t"));
        let items = &file.progress.roadmaps["t"];
        assert_eq!(items["a"].done, date(1));
        assert_eq!(items["b"].note.as_deref(), Some("b"));
    }

    #[test]
    fn crlf_and_a_byte_order_mark_stay_as_ours_had_them() {
        let base = "format = 1\r\n\r\n[roadmaps.t.items.a]\r\nstatus = \"started\"\r\n";
        let ours = format!("\u{feff}# mine\r\n{base}");
        let theirs = "format = 1\n\n[roadmaps.t.items.a]\nstatus = \"done\"\ndone = 2026-03-09\n";
        let out = merge(base, &ours, theirs);
        assert!(
            out.starts_with("\u{feff}# mine\r\nformat = 1\r\n"),
            "{out:?}"
        );
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        let file = parse(&out);
        assert_eq!(file.progress.roadmaps["t"]["a"].done, date(9));
    }

    #[test]
    fn an_item_undone_on_one_side_leaves_no_empty_table() {
        let base = "format = 1\n\n[roadmaps.t.items.a]\nstatus = \"done\"\ndone = 2026-03-01\n\n[roadmaps.t.items.b]\nstatus = \"started\"\n";
        let ours = "format = 1\n\n[roadmaps.t.items.b]\nstatus = \"started\"\n";
        let theirs = base.replace(
            "[roadmaps.t.items.b]\nstatus = \"started\"",
            "[roadmaps.t.items.b]\nstatus = \"done\"\ndone = 2026-03-03",
        );
        let out = merge(base, ours, &theirs);
        assert!(!out.contains("items.a"), "{out}");
        assert!(
            out.contains("[roadmaps.t.items.b]\nstatus = \"done\""),
            "{out}"
        );
    }

    #[test]
    fn tables_added_at_one_place_on_both_sides_keep_their_comments() {
        let base = "format = 1\n\n[roadmaps.t.items.a]\nstatus = \"done\"\n";
        let ours = format!("{base}\n# mine\n[roadmaps.t.items.b]\nstatus = \"started\"\n");
        let theirs = format!("{base}\n# theirs\n[roadmaps.t.items.c]\nstatus = \"skipped\"\n");
        let out = merge(base, &ours, &theirs);
        assert!(out.contains("# mine\n[roadmaps.t.items.b]"), "{out}");
        assert!(out.contains("# theirs\n[roadmaps.t.items.c]"), "{out}");
        let file = parse(&out);
        assert_eq!(file.progress.roadmaps["t"].len(), 3, "{out}");
    }

    #[test]
    fn without_an_ancestor_the_other_sides_comments_survive_where_they_fit() {
        let ours = "format = 1\n\n[profile]\nstart = 2026-03-05\n\n[roadmaps.t.items.b]\nstatus = \"done\"\ndone = 2026-03-05\n\n[roadmaps.t.items.p]\nnote = \"desk\"\n";
        let theirs = "format = 1\n\n[profile]\nstart = 2026-03-10\n\n# on the laptop\n[roadmaps.t.items.p]\nstatus = \"done\"\ndone = 2026-03-10\nnote = \"lap\"\n";
        let out = merge("", ours, theirs);
        assert!(out.contains("# on the laptop\n"), "{out}");
        let file = parse(&out);
        let items = &file.progress.roadmaps["t"];
        assert_eq!(items["p"].status, Status::Done);
        assert_eq!(
            items["p"].note.as_deref(),
            Some("lap\ndesk"),
            "the further status's note first"
        );
        assert_eq!(items["b"].done, date(5));
        assert_eq!(
            file.progress.profile("t").start,
            date(5),
            "ours, where both differ"
        );
    }

    #[test]
    fn conflict_markers_are_found_only_in_pairs() {
        let text = "format = 1\n<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> origin/main\n";
        assert_eq!(conflict_marker_line(text), Some(2));
        assert_eq!(conflict_marker_line(&text.replace('\n', "\r\n")), Some(2));
        assert_eq!(
            conflict_marker_line("note = \"\"\"\n<<<<<<< not one\n\"\"\"\n"),
            None
        );
        assert_eq!(conflict_marker_line(BASE_FOR_MARKERS), None);
    }

    const BASE_FOR_MARKERS: &str =
        "format = 1\n# =======\n[roadmaps.t.items.a]\nstatus = \"done\"\n";
}
