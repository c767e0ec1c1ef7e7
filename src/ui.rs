//! Presentation helpers: colour decided once, escaping untrusted text, widths,
//! progress bars and small charts.

use std::borrow::Cow;
use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

/// How human output looks: colour and Unicode bars and charts go together, so
/// piped or `--color never` output is plain text with the same information.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    pub color: bool,
    /// The columns a line may take: the terminal's width on a terminal,
    /// `$COLUMNS` when piped, else [`DEFAULT_WIDTH`].
    pub width: usize,
}

/// The width of a screen when nothing says otherwise.
pub const DEFAULT_WIDTH: usize = 80;

/// The width lines are fitted to: a terminal's own width on stdout, else a
/// positive `$COLUMNS`, else 80.
fn screen_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((columns, _)) = crossterm::terminal::size()
        && columns > 0
    {
        return usize::from(columns);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

impl Ui {
    /// `forced` is `--color always|never` (`Some(true)`/`Some(false)`), and wins;
    /// `None` (`auto`) means colour on a terminal on stdout, without `NO_COLOR`.
    pub fn new(forced: Option<bool>) -> Ui {
        let color = match forced {
            Some(color) => color,
            None => {
                // SPEC section 1: NO_COLOR with any value, even empty, turns colour off.
                std::env::var_os("NO_COLOR").is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        };
        Ui {
            color,
            width: screen_width(),
        }
    }

    pub fn plain() -> Ui {
        Ui {
            color: false,
            width: DEFAULT_WIDTH,
        }
    }

    /// The output edge for styled text: `text` may come from a file, so its
    /// control characters (all but line breaks, which a styled block may hold)
    /// are escaped before any colour is put around it. Escaping is idempotent,
    /// so text escaped already passes unchanged.
    fn paint(&self, code: &str, text: &str) -> String {
        let text = escape_keep_lines(text);
        let text = if text.contains('\t') {
            Cow::Owned(text.replace('\t', "\\t"))
        } else {
            text
        };
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.into_owned()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    pub fn green(&self, text: &str) -> String {
        self.paint("32", text)
    }
    pub fn yellow(&self, text: &str) -> String {
        self.paint("33", text)
    }
    pub fn red(&self, text: &str) -> String {
        self.paint("31", text)
    }
    pub fn cyan(&self, text: &str) -> String {
        self.paint("36", text)
    }

    /// Text from a file, unstyled, made safe for the terminal: the edge for text
    /// that is printed without colour.
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        escape(text)
    }

    /// Raw text made safe and wrapped to `width` cells (measured as shown).
    pub fn wrap(&self, text: &str, width: usize) -> Vec<String> {
        wrap(&escape(text), width)
    }

    /// Raw text made safe and cut to `max` cells, with `…` when cut.
    pub fn truncate(&self, text: &str, max: usize) -> String {
        truncate(&escape(text), max).into_owned()
    }

    /// A confirmation or warning for stderr: raw text made safe, the newline
    /// after it added by the caller.
    pub fn message(&self, text: &str) -> String {
        escape(text).into_owned()
    }

    /// A progress bar `width` cells wide: the filled part and the empty part,
    /// unpainted.
    pub fn bar_parts(&self, percent: f64, width: usize) -> (String, String) {
        let filled = ((percent / 100.0) * width as f64).round() as usize;
        let filled = filled.min(width);
        // Never show a full bar while work is left, nor an empty one once work is done.
        let filled = if percent < 100.0 && filled == width {
            width.saturating_sub(1)
        } else if percent > 0.0 && filled == 0 {
            1.min(width)
        } else {
            filled
        };
        let (full, empty) = if self.color {
            ("█", "░")
        } else {
            ("#", ".")
        };
        (full.repeat(filled), empty.repeat(width - filled))
    }

    /// A progress bar `width` cells wide.
    pub fn bar(&self, percent: f64, width: usize) -> String {
        let (done, left) = self.bar_parts(percent, width);
        if self.color {
            format!("{}{}", self.green(&done), self.dim(&left))
        } else {
            format!("{done}{left}")
        }
    }

    /// The marker for the current stage.
    pub fn current_marker(&self) -> &'static str {
        if self.color { "▶" } else { ">" }
    }
}

/// Text from a roadmap or progress file, with control characters escaped so a
/// shared file cannot move the cursor, retitle or otherwise drive the terminal.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A control character (C0, DEL, C1) or a bidirectional override or isolate,
/// which could reorder what the line shows.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Escape, but keep newlines and tabs (multi-line notes in Markdown or CSV).
pub fn escape_keep_lines(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| unsafe_char(c) && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\t' => c.to_string(),
                c if unsafe_char(c) => format!("\\u{{{:x}}}", c as u32),
                c => c.to_string(),
            })
            .collect(),
    )
}

/// Display width in terminal cells.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The width raw text takes once it is shown (escaped).
pub fn shown_width(text: &str) -> usize {
    width(&escape(text))
}

/// Cut `text` to at most `max` cells, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    let ellipsis = "…";
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(ellipsis);
    Cow::Owned(out)
}

