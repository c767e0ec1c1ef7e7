//! Properties that hold for any input, checked on random cases (SPEC sections 2,
//! 3, 4 and 8):
//! - a random sequence of `done`, `start`, `skip`, `undo` and `note`, run through
//!   the real binary, leaves exactly the progress a simple model predicts, and the
//!   file on disk parses back to it after every command;
//! - `export` (JSON or TOML) then `import` into an empty progress file gives back
//!   the same progress, and importing it again changes nothing;
//! - a valid roadmap mutated at random (keys deleted, duplicated, renamed, ids
//!   changed, values swapped) never panics or hangs the validator: it yields a
//!   valid roadmap or at least one error.
//!
//! Case counts are kept small enough for the normal test suite; raise them with
//! `PROPTEST_CASES=...` for a longer search.

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use common::TestEnv;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use roadmap::progress::{ItemProgress, Profile, ProgressFile, Status};
use roadmap::roadmap::Roadmap;

/// The roadmap the command properties run on: two stages, an alias, titles that
/// share prefixes.
const ROADMAP: &str = "\
format: 1
id: props
title: Property roadmap
backgrounds:
  - id: dev
    title: Developer
stages:
  - id: basics
    title: Basics
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: alpha, title: Alpha skill, aliases: [old-alpha] }
      - { id: beta, title: Beta skill, requires: [alpha] }
      - { id: gamma, title: Gamma project, kind: project }
  - id: more
    title: More
    estimate: { min_months: 1, max_months: 3 }
    items:
      - { id: delta, title: Delta skill, weight: 3 }
      - { id: epsilon, title: Epsilon }
tracks:
  - { id: quick, title: Quick, for: [dev], items: [alpha, delta] }
";

/// A hand-written start: a comment and an orphan that every write must keep.
const START: &str = "\
# my progress, by hand
format = 1

[roadmaps.props.items.gone-item] # the roadmap dropped this one
status = \"done\"
done = 2025-05-05
";

/// `$PROPTEST_CASES` when set, else the count the normal suite runs.
fn cases(normal: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(normal)
}

fn roadmap() -> Roadmap {
    roadmap::roadmap::parse(ROADMAP.as_bytes())
        .expect("the property roadmap is valid")
        .0
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").unwrap()
}

fn env_with_roadmap() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    let path = env.write("props.yaml", ROADMAP);
    (env, path)
}

/// Run the binary; fail the case (not panic) on a non-zero exit.
fn run_ok(env: &TestEnv, args: &[String]) -> Result<String, TestCaseError> {
    let out = env
        .cmd()
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    prop_assert!(
        out.status.success(),
        "`roadmap {}` exited {:?}:\n{stderr}",
        args.join(" "),
        out.status.code()
    );
    prop_assert!(!stderr.contains("panicked"), "{stderr}");
    Ok(stderr)
}

/// Records for ids the roadmap does not have, by key.
type Orphans = Vec<(String, ItemProgress)>;

/// The progress file on disk, parsed, as the roadmap's records and its orphans,
/// with the text.
fn on_disk(
    path: &Path,
    roadmap: &Roadmap,
) -> Result<(Vec<ItemProgress>, Orphans, String), TestCaseError> {
    let text = std::fs::read_to_string(path).expect("the progress file exists");
    let file = ProgressFile::parse(path, text.clone())
        .map_err(|e| TestCaseError::fail(format!("{}\n{text}", e.render())))?;
    let view = file.progress.for_roadmap(roadmap);
    Ok((view.items, view.orphans, text))
}

// ---------------------------------------------------------------------------
// Command sequences against a model.

#[derive(Debug, Clone)]
enum Op {
    Done {
        item: usize,
        on: Option<NaiveDate>,
        note: Option<String>,
    },
    Start {
        item: usize,
        on: Option<NaiveDate>,
    },
    Skip {
        item: usize,
    },
    Undo {
        item: usize,
    },
    Note {
        item: usize,
        text: String,
    },
}

