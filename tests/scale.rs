//! The 100,000-item case works end to end, through the real binary: a generated
//! roadmap (bench/generator.rs, the benchmark's own generator) with a progress
//! record for every item validates, `status`, `export` and `done` read it, and
//! what `done` writes is read back. Not timed: the speed bars live in bench/run.sh.
//!
//! A debug build takes most of the suite's time on this case, so `cargo test` skips it
//! (`#[ignore]`); `.ci/run` runs it in a release build:
//! `cargo test --release --locked --test scale -- --ignored`.

mod common;

#[path = "../bench/generator.rs"]
mod generator;

use common::TestEnv;

const ITEMS: usize = 100_000;

#[test]
#[ignore = "100k items: run in release, `cargo test --release --locked --test scale -- --ignored`"]
fn a_roadmap_of_100_000_items_works_end_to_end() {
    let generated = generator::generate(ITEMS, generator::DEFAULT_SEED);
    let mut env = TestEnv::new();
    env.today = generator::TODAY.to_string();
    let yaml = generated.roadmap_yaml();
    assert!(
        yaml.len() < 16 * 1024 * 1024,
        "the generated roadmap must stay under the 16 MiB limit: {} bytes",
        yaml.len()
    );
    let roadmap = env.write(
        &format!("config/roadmap/roadmaps/{}.yaml", generated.id),
        &yaml,
    );
    let progress = generated.progress_toml();
    env.write_progress(&progress);
    let roadmap = roadmap.to_str().unwrap();

    let out = env.ok(&["validate", roadmap]);
    assert!(out.contains("(10 stages, 100000 items)"), "{out}");

    // The first read parses the roadmap and fills the cache; the second uses it.
    let first = env.ok(&["status"]);
    assert!(
        first.contains("Generated roadmap (100000 items)"),
        "{first}"
    );
    assert_eq!(env.ok(&["status"]), first);

    let export = env.json(&["export", "--format", "json"]);
    let stages = export["stages"].as_array().unwrap();
    assert_eq!(stages.len(), generator::STAGES);
    let items: usize = stages
        .iter()
        .map(|s| s["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(items, ITEMS);
    let done = generated
        .records
        .iter()
        .filter(|r| r.status == generator::GenStatus::Done)
        .count();
    assert_eq!(export["summary"]["done"], done);

    // `done` changes that one record and nothing else in the file.
    let item = generated.started_item().to_string();
    let index = generated.items.iter().position(|i| i.id == item).unwrap();
    let started = generated.records[index].started.unwrap();
    let header = format!("[roadmaps.{}.items.{item}]\n", generated.id);
    let before = format!("{header}status = \"started\"\nstarted = {started}\n");
    let expected = progress.replacen(
        &before,
        &format!(
            "{header}status = \"done\"\nstarted = {started}\ndone = {}\n",
            generator::TODAY
        ),
        1,
    );
    assert!(progress.contains(&before));
    env.ok(&["done", &item]);
    let after = env.read_progress();
    assert!(
        after == expected,
        "`done {item}` changed more than its record (the file is {} bytes, {} expected)",
        after.len(),
        expected.len()
    );
    let export = env.json(&["export", "--format", "json"]);
    assert_eq!(export["summary"]["done"], done + 1);
}

/// A large roadmap's item lists are parsed in pieces (`roadmap::roadmap::pieces`):
/// on every roadmap at hand, written the ways YAML allows, the pieces give what
/// the whole-file parse gives (the roadmap and its warnings, or every problem),
/// and the generated roadmaps of the benchmark are cut, so the pieces are what a
/// large roadmap takes.
#[test]
fn a_roadmap_read_in_pieces_reads_as_the_whole_file() {
    let mut texts: Vec<(String, String)> = Vec::new();
    texts.push((
        "built-in".into(),
        include_str!("../roadmap/ai-engineer.yaml").to_string(),
    ));
    for entry in std::fs::read_dir("tests/fixtures/invalid").unwrap() {
        let path = entry.unwrap().path();
        texts.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    let generated = generator::generate(3_000, generator::DEFAULT_SEED).roadmap_yaml();
    texts.push(("generated".into(), generated.clone()));
    // The same texts written other ways: CRLF, comments and blank lines between
    // entries, quoted values with what looks like YAML inside, block scalars at
    // the top, entries indented under their key.
    let mut variants = Vec::new();
    for (name, text) in &texts {
        variants.push((format!("{name}, CRLF"), text.replace('\n', "\r\n")));
        variants.push((
            format!("{name}, comments"),
            text.replace("\n  - id:", "\n# a comment\n\n  - id:")
                .replace("\n- id:", "\n  # indented comment\n- id:"),
        ));
        variants.push((
            format!("{name}, quoted"),
            text.replacen("title: ", "title: \"a \\\"quote\\\" - id: x, [y] # z\"\n    summary: 'it''s: - id'\n    area: ", 3),
        ));
        variants.push((
            format!("{name}, block scalar at the top"),
            text.replacen(
                "\nstages:",
                "\nsource: |\n  - id: not an item\n    items:\n\nstages:",
                1,
            ),
        ));
        variants.push((
            format!("{name}, indented"),
            text.replace("\n  - ", "\n    - ")
                .replace("\n    ", "\n      "),
        ));
        variants.push((
            format!("{name}, open quote"),
            text.replacen("title: ", "title: \"open\n  - id: inside\"\n    x: ", 1),
        ));
    }
    texts.extend(variants);
    let mut cut = 0;
    let (mut used_up, mut again) = (0, 0);
    for (name, text) in &texts {
        let whole = roadmap::roadmap::parse(text.as_bytes());
        for per_piece in [1, 2, 7] {
            if let Some(pieces) = roadmap::roadmap::parse_in_pieces(text, per_piece) {
                cut += 1;
                assert_eq!(
                    format!("{pieces:?}"),
                    format!("{whole:?}"),
                    "{name}, {per_piece} items a piece"
                );
            }
            // Read using its text up, a roadmap is the one the whole file gives; a
            // problem anywhere, or a warning where they are wanted, sends it back to
            // the file, and a text that is not cut is parsed whole.
            for warnings in [true, false] {
                let owned = roadmap::roadmap::parse_owned_in_pieces(text, per_piece, warnings);
                let what = format!("{name}, {per_piece} items a piece, warnings {warnings}");
                match (&whole, owned) {
                    (Ok((roadmap, found)), Some(Ok((owned, none)))) => {
                        assert_eq!(&owned, roadmap, "{what}");
                        assert!(&none == found || (none.is_empty() && !warnings), "{what}");
                        used_up += 1;
                    }
                    (whole, None) => {
                        assert!(
                            whole
                                .as_ref()
                                .map_or(true, |(_, found)| warnings && !found.is_empty()),
                            "{what}: {whole:?}"
                        );
                        again += 1;
                    }
                    (whole, Some(owned)) => {
                        assert_eq!(format!("{owned:?}"), format!("{whole:?}"), "{what}")
                    }
                }
            }
        }
    }
    assert!(cut > 40, "only {cut} texts were cut");
    assert!(
        used_up > 40 && again > 20,
        "{used_up} used up, {again} read again"
    );
    assert!(
        roadmap::roadmap::parse_in_pieces(&generated, 1000).is_some(),
        "the generated roadmap is cut"
    );
}
