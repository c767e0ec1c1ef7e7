//! Learners walk through a small roadmap whose plan is easy to work out by hand,
//! through the real binary, with the day pinned at every step (SPEC section 6).
//!
//! The STEPS roadmap: two stages of six items, each estimated at exactly three
//! months at 10 hours a week. At 10 h/week an item is planned at 15.2 days
//! (91.3 days / 6): stage one is planned to end on 2026-04-01 and stage two on
//! 2026-07-01 for a learner who starts on 2026-01-01. A beginner (`new`) has
//! a month more on stage one; at 5 h/week everything takes twice as long.

mod common;

use chrono::{Days, NaiveDate};
use common::TestEnv;
use serde_json::Value;

const STEPS: &str = "\
format: 1
id: steps
title: Steps
hours_per_week: 10
backgrounds:
  - id: dev
    title: Developer
  - id: new
    title: Beginner
    extra_months: { one: 1 }
stages:
  - id: one
    title: Stage one
    estimate: { min_months: 3, max_months: 3 }
    items:
      - { id: a1, title: A1 }
      - { id: a2, title: A2 }
      - { id: a3, title: A3 }
      - { id: a4, title: A4 }
      - { id: a5, title: A5 }
      - { id: a6, title: A6 }
  - id: two
    title: Stage two
    estimate: { min_months: 3, max_months: 3 }
    items:
      - { id: b1, title: B1 }
      - { id: b2, title: B2 }
      - { id: b3, title: B3 }
      - { id: b4, title: B4 }
      - { id: b5, title: B5 }
      - { id: b6, title: B6 }
";

const ITEMS: [&str; 12] = [
    "a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2", "b3", "b4", "b5", "b6",
];
const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;
const START: &str = "2026-01-01";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn plus(date: &str, days: f64) -> String {
    (d(date) + Days::new(days.round() as u64)).to_string()
}

fn days(a: &str, b: &str) -> i64 {
    (d(b) - d(a)).num_days()
}

/// One learner on one machine, the day set before each command.
struct Learner {
    env: TestEnv,
}

impl Learner {
    /// A learner of STEPS whose first command, on `START`, sets the profile.
    fn new(profile: &[&str]) -> Learner {
        let mut learner = Learner::bare();
        learner.env.install_user_roadmap("steps.yaml", STEPS);
        learner.on(START, &["use", "steps"]);
        if !profile.is_empty() {
            learner.on(START, &[&["profile"][..], profile].concat());
        }
        learner
    }

    fn bare() -> Learner {
        Learner {
            env: TestEnv::new(),
        }
    }

    /// The environment with `ROADMAP_TODAY` pinned to `day`.
    fn at(&mut self, day: &str) -> &TestEnv {
        self.env.today = day.to_string();
        &self.env
    }

    /// Run on `day`, expecting success; stdout and stderr together.
    fn on(&mut self, day: &str, args: &[&str]) -> String {
        let out = self.at(day).run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "`roadmap {}` on {day} failed:\n{text}",
            args.join(" ")
        );
        text
    }

    fn timeline(&mut self, day: &str) -> Value {
        self.at(day).json(&["timeline", "--json"])
    }
}

fn stage(doc: &Value, k: usize) -> &Value {
    &doc["stages"][k]
}

fn p50(doc: &Value, k: usize) -> String {
    stage(doc, k)["forecast"]["p50"]
        .as_str()
        .unwrap()
        .to_string()
}

fn p85(doc: &Value, k: usize) -> String {
    stage(doc, k)["forecast"]["p85"]
        .as_str()
        .unwrap()
        .to_string()
}

fn state(doc: &Value, k: usize) -> &str {
    stage(doc, k)["state"].as_str().unwrap()
}

/// The day of the `n`-th completion (1-based) for a learner at exactly the plan's
/// pace of `per_item` days an item, from `START`.
fn steady_day(n: usize, per_item: f64) -> String {
    plus(START, n as f64 * per_item)
}

const PER_ITEM: f64 = 3.0 * DAYS_PER_MONTH / 6.0;

