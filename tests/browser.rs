//! The shared page in a real browser: headless Chromium renders it, light and
//! dark, and the screenshots must show a page (not a blank one) with no console
//! message; the hostile page must come out of the browser's own DOM with no
//! element the files tried to inject. Without Chromium these tests skip, except
//! in CI (`CI` set), where `.ci/run` installs it and a missing browser fails.
//!
//! `UPDATE_SCREENSHOT=1 cargo test --test browser` also writes the light
//! screenshot to `docs/share.png`, the picture in the README.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TestEnv;
use scraper::{Html, Selector};

const LEARNER: &str = include_str!("fixtures/views/learner.toml");
const HOSTILE: &str = include_str!("fixtures/share/hostile.yaml");
const HOSTILE_PROGRESS: &str = include_str!("fixtures/share/hostile.toml");
/// The viewport: the top of the page, as a learner first sees it.
const WIDTH: u32 = 1000;
const HEIGHT: u32 = 1400;

/// Chromium, or `None` where it may be missing (not in CI).
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
            .find(|path| path.is_file())
    });
    match found {
        Some(path) => Some(path),
        None if std::env::var_os("CI").is_some() => {
            panic!("chromium is not installed: `.ci/run` must `apt-get install -y chromium`")
        }
        None => {
            eprintln!("skipped: chromium is not installed (`apt-get install -y chromium`)");
            None
        }
    }
}

struct Run {
    stdout: String,
    /// Chromium's own log on stderr, where console messages show as `:CONSOLE`.
    stderr: String,
}

impl Run {
    fn console(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .collect()
    }

    fn assert_quiet(&self) {
        let console = self.console();
        assert!(
            console.is_empty(),
            "console messages:\n{}",
            console.join("\n")
        );
    }
}

/// Run headless Chromium on `page` with `extra` flags, in a profile of its own,
/// with nothing to reach over the network; at most two minutes.
fn browse(browser: &Path, env: &TestEnv, page: &Path, extra: &[String]) -> Run {
    let profile = tempfile::tempdir_in(env.root()).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .env("HOME", env.home())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read both pipes while it runs, so a full pipe cannot stall it.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let begun = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if begun.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let run = Run {
        stdout: reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    };
    assert!(
        status.success(),
        "chromium failed ({status}):\n{}",
        run.stderr
    );
    run
}

fn screenshot(
    browser: &Path,
    env: &TestEnv,
    page: &Path,
    name: &str,
    extra: &[&str],
) -> (PathBuf, Run) {
    let shot = env.root().join(name);
    let mut flags = vec![
        format!("--screenshot={}", shot.display()),
        format!("--window-size={WIDTH},{HEIGHT}"),
        "--hide-scrollbars".to_string(),
    ];
    flags.extend(extra.iter().map(|s| s.to_string()));
    let run = browse(browser, env, page, &flags);
    assert!(shot.is_file(), "no screenshot:\n{}", run.stderr);
    (shot, run)
}

struct Picture {
    width: u32,
    height: u32,
    /// RGBA pixels.
    pixels: Vec<[u8; 4]>,
}

fn decode(path: &Path) -> Picture {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let bytes = &buf[..info.buffer_size()];
    let pixels = match info.color_type {
        png::ColorType::Rgba => bytes.chunks(4).map(|c| [c[0], c[1], c[2], c[3]]).collect(),
        png::ColorType::Rgb => bytes.chunks(3).map(|c| [c[0], c[1], c[2], 255]).collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    Picture {
        width: info.width,
        height: info.height,
        pixels,
    }
}

impl Picture {
    fn distinct_colours(&self) -> usize {
        self.pixels
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
    }

    /// The share of pixels that differ from the page's background (the top-left corner).
    fn drawn(&self) -> f64 {
        let background = self.pixels[0];
        self.pixels.iter().filter(|p| **p != background).count() as f64 / self.pixels.len() as f64
    }

    fn background_luma(&self) -> f64 {
        let [r, g, b, _] = self.pixels[0];
        0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)
    }
}

