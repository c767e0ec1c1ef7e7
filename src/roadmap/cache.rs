//! Parsed roadmaps kept under `<cache dir>/roadmap/parsed/`, so a roadmap is not
//! parsed and checked again on every run. Only an optimisation: delete the folder
//! and every answer stays the same.
//!
//! The cache is never trusted. An entry is used only when it was written by this
//! very build (its version and [`BUILD_ID`], a hash of the sources), for exactly
//! these roadmap bytes (their XXH64), when its own checksum holds, when it decodes
//! with nothing left over, and when every index in the decoded roadmap is in range
//! and every id finds its own item. Anything else is a miss: the roadmap is parsed
//! from its text and the entry rewritten.
//!
//! An entry starts with its items' ids, under a checksum of their own, so that
//! completing an id ([`read_ids`]) reads that start alone and not the roadmap.
//!
//! The cache is off until [`enable`] names its folder (`Paths::resolve` does, for a
//! command run); library code and tests that never resolve paths never write to
//! anyone's cache.

#[path = "hash.rs"]
pub mod hash;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::roadmap::Roadmap;

pub use hash::{Xxh64, xxh64};

/// Changes whenever the entry layout changes (the payload's layout is covered by
/// [`BUILD_ID`]).
const MAGIC: &[u8] = b"roadmap parsed-roadmap cache v3\n";

/// A hash of this build's sources, locked dependencies, target and profile, from build.rs.
pub const BUILD_ID: &str = env!("ROADMAP_BUILD_ID");

/// Entries larger than this are not read (no roadmap of 16 MiB encodes to more).
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Turn the cache on, under `dir` (`<cache dir>/roadmap`); `None` keeps it off.
/// The first call wins: one process has one cache.
pub fn enable(dir: Option<PathBuf>) {
    let _ = DIR.set(dir.map(|d| d.join("parsed")));
}

/// Whether [`enable`] turned the cache on.
pub fn is_on() -> bool {
    dir().is_some()
}

/// `<cache dir>/roadmap/parsed`, where entries live, once the cache is on.
pub fn dir() -> Option<&'static Path> {
    DIR.get().and_then(|d| d.as_deref())
}

/// What an entry was built from; an entry is used only when this matches exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Names the entry's file: one entry per roadmap source.
    slot: String,
    /// Everything that, when it changes, makes the entry stale.
    identity: String,
}

impl Key {
    /// A built-in roadmap, by its file name and the hash of its text.
    pub fn builtin(name: &str, text_hash: u64) -> Key {
        Key::new(format!("builtin {name}"), text_hash)
    }

    /// A roadmap file, by its canonical path and the hash of the bytes read from it
    /// (size and modification time say nothing: `touch -r` keeps both).
    pub fn file(path: &Path, bytes: &[u8]) -> Option<Key> {
        Key::file_hashed(path, xxh64(bytes))
    }

    /// [`Key::file`] from the XXH64 of the bytes, hashed as they were read.
    pub fn file_hashed(path: &Path, content_hash: u64) -> Option<Key> {
        let canonical = std::fs::canonicalize(path).ok()?;
        Some(Key::new(
            format!("file {}", canonical.display()),
            content_hash,
        ))
    }

    fn new(slot: String, content_hash: u64) -> Key {
        Key {
            identity: format!(
                "{} {BUILD_ID} {slot} {content_hash:016x}",
                env!("CARGO_PKG_VERSION")
            ),
            slot,
        }
    }

    fn file_name(&self) -> String {
        format!("{:016x}.bin", xxh64(self.slot.as_bytes()))
    }
}

/// The cached roadmap for `key`, if a valid entry exists.
pub fn read(key: &Key) -> Option<Roadmap> {
    read_in(dir()?, key)
}

/// Store a roadmap for `key`. Failures are ignored: the cache is only an optimisation.
pub fn write(key: &Key, roadmap: &Roadmap) {
    if let Some(dir) = dir() {
        write_in(dir, key, roadmap);
    }
}