/// How to name an item on the command line: by id, alias, title or prefix.
fn reference(roadmap: &Roadmap, item: usize, style: u8) -> String {
    let it = &roadmap.items[item];
    match style % 4 {
        0 => it.id.clone(),
        1 => it.aliases.first().cloned().unwrap_or_else(|| it.id.clone()),
        2 => it.title.to_uppercase(),
        // Each id's first three letters are unique in this roadmap.
        _ => it.id[..3].to_string(),
    }
}

fn date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let span = (today() - first).num_days() as u64;
    (0..=span).prop_map(move |d| first + chrono::Days::new(d))
}

/// Note text: quotes, backslashes, TOML syntax, non-ASCII, newlines and control
/// characters, anything a shell can pass.
fn note() -> impl Strategy<Value = String> {
    r#"[a-z0-9 "'\\#=\[\]{}.é漢\n\r\t\x07\x1b-]{0,12}"#
}

fn op(items: usize) -> impl Strategy<Value = Op> {
    let item = 0..items;
    prop_oneof![
        (
            item.clone(),
            proptest::option::of(date()),
            proptest::option::of(note())
        )
            .prop_map(|(item, on, note)| Op::Done { item, on, note }),
        (item.clone(), proptest::option::of(date())).prop_map(|(item, on)| Op::Start { item, on }),
        item.clone().prop_map(|item| Op::Skip { item }),
        item.clone().prop_map(|item| Op::Undo { item }),
        (item, note()).prop_map(|(item, text)| Op::Note { item, text }),
    ]
}

fn args(roadmap: &Roadmap, path: &Path, op: &Op, style: u8) -> Vec<String> {
    let mut args = vec!["--roadmap".to_string(), path.display().to_string()];
    let name = |item: usize| reference(roadmap, item, style);
    match op {
        Op::Done { item, on, note } => {
            args.extend(["done".into(), name(*item)]);
            if let Some(on) = on {
                args.extend(["--on".into(), on.to_string()]);
            }
            if let Some(note) = note {
                args.push(format!("--note={note}"));
            }
        }
        Op::Start { item, on } => {
            args.extend(["start".into(), name(*item)]);
            if let Some(on) = on {
                args.extend(["--on".into(), on.to_string()]);
            }
        }
        Op::Skip { item } => args.extend(["skip".into(), name(*item)]),
        Op::Undo { item } => args.extend(["undo".into(), name(*item)]),
        Op::Note { item, text } => {
            args.extend(["note".into(), "--".into(), name(*item), text.clone()]);
        }
    }
    args
}

/// The model: SPEC section 4, one record at a time.
fn apply(model: &mut [ItemProgress], op: &Op, today: NaiveDate) {
    match op {
        Op::Done { item, on, note } => {
            let r = &mut model[*item];
            if let Some(note) = note {
                r.note = (!note.is_empty()).then(|| note.clone());
            }
            // Already done: the date stays unless another one is given.
            let already =
                r.status == Status::Done && r.done.is_some() && (on.is_none() || *on == r.done);
            if !already {
                let when = on.unwrap_or(today);
                r.status = Status::Done;
                r.done = Some(when);
                if r.started.is_some_and(|s| s > when) {
                    r.started = Some(when);
                }
            }
        }
        Op::Start { item, on } => {
            let r = &mut model[*item];
            if matches!(r.status, Status::Todo | Status::Skipped) {
                r.status = Status::Started;
                r.started = Some(on.unwrap_or(today));
                r.done = None;
            }
        }
        Op::Skip { item } => {
            let r = &mut model[*item];
            // SPEC section 4: skip of a done item changes nothing.
            if !matches!(r.status, Status::Skipped | Status::Done) {
                r.status = Status::Skipped;
                r.done = None;
            }
        }
        Op::Undo { item } => {
            let r = &mut model[*item];
            if r.status != Status::Todo {
                r.status = Status::Todo;
                r.started = None;
                r.done = None;
            }
        }
        Op::Note { item, text } => {
            let text = text.trim_end_matches(['\n', '\r']);
            model[*item].note = (!text.is_empty()).then(|| text.to_string());
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(48), max_shrink_iters: 64, ..Config::default() })]

    #[test]
    fn command_sequences_match_the_model(
        ops in proptest::collection::vec((op(5), any::<u8>()), 1..10)
    ) {
        let roadmap = roadmap();
        let (env, path) = env_with_roadmap();
        env.write_progress(START);
        let (_, orphans, _) = on_disk(&env.progress(), &roadmap)?;
        let mut model = vec![ItemProgress::default(); roadmap.items.len()];
        for (op, style) in &ops {
            run_ok(&env, &args(&roadmap, &path, op, *style))?;
            apply(&mut model, op, today());
            let (items, now_orphans, text) = on_disk(&env.progress(), &roadmap)?;
            prop_assert_eq!(&items, &model, "after {:?}\n{}", op, text);
            prop_assert_eq!(&now_orphans, &orphans, "the orphan was touched\n{}", text);
            prop_assert!(text.starts_with("# my progress, by hand\n"), "{}", text);
        }
    }
}

