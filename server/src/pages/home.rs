//! `/` for browsers: what the service holds, a search box, and the ways in.

use super::html::Html;
use super::search::{kind_name, search_box};
use super::{Ctx, page};
use crate::error::ApiResult;
use crate::routes::search::run;
use crate::state::AppState;
use axum::http::HeaderMap;
use axum::response::Response;
use biokg_search::{SearchRequest, Sort};
use std::collections::BTreeMap;

/// The entry points: a link, its names, and the types whose count it shows.
const ENTRIES: &[(&str, &str, &str, &[&str])] = &[
    (
        "/plan#targets",
        "Mục tiêu đến 2030",
        "Targets to 2030",
        &["target"],
    ),
    ("/plan#tasks", "Nhiệm vụ", "Tasks", &["task"]),
    (
        "/search?type=enterprise&type=cooperative",
        "Doanh nghiệp và hợp tác xã",
        "Enterprises and cooperatives",
        &["enterprise", "cooperative"],
    ),
    ("/search?type=lab", "Phòng thí nghiệm", "Labs", &["lab"]),
    (
        "/search?type=taxon",
        "Loài cây dược liệu",
        "Medicinal-plant species",
        &["taxon"],
    ),
    (
        "/value-chain",
        "Chuỗi giá trị dược liệu",
        "Medicinal-herb value chain",
        &["value-chain"],
    ),
    (
        "/search?type=commune&type=historical-area",
        "Địa bàn: xã, phường và huyện cũ",
        "Places: communes and former districts",
        &["commune", "historical-area"],
    ),
    ("/search?type=agency", "Cơ quan", "Agencies", &["agency"]),
];

/// The number of indexed entities of each type (one search over every type, no hits).
async fn counts(state: &AppState) -> ApiResult<BTreeMap<String, u64>> {
    let results = run(
        state,
        SearchRequest {
            q: String::new(),
            kinds: biokg_engine::documents::KINDS
                .iter()
                .map(|k| (*k).to_owned())
                .collect(),
            filters: Vec::new(),
            limit: 0,
            offset: 0,
            sort: Sort::Relevance,
        },
    )
    .await?;
    Ok(results.facets.get("kind").cloned().unwrap_or_default())
}

/// The home page.
///
/// # Errors
/// `invalid_parameter` for a bad `lang`; the index's errors.
pub(crate) async fn page_for(
    state: &AppState,
    headers: &HeaderMap,
    raw: Option<&str>,
) -> ApiResult<Response> {
    let ctx = Ctx::new("/", raw, headers)?;
    let counts = counts(state).await?;
    let count = |kinds: &[&str]| -> u64 { kinds.iter().filter_map(|k| counts.get(*k)).sum() };
    let mut h = Html::new();
    h.el("section", &[("class", "hero")], |h| {
        h.el_text(
            "h1",
            &[],
            ctx.t(
                "Tri thức công nghệ sinh học tỉnh Lào Cai",
                "The biotech knowledge of Lào Cai province",
            ),
        );
        h.el_text(
            "p",
            &[("class", "lead")],
            ctx.t(
                "Kế hoạch phát triển công nghệ sinh học năm 2026 của tỉnh — mục tiêu, nhiệm vụ, cơ quan, thời hạn — cùng doanh nghiệp, hợp tác xã, phòng thí nghiệm, nguồn gen cây dược liệu và chuỗi giá trị dược liệu Sa Pa – Bắc Hà – Văn Bàn, trong một đồ thị tri thức có thể tìm kiếm và truy vấn.",
                "The province's 2026 biotechnology plan — targets, tasks, agencies, deadlines — with the enterprises, cooperatives, labs, medicinal-plant genetic resources and the Sa Pa – Bắc Hà – Văn Bàn medicinal-herb value chain, in one knowledge graph you can search and query.",
            ),
        );
        search_box(h, &ctx, "");
    });
    h.el("section", &[("aria-labelledby", "entries")], |h| {
        h.el_text("h2", &[("id", "entries")], ctx.t("Lối vào", "Ways in"));
        h.el("ul", &[("class", "cards")], |h| {
            for (href, vi, en, kinds) in ENTRIES {
                let (path, query) = href.split_once('?').unwrap_or((*href, ""));
                let pairs: Vec<(&str, &str)> =
                    query.split('&').filter_map(|p| p.split_once('=')).collect();
                h.el("li", &[("class", "card")], |h| {
                    h.el("a", &[("href", &ctx.href(path, &pairs))], |h| {
                        h.el_text("span", &[("class", "number")], &count(kinds).to_string());
                        h.el_text("span", &[("class", "what")], ctx.t(vi, en));
                    });
                });
            }
            h.el("li", &[("class", "card")], |h| {
                h.el("a", &[("href", &ctx.href("/query", &[]))], |h| {
                    h.el_text("span", &[("class", "number")], "SPARQL");
                    h.el_text(
                        "span",
                        &[("class", "what")],
                        ctx.t("Truy vấn và câu hỏi mẫu", "Queries and examples"),
                    );
                });
            });
        });
    });
    h.el("section", &[("aria-labelledby", "holdings")], |h| {
        h.el_text(
            "h2",
            &[("id", "holdings")],
            ctx.t("Dữ liệu hiện có", "What the service holds"),
        );
        h.el("table", &[("class", "holdings")], |h| {
            h.el("tbody", &[], |h| {
                for kind in biokg_engine::documents::KINDS {
                    let Some(n) = counts.get(*kind).filter(|n| **n > 0) else {
                        continue;
                    };
                    h.el("tr", &[], |h| {
                        h.el("th", &[("scope", "row")], |h| {
                            h.link(
                                &ctx.href("/search", &[("type", kind)]),
                                kind_name(&ctx, kind),
                            );
                        });
                        h.el_text("td", &[("class", "num")], &n.to_string());
                    });
                }
            });
        });
    });
    Ok(page(&ctx, ctx.t("Trang chủ", "Home"), h))
}
