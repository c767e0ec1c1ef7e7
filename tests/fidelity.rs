//! Nothing a person wrote in the progress file is lost by a write (SPEC section 3):
//! CRLF files with multi-line notes, comments inside an item's table, records
//! and records moved from an old id.

mod common;

use common::TestEnv;

fn parse(text: &str) -> toml::Table {
    toml::from_str(text).unwrap_or_else(|e| panic!("not TOML ({e}):\n{text:?}"))
}

fn item<'a>(doc: &'a toml::Table, roadmap: &str, id: &str) -> Option<&'a toml::Table> {
    doc.get("roadmaps")?
        .get(roadmap)?
        .get("items")?
        .get(id)?
        .as_table()
}

/// Every `#` comment line of `text`, trimmed, in order.
fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.find('#').map(|at| l[at..].trim().to_string()))
        .collect()
}

#[test]
fn a_crlf_file_with_a_multi_line_note_stays_valid_crlf() {
    let env = TestEnv::new();
    env.write_progress("format = 1\r\n");
    env.ok(&["note", "python", "first line\nsecond line"]);
    env.ok(&["done", "python", "--on", "2026-10-01"]);
    env.ok(&["note", "python", "third\r\nfourth"]);
    let text = env.read_progress();
    assert!(!text.contains("\r\r"), "{text:?}");
    assert!(
        text.split("\r\n").all(|line| !line.contains('\n')),
        "every line ends in CRLF:\n{text:?}"
    );
    let doc = parse(&text);
    let python = item(&doc, "ai-engineer", "python").expect(&text);
    assert_eq!(python["note"].as_str(), Some("third\r\nfourth"));
    let show = env.json(&["show", "python", "--json"]);
    assert_eq!(show["note"], "third\r\nfourth");
    assert_eq!(show["done"], "2026-10-01");
    // And the next write still works on what was written.
    env.ok(&["done", "rag"]);
    parse(&env.read_progress());
}

#[test]
fn a_hand_written_multi_line_note_in_a_crlf_file_keeps_its_text() {
    let env = TestEnv::new();
    env.write_progress(
        "format = 1\r\n\r\n[roadmaps.ai-engineer.items.python]\r\nnote = \"\"\"\r\nline one\r\nline two\"\"\"\r\n",
    );
    let before = env.json(&["show", "python", "--json"])["note"].clone();
    env.ok(&["done", "python"]);
    let text = env.read_progress();
    assert!(!text.contains("\r\r"), "{text:?}");
    assert_eq!(env.json(&["show", "python", "--json"])["note"], before);
}

const COMMENTED: &str = "\
format = 1

# about python
[roadmaps.ai-engineer.items.python] # header
# above status
status = \"done\" # why done
# above the date
done = 2026-07-20 # the day
note = \"kept\" # about the note
# after the note

[roadmaps.ai-engineer.items.rag]
# above rag's status
status = \"started\" # because
started = 2026-08-01
";

#[test]
fn undo_and_skip_keep_every_comment_inside_an_item_table() {
    let env = TestEnv::new();
    env.write_progress(COMMENTED);
    env.ok(&["undo", "python", "rag"]);
    let text = env.read_progress();
    assert_eq!(comments(&text), comments(COMMENTED), "{text}");
    let doc = parse(&text);
    assert_eq!(
        item(&doc, "ai-engineer", "python").unwrap()["note"].as_str(),
        Some("kept")
    );
    assert!(
        item(&doc, "ai-engineer", "rag")
            .unwrap()
            .get("status")
            .is_none()
    );

    env.ok(&["skip", "rag"]);
    env.ok(&["start", "python"]);
    env.ok(&["undo", "rag"]);
    let text = env.read_progress();
    assert_eq!(comments(&text), comments(COMMENTED), "{text}");
    assert_eq!(env.json(&["show", "python", "--json"])["status"], "started");
}

const RENAMED: &str = "\
format: 1
id: renamed
title: Renamed
stages:
  - id: s
    title: S
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: retrieval, title: Retrieval, aliases: [old-rag] }
      - { id: other, title: Other }
";

#[test]
fn a_record_moved_from_an_old_id_keeps_unknown_keys_and_comments() {
    let env = TestEnv::new();
    env.install_user_roadmap("renamed.yaml", RENAMED);
    let original = "\
format = 1
roadmap = \"renamed\"

[profile]
start = 2026-05-01

# the one I liked
[roadmaps.renamed.items.old-rag] # renamed upstream
status = \"done\" # finally
done = 2026-05-01
note = \"before the rename\"
effort = 3 # hours, roughly
links = [\"https://example.com\"]
";
    env.write_progress(original);
    env.ok(&["done", "other"]);
    let text = env.read_progress();
    assert!(!text.contains("old-rag]"), "moved:\n{text}");
    assert_eq!(comments(&text), comments(original), "{text}");
    let doc = parse(&text);
    let moved = item(&doc, "renamed", "retrieval").expect(&text);
    assert_eq!(moved["status"].as_str(), Some("done"));
    assert_eq!(moved["note"].as_str(), Some("before the rename"));
    assert_eq!(moved["effort"].as_integer(), Some(3));
    assert_eq!(moved["links"][0].as_str(), Some("https://example.com"));
}

#[test]
fn a_record_under_both_ids_merges_without_losing_anything() {
    let env = TestEnv::new();
    env.install_user_roadmap("renamed.yaml", RENAMED);
    let original = "\
format = 1
roadmap = \"renamed\"

[profile]
start = 2026-05-01

[roadmaps.renamed.items.old-rag]
# from the old machine
status = \"started\"
started = 2026-05-02
effort = 3
tag = \"old\"

[roadmaps.renamed.items.retrieval]
status = \"done\"
done = 2026-06-01
tag = \"new\"
";
    env.write_progress(original);
    env.ok(&["done", "other"]);
    let text = env.read_progress();
    assert_eq!(comments(&text), comments(original), "{text}");
    let doc = parse(&text);
    let merged = item(&doc, "renamed", "retrieval").expect(&text);
    assert_eq!(merged["status"].as_str(), Some("done"));
    assert_eq!(merged["effort"].as_integer(), Some(3));
    assert_eq!(merged["tag"].as_str(), Some("new"));
    // The one key both had stays under the old id rather than being dropped.
    let rest = item(&doc, "renamed", "old-rag").expect(&text);
    assert_eq!(rest["tag"].as_str(), Some("old"));
    assert!(rest.get("status").is_none(), "{text}");
    assert_eq!(env.json(&["show", "retrieval", "--json"])["status"], "done");
}
