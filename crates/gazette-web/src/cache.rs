//! Rendered pages kept in memory, and the HTTP around them: ETag and Last-Modified with
//! 304s, Cache-Control, and gzip/brotli bodies compressed once per rendering instead of
//! once per request.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// A page rendered once, served many times.
pub struct RenderedPage {
    identity: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
    content_type: HeaderValue,
    /// Quoted hash of the identity body; encodings add a suffix.
    etag: String,
    /// The ETag header of each encoding, made once: identity, gzip, brotli.
    etag_headers: [HeaderValue; 3],
    last_modified: Option<HeaderValue>,
    last_modified_secs: Option<i64>,
    cache_control: HeaderValue,
    generation: u64,
    /// The navigation generation the page's section menu was rendered at.
    navigation: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl RenderedPage {
    pub fn new(
        body: impl Into<Bytes>,
        content_type: &'static str,
        last_modified_secs: Option<i64>,
        cache_control: HeaderValue,
        generation: u64,
    ) -> Self {
        let identity = body.into();
        let digest = Sha256::digest(&identity);
        let etag = format!("\"{}\"", hex::encode(&digest[..12]));
        let last_modified = last_modified_secs.and_then(|secs| {
            let time =
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(secs).ok()?);
            HeaderValue::from_str(&httpdate::fmt_http_date(time)).ok()
        });
        let etag_header = |suffix: &str| {
            let tag = format!("{}{suffix}\"", etag.trim_end_matches('"'));
            HeaderValue::from_str(&tag).expect("hex digits make a valid header")
        };
        let etag_headers = [etag_header(""), etag_header("-gz"), etag_header("-br")];
        Self {
            identity,
            etag_headers,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            content_type: HeaderValue::from_static(content_type),
            etag,
            last_modified,
            last_modified_secs,
            cache_control,
            generation,
            navigation: 0,
        }
    }

    /// Records the navigation generation the page's section menu was rendered at.
    pub fn with_navigation(mut self, navigation: u64) -> Self {
        self.navigation = navigation;
        self
    }

    /// Bytes this page may come to hold, so the cache keeps to its budget: the page, its
    /// gzip and brotli forms (made on first request, each at most about half of a page of
    /// plain prose, a third of one of ours), and about 1 KB for the entry's headers, key
    /// and bookkeeping. Weighing the compressed forms as made would mean making both for
    /// every page cached, and the compressors' scratch memory outweighs what it saves.
    pub fn weight(&self) -> u32 {
        u32::try_from(self.identity.len() * 2 + 1024).unwrap_or(u32::MAX)
    }

    fn body(&self, encoding: Encoding) -> Bytes {
        match encoding {
            Encoding::Identity => self.identity.clone(),
            Encoding::Gzip => self.gzip.get_or_init(|| gzip(&self.identity)).clone(),
            Encoding::Brotli => self.brotli.get_or_init(|| brotli(&self.identity)).clone(),
        }
    }

    fn etag_for(&self, encoding: Encoding) -> &HeaderValue {
        match encoding {
            Encoding::Identity => &self.etag_headers[0],
            Encoding::Gzip => &self.etag_headers[1],
            Encoding::Brotli => &self.etag_headers[2],
        }
    }

    /// The response to a GET or HEAD with these request headers. Built directly, with
    /// every header value made in advance: this is the hot path of the site.
    pub fn respond(&self, status: StatusCode, request: &HeaderMap) -> Response {
        let encoding = preferred_encoding(request);
        let not_modified = status == StatusCode::OK && self.not_modified(request);
        let mut response = if not_modified {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            response
        } else {
            let mut response = Response::new(Body::from(self.body(encoding)));
            *response.status_mut() = status;
            response
        };
        let headers = response.headers_mut();
        headers.reserve(7);
        headers.insert(header::CACHE_CONTROL, self.cache_control.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(header::ETAG, self.etag_for(encoding).clone());
        if let Some(value) = &self.last_modified {
            headers.insert(header::LAST_MODIFIED, value.clone());
        }
        if not_modified {
            return response;
        }
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        match encoding {
            Encoding::Identity => {}
            Encoding::Gzip => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            Encoding::Brotli => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
        }
        response
    }

    /// RFC 9110 §13.1: If-None-Match wins over If-Modified-Since. Any representation's
    /// tag matches, since all encodings share one content.
    fn not_modified(&self, request: &HeaderMap) -> bool {
        if let Some(value) = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            let base = self.etag.trim_end_matches('"');
            return value.split(',').map(str::trim).any(|tag| {
                let tag = tag.trim_start_matches("W/");
                tag == "*" || tag.starts_with(base)
            });
        }
        let since = request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok());
        match (since, self.last_modified_secs) {
            (Some(since), Some(modified)) => since
                .duration_since(std::time::UNIX_EPOCH)
                .is_ok_and(|since| since.as_secs() as i64 >= modified),
            _ => false,
        }
    }
}

