//! A fast reader for progress files in the layouts people write by hand: item
//! tables under `[roadmaps.ID.items]` as dotted keys (`python.status = "done"`) or
//! inline tables (`python = { status = "done" }`), one `[roadmaps.ID.items.ITEM]`
//! table per record, keys in any order, comments anywhere, spaces around dots and
//! inside headers, basic and literal strings with escapes, CRLF line endings and a
//! byte-order mark.
//!
//! It reads the text straight into a [`Progress`], building no document: a command
//! that only reads never pays for one, and one that writes builds it from the text
//! at its first edit. It accepts only what it fully understands and what the full
//! reader (`toml_edit` and `Reader`) reads without a problem, and gives what that
//! reader gives: every rule a value must keep is the full reader's
//! ([`super::status_of`], [`super::date_of`], [`valid_hours`], the format range).
//! Anything else (an unknown key, a problem, a construct of TOML it does not
//! parse, such as multi-line strings, quoted keys or arrays of tables) makes it
//! answer `None`, and the full reader then reads the file, or reports the problem
//! with its line and column. `tests/layouts.rs` checks both readers agree on
//! generated layouts; `fuzz/fuzz_targets/read_layouts.rs` on any text.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::{FORMAT, ItemProgress, PaceChange, Profile, Progress, date_of, status_of, valid_hours};

/// A value as written.
enum Val<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Date(NaiveDate),
    /// An inline table: its keys (one bare key each) and values, in order.
    Table(Vec<(&'a str, Val<'a>)>),
    Array(Vec<Val<'a>>),
}

/// How a record's table came to be: TOML lets each table be defined once, and a
/// table defined one way is not extended another.
#[derive(Clone, Copy, PartialEq)]
enum How {
    Header,
    Dotted,
    Inline,
}

struct Rec<'a> {
    roadmap: u32,
    key: &'a str,
    record: ItemProgress,
    how: How,
    /// The keys set so far, one bit each (status, started, done, note).
    keys: u8,
}

struct RoadmapState<'a> {
    id: &'a str,
    /// `[roadmaps.ID.profile]`, once seen, and the keys set in it.
    profile: Option<(Profile, u8)>,
    /// Whether `[roadmaps.ID.items]` was written as a header.
    items_header: bool,
}

#[derive(Clone, Copy)]
enum Ctx {
    Root,
    SharedProfile,
    Profile(usize),
    /// `[roadmaps.ID.items]`: records as dotted keys or inline tables.
    Items(usize),
    /// `[roadmaps.ID.items.ITEM]`: the record at this place in `records`.
    Item(usize),
}

fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

