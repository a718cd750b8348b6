//! Routing rules per source: several sections per story, and the wire queue an editor
//! works with `gazette queue`.

use crate::helpers::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

on_both_backends!(
    a_story_of_several_sections_is_listed_in_each_and_lives_in_the_first,
    a_held_source_waits_for_an_editor,
    a_released_story_still_respects_its_embargo,
);

const LEAD: &str = "The harbour board approved a second weekend ferry on Tuesday.";

/// The section blocks of the front page, after its "Latest" list.
fn front_section_blocks(front: &str) -> &str {
    front.split("class=\"section-block\"").nth(1).unwrap_or("")
}

async fn a_story_of_several_sections_is_listed_in_each_and_lives_in_the_first(backend: Backend) {
    let both = "[sources.harbor-wire]\nsections = [\"Current News\", \"Business\"]\n";
    let app = spawn_app(backend).await;
    let uri = "urn:harborwire:2026:fees";
    let shared = app.write(
        "fees-v1.json",
        &ninjs(
            uri,
            1,
            "Marina fees rise in spring",
            LEAD,
            json!({"firstcreated": rfc3339_in(-7200)}),
        ),
    );
    let newer = app.write(
        "other.json",
        &ninjs(
            "urn:harborwire:2026:other",
            1,
            "Lighthouse tours resume",
            "The lighthouse opens to visitors again from Saturday, the trust said.",
            json!({"firstcreated": rfc3339_in(-60)}),
        ),
    );
    let (code, reports) = app.ingest_from(both, "harbor-wire", &[&shared]);
    assert_eq!(code, 0, "{reports:?}");
    let url = reports[0].url.clone().expect("url");
    // A newer story elsewhere takes the top of the front page.
    app.ingest_one(&newer, "published");

    let (status, page) = app.get_text(&url).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<li><a href=\"/sections/current-news\">Current News</a></li></ol></nav>"),
        "the first section is its home: {page}"
    );
    for section in ["/sections/current-news", "/sections/business"] {
        let (status, list) = app.get_text(section).await;
        assert_eq!(status, 200);
        assert!(list.contains(&url), "listed in {section}");
    }
    let (_, front) = app.get_text("/").await;
    assert!(
        front.contains("href=\"/sections/business\""),
        "Business is in the menu"
    );
    assert_eq!(
        count(front_section_blocks(&front), &format!("href=\"{url}\"")),
        1,
        "one teaser among the front page's section blocks, not one per section"
    );

    // A new revision routed to one section leaves the other's list and the menu.
    let one = "[sources.harbor-wire]\nsection = \"Current News\"\n";
    let updated = app.write(
        "fees-v2.json",
        &ninjs(
            uri,
            2,
            "Marina fees rise in April",
            LEAD,
            json!({"firstcreated": rfc3339_in(-7200)}),
        ),
    );
    let (_, reports) = app.ingest_from(one, "harbor-wire", &[&updated]);
    assert_eq!(reports[0].status, "updated", "{reports:?}");
    let (status, business) = app.get_text("/sections/business").await;
    assert!(
        status == 404 || !business.contains(&url),
        "the cached list of the section it left is refreshed"
    );
    let (_, news) = app.get_text("/sections/current-news").await;
    assert!(news.contains("Marina fees rise in April"));
    let (_, front) = app.get_text("/").await;
    assert!(
        !front.contains("href=\"/sections/business\""),
        "the menu follows"
    );
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM story_sections").await,
        2,
        "one row per story and section, kept in step with the revision"
    );
}

