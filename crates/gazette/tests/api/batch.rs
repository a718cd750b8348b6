//! Committing stories in a batch means exactly what committing them one by one means:
//! each case commits the same arrivals both ways, on two fresh stores, and compares what
//! the store answered and what it keeps. And a story the store cannot take costs only
//! itself: the others of its batch still land.

use crate::helpers::{fresh_postgres_database, on_both_backends, Backend, DatabaseGuard};
use gazette_app::{App, Config, IngestStatus, Secret, SourceName};
use gazette_core::{
    Block, Body, Byline, IncomingStory, Person, SectionRef, Slug, SourceRules, Status, StoryId,
};
use gazette_store::{CommitOutcome, IncomingCommit, PreparedCopy, Store, StoreOptions};
use sqlx::Connection;
use tempfile::TempDir;
use time::macros::datetime;
use time::Duration;

/// Runs `body` on a fresh connection of the database's own backend.
macro_rules! with_connection {
    ($db:expr, |$connection:ident| $body:expr) => {
        match $db.backend {
            Backend::Sqlite => {
                let mut $connection = sqlx::SqliteConnection::connect(&$db.url)
                    .await
                    .expect("connect");
                $body
            }
            Backend::Postgres => {
                let mut $connection = sqlx::PgConnection::connect(&$db.url)
                    .await
                    .expect("connect");
                $body
            }
        }
    };
}

/// An empty database of either backend, reachable both through a `Store` and directly.
struct TestDb {
    backend: Backend,
    url: String,
    _dir: TempDir,
    _database: Option<DatabaseGuard>,
}

impl TestDb {
    async fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, database) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("gazette.sqlite").display()),
                None,
            ),
            Backend::Postgres => {
                let (url, guard) = fresh_postgres_database().await;
                (url, Some(guard))
            }
        };
        Self {
            backend,
            url,
            _dir: dir,
            _database: database,
        }
    }

    async fn store(&self) -> Store {
        Store::open_url(&self.url, &StoreOptions::default())
            .await
            .expect("open the store")
    }

    /// The rows a query answers, each as one text column.
    async fn rows(&self, query: &str) -> Vec<String> {
        with_connection!(self, |db| sqlx::query_scalar(query)
            .fetch_all(&mut db)
            .await)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
    }

    async fn execute(&self, statement: &str) {
        with_connection!(self, |db| sqlx::raw_sql(statement)
            .execute(&mut db)
            .await
            .map(drop))
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }

    /// Everything a commit writes that a reader or a cache can see, in a stable order.
    async fn kept(&self) -> Vec<String> {
        let mut kept = Vec::new();
        for query in [
            "SELECT id || ' ' || source_key || ' ' || slug || ' ' || status || ' rev ' || revision \
             || ' dup ' || COALESCE(duplicate_of, '-') || ' ' || headline FROM stories ORDER BY id",
            "SELECT story_id || ' #' || number || ' ' || content_hash FROM revisions \
             ORDER BY story_id, number",
            "SELECT story_id || ' ' || kind FROM change_log ORDER BY seq",
            "SELECT s.story_id || ' ' || s.position || ' ' || p.slug FROM story_people s \
             JOIN people p ON p.id = s.person_id ORDER BY s.story_id, s.position",
            "SELECT slug FROM sections ORDER BY slug",
            "SELECT ss.story_id || ' ' || ss.position || ' ' || se.slug FROM story_sections ss \
             JOIN sections se ON se.id = ss.section_id ORDER BY ss.story_id, ss.position",
        ] {
            kept.extend(self.rows(query).await);
        }
        kept
    }
}

/// A story of enough words for a fingerprint, by one of two reporters.
fn story(key: &str, version: u64, headline: &str, text: &str) -> IncomingStory {
    IncomingStory {
        source_key: key.into(),
        version: Some(version),
        headline: headline.into(),
        byline: Byline(vec![
            Person::new("Ana Ruiz", None),
            Person::new(
                if version.is_multiple_of(2) {
                    "Lee Chan"
                } else {
                    "Jo Park"
                },
                None,
            ),
        ]),
        body: Body(vec![Block::Paragraph(format!(
            "{text} The harbour office posted the notice this morning, residents said."
        ))]),
        ..IncomingStory::default()
    }
}

