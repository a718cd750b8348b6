//! Committing arriving stories: one transaction decides and writes, so two copies of
//! the same story arriving at once (say, `gazette ingest` beside a running server)
//! cannot both become new stories.

use crate::backend::{Backend, Store};
use crate::rows::{parse_date_origin, parse_id, parse_slug, parse_status, IngestTargetRow};
use crate::{CommitOutcome, IncomingCommit, StoreError};
use gazette_core::{
    decide_version, ContentFingerprint, ContentHash, CopyStamp, DateOrigin, Slug, Status,
    VersionDecision,
};
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

/// SQLite must take its write lock when the transaction starts: a reader that later
/// upgrades to a writer fails at once with "database is locked" instead of waiting.
macro_rules! with_write_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match &$store.backend {
            Backend::Sqlite { writer, .. } => {
                let mut $tx = writer.begin_with("BEGIN IMMEDIATE").await?;
                $body
            }
            Backend::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                $body
            }
        }
    };
}
pub(crate) use with_write_tx;

/// Finds or creates a section by slug: `$1` slug, `$2` name; returns its id.
/// Sections and people already looked up in this transaction, by table and slug: a row,
/// once made, keeps its id, so a batch asks once per name instead of once per story.
type KnownIds = HashMap<(&'static str, String), i64>;

/// The id of the section or person with this slug, made on first sight. (The no-op
/// update lets `RETURNING` answer for a row that already exists.)
macro_rules! named_row_id {
    ($tx:ident, $known:ident, $table:literal, $slug:expr, $name:expr) => {{
        let key = ($table, $slug.to_owned());
        match $known.get(&key) {
            Some(&id) => id,
            None => {
                let id: i64 = sqlx::query_scalar(concat!(
                    "INSERT INTO ",
                    $table,
                    " (slug, name) VALUES ($1, $2) \
                     ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id"
                ))
                .bind($slug)
                .bind($name)
                .fetch_one(&mut *$tx)
                .await?;
                $known.insert(key, id);
                id
            }
        }
    }};
}

/// Rows no decision of the batch reads back (revisions, bylines, the change log), written
/// when the batch ends: a few multi-row statements instead of several per story. Kept in
/// story order, so change-log numbers follow the order of the commits.
#[derive(Default)]
struct LaterRows<'a> {
    /// New stories, written before anything reads or changes `stories` (see `flush_stories!`).
    stories: Vec<NewStoryRow<'a>>,
    /// Story id, number, received at, content hash, content.
    revisions: Vec<(String, i64, OffsetDateTime, &'a str, &'a str)>,
    /// Story id, position, person id.
    bylines: Vec<(String, i64, i64)>,
    /// Story id, section id, position (0 for its home).
    sections: Vec<(String, i64, i64)>,
    /// Story id, kind, at.
    changes: Vec<(String, &'static str, OffsetDateTime)>,
}

/// Rows per INSERT statement: 19,000 bound values at most (a story row has 19), under
/// SQLite's limit (32,766) and PostgreSQL's (65,535).
const ROWS_PER_INSERT: usize = 1000;

/// How the statements we put together mark their values. PostgreSQL numbers them. SQLite
/// takes `$1` as well, but as a name, and sqlx asks SQLite the name of every value it
/// binds, each answer a walk through all the names: a statement of a thousand rows
/// spent more time binding than writing. Unnamed `?` marks bind in order, at no cost.
#[derive(Clone, Copy)]
enum Marks {
    Numbered,
    InOrder,
}

impl Marks {
    fn of(backend: &Backend) -> Self {
        match backend {
            Backend::Sqlite { .. } => Self::InOrder,
            Backend::Postgres(_) => Self::Numbered,
        }
    }

    /// `count` marks for the values from `first` on: `$first, $first+1, …` or `?, ?, …`.
    fn list(self, first: usize, count: usize) -> String {
        let marks: Vec<String> = match self {
            Self::Numbered => (first..first + count).map(|n| format!("${n}")).collect(),
            Self::InOrder => vec!["?".to_owned(); count],
        };
        marks.join(", ")
    }

    /// `INSERT INTO {into} VALUES ($1, $2), ($3, $4), …` for `rows` rows of `columns` values.
    fn insert_many(self, into: &str, columns: usize, rows: usize) -> String {
        let rows: Vec<String> = (0..rows)
            .map(|row| format!("({})", self.list(row * columns + 1, columns)))
            .collect();
        format!("INSERT INTO {into} VALUES {}", rows.join(", "))
    }
}

/// The rows `sql` finds for `values`, its `{in}` standing for the list of them, asked in
/// as few statements as the limit allows.
macro_rules! fetch_in {
    ($tx:ident, $marks:expr, $row:ty, $sql:expr, $values:expr) => {{
        let mut rows: Vec<$row> = Vec::new();
        for chunk in $values.chunks(ROWS_PER_INSERT) {
            let sql = $sql.replace("{in}", &$marks.list(1, chunk.len()));
            let mut query = sqlx::query_as::<_, $row>(&sql);
            for value in chunk {
                query = query.bind(*value);
            }
            rows.extend(query.fetch_all(&mut *$tx).await?);
        }
        rows
    }};
}

/// What the version rule reads of the story a source key names.
macro_rules! target_columns {
    () => {
        "id, slug, status, revision, content_hash, source_version, \
         version_created_at, published_at, date_origin"
    };
}

/// The story a source key names.
const TARGET_BY_KEY: &str = concat!(
    "SELECT ",
    target_columns!(),
    " FROM stories WHERE source_key = $1"
);

/// Whether a slug is taken: `$1` the slug.
const SLUG_TAKEN: &str = "SELECT id FROM stories WHERE slug = $1";

/// A new story's row, as `insert_rows!` writes it.
struct NewStoryRow<'a> {
    id: String,
    source_key: &'a str,
    slug: Slug,
    status: Status,
    section_id: i64,
    headline: &'a str,
    summary: Option<&'a str>,
    byline: &'a str,
    published_at: OffsetDateTime,
    origin: DateOrigin,
    received_at: OffsetDateTime,
    content_hash: &'a str,
    source_version: Option<i64>,
    version_created_at: Option<OffsetDateTime>,
    embargo_until: Option<OffsetDateTime>,
    expires_at: Option<OffsetDateTime>,
    fingerprint: Option<&'a str>,
    duplicate_of: Option<String>,
}

