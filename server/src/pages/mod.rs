//! The web pages: rendered on the server, in Vietnamese with an English switch, readable
//! without JavaScript.
//!
//! One module per page, each rendering from the same functions the JSON routes use (the
//! routes' data logic is shared, never queried twice): [`home`] (`/`, for clients that ask
//! for HTML), [`search`] (`/search`), [`entity`] (`/entity?iri=` and the dereferencing of
//! entity IRIs under `/id/…`), [`plan`] (`/plan`), [`value_chain`] (`/value-chain`),
//! [`sparql`] (`/query`). Markup is built with [`html::Html`], which escapes every string it
//! is given. The CSS and the script are embedded in the binary and served under `/static/`
//! with a content hash in their URL, so they can be cached for good. Every page is sent
//! with a Content-Security-Policy that allows only this origin: a page never makes the
//! browser contact another host.

pub(crate) mod entity;
pub(crate) mod home;
pub(crate) mod html;
mod map;
pub(crate) mod plan;
pub(crate) mod progress;
pub(crate) mod search;
pub(crate) mod sparql;
pub(crate) mod value_chain;

use crate::error::{ApiError, ApiResult, Code};
use crate::params;
use crate::routes::sparql::accept_ranges as weighted;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use biokg_ontology::iri::ID_BASE;
use html::Html;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::Digest;
use std::sync::OnceLock;

/// The routes of the pages.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(search::page))
        .route("/entity", get(entity::by_iri))
        .route("/id/{*path}", get(entity::dereference))
        .route("/plan", get(plan::dashboard))
        .route("/progress", get(progress::page_of_progress))
        .route("/value-chain", get(value_chain::page_of_chains))
        .route("/query", get(sparql::page_of_query))
        .route("/static/{file}", get(asset))
        .layer(axum::middleware::from_fn(html_errors))
}

/// The stylesheet.
const STYLE: &str = include_str!("../../static/style.css");
/// The script: search suggestions, facets that apply on change, example queries in the editor.
const SCRIPT: &str = include_str!("../../static/app.js");

/// The policy sent with every page: this origin only, no inline script or style.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The first 12 hex digits of the SHA-256 of an asset, for its URL.
fn content_hash(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// `/static/style.css?v=…` and `/static/app.js?v=…`.
fn asset_urls() -> &'static (String, String) {
    static URLS: OnceLock<(String, String)> = OnceLock::new();
    URLS.get_or_init(|| {
        (
            format!("/static/style.css?v={}", content_hash(STYLE)),
            format!("/static/app.js?v={}", content_hash(SCRIPT)),
        )
    })
}

async fn asset(Path(file): Path<String>, headers: HeaderMap) -> ApiResult<Response> {
    let (body, media) = match file.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        _ => {
            return Err(ApiError::new(
                Code::NotFound,
                format!("no static file {file:?}"),
            ));
        }
    };
    let etag = format!("\"{}\"", content_hash(body));
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    // The pages link the assets with their hash in the URL: a new build is a new URL.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Ok(response)
}

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// Vietnamese, the default.
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// The language an `Accept-Language` header prefers among ours (Vietnamese when it names
    /// neither).
    fn from_accept_language(headers: &HeaderMap) -> Self {
        let Some(value) = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
        else {
            return Self::Vi;
        };
        let mut best: Option<(f32, usize, Self)> = None;
        for (i, (range, q)) in weighted(value).into_iter().enumerate() {
            let primary = range.split('-').next().unwrap_or("");
            let lang = match primary {
                "vi" => Self::Vi,
                "en" => Self::En,
                _ => continue,
            };
            // Higher weight wins; at equal weight, the earlier entry.
            if q > 0.0 && best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map_or(Self::Vi, |(_, _, l)| l)
    }
}

