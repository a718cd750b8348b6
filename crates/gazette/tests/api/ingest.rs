//! `gazette ingest`: statuses, identity, revisions, rejection, and a running server
//! seeing what another process ingested.

use crate::helpers::*;

on_both_backends!(
    published_then_unchanged_then_updated_keeping_every_revision,
    rejected_files_fail_the_run_but_the_others_land,
    oversized_binary_and_unreadable_wire_files_are_rejected_with_the_reason,
    a_story_ingested_by_another_process_shows_without_restart,
    two_processes_ingesting_the_same_folder_store_each_story_once,
    stories_with_the_same_headline_from_different_sources_get_distinct_urls,
    an_unreadable_entry_is_reported_alone_and_the_rest_of_the_folder_lands,
    hostile_files_are_refused_each_with_its_reason_and_fetch_nothing,
);

async fn published_then_unchanged_then_updated_keeping_every_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.ingest_one(&fixture("harbor-ferry.txt"), "published");
    let id = first.id.clone().expect("id");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "id is a UUID: {id}");
    let url = first.url.clone().expect("url");
    assert!(
        url.starts_with("/articles/council-approves-weekend-ferry"),
        "{url}"
    );

    let again = app.ingest_one(&fixture("harbor-ferry.txt"), "unchanged");
    assert_eq!(again.id.as_deref(), Some(id.as_str()));
    assert_eq!(again.url.as_deref(), Some(url.as_str()));

    let edited = std::fs::read_to_string(fixture("harbor-ferry.txt"))
        .expect("fixture")
        .replace("voted 7-2 on Tuesday", "voted 8-1 on Tuesday night");
    let dir = tempfile::tempdir().expect("dir");
    let edited_path = write_story(dir.path(), "ferry-corrected.txt", &edited);
    let updated = app.ingest_one(&edited_path, "updated");
    assert_eq!(
        updated.id.as_deref(),
        Some(id.as_str()),
        "an edit keeps the story's id"
    );
    assert_eq!(
        updated.url.as_deref(),
        Some(url.as_str()),
        "an edit keeps the story's URL"
    );

    let revisions = app
        .count_rows(&format!(
            "SELECT COUNT(*) FROM revisions WHERE story_id = '{id}'"
        ))
        .await;
    assert_eq!(revisions, 2, "the earlier revision is kept");
    let (status, html) = app.get_text(&url).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("voted 8-1 on Tuesday night"),
        "the page shows the new revision"
    );
    assert!(!html.contains("voted 7-2"), "and not the old one");
    assert!(html.contains("Updated <time"), "an updated story says so");
}

async fn rejected_files_fail_the_run_but_the_others_land(backend: Backend) {
    let app = spawn_app(backend).await;
    let dir = tempfile::tempdir().expect("dir");
    std::fs::copy(fixture("harbor-ferry.txt"), dir.path().join("a-good.txt")).expect("copy");
    std::fs::copy(
        fixture("bad/unknown-footer.txt"),
        dir.path().join("b-bad.txt"),
    )
    .expect("copy");
    std::fs::copy(
        fixture("no-category-oxford.txt"),
        dir.path().join("c-good.txt"),
    )
    .expect("copy");
    let (code, reports) = app.ingest(&[dir.path()]);
    assert_eq!(code, 1, "a rejected file makes the run fail");
    let statuses: Vec<_> = reports.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, vec!["published", "rejected", "published"]);
    let rejected = &reports[1];
    assert!(rejected.path.ends_with("b-bad.txt"));
    assert!(rejected.id.is_none() && rejected.url.is_none());
    let error = rejected.error.as_deref().expect("a reason");
    assert!(
        error.starts_with("line 15:"),
        "the reason names the line: {error}"
    );
    assert!(
        dir.path().join("b-bad.txt").exists(),
        "a rejected file is left where it was"
    );
    for good in [&reports[0], &reports[2]] {
        let (status, _) = app.get_text(good.url.as_deref().expect("url")).await;
        assert_eq!(status, 200, "{good:?}");
    }
}

async fn oversized_binary_and_unreadable_wire_files_are_rejected_with_the_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let dir = tempfile::tempdir().expect("dir");
    let big = write_story(
        dir.path(),
        "big.txt",
        &"All work and no play. ".repeat(400_000),
    );
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, [0xFFu8, 0x00, 0x13, 0x37, 0x00, 0x42]).expect("write");
    let xml = write_story(
        dir.path(),
        "wire.xml",
        "<?xml version=\"1.0\"?><nitf></nitf>",
    );
    let (code, reports) = app.ingest(&[&big, &binary, &xml]);
    assert_eq!(code, 1);
    let errors: Vec<_> = reports
        .iter()
        .map(|r| r.error.clone().unwrap_or_default())
        .collect();
    assert!(errors[0].contains("limit"), "{}", errors[0]);
    assert!(errors[1].contains("binary"), "{}", errors[1]);
    assert!(errors[2].contains("NITF: no id"), "{}", errors[2]);
    assert_eq!(app.count_rows("SELECT COUNT(*) FROM stories").await, 0);
}

