//! `/search`: results of the full-text search with facets as checkboxes, highlighted
//! snippets and pages; a plain GET form, so it works without JavaScript (the script only
//! applies a ticked facet at once and suggests labels as one types).

use super::Ctx;
use super::html::Html;
use crate::error::ApiResult;
use crate::routes::search::{request, run};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use biokg_search::SearchResults;

/// Hits per page.
pub(crate) const PAGE_SIZE: usize = 20;

/// Most pages one can reach (the index answers offsets up to 10 000).
const MAX_PAGE: usize = 10_000 / PAGE_SIZE;

/// Vietnamese and English names of the entity types.
const KIND_NAMES: &[(&str, &str, &str)] = &[
    ("plan", "Kế hoạch", "Plan"),
    ("clause", "Điều khoản", "Clause"),
    ("target", "Mục tiêu", "Target"),
    ("task", "Nhiệm vụ", "Task"),
    ("task-group", "Nhóm nhiệm vụ", "Task group"),
    ("agency", "Cơ quan", "Agency"),
    ("agency-group", "Nhóm cơ quan", "Agency group"),
    ("reporting-duty", "Chế độ báo cáo", "Reporting duty"),
    ("legal-document", "Văn bản", "Legal document"),
    ("enterprise", "Doanh nghiệp", "Enterprise"),
    ("cooperative", "Hợp tác xã", "Cooperative"),
    ("lab", "Phòng thí nghiệm", "Lab"),
    ("certificate", "Chứng nhận", "Certificate"),
    ("taxon", "Loài", "Species"),
    ("accession", "Mẫu nguồn gen", "Accession"),
    ("commune", "Xã, phường", "Commune"),
    ("province", "Tỉnh", "Province"),
    ("historical-area", "Đơn vị cũ", "Former district"),
    ("value-chain", "Chuỗi giá trị", "Value chain"),
    ("product", "Sản phẩm", "Product"),
    ("flow", "Luồng hàng", "Flow"),
    ("figure", "Số liệu", "Figure"),
];

/// Vietnamese and English names of the facets.
const FACET_NAMES: &[(&str, &str, &str)] = &[
    ("type", "Loại", "Type"),
    ("section", "Phần", "Section"),
    ("lead", "Chủ trì", "Lead"),
    ("partner", "Phối hợp", "Partner"),
    ("monitor", "Theo dõi", "Monitoring"),
    ("timeline", "Thời hạn", "Timeline"),
    ("role", "Vai trò", "Role"),
    ("missing", "Thiếu", "Missing"),
    ("legal-form", "Loại hình", "Legal form"),
    ("sector", "Lĩnh vực", "Sector"),
    ("activity", "Hoạt động", "Activity"),
    ("stage", "Khâu", "Stage"),
    ("certification", "Chứng nhận", "Certification"),
    ("species", "Loài", "Species"),
    ("commune", "Xã, phường", "Commune"),
    ("former-district", "Huyện cũ", "Former district"),
    ("illustrative", "Minh họa", "Illustrative"),
    ("biosafety", "An toàn sinh học", "Biosafety"),
    ("capability", "Năng lực", "Capability"),
    ("holder", "Đơn vị", "Holder"),
    ("conservation", "Bảo tồn", "Conservation"),
    ("red-list", "Sách đỏ", "Red list"),
    ("family", "Họ", "Family"),
    ("material", "Vật liệu", "Material"),
    ("province", "Tỉnh", "Province"),
    ("unit", "Đơn vị đo", "Unit"),
];

fn name_in<'a>(ctx: &Ctx, table: &'a [(&str, &'a str, &'a str)], key: &'a str) -> &'a str {
    table
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, vi, en)| ctx.t(vi, en))
}

/// The name of an entity type in the page's language.
pub(crate) fn kind_name<'a>(ctx: &Ctx, kind: &'a str) -> &'a str {
    name_in(ctx, KIND_NAMES, kind)
}

