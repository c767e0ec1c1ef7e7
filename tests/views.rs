//! The learner's views through the real binary: `status`, `next`, `log` and
//! `timeline`, as screens (snapshots at 80 columns, `--color never`) and as
//! `--json` documents (SPEC sections 4, 5 and 6); the forecast as a user sees
//! it; terminal safety of text from roadmap and progress files; colour.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::{Days, Months, NaiveDate};
use common::{TINY, TODAY, TestEnv};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

/// A part-time learner of the built-in roadmap, nine months in: 15 dated
/// completions since 2026-03-01, two items started, one skipped, one note.
const LEARNER: &str = include_str!("fixtures/views/learner.toml");

/// A roadmap whose every piece of free text tries to drive the terminal.
const HOSTILE: &str = include_str!("fixtures/views/hostile.yaml");

/// Progress for `HOSTILE`, with control sequences in a note and in the key of
/// an item the roadmap does not have.
const HOSTILE_PROGRESS: &str = include_str!("fixtures/views/hostile-progress.toml");

/// The four views, in their plain form.
const VIEWS: [&str; 4] = ["status", "next", "log", "timeline"];

fn learner() -> TestEnv {
    let env = TestEnv::new();
    env.write_progress(LEARNER);
    env
}

/// `TINY` as a user roadmap, made the active one by the progress file.
fn tiny_env(progress: &str) -> TestEnv {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.user_roadmaps()).unwrap();
    std::fs::write(env.user_roadmaps().join("tiny.yaml"), TINY).unwrap();
    env.write_progress(progress);
    env
}

/// Every item of `TINY` done, the first stage on 2026-09-20, the second on 2026-11-02.
const TINY_ALL_DONE: &str = "\
format = 1
roadmap = \"tiny\"

[profile]
start = 2026-08-01

[roadmaps.tiny.items.alpha]
status = \"done\"
done = 2026-08-10

[roadmaps.tiny.items.beta]
status = \"done\"
started = 2026-08-12
done = 2026-08-25

[roadmaps.tiny.items.gamma]
status = \"done\"
done = 2026-09-20
note = \"Shipped it\"

[roadmaps.tiny.items.delta]
status = \"done\"
done = 2026-10-15

[roadmaps.tiny.items.epsilon]
status = \"done\"
done = 2026-11-02
";

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("`{text}` is not a YYYY-MM-DD date: {e}"))
}

fn today() -> NaiveDate {
    date(TODAY)
}

/// A plain screen as a careful user wants it: at most 80 columns, no
/// trailing blanks, no tabs, no escape sequence, ends with a newline.
#[track_caller]
fn assert_screen(screen: &str, what: &str) {
    assert!(!screen.is_empty(), "`{what}` printed nothing");
    assert!(
        screen.ends_with('\n'),
        "`{what}` does not end with a newline"
    );
    for (n, line) in screen.lines().enumerate() {
        assert!(
            line.width() <= 80,
            "`{what}` line {} is {} columns wide (at most 80):\n{line}\n\nwhole screen:\n{screen}",
            n + 1,
            line.width()
        );
        assert_eq!(
            line,
            line.trim_end(),
            "`{what}` line {} ends with blanks:\n{line:?}",
            n + 1
        );
        assert!(
            !line.contains('\t') && !line.contains('\x1b'),
            "`{what}` line {} has a tab or an escape: {line:?}",
            n + 1
        );
    }
}

/// Run a view with `--color never`, check it as a screen, and return it.
#[track_caller]
fn screen(env: &TestEnv, args: &[&str]) -> String {
    let mut full = vec!["--color", "never"];
    full.extend_from_slice(args);
    let out = env.ok(&full);
    assert_screen(&out, &args.join(" "));
    out
}

fn as_str<'v>(value: &'v Value, what: &str) -> &'v str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("`{what}` should be a string, is {value}"))
}

fn as_array<'v>(value: &'v Value, what: &str) -> &'v Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("`{what}` should be an array, is {value}"))
}

#[track_caller]
fn assert_date(value: &Value, what: &str) -> NaiveDate {
    date(as_str(value, what))
}

#[track_caller]
fn assert_keys(value: &Value, keys: &[&str], what: &str) {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("`{what}` should be an object, is {value}"));
    for key in keys {
        assert!(
            object.contains_key(*key),
            "`{what}` has no key `{key}`: {value}"
        );
    }
}

// ---------------------------------------------------------------------------
// Screens

#[test]
fn status_of_a_learner() {
    let env = learner();
    let out = screen(&env, &["status"]);
    insta::assert_snapshot!("status_learner", out);
    // What the screen must say, whatever its layout.
    assert!(out.starts_with("AI Engineer"), "{out}");
    assert!(out.contains("15/103 items"), "{out}");
    assert!(out.contains("since 2026-03-01"), "{out}");
    for item in ["vector-databases", "app-architecture"] {
        assert!(
            out.contains(item),
            "started `{item}` is not in Next up:\n{out}"
        );
    }
    assert!(out.contains("roadmap done vector-databases"), "{out}");
    // `roadmap` alone is `roadmap status`.
    assert_eq!(env.ok(&["--color", "never"]), out);
}

