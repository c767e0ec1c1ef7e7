//! A large roadmap parsed in pieces. `serde_yaml` holds every event of a document
//! in memory before it builds anything (about 100 bytes each, twenty or so per
//! item): for 100,000 items, over 200 MB. Here the stages' item lists are cut out
//! of the text, the rest (the skeleton, with `items: []` in their place) is parsed
//! as the roadmap, and each list is parsed a thousand items at a time, as the
//! standalone YAML sequence it is. No text is copied but the skeleton.
//!
//! The cut is made only where a line-by-line look at the text is sure of it: in
//! block style, the `items:` key on a line of its own in a stage, its entries
//! (`- ` lines) at one indentation, and nowhere a quoted string or flow collection
//! left open at the end of a line, a block scalar (but at the top level), an
//! anchor, alias, tag, directive or document marker. Up to the first cut the
//! skeleton is the file itself, and each piece reads as it does in place; each
//! piece must give one item per entry, and the skeleton as many stages as were
//! seen. Anything else, and any problem at all, is left to the whole-file parse,
//! which reports it as ever: this only ever gives what that parse gives.

use std::ops::Range;

use super::{RawItem, RawRoadmap};

/// Files smaller than this are parsed whole: their events take little memory.
pub const FROM_BYTES: usize = 256 * 1024;

/// Items per piece.
pub const PIECE_ITEMS: usize = 1000;

#[derive(Debug, PartialEq)]
enum Kind {
    Blank,
    /// A `- ` line: a sequence entry.
    Entry,
    Other,
    /// A line whose value is a block scalar (`|`, `>`), owned by the key at this column.
    BlockScalar(usize),
}

struct Line {
    indent: usize,
    kind: Kind,
}

/// The index just past the closing quote of a `"` string that opened before `i`.
fn close_double(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn close_single(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        if b[i] == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The index just past the flow collection that opens at `i`, closed on this line.
fn close_flow(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut token_start = true;
    while i < b.len() {
        let c = b[i];
        match c {
            b'[' | b'{' => {
                depth += 1;
                token_start = true;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
                token_start = false;
            }
            b',' => {
                token_start = true;
                i += 1;
            }
            b':' if matches!(b.get(i + 1), None | Some(b' ')) => {
                token_start = true;
                i += 1;
            }
            b' ' => {
                if b.get(i + 1) == Some(&b'#') {
                    return None;
                }
                i += 1;
            }
            b'"' if token_start => {
                i = close_double(b, i + 1)?;
                token_start = false;
            }
            b'\'' if token_start => {
                i = close_single(b, i + 1)?;
                token_start = false;
            }
            b'&' | b'*' | b'!' | b'|' | b'>' | b'?' | b'%' | b'@' | b'`' if token_start => {
                return None;
            }
            _ => {
                token_start = false;
                i += 1;
            }
        }
    }
    None
}

/// What a line is; `None` for a line this does not follow.
fn classify(line: &str) -> Option<Line> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let b = line.as_bytes();
    let indent = b.iter().take_while(|&&c| c == b' ').count();
    let rest = &b[indent..];
    match rest.first() {
        None | Some(b'#') => {
            return Some(Line {
                indent,
                kind: Kind::Blank,
            });
        }
        Some(b'\t' | b'\r') => return None,
        _ => {}
    }
    if rest.starts_with(b"---") || rest.starts_with(b"...") || rest.contains(&b'\r') {
        return None;
    }
    let mut i = indent;
    let mut kind = Kind::Other;
    if rest.starts_with(b"- ") {
        kind = Kind::Entry;
        i += 2;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if b.get(i) == Some(&b'-') && matches!(b.get(i + 1), None | Some(b' ')) {
            return None;
        }
    } else if rest == b"-" {
        return None;
    }
    let mut key_at = i;
    let mut token_start = true;
    while i < b.len() {
        let c = b[i];
        if token_start {
            match c {
                b' ' => i += 1,
                b'#' => break,
                b'"' => {
                    i = close_double(b, i + 1)?;
                    token_start = false;
                }
                b'\'' => {
                    i = close_single(b, i + 1)?;
                    token_start = false;
                }
                b'[' | b'{' => {
                    i = close_flow(b, i)?;
                    token_start = false;
                }
                b'|' | b'>' => {
                    let after = b[i + 1..]
                        .iter()
                        .take_while(|c| matches!(c, b'+' | b'-' | b'0'..=b'9'))
                        .count();
                    let tail = &b[i + 1 + after..];
                    let tail_ok = tail.iter().all(|&c| c == b' ')
                        || tail.starts_with(b" #")
                        || tail
                            .iter()
                            .position(|&c| c != b' ')
                            .is_some_and(|p| p > 0 && tail[p] == b'#');
                    if !tail_ok {
                        return None;
                    }
                    return Some(Line {
                        indent,
                        kind: Kind::BlockScalar(key_at),
                    });
                }
                b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b',' | b']' | b'}' => {
                    return None;
                }
                b'-' if matches!(b.get(i + 1), None | Some(b' ')) => return None,
                _ => {
                    if key_at != i && kind != Kind::Entry {
                        key_at = i;
                    }
                    token_start = false;
                    i += 1;
                }
            }
        } else {
            match c {
                b':' if matches!(b.get(i + 1), None | Some(b' ')) => {
                    token_start = true;
                    i += 1;
                }
                b' ' if b.get(i + 1) == Some(&b'#') => break,
                _ => i += 1,
            }
        }
    }
    Some(Line { indent, kind })
}

/// Whether the line (from its indentation on) is `key:` and nothing but a comment.
fn is_bare_key(line: &str, indent: usize, key: &str) -> Option<usize> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let rest = line.get(indent..)?.strip_prefix(key)?.strip_prefix(':')?;
    let tail = rest.trim_start_matches(' ');
    (tail.is_empty() || (tail.starts_with('#') && tail.len() < rest.len()))
        .then_some(indent + key.len() + 1)
}

