//! `/progress`: the plan's implementation as of a date, for Sở KH&CN — status tiles, a chart
//! of task status by section and one of target progress (inline SVG, nothing loaded from
//! elsewhere), the tasks with the overdue first, the agencies' reporting compliance with
//! filters, the funding and the proposals, and the downloads (calendar, report, JSON).

use super::html::Html;
use super::plan::header_row;
use super::{Ctx, Lang, page};
use crate::error::{ApiError, ApiResult};
use crate::routes::progress::as_of_and_year;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use biokg_engine::read::monitoring::rules::{Compliance, IndicatorStatus, TaskStatus};
use biokg_engine::read::monitoring::{AgencyReporting, Progress, TargetProgress, TaskProgress};

/// Width of the charts, in SVG units.
const CHART_WIDTH: f64 = 640.0;
/// Height of one bar and the gap below it.
const BAR: f64 = 22.0;
const BAR_GAP: f64 = 10.0;
/// Room for the labels left of the bars.
const LABEL_WIDTH: f64 = 150.0;

/// The name of a task status, in both languages.
fn task_status_name(s: TaskStatus) -> (&'static str, &'static str) {
    match s {
        TaskStatus::Overdue => ("Quá hạn", "Overdue"),
        TaskStatus::Stalled => ("Chậm tiến độ, vướng mắc", "Stalled"),
        TaskStatus::NotReported => ("Chưa báo cáo", "Not reported"),
        TaskStatus::NotStarted => ("Chưa triển khai", "Not started"),
        TaskStatus::InProgress => ("Đang triển khai", "In progress"),
        TaskStatus::Done => ("Hoàn thành", "Done"),
    }
}

/// The name of a compliance status, in both languages.
fn compliance_name(s: Compliance) -> (&'static str, &'static str) {
    match s {
        Compliance::Missing => ("Chưa gửi (quá hạn)", "Missing"),
        Compliance::Late => ("Gửi muộn", "Late"),
        Compliance::Pending => ("Chưa đến hạn", "Pending"),
        Compliance::OnTime => ("Đúng hạn", "On time"),
    }
}

fn indicator_name(s: IndicatorStatus) -> (&'static str, &'static str) {
    match s {
        IndicatorStatus::Achieved => ("Đạt", "Achieved"),
        IndicatorStatus::Behind => ("Chưa đạt", "Behind"),
        IndicatorStatus::NoData => ("Chưa có số liệu", "No data"),
    }
}

/// `GET /progress`.
pub(crate) async fn page_of_progress(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let ctx = Ctx::new("/progress", raw.as_deref(), &headers)?;
    // The form sends empty values for "all".
    let pairs: Vec<(String, String)> = ctx
        .pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .cloned()
        .collect();
    let (as_of, year) = as_of_and_year(&pairs)?;
    let status_filter = match crate::params::one(&pairs, "status")? {
        Some(s) => Some(
            Compliance::ALL
                .into_iter()
                .find(|c| c.key() == s)
                .ok_or_else(|| {
                    ApiError::invalid(
                        "status",
                        format!("{s:?} is not one of missing, late, pending, on-time"),
                    )
                })?,
        ),
        None => None,
    };
    let agency_filter = crate::params::one(&pairs, "agency")?.map(str::to_owned);
    let p = state.read(move |r| r.progress(as_of, year)).await?;
    let title = ctx
        .t("Tiến độ thực hiện Kế hoạch", "Plan implementation")
        .to_owned();
    let mut h = Html::new();
    h.el_text("h1", &[], &title);
    intro(&mut h, &ctx, &p);
    tiles(&mut h, &ctx, &p);
    h.el("section", &[("id", "charts"), ("class", "charts")], |h| {
        h.el_text("h2", &[], ctx.t("Nhiệm vụ theo phần", "Tasks by section"));
        h.append(sections_chart(&ctx, &p.tasks));
        h.el_text(
            "h2",
            &[],
            ctx.t("Chỉ tiêu so với mục tiêu", "Indicators against their goals"),
        );
        h.append(targets_chart(&ctx, &p.targets));
    });
    h.el("section", &[("id", "tasks")], |h| {
        tasks_table(h, &ctx, &p.tasks)
    });
    h.el("section", &[("id", "agencies")], |h| {
        let filter = AgencyFilter {
            status: status_filter,
            agency: agency_filter.as_deref(),
        };
        agencies_section(h, &ctx, &p, filter);
    });
    h.el("section", &[("id", "funding")], |h| {
        funding_and_proposals(h, &ctx, &p)
    });
    Ok(page(&ctx, &title, h))
}

