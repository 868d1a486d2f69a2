//! `/value-chain`: each value chain as an SVG diagram — its stages in order, left to right,
//! with the actors of each stage below it — where every node links to its entity page; then
//! the flows between actors as a table.

use super::html::Html;
use super::{Ctx, page};
use crate::error::ApiResult;
use crate::routes::entity::labels;
use crate::routes::plan::{prologue, value};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::collections::{BTreeMap, BTreeSet};

/// Width of a stage column and the gap between columns, in SVG units.
const COLUMN: f64 = 150.0;
const GAP: f64 = 24.0;
/// Height of one line of text in a box.
const LINE: f64 = 15.0;
/// Characters per line of a box's text.
const WRAP: usize = 22;

/// One value chain as the page draws it.
#[derive(Default)]
struct Chain {
    /// `(order, stage IRI)`.
    stages: Vec<(i64, String)>,
    /// The actors of each stage, with whether they are illustrative.
    actors: BTreeMap<String, BTreeSet<(String, bool)>>,
    /// Actors of the chain that are in no stage (research partners…).
    partners: BTreeSet<(String, bool)>,
}

/// Splits `text` into lines of at most about `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// A linked box with wrapped text at `(x, y)`; returns its height.
fn node(s: &mut Html, href: &str, label: &str, (x, y): (f64, f64), class: &'static str) -> f64 {
    let lines = wrap(label, WRAP);
    let height = LINE * lines.len().max(1) as f64 + 12.0;
    s.el("a", &[("href", href), ("class", class)], |s| {
        s.el_text("title", &[], label);
        s.void_svg(
            "rect",
            &[
                ("x", &format!("{x:.0}")),
                ("y", &format!("{y:.0}")),
                ("width", &format!("{COLUMN:.0}")),
                ("height", &format!("{height:.0}")),
                ("rx", "6"),
            ],
        );
        s.el(
            "text",
            &[
                ("x", &format!("{:.0}", x + 8.0)),
                ("y", &format!("{:.0}", y + 4.0)),
            ],
            |s| {
                for line in &lines {
                    s.el_text(
                        "tspan",
                        &[
                            ("x", &format!("{:.0}", x + 8.0)),
                            ("dy", &format!("{LINE:.0}")),
                        ],
                        line,
                    );
                }
            },
        );
    });
    height
}

/// The diagram of one chain.
fn diagram(ctx: &Ctx, chain: &Chain, label_of: &dyn Fn(&str) -> String, title: &str) -> Html {
    let mut body = Html::new();
    let mut bottom: f64 = 0.0;
    let mut header_height: f64 = 0.0;
    for (i, (_, stage)) in chain.stages.iter().enumerate() {
        let x = i as f64 * (COLUMN + GAP);
        let hh = node(
            &mut body,
            &ctx.entity_href(stage),
            &label_of(stage),
            (x, 0.0),
            "stage",
        );
        header_height = header_height.max(hh);
        if i + 1 < chain.stages.len() {
            // The arrow to the next stage.
            let y = 18.0;
            body.void_svg(
                "path",
                &[
                    (
                        "d",
                        &format!("M{:.0} {y:.0}h{:.0}", x + COLUMN + 2.0, GAP - 8.0),
                    ),
                    ("class", "arrow"),
                    ("marker-end", "url(#head)"),
                ],
            );
        }
    }
    for (i, (_, stage)) in chain.stages.iter().enumerate() {
        let x = i as f64 * (COLUMN + GAP);
        let mut y = header_height + 16.0;
        for (actor, illustrative) in chain.actors.get(stage).into_iter().flatten() {
            let class = if *illustrative {
                "actor illustrative"
            } else {
                "actor"
            };
            y += node(
                &mut body,
                &ctx.entity_href(actor),
                &label_of(actor),
                (x, y),
                class,
            ) + 8.0;
        }
        bottom = bottom.max(y);
    }
    let width = chain.stages.len().max(1) as f64 * (COLUMN + GAP) - GAP;
    let mut svg = Html::new();
    let view_box = format!("-2 -2 {:.0} {:.0}", width + 4.0, bottom + 4.0);
    let min_width = format!("{:.0}", width + 4.0);
    svg.el(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", &view_box),
            ("width", &min_width),
            ("role", "img"),
            ("aria-label", title),
            ("class", "chain"),
        ],
        |s| {
            s.el_text("title", &[], title);
            s.el("defs", &[], |s| {
                s.el(
                    "marker",
                    &[
                        ("id", "head"),
                        ("viewBox", "0 0 10 10"),
                        ("refX", "9"),
                        ("refY", "5"),
                        ("markerWidth", "7"),
                        ("markerHeight", "7"),
                        ("orient", "auto"),
                    ],
                    |s| {
                        s.void_svg("path", &[("d", "M0 0L10 5L0 10z")]);
                    },
                );
            });
            s.append(body);
        },
    );
    svg
}

