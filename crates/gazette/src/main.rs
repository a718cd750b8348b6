//! The `gazette` command: parses the command line and calls into the library.

mod demo;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use gazette_app::{App, Config, ConfigOverrides, ErrorChain, IngestReport, IngestStatus};
use gazette_web::Application;
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
The README lists every key.";

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
    /// The format is detected from each file's content (page copy, the text of a
    /// partner's article page, for now). Prints one line per story: published, updated,
    /// unchanged or rejected with the reason. The same file again is unchanged; an
    /// edited copy of the same story (same source and headline) is a new revision at the
    /// same address. Exits 1 when any file was rejected; the others still land. Safe to
    /// run while `gazette serve` runs.
    #[command(after_help = CONFIGURATION_HELP)]
    Ingest(IngestArgs),
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

#[derive(Args)]
struct ConfigArgs {
    /// A TOML configuration file; without it, ./gazette.toml is read when present.
    #[arg(long, env = "GAZETTE_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct StoreArgs {
    /// The data folder: database, and everything else Gazette keeps [default:
    /// ./gazette-data].
    #[arg(long, env = "GAZETTE_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    /// Use PostgreSQL instead of the embedded SQLite database, e.g.
    /// postgres://user@127.0.0.1:5432/gazette. Its password is never printed.
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
    config: ConfigArgs,
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
    config: ConfigArgs,
    #[command(flatten)]
    store: StoreArgs,
    /// Print one JSON object per story: {"path","status","id","url","error"}.
    #[arg(long)]
    json: bool,
    /// Files or folders (read recursively; hidden files are skipped).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
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
            let config = Config::load(args.config.config.as_deref(), overrides)?;
            serve(App::open(config).await?).await
        }
        Command::Ingest(args) => {
            let overrides = ConfigOverrides {
                data: args.store.data.clone(),
                database_url: args.store.database_url.clone(),
                ..ConfigOverrides::default()
            };
            let config = Config::load(args.config.config.as_deref(), overrides)?;
            ingest(config, &args).await
        }
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
    let app = App::open(config).await?;
    let mut stdout = std::io::stdout().lock();
    let mut write_error = None;
    let reports = app
        .ingest_paths(&args.paths, |report| {
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
        for report in app.ingest_document(&format!("demo/{name}"), bytes).await {
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