/// The date of the view, its form, the downloads, and the illustrative mark.
fn intro(h: &mut Html, ctx: &Ctx, p: &Progress) {
    let year = p.year.to_string();
    h.el(
        "form",
        &[
            ("class", "filters"),
            ("action", "/progress"),
            ("method", "get"),
        ],
        |h| {
            h.el_text(
                "label",
                &[("for", "as-of")],
                ctx.t("Tính đến ngày", "As of"),
            );
            h.void(
                "input",
                &[
                    ("type", "date"),
                    ("id", "as-of"),
                    ("name", "as_of"),
                    ("value", &p.as_of),
                ],
            );
            h.el_text(
                "label",
                &[("for", "year")],
                ctx.t("Năm báo cáo", "Reporting year"),
            );
            h.void(
                "input",
                &[
                    ("type", "number"),
                    ("id", "year"),
                    ("name", "year"),
                    ("value", &year),
                    ("min", "2000"),
                    ("max", "2100"),
                ],
            );
            if ctx.lang == Lang::En {
                h.void(
                    "input",
                    &[("type", "hidden"), ("name", "lang"), ("value", "en")],
                );
            }
            h.el_text("button", &[("type", "submit")], ctx.t("Xem", "Show"));
        },
    );
    h.el("p", &[("class", "downloads")], |h| {
        h.text(ctx.t("Tải về: ", "Download: "));
        let query = [("year", year.as_str()), ("as_of", p.as_of.as_str())];
        h.link(
            &super::with_query("/api/progress/report.docx", &query),
            ctx.t("Báo cáo tổng hợp (Word)", "Consolidated report (Word)"),
        );
        h.text(" · ");
        h.link(
            "/api/deadlines.ics",
            ctx.t("Lịch hạn chót (iCalendar)", "Deadlines (iCalendar)"),
        );
        h.text(" · ");
        h.link(&super::with_query("/api/progress", &query), "JSON");
    });
    if p.illustrative {
        h.el_text(
            "p",
            &[("class", "illustrative")],
            ctx.t(
                "Minh họa: các báo cáo kèm theo dữ liệu mẫu là giả định, không phải báo cáo thật của các cơ quan.",
                "Illustrative: the reports bundled as sample data are made up, not real reports of the agencies.",
            ),
        );
    }
}

/// One tile per task status, then one per compliance status.
fn tiles(h: &mut Html, ctx: &Ctx, p: &Progress) {
    h.el("div", &[("class", "tiles"), ("id", "tiles")], |h| {
        for s in TaskStatus::ALL {
            let (vi, en) = task_status_name(s);
            let n = p.summary.tasks.get(s.key()).copied().unwrap_or(0);
            tile(
                h,
                &format!("tile status-{}", s.key()),
                &n.to_string(),
                ctx.t(vi, en),
            );
        }
    });
    h.el("div", &[("class", "tiles")], |h| {
        for s in Compliance::ALL {
            let (vi, en) = compliance_name(s);
            let n = p.summary.agencies.get(s.key()).copied().unwrap_or(0);
            let label = format!("{} {}", ctx.t("Cơ quan:", "Agencies:"), ctx.t(vi, en));
            tile(
                h,
                &format!("tile compliance-{}", s.key()),
                &n.to_string(),
                &label,
            );
        }
    });
}

fn tile(h: &mut Html, class: &str, number: &str, label: &str) {
    h.el("div", &[("class", class)], |h| {
        h.el_text("strong", &[], number);
        h.el_text("span", &[], label);
    });
}

/// An `<svg>` chart with a title, `rows` bars high.
fn chart(title: &str, rows: usize, body: Html) -> Html {
    let height = rows as f64 * (BAR + BAR_GAP) + BAR_GAP;
    let view_box = format!("0 0 {CHART_WIDTH:.0} {height:.0}");
    let mut svg = Html::new();
    svg.el(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", &view_box),
            ("role", "img"),
            ("aria-label", title),
            ("class", "chart"),
        ],
        |s| {
            s.el_text("title", &[], title);
            s.append(body);
        },
    );
    svg
}