#[test]
fn steady_at_the_plans_pace_is_on_track_at_every_checkpoint() {
    let mut learner = Learner::new(&["--background", "dev"]);
    let fresh = learner.timeline(START);
    assert_eq!(stage(&fresh, 0)["planned"]["max_end"], "2026-04-01");
    assert_eq!(stage(&fresh, 1)["planned"]["max_end"], "2026-07-01");
    for n in 1..ITEMS.len() {
        let day = steady_day(n, PER_ITEM);
        learner.on(&day, &["done", ITEMS[n - 1]]);
        // On the day of a completion and halfway to the next (work in hand).
        for today in [day.clone(), plus(&day, PER_ITEM / 2.0)] {
            let doc = learner.timeline(&today);
            for k in 0..2 {
                let s = state(&doc, k);
                assert!(
                    s == "on_track"
                        || (s == "done"
                            && stage(&doc, k)["delta_days"].as_i64().unwrap().abs() <= 14),
                    "after {n} on {today}, stage {k}: {s}\n{doc:#}"
                );
            }
            let end = p50(&doc, 1);
            assert!(
                days("2026-07-01", &end).abs() <= 10,
                "after {n} on {today}: finish {end}"
            );
            assert!(p85(&doc, 1) >= end);
            let text = learner.on(&today, &["timeline"]);
            if n < 3 {
                assert!(
                    text.contains(&format!(
                        "Forecast from the plan until 3 completions after your start ({n} so far)."
                    )),
                    "{text}"
                );
                assert!(!text.contains("Your pace"), "{text}");
            } else {
                assert!(
                    text.contains(&format!(
                        "Your pace: about the plan's pace, likely 0.8-1.2x its speed ({n} completions)."
                    )) || text.contains(&format!(
                        "Your pace: about the plan's pace, likely 0.9-1.1x its speed ({n} completions)."
                    )) || text.contains(&format!(
                        "Your pace: about the plan's pace, likely 0.9-1.2x its speed ({n} completions)."
                    )),
                    "after {n} on {today}:\n{text}"
                );
            }
            assert!(!text.contains("late"), "after {n} on {today}:\n{text}");
        }
    }
}

#[test]
fn a_beginner_at_5_hours_a_week_on_the_plans_pace_is_never_late() {
    let mut learner = Learner::new(&["--background", "new", "--hours-per-week", "5"]);
    // Stage one: (3 + 1) months at half the roadmap's hours, 8 months; stage two 6.
    let fresh = learner.timeline(START);
    assert_eq!(stage(&fresh, 0)["planned"]["max_end"], "2026-09-01");
    assert_eq!(stage(&fresh, 1)["planned"]["max_end"], "2027-03-01");
    let one = 8.0 * DAYS_PER_MONTH / 6.0;
    let two = 6.0 * DAYS_PER_MONTH / 6.0;
    for n in 1..ITEMS.len() {
        let day = if n <= 6 {
            plus(START, n as f64 * one)
        } else {
            plus("2026-09-01", (n - 6) as f64 * two)
        };
        learner.on(&day, &["done", ITEMS[n - 1]]);
        let doc = learner.timeline(&day);
        for k in 0..2 {
            let s = state(&doc, k);
            assert!(
                s == "on_track" || s == "done",
                "after {n} on {day}, stage {k}: {s}\n{doc:#}"
            );
        }
        let status = learner.on(&day, &["status"]);
        assert!(!status.contains("late"), "after {n} on {day}:\n{status}");
        assert!(
            status.contains("new, 5 h/week, since 2026-01-01"),
            "{status}"
        );
    }
}