fn killed(key: &str, version: u64) -> IncomingStory {
    IncomingStory {
        source_key: key.into(),
        version: Some(version),
        status: Status::Killed,
        ..IncomingStory::default()
    }
}

/// What the app would hand the store for each arriving story; ids and times fixed so two
/// stores given the same arrivals can be compared row for row.
struct Arrivals {
    stories: Vec<IncomingStory>,
    copies: Vec<PreparedCopy>,
    ids: Vec<StoryId>,
    rules: SourceRules,
}

impl Arrivals {
    fn new(stories: Vec<IncomingStory>, rules: SourceRules) -> Self {
        Self {
            copies: stories.iter().map(PreparedCopy::of).collect(),
            ids: stories.iter().map(|_| StoryId::new()).collect(),
            stories,
            rules,
        }
    }

    fn commits(&self) -> Vec<IncomingCommit<'_>> {
        let received = datetime!(2026-03-02 08:00 UTC);
        self.stories
            .iter()
            .zip(&self.copies)
            .zip(&self.ids)
            .enumerate()
            .map(|(n, ((story, copy), id))| IncomingCommit {
                story,
                copy,
                new_id: *id,
                slug: Slug::from_text(&story.headline)
                    .or_else(|| Slug::from_text(&format!("withdrawn {}", story.source_key)))
                    .expect("a slug"),
                section: SectionRef::from_name("News").expect("a section"),
                // Odd versions are listed in a second section too, so an update in the
                // batch changes where its story is listed.
                also_in: (story.version.is_some_and(|v| !v.is_multiple_of(2)))
                    .then(|| SectionRef::from_name("Harbour").expect("a section"))
                    .into_iter()
                    .collect(),
                status: story.status,
                rules: &self.rules,
                source_published_at: None,
                received_at: received + Duration::seconds(n as i64),
            })
            .collect()
    }
}

/// Commits the stories one by one on one store and as one batch on another; both must
/// answer and keep the same. Returns the outcomes for the case's own checks.
async fn same_as_one_by_one(
    backend: Backend,
    stories: Vec<IncomingStory>,
    rules: SourceRules,
) -> Vec<CommitOutcome> {
    same_as_one_by_one_after(backend, Vec::new(), stories, rules).await
}

/// `same_as_one_by_one` on two stores that already hold the `earlier` stories.
async fn same_as_one_by_one_after(
    backend: Backend,
    earlier: Vec<IncomingStory>,
    stories: Vec<IncomingStory>,
    rules: SourceRules,
) -> Vec<CommitOutcome> {
    let (one_by_one, batched) = (TestDb::new(backend).await, TestDb::new(backend).await);
    let earlier = Arrivals::new(earlier, SourceRules::default());
    for db in [&one_by_one, &batched] {
        let store = db.store().await;
        store
            .commit_batch(&earlier.commits())
            .await
            .expect("commit the earlier stories");
        store.close().await;
    }
    let arrivals = Arrivals::new(stories, rules);
    let store = one_by_one.store().await;
    let mut expected = Vec::new();
    for commit in &arrivals.commits() {
        expected.push(store.commit_incoming(commit).await.expect("commit"));
    }
    store.close().await;
    let store = batched.store().await;
    let outcomes = store
        .commit_batch(&arrivals.commits())
        .await
        .expect("commit the batch");
    store.close().await;
    assert_eq!(outcomes, expected);
    assert_eq!(batched.kept().await, one_by_one.kept().await);
    outcomes
}

/// What each story of a batch became, under the rules of a source that may do anything.
async fn kinds_in_a_batch(backend: Backend, stories: Vec<IncomingStory>) -> Vec<&'static str> {
    let outcomes = same_as_one_by_one(backend, stories, SourceRules::default()).await;
    outcomes.iter().map(kind).collect()
}

fn kind(outcome: &CommitOutcome) -> &'static str {
    match outcome {
        CommitOutcome::Published { .. } => "published",
        CommitOutcome::Stored { .. } => "stored",
        CommitOutcome::Updated { .. } => "updated",
        CommitOutcome::Unchanged { .. } => "unchanged",
        CommitOutcome::Duplicate { .. } => "duplicate",
        CommitOutcome::Refused { .. } => "refused",
        CommitOutcome::Stale { .. } => "stale",
        CommitOutcome::Held { .. } => "held",
    }
}

