//! The `gazette` command: parses the command line and calls into the library.

mod demo;
mod progress;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use gazette_app::{
    App, Config, ConfigOverrides, ErrorChain, IngestProgress, IngestReport, IngestStatus,
    QueueDecision, QueueOutcome, SourceName,
};
use gazette_web::Application;
use progress::IngestBar;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Gazette: a self-hosted news publishing engine. Stories from syndicates and wire
/// services in, a fast, accessible news site out, in one binary with an embedded
/// database.
#[derive(Parser)]
#[command(name = "gazette", version, propagate_version = true)]
#[command(
    after_help = "Start with `gazette demo` to see a demo edition at http://127.0.0.1:8080/.\n\
`serve` and `ingest` read their configuration in layers: defaults < gazette.toml (or --config FILE) \
< GAZETTE_* environment < flags; `gazette serve --help` says more. `demo` reads only its own flags."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How `serve` and `ingest` find their configuration, shown under their --help.
const CONFIGURATION_HELP: &str = "\
Configuration, each layer over the one before:
  1. built-in defaults: data folder ./gazette-data, address 127.0.0.1:8080, SQLite
  2. gazette.toml: the file --config (or GAZETTE_CONFIG) names, else ./gazette.toml when present
  3. GAZETTE_* environment variables: GAZETTE_KEY for a top-level key, __ between nested
     keys (GAZETTE_SITE__NAME=\"Harbor Times\" sets [site] name, GAZETTE_PAGES__PAGE_SIZE=30
     sets [pages] page_size); values are read as the key's type; variables that name no
     key are ignored
  4. the flags above