/// `gazette queue ARGS…` against this app's store: exit code, stdout, stderr.
fn queue(app: &TestApp, args: &[&str]) -> (i32, String, String) {
    let output = app
        .gazette()
        .arg("queue")
        .args(app.store_args())
        .args(args)
        .output()
        .expect("run gazette queue");
    (
        output.status.code().expect("exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn queued(app: &TestApp) -> Vec<Value> {
    let (code, stdout, stderr) = queue(app, &["list", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect()
}

const HOLD: &str = "[sources.harbor-wire]\nhold = true\n";

async fn a_held_source_waits_for_an_editor(backend: Backend) {
    let app = spawn_app(backend).await;
    let uri = "urn:harborwire:2026:held";
    let first = app.write(
        "held-v1.json",
        &ninjs(uri, 1, "Ferry fares frozen", LEAD, json!({})),
    );
    let second = app.write(
        "held-v2.json",
        &ninjs(uri, 2, "Ferry fares frozen until May", LEAD, json!({})),
    );
    let (_, reports) = app.ingest_from(HOLD, "harbor-wire", &[&first]);
    assert_eq!(reports[0].status, "held", "{reports:?}");
    let id = reports[0].id.clone().expect("id");
    let url = reports[0].url.clone().expect("url");
    assert_eq!(app.get_text(&url).await.0, 404, "readers do not see it");
    let (_, front) = app.get_text("/").await;
    assert!(!front.contains(&url));

    let (_, reports) = app.ingest_from(HOLD, "harbor-wire", &[&second]);
    assert_eq!(reports[0].status, "updated");
    assert_eq!(app.get_text(&url).await.0, 404, "an update keeps it held");
    let list = queued(&app);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["source"], "harbor-wire");
    assert_eq!(list[0]["headline"], "Ferry fares frozen until May");
    assert!(list[0]["received"]
        .as_str()
        .is_some_and(|t| t.contains('T')));

    let (code, stdout, stderr) = queue(&app, &["release", &id]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("published  {id}")), "{stdout}");
    let (status, page) = app.get_text(&url).await;
    assert_eq!(status, 200, "released stories show at once");
    assert!(page.contains("Ferry fares frozen until May"));
    assert!(
        page.contains("datetime=\"2026-03-02T08:00:00Z\""),
        "the source's time stays"
    );
    let (_, front) = app.get_text("/").await;
    assert!(front.contains(&url), "and on the front page");
    assert!(queued(&app).is_empty());
    let (code, _, stderr) = queue(&app, &["release", &id, "no-such-id"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("not in the wire queue: it is published"),
        "{stderr}"
    );
    assert!(stderr.contains("There is no story no-such-id"), "{stderr}");

    // Rejected: stored, never shown, whatever arrives later.
    let doubtful = app.write(
        "doubt.json",
        &ninjs(
            "urn:harborwire:2026:doubt",
            1,
            "Harbour sold, sources say",
            "An unconfirmed report claims the harbour has a buyer lined up already.",
            json!({}),
        ),
    );
    let (_, reports) = app.ingest_from(HOLD, "harbor-wire", &[&doubtful]);
    let rejected_id = reports[0].id.clone().expect("id");
    let rejected_url = reports[0].url.clone().expect("url");
    let (code, stdout, _) = queue(&app, &["reject", "--reason", "unconfirmed", &rejected_id]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(&format!("rejected  {rejected_id}")),
        "{stdout}"
    );
    assert_eq!(app.get_text(&rejected_url).await.0, 404);
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM stories WHERE status = 'rejected' AND rejection_reason = 'unconfirmed'").await,
        1
    );

    // A kill reaches a held story.
    let kill_uri = "urn:harborwire:2026:pulled";
    let pulled = app.write(
        "pulled.json",
        &ninjs(kill_uri, 1, "Pier fire contained", LEAD, json!({})),
    );
    let kill = app.write(
        "pulled-kill.json",
        &json!({"uri": kill_uri, "version": "2", "pubstatus": "canceled"}).to_string(),
    );
    let (_, reports) = app.ingest_from(HOLD, "harbor-wire", &[&pulled, &kill]);
    let statuses: Vec<_> = reports.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["held", "updated"]);
    assert!(queued(&app).is_empty(), "a killed story leaves the queue");
    let killed_url = reports[0].url.clone().expect("url");
    assert_eq!(app.get_text(&killed_url).await.0, 410);
}

async fn a_released_story_still_respects_its_embargo(backend: Backend) {
    let app = spawn_app(backend).await;
    let embargo = rfc3339_in(6);
    let story = app.write(
        "embargoed.json",
        &ninjs(
            "urn:harborwire:2026:later",
            1,
            "Budget surplus announced",
            LEAD,
            json!({"embargoed": embargo}),
        ),
    );
    let (_, reports) = app.ingest_from(HOLD, "harbor-wire", &[&story]);
    assert_eq!(reports[0].status, "held", "{reports:?}");
    let id = reports[0].id.clone().expect("id");
    let url = reports[0].url.clone().expect("url");
    let (code, stdout, _) = queue(&app, &["release", &id]);
    assert_eq!(code, 0);
    assert!(stdout.contains(&format!("embargoed  {id}")), "{stdout}");
    assert_eq!(app.get_text(&url).await.0, 404, "not before its embargo");
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.get_text(&url).await.0 != 200 {
        assert!(Instant::now() < deadline, "never shown after its embargo");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