#[test]
fn backfilled_real_dates_are_prior_knowledge_not_the_start() {
    let mut learner = Learner::new(&[]);
    let said = learner.on(START, &["done", "a1", "a2", "--on", "2019-06-01"]);
    assert!(
        said.contains(
            "2019-06-01 is before your start (2026-01-01), so they are counted as known before you started"
        ),
        "{said}"
    );
    assert!(
        said.contains("`roadmap profile --start 2019-05-31`"),
        "{said}"
    );
    let doc = learner.timeline(START);
    assert_eq!(doc["profile"]["start"], "2026-01-01");
    assert!(doc["pace"].is_null(), "{doc:#}");
    assert_eq!(doc["completions"], 0);
    // A third of stage one is known: it is planned to take a third less.
    assert_eq!(state(&doc, 0), "ahead");
    let early = days(&p50(&doc, 0), "2026-04-01");
    assert!((25..=35).contains(&early), "{early} days early");

    // One completion after the backfill: still the plan's forecast, no pace claimed.
    learner.on("2026-01-16", &["done", "a3"]);
    let doc = learner.timeline("2026-01-16");
    assert!(doc["pace"].is_null(), "{doc:#}");
    assert_eq!(doc["completions"], 1);
    let text = learner.on("2026-01-16", &["status"]);
    assert!(
        text.contains("Forecast from the plan until 3 completions after your start (1 so far)."),
        "{text}"
    );
    assert!(!text.contains("slower"), "{text}");

    // A single item backfilled says it in the singular.
    let said = learner.on("2026-01-16", &["done", "b1", "--on", "2020-01-01"]);
    assert!(
        said.contains("so it is counted as known before you started"),
        "{said}"
    );

    // Three completions after the start at the plan's pace: about the plan's pace.
    learner.on("2026-01-31", &["done", "a4"]);
    learner.on("2026-02-15", &["done", "a5"]);
    let text = learner.on("2026-02-15", &["timeline"]);
    assert!(
        text.contains("Your pace: about the plan's pace") && text.contains("(3 completions)"),
        "{text}"
    );
}

#[test]
fn a_file_made_by_hand_without_a_start_counts_from_the_recent_work() {
    // Years-old items written in by hand, then a steady run from March: the plan
    // starts with that run, and the old items are known before it, never pace.
    let mut learner = Learner::bare();
    learner.env.install_user_roadmap("steps.yaml", STEPS);
    learner.env.write_progress(
        "format = 2\r\nroadmap = \"steps\"\r\n\r\n\
         # written by hand from my notes\r\n\
         [roadmaps.steps.items.a1]\r\nstatus = \"done\"\r\ndone = 2019-06-01\r\n\
         [roadmaps.steps.items.a2]\r\nstatus = \"done\"\r\ndone = 2021-03-01\r\n\
         [roadmaps.steps.items.a3]\r\nstatus = \"done\"\r\ndone = 2026-03-01\r\n\
         [roadmaps.steps.items.a4]\r\nstatus = \"done\"\r\ndone = 2026-03-16\r\n",
    );
    let text = learner.on("2026-03-20", &["status"]);
    assert!(
        text.contains(
            "no start recorded for `steps`: counting from 2026-03-01, when your recent dated work began"
        ),
        "{text}"
    );
    assert!(!text.contains("slower"), "{text}");
    let doc = learner.timeline("2026-03-20");
    assert_eq!(doc["profile"]["start"], "2026-03-01");
    assert_eq!(doc["completions"], 1, "{doc:#}");
    // Three of six items known or done in three weeks: stage one is not late.
    assert_ne!(state(&doc, 0), "behind", "{doc:#}");

    // The first write records that start, so the hint is said no more.
    learner.on("2026-03-31", &["done", "a5"]);
    assert!(learner.env.read_progress().contains("start = 2026-03-01"));
    let text = learner.on("2026-03-31", &["status"]);
    assert!(!text.contains("no start recorded"), "{text}");
}

/// The same learner at the plan's pace, with or without a pause of `pause` days
/// before the fourth item; the timeline after `n` completions.
fn with_pause(pause: f64, n: usize) -> (Learner, String) {
    let mut learner = Learner::new(&["--background", "dev"]);
    let mut day = START.to_string();
    for (i, item) in ITEMS.iter().enumerate().take(n) {
        let extra = if i >= 3 { pause } else { 0.0 };
        day = plus(START, (i + 1) as f64 * PER_ITEM + extra);
        learner.on(&day, &["done", item]);
    }
    (learner, day)
}

