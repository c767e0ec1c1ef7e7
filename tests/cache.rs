//! The parsed-roadmap cache under `$XDG_CACHE_HOME/roadmap/parsed/` is never
//! trusted (SPEC section 1): an entry that is stale by content, damaged, from
//! another build, or not a regular file is ignored and rebuilt. Every answer is
//! byte for byte the answer without a cache; nothing panics or hangs.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Rng, TINY, TestEnv};

/// The answer a command gives: exit code, stdout, stderr.
type Answer = (Option<i32>, Vec<u8>, Vec<u8>);

fn answer(env: &TestEnv, args: &[&str]) -> Answer {
    let out = env
        .cmd()
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("binary runs");
    (out.status.code(), out.stdout, out.stderr)
}

fn show(a: &Answer) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        a.0,
        String::from_utf8_lossy(&a.1),
        String::from_utf8_lossy(&a.2)
    )
}

fn parsed_dir(env: &TestEnv) -> PathBuf {
    env.root().join("cache").join("roadmap").join("parsed")
}

/// The entries in the cache, by file name.
fn entries(env: &TestEnv) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(parsed_dir(env))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "bin"));
    out.sort();
    out
}

/// The layout of an entry, as `roadmap::cache` writes it: magic line, u32 identity
/// length, identity, the ids (u64 length and bytes of their numbers, then of their
/// text), XXH64 of all that, u64 payload length, payload, XXH64 of everything before.
struct Entry {
    magic: Vec<u8>,
    identity: String,
    /// The ids, as written: both lengths and both parts.
    ids: Vec<u8>,
    payload: Vec<u8>,
}

impl Entry {
    fn parse(bytes: &[u8]) -> Entry {
        let nl = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        let magic = bytes[..nl].to_vec();
        let len = u32::from_le_bytes(bytes[nl..nl + 4].try_into().unwrap()) as usize;
        let identity = String::from_utf8(bytes[nl + 4..nl + 4 + len].to_vec()).unwrap();
        let ids_at = nl + 4 + len;
        let mut at = ids_at;
        for _ in 0..2 {
            at += 8 + u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        }
        let ids = bytes[ids_at..at].to_vec();
        let at = at + 8;
        let payload_len = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        let payload = bytes[at + 8..at + 8 + payload_len].to_vec();
        assert_eq!(
            at + 8 + payload_len + 8,
            bytes.len(),
            "one entry, checksum last"
        );
        Entry {
            magic,
            identity,
            ids,
            payload,
        }
    }

    /// The entry's bytes, with checksums that hold.
    fn bytes(&self) -> Vec<u8> {
        let mut out = self.magic.clone();
        out.extend_from_slice(&(self.identity.len() as u32).to_le_bytes());
        out.extend_from_slice(self.identity.as_bytes());
        out.extend_from_slice(&self.ids);
        let sum = roadmap::roadmap::cache::xxh64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out.extend_from_slice(&(self.payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.payload);
        let sum = roadmap::roadmap::cache::xxh64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

#[test]
fn an_edit_that_keeps_size_and_mtime_is_seen() {
    let env = TestEnv::new();
    let path = env.write("tiny.yaml", TINY);
    let path_arg = path.to_str().unwrap();
    let before = env.ok(&["--roadmap", path_arg, "list"]);
    assert!(before.contains("Alpha skill"), "{before}");
    assert_eq!(entries(&env).len(), 1, "the first run fills the cache");

    // Same length, same modification time (what `touch -r` or a fast editor does).
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, TINY.replace("Alpha skill", "Omega skill")).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(mtime).unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, TINY.len());
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);

    let after = env.ok(&["--roadmap", path_arg, "list"]);
    assert!(
        after.contains("Omega skill"),
        "the old roadmap was shown:\n{after}"
    );
    assert!(!after.contains("Alpha skill"), "{after}");
}

