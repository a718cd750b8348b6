//! The `gazette` command: parses the command line and calls into the library.

mod demo;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use gazette_app::{App, Config, ConfigOverrides, IngestReport, IngestStatus, SourceName};
use gazette_web::Application;
use std::io::Write;
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
Configuration is layered: defaults < gazette.toml (or --config FILE) < GAZETTE_* environment < flags."
)]
struct Cli {
    /// A TOML configuration file; without it, ./gazette.toml is read when present.
    #[arg(long, global = true, env = "GAZETTE_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site.
    ///
    /// Creates the data folder and its SQLite database on first start. Stories ingested
    /// meanwhile by `gazette ingest` (another process) appear without a restart.
    Serve(ServeArgs),
    /// Ingest story files or folders of them.
    ///
    /// The format is detected from each file's content: IPTC ninjs (1.x–3.x),
    /// NewsML-G2, NITF, RSS 2.0, Atom 1.0, JSON Feed, or page copy (the text of a
    /// partner's article page). Prints one line per story: published, updated,
    /// unchanged, duplicate (the same text already arrived under another id), skipped
    /// (an item that is not a story, such as a picture) or rejected with the reason. The
    /// same file again is unchanged; a newer version of a story is a new revision at the
    /// same address, and an older one arriving late changes nothing. Exits 1 when any
    /// story was rejected; the others still land. Safe to run while `gazette serve` runs.
    Ingest(IngestArgs),
    /// Show each configured feed (`[[feeds]]` in gazette.toml) and what its last poll
    /// found: when, the outcome, errors in a row, and when it is polled next.
    Feeds(StoreArgs),
    /// Manage the tokens sources use to push stories to POST /api/v1/ingest.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Serve a demo edition: fourteen fictional stories in three sections.
    ///
    /// Loads the stories into the data folder (./gazette-demo unless --data says
    /// otherwise; running it again changes nothing) and serves the site.
    Demo(DemoArgs),
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token for a source and print it. It is shown only this once: Gazette
    /// keeps only its hash.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// The source that pushes with this token (lowercase letters, digits, hyphens).
        #[arg(long, value_name = "NAME", value_parser = parse_source)]
        source: SourceName,
    },
    /// List tokens: id, source, when created and last used.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Revoke a token by its id (from `token list`).
    Revoke {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
    },
}

#[derive(Args)]
struct StoreArgs {
    /// The data folder: database, and everything else Gazette keeps.
    #[arg(long, env = "GAZETTE_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    /// Use PostgreSQL instead of the embedded SQLite database, e.g.
    /// postgres://user@127.0.0.1:5432/gazette.
    #[arg(
        long,
        env = "GAZETTE_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// The address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "GAZETTE_ADDR", value_name = "HOST:PORT")]
    addr: Option<SocketAddr>,
    /// A theme folder whose templates/ and static/ files replace the built-in ones.
    #[arg(long, env = "GAZETTE_THEME", value_name = "DIR")]
    theme: Option<PathBuf>,
}

#[derive(Args)]
struct IngestArgs {
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

#[derive(Args)]
struct DemoArgs {
    #[command(flatten)]
    serve: ServeArgs,
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
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => {
            let config = load_config(cli.config, &args.store, &args)?;
            serve(App::open(config).await?).await
        }
        Command::Ingest(args) => ingest(load_config(cli.config, &args.store, None)?, &args).await,
        Command::Token(command) => token(cli.config, command).await,
        Command::Feeds(store) => feeds(load_config(cli.config, &store, None)?).await,
        Command::Demo(mut args) => {
            args.serve.store.data = args
                .serve
                .store
                .data
                .or_else(|| Some(PathBuf::from("gazette-demo")));
            let config = load_config(cli.config, &args.serve.store, &args.serve)?;
            let app = App::open(config).await?;
            load_demo(&app).await?;
            serve(app).await
        }
    }
}

fn load_config<'a>(
    file: Option<PathBuf>,
    store: &StoreArgs,
    serve: impl Into<Option<&'a ServeArgs>>,
) -> anyhow::Result<Config> {
    let serve = serve.into();
    let overrides = ConfigOverrides {
        data: store.data.clone(),
        addr: serve.and_then(|s| s.addr),
        database_url: store.database_url.clone(),
        theme: serve.and_then(|s| s.theme.clone()),
    };
    Ok(Config::load(file.as_deref(), overrides)?)
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
    let app = App::open(config).await?;
    let mut stdout = std::io::stdout().lock();
    let mut write_error = None;
    let reports = app
        .ingest_paths(&args.source, &args.paths, |report| {
            let line = if args.json {
                json_line(report)
            } else {
                text_line(report)
            };
            if let Err(e) = writeln!(stdout, "{line}") {
                write_error.get_or_insert(e);
            }
        })
        .await?;
    app.close().await;
    if let Some(e) = write_error {
        return Err(e).context("cannot write the report");
    }
    let count = |status| reports.iter().filter(|r| r.status == status).count();
    let rejected = count(IngestStatus::Rejected);
    if !args.json {
        eprintln!(
            "{} published, {} updated, {} unchanged, {} duplicate, {} skipped, {rejected} rejected",
            count(IngestStatus::Published),
            count(IngestStatus::Updated),
            count(IngestStatus::Unchanged),
            count(IngestStatus::Duplicate),
            count(IngestStatus::Skipped),
        );
    }
    Ok(if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

async fn token(config_file: Option<PathBuf>, command: TokenCommand) -> anyhow::Result<ExitCode> {
    let store = match &command {
        TokenCommand::Create { store, .. }
        | TokenCommand::List { store }
        | TokenCommand::Revoke { store, .. } => store,
    };
    let app = App::open(load_config(config_file, store, None)?).await?;
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