/// The search box with its suggestion list, as on every page that searches.
pub(crate) fn search_box(h: &mut Html, ctx: &Ctx, q: &str) {
    h.el(
        "form",
        &[
            ("class", "search"),
            ("action", "/search"),
            ("method", "get"),
            ("role", "search"),
        ],
        |h| {
            h.el_text(
                "label",
                &[("for", "q"), ("class", "visually-hidden")],
                ctx.t("Tìm kiếm", "Search"),
            );
            h.void(
                "input",
                &[
                    ("type", "search"),
                    ("id", "q"),
                    ("name", "q"),
                    ("value", q),
                    ("autocomplete", "off"),
                    ("list", "suggestions"),
                    (
                        "placeholder",
                        ctx.t(
                            "Đương quy, Sở Y tế, phòng thí nghiệm BSL-2…",
                            "Angelica sinensis, Department of Health, BSL-2 lab…",
                        ),
                    ),
                ],
            );
            h.el("datalist", &[("id", "suggestions")], |_| {});
            if ctx.lang == super::Lang::En {
                h.void(
                    "input",
                    &[("type", "hidden"), ("name", "lang"), ("value", "en")],
                );
            }
            h.el_text("button", &[("type", "submit")], ctx.t("Tìm", "Search"));
        },
    );
}

/// `GET /search`.
pub(crate) async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let ctx = Ctx::new("/search", raw.as_deref(), &headers)?;
    let page_no = crate::params::number(&ctx.pairs, "page", 1, 1, MAX_PAGE)?;
    // The API's parameters, with the page turned into an offset.
    let mut pairs: Vec<(String, String)> = ctx
        .pairs
        .iter()
        .filter(|(k, v)| !matches!(k.as_str(), "page" | "limit" | "offset") && !v.is_empty())
        .cloned()
        .collect();
    pairs.push(("limit".into(), PAGE_SIZE.to_string()));
    pairs.push(("offset".into(), ((page_no - 1) * PAGE_SIZE).to_string()));
    let req = request(&pairs)?;
    let q = req.q.clone();
    let selected: Vec<(String, String)> = req
        .kinds
        .iter()
        .map(|k| ("type".to_owned(), k.clone()))
        .chain(req.filters.iter().cloned())
        .collect();
    let results = if q.trim().is_empty() && selected.is_empty() {
        None
    } else {
        Some(run(&state, req).await?)
    };
    let title = if q.is_empty() {
        ctx.t("Tìm kiếm", "Search").to_owned()
    } else {
        format!("{} “{q}”", ctx.t("Tìm kiếm", "Search for"))
    };
    let mut h = Html::new();
    h.el_text("h1", &[], ctx.t("Tìm kiếm", "Search"));
    search_box(&mut h, &ctx, &q);
    if let Some(results) = &results {
        h.el("div", &[("class", "results-layout")], |h| {
            facets(h, &ctx, &q, results, &selected);
            h.el(
                "section",
                &[("class", "results"), ("aria-live", "polite")],
                |h| {
                    hits(h, &ctx, &q, results, &selected, page_no);
                },
            );
        });
    } else {
        h.el_text(
            "p",
            &[],
            ctx.t(
                "Gõ tên, có dấu hoặc không dấu: “duong quy”, “Tằng Loỏng”, “BSL-2”.",
                "Type a name, with or without Vietnamese diacritics: “duong quy”, “Tằng Loỏng”, “BSL-2”.",
            ),
        );
    }
    Ok(super::page(&ctx, &title, h))
}

