//! The Disqus export reader, on our own exports of the fictional Stoneharrow Gazette
//! (`fixtures/disqus/`) and on small broken ones.

use gazette_formats::{read_disqus_export, DisqusAuthor, DisqusExport, DisqusPost, ReadError};
use proptest::prelude::*;
use time::macros::datetime;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/disqus/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn export() -> DisqusExport {
    read_disqus_export(&fixture("export.xml")).expect("the export reads")
}

fn post<'a>(export: &'a DisqusExport, dsq_id: &str) -> &'a DisqusPost {
    export
        .posts
        .iter()
        .find(|post| post.dsq_id == dsq_id)
        .unwrap_or_else(|| panic!("post {dsq_id}"))
}

/// How many posts up to the top-level comment, counting the post itself.
fn depth(export: &DisqusExport, dsq_id: &str) -> usize {
    let mut depth = 1;
    let mut at = post(export, dsq_id);
    while let Some(parent) = &at.parent_dsq_id {
        at = post(export, parent);
        depth += 1;
    }
    depth
}

#[test]
fn the_forum_threads_and_posts_are_read_in_order() {
    let export = export();
    assert_eq!(export.forum.as_deref(), Some("stoneharrow-gazette"));
    let threads: Vec<&str> = export.threads.iter().map(|t| t.dsq_id.as_str()).collect();
    assert_eq!(threads, ["7001", "7002", "7003", "7004"]);
    let posts: Vec<&str> = export.posts.iter().map(|p| p.dsq_id.as_str()).collect();
    assert_eq!(
        posts,
        ["9001", "9002", "9003", "9004", "9005", "9006", "9007", "9008", "9009"]
    );
}

#[test]
fn threads_keep_their_identifier_link_and_flags() {
    let export = export();
    let harbour = &export.threads[0];
    assert_eq!(harbour.identifier.as_deref(), Some("article-1042"));
    assert_eq!(harbour.forum.as_deref(), Some("stoneharrow-gazette"));
    assert_eq!(harbour.category_dsq_id.as_deref(), Some("3101"));
    assert_eq!(
        harbour.link.as_deref(),
        Some("https://news.example.org/2026/11/harbour-wall-repairs")
    );
    assert_eq!(
        harbour.title.as_deref(),
        Some("Harbour wall repairs to start in spring")
    );
    assert_eq!(harbour.message_html, "");
    assert_eq!(harbour.created_at, datetime!(2026-11-02 08:15:00 UTC));
    assert_eq!(
        harbour.author.username.as_deref(),
        Some("stoneharrowgazette")
    );
    assert_eq!(harbour.ip_address.as_deref(), Some("192.0.2.10"));
    assert!(!harbour.is_closed && !harbour.is_deleted);

    let ferry = &export.threads[1];
    assert_eq!(ferry.identifier, None, "an empty <id/> is no identifier");
    assert_eq!(
        ferry.link.as_deref(),
        Some("https://news.example.org/2026/11/winter-ferry-timetable?utm_source=newsletter&utm_medium=email")
    );

    let library = &export.threads[2];
    assert!(library.is_closed);
    assert_eq!(library.message_html, "<p>Tell us what you think.</p>");

    let walks = &export.threads[3];
    assert_eq!(
        walks.link.as_deref(),
        Some("https://example.com/guides/stoneharrow-coast-walks")
    );
}

#[test]
fn replies_keep_their_thread_parent_and_nesting() {
    let export = export();
    let top = post(&export, "9001");
    assert_eq!(top.thread_dsq_id, "7001");
    assert_eq!(top.parent_dsq_id, None);
    assert_eq!(post(&export, "9002").parent_dsq_id.as_deref(), Some("9001"));
    assert_eq!(post(&export, "9003").parent_dsq_id.as_deref(), Some("9002"));
    assert_eq!(post(&export, "9004").parent_dsq_id.as_deref(), Some("9003"));
    assert_eq!(depth(&export, "9004"), 4);
    // A reply listed before the comment it answers.
    let early = post(&export, "9008");
    assert_eq!(early.parent_dsq_id.as_deref(), Some("9009"));
    assert_eq!(early.thread_dsq_id, "7004");
    assert_eq!(depth(&export, "9008"), 2);
}

