//! Large, realistic roadmaps and progress files for the benchmark and the scale test.
//!
//! Shared by `examples/generate.rs` and `tests/scale.rs` through `#[path]`, so both
//! build exactly the same files. Deterministic: the same size and seed give the same
//! bytes, from a small xorshift generator written here.
//!
//! A roadmap of N items has 10 stages; each item has a title, an area, a one- or
//! two-sentence summary, a weight and 0 to 3 prerequisites among the items just
//! before it (so there is never a cycle, nor a prerequisite in a later stage). The
//! progress file has a record for every item: most done, with dates spread over
//! six years; some started; some skipped; a few with notes.

// Each user of this module (the example, the test) calls a different part of it.
#![allow(dead_code)]

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

pub const STAGES: usize = 10;
/// The day the generated learner looks at their progress; the benchmark pins it.
pub const TODAY: &str = "2026-06-01";
pub const DEFAULT_SEED: u64 = 0x5EED_2026;
/// How many years the generated history spans.
const HISTORY_YEARS: u64 = 6;

/// xorshift64*: tiny and fixed, so the files never change under a dependency upgrade.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 32) as usize * n) >> 32
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// Areas, and the topics that belong to each.
const AREAS: &[(&str, &[&str])] = &[
    (
        "math",
        &[
            "Statistics",
            "Probability",
            "Linear algebra",
            "Calculus for gradients",
            "Information theory",
            "Bayesian inference",
        ],
    ),
    (
        "programming",
        &[
            "Python packaging",
            "Type hints",
            "Async IO",
            "Unit testing",
            "Profiling",
            "Command-line tools",
            "Error handling",
        ],
    ),
    (
        "data",
        &[
            "SQL queries",
            "Data cleaning",
            "Feature pipelines",
            "Data versioning",
            "Labelling workflows",
            "Synthetic data",
        ],
    ),
    (
        "models",
        &[
            "Tokenizers",
            "Attention",
            "Transformer blocks",
            "Embeddings",
            "Sampling strategies",
            "Model quantization",
            "Mixture of experts",
        ],
    ),
    (
        "llm-apps",
        &[
            "Prompt design",
            "Structured output",
            "Function calling",
            "Conversation memory",
            "Streaming responses",
            "Prompt caching",
        ],
    ),
    (
        "retrieval",
        &[
            "Vector search",
            "Chunking strategies",
            "Hybrid search",
            "Reranking",
            "Query rewriting",
            "Knowledge graphs",
        ],
    ),
    (
        "evaluation",
        &[
            "Evaluation sets",
            "LLM as judge",
            "Regression tests",
            "Human review",
            "Online metrics",
            "Red teaming",
        ],
    ),
    (
        "fine-tuning",
        &[
            "LoRA adapters",
            "Instruction tuning",
            "Preference tuning",
            "Distillation",
            "Dataset curation",
        ],
    ),
    (
        "serving",
        &[
            "Batching",
            "GPU memory",
            "Latency budgets",
            "Autoscaling",
            "Cost tracking",
            "Model routing",
        ],
    ),
    (
        "security",
        &[
            "Prompt injection",
            "Data privacy",
            "Access control",
            "Output filtering",
            "Audit logging",
        ],
    ),
    (
        "agents",
        &[
            "Tool use",
            "Planning loops",
            "Multi-agent setups",
            "Agent memory",
            "Sandboxed execution",
        ],
    ),
];

const ANGLES: &[&str] = &[
    "basics",
    "in practice",
    "in depth",
    "at scale",
    "trade-offs",
    "pitfalls",
];

const PROJECTS: &[&str] = &[
    "a support chatbot",
    "a document Q&A tool",
    "a code review helper",
    "a meeting summarizer",
    "an email triage bot",
    "a search service",
    "a batch labelling job",
];

const STAGE_TITLES: [&str; STAGES] = [
    "Foundations",
    "First AI apps",
    "Working with data",
    "Inside the models",
    "Retrieval systems",
    "Evaluation",
    "Fine-tuning",
    "Serving and cost",
    "Security and safety",
    "Agents and leadership",
];

const SUMMARIES: &[&str] = &[
    "Learn what {t} is for.",
    "Use {t} in a project.",
    "Explain {t} to a peer.",
    "Read up on {t}.",
    "Try two kinds of {t}.",
];