#[test]
fn status_header_lines_up_with_its_columns() {
    let env = learner();
    let out = screen(&env, &["status"]);
    let lines: Vec<&str> = out.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Stage"))
        .expect("a header line");
    let row = lines[header + 1];
    let at = |line: &str, text: &str| {
        line.find(text)
            .unwrap_or_else(|| panic!("`{text}` is not in {line:?}"))
    };
    // Right-aligned counts end under the end of their heading; the other columns
    // start under their heading.
    assert_eq!(
        at(lines[header], "Done") + "Done".len(),
        at(row, "15/35") + "15/35".len(),
        "`Done` is not above its column:\n{}\n{row}",
        lines[header]
    );
    assert_eq!(
        at(lines[header], "Plan"),
        at(row, "5-7 mo"),
        "`Plan` is not above its column:\n{}\n{row}",
        lines[header]
    );
    let forecast = as_str(
        &env.json(&["status", "--json"])["stages"][0]["forecast"]["p50"],
        "p50",
    )
    .to_string();
    assert_eq!(
        at(lines[header], "Forecast"),
        at(row, &forecast),
        "`Forecast` is not above its column:\n{}\n{row}",
        lines[header]
    );
}

#[test]
fn next_of_a_learner() {
    let env = learner();
    let out = screen(&env, &["next"]);
    insta::assert_snapshot!("next_learner", out);
    let first = out
        .lines()
        .find(|l| l.starts_with("  ") && !l.trim().is_empty())
        .expect("an item line");
    assert!(first.contains("vector-databases"), "{out}");
    // The hint names a command that does something for the first item: it is
    // started already, so starting it again is no advice.
    assert!(
        !out.contains("roadmap start vector-databases"),
        "`next` advises starting an item that is already started:\n{out}"
    );
}

#[test]
fn log_of_a_learner() {
    let env = learner();
    let out = screen(&env, &["log"]);
    insta::assert_snapshot!("log_learner", out);
    // Newest first: the dates at the start of lines never go up.
    let dates: Vec<NaiveDate> = out
        .lines()
        .filter_map(|l| {
            l.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        })
        .collect();
    assert!(dates.len() >= 15, "{out}");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{out}");
    assert_eq!(dates[0], date("2026-11-23"));
}

#[test]
fn timeline_of_a_learner() {
    let env = learner();
    let out = screen(&env, &["timeline"]);
    insta::assert_snapshot!("timeline_learner", out);
    let doc = env.json(&["timeline", "--json"]);
    for stage in as_array(&doc["stages"], "stages") {
        let p50 = as_str(&stage["forecast"]["p50"], "p50");
        assert!(
            out.contains(p50) || out.contains(&p50[..7]),
            "P50 {p50} of `{}` is not on the screen:\n{out}",
            stage["id"]
        );
    }
    assert!(
        out.contains("3-6 years"),
        "the author's overall is missing:\n{out}"
    );
}

#[test]
fn first_run_says_how_to_start_and_writes_nothing() {
    let env = TestEnv::new();
    let before = env.tree();
    let out = screen(&env, &["status"]);
    insta::assert_snapshot!("status_first_run", out);
    assert!(out.contains("0/103 items"), "{out}");
    assert!(
        out.contains("roadmap profile --background"),
        "no hint to set a profile:\n{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("roadmap done ") && l.contains("--on ")),
        "no hint to tick what one knows:\n{out}"
    );
    let timeline = screen(&env, &["timeline"]);
    insta::assert_snapshot!("timeline_first_run", timeline);
    let log = screen(&env, &["log"]);
    assert!(log.contains("Nothing started or done yet"), "{log}");
    let next = screen(&env, &["next"]);
    assert!(next.contains("python"), "{next}");
    let after: Vec<PathBuf> = env
        .tree()
        .into_iter()
        .filter(|p| !p.starts_with(env.root().join("cache")))
        .collect();
    let before: Vec<PathBuf> = before
        .into_iter()
        .filter(|p| !p.starts_with(env.root().join("cache")))
        .collect();
    assert_eq!(before, after, "a command that only reads wrote a file");
    assert!(!env.progress().exists());
}

#[test]
fn a_finished_user_roadmap() {
    let env = tiny_env(TINY_ALL_DONE);
    let status = screen(&env, &["status"]);
    insta::assert_snapshot!("status_tiny_all_done", status);
    assert!(status.contains("100% done, 5/5 items"), "{status}");
    let timeline = screen(&env, &["timeline"]);
    insta::assert_snapshot!("timeline_tiny_all_done", timeline);
    assert!(timeline.contains("2026-09-20"), "{timeline}");
    assert!(timeline.contains("2026-11-02"), "{timeline}");
    let next = screen(&env, &["next"]);
    assert!(next.contains("Nothing left to learn"), "{next}");
    let log = screen(&env, &["log"]);
    insta::assert_snapshot!("log_tiny_all_done", log);

    // The same roadmap by path gives the same screens.
    let path = env.write("elsewhere/tiny.yaml", TINY);
    let path = path.to_str().unwrap();
    for view in VIEWS {
        assert_eq!(
            screen(&env, &["--roadmap", path, view]),
            screen(&env, &[view]),
            "`{view}` differs between the user roadmap and `--roadmap PATH`"
        );
    }
    let doc = env.json(&["status", "--json"]);
    assert_eq!(doc["summary"]["percent"], 100.0);
    assert_eq!(doc["summary"]["done"], 5);
}