/// A bar's label at the left of row `i`.
fn bar_label(s: &mut Html, i: usize, text: &str) {
    let y = i as f64 * (BAR + BAR_GAP) + BAR_GAP + BAR * 0.7;
    s.el_text("text", &[("x", "0"), ("y", &format!("{y:.0}"))], text);
}

/// A rectangle of row `i` from `x` (0 to 1 of the bar area) over `w`.
fn bar(s: &mut Html, i: usize, x: f64, w: f64, class: &str, tip: &str) {
    let area = CHART_WIDTH - LABEL_WIDTH;
    let y = i as f64 * (BAR + BAR_GAP) + BAR_GAP;
    s.el(
        "rect",
        &[
            ("x", &format!("{:.1}", LABEL_WIDTH + x * area)),
            ("y", &format!("{y:.0}")),
            ("width", &format!("{:.1}", (w * area).max(0.0))),
            ("height", &format!("{BAR:.0}")),
            ("class", class),
        ],
        |s| {
            s.el_text("title", &[], tip);
        },
    );
}

/// Stacked bars: the tasks of each section by status.
fn sections_chart(ctx: &Ctx, tasks: &[TaskProgress]) -> Html {
    let sections = ["I", "II", "III"];
    let mut body = Html::new();
    for (i, section) in sections.iter().enumerate() {
        let of: Vec<&TaskProgress> = tasks.iter().filter(|t| t.section == *section).collect();
        bar_label(
            &mut body,
            i,
            &format!("{} {section} ({})", ctx.t("Phần", "Section"), of.len()),
        );
        let mut x = 0.0;
        for s in TaskStatus::ALL {
            let n = of.iter().filter(|t| t.status == s).count();
            if n == 0 {
                continue;
            }
            let w = n as f64 / of.len().max(1) as f64;
            let (vi, en) = task_status_name(s);
            let tip = format!("{}: {n}", ctx.t(vi, en));
            bar(&mut body, i, x, w, &format!("status-{}", s.key()), &tip);
            x += w;
        }
    }
    chart(
        ctx.t("Tình trạng nhiệm vụ theo phần", "Task status by section"),
        sections.len(),
        body,
    )
}

/// One bar per indicator: the observed value as a share of the goal (full at the goal).
fn targets_chart(ctx: &Ctx, targets: &[TargetProgress]) -> Html {
    let mut body = Html::new();
    let mut row = 0;
    for t in targets {
        for (n, ind) in t.indicators.iter().enumerate() {
            let label = if t.indicators.len() > 1 {
                format!("{} {}.{}", ctx.t("Mục tiêu", "Target"), t.number, n + 1)
            } else {
                format!("{} {}", ctx.t("Mục tiêu", "Target"), t.number)
            };
            bar_label(&mut body, row, &label);
            bar(
                &mut body,
                row,
                0.0,
                1.0,
                "goal",
                ind.text.as_deref().unwrap_or_default(),
            );
            let (vi, en) = indicator_name(ind.status);
            let tip = match ind.observed {
                Some(v) => format!(
                    "{}: {v} / {} ({})",
                    ctx.t("Đã đạt", "Observed"),
                    ind.value,
                    ctx.t(vi, en)
                ),
                None => ctx.t(vi, en).to_owned(),
            };
            let share = ind.observed.map_or(0.0, |v| {
                if ind.value > 0.0 {
                    (v / ind.value).clamp(0.0, 1.0)
                } else {
                    1.0
                }
            });
            let class = format!("observed indicator-{}", serde_key(ind.status));
            bar(&mut body, row, 0.0, share, &class, &tip);
            row += 1;
        }
    }
    chart(
        ctx.t(
            "Chỉ tiêu: đã đạt so với mục tiêu",
            "Indicators: observed against goal",
        ),
        row,
        body,
    )
}

fn serde_key(s: IndicatorStatus) -> &'static str {
    match s {
        IndicatorStatus::Achieved => "achieved",
        IndicatorStatus::Behind => "behind",
        IndicatorStatus::NoData => "no-data",
    }
}

