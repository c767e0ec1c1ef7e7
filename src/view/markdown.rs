//! The Markdown export: a shareable checklist.

use std::fmt::Write as _;

use crate::report::Report;
use crate::ui;
use crate::view::percent_text;

/// Markdown text with its special characters escaped, on one line.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in ui::escape(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A shareable checklist: a `##` heading per stage with (done/total), `- [x]` lines,
/// notes as sub-bullets. Renders as task lists on GitHub.
pub fn render(report: &Report) -> String {
    let roadmap = report.roadmap;
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "# {}\n", md(&roadmap.title));
    let _ = writeln!(
        out,
        "{} of {} items done, {}% of the work, as of {}.",
        s.done,
        s.total,
        percent_text(s.percent()),
        report.today.format("%Y-%m-%d")
    );
    for (k, stage) in roadmap.stages.iter().enumerate() {
        let c = &report.stages[k].counts;
        let _ = writeln!(out, "\n## {} ({}/{})\n", md(&stage.title), c.done, c.total);
        for i in stage.items.clone() {
            let item = &roadmap.items[i];
            let record = &report.items[i];
            let title = md(&item.title);
            let line = match record.status {
                crate::progress::Status::Done => match record.done {
                    Some(d) => format!("- [x] {title} ({})", d.format("%Y-%m-%d")),
                    None => format!("- [x] {title}"),
                },
                crate::progress::Status::Started => match record.started {
                    Some(d) => format!("- [ ] {title} *(started {})*", d.format("%Y-%m-%d")),
                    None => format!("- [ ] {title} *(started)*"),
                },
                crate::progress::Status::Skipped => format!("- [ ] ~~{title}~~ *(skipped)*"),
                crate::progress::Status::Todo => format!("- [ ] {title}"),
            };
            let _ = writeln!(out, "{line}");
            if let Some(note) = &record.note {
                let mut lines = note.lines();
                if let Some(first) = lines.next() {
                    let _ = writeln!(out, "  - {}", md(first));
                    for rest in lines {
                        let _ = writeln!(out, "    {}", md(rest));
                    }
                }
            }
        }
    }
    out
}
