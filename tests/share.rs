//! `export --format html|svg`: the page and the chart a learner shares. Both are
//! parsed back (an HTML5 parser, an XML parser) and checked against the JSON
//! export of the same progress; hostile text must come out as text; snapshots
//! pin the markup for a fixed learner.

mod common;

use common::{TINY, TestEnv};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const LEARNER: &str = include_str!("fixtures/views/learner.toml");
const HOSTILE: &str = include_str!("fixtures/share/hostile.yaml");
const HOSTILE_PROGRESS: &str = include_str!("fixtures/share/hostile.toml");
const PAGE_CSS: &str = include_str!("../assets/share.css");
const CHART_CSS: &str = include_str!("../assets/chart.css");

fn learner() -> TestEnv {
    let env = TestEnv::new();
    env.write_progress(LEARNER);
    env
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector `{css}`: {e}"))
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = all(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// Parse as a browser would, failing on anything the parser had to repair
/// beyond what HTML5 allows.
fn parse_page(html: &str) -> Html {
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "no doctype: {}",
        &html[..40]
    );
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    doc
}

/// Parse as XML: an SVG file must be well-formed.
fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    doc
}

fn classes<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
        .collect()
}

fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("no `{attr}` on {node:?}"))
        .parse()
        .unwrap_or_else(|e| panic!("`{attr}` on {node:?}: {e}"))
}

/// Every item of the JSON export, flattened.
fn items(doc: &Value) -> Vec<&Value> {
    doc["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .collect()
}

#[test]
fn the_page_shows_what_the_json_export_says() {
    let env = learner();
    let json = env.json(&["export"]);
    let html = env.ok(&["export", "--format", "html"]);
    let doc = parse_page(&html);

    assert_eq!(text(one(&doc, "h1")), "AI Engineer");
    assert_eq!(text(one(&doc, "head > title")), "AI Engineer · progress");
    let profile = text(one(&doc, "ul.profile"));
    assert!(profile.contains("Programming background"), "{profile}");
    assert!(profile.contains("10 h/week"), "{profile}");
    assert!(profile.contains("2026-03-01"), "{profile}");
    let overall = text(one(&doc, ".overall"));
    let percent = json["summary"]["percent"].as_f64().unwrap();
    assert!(
        overall.contains(&format!("{percent}% of the work done")),
        "{overall}"
    );
    let summary = &json["summary"];
    assert!(
        overall.contains(&format!(
            "{} of {} items done",
            summary["done"], summary["total"]
        )),
        "{overall}"
    );

    // One row per stage, with its counts and its forecast.
    let rows = all(&doc, "#stages tbody tr");
    let stages = json["stages"].as_array().unwrap();
    assert_eq!(rows.len(), stages.len());
    for (row, stage) in rows.iter().zip(stages) {
        let row = text(*row);
        assert!(row.contains(stage["title"].as_str().unwrap()), "{row}");
        assert!(
            row.contains(&format!("{}/{}", stage["done"], stage["total"])),
            "{row}"
        );
        assert!(
            row.contains(stage["forecast"]["p50"].as_str().unwrap()),
            "{row}"
        );
        assert!(
            row.contains(stage["forecast"]["p85"].as_str().unwrap()),
            "{row}"
        );
    }
    assert_eq!(all(&doc, "#stages tbody tr.current").len(), 1);

    // The checklist: every item once, with its status, dates and note.
    let listed = all(&doc, "#checklist ul.items li");
    let items = items(&json);
    assert_eq!(listed.len(), items.len());
    let mut seen = std::collections::HashSet::new();
    for li in &listed {
        let id = text(li.select(&sel(".item-id")).next().expect("an id"));
        let item = items
            .iter()
            .find(|i| i["id"] == id.as_str())
            .expect("an item of the export");
        assert!(seen.insert(id.clone()), "`{id}` listed twice");
        let status = item["status"].as_str().unwrap().replace("todo", "to-do");
        assert_eq!(li.value().attr("class"), Some(status.as_str()));
        let shown = text(*li);
        assert!(shown.contains(item["title"].as_str().unwrap()), "{shown}");
        assert!(shown.contains(item["id"].as_str().unwrap()), "{shown}");
        if status == "done" {
            assert!(shown.contains(item["done"].as_str().unwrap()), "{shown}");
        }
        if let Some(note) = item["note"].as_str() {
            let p = li.select(&sel("p.note")).next().expect("the note is shown");
            assert_eq!(text(p), note);
        }
    }

    // Both charts are inline; nothing is fetched, nothing runs.
    assert_eq!(all(&doc, "svg").len(), 2);
    assert_eq!(all(&doc, "#timeline svg").len(), 1);
    assert_eq!(all(&doc, "#progress svg").len(), 1);
    assert!(
        all(&doc, "svg .paper, svg style").is_empty(),
        "the page's own background and styles"
    );
    assert!(all(&doc, "script, link, iframe, img, object, embed").is_empty());
    assert!(all(&doc, "[src], [href]").is_empty());
    let policy = one(&doc, "meta[http-equiv=Content-Security-Policy]");
    assert!(
        policy
            .value()
            .attr("content")
            .unwrap()
            .starts_with("default-src 'none'")
    );
    let style = text(one(&doc, "style"));
    assert!(style.contains("@media print") && style.contains("prefers-color-scheme: dark"));
}

#[test]
fn the_inline_charts_are_well_formed_xml_too() {
    let env = learner();
    let html = env.ok(&["export", "--format", "html"]);
    let doc = parse_page(&html);
    for svg in all(&doc, "svg") {
        let markup = svg
            .html()
            .replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1);
        parse_svg(&markup);
    }
    // The progress chart ends today at the share of work the summary reports.
    let json = env.json(&["export"]);
    let percent = json["summary"]["percent"].as_f64().unwrap();
    let dot = one(&doc, "#progress circle.actual-dot");
    assert_eq!(
        text(dot),
        format!("{percent}% of the work done by 2026-11-30")
    );
}

