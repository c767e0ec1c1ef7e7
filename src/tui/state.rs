//! What the browser shows and how keys change it. Pure: no terminal, no disk.
//! A key that asks for a change to the progress file comes back as a
//! [`Request`]; the event loop carries it out through the store and reports
//! the outcome with [`App::applied`].

use std::cell::Cell;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::forecast::Forecast;
use crate::progress::{ItemProgress, Progress, Status};
use crate::report::{Counts, EffectiveProfile, Report, StageReport};
use crate::roadmap::Roadmap;

/// The three screens, from the whole roadmap down to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Stages,
    /// The items of the stage under the stage cursor.
    Items,
    /// One item's whole story.
    Item(usize),
}

/// What the keyboard is doing: browsing, or typing into a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Help,
    Search(LineEdit),
    /// Editing the note of this item.
    Note(usize, LineEdit),
}

/// A one-line text field: the raw text and a cursor, in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    pub text: String,
    pub cursor: usize,
}

impl LineEdit {
    pub fn with_text(text: &str) -> LineEdit {
        LineEdit {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte_at(&self, cursor: usize) -> usize {
        self.text
            .char_indices()
            .nth(cursor)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn insert(&mut self, text: &str) {
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, text);
        self.cursor += text.chars().count();
    }

    /// The text before the cursor.
    pub fn before_cursor(&self) -> &str {
        &self.text[..self.byte_at(self.cursor)]
    }

    /// Edit keys shared by every line; true when the key was one of them.
    fn key(&mut self, key: KeyEvent) -> bool {
        let len = self.text.chars().count();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let at = self.byte_at(self.cursor);
                self.text.replace_range(..at, "");
                self.cursor = 0;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = len,
            KeyCode::Char(c) if !ctrl => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace if self.cursor > 0 => {
                let start = self.byte_at(self.cursor - 1);
                let end = self.byte_at(self.cursor);
                self.text.replace_range(start..end, "");
                self.cursor -= 1;
            }
            KeyCode::Delete if self.cursor < len => {
                let start = self.byte_at(self.cursor);
                let end = self.byte_at(self.cursor + 1);
                self.text.replace_range(start..end, "");
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }
}

/// A change to one item's progress, as the commands name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Done,
    Start,
    Skip,
    Undo,
    /// Set the note; empty removes it.
    Note(String),
}

impl Change {
    pub fn verb(&self) -> &'static str {
        match self {
            Change::Done => "done",
            Change::Start => "start",
            Change::Skip => "skip",
            Change::Undo => "undo",
            Change::Note(_) => "note",
        }
    }
}

/// A change the event loop is to make, to the item at this index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub item: usize,
    pub change: Change,
}

/// What a key asks of the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Quit,
    Apply(Request),
}

/// The last thing done, as the command that does the same, and how it went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusLine {
    /// The command-line equivalent, e.g. `roadmap done python`.
    pub command: String,
    pub message: String,
    pub error: bool,
}

/// Where the learner stands: the parts of a [`Report`] the screens draw.
#[derive(Debug, Clone)]
pub struct Standing {
    pub profile: EffectiveProfile,
    pub items: Vec<ItemProgress>,
    pub stages: Vec<StageReport>,
    pub summary: Counts,
    pub forecast: Forecast,
    pub orphans: usize,
}

impl Standing {
    pub fn new(roadmap: &Roadmap, progress: &Progress, today: NaiveDate) -> Standing {
        let report = Report::build(roadmap, progress, today);
        Standing {
            profile: report.profile,
            items: report.items,
            stages: report.stages,
            summary: report.summary,
            forecast: report.forecast,
            orphans: report.orphans.len(),
        }
    }

    pub fn current_stage(&self) -> Option<usize> {
        self.stages
            .iter()
            .position(|s| !s.counts.is_complete() && s.counts.total > 0)
    }
}

