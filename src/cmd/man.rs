//! `roadmap man`: the man page, generated from the command-line definition.
//!
//! clap_mangen renders the title, name, synopsis and global options; each command
//! follows in COMMANDS with its synopsis, description, options and examples (the same
//! texts as `roadmap help COMMAND`); FILES, ENVIRONMENT and EXIT STATUS are written
//! here, after SPEC sections 1 and 7.

use std::io::Write;

use clap::{Command, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::Cli;
use crate::error::Result;

pub fn run(out: &mut dyn Write) -> Result<()> {
    out.write_all(page().as_bytes())?;
    Ok(())
}

/// The whole page, in roff. It has no date, so the same version gives the same page.
pub fn page() -> String {
    let mut cmd = Cli::command().subcommand_value_name("COMMAND");
    cmd.build();
    let man = Man::new(cmd.clone())
        .title("ROADMAP")
        .section("1")
        .manual("User Commands")
        .source(format!("roadmap {}", env!("CARGO_PKG_VERSION")));

    let mut page = String::new();
    page.push_str(&rendered(|w| man.render_title(w)));
    page.push_str(&without_preamble(&rendered(|w| man.render_name_section(w))));
    page.push_str(&without_preamble(&rendered(|w| {
        man.render_synopsis_section(w)
    })));
    page.push_str(&without_preamble(&description()));
    page.push_str(&without_preamble(&rendered(|w| {
        man.render_options_section(w)
    })));
    page.push_str(&without_preamble(&commands(&cmd)));
    page.push_str(&without_preamble(&sections()));
    page
}

/// The `.ie`/`.el` lines roff puts at the top of every document it renders.
fn preamble() -> String {
    Roff::new().render()
}

fn without_preamble(text: &str) -> String {
    text.strip_prefix(&preamble()).unwrap_or(text).to_string()
}

fn rendered(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = render(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// A section's body without its `.SH` line (and roff's preamble).
fn body(section: &str) -> String {
    let text = without_preamble(section);
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with(".SH") => rest.to_string(),
        _ => text,
    }
}

fn description() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"]);
    roff.text([
        bold("roadmap"),
        roman(
            " tracks a long learning path from the command line. A roadmap, a YAML file, \
             describes stages, the skills and projects in each, learning tracks, and how long \
             each stage takes; the AI Engineer roadmap is built in. You tick items off; your \
             progress lives in one TOML file, safe to edit by hand. ",
        ),
        bold("roadmap"),
        roman(" alone shows where you stand, what to learn next, and when each stage will likely be finished."),
    ]);
    roff.control("PP", []);
    roff.text([
        roman("Commands that take an "),
        italic("ITEM"),
        roman(
            " accept its id, an alias, its title, or an unambiguous prefix of one. An unknown \
             or ambiguous reference changes nothing and exits 2. Every command takes the \
             global options, before or after the command name.",
        ),
    ]);
    roff.render()
}

/// Every visible command: `.SS`, synopsis, description, options and examples.
fn commands(cmd: &Command) -> String {
    let mut out = Roff::new();
    out.control("SH", ["COMMANDS"]);
    let mut text = out.render();
    let globals: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().to_string())
        .collect();
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        // The global options are described once, above; `--help` goes without saying.
        let mut sub = sub.clone();
        for id in globals.iter().map(String::as_str).chain(["help"]) {
            if sub.get_arguments().any(|a| a.get_id() == id) {
                sub = sub.mut_arg(id, |a| a.hide(true));
            }
        }
        let man = Man::new(sub.clone());

        let mut head = Roff::new();
        head.control("SS", [format!("roadmap {}", sub.get_name()).as_str()]);
        text.push_str(&without_preamble(&head.render()));
        text.push_str(&body(&rendered(|w| man.render_synopsis_section(w))));

        let mut about = Roff::new();
        let long = sub.get_long_about().or(sub.get_about());
        if let Some(long) = long {
            about.control("PP", []);
            help_text(&mut about, &long.to_string());
        }
        text.push_str(&without_preamble(&about.render()));

        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            text.push_str(&body(&rendered(|w| man.render_options_section(w))));
        }

        if let Some(examples) = sub.get_after_long_help().or(sub.get_after_help()) {
            let mut ex = Roff::new();
            ex.control("PP", []);
            help_text(&mut ex, &examples.to_string());
            text.push_str(&without_preamble(&ex.render()));
        }
    }
    text
}

/// Help text as roff: blank lines between paragraphs, and lines indented by two
/// spaces (examples) kept as they are.
fn help_text(roff: &mut Roff, text: &str) {
    let mut in_block = false;
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        for line in paragraph.lines() {
            match line.strip_prefix("  ") {
                Some(example) => {
                    if !in_block {
                        roff.control("RS", ["4"]);
                        roff.control("nf", []);
                        in_block = true;
                    }
                    roff.text([roman(example)]);
                }
                None => {
                    if in_block {
                        roff.control("fi", []);
                        roff.control("RE", []);
                        in_block = false;
                    }
                    roff.text([roman(line)]);
                }
            }
        }
        if in_block {
            roff.control("fi", []);
            roff.control("RE", []);
            in_block = false;
        }
    }
}

/// `.TP` entries: a bold term and its text.
fn entries(roff: &mut Roff, items: &[(&str, &str)]) {
    for (term, text) in items {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*text)]);
    }
}

