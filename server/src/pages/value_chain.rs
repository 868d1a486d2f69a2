//! `/value-chain`: each value chain as an SVG diagram — its stages in order, left to right,
//! with the actors of each stage below it — where every node links to its entity page; then
//! the flows between actors as a table.

use super::html::Html;
use super::{Ctx, page};
use crate::error::ApiResult;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use biokg_engine::read::entity::Link;
use biokg_engine::read::value_chain::{Flow, ValueChain};

/// Width of a stage column and the gap between columns, in SVG units.
const COLUMN: f64 = 150.0;
const GAP: f64 = 24.0;
/// Height of one line of text in a box.
const LINE: f64 = 15.0;
/// Characters per line of a box's text.
const WRAP: usize = 22;

/// The label of a link, else the last segment of its IRI.
fn label_of(link: &Link) -> String {
    link.label
        .clone()
        .unwrap_or_else(|| link.iri.rsplit('/').next().unwrap_or(&link.iri).to_owned())
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
fn diagram(ctx: &Ctx, chain: &ValueChain, title: &str) -> Html {
    let mut body = Html::new();
    let mut bottom: f64 = 0.0;
    let mut header_height: f64 = 0.0;
    for (i, stage) in chain.stages.iter().enumerate() {
        let x = i as f64 * (COLUMN + GAP);
        let hh = node(
            &mut body,
            &ctx.entity_href(&stage.link.iri),
            &label_of(&stage.link),
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
    for (i, stage) in chain.stages.iter().enumerate() {
        let x = i as f64 * (COLUMN + GAP);
        let mut y = header_height + 16.0;
        for actor in &stage.actors {
            let class = if actor.illustrative {
                "actor illustrative"
            } else {
                "actor"
            };
            y += node(
                &mut body,
                &ctx.entity_href(&actor.link.iri),
                &label_of(&actor.link),
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
    let lang = ctx.lang.code().to_owned();
    let chains = state.read(move |r| r.value_chains(&lang)).await?;
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
    for chain in &chains {
        h.el("section", &[("class", "value-chain")], |h| {
            chain_section(h, &ctx, chain)
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

/// One chain: its diagram, its partners outside the stages, its flows.
fn chain_section(h: &mut Html, ctx: &Ctx, chain: &ValueChain) {
    let name = label_of(&chain.link);
    h.el("h2", &[], |h| {
        h.link(&ctx.entity_href(&chain.link.iri), &name);
    });
    h.el("div", &[("class", "scroll")], |h| {
        h.append(diagram(ctx, chain, &name));
    });
    if !chain.partners.is_empty() {
        h.el_text(
            "h3",
            &[],
            ctx.t("Đối tác ngoài các khâu", "Partners outside the stages"),
        );
        h.el("ul", &[], |h| {
            for a in &chain.partners {
                h.el("li", &[], |h| {
                    h.link(&ctx.entity_href(&a.link.iri), &label_of(&a.link));
                });
            }
        });
    }
    if !chain.flows.is_empty() {
        h.el_text("h3", &[], ctx.t("Luồng hàng", "Flows"));
        h.el("div", &[("class", "scroll")], |h| {
            flow_table(h, ctx, &chain.flows)
        });
    }
}

fn flow_table(h: &mut Html, ctx: &Ctx, flows: &[Flow]) {
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
            for f in flows {
                h.el("tr", &[], |h| {
                    for (i, link) in [&f.link, &f.from, &f.to].into_iter().enumerate() {
                        h.el("td", &[], |h| {
                            h.link(&ctx.entity_href(&link.iri), &label_of(link));
                            if i == 0 && f.illustrative {
                                h.text(" ");
                                h.el_text(
                                    "span",
                                    &[("class", "kind illustrative-tag")],
                                    ctx.t("minh họa", "illustrative"),
                                );
                            }
                        });
                    }
                    h.el_text("td", &[], f.period.as_deref().unwrap_or(""));
                });
            }
        });
    });
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