// ---------------------------------------------------------------------------
// export -> import.

fn record() -> impl Strategy<Value = ItemProgress> {
    let status = prop_oneof![
        Just(Status::Todo),
        Just(Status::Started),
        Just(Status::Done),
        Just(Status::Skipped),
    ];
    (
        status,
        proptest::option::of(date()),
        proptest::option::of(date()),
        proptest::option::of(note()),
    )
        .prop_map(|(status, started, done, note)| ItemProgress {
            status,
            started,
            done,
            note,
        })
}

/// Progress on any item, plus orphans under keys the roadmap does not have
/// (some of them need quoting in TOML).
fn progress() -> impl Strategy<Value = (Vec<Option<ItemProgress>>, Orphans)> {
    (
        proptest::collection::vec(proptest::option::of(record()), 5),
        proptest::collection::vec(
            (
                r"(zz-[a-z0-9-]{0,8}|Odd key [a-z.]{0,4}|é[a-z]{0,3})",
                record(),
            ),
            0..3,
        ),
    )
}

fn progress_text(
    roadmap: &Roadmap,
    items: &[Option<ItemProgress>],
    orphans: &[(String, ItemProgress)],
) -> String {
    let mut file = ProgressFile::new_empty(Path::new("progress.toml"));
    file.set_profile(
        &roadmap.id,
        &Profile {
            background: Some("dev".into()),
            hours_per_week: Some(6.5),
            start: NaiveDate::from_ymd_opt(2024, 2, 29),
            ..Profile::default()
        },
    );
    for (i, record) in items.iter().enumerate() {
        if let Some(record) = record.as_ref().filter(|r| !r.is_empty()) {
            file.set_item(roadmap, i, record);
        }
    }
    for (key, record) in orphans {
        if !record.is_empty() {
            file.set_raw_item(&roadmap.id, key, record);
        }
    }
    file.render()
}

fn sorted(mut orphans: Orphans) -> Orphans {
    orphans.sort_by(|a, b| a.0.cmp(&b.0));
    orphans
}

proptest! {
    #![proptest_config(Config { cases: cases(32), max_shrink_iters: 64, ..Config::default() })]

    #[test]
    fn export_then_import_is_the_identity((items, orphans) in progress()) {
        let roadmap = roadmap();
        let (source, path) = env_with_roadmap();
        let path = path.display().to_string();
        source.write_progress(&progress_text(&roadmap, &items, &orphans));
        let (want_items, want_orphans, _) = on_disk(&source.progress(), &roadmap)?;

        for format in ["json", "toml"] {
            let export = source.root().join(format!("export.{format}"));
            let export = export.display().to_string();
            run_ok(&source, &[
                "--roadmap".into(), path.clone(), "export".into(),
                "--format".into(), format.into(), "-o".into(), export.clone(),
            ])?;

            let (target, _) = env_with_roadmap();
            let import = ["--roadmap".to_string(), path.clone(), "import".into(), export.clone()];
            run_ok(&target, &import)?;
            if want_items.iter().all(ItemProgress::is_empty) && want_orphans.is_empty() {
                prop_assert!(!target.progress().exists(), "nothing to import, yet a file");
                continue;
            }
            let (got_items, got_orphans, text) = on_disk(&target.progress(), &roadmap)?;
            prop_assert_eq!(&got_items, &want_items, "{} import\n{}", format, text);
            prop_assert_eq!(
                sorted(got_orphans),
                sorted(want_orphans.clone()),
                "{} import\n{}", format, text
            );

            // Importing the same file again finds nothing new and writes nothing.
            let stderr = run_ok(&target, &import)?;
            prop_assert!(stderr.contains("nothing to import"), "{}", stderr);
            prop_assert_eq!(target.read_progress(), text);
        }
    }
}

