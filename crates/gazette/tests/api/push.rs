//! HTTP push: `POST /api/v1/ingest` with a source's bearer token.

use crate::helpers::*;
use serde_json::{json, Value};

on_both_backends!(
    a_source_pushes_a_story_and_gets_the_ingest_report,
    pushes_without_a_valid_token_are_refused_with_a_problem,
    bad_and_oversized_documents_get_a_problem_naming_it,
    a_revoked_token_no_longer_pushes,
    a_held_sources_push_is_accepted_and_waits,
    a_pushed_kill_leaves_every_page_before_the_answer,
);

impl TestApp {
    /// `gazette token create --source NAME`, as an operator runs it.
    fn create_token(&self, source: &str) -> String {
        let output = self
            .gazette()
            .args(["token", "create"])
            .args(self.store_args())
            .args(["--source", source])
            .output()
            .expect("run gazette token create");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout)
            .expect("utf-8")
            .trim()
            .to_owned()
    }

    async fn push(&self, token: Option<&str>, body: impl Into<reqwest::Body>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/ingest"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("push")
    }
}

fn story(version: u64) -> String {
    ninjs(
        "urn:harborwire:2026:push",
        version,
        "Harbour pushes its first wire story",
        "The harbour board's wire now reaches the site by HTTP push.",
        json!({}),
    )
}

async fn problem_of(response: reqwest::Response) -> Value {
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "errors are RFC 9457 problems"
    );
    response.json().await.expect("problem JSON")
}

async fn a_source_pushes_a_story_and_gets_the_ingest_report(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.create_token("harbor-wire");
    assert!(token.starts_with("gzt_") && token.len() > 60, "{token}");

    let response = app.push(Some(&token), story(1)).await;
    assert_eq!(response.status(), 201);
    let report: Value = response.json().await.expect("JSON");
    assert_eq!(report["status"], "published", "{report}");
    let url = report["url"].as_str().expect("url").to_owned();
    let id = report["id"].as_str().expect("id").to_owned();
    let (status, page) = app.get_text(&url).await;
    assert_eq!(status, 200);
    assert!(page.contains("Harbour pushes its first wire story"));

    let again = app.push(Some(&token), story(1)).await;
    assert_eq!(again.status(), 200);
    let report: Value = again.json().await.expect("JSON");
    assert_eq!(report["status"], "unchanged");
    assert_eq!(report["id"], id.as_str(), "the same story id");

    let newer = app.push(Some(&token), story(2)).await;
    assert_eq!(newer.status(), 200);
    let report: Value = newer.json().await.expect("JSON");
    assert_eq!(report["status"], "updated");

    // Wire documents are often larger than a form post: the site's 64 KiB body limit
    // does not apply here, only ingest.max_file_bytes.
    let long_read = ninjs(
        "urn:harborwire:2026:long-read",
        1,
        "The long history of the harbour ferries",
        &"The first ferry crossed the harbour in 1911, and the town grew around it. ".repeat(1500),
        json!({}),
    );
    assert!(long_read.len() > 100_000);
    assert_eq!(app.push(Some(&token), long_read).await.status(), 201);

    // The story is the source's: the same file from the command line (source "local")
    // is another source's copy of the same text, flagged, not published twice.
    let file = write_story(app.data.path(), "same.json", &story(2));
    app.ingest_one(&file, "duplicate");

    // Taken and not shown: 202, and the report says so.
    let withheld = ninjs(
        "urn:harborwire:2026:withheld",
        1,
        "The harbour budget before its release",
        "Figures the harbour board has not yet released to the public.",
        json!({"pubstatus": "withheld"}),
    );
    let response = app.push(Some(&token), withheld).await;
    assert_eq!(response.status(), 202);
    let report: Value = response.json().await.expect("JSON");
    assert_eq!(report["status"], "stored", "{report}");
    let url = report["url"].as_str().expect("url");
    assert_eq!(app.get(url).await.status(), 404);
}

async fn pushes_without_a_valid_token_are_refused_with_a_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let missing = app.push(None, story(1)).await;
    assert_eq!(missing.status(), 401);
    assert!(missing.headers().contains_key("www-authenticate"));
    let problem = problem_of(missing).await;
    assert_eq!(problem["status"], 401);
    assert!(problem["detail"]
        .as_str()
        .expect("detail")
        .contains("gazette token create"));

    let forged = app
        .push(
            Some("gzt_0000000000000000000000000000000000000000000000000000000000000000"),
            story(1),
        )
        .await;
    assert_eq!(forged.status(), 401);
    assert_eq!(
        problem_of(forged).await["title"],
        "unknown or revoked token"
    );
    assert_eq!(app.count_rows("SELECT COUNT(*) FROM stories").await, 0);
}