/// [`read`] from an explicit folder. An entry that is not a regular file (a FIFO,
/// a device, a folder) or is too large is a miss, found without waiting or reading.
pub fn read_in(dir: &Path, key: &Key) -> Option<Roadmap> {
    let bytes = crate::store::read_regular(&entry_path(dir, key), MAX_ENTRY_BYTES).ok()?;
    decode(&bytes, key)
}

/// [`write`] into an explicit folder.
pub fn write_in(dir: &Path, key: &Key, roadmap: &Roadmap) {
    if let Some(bytes) = encode(key, roadmap) {
        crate::store::write_cache(&entry_path(dir, key), &bytes);
    }
}

/// Where the entry for `key` lives under `dir`.
pub fn entry_path(dir: &Path, key: &Key) -> PathBuf {
    dir.join(key.file_name())
}

/// The ids of the items of the roadmap cached for `key`, read from the start of
/// its entry alone: the payload after them is neither read nor checked. `None`
/// for anything [`read`] would call a miss in that start.
pub fn read_ids(key: &Key) -> Option<ItemIds> {
    read_ids_in(dir()?, key)
}

/// [`read_ids`] from an explicit folder. Like [`read_in`], an entry that is not a
/// regular file or is too large is a miss, found without waiting or reading.
pub fn read_ids_in(dir: &Path, key: &Key) -> Option<ItemIds> {
    use std::io::Read;

    let (file, len) = open_entry(&entry_path(dir, key))?;
    let mut file = file.take(len);
    let mut hasher = Xxh64::new();
    // Each piece is read as it is hashed; a length is never trusted beyond the file.
    let mut piece = |len: usize| -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(len).ok()?;
        (&mut file).take(len as u64).read_to_end(&mut bytes).ok()?;
        (bytes.len() == len).then_some(())?;
        hasher.update(&bytes);
        Some(bytes)
    };
    if piece(MAGIC.len())? != MAGIC {
        return None;
    }
    let identity_len = u32::from_le_bytes(piece(4)?.try_into().ok()?);
    if usize::try_from(identity_len).ok()? != key.identity.len()
        || piece(key.identity.len())? != key.identity.as_bytes()
    {
        return None;
    }
    let length = |bytes: Vec<u8>| usize::try_from(u64::from_le_bytes(bytes.try_into().ok()?)).ok();
    let within = |n: usize| (n as u64 <= len).then_some(n);
    let numbers_len = within(length(piece(8)?)?)?;
    let numbers = piece(numbers_len)?;
    let text_len = within(length(piece(8)?)?)?;
    let text = piece(text_len)?;
    let sum = hasher.finish();
    let mut stored = [0u8; 8];
    file.read_exact(&mut stored).ok()?;
    if u64::from_le_bytes(stored) != sum {
        return None;
    }
    ItemIds::read(&numbers, String::from_utf8(text).ok()?)
}

/// Open an entry to read, never waiting on it: `None` unless it is a regular file
/// of at most [`MAX_ENTRY_BYTES`], with its length.
fn open_entry(path: &Path) -> Option<(std::fs::File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    (meta.is_file() && meta.len() <= MAX_ENTRY_BYTES).then_some((file, meta.len()))
}

/// `MAGIC`, the identity (u32 length, bytes), the ids ([`items_blob::encode_ids`]:
/// u64 length and bytes of their numbers, then of their text), the XXH64 of all
/// that; then the payload (u64 length, postcard bytes, whose items leave their
/// ids to the start), then the XXH64 of everything before.
fn encode(key: &Key, roadmap: &Roadmap) -> Option<Vec<u8>> {
    // The payload is written in place, after room for its length: one buffer,
    // never a copy of it.
    let mut bytes = Vec::with_capacity(MAGIC.len() + key.identity.len() + 4096);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&u32::try_from(key.identity.len()).ok()?.to_le_bytes());
    bytes.extend_from_slice(key.identity.as_bytes());
    let (numbers, text) = items_blob::encode_ids(&roadmap.id, &roadmap.items);
    for part in [&numbers[..], text.as_bytes()] {
        bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
        bytes.extend_from_slice(part);
    }
    let head_sum = xxh64(&bytes);
    bytes.extend_from_slice(&head_sum.to_le_bytes());
    let length_at = bytes.len();
    bytes.extend_from_slice(&0u64.to_le_bytes());
    let mut bytes = postcard::to_extend(roadmap, bytes).ok()?;
    let payload_len = (bytes.len() - length_at - 8) as u64;
    bytes[length_at..length_at + 8].copy_from_slice(&payload_len.to_le_bytes());
    let sum = xxh64(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    Some(bytes)
}

