//! Reading a roadmap through the real binary: `list`, `show`, `roadmaps`, the
//! global options, `--json` documents, and how ITEM references resolve (SPEC
//! sections 1, 4 and 5).

mod common;

use common::{TINY, TestEnv};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// A TestEnv with `TINY` installed as a user roadmap (`<config>/roadmap/roadmaps/tiny.yaml`).
fn tiny_env() -> TestEnv {
    let env = TestEnv::new();
    env.install_user_roadmap("tiny.yaml", TINY);
    env
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The ids of the items in a `list --json` (export) document, in order.
fn listed_ids(doc: &Value) -> Vec<String> {
    doc["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .flat_map(|s| s["items"].as_array().expect("items").iter())
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect()
}

/// The checklist lines that start with a mark, as (mark, id).
fn checklist(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let mark = ["[x]", "[~]", "[-]", "[ ]"]
                .into_iter()
                .find(|m| line.starts_with(m))?;
            let id = line[3..].split_whitespace().next()?.to_string();
            Some((mark.to_string(), id))
        })
        .collect()
}

fn assert_fits_80_columns(text: &str, what: &str) {
    assert!(!text.trim().is_empty(), "{what}: no output");
    assert!(!text.contains('\x1b'), "{what}: colour in output:\n{text}");
    for line in text.lines() {
        assert!(
            line.width() <= 80,
            "{what}: line is {} columns wide:\n{line}",
            line.width()
        );
    }
}

// ---------------------------------------------------------------------------
// list

#[test]
fn list_marks_every_status_and_groups_by_stage() {
    let env = tiny_env();
    env.ok(&["--roadmap", "tiny", "done", "alpha", "--on", "2026-11-02"]);
    env.ok(&["--roadmap", "tiny", "start", "beta"]);
    env.ok(&["--roadmap", "tiny", "skip", "epsilon"]);

    let out = env.ok(&["list", "--roadmap", "tiny", "--color", "never"]);
    assert_eq!(
        checklist(&out),
        [
            ("[x]", "alpha"),
            ("[~]", "beta"),
            ("[ ]", "gamma"),
            ("[ ]", "delta"),
            ("[-]", "epsilon"),
        ]
        .map(|(m, id)| (m.to_string(), id.to_string())),
        "{out}"
    );
    let basics = out.find("1 Basics (1/3 done)").expect(&out);
    let more = out.find("2 More (0/2 done)").expect(&out);
    let gamma = out.find("gamma").unwrap();
    let delta = out.find("delta").unwrap();
    assert!(basics < gamma && gamma < more && more < delta, "{out}");
    assert!(out.contains("Gamma project (project)"), "{out}");
    assert!(out.contains("2026-11-02"), "done date shown:\n{out}");
}

#[test]
fn list_filters_by_stage_status_and_track() {
    let env = tiny_env();
    env.ok(&["--roadmap", "tiny", "done", "alpha", "epsilon"]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--roadmap", "tiny", "list", "--color", "never"];
        all.extend_from_slice(args);
        let human: Vec<String> = checklist(&env.ok(&all))
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        all.push("--json");
        let json = listed_ids(&env.json(&all));
        assert_eq!(human, json, "human and JSON disagree for {args:?}");
        human
    };
    assert_eq!(ids(&["more"]), ["delta", "epsilon"]);
    assert_eq!(ids(&["2"]), ["delta", "epsilon"], "a stage by number");
    assert_eq!(ids(&["Basics"]), ["alpha", "beta", "gamma"], "by title");
    assert_eq!(ids(&["--status", "done"]), ["alpha", "epsilon"]);
    assert_eq!(ids(&["--status", "todo"]), ["beta", "gamma", "delta"]);
    assert_eq!(ids(&["--track", "quick"]), ["alpha", "delta"]);
    assert_eq!(
        ids(&["basics", "--status", "done", "--track", "quick"]),
        ["alpha"]
    );
    let none = env.ok(&["--roadmap", "tiny", "list", "--status", "skipped"]);
    assert!(none.contains("No items match."), "{none}");
}

#[test]
fn list_refuses_an_unknown_stage_or_track() {
    let env = tiny_env();
    let err = env.fails(2, &["--roadmap", "tiny", "list", "nope"]);
    assert!(err.contains("`nope`"), "{err}");
    assert!(err.contains("basics, more"), "lists the stages:\n{err}");
    let err = env.fails(2, &["--roadmap", "tiny", "list", "--track", "slow"]);
    assert!(err.contains("`slow`"), "{err}");
    assert!(err.contains("quick"), "lists the tracks:\n{err}");
    let err = env.fails(2, &["--roadmap", "tiny", "list", "--status", "finished"]);
    assert!(err.contains("finished"), "{err}");
}

