//! `roadmap sync [--remote URL]`: keep the progress file in a git repository and in
//! step with a remote, through the user's own `git` (run as a program, so its
//! configuration and credentials do the transport; roadmap stores no secret).
//!
//! Each run: make sure the repository, the remote and the merge driver are set up;
//! commit what changed here; fetch; merge (the driver merges the progress file by
//! the `import` rules, so no conflict marker lands in it); push. The progress lock
//! is held while git commits and rewrites the file, so a `roadmap done` at the same
//! moment waits for it and then builds on the merged file.

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::cli::SyncArgs;
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::progress::ProgressFile;
use crate::store;

/// The merge driver's name in `.gitattributes` and the git config.
const DRIVER: &str = "roadmap";

/// How often a push that lost a race with another machine's push is retried.
const PUSH_TRIES: usize = 3;

pub fn run(ctx: &Ctx, args: &SyncArgs) -> Result<()> {
    if let Some(url) = args
        .remote
        .as_deref()
        .filter(|u| u.starts_with('-') || u.is_empty())
    {
        return Err(Error::usage_with_hint(
            format!("`{}` is not a git remote URL", url),
            "give the URL or path of a git repository, e.g. `--remote git@example.com:me/progress.git`",
        ));
    }
    let git = Git::find()?;
    let target = store::progress_target(&ctx.paths)?;
    let dir = folder_of(&target)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "progress.toml".into());
    let git = git.in_dir(&dir);

    // The repository: the one the folder is in, or a new one here.
    let created = match git.toplevel() {
        Some(_) => false,
        None => {
            if args.remote.is_none() {
                return Err(not_set_up(&dir));
            }
            git.ok(&["init", "--quiet"])?;
            ctx.say(&format!("made `{}` a git repository", dir.display()));
            true
        }
    };
    let branch = git.branch()?;
    let remote = git.remote_of(&branch);
    let wanted = args.remote.as_deref().map(absolute_url);
    let url = match (&wanted, git.remote_url(&remote)) {
        (Some(url), None) => {
            git.ok(&["remote", "add", &remote, url])?;
            ctx.say(&format!("added the remote `{remote}`: {}", url));
            url.clone()
        }
        (Some(url), Some(current)) if *url == current => current,
        (Some(url), Some(current)) => {
            return Err(Error::usage_with_hint(
                format!(
                    "this repository's remote `{remote}` is `{}`, not `{}`",
                    &current, url
                ),
                format!(
                    "run `roadmap sync` to sync with `{}`, or change the remote first: `git -C {} remote set-url {remote} URL`",
                    &current,
                    dir.display()
                ),
            ));
        }
        (None, Some(current)) => current,
        (None, None) => return Err(not_set_up(&dir)),
    };
    if register_driver(&git, &dir, &name)? {
        ctx.say(&format!(
            "registered `roadmap merge-driver` for `{}` (in .gitattributes and the repository's config)",
            &name
        ));
    }
    let paths = [name.as_str(), ".gitattributes"];

    let mut did_something = created;
    {
        let _lock = store::lock_progress(&ctx.paths)?;
        did_something |= commit(ctx, &git, &paths)?;
    }
    let mut branch = branch;
    for attempt in 1..=PUSH_TRIES {
        fetch(&git, &remote, &url)?;
        if attempt == 1 && created {
            branch = adopt_remote_branch(&git, &remote, branch)?;
        }
        let theirs = format!("refs/remotes/{remote}/{branch}");
        let remote_has_branch = git
            .ok(&["rev-parse", "--verify", "--quiet", &theirs])
            .is_ok();
        if remote_has_branch && !git.is_ancestor(&theirs, "HEAD") {
            let _lock = store::lock_progress(&ctx.paths)?;
            commit(ctx, &git, &paths)?;
            let before = read_quietly(&target);
            merge(&git, &theirs, &dir)?;
            let after = read_quietly(&target);
            ctx.say(&format!(
                "merged from {remote}/{branch}: {}",
                describe_changes(&before, &after)
            ));
            did_something = true;
        }
        let has_commits = git
            .ok(&["rev-parse", "--verify", "--quiet", "HEAD"])
            .is_ok();
        let up_to_date = remote_has_branch && git.same_commit(&theirs, "HEAD");
        if up_to_date || !has_commits {
            break;
        }
        match push(&git, &remote, &branch, &url)? {
            Pushed::Yes => {
                ctx.say(&format!("pushed to {remote}/{branch} ({})", &url));
                did_something = true;
                break;
            }
            Pushed::Behind if attempt < PUSH_TRIES => continue,
            Pushed::Behind => {
                return Err(Error::data_with_hint(
                    format!(
                        "the remote `{}` kept changing while roadmap pushed to it",
                        &url
                    ),
                    "your progress is committed here and nothing was lost; run `roadmap sync` again",
                ));
            }
        }
    }
    if !did_something {
        ctx.say(&format!(
            "already in step with {remote}/{branch} ({}): nothing to do",
            &url
        ));
    }
    Ok(())
}

