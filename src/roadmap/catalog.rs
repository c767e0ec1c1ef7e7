//! Finding roadmaps: the built-in ones embedded at build time, the user's own in
//! `<config dir>/roadmap/roadmaps/`, and any file named by path.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::roadmap::cache;
use crate::roadmap::{self, Problem, Roadmap};

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The roadmap used when nothing else is chosen.
pub const DEFAULT_ID: &str = "ai-engineer";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    User(PathBuf),
    Path(PathBuf),
}

impl Source {
    pub fn kind(&self) -> &'static str {
        match self {
            Source::BuiltIn => "built-in",
            Source::User(_) => "user",
            Source::Path(_) => "path",
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::BuiltIn => None,
            Source::User(p) | Source::Path(p) => Some(p),
        }
    }
}

#[derive(Debug)]
pub struct Loaded {
    pub roadmap: Roadmap,
    pub source: Source,
}

/// A reference names a file when it looks like one; otherwise it is an id.
pub fn is_path_reference(reference: &str) -> bool {
    reference.contains('/')
        || reference.contains(std::path::MAIN_SEPARATOR)
        || reference.ends_with(".yaml")
        || reference.ends_with(".yml")
}

/// Load the roadmap a reference names: a path, or an id (user roadmaps first, so a
/// user can override a built-in one by giving theirs the same id).
pub fn load(reference: &str, user_dir: Option<&Path>) -> Result<Loaded> {
    if is_path_reference(reference) {
        let path = PathBuf::from(reference);
        let roadmap = load_file(&path)?;
        return Ok(Loaded {
            roadmap,
            source: Source::Path(path),
        });
    }
    if let Some(dir) = user_dir {
        for ext in ["yaml", "yml"] {
            let path = dir.join(format!("{reference}.{ext}"));
            if path.is_file() {
                let roadmap = load_file(&path)?;
                if roadmap.id == reference {
                    return Ok(Loaded {
                        roadmap,
                        source: Source::User(path),
                    });
                }
            }
        }
    }
    if let Some(&(name, text, hash)) = builtin(reference) {
        return Ok(Loaded {
            roadmap: parse_builtin(name, text, hash)?,
            source: Source::BuiltIn,
        });
    }
    // A user file whose name differs from its id.
    for (path, result) in user_files(user_dir) {
        if let Ok(roadmap) = result
            && roadmap.id == reference
        {
            return Ok(Loaded {
                roadmap,
                source: Source::User(path),
            });
        }
    }
    let known: Vec<String> = list(user_dir).into_iter().map(|e| e.id).collect();
    let close = roadmap::closest(reference, known.iter(), 3);
    Err(Error::usage_with_hint(
        format!("no roadmap has the id `{reference}`"),
        if close.is_empty() {
            "`roadmap roadmaps` lists the roadmaps you have".to_string()
        } else {
            format!(
                "did you mean {}? `roadmap roadmaps` lists them all",
                crate::error::join_or(&close.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>())
            )
        },
    ))
}

/// Whether a built-in roadmap has this id (a user roadmap with it would hide it).
pub fn is_builtin(id: &str) -> bool {
    builtin(id).is_some()
}

/// The roadmap a reference names, with its text as written (comments and all),
/// for `roadmap new --from`.
pub fn load_with_text(reference: &str, user_dir: Option<&Path>) -> Result<(Loaded, String)> {
    let loaded = load(reference, user_dir)?;
    let text = match loaded.source.path() {
        Some(path) => match read_capped(path)? {
            Read::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Read::Refused(problem) => {
                return Err(Error::InvalidRoadmap {
                    path: path.display().to_string(),
                    problems: vec![problem],
                });
            }
        },
        None => builtin(reference)
            .or_else(|| builtin(&loaded.roadmap.id))
            .map(|&(_, text, _)| text.to_string())
            .unwrap_or_default(),
    };
    Ok((loaded, text))
}

/// The built-in roadmap with this id, found by its file name.
fn builtin(id: &str) -> Option<&'static (&'static str, &'static str, u64)> {
    BUILTIN_FILES
        .iter()
        .find(|(name, _, _)| name.strip_suffix(".yaml") == Some(id))
}