#[test]
fn short_stage_titles_do_not_break_the_tables() {
    // Stage titles shorter than the narrowest title column.
    let env = tiny_env("format = 1\nroadmap = \"tiny\"\n");
    for view in ["status", "timeline"] {
        let out = env.run(&["--color", "never", view]);
        assert!(
            out.status.success(),
            "`roadmap {view}` on `TINY` failed with {:?}:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert_screen(&text, view);
        assert!(text.contains("Basics") && text.contains("More"), "{text}");
    }
}

// ---------------------------------------------------------------------------
// JSON documents

#[test]
fn status_json_is_the_export_document() {
    let env = learner();
    let status = env.json(&["status", "--json"]);
    let export = env.json(&["export", "--format", "json"]);
    assert_eq!(status, export);

    assert_keys(
        &status,
        &["format", "roadmap", "profile", "today", "summary", "stages"],
        "status",
    );
    assert_eq!(status["format"], 1);
    assert_eq!(status["roadmap"]["id"], "ai-engineer");
    assert_eq!(status["roadmap"]["title"], "AI Engineer");
    assert_eq!(status["today"], TODAY);
    assert_eq!(status["profile"]["background"], "developer");
    assert_eq!(status["profile"]["hours_per_week"], 10);
    assert_eq!(status["profile"]["start"], "2026-03-01");
    let summary = &status["summary"];
    assert_keys(
        summary,
        &["total", "done", "started", "skipped", "todo", "percent"],
        "summary",
    );
    assert_eq!(summary["total"], 103);
    assert_eq!(summary["done"], 15);
    assert_eq!(summary["started"], 2);
    assert_eq!(summary["skipped"], 1);
    assert_eq!(summary["todo"], 85);
    assert!(summary["percent"].is_f64(), "{summary}");

    let mut seen = 0;
    for stage in as_array(&status["stages"], "stages") {
        assert_keys(
            stage,
            &[
                "id", "title", "total", "done", "percent", "estimate", "forecast", "items",
            ],
            "stage",
        );
        assert!(stage["total"].is_u64() && stage["done"].is_u64(), "{stage}");
        assert!(stage["percent"].is_number());
        assert!(stage["estimate"]["min_months"].is_number());
        assert!(stage["estimate"]["max_months"].is_number());
        assert_date(&stage["forecast"]["p50"], "p50");
        assert_date(&stage["forecast"]["p85"], "p85");
        let items = as_array(&stage["items"], "items");
        assert_eq!(items.len() as u64, stage["total"].as_u64().unwrap());
        for item in items {
            seen += 1;
            assert_keys(
                item,
                &["id", "title", "kind", "status", "started", "done", "note"],
                "item",
            );
            assert!(["skill", "project"].contains(&as_str(&item["kind"], "kind")));
            let status = as_str(&item["status"], "status");
            assert!(["todo", "started", "done", "skipped"].contains(&status));
            for key in ["started", "done"] {
                if !item[key].is_null() {
                    assert_date(&item[key], key);
                }
            }
            assert!(item["note"].is_null() || item["note"].is_string());
            if status == "done" {
                assert!(
                    item["done"].is_string(),
                    "a dated completion lost its date: {item}"
                );
            }
        }
    }
    assert_eq!(seen, 103);
    let python = status["stages"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "python")
        .unwrap();
    assert_eq!(python["note"], "Packaged my scripts with tests and CI");
    assert_eq!(python["started"], "2026-03-02");
    assert_eq!(python["done"], "2026-04-04");
}

#[test]
fn timeline_json_has_the_documented_keys() {
    let env = learner();
    let doc = env.json(&["timeline", "--json"]);
    assert_keys(
        &doc,
        &["today", "profile", "stages", "total", "overall"],
        "timeline",
    );
    assert_eq!(doc["today"], TODAY);
    assert_keys(
        &doc["profile"],
        &["background", "hours_per_week", "start"],
        "profile",
    );
    assert_eq!(doc["profile"]["start"], "2026-03-01");
    let stages = as_array(&doc["stages"], "stages");
    assert_eq!(stages.len(), 4);
    let ids: Vec<&str> = stages.iter().map(|s| as_str(&s["id"], "id")).collect();
    assert_eq!(ids, ["foundations", "advanced", "professional", "senior"]);
    let mut previous_start = None;
    for stage in stages {
        assert_keys(
            stage,
            &["id", "title", "planned", "forecast", "state", "delta_days"],
            "stage",
        );
        as_str(&stage["title"], "title");
        let start = assert_date(&stage["planned"]["start"], "planned.start");
        let min_end = assert_date(&stage["planned"]["min_end"], "planned.min_end");
        let max_end = assert_date(&stage["planned"]["max_end"], "planned.max_end");
        assert!(start < min_end && min_end <= max_end, "{stage}");
        if let Some(previous) = previous_start {
            assert!(start > previous, "stages follow each other: {stage}");
        }
        previous_start = Some(start);
        let p50 = assert_date(&stage["forecast"]["p50"], "p50");
        let p85 = assert_date(&stage["forecast"]["p85"], "p85");
        assert!(p50 <= p85, "{stage}");
        let state = as_str(&stage["state"], "state");
        assert!(
            ["done", "ahead", "on_track", "behind"].contains(&state),
            "{stage}"
        );
        assert!(stage["delta_days"].is_i64(), "{stage}");
    }
    // The first stage starts on the profile's start and lasts 5 to 7 months.
    assert_eq!(stages[0]["planned"]["start"], "2026-03-01");
    assert_eq!(stages[0]["planned"]["min_end"], "2026-08-01");
    assert_eq!(stages[0]["planned"]["max_end"], "2026-10-01");
    // Nine months in with half of it done: behind, and by the days it says.
    assert_eq!(stages[0]["state"], "behind");
    let late = (assert_date(&stages[0]["forecast"]["p50"], "p50") - date("2026-10-01")).num_days();
    assert_eq!(stages[0]["delta_days"], late);

    for key in ["total", "overall"] {
        assert_keys(&doc[key], &["min_months", "max_months"], key);
        assert!(doc[key]["min_months"].is_number() && doc[key]["max_months"].is_number());
    }
    assert_eq!(doc["total"]["min_months"], 59);
    assert_eq!(doc["total"]["max_months"], 103);
    assert_eq!(doc["overall"]["min_months"], 36);
    assert_eq!(doc["overall"]["max_months"], 72);

    // A roadmap without `overall` says null.
    let env = tiny_env("format = 1\nroadmap = \"tiny\"\n");
    let path = env.write(
        "no-overall.yaml",
        &TINY.replace("overall: { min_months: 2, max_months: 4 }\n", ""),
    );
    let doc = env.json(&["--roadmap", path.to_str().unwrap(), "timeline", "--json"]);
    assert!(doc["overall"].is_null(), "{}", doc["overall"]);
    assert_eq!(doc["total"]["min_months"], 2);
    assert_eq!(doc["total"]["max_months"], 4);
}

#[test]
fn next_json_has_the_documented_keys() {
    let env = learner();
    let doc = env.json(&["next", "--json"]);
    let items = as_array(&doc["items"], "items");
    assert!(!items.is_empty());
    for item in items {
        assert_keys(item, &["id", "title", "stage", "status", "weight"], "item");
        as_str(&item["id"], "id");
        as_str(&item["title"], "title");
        as_str(&item["stage"], "stage");
        assert!(["started", "todo"].contains(&as_str(&item["status"], "status")));
        assert!(item["weight"].as_u64().is_some_and(|w| w >= 1), "{item}");
    }
    assert_eq!(items[0]["id"], "vector-databases");
    assert_eq!(items[0]["stage"], "foundations");
    assert_eq!(items[0]["status"], "started");
    assert_eq!(items[0]["weight"], 2);
}

#[test]
fn log_json_has_the_documented_keys() {
    let env = learner();
    let doc = env.json(&["log", "--json"]);
    let events = as_array(&doc["events"], "events");
    // 15 completions and 6 starts (2 open, 4 on items since done).
    assert_eq!(events.len(), 21);
    let mut dates = Vec::new();
    for event in events {
        assert_keys(event, &["date", "id", "title", "event"], "event");
        dates.push(assert_date(&event["date"], "date"));
        as_str(&event["id"], "id");
        as_str(&event["title"], "title");
        assert!(["started", "done"].contains(&as_str(&event["event"], "event")));
    }
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    let done = events.iter().filter(|e| e["event"] == "done").count();
    assert_eq!(done, 15);
    assert_eq!(
        events.last().unwrap(),
        &serde_json::json!({
            "date": "2026-03-02", "id": "python",
            "title": "Python for production code", "event": "started"
        })
    );
}

// ---------------------------------------------------------------------------
// Forecast

/// A progress file for the built-in roadmap: the profile's start, and these
/// items done on these dates.
fn progress_with(start: &str, done: &[(&str, NaiveDate)]) -> String {
    let mut text = format!(
        "format = 1\nroadmap = \"ai-engineer\"\n\n[profile]\nbackground = \"developer\"\nhours_per_week = 10\nstart = {start}\n"
    );
    for (id, on) in done {
        text.push_str(&format!(
            "\n[roadmaps.ai-engineer.items.{id}]\nstatus = \"done\"\ndone = {on}\n"
        ));
    }
    text
}

/// The P50 and P85 dates of every stage in a `timeline --json` document.
fn forecasts(doc: &Value) -> Vec<(NaiveDate, NaiveDate)> {
    as_array(&doc["stages"], "stages")
        .iter()
        .map(|s| {
            (
                assert_date(&s["forecast"]["p50"], "p50"),
                assert_date(&s["forecast"]["p85"], "p85"),
            )
        })
        .collect()
}

#[test]
fn without_history_the_forecast_is_the_plan() {
    // No progress file at all, and a profile whose start is today: the same plan.
    let fresh = TestEnv::new();
    let recorded = TestEnv::new();
    recorded.write_progress(&progress_with(TODAY, &[]));
    for env in [&fresh, &recorded] {
        let doc = env.json(&["timeline", "--json"]);
        assert_eq!(doc["profile"]["start"], TODAY);
        let stages = as_array(&doc["stages"], "stages");
        let start = today();
        // Foundations: about six months, written as 5 to 7: P50 halfway through
        // the window, P85 85% of the way from its earliest to its latest end.
        let min_end = assert_date(&stages[0]["planned"]["min_end"], "min_end");
        let max_end = assert_date(&stages[0]["planned"]["max_end"], "max_end");
        assert_eq!(min_end, start.checked_add_months(Months::new(5)).unwrap());
        assert_eq!(max_end, start.checked_add_months(Months::new(7)).unwrap());
        let span = (max_end - min_end).num_days();
        let p50 = assert_date(&stages[0]["forecast"]["p50"], "p50");
        let p85 = assert_date(&stages[0]["forecast"]["p85"], "p85");
        // Halfway, to the day (the window's days may be odd).
        assert!(
            ((p50 - min_end).num_days() - span / 2).abs() <= 1,
            "{}",
            stages[0]
        );
        // P85: 85% of the way through the window, which is kept at least a fifth
        // of its middle either side (the honest spread), so 5-7 months counts as
        // 4.8-7.2: past the 85% point of 5-7, and still inside it.
        let at_85 = min_end + chrono::Days::new((span as f64 * 0.85).floor() as u64);
        assert!(
            p85 >= at_85 && p85 <= max_end,
            "foundations P85 {p85} is not between {at_85} and {max_end}"
        );
        assert_eq!(stages[0]["state"], "on_track");
        assert_eq!(stages[0]["delta_days"], 0, "{}", stages[0]);

        // Stage 2 (6-12 months after the first): P50 halfway through its window,
        // P85 85% of the way from its earliest to its latest end.
        let min_end = assert_date(&stages[1]["planned"]["min_end"], "min_end");
        let max_end = assert_date(&stages[1]["planned"]["max_end"], "max_end");
        assert_eq!(min_end, start.checked_add_months(Months::new(11)).unwrap());
        assert_eq!(max_end, start.checked_add_months(Months::new(19)).unwrap());
        let span = (max_end - min_end).num_days();
        let p50 = assert_date(&stages[1]["forecast"]["p50"], "p50");
        let p85 = assert_date(&stages[1]["forecast"]["p85"], "p85");
        assert_eq!(
            (p50 - min_end).num_days(),
            span / 2,
            "stage 2 P50 {p50} is not halfway from {min_end} to {max_end}"
        );
        let expected_p85 = span as f64 * 0.85;
        assert!(
            ((p85 - min_end).num_days() as f64 - expected_p85).abs() <= 0.5,
            "stage 2 P85 {p85} is not 85% of the way from {min_end} to {max_end}"
        );
        for stage in stages {
            assert_eq!(stage["state"], "on_track", "{stage}");
        }
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let env = learner();
    for args in [
        &["timeline", "--json"][..],
        &["status", "--json"],
        &["--color", "never", "status"],
        &["--color", "never", "timeline"],
    ] {
        let first = env.run(args);
        let second = env.run(args);
        assert!(first.status.success());
        assert_eq!(
            first.stdout,
            second.stdout,
            "`roadmap {}` changed between two runs",
            args.join(" ")
        );
    }
}

#[test]
fn p50_is_never_after_p85_nor_an_open_stage_before_today() {
    let fresh = TestEnv::new();
    let envs = [learner(), fresh, tiny_env(TINY_ALL_DONE)];
    for env in &envs {
        let doc = env.json(&["timeline", "--json"]);
        for stage in as_array(&doc["stages"], "stages") {
            let p50 = assert_date(&stage["forecast"]["p50"], "p50");
            let p85 = assert_date(&stage["forecast"]["p85"], "p85");
            assert!(p50 <= p85, "{stage}");
            if stage["state"] != "done" {
                assert!(
                    p50 >= today(),
                    "an open stage finishes in the past: {stage}"
                );
            }
        }
        // The export carries the same forecast.
        let export = env.json(&["export"]);
        for (stage, exported) in as_array(&doc["stages"], "stages")
            .iter()
            .zip(as_array(&export["stages"], "stages"))
        {
            assert_eq!(stage["forecast"], exported["forecast"]);
        }
    }
}

#[test]
fn a_finished_stage_shows_its_real_finishing_date() {
    // The first stage of TINY done (last on 2026-09-20), the second not.
    let progress = TINY_ALL_DONE.replace(
        "[roadmaps.tiny.items.delta]\nstatus = \"done\"\ndone = 2026-10-15\n",
        "",
    );
    let env = tiny_env(&progress);
    let doc = env.json(&["timeline", "--json"]);
    let basics = &doc["stages"][0];
    assert_eq!(basics["state"], "done");
    assert_eq!(basics["forecast"]["p50"], "2026-09-20");
    assert_eq!(basics["forecast"]["p85"], "2026-09-20");
    // 2026-09-20 is inside the planned window 2026-09-01 .. 2026-10-01.
    assert_eq!(basics["delta_days"], 0);
    let more = &doc["stages"][1];
    assert_ne!(more["state"], "done");
    assert!(assert_date(&more["forecast"]["p50"], "p50") >= today());

    let all = tiny_env(TINY_ALL_DONE).json(&["timeline", "--json"]);
    assert_eq!(all["stages"][1]["state"], "done");
    assert_eq!(all["stages"][1]["forecast"]["p50"], "2026-11-02");
    let out = screen(&tiny_env(&progress), &["timeline"]);
    assert!(out.contains("2026-09-20"), "{out}");
}

#[test]
fn a_faster_learner_gets_earlier_dates() {
    let items = [
        "git-basics",
        "command-line",
        "python",
        "ai-terminology",
        "apis",
        "statistics",
        "probability",
        "linear-algebra",
        "code-management",
        "ml-basics",
        "generative-ai-concepts",
        "prompt-engineering",
    ];
    // The same twelve items: in five weeks, or in eleven months.
    let fast_start = date("2026-10-01");
    let slow_start = date("2026-01-01");
    let dated = |start: NaiveDate, gap: u64| -> Vec<(&str, NaiveDate)> {
        items
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, start + Days::new(gap * (i as u64 + 1))))
            .collect()
    };
    let fast_done = dated(fast_start, 3);
    let slow_done = dated(slow_start, 27);
    assert!(fast_done.last().unwrap().1 <= today() && slow_done.last().unwrap().1 <= today());
    let fast = TestEnv::new();
    fast.write_progress(&progress_with(&fast_start.to_string(), &fast_done));
    let slow = TestEnv::new();
    slow.write_progress(&progress_with(&slow_start.to_string(), &slow_done));

    let fast_doc = fast.json(&["timeline", "--json"]);
    let slow_doc = slow.json(&["timeline", "--json"]);
    for (k, ((f50, f85), (s50, s85))) in forecasts(&fast_doc)
        .into_iter()
        .zip(forecasts(&slow_doc))
        .enumerate()
    {
        assert!(
            f50 < s50,
            "stage {}: fast P50 {f50} is not before slow P50 {s50}",
            k + 1
        );
        assert!(
            f85 < s85,
            "stage {}: fast P85 {f85} is not before slow P85 {s85}",
            k + 1
        );
    }
    assert_eq!(slow_doc["stages"][0]["state"], "behind");
    assert!(slow_doc["stages"][0]["delta_days"].as_i64().unwrap() > 0);
    assert_ne!(
        fast_doc["stages"][0]["state"], "behind",
        "{}",
        fast_doc["stages"][0]
    );
    // The screens say it in words too.
    let slow_screen = screen(&slow, &["timeline"]);
    assert!(
        slow_screen.contains("slower than the plan"),
        "{slow_screen}"
    );
    let fast_screen = screen(&fast, &["timeline"]);
    assert!(
        !fast_screen.contains("slower than the plan"),
        "{fast_screen}"
    );
}