async fn bad_and_oversized_documents_get_a_problem_naming_it(backend: Backend) {
    let app = spawn_app_with(backend, |config| config.ingest.max_file_bytes = 4096).await;
    let token = app.create_token("harbor-wire");

    let broken = app
        .push(Some(&token), "{\"uri\": \"urn:x\", \"headline\": ")
        .await;
    assert_eq!(broken.status(), 422);
    let problem = problem_of(broken).await;
    let detail = problem["detail"].as_str().expect("detail");
    assert!(detail.contains("syntax error"), "{detail}");
    assert_eq!(problem["reports"][0]["status"], "rejected");

    let huge = app.push(Some(&token), "x".repeat(10_000)).await;
    assert_eq!(huge.status(), 413);
    assert!(problem_of(huge).await["detail"]
        .as_str()
        .expect("detail")
        .contains("4096 bytes"));
    assert_eq!(app.count_rows("SELECT COUNT(*) FROM stories").await, 0);
}

async fn a_revoked_token_no_longer_pushes(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.create_token("harbor-wire");
    let listed = app
        .gazette()
        .args(["token", "list"])
        .args(app.store_args())
        .output()
        .expect("list");
    let listing = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(listing.contains("harbor-wire"), "{listing}");
    assert!(
        !listing.contains(&token),
        "the token itself is never shown again"
    );
    let id = listing.split_whitespace().next().expect("an id").to_owned();
    let revoked = app
        .gazette()
        .args(["token", "revoke"])
        .args(app.store_args())
        .arg(&id)
        .output()
        .expect("revoke");
    assert!(revoked.status.success(), "{revoked:?}");
    assert_eq!(app.push(Some(&token), story(1)).await.status(), 401);
}

async fn a_held_sources_push_is_accepted_and_waits(backend: Backend) {
    let app = spawn_app_with(backend, |config| {
        config.sources.insert(
            gazette_app::SourceName::parse("harbor-wire").expect("valid"),
            gazette_app::SourceRules {
                hold: true,
                ..gazette_app::SourceRules::default()
            },
        );
    })
    .await;
    let token = app.create_token("harbor-wire");
    let response = app.push(Some(&token), story(1)).await;
    assert_eq!(response.status(), 202, "taken, waiting for an editor");
    let report: Value = response.json().await.expect("report");
    assert_eq!(report["status"], "held");
    let url = report["url"].as_str().expect("url");
    assert_eq!(app.get_text(url).await.0, 404);
}

/// A kill pushed while the front page and the section are cached: by the time the push
/// is answered, no page lists the story and its own page answers 410. The pusher's
/// `Origin` header (a wire's web tool) does not matter: its token proves it.
async fn a_pushed_kill_leaves_every_page_before_the_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.create_token("harbor-wire");
    let headline = "Harbour pushes its first wire story";
    let report: Value = app
        .push(Some(&token), story(1))
        .await
        .json()
        .await
        .expect("JSON");
    let url = report["url"].as_str().expect("url").to_owned();
    let section = "/sections/news";
    for _ in 0..3 {
        // Rendered and cached, more than once.
        assert!(app.get_text("/").await.1.contains(headline));
        assert!(app.get_text(section).await.1.contains(headline));
    }
    let kill = ninjs(
        "urn:harborwire:2026:push",
        2,
        headline,
        "The harbour board's wire now reaches the site by HTTP push.",
        json!({"pubstatus": "canceled"}),
    );
    let answer = app
        .client
        .post(app.url("/api/v1/ingest"))
        .bearer_auth(&token)
        .header("origin", "https://wire.example")
        .body(kill)
        .send()
        .await
        .expect("push");
    assert!(
        answer.status().is_success(),
        "{}",
        answer.text().await.unwrap_or_default()
    );
    assert!(
        !app.get_text("/").await.1.contains(headline),
        "the front page"
    );
    assert!(
        !app.get_text(section).await.1.contains(headline),
        "the section"
    );
    assert_eq!(app.get_text(&url).await.0, 410);
}