const SECOND_SENTENCES: &[&str] = &["Keep notes.", "Measure it.", "Get a review."];

const NOTES: &[&str] = &[
    "Built a small demo and wrote up what I learned",
    "Harder than it looked; revisit later",
    "Used it at work on the search project",
    "Followed a course, skipped the exercises",
    "Paired with a colleague on this",
];

/// One generated item, as the roadmap and the progress file know it.
#[derive(Debug, Clone)]
pub struct GenItem {
    pub id: String,
    pub title: String,
    pub stage: usize,
    pub area: &'static str,
    pub weight: u32,
    pub project: bool,
    pub requires: Vec<usize>,
    pub alias: Option<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenStatus {
    Done,
    Started,
    Skipped,
}

#[derive(Debug, Clone)]
pub struct GenRecord {
    pub status: GenStatus,
    pub started: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub note: Option<&'static str>,
}

/// A generated roadmap with its progress.
#[derive(Debug, Clone)]
pub struct Generated {
    pub id: String,
    pub items: Vec<GenItem>,
    /// Indexed like `items`.
    pub records: Vec<GenRecord>,
    pub start: NaiveDate,
    pub today: NaiveDate,
}

fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a valid date")
}

/// Build a roadmap of `n` items and a progress record for each.
pub fn generate(n: usize, seed: u64) -> Generated {
    let mut rng = Rng::new(seed ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let today = today();
    let start = today - Days::new(HISTORY_YEARS * 365);
    let span_days = (today - start).num_days() as u64;

    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let stage = i * STAGES / n.max(1);
        // Areas drift through the roadmap, as the stages do.
        let area_index = if rng.chance(70) {
            (stage + rng.below(2)) % AREAS.len()
        } else {
            rng.below(AREAS.len())
        };
        let (area, topics) = AREAS[area_index];
        let topic = rng.pick(topics);
        let project = rng.chance(12);
        let title = if project {
            format!(
                "Project: {} with {}",
                rng.pick(PROJECTS),
                topic.to_lowercase()
            )
        } else {
            format!("{topic} {}", rng.pick(ANGLES))
        };
        // Ids from the topic's first word, numbered to keep them unique.
        let word = topic.split(' ').next().unwrap_or(topic);
        let id = format!("{}-{}", slug(word), i + 1);
        let weight = match rng.below(10) {
            0..=4 => 1,
            5..=7 => 2,
            8 => 3,
            _ => 5,
        } + u32::from(project) * 2;
        let count = match rng.below(20) {
            0..=5 => 0,
            6..=14 => 1,
            15..=18 => 2,
            _ => 3,
        }
        .min(i);
        let mut requires = Vec::with_capacity(count);
        for _ in 0..count {
            let back = 1 + rng.below(i.min(40));
            let r = i - back;
            if !requires.contains(&r) {
                requires.push(r);
            }
        }
        requires.sort_unstable();
        let alias = rng
            .chance(1)
            .then(|| format!("old-{}-{}", slug(topic), i + 1));
        let mut summary = rng.pick(SUMMARIES).replace("{t}", &topic.to_lowercase());
        if rng.chance(25) {
            summary.push(' ');
            summary.push_str(rng.pick(SECOND_SENTENCES));
        }
        items.push(GenItem {
            id,
            title,
            stage,
            area,
            weight,
            project,
            requires,
            alias,
            summary,
        });
    }

    // Progress: the learner is about 80% of the way through, working in roadmap
    // order with some items skipped and a handful left started along the way.
    let mut records = Vec::with_capacity(n);
    for i in 0..n {
        let through = i as f64 / n.max(1) as f64;
        let status = if through < 0.8 {
            match rng.below(100) {
                0..=91 => GenStatus::Done,
                92..=97 => GenStatus::Skipped,
                _ => GenStatus::Started,
            }
        } else {
            match rng.below(100) {
                0..=29 => GenStatus::Done,
                30..=84 => GenStatus::Started,
                _ => GenStatus::Skipped,
            }
        };
        // Work in order: item i was touched about `through` of the way along the history.
        let at = (through.min(0.8) / 0.8 * (span_days - 20) as f64) as u64;
        let jitter = rng.below(15) as u64;
        let begun = start + Days::new((at + jitter).min(span_days));
        let (started, done) = match status {
            GenStatus::Done => {
                let done = begun + Days::new(1 + rng.below(30) as u64);
                let started = rng.chance(60).then_some(begun);
                (started, Some(done.min(today)))
            }
            GenStatus::Started => {
                let back = 1 + rng.below(300) as u64;
                (Some((today - Days::new(back)).max(begun)), None)
            }
            GenStatus::Skipped => (None, None),
        };
        let note = rng.chance(3).then(|| rng.pick(NOTES));
        records.push(GenRecord {
            status,
            started,
            done,
            note,
        });
    }

    Generated {
        id: format!("generated-{n}"),
        items,
        records,
        start,
        today,
    }
}

