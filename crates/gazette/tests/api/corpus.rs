//! Every real sample file in `GAZETTE_CORPUS` through the real binary into the store and
//! out as pages. The format crate's tests check each file's fields; this checks that what
//! they read can be stored on both databases and shown without a server error.

use crate::helpers::*;
use std::path::PathBuf;

on_both_backends!(every_corpus_file_is_stored_or_refused_with_a_reason_and_its_page_renders);

fn corpus() -> Option<PathBuf> {
    match std::env::var_os("GAZETTE_CORPUS") {
        Some(folder) => Some(PathBuf::from(folder)),
        None => {
            eprintln!(
                "SKIPPED: GAZETTE_CORPUS is not set; the real-sample ingest test did not run"
            );
            None
        }
    }
}

async fn every_corpus_file_is_stored_or_refused_with_a_reason_and_its_page_renders(
    backend: Backend,
) {
    let Some(corpus) = corpus() else {
        return;
    };
    let app = spawn_app(backend).await;
    let folders: Vec<PathBuf> = ["ninjs", "newsml-g2", "nitf", "feeds"]
        .iter()
        .map(|name| corpus.join(name))
        .collect();
    let paths: Vec<&std::path::Path> = folders.iter().map(PathBuf::as_path).collect();
    let (_, reports) = app.ingest(&paths);
    assert!(
        reports.len() >= 150,
        "a report per file or item: {}",
        reports.len()
    );
    for report in &reports {
        if let Some(error) = &report.error {
            assert!(
                !error.starts_with("cannot store the story"),
                "the store refused what the reader read: {report:?}"
            );
        }
    }
    let landed: Vec<_> = reports
        .iter()
        .filter(|r| matches!(r.status.as_str(), "published" | "updated"))
        .collect();
    assert!(
        landed.len() >= 100,
        "most samples are stories: {}",
        landed.len()
    );
    for report in landed {
        let url = report.url.as_deref().expect("url");
        let status = app.get(url).await.status().as_u16();
        assert!(
            matches!(status, 200 | 404 | 410),
            "{url} from {} answered {status}",
            report.path
        );
    }
    let (status, _) = app.get_text("/").await;
    assert_eq!(
        status, 200,
        "the front page renders with every sample in the store"
    );
}