/// Git runs in the progress folder, so a remote given as a relative path is made
/// absolute here, where the user typed it. URLs (`scheme://`, `host:path`) stay as
/// they are.
fn absolute_url(url: &str) -> String {
    let path = Path::new(url);
    let looks_like_path = url.starts_with('.') || url.starts_with('/') || path.exists();
    let is_url = url.contains("://") || (!looks_like_path && url.contains(':'));
    if is_url || path.is_absolute() {
        return url.to_string();
    }
    std::path::absolute(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| url.to_string())
}

fn not_set_up(dir: &Path) -> Error {
    Error::usage_with_hint(
        format!(
            "the progress folder `{}` is not synced with a git remote yet",
            dir.display()
        ),
        "run `roadmap sync --remote URL` once, with the URL of a git repository of yours \
(an empty one on a git host, or a path); then `roadmap sync` alone",
    )
}

/// The folder git works in, absolute, so messages and `git -C` agree.
fn folder_of(target: &Path) -> Result<PathBuf> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).map_err(|e| Error::io("open folder", parent, e))
}

/// Register the merge driver: `.gitattributes` beside the progress file (committed,
/// so every clone knows the file has a driver) and the repository's config (local to
/// each machine, so `roadmap sync` on each machine sets it). The config names this
/// binary by its absolute path: git runs drivers through `sh` from wherever it was
/// started (an editor, a GUI, a cron job), where `roadmap` may not be on PATH; each
/// sync writes the path again, so a binary that moved is found again on the next one.
/// Returns whether anything changed.
fn register_driver(git: &GitIn, dir: &Path, name: &str) -> Result<bool> {
    let exe = std::env::current_exe()
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.ends_with(" (deleted)"))
        .unwrap_or_else(|| "roadmap".into());
    let command = format!("{} merge-driver %O %A %B", shell_quote(&exe));
    let key = format!("merge.{DRIVER}.driver");
    let mut changed = false;
    if git.config(&key).as_deref() != Some(command.as_str()) {
        git.ok(&["config", &key, &command])?;
        git.ok(&[
            "config",
            &format!("merge.{DRIVER}.name"),
            "roadmap progress file (the import rules)",
        ])?;
        changed = true;
    }
    let attributes = dir.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("read", &attributes, e)),
    };
    let line = format!("{} merge={DRIVER}", attribute_pattern(name, ""));
    let present = existing.lines().any(|l| l.trim() == line);
    if !present {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        store::write_atomic(&attributes, text.as_bytes())?;
        changed = true;
    }
    exclude_lock_files(git, name)?;
    Ok(changed)
}

/// The lock file and any temporary file of an interrupted write are this machine's
/// business: listed in the repository's own exclude file, never committed.
fn exclude_lock_files(git: &GitIn, name: &str) -> Result<()> {
    let Ok(path) = git.ok(&["rev-parse", "--git-path", "info/exclude"]) else {
        return Ok(());
    };
    let path = git.dir.join(path.trim());
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let wanted = [
        attribute_pattern(&format!("{name}.lock"), ""),
        attribute_pattern(&format!(".{name}."), "*.tmp"),
    ];
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !existing.lines().any(|l| l.trim() == w.as_str()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
    }
    store::write_atomic(&path, text.as_bytes())
}

/// A file name as a pattern anchored to the folder, for `.gitattributes` and the
/// exclude file, with the characters that patterns treat specially escaped; a name
/// with spaces is quoted, as `.gitattributes` wants. `glob_tail` is added as is.
fn attribute_pattern(name: &str, glob_tail: &str) -> String {
    let mut literal = String::from("/");
    for c in name.chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '?' | '!' | '#') {
            literal.push('\\');
        }
        literal.push(c);
    }
    literal.push_str(glob_tail);
    if literal.contains(char::is_whitespace) || literal.contains('"') {
        format!("\"{}\"", literal.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        literal
    }
}

