//! `roadmap completions SHELL`: a completion script for the shell.
//!
//! clap_complete writes the static part: commands, options and their fixed values.
//! For bash, zsh and fish a small wrapper adds what only the data knows: item,
//! stage, track, background and roadmap ids, listed by the hidden `roadmap
//! __complete` for the word under the cursor (`done` offers the items still to do,
//! `start` those not started, ...). The wrapper passes on any `--roadmap` or
//! `--progress` typed earlier on the line. Elvish and PowerShell get the static
//! script only.
//!
//! The wrappers live in `assets/completions/` as real shell files, so the shells'
//! own linters read them (CI runs `shellcheck`, `zsh -n` and `fish -n`); the
//! `@...@` words and `# @...@` lines in them are filled in from the command line.

use std::io::Write;

use clap::{Arg, Command, CommandFactory, ValueHint};
use clap_complete::Shell;

use crate::cli::What;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

const BIN: &str = "roadmap";

/// Positional words that take ids: the command, whether only its first positional
/// word does (`note ITEM TEXT`), and what they take.
pub const POSITIONAL_IDS: &[(&str, bool, What)] = &[
    ("done", false, What::ItemsTodo),
    ("skip", false, What::ItemsTodo),
    ("start", false, What::ItemsNotStarted),
    ("undo", false, What::ItemsWithProgress),
    ("show", true, What::Items),
    ("note", true, What::Items),
    ("list", true, What::Stages),
    ("use", true, What::Roadmaps),
];

/// Options whose value is an id, by long name.
pub const OPTION_IDS: &[(&str, What)] = &[
    ("track", What::Tracks),
    ("background", What::Backgrounds),
    ("roadmap", What::Roadmaps),
    ("from", What::Roadmaps),
    ("stage", What::Stages),
];

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<()> {
    out.write_all(script(args.shell).as_bytes())?;
    Ok(())
}

/// The whole script for a shell.
pub fn script(shell: Shell) -> String {
    // The wrappers complete `--roadmap` and `use` themselves, with ids and YAML files.
    let mut cmd = command(matches!(shell, Shell::Bash | Shell::Zsh | Shell::Fish));
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    let generated = String::from_utf8_lossy(&buf).into_owned();
    let options = value_options(&cmd);
    match shell {
        Shell::Bash => generated + &bash(&options),
        Shell::Zsh => zsh(&generated, &options),
        Shell::Fish => generated + &fish(&cmd, &options),
        _ => generated,
    }
}

/// The command line as completion sees it: without the hidden `__complete` (clap_complete
/// lists hidden commands), and with no file completion for values that are not files.
/// `--roadmap` and `use` take an id or a path: unless `dynamic` (a wrapper completes
/// them), the static script offers file names for them.
fn command(dynamic: bool) -> Command {
    let not_a_file = |arg: Arg| not_a_file(arg, dynamic);
    let full = Cli::command();
    let mut cmd = Command::new(BIN)
        .version(env!("CARGO_PKG_VERSION"))
        .about(full.get_about().cloned().unwrap_or_default());
    for arg in full.get_arguments() {
        cmd = cmd.arg(not_a_file(arg.clone()));
    }
    for sub in full.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut sub = sub.clone();
        let ids: Vec<String> = sub
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        for id in ids {
            sub = sub.mut_arg(id, not_a_file);
        }
        cmd = cmd.subcommand(sub);
    }
    cmd.build();
    cmd
}

/// Dates, notes, numbers and ids are not files: `ValueHint::Other` stops the shells
/// from offering file names for them.
fn not_a_file(arg: Arg, dynamic: bool) -> Arg {
    let free_text = arg.get_action().takes_values()
        && arg.get_value_hint() == ValueHint::Unknown
        && arg.get_possible_values().is_empty()
        && (dynamic || arg.get_id() != "roadmap");
    if free_text {
        arg.value_hint(ValueHint::Other)
    } else {
        arg
    }
}

