//! One range for hours per week (0.5 to 100), wherever a pace comes in: the
//! `profile` flag, the what-if on `status`, `timeline`, the progress file
//! (a hand edit names the file and line), an import and a roadmap.

mod common;

use common::TestEnv;

const RULE: &str = "a number of hours per week from 0.5 to 100";

const OUT_OF_RANGE: [&str; 9] = [
    "1e-300", "0", "0.4", "100.5", "1e300", "NaN", "inf", "-inf", "-3",
];

#[test]
fn the_flags_refuse_a_pace_out_of_range_and_say_the_range() {
    let env = TestEnv::new();
    env.ok(&["done", "python"]);
    let before = std::fs::read(env.progress()).unwrap();
    for hours in OUT_OF_RANGE {
        let flag = format!("--hours-per-week={hours}");
        for args in [
            &["profile", &flag][..],
            &["status", &flag],
            &["timeline", &flag],
            &["timeline", "--json", &flag],
        ] {
            let stderr = env.fails(2, args);
            assert!(
                stderr.contains(RULE) && stderr.contains(&format!("'{hours}'")),
                "{args:?}: {stderr}"
            );
            assert!(!stderr.contains("9223372036854775807"), "{stderr}");
        }
    }
    assert_eq!(std::fs::read(env.progress()).unwrap(), before);
    for args in [
        &["profile", "--help"][..],
        &["status", "--help"],
        &["timeline", "--help"],
    ] {
        let help = env.ok(args);
        assert!(help.contains("0.5 to 100"), "{args:?}: {help}");
    }
}

#[test]
fn the_edges_of_the_range_are_paces_with_real_dates() {
    let env = TestEnv::new();
    for hours in ["0.5", "100"] {
        env.ok(&["profile", "--hours-per-week", hours]);
        let timeline = env.json(&["timeline", "--json"]);
        for stage in timeline["stages"].as_array().unwrap() {
            let p85 = stage["forecast"]["p85"].as_str().unwrap();
            assert!(
                p85.len() == 10 && !p85.starts_with('+'),
                "{hours} h/week: {p85}"
            );
        }
        let what_if = env.json(&["status", "--json", "--hours-per-week", hours]);
        assert!(what_if["stages"][0]["forecast"]["p50"].is_string());
    }
    let status = env.ok(&["status"]);
    assert!(!status.contains("9223372036854775807"), "{status}");
}

#[test]
fn a_hand_edited_pace_out_of_range_names_the_file_and_line() {
    let env = TestEnv::new();
    let cases = [
        "format = 2\n[roadmaps.ai-engineer.profile]\nhours_per_week = 1e-300\n",
        "format = 2\n[roadmaps.ai-engineer.profile]\nhours_per_week = nan\n",
        "format = 2\n[roadmaps.ai-engineer.profile]\nhours_per_week = inf\n",
        "format = 2\n[roadmaps.ai-engineer.profile]\nhours_per_week = 168\n",
        "format = 2\n[roadmaps.ai-engineer.profile]\nhours_per_week = 0\n",
        "format = 1\n[profile]\nhours_per_week = 0.25\n",
        "format = 2\n[roadmaps.ai-engineer.profile]\n\
         earlier_paces = [{ since = 2026-01-01, hours_per_week = 1000 }]\n",
    ];
    for text in cases {
        env.write_progress(text);
        for args in [&["status"][..], &["done", "python"], &["profile"]] {
            let stderr = env.fails(1, args);
            assert!(
                stderr.contains("progress.toml:3:") && stderr.contains(RULE),
                "{text:?} {args:?}: {stderr}"
            );
        }
        assert_eq!(env.read_progress(), text, "nothing written");
    }
}

#[test]
fn an_import_with_a_pace_out_of_range_is_refused() {
    let env = TestEnv::new();
    env.write_progress("format = 2\n");
    for hours in ["1e-300", "0", "500"] {
        let file = env.write(
            "in.json",
            &format!(
                r#"{{"format": 1, "roadmap": {{"id": "ai-engineer"}},
                   "profile": {{"hours_per_week": {hours}}},
                   "stages": [{{"id": "foundations", "items": [
                     {{"id": "python", "status": "done", "done": "2026-01-02"}}]}}]}}"#
            ),
        );
        let stderr = env.fails(1, &["import", file.to_str().unwrap()]);
        assert!(
            stderr.contains("in.json")
                && stderr.contains("`profile.hours_per_week`")
                && stderr.contains(RULE),
            "{stderr}"
        );
        assert_eq!(env.read_progress(), "format = 2\n");
    }
    // A TOML progress file to import is held to the same rule, with its line.
    let file = env.write(
        "other.toml",
        "format = 2\n[roadmaps.ai-engineer.profile]\nhours_per_week = 0.01\n",
    );
    let stderr = env.fails(1, &["import", file.to_str().unwrap()]);
    assert!(
        stderr.contains("other.toml:3:") && stderr.contains(RULE),
        "{stderr}"
    );
}

#[test]
fn a_roadmap_pace_out_of_range_is_a_validation_error() {
    let env = TestEnv::new();
    let text = common::TINY.replace("hours_per_week: 10", "hours_per_week: 1e-300");
    let file = env.write("slow.yaml", &text);
    let out = env.run(&["validate", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("slow.yaml:4:1: error: `hours_per_week` must be") && stdout.contains(RULE),
        "{stdout}"
    );
}