#[test]
fn list_of_the_builtin_roadmap_fits_80_columns() {
    let env = TestEnv::new();
    // Dates and "since" columns make lines longer; record some of each.
    env.ok(&["done", "python", "git-basics", "--on", "2026-10-01"]);
    env.ok(&["start", "hugging-face", "rag-app"]);
    env.ok(&["skip", "chatgpt-use"]);
    let never = env.ok(&["list", "--color", "never"]);
    assert_fits_80_columns(&never, "list --color never");
    assert!(checklist(&never).len() > 50, "every item listed:\n{never}");
    // The default colour is `auto`; stdout is a pipe here, so no colour either.
    let piped = env.ok(&["list"]);
    assert_fits_80_columns(&piped, "list (piped)");
    assert_eq!(piped, never);
    for stage in ["1", "2", "3", "4"] {
        assert_fits_80_columns(&env.ok(&["list", stage]), "list STAGE");
    }
}

/// A user roadmap with long ids, long titles, wide (CJK) and emoji text.
const WIDE: &str = "\
format: 1
id: wide
title: Wide
stages:
  - id: a-very-long-stage-id-for-testing-the-width
    title: A stage with a very long title that goes on and on and on and on and on
    estimate: { min_months: 1, max_months: 2 }
    items:
      - id: an-item-with-a-very-long-identifier-of-more-than-26-characters
        title: 日本語のタイトルはとても長いです日本語のタイトルはとても長いです日本語のタイトル
        area: an area with a rather long name that goes on and on and on and on and on
      - id: b
        title: Emoji 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉
        kind: project
";

#[test]
fn list_keeps_long_ids_whole_and_cuts_wide_titles_to_80_columns() {
    let env = TestEnv::new();
    let path = env.write("wide.yaml", WIDE);
    let path = path.to_str().unwrap();
    env.ok(&["--roadmap", path, "done", "b"]);
    let out = env.ok(&["--roadmap", path, "list", "--color", "never"]);
    let items: Vec<&str> = out.lines().filter(|l| l.contains("] ")).collect();
    assert_eq!(items.len(), 2, "{out}");
    assert_fits_80_columns(&items.join("\n"), "item lines");
    let id = "an-item-with-a-very-long-identifier-of-more-than-26-characters";
    assert!(
        out.split_whitespace().any(|w| w == id),
        "the id is cut:\n{out}"
    );
}

#[test]
fn list_fits_80_columns_with_long_stage_titles_and_areas() {
    let env = TestEnv::new();
    let path = env.write("wide.yaml", WIDE);
    let out = env.ok(&[
        "--roadmap",
        path.to_str().unwrap(),
        "list",
        "--color",
        "never",
    ]);
    assert_fits_80_columns(&out, "list of a roadmap with long stage titles and areas");
}

// ---------------------------------------------------------------------------
// show

#[test]
fn show_prints_stage_prerequisites_tracks_dates_and_note() {
    let env = tiny_env();
    env.ok(&["--roadmap", "tiny", "done", "alpha", "--on", "2026-11-02"]);
    env.ok(&["--roadmap", "tiny", "start", "beta", "--on", "2026-11-10"]);
    env.ok(&["--roadmap", "tiny", "note", "beta", "Halfway through"]);
    let beta = env.ok(&["--roadmap", "tiny", "show", "beta", "--color", "never"]);
    assert!(beta.starts_with("Beta skill"), "{beta}");
    assert!(beta.contains("(beta)"), "{beta}");
    assert!(beta.contains("Basics"), "stage title:\n{beta}");
    assert!(beta.contains("started 2026-11-10"), "{beta}");
    assert!(beta.contains("Halfway through"), "note:\n{beta}");
    let requires = beta.find("Requires").expect(&beta);
    let alpha = beta
        .find("[x] alpha")
        .expect("prerequisite with its status");
    assert!(requires < alpha, "{beta}");

    let delta = env.ok(&["--roadmap", "tiny", "show", "delta", "--color", "never"]);
    assert!(delta.contains("More"), "{delta}");
    assert!(delta.contains("[ ] gamma"), "{delta}");
    assert!(delta.contains("quick"), "tracks:\n{delta}");
    assert!(delta.contains("waiting on prerequisites"), "{delta}");
}