#[test]
fn a_long_pause_is_a_pause_not_a_new_speed() {
    // During the pause: said in words, and the pace is not changed by it.
    let (mut paused, _) = with_pause(120.0, 3);
    let text = paused.on("2026-05-01", &["status"]);
    assert!(
        text.contains(
            "Nothing done since 2026-02-16, 10 weeks: counted as a pause, not as your pace."
        ),
        "{text}"
    );
    assert!(text.contains("Your pace: about the plan's pace"), "{text}");

    // Back at the plan's pace: the forecast is the steady learner's, moved by the
    // pause itself (120 days) and a risk of another that fades as the learner
    // keeps going, not by months more.
    for (n, risk) in [(5, 60), (7, 30), (9, 15)] {
        let (mut steady, day) = with_pause(0.0, n);
        let (mut paused, paused_day) = with_pause(120.0, n);
        assert_eq!(days(&day, &paused_day), 120);
        let a = steady.timeline(&day);
        let b = paused.timeline(&paused_day);
        let shift = days(&p50(&a, 1), &p50(&b, 1));
        assert!(
            (110..=120 + risk).contains(&shift),
            "after {n}: the pause moved the finish by {shift} days"
        );
        assert_eq!(b["pace"]["pauses"], 1, "{b:#}");
        let ratio = b["pace"]["ratio"].as_f64().unwrap();
        assert!((0.9..=1.1).contains(&ratio), "after {n}: pace {ratio}");
        // A pause is a risk: it widens the P85 a little, never narrows it.
        let spread = |doc: &Value| days(&p50(doc, 1), &p85(doc, 1));
        assert!(spread(&b) >= spread(&a), "after {n}");
        let words = paused.on(&paused_day, &["timeline"]);
        assert!(
            words.contains("Your pace: about the plan's pace"),
            "{words}"
        );
        assert!(!words.contains("Nothing done since"), "{words}");
    }
}

#[test]
fn skips_leave_the_work_and_never_read_as_speed() {
    let mut learner = Learner::new(&["--background", "dev"]);
    learner.on(START, &["skip", "a2", "a3", "b2"]);
    // The rest at the plan's pace, one item every 15.2 days.
    let rest = ["a1", "a4", "a5", "a6", "b1"];
    let mut day = START.to_string();
    for (i, item) in rest.iter().enumerate() {
        day = steady_day(i + 1, PER_ITEM);
        learner.on(&day, &["done", item]);
    }
    let doc = learner.timeline(&day);
    let ratio = doc["pace"]["ratio"].as_f64().unwrap();
    assert!((0.9..=1.1).contains(&ratio), "pace {ratio}");
    // Stage one is finished with four items, 61 days after the start: a month early.
    assert_eq!(state(&doc, 0), "done");
    assert_eq!(stage(&doc, 0)["forecast"]["p50"], steady_day(4, PER_ITEM));
    // Stage two: four items left of six at 15.2 days each, about 61 days.
    let left = days(&day, &p50(&doc, 1));
    assert!((50..=75).contains(&left), "{left} days left");
    let text = learner.on(&day, &["timeline"]);
    assert!(text.contains("Your pace: about the plan's pace"), "{text}");
    assert!(!text.contains("faster"), "{text}");
}

#[test]
fn doubling_the_hours_mid_stage_keeps_the_past_plan() {
    let mut learner = Learner::new(&["--background", "dev"]);
    for n in 1..=3 {
        learner.on(&steady_day(n, PER_ITEM), &["done", ITEMS[n - 1]]);
    }
    let before = learner.timeline("2026-02-16");
    assert_eq!(stage(&before, 0)["planned"]["max_end"], "2026-04-01");
    let said = learner.on("2026-02-16", &["profile", "--hours-per-week", "20"]);
    assert!(said.contains("20 h/week"), "{said}");
    let file = learner.env.read_progress();
    assert!(file.contains("earlier_paces"), "{file}");
    assert!(
        file.contains("since = 2026-01-01, hours_per_week = 10"),
        "{file}"
    );
    let after = learner.timeline("2026-02-16");
    // The first half of stage one stays planned at 10 h/week; the rest takes half
    // as long: 45.7 days of plan in 22.8 days.
    assert_eq!(stage(&after, 0)["planned"]["start"], START);
    let end = stage(&after, 0)["planned"]["max_end"].as_str().unwrap();
    assert!(
        (22..=24).contains(&days("2026-02-16", end)),
        "stage one now planned to end {end}"
    );
    // Committing more time never makes the past look late.
    assert_ne!(state(&after, 0), "behind");
    assert_ne!(state(&after, 1), "behind");
    assert!(p50(&after, 1) < p50(&before, 1));
    // At the new pace, an item every 7.6 days: on track at every step.
    let mut day = "2026-02-16".to_string();
    for item in &ITEMS[3..9] {
        day = plus(&day, PER_ITEM / 2.0);
        learner.on(&day, &["done", item]);
        let doc = learner.timeline(&day);
        for k in 0..2 {
            let s = state(&doc, k);
            assert!(
                s == "on_track" || s == "done" || s == "ahead",
                "{item} on {day}, stage {k}: {s}\n{doc:#}"
            );
        }
        let text = learner.on(&day, &["timeline"]);
        assert!(!text.contains("late"), "{text}");
        assert!(!text.contains("slower"), "{text}");
    }
}