// ---------------------------------------------------------------------------
// next

/// Per item id: its stage index and its prerequisites, from `show --json`.
fn requires(env: &TestEnv, ids: &[String]) -> HashMap<String, Vec<(String, String)>> {
    ids.iter()
        .map(|id| {
            let doc = env.json(&["show", id, "--json"]);
            let requires = as_array(&doc["requires"], "requires")
                .iter()
                .map(|r| {
                    (
                        as_str(&r["id"], "id").to_string(),
                        as_str(&r["status"], "status").to_string(),
                    )
                })
                .collect();
            (id.clone(), requires)
        })
        .collect()
}

#[test]
fn next_lists_started_items_then_ready_ones_by_stage() {
    let env = learner();
    let export = env.json(&["export"]);
    let mut stage_of = HashMap::new();
    let mut status_of = HashMap::new();
    for (k, stage) in as_array(&export["stages"], "stages").iter().enumerate() {
        for item in as_array(&stage["items"], "items") {
            let id = as_str(&item["id"], "id").to_string();
            stage_of.insert(id.clone(), k);
            status_of.insert(id, as_str(&item["status"], "status").to_string());
        }
    }
    let stage_index: HashMap<&str, usize> = as_array(&export["stages"], "stages")
        .iter()
        .enumerate()
        .map(|(k, s)| (as_str(&s["id"], "id"), k))
        .collect();

    let doc = env.json(&["next", "-n", "1000", "--json"]);
    let items = as_array(&doc["items"], "items");
    let statuses: Vec<&str> = items
        .iter()
        .map(|i| as_str(&i["status"], "status"))
        .collect();
    assert_eq!(&statuses[..2], ["started", "started"]);
    assert!(statuses[2..].iter().all(|s| *s == "todo"), "{statuses:?}");

    let listed: Vec<String> = items
        .iter()
        .map(|i| as_str(&i["id"], "id").to_string())
        .collect();
    let all_todo: Vec<String> = status_of
        .iter()
        .filter(|(_, s)| *s == "todo")
        .map(|(id, _)| id.clone())
        .collect();
    let prerequisites = requires(&env, &all_todo);
    let ready: HashSet<&String> = all_todo
        .iter()
        .filter(|id| {
            prerequisites[*id]
                .iter()
                .all(|(_, status)| status == "done" || status == "skipped")
        })
        .collect();
    // Exactly the todo items whose prerequisites are all done or skipped.
    let listed_todo: HashSet<&String> = listed[2..].iter().collect();
    assert_eq!(listed_todo, ready);
    // Earliest stage first.
    let stages: Vec<usize> = items[2..]
        .iter()
        .map(|i| stage_index[as_str(&i["stage"], "stage")])
        .collect();
    assert!(stages.windows(2).all(|w| w[0] <= w[1]), "{stages:?}");
    for item in &items[2..] {
        let id = as_str(&item["id"], "id");
        assert_eq!(stage_index[as_str(&item["stage"], "stage")], stage_of[id]);
    }
    // Learning from the second stage is on the list too (docker needs only the
    // command line), after every ready item of the first.
    assert!(listed.iter().any(|id| id == "docker"), "{listed:?}");
    // A skipped prerequisite counts as met, a started one does not.
    assert!(
        !listed.iter().any(|id| id == "semantic-search"),
        "{listed:?}"
    );
}

