//! The command line: one `clap` derive tree. Every flag also reads a `BIOKG_*` variable.

use crate::auth::WriteToken;
use crate::state::{AppState, Settings};
use anyhow::Context;
use biokg_engine::KnowledgeBase;
use biokg_graph::{Dataset, Format, PreparedQuery, QueryKind, QueryResultsFormat, RdfFormat};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// BioKG Lào Cai: a knowledge graph and search service for the biotech resources of Lào Cai.
#[derive(Debug, Parser)]
#[command(name = "biokg", version, about)]
pub struct Cli {
    /// Log filter (tracing's env-filter syntax, e.g. `info`, `biokg_server=debug`).
    #[arg(long, global = true, env = "BIOKG_LOG", default_value = "info")]
    pub log: String,
    /// Log lines as plain text (with colours only on a terminal) or as JSON lines, one object
    /// per event, for a log collector.
    #[arg(long, global = true, env = "BIOKG_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Plain text; coloured when stderr is a terminal, without escape codes otherwise.
    Text,
    /// One JSON object per line.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the SPARQL endpoint, the JSON API and the pages; the first start on an empty data
    /// directory loads the bundled data.
    Serve(ServeArgs),
    /// Load a source into the store and the index, replacing what that source loaded before.
    Ingest(IngestArgs),
    /// Parse and validate a source without loading it; print its report.
    Check(CheckArgs),
    /// Run a SPARQL query against a data directory and print the results.
    Query(QueryArgs),
    /// Search a data directory's index.
    Search(SearchArgs),
    /// Back up a data directory's store and index, consistent with each other, into a new
    /// directory with a manifest (stop the server first: the store is opened by one process).
    Backup(BackupArgs),
    /// Restore a backup into a data directory, after checking it against its manifest.
    Restore(RestoreArgs),
    /// Write a report of a data directory to a file.
    Report(ReportArgs),
}

/// The data directory every command works on.
#[derive(Debug, Args)]
pub struct DataDirArg {
    /// Where the store (`store/`) and the search index (`index/`) live.
    #[arg(long, env = "BIOKG_DATA_DIR", default_value = "biokg-data")]
    pub data_dir: PathBuf,
}

/// Options of `biokg serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// Address to listen on.
    #[arg(long, env = "BIOKG_ADDR", default_value = "127.0.0.1:7878")]
    pub addr: SocketAddr,
    /// Time limit of one SPARQL query, in seconds; the query is cancelled past it.
    #[arg(long, env = "BIOKG_QUERY_TIMEOUT", default_value_t = 30.0)]
    pub query_timeout: f64,
    /// Do not load the bundled data into an empty store.
    #[arg(long, env = "BIOKG_NO_BOOTSTRAP")]
    pub no_bootstrap: bool,
    /// File holding the bearer token that allows writes (SPARQL Update, graph store PUT, POST,
    /// DELETE). Without it or `BIOKG_WRITE_TOKEN`, writes are off.
    #[arg(long, env = "BIOKG_WRITE_TOKEN_FILE")]
    pub write_token_file: Option<PathBuf>,
    /// The bearer token that allows writes, given directly (at least 16 characters). Prefer
    /// the file: environment variables show up in process listings of the same user.
    #[arg(
        long,
        env = "BIOKG_WRITE_TOKEN",
        hide_env_values = true,
        conflicts_with = "write_token_file"
    )]
    pub write_token: Option<String>,
    /// File of the agencies' report tokens, one `agency-key<TAB>token` per line: each token
    /// may upload its own agency's yearly reports (`POST /api/reports`) and nothing else. The
    /// file is read again on SIGHUP, so a token is rotated without a restart.
    #[arg(long, env = "BIOKG_REPORT_TOKENS_FILE")]
    pub report_tokens_file: Option<PathBuf>,
    /// SPARQL queries and updates evaluated at once (default: twice the cores); more wait for
    /// a slot, then get a 503.
    #[arg(long, env = "BIOKG_MAX_CONCURRENT_QUERIES")]
    pub max_concurrent_queries: Option<usize>,
    /// Seconds a SPARQL request waits for a free slot before a 503 with `Retry-After`.
    #[arg(long, env = "BIOKG_QUEUE_TIMEOUT", default_value_t = 2.0)]
    pub queue_timeout: f64,
    /// Largest request body in bytes (a query, an update, a graph); larger is a 413.
    #[arg(long, env = "BIOKG_MAX_BODY_BYTES", default_value_t = crate::state::DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Requests per second allowed per client address, as `RATE` or `RATE/BURST` (e.g.
    /// `20/40`); past it, a 429 with `Retry-After`. Off by default. `/health`, `/ready` and
    /// `/metrics` are not limited.
    #[arg(long, env = "BIOKG_RATE_LIMIT")]
    pub rate_limit: Option<crate::limits::Rate>,
    /// Bytes of SPARQL answers kept for repeated queries, until the next write; 0 turns the
    /// cache off.
    #[arg(long, env = "BIOKG_QUERY_CACHE_BYTES", default_value_t = crate::cache::DEFAULT_CAPACITY_BYTES)]
    pub query_cache_bytes: u64,
}