/// The facets as a form of checkboxes with counts; the query and language go along as hidden
/// fields, and the "apply" button submits it without JavaScript.
fn facets(
    h: &mut Html,
    ctx: &Ctx,
    q: &str,
    results: &SearchResults,
    selected: &[(String, String)],
) {
    h.el(
        "form",
        &[
            ("class", "facets"),
            ("action", "/search"),
            ("method", "get"),
            ("id", "facets"),
        ],
        |h| {
            h.el_text("h2", &[], ctx.t("Lọc", "Filter"));
            h.void("input", &[("type", "hidden"), ("name", "q"), ("value", q)]);
            if ctx.lang == super::Lang::En {
                h.void(
                    "input",
                    &[("type", "hidden"), ("name", "lang"), ("value", "en")],
                );
            }
            // The type facet first, then the others by name.
            let mut names: Vec<&String> = results.facets.keys().collect();
            names.sort_by(|a, b| {
                (a.as_str() != "kind", a.as_str()).cmp(&(b.as_str() != "kind", b.as_str()))
            });
            for name in names {
                let counts = &results.facets[name];
                let param = if name == "kind" {
                    "type"
                } else {
                    name.as_str()
                };
                let mut values: Vec<(&String, &u64)> = counts.iter().collect();
                // Most frequent first; ticked values always shown.
                values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                if values.is_empty() {
                    continue;
                }
                h.el("fieldset", &[], |h| {
                    h.el_text("legend", &[], name_in(ctx, FACET_NAMES, param));
                    for (value, count) in values {
                        let checked = selected.iter().any(|(k, v)| k == param && v == value);
                        let label = if param == "type" {
                            kind_name(ctx, value)
                        } else {
                            value.as_str()
                        };
                        h.el("label", &[("class", "facet")], |h| {
                            let mut attrs = vec![
                                ("type", "checkbox"),
                                ("name", param),
                                ("value", value.as_str()),
                            ];
                            if checked {
                                attrs.push(("checked", ""));
                            }
                            h.void("input", &attrs);
                            h.text(" ").text(label).text(" ");
                            h.el_text("span", &[("class", "count")], &count.to_string());
                        });
                    }
                });
            }
            // Ticked values of facets that no longer have counts stay in the form.
            for (k, v) in selected {
                let key = if k == "type" { "kind" } else { k.as_str() };
                if !results.facets.get(key).is_some_and(|c| c.contains_key(v)) {
                    h.el("label", &[("class", "facet")], |h| {
                        h.void(
                            "input",
                            &[
                                ("type", "checkbox"),
                                ("name", k),
                                ("value", v),
                                ("checked", ""),
                            ],
                        );
                        h.text(" ").text(v);
                    });
                }
            }
            h.el_text(
                "button",
                &[("type", "submit"), ("class", "apply")],
                ctx.t("Áp dụng", "Apply"),
            );
        },
    );
}

/// The hit list and the page links.
fn hits(
    h: &mut Html,
    ctx: &Ctx,
    q: &str,
    results: &SearchResults,
    selected: &[(String, String)],
    page_no: usize,
) {
    let total = results.total;
    h.el_text(
        "p",
        &[("class", "total")],
        &match ctx.lang {
            super::Lang::Vi => format!("{total} kết quả"),
            super::Lang::En if total == 1 => "1 result".to_owned(),
            super::Lang::En => format!("{total} results"),
        },
    );
    h.el(
        "ol",
        &[
            ("class", "hits"),
            ("start", &((page_no - 1) * PAGE_SIZE + 1).to_string()),
        ],
        |h| {
            for hit in &results.hits {
                h.el("li", &[("class", "hit")], |h| {
                    h.el(
                        "a",
                        &[("href", &ctx.entity_href(&hit.iri)), ("class", "hit-label")],
                        |h| {
                            h.text(&hit.label);
                        },
                    );
                    h.text(" ");
                    h.el_text("span", &[("class", "kind")], kind_name(ctx, &hit.kind));
                    if hit.illustrative {
                        h.text(" ");
                        h.el_text(
                            "span",
                            &[("class", "kind illustrative-tag")],
                            ctx.t("minh họa", "illustrative"),
                        );
                    }
                    if !hit.snippet.is_empty() {
                        h.el("p", &[("class", "snippet")], |h| {
                            h.snippet(&hit.snippet);
                        });
                    }
                });
            }
        },
    );
    let pages = total.div_ceil(PAGE_SIZE).clamp(1, MAX_PAGE);
    if pages > 1 {
        h.el(
            "nav",
            &[("class", "pages"), ("aria-label", ctx.t("Trang", "Pages"))],
            |h| {
                let link = |n: usize| {
                    let page = n.to_string();
                    let mut params: Vec<(&str, &str)> = vec![("q", q)];
                    params.extend(selected.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                    params.push(("page", &page));
                    ctx.href("/search", &params)
                };
                if page_no > 1 {
                    h.el("a", &[("href", &link(page_no - 1)), ("rel", "prev")], |h| {
                        h.text(ctx.t("‹ Trước", "‹ Previous"));
                    });
                }
                let first = page_no.saturating_sub(3).max(1);
                let last = (page_no + 3).min(pages);
                for n in first..=last {
                    if n == page_no {
                        h.el_text("span", &[("aria-current", "page")], &n.to_string());
                    } else {
                        h.link(&link(n), &n.to_string());
                    }
                }
                if page_no < pages {
                    h.el("a", &[("href", &link(page_no + 1)), ("rel", "next")], |h| {
                        h.text(ctx.t("Sau ›", "Next ›"));
                    });
                }
            },
        );
    }
}
