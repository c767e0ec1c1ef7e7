//! A fast path for progress files in the plain layout `roadmap` itself writes: one
//! `[profile]` table and one `[roadmaps.ID.items.ITEM]` table per record, bare keys,
//! one `key = value` per line with simple strings, integers, floats and dates, and
//! any blank lines and comments.
//!
//! Reading such a file here gives exactly the [`Progress`] that the full TOML reader
//! gives; editing one record rewrites only that record's lines, exactly as
//! `toml_edit` would render the whole document after the same edit. Anything outside
//! the plain layout (or any error, which the full reader then reports with its line
//! and column) makes [`scan`] answer `None`, and the caller uses `toml_edit`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use toml_edit::{DocumentMut, Item as TomlItem, Table};

use super::{FORMAT, ItemProgress, Profile, Progress, UnknownKey, valid_hours};

/// One `[roadmaps.ID.items.ITEM]` table, as byte offsets into the text.
#[derive(Debug, Clone)]
pub(super) struct Section {
    /// Start of the header line.
    pub start: u32,
    /// End of the table's last line with a key, or of its header line when it has
    /// none: a table that follows this one in id order is inserted here.
    pub body_end: u32,
    /// Start of the next header line, or the end of the text. The blank lines and
    /// comments between `body_end` and `end` belong to what follows.
    pub end: u32,
    /// The roadmap id and the item key, relative to `start`.
    roadmap: (u32, u32),
    key: (u32, u32),
}

impl Section {
    fn roadmap<'t>(&self, text: &'t str) -> &'t str {
        &text[(self.start + self.roadmap.0) as usize..(self.start + self.roadmap.1) as usize]
    }

    fn key<'t>(&self, text: &'t str) -> &'t str {
        &text[(self.start + self.key.0) as usize..(self.start + self.key.1) as usize]
    }
}

/// The text of a plain progress file, with its item tables indexed for editing.
#[derive(Debug, Clone)]
pub(super) struct PlainDoc {
    /// The text with the edits made so far; empty until the first edit, as until
    /// then it is the file as read.
    pub text: String,
    /// The item tables of `text`, found when the file was read.
    sections: Vec<Section>,
    /// Whether edits may be made as text: `false` for a file in another layout,
    /// read by `hand::read`, whose every edit takes the whole document.
    editable: bool,
    /// Whether a table was added as text: the whole document places a new table
    /// after the one before it, so that one is no longer removed as text.
    added: bool,
}

pub(super) struct Scanned {
    pub progress: Progress,
    pub doc: PlainDoc,
}

enum Value<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Date(NaiveDate),
}

#[derive(Clone, Copy)]
enum Current {
    Root,
    Profile,
    /// `[roadmaps.ID.profile]`, for the roadmap with this place in `roadmap_order`.
    RoadmapProfile(usize),
    /// The last record of the roadmap with this place in `roadmap_order`.
    Item(usize),
}

/// The bytes a bare key is made of: ASCII letters and digits, `-` and `_`.
const BARE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
        b += 1;
    }
    table
};

/// The bytes that end a basic string for this reader: its closing quote, an
/// escape (which the full reader reads), the end of the line.
const STRING_END: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table[b'\n' as usize] = true;
    table
};

fn is_bare(b: u8) -> bool {
    BARE[b as usize]
}

pub(super) fn is_bare_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(is_bare)
}

fn trim_ws(s: &str) -> &str {
    let n = s.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    &s[n..]
}

// The scan below reads the text by byte offsets. It never runs off the end: the
// text ends with `\n`, which is neither whitespace, nor bare, nor a digit.

/// The offset of the first byte at or after `at` that is not a space or a tab.
fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

/// The offset of the first byte at or after `at` that cannot be in a bare key.
fn bare_end(bytes: &[u8], mut at: usize) -> usize {
    // Four bytes at a time while all four are bare, then one at a time.
    while let Some(&[a, b, c, d]) = bytes.get(at..at + 4) {
        if !(BARE[a as usize] & BARE[b as usize] & BARE[c as usize] & BARE[d as usize]) {
            break;
        }
        at += 4;
    }
    while bytes.get(at).is_some_and(|&b| is_bare(b)) {
        at += 1;
    }
    at
}

/// `key = ` at `at`, with a bare key: where the key ends and the value starts.
fn key_and_equals(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    // The keys of an item table, as `roadmap` writes them.
    let written = match &bytes[at..] {
        [
            b's',
            b't',
            b'a',
            b't',
            b'u',
            b's',
            b' ',
            b'=',
            b' ',
            next,
            ..,
        ] => (6, *next),
        [
            b's',
            b't',
            b'a',
            b'r',
            b't',
            b'e',
            b'd',
            b' ',
            b'=',
            b' ',
            next,
            ..,
        ] => (7, *next),
        [b'd', b'o', b'n', b'e', b' ', b'=', b' ', next, ..] => (4, *next),
        [b'n', b'o', b't', b'e', b' ', b'=', b' ', next, ..] => (4, *next),
        _ => (0, b' '),
    };
    if let (len @ 1.., next) = written
        && next != b' '
        && next != b'\t'
    {
        return Some((at + len, at + len + 3));
    }
    let key_end = bare_end(bytes, at);
    if key_end == at {
        return None;
    }
    // Most lines have one space either side of the `=`.
    if bytes.get(key_end..key_end + 3) == Some(b" = ")
        && !matches!(bytes.get(key_end + 3), Some(b' ' | b'\t'))
    {
        return Some((key_end, key_end + 3));
    }
    let equals = skip_ws(bytes, key_end);
    if bytes.get(equals) != Some(&b'=') {
        return None;
    }
    Some((key_end, skip_ws(bytes, equals + 1)))
}

/// Whitespace, then an optional comment, then the end of the line, from `at`: the
/// start of the next line.
#[inline]
fn line_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) == Some(&b'\n') {
        return Some(at + 1);
    }
    rest_of_line(bytes, at)
}

#[inline(never)]
fn rest_of_line(bytes: &[u8], at: usize) -> Option<usize> {
    let at = skip_ws(bytes, at);
    match bytes.get(at)? {
        b'\n' => Some(at + 1),
        b'#' => Some(at + 1 + memchr::memchr(b'\n', &bytes[at..])?),
        _ => None,
    }
}

/// Where each key of a header stands in the text, as (start, end).
type HeaderParts = [(usize, usize); 4];