/// FILES, ENVIRONMENT, EXIT STATUS and EXAMPLES.
fn sections() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["FILES"]);
    roff.text([roman(
        "Paths are shown as on Linux; other systems use their usual folders for \
         configuration, data and caches.",
    )]);
    entries(
        &mut roff,
        &[
            (
                "$XDG_DATA_HOME/roadmap/progress.toml",
                "Your progress (default ~/.local/share/roadmap/progress.toml): one TOML file, \
                 safe to edit by hand; comments survive every write. --progress and \
                 $ROADMAP_PROGRESS choose another file. Every write is atomic, under a lock \
                 on progress.toml.lock beside it.",
            ),
            (
                "$XDG_CONFIG_HOME/roadmap/roadmaps/*.yaml",
                "Your own roadmaps (default ~/.config/roadmap/roadmaps/); roadmap new writes \
                 here. One with a built-in roadmap's id is used in its place.",
            ),
            (
                "$XDG_CONFIG_HOME/roadmap/roadmap.schema.json",
                "Where roadmap new looks for the JSON Schema (written by roadmap schema), to \
                 point editors at it from a new roadmap's first line.",
            ),
            (
                "$XDG_CACHE_HOME/roadmap/",
                "A cache of parsed roadmaps (default ~/.cache/roadmap/); delete it at any time, \
                 no answer changes.",
            ),
        ],
    );

    roff.control("SH", ["ENVIRONMENT"]);
    entries(
        &mut roff,
        &[
            (
                "ROADMAP_PROGRESS",
                "The progress file, unless --progress is given.",
            ),
            (
                "ROADMAP_TODAY",
                "Today's date as YYYY-MM-DD instead of the clock's, for tests and reproducible \
                 exports.",
            ),
            (
                "NO_COLOR",
                "Any value turns colour off, unless --color always is given.",
            ),
            (
                "TERM",
                "When dumb, no colour unless --color always is given.",
            ),
            (
                "XDG_CONFIG_HOME",
                "Where your roadmaps are (default ~/.config).",
            ),
            (
                "XDG_DATA_HOME",
                "Where the progress file is (default ~/.local/share).",
            ),
            ("XDG_CACHE_HOME", "Where the cache is (default ~/.cache)."),
            ("HOME", "The base of the defaults above."),
        ],
    );

    roff.control("SH", ["EXIT STATUS"]);
    entries(
        &mut roff,
        &[
            (
                "0",
                "Success. Also when stdout is closed early, as by head(1).",
            ),
            (
                "1",
                "A data problem: an invalid roadmap, a corrupt or newer progress file, an I/O \
                 error, or roadmap validate found errors.",
            ),
            (
                "2",
                "A usage problem: a bad option or date, or an unknown or ambiguous item. \
                 Nothing was written.",
            ),
        ],
    );

    roff.control("SH", ["EXAMPLES"]);
    roff.control("RS", ["4"]);
    roff.control("nf", []);
    for line in [
        "roadmap",
        "roadmap next --track developers",
        "roadmap done python git-basics --on 2026-01-15",
        "roadmap profile --background beginner --hours-per-week 8",
        "roadmap timeline",
        "roadmap export --format csv -o progress.csv",
        "roadmap completions bash > ~/.local/share/bash-completion/completions/roadmap",
        "roadmap man > ~/.local/share/man/man1/roadmap.1",
    ] {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff.control("RE", []);
    roff.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_visible_command_and_option_is_on_the_page() {
        let page = page();
        let cmd = Cli::command();
        for sub in cmd.get_subcommands() {
            let heading = format!(".SS \"roadmap {}\"", sub.get_name());
            assert_eq!(
                page.contains(&heading),
                !sub.is_hide_set(),
                "{}",
                sub.get_name()
            );
            if sub.is_hide_set() {
                continue;
            }
            for long in sub.get_arguments().filter_map(|a| a.get_long()) {
                // roff escapes each dash.
                let escaped = format!("\\-\\-{}", long.replace('-', "\\-"));
                assert!(page.contains(&escaped), "--{long} of {}", sub.get_name());
            }
        }
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS"] {
            assert!(page.contains(&format!(".SH {section}\n")), "{section}");
        }
        for section in ["FILES", "ENVIRONMENT", "\"EXIT STATUS\"", "EXAMPLES"] {
            assert!(page.contains(&format!(".SH {section}\n")), "{section}");
        }
    }

    #[test]
    fn the_preamble_appears_once_and_options_once_per_command() {
        let page = page();
        assert_eq!(page.matches(&preamble()).count(), 1);
        assert!(page.starts_with(&preamble()));
        // Global options are described once, not again under each command.
        assert_eq!(page.matches("\\fB\\-\\-progress\\fR \\fI<FILE>").count(), 1);
        assert!(!page.contains(".SH OPTIONS\n.TP\n\\fB\\-\\-on"));
        // The examples of `roadmap help done` are on the page.
        assert!(page.contains("roadmap done python git\\-basics \\-\\-on 2026\\-01\\-15"));
    }

    #[test]
    fn the_grouped_help_matches_each_command_summary() {
        let help = Cli::command().render_help().to_string();
        for sub in Cli::command()
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
        {
            let Some(about) = sub.get_about() else {
                panic!("`{}` has no summary", sub.get_name());
            };
            let line = help
                .lines()
                .find(|l| l.split_whitespace().next() == Some(sub.get_name()))
                .unwrap_or_else(|| panic!("`{}` is not in the grouped help", sub.get_name()));
            assert!(
                line.ends_with(&about.to_string()),
                "`{line}` is not `{about}`"
            );
        }
    }

    #[test]
    fn every_command_has_examples() {
        for sub in Cli::command()
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
        {
            let examples = sub
                .get_after_long_help()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                examples.starts_with("Examples:\n  roadmap"),
                "`{}` has no examples",
                sub.get_name()
            );
        }
    }
}
