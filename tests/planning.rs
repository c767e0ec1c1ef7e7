//! Planning ahead: `export --format ics` read back by an iCalendar parser,
//! `roadmap week` for learners at different points, and `roadmap plan`.

mod common;

use common::{TINY, TestEnv};
use serde_json::Value;

const LEARNER: &str = include_str!("fixtures/views/learner.toml");

fn learner() -> TestEnv {
    let env = TestEnv::new();
    env.write_progress(LEARNER);
    env
}

/// A property of a parsed component, by name.
fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

fn params(props: &[ical::property::Property], name: &str) -> Vec<(String, Vec<String>)> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.params.clone())
        .unwrap_or_default()
}

/// Parse an iCalendar text with the `ical` crate: exactly one calendar.
fn parse_calendar(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = calendars
        .next()
        .expect("one calendar")
        .unwrap_or_else(|e| panic!("not iCalendar ({e}):\n{text}"));
    assert!(calendars.next().is_none(), "more than one calendar");
    calendar
}

/// RFC 5545 section 3.1: CRLF after every line, none over 75 octets, and a
/// continuation line starts with one space.
fn assert_wire_format(text: &str) {
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
    assert!(!text.replace("\r\n", "").contains('\r'), "a bare CR");
    for line in text.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.is_empty());
    }
}

fn stages_json(env: &TestEnv) -> Vec<Value> {
    env.json(&["export"])["stages"].as_array().unwrap().clone()
}

#[test]
fn the_calendar_has_one_all_day_event_per_stage_with_work_left() {
    let env = learner();
    let before = env.read_progress();
    let ics = env.ok(&["export", "--format", "ics"]);
    assert_wire_format(&ics);
    let calendar = parse_calendar(&ics);
    assert_eq!(prop(&calendar.properties, "VERSION"), Some("2.0"));
    assert!(prop(&calendar.properties, "PRODID").is_some());

    let stages = stages_json(&env);
    let open: Vec<&Value> = stages
        .iter()
        .filter(|s| s["done"].as_u64() != s["total"].as_u64())
        .collect();
    assert!(!open.is_empty());
    assert_eq!(calendar.events.len(), open.len());
    for (event, stage) in calendar.events.iter().zip(&open) {
        let p = &event.properties;
        let p50 = stage["forecast"]["p50"].as_str().unwrap().replace('-', "");
        let p85 = stage["forecast"]["p85"].as_str().unwrap();
        assert_eq!(prop(p, "DTSTART"), Some(p50.as_str()));
        assert_eq!(
            params(p, "DTSTART"),
            vec![("VALUE".to_string(), vec!["DATE".to_string()])]
        );
        // An all-day event ends (exclusively) the next day.
        let start = chrono::NaiveDate::parse_from_str(&p50, "%Y%m%d").unwrap();
        let end = start.succ_opt().unwrap().format("%Y%m%d").to_string();
        assert_eq!(prop(p, "DTEND"), Some(end.as_str()));
        assert_eq!(prop(p, "DTSTAMP"), Some("20261130T000000Z"));
        let uid = prop(p, "UID").unwrap();
        assert!(uid.contains(stage["id"].as_str().unwrap()), "{uid}");
        let summary = prop(p, "SUMMARY").unwrap();
        assert!(
            summary.contains(stage["title"].as_str().unwrap()),
            "{summary}"
        );
        let description = prop(p, "DESCRIPTION").unwrap();
        assert!(description.contains(p85), "{description}");
    }
    let uids: std::collections::BTreeSet<_> = calendar
        .events
        .iter()
        .map(|e| prop(&e.properties, "UID").unwrap())
        .collect();
    assert_eq!(uids.len(), calendar.events.len(), "UIDs are unique");
    assert_eq!(env.read_progress(), before, "export writes nothing");
}

