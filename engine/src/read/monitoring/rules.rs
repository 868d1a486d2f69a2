//! The rules of plan monitoring, as pure functions over what the agencies reported: which of
//! an agency's submissions counts, a task's status, an agency's reporting compliance, a target
//! indicator's observed value and status. `docs/monitoring.md` states them; the tests below
//! check each, row by row.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// What a report says of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reported {
    /// Chưa triển khai.
    NotStarted,
    /// Đang triển khai.
    InProgress,
    /// Hoàn thành.
    Done,
    /// Chậm tiến độ, vướng mắc.
    Stalled,
}

impl Reported {
    /// Every value, in the order of the report format.
    pub const ALL: [Reported; 4] = [
        Reported::NotStarted,
        Reported::InProgress,
        Reported::Done,
        Reported::Stalled,
    ];

    /// The key of the report format and of the graph's concept (`in-progress`).
    pub fn key(self) -> &'static str {
        match self {
            Reported::NotStarted => "not-started",
            Reported::InProgress => "in-progress",
            Reported::Done => "done",
            Reported::Stalled => "stalled",
        }
    }

    /// The value of a key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A task's status as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    /// Past its deadline or period end and not done.
    Overdue,
    /// A lead report says it is stalled.
    Stalled,
    /// No lead report, and not overdue.
    NotReported,
    /// The lead reports say it has not started.
    NotStarted,
    /// A lead report says it is under way (or done, while another is not).
    InProgress,
    /// Every lead report says done.
    Done,
}

impl TaskStatus {
    /// Every value, most urgent first (the order of the page and the summary).
    pub const ALL: [TaskStatus; 6] = [
        TaskStatus::Overdue,
        TaskStatus::Stalled,
        TaskStatus::NotReported,
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Done,
    ];

    /// The key (`not-reported`).
    pub fn key(self) -> &'static str {
        match self {
            TaskStatus::Overdue => "overdue",
            TaskStatus::Stalled => "stalled",
            TaskStatus::NotReported => "not-reported",
            TaskStatus::NotStarted => "not-started",
            TaskStatus::InProgress => "in-progress",
            TaskStatus::Done => "done",
        }
    }
}

/// Whether an agency reported for a year, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compliance {
    /// Nothing sent, and the due date has passed.
    Missing,
    /// The first submission came after the due date.
    Late,
    /// Nothing sent yet, and the due date has not passed.
    Pending,
    /// The first submission came on or before the due date.
    OnTime,
}

impl Compliance {
    /// Every value, most urgent first.
    pub const ALL: [Compliance; 4] = [
        Compliance::Missing,
        Compliance::Late,
        Compliance::Pending,
        Compliance::OnTime,
    ];

    /// The key (`on-time`).
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Missing => "missing",
            Compliance::Late => "late",
            Compliance::Pending => "pending",
            Compliance::OnTime => "on-time",
        }
    }
}

/// Whether an indicator's observed value meets its goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorStatus {
    /// The observed value meets the goal.
    Achieved,
    /// It does not.
    Behind,
    /// Nothing was observed.
    NoData,
}

/// One submission of an agency's report, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submission<'a> {
    /// The reporting agency (its IRI).
    pub agency: &'a str,
    /// The reporting year.
    pub year: i32,
    /// The day it was sent.
    pub submitted: NaiveDate,
}

/// The submissions that count as of `as_of`: for each agency and year, its latest submission
/// on or before that date (a later submission is a full corrected report). Returns their
/// indexes in `all`.
pub fn current(all: &[Submission<'_>], as_of: NaiveDate) -> Vec<usize> {
    let mut latest: HashMap<(&str, i32), usize> = HashMap::new();
    for (i, s) in all.iter().enumerate() {
        if s.submitted > as_of {
            continue;
        }
        let e = latest.entry((s.agency, s.year)).or_insert(i);
        if all[*e].submitted < s.submitted {
            *e = i;
        }
    }
    let mut out: Vec<usize> = latest.into_values().collect();
    out.sort_unstable();
    out
}

/// Who may set a task's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lead<'a> {
    /// These agencies (IRIs).
    Agencies(&'a [String]),
    /// Any agency: the task's lead is a generic group ("Các sở, ngành").
    AnyAgency,
}

impl Lead<'_> {
    fn includes(&self, agency: &str) -> bool {
        match self {
            Lead::Agencies(list) => list.iter().any(|a| a == agency),
            Lead::AnyAgency => true,
        }
    }
}