/// A word for `sh`, as git runs the driver's command line.
fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Commit the progress file (and `.gitattributes`) when they changed. Called with
/// the progress lock held.
fn commit(ctx: &Ctx, git: &GitIn, paths: &[&str]) -> Result<bool> {
    let present: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| git.dir.join(p).exists())
        .collect();
    if present.is_empty() {
        return Ok(false);
    }
    let mut add = vec!["add", "--"];
    add.extend(&present);
    git.ok(&add)?;
    let mut diff = vec!["diff", "--cached", "--quiet", "--"];
    diff.extend(&present);
    if git.run(&diff)?.status.success() {
        return Ok(false);
    }
    let message = format!("Progress as of {}", ctx.today);
    let mut args = vec!["commit", "--quiet", "-m", &message, "--"];
    args.extend(&present);
    let output = git.run(&args)?;
    if !output.status.success() {
        let raw = String::from_utf8_lossy(&output.stderr);
        if [
            "user.email",
            "tell me who you are",
            "auto-detect email",
            "useConfigOnly",
        ]
        .iter()
        .any(|clue| raw.contains(clue))
        {
            return Err(Error::data_with_hint(
                "git does not know your name and email yet, and every commit needs them",
                "tell it once: `git config --global user.name \"Your Name\"` and \
`git config --global user.email you@example.com`; then run `roadmap sync` again (your progress \
file is as it was)",
            ));
        }
        return Err(Error::data_with_hint(
            format!("git could not commit your progress: {}", git_said(&output)),
            "nothing was lost: your progress file is as it was; run `roadmap sync` again once git can commit",
        ));
    }
    ctx.say("committed your progress");
    Ok(true)
}

fn fetch(git: &GitIn, remote: &str, url: &str) -> Result<()> {
    let output = git.run(&["fetch", "--quiet", remote])?;
    if output.status.success() {
        return Ok(());
    }
    Err(Error::data_with_hint(
        format!("cannot reach the remote `{}`: {}", url, git_said(&output)),
        "your progress is committed here and nothing was lost; run `roadmap sync` again when the remote can be reached",
    ))
}

/// A repository just made here has one branch of its own; when the remote already
/// has one other branch (the other machines'), take its name, so both push to one.
fn adopt_remote_branch(git: &GitIn, remote: &str, branch: String) -> Result<String> {
    let listed = git.ok(&[
        "for-each-ref",
        "--format=%(refname:strip=3)",
        &format!("refs/remotes/{remote}/"),
    ])?;
    let theirs: Vec<&str> = listed.lines().filter(|b| *b != "HEAD").collect();
    match theirs.as_slice() {
        [one] if *one != branch => {
            git.ok(&["branch", "--move", one])
                .or_else(|_| git.ok(&["symbolic-ref", "HEAD", &format!("refs/heads/{one}")]))?;
            Ok(one.to_string())
        }
        _ => Ok(branch),
    }
}

fn merge(git: &GitIn, theirs: &str, dir: &Path) -> Result<()> {
    let output = git.run(&[
        "merge",
        "--no-edit",
        "--allow-unrelated-histories",
        "-m",
        "Merge progress from the other machines",
        theirs,
    ])?;
    if output.status.success() {
        return Ok(());
    }
    let said = git_said(&output);
    let _ = git.run(&["merge", "--abort"]);
    Err(Error::data_with_hint(
        format!("git could not merge the remote's progress: {said}"),
        format!(
            "the merge was undone, so your files are as they were; `git -C {} status` shows what git found",
            dir.display()
        ),
    ))
}

enum Pushed {
    Yes,
    /// Another machine pushed first: fetch, merge and try again.
    Behind,
}

fn push(git: &GitIn, remote: &str, branch: &str, url: &str) -> Result<Pushed> {
    let output = git.run(&[
        "push",
        "--quiet",
        "--set-upstream",
        remote,
        &format!("HEAD:refs/heads/{branch}"),
    ])?;
    if output.status.success() {
        return Ok(Pushed::Yes);
    }
    let said = git_said(&output);
    let raw = String::from_utf8_lossy(&output.stderr);
    if raw.contains("fetch first") || raw.contains("non-fast-forward") {
        return Ok(Pushed::Behind);
    }
    Err(Error::data_with_hint(
        format!("the remote `{}` refused the push: {said}", url),
        "your progress is committed here and nothing was lost; check that you may push there, then run `roadmap sync` again",
    ))
}

