//! Drop folders: a source (or a person) copies files into `DATA/incoming/<source>/`, and
//! `serve` ingests them. A file leaves the folder only after what it carries is
//! committed: to `processed/`, or to `rejected/` beside a `.error.txt` saying why. A
//! crash at any moment leaves the file where it was, and ingesting it again changes
//! nothing that was already committed, so nothing is lost and nothing is published twice.

use crate::ingest::{read_limited, IngestReport, IngestStatus};
use crate::App;
use gazette_core::SourceName;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub const INCOMING: &str = "incoming";
const PROCESSED: &str = "processed";
const REJECTED: &str = "rejected";
/// How often the folders are looked at.
const SCAN_INTERVAL: Duration = Duration::from_millis(500);
/// A file changed more recently than this may still be being written (a copy over the
/// network); it waits for the next scan. Writers that rename a finished file into the
/// folder are picked up on the first scan after this.
const SETTLE: Duration = Duration::from_millis(750);

impl App {
    /// Where a source's drop folder is.
    pub fn drop_folder(&self, source: &SourceName) -> PathBuf {
        self.config.data.join(INCOMING).join(source.as_str())
    }

    /// Runs the drop-folder scanner until the task is dropped.
    pub async fn run_drop_folders(self) {
        if let Err(error) = std::fs::create_dir_all(self.config.data.join(INCOMING)) {
            tracing::warn!(%error, "cannot create the drop folders; drop-folder ingest is off");
            return;
        }
        loop {
            let reports = self.scan_drop_folders().await;
            if reports
                .iter()
                .any(|r| matches!(r.status, IngestStatus::Published | IngestStatus::Updated))
            {
                tracing::info!(files = reports.len(), "drop folders ingested");
            }
            tokio::time::sleep(SCAN_INTERVAL).await;
        }
    }

    /// Ingests every settled file of every source's drop folder once.
    pub async fn scan_drop_folders(&self) -> Vec<IngestReport> {
        let mut reports = Vec::new();
        for (source, folder) in source_folders(&self.config.data.join(INCOMING)) {
            for file in settled_files(&folder) {
                reports.extend(self.ingest_dropped_file(&source, &folder, &file).await);
            }
        }
        reports
    }

    async fn ingest_dropped_file(
        &self,
        source: &SourceName,
        folder: &Path,
        file: &Path,
    ) -> Vec<IngestReport> {
        let label = file.display().to_string();
        let reports = match read_limited(file, self.config.ingest.max_file_bytes) {
            Ok(bytes) => self.ingest_document(source, &label, &bytes).await,
            Err(e) => vec![IngestReport::rejected(&label, e)],
        };
        // A store failure is not the file's fault: it stays for the next scan.
        if reports.iter().any(is_store_failure) {
            return reports;
        }
        let rejected: Vec<&IngestReport> = reports
            .iter()
            .filter(|r| r.status == IngestStatus::Rejected)
            .collect();
        let moved = if rejected.is_empty() {
            move_into(file, &folder.join(PROCESSED), None)
        } else {
            move_into(file, &folder.join(REJECTED), Some(&reasons(&rejected)))
        };
        if let Err(error) = moved {
            tracing::error!(%error, file = %label, "cannot move an ingested file out of the drop folder");
        }
        reports
    }
}

fn is_store_failure(report: &IngestReport) -> bool {
    report
        .error
        .as_deref()
        .is_some_and(|e| e.starts_with(crate::ingest::STORE_FAILURE))
}

fn reasons(rejected: &[&IngestReport]) -> String {
    let mut text = String::new();
    for report in rejected {
        if let Some(item) = &report.item {
            text.push_str(item);
            text.push_str(": ");
        }
        text.push_str(report.error.as_deref().unwrap_or("rejected"));
        text.push('\n');
    }
    text
}

/// The subfolders of `incoming/` named like sources.
fn source_folders(incoming: &Path) -> Vec<(SourceName, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(incoming) else {
        return Vec::new();
    };
    let mut folders: Vec<(SourceName, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name();
            match SourceName::parse(&name.to_string_lossy()) {
                Some(source) => Some((source, e.path())),
                None => {
                    tracing::debug!(folder = %e.path().display(), "not a source name; skipped");
                    None
                }
            }
        })
        .collect();
    folders.sort();
    folders
}

/// Regular files of a drop folder that have not changed for a moment, oldest name
/// first. Hidden files and partial uploads (`.part`, `.tmp`) wait.
fn settled_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && !name.ends_with(".part") && !name.ends_with(".tmp")
        })
        .filter(|e| {
            e.metadata().is_ok_and(|m| {
                m.is_file()
                    && m.modified()
                        .ok()
                        .and_then(|at| now.duration_since(at).ok())
                        .is_some_and(|age| age >= SETTLE)
            })
        })
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

/// Moves a file into `target/` (created when needed), keeping its name unless a file of
/// that name is already there; writes the reasons beside it first when it was rejected,
/// so a rejected file is never found without them.
fn move_into(file: &Path, target: &Path, reasons: Option<&str>) -> std::io::Result<()> {
    std::fs::create_dir_all(target)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut destination = target.join(&name);
    let mut n = 1;
    while destination.exists() {
        n += 1;
        destination = target.join(format!("{name}.{n}"));
    }
    if let Some(reasons) = reasons {
        let mut error_file = destination.clone().into_os_string();
        error_file.push(".error.txt");
        std::fs::write(error_file, reasons)?;
    }
    std::fs::rename(file, destination)
}
