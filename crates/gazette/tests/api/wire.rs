//! What the news means: versions, kills, holds, embargoes, expiries, corrections and
//! duplicates, as a reader of the site and the person running `gazette ingest` see them.

use crate::helpers::*;
use serde_json::json;
use std::time::{Duration, Instant};

on_both_backends!(
    a_higher_version_updates_and_a_late_older_one_changes_nothing,
    a_kill_takes_the_story_off_every_list_and_its_address_answers_410,
    a_withheld_story_is_stored_and_not_shown,
    an_embargoed_story_appears_at_its_time_and_not_before,
    an_expired_story_leaves_with_its_own_notice,
    the_same_story_from_two_sources_is_flagged_not_published_twice,
    a_message_of_several_items_reports_each_and_a_correction_shows_its_note,
    a_sources_rules_route_rename_credit_and_limit_its_stories,
    a_source_kept_from_updating_and_killing_cannot,
);

/// A NewsML-G2 newsMessage of text items: (guid, version, headline, signal).
fn news_message(items: &[(&str, u64, &str, Option<&str>)]) -> String {
    let items: String = items
        .iter()
        .map(|(guid, version, headline, signal)| {
            let signal = signal
                .map(|s| format!("<signal qcode=\"{s}\"/>"))
                .unwrap_or_default();
            let note = if signal.contains("correction") {
                "<edNote role=\"enrole:correction\">Corrects the ferry's departure time.</edNote>"
            } else {
                ""
            };
            format!(
                "<newsItem guid=\"{guid}\" version=\"{version}\" xml:lang=\"en\">\
                 <itemMeta><itemClass qcode=\"ninat:text\"/>\
                 <versionCreated>2026-04-0{version}T10:00:00Z</versionCreated>\
                 <pubStatus qcode=\"stat:usable\"/>{signal}{note}</itemMeta>\
                 <contentMeta><headline>{headline}</headline><by>By Lee Chan, Coastline Wire</by></contentMeta>\
                 <contentSet><inlineXML contenttype=\"application/xhtml+xml\">\
                 <html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\
                 <p>{LEAD} Version {version} of the report.</p><p>Boarding opens at 6:40 a.m.</p>\
                 </body></html></inlineXML></contentSet></newsItem>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\
         <header><sent>2026-04-01T10:00:00Z</sent></header><itemSet>{items}</itemSet></newsMessage>"
    )
}

const LEAD: &str = "The harbour board approved a second weekend ferry on Tuesday.";

async fn a_higher_version_updates_and_a_late_older_one_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let uri = "urn:harborwire:2026:ferry-1";
    let v2 = app.write(
        "v2.json",
        &ninjs(uri, 2, "Second ferry approved", LEAD, json!({})),
    );
    let v3 = app.write(
        "v3.json",
        &ninjs(
            uri,
            3,
            "Second ferry approved, starts in May",
            LEAD,
            json!({}),
        ),
    );
    let v1 = app.write(
        "v1.json",
        &ninjs(uri, 1, "Board weighs a second ferry", LEAD, json!({})),
    );
    let first = app.ingest_one(&v2, "published");
    let updated = app.ingest_one(&v3, "updated");
    assert_eq!(first.id, updated.id, "the same story");
    assert_eq!(first.url, updated.url, "at the same address");
    let late = app.ingest_one(&v1, "unchanged");
    assert_eq!(late.id, first.id);
    let note = late.note.expect("a note says why nothing changed");
    assert!(note.contains("version 1 arrived after version 3"), "{note}");

    let url = first.url.expect("url");
    let (_, page) = app.get_text(&url).await;
    assert!(
        page.contains("Second ferry approved, starts in May"),
        "{page}"
    );
    assert!(
        !page.contains("Board weighs"),
        "the late older version never shows"
    );
    assert_eq!(
        app.count_rows(&format!(
            "SELECT COUNT(*) FROM revisions WHERE story_id = '{}'",
            first.id.expect("id")
        ))
        .await,
        2,
        "the stale copy is not a revision"
    );
}

async fn a_kill_takes_the_story_off_every_list_and_its_address_answers_410(backend: Backend) {
    let app = spawn_app(backend).await;
    let uri = "urn:harborwire:2026:pier";
    let story = app.write(
        "pier.json",
        &ninjs(uri, 1, "Pier reopens after repairs", LEAD, json!({})),
    );
    let kill = app.write(
        "pier-kill.json",
        &json!({"uri": uri, "version": "2", "pubstatus": "canceled", "type": "text"}).to_string(),
    );
    let published = app.ingest_one(&story, "published");
    let url = published.url.clone().expect("url");
    let (_, front) = app.get_text("/").await;
    assert!(front.contains(&url));

    let killed = app.ingest_one(&kill, "updated");
    assert_eq!(killed.id, published.id, "the kill reaches the same story");
    let (_, front) = app.get_text("/").await;
    assert!(!front.contains(&url), "gone from the front page at once");
    let (_, section) = app.get_text("/sections/news").await;
    assert!(!section.contains(&url), "and from its section");
    let (status, notice) = app.get_text(&url).await;
    assert_eq!(status, 410);
    assert!(notice.contains("withdrawn"), "{notice}");
    assert!(
        !notice.contains("Pier reopens"),
        "the withdrawal notice does not repeat the story"
    );
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM revisions").await,
        2,
        "the data stays for the record"
    );
}

