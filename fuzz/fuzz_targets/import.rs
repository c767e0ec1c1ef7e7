//! `roadmap import` on arbitrary file content, through the library's own command
//! runner (`roadmap::run`), so the real readers (JSON export or progress TOML),
//! the merge and the locked atomic write are all exercised. Whatever the input:
//! a failed import leaves the progress file byte for byte as it was; a successful
//! one leaves a file that parses, in which no item went back to a lesser status
//! and no note was dropped.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use roadmap::cli::Cli;
use roadmap::progress::{ProgressFile, Status};
use roadmap::roadmap::Roadmap;

/// The learner's progress before every import: a bit of everything.
const EXISTING: &str = "\
# mine
format = 1
roadmap = \"ai-engineer\"

[profile]
start = 2026-01-01

[roadmaps.ai-engineer.items.python]
status = \"done\"
done = 2026-02-01
note = \"kept\"

[roadmaps.ai-engineer.items.git-basics]
status = \"started\"
started = 2026-03-01

[roadmaps.ai-engineer.items.gone-item]
status = \"skipped\"

[roadmaps.other.items.x]
status = \"done\"
";

struct Dirs {
    progress: PathBuf,
    input: PathBuf,
}

/// A private folder on tmpfs, with every location the command could use inside it.
fn dirs() -> &'static Dirs {
    static DIRS: OnceLock<Dirs> = OnceLock::new();
    DIRS.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        remove_stale_folders(&base);
        let root = base.join(format!("{FOLDER_PREFIX}{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("a work folder");
        for (var, sub) in [
            ("HOME", "home"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            let dir = root.join(sub);
            std::fs::create_dir_all(&dir).expect("a work folder");
            // SAFETY: set once, before any other thread of this process reads the environment.
            unsafe { std::env::set_var(var, dir) };
        }
        unsafe {
            std::env::set_var("ROADMAP_TODAY", "2026-11-30");
            std::env::remove_var("ROADMAP_PROGRESS");
            std::env::set_var("NO_COLOR", "1");
        }
        Dirs {
            progress: root.join("data").join("progress.toml"),
            input: root.join("incoming"),
        }
    })
}

const FOLDER_PREFIX: &str = "roadmap-fuzz-import-";

/// Each fuzzing process (a `-fork` job) has its own folder; remove those of
/// processes that have ended. Only where `/proc` tells which processes live.
fn remove_stale_folders(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(FOLDER_PREFIX)) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn builtin() -> &'static Roadmap {
    static ROADMAP: OnceLock<Roadmap> = OnceLock::new();
    ROADMAP.get_or_init(|| {
        let text = include_str!("../../roadmap/ai-engineer.yaml");
        roadmap::roadmap::parse(text.as_bytes())
            .expect("the built-in roadmap is valid")
            .0
    })
}

/// The merge never moves an item to a status that is not further (SPEC section 4).
fn not_worse(new: Status, old: Status) -> bool {
    new == old || new.is_further_than(old)
}

fuzz_target!(|data: &[u8]| {
    let dirs = dirs();
    std::fs::write(&dirs.progress, EXISTING).expect("write the progress file");
    std::fs::write(&dirs.input, data).expect("write the import file");

    let cli = Cli::try_parse_from([
        "roadmap".as_ref(),
        "--progress".as_ref(),
        dirs.progress.as_os_str(),
        "import".as_ref(),
        dirs.input.as_os_str(),
    ])
    .expect("a valid command line");
    let result = roadmap::run(cli);
    let after = std::fs::read_to_string(&dirs.progress).expect("the progress file is still there");

    match result {
        Err(err) if !matches!(err, roadmap::Error::Output(_)) => {
            assert_eq!(after, EXISTING, "a failed import wrote: {}", err.render());
            let message = err.render();
            assert!(message.starts_with("error: "), "{message}");
            assert!(
                !message.chars().any(|c| c.is_control() && c != '\n'),
                "control character in {message:?}"
            );
        }
        // Writing the report to a closed stdout fails after the merge was written.
        _ => {
            let path = Path::new("progress.toml");
            let old = ProgressFile::parse(path, EXISTING.to_string()).expect("valid");
            let new = ProgressFile::parse(path, after.clone())
                .unwrap_or_else(|e| panic!("import wrote a bad file: {}\n{after}", e.render()));
            let roadmap = builtin();
            let old_view = old.progress.for_roadmap(roadmap);
            let new_view = new.progress.for_roadmap(roadmap);
            for (i, (o, n)) in old_view.items.iter().zip(&new_view.items).enumerate() {
                assert!(
                    not_worse(n.status, o.status),
                    "item {i} went from {:?} to {:?}\n{after}",
                    o.status,
                    n.status
                );
                if let Some(note) = &o.note {
                    assert!(
                        n.note.as_deref().is_some_and(|x| x.contains(note.as_str())),
                        "note of item {i} dropped\n{after}"
                    );
                }
            }
            for (id, records) in &old.progress.roadmaps {
                let kept = new.progress.roadmaps.get(id).expect("roadmap kept");
                for (key, record) in records {
                    let now = kept
                        .get(key)
                        .or_else(|| {
                            // A record under an alias may have moved to its item's id.
                            let i = roadmap.item_index(key)?;
                            kept.get(&roadmap.items[i].id)
                        })
                        .unwrap_or_else(|| panic!("`{id}.{key}` lost\n{after}"));
                    assert!(not_worse(now.status, record.status), "`{id}.{key}`");
                }
            }
        }
    }
});