async fn a_story_ingested_by_another_process_shows_without_restart(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, front) = app.get_text("/").await;
    assert!(front.contains("No stories yet"));

    let report = app.ingest_one(&fixture("three-authors-crlf-dated.txt"), "published");
    let url = report.url.expect("url");
    let (status, article) = app.get_text(&url).await;
    assert_eq!(status, 200, "the new story's page is there at once");
    assert!(article.contains("Vineyard co-op bets €4 million"));

    // `gazette ingest` waits until the server has read the change log: lists are new
    // by the time it returns.
    let (_, front) = app.get_text("/").await;
    assert!(
        front.contains(&url),
        "the front page shows the new story at once"
    );
    let (_, section) = app.get_text("/sections/business").await;
    assert!(section.contains(&url), "and so does its section");
}

async fn two_processes_ingesting_the_same_folder_store_each_story_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let demo = demo_folder();
    let spawn = || {
        app.gazette()
            .arg("ingest")
            .args(app.store_args())
            .arg("--json")
            .arg(&demo)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (one, two) = (spawn(), spawn());
    let one = one.wait_with_output().expect("first");
    let two = two.wait_with_output().expect("second");
    let (code_one, one) = parse_ingest_output(&one);
    let (code_two, two) = parse_ingest_output(&two);
    assert_eq!((code_one, code_two), (0, 0), "{one:?} {two:?}");
    let files = std::fs::read_dir(&demo).expect("demo").count();
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM stories").await,
        files as i64
    );
    for (a, b) in one.iter().zip(&two) {
        assert_eq!(a.id, b.id, "both runs name the same story for {}", a.path);
        let statuses = [a.status.as_str(), b.status.as_str()];
        assert!(
            statuses.contains(&"published") && statuses.contains(&"unchanged"),
            "{statuses:?}"
        );
    }
}

async fn stories_with_the_same_headline_from_different_sources_get_distinct_urls(backend: Backend) {
    let app = spawn_app(backend).await;
    let dir = tempfile::tempdir().expect("dir");
    let a = write_story(
        dir.path(),
        "a.txt",
        &page_copy(
            "Current News",
            "Storm closes the coast road",
            "Ana Ruiz, North Wire",
            "The road closed at noon.",
        ),
    );
    let b = write_story(
        dir.path(),
        "b.txt",
        &page_copy(
            "Current News",
            "Storm closes the coast road",
            "Ben Ode, South Wire",
            "The road shut at dawn.",
        ),
    );
    let first = app.ingest_one(&a, "published");
    let second = app.ingest_one(&b, "published");
    assert_ne!(first.id, second.id);
    assert_eq!(
        first.url.as_deref(),
        Some("/articles/storm-closes-the-coast-road")
    );
    assert_eq!(
        second.url.as_deref(),
        Some("/articles/storm-closes-the-coast-road-2")
    );
}

async fn an_unreadable_entry_is_reported_alone_and_the_rest_of_the_folder_lands(backend: Backend) {
    use std::os::unix::fs::symlink;
    let app = spawn_app(backend).await;
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("mix");
    std::fs::create_dir_all(folder.join("sub")).expect("folders");
    std::fs::copy(fixture("harbor-ferry.txt"), folder.join("a-good.txt")).expect("copy");
    symlink(folder.join("no-such-file.txt"), folder.join("b-broken.txt")).expect("link");
    symlink(folder.join("c-loop.txt"), folder.join("c-loop.txt")).expect("link");
    symlink(&folder, folder.join("d-back")).expect("link");
    std::fs::copy(
        fixture("no-category-oxford.txt"),
        folder.join("sub").join("e-good.txt"),
    )
    .expect("copy");

    let (code, reports) = app.ingest(&[&folder]);
    assert_eq!(code, 1, "an unreadable entry fails the run");
    let lines: Vec<_> = reports
        .iter()
        .map(|r| {
            let name = std::path::Path::new(&r.path)
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, r.status.as_str())
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("a-good.txt".to_owned(), "published"),
            ("b-broken.txt".to_owned(), "rejected"),
            ("c-loop.txt".to_owned(), "rejected"),
            ("d-back".to_owned(), "skipped"),
            ("e-good.txt".to_owned(), "published"),
        ],
        "{reports:?}"
    );
    let error = |n: usize| reports[n].error.as_deref().unwrap_or_default();
    assert!(error(1).contains("link to nowhere"), "{}", error(1));
    assert!(error(2).contains("cannot read"), "{}", error(2));
    assert!(error(3).contains("reads already"), "{}", error(3));
    for good in [&reports[0], &reports[4]] {
        let (status, _) = app.get_text(good.url.as_deref().expect("url")).await;
        assert_eq!(status, 200, "{good:?}");
    }
}

