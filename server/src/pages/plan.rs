//! `/plan`: the plan's dashboard — the targets with their indicators and agencies, the
//! deadlines still ahead, and the task table filtered by agency, section and timeline (a GET
//! form: it works without JavaScript).

use super::html::Html;
use super::{Ctx, page};
use crate::error::{ApiError, ApiResult};
use crate::routes::plan::{TaskFilter, agency_items, prologue, target_items, task_items, value};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

/// Deadlines shown in the "ahead" list.
const MAX_AHEAD: usize = 12;

/// Names of the sections of appendix 02.
const SECTIONS: &[(&str, &str, &str)] = &[
    ("I", "I. Nhiệm vụ trước mắt", "I. Immediate tasks"),
    ("II", "II. Nhiệm vụ 2026–2030", "II. Tasks 2026–2030"),
    ("III", "III. Nhiệm vụ thường xuyên", "III. Regular tasks"),
];

/// Names of the timeline kinds.
const TIMELINES: &[(&str, &str, &str)] = &[
    ("deadline", "Có hạn chót", "Deadline"),
    ("from", "Bắt đầu từ", "From a date"),
    ("annual", "Hằng năm", "Yearly"),
    ("period", "Trong giai đoạn", "Period"),
    ("ongoing", "Thường xuyên", "Ongoing"),
    ("missing", "Không ghi", "Not stated"),
];

/// The agency links of a plan item (`[{"iri", "name"}]`), comma-separated.
fn agencies(h: &mut Html, ctx: &Ctx, list: &Value) {
    for (i, a) in list.as_array().into_iter().flatten().enumerate() {
        if i > 0 {
            h.text(", ");
        }
        h.link(
            &ctx.entity_href(a["iri"].as_str().unwrap_or_default()),
            a["name"].as_str().unwrap_or_default(),
        );
    }
}

/// Whether a date as precise as the text gave it (`2026-06-30`, `2026-06`, `2026`) is on or
/// after `today` (`YYYY-MM-DD`): a month or a year counts until it ends.
fn not_past(date: &str, today: &str) -> bool {
    let n = date.len().min(today.len());
    date[..n] >= today[..n]
}

/// A deadline ahead: the date, what is due, and the task.
struct Due {
    date: String,
    what: &'static str,
    task: Value,
}

