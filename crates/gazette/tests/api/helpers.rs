//! `spawn_app`: the real server on port 0 with a fresh data folder, and a fresh
//! PostgreSQL database when that backend is tested; and the real `gazette` binary for
//! command-line checks.

use gazette_app::Config;
use gazette_web::Application;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use tempfile::TempDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one test per backend from `async fn name(backend: Backend)`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::helpers::postgres_is_skipped(concat!(module_path!(), "::", stringify!($name))) {
                        return;
                    }
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;

/// The PostgreSQL server tests create their databases on, e.g.
/// `postgres://postgres@127.0.0.1:5432`. Required unless GAZETTE_TEST_SKIP_POSTGRES=1,
/// and then every skipped test says so on the terminal: the line is written to the
/// process's stderr directly, which cargo's output capture (it takes only `print!` and
/// `eprint!`) does not swallow. Cargo still reports such a test as `ok`.
pub fn postgres_is_skipped(test: &str) -> bool {
    use std::io::Write;
    if std::env::var("GAZETTE_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        // One write, so the line is not split by the test runner's own lines.
        let line =
            format!("SKIPPED {test}: not run on PostgreSQL (GAZETTE_TEST_SKIP_POSTGRES=1)\n");
        let _ = std::io::stderr().write_all(line.as_bytes());
        return true;
    }
    false
}

fn postgres_server_url() -> String {
    std::env::var("GAZETTE_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "GAZETTE_TEST_DATABASE_URL is not set: point it at a PostgreSQL server \
             (postgres://postgres@127.0.0.1:5432) or set GAZETTE_TEST_SKIP_POSTGRES=1; \
             scripts/test sets it for you"
        )
    })
}

/// Creates an empty database of its own for one test, dropped again when the guard is.
/// The name starts with the time of creation (`gazette_test_<unix seconds>_<random>`), so
/// `scripts/test` can clear what a killed run left behind without touching the databases
/// of runs still going.
pub async fn fresh_postgres_database() -> (String, DatabaseGuard) {
    use sqlx::Connection;
    let server = postgres_server_url();
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    // The last 48 bits of a UUIDv7 are random.
    let random = uuid::Uuid::now_v7().simple().to_string();
    let name = format!("gazette_test_{created}_{}", &random[20..]);
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("connect to the PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create the test database");
    let url = format!("{server}/{name}");
    (url, DatabaseGuard { server, name })
}

/// Drops a test's own database when the test ends, passed or failed. Best effort: a
/// database left behind (the process was killed) is cleared by `scripts/test` an hour
/// later.
pub struct DatabaseGuard {
    server: String,
    name: String,
}

impl Drop for DatabaseGuard {
    fn drop(&mut self) {
        use sqlx::Connection;
        let (server, name) = (self.server.clone(), self.name.clone());
        // The test's own runtime cannot be blocked on from inside it: a thread of its
        // own with a runtime of its own drops the database. FORCE ends the connections
        // the test's server still holds.
        let dropping = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
                    .await
                    .ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .ok()
            })
        });
        let _ = dropping.join();
    }
}

pub struct TestApp {
    pub address: String,
    pub data: TempDir,
    pub database_url: Option<String>,
    /// Decompresses bodies, as browsers do.
    pub client: reqwest::Client,
    /// Shows bodies and headers exactly as sent.
    pub raw_client: reqwest::Client,
    /// Last, so the database goes after everything that uses it.
    _database: Option<DatabaseGuard>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let (database_url, database) = match backend {
        Backend::Sqlite => (None, None),
        Backend::Postgres => {
            let (url, guard) = fresh_postgres_database().await;
            (Some(url), Some(guard))
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let mut config = Config {
        data: data.path().join("data"),
        addr: listener.local_addr().expect("addr"),
        database_url: database_url.clone().map(gazette_app::Secret::new),
        ..Config::default()
    };
    // Tests post as fast as they can; the rate limits' own tests turn them back on.
    config.rate_limits.enabled = false;
    adjust(&mut config);
    let app = Application::build(config, listener)
        .await
        .expect("build the app");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        data,
        database_url,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        raw_client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_gzip()
            .no_brotli()
            .build()
            .expect("client"),
        _database: database,
    }
}

/// One line of `gazette ingest --json`.
#[derive(Debug)]
pub struct Ingested {
    pub status: String,
    pub id: Option<String>,
    pub url: Option<String>,
    pub error: Option<String>,
    pub note: Option<String>,
    pub item: Option<String>,
    pub path: String,
}

impl Ingested {
    fn from_json(value: &Value) -> Self {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Self {
            status: text("status").expect("status"),
            id: text("id"),
            url: text("url"),
            error: text("error"),
            note: text("note"),
            item: text("item"),
            path: text("path").expect("path"),
        }
    }
}

impl TestApp {
    pub fn data_dir(&self) -> PathBuf {
        self.data.path().join("data")
    }

    /// Writes a story file into the test's own folder, beside (not in) the data folder.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        write_story(self.data.path(), name, text)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// `gazette` with this app's data folder and database, as a user would run it.
    pub fn gazette(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
        command
            .env_remove("GAZETTE_DATABASE_URL")
            .env("RUST_LOG", "warn");
        command
    }

