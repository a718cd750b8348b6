//! Ingest: a document in, a story committed (or a clear reason why not) out.

use crate::{App, AppError, ErrorChain};
use gazette_core::{IncomingStory, SectionRef, Slug, SourceName, SourceRules, Status, StoryId};
use gazette_formats::Item;
use gazette_store::{CommitOutcome, IncomingCommit, PreparedCopy, StoreError};
use serde::Serialize;
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IngestStatus {
    Published,
    /// A new story waiting in the wire queue for an editor (`gazette queue`).
    Held,
    /// A new story kept and not shown (withheld, embargoed, withdrawn or expired as it
    /// arrived); `note` says which.
    Stored,
    Updated,
    /// Nothing changed: the same copy again, or an older version arriving late.
    Unchanged,
    /// The same story as one already on the site, arriving under another id (another
    /// source or channel): kept and flagged, not published twice. `url` is the story
    /// readers see.
    Duplicate,
    /// An item of a document that is not a story (a picture or planning item no story
    /// links), set aside; the document's stories still land.
    Skipped,
    Rejected,
}

impl IngestStatus {
    /// Every status, in the order summaries list them.
    pub const ALL: [Self; 8] = [
        Self::Published,
        Self::Held,
        Self::Stored,
        Self::Updated,
        Self::Unchanged,
        Self::Duplicate,
        Self::Skipped,
        Self::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Held => "held",
            Self::Stored => "stored",
            Self::Updated => "updated",
            Self::Unchanged => "unchanged",
            Self::Duplicate => "duplicate",
            Self::Skipped => "skipped",
            Self::Rejected => "rejected",
        }
    }
}

/// What happened to one story (or one item that is not a story) of a document: the line
/// `gazette ingest --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    pub path: String,
    /// The item's id in its source, when the document held several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub status: IngestStatus,
    pub id: Option<String>,
    pub url: Option<String>,
    pub error: Option<String>,
    /// Why nothing changed when that is not obvious (an older version arriving late).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The rules of a source the configuration says nothing about: everything allowed.
static DEFAULT_RULES: std::sync::LazyLock<SourceRules> =
    std::sync::LazyLock::new(SourceRules::default);

/// How a report that failed in the store, not in the document, begins: the document
/// may well be fine, and a drop folder keeps it for another try.
pub(crate) const STORE_FAILURE: &str = "cannot store the story";

impl IngestReport {
    pub(crate) fn rejected(path: &str, error: impl ToString) -> Self {
        Self {
            path: path.to_owned(),
            item: None,
            status: IngestStatus::Rejected,
            id: None,
            url: None,
            error: Some(error.to_string()),
            note: None,
        }
    }

    fn for_item(mut self, item: Option<&str>) -> Self {
        self.item = item.map(str::to_owned);
        self
    }
}

/// A story read and ready for the store: everything its commit needs, owned, so that
/// documents can be read on other threads while earlier stories commit.
struct ReadyStory {
    label: String,
    /// The item's id in its source, when the document held several.
    item: Option<String>,
    story: IncomingStory,
    copy: PreparedCopy,
    slug: Slug,
    section: SectionRef,
    /// The sections it is listed in besides its home.
    also_in: Vec<SectionRef>,
}

impl ReadyStory {
    /// The story's commit, stamped as it arrives at the store: called in the order of
    /// the input, so arrival times and new ids (which order stories of the same second)
    /// follow that order, whichever reading thread finished first.
    fn commit<'a>(&'a self, rules: &'a SourceRules) -> IncomingCommit<'a> {
        let received_at = OffsetDateTime::now_utc();
        IncomingCommit {
            story: &self.story,
            copy: &self.copy,
            new_id: StoryId::new(),
            slug: self.slug.clone(),
            section: self.section.clone(),
            also_in: self.also_in.clone(),
            status: self.story.status_on_arrival(received_at),
            rules,
            source_published_at: self.story.published_at,
            received_at,
        }
    }

    /// The report of this story once the store has answered.
    fn report(&self, committed: Result<CommitOutcome, StoreError>) -> IngestReport {
        let report = match committed {
            Ok(outcome) => {
                let (status, story_at, note) = report_of(outcome, self.story.version);
                tracing::debug!(status = status.as_str(), path = self.label, "ingested");
                IngestReport {
                    path: self.label.clone(),
                    item: None,
                    status,
                    id: story_at.as_ref().map(|(id, _)| id.to_string()),
                    url: story_at.as_ref().map(|(_, slug)| article_path(slug)),
                    error: None,
                    note,
                }
            }
            Err(e) => {
                let error = ErrorChain(&e);
                tracing::error!(%error, path = self.label, "cannot store story");
                IngestReport::rejected(&self.label, format!("{STORE_FAILURE}: {error}"))
            }
        };
        report.for_item(self.item.as_deref())
    }
}

