//! Roadmap files: the raw YAML types (the only `serde_yaml` user) and the checked
//! [`Roadmap`] they become. The conversion is where validation lives: it collects
//! every problem it can find, each with a line and column where one is known.

pub mod cache;
pub mod catalog;
mod index;
mod pieces;
pub mod resolve;

use std::collections::{HashMap, HashSet};
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Format version this build reads and writes.
pub const FORMAT: u32 = 1;
/// Larger files are refused before parsing.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// The pace the estimates assume when a roadmap does not say.
pub const DEFAULT_HOURS_PER_WEEK: f64 = 10.0;

// ---------------------------------------------------------------------------
// Raw types: exactly the YAML, unknown keys refused.

/// A roadmap file (format version 1).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "roadmap file")]
pub struct RawRoadmap {
    /// Format version; this build reads 1.
    pub format: u32,
    /// Kebab-case id, unique among your roadmaps.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// Where the content comes from (free text).
    #[serde(default)]
    pub source: Option<String>,
    /// The part-time pace the estimates assume (default 10).
    #[serde(default)]
    #[schemars(range(min = 0.0))]
    pub hours_per_week: Option<f64>,
    /// The author's own estimate of the whole path, shown beside the sum of the stages.
    #[serde(default)]
    pub overall: Option<RawEstimate>,
    /// Who the learner is; the first is the default.
    #[serde(default)]
    pub backgrounds: Vec<RawBackground>,
    pub stages: Vec<RawStage>,
    /// Recommended paths through the items.
    #[serde(default)]
    pub tracks: Vec<RawTrack>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEstimate {
    #[schemars(range(min = 0.0))]
    pub min_months: f64,
    #[schemars(range(min = 0.0))]
    pub max_months: f64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBackground {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// Months added to a stage's estimate for this background, by stage id.
    #[serde(default)]
    pub extra_months: std::collections::BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub id: String,
    pub title: String,
    pub estimate: RawEstimate,
    #[serde(default)]
    pub summary: Option<String>,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub kind: Kind,
    /// A grouping inside the stage.
    #[serde(default)]
    pub area: Option<String>,
    /// Relative effort inside the stage (default 1).
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub weight: Option<i64>,
    /// Prerequisites, by item id, any stage.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Former ids: progress recorded under them counts for this item.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub resources: Vec<Resource>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTrack {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// Background ids this track suits.
    #[serde(default, rename = "for")]
    pub for_backgrounds: Vec<String>,
    /// Item ids, in the order to learn them.
    #[serde(default)]
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Skill,
    Project,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Skill => "skill",
            Kind::Project => "project",
        }
    }
}

// ---------------------------------------------------------------------------
// Checked domain types.

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub min_months: f64,
    pub max_months: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Background {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    /// Extra months per stage, indexed like `Roadmap::stages`.
    pub extra_months: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub estimate: Estimate,
    /// This stage's items, as indices into `Roadmap::items`.
    pub items: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub area: Option<String>,
    pub weight: u32,
    /// Prerequisites, as indices into `Roadmap::items`.
    pub requires: Vec<usize>,
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    pub resources: Vec<Resource>,
    /// Index into `Roadmap::stages`.
    pub stage: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub for_backgrounds: Vec<usize>,
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roadmap {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub hours_per_week: f64,
    pub overall: Option<Estimate>,
    pub backgrounds: Vec<Background>,
    pub stages: Vec<Stage>,
    /// In a cache entry, in a layout of its own (`cache::items_blob`).
    #[serde(with = "cache::items_blob")]
    pub items: Vec<Item>,
    pub tracks: Vec<Track>,
    /// Item ids and aliases to item indices; rebuilt, not stored, by the cache.
    #[serde(skip)]
    lookup: index::Index,
}

impl Roadmap {
    /// Rebuild the id and alias index (after decoding from the cache).
    pub fn rebuild_lookup(&mut self) {
        self.lookup = index::Index::build(&self.items);
    }

    /// The item with this id or alias.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.lookup.get(&self.items, id)
    }

    pub fn background(&self, id: &str) -> Option<usize> {
        self.backgrounds.iter().position(|b| b.id == id)
    }

    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }
}