    pub fn store_args(&self) -> Vec<String> {
        let mut args = vec!["--data".to_owned(), self.data_dir().display().to_string()];
        if let Some(url) = &self.database_url {
            args.extend(["--database-url".to_owned(), url.clone()]);
        }
        args
    }

    /// Runs `gazette ingest --json PATH…` and returns its exit code and reports.
    pub fn ingest(&self, paths: &[&Path]) -> (i32, Vec<Ingested>) {
        let output = self
            .gazette()
            .arg("ingest")
            .args(self.store_args())
            .arg("--json")
            .args(paths)
            .output()
            .expect("run gazette ingest");
        parse_ingest_output(&output)
    }

    /// `gazette ingest --config FILE --source SOURCE --json PATH…`, with `config` written
    /// to FILE first.
    pub fn ingest_from(&self, config: &str, source: &str, paths: &[&Path]) -> (i32, Vec<Ingested>) {
        let file = self.data.path().join("gazette.toml");
        std::fs::write(&file, config).expect("write gazette.toml");
        let output = self
            .gazette()
            .arg("ingest")
            .arg("--config")
            .arg(&file)
            .args(self.store_args())
            .args(["--source", source, "--json"])
            .args(paths)
            .output()
            .expect("run gazette ingest");
        parse_ingest_output(&output)
    }

    /// Ingests one file and insists it landed as `expected`.
    pub fn ingest_one(&self, path: &Path, expected: &str) -> Ingested {
        let (code, mut reports) = self.ingest(&[path]);
        assert_eq!(reports.len(), 1, "{reports:?}");
        let report = reports.remove(0);
        assert_eq!(report.status, expected, "{report:?}");
        assert_eq!(
            code,
            i32::from(expected == "rejected"),
            "exit code for {report:?}"
        );
        report
    }

    /// Counts rows straight from the store, for what no page shows yet.
    pub async fn count_rows(&self, sql: &str) -> i64 {
        use sqlx::Connection;
        match &self.database_url {
            Some(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
                sqlx::query_scalar(sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("count")
            }
            None => {
                let mut conn = sqlx::SqliteConnection::connect(&self.sqlite_url())
                    .await
                    .expect("connect");
                sqlx::query_scalar(sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("count")
            }
        }
    }

    /// Changes the store behind the application's back, for states nothing makes yet.
    pub async fn execute(&self, sql: &str) {
        use sqlx::Connection;
        match &self.database_url {
            Some(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
                sqlx::query(sql).execute(&mut conn).await.expect("execute");
            }
            None => {
                let mut conn = sqlx::SqliteConnection::connect(&self.sqlite_url())
                    .await
                    .expect("connect");
                sqlx::query(sql).execute(&mut conn).await.expect("execute");
            }
        }
    }

    fn sqlite_url(&self) -> String {
        format!(
            "sqlite://{}",
            self.data_dir().join("gazette.sqlite").display()
        )
    }
}

pub fn parse_ingest_output(output: &Output) -> (i32, Vec<Ingested>) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let reports = stdout
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!(
                    "not JSON: {line:?}: {e}; stderr: {}",
                    String::from_utf8_lossy(&output.stderr)
                )
            });
            Ingested::from_json(&value)
        })
        .collect();
    (output.status.code().expect("exit code"), reports)
}

/// Our own fixtures (fictional stories), shared with the formats crate.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../gazette-formats/tests/fixtures/page-copy")
        .join(name)
}

pub fn demo_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("demo")
}

/// Writes a story file into a folder of the test's own.
pub fn write_story(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write story");
    path
}

/// A ninjs 1.x story, the simplest wire document, with the fields a test sets.
pub fn ninjs(uri: &str, version: u64, headline: &str, body: &str, extra: Value) -> String {
    let mut story = serde_json::json!({
        "uri": uri,
        "version": version.to_string(),
        "type": "text",
        "pubstatus": "usable",
        "headline": headline,
        "byline": "By Ana Ruiz, Harbor Wire",
        "firstcreated": "2026-03-02T08:00:00Z",
        "versioncreated": "2026-03-02T08:00:00Z",
        "body_html": format!("<p>{body}</p><p>The transit office will publish the timetable next week.</p>"),
    });
    if let (Some(story), Value::Object(extra)) = (story.as_object_mut(), extra) {
        story.extend(extra);
    }
    story.to_string()
}

/// A time `seconds` from now, as wire files write it.
pub fn rfc3339_in(seconds: i64) -> String {
    let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(seconds);
    at.replace_nanosecond(0)
        .expect("zero is valid")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formats")
}

/// A story in page copy with a given headline and first paragraph.
pub fn page_copy(section: &str, headline: &str, byline: &str, paragraph: &str) -> String {
    format!(
        "{section}\n\n/\n\nThe Test Ledger\n\n{headline}\n\n{byline} on\n\nPublished in News & Features\n\n\
         {paragraph}\n\nA second paragraph follows here.\n\n----------\n\n\
         ©2026 Test Ledger Media. Visit testledger.example. Distributed by Test Syndicate, LLC.\n"
    )
}

pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// `gazette serve` as its own process on the app's data folder and database, listening
/// on `addr`; a test can kill it as a crash would.
pub fn start_server(app: &TestApp, addr: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("serve")
        .args(app.store_args())
        .args(["--addr", addr, "--no-rate-limits"])
        .env_remove("GAZETTE_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gazette serve")
}
