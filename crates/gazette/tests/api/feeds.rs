//! Feed polling: configured feeds fetched by `serve` with conditional requests, backing
//! off when they fail, with a status `gazette feeds` shows.

use crate::helpers::*;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

on_both_backends!(
    a_feed_is_polled_conditionally_and_new_entries_appear,
    a_failing_feed_backs_off_and_says_why,
    two_nodes_fetch_each_scheduled_poll_once,
);

/// A feed publisher on loopback whose answers the test controls.
#[derive(Default)]
struct Publisher {
    items: Vec<(String, String)>,
    failing: bool,
    /// How long each answer takes: long enough for every node to try the feed meanwhile.
    delay: Duration,
    /// Every request: the If-None-Match it carried, and the status answered.
    log: Vec<(Option<String>, u16)>,
}

impl Publisher {
    fn etag(&self) -> String {
        format!("\"v{}\"", self.items.len())
    }

    fn rss(&self) -> String {
        let items: String = self
            .items
            .iter()
            .map(|(guid, title)| {
                format!(
                    "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title>\
                     <dc:creator>Greta Lind</dc:creator>\
                     <pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>\
                     <content:encoded><![CDATA[<p>{title}: the harbour office posted the notice \
                     this morning.</p><p>Details follow on the notice board.</p>]]></content:encoded></item>"
                )
            })
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Harbour Office</title>\
             <link>http://harbour.example/</link><description>Notices</description>{items}</channel></rss>"
        )
    }
}

type Shared = Arc<Mutex<Publisher>>;

async fn serve_feed(shared: axum::extract::State<Shared>, headers: HeaderMap) -> Response {
    let delay = shared.lock().expect("lock").delay;
    tokio::time::sleep(delay).await;
    let mut publisher = shared.lock().expect("lock");
    let asked = headers
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (status, response) = if publisher.failing {
        (503, StatusCode::SERVICE_UNAVAILABLE.into_response())
    } else if asked.as_deref() == Some(publisher.etag().as_str()) {
        (304, StatusCode::NOT_MODIFIED.into_response())
    } else {
        let response = (
            [
                ("etag", publisher.etag()),
                ("content-type", "application/rss+xml".into()),
            ],
            publisher.rss(),
        )
            .into_response();
        (200, response)
    };
    publisher.log.push((asked, status));
    response
}

async fn start_publisher(publisher: Publisher) -> (String, Shared) {
    let shared = Arc::new(Mutex::new(publisher));
    let app = axum::Router::new()
        .route("/notices.rss", get(serve_feed))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/notices.rss",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, shared)
}

fn feed_config(url: &str) -> gazette_app::FeedConfig {
    gazette_app::FeedConfig {
        url: url.to_owned(),
        source: gazette_app::SourceName::parse("harbour-office").expect("valid"),
        every_seconds: 1,
    }
}