fn decode(bytes: &[u8], key: &Key) -> Option<Roadmap> {
    let (body, sum) = bytes.split_last_chunk::<8>()?;
    let rest = body.strip_prefix(MAGIC)?;
    let (len, rest) = rest.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if rest.get(..len)? != key.identity.as_bytes() {
        return None;
    }
    let rest = &rest[len..];
    let (numbers, rest) = sized(rest)?;
    let (text, rest) = sized(rest)?;
    let (head_sum, rest) = rest.split_first_chunk::<8>()?;
    // Both checksums, in one pass over the bytes: the start's, as `read_ids` checks
    // it, and the whole entry's.
    let head_len = body.len() - rest.len() - 8;
    let mut hasher = Xxh64::new();
    hasher.update(&body[..head_len]);
    if hasher.finish() != u64::from_le_bytes(*head_sum) {
        return None;
    }
    hasher.update(&body[head_len..]);
    if hasher.finish() != u64::from_le_bytes(*sum) {
        return None;
    }
    let (payload_len, payload) = rest.split_first_chunk::<8>()?;
    if u64::try_from(payload.len()).ok()? != u64::from_le_bytes(*payload_len) {
        return None;
    }
    let (mut roadmap, left): (Roadmap, _) = postcard::take_from_bytes(payload).ok()?;
    if !left.is_empty() {
        return None;
    }
    let text = std::str::from_utf8(text).ok()?;
    items_blob::fill_ids(numbers, text, &roadmap.id, &mut roadmap.items)?;
    roadmap.rebuild_lookup();
    indices_hold(&roadmap).then_some(roadmap)
}

/// A u64 length and that many bytes, and what follows them.
fn sized(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    (len <= rest.len()).then(|| rest.split_at(len))
}

/// The ids of a cached roadmap's items, read by [`read_ids`] without the rest of
/// the roadmap: one text and two lists of numbers, never an allocation per item.
#[derive(Debug)]
pub struct ItemIds {
    text: String,
    ids: items_blob::Ids,
}

impl ItemIds {
    fn read(numbers: &[u8], text: String) -> Option<ItemIds> {
        let ids = items_blob::Ids::read(numbers, &text)?;
        Some(ItemIds { text, ids })
    }

    /// The roadmap's own id, which its progress records are kept under.
    pub fn roadmap_id(&self) -> &str {
        self.ids.roadmap_id(&self.text)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether any item has an alias (a progress record may be kept under one).
    pub fn has_aliases(&self) -> bool {
        self.ids.aliases > 0
    }

    /// The ids, in the roadmap's order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.ids.id(&self.text, i))
    }

    /// `(index, id)` for every item, in the order of the ids (as `str` orders
    /// them, as a `BTreeMap<String, _>` does its keys); each id comes once.
    pub fn sorted(&self) -> impl Iterator<Item = (usize, &str)> {
        self.ids
            .order
            .iter()
            .map(|&i| (i as usize, self.ids.id(&self.text, i as usize)))
    }
}

/// The items of a cached roadmap, in a layout of their own inside the entry: a
/// roadmap is mostly its items, and decoding them field by field through serde
/// was most of a warm run's cost of loading one. All their text is one block,
/// checked as UTF-8 once; the rest is a list of LEB128 numbers (lengths, counts,
/// indices). Any inconsistency is a miss, like every other damage to an entry.
/// The ids are not in it: they start the entry ([`encode_ids`]).
pub(crate) mod items_blob {
    use serde::{Deserializer, Serializer};

    use crate::roadmap::{Item, Kind, Resource};