/// Source kinds the ingestors read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A plan text in the official layout (body, PHỤ LỤC 01 targets, PHỤ LỤC 02 tasks).
    Plan,
    /// A folder of administrative units (province, communes, other provinces, former units,
    /// boundaries), laid out as `data/places/`.
    Places,
    /// `enterprises.csv` or `.json`, with `certifications.csv` (or `.json`) from the same
    /// folder.
    Enterprises,
    /// `labs.csv` or `labs.json`.
    Labs,
    /// `plants.csv` or `.json`, with `accessions.csv` (or `.json`) from the same folder.
    Plants,
    /// `value-chain.json`: stages, actors, products, flows and figures of a value chain.
    ValueChain,
    /// An RDF file (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD, by extension),
    /// validated against the SHACL shapes of the ontology.
    Rdf,
    /// An agency's yearly progress report: `.xlsx` (first sheet) or `.csv` (UTF-8), in the
    /// format of `data/README.md` ("Progress reports"); its graph is named after the agency,
    /// the year and the day it was sent.
    Report,
    /// Match every taxon of the store against the GBIF species-match API (no file).
    Gbif,
    /// A remote file: RDF or plan text by its Content-Type or extension; a CSV or JSON
    /// registry with `--as KIND`.
    Url,
}

impl Kind {
    fn registry(self) -> Option<biokg_ingest::registry::Registry> {
        use biokg_ingest::registry::Registry;
        match self {
            Kind::Enterprises => Some(Registry::Enterprises),
            Kind::Labs => Some(Registry::Labs),
            Kind::Plants => Some(Registry::Plants),
            Kind::ValueChain => Some(Registry::ValueChain),
            Kind::Plan | Kind::Places | Kind::Rdf | Kind::Report | Kind::Gbif | Kind::Url => None,
        }
    }

    /// How a local file of this kind is read (an RDF syntax by the file's extension).
    fn format(self, file: &std::path::Path) -> Result<biokg_ingest::Format, biokg_ingest::Error> {
        use biokg_ingest::Format;
        Ok(match (self, self.registry()) {
            (_, Some(registry)) => Format::Registry(registry),
            (Kind::Places, _) => Format::Places,
            (Kind::Rdf, _) => Format::Rdf(biokg_ingest::RdfSyntax::of_path(file)?),
            (Kind::Report, _) => Format::Report,
            _ => Format::Plan,
        })
    }

    /// What `--as` declares a remote file to be. `url` and `gbif` declare nothing a file can
    /// be, so a table declared so is refused.
    fn source_type(self) -> biokg_ingest::SourceType {
        use biokg_ingest::SourceType;
        match (self, self.registry()) {
            (_, Some(registry)) => registry.source_type(),
            (Kind::Plan, _) => SourceType::Plan,
            (Kind::Places, _) => SourceType::Places,
            (Kind::Rdf, _) => SourceType::Rdf,
            (Kind::Report, _) => SourceType::Report,
            _ => SourceType::Gbif,
        }
    }
}