/// An entry for one roadmap, rewritten with a valid checksum into another
/// roadmap's slot but with another build's id (or another content hash), is
/// ignored: the answer is the true roadmap's, never the planted one.
#[test]
fn an_entry_from_another_build_or_for_other_bytes_is_never_shown() {
    let env = TestEnv::new();
    let path = env.write("tiny.yaml", TINY);
    let other = env.write("other.yaml", &TINY.replace("Alpha skill", "Planted skill"));
    let (p, o) = (path.to_str().unwrap(), other.to_str().unwrap());
    let truth = answer(&env, &["--roadmap", p, "status", "--json"]);
    assert_eq!(truth.0, Some(0), "{}", show(&truth));
    let mine = entries(&env);
    answer(&env, &["--roadmap", o, "status", "--json"]);
    let planted = entries(&env)
        .into_iter()
        .find(|e| !mine.contains(e))
        .expect("a second entry");
    let mine = &mine[0];
    let real = Entry::parse(&std::fs::read(mine).unwrap());
    let foreign = Entry::parse(&std::fs::read(&planted).unwrap());

    // The identity is "VERSION BUILD-ID file PATH CONTENT-HASH".
    let words: Vec<&str> = real.identity.split(' ').collect();
    let build = words[1];
    assert_eq!(build.len(), 16, "{}", real.identity);
    let content = *words.last().unwrap();
    let flip = |s: &str| -> String {
        let mut c: Vec<char> = s.chars().collect();
        c[0] = if c[0] == '0' { '1' } else { '0' };
        c.into_iter().collect()
    };
    let variants = [
        // The same layout from another build (another source tree, a release beside a debug).
        real.identity.replacen(build, &flip(build), 1),
        // Another version.
        format!("9.9.9{}", &real.identity[words[0].len()..]),
        // Bytes that hash differently.
        real.identity.replace(content, &flip(content)),
    ];
    for identity in variants {
        let forged = Entry {
            magic: real.magic.clone(),
            identity,
            ids: foreign.ids.clone(),
            payload: foreign.payload.clone(),
        };
        std::fs::write(mine, forged.bytes()).unwrap();
        let got = answer(&env, &["--roadmap", p, "status", "--json"]);
        assert_eq!(got, truth, "a foreign entry was used:\n{}", show(&got));
    }
    // And the same entry with the true identity is used (the planting works), so
    // the checks above are what refused it.
    let forged = Entry {
        magic: real.magic.clone(),
        identity: real.identity.clone(),
        ids: foreign.ids.clone(),
        payload: foreign.payload.clone(),
    };
    std::fs::write(mine, forged.bytes()).unwrap();
    let got = answer(&env, &["--roadmap", p, "list"]);
    assert!(
        String::from_utf8_lossy(&got.1).contains("Planted skill"),
        "{}",
        show(&got)
    );
}

