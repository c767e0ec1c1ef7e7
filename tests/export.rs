//! Scripted use through the real binary: `export` in its four formats, `import`
//! and the round trip between them (SPEC sections 4 and 5), and the JSON export
//! checked against its documentation in `docs/export-format.md`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{TINY, TestEnv};
use serde_json::Value;

/// Progress on `TINY` whose notes hold commas, double quotes, a newline and
/// non-ASCII text, plus progress for an item the roadmap no longer has.
const NOTES: &str = include_str!("fixtures/export/notes.toml");

/// The built-in roadmap's learner from the views tests.
const LEARNER: &str = include_str!("fixtures/views/learner.toml");

const FORMATS: [&str; 4] = ["json", "csv", "markdown", "toml"];

const CSV_HEADER: &str = "roadmap,stage,id,title,kind,status,started,done,note";

/// A note that every format must carry intact.
const TRICKY: &str = "Café, \"naïve\" RAG\nsecond line — ✓";

/// An environment with `TINY` installed as a user roadmap.
fn tiny_env() -> TestEnv {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.user_roadmaps()).unwrap();
    std::fs::write(env.user_roadmaps().join("tiny.yaml"), TINY).unwrap();
    env
}

fn notes_env() -> TestEnv {
    let env = tiny_env();
    env.write_progress(NOTES);
    env
}

fn export(env: &TestEnv, format: &str) -> String {
    env.ok(&["export", "--format", format])
}

/// Every item object of an export document, in order.
fn items(doc: &Value) -> Vec<Value> {
    doc["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .flat_map(|s| s["items"].as_array().expect("items").iter().cloned())
        .collect()
}

/// The `stages[].items` arrays of an export document.
fn stage_items(doc: &Value) -> Vec<Value> {
    doc["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| s["items"].clone())
        .collect()
}

fn item<'d>(doc: &'d Value, id: &str) -> &'d Value {
    doc["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item `{id}` in the export"))
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------
// The four formats

#[test]
fn snapshots_of_every_format() {
    let env = notes_env();
    for format in FORMATS {
        let text = export(&env, format);
        insta::assert_snapshot!(format!("export_{format}"), text);
        assert!(text.ends_with('\n'), "{format} does not end with a newline");
    }
    // JSON is the default.
    assert_eq!(env.ok(&["export"]), export(&env, "json"));
}

#[test]
fn every_format_carries_the_tricky_note_intact() {
    let env = notes_env();
    let json: Value = serde_json::from_str(&export(&env, "json")).unwrap();
    assert_eq!(item(&json, "alpha")["note"], TRICKY);
    assert_eq!(
        item(&json, "epsilon")["note"],
        "漢字 and emoji 🚀, \"quoted\""
    );

    let rows = parse_csv(&export(&env, "csv"));
    let alpha = rows.iter().find(|r| r[2] == "alpha").expect("alpha row");
    assert_eq!(alpha[8], TRICKY);

    let toml_text = export(&env, "toml");
    let doc: toml::Table = toml_text.parse().expect("the TOML export parses");
    assert_eq!(
        doc["roadmaps"]["tiny"]["items"]["alpha"]["note"].as_str(),
        Some(TRICKY)
    );

    let markdown = export(&env, "markdown");
    assert!(
        markdown.contains("  - Café, \"naïve\" RAG\n    second line — ✓\n"),
        "{markdown}"
    );
}

#[test]
fn markdown_has_a_heading_per_stage_and_a_line_per_item() {
    let env = notes_env();
    let markdown = export(&env, "markdown");
    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings, ["## Basics (1/3)", "## More (0/2)"]);
    let checks: Vec<&str> = markdown.lines().filter(|l| l.starts_with("- [")).collect();
    assert_eq!(
        checks,
        [
            "- [x] Alpha skill (2026-09-20)",
            "- [ ] Beta skill *(started 2026-10-05)*",
            "- [ ] Gamma project",
            "- [ ] Delta skill",
            "- [ ] ~~Epsilon skill~~ *(skipped)*",
        ]
    );
    // Markdown syntax in a note is escaped, so it reads as written.
    assert!(
        markdown.contains("Pipes \\| stars \\* and \\[brackets\\] \\# not a heading"),
        "{markdown}"
    );
}

