//! `roadmap ui`: a full-screen browser of the roadmap (SPEC section 10).
//!
//! [`state`] holds what is shown and turns keys into actions, [`draw`] lays it
//! out, and this module owns the terminal and the event loop. Every change goes
//! through [`store::update_progress`] and [`change::change`], as the commands'
//! do: the file is read again under the lock, so what another process wrote
//! meanwhile is kept, and the screen follows the file whenever it changes.

pub mod draw;
pub mod state;

use std::fs;
use std::io::{self, Stdout};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, EnableBracketedPaste, EnableFocusChange, Event,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::progress::change::{self, Effect};
use crate::progress::{ProgressFile, Status};
use crate::roadmap::Roadmap;
use crate::store;

pub use state::{Action, App, Change, Request, Screen};

/// How long the loop waits for a key before it looks at the file and signals again.
const TICK: Duration = Duration::from_millis(200);
/// How often the progress file is checked for changes made elsewhere.
const WATCH_EVERY: Duration = Duration::from_millis(1000);

/// Make one change to one item through the store, as the commands do, and
/// say what it did (raw text: escape it where it is shown).
pub fn write_change(
    paths: &Paths,
    roadmap: &Roadmap,
    request: &Request,
    today: NaiveDate,
) -> Result<Vec<Effect>> {
    let change = match &request.change {
        Change::Done => change::Change::Done {
            on: None,
            note: None,
        },
        Change::Start => change::Change::Start { on: None },
        Change::Skip => change::Change::Skip,
        Change::Undo => change::Change::Undo,
        Change::Note(text) => change::Change::Note(text),
    };
    let (effects, _) = store::update_progress(paths, |file| {
        Ok(change::change(
            file,
            roadmap,
            &[request.item],
            change,
            today,
        ))
    })?;
    Ok(effects.into_iter().map(|(_, effect)| effect).collect())
}

/// What the status line says after a change: the effect, and for an item
/// marked done before its prerequisites, which ones are still open.
pub fn describe(app: &App, request: &Request, effects: &[Effect]) -> String {
    let id = app.roadmap.items[request.item].id.to_string();
    let mut message = effects
        .iter()
        .map(|e| e.describe(&id))
        .collect::<Vec<_>>()
        .join("; ");
    if effects.iter().any(|e| matches!(e, Effect::Done(_))) {
        let open: Vec<String> = app.roadmap.items[request.item]
            .requires
            .iter()
            .filter(|&&r| !matches!(app.status_of(r), Status::Done | Status::Skipped))
            .map(|&r| app.roadmap.items[r].id.to_string())
            .collect();
        if !open.is_empty() {
            message.push_str(&format!("; not done yet: {}", open.join(", ")));
        }
    }
    message
}

/// One line for the status bar from an error: its first sentence, raw (the
/// status bar escapes it where it is drawn).
fn error_line(err: &Error) -> String {
    err.to_string()
}

/// What identifies one version of the progress file on disk. Every write
/// renames a new file into place, so the inode changes even when the size
/// and the second do not.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp(Option<(std::time::SystemTime, u64, u64)>);

impl Stamp {
    fn of(path: &Path) -> Stamp {
        Stamp(fs::metadata(path).ok().map(|m| {
            #[cfg(unix)]
            let ino = std::os::unix::fs::MetadataExt::ino(&m);
            #[cfg(not(unix))]
            let ino = 0;
            (m.modified().unwrap_or(std::time::UNIX_EPOCH), m.len(), ino)
        }))
    }
}

/// Follows the progress file: re-reads it when it changed on disk.
struct Watch {
    path: PathBuf,
    seen: Stamp,
    checked: Instant,
}

impl Watch {
    fn new(path: &Path) -> Watch {
        Watch {
            path: path.to_path_buf(),
            seen: Stamp::of(path),
            checked: Instant::now(),
        }
    }

    /// Re-read the file if it changed since last seen (or always, when `force`):
    /// true when the screen needs drawing again.
    fn refresh(&mut self, app: &mut App, force: bool, elsewhere: bool) -> bool {
        self.checked = Instant::now();
        let now = Stamp::of(&self.path);
        if now == self.seen && !force {
            return false;
        }
        self.seen = now;
        match store::read_progress(&self.path) {
            Ok(file) => {
                app.reload(&file.progress);
                if elsewhere {
                    app.notice(
                        "the progress file changed elsewhere; showing it as it is now",
                        false,
                    );
                }
            }
            Err(err) => app.notice(error_line(&err), true),
        }
        true
    }
}

/// The terminal in raw mode on the alternate screen, put back when dropped.
struct Screenful;

impl Screenful {
    fn enter() -> io::Result<Screenful> {
        enable_raw_mode()?;
        let guard = Screenful;
        crossterm::execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableFocusChange
        )?;
        Ok(guard)
    }
}

impl Drop for Screenful {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Leave the alternate screen and raw mode, show the cursor. Safe to call twice.
fn restore_terminal() {
    let _ = crossterm::execute!(
        io::stdout(),
        DisableFocusChange,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// A panic prints its message on the restored terminal, not into the alternate screen.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// Run the browser until the learner quits or a signal asks it to stop.
pub fn run(
    paths: &Paths,
    roadmap: Roadmap,
    progress: &ProgressFile,
    today: NaiveDate,
    color: bool,
) -> Result<()> {
    let mut app = App::new(roadmap, &progress.progress, today, color);
    let mut watch = Watch::new(&paths.progress);
    // SIGTERM, SIGHUP and SIGINT end the loop at the next tick, so the terminal
    // is put back before the process goes the way the signal meant.
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .map_err(Error::Output)?;
    }
    install_panic_hook();
    let guard = Screenful::enter().map_err(Error::Output)?;
    let result = Terminal::new(CrosstermBackend::new(io::stdout()))
        .map_err(Error::Output)
        .and_then(|mut terminal| event_loop(&mut terminal, &mut app, paths, &mut watch, &signal));
    drop(guard);
    let sig = signal.load(Ordering::Relaxed);
    if sig != 0 {
        let _ = signal_hook::low_level::emulate_default_handler(sig as i32);
    }
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    paths: &Paths,
    watch: &mut Watch,
    signal: &AtomicUsize,
) -> Result<()> {
    let mut dirty = true;
    loop {
        if signal.load(Ordering::Relaxed) != 0 {
            return Ok(());
        }
        if dirty {
            terminal
                .draw(|frame| draw::draw(frame, app))
                .map_err(Error::Output)?;
            dirty = false;
        }
        let mut wait = TICK;
        // Handle every event that is waiting before drawing again.
        while event::poll(wait).map_err(Error::Output)? {
            wait = Duration::ZERO;
            dirty = true;
            match event::read().map_err(Error::Output)? {
                Event::Key(key) => match app.handle_key(key) {
                    Action::Quit => return Ok(()),
                    Action::None => {}
                    Action::Apply(request) => {
                        match write_change(paths, &app.roadmap, &request, app.today) {
                            Ok(effects) => {
                                watch.refresh(app, true, false);
                                let message = describe(app, &request, &effects);
                                app.applied(&request, Ok(message));
                            }
                            Err(err) => app.applied(&request, Err(error_line(&err))),
                        }
                    }
                },
                Event::Paste(text) => app.paste(&text),
                Event::FocusGained => {
                    watch.refresh(app, false, true);
                }
                Event::Resize(..) => terminal.autoresize().map_err(Error::Output)?,
                _ => {}
            }
        }
        if watch.checked.elapsed() >= WATCH_EVERY {
            dirty |= watch.refresh(app, false, true);
        }
    }
}