fn parse_builtin(name: &str, text: &str, hash: u64) -> Result<Roadmap> {
    let key = cache::Key::builtin(name, hash);
    if let Some(roadmap) = cache::read(&key) {
        return Ok(roadmap);
    }
    let roadmap = roadmap::parse(text.as_bytes())
        .map(|(roadmap, _)| roadmap)
        .map_err(|problems| Error::InvalidRoadmap {
            path: format!("(built-in {name})"),
            problems,
        })?;
    cache::write(&key, &roadmap);
    Ok(roadmap)
}

/// Read and check one roadmap file; any error problem fails the load. A valid
/// file's parsed form is cached, keyed by its path and the hash of its bytes.
pub fn load_file(path: &Path) -> Result<Roadmap> {
    // With the cache on, the file is first only hashed, as it is read, and never
    // held: of a large roadmap, its text would be a large part of what a run
    // touches. A miss (or a file that cannot be hashed) reads it whole below, and
    // keys the new entry by what it reads then.
    if cache::is_on()
        && let Ok(hash) = crate::store::hash_regular(path, roadmap::MAX_FILE_BYTES as u64)
        && let Some(key) = cache::Key::file_hashed(path, hash)
        && let Some(roadmap) = cache::read(&key)
    {
        return Ok(roadmap);
    }
    let read = read_capped(path)?;
    let checked = match read {
        Read::Bytes(bytes) => {
            let key = cache::Key::file(path, &bytes);
            // The bytes are used up as they are read: the entry is keyed by them, or,
            // where the problems' places had to be found in the file read again,
            // by what that read.
            let (key, checked) = match roadmap::parse_owned(bytes, false) {
                Some(checked) => (key, checked),
                None => read_again(path, true)?,
            };
            if let (Some(key), Ok((roadmap, _))) = (&key, &checked) {
                cache::write(key, roadmap);
            }
            checked
        }
        Read::Refused(problem) => Err(vec![problem]),
    };
    checked
        .map(|(roadmap, _warnings)| roadmap)
        .map_err(|problems| Error::InvalidRoadmap {
            path: path.display().to_string(),
            problems,
        })
}

/// Read one roadmap file and check it, keeping every problem (for `validate`).
/// Only I/O failures are errors here.
pub fn check_file(path: &Path) -> Result<roadmap::Checked> {
    Ok(match read_capped(path)? {
        Read::Bytes(bytes) => match roadmap::parse_owned(bytes, true) {
            Some(checked) => checked,
            None => read_again(path, false)?.1,
        },
        Read::Refused(problem) => Err(vec![problem]),
    })
}

/// The file read again and checked whole, with every problem in its place, for a
/// check that used up the text it read first (`roadmap::parse_owned`); with the
/// cache key of what it read, if `keyed`.
fn read_again(path: &Path, keyed: bool) -> Result<(Option<cache::Key>, roadmap::Checked)> {
    Ok(match read_capped(path)? {
        Read::Bytes(bytes) => (
            keyed.then(|| cache::Key::file(path, &bytes)).flatten(),
            roadmap::parse(&bytes),
        ),
        Read::Refused(problem) => (None, Err(vec![problem])),
    })
}

enum Read {
    Bytes(Vec<u8>),
    /// Too large: the problem `roadmap::parse` reports for such a file.
    Refused(Problem),
}

/// Read a roadmap file: only a regular file (a FIFO, a device or a folder is
/// refused at once, never waited on or read without end), and never more than one
/// byte past the size cap.
fn read_capped(path: &Path) -> Result<Read> {
    use crate::store::{Refused, read_regular};
    match read_regular(path, roadmap::MAX_FILE_BYTES as u64) {
        Ok(bytes) => Ok(Read::Bytes(bytes)),
        Err(Refused::TooLarge) => Ok(Read::Refused(Problem::error(
            "the file is larger than 16 MiB, the limit for roadmap files".to_string(),
            None,
        ))),
        Err(Refused::NotRegular("a folder")) => Err(Error::io(
            "read",
            path,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        )),
        Err(refused @ Refused::NotRegular(_)) => Err(Error::data(
            refused
                .describe("the roadmap file", path, "16 MiB")
                .unwrap_or_default(),
        )),
        Err(Refused::Missing) => Err(Error::io(
            "read",
            path,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        )),
        Err(Refused::Io(e)) => Err(Error::io("read", path, e)),
    }
}

