//! Pure: `export --format html`, one page to share. Everything is inline (the
//! stylesheet, the charts as SVG), nothing is fetched and nothing runs: a
//! Content-Security-Policy forbids scripts and every network load, so even a
//! page edited by hand cannot call home. Text from the roadmap and the progress
//! file is escaped by `maud` wherever it is spliced in.

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::forecast::State;
use crate::progress::Status;
use crate::report::Report;
use crate::roadmap::Kind;
use crate::ui::months_range;
use crate::view::percent_text;
use crate::view::svg::{self, CHART_CSS, clean, clean_line};
use crate::view::text::{count, pace_with_range, stage_versus_plan};

const PAGE_CSS: &str = include_str!("../../assets/share.css");

/// No script, no network: only the inline stylesheet and inline images.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Todo => "to do",
        Status::Started => "started",
        Status::Done => "done",
        Status::Skipped => "skipped",
    }
}

fn bar(percent: f64) -> Markup {
    // A number this code computed: safe in a style attribute.
    let width = format!("width: {:.1}%", percent.clamp(0.0, 100.0));
    html! { span class="bar" aria-hidden="true" { span style=(width) {} } }
}

/// The whole page.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(&mut out, report);
    String::from_utf8(out).unwrap_or_default()
}

/// Where the checklist goes in the page: a comment no text can make, as maud
/// escapes every `<` it is given but this one.
const CHECKLIST_HERE: &str = "<!--roadmap:checklist-->";

/// The whole page, written as it is made: the checklist, which grows with the
/// roadmap, a stage at a time, so a large roadmap's page is never held whole.
pub fn write(out: &mut dyn std::io::Write, report: &Report) -> std::io::Result<()> {
    let page = page(report).into_string();
    let (before, after) = page.split_once(CHECKLIST_HERE).unwrap_or((&page, ""));
    out.write_all(before.as_bytes())?;
    write_checklist(out, report)?;
    out.write_all(after.as_bytes())?;
    out.write_all(b"\n")
}

/// The page around the checklist.
fn page(report: &Report) -> Markup {
    let roadmap = report.roadmap;
    let title = clean_line(&roadmap.title);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (format!("{title} · progress")) }
                style { (PreEscaped(PAGE_CSS)) (PreEscaped(CHART_CSS)) }
            }
            body {
                (header(report))
                (stages(report))
                section id="timeline" {
                    h2 { "Timeline" }
                    figure {
                        (svg::timeline(report, false))
                        figcaption { (pace_sentence(report)) }
                    }
                }
                section id="progress" {
                    h2 { "Done work over time" }
                    figure {
                        (svg::progress(report))
                        figcaption {
                            "The share of the roadmap's work done (items weighed by their effort, skipped ones left out) \
                             against the plan, which runs from its fastest to its slowest window. \
                             What was done on or before the start counts from the start, as known before."
                        }
                    }
                }
                (PreEscaped(CHECKLIST_HERE))
                footer {
                    p {
                        "Exported by roadmap on " (ymd(report.today)) " from the roadmap "
                        code { (clean_line(&roadmap.id)) } "."
                        @if let Some(source) = &roadmap.source {
                            " Content: " (clean_line(source))
                        }
                    }
                }
            }
        }
    }
}

fn pace_sentence(report: &Report) -> String {
    match report.forecast.pace {
        Some(p) => format!("Forecast from your own pace: {}.", pace_with_range(&p)),
        None => format!(
            "Forecast from the plan until {} after the start ({} so far).",
            count(crate::forecast::MIN_HISTORY, "completion"),
            report.forecast.completions
        ),
    }
}

fn header(report: &Report) -> Markup {
    let roadmap = report.roadmap;
    let s = &report.summary;
    let profile = &report.profile;
    let current = report.current_stage();
    let (min, max) = report.stages.iter().fold((0.0, 0.0), |(a, b), st| {
        (a + st.planned_months.0, b + st.planned_months.1)
    });
    html! {
        header {
            h1 { (clean_line(&roadmap.title)) }
            @if let Some(summary) = &roadmap.summary {
                p class="lede" { (clean(summary)) }
            }
            ul class="profile" aria-label="Learner profile" {
                @if let Some(b) = profile.background {
                    li { b { "Background " } (clean_line(&roadmap.backgrounds[b].title)) }
                }
                li { b { "Pace " } (percent_text(profile.hours_per_week)) " h/week" }
                li { b { "Started " } (ymd(profile.start)) }
                li { b { "As of " } (ymd(report.today)) }
            }
            div class="overall" {
                div class="big" { (percent_text(s.percent())) "% of the work done" }
                (bar(s.percent()))
                p {
                    (s.done) " of " (s.total) " items done"
                    @if s.started > 0 { ", " (s.started) " started" }
                    @if s.skipped > 0 { ", " (s.skipped) " skipped" }
                    "."
                    @if let Some(k) = current {
                        " Now in stage " (k + 1) ": " (clean_line(&roadmap.stages[k].title)) "."
                    } @else if s.total > 0 {
                        " Every stage is finished."
                    }
                }
                p class="muted" {
                    "The stages add up to " (months_range(min, max)) " at this pace"
                    @if let Some(o) = roadmap.overall {
                        "; the roadmap's author says " (months_range(o.min_months, o.max_months)) " overall"
                    }
                    ". " (pace_sentence(report))
                }
            }
            (next_up(report))
        }
    }
}