impl Generated {
    /// The roadmap file (format 1), in block style like the built-in roadmap.
    pub fn roadmap_yaml(&self) -> String {
        let n = self.items.len();
        let mut out = String::with_capacity(n * 160 + 4096);
        let _ = write!(
            out,
            "# A generated roadmap of {n} items for the benchmark (examples/generate.rs).\n\
             format: 1\n\
             id: {}\n\
             title: Generated roadmap ({n} items)\n\
             summary: A large synthetic learning path, made to measure roadmap at scale.\n\
             source: examples/generate.rs\n\
             hours_per_week: 10\n\
             overall: {{ min_months: 60, max_months: 120 }}\n\
             backgrounds:\n\
             - id: developer\n  title: Programming background\n\
             - id: beginner\n  title: Starting from scratch\n  extra_months: {{ s01: 6 }}\n\
             stages:\n",
            self.id
        );
        let mut first = 0;
        for (k, title) in STAGE_TITLES.iter().enumerate() {
            let min = 3 + (k % 4) * 3;
            let _ = write!(
                out,
                "- id: s{:02}\n  title: {title}\n  estimate: {{ min_months: {min}, max_months: {} }}\n  items:\n",
                k + 1,
                min + 3 + k % 3 * 3
            );
            let end = first
                + self.items[first..]
                    .iter()
                    .take_while(|item| item.stage == k)
                    .count();
            if first == end {
                out.push_str("  []\n");
            }
            for item in &self.items[first..end] {
                if item.title.contains(':') {
                    let _ = write!(out, "  - id: {}\n    title: \"{}\"\n", item.id, item.title);
                } else {
                    let _ = write!(out, "  - id: {}\n    title: {}\n", item.id, item.title);
                }
                if item.project {
                    out.push_str("    kind: project\n");
                }
                let _ = writeln!(out, "    area: {}", item.area);
                if item.weight != 1 {
                    let _ = writeln!(out, "    weight: {}", item.weight);
                }
                if !item.requires.is_empty() {
                    let ids: Vec<&str> = item
                        .requires
                        .iter()
                        .map(|&r| self.items[r].id.as_str())
                        .collect();
                    let _ = writeln!(out, "    requires: [{}]", ids.join(", "));
                }
                if let Some(alias) = &item.alias {
                    let _ = writeln!(out, "    aliases: [{alias}]");
                }
                let _ = writeln!(out, "    summary: {}", item.summary);
            }
            first = end;
        }
        // Two tracks through a sample of the items.
        out.push_str("tracks:\n");
        for (t, (id, title, step)) in [
            ("essentials", "The essentials", 97),
            ("projects", "Project-first path", 0),
        ]
        .into_iter()
        .enumerate()
        {
            let picked: Vec<&str> = self
                .items
                .iter()
                .enumerate()
                .filter(|(i, item)| {
                    if step == 0 {
                        item.project && i % 7 == t
                    } else {
                        i % step == 0
                    }
                })
                .map(|(_, item)| item.id.as_str())
                .take(200)
                .collect();
            let _ = write!(
                out,
                "- id: {id}\n  title: {title}\n  for: [developer]\n  items: [{}]\n",
                picked.join(", ")
            );
        }
        out
    }