/// The text cut up: the skeleton, and per stage (by its place in the list) the
/// pieces of its item list, as byte ranges of the text.
pub struct Pieces {
    pub skeleton: String,
    pub items: Vec<(usize, Vec<Range<usize>>)>,
    /// Stage entries seen.
    pub stages: usize,
}

/// One stage's item list being read: its entries' indentation and where each starts.
struct List {
    stage: usize,
    indent: Option<usize>,
    starts: Vec<usize>,
}

enum Mode {
    Top,
    Stages { indent: Option<usize> },
    After,
}

/// Ends a list at `end`: its entries, `per_piece` at a time, as pieces of the text.
fn finish(
    list: List,
    end: usize,
    items: &mut Vec<(usize, Vec<Range<usize>>)>,
    per_piece: usize,
) -> Option<()> {
    list.starts.first()?;
    let mut pieces = Vec::new();
    for (k, &at) in list.starts.iter().enumerate().step_by(per_piece) {
        let to = list.starts.get(k + per_piece).copied().unwrap_or(end);
        pieces.push(at..to);
    }
    items.push((list.stage, pieces));
    Some(())
}

/// Cut `text` as the module says; `None` where the cut is not plain to see.
pub fn cut(text: &str, per_piece: usize) -> Option<Pieces> {
    let per_piece = per_piece.max(1);
    let bytes = text.as_bytes();
    let mut mode = Mode::Top;
    let mut list: Option<List> = None;
    let mut block: Option<usize> = None;
    let mut stages = 0usize;
    let mut skeleton = String::new();
    let mut copied = 0;
    let mut items: Vec<(usize, Vec<Range<usize>>)> = Vec::new();
    let mut start = 0;

    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
        let line = &text[start..end];
        let next = (end + 1).min(bytes.len());
        if let Some(owner) = block {
            let content = line.bytes().all(|c| c == b' ' || c == b'\r')
                || line.bytes().take_while(|&c| c == b' ').count() > owner;
            if content {
                start = next;
                continue;
            }
            block = None;
        }
        let info = classify(line)?;
        if let Some(current) = &mut list {
            match (&info.kind, current.indent) {
                (Kind::Blank, _) => {
                    start = next;
                    continue;
                }
                (Kind::Entry, None) => {
                    current.indent = Some(info.indent);
                    current.starts.push(start);
                    start = next;
                    continue;
                }
                (_, None) => return None,
                (Kind::BlockScalar(_), Some(_)) => return None,
                (_, Some(i)) if info.indent > i => {
                    start = next;
                    continue;
                }
                (Kind::Entry, Some(i)) if info.indent == i => {
                    current.starts.push(start);
                    start = next;
                    continue;
                }
                _ => {
                    let done = list.take()?;
                    finish(done, start, &mut items, per_piece)?;
                    copied = start;
                }
            }
        }
        match &mut mode {
            Mode::Top | Mode::After => {
                if let Kind::BlockScalar(owner) = info.kind {
                    if owner != 0 {
                        return None;
                    }
                    block = Some(0);
                } else if matches!(mode, Mode::Top)
                    && info.indent == 0
                    && is_bare_key(line, 0, "stages").is_some()
                {
                    mode = Mode::Stages { indent: None };
                }
            }
            Mode::Stages { indent } => match (&info.kind, *indent) {
                (Kind::Blank, _) => {}
                (Kind::BlockScalar(_), _) => return None,
                (Kind::Entry, None) => {
                    *indent = Some(info.indent);
                    stages += 1;
                }
                (_, None) => return None,
                (Kind::Entry, Some(s)) if info.indent == s => stages += 1,
                (_, Some(s)) if info.indent <= s => {
                    if info.indent != 0 {
                        return None;
                    }
                    mode = Mode::After;
                }
                (Kind::Other, Some(s)) if info.indent == s + 2 => {
                    if let Some(colon) = is_bare_key(line, s + 2, "items") {
                        skeleton.push_str(&text[copied..start + colon]);
                        skeleton.push_str(" []");
                        copied = start + colon;
                        // The list's own lines start after this one.
                        skeleton.push_str(&text[copied..next]);
                        copied = next;
                        list = Some(List {
                            stage: stages.checked_sub(1)?,
                            indent: None,
                            starts: Vec::new(),
                        });
                    }
                }
                _ => {}
            },
        }
        start = next;
    }
    if let Some(done) = list.take() {
        finish(done, bytes.len(), &mut items, per_piece)?;
        copied = bytes.len();
    }
    if items.is_empty() {
        return None;
    }
    skeleton.push_str(&text[copied..]);
    Some(Pieces {
        skeleton,
        items,
        stages,
    })
}