    pub fn serialize<S: Serializer>(items: &[Item], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&encode(items))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Item>, D::Error> {
        struct Blob;
        impl<'de> serde::de::Visitor<'de> for Blob {
            type Value = Vec<Item>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the items of a cached roadmap")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<Item>, E> {
                decode(bytes).ok_or_else(|| E::custom("damaged items"))
            }
        }
        deserializer.deserialize_bytes(Blob)
    }

    /// The item count, the length of the text block, the text, then per item:
    /// title, kind, area, weight, requires, aliases, summary, resources, stage.
    pub(super) fn encode(items: &[Item]) -> Vec<u8> {
        let mut text = String::new();
        let mut shape = Vec::with_capacity(items.len() * 16);
        for item in items {
            put_str(&mut shape, &mut text, &item.title);
            shape.push(match item.kind {
                Kind::Skill => 0,
                Kind::Project => 1,
            });
            for optional in [&item.area, &item.summary] {
                // 0 for none, else the length plus one.
                match optional {
                    None => put(&mut shape, 0),
                    Some(s) => {
                        put(&mut shape, s.len() as u64 + 1);
                        text.push_str(s);
                    }
                }
            }
            put(&mut shape, u64::from(item.weight));
            put(&mut shape, item.requires.len() as u64);
            for &r in &item.requires {
                put(&mut shape, r as u64);
            }
            put(&mut shape, item.aliases.len() as u64);
            for alias in &item.aliases {
                put_str(&mut shape, &mut text, alias);
            }
            put(&mut shape, item.resources.len() as u64);
            for resource in &item.resources {
                put_str(&mut shape, &mut text, &resource.title);
                put_str(&mut shape, &mut text, &resource.url);
            }
            put(&mut shape, item.stage as u64);
        }
        let mut out = Vec::with_capacity(text.len() + shape.len() + 20);
        put(&mut out, items.len() as u64);
        put(&mut out, text.len() as u64);
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(&shape);
        out
    }

    fn put_str(shape: &mut Vec<u8>, text: &mut String, s: &str) {
        put(shape, s.len() as u64);
        text.push_str(s);
    }

    fn put(out: &mut Vec<u8>, mut n: u64) {
        while n >= 0x80 {
            out.push((n as u8) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }

    /// A cursor over the numbers, and over the text they measure.
    struct Reader<'a> {
        shape: &'a [u8],
        text: &'a str,
    }

    impl<'a> Reader<'a> {
        fn number(&mut self) -> Option<u64> {
            // Most numbers (lengths, counts, small indices) take one byte.
            if let Some((&b, rest)) = self.shape.split_first()
                && b < 0x80
            {
                self.shape = rest;
                return Some(u64::from(b));
            }
            let mut n = 0u64;
            for (k, &b) in self.shape.iter().enumerate().take(10) {
                n |= u64::from(b & 0x7f) << (7 * k);
                if b < 0x80 {
                    self.shape = &self.shape[k + 1..];
                    return Some(n);
                }
            }
            None
        }

        fn index(&mut self) -> Option<usize> {
            usize::try_from(self.number()?).ok()
        }

        /// A count of elements that take at least a byte each: never more than
        /// the bytes left, so a damaged count cannot reserve much.
        fn count(&mut self) -> Option<usize> {
            let n = self.index()?;
            (n <= self.shape.len()).then_some(n)
        }

        fn text_of(&mut self, len: usize) -> Option<String> {
            let s = self.text.get(..len)?;
            self.text = &self.text[len..];
            Some(s.to_owned())
        }

        fn string(&mut self) -> Option<String> {
            let len = self.index()?;
            self.text_of(len)
        }

        fn optional(&mut self) -> Option<Option<String>> {
            match self.index()? {
                0 => Some(None),
                len => self.text_of(len - 1).map(Some),
            }
        }

        /// An item without its id, which the entry keeps apart.
        fn item(&mut self) -> Option<Item> {
            let id = String::new();
            let title = self.string()?;
            let kind = match self.number()? {
                0 => Kind::Skill,
                1 => Kind::Project,
                _ => return None,
            };
            let area = self.optional()?;
            let summary = self.optional()?;
            let weight = u32::try_from(self.number()?).ok()?;
            let n = self.count()?;
            let requires = (0..n).map(|_| self.index()).collect::<Option<Vec<_>>>()?;
            let n = self.count()?;
            let aliases = (0..n).map(|_| self.string()).collect::<Option<Vec<_>>>()?;
            let n = self.count()?;
            let resources = (0..n)
                .map(|_| {
                    Some(Resource {
                        title: self.string()?,
                        url: self.string()?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            let stage = self.index()?;
            Some(Item {
                id,
                title,
                kind,
                area,
                weight,
                requires,
                aliases,
                summary,
                resources,
                stage,
            })
        }
    }

    /// The ids of a roadmap and of its items, as numbers and text. The text: the
    /// roadmap's id, then every item's, in the roadmap's order. The numbers: the
    /// length of the roadmap's id, the item count, the number of aliases of all
    /// items, each item id's length, then the items' indices in the order that
    /// sorts their ids.
    pub(super) fn encode_ids(roadmap_id: &str, items: &[Item]) -> (Vec<u8>, String) {
        let text_len = roadmap_id.len() + items.iter().map(|i| i.id.len()).sum::<usize>();
        let mut text = String::with_capacity(text_len);
        let mut numbers = Vec::with_capacity(items.len() * 4 + 16);
        put_str(&mut numbers, &mut text, roadmap_id);
        put(&mut numbers, items.len() as u64);
        put(
            &mut numbers,
            items.iter().map(|i| i.aliases.len() as u64).sum::<u64>(),
        );
        for item in items {
            put_str(&mut numbers, &mut text, &item.id);
        }
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_unstable_by(|&a, &b| items[a].id.cmp(&items[b].id));
        for i in order {
            put(&mut numbers, i as u64);
        }
        (numbers, text)
    }

    /// Give each item its id from what [`encode_ids`] wrote, for a whole decode:
    /// the roadmap's id, the item count and the number of aliases must be these
    /// items', and the text used up. The order, which [`Ids::read`] checks for
    /// completion, is skipped: `indices_hold` checks that every id is one item's.
    pub(super) fn fill_ids(
        numbers: &[u8],
        text: &str,
        roadmap_id: &str,
        items: &mut [Item],
    ) -> Option<()> {
        let mut reader = Reader {
            shape: numbers,
            text,
        };
        if reader.string()? != roadmap_id
            || reader.count()? != items.len()
            || reader.number()? != items.iter().map(|i| i.aliases.len() as u64).sum::<u64>()
        {
            return None;
        }
        for item in items.iter_mut() {
            item.id = reader.string()?;
        }
        for _ in 0..items.len() {
            reader.number()?;
        }
        (reader.shape.is_empty() && reader.text.is_empty()).then_some(())
    }

    /// Where each id stands in the text [`encode_ids`] wrote.
    #[derive(Debug)]
    pub struct Ids {
        roadmap_end: usize,
        /// The end of each item's id in the text.
        ends: Vec<u32>,
        /// The items in the order of their ids (empty unless read with it).
        pub order: Vec<u32>,
        pub aliases: u64,
    }

    impl Ids {
        /// Read the numbers against their text: every length within it, the text
        /// used up, and the order naming every item and sorting the ids strictly
        /// (so no id comes twice).
        pub fn read(numbers: &[u8], text: &str) -> Option<Ids> {
            let mut reader = Reader {
                shape: numbers,
                text,
            };
            let roadmap_end = reader.index()?;
            text.get(..roadmap_end)?;
            let count = reader.count()?;
            let aliases = reader.number()?;
            let mut ends = Vec::with_capacity(count);
            let mut end = roadmap_end;
            for _ in 0..count {
                let start = end;
                end = start.checked_add(reader.index()?)?;
                text.get(start..end)?;
                ends.push(u32::try_from(end).ok()?);
            }
            if end != text.len() {
                return None;
            }
            let mut ids = Ids {
                roadmap_end,
                ends,
                order: Vec::new(),
                aliases,
            };
            ids.order.reserve_exact(count);
            let mut last: Option<&str> = None;
            for _ in 0..count {
                let i = reader.index()?;
                let id = text.get(ids.start(i)?..*ids.ends.get(i)? as usize)?;
                if last.is_some_and(|last| last >= id) {
                    return None;
                }
                last = Some(id);
                ids.order.push(i as u32);
            }
            reader.shape.is_empty().then_some(ids)
        }

        fn start(&self, i: usize) -> Option<usize> {
            match i {
                0 => Some(self.roadmap_end),
                _ => self.ends.get(i - 1).map(|&e| e as usize),
            }
        }

        pub fn len(&self) -> usize {
            self.ends.len()
        }

        pub fn roadmap_id<'t>(&self, text: &'t str) -> &'t str {
            &text[..self.roadmap_end]
        }

        /// The id of item `i` (below [`Ids::len`]), in the text read with.
        pub fn id<'t>(&self, text: &'t str, i: usize) -> &'t str {
            let start = self.start(i).unwrap_or(self.roadmap_end);
            &text[start..self.ends[i] as usize]
        }
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Vec<Item>> {
        let mut head = Reader {
            shape: bytes,
            text: "",
        };
        let count = head.count()?;
        let text_len = head.index()?;
        let rest = head.shape;
        if text_len > rest.len() {
            return None;
        }
        let (text, shape) = rest.split_at(text_len);
        let mut reader = Reader {
            shape,
            text: std::str::from_utf8(text).ok()?,
        };
        let mut items = Vec::with_capacity(count.min(shape.len()));
        for _ in 0..count {
            items.push(reader.item()?);
        }
        (reader.shape.is_empty() && reader.text.is_empty()).then_some(items)
    }
}

/// What `roadmap::parse` guarantees of every roadmap it returns, and what the
/// report, the forecast and the views index by without checking: every index in
/// range, stages covering the items in order, ids unique.
pub fn indices_hold(roadmap: &Roadmap) -> bool {
    let (items, stages, backgrounds) = (
        roadmap.items.len(),
        roadmap.stages.len(),
        roadmap.backgrounds.len(),
    );
    let mut next = 0;
    for (s, stage) in roadmap.stages.iter().enumerate() {
        let range = &stage.items;
        if range.start != next || range.end < range.start || range.end > items {
            return false;
        }
        if roadmap.items[range.clone()]
            .iter()
            .any(|item| item.stage != s)
        {
            return false;
        }
        next = range.end;
    }
    next == items
        && roadmap.items.iter().enumerate().all(|(i, item)| {
            item.requires.iter().all(|&r| r < items) && roadmap.item_index(&item.id) == Some(i)
        })
        && roadmap
            .backgrounds
            .iter()
            .all(|b| b.extra_months.len() == stages)
        && roadmap.tracks.iter().all(|t| {
            t.items.iter().all(|&i| i < items) && t.for_backgrounds.iter().all(|&b| b < backgrounds)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::Resource;

    fn builtin() -> (Roadmap, Key) {
        let (name, text, hash) = crate::roadmap::catalog::BUILTIN_FILES[0];
        let (roadmap, _) = crate::roadmap::parse(text.as_bytes()).unwrap();
        (roadmap, Key::builtin(name, hash))
    }

    #[test]
    fn entries_round_trip_and_refuse_other_keys() {
        let (roadmap, key) = builtin();
        let bytes = encode(&key, &roadmap).unwrap();
        assert_eq!(decode(&bytes, &key), Some(roadmap.clone()));
        let other = Key::builtin("ai-engineer.yaml", 1);
        assert_eq!(decode(&bytes, &other), None, "stale");
        assert_eq!(decode(&bytes[..bytes.len() - 1], &key), None, "truncated");
    }

    #[test]
    fn items_round_trip_through_their_own_layout() {
        let (mut roadmap, _) = builtin();
        // Every field in use, including the rare ones and text beyond ASCII.
        let item = &mut roadmap.items[0];
        item.aliases = vec!["py".into(), "pyth\u{f6}n".into()];
        item.resources = vec![Resource {
            title: "Docs \u{2014} official".into(),
            url: "https://example.org/".into(),
        }];
        item.area = None;
        item.summary = Some(String::new());
        item.requires = vec![3, 1, 200_000];
        item.weight = u32::MAX;
        let bytes = items_blob::encode(&roadmap.items);
        // The ids are kept apart, at the start of the entry.
        let mut without_ids = roadmap.items.clone();
        for item in &mut without_ids {
            item.id.clear();
        }
        assert_eq!(items_blob::decode(&bytes), Some(without_ids));
        assert_eq!(items_blob::decode(&items_blob::encode(&[])), Some(vec![]));
    }

    #[test]
    fn ids_are_read_from_the_start_of_an_entry_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (roadmap, key) = builtin();
        write_in(dir.path(), &key, &roadmap);
        let ids = read_ids_in(dir.path(), &key).expect("a hit");
        assert_eq!(ids.roadmap_id(), roadmap.id);
        let expected: Vec<&str> = roadmap.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids.iter().collect::<Vec<_>>(), expected);
        assert!(ids.has_aliases(), "the built-in roadmap has aliases");
        let mut sorted: Vec<(usize, &str)> = expected.iter().copied().enumerate().collect();
        sorted.sort_by_key(|&(_, id)| id);
        assert_eq!(ids.sorted().collect::<Vec<_>>(), sorted);
        assert_eq!(
            read_ids_in(dir.path(), &Key::builtin("ai-engineer.yaml", 1)).map(|i| i.len()),
            None,
            "stale"
        );

        // No aliases, no items.
        let (mut bare, key) = builtin();
        for item in &mut bare.items {
            item.aliases.clear();
        }
        write_in(dir.path(), &key, &bare);
        assert!(!read_ids_in(dir.path(), &key).unwrap().has_aliases());
        assert_eq!(decode(&encode(&key, &bare).unwrap(), &key), Some(bare));
        let (numbers, text) = items_blob::encode_ids("empty", &[]);
        let empty = ItemIds::read(&numbers, text).unwrap();
        assert!(empty.is_empty() && empty.roadmap_id() == "empty" && !empty.has_aliases());
    }

    #[test]
    fn ids_hold_whatever_happens_to_the_payload_and_never_when_their_start_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let (roadmap, key) = builtin();
        let good = encode(&key, &roadmap).unwrap();
        let path = entry_path(dir.path(), &key);
        // Where the start ends: after its checksum.
        let (numbers, text) = items_blob::encode_ids(&roadmap.id, &roadmap.items);
        let head = MAGIC.len() + 4 + key.identity.len() + 8 + numbers.len() + 8 + text.len() + 8;
        let expected: Vec<&str> = roadmap.items.iter().map(|i| i.id.as_str()).collect();
        // Every few bytes of the start, a few dozen of the payload.
        let places = (0..head)
            .step_by(7)
            .chain((head..good.len()).step_by(good.len() / 40));
        for at in places {
            let mut bad = good.clone();
            bad[at] ^= 0x04;
            crate::store::write_cache(&path, &bad);
            let got = read_ids_in(dir.path(), &key);
            if at < head {
                assert!(got.is_none(), "byte {at} of the start changed");
            } else {
                assert_eq!(
                    got.unwrap().iter().collect::<Vec<_>>(),
                    expected,
                    "byte {at}"
                );
            }
            // The whole roadmap is a miss either way.
            assert_eq!(decode(&bad, &key), None, "byte {at} changed");
        }
        for len in (0..head).step_by(3).chain([head - 1]) {
            crate::store::write_cache(&path, &good[..len]);
            assert!(read_ids_in(dir.path(), &key).is_none(), "cut to {len}");
        }
        crate::store::write_cache(&path, &good[..head]);
        assert!(
            read_ids_in(dir.path(), &key).is_some(),
            "the start is enough"
        );
    }

    #[test]
    fn ids_out_of_order_or_written_twice_are_refused() {
        let (mut roadmap, _) = builtin();
        roadmap.items.truncate(5);
        let (numbers, text) = items_blob::encode_ids("r", &roadmap.items);
        assert!(ItemIds::read(&numbers, text.clone()).is_some());
        // The order is the last five numbers (each one byte): swap two of them.
        let mut swapped = numbers.clone();
        let n = swapped.len();
        swapped.swap(n - 1, n - 2);
        assert!(ItemIds::read(&swapped, text.clone()).is_none());
        let mut twice = numbers.clone();
        twice[n - 1] = twice[n - 2];
        assert!(ItemIds::read(&twice, text.clone()).is_none());
        // One id written twice: sorted, the two are side by side, never strictly.
        roadmap.items[3].id = roadmap.items[1].id.clone();
        let (numbers, text) = items_blob::encode_ids("r", &roadmap.items);
        assert!(ItemIds::read(&numbers, text).is_none());
        // Anything cut or left over.
        let (numbers, text) = items_blob::encode_ids("r", &builtin().0.items[..20]);
        for len in 0..numbers.len() {
            assert!(
                ItemIds::read(&numbers[..len], text.clone()).is_none(),
                "cut at {len}"
            );
        }
        let mut longer = numbers.clone();
        longer.push(0);
        assert!(ItemIds::read(&longer, text.clone()).is_none());
        assert!(ItemIds::read(&numbers, format!("{text}x")).is_none());
        for at in 0..numbers.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bad = numbers.clone();
                bad[at] ^= flip;
                let _ = ItemIds::read(&bad, text.clone());
            }
        }
    }

    #[test]
    fn damaged_items_are_a_miss_never_a_panic() {
        let (roadmap, _) = builtin();
        let bytes = items_blob::encode(&roadmap.items[..20]);
        for len in 0..bytes.len() {
            assert_eq!(items_blob::decode(&bytes[..len]), None, "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(items_blob::decode(&longer), None, "a byte left over");
        for at in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[at] ^= flip;
                // Any answer but a panic; a changed letter may still decode.
                let _ = items_blob::decode(&bad);
            }
        }
        // A count far beyond the bytes reserves nothing and is refused.
        assert_eq!(items_blob::decode(&[0xff, 0xff, 0xff, 0xff, 0x0f, 0]), None);
    }

    #[test]
    fn every_changed_byte_is_a_miss() {
        let (roadmap, key) = builtin();
        let bytes = encode(&key, &roadmap).unwrap();
        for at in (0..bytes.len()).step_by(7) {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert_eq!(decode(&bad, &key), None, "byte {at} changed");
        }
    }

    #[test]
    fn an_entry_whose_checksum_holds_but_whose_indices_do_not_is_a_miss() {
        let (mut roadmap, key) = builtin();
        let last = roadmap.items.len() - 1;
        roadmap.items[last].stage = roadmap.stages.len();
        assert_eq!(decode(&encode(&key, &roadmap).unwrap(), &key), None);
        let (mut roadmap, key) = builtin();
        let n = roadmap.items.len();
        roadmap.items[0].requires.push(n);
        assert_eq!(decode(&encode(&key, &roadmap).unwrap(), &key), None);
        let (mut roadmap, key) = builtin();
        roadmap.backgrounds[0].extra_months.pop();
        assert_eq!(decode(&encode(&key, &roadmap).unwrap(), &key), None);
        let (mut roadmap, key) = builtin();
        roadmap.stages[0].items.end += 1;
        assert_eq!(decode(&encode(&key, &roadmap).unwrap(), &key), None);
        let (mut roadmap, key) = builtin();
        roadmap.items[1].id = roadmap.items[0].id.clone();
        assert_eq!(decode(&encode(&key, &roadmap).unwrap(), &key), None);
    }

    #[test]
    fn another_build_or_other_bytes_is_another_identity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.yaml");
        crate::store::write_atomic(&path, b"a").unwrap();
        let a = Key::file(&path, b"id: a\n").unwrap();
        let b = Key::file(&path, b"id: b\n").unwrap();
        assert_eq!(a.file_name(), b.file_name(), "one slot per file");
        assert_ne!(a.identity, b.identity);
        assert!(a.identity.contains(BUILD_ID));
        assert_eq!(BUILD_ID.len(), 16);
    }

    #[test]
    fn the_cache_is_off_in_unit_tests() {
        assert_eq!(dir(), None);
    }
}