    /// The progress file (SPEC section 3): a profile, then one table per item, in id
    /// order, as `roadmap` itself writes them.
    pub fn progress_toml(&self) -> String {
        let n = self.items.len();
        let mut out = String::with_capacity(n * 90 + 512);
        let _ = write!(
            out,
            "# Learning progress, kept by `roadmap`. Safe to edit by hand: comments and\n\
             # layout survive every write, and `roadmap doctor` checks what you change.\n\
             format = 2\n\
             roadmap = \"{}\"\n\
             \n\
             [roadmaps.{}.profile]\n\
             background = \"developer\"\n\
             start = {}\n\
             hours_per_week = 10\n",
            self.id, self.id, self.start
        );
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| self.items[a].id.cmp(&self.items[b].id));
        for i in order {
            let record = &self.records[i];
            let status = match record.status {
                GenStatus::Done => "done",
                GenStatus::Started => "started",
                GenStatus::Skipped => "skipped",
            };
            let _ = write!(
                out,
                "\n[roadmaps.{}.items.{}]\nstatus = \"{status}\"\n",
                self.id, self.items[i].id
            );
            if let Some(d) = record.started {
                let _ = writeln!(out, "started = {d}");
            }
            if let Some(d) = record.done {
                let _ = writeln!(out, "done = {d}");
            }
            if let Some(note) = record.note {
                let _ = writeln!(out, "note = \"{note}\"");
            }
        }
        out
    }

    /// A started item far along the roadmap: what `roadmap done ITEM` marks in the benchmark.
    pub fn started_item(&self) -> &str {
        let n = self.items.len();
        (n * 9 / 10..n)
            .chain(0..n)
            .find(|&i| self.records[i].status == GenStatus::Started)
            .map_or(self.items[0].id.as_str(), |i| self.items[i].id.as_str())
    }

    /// The same items as Taskwarrior tasks (`task import` JSON, one task per line):
    /// the stage as project, the area as tag, prerequisites as dependencies, done as
    /// completed, skipped as deleted, started as pending with a start date.
    pub fn taskwarrior_json(&self) -> String {
        let n = self.items.len();
        let mut uuids = Vec::with_capacity(n);
        let mut rng = Rng::new(0xC0FFEE ^ n as u64);
        for _ in 0..n {
            let (a, b) = (rng.next_u64(), rng.next_u64());
            uuids.push(format!(
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xffff,
                a & 0xfff,
                0x8000 | (b >> 48) & 0x3fff,
                b & 0xffff_ffff_ffff
            ));
        }
        let stamp = |d: NaiveDate| d.format("%Y%m%dT120000Z").to_string();
        let mut out = String::with_capacity(n * 300);
        for (i, item) in self.items.iter().enumerate() {
            let record = &self.records[i];
            let status = match record.status {
                GenStatus::Done => "completed",
                GenStatus::Started => "pending",
                GenStatus::Skipped => "deleted",
            };
            let entry = record.started.or(record.done).unwrap_or(self.start);
            let _ = write!(
                out,
                "{{\"uuid\":\"{}\",\"description\":\"{}\",\"project\":\"s{:02}\",\"tags\":[\"{}\"],\"status\":\"{status}\",\"entry\":\"{}\"",
                uuids[i],
                item.title,
                item.stage + 1,
                item.area,
                stamp(entry)
            );
            if record.status == GenStatus::Started
                && let Some(d) = record.started
            {
                let _ = write!(out, ",\"start\":\"{}\"", stamp(d));
            }
            match (record.status, record.done) {
                (GenStatus::Done, Some(d)) => {
                    let _ = write!(out, ",\"end\":\"{}\"", stamp(d));
                }
                (GenStatus::Skipped, _) => {
                    let _ = write!(out, ",\"end\":\"{}\"", stamp(entry));
                }
                _ => {}
            }
            if !item.requires.is_empty() {
                let deps: Vec<String> = item
                    .requires
                    .iter()
                    .map(|&r| format!("\"{}\"", uuids[r]))
                    .collect();
                let _ = write!(out, ",\"depends\":[{}]", deps.join(","));
            }
            if let Some(note) = record.note {
                let _ = write!(
                    out,
                    ",\"annotations\":[{{\"entry\":\"{}\",\"description\":\"{note}\"}}]",
                    stamp(entry)
                );
            }
            out.push_str("}\n");
        }
        out
    }
}