#[test]
fn each_roadmap_keeps_its_own_profile() {
    let mut learner = Learner::new(&["--background", "dev", "--hours-per-week", "10"]);
    learner
        .env
        .install_user_roadmap("other.yaml", &STEPS.replace("id: steps", "id: other"));
    learner.on("2026-03-01", &["use", "other"]);
    learner.on(
        "2026-03-01",
        &["profile", "--background", "new", "--hours-per-week", "5"],
    );
    learner.on("2026-03-02", &["done", "a1"]);
    let other = learner.timeline("2026-03-02");
    assert_eq!(other["profile"]["start"], "2026-03-01");
    assert_eq!(other["profile"]["hours_per_week"], 5);
    assert_eq!(other["profile"]["background"], "new");
    learner.on("2026-03-02", &["use", "steps"]);
    let steps = learner.timeline("2026-03-02");
    assert_eq!(steps["profile"]["start"], START);
    assert_eq!(steps["profile"]["hours_per_week"], 10);
    assert_eq!(steps["profile"]["background"], "dev");
    // a1 of `other` is not a1 of `steps`.
    assert_eq!(steps["completions"], 0);
    let text = learner.on("2026-03-02", &["status"]);
    assert!(text.contains("dev, 10 h/week, since 2026-01-01"), "{text}");
}

#[test]
fn import_onto_a_new_machine_keeps_the_profile_and_the_forecast() {
    let mut learner = Learner::new(&["--background", "new", "--hours-per-week", "5"]);
    learner.on("2026-02-01", &["profile", "--hours-per-week", "8"]);
    for (n, item) in ITEMS.iter().enumerate().take(4) {
        learner.on(&plus("2026-02-01", (n + 1) as f64 * 20.0), &["done", item]);
    }
    let day = "2026-05-01";
    let export = learner.on(day, &["export"]);
    let mut laptop = Learner::bare();
    laptop.env.install_user_roadmap("steps.yaml", STEPS);
    let path = laptop.env.write("export.json", &export);
    laptop.on(day, &["import", path.to_str().unwrap()]);
    laptop.on(day, &["use", "steps"]);
    let here = learner.timeline(day);
    let there = laptop.timeline(day);
    assert_eq!(there["profile"], here["profile"]);
    assert_eq!(there["profile"]["start"], START);
    assert_eq!(there["stages"], here["stages"]);
    assert_eq!(there["pace"], here["pace"]);
}

#[test]
fn a_what_if_says_so_and_writes_nothing() {
    let mut learner = Learner::new(&["--background", "dev"]);
    for n in 1..=4 {
        learner.on(&steady_day(n, PER_ITEM), &["done", ITEMS[n - 1]]);
    }
    let day = steady_day(4, PER_ITEM);
    let before = learner.env.read_progress();
    let plain = learner.timeline(&day);
    assert!(plain["what_if"].is_null());
    let doc = learner
        .at(&day)
        .json(&["timeline", "--json", "--hours-per-week", "20"]);
    assert_eq!(doc["what_if"]["hours_per_week"], 20);
    assert!(p50(&doc, 1) < p50(&plain, 1));
    let status = learner
        .at(&day)
        .json(&["status", "--json", "--hours-per-week", "20"]);
    assert_eq!(status["what_if"]["hours_per_week"], 20);
    assert_eq!(
        status["stages"][1]["forecast"]["p50"],
        p50(&doc, 1).as_str()
    );
    assert!(learner.at(&day).json(&["status", "--json"])["what_if"].is_null());
    let text = learner.on(&day, &["timeline", "--hours-per-week", "20"]);
    assert!(
        text.contains(
            "What-if at 20 h/week from today, your history carried over; nothing written."
        ),
        "{text}"
    );
    assert_eq!(learner.env.read_progress(), before);
}

