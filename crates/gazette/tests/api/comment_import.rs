//! `gazette import disqus`: threads matched to articles by URL or kept under their page's
//! URL, nesting, dates, authors, deleted and spam comments; a second run adds nothing; a
//! dry run and a broken file write nothing.

use crate::comments::a_story_at;
use crate::helpers::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

on_both_backends!(
    a_disqus_export_lands_once_with_its_nesting_dates_and_authors,
    a_dry_run_or_a_broken_export_writes_nothing,
);

fn export() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../gazette-formats/tests/fixtures/disqus/import.xml")
}

fn import(app: &TestApp, flags: &[&str], file: &std::path::Path) -> Output {
    app.gazette()
        .args(["import", "disqus"])
        .args(app.store_args())
        .args(flags)
        .arg(file)
        .output()
        .expect("run gazette import disqus")
}

fn json_report(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

fn counts(report: &Value) -> [u64; 7] {
    [
        "threads_matched",
        "threads_external",
        "threads_skipped",
        "comments_imported",
        "comments_already_there",
        "comments_skipped",
        "accounts_created",
    ]
    .map(|key| report[key].as_u64().unwrap_or(u64::MAX))
}

async fn rows(app: &TestApp) -> [i64; 3] {
    [
        app.count_rows("SELECT COUNT(*) FROM comments").await,
        app.count_rows("SELECT COUNT(*) FROM threads").await,
        app.count_rows("SELECT COUNT(*) FROM accounts").await,
    ]
}

async fn a_disqus_export_lands_once_with_its_nesting_dates_and_authors(backend: Backend) {
    let app = spawn_app(backend).await;
    let (story, path) = a_story_at(&app, "urn:test:disqus-ferry");
    assert_eq!(path, "/articles/ferry-timetable-changes-for-the-winter");

    let report = json_report(&import(&app, &["--json"], &export()));
    assert_eq!(counts(&report), [1, 1, 1, 6, 0, 1, 2], "{report:#}");
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["forum"], "harbor-times");
    let threads = report["threads"].as_array().expect("threads");
    assert_eq!(threads[0]["outcome"], "article");
    assert_eq!(threads[0]["story_id"].as_str(), Some(story.as_str()));
    assert_eq!(threads[1]["outcome"], "page");
    assert_eq!(threads[2]["outcome"], "skipped");
    assert!(
        threads[2]["reason"].as_str().unwrap_or("").contains("link"),
        "{report:#}"
    );

    // The story's thread: original dates and nesting; the deleted comment keeps its
    // place without text or author; spam is not shown.
    let (status, body) = app
        .get_text(&format!("/api/v1/articles/{story}/comments"))
        .await;
    assert_eq!(status, 200, "{body}");
    let thread: Value = serde_json::from_str(&body).expect("thread JSON");
    assert_eq!(thread["count"], 3, "{thread:#}");
    let comments = thread["comments"].as_array().expect("comments");
    let seen: Vec<(Option<&str>, &str, i64, &str)> = comments
        .iter()
        .map(|c| {
            (
                c["author"]["name"].as_str(),
                c["created_at"].as_str().unwrap_or(""),
                c["depth"].as_i64().unwrap_or(-1),
                c["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (Some("Mara Lind"), "2019-03-04T11:00:00Z", 0, "published"),
            (Some("Pier Walker"), "2019-03-04T12:00:00Z", 1, "published"),
            (Some("Mara Lind"), "2019-03-04T13:00:00Z", 2, "published"),
            (None, "2019-03-05T08:00:00Z", 0, "deleted"),
        ]
    );
    assert_eq!(comments[1]["parent_id"], comments[0]["id"]);
    assert_eq!(comments[2]["parent_id"], comments[1]["id"]);
    assert!(comments[1]["body_html"]
        .as_str()
        .unwrap_or("")
        .contains("<em>early</em>"));
    assert!(!body.contains("Cheap ferry") && !body.contains("took back"));

    // The other page's thread is kept under its URL, closed as it was on Disqus; the
    // authors with an email are accounts without a password (one per address, whatever
    // its case), and the spammer is none.
    assert_eq!(
        app.count_rows(
            "SELECT COUNT(*) FROM threads WHERE page_url = \
             'https://letters.example.org/2019/ferry-letters' AND closed_at IS NOT NULL \
             AND comment_count = 1"
        )
        .await,
        1
    );
    assert_eq!(
        app.count_rows(
            "SELECT COUNT(*) FROM accounts WHERE password_hash IS NULL \
             AND email IN ('mara.lind@example.net', 'olof.berg@example.net')"
        )
        .await,
        2
    );
    assert_eq!(
        app.count_rows(
            "SELECT COUNT(*) FROM comments c JOIN accounts a ON a.id = c.account_id \
             WHERE a.email = 'mara.lind@example.net'"
        )
        .await,
        3
    );
    assert_eq!(
        app.count_rows(
            "SELECT COUNT(*) FROM comments WHERE status = 'spam' AND account_id IS NULL"
        )
        .await,
        1
    );
    let after_first = rows(&app).await;
    assert_eq!(after_first, [6, 2, 2]);

    // Again: nothing new, everything reported as already there.
    let again = import(&app, &[], &export());
    assert!(again.status.success());
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(
        text.contains("comments: 0 imported, 6 already there, 1 skipped"),
        "{text}"
    );
    assert!(
        text.contains("threads: 1 matched to articles, 1 kept as external pages, 1 skipped"),
        "{text}"
    );
    assert_eq!(rows(&app).await, after_first);
    let (_, body) = app
        .get_text(&format!("/api/v1/articles/{story}/comments"))
        .await;
    let thread: Value = serde_json::from_str(&body).expect("thread JSON");
    assert_eq!(thread["count"], 3);
}

async fn a_dry_run_or_a_broken_export_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    a_story_at(&app, "urn:test:disqus-dry");
    let before = rows(&app).await;

    let dry = import(&app, &["--dry-run"], &export());
    assert!(dry.status.success());
    let text = String::from_utf8_lossy(&dry.stdout);
    assert!(text.starts_with("Dry run: nothing was written."), "{text}");
    assert!(
        text.contains("comments: 6 imported, 0 already there, 1 skipped"),
        "{text}"
    );
    let report = json_report(&import(&app, &["--dry-run", "--json"], &export()));
    assert_eq!(counts(&report), [1, 1, 1, 6, 0, 1, 2]);
    assert_eq!(report["dry_run"], true);
    assert_eq!(rows(&app).await, before);

    // A file cut short: refused with the place, nothing written.
    let text = std::fs::read_to_string(export()).expect("read the fixture");
    let broken = app.write("broken.xml", &text[..text.len() / 2]);
    let output = import(&app, &[], &broken);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not a Disqus export: Disqus export syntax error at line"),
        "{stderr}"
    );
    let missing = import(&app, &[], &app.data_dir().join("no-such-export.xml"));
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
    assert_eq!(rows(&app).await, before);
}