async fn wait_until(what: &str, seconds: u64, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done() {
        assert!(Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_feed_is_polled_conditionally_and_new_entries_appear(backend: Backend) {
    let (url, publisher) = start_publisher(Publisher {
        items: vec![("notice-1".into(), "Berth 4 closed for dredging".into())],
        ..Publisher::default()
    })
    .await;
    let config = feed_config(&url);
    let app = spawn_app_with(backend, |c| c.feeds = vec![config]).await;

    let log = |p: &Shared| p.lock().expect("lock").log.clone();
    wait_until("a conditional poll answered 304", 10, || {
        log(&publisher).iter().any(|(_, status)| *status == 304)
    })
    .await;
    let requests = log(&publisher);
    assert_eq!(
        requests[0],
        (None, 200),
        "the first poll asks for everything"
    );
    assert_eq!(
        requests[1].0.as_deref(),
        Some("\"v1\""),
        "later polls send the ETag"
    );
    let (_, front) = app.get_text("/").await;
    assert!(front.contains("Berth 4 closed for dredging"), "{front}");

    publisher
        .lock()
        .expect("lock")
        .items
        .push(("notice-2".into(), "Fuel dock opens early".into()));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, front) = app.get_text("/").await;
        if front.contains("Fuel dock opens early") {
            break;
        }
        assert!(Instant::now() < deadline, "the new entry never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.count_rows("SELECT COUNT(*) FROM stories").await,
        2,
        "the first entry is not stored twice"
    );
}

async fn a_failing_feed_backs_off_and_says_why(backend: Backend) {
    let (url, publisher) = start_publisher(Publisher {
        failing: true,
        ..Publisher::default()
    })
    .await;
    let config = feed_config(&url);
    let app = spawn_app_with(backend, |c| c.feeds = vec![config.clone()]).await;
    // Polled every second while healthy; after failures it waits 2 s, then 4 s, 8 s…
    tokio::time::sleep(Duration::from_millis(6500)).await;
    let polls = publisher.lock().expect("lock").log.len();
    assert!(
        (2..=3).contains(&polls),
        "{polls} polls in 6.5 s: no backoff"
    );

    let config_file = app.data.path().join("gazette.toml");
    std::fs::write(
        &config_file,
        format!(
            "[[feeds]]\nurl = \"{}\"\nsource = \"harbour-office\"\nevery_seconds = 1\n",
            config.url
        ),
    )
    .expect("write config");
    let output = app
        .gazette()
        .arg("feeds")
        .arg("--config")
        .arg(&config_file)
        .args(app.store_args())
        .output()
        .expect("gazette feeds");
    let status = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{output:?}");
    assert!(status.contains("last outcome: HTTP 503"), "{status}");
    let polls_after = publisher.lock().expect("lock").log.len();
    let errors: usize = status
        .split("errors in a row: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("an error count");
    assert!(
        (polls..=polls_after).contains(&errors),
        "every poll failed and was counted: {status}"
    );
}

/// Two `gazette serve` nodes on one database, each polling the same feed: the lease lets
/// one fetch each scheduled poll, and a lease a dead node left runs out.
async fn two_nodes_fetch_each_scheduled_poll_once(backend: Backend) {
    let (url, publisher) = start_publisher(Publisher {
        items: vec![("notice-1".into(), "Berth 4 closed for dredging".into())],
        delay: Duration::from_millis(700),
        ..Publisher::default()
    })
    .await;
    let site = spawn_app(backend).await;
    let feed = gazette_app::FeedConfig {
        every_seconds: 3600,
        ..feed_config(&url)
    };
    let mut nodes = Vec::new();
    for _ in 0..2 {
        let config = gazette_app::Config {
            data: site.data_dir(),
            database_url: site.database_url.clone().map(gazette_app::Secret::new),
            feeds: vec![feed.clone()],
            ..gazette_app::Config::default()
        };
        let node = gazette_app::App::open(config).await.expect("open a node");
        nodes.push(tokio::spawn(node.run_feed_polling()));
    }
    let requests = |p: &Shared| p.lock().expect("lock").log.len();
    wait_until("the first poll", 10, || requests(&publisher) == 1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        requests(&publisher),
        1,
        "the first scheduled poll, fetched once"
    );

    site.execute("UPDATE feed_state SET next_poll_at = NULL")
        .await;
    wait_until("the second poll", 10, || requests(&publisher) == 2).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        requests(&publisher),
        2,
        "the next scheduled poll, fetched once"
    );

    // A node that died mid-poll holds the lease until it runs out.
    // RFC 3339, as the store writes times on SQLite; PostgreSQL reads it too.
    let until = rfc3339_in(3);
    site.execute(&format!(
        "UPDATE feed_state SET next_poll_at = NULL, lease_holder = 'dead-node', \
         lease_until = '{until}'"
    ))
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        requests(&publisher),
        2,
        "nobody polls under another's lease"
    );
    wait_until("a poll after the lease ran out", 10, || {
        requests(&publisher) == 3
    })
    .await;
    for node in nodes {
        node.abort();
    }
}
