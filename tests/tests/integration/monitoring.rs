//! Plan monitoring through the router: `/api/progress` on the bundled plan as of chosen dates,
//! the statuses the rules of docs/monitoring.md give when no agency has reported yet, and the
//! consolidated report in Word, read back by LibreOffice.

use super::support::{get, skip_unless_required, which};
use axum::http::StatusCode;
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;

fn task<'a>(progress: &'a Value, code: &str) -> &'a Value {
    progress["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == code)
        .unwrap_or_else(|| panic!("no task {code}"))
}

#[test]
fn without_reports_tasks_past_their_deadline_are_overdue_and_the_rest_not_reported() {
    let r = get("/api/progress?as_of=2026-12-06");
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let p = r.json();
    assert_eq!(p["as_of"], "2026-12-06");
    assert_eq!(p["year"], 2026);
    // Every task row of the plan, in table order: 41 rows, I.1 first.
    let tasks = p["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 41);
    assert_eq!(tasks[0]["code"], "I.1");
    // I.1 was due 15/6/2026 and I.2 15/4/2026: both overdue on 6 December.
    assert_eq!(task(&p, "I.1")["deadline"], "2026-06-15");
    assert_eq!(task(&p, "I.1")["status"], "overdue");
    assert_eq!(task(&p, "I.2")["deadline"], "2026-04-15");
    assert_eq!(task(&p, "I.2")["status"], "overdue");
    // A task of the whole period 2026–2030 is not overdue yet: not reported.
    let summary = &p["summary"]["tasks"];
    let total: i64 = summary
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(total, 41);
    assert_eq!(summary["done"], 0);
    assert!(summary["not-reported"].as_i64().unwrap() > 0);
    // The 2026 reports were due on 15 November: every expected agency is missing.
    let agencies = p["agencies"].as_array().unwrap();
    assert!(agencies.len() > 10, "{}", agencies.len());
    assert!(
        agencies
            .iter()
            .all(|a| a["status"] == "missing" && a["submitted"].is_null())
    );
    assert!(agencies.iter().any(|a| a["name"] == "Sở Y tế"));
    // Generic groups are not expected to report.
    assert!(!agencies.iter().any(|a| a["name"] == "Các sở, ngành"));
    assert_eq!(
        p["summary"]["agencies"]["missing"].as_u64(),
        Some(agencies.len() as u64)
    );
    // Target indicators: no data; target 10 has two indicators.
    let targets = p["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 12);
    let t10 = targets.iter().find(|t| t["number"] == "10").unwrap();
    assert_eq!(t10["indicators"].as_array().unwrap().len(), 2);
    assert!(targets.iter().all(|t| {
        t["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "no-data")
    }));
    assert_eq!(p["funding"], serde_json::json!([]));
    assert_eq!(p["proposals"], serde_json::json!([]));
}

#[test]
fn before_a_deadline_the_task_is_not_yet_overdue_and_reports_are_pending() {
    let p = get("/api/progress?as_of=2026-06-01").json();
    assert_eq!(task(&p, "I.2")["status"], "overdue");
    assert_eq!(task(&p, "I.1")["status"], "not-reported");
    let agencies = p["agencies"].as_array().unwrap();
    assert!(agencies.iter().all(|a| a["status"] == "pending"));
    // The year can be asked for apart from the date.
    let p = get("/api/progress?as_of=2027-01-10&year=2026").json();
    assert_eq!(p["year"], 2026);
    assert!(
        p["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"] == "missing")
    );
}

#[test]
fn bad_dates_and_years_are_json_errors() {
    for (uri, param) in [
        ("/api/progress?as_of=2026-02-31", "as_of"),
        ("/api/progress?as_of=06/12/2026", "as_of"),
        ("/api/progress?year=1890", "year"),
        ("/api/progress?year=next", "year"),
    ] {
        let r = get(uri);
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(r.code(), "invalid_parameter", "{uri}");
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains(param),
            "{uri}"
        );
    }
}

#[test]
fn the_deadlines_calendar_parses_with_every_deadline_and_reporting_date() {
    use icalendar::{Calendar, Component};
    let r = get("/api/deadlines.ics");
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "text/calendar; charset=utf-8");
    let text = r.text();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{}", &text[..40]);
    let cal: Calendar = text.parse().expect("an RFC 5545 calendar");
    let events: Vec<_> = cal.events().collect();
    let on = |date: &str| -> Vec<String> {
        events
            .iter()
            .filter(|e| {
                e.get_start().is_some_and(
                    |s| matches!(s, icalendar::DatePerhapsTime::Date(d) if d.to_string() == date),
                )
            })
            .map(|e| e.get_summary().unwrap_or_default().to_owned())
            .collect()
    };
    // Task I.2 is due 15/4/2026 and I.1 15/6/2026, both led by the generic groups the plan
    // names (lines 678-741 of the plan text).
    let groups = "Các sở, ngành, Uỷ ban nhân dân cấp xã, phường";
    assert_eq!(
        on("2026-04-15"),
        [format!("Hạn chót nhiệm vụ I.2 (chủ trì: {groups})")]
    );
    assert_eq!(
        on("2026-06-15"),
        [format!("Hạn chót nhiệm vụ I.1 (chủ trì: {groups})")]
    );
    // The reporting date of every year from 2026 to 2030.
    for year in 2026..=2030 {
        assert_eq!(
            on(&format!("{year}-11-15")),
            [format!(
                "Hạn gửi báo cáo năm {year} kết quả thực hiện Kế hoạch về Sở Khoa học và Công nghệ"
            )],
            "{year}"
        );
    }
    // Every UID is stable and unique.
    let uids: std::collections::HashSet<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), events.len());
    assert!(
        uids.contains("deadline-ke-hoach-cnsh-lao-cai-2026-I-2@w3id.org/laocai-biotech"),
        "{uids:?}"
    );
    // The same calendar on every request, but for the time stamp of the request.
    assert_eq!(
        without_stamps(&text),
        without_stamps(&get("/api/deadlines.ics").text())
    );
}

