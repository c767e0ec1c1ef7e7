//! Every failure `roadmap` can report, and how each maps to an exit code.
//!
//! Messages are one lower-case sentence with identifiers in backticks; `main`
//! prints them once, prefixed with `error:`, followed by any hint.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::roadmap::Problem;
use crate::ui::escape;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad flag value, date or argument combination (exit 2).
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },

    /// An item reference that matches nothing (exit 2).
    #[error("no item matches `{reference}` in `{roadmap}`")]
    UnknownItem {
        reference: String,
        roadmap: String,
        suggestions: Vec<String>,
    },

    /// An item reference that matches several items (exit 2).
    #[error("`{reference}` matches {} items in `{roadmap}`", candidates.len())]
    AmbiguousItem {
        reference: String,
        roadmap: String,
        candidates: Vec<(String, String)>,
    },

    /// A roadmap file that failed validation (exit 1).
    #[error("{}", invalid_roadmap_message(path, problems))]
    InvalidRoadmap {
        path: String,
        problems: Vec<Problem>,
    },

    /// A progress file that cannot be understood (exit 1). It is never rewritten.
    #[error("{}", at(path, *line, *column, message))]
    CorruptProgress {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
        hint: Option<String>,
    },

    /// Any other problem with the data on disk (exit 1).
    #[error("{message}")]
    Data {
        message: String,
        hint: Option<String>,
    },

    /// An I/O failure, with what was being done and to which file (exit 1).
    #[error("cannot {action} `{}`: {}", path.display(), describe_io(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },

    /// Writing to stdout failed; a closed pipe is not an error for the user.
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    pub fn usage_with_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn data(message: impl Into<String>) -> Self {
        Error::Data {
            message: message.into(),
            hint: None,
        }
    }

    pub fn data_with_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Data {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// SPEC section 7: 2 for usage problems, 1 for data problems.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } | Error::UnknownItem { .. } | Error::AmbiguousItem { .. } => 2,
            _ => 1,
        }
    }

    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// The full text for stderr: the sentence, then any candidates or hint.
    /// This is the output edge for errors: the parts hold raw text (a reference,
    /// a title, a file's content), and each line is escaped here, so no file can
    /// drive the terminal through an error message.
    pub fn render(&self) -> String {
        let mut out = format!("error: {}", escape(&self.to_string()));
        match self {
            Error::UnknownItem {
                suggestions,
                roadmap,
                ..
            } => {
                if suggestions.is_empty() {
                    let _ = write!(
                        out,
                        "\nhint: `roadmap list` shows every item of `{roadmap}`"
                    );
                } else {
                    let names: Vec<String> = suggestions
                        .iter()
                        .map(|s| format!("`{}`", escape(s)))
                        .collect();
                    let _ = write!(out, "\nhint: did you mean {}?", join_or(&names));
                }
            }
            Error::AmbiguousItem { candidates, .. } => {
                out.push_str("\nhint: name one of these:");
                let width = candidates
                    .iter()
                    .take(10)
                    .map(|(id, _)| id.len())
                    .max()
                    .unwrap_or(0);
                for (id, title) in candidates.iter().take(10) {
                    let _ = write!(out, "\n  {id:<width$}  {}", escape(title));
                }
                if candidates.len() > 10 {
                    let _ = write!(out, "\n  ... and {} more", candidates.len() - 10);
                }
            }
            Error::InvalidRoadmap { .. } => {
                let _ = write!(out, "\nhint: `roadmap validate FILE` lists every problem");
            }
            Error::Usage {
                hint: Some(hint), ..
            }
            | Error::Data {
                hint: Some(hint), ..
            }
            | Error::CorruptProgress {
                hint: Some(hint), ..
            } => {
                let _ = write!(out, "\nhint: {}", escape(hint));
            }
            _ => {}
        }
        out
    }
}

/// A command-line error as clap words it, for stderr. It quotes the argument as
/// given, which may be text from a file (`xargs`): plain, its control characters
/// escaped but its line breaks kept.
pub fn render_usage(err: &clap::Error) -> String {
    crate::ui::escape_keep_lines(&err.render().to_string()).into_owned()
}

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        match err.io_error_kind() {
            Some(kind) => Error::Output(io::Error::from(kind)),
            None => Error::data(format!("cannot encode JSON: {err}")),
        }
    }
}

/// Output errors: every renderer writes through `?` into stdout.
impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        Error::Output(err)
    }
}

/// `file:line:column: message`, leaving out what is unknown.
pub fn at(path: &Path, line: Option<usize>, column: Option<usize>, message: &str) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}: {message}", path.display()),
        (Some(l), None) => format!("{}:{l}: {message}", path.display()),
        _ => format!("{}: {message}", path.display()),
    }
}

/// 1-based line and column of a byte offset in a file's bytes (columns count
/// characters), for messages that point into a roadmap or progress file.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

fn invalid_roadmap_message(path: &str, problems: &[Problem]) -> String {
    let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
    match errors.as_slice() {
        [] => format!("roadmap `{path}` is invalid"),
        [one] => one.render(path),
        [first, rest @ ..] => format!(
            "{} (and {} more problem{})",
            first.render(path),
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

fn describe_io(err: &io::Error) -> String {
    let text = match err.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        io::ErrorKind::StorageFull => "the disk is full".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        io::ErrorKind::FileTooLarge => "the file size limit was reached".to_string(),
        _ => err.to_string(),
    };
    // io::Error's own text starts with a capital letter and may carry "(os error N)".
    let mut text = text;
    if let Some(pos) = text.find(" (os error") {
        text.truncate(pos);
    }
    lowercase_first(&text)
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `a`, `a or b`, `a, b or c`.
pub fn join_or(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_byte_offsets() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col(b"", 0), (1, 1));
        assert_eq!(
            line_col("é\nxé!".as_bytes(), 7),
            (2, 4),
            "columns count characters"
        );
        assert_eq!(line_col(b"ab", 99), (1, 3), "past the end is the end");
    }
}
