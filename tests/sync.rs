//! `roadmap sync` between homes through a local bare repository, with the real
//! `git`. Git's global and system configuration are shut out and the author is
//! set here, so the user's own configuration is never read or written.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::TestEnv;

/// One machine: its own home and progress file.
struct Home {
    env: TestEnv,
}

impl Home {
    fn new() -> Home {
        let env = TestEnv::new();
        // As many users have it; a new repository's branch follows it.
        std::fs::write(
            env.root().join("gitconfig"),
            "[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        Home { env }
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.env.cmd();
        for (key, value) in git_env(self.env.root()) {
            cmd.env(key, value);
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Run and expect success; returns stderr, where sync reports.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "`roadmap {}` failed ({:?}):\n{}",
            args.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "`roadmap {}`:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    fn folder(&self) -> PathBuf {
        self.env.progress().parent().unwrap().to_path_buf()
    }

    fn text(&self) -> String {
        std::fs::read_to_string(self.env.progress()).unwrap_or_default()
    }

    fn git(&self, args: &[&str]) -> String {
        git(self.env.root(), &self.folder(), args)
    }

    /// Items with progress, from the JSON export: id -> (status, started, done, note).
    fn items(&self) -> Vec<(String, String, String, String, String)> {
        let doc = self.env.json(&["export"]);
        let mut out = Vec::new();
        for stage in doc["stages"].as_array().unwrap() {
            for item in stage["items"].as_array().unwrap() {
                if item["status"] != "todo" || !item["note"].is_null() {
                    let s = |k: &str| item[k].as_str().unwrap_or("-").to_string();
                    out.push((s("id"), s("status"), s("started"), s("done"), s("note")));
                }
            }
        }
        out
    }
}

fn git_env(root: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("GIT_CONFIG_GLOBAL", root.join("gitconfig").into_os_string()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("GIT_AUTHOR_NAME", "Test Learner".into()),
        ("GIT_AUTHOR_EMAIL", "learner@example.com".into()),
        ("GIT_COMMITTER_NAME", "Test Learner".into()),
        ("GIT_COMMITTER_EMAIL", "learner@example.com".into()),
        ("GIT_TERMINAL_PROMPT", "0".into()),
    ]
}

/// Run git in `dir` with the isolated configuration under `root`.
fn git(root: &Path, dir: &Path, args: &[&str]) -> String {
    let mut cmd = std::process::Command::new("git");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", root)
        .arg("-C")
        .arg(dir)
        .args(args);
    for (key, value) in git_env(root) {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// An empty bare repository: the remote every home syncs with.
fn bare_remote(owner: &Home) -> PathBuf {
    let path = owner.env.root().join("remote.git");
    std::fs::create_dir_all(&path).unwrap();
    git(owner.env.root(), &path, &["init", "--quiet", "--bare"]);
    path
}

fn assert_no_markers(home: &Home) {
    let text = home.text();
    for marker in ["<<<<<<<", ">>>>>>>", "======="] {
        assert!(!text.contains(marker), "conflict marker in:\n{text}");
    }
}

fn edit_laptop(home: &Home) {
    home.env.ok(&["done", "python", "--on", "2026-11-10"]);
    home.env
        .ok(&["note", "python", "laptop: packaged with tests"]);
    home.env.ok(&["start", "rag", "--on", "2026-11-12"]);
    // A comment written by hand survives the trip to the other machine.
    let text = home
        .text()
        .replacen("[roadmaps.", "# written on the laptop\n[roadmaps.", 1);
    std::fs::write(home.env.progress(), text).unwrap();
}

fn edit_desktop(home: &Home) {
    home.env.ok(&["done", "git-basics", "--on", "2026-11-05"]);
    home.env.ok(&["note", "python", "desktop: type hints"]);
    home.env.ok(&["done", "rag", "--on", "2026-11-20"]);
}

#[test]
fn two_homes_end_with_the_same_union_whichever_syncs_first() {
    for laptop_first in [true, false] {
        let laptop = Home::new();
        let desktop = Home::new();
        let remote = bare_remote(&laptop);
        let url = remote.to_str().unwrap();
        edit_laptop(&laptop);
        edit_desktop(&desktop);
        let (first, second) = if laptop_first {
            (&laptop, &desktop)
        } else {
            (&desktop, &laptop)
        };
        let said = first.ok(&["sync", "--remote", url]);
        assert!(said.contains("pushed to origin/main"), "{said}");
        let said = second.ok(&["sync", "--remote", url]);
        assert!(said.contains("merged from origin/main"), "{said}");
        assert!(said.contains("pushed to origin/main"), "{said}");
        first.ok(&["sync"]);

        assert_eq!(
            laptop.text(),
            desktop.text(),
            "laptop_first: {laptop_first}"
        );
        assert_no_markers(&laptop);
        assert!(
            laptop.text().contains("# written on the laptop"),
            "{}",
            laptop.text()
        );
        let items = laptop.items();
        let get = |id: &str| items.iter().find(|i| i.0 == id).unwrap().clone();
        let python = get("python");
        assert_eq!(
            (python.1.as_str(), python.3.as_str()),
            ("done", "2026-11-10")
        );
        assert!(
            python.4.contains("laptop: packaged with tests")
                && python.4.contains("desktop: type hints"),
            "both notes kept: {python:?}"
        );
        assert_eq!(get("git-basics").1, "done");
        let rag = get("rag");
        assert_eq!(rag.1, "done", "the further status wins");
        assert_eq!(rag.3, "2026-11-20");
        assert_eq!(desktop.items(), items);

        // Round two, from the shared history: each changes what the other left alone,
        // and both change python's note.
        laptop.env.ok(&["undo", "git-basics"]);
        laptop.env.ok(&["note", "python", "laptop only"]);
        desktop.env.ok(&["undo", "rag"]);
        desktop.env.ok(&["done", "rag", "--on", "2026-11-22"]);
        desktop.env.ok(&["note", "python", "desktop only"]);
        second.ok(&["sync"]);
        first.ok(&["sync"]);
        second.ok(&["sync"]);
        assert_eq!(laptop.text(), desktop.text());
        assert_no_markers(&desktop);
        let items = desktop.items();
        let get = |id: &str| items.iter().find(|i| i.0 == id).cloned();
        assert!(
            get("git-basics").is_none(),
            "the laptop's undo is kept: {items:?}"
        );
        assert_eq!(
            get("rag").unwrap().3,
            "2026-11-22",
            "the desktop's new date"
        );
        let note = get("python").unwrap().4;
        assert!(
            note.contains("laptop only") && note.contains("desktop only"),
            "{note}"
        );
    }
}

#[test]
fn a_third_machine_joining_late_gets_everything_and_adds_its_own() {
    let laptop = Home::new();
    let desktop = Home::new();
    let remote = bare_remote(&laptop);
    let url = remote.to_str().unwrap();
    edit_laptop(&laptop);
    edit_desktop(&desktop);
    laptop.ok(&["sync", "--remote", url]);
    desktop.ok(&["sync", "--remote", url]);

    // A new machine with no progress file at all.
    let new = Home::new();
    let said = new.ok(&["sync", "--remote", url]);
    assert!(said.contains("merged from origin/main"), "{said}");
    assert_eq!(new.text(), desktop.text());
    new.env
        .ok(&["done", "prompt-engineering", "--on", "2026-11-28"]);
    new.ok(&["sync"]);

    // A fourth, which had progress of its own before it joined.
    let old = Home::new();
    old.env.ok(&["done", "openai-api", "--on", "2026-10-01"]);
    old.env.ok(&["note", "python", "from the old netbook"]);
    old.ok(&["sync", "--remote", url]);
    laptop.ok(&["sync"]);
    desktop.ok(&["sync"]);
    new.ok(&["sync"]);
    for home in [&laptop, &desktop, &new] {
        assert_eq!(home.text(), old.text());
        assert_no_markers(home);
    }
    let items = old.items();
    let ids: Vec<&str> = items.iter().map(|i| i.0.as_str()).collect();
    for id in [
        "python",
        "git-basics",
        "rag",
        "prompt-engineering",
        "openai-api",
    ] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
    }
    let python = items.iter().find(|i| i.0 == "python").unwrap();
    assert!(python.4.contains("from the old netbook"), "{python:?}");
}

#[test]
fn an_unreachable_remote_keeps_the_progress_committed_here() {
    let laptop = Home::new();
    laptop.env.ok(&["done", "python"]);
    let before = laptop.text();
    let missing = laptop.env.root().join("not-yet").join("remote.git");
    let err = laptop.fails(1, &["sync", "--remote", missing.to_str().unwrap()]);
    assert!(err.contains("cannot reach the remote"), "{err}");
    assert!(err.contains("nothing was lost"), "{err}");
    assert_eq!(laptop.text(), before);
    assert!(laptop.git(&["log", "--oneline"]).contains("Progress as of"));

    // Once the remote exists, `roadmap sync` alone finishes the job.
    std::fs::create_dir_all(&missing).unwrap();
    git(laptop.env.root(), &missing, &["init", "--quiet", "--bare"]);
    let said = laptop.ok(&["sync"]);
    assert!(said.contains("pushed to origin/main"), "{said}");
}

#[test]
fn a_remote_that_refuses_pushes_is_reported_and_nothing_is_lost() {
    let laptop = Home::new();
    let remote = bare_remote(&laptop);
    // A hook refuses every push, whoever pushes (tests run as root, so file modes would not).
    let hook = remote.join("hooks").join("pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'this repository is read-only' >&2\nexit 1\n",
    )
    .unwrap();
    set_executable(&hook);
    laptop.env.ok(&["done", "python"]);
    let before = laptop.text();
    let err = laptop.fails(1, &["sync", "--remote", remote.to_str().unwrap()]);
    assert!(err.contains("refused the push"), "{err}");
    assert!(err.contains("read-only"), "git's reason is shown: {err}");
    assert_eq!(laptop.text(), before);
    assert!(
        laptop.git(&["status", "--porcelain"]).is_empty(),
        "committed here"
    );

    std::fs::remove_file(&hook).unwrap();
    let said = laptop.ok(&["sync"]);
    assert!(said.contains("pushed"), "{said}");
}

#[cfg(unix)]
fn set_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn nothing_to_do_is_said_and_the_setup_is_asked_for_first() {
    let laptop = Home::new();
    let err = laptop.fails(2, &["sync"]);
    assert!(err.contains("roadmap sync --remote URL"), "{err}");
    assert!(!laptop.folder().join(".git").exists());

    let remote = bare_remote(&laptop);
    laptop.env.ok(&["done", "python"]);
    laptop.ok(&["sync", "--remote", remote.to_str().unwrap()]);
    let said = laptop.ok(&["sync"]);
    assert!(said.contains("nothing to do"), "{said}");

    // Something git would read as an option is no URL.
    let err = laptop.fails(2, &["sync", "--remote=--upload-pack=touch /tmp/x"]);
    assert!(err.contains("not a git remote URL"), "{err}");

    let other = laptop.env.root().join("other.git");
    let err = laptop.fails(2, &["sync", "--remote", other.to_str().unwrap()]);
    assert!(err.contains("remote set-url"), "{err}");
}

#[test]
fn without_a_name_and_email_git_is_told_them_first() {
    let laptop = Home::new();
    let remote = bare_remote(&laptop);
    std::fs::write(
        laptop.env.root().join("gitconfig"),
        "[init]\n\tdefaultBranch = main\n[user]\n\tuseConfigOnly = true\n",
    )
    .unwrap();
    laptop.env.ok(&["done", "python"]);
    let before = laptop.text();
    let out = laptop
        .cmd()
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .args(["sync", "--remote", remote.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("name and email"), "{err}");
    assert!(err.contains("git config --global user.email"), "{err}");
    assert_eq!(laptop.text(), before);
    // Once git knows, the same sync goes through.
    let said = laptop.ok(&["sync"]);
    assert!(said.contains("pushed to origin/main"), "{said}");
}

#[test]
fn without_git_the_message_says_to_install_it() {
    let laptop = Home::new();
    laptop.env.ok(&["done", "python"]);
    let empty = laptop.env.root().join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let out = laptop
        .cmd()
        .env("PATH", &empty)
        .args(["sync", "--remote", "/somewhere.git"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs git") && err.contains("install git"),
        "{err}"
    );
    assert!(!laptop.folder().join(".git").exists());
}

#[test]
fn the_driver_is_registered_and_the_lock_files_stay_out_of_git() {
    let laptop = Home::new();
    let remote = bare_remote(&laptop);
    laptop.env.ok(&["done", "python"]);
    laptop.ok(&["sync", "--remote", remote.to_str().unwrap()]);
    let attributes = std::fs::read_to_string(laptop.folder().join(".gitattributes")).unwrap();
    assert_eq!(attributes, "/progress.toml merge=roadmap\n");
    let driver = laptop.git(&["config", "merge.roadmap.driver"]);
    assert!(
        driver.trim().ends_with("roadmap merge-driver %O %A %B"),
        "{driver}"
    );
    assert!(laptop.folder().join("progress.toml.lock").exists());
    assert!(
        laptop
            .git(&["status", "--porcelain", "--ignored=no"])
            .is_empty()
    );
    let tracked = laptop.git(&["ls-files"]);
    assert_eq!(tracked, ".gitattributes\nprogress.toml\n");
    // Run again: nothing is added twice.
    laptop.ok(&["sync"]);
    let again = std::fs::read_to_string(laptop.folder().join(".gitattributes")).unwrap();
    assert_eq!(again, attributes);
}

#[test]
fn a_progress_file_inside_an_existing_repository_uses_it() {
    let laptop = Home::new();
    let remote = bare_remote(&laptop);
    // Dotfiles: the repository is the data folder's parent; another file there has
    // uncommitted changes that sync must leave alone.
    let dotfiles = laptop.env.root();
    git(dotfiles, dotfiles, &["init", "--quiet", "-b", "main"]);
    std::fs::write(dotfiles.join("bashrc"), "alias ll='ls -l'\n").unwrap();
    git(dotfiles, dotfiles, &["add", "bashrc"]);
    git(dotfiles, dotfiles, &["commit", "--quiet", "-m", "dotfiles"]);
    std::fs::write(dotfiles.join("bashrc"), "alias ll='ls -la'\n").unwrap();
    laptop.env.ok(&["done", "python"]);
    let said = laptop.ok(&["sync", "--remote", remote.to_str().unwrap()]);
    assert!(!said.contains("made"), "no new repository: {said}");
    assert!(!dotfiles.join("data").join(".git").exists());
    let files = git(dotfiles, &remote, &["ls-tree", "-r", "--name-only", "main"]);
    assert_eq!(files, "bashrc\ndata/.gitattributes\ndata/progress.toml\n");
    let status = git(
        dotfiles,
        dotfiles,
        &["status", "--porcelain", "--", "bashrc"],
    );
    assert_eq!(
        status.trim(),
        "M bashrc",
        "the other change stays uncommitted"
    );
}

#[test]
fn a_done_during_the_merge_waits_for_it_and_is_kept() {
    let laptop = Home::new();
    let desktop = Home::new();
    let remote = bare_remote(&laptop);
    let url = remote.to_str().unwrap();
    laptop.env.ok(&["done", "python"]);
    laptop.ok(&["sync", "--remote", url]);
    desktop.env.ok(&["done", "rag"]);
    desktop.ok(&["sync", "--remote", url]);
    laptop.env.ok(&["done", "git-basics"]);

    // While git merges (the post-merge hook runs inside `git merge`), the progress
    // lock is held, and a `roadmap done` started then waits for it.
    let folder = laptop.folder();
    let lock = folder.join("progress.toml.lock");
    let report = laptop.env.root().join("lock-was");
    let finished = laptop.env.root().join("done-finished");
    let hook = folder.join(".git").join("hooks").join("post-merge");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nif flock -n '{lock}' true; then echo free; else echo held; fi > '{report}'\n\
             ( '{bin}' done prompt-engineering; touch '{finished}' ) >/dev/null 2>&1 &\n",
            lock = lock.display(),
            report = report.display(),
            bin = env!("CARGO_BIN_EXE_roadmap"),
            finished = finished.display(),
        ),
    )
    .unwrap();
    set_executable(&hook);
    laptop.ok(&["sync"]);
    assert_eq!(std::fs::read_to_string(&report).unwrap().trim(), "held");
    for _ in 0..600 {
        if finished.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        finished.exists(),
        "the done started during the merge finished"
    );
    let ids: Vec<String> = laptop.items().into_iter().map(|i| i.0).collect();
    for id in ["python", "rag", "git-basics", "prompt-engineering"] {
        assert!(ids.iter().any(|i| i == id), "{id} lost: {ids:?}");
    }
}

#[test]
fn a_clone_merged_without_the_driver_is_caught_by_doctor_and_repaired_by_sync() {
    let laptop = Home::new();
    let remote = bare_remote(&laptop);
    laptop.env.ok(&["done", "python", "--on", "2026-11-10"]);
    laptop.ok(&["sync", "--remote", remote.to_str().unwrap()]);

    // A clone made by hand: it has `.gitattributes`, but no driver in its config,
    // so git's own line merge runs and leaves markers.
    let desktop = Home::new();
    let folder = desktop.folder();
    std::fs::remove_dir_all(&folder).unwrap();
    git(
        desktop.env.root(),
        desktop.env.root(),
        &[
            "clone",
            "--quiet",
            remote.to_str().unwrap(),
            folder.to_str().unwrap(),
        ],
    );
    desktop.env.ok(&["done", "python", "--on", "2026-11-12"]);
    desktop.git(&["commit", "--quiet", "-am", "by hand"]);
    laptop.env.ok(&["note", "python", "laptop"]);
    laptop.ok(&["sync"]);
    desktop.git(&["fetch", "--quiet"]);
    let mut merge = std::process::Command::new("git");
    merge
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("-C")
        .arg(&folder)
        .args(["merge", "origin/main"]);
    for (key, value) in git_env(desktop.env.root()) {
        merge.env(key, value);
    }
    let merged = merge.output().unwrap();
    assert!(!merged.status.success(), "git's line merge conflicts");
    assert!(desktop.text().contains("<<<<<<<"));

    let err = desktop.env.fails(1, &["status"]);
    assert!(err.contains("conflict markers"), "{err}");
    assert!(err.contains("roadmap doctor"), "{err}");
    let report = desktop.env.ok(&["doctor"]);
    assert!(report.contains("conflict_markers: line "), "{report}");
    assert!(report.contains("git merge --abort"), "{report}");
    assert!(report.contains("roadmap sync"), "{report}");
    assert!(
        report.contains("config merge.roadmap.driver 'roadmap merge-driver %O %A %B'"),
        "{report}"
    );
    let json = desktop.env.json(&["doctor", "--json"]);
    assert_eq!(json["problems"][0]["kind"], "conflict_markers");

    // As doctor says: abort, then sync, which registers the driver and merges.
    desktop.git(&["merge", "--abort"]);
    let said = desktop.ok(&["sync"]);
    assert!(said.contains("registered `roadmap merge-driver`"), "{said}");
    assert!(said.contains("merged from origin/main"), "{said}");
    assert_no_markers(&desktop);
    let items = desktop.items();
    let python = items.iter().find(|i| i.0 == "python").unwrap();
    assert_eq!(python.1, "done");
    assert_eq!(python.4, "laptop");
    assert_eq!(python.3, "2026-11-12", "only the desktop changed the date");
}
