//! The built-in AI Engineer roadmap as a learner meets it: every item has something
//! to learn from and a test of when it is done, the topics of the field today are
//! there in the stage where they belong, and no progress recorded against an
//! earlier version of the roadmap is ever lost.

mod common;

use common::TestEnv;
use serde_json::Value;

/// Every item id of the roadmap as it was at 5335e40, frozen: learners have
/// progress files that name them.
const OLD_IDS: &str = include_str!("fixtures/roadmap/ai-engineer-ids-5335e40.txt");

fn old_ids() -> Vec<&'static str> {
    OLD_IDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// (id, stage id, kind) of every item, in roadmap order.
fn items(env: &TestEnv) -> Vec<(String, String, String)> {
    let doc = env.json(&["list", "--json"]);
    doc["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .flat_map(|s| {
            let stage = s["id"].as_str().unwrap().to_string();
            s["items"].as_array().unwrap().iter().map(move |i| {
                (
                    i["id"].as_str().unwrap().to_string(),
                    stage.clone(),
                    i["kind"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn the_built_in_roadmap_validates_without_a_warning() {
    let env = TestEnv::new();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/roadmap/ai-engineer.yaml");
    let doc = env.json(&["validate", "--json", path]);
    assert_eq!(doc["files"][0]["valid"], true, "{doc}");
    assert_eq!(doc["files"][0]["problems"], Value::Array(vec![]), "{doc}");
}

#[test]
fn every_item_has_a_summary_with_a_done_when_test_and_an_official_https_resource() {
    let env = TestEnv::new();
    let all = items(&env);
    assert!(all.len() > 87, "{} items", all.len());
    let mut problems = Vec::new();
    for (id, _, _) in &all {
        let item = env.json(&["show", id, "--json"]);
        let summary = item["summary"].as_str().unwrap_or("");
        if summary.len() < 60 {
            problems.push(format!("{id}: summary too short: {summary:?}"));
        }
        if !summary.contains("Done when") {
            problems.push(format!("{id}: the summary has no \"Done when\" test"));
        }
        let resources = item["resources"].as_array().expect("resources");
        if resources.is_empty() {
            problems.push(format!("{id}: no resource"));
        }
        for r in resources {
            let url = r["url"].as_str().unwrap_or("");
            let title = r["title"].as_str().unwrap_or("");
            if !url.starts_with("https://") || url.contains(' ') {
                problems.push(format!("{id}: not an https link: {url}"));
            }
            if title.trim().is_empty() {
                problems.push(format!("{id}: a resource without a title"));
            }
            // Pages their makers have retired or moved: the LangChain docs for
            // versions before 1.0, the old PyTorch docs host, Papers with Code.
            for retired in [
                "python.langchain.com",
                "pytorch.org/docs",
                "paperswithcode.com",
            ] {
                if url.contains(retired) && !url.contains("docs.pytorch.org") {
                    problems.push(format!("{id}: retired docs: {url}"));
                }
            }
            if url.contains("arxiv.org")
                && !url.starts_with("https://arxiv.org/abs/")
                && !url.starts_with("https://arxiv.org/list/")
            {
                problems.push(format!("{id}: link to a paper's abstract page: {url}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_topics_of_the_field_today_are_in_the_stage_where_a_learner_meets_them() {
    let env = TestEnv::new();
    let all = items(&env);
    let stage_of = |id: &str| {
        all.iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, s, _)| s.as_str())
            .unwrap_or_else(|| panic!("no item `{id}`"))
    };
    let early = ["foundations", "advanced"];
    for id in [
        "tool-use",
        "mcp",
        "agents",
        "agent-frameworks",
        "context-engineering",
        "agent-project",
        "vision-models",
        "image-generation",
        "speech",
        "model-landscape",
        "local-models",
        "coding-assistants",
        "tokens-and-cost",
        "reasoning-models",
        "guardrails",
        "llm-observability",
    ] {
        assert!(
            early.contains(&stage_of(id)),
            "`{id}` is in {}",
            stage_of(id)
        );
    }
    assert_eq!(stage_of("red-teaming"), "professional");
    // Every stage has a project of its own.
    for stage in ["foundations", "advanced", "professional", "senior"] {
        assert!(
            all.iter().any(|(_, s, k)| s == stage && k == "project"),
            "no project in {stage}"
        );
    }
}

#[test]
fn a_progress_file_with_every_old_id_loses_nothing() {
    let env = TestEnv::new();
    let ids = old_ids();
    assert_eq!(ids.len(), 87);
    let mut text =
        String::from("format = 1\nroadmap = \"ai-engineer\"\n\n[profile]\nstart = 2026-01-05\n");
    for id in &ids {
        text.push_str(&format!(
            "\n[roadmaps.ai-engineer.items.{id}]\nstatus = \"done\"\ndone = 2026-03-02\n# kept: {id}\n"
        ));
    }
    env.write_progress(&text);

    let done_count = |env: &TestEnv| {
        let doc = env.json(&["status", "--json"]);
        doc["summary"]["done"].as_u64().unwrap()
    };
    assert_eq!(done_count(&env), 87);
    let status = env.run(&["status"]);
    assert!(status.status.success());
    assert_eq!(
        String::from_utf8_lossy(&status.stderr),
        "",
        "no orphan warning"
    );
    // The one renamed item is named as such, and nothing is orphaned.
    let doctor = env.json(&["doctor", "--json"]);
    let problems: Vec<(&str, &str)> = doctor["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap(), p["id"].as_str().unwrap()))
        .collect();
    assert_eq!(problems, [("renamed", "context-management")], "{doctor}");
    // Each old id still names its item.
    for id in &ids {
        let item = env.json(&["show", id, "--json"]);
        assert_eq!(item["status"], "done", "`{id}`");
    }

    // The next write moves records found under an old id to the new one, keeping
    // what the learner wrote; nothing is counted twice or lost.
    env.ok(&["note", "python", "Packaged my scripts"]);
    let after = env.read_progress();
    assert!(!after.contains("items.context-management]"), "{after}");
    assert!(after.contains("items.context-engineering]"), "{after}");
    assert!(after.contains("# kept: context-management"), "{after}");
    assert_eq!(done_count(&env), 87);
    assert_eq!(
        env.json(&["doctor", "--json"])["problems"],
        Value::Array(vec![])
    );
}