#[test]
fn next_n_and_track() {
    let env = learner();
    let all = env.json(&["next", "-n", "1000", "--json"]);
    let all_ids: Vec<&str> = as_array(&all["items"], "items")
        .iter()
        .map(|i| as_str(&i["id"], "id"))
        .collect();
    for n in [1, 2, 7] {
        let doc = env.json(&["next", "-n", &n.to_string(), "--json"]);
        let ids: Vec<&str> = as_array(&doc["items"], "items")
            .iter()
            .map(|i| as_str(&i["id"], "id"))
            .collect();
        assert_eq!(ids, all_ids[..n], "-n {n}");
    }
    let one = screen(&env, &["next", "-n", "1"]);
    assert!(one.contains("vector-databases"), "{one}");
    assert!(!one.contains("app-architecture"), "{one}");

    // --track: the track's items in the same order, then the items outside the
    // track that one of its items needs first, each naming it.
    let developers = [
        "openai-api",
        "prompt-engineering",
        "hugging-face",
        "langchain",
        "embeddings",
        "vector-databases",
        "semantic-search",
        "rag",
        "llmops",
        "app-architecture",
        "rag-app",
    ];
    let doc = env.json(&["next", "-n", "1000", "--track", "developers", "--json"]);
    let items = as_array(&doc["items"], "items");
    let ids: Vec<&str> = items.iter().map(|i| as_str(&i["id"], "id")).collect();
    let in_track: Vec<&str> = ids
        .iter()
        .copied()
        .take_while(|id| developers.contains(id))
        .collect();
    let expected: Vec<&str> = all_ids
        .iter()
        .copied()
        .filter(|id| developers.contains(id))
        .collect();
    assert_eq!(in_track, expected);
    assert_eq!(
        in_track,
        [
            "vector-databases",
            "app-architecture",
            "hugging-face",
            "langchain"
        ]
    );
    let outside: Vec<(&str, &str)> = items[in_track.len()..]
        .iter()
        .map(|i| (as_str(&i["id"], "id"), as_str(&i["reason"], "reason")))
        .collect();
    assert_eq!(
        outside,
        [
            ("content-generator", "needed for llmops"),
            ("tokens-and-cost", "needed for llmops")
        ]
    );
    let text = screen(&env, &["next", "--track", "developers"]);
    assert!(!text.contains("probability"), "{text}");

    let err = env.fails(2, &["next", "--track", "nope"]);
    assert!(err.contains("nope") && err.contains("developers"), "{err}");
}

