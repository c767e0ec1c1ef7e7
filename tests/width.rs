//! Every command that prints text keeps to the width (`$COLUMNS` when piped):
//! at 60, 80 and 130 columns no line is wider, and no id it shows is cut.

mod common;

use common::TestEnv;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// A learner who backfilled a start thirteen years ago, with done items and
/// notes, work in progress, a skip and progress the roadmap no longer has.
const BUILT_IN: &str = r#"format = 2
roadmap = "ai-engineer"

[roadmaps.ai-engineer.profile]
background = "developer"
start = 2013-03-01
hours_per_week = 10

[roadmaps.ai-engineer.items.python]
status = "done"
started = 2013-03-02
done = 2013-05-20
note = "Packaged my scripts with tests and CI, then rewrote the whole thing twice because the first version was a mess"

[roadmaps.ai-engineer.items.git-basics]
status = "done"
done = 2013-06-01

[roadmaps.ai-engineer.items.statistics]
status = "done"
started = 2014-01-02
done = 2015-02-03
note = "Slow going"

[roadmaps.ai-engineer.items.probability]
status = "done"
done = 2016-04-05

[roadmaps.ai-engineer.items.linear-algebra]
status = "done"
done = 2019-09-09

[roadmaps.ai-engineer.items.command-line]
status = "started"
started = 2026-11-02

[roadmaps.ai-engineer.items.embeddings-semantics]
status = "started"
started = 2026-10-02

[roadmaps.ai-engineer.items.apis]
status = "skipped"

[roadmaps.ai-engineer.items.gone-item-that-was-renamed-long-ago]
status = "done"
done = 2020-01-01
"#;

/// A user roadmap with long ids and longer titles.
const LONG: &str = "\
format: 1
id: a-user-roadmap-with-a-rather-long-identifier
title: A user roadmap whose title goes on and on, well past any screen's width, to see what gives way
hours_per_week: 6
overall: { min_months: 12, max_months: 30 }
backgrounds:
  - id: self-taught-programmer-with-some-years
    title: Self-taught programmer with some years of work behind them
stages:
  - id: the-first-stage-of-a-long-path
    title: The first stage, where everything that comes later is prepared with great care
    estimate: { min_months: 6, max_months: 14 }
    summary: A summary that is long enough to need wrapping on any screen, since it goes on about what the stage holds and why.
    items:
      - id: an-item-with-a-long-identifier-of-forty-chars
        title: An item whose title is far longer than any column could hold without cutting it short
        area: an-area-with-a-long-name
        weight: 3
        summary: This item has a summary of several sentences. It is here to be wrapped. It says nothing.
        resources:
          - { title: A resource with a long title that goes on, url: 'https://example.com/a/b' }
      - id: short
        title: Short
        requires: [an-item-with-a-long-identifier-of-forty-chars]
      - id: another-item-whose-id-is-long-too
        title: Another item, with a title of a fair length for a checklist line
        requires: [an-item-with-a-long-identifier-of-forty-chars, short]
  - id: later
    title: Later, when the first stage is done and the learner knows what they want to build
    estimate: { min_months: 6, max_months: 16 }
    items:
      - id: the-last-item-on-this-roadmap
        title: The last item on this roadmap, which needs everything before it
        requires: [another-item-whose-id-is-long-too]
      - id: x
        title: X
tracks:
  - id: the-one-track-this-roadmap-offers
    title: The one track this roadmap offers, for everyone who follows it
    for: [self-taught-programmer-with-some-years]
    items: [short, the-last-item-on-this-roadmap]
";

const LONG_PROGRESS: &str = "\
format = 2
roadmap = \"a-user-roadmap-with-a-rather-long-identifier\"

[roadmaps.a-user-roadmap-with-a-rather-long-identifier.profile]
start = 2012-01-10

[roadmaps.a-user-roadmap-with-a-rather-long-identifier.items.an-item-with-a-long-identifier-of-forty-chars]
status = \"done\"
started = 2012-02-01
done = 2014-06-30
note = \"A note that is long and has a line break\\nin the middle of it, and goes on after it for a good while longer\"

