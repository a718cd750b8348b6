//! Wire pictures copied by `serve` and served from `/media/`: a loopback server plays the
//! wire's picture host, and no page ever points a reader's browser at it.

use crate::helpers::*;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use std::time::{Duration, Instant};

on_both_backends!(
    a_wire_picture_is_copied_and_served_from_the_site,
    pictures_that_cannot_be_copied_fail_with_a_reason_and_show_no_remote_address,
    pictures_on_the_machine_or_its_network_are_not_fetched_by_default,
);

/// Larger than any picture the tests copy, smaller than the oversize one.
const MAX_BYTES: u64 = 50_000;

/// A valid PNG of `width` × `height` pixels of one colour: signature, IHDR, one IDAT
/// holding an uncompressed zlib stream, IEND, each chunk with its CRC.
fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let columns = usize::try_from(width).expect("small");
    let mut row = vec![0]; // filter type: none
    row.extend(rgb.repeat(columns));
    let pixels = row.repeat(usize::try_from(height).expect("small"));
    let length = u16::try_from(pixels.len()).expect("a tiny picture");
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&length.to_le_bytes());
    zlib.extend_from_slice(&(!length).to_le_bytes());
    zlib.extend_from_slice(&pixels);
    zlib.extend_from_slice(&adler32(&pixels).to_be_bytes());
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", header), (b"IDAT", zlib), (b"IEND", Vec::new())] {
        file.extend_from_slice(&u32::try_from(data.len()).expect("small").to_be_bytes());
        let mut checked = kind.to_vec();
        checked.extend_from_slice(&data);
        file.extend_from_slice(&checked);
        file.extend_from_slice(&crc32(&checked).to_be_bytes());
    }
    file
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in bytes {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// The wire's picture host on loopback; returns its origin (`http://127.0.0.1:PORT`).
async fn start_picture_host() -> String {
    let oversize = {
        let mut bytes = png(1, 1, [0, 0, 0]);
        bytes.resize(usize::try_from(MAX_BYTES).expect("small") * 2, 0);
        bytes
    };
    let app = axum::Router::new()
        .route(
            "/photos/ferry.png",
            get(|| async { ([("content-type", "image/png")], png(3, 2, [20, 90, 160])) }),
        )
        .route(
            "/photos/gone.png",
            get(|| async { StatusCode::NOT_FOUND.into_response() }),
        )
        .route(
            // A picture's header with a web page's body.
            "/photos/page.png",
            get(|| async {
                (
                    [("content-type", "image/png")],
                    "<html><body>Log in to see this picture</body></html>",
                )
            }),
        )
        .route(
            "/photos/huge.png",
            get(move || async move { ([("content-type", "image/png")], oversize) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    origin
}

/// A ninjs story whose associations are pictures at these addresses.
fn story_with_pictures(uri: &str, headline: &str, pictures: &[(&str, &str)]) -> String {
    let associations: serde_json::Map<String, serde_json::Value> = pictures
        .iter()
        .enumerate()
        .map(|(i, (href, caption))| {
            let picture = serde_json::json!({
                "type": "picture",
                "headline": caption,
                "byline": "Lena Park",
                "descriptions": [{"role": "alt", "value": format!("Alt text {i}")}],
                "renditions": {"original": {"href": href, "mimetype": "image/png"}},
            });
            (format!("picture{i}"), picture)
        })
        .collect();
    ninjs(
        uri,
        1,
        headline,
        "The harbour ferry ran its first night service on Friday.",
        serde_json::json!({ "associations": associations }),
    )
}

async fn eventually<F: std::future::Future<Output = bool>>(
    what: &str,
    mut done: impl FnMut() -> F,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every `src="…"` of a page.
fn sources(html: &str) -> Vec<&str> {
    html.split("src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

fn assert_nothing_off_site(html: &str, origin: &str) {
    assert!(
        !html.contains(origin),
        "the wire host's address is on the page"
    );
    for src in sources(html) {
        assert!(
            src.starts_with('/') && !src.starts_with("//"),
            "src={src:?} points off the site"
        );
    }
}

async fn a_wire_picture_is_copied_and_served_from_the_site(backend: Backend) {
    let origin = start_picture_host().await;
    let app = spawn_app_with(backend, |c| {
        c.media.max_bytes = MAX_BYTES;
        // The test's picture host is on loopback.
        c.media.private_addresses = true;
    })
    .await;
    let original = format!("{origin}/photos/ferry.png");
    let file = app.write(
        "ferry.json",
        &story_with_pictures(
            "urn:harbor:ferry",
            "Night ferry starts",
            &[(&original, "The ferry at dawn")],
        ),
    );
    let url = app.ingest_one(&file, "published").url.expect("url");

    let (status, before) = app.get_text(&url).await;
    assert_eq!(status, 200);
    assert_nothing_off_site(&before, &origin);

    eventually(
        "the picture is copied and the page shows the copy",
        || async { app.get_text(&url).await.1.contains("src=\"/media/") },
    )
    .await;
    let (_, page) = app.get_text(&url).await;
    assert_nothing_off_site(&page, &origin);
    assert!(page.contains("alt=\"Alt text 0\""), "alt text stays");
    assert!(page.contains("The ferry at dawn"), "caption stays");
    assert!(page.contains("Lena Park"), "credit stays");
    assert!(!page.contains("Picture not available yet"));
    let local = sources(&page)
        .into_iter()
        .find(|src| src.starts_with("/media/"))
        .expect("an img from /media/")
        .to_owned();
    assert!(local.ends_with(".png"), "{local}");
    assert_eq!(
        app.count_rows(
            "SELECT COUNT(*) FROM media WHERE state = 'fetched' AND width = 3 AND height = 2 \
             AND content_type = 'image/png'"
        )
        .await,
        1
    );

    let response = app
        .raw_client
        .get(app.url(&local))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "image/png");
    assert!(header("cache-control").contains("immutable"));
    let etag = header("etag");
    assert!(
        local.contains(etag.trim_matches('"')),
        "the ETag is the hash"
    );
    assert_eq!(
        response.bytes().await.expect("body").to_vec(),
        png(3, 2, [20, 90, 160])
    );

    let revalidated = app
        .raw_client
        .get(app.url(&local))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(revalidated.status(), 304);
    let head = app
        .raw_client
        .head(app.url(&local))
        .send()
        .await
        .expect("HEAD");
    assert_eq!(head.status(), 200);
    assert_eq!(head.bytes().await.expect("body").len(), 0);

    let unknown = local.replace(".png", ".jpg");
    let hash = local.trim_start_matches("/media/").trim_end_matches(".png");
    for path in [
        unknown,
        format!("/media/{}.png", "0".repeat(64)),
        format!("/media/{}.png", hash.to_uppercase()),
        format!("/media/..%2F{hash}.png"),
        "/media/..%2F..%2Fgazette.sqlite".to_owned(),
        "/media/../gazette.sqlite".to_owned(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
}

async fn pictures_that_cannot_be_copied_fail_with_a_reason_and_show_no_remote_address(
    backend: Backend,
) {
    let origin = start_picture_host().await;
    let app = spawn_app_with(backend, |c| {
        c.media.max_bytes = MAX_BYTES;
        // The test's picture host is on loopback.
        c.media.private_addresses = true;
    })
    .await;
    let file = app.write(
        "broken.json",
        &story_with_pictures(
            "urn:harbor:broken",
            "Storm closes the harbour",
            &[
                (&format!("{origin}/photos/gone.png"), "Waves at the pier"),
                (&format!("{origin}/photos/page.png"), "The closed gate"),
                (
                    &format!("{origin}/photos/huge.png"),
                    "The harbour from above",
                ),
            ],
        ),
    );
    let url = app.ingest_one(&file, "published").url.expect("url");

    eventually("the three pictures failed", || async {
        app.count_rows("SELECT COUNT(*) FROM media WHERE state = 'failed'")
            .await
            == 3
    })
    .await;
    for (path, reason) in [
        ("gone.png", "HTTP 404%"),
        ("page.png", "not a JPEG, PNG, GIF, WebP or AVIF image"),
        ("huge.png", "larger than 50000 bytes (media.max_bytes)"),
    ] {
        let sql = format!(
            "SELECT COUNT(*) FROM media WHERE source_url = '{origin}/photos/{path}' \
             AND failure LIKE '{reason}' AND attempts = 1 AND sha256 IS NULL"
        );
        assert_eq!(app.count_rows(&sql).await, 1, "{path}: {reason}");
    }
    let files = walk_files(&app.data_dir().join("media"));
    assert!(
        files.is_empty(),
        "nothing is kept of a failed picture: {files:?}"
    );

    let (status, page) = app.get_text(&url).await;
    assert_eq!(status, 200);
    assert_nothing_off_site(&page, &origin);
    assert!(!page.contains("<img"), "no picture to show");
    assert_eq!(count(&page, "Picture not available yet"), 3);
    for caption in [
        "Waves at the pier",
        "The closed gate",
        "The harbour from above",
    ] {
        assert!(page.contains(caption), "{caption}");
    }
}

/// A picture's address comes from a story: by default it may not point Gazette at the
/// machine itself (or its network), by number or by a name that resolves there.
async fn pictures_on_the_machine_or_its_network_are_not_fetched_by_default(backend: Backend) {
    let origin = start_picture_host().await;
    let by_name = origin.replace("127.0.0.1", "localhost");
    let app = spawn_app(backend).await;
    let file = app.write(
        "inside.json",
        &story_with_pictures(
            "urn:harbor:inside",
            "Harbour office opens new counter",
            &[
                (&format!("{origin}/photos/ferry.png"), "The new counter"),
                (&format!("{by_name}/photos/ferry.png"), "The queue"),
            ],
        ),
    );
    app.ingest_one(&file, "published");
    eventually("both pictures failed", || async {
        app.count_rows("SELECT COUNT(*) FROM media WHERE state = 'failed'")
            .await
            == 2
    })
    .await;
    for (url, reason) in [
        (
            format!("{origin}/photos/ferry.png"),
            "127.0.0.1 is not a public address%",
        ),
        (
            format!("{by_name}/photos/ferry.png"),
            "%localhost has no public address%",
        ),
    ] {
        let sql = format!(
            "SELECT COUNT(*) FROM media WHERE source_url = '{url}' AND failure LIKE '{reason}'"
        );
        assert_eq!(app.count_rows(&sql).await, 1, "{url}: {reason}");
    }
    assert!(walk_files(&app.data_dir().join("media")).is_empty());
}

fn walk_files(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk_files(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
