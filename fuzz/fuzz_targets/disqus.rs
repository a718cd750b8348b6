//! The Disqus export reader (`read_disqus_export`). Input that is not an export is placed
//! in a small one that has two threads and a post: as more threads and posts, as a
//! post's message in CDATA, or as a post's message written straight into the XML,
//! chosen by the first byte.
//!
//! Whatever it returns holds what the reader documents: every thread and post id once;
//! every post's thread in the export; every parent a post of the same thread, and no
//! post its own ancestor; every message within the comment policy. Errors say why.
#![no_main]

use gazette_formats::{read_disqus_export, DisqusExport};
use gazette_fuzz::{check_comment_html, check_error, on_worker_stack, shaped};
use libfuzzer_sys::fuzz_target;
use std::collections::{HashMap, HashSet};

const EXPORT: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
    <disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\
    <thread dsq:id=\"t1\"><link>https://news.example.org/1</link>\
    <createdAt>2026-01-01T00:00:00Z</createdAt></thread>\
    <thread dsq:id=\"t2\"><link>https://news.example.org/2</link>\
    <createdAt>2026-01-01T00:00:00Z</createdAt></thread>\
    <post dsq:id=\"p1\"><message><![CDATA[<p>first</p>]]></message>\
    <createdAt>2026-01-02T03:04:05Z</createdAt><thread dsq:id=\"t1\"/></post>";
const POST: &str = "<post dsq:id=\"fuzz\"><createdAt>2026-01-02T03:04:05Z</createdAt>\
    <thread dsq:id=\"t1\"/><parent dsq:id=\"p1\"/><message>";

fuzz_target!(|data: &[u8]| on_worker_stack(|| {
    let raw = data.windows(7).any(|w| w == b"<disqus");
    let input = if raw {
        data.to_vec()
    } else {
        let (choice, rest) = data.split_first().map_or((0, data), |(c, r)| (*c, r));
        match choice % 3 {
            0 => shaped(rest, false, EXPORT, "</disqus>"),
            1 => shaped(
                rest,
                false,
                &format!("{EXPORT}{POST}<![CDATA["),
                "]]></message></post></disqus>",
            ),
            _ => shaped(
                rest,
                false,
                &format!("{EXPORT}{POST}"),
                "</message></post></disqus>",
            ),
        }
    };
    match read_disqus_export(&input) {
        Ok(export) => check_export(&export),
        Err(error) => check_error(&error),
    }
}));

fn check_export(export: &DisqusExport) {
    let mut threads = HashSet::new();
    for thread in &export.threads {
        assert!(
            threads.insert(thread.dsq_id.as_str()),
            "thread {} twice",
            thread.dsq_id
        );
        check_comment_html(&thread.message_html, "a thread's message");
    }
    let mut posts = HashMap::new();
    for post in &export.posts {
        assert!(
            posts.insert(post.dsq_id.as_str(), post).is_none(),
            "post {} twice",
            post.dsq_id
        );
        assert!(
            threads.contains(post.thread_dsq_id.as_str()),
            "post {} of a thread not in the export",
            post.dsq_id
        );
        check_comment_html(&post.message_html, "a post's message");
    }
    for post in &export.posts {
        // Up the replies: each parent in the export and in the same thread, and the walk
        // ends at a top-level comment within as many steps as there are posts.
        let mut at = post;
        let mut steps = 0;
        while let Some(parent_id) = &at.parent_dsq_id {
            let parent = posts
                .get(parent_id.as_str())
                .unwrap_or_else(|| panic!("post {} answers a missing post", at.dsq_id));
            assert_eq!(
                parent.thread_dsq_id, at.thread_dsq_id,
                "a reply in another thread than its parent"
            );
            steps += 1;
            assert!(
                steps <= export.posts.len(),
                "post {} is among its own replies",
                post.dsq_id
            );
            at = *parent;
        }
    }
}