fn assert_a_page(picture: &Picture, what: &str) {
    assert_eq!((picture.width, picture.height), (WIDTH, HEIGHT), "{what}");
    // A blank page has one colour; text, bars and charts bring hundreds.
    let colours = picture.distinct_colours();
    assert!(
        colours >= 200,
        "{what}: only {colours} colours, the page looks blank"
    );
    let drawn = picture.drawn();
    assert!(
        (0.03..0.6).contains(&drawn),
        "{what}: {:.1}% of the pixels drawn",
        drawn * 100.0
    );
}

fn learner_page(env: &TestEnv) -> PathBuf {
    env.write_progress(LEARNER);
    let html = env.ok(&["export", "--format", "html"]);
    env.write("page.html", &html)
}

#[test]
fn the_page_renders_light_and_dark_with_no_console_message() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    let page = learner_page(&env);

    let (light, run) = screenshot(&browser, &env, &page, "light.png", &[]);
    run.assert_quiet();
    let picture = decode(&light);
    assert_a_page(&picture, "light");
    assert!(
        picture.background_luma() > 240.0,
        "a light page on a light screen"
    );

    let (dark, run) = screenshot(&browser, &env, &page, "dark.png", &["--force-dark-mode"]);
    run.assert_quiet();
    let dark_picture = decode(&dark);
    assert_a_page(&dark_picture, "dark");
    assert!(
        dark_picture.background_luma() < 40.0,
        "a dark page on a dark screen"
    );

    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join("share.png");
        std::fs::copy(&light, &docs).unwrap();
        eprintln!("wrote {}", docs.display());
    }
}

/// The console check can fail: a page that logs, and one whose script the
/// policy blocks, are both caught.
#[test]
fn console_messages_are_caught() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    let logs = env.write(
        "logs.html",
        "<!DOCTYPE html><title>t</title><p>x</p><script>console.error('boom')</script>",
    );
    let run = browse(&browser, &env, &logs, &["--dump-dom".into()]);
    assert!(
        run.console().iter().any(|l| l.contains("boom")),
        "{}",
        run.stderr
    );

    // The page's own policy turns an injected script into a console message.
    env.write_progress(LEARNER);
    let html = env.ok(&["export", "--format", "html"]);
    let injected = html.replacen("</body>", "<script>document.title='ran'</script></body>", 1);
    let page = env.write("injected.html", &injected);
    let run = browse(&browser, &env, &page, &["--dump-dom".into()]);
    assert!(
        run.console()
            .iter()
            .any(|l| l.contains("Content Security Policy")),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("<title>ran</title>"), "the script ran");
}

/// What the browser built from the hostile page: the texts, and no element or
/// attribute they tried to smuggle in.
#[test]
fn the_hostile_page_in_the_browser_holds_only_text() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    let roadmap = env.write("hostile.yaml", HOSTILE);
    env.write_progress(HOSTILE_PROGRESS);
    let html = env.ok(&[
        "--roadmap",
        roadmap.to_str().unwrap(),
        "export",
        "--format",
        "html",
    ]);
    let page = env.write("hostile.html", &html);
    let run = browse(&browser, &env, &page, &["--dump-dom".into()]);
    run.assert_quiet();
    let dom = Html::parse_document(&run.stdout);
    let select = |css: &str| dom.select(&Selector::parse(css).unwrap()).count();
    assert_eq!(select("script, img, iframe, a"), 0, "{}", run.stdout);
    assert_eq!(select("svg"), 2);
    assert_eq!(select("style"), 1);
    let h1: String = dom
        .select(&Selector::parse("h1").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "<script>alert('title')</script> & <b>bold</b>");

    let (shot, run) = screenshot(&browser, &env, &page, "hostile.png", &[]);
    run.assert_quiet();
    assert_a_page(&decode(&shot), "hostile");
}