/// Every option that takes a value (`--on`, `-n`, ...), anywhere in the command tree:
/// the word after it is that value, not a positional word.
fn value_options(cmd: &Command) -> Vec<String> {
    fn walk(cmd: &Command, out: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if arg.is_positional() || !arg.get_action().takes_values() {
                continue;
            }
            let longs = arg
                .get_long()
                .into_iter()
                .chain(arg.get_all_aliases().unwrap_or_default());
            out.extend(longs.map(|long| format!("--{long}")));
            let shorts = arg
                .get_short()
                .into_iter()
                .chain(arg.get_all_short_aliases().unwrap_or_default());
            out.extend(shorts.map(|short| format!("-{short}")));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, &mut out);
    out.sort();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------
// bash: a function that handles the words taking ids and otherwise calls clap's
// `_roadmap`, registered in its place.

const BASH: &str = include_str!("../../assets/completions/roadmap.bash");

fn bash(options: &[String]) -> String {
    let option_cases: Vec<String> = OPTION_IDS
        .iter()
        .map(|(long, what)| format!("            --{long}) what={} ;;", what.name()))
        .collect();
    let positional_cases: Vec<String> = POSITIONAL_IDS
        .iter()
        .map(|(command, first_only, what)| {
            let guard = if *first_only {
                "(( pos == 0 )) && "
            } else {
                ""
            };
            format!(
                "                    {command}) {guard}what={} ;;",
                what.name()
            )
        })
        .collect();
    let text = BASH
        .replace("@VALUE_OPTIONS@", &options.join(" | "))
        .replace("            # @OPTION_CASES@", &option_cases.join("\n"))
        .replace(
            "                    # @POSITIONAL_CASES@",
            &positional_cases.join("\n"),
        );
    format!("\n{text}")
}

// ---------------------------------------------------------------------------
// zsh: clap's `_roadmap` becomes `_roadmap_static`, and `_roadmap` handles the words
// taking ids first. Works both from a file `_roadmap` in $fpath and when sourced.

const ZSH: &str = include_str!("../../assets/completions/roadmap.zsh");

fn zsh(generated: &str, options: &[String]) -> String {
    let option_cases: Vec<String> = OPTION_IDS
        .iter()
        .map(|(long, what)| {
            format!(
                "            (--{long}) what={} noun={} ;;",
                what.name(),
                what.noun()
            )
        })
        .collect();
    let positional_cases: Vec<String> = POSITIONAL_IDS
        .iter()
        .map(|(command, first_only, what)| {
            let guard = if *first_only {
                "(( pos == 0 )) && "
            } else {
                ""
            };
            format!(
                "                    ({command}) {guard}what={} noun={} ;;",
                what.name(),
                what.noun()
            )
        })
        .collect();
    let id_options: Vec<String> = OPTION_IDS.iter().map(|(l, _)| format!("--{l}")).collect();
    let wrapper = ZSH
        .replace("@VALUE_OPTIONS@", &options.join("|"))
        .replace("@ID_OPTIONS@", &id_options.join("|"))
        .replace("            # @OPTION_CASES@", &option_cases.join("\n"))
        .replace(
            "                    # @POSITIONAL_CASES@",
            &positional_cases.join("\n"),
        );
    let wrapper = format!("\n{wrapper}");
    let clap_function = format!("\n_{BIN}() {{\n");
    if !generated.contains(&clap_function) {
        // A clap_complete that names its function differently: the static script
        // still works; the unit tests catch this before a release.
        return generated.to_string();
    }
    generated.replacen(
        &clap_function,
        &format!("{wrapper}\n_{BIN}_static() {{\n"),
        1,
    )
}

// ---------------------------------------------------------------------------
// fish: more `complete` lines beside clap's, with two helper functions.

const FISH: &str = include_str!("../../assets/completions/roadmap.fish");

fn fish(cmd: &Command, options: &[String]) -> String {
    let positional_cases: Vec<String> = POSITIONAL_IDS
        .iter()
        .map(|(command, first_only, what)| {
            let guard = if *first_only {
                "test $pos = 0; and "
            } else {
                ""
            };
            format!(
                "        case {command}\n            {guard}echo {}; and return 0",
                what.name()
            )
        })
        .collect();
    let mut text = "\n".to_string()
        + &FISH
            .replace("@VALUE_OPTIONS@", &options.join(" "))
            .replace("        # @POSITIONAL_CASES@", &positional_cases.join("\n"));
    // clap_complete leaves positional words to fish, which offers file names: only
    // `import` and `validate` take files.
    let no_files: Vec<&str> = cmd
        .get_subcommands()
        .filter(|s| !s.get_positionals().any(is_path))
        .map(|s| s.get_name())
        .collect();
    text.push_str(&format!(
        "complete -c {BIN} -n '__fish_{BIN}_using_subcommand {}' -f\n",
        no_files.join(" ")
    ));
    // Nor does it complete positional words that have fixed values (`completions SHELL`).
    for sub in cmd.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                text.push_str(&format!(
                    "complete -c {BIN} -n '__fish_{BIN}_using_subcommand {}' -f -a '{}'\n",
                    sub.get_name(),
                    values.join(" ")
                ));
            }
        }
    }
    for (long, what) in OPTION_IDS {
        let candidates = format!("-r -f -a '(__fish_roadmap_ids {})'", what.name());
        let global = cmd
            .get_arguments()
            .any(|a| a.get_long() == Some(long) && a.is_global_set());
        if global {
            text.push_str(&format!("complete -c {BIN} -l {long} {candidates}\n"));
            continue;
        }
        let commands: Vec<&str> = cmd
            .get_subcommands()
            .filter(|s| s.get_arguments().any(|a| a.get_long() == Some(long)))
            .map(|s| s.get_name())
            .collect();
        if !commands.is_empty() {
            text.push_str(&format!(
                "complete -c {BIN} -n '__fish_{BIN}_using_subcommand {}' -l {long} {candidates}\n",
                commands.join(" ")
            ));
        }
    }
    text
}