/// Greedy word wrap to `width` cells; a word longer than the line stands alone.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && self::width(&line) + 1 + self::width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `parts` joined by `sep`, on as few lines of at most `width` cells as the
/// parts allow (a part is never broken).
pub fn join_fitting(parts: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            Some(line) if self::width(line) + self::width(sep) + self::width(part) <= width => {
                line.push_str(sep);
                line.push_str(part);
            }
            _ => lines.push(part.clone()),
        }
    }
    lines
}

/// Pad with spaces to `cells` wide (by display width).
pub fn pad(text: &str, cells: usize) -> String {
    let w = width(text);
    if w >= cells {
        text.to_string()
    } else {
        format!("{text}{}", " ".repeat(cells - w))
    }
}

/// Pad on the left to `cells` wide.
pub fn pad_left(text: &str, cells: usize) -> String {
    let w = width(text);
    if w >= cells {
        text.to_string()
    } else {
        format!("{}{text}", " ".repeat(cells - w))
    }
}

/// Months as people say them: `6 mo`, `6-12 mo`, `1-2 y`, `3-5 y`.
pub fn months_range(min: f64, max: f64) -> String {
    let fmt = |v: f64| {
        if (v - v.round()).abs() < 0.05 {
            format!("{}", v.round() as i64)
        } else {
            format!("{v:.1}")
        }
    };
    // Past half a year, a fraction of a month is false precision.
    let months = |v: f64| {
        if v >= 6.0 {
            format!("{}", v.round() as i64)
        } else {
            fmt(v)
        }
    };
    if min >= 12.0 && max >= 12.0 {
        let (a, b) = (min / 12.0, max / 12.0);
        if (a - b).abs() < 0.05 {
            format!("{} y", fmt(a))
        } else {
            format!("{}-{} y", fmt(a), fmt(b))
        }
    } else if (min - max).abs() < 0.05 {
        format!("{} mo", months(min))
    } else {
        format!("{}-{} mo", months(min), months(max))
    }
}

/// A whole number stays whole in JSON (`10`, not `10.0`).
pub fn json_number(value: f64) -> serde_json::Value {
    if value.fract() == 0.0 && value.abs() < 9e15 {
        serde_json::Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// A one-line chart of counts: ` ▁▂▃▄▅▆▇█`, or ` .:-=+*#%@` in plain mode.
pub fn sparkline(ui: &Ui, values: &[usize]) -> String {
    let levels: Vec<char> = if ui.color {
        " ▁▂▃▄▅▆▇█".chars().collect()
    } else {
        " .:-=+*#%@".chars().collect()
    };
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if v == 0 || max == 0 {
                levels[0]
            } else {
                let top = levels.len() - 1;
                levels[(1 + (v * (top - 1)) / max).min(top)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styled_text_is_escaped_before_it_is_coloured() {
        let ui = Ui {
            color: true,
            width: DEFAULT_WIDTH,
        };
        assert_eq!(
            ui.bold("a\x1b]0;pwned\x07b"),
            "\x1b[1ma\\u{1b}]0;pwned\\u{7}b\x1b[0m"
        );
        assert_eq!(Ui::plain().red("x\u{9b}y"), "x\\u{9b}y");
        assert_eq!(
            Ui::plain().dim("one\ntwo"),
            "one\ntwo",
            "a block keeps its lines"
        );
        assert_eq!(Ui::plain().bold("a\tb"), "a\\tb", "but not its tabs");
        let once = escape("a\x1bb");
        assert_eq!(escape(&once), once, "escaping twice changes nothing");
    }

    #[test]
    fn escape_neutralises_terminal_control() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert!(!escape("x\x1b[2J").contains('\x1b'));
        assert_eq!(
            escape("a\u{202e}b\u{2066}"),
            "a\\u{202e}b\\u{2066}",
            "bidi overrides"
        );
    }

    #[test]
    fn bars_are_honest_at_the_edges() {
        let ui = Ui::plain();
        assert_eq!(ui.bar(0.0, 4), "....");
        assert_eq!(ui.bar(1.0, 4), "#...");
        assert_eq!(ui.bar(99.0, 4), "###.");
        assert_eq!(ui.bar(100.0, 4), "####");
    }

    #[test]
    fn month_ranges_read_naturally() {
        assert_eq!(months_range(6.0, 6.0), "6 mo");
        assert_eq!(months_range(6.0, 12.0), "6-12 mo");
        assert_eq!(months_range(12.0, 24.0), "1-2 y");
        assert_eq!(months_range(36.0, 60.0), "3-5 y");
        assert_eq!(months_range(18.0, 18.0), "1.5 y");
    }

    #[test]
    fn prose_fits_the_width() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap("a verylongword b", 4), vec!["a", "verylongword", "b"]);
        let parts: Vec<String> = ["roadmap done x", "roadmap next", "roadmap timeline"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            join_fitting(&parts, "  ·  ", 34),
            vec!["roadmap done x  ·  roadmap next", "roadmap timeline"]
        );
        assert_eq!(join_fitting(&parts, " · ", 80).len(), 1);
    }

    #[test]
    fn truncation_respects_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