/// The deadlines and period ends of `tasks` that are not past, soonest first.
fn ahead(tasks: &[Value], today: &str) -> Vec<Due> {
    let mut out: Vec<Due> = Vec::new();
    for t in tasks {
        let tl = &t["timeline"];
        for (key, what) in [("deadline", "deadline"), ("end", "end")] {
            if let Some(d) = tl[key].as_str()
                && not_past(d, today)
            {
                out.push(Due {
                    date: d.to_owned(),
                    what,
                    task: t.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.date, a.task["code"].as_str()).cmp(&(&b.date, b.task["code"].as_str())));
    out.truncate(MAX_AHEAD);
    out
}

/// The next due date of a yearly duty due on `--MM-DD`, from `today`.
fn next_yearly(month_day: &str, today: &str) -> Option<String> {
    let md = month_day.strip_prefix("--")?;
    let year: i32 = today.get(..4)?.parse().ok()?;
    let this_year = format!("{year:04}-{md}");
    Some(if this_year.as_str() >= today {
        this_year
    } else {
        format!("{:04}-{md}", year + 1)
    })
}

/// `GET /plan`.
pub(crate) async fn dashboard(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let ctx = Ctx::new("/plan", raw.as_deref(), &headers)?;
    let today = match ctx.param("today")? {
        Some(d) if is_iso_date(d) => d.to_owned(),
        Some(d) => {
            return Err(ApiError::invalid(
                "today",
                format!("{d:?} is not a date as YYYY-MM-DD"),
            ));
        }
        None => super::today(),
    };
    // The select boxes send empty values for "all".
    let pairs: Vec<(String, String)> = ctx
        .pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .cloned()
        .collect();
    let filter = TaskFilter::from_pairs(&pairs)?;
    let targets = target_items(&state, filter.plan).await?;
    let all_tasks = task_items(
        &state,
        &TaskFilter {
            plan: filter.plan,
            ..TaskFilter::default()
        },
    )
    .await?;
    let tasks = task_items(&state, &filter).await?;
    let agency_list = agency_items(&state, None).await?;
    let plans = state
        .select(format!(
            "{}SELECT ?plan ?title ?due ?to WHERE {{ ?plan a lcb:Plan ; rdfs:label ?title .
                OPTIONAL {{ ?plan lcb:hasReportingDuty ?d . ?d lcb:dueDate ?due . OPTIONAL {{ ?d lcb:reportTo/rdfs:label ?to }} }} }} ORDER BY ?plan",
            prologue()
        ))
        .await?;
    let title = plans
        .first()
        .and_then(|r| value(r, "title"))
        .unwrap_or(ctx.t("Kế hoạch", "Plan"))
        .to_owned();

    let mut h = Html::new();
    h.el_text("h1", &[], &title);
    if let Some(p) = plans.first().and_then(|r| value(r, "plan")) {
        h.el("p", &[], |h| {
            h.link(
                &ctx.entity_href(p),
                ctx.t("Văn bản kế hoạch", "The plan document"),
            );
            h.text(" · ");
            h.link("#targets", ctx.t("Mục tiêu", "Targets"));
            h.text(" · ");
            h.link("#ahead", ctx.t("Hạn sắp tới", "Deadlines ahead"));
            h.text(" · ");
            h.link("#tasks", ctx.t("Nhiệm vụ", "Tasks"));
        });
    }

    h.el("section", &[("id", "targets")], |h| {
        h.el_text(
            "h2",
            &[],
            &format!(
                "{} ({})",
                ctx.t("Mục tiêu cụ thể đến năm 2030", "Specific targets to 2030"),
                targets.len()
            ),
        );
        h.el("div", &[("class", "scroll")], |h| {
            h.el("table", &[("class", "targets")], |h| {
                h.el("thead", &[], |h| {
                    h.el("tr", &[], |h| {
                        for (vi, en) in [
                            ("Số", "No."),
                            ("Mục tiêu", "Target"),
                            ("Chỉ tiêu", "Indicators"),
                            ("Chủ trì", "Lead"),
                            ("Theo dõi", "Monitoring"),
                        ] {
                            h.el_text("th", &[("scope", "col")], ctx.t(vi, en));
                        }
                    });
                });
                h.el("tbody", &[], |h| {
                    for t in &targets {
                        h.el("tr", &[], |h| {
                            h.el("td", &[("class", "num")], |h| {
                                h.link(
                                    &ctx.entity_href(t["iri"].as_str().unwrap_or_default()),
                                    t["number"].as_str().unwrap_or_default(),
                                );
                            });
                            h.el_text("td", &[], t["title"].as_str().unwrap_or_default());
                            h.el("td", &[], |h| {
                                h.el("ul", &[("class", "plain")], |h| {
                                    for i in t["indicators"].as_array().into_iter().flatten() {
                                        h.el("li", &[], |h| {
                                            if let Some(l) = i["label"].as_str() {
                                                h.text(l).text(": ");
                                            }
                                            // As printed; the parsed comparator, value
                                            // and unit on hover.
                                            let parsed = format!(
                                                "{} {} {}",
                                                i["comparator"].as_str().unwrap_or_default(),
                                                i["value"],
                                                i["unit"].as_str().unwrap_or_default()
                                            );
                                            h.el_text(
                                                "strong",
                                                &[("title", &parsed)],
                                                i["text"].as_str().unwrap_or_default(),
                                            );
                                        });
                                    }
                                });
                            });
                            h.el("td", &[], |h| agencies(h, &ctx, &t["lead"]));
                            h.el("td", &[], |h| agencies(h, &ctx, &t["monitor"]));
                        });
                    }
                });
            });
        });
    });

    h.el("section", &[("id", "ahead")], |h| {
        h.el_text("h2", &[], ctx.t("Hạn sắp tới", "Deadlines ahead"));
        h.el_text(
            "p",
            &[("class", "muted")],
            &format!("{} {today}", ctx.t("Tính từ ngày", "As of")),
        );
        h.el("ul", &[("class", "ahead")], |h| {
            if let Some(row) = plans.first()
                && let Some(due) = value(row, "due").and_then(|d| next_yearly(d, &today))
            {
                h.el("li", &[], |h| {
                    h.el_text("time", &[("datetime", &due)], &due);
                    h.text(" — ");
                    h.text(ctx.t(
                        "Báo cáo hằng năm kết quả thực hiện",
                        "Yearly report on the plan's progress",
                    ));
                    if let Some(to) = value(row, "to") {
                        h.text(ctx.t(" gửi ", " to ")).text(to);
                    }
                });
            }
            let ahead = ahead(&all_tasks, &today);
            for d in &ahead {
                h.el("li", &[], |h| {
                    h.el_text("time", &[("datetime", &d.date)], &d.date);
                    h.text(" — ");
                    h.text(if d.what == "end" {
                        ctx.t("kết thúc ", "ends: ")
                    } else {
                        ctx.t("hạn chót ", "due: ")
                    });
                    h.link(
                        &ctx.entity_href(d.task["iri"].as_str().unwrap_or_default()),
                        d.task["code"].as_str().unwrap_or_default(),
                    );
                    h.text(" ")
                        .text(d.task["title"].as_str().unwrap_or_default());
                    h.text(" (");
                    agencies(h, &ctx, &d.task["lead"]);
                    h.text(")");
                });
            }
            if ahead.is_empty() {
                h.el_text(
                    "li",
                    &[],
                    ctx.t(
                        "Không còn hạn chót nào của nhiệm vụ phía trước.",
                        "No task deadline is left ahead.",
                    ),
                );
            }
        });
    });

    h.el("section", &[("id", "tasks")], |h| {
        h.el_text("h2", &[], ctx.t("Nhiệm vụ", "Tasks"));
        task_form(h, &ctx, &filter, &agency_list);
        h.el_text(
            "p",
            &[("class", "total")],
            &match ctx.lang {
                super::Lang::Vi => format!("{} / {} nhiệm vụ", tasks.len(), all_tasks.len()),
                super::Lang::En => format!("{} of {} tasks", tasks.len(), all_tasks.len()),
            },
        );
        h.el("div", &[("class", "scroll")], |h| {
            task_table(h, &ctx, &tasks);
        });
    });
    Ok(page(&ctx, &title, h))
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A `<select>` of one filter with an "all" option first.
fn select(
    h: &mut Html,
    ctx: &Ctx,
    name: &'static str,
    label: &str,
    options: &[(String, String)],
    chosen: &[&str],
) {
    let id = format!("filter-{name}");
    h.el("label", &[("for", &id)], |h| {
        h.text(label);
    });
    h.el("select", &[("name", name), ("id", &id)], |h| {
        h.el_text("option", &[("value", "")], ctx.t("Tất cả", "All"));
        for (value, text) in options {
            let mut attrs = vec![("value", value.as_str())];
            if chosen.contains(&value.as_str()) {
                attrs.push(("selected", ""));
            }
            h.el_text("option", &attrs, text);
        }
    });
}

fn task_form(h: &mut Html, ctx: &Ctx, filter: &TaskFilter<'_>, agency_list: &[Value]) {
    h.el(
        "form",
        &[
            ("class", "filters"),
            ("action", "/plan#tasks"),
            ("method", "get"),
        ],
        |h| {
            let agencies: Vec<(String, String)> = agency_list
                .iter()
                .filter(|a| {
                    a["lead_tasks"].as_i64().unwrap_or(0) + a["partner_tasks"].as_i64().unwrap_or(0)
                        > 0
                })
                .map(|a| {
                    (
                        a["key"].as_str().unwrap_or_default().to_owned(),
                        a["name"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            let chosen_lead: Vec<&str> = filter
                .lead
                .iter()
                .map(|l| {
                    agency_list
                        .iter()
                        .find(|a| a["iri"] == *l || a["name"] == *l)
                        .and_then(|a| a["key"].as_str())
                        .unwrap_or(*l)
                })
                .collect();
            select(
                h,
                ctx,
                "lead",
                ctx.t("Cơ quan chủ trì", "Lead agency"),
                &agencies,
                &chosen_lead,
            );
            let sections: Vec<(String, String)> = SECTIONS
                .iter()
                .map(|(k, vi, en)| ((*k).to_owned(), ctx.t(vi, en).to_owned()))
                .collect();
            select(
                h,
                ctx,
                "section",
                ctx.t("Phần", "Section"),
                &sections,
                &filter.sections,
            );
            let timelines: Vec<(String, String)> = TIMELINES
                .iter()
                .map(|(k, vi, en)| ((*k).to_owned(), ctx.t(vi, en).to_owned()))
                .collect();
            select(
                h,
                ctx,
                "timeline",
                ctx.t("Thời hạn", "Timeline"),
                &timelines,
                &filter.timelines,
            );
            if ctx.lang == super::Lang::En {
                h.void(
                    "input",
                    &[("type", "hidden"), ("name", "lang"), ("value", "en")],
                );
            }
            h.el_text("button", &[("type", "submit")], ctx.t("Lọc", "Filter"));
        },
    );
}

fn task_table(h: &mut Html, ctx: &Ctx, tasks: &[Value]) {
    h.el("table", &[("class", "tasks")], |h| {
        h.el("thead", &[], |h| {
            h.el("tr", &[], |h| {
                for (vi, en) in [
                    ("Mã", "Code"),
                    ("Nhiệm vụ", "Task"),
                    ("Chủ trì", "Lead"),
                    ("Phối hợp", "Partners"),
                    ("Thời gian", "Timeline"),
                    ("Sản phẩm", "Deliverables"),
                ] {
                    h.el_text("th", &[("scope", "col")], ctx.t(vi, en));
                }
            });
        });
        h.el("tbody", &[], |h| {
            for t in tasks {
                h.el("tr", &[], |h| {
                    h.el("td", &[("class", "code")], |h| {
                        h.link(
                            &ctx.entity_href(t["iri"].as_str().unwrap_or_default()),
                            t["code"].as_str().unwrap_or_default(),
                        );
                    });
                    h.el_text("td", &[], t["title"].as_str().unwrap_or_default());
                    h.el("td", &[], |h| {
                        if t["lead"].as_array().is_some_and(Vec::is_empty) {
                            h.el_text("em", &[], ctx.t("không ghi", "not stated"));
                        } else {
                            agencies(h, ctx, &t["lead"]);
                        }
                    });
                    h.el("td", &[], |h| agencies(h, ctx, &t["partners"]));
                    h.el_text(
                        "td",
                        &[],
                        t["timeline"]["text"].as_str().unwrap_or_default(),
                    );
                    h.el_text(
                        "td",
                        &[],
                        t["deliverables_text"].as_str().unwrap_or_default(),
                    );
                });
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_precise_as_the_text() {
        assert!(not_past("2026-12-31", "2026-12-02"));
        assert!(!not_past("2026-11-30", "2026-12-02"));
        assert!(not_past("2026-12", "2026-12-02"));
        assert!(not_past("2026", "2026-12-02"));
        assert!(!not_past("2025", "2026-12-02"));
    }

    #[test]
    fn yearly_duties_fall_due_this_year_or_next() {
        assert_eq!(
            next_yearly("--11-15", "2026-06-01").as_deref(),
            Some("2026-11-15")
        );
        assert_eq!(
            next_yearly("--11-15", "2026-12-02").as_deref(),
            Some("2027-11-15")
        );
        assert_eq!(next_yearly("11-15", "2026-12-02"), None);
    }
}
