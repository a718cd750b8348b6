//! What readers see: the article page shows everything the story holds and none of the
//! partner's chrome; front, section and author pages list and paginate.

use crate::helpers::*;

on_both_backends!(
    article_page_shows_every_part_of_the_story_and_no_partner_chrome,
    a_story_with_a_source_date_is_dated_by_it,
    front_page_shows_top_latest_and_sections,
    section_pages_paginate,
    author_pages_list_the_persons_stories,
    unknown_pages_are_404_pages,
    withheld_and_killed_stories_are_not_shown,
);

async fn article_page_shows_every_part_of_the_story_and_no_partner_chrome(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = app.ingest_one(&fixture("harbor-ferry.txt"), "published");
    let url = report.url.expect("url");
    let (status, html) = app.get_text(&url).await;
    assert_eq!(status, 200);

    assert_eq!(count(&html, "<h1"), 1, "one h1");
    assert!(html.contains("<h1>Council approves weekend ferry service to the north harbor</h1>"));
    assert!(html.contains(
        r#"By <a href="/authors/maria-lopez" rel="author">Maria Lopez</a> and <a href="/authors/tom-becker" rel="author">Tom Becker</a>, <span class="organisation">Harbor Times</span>"#
    ), "byline with a link per person:\n{html}");
    assert!(
        html.contains(
            r#"<a href="/">Home</a></li><li><a href="/sections/local-news">Local News</a>"#
        ),
        "section breadcrumb"
    );
    assert!(
        html.contains(r#"<p class="kicker">News &amp; Features</p>"#),
        "category"
    );
    assert!(
        html.contains("<time datetime=\""),
        "a machine-readable date"
    );
    assert!(
        html.contains("Received <time") && html.contains("carried no publication date"),
        "a copy without a date is dated on receipt, and says so"
    );
    assert!(
        html.contains("<h2>Funding questions</h2>"),
        "subheads are headings"
    );
    assert!(html.contains(
        "<p>“We listened to the people who ride it every day,” council member Ana Ruiz said.</p>"
    ));
    assert!(html.contains("With assistance from Lee Chan."));
    assert!(html.contains("©2025 Harbor Times Media."));
    assert!(html.contains("Source: Harbor Times (harbortimes.example)"));
    assert!(html.contains("Distributed by Coastal Content Syndicate, LLC."));
    assert!(
        html.contains(r#"<section id="comments""#),
        "a region for comments"
    );
    assert!(html.contains(&format!(
        r#"<link rel="canonical" href="{}{url}">"#,
        app.address
    )));
    assert!(html.contains(&format!(r#"data-story-id="{}""#, report.id.expect("id"))));
    for chrome in ["Disqus", "The Harbor Ledger", "----", "blog comments"] {
        assert!(
            !html.contains(chrome),
            "partner chrome {chrome:?} on our page"
        );
    }
    assert_no_third_party_references(&html, &app.address);
}

/// Every `src` and `href` stays on the site: no third-party request, ever.
fn assert_no_third_party_references(html: &str, own_origin: &str) {
    for attribute in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attribute) {
            let value = &html[at + attribute.len()..];
            let value = &value[..value.find('"').expect("closing quote")];
            let local =
                value.starts_with('/') || value.starts_with('#') || value.starts_with(own_origin);
            assert!(local, "reference to another origin: {value}");
        }
    }
}

async fn a_story_with_a_source_date_is_dated_by_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = app.ingest_one(&fixture("three-authors-crlf-dated.txt"), "published");
    let (_, html) = app.get_text(&report.url.expect("url")).await;
    assert!(
        html.contains(r#"Published <time datetime="2026-11-03T00:00:00Z">3 November 2026</time>"#),
        "{html}"
    );
    assert!(!html.contains("carried no publication date"));
    assert!(html.contains(r#"<a href="/authors/zoe-laurent" rel="author">Zoë Laurent</a>, "#));
    assert!(html.contains(r#"<a href="/authors/pieter-vos" rel="author">Pieter Vos</a> and "#));
}

async fn front_page_shows_top_latest_and_sections(backend: Backend) {
    let app = spawn_app(backend).await;
    let (code, reports) = app.ingest(&[&demo_folder()]);
    assert_eq!(code, 0, "{reports:?}");
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert_eq!(count(&html, "<h1"), 1);
    for section in ["Current News", "Business", "Science &amp; Environment"] {
        assert!(
            html.contains(&format!(">{section}</a></h2>")),
            "section block {section}"
        );
    }
    let linked = reports
        .iter()
        .filter(|r| html.contains(&format!("href=\"{}\"", r.url.as_deref().expect("url"))))
        .count();
    assert!(
        linked >= 12,
        "front page links {linked} of {} stories",
        reports.len()
    );
    assert!(
        html.contains(r#"aria-label="Sections""#),
        "section navigation"
    );
}

async fn section_pages_paginate(backend: Backend) {
    let app = spawn_app_with(backend, |config| config.pages.page_size = 3).await;
    let dir = tempfile::tempdir().expect("dir");
    let paths: Vec<_> = (1..=7)
        .map(|n| {
            write_story(
                dir.path(),
                &format!("s{n}.txt"),
                &page_copy(
                    "Harbor",
                    &format!("Harbor story number {n}"),
                    "Ana Ruiz, North Wire",
                    "Words.",
                ),
            )
        })
        .collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    assert_eq!(app.ingest(&refs).0, 0);

    let (status, first) = app.get_text("/sections/harbor").await;
    assert_eq!(status, 200);
    assert_eq!(count(&first, "class=\"teaser\""), 3);
    assert!(first.contains("7 stories"));
    assert!(first.contains(r#"rel="next" href="/sections/harbor?page=2""#));
    assert!(first.contains("Page 1 of 3"));
    // Newest first: the last ingested story leads.
    assert!(
        first.find("Harbor story number 7").expect("7")
            < first.find("Harbor story number 6").expect("6")
    );

    let (status, last) = app.get_text("/sections/harbor?page=3").await;
    assert_eq!(status, 200);
    assert_eq!(count(&last, "class=\"teaser\""), 1);
    assert!(last.contains(r#"rel="prev" href="/sections/harbor?page=2""#));
    assert!(!last.contains(r#"rel="next""#));

    for missing in [
        "/sections/harbor?page=4",
        "/sections/harbor?page=0",
        "/sections/harbor?page=x",
        "/sections/nowhere",
    ] {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
}

async fn author_pages_list_the_persons_stories(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.ingest(&[&demo_folder()]).0, 0);
    let (status, html) = app.get_text("/authors/helena-voss").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Helena Voss</h1>"));
    assert!(html.contains("3 stories"), "{html}");
    assert_eq!(count(&html, "class=\"teaser\""), 3);
    assert_eq!(app.get("/authors/nobody-at-all").await.status(), 404);
}

async fn unknown_pages_are_404_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/no/such/page",
        "/articles/no-such-story",
        "/articles/Bad..Slug",
        "/static/other.css",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/html"));
        let html = response.text().await.expect("body");
        assert!(html.contains("<h1>Page not found</h1>"), "{path}");
        assert_eq!(count(&html, "<h1"), 1);
    }
}

async fn withheld_and_killed_stories_are_not_shown(backend: Backend) {
    let app = spawn_app(backend).await;
    let held = app.ingest_one(&fixture("harbor-ferry.txt"), "published");
    let killed = app.ingest_one(&fixture("no-category-oxford.txt"), "published");
    // The status in the store is what the site obeys, however it got there.
    for (report, status) in [(&held, "withheld"), (&killed, "killed")] {
        let id = report.id.as_deref().expect("id");
        app.execute(&format!(
            "UPDATE stories SET status = '{status}' WHERE id = '{id}'"
        ))
        .await;
    }
    let (_, front) = app.get_text("/").await;
    for report in [&held, &killed] {
        let url = report.url.as_deref().expect("url");
        assert!(!front.contains(url), "{url} on the front page");
    }
    let held_url = held.url.as_deref().expect("url");
    assert_eq!(
        app.get(held_url).await.status(),
        404,
        "a held story is not there"
    );
    let killed_url = killed.url.as_deref().expect("url");
    let (status, notice) = app.get_text(killed_url).await;
    assert_eq!(status, 410, "a killed story is gone, and says so");
    assert!(
        notice.contains("This story has been withdrawn by"),
        "{notice}"
    );
}