fn next_up(report: &Report) -> Markup {
    let next = report.next_items(None, 3);
    let roadmap = report.roadmap;
    html! {
        @if !next.is_empty() {
            p { b { "Next up" } }
            ol class="next" {
                @for n in &next {
                    @let item = &roadmap.items[n.item];
                    li {
                        (clean_line(&item.title))
                        span class="item-id" { (clean_line(&item.id)) }
                        @if report.items[n.item].status == Status::Started {
                            span class="tag" { "started" }
                        }
                    }
                }
            }
        }
    }
}

fn stages(report: &Report) -> Markup {
    let roadmap = report.roadmap;
    let current = report.current_stage();
    html! {
        section id="stages" {
            h2 { "Stages" }
            div class="table" { table {
                thead {
                    tr {
                        th class="num" { "#" }
                        th { "Stage" }
                        th { "Progress" }
                        th class="num" { "Done" }
                        th class="plan" { "Plan" }
                        th { "Forecast P50 / P85" }
                        th { "vs plan" }
                    }
                }
                tbody {
                    @for (k, (stage, f)) in roadmap.stages.iter().zip(&report.forecast.stages).enumerate() {
                        @let r = &report.stages[k];
                        @let c = &r.counts;
                        tr class=[(Some(k) == current).then_some("current")] {
                            td class="num" { (k + 1) }
                            td { (clean_line(&stage.title)) }
                            td class="progress" {
                                (bar(c.percent()))
                                span class="pct" { (percent_text(c.percent())) "%" }
                            }
                            td class="num" { (c.done) "/" (c.total) }
                            td class="plan" { (months_range(r.planned_months.0, r.planned_months.1)) }
                            td class="dates" {
                                @match (f.state, f.p50, f.p85) {
                                    (State::Done, Some(d), _) => { "done " span.day { (ymd(d)) } }
                                    (State::Done, None, _) => { "done" }
                                    (_, Some(a), Some(b)) => { span.day { (ymd(a)) } " / " span.day { (ymd(b)) } }
                                    _ => { "-" }
                                }
                            }
                            td class=(format!("versus state-{}", f.state.as_str().replace('_', "-"))) { (stage_versus_plan(report, k)) }
                        }
                    }
                }
            } }
        }
    }
}

fn write_checklist(out: &mut dyn std::io::Write, report: &Report) -> std::io::Result<()> {
    let roadmap = report.roadmap;
    out.write_all(br#"<section id="checklist"><h2>Checklist</h2>"#)?;
    for k in 0..roadmap.stages.len() {
        out.write_all(checklist_stage(report, k).into_string().as_bytes())?;
    }
    out.write_all(orphans(report).into_string().as_bytes())?;
    out.write_all(b"</section>")
}

fn checklist_stage(report: &Report, k: usize) -> Markup {
    let stage = &report.roadmap.stages[k];
    let c = &report.stages[k].counts;
    html! {
        section class="stage" {
            h3 { (k + 1) " · " (clean_line(&stage.title)) " " span class="muted" { "(" (c.done) "/" (c.total) ")" } }
            @if let Some(summary) = &stage.summary {
                p class="muted" { (clean(summary)) }
            }
            @for (area, items) in by_area(report, k) {
                @if let Some(area) = area {
                    h4 { (clean_line(area)) }
                }
                ul class="items" {
                    @for i in items { (item(report, i)) }
                }
            }
        }
    }
}

fn orphans(report: &Report) -> Markup {
    html! {
        @if !report.orphans.is_empty() {
            section class="stage" {
                h3 { "Progress for items this roadmap no longer has" }
                ul class="items" {
                    @for (id, record) in &report.orphans {
                        li class=(status_word(record.status).replace(' ', "-")) {
                            span class="box" {}
                            span { span class="title" { (clean_line(id)) } span class="sr" { " (" (status_word(record.status)) ")" } }
                            span class="when" { (dates(record.started, record.done)) }
                            @if let Some(note) = &record.note {
                                p class="note" { (clean(note)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A stage's items grouped by area, in the order the areas first appear.
fn by_area<'r>(report: &'r Report, stage: usize) -> Vec<(Option<&'r String>, Vec<usize>)> {
    let roadmap = report.roadmap;
    let mut groups: Vec<(Option<&String>, Vec<usize>)> = Vec::new();
    for i in roadmap.stages[stage].items.clone() {
        let area = roadmap.items[i].area.as_ref();
        match groups.iter_mut().find(|g| g.0 == area) {
            Some(group) => group.1.push(i),
            None => groups.push((area, vec![i])),
        }
    }
    groups
}

fn dates(started: Option<NaiveDate>, done: Option<NaiveDate>) -> String {
    match (started, done) {
        (Some(s), Some(d)) => format!("{} → {}", ymd(s), ymd(d)),
        (None, Some(d)) => format!("done {}", ymd(d)),
        (Some(s), None) => format!("started {}", ymd(s)),
        (None, None) => String::new(),
    }
}

fn item(report: &Report, i: usize) -> Markup {
    let item = &report.roadmap.items[i];
    let record = &report.items[i];
    let word = status_word(record.status);
    let done = (record.status == Status::Done)
        .then_some(record.done)
        .flatten();
    let started = matches!(record.status, Status::Started | Status::Done)
        .then_some(record.started)
        .flatten();
    html! {
        li class=(word.replace(' ', "-")) {
            span class="box" {}
            span {
                span class="title" { (clean_line(&item.title)) }
                span class="sr" { " (" (word) ")" }
                span class="item-id" { (clean_line(&item.id)) }
                @if item.kind == Kind::Project { span class="tag" { "project" } }
            }
            span class="when" { (dates(started, done)) }
            @if let Some(note) = &record.note {
                p class="note" { (clean(note)) }
            }
        }
    }
}
