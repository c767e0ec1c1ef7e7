//! Time `roadmap ui` in-process on a generated roadmap, for the benchmark:
//! opening (read the progress file, load the roadmap, build the state, draw
//! the first frame) and redrawing after a key, on every screen.
//!
//! ```text
//! cargo run --release --example tui_frames -- ROADMAP.yaml PROGRESS.toml [WIDTHxHEIGHT]
//! ```
//!
//! Prints `key=value` lines: `open_ms` (median of 21 opens) and, per screen,
//! `frame_ms_SCREEN` (median of 101 key-then-draw rounds). The terminal is
//! ratatui's `TestBackend`, so what is timed is the work `roadmap ui` does per
//! frame, not the terminal's own drawing. The parsed-roadmap cache is on, as for
//! the command, so every open but the first reads it warm.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadmap::roadmap::catalog;
use roadmap::tui::{App, draw};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(roadmap_path), Some(progress_path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: tui_frames ROADMAP.yaml PROGRESS.toml [WIDTHxHEIGHT]");
        return ExitCode::from(2);
    };
    let size = args.get(2).map(String::as_str).unwrap_or("200x50");
    let Some((w, h)) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
    else {
        eprintln!("tui_frames: size `{size}` is not WIDTHxHEIGHT");
        return ExitCode::from(2);
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    // The parsed-roadmap cache the command itself uses, in the cache folder the
    // environment names (the benchmark gives a private one): the first open fills it.
    roadmap::roadmap::cache::enable(roadmap::paths::Paths::cache_dir());
    let open = || {
        let progress = roadmap::store::read_progress(Path::new(progress_path)).expect("progress");
        let loaded = catalog::load(roadmap_path, None).expect("roadmap");
        let app = App::new(loaded.roadmap, &progress.progress, today, true);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| draw::draw(f, &app)).unwrap();
        (app, terminal)
    };
    let mut opens = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        let opened = open();
        opens.push(start.elapsed().as_secs_f64() * 1000.0);
        drop(opened);
    }
    println!("open_ms={:.2}", median(opens));

    let (mut app, mut terminal) = open();
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    // The stage with the most items, where a list is longest.
    let biggest = (0..app.roadmap.stages.len())
        .max_by_key(|&k| app.roadmap.stages[k].items.len())
        .unwrap_or(0);
    for (screen, setup, step) in [
        ("stages", vec![], KeyCode::Down),
        ("items", vec![KeyCode::Enter], KeyCode::Down),
        ("item", vec![KeyCode::Enter, KeyCode::Enter], KeyCode::Down),
        (
            "track_filter",
            vec![KeyCode::Enter, KeyCode::Char('t')],
            KeyCode::PageDown,
        ),
    ] {
        app.screen = roadmap::tui::Screen::Stages;
        app.track = None;
        app.stage_cursor = biggest;
        for code in setup {
            app.handle_key(key(code));
        }
        let mut frames = Vec::new();
        for _ in 0..101 {
            let start = Instant::now();
            app.handle_key(key(step));
            terminal.draw(|f| draw::draw(f, &app)).unwrap();
            frames.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        println!("frame_ms_{screen}={:.3}", median(frames));
    }
    ExitCode::SUCCESS
}