/// The whole state of the browser.
#[derive(Debug)]
pub struct App {
    pub roadmap: Roadmap,
    pub today: NaiveDate,
    pub color: bool,
    pub standing: Standing,
    pub screen: Screen,
    pub mode: Mode,
    pub stage_cursor: usize,
    /// Position in the list of the current stage's shown items.
    pub item_cursor: usize,
    /// First line shown on the item screen.
    pub detail_scroll: u16,
    /// Only the items of this track (index into `roadmap.tracks`).
    pub track: Option<usize>,
    pub status: StatusLine,
    /// First row shown in the stage and item lists; the drawing keeps the
    /// cursor in view, so it lives in a cell.
    pub stage_offset: Cell<usize>,
    pub item_offset: Cell<usize>,
    /// Rows the last drawing had for a list, for page up and down.
    pub page: Cell<usize>,
    /// How far the item screen can scroll, as last drawn.
    pub detail_max: Cell<u16>,
    /// Per item, the indices of the tracks that list it.
    item_tracks: Vec<Vec<usize>>,
    /// Per item, the items that list it as a prerequisite.
    unlocks: Vec<Vec<usize>>,
}

impl App {
    pub fn new(roadmap: Roadmap, progress: &Progress, today: NaiveDate, color: bool) -> App {
        let standing = Standing::new(&roadmap, progress, today);
        let mut item_tracks = vec![Vec::new(); roadmap.items.len()];
        for (t, track) in roadmap.tracks.iter().enumerate() {
            for &i in &track.items {
                if item_tracks[i].last() != Some(&t) {
                    item_tracks[i].push(t);
                }
            }
        }
        let mut unlocks = vec![Vec::new(); roadmap.items.len()];
        for (i, item) in roadmap.items.iter().enumerate() {
            for &r in &item.requires {
                unlocks[r].push(i);
            }
        }
        let stage_cursor = standing.current_stage().unwrap_or(0);
        App {
            roadmap,
            today,
            color,
            standing,
            screen: Screen::Stages,
            mode: Mode::Normal,
            stage_cursor,
            item_cursor: 0,
            detail_scroll: 0,
            track: None,
            status: StatusLine {
                command: "roadmap status".into(),
                message: "? shows the keys".into(),
                error: false,
            },
            stage_offset: Cell::new(0),
            item_offset: Cell::new(0),
            page: Cell::new(10),
            detail_max: Cell::new(u16::MAX),
            item_tracks,
            unlocks,
        }
    }

    /// The progress file changed: redraw from what it says now, the cursor
    /// staying where it was.
    pub fn reload(&mut self, progress: &Progress) {
        self.standing = Standing::new(&self.roadmap, progress, self.today);
    }

    pub fn tracks_of(&self, item: usize) -> &[usize] {
        &self.item_tracks[item]
    }

    pub fn unlocks_of(&self, item: usize) -> &[usize] {
        &self.unlocks[item]
    }

    pub fn status_of(&self, item: usize) -> Status {
        self.standing.items[item].status
    }

    pub fn prerequisites_met(&self, item: usize) -> bool {
        self.roadmap.items[item]
            .requires
            .iter()
            .all(|&r| matches!(self.status_of(r), Status::Done | Status::Skipped))
    }

    fn in_track(&self, item: usize) -> bool {
        self.track
            .is_none_or(|t| self.item_tracks[item].contains(&t))
    }

    /// The items the item list shows: the current stage's, within the track filter.
    pub fn shown_items(&self) -> Vec<usize> {
        let Some(stage) = self.roadmap.stages.get(self.stage_cursor) else {
            return Vec::new();
        };
        stage.items.clone().filter(|&i| self.in_track(i)).collect()
    }

    /// The item the change keys act on, where there is one.
    pub fn selected_item(&self) -> Option<usize> {
        match self.screen {
            Screen::Stages => None,
            Screen::Items => self.shown_items().get(self.item_cursor).copied(),
            Screen::Item(i) => Some(i),
        }
    }

    fn id(&self, item: usize) -> String {
        self.roadmap.items[item].id.to_string()
    }