/// One item of a document once read: a story for the store, or a report already known
/// (an item that is not a story, or one that cannot be read).
enum ReadItem {
    Story(Box<ReadyStory>),
    Known(IngestReport),
}

/// What `ingest_paths` tells its caller as it goes.
#[derive(Debug, Clone, Copy)]
pub enum IngestProgress<'a> {
    /// The walk is done: this many files (and unreadable entries) follow.
    Found(usize),
    /// One story's or item's report, in the order of the input.
    Report(&'a IngestReport),
    /// Every report of one file (or entry) has been given.
    EntryDone,
}

/// Stories committed in one transaction: large enough that the commit's cost is shared
/// by hundreds, small enough that the site's other writers wait only a moment.
const BATCH_STORIES: usize = 256;
/// Documents read ahead of the store, holding their parsed stories in memory.
const READ_AHEAD: usize = 512;
/// Files one blocking task reads, one after the other: a task for each small file cost
/// more in hand-overs and wake-ups than reading it.
const FILES_PER_TASK: usize = 16;

impl App {
    /// Reads a document and commits each story in it. Never fails as a whole: a document
    /// or item that cannot be read or stored comes back `Rejected` with the reason.
    #[tracing::instrument(skip_all, fields(path = label, %source))]
    pub async fn ingest_document(
        &self,
        source: &SourceName,
        label: &str,
        bytes: &[u8],
    ) -> Vec<IngestReport> {
        let items = self.read_items(source, label, bytes);
        let reports = self.commit_items(source, items).await;
        self.wrote();
        reports
    }

    /// Reads a document into stories ready for the store: pure work on the bytes, no I/O,
    /// so it can run on a blocking thread.
    fn read_items(&self, source: &SourceName, label: &str, bytes: &[u8]) -> Vec<ReadItem> {
        let limit = self.config.ingest.max_file_bytes;
        if bytes.len() as u64 > limit {
            return vec![ReadItem::Known(IngestReport::rejected(
                label,
                format!(
                    "the file is {} bytes; the limit is {limit} bytes (ingest.max_file_bytes)",
                    bytes.len()
                ),
            ))];
        }
        let document = match gazette_formats::read_document(bytes) {
            Ok(document) => document,
            Err(e) => return vec![ReadItem::Known(IngestReport::rejected(label, e))],
        };
        let several = document.items.len() > 1;
        let has_story = document
            .items
            .iter()
            .any(|item| matches!(item, Item::Story(_)));
        let rules = self.rules_of(source);
        document
            .items
            .into_iter()
            .map(|item| match item {
                Item::Story(mut story) => {
                    let key = several.then(|| story.source_key.clone());
                    story.source_key = source.story_key(&story.source_key);
                    rules.apply(&mut story, OffsetDateTime::now_utc());
                    match self.ready_story(label, *story) {
                        Ok(mut ready) => {
                            ready.item = key;
                            ReadItem::Story(Box::new(ready))
                        }
                        Err(reason) => ReadItem::Known(
                            IngestReport::rejected(label, reason).for_item(key.as_deref()),
                        ),
                    }
                }
                Item::NotAStory { id, reason } => {
                    let mut report = IngestReport::rejected(label, reason).for_item(Some(&id));
                    // Beside a story, an item that is not one is set aside, not an error.
                    if has_story {
                        report.status = IngestStatus::Skipped;
                    }
                    ReadItem::Known(report)
                }
                Item::Unreadable { id, error } => {
                    ReadItem::Known(IngestReport::rejected(label, error).for_item(id.as_deref()))
                }
            })
            .collect()
    }

    fn rules_of(&self, source: &SourceName) -> &SourceRules {
        self.config.sources.get(source).unwrap_or(&DEFAULT_RULES)
    }