#[test]
fn authors_dates_and_flags_are_typed() {
    let export = export();
    let maud = post(&export, "9001");
    assert_eq!(
        maud.author,
        DisqusAuthor {
            name: Some("Maud Penrose".into()),
            email: Some("maud.penrose@example.com".into()),
            username: Some("maudpenrose".into()),
            is_anonymous: false,
        }
    );
    assert_eq!(maud.created_at, datetime!(2026-11-02 09:01:44 UTC));
    assert_eq!(maud.ip_address.as_deref(), Some("203.0.113.21"));
    assert!(!maud.is_deleted && !maud.is_spam);

    let guest = post(&export, "9004");
    assert_eq!(
        guest.author,
        DisqusAuthor {
            name: Some("A harbour resident".into()),
            email: None,
            username: None,
            is_anonymous: true,
        }
    );

    let deleted = post(&export, "9005");
    assert!(deleted.is_deleted && !deleted.is_spam);
    assert_eq!(deleted.message_html, "");

    let spam = post(&export, "9006");
    assert!(spam.is_spam && !spam.is_deleted);
}

#[test]
fn messages_are_held_to_the_comment_policy() {
    let export = export();
    assert_eq!(
        post(&export, "9001").message_html,
        "<p>About time. The wall by the lifeboat station has been crumbling for years. The \
         council's <a href=\"https://example.org/council/harbour-plan\" \
         rel=\"nofollow ugc noopener\">harbour plan</a> promised this in 2024.</p>"
    );
    assert_eq!(
        post(&export, "9002").message_html,
        "<p>Promised, yes. Paid for is another matter.<br>We'll see in March.</p>"
    );
    assert_eq!(
        post(&export, "9003").message_html,
        "<blockquote>Paid for is another matter.</blockquote>\
         <p>It is in this year's budget, page 14.</p>"
    );
    assert_eq!(
        post(&export, "9004").message_html,
        "<p>Page 14 lists the survey, not the works.</p>"
    );
    assert_eq!(
        post(&export, "9006").message_html,
        "<p>Cheap ferry tickets here!!! <a rel=\"nofollow ugc noopener\">click</a></p>"
    );
    // A message written as escaped text rather than CDATA is the same HTML.
    assert_eq!(
        post(&export, "9007").message_html,
        "<p>Sunday is the only day I can take the children. Fish &amp; chips after, as \
         always.</p>"
    );
}

