//! What `gazette ingest` shows while it works and when it is done: a progress bar for a
//! person watching a terminal, and one summary line on stderr for everyone, so a log or
//! a script sees the same totals.

use gazette_app::{IngestReport, IngestStatus};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

/// A bar only helps a person at a terminal; with `--json` a program reads the output,
/// and a bar redrawn into a file or a pipe would be noise.
pub fn shows_bar(stderr_is_terminal: bool, json: bool) -> bool {
    stderr_is_terminal && !json
}

/// Files done out of all files, items per second and the time left, on stderr.
pub struct IngestBar {
    bar: ProgressBar,
    started: Instant,
    items: u64,
}

impl IngestBar {
    pub fn new(files: usize) -> Self {
        let style = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files  {msg}  {elapsed} elapsed, ETA {eta}",
        )
        .expect("the template is valid");
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr())
            .with_style(style);
        Self {
            bar,
            started: Instant::now(),
            items: 0,
        }
    }

    pub fn item_done(&mut self) {
        self.items += 1;
    }

    pub fn file_done(&mut self) {
        self.bar.set_message(format!(
            "{:.0} items/s",
            per_second(self.items, self.started.elapsed())
        ));
        self.bar.inc(1);
    }

    /// Runs `print` with the bar cleared, so lines on the same terminal do not mix with it.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        self.bar.suspend(print)
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// One line with the count per status, the time taken and the rate, e.g.
/// `20000 published, 0 updated, 0 unchanged, 0 duplicate, 0 skipped, 0 rejected: 20000 items in 3.1 s, 6452 items/s`.
pub fn summary(reports: &[IngestReport], elapsed: Duration) -> String {
    let counts: Vec<String> = IngestStatus::ALL
        .into_iter()
        .map(|status| {
            let count = reports.iter().filter(|r| r.status == status).count();
            format!("{count} {}", status.as_str())
        })
        .collect();
    format!(
        "{}: {} items in {:.1} s, {:.0} items/s",
        counts.join(", "),
        reports.len(),
        elapsed.as_secs_f64(),
        per_second(reports.len() as u64, elapsed),
    )
}

fn per_second(items: u64, elapsed: Duration) -> f64 {
    // Under a millisecond says nothing about a rate; report none rather than millions.
    let seconds = elapsed.as_secs_f64();
    if seconds < 0.001 {
        0.0
    } else {
        items as f64 / seconds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_shows_only_at_a_terminal_without_json() {
        assert!(shows_bar(true, false));
        assert!(!shows_bar(true, true));
        assert!(!shows_bar(false, false));
        assert!(!shows_bar(false, true));
    }

    fn report(status: IngestStatus) -> IngestReport {
        IngestReport {
            path: "a.xml".into(),
            item: None,
            status,
            id: None,
            url: None,
            error: None,
            note: None,
        }
    }

    #[test]
    fn the_summary_counts_each_status_and_gives_the_rate() {
        let reports = [
            report(IngestStatus::Published),
            report(IngestStatus::Published),
            report(IngestStatus::Updated),
            report(IngestStatus::Rejected),
        ];
        assert_eq!(
            summary(&reports, Duration::from_secs(2)),
            "2 published, 0 held, 0 stored, 1 updated, 0 unchanged, 0 duplicate, 0 skipped, 1 rejected: \
             4 items in 2.0 s, 2 items/s"
        );
    }

    #[test]
    fn an_instant_run_claims_no_rate() {
        assert!(summary(&[], Duration::ZERO).ends_with("0 items in 0.0 s, 0 items/s"));
    }
}