async fn a_withheld_story_is_stored_and_not_shown(backend: Backend) {
    let app = spawn_app(backend).await;
    let held = app.write(
        "held.json",
        &ninjs(
            "urn:harborwire:2026:held",
            1,
            "Council budget leaks early",
            LEAD,
            json!({"pubstatus": "withheld"}),
        ),
    );
    let report = app.ingest_one(&held, "stored");
    assert_eq!(
        report.note.as_deref(),
        Some("stored, not shown: its source withholds it")
    );
    let url = report.url.expect("url");
    assert_eq!(app.get(&url).await.status(), 404);
    let (_, front) = app.get_text("/").await;
    assert!(!front.contains(&url));
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM stories WHERE status = 'withheld'")
            .await,
        1
    );

    // The same text under another id (another channel or source) is not a copy of a
    // story readers see: it is published.
    let usable = app.write(
        "usable.json",
        &ninjs(
            "urn:harborwire:2026:held-elsewhere",
            1,
            "Council budget leaks early",
            LEAD,
            json!({}),
        ),
    );
    let report = app.ingest_one(&usable, "published");
    let url = report.url.expect("url");
    assert_eq!(app.get(&url).await.status(), 200);
}

async fn an_embargoed_story_appears_at_its_time_and_not_before(backend: Backend) {
    let app = spawn_app(backend).await;
    let embargo = rfc3339_in(3);
    let embargo_at =
        time::OffsetDateTime::parse(&embargo, &time::format_description::well_known::Rfc3339)
            .expect("parses");
    let story = app.write(
        "embargoed.json",
        &ninjs(
            "urn:harborwire:2026:embargo",
            1,
            "School results out at noon",
            LEAD,
            json!({"embargoed": embargo}),
        ),
    );
    let report = app.ingest_one(&story, "stored");
    let url = report.url.expect("url");
    // Nobody touches anything from here: the server's own clock releases the story.
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let status = app.get(&url).await.status();
        let now = time::OffsetDateTime::now_utc();
        if status == 200 {
            assert!(
                now >= embargo_at,
                "shown at {now}, before the embargo {embargo_at}"
            );
            break;
        }
        assert_eq!(status, 404, "hidden while embargoed");
        assert!(Instant::now() < deadline, "never released");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, front) = app.get_text("/").await;
    assert!(front.contains(&url), "and it reaches the front page");
}

async fn an_expired_story_leaves_with_its_own_notice(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = app.write(
        "expiring.json",
        &ninjs(
            "urn:harborwire:2026:expiring",
            1,
            "Market day moves to Saturday",
            LEAD,
            json!({"expires": rfc3339_in(2)}),
        ),
    );
    let report = app.ingest_one(&story, "published");
    let url = report.url.expect("url");
    assert_eq!(app.get(&url).await.status(), 200, "shown until it expires");
    let deadline = Instant::now() + Duration::from_secs(8);
    let notice = loop {
        let (status, text) = app.get_text(&url).await;
        if status == 410 {
            break text;
        }
        assert!(Instant::now() < deadline, "never expired");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(notice.contains("licence"), "{notice}");
    let (_, front) = app.get_text("/").await;
    assert!(!front.contains(&url));
}

async fn the_same_story_from_two_sources_is_flagged_not_published_twice(backend: Backend) {
    let app = spawn_app(backend).await;
    let paragraph =
        "The harbour board approved a second weekend ferry on Tuesday after a long debate.";
    let first = app.write(
        "first.txt",
        &page_copy(
            "Local News",
            "Second ferry approved",
            "Ana Ruiz, Harbor Wire",
            paragraph,
        ),
    );
    let second = app.write(
        "second.txt",
        &page_copy(
            "Local News",
            "Second ferry approved",
            "Ana Ruiz, Coast Syndicate",
            paragraph,
        ),
    );
    let original = app.ingest_one(&first, "published");
    let duplicate = app.ingest_one(&second, "duplicate");
    assert_eq!(
        duplicate.url, original.url,
        "the report points at the story readers see"
    );
    assert_ne!(
        duplicate.id, original.id,
        "the duplicate is kept under its own id"
    );
    let (_, front) = app.get_text("/").await;
    assert_eq!(count(&front, "Second ferry approved"), 1, "{front}");
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM stories WHERE status = 'duplicate'")
            .await,
        1
    );
}

