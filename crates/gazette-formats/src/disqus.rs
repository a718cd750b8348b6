//! A Disqus export read into plain values, so a newsroom moving its comments to Gazette
//! keeps them: the forum, its threads (one per commented page) and every post with its
//! thread, its parent, its author, its date and its deleted and spam flags.
//!
//! The format is Disqus's "Exporting" documentation: a root `<disqus>` (namespace
//! `http://disqus.com`; ids in `dsq:id` attributes of `http://disqus.com/disqus-internals`)
//! holding `<category>`, `<thread>` and `<post>` elements in that order. A post names its
//! thread and its parent by `dsq:id` (`<thread dsq:id="…"/>`, `<parent dsq:id="…"/>`),
//! and its message is HTML (in CDATA), held here to the comment policy
//! ([`comment_html_from_foreign`]) on the way in.
//!
//! The export is read whole and checked whole: every id is unique, every post's thread
//! and parent exist, a reply is in its parent's thread and no post is its own ancestor.
//! What comes out is therefore a forest the importer can store without checking again;
//! a file that breaks one of these rules is refused with the place and the reason.
//!
//! The XML is read with the crate's safe reader ([`crate::xml`]): no DTD, entity
//! declarations refused, nesting limited, the declared encoding honoured.

use crate::comment_text::comment_html_from_foreign;
use crate::dates::parse_wire_datetime;
use crate::xml::{self, position_in, Element};
use crate::ReadError;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

const FORMAT: &str = "Disqus export";

/// What a Disqus export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisqusExport {
    /// The forum's short name (`<forum>` of the categories and threads).
    pub forum: Option<String>,
    /// In the export's order.
    pub threads: Vec<DisqusThread>,
    /// In the export's order, which is not always parents first.
    pub posts: Vec<DisqusPost>,
}

/// A commented page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisqusThread {
    /// Disqus's id of the thread (`dsq:id`), which posts refer to.
    pub dsq_id: String,
    /// The site's own identifier of the page (`<id>`, the embed's
    /// `disqus_identifier`); often absent, when the site gave none.
    pub identifier: Option<String>,
    pub forum: Option<String>,
    /// The `dsq:id` of the thread's category.
    pub category_dsq_id: Option<String>,
    /// The page's URL as Disqus saw it (query string and all): what threads are
    /// matched to articles by.
    pub link: Option<String>,
    pub title: Option<String>,
    /// The thread's own message, sanitised HTML; usually empty.
    pub message_html: String,
    pub created_at: OffsetDateTime,
    pub author: DisqusAuthor,
    pub ip_address: Option<String>,
    pub is_closed: bool,
    pub is_deleted: bool,
}

/// One comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisqusPost {
    /// Disqus's id of the post (`dsq:id`), which replies refer to.
    pub dsq_id: String,
    /// The `dsq:id` of its thread: always one of the export's threads.
    pub thread_dsq_id: String,
    /// The `dsq:id` of the post it answers, `None` for a top-level comment: always a
    /// post of the same thread, and never the post itself or one of its replies.
    pub parent_dsq_id: Option<String>,
    /// The message, sanitised with the comment policy.
    pub message_html: String,
    pub created_at: OffsetDateTime,
    pub is_deleted: bool,
    pub is_spam: bool,
    pub author: DisqusAuthor,
    pub ip_address: Option<String>,
}

/// Who wrote a post or opened a thread. Any part may be missing: guests give no
/// username, deleted accounts no name, and exports of some forums no e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisqusAuthor {
    pub name: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    /// A guest comment, not tied to a Disqus account.
    pub is_anonymous: bool,
}

/// Reads a Disqus export.
pub fn read_disqus_export(bytes: &[u8]) -> Result<DisqusExport, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let text = xml::decode(bytes)?;
    let root = xml::parse_text(&text, FORMAT)?;
    let reader = ExportReader { text: &text };
    reader.read(&root)
}

struct ExportReader<'a> {
    /// The decoded document, for the line and column of an error.
    text: &'a str,
}