/// A calendar without its DTSTAMP lines (the one part that changes between requests).
fn without_stamps(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("DTSTAMP"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_report_is_a_word_document_sent_as_an_attachment_named_by_year() {
    let r = get("/api/progress/report.docx?as_of=2026-12-06&year=2026");
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        r.content_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(
        r.header("content-disposition"),
        "attachment; filename=\"bao-cao-tien-do-2026.docx\""
    );
    // A zip package (OOXML): its first local file header.
    assert!(r.body.starts_with(b"PK\x03\x04"), "not a zip");
    // The year defaults to that of `as_of`, and names the file.
    let r = get("/api/progress/report.docx?as_of=2027-03-01");
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-disposition"),
        "attachment; filename=\"bao-cao-tien-do-2027.docx\""
    );
    // Bad parameters are the JSON errors of /api/progress.
    let r = get("/api/progress/report.docx?year=1890");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.code(), "invalid_parameter");
}

/// LibreOffice and `pdftotext`, or why the test cannot run.
fn office() -> Result<(PathBuf, PathBuf), String> {
    let soffice =
        which(&["soffice", "libreoffice"]).ok_or("no soffice or libreoffice on the PATH")?;
    let pdftotext = which(&["pdftotext"]).ok_or("no pdftotext on the PATH")?;
    Ok((soffice, pdftotext))
}

/// A real consumer reads the report: LibreOffice converts it to PDF, and the PDF's text holds
/// every task code of the plan. Without LibreOffice the test says so and passes, unless
/// `BIOKG_OFFICE_TESTS=required` (set by `.ci/run`).
#[test]
fn libreoffice_converts_the_report_to_a_pdf_with_every_task_code() {
    let (soffice, pdftotext) = match office() {
        Ok(found) => found,
        Err(why) => {
            skip_unless_required(
                "BIOKG_OFFICE_TESTS",
                "office",
                &why,
                "libreoffice-writer-nogui and poppler-utils",
            );
            return;
        }
    };
    let r = get("/api/progress/report.docx?as_of=2026-12-06&year=2026");
    assert_eq!(r.status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("bao-cao-tien-do-2026.docx");
    std::fs::write(&docx, &r.body).unwrap();
    // A fresh profile: no state shared with another run or a user's LibreOffice.
    let profile = format!("file://{}", dir.path().join("profile").display());
    let out = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .expect("soffice runs");
    let pdf = dir.path().join("bao-cao-tien-do-2026.pdf");
    assert!(
        out.status.success() && pdf.is_file(),
        "soffice: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new(&pdftotext)
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    let words: HashSet<&str> = text.split_whitespace().collect();
    let progress = get("/api/progress?as_of=2026-12-06&year=2026").json();
    let codes: Vec<&str> = progress["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 41);
    let missing: Vec<&&str> = codes.iter().filter(|c| !words.contains(**c)).collect();
    assert!(missing.is_empty(), "not in the PDF: {missing:?}\n{text}");
    // The Vietnamese text survives the round trip, diacritics and all.
    assert!(text.contains("Số liệu tính đến ngày 06/12/2026"), "{text}");
    assert!(text.contains("Quá hạn"), "{text}");
}