/// Every `Accept` header of a request, joined.
pub(crate) fn accept(headers: &HeaderMap) -> String {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether the client prefers HTML to anything else it names (a browser's navigation).
pub(crate) fn wants_html(headers: &HeaderMap) -> bool {
    let ranges = weighted(&accept(headers));
    let html = ranges
        .iter()
        .filter(|(r, _)| r == "text/html" || r == "application/xhtml+xml")
        .map(|(_, q)| *q)
        .fold(0.0_f32, f32::max);
    html > 0.0
        && ranges
            .iter()
            .filter(|(r, _)| !r.contains('*') && r != "text/html" && r != "application/xhtml+xml")
            .all(|(_, q)| *q <= html)
}

/// What every page needs from its request: the language, and the path and parameters (for
/// the language switch).
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub(crate) lang: Lang,
    /// Whether the language came from `?lang=` (then links keep it).
    explicit: bool,
    path: String,
    pub(crate) pairs: Vec<(String, String)>,
}

impl Ctx {
    /// The context of a request.
    ///
    /// # Errors
    /// `invalid_parameter` for a query string that is not UTF-8 or a `lang` other than `vi`
    /// and `en`.
    pub(crate) fn new(path: &str, raw_query: Option<&str>, headers: &HeaderMap) -> ApiResult<Self> {
        let pairs = params::pairs(raw_query.unwrap_or(""))?;
        let (lang, explicit) = match params::one(&pairs, "lang")? {
            None => (Lang::from_accept_language(headers), false),
            Some("vi") => (Lang::Vi, true),
            Some("en") => (Lang::En, true),
            Some(other) => {
                return Err(ApiError::invalid(
                    "lang",
                    format!("{other:?} is not one of vi, en"),
                ));
            }
        };
        Ok(Self {
            lang,
            explicit,
            path: path.to_owned(),
            pairs,
        })
    }

    /// The Vietnamese or the English text.
    pub(crate) fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The single value of a parameter.
    ///
    /// # Errors
    /// `invalid_parameter` when it is given more than once.
    pub(crate) fn param(&self, key: &str) -> ApiResult<Option<&str>> {
        params::one(&self.pairs, key)
    }

    /// A link to one of our pages with parameters (and the language, when the user chose it).
    pub(crate) fn href(&self, path: &str, params: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = params.to_vec();
        if self.explicit {
            pairs.push(("lang", self.lang.code()));
        }
        with_query(path, &pairs)
    }

    /// The link to an entity's page: its IRI's path for our own IRIs, else `/entity?iri=`.
    pub(crate) fn entity_href(&self, iri: &str) -> String {
        match iri.strip_prefix(ID_BASE) {
            Some(rest) if !rest.is_empty() && !rest.contains(['?', '#']) => {
                let path: String = rest
                    .split('/')
                    .map(|s| utf8_percent_encode(s, PATH_SEGMENT).to_string())
                    .collect::<Vec<_>>()
                    .join("/");
                self.href(&format!("/id/{path}"), &[])
            }
            _ => self.href("/entity", &[("iri", iri)]),
        }
    }

    /// This page in the other language.
    fn switch_href(&self) -> (String, &'static str, &'static str) {
        let other = match self.lang {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.push(("lang", other.code()));
        let label = match other {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        };
        (with_query(&self.path, &pairs), label, other.code())
    }
}

/// Characters escaped in a query-string key or value.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Characters escaped in a path segment.
const PATH_SEGMENT: &AsciiSet = QUERY_VALUE;

/// `path?k=v&…`, percent-encoded.
pub(crate) fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, QUERY_VALUE),
                utf8_percent_encode(v, QUERY_VALUE)
            )
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// A whole page: the layout around `body`, as a 200 response.
pub(crate) fn page(ctx: &Ctx, title: &str, body: Html) -> Response {
    html_response(StatusCode::OK, render(ctx, title, body))
}

/// An HTML response with the page headers.
fn html_response(status: StatusCode, markup: String) -> Response {
    let mut response = (status, markup).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::VARY,
        HeaderValue::from_static("accept, accept-language"),
    );
    response
}

/// The layout: head, header with navigation and search box, the body, the footer.
fn render(ctx: &Ctx, title: &str, body: Html) -> String {
    let (style, script) = asset_urls();
    let mut h = Html::new();
    h.el("html", &[("lang", ctx.lang.code())], |h| {
        h.el("head", &[], |h| {
            h.void("meta", &[("charset", "utf-8")]);
            h.void(
                "meta",
                &[
                    ("name", "viewport"),
                    ("content", "width=device-width, initial-scale=1"),
                ],
            );
            h.el("title", &[], |h| {
                h.text(title).text(" · BioKG Lào Cai");
            });
            h.void("link", &[("rel", "stylesheet"), ("href", style.as_str())]);
            h.el("script", &[("src", script.as_str()), ("defer", "")], |_| {});
        });
        h.el("body", &[], |h| {
            h.el("header", &[("class", "top")], |h| {
                h.el("a", &[("class", "brand"), ("href", &ctx.href("/", &[]))], |h| {
                    h.text("BioKG Lào Cai");
                });
                h.el("nav", &[("aria-label", ctx.t("Chính", "Main"))], |h| {
                    for (path, vi, en) in [
                        ("/search", "Tìm kiếm", "Search"),
                        ("/plan", "Kế hoạch", "Plan"),
                        ("/progress", "Tiến độ", "Progress"),
                        ("/value-chain", "Chuỗi giá trị", "Value chain"),
                        ("/query", "SPARQL", "SPARQL"),
                    ] {
                        h.link(&ctx.href(path, &[]), ctx.t(vi, en));
                    }
                    let (href, label, code) = ctx.switch_href();
                    h.el(
                        "a",
                        &[
                            ("href", &href),
                            ("hreflang", code),
                            ("lang", code),
                            ("class", "lang"),
                            ("id", "lang-switch"),
                        ],
                        |h| {
                            h.text(label);
                        },
                    );
                });
            });
            h.el("main", &[("id", "main")], |h| {
                h.append(body);
            });
            h.el("footer", &[], |h| {
                h.text(ctx.t(
                    "Dữ liệu: Kế hoạch phát triển công nghệ sinh học tỉnh Lào Cai 2026 và các danh mục đi kèm. Bản ghi có dấu “minh họa” là dữ liệu giả định.",
                    "Data: the Lào Cai province biotechnology plan 2026 and the registries around it. Records marked “illustrative” are made up.",
                ));
                h.text(" ");
                h.link("/api/openapi.json", "API");
            });
        });
    });
    format!("<!DOCTYPE html>\n{}", h.into_string())
}