/// Brotli when the client takes it, then gzip; `q=0` refuses a coding (RFC 9110 §12.5.3).
fn preferred_encoding(request: &HeaderMap) -> Encoding {
    let Some(accept) = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    let accepts = |coding: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                let p = p.trim();
                p.strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            name.eq_ignore_ascii_case(coding) && !refused
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::new(6),
    );
    encoder
        .write_all(body)
        .expect("writing to a Vec cannot fail");
    exact(encoder.finish().expect("writing to a Vec cannot fail"))
}

/// The cache keeps what a `Bytes` holds, and one made from a `Vec` holds its whole
/// allocation: a compressed page that outgrew its first guess would keep up to twice
/// its size.
fn exact(mut body: Vec<u8>) -> Bytes {
    body.shrink_to_fit();
    Bytes::from(body)
}

fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 3);
    // Measured on our article pages (8–30 KB): quality 6 with a 128 KiB window compresses
    // within 1% of quality 9 in 0.3 ms instead of 13 ms, and allocates far less; quality
    // 11 is some 15% smaller but takes 20–75 ms, on the request's own thread. A window of
    // 64 KiB (lgwin 16) switches the encoder to hashers that take 15 ms a page; a window
    // larger than the page only costs memory.
    let fits = usize::BITS - body.len().max(1).leading_zeros();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 6,
        lgwin: i32::try_from(fits.clamp(17, 22)).unwrap_or(22),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params)
        .expect("compressing in memory cannot fail");
    exact(out)
}

/// The generations of the change log and of the section menu a page was rendered at.
#[derive(Clone, Copy)]
pub struct Stamp {
    pub changes: u64,
    pub navigation: u64,
}

/// Pages by path. Article pages are dropped when their story changes, and are valid
/// only for the navigation generation they were rendered at, since every page carries
/// the section menu; list pages (front, sections, authors) depend on many stories and
/// are valid only for the generation of the change log they were rendered at.
pub struct PageCache {
    articles: moka::sync::Cache<String, Arc<RenderedPage>>,
    lists: moka::sync::Cache<String, Arc<RenderedPage>>,
    generation: AtomicU64,
    /// Moves on when the section menu changes (a section appears, goes or is renamed),
    /// which is rare: one compare keeps the article hot path a hash lookup.
    navigation: AtomicU64,
}

impl PageCache {
    pub fn new(max_bytes: u64) -> Self {
        let build = |bytes: u64| {
            moka::sync::Cache::builder()
                .max_capacity(bytes)
                .weigher(|_key: &String, page: &Arc<RenderedPage>| page.weight())
                .build()
        };
        Self {
            articles: build(max_bytes * 3 / 4),
            lists: build(max_bytes / 4),
            generation: AtomicU64::new(0),
            navigation: AtomicU64::new(0),
        }
    }

