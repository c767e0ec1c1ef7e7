//! At home in the shell: completion scripts (checked by the shells themselves where
//! they are installed), the dynamic completion of ids, the man page, `--help`,
//! `roadmap new` and the JSON Schema of the roadmap format.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{TINY, TestEnv};
use serde_json::Value;

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "elvish", "powershell"];

/// Whether a program is on the PATH.
fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Tests that need a program skip, with a note, where it is not installed, except
/// in CI (`$CI` set), which installs them (`.ci/run`): there a missing program fails
/// the test rather than letting it pass unchecked.
fn skip_without(program: &str) -> bool {
    if have(program) {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "`{program}` is not installed, and CI must run this check: `.ci/run` installs it"
    );
    note(&format!(
        "`{program}` is not installed; skipping this check"
    ));
    true
}

/// PowerShell is not packaged by Debian, so CI cannot install it: that check
/// skips wherever `pwsh` is missing, CI included.
fn skip_without_pwsh() -> bool {
    if have("pwsh") {
        return false;
    }
    note("`pwsh` is not installed; skipping this check");
    true
}

/// A note on the real stderr, shown even when the test harness captures output.
fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "note: {text}");
}

/// A shell (or any program) run with the same isolated environment as the binary,
/// and the binary first on its PATH.
fn program(env: &TestEnv, name: &str) -> Command {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_roadmap"))
        .parent()
        .unwrap()
        .to_path_buf();
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let path =
        std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&inherited)))
            .unwrap();
    let mut cmd = Command::new(name);
    cmd.env_clear()
        .env("PATH", path)
        .env("HOME", env.home())
        .env("XDG_CONFIG_HOME", env.config())
        .env("XDG_DATA_HOME", env.root().join("data"))
        .env("XDG_CACHE_HOME", env.root().join("cache"))
        .env("ROADMAP_PROGRESS", env.progress())
        .env("ROADMAP_TODAY", &env.today)
        .env("TERM", "dumb")
        .current_dir(env.root());
    cmd
}

