//! `roadmap __complete WHAT [PREFIX]`: candidates for the completion scripts, one per
//! line (with `--describe`: the id, a tab, and its title, for zsh and fish).
//!
//! It reads the roadmap in use exactly as any command does, so `--roadmap` and
//! `--progress` typed before it count. A missing or broken file offers nothing
//! rather than an error: a completion must never print over the command line.
//!
//! Item ids, the completion a shell asks for most, are answered from the ids at
//! the start of the roadmap's cache entry when it holds them ([`lean_items`]):
//! the progress file is read as always, the roadmap not at all. Anything that
//! path does not answer goes the whole way, through [`Ctx::load_roadmap`].

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::cli::{CompleteArgs, What};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::progress::{ItemProgress, ProgressFile, Status};
use crate::roadmap::cache::{self, ItemIds, Key};
use crate::roadmap::catalog::{self, Loaded};

pub fn run(ctx: &Ctx, args: &CompleteArgs, out: &mut dyn Write) -> Result<()> {
    let Some(what) = What::from_name(&args.what) else {
        let names: Vec<&str> = What::ALL.iter().map(|w| w.name()).collect();
        return Err(Error::usage(format!(
            "`{}` is not something to complete; use one of {}",
            args.what,
            names.join(", ")
        )));
    };
    if let (false, Some(keep), Some(dir)) = (args.describe, item_filter(what), cache::dir()) {
        // Completion must never fail loudly: a broken file just offers nothing.
        let Ok(progress) = ctx.read_progress() else {
            return Ok(());
        };
        // The process ends with the answer: freeing the records one allocation at
        // a time would cost more than the answer does.
        let progress: &ProgressFile = Box::leak(Box::new(progress));
        if let Some((ids, statuses)) = lean_items(ctx, progress, dir) {
            for (id, status) in ids.iter().zip(statuses) {
                if keep(status) && id.starts_with(&args.prefix) {
                    out.write_all(id.as_bytes())?;
                    out.write_all(b"\n")?;
                }
            }
            return Ok(());
        }
        let Ok(loaded) = ctx.load_roadmap(progress) else {
            return Ok(());
        };
        let loaded: &Loaded = Box::leak(Box::new(loaded));
        return write(ctx, args, items(progress, loaded, keep), out);
    }
    write(ctx, args, candidates(ctx, what), out)
}

fn write(
    ctx: &Ctx,
    args: &CompleteArgs,
    candidates: Vec<(String, String)>,
    out: &mut dyn Write,
) -> Result<()> {
    for (id, title) in candidates {
        if !id.starts_with(&args.prefix) {
            continue;
        }
        if args.describe {
            writeln!(out, "{id}\t{}", ctx.ui.text(&title))?;
        } else {
            writeln!(out, "{id}")?;
        }
    }
    Ok(())
}

/// Which statuses an item completion offers; `None` for what is not an item.
fn item_filter(what: What) -> Option<fn(Status) -> bool> {
    Some(match what {
        What::Items => |_| true,
        What::ItemsTodo => |s| matches!(s, Status::Todo | Status::Started),
        What::ItemsNotStarted => |s| matches!(s, Status::Todo | Status::Skipped),
        What::ItemsWithProgress => |s| s != Status::Todo,
        What::Stages | What::Tracks | What::Backgrounds | What::Roadmaps => return None,
    })
}

