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
    cached_article_pages_show_a_new_section_in_their_menu,
    page_numbers_out_of_range_are_404_whatever_their_size,
    a_query_string_that_cannot_be_read_gets_the_400_page,
    lists_say_when_a_date_is_the_received_date,
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
    for chrome in [
        "Disqus",
        "The Harbor Ledger",
        "----",
        "blog comments",
        "Published in",
        "Harbor Times on",
    ] {
        assert!(
            !html.contains(chrome),
            "partner chrome {chrome:?} on our page"
        );
    }
    // The partner's lines, as the copy has them, are no piece of text of our page. Our
    // comments region is headed so that it cannot be taken for the partner's.
    for text in element_texts(&html) {
        for line in [
            "/",
            "The Harbor Ledger",
            "Comments",
            "blog comments powered by Disqus",
        ] {
            assert_ne!(text, line, "the partner's line {line:?} on our page");
        }
        assert!(
            !text.ends_with(" on"),
            "a dangling byline \" on\": {text:?}"
        );
        assert!(
            !text.starts_with("Published in"),
            "the partner's category line: {text:?}"
        );
    }
    assert!(html.contains(r#"<h2 id="comments-heading">Reader comments</h2>"#));
    assert_no_third_party_references(&html, &app.address);
}

/// The text between tags, each piece trimmed, as a reader sees the lines of a page.
fn element_texts(html: &str) -> Vec<&str> {
    html.split('<')
        .filter_map(|piece| piece.split_once('>').map(|(_, text)| text.trim()))
        .filter(|text| !text.is_empty())
        .collect()
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

    let (_, second) = app.get_text("/sections/harbor?page=2").await;
    assert!(
        second.contains(&format!(
            r#"<link rel="canonical" href="{}/sections/harbor?page=2">"#,
            app.address
        )),
        "a real page is its own canonical page"
    );

    for missing in [
        "/sections/harbor?page=4",
        "/sections/harbor?page=0",
        "/sections/harbor?page=x",
        "/sections/nowhere",
    ] {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
}

async fn page_numbers_out_of_range_are_404_whatever_their_size(backend: Backend) {
    let app = spawn_app_with(backend, |config| config.pages.page_size = 2).await;
    let dir = tempfile::tempdir().expect("dir");
    let paths: Vec<_> = (1..=3)
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
    for base in ["/sections/harbor", "/authors/ana-ruiz"] {
        assert_eq!(app.get(&format!("{base}?page=2")).await.status(), 200);
        for page in [
            "3",
            "0",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
            "4611686018427387904",
            "99999999999999999999999",
        ] {
            let path = format!("{base}?page={page}");
            let (status, html) = app.get_text(&path).await;
            assert_eq!(status, 404, "{path}");
            assert!(html.contains("<h1>Page not found</h1>"), "{path}");
            assert!(
                !html.contains("rel=\"canonical\""),
                "no canonical link on a page that is not there: {path}"
            );
        }
    }
}

async fn a_query_string_that_cannot_be_read_gets_the_400_page(backend: Backend) {
    let app = spawn_app(backend).await;
    app.ingest_one(&fixture("harbor-ferry.txt"), "published");
    for path in [
        "/sections/local-news?page=1&page=2",
        "/authors/maria-lopez?page=1&page=2",
        "/articles/%FF%FE",
        "/sections/%C3%28",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ct")
                .starts_with("text/html"),
            "{path}"
        );
        let html = response.text().await.expect("body");
        assert!(html.contains("<h1>Bad request</h1>"), "{path}: {html}");
        assert!(html.contains("This address cannot be read"), "{path}");
        assert_eq!(count(&html, "<h1"), 1);
    }
    let (_, html) = app.get_text("/sections/local-news?page=1&page=2").await;
    assert!(
        html.contains("duplicate field `page`"),
        "says what is wrong: {html}"
    );
    // Parameters the page does not use are no mistake: links carry them.
    let (status, _) = app
        .get_text("/sections/local-news?utm_source=newsletter")
        .await;
    assert_eq!(status, 200);
}

async fn cached_article_pages_show_a_new_section_in_their_menu(backend: Backend) {
    let app = spawn_app(backend).await;
    let dir = tempfile::tempdir().expect("dir");
    let first = write_story(
        dir.path(),
        "a.txt",
        &page_copy(
            "Harbor",
            "Ferry timetable changes in May",
            "Ana Ruiz, North Wire",
            "The ferry leaves earlier.",
        ),
    );
    let url = app.ingest_one(&first, "published").url.expect("url");
    for _ in 0..2 {
        // The second request is answered from the page cache.
        let (_, before) = app.get_text(&url).await;
        assert!(
            before
                .contains(r#"<li><a href="/sections/harbor" aria-current="true">Harbor</a></li>"#),
            "{before}"
        );
        assert!(!before.contains("/sections/weather"));
    }
    let second = write_story(
        dir.path(),
        "b.txt",
        &page_copy(
            "Weather",
            "Storm warning for the coast",
            "Ben Ode, South Wire",
            "Winds reach 90 km/h tonight.",
        ),
    );
    app.ingest_one(&second, "published");
    let (_, after) = app.get_text(&url).await;
    assert!(
        after.contains(r#"<li><a href="/sections/weather">Weather</a></li>"#),
        "the cached article shows the new section in its menu: {after}"
    );
}

async fn lists_say_when_a_date_is_the_received_date(backend: Backend) {
    let app = spawn_app(backend).await;
    let undated = app.ingest_one(&fixture("harbor-ferry.txt"), "published");
    let dated = app.ingest_one(&fixture("three-authors-crlf-dated.txt"), "published");
    let (_, front) = app.get_text("/").await;
    let (_, section) = app.get_text("/sections/local-news").await;
    for list in [&front, &section] {
        let teaser = teaser_of(list, undated.url.as_deref().expect("url"));
        assert!(teaser.contains("Received <time"), "{teaser}");
    }
    let teaser = teaser_of(&front, dated.url.as_deref().expect("url"));
    assert!(!teaser.contains("Received"), "{teaser}");
    assert!(
        teaser.contains(r#"<time datetime="2026-11-03T00:00:00Z">3 November 2026</time>"#),
        "{teaser}"
    );
}

/// The teaser that links to `url`.
fn teaser_of<'a>(html: &'a str, url: &str) -> &'a str {
    let link = html
        .find(&format!("href=\"{url}\""))
        .unwrap_or_else(|| panic!("no teaser for {url}"));
    let start = html[..link]
        .rfind("<article class=\"teaser\">")
        .expect("teaser start");
    let end = link + html[link..].find("</article>").expect("teaser end");
    &html[start..end]
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app(Backend::Sqlite).await;
    let id_of = |response: &reqwest::Response| {
        response.headers()["x-request-id"]
            .to_str()
            .expect("ascii")
            .to_owned()
    };
    let first = id_of(&app.get("/").await);
    let second = id_of(&app.get("/nowhere").await);
    assert!(!first.is_empty());
    assert_ne!(first, second, "each request its own id");
    let given = app
        .client
        .get(app.url("/"))
        .header("x-request-id", "proxy-42")
        .send()
        .await
        .expect("GET");
    assert_eq!(id_of(&given), "proxy-42", "a proxy's id is kept");
}

#[tokio::test]
async fn a_request_body_over_the_limit_gets_the_413_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app
        .client
        .get(app.url("/"))
        .body(vec![b'x'; 200 * 1024])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 413);
    assert!(response.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("text/html"));
    let html = response.text().await.expect("body");
    assert!(html.contains("<h1>Too much data</h1>"), "{html}");
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

#[tokio::test]
async fn a_method_the_site_does_not_take_gets_the_405_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app.client.post(app.url("/")).send().await.expect("POST");
    assert_eq!(response.status(), 405);
    assert!(
        response.headers().contains_key("allow"),
        "405 says what is allowed"
    );
    assert!(response.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("text/html"));
    let html = response.text().await.expect("body");
    assert!(html.contains("<h1>Not allowed</h1>"), "{html}");
}