/// `GET /value-chain`.
pub(crate) async fn page_of_chains(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let ctx = Ctx::new("/value-chain", raw.as_deref(), &headers)?;
    let stage_rows = state
        .select(format!(
            "{}SELECT ?chain ?stage ?order ?actor ?ill WHERE {{
                ?chain a lcb:ValueChain ; lcb:hasStage ?stage .
                ?stage lcb:stageOrder ?order .
                OPTIONAL {{ ?stage lcb:stageActor ?actor . OPTIONAL {{ ?actor lcb:illustrative ?ill }} }}
            }}",
            prologue()
        ))
        .await?;
    let partner_rows = state
        .select(format!(
            "{}SELECT ?chain ?actor ?ill WHERE {{
                ?chain a lcb:ValueChain ; lcb:hasActor ?actor .
                FILTER NOT EXISTS {{ ?chain lcb:hasStage/lcb:stageActor ?actor }}
                OPTIONAL {{ ?actor lcb:illustrative ?ill }}
            }}",
            prologue()
        ))
        .await?;
    let flow_rows = state
        .select(format!(
            "{}SELECT ?chain ?flow ?from ?to ?period ?ill WHERE {{
                ?flow lcb:inChain ?chain ; vf:provider ?from ; vf:receiver ?to .
                OPTIONAL {{ ?flow lcb:period ?period }}
                OPTIONAL {{ ?flow lcb:illustrative ?ill }}
            }} ORDER BY ?chain ?flow",
            prologue()
        ))
        .await?;
    let mut chains: BTreeMap<String, Chain> = BTreeMap::new();
    let mut named: BTreeSet<String> = BTreeSet::new();
    for row in &stage_rows {
        let (Some(c), Some(s)) = (value(row, "chain"), value(row, "stage")) else {
            continue;
        };
        let chain = chains.entry(c.to_owned()).or_default();
        let order = value(row, "order")
            .and_then(|o| o.parse().ok())
            .unwrap_or(i64::MAX);
        if !chain.stages.iter().any(|(_, x)| x == s) {
            chain.stages.push((order, s.to_owned()));
        }
        named.extend([c.to_owned(), s.to_owned()]);
        if let Some(a) = value(row, "actor") {
            let ill = value(row, "ill") == Some("true");
            chain
                .actors
                .entry(s.to_owned())
                .or_default()
                .insert((a.to_owned(), ill));
            named.insert(a.to_owned());
        }
    }
    for row in &partner_rows {
        if let (Some(c), Some(a)) = (value(row, "chain"), value(row, "actor")) {
            let ill = value(row, "ill") == Some("true");
            chains
                .entry(c.to_owned())
                .or_default()
                .partners
                .insert((a.to_owned(), ill));
            named.insert(a.to_owned());
        }
    }
    for row in &flow_rows {
        for var in ["flow", "from", "to"] {
            if let Some(v) = value(row, var) {
                named.insert(v.to_owned());
            }
        }
    }
    let labels = labels(&state, &named, ctx.lang.code()).await?;
    let label_of = |iri: &str| {
        labels
            .get(iri)
            .cloned()
            .unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(iri).to_owned())
    };

    let title = ctx.t("Chuỗi giá trị", "Value chains");
    let mut h = Html::new();
    h.el_text("h1", &[], title);
    h.el_text(
        "p",
        &[("class", "muted")],
        ctx.t(
            "Các khâu theo thứ tự, từ trái sang phải; dưới mỗi khâu là các tác nhân tham gia. Khung nét đứt: bản ghi minh họa. Bấm vào một ô để mở trang của nó.",
            "The stages in order, left to right, with the actors of each stage below it. Dashed boxes: illustrative records. Select a box to open its page.",
        ),
    );
    for (iri, chain) in &mut chains {
        chain.stages.sort();
        let name = label_of(iri);
        h.el("section", &[("class", "value-chain")], |h| {
            h.el("h2", &[], |h| {
                h.link(&ctx.entity_href(iri), &name);
            });
            h.el("div", &[("class", "scroll")], |h| {
                h.append(diagram(&ctx, chain, &label_of, &name));
            });
            if !chain.partners.is_empty() {
                h.el_text(
                    "h3",
                    &[],
                    ctx.t("Đối tác ngoài các khâu", "Partners outside the stages"),
                );
                h.el("ul", &[], |h| {
                    for (a, _) in &chain.partners {
                        h.el("li", &[], |h| {
                            h.link(&ctx.entity_href(a), &label_of(a));
                        });
                    }
                });
            }
            let flows: Vec<_> = flow_rows
                .iter()
                .filter(|r| value(r, "chain") == Some(iri.as_str()))
                .collect();
            if !flows.is_empty() {
                h.el_text("h3", &[], ctx.t("Luồng hàng", "Flows"));
                h.el("div", &[("class", "scroll")], |h| {
                    h.el("table", &[], |h| {
                        h.el("thead", &[], |h| {
                            h.el("tr", &[], |h| {
                                for (vi, en) in [
                                    ("Luồng", "Flow"),
                                    ("Từ", "From"),
                                    ("Đến", "To"),
                                    ("Thời kỳ", "Period"),
                                ] {
                                    h.el_text("th", &[("scope", "col")], ctx.t(vi, en));
                                }
                            });
                        });
                        h.el("tbody", &[], |h| {
                            for r in flows {
                                h.el("tr", &[], |h| {
                                    for var in ["flow", "from", "to"] {
                                        let v = value(r, var).unwrap_or_default();
                                        h.el("td", &[], |h| {
                                            h.link(&ctx.entity_href(v), &label_of(v));
                                            if var == "flow" && value(r, "ill") == Some("true") {
                                                h.text(" ");
                                                h.el_text(
                                                    "span",
                                                    &[("class", "kind illustrative-tag")],
                                                    ctx.t("minh họa", "illustrative"),
                                                );
                                            }
                                        });
                                    }
                                    h.el_text("td", &[], value(r, "period").unwrap_or(""));
                                });
                            }
                        });
                    });
                });
            }
        });
    }
    if chains.is_empty() {
        h.el_text(
            "p",
            &[],
            ctx.t("Chưa có chuỗi giá trị nào.", "No value chain is loaded."),
        );
    }
    Ok(page(&ctx, title, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("Hợp tác xã Dược liệu Sa Pa minh họa", 12),
            vec!["Hợp tác xã", "Dược liệu Sa", "Pa minh họa"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
    }
}