    /// Decides where a story goes (section, address), or why it cannot go anywhere.
    fn ready_story(&self, label: &str, story: IncomingStory) -> Result<ReadyStory, &'static str> {
        let section_name = story
            .section
            .as_deref()
            .unwrap_or(&self.config.ingest.default_section);
        let Some(section) = SectionRef::from_name(section_name)
            .or_else(|| SectionRef::from_name(&self.config.ingest.default_section))
        else {
            return Err("the section has no letters or digits");
        };
        let also_in = story
            .also_in
            .iter()
            .filter_map(|name| SectionRef::from_name(name))
            .collect();
        // A kill may come without a headline; its address is never shown to readers.
        let slug = Slug::from_text(&story.headline).or_else(|| {
            (story.status == Status::Killed)
                .then(|| Slug::from_text(&format!("withdrawn {}", story.source_key)))
                .flatten()
        });
        let Some(slug) = slug else {
            return Err("the headline has no letters or digits");
        };
        Ok(ReadyStory {
            label: label.to_owned(),
            item: None,
            copy: PreparedCopy::of(&story),
            slug,
            section,
            also_in,
            story,
        })
    }

    /// Commits the stories among `items` and answers one report per item, in order.
    async fn commit_items(&self, source: &SourceName, items: Vec<ReadItem>) -> Vec<IngestReport> {
        let stories: Vec<&ReadyStory> = items
            .iter()
            .filter_map(|item| match item {
                ReadItem::Story(story) => Some(&**story),
                ReadItem::Known(_) => None,
            })
            .collect();
        let mut committed = self
            .commit_stories(self.rules_of(source), &stories)
            .await
            .into_iter();
        items
            .iter()
            .map(|item| match item {
                ReadItem::Story(story) => story.report(
                    committed
                        .next()
                        .expect("commit_stories answers once per story"),
                ),
                ReadItem::Known(report) => report.clone(),
            })
            .collect()
    }

    /// Commits stories in one transaction; when that fails (a concurrent writer took the
    /// same key, one story the store refuses), one by one, so each story lands or fails
    /// on its own, with its own error.
    async fn commit_stories(
        &self,
        rules: &SourceRules,
        stories: &[&ReadyStory],
    ) -> Vec<Result<CommitOutcome, StoreError>> {
        let commits: Vec<IncomingCommit> = stories.iter().map(|s| s.commit(rules)).collect();
        if commits.len() > 1 {
            match self.store.commit_batch(&commits).await {
                Ok(outcomes) => return outcomes.into_iter().map(Ok).collect(),
                Err(error) => {
                    let error = ErrorChain(&error);
                    tracing::warn!(%error, stories = commits.len(), "a batch failed; committing its stories one by one");
                }
            }
        }
        let mut results = Vec::with_capacity(commits.len());
        for commit in &commits {
            results.push(self.commit_with_retry(commit).await);
        }
        results
    }

    /// Two writers storing the same new story at once: one wins, the other's unique
    /// key fails, and trying again finds the winner's story (unchanged or updated).
    async fn commit_with_retry(
        &self,
        commit: &IncomingCommit<'_>,
    ) -> Result<CommitOutcome, StoreError> {
        const ATTEMPTS: usize = 3;
        let mut attempt = 1;
        loop {
            match self.store.commit_incoming(commit).await {
                Err(StoreError::Conflict) if attempt < ATTEMPTS => attempt += 1,
                outcome => return outcome,
            }
        }
    }

    /// Ingests files and folders (recursively, in name order, skipping hidden files).
    /// Files are read and parsed on blocking threads, a few ahead of the store, while
    /// the stories already read commit in batches; `on_progress` hears each report in
    /// the order of the input as its batch lands.
    pub async fn ingest_paths(
        &self,
        source: &SourceName,
        paths: &[PathBuf],
        mut on_progress: impl FnMut(IngestProgress<'_>),
    ) -> Result<Vec<IngestReport>, AppError> {
        let mut entries = Vec::new();
        for path in paths {
            collect_files(path, &mut entries, &mut HashSet::new());
        }
        on_progress(IngestProgress::Found(entries.len()));
        let (read, mut ready) = tokio::sync::mpsc::channel(READ_AHEAD);
        let reader = tokio::spawn(self.clone().read_entries(source.clone(), entries, read));
        let mut reports = Vec::new();
        while let Some(first) = ready.recv().await {
            let mut documents = vec![first];
            let mut stories = story_count(&documents[0]);
            while stories < BATCH_STORIES {
                let Ok(next) = ready.try_recv() else { break };
                stories += story_count(&next);
                documents.push(next);
            }
            let sizes: Vec<usize> = documents.iter().map(Vec::len).collect();
            let mut landed = self
                .commit_items(source, documents.into_iter().flatten().collect())
                .await
                .into_iter();
            for size in sizes {
                for report in landed.by_ref().take(size) {
                    on_progress(IngestProgress::Report(&report));
                    reports.push(report);
                }
                on_progress(IngestProgress::EntryDone);
            }
        }
        reader.await.map_err(AppError::Reader)?;
        // Once per run, not per story: a server on this data folder reads the change log
        // before we return, and a folder of thousands costs one round trip.
        let changed = reports
            .iter()
            .any(|r| matches!(r.status, IngestStatus::Published | IngestStatus::Updated));
        if changed {
            crate::nudge::nudge_local_server(&self.config.data).await;
        }
        Ok(reports)
    }

    /// Reads entries on blocking threads, a few files to a thread at a time, and sends
    /// their items on in the order of the entries, however the threads finish.
    async fn read_entries(
        self,
        source: SourceName,
        entries: Vec<Entry>,
        read: tokio::sync::mpsc::Sender<Vec<ReadItem>>,
    ) {
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        let mut entries = entries.into_iter();
        let mut in_flight = VecDeque::with_capacity(parallel);
        loop {
            while in_flight.len() < parallel {
                let chunk: Vec<Entry> = entries.by_ref().take(FILES_PER_TASK).collect();
                if chunk.is_empty() {
                    break;
                }
                let (app, source) = (self.clone(), source.clone());
                let reading = tokio::task::spawn_blocking(move || {
                    chunk
                        .into_iter()
                        .map(|entry| app.read_entry_or_reject(&source, entry))
                        .collect::<Vec<_>>()
                });
                in_flight.push_back(reading);
            }
            let Some(reading) = in_flight.pop_front() else {
                break;
            };
            // A blocking task fails only when cancelled, as the runtime shuts down:
            // `read_entry_or_reject` catches a reader's panic.
            let Ok(documents) = reading.await else {
                return;
            };
            for items in documents {
                if read.send(items).await.is_err() {
                    return;
                }
            }
        }
    }

    /// `read_entry`, with a reader that panicked rejecting its file: the other files of
    /// the run still land.
    fn read_entry_or_reject(&self, source: &SourceName, entry: Entry) -> Vec<ReadItem> {
        let label = entry.path().display().to_string();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.read_entry(source, entry)
        }))
        .unwrap_or_else(|panic| {
            let reason = panic
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("no message");
            vec![ReadItem::Known(IngestReport::rejected(
                &label,
                format!("cannot read: the reader failed ({reason})"),
            ))]
        })
    }

    fn read_entry(&self, source: &SourceName, entry: Entry) -> Vec<ReadItem> {
        match entry {
            Entry::File(file) => {
                let label = file.display().to_string();
                match read_limited(&file, self.config.ingest.max_file_bytes) {
                    Ok(bytes) => self.read_items(source, &label, &bytes),
                    Err(e) => vec![ReadItem::Known(IngestReport::rejected(&label, e))],
                }
            }
            Entry::Unreadable { path, reason } => vec![ReadItem::Known(IngestReport::rejected(
                &path.display().to_string(),
                reason,
            ))],
            Entry::AlreadyRead { path, reason } => {
                let mut report = IngestReport::rejected(&path.display().to_string(), reason);
                report.status = IngestStatus::Skipped;
                vec![ReadItem::Known(report)]
            }
        }
    }
}

