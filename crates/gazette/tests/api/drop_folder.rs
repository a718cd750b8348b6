//! Drop folders: files copied into `DATA/incoming/<source>/` while `serve` runs.

use crate::helpers::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

on_both_backends!(
    a_dropped_story_is_published_and_its_file_moved_to_processed,
    a_bad_file_goes_to_rejected_beside_its_reason_and_the_others_land,
    a_server_killed_while_ingesting_loses_no_file_and_publishes_nothing_twice,
);

fn drop_folder(app: &TestApp, source: &str) -> PathBuf {
    let folder = app.data_dir().join("incoming").join(source);
    std::fs::create_dir_all(&folder).expect("drop folder");
    folder
}

/// Waits until `done` holds, failing after a generous deadline.
async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        // Short steps: the crash test must kill the server while files are still waiting.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn a_dropped_story_is_published_and_its_file_moved_to_processed(backend: Backend) {
    let app = spawn_app(backend).await;
    let folder = drop_folder(&app, "harbor-wire");
    write_story(
        &folder,
        "ferry.txt",
        &page_copy(
            "Local News",
            "Night ferry trial starts Friday",
            "Ana Ruiz, Harbor Wire",
            "The harbour board will run a late ferry on Fridays for a month.",
        ),
    );
    wait_for("the file moves to processed/", || {
        files_in(&folder.join("processed")) == ["ferry.txt"]
    })
    .await;
    assert!(
        files_in(&folder).is_empty(),
        "nothing left in the drop folder"
    );
    let (_, front) = app.get_text("/").await;
    assert!(front.contains("Night ferry trial starts Friday"), "{front}");
}

async fn a_bad_file_goes_to_rejected_beside_its_reason_and_the_others_land(backend: Backend) {
    let app = spawn_app(backend).await;
    let folder = drop_folder(&app, "harbor-wire");
    write_story(
        &folder,
        "broken.json",
        "{\"uri\": \"urn:x\", \"headline\": ",
    );
    write_story(
        &folder,
        "good.txt",
        &page_copy(
            "Local News",
            "Library extends Sunday hours",
            "Tom Becker, Harbor Wire",
            "The central library will open on Sundays from next month.",
        ),
    );
    wait_for("both files leave the drop folder", || {
        files_in(&folder).is_empty()
    })
    .await;
    let rejected = folder.join("rejected");
    assert_eq!(
        files_in(&rejected),
        ["broken.json", "broken.json.error.txt"]
    );
    let reason =
        std::fs::read_to_string(rejected.join("broken.json.error.txt")).expect("reason file");
    assert!(reason.contains("syntax error"), "{reason}");
    assert_eq!(files_in(&folder.join("processed")), ["good.txt"]);
    let (_, front) = app.get_text("/").await;
    assert!(front.contains("Library extends Sunday hours"));
}

async fn a_server_killed_while_ingesting_loses_no_file_and_publishes_nothing_twice(
    backend: Backend,
) {
    // The in-process server leaves the folder to the child process under test.
    let app = spawn_app_with(backend, |config| config.ingest.watch_drop_folders = false).await;
    let folder = drop_folder(&app, "harbor-wire");
    // Enough that the kill, a few milliseconds after the first file is done, finds many
    // still waiting however fast ingest gets.
    const STORIES: usize = 400;
    for n in 0..STORIES {
        write_story(
            &folder,
            &format!("story-{n:03}.txt"),
            &page_copy(
                "Local News",
                &format!("Harbour notice number {n} for the week"),
                "Ana Ruiz, Harbor Wire",
                &format!("Notice {n}: the harbour office lists berth changes for vessel {n}."),
            ),
        );
    }
    let processed = folder.join("processed");
    let mut server = start_server(&app, "127.0.0.1:0");
    wait_for("the first files are processed", || {
        !files_in(&processed).is_empty()
    })
    .await;
    server.kill().expect("SIGKILL the server");
    server.wait().expect("reap");
    let left = files_in(&folder).len();
    assert!(
        left > 0,
        "killed too late to test anything: every file was done"
    );

    let mut server = start_server(&app, "127.0.0.1:0");
    wait_for("every file leaves the drop folder", || {
        files_in(&folder).is_empty()
    })
    .await;
    server.kill().expect("stop the server");
    server.wait().expect("reap");

    assert_eq!(
        files_in(&processed).len(),
        STORIES,
        "no file lost or doubled"
    );
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM stories").await,
        STORIES as i64,
        "each story stored once"
    );
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM revisions").await,
        STORIES as i64,
        "and never revised by its own second reading"
    );
}