// ---------------------------------------------------------------------------
// Problems.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Problem {
    fn error(message: impl Into<String>, at: Option<(usize, usize)>) -> Self {
        Problem {
            severity: Severity::Error,
            message: message.into(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    }

    fn warning(message: impl Into<String>, at: Option<(usize, usize)>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(message, at)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column: message`, raw: escape it where it is printed.
    pub fn render(&self, path: &str) -> String {
        crate::error::at(
            std::path::Path::new(path),
            self.line,
            self.column,
            &self.message,
        )
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A roadmap that passed, with any warnings; or every problem found.
pub type Checked = Result<(Roadmap, Vec<Problem>), Vec<Problem>>;

// ---------------------------------------------------------------------------
// Parsing and checking.

/// Parse and check a roadmap from raw bytes. Never panics, whatever the bytes.
pub fn parse(bytes: &[u8]) -> Checked {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem::error(
            "the file is larger than 16 MiB, the limit for roadmap files".to_string(),
            None,
        )]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = crate::error::line_col(bytes, err.valid_up_to());
            return Err(vec![Problem::error(
                "the file is not valid UTF-8 text; save it as UTF-8",
                Some(at),
            )]);
        }
    };
    if let Some(at) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(vec![Problem::error(
            "the file nests too deeply to be a roadmap",
            Some(at),
        )]);
    }
    if text.len() >= pieces::FROM_BYTES
        && let Some(raw) = pieces::parse(text, pieces::PIECE_ITEMS)
    {
        return check_whole(raw, &Locator::new(text));
    }
    // Each unknown key is reported and then set aside (blanked out of a copy of the
    // text, lines and columns kept), so one typo does not hide the other problems.
    let mut unknown = Vec::new();
    let mut cleaned = std::borrow::Cow::Borrowed(text);
    // Each retry parses the whole file again: a large file gets few, and the walk
    // in `unknown_keys` still finds every typo.
    let retries = MAX_UNKNOWN_KEYS.min(1 + 4_000_000 / text.len().max(1));
    let raw: Result<RawRoadmap, Problem> = loop {
        match serde_yaml::from_str(&cleaned) {
            Ok(raw) => break Ok(raw),
            Err(err) => {
                let problem = yaml_problem(text, &err);
                let newer = probe_format(text).is_some_and(|found| found > u64::from(FORMAT));
                if newer || !is_unknown_key(&err) {
                    if unknown.is_empty() {
                        return Err(vec![problem]);
                    }
                    break Err(problem);
                }
                let key_at = err.location().map(|l| (l.line(), l.column()));
                let set_aside = match key_at {
                    Some(at) if unknown.len() < retries => without_key(&cleaned, at),
                    _ => None,
                };
                unknown.push(problem);
                match set_aside {
                    Some(next) => cleaned = std::borrow::Cow::Owned(next),
                    None => return Err(unknown_keys(text).unwrap_or(unknown)),
                }
            }
        }
    };
    let raw = match raw {
        Ok(raw) => raw,
        Err(structural) => {
            // A problem the typos' removal could not get past (a missing field, a
            // wrong type): every unknown key is still found by a walk of the file.
            let mut problems = unknown_keys(text).unwrap_or(unknown);
            problems.push(structural);
            problems.sort_by_key(|p| (p.line, p.column));
            return Err(problems);
        }
    };
    match check_whole(raw, &Locator::new(text)) {
        Ok(checked) if unknown.is_empty() => Ok(checked),
        Ok((_, warnings)) => {
            unknown.extend(warnings);
            unknown.sort_by_key(|p| (p.line, p.column));
            Err(unknown)
        }
        Err(problems) => {
            unknown.extend(problems);
            unknown.sort_by_key(|p| (p.line, p.column));
            Err(unknown)
        }
    }
}

/// [`parse`] of bytes it may use up, for a file that can be read again. A large
/// file is read in pieces from its end, its text let go as each piece is read (see
/// `pieces::parse_owned`), and checked with nothing left to place a problem by.
/// `None` when that finds a problem (or a warning, unless `warnings` is false):
/// its place needs the text, so read the file again and [`parse`] it. Without
/// `warnings`, a roadmap with only warnings comes without them.
pub fn parse_owned(bytes: Vec<u8>, warnings: bool) -> Option<Checked> {
    if bytes.len() < pieces::FROM_BYTES || bytes.len() > MAX_FILE_BYTES {
        return Some(parse(&bytes));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => return Some(parse(err.as_bytes())),
    };
    if too_deep(&text, MAX_FLOW_DEPTH).is_some() {
        return Some(parse(text.as_bytes()));
    }
    // The text is cut short as it is read, and a cut gives memory back only where
    // the allocator mapped the buffer on its own; inside its heap it leaves a hole
    // that the items, one block, cannot use. A buffer of 32 MiB or more is mapped
    // on its own (glibc's threshold grows with what a run frees, never past that),
    // and the part never written costs nothing: the text moves into one, and the
    // block it was read into is free for the items before the first is read.
    let mut mapped = String::with_capacity(text.len().max(MAPPED_BYTES));
    mapped.push_str(&text);
    drop(text);
    parse_owned_text(mapped, pieces::PIECE_ITEMS, warnings)
}

/// A buffer this large is mapped by the allocator on its own: see `parse_owned`.
const MAPPED_BYTES: usize = 32 * 1024 * 1024;

/// [`parse_owned`] of a text cut into pieces of `per_piece` items, whatever its
/// size. For tests that check it against the whole-file parse.
#[doc(hidden)]
pub fn parse_owned_in_pieces(text: &str, per_piece: usize, warnings: bool) -> Option<Checked> {
    parse_owned_text(text.to_string(), per_piece, warnings)
}

fn parse_owned_text(text: String, per_piece: usize, warnings: bool) -> Option<Checked> {
    let mut read = ReadItems::default();
    match pieces::parse_owned(text, per_piece, &mut read) {
        pieces::Owned::Whole(text) => Some(parse(text.as_bytes())),
        pieces::Owned::Spent => None,
        pieces::Owned::Read(raw) => match check(raw, read.reversed(), &Locator::blind()) {
            Ok((roadmap, found)) if found.is_empty() || !warnings => {
                Some(Ok((roadmap, Vec::new())))
            }
            _ => None,
        },
    }
}

/// [`parse`] of a text cut into pieces of `per_piece` items, whatever its size;
/// `None` where it is not cut (see `pieces`). For tests that check it against
/// the whole-file parse.
#[doc(hidden)]
pub fn parse_in_pieces(text: &str, per_piece: usize) -> Option<Checked> {
    let raw = pieces::parse(text, per_piece)?;
    Some(check_whole(raw, &Locator::new(text)))
}

const ROADMAP_KEYS: &[&str] = &[
    "format",
    "id",
    "title",
    "summary",
    "source",
    "hours_per_week",
    "overall",
    "backgrounds",
    "stages",
    "tracks",
];
const ESTIMATE_KEYS: &[&str] = &["min_months", "max_months"];
const BACKGROUND_KEYS: &[&str] = &["id", "title", "summary", "extra_months"];
const STAGE_KEYS: &[&str] = &["id", "title", "estimate", "summary", "items"];
const ITEM_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "area",
    "weight",
    "requires",
    "aliases",
    "summary",
    "resources",
];
const TRACK_KEYS: &[&str] = &["id", "title", "summary", "for", "items"];
const RESOURCE_KEYS: &[&str] = &["title", "url"];

/// Every unknown key in the file, found by walking it as plain YAML, each with
/// the line and column of its first unclaimed occurrence. `None` when the file
/// does not read as YAML at all.
fn unknown_keys(text: &str) -> Option<Vec<Problem>> {
    use serde_yaml::Value;
    let root: Value = serde_yaml::from_str(text).ok()?;
    let mut found: Vec<(String, String, &[&str])> = Vec::new();
    let mapping = |value: &Value,
                   path: &str,
                   known: &'static [&'static str],
                   found: &mut Vec<(String, String, &[&str])>| {
        if let Value::Mapping(map) = value {
            for key in map.keys() {
                if let Value::String(key) = key
                    && !known.contains(&key.as_str())
                {
                    found.push((path.to_string(), key.clone(), known));
                }
            }
        }
    };
    let seq = |value: Option<&Value>| -> Vec<Value> {
        match value {
            Some(Value::Sequence(items)) => items.clone(),
            _ => Vec::new(),
        }
    };
    mapping(&root, "", ROADMAP_KEYS, &mut found);
    if let Some(overall) = root.get("overall") {
        mapping(overall, "overall", ESTIMATE_KEYS, &mut found);
    }
    for (i, b) in seq(root.get("backgrounds")).iter().enumerate() {
        mapping(b, &format!("backgrounds[{i}]"), BACKGROUND_KEYS, &mut found);
    }
    for (i, stage) in seq(root.get("stages")).iter().enumerate() {
        let path = format!("stages[{i}]");
        mapping(stage, &path, STAGE_KEYS, &mut found);
        if let Some(estimate) = stage.get("estimate") {
            mapping(
                estimate,
                &format!("{path}.estimate"),
                ESTIMATE_KEYS,
                &mut found,
            );
        }
        for (j, item) in seq(stage.get("items")).iter().enumerate() {
            let path = format!("{path}.items[{j}]");
            mapping(item, &path, ITEM_KEYS, &mut found);
            for (k, resource) in seq(item.get("resources")).iter().enumerate() {
                mapping(
                    resource,
                    &format!("{path}.resources[{k}]"),
                    RESOURCE_KEYS,
                    &mut found,
                );
            }
        }
    }
    for (i, track) in seq(root.get("tracks")).iter().enumerate() {
        mapping(track, &format!("tracks[{i}]"), TRACK_KEYS, &mut found);
    }
    let mut claimed = HashSet::new();
    let problems = found
        .into_iter()
        .take(MAX_UNKNOWN_KEYS)
        .map(|(path, key, known)| {
            let listed: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            let serde_like = format!(
                "{}{}unknown field `{key}`, expected one of {}",
                path,
                if path.is_empty() { "" } else { ": " },
                listed.join(", ")
            );
            let at = key_position(text, &key, &mut claimed);
            Problem::error(in_user_words(&serde_like), at)
        })
        .collect();
    Some(problems)
}

/// Where `key` is written as a mapping key (`key:` at a line's start, after `- `,
/// `{` or `,`), the first such place not yet claimed by an earlier problem.
fn key_position(
    text: &str,
    key: &str,
    claimed: &mut HashSet<(usize, usize)>,
) -> Option<(usize, usize)> {
    if key.is_empty() {
        return None;
    }
    for (n, line) in text.lines().enumerate() {
        let mut search = 0;
        while let Some(found) = line[search..].find(key) {
            let start = search + found;
            search = start + key.len();
            let before = line[..start].trim_end_matches([' ', '"', '\'']);
            let after = line[start + key.len()..].trim_start_matches(['"', '\'']);
            let opens = before.is_empty()
                || before.ends_with('-')
                || before.ends_with('{')
                || before.ends_with(',');
            if !(opens && after.trim_start().starts_with(':')) {
                continue;
            }
            let at = (n + 1, line[..start].chars().count() + 1);
            if claimed.insert(at) {
                return Some(at);
            }
        }
    }
    None
}

/// No roadmap has this many typos; past it, the first problems are enough.
const MAX_UNKNOWN_KEYS: usize = 100;

fn is_unknown_key(err: &serde_yaml::Error) -> bool {
    err.to_string().contains("unknown field `")
}

/// `text` with the mapping entry whose key starts at `at` (1-based line and column)
/// blanked out, its value's lines too, every other line and column where it was.
/// `None` where the entry's extent is not plain to see (then the parse stops there).
fn without_key(text: &str, at: (usize, usize)) -> Option<String> {
    let (line_no, column) = at;
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let line = lines.get(line_no.checked_sub(1)?)?.clone();
    let start = line.char_indices().nth(column.checked_sub(1)?)?.0;
    let before = line[..start].trim_end();
    if before.ends_with('{') || before.ends_with(',') {
        // One entry of a flow mapping on this line: `{ a: 1, typo: 2 }`.
        let rest = &line[start..];
        let mut depth = 0i32;
        let mut quote = None;
        let mut end = None;
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') if depth > 0 => depth -= 1,
                (None, ',' | '}') if depth == 0 => {
                    end = Some((i, c));
                    break;
                }
                _ => {}
            }
        }
        let (end, closer) = end?;
        let (from, to) = if closer == ',' {
            (start, start + end + 1)
        } else if before.ends_with(',') {
            (before.len() - 1, start + end)
        } else {
            (start, start + end)
        };
        let blank = " ".repeat(line[from..to].chars().count());
        lines[line_no - 1] = format!("{}{blank}{}", &line[..from], &line[to..]);
        return Some(lines.join("\n"));
    }
    if !before.chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    // A block mapping entry: its line from the key on, then every following line
    // indented further than the key (its value), blank lines and comments between.
    let indent = column - 1;
    lines[line_no - 1] = line[..start].to_string();
    for next in lines.iter_mut().skip(line_no) {
        let trimmed = next.trim_start_matches(' ');
        let deeper = next.len() - trimmed.len() > indent;
        let empty = trimmed.trim().is_empty() || trimmed.starts_with('#');
        if !(deeper || empty) {
            break;
        }
        next.clear();
    }
    Some(lines.join("\n"))
}

/// Deeper `[`/`{` nesting than any roadmap needs. The YAML scanner's work grows with
/// the square of the nesting, so deep files are refused before it sees them.
const MAX_FLOW_DEPTH: usize = 64;

/// Where the flow nesting first goes past `limit`. Counts every bracket, quoted or
/// not: it can only over-count, so it cannot be fooled, and a real roadmap nests
/// a handful of levels.
fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (offset, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(crate::error::line_col(text.as_bytes(), offset));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Turn a serde_yaml error into a problem, preferring a clear "newer format" message.
fn yaml_problem(text: &str, err: &serde_yaml::Error) -> Problem {
    if let Some(found) = probe_format(text)
        && found > u64::from(FORMAT)
    {
        return newer_format_problem(found, None);
    }
    let mut message = err.to_string();
    // serde_yaml appends " at line L column C"; the location goes in its own fields.
    if let Some(pos) = message.find(" at line ") {
        message.truncate(pos);
    }
    let message = match message.as_str() {
        "recursion limit exceeded" => "the file nests too deeply to be a roadmap".to_string(),
        "repetition limit exceeded" => {
            "the file expands too many aliases (an alias bomb?); roadmaps need none".to_string()
        }
        _ => in_user_words(&message),
    };
    let at = err.location().map(|l| (l.line(), l.column()));
    Problem::error(message, at)
}

/// serde's wording, in the words of a roadmap's author: no Rust type names, and
/// for an unknown key the closest known one.
fn in_user_words(message: &str) -> String {
    if let Some(pos) = message.find("unknown field `") {
        let rest = &message[pos + "unknown field `".len()..];
        if let Some((key, tail)) = rest.split_once('`') {
            let known: Vec<String> = tail
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            let hint = match closest(key, known.iter(), 1).first() {
                Some(best) => format!("; did you mean `{best}`?"),
                None if known.is_empty() => "; this place takes no keys".to_string(),
                None => format!(
                    "; the keys here are {}",
                    crate::error::join_or(
                        &known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>()
                    )
                ),
            };
            return format!("{}unknown field `{key}`{hint}", &message[..pos]);
        }
    }
    let mut out = message.to_string();
    for (internal, words) in [
        (
            "struct RawRoadmap",
            "a roadmap (a mapping with `format`, `id`, `title` and `stages`)",
        ),
        (
            "struct RawStage",
            "a stage (a mapping with `id`, `title`, `estimate` and `items`)",
        ),
        (
            "struct RawItem",
            "an item (a mapping with `id` and `title`)",
        ),
        (
            "struct RawBackground",
            "a background (a mapping with `id` and `title`)",
        ),
        (
            "struct RawTrack",
            "a track (a mapping with `id` and `title`)",
        ),
        (
            "struct RawEstimate",
            "an estimate (`{ min_months: N, max_months: N }`)",
        ),
        (
            "struct Resource",
            "a resource (a mapping with `title` and `url`)",
        ),
        ("enum Kind", "`skill` or `project`"),
        ("expected f64", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: a mapping"),
    ] {
        out = out.replace(internal, words);
    }
    out
}

fn probe_format(text: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct Probe {
        format: Option<u64>,
    }
    serde_yaml::from_str::<Probe>(text).ok()?.format
}

fn newer_format_problem(found: u64, at: Option<(usize, usize)>) -> Problem {
    Problem::error(
        format!(
            "this roadmap uses format {found}, but this version of roadmap reads format {FORMAT}; \
             upgrade roadmap to read it"
        ),
        at,
    )
}

pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The items of a roadmap as they are read, each checked item made at once from
/// its raw one, its text moved, not copied, so the raw items go as they come: what
/// needs the other items waits beside them for [`check`].
#[derive(Default)]
struct ReadItems {
    /// In file order; their prerequisites still empty.
    items: Vec<Item>,
    /// Every prerequisite as written, one after the other: a list of strings of
    /// its own for each item would take more than the ids in it.
    written: String,
    /// Where each prerequisite ends in `written` (it starts where the one before ends).
    written_ends: Vec<usize>,
    /// Each item's prerequisites, as places in `written_ends`.
    item_requires: Vec<std::ops::Range<usize>>,
    /// The items whose weight is out of range (by place, in order), with it.
    bad_weights: Vec<(usize, i64)>,
}

impl ReadItems {
    fn with_capacity(items: usize) -> Self {
        ReadItems {
            items: Vec::with_capacity(items),
            item_requires: Vec::with_capacity(items),
            ..ReadItems::default()
        }
    }

    /// Every item of the stages, taken out of them a stage at a time.
    fn take(stages: &mut [RawStage]) -> Self {
        let mut read = ReadItems::with_capacity(stages.iter().map(|s| s.items.len()).sum());
        for (s, stage) in stages.iter_mut().enumerate() {
            for item in std::mem::take(&mut stage.items) {
                read.push(s, item);
            }
        }
        read
    }

    /// The next item, of stage `stage`.
    fn push(&mut self, stage: usize, raw: RawItem) {
        let weight = match raw.weight {
            None => 1,
            Some(w) if (1..=i64::from(u32::MAX)).contains(&w) => w as u32,
            Some(w) => {
                self.bad_weights.push((self.items.len(), w));
                1
            }
        };
        let first = self.written_ends.len();
        for req in raw.requires {
            self.written.push_str(&req);
            self.written_ends.push(self.written.len());
        }
        self.item_requires.push(first..self.written_ends.len());
        self.items.push(Item {
            id: raw.id,
            title: raw.title,
            kind: raw.kind,
            area: raw.area,
            weight,
            requires: Vec::new(),
            aliases: raw.aliases,
            summary: raw.summary,
            resources: raw.resources,
            stage,
        });
    }

    /// End for end: for items pushed from the last to the first.
    fn reversed(mut self) -> Self {
        let last = self.items.len().saturating_sub(1);
        self.items.reverse();
        self.item_requires.reverse();
        for (i, _) in &mut self.bad_weights {
            *i = last - *i;
        }
        self.bad_weights.reverse();
        self
    }
}

impl pieces::Sink for ReadItems {
    fn expect(&mut self, items: usize) {
        self.items.reserve_exact(items);
        self.item_requires.reserve_exact(items);
    }

    /// A piece's items, pushed backwards: the pieces come from the last.
    fn piece(&mut self, stage: usize, items: Vec<RawItem>) {
        for item in items.into_iter().rev() {
            self.push(stage, item);
        }
    }
}

/// [`check`] of a roadmap read whole: its items taken out of its stages.
fn check_whole(mut raw: RawRoadmap, loc: &Locator<'_>) -> Checked {
    let read = ReadItems::take(&mut raw.stages);
    check(raw, read, loc)
}

fn check(raw: RawRoadmap, read: ReadItems, loc: &Locator<'_>) -> Checked {
    let ReadItems {
        mut items,
        written,
        written_ends,
        item_requires,
        bad_weights,
    } = read;
    // The `k`-th prerequisite as written.
    let requirement = |k: usize| {
        let start = k
            .checked_sub(1)
            .map_or(Some(0), |j| written_ends.get(j).copied());
        let end = written_ends.get(k).copied();
        start
            .zip(end)
            .and_then(|(start, end)| written.get(start..end))
    };
    let mut problems = Vec::new();
    let mut ids = IdChecker {
        loc,
        problems: &mut problems,
    };

    if raw.format != FORMAT {
        let at = loc.key("format");
        if u64::from(raw.format) > u64::from(FORMAT) {
            return Err(vec![newer_format_problem(u64::from(raw.format), at)]);
        }
        ids.problems.push(Problem::error(
            format!("`format` must be {FORMAT}, not {}", raw.format),
            at,
        ));
    }
    ids.check("roadmap", &raw.id, 0);

    let hours_per_week = match raw.hours_per_week {
        // The same range as a learner's own pace: the estimates scale by it.
        Some(h) if crate::progress::check_hours(h).is_err() => {
            problems.push(Problem::error(
                format!(
                    "`hours_per_week` must be {}, not {}",
                    crate::progress::HOURS_RULE,
                    crate::progress::hours_text(h)
                ),
                loc.key("hours_per_week"),
            ));
            DEFAULT_HOURS_PER_WEEK
        }
        Some(h) => h,
        None => DEFAULT_HOURS_PER_WEEK,
    };
    let overall = raw
        .overall
        .map(|e| check_estimate(e, "`overall`", loc.key("overall"), &mut problems));

    // Each stage's items: they are in stage order.
    let mut ranges = Vec::with_capacity(raw.stages.len());
    let mut first = 0;
    for s in 0..raw.stages.len() {
        let end = first + items[first..].iter().take_while(|i| i.stage == s).count();
        ranges.push(first..end);
        first = end;
    }

    // Ids, each list in turn; the n-th occurrence of an id text is the n-th entity using it.
    // Sized once: a table grown by doubling leaves each smaller one behind it,
    // which for a large roadmap is memory the process keeps.
    // Without the text (a blind locator) there is no place to find: no count either.
    let mut seen_ids: HashMap<&str, usize> = if loc.is_blind() {
        HashMap::new()
    } else {
        HashMap::with_capacity(
            items.len() + raw.stages.len() + raw.backgrounds.len() + raw.tracks.len(),
        )
    };
    let mut at_of = |id| -> Option<(usize, usize)> {
        if loc.is_blind() {
            return None;
        }
        let n = seen_ids.entry(id).or_insert(0);
        let at = loc.id(id, *n);
        *n += 1;
        at
    };

    let background_at: Vec<_> = raw.backgrounds.iter().map(|b| at_of(&b.id)).collect();
    let mut stage_at = Vec::new();
    let mut item_at = Vec::new();
    for (stage, range) in raw.stages.iter().zip(&ranges) {
        stage_at.push(at_of(&stage.id));
        if !loc.is_blind() {
            item_at.extend(items[range.clone()].iter().map(|item| at_of(&item.id)));
        }
    }
    let track_at: Vec<_> = raw.tracks.iter().map(|t| at_of(&t.id)).collect();
    drop(seen_ids);
    // An item's place: none where there is no text.
    let item_place = |i: usize| item_at.get(i).copied().flatten();

    let mut ids = IdChecker {
        loc,
        problems: &mut problems,
    };
    let mut unique = HashSet::new();
    for (b, at) in raw.backgrounds.iter().zip(&background_at) {
        ids.check_at("background", &b.id, *at);
        if !unique.insert(b.id.as_str()) {
            ids.problems.push(Problem::error(
                format!("background id `{}` is used twice", b.id),
                *at,
            ));
        }
    }
    unique.clear();
    for (s, at) in raw.stages.iter().zip(&stage_at) {
        ids.check_at("stage", &s.id, *at);
        if !unique.insert(s.id.as_str()) {
            ids.problems.push(Problem::error(
                format!("stage id `{}` is used twice", s.id),
                *at,
            ));
        }
    }
    unique.clear();
    for (t, at) in raw.tracks.iter().zip(&track_at) {
        ids.check_at("track", &t.id, *at);
        if !unique.insert(t.id.as_str()) {
            ids.problems.push(Problem::error(
                format!("track id `{}` is used twice", t.id),
                *at,
            ));
        }
    }

    // Items: ids unique across the whole roadmap, then aliases. The roadmap's own
    // index answers for both: every id, then every alias no id or earlier alias has
    // taken, each name the first to take it. It holds places, not names, so it
    // stays good as the items get their prerequisites, and the roadmap keeps it.
    let lookup = index::Index::build(&items);
    // Every name the index holds: a name it left out is one it has already.
    fn names(items: &[Item]) -> impl Iterator<Item = &String> {
        items
            .iter()
            .flat_map(|i| std::iter::once(&i.id).chain(&i.aliases))
    }
    for (index, item) in items.iter().enumerate() {
        let at = item_place(index);
        ids.check_at("item", &item.id, at);
        if lookup.get(&items, &item.id) != Some(index) {
            ids.problems.push(Problem::error(
                format!(
                    "item id `{}` is used twice; item ids must be unique across the roadmap",
                    item.id
                ),
                at,
            ));
        }
    }
    for (index, item) in items.iter().enumerate() {
        let at = item_place(index);
        for (k, alias) in item.aliases.iter().enumerate() {
            let alias_at = loc.token_after(at, alias).or(at);
            if !is_valid_id(alias) {
                problems.push(Problem::error(
                    format!("alias `{alias}` of item `{}` is not a valid id (lower-case letters, digits and dashes)", item.id),
                    alias_at,
                ));
            }
            match lookup.get(&items, alias) {
                // The item's own name: its id, or an alias it gave before this one.
                Some(other)
                    if other == index
                        && (*alias == item.id || item.aliases[..k].contains(alias)) =>
                {
                    problems.push(Problem::error(
                        format!("item `{}` lists its own id as an alias", item.id),
                        alias_at,
                    ));
                }
                // This alias itself: the first to take its name.
                Some(other) if other == index => {}
                Some(_) => problems.push(Problem::error(
                    format!(
                        "alias `{alias}` of item `{}` is already another item's id or alias",
                        item.id
                    ),
                    alias_at,
                )),
                None => {}
            }
        }
    }

    // Stages and items: each item's weight and prerequisites, every problem in the
    // order of the file.
    let mut estimates = Vec::with_capacity(raw.stages.len());
    let mut resolved: Vec<Vec<usize>> = Vec::with_capacity(items.len());
    let mut bad_weights = bad_weights.into_iter().peekable();
    for ((stage, at), range) in raw.stages.iter().zip(&stage_at).zip(&ranges) {
        estimates.push(check_estimate(
            stage.estimate,
            &format!("stage `{}`: `estimate`", stage.id),
            loc.token_after(*at, "estimate").or(*at),
            &mut problems,
        ));
        if range.is_empty() {
            problems.push(Problem::warning(
                format!("stage `{}` has no items", stage.id),
                *at,
            ));
        }
        for index in range.clone() {
            let at = item_place(index);
            let item = &items[index];
            if let Some((_, w)) = bad_weights.next_if(|&(i, _)| i == index) {
                problems.push(Problem::error(
                    format!(
                        "item `{}`: `weight` must be a whole number of at least 1, not {w}",
                        item.id
                    ),
                    loc.token_after(at, "weight").or(at),
                ));
            }
            let written = item_requires.get(index).cloned().unwrap_or_default();
            let mut requires = Vec::with_capacity(written.len());
            for req in written.filter_map(requirement) {
                match lookup.get(&items, req) {
                    Some(r) => {
                        if !requires.contains(&r) {
                            requires.push(r);
                        }
                    }
                    None => problems.push(Problem::error(
                        format!(
                            "item `{}` requires `{req}`, which is no item of this roadmap{}",
                            item.id,
                            suggestion(req, names(&items))
                        ),
                        loc.token_after(at, req).or(at),
                    )),
                }
            }
            resolved.push(requires);
        }
    }

    // Tracks; their problems come last, as they are listed.
    let mut track_problems = Vec::new();
    let mut tracks = Vec::with_capacity(raw.tracks.len());
    for (t, at) in raw.tracks.into_iter().zip(&track_at) {
        let mut for_backgrounds = Vec::new();
        for b in &t.for_backgrounds {
            match raw.backgrounds.iter().position(|x| &x.id == b) {
                Some(i) => for_backgrounds.push(i),
                None => track_problems.push(Problem::error(
                    format!(
                        "track `{}` is for background `{b}`, which does not exist{}",
                        t.id,
                        suggestion(b, raw.backgrounds.iter().map(|x| &x.id))
                    ),
                    loc.token_after(*at, b).or(*at),
                )),
            }
        }
        let mut track_items = Vec::new();
        for id in &t.items {
            match lookup.get(&items, id) {
                Some(i) => {
                    if !track_items.contains(&i) {
                        track_items.push(i);
                    }
                }
                None => track_problems.push(Problem::error(
                    format!(
                        "track `{}` lists item `{id}`, which does not exist{}",
                        t.id,
                        suggestion(id, names(&items))
                    ),
                    loc.token_after(*at, id).or(*at),
                )),
            }
        }
        tracks.push(Track {
            id: t.id,
            title: t.title,
            summary: t.summary,
            for_backgrounds,
            items: track_items,
        });
    }

    for (item, requires) in items.iter_mut().zip(resolved) {
        item.requires = requires;
    }
    let mut stages = Vec::with_capacity(raw.stages.len());
    for ((stage, estimate), range) in raw.stages.into_iter().zip(estimates).zip(ranges) {
        stages.push(Stage {
            id: stage.id,
            title: stage.title,
            summary: stage.summary,
            estimate,
            items: range,
        });
    }

    // Prerequisites: later-stage warnings, then cycles.
    for (i, item) in items.iter().enumerate() {
        for &r in &item.requires {
            if r == i {
                continue; // reported as a cycle below
            }
            if items[r].stage > item.stage {
                problems.push(Problem::warning(
                    format!(
                        "item `{}` (stage `{}`) requires `{}`, which belongs to a later stage (`{}`)",
                        item.id, stages[item.stage].id, items[r].id, stages[items[r].stage].id
                    ),
                    loc.token_after(item_place(i), &items[r].id).or(item_place(i)),
                ));
            }
        }
    }
    for cycle in find_cycles(&items) {
        let names: Vec<&str> = cycle.iter().map(|&i| items[i].id.as_str()).collect();
        problems.push(Problem::error(
            format!("prerequisites form a cycle: {}", names.join(" -> ")),
            item_place(cycle[0]),
        ));
    }

    // Backgrounds.
    let mut backgrounds = Vec::with_capacity(raw.backgrounds.len());
    for (b, at) in raw.backgrounds.into_iter().zip(&background_at) {
        let mut extra = vec![0.0; stages.len()];
        for (stage_id, months) in &b.extra_months {
            let extra_at = loc.token_after(*at, stage_id).or(*at);
            if !(months.is_finite() && *months >= 0.0) {
                problems.push(Problem::error(
                    format!(
                        "background `{}`: `extra_months` for `{stage_id}` must be 0 or more, not {months}",
                        b.id
                    ),
                    extra_at,
                ));
                continue;
            }
            match stages.iter().position(|s| &s.id == stage_id) {
                Some(s) => extra[s] += months,
                None => problems.push(Problem::error(
                    format!(
                        "background `{}`: `extra_months` names stage `{stage_id}`, which does not exist{}",
                        b.id,
                        suggestion(stage_id, stages.iter().map(|s| &s.id))
                    ),
                    extra_at,
                )),
            }
        }
        backgrounds.push(Background {
            id: b.id,
            title: b.title,
            summary: b.summary,
            extra_months: extra,
        });
    }

    problems.extend(track_problems);

    problems.sort_by_key(|p| (p.line.unwrap_or(usize::MAX), p.column.unwrap_or(0)));
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    Ok((
        Roadmap {
            id: raw.id,
            title: raw.title,
            summary: raw.summary,
            source: raw.source,
            hours_per_week,
            overall,
            backgrounds,
            stages,
            items,
            tracks,
            lookup,
        },
        problems,
    ))
}

fn check_estimate(
    raw: RawEstimate,
    what: &str,
    at: Option<(usize, usize)>,
    problems: &mut Vec<Problem>,
) -> Estimate {
    let ok = |m: f64| m.is_finite() && m >= 0.0;
    if !ok(raw.min_months) || !ok(raw.max_months) {
        problems.push(Problem::error(
            format!("{what}: months must be 0 or more"),
            at,
        ));
    } else if raw.min_months > raw.max_months {
        problems.push(Problem::error(
            format!(
                "{what}: `min_months` ({}) is more than `max_months` ({})",
                raw.min_months, raw.max_months
            ),
            at,
        ));
    }
    Estimate {
        min_months: raw.min_months,
        max_months: raw.max_months,
    }
}

struct IdChecker<'a> {
    loc: &'a Locator<'a>,
    problems: &'a mut Vec<Problem>,
}

impl IdChecker<'_> {
    fn check(&mut self, what: &str, id: &str, nth: usize) {
        let at = self.loc.id(id, nth);
        self.check_at(what, id, at);
    }

    fn check_at(&mut self, what: &str, id: &str, at: Option<(usize, usize)>) {
        if !is_valid_id(id) {
            self.problems.push(Problem::error(
                format!(
                    "{what} id `{id}` is not valid: use 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit"
                ),
                at,
            ));
        }
    }
}

/// `; did you mean `x`?` for the closest candidate, or nothing.
fn suggestion<'a, S: AsRef<str> + ?Sized + 'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a S>,
) -> String {
    let best = closest(word, candidates, 1);
    match best.first() {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// Up to `n` candidates close to `word`, closest first.
pub fn closest<'a, S: AsRef<str> + ?Sized + 'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a S>,
    n: usize,
) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| (strsim::jaro_winkler(word, c.as_ref()), c.as_ref()))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(n)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// Every elementary cycle reachable by depth-first search, each reported once,
/// starting from its earliest item and closed (`a -> b -> a`).
fn find_cycles(items: &[Item]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Finished,
    }
    let mut marks = vec![Mark::New; items.len()];
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    let mut seen: HashSet<Vec<usize>> = HashSet::new();

    for root in 0..items.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next prerequisite to visit).
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&req) = items[node].requires.get(*next) {
                *next += 1;
                match marks[req] {
                    Mark::New => {
                        marks[req] = Mark::Active;
                        stack.push((req, 0));
                    }
                    Mark::Active => {
                        let start = stack.iter().position(|&(n, _)| n == req).unwrap_or(0);
                        let mut cycle: Vec<usize> =
                            stack[start..].iter().map(|&(n, _)| n).collect();
                        let first = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|&(_, &n)| n)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(first);
                        if seen.insert(cycle.clone()) {
                            let mut closed = cycle.clone();
                            closed.push(cycle[0]);
                            cycles.push(closed);
                        }
                    }
                    Mark::Finished => {}
                }
            } else {
                marks[node] = Mark::Finished;
                stack.pop();
            }
        }
    }
    cycles
}