fn story_count(items: &[ReadItem]) -> usize {
    items
        .iter()
        .filter(|item| matches!(item, ReadItem::Story(_)))
        .count()
}

/// What a commit did, as the report says it: the status, the story readers see (its id
/// and slug), and a note when the status alone does not explain it.
fn report_of(
    outcome: CommitOutcome,
    arrived_version: Option<u64>,
) -> (IngestStatus, Option<(StoryId, Slug)>, Option<String>) {
    match outcome {
        CommitOutcome::Published { id, slug } => (IngestStatus::Published, Some((id, slug)), None),
        CommitOutcome::Held { id, slug } => (
            IngestStatus::Held,
            Some((id, slug)),
            Some("held in the wire queue for an editor (gazette queue)".to_owned()),
        ),
        CommitOutcome::Stored { id, slug, status } => (
            IngestStatus::Stored,
            Some((id, slug)),
            Some(not_shown_note(status).to_owned()),
        ),
        CommitOutcome::Updated { id, slug, .. } => (IngestStatus::Updated, Some((id, slug)), None),
        CommitOutcome::Unchanged { id, slug } => (IngestStatus::Unchanged, Some((id, slug)), None),
        CommitOutcome::Duplicate {
            id,
            original_id,
            original_slug,
        } => (
            IngestStatus::Duplicate,
            Some((id, original_slug)),
            Some(format!(
                "the same story as {original_id}, which arrived under another id; \
                 flagged, not published twice"
            )),
        ),
        CommitOutcome::Stale {
            id,
            slug,
            held_version,
        } => (
            IngestStatus::Unchanged,
            Some((id, slug)),
            Some(stale_note(arrived_version, held_version)),
        ),
        CommitOutcome::Refused { current, refusal } => (
            IngestStatus::Unchanged,
            current,
            Some(refusal.reason().to_owned()),
        ),
    }
}