/// `(id, title)` pairs, in the roadmap's order.
fn candidates(ctx: &Ctx, what: What) -> Vec<(String, String)> {
    if what == What::Roadmaps {
        // Needs no roadmap loaded: offered even when the active one is broken.
        return catalog::list(ctx.paths.user_roadmaps.as_deref())
            .into_iter()
            .map(|e| (e.id, e.title))
            .collect();
    }
    // Completion must never fail loudly: a broken file just offers nothing.
    let Ok((progress, loaded)) = ctx.load() else {
        return Vec::new();
    };
    // The process ends with the answer: freeing a large roadmap one allocation at a
    // time would cost more than the answer does.
    let (progress, loaded) = (Box::leak(Box::new(progress)), Box::leak(Box::new(loaded)));
    if let Some(keep) = item_filter(what) {
        return items(progress, loaded, keep);
    }
    let roadmap = &loaded.roadmap;
    match what {
        What::Stages => roadmap
            .stages
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect(),
        What::Tracks => roadmap
            .tracks
            .iter()
            .map(|t| (t.id.clone(), t.title.clone()))
            .collect(),
        What::Backgrounds => roadmap
            .backgrounds
            .iter()
            .map(|b| (b.id.clone(), b.title.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The items whose status `keep` takes, as `(id, title)`, in the roadmap's order.
fn items(
    progress: &ProgressFile,
    loaded: &Loaded,
    keep: fn(Status) -> bool,
) -> Vec<(String, String)> {
    let roadmap = &loaded.roadmap;
    // Each item's status, as the report gives it, without the forecast.
    let view = progress.progress.for_roadmap(roadmap);
    roadmap
        .items
        .iter()
        .zip(&view.items)
        .filter(|(_, r)| keep(r.status))
        .map(|(item, _)| (item.id.clone(), item.title.clone()))
        .collect()
}

/// The ids of the roadmap in use, cached under `dir`, and each item's status, for
/// the answer [`items`] gives, without loading the roadmap; `None` when its ids are
/// not there to read, or when the answer needs more than ids (a record that may be
/// under an alias).
fn lean_items<'a>(
    ctx: &Ctx,
    progress: &'a ProgressFile,
    dir: &Path,
) -> Option<(&'a ItemIds, Vec<Status>)> {
    let (key, id) = cached_key(ctx, progress)?;
    let ids: &'a ItemIds = Box::leak(Box::new(cache::read_ids_in(dir, &key)?));
    if id.is_some_and(|id| id != ids.roadmap_id()) {
        return None;
    }
    let statuses = statuses(ids, progress.progress.roadmaps.get(ids.roadmap_id()))?;
    Some((ids, statuses))
}

/// Each item's status, as [`crate::progress::Progress::for_roadmap`] gives it,
/// from the records and the ids alone. A record under a key that is no item's id
/// is an orphan, unless the roadmap has aliases: it may then be under one, which
/// merges into its item, and only the whole roadmap says (`None`).
fn statuses(
    ids: &ItemIds,
    records: Option<&BTreeMap<String, ItemProgress>>,
) -> Option<Vec<Status>> {
    let mut statuses = vec![Status::Todo; ids.len()];
    // Both in the order of their keys: one pass over each.
    let mut sorted = ids.sorted().peekable();
    for (key, record) in records.into_iter().flatten() {
        // Most records are an item's, and most items have a record: the next id
        // is most often the key itself.
        loop {
            match sorted.peek() {
                Some(&(i, id)) if id == key => {
                    statuses[i] = record.status;
                    sorted.next();
                    break;
                }
                Some(&(_, id)) if id < key.as_str() => {
                    sorted.next();
                }
                _ if ids.has_aliases() => return None,
                _ => break,
            }
        }
    }
    Some(statuses)
}

/// The cache key [`Ctx::load_roadmap`] would read the roadmap in use under, and the
/// id the roadmap must have for that load to take it, in the cases where the load
/// answers from that one key whenever its entry holds: a path; a user roadmap's
/// file named after its id; a built-in roadmap. Any other case, or a file that
/// cannot be hashed, is `None`, and the whole load decides.
fn cached_key<'r>(ctx: &'r Ctx, progress: &'r ProgressFile) -> Option<(Key, Option<&'r str>)> {
    let reference = match (&ctx.roadmap_flag, &progress.progress.active) {
        (Some(flag), _) => flag.as_str(),
        (None, Some(active)) => active.as_str(),
        (None, None) => catalog::DEFAULT_ID,
    };
    let file_key = |path: &Path| {
        let hash = crate::store::hash_regular(path, crate::roadmap::MAX_FILE_BYTES as u64).ok()?;
        Key::file_hashed(path, hash)
    };
    // The order of `catalog::load`.
    if catalog::is_path_reference(reference) {
        return Some((file_key(Path::new(reference))?, None));
    }
    if let Some(dir) = ctx.paths.user_roadmaps.as_deref() {
        for ext in ["yaml", "yml"] {
            let path = dir.join(format!("{reference}.{ext}"));
            if path.is_file() {
                // Taken only if its id is the reference; else the load goes on.
                return Some((file_key(&path)?, Some(reference)));
            }
        }
    }
    let &(name, _, hash) = catalog::BUILTIN_FILES
        .iter()
        .find(|(name, _, _)| name.strip_suffix(".yaml") == Some(reference))?;
    Some((Key::builtin(name, hash), None))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::paths::{Origin, Paths};

    #[test]
    fn names_round_trip() {
        for what in What::ALL {
            assert_eq!(What::from_name(what.name()), Some(what));
        }
        assert_eq!(What::from_name("items-open"), None);
    }

    /// A small fixed generator (xorshift64).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// A roadmap `gen` of `n` items in three stages, whose ids are in no sorted
    /// order, every `alias_every`th with an alias (0: none).
    fn generated(n: usize, alias_every: usize, rng: &mut Rng) -> (String, Vec<String>) {
        let words = ["zeta", "alpha", "mid", "b", "alpha-b", "z"];
        let ids: Vec<String> = (0..n)
            .map(|k| format!("{}-{k}", words[rng.below(words.len())]))
            .collect();
        let mut yaml = String::from(
            "format: 1\nid: gen\ntitle: Generated\nhours_per_week: 10\nbackgrounds:\n  - id: dev\n    title: Developer\nstages:\n",
        );
        for (k, id) in ids.iter().enumerate() {
            if k % (n / 3 + 1) == 0 {
                let s = k / (n / 3 + 1);
                yaml.push_str(&format!(
                    "  - id: s{s}\n    title: Stage {s}\n    estimate: {{ min_months: 1, max_months: 2 }}\n    items:\n"
                ));
            }
            let alias = match alias_every {
                0 => String::new(),
                every if k % every == 0 => format!(", aliases: [old-{id}]"),
                _ => String::new(),
            };
            yaml.push_str(&format!("      - {{ id: {id}, title: Item {k}{alias} }}\n"));
        }
        (yaml, ids)
    }

    /// The same records in the layouts people write by hand.
    fn layouts(roadmap: &str, records: &[(String, Status)]) -> Vec<(&'static str, String)> {
        let status = |s: Status| match s {
            Status::Todo => String::new(),
            s => format!("status = \"{}\"", s.as_str()),
        };
        let mut plain = format!("format = 2\nroadmap = \"{roadmap}\"\n");
        let mut inline =
            format!("format = 2\nroadmap = \"{roadmap}\"\n\n[roadmaps.{roadmap}.items]\n");
        let mut dotted = format!("# mine\nformat = 2\nroadmap = \"{roadmap}\" # the one in use\n");
        for (key, s) in records {
            plain.push_str(&format!(
                "\n[roadmaps.{roadmap}.items.{key}]\n{}\n",
                status(*s)
            ));
            if *s == Status::Done {
                plain.push_str("done = 2026-01-02\n");
            }
            inline.push_str(&format!("{key} = {{ {} }}\n", status(*s)));
            match s {
                Status::Todo => dotted.push_str(&format!(
                    "roadmaps.{roadmap}.items.{key}.note = \"later\" # a note\n"
                )),
                s => dotted.push_str(&format!(
                    "roadmaps.{roadmap}.items.{key}.status = \"{}\"\n# between\n",
                    s.as_str()
                )),
            }
        }
        // Records of another roadmap, which count for nothing here.
        let other = "\n[roadmaps.other.items.zeta-0]\nstatus = \"done\"\n";
        let crlf = dotted.replace('\n', "\r\n");
        vec![
            ("plain", plain.clone()),
            ("plain, another roadmap", format!("{plain}{other}")),
            ("inline tables", inline),
            ("dotted keys and comments", dotted),
            ("CRLF", crlf),
        ]
    }

    fn ctx(dir: &Path, flag: Option<String>) -> Ctx {
        Ctx {
            paths: Paths {
                progress: dir.join("progress.toml"),
                progress_origin: Origin::Flag,
                user_roadmaps: Some(dir.join("roadmaps")),
            },
            ui: crate::ui::Ui::new(Some(false)),
            today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            roadmap_flag: flag,
        }
    }

    const ITEM_KINDS: [What; 4] = [
        What::Items,
        What::ItemsTodo,
        What::ItemsNotStarted,
        What::ItemsWithProgress,
    ];

    /// For every item kind: the lean answer where it gives one, which must be the
    /// whole load's. Whether it gave one, for each kind.
    fn compare(ctx: &Ctx, text: &str, cache: &Path, what: &str) -> Vec<bool> {
        let progress = ProgressFile::parse(&ctx.paths.progress, text.to_string())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        // The cache is off in unit tests: this load parses the roadmap.
        let loaded = ctx.load_roadmap(&progress).unwrap();
        ITEM_KINDS
            .into_iter()
            .map(|kind| {
                let keep = item_filter(kind).unwrap();
                let full: Vec<String> = items(&progress, &loaded, keep)
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                let lean = lean_items(ctx, &progress, cache).map(|(ids, statuses)| {
                    ids.iter()
                        .zip(statuses)
                        .filter(|&(_, s)| keep(s))
                        .map(|(id, _)| id.to_string())
                        .collect::<Vec<_>>()
                });
                if let Some(lean) = &lean {
                    assert_eq!(lean, &full, "{what}, {}", kind.name());
                }
                lean.is_some()
            })
            .collect()
    }

    fn install(dir: &Path, name: &str, yaml: &str) -> PathBuf {
        let roadmaps = dir.join("roadmaps");
        std::fs::create_dir_all(&roadmaps).unwrap();
        let path = roadmaps.join(name);
        crate::store::write_atomic(&path, yaml.as_bytes()).unwrap();
        path
    }

    #[test]
    fn the_lean_answer_is_the_whole_loads_in_every_layout() {
        let mut rng = Rng(0x5EED_0000_C0DE_0001);
        for (n, alias_every) in [(1, 0), (40, 0), (300, 0), (300, 7)] {
            let dir = tempfile::tempdir().unwrap();
            let cache = dir.path().join("cache");
            let (yaml, ids) = generated(n, alias_every, &mut rng);
            let path = install(dir.path(), "gen.yaml", &yaml);
            let ctx = ctx(dir.path(), None);
            let key = Key::file(&path, yaml.as_bytes()).unwrap();
            let statuses = [Status::Todo, Status::Started, Status::Done, Status::Skipped];
            let records: Vec<(String, Status)> = ids
                .iter()
                .filter_map(|id| match rng.below(6) {
                    0 | 1 => None,
                    k => Some((id.clone(), statuses[k - 2])),
                })
                .collect();
            let (_, text) = &layouts("gen", &records)[0];
            // A cold cache: no answer.
            assert_eq!(compare(&ctx, text, &cache, "cold"), [false; 4]);
            let loaded = ctx
                .load_roadmap(&ProgressFile::parse(Path::new("p"), text.clone()).unwrap())
                .unwrap();
            cache::write_in(&cache, &key, &loaded.roadmap);
            for (layout, text) in layouts("gen", &records) {
                let what = format!("{n} items, aliases every {alias_every}, {layout}");
                assert_eq!(compare(&ctx, &text, &cache, &what), [true; 4], "{what}");
            }
            // No progress file at all; records for other roadmaps only.
            assert_eq!(
                compare(&ctx, "format = 2\nroadmap = \"gen\"\n", &cache, "none"),
                [true; 4]
            );
            let (_, other) = &layouts("other", &records)[0];
            let other = other.replace("roadmap = \"other\"", "roadmap = \"gen\"");
            assert_eq!(compare(&ctx, &other, &cache, "other"), [true; 4]);

            // A record for an item the roadmap no longer has: an orphan, unless the
            // roadmap has aliases, when the whole load decides.
            let mut orphaned = records.clone();
            orphaned.push(("gone-item".to_string(), Status::Done));
            for (layout, text) in layouts("gen", &orphaned) {
                let got = compare(&ctx, &text, &cache, layout);
                assert_eq!(got, [alias_every == 0; 4], "orphan, {layout}");
            }
            // A record under an alias.
            if alias_every > 0 {
                let mut aliased = records.clone();
                aliased.push((format!("old-{}", ids[0]), Status::Skipped));
                let (_, text) = &layouts("gen", &aliased)[0];
                assert_eq!(compare(&ctx, text, &cache, "alias"), [false; 4]);
            }
        }
    }

    #[test]
    fn the_roadmap_in_use_is_found_as_the_whole_load_finds_it() {
        let mut rng = Rng(0x5EED_0000_C0DE_0002);
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let (yaml, ids) = generated(30, 0, &mut rng);
        let records: Vec<(String, Status)> = ids
            .iter()
            .step_by(3)
            .map(|id| (id.clone(), Status::Done))
            .collect();
        let (_, text) = &layouts("gen", &records)[0];

        // A user roadmap, by its id, as .yml too.
        let yml = install(dir.path(), "gen.yml", &yaml);
        cache::write_in(
            &cache,
            &Key::file(&yml, yaml.as_bytes()).unwrap(),
            &crate::roadmap::parse(yaml.as_bytes()).unwrap().0,
        );
        assert_eq!(
            compare(&ctx(dir.path(), None), text, &cache, "yml"),
            [true; 4]
        );
        // A file named after an id that is not its own: the whole load looks on.
        let renamed = yaml.replace("id: gen\n", "id: other\n");
        let path = install(dir.path(), "other.yaml", &renamed);
        cache::write_in(
            &cache,
            &Key::file(&path, renamed.as_bytes()).unwrap(),
            &crate::roadmap::parse(renamed.as_bytes()).unwrap().0,
        );
        let ctx_other = ctx(dir.path(), Some("gen".into()));
        let progress = ProgressFile::parse(Path::new("p"), text.clone()).unwrap();
        let odd = install(dir.path(), "gen.yaml", &renamed);
        assert!(cached_key(&ctx_other, &progress).is_some());
        assert!(
            lean_items(&ctx_other, &progress, &cache).is_none(),
            "the file's id is another"
        );
        std::fs::remove_file(odd).unwrap();

        // By path, from the flag.
        let flag = Some(path.display().to_string());
        let by_path = ctx(dir.path(), flag);
        let (_, other_text) = &layouts("other", &records)[0];
        assert_eq!(compare(&by_path, other_text, &cache, "path"), [true; 4]);

        // The built-in roadmap, when nothing names one.
        let (name, builtin, hash) = catalog::BUILTIN_FILES[0];
        let key = Key::builtin(name, hash);
        cache::write_in(
            &cache,
            &key,
            &crate::roadmap::parse(builtin.as_bytes()).unwrap().0,
        );
        let plain = ctx(dir.path(), None);
        let text = "format = 2\n\n[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\n";
        assert_eq!(compare(&plain, text, &cache, "built-in"), [true; 4]);
        // An id no roadmap has: nothing to read.
        let none = ctx(dir.path(), Some("no-such-roadmap".into()));
        assert!(cached_key(&none, &progress).is_none());
    }
}