struct Lexer<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Whitespace, an optional comment and the end of a line (or of the text),
    /// consumed; `false` (nothing consumed past the whitespace) for anything else.
    fn line_end(&mut self) -> bool {
        self.skip_ws();
        let bytes = self.text.as_bytes();
        match self.peek() {
            None => true,
            Some(b'\n') => {
                self.at += 1;
                true
            }
            // Every CR is followed by LF: checked before reading.
            Some(b'\r') => {
                self.at += 2;
                true
            }
            Some(b'#') => {
                self.at = match memchr::memchr(b'\n', &bytes[self.at..]) {
                    Some(n) => self.at + n + 1,
                    None => bytes.len(),
                };
                true
            }
            _ => false,
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.at += 1)
    }

    fn bare_key(&mut self) -> Option<&'a str> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() && is_bare(bytes[self.at]) {
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// A dotted key of up to five bare keys, spaces allowed around the dots.
    fn key(&mut self, parts: &mut [&'a str; 5]) -> Option<usize> {
        let mut count = 0;
        loop {
            *parts.get_mut(count)? = self.bare_key()?;
            count += 1;
            self.skip_ws();
            if self.peek() != Some(b'.') {
                return Some(count);
            }
            self.at += 1;
            self.skip_ws();
        }
    }

    fn value(&mut self, depth: usize) -> Option<Val<'a>> {
        let bytes = self.text.as_bytes();
        match self.peek()? {
            b'"' => self.basic_string().map(Val::Str),
            b'\'' => {
                if bytes.get(self.at + 1) == Some(&b'\'') {
                    // `''` is empty, `'''` a multi-line string: the full reader's.
                    if bytes.get(self.at + 2) == Some(&b'\'') {
                        return None;
                    }
                    self.at += 2;
                    return Some(Val::Str(Cow::Borrowed("")));
                }
                let start = self.at + 1;
                let len = memchr::memchr2(b'\'', b'\n', &bytes[start..])?;
                if bytes[start + len] != b'\'' || bytes[start..start + len].contains(&b'\r') {
                    return None;
                }
                self.at = start + len + 1;
                Some(Val::Str(Cow::Borrowed(&self.text[start..start + len])))
            }
            b'0'..=b'9' => self.number_or_date(),
            b'{' if depth < 2 => {
                self.at += 1;
                let mut entries = Vec::new();
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Some(Val::Table(entries));
                }
                loop {
                    self.skip_ws();
                    let key = self.bare_key()?;
                    self.skip_ws();
                    self.expect(b'=')?;
                    self.skip_ws();
                    let value = self.value(depth + 1)?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return None;
                    }
                    entries.push((key, value));
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b'}' => {
                            self.at += 1;
                            return Some(Val::Table(entries));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' if depth < 1 => {
                // One line, no comments inside: what `roadmap` writes.
                self.at += 1;
                let mut values = Vec::new();
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Some(Val::Array(values));
                }
                loop {
                    self.skip_ws();
                    values.push(self.value(depth + 1)?);
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Some(Val::Array(values));
                        }
                        _ => return None,
                    }
                }
            }
            _ => None,
        }
    }

    /// `"..."` on one line, with TOML's escapes.
    fn basic_string(&mut self) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        if bytes.get(start) == Some(&b'"') {
            if bytes.get(start + 1) == Some(&b'"') {
                return None; // `"""`: a multi-line string
            }
            self.at = start + 1;
            return Some(Cow::Borrowed(""));
        }
        let len = memchr::memchr3(b'"', b'\\', b'\n', &bytes[start..])?;
        if bytes[start + len] == b'"' {
            if bytes[start..start + len].contains(&b'\r') {
                return None;
            }
            self.at = start + len + 1;
            return Some(Cow::Borrowed(&self.text[start..start + len]));
        }
        let mut out = String::new();
        let mut at = start;
        loop {
            let len = memchr::memchr3(b'"', b'\\', b'\n', &bytes[at..])?;
            let piece = &self.text[at..at + len];
            if piece.contains('\r') {
                return None;
            }
            out.push_str(piece);
            at += len;
            match bytes[at] {
                b'"' => {
                    self.at = at + 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    let (c, used) = match *bytes.get(at + 1)? {
                        b'b' => ('\u{8}', 2),
                        b't' => ('\t', 2),
                        b'n' => ('\n', 2),
                        b'f' => ('\u{c}', 2),
                        b'r' => ('\r', 2),
                        b'"' => ('"', 2),
                        b'\\' => ('\\', 2),
                        b'u' => (self.hex_char(at + 2, 4)?, 6),
                        b'U' => (self.hex_char(at + 2, 8)?, 10),
                        // `\e`, `\xHH` (TOML 1.1), a line-ending backslash: the full reader's.
                        _ => return None,
                    };
                    out.push(c);
                    at += used;
                }
                _ => return None,
            }
        }
    }

    fn hex_char(&self, at: usize, digits: usize) -> Option<char> {
        let hex = self.text.get(at..at + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    }

    /// A decimal integer, a float with a fraction (`7.5`), or a date (`2026-06-01`).
    /// Signs, underscores, exponents, other bases and times are the full reader's.
    fn number_or_date(&mut self) -> Option<Val<'a>> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let digits = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let whole = digits(start);
        let leading_zero = whole > 1 && bytes[start] == b'0';
        match bytes.get(start + whole) {
            Some(b'-') if whole == 4 => {
                let date = bytes.get(start..start + 10)?;
                let ok = date[5..7].iter().all(u8::is_ascii_digit)
                    && date[7] == b'-'
                    && date[8..10].iter().all(u8::is_ascii_digit);
                if !ok {
                    return None;
                }
                let number = |r: std::ops::Range<usize>| {
                    date[r]
                        .iter()
                        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
                };
                let date =
                    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))?;
                self.at = start + 10;
                Some(Val::Date(date))
            }
            Some(b'.') if !leading_zero => {
                let fraction = digits(start + whole + 1);
                if fraction == 0 {
                    return None;
                }
                let end = start + whole + 1 + fraction;
                self.at = end;
                Some(Val::Float(self.text[start..end].parse().ok()?))
            }
            _ if !leading_zero => {
                self.at = start + whole;
                Some(Val::Int(self.text[start..start + whole].parse().ok()?))
            }
            _ => None,
        }
    }
}

/// Whether every byte is one TOML allows outside strings and comments too: no
/// control characters but tab and line breaks, and every CR followed by LF.
fn plain_bytes(bytes: &[u8]) -> bool {
    let control = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f)
    });
    if control {
        return false;
    }
    let mut from = 0;
    while let Some(n) = memchr::memchr(b'\r', &bytes[from..]) {
        if bytes.get(from + n + 1) != Some(&b'\n') {
            return false;
        }
        from += n + 2;
    }
    true
}