    fn say(&mut self, command: String, message: impl Into<String>) {
        self.status = StatusLine {
            command,
            message: message.into(),
            error: false,
        };
    }

    fn complain(&mut self, message: impl Into<String>) {
        self.status = StatusLine {
            command: String::new(),
            message: message.into(),
            error: true,
        };
    }

    /// The outcome of a [`Request`]: the store's message, or its error.
    pub fn applied(&mut self, request: &Request, outcome: Result<String, String>) {
        let id = self.id(request.item);
        let command = match &request.change {
            Change::Note(text) => format!("roadmap note {id} {}", shell_quote(text)),
            change => format!("roadmap {} {id}", change.verb()),
        };
        match outcome {
            Ok(message) => self.say(command, message),
            Err(message) => {
                self.status = StatusLine {
                    command,
                    message,
                    error: true,
                };
            }
        }
    }

    /// Tell the learner something that happened outside a key, such as another
    /// process writing the file.
    pub fn notice(&mut self, message: impl Into<String>, error: bool) {
        self.status = StatusLine {
            command: String::new(),
            message: message.into(),
            error,
        };
    }

    /// Text pasted into the terminal: typed into the line being edited.
    pub fn paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Search(line) => line.insert(&text.replace(['\r', '\n'], " ")),
            // Pasted line breaks arrive as CR; a note keeps them as newlines.
            Mode::Note(_, line) => line.insert(&text.replace("\r\n", "\n").replace('\r', "\n")),
            _ => {}
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Action {
        if key.kind == KeyEventKind::Release {
            return Action::None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('d')) {
            return Action::Quit;
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.normal_key(key),
            Mode::Help => match key.code {
                KeyCode::Char('q') => Action::Quit,
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Enter | KeyCode::Char('h') => {
                    Action::None
                }
                _ => {
                    self.mode = Mode::Help;
                    Action::None
                }
            },
            Mode::Search(mut line) => {
                match key.code {
                    KeyCode::Esc => self.say(String::new(), "search cancelled"),
                    KeyCode::Enter => self.jump_to_match(&line.text),
                    _ => {
                        line.key(key);
                        self.mode = Mode::Search(line);
                    }
                }
                Action::None
            }
            Mode::Note(item, mut line) => match key.code {
                KeyCode::Esc => {
                    self.say(String::new(), "note unchanged");
                    Action::None
                }
                KeyCode::Enter => Action::Apply(Request {
                    item,
                    change: Change::Note(line.text),
                }),
                _ => {
                    line.key(key);
                    self.mode = Mode::Note(item, line);
                    Action::None
                }
            },
        }
    }

    fn normal_key(&mut self, key: KeyEvent) -> Action {
        match key.code {
            KeyCode::Char('q') => return Action::Quit,
            KeyCode::Char('?') => self.mode = Mode::Help,
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1),
            KeyCode::PageUp => self.move_by(-(self.page.get().max(1) as isize)),
            KeyCode::PageDown => self.move_by(self.page.get().max(1) as isize),
            KeyCode::Home | KeyCode::Char('g') => self.move_by(isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => self.move_by(isize::MAX / 2),
            KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => self.open(),
            KeyCode::Esc | KeyCode::Char('h') | KeyCode::Left | KeyCode::Backspace => self.back(),
            KeyCode::Char('/') => self.mode = Mode::Search(LineEdit::default()),
            KeyCode::Char('t') => self.next_track(),
            KeyCode::Char(c @ ('d' | 's' | 'x' | 'u' | 'n')) => return self.change_key(c),
            _ => {}
        }
        Action::None
    }

    fn change_key(&mut self, key: char) -> Action {
        let Some(item) = self.selected_item() else {
            let message = match self.screen {
                Screen::Stages => "open a stage (Enter) and pick an item first",
                _ => "no item here: `t` changes the track filter",
            };
            self.complain(message);
            return Action::None;
        };
        let change = match key {
            'd' => Change::Done,
            's' => Change::Start,
            'x' => Change::Skip,
            'u' => Change::Undo,
            _ => {
                let note = self.standing.items[item].note.clone().unwrap_or_default();
                self.mode = Mode::Note(item, LineEdit::with_text(&note));
                return Action::None;
            }
        };
        Action::Apply(Request { item, change })
    }