/// A NITF story with `doctype` before the root and `body` as its content.
fn nitf(doctype: &str, id: &str, headline: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doctype}\n<nitf><head><docdata \
         management-status=\"usable\"><doc-id id-string=\"{id}\"/></docdata></head><body>\
         <body.head><hedline><hl1>{headline}</hl1></hedline></body.head><body.content>{body}\
         </body.content></body></nitf>"
    )
}

/// Section 4's hostile files through `gazette ingest`, next to a good one: entity
/// expansion, an external entity and an external DTD (neither fetched: a listener on
/// their address sees no connection), nesting beyond the limit, two encodings in one file,
/// and hostile HTML in a body (published, with nothing of it left on the page).
async fn hostile_files_are_refused_each_with_its_reason_and_fetch_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let trap = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    trap.set_nonblocking(true).expect("nonblocking");
    let at = format!("http://{}", trap.local_addr().expect("addr"));
    let para = "<p>The harbour office counted the boats in the marina on Monday morning.</p>";
    let laughs = "<!DOCTYPE nitf [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\
                  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>";
    let files = [
        ("laughs.xml", nitf(laughs, "HT-1", "Laughs &d;", para)),
        (
            "xxe.xml",
            nitf(
                &format!("<!DOCTYPE nitf [<!ENTITY x SYSTEM \"{at}/secret\">]>"),
                "HT-2",
                "XXE &x;",
                para,
            ),
        ),
        (
            "deep.xml",
            nitf(
                "",
                "HT-3",
                "Deep",
                &format!("{}deep{}", "<em>".repeat(5000), "</em>".repeat(5000)),
            ),
        ),
        (
            "dtd.xml",
            nitf(
                &format!("<!DOCTYPE nitf SYSTEM \"{at}/nitf.dtd\">"),
                "HT-4",
                "Marina boats counted",
                para,
            ),
        ),
    ];
    let mut paths: Vec<std::path::PathBuf> = files
        .iter()
        .map(|(name, text)| app.write(name, text))
        .collect();
    let mixed = app.data.path().join("mixed.xml");
    let mut bytes = nitf("", "HT-5", "Caf\u{e9} owners meet", para).into_bytes();
    bytes.extend_from_slice(b"<!-- caf\xe9 -->");
    std::fs::write(&mixed, bytes).expect("write");
    paths.push(mixed);
    let hostile = ninjs(
        "urn:harborwire:2026:hostile",
        1,
        "Ferry fares to rise in spring",
        "",
        serde_json::json!({"body_html": "<p>Fares rise by ten pence.</p><script>alert(1)</script>\
            <img src=x onerror=alert(2)><iframe src=\"https://evil.example\"></iframe>\
            <p><a href=\"javascript:alert(3)\">timetable</a></p>"}),
    );
    paths.push(app.write("hostile.json", &hostile));
    let path_refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let (code, reports) = app.ingest(&path_refs);
    assert_eq!(code, 1, "some files were rejected: {reports:?}");
    let by_name = |name: &str| {
        reports
            .iter()
            .find(|r| r.path.ends_with(name))
            .unwrap_or_else(|| panic!("no report for {name}: {reports:?}"))
    };
    let refused = |name: &str, words: &str| {
        let report = by_name(name);
        assert_eq!(report.status, "rejected", "{report:?}");
        let error = report.error.clone().unwrap_or_default().to_lowercase();
        assert!(error.contains(words), "{name}: {error}");
    };
    refused("laughs.xml", "entit");
    refused("xxe.xml", "entit");
    refused("deep.xml", "nest");
    refused("mixed.xml", "invalid byte sequence");
    assert_eq!(
        by_name("dtd.xml").status,
        "published",
        "an external DTD is not needed"
    );
    assert!(
        matches!(trap.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "nothing was fetched from {at}"
    );
    let page = by_name("hostile.json");
    assert_eq!(page.status, "published", "{page:?}");
    let (status, html) = app.get_text(page.url.as_deref().expect("url")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Fares rise by ten pence."), "{html}");
    for gone in [
        "alert(",
        "onerror",
        "<iframe",
        "javascript:",
        "evil.example",
    ] {
        assert!(!html.contains(gone), "{gone} is on the page");
    }
    assert_eq!(app.count_rows("SELECT COUNT(*) FROM stories").await, 2);
}