/// Writes the batch's new stories so far, in one statement per thousand. Every statement
/// that reads or changes `stories` comes after it, so it sees each story before it in the
/// batch, as it would one story at a time.
macro_rules! flush_stories {
    ($tx:ident, $marks:expr, $later:ident) => {
        insert_rows!(
            $tx,
            $marks,
            "stories (id, source_key, slug, status, section_id, headline, summary, byline, \
             published_at, date_origin, updated_at, revision, content_hash, source_version, \
             version_created_at, embargo_until, expires_at, fingerprint, duplicate_of)",
            19,
            $later.stories,
            |query, row| query
                .bind(&row.id)
                .bind(row.source_key)
                .bind(row.slug.as_str())
                .bind(row.status.as_str())
                .bind(row.section_id)
                .bind(row.headline)
                .bind(row.summary)
                .bind(row.byline)
                .bind(row.published_at)
                .bind(row.origin.as_str())
                .bind(row.received_at)
                .bind(1_i64)
                .bind(row.content_hash)
                .bind(row.source_version)
                .bind(row.version_created_at)
                .bind(row.embargo_until)
                .bind(row.expires_at)
                .bind(row.fingerprint)
                .bind(&row.duplicate_of)
        );
        $later.stories.clear();
    };
}

/// A new revision of a story: its status follows the copy's ($10) unless an editor
/// rejected it, or it is flagged duplicate or held in the queue; a kill always applies.
const UPDATE_STORY: &str = "UPDATE stories SET section_id = $1, headline = $2, summary = $3, \
     byline = $4, published_at = $5, date_origin = $6, updated_at = $7, revision = $8, \
     content_hash = $9, source_version = $11, version_created_at = $12, \
     embargo_until = $13, expires_at = $14, fingerprint = $16, \
     status = CASE WHEN status = 'rejected' THEN status \
     WHEN $10 = 'killed' THEN $10 \
     WHEN duplicate_of IS NOT NULL OR status = 'held' THEN status ELSE $10 END \
     WHERE id = $15";