/// The tasks, overdue first, then by how urgent their status is, in table order within one.
fn tasks_table(h: &mut Html, ctx: &Ctx, tasks: &[TaskProgress]) {
    h.el_text("h2", &[], ctx.t("Nhiệm vụ", "Tasks"));
    let mut sorted: Vec<&TaskProgress> = tasks.iter().collect();
    sorted.sort_by_key(|t| t.status);
    h.el("div", &[("class", "scroll")], |h| {
        h.el("table", &[("class", "tasks progress")], |h| {
            header_row(
                h,
                ctx,
                &[
                    ("Mã", "Code"),
                    ("Nhiệm vụ", "Task"),
                    ("Chủ trì", "Lead"),
                    ("Hạn", "Due"),
                    ("Tình trạng", "Status"),
                    ("Báo cáo", "Reports"),
                ],
            );
            h.el("tbody", &[], |h| {
                for t in sorted {
                    h.el(
                        "tr",
                        &[("class", &format!("status-{}", t.status.key()))],
                        |h| task_row(h, ctx, t),
                    );
                }
            });
        });
    });
}

fn task_row(h: &mut Html, ctx: &Ctx, t: &TaskProgress) {
    h.el("td", &[("class", "code")], |h| {
        h.link(
            &ctx.entity_href(&t.iri),
            t.code.as_deref().unwrap_or_default(),
        );
    });
    h.el_text("td", &[], t.title.as_deref().unwrap_or_default());
    let lead: Vec<&str> = t.lead.iter().map(|a| a.name.as_str()).collect();
    h.el_text("td", &[], &lead.join(", "));
    h.el_text("td", &[], t.deadline.as_deref().unwrap_or("—"));
    let (vi, en) = task_status_name(t.status);
    h.el("td", &[], |h| {
        h.el_text(
            "span",
            &[("class", &format!("badge status-{}", t.status.key()))],
            ctx.t(vi, en),
        );
    });
    h.el("td", &[], |h| {
        for r in &t.reports {
            h.el("div", &[("class", "report")], |h| {
                let what = if r.lead {
                    ""
                } else {
                    ctx.t(" (phối hợp)", " (partner)")
                };
                h.text(&format!(
                    "{} {}{what}: {}",
                    r.year,
                    r.agency.name,
                    r.status.key()
                ));
                if let Some(o) = &r.outputs {
                    h.text(" — ").text(o);
                }
                if r.illustrative {
                    h.text(" ");
                    h.el_text(
                        "span",
                        &[("class", "kind illustrative-tag")],
                        ctx.t("minh họa", "illustrative"),
                    );
                }
            });
        }
    });
}

/// What the agencies section shows: every agency, or only those of a status, or only one.
#[derive(Clone, Copy)]
struct AgencyFilter<'a> {
    status: Option<Compliance>,
    /// The agency's IRI.
    agency: Option<&'a str>,
}

impl AgencyFilter<'_> {
    fn shows(&self, a: &AgencyReporting) -> bool {
        self.status.is_none_or(|s| a.status == s) && self.agency.is_none_or(|x| a.iri == x)
    }
}

/// The agencies' reporting compliance, filtered by status and agency.
fn agencies_section(h: &mut Html, ctx: &Ctx, p: &Progress, filter: AgencyFilter<'_>) {
    h.el_text(
        "h2",
        &[],
        &format!(
            "{} {}",
            ctx.t("Báo cáo của các cơ quan năm", "Agencies' reports for"),
            p.year
        ),
    );
    filter_form(h, ctx, p, filter);
    let shown: Vec<&AgencyReporting> = p.agencies.iter().filter(|a| filter.shows(a)).collect();
    agencies_table(h, ctx, &shown);
}