#[test]
fn the_svg_file_is_the_timeline_chart() {
    let env = learner();
    let svg = env.ok(&["export", "--format", "svg"]);
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    let doc = parse_svg(&svg);
    let timeline = env.json(&["timeline", "--json"]);
    let stages = timeline["stages"].as_array().unwrap();
    let rows = classes(&doc, "stage");
    assert_eq!(rows.len(), stages.len());
    for (row, stage) in rows.iter().zip(stages) {
        let label: String = row
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert!(label.contains(stage["title"].as_str().unwrap()), "{label}");
        let planned = &stage["planned"];
        assert!(label.contains(&format!(
            "planned {} to {}",
            planned["start"].as_str().unwrap(),
            planned["min_end"].as_str().unwrap()
        )));
        let forecast = &stage["forecast"];
        if stage["state"] == "done" {
            assert!(label.contains(&format!("finished {}", forecast["p50"].as_str().unwrap())));
        } else {
            assert!(
                label.contains(&format!(
                    "as likely as not by {}",
                    forecast["p50"].as_str().unwrap()
                )),
                "{label}"
            );
            assert!(
                label.contains(&format!(
                    "85% chance by {}",
                    forecast["p85"].as_str().unwrap()
                )),
                "{label}"
            );
        }
    }
    // The stylesheet travels with the file, with its dark variant.
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .expect("a style element");
    assert!(
        style
            .text()
            .unwrap_or_default()
            .contains("prefers-color-scheme: dark")
    );
    assert_eq!(
        classes(&doc, "today").len(),
        2,
        "the today line and its legend"
    );
}

/// Before any history, P50 is the middle of the planned window (SPEC section 6):
/// the chart puts each dot there, and later stages further right.
#[test]
fn with_no_history_each_p50_dot_sits_in_the_middle_of_its_window() {
    let env = TestEnv::new();
    let svg = env.ok(&["export", "--format", "svg"]);
    let doc = parse_svg(&svg);
    let mut last = 0.0;
    let rows = classes(&doc, "stage");
    assert!(rows.len() >= 3);
    for row in rows {
        let find = |class: &str| {
            row.descendants()
                .find(|n| n.attribute("class") == Some(class))
                .unwrap_or_else(|| panic!("no `{class}` in a row"))
        };
        let plan = find("plan");
        let dot = find("p50");
        let (start, min_end) = (num(plan, "x"), num(plan, "x") + num(plan, "width"));
        let max_end = row
            .descendants()
            .find(|n| n.attribute("class") == Some("range"))
            .map_or(min_end, |r| num(r, "x") + num(r, "width"));
        let cx = num(dot, "cx");
        assert!(
            (cx - (min_end + max_end) / 2.0).abs() < 2.0,
            "P50 at {cx}, window {min_end}..{max_end}"
        );
        assert!(start >= last, "stages follow each other");
        last = start;
    }
}