#[test]
fn show_json_has_the_documented_keys() {
    let env = tiny_env();
    env.ok(&["--roadmap", "tiny", "done", "alpha", "--on", "2026-11-02"]);
    env.ok(&["--roadmap", "tiny", "note", "alpha", "First one"]);
    let doc = env.json(&["--roadmap", "tiny", "show", "delta", "--json"]);
    for key in [
        "id",
        "title",
        "kind",
        "status",
        "started",
        "done",
        "note",
        "stage",
        "summary",
        "requires",
        "resources",
        "tracks",
    ] {
        assert!(doc.get(key).is_some(), "`{key}` missing:\n{doc:#}");
    }
    assert_eq!(doc["id"], "delta");
    assert_eq!(doc["title"], "Delta skill");
    assert_eq!(doc["kind"], "skill");
    assert_eq!(doc["status"], "todo");
    assert_eq!(doc["stage"], "more");
    assert_eq!(doc["started"], Value::Null);
    assert_eq!(doc["note"], Value::Null);
    assert_eq!(
        doc["requires"],
        serde_json::json!([{ "id": "gamma", "title": "Gamma project", "status": "todo" }])
    );
    assert_eq!(doc["tracks"], serde_json::json!(["quick"]));
    assert!(doc["resources"].is_array());

    let alpha = env.json(&["--roadmap", "tiny", "show", "alpha", "--json"]);
    assert_eq!(alpha["status"], "done");
    assert_eq!(alpha["done"], "2026-11-02");
    assert_eq!(alpha["note"], "First one");
    assert_eq!(alpha["stage"], "basics");
    assert_eq!(alpha["requires"], serde_json::json!([]));

    let gamma = env.json(&["--roadmap", "tiny", "show", "gamma", "--json"]);
    assert_eq!(gamma["kind"], "project");
    let statuses: Vec<(&str, &str)> = gamma["requires"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("alpha", "done"), ("beta", "todo")]);
}

#[test]
fn show_of_the_builtin_roadmap_by_default() {
    let env = TestEnv::new();
    let doc = env.json(&["show", "python", "--json"]);
    assert_eq!(doc["id"], "python");
    assert_eq!(doc["stage"], "foundations");
    assert!(doc["summary"].as_str().is_some_and(|s| !s.is_empty()));
}

#[test]
fn text_from_a_roadmap_cannot_drive_the_terminal() {
    let env = TestEnv::new();
    let path = env.write(
        "esc.yaml",
        "format: 1\nid: esc\ntitle: \"Red \\e[31mtitle\"\nstages:\n  - id: s\n    title: \"S \\e]0;owned\\a\"\n    estimate: { min_months: 1, max_months: 1 }\n    items:\n      - { id: x, title: \"X \\e[2J\", summary: \"clear \\e[2J\" }\n",
    );
    let path = path.to_str().unwrap();
    for args in [
        vec!["list"],
        vec!["show", "x"],
        vec!["status"],
        vec!["roadmaps"],
    ] {
        let mut all = vec!["--roadmap", path, "--color", "never"];
        all.extend(args.iter());
        let out = env.ok(&all);
        assert!(
            !out.contains('\x1b'),
            "{args:?} printed an escape:\n{out:?}"
        );
        assert!(!out.contains('\x07'), "{args:?} printed a bell:\n{out:?}");
    }
}

// ---------------------------------------------------------------------------
// roadmaps, user roadmaps, --roadmap PATH, global options

#[test]
fn roadmaps_lists_builtin_and_user_roadmaps() {
    let env = tiny_env();
    let doc = env.json(&["roadmaps", "--json"]);
    let list = doc["roadmaps"].as_array().expect("roadmaps");
    let entry = |id: &str| {
        list.iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("`{id}` missing:\n{doc:#}"))
    };
    let builtin = entry("ai-engineer");
    assert_eq!(builtin["title"], "AI Engineer");
    assert_eq!(builtin["source"], "built-in");
    assert!(builtin["items"].as_u64().unwrap() > 50);
    assert_eq!(builtin["active"], true, "the default is active");
    let tiny = entry("tiny");
    assert_eq!(tiny["title"], "Tiny roadmap");
    assert_eq!(tiny["source"], "user");
    assert_eq!(tiny["items"], 5);
    assert_eq!(tiny["active"], false);
    assert_eq!(list.len(), 2, "{doc:#}");

    let human = env.ok(&["roadmaps", "--color", "never"]);
    let star = human.lines().find(|l| l.starts_with('*')).expect(&human);
    assert!(star.contains("ai-engineer"), "{human}");
    assert!(human.contains("tiny"), "{human}");

    // `use` changes which one is active.
    env.ok(&["use", "tiny"]);
    let doc = env.json(&["roadmaps", "--json"]);
    let active: Vec<&str> = doc["roadmaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["active"] == true)
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(active, ["tiny"]);
    let out = env.ok(&["list", "--color", "never"]);
    assert!(
        out.contains("alpha"),
        "the active roadmap is listed:\n{out}"
    );
}

