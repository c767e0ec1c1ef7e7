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

// ---------------------------------------------------------------------------
// Reading: the fast readers against the full one.

/// A value of `key` in one of the ways TOML writes it; now and then (three in
/// 256) one that a reader refuses, or that only the full reader parses.
fn value_text(key: &str, n: u8) -> String {
    let date = format!("2026-0{}-1{}", n % 9 + 1, n % 10);
    let (good, bad): (Vec<String>, Vec<String>) = match key {
        "status" => (
            vec![
                r#""done""#.into(),
                "'started'".into(),
                r#""skipped""#.into(),
                r#""todo""#.into(),
                r#""\u0064one""#.into(),
            ],
            vec![
                r#""finished""#.into(),
                "true".into(),
                r#""""done""""#.into(),
            ],
        ),
        "started" | "done" | "start" | "since" => (
            vec![
                date.clone(),
                date.clone(),
                format!("\"{date}\""),
                format!("'{date}'"),
            ],
            vec![
                "2026-02-30".into(),
                format!("{date}T10:00:00"),
                format!("{date} 10:00:00"),
                r#""soon""#.into(),
                "20260101".into(),
            ],
        ),
        "note" | "background" => (
            vec![
                r#""plain words""#.into(),
                r#""a \"quote\", a tab\t and é""#.into(),
                r#"'C:\path # not a comment'"#.into(),
                r#""""#.into(),
                "''".into(),
                r#""line\nbreak\r\u00e9\U0001F600""#.into(),
                "\"\"\"multi\nline\"\"\"".into(),
                "'''lit\nline'''".into(),
            ],
            vec![
                r#""esc \e""#.into(),
                "12".into(),
                r#""bad \q""#.into(),
                r#""open"#.into(),
            ],
        ),
        "hours_per_week" => (
            vec![
                "10".into(),
                "7.5".into(),
                "100.0".into(),
                "0.5".into(),
                "1e1".into(),
                "+8".into(),
                "1_0".into(),
            ],
            vec![
                "0".into(),
                "101".into(),
                "nan".into(),
                r#""10""#.into(),
                "010".into(),
            ],
        ),
        "earlier_paces" => (
            vec![
                format!(
                    "[{{ since = {date}, hours_per_week = 4 }}, {{hours_per_week=6.5,since=2026-01-01}}]"
                ),
                "[]".into(),
                format!("[\n  {{ since = {date}, hours_per_week = 4 }},\n]"),
            ],
            vec![
                format!("[{{ since = {date} }}]"),
                "[1]".into(),
                format!("[{{ since = {date}, hours_per_week = 4, x = 1 }}]"),
            ],
        ),
        "format" => (
            vec!["2".into(), "2".into(), "1".into()],
            vec!["3".into(), "0".into(), r#""2""#.into()],
        ),
        _ => (
            vec![format!("\"{n}\""), "[1, 2]".into(), "{ a = 1 }".into()],
            vec!["=".into()],
        ),
    };
    if n % 97 == 7 {
        bad[n as usize / 97 % bad.len()].clone()
    } else {
        good[n as usize % good.len()].clone()
    }
}

const RECORD_KEYS: [&str; 5] = ["status", "started", "done", "note", "effort"];
const PROFILE_KEYS: [&str; 6] = [
    "background",
    "hours_per_week",
    "start",
    "since",
    "earlier_paces",
    "theme",
];

/// Some keys of a table, in any order, each as `key = value` with a comment or
/// not; now and then a key twice.
fn pairs(keys: &[&str], picks: &[(u8, u8)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for &(k, v) in picks {
        let key = keys[k as usize % keys.len()];
        // An unknown key only now and then: it sends the file to the full reader.
        if (key == "effort" || key == "theme") && v % 4 != 0 {
            continue;
        }
        if out.iter().any(|(k, _)| k == key) && v % 8 != 0 {
            continue;
        }
        out.push((key.to_string(), value_text(key, v)));
    }
    out
}

fn sep(n: u8) -> &'static str {
    ["", " ", "\t", "  "][n as usize % 4]
}

fn comment(n: u8) -> &'static str {
    ["", "", " # why", "\t#", "  # é # twice"][n as usize % 5]
}

/// One record of `id` under roadmap `rm` in one of the layouts people write.
fn hand_record(rm: &str, id: &str, style: u8, picks: &[(u8, u8)], n: u8) -> String {
    let fields = pairs(&RECORD_KEYS, picks);
    let mut out = String::new();
    if n.is_multiple_of(3) {
        out.push_str(&format!("# about {id}\n"));
    }
    match style % 4 {
        // A table of its own; keys in any order, comments inside.
        0 | 1 => {
            out.push_str(&format!(
                "[{}roadmaps{}.{}{rm}.items.{id}{}]{}\n",
                sep(n),
                sep(n / 2),
                sep(n / 3),
                sep(n),
                comment(n)
            ));
            for (i, (k, v)) in fields.iter().enumerate() {
                if i == 1 && n.is_multiple_of(2) {
                    out.push_str("  # inside the table\n\n");
                }
                out.push_str(&format!(
                    "{}{k}{}={}{v}{}\n",
                    sep(n / 5),
                    sep(n),
                    sep(n / 7),
                    comment((n / 3).wrapping_add(i as u8))
                ));
            }
        }
        // Dotted keys under the roadmap's items table.
        2 => {
            for (i, (k, v)) in fields.iter().enumerate() {
                out.push_str(&format!(
                    "{id}{}.{}{k} = {v}{}\n",
                    sep(n / 2),
                    sep(n / 3),
                    comment(n.wrapping_add(i as u8))
                ));
            }
        }
        // An inline table.
        _ => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}{}={}{v}", sep(n), sep(n / 2)))
                .collect();
            let inner = inner.join(&format!(",{}", sep(n / 3)));
            let pad = if inner.is_empty() { "" } else { " " };
            out.push_str(&format!("{id} = {{{pad}{inner}{pad}}}{}\n", comment(n)));
        }
    }
    out
}

