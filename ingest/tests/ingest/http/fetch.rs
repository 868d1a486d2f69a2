//! `fetch` against the mock: a registry file over HTTP, its format, redirects, the size limit
//! with and without Content-Length, URLs that are refused.

use super::mock::{Mock, Reply};
use biokg_ingest::{Error, FetchConfig, RemoteFormat, fetch};
use std::time::Duration;

const MIB: usize = 1024 * 1024;

fn plants() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/registries/plants.csv"
    ))
    .expect("the bundled plants registry")
}

fn mock() -> Mock {
    Mock::start(|r| match r.path.as_str() {
        "/registries/plants.csv" => Reply::new(200, "text/csv; charset=utf-8", plants()),
        "/download/onto" => Reply::new(200, "application/octet-stream", "@prefix : <x#> ."),
        "/files/onto.ttl" => Reply::new(200, "application/octet-stream", "@prefix : <x#> ."),
        "/old/plants" => Reply::status(302).header("Location", "/registries/plants.csv"),
        "/page.csv" => Reply::new(200, "text/html", "<html>not a csv</html>"),
        "/big" => Reply::new(200, "text/csv", vec![b'a'; 2 * MIB]),
        "/big-unsized" => Reply::new(200, "text/csv", vec![b'a'; 32 * MIB]).streamed(),
        _ => Reply::status(404),
    })
}

fn small_limit() -> FetchConfig {
    FetchConfig {
        max_bytes: MIB as u64,
        backoff: Duration::from_millis(10),
        ..FetchConfig::default()
    }
}

#[test]
fn a_registry_file_over_http() {
    let mock = mock();
    let url = format!("{}/registries/plants.csv", mock.base);
    let f = fetch(&url, &FetchConfig::default()).expect("fetched");
    assert_eq!(f.url, url);
    assert_eq!(f.file_name, "plants.csv");
    assert_eq!(f.media_type.as_deref(), Some("text/csv"));
    assert_eq!(f.bytes, plants());
    assert_eq!(f.format().expect("format"), RemoteFormat::Csv);
    let r = &mock.requests()[0];
    assert_eq!(r.header("user-agent"), Some(biokg_ingest::USER_AGENT));
}

#[test]
fn a_redirect_is_followed_and_names_the_file() {
    let mock = mock();
    let f = fetch(
        &format!("{}/old/plants", mock.base),
        &FetchConfig::default(),
    )
    .expect("fetched");
    assert_eq!(f.url, format!("{}/registries/plants.csv", mock.base));
    assert_eq!(f.file_name, "plants.csv");
    assert_eq!(mock.count(), 2);
}

#[test]
fn octet_streams_fall_back_to_the_extension() {
    let mock = mock();
    let f = fetch(
        &format!("{}/files/onto.ttl", mock.base),
        &FetchConfig::default(),
    )
    .expect("fetched");
    assert_eq!(f.media_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(
        f.format().expect("format"),
        RemoteFormat::Rdf(biokg_ingest::RdfSyntax::Turtle)
    );

    let f = fetch(
        &format!("{}/download/onto", mock.base),
        &FetchConfig::default(),
    )
    .expect("fetched");
    let err = f.format().expect_err("no extension");
    assert_eq!(
        err.to_string(),
        format!(
            "{}/download/onto: format: cannot tell the format from the content type (application/octet-stream) or the file name \"onto\"",
            mock.base
        )
    );
}

#[test]
fn a_content_type_of_another_format_wins_over_the_name() {
    let mock = mock();
    let f = fetch(&format!("{}/page.csv", mock.base), &FetchConfig::default()).expect("fetched");
    assert!(matches!(f.format(), Err(Error::UnknownFormat { .. })));
}

#[test]
fn a_declared_size_over_the_limit_is_refused_before_reading() {
    let mock = mock();
    let url = format!("{}/big", mock.base);
    let err = fetch(&url, &small_limit()).expect_err("too large");
    assert_eq!(
        err.to_string(),
        format!("{url}: body: larger than the limit of 1048576 bytes")
    );
    assert_eq!(mock.count(), 1, "a body over the limit is not retried");
}

#[test]
fn an_unsized_body_is_cut_at_the_limit_while_streaming() {
    let mock = mock();
    let url = format!("{}/big-unsized", mock.base);
    let err = fetch(&url, &small_limit()).expect_err("too large");
    assert!(
        matches!(err, Error::TooLarge { limit, .. } if limit == MIB as u64),
        "{err:?}"
    );
    // The client stopped reading past the limit: the server could not send all of it (the
    // rest of the 32 MiB at most fills the socket buffers).
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        mock.body_bytes_written() < 32 * MIB as u64,
        "{} bytes sent",
        mock.body_bytes_written()
    );
    assert_eq!(mock.count(), 1);
}

#[test]
fn missing_files_fail_at_once() {
    let mock = mock();
    let url = format!("{}/nothing.csv", mock.base);
    let err = fetch(&url, &small_limit()).expect_err("404");
    assert_eq!(err.to_string(), format!("{url}: status: HTTP 404"));
    assert_eq!(mock.count(), 1);
}

#[test]
fn only_http_urls_are_fetched() {
    for url in [
        "file:///etc/passwd",
        "ftp://example.org/a.csv",
        "plants.csv",
    ] {
        assert!(
            matches!(
                fetch(url, &FetchConfig::default()),
                Err(Error::BadUrl { .. })
            ),
            "{url}"
        );
    }
}