#[test]
fn a_truncated_export_is_a_syntax_error_with_its_position() {
    match read_disqus_export(&fixture("truncated.xml")) {
        Err(ReadError::Syntax {
            position, reason, ..
        }) => {
            assert_eq!(position, "at line 119, column 31");
            assert_eq!(reason, "the document ends before <createdAt> is closed");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_post_of_a_thread_not_in_the_export_is_refused() {
    let error = read_disqus_export(&fixture("orphan-post.xml")).expect_err("orphan");
    assert_eq!(
        error.to_string(),
        "Disqus export: at line 146, column 3: post 9005 belongs to thread 7999, which is not \
         in the export"
    );
}

#[test]
fn a_bad_date_names_the_post_and_the_text() {
    let error = read_disqus_export(&fixture("bad-date.xml")).expect_err("bad date");
    assert_eq!(
        error.to_string(),
        "Disqus export: at line 103, column 5: the <createdAt> of post 9002, \"the second of \
         November\", is not a date"
    );
}

#[test]
fn entity_declarations_are_refused() {
    let error = read_disqus_export(&fixture("doctype-entities.xml")).expect_err("entities");
    assert!(matches!(error, ReadError::Forbidden { .. }), "{error:?}");
}

/// A small export around the given posts, with threads 1 and 2.
fn small_export(posts: &str) -> Vec<u8> {
    let thread = |id: &str| {
        format!(
            "<thread dsq:id=\"{id}\"><link>https://news.example.org/{id}</link>\
             <createdAt>2026-01-01T00:00:00Z</createdAt></thread>"
        )
    };
    format!(
        "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n\
         {}{}\n{posts}\n</disqus>",
        thread("1"),
        thread("2")
    )
    .into_bytes()
}

fn small_post(id: &str, thread: &str, parent: Option<&str>) -> String {
    let parent = parent.map_or(String::new(), |p| format!("<parent dsq:id=\"{p}\"/>"));
    format!(
        "<post dsq:id=\"{id}\"><message><![CDATA[<p>{id}</p>]]></message>\
         <createdAt>2026-01-02T03:04:05Z</createdAt><thread dsq:id=\"{thread}\"/>{parent}</post>"
    )
}

fn refusal(posts: &[String]) -> String {
    read_disqus_export(&small_export(&posts.concat()))
        .expect_err("refused")
        .to_string()
}

#[test]
fn broken_references_are_refused_with_the_reason() {
    let reason = refusal(&[
        small_post("a", "1", None),
        "<post dsq:id=\"b\"><createdAt>2026-01-02T03:04:05Z</createdAt></post>".into(),
    ]);
    assert!(
        reason.ends_with("<post dsq:id=\"b\"> has no <thread dsq:id=\"…\"/>"),
        "{reason}"
    );
    let reason = refusal(&[small_post("a", "1", Some("z"))]);
    assert!(
        reason.ends_with("post a answers post z, which is not in the export"),
        "{reason}"
    );
    let reason = refusal(&[small_post("a", "1", None), small_post("b", "2", Some("a"))]);
    assert!(
        reason.contains("answers post a of another thread"),
        "{reason}"
    );
    let reason = refusal(&[
        small_post("a", "1", Some("c")),
        small_post("b", "1", Some("a")),
        small_post("c", "1", Some("b")),
    ]);
    assert!(reason.contains("is among its own replies"), "{reason}");
    let reason = refusal(&[small_post("a", "1", Some("a"))]);
    assert!(
        reason.ends_with("post a is among its own replies"),
        "{reason}"
    );
    let reason = refusal(&[small_post("a", "1", None), small_post("a", "2", None)]);
    assert!(reason.ends_with("a second <post dsq:id=\"a\">"), "{reason}");
    let reason = refusal(&["<post><thread dsq:id=\"1\"/></post>".into()]);
    assert!(reason.ends_with("a <post> has no dsq:id"), "{reason}");
    let reason =
        refusal(&[small_post("a", "1", None).replace("</post>", "<isSpam>maybe</isSpam></post>")]);
    assert!(
        reason.ends_with("<isSpam> of a is \"maybe\", not true or false"),
        "{reason}"
    );
}

#[test]
fn a_long_chain_of_replies_is_read() {
    let posts: Vec<String> = (0..2_000)
        .rev()
        .map(|n| {
            let parent = (n > 0).then(|| (n - 1).to_string());
            small_post(&n.to_string(), "1", parent.as_deref())
        })
        .collect();
    let export = read_disqus_export(&small_export(&posts.concat())).expect("reads");
    assert_eq!(depth(&export, "1999"), 2_000);
}

#[test]
fn other_documents_are_not_exports() {
    assert_eq!(read_disqus_export(b" \n"), Err(ReadError::Empty));
    let error = read_disqus_export(b"<rss><channel/></rss>").expect_err("rss");
    assert_eq!(
        error.to_string(),
        "Disqus export: the root element is <rss>, not <disqus>"
    );
    let empty = read_disqus_export(b"<disqus/>").expect("an export with nothing in it");
    assert_eq!(
        empty,
        DisqusExport {
            forum: None,
            threads: vec![],
            posts: vec![]
        }
    );
}

proptest! {
    #[test]
    fn any_bytes_give_an_export_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_disqus_export(&bytes);
    }

    #[test]
    fn any_message_comes_out_through_the_comment_policy(message in "[ -~]{0,200}") {
        let xml = small_export(&format!(
            "<post dsq:id=\"p\"><message><![CDATA[{}]]></message>\
             <createdAt>2026-01-02T03:04:05Z</createdAt><thread dsq:id=\"1\"/></post>",
            message.replace(']', "")
        ));
        let export = read_disqus_export(&xml).expect("reads");
        let html = &export.posts[0].message_html;
        prop_assert_eq!(html, &gazette_formats::comment_html_from_foreign(html));
        prop_assert!(!html.contains("<script"), "{}", html);
    }
}
