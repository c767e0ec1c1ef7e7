//! `roadmap ui` in a real terminal: tmux runs a shell, the test types into it
//! as a person would (open, search, tick, quit) and reads the screen back.
//! Then the file holds the tick, the shell prompt is back and the terminal is
//! in its normal modes; the same after SIGTERM.
//!
//! Without tmux the test skips, except under CI (`CI` set), where it fails:
//! `.ci/run` installs tmux.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::TestEnv;

const PROMPT: &str = "ready$ ";

/// A tmux server of its own (its socket in the test's temp dir), killed on drop.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket);
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pane as it shows now, trailing blanks cut.
    fn screen(&self) -> String {
        let text = self.run(&["capture-pane", "-p", "-t", "t"]);
        text.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_string()
    }

    /// Wait until the screen satisfies `what`, or fail showing it.
    fn wait_for(&self, label: &str, what: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if what(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {label}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    /// The process running in the pane's shell, if any.
    fn foreground_child(&self) -> Option<u32> {
        let shell: u32 = self
            .run(&["display-message", "-p", "-t", "t", "#{pane_pid}"])
            .trim()
            .parse()
            .ok()?;
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
        children.split_whitespace().next()?.parse().ok()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

fn tmux_installed() -> bool {
    match Command::new("tmux").arg("-V").output() {
        Ok(out) if out.status.success() => true,
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is not installed, and CI needs it for the terminal test (.ci/run installs it)"
            );
            eprintln!("skipping: tmux is not installed (apt-get install tmux)");
            false
        }
    }
}

/// A shell in an 80x24 tmux pane, in the test's isolated environment.
fn shell(env: &TestEnv) -> Tmux {
    let tmux = Tmux {
        socket: env.root().join("tmux.sock"),
    };
    let mut cmd = tmux.cmd();
    env.isolate(&mut cmd);
    // The prompt goes on the shell's own command line: tmux does not hand PS1 down.
    cmd.args([
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "80",
        "-y",
        "24",
    ])
    .arg(format!("env PS1='{PROMPT}' ENV=/dev/null sh"));
    let out = cmd.output().expect("tmux starts");
    assert!(
        out.status.success(),
        "tmux new-session failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmux.wait_for("the shell prompt", |s| s.ends_with(PROMPT.trim_end()));
    tmux
}

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_roadmap"))
}

/// The last line is the prompt again, and the terminal is out of raw mode.
fn assert_shell_is_back(tmux: &Tmux) {
    tmux.wait_for("the prompt after the browser", |s| {
        s.ends_with(PROMPT.trim_end()) && !s.contains("Stages")
    });
    tmux.text("stty -a | tr ' ;' '\\n\\n' | grep -x -e -icanon -e icanon -e -echo -e echo");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("stty's answer", |s| {
        s.ends_with(PROMPT.trim_end()) && s.contains("icanon\n")
    });
    let tail: Vec<&str> = screen.lines().rev().take(3).collect();
    assert!(
        tail.contains(&"icanon") && tail.contains(&"echo"),
        "{screen}"
    );
}

#[test]
fn open_search_tick_quit_in_a_real_terminal() {
    if !tmux_installed() {
        return;
    }
    let env = TestEnv::new();
    let tmux = shell(&env);
    tmux.text(&format!("{} ui", bin().display()));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the stages screen", |s| {
        s.contains("Stages") && s.contains("q quit")
    });
    assert!(screen.contains("AI Engineer"), "{screen}");

    tmux.text("/python");
    tmux.wait_for("the search line", |s| s.contains("/python"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the jump to python", |s| {
        s.contains("roadmap show python") && s.contains("> [ ] python")
    });

    tmux.text("d");
    let screen = tmux.wait_for("the tick", |s| {
        s.contains("marked `python` done (2026-11-30)")
    });
    assert!(screen.contains("roadmap done python"), "{screen}");
    assert!(screen.contains("> [x] python"), "{screen}");

    tmux.text("q");
    assert_shell_is_back(&tmux);
    let progress = env.read_progress();
    assert!(
        progress
            .contains("[roadmaps.ai-engineer.items.python]\nstatus = \"done\"\ndone = 2026-11-30"),
        "{progress}"
    );
    // What the command line says agrees.
    let shown = env.ok(&["show", "python", "--json"]);
    assert!(shown.contains("\"status\": \"done\""), "{shown}");
}

#[test]
fn sigterm_puts_the_terminal_back() {
    if !tmux_installed() {
        return;
    }
    let env = TestEnv::new();
    let tmux = shell(&env);
    tmux.text(&format!("{} ui; echo \"exit $?\"", bin().display()));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the stages screen", |s| s.contains("Stages"));
    let pid = tmux
        .foreground_child()
        .expect("the browser runs under the shell");
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let screen = tmux.wait_for("the exit status", |s| s.contains("exit 143"));
    assert!(
        !screen.contains("Stages"),
        "the alternate screen is gone:\n{screen}"
    );
    assert_shell_is_back(&tmux);
    assert!(!env.progress().exists(), "nothing was written");
}

#[test]
fn output_that_is_not_a_terminal_is_refused() {
    let env = TestEnv::new();
    let out = env.run(&["ui"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .starts_with("error: `roadmap ui` needs a terminal, and its output is not one\nhint: "),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert!(!env.progress().exists(), "nothing was written");
}