#[test]
fn a_finished_roadmap_shows_finish_marks_and_no_forecast() {
    let env = TestEnv::new();
    env.install_user_roadmap("tiny.yaml", TINY);
    env.write_progress(
        "format = 1\nroadmap = \"tiny\"\n[profile]\nstart = 2026-08-01\n\
         [roadmaps.tiny.items.alpha]\nstatus = \"done\"\ndone = 2026-08-10\n\
         [roadmaps.tiny.items.beta]\nstatus = \"done\"\ndone = 2026-08-25\n\
         [roadmaps.tiny.items.gamma]\nstatus = \"skipped\"\n\
         [roadmaps.tiny.items.delta]\nstatus = \"done\"\ndone = 2026-10-15\n\
         [roadmaps.tiny.items.epsilon]\nstatus = \"done\"\ndone = 2026-11-02\n",
    );
    let svg = env.ok(&["export", "--format", "svg"]);
    let doc = parse_svg(&svg);
    let rows = classes(&doc, "stage");
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert!(
            row.descendants()
                .any(|n| n.attribute("class") == Some("finished"))
        );
        assert!(
            !row.descendants()
                .any(|n| n.attribute("class") == Some("p50"))
        );
    }
    let html = env.ok(&["export", "--format", "html"]);
    let page = parse_page(&html);
    assert!(text(one(&page, ".overall")).contains("100% of the work done"));
    assert!(text(one(&page, ".overall")).contains("Every stage is finished."));
    assert!(all(&page, "#stages tbody tr.current").is_empty());
    assert_eq!(all(&page, "#checklist li.skipped").len(), 1);
    assert!(text(all(&page, "#stages tbody tr")[0]).contains("done 2026-08-25"));
}

#[test]
fn hostile_text_is_shown_as_text_in_the_page() {
    let env = TestEnv::new();
    let roadmap = env.write("hostile.yaml", HOSTILE);
    env.write_progress(HOSTILE_PROGRESS);
    let path = roadmap.to_str().unwrap();
    let html = env.ok(&["--roadmap", path, "export", "--format", "html"]);
    let doc = parse_page(&html);

    // Nothing the files say became an element or an attribute.
    assert!(
        all(
            &doc,
            "script, img, iframe, a, h1 *, td *:not(.bar, .bar > span, .pct, .day)"
        )
        .is_empty(),
        "injected elements"
    );
    assert_eq!(all(&doc, "svg").len(), 2);
    assert_eq!(all(&doc, "style").len(), 1);
    for element in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        for (name, _) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "`{name}` attribute on <{}>",
                element.value().name()
            );
        }
    }
    // ... and every text reads as the files wrote it, control characters shown.
    assert_eq!(
        text(one(&doc, "h1")),
        "<script>alert('title')</script> & <b>bold</b>"
    );
    assert_eq!(
        text(one(&doc, ".lede")),
        "</style><script>alert(1)</script> \\u{1b}[2J"
    );
    assert!(text(one(&doc, "ul.profile")).contains("\"><svg onload=alert(3)>"));
    let first = text(all(&doc, "#stages tbody tr")[0]);
    assert!(
        first.contains("<svg onload=alert(4)> ]]> <!-- \\u{1}"),
        "{first}"
    );
    let notes: Vec<String> = all(&doc, "p.note").into_iter().map(text).collect();
    assert_eq!(
        notes,
        [
            "<script>alert('note')</script>\n<svg/onload=alert(9)> \\u{1b}[2J",
            "<script>alert('orphan')</script>"
        ]
    );
    let checklist = text(one(&doc, "#checklist"));
    for shown in [
        "<img src=x onerror=alert(5)> &amp; \u{fffd}",
        "' onmouseover='alert(7)",
        "</h4><script>alert(6)</script>",
        "<a href=\"javascript:alert(8)\">link</a>",
        "<b>gone</b>",
    ] {
        assert!(checklist.contains(shown), "`{shown}` not in {checklist}");
    }
    assert!(text(one(&doc, "footer")).contains("<img src=x onerror=alert(2)>"));
}