/// Options of `biokg ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The kind of source.
    pub kind: Kind,
    /// The file to load (for `places`, the folder; for `url`, the URL; none for `gbif`).
    pub file: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// The source's name in IRIs and graph names (default: the file stem, slugged, for a
    /// plan; the kind for places and registries; `gbif` for GBIF).
    #[arg(long, env = "BIOKG_SOURCE_NAME")]
    pub name: Option<String>,
    /// `url`: the registry kind of a remote CSV or JSON file.
    #[arg(long = "as", env = "BIOKG_URL_KIND")]
    pub as_kind: Option<Kind>,
    /// `url`: the largest body accepted, in bytes.
    #[arg(long, env = "BIOKG_MAX_BYTES", default_value_t = 50 * 1024 * 1024)]
    pub max_bytes: u64,
    /// `gbif`: the base URL of the GBIF API (v1).
    #[arg(
        long,
        env = "BIOKG_GBIF_URL",
        default_value = "https://api.gbif.org/v1"
    )]
    pub gbif_url: String,
    /// `gbif`: where responses are cached (default: `DATA_DIR/cache/gbif`); a re-run with the
    /// same cache makes no request.
    #[arg(long, env = "BIOKG_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// `gbif`: also fetch occurrence records in `--country`.
    #[arg(long, env = "BIOKG_GBIF_OCCURRENCES")]
    pub occurrences: bool,
    /// `gbif`: the country of occurrence records (ISO 3166 alpha-2).
    #[arg(long, env = "BIOKG_GBIF_COUNTRY", default_value = "VN")]
    pub country: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub national: NationalArg,
    /// Load the graph only: the source's search documents are not built now, and the next
    /// command that opens the data directory for reading (`serve`, `query`, `search`, an
    /// `ingest` with indexing) rebuilds the whole index once, since its generation lags the
    /// store's. For loading many large sources in a row.
    #[arg(long, env = "BIOKG_NO_INDEX")]
    pub no_index: bool,
}

/// Which communes registry files may name.
#[derive(Debug, Args)]
pub struct NationalArg {
    /// Registries: accept the communes and wards of all 34 provinces of the bundled national
    /// list, not only the province's own (for national data such as `biokg-gen`'s).
    #[arg(long, env = "BIOKG_NATIONAL")]
    pub national: bool,
}

impl NationalArg {
    fn gazetteer(&self) -> &'static biokg_ingest::registry::Gazetteer {
        use biokg_ingest::registry::Gazetteer;
        if self.national {
            Gazetteer::national()
        } else {
            Gazetteer::bundled()
        }
    }
}

/// Options of `biokg check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The kind of source.
    pub kind: Kind,
    /// The file to validate (for `places`, the folder).
    pub file: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub national: NationalArg,
}

/// Output formats of `biokg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// SPARQL results JSON (SELECT, ASK) or JSON-LD (CONSTRUCT, DESCRIBE).
    Json,
    /// SPARQL results XML or RDF/XML.
    Xml,
    /// CSV (SELECT, ASK).
    Csv,
    /// TSV (SELECT, ASK).
    Tsv,
    /// Turtle (CONSTRUCT, DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT, DESCRIBE).
    Ntriples,
}

/// Options of `biokg query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The SPARQL query, or `-` to read it from standard input.
    pub query: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// Output format (default: TSV for SELECT and ASK, Turtle for graphs).
    #[arg(long, env = "BIOKG_FORMAT")]
    pub format: Option<OutputFormat>,
    /// Time limit in seconds.
    #[arg(long, env = "BIOKG_QUERY_TIMEOUT", default_value_t = 30.0)]
    pub timeout: f64,
}

/// Options of `biokg backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// Where to write the backup: a directory that does not exist yet or is empty.
    pub out: PathBuf,
}

/// Options of `biokg restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup directory (with its `manifest.json`).
    pub backup: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// Replace the store and index of a data directory that already has them.
    #[arg(long, env = "BIOKG_FORCE")]
    pub force: bool,
}

/// Options of `biokg report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report.
    #[command(subcommand)]
    pub report: Report,
}

/// The reports `biokg report` writes.
#[derive(Debug, Subcommand)]
pub enum Report {
    /// The consolidated yearly report of the plan's implementation, in Vietnamese, as a Word
    /// document (.docx): task statuses, target indicators, reporting compliance, proposals
    /// (the rules are in docs/monitoring.md).
    Progress(ProgressReportArgs),
}

/// Options of `biokg report progress`.
#[derive(Debug, Args)]
pub struct ProgressReportArgs {
    /// The reporting year of the compliance, funding and proposals (2000 to 2100).
    #[arg(long, env = "BIOKG_REPORT_YEAR", value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// The date the rules are applied for, as YYYY-MM-DD (default: today): only the
    /// submissions sent on or before it count.
    #[arg(long, env = "BIOKG_AS_OF")]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// The .docx file to write (replaced if it exists).
    #[arg(long, env = "BIOKG_OUT")]
    pub out: PathBuf,
}

/// Options of `biokg search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, with or without diacritics.
    pub q: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// Only entities of this type (task, target, agency, clause...).
    #[arg(long = "type", env = "BIOKG_TYPE")]
    pub kind: Vec<String>,
    /// Number of hits.
    #[arg(long, env = "BIOKG_LIMIT", default_value_t = 10)]
    pub limit: usize,
    /// Print the hits as JSON.
    #[arg(long, env = "BIOKG_JSON")]
    pub json: bool,
}