/// Real entries with bytes flipped, cut short, or lengthened: every run gives the
/// very answer the command gives with no cache at all, and never panics.
#[test]
fn damaged_entries_never_change_an_answer() {
    let env = TestEnv::new();
    let path = env.write("tiny.yaml", TINY);
    let p = path.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["status", "--json"],
        &["export", "--format", "csv"],
        &["--roadmap", p, "status", "--json"],
        &["--roadmap", p, "timeline", "--json"],
        // Completion reads the ids at the start of an entry alone.
        &["__complete", "items-todo", ""],
        &["--roadmap", p, "__complete", "items-with-progress", ""],
    ];
    env.write_progress(
        "format = 2\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2026-07-01\n\n[roadmaps.tiny.items.alpha]\nstatus = \"started\"\nstarted = 2026-10-01\n",
    );
    // The uncached answers: nothing in the cache.
    let truth: Vec<Answer> = commands
        .iter()
        .map(|args| {
            let _ = std::fs::remove_dir_all(env.root().join("cache").join("roadmap"));
            let a = answer(&env, args);
            assert_eq!(a.0, Some(0), "{}", show(&a));
            a
        })
        .collect();
    for args in commands {
        answer(&env, args); // fill the cache
    }
    let good: Vec<(PathBuf, Vec<u8>)> = entries(&env)
        .into_iter()
        .map(|e| {
            let bytes = std::fs::read(&e).unwrap();
            (e, bytes)
        })
        .collect();
    assert_eq!(good.len(), 2, "one entry per roadmap");

    let rounds: usize = std::env::var("CACHE_FUZZ_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(120);
    let mut rng = Rng(0xC0FF_EE12_3456_789B);
    for round in 0..rounds {
        let (entry, bytes) = &good[round % good.len()];
        let mut bad = bytes.clone();
        let what = match rng.below(4) {
            0 => {
                let at = rng.below(bad.len());
                bad[at] ^= 1 << rng.below(8);
                format!("bit flipped at {at}")
            }
            1 => {
                for _ in 0..=rng.below(8) {
                    let at = rng.below(bad.len());
                    bad[at] = rng.next() as u8;
                }
                "bytes overwritten".to_string()
            }
            2 => {
                let len = rng.below(bad.len());
                bad.truncate(len);
                format!("cut to {len} bytes")
            }
            _ => {
                let n = 1 + rng.below(64);
                bad.extend((0..n).map(|_| rng.next() as u8));
                format!("{n} bytes added")
            }
        };
        std::fs::write(entry, &bad).unwrap();
        // Run the commands that read this entry's roadmap.
        let builtin = Entry::parse(bytes).identity.contains(" builtin ");
        let which: &[usize] = if builtin { &[0, 1, 4] } else { &[2, 3, 5] };
        for &c in which {
            let got = answer(&env, commands[c]);
            assert_eq!(
                got,
                truth[c],
                "round {round} ({what}) of {}, `{}`:\n{}",
                entry.display(),
                commands[c].join(" "),
                show(&got)
            );
        }
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// An entry that is a FIFO, a folder, a symlink to a device; a cache folder that is
/// a FIFO or a file: the command answers at once, as without a cache.
#[cfg(unix)]
#[test]
fn a_cache_that_is_not_made_of_regular_files_never_hangs() {
    let env = TestEnv::new();
    let truth = answer(&env, &["status", "--json"]);
    assert_eq!(truth.0, Some(0), "{}", show(&truth));
    let complete = ["__complete", "items", ""];
    let truth_complete = answer(&env, &complete);
    assert!(!truth_complete.1.is_empty(), "{}", show(&truth_complete));
    let entry = entries(&env).pop().expect("an entry");
    let parsed = parsed_dir(&env);
    let roadmap_dir = parsed.parent().unwrap().to_path_buf();

    type SetUp<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(&str, SetUp)> = vec![
        (
            "an entry that is a FIFO",
            Box::new(|| {
                std::fs::remove_file(&entry).unwrap();
                mkfifo(&entry);
            }),
        ),
        (
            "an entry that is a link to /dev/zero",
            Box::new(|| {
                let _ = std::fs::remove_file(&entry);
                std::os::unix::fs::symlink("/dev/zero", &entry).unwrap();
            }),
        ),
        (
            "an entry that is a folder",
            Box::new(|| {
                let _ = std::fs::remove_file(&entry);
                std::fs::create_dir(&entry).unwrap();
            }),
        ),
        (
            "a cache folder that is a FIFO",
            Box::new(|| {
                std::fs::remove_dir_all(&parsed).unwrap();
                mkfifo(&parsed);
            }),
        ),
        (
            "a cache folder that is a file",
            Box::new(|| {
                std::fs::remove_dir_all(&roadmap_dir).unwrap();
                std::fs::write(&roadmap_dir, "not a folder").unwrap();
            }),
        ),
    ];
    for (what, set_up) in cases {
        let _ = std::fs::remove_file(&roadmap_dir);
        let _ = std::fs::remove_dir_all(&roadmap_dir);
        answer(&env, &["status", "--json"]); // fill the cache again
        set_up();
        // Completion first: it reads the start of the entry on its own.
        let got = answer(&env, &complete);
        assert_eq!(got, truth_complete, "{what}:\n{}", show(&got));
        let got = answer(&env, &["status", "--json"]);
        assert_eq!(got, truth, "{what}:\n{}", show(&got));
    }
}

/// Damage that keeps the checksum (the payload rewritten and the checksum made to
/// fit, as no disk error does): the decoded roadmap's indices are checked before
/// use, so an index out of range is a miss, never a panic.
#[test]
fn a_rewritten_entry_with_a_fitting_checksum_never_panics() {
    let env = TestEnv::new();
    let path = env.write("tiny.yaml", TINY);
    let p = path.to_str().unwrap();
    let args = ["--roadmap", p, "status", "--json"];
    let truth = answer(&env, &args);
    assert_eq!(truth.0, Some(0), "{}", show(&truth));
    let entry = entries(&env).pop().unwrap();
    let real = Entry::parse(&std::fs::read(&entry).unwrap());
    let mut rng = Rng(0x0DDB_A11C_AFE0_0001);
    let (mut misses, mut panics) = (0, Vec::new());
    for round in 0..200 {
        let mut forged = Entry {
            magic: real.magic.clone(),
            identity: real.identity.clone(),
            ids: real.ids.clone(),
            payload: real.payload.clone(),
        };
        // Small numbers (indices, lengths, ranges) are where a flip leads a
        // trusting decoder out of bounds.
        let small: Vec<usize> = (0..forged.payload.len())
            .filter(|&i| forged.payload[i] < 8)
            .collect();
        let at = small[rng.below(small.len())];
        forged.payload[at] = forged.payload[at].wrapping_add(1 + rng.below(6) as u8);
        std::fs::write(&entry, forged.bytes()).unwrap();
        let got = answer(&env, &args);
        let stderr = String::from_utf8_lossy(&got.2);
        if stderr.contains("panicked") || got.0 != Some(0) {
            panics.push(format!("round {round} (byte {at}): {}", show(&got)));
        }
        if got == truth {
            misses += 1;
        }
    }
    assert!(panics.is_empty(), "{}", panics.join("\n"));
    assert!(
        misses > 0,
        "some rewrites break the roadmap's shape and are refused"
    );
}
