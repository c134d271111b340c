//! A progress bar on stderr when it is a terminal; silent otherwise (pipes, CI, `--json`).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A bar over input files, with documents per second in its message.
pub fn files_bar(total_files: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total_files), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total_files);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files · {msg} · ETA {eta}",
        )
        .expect("valid progress template")
        .progress_chars("=> "),
    );
    bar
}
