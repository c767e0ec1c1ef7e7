//! Drawing: the state in, cells out. Only the rows in view are laid out, so a
//! stage of ten thousand items draws as fast as one of ten.
//!
//! Every text from the roadmap or the progress file passes through
//! [`crate::ui::escape`] before it reaches a cell: no file can drive the terminal.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::forecast::{State, month_of};
use crate::progress::Status;
use crate::tui::state::{App, LineEdit, Mode, Screen};
use crate::ui::{escape, months_range, pad, pad_left, truncate, width};

/// The draw edge: text from a file, made safe before it reaches a cell.
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text)
}

/// Styles, with colour only when colour is on; reverse video and bold are not colour.
struct Theme {
    color: bool,
}

impl Theme {
    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }
    fn status(&self, status: Status) -> Style {
        match status {
            Status::Done => self.fg(Color::Green),
            Status::Started => self.fg(Color::Yellow),
            Status::Skipped => Style::new().add_modifier(Modifier::DIM),
            Status::Todo => Style::new(),
        }
    }
    fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    fn accent(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}

pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Done => "[x]",
        Status::Started => "[~]",
        Status::Skipped => "[-]",
        Status::Todo => "[ ]",
    }
}

/// A progress bar `cells` wide, never full while work is left nor empty once some is done.
fn bar(percent: f64, cells: usize) -> (String, String) {
    let filled = ((percent / 100.0) * cells as f64).round() as usize;
    let filled = filled.min(cells);
    let filled = if percent < 100.0 && filled == cells {
        cells.saturating_sub(1)
    } else if percent > 0.0 && filled == 0 {
        1.min(cells)
    } else {
        filled
    };
    ("█".repeat(filled), "░".repeat(cells - filled))
}