// ---------------------------------------------------------------------------
// Mutated roadmaps.

#[derive(Debug, Clone)]
enum Mutation {
    DeleteKey,
    DuplicateEntry,
    RenameKey(String),
    SetId(String),
    SwapValues(usize),
    SetValue(serde_yaml::Value),
}

/// Keys a roadmap has, and near misses.
const KEYS: &[&str] = &[
    "format",
    "id",
    "title",
    "summary",
    "source",
    "hours_per_week",
    "overall",
    "min_months",
    "max_months",
    "backgrounds",
    "extra_months",
    "stages",
    "estimate",
    "items",
    "kind",
    "area",
    "weight",
    "requires",
    "aliases",
    "resources",
    "url",
    "tracks",
    "for",
    "wieght",
    "Title",
    "item",
    "basics",
    "more",
    "",
];

/// Ids from the roadmap, ids that are not valid, and the empty id (which once
/// hung the validator: docs/hostile-input.md, finding 1).
const IDS: &[&str] = &[
    "props",
    "dev",
    "basics",
    "more",
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "old-alpha",
    "quick",
    "Bad Id",
    "-x",
    "x_y",
    "é",
    "",
];

fn scalar() -> impl Strategy<Value = serde_yaml::Value> {
    use serde_yaml::Value;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        prop_oneof![
            Just(-1.0),
            Just(0.0),
            Just(1e308),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(0.5)
        ]
        .prop_map(|f| Value::Number(f.into())),
        r"[a-z \x1b-]{0,6}".prop_map(Value::String),
        Just(Value::Sequence(vec![])),
        Just(Value::Mapping(Default::default())),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::DeleteKey),
        Just(Mutation::DuplicateEntry),
        proptest::sample::select(KEYS).prop_map(|k| Mutation::RenameKey(k.to_string())),
        proptest::sample::select(IDS).prop_map(|k| Mutation::SetId(k.to_string())),
        any::<usize>().prop_map(Mutation::SwapValues),
        scalar().prop_map(Mutation::SetValue),
    ]
}

/// A step into a YAML tree: a mapping key or a sequence index.
#[derive(Debug, Clone)]
enum Step {
    Key(serde_yaml::Value),
    Index(usize),
}

