//! `biokg`: parse the command line, set up logging, run the command.

use clap::Parser;
use std::process::ExitCode;

// Ingest and query evaluation allocate and free many small terms; mimalloc spends about a
// third less CPU on that than the system allocator (a 300 000-triple RDF ingest: 8.4 s of user
// time with glibc's malloc, 6.0 s with mimalloc, measured side by side; see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = biokg_server::cli::Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match biokg_server::cli::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