/// The roadmap read from its pieces, when every piece reads and agrees.
pub fn parse(text: &str, per_piece: usize) -> Option<RawRoadmap> {
    let pieces = cut(text, per_piece)?;
    let mut raw: RawRoadmap = serde_yaml::from_str(&pieces.skeleton).ok()?;
    if raw.stages.len() != pieces.stages {
        return None;
    }
    for (stage, list) in pieces.items {
        let stage = raw.stages.get_mut(stage)?;
        if !stage.items.is_empty() {
            return None;
        }
        let counts: Vec<usize> = list
            .iter()
            .map(|r| count_entries(&text[r.clone()]))
            .collect();
        stage.items.reserve_exact(counts.iter().sum());
        for (range, entries) in list.into_iter().zip(counts) {
            let read: Vec<RawItem> = serde_yaml::from_str(&text[range]).ok()?;
            if read.len() != entries {
                return None;
            }
            stage.items.extend(read);
        }
    }
    Some(raw)
}

/// What [`parse_owned`] made of a text.
pub enum Owned {
    /// The roadmap, its items given to the sink; the text is gone.
    Read(RawRoadmap),
    /// The text as it came, for the whole-file parse: it is not cut, or its
    /// skeleton does not read as the roadmap.
    Whole(String),
    /// A piece did not read, and the text is gone with the pieces read after it.
    Spent,
}

/// Where [`parse_owned`] puts the items it reads.
pub trait Sink {
    /// How many items are coming, before the first.
    fn expect(&mut self, items: usize);
    /// The items of one piece, in order, of the stage at this place in the list.
    fn piece(&mut self, stage: usize, items: Vec<RawItem>);
}

/// [`parse`], using the text up: the pieces are read from the last to the first,
/// each given to `sink` as it is read, and after each the text is cut short
/// before it, so the memory the text took goes to what is made of the items
/// instead of being held beside them. The roadmap `parse` gives, its stages with
/// no items (those went to `sink`), or none where it gives none; only a text
/// that is not cut, or whose skeleton does not read, comes back whole.
pub fn parse_owned(mut text: String, per_piece: usize, sink: &mut impl Sink) -> Owned {
    let Some(pieces) = cut(&text, per_piece) else {
        return Owned::Whole(text);
    };
    let Ok(raw) = serde_yaml::from_str::<RawRoadmap>(&pieces.skeleton) else {
        return Owned::Whole(text);
    };
    drop(pieces.skeleton);
    // Every list for a stage of its own, one the skeleton has with no items yet.
    let fits = raw.stages.len() == pieces.stages
        && pieces.items.windows(2).all(|w| w[0].0 < w[1].0)
        && pieces
            .items
            .iter()
            .all(|(stage, _)| raw.stages.get(*stage).is_some_and(|s| s.items.is_empty()));
    if !fits {
        return Owned::Whole(text);
    }
    sink.expect(
        pieces
            .items
            .iter()
            .flat_map(|(_, list)| list)
            .map(|r| count_entries(&text[r.clone()]))
            .sum(),
    );
    for (stage, list) in pieces.items.into_iter().rev() {
        for range in list.into_iter().rev() {
            let piece = &text[range.clone()];
            let entries = count_entries(piece);
            let Ok(read) = serde_yaml::from_str::<Vec<RawItem>>(piece) else {
                return Owned::Spent;
            };
            if read.len() != entries {
                return Owned::Spent;
            }
            sink.piece(stage, read);
            text.truncate(range.start);
            text.shrink_to_fit();
        }
    }
    drop(text);
    Owned::Read(raw)
}

/// The entries of a piece: its `- ` lines at the first one's indentation.
fn count_entries(piece: &str) -> usize {
    let indent = piece.bytes().take_while(|&c| c == b' ').count();
    piece
        .split('\n')
        .filter(|l| {
            l.len() > indent
                && l.as_bytes()[..indent].iter().all(|&c| c == b' ')
                && l[indent..].starts_with("- ")
        })
        .count()
}
