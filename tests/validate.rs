//! `roadmap validate` through the real binary: the built-in roadmap, one fixture per
//! rule of SPEC section 2 (in `tests/fixtures/invalid/`), several problems in one
//! run, and hostile input (alias bombs, deep nesting, huge and non-UTF-8 files).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{TINY, TestEnv};
use serde_json::Value;

/// Hang guard for hostile input: SPEC asks for a fast refusal, and these runs take
/// well under a second when all is well. The bound only catches a hang; it is not a
/// speed measurement.
const HANG_GUARD: Duration = Duration::from_secs(10);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `roadmap validate PATH --json`, whatever the exit code: (exit code, the one file's entry).
fn validate_json(env: &TestEnv, path: &Path) -> (Option<i32>, Value) {
    let out = env
        .cmd()
        .args(["validate", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    let doc: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{stdout}"));
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "{doc:#}");
    assert_eq!(files[0]["path"], path.to_str().unwrap());
    (out.status.code(), files[0].clone())
}

fn problems(file: &Value) -> Vec<Value> {
    file["problems"].as_array().expect("problems").clone()
}

/// One rule, one fixture: `validate` fails with exactly one error whose message
/// contains `needle`, at `line` (and `column`) when given, in the human output and
/// in `--json`.
fn assert_error(name: &str, needle: &str, at: Option<(u64, u64)>) {
    let env = TestEnv::new();
    let path = fixture(name);
    let path_text = path.to_str().unwrap();

    let out = env.run(&["validate", path_text]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{name}\n{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stdout.contains(needle),
        "{name}: `{needle}` not in:\n{stdout}"
    );
    let place = match at {
        Some((line, column)) => format!("{path_text}:{line}:{column}: error: "),
        None => format!("{path_text}: error: "),
    };
    assert!(
        stdout.contains(&place),
        "{name}: `{place}` not in:\n{stdout}"
    );
    assert!(stdout.contains("invalid (1 error)"), "{stdout}");
    assert!(stderr.contains("did not pass validation"), "{stderr}");

    let (code, file) = validate_json(&env, &path);
    assert_eq!(code, Some(1));
    assert_eq!(file["valid"], false);
    let problems = problems(&file);
    assert_eq!(
        problems.len(),
        1,
        "{name}: one rule, one problem:\n{file:#}"
    );
    let p = &problems[0];
    assert_eq!(p["severity"], "error");
    assert!(p["message"].as_str().unwrap().contains(needle), "{p:#}");
    match at {
        Some((line, column)) => {
            assert_eq!(p["line"], line, "{name}: {p:#}");
            assert_eq!(p["column"], column, "{name}: {p:#}");
        }
        None => assert_eq!(p["line"], Value::Null, "{p:#}"),
    }
}

/// A warning: `validate` passes (exit 0) but reports it, with its line.
fn assert_warning(name: &str, needle: &str, line: u64) {
    let env = TestEnv::new();
    let path = fixture(name);
    let out = env.ok(&["validate", path.to_str().unwrap()]);
    assert!(out.contains(needle), "{out}");
    assert!(out.contains(&format!(":{line}:")), "{out}");
    assert!(out.contains("warning: "), "{out}");
    assert!(
        out.contains("valid") && out.contains("with 1 warning"),
        "{out}"
    );

    let (code, file) = validate_json(&env, &path);
    assert_eq!(code, Some(0));
    assert_eq!(file["valid"], true);
    let problems = problems(&file);
    assert_eq!(problems.len(), 1, "{file:#}");
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["line"], line);
    assert!(problems[0]["message"].as_str().unwrap().contains(needle));
}

// ---------------------------------------------------------------------------
// Valid roadmaps

#[test]
fn builtin_roadmap_validates_without_warnings() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "roadmap/ai-engineer.yaml"])
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("roadmap/ai-engineer.yaml: valid"),
        "{stdout}"
    );
    assert!(stdout.contains("`ai-engineer`"), "{stdout}");
    assert!(!stdout.contains("warning"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");

    let out = env
        .cmd()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "roadmap/ai-engineer.yaml", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["files"][0]["path"], "roadmap/ai-engineer.yaml");
    assert_eq!(doc["files"][0]["valid"], true);
    assert_eq!(doc["files"][0]["problems"], serde_json::json!([]));
}