/// One row about a task, from a submission that counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskRow<'a> {
    /// The reporting agency.
    pub agency: &'a str,
    /// The reporting year.
    pub year: i32,
    /// What it says.
    pub status: Reported,
}

/// Whether a date as precise as the plan gives it (`2026-06-15`, `2026-06`, `2026`) is over
/// before `as_of`: a month or a year lasts until its last day.
pub fn is_past(due: &str, as_of: NaiveDate) -> bool {
    let day = as_of.format("%Y-%m-%d").to_string();
    let n = due.len().min(day.len());
    due.get(..n).is_some_and(|d| d < &day[..n])
}

/// A task's status as of `as_of`, from its lead, its deadline or period end (`due`, as
/// precise as the plan gives it) and the rows of the submissions that count.
///
/// The lead reports of the latest year that has any decide: `done` when every one says
/// done; else `stalled` when any says stalled; else `in-progress` when any says in progress or
/// done; else `not-started`. A task past `due` that is not done is `overdue`; one with no lead
/// report that is not overdue is `not-reported`. Partners' rows do not count.
pub fn task_status(
    lead: Lead<'_>,
    due: Option<&str>,
    rows: &[TaskRow<'_>],
    as_of: NaiveDate,
) -> TaskStatus {
    let lead_rows: Vec<&TaskRow<'_>> = rows.iter().filter(|r| lead.includes(r.agency)).collect();
    let latest_year = lead_rows.iter().map(|r| r.year).max();
    let statuses: Vec<Reported> = lead_rows
        .iter()
        .filter(|r| Some(r.year) == latest_year)
        .map(|r| r.status)
        .collect();
    let reported = if statuses.is_empty() {
        None
    } else if statuses.iter().all(|s| *s == Reported::Done) {
        Some(TaskStatus::Done)
    } else if statuses.contains(&Reported::Stalled) {
        Some(TaskStatus::Stalled)
    } else if statuses
        .iter()
        .any(|s| matches!(s, Reported::InProgress | Reported::Done))
    {
        Some(TaskStatus::InProgress)
    } else {
        Some(TaskStatus::NotStarted)
    };
    let overdue = due.is_some_and(|d| is_past(d, as_of));
    match reported {
        Some(TaskStatus::Done) => TaskStatus::Done,
        _ if overdue => TaskStatus::Overdue,
        Some(status) => status,
        None => TaskStatus::NotReported,
    }
}

/// An expected agency's reporting for a year: `first` is its first submission for that year
/// made on or before `as_of`, `due` the reporting date of that year.
pub fn compliance(first: Option<NaiveDate>, due: NaiveDate, as_of: NaiveDate) -> Compliance {
    match first {
        Some(d) if d <= due => Compliance::OnTime,
        Some(_) => Compliance::Late,
        None if as_of > due => Compliance::Missing,
        None => Compliance::Pending,
    }
}

/// How a target level compares: `>=`, `<=` or `=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// At least the level (`>=`).
    AtLeast,
    /// At most the level (`<=`).
    AtMost,
    /// The level (`=`), met at or above it.
    Equal,
}

impl Comparator {
    /// The comparator of a notation (`>=`, `≥`, `<=`, `≤`, `=`).
    pub fn from_notation(n: &str) -> Option<Self> {
        match n {
            ">=" | "≥" => Some(Comparator::AtLeast),
            "<=" | "≤" => Some(Comparator::AtMost),
            "=" => Some(Comparator::Equal),
            _ => None,
        }
    }
}

/// One value reported for an indicator, from a submission that counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueRow<'a> {
    /// The reporting agency.
    pub agency: &'a str,
    /// The reporting year.
    pub year: i32,
    /// When the submission was sent.
    pub submitted: NaiveDate,
    /// The value.
    pub value: f64,
}

