//! The roadmap loader and validator on arbitrary bytes: `roadmap::roadmap::parse`
//! must answer every input with a checked roadmap or a list of problems, never a
//! panic or a hang. A roadmap that passes is then reported on and exported, so a
//! valid but extreme roadmap (huge estimates, odd ids) cannot crash `status` or
//! `export` either.

#![no_main]

use libfuzzer_sys::fuzz_target;
use roadmap::progress::{Progress, ProgressFile};
use roadmap::report::Report;

fuzz_target!(|data: &[u8]| {
    match roadmap::roadmap::parse(data) {
        Ok((roadmap, warnings)) => {
            assert!(warnings.iter().all(|p| !p.is_error()), "{warnings:?}");
            for (i, item) in roadmap.items.iter().enumerate() {
                assert_eq!(
                    roadmap.item_index(&item.id),
                    Some(i),
                    "ids index their item"
                );
                assert!(item.stage < roadmap.stages.len());
                assert!(item.requires.iter().all(|&r| r < roadmap.items.len()));
            }
            for stage in &roadmap.stages {
                assert!(stage.items.end <= roadmap.items.len());
            }
            let today = roadmap::date::parse_date("2026-11-30").expect("a date");
            let report = Report::build(&roadmap, &Progress::default(), today);
            let _ = report.next_items(None, 5);
            roadmap::view::json::export(&report).expect("json export");
            roadmap::view::csv::render(&report).expect("csv export");
            let _ = roadmap::view::markdown::render(&report);
            let toml = roadmap::view::toml::render(&report);
            ProgressFile::parse(std::path::Path::new("export.toml"), toml)
                .expect("a TOML export is a progress file");
        }
        Err(problems) => {
            assert!(problems.iter().any(|p| p.is_error()), "{problems:?}");
            for problem in &problems {
                let line = problem.render("fuzz.yaml");
                assert!(!line.is_empty());
            }
        }
    }
});