#[test]
fn validate_checks_every_file_given() {
    let env = TestEnv::new();
    let good = env.write("good.yaml", TINY);
    let bad = fixture("weight-zero.yaml");
    let out = env.run(&["validate", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("good.yaml: valid `tiny`"), "{stdout}");
    assert!(stdout.contains("weight-zero.yaml: invalid"), "{stdout}");
    assert!(text(&out.stderr).contains("1 of 2 files"), "{:?}", out);

    let only_good = env.ok(&["validate", good.to_str().unwrap(), "--json"]);
    let doc: Value = serde_json::from_str(&only_good).unwrap();
    assert_eq!(doc["files"][0]["valid"], true);

    let missing = env.root().join("missing.yaml");
    let out = env.run(&["validate", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("missing.yaml"), "{out:?}");
}

// ---------------------------------------------------------------------------
// One fixture per rule

#[test]
fn bad_item_id() {
    assert_error(
        "bad-item-id.yaml",
        "item id `B_2` is not valid",
        Some((18, 13)),
    );
}

#[test]
fn bad_stage_id() {
    assert_error(
        "bad-stage-id.yaml",
        "stage id `Stage Two` is not valid",
        Some((21, 9)),
    );
}

#[test]
fn bad_track_id() {
    assert_error(
        "bad-track-id.yaml",
        "track id `-quick` is not valid",
        Some((29, 9)),
    );
}

#[test]
fn bad_background_id() {
    assert_error(
        "bad-background-id.yaml",
        "background id `dev_team` is not valid",
        Some((6, 9)),
    );
}

#[test]
fn bad_roadmap_id() {
    assert_error(
        "bad-roadmap-id.yaml",
        "roadmap id `Tiny` is not valid",
        Some((2, 5)),
    );
}

#[test]
fn duplicate_item_id_across_stages() {
    assert_error(
        "duplicate-item-id.yaml",
        "item id `a` is used twice",
        Some((25, 13)),
    );
}

#[test]
fn duplicate_stage_id() {
    assert_error(
        "duplicate-stage-id.yaml",
        "stage id `one` is used twice",
        Some((21, 9)),
    );
}

#[test]
fn duplicate_track_id() {
    assert_error(
        "duplicate-track-id.yaml",
        "track id `quick` is used twice",
        Some((33, 9)),
    );
}

#[test]
fn duplicate_background_id() {
    assert_error(
        "duplicate-background-id.yaml",
        "background id `dev` is used twice",
        Some((8, 9)),
    );
}

#[test]
fn unknown_key_is_an_error() {
    assert_error("unknown-key.yaml", "unknown field `wieght`", Some((20, 9)));
    // The message names the key that was probably meant.
    let env = TestEnv::new();
    let (_, file) = validate_json(&env, &fixture("unknown-key.yaml"));
    assert!(
        problems(&file)[0]["message"]
            .as_str()
            .unwrap()
            .contains("`weight`")
    );
}

#[test]
fn missing_format() {
    assert_error(
        "missing-format.yaml",
        "missing field `format`",
        Some((1, 1)),
    );
}

#[test]
fn missing_roadmap_id() {
    assert_error("missing-id.yaml", "missing field `id`", Some((1, 1)));
}

#[test]
fn missing_roadmap_title() {
    assert_error("missing-title.yaml", "missing field `title`", Some((1, 1)));
}

#[test]
fn missing_stages() {
    assert_error(
        "missing-stages.yaml",
        "missing field `stages`",
        Some((1, 1)),
    );
}

#[test]
fn missing_stage_estimate() {
    assert_error(
        "missing-stage-estimate.yaml",
        "stages[1]: missing field `estimate`",
        Some((21, 5)),
    );
}

#[test]
fn missing_stage_items() {
    assert_error(
        "missing-stage-items.yaml",
        "stages[1]: missing field `items`",
        Some((21, 5)),
    );
}

#[test]
fn missing_item_id() {
    assert_error(
        "missing-item-id.yaml",
        "stages[0].items[1]: missing field `id`",
        Some((18, 9)),
    );
}

#[test]
fn missing_item_title() {
    assert_error(
        "missing-item-title.yaml",
        "stages[0].items[1]: missing field `title`",
        Some((18, 9)),
    );
}

#[test]
fn dangling_requires() {
    assert_error(
        "dangling-requires.yaml",
        "item `b` requires `alpah`, which is no item",
        Some((20, 23)),
    );
}

#[test]
fn dangling_track_item() {
    assert_error(
        "dangling-track-item.yaml",
        "track `quick` lists item `zeta`, which does not exist",
        Some((32, 16)),
    );
}

#[test]
fn dangling_track_background() {
    assert_error(
        "dangling-track-for.yaml",
        "track `quick` is for background `dve`, which does not exist",
        Some((31, 11)),
    );
}

#[test]
fn dangling_extra_months_stage() {
    assert_error(
        "dangling-extra-months.yaml",
        "`extra_months` names stage `three`, which does not exist",
        Some((10, 21)),
    );
}

#[test]
fn alias_that_is_another_items_id() {
    assert_error(
        "alias-is-item-id.yaml",
        "alias `a` of item `b` is already another item's id or alias",
        Some((20, 19)),
    );
}

#[test]
fn alias_that_is_another_items_alias() {
    assert_error(
        "alias-is-alias.yaml",
        "alias `old` of item `c` is already another item's id or alias",
        Some((28, 19)),
    );
}

#[test]
fn requires_cycle_is_printed() {
    assert_error(
        "requires-cycle.yaml",
        "prerequisites form a cycle: a -> b -> c -> a",
        Some((9, 13)),
    );
}

#[test]
fn estimate_min_more_than_max() {
    assert_error(
        "estimate-min-over-max.yaml",
        "stage `two`: `estimate`: `min_months` (5) is more than `max_months` (2)",
        Some((23, 5)),
    );
}

#[test]
fn estimate_negative() {
    assert_error(
        "estimate-negative.yaml",
        "stage `two`: `estimate`: months must be 0 or more",
        Some((23, 5)),
    );
}

#[test]
fn weight_zero() {
    assert_error(
        "weight-zero.yaml",
        "item `b`: `weight` must be a whole number of at least 1, not 0",
        Some((20, 9)),
    );
}

#[test]
fn hours_per_week_zero() {
    assert_error(
        "hours-per-week-zero.yaml",
        "`hours_per_week` must be a number of hours per week from 0.5 to 100, not 0",
        Some((4, 1)),
    );
}

#[test]
fn newer_format_is_refused_clearly() {
    // The fixture also has a key this version does not know, as a newer format would.
    assert_error(
        "format-2.yaml",
        "this roadmap uses format 2, but this version of roadmap reads format 1",
        None,
    );
    let env = TestEnv::new();
    let path = fixture("format-2.yaml");
    let err = env.fails(1, &["--roadmap", path.to_str().unwrap(), "status"]);
    assert!(err.contains("format 2"), "{err}");
    assert!(err.contains("upgrade"), "{err}");
}

#[test]
fn warning_for_a_stage_without_items() {
    assert_warning("warning-empty-stage.yaml", "stage `two` has no items", 21);
}

#[test]
fn warning_for_requiring_an_item_of_a_later_stage() {
    assert_warning(
        "warning-requires-later-stage.yaml",
        "item `a` (stage `one`) requires `c`, which belongs to a later stage (`two`)",
        18,
    );
}

#[test]
fn a_roadmap_with_warnings_still_loads() {
    let env = TestEnv::new();
    let path = fixture("warning-empty-stage.yaml");
    let out = env.ok(&[
        "--roadmap",
        path.to_str().unwrap(),
        "list",
        "--color",
        "never",
    ]);
    assert!(out.contains("[ ] c"), "{out}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let env = TestEnv::new();
    let path = fixture("many-problems.yaml");
    let out = env.run(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("invalid (4 errors)"), "{stdout}");

    let (code, file) = validate_json(&env, &path);
    assert_eq!(code, Some(1));
    let found: Vec<(String, u64)> = problems(&file)
        .iter()
        .map(|p| {
            assert_eq!(p["severity"], "error", "{p:#}");
            (
                p["message"].as_str().unwrap().to_string(),
                p["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = [
        ("prerequisites form a cycle: a -> c -> b -> a", 12),
        ("`weight` must be a whole number of at least 1, not 0", 17),
        ("item `b` requires `nowhere`, which is no item", 18),
        ("track `quick` lists item `ghost`, which does not exist", 26),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((message, line), (needle, expected_line)) in found.iter().zip(expect) {
        assert!(message.contains(needle), "{message}");
        assert_eq!(*line, expected_line, "{message}");
    }

    // Loading it for use refuses it too, naming the first problem and the count.
    let err = env.fails(1, &["--roadmap", path.to_str().unwrap(), "list"]);
    assert!(err.contains("many-problems.yaml:12:13"), "{err}");
    assert!(err.contains("and 3 more problems"), "{err}");
}

// ---------------------------------------------------------------------------
// Hostile input

/// Run with a hang guard; the process must exit 1 with a message and no panic.
fn refuse(env: &TestEnv, args: &[&str]) -> String {
    let started = Instant::now();
    let out: Output = env.cmd().args(args).timeout(HANG_GUARD).output().unwrap();
    let elapsed = started.elapsed();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        elapsed < HANG_GUARD,
        "`roadmap {}` was still running after {elapsed:?} (hang guard)",
        args.join(" ")
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "`roadmap {}`\n{stdout}\n{stderr}",
        args.join(" ")
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    format!("{stdout}{stderr}")
}

/// The classic "billion laughs": nine levels of nine aliases each.
fn billion_laughs(indent: &str) -> String {
    let mut out = format!(
        "{indent}a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    for level in 1..9u8 {
        let name = (b'a' + level) as char;
        let prev = (b'a' + level - 1) as char;
        let refs = vec![format!("*{prev}"); 9].join(",");
        out.push_str(&format!("{indent}{name}: &{name} [{refs}]\n"));
    }
    out
}

#[test]
fn billion_laughs_is_refused() {
    let env = TestEnv::new();
    let top = env.write("laughs.yaml", &billion_laughs(""));
    let nested = env.write(
        "laughs-in-summary.yaml",
        &format!(
            "format: 1\nid: bomb\ntitle: Bomb\nsummary:\n{}stages: []\n",
            billion_laughs("  ")
        ),
    );
    for path in [top, nested] {
        let path = path.to_str().unwrap();
        let out = refuse(&env, &["validate", path]);
        assert!(out.contains("error"), "{out}");
        refuse(&env, &["--roadmap", path, "list"]);
    }
}

#[test]
fn alias_bomb_shaped_like_a_roadmap_is_refused() {
    // A stage of 1,000 aliased items, aliased 1,000 times: a million items from 20 kB.
    let items = format!("[&i {{id: a, title: A}}{}]", ", *i".repeat(999));
    let stage = format!(
        "&s {{id: one, title: One, estimate: {{min_months: 1, max_months: 1}}, items: {items}}}"
    );
    let yaml = format!(
        "format: 1\nid: bomb\ntitle: Bomb\nstages: [{stage}{}]\n",
        ", *s".repeat(999)
    );
    let env = TestEnv::new();
    let path = env.write("bomb.yaml", &yaml);
    let path = path.to_str().unwrap();
    let out = refuse(&env, &["validate", path]);
    assert!(out.contains("alias"), "the message names the cause:\n{out}");
    let out = refuse(&env, &["--roadmap", path, "status"]);
    assert!(out.contains("alias"), "{out}");
}

#[test]
fn unclosed_deep_nesting_is_refused() {
    let env = TestEnv::new();
    let path = env.write("deep.yaml", &"[".repeat(100_000));
    let out = refuse(&env, &["validate", path.to_str().unwrap()]);
    assert!(out.contains("deep.yaml"), "{out}");
}

#[test]
fn balanced_deep_nesting_is_refused_fast() {
    let env = TestEnv::new();
    let yaml = format!(
        "format: 1\nid: deep\ntitle: Deep\nstages: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let path = env.write("deep.yaml", &yaml);
    let out = refuse(&env, &["validate", path.to_str().unwrap()]);
    assert!(out.contains("deep"), "{out}");
}

#[test]
fn deeply_nested_block_sequences_are_refused() {
    let env = TestEnv::new();
    let yaml = format!(
        "format: 1\nid: deep\ntitle: Deep\nstages:\n  {}x\n",
        "- ".repeat(100_000)
    );
    let path = env.write("deep.yaml", &yaml);
    let out = refuse(&env, &["validate", path.to_str().unwrap()]);
    assert!(out.contains("deep.yaml"), "{out}");
}

/// 17 MiB of comments after a valid roadmap.
fn huge_roadmap(env: &TestEnv) -> PathBuf {
    let mut yaml = String::from(TINY);
    let line = format!("# {}\n", "x".repeat(1021));
    while yaml.len() < 17 * 1024 * 1024 {
        yaml.push_str(&line);
    }
    env.write("huge.yaml", &yaml)
}

#[test]
fn a_file_over_16_mib_is_refused() {
    let env = TestEnv::new();
    let path = huge_roadmap(&env);
    let path = path.to_str().unwrap();
    let out = refuse(&env, &["validate", path]);
    assert!(out.contains("16 MiB"), "names the limit:\n{out}");
    let out = refuse(&env, &["--roadmap", path, "list"]);
    assert!(out.contains("16 MiB"), "{out}");
    // A user roadmap that big does not break the listing of the others.
    std::fs::create_dir_all(env.user_roadmaps()).unwrap();
    std::fs::rename(path, env.user_roadmaps().join("huge.yaml")).unwrap();
    let doc = env.json(&["roadmaps", "--json"]);
    assert!(
        doc["roadmaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "ai-engineer")
    );
}

#[test]
fn a_file_over_16_mib_is_not_said_to_be_16_mib() {
    let env = TestEnv::new();
    let path = huge_roadmap(&env);
    let out = refuse(&env, &["validate", path.to_str().unwrap()]);
    assert!(!out.contains("is 16.0 MiB"), "misstates the size:\n{out}");
}

#[test]
fn non_utf8_bytes_are_refused_naming_the_line() {
    let env = TestEnv::new();
    let path = env.root().join("latin1.yaml");
    std::fs::write(
        &path,
        b"format: 1\nid: tiny\ntitle: Caf\xe9 roadmap\nstages: []\n".as_slice(),
    )
    .unwrap();
    let path_text = path.to_str().unwrap();
    let out = refuse(&env, &["validate", path_text]);
    assert!(out.contains("UTF-8"), "{out}");
    assert!(
        out.contains(&format!("{path_text}:3:")),
        "names line 3:\n{out}"
    );
    let (_, file) = validate_json(&env, &path);
    assert_eq!(problems(&file)[0]["line"], 3);
    let out = refuse(&env, &["--roadmap", path_text, "list"]);
    assert!(out.contains(":3:"), "{out}");
}