const STATUS: u8 = 1;
const STARTED: u8 = 2;
const DONE: u8 = 4;
const NOTE: u8 = 8;

/// One key of a record, by the full reader's rules; `None` for a key it does not
/// know or a value it refuses, or a key set twice.
fn record_key(rec: &mut Rec<'_>, key: &str, value: Val<'_>) -> Option<()> {
    let bit = match key {
        "status" => STATUS,
        "started" => STARTED,
        "done" => DONE,
        "note" => NOTE,
        _ => return None,
    };
    if rec.keys & bit != 0 {
        return None;
    }
    rec.keys |= bit;
    let record = &mut rec.record;
    match (bit, value) {
        (STATUS, Val::Str(s)) => record.status = status_of(&s)?,
        (STARTED, value) => record.started = Some(date_value(value)?),
        (DONE, value) => record.done = Some(date_value(value)?),
        (NOTE, Val::Str(s)) => record.note = Some(s.into_owned()),
        _ => return None,
    }
    Some(())
}

fn date_value(value: Val<'_>) -> Option<NaiveDate> {
    match value {
        Val::Date(d) => Some(d),
        Val::Str(s) => date_of(&s),
        _ => None,
    }
}

fn hours_value(value: &Val<'_>) -> Option<f64> {
    let hours = match *value {
        Val::Int(i) => i as f64,
        Val::Float(f) => f,
        _ => return None,
    };
    valid_hours(hours).then_some(hours)
}