#[test]
fn uids_stay_the_same_as_progress_and_days_go_by() {
    let mut env = learner();
    let uids = |env: &TestEnv| -> Vec<String> {
        parse_calendar(&env.ok(&["export", "-f", "ics"]))
            .events
            .iter()
            .map(|e| prop(&e.properties, "UID").unwrap().to_string())
            .collect()
    };
    let before = uids(&env);
    let first = env.ok(&["export", "-f", "ics"]);
    assert_eq!(
        env.ok(&["export", "-f", "ics"]),
        first,
        "same input, same bytes"
    );
    env.ok(&["done", "vector-databases"]);
    env.today = "2027-01-15".to_string();
    let after = uids(&env);
    assert_eq!(before, after, "a re-import updates the same events");
    let later = env.ok(&["export", "-f", "ics"]);
    assert!(later.contains("DTSTAMP:20270115T000000Z"));
}

#[test]
fn a_finished_roadmap_has_no_milestones_left() {
    let env = TestEnv::new();
    env.install_user_roadmap("tiny.yaml", TINY);
    env.ok(&["use", "tiny"]);
    env.ok(&[
        "done",
        "alpha",
        "beta",
        "gamma",
        "delta",
        "--on",
        "2026-11-01",
    ]);
    env.ok(&["skip", "epsilon"]);
    let calendar = parse_calendar(&env.ok(&["export", "-f", "ics"]));
    assert!(calendar.events.is_empty());
}

#[test]
fn long_and_hostile_titles_fold_and_escape_and_parse_back() {
    let env = TestEnv::new();
    let title = "Ünïcödé, semicolons; back\\slashes and a very long title that must be folded across several lines 日本語";
    let roadmap = TINY.replace(
        "title: Basics",
        &format!("title: \"{}\\u001b[31m\"", title.replace('\\', "\\\\")),
    );
    env.install_user_roadmap("tiny.yaml", &roadmap);
    env.ok(&["use", "tiny"]);
    let ics = env.ok(&["export", "-f", "ics"]);
    assert_wire_format(&ics);
    assert!(
        !ics.contains('\u{1b}'),
        "no control character reaches the file"
    );
    let calendar = parse_calendar(&ics);
    let summary = prop(&calendar.events[0].properties, "SUMMARY").unwrap();
    // The parser unfolds; the text stays escaped as TEXT values are.
    assert!(
        summary.contains("Ünïcödé\\, semicolons\\; back\\\\slashes"),
        "{summary}"
    );
    assert!(summary.contains("日本語"), "{summary}");
}

#[test]
fn a_weekly_study_block_repeats_at_the_time_given() {
    let env = learner();
    // 2026-11-30 is a Monday; the first Thursday is 2026-12-03.
    let ics = env.ok(&["export", "-f", "ics", "--study", "Mon,thu 19:30"]);
    assert_wire_format(&ics);
    let calendar = parse_calendar(&ics);
    let study: Vec<_> = calendar
        .events
        .iter()
        .filter(|e| prop(&e.properties, "RRULE").is_some())
        .collect();
    assert_eq!(study.len(), 1);
    let p = &study[0].properties;
    assert_eq!(prop(p, "RRULE"), Some("FREQ=WEEKLY;BYDAY=MO,TH"));
    assert_eq!(prop(p, "DTSTART"), Some("20261130T193000"));
    // Ten hours a week over two days.
    assert_eq!(prop(p, "DURATION"), Some("PT5H"));
    assert!(prop(p, "UID").unwrap().starts_with("study."));

    let err = env.fails(2, &["export", "-f", "ics", "--study", "Monday evening"]);
    assert!(err.contains("24-hour time"), "{err}");
    let err = env.fails(2, &["export", "-f", "csv", "--study", "Mon 19:00"]);
    assert!(err.contains("--format ics"), "{err}");
}

#[test]
fn the_calendar_written_to_a_file_is_the_same() {
    let env = learner();
    let path = env.root().join("roadmap.ics");
    env.ok(&["export", "-f", "ics", "-o", path.to_str().unwrap()]);
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, env.ok(&["export", "-f", "ics"]));
}

/// The TINY roadmap, active, with a profile; `extra` is appended to the file.
fn tiny(start: &str, hours: u32, extra: &str) -> TestEnv {
    let env = TestEnv::new();
    env.install_user_roadmap("tiny.yaml", TINY);
    env.write_progress(&format!(
        "format = 1\nroadmap = \"tiny\"\n\n[profile]\nbackground = \"dev\"\nhours_per_week = {hours}\nstart = {start}\n{extra}"
    ));
    env
}