[roadmaps.a-user-roadmap-with-a-rather-long-identifier.items.short]
status = \"started\"
started = 2026-11-20
";

fn built_in() -> TestEnv {
    let env = TestEnv::new();
    env.write_progress(BUILT_IN);
    env
}

fn long() -> TestEnv {
    let env = TestEnv::new();
    env.install_user_roadmap("long.yaml", LONG);
    env.install_user_roadmap("broken.yaml", "format: 1\nid: broken\n");
    env.write_progress(LONG_PROGRESS);
    env
}

/// The roadmap file the repository ships, for `validate`.
fn shipped() -> String {
    format!("{}/roadmap/ai-engineer.yaml", env!("CARGO_MANIFEST_DIR"))
}

/// Every text command and its common flags; `item` is one with a note.
fn commands(item: &str, stage: &str, track: &str, file: &str) -> Vec<Vec<String>> {
    let lines: &[&[&str]] = &[
        &[],
        &["status"],
        &["status", "--hours-per-week", "3"],
        &["list"],
        &["list", stage],
        &["list", "--status", "done"],
        &["list", "--status", "todo"],
        &["list", "--track", track],
        &["next"],
        &["next", "-n", "20"],
        &["next", "--track", track],
        &["log"],
        &["log", "--since", "2014-01-01"],
        &["week"],
        &["timeline"],
        &["timeline", "--hours-per-week", "20"],
        &["roadmaps"],
        &["show", item],
        &["plan", "--by", "2030-01-01"],
        &["plan", "--by", "2040-01-01", "--stage", stage],
        &["doctor"],
        &["validate", file],
        &["profile"],
    ];
    lines
        .iter()
        .map(|args| args.iter().map(|a| a.to_string()).collect())
        .collect()
}

/// The text without colour or other escape sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether `id` stands whole in `text`, as a word of its own.
fn whole(text: &str, id: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || "`(),:;".contains(c))
        .any(|word| word == id)
}