/// The first story readers saw (or will see: embargoed, or waiting in the wire queue) with
/// a fingerprint, the one a later copy duplicates: `$1` the fingerprint. A copy its
/// source withheld, killed or let expire, or an editor rejected, hides nothing. The id
/// settles a tie, so the batch's look-up up front agrees.
/// The statuses of a story a later copy of the same text duplicates.
macro_rules! original_statuses {
    () => {
        "status IN ('published', 'embargoed', 'held')"
    };
}

const ORIGINAL_OF: &str = concat!(
    "SELECT id, slug FROM stories WHERE fingerprint = $1 AND duplicate_of IS NULL AND ",
    original_statuses!(),
    " ORDER BY published_at, id LIMIT 1"
);

#[derive(sqlx::FromRow)]
struct KeyedTarget {
    source_key: String,
    #[sqlx(flatten)]
    target: IngestTargetRow,
}

/// What a batch's stories would each ask before writing, asked for all of them when the
/// batch begins: a few `IN (…)` queries instead of three per story. An answer holds until
/// the batch writes something that may change it; then it is dropped, and a story that
/// needs it asks the database itself, as every story did before.
#[derive(Default)]
struct LookedUp {
    /// The story each source key names (`None`: no story yet); taken out when first used,
    /// as the story's commit may change it.
    targets: HashMap<String, Option<IngestTargetRow>>,
    /// Whether a slug is taken: the slugs the stories want, and those the batch gave out.
    slugs: HashMap<String, bool>,
    /// The original story (id, slug) with each fingerprint; emptied by any update, which
    /// may move a story from one fingerprint to another.
    originals: HashMap<String, Option<(String, String)>>,
}

/// Each value once, in order.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    values.filter(|value| seen.insert(*value)).collect()
}

/// Inserts `rows` in as few statements as the limit allows, binding each row's values
/// with `bind`.
macro_rules! insert_rows {
    ($tx:ident, $marks:expr, $into:literal, $columns:literal, $rows:expr, |$query:ident, $row:pat_param| $bind:expr) => {
        for chunk in $rows.chunks(ROWS_PER_INSERT) {
            let sql = $marks.insert_many($into, $columns, chunk.len());
            let mut $query = sqlx::query(&sql);
            for $row in chunk {
                $query = $bind;
            }
            $query.execute(&mut *$tx).await?;
        }
    };
}

/// The copy a story shows now, as the version rule compares it.
fn held_stamp(row: &IngestTargetRow) -> Result<CopyStamp, StoreError> {
    Ok(CopyStamp {
        hash: ContentHash::from_stored(row.content_hash.clone()),
        version: row.source_version.and_then(|v| u64::try_from(v).ok()),
        version_created_at: row.version_created_at,
        status: parse_status(&row.status)?,
    })
}

/// Times are stored to the second in UTC, so both backends order them alike.
pub(crate) fn stamp(time: OffsetDateTime) -> OffsetDateTime {
    time.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("zero nanoseconds is always valid")
}

impl Store {
    #[tracing::instrument(skip_all, fields(source_key = %commit.story.source_key))]
    pub async fn commit_incoming(
        &self,
        commit: &IncomingCommit<'_>,
    ) -> Result<CommitOutcome, StoreError> {
        let mut outcomes = self.commit_batch(std::slice::from_ref(commit)).await?;
        Ok(outcomes
            .pop()
            .expect("commit_batch answers one outcome per commit"))
    }