/// Every node's path, root first.
fn paths(value: &serde_yaml::Value) -> Vec<Vec<Step>> {
    fn walk(value: &serde_yaml::Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        match value {
            serde_yaml::Value::Mapping(map) => {
                for (k, v) in map {
                    here.push(Step::Key(k.clone()));
                    walk(v, here, out);
                    here.pop();
                }
            }
            serde_yaml::Value::Sequence(seq) => {
                for (i, v) in seq.iter().enumerate() {
                    here.push(Step::Index(i));
                    walk(v, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node<'v>(root: &'v mut serde_yaml::Value, path: &[Step]) -> Option<&'v mut serde_yaml::Value> {
    let mut here = root;
    for step in path {
        here = match (step, here) {
            (Step::Key(k), serde_yaml::Value::Mapping(map)) => map.get_mut(k)?,
            (Step::Index(i), serde_yaml::Value::Sequence(seq)) => seq.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(here)
}

/// Apply one mutation at the node `pick` chooses; returns false when it did not fit.
fn mutate(root: &mut serde_yaml::Value, mutation: &Mutation, pick: usize) -> bool {
    use serde_yaml::Value;
    let all = paths(root);
    let path = all[pick % all.len()].clone();
    match mutation {
        Mutation::DeleteKey | Mutation::DuplicateEntry | Mutation::RenameKey(_) => {
            let Some((last, parent)) = path.split_last() else {
                return false;
            };
            let Some(parent) = node(root, parent) else {
                return false;
            };
            match (mutation, last, parent) {
                (Mutation::DeleteKey, Step::Key(k), Value::Mapping(map)) => map.remove(k).is_some(),
                (Mutation::DeleteKey, Step::Index(i), Value::Sequence(seq)) => {
                    seq.remove(*i);
                    true
                }
                (Mutation::DuplicateEntry, Step::Index(i), Value::Sequence(seq)) => {
                    let copy = seq[*i].clone();
                    seq.insert(*i, copy);
                    true
                }
                (Mutation::RenameKey(new), Step::Key(k), Value::Mapping(map)) => {
                    match map.remove(k) {
                        Some(v) => {
                            map.insert(Value::String(new.clone()), v);
                            true
                        }
                        None => false,
                    }
                }
                _ => false,
            }
        }
        Mutation::SetId(id) => {
            // The nearest `id` at or above the picked node.
            for len in (0..=path.len()).rev() {
                if let Some(Value::Mapping(map)) = node(root, &path[..len])
                    && let Some(slot) = map.get_mut("id")
                {
                    *slot = Value::String(id.clone());
                    return true;
                }
            }
            false
        }
        Mutation::SwapValues(other) => {
            let other = all[other % all.len()].clone();
            let (Some(a), Some(b)) = (node(root, &path).cloned(), node(root, &other).cloned())
            else {
                return false;
            };
            // Swapping a node with one inside it would lose the tree; write both copies.
            if let Some(slot) = node(root, &path) {
                *slot = b;
            }
            if let Some(slot) = node(root, &other) {
                *slot = a;
            }
            true
        }
        Mutation::SetValue(value) => match node(root, &path) {
            Some(slot) if !path.is_empty() => {
                *slot = value.clone();
                true
            }
            _ => false,
        },
    }
}

/// `roadmap::roadmap::parse` on another thread, failing the case if it takes
/// longer than any honest run could (a hang guard, not a timing check).
fn parse_guarded(text: String) -> Result<roadmap::roadmap::Checked, TestCaseError> {
    let (send, receive) = mpsc::channel();
    let copy = text.clone();
    std::thread::spawn(move || {
        let _ = send.send(roadmap::roadmap::parse(copy.as_bytes()));
    });
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(checked) => Ok(checked),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "the validator hangs on:\n{text}"
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(TestCaseError::fail(format!(
            "the validator panicked on:\n{text}"
        ))),
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(1000), max_shrink_iters: 256, ..Config::default() })]

    #[test]
    fn mutated_roadmaps_are_valid_or_refused(
        base in proptest::sample::select(&[ROADMAP, common::TINY][..]),
        mutations in proptest::collection::vec((mutation(), any::<usize>()), 1..5)
    ) {
        let mut tree: serde_yaml::Value = serde_yaml::from_str(base).unwrap();
        let mut applied = 0;
        for (mutation, pick) in &mutations {
            applied += usize::from(mutate(&mut tree, mutation, *pick));
        }
        let text = serde_yaml::to_string(&tree).unwrap();
        let lines = text.lines().count();
        match parse_guarded(text.clone())? {
            Ok((roadmap, warnings)) => {
                prop_assert!(warnings.iter().all(|w| !w.is_error()), "{:?}", warnings);
                for (i, item) in roadmap.items.iter().enumerate() {
                    prop_assert!(roadmap::roadmap::is_valid_id(&item.id), "{}", item.id);
                    prop_assert_eq!(roadmap.item_index(&item.id), Some(i));
                    prop_assert!(item.requires.iter().all(|&r| r < roadmap.items.len()));
                    prop_assert!(item.weight >= 1);
                }
                for stage in &roadmap.stages {
                    prop_assert!(stage.estimate.min_months <= stage.estimate.max_months);
                }
                prop_assert!(roadmap.hours_per_week > 0.0);
            }
            Err(problems) => {
                prop_assert!(problems.iter().any(|p| p.is_error()), "{:?}", problems);
                for p in &problems {
                    prop_assert!(!p.message.is_empty());
                    prop_assert!(
                        p.line.is_none_or(|l| l >= 1 && l <= lines + 1),
                        "line {:?} of {} in {:?}\n{}", p.line, lines, p.message, text
                    );
                }
            }
        }
        // Without a mutation that took, the roadmap is the valid one it was.
        if applied == 0 {
            prop_assert!(roadmap::roadmap::parse(text.as_bytes()).is_ok());
        }
    }
}