fn seconds(s: f64, what: &str) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        s.is_finite() && s > 0.0,
        "{what} must be a positive number of seconds"
    );
    Ok(Duration::from_secs_f64(s))
}

/// Runs one command; errors are printed by the caller.
///
/// # Errors
/// Whatever the command failed on, with context.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve(args).await.map(|()| ExitCode::SUCCESS),
        Command::Ingest(args) => tokio::task::spawn_blocking(move || ingest(args)).await?,
        Command::Check(args) => tokio::task::spawn_blocking(move || check(args)).await?,
        Command::Query(args) => tokio::task::spawn_blocking(move || query(args)).await?,
        Command::Search(args) => tokio::task::spawn_blocking(move || search(args)).await?,
        Command::Backup(args) => tokio::task::spawn_blocking(move || backup(args)).await?,
        Command::Restore(args) => tokio::task::spawn_blocking(move || restore(args)).await?,
        Command::Report(ReportArgs {
            report: Report::Progress(args),
        }) => tokio::task::spawn_blocking(move || report_progress(args)).await?,
    }
}

/// The write token from `--write-token-file` or `--write-token`, if any.
fn write_token(args: &ServeArgs) -> anyhow::Result<Option<WriteToken>> {
    let text = match (&args.write_token_file, &args.write_token) {
        (Some(path), _) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the write token file {}", path.display()))?,
        (None, Some(token)) => token.clone(),
        (None, None) => return Ok(None),
    };
    WriteToken::new(&text)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn settings(args: &ServeArgs) -> anyhow::Result<Settings> {
    anyhow::ensure!(args.max_body_bytes > 0, "--max-body-bytes must be positive");
    let max_concurrent_queries = args
        .max_concurrent_queries
        .unwrap_or_else(crate::state::default_concurrency);
    anyhow::ensure!(
        max_concurrent_queries > 0,
        "--max-concurrent-queries must be at least 1"
    );
    Ok(Settings {
        query_timeout: seconds(args.query_timeout, "--query-timeout")?,
        max_concurrent_queries,
        queue_timeout: seconds(args.queue_timeout, "--queue-timeout")?,
        max_body_bytes: args.max_body_bytes,
        write_token: write_token(args)?,
        report_tokens: std::sync::Arc::new(match &args.report_tokens_file {
            Some(path) => crate::auth::ReportTokens::from_file(path).map_err(anyhow::Error::msg)?,
            None => crate::auth::ReportTokens::default(),
        }),
        rate_limit: args.rate_limit,
        query_cache_bytes: args.query_cache_bytes,
    })
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = settings(&args)?;
    tracing::info!(
        writes = settings.write_token.is_some(),
        sparql_slots = settings.max_concurrent_queries,
        max_body_bytes = settings.max_body_bytes,
        rate_limit = ?settings.rate_limit,
        query_cache_bytes = settings.query_cache_bytes,
        "settings"
    );
    let dir = args.data.data_dir.clone();
    let bootstrap = !args.no_bootstrap;
    let kb = tokio::task::spawn_blocking(move || -> anyhow::Result<KnowledgeBase> {
        let kb = KnowledgeBase::open(&dir)
            .with_context(|| format!("cannot open the data directory {}", dir.display()))?;
        let report = kb.prepare(bootstrap)?;
        for r in &report.bootstrapped {
            tracing::info!(file = %r.file, triples = r.triples, warnings = r.warnings.len(), "bundled source loaded");
        }
        if report.index_rebuilt {
            tracing::info!("search index rebuilt to match the store");
        }
        Ok(kb)
    })
    .await??;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, data_dir = %args.data.data_dir.display(), "serving");
    // Printed on stdout so scripts and tests can find the port when binding to port 0.
    println!("listening on http://{addr}");
    let state = AppState::new(kb.clone(), settings);
    reload_on_hangup(&state);
    let app = crate::app(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tokio::task::spawn_blocking(move || kb.graph().flush()).await??;
    tracing::info!("stopped");
    Ok(())
}

/// Re-reads the agencies' report tokens on every SIGHUP (the old tokens stay when the file
/// has an error, which is logged).
fn reload_on_hangup(state: &AppState) {
    #[cfg(unix)]
    {
        let tokens = std::sync::Arc::clone(&state.settings.report_tokens);
        let Ok(mut hangups) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            tracing::warn!("cannot listen for SIGHUP: report tokens will not reload");
            return;
        };
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                match tokens.reload() {
                    Ok(n) => tracing::info!(agencies = n, "report tokens reloaded"),
                    Err(error) => {
                        tracing::error!(%error, "report tokens not reloaded; the old ones stay")
                    }
                }
            }
        });
    }
    #[cfg(not(unix))]
    let _ = state;
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The input a `Kind` and a file make (`None` for `gbif` and `url`, which read no local file).
fn local_input(
    kind: Kind,
    file: &std::path::Path,
    name: Option<&str>,
) -> Result<biokg_ingest::Input, biokg_ingest::Error> {
    Ok(biokg_ingest::Input::path(kind.format(file)?, file).with_name(name))
}