fn ids(value: &Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The ids a command shows, from its own `--json` document.
fn shown_ids(env: &TestEnv, args: &[String], text: &str) -> Vec<String> {
    let name = args.first().map_or("status", String::as_str);
    let json = |args: &[String]| -> Value {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.push("--json");
        env.json(&args)
    };
    match name {
        "next" | "week" => ids(&json(args), "items"),
        "log" => ids(&json(args), "events"),
        "roadmaps" => ids(&json(args), "roadmaps"),
        "doctor" => ids(&json(args), "problems"),
        "list" => json(args)["stages"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| ids(s, "items"))
            .collect(),
        "show" => {
            let doc = json(args);
            let mut shown = ids(&doc, "requires");
            shown.push(doc["id"].as_str().unwrap().to_string());
            shown
        }
        // The first run shows first steps instead of the next items.
        "status" if text.contains("Next up") => {
            let next = env.json(&["next", "-n", "3", "--json"]);
            ids(&next, "items")
        }
        _ => Vec::new(),
    }
}

fn check(env: &TestEnv, commands: &[Vec<String>]) {
    for columns in [60usize, 80, 130] {
        for args in commands {
            for color in ["never", "always"] {
                let out = env
                    .cmd()
                    .env("COLUMNS", columns.to_string())
                    .args(["--color", color])
                    .args(args)
                    .output()
                    .unwrap();
                let shown = format!("`roadmap {}` at {columns} columns", args.join(" "));
                assert!(
                    out.status.success(),
                    "{shown} failed:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let text = strip_ansi(&String::from_utf8(out.stdout).unwrap());
                assert!(!text.trim().is_empty(), "{shown} printed nothing");
                for line in text.lines() {
                    assert!(
                        line.width() <= columns,
                        "{shown} (--color {color}) has a line {} wide:\n{line}\n\n{text}",
                        line.width()
                    );
                }
                if color == "never" {
                    for id in shown_ids(env, args, &text) {
                        assert!(whole(&text, &id), "{shown} cuts `{id}`:\n{text}");
                    }
                }
            }
        }
    }
}

#[test]
fn the_built_in_roadmap_fits_every_width() {
    let env = built_in();
    check(
        &env,
        &commands("python", "foundations", "developers", &shipped()),
    );
}

#[test]
fn long_ids_and_titles_fit_every_width() {
    let env = long();
    let file = env.user_roadmaps().join("long.yaml");
    check(
        &env,
        &commands(
            "an-item-with-a-long-identifier-of-forty-chars",
            "the-first-stage-of-a-long-path",
            "the-one-track-this-roadmap-offers",
            file.to_str().unwrap(),
        ),
    );
}

/// Wide enough, nothing is cut: no `…` at 130 columns where every line fits.
#[test]
fn nothing_is_cut_at_130_columns_that_fits() {
    let env = built_in();
    for args in [
        &["status"][..],
        &["list"],
        &["next"],
        &["next", "-n", "20"],
        &["log"],
        &["week"],
        &["timeline"],
        &["roadmaps"],
        &["show", "python"],
        &["plan", "--by", "2030-01-01"],
        &["profile"],
        &["doctor"],
    ] {
        let out = env.cmd().env("COLUMNS", "130").args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('…'), "`roadmap {}`:\n{text}", args.join(" "));
    }
}

/// The screens before any progress and after the last item: first steps,
/// nothing to do, every stage done.
#[test]
fn first_run_and_finished_screens_fit_every_width() {
    let simple: Vec<Vec<String>> = [
        &[][..],
        &["status"],
        &["next"],
        &["next", "--track", "the-one-track-this-roadmap-offers"],
        &["log"],
        &["log", "--since", "2026-11-01"],
        &["week"],
        &["timeline"],
        &["plan", "--by", "2030-01-01"],
        &["profile"],
        &["doctor"],
    ]
    .iter()
    .map(|args| args.iter().map(|a| a.to_string()).collect())
    .collect();
    let first = long();
    first
        .write_progress("format = 2\nroadmap = \"a-user-roadmap-with-a-rather-long-identifier\"\n");
    check(&first, &simple);
    let finished = long();
    let mut all_done = String::from(
        "format = 2\nroadmap = \"a-user-roadmap-with-a-rather-long-identifier\"\n\
         [roadmaps.a-user-roadmap-with-a-rather-long-identifier.profile]\nstart = 2025-01-10\n",
    );
    for id in [
        "an-item-with-a-long-identifier-of-forty-chars",
        "short",
        "another-item-whose-id-is-long-too",
        "the-last-item-on-this-roadmap",
        "x",
    ] {
        all_done.push_str(&format!(
            "[roadmaps.a-user-roadmap-with-a-rather-long-identifier.items.{id}]\n\
             status = \"done\"\ndone = 2025-06-01\n"
        ));
    }
    finished.write_progress(&all_done);
    check(&finished, &simple[..simple.len() - 1]);
    let fresh = TestEnv::new();
    let built_in: Vec<Vec<String>> = simple
        .iter()
        .filter(|args| !args.iter().any(|a| a.starts_with("the-one")))
        .cloned()
        .collect();
    check(&fresh, &built_in);
}

#[test]
fn help_fits_60_columns() {
    use clap::CommandFactory;
    let env = TestEnv::new();
    let mut names: Vec<String> = roadmap::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|name| name != "__complete")
        .collect();
    names.push(String::new());
    for name in &names {
        let args: Vec<&str> = [name.as_str(), "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let out = env.cmd().env("COLUMNS", "60").args(&args).output().unwrap();
        assert!(out.status.success(), "`roadmap {}`", args.join(" "));
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(
                line.width() <= 60,
                "`roadmap {}` has a line {} wide:\n{line}",
                args.join(" "),
                line.width()
            );
        }
    }
}
