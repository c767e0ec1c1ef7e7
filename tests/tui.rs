//! `roadmap ui` screens, drawn through ratatui's `TestBackend` at 80x24 and at
//! the smallest size it supports, 60x20 (insta snapshots); changes made from the
//! keyboard, through the same store the commands use; text from hostile files.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadmap::paths::{Origin, Paths};
use roadmap::progress::ProgressFile;
use roadmap::roadmap::Roadmap;
use roadmap::roadmap::catalog;
use roadmap::tui::{self, Action, App};

const TODAY: &str = "2026-11-30";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn load(roadmap: &str, progress: &str) -> (Roadmap, ProgressFile) {
    let roadmap = catalog::load_file(&fixture(roadmap)).expect("fixture roadmap loads");
    let path = fixture(progress);
    let text = std::fs::read_to_string(&path).unwrap();
    let progress = ProgressFile::parse(&path, text).expect("fixture progress parses");
    (roadmap, progress)
}

fn learner() -> App {
    let (roadmap, progress) = load("tui/rust.yaml", "tui/progress.toml");
    App::new(roadmap, &progress.progress, today(), false)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Keys as a user types them: one character each, `<Enter>`, `<Esc>`,
/// `<Down>` and `<Up>` by name.
fn keys(text: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let named = [
            ("<Enter>", KeyCode::Enter),
            ("<Esc>", KeyCode::Esc),
            ("<Down>", KeyCode::Down),
            ("<Up>", KeyCode::Up),
            ("<Backspace>", KeyCode::Backspace),
        ];
        if let Some((name, code)) = named.iter().find(|(n, _)| rest.starts_with(n)) {
            out.push(key(*code));
            rest = &rest[name.len()..];
        } else {
            out.push(key(KeyCode::Char(c)));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Type `text` into the app; the changes it asks for are refused, to keep
/// the fixture as it is (the tests that change things say so).
fn type_keys(app: &mut App, text: &str) {
    for k in keys(text) {
        let action = app.handle_key(k);
        assert!(
            !matches!(action, Action::Apply(_)),
            "a key that changes progress in a read-only test: {k:?}"
        );
    }
}

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| tui::draw::draw(frame, app)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut lines = Vec::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

/// Every screen, by the keys that reach it from the start.
const SCREENS: &[(&str, &str)] = &[
    ("stages", ""),
    ("stage_two", "j"),
    ("items", "<Enter>"),
    ("item", "<Enter>jj<Enter>"),
    ("item_with_note", "<Enter>j<Enter>"),
    (
        "item_scrolled_to_the_end",
        "<Enter>j<Enter>jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj",
    ),
    ("help", "?"),
    ("search_typing", "/tra"),
    ("search_jumped", "/async<Enter>"),
    ("note_editing", "<Enter>jn more"),
    ("track_filter", "<Enter>t"),
    ("track_filter_stages", "tt"),
    ("track_empty_stage", "tjj<Enter>"),
];

#[test]
fn every_screen_at_80x24_and_60x20() {
    for (name, input) in SCREENS {
        for (width, height) in [(80, 24), (60, 20)] {
            let mut app = learner();
            type_keys(&mut app, input);
            let screen = render(&app, width, height);
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen, input);
        }
    }
}

#[test]
fn first_run_with_no_progress() {
    let (roadmap, _) = load("tui/rust.yaml", "tui/progress.toml");
    let empty = ProgressFile::new_empty(Path::new("progress.toml"));
    let app = App::new(roadmap, &empty.progress, today(), false);
    insta::assert_snapshot!("first_run_80x24", render(&app, 80, 24));
}

#[test]
fn smaller_and_larger_terminals_draw_without_a_panic() {
    for (width, height) in [(1, 1), (20, 5), (59, 19), (200, 60), (300, 10)] {
        for (_, input) in SCREENS {
            let mut app = learner();
            type_keys(&mut app, input);
            let screen = render(&app, width, height);
            assert_eq!(screen.lines().count(), usize::from(height));
        }
    }
}

#[test]
fn the_buffer_never_holds_a_control_character() {
    let (roadmap, progress) = load("views/hostile.yaml", "views/hostile-progress.toml");
    for (_, input) in [
        ("stages", ""),
        ("items", "<Enter>"),
        ("item", "<Enter><Enter>"),
        ("note", "<Enter>jn"),
        ("track", "t"),
        ("search", "/alpha<Enter>"),
    ] {
        let mut app = App::new(roadmap.clone(), &progress.progress, today(), true);
        type_keys(&mut app, input);
        let screen = render(&app, 80, 24);
        assert!(
            !screen.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the screen after {input:?}:\n{screen}"
        );
        // The escaped form is what shows.
        if input == "<Enter><Enter>" {
            assert!(screen.contains("\\u{1b}"), "{screen}");
        }
    }
}

/// A progress file in a temp dir, and the paths the store writes through.
fn temp_progress(text: &str) -> (tempfile::TempDir, Paths) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.toml");
    std::fs::write(&path, text).unwrap();
    let paths = Paths {
        progress: path,
        progress_origin: Origin::Flag,
        user_roadmaps: None,
    };
    (dir, paths)
}

/// Type `text`, carrying out every change as the event loop does.
fn type_and_apply(app: &mut App, paths: &Paths, text: &str) {
    for k in keys(text) {
        if let Action::Apply(request) = app.handle_key(k) {
            let outcome = tui::write_change(paths, &app.roadmap, &request, app.today)
                .map_err(|e| e.to_string());
            if let Ok(file) = roadmap::store::read_progress(&paths.progress) {
                app.reload(&file.progress);
            }
            let message = outcome.map(|effects| tui::describe(app, &request, &effects));
            app.applied(&request, message);
        }
    }
}

#[test]
fn keys_change_the_file_through_the_store() {
    let fixture_text = std::fs::read_to_string(fixture("tui/progress.toml")).unwrap();
    let (_dir, paths) = temp_progress(&fixture_text);
    let mut app = learner();
    // enums is started: mark it done from the item list.
    type_and_apply(&mut app, &paths, "<Enter>jjd");
    assert_eq!(app.status.command, "roadmap done enums");
    assert_eq!(app.status.message, "marked `enums` done (2026-11-30)");
    let text = std::fs::read_to_string(&paths.progress).unwrap();
    assert!(
        text.contains("[roadmaps.rust-dev.items.enums]\nstatus = \"done\"\nstarted = 2026-11-20\ndone = 2026-11-30"),
        "{text}"
    );
    // Hand-written parts of the file survive.
    assert!(
        text.contains("note = \"Chapter 4 twice, then rustlings\""),
        "{text}"
    );

    // start, skip and undo the next one, traits.
    type_and_apply(&mut app, &paths, "js");
    assert_eq!(app.status.command, "roadmap start traits");
    type_and_apply(&mut app, &paths, "x");
    assert_eq!(app.status.message, "skipped `traits`");
    type_and_apply(&mut app, &paths, "u");
    assert_eq!(app.status.message, "`traits` is back to todo (was skipped)");
    let text = std::fs::read_to_string(&paths.progress).unwrap();
    assert!(!text.contains("items.traits]\nstatus"), "{text}");

    // A note typed in place, with a quote in it.
    type_and_apply(&mut app, &paths, "nIt's generic<Enter>");
    assert_eq!(app.status.command, r"roadmap note traits 'It'\''s generic'");
    assert_eq!(app.status.message, "noted on `traits`");
    let text = std::fs::read_to_string(&paths.progress).unwrap();
    assert!(text.contains("note = \"It's generic\""), "{text}");
    // Editing it again starts from the note; clearing it removes it.
    type_and_apply(&mut app, &paths, "n");
    match &app.mode {
        tui::state::Mode::Note(_, line) => assert_eq!(line.text, "It's generic"),
        other => panic!("not editing a note: {other:?}"),
    }
    for _ in 0.."It's generic".len() {
        type_and_apply(&mut app, &paths, "<Backspace>");
    }
    type_and_apply(&mut app, &paths, "<Enter>");
    assert_eq!(app.status.message, "removed the note of `traits`");
}

#[test]
fn done_before_the_prerequisites_says_which_are_open() {
    let fixture_text = std::fs::read_to_string(fixture("tui/progress.toml")).unwrap();
    let (_dir, paths) = temp_progress(&fixture_text);
    let mut app = learner();
    // cli-tool needs traits and errors, neither done.
    type_and_apply(&mut app, &paths, "/cli-tool<Enter>d");
    assert_eq!(
        app.status.message,
        "marked `cli-tool` done (2026-11-30); not done yet: traits, errors"
    );
}

#[test]
fn a_change_made_elsewhere_is_kept_and_shown() {
    let fixture_text = std::fs::read_to_string(fixture("tui/progress.toml")).unwrap();
    let (_dir, paths) = temp_progress(&fixture_text);
    let mut app = learner();
    // Another process marks `errors` done while the browser shows the old file.
    let other = fixture_text.clone()
        + "\n[roadmaps.rust-dev.items.errors]\nstatus = \"done\"\ndone = 2026-11-29\n";
    std::fs::write(&paths.progress, other).unwrap();
    // The browser, unaware, marks `traits` done: both land.
    type_and_apply(&mut app, &paths, "/traits<Enter>d");
    let text = std::fs::read_to_string(&paths.progress).unwrap();
    assert!(text.contains("items.errors]\nstatus = \"done\""), "{text}");
    assert!(text.contains("items.traits]\nstatus = \"done\""), "{text}");
    // And the screen shows both.
    let errors = app.roadmap.item_index("errors").unwrap();
    assert_eq!(app.status_of(errors), roadmap::progress::Status::Done);
}

#[test]
fn a_corrupt_file_is_reported_and_left_alone() {
    let (_dir, paths) = temp_progress("format = 1\n[roadmaps.rust-dev.items.install\n");
    let mut app = learner();
    type_and_apply(&mut app, &paths, "<Enter>d");
    assert!(app.status.error, "{:?}", app.status);
    assert!(
        app.status.message.contains("progress.toml"),
        "{:?}",
        app.status
    );
    let text = std::fs::read_to_string(&paths.progress).unwrap();
    assert_eq!(text, "format = 1\n[roadmaps.rust-dev.items.install\n");
}