/// Answers errors of the page routes as pages for clients that want HTML (the status and the
/// code stay; the JSON shape stays for every other client).
async fn html_errors(req: Request, next: Next) -> Response {
    let html = wants_html(req.headers());
    let ctx = error_ctx(req.uri(), req.headers());
    let response = next.run(req).await;
    let Some(code) = response.extensions().get::<Code>().copied() else {
        return response;
    };
    if !html {
        return response;
    }
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let message = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_default();
    error_page(&ctx, status, code, &message)
}

/// The context of an error page: the request's, or (when that is what is wrong) one with the
/// `Accept-Language` language and no parameters.
fn error_ctx(uri: &axum::http::Uri, headers: &HeaderMap) -> Ctx {
    Ctx::new(uri.path(), uri.query(), headers).unwrap_or_else(|_| Ctx {
        lang: Lang::from_accept_language(headers),
        explicit: false,
        path: uri.path().to_owned(),
        pairs: Vec::new(),
    })
}

/// An error of a page as a page, for a browser: the status, the code and the message.
pub(crate) fn html_error(uri: &axum::http::Uri, headers: &HeaderMap, error: &ApiError) -> Response {
    let ctx = error_ctx(uri, headers);
    error_page(&ctx, error.code().status(), error.code(), error.message())
}

fn error_page(ctx: &Ctx, status: StatusCode, code: Code, message: &str) -> Response {
    let mut h = Html::new();
    let title = match status {
        StatusCode::NOT_FOUND => ctx.t("Không tìm thấy", "Not found"),
        s if s.is_client_error() => ctx.t("Yêu cầu không hợp lệ", "Bad request"),
        _ => ctx.t("Lỗi máy chủ", "Server error"),
    };
    h.el_text("h1", &[], title);
    h.el("p", &[("class", "error")], |h| {
        h.el_text("code", &[], code.as_str())
            .text(": ")
            .text(message);
    });
    h.el("p", &[], |h| {
        h.link(
            &ctx.href("/", &[]),
            ctx.t("Về trang chủ", "Back to the home page"),
        );
    });
    let mut response = html_response(status, render(ctx, title, h));
    response.extensions_mut().insert(code);
    response
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    civil_date(i64::try_from(days).unwrap_or(0))
}

/// The proleptic Gregorian date of a day number counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headers with one value.
    pub(super) fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn browsers_want_html_and_api_clients_do_not() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert!(wants_html(&headers(header::ACCEPT, browser)));
        assert!(!wants_html(&headers(header::ACCEPT, "*/*")));
        assert!(!wants_html(&HeaderMap::new()));
        assert!(!wants_html(&headers(
            header::ACCEPT,
            "text/turtle, text/html;q=0.5"
        )));
    }

    #[test]
    fn accept_language_picks_english_or_vietnamese() {
        let l = |v: &str| Lang::from_accept_language(&headers(header::ACCEPT_LANGUAGE, v));
        assert_eq!(l("en-US,en;q=0.9"), Lang::En);
        assert_eq!(l("fr, vi;q=0.5, en;q=0.4"), Lang::Vi);
        assert_eq!(l("de"), Lang::Vi);
        assert_eq!(l("en;q=0.2, vi;q=0.8"), Lang::Vi);
    }

    #[test]
    fn links_are_encoded_and_keep_a_chosen_language() {
        let ctx = Ctx::new("/search", Some("q=a&lang=en"), &HeaderMap::new()).unwrap();
        assert_eq!(
            ctx.href("/search", &[("q", "Sở Y tế & <x>")]),
            "/search?q=S%E1%BB%9F%20Y%20t%E1%BA%BF%20%26%20%3Cx%3E&lang=en"
        );
        assert_eq!(
            ctx.entity_href("https://w3id.org/laocai-biotech/id/agency/so-y-te"),
            "/id/agency/so-y-te?lang=en"
        );
        assert_eq!(
            ctx.entity_href("https://schema.org/Place"),
            "/entity?iri=https%3A%2F%2Fschema.org%2FPlace&lang=en"
        );
        assert_eq!(ctx.switch_href().0, "/search?q=a&lang=vi");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_424), "2025-12-02");
        assert_eq!(civil_date(-1), "1969-12-31");
    }
}