fn percent_text(percent: f64) -> String {
    format!("{}%", crate::view::percent_text(percent))
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

pub fn draw(frame: &mut Frame, app: &App) {
    let theme = Theme { color: app.color };
    let [header, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    draw_header(frame, app, &theme, header);
    match app.screen {
        Screen::Stages => draw_stages(frame, app, &theme, body),
        Screen::Items => draw_items(frame, app, &theme, body),
        Screen::Item(i) => draw_item(frame, app, &theme, body, i),
    }
    draw_status(frame, app, &theme, status);
    draw_keys(frame, app, &theme, keys);
    if app.mode == Mode::Help {
        draw_help(frame, &theme, frame.area());
    }
}

fn draw_header(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let s = &app.standing.summary;
    let mut spans = vec![
        Span::styled(safe(&app.roadmap.title).into_owned(), theme.bold()),
        Span::raw(format!(
            " · {} done, {}/{} items",
            percent_text(s.percent()),
            s.done,
            s.total
        )),
    ];
    if let Some(t) = app.track {
        spans.push(Span::raw(" · track "));
        spans.push(Span::styled(
            safe(&app.roadmap.tracks[t].id).into_owned(),
            theme.accent(),
        ));
    } else {
        let p = &app.standing.profile;
        let mut parts = Vec::new();
        if let Some(b) = p.background {
            parts.push(safe(&app.roadmap.backgrounds[b].id).into_owned());
        }
        parts.push(format!(
            "{} h/week",
            crate::view::percent_text(p.hours_per_week)
        ));
        spans.push(Span::styled(
            format!(" · {}", parts.join(", ")),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(fit_spans(spans, area.width as usize)), area);
}

/// Cut a line of spans to `cells`, the last one ending in `…` when cut.
fn fit_spans(spans: Vec<Span<'static>>, cells: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let w = width(&span.content);
        if used + w <= cells {
            used += w;
            out.push(span);
            continue;
        }
        let left = cells - used;
        if left > 0 {
            let cut = truncate(&span.content, left).into_owned();
            out.push(Span::styled(cut, span.style));
        }
        break;
    }
    Line::from(out)
}

/// Keep `cursor` inside a window of `rows` starting at the stored offset.
fn scroll(offset: &std::cell::Cell<usize>, cursor: usize, rows: usize, len: usize) -> usize {
    let rows = rows.max(1);
    let mut first = offset.get().min(len.saturating_sub(rows));
    if cursor < first {
        first = cursor;
    } else if cursor >= first + rows {
        first = cursor + 1 - rows;
    }
    offset.set(first);
    first
}

fn draw_stages(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let roadmap = &app.roadmap;
    let stages = roadmap.stages.len();
    // The list takes what it needs, up to two thirds; the chosen stage's story the rest.
    let list_rows = (stages as u16 + 2)
        .min(area.height.saturating_mul(2) / 3)
        .max(3);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Length(list_rows), Constraint::Min(0)]).areas(area);
    let block = Block::bordered().title(" Stages ");
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);

    let cells = inner.width as usize;
    let wide = cells >= 70;
    let current = app.standing.current_stage();
    let number_w = stages.to_string().len();
    let bar_w = if wide { 10 } else { 6 };
    let rows: Vec<(String, String, String)> = (0..stages)
        .map(|k| {
            let c = &app.standing.stages[k].counts;
            let f = &app.standing.forecast.stages[k];
            let (min, max) = app.standing.stages[k].planned_months;
            let forecast = match (f.state, f.p50) {
                (_, None) => "-".to_string(),
                (State::Done, Some(d)) => date(Some(d)),
                (_, Some(d)) if Some(k) == current => date(Some(d)),
                (_, Some(d)) => month_of(d),
            };
            (
                format!("{}/{}", c.done, c.total),
                months_range(min, max),
                forecast,
            )
        })
        .collect();
    let done_w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let plan_w = rows.iter().map(|r| width(&r.1)).max().unwrap_or(0);
    let forecast_w = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
    let mut fixed = 2 + number_w + 1 + 1 + bar_w + 1 + 5 + 1 + done_w + 2 + forecast_w;
    if wide {
        fixed += 2 + plan_w;
    }
    let title_w = cells.saturating_sub(fixed).max(8);

    let first = scroll(
        &app.stage_offset,
        app.stage_cursor,
        inner.height as usize,
        stages,
    );
    let mut lines = Vec::new();
    let last = stages.min(first + inner.height as usize);
    for (k, row) in rows.iter().enumerate().take(last).skip(first) {
        let stage = &roadmap.stages[k];
        let c = &app.standing.stages[k].counts;
        let selected = k == app.stage_cursor && app.screen == Screen::Stages;
        let marker = if selected {
            "> "
        } else if Some(k) == current {
            "▶ "
        } else {
            "  "
        };
        let (full, empty) = bar(c.percent(), bar_w);
        let title = pad(&truncate(&safe(&stage.title), title_w), title_w);
        let mut spans = vec![
            Span::raw(format!(
                "{marker}{} ",
                pad_left(&(k + 1).to_string(), number_w)
            )),
            Span::styled(
                title,
                if Some(k) == current {
                    theme.bold()
                } else {
                    Style::new()
                },
            ),
            Span::raw(" "),
            Span::styled(full, theme.fg(Color::Green)),
            Span::styled(empty, theme.dim()),
            Span::raw(format!(
                " {} {}",
                pad_left(&percent_text(c.percent()), 5),
                pad_left(&row.0, done_w)
            )),
        ];
        if wide {
            spans.push(Span::raw(format!("  {}", pad(&row.1, plan_w))));
        }
        spans.push(Span::raw(format!("  {}", row.2)));
        let mut line = fit_spans(spans, cells);
        if selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    draw_stage_detail(frame, app, theme, detail_area);
}

fn draw_stage_detail(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if area.height < 3 {
        return;
    }
    let Some(stage) = app.roadmap.stages.get(app.stage_cursor) else {
        return;
    };
    let k = app.stage_cursor;
    let report = &app.standing.stages[k];
    let f = &app.standing.forecast.stages[k];
    let c = &report.counts;
    let block = Block::bordered().title(format!(" {} · {} ", k + 1, safe(&stage.title)));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} done", c.done), theme.status(Status::Done)),
        Span::raw(" · "),
        Span::styled(
            format!("{} started", c.started),
            theme.status(Status::Started),
        ),
        Span::raw(format!(" · {} todo · {} skipped", c.todo, c.skipped)),
    ])];
    let (min, max) = report.planned_months;
    let state = match f.state {
        State::Done => "finished",
        State::Ahead => "ahead of the plan",
        State::OnTrack => "on track",
        State::Behind => "behind the plan",
    };
    let forecast = match (f.state, f.p50, f.p85) {
        (State::Done, Some(d), _) => format!("finished {}", date(Some(d))),
        (_, Some(p50), Some(p85)) => format!(
            "forecast {} (even odds), {} (85%) · {state}",
            date(Some(p50)),
            date(Some(p85))
        ),
        _ => state.to_string(),
    };
    lines.push(Line::from(vec![
        Span::styled(format!("plan {}", months_range(min, max)), theme.dim()),
        Span::raw(" · "),
        Span::raw(forecast),
    ]));
    if let Some(t) = app.track {
        let track = &app.roadmap.tracks[t];
        let inside = track
            .items
            .iter()
            .filter(|&&i| stage.items.contains(&i))
            .count();
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "{inside} of this stage's items are on track {}",
                safe(&track.id)
            ),
            theme.accent(),
        ));
    }
    // What to take on next in this stage: started items, then those ready to start.
    let room = usize::from(block.inner(area).height).saturating_sub(lines.len() + 4);
    let started = stage
        .items
        .clone()
        .filter(|&i| app.status_of(i) == Status::Started);
    let ready = stage
        .items
        .clone()
        .filter(|&i| app.status_of(i) == Status::Todo && app.prerequisites_met(i));
    let next: Vec<usize> = started.chain(ready).take(room.min(5)).collect();
    if !next.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Next up", theme.bold()));
        let id_w = next
            .iter()
            .map(|&i| width(&safe(&app.roadmap.items[i].id)))
            .max()
            .unwrap_or(0);
        for i in next {
            let s = app.status_of(i);
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(mark(s), theme.status(s)),
                Span::raw(format!(" {}  ", pad(&safe(&app.roadmap.items[i].id), id_w))),
                Span::styled(safe(&app.roadmap.items[i].title).into_owned(), theme.dim()),
            ]));
        }
    }
    if let Some(summary) = &stage.summary {
        lines.push(Line::raw(""));
        lines.push(Line::raw(safe(summary).into_owned()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn item_when(app: &App, i: usize) -> String {
    let record = &app.standing.items[i];
    match record.status {
        Status::Done => format!("done {}", date(record.done)),
        Status::Started => format!("started {}", date(record.started)),
        Status::Skipped => "skipped".into(),
        Status::Todo if app.prerequisites_met(i) => String::new(),
        Status::Todo => "waiting".into(),
    }
}

fn draw_items(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let k = app.stage_cursor;
    let stage = &app.roadmap.stages[k];
    let c = &app.standing.stages[k].counts;
    let shown = app.shown_items();
    let mut title = format!(
        " {} · {} · {}/{} done ",
        k + 1,
        safe(&stage.title),
        c.done,
        c.total
    );
    if let Some(t) = app.track {
        title = format!(
            "{}· track {} ({}) ",
            title,
            safe(&app.roadmap.tracks[t].id),
            shown.len()
        );
    }
    let title = truncate(&title, area.width.saturating_sub(2) as usize).into_owned();
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = inner.height as usize;
    app.page.set(rows.saturating_sub(1).max(1));
    if shown.is_empty() {
        let text = match app.track {
            Some(t) => format!(
                "No item of this stage is on track {}. `t` changes the filter.",
                safe(&app.roadmap.tracks[t].id)
            ),
            None => "This stage has no items.".to_string(),
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        return;
    }
    let cells = inner.width as usize;
    let first = scroll(&app.item_offset, app.item_cursor, rows, shown.len());
    let visible = &shown[first..shown.len().min(first + rows)];
    let id_w = visible
        .iter()
        .map(|&i| width(&safe(&app.roadmap.items[i].id)))
        .max()
        .unwrap_or(0)
        .min(cells / 3);
    let whens: Vec<String> = visible.iter().map(|&i| item_when(app, i)).collect();
    let when_w = whens.iter().map(|w| w.len()).max().unwrap_or(0);
    let wide = cells >= 70 && when_w > 0;
    let title_w = cells.saturating_sub(2 + 4 + id_w + 2 + if wide { 2 + when_w } else { 0 });
    let mut lines = Vec::with_capacity(visible.len());
    for (row, &i) in visible.iter().enumerate() {
        let item = &app.roadmap.items[i];
        let status = app.status_of(i);
        let selected = first + row == app.item_cursor;
        let mut spans = vec![
            Span::raw(if selected { "> " } else { "  " }),
            Span::styled(mark(status), theme.status(status)),
            Span::raw(" "),
            Span::styled(pad(&truncate(&safe(&item.id), id_w), id_w), theme.bold()),
            Span::raw("  "),
            Span::raw(pad(&truncate(&safe(&item.title), title_w), title_w)),
        ];
        if wide {
            spans.push(Span::styled(
                format!("  {}", pad_left(&whens[row], when_w)),
                theme.dim(),
            ));
        }
        let mut line = fit_spans(spans, cells);
        if selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_item(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, i: usize) {
    let roadmap = &app.roadmap;
    let item = &roadmap.items[i];
    let record = &app.standing.items[i];
    let block = Block::bordered().title(format!(" {} ", safe(&item.id)));
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled(safe(&item.title).into_owned(), theme.bold()));
    let mut facts = vec![format!(
        "stage {} · {}",
        item.stage + 1,
        safe(&roadmap.stages[item.stage].title)
    )];
    if let Some(area) = &item.area {
        facts.push(safe(area).into_owned());
    }
    facts.push(format!("{} · weight {}", item.kind.as_str(), item.weight));
    lines.push(Line::styled(facts.join(" · "), theme.dim()));
    let status = match record.status {
        Status::Todo if app.prerequisites_met(i) => "todo, ready to start".to_string(),
        Status::Todo => "todo, waiting on prerequisites".to_string(),
        other => other.as_str().to_string(),
    };
    let mut status_line = vec![
        Span::raw("Status: "),
        Span::styled(
            format!("{} {status}", mark(record.status)),
            theme.status(record.status),
        ),
    ];
    if let Some(d) = record.started {
        status_line.push(Span::raw(format!(" · started {d}")));
    }
    if let Some(d) = record.done {
        status_line.push(Span::raw(format!(" · done {d}")));
    }
    lines.push(Line::from(status_line));
    match &record.note {
        Some(note) => {
            for (k, line) in note.lines().enumerate() {
                let label = if k == 0 { "Note: " } else { "      " };
                lines.push(Line::from(vec![
                    Span::styled(label, theme.bold()),
                    Span::raw(safe(line).into_owned()),
                ]));
            }
        }
        None => lines.push(Line::styled("Note: none yet · n writes one", theme.dim())),
    }
    if let Some(summary) = &item.summary {
        lines.push(Line::raw(""));
        lines.push(Line::raw(safe(summary).into_owned()));
    }
    let mut list = |heading: &str, items: &[usize]| {
        if items.is_empty() {
            return;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(heading.to_string(), theme.bold()));
        let id_w = items
            .iter()
            .map(|&r| width(&safe(&roadmap.items[r].id)))
            .max()
            .unwrap_or(0)
            .min(30);
        for &r in items {
            let s = app.status_of(r);
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(mark(s), theme.status(s)),
                Span::raw(" "),
                Span::raw(pad(&safe(&roadmap.items[r].id), id_w)),
                Span::styled(format!("  {}", safe(&roadmap.items[r].title)), theme.dim()),
            ]));
        }
    };
    list("Requires", &item.requires);
    list("Unlocks", app.unlocks_of(i));
    if !item.resources.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Resources", theme.bold()));
        for r in &item.resources {
            lines.push(Line::raw(format!("  {}", safe(&r.title))));
            lines.push(Line::styled(
                format!("    {}", safe(&r.url)),
                theme.fg(Color::Cyan),
            ));
        }
    }
    let tracks = app.tracks_of(i);
    if !tracks.is_empty() {
        let names: Vec<String> = tracks
            .iter()
            .map(|&t| safe(&roadmap.tracks[t].id).into_owned())
            .collect();
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Tracks: ", theme.bold()),
            Span::raw(names.join(", ")),
        ]));
    }
    let inner = block.inner(area);
    app.page
        .set(usize::from(inner.height.saturating_sub(1).max(1)));
    // Rows once wrapped (word wrapping may take a row more now and then).
    let cells = usize::from(inner.width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(cells).max(1)).sum();
    let max_scroll = rows.saturating_sub(usize::from(inner.height));
    let max_scroll = u16::try_from(max_scroll).unwrap_or(u16::MAX);
    app.detail_max.set(max_scroll);
    let scroll = app.detail_scroll.min(max_scroll);
    let block = if scroll < max_scroll {
        block.title_bottom(Line::styled(" ↓ more ", theme.dim()).right_aligned())
    } else {
        block
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// The line being edited, with the cursor kept in view: where it starts, and
/// the cursor's column within what is shown.
fn edit_view(line: &LineEdit, cells: usize) -> (String, usize) {
    let before = safe(line.before_cursor()).into_owned();
    let all = safe(&line.text).into_owned();
    let cursor = width(&before);
    if cursor < cells {
        return (all, cursor);
    }
    // Show the end of what comes before the cursor.
    let mut start = 0;
    let mut w = cursor;
    for c in before.chars() {
        if w < cells {
            break;
        }
        w -= unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        start += c.len_utf8();
    }
    (all[start..].to_string(), w)
}

fn draw_status(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let cells = area.width as usize;
    let (prompt, line) = match &app.mode {
        Mode::Search(line) => ("/", line),
        Mode::Note(_, line) => ("note: ", line),
        _ => {
            let s = &app.status;
            let mut spans = Vec::new();
            if !s.command.is_empty() {
                spans.push(Span::styled(safe(&s.command).into_owned(), theme.accent()));
                if !s.message.is_empty() {
                    spans.push(Span::raw("  "));
                }
            }
            let style = if s.error { theme.error() } else { Style::new() };
            spans.push(Span::styled(safe(&s.message).into_owned(), style));
            frame.render_widget(Paragraph::new(fit_spans(spans, cells)), area);
            return;
        }
    };
    let room = cells.saturating_sub(prompt.len() + 1).max(1);
    let (text, cursor) = edit_view(line, room);
    frame.render_widget(
        Paragraph::new(fit_spans(
            vec![Span::styled(prompt, theme.accent()), Span::raw(text)],
            cells,
        )),
        area,
    );
    frame.set_cursor_position(Position::new(
        area.x + (prompt.len() + cursor).min(cells.saturating_sub(1)) as u16,
        area.y,
    ));
}

fn draw_keys(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let narrow = area.width < 76;
    let text = match (&app.mode, app.screen) {
        (Mode::Search(line), _) => {
            let found = app.matches(&line.text);
            match found.first() {
                None if line.text.trim().is_empty() => {
                    "type an id or title · Enter jumps · Esc cancels".to_string()
                }
                None => "no match · Esc cancels".to_string(),
                Some(&i) => format!(
                    "{} match{} · Enter: {} · Esc cancels",
                    found.len(),
                    if found.len() == 1 { "" } else { "es" },
                    safe(&app.roadmap.items[i].id)
                ),
            }
        }
        (Mode::Note(..), _) => "Enter saves · Esc cancels · an empty note removes it".to_string(),
        (_, Screen::Stages) => {
            "↑↓ move · Enter open · / search · t track · ? help · q quit".to_string()
        }
        (_, Screen::Items) if narrow => {
            "d s x u n change · Enter open · Esc back · ? help".to_string()
        }
        (_, Screen::Items) => {
            "d done · s start · x skip · u undo · n note · Enter open · Esc back · ? help"
                .to_string()
        }
        (_, Screen::Item(_)) if narrow => {
            "d s x u n change · ↑↓ scroll · Esc back · ? help".to_string()
        }
        (_, Screen::Item(_)) => {
            "d done · s start · x skip · u undo · n note · ↑↓ scroll · Esc back · ? help"
                .to_string()
        }
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            truncate(&text, area.width as usize).into_owned(),
            theme.dim(),
        )),
        area,
    );
}

const HELP: &[(&str, &str)] = &[
    ("↑ ↓  j k", "move (on an item: scroll)"),
    ("PgUp PgDn", "move a page; g G: first, last"),
    ("Enter  l", "open"),
    ("Esc  h", "back"),
    ("/", "search ids and titles; Enter jumps"),
    ("d", "done, today"),
    ("s", "start, today"),
    ("x", "skip"),
    ("u", "undo: back to todo, note kept"),
    ("n", "edit the note; Enter saves"),
    ("t", "filter by track; again: the next"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit"),
];

fn draw_help(frame: &mut Frame, theme: &Theme, area: Rect) {
    let height = (HELP.len() as u16 + 4).min(area.height);
    let width = 52.min(area.width);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let mut lines: Vec<Line> = HELP
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(pad(keys, 11), theme.accent()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Changes are saved at once, as the commands do.",
        theme.dim(),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys ")),
        popup,
    );
}