/// One key of a profile, by the full reader's rules.
fn profile_key(profile: &mut Profile, keys: &mut u8, key: &str, value: Val<'_>) -> Option<()> {
    let bit = match key {
        "background" => 1,
        "hours_per_week" => 2,
        "start" => 4,
        "since" => 8,
        "earlier_paces" => 16,
        _ => return None,
    };
    if *keys & bit != 0 {
        return None;
    }
    *keys |= bit;
    match (bit, value) {
        (1, Val::Str(s)) => profile.background = Some(s.into_owned()),
        (2, value) => profile.hours_per_week = Some(hours_value(&value)?),
        (4, value) => profile.start = Some(date_value(value)?),
        (8, value) => profile.since = Some(date_value(value)?),
        (16, Val::Array(values)) => {
            let mut paces = Vec::with_capacity(values.len());
            for value in values {
                let Val::Table(entries) = value else {
                    return None;
                };
                let [(a, x), (b, y)]: [(&str, Val<'_>); 2] = entries.try_into().ok()?;
                let ((_, since), (_, hours)) = match (a, b) {
                    ("since", "hours_per_week") => ((a, x), (b, y)),
                    ("hours_per_week", "since") => ((b, y), (a, x)),
                    _ => return None,
                };
                paces.push(PaceChange {
                    since: date_value(since)?,
                    hours_per_week: hours_value(&hours)?,
                });
            }
            profile.earlier_paces = paces;
        }
        _ => return None,
    }
    Some(())
}

/// The record of `key` in roadmap `r`, made `how` if it is new; `None` if it
/// exists and was not made by dotted keys that this one extends.
fn record<'a>(
    records: &mut Vec<Rec<'a>>,
    index: &mut FxHashMap<(u32, &'a str), u32>,
    r: usize,
    key: &'a str,
    how: How,
) -> Option<usize> {
    let roadmap = r as u32;
    if let Some(last) = records.last()
        && last.key == key
        && last.roadmap == roadmap
    {
        return (how == How::Dotted && last.how == How::Dotted).then(|| records.len() - 1);
    }
    match index.entry((roadmap, key)) {
        std::collections::hash_map::Entry::Occupied(at) => {
            let at = *at.get() as usize;
            (how == How::Dotted && records[at].how == How::Dotted).then_some(at)
        }
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(records.len() as u32);
            records.push(Rec {
                roadmap,
                key,
                record: ItemProgress::default(),
                how,
                keys: 0,
            });
            Some(records.len() - 1)
        }
    }
}

/// Read a progress file in any layout this reader knows; `None` for anything
/// else, or for anything the full reader would refuse or report.
pub(super) fn read(text: &str) -> Option<Progress> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut lexer = Lexer { text, at: 0 };
    let mut progress = Progress {
        format: 1,
        ..Progress::default()
    };
    let mut root_keys = 0u8;
    let mut shared_keys: Option<u8> = None;
    let mut roadmaps: Vec<RoadmapState<'_>> = Vec::new();
    let mut records: Vec<Rec<'_>> = Vec::new();
    let mut index: FxHashMap<(u32, &str), u32> = FxHashMap::default();
    let mut ctx = Ctx::Root;
    let mut parts: [&str; 5] = [""; 5];

    fn roadmap<'a>(roadmaps: &mut Vec<RoadmapState<'a>>, id: &'a str) -> usize {
        match roadmaps.iter().position(|r| r.id == id) {
            Some(r) => r,
            None => {
                roadmaps.push(RoadmapState {
                    id,
                    profile: None,
                    items_header: false,
                });
                roadmaps.len() - 1
            }
        }
    }
    loop {
        lexer.skip_ws();
        match lexer.peek() {
            None => break,
            Some(b'\n' | b'\r' | b'#') => {
                lexer.line_end();
            }
            Some(b'[') => {
                lexer.at += 1;
                lexer.skip_ws();
                let count = lexer.key(&mut parts)?;
                lexer.expect(b']')?;
                if !lexer.line_end() {
                    return None;
                }
                ctx = match &parts[..count] {
                    ["profile"] => {
                        if shared_keys.is_some() {
                            return None;
                        }
                        shared_keys = Some(0);
                        progress.shared_profile = Some(Profile::default());
                        Ctx::SharedProfile
                    }
                    ["roadmaps", id, "profile"] => {
                        let r = roadmap(&mut roadmaps, id);
                        if roadmaps[r].profile.is_some() {
                            return None;
                        }
                        roadmaps[r].profile = Some((Profile::default(), 0));
                        Ctx::Profile(r)
                    }
                    ["roadmaps", id, "items"] => {
                        let r = roadmap(&mut roadmaps, id);
                        if roadmaps[r].items_header {
                            return None;
                        }
                        roadmaps[r].items_header = true;
                        Ctx::Items(r)
                    }
                    ["roadmaps", id, "items", key] => {
                        let r = roadmap(&mut roadmaps, id);
                        Ctx::Item(record(&mut records, &mut index, r, key, How::Header)?)
                    }
                    _ => return None,
                };
            }
            Some(_) => {
                let count = lexer.key(&mut parts)?;
                lexer.expect(b'=')?;
                lexer.skip_ws();
                let value = lexer.value(0)?;
                if !lexer.line_end() {
                    return None;
                }
                match (ctx, &parts[..count]) {
                    (Ctx::Root, ["format"]) if root_keys & 1 == 0 => {
                        root_keys |= 1;
                        match value {
                            Val::Int(n @ 1..=FORMAT) => progress.format = n,
                            _ => return None,
                        }
                    }
                    (Ctx::Root, ["roadmap"]) if root_keys & 2 == 0 => {
                        root_keys |= 2;
                        match value {
                            Val::Str(s) => progress.active = Some(s.into_owned()),
                            _ => return None,
                        }
                    }
                    (Ctx::SharedProfile, [key]) => {
                        let profile = progress.shared_profile.as_mut()?;
                        profile_key(profile, shared_keys.as_mut()?, key, value)?;
                    }
                    (Ctx::Profile(r), [key]) => {
                        let (profile, keys) = roadmaps[r].profile.as_mut()?;
                        profile_key(profile, keys, key, value)?;
                    }
                    (Ctx::Item(at), [key]) => record_key(&mut records[at], key, value)?,
                    (Ctx::Items(r), [item, key]) => {
                        let at = record(&mut records, &mut index, r, item, How::Dotted)?;
                        record_key(&mut records[at], key, value)?;
                    }
                    (Ctx::Items(r), [item]) => {
                        let Val::Table(entries) = value else {
                            return None;
                        };
                        let at = record(&mut records, &mut index, r, item, How::Inline)?;
                        for (key, value) in entries {
                            record_key(&mut records[at], key, value)?;
                        }
                    }
                    _ => return None,
                }
            }
        }
    }

    // Records in key order, each roadmap's in a map of its own (usually the
    // file's order already, which makes the sort cheap).
    records.sort_by(|a, b| (a.roadmap, a.key).cmp(&(b.roadmap, b.key)));
    let mut records = records.into_iter().peekable();
    for (r, state) in roadmaps.into_iter().enumerate() {
        let mut mine = Vec::new();
        while let Some(rec) = records.next_if(|rec| rec.roadmap as usize == r) {
            mine.push((rec.key.to_string(), rec.record));
        }
        let map: BTreeMap<String, ItemProgress> = mine.into_iter().collect();
        progress.roadmaps.insert(state.id.to_string(), map);
        if let Some((profile, _)) = state.profile {
            progress.profiles.insert(state.id.to_string(), profile);
        }
    }
    Some(progress)
}
