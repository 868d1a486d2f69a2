//! `/plan`: the plan's dashboard — the targets with their indicators and agencies, the
//! deadlines still ahead, and the task table filtered by agency, section and timeline (a GET
//! form: it works without JavaScript).

use super::html::Html;
use super::{Ctx, page};
use crate::error::{ApiError, ApiResult};
use crate::routes::plan::task_filter;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use biokg_engine::read::plan::{Agency, AgencyLink, Indicator, PlanDoc, Target, Task, TaskFilter};

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

/// The agency links of a plan item, comma-separated.
fn agencies(h: &mut Html, ctx: &Ctx, list: &[AgencyLink]) {
    for (i, a) in list.iter().enumerate() {
        if i > 0 {
            h.text(", ");
        }
        h.link(&ctx.entity_href(&a.iri), &a.name);
    }
}

/// Whether a date as precise as the text gave it (`2026-06-30`, `2026-06`, `2026`) is on or
/// after `today` (`YYYY-MM-DD`): a month or a year counts until it ends.
fn not_past(date: &str, today: &str) -> bool {
    let n = date.len().min(today.len());
    date[..n] >= today[..n]
}

/// A deadline ahead: the date, what is due, and the task.
struct Due<'t> {
    date: &'t str,
    what: &'static str,
    task: &'t Task,
}

/// The deadlines and period ends of `tasks` that are not past, soonest first.
fn ahead<'t>(tasks: &'t [Task], today: &str) -> Vec<Due<'t>> {
    let mut out: Vec<Due<'t>> = Vec::new();
    for task in tasks {
        for (date, what) in [
            (&task.timeline.deadline, "deadline"),
            (&task.timeline.end, "end"),
        ] {
            if let Some(date) = date
                && not_past(date, today)
            {
                out.push(Due { date, what, task });
            }
        }
    }
    out.sort_by(|a, b| (a.date, &a.task.code).cmp(&(b.date, &b.task.code)));
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

/// What the dashboard shows, read in one go.
struct Dashboard {
    today: String,
    filter: TaskFilter,
    plan: Option<PlanDoc>,
    targets: Vec<Target>,
    all_tasks: Vec<Task>,
    tasks: Vec<Task>,
    agencies: Vec<Agency>,
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
    let filter = task_filter(&pairs)?;
    let d = state
        .read(move |r| {
            Ok(Dashboard {
                today,
                plan: r.plans()?.into_iter().next(),
                targets: r.targets(filter.plan.as_deref())?,
                all_tasks: r.tasks(&filter.plan_only())?,
                tasks: r.tasks(&filter)?,
                agencies: r.agencies(None)?,
                filter,
            })
        })
        .await?;
    let title = d
        .plan
        .as_ref()
        .map_or(ctx.t("Kế hoạch", "Plan"), |p| &p.title)
        .to_owned();
    let mut h = Html::new();
    h.el_text("h1", &[], &title);
    if let Some(p) = &d.plan {
        h.el("p", &[], |h| {
            h.link(
                &ctx.entity_href(&p.iri),
                ctx.t("Văn bản kế hoạch", "The plan document"),
            );
            for (href, vi, en) in [
                ("#targets", "Mục tiêu", "Targets"),
                ("#ahead", "Hạn sắp tới", "Deadlines ahead"),
                ("#tasks", "Nhiệm vụ", "Tasks"),
            ] {
                h.text(" · ");
                h.link(href, ctx.t(vi, en));
            }
        });
    }
    h.el("section", &[("id", "targets")], |h| {
        targets_section(h, &ctx, &d.targets)
    });
    h.el("section", &[("id", "ahead")], |h| {
        ahead_section(h, &ctx, &d)
    });
    h.el("section", &[("id", "tasks")], |h| {
        tasks_section(h, &ctx, &d)
    });
    Ok(page(&ctx, &title, h))
}

/// The targets with their indicators and agencies.
fn targets_section(h: &mut Html, ctx: &Ctx, targets: &[Target]) {
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
            header_row(
                h,
                ctx,
                &[
                    ("Số", "No."),
                    ("Mục tiêu", "Target"),
                    ("Chỉ tiêu", "Indicators"),
                    ("Chủ trì", "Lead"),
                    ("Theo dõi", "Monitoring"),
                ],
            );
            h.el("tbody", &[], |h| {
                for t in targets {
                    h.el("tr", &[], |h| target_row(h, ctx, t));
                }
            });
        });
    });
}

/// A `<thead>` with one column heading per (vi, en) pair.
pub(super) fn header_row(h: &mut Html, ctx: &Ctx, columns: &[(&str, &str)]) {
    h.el("thead", &[], |h| {
        h.el("tr", &[], |h| {
            for (vi, en) in columns {
                h.el_text("th", &[("scope", "col")], ctx.t(vi, en));
            }
        });
    });
}

fn target_row(h: &mut Html, ctx: &Ctx, t: &Target) {
    h.el("td", &[("class", "num")], |h| {
        h.link(&ctx.entity_href(&t.iri), &t.number);
    });
    h.el_text("td", &[], t.title.as_deref().unwrap_or_default());
    h.el("td", &[], |h| {
        h.el("ul", &[("class", "plain")], |h| {
            for i in &t.indicators {
                h.el("li", &[], |h| indicator(h, i));
            }
        });
    });
    h.el("td", &[], |h| agencies(h, ctx, &t.lead));
    h.el("td", &[], |h| agencies(h, ctx, &t.monitor));
}

