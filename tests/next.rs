//! `next` walks the built-in roadmap in an order a learner would choose, and says
//! why; `--track` always has a next step; `done` ahead of its prerequisites warns.

mod common;

use std::collections::{HashMap, HashSet};

use common::TestEnv;
use serde_json::Value;

const LEARNER: &str = include_str!("fixtures/views/learner.toml");

struct Item {
    stage: String,
    kind: String,
    requires: Vec<String>,
}

/// Every item of the roadmap in use, by id, with roadmap order.
fn catalog(env: &TestEnv) -> (Vec<String>, HashMap<String, Item>) {
    let doc = env.json(&["list", "--json"]);
    let mut order = Vec::new();
    let mut items = HashMap::new();
    for stage in doc["stages"].as_array().unwrap() {
        for item in stage["items"].as_array().unwrap() {
            let id = item["id"].as_str().unwrap().to_string();
            let shown = env.json(&["show", &id, "--json"]);
            let requires = shown["requires"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string())
                .collect();
            items.insert(
                id.clone(),
                Item {
                    stage: stage["id"].as_str().unwrap().to_string(),
                    kind: item["kind"].as_str().unwrap().to_string(),
                    requires,
                },
            );
            order.push(id);
        }
    }
    (order, items)
}

fn next_items(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["next", "--json"];
    all.extend_from_slice(args);
    env.json(&all)["items"].as_array().unwrap().clone()
}

/// Tick the first suggestion, again and again, from a fresh start: the ids in
/// the order `next` led through them.
fn walk(env: &TestEnv, track: Option<&str>) -> Vec<String> {
    let mut walked = Vec::new();
    loop {
        let mut args = vec!["-n", "1"];
        if let Some(t) = track {
            args.extend(["--track", t]);
        }
        let items = next_items(env, &args);
        let Some(first) = items.first() else {
            return walked;
        };
        let id = first["id"].as_str().unwrap().to_string();
        assert!(!walked.contains(&id), "`{id}` suggested twice");
        env.ok(&["done", &id]);
        walked.push(id);
    }
}

#[test]
fn ticking_the_first_suggestion_walks_the_whole_roadmap_in_a_learners_order() {
    let env = TestEnv::new();
    let (order, items) = catalog(&env);
    let walked = walk(&env, None);
    assert_eq!(
        walked.len(),
        order.len(),
        "the walk stopped early: {walked:?}"
    );

    let position = |id: &str| walked.iter().position(|w| w == id).unwrap();
    let mut done = HashSet::new();
    for id in &walked {
        // Prerequisites first, always.
        for r in &items[id].requires {
            assert!(
                done.contains(r),
                "`{id}` came before its prerequisite `{r}`"
            );
        }
        done.insert(id.clone());
    }
    // Stage by stage.
    let stages: Vec<&str> = walked.iter().map(|id| items[id].stage.as_str()).collect();
    assert!(stages.is_sorted_by_key(|s| {
        ["foundations", "advanced", "professional", "senior"]
            .iter()
            .position(|x| x == s)
    }));
    // Projects early in every stage: the first one within the stage's first third.
    for stage in ["foundations", "advanced", "professional", "senior"] {
        let in_stage: Vec<&String> = walked
            .iter()
            .filter(|id| items[*id].stage == stage)
            .collect();
        let first_project = in_stage
            .iter()
            .position(|id| items[*id].kind == "project")
            .unwrap_or_else(|| panic!("no project in {stage}"));
        assert!(
            first_project < in_stage.len() / 3,
            "{stage}: the first project comes {} of {}: {in_stage:?}",
            first_project + 1,
            in_stage.len()
        );
    }
    // The everyday tools of the trade come early, not after the projects.
    assert!(
        position("git-basics") < 20,
        "git-basics at {}",
        position("git-basics")
    );
    assert!(position("content-generator") < 15);
    // Agents and their project within the first half of the roadmap.
    assert!(position("agent-project") < order.len() / 2, "{walked:?}");
}

#[test]
fn the_reason_shown_is_the_order_used() {
    for progress in [None, Some(LEARNER)] {
        let env = TestEnv::new();
        if let Some(p) = progress {
            env.write_progress(p);
        }
        let items = next_items(&env, &["-n", "1000"]);
        assert!(!items.is_empty());
        let stage_rank = |s: &str| {
            ["foundations", "advanced", "professional", "senior"]
                .iter()
                .position(|x| *x == s)
                .unwrap()
        };
        let mut last: Option<(usize, std::cmp::Reverse<u64>, u64)> = None;
        let mut seen_ready = false;
        for item in &items {
            let reason = item["reason"].as_str().unwrap();
            let unlocks = item["unlocks"].as_u64().unwrap();
            let weight = item["weight"].as_u64().unwrap();
            if item["status"] == "started" {
                assert!(!seen_ready, "a started item after a ready one: {item}");
                assert!(reason.starts_with("started"), "{item}");
                continue;
            }
            seen_ready = true;
            let expected = match unlocks {
                0 => format!("ready, weight {weight}"),
                1 => "unlocks 1 item".to_string(),
                n => format!("unlocks {n} items"),
            };
            assert_eq!(reason, expected, "{item}");
            let key = (
                stage_rank(item["stage"].as_str().unwrap()),
                std::cmp::Reverse(unlocks),
                weight,
            );
            if let Some(last) = last {
                assert!(last <= key, "out of order at {item}");
            }
            last = Some(key);
        }
    }
}

