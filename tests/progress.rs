//! The progress file through the real binary (SPEC sections 1, 3, 4, 7 and 8): the
//! writing commands and their errors, concurrent writers, killed writers, corrupt
//! and hand-edited files, aliases, read-only commands, where the file lives, and
//! symbolic links.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TINY, TODAY, TestEnv};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/progress")
        .join(name)
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Run, expect exit 0, and return stderr (where confirmations go).
fn confirms(env: &TestEnv, args: &[&str]) -> String {
    let out = env.run(args);
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "`roadmap {}`\nstdout:\n{}\nstderr:\n{stderr}",
        args.join(" "),
        text(&out.stdout)
    );
    stderr
}

fn parse(text: &str) -> toml::Table {
    toml::from_str(text).unwrap_or_else(|e| panic!("not TOML ({e}):\n{text}"))
}

/// `[roadmaps.<roadmap>.items.<id>]`, if the file has it.
fn record<'a>(doc: &'a toml::Table, roadmap: &str, id: &str) -> Option<&'a toml::Table> {
    doc.get("roadmaps")?
        .get(roadmap)?
        .get("items")?
        .get(id)?
        .as_table()
}

fn date(table: &toml::Table, key: &str) -> Option<String> {
    table.get(key)?.as_datetime().map(|d| d.to_string())
}

fn string<'a>(table: &'a toml::Table, key: &str) -> Option<&'a str> {
    table.get(key)?.as_str()
}