// ---------------------------------------------------------------------------
// log --since

#[test]
fn log_since_keeps_the_newer_events() {
    let env = learner();
    let all = env.json(&["log", "--json"]);
    let since = env.json(&["log", "--since", "2026-10-17", "--json"]);
    let expected: Vec<&Value> = as_array(&all["events"], "events")
        .iter()
        .filter(|e| as_str(&e["date"], "date") >= "2026-10-17")
        .collect();
    let got: Vec<&Value> = as_array(&since["events"], "events").iter().collect();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 4, "the day itself counts");

    let text = screen(&env, &["log", "--since", "2026-10-17"]);
    assert!(
        text.contains("2026-10-17") && text.contains("linear-algebra"),
        "{text}"
    );
    assert!(!text.contains("2026-09-26"), "{text}");

    let none = screen(&env, &["log", "--since", "2026-11-30"]);
    assert!(
        none.contains("Nothing started or done since 2026-11-30"),
        "{none}"
    );
    env.fails(2, &["log", "--since", "yesterday-ish"]);
}

// ---------------------------------------------------------------------------
// Terminal safety

fn hostile_env() -> (TestEnv, String) {
    let env = TestEnv::new();
    let path = env.write("hostile.yaml", HOSTILE);
    env.write_progress(HOSTILE_PROGRESS);
    (env, path.to_str().unwrap().to_string())
}