/// Finds where ids and keys stand in the source text, so problems found after
/// parsing can still name a line and column. It borrows the text: for a large
/// roadmap a copy of each line would take more memory than the roadmap.
struct Locator<'t> {
    text: &'t str,
    /// Where each line starts, and where the text ends.
    starts: Vec<u32>,
    /// (id text, line, column) for every `id: <text>`, by id text, then in order.
    ids: Vec<(&'t str, u32, u32)>,
    /// Lines that hold an `id:` key, sorted; they bound the search after an entity.
    id_lines: Vec<u32>,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        let mut ids = Vec::new();
        let mut id_lines = Vec::new();
        // As `str::lines` counts them: a final line break ends the last line.
        let mut starts =
            Vec::with_capacity(2 + memchr::memchr_iter(b'\n', text.as_bytes()).count());
        starts.push(0u32);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        if !text.is_empty() && !text.ends_with('\n') {
            starts.push(text.len() as u32);
        }
        let mut locator = Locator {
            text,
            starts,
            ids: Vec::new(),
            id_lines: Vec::new(),
        };
        for n in 0..locator.line_count() {
            let Some(line) = locator.line(n) else { break };
            let number = (n + 1) as u32;
            let trimmed = line.trim_start();
            let rest = trimmed
                .strip_prefix("- ")
                .map(str::trim_start)
                .unwrap_or(trimmed);
            if let Some(value) = rest.strip_prefix("id:") {
                let value = value.split(" #").next().unwrap_or("").trim();
                let value = value.trim_matches(|c| c == '"' || c == '\'');
                let column = line
                    .find(value)
                    .map_or(1, |c| line[..c].chars().count() + 1);
                ids.push((value, number, column as u32));
                id_lines.push(number);
            }
        }
        // By id text; the sort is stable, so each id's places stay in file order.
        ids.sort_by(|a, b| a.0.cmp(b.0));
        locator.ids = ids;
        locator.id_lines = id_lines;
        locator
    }

    /// A locator with no text: it places nothing. For a check that only asks
    /// whether there are problems, and finds their places again if there are.
    fn blind() -> Self {
        Locator {
            text: "",
            starts: Vec::new(),
            ids: Vec::new(),
            id_lines: Vec::new(),
        }
    }

    fn is_blind(&self) -> bool {
        // A locator of any text, even an empty one, has the start of its first line.
        self.starts.is_empty()
    }

    fn line_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Line `n` (0-based), as `str::lines` gives it.
    fn line(&self, n: usize) -> Option<&'t str> {
        let start = *self.starts.get(n)? as usize;
        let end = *self.starts.get(n + 1)? as usize;
        let line = &self.text[start..end];
        Some(match line.strip_suffix('\n') {
            Some(line) => line.strip_suffix('\r').unwrap_or(line),
            None => line,
        })
    }

    fn id(&self, id: &str, nth: usize) -> Option<(usize, usize)> {
        let first = self.ids.partition_point(|e| e.0 < id);
        let &(found, line, column) = self.ids.get(first + nth)?;
        (found == id).then_some((line as usize, column as usize))
    }

    /// A top-level key such as `format:`.
    fn key(&self, key: &str) -> Option<(usize, usize)> {
        let prefix = format!("{key}:");
        (0..self.line_count())
            .position(|n| self.line(n).is_some_and(|l| l.starts_with(&prefix)))
            .map(|n| (n + 1, 1))
    }

    /// The first whole-word `token` on the entity's lines, from its `id:` line
    /// up to the next `id:` line that is not nested deeper.
    fn token_after(&self, from: Option<(usize, usize)>, token: &str) -> Option<(usize, usize)> {
        if token.is_empty() {
            return None; // an empty token would match everywhere, and never advance
        }
        let (start, _) = from?;
        let end = self
            .id_lines
            .iter()
            .find(|&&l| l as usize > start)
            .map_or(self.line_count() + 1, |&l| l as usize);
        for number in start..end {
            let line = self.line(number - 1)?;
            let mut search = 0;
            while let Some(found) = line[search..].find(token) {
                let begin = search + found;
                let finish = begin + token.len();
                let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
                let before_ok = !line[..begin].chars().next_back().is_some_and(word);
                let after_ok = !line[finish..].chars().next().is_some_and(word);
                if before_ok && after_ok {
                    return Some((number, line[..begin].chars().count() + 1));
                }
                search = finish;
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    #[test]
    fn setting_a_key_aside_never_panics_wherever_it_points() {
        for text in [
            "a: 1\n- b: {c: 2, d: [3, 4], 'e': \"x,}\" }\n  é: ü\n\t\n",
            "{a: 1, b: 2}",
            "- \n-",
            "",
        ] {
            for line in 0..6 {
                for column in 0..40 {
                    let _ = without_key(text, (line, column));
                }
            }
            for key in ["", "a", "é", "b", "x,}"] {
                let _ = key_position(text, key, &mut HashSet::new());
            }
        }
    }

    use super::*;

    fn problems(yaml: &str) -> Vec<Problem> {
        match parse(yaml.as_bytes()) {
            Ok((_, warnings)) => warnings,
            Err(problems) => problems,
        }
    }

    const MINIMAL: &str = "format: 1\nid: tiny\ntitle: Tiny\nstages:\n  - id: one\n    title: One\n    estimate: { min_months: 1, max_months: 2 }\n    items:\n      - id: a\n        title: A\n      - id: b\n        title: B\n        requires: [a]\n";

    #[test]
    fn minimal_roadmap_is_valid() {
        let (roadmap, warnings) = parse(MINIMAL.as_bytes()).expect("valid");
        assert!(warnings.is_empty());
        assert_eq!(roadmap.items.len(), 2);
        assert_eq!(roadmap.items[1].requires, vec![0]);
        assert_eq!(roadmap.hours_per_week, DEFAULT_HOURS_PER_WEEK);
    }

    #[test]
    fn cycles_are_printed_in_order() {
        let yaml = MINIMAL.replace("title: A\n", "title: A\n        requires: [b]\n");
        let p = problems(&yaml);
        assert!(
            p.iter().any(|p| p.message.ends_with("a -> b -> a")),
            "{p:?}"
        );
    }

    #[test]
    fn dangling_requires_names_line() {
        let yaml = MINIMAL.replace("requires: [a]", "requires: [zz]");
        let p = problems(&yaml);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(13));
        assert_eq!(p[0].column, Some(20));
    }

    #[test]
    fn unknown_key_is_an_error_with_location() {
        let yaml = MINIMAL.replace("title: B\n", "title: B\n        wieght: 2\n");
        let p = problems(&yaml);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("unknown field `wieght`"), "{p:?}");
        assert_eq!(p[0].line, Some(13));
    }

    #[test]
    fn empty_references_are_errors_not_hangs() {
        let yaml = MINIMAL.replace("requires: [a]", "requires: [\"\"]");
        let p = problems(&yaml);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("requires ``"), "{p:?}");
    }

    #[test]
    fn ids_are_checked() {
        assert!(is_valid_id("ai-engineer"));
        assert!(is_valid_id("0x"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("Python"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(65)));
    }

    #[test]
    fn newer_format_is_refused_clearly() {
        let yaml = MINIMAL.replace("format: 1", "format: 2\nshiny_new_key: true");
        let p = problems(&yaml);
        assert!(p[0].message.contains("format 2"), "{p:?}");
    }
}
