//! Write a large generated roadmap and its progress file, for the benchmark.
//!
//! ```text
//! cargo run --release --example generate -- --items 10000 --out DIR [--seed N]
//! ```
//!
//! Writes `DIR/generated-N.yaml` (the roadmap), `DIR/progress.toml` (a record for
//! every item) and `DIR/tasks.json` (the same items as Taskwarrior tasks, for
//! `task import`), then prints `key=value` lines naming them and a started item
//! to mark done. The same size and seed always give the same files.

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../bench/generator.rs"]
mod generator;

const USAGE: &str = "usage: generate --items N --out DIR [--seed N]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut items: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut seed = generator::DEFAULT_SEED;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--items" | "-n" => {
                let text = value("--items")?;
                items = Some(
                    text.replace(['_', ','], "")
                        .parse()
                        .map_err(|_| format!("--items: `{text}` is not a number"))?,
                );
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                let text = value("--seed")?;
                seed = text
                    .parse()
                    .map_err(|_| format!("--seed: `{text}` is not a number"))?;
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let n = items.ok_or("--items is required")?;
    if n == 0 {
        return Err("--items must be at least 1".into());
    }
    let dir = out.ok_or("--out is required")?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;

    let generated = generator::generate(n, seed);
    let roadmap = dir.join(format!("{}.yaml", generated.id));
    let progress = dir.join("progress.toml");
    let tasks = dir.join("tasks.json");
    for (path, text) in [
        (&roadmap, generated.roadmap_yaml()),
        (&progress, generated.progress_toml()),
        (&tasks, generated.taskwarrior_json()),
    ] {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!("id={}", generated.id);
    println!("roadmap={}", roadmap.display());
    println!("progress={}", progress.display());
    println!("tasks={}", tasks.display());
    println!("started_item={}", generated.started_item());
    println!("today={}", generator::TODAY);
    Ok(())
}