/// Why a new story is not on the site.
fn not_shown_note(status: gazette_core::Status) -> &'static str {
    use gazette_core::Status;
    match status {
        Status::Withheld => "stored, not shown: its source withholds it",
        Status::Embargoed => "stored, not shown until its embargo time, when it appears by itself",
        Status::Killed => "stored for the record, not shown: its source withdrew it",
        Status::Expired => "stored for the record, not shown: past the time it may be shown",
        _ => "stored, not shown",
    }
}

fn stale_note(arrived: Option<u64>, held: Option<i64>) -> String {
    match (arrived, held) {
        (Some(arrived), Some(held)) => {
            format!("version {arrived} arrived after version {held}; the newer version stays")
        }
        _ => "this copy is older than the one held; the newer copy stays".to_owned(),
    }
}

/// The path of a story's page on the site.
pub(crate) fn article_path(slug: &Slug) -> String {
    format!("/articles/{slug}")
}

/// One entry of a walk through the paths given to ingest.
enum Entry {
    File(PathBuf),
    /// An entry the walk could not read (a broken link, a link loop, a folder it may not
    /// list): reported on its own, while the rest of the folder still lands.
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    /// A link to a folder the walk reads anyway: nothing is lost by passing it by.
    AlreadyRead {
        path: PathBuf,
        reason: String,
    },
}

impl Entry {
    fn path(&self) -> &Path {
        match self {
            Self::File(path) | Self::Unreadable { path, .. } | Self::AlreadyRead { path, .. } => {
                path
            }
        }
    }
}

/// Walks files and folders entry by entry, in name order, skipping hidden entries.
/// Links are followed, each folder is read once: a link back into a folder already
/// read (a loop) is reported as skipped, not followed.
fn collect_files(path: &Path, out: &mut Vec<Entry>, folders_read: &mut HashSet<PathBuf>) {
    let unreadable = |reason: String| Entry::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) => {
            let reason = match std::fs::symlink_metadata(path) {
                Ok(link) if link.file_type().is_symlink() => {
                    format!("cannot read: a link to nowhere readable ({e})")
                }
                _ => format!("cannot read: {e}"),
            };
            return out.push(unreadable(reason));
        }
    };
    if !metadata.is_dir() {
        return out.push(Entry::File(path.to_path_buf()));
    }
    match std::fs::canonicalize(path) {
        Ok(real) if !folders_read.insert(real.clone()) => {
            return out.push(Entry::AlreadyRead {
                path: path.to_path_buf(),
                reason: format!(
                    "not read again: a link to the folder {}, which this run reads already",
                    real.display()
                ),
            });
        }
        Ok(_) => {}
        Err(e) => return out.push(unreadable(format!("cannot read: {e}"))),
    }
    let listing = match std::fs::read_dir(path) {
        Ok(listing) => listing,
        Err(e) => return out.push(unreadable(format!("cannot read the folder: {e}"))),
    };
    let mut names = Vec::new();
    for entry in listing {
        match entry {
            Ok(entry) => names.push(entry.file_name()),
            Err(e) => out.push(unreadable(format!(
                "cannot read an entry of the folder: {e}"
            ))),
        }
    }
    names.sort();
    for name in names {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        collect_files(&path.join(name), out, folders_read);
    }
}

/// Reads a file, refusing one over the limit without reading it whole.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    // Room for the whole file at once (and the byte that tells it is over the limit):
    // growing the buffer as it fills cost more than the reading.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit) + 1;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "the file is larger than the limit of {limit} bytes (ingest.max_file_bytes)"
        ));
    }
    Ok(bytes)
}