fn ids(doc: &Value, key: &str) -> Vec<String> {
    doc[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_fresh_learner_starts_the_week_with_the_first_item() {
    let env = TestEnv::new();
    // The cache may be written; nothing else.
    let files = |env: &TestEnv| -> Vec<std::path::PathBuf> {
        let cache = env.root().join("cache");
        env.tree()
            .into_iter()
            .filter(|p| !p.starts_with(&cache))
            .collect()
    };
    let tree = files(&env);
    let doc = env.json(&["week", "--json"]);
    // 2026-11-30 is a Monday: the ISO week runs to Sunday.
    assert_eq!(doc["week"]["start"], "2026-11-30");
    assert_eq!(doc["week"]["end"], "2026-12-06");
    assert_eq!(doc["hours"], 10);
    let next = env.json(&["next", "--json"]);
    assert_eq!(
        ids(&doc, "items")[0],
        next["items"][0]["id"].as_str().unwrap(),
        "the week begins with what `next` would take"
    );
    for item in doc["items"].as_array().unwrap() {
        assert_eq!(item["status"], "todo");
        assert!(item["title"].is_string() && item["stage"].is_string());
    }
    assert!(doc["done"].as_array().unwrap().is_empty());
    env.ok(&["week"]);
    assert_eq!(files(&env), tree, "week creates no file");

    // Later in the week, the same week.
    let mut env = env;
    env.today = "2026-12-06".to_string();
    let doc = env.json(&["week", "--json"]);
    assert_eq!(doc["week"]["start"], "2026-11-30");
    env.today = "2026-12-07".to_string();
    let doc = env.json(&["week", "--json"]);
    assert_eq!(doc["week"]["start"], "2026-12-07");
    assert_eq!(doc["week"]["end"], "2026-12-13");
}

#[test]
fn items_are_sized_by_the_plan_and_fill_the_week() {
    // Basics: 1-2 months for weight 4 at 10 h a week (the roadmap's own pace).
    let expected_per_weight = 1.5 * 365.2425 / 12.0 / 7.0 * 10.0 / 4.0;
    for hours in [10, 40, 80] {
        let env = tiny("2026-11-30", hours, "");
        let doc = env.json(&["week", "--json"]);
        let items = doc["items"].as_array().unwrap();
        assert_eq!(items[0]["id"], "alpha");
        // The plan's hours for an item do not change with the pace: more hours a
        // week give shorter weeks of plan, not smaller items.
        let per = items[0]["hours_per_weight"].as_f64().unwrap();
        assert!((per - expected_per_weight).abs() < 0.06, "{per}");
        let total: f64 = items.iter().map(|i| i["hours"].as_f64().unwrap()).sum();
        if items.len() > 1 {
            assert!(total <= hours as f64 + 0.1, "{total} h in a {hours} h week");
        }
        let taken = ids(&doc, "items");
        if hours == 80 {
            // Alpha (about 33 h) and epsilon, ready in the next stage (about 33 h);
            // beta waits on alpha.
            assert_eq!(taken, ["alpha", "epsilon"]);
        } else {
            assert_eq!(taken, ["alpha"]);
        }
    }
}

#[test]
fn a_learner_mid_stage_finishes_what_is_started_first() {
    let env = learner();
    let before = env.read_progress();
    let doc = env.json(&["week", "--json"]);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items[0]["status"], "started");
    assert_eq!(items[0]["id"], "vector-databases");
    let mut seen_todo = false;
    for item in items {
        if item["status"] == "todo" {
            seen_todo = true;
        } else {
            assert!(!seen_todo, "started items come before todo ones");
        }
    }
    let text = env.ok(&["week"]);
    assert!(text.contains("[~] vector-databases"), "{text}");
    assert!(text.contains("Sized by the plan"), "{text}");
    assert_eq!(env.read_progress(), before, "week writes nothing");

    // Done on Monday: it counts towards the week, and the next item follows.
    env.ok(&["done", "vector-databases", "--on", "2026-11-30"]);
    let doc = env.json(&["week", "--json"]);
    assert_eq!(ids(&doc, "done"), ["vector-databases"]);
    assert_eq!(doc["items"][0]["id"], "app-architecture");
    // Done last week: not this week's.
    let env = learner();
    env.ok(&["done", "vector-databases", "--on", "2026-11-29"]);
    let doc = env.json(&["week", "--json"]);
    assert!(ids(&doc, "done").is_empty());
}

#[test]
fn a_learner_behind_is_told_so_and_keeps_the_plans_pace() {
    // Started in June, nothing done by the end of November: basics was planned
    // to end by August.
    let env = tiny("2026-06-01", 10, "");
    let text = env.ok(&["week"]);
    assert!(text.contains("late against the plan"), "{text}");
    assert!(text.contains("roadmap plan --by"), "{text}");
    assert!(text.contains("alpha"), "{text}");
    let doc = env.json(&["week", "--json"]);
    assert_eq!(ids(&doc, "items"), ["alpha"]);
    // On track: no such line.
    let env = tiny("2026-11-30", 10, "");
    assert!(!env.ok(&["week"]).contains("late against the plan"));
}

#[test]
fn a_finished_roadmap_has_no_work_this_week() {
    let env = tiny(
        "2026-06-01",
        10,
        "[roadmaps.tiny.items.alpha]\nstatus = \"done\"\ndone = 2026-07-01\n\
[roadmaps.tiny.items.beta]\nstatus = \"done\"\ndone = 2026-07-02\n\
[roadmaps.tiny.items.gamma]\nstatus = \"skipped\"\n\
[roadmaps.tiny.items.delta]\nstatus = \"skipped\"\n\
[roadmaps.tiny.items.epsilon]\nstatus = \"done\"\ndone = 2026-08-01\n",
    );
    let doc = env.json(&["week", "--json"]);
    assert!(doc["items"].as_array().unwrap().is_empty());
    assert!(env.ok(&["week"]).contains("every item is done or skipped"));
}

fn plan_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["plan", "--json"];
    all.extend_from_slice(args);
    env.json(&all)
}