#[test]
fn roadmap_path_is_used_and_listed() {
    let env = TestEnv::new();
    let path = env.write("elsewhere/tiny.yaml", TINY);
    let path = path.to_str().unwrap();
    let doc = env.json(&["--roadmap", path, "roadmaps", "--json"]);
    let list = doc["roadmaps"].as_array().unwrap();
    let tiny = list
        .iter()
        .find(|e| e["id"] == "tiny")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(tiny["source"], "path");
    assert_eq!(tiny["active"], true);
    assert_eq!(tiny["items"], 5);
    let builtin = list.iter().find(|e| e["id"] == "ai-engineer").unwrap();
    assert_eq!(builtin["active"], false);

    let out = env.ok(&["--roadmap", path, "list", "--color", "never"]);
    assert_eq!(checklist(&out).len(), 5, "{out}");

    // Progress for `--roadmap PATH` is kept under the roadmap's id.
    env.ok(&["--roadmap", path, "done", "alpha"]);
    let progress: toml::Table = env.read_progress().parse().unwrap();
    assert_eq!(
        progress["roadmaps"]["tiny"]["items"]["alpha"]["status"].as_str(),
        Some("done")
    );
}

#[test]
fn roadmaps_lists_one_active_roadmap_when_the_path_is_a_user_file() {
    let env = TestEnv::new();
    let path = env.install_user_roadmap("tiny.yaml", TINY);
    let doc = env.json(&["--roadmap", path.to_str().unwrap(), "roadmaps", "--json"]);
    let list = doc["roadmaps"].as_array().unwrap();
    let active = list.iter().filter(|e| e["active"] == true).count();
    assert_eq!(active, 1, "{doc:#}");
    let tinies = list.iter().filter(|e| e["id"] == "tiny").count();
    assert_eq!(tinies, 1, "one file, one entry:\n{doc:#}");
}

#[test]
fn an_unknown_roadmap_id_is_a_usage_error_with_a_suggestion() {
    let env = tiny_env();
    let err = env.fails(2, &["--roadmap", "tinny", "list"]);
    assert!(err.contains("`tinny`"), "{err}");
    assert!(err.contains("`tiny`"), "suggests the close id:\n{err}");
    assert!(!env.progress().exists());
}

#[test]
fn global_options_work_before_or_after_the_subcommand() {
    let env = tiny_env();
    let before = env.ok(&["--roadmap", "tiny", "--color", "never", "list"]);
    let after = env.ok(&["list", "--roadmap", "tiny", "--color", "never"]);
    let mixed = env.ok(&["--color", "never", "list", "--roadmap", "tiny"]);
    assert_eq!(before, after);
    assert_eq!(before, mixed);
    assert!(before.contains("alpha"), "{before}");

    let always = env.ok(&["list", "--roadmap", "tiny", "--color", "always"]);
    assert!(
        always.contains('\x1b'),
        "--color always after the subcommand"
    );

    let first = env.root().join("first.toml");
    let second = env.root().join("second.toml");
    env.ok(&["--progress", first.to_str().unwrap(), "done", "python"]);
    env.ok(&["done", "rag", "--progress", second.to_str().unwrap()]);
    let first = std::fs::read_to_string(first).unwrap();
    let second = std::fs::read_to_string(second).unwrap();
    assert!(first.contains("items.python]") && !first.contains("items.rag]"));
    assert!(second.contains("items.rag]") && !second.contains("items.python]"));
    assert!(
        !env.progress().exists(),
        "--progress beat $ROADMAP_PROGRESS"
    );

    let show = env.json(&["show", "alpha", "--json", "--roadmap", "tiny"]);
    assert_eq!(show["id"], "alpha");
}