/// What the merge changed, item by item.
fn describe_changes(before: &Option<ProgressFile>, after: &Option<ProgressFile>) -> String {
    let records = |f: &Option<ProgressFile>| {
        f.as_ref()
            .map(|f| f.progress.roadmaps.clone())
            .unwrap_or_default()
    };
    let (old, new) = (records(before), records(after));
    let mut changed = Vec::new();
    for (roadmap, items) in &new {
        for (key, record) in items {
            let was = old.get(roadmap).and_then(|i| i.get(key));
            if was != Some(record) && !(was.is_none() && record.is_empty()) {
                changed.push(key.to_string());
            }
        }
    }
    for (roadmap, items) in &old {
        for (key, record) in items {
            let gone = new.get(roadmap).is_none_or(|i| !i.contains_key(key));
            if gone && !record.is_empty() {
                changed.push(key.to_string());
            }
        }
    }
    changed.sort();
    changed.dedup();
    match changed.len() {
        0 => "no item changed here".to_string(),
        n => {
            const SHOWN: usize = 6;
            let mut list = changed[..n.min(SHOWN)].join(", ");
            if n > SHOWN {
                list.push_str(&format!(" and {} more", n - SHOWN));
            }
            format!("{n} item{} changed ({list})", if n == 1 { "" } else { "s" })
        }
    }
}

fn read_quietly(path: &Path) -> Option<ProgressFile> {
    store::read_progress(path).ok()
}

/// The last lines git wrote on stderr, as one line, for a message.
fn git_said(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:") && !l.starts_with("To "))
        .collect();
    let tail = &lines[lines.len().saturating_sub(4)..];
    let said = tail.join("; ");
    if said.is_empty() {
        format!("git exited with {}", output.status)
    } else {
        said.to_string()
    }
}

/// `git`, found on PATH.
struct Git;

impl Git {
    fn find() -> Result<Git> {
        match Command::new("git")
            .arg("--version")
            .stdin(Stdio::null())
            .output()
        {
            Ok(out) if out.status.success() => Ok(Git),
            Ok(_) | Err(_) => Err(Error::data_with_hint(
                "`roadmap sync` needs git, and no working `git` was found on PATH",
                "install git (for example `sudo apt install git`, `brew install git`, or from git-scm.com), then run `roadmap sync` again",
            )),
        }
    }

    fn in_dir(self, dir: &Path) -> GitIn {
        GitIn {
            dir: dir.to_path_buf(),
        }
    }
}

/// `git -C DIR`.
struct GitIn {
    dir: PathBuf,
}

impl GitIn {
    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Output> {
        Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(args)
            // English messages, which the pushes' checks read; the user's own
            // configuration and credentials otherwise apply as they are.
            .env("LC_ALL", "C")
            .stdin(Stdio::inherit())
            .output()
            .map_err(|e| Error::io("run git in", &self.dir, e))
    }

    /// Run, and fail with git's own words when git fails.
    fn ok(&self, args: &[&str]) -> Result<String> {
        let output = self.run(args)?;
        if output.status.success() {
            return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
        }
        Err(Error::data(format!(
            "`git {}` failed in `{}`: {}",
            args.first().copied().unwrap_or_default(),
            self.dir.display(),
            git_said(&output)
        )))
    }

    fn toplevel(&self) -> Option<PathBuf> {
        self.ok(&["rev-parse", "--show-toplevel"])
            .ok()
            .map(|t| PathBuf::from(t.trim()))
    }

    fn branch(&self) -> Result<String> {
        match self.ok(&["symbolic-ref", "--quiet", "--short", "HEAD"]) {
            Ok(b) => Ok(b.trim().to_string()),
            Err(_) => Err(Error::data_with_hint(
                format!(
                    "the repository in `{}` is not on a branch (a detached HEAD)",
                    self.dir.display()
                ),
                format!(
                    "check out a branch first (`git -C {} switch main`), then run `roadmap sync` again",
                    self.dir.display()
                ),
            )),
        }
    }

    /// The remote the branch tracks, else `origin`.
    fn remote_of(&self, branch: &str) -> String {
        self.config(&format!("branch.{branch}.remote"))
            .filter(|r| r != ".")
            .unwrap_or_else(|| "origin".into())
    }

    fn remote_url(&self, remote: &str) -> Option<String> {
        self.config(&format!("remote.{remote}.url"))
    }

    fn config(&self, key: &str) -> Option<String> {
        self.ok(&["config", "--get", key])
            .ok()
            .map(|v| v.trim_end_matches('\n').to_string())
    }

    fn is_ancestor(&self, ancestor: &str, of: &str) -> bool {
        self.run(&["merge-base", "--is-ancestor", ancestor, of])
            .is_ok_and(|o| o.status.success())
    }

    fn same_commit(&self, a: &str, b: &str) -> bool {
        let id = |r: &str| self.ok(&["rev-parse", "--verify", "--quiet", r]).ok();
        matches!((id(a), id(b)), (Some(x), Some(y)) if x == y)
    }
}