Keys (defaults):
  data (gazette-data), addr (127.0.0.1:8080), database_url (none: SQLite), theme (none)
  [site] name (Gazette), tagline, public_url (http:// + addr), language (en)
  [ingest] max_file_bytes (5242880), default_section (News), watch_drop_folders (true)
  [pages] page_size (20), cache_mib (12), max_age_seconds (60)
  [media] fetch (true), max_bytes (20971520), private_addresses (false)
  [comments] session_days (30), edit_minutes (15), max_depth (4), embed_origins ([])
  [sources.NAME] section, sections, hold (false), topics, may_update (true), may_kill (true),
    credit, show_days
  [[feeds]] url, source, every_seconds (900)";

#[derive(Subcommand)]
enum Command {
    /// Serve the site.
    ///
    /// Creates the data folder and its SQLite database on first start. Stories ingested
    /// meanwhile by `gazette ingest` (another process) appear without a restart.
    #[command(after_help = CONFIGURATION_HELP)]
    Serve(ServeArgs),
    /// Ingest story files or folders of them.
    ///
    /// The format is detected from each file's content: IPTC ninjs (1.x–3.x),
    /// NewsML-G2, NITF, RSS 2.0, Atom 1.0, JSON Feed, or page copy (the text of a
    /// partner's article page). Prints one line per story: published, held (waiting in
    /// the wire queue: see `gazette queue`), updated, unchanged, duplicate (the same
    /// text already arrived under another id), skipped
    /// (an item that is not a story, such as a picture) or rejected with the reason. The
    /// same file again is unchanged; a newer version of a story is a new revision at the
    /// same address, and an older one arriving late changes nothing. Exits 1 when any
    /// story was rejected; the others still land. Safe to run while `gazette serve` runs.
    #[command(after_help = CONFIGURATION_HELP)]
    Ingest(IngestArgs),
    /// Show each configured feed (`[[feeds]]` in gazette.toml) and what its last poll
    /// found: when, the outcome, errors in a row, and when it is polled next.
    #[command(after_help = CONFIGURATION_HELP)]
    Feeds(StoreCommandArgs),
    /// Manage the tokens sources use to push stories to POST /api/v1/ingest.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Work the wire queue: stories of sources with `hold = true` wait there, shown
    /// nowhere, until an editor releases or rejects them.
    Queue(QueueArgs),
    /// Bring comments in from another system.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Serve a demo edition: fourteen fictional stories in three sections.
    ///
    /// Loads the stories into ./gazette-demo (or the folder --data names; running it
    /// again changes nothing) and serves the site at 127.0.0.1:8080 (or --addr).
    ///
    /// The demo never touches a real site: it reads no gazette.toml and no GAZETTE_*
    /// environment variables, only its own flags, and uses an SQLite database in its
    /// folder unless --database-url is given.
    Demo(DemoArgs),
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token for a source and print it. It is shown only this once: Gazette
    /// keeps only its hash.
    Create {
        #[command(flatten)]
        store: StoreCommandArgs,
        /// The source that pushes with this token (lowercase letters, digits, hyphens).
        #[arg(long, value_name = "NAME", value_parser = parse_source)]
        source: SourceName,
    },
    /// List tokens: id, source, when created and last used.
    List {
        #[command(flatten)]
        store: StoreCommandArgs,
    },
    /// Revoke a token by its id (from `token list`).
    Revoke {
        #[command(flatten)]
        store: StoreCommandArgs,
        id: String,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import a Disqus export (the XML file Disqus's "Export comments" mails).
    ///
    /// Threads whose link is /articles/SLUG of one of our stories (on any host) become
    /// that story's thread; other pages keep a thread under their URL. Replies keep
    /// their nesting, comments their dates; spam is kept but not shown, deleted
    /// comments keep their place without their text. Authors with an email address get
    /// an account without a password, to claim later by confirming that address; the
    /// others are a name on their comments. Running it again adds nothing.
    #[command(after_help = CONFIGURATION_HELP)]
    Disqus {
        #[command(flatten)]
        store: StoreCommandArgs,
        /// One JSON object with the counts and one entry per thread.
        #[arg(long)]
        json: bool,
        /// Say what would be imported, matched and skipped, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The export file (XML, as Disqus sends it, uncompressed).
        #[arg(value_name = "EXPORT.xml")]
        file: PathBuf,
    },
}

#[derive(Args)]
struct QueueArgs {
    #[command(flatten)]
    store: StoreCommandArgs,
    #[command(subcommand)]
    action: QueueCommand,
}

#[derive(Subcommand)]
enum QueueCommand {
    /// List the held stories, oldest first: id, source, when received, headline.
    List {
        /// One JSON object per story: {"id","source","received","headline"}.
        #[arg(long)]
        json: bool,
    },
    /// Publish held stories now. Each keeps its source's publication time; an embargo
    /// still holds one until its time. A running server shows them at once.
    Release {
        /// Story ids, as `queue list` shows them.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Reject held stories: they stay stored and are never shown.
    Reject {
        /// Why, kept with each story.
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Story ids, as `queue list` shows them.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
}

#[derive(Args)]
struct ConfigArgs {
    /// A TOML configuration file; without it, ./gazette.toml is read when present.
    #[arg(long, env = "GAZETTE_CONFIG", value_name = "FILE", global = true)]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct StoreArgs {
    /// The data folder: database, and everything else Gazette keeps [default:
    /// ./gazette-data].
    #[arg(long, env = "GAZETTE_DATA", value_name = "DIR", global = true)]
    data: Option<PathBuf>,
    /// Use PostgreSQL instead of the embedded SQLite database, e.g.
    /// postgres://user@127.0.0.1:5432/gazette. Its password is never printed.
    #[arg(
        long,
        env = "GAZETTE_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true,
        global = true
    )]
    database_url: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    store: StoreArgs,
    /// The address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "GAZETTE_ADDR", value_name = "HOST:PORT")]
    addr: Option<SocketAddr>,
    /// A theme folder whose templates/ and static/ files replace the built-in ones.
    #[arg(long, env = "GAZETTE_THEME", value_name = "DIR")]
    theme: Option<PathBuf>,
    /// Turns every rate limit off (rate_limits.enabled = false), for benchmarks and tests.
    #[arg(long)]
    no_rate_limits: bool,
}

#[derive(Args)]
struct IngestArgs {
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    store: StoreArgs,
    /// Print one JSON object per story: {"path","status","id","url","error"}, plus
    /// "item" (the item's id in a document of several) and "note" when they apply.
    #[arg(long)]
    json: bool,
    /// The source these files come from (lowercase letters, digits, hyphens). A story
    /// is known by its id within its source: the same id from another source is another
    /// story.
    #[arg(long, value_name = "NAME", default_value = "local", value_parser = parse_source)]
    source: SourceName,
    /// Files or folders (read recursively; hidden files are skipped).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// What a command that only needs the store takes: the configuration file and the
/// store's flags.
#[derive(Args)]
struct StoreCommandArgs {
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    store: StoreArgs,
}

/// The configuration of a command that does not serve: the file, the environment and
/// the store's flags.
fn load_store_config(config: &ConfigArgs, store: &StoreArgs) -> anyhow::Result<Config> {
    let overrides = ConfigOverrides {
        data: store.data.clone(),
        database_url: store.database_url.clone(),
        ..ConfigOverrides::default()
    };
    Ok(Config::load(config.config.as_deref(), overrides)?)
}

/// The demo's flags: the same names as `serve`'s, but never read from the environment.
#[derive(Args)]
struct DemoArgs {
    /// The demo's data folder.
    #[arg(long, value_name = "DIR", default_value = "gazette-demo")]
    data: PathBuf,
    /// Keep the demo in this PostgreSQL database instead of SQLite in its folder.
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// The address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A theme folder whose templates/ and static/ files replace the built-in ones.
    #[arg(long, value_name = "DIR")]
    theme: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            // Each cause once (libraries such as sqlx repeat theirs in their message).
            eprintln!("error: {}", ErrorChain(e.as_ref()));
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    // Colours only for a person at a terminal, never in a file or a journal.
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .init();
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => {
            let overrides = ConfigOverrides {
                data: args.store.data,
                addr: args.addr,
                database_url: args.store.database_url,
                theme: args.theme,
            };
            let mut config = Config::load(args.config.config.as_deref(), overrides)?;
            if args.no_rate_limits {
                config.rate_limits.enabled = false;
            }
            serve(App::open(config).await?).await
        }
        Command::Ingest(args) => {
            let config = load_store_config(&args.config, &args.store)?;
            ingest(config, &args).await
        }
        Command::Token(command) => token(command).await,
        Command::Queue(args) => {
            let config = load_store_config(&args.store.config, &args.store.store)?;
            queue(App::open(config).await?, args.action).await
        }
        Command::Import(ImportCommand::Disqus {
            store,
            json,
            dry_run,
            file,
        }) => {
            let config = load_store_config(&store.config, &store.store)?;
            import_disqus(config, &file, json, dry_run).await
        }
        Command::Feeds(args) => feeds(load_store_config(&args.config, &args.store)?).await,
        Command::Demo(args) => {
            let config = Config::built_in(ConfigOverrides {
                data: Some(args.data),
                addr: Some(args.addr),
                database_url: args.database_url,
                theme: args.theme,
            })?;
            let app = App::open(config).await?;
            load_demo(&app).await?;
            serve(app).await
        }
    }
}

async fn serve(app: App) -> anyhow::Result<ExitCode> {
    let addr = app.config().addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let data = app.config().data.display().to_string();
    let backend = app.backend_name();
    let server = Application::with_app(app, listener).await?;
    tracing::info!(
        "Gazette is serving the site at http://{local}/ (data folder {data}, {backend} database)"
    );
    server.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

async fn ingest(config: Config, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let app = App::open_for_bulk_ingest(config).await?;
    let started = std::time::Instant::now();
    let wants_bar = progress::shows_bar(std::io::stderr().is_terminal(), args.json);
    let mut bar: Option<IngestBar> = None;
    let mut stdout = std::io::stdout().lock();
    let mut write_error = None;
    let reports = app
        .ingest_paths(&args.source, &args.paths, |progress| match progress {
            IngestProgress::Found(files) => {
                bar = wants_bar.then(|| IngestBar::new(files));
            }
            IngestProgress::Report(report) => {
                let line = if args.json {
                    json_line(report)
                } else {
                    text_line(report)
                };
                let written = match &mut bar {
                    Some(bar) => {
                        bar.item_done();
                        bar.suspend(|| writeln!(stdout, "{line}"))
                    }
                    None => writeln!(stdout, "{line}"),
                };
                if let Err(e) = written {
                    write_error.get_or_insert(e);
                }
            }
            IngestProgress::EntryDone => {
                if let Some(bar) = &mut bar {
                    bar.file_done();
                }
            }
        })
        .await?;
    if let Some(bar) = &bar {
        bar.finish();
    }
    let elapsed = started.elapsed();
    app.close().await;
    if let Some(e) = write_error {
        return Err(e).context("cannot write the report");
    }
    eprintln!("{}", progress::summary(&reports, elapsed));
    Ok(
        if reports.iter().any(|r| r.status == IngestStatus::Rejected) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

async fn token(command: TokenCommand) -> anyhow::Result<ExitCode> {
    let store = match &command {
        TokenCommand::Create { store, .. }
        | TokenCommand::List { store }
        | TokenCommand::Revoke { store, .. } => store,
    };
    let app = App::open(load_store_config(&store.config, &store.store)?).await?;
    let code = match command {
        TokenCommand::Create { source, .. } => {
            let new = app.create_token(&source).await?;
            println!("{}", new.token);
            eprintln!(
                "Token {} for source {source}. Keep it secret: it is not shown again.\n\
                 Push with: curl -H 'Authorization: Bearer {}' --data-binary @story.xml \
                 {}/api/v1/ingest",
                new.id,
                new.token,
                app.config().public_url()
            );
            ExitCode::SUCCESS
        }
        TokenCommand::List { .. } => {
            for token in app.tokens().await? {
                let last_used = token
                    .last_used_at
                    .map_or_else(|| "never used".to_owned(), |at| format!("last used {at}"));
                println!(
                    "{}  {}  created {}  {last_used}",
                    token.id, token.source, token.created_at
                );
            }
            ExitCode::SUCCESS
        }
        TokenCommand::Revoke { id, .. } => {
            if app.revoke_token(&id).await? {
                eprintln!("Token {id} revoked.");
                ExitCode::SUCCESS
            } else {
                eprintln!("There is no token {id}; `gazette token list` shows them.");
                ExitCode::from(1)
            }
        }
    };
    app.close().await;
    Ok(code)
}

async fn queue(app: App, action: QueueCommand) -> anyhow::Result<ExitCode> {
    let (ids, decision) = match &action {
        QueueCommand::List { json } => {
            let queue = app.wire_queue().await?;
            app.close().await;
            if queue.is_empty() && !json {
                eprintln!("The wire queue is empty.");
            }
            for story in queue {
                if *json {
                    println!("{}", serde_json::to_string(&story)?);
                } else {
                    println!(
                        "{}  {}  {}  {}",
                        story.id, story.source, story.received, story.headline
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        QueueCommand::Release { ids } => (ids, QueueDecision::Release),
        QueueCommand::Reject { ids, reason } => (
            ids,
            QueueDecision::Reject {
                reason: reason.as_deref(),
            },
        ),
    };
    let outcomes = app.settle_queued(ids, decision).await?;
    app.close().await;
    let mut failed = false;
    for (id, outcome) in outcomes {
        match outcome {
            QueueOutcome::Settled(status) => println!("{}  {id}", status.as_str()),
            QueueOutcome::NotHeld(status) => {
                failed = true;
                eprintln!("{id} is not in the wire queue: it is {}", status.as_str());
            }
            QueueOutcome::NoSuchStory => {
                failed = true;
                eprintln!("There is no story {id}; `gazette queue list` shows the queue.");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

async fn import_disqus(
    config: Config,
    file: &std::path::Path,
    json: bool,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = App::open(config).await?;
    let report = app.import_disqus(&bytes, dry_run).await;
    app.close().await;
    let report = report.with_context(|| format!("{} was not imported", file.display()))?;
    if json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    if dry_run {
        println!("Dry run: nothing was written. A real run would do this:");
    }
    for thread in &report.threads {
        let link = thread.link.as_deref().unwrap_or("(no link)");
        match thread.outcome {
            "skipped" => println!(
                "skipped  thread {}  {link}: {}; {} skipped",
                thread.disqus_id,
                thread.reason.as_deref().unwrap_or("no reason given"),
                comments(thread.comments_skipped)
            ),
            outcome => println!(
                "{outcome:<7}  thread {}  {link}{}: {} imported, {} already there",
                thread.disqus_id,
                thread
                    .story_id
                    .as_deref()
                    .map(|id| format!(" -> story {id}"))
                    .unwrap_or_default(),
                comments(thread.comments_imported),
                thread.comments_already_there
            ),
        }
    }
    println!(
        "threads: {} matched to articles, {} kept as external pages, {} skipped",
        report.threads_matched, report.threads_external, report.threads_skipped
    );
    println!(
        "comments: {} imported, {} already there, {} skipped",
        report.comments_imported, report.comments_already_there, report.comments_skipped
    );
    println!(
        "accounts: {} created for authors, without a password (to be claimed by email)",
        report.accounts_created
    );
    Ok(ExitCode::SUCCESS)
}

/// "1 comment", "2 comments".
fn comments(count: u64) -> String {
    if count == 1 {
        "1 comment".to_owned()
    } else {
        format!("{count} comments")
    }
}

async fn feeds(config: Config) -> anyhow::Result<ExitCode> {
    let app = App::open(config).await?;
    let statuses = app.feed_statuses().await?;
    if statuses.is_empty() {
        eprintln!("No feeds are configured: add [[feeds]] entries (url, source) to gazette.toml.");
    }
    for feed in statuses {
        println!("{}  (source {})", feed.url, feed.source);
        println!("  last polled: {}", when(feed.last_polled_at));
        println!(
            "  last outcome: {}",
            feed.last_outcome.as_deref().unwrap_or("not polled yet")
        );
        println!("  errors in a row: {}", feed.failures);
        println!("  next poll: {}", when(feed.next_poll_at));
    }
    app.close().await;
    Ok(ExitCode::SUCCESS)
}

fn when(at: Option<impl std::fmt::Display>) -> String {
    at.map_or_else(|| "never".to_owned(), |t| t.to_string())
}

fn parse_source(text: &str) -> Result<SourceName, String> {
    SourceName::parse(text)
        .ok_or_else(|| "use lowercase letters, digits and hyphens, such as harbor-wire".into())
}

fn json_line(report: &IngestReport) -> String {
    serde_json::to_string(report).expect("a report always serialises")
}

fn text_line(report: &IngestReport) -> String {
    let mut line = format!("{}  {}", report.status.as_str(), report.path);
    for part in [&report.item, &report.url, &report.error]
        .into_iter()
        .flatten()
    {
        line.push_str("  ");
        line.push_str(part);
    }
    line
}

async fn load_demo(app: &App) -> anyhow::Result<()> {
    let mut loaded = 0;
    for (name, bytes) in demo::STORIES {
        let label = format!("demo/{name}");
        for report in app
            .ingest_document(&SourceName::local(), &label, bytes)
            .await
        {
            if let Some(error) = report.error {
                anyhow::bail!("demo story {name} was rejected: {error}");
            }
            loaded += usize::from(report.status != IngestStatus::Unchanged);
        }
    }
    tracing::info!(
        "demo edition: {} stories ({loaded} new)",
        demo::STORIES.len()
    );
    Ok(())
}