/// The form that filters the agencies by agency and status, keeping the date, year and
/// language of the page.
fn filter_form(h: &mut Html, ctx: &Ctx, p: &Progress, filter: AgencyFilter<'_>) {
    h.el(
        "form",
        &[
            ("class", "filters"),
            ("action", "/progress#agencies"),
            ("method", "get"),
        ],
        |h| {
            for (name, value) in [("as_of", p.as_of.clone()), ("year", p.year.to_string())] {
                h.void(
                    "input",
                    &[("type", "hidden"), ("name", name), ("value", &value)],
                );
            }
            if ctx.lang == Lang::En {
                h.void(
                    "input",
                    &[("type", "hidden"), ("name", "lang"), ("value", "en")],
                );
            }
            h.el_text(
                "label",
                &[("for", "filter-agency")],
                ctx.t("Cơ quan", "Agency"),
            );
            h.el(
                "select",
                &[("name", "agency"), ("id", "filter-agency")],
                |h| {
                    h.el_text("option", &[("value", "")], ctx.t("Tất cả", "All"));
                    for a in &p.agencies {
                        let mut attrs = vec![("value", a.iri.as_str())];
                        if filter.agency == Some(a.iri.as_str()) {
                            attrs.push(("selected", ""));
                        }
                        h.el_text("option", &attrs, &a.name);
                    }
                },
            );
            h.el_text(
                "label",
                &[("for", "filter-status")],
                ctx.t("Tình trạng", "Status"),
            );
            h.el(
                "select",
                &[("name", "status"), ("id", "filter-status")],
                |h| {
                    h.el_text("option", &[("value", "")], ctx.t("Tất cả", "All"));
                    for s in Compliance::ALL {
                        let (vi, en) = compliance_name(s);
                        let mut attrs = vec![("value", s.key())];
                        if filter.status == Some(s) {
                            attrs.push(("selected", ""));
                        }
                        h.el_text("option", &attrs, ctx.t(vi, en));
                    }
                },
            );
            h.el_text("button", &[("type", "submit")], ctx.t("Lọc", "Filter"));
        },
    );
}

/// The agencies shown, each with its compliance and the day its report was sent.
fn agencies_table(h: &mut Html, ctx: &Ctx, shown: &[&AgencyReporting]) {
    h.el("table", &[("class", "agencies")], |h| {
        header_row(
            h,
            ctx,
            &[
                ("Cơ quan", "Agency"),
                ("Tình trạng", "Status"),
                ("Ngày gửi", "Sent on"),
            ],
        );
        h.el("tbody", &[], |h| {
            for a in shown {
                h.el("tr", &[], |h| {
                    h.el("td", &[], |h| {
                        h.link(&ctx.entity_href(&a.iri), &a.name);
                    });
                    let (vi, en) = compliance_name(a.status);
                    h.el("td", &[], |h| {
                        h.el_text(
                            "span",
                            &[("class", &format!("badge compliance-{}", a.status.key()))],
                            ctx.t(vi, en),
                        );
                    });
                    h.el_text("td", &[], a.submitted.as_deref().unwrap_or("—"));
                });
            }
        });
    });
}

/// Money spent by funding source, and the proposals.
fn funding_and_proposals(h: &mut Html, ctx: &Ctx, p: &Progress) {
    h.el_text("h2", &[], ctx.t("Kinh phí đã chi", "Money spent"));
    if p.funding.is_empty() {
        h.el_text(
            "p",
            &[("class", "muted")],
            ctx.t("Chưa có báo cáo kinh phí.", "No spending reported yet."),
        );
    } else {
        h.el("table", &[], |h| {
            header_row(h, ctx, &[("Nguồn", "Source"), ("Đồng", "VND")]);
            h.el("tbody", &[], |h| {
                for f in &p.funding {
                    h.el("tr", &[], |h| {
                        h.el_text("td", &[], &f.source);
                        h.el_text("td", &[("class", "num")], &thousands(f.spent_vnd));
                    });
                }
            });
        });
    }
    h.el_text(
        "h2",
        &[("id", "proposals")],
        ctx.t("Kiến nghị, đề xuất", "Proposals"),
    );
    if p.proposals.is_empty() {
        h.el_text(
            "p",
            &[("class", "muted")],
            ctx.t("Chưa có kiến nghị.", "No proposal yet."),
        );
    }
    h.el("ul", &[], |h| {
        for pr in &p.proposals {
            h.el("li", &[], |h| {
                h.el_text("strong", &[], &pr.agency.name);
                if let Some(code) = &pr.code {
                    h.text(&format!(" ({code})"));
                }
                h.text(": ").text(&pr.text);
            });
        }
    });
}

/// `1234567` as `1.234.567`, as Vietnamese writes numbers.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands_with_dots() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(950), "950");
        assert_eq!(thousands(1_500_000), "1.500.000");
        assert_eq!(thousands(-12_345), "-12.345");
    }
}