/// `[a.b.c]` at `at`, with up to four bare keys: the number of keys, where each
/// stands in the text, and the offset just after the `]`. One pass over the bytes.
fn header(bytes: &[u8], at: usize) -> Option<(usize, HeaderParts, usize)> {
    if bytes.get(at) != Some(&b'[') || bytes.get(at + 1) == Some(&b'[') {
        return None;
    }
    let mut parts = [(0, 0); 4];
    let mut count = 0;
    let mut from = at + 1;
    let mut at = at + 1;
    loop {
        let b = *bytes.get(at)?;
        if is_bare(b) {
            at += 1;
            continue;
        }
        if (b != b'.' && b != b']') || at == from || count == parts.len() {
            return None;
        }
        parts[count] = (from, at);
        count += 1;
        at += 1;
        from = at;
        if b == b']' {
            return Some((count, parts, at));
        }
    }
}

/// Whether the text holds a control character that TOML does not allow (or a `\r`).
fn has_control(bytes: &[u8]) -> bool {
    // No early exit: the loop over every byte is one the compiler vectorizes.
    bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0x7f)
    })
}

fn digits(s: &[u8]) -> usize {
    s.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// A simple value at `at`, and the offset just after it.
fn value(text: &str, at: usize) -> Option<(Value<'_>, usize)> {
    let b = &text.as_bytes()[at..];
    match b.first()? {
        b'"' => {
            if b.starts_with(b"\"\"\"") {
                return None;
            }
            // A basic string on one line, without escapes: four bytes at a time
            // while none of them ends it, then one at a time.
            let mut close = 1;
            while let Some(&[p, q, r, t]) = b.get(close..close + 4) {
                if STRING_END[p as usize]
                    | STRING_END[q as usize]
                    | STRING_END[r as usize]
                    | STRING_END[t as usize]
                {
                    break;
                }
                close += 4;
            }
            loop {
                match *b.get(close)? {
                    b'"' => break,
                    b'\\' | b'\n' => return None,
                    _ => close += 1,
                }
            }
            Some((Value::Str(&text[at + 1..at + close]), at + close + 1))
        }
        b'0'..=b'9' => {
            // Four digits and a `-` start a date, `YYYY-MM-DD`, or nothing this reads.
            if let &[y0, y1, y2, y3, b'-', ref rest @ ..] = b
                && [y0, y1, y2, y3].iter().all(u8::is_ascii_digit)
            {
                let &[m0, m1, b'-', d0, d1, ..] = rest else {
                    return None;
                };
                let [m0, m1, d0, d1] = [m0, m1, d0, d1].map(|c| c.wrapping_sub(b'0'));
                if m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 {
                    return None;
                }
                let year = [y0, y1, y2, y3]
                    .iter()
                    .fold(0, |n, &c| n * 10 + i32::from(c - b'0'));
                let month = u32::from(m0 * 10 + m1);
                let date = NaiveDate::from_ymd_opt(year, month, u32::from(d0 * 10 + d1))?;
                return Some((Value::Date(date), at + 10));
            }
            let whole = digits(b);
            let leading_zero = whole > 1 && b[0] == b'0';
            match b.get(whole) {
                Some(b'.') if !leading_zero => {
                    let fraction = digits(&b[whole + 1..]);
                    if fraction == 0 {
                        return None;
                    }
                    let used = whole + 1 + fraction;
                    Some((Value::Float(text[at..at + used].parse().ok()?), at + used))
                }
                _ if !leading_zero => {
                    Some((Value::Int(text[at..at + whole].parse().ok()?), at + whole))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The keys of one table seen so far: a bit for each key the reader knows, the
/// names of the others.
struct Seen<'t> {
    known: u32,
    others: Vec<&'t str>,
}

impl<'t> Seen<'t> {
    fn clear(&mut self) {
        self.known = 0;
        self.others.clear();
    }

    /// `None` if the table already has this key.
    fn known(&mut self, bit: u32) -> Option<()> {
        if self.known & bit != 0 {
            return None;
        }
        self.known |= bit;
        Some(())
    }

    fn other(&mut self, key: &'t str) -> Option<()> {
        if self.others.contains(&key) {
            return None;
        }
        self.others.push(key);
        Some(())
    }
}

/// The profile keys both kinds of profile table know, with their bit in [`Seen`].
fn profile_key(
    profile: &mut Profile,
    key: &str,
    value: &Value<'_>,
    seen: &mut Seen,
) -> Option<bool> {
    let bit = match key {
        "background" => 1,
        "hours_per_week" => 2,
        "start" => 4,
        "since" => 8,
        _ => return Some(false),
    };
    seen.known(bit)?;
    match (key, value) {
        ("background", Value::Str(s)) => profile.background = Some(s.to_string()),
        ("hours_per_week", Value::Int(h)) if valid_hours(*h as f64) => {
            profile.hours_per_week = Some(*h as f64)
        }
        ("hours_per_week", Value::Float(h)) if valid_hours(*h) => profile.hours_per_week = Some(*h),
        ("start", Value::Date(d)) => profile.start = Some(*d),
        ("since", Value::Date(d)) => profile.since = Some(*d),
        // A value the full reader refuses.
        _ => return None,
    }
    Some(true)
}

/// The last item header read: `[roadmaps.ID.items.` as a range of the text, the
/// roadmap's place in `roadmap_order`, and where its id stands, from the `[`.
/// The next header that starts the same way is read from its key on.
#[derive(Clone, Copy)]
struct ItemPrefix {
    start: usize,
    end: usize,
    order: usize,
    roadmap: (usize, usize),
}

/// Read a progress file in the plain layout; `None` for anything else.
pub(super) fn scan(text: &str) -> Option<Scanned> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let bytes = text.as_bytes();
    if !text.ends_with('\n') || has_control(bytes) {
        return None;
    }

    let mut progress = Progress {
        format: 1,
        ..Progress::default()
    };
    // Tables in the order the full reader visits them: by first appearance.
    let mut roadmap_order: Vec<&str> = Vec::new();
    // Each roadmap's records, as (key, record), in the file's order.
    let mut by_roadmap: Vec<Vec<(String, ItemProgress)>> = Vec::new();
    let mut profile_seen = false;
    let mut profile_first = false;
    let mut root_unknown = Vec::new();
    let mut profile_unknown = Vec::new();
    let mut item_unknown: Vec<(usize, UnknownKey)> = Vec::new();

    let mut current = Current::Root;
    let mut seen = Seen {
        known: 0,
        others: Vec::new(),
    };
    let mut prefix: Option<ItemPrefix> = None;
    // The item tables, found here once for the edits that may follow.
    // Room for a table in every 32 bytes (a record usually takes more): the vector
    // is seldom grown by copying, and the room it does not use is never touched.
    let mut sections: Vec<Section> = Vec::with_capacity(text.len() / 32);
    let mut at = 0;
    let mut number = 0;
    while at < bytes.len() {
        let line_start = at;
        number += 1;
        if matches!(bytes[at], b' ' | b'\t') {
            at = skip_ws(bytes, at);
        }
        match bytes[at] {
            b'\n' => {
                at += 1;
                continue;
            }
            b'#' => {
                at += 1 + memchr::memchr(b'\n', &bytes[at..])?;
                continue;
            }
            b'[' => {}
            _ => {
                let (key_end, value_at) = key_and_equals(bytes, at)?;
                let key = &text[at..key_end];
                let (value, value_end) = value(text, value_at)?;
                at = line_end(bytes, value_end)?;
                let unknown = |key: String| UnknownKey {
                    key,
                    line: Some(number),
                };
                match current {
                    Current::Item(order) => {
                        if let Some(last) = sections.last_mut() {
                            last.body_end = at as u32;
                        }
                        let (item, record) = by_roadmap[order].last_mut()?;
                        match (key, value) {
                            ("status", Value::Str(s)) => {
                                seen.known(1)?;
                                record.status = s.parse().ok()?;
                            }
                            ("started", Value::Date(d)) => {
                                seen.known(2)?;
                                record.started = Some(d);
                            }
                            ("done", Value::Date(d)) => {
                                seen.known(4)?;
                                record.done = Some(d);
                            }
                            ("note", Value::Str(s)) => {
                                seen.known(8)?;
                                record.note = Some(s.to_string());
                            }
                            ("status" | "started" | "done" | "note", _) => return None,
                            (other, _) => {
                                seen.other(other)?;
                                item_unknown.push((
                                    order,
                                    unknown(format!(
                                        "roadmaps.{}.items.{item}.{other}",
                                        roadmap_order[order]
                                    )),
                                ));
                            }
                        }
                    }
                    Current::Root => match (key, value) {
                        ("format", Value::Int(n @ 1..=FORMAT)) => {
                            seen.known(1)?;
                            progress.format = n;
                        }
                        ("roadmap", Value::Str(s)) => {
                            seen.known(2)?;
                            progress.active = Some(s.to_string());
                        }
                        ("format" | "roadmap" | "profile" | "roadmaps", _) => return None,
                        (other, _) => {
                            seen.other(other)?;
                            root_unknown.push(unknown(other.to_string()));
                        }
                    },
                    Current::RoadmapProfile(order) => {
                        let profile = progress.profiles.get_mut(roadmap_order[order])?;
                        // Anything else (a pace history, a key of the learner's own)
                        // is read by the full reader.
                        if !profile_key(profile, key, &value, &mut seen)? {
                            return None;
                        }
                    }
                    Current::Profile => {
                        let profile: &mut Profile = progress.shared_profile.get_or_insert_default();
                        if !profile_key(profile, key, &value, &mut seen)? {
                            if key == "earlier_paces" {
                                // A pace history.
                                return None;
                            }
                            seen.other(key)?;
                            profile_unknown.push(unknown(format!("profile.{key}")));
                        }
                    }
                }
                continue;
            }
        }

        // A header.
        if let Some(last) = sections.last_mut()
            && last.end == u32::MAX
        {
            last.end = line_start as u32;
        }
        seen.clear();
        // Most item headers start as the one before: only their key is new.
        let same = prefix.and_then(|p| {
            if !bytes[at..].starts_with(&bytes[p.start..p.end]) {
                return None;
            }
            let key = at + (p.end - p.start);
            let key_end = bare_end(bytes, key);
            (key_end > key && bytes[key_end] == b']').then_some((
                p.order,
                (at + p.roadmap.0, at + p.roadmap.1),
                (key, key_end),
                key_end + 1,
            ))
        });
        let (order, roadmap, key, after) = match same {
            Some(found) => found,
            None => {
                let (count, parts, after) = header(bytes, at)?;
                let part = |k: usize| &text[parts[k].0..parts[k].1];
                if count == 1 && part(0) == "profile" {
                    if profile_seen {
                        return None;
                    }
                    profile_seen = true;
                    profile_first = roadmap_order.is_empty();
                    progress.shared_profile = Some(Profile::default());
                    current = Current::Profile;
                    at = line_end(bytes, after)?;
                    continue;
                }
                let items = count == 4 && part(0) == "roadmaps" && part(2) == "items";
                let profile = count == 3 && part(0) == "roadmaps" && part(2) == "profile";
                if !(items || profile) {
                    return None;
                }
                let roadmap = part(1);
                let order = match roadmap_order.iter().rposition(|r| *r == roadmap) {
                    Some(k) => k,
                    None => {
                        roadmap_order.push(roadmap);
                        by_roadmap.push(Vec::new());
                        roadmap_order.len() - 1
                    }
                };
                if !items {
                    if progress.profiles.contains_key(roadmap) {
                        return None;
                    }
                    progress
                        .profiles
                        .insert(roadmap.to_string(), Profile::default());
                    current = Current::RoadmapProfile(order);
                    at = line_end(bytes, after)?;
                    continue;
                }
                prefix = Some(ItemPrefix {
                    start: at,
                    end: parts[3].0,
                    order,
                    roadmap: (parts[1].0 - at, parts[1].1 - at),
                });
                (order, parts[1], parts[3], after)
            }
        };
        at = line_end(bytes, after)?;
        let records = &mut by_roadmap[order];
        if records.capacity() == 0 && sections.is_empty() {
            // The first roadmap's records: room for one in every 32 bytes, as for
            // the sections.
            records.reserve((text.len() - line_start) / 32);
        }
        records.push((text[key.0..key.1].to_string(), ItemProgress::default()));
        current = Current::Item(order);
        let relative = |(a, b): (usize, usize)| ((a - line_start) as u32, (b - line_start) as u32);
        sections.push(Section {
            start: line_start as u32,
            body_end: at as u32,
            end: u32::MAX,
            roadmap: relative(roadmap),
            key: relative(key),
        });
    }

    // Records in key order, one for each key. Collecting sorts them (stably, and
    // cheaply when they are in order already, as in every file `roadmap` writes)
    // and keeps one record of each key: a map shorter than its records means a
    // table written twice, which is an error for the full reader.
    for (id, records) in roadmap_order.iter().zip(by_roadmap) {
        let count = records.len();
        let records: BTreeMap<String, ItemProgress> = records.into_iter().collect();
        if records.len() != count {
            return None;
        }
        progress.roadmaps.insert(id.to_string(), records);
    }

    item_unknown.sort_by_key(|(order, _)| *order);
    let item_unknown = item_unknown.into_iter().map(|(_, u)| u);
    progress.unknown_keys = root_unknown;
    if profile_first {
        progress.unknown_keys.extend(profile_unknown);
        progress.unknown_keys.extend(item_unknown);
    } else {
        progress.unknown_keys.extend(item_unknown);
        progress.unknown_keys.extend(profile_unknown);
    }

    Some(Scanned {
        progress,
        doc: PlainDoc {
            text: String::new(),
            sections: {
                if let Some(last) = sections.last_mut()
                    && last.end == u32::MAX
                {
                    last.end = text.len() as u32;
                }
                sections
            },
            editable: true,
            added: false,
        },
    })
}

impl PlainDoc {
    /// A file read in another layout: no edit is made as text.
    pub fn read_only() -> PlainDoc {
        PlainDoc {
            text: String::new(),
            sections: Vec::new(),
            editable: false,
            added: false,
        }
    }

    pub fn is_editable(&self) -> bool {
        self.editable
    }

    fn find(&self, roadmap: &str, key: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.key(&self.text) == key && s.roadmap(&self.text) == roadmap)
    }

    /// The table with the greatest key below `key` in the same roadmap: the one
    /// `toml_edit` renders a new table right after, once the keys are sorted.
    fn predecessor(&self, roadmap: &str, key: &str) -> Option<usize> {
        let mut best: Option<(usize, &str)> = None;
        for (k, s) in self.sections.iter().enumerate() {
            let other = s.key(&self.text);
            if other < key
                && best.is_none_or(|(_, b)| other > b)
                && s.roadmap(&self.text) == roadmap
            {
                best = Some((k, other));
            }
        }
        best.map(|(k, _)| k)
    }

    /// Make an edit of what comes before the first item table (the active
    /// roadmap, a profile) on those lines alone: they are read as a document of
    /// their own, edited as the whole file would be, and put back before the item
    /// tables and whatever follows them, which are left as they are. `false`, with
    /// nothing changed, when no item table follows them, or when `edit` declines
    /// the part it is given (what it would change is not there).
    pub fn edit_head(
        &mut self,
        original: &str,
        edit: impl FnOnce(&mut DocumentMut) -> bool,
    ) -> bool {
        if !self.editable {
            return false;
        }
        let text = if self.text.is_empty() {
            original
        } else {
            &self.text
        };
        // The keys at the top, and any table before the first item table: what
        // `edit` changes is there, or it declines.
        let Some(first) = self.sections.first() else {
            return false;
        };
        let head_len = first.start as usize;
        let Ok(mut head) = text[..head_len].parse::<DocumentMut>() else {
            return false;
        };
        if !edit(&mut head) {
            return false;
        }
        let edited = head.to_string();
        // The item tables must still begin lines of their own.
        if !(edited.is_empty() || edited.ends_with('\n')) {
            return false;
        }
        if self.text.is_empty() {
            self.text = original.to_string();
        }
        self.splice(0, head_len, &edited);
        true
    }

    /// Add the first table of a roadmap the file has no table of (its profile,
    /// on `roadmap use`). The whole document writes a new table right after the
    /// last table of the roadmaps before it; for a file whose item tables are all
    /// of one other roadmap, in id order and last in the file, that is after the
    /// last one's keys, so the table is written alone, by `write`, and put there. `false`, with
    /// nothing changed, for any other file.
    pub fn append_new_roadmap(
        &mut self,
        original: &str,
        roadmap: &str,
        write: impl FnOnce(&mut DocumentMut),
    ) -> bool {
        if !self.editable {
            return false;
        }
        let text = if self.text.is_empty() {
            original
        } else {
            &self.text
        };
        let (Some(first), Some(last)) = (self.sections.first(), self.sections.last()) else {
            return false;
        };
        let item_tables_to_the_end = last.end as usize == text.len()
            && self.sections.windows(2).all(|w| w[0].end == w[1].start);
        let only = first.roadmap(text);
        let one_roadmap_in_order = self.sections.iter().all(|s| s.roadmap(text) == only)
            && self
                .sections
                .windows(2)
                .all(|w| w[0].key(text) < w[1].key(text));
        if !item_tables_to_the_end
            || !one_roadmap_in_order
            || only == roadmap
            || !text.ends_with('\n')
        {
            return false;
        }
        let Ok(head) = text[..first.start as usize].parse::<DocumentMut>() else {
            return false;
        };
        let others_in_head = head
            .get("roadmaps")
            .and_then(TomlItem::as_table_like)
            .is_some_and(|r| r.iter().any(|(id, _)| id != only));
        if others_in_head {
            return false;
        }
        let mut alone = DocumentMut::new();
        write(&mut alone);
        let table = alone.to_string();
        if !table.starts_with('[') || !table.ends_with('\n') {
            return false;
        }
        if self.text.is_empty() {
            self.text = original.to_string();
        }
        // Right after the last table's keys, a blank line before it; comments
        // and blank lines at the end of the file stay at the end.
        let Some(last) = self.sections.last_mut() else {
            return false;
        };
        let at = last.body_end as usize;
        self.text.insert_str(at, &format!("\n{table}"));
        self.added = true;
        last.end = (at + 1) as u32;
        true
    }

    /// Replace `start..end` of the text, moving the offsets of every table after it.
    fn splice(&mut self, start: usize, end: usize, with: &str) {
        self.text.replace_range(start..end, with);
        let shift = |offset: &mut u32| {
            if *offset as usize >= end {
                *offset = (*offset as usize - end + start + with.len()) as u32;
            }
        };
        for s in &mut self.sections {
            shift(&mut s.start);
            shift(&mut s.body_end);
            shift(&mut s.end);
        }
    }

    /// Set a record in place, as `ProgressFile::set_item` does with the whole
    /// document: write into its table, or add a new table after the one before it in
    /// id order. `false` when this edit needs the whole document: an empty record
    /// (which may remove a table), a record under an alias, or a first table.
    pub fn set_record(
        &mut self,
        original: &str,
        roadmap: &str,
        key: &str,
        aliases: &[String],
        record: &ItemProgress,
    ) -> bool {
        if !self.editable || !is_bare_key(roadmap) || !is_bare_key(key) {
            return false;
        }
        if self.text.is_empty() {
            self.text = original.to_string();
        }
        if aliases.iter().any(|a| self.find(roadmap, a).is_some()) {
            return false;
        }
        if record.is_empty() {
            return self.remove_record(roadmap, key);
        }
        match self.find(roadmap, key) {
            Some(k) => {
                let s = &self.sections[k];
                let chunk = &self.text[s.start as usize..s.end as usize];
                let Some(edited) = edit_table(chunk, roadmap, key, record) else {
                    return false;
                };
                let (start, end) = (s.start as usize, s.end as usize);
                self.splice(start, end, &edited);
                let s = &mut self.sections[k];
                s.end = (start + edited.len()) as u32;
                s.body_end = (start + body_len(&edited)) as u32;
                true
            }
            None => {
                let Some(p) = self.predecessor(roadmap, key) else {
                    return false;
                };
                let at = self.sections[p].body_end as usize;
                let old_end = self.sections[p].end as usize;
                let added = new_table(roadmap, key, record);
                self.splice(at, at, &added);
                self.added = true;
                // The new table takes over the blank lines and comments that followed
                // the one before it; its own text starts after the blank line it adds.
                let previous = &mut self.sections[p];
                previous.body_end = at as u32;
                previous.end = at as u32;
                let header = &added[1..];
                let roadmap_at = header.find('.').unwrap_or(0) + 1;
                let key_at = header.find(']').unwrap_or(0) - key.len();
                self.sections.insert(
                    p + 1,
                    Section {
                        start: (at + 1) as u32,
                        body_end: (at + added.len()) as u32,
                        end: (old_end + added.len()) as u32,
                        roadmap: (roadmap_at as u32, (roadmap_at + roadmap.len()) as u32),
                        key: (key_at as u32, (key_at + key.len()) as u32),
                    },
                );
                true
            }
        }
    }
}

impl PlainDoc {
    /// An empty record (`roadmap undo` of an item without a note): its table goes,
    /// with the blank lines before it, as the whole document removes it; there is
    /// nothing to do without one. `false` for the whole document to do it when
    /// the table stays (it holds a comment or a key of the learner's own), when it
    /// is the first item table, when a comment stands right before it, or once a
    /// table was added.
    fn remove_record(&mut self, roadmap: &str, key: &str) -> bool {
        let Some(k) = self.find(roadmap, key) else {
            return true;
        };
        if k == 0 || self.added {
            return false;
        }
        let (before, this) = (&self.sections[k - 1], &self.sections[k]);
        if before.end != this.start {
            return false;
        }
        let gap = &self.text[before.body_end as usize..this.start as usize];
        if gap.bytes().any(|b| !matches!(b, b' ' | b'\t' | b'\n')) {
            return false;
        }
        let chunk = &self.text[this.start as usize..this.end as usize];
        let Ok(mut doc) = chunk.parse::<DocumentMut>() else {
            return false;
        };
        let Some(items) = doc
            .get_mut("roadmaps")
            .and_then(|r| r.get_mut(roadmap))
            .and_then(|r| r.get_mut("items"))
            .and_then(TomlItem::as_table_mut)
        else {
            return false;
        };
        super::put_item(items, key, &[], &ItemProgress::default());
        if items.contains_key(key) {
            return false;
        }
        let (from, to) = (before.body_end as usize, this.body_end as usize);
        self.splice(from, to, "");
        // What followed the table's keys (blank lines, comments) now follows the
        // table before it.
        self.sections[k - 1].end = self.sections[k].end;
        self.sections.remove(k);
        true
    }
}

/// Length of a table's text up to the end of its last line that is not blank or a comment.
fn body_len(chunk: &str) -> usize {
    let mut len = 0;
    let mut start = 0;
    for line in chunk.split_inclusive('\n') {
        let trimmed = trim_ws(line.trim_end_matches('\n'));
        start += line.len();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            len = start;
        }
    }
    len
}

/// The item table `chunk` (a header and its lines) with the record written into it.
fn edit_table(chunk: &str, roadmap: &str, key: &str, record: &ItemProgress) -> Option<String> {
    let mut doc: DocumentMut = chunk.parse().ok()?;
    if doc.to_string() != chunk {
        return None;
    }
    let table = doc
        .get_mut("roadmaps")?
        .get_mut(roadmap)?
        .get_mut("items")?
        .get_mut(key)?
        .as_table_mut()?;
    // A comment that moves (its key went away) sits elsewhere once the text is
    // read again than in a document kept in memory: the whole document does it.
    if super::write_record(table, record) {
        return None;
    }
    Some(doc.to_string())
}

/// Append [`new_table`]'s text for a record to `out`: written here directly for
/// bare keys, dates of four-digit years and notes that need no quoting, else by
/// `toml_edit`.
pub(super) fn push_table(out: &mut String, roadmap: &str, key: &str, record: &ItemProgress) {
    use chrono::Datelike;
    use std::fmt::Write;
    let simple_note = |note: &str| {
        note.chars()
            .all(|c| !c.is_control() && c != '"' && c != '\\' && c != '\'')
    };
    let simple_date = |d: Option<NaiveDate>| d.is_none_or(|d| (0..=9999).contains(&d.year()));
    if !(is_bare_key(roadmap)
        && is_bare_key(key)
        && simple_date(record.started)
        && simple_date(record.done)
        && record.note.as_deref().is_none_or(simple_note))
    {
        out.push_str(&new_table(roadmap, key, record));
        return;
    }
    out.reserve(roadmap.len() + key.len() + 80);
    out.push_str("\n[roadmaps.");
    out.push_str(roadmap);
    out.push_str(".items.");
    out.push_str(key);
    out.push_str("]\n");
    if record.status != super::Status::Todo {
        out.push_str("status = \"");
        out.push_str(record.status.as_str());
        out.push_str("\"\n");
    }
    for (name, date) in [("started", record.started), ("done", record.done)] {
        if let Some(d) = date {
            let _ = writeln!(
                out,
                "{name} = {:04}-{:02}-{:02}",
                d.year(),
                d.month(),
                d.day()
            );
        }
    }
    if let Some(note) = &record.note {
        out.push_str("note = \"");
        out.push_str(note);
        out.push_str("\"\n");
    }
}

/// A new item table as `toml_edit` renders one after another table: a blank line,
/// the header, the keys.
fn new_table(roadmap: &str, key: &str, record: &ItemProgress) -> String {
    let mut doc = DocumentMut::new();
    let items = super::child_table(
        super::child_table(super::child_table(doc.as_table_mut(), "roadmaps"), roadmap),
        "items",
    );
    items.insert(key, TomlItem::Table(Table::new()));
    if let Some(TomlItem::Table(table)) = items.get_mut(key) {
        super::write_record(table, record);
    }
    format!("\n{doc}")
}

#[cfg(test)]
mod tests {
    //! The plain path must agree with `toml_edit` byte for byte: these tests read and
    //! edit many generated files both ways and compare.

    use std::path::Path;

    use super::super::{Doc, ProgressFile, Status};
    use super::*;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }
    }

    const IDS: [&str; 12] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "python",
    ];

    fn roadmap() -> crate::roadmap::Roadmap {
        let mut yaml = String::from(
            "format: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 1, max_months: 1 }\n    items:\n",
        );
        for id in IDS {
            let aliases = match id {
                "python" => ", aliases: [py]",
                "c" => ", aliases: [old-c, cc]",
                _ => "",
            };
            yaml.push_str(&format!(
                "      - {{ id: {id}, title: Item {id}{aliases} }}\n"
            ));
        }
        crate::roadmap::parse(yaml.as_bytes()).unwrap().0
    }

    fn date(rng: &mut Rng) -> String {
        format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))
    }

    fn gap(rng: &mut Rng, out: &mut String) {
        match rng.below(6) {
            0 => out.push_str("# a comment\n"),
            1 => out.push_str("\n\n"),
            2 => out.push_str("  # indented comment\n"),
            _ => {}
        }
    }

    fn value_suffix(rng: &mut Rng) -> &'static str {
        match rng.below(8) {
            0 => "   # why",
            1 => " ",
            _ => "",
        }
    }

    /// A random progress file in the plain layout.
    fn plain_file(rng: &mut Rng) -> String {
        let mut out = String::new();
        gap(rng, &mut out);
        // Mostly format 2, with a profile per roadmap; some format-1 files with
        // one shared profile (their first edit moves it, on the full path).
        let format = match rng.below(10) {
            0 => 0,
            1 => 1,
            _ => 2,
        };
        if format > 0 {
            out.push_str(&format!("format = {format}\n"));
        }
        if rng.chance(50) {
            out.push_str("roadmap = \"t\"\n");
        }
        if rng.chance(10) {
            out.push_str("colour = \"blue\"\n");
        }
        let profile = |rng: &mut Rng, out: &mut String| {
            if format == 2 {
                out.push_str("\n[roadmaps.t.profile]\n");
            } else {
                out.push_str("\n[profile]\n");
            }
            if rng.chance(70) {
                out.push_str("background = \"developer\"\n");
            }
            match rng.below(3) {
                0 => out.push_str("hours_per_week = 7.5\n"),
                1 => out.push_str("hours_per_week = 12\n"),
                _ => {}
            }
            if rng.chance(60) {
                out.push_str(&format!("start = {}\n", date(rng)));
            }
            if format == 2 && rng.chance(10) {
                out.push_str(&format!("since = {}\n", date(rng)));
            }
            if format < 2 && rng.chance(10) {
                out.push_str("theme = 3\n");
            }
        };
        let profile_at = rng.below(4);
        if profile_at == 0 {
            profile(rng, &mut out);
        }
        let mut keys: Vec<(&str, &str)> = Vec::new();
        for id in IDS.iter().chain(["py", "cc", "gone"].iter()) {
            if rng.chance(55) {
                keys.push(("t", id));
            }
            if rng.chance(10) {
                keys.push(("other", id));
            }
        }
        if rng.chance(30) {
            // Hand-ordered: not in id order.
            for k in 0..keys.len() {
                let j = rng.below(keys.len());
                keys.swap(k, j);
            }
        }
        for (n, (roadmap, id)) in keys.iter().enumerate() {
            if profile_at == 1 && n == keys.len() / 2 {
                profile(rng, &mut out);
            }
            gap(rng, &mut out);
            let indent = if rng.chance(5) { "  " } else { "" };
            let sep = if rng.chance(20) { "" } else { "\n" };
            out.push_str(&format!("{sep}{indent}[roadmaps.{roadmap}.items.{id}]"));
            if rng.chance(10) {
                out.push_str(" # mine");
            }
            out.push('\n');
            let status = ["done", "started", "skipped", "todo"][rng.below(4)];
            if rng.chance(90) {
                out.push_str(&format!("status = \"{status}\"{}\n", value_suffix(rng)));
            }
            if rng.chance(40) {
                out.push_str(&format!("started = {}{}\n", date(rng), value_suffix(rng)));
            }
            if status == "done" && rng.chance(80) {
                out.push_str(&format!("done = {}\n", date(rng)));
            }
            if rng.chance(15) {
                gap(rng, &mut out);
                out.push_str("note = \"Läuft — see #3\"\n");
            }
            if rng.chance(5) {
                out.push_str("effort = 2\n");
            }
        }
        if profile_at == 2 {
            profile(rng, &mut out);
        }
        gap(rng, &mut out);
        out
    }

    fn full(text: &str) -> ProgressFile {
        let parsed = toml_edit::Document::parse(text).expect("valid TOML");
        let progress = super::super::Reader {
            path: Path::new("p.toml"),
            text,
        }
        .read(parsed.as_table())
        .expect("readable");
        ProgressFile {
            path: "p.toml".into(),
            original: Some(text.to_string()),
            doc: Doc::Full(parsed.into_mut()),
            read_roadmaps: super::super::with_records(&progress),
            progress,
            bom: false,
            crlf: false,
            deferred: Vec::new(),
        }
    }

    fn record(rng: &mut Rng) -> ItemProgress {
        let status = [Status::Todo, Status::Started, Status::Done, Status::Skipped][rng.below(4)];
        let d = |rng: &mut Rng| NaiveDate::from_ymd_opt(2026, 1 + rng.below(12) as u32, 3);
        ItemProgress {
            status,
            started: (status != Status::Todo && rng.chance(50))
                .then(|| d(rng))
                .flatten(),
            done: (status == Status::Done).then(|| d(rng)).flatten(),
            note: rng.chance(20).then(|| "a \"quoted\" note\\".to_string()),
        }
    }

    #[test]
    fn plain_files_read_and_edit_exactly_as_toml_edit_does() {
        let roadmap = roadmap();
        let mut rng = Rng(0x1234_5678_9abc_def1);
        let mut plain_edits = 0;
        let mut plain_head_edits = 0;
        for _ in 0..600 {
            let text = plain_file(&mut rng);
            let mut fast = ProgressFile::parse(Path::new("p.toml"), text.clone()).unwrap();
            assert!(matches!(fast.doc, Doc::Plain { .. }), "not plain:\n{text}");
            let mut slow = full(&text);
            assert_eq!(
                format!("{:?}", fast.progress),
                format!("{:?}", slow.progress),
                "\n{text}"
            );
            assert_eq!(fast.render(), text);
            let mut log = String::new();
            for _ in 0..1 + rng.below(5) {
                match rng.below(10) {
                    0 => {
                        let key = ["gone", "zz", "a0"][rng.below(3)];
                        let r = record(&mut rng);
                        log.push_str(&format!("raw {key} {r:?}\n"));
                        fast.set_raw_item("t", key, &r);
                        slow.set_raw_item("t", key, &r);
                    }
                    1 if rng.chance(30) => {
                        log.push_str("profile\n");
                        let profile = Profile {
                            start: NaiveDate::from_ymd_opt(2024, 5, 6),
                            ..Profile::default()
                        };
                        fast.set_profile("t", &profile);
                        slow.set_profile("t", &profile);
                    }
                    2 => {
                        // `roadmap profile --hours-per-week`, `--background`: the
                        // profile as read with one thing changed, or a new one.
                        let roadmap = ["t", "t", "other", "new"][rng.below(4)];
                        let mut profile = fast.progress.profile(roadmap);
                        match rng.below(3) {
                            0 => profile.hours_per_week = Some([6.0, 7.5, 12.0][rng.below(3)]),
                            1 => profile.background = Some("career-changer".into()),
                            _ => profile.since = NaiveDate::from_ymd_opt(2025, 2, 3),
                        }
                        log.push_str(&format!("profile {roadmap} {profile:?}\n"));
                        fast.set_profile(roadmap, &profile);
                        slow.set_profile(roadmap, &profile);
                    }
                    3 => {
                        // `roadmap use`: often the roadmap in use already.
                        let active = ["t", "t", "other", "a-new-one"][rng.below(4)];
                        log.push_str(&format!("use {active}\n"));
                        fast.set_active(active);
                        slow.set_active(active);
                    }
                    _ => {
                        let i = rng.below(IDS.len());
                        let r = record(&mut rng);
                        log.push_str(&format!("item {} {r:?}\n", IDS[i]));
                        fast.set_item(&roadmap, i, &r);
                        slow.set_item(&roadmap, i, &r);
                    }
                }
                if matches!(fast.doc, Doc::Plain { .. }) {
                    plain_edits += 1;
                    if log
                        .lines()
                        .last()
                        .is_some_and(|l| l.starts_with("profile") || l.starts_with("use"))
                    {
                        plain_head_edits += 1;
                    }
                }
                assert_eq!(
                    fast.render(),
                    slow.render(),
                    "\n--- file:\n{text}--- edits:\n{log}"
                );
                assert_eq!(fast.is_changed(), slow.is_changed());
                assert_eq!(
                    format!("{:?}", fast.progress),
                    format!("{:?}", slow.progress)
                );
            }
        }
        assert!(
            plain_edits > 400,
            "only {plain_edits} edits took the plain path"
        );
        assert!(
            plain_head_edits > 30,
            "only {plain_head_edits} edits of a profile or the active roadmap took the plain path"
        );
    }

    /// `roadmap use` of a roadmap the file has nothing of, and a change of the
    /// profile: on a file `roadmap` wrote, made as text, and the same text as
    /// the whole document gives.
    #[test]
    fn use_and_profile_edit_a_large_file_as_text() {
        let mut rng = Rng(0x0bad_cafe_f00d_1234);
        for case in 0..60 {
            let mut text = String::from("# kept\nformat = 2\nroadmap = \"t\"\n");
            if case % 3 != 0 {
                text.push_str(
                    "\n[roadmaps.t.profile]\nbackground = \"developer\" # me\nstart = 2020-06-02\n",
                );
            }
            for id in IDS {
                if rng.chance(70) {
                    text.push_str(&format!(
                        "\n[roadmaps.t.items.{id}]\nstatus = \"done\"\ndone = {}\n",
                        date(&mut rng)
                    ));
                }
            }
            if !text.contains(".items.") {
                continue;
            }
            if case % 5 == 0 {
                text.push_str("# the end\n");
            }
            let mut fast = ProgressFile::parse(Path::new("p.toml"), text.clone()).unwrap();
            let mut slow = full(&text);
            let other = ["ai-engineer", "new-one"][case % 2];
            fast.set_active(other);
            slow.set_active(other);
            let mut profile = fast.progress.profile(other);
            profile.start = NaiveDate::from_ymd_opt(2026, 6, 1);
            fast.set_profile(other, &profile);
            slow.set_profile(other, &profile);
            let mut mine = fast.progress.profile("t");
            mine.hours_per_week = Some(12.0);
            fast.set_profile("t", &mine);
            slow.set_profile("t", &mine);
            assert_eq!(fast.render(), slow.render(), "\n{text}");
            let plain = matches!(fast.doc, Doc::Plain { .. });
            // A new table for `t`'s profile goes among its item tables: whole.
            assert_eq!(plain, case % 3 != 0, "\n{text}");
        }
    }

    /// Files in the plain layout written otherwise than `roadmap` writes them.
    #[test]
    fn odd_plain_files_read_exactly_as_toml_edit_does() {
        for text in [
            // Out of order, within a roadmap and across two.
            "format = 2\n[roadmaps.t.items.b]\nstatus = \"done\"\n\n[roadmaps.t.items.a]\nstatus = \"started\"\n",
            "[roadmaps.t.items.b]\n[roadmaps.u.items.a]\nnote = \"x\"\n[roadmaps.t.items.a]\n[roadmaps.u.items.c]\n",
            // An id that starts as the one before.
            "[roadmaps.t.items.a]\n[roadmaps.tt.items.a]\ndone = 2026-01-02\n[roadmaps.t.items.b]\n",
            "[roadmaps.tt.items.a]\n[roadmaps.t.items.a]\n[roadmaps.tt.items.b]\n",
            // Spacing, comments and indentation.
            "[roadmaps.t.items.a]\nstatus=\"done\"\ndone  =  2026-01-02\n",
            "[roadmaps.t.items.a]\nstatus =\t\"done\"\nstarted =  2026-01-02 # c\n",
            "[roadmaps.t.items.a] # c\n  status = \"done\"\n\tdone = 2026-01-02\t\n",
            "[roadmaps.t.items.a]\t\n[roadmaps.t.items.b]   # c\n  [roadmaps.t.items.c]\nnote = \"\"\n",
            // Keys that start as the ones `roadmap` writes, and bare keys of every
            // length around four bytes at a time.
            "[roadmaps.t.items.a]\nstatusx = 1\ndone_at = 2026-01-02\nnotes = \"n\"\n",
            "[roadmaps.t.items.abc]\nabc = 1\nabcd = 2\nabcde = 3\nabcdefgh = 4\nabcdefghi = 5\n",
            "[roadmaps.t.items.abcd]\n[roadmaps.t.items.abcdefgh]\n[roadmaps.t.items.abcdefghi]\n",
            "format = 1\ncolour = \"blue\"\n[profile]\ntheme = 3\nstart = 2026-01-02\n[roadmaps.t.items.a]\n",
            // Strings of every length around four bytes at a time, and numbers that
            // start as a date does.
            "[roadmaps.t.items.a]\nnote = \"a\"\nx = \"abc\"\ny = \"abcd\"\nz = \"abcde\"\n",
            "[roadmaps.t.items.b]\nnote = \"abcdefgh\"\nx = \"abcdefghi\"\ny = \"Läuft — #3\"\n",
            "[roadmaps.t.items.a]\nx = 2026\ny = 20260\nz = 2026.5\nw = 0\n",
        ] {
            let fast = ProgressFile::parse(Path::new("p.toml"), text.to_string()).unwrap();
            assert!(matches!(fast.doc, Doc::Plain { .. }), "not plain:\n{text}");
            assert!(scan(text).is_some(), "{text:?}");
            assert_eq!(
                format!("{:?}", fast.progress),
                format!("{:?}", full(text).progress),
                "\n{text}"
            );
        }
    }

    /// A table written twice, wherever the second one stands, is an error for the
    /// full reader; so is a key written twice in one table.
    #[test]
    fn anything_written_twice_takes_the_full_path() {
        for text in [
            "[roadmaps.t.items.a]\n[roadmaps.t.items.b]\n[roadmaps.t.items.a]\n",
            "[roadmaps.t.items.b]\n[roadmaps.t.items.a]\n[roadmaps.t.items.b]\n",
            "[roadmaps.t.items.a]\n\n# gap\n[roadmaps.t.items.c]\n[roadmaps.t.items.b]\n\n[roadmaps.t.items.a]\n",
            "[roadmaps.t.items.a]\n[roadmaps.u.items.a]\n[roadmaps.t.items.b]\n[roadmaps.u.items.a]\n",
            "[roadmaps.t.items.a]\nstatus = \"done\"\nstatus=\"done\"\n",
            "[roadmaps.t.items.a]\ndone = 2026-01-02\ndone = 2026-01-03\n",
            "[roadmaps.t.items.a]\neffort = 1\neffort = 2\n",
            "colour = 1\ncolour = 2\n",
            "format = 1\nformat = 1\n",
            "[profile]\ntheme = 1\ntheme = 2\n",
            "[roadmaps.t.profile]\nstart = 2026-01-02\nstart = 2026-01-02\n",
            "[roadmaps.t.profile]\n[roadmaps.t.profile]\n",
        ] {
            assert!(scan(text).is_none(), "{text:?}");
            assert!(toml_edit::Document::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn anything_else_takes_the_full_path() {
        for text in [
            "format = 1",                                    // no final newline
            "format = 1\r\n",                                // CRLF
            "\u{feff}format = 1\n",                          // BOM
            "format = 3\n",                                  // newer: the full reader says so
            "format = 2\n[roadmaps.t.profile]\ntheme = 3\n", // a key of the learner's own
            "format = 2\n[roadmaps.t.profile]\nearlier_paces = []\n",
            "format = 1\n[roadmaps.t]\nx = 1\n", // another table
            "format = 1\n[roadmaps.t.items.a]\nstatus = 'done'\n", // literal string
            "format = 1\n[roadmaps.t.items.a]\nnote = \"a\\tb\"\n", // escapes
            "format = 1\n[roadmaps.t.items.a]\nstatus = \"finished\"\n",
            "format = 1\n[roadmaps.t.items.a]\ndone = 2026-02-30\n",
            "format = 1\n[roadmaps.t.items.a]\ndone = 2026-02-03T10:00:00\n",
            "format = 1\n[roadmaps.t.items.a]\ndone = \"2026-02-03\"\n",
            "format = 1\n[roadmaps.t.items.a]\n[roadmaps.t.items.a]\n",
            "format = 1\n[roadmaps.t.items.a]\nstatus = \"done\"\nstatus = \"done\"\n",
            "format = 1\n[roadmaps.t.items.a]\nx.y = 1\n",
            "format = 1\n[roadmaps.t.items.a]\nx = [1]\n",
            "format = 1\n[roadmaps.t.items.a]\nx = 01\n",
            "format = 1\n[profile]\nhours_per_week = 0\n",
            "format = 1\n[profile]\n[profile]\n",
            "format = 1\n[[roadmaps]]\n",
            "format = 1\n[ profile ]\n",
            "roadmaps = 1\n",
            "format = 1\n# bell \u{7}\n",
            // An item header that starts as the one before, but is not one.
            "[roadmaps.t.items.a]\n[roadmaps.t.items.a.b]\n",
            "[roadmaps.t.items.a]\n[roadmaps.t.items.]\n",
            "[roadmaps.t.items.a]\n[roadmaps.t.items.b] x\n",
            "[roadmaps.t.items.a]\n[roadmaps.t.items.b-c.d]\n",
            // Values the plain layout does not have.
            "[roadmaps.t.items.a]\nstatus = \"do\nne\"\n",
            "[roadmaps.t.items.a]\nstatus = \n",
            "[roadmaps.t.items.a]\nstatus = \"done\"x\n",
            "[roadmaps.t.items.a]\ndone = 2026-01-02x\n",
            "[roadmaps.t.items.a]\ndone = 2026-01-\n02\n",
            "[roadmaps.t.items.a]\nstatus == \"done\"\n",
            "[roadmaps.t.items.a]\n= \"done\"\n",
            "[roadmaps.t.items.a]\nnote = \"abc\\\\def\"\n",
            "[roadmaps.t.items.a]\nnote = \"a\\\\\"\n",
            "[roadmaps.t.items.a]\nnote = \"abcdef\nghi\"\n",
            "[roadmaps.t.items.a]\ndone = 2026-1-02\n",
            "[roadmaps.t.items.a]\ndone = 2026-01-2x\n",
            "[roadmaps.t.items.a]\ndone = 2026-0x-02\n",
            "[roadmaps.t.items.a]\ndone = 2026-01\n",
            "[roadmaps.t.items.a]\ndone = 2026-13-02\n",
            "[roadmaps.t.items.a]\nx = 2026-\n",
            "[roadmaps.t.items.a]\nx = 20x6-01-02\n",
        ] {
            assert!(scan(text).is_none(), "{text:?}");
        }
    }
}
