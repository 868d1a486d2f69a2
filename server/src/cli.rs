//! The command line: one `clap` derive tree. Every flag also reads a `BIOKG_*` variable.

use crate::kb::KnowledgeBase;
use crate::state::{AppState, Settings};
use anyhow::Context;
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
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
}

/// Source kinds the ingestors read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A plan text in the official layout (body, PHỤ LỤC 01 targets, PHỤ LỤC 02 tasks).
    Plan,
    /// A folder of administrative units (province, communes, other provinces, former units,
    /// boundaries), laid out as `data/places/`.
    Places,
    /// `enterprises.csv`, with `certifications.csv` from the same folder.
    Enterprises,
    /// `labs.csv`.
    Labs,
    /// `plants.csv`, with `accessions.csv` from the same folder.
    Plants,
    /// `value-chain.json`: stages, actors, products, flows and figures of a value chain.
    ValueChain,
}

impl Kind {
    fn registry(self) -> Option<biokg_ingest::registry::RegistryKind> {
        use biokg_ingest::registry::RegistryKind;
        match self {
            Kind::Enterprises => Some(RegistryKind::Enterprises),
            Kind::Labs => Some(RegistryKind::Labs),
            Kind::Plants => Some(RegistryKind::Plants),
            Kind::ValueChain => Some(RegistryKind::ValueChain),
            Kind::Plan | Kind::Places => None,
        }
    }
}

/// Options of `biokg ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The kind of source.
    pub kind: Kind,
    /// The file to load (for `places`, the folder).
    pub file: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataDirArg,
    /// The source's name in IRIs and graph names (default: the file stem, slugged, for a
    /// plan; the kind for places and registries).
    #[arg(long, env = "BIOKG_SOURCE_NAME")]
    pub name: Option<String>,
}

/// Options of `biokg check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The kind of source.
    pub kind: Kind,
    /// The file to validate (for `places`, the folder).
    pub file: PathBuf,
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
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = Settings {
        query_timeout: seconds(args.query_timeout, "--query-timeout")?,
    };
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
    let app = crate::app(AppState::new(kb.clone(), settings));
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tokio::task::spawn_blocking(move || kb.graph().flush()).await??;
    tracing::info!("stopped");
    Ok(())
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

fn load(
    kind: Kind,
    file: &std::path::Path,
    name: Option<&str>,
    known: &biokg_ingest::registry::Known,
) -> Result<biokg_ingest::Loaded, biokg_ingest::Error> {
    use biokg_ingest::registry::{Gazetteer, load_registry};
    match (kind, kind.registry()) {
        (_, Some(registry)) => load_registry(registry, file, name, Gazetteer::bundled(), known),
        (Kind::Places, _) => biokg_ingest::load_places(file, name.or(Some("places"))),
        _ => biokg_ingest::load_plan(file, name),
    }
}

/// What references may resolve to when no store is at hand: the bundled plan's agencies.
fn bundled_known() -> anyhow::Result<biokg_ingest::registry::Known> {
    let (file, bytes) = crate::kb::BUNDLED_PLAN;
    let plan = biokg_ingest::load_plan_bytes(file, bytes, "plan")?;
    Ok(biokg_ingest::registry::Known::from_quads(&plan.quads))
}

fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let kb = KnowledgeBase::open(&args.data.data_dir)?;
    // Validate against what the store holds before writing anything: a bad file loads
    // nothing.
    let mut known = kb.known()?;
    if known.agencies.is_empty() {
        known.agencies = bundled_known()?.agencies;
    }
    let loaded = match load(args.kind, &args.file, args.name.as_deref(), &known) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    kb.prepare(false)?;
    let report = kb.ingest(loaded)?;
    kb.graph().flush()?;
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    match load(args.kind, &args.file, None, &bundled_known()?) {
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