// ---------------------------------------------------------------------------
// CSV

/// A small RFC 4180 reader: comma-separated fields, double-quoted fields may
/// hold commas, line breaks and doubled quotes; rows end with LF or CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(
                    field.is_empty() && !was_quoted,
                    "a quote inside an unquoted field: {field:?} in\n{text}"
                );
                quoted = true;
                was_quoted = true;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                was_quoted = false;
            }
            c => {
                assert!(!was_quoted, "text after a closing quote: {c:?} in\n{text}");
                field.push(c);
            }
        }
    }
    assert!(!quoted, "an unterminated quoted field in\n{text}");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn the_csv_reader_follows_rfc_4180() {
    assert_eq!(
        parse_csv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n,\"x\ny\",\n"),
        [vec!["a", "b,c", "say \"hi\""], vec!["", "x\ny", ""],]
    );
}

#[test]
fn csv_has_the_header_and_one_row_per_item() {
    let env = notes_env();
    let text = export(&env, "csv");
    assert_eq!(text.lines().next(), Some(CSV_HEADER));
    let rows = parse_csv(&text);
    assert_eq!(rows[0].join(","), CSV_HEADER);
    let json: Value = serde_json::from_str(&export(&env, "json")).unwrap();
    let expected = items(&json);
    assert_eq!(rows.len() - 1, expected.len(), "one row per item:\n{text}");
    assert_eq!(rows.len() - 1, 5);
    let stage_of: BTreeMap<String, String> = json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["items"].as_array().unwrap().iter().map(|i| {
                (
                    i["id"].as_str().unwrap().to_string(),
                    s["id"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    let text_of = |v: &Value| v.as_str().unwrap_or("").to_string();
    for (row, item) in rows[1..].iter().zip(&expected) {
        assert_eq!(row.len(), 9, "{row:?}");
        let id = text_of(&item["id"]);
        assert_eq!(row[0], "tiny");
        assert_eq!(row[1], stage_of[&id]);
        assert_eq!(row[2], id);
        assert_eq!(row[3], text_of(&item["title"]));
        assert_eq!(row[4], text_of(&item["kind"]));
        assert_eq!(row[5], text_of(&item["status"]));
        assert_eq!(row[6], text_of(&item["started"]));
        assert_eq!(row[7], text_of(&item["done"]));
        assert_eq!(row[8], text_of(&item["note"]));
    }
    // The orphan's progress is in the JSON, not in the CSV.
    assert!(!text.contains("zeta"));

    // The csv crate reads the same records.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let theirs: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(theirs, rows);
}

#[test]
fn csv_of_the_built_in_roadmap() {
    let env = TestEnv::new();
    env.write_progress(LEARNER);
    let rows = parse_csv(&export(&env, "csv"));
    assert_eq!(rows.len(), 1 + 103);
    assert!(rows.iter().all(|r| r.len() == 9));
    let python = rows.iter().find(|r| r[2] == "python").unwrap();
    assert_eq!(
        python[..],
        [
            "ai-engineer",
            "foundations",
            "python",
            "Python for production code",
            "skill",
            "done",
            "2026-03-02",
            "2026-04-04",
            "Packaged my scripts with tests and CI",
        ]
    );
    let statuses: BTreeSet<&str> = rows[1..].iter().map(|r| r[5].as_str()).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["done", "skipped", "started", "todo"])
    );
}

// ---------------------------------------------------------------------------
// Machine output is plain

#[test]
fn machine_output_has_no_colour_and_no_borders() {
    let env = notes_env();
    for format in FORMATS {
        let never = env.ok(&["--color", "never", "export", "--format", format]);
        let always = env.ok(&["--color", "always", "export", "--format", format]);
        assert_eq!(
            always, never,
            "`--color always` changes the {format} export"
        );
        assert!(!always.contains('\x1b'), "an escape in the {format} export");
        if format != "markdown" {
            let border = always
                .chars()
                .find(|c| ('\u{2500}'..='\u{259f}').contains(c));
            assert_eq!(
                border, None,
                "a box-drawing character in the {format} export"
            );
            assert!(
                !always
                    .lines()
                    .any(|l| l.starts_with("+-") || l.starts_with("|-")),
                "a table border in the {format} export:\n{always}"
            );
        }
    }
    for args in [
        &["status", "--json"][..],
        &["timeline", "--json"],
        &["next", "--json"],
        &["log", "--json"],
        &["list", "--json"],
    ] {
        let mut full = vec!["--color", "always"];
        full.extend_from_slice(args);
        let out = env.ok(&full);
        assert!(!out.contains('\x1b'), "an escape in `{}`", args.join(" "));
        serde_json::from_str::<Value>(&out).expect("one JSON document");
    }
}

// ---------------------------------------------------------------------------
// -o FILE

#[test]
fn output_file_and_dash() {
    let env = notes_env();
    for format in FORMATS {
        let expected = export(&env, format);
        let name = format!("out/progress.{format}");
        std::fs::create_dir_all(env.root().join("out")).unwrap();
        let out = env.run(&["export", "--format", format, "-o", &name]);
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(out.stdout.is_empty(), "`-o FILE` also printed to stdout");
        assert_eq!(
            std::fs::read_to_string(env.root().join(&name)).unwrap(),
            expected
        );
        assert!(stderr_of(&out).contains("progress."), "{}", stderr_of(&out));
        assert_eq!(env.ok(&["export", "--format", format, "-o", "-"]), expected);
    }
    // An existing file is replaced whole.
    let path = env.write("old.json", &"x".repeat(100_000));
    env.ok(&["export", "-o", path.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        export(&env, "json")
    );
    // A folder is no file to write.
    let err = env.fails(
        1,
        &["export", "-o", env.root().join("out").to_str().unwrap()],
    );
    assert!(err.contains("out"), "{err}");
}

// ---------------------------------------------------------------------------
// Round trips

/// In a fresh environment, tick items with every status and notes through the
/// commands themselves.
fn ticked_env() -> TestEnv {
    let env = tiny_env();
    env.ok(&["use", "tiny"]);
    env.ok(&[
        "profile",
        "--background",
        "new",
        "--hours-per-week",
        "7.5",
        "--start",
        "2026-08-01",
    ]);
    env.ok(&["done", "alpha", "--on", "2026-08-20", "--note", TRICKY]);
    env.ok(&["start", "beta", "--on", "2026-09-01"]);
    env.ok(&["note", "beta", "Plain note, with a comma"]);
    env.ok(&["skip", "epsilon"]);
    env.ok(&["note", "epsilon", "漢字 and emoji 🚀, \"quoted\""]);
    env.ok(&["note", "delta", "A todo item with a note"]);
    env.ok(&["start", "gamma", "--on", "2026-10-01"]);
    env.ok(&["done", "gamma", "--on", "2026-11-15"]);
    env
}

#[test]
fn json_round_trip_keeps_every_item() {
    let a = ticked_env();
    let exported = export(&a, "json");
    let first: Value = serde_json::from_str(&exported).unwrap();
    // What was ticked is there.
    assert_eq!(item(&first, "alpha")["status"], "done");
    assert_eq!(item(&first, "alpha")["note"], TRICKY);
    assert_eq!(item(&first, "gamma")["started"], "2026-10-01");
    assert_eq!(item(&first, "gamma")["done"], "2026-11-15");
    assert_eq!(item(&first, "epsilon")["status"], "skipped");
    assert_eq!(item(&first, "delta")["status"], "todo");
    assert_eq!(item(&first, "delta")["note"], "A todo item with a note");

    let b = tiny_env();
    let file = b.write("from-a.json", &exported);
    let out = b.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let again: Value = serde_json::from_str(&b.ok(&["--roadmap", "tiny", "export"])).unwrap();
    assert_eq!(stage_items(&again), stage_items(&first));

    // Importing the same file again changes nothing.
    let before = b.read_progress();
    let out = b.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(b.read_progress(), before);
}

#[test]
fn toml_round_trip_keeps_every_item() {
    let a = ticked_env();
    let first: Value = serde_json::from_str(&export(&a, "json")).unwrap();
    let toml_text = export(&a, "toml");

    // The TOML export is a progress file of its own...
    let c = tiny_env();
    let path = c.write("exported.toml", &toml_text);
    let direct: Value =
        serde_json::from_str(&c.ok(&["--progress", path.to_str().unwrap(), "export"])).unwrap();
    assert_eq!(direct, first, "the TOML export read as a progress file");

    // ...and imports into an empty one.
    let out = c.run(&["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let again: Value = serde_json::from_str(&c.ok(&["--roadmap", "tiny", "export"])).unwrap();
    assert_eq!(stage_items(&again), stage_items(&first));
}

#[test]
fn round_trip_of_the_built_in_learner() {
    let a = TestEnv::new();
    a.write_progress(LEARNER);
    let first: Value = serde_json::from_str(&export(&a, "json")).unwrap();
    for format in ["json", "toml"] {
        let b = TestEnv::new();
        let file = b.write(&format!("learner.{format}"), &export(&a, format));
        b.ok(&["import", file.to_str().unwrap()]);
        let again: Value = serde_json::from_str(&export(&b, "json")).unwrap();
        assert_eq!(stage_items(&again), stage_items(&first), "through {format}");
    }
}

#[test]
fn orphaned_progress_survives_the_round_trip() {
    let a = notes_env();
    let first: Value = serde_json::from_str(&export(&a, "json")).unwrap();
    assert_eq!(
        first["orphans"],
        serde_json::json!([{
            "id": "zeta", "status": "done", "started": null, "done": "2026-10-01",
            "note": "From an older version of the roadmap"
        }])
    );
    for format in ["json", "toml"] {
        let b = tiny_env();
        let file = b.write(&format!("notes.{format}"), &export(&a, format));
        b.ok(&["import", file.to_str().unwrap()]);
        let again: Value = serde_json::from_str(&b.ok(&["--roadmap", "tiny", "export"])).unwrap();
        assert_eq!(again["orphans"], first["orphans"], "through {format}");
    }
}

// ---------------------------------------------------------------------------
// Import merges

/// Our side of the merge tests.
const OURS: &str = "\
format = 1
roadmap = \"tiny\"

[profile]
start = 2026-08-01

[roadmaps.tiny.items.alpha]
status = \"done\"
started = 2026-08-02
done = 2026-08-20
note = \"mine\"

[roadmaps.tiny.items.beta]
status = \"started\"
started = 2026-09-01

[roadmaps.tiny.items.delta]
status = \"skipped\"
note = \"not for me\"

[roadmaps.tiny.items.epsilon]
status = \"started\"
started = 2026-10-01
";

/// Their side: a JSON export saying less about some items and more about others.
fn theirs() -> String {
    let item =
        |id: &str, status: &str, started: Option<&str>, done: Option<&str>, note: Option<&str>| {
            serde_json::json!({
                "id": id, "title": id, "kind": "skill", "status": status,
                "started": started, "done": done, "note": note
            })
        };
    serde_json::json!({
        "format": 1,
        "roadmap": { "id": "tiny", "title": "Tiny roadmap" },
        "stages": [
            { "id": "basics", "items": [
                item("alpha", "started", Some("2026-07-01"), None, Some("theirs")),
                item("beta", "skipped", None, None, Some("skip it")),
                item("gamma", "skipped", None, None, None),
            ]},
            { "id": "more", "items": [
                item("delta", "done", Some("2026-10-02"), Some("2026-10-15"), Some("learned it after all")),
                item("epsilon", "done", Some("2026-10-03"), Some("2026-11-01"), None),
            ]}
        ]
    })
    .to_string()
}

#[test]
fn import_never_downgrades_and_keeps_every_note() {
    let env = tiny_env();
    env.write_progress(OURS);
    let file = env.write("theirs.json", &theirs());
    let out = env.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_str(&export(&env, "json")).unwrap();

    // Done stays done when the import says started; our dates stay.
    let alpha = item(&doc, "alpha");
    assert_eq!(alpha["status"], "done");
    assert_eq!(alpha["done"], "2026-08-20");
    assert_eq!(alpha["started"], "2026-08-02");
    let note = alpha["note"].as_str().unwrap();
    assert!(note.contains("mine") && note.contains("theirs"), "{note:?}");

    // Skipped wins only over todo: not over started...
    let beta = item(&doc, "beta");
    assert_eq!(beta["status"], "started");
    assert_eq!(beta["started"], "2026-09-01");
    assert_eq!(beta["note"], "skip it", "the loser's note is kept");
    // ...but over todo.
    assert_eq!(item(&doc, "gamma")["status"], "skipped");

    // Done wins over skipped, with its own dates; both notes stay.
    let delta = item(&doc, "delta");
    assert_eq!(delta["status"], "done");
    assert_eq!(delta["started"], "2026-10-02");
    assert_eq!(delta["done"], "2026-10-15");
    let note = delta["note"].as_str().unwrap();
    assert!(
        note.contains("not for me") && note.contains("learned it after all"),
        "{note:?}"
    );

    // Done wins over started, and its dates come with it.
    let epsilon = item(&doc, "epsilon");
    assert_eq!(epsilon["status"], "done");
    assert_eq!(epsilon["started"], "2026-10-03");
    assert_eq!(epsilon["done"], "2026-11-01");

    // What changed is printed, one line per item.
    let printed = String::from_utf8(out.stdout).unwrap();
    for id in ["alpha", "beta", "gamma", "delta", "epsilon"] {
        assert!(
            printed.lines().any(|l| l.starts_with(id)),
            "`{id}` missing:\n{printed}"
        );
    }
}

#[test]
fn import_never_leaves_a_start_after_the_finish() {
    // Ours: done on 2026-08-20, start unknown. Theirs: started later than that.
    let env = tiny_env();
    env.write_progress(
        "format = 1\nroadmap = \"tiny\"\n\n[roadmaps.tiny.items.alpha]\nstatus = \"done\"\ndone = 2026-08-20\n",
    );
    let file = env.write(
        "later.json",
        &serde_json::json!({
            "format": 1, "roadmap": { "id": "tiny" },
            "stages": [{ "items": [
                { "id": "alpha", "status": "started", "started": "2026-09-15", "done": null, "note": null }
            ]}]
        })
        .to_string(),
    );
    env.ok(&["import", file.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&export(&env, "json")).unwrap();
    let alpha = item(&doc, "alpha");
    assert_eq!(alpha["status"], "done");
    assert_eq!(alpha["done"], "2026-08-20");
    if let Some(started) = alpha["started"].as_str() {
        assert!(
            started <= "2026-08-20",
            "import recorded `alpha` started on {started}, after it was done on 2026-08-20"
        );
    }
    let doctor = env.json(&["doctor", "--json"]);
    assert_eq!(doctor["problems"], serde_json::json!([]), "{doctor}");
}

#[test]
fn dry_run_prints_the_changes_and_writes_nothing() {
    let env = tiny_env();
    env.write_progress(OURS);
    let file = env.write("theirs.json", &theirs());
    let before = std::fs::read(env.progress()).unwrap();

    let dry = env.run(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr_of(&dry));
    assert_eq!(
        std::fs::read(env.progress()).unwrap(),
        before,
        "--dry-run wrote"
    );
    assert!(stderr_of(&dry).contains("dry run"), "{}", stderr_of(&dry));

    let real = env.run(&["import", file.to_str().unwrap()]);
    assert!(real.status.success());
    assert_eq!(
        dry.stdout, real.stdout,
        "--dry-run and the import tell different changes"
    );
    assert!(!dry.stdout.is_empty());
    assert_ne!(std::fs::read(env.progress()).unwrap(), before);

    // Without a progress file, none is created.
    let fresh = tiny_env();
    let file = fresh.write("theirs.json", &theirs());
    let tree = fresh.tree();
    let out = fresh.run(&[
        "--roadmap",
        "tiny",
        "import",
        file.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("gamma"));
    assert!(!fresh.progress().exists());
    let after: Vec<_> = fresh
        .tree()
        .into_iter()
        .filter(|p| !p.starts_with(fresh.root().join("cache")))
        .collect();
    let tree: Vec<_> = tree
        .into_iter()
        .filter(|p| !p.starts_with(fresh.root().join("cache")))
        .collect();
    assert_eq!(after, tree);
}

/// `path:LINE` or `path:LINE:COLUMN` at the start of an error message.
fn names_line(stderr: &str, file: &Path, line: usize) -> bool {
    let name = file.file_name().unwrap().to_str().unwrap();
    stderr.contains(&format!("{name}:{line}:")) || stderr.contains(&format!("{name}:{line} "))
}

#[test]
fn malformed_imports_exit_1_name_the_line_and_write_nothing() {
    let env = tiny_env();
    env.write_progress(OURS);
    let before = std::fs::read(env.progress()).unwrap();
    let cases = [
        (
            "bad.json",
            "{\n  \"format\": 1,\n  \"roadmap\": { \"id\": \"tiny\" },\n  \"stages\": [ oops ]\n}\n",
            4,
        ),
        (
            "truncated.json",
            "{\n  \"format\": 1,\n  \"roadmap\": { \"id\": \"tiny\" },\n",
            4,
        ),
        (
            "bad.toml",
            "format = 1\n\n[roadmaps.tiny.items.alpha\nstatus = \"done\"\n",
            3,
        ),
        (
            "bad-date.toml",
            "format = 1\n[roadmaps.tiny.items.alpha]\nstatus = \"done\"\ndone = 2026-13-01\n",
            4,
        ),
        (
            "bad-status.toml",
            "format = 1\n[roadmaps.tiny.items.alpha]\nstatus = \"finished\"\n",
            3,
        ),
    ];
    for (name, text, line) in cases {
        let file = env.write(name, text);
        let err = env.fails(1, &["import", file.to_str().unwrap()]);
        assert!(
            names_line(&err, &file, line),
            "`import {name}` does not name line {line}:\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            std::fs::read(env.progress()).unwrap(),
            before,
            "`import {name}` wrote"
        );
    }
    // A newer export format is refused, not guessed at.
    let file = env.write(
        "future.json",
        "{ \"format\": 2, \"roadmap\": { \"id\": \"tiny\" }, \"stages\": [] }\n",
    );
    let err = env.fails(1, &["import", file.to_str().unwrap()]);
    assert!(err.contains("format 2") || err.contains("format"), "{err}");
    assert_eq!(std::fs::read(env.progress()).unwrap(), before);
    // A missing file too.
    env.fails(1, &["import", "no-such-file.json"]);
    assert_eq!(std::fs::read(env.progress()).unwrap(), before);
}

// ---------------------------------------------------------------------------
// The documented shape

/// One documented key: its type and whether it may be null.
#[derive(Debug)]
struct Documented {
    kind: String,
    nullable: bool,
}

/// The rows of the JSON table in `docs/export-format.md`, by key path.
fn documented_keys() -> BTreeMap<String, Documented> {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/export-format.md"),
    )
    .expect("docs/export-format.md exists");
    let json = doc
        .split("\n## JSON\n")
        .nth(1)
        .expect("a `## JSON` section")
        .split("\n## ")
        .next()
        .unwrap();
    let mut keys = BTreeMap::new();
    for line in json.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells.len(), 4, "a JSON table row has 4 cells: {line}");
        let key = cells[0].trim_matches('`').to_string();
        let nullable = match cells[2] {
            "yes" => true,
            "no" => false,
            other => panic!("the Null cell of `{key}` is {other:?}, not yes or no"),
        };
        let previous = keys.insert(
            key.clone(),
            Documented {
                kind: cells[1].to_string(),
                nullable,
            },
        );
        assert!(previous.is_none(), "`{key}` is documented twice");
    }
    assert!(keys.len() > 30, "too few documented keys: {keys:?}");
    keys
}

/// Every (path, value) pair of a JSON document, with `[]` for array elements.
fn walk(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                out.push((child_path.clone(), child.clone()));
                walk(child, &child_path, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                walk(child, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

#[track_caller]
fn check_type(path: &str, value: &Value, documented: &Documented) {
    if value.is_null() {
        assert!(
            documented.nullable,
            "`{path}` is null, documented as never null"
        );
        return;
    }
    let kind = documented.kind.as_str();
    let ok = match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "date" => value.as_str().is_some_and(|s| {
            s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
        }),
        enumeration if enumeration.starts_with("enum: ") => {
            let values: Vec<&str> = enumeration["enum: ".len()..].split(", ").collect();
            value.as_str().is_some_and(|s| values.contains(&s))
        }
        other => panic!("`{path}` has an unknown documented type {other:?}"),
    };
    assert!(ok, "`{path}` is {value}, documented as {kind}");
}

/// Check an export against the documentation: every key documented, every
/// documented key present (in this document) with its type.
fn check_against_docs(doc: &Value, keys: &BTreeMap<String, Documented>) -> BTreeSet<String> {
    let mut pairs = Vec::new();
    walk(doc, "", &mut pairs);
    let mut seen = BTreeSet::new();
    for (path, value) in &pairs {
        let documented = keys.get(path).unwrap_or_else(|| {
            panic!("`{path}` is in the export but not in docs/export-format.md")
        });
        check_type(path, value, documented);
        seen.insert(path.clone());
    }
    // Every documented key of every object present: e.g. each item has all item keys.
    for key in keys.keys() {
        let (parent, name) = match key.rsplit_once('.') {
            Some((parent, name)) => (parent.to_string(), name),
            None => (String::new(), key.as_str()),
        };
        let parents: Vec<&Value> = if parent.is_empty() {
            vec![doc]
        } else {
            pairs
                .iter()
                .filter(|(p, _)| format!("{p}[]") == parent || *p == parent)
                .flat_map(|(p, v)| {
                    if format!("{p}[]") == parent {
                        v.as_array().map(|a| a.iter().collect()).unwrap_or_default()
                    } else {
                        vec![v]
                    }
                })
                .filter(|v| v.is_object())
                .collect()
        };
        for object in parents {
            assert!(
                object.get(name).is_some(),
                "documented `{key}` is missing from {object}"
            );
        }
    }
    seen
}

#[test]
fn the_json_export_matches_its_documentation() {
    let keys = documented_keys();
    let mut seen = BTreeSet::new();
    // The tricky notes with an orphan, and the built-in learner (areas, a skip).
    let notes = notes_env();
    let learner = TestEnv::new();
    learner.write_progress(LEARNER);
    for env in [&notes, &learner] {
        let doc: Value = serde_json::from_str(&export(env, "json")).unwrap();
        seen.extend(check_against_docs(&doc, &keys));
        assert_eq!(doc, env.json(&["status", "--json"]));
    }
    // A fresh start: nulls where the documentation allows them.
    let fresh = TestEnv::new();
    let doc: Value = serde_json::from_str(&export(&fresh, "json")).unwrap();
    seen.extend(check_against_docs(&doc, &keys));
    // A what-if says so; the rest of its document is the same as without it.
    let what_if = learner.json(&["status", "--json", "--hours-per-week", "7.5"]);
    seen.extend(check_against_docs(&what_if, &keys));
    assert_eq!(what_if["what_if"]["hours_per_week"], 7.5);
    assert_eq!(what_if["profile"]["hours_per_week"], 7.5);

    let never_seen: Vec<&String> = keys.keys().filter(|k| !seen.contains(*k)).collect();
    assert!(
        never_seen.is_empty(),
        "documented keys that no export showed: {never_seen:?}"
    );
}

#[test]
fn the_csv_columns_match_their_documentation() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/export-format.md"),
    )
    .unwrap();
    let csv = doc
        .split("\n## CSV\n")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    assert!(
        csv.contains(&format!("```\n{CSV_HEADER}\n```")),
        "the header is not documented"
    );
    let columns: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.trim_start_matches("| `").split('`').next().unwrap())
        .collect();
    assert_eq!(columns.join(","), CSV_HEADER);
    assert_eq!(export(&notes_env(), "csv").lines().next(), Some(CSV_HEADER));
}

/// `roadmap export ... | head`: the reader goes away after a few lines. Every
/// format written as it is made stops quietly, exit 0 and nothing on stderr,
/// as one written at once does.
#[test]
fn an_export_into_a_pipe_closed_early_stops_quietly() {
    use std::io::Read;
    use std::process::Stdio;

    let env = TestEnv::new();
    let mut yaml = String::from(
        "format: 1\nid: big\ntitle: Big\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 12, max_months: 24 }\n    items:\n",
    );
    for i in 0..4000 {
        yaml.push_str(&format!(
            "      - {{ id: item-{i}, title: \"A title long enough to fill the pipe {i}\" }}\n"
        ));
    }
    env.install_user_roadmap("big.yaml", &yaml);
    env.write_progress("format = 2\nroadmap = \"big\"\n");
    for format in ["json", "csv", "html", "markdown"] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_roadmap"));
        let mut child = env
            .isolate(&mut command)
            .args(["export", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        // The pipe's reader is gone: the rest of the export meets a closed pipe.
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{format}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}