/// No ESC, no other C0 control but newline, no C1 control, decoded or raw.
#[track_caller]
fn assert_inert(bytes: &[u8], what: &str) {
    assert!(
        !bytes.contains(&0x1b),
        "raw ESC in `{what}`:\n{}",
        String::from_utf8_lossy(bytes)
    );
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        assert!(
            !(c.is_control() && c != '\n'),
            "control character U+{:04X} in `{what}`:\n{text}",
            c as u32
        );
    }
}

#[test]
fn roadmap_and_progress_text_cannot_drive_the_terminal() {
    let (env, path) = hostile_env();
    // A note set through the command line carries them too.
    env.ok(&[
        "--roadmap",
        &path,
        "note",
        "beta",
        "typed \x1b]0;pwned\x07 \x1b[2J \u{9b}31m",
    ]);
    let commands: [&[&str]; 12] = [
        &["status"],
        &["list"],
        &["show", "alpha"],
        &["show", "beta"],
        &["next"],
        &["log"],
        &["timeline"],
        &["export", "--format", "csv"],
        &["export", "--format", "markdown"],
        &["doctor"],
        &["roadmaps"],
        &["profile"],
    ];
    for color in ["never", "always"] {
        for args in commands {
            let mut full = vec!["--roadmap", path.as_str(), "--color", color];
            full.extend_from_slice(args);
            let out = env.run(&full);
            let what = full.join(" ");
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "`{what}` crashed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            if color == "never" {
                assert_inert(&out.stdout, &what);
            } else {
                // Colour adds the tool's own SGR codes; strip those, nothing may remain.
                assert_inert(&strip_sgr(&out.stdout), &what);
            }
            assert_inert(&strip_sgr(&out.stderr), &format!("{what} (stderr)"));
        }
    }
    // The hostile text is shown, escaped, not dropped.
    let show = env.ok(&["--roadmap", &path, "--color", "never", "show", "alpha"]);
    assert!(show.contains("\\u{1b}]0;pwned"), "{show}");
    assert!(show.contains("\\u{9b}31m"), "{show}");
}

/// Remove `ESC [ digits m` sequences (the tool's own colours).
fn strip_sgr(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            let mut j = i + 2;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
                j += 1;
            }
            if bytes.get(j) == Some(&b'm') {
                i = j + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------
// Colour

fn has_ansi(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == b"\x1b[")
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let env = learner();
    let always = env.run(&["--color", "always", "status"]);
    assert!(always.status.success());
    assert!(has_ansi(&always.stdout), "`--color always` has no colour");
    // The flag also works after the subcommand.
    assert!(has_ansi(&env.run(&["status", "--color", "always"]).stdout));

    let never = env.run(&["--color", "never", "status"]);
    assert!(!has_ansi(&never.stdout));
    // Piped, the default (`auto`) is plain.
    let piped = env.run(&["status"]);
    assert!(!has_ansi(&piped.stdout));
    assert_eq!(piped.stdout, never.stdout);
    let no_color = env
        .cmd()
        .env("NO_COLOR", "1")
        .arg("status")
        .output()
        .unwrap();
    assert!(!has_ansi(&no_color.stdout));

    // Colour and plain text carry the same words.
    let plain = String::from_utf8(never.stdout).unwrap();
    let coloured = String::from_utf8(strip_sgr(&always.stdout)).unwrap();
    for word in ["AI Engineer", "15/103 items", "vector-databases", "Next up"] {
        assert!(plain.contains(word) && coloured.contains(word), "`{word}`");
    }
}

