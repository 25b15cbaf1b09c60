//! The `rotaflow` command: a thin layer over the `rotaflow` library that parses arguments,
//! reads and writes files and prints progress.

mod appointments;
mod args;
mod bench;
mod bench_inrc2;
mod bench_replan;
mod book_flow;
mod cover;
mod evaluate;
mod export;
mod generate;
mod import;
mod outputs;
mod plan;
mod replan;
mod search;
mod staffing;
mod template;
mod template_checks;
mod template_sim;
mod validate;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// Exit code for invalid input or a failed command.
pub const EXIT_FAILURE: u8 = 1;

/// Exit code when Ctrl-C or SIGTERM stopped a command early and its best result was written.
pub const EXIT_INTERRUPTED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(a) => validate::run(&a),
        Command::Evaluate(a) => evaluate::run(&a),
        Command::Plan(a) => plan::run(&a),
        Command::Replan(a) => replan::run(&a),
        Command::Cover(a) => cover::run(&a),
        Command::Import { format } => import::run(format),
        Command::Export { format } => export::run(format),
        Command::Bench { format } => bench::run(format),
        Command::BenchOne(a) => bench::run_one(&a),
        Command::Generate { format } => generate::run(format),
        Command::Appointments(a) => appointments::run(&a),
        Command::Staffing(a) => staffing::run(&a),
        Command::Template(c) => template::run(c).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            say!("error: {e:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Prints a line of progress or a message to standard error. A closed or full standard error
/// (as in `rotaflow plan ... 2>&1 | head -2`) never stops a command: the message is lost, the
/// results are still written.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::say_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Writes one line to standard error, ignoring any error (see [`say`]).
pub fn say_line(args: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{args}");
}

/// The text of input file `path` (a regular file of bounded size, see
/// [`rotaflow::formats::open_input`]).
pub fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context;
    use std::io::Read;
    let mut text = String::new();
    rotaflow::formats::open_input(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text)
}

/// Writes `text` to standard output. A closed pipe (as in `rotaflow evaluate ... | head`)
/// ends the output quietly instead of failing.
pub fn print_out(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The value of `read` (reading the input at `path`), or, when the input has problems, prints
/// them and returns the failure exit code from the calling command.
macro_rules! read_or_report {
    ($read:expr, $path:expr) => {
        match $read {
            Ok(v) => v,
            Err(e) => return Ok($crate::report_problems(&$path.display().to_string(), &e)),
        }
    };
}
pub(crate) use read_or_report;

/// Most lines of problems printed for one input.
const MAX_PROBLEM_LINES: usize = 200;

/// Prints the problems of an input, one per line (problems of one kind a few times, then
/// counted), and returns the failure exit code.
pub fn report_problems(what: &str, errors: &rotaflow::formats::FormatErrors) -> u8 {
    for line in errors.summary(MAX_PROBLEM_LINES) {
        say!("{line}");
    }
    say!(
        "{what}: {} problem{} found",
        errors.0.len(),
        if errors.0.len() == 1 { "" } else { "s" }
    );
    EXIT_FAILURE
}