fn user_files(user_dir: Option<&Path>) -> Vec<(PathBuf, Result<Roadmap>)> {
    let Some(dir) = user_dir else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let r = load_file(&p);
            (p, r)
        })
        .collect()
}

/// One row of `roadmap roadmaps`.
#[derive(Debug)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub source: Source,
    pub items: usize,
    /// A user file that does not load, with its first problem.
    pub problem: Option<String>,
}

/// Every roadmap the user has: user ones, then built-in ones not overridden.
pub fn list(user_dir: Option<&Path>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (path, result) in user_files(user_dir) {
        match result {
            Ok(r) => entries.push(Entry {
                id: r.id.clone(),
                title: r.title.clone(),
                items: r.items.len(),
                source: Source::User(path),
                problem: None,
            }),
            Err(err) => entries.push(Entry {
                id: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                title: String::new(),
                items: 0,
                source: Source::User(path),
                problem: Some(err.to_string()),
            }),
        }
    }
    for &(name, text, hash) in BUILTIN_FILES {
        if let Ok(r) = parse_builtin(name, text, hash)
            && !entries.iter().any(|e| e.id == r.id)
        {
            entries.push(Entry {
                id: r.id.clone(),
                title: r.title.clone(),
                items: r.items.len(),
                source: Source::BuiltIn,
                problem: None,
            });
        }
    }
    entries
}

/// Problems for the built-in roadmaps, for tests.
pub fn builtin_problems() -> Vec<(String, Vec<Problem>)> {
    BUILTIN_FILES
        .iter()
        .map(|(name, text, _)| {
            let problems = match roadmap::parse(text.as_bytes()) {
                Ok((_, warnings)) => warnings,
                Err(problems) => problems,
            };
            (name.to_string(), problems)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_roadmaps_are_valid_without_warnings() {
        for (name, problems) in builtin_problems() {
            assert!(problems.is_empty(), "{name}: {problems:#?}");
        }
    }

    #[test]
    fn default_roadmap_is_built_in() {
        let loaded = load(DEFAULT_ID, None).expect("built-in loads");
        assert_eq!(loaded.roadmap.id, DEFAULT_ID);
        assert_eq!(loaded.source, Source::BuiltIn);
    }

    #[test]
    fn ai_engineer_roadmap_encodes_the_talk() {
        let r = load(DEFAULT_ID, None).unwrap().roadmap;
        let stages: Vec<(&str, f64, f64)> = r
            .stages
            .iter()
            .map(|s| (s.id.as_str(), s.estimate.min_months, s.estimate.max_months))
            .collect();
        assert_eq!(
            stages,
            vec![
                // "About six months", as an honest range.
                ("foundations", 5.0, 7.0),
                ("advanced", 6.0, 12.0),
                ("professional", 12.0, 24.0),
                ("senior", 36.0, 60.0)
            ]
        );
        let overall = r.overall.unwrap();
        assert_eq!((overall.min_months, overall.max_months), (36.0, 72.0));
        let bgs: Vec<&str> = r.backgrounds.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(bgs, ["developer", "data-scientist", "beginner"]);
        assert_eq!(r.backgrounds[2].extra_months[0], 6.0);
        assert_eq!(r.tracks.len(), 3);
        for id in [
            "python",
            "git-basics",
            "rag",
            "prompt-engineering",
            "lora",
            "agents",
        ] {
            assert!(r.item_index(id).is_some(), "missing {id}");
        }
        for project in ["chatbot", "content-generator", "classifier"] {
            let i = r.item_index(project).unwrap();
            assert_eq!(r.items[i].kind, roadmap::Kind::Project);
            assert!(!r.items[i].requires.is_empty());
        }
    }
}