#[test]
fn a_track_always_suggests_something_and_names_what_blocks_it() {
    for (track, blocked, blocker) in [
        ("developers", "openai-api", "python"),
        ("data-scientists", "ml-basics", "statistics"),
    ] {
        let env = TestEnv::new();
        let items = next_items(&env, &["--track", track]);
        assert!(!items.is_empty(), "{track}: nothing suggested");
        let reasons: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i["id"].as_str().unwrap(), i["reason"].as_str().unwrap()))
            .collect();
        let wanted = format!("needed for {blocked}");
        assert!(
            reasons.contains(&(blocker, wanted.as_str())),
            "{track}: {reasons:?}"
        );
        let screen = env.ok(&["next", "--track", track]);
        assert!(screen.contains(&wanted), "{screen}");
        assert!(
            screen.contains(&format!("roadmap start {}", reasons[0].0)),
            "{screen}"
        );
    }

    // Following a track to its end, then it says so.
    let env = TestEnv::new();
    let walked = walk(&env, Some("beginners"));
    for id in [
        "ai-terminology",
        "chatgpt-use",
        "ml-basics",
        "statistics",
        "probability",
    ] {
        assert!(walked.iter().any(|w| w == id), "{walked:?}");
    }
    assert_eq!(walked.len(), 7, "{walked:?}");
    let end = env.ok(&["next", "--track", "beginners"]);
    assert!(
        end.contains("Every item of the `beginners` track is done or skipped"),
        "{end}"
    );
    assert!(env.ok(&["next"]).contains("unlocks"));
}

#[test]
fn done_ahead_of_its_prerequisites_is_done_and_names_them() {
    let env = TestEnv::new();
    let out = env.run(&["done", "agents"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("marked `agents` done"), "{err}");
    assert!(
        err.contains("warning: `agents` needs prerequisites `tool-use` and `context-engineering`, not done yet"),
        "{err}"
    );
    assert!(
        err.contains("`roadmap done tool-use context-engineering`"),
        "{err}"
    );
    assert_eq!(env.json(&["show", "agents", "--json"])["status"], "done");

    // Prerequisites ticked in the same command count; a skipped one is met.
    let env = TestEnv::new();
    env.ok(&["skip", "probability"]);
    let out = env.run(&["done", "ml-basics", "statistics"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("warning"), "{err}");

    // Already done: no second warning.
    let env = TestEnv::new();
    env.ok(&["done", "rag"]);
    let again = env.run(&["done", "rag"]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("warning"));
}

#[test]
fn get_started_leaves_out_what_the_learner_has_done() {
    let env = TestEnv::new();
    let fresh = env.ok(&["status"]);
    assert!(fresh.contains("Get started"), "{fresh}");
    assert!(
        fresh.contains("roadmap profile --background beginner"),
        "{fresh}"
    );
    assert!(fresh.contains("tick what you already know"), "{fresh}");
    assert!(fresh.contains("roadmap next --track developers"), "{fresh}");

    // A profile set: no more telling them to set it; the track follows it.
    env.ok(&[
        "profile",
        "--background",
        "beginner",
        "--hours-per-week",
        "8",
    ]);
    let profiled = env.ok(&["status"]);
    assert!(profiled.contains("Get started"), "{profiled}");
    assert!(!profiled.contains("roadmap profile"), "{profiled}");
    assert!(
        profiled.contains("tick what you already know"),
        "{profiled}"
    );
    assert!(
        profiled.contains("roadmap next --track beginners"),
        "{profiled}"
    );
    assert!(profiled.contains("AI Fundamentals"), "{profiled}");

    // Something ticked: the next steps, with the track and how far along it is.
    env.ok(&["done", "ai-terminology"]);
    let going = env.ok(&["status"]);
    assert!(!going.contains("Get started"), "{going}");
    assert!(going.contains("Next up"), "{going}");
    assert!(
        going.contains("Your track: beginners, 1/5 done  ·  roadmap next --track beginners"),
        "{going}"
    );
    for line in going.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }

    // A finished track is no longer offered.
    env.ok(&[
        "done",
        "chatgpt-use",
        "statistics",
        "probability",
        "ml-basics",
    ]);
    env.ok(&["done", "generative-ai-concepts", "responsible-ai"]);
    let past = env.ok(&["status"]);
    assert!(!past.contains("Your track"), "{past}");
}

#[test]
fn a_data_scientist_is_offered_the_data_science_track() {
    let env = TestEnv::new();
    env.ok(&["profile", "--background", "data-scientist"]);
    let out = env.ok(&["status"]);
    assert!(
        out.contains("roadmap next --track data-scientists"),
        "{out}"
    );
    assert!(!out.contains("roadmap profile --background"), "{out}");
}
