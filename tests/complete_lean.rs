//! `roadmap __complete` answers item ids from the ids at the start of the
//! roadmap's cache entry when it can, and loads the roadmap otherwise. Through the
//! real binary: with a cold cache (the whole load), a warm one (the ids alone), a
//! damaged one, and beside `--describe` (always the whole load), every kind of item
//! completion gives the same lines, whatever the layout of the progress file.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{Rng, TestEnv};

const KINDS: [&str; 4] = [
    "items",
    "items-todo",
    "items-not-started",
    "items-with-progress",
];

/// A roadmap `gen` whose ids sort in another order than the roadmap's, every
/// seventh item with an alias when `aliases`.
fn generated(n: usize, aliases: bool, rng: &mut Rng) -> (String, Vec<String>) {
    let words = ["zeta", "alpha", "mid", "b", "alpha-b"];
    let ids: Vec<String> = (0..n)
        .map(|k| format!("{}-{k}", words[rng.below(words.len())]))
        .collect();
    let mut yaml = String::from(
        "format: 1\nid: gen\ntitle: Generated\nhours_per_week: 10\nstages:\n  - id: one\n    title: One\n    estimate: { min_months: 1, max_months: 2 }\n    items:\n",
    );
    for (k, id) in ids.iter().enumerate() {
        let alias = if aliases && k % 7 == 0 {
            format!(", aliases: [old-{id}]")
        } else {
            String::new()
        };
        yaml.push_str(&format!("      - {{ id: {id}, title: Item {k}{alias} }}\n"));
    }
    (yaml, ids)
}

/// Progress for `gen` in the layouts people write by hand, the records given as
/// (key, status or "" for a note alone).
fn layouts(records: &[(String, &str)]) -> Vec<(&'static str, String)> {
    let head = "# mine\nformat = 2\nroadmap = \"gen\" # in use\n";
    let mut plain = String::from(head);
    let mut inline = format!("{head}\n[roadmaps.gen.items]\n");
    let mut dotted = String::from(head);
    for (key, status) in records {
        let line = match *status {
            "" => "note = \"later\"".to_string(),
            s => format!("status = \"{s}\""),
        };
        plain.push_str(&format!("\n[roadmaps.gen.items.{key}]\n{line}\n"));
        inline.push_str(&format!("{key} = {{ {line} }} # a comment\n"));
        dotted.push_str(&format!("# before\nroadmaps.gen.items.{key}.{line}\n"));
    }
    let crlf = inline.replace('\n', "\r\n");
    vec![
        ("plain", plain),
        ("inline tables", inline),
        ("dotted keys", dotted),
        ("inline tables, CRLF", crlf),
    ]
}