/// An indicator as printed; the parsed comparator, value and unit on hover.
fn indicator(h: &mut Html, i: &Indicator) {
    if let Some(l) = &i.label {
        h.text(l).text(": ");
    }
    let parsed = format!(
        "{} {} {}",
        i.comparator.as_deref().unwrap_or_default(),
        serde_json::json!(i.value),
        i.unit.as_deref().unwrap_or_default()
    );
    h.el_text(
        "strong",
        &[("title", &parsed)],
        i.text.as_deref().unwrap_or_default(),
    );
}

/// The yearly report and the task deadlines still ahead.
fn ahead_section(h: &mut Html, ctx: &Ctx, d: &Dashboard) {
    h.el_text("h2", &[], ctx.t("Hạn sắp tới", "Deadlines ahead"));
    h.el_text(
        "p",
        &[("class", "muted")],
        &format!("{} {}", ctx.t("Tính từ ngày", "As of"), d.today),
    );
    h.el("ul", &[("class", "ahead")], |h| {
        if let Some(plan) = &d.plan
            && let Some(due) = plan
                .report_due
                .as_deref()
                .and_then(|due| next_yearly(due, &d.today))
        {
            h.el("li", &[], |h| {
                h.el_text("time", &[("datetime", &due)], &due);
                h.text(" — ");
                h.text(ctx.t(
                    "Báo cáo hằng năm kết quả thực hiện",
                    "Yearly report on the plan's progress",
                ));
                if let Some(to) = &plan.report_to {
                    h.text(ctx.t(" gửi ", " to ")).text(to);
                }
            });
        }
        let ahead = ahead(&d.all_tasks, &d.today);
        for due in &ahead {
            h.el("li", &[], |h| due_item(h, ctx, due));
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
}

fn due_item(h: &mut Html, ctx: &Ctx, due: &Due<'_>) {
    h.el_text("time", &[("datetime", due.date)], due.date);
    h.text(" — ");
    h.text(if due.what == "end" {
        ctx.t("kết thúc ", "ends: ")
    } else {
        ctx.t("hạn chót ", "due: ")
    });
    h.link(
        &ctx.entity_href(&due.task.iri),
        due.task.code.as_deref().unwrap_or_default(),
    );
    h.text(" ")
        .text(due.task.title.as_deref().unwrap_or_default());
    h.text(" (");
    agencies(h, ctx, &due.task.lead);
    h.text(")");
}

/// The task table with its filter form.
fn tasks_section(h: &mut Html, ctx: &Ctx, d: &Dashboard) {
    h.el_text("h2", &[], ctx.t("Nhiệm vụ", "Tasks"));
    task_form(h, ctx, &d.filter, &d.agencies);
    h.el_text(
        "p",
        &[("class", "total")],
        &match ctx.lang {
            super::Lang::Vi => format!("{} / {} nhiệm vụ", d.tasks.len(), d.all_tasks.len()),
            super::Lang::En => format!("{} of {} tasks", d.tasks.len(), d.all_tasks.len()),
        },
    );
    h.el("div", &[("class", "scroll")], |h| {
        task_table(h, ctx, &d.tasks);
    });
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

fn task_form(h: &mut Html, ctx: &Ctx, filter: &TaskFilter, agency_list: &[Agency]) {
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
                .filter(|a| a.lead_tasks + a.partner_tasks > 0)
                .map(|a| {
                    (
                        a.key.clone().unwrap_or_default(),
                        a.name.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let chosen_lead: Vec<&str> = filter
                .lead
                .iter()
                .map(|l| {
                    agency_list
                        .iter()
                        .find(|a| a.iri == *l || a.name.as_deref() == Some(l))
                        .and_then(|a| a.key.as_deref())
                        .unwrap_or(l)
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
                &strs(&filter.sections),
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
                &strs(&filter.timelines),
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

fn task_table(h: &mut Html, ctx: &Ctx, tasks: &[Task]) {
    h.el("table", &[("class", "tasks")], |h| {
        header_row(
            h,
            ctx,
            &[
                ("Mã", "Code"),
                ("Nhiệm vụ", "Task"),
                ("Chủ trì", "Lead"),
                ("Phối hợp", "Partners"),
                ("Thời gian", "Timeline"),
                ("Sản phẩm", "Deliverables"),
            ],
        );
        h.el("tbody", &[], |h| {
            for t in tasks {
                h.el("tr", &[], |h| task_row(h, ctx, t));
            }
        });
    });
}

fn task_row(h: &mut Html, ctx: &Ctx, t: &Task) {
    h.el("td", &[("class", "code")], |h| {
        h.link(
            &ctx.entity_href(&t.iri),
            t.code.as_deref().unwrap_or_default(),
        );
    });
    h.el_text("td", &[], t.title.as_deref().unwrap_or_default());
    h.el("td", &[], |h| {
        if t.lead.is_empty() {
            h.el_text("em", &[], ctx.t("không ghi", "not stated"));
        } else {
            agencies(h, ctx, &t.lead);
        }
    });
    h.el("td", &[], |h| agencies(h, ctx, &t.partners));
    h.el_text("td", &[], &t.timeline.text);
    h.el_text("td", &[], &t.deliverables_text);
}

/// The strings of a list, borrowed.
fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
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