fn is_path(arg: &Arg) -> bool {
    matches!(
        arg.get_value_hint(),
        ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hidden_command_is_not_offered() {
        let cmd = command(true);
        assert!(cmd.get_subcommands().all(|s| s.get_name() != "__complete"));
        let full = Cli::command();
        let visible: Vec<&str> = full
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| s.get_name())
            .collect();
        let offered: Vec<&str> = cmd
            .get_subcommands()
            .map(|s| s.get_name())
            .filter(|n| *n != "help")
            .collect();
        assert_eq!(offered, visible);
        let global: Vec<&str> = cmd.get_arguments().filter_map(|a| a.get_long()).collect();
        for long in ["roadmap", "progress", "color", "help", "version"] {
            assert!(global.contains(&long), "--{long} missing: {global:?}");
        }
    }

    #[test]
    fn dates_and_notes_do_not_complete_file_names() {
        let cmd = command(true);
        let done = cmd.find_subcommand("done").unwrap();
        let hint = |c: &Command, id: &str| {
            c.get_arguments()
                .find(|a| a.get_id() == id)
                .unwrap()
                .get_value_hint()
        };
        assert_eq!(hint(done, "on"), ValueHint::Other);
        assert_eq!(hint(done, "note"), ValueHint::Other);
        assert_eq!(hint(done, "items"), ValueHint::Other);
        assert_eq!(hint(done, "progress"), ValueHint::AnyPath);
        assert_eq!(hint(done, "roadmap"), ValueHint::Other);
        let static_only = command(false);
        let done = static_only.find_subcommand("done").unwrap();
        assert_eq!(hint(done, "roadmap"), ValueHint::Unknown);
        let import = cmd.find_subcommand("import").unwrap();
        assert_eq!(hint(import, "file"), ValueHint::AnyPath);
    }

    #[test]
    fn the_id_tables_name_real_commands_and_options() {
        let cmd = command(true);
        for (name, first_only, _) in POSITIONAL_IDS {
            let sub = cmd
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no command `{name}`"));
            let first = sub
                .get_positionals()
                .next()
                .unwrap_or_else(|| panic!("`{name}` takes no positional word"));
            let many = first.get_num_args().is_some_and(|n| n.max_values() > 1);
            assert_eq!(*first_only, !many, "`{name}`");
        }
        // Every command that takes items completes them.
        for sub in cmd.get_subcommands() {
            let takes_items = sub.get_positionals().any(|a| {
                a.get_value_names()
                    .is_some_and(|v| v.iter().any(|n| n == "ITEM"))
                    || a.get_id() == "item"
            });
            if takes_items {
                assert!(
                    POSITIONAL_IDS.iter().any(|(n, _, _)| *n == sub.get_name()),
                    "`{}` takes items but does not complete them",
                    sub.get_name()
                );
            }
        }
        let options = value_options(&cmd);
        for (long, _) in OPTION_IDS {
            assert!(options.contains(&format!("--{long}")), "--{long}");
        }
    }

    #[test]
    fn value_options_are_the_ones_taking_values() {
        let options = value_options(&command(true));
        for o in [
            "--on",
            "--note",
            "--track",
            "--roadmap",
            "--progress",
            "-n",
            "-o",
        ] {
            assert!(options.contains(&o.to_string()), "{o}: {options:?}");
        }
        for flag in ["--json", "--dry-run", "--help", "-h"] {
            assert!(!options.contains(&flag.to_string()), "{flag}");
        }
    }

    #[test]
    fn every_script_is_produced_and_the_wrappers_are_in_place() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let text = script(shell);
            assert!(text.len() > 1000, "{shell}");
            assert!(!text.contains("@VALUE_OPTIONS@") && !text.contains("@POSITIONAL_CASES@"));
        }
        let bash = script(Shell::Bash);
        assert!(bash.contains("complete -F _roadmap_dynamic"));
        assert!(bash.contains("done) what=items-todo ;;"));
        let zsh = script(Shell::Zsh);
        assert!(zsh.starts_with("#compdef roadmap"));
        assert_eq!(zsh.matches("\n_roadmap() {\n").count(), 1);
        assert_eq!(zsh.matches("\n_roadmap_static() {\n").count(), 1);
        assert!(zsh.contains("(show) (( pos == 0 )) && what=items noun=item ;;"));
        let fish = script(Shell::Fish);
        assert!(fish.contains("__fish_roadmap_using_subcommand list next' -l track"));
        assert!(fish.contains("complete -c roadmap -l roadmap -r -f"));
    }
}