impl ExportReader<'_> {
    fn read(&self, root: &Element) -> Result<DisqusExport, ReadError> {
        if root.name() != "disqus" {
            return Err(invalid(format!(
                "the root element is <{}>, not <disqus>",
                root.name()
            )));
        }
        let threads = root
            .children_named("thread")
            .map(|thread| self.thread(thread))
            .collect::<Result<Vec<_>, _>>()?;
        let posts = root
            .children_named("post")
            .map(|post| self.post(post))
            .collect::<Result<Vec<_>, _>>()?;
        let forum = root
            .children_named("category")
            .chain(root.children_named("thread"))
            .find_map(|element| element.child("forum").and_then(Element::text_opt));
        let export = DisqusExport {
            forum,
            threads,
            posts,
        };
        self.check_references(root, &export)?;
        Ok(export)
    }

    fn thread(&self, element: &Element) -> Result<DisqusThread, ReadError> {
        let dsq_id = self.dsq_id(element)?;
        Ok(DisqusThread {
            identifier: field(element, "id"),
            forum: field(element, "forum"),
            category_dsq_id: element
                .child("category")
                .and_then(|category| category.attr("id"))
                .map(str::to_owned),
            link: field(element, "link"),
            title: field(element, "title"),
            message_html: message_html(element),
            created_at: self.created_at(element, &dsq_id)?,
            author: self.author(element, &dsq_id)?,
            ip_address: field(element, "ipAddress"),
            is_closed: self.flag(element, "isClosed", &dsq_id)?,
            is_deleted: self.flag(element, "isDeleted", &dsq_id)?,
            dsq_id,
        })
    }

    fn post(&self, element: &Element) -> Result<DisqusPost, ReadError> {
        let dsq_id = self.dsq_id(element)?;
        let thread_dsq_id = element
            .child("thread")
            .and_then(|thread| thread.attr("id"))
            .ok_or_else(|| {
                self.invalid_at(
                    element,
                    format!("<post dsq:id=\"{dsq_id}\"> has no <thread dsq:id=\"…\"/>"),
                )
            })?
            .to_owned();
        let parent_dsq_id = match element.child("parent") {
            None => None,
            Some(parent) => Some(
                parent
                    .attr("id")
                    .ok_or_else(|| {
                        self.invalid_at(
                            parent,
                            format!("the <parent> of post {dsq_id} has no dsq:id"),
                        )
                    })?
                    .to_owned(),
            ),
        };
        Ok(DisqusPost {
            thread_dsq_id,
            parent_dsq_id,
            message_html: message_html(element),
            created_at: self.created_at(element, &dsq_id)?,
            is_deleted: self.flag(element, "isDeleted", &dsq_id)?,
            is_spam: self.flag(element, "isSpam", &dsq_id)?,
            author: self.author(element, &dsq_id)?,
            ip_address: field(element, "ipAddress"),
            dsq_id,
        })
    }

    fn dsq_id(&self, element: &Element) -> Result<String, ReadError> {
        element.attr("id").map(str::to_owned).ok_or_else(|| {
            self.invalid_at(element, format!("a <{}> has no dsq:id", element.name()))
        })
    }

    fn created_at(&self, element: &Element, dsq_id: &str) -> Result<OffsetDateTime, ReadError> {
        let name = element.name();
        let Some(created) = element.child("createdAt") else {
            return Err(self.invalid_at(element, format!("{name} {dsq_id} has no <createdAt>")));
        };
        let text = created.text();
        parse_wire_datetime(&text).ok_or_else(|| {
            self.invalid_at(
                created,
                format!("the <createdAt> of {name} {dsq_id}, \"{text}\", is not a date"),
            )
        })
    }

    fn author(&self, element: &Element, dsq_id: &str) -> Result<DisqusAuthor, ReadError> {
        let Some(author) = element.child("author") else {
            return Ok(DisqusAuthor::default());
        };
        Ok(DisqusAuthor {
            name: field(author, "name"),
            email: field(author, "email"),
            username: field(author, "username"),
            is_anonymous: self.flag(author, "isAnonymous", dsq_id)?,
        })
    }

    /// A `true`/`false` field; absent is false.
    fn flag(&self, element: &Element, name: &str, dsq_id: &str) -> Result<bool, ReadError> {
        let Some(flag) = element.child(name) else {
            return Ok(false);
        };
        match flag.text().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" | "" => Ok(false),
            other => Err(self.invalid_at(
                flag,
                format!("<{name}> of {dsq_id} is \"{other}\", not true or false"),
            )),
        }
    }

    /// Every id once; every post's thread and parent in the export; a reply in its
    /// parent's thread; no post its own ancestor.
    fn check_references(&self, root: &Element, export: &DisqusExport) -> Result<(), ReadError> {
        let thread_elements: Vec<&Element> = root.children_named("thread").collect();
        let post_elements: Vec<&Element> = root.children_named("post").collect();
        let mut threads = HashSet::new();
        for (thread, element) in export.threads.iter().zip(&thread_elements) {
            if !threads.insert(thread.dsq_id.as_str()) {
                return Err(self.invalid_at(
                    element,
                    format!("a second <thread dsq:id=\"{}\">", thread.dsq_id),
                ));
            }
        }
        let mut posts: HashMap<&str, &DisqusPost> = HashMap::new();
        for (post, element) in export.posts.iter().zip(&post_elements) {
            if posts.insert(post.dsq_id.as_str(), post).is_some() {
                return Err(self.invalid_at(
                    element,
                    format!("a second <post dsq:id=\"{}\">", post.dsq_id),
                ));
            }
        }
        for (post, element) in export.posts.iter().zip(&post_elements) {
            if !threads.contains(post.thread_dsq_id.as_str()) {
                return Err(self.invalid_at(
                    element,
                    format!(
                        "post {} belongs to thread {}, which is not in the export",
                        post.dsq_id, post.thread_dsq_id
                    ),
                ));
            }
            let Some(parent_id) = &post.parent_dsq_id else {
                continue;
            };
            let Some(parent) = posts.get(parent_id.as_str()) else {
                return Err(self.invalid_at(
                    element,
                    format!(
                        "post {} answers post {parent_id}, which is not in the export",
                        post.dsq_id
                    ),
                ));
            };
            if parent.thread_dsq_id != post.thread_dsq_id {
                return Err(self.invalid_at(
                    element,
                    format!(
                        "post {} (thread {}) answers post {parent_id} of another thread ({})",
                        post.dsq_id, post.thread_dsq_id, parent.thread_dsq_id
                    ),
                ));
            }
        }
        // Walk up from each post; a post met twice on one walk is in a cycle. Posts whose
        // ancestry is known to end at a top-level comment are not walked again.
        let mut rooted: HashSet<&str> = HashSet::new();
        for (post, element) in export.posts.iter().zip(&post_elements) {
            let mut walk: HashSet<&str> = HashSet::new();
            let mut at = post;
            loop {
                if rooted.contains(at.dsq_id.as_str()) {
                    break;
                }
                if !walk.insert(&at.dsq_id) {
                    return Err(self.invalid_at(
                        element,
                        format!("post {} is among its own replies", at.dsq_id),
                    ));
                }
                match at.parent_dsq_id.as_deref().and_then(|id| posts.get(id)) {
                    Some(parent) => at = parent,
                    None => break,
                }
            }
            rooted.extend(walk);
        }
        Ok(())
    }

    fn invalid_at(&self, element: &Element, reason: String) -> ReadError {
        invalid(format!(
            "{}: {reason}",
            position_in(self.text, element.offset())
        ))
    }
}

fn invalid(reason: String) -> ReadError {
    ReadError::Invalid {
        format: FORMAT,
        reason,
    }
}

/// A child's text, `None` when absent or blank.
fn field(element: &Element, name: &str) -> Option<String> {
    element.child(name).and_then(Element::text_opt)
}

/// The `<message>` as sanitised HTML. Its character data is the HTML (CDATA or escaped
/// text alike); elements written straight into it, which the format does not foresee,
/// are taken as markup.
fn message_html(element: &Element) -> String {
    let Some(message) = element.child("message") else {
        return String::new();
    };
    let html = if message.has_elements() {
        message.inner_markup()
    } else {
        message.plain_text()
    };
    comment_html_from_foreign(html.trim())
}