#[test]
fn every_json_output_is_one_document_without_colour() {
    let env = tiny_env();
    env.ok(&[
        "--roadmap",
        "tiny",
        "done",
        "alpha",
        "beta",
        "--on",
        "2026-11-01",
    ]);
    let valid = env.write("valid.yaml", TINY);
    let valid = valid.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["list", "--json"],
        vec!["list", "more", "--status", "todo", "--json"],
        vec!["show", "gamma", "--json"],
        vec!["roadmaps", "--json"],
        vec!["validate", valid, "--json"],
        vec!["status", "--json"],
        vec!["next", "--json"],
        vec!["timeline", "--json"],
        vec!["log", "--json"],
        vec!["doctor", "--json"],
    ];
    for args in cases {
        for color in ["never", "always"] {
            let mut all = vec!["--roadmap", "tiny", "--color", color];
            all.extend(args.iter());
            let stdout = env.ok(&all);
            assert!(!stdout.contains('\x1b'), "{all:?}: colour in JSON");
            let mut stream = serde_json::Deserializer::from_str(&stdout).into_iter::<Value>();
            let first = stream.next();
            assert!(
                matches!(first, Some(Ok(Value::Object(_)))),
                "{all:?}: not a JSON object:\n{stdout}"
            );
            assert!(
                stream.next().is_none(),
                "{all:?}: more than one document:\n{stdout}"
            );
            // Nothing but whitespace may follow the document.
            serde_json::from_str::<Value>(&stdout)
                .unwrap_or_else(|e| panic!("{all:?}: {e}:\n{stdout}"));
        }
    }
}

// ---------------------------------------------------------------------------
// ITEM resolution (SPEC section 4)

/// A roadmap built so that each resolution step can be told apart.
const NAMES: &str = "\
format: 1
id: names
title: Names
stages:
  - id: s
    title: S
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: python, title: Python for production, aliases: [py] }
      - { id: pytorch, title: PyTorch }
      - { id: prompt-engineering, title: Prompt engineering }
      - { id: prompt-injection, title: Defending against prompt injection }
      - { id: rag, title: Retrieval-augmented generation }
      - { id: ci, title: Testing }
      - { id: testing-at-scale, title: Load testing at scale }
      - { id: ml-basics, title: Machine learning basics }
      - { id: ml-ops, title: Machine learning operations }
";

fn names_env() -> TestEnv {
    let env = TestEnv::new();
    env.install_user_roadmap("names.yaml", NAMES);
    env.ok(&["use", "names"]);
    env
}

fn resolves_to(env: &TestEnv, reference: &str) -> String {
    let doc = env.json(&["show", reference, "--json"]);
    doc["id"].as_str().unwrap().to_string()
}

#[test]
fn item_references_resolve_in_the_documented_order() {
    let env = names_env();
    assert_eq!(resolves_to(&env, "rag"), "rag", "exact id");
    assert_eq!(
        resolves_to(&env, "py"),
        "python",
        "an alias wins over the id prefix shared by python and pytorch"
    );
    assert_eq!(
        resolves_to(&env, "TESTING"),
        "ci",
        "exact title, any case, wins over the id prefix of testing-at-scale"
    );
    assert_eq!(
        resolves_to(&env, "prompt Engineering"),
        "prompt-engineering"
    );
    assert_eq!(
        resolves_to(&env, "prompt-i"),
        "prompt-injection",
        "id prefix"
    );
    assert_eq!(resolves_to(&env, "pyto"), "pytorch", "id prefix");
    assert_eq!(resolves_to(&env, "retrieval"), "rag", "title prefix");
    assert_eq!(
        resolves_to(&env, "DEFENDING against"),
        "prompt-injection",
        "title prefix, any case"
    );
    // Writing commands resolve the same way.
    env.ok(&["done", "retrieval"]);
    assert!(env.read_progress().contains("[roadmaps.names.items.rag]"));
}

#[test]
fn an_ambiguous_reference_lists_the_candidates() {
    let env = names_env();
    let err = env.fails(2, &["show", "prompt"]);
    assert!(err.contains("`prompt`"), "{err}");
    assert!(err.contains("prompt-engineering"), "{err}");
    assert!(err.contains("prompt-injection"), "{err}");
    assert!(!err.contains("python"), "{err}");

    // Ambiguous at the title-prefix step.
    let err = env.fails(2, &["show", "machine"]);
    assert!(err.contains("ml-basics") && err.contains("ml-ops"), "{err}");
    let before = env.read_progress();
    let err = env.fails(2, &["done", "machine"]);
    assert!(err.contains("ml-basics") && err.contains("ml-ops"), "{err}");
    assert_eq!(env.read_progress(), before, "nothing written");
}

#[test]
fn an_unknown_reference_suggests_close_ids() {
    let env = names_env();
    let err = env.fails(2, &["show", "pyhton"]);
    assert!(err.contains("`pyhton`"), "{err}");
    assert!(err.contains("`python`"), "{err}");

    let builtin = TestEnv::new();
    let err = builtin.fails(2, &["show", "pyhton"]);
    assert!(err.contains("did you mean `python`"), "{err}");
    let err = builtin.fails(2, &["done", "pyhton"]);
    assert!(err.contains("`python`"), "{err}");
    assert!(!builtin.progress().exists(), "nothing written");
    let out = builtin.run(&["show", "zzzzzz"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("`zzzzzz`"));
}