    /// Commits arriving stories in one transaction, each exactly as `commit_incoming`
    /// would one after the other: a story sees the stories before it in the batch (the
    /// same key twice, a duplicate, a taken slug). One commit for hundreds of stories is
    /// what makes bulk ingest fast. Any error rolls back the whole batch; the caller can
    /// then commit its stories one by one.
    #[tracing::instrument(skip_all, fields(stories = commits.len()))]
    pub async fn commit_batch(
        &self,
        commits: &[IncomingCommit<'_>],
    ) -> Result<Vec<CommitOutcome>, StoreError> {
        if commits.is_empty() {
            return Ok(Vec::new());
        }
        let marks = Marks::of(&self.backend);
        with_write_tx!(self, |tx| {
            let mut known = KnownIds::new();
            let mut later = LaterRows::default();
            let mut looked_up = LookedUp::default();
            let keys = distinct(commits.iter().map(|c| c.story.source_key.as_str()));
            let found = fetch_in!(
                tx,
                marks,
                KeyedTarget,
                concat!(
                    "SELECT source_key, ",
                    target_columns!(),
                    " FROM stories WHERE source_key IN ({in})"
                ),
                keys
            );
            let mut found: HashMap<String, IngestTargetRow> = found
                .into_iter()
                .map(|row| (row.source_key, row.target))
                .collect();
            for key in keys {
                looked_up.targets.insert(key.to_owned(), found.remove(key));
            }
            let slugs = distinct(commits.iter().map(|c| c.slug.as_str()));
            let taken = fetch_in!(
                tx,
                marks,
                (String,),
                "SELECT slug FROM stories WHERE slug IN ({in})",
                slugs
            );
            looked_up.slugs = slugs.iter().map(|slug| (slug.to_string(), false)).collect();
            looked_up
                .slugs
                .extend(taken.into_iter().map(|(slug,)| (slug, true)));
            let fingerprints = distinct(
                commits
                    .iter()
                    .filter_map(|c| c.copy.fingerprint.as_ref().map(ContentFingerprint::as_str)),
            );
            // Ordered against `ORIGINAL_OF`: the map keeps each fingerprint's last row, its answer.
            let originals = fetch_in!(
                tx,
                marks,
                (String, String, String),
                concat!(
                    "SELECT fingerprint, id, slug FROM stories WHERE fingerprint IN ({in}) \
                     AND duplicate_of IS NULL AND ",
                    original_statuses!(),
                    " ORDER BY published_at DESC, id DESC"
                ),
                fingerprints
            );
            looked_up.originals = fingerprints.iter().map(|f| (f.to_string(), None)).collect();
            looked_up.originals.extend(
                originals
                    .into_iter()
                    .map(|(fingerprint, id, slug)| (fingerprint, Some((id, slug)))),
            );
            let mut outcomes = Vec::with_capacity(commits.len());
            for commit in commits {
                // An `async` block, so each early `return` of the story's body ends only
                // that story, and the batch goes on.
                let outcome = async {
                    let story = commit.story;
                    let received_at = stamp(commit.received_at);
                    let summary = story.deck.as_deref().or_else(|| story.body.lead());
                    let byline = &commit.copy.byline;
                    // Versions past i64 (none seen; Reuters' are ~10 digits) keep their order at the top.
                    let source_version =
                        story.version.map(|v| i64::try_from(v).unwrap_or(i64::MAX));
                    let version_created_at = story.version_created_at.map(stamp);
                    let embargo_until = story.embargo_until.map(stamp);
                    let expires_at = story.expires_at.map(stamp);
                    let fingerprint = commit
                        .copy
                        .fingerprint
                        .as_ref()
                        .map(ContentFingerprint::as_str);
                    let current: Option<IngestTargetRow> =
                        match looked_up.targets.remove(&story.source_key) {
                            Some(found) => found,
                            None => {
                                flush_stories!(tx, marks, later);
                                sqlx::query_as(TARGET_BY_KEY)
                                    .bind(&story.source_key)
                                    .fetch_optional(&mut *tx)
                                    .await?
                            }
                        };
                    let incoming = CopyStamp {
                        hash: commit.copy.content_hash.clone(),
                        version: story.version,
                        version_created_at: story.version_created_at,
                        status: story.status,
                    };
                    let held = current.as_ref().map(held_stamp).transpose()?;
                    let decision = decide_version(held.as_ref(), &incoming);
                    if let Some(refusal) = commit.rules.refuses(decision, story.status) {
                        let current = match &current {
                            Some(c) => Some((parse_id(&c.id)?, parse_slug(&c.slug)?)),
                            None => None,
                        };
                        return Ok(CommitOutcome::Refused { current, refusal });
                    }
                    let current = match (decision, current) {
                        (VersionDecision::Unchanged, Some(current)) => {
                            return Ok(CommitOutcome::Unchanged {
                                id: parse_id(&current.id)?,
                                slug: parse_slug(&current.slug)?,
                            });
                        }
                        (VersionDecision::Stale, Some(current)) => {
                            return Ok(CommitOutcome::Stale {
                                id: parse_id(&current.id)?,
                                slug: parse_slug(&current.slug)?,
                                held_version: current.source_version,
                            });
                        }
                        (_, current) => current,
                    };
                    let section_id = named_row_id!(
                        tx,
                        known,
                        "sections",
                        commit.section.slug.as_str(),
                        &commit.section.name
                    );
                    let (outcome, id, revision) = match current {
                        None => {
                            let mut slug = commit.slug.clone();
                            let mut n = 1;
                            loop {
                                let taken = match looked_up.slugs.get(slug.as_str()) {
                                    Some(&taken) => taken,
                                    None => {
                                        flush_stories!(tx, marks, later);
                                        sqlx::query_scalar::<_, String>(SLUG_TAKEN)
                                            .bind(slug.as_str())
                                            .fetch_optional(&mut *tx)
                                            .await?
                                            .is_some()
                                    }
                                };
                                if !taken {
                                    break;
                                }
                                n += 1;
                                slug = commit.slug.numbered(n);
                            }
                            looked_up.slugs.insert(slug.as_str().to_owned(), true);
                            let (published_at, origin) = match commit.source_published_at {
                                Some(at) => (stamp(at), DateOrigin::Source),
                                None => (received_at, DateOrigin::Received),
                            };
                            let id = commit.new_id.to_string();
                            let original: Option<(String, String)> = match fingerprint {
                                // This story may be the answer for its fingerprint from now on.
                                Some(fingerprint) => {
                                    match looked_up.originals.remove(fingerprint) {
                                        Some(found) => found,
                                        None => {
                                            flush_stories!(tx, marks, later);
                                            sqlx::query_as(ORIGINAL_OF)
                                                .bind(fingerprint)
                                                .fetch_optional(&mut *tx)
                                                .await?
                                        }
                                    }
                                }
                                None => None,
                            };
                            let status = match original {
                                Some(_) => Status::Duplicate,
                                None => commit.rules.status_of_new(commit.status),
                            };
                            later.stories.push(NewStoryRow {
                                id: id.clone(),
                                source_key: &story.source_key,
                                slug: slug.clone(),
                                status,
                                section_id,
                                headline: &story.headline,
                                summary,
                                byline,
                                published_at,
                                origin,
                                received_at,
                                content_hash: commit.copy.content_hash.as_str(),
                                source_version,
                                version_created_at,
                                embargo_until,
                                expires_at,
                                fingerprint,
                                duplicate_of: original.as_ref().map(|(id, _)| id.clone()),
                            });
                            let outcome = match original {
                                Some((original_id, original_slug)) => CommitOutcome::Duplicate {
                                    id: commit.new_id,
                                    original_id: parse_id(&original_id)?,
                                    original_slug: parse_slug(&original_slug)?,
                                },
                                None if status == Status::Held => CommitOutcome::Held {
                                    id: commit.new_id,
                                    slug,
                                },
                                None if status != Status::Published => CommitOutcome::Stored {
                                    id: commit.new_id,
                                    slug,
                                    status,
                                },
                                None => CommitOutcome::Published {
                                    id: commit.new_id,
                                    slug,
                                },
                            };
                            (outcome, id, 1)
                        }
                        Some(current) => {
                            // A revision without a date of its own keeps the story's first date.
                            let (published_at, origin) = match commit.source_published_at {
                                Some(at) => (stamp(at), DateOrigin::Source),
                                None => (
                                    current.published_at,
                                    parse_date_origin(&current.date_origin)?,
                                ),
                            };
                            let revision = current.revision + 1;
                            flush_stories!(tx, marks, later);
                            sqlx::query(UPDATE_STORY)
                                .bind(section_id)
                                .bind(&story.headline)
                                .bind(summary)
                                .bind(byline)
                                .bind(published_at)
                                .bind(origin.as_str())
                                .bind(received_at)
                                .bind(revision)
                                .bind(commit.copy.content_hash.as_str())
                                .bind(commit.status.as_str())
                                .bind(source_version)
                                .bind(version_created_at)
                                .bind(embargo_until)
                                .bind(expires_at)
                                .bind(&current.id)
                                .bind(fingerprint)
                                .execute(&mut *tx)
                                .await?;
                            looked_up.originals.clear();
                            sqlx::query("DELETE FROM story_people WHERE story_id = $1")
                                .bind(&current.id)
                                .execute(&mut *tx)
                                .await?;
                            later
                                .bylines
                                .retain(|(story_id, ..)| *story_id != current.id);
                            // The sections of this revision replace those of the earlier one.
                            sqlx::query("DELETE FROM story_sections WHERE story_id = $1")
                                .bind(&current.id)
                                .execute(&mut *tx)
                                .await?;
                            later
                                .sections
                                .retain(|(story_id, ..)| *story_id != current.id);
                            let outcome = CommitOutcome::Updated {
                                id: parse_id(&current.id)?,
                                slug: parse_slug(&current.slug)?,
                                revision,
                            };
                            (outcome, current.id, revision)
                        }
                    };
                    // Its home section first, then each further one, once.
                    let mut section_ids = vec![section_id];
                    for section in &commit.also_in {
                        let also = named_row_id!(
                            tx,
                            known,
                            "sections",
                            section.slug.as_str(),
                            &section.name
                        );
                        if !section_ids.contains(&also) {
                            section_ids.push(also);
                        }
                    }
                    for (position, listed_in) in section_ids.into_iter().enumerate() {
                        later
                            .sections
                            .push((id.clone(), listed_in, position as i64));
                    }
                    later.revisions.push((
                        id.clone(),
                        revision,
                        received_at,
                        commit.copy.content_hash.as_str(),
                        commit.copy.content.as_str(),
                    ));
                    for (position, person) in story.byline.people().iter().enumerate() {
                        let Some(person_slug) = person.slug() else {
                            continue;
                        };
                        let person_id =
                            named_row_id!(tx, known, "people", person_slug.as_str(), &person.name);
                        later.bylines.push((id.clone(), position as i64, person_id));
                    }
                    let kind = if revision == 1 {
                        "published"
                    } else {
                        "updated"
                    };
                    later.changes.push((id, kind, received_at));
                    Ok::<_, StoreError>(outcome)
                }
                .await?;
                outcomes.push(outcome);
            }
            flush_stories!(tx, marks, later);
            insert_rows!(
                tx,
                marks,
                "revisions (story_id, number, received_at, content_hash, content)",
                5,
                later.revisions,
                |query, (id, number, at, hash, content)| query
                    .bind(id)
                    .bind(number)
                    .bind(at)
                    .bind(hash)
                    .bind(content)
            );
            insert_rows!(
                tx,
                marks,
                "story_people (story_id, position, person_id)",
                3,
                later.bylines,
                |query, (id, position, person)| query.bind(id).bind(position).bind(person)
            );
            insert_rows!(
                tx,
                marks,
                "story_sections (story_id, section_id, position)",
                3,
                later.sections,
                |query, (id, section, position)| query.bind(id).bind(section).bind(position)
            );
            insert_rows!(
                tx,
                marks,
                "change_log (story_id, kind, at)",
                3,
                later.changes,
                |query, (id, kind, at)| query.bind(id).bind(kind).bind(at)
            );
            tx.commit().await?;
            Ok(outcomes)
        })
    }

    /// Publishes embargoed stories whose time has come and retires published ones past
    /// their expiry, each with a change-log entry so every server drops its cached pages.
    /// Idempotent, so several servers may run it at once.
    #[tracing::instrument(skip_all)]
    pub async fn apply_due_times(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        let now = stamp(now);
        with_write_tx!(self, |tx| {
            let mut changed = 0;
            for (from, to, column) in [
                ("embargoed", "published", "embargo_until"),
                ("published", "expired", "expires_at"),
            ] {
                let ids: Vec<String> = sqlx::query_scalar(&format!(
                    "UPDATE stories SET status = $1 \
                     WHERE status = $2 AND {column} IS NOT NULL AND {column} <= $3 RETURNING id"
                ))
                .bind(to)
                .bind(from)
                .bind(now)
                .fetch_all(&mut *tx)
                .await?;
                for id in &ids {
                    sqlx::query("INSERT INTO change_log (story_id, kind, at) VALUES ($1, $2, $3)")
                        .bind(id)
                        .bind(to)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                changed += ids.len() as u64;
            }
            tx.commit().await?;
            Ok(changed)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_insert_names_every_value_of_every_row() {
        assert_eq!(
            Marks::Numbered.insert_many("t (a, b)", 2, 3),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)"
        );
        assert_eq!(
            Marks::InOrder.insert_many("t (a, b)", 2, 3),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"
        );
    }
}