/// Shows a spinner while `step` runs, cleared however it ends.
fn reading<T>(what: &std::path::Path, step: impl FnOnce() -> T) -> T {
    let spinner = biokg_engine::progress::Progress::spinner(format!("reading {}", what.display()));
    let out = step();
    spinner.finish();
    out
}

fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let kb = KnowledgeBase::open(&args.data.data_dir)?;
    let options = biokg_engine::IngestOptions {
        index: !args.no_index,
        progress: true,
    };
    let result = match args.kind {
        Kind::Gbif | Kind::Url => {
            let loaded = if args.kind == Kind::Gbif {
                gbif(&kb, &args)
            } else {
                remote(&args).map(|input| kb.load(&input, args.national.gazetteer()))
            };
            match loaded {
                Ok(Ok(loaded)) => prepare_and_write(&kb, loaded, options),
                Ok(Err(e)) => Err(e),
                Err(e) => Err(e.into()),
            }
        }
        kind => {
            let Some(file) = &args.file else {
                eprintln!("error: ingest {kind:?} needs a FILE");
                return Ok(ExitCode::FAILURE);
            };
            match local_input(kind, file, args.name.as_deref()) {
                Ok(input) => reading(file, || {
                    kb.ingest_input(&input, args.national.gazetteer(), options)
                }),
                Err(e) => Err(e.into()),
            }
        }
    };
    match result {
        Ok(report) => {
            kb.graph().flush()?;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Err(biokg_engine::Error::Ingest(e)) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes what a network source gave, the store made ready first.
fn prepare_and_write(
    kb: &KnowledgeBase,
    loaded: biokg_ingest::Loaded,
    options: biokg_engine::IngestOptions,
) -> Result<biokg_ingest::Report, biokg_engine::Error> {
    if options.index {
        kb.prepare(false)?;
    } else {
        kb.prepare_store()?;
    }
    kb.ingest_with(loaded, options)
}

/// `ingest gbif`: the taxa of the store, matched against GBIF.
fn gbif(
    kb: &KnowledgeBase,
    args: &IngestArgs,
) -> Result<Result<biokg_ingest::Loaded, biokg_engine::Error>, biokg_ingest::Error> {
    let cache = args
        .cache_dir
        .clone()
        .unwrap_or_else(|| args.data.data_dir.join("cache").join("gbif"));
    let mut cfg = biokg_ingest::GbifConfig::new(cache);
    cfg.base_url.clone_from(&args.gbif_url);
    cfg.occurrences = args.occurrences;
    cfg.country.clone_from(&args.country);
    let taxa = kb.taxa().unwrap_or_else(|e| {
        tracing::error!(error = %e, "cannot read the taxa of the store");
        Vec::new()
    });
    biokg_ingest::match_taxa(&taxa, &cfg, args.name.as_deref().unwrap_or("gbif")).map(Ok)
}

/// `ingest url`: a remote file, as the input its format makes.
fn remote(args: &IngestArgs) -> Result<biokg_ingest::Input, biokg_ingest::Error> {
    let url = args
        .file
        .as_ref()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cfg = biokg_ingest::FetchConfig {
        max_bytes: args.max_bytes,
        ..biokg_ingest::FetchConfig::default()
    };
    let fetched = biokg_ingest::fetch(&url, &cfg)?;
    fetched.into_input(args.as_kind.map(Kind::source_type), args.name.as_deref())
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    if matches!(args.kind, Kind::Gbif | Kind::Url) {
        eprintln!(
            "error: check reads local files; use ingest for {:?}",
            args.kind
        );
        return Ok(ExitCode::FAILURE);
    }
    let graph = if args.kind == Kind::Rdf {
        biokg_engine::bundled::graph()?
    } else {
        oxigraph::model::Graph::new()
    };
    let known = biokg_engine::bundled::known()?;
    let ctx = biokg_ingest::Context {
        known: &known,
        gazetteer: args.national.gazetteer(),
        store: &graph,
    };
    let loaded = local_input(args.kind, &args.file, None)
        .and_then(|input| reading(&args.file, || biokg_ingest::ingest(&input, &ctx)));
    match loaded {
        Ok(loaded) => {
            print!("{}", loaded.report);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn query(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let text = if args.query == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        args.query.clone()
    };
    let prepared = match PreparedQuery::parse(&text) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let format = match (prepared.kind(), args.format) {
        (QueryKind::Graph, None | Some(OutputFormat::Turtle)) => Format::Rdf(RdfFormat::Turtle),
        (QueryKind::Graph, Some(OutputFormat::Ntriples)) => Format::Rdf(RdfFormat::NTriples),
        (QueryKind::Graph, Some(OutputFormat::Xml)) => Format::Rdf(RdfFormat::RdfXml),
        (QueryKind::Graph, Some(OutputFormat::Json)) => Format::Rdf(RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        }),
        (_, None | Some(OutputFormat::Tsv)) => Format::Results(QueryResultsFormat::Tsv),
        (_, Some(OutputFormat::Csv)) => Format::Results(QueryResultsFormat::Csv),
        (_, Some(OutputFormat::Json)) => Format::Results(QueryResultsFormat::Json),
        (_, Some(OutputFormat::Xml)) => Format::Results(QueryResultsFormat::Xml),
        (kind, Some(f)) => anyhow::bail!("--format {f:?} does not fit a {kind:?} query"),
    };
    let kb = KnowledgeBase::open(&args.data.data_dir)?;
    kb.prepare(false)?;
    match kb.graph().execute(
        &prepared,
        &Dataset::default(),
        format,
        seconds(args.timeout, "--timeout")?,
    ) {
        Ok(bytes) => {
            std::io::stdout().write_all(&bytes)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.is_user_error() || matches!(e, biokg_graph::Error::Timeout(_)) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let kb = KnowledgeBase::open(&args.data.data_dir)?;
    kb.prepare(false)?;
    let request = biokg_search::SearchRequest {
        q: args.q.clone(),
        kinds: args.kind.clone(),
        filters: Vec::new(),
        limit: args.limit,
        offset: 0,
        sort: biokg_search::Sort::Relevance,
    };
    let results = match kb.index().search(&request) {
        Ok(r) => r,
        Err(e) if e.is_user_error() => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{} results", results.total)?;
        for h in &results.hits {
            writeln!(out, "{:.3}\t{}\t{}\t{}", h.score, h.kind, h.iri, h.label)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let store = args.data.data_dir.join("store");
    anyhow::ensure!(
        store.is_dir(),
        "{}: no store to back up",
        args.data.data_dir.display()
    );
    let kb = KnowledgeBase::open(&args.data.data_dir)?;
    kb.prepare(false)?;
    let manifest = biokg_engine::backup::backup(&kb, &args.out)?;
    println!(
        "backup of generation {} written to {}: {} triples, {} documents, {} files",
        manifest.generation,
        args.out.display(),
        manifest.triples,
        manifest.documents,
        manifest.files.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    match biokg_engine::backup::restore(&args.backup, &args.data.data_dir, args.force) {
        Ok(manifest) => {
            println!(
                "restored generation {} into {}: {} triples, {} documents",
                manifest.generation,
                args.data.data_dir.display(),
                manifest.triples,
                manifest.documents
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// How long the reads of a report may take.
const REPORT_TIMEOUT: Duration = Duration::from_secs(120);

fn report_progress(args: ProgressReportArgs) -> anyhow::Result<ExitCode> {
    let store = args.data.data_dir.join("store");
    anyhow::ensure!(
        store.is_dir(),
        "{}: no store to report on",
        args.data.data_dir.display()
    );
    let kb = KnowledgeBase::open(&args.data.data_dir)?;
    kb.prepare(false)?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| biokg_engine::read::monitoring::today().0);
    let progress = biokg_engine::Reader::new(&kb, REPORT_TIMEOUT).progress(as_of, args.year)?;
    let bytes = biokg_engine::export::progress_docx(&progress)?;
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "report of {} as of {} written to {}: {} tasks, {} agencies, {} bytes",
        args.year,
        progress.as_of,
        args.out.display(),
        progress.tasks.len(),
        progress.agencies.len(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