const FERRY: &str = "Council approves weekend ferry service";

async fn the_same_key_twice_in_a_batch_is_sequential(backend: Backend) {
    let newer_second = vec![
        story("a", 1, FERRY, "First copy."),
        story("a", 2, FERRY, "Second copy, corrected."),
        story("a", 2, FERRY, "Second copy, corrected."),
    ];
    assert_eq!(
        kinds_in_a_batch(backend, newer_second).await,
        ["published", "updated", "unchanged"]
    );
    let newer_first = vec![
        story("a", 2, FERRY, "Second copy, corrected."),
        story("a", 1, FERRY, "First copy."),
    ];
    assert_eq!(
        kinds_in_a_batch(backend, newer_first).await,
        ["published", "stale"]
    );
}

/// The slugs of stories that must each be published, in a batch as one by one.
async fn published_slugs(backend: Backend, stories: Vec<IncomingStory>) -> Vec<String> {
    let outcomes = same_as_one_by_one(backend, stories, SourceRules::default()).await;
    outcomes
        .iter()
        .map(|o| match o {
            CommitOutcome::Published { slug, .. } => slug.to_string(),
            other => panic!("not published: {other:?}"),
        })
        .collect()
}

async fn two_stories_with_one_headline_in_a_batch_get_numbered_slugs(backend: Backend) {
    let stories = vec![
        story("a", 1, FERRY, "One text about the ferry."),
        story("b", 1, FERRY, "Another text, on another day."),
        story("c", 1, FERRY, "A third text, from the harbour master."),
    ];
    let slugs = published_slugs(backend, stories).await;
    let base = Slug::from_text(FERRY).expect("a slug");
    assert_eq!(
        slugs,
        [
            base.to_string(),
            base.numbered(2).to_string(),
            base.numbered(3).to_string()
        ]
    );
}

async fn a_duplicate_of_a_story_earlier_in_the_batch_is_flagged(backend: Backend) {
    let stories = vec![
        story("a", 1, FERRY, "The same words."),
        story("from-another-channel", 1, FERRY, "The same words."),
    ];
    assert_eq!(
        kinds_in_a_batch(backend, stories).await,
        ["published", "duplicate"]
    );
}

async fn a_headline_that_reads_like_a_numbered_slug_gets_its_own(backend: Backend) {
    let stories = vec![
        story("a", 1, FERRY, "One text about the ferry."),
        story("b", 1, FERRY, "Another text, on another day."),
        story(
            "c",
            1,
            &format!("{FERRY} 2"),
            "A third text, from the harbour master.",
        ),
    ];
    let slugs = published_slugs(backend, stories).await;
    // The third wants the second's slug, and is numbered in turn.
    assert_eq!(slugs[2], format!("{}-2", slugs[1]), "{slugs:?}");
}

async fn an_update_that_changes_the_words_moves_the_story_to_another_fingerprint(backend: Backend) {
    let stories = vec![
        story("a", 1, FERRY, "The first words."),
        story("a", 2, FERRY, "Other words now."),
        story("b", 1, FERRY, "The first words."),
        story("c", 1, FERRY, "Other words now."),
    ];
    assert_eq!(
        kinds_in_a_batch(backend, stories).await,
        ["published", "updated", "published", "duplicate"]
    );
}

async fn a_batch_sees_the_stories_stored_before_it(backend: Backend) {
    let earlier = vec![
        story("a", 1, FERRY, "The first words."),
        story("b", 1, "Library opens on Sundays", "Other news."),
    ];
    let stories = vec![
        story("a", 1, FERRY, "The first words."),
        story("c", 1, FERRY, "A text of its own."),
        story("b", 2, "Library opens on Sundays", "Other news, corrected."),
        story("d", 1, "Library opens on Sundays", "Other news."),
        story("e", 1, FERRY, "The first words."),
    ];
    let outcomes =
        same_as_one_by_one_after(backend, earlier, stories, SourceRules::default()).await;
    let kinds: Vec<&str> = outcomes.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "unchanged",
            "published",
            "updated",
            "published",
            "duplicate"
        ]
    );
}

