//! A test environment that isolates every run of the real binary: a temp `HOME`,
//! `XDG_*` folders, `ROADMAP_PROGRESS` and a pinned `ROADMAP_TODAY`.

#![allow(dead_code)] // each test file uses a different part of this

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The date every test runs on unless it says otherwise.
pub const TODAY: &str = "2026-11-30";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub today: String,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "config", "data", "cache"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        TestEnv {
            dir,
            today: TODAY.to_string(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    /// `$ROADMAP_PROGRESS`: the progress file every command uses.
    pub fn progress(&self) -> PathBuf {
        self.root().join("data").join("progress.toml")
    }

    pub fn config(&self) -> PathBuf {
        self.root().join("config")
    }

    /// Where user roadmaps live: `$XDG_CONFIG_HOME/roadmap/roadmaps`.
    pub fn user_roadmaps(&self) -> PathBuf {
        self.config().join("roadmap").join("roadmaps")
    }

    pub fn read_progress(&self) -> String {
        std::fs::read_to_string(self.progress()).expect("progress file exists")
    }

    pub fn write_progress(&self, text: &str) {
        std::fs::write(self.progress(), text).unwrap();
    }

    /// Put a roadmap among the user's own (`$XDG_CONFIG_HOME/roadmap/roadmaps/NAME`).
    pub fn install_user_roadmap(&self, name: &str, text: &str) -> PathBuf {
        let dir = self.user_roadmaps();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Write a file under the temp dir and return its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.root().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The binary, with the environment isolated and pinned.
    pub fn cmd(&self) -> Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_roadmap"));
        self.isolate(&mut cmd);
        Command::from_std(cmd)
    }

    /// The isolated, pinned environment on any command: the binary spawned
    /// directly (to kill it), or a program that runs it (`sh`, `script`).
    pub fn isolate<'c>(&self, cmd: &'c mut std::process::Command) -> &'c mut std::process::Command {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.root().join("data"))
            .env("XDG_CACHE_HOME", self.root().join("cache"))
            .env("ROADMAP_PROGRESS", self.progress())
            .env("ROADMAP_TODAY", &self.today)
            .env("TERM", "dumb")
            .current_dir(self.root())
    }

    /// Run with arguments; returns the output whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("binary runs")
    }

    /// Run and expect exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "`roadmap {}` failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            args.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Run and expect `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "`roadmap {}`\nstdout:\n{}\nstderr:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("stderr is UTF-8")
    }

    /// Parse stdout of a `--json` command, checking it is one JSON document and nothing else.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let stdout = self.ok(args);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{stdout}"))
    }

    /// Every file and folder under the temp dir, for "nothing was created" checks.
    pub fn tree(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    out.push(path.clone());
                    if path.is_dir() {
                        walk(&path, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(self.root(), &mut out);
        out.sort();
        out
    }
}

/// A small valid roadmap for tests: two stages, five items.
pub const TINY: &str = "\
format: 1
id: tiny
title: Tiny roadmap
hours_per_week: 10
overall: { min_months: 2, max_months: 4 }
backgrounds:
  - id: dev
    title: Developer
  - id: new
    title: Newcomer
    extra_months: { basics: 1 }
stages:
  - id: basics
    title: Basics
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: alpha, title: Alpha skill, weight: 2 }
      - { id: beta, title: Beta skill, requires: [alpha] }
      - { id: gamma, title: Gamma project, kind: project, requires: [alpha, beta] }
  - id: more
    title: More
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: delta, title: Delta skill, requires: [gamma] }
      - { id: epsilon, title: Epsilon skill }
tracks:
  - { id: quick, title: Quick, for: [dev], items: [alpha, delta] }
";

/// A small fixed generator (xorshift64), so a randomised test gives the same
/// answer on every run and a failing case can be replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A standard normal number (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}