/// A record: its id, its roadmap, its layout, its keys and values, and a seed.
type HandRecord = (u8, u8, u8, Vec<(u8, u8)>, u8);

#[derive(Debug, Clone)]
struct HandFile {
    format: u8,
    active: bool,
    profile: Option<(bool, Vec<(u8, u8)>)>,
    records: Vec<HandRecord>,
    crlf: bool,
    bom: bool,
    shuffle_headers: bool,
}

fn hand_file() -> impl Strategy<Value = HandFile> {
    (
        any::<u8>(),
        any::<bool>(),
        proptest::option::of((
            any::<bool>(),
            proptest::collection::vec((any::<u8>(), any::<u8>()), 0..6),
        )),
        proptest::collection::vec(
            (
                0u8..12,
                0u8..2,
                any::<u8>(),
                proptest::collection::vec((any::<u8>(), any::<u8>()), 0..6),
                any::<u8>(),
            ),
            0..14,
        ),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(format, active, profile, records, (crlf, bom, shuffle_headers))| HandFile {
                format,
                active,
                profile,
                records,
                crlf,
                bom,
                shuffle_headers,
            },
        )
}

fn render_hand(file: &HandFile) -> String {
    const IDS: [&str; 12] = [
        "statistics",
        "probability",
        "linear-algebra",
        "git-basics",
        "command-line",
        "python",
        "py",
        "rag",
        "gone-item",
        "2026-01-02",
        "x_y",
        "Caps",
    ];
    let mut out = String::from("# my progress\n");
    if !file.format.is_multiple_of(5) {
        out.push_str(&format!(
            "format = {}{}\n",
            value_text("format", file.format),
            comment(file.format)
        ));
    }
    if file.active {
        out.push_str("roadmap = \"ai-engineer\"\n");
    }
    let profile = file.profile.as_ref().map(|(shared, picks)| {
        let head = if *shared {
            "[profile]".to_string()
        } else {
            "[roadmaps.ai-engineer.profile]".to_string()
        };
        let mut text = format!("\n{head}\n");
        for (k, v) in pairs(&PROFILE_KEYS, picks) {
            text.push_str(&format!("{k} = {v}\n"));
        }
        text
    });
    if let Some(p) = &profile
        && !file.shuffle_headers
    {
        out.push_str(p);
    }
    // Records under each roadmap's items table (dotted and inline) first, then
    // the ones in tables of their own, so each table is written once.
    for rm in ["ai-engineer", "other"] {
        let mine: Vec<_> = file
            .records
            .iter()
            .filter(|r| (r.1 == 0) == (rm == "ai-engineer"))
            .collect();
        let grouped: Vec<_> = mine.iter().filter(|r| matches!(r.2 % 4, 2 | 3)).collect();
        if !grouped.is_empty() {
            out.push_str(&format!("\n[roadmaps.{rm}.items]\n"));
            for r in grouped {
                out.push_str(&hand_record(rm, IDS[r.0 as usize], r.2, &r.3, r.4));
            }
        }
        for r in mine.iter().filter(|r| matches!(r.2 % 4, 0 | 1)) {
            out.push('\n');
            out.push_str(&hand_record(rm, IDS[r.0 as usize], r.2, &r.3, r.4));
        }
    }
    if let Some(p) = &profile
        && file.shuffle_headers
    {
        out.push_str(p);
    }
    out.push_str("# the end");
    if !file.crlf || file.format.is_multiple_of(2) {
        out.push('\n');
    }
    if file.crlf {
        out = out.replace('\n', "\r\n");
    }
    if file.bom {
        out.insert(0, '\u{feff}');
    }
    out
}

/// The file as a reader gives it: what it holds, or the error it reports.
fn outcome(result: roadmap::error::Result<ProgressFile>) -> String {
    match result {
        Ok(file) => format!("{:?}", file.progress),
        Err(err) => format!("error: {}", err.render()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whichever reader takes a file, it reads what the full reader reads, or
    /// refuses it with the same error, line and column.
    #[test]
    fn every_layout_reads_as_the_full_reader_reads_it(file in hand_file()) {
        let text = render_hand(&file);
        let path = Path::new("progress.toml");
        let fast = ProgressFile::parse(path, text.clone());
        let full = ProgressFile::parse_with_document(path, text.clone());
        if let Ok(fast) = &fast
            && fast.read_by() != "document"
        {
            prop_assert!(!fast.is_changed(), "{} {:?}", fast.read_by(), text);
            let read = fast.text().into_owned();
            prop_assert_eq!(read.as_str(), text.as_str());
        }
        prop_assert_eq!(outcome(fast), outcome(full), "{}", text);
    }
}

/// The generated layouts mostly take the fast readers: the property above is not
/// one that only the full reader meets.
#[test]
fn most_generated_layouts_take_a_fast_reader() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut by = std::collections::BTreeMap::new();
    for _ in 0..1000 {
        let file = hand_file().new_tree(&mut runner).unwrap().current();
        let text = render_hand(&file);
        let reader = match ProgressFile::parse(Path::new("p.toml"), text) {
            Ok(file) => file.read_by(),
            Err(_) => "error",
        };
        *by.entry(reader).or_insert(0) += 1;
    }
    assert!(by.get("hand").copied().unwrap_or(0) > 150, "{by:?}");
    assert!(by.get("error").copied().unwrap_or(0) > 50, "{by:?}");
    assert!(by.get("document").copied().unwrap_or(0) > 50, "{by:?}");
}
