//! Hostile input and a hostile disk, through the real binary (SPEC sections 2, 7
//! and 8). Every input the fuzzers found trouble with is a fixture under
//! `tests/fixtures/fuzz/` and runs here; then the faults a disk or a file system
//! can throw at a write. Whatever happens, `roadmap` exits 1 or 2 with a message,
//! never panics, and the progress file is left whole: the old one or the new one.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use common::TestEnv;
use roadmap::progress::{ItemProgress, ProgressFile, Status};

/// Long enough for any honest run on a loaded machine; a hang fails instead of
/// blocking the suite.
const HANG_GUARD: Duration = Duration::from_secs(120);

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Run the binary in `env` with a hang guard.
fn run(env: &TestEnv, args: &[&str]) -> Output {
    env.cmd()
        .args(args)
        .timeout(HANG_GUARD)
        .output()
        .expect("binary runs")
}

/// Exit `code`, one `error:` message that contains `needle`, no panic, nothing on
/// stdout. Returns stderr.
fn assert_refused(out: &Output, code: i32, needle: &str) -> String {
    let stderr = stderr_of(out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code (killed by the hang guard if None)\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "a backtrace hint:\n{stderr}"
    );
    assert!(
        stderr.starts_with("error: "),
        "not one error message:\n{stderr}"
    );
    assert!(
        stderr.contains(needle),
        "the message should mention {needle:?}:\n{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "stdout after a refusal:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// Exit 0, no panic. Returns stderr.
fn assert_ok(out: &Output) -> String {
    let stderr = stderr_of(out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    stderr
}

/// The temporary files an atomic write leaves behind if it does not clean up:
/// hidden files ending in `.tmp` (`.progress.toml.XXXXXX.tmp`).
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(path)
}

/// A progress file, with a comment and a long note, larger than the 1 KiB file size
/// limit below.
fn big_progress() -> String {
    let mut text = String::from(
        "# kept by hand\nformat = 1\n\n[profile]\nstart = 2026-01-10\n\n\
         [roadmaps.ai-engineer.items.statistics]\nstatus = \"done\"\ndone = 2026-01-15\n",
    );
    text.push_str("note = \"");
    text.push_str(&"a long note. ".repeat(400));
    text.push_str("\"\n");
    text
}

// ---------------------------------------------------------------------------
// Fuzz findings, each through the real binary.

/// A roadmap fixture: `validate` and `--roadmap FILE status` both refuse it.
fn assert_roadmap_fixture_refused(name: &str, needle: &str) {
    let env = TestEnv::new();
    let path = fixture(name);
    let path = path.to_str().expect("UTF-8 path");
    // `validate` lists the problems on stdout and sums up on stderr.
    let out = run(&env, &["validate", path]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains(needle), "{stdout}");
    assert!(stderr.contains("did not pass validation"), "{stderr}");
    let out = run(&env, &["--roadmap", path, "status"]);
    assert_refused(&out, 1, needle);
    assert!(!env.progress().exists(), "a refused roadmap wrote progress");
}

/// The checked built-in roadmap, to read progress files the way the binary does.
fn builtin() -> roadmap::roadmap::Roadmap {
    let text = include_bytes!("../roadmap/ai-engineer.yaml");
    roadmap::roadmap::parse(text)
        .expect("the built-in roadmap is valid")
        .0
}

/// Every record of a progress file, by roadmap id and key, as the binary reads it.
fn records(text: &str) -> Vec<(String, String, ItemProgress)> {
    let file = ProgressFile::parse(Path::new("progress.toml"), text.to_string())
        .unwrap_or_else(|e| panic!("{}\n{text}", e.render()));
    let roadmap = builtin();
    let mut out = Vec::new();
    for (id, items) in &file.progress.roadmaps {
        for (key, record) in items {
            // A record under an alias counts as its item's.
            let key = match roadmap.item_index(key) {
                Some(i) if *id == roadmap.id => roadmap.items[i].id.clone(),
                _ => key.clone(),
            };
            out.push((id.clone(), key, record.clone()));
        }
    }
    out
}

/// A progress fixture: run a writing command on it. It either goes through and
/// every record the file had is still there (the changed item with the new
/// status), or it is refused with exit 1 and the file is left byte for byte.
fn assert_progress_fixture_loses_nothing(name: &str, args: &[&str], item: &str, status: Status) {
    let env = TestEnv::new();
    let before = fs::read(fixture(name)).expect("fixture");
    fs::write(env.progress(), &before).unwrap();
    let out = run(&env, args);
    let after = fs::read(env.progress()).unwrap();
    if out.status.code() != Some(0) {
        assert_refused(&out, 1, &env.progress().display().to_string());
        assert_eq!(after, before, "a refused command changed the file");
        return;
    }
    assert_ok(&out);
    let before = String::from_utf8(before).expect("UTF-8 fixture");
    let after = String::from_utf8(after).expect("UTF-8 progress file");
    let now = records(&after);
    for (roadmap_id, key, old) in records(&before) {
        let kept = now
            .iter()
            .find(|(r, k, _)| *r == roadmap_id && *k == key)
            .unwrap_or_else(|| panic!("`{roadmap_id}.{key}` was lost:\n{after}"));
        if key != item {
            assert_eq!(kept.2, old, "`{roadmap_id}.{key}` changed:\n{after}");
        } else if old.note.is_some() {
            assert_eq!(kept.2.note, old.note, "the note was lost:\n{after}");
        }
    }
    let changed = now
        .iter()
        .find(|(r, k, _)| r == "ai-engineer" && k == item)
        .unwrap_or_else(|| {
            panic!(
                "`roadmap {}` said it wrote `{item}`:\n{after}",
                args.join(" ")
            )
        });
    assert_eq!(changed.2.status, status, "{after}");
}

/// A progress fixture that is refused or read: no panic, and nothing written.
fn assert_progress_fixture_reads(name: &str) {
    let env = TestEnv::new();
    let before = fs::read(fixture(name)).expect("fixture");
    fs::write(env.progress(), &before).unwrap();
    for args in [
        &["status"][..],
        &["list"],
        &["doctor"],
        &["export", "--format", "toml"],
    ] {
        let out = run(&env, args);
        match out.status.code() {
            Some(0) => {
                assert_ok(&out);
            }
            _ => {
                assert_refused(&out, 1, &env.progress().display().to_string());
            }
        }
        assert_eq!(
            fs::read(env.progress()).unwrap(),
            before,
            "`{}` wrote",
            args[0]
        );
    }
}

#[test]
fn fuzz_roadmap_empty_extra_months_key_does_not_hang() {
    assert_roadmap_fixture_refused(
        "roadmap/empty-token-hangs-the-locator.yaml",
        "`extra_months` names stage ``, which does not exist",
    );
}

#[test]
fn fuzz_roadmap_empty_requires_does_not_hang() {
    assert_roadmap_fixture_refused(
        "roadmap/empty-requires-on-the-roadmap-id-line.yaml",
        "requires ``, which is no item of this roadmap",
    );
}

#[test]
fn fuzz_roadmap_empty_track_item_in_an_unindented_list_does_not_hang() {
    // `- id:` at the start of the line, as many YAML writers lay lists out.
    assert_roadmap_fixture_refused(
        "roadmap/empty-track-item-in-unindented-list.yaml",
        "track `quick` lists item ``, which does not exist",
    );
}

#[test]
fn fuzz_roadmap_bare_dash_in_an_unindented_list_does_not_hang() {
    // Reduced from a `roadmap_parse` finding: a bare `-` (null, read as an empty
    // id) in a track's `for`, with lists laid out without indentation.
    assert_roadmap_fixture_refused(
        "roadmap/bare-dash-in-unindented-list.yaml",
        "track `quick` is for background ``, which does not exist",
    );
}

#[test]
fn fuzz_progress_inline_roadmaps_table_loses_nothing() {
    assert_progress_fixture_reads("progress/inline-roadmaps-table.toml");
    assert_progress_fixture_loses_nothing(
        "progress/inline-roadmaps-table.toml",
        &["done", "prompt-engineering"],
        "prompt-engineering",
        Status::Done,
    );
}

#[test]
fn fuzz_progress_inline_item_table_is_written() {
    assert_progress_fixture_reads("progress/inline-item-table.toml");
    assert_progress_fixture_loses_nothing(
        "progress/inline-item-table.toml",
        &["done", "python"],
        "python",
        Status::Done,
    );
}

#[test]
fn fuzz_progress_byte_order_mark() {
    assert_progress_fixture_reads("progress/bom-and-comment.toml");
    assert_progress_fixture_loses_nothing(
        "progress/bom-and-comment.toml",
        &["start", "python"],
        "python",
        Status::Started,
    );
}

#[test]
fn fuzz_progress_mixed_line_endings() {
    assert_progress_fixture_reads("progress/mixed-line-endings.toml");
    assert_progress_fixture_loses_nothing(
        "progress/mixed-line-endings.toml",
        &["skip", "python"],
        "python",
        Status::Skipped,
    );
}

#[test]
fn fuzz_progress_unknown_key_without_final_newline() {
    assert_progress_fixture_reads("progress/no-final-newline.toml");
    assert_progress_fixture_loses_nothing(
        "progress/no-final-newline.toml",
        &["done", "python"],
        "python",
        Status::Done,
    );
    // The unknown key is kept too.
    let env = TestEnv::new();
    fs::copy(fixture("progress/no-final-newline.toml"), env.progress()).unwrap();
    assert_ok(&run(&env, &["done", "python"]));
    assert!(
        env.read_progress().starts_with("p =0"),
        "{}",
        env.read_progress()
    );
}

#[test]
fn malformed_yaml_is_refused_naming_the_line() {
    let env = TestEnv::new();
    // A colon in a plain value, an unclosed sequence, a tab, an unclosed string.
    for (text, line) in [
        (
            "format: 1\nid: x\ntitle: X\nstages:\n  - id: s\n    title: S: T\n",
            "6:13: mapping values are not allowed",
        ),
        (
            "format: 1\nid: x\ntitle: X\nstages: [\n",
            "5:1: did not find",
        ),
        ("format: 1\nid: x\n\ttitle: X\n", "3:1: found a tab"),
        (
            "format: 1\nid: x\ntitle: \"X\n",
            "4:1: found unexpected end",
        ),
    ] {
        let path = env.write("broken.yaml", text);
        let path = path.to_str().unwrap();
        let stderr = assert_refused(&run(&env, &["--roadmap", path, "status"]), 1, path);
        assert!(stderr.contains(&format!("broken.yaml:{line}")), "{stderr}");
        assert!(!env.progress().exists());
    }
}

#[test]
fn a_bad_date_inside_the_progress_file_is_refused_naming_the_line() {
    let env = TestEnv::new();
    for (value, needle) in [
        ("\"last week\"", "must be a date written as YYYY-MM-DD"),
        ("2026-02-30", "invalid date"),
        (
            "2026-01-02T10:00:00Z",
            "must be a date written as YYYY-MM-DD",
        ),
        ("20260102", "must be a date written as YYYY-MM-DD"),
    ] {
        let text = format!(
            "format = 1\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = {value}\n"
        );
        env.write_progress(&text);
        for args in [&["status"][..], &["done", "git-basics"]] {
            let stderr = assert_refused(&run(&env, args), 1, needle);
            assert!(stderr.contains("progress.toml:5:"), "{stderr}");
            assert_eq!(env.read_progress(), text, "nothing is written");
        }
    }
}

#[test]
fn an_ambiguous_reference_is_printed_escaped() {
    let env = TestEnv::new();
    let path = env.write(
        "amb.yaml",
        "format: 1\nid: amb\ntitle: Amb\nstages:\n  - id: s\n    title: S\n    \
         estimate: { min_months: 1, max_months: 1 }\n    items:\n      \
         - { id: a, title: \"X\\e[2J one\" }\n      - { id: b, title: \"X\\e[2J two\" }\n",
    );
    let path = path.to_str().unwrap();
    for reference in ["x\u{1b}[2J", "X\u{1b}]0;pwned\u{7}"] {
        let out = run(&env, &["--roadmap", path, "show", reference]);
        let stderr = stderr_of(&out);
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "raw control characters in {stderr:?}"
        );
        assert!(matches!(out.status.code(), Some(2)), "{stderr}");
    }
}

/// Every fixture under `tests/fixtures/fuzz/` is run by a test in this file.
#[test]
fn every_fuzz_fixture_has_a_test() {
    let source = include_str!("hostile.rs");
    let root = fixture("");
    let mut missing = Vec::new();
    for kind in fs::read_dir(&root).unwrap().flatten() {
        for file in fs::read_dir(kind.path()).unwrap().flatten() {
            let name = format!(
                "{}/{}",
                kind.file_name().to_string_lossy(),
                file.file_name().to_string_lossy()
            );
            if !source.contains(&format!("\"{name}\"")) {
                missing.push(name);
            }
        }
    }
    assert!(missing.is_empty(), "fixtures without a test: {missing:?}");
}

// ---------------------------------------------------------------------------
// Fault injection.

/// `sh -c SCRIPT roadmap ARGS...` with the same isolated environment as `env.cmd()`.
fn under_shell(env: &TestEnv, script: &str, args: &[&str]) -> Output {
    let mut sh = std::process::Command::new("sh");
    env.isolate(&mut sh)
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_roadmap"))
        .args(args);
    assert_cmd::Command::from_std(sh)
        .timeout(HANG_GUARD)
        .output()
        .expect("sh runs")
}

#[test]
fn a_write_cut_short_by_the_file_size_limit_keeps_the_old_file() {
    let env = TestEnv::new();
    let old = big_progress();
    env.write_progress(&old);
    // Warm the roadmap cache first, so the only file the limited run writes is
    // the progress file.
    assert_ok(&run(&env, &["status"]));
    // SIGXFSZ ignored (inherited across exec), so the write fails with EFBIG
    // instead of killing the process; `ulimit -f 2` allows 1 KiB per file.
    let script = "trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"";
    for args in [
        &["done", "python"][..],
        &["note", "python", "a new note"],
        &["undo", "statistics"],
        &["profile", "--hours-per-week", "7"],
    ] {
        let out = under_shell(&env, script, args);
        assert_refused(&out, 1, "the file size limit was reached");
        assert_refused(&out, 1, &env.progress().display().to_string());
        assert_eq!(env.read_progress(), old, "`{}` changed the file", args[0]);
        let folder = env.progress().parent().unwrap().to_path_buf();
        assert_eq!(temp_files(&folder), Vec::<String>::new(), "temp file left");
    }
    // Without the limit the same command goes through.
    assert_ok(&run(&env, &["done", "python"]));
    assert!(
        env.read_progress()
            .contains("[roadmaps.ai-engineer.items.python]")
    );
}

/// Makes a folder immutable (`chattr +i`) so even root cannot create or rename
/// files in it; undone when dropped, so the temp dir can be removed.
struct Immutable(PathBuf);

impl Immutable {
    fn set(dir: &Path) -> Option<Immutable> {
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
        let guard = Immutable(dir.to_path_buf());
        // Check that it really bites (some file systems ignore the flag).
        let probe = dir.join("probe");
        if fs::write(&probe, "x").is_ok() {
            let _ = fs::remove_file(probe);
            return None;
        }
        Some(guard)
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_read_only_folder_fails_cleanly_and_keeps_the_file() {
    let env = TestEnv::new();
    let old = "format = 1\n\n[roadmaps.ai-engineer.items.statistics]\nstatus = \"done\"\ndone = 2026-01-15\n";
    env.write_progress(old);
    assert_ok(&run(&env, &["status"])); // warm the cache outside the folder
    let folder = env.progress().parent().unwrap().to_path_buf();

    let Some(guard) = Immutable::set(&folder) else {
        println!("skipped: `chattr +i` is not available or has no effect here");
        return;
    };
    // No lock file yet: taking the lock is the first thing that fails.
    let out = run(&env, &["done", "python"]);
    assert_refused(&out, 1, "progress.toml.lock");
    assert_refused(&out, 1, "permission denied");
    assert_eq!(env.read_progress(), old);
    // Commands that only read still work in a read-only folder.
    assert_ok(&run(&env, &["status"]));
    assert_ok(&run(&env, &["export"]));
    drop(guard);

    // With a lock file in place, the temporary file is what cannot be created.
    fs::write(folder.join("progress.toml.lock"), "").unwrap();
    let _guard = Immutable::set(&folder).expect("worked a moment ago");
    let out = run(&env, &["done", "python"]);
    assert_refused(&out, 1, "cannot create a temporary file in");
    assert_refused(&out, 1, "permission denied");
    assert_eq!(env.read_progress(), old);
    assert_eq!(temp_files(&folder), Vec::<String>::new());
}

/// A small tmpfs mounted on `dir`, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, options: &str) -> Option<Mount> {
        fs::create_dir_all(dir).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(dir.to_path_buf()))
    }

    fn remount(&self, options: &str) -> bool {
        std::process::Command::new("mount")
            .args(["-o", options])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_full_disk_fails_cleanly_and_keeps_the_file() {
    let env = TestEnv::new();
    let dir = env.root().join("small");
    let Some(_mount) = Mount::tmpfs(&dir, "size=64k") else {
        println!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let progress = dir.join("progress.toml");
    let old = "format = 1\n\n[roadmaps.ai-engineer.items.statistics]\nstatus = \"done\"\ndone = 2026-01-15\n";
    fs::write(&progress, old).unwrap();
    fs::write(dir.join("progress.toml.lock"), "").unwrap();
    // Fill every byte that is left.
    let chunk = vec![b'x'; 4096];
    let mut filler = fs::File::create(dir.join("filler")).unwrap();
    while std::io::Write::write_all(&mut filler, &chunk).is_ok() {}
    drop(filler);

    let path = progress.to_str().unwrap();
    let out = run(&env, &["--progress", path, "done", "python"]);
    assert_refused(&out, 1, "the disk is full");
    assert_refused(&out, 1, path);
    assert_eq!(fs::read_to_string(&progress).unwrap(), old);
    assert_eq!(temp_files(&dir), Vec::<String>::new());
}

#[test]
fn a_read_only_file_system_fails_cleanly_and_keeps_the_file() {
    let env = TestEnv::new();
    let dir = env.root().join("ro");
    let Some(mount) = Mount::tmpfs(&dir, "size=1m") else {
        println!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let progress = dir.join("progress.toml");
    let old = "format = 1\n";
    fs::write(&progress, old).unwrap();
    fs::write(dir.join("progress.toml.lock"), "").unwrap();
    if !mount.remount("remount,ro") {
        println!("skipped: cannot remount the tmpfs read-only");
        return;
    }
    let path = progress.to_str().unwrap();
    let out = run(&env, &["--progress", path, "start", "python"]);
    assert_refused(&out, 1, "read-only");
    assert_eq!(fs::read_to_string(&progress).unwrap(), old);
    assert_ok(&run(&env, &["--progress", path, "status"]));
}

#[test]
fn a_stale_lock_file_does_not_block_the_next_command() {
    let env = TestEnv::new();
    env.write_progress("format = 1\n");
    let lock = env.progress().with_file_name("progress.toml.lock");
    // What a crashed process might leave: a lock file with content in it.
    fs::write(&lock, "pid 99999\n").unwrap();
    assert_ok(&run(&env, &["done", "python"]));
    assert!(
        env.read_progress()
            .contains("[roadmaps.ai-engineer.items.python]")
    );
}

#[test]
fn a_lock_held_by_a_killed_process_is_released() {
    let env = TestEnv::new();
    env.write_progress("format = 1\n");
    let lock = env.progress().with_file_name("progress.toml.lock");
    // `flock` takes the same kind of lock (flock(2)) as `roadmap` and holds it
    // while its command runs; `-o` keeps the command itself from inheriting it.
    let mut holder = match std::process::Command::new("flock")
        .arg("-o")
        .arg(&lock)
        .args(["-c", "echo $$; exec sleep 600"])
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => {
            println!("skipped: cannot run `flock`: {err}");
            return;
        }
    };
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let sleeper = line.trim().to_string();
    assert!(sleeper.parse::<u32>().is_ok(), "{line:?}");
    let busy = std::process::Command::new("flock")
        .arg("-n")
        .arg(&lock)
        .arg("true")
        .status()
        .unwrap();
    assert!(!busy.success(), "the lock is held");

    holder.kill().unwrap(); // SIGKILL: no clean-up
    holder.wait().unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-9", &sleeper])
        .status();
    assert!(lock.exists(), "the lock file stays behind");
    assert_ok(&run(&env, &["done", "python"]));
    assert!(
        env.read_progress()
            .contains("[roadmaps.ai-engineer.items.python]")
    );
}

#[test]
fn a_progress_path_that_is_a_folder_is_refused() {
    let env = TestEnv::new();
    fs::create_dir_all(env.progress()).unwrap();
    let name = env.progress().display().to_string();
    for args in [
        &["status"][..],
        &["done", "python"],
        &["profile", "--hours-per-week", "5"],
    ] {
        let out = run(&env, args);
        let stderr = assert_refused(&out, 1, "is a folder, not a file");
        assert!(stderr.contains(&name), "{stderr}");
    }
    assert!(env.progress().is_dir());
    let folder = env.progress().parent().unwrap().to_path_buf();
    assert_eq!(temp_files(&folder), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_refused_and_left_alone() {
    let env = TestEnv::new();
    let target = env.root().join("dotfiles").join("progress.toml");
    std::os::unix::fs::symlink(&target, env.progress()).unwrap();
    for args in [&["status"][..], &["done", "python"], &["export"]] {
        let out = run(&env, args);
        let stderr = assert_refused(&out, 1, "is a symbolic link to");
        assert!(stderr.contains("which does not exist"), "{stderr}");
    }
    assert!(
        fs::symlink_metadata(env.progress())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!target.exists());
    assert!(!target.parent().unwrap().exists(), "no folder was created");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_refused() {
    let env = TestEnv::new();
    let other = env.root().join("data").join("other.toml");
    std::os::unix::fs::symlink(&other, env.progress()).unwrap();
    std::os::unix::fs::symlink(env.progress(), &other).unwrap();
    let out = run(&env, &["done", "python"]);
    assert_refused(&out, 1, &env.progress().display().to_string());
    assert!(
        fs::symlink_metadata(env.progress())
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_progress_path_under_a_missing_folder_creates_the_folders() {
    let env = TestEnv::new();
    // A read needs no folder and makes none: there is simply no progress yet.
    let path = env
        .root()
        .join("no-such-folder")
        .join("deeper")
        .join("progress.toml");
    let path = path.to_str().unwrap();
    assert_ok(&run(&env, &["--progress", path, "status"]));
    assert!(
        !env.root().join("no-such-folder").exists(),
        "a read made a folder"
    );
    // The first write makes the folders, as it does for the default path.
    assert_ok(&run(&env, &["--progress", path, "done", "python"]));
    assert!(
        fs::read_to_string(path)
            .unwrap()
            .contains("[roadmaps.ai-engineer.items.python]")
    );
    // The same through $ROADMAP_PROGRESS.
    let other = env
        .root()
        .join("env-folder")
        .join("a")
        .join("b")
        .join("p.toml");
    let out = env
        .cmd()
        .env("ROADMAP_PROGRESS", &other)
        .args(["start", "python"])
        .timeout(HANG_GUARD)
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(
        fs::read_to_string(&other)
            .unwrap()
            .contains("status = \"started\"")
    );
    // A folder in the way that is a file is an error naming it, not a panic.
    fs::write(env.root().join("plain-file"), "").unwrap();
    let blocked = env.root().join("plain-file").join("progress.toml");
    let out = run(
        &env,
        &["--progress", blocked.to_str().unwrap(), "done", "python"],
    );
    let stderr = assert_refused(&out, 1, "not a directory");
    assert!(stderr.contains("plain-file"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_progress_file_is_written_through_and_the_link_stays() {
    let env = TestEnv::new();
    let dotfiles = env.root().join("dotfiles");
    fs::create_dir_all(&dotfiles).unwrap();
    let target = dotfiles.join("progress.toml");
    let old = "# in my dotfiles\nformat = 2\n";
    fs::write(&target, old).unwrap();
    // A relative link, as `ln -s ../dotfiles/progress.toml` makes it.
    std::os::unix::fs::symlink("../dotfiles/progress.toml", env.progress()).unwrap();

    assert_ok(&run(&env, &["done", "python", "--on", "2026-11-01"]));
    assert_ok(&run(&env, &["note", "python", "through the link"]));

    let meta = fs::symlink_metadata(env.progress()).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        fs::read_link(env.progress()).unwrap(),
        Path::new("../dotfiles/progress.toml")
    );
    let text = fs::read_to_string(&target).unwrap();
    assert!(text.starts_with(old), "{text}");
    assert!(text.contains("done = 2026-11-01"), "{text}");
    assert!(text.contains("note = \"through the link\""), "{text}");
    // Lock and temporary file live beside the target, and nothing is left over.
    assert!(dotfiles.join("progress.toml.lock").exists());
    let folder = env.progress().parent().unwrap().to_path_buf();
    assert_eq!(temp_files(&folder), Vec::<String>::new());
    assert_eq!(temp_files(&dotfiles), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// Files that are not what they seem: FIFOs, devices, huge files, folders where
// a file should be (SPEC section 8). Each is refused at once, naming the file.

/// A refusal must come at once: long before the hang guard, on a loaded machine.
const AT_ONCE: Duration = Duration::from_secs(10);

fn run_at_once(env: &TestEnv, args: &[&str]) -> Output {
    let started = std::time::Instant::now();
    let out = env
        .cmd()
        .args(args)
        .timeout(AT_ONCE)
        .output()
        .expect("binary runs");
    assert!(
        started.elapsed() < AT_ONCE,
        "`roadmap {}` took {:?}",
        args.join(" "),
        started.elapsed()
    );
    out
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// Only the given names are in `dir`.
fn assert_only(dir: &Path, names: &[&str]) {
    let mut found: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected, "in {}", dir.display());
}

#[cfg(unix)]
#[test]
fn a_progress_file_that_is_a_fifo_is_refused_at_once() {
    let env = TestEnv::new();
    let dir = env.root().join("fifo");
    fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("progress.toml");
    mkfifo(&fifo);
    let path = fifo.to_str().unwrap();
    for args in [
        &["--progress", path, "status"][..],
        &["--progress", path, "done", "python"],
        &["--progress", path, "doctor"],
        &["--progress", path, "import", path],
    ] {
        let out = run_at_once(&env, args);
        let stderr = assert_refused(&out, 1, "is a FIFO (named pipe), not a regular file");
        assert!(stderr.contains(path), "names the file: {stderr}");
    }
    // $ROADMAP_PROGRESS the same.
    let out = env
        .cmd()
        .env("ROADMAP_PROGRESS", &fifo)
        .args(["skip", "python"])
        .timeout(AT_ONCE)
        .output()
        .unwrap();
    assert_refused(&out, 1, "the progress file");
    // Refused before the lock: nothing was made beside it.
    assert_only(&dir, &["progress.toml"]);
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_progress_file_that_is_a_device_is_refused_at_once() {
    let env = TestEnv::new();
    for device in ["/dev/zero", "/dev/urandom"] {
        for args in [
            &["--progress", device, "status"][..],
            &["--progress", device, "done", "python"],
        ] {
            let out = run_at_once(&env, args);
            let stderr = assert_refused(&out, 1, "is a character device, not a regular file");
            assert!(stderr.contains(device), "{stderr}");
        }
    }
    // A link to a device, where a dotfiles link would be.
    let link = env.root().join("linked.toml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let out = run_at_once(
        &env,
        &["--progress", link.to_str().unwrap(), "done", "python"],
    );
    assert_refused(&out, 1, "is a character device");
}

#[test]
fn a_progress_file_over_16_mib_is_refused_unread() {
    let env = TestEnv::new();
    let dir = env.root().join("big");
    fs::create_dir_all(&dir).unwrap();
    let big = dir.join("progress.toml");
    // 17 MiB of real, valid progress: a comment line repeated.
    let line = "# a note kept by hand, over and over, to make a very large file\n";
    let mut text = String::from("format = 2\n");
    while text.len() < 17 * 1024 * 1024 {
        text.push_str(line);
    }
    fs::write(&big, &text).unwrap();
    let path = big.to_str().unwrap();
    for args in [
        &["--progress", path, "status"][..],
        &["--progress", path, "done", "python"],
    ] {
        let out = run_at_once(&env, args);
        let stderr = assert_refused(&out, 1, "is larger than 16 MiB; nothing was read");
        assert!(stderr.contains(path), "{stderr}");
    }
    assert!(fs::read_to_string(&big).unwrap() == text, "left as it was");
    assert_only(&dir, &["progress.toml"]);
    // Just under the limit is read as any file is.
    let mut small = text;
    small.truncate(16 * 1024 * 1024 - 1024);
    let cut = small.rfind('\n').unwrap() + 1;
    small.truncate(cut);
    fs::write(&big, &small).unwrap();
    assert_ok(&run(&env, &["--progress", path, "done", "python"]));
}

#[cfg(unix)]
#[test]
fn an_import_that_is_a_fifo_a_device_or_huge_is_refused_at_once() {
    let env = TestEnv::new();
    env.write_progress("format = 2\n");
    let fifo = env.root().join("in.json");
    mkfifo(&fifo);
    let huge = env.root().join("huge.json");
    let file = fs::File::create(&huge).unwrap();
    file.set_len(65 * 1024 * 1024).unwrap(); // sparse: no disk spent
    for (input, needle) in [
        (
            fifo.to_str().unwrap(),
            "is a FIFO (named pipe), not a regular file",
        ),
        ("/dev/zero", "is a character device, not a regular file"),
        ("/dev/urandom", "is a character device, not a regular file"),
        (
            huge.to_str().unwrap(),
            "is larger than 64 MiB; nothing was read",
        ),
    ] {
        for args in [&["import", input][..], &["import", "--dry-run", input]] {
            let out = run_at_once(&env, args);
            let stderr = assert_refused(&out, 1, needle);
            assert!(
                stderr.contains(&format!("the import file `{input}`")),
                "{stderr}"
            );
        }
    }
    assert_eq!(env.read_progress(), "format = 2\n");
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_fifo_or_a_device_is_refused_at_once() {
    let env = TestEnv::new();
    env.write_progress("format = 2\n");
    let lock = env.progress().with_file_name("progress.toml.lock");
    mkfifo(&lock);
    let out = run_at_once(&env, &["done", "python"]);
    let stderr = assert_refused(&out, 1, "is a FIFO (named pipe), not a regular file");
    assert!(stderr.contains(&lock.display().to_string()), "{stderr}");
    assert!(stderr.contains("hint: remove it"), "{stderr}");
    fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &lock).unwrap();
    let out = run_at_once(&env, &["done", "python"]);
    assert_refused(&out, 1, "the lock file");
    assert_eq!(env.read_progress(), "format = 2\n", "nothing written");
    // Once it is gone, the next write makes a real one.
    fs::remove_file(&lock).unwrap();
    assert_ok(&run(&env, &["done", "python"]));
    assert!(fs::metadata(&lock).unwrap().is_file());
}

#[test]
fn a_progress_path_that_names_a_folder_is_refused_and_makes_no_lock() {
    let env = TestEnv::new();
    let dir = env.root().join("work");
    fs::create_dir_all(&dir).unwrap();
    for (path, needle) in [
        (
            "newdir/",
            "`newdir/` ends in `/`, so it names a folder, not a file",
        ),
        ("newdir/.", "names a folder, not a file"),
        (".", "the progress path `.` is a folder, not a file"),
        ("..", "is a folder, not a file"),
    ] {
        for args in [
            &["--progress", path, "done", "python"][..],
            &["--progress", path, "status"],
        ] {
            let mut cmd = env.cmd();
            cmd.current_dir(&dir).args(args).timeout(AT_ONCE);
            let out = cmd.output().unwrap();
            let stderr = assert_refused(&out, 1, needle);
            assert!(
                stderr.contains("hint: pass `--progress FILE` with a file path"),
                "{stderr}"
            );
        }
        let out = env
            .cmd()
            .current_dir(&dir)
            .env("ROADMAP_PROGRESS", path)
            .args(["start", "python"])
            .timeout(AT_ONCE)
            .output()
            .unwrap();
        assert_refused(&out, 1, needle);
    }
    // Nothing made: no `newdir`, no `newdir.lock`, no lock in the parent.
    assert_only(&dir, &[]);
    assert!(!env.root().join("work.lock").exists());
    assert!(!env.root().join(".lock").exists());
}

/// Whether this test runs as root (only root can give a file to someone else).
#[cfg(unix)]
fn running_as_root(env: &TestEnv) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = env.root().join("whoami");
    fs::write(&probe, "").unwrap();
    let uid = fs::metadata(&probe).unwrap().uid();
    fs::remove_file(&probe).unwrap();
    uid == 0
}

#[cfg(unix)]
fn owner_and_mode(path: &Path) -> (u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).unwrap();
    (meta.uid(), meta.gid(), meta.mode() & 0o7777)
}

#[cfg(unix)]
#[test]
fn a_write_keeps_the_owner_group_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.write_progress("# mine\nformat = 2\n");
    let progress = env.progress();
    if running_as_root(&env) {
        // Root (`sudo` with HOME kept) writing a user's file leaves it theirs.
        std::os::unix::fs::chown(&progress, Some(1000), Some(1000)).unwrap();
        fs::set_permissions(&progress, fs::Permissions::from_mode(0o644)).unwrap();
        assert_ok(&run(&env, &["done", "python"]));
        assert_eq!(owner_and_mode(&progress), (1000, 1000, 0o644));
        fs::set_permissions(&progress, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::chown(&progress, Some(1000), Some(1001)).unwrap();
        assert_ok(&run(&env, &["note", "python", "kept private"]));
        assert_eq!(owner_and_mode(&progress), (1000, 1001, 0o640));
        assert!(env.read_progress().contains("kept private"));
    } else {
        println!("not root: only the mode is checked");
    }
    for mode in [0o600, 0o664, 0o444] {
        fs::set_permissions(&progress, fs::Permissions::from_mode(mode)).unwrap();
        assert_ok(&run(&env, &["start", "git-basics"]));
        assert_eq!(owner_and_mode(&progress).2, mode);
        assert_ok(&run(&env, &["undo", "git-basics"]));
    }
    assert!(env.read_progress().starts_with("# mine\n"));
}

#[cfg(unix)]
#[test]
fn new_files_follow_the_umask() {
    let env = TestEnv::new();
    for (umask, mode) in [("077", 0o600), ("022", 0o644), ("002", 0o664)] {
        let progress = env.root().join(format!("umask-{umask}.toml"));
        let export = env.root().join(format!("umask-{umask}.json"));
        let script = format!("umask {umask}; exec \"$0\" \"$@\"");
        let p = progress.to_str().unwrap();
        assert_ok(&under_shell(
            &env,
            &script,
            &["--progress", p, "done", "python"],
        ));
        assert_eq!(
            owner_and_mode(&progress).2,
            mode,
            "progress under umask {umask}"
        );
        assert_eq!(
            owner_and_mode(&progress.with_file_name(format!("umask-{umask}.toml.lock"))).2,
            mode & 0o666,
            "lock under umask {umask}"
        );
        let e = export.to_str().unwrap();
        assert_ok(&under_shell(
            &env,
            &script,
            &["--progress", p, "export", "-o", e],
        ));
        assert_eq!(
            owner_and_mode(&export).2,
            mode,
            "export under umask {umask}"
        );
    }
}

#[cfg(unix)]
#[test]
fn what_root_makes_in_a_users_folder_is_the_users() {
    use std::os::unix::fs::MetadataExt;
    let env = TestEnv::new();
    if !running_as_root(&env) {
        println!("skipped: not root");
        return;
    }
    let home = env.root().join("user-home");
    fs::create_dir_all(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(1000), Some(1000)).unwrap();
    let progress = home
        .join(".local")
        .join("share")
        .join("roadmap")
        .join("progress.toml");
    let p = progress.to_str().unwrap();
    assert_ok(&run(&env, &["--progress", p, "done", "python"]));
    for made in [
        home.join(".local"),
        home.join(".local/share"),
        home.join(".local/share/roadmap"),
        progress.clone(),
        progress.with_file_name("progress.toml.lock"),
    ] {
        let meta = fs::metadata(&made).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (1000, 1000), "{}", made.display());
    }
    // An export root writes into the user's folder is theirs too.
    let export = home.join("progress.json");
    assert_ok(&run(
        &env,
        &["--progress", p, "export", "-o", export.to_str().unwrap()],
    ));
    assert_eq!(owner_and_mode(&export).0, 1000);
    // In root's own folder, root's files stay root's.
    let own = env.root().join("root-owned").join("progress.toml");
    assert_ok(&run(
        &env,
        &["--progress", own.to_str().unwrap(), "done", "python"],
    ));
    assert_eq!(owner_and_mode(&own).0, 0);
}

#[cfg(unix)]
#[test]
fn export_onto_a_device_or_a_fifo_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let env = TestEnv::new();
    // /dev/null stays the device (as root, a rename would have replaced it).
    let out = run(&env, &["export", "-o", "/dev/null"]);
    let stderr = assert_ok(&out);
    assert!(stderr.contains("to /dev/null"), "{stderr}");
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A full device: a clear error, exit 1.
    let out = run(&env, &["export", "-o", "/dev/full"]);
    let stderr = assert_refused(&out, 1, "cannot write `/dev/full`: the disk is full");
    assert!(!stderr.contains("wrote"), "{stderr}");
    // A FIFO is written into, for whoever reads it.
    let fifo = env.root().join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    assert_ok(&run(
        &env,
        &["export", "--format", "csv", "-o", fifo.to_str().unwrap()],
    ));
    let read = reader.join().unwrap();
    assert!(
        read.starts_with("roadmap,stage,id,title,kind,status"),
        "{read}"
    );
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn export_to_dev_stdout_appends_to_a_redirected_file() {
    use std::os::unix::fs::MetadataExt;
    let env = TestEnv::new();
    let file = env.root().join("out.csv");
    fs::write(&file, "first line\n").unwrap();
    let inode = fs::metadata(&file).unwrap().ino();
    let f = file.to_str().unwrap();
    let script = format!("exec \"$0\" \"$@\" >> '{f}'");
    for target in ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"] {
        let out = under_shell(&env, &script, &["export", "--format", "csv", "-o", target]);
        assert_ok(&out);
    }
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("first line\nroadmap,stage,id"), "{text}");
    assert_eq!(
        text.matches("roadmap,stage,id").count(),
        3,
        "appended three times"
    );
    assert_eq!(
        fs::metadata(&file).unwrap().ino(),
        inode,
        "the same file, not a new one"
    );
}

// ---------------------------------------------------------------------------
// Messages about a roadmap: every typo, in the author's words.

const TYPOS: &str = "format: 1
id: tiny
title: Tiny
colour: blue
stages:
  - id: one
    title: One
    estimate: { min_months: 1, max_months: 2, maximum: 3 }
    items:
      - id: a
        title: A
      - wieght: 2
        id: b
        title: B
        requires: [zzz]
      - id: c
        title: C
        sumary: |
          long text
          more
        kind: skill
";

#[test]
fn validate_reports_every_unknown_key_with_a_suggestion_and_the_other_problems() {
    let env = TestEnv::new();
    let file = env.write("typos.yaml", TYPOS);
    let out = run(&env, &["validate", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    for expected in [
        "typos.yaml:4:1: error: unknown field `colour`; the keys here are `format`, `id`, `title`",
        "typos.yaml:8:47: error: stages[0].estimate: unknown field `maximum`; the keys here are `min_months` or `max_months`",
        "typos.yaml:12:9: error: stages[0].items[1]: unknown field `wieght`; did you mean `weight`?",
        "typos.yaml:18:9: error: stages[0].items[2]: unknown field `sumary`; did you mean `summary`?",
        // The typos do not hide the rest of the check.
        "item `b` requires `zzz`, which is no item of this roadmap",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert!(stdout.contains("invalid (5 errors)"), "{stdout}");
    // The same problems, with line and column, in the JSON document.
    let out = run(&env, &["validate", "--json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = doc["files"][0]["problems"].as_array().unwrap().clone();
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p["line"].is_u64() && p["column"].is_u64())
    );
}

#[test]
fn validate_never_names_internal_types() {
    let env = TestEnv::new();
    for (name, text, expected) in [
        (
            "list.yaml",
            "- a\n",
            "expected a roadmap (a mapping with `format`, `id`, `title` and `stages`)",
        ),
        (
            "stages.yaml",
            "format: 1\nid: x\ntitle: X\nstages: 5\n",
            "stages: invalid type: integer `5`, expected a list",
        ),
        (
            "stage.yaml",
            "format: 1\nid: x\ntitle: X\nstages: [5]\n",
            "expected a stage (a mapping with `id`, `title`, `estimate` and `items`)",
        ),
        (
            "estimate.yaml",
            "format: 1\nid: x\ntitle: X\nstages:\n  - id: a\n    title: A\n    estimate: {min_months: 1, max_months: x}\n    items: []\n",
            "stages[0].estimate.max_months: invalid type: string \"x\", expected a number",
        ),
        (
            "item.yaml",
            "format: 1\nid: x\ntitle: X\nstages:\n  - id: a\n    title: A\n    estimate: 5\n    items: [7]\n",
            "expected an estimate (`{ min_months: N, max_months: N }`)",
        ),
    ] {
        let file = env.write(name, text);
        let out = run(&env, &["validate", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(stdout.contains(expected), "{name}: {stdout}");
        for internal in ["struct", "Raw", "f64", "i64", "u32", "enum", "sequence"] {
            assert!(
                !stdout.contains(internal),
                "{name} names `{internal}`: {stdout}"
            );
        }
    }
}