fn ok(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Write the completion script for `shell` into the temp dir.
fn script(env: &TestEnv, shell: &str) -> PathBuf {
    let text = env.ok(&["completions", shell]);
    env.write(&format!("completion.{shell}"), &text)
}

/// Progress on the built-in roadmap: two items done, one started, one skipped.
fn some_progress(env: &TestEnv) {
    env.ok(&["done", "python", "git-basics"]);
    env.ok(&["start", "rag"]);
    env.ok(&["skip", "chatgpt-use"]);
}

// ---------------------------------------------------------------------------
// Completion scripts.

#[test]
fn every_completion_script_is_produced() {
    let env = TestEnv::new();
    for shell in SHELLS {
        let text = env.ok(&["completions", shell]);
        assert!(text.len() > 1000, "{shell}: {} bytes", text.len());
        assert!(text.contains("roadmap"), "{shell}");
        // The hidden command is for the scripts, not a command to offer.
        assert!(
            !text.contains("'Print completion candidates"),
            "{shell} offers `__complete`"
        );
    }
    let err = env.fails(2, &["completions", "tcsh"]);
    assert!(err.contains("tcsh"), "{err}");
}

#[test]
fn the_bash_script_is_valid_bash() {
    if skip_without("bash") {
        return;
    }
    let env = TestEnv::new();
    let path = script(&env, "bash");
    ok(
        program(&env, "bash").arg("-n").arg(&path).output().unwrap(),
        "bash -n",
    );
}

#[test]
fn the_bash_script_passes_shellcheck() {
    if skip_without("shellcheck") {
        return;
    }
    let env = TestEnv::new();
    // The wrapper as it is kept, then the whole script as it is printed. In the
    // part that clap_complete writes, `COMPREPLY=($(...))` is its style (SC2207).
    let asset = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/completions/roadmap.bash");
    ok(
        program(&env, "shellcheck")
            .args(["-s", "bash"])
            .arg(&asset)
            .output()
            .unwrap(),
        "shellcheck assets/completions/roadmap.bash",
    );
    let path = script(&env, "bash");
    ok(
        program(&env, "shellcheck")
            .args(["-s", "bash", "-e", "SC2207"])
            .arg(&path)
            .output()
            .unwrap(),
        "shellcheck of `roadmap completions bash`",
    );
}

#[test]
fn the_kept_zsh_and_fish_wrappers_are_valid() {
    let env = TestEnv::new();
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/completions");
    if !skip_without("zsh") {
        ok(
            program(&env, "zsh")
                .arg("-n")
                .arg(assets.join("roadmap.zsh"))
                .output()
                .unwrap(),
            "zsh -n assets/completions/roadmap.zsh",
        );
    }
    if !skip_without("fish") {
        ok(
            program(&env, "fish")
                .arg("--no-execute")
                .arg(assets.join("roadmap.fish"))
                .output()
                .unwrap(),
            "fish --no-execute assets/completions/roadmap.fish",
        );
    }
}

#[test]
fn the_zsh_script_is_valid_zsh() {
    if skip_without("zsh") {
        return;
    }
    let env = TestEnv::new();
    let path = script(&env, "zsh");
    ok(
        program(&env, "zsh").arg("-n").arg(&path).output().unwrap(),
        "zsh -n",
    );
}

#[test]
fn the_fish_script_is_valid_fish() {
    if skip_without("fish") {
        return;
    }
    let env = TestEnv::new();
    let path = script(&env, "fish");
    ok(
        program(&env, "fish")
            .arg("--no-execute")
            .arg(&path)
            .output()
            .unwrap(),
        "fish --no-execute",
    );
}

#[test]
fn the_elvish_script_loads_and_completes_commands() {
    // Elvish has its completion API only in an interactive shell: run one in a
    // pseudo-terminal (`script`), with an rc.elv that loads the script, asks it for
    // candidates, writes them down and exits.
    if skip_without("elvish") || skip_without("script") || skip_without("timeout") {
        return;
    }
    let env = TestEnv::new();
    let path = script(&env, "elvish");
    let out_file = env.root().join("elvish.out");
    env.write(
        "config/elvish/rc.elv",
        &format!(
            "eval (slurp < {script})\n\
             var found = [($edit:completion:arg-completer[roadmap] roadmap '')]\n\
             for c $found {{ echo $c[stem] >> {out} }}\n\
             exit 0\n",
            script = path.display(),
            out = out_file.display()
        ),
    );
    let status = program(&env, "timeout")
        .args(["20", "script", "-qec", "elvish", "/dev/null"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "elvish exited with {status}");
    let found = lines(&std::fs::read_to_string(&out_file).expect("elvish wrote candidates"));
    for expected in ["status", "done", "completions", "--roadmap"] {
        assert!(
            found.contains(&expected.to_string()),
            "{expected}: {found:?}"
        );
    }
    assert!(!found.contains(&"__complete".to_string()), "{found:?}");
}

#[test]
fn the_powershell_script_parses() {
    if skip_without_pwsh() {
        return;
    }
    let env = TestEnv::new();
    let path = script(&env, "powershell");
    let check = format!(
        "$errors = $null; \
         [System.Management.Automation.Language.Parser]::ParseFile('{}', [ref]$null, [ref]$errors) | Out-Null; \
         if ($errors.Count -gt 0) {{ $errors; exit 1 }}",
        path.display()
    );
    ok(
        program(&env, "pwsh")
            .args(["-NoProfile", "-NonInteractive", "-Command", &check])
            .output()
            .unwrap(),
        "pwsh parsing the script",
    );
}

// ---------------------------------------------------------------------------
// `roadmap __complete`, the source of the dynamic candidates.

#[test]
fn done_is_offered_only_the_items_still_to_do() {
    let env = TestEnv::new();
    some_progress(&env);
    let todo = lines(&env.ok(&["__complete", "items-todo", ""]));
    assert!(todo.len() > 50, "{todo:?}");
    assert!(
        todo.contains(&"rag".to_string()),
        "started items are still to do"
    );
    for gone in ["python", "git-basics", "chatgpt-use"] {
        assert!(
            !todo.contains(&gone.to_string()),
            "{gone} offered: {todo:?}"
        );
    }

    let all = lines(&env.ok(&["__complete", "items"]));
    assert_eq!(all.len(), todo.len() + 3);

    let not_started = lines(&env.ok(&["__complete", "items-not-started"]));
    assert!(not_started.contains(&"chatgpt-use".to_string()));
    assert!(!not_started.contains(&"rag".to_string()));
    assert!(!not_started.contains(&"python".to_string()));

    let with_progress: BTreeSet<String> = lines(&env.ok(&["__complete", "items-with-progress"]))
        .into_iter()
        .collect();
    assert_eq!(
        with_progress,
        set(&["python", "git-basics", "rag", "chatgpt-use"])
    );

    // The prefix narrows the list.
    let pro = lines(&env.ok(&["__complete", "items-todo", "pro"]));
    assert!(!pro.is_empty());
    assert!(pro.iter().all(|id| id.starts_with("pro")), "{pro:?}");
}

#[test]
fn stages_tracks_backgrounds_and_roadmaps_complete() {
    let env = TestEnv::new();
    assert_eq!(
        lines(&env.ok(&["__complete", "stages"])),
        ["foundations", "advanced", "professional", "senior"]
    );
    assert_eq!(
        lines(&env.ok(&["__complete", "backgrounds"])),
        ["developer", "data-scientist", "beginner"]
    );
    assert_eq!(lines(&env.ok(&["__complete", "tracks"])).len(), 3);
    env.write("config/roadmap/roadmaps/tiny.yaml", TINY);
    let roadmaps = lines(&env.ok(&["__complete", "roadmaps"]));
    assert!(
        roadmaps.contains(&"ai-engineer".to_string()),
        "{roadmaps:?}"
    );
    assert!(roadmaps.contains(&"tiny".to_string()), "{roadmaps:?}");

    // For zsh and fish: the id, a tab, the title.
    let described = env.ok(&["__complete", "--describe", "stages", "found"]);
    assert!(described.starts_with("foundations\t"), "{described}");
    assert_eq!(described.lines().count(), 1);
}

#[test]
fn completion_follows_roadmap_and_progress_given_on_the_line() {
    let env = TestEnv::new();
    let tiny = env.write("tiny.yaml", TINY);
    let tiny = tiny.to_str().unwrap();
    let other = env.write(
        "other.toml",
        "format = 1\n\n[roadmaps.tiny.items.alpha]\nstatus = \"done\"\ndone = 2026-11-01\n",
    );
    let other = other.to_str().unwrap();
    assert_eq!(
        lines(&env.ok(&["--roadmap", tiny, "__complete", "items-todo"])),
        ["alpha", "beta", "gamma", "delta", "epsilon"]
    );
    assert_eq!(
        lines(&env.ok(&[
            "--roadmap",
            tiny,
            "--progress",
            other,
            "__complete",
            "items-todo"
        ])),
        ["beta", "gamma", "delta", "epsilon"]
    );
}

#[test]
fn a_broken_roadmap_completes_nothing_quietly() {
    let env = TestEnv::new();
    let broken = env.write("broken.yaml", "format: 1\nid: [\n");
    let out = env.run(&["--roadmap", broken.to_str().unwrap(), "__complete", "items"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // Roadmap ids need no roadmap loaded.
    let ids = env.ok(&[
        "--roadmap",
        broken.to_str().unwrap(),
        "__complete",
        "roadmaps",
    ]);
    assert!(ids.contains("ai-engineer"), "{ids}");
    // Asking for something unknown is a usage error, not silence.
    let err = env.fails(2, &["__complete", "items-open"]);
    assert!(err.contains("items-todo"), "{err}");
}

// ---------------------------------------------------------------------------
// The wrappers, through the shells themselves.

/// Complete the words (the last one is the word under the cursor) with the bash
/// script's function, as bash calls it, and return COMPREPLY.
fn bash_complete(env: &TestEnv, script: &Path, words: &[&str]) -> Vec<String> {
    const HARNESS: &str = r#"
source "$1"; shift
compopt() { :; }    # only meaningful inside a real completion
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
complete -p roadmap >&2
_roadmap_dynamic roadmap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let out = program(env, "bash")
        .args(["--norc", "--noprofile", "-c", HARNESS, "harness"])
        .arg(script)
        .args(words)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.trim_end().ends_with("-F _roadmap_dynamic roadmap"),
        "the script registers its wrapper: {stderr}"
    );
    lines(&ok(out, "bash completion"))
}

#[test]
fn bash_completes_the_items_still_to_do_after_done() {
    if skip_without("bash") {
        return;
    }
    let env = TestEnv::new();
    some_progress(&env);
    let path = script(&env, "bash");

    let offered = bash_complete(&env, &path, &["roadmap", "done", ""]);
    assert_eq!(offered, lines(&env.ok(&["__complete", "items-todo"])));
    assert!(!offered.contains(&"python".to_string()));
    assert!(offered.contains(&"rag".to_string()));
    // Every word after `done` is an item; the prefix narrows.
    let offered = bash_complete(&env, &path, &["roadmap", "done", "rag", "pyt"]);
    assert_eq!(offered, ["pytorch"]);

    assert_eq!(
        bash_complete(&env, &path, &["roadmap", "undo", ""]),
        ["python", "git-basics", "chatgpt-use", "rag"]
    );
    assert_eq!(
        bash_complete(&env, &path, &["roadmap", "list", "--track", "dev"]),
        ["developers"]
    );
    // `new --from` takes a roadmap, like `--roadmap`.
    assert_eq!(
        bash_complete(&env, &path, &["roadmap", "new", "mine", "--from", "ai-"]),
        ["ai-engineer"]
    );
    // `--track=dev`: bash splits the word at `=`.
    assert_eq!(
        bash_complete(&env, &path, &["roadmap", "next", "--track", "=", "dev"]),
        ["developers"]
    );
    assert_eq!(
        bash_complete(&env, &path, &["roadmap", "profile", "--background", "b"]),
        ["beginner"]
    );
    assert_eq!(
        bash_complete(&env, &path, &["roadmap", "list", "sen"]),
        ["senior"]
    );
    // Only the first word after `note` is an item; for the text, clap offers options.
    let offered = bash_complete(&env, &path, &["roadmap", "note", "rag", ""]);
    assert!(offered.iter().all(|w| w.starts_with('-')), "{offered:?}");
    // Anything else is clap's static completion: commands, without the hidden one.
    let commands = bash_complete(&env, &path, &["roadmap", ""]);
    assert!(commands.contains(&"done".to_string()), "{commands:?}");
    assert!(commands.contains(&"completions".to_string()));
    assert!(!commands.iter().any(|c| c == "__complete"), "{commands:?}");
    let options = bash_complete(&env, &path, &["roadmap", "done", "--n"]);
    assert_eq!(options, ["--note"]);
}

#[test]
fn bash_completion_follows_roadmap_and_progress_on_the_line() {
    if skip_without("bash") {
        return;
    }
    let env = TestEnv::new();
    env.write("tiny.yaml", TINY);
    env.write(
        "other.toml",
        "format = 1\n\n[roadmaps.tiny.items.beta]\nstatus = \"done\"\ndone = 2026-11-01\n",
    );
    let path = script(&env, "bash");
    // Relative to the working directory, as the command itself would read them.
    let offered = bash_complete(
        &env,
        &path,
        &[
            "roadmap",
            "--roadmap",
            "tiny.yaml",
            "--progress",
            "other.toml",
            "done",
            "",
        ],
    );
    assert_eq!(offered, ["alpha", "gamma", "delta", "epsilon"]);
    let offered = bash_complete(
        &env,
        &path,
        &["roadmap", "show", "--roadmap", "=", "tiny.yaml", "g"],
    );
    assert_eq!(offered, ["gamma"]);
    // `use` and `--roadmap` offer roadmap ids and YAML files.
    let offered = bash_complete(&env, &path, &["roadmap", "use", "ti"]);
    assert_eq!(offered, ["tiny.yaml"]);
    let offered = bash_complete(&env, &path, &["roadmap", "--roadmap", "ai"]);
    assert_eq!(offered, ["ai-engineer"]);
}

#[test]
fn zsh_completes_the_items_still_to_do_after_done() {
    if skip_without("zsh") {
        return;
    }
    let env = TestEnv::new();
    some_progress(&env);
    env.write("tiny.yaml", TINY);
    let path = script(&env, "zsh");
    // The completion system's functions, replaced by ones that print what they get;
    // `words` and `CURRENT` are what zsh hands a completion function.
    const HARNESS: &str = r#"
compdef() { : }
source "$1"; shift
_describe() { print -rl -- "tag $2" "${(@P)${@[-1]}}" }
_files() { print -r -- "files $*" }
compset() { print -r -- "compset $*" }
_roadmap_static() { print -r -- static }
words=("$@")
CURRENT=$#words
_roadmap
"#;
    let complete = |words: &[&str]| -> Vec<String> {
        let out = program(&env, "zsh")
            .args(["-f", "-c", HARNESS, "harness"])
            .arg(&path)
            .args(words)
            .output()
            .unwrap();
        lines(&ok(out, "zsh completion"))
    };

    let offered = complete(&["roadmap", "done", ""]);
    assert_eq!(offered[0], "tag items-todo");
    let ids: Vec<String> = offered[1..]
        .iter()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, lines(&env.ok(&["__complete", "items-todo"])));
    assert!(!ids.contains(&"python".to_string()));
    // Each candidate comes with its title, for zsh to show beside it.
    let rag = offered
        .iter()
        .find(|l| l.starts_with("rag:"))
        .expect("rag offered");
    assert!(rag.len() > "rag:".len(), "{rag}");

    let offered = complete(&["roadmap", "--roadmap", "tiny.yaml", "show", ""]);
    assert_eq!(offered[0], "tag items");
    assert_eq!(offered[1], "alpha:Alpha skill");
    assert_eq!(offered.len(), 6);

    let offered = complete(&["roadmap", "list", "--track=de"]);
    assert_eq!(offered[0], "compset -P *=");
    assert_eq!(offered[1], "tag tracks");

    let offered = complete(&["roadmap", "use", ""]);
    assert_eq!(offered[0], "tag roadmaps");
    assert!(offered.contains(&"files -g *.(yaml|yml)".to_string()));

    assert_eq!(complete(&["roadmap", "note", "rag", ""]), ["static"]);
    assert_eq!(complete(&["roadmap", "done", "--on", ""]), ["static"]);
    assert_eq!(complete(&["roadmap", ""]), ["static"]);
}

#[test]
fn fish_completes_the_items_still_to_do_after_done() {
    if skip_without("fish") {
        return;
    }
    let env = TestEnv::new();
    some_progress(&env);
    env.write("tiny.yaml", TINY);
    let path = script(&env, "fish");
    // `complete -C LINE` runs fish's own completion for a command line.
    let complete = |line: &str| -> Vec<String> {
        let out = program(&env, "fish")
            .args(["--no-config", "-c"])
            .arg(format!("source {}; complete -C '{line}'", path.display()))
            .output()
            .unwrap();
        lines(&ok(out, "fish completion"))
    };
    let ids = |offered: Vec<String>| -> Vec<String> {
        offered
            .iter()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };

    let offered = complete("roadmap done ");
    let todo: BTreeSet<String> = lines(&env.ok(&["__complete", "items-todo"]))
        .into_iter()
        .collect();
    assert_eq!(
        ids(offered.clone()).into_iter().collect::<BTreeSet<_>>(),
        todo
    );
    assert!(
        offered.iter().any(|l| l.starts_with("rag\t")),
        "titles come along"
    );

    assert_eq!(
        ids(complete("roadmap --roadmap tiny.yaml show ")),
        ["alpha", "beta", "delta", "epsilon", "gamma"]
    );
    assert_eq!(
        ids(complete("roadmap list --track=dev")),
        ["--track=developers"]
    );
    assert_eq!(
        ids(complete("roadmap profile --background beg")),
        ["beginner"]
    );
    // No file names where a note goes, nor after a command that takes no files.
    assert!(complete("roadmap note rag ").is_empty());
    assert!(complete("roadmap status t").is_empty());
    // `use` offers roadmap ids and YAML files.
    let offered = ids(complete("roadmap use "));
    assert!(offered.contains(&"ai-engineer".to_string()), "{offered:?}");
    assert!(offered.contains(&"tiny.yaml".to_string()), "{offered:?}");
    assert!(
        !offered.iter().any(|c| c.starts_with("completion.")),
        "{offered:?}"
    );
    assert_eq!(
        ids(complete("roadmap completions ")),
        ["bash", "elvish", "fish", "powershell", "zsh"]
    );
    let commands = ids(complete("roadmap "));
    assert!(commands.contains(&"done".to_string()));
    assert!(!commands.contains(&"__complete".to_string()));
}

// ---------------------------------------------------------------------------
// The man page.

#[test]
fn man_completions_and_schema_need_no_date_progress_or_roadmap() {
    let env = TestEnv::new();
    // A progress file that does not parse, naming a roadmap that does not exist.
    env.write_progress("roadmap = \"gone\"\n[broken\n");
    for args in [
        &["completions", "bash"][..],
        &["completions", "fish"],
        &["man"],
        &["schema"],
    ] {
        let output = env
            .cmd()
            .env("ROADMAP_TODAY", "garbage")
            .args(args)
            .args(["--roadmap", "no-such-roadmap"])
            .output()
            .unwrap();
        let text = ok(output, &args.join(" "));
        assert!(text.len() > 1000, "{args:?}: {} bytes", text.len());
    }
    // The others still refuse the bad date.
    let output = env
        .cmd()
        .env("ROADMAP_TODAY", "garbage")
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_man_page_has_every_command_and_the_extra_sections() {
    let env = TestEnv::new();
    let page = env.ok(&["man"]);
    assert!(page.contains(".TH ROADMAP 1"), "{page}");
    for section in [
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
        ".SH COMMANDS",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    for name in [
        "ROADMAP_PROGRESS",
        "ROADMAP_TODAY",
        "NO_COLOR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "progress.toml",
        "roadmap/roadmaps/*.yaml",
        "$XDG_CACHE_HOME/roadmap/",
    ] {
        assert!(page.contains(name), "{name} missing");
    }
    for command in ["status", "done", "import", "new", "completions", "man"] {
        assert!(
            page.contains(&format!(".SS \"roadmap {command}\"")),
            "{command}"
        );
    }
    assert!(!page.contains("__complete"));
    // Exit codes 0, 1 and 2, each as a `.TP` entry.
    for code in ["0", "1", "2"] {
        assert!(
            page.contains(&format!(".TP\n\\fB{code}\\fR\n")),
            "exit {code}"
        );
    }
}

#[test]
fn the_man_page_renders_without_warnings() {
    let env = TestEnv::new();
    let page = env.write("roadmap.1", &env.ok(&["man"]));
    let out = if have("groff") {
        program(&env, "groff")
            .args(["-man", "-Tutf8", "-ww"])
            .arg(&page)
            .output()
            .unwrap()
    } else if have("mandoc") {
        program(&env, "mandoc")
            .args(["-T", "utf8", "-W", "warning"])
            .arg(&page)
            .output()
            .unwrap()
    } else {
        note("neither `groff` nor `mandoc` is installed; skipping the rendering");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let text = plain(&ok(out, "rendering the man page"));
    assert!(stderr.is_empty(), "warnings:\n{stderr}");
    for needle in [
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "ROADMAP_TODAY",
        "roadmap done python git-basics --on 2026-01-15",
    ] {
        assert!(text.contains(needle), "{needle} not rendered:\n{text}");
    }
}

/// Rendered text without bold and underlining: SGR escapes, or overstrikes
/// (`X\bX`, `_\bX`).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' if chars.peek() == Some(&'[') => {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            '\u{8}' => {
                out.pop();
            }
            // groff's hyphen and minus signs, as typed.
            '\u{2010}' | '\u{2212}' => out.push('-'),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// --help.

#[test]
fn help_groups_the_commands_and_each_has_examples() {
    let env = TestEnv::new();
    let help = env.ok(&["--help"]);
    let groups = [
        "Track your progress:",
        "See where you stand:",
        "Plan ahead:",
        "Scripts and sharing:",
        "Set up and maintain:",
        "Several machines:",
    ];
    let mut at = 0;
    for group in groups {
        let found = help[at..]
            .find(group)
            .unwrap_or_else(|| panic!("`{group}` missing or out of order:\n{help}"));
        at += found;
    }
    // The commands the grouped list names, each with examples in its long help.
    let commands: Vec<&str> = help
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| !w.starts_with('-') && *w != "roadmap")
        .collect();
    // Every visible subcommand is in the grouped list, and nothing else is.
    let mut expected: Vec<String> = {
        use clap::CommandFactory;
        roadmap::cli::Cli::command()
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| s.get_name().to_string())
            .collect()
    };
    let mut listed: Vec<String> = commands.iter().map(|c| c.to_string()).collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected, "{commands:?}");
    for command in &commands {
        let long = env.ok(&["help", command]);
        assert!(
            long.contains("Examples:\n  roadmap"),
            "`roadmap help {command}` has no example:\n{long}"
        );
        assert_eq!(long, env.ok(&[command, "--help"]));
    }
    let done = env.ok(&["help", "done"]);
    assert!(
        done.contains("roadmap done python git-basics --on 2026-01-15"),
        "{done}"
    );
    // The short help stays short.
    let short = env.ok(&["done", "-h"]);
    assert!(!short.contains("Examples:"), "{short}");
    assert!(short.starts_with("Mark items done\n"), "{short}");
}

// ---------------------------------------------------------------------------
// roadmap new.

#[test]
fn new_writes_a_valid_roadmap_and_never_overwrites() {
    let env = TestEnv::new();
    env.ok(&["new", "rust-dev", "--title", "Rust: the \"hard\" parts"]);
    let path = env.user_roadmaps().join("rust-dev.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let out = env.ok(&["validate", path.to_str().unwrap()]);
    assert!(out.contains("valid"), "{out}");
    // No schema saved: no line pointing at one, but the way to get it.
    assert!(!text.starts_with("# yaml-language-server"), "{text}");
    assert!(text.contains("roadmap schema > "), "{text}");
    // It is usable at once.
    let status = env.json(&["--roadmap", "rust-dev", "status", "--json"]);
    assert_eq!(status["roadmap"]["title"], "Rust: the \"hard\" parts");

    std::fs::write(&path, "edited by hand\n").unwrap();
    let err = env.fails(2, &["new", "rust-dev"]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand\n");

    env.fails(2, &["new", "Not_An_Id"]);
    assert!(!env.user_roadmaps().join("Not_An_Id.yaml").exists());
}

#[test]
fn new_refuses_an_id_another_file_of_yours_has() {
    let env = TestEnv::new();
    env.write("config/roadmap/roadmaps/mine.yaml", TINY);
    let err = env.fails(2, &["new", "tiny"]);
    assert!(err.contains("mine.yaml"), "{err}");
    assert!(!env.user_roadmaps().join("tiny.yaml").exists());
}

#[test]
fn new_points_editors_at_the_schema_saved_beside_your_roadmaps() {
    let env = TestEnv::new();
    let schema_text = env.ok(&["schema"]);
    env.write("config/roadmap/roadmap.schema.json", &schema_text);
    env.ok(&["new", "rust-dev"]);
    let path = env.user_roadmaps().join("rust-dev.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "# yaml-language-server: $schema=../roadmap.schema.json"
    );
    // The line's relative path names the schema file that is there.
    let named = path.parent().unwrap().join("../roadmap.schema.json");
    assert_eq!(std::fs::read_to_string(named).unwrap(), schema_text);
    env.ok(&["validate", path.to_str().unwrap()]);
    // And the schema accepts the scaffold, as the loader does.
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    assert_eq!(schema_errors(&schema, &text), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// The JSON Schema.

fn committed_schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/roadmap.schema.json")
}

fn schema(env: &TestEnv) -> Value {
    serde_json::from_str(&env.ok(&["schema"])).expect("the schema is JSON")
}

/// The schema's complaints about a YAML document, read as the loader reads it.
fn schema_errors(schema: &Value, yaml: &str) -> Vec<String> {
    let instance: Value = serde_yaml::from_str(yaml).expect("YAML");
    let validator = jsonschema::validator_for(schema).expect("a usable schema");
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let env = TestEnv::new();
    let generated = env.ok(&["schema"]);
    let committed = std::fs::read_to_string(committed_schema_path()).expect("committed schema");
    assert!(
        committed == generated,
        "schema/roadmap.schema.json is out of date; regenerate it with\n  \
         cargo run -- schema > schema/roadmap.schema.json"
    );
}

#[test]
fn the_schema_is_a_valid_draft_07_schema() {
    let env = TestEnv::new();
    let schema = schema(&env);
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::meta::validate(&schema).expect("valid against its meta-schema");
}

#[test]
fn the_schema_accepts_the_built_in_roadmap_and_the_test_roadmap() {
    let env = TestEnv::new();
    let schema = schema(&env);
    let built_in = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap/ai-engineer.yaml"),
    )
    .unwrap();
    assert_eq!(schema_errors(&schema, &built_in), Vec::<String>::new());
    assert_eq!(schema_errors(&schema, TINY), Vec::<String>::new());
}

#[test]
fn the_built_in_roadmap_names_the_committed_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap");
    let text = std::fs::read_to_string(dir.join("ai-engineer.yaml")).unwrap();
    let first = text.lines().next().unwrap();
    let target = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("no modeline: {first}"));
    assert!(
        dir.join(target).canonicalize().unwrap() == committed_schema_path().canonicalize().unwrap()
    );
}

#[test]
fn the_schema_rejects_what_validate_rejects() {
    let env = TestEnv::new();
    let schema = schema(&env);
    let cases: [(&str, &str, &str); 8] = [
        // A typo'd key must not pass silently.
        ("typo", "    title: Basics\n", "    titel: Basics\n"),
        (
            "typo in an item",
            "{ id: beta, title:",
            "{ id: beta, tilte:",
        ),
        ("bad id", "id: tiny", "id: Tiny_Roadmap"),
        ("zero weight", "weight: 2", "weight: 0"),
        ("no hours", "hours_per_week: 10", "hours_per_week: 0"),
        ("newer format", "format: 1", "format: 2"),
        ("negative extra months", "{ basics: 1 }", "{ basics: -1 }"),
        ("bad required id", "requires: [alpha]", "requires: [Alpha]"),
    ];
    for (name, from, to) in cases {
        assert!(TINY.contains(from), "{name}: `{from}` not in TINY");
        let broken = TINY.replacen(from, to, 1);
        let errors = schema_errors(&schema, &broken);
        assert!(!errors.is_empty(), "{name}: the schema accepts it");
        let file = env.write(&format!("{}.yaml", name.replace(' ', "-")), &broken);
        let out = env.run(&["validate", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}: validate accepts it");
    }
    // The typo is reported where it is.
    let errors = schema_errors(
        &schema,
        &TINY.replacen("    title: Basics\n", "    titel: Basics\n", 1),
    );
    assert!(errors.iter().any(|e| e.contains("titel")), "{errors:?}");
}
