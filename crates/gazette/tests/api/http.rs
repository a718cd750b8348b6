//! HTTP done properly: validators and 304s, Cache-Control, gzip and brotli, HEAD.

use crate::helpers::*;

on_both_backends!(
    pages_carry_validators_and_answer_304,
    pages_are_compressed_when_asked_and_identical_when_decoded,
    head_answers_like_get_without_a_body,
    the_stylesheet_is_small_and_cached_for_a_year,
);

async fn article_url(app: &TestApp) -> String {
    app.ingest_one(&fixture("harbor-ferry.txt"), "published")
        .url
        .expect("url")
}

async fn pages_carry_validators_and_answer_304(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = article_url(&app).await;
    for path in [
        url.as_str(),
        "/",
        "/sections/local-news",
        "/authors/maria-lopez",
    ] {
        let response = app.raw_client.get(app.url(path)).send().await.expect("GET");
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        let etag = headers["etag"].to_str().expect("etag").to_owned();
        let last_modified = headers["last-modified"]
            .to_str()
            .expect("last-modified")
            .to_owned();
        assert!(
            headers["cache-control"]
                .to_str()
                .expect("cc")
                .contains("max-age="),
            "{path}"
        );
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");

        let by_etag = app
            .raw_client
            .get(app.url(path))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(by_etag.status(), 304, "{path} If-None-Match");
        assert_eq!(by_etag.headers()["etag"].to_str().expect("etag"), etag);
        assert!(by_etag.bytes().await.expect("body").is_empty());

        let by_date = app
            .raw_client
            .get(app.url(path))
            .header("if-modified-since", &last_modified)
            .send()
            .await
            .expect("GET");
        assert_eq!(by_date.status(), 304, "{path} If-Modified-Since");

        let stale = app
            .raw_client
            .get(app.url(path))
            .header("if-none-match", "\"stale\"")
            .send()
            .await
            .expect("GET");
        assert_eq!(stale.status(), 200, "{path} with another ETag");
    }
}

async fn pages_are_compressed_when_asked_and_identical_when_decoded(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = article_url(&app).await;
    let plain = app.raw_client.get(app.url(&url)).send().await.expect("GET");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.headers()["vary"], "accept-encoding");
    let plain = plain.bytes().await.expect("body");
    for (accept, coding) in [
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br", "br"),
        ("gzip, br;q=0", "gzip"),
    ] {
        let raw = app
            .raw_client
            .get(app.url(&url))
            .header("accept-encoding", accept)
            .send()
            .await
            .expect("GET");
        assert_eq!(
            raw.headers()["content-encoding"],
            coding,
            "Accept-Encoding: {accept}"
        );
        let compressed = raw.bytes().await.expect("body");
        assert!(
            compressed.len() * 2 < plain.len(),
            "{coding} body is smaller"
        );
        let decoded = app
            .client
            .get(app.url(&url))
            .header("accept-encoding", accept)
            .send()
            .await
            .expect("GET");
        assert_eq!(
            decoded.bytes().await.expect("body"),
            plain,
            "{coding} decodes to the same page"
        );
    }
}

async fn head_answers_like_get_without_a_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = article_url(&app).await;
    let get = app.raw_client.get(app.url(&url)).send().await.expect("GET");
    let head = app
        .raw_client
        .head(app.url(&url))
        .send()
        .await
        .expect("HEAD");
    assert_eq!(head.status(), 200);
    for name in ["etag", "last-modified", "content-type", "cache-control"] {
        assert_eq!(head.headers()[name], get.headers()[name], "{name}");
    }
    assert!(head.bytes().await.expect("body").is_empty());
    assert_eq!(
        app.raw_client
            .head(app.url("/nowhere"))
            .send()
            .await
            .expect("HEAD")
            .status(),
        404
    );
}

async fn the_stylesheet_is_small_and_cached_for_a_year(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, html) = app.get_text("/").await;
    let start = html.find("/static/gazette.").expect("stylesheet link");
    let href = &html[start..start + html[start..].find('"').expect("quote")];
    let response = app
        .raw_client
        .get(app.url(href))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/css; charset=utf-8"
    );
    assert!(response.headers()["cache-control"]
        .to_str()
        .expect("cc")
        .contains("immutable"));
    let size = response.bytes().await.expect("body").len();
    assert!(size < 4 * 1024, "stylesheet is {size} bytes compressed");
}
