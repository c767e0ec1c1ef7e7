//! `roadmap merge-driver BASE OURS THEIRS` on crafted triples, as git would call it.

mod common;

use common::TestEnv;

/// Write the three versions, run the driver, and return the merged OURS.
fn merge(env: &TestEnv, base: &str, ours: &str, theirs: &str) -> String {
    let (b, o, t) = write_three(env, base, ours, theirs);
    let out = env.run(&[
        "merge-driver",
        b.to_str().unwrap(),
        o.to_str().unwrap(),
        t.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "merge-driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "git reads nothing from stdout");
    std::fs::read_to_string(o).unwrap()
}

fn write_three(
    env: &TestEnv,
    base: &str,
    ours: &str,
    theirs: &str,
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    (
        env.write(".merge_file_base", base),
        env.write(".merge_file_ours", ours),
        env.write(".merge_file_theirs", theirs),
    )
}

/// What `roadmap export --format json` says about a merged file, item by item.
fn items(env: &TestEnv, text: &str) -> serde_json::Value {
    env.write_progress(text);
    let doc = env.json(&["export", "--roadmap", "ai-engineer"]);
    let mut out = serde_json::Map::new();
    for stage in doc["stages"].as_array().unwrap() {
        for item in stage["items"].as_array().unwrap() {
            if item["status"] != "todo" || !item["note"].is_null() {
                out.insert(item["id"].as_str().unwrap().to_string(), item.clone());
            }
        }
    }
    serde_json::Value::Object(out)
}

const BASE: &str = "\
# My progress. Synced between the laptop and the desktop.
format = 1

[roadmaps.ai-engineer.items.python]
status = \"started\"
started = 2026-10-01

[roadmaps.ai-engineer.items.git-basics]
status = \"done\"
done = 2026-09-15
note = \"branches and rebase\"

[roadmaps.ai-engineer.items.openai-api]
status = \"started\"
started = 2026-11-01
";

#[test]
fn hand_edited_files_with_comments_and_crlf_merge_and_keep_every_comment() {
    let env = TestEnv::new();
    // The laptop (ours, CRLF as a Windows editor leaves it) finished python and
    // wrote a comment; the desktop (theirs) ticked openai-api with a comment of its own.
    let ours = BASE
        .replace(
            "[roadmaps.ai-engineer.items.python]\nstatus = \"started\"\nstarted = 2026-10-01",
            "# finally!\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\nstarted = 2026-10-01\ndone = 2026-11-20",
        )
        .replace('\n', "\r\n");
    let theirs = BASE.replace(
        "[roadmaps.ai-engineer.items.openai-api]\nstatus = \"started\"\nstarted = 2026-11-01",
        "[roadmaps.ai-engineer.items.openai-api]\nstatus = \"done\" # on the desktop\nstarted = 2026-11-01\ndone = 2026-11-25",
    );
    let merged = merge(&env, BASE, &ours, &theirs);
    assert!(!merged.contains("<<<<"), "{merged}");
    assert!(
        !merged.replace("\r\n", "").contains('\n'),
        "our CRLF line ends stay: {merged:?}"
    );
    for kept in [
        "# My progress. Synced between the laptop and the desktop.",
        "# finally!",
        "status = \"done\" # on the desktop",
    ] {
        assert!(merged.contains(kept), "`{kept}` lost:\n{merged}");
    }
    let items = items(&env, &merged);
    assert_eq!(items["python"]["status"], "done");
    assert_eq!(items["python"]["done"], "2026-11-20");
    assert_eq!(items["openai-api"]["status"], "done");
    assert_eq!(items["openai-api"]["done"], "2026-11-25");
    assert_eq!(items["git-basics"]["note"], "branches and rebase");
}

#[test]
fn a_note_changed_on_both_sides_keeps_both_and_the_further_status_wins() {
    let env = TestEnv::new();
    // Both sides changed python too: ours its start, theirs skipped it.
    let ours = BASE
        .replace(
            "note = \"branches and rebase\"",
            "note = \"branches, rebase and bisect\"",
        )
        .replace("started = 2026-10-01", "started = 2026-10-02");
    let theirs = BASE
        .replace("note = \"branches and rebase\"", "note = \"worktrees too\"")
        .replace(
            "status = \"started\"\nstarted = 2026-10-01",
            "status = \"skipped\"",
        );
    let merged = merge(&env, BASE, &ours, &theirs);
    let items = items(&env, &merged);
    let note = items["git-basics"]["note"].as_str().unwrap();
    assert!(
        note.contains("branches, rebase and bisect") && note.contains("worktrees too"),
        "{note:?}"
    );
    assert_eq!(
        items["python"]["status"], "started",
        "skipped wins only over todo"
    );
}

#[test]
fn an_undo_or_a_corrected_date_on_one_side_is_kept() {
    let env = TestEnv::new();
    // Ours undid git-basics (its note stays); theirs corrected python's start.
    let ours = BASE.replace("status = \"done\"\ndone = 2026-09-15\nnote", "note");
    let theirs = BASE.replace("started = 2026-10-01", "started = 2026-09-20");
    let merged = merge(&env, BASE, &ours, &theirs);
    let items = items(&env, &merged);
    assert_eq!(items["git-basics"]["status"], "todo");
    assert_eq!(items["git-basics"]["note"], "branches and rebase");
    assert_eq!(items["python"]["started"], "2026-09-20");
}

#[test]
fn orphans_other_roadmaps_and_the_profile_are_merged() {
    let env = TestEnv::new();
    let base = "format = 1\n\n[profile]\nbackground = \"developer\"\nhours_per_week = 10\n";
    let ours = "format = 1\n\n[profile]\nbackground = \"beginner\"\nhours_per_week = 10\n\n[roadmaps.ai-engineer.items.gone-item]\nstatus = \"done\"\ndone = 2026-01-01\n";
    let theirs = "format = 1\nroadmap = \"ai-engineer\"\n\n[profile]\nbackground = \"developer\"\nhours_per_week = 6\n\n[roadmaps.rust-dev.items.ownership]\nstatus = \"started\"\nstarted = 2026-02-02\nnote = \"the book, ch. 4\"\n";
    let merged = merge(&env, base, ours, theirs);
    env.write_progress(&merged);
    let profile = env.ok(&["profile"]);
    assert!(
        profile.contains("beginner"),
        "our background change: {profile}"
    );
    assert!(profile.contains('6'), "their hours change: {profile}");
    assert!(merged.contains("roadmap = \"ai-engineer\""), "{merged}");
    assert!(
        merged.contains("[roadmaps.ai-engineer.items.gone-item]"),
        "{merged}"
    );
    assert!(
        merged.contains("[roadmaps.rust-dev.items.ownership]")
            && merged.contains("note = \"the book, ch. 4\""),
        "{merged}"
    );
}

#[test]
fn without_a_common_ancestor_the_two_files_are_united() {
    let env = TestEnv::new();
    let ours =
        "format = 1\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2026-11-02\n";
    let theirs = "# desktop\nformat = 1\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"started\"\nstarted = 2026-10-30\nnote = \"from the desktop\"\n\n[roadmaps.ai-engineer.items.rag]\nstatus = \"started\"\nstarted = 2026-11-03\n";
    let merged = merge(&env, "", ours, theirs);
    let items = items(&env, &merged);
    assert_eq!(items["python"]["status"], "done");
    assert_eq!(items["python"]["started"], "2026-10-30");
    assert_eq!(items["python"]["note"], "from the desktop");
    assert_eq!(items["rag"]["status"], "started");
}

#[test]
fn merging_a_file_with_itself_changes_no_byte() {
    let env = TestEnv::new();
    let text = format!("{BASE}# trailing comment\n");
    assert_eq!(merge(&env, BASE, &text, &text), text);
    assert_eq!(merge(&env, &text, &text, BASE), BASE, "only theirs changed");
}

#[test]
fn a_file_it_cannot_read_stops_git_and_changes_nothing() {
    let env = TestEnv::new();
    let marked =
        "format = 1\n<<<<<<< ours\n[roadmaps.ai-engineer.items.python]\n=======\n>>>>>>> theirs\n";
    let (b, o, t) = write_three(&env, BASE, BASE, marked);
    let err = env.fails(
        1,
        &[
            "merge-driver",
            b.to_str().unwrap(),
            o.to_str().unwrap(),
            t.to_str().unwrap(),
        ],
    );
    assert!(err.contains("their version"), "{err}");
    assert!(err.contains(".merge_file_theirs"), "{err}");
    assert!(
        err.contains(".merge_file_theirs:2:"),
        "names the line: {err}"
    );
    assert_eq!(std::fs::read_to_string(&o).unwrap(), BASE, "OURS untouched");

    let missing = env.root().join("no-such-file");
    let err = env.fails(
        1,
        &[
            "merge-driver",
            b.to_str().unwrap(),
            o.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    );
    assert!(err.contains("no-such-file"), "{err}");

    let newer = "format = 99\n";
    let (b, o, t) = write_three(&env, BASE, newer, BASE);
    let err = env.fails(
        1,
        &[
            "merge-driver",
            b.to_str().unwrap(),
            o.to_str().unwrap(),
            t.to_str().unwrap(),
        ],
    );
    assert!(err.contains("format 99"), "{err}");
    assert_eq!(std::fs::read_to_string(&o).unwrap(), newer);
}