/// A learner's own file, written in Notepad: CRLF, comments everywhere, an inline
/// table, a dotted key; Python known from years ago, six items in the first two
/// months of 2026, then nothing for 31 weeks.
const NOTEPAD: &str = "# my progress, kept by hand\r\n\
format = 2\r\n\
roadmap = \"ai-engineer\"\r\n\
\r\n\
[roadmaps.ai-engineer.profile]\r\n\
background = \"developer\" # I code for a living\r\n\
start = 2026-01-05\r\n\
hours_per_week = 10\r\n\
\r\n\
[roadmaps.ai-engineer.items]\r\n\
python = { status = \"done\", done = 2019-06-01 } # years of scripts\r\n\
ai-terminology.status = \"done\"\r\n\
ai-terminology.done = 2026-01-15\r\n\
\r\n\
[roadmaps.ai-engineer.items.linear-algebra]\r\n\
# the 3Blue1Brown series\r\n\
status = \"done\"\r\n\
done = 2026-01-25\r\n\
\r\n\
[roadmaps.ai-engineer.items.statistics]\r\n\
status = \"done\"\r\n\
done = 2026-02-04\r\n\
\r\n\
[roadmaps.ai-engineer.items.probability]\r\n\
status = \"done\"\r\n\
done = 2026-02-14\r\n\
\r\n\
[roadmaps.ai-engineer.items.git-basics]\r\n\
status = \"done\"\r\n\
done = 2026-02-24\r\n\
\r\n\
[roadmaps.ai-engineer.items.command-line]\r\n\
status = \"done\"\r\n\
done = 2026-03-06\r\n";

#[test]
fn the_completion_that_ends_a_long_pause_leaves_the_far_forecast_where_it_was() {
    let mut learner = Learner::bare();
    learner.env.write_progress(NOTEPAD);

    // During the pause: said in words, the pace left as the work made it.
    let text = learner.on("2026-10-09", &["status"]);
    assert!(text.contains("since 2026-01-05"), "{text}");
    assert!(
        text.contains(
            "Nothing done since 2026-03-06, 31 weeks: counted as a pause, not as your pace."
        ),
        "{text}"
    );
    let during = learner.timeline("2026-10-09");
    let last = during["stages"].as_array().unwrap().len() - 1;
    let pace = during["pace"]["ratio"].as_f64().unwrap();

    // The first completion after it: the pause is now in the history, as it was
    // already counted while under way; the far stages stay within a year of
    // where they were (they are decades away for this learner), the pace as it was.
    learner.on("2026-10-10", &["done", "generative-ai-concepts"]);
    let after = learner.timeline("2026-10-10");
    assert_eq!(after["pace"]["pauses"], 1, "{after:#}");
    let moved = days(&p50(&during, last), &p50(&after, last));
    assert!(
        moved.abs() <= 365,
        "the completion moved the last stage by {moved} days: {} -> {}",
        p50(&during, last),
        p50(&after, last)
    );
    let moved85 = days(&p85(&during, last), &p85(&after, last));
    assert!(moved85.abs() <= 2 * 365, "P85 moved by {moved85} days");
    let pace_after = after["pace"]["ratio"].as_f64().unwrap();
    assert!(
        (pace_after / pace - 1.0).abs() < 0.1,
        "pace {pace} -> {pace_after}"
    );

    // The hand-made file kept its line ends and comments through the write.
    let file = learner.env.read_progress();
    assert!(file.contains("# the 3Blue1Brown series\r\n"), "{file}");
    assert!(file.contains("# years of scripts"), "{file}");
    assert!(!file.replace("\r\n", "").contains('\n'), "{file:?}");
}

#[test]
fn a_skipped_stage_says_skipped_and_the_next_counts_on() {
    let mut learner = Learner::new(&["--background", "dev"]);
    learner.on(START, &["skip", "a1", "a2", "a3", "a4", "a5", "a6"]);
    let text = learner.on(START, &["status"]);
    let row = text
        .lines()
        .find(|l| l.contains("Stage one"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.trim_end().ends_with("skipped"), "{row}");
    assert!(!row.contains("on time"), "{row}");
    let words = learner.on(START, &["timeline"]);
    assert!(
        words
            .lines()
            .any(|l| l.contains("Stage one") && l.trim_end().ends_with("skipped")),
        "{words}"
    );
    // Stage two is the one in hand now, planned from the start: three months.
    let doc = learner.timeline(START);
    assert_eq!(state(&doc, 0), "done");
    let left = days(START, &p50(&doc, 1));
    assert!((80..=100).contains(&left), "{left} days");
}