#[test]
fn hostile_text_keeps_the_svg_well_formed() {
    let env = TestEnv::new();
    let roadmap = env.write("hostile.yaml", HOSTILE);
    env.write_progress(HOSTILE_PROGRESS);
    let svg = env.ok(&[
        "--roadmap",
        roadmap.to_str().unwrap(),
        "export",
        "--format",
        "svg",
    ]);
    let doc = parse_svg(&svg);
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    for name in names {
        assert!(
            [
                "svg", "title", "style", "g", "line", "text", "rect", "circle", "path"
            ]
            .contains(&name),
            "unexpected element <{name}>"
        );
    }
    for node in doc.descendants() {
        for attr in node.attributes() {
            assert!(
                !attr.name().starts_with("on"),
                "`{}` attribute",
                attr.name()
            );
        }
    }
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(
        title.text(),
        Some("Timeline of <script>alert('title')</script> & <b>bold</b>")
    );
    let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        texts.contains("<svg onload=alert(4)> ]]> <!-- \\u{1}"),
        "{texts}"
    );
    assert!(
        texts.contains("<style>body{display:none}</style>"),
        "{texts}"
    );
}

#[test]
fn output_to_a_file_goes_through_the_store_and_says_so() {
    let env = learner();
    let out = env
        .cmd()
        .args(["export", "--format", "html", "-o", "page.html"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("page.html"), "{said}");
    let written = std::fs::read_to_string(env.root().join("page.html")).unwrap();
    assert_eq!(written, env.ok(&["export", "--format", "html"]));
    // Unchanged input, unchanged bytes: the page diffs cleanly in git.
    assert_eq!(
        env.ok(&["export", "-f", "svg"]),
        env.ok(&["export", "-f", "svg"])
    );
    let err = env.fails(
        1,
        &["export", "--format", "svg", "-o", "missing/dir/chart.svg"],
    );
    assert!(err.contains("missing/dir"), "{err}");
}

/// The markup with a line break between tags, so a change reads as a diff;
/// the stylesheets, checked here to be the assets, are left out.
fn reviewable(markup: &str) -> String {
    let mut text = markup.to_string();
    for css in [format!("{PAGE_CSS}{CHART_CSS}"), CHART_CSS.to_string()] {
        if let Some(at) = text.find(&css) {
            text.replace_range(at..at + css.len(), "/* assets/*.css */");
        }
    }
    assert!(
        !text.contains("prefers-color-scheme"),
        "a stylesheet other than the assets"
    );
    text.replace("><", ">\n<")
}

#[test]
fn snapshots_of_the_page_and_the_chart() {
    let env = learner();
    insta::assert_snapshot!(
        "share_html_learner",
        reviewable(&env.ok(&["export", "--format", "html"]))
    );
    insta::assert_snapshot!(
        "share_svg_learner",
        reviewable(&env.ok(&["export", "--format", "svg"]))
    );
}

/// Far-off dates (a start in year 1, a pace that stretches the plan past the
/// calendar's end) still give a bounded chart and a page that parses.
#[test]
fn far_off_dates_keep_the_charts_bounded() {
    for profile in [
        "start = 0001-01-01",
        "start = 2026-01-01\nhours_per_week = 0.5",
    ] {
        let env = TestEnv::new();
        env.write_progress(&format!(
            "format = 1\nroadmap = \"ai-engineer\"\n[profile]\n{profile}\n\
             [roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2026-02-01\n"
        ));
        let svg = env.ok(&["export", "--format", "svg"]);
        let doc = parse_svg(&svg);
        for node in doc.descendants() {
            for attr in ["x", "width", "cx", "x1", "x2"] {
                if let Some(value) = node.attribute(attr).filter(|v| *v != "100%") {
                    let v: f64 = value.parse().unwrap();
                    assert!((0.0..=880.0).contains(&v), "{profile}: {attr}={v}");
                }
            }
        }
        parse_page(&env.ok(&["export", "--format", "html"]));
    }
}
