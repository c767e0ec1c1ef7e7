//! `roadmap new ID --from ROADMAP`: a roadmap of your own, started from a copy of
//! another; and `new` never hides a built-in roadmap.

mod common;

use common::{TINY, TestEnv};
use serde_json::Value;

fn ids(doc: &Value) -> Vec<String> {
    doc["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap().iter())
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_copy_of_the_built_in_roadmap_validates_and_keeps_every_item() {
    let env = TestEnv::new();
    let out = env.run(&["new", "my-ai", "--from", "ai-engineer"]);
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    let path = env.user_roadmaps().join("my-ai.yaml");
    assert!(
        err.contains(&format!("created {}", path.display())),
        "{err}"
    );
    assert!(err.contains("roadmap use my-ai"), "{err}");

    let doc = env.json(&["validate", "--json", path.to_str().unwrap()]);
    assert_eq!(doc["files"][0]["valid"], true, "{doc}");
    assert_eq!(doc["files"][0]["problems"], Value::Array(vec![]), "{doc}");

    let original = env.json(&["list", "--json"]);
    let copy = env.json(&["--roadmap", "my-ai", "list", "--json"]);
    assert_eq!(ids(&copy), ids(&original));
    assert_eq!(copy["roadmap"]["id"], "my-ai");
    assert_eq!(copy["roadmap"]["title"], "AI Engineer");
    // Everything else about an item came along: its summary, resources, tracks.
    let shown = |roadmap: &str| {
        let mut doc = env.json(&["--roadmap", roadmap, "show", "agents", "--json"]);
        doc.as_object_mut().unwrap().remove("tracks");
        doc
    };
    assert_eq!(shown("my-ai"), shown("ai-engineer"));
    let tracks = env.json(&["--roadmap", "my-ai", "show", "rag", "--json"])["tracks"].clone();
    assert_eq!(tracks, serde_json::json!(["developers"]));

    let listed = env.json(&["roadmaps", "--json"]);
    let mine = listed["roadmaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "my-ai")
        .expect("listed");
    assert_eq!(mine["items"], 103);
    assert_eq!(mine["source"], "user");

    // The file says what it is, keeps the original's comments inside, and not
    // the original's header.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(
            "# A copy of the roadmap `ai-engineer`, made by `roadmap new my-ai --from ai-engineer`."
        ),
        "{text}"
    );
    assert!(text.contains("\nid: my-ai\n"), "{text}");
    assert!(text.contains("      # math\n"), "comments inside are kept");
    assert!(!text.contains("The built-in AI Engineer roadmap"), "{text}");
    assert!(!text.contains("$schema=../schema/"), "{text}");
}

#[test]
fn the_copy_is_yours_to_change_and_the_original_stays_as_it_is() {
    let env = TestEnv::new();
    env.ok(&[
        "new",
        "my-ai",
        "--from",
        "ai-engineer",
        "--title",
        "My \"AI\" path",
    ]);
    let path = env.user_roadmaps().join("my-ai.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text
        .replace("        title: Statistics\n", "        title: Statistics for engineers\n")
        .replace(
            "  - id: senior\n",
            "  - id: research\n    title: Research\n    estimate: { min_months: 6, max_months: 12 }\n    items:\n      - { id: read-papers, title: Read a paper a week, requires: [research-tracking] }\n\n  - id: senior\n",
        );
    assert_ne!(changed, text);
    std::fs::write(&path, changed).unwrap();
    env.ok(&["validate", path.to_str().unwrap()]);

    env.ok(&["use", "my-ai"]);
    let status = env.ok(&["status"]);
    assert!(status.starts_with("My \"AI\" path"), "{status}");
    assert!(status.contains("0/104 items"), "{status}");
    let shown = env.json(&["show", "statistics", "--json"]);
    assert_eq!(shown["title"], "Statistics for engineers");
    // Progress is kept per roadmap: ticking the copy leaves the original alone.
    env.ok(&["done", "statistics"]);
    let original = env.json(&["--roadmap", "ai-engineer", "show", "statistics", "--json"]);
    assert_eq!(original["title"], "Statistics");
    assert_eq!(original["status"], "todo");
}

#[test]
fn copies_of_a_user_roadmap_and_of_a_file() {
    let env = TestEnv::new();
    let file = env.write("elsewhere/tiny.yaml", TINY);
    env.ok(&["new", "tiny-two", "--from", file.to_str().unwrap()]);
    let copy = env.json(&["--roadmap", "tiny-two", "list", "--json"]);
    assert_eq!(ids(&copy).len(), 5);
    env.ok(&["new", "tiny-three", "--from", "tiny-two"]);
    let copy = env.json(&["--roadmap", "tiny-three", "list", "--json"]);
    assert_eq!(ids(&copy).len(), 5);
    assert_eq!(copy["roadmap"]["title"], "Tiny roadmap");
}

#[test]
fn new_refuses_the_id_of_a_built_in_roadmap_and_says_how_to_copy_it() {
    let env = TestEnv::new();
    let before = env.tree();
    for args in [
        &["new", "ai-engineer"][..],
        &["new", "ai-engineer", "--from", "ai-engineer"],
        &["new", "ai-engineer", "--title", "Mine"],
    ] {
        let err = env.fails(2, args);
        assert!(
            err.contains("`ai-engineer` is the id of a built-in roadmap"),
            "{err}"
        );
        assert!(
            err.contains("`roadmap new my-ai --from ai-engineer`"),
            "{err}"
        );
    }
    assert_eq!(env.tree(), before, "nothing written");
    // The built-in one is still the one in use.
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["summary"]["total"], 103);
}

#[test]
fn a_copy_that_cannot_be_made_writes_nothing() {
    let env = TestEnv::new();
    let before = env.tree();
    let err = env.fails(2, &["new", "mine", "--from", "nope"]);
    assert!(err.contains("no roadmap has the id `nope`"), "{err}");
    let broken = env.write("broken.yaml", "format: 1\nid: broken\n");
    let err = env.fails(1, &["new", "mine", "--from", broken.to_str().unwrap()]);
    assert!(err.contains("broken.yaml"), "{err}");
    // Only the cache, which any reading command may write.
    let cache = env.root().join("cache");
    let mut after = env.tree();
    after.retain(|p| !p.ends_with("broken.yaml") && (!p.starts_with(&cache) || *p == cache));
    assert_eq!(after, before);

    // A second copy under the same id is refused; the first stays as it is.
    env.ok(&["new", "mine", "--from", "ai-engineer"]);
    let path = env.user_roadmaps().join("mine.yaml");
    let first = std::fs::read_to_string(&path).unwrap();
    let err = env.fails(2, &["new", "mine", "--from", "ai-engineer"]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn a_copy_points_editors_at_the_schema_when_it_is_there() {
    let env = TestEnv::new();
    let schema_text = env.ok(&["schema"]);
    env.write("config/roadmap/roadmap.schema.json", &schema_text);
    env.ok(&["new", "my-ai", "--from", "ai-engineer"]);
    let text = std::fs::read_to_string(env.user_roadmaps().join("my-ai.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../roadmap.schema.json\n"));
    assert_eq!(
        text.matches("yaml-language-server: $schema").count(),
        1,
        "{text}"
    );
}
