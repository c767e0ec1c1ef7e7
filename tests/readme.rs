//! The README's examples are real: every ```console block is run, in order, in
//! one isolated environment pinned to 2026-11-30, and its output must match.
//! `UPDATE_README=1 cargo test --test readme` rewrites the outputs after a
//! deliberate change of the screens (review the diff).

mod common;

use common::TestEnv;

/// Split a command line the way a shell would for these simple examples:
/// whitespace, "double" and 'single' quotes.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// One `$ roadmap ...` line and the output printed under it.
struct Example {
    command: String,
    expected: Vec<String>,
    /// Line index of the command in the README.
    line: usize,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (n, line) in readme.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.push(Example {
                command: command.to_string(),
                expected: Vec::new(),
                line: n,
            });
        } else if let Some(last) = out.last_mut() {
            last.expected.push(line.to_string());
        }
    }
    out
}

fn run(env: &TestEnv, command: &str) -> Vec<String> {
    // `~/` is the home, as a shell would expand it.
    let words: Vec<String> = split(command)
        .into_iter()
        .map(|w| match w.strip_prefix("~/") {
            Some(rest) => env.home().join(rest).display().to_string(),
            None => w,
        })
        .collect();
    // `git` runs too, for the sync examples, with the user's own configuration
    // shut out and an author and dates pinned.
    let mut cmd = match words.first().map(String::as_str) {
        Some("roadmap") => env.cmd(),
        Some("git") => {
            let mut git = std::process::Command::new("git");
            env.isolate(&mut git);
            assert_cmd::Command::from_std(git)
        }
        _ => panic!("a README example runs `roadmap` or `git`: {command}"),
    };
    for (key, value) in [
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "Ada Learner"),
        ("GIT_AUTHOR_EMAIL", "ada@example.com"),
        ("GIT_COMMITTER_NAME", "Ada Learner"),
        ("GIT_COMMITTER_EMAIL", "ada@example.com"),
        ("GIT_AUTHOR_DATE", "2026-11-30T12:00:00Z"),
        ("GIT_COMMITTER_DATE", "2026-11-30T12:00:00Z"),
    ] {
        cmd.env(key, value);
    }
    cmd.env("GIT_CONFIG_GLOBAL", env.home().join(".gitconfig"));
    // A home like a new user's: default locations under it, shown as `~`.
    let output = cmd
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("ROADMAP_PROGRESS")
        .current_dir(env.home())
        .args(&words[1..])
        .output()
        .expect("runs");
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    let home = env.home().display().to_string();
    text.lines()
        .map(|l| l.replace(&home, "~").trim_end().to_string())
        .collect()
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let examples = examples(&readme);
    assert!(examples.len() >= 10, "the README has a tour");
    let env = TestEnv::new();
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut actual_outputs = Vec::new();
    let mut failures = Vec::new();
    for example in &examples {
        let actual = run(&env, &example.command);
        let expected: Vec<String> = example
            .expected
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        if actual != expected {
            failures.push(format!(
                "README.md line {}: `{}`\n--- README\n{}\n--- actual\n{}",
                example.line + 1,
                example.command,
                expected.join("\n"),
                actual.join("\n")
            ));
        }
        actual_outputs.push(actual);
    }
    if update && !failures.is_empty() {
        let mut lines: Vec<String> = readme.lines().map(str::to_string).collect();
        // Replace from the last example up, so earlier line numbers stay valid.
        for (example, actual) in examples.iter().zip(&actual_outputs).rev() {
            let start = example.line + 1;
            lines.splice(
                start..start + example.expected.len(),
                actual.iter().cloned(),
            );
        }
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(path, text).expect("README.md is writable");
        return;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn splitting_follows_shell_quotes() {
    assert_eq!(
        split(r#"roadmap note rag "Answered questions, over my notes" 'x y'"#),
        [
            "roadmap",
            "note",
            "rag",
            "Answered questions, over my notes",
            "x y"
        ]
    );
}