/// Run `roadmap status` on a pseudo-terminal through `script(1)`; `None` where
/// `script` is missing.
fn on_a_terminal(env: &TestEnv, no_color: bool) -> Option<Vec<u8>> {
    let probe = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let binary = assert_cmd::cargo::cargo_bin("roadmap");
    let mut cmd = std::process::Command::new("script");
    cmd.args([
        "-qec",
        &format!("'{}' status", binary.display()),
        "/dev/null",
    ]);
    env.isolate(&mut cmd)
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::null());
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().expect("script runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

#[test]
fn auto_colour_on_a_terminal_unless_no_color() {
    let env = learner();
    let Some(tty) = on_a_terminal(&env, false) else {
        eprintln!("script(1) is missing: colour on a terminal is not checked");
        return;
    };
    assert!(
        has_ansi(&tty),
        "no colour on a terminal:\n{}",
        String::from_utf8_lossy(&tty)
    );
    let quiet = on_a_terminal(&env, true).unwrap();
    assert!(String::from_utf8_lossy(&quiet).contains("15/103 items"));
    assert!(
        !has_ansi(&quiet),
        "NO_COLOR=1 on a terminal still colours:\n{}",
        String::from_utf8_lossy(&quiet)
    );
}

// ---------------------------------------------------------------------------
// Width

/// Piped, the screens fit `$COLUMNS` (80 without it); ids are never cut.
#[test]
fn screens_fit_the_width_and_keep_ids_whole() {
    let env = learner();
    let ids: Vec<String> = as_array(&env.json(&["list", "--json"])["stages"], "stages")
        .iter()
        .flat_map(|s| as_array(&s["items"], "items").clone())
        .map(|i| as_str(&i["id"], "id").to_string())
        .collect();
    let next: Vec<String> = as_array(&env.json(&["next", "--json"])["items"], "items")
        .iter()
        .map(|i| as_str(&i["id"], "id").to_string())
        .collect();
    for columns in ["60", "80", "130"] {
        let width: usize = columns.parse().unwrap();
        for (view, whole) in [("list", &ids), ("status", &next)] {
            let out = env
                .cmd()
                .env("COLUMNS", columns)
                .args(["--color", "never", view])
                .output()
                .unwrap();
            assert!(out.status.success());
            let out = String::from_utf8(out.stdout).unwrap();
            for line in out.lines() {
                assert!(
                    line.width() <= width,
                    "`{view}` at {width} columns has a line {} wide:\n{line}\n\n{out}",
                    line.width()
                );
            }
            for id in whole
                .iter()
                .take(if view == "status" { 3 } else { usize::MAX })
            {
                let found = out
                    .split(|c: char| c.is_whitespace())
                    .any(|word| word == id);
                assert!(found, "`{view}` at {width} columns cuts `{id}`:\n{out}");
            }
        }
    }
    // Without `$COLUMNS`, 80.
    let plain = screen(&env, &["list"]);
    let at_80 = env
        .cmd()
        .env("COLUMNS", "80")
        .args(["--color", "never", "list"])
        .output()
        .unwrap();
    assert_eq!(plain.as_bytes(), at_80.stdout.as_slice());
}

/// Years of backfilled history: more events than the log draws at a time, days
/// of several completions falling across the blocks it draws, titles of every
/// length. The table lines up as one, each day is named once, nothing is lost.
#[test]
fn a_long_log_lines_up_and_names_each_day_once() {
    let env = TestEnv::new();
    let count = 700;
    let mut yaml = String::from(
        "format: 1\nid: long\ntitle: Long\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 12, max_months: 24 }\n    items:\n",
    );
    for i in 0..count {
        let title = "Topic ".repeat(1 + i % 9);
        yaml.push_str(&format!(
            "      - {{ id: item-{i}, title: \"{}\" }}\n",
            title.trim_end()
        ));
    }
    env.install_user_roadmap("long.yaml", &yaml);
    let mut progress = String::from(
        "format = 2\nroadmap = \"long\"\n\n[roadmaps.long.profile]\nstart = 2019-01-07\nhours_per_week = 8\n",
    );
    let first = date("2019-01-07");
    for i in 0..count {
        // Seven completions a day, every other day: a day's events run across
        // the boundary between two blocks of rows.
        let done = first + Days::new(2 * (i / 7) as u64);
        progress.push_str(&format!(
            "\n[roadmaps.long.items.item-{i}]\nstatus = \"done\"\ndone = {done}\n"
        ));
    }
    env.write_progress(&progress);
    let days: HashSet<String> = (0..count)
        .map(|i| (first + Days::new(2 * (i / 7) as u64)).to_string())
        .collect();

    for columns in ["40", "80", "130"] {
        let width: usize = columns.parse().unwrap();
        let out = env
            .cmd()
            .env("COLUMNS", columns)
            .args(["--color", "never", "log"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let out = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = out.lines().skip(2).collect();
        for line in &lines {
            assert!(line.width() <= width, "{width}: {line:?}");
        }
        let named: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.get(..10).filter(|d| days.contains(*d)))
            .collect();
        assert_eq!(named.len(), days.len(), "each day once at {width}:\n{out}");
        assert_eq!(named.iter().collect::<HashSet<_>>().len(), days.len());
        for i in 0..count {
            let id = format!("item-{i}");
            let found = out.split_whitespace().filter(|w| *w == id).count();
            assert_eq!(found, 1, "`{id}` at {width} columns:\n{out}");
        }
        // One table: the ids start in the same column on every event line.
        let id_at: HashSet<usize> = lines.iter().filter_map(|l| l.find("item-")).collect();
        assert_eq!(id_at.len(), 1, "ids out of line at {width}:\n{out}");
    }
}