#[test]
fn plan_answers_fall_as_the_date_moves_later_and_rise_with_p85() {
    let env = learner();
    let before = env.read_progress();
    let mut last = (f64::INFINITY, f64::INFINITY);
    let mut answered = 0;
    for by in [
        "2030-01-01",
        "2031-06-01",
        "2032-06-01",
        "2034-01-01",
        "2037-01-01",
    ] {
        let doc = plan_json(&env, &["--by", by]);
        assert_eq!(doc["by"], by);
        assert_eq!(doc["stage"], Value::Null);
        assert_eq!(doc["current_hours_per_week"], 10);
        let (Some(p50), Some(p85)) = (
            doc["hours_per_week"]["p50"].as_f64(),
            doc["hours_per_week"]["p85"].as_f64(),
        ) else {
            continue;
        };
        answered += 1;
        assert!(p85 >= p50, "{by}: P85 {p85} under P50 {p50}");
        assert!(
            p50 <= last.0 && p85 <= last.1,
            "{by}: {p50}/{p85} after {last:?}"
        );
        last = (p50, p85);
    }
    assert!(answered >= 3);
    assert_eq!(env.read_progress(), before, "plan writes nothing");
}

#[test]
fn a_forecast_later_than_the_date_needs_more_hours_than_now() {
    let env = learner();
    let by = "2030-06-01";
    let doc = plan_json(&env, &["--by", by]);
    let p50 = doc["hours_per_week"]["p50"].as_f64().unwrap();
    // At the current hours the forecast is later than the date: more is needed.
    assert!(doc["forecast"]["p50"].as_str().unwrap() > by);
    assert!(p50 > 10.0, "{p50}");
    let text = env.ok(&["plan", "--by", by]);
    assert!(text.contains("even odds (P50)"), "{text}");
    assert!(text.contains("85% likely (P85)"), "{text}");
    assert!(text.contains("10 h a week"), "{text}");
}