async fn a_kill_inside_a_batch_withdraws_the_story_before_it(backend: Backend) {
    let stories = vec![
        story("a", 1, FERRY, "First copy."),
        killed("a", 2),
        story("b", 1, "Library opens on Sundays", "Other news."),
    ];
    assert_eq!(
        kinds_in_a_batch(backend, stories).await,
        ["published", "updated", "published"]
    );
}

async fn an_update_the_rules_refuse_inside_a_batch_changes_nothing(backend: Backend) {
    let stories = vec![
        story("a", 1, FERRY, "First copy."),
        story("a", 2, FERRY, "Second copy."),
        killed("a", 3),
    ];
    let rules = SourceRules {
        may_update: false,
        may_kill: false,
        ..SourceRules::default()
    };
    let outcomes = same_as_one_by_one(backend, stories, rules).await;
    let kinds: Vec<&str> = outcomes.iter().map(kind).collect();
    assert_eq!(kinds, ["published", "refused", "refused"]);
}

/// Makes the database refuse any story whose headline starts with "Refused".
async fn refuse_some_headlines(db: &TestDb) {
    db.execute(match db.backend {
        Backend::Sqlite => {
            "CREATE TRIGGER refuse_some BEFORE INSERT ON stories \
             WHEN NEW.headline LIKE 'Refused%' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
        }
        Backend::Postgres => {
            "CREATE FUNCTION refuse_some() RETURNS trigger AS $$ BEGIN \
             IF NEW.headline LIKE 'Refused%' THEN RAISE EXCEPTION 'refused by the test'; END IF; \
             RETURN NEW; END; $$ LANGUAGE plpgsql; \
             CREATE TRIGGER refuse_some BEFORE INSERT ON stories \
             FOR EACH ROW EXECUTE FUNCTION refuse_some();"
        }
    })
    .await;
}

fn rss(titles: &[&str]) -> String {
    let items: String = titles
        .iter()
        .enumerate()
        .map(|(n, title)| {
            format!(
                "<item><guid isPermaLink=\"false\">notice-{n}</guid><title>{title}</title>\
                 <pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>\
                 <description>{title}: the harbour office posted notice {n} this morning, \
                 residents said.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Harbour Office</title><link>http://harbour.example/</link>\
         <description>Notices</description>{items}</channel></rss>"
    )
}

async fn a_story_the_store_refuses_costs_only_itself(backend: Backend) {
    let db = TestDb::new(backend).await;
    // The schema first, then the trap in it.
    db.store().await.close().await;
    refuse_some_headlines(&db).await;
    let data = tempfile::tempdir().expect("temp dir");
    let app = App::open(Config {
        data: data.path().to_path_buf(),
        database_url: Some(Secret::new(db.url.clone())),
        ..Config::default()
    })
    .await
    .expect("open the app");
    // One document: its three stories are committed as one batch.
    let document = rss(&[
        "Ferry runs on Sundays",
        "Refused notice",
        "Library extends hours",
    ]);
    let reports = app
        .ingest_document(&SourceName::local(), "notices.rss", document.as_bytes())
        .await;
    let statuses: Vec<IngestStatus> = reports.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            IngestStatus::Published,
            IngestStatus::Rejected,
            IngestStatus::Published
        ],
        "{reports:?}"
    );
    let error = reports[1].error.as_deref().unwrap_or_default();
    assert!(error.starts_with("cannot store the story: "), "{error}");
    assert_eq!(
        db.rows("SELECT headline FROM stories ORDER BY headline")
            .await,
        ["Ferry runs on Sundays", "Library extends hours"]
    );
}

on_both_backends!(
    the_same_key_twice_in_a_batch_is_sequential,
    two_stories_with_one_headline_in_a_batch_get_numbered_slugs,
    a_duplicate_of_a_story_earlier_in_the_batch_is_flagged,
    a_headline_that_reads_like_a_numbered_slug_gets_its_own,
    an_update_that_changes_the_words_moves_the_story_to_another_fingerprint,
    a_batch_sees_the_stories_stored_before_it,
    a_kill_inside_a_batch_withdraws_the_story_before_it,
    an_update_the_rules_refuse_inside_a_batch_changes_nothing,
    a_story_the_store_refuses_costs_only_itself,
);