    /// Both generations, read before loading what a page shows: a change meanwhile
    /// makes the page stale.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            changes: self.generation(),
            navigation: self.navigation(),
        }
    }

    /// Read before loading the section menu a page shows.
    pub fn navigation(&self) -> u64 {
        self.navigation.load(Ordering::Acquire)
    }

    /// The section menu changed: every article page shows the old one.
    pub fn navigation_changed(&self) {
        self.navigation.fetch_add(1, Ordering::AcqRel);
    }

    /// Read before rendering: a page rendered from data older than a change that lands
    /// meanwhile is dropped, never served.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn article(&self, slug: &str) -> Option<Arc<RenderedPage>> {
        self.articles
            .get(slug)
            .filter(|page| page.navigation == self.navigation())
    }

    pub fn list(&self, path: &str) -> Option<Arc<RenderedPage>> {
        self.lists
            .get(path)
            .filter(|page| page.generation == self.generation())
    }

    pub fn insert_article(&self, slug: String, page: Arc<RenderedPage>) {
        let rendered_at = page.generation;
        self.articles.insert(slug.clone(), page);
        if self.generation() != rendered_at {
            self.articles.invalidate(&slug);
        }
    }

    pub fn insert_list(&self, path: String, page: Arc<RenderedPage>) {
        self.lists.insert(path, page);
    }

    /// Something a list shows changed here: every list is stale now, before the change
    /// log says so, so the writer reads what it wrote.
    pub fn lists_changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// A story changed: its page and every list are stale.
    pub fn story_changed(&self, slug: &str) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.articles.invalidate(slug);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> RenderedPage {
        RenderedPage::new(
            "<p>hello</p>".repeat(100),
            "text/html; charset=utf-8",
            Some(1_700_000_000),
            HeaderValue::from_static("public, max-age=60"),
            0,
        )
    }

    /// A page that compresses like our articles: three of the demo's fictional stories
    /// (prose, names, figures) in markup, about 8 KB. A made-up text of few words would
    /// compress several times better and prove nothing.
    fn article_like_page() -> RenderedPage {
        let stories = [
            include_str!("../../gazette/demo/01-port-alder-night-buses.txt"),
            include_str!("../../gazette/demo/02-orrin-valley-empty-homes-tax.txt"),
            include_str!("../../gazette/demo/03-wrenfield-bakers-buy-mill.txt"),
        ];
        let mut html = String::from("<!doctype html><main><article>");
        for line in stories.iter().flat_map(|story| story.lines()) {
            if !line.trim().is_empty() {
                html.push_str(&format!("<p>{}</p>\n", line.trim()));
            }
        }
        RenderedPage::new(
            html,
            "text/html; charset=utf-8",
            None,
            HeaderValue::from_static("public, max-age=60"),
            0,
        )
    }

    #[test]
    fn a_page_weighs_at_least_what_it_comes_to_hold_with_both_compressed_forms() {
        let page = article_like_page();
        let held = page.body(Encoding::Identity).len()
            + page.body(Encoding::Gzip).len()
            + page.body(Encoding::Brotli).len();
        let weight = page.weight() as usize;
        assert!(weight >= held, "weight {weight} < {held} bytes held");
    }

    #[test]
    fn brotli_bodies_decode_to_the_page() {
        let page = article_like_page();
        let compressed = page.body(Encoding::Brotli);
        assert!(compressed.len() < page.body(Encoding::Identity).len() / 2);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &compressed[..], &mut decoded).expect("valid brotli");
        assert_eq!(decoded, page.body(Encoding::Identity));
    }

    fn request(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_str(value).expect("header"));
        }
        headers
    }

    #[test]
    fn picks_brotli_then_gzip_and_honours_q_zero() {
        assert!(
            preferred_encoding(&request(&[("accept-encoding", "gzip, deflate, br")]))
                == Encoding::Brotli
        );
        assert!(
            preferred_encoding(&request(&[("accept-encoding", "gzip, br;q=0")])) == Encoding::Gzip
        );
        assert!(
            preferred_encoding(&request(&[("accept-encoding", "identity")])) == Encoding::Identity
        );
        assert!(preferred_encoding(&request(&[])) == Encoding::Identity);
    }

    #[test]
    fn etag_of_any_encoding_gives_304() {
        let page = page();
        let tag = page
            .etag_for(Encoding::Gzip)
            .to_str()
            .expect("ascii")
            .to_owned();
        let response = page.respond(StatusCode::OK, &request(&[("if-none-match", &tag)]));
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
        let response = page.respond(StatusCode::OK, &request(&[("if-none-match", "\"other\"")]));
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[test]
    fn if_modified_since_at_or_after_last_modified_gives_304() {
        let page = page();
        let at = httpdate::fmt_http_date(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
        );
        let response = page.respond(StatusCode::OK, &request(&[("if-modified-since", &at)]));
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
        let earlier = httpdate::fmt_http_date(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000),
        );
        let response = page.respond(StatusCode::OK, &request(&[("if-modified-since", &earlier)]));
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[test]
    fn a_list_rendered_before_a_change_is_not_served_after_it() {
        let cache = PageCache::new(1 << 20);
        let before = cache.generation();
        cache.story_changed("some-story");
        cache.insert_list(
            "/".into(),
            Arc::new(RenderedPage::new(
                "x",
                "text/html",
                None,
                HeaderValue::from_static("x"),
                before,
            )),
        );
        assert!(cache.list("/").is_none());
    }

    #[test]
    fn an_article_rendered_with_an_older_menu_is_not_served() {
        let cache = PageCache::new(1 << 20);
        let article = |navigation| {
            Arc::new(
                RenderedPage::new("x", "text/html", None, HeaderValue::from_static("x"), 0)
                    .with_navigation(navigation),
            )
        };
        cache.insert_article("story".into(), article(cache.navigation()));
        assert!(cache.article("story").is_some());
        let before = cache.navigation();
        cache.navigation_changed();
        assert!(cache.article("story").is_none(), "the old menu is stale");
        cache.insert_article("story".into(), article(before));
        assert!(
            cache.article("story").is_none(),
            "rendered before the change, inserted after it"
        );
        cache.insert_article("story".into(), article(cache.navigation()));
        assert!(cache.article("story").is_some());
    }
}