fn complete(env: &TestEnv, args: &[&str]) -> (Option<i32>, String, String) {
    let out = env
        .cmd()
        .arg("__complete")
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("binary runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn cache_dir(env: &TestEnv) -> PathBuf {
    env.root().join("cache").join("roadmap")
}

fn entry(env: &TestEnv) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache_dir(env).join("parsed"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    found.retain(|p| p.extension().is_some_and(|e| e == "bin"));
    assert_eq!(found.len(), 1, "{found:?}");
    found.pop().unwrap()
}

/// Every kind and prefix: the cold answer, the warm one and the ids of the
/// described one are the same lines, with nothing on stderr.
fn check(env: &TestEnv, prefixes: &[&str], what: &str) {
    for kind in KINDS {
        for &prefix in prefixes {
            let _ = std::fs::remove_dir_all(cache_dir(env));
            let cold = complete(env, &[kind, prefix]);
            let warm = complete(env, &[kind, prefix]);
            let described = complete(env, &[kind, prefix, "--describe"]);
            let ids: String = described
                .1
                .lines()
                .map(|l| format!("{}\n", l.split('\t').next().unwrap()))
                .collect();
            let at = format!("{what}, `{kind} {prefix}`");
            assert_eq!(cold.0, Some(0), "{at}: {}", cold.2);
            assert_eq!(cold.2, "", "{at}");
            assert_eq!(warm, cold, "{at}: the cached ids answer otherwise");
            assert_eq!(ids, cold.1, "{at}: the whole load answers otherwise");
        }
    }
}

#[test]
fn item_completion_is_the_same_cold_warm_and_described_in_every_layout() {
    let mut rng = Rng(0xC04D_1E7E_0001);
    for aliases in [false, true] {
        let env = TestEnv::new();
        let (yaml, ids) = generated(120, aliases, &mut rng);
        env.install_user_roadmap("gen.yaml", &yaml);
        let statuses = ["", "started", "done", "skipped"];
        let mut records: Vec<(String, &str)> = ids
            .iter()
            .filter_map(|id| match rng.below(5) {
                0 => None,
                k => Some((id.clone(), statuses[k - 1])),
            })
            .collect();
        // An orphan, and (with aliases) a record under an alias.
        records.push(("gone-item".to_string(), "done"));
        if aliases {
            records.push((format!("old-{}", ids[0]), "done"));
        }
        for (layout, text) in layouts(&records) {
            env.write_progress(&text);
            check(
                &env,
                &["", "a", "alpha-b", "z", "nothing"],
                &format!("aliases {aliases}, {layout}"),
            );
        }
    }
}

#[test]
fn item_completion_finds_the_roadmap_as_every_command_does() {
    let mut rng = Rng(0xC04D_1E7E_0002);
    let env = TestEnv::new();
    let (yaml, ids) = generated(40, false, &mut rng);
    // No progress file: the built-in roadmap.
    check(&env, &["", "p"], "built-in, no progress file");
    env.write_progress(
        "format = 2\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\n\n[roadmaps.ai-engineer.items.git-basics]\nstatus = \"started\"\n",
    );
    check(&env, &["", "p", "g"], "built-in");
    // By path, as the progress file and as the flag name it.
    let path = env.write("elsewhere/gen.yaml", &yaml);
    let records = vec![(ids[3].clone(), "done"), (ids[5].clone(), "started")];
    let (_, text) = &layouts(&records)[0];
    env.write_progress(&text.replace("\"gen\"", &format!("{:?}", path.display().to_string())));
    check(&env, &["", "a"], "by path");
    // A user roadmap whose file is not named after its id.
    env.install_user_roadmap("named-otherwise.yaml", &yaml);
    env.write_progress(text);
    check(&env, &["", "b"], "a user file named otherwise");
    // And one whose file name is an id it does not have: the load looks on.
    env.install_user_roadmap("gen.yml", &yaml.replace("id: gen\n", "id: other\n"));
    check(&env, &["", "m"], "a user file with another id");
}

#[test]
fn a_broken_progress_file_or_roadmap_offers_nothing_and_says_nothing() {
    let env = TestEnv::new();
    let mut rng = Rng(0xC04D_1E7E_0003);
    let (yaml, _) = generated(10, false, &mut rng);
    env.install_user_roadmap("gen.yaml", &yaml);
    env.write_progress("format = 2\nroadmap = \"gen\"\n");
    assert_ne!(complete(&env, &["items", ""]).1, "", "the cache is warm");
    for broken in [
        "format = 2\nroadmap = \"gen\"\n[roadmaps.gen.items.x\n",
        "format = 2\nroadmap = \"no-such-roadmap\"\n",
        "",
    ] {
        env.write_progress(broken);
        for kind in KINDS {
            assert_eq!(
                complete(&env, &[kind, ""]),
                (Some(0), String::new(), String::new()),
                "{broken:?}"
            );
        }
    }
}

/// The entry damaged anywhere, cut short or lengthened: the same answer, never a
/// panic, nothing on stderr.
#[test]
fn a_damaged_entry_never_changes_the_answer() {
    let env = TestEnv::new();
    let mut rng = Rng(0xC04D_1E7E_0004);
    let (yaml, ids) = generated(60, true, &mut rng);
    env.install_user_roadmap("gen.yaml", &yaml);
    let records: Vec<(String, &str)> = ids
        .iter()
        .step_by(3)
        .map(|id| (id.clone(), "done"))
        .collect();
    env.write_progress(&layouts(&records)[0].1);
    let truth = complete(&env, &["items-todo", ""]);
    let path = entry(&env);
    let good = std::fs::read(&path).unwrap();
    for round in 0..60 {
        let mut bad = good.clone();
        match round % 3 {
            0 => {
                // Mostly in the ids at the start, which is what completion reads.
                let at = rng.below(if round % 2 == 0 {
                    1200.min(bad.len())
                } else {
                    bad.len()
                });
                bad[at] ^= 1 << rng.below(8);
            }
            1 => bad.truncate(rng.below(bad.len())),
            _ => bad.extend((0..1 + rng.below(16)).map(|_| rng.next() as u8)),
        }
        std::fs::write(&path, &bad).unwrap();
        assert_eq!(complete(&env, &["items-todo", ""]), truth, "round {round}");
    }
}
