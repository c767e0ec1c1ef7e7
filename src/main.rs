//! The `roadmap` binary: parse the command line, run, map errors to exit codes.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match roadmap::cli::parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version itself and decides their exit code (0),
            // while usage errors exit 2 as SPEC section 7 asks. An error quotes
            // the argument as given, which may be text from a file (`xargs`), so
            // it is printed plain and escaped, never styled around raw bytes.
            if err.use_stderr() {
                let text = roadmap::error::render_usage(&err);
                let _ = write!(std::io::stderr().lock(), "{text}");
            } else {
                let _ = err.print();
            }
            return ExitCode::from(err.exit_code().clamp(0, 255) as u8);
        }
    };
    match roadmap::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{}", err.render());
            ExitCode::from(err.exit_code())
        }
    }
}
