//! The site's forms, with no JavaScript: sign up, log in and out, comment and reply from
//! the article page; refused from other sites; a refused comment keeps its text.

use crate::comments::a_story_at;
use crate::helpers::*;

on_both_backends!(
    a_reader_signs_up_comments_and_replies_with_forms_alone,
    forms_refuse_other_sites_and_keep_what_was_typed,
);

/// A browser without a script: it posts forms with its cookie and the site's Origin.
struct FormBrowser<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
}

impl<'a> FormBrowser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self { app, cookie: None }
    }

    /// Posts a form; answers the status, the Location and the body.
    async fn submit(
        &mut self,
        path: &str,
        origin: Option<&str>,
        fields: &[(&str, &str)],
    ) -> (u16, Option<String>, String) {
        let mut request = self.app.client.post(self.app.url(path)).form(fields);
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.expect("post");
        if let Some(set) = response.headers().get("set-cookie") {
            let pair = set
                .to_str()
                .expect("ascii")
                .split(';')
                .next()
                .expect("pair");
            self.cookie = (!pair.ends_with('=')).then(|| pair.to_owned());
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().expect("ascii").to_owned());
        (status, location, response.text().await.expect("body"))
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, Option<String>, String) {
        let origin = self.app.address.clone();
        self.submit(path, Some(&origin), fields).await
    }

    async fn page(&self, path: &str) -> String {
        let mut request = self.app.client.get(self.app.url(path));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("get");
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.expect("body")
    }
}

async fn a_reader_signs_up_comments_and_replies_with_forms_alone(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, path) = a_story_at(&app, "urn:harborwire:forms");
    let mut ana = FormBrowser::new(&app);
    let article = ana.page(&path).await;
    assert!(
        article.contains(&format!(
            r#"<form class="comment-form" method="post" action="{path}/comments">"#
        )),
        "{article}"
    );

    let next = format!("{path}#comments");
    let (status, location, _) = ana
        .post(
            "/signup",
            &[
                ("email", "ana@example.org"),
                ("name", "Ana Pereira"),
                ("password", "correct horse battery"),
                ("next", &next),
            ],
        )
        .await;
    assert_eq!((status, location.as_deref()), (303, Some(next.as_str())));
    assert!(ana.cookie.is_some(), "signed up and logged in");

    let (status, location, _) = ana
        .post(
            &format!("{path}/comments"),
            &[("body", "Posted from a *form*.")],
        )
        .await;
    assert_eq!(status, 303);
    let location = location.expect("Location");
    let anchor = location
        .strip_prefix(&format!("{path}#comment-"))
        .unwrap_or_else(|| panic!("back to the comment: {location}"))
        .to_owned();
    let article = ana.page(&path).await;
    assert!(
        article.contains(&format!(r#"id="comment-{anchor}""#)),
        "seen at once: {article}"
    );
    assert!(
        article.contains("Posted from a <em>form</em>."),
        "{article}"
    );

    let mut ben = FormBrowser::new(&app);
    ben.post(
        "/signup",
        &[
            ("email", "ben@example.org"),
            ("name", "Ben Okafor"),
            ("password", "correct horse battery"),
            ("next", "/"),
        ],
    )
    .await;
    let reply_page = ben
        .page(&format!("{path}/comments/new?parent={anchor}"))
        .await;
    assert!(reply_page.contains("Reply to Ana Pereira"), "{reply_page}");
    assert!(
        reply_page.contains(&format!(r#"name="parent_id" value="{anchor}""#)),
        "{reply_page}"
    );
    let (status, location, _) = ben
        .post(
            &format!("{path}/comments"),
            &[("body", "A reply by form."), ("parent_id", &anchor)],
        )
        .await;
    assert_eq!(status, 303);
    assert!(location
        .expect("Location")
        .starts_with(&format!("{path}#comment-")));
    let article = ben.page(&path).await;
    let reply_at = article
        .find("A reply by form.")
        .expect("the reply is shown");
    let reply_item = article[..reply_at].rfind("<li ").expect("its item");
    assert!(
        article[reply_item..reply_at].contains("depth-1"),
        "nested under Ana's"
    );

    let (status, location, _) = ben.post("/logout", &[]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/")));
    assert_eq!(ben.cookie, None, "the cookie is cleared");
    let (status, location, _) = ana
        .post(
            "/login",
            &[
                ("email", "ana@example.org"),
                ("password", "correct horse battery"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!((status, location.as_deref()), (303, Some("/")));
}

async fn forms_refuse_other_sites_and_keep_what_was_typed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (story, path) = a_story_at(&app, "urn:harborwire:form-refusals");
    let action = format!("{path}/comments");
    let mut ana = FormBrowser::new(&app);

    let (status, location, _) = ana.post(&action, &[("body", "Before logging in.")]).await;
    assert_eq!(status, 303);
    let location = location.expect("Location");
    assert!(location.starts_with("/login?next="), "{location}");
    let login_page = ana.page(&location).await;
    assert!(
        login_page.contains(&format!(r#"name="next" value="{path}/comments/new""#)),
        "{login_page}"
    );

    let (status, _, page) = ana
        .post(
            "/login",
            &[
                ("email", "ana@example.org"),
                ("password", "not the password"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(status, 401);
    assert!(page.contains("The email or password is wrong."), "{page}");
    assert!(
        page.contains(r#"value="ana@example.org""#),
        "the email is kept: {page}"
    );
    assert_eq!(ana.cookie, None);

    let (status, location, _) = ana
        .post(
            "/signup",
            &[
                ("email", "ana@example.org"),
                ("name", "Ana"),
                ("password", "correct horse battery"),
                ("next", "//evil.example/x"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/")),
        "never to another site"
    );
    let (status, _, page) = FormBrowser::new(&app)
        .post(
            "/signup",
            &[
                ("email", "ana@example.org"),
                ("name", "Ana 2"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{page}");

    for origin in [None, Some("http://evil.example")] {
        let (status, _, page) = ana.submit(&action, origin, &[("body", "Forged.")]).await;
        assert_eq!(status, 403, "{origin:?}: {page}");
        let (status, _, _) = ana.submit("/logout", origin, &[]).await;
        assert_eq!(status, 403, "logout from {origin:?}");
    }

    let (status, _, page) = ana.post(&action, &[("body", "  \n ")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("The comment is empty."), "{page}");
    let long = format!("Marmalade {}", "x".repeat(10_000));
    let (status, _, page) = ana.post(&action, &[("body", &long)]).await;
    assert_eq!(status, 422);
    assert!(
        page.contains(&long),
        "the text is kept to fix: {}",
        &page[..500]
    );
    assert!(
        page.contains("at most 10000 characters"),
        "{}",
        &page[..500]
    );
    let (status, _, _) = ana
        .post(
            &action,
            &[("body", "To nobody."), ("parent_id", "no-such-comment")],
        )
        .await;
    assert_eq!(status, 422);

    let thread = app
        .get_text(&format!("/api/v1/articles/{story}/comments"))
        .await
        .1;
    assert!(
        thread.contains(r#""count":0"#),
        "nothing was posted: {thread}"
    );
}