async fn a_message_of_several_items_reports_each_and_a_correction_shows_its_note(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.write(
        "message-1.xml",
        &news_message(&[
            ("urn:coastline:ferry", 1, "Early ferry leaves at 6:30", None),
            ("urn:coastline:pier", 1, "Pier lights to be replaced", None),
        ]),
    );
    let (code, reports) = app.ingest(&[&first]);
    assert_eq!(code, 0, "{reports:?}");
    let items: Vec<_> = reports
        .iter()
        .map(|r| (r.item.as_deref().expect("item id"), r.status.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("urn:coastline:ferry", "published"),
            ("urn:coastline:pier", "published")
        ]
    );
    let url = reports[0].url.clone().expect("url");

    let correction = app.write(
        "message-2.xml",
        &news_message(&[(
            "urn:coastline:ferry",
            2,
            "Early ferry leaves at 6:45",
            Some("sig:correction"),
        )]),
    );
    let corrected = app.ingest_one(&correction, "updated");
    assert_eq!(corrected.url.as_deref(), Some(url.as_str()));
    let (status, page) = app.get_text(&url).await;
    assert_eq!(status, 200);
    assert!(page.contains("Early ferry leaves at 6:45"));
    assert!(
        page.contains("class=\"corrections\""),
        "a visible correction note"
    );
    assert!(
        page.contains("Corrects the ferry&#39;s departure time."),
        "the source's note says what was corrected: {page}"
    );
    assert!(
        page.contains("Revision history (2 versions)"),
        "and in the history"
    );
}

async fn a_sources_rules_route_rename_credit_and_limit_its_stories(backend: Backend) {
    let rules = "[sources.harbor-wire]\nsection = \"Local News\"\n\
                 credit = \"Harbor Wire via Coastal Syndicate\"\nshow_days = 30\n\
                 [sources.harbor-wire.topics]\n\"Local government\" = \"City Hall\"\n";
    let app = spawn_app(backend).await;
    let fresh = app.write(
        "fresh.json",
        &ninjs(
            "urn:harborwire:2026:fresh",
            1,
            "Council adds a ferry stop",
            LEAD,
            json!({"firstcreated": rfc3339_in(-3600), "subject": [{"name": "Local government"}]}),
        ),
    );
    let old = app.write(
        "old.json",
        &ninjs(
            "urn:harborwire:2026:old",
            1,
            "Last winter's storm damage tallied",
            "The storm last winter damaged forty boats in the marina, the harbour office said.",
            json!({"firstcreated": rfc3339_in(-40 * 86_400)}),
        ),
    );
    let (code, reports) = app.ingest_from(rules, "harbor-wire", &[&fresh, &old]);
    assert_eq!(code, 0, "{reports:?}");
    let fresh_url = reports[0].url.clone().expect("url");
    let (status, page) = app.get_text(&fresh_url).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/sections/local-news\""),
        "routed to its section"
    );
    assert!(
        page.contains("Harbor Wire via Coastal Syndicate"),
        "the licence's credit line"
    );
    assert!(
        page.contains(r#"<li>City Hall</li>"#) && !page.contains("Local government"),
        "its topics, under this site's names: {page}"
    );
    let old_url = reports[1].url.clone().expect("url");
    let (status, notice) = app.get_text(&old_url).await;
    assert_eq!(status, 410, "shown 30 days after publication, no longer");
    assert!(notice.contains("licence"), "{notice}");
    let story = app
        .count_rows("SELECT COUNT(*) FROM revisions WHERE content LIKE '%City Hall%'")
        .await;
    assert_eq!(story, 1, "its topics carry this site's names");
}

async fn a_source_kept_from_updating_and_killing_cannot(backend: Backend) {
    let rules = "[sources.harbor-wire]\nmay_update = false\nmay_kill = false\n";
    let app = spawn_app(backend).await;
    let uri = "urn:harborwire:2026:locked";
    let first = app.write(
        "v1.json",
        &ninjs(uri, 1, "Marina fees frozen", LEAD, json!({})),
    );
    let second = app.write(
        "v2.json",
        &ninjs(uri, 2, "Marina fees rise", LEAD, json!({})),
    );
    let kill = app.write(
        "kill.json",
        &json!({"uri": uri, "version": "3", "pubstatus": "canceled"}).to_string(),
    );
    let (_, reports) = app.ingest_from(rules, "harbor-wire", &[&first, &second, &kill]);
    let statuses: Vec<_> = reports.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["published", "unchanged", "unchanged"]);
    assert!(reports[1]
        .note
        .as_deref()
        .expect("note")
        .contains("may not update"));
    assert!(reports[2]
        .note
        .as_deref()
        .expect("note")
        .contains("may not withdraw"));
    let (status, page) = app.get_text(reports[0].url.as_deref().expect("url")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Marina fees frozen"));
}
