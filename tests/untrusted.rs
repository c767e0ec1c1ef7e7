//! Text from a progress file, a roadmap, an import or a file name reaches the
//! terminal with its control characters escaped (SPEC section 8), on stdout and
//! stderr, errors included; and a CSV export cannot run as a spreadsheet formula
//! (SPEC section 5). Every case runs the real binary.

mod common;

use common::{TINY, TestEnv};

/// An OSC sequence that retitles the terminal, as TOML escapes.
const OSC: &str = "\\u001b]0;pwned\\u0007";

/// No byte of the output can drive a terminal: no ESC, no BEL, no C1 CSI,
/// but for the colours the tool itself puts around text (`ESC [ digits ; m`).
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = without_colours(&String::from_utf8_lossy(bytes));
    assert!(
        !text.contains(['\x1b', '\x07', '\u{9b}']),
        "{what}: a raw control character reached the terminal:\n{text:?}"
    );
}

fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let digits = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[digits..].starts_with('m') {
            rest = &after[digits + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

fn assert_run_clean(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let out = env.run(args);
    let what = format!("roadmap {}", args.join(" "));
    assert_clean(&format!("{what} (stdout)"), &out.stdout);
    assert_clean(&format!("{what} (stderr)"), &out.stderr);
    out
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_active_roadmap_id_from_the_progress_file_is_escaped() {
    let env = TestEnv::new();
    env.write_progress(&format!("format = 2\nroadmap = \"x{OSC}\"\n"));
    for args in [&["status"][..], &["list"], &["done", "python"], &["doctor"]] {
        let out = assert_run_clean(&env, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("`x\\u{1b}]0;pwned\\u{7}`"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn the_active_roadmap_path_from_the_progress_file_is_escaped() {
    let env = TestEnv::new();
    let path = env.root().join("gone.yaml").display().to_string();
    env.write_progress(&format!("format = 2\nroadmap = \"{path}{OSC}\"\n"));
    let out = assert_run_clean(&env, &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot be loaded"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn item_keys_in_must_be_errors_are_escaped() {
    let env = TestEnv::new();
    env.write_progress(&format!(
        "format = 2\n[roadmaps.ai-engineer.items.\"py{OSC}\"]\nstatus = 3\n"
    ));
    for args in [&["status"][..], &["done", "python"], &["export"]] {
        let out = assert_run_clean(&env, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(":3:10:") && err.contains("must be"),
            "names the line and what it must be: {err}"
        );
    }
    // A roadmap table whose key is hostile, and a value that is.
    env.write_progress(&format!("format = 2\n[roadmaps.\"r{OSC}\"]\nitems = 3\n"));
    assert_eq!(assert_run_clean(&env, &["status"]).status.code(), Some(1));
    env.write_progress(&format!(
        "format = 2\n[roadmaps.ai-engineer.profile]\nbackground = \"b{OSC}\"\n"
    ));
    let out = assert_run_clean(&env, &["status"]);
    assert!(
        stderr(&out).contains("warning: background"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn orphans_notes_and_unknown_keys_are_escaped_everywhere() {
    let env = TestEnv::new();
    env.write_progress(&format!(
        "format = 2\nroadmap = \"ai-engineer\"\n\"top{OSC}\" = 1\n\
         [roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2026-07-20\n\
         note = \"n{OSC}\"\n\"k{OSC}\" = 3\n\
         [roadmaps.ai-engineer.items.\"orphan{OSC}\"]\nstatus = \"done\"\ndone = 2026-07-20\n"
    ));
    for args in [
        &["status"][..],
        &["--color", "always", "status"],
        &["list"],
        &["show", "python"],
        &["log"],
        &["doctor"],
        &["export", "--format", "csv"],
        &["export", "--format", "markdown"],
    ] {
        let out = assert_run_clean(&env, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let out = assert_run_clean(&env, &["doctor"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("orphan\\u{1b}]0;pwned\\u{7}"),
        "the orphan is named, escaped"
    );
}

/// A JSON export with hostile dates, status and profile: refused or imported,
/// the messages are escaped.
#[test]
fn dates_and_values_in_a_json_import_are_escaped() {
    let env = TestEnv::new();
    env.write_progress("format = 2\n");
    let esc = "\\u001b]0;pwned\\u0007";
    let doc = |item: &str, profile: &str| {
        format!(
            r#"{{"format": 1, "roadmap": {{"id": "ai-engineer", "title": "AI Engineer"}},
              "profile": {profile},
              "stages": [{{"id": "foundations", "items": [{item}]}}]}}"#
        )
    };
    let cases = [
        (
            doc(
                &format!(r#"{{"id": "python", "status": "done", "done": "2026-01-0{esc}"}}"#),
                "null",
            ),
            1,
            "is not a date",
        ),
        (
            doc(
                r#"{"id": "python", "status": "done", "done": "2026-01-02"}"#,
                &format!(r#"{{"start": "2026-0{esc}"}}"#),
            ),
            1,
            "`profile.start`",
        ),
        (
            doc(
                &format!(r#"{{"id": "python", "status": "d{esc}"}}"#),
                "null",
            ),
            1,
            "has status",
        ),
        (
            doc(
                &format!(r#"{{"id": "py{esc}", "status": "done", "done": "2026-01-02"}}"#),
                &format!(r#"{{"background": "b{esc}"}}"#),
            ),
            0,
            "py\\u{1b}]0;pwned\\u{7}",
        ),
    ];
    for (i, (text, code, says)) in cases.iter().enumerate() {
        let file = env.write(&format!("import-{i}.json"), text);
        let before = std::fs::read(env.progress()).unwrap();
        let out = assert_run_clean(&env, &["import", file.to_str().unwrap(), "--dry-run"]);
        assert_eq!(out.status.code(), Some(*code), "case {i}: {}", stderr(&out));
        let both = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(both.contains(says), "case {i}: {both}");
        assert_eq!(std::fs::read(env.progress()).unwrap(), before);
    }
}

/// `roadmap validate dir/*.yaml` over a shared folder: the file names are text too.
#[test]
fn file_names_printed_by_validate_are_escaped() {
    let env = TestEnv::new();
    let good = env.write("good\x1b]0;pwned\x07.yaml", TINY);
    let bad = env.write("bad\x1b]0;pwned\x07.yaml", "format: 1\nid: x\n");
    let out = assert_run_clean(
        &env,
        &["validate", good.to_str().unwrap(), bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("good\\u{1b}]0;pwned\\u{7}.yaml: valid"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bad\\u{1b}]0;pwned\\u{7}.yaml:"),
        "{stdout}"
    );
    let missing = env.root().join("gone\x1b]0;pwned\x07.yaml");
    let out = assert_run_clean(&env, &["validate", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_progress_path_printed_by_doctor_is_escaped() {
    let env = TestEnv::new();
    let dir = env.root().join("d\x1b]0;pwned\x07");
    std::fs::create_dir_all(&dir).unwrap();
    let progress = dir.join("progress.toml");
    let progress = progress.to_str().unwrap();
    for args in [
        &["--progress", progress, "doctor"][..],
        &["--progress", progress, "done", "python"],
        &["--progress", progress, "doctor"],
        &[
            "--progress",
            progress,
            "export",
            "-o",
            &format!("{progress}.json"),
        ],
    ] {
        let out = assert_run_clean(&env, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
}

/// A bad flag value is quoted back by the argument parser; on a terminal that
/// quote must not carry the raw bytes (the value may come from a file, by `xargs`).
#[test]
fn a_bad_flag_value_is_not_echoed_raw_on_a_terminal() {
    let env = TestEnv::new();
    let bin = env!("CARGO_BIN_EXE_roadmap");
    for args in [
        "done --on \"$(printf 'x\\033]0;pwned\\007')\" python",
        "status --hours-per-week \"$(printf '\\033]0;pwned\\007')\"",
        "\"$(printf 'x\\033]0;pwned\\007')\"",
    ] {
        // `script` gives the binary a terminal, where styled output is on.
        let mut cmd = std::process::Command::new("script");
        env.isolate(&mut cmd).env("TERM", "xterm-256color").args([
            "-qec",
            &format!("{bin} {args}"),
            "/dev/null",
        ]);
        let out = cmd.output().expect("script runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("error:"), "{args}: {text}");
        assert!(
            !text.contains(['\x07', '\u{9b}']) && !text.contains("\x1b]"),
            "{args}: a raw control sequence reached the terminal: {text:?}"
        );
    }
}

// SPEC section 5: CSV cells a spreadsheet would run.

const FORMULAS: &str = "\
format: 1
id: sheet
title: Sheet
stages:
  - id: basics
    title: Basics
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: eq, title: \"=HYPERLINK(\\\"http://x\\\",\\\"click\\\")\" }
      - { id: plus, title: \"+1+1\" }
      - { id: minus, title: \"-2+3\" }
      - { id: at, title: \"@SUM(A1:A2)\" }
      - { id: tab, title: \"\\tTabbed\" }
      - { id: plain, title: \"Plain = fine\" }
";

#[test]
fn csv_cells_that_would_run_as_formulas_get_a_leading_quote() {
    let env = TestEnv::new();
    let roadmap = env.write("sheet.yaml", FORMULAS);
    let roadmap = roadmap.to_str().unwrap();
    let notes = [
        ("eq", "=1+1"),
        ("plus", "+cmd|' /C calc'!A0"),
        ("minus", "-1"),
        ("at", "@A1"),
        ("tab", "\tstarts with a tab"),
        ("plain", "\rstarts with a carriage return"),
    ];
    for (id, note) in notes {
        env.ok(&["--roadmap", roadmap, "note", id, "--", note]);
    }
    let out = assert_run_clean(&env, &["--roadmap", roadmap, "export", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "roadmap", "stage", "id", "title", "kind", "status", "started", "done", "note"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 6);
    let row = |id: &str| rows.iter().find(|r| &r[2] == id).unwrap().clone();
    // Titles: a formula gets the quote; the rest of the cell is read back as written.
    assert_eq!(&row("eq")[3], "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(&row("plus")[3], "'+1+1");
    assert_eq!(&row("minus")[3], "'-2+3");
    assert_eq!(&row("at")[3], "'@SUM(A1:A2)");
    // A title's tab is escaped for the terminal, so the cell starts with `\`.
    assert_eq!(&row("tab")[3], "\\tTabbed");
    assert_eq!(&row("plain")[3], "Plain = fine");
    // Notes keep tabs (and escape the carriage return, a control character).
    assert_eq!(&row("eq")[8], "'=1+1");
    assert_eq!(&row("plus")[8], "'+cmd|' /C calc'!A0");
    assert_eq!(&row("minus")[8], "'-1");
    assert_eq!(&row("at")[8], "'@A1");
    assert_eq!(&row("tab")[8], "'\tstarts with a tab");
    assert_eq!(&row("plain")[8], "\\u{d}starts with a carriage return");
    // Nothing else moved: every row has nine cells and the untouched ones are plain.
    for r in &rows {
        assert_eq!(r.len(), 9);
        assert_eq!(&r[0], "sheet");
        assert_eq!(&r[1], "basics");
        assert_eq!(&r[5], "todo");
    }
    // A cell is never quoted twice: the export of the export's own text is the same.
    let again = env.ok(&["--roadmap", roadmap, "export", "--format", "csv"]);
    assert_eq!(again, text);
}

/// ESC, CSI, OSC, C1 controls, BEL, tabs and bidirectional overrides, as YAML
/// writes them.
const HOSTILE_YAML: &str = r#"format: 1
id: nasty
title: "Nasty \e]0;pwned\a roadmap \u202e reversed"
summary: "Clears \e[2J the screen \x85 next line"
hours_per_week: 10
backgrounds:
  - id: dev
    title: "Developer \x9b31m \u2066 isolate"
stages:
  - id: one
    title: "Stage \e[2J one \u202d"
    summary: "Stage \x9b31m summary \a"
    estimate: { min_months: 1, max_months: 2 }
    items:
      - id: alpha
        title: "Alpha \e]8;;https://evil\e\\ link \u200f"
        summary: "Alpha \e[2J summary \x9b31m \x07"
        area: "area \e[2J \u202a"
        resources: [{ title: "Resource \e]0;pwned\a", url: "https://example.com/\e[2J\u202e" }]
      - id: beta
        title: "Beta \x9b31m title \x90 dcs \t tab"
        requires: [alpha]
  - id: two
    title: "Two \e]0;pwned\a"
    estimate: { min_months: 1, max_months: 3 }
    items:
      - { id: gamma, title: "Gamma \e[2J \u2067", requires: [beta] }
tracks:
  - { id: quick, title: "Quick \e[2J track \u202b", for: [dev], items: [alpha, beta] }
"#;

const HOSTILE_PROGRESS: &str = "format = 2
roadmap = \"nasty\"

[roadmaps.nasty.profile]
start = 2020-01-01

[roadmaps.nasty.items.alpha]
status = \"done\"
done = 2020-02-01
note = \"note \\u001B]0;pwned\\u0007 \\u009B31m \\u202E rev\\nsecond \\u0085 line\"

[roadmaps.nasty.items.beta]
status = \"started\"
started = 2026-11-01
note = \"a\\tb \\u001B[31m\"

[roadmaps.nasty.items.\"gone\\u001B[2J\\u009B31m\\u202E\"]
status = \"done\"
done = 2020-03-01
note = \"orphan \\u001B]0;pwned\\u0007\"
";

/// What may reach a terminal: no control character but the line break (and
/// the tab a CSV or Markdown export keeps in a note), no bidirectional override
/// or isolate (the tool's own colours aside).
fn assert_no_raw_control(what: &str, bytes: &[u8], tab: bool) {
    let text = without_colours(&String::from_utf8_lossy(bytes));
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && !(tab && c == '\t'))
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert!(
        bad.is_none(),
        "{what}: {bad:?} reached the terminal raw:\n{text:?}"
    );
}

#[test]
fn every_text_command_escapes_hostile_text_errors_included() {
    let env = TestEnv::new();
    let file = env.install_user_roadmap("nasty.yaml", HOSTILE_YAML);
    env.write_progress(HOSTILE_PROGRESS);
    let file = file.to_str().unwrap().to_string();
    let hostile_ref = "al\x1b]0;pwned\x07\u{9b}31m\u{202e}";
    let bad_file = env.write(
        "bad\x1b[2J.yaml",
        &HOSTILE_YAML.replace(
            "hours_per_week: 10",
            "hours_per_week: 10\n\"\\e]0;key\\a\": 1",
        ),
    );
    let bad_file = bad_file.to_str().unwrap().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec![],
        vec!["status"],
        vec!["status", "--hours-per-week", "3"],
        vec!["list"],
        vec!["list", "--track", "quick"],
        vec!["show", "alpha"],
        vec!["show", "beta"],
        vec!["next"],
        vec!["next", "--track", "quick"],
        vec!["log"],
        vec!["week"],
        vec!["timeline"],
        vec!["plan", "--by", "2030-01-01"],
        vec!["plan", "--by", "2030-01-01", "--stage", "one"],
        vec!["profile"],
        vec!["roadmaps"],
        vec!["doctor"],
        vec!["validate", &file],
        vec!["validate", &bad_file],
        vec!["export", "--format", "markdown"],
        vec!["export", "--format", "csv"],
        vec!["complete", "items", "", "--describe"],
        // Errors: a hostile reference, date, file and roadmap path.
        vec!["show", hostile_ref],
        vec!["done", hostile_ref],
        vec!["note", hostile_ref, "x"],
        vec!["next", "--track", hostile_ref],
        vec!["list", hostile_ref],
        vec!["plan", "--by", hostile_ref],
        vec!["--roadmap", hostile_ref, "status"],
        vec!["--roadmap", &bad_file, "status"],
        vec!["import", &bad_file],
        vec!["use", hostile_ref],
        // Writes: their confirmations and warnings on stderr.
        vec!["done", "gamma", "--note", "n\x1b[2J\u{202e}"],
        vec!["note", "beta", "t\x1b]0;x\x07"],
        vec!["skip", "beta"],
        vec!["undo", "beta"],
    ];
    for args in &commands {
        for color in ["never", "always"] {
            let out = env
                .cmd()
                .args(["--color", color])
                .args(args)
                .output()
                .unwrap();
            let what = format!("roadmap --color {color} {}", args.join(" "));
            assert!(out.status.code().is_some(), "{what} was killed");
            let export = args.first() == Some(&"export");
            assert_no_raw_control(&format!("{what} (stdout)"), &out.stdout, export);
            assert_no_raw_control(&format!("{what} (stderr)"), &out.stderr, false);
        }
    }
}

/// Text is escaped once, at the edge: the terminal helpers, table cells, error
/// rendering and the browser's one draw helper. The CSV and Markdown exports
/// spell out control characters as part of their format.
#[test]
fn escape_is_called_only_at_the_output_edge() {
    let allowed = [
        "src/ui.rs",
        "src/view/table.rs",
        "src/error.rs",
        "src/tui/draw.rs",
        "src/view/csv.rs",
        "src/view/markdown.rs",
    ];
    let model = [
        "src/roadmap",
        "src/progress",
        "src/report.rs",
        "src/forecast.rs",
        "src/plan.rs",
        "src/date.rs",
    ];
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    assert!(files.len() > 20);
    let mut draw_calls = 0;
    for path in files {
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let calls = text
            .match_indices("escape(")
            .filter(|(at, _)| {
                !text[..*at]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
            .count();
        if name == "src/tui/draw.rs" {
            draw_calls = calls;
        }
        assert!(
            calls == 0 || allowed.contains(&name.as_str()),
            "{name} calls `escape(` {calls} times: hand raw text to the `Ui` helpers instead"
        );
        if model.iter().any(|m| name.starts_with(m)) {
            for import in ["crate::ui", "crate::cli"] {
                assert!(
                    !text.contains(import),
                    "{name}, a model module, uses `{import}`"
                );
            }
        }
    }
    assert_eq!(draw_calls, 1, "the browser escapes in one draw helper");
}