/// The observed value of an indicator and its year: from the latest year with a report; of
/// several agencies' values that year, a monitoring agency's wins, then the latest submission.
pub fn observed(rows: &[ValueRow<'_>], monitors: &[String]) -> Option<(f64, i32)> {
    let year = rows.iter().map(|r| r.year).max()?;
    rows.iter()
        .filter(|r| r.year == year)
        .max_by_key(|r| (monitors.iter().any(|m| m == r.agency), r.submitted))
        .map(|r| (r.value, year))
}

/// Whether an observed value meets a goal.
pub fn indicator_status(
    comparator: Comparator,
    goal: f64,
    observed: Option<f64>,
) -> IndicatorStatus {
    match observed {
        None => IndicatorStatus::NoData,
        Some(v) => {
            let met = match comparator {
                Comparator::AtLeast | Comparator::Equal => v >= goal,
                Comparator::AtMost => v <= goal,
            };
            if met {
                IndicatorStatus::Achieved
            } else {
                IndicatorStatus::Behind
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_latest_submission_on_or_before_the_date_counts() {
        let all = [
            Submission {
                agency: "A",
                year: 2026,
                submitted: d("2026-11-10"),
            },
            Submission {
                agency: "A",
                year: 2026,
                submitted: d("2026-12-01"),
            },
            Submission {
                agency: "A",
                year: 2025,
                submitted: d("2025-11-14"),
            },
            Submission {
                agency: "B",
                year: 2026,
                submitted: d("2026-12-20"),
            },
        ];
        // (as of, the indexes that count)
        let table: &[(&str, &[usize])] = &[
            ("2025-01-01", &[]),
            ("2025-11-14", &[2]),
            ("2026-11-30", &[0, 2]),
            ("2026-12-01", &[1, 2]),
            ("2026-12-31", &[1, 2, 3]),
        ];
        for (as_of, expected) in table {
            assert_eq!(current(&all, d(as_of)), *expected, "as of {as_of}");
        }
    }

    #[test]
    fn dates_are_past_as_precisely_as_the_plan_gives_them() {
        let table = [
            ("2026-06-15", "2026-06-15", false),
            ("2026-06-15", "2026-06-16", true),
            ("2026-06", "2026-06-30", false),
            ("2026-06", "2026-07-01", true),
            ("2026", "2026-12-31", false),
            ("2026", "2027-01-01", true),
        ];
        for (due, as_of, past) in table {
            assert_eq!(is_past(due, d(as_of)), past, "{due} as of {as_of}");
        }
    }

    #[test]
    fn task_status_row_by_row() {
        use Reported::{Done as D, InProgress as P, NotStarted as N, Stalled as S};
        let leads = ["A".to_owned(), "B".to_owned()];
        let lead = Lead::Agencies(&leads);
        let row = |agency, year, status| TaskRow {
            agency,
            year,
            status,
        };
        let as_of = d("2026-12-06");
        // (case, lead, due, rows, expected)
        /// A case: its name, the lead, the due date, the rows, the status expected.
        type Case<'a> = (
            &'a str,
            Lead<'a>,
            Option<&'a str>,
            Vec<TaskRow<'a>>,
            TaskStatus,
        );
        let table: Vec<Case<'_>> = vec![
            (
                "no report, no deadline",
                lead,
                None,
                vec![],
                TaskStatus::NotReported,
            ),
            (
                "no report, deadline ahead",
                lead,
                Some("2027-06-30"),
                vec![],
                TaskStatus::NotReported,
            ),
            (
                "no report, deadline past",
                lead,
                Some("2026-06-15"),
                vec![],
                TaskStatus::Overdue,
            ),
            (
                "every lead done",
                lead,
                None,
                vec![row("A", 2026, D), row("B", 2026, D)],
                TaskStatus::Done,
            ),
            (
                "done beats a past deadline",
                lead,
                Some("2026-04-15"),
                vec![row("A", 2026, D)],
                TaskStatus::Done,
            ),
            (
                "one lead done, one in progress",
                lead,
                None,
                vec![row("A", 2026, D), row("B", 2026, P)],
                TaskStatus::InProgress,
            ),
            (
                "one done, one not started",
                lead,
                None,
                vec![row("A", 2026, D), row("B", 2026, N)],
                TaskStatus::InProgress,
            ),
            (
                "stalled beats in progress",
                lead,
                None,
                vec![row("A", 2026, S), row("B", 2026, P)],
                TaskStatus::Stalled,
            ),
            (
                "stalled beats done",
                lead,
                None,
                vec![row("A", 2026, S), row("B", 2026, D)],
                TaskStatus::Stalled,
            ),
            (
                "all not started",
                lead,
                None,
                vec![row("A", 2026, N)],
                TaskStatus::NotStarted,
            ),
            (
                "past deadline, in progress",
                lead,
                Some("2026-06-15"),
                vec![row("A", 2026, P)],
                TaskStatus::Overdue,
            ),
            (
                "past deadline, stalled",
                lead,
                Some("2025"),
                vec![row("A", 2025, S)],
                TaskStatus::Overdue,
            ),
            (
                "deadline this year, stalled",
                lead,
                Some("2026"),
                vec![row("A", 2026, S)],
                TaskStatus::Stalled,
            ),
            (
                "the latest year decides",
                lead,
                None,
                vec![row("A", 2025, S), row("A", 2026, D)],
                TaskStatus::Done,
            ),
            (
                "an older year does not",
                lead,
                None,
                vec![row("A", 2025, D), row("B", 2026, P)],
                TaskStatus::InProgress,
            ),
            (
                "a partner does not set the status",
                lead,
                None,
                vec![row("C", 2026, D)],
                TaskStatus::NotReported,
            ),
            (
                "a group lead takes any agency",
                Lead::AnyAgency,
                None,
                vec![row("C", 2026, D)],
                TaskStatus::Done,
            ),
        ];
        for (case, lead, due, rows, expected) in table {
            assert_eq!(task_status(lead, due, &rows, as_of), expected, "{case}");
        }
    }

    #[test]
    fn compliance_row_by_row() {
        let due = d("2026-11-15");
        let table = [
            (Some("2026-11-10"), "2026-12-06", Compliance::OnTime),
            (Some("2026-11-15"), "2026-12-06", Compliance::OnTime),
            (Some("2026-11-16"), "2026-12-06", Compliance::Late),
            (None, "2026-12-06", Compliance::Missing),
            (None, "2026-11-16", Compliance::Missing),
            (None, "2026-11-15", Compliance::Pending),
            (None, "2026-06-01", Compliance::Pending),
        ];
        for (first, as_of, expected) in table {
            assert_eq!(
                compliance(first.map(d), due, d(as_of)),
                expected,
                "{first:?} as of {as_of}"
            );
        }
    }

    #[test]
    fn observed_values_row_by_row() {
        let monitors = ["M".to_owned()];
        let v = |agency, year, submitted, value| ValueRow {
            agency,
            year,
            submitted: d(submitted),
            value,
        };
        /// A case: its name, the rows, the observed value and year expected.
        type Case<'a> = (&'a str, Vec<ValueRow<'a>>, Option<(f64, i32)>);
        let table: Vec<Case<'_>> = vec![
            ("nothing", vec![], None),
            (
                "one value",
                vec![v("A", 2026, "2026-11-01", 12.0)],
                Some((12.0, 2026)),
            ),
            (
                "the latest year",
                vec![
                    v("A", 2025, "2025-11-01", 9.0),
                    v("A", 2026, "2026-11-01", 12.0),
                ],
                Some((12.0, 2026)),
            ),
            (
                "the monitor wins",
                vec![
                    v("M", 2026, "2026-11-01", 10.0),
                    v("A", 2026, "2026-11-10", 12.0),
                ],
                Some((10.0, 2026)),
            ),
            (
                "then the latest submission",
                vec![
                    v("A", 2026, "2026-11-01", 10.0),
                    v("B", 2026, "2026-11-10", 12.0),
                ],
                Some((12.0, 2026)),
            ),
            (
                "an older monitor loses to a newer year",
                vec![
                    v("M", 2025, "2025-11-01", 10.0),
                    v("A", 2026, "2026-11-10", 12.0),
                ],
                Some((12.0, 2026)),
            ),
        ];
        for (case, rows, expected) in table {
            assert_eq!(observed(&rows, &monitors), expected, "{case}");
        }
    }

    #[test]
    fn indicator_status_row_by_row() {
        use Comparator::{AtLeast, AtMost, Equal};
        let table = [
            (AtLeast, 30.0, Some(30.0), IndicatorStatus::Achieved),
            (AtLeast, 30.0, Some(29.9), IndicatorStatus::Behind),
            (Equal, 5.0, Some(6.0), IndicatorStatus::Achieved),
            (Equal, 5.0, Some(4.0), IndicatorStatus::Behind),
            (AtMost, 10.0, Some(10.0), IndicatorStatus::Achieved),
            (AtMost, 10.0, Some(11.0), IndicatorStatus::Behind),
            (AtLeast, 30.0, None, IndicatorStatus::NoData),
        ];
        for (cmp, goal, obs, expected) in table {
            assert_eq!(
                indicator_status(cmp, goal, obs),
                expected,
                "{cmp:?} {goal} {obs:?}"
            );
        }
    }
}
