//! Reader accounts and comments over the JSON API: sign up, log in, post, reply, read a
//! thread in each order, edit, delete, vote, report; the Origin check; threads that
//! follow their story (closed with a kill, absent under embargo).

use crate::helpers::*;
use gazette_formats::comment_policy::{find_breach, payloads_of};
use serde_json::{json, Value};

on_both_backends!(
    a_reader_signs_up_logs_in_and_out,
    sign_up_and_login_mistakes_get_clear_problems,
    readers_post_reply_and_read_the_thread_in_each_order,
    changes_with_a_session_need_the_sites_origin,
    authors_edit_and_delete_their_own_comments_only,
    votes_count_once_and_reports_need_a_reason,
    a_thread_follows_its_story,
    comments_are_refused_when_empty_too_long_or_misplaced,
    every_xss_payload_comes_out_inert,
    the_article_page_shows_its_thread,
    the_article_page_shows_a_long_thread_a_page_at_a_time,
    comments_acknowledged_before_a_crash_are_there_after_it,
    story_lists_show_the_comment_count_at_once,
    readers_are_held_to_the_rate_limits,
    the_openapi_description_lists_real_operations,
);

/// A browser of one reader: their session cookie, sent with the site's Origin.
pub struct Browser<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
    pub origin: Option<String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookie: None,
            origin: Some(app.address.clone()),
        }
    }

    pub async fn send(
        &mut self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.app.client.request(method, self.app.url(path));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(origin) = &self.origin {
            request = request.header("origin", origin);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        if let Some(set) = response.headers().get("set-cookie") {
            let set = set.to_str().expect("ascii cookie");
            let pair = set.split(';').next().expect("name=value").to_owned();
            self.cookie = (!pair.ends_with('=')).then_some(pair);
        }
        let bytes = response.bytes().await.expect("body");
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("{path}: not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        (status, value)
    }

    pub async fn post(&mut self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn get(&mut self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    /// Signs up as `name` with an address made from it.
    pub async fn sign_up(&mut self, name: &str) -> Value {
        let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
        let (status, body) = self
            .post(
                "/api/v1/auth/signup",
                json!({"email": email, "password": "correct horse battery", "name": name}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body
    }

    pub async fn comment(&mut self, story: &str, text: &str, parent: Option<&str>) -> Value {
        let (status, body) = self
            .post(
                &format!("/api/v1/articles/{story}/comments"),
                json!({"body": text, "parent_id": parent}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body
    }

    pub async fn thread(&mut self, story: &str, sort: &str) -> Value {
        let (status, body) = self
            .get(&format!("/api/v1/articles/{story}/comments?sort={sort}"))
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }
}

/// Ingests one published story and returns its id.
pub fn a_story(app: &TestApp, uri: &str) -> String {
    a_story_at(app, uri).0
}

/// Ingests one published story and returns its id and its page's path.
pub fn a_story_at(app: &TestApp, uri: &str) -> (String, String) {
    let file = app.write(
        &format!("{}.json", uri.replace(':', "-")),
        &ninjs(
            uri,
            1,
            "Ferry timetable changes for the winter",
            // The id in the text: two stories of one text are one story twice.
            &format!("The harbour ferry runs every forty minutes from December ({uri})."),
            json!({}),
        ),
    );
    let story = app.ingest_one(&file, "published");
    (
        story.id.expect("a published story has an id"),
        story.url.expect("a published story has a page"),
    )
}

fn html_of(comment: &Value) -> &str {
    comment["body_html"].as_str().expect("body_html").trim_end()
}

fn texts(thread: &Value) -> Vec<String> {
    thread["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| html_of(c).to_owned())
        .collect()
}

async fn a_reader_signs_up_logs_in_and_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/signup"))
        .json(&json!({"email": " Mara.Quill@Example.org", "password": "a long passphrase", "name": "Mara Quill"}))
        .send()
        .await
        .expect("signup");
    assert_eq!(response.status(), 201);
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("gazette_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "no TLS here: {cookie}");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["reader"]["email"], "mara.quill@example.org");
    assert_eq!(body["reader"]["role"], "reader");
    assert!(
        app.count_rows("SELECT COUNT(*) FROM accounts WHERE password_hash LIKE '$argon2id$%'")
            .await
            == 1,
        "the password is stored as an argon2id hash"
    );

    let mut browser = Browser::new(&app);
    let (status, _) = browser.get("/api/v1/auth/me").await;
    assert_eq!(status, 401, "no session yet");
    let (status, body) = browser
        .post(
            "/api/v1/auth/login",
            json!({"email": "MARA.QUILL@example.org", "password": "a long passphrase"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, me) = browser.get("/api/v1/auth/me").await;
    assert_eq!(
        (status, me["reader"]["name"].as_str()),
        (200, Some("Mara Quill"))
    );

    let stolen = browser.cookie.clone();
    let (status, _) = browser.post("/api/v1/auth/logout", json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(browser.cookie, None, "the cookie is cleared");
    browser.cookie = stolen;
    let (status, _) = browser.get("/api/v1/auth/me").await;
    assert_eq!(
        status, 401,
        "a logged-out session is gone from the store, not just the browser"
    );
}

async fn sign_up_and_login_mistakes_get_clear_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut browser = Browser::new(&app);
    browser.sign_up("Ines Holm").await;
    let cases = [
        (
            json!({"email": "ines.holm@example.org", "password": "another passphrase", "name": "Ines"}),
            409,
            "already",
        ),
        (
            json!({"email": "not-an-address", "password": "a long passphrase", "name": "X"}),
            422,
            "email",
        ),
        (
            json!({"email": "x@example.org", "password": "short", "name": "X"}),
            422,
            "8 characters",
        ),
        (
            json!({"email": "x@example.org", "password": "a long passphrase", "name": "  "}),
            422,
            "name",
        ),
        (json!({"email": "x@example.org"}), 400, "password"),
    ];
    for (body, status, words) in cases {
        let response = app
            .client
            .post(app.url("/api/v1/auth/signup"))
            .json(&body)
            .send()
            .await
            .expect("signup");
        assert_eq!(response.status().as_u16(), status, "{body}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let problem: Value = response.json().await.expect("problem");
        assert!(
            problem["detail"].as_str().expect("detail").contains(words),
            "{body} → {problem}"
        );
    }
    for (email, password) in [
        ("ines.holm@example.org", "wrong passphrase"),
        ("nobody@example.org", "correct horse battery"),
    ] {
        let (status, problem) = Browser::new(&app)
            .post(
                "/api/v1/auth/login",
                json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(status, 401);
        assert_eq!(
            problem["detail"], "the email or password is wrong",
            "the same answer either way, so it does not tell who has an account"
        );
    }
}

async fn readers_post_reply_and_read_the_thread_in_each_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = a_story(&app, "urn:harborwire:ferry");
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let mut ben = Browser::new(&app);
    ben.sign_up("Ben Okafor").await;

    let first = ana
        .comment(&story, "Forty minutes is *too long* in winter.", None)
        .await;
    assert_eq!(first["author"]["name"], "Ana Pereira");
    assert_eq!(first["status"], "published");
    assert_eq!(first["score"], 0);
    assert_eq!(first["parent_id"], Value::Null);
    assert_eq!(first["edited_at"], Value::Null);
    assert_eq!(
        html_of(&first),
        "<p>Forty minutes is <em>too long</em> in winter.</p>"
    );
    assert!(first["created_at"].as_str().expect("time").ends_with('Z'));
    let first_id = first["id"].as_str().expect("id");
    let second = ben
        .comment(&story, "The old timetable had the same gap.", None)
        .await;
    let reply = ben
        .comment(&story, "It was thirty-five, I checked.", Some(first_id))
        .await;
    assert_eq!(reply["parent_id"], first["id"]);

    let anonymous = Browser::new(&app).thread(&story, "oldest").await;
    assert_eq!(anonymous["count"], 3);
    assert_eq!(anonymous["open"], true);
    assert_eq!(
        texts(&anonymous),
        [
            "<p>Forty minutes is <em>too long</em> in winter.</p>",
            "<p>It was thirty-five, I checked.</p>",
            "<p>The old timetable had the same gap.</p>",
        ],
        "replies read under their parent"
    );
    let newest = ana.thread(&story, "newest").await;
    assert_eq!(newest["comments"][0]["id"], second["id"]);
    assert_eq!(newest["comments"][1]["id"], first["id"]);
    assert_eq!(newest["comments"][2]["id"], reply["id"]);

    let (status, voted) = ana
        .post(
            &format!(
                "/api/v1/comments/{}/vote",
                second["id"].as_str().expect("id")
            ),
            json!({}),
        )
        .await;
    assert_eq!((status, voted["score"].as_i64()), (200, Some(1)));
    let best = ana.thread(&story, "best").await;
    assert_eq!(
        best["comments"][0]["id"], second["id"],
        "the voted comment leads"
    );
    let default = Browser::new(&app)
        .get(&format!("/api/v1/articles/{story}/comments"))
        .await;
    assert_eq!(default.1["order"], "oldest");

    let (status, problem) = ana
        .get(&format!("/api/v1/articles/{story}/comments?sort=loudest"))
        .await;
    assert_eq!(status, 400);
    assert!(problem["detail"]
        .as_str()
        .expect("detail")
        .contains("oldest, newest or best"));
    let (status, _) = ana
        .get("/api/v1/articles/0190a0c0-0000-7000-8000-000000000000/comments")
        .await;
    assert_eq!(status, 404, "no such story");
}

async fn changes_with_a_session_need_the_sites_origin(backend: Backend) {
    let app = spawn_app_with(backend, |config| {
        config.comments.embed_origins = vec!["http://blog.example.org".to_owned()];
    })
    .await;
    let story = a_story(&app, "urn:harborwire:origin");
    let mut reader = Browser::new(&app);
    reader.sign_up("Ola Berg").await;
    let path = format!("/api/v1/articles/{story}/comments");
    for (origin, expected) in [
        (None, 403),
        (Some("http://evil.example.com"), 403),
        (Some("null"), 403),
        (Some(&*format!("{}.evil.example.com", app.address)), 403),
        (Some("http://blog.example.org"), 201),
        (Some(&*app.address), 201),
    ] {
        reader.origin = origin.map(str::to_owned);
        let (status, body) = reader.post(&path, json!({"body": "Hello"})).await;
        assert_eq!(status, expected, "Origin {origin:?}: {body}");
        if status == 403 {
            assert!(body["detail"].as_str().expect("detail").contains("Origin"));
        }
    }
    // A login form on another site cannot log a visitor in either.
    let mut foreign = Browser::new(&app);
    foreign.origin = Some("http://evil.example.com".to_owned());
    let (status, _) = foreign
        .post(
            "/api/v1/auth/login",
            json!({"email": "ola.berg@example.org", "password": "correct horse battery"}),
        )
        .await;
    assert_eq!(status, 403);
    // Reading needs no Origin.
    reader.origin = None;
    let thread = reader.thread(&story, "oldest").await;
    assert_eq!(thread["count"], 2);
}

async fn authors_edit_and_delete_their_own_comments_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = a_story(&app, "urn:harborwire:edit");
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let mut ben = Browser::new(&app);
    ben.sign_up("Ben Okafor").await;
    let comment = ana.comment(&story, "Fourty minutes.", None).await;
    let id = comment["id"].as_str().expect("id");
    let reply = ben.comment(&story, "Forty, surely.", Some(id)).await;

    let path = format!("/api/v1/comments/{id}");
    let (status, _) = ben
        .send(
            reqwest::Method::PATCH,
            &path,
            Some(json!({"body": "Hijacked"})),
        )
        .await;
    assert_eq!(status, 403, "only the author edits");
    let (status, edited) = ana
        .send(
            reqwest::Method::PATCH,
            &path,
            Some(json!({"body": "Forty minutes."})),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(html_of(&edited), "<p>Forty minutes.</p>");
    assert!(edited["edited_at"].is_string(), "shown as edited: {edited}");

    let (status, _) = ben.send(reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 403, "only the author (or a moderator) deletes");
    let (status, _) = ana.send(reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let thread = ben.thread(&story, "oldest").await;
    let comments = thread["comments"].as_array().expect("comments");
    assert_eq!(comments.len(), 2, "the thread keeps its shape: {thread}");
    assert_eq!(comments[0]["status"], "deleted");
    assert_eq!(comments[0]["body_html"], "");
    assert_eq!(comments[0]["author"]["name"], Value::Null);
    assert_eq!(comments[1]["id"], reply["id"]);
    assert_eq!(thread["count"], 1);
    let (status, _) = ana
        .send(reqwest::Method::PATCH, &path, Some(json!({"body": "Back"})))
        .await;
    assert_eq!(status, 422, "a deleted comment stays deleted");

    // Past the edit window.
    app.execute(&format!(
        "UPDATE comments SET created_at = '2020-01-01 00:00:00+00:00' WHERE id = '{}'",
        reply["id"].as_str().expect("id")
    ))
    .await;
    let (status, problem) = ben
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/comments/{}", reply["id"].as_str().expect("id")),
            Some(json!({"body": "Too late"})),
        )
        .await;
    assert_eq!(status, 403, "{problem}");
    assert!(problem["detail"]
        .as_str()
        .expect("detail")
        .contains("15 minutes"));
}

async fn votes_count_once_and_reports_need_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = a_story(&app, "urn:harborwire:votes");
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let mut ben = Browser::new(&app);
    ben.sign_up("Ben Okafor").await;
    let comment = ana.comment(&story, "Vote for me.", None).await;
    let id = comment["id"].as_str().expect("id");
    let vote = format!("/api/v1/comments/{id}/vote");
    let (status, _) = ana.post(&vote, json!({})).await;
    assert_eq!(status, 403, "not for one's own comment");
    for _ in 0..3 {
        let (status, body) = ben.post(&vote, json!({})).await;
        assert_eq!((status, body["score"].as_i64()), (200, Some(1)), "{body}");
    }
    let (status, _) = Browser::new(&app).post(&vote, json!({})).await;
    assert_eq!(status, 401, "voting needs an account");

    let report = format!("/api/v1/comments/{id}/report");
    let (status, _) = ben.post(&report, json!({"reason": "  "})).await;
    assert_eq!(status, 403);
    let (status, _) = ben.post(&report, json!({"reason": "Spam link"})).await;
    assert_eq!(status, 204);
    let (status, _) = ben.post(&report, json!({"reason": "Off topic"})).await;
    assert_eq!(status, 204, "reporting again changes the reason");
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM comment_reports WHERE reason = 'Off topic'")
            .await,
        1
    );
}

async fn a_thread_follows_its_story(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = a_story(&app, "urn:harborwire:killed");
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let kept = ana.comment(&story, "Before the kill.", None).await;

    let kill = app.write(
        "kill.json",
        &ninjs(
            "urn:harborwire:killed",
            2,
            "Ferry timetable changes for the winter",
            "Withdrawn.",
            json!({"pubstatus": "canceled"}),
        ),
    );
    app.ingest_one(&kill, "updated");
    let thread = ana.thread(&story, "oldest").await;
    assert_eq!(thread["open"], false);
    assert!(thread["closed_notice"]
        .as_str()
        .expect("notice")
        .contains("withdrawn"));
    assert_eq!(
        thread["comments"][0]["id"], kept["id"],
        "kept for the record"
    );
    let (status, problem) = ana
        .post(
            &format!("/api/v1/articles/{story}/comments"),
            json!({"body": "After the kill."}),
        )
        .await;
    assert_eq!(status, 409, "{problem}");
    let (status, _) = Browser::new(&app)
        .post(
            &format!("/api/v1/comments/{}/vote", kept["id"].as_str().expect("id")),
            json!({}),
        )
        .await;
    assert_eq!(status, 401);

    let embargoed = app.write(
        "embargoed.json",
        &ninjs(
            "urn:harborwire:embargoed",
            1,
            "Budget figures under embargo",
            "Not yet.",
            json!({"embargoed": "2999-01-01T00:00:00Z"}),
        ),
    );
    let embargoed = app.ingest_one(&embargoed, "stored").id.expect("id");
    let (status, _) = ana
        .get(&format!("/api/v1/articles/{embargoed}/comments"))
        .await;
    assert_eq!(status, 404, "no thread before the story is out");
    let (status, _) = ana
        .post(
            &format!("/api/v1/articles/{embargoed}/comments"),
            json!({"body": "Early!"}),
        )
        .await;
    assert_eq!(status, 404);
}

async fn comments_are_refused_when_empty_too_long_or_misplaced(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = a_story(&app, "urn:harborwire:refusals");
    let other = a_story(&app, "urn:harborwire:elsewhere");
    let mut ana = Browser::new(&app);
    let path = format!("/api/v1/articles/{story}/comments");
    let (status, _) = ana.post(&path, json!({"body": "Anonymous?"})).await;
    assert_eq!(status, 401, "posting needs an account");
    ana.sign_up("Ana Pereira").await;
    let elsewhere = ana.comment(&other, "On another story.", None).await;
    let cases = [
        (json!({"body": " \n "}), 422, "empty"),
        (json!({"body": "x".repeat(10_001)}), 422, "10000"),
        (
            json!({"body": "Reply", "parent_id": elsewhere["id"]}),
            422,
            "not in this thread",
        ),
        (
            json!({"body": "Reply", "parent_id": "no-such-comment"}),
            422,
            "not in this thread",
        ),
        (json!({"text": "wrong field"}), 400, "body"),
    ];
    for (body, status, words) in cases {
        let (got, problem) = ana.post(&path, body.clone()).await;
        assert_eq!(got, status, "{problem}");
        assert!(
            problem["detail"].as_str().expect("detail").contains(words),
            "{problem}"
        );
    }
    let response = app
        .client
        .post(app.url(&path))
        .header("cookie", ana.cookie.clone().expect("cookie"))
        .header("origin", &app.address)
        .header("content-type", "application/json")
        .body(format!("{{\"body\": \"{}\"}}", "x".repeat(100_000)))
        .send()
        .await
        .expect("post");
    assert_eq!(
        response.status(),
        413,
        "the body limit holds before any parsing"
    );
    assert_eq!(
        Browser::new(&app).thread(&story, "oldest").await["count"],
        0
    );
}

/// Every payload of the formats crate's XSS list, posted as a comment, is either refused
/// with a problem or shown within the comment policy, both in the answer to the post and
/// in the thread.
async fn every_xss_payload_comes_out_inert(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = a_story(&app, "urn:harborwire:xss");
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let list = include_str!("../../../gazette-formats/tests/fixtures/xss-payloads.txt");
    let payloads = payloads_of(list);
    let path = format!("/api/v1/articles/{story}/comments");
    let mut accepted = 0;
    for payload in &payloads {
        let (status, body) = ana.post(&path, json!({ "body": payload })).await;
        match status {
            201 => {
                accepted += 1;
                let html = body["body_html"].as_str().expect("body_html");
                if let Some(breach) = find_breach(html) {
                    panic!("{breach} in the answer to {payload:?}: {html:?}");
                }
            }
            422 => assert!(body["detail"].is_string(), "{payload:?}: {body}"),
            _ => panic!("{payload:?}: {status} {body}"),
        }
    }
    assert!(
        accepted * 10 >= payloads.len() * 9,
        "only {accepted} of {} payloads were taken as comments",
        payloads.len()
    );
    let thread = ana.thread(&story, "oldest").await;
    assert_eq!(thread["count"], accepted);
    for html in texts(&thread) {
        assert_eq!(find_breach(&html), None, "in the thread: {html:?}");
    }
}

/// The article page as soon as it shows `expected`: pages are cached, and a comment
/// reaches the page through the change log.
async fn page_showing(app: &TestApp, path: &str, expected: &str) -> String {
    let mut html = String::new();
    for _ in 0..50 {
        let (status, body) = app.get_text(path).await;
        assert_eq!(status, 200, "{path}: {body}");
        html = body;
        if html.contains(expected) {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{path} does not show {expected:?} within a second:\n{html}");
}

async fn the_article_page_shows_its_thread(backend: Backend) {
    let app = spawn_app(backend).await;
    let (story, path) = a_story_at(&app, "urn:harborwire:page-thread");
    page_showing(&app, &path, "No comments yet.").await;
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let mut ben = Browser::new(&app);
    ben.sign_up("Ben Okafor").await;

    let first = ana
        .comment(
            &story,
            "The **marmalade** crossing <script>alert(1)</script>",
            None,
        )
        .await;
    let first_id = first["id"].as_str().expect("id");
    let html = page_showing(&app, &path, &format!(r#"id="comment-{first_id}""#)).await;
    assert!(html.contains("<strong>marmalade</strong>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains(&format!(r##"href="#comment-{first_id}""##)),
        "a permalink: {html}"
    );
    assert!(html.contains("Reader comments (1)"), "{html}");

    // A chain of replies deeper than the page nests them (4 by default).
    let mut parent = first_id.to_owned();
    for depth in 1..=5 {
        let writer = if depth % 2 == 1 { &mut ben } else { &mut ana };
        let reply = writer
            .comment(&story, &format!("Reply at depth {depth}."), Some(&parent))
            .await;
        parent = reply["id"].as_str().expect("id").to_owned();
    }
    let html = page_showing(&app, &path, "Reply at depth 5.").await;
    assert!(html.contains(r#"class="comment depth-4""#), "{html}");
    assert!(!html.contains("depth-5"), "{html}");
    assert!(html.contains("in reply to Ana Pereira"), "{html}");
    let positions: Vec<usize> = (1..=5)
        .map(|d| {
            html.find(&format!("Reply at depth {d}."))
                .expect("each reply")
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "replies in reading order"
    );

    let (status, _) = ana
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/comments/{first_id}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let html = page_showing(&app, &path, "Comment deleted.").await;
    assert!(
        !html.contains("marmalade"),
        "the deleted text is gone: {html}"
    );
    assert!(
        html.contains("Reply at depth 1."),
        "the replies stay: {html}"
    );
}

async fn the_article_page_shows_a_long_thread_a_page_at_a_time(backend: Backend) {
    let app = spawn_app(backend).await;
    let (story, path) = a_story_at(&app, "urn:harborwire:long-thread");
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let per_page = gazette_app::TOP_LEVEL_COMMENTS_PER_PAGE;
    for n in 0..=per_page {
        ana.comment(&story, &format!("Comment number {n}."), None)
            .await;
    }
    let first = page_showing(&app, &path, "Comments page 1 of 2").await;
    assert!(first.contains("Comment number 0."), "{first}");
    assert!(
        !first.contains(&format!("Comment number {per_page}.")),
        "{first}"
    );
    assert!(
        first.contains(&format!(r#"href="{path}?comments=2#comments""#)),
        "{first}"
    );
    let (status, second) = app.get_text(&format!("{path}?comments=2")).await;
    assert_eq!(status, 200);
    assert!(
        second.contains(&format!("Comment number {per_page}.")),
        "{second}"
    );
    assert!(!second.contains("Comment number 0."), "{second}");
    for past in ["3", "0", "x"] {
        let (status, _) = app.get_text(&format!("{path}?comments={past}")).await;
        assert_eq!(status, 404, "?comments={past}");
    }
    let (status, json) = ana
        .get(&format!("/api/v1/articles/{story}/comments?page=2"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (json["page"].clone(), json["pages"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(json["comments"].as_array().expect("comments").len(), 1);

    // The thread revalidates by its ETag, until it changes.
    let url = app.url(&format!("/api/v1/articles/{story}/comments"));
    let first = app.client.get(&url).send().await.expect("get");
    let etag = first.headers()["etag"].clone();
    let again = app.client.get(&url).header("if-none-match", &etag);
    assert_eq!(again.send().await.expect("get").status(), 304);
    ana.comment(&story, "One more.", None).await;
    let changed = app.client.get(&url).header("if-none-match", &etag);
    assert_eq!(
        changed.send().await.expect("get").status(),
        200,
        "a write is read at once"
    );
}

/// A `gazette serve` process on a free port of its own, answering.
async fn serve_process(app: &TestApp) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut server = start_server(app, &format!("127.0.0.1:{port}"));
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if let Ok(answer) = app.client.get(format!("{base}/healthz")).send().await {
            if answer.status() == 200 {
                return (server, base);
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    panic!("gazette serve does not answer at {base}");
}

/// Readers post from many connections while the server is killed with SIGKILL: every
/// comment answered 201 is on disk after a restart.
async fn comments_acknowledged_before_a_crash_are_there_after_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let story = a_story(&app, "urn:harborwire:crash");
    let (mut server, base) = serve_process(&app).await;
    let signup = app
        .client
        .post(format!("{base}/api/v1/auth/signup"))
        .header("origin", &base)
        .json(&json!({"email": "ana@example.org", "password": "correct horse battery", "name": "Ana"}))
        .send()
        .await
        .expect("sign up");
    assert_eq!(signup.status(), 201);
    let cookie = signup.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("name=value")
        .to_owned();

    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let url = format!("{base}/api/v1/articles/{story}/comments");
    let writers: Vec<_> = (0..16)
        .map(|writer| {
            let (client, url, base, cookie) = (
                app.client.clone(),
                url.clone(),
                base.clone(),
                cookie.clone(),
            );
            let acked = acked.clone();
            tokio::spawn(async move {
                for n in 0.. {
                    let sent = client
                        .post(&url)
                        .header("origin", &base)
                        .header("cookie", &cookie)
                        .json(&json!({ "body": format!("Writer {writer}, comment {n}.") }))
                        .send()
                        .await;
                    let Ok(answer) = sent else { break };
                    if answer.status() != 201 {
                        continue;
                    }
                    let Ok(comment) = answer.json::<Value>().await else {
                        break;
                    };
                    let id = comment["id"].as_str().expect("id").to_owned();
                    acked.lock().expect("lock").push(id);
                }
            })
        })
        .collect();
    for _ in 0..400 {
        if acked.lock().expect("lock").len() >= 300 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    server.kill().expect("SIGKILL the server");
    server.wait().expect("reap");
    for writer in writers {
        writer.await.expect("writer");
    }
    let acked = acked.lock().expect("lock").clone();
    assert!(
        acked.len() >= 300,
        "only {} comments before the kill",
        acked.len()
    );

    let (mut server, base) = serve_process(&app).await;
    let thread: Value = app
        .client
        .get(format!("{base}/api/v1/articles/{story}/comments"))
        .send()
        .await
        .expect("thread")
        .json()
        .await
        .expect("JSON");
    server.kill().expect("stop the server");
    server.wait().expect("reap");
    let count = thread["count"].as_i64().expect("count");
    assert!(
        count >= acked.len() as i64,
        "{count} comments, {} acknowledged",
        acked.len()
    );
    let ids = acked
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(",");
    let on_disk = app
        .count_rows(&format!(
            "SELECT COUNT(*) FROM comments WHERE id IN ({ids})"
        ))
        .await;
    assert_eq!(
        on_disk,
        acked.len() as i64,
        "every acknowledged comment is on disk"
    );
}

async fn story_lists_show_the_comment_count_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (story, path) = a_story_at(&app, "urn:harborwire:counted");
    let (_, front) = app.get_text("/").await;
    assert!(
        !front.contains("#comments"),
        "no count before any comment: {front}"
    );
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let first = ana.comment(&story, "One.", None).await;
    let (_, front) = app.get_text("/").await;
    let link = format!(r##"<a href="{path}#comments">1 comment</a>"##);
    assert!(
        front.contains(&link),
        "the cached front page is not served: {front}"
    );
    ana.comment(&story, "Two.", None).await;
    let (_, front) = app.get_text("/").await;
    assert!(
        front.contains(&format!(r##"<a href="{path}#comments">2 comments</a>"##)),
        "{front}"
    );
    let id = first["id"].as_str().expect("id");
    let (status, _) = ana
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/comments/{id}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (_, front) = app.get_text("/").await;
    assert!(
        front.contains(&link),
        "a deleted comment is not counted: {front}"
    );
}

/// With limits of 2 comments a minute per account and 3 per address, 2 sign-ups an hour
/// and 3 logins a minute per address: the next one is answered 429 with Retry-After,
/// and one reader's limit is not another's.
async fn readers_are_held_to_the_rate_limits(backend: Backend) {
    let app = spawn_app_with(backend, |config| {
        config.rate_limits = gazette_app::RateLimitsConfig {
            enabled: true,
            comments_per_account_per_minute: 2,
            comments_per_address_per_minute: 3,
            signups_per_address_per_hour: 2,
            logins_per_address_per_minute: 3,
            forwarded_for: false,
        };
    })
    .await;
    let story = a_story(&app, "urn:harborwire:limits");
    let mut ana = Browser::new(&app);
    ana.sign_up("Ana Pereira").await;
    let mut ben = Browser::new(&app);
    ben.sign_up("Ben Okafor").await;
    let (status, problem) = Browser::new(&app)
        .post(
            "/api/v1/auth/signup",
            json!({"email": "cy@example.org", "password": "correct horse battery", "name": "Cy"}),
        )
        .await;
    assert_eq!(
        status, 429,
        "a third sign-up from one address in an hour: {problem}"
    );

    ana.comment(&story, "One.", None).await;
    ana.comment(&story, "Two.", None).await;
    let path = format!("/api/v1/articles/{story}/comments");
    let response = app
        .client
        .post(app.url(&path))
        .header("cookie", ana.cookie.clone().expect("cookie"))
        .header("origin", &app.address)
        .json(&json!({"body": "Three."}))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=30).contains(&wait), "Retry-After: {wait}");
    let problem: Value = response.json().await.expect("problem");
    assert!(
        problem["detail"].as_str().expect("detail").contains("wait"),
        "{problem}"
    );

    // Ben's own limit is fresh, but the address has one comment left of its three.
    ben.comment(&story, "Ben's.", None).await;
    let (status, _) = ben.post(&path, json!({"body": "Ben's second."})).await;
    assert_eq!(status, 429, "the address's limit");
    assert_eq!(ana.thread(&story, "oldest").await["count"], 3);

    let mut logins = 0;
    for _ in 0..4 {
        let (status, _) = Browser::new(&app)
            .post(
                "/api/v1/auth/login",
                json!({"email": "ana.pereira@example.org", "password": "wrong password"}),
            )
            .await;
        if status == 429 {
            break;
        }
        assert_eq!(status, 401);
        logins += 1;
    }
    assert_eq!(logins, 3, "the fourth login attempt in a minute is refused");
}

/// The OpenAPI description is served, and every operation it lists exists: none is
/// answered by the API's fallback or refused as a wrong method.
async fn the_openapi_description_lists_real_operations(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let doc: Value = response.json().await.expect("JSON");
    assert!(doc["openapi"].as_str().expect("version").starts_with("3.1"));
    let paths = doc["paths"].as_object().expect("paths");
    for expected in [
        "/auth/signup",
        "/auth/login",
        "/auth/logout",
        "/articles/{id}/comments",
        "/comments/{id}",
        "/comments/{id}/vote",
        "/comments/{id}/report",
        "/ingest",
    ] {
        assert!(paths.contains_key(expected), "{expected} is described");
    }
    let mut operations = 0;
    for (path, item) in paths {
        let concrete = path.replace("{id}", "no-such-id");
        for (method, _) in item
            .as_object()
            .expect("path item")
            .iter()
            .filter(|(k, _)| *k != "parameters")
        {
            let method =
                reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let answer = app
                .client
                .request(method.clone(), app.url(&format!("/api/v1{concrete}")))
                .header("origin", &app.address)
                .send()
                .await
                .expect("call");
            let status = answer.status().as_u16();
            let body = answer.text().await.expect("body");
            assert_ne!(status, 405, "{method} {path}: {body}");
            assert!(
                !body.contains("No such API endpoint"),
                "{method} {path} is not an endpoint"
            );
            operations += 1;
        }
    }
    assert!(operations >= 11, "{operations} operations");
}