    fn move_by(&mut self, delta: isize) {
        let step = |cursor: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            cursor.saturating_add_signed(delta).min(len - 1)
        };
        match self.screen {
            Screen::Stages => {
                self.stage_cursor = step(self.stage_cursor, self.roadmap.stages.len());
            }
            Screen::Items => {
                self.item_cursor = step(self.item_cursor, self.shown_items().len());
            }
            Screen::Item(_) => {
                let scroll = i64::from(self.detail_scroll)
                    .saturating_add(delta as i64)
                    .clamp(0, i64::from(self.detail_max.get()));
                self.detail_scroll = scroll as u16;
            }
        }
    }

    fn open(&mut self) {
        match self.screen {
            Screen::Stages => {
                if self.roadmap.stages.is_empty() {
                    return;
                }
                self.screen = Screen::Items;
                self.item_cursor = 0;
                self.item_offset.set(0);
                let stage = &self.roadmap.stages[self.stage_cursor];
                let command = match self.track {
                    Some(t) => format!(
                        "roadmap list {} --track {}",
                        &stage.id, &self.roadmap.tracks[t].id
                    ),
                    None => format!("roadmap list {}", &stage.id),
                };
                let message = stage.title.to_string();
                self.say(command, message);
            }
            Screen::Items => {
                if let Some(item) = self.selected_item() {
                    self.show_item(item);
                }
            }
            Screen::Item(_) => {}
        }
    }

    fn show_item(&mut self, item: usize) {
        self.screen = Screen::Item(item);
        self.detail_scroll = 0;
        let id = self.id(item);
        let title = self.roadmap.items[item].title.to_string();
        self.say(format!("roadmap show {id}"), title);
    }

    fn back(&mut self) {
        match self.screen {
            Screen::Stages => {}
            Screen::Items => {
                self.screen = Screen::Stages;
                self.say("roadmap status".into(), "");
            }
            Screen::Item(item) => {
                // Back to the item's own stage, with the cursor on it.
                self.stage_cursor = self.roadmap.items[item].stage;
                self.screen = Screen::Items;
                self.item_cursor = self
                    .shown_items()
                    .iter()
                    .position(|&i| i == item)
                    .unwrap_or(0);
                let stage = &self.roadmap.stages[self.stage_cursor].id;
                self.say(format!("roadmap list {stage}"), "");
            }
        }
    }

    fn next_track(&mut self) {
        if self.roadmap.tracks.is_empty() {
            self.complain("this roadmap has no tracks");
            return;
        }
        let keep = self.selected_item();
        self.track = match self.track {
            None => Some(0),
            Some(t) if t + 1 < self.roadmap.tracks.len() => Some(t + 1),
            Some(_) => None,
        };
        // Keep the cursor on the same item where the new filter still shows it.
        if self.screen == Screen::Items {
            let shown = self.shown_items();
            self.item_cursor = keep
                .and_then(|k| shown.iter().position(|&i| i == k))
                .unwrap_or(0)
                .min(shown.len().saturating_sub(1));
        }
        match self.track {
            Some(t) => {
                let track = &self.roadmap.tracks[t];
                let count = track.items.len();
                let id = track.id.to_string();
                let title = track.title.to_string();
                self.say(
                    format!("roadmap list --track {id}"),
                    format!("track {title}, {count} items; t: the next"),
                );
            }
            None => self.say("roadmap list".into(), "all items, no track filter"),
        }
    }

    /// The items whose id or title holds `query` (case-insensitive), best first:
    /// an exact id, then ids and titles that begin with it, then the rest, each
    /// in roadmap order.
    pub fn matches(&self, query: &str) -> Vec<usize> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        let mut ranked: Vec<(u8, usize)> = Vec::new();
        for (i, item) in self.roadmap.items.iter().enumerate() {
            let id = item.id.as_str();
            let title = item.title.to_lowercase();
            let rank = if id == query {
                0
            } else if id.starts_with(&query) || title.starts_with(&query) {
                1
            } else if id.contains(&query) || title.contains(&query) {
                2
            } else {
                continue;
            };
            ranked.push((rank, i));
        }
        ranked.sort();
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    fn jump_to_match(&mut self, query: &str) {
        let found = self.matches(query);
        let Some(&item) = found.first() else {
            self.complain(format!("nothing matches `{}`", query.trim()));
            return;
        };
        self.stage_cursor = self.roadmap.items[item].stage;
        if !self.in_track(item) {
            self.track = None;
        }
        self.screen = Screen::Items;
        self.item_cursor = self
            .shown_items()
            .iter()
            .position(|&i| i == item)
            .unwrap_or(0);
        let id = self.id(item);
        let more = match found.len() {
            1 => String::new(),
            n => format!(" (first of {n} matches)"),
        };
        let title = self.roadmap.items[item].title.to_string();
        self.say(format!("roadmap show {id}"), format!("{title}{more}"));
    }
}