/// The ids of the built-in roadmap, in order.
fn builtin_ids(env: &TestEnv) -> Vec<String> {
    env.json(&["list", "--json"])["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap().iter())
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// The binary as a `std::process::Command`, for spawning many at once. Same
/// environment as `TestEnv::cmd`.
fn spawnable(env: &TestEnv, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
    env.isolate(&mut cmd).args(args).stdin(Stdio::null());
    cmd
}

/// Files in `dir` named like the store's temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".progress.toml.") && n.ends_with(".tmp"))
        .collect()
}

/// Every line of `old` appears in `new`, in order; returns the lines of `new`
/// that are not part of that match and are not blank.
fn added_lines(old: &str, new: &str) -> Vec<String> {
    let new_lines: Vec<&str> = new.lines().collect();
    let mut used = vec![false; new_lines.len()];
    let mut at = 0;
    for line in old.lines() {
        let found = new_lines[at..]
            .iter()
            .position(|l| *l == line)
            .unwrap_or_else(|| panic!("line {line:?} was lost or moved:\n{new}"));
        used[at + found] = true;
        at += found + 1;
    }
    new_lines
        .iter()
        .zip(used)
        .filter(|(l, used)| !used && !l.trim().is_empty())
        .map(|(l, _)| l.to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// done, start, skip, undo, note

#[test]
fn done_marks_an_item_done_today_and_confirms() {
    let env = TestEnv::new();
    let stderr = confirms(&env, &["done", "python"]);
    assert!(
        stderr.contains(&format!("marked `python` done ({TODAY})")),
        "{stderr}"
    );
    let text = env.read_progress();
    assert!(
        text.contains(
            "[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2026-11-30\n"
        ),
        "keys in a stable order:\n{text}"
    );
    let doc = parse(&text);
    assert_eq!(doc["format"].as_integer(), Some(2));
    let python = record(&doc, "ai-engineer", "python").expect(&text);
    assert_eq!(string(python, "status"), Some("done"));
    assert_eq!(date(python, "done").as_deref(), Some(TODAY));
    assert!(python.get("started").is_none() && python.get("note").is_none());
    // SPEC section 6: the first write records the start, so the plan does not drift.
    let profile = doc["roadmaps"]["ai-engineer"]["profile"]
        .as_table()
        .expect(&text);
    assert_eq!(date(profile, "start").as_deref(), Some(TODAY));
    // Nothing but the file and its lock beside it.
    assert!(temp_files(env.progress().parent().unwrap()).is_empty());
}

#[test]
fn done_takes_a_date_a_note_and_several_items() {
    let env = TestEnv::new();
    let stderr = confirms(
        &env,
        &[
            "done",
            "python",
            "git-basics",
            "--on",
            "2026-10-01",
            "--note",
            "Weekend course",
        ],
    );
    assert!(
        stderr.contains("marked `python` done (2026-10-01)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("marked `git-basics` done (2026-10-01)"),
        "{stderr}"
    );
    let doc = parse(&env.read_progress());
    for id in ["python", "git-basics"] {
        let r = record(&doc, "ai-engineer", id).unwrap();
        assert_eq!(string(r, "status"), Some("done"));
        assert_eq!(date(r, "done").as_deref(), Some("2026-10-01"));
        assert_eq!(string(r, "note"), Some("Weekend course"));
    }
    // The plan starts on the first day the roadmap was used, never on a
    // backfilled date: what was done before it is prior knowledge, said once.
    assert_eq!(
        date(
            doc["roadmaps"]["ai-engineer"]["profile"]
                .as_table()
                .unwrap(),
            "start"
        )
        .as_deref(),
        Some(TODAY)
    );
    assert_eq!(
        stderr
            .matches("counted as known before you started")
            .count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("`roadmap profile --start 2026-09-30`"),
        "{stderr}"
    );
    // Items given by title and by prefix.
    confirms(&env, &["done", "Prompt engineering", "hugging"]);
    let doc = parse(&env.read_progress());
    assert!(record(&doc, "ai-engineer", "prompt-engineering").is_some());
    assert!(record(&doc, "ai-engineer", "hugging-face").is_some());
}

#[test]
fn repeating_done_is_harmless() {
    let env = TestEnv::new();
    confirms(&env, &["done", "python", "--on", "2026-11-02"]);
    let before = std::fs::read(env.progress()).unwrap();
    for args in [
        vec!["done", "python"],
        vec!["done", "python", "--on", "2026-11-02"],
        vec!["done", "python", "python"],
    ] {
        let stderr = confirms(&env, &args);
        assert!(
            stderr.contains("`python` is already done (2026-11-02)"),
            "{stderr}"
        );
        assert!(!stderr.contains("marked"), "{stderr}");
        assert_eq!(
            std::fs::read(env.progress()).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
    // A different date is a correction, and says so.
    let stderr = confirms(&env, &["done", "python", "--on", "2026-11-03"]);
    assert!(stderr.contains("2026-11-03"), "{stderr}");
    let doc = parse(&env.read_progress());
    let python = record(&doc, "ai-engineer", "python").unwrap();
    assert_eq!(date(python, "done").as_deref(), Some("2026-11-03"));
}

#[test]
fn start_skip_undo_and_note() {
    let env = TestEnv::new();
    let stderr = confirms(&env, &["start", "rag", "--on", "2026-11-10"]);
    assert!(
        stderr.contains("marked `rag` started (2026-11-10)"),
        "{stderr}"
    );
    let doc = parse(&env.read_progress());
    let rag = record(&doc, "ai-engineer", "rag").unwrap();
    assert_eq!(string(rag, "status"), Some("started"));
    assert_eq!(date(rag, "started").as_deref(), Some("2026-11-10"));

    let stderr = confirms(&env, &["start", "rag"]);
    assert!(stderr.contains("already started"), "{stderr}");

    let stderr = confirms(&env, &["note", "rag", "Chunking first"]);
    assert!(stderr.contains("noted on `rag`"), "{stderr}");
    let stderr = confirms(&env, &["note", "rag", "Chunking first"]);
    assert!(stderr.contains("already has that note"), "{stderr}");

    confirms(&env, &["done", "rag"]);
    let doc = parse(&env.read_progress());
    let rag = record(&doc, "ai-engineer", "rag").unwrap();
    assert_eq!(string(rag, "status"), Some("done"));
    assert_eq!(
        date(rag, "started").as_deref(),
        Some("2026-11-10"),
        "start kept"
    );
    assert_eq!(date(rag, "done").as_deref(), Some(TODAY));
    assert_eq!(string(rag, "note"), Some("Chunking first"));
    let text = env.read_progress();
    assert!(
        text.contains(
            "[roadmaps.ai-engineer.items.rag]\nstatus = \"done\"\nstarted = 2026-11-10\ndone = 2026-11-30\nnote = \"Chunking first\"\n"
        ),
        "keys in the order status, started, done, note:\n{text}"
    );

    let stderr = confirms(&env, &["undo", "rag"]);
    assert!(
        stderr.contains("`rag` is back to todo (was done)"),
        "{stderr}"
    );
    let doc = parse(&env.read_progress());
    let rag = record(&doc, "ai-engineer", "rag").expect("the note keeps the record");
    assert_eq!(rag.get("status"), None);
    assert_eq!(rag.get("started"), None);
    assert_eq!(rag.get("done"), None);
    assert_eq!(
        string(rag, "note"),
        Some("Chunking first"),
        "undo keeps the note"
    );
    let show = env.json(&["show", "rag", "--json"]);
    assert_eq!(show["status"], "todo");
    assert_eq!(show["note"], "Chunking first");

    let stderr = confirms(&env, &["undo", "rag"]);
    assert!(stderr.contains("already todo"), "{stderr}");

    let stderr = confirms(&env, &["note", "rag", ""]);
    assert!(stderr.contains("removed the note of `rag`"), "{stderr}");
    let doc = parse(&env.read_progress());
    assert!(
        record(&doc, "ai-engineer", "rag").is_none(),
        "empty record removed"
    );

    let stderr = confirms(&env, &["skip", "chatgpt-use", "ai-terminology"]);
    assert!(stderr.contains("skipped `chatgpt-use`"), "{stderr}");
    assert!(stderr.contains("skipped `ai-terminology`"), "{stderr}");
    let doc = parse(&env.read_progress());
    let skipped = record(&doc, "ai-engineer", "chatgpt-use").unwrap();
    assert_eq!(string(skipped, "status"), Some("skipped"));
    let stderr = confirms(&env, &["skip", "chatgpt-use"]);
    assert!(stderr.contains("already skipped"), "{stderr}");

    // Starting a done item does not reopen it.
    confirms(&env, &["done", "python"]);
    let before = env.read_progress();
    let stderr = confirms(&env, &["start", "python"]);
    assert!(stderr.contains("already done"), "{stderr}");
    assert_eq!(env.read_progress(), before);
}

#[test]
fn a_future_or_malformed_date_is_refused_and_nothing_is_written() {
    let env = TestEnv::new();
    for args in [
        vec!["done", "rag", "--on", "2026-12-01"],
        vec!["start", "rag", "--on", "2027-01-01"],
        vec!["profile", "--start", "2026-12-25"],
    ] {
        let stderr = env.fails(2, &args);
        assert!(stderr.contains("in the future"), "{args:?}: {stderr}");
        assert!(!env.progress().exists(), "{args:?} created the file");
    }
    confirms(&env, &["done", "python"]);
    let before = std::fs::read(env.progress()).unwrap();
    for args in [
        vec!["done", "rag", "--on", "2026-12-01"],
        vec!["done", "rag", "--on", "2026-13-01"],
        vec!["done", "rag", "--on", "2026-1-5"],
        vec!["done", "rag", "--on", "tomorrow"],
        vec!["done", "rag", "--on", "3 days later"],
        vec!["start", "rag", "--on", "2026-02-30"],
        vec!["profile", "--start", "soon"],
    ] {
        let stderr = env.fails(2, &args);
        assert!(
            stderr.contains("--on") || stderr.contains("--start"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read(env.progress()).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
    let stderr = env.fails(2, &["done", "rag", "--on", "2026-1-5"]);
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
}

#[test]
fn several_items_are_all_written_or_none() {
    let env = TestEnv::new();
    // No file yet: a refused command does not create one.
    let stderr = env.fails(2, &["done", "rag", "pyhton"]);
    assert!(
        stderr.contains("`pyhton`") && stderr.contains("`python`"),
        "{stderr}"
    );
    assert!(!env.progress().exists());

    confirms(&env, &["done", "git-basics"]);
    let before = std::fs::read(env.progress()).unwrap();
    let cases: [(&[&str], &[&str]); 5] = [
        (&["done", "rag", "pyhton"], &["`pyhton`", "`python`"]),
        (
            &["done", "rag", "prompt"],
            &["prompt-engineering", "prompt-injection-defense"],
        ),
        (&["start", "rag", "zzzzzzzz"], &["`zzzzzzzz`"]),
        (&["skip", "chatgpt-use", "nope-nope"], &["`nope-nope`"]),
        (&["undo", "git-basics", "pyhton"], &["`python`"]),
    ];
    for (args, needles) in cases {
        let stderr = env.fails(2, args);
        for needle in needles {
            assert!(
                stderr.contains(needle),
                "{args:?}: `{needle}` not in\n{stderr}"
            );
        }
        assert!(!stderr.contains("marked"), "{stderr}");
        assert_eq!(
            std::fs::read(env.progress()).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
    let stderr = env.fails(2, &["note", "pyhton", "text"]);
    assert!(stderr.contains("`python`"), "{stderr}");
    assert_eq!(std::fs::read(env.progress()).unwrap(), before);
}

// ---------------------------------------------------------------------------
// profile, use, doctor

#[test]
fn profile_shows_and_sets_the_learner() {
    let env = TestEnv::new();
    let out = env.ok(&["profile", "--color", "never"]);
    assert!(
        out.contains("developer"),
        "the first background is the default:\n{out}"
    );
    assert!(!env.progress().exists(), "showing writes nothing");

    let stderr = confirms(
        &env,
        &[
            "profile",
            "--background",
            "beginner",
            "--hours-per-week",
            "8",
            "--start",
            "2026-06-01",
        ],
    );
    assert!(
        stderr.contains("profile set: background beginner, 8 h/week, start 2026-06-01"),
        "{stderr}"
    );
    let text = env.read_progress();
    assert!(
        text.contains(
            "[roadmaps.ai-engineer.profile]\nbackground = \"beginner\"\nstart = 2026-06-01\nhours_per_week = 8\n"
        ),
        "{text}"
    );
    let out = env.ok(&["profile", "--color", "never"]);
    assert!(
        out.contains("beginner") && out.contains("2026-06-01"),
        "{out}"
    );

    let before = std::fs::read(env.progress()).unwrap();
    let stderr = confirms(&env, &["profile", "--hours-per-week", "8"]);
    assert!(stderr.contains("profile unchanged"), "{stderr}");
    assert_eq!(std::fs::read(env.progress()).unwrap(), before);

    let stderr = env.fails(2, &["profile", "--background", "beginer"]);
    assert!(
        stderr.contains("`beginer`") && stderr.contains("beginner"),
        "{stderr}"
    );
    for hours in ["0", "-3", "500", "lots"] {
        env.fails(2, &["profile", "--hours-per-week", hours]);
    }
    assert_eq!(std::fs::read(env.progress()).unwrap(), before);

    // A change of hours applies from today; the pace before it is kept.
    confirms(&env, &["profile", "--hours-per-week", "12.5"]);
    let doc = parse(&env.read_progress());
    let profile = &doc["roadmaps"]["ai-engineer"]["profile"];
    assert_eq!(profile["hours_per_week"].as_float(), Some(12.5));
    assert_eq!(profile["background"].as_str(), Some("beginner"));
    assert_eq!(
        date(profile.as_table().unwrap(), "since").as_deref(),
        Some(TODAY)
    );
    let earlier = profile["earlier_paces"].as_array().unwrap();
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0]["hours_per_week"].as_integer(), Some(8));
}

#[test]
fn use_makes_a_roadmap_active() {
    let env = TestEnv::new();
    env.install_user_roadmap("tiny.yaml", TINY);
    let stderr = confirms(&env, &["use", "tiny"]);
    assert!(stderr.contains("now using `tiny`"), "{stderr}");
    let doc = parse(&env.read_progress());
    assert_eq!(doc["roadmap"].as_str(), Some("tiny"));
    let before = std::fs::read(env.progress()).unwrap();
    let stderr = confirms(&env, &["use", "tiny"]);
    assert!(stderr.contains("already using `tiny`"), "{stderr}");
    assert_eq!(std::fs::read(env.progress()).unwrap(), before);

    // Commands now work on the active roadmap, and keep progress under its id.
    confirms(&env, &["done", "alpha"]);
    let doc = parse(&env.read_progress());
    assert!(record(&doc, "tiny", "alpha").is_some());

    let stderr = env.fails(2, &["use", "tinny"]);
    assert!(stderr.contains("`tiny`"), "suggests:\n{stderr}");
    let stderr = env.fails(1, &["use", "missing/roadmap.yaml"]);
    assert!(stderr.contains("roadmap.yaml"), "{stderr}");

    // A path is recorded whole, so it works from any folder.
    let path = env.write("mine/tiny-copy.yaml", &TINY.replace("id: tiny", "id: copy"));
    confirms(&env, &["use", "mine/tiny-copy.yaml"]);
    let doc = parse(&env.read_progress());
    let recorded = PathBuf::from(doc["roadmap"].as_str().unwrap());
    assert!(recorded.is_absolute(), "{recorded:?}");
    assert_eq!(recorded, path.canonicalize().unwrap());
    confirms(&env, &["done", "beta"]);
    let doc = parse(&env.read_progress());
    assert!(record(&doc, "copy", "beta").is_some());
}

#[test]
fn doctor_reports_a_clean_file_and_problems() {
    let env = TestEnv::new();
    let out = env.ok(&["doctor", "--color", "never"]);
    assert!(out.contains("No problems found."), "{out}");
    assert!(out.contains("not created yet"), "{out}");
    assert_eq!(
        env.json(&["doctor", "--json"])["problems"],
        serde_json::json!([])
    );

    env.write_progress(
        "format = 1\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2027-01-01\n\n[roadmaps.ai-engineer.items.rag]\nstatus = \"done\"\nstarted = 2026-05-01\ndone = 2026-04-01\n",
    );
    let doc = env.json(&["doctor", "--json"]);
    let kinds: Vec<(&str, &str)> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap(), p["id"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("future_date", "python")), "{doc:#}");
    assert!(kinds.contains(&("date_order", "rag")), "{doc:#}");
}

// ---------------------------------------------------------------------------
// Many writers at once, and writers killed mid-way

#[test]
fn thirty_two_writers_at_once_all_land() {
    let env = TestEnv::new();
    let ids = builtin_ids(&env);
    assert!(ids.len() >= 32);
    let ids = &ids[..32];
    let children: Vec<(String, Child)> = ids
        .iter()
        .map(|id| {
            let child = spawnable(&env, &["done", id])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (id.clone(), child)
        })
        .collect();
    for (id, child) in children {
        let out = child.wait_with_output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "`done {id}`: {stderr}");
        assert!(stderr.contains(&format!("marked `{id}` done")), "{stderr}");
    }
    let text = env.read_progress();
    let doc = parse(&text);
    for id in ids {
        let r = record(&doc, "ai-engineer", id).unwrap_or_else(|| panic!("`{id}` lost:\n{text}"));
        assert_eq!(string(r, "status"), Some("done"));
    }
    assert_eq!(
        doc["roadmaps"]["ai-engineer"]["items"]
            .as_table()
            .unwrap()
            .len(),
        32
    );
    assert_eq!(env.json(&["status", "--json"])["summary"]["done"], 32);
    assert!(temp_files(env.progress().parent().unwrap()).is_empty());
}

/// A small deterministic PRNG (xorshift64*), so the kill delays repeat run to run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn a_killed_writer_leaves_the_old_file_or_the_new_one() {
    let env = TestEnv::new();
    let ids = builtin_ids(&env);
    let targets: Vec<String> = ids[ids.len() - 4..].to_vec();
    // A few hundred lines of progress, for every item but the targets.
    let mut base = String::from(
        "# Progress with a long history.\nformat = 1\n\n[profile]\nstart = 2026-01-01\n",
    );
    for id in &ids[..ids.len() - 4] {
        base.push_str(&format!(
            "\n[roadmaps.ai-engineer.items.{id}]\nstatus = \"done\"\nstarted = 2026-01-01\ndone = 2026-02-01\nnote = \"Notes on {id}, kept for the record\"\n"
        ));
    }
    assert!(base.lines().count() > 300);

    // The file each target's `done` writes when it is not interrupted.
    let mut finished = Vec::new();
    let mut full_run = Duration::ZERO;
    for id in &targets {
        env.write_progress(&base);
        let started = Instant::now();
        confirms(&env, &["done", id]);
        full_run = full_run.max(started.elapsed());
        let new = env.read_progress();
        assert_ne!(new, base);
        finished.push(new);
    }

    // Kill at a random moment within a whole run (at least the first 5 ms).
    let window_us = (full_run.as_micros() as u64).max(5_000);
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut old_seen, mut new_seen) = (0, 0);
    for round in 0..40 {
        let k = round % targets.len();
        env.write_progress(&base);
        let mut child = spawnable(&env, &["done", &targets[k]])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(window_us)));
        let _ = child.kill(); // SIGKILL; it may have finished already
        child.wait().unwrap();

        let now = env.read_progress();
        if now == base {
            old_seen += 1;
        } else if now == finished[k] {
            new_seen += 1;
        } else {
            panic!("round {round}: the file is neither the old nor the new version:\n{now}");
        }
        // And it parses: the next command can use it.
        let doc = env.json(&["doctor", "--json"]);
        assert_eq!(doc["problems"], serde_json::json!([]), "round {round}");
    }
    let dir = env.progress().parent().unwrap().to_path_buf();
    let leftovers = temp_files(&dir);
    eprintln!(
        "killed writers: {old_seen} left the old file, {new_seen} the new one; \
         {} temporary file(s) left behind: {leftovers:?}",
        leftovers.len()
    );
    // Nothing else may appear beside the file: only its lock and temp files.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "progress.toml"
                || name == "progress.toml.lock"
                || (name.starts_with(".progress.toml.") && name.ends_with(".tmp")),
            "unexpected file `{name}`"
        );
    }
    // The next writer, holding the lock, clears what killed writers left behind.
    env.write_progress(&base);
    confirms(&env, &["done", &targets[0]]);
    assert_eq!(temp_files(&dir), Vec::<String>::new());
}

/// The kills above land at random moments, most of them before or after the
/// write. Here each kill is aimed at the write itself: the test watches the folder
/// and sends SIGKILL the moment the writer's temporary file appears, so the kill
/// lands between the temp file's creation and the rename. Rounds that leave the
/// temp file behind prove the kill interrupted a write; the file is still the old
/// one or the new one, whole, every time.
#[cfg(unix)]
#[test]
fn a_kill_aimed_at_the_write_itself_leaves_the_old_file_or_the_new_one() {
    let env = TestEnv::new();
    let ids = builtin_ids(&env);
    let target = ids.last().unwrap().clone();
    // About a megabyte, so writing and syncing it takes a while.
    let mut base = String::from("# Progress with long notes.\nformat = 2\n");
    for id in &ids[..ids.len() - 1] {
        base.push_str(&format!(
            "\n[roadmaps.ai-engineer.items.{id}]\nstatus = \"done\"\ndone = 2026-02-01\nnote = \"{}\"\n",
            "a long note kept for the record. ".repeat(300)
        ));
    }
    assert!(base.len() > 1_000_000);
    env.write_progress(&base);
    confirms(&env, &["done", &target]);
    let finished = env.read_progress();
    assert_ne!(finished, base);

    let dir = env.progress().parent().unwrap().to_path_buf();
    let (mut mid_write, mut old_seen, mut new_seen) = (0, 0, 0);
    for round in 0..30 {
        env.write_progress(&base);
        for name in temp_files(&dir) {
            let _ = std::fs::remove_file(dir.join(name));
        }
        let mut child = spawnable(&env, &["done", &target])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Watch for the temp file; kill as soon as it is there.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if !temp_files(&dir).is_empty() {
                let _ = child.kill();
                break;
            }
            if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                break;
            }
        }
        let _ = child.kill();
        child.wait().unwrap();
        if !temp_files(&dir).is_empty() {
            mid_write += 1;
        }
        let now = env.read_progress();
        if now == base {
            old_seen += 1;
        } else if now == finished {
            new_seen += 1;
        } else {
            panic!("round {round}: the file is neither the old nor the new version");
        }
    }
    eprintln!(
        "kills aimed at the write: {mid_write} left a temp file behind (interrupted mid-write); \
         {old_seen} left the old file, {new_seen} the new one"
    );
    assert!(
        mid_write > 0,
        "no kill interrupted a write ({old_seen} old, {new_seen} new)"
    );
    // The next writer clears what the killed ones left, and the file is whole.
    env.write_progress(&base);
    confirms(&env, &["done", &target]);
    assert_eq!(env.read_progress(), finished);
    assert_eq!(temp_files(&dir), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// Files that cannot be trusted

/// Every command that writes the progress file, with arguments.
fn writing_commands(import: &Path) -> Vec<Vec<String>> {
    let import = import.to_str().unwrap().to_string();
    [
        vec!["done", "rag"],
        vec!["start", "rag"],
        vec!["skip", "rag"],
        vec!["undo", "python"],
        vec!["note", "rag", "a note"],
        vec!["profile", "--hours-per-week", "5"],
        vec!["use", "ai-engineer"],
        vec!["import", import.as_str()],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(String::from).collect())
    .collect()
}

fn import_file(env: &TestEnv) -> PathBuf {
    env.write(
        "other.toml",
        "format = 1\n\n[roadmaps.ai-engineer.items.rag]\nstatus = \"done\"\ndone = 2026-01-01\n",
    )
}

fn assert_refused_unchanged(env: &TestEnv, fixture_name: &str, needle: &str, line: usize) {
    let original = std::fs::read(fixture(fixture_name)).unwrap();
    std::fs::write(env.progress(), &original).unwrap();
    let path = env.progress().display().to_string();
    let mut commands = writing_commands(&import_file(env));
    commands.push(vec!["status".into()]);
    for args in commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let stderr = env.fails(1, &args);
        assert!(
            stderr.contains(&format!("{path}:{line}:")),
            "{args:?}: names the file and line {line}:\n{stderr}"
        );
        assert!(stderr.contains(needle), "{args:?}:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            std::fs::read(env.progress()).unwrap(),
            original,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn a_corrupt_progress_file_is_never_rewritten() {
    let env = TestEnv::new();
    assert_refused_unchanged(&env, "corrupt.toml", "not valid TOML", 6);
}

#[test]
fn a_newer_progress_format_is_refused_not_rewritten() {
    let env = TestEnv::new();
    assert_refused_unchanged(&env, "format-99.toml", "format 99", 2);
}

#[test]
fn an_empty_progress_file_is_not_a_fresh_start() {
    let env = TestEnv::new();
    env.write_progress("");
    let mut commands = writing_commands(&import_file(&env));
    commands.push(vec!["status".into()]);
    for args in commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let stderr = env.fails(1, &args);
        assert!(stderr.contains("empty"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("delete"),
            "{args:?}: says how to start over:\n{stderr}"
        );
        assert!(
            stderr.contains(&env.progress().display().to_string()),
            "{stderr}"
        );
        assert_eq!(
            std::fs::metadata(env.progress()).unwrap().len(),
            0,
            "{args:?}"
        );
    }
}

#[test]
fn a_non_utf8_or_folder_progress_path_is_refused() {
    let env = TestEnv::new();
    let original =
        b"format = 1\n\n# caf\xe9 notes\n[roadmaps.ai-engineer.items.rag]\nstatus = \"done\"\n";
    std::fs::write(env.progress(), original).unwrap();
    let path = env.progress().display().to_string();
    for args in [vec!["done", "python"], vec!["status"]] {
        let stderr = env.fails(1, &args);
        assert!(stderr.contains("UTF-8"), "{stderr}");
        assert!(
            stderr.contains(&format!("{path}:3:")),
            "names line 3:\n{stderr}"
        );
        assert_eq!(std::fs::read(env.progress()).unwrap(), original);
    }

    let folder = env.root().join("folder.toml");
    std::fs::create_dir(&folder).unwrap();
    for args in [vec!["done", "python"], vec!["status"]] {
        let mut all = vec!["--progress", folder.to_str().unwrap()];
        all.extend(args);
        let stderr = env.fails(1, &all);
        assert!(stderr.contains("folder.toml"), "{stderr}");
        assert!(stderr.contains("folder"), "{stderr}");
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn crlf_line_endings_survive_a_write() {
    let env = TestEnv::new();
    let original = fixture_text("hand-written.toml").replace('\n', "\r\n");
    env.write_progress(&original);
    // Nothing to change: the file stays byte for byte.
    let stderr = confirms(&env, &["done", "statistics"]);
    assert!(stderr.contains("already done"), "{stderr}");
    assert_eq!(
        env.read_progress(),
        original,
        "rewritten with nothing to change"
    );

    confirms(&env, &["done", "python", "--on", "2026-03-01"]);
    let new = env.read_progress();
    // The next write moves a format-1 file to format 2, and keeps its endings.
    let head = "# My learning log.   Edited by hand, kept in git.\r\nformat   =   2\r\n";
    assert!(new.starts_with(head), "line endings changed:\n{new:?}");
    assert!(
        !new.replace("\r\n", "").contains('\n'),
        "mixed line endings:\n{new:?}"
    );
}

#[test]
fn a_byte_order_mark_does_not_make_a_no_op_write() {
    let env = TestEnv::new();
    // No `start` in the profile: a rewrite would also record one.
    let text = "\u{feff}# saved by an editor that adds a BOM\nformat = 1\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2026-01-15\n";
    env.write_progress(text);
    for args in [
        vec!["done", "python"],
        vec!["undo", "rag"],
        vec!["start", "python"],
    ] {
        let stderr = confirms(&env, &args);
        assert!(stderr.contains("already"), "{stderr}");
        assert_eq!(env.read_progress(), text, "{args:?} rewrote the file");
    }
}

#[test]
fn hand_edits_comments_and_orphans_survive_a_write() {
    let env = TestEnv::new();
    let original = fixture_text("hand-written.toml");
    env.write_progress(&original);

    let stderr = confirms(&env, &["done", "python", "--on", "2026-03-01"]);
    assert!(
        stderr.contains("marked `python` done (2026-03-01)"),
        "{stderr}"
    );
    let new = env.read_progress();
    // The write moves the file to format 2: the shared profile becomes the
    // roadmap's own, in its place, with its comments.
    let moved = original
        .replace("format   =   1", "format   =   2")
        .replace("[profile]", "[roadmaps.ai-engineer.profile]");
    assert_eq!(
        added_lines(&moved, &new),
        [
            "[roadmaps.ai-engineer.items.python]",
            "status = \"done\"",
            "done = 2026-03-01"
        ],
        "only the new record was added:\n{new}"
    );
    // Comments, odd spacing and the orphan, verbatim with what surrounds them.
    for chunk in [
        "# My learning log.   Edited by hand, kept in git.\nformat   =   2\n",
        "# --- who I am ---\n[roadmaps.ai-engineer.profile]\nhours_per_week = 6   # evenings only\n",
        "[roadmaps.ai-engineer.items.statistics]   # from university\nstatus = \"done\"\ndone   = 2026-01-15\nnote = 'kept from my degree'\n",
        "# An item the roadmap no longer has; keep it.\n[roadmaps.ai-engineer.items.old-thing]\nstatus    = \"started\"\nstarted   = 2026-02-01\n",
        "    # an indented comment before the last table\n[roadmaps.ai-engineer.items.zz-last]\nstatus = \"skipped\"   # not for me\n",
    ] {
        assert!(new.contains(chunk), "lost:\n{chunk}\nin:\n{new}");
    }

    // A second write, to an existing record, keeps its comment too.
    confirms(&env, &["note", "statistics", "From my degree"]);
    let new = env.read_progress();
    assert!(
        new.contains("[roadmaps.ai-engineer.items.statistics]   # from university\n"),
        "{new}"
    );
    assert!(
        new.contains("old-thing") && new.contains("zz-last"),
        "{new}"
    );

    let doc = env.json(&["doctor", "--json"]);
    let orphans: Vec<&str> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "orphan")
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(orphans, ["old-thing", "zz-last"], "{doc:#}");

    let out = env.run(&["status", "--color", "never"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("warning"), "{stderr}");
    assert!(
        stderr.contains("old-thing") && stderr.contains("zz-last"),
        "{stderr}"
    );
    assert!(
        !text(&out.stdout).contains("warning:"),
        "warnings go to stderr"
    );
}

// ---------------------------------------------------------------------------
// Aliases

const RENAMED: &str = "\
format: 1
id: renamed
title: Renamed
stages:
  - id: s
    title: S
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: retrieval, title: Retrieval, aliases: [old-rag] }
      - { id: other, title: Other }
";

#[test]
fn progress_under_an_old_id_counts_and_moves_on_the_next_write() {
    let env = TestEnv::new();
    env.install_user_roadmap("renamed.yaml", RENAMED);
    env.write_progress(&fixture_text("aliased.toml"));

    let show = env.json(&["show", "retrieval", "--json"]);
    assert_eq!(show["status"], "done");
    assert_eq!(show["done"], "2026-05-01");
    assert_eq!(show["note"], "recorded before the rename");
    assert_eq!(env.json(&["show", "old-rag", "--json"])["id"], "retrieval");
    assert_eq!(env.json(&["status", "--json"])["summary"]["done"], 1);
    let doctor = env.json(&["doctor", "--json"]);
    assert!(
        doctor["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["kind"] != "orphan"),
        "an alias is no orphan:\n{doctor:#}"
    );

    confirms(&env, &["done", "other"]);
    let text = env.read_progress();
    assert!(!text.contains("items.old-rag]"), "moved:\n{text}");
    let doc = parse(&text);
    let moved = record(&doc, "renamed", "retrieval").expect(&text);
    assert_eq!(string(moved, "status"), Some("done"));
    assert_eq!(date(moved, "done").as_deref(), Some("2026-05-01"));
    assert_eq!(string(moved, "note"), Some("recorded before the rename"));
    assert!(record(&doc, "renamed", "other").is_some());
    assert_eq!(env.json(&["show", "retrieval", "--json"])["status"], "done");
    assert_eq!(env.json(&["status", "--json"])["summary"]["done"], 2);
}

// ---------------------------------------------------------------------------
// Read-only commands, and where the file lives

/// The tree, less the cache SPEC section 1 allows under `<cache dir>/roadmap/`.
fn tree_without_cache(env: &TestEnv) -> Vec<PathBuf> {
    let cache = env.root().join("cache").join("roadmap");
    env.tree()
        .into_iter()
        .filter(|p| !p.starts_with(&cache))
        .collect()
}

#[test]
fn read_only_commands_create_nothing() {
    let env = TestEnv::new();
    let roadmap_file = env.write("check.yaml", TINY);
    let check = roadmap_file.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec![],
        vec!["status"],
        vec!["status", "--json"],
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", "python"],
        vec!["show", "python", "--json"],
        vec!["next"],
        vec!["next", "--json"],
        vec!["timeline"],
        vec!["timeline", "--json"],
        vec!["log"],
        vec!["log", "--json"],
        vec!["roadmaps"],
        vec!["roadmaps", "--json"],
        vec!["validate", check],
        vec!["validate", check, "--json"],
        vec!["doctor"],
        vec!["doctor", "--json"],
        vec!["export"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "markdown"],
        vec!["export", "--format", "toml"],
        vec!["profile"],
    ];
    let before = tree_without_cache(&env);
    for args in &commands {
        env.ok(args);
    }
    assert_eq!(tree_without_cache(&env), before, "with $ROADMAP_PROGRESS");
    // A refused command creates nothing either.
    env.fails(2, &["show", "pyhton"]);
    assert_eq!(tree_without_cache(&env), before);

    // The same at the default location.
    for args in &commands {
        let out = env
            .cmd()
            .env_remove("ROADMAP_PROGRESS")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(tree_without_cache(&env), before, "at the default location");
}

#[test]
fn the_progress_flag_beats_the_environment_which_beats_the_default() {
    let env = TestEnv::new();
    let flag = env.root().join("flag.toml");
    let default = env
        .root()
        .join("data")
        .join("roadmap")
        .join("progress.toml");

    confirms(
        &env,
        &["done", "python", "--progress", flag.to_str().unwrap()],
    );
    assert!(
        std::fs::read_to_string(&flag)
            .unwrap()
            .contains("items.python]")
    );
    assert!(
        !env.progress().exists(),
        "--progress beat $ROADMAP_PROGRESS"
    );

    confirms(&env, &["done", "rag"]);
    let env_text = env.read_progress();
    assert!(env_text.contains("items.rag]") && !env_text.contains("items.python]"));

    let out = env
        .cmd()
        .env_remove("ROADMAP_PROGRESS")
        .args(["doctor", "--color", "never"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&default.display().to_string()), "{stdout}");
    assert!(stdout.contains("not created yet"), "{stdout}");
    assert!(!default.parent().unwrap().exists());

    let out = env
        .cmd()
        .env_remove("ROADMAP_PROGRESS")
        .args(["done", "git-basics"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let default_text = std::fs::read_to_string(&default).expect("created with its folder");
    assert!(default_text.contains("items.git-basics]"), "{default_text}");
    assert!(!default_text.contains("items.rag]"));

    // Each source is named by doctor.
    let describe = |cmd: &mut assert_cmd::Command| text(&cmd.output().unwrap().stdout);
    let from_flag = describe(
        env.cmd()
            .args(["doctor", "--progress", flag.to_str().unwrap()]),
    );
    assert!(from_flag.contains("--progress"), "{from_flag}");
    let from_env = describe(env.cmd().arg("doctor"));
    assert!(from_env.contains("ROADMAP_PROGRESS"), "{from_env}");

    // The first write creates the folders of a path the user named too (SPEC section 1).
    let missing = env.root().join("no-such-folder").join("p.toml");
    confirms(
        &env,
        &["done", "python", "--progress", missing.to_str().unwrap()],
    );
    assert!(
        std::fs::read_to_string(&missing)
            .unwrap()
            .contains("items.python]")
    );
}

#[test]
fn a_refused_write_creates_no_folder_or_file_at_the_default_location() {
    let env = TestEnv::new();
    let before = tree_without_cache(&env);
    for args in [
        vec!["done", "pyhton"],
        vec!["done", "rag", "prompt"],
        vec!["note", "pyhton", "text"],
        vec!["profile", "--background", "nope"],
    ] {
        let out = env
            .cmd()
            .env_remove("ROADMAP_PROGRESS")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(tree_without_cache(&env), before, "{args:?} wrote to disk");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_progress_file_is_written_through() {
    let env = TestEnv::new();
    let dotfiles = env.root().join("dotfiles");
    std::fs::create_dir_all(&dotfiles).unwrap();
    let real = dotfiles.join("progress.toml");
    std::fs::write(&real, "# kept in my dotfiles\nformat = 1\n").unwrap();
    std::os::unix::fs::symlink(&real, env.progress()).unwrap();

    confirms(&env, &["done", "python"]);
    let meta = std::fs::symlink_metadata(env.progress()).unwrap();
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    assert_eq!(std::fs::read_link(env.progress()).unwrap(), real);
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(
        text.starts_with("# kept in my dotfiles\nformat = 2\n"),
        "{text}"
    );
    assert!(text.contains("items.python]"), "{text}");
    assert!(temp_files(&dotfiles).is_empty());
    assert!(temp_files(env.progress().parent().unwrap()).is_empty());
    assert_eq!(env.json(&["show", "python", "--json"])["status"], "done");

    // A link to nowhere is a clear error, and stays as it is.
    let dangling = env.root().join("dangling.toml");
    std::os::unix::fs::symlink(env.root().join("gone").join("p.toml"), &dangling).unwrap();
    let stderr = env.fails(
        1,
        &["done", "rag", "--progress", dangling.to_str().unwrap()],
    );
    assert!(stderr.contains("dangling.toml"), "{stderr}");
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