#[test]
fn plan_for_one_stage() {
    let env = learner();
    let whole = plan_json(&env, &["--by", "2028-01-01"]);
    let first = plan_json(&env, &["--by", "2028-01-01", "--stage", "foundations"]);
    assert_eq!(first["stage"], "foundations");
    // The first stage needs less than the whole roadmap by the same date.
    let h = |doc: &Value| {
        doc["hours_per_week"]["p50"]
            .as_f64()
            .unwrap_or(f64::INFINITY)
    };
    assert!(h(&first) < h(&whole), "{first} vs {whole}");
    let by_number = plan_json(&env, &["--by", "2028-01-01", "--stage", "1"]);
    assert_eq!(by_number["hours_per_week"], first["hours_per_week"]);
    let err = env.fails(2, &["plan", "--by", "2028-01-01", "--stage", "nope"]);
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn dates_out_of_reach_past_or_already_met_say_so() {
    let env = learner();
    let soon = plan_json(&env, &["--by", "2026-12-15"]);
    assert_eq!(soon["answer"]["p50"], "out_of_reach");
    assert_eq!(soon["hours_per_week"]["p50"], Value::Null);
    let text = env.ok(&["plan", "--by", "2026-12-15"]);
    assert!(text.contains("out of reach"), "{text}");

    let past = plan_json(&env, &["--by", "2026-11-01"]);
    assert_eq!(past["answer"]["p50"], "not_ahead");
    assert!(
        env.ok(&["plan", "--by", "2026-11-30"])
            .contains("not after today")
    );

    let env = tiny(
        "2026-06-01",
        10,
        "[roadmaps.tiny.items.alpha]\nstatus = \"done\"\ndone = 2026-07-01\n\
[roadmaps.tiny.items.beta]\nstatus = \"done\"\ndone = 2026-07-02\n\
[roadmaps.tiny.items.gamma]\nstatus = \"done\"\ndone = 2026-08-01\n",
    );
    let doc = plan_json(&env, &["--by", "2027-01-01", "--stage", "basics"]);
    assert_eq!(doc["answer"]["p50"], "finished");
    let text = env.ok(&["plan", "--by", "2027-01-01", "--stage", "basics"]);
    assert!(text.contains("already finished on 2026-08-01"), "{text}");
    // The rest of the roadmap still needs hours.
    let doc = plan_json(&env, &["--by", "2027-06-01"]);
    assert!(doc["hours_per_week"]["p50"].is_number(), "{doc}");
}

#[test]
fn plan_needs_a_date() {
    let env = learner();
    env.fails(2, &["plan"]);
    let err = env.fails(2, &["plan", "--by", "next june"]);
    assert!(err.contains("next june"), "{err}");
}

#[test]
fn the_hours_plan_answers_reach_the_date_when_the_timeline_asks_what_if() {
    // The answer of `plan` and the what-if of `timeline` are the same forecast:
    // at the hours plan names, the last stage's P50 (or P85) falls on or before
    // the date, and fewer hours never finish earlier.
    let env = learner();
    let by = "2034-01-01";
    let doc = plan_json(&env, &["--by", by]);
    for (quantile, key) in [("p50", "p50"), ("p85", "p85")] {
        let hours = doc["hours_per_week"][key]
            .as_f64()
            .unwrap_or_else(|| panic!("no {key} answer for {by}: {doc:#}"));
        let at = |h: f64| {
            let timeline = env.json(&["timeline", "--json", "--hours-per-week", &h.to_string()]);
            let last = timeline["stages"]
                .as_array()
                .unwrap()
                .last()
                .unwrap()
                .clone();
            assert_eq!(timeline["what_if"]["hours_per_week"].as_f64(), Some(h));
            last["forecast"][quantile].as_str().unwrap().to_string()
        };
        let reached = at(hours);
        assert!(
            reached.as_str() <= by,
            "{key}: at {hours} h a week the timeline says {reached}, after {by}"
        );
        let less = at(((hours - 0.2) * 10.0).round() / 10.0);
        assert!(
            less.as_str() >= reached.as_str(),
            "{key}: fewer hours finish earlier ({less} before {reached})"
        );
    }
}