/// A note as it would be typed in a POSIX shell: single-quoted when it needs to be.
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:,".contains(c))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROADMAP: &str = "\
format: 1
id: t
title: T
hours_per_week: 10
stages:
  - id: one
    title: One
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: alpha, title: Alpha }
      - { id: beta, title: Beta skill, requires: [alpha] }
      - { id: gamma, title: Gamma }
  - id: two
    title: Two
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: delta, title: Delta alphabet }
tracks:
  - { id: quick, title: Quick, items: [beta, delta] }
";

    fn app() -> App {
        let (roadmap, _) =
            crate::roadmap::parse(ROADMAP.as_bytes()).expect("test roadmap is valid");
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        App::new(roadmap, &Progress::default(), today, false)
    }

    fn press(app: &mut App, code: KeyCode) -> Action {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
    }

    #[test]
    fn arrows_and_vi_keys_move_and_stop_at_the_ends() {
        let mut app = app();
        assert_eq!(app.stage_cursor, 0);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(
            app.stage_cursor, 1,
            "two stages: the cursor stays on the last"
        );
        press(&mut app, KeyCode::Char('k'));
        press(&mut app, KeyCode::Up);
        assert_eq!(app.stage_cursor, 0);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.screen, Screen::Items);
        press(&mut app, KeyCode::Char('G'));
        assert_eq!(app.item_cursor, 2);
        press(&mut app, KeyCode::Char('g'));
        assert_eq!(app.item_cursor, 0);
    }

    #[test]
    fn enter_opens_and_esc_goes_back_to_where_it_was() {
        let mut app = app();
        press(&mut app, KeyCode::Char('l'));
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.screen, Screen::Item(1));
        assert_eq!(app.status.command, "roadmap show beta");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.screen, Screen::Items);
        assert_eq!(app.item_cursor, 1, "back on the item it came from");
        press(&mut app, KeyCode::Char('h'));
        assert_eq!(app.screen, Screen::Stages);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.screen, Screen::Stages, "Esc on the first screen stays");
    }

    #[test]
    fn change_keys_ask_for_the_selected_item() {
        let mut app = app();
        assert_eq!(press(&mut app, KeyCode::Char('d')), Action::None);
        assert!(app.status.error, "no item on the stage screen");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('j'));
        for (key, change) in [
            ('d', Change::Done),
            ('s', Change::Start),
            ('x', Change::Skip),
            ('u', Change::Undo),
        ] {
            assert_eq!(
                press(&mut app, KeyCode::Char(key)),
                Action::Apply(Request { item: 1, change })
            );
        }
    }

    #[test]
    fn the_note_is_edited_in_place_and_saved_with_enter() {
        let mut app = app();
        press(&mut app, KeyCode::Enter);
        assert_eq!(press(&mut app, KeyCode::Char('n')), Action::None);
        // Keys that would change or quit are text while editing.
        typed(&mut app, "dq x");
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Backspace);
        typed(&mut app, "é");
        assert_eq!(
            press(&mut app, KeyCode::Enter),
            Action::Apply(Request {
                item: 0,
                change: Change::Note("dqéx".into())
            })
        );
        assert_eq!(app.mode, Mode::Normal);
        // Esc leaves without a change.
        press(&mut app, KeyCode::Char('n'));
        typed(&mut app, "abc");
        assert_eq!(press(&mut app, KeyCode::Esc), Action::None);
        assert_eq!(app.mode, Mode::Normal);
    }

    #[test]
    fn search_ranks_an_exact_id_first_and_enter_jumps() {
        let app = app();
        // "alpha" is an id, and inside the title "Delta alphabet".
        assert_eq!(app.matches("alpha"), vec![0, 3]);
        assert_eq!(app.matches("ALPHA"), vec![0, 3]);
        // Prefixes before substrings.
        assert_eq!(app.matches("a"), vec![0, 1, 2, 3]);
        assert_eq!(app.matches("ta"), vec![1, 3]);
        assert!(app.matches("  ").is_empty());

        let mut app = app;
        press(&mut app, KeyCode::Char('/'));
        typed(&mut app, "delta");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.screen, Screen::Items);
        assert_eq!(app.stage_cursor, 1);
        assert_eq!(app.selected_item(), Some(3));
        assert_eq!(app.status.command, "roadmap show delta");

        press(&mut app, KeyCode::Char('/'));
        typed(&mut app, "nothing-like-it");
        press(&mut app, KeyCode::Enter);
        assert!(app.status.error);
        assert_eq!(
            app.selected_item(),
            Some(3),
            "a search that fails moves nothing"
        );
    }

    #[test]
    fn t_cycles_the_track_filter_and_keeps_the_cursor_on_its_item() {
        let mut app = app();
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('t'));
        assert_eq!(app.track, Some(0));
        assert_eq!(app.shown_items(), vec![1]);
        assert_eq!(app.selected_item(), Some(1));
        assert_eq!(app.status.command, "roadmap list --track quick");
        press(&mut app, KeyCode::Char('t'));
        assert_eq!(app.track, None);
        assert_eq!(app.shown_items(), vec![0, 1, 2]);
        assert_eq!(app.selected_item(), Some(1));
    }

    #[test]
    fn help_opens_with_a_question_mark_and_any_key_closes_it() {
        let mut app = app();
        press(&mut app, KeyCode::Char('?'));
        assert_eq!(app.mode, Mode::Help);
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(app.mode, Mode::Help, "keys do not move behind the help");
        assert_eq!(app.stage_cursor, 0);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Normal);
        press(&mut app, KeyCode::Char('?'));
        assert_eq!(press(&mut app, KeyCode::Char('q')), Action::Quit);
    }

    #[test]
    fn q_and_ctrl_c_quit_from_anywhere_but_a_line_being_typed() {
        let mut app = app();
        assert_eq!(press(&mut app, KeyCode::Char('q')), Action::Quit);
        press(&mut app, KeyCode::Char('/'));
        assert_eq!(press(&mut app, KeyCode::Char('q')), Action::None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(app.handle_key(ctrl_c), Action::Quit);
    }

    #[test]
    fn pasted_text_goes_into_the_line_being_edited() {
        let mut app = app();
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('n'));
        app.paste("line one\r\nline two");
        assert_eq!(
            press(&mut app, KeyCode::Enter),
            Action::Apply(Request {
                item: 0,
                change: Change::Note("line one\nline two".into())
            })
        );
        app.paste("ignored while browsing");
        assert_eq!(app.mode, Mode::Normal);
    }

    #[test]
    fn shell_quoting_of_notes() {
        assert_eq!(shell_quote("plain"), "plain");
        assert_eq!(shell_quote("two words"), "'two words'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(
            shell_quote("\x1b[2J"),
            "'\x1b[2J'",
            "raw: the status bar escapes it"
        );
    }
}
