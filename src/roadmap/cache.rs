//! Parsed roadmaps kept under `<cache dir>/roadmap/parsed/`, so a roadmap is not
//! parsed and checked again on every run. Only an optimisation: delete the folder
//! and every answer stays the same; a stale or corrupt entry is rebuilt silently.

use std::path::{Path, PathBuf};

use crate::roadmap::Roadmap;

/// Changes whenever the encoding or the domain types change.
const MAGIC: &[u8] = b"roadmap parsed-roadmap cache v1\n";

/// The same hash as build.rs uses for the built-in roadmaps.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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
    pub fn builtin(name: &str, text_hash: u64) -> Key {
        Key {
            slot: format!("builtin {name}"),
            identity: format!("{} builtin {name} {text_hash:x}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// A roadmap file: its canonical path, size and modification time.
    pub fn file(path: &Path, meta: &std::fs::Metadata) -> Option<Key> {
        let canonical = std::fs::canonicalize(path).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        let slot = format!("file {}", canonical.display());
        Some(Key {
            identity: format!(
                "{} {slot} {} {modified}",
                env!("CARGO_PKG_VERSION"),
                meta.len()
            ),
            slot,
        })
    }

    fn file_name(&self) -> String {
        format!("{:016x}.bin", fnv1a(self.slot.as_bytes()))
    }
}

/// `<cache dir>/roadmap/parsed`, where entries live.
pub fn dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("roadmap").join("parsed"))
}

/// The cached roadmap for `key`, if a valid entry exists.
pub fn read(key: &Key) -> Option<Roadmap> {
    let bytes = std::fs::read(dir()?.join(key.file_name())).ok()?;
    decode(&bytes, key)
}

/// Store a roadmap for `key`. Failures are ignored: the cache is only an optimisation.
pub fn write(key: &Key, roadmap: &Roadmap) {
    let Some(dir) = dir() else { return };
    if let Some(bytes) = encode(key, roadmap) {
        crate::store::write_cache(&dir.join(key.file_name()), &bytes);
    }
}

fn encode(key: &Key, roadmap: &Roadmap) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(4096);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(key.identity.len() as u32).to_le_bytes());
    bytes.extend_from_slice(key.identity.as_bytes());
    postcard::to_extend(roadmap, bytes).ok()
}

fn decode(bytes: &[u8], key: &Key) -> Option<Roadmap> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (len, rest) = rest.split_first_chunk::<4>()?;
    let len = u32::from_le_bytes(*len) as usize;
    if rest.get(..len)? != key.identity.as_bytes() {
        return None;
    }
    let mut roadmap: Roadmap = postcard::from_bytes(&rest[len..]).ok()?;
    roadmap.rebuild_lookup();
    Some(roadmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_refuse_other_keys() {
        let text = crate::roadmap::catalog::BUILTIN_FILES[0].1;
        let (roadmap, _) = crate::roadmap::parse(text.as_bytes()).unwrap();
        let key = Key::builtin("x.yaml", 1);
        let bytes = encode(&key, &roadmap).unwrap();
        assert_eq!(decode(&bytes, &key), Some(roadmap.clone()));
        assert_eq!(decode(&bytes, &Key::builtin("x.yaml", 2)), None, "stale");
        assert_eq!(decode(&bytes[..bytes.len() / 2], &key), None, "truncated");
        let mut garbled = bytes.clone();
        let n = garbled.len();
        garbled[n - 40..].iter_mut().for_each(|b| *b = 0xff);
        let _ = decode(&garbled, &key); // may or may not decode, must not panic
    }
}
