//! The plan's deadlines as an RFC 5545 calendar: one all-day event for each task deadline and
//! each period end, and one for every year's reporting date, so that anyone can subscribe to
//! them. Written with the `icalendar` crate.

use crate::read::plan::{PlanDoc, Task};
use chrono::{Datelike, NaiveDate};
use icalendar::{Calendar, Component, Event, EventLike};

/// The domain of the events' UIDs: the project's IRI host.
const UID_DOMAIN: &str = "w3id.org/laocai-biotech";

/// The calendar of `tasks`' deadlines and period ends, and of the reporting date of `plans`'
/// yearly duty in every year the tasks span.
pub fn deadlines(tasks: &[Task], plans: &[PlanDoc]) -> String {
    let mut cal = Calendar::new();
    cal.name("Kế hoạch CNSH Lào Cai: hạn chót")
        .description("Hạn chót và thời điểm kết thúc các nhiệm vụ của Kế hoạch, và hạn gửi báo cáo hằng năm (BioKG Lào Cai)");
    for task in tasks {
        let code = task.code.as_deref().unwrap_or_default();
        for (date, what, kind) in [
            (&task.timeline.deadline, "Hạn chót", "deadline"),
            (&task.timeline.end, "Kết thúc", "end"),
        ] {
            if let Some(day) = date.as_deref().and_then(last_day) {
                cal.push(task_event(task, code, day, what, kind));
            }
        }
    }
    let years = years(tasks);
    for plan in plans {
        let Some((month, day)) = plan.report_due.as_deref().and_then(month_day) else {
            continue;
        };
        for &year in &years {
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                cal.push(report_event(plan, year, date));
            }
        }
    }
    cal.done().to_string()
}

fn task_event(task: &Task, code: &str, day: NaiveDate, what: &str, kind: &str) -> Event {
    let lead = task
        .lead
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let lead = if lead.is_empty() {
        "không ghi".to_owned()
    } else {
        lead
    };
    let title = task.title.as_deref().unwrap_or_default();
    Event::new()
        .uid(&format!(
            "{kind}-{}-{}@{UID_DOMAIN}",
            plan_key(&task.source.plan),
            code.replace('.', "-")
        ))
        .summary(&format!("{what} nhiệm vụ {code} (chủ trì: {lead})"))
        .description(&format!(
            "{title}\nThời gian theo kế hoạch: {}\n{}",
            task.timeline.text, task.iri
        ))
        .url(&task.iri)
        .all_day(day)
        .done()
}

fn report_event(plan: &PlanDoc, year: i32, date: NaiveDate) -> Event {
    let to = plan
        .report_to
        .as_deref()
        .unwrap_or("Sở Khoa học và Công nghệ");
    Event::new()
        .uid(&format!(
            "report-{}-{year}@{UID_DOMAIN}",
            plan_key(&plan.iri)
        ))
        .summary(&format!(
            "Hạn gửi báo cáo năm {year} kết quả thực hiện Kế hoạch về {to}"
        ))
        .description(&format!("{}\n{}", plan.title, plan.iri))
        .url(&plan.iri)
        .all_day(date)
        .done()
}

/// The last segment of a plan's IRI, which names it in UIDs.
fn plan_key(iri: &str) -> &str {
    iri.rsplit('/').next().unwrap_or(iri)
}

/// The last day of a date as precise as the plan gives it: `2026-06-15`, `2026-06` (30 June),
/// `2026` (31 December).
pub fn last_day(date: &str) -> Option<NaiveDate> {
    let mut parts = date.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    match (parts.next(), parts.next()) {
        (None, _) => NaiveDate::from_ymd_opt(year, 12, 31),
        (Some(m), None) => {
            let month: u32 = m.parse().ok()?;
            let first_of_next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            first_of_next?.pred_opt()
        }
        (Some(m), Some(d)) => NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?),
    }
}

/// `--11-15` as (11, 15).
fn month_day(due: &str) -> Option<(u32, u32)> {
    let (m, d) = due.strip_prefix("--")?.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

/// The years from the earliest to the latest date of the tasks (none when no task has a
/// date).
fn years(tasks: &[Task]) -> Vec<i32> {
    let all: Vec<i32> = tasks
        .iter()
        .flat_map(|t| [&t.timeline.deadline, &t.timeline.start, &t.timeline.end])
        .filter_map(|d| d.as_deref().and_then(last_day))
        .map(|d| d.year())
        .collect();
    match (all.iter().min(), all.iter().max()) {
        (Some(a), Some(b)) => (*a..=*b).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_end_on_their_last_day() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(last_day("2026-06-15"), Some(d("2026-06-15")));
        assert_eq!(last_day("2026-06"), Some(d("2026-06-30")));
        assert_eq!(last_day("2028-02"), Some(d("2028-02-29")));
        assert_eq!(last_day("2026-12"), Some(d("2026-12-31")));
        assert_eq!(last_day("2030"), Some(d("2030-12-31")));
        assert_eq!(last_day("2026-02-31"), None);
        assert_eq!(month_day("--11-15"), Some((11, 15)));
    }
}
