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
