//! Edits on hand-written layouts (SPEC section 3): random progress files written
//! the many ways TOML allows (quoted keys, multi-line and literal strings, inline
//! and dotted tables, CRLF, a byte-order mark, comments everywhere) get an edit
//! through the library's progress change API, and a second parser (the `toml`
//! crate) checks the result: the same data as before plus the edit, every comment kept.

use std::path::Path;

use proptest::prelude::*;
use roadmap::progress::{ItemProgress, ProgressFile, Status};

fn builtin() -> &'static roadmap::roadmap::Roadmap {
    static ROADMAP: std::sync::OnceLock<roadmap::roadmap::Roadmap> = std::sync::OnceLock::new();
    ROADMAP.get_or_init(|| {
        roadmap::roadmap::parse(include_bytes!("../roadmap/ai-engineer.yaml"))
            .expect("the built-in roadmap is valid")
            .0
    })
}

/// One hand-written record of `id`, in one of several layouts, with a comment.
fn record(id: &'static str, style: u8, note: &'static str, n: usize) -> String {
    let comment = format!("# comment {n} on {id}");
    match style % 6 {
        0 => format!(
            "{comment}\n[roadmaps.ai-engineer.items.{id}] # head {n}\nstatus = \"done\" # tail {n}\ndone = 2026-01-0{}\n",
            n % 9 + 1
        ),
        1 => format!(
            "{comment}\n[roadmaps.\"ai-engineer\".items.\"{id}\"]\nstatus = 'started'\nnote = '''\n{note}\nline two'''\n"
        ),
        2 => format!(
            "{comment}\n[roadmaps.ai-engineer.items.{id}]\nstatus = \"done\"\nnote = \"\"\"\n{note}\\\n  continued\"\"\"\n# inside {n}\n"
        ),
        3 => format!(
            "{comment}\n[roadmaps.ai-engineer.items]\n{id} = {{ status = \"started\", started = 2026-02-0{} }}\n",
            n % 9 + 1
        ),
        4 => format!("{comment}\n[roadmaps.ai-engineer.items.{id}]\nstatus.x = 1 # odd but kept\n"),
        _ => format!(
            "{comment}\n[roadmaps.ai-engineer.items.{id}]\nstatus = \"skipped\"\nmine = [1, 2, # in an array {n}\n  3]\n"
        ),
    }
}

fn layout() -> impl Strategy<Value = String> {
    let ids = [
        "statistics",
        "probability",
        "linear-algebra",
        "git-basics",
        "command-line",
    ];
    (
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec((0usize..5, any::<u8>()), 0..5),
        prop::sample::select(vec!["plain", "with \\\"quotes\\\"", "tabs\\tand é"]),
    )
        .prop_map(move |(bom, crlf, records, note)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str("# my progress\nformat = 2 # the format\n\n");
            let mut seen = std::collections::HashSet::new();
            for (n, (i, style)) in records.into_iter().enumerate() {
                // One record per id; style 3 (a shared items table) at most once.
                if !seen.insert(ids[i])
                    || (style % 6 == 3 && !seen.insert("inline"))
                    || style % 6 == 4
                {
                    continue;
                }
                text.push_str(&record(ids[i], style, note, n));
            }
            text.push_str("# the end\n");
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

fn comments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .filter_map(|l| l.find("# ").map(|at| l[at..].trim_end().to_string()))
        .filter(|c| {
            c.starts_with("# comment")
                || c.starts_with("# head")
                || c.starts_with("# tail")
                || c.starts_with("# inside")
                || c.starts_with("# in an array")
                || c.starts_with("# my")
                || c.starts_with("# the")
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn an_edit_keeps_every_byte_a_person_wrote(text in layout(), which in 0usize..3) {
        let roadmap = builtin();
        let stripped = text.trim_start_matches('\u{feff}');
        let before: toml::Table = toml::from_str(stripped).expect("the layout is TOML");
        let mut file = ProgressFile::parse(Path::new("progress.toml"), text.clone())
            .unwrap_or_else(|e| panic!("{}\n{text}", e.render()));
        let target = ["python", "statistics", "git-basics"][which];
        let index = roadmap.item_index(target).unwrap();
        let record = ItemProgress { status: Status::Done, started: None, done: chrono::NaiveDate::from_ymd_opt(2026, 11, 30), note: Some("new".into()) };
        file.set_item(roadmap, index, &record);
        let after = file.text().into_owned();
        let mut now: toml::Table = toml::from_str(after.trim_start_matches('\u{feff}'))
            .unwrap_or_else(|e| panic!("not TOML after the edit: {e}\n{after}"));
        let items = now["roadmaps"]["ai-engineer"]["items"].as_table().unwrap();
        prop_assert_eq!(items[target]["status"].as_str(), Some("done"));
        prop_assert_eq!(items[target]["note"].as_str(), Some("new"));
        // Everything else as it was.
        let mut expected = before.clone();
        let strip = |t: &mut toml::Table| {
            if let Some(items) = t.get_mut("roadmaps").and_then(|r| r.get_mut("ai-engineer")).and_then(|r| r.get_mut("items")).and_then(|i| i.as_table_mut()) {
                items.remove(target);
            }
        };
        strip(&mut expected);
        strip(&mut now);
        let prune = |t: &mut toml::Table| {
            if let Some(ai) = t.get_mut("roadmaps").and_then(|r| r.get_mut("ai-engineer")).and_then(|r| r.as_table_mut()) {
                ai.remove("profile");
                if ai.get("items").and_then(|i| i.as_table()).is_some_and(|i| i.is_empty()) { ai.remove("items"); }
            }
            if let Some(r) = t.get_mut("roadmaps").and_then(|r| r.as_table_mut())
                && r.get("ai-engineer").and_then(|a| a.as_table()).is_some_and(|a| a.is_empty())
            {
                r.remove("ai-engineer");
            }
            if t.get("roadmaps").and_then(|r| r.as_table()).is_some_and(|r| r.is_empty()) { t.remove("roadmaps"); }
        };
        prune(&mut expected);
        prune(&mut now);
        prop_assert_eq!(format!("{:?}", expected), format!("{:?}", now), "{}", after);
        // Every comment kept.
        prop_assert_eq!(comments(&text), comments(&after), "{}", after);
    }
}
