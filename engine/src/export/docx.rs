//! The consolidated yearly report of plan monitoring as a Word document, in Vietnamese, for
//! Sở Khoa học và Công nghệ to send to the People's Committee: what [`Progress`] says, as a
//! title, a summary, the tables of tasks, target indicators and reporting agencies, and the
//! agencies' proposals. `docs/monitoring.md` ("The consolidated report") describes it.

use crate::error::Result;
use crate::read::monitoring::rules::{Compliance, IndicatorStatus, TaskStatus};
use crate::read::monitoring::{IndicatorProgress, Progress, TaskProgress};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading, Table,
    TableCell, TableLayoutType, TableRow, VMergeType, WidthType,
};

/// A4 portrait, in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// Margins of an administrative document (Decree 30/2020/NĐ-CP): 2 cm top and bottom, 3 cm
/// left, 1.5 cm right, in twentieths of a point.
const MARGIN: (i32, i32, i32, i32) = (1_134, 1_701, 1_134, 851);
/// The width the tables fill: the page less the left and right margins.
const TEXT_WIDTH: usize = (A4.0 as i32 - MARGIN.1 - MARGIN.3) as usize;
/// Body text in 13 pt, tables in 11 pt (sizes are in half-points).
const BODY_SIZE: usize = 26;
const TABLE_SIZE: usize = 22;
/// The font of Vietnamese administrative documents; LibreOffice substitutes the metric-compatible
/// Liberation Serif where it is missing.
const FONT: &str = "Times New Roman";
/// The fill of table header cells.
const HEADER_FILL: &str = "D9E2F3";

/// The consolidated report of `p` as the bytes of a `.docx` file (OOXML, A4).
///
/// # Errors
/// [`crate::Error::Export`] when the package cannot be written.
pub fn progress_docx(p: &Progress) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN.0)
                .left(MARGIN.1)
                .bottom(MARGIN.2)
                .right(MARGIN.3)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(BODY_SIZE)
        .add_table(letterhead(p))
        .add_paragraph(Paragraph::new())
        .add_paragraph(centered(bold("BÁO CÁO", BODY_SIZE + 2)))
        .add_paragraph(centered(bold(
            &format!(
                "Kết quả thực hiện Kế hoạch phát triển và ứng dụng công nghệ sinh học năm {}",
                p.year
            ),
            BODY_SIZE,
        )))
        .add_paragraph(centered(
            Run::new()
                .add_text(format!("(Số liệu tính đến ngày {})", date_vi(&p.as_of)))
                .italic(),
        ));
    if p.illustrative {
        doc = doc.add_paragraph(body(
            Run::new()
                .add_text(
                    "Số liệu minh họa: một số báo cáo được tổng hợp dưới đây là dữ liệu minh họa, \
                     không phải số liệu chính thức của các cơ quan, đơn vị.",
                )
                .bold()
                .italic()
                .color("C00000"),
        ));
    }
    doc = doc
        .add_paragraph(heading("I. TỔNG HỢP CHUNG"))
        .add_paragraph(body(Run::new().add_text(summary_tasks(p))))
        .add_paragraph(body(Run::new().add_text(summary_agencies(p))))
        .add_paragraph(body(Run::new().add_text(summary_targets(p))));
    if let Some(funding) = summary_funding(p) {
        doc = doc.add_paragraph(body(Run::new().add_text(funding)));
    }
    doc = doc
        .add_paragraph(heading("II. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ"))
        .add_table(tasks_table(&p.tasks))
        .add_paragraph(heading("III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
        .add_table(targets_table(p))
        .add_paragraph(heading(&format!(
            "IV. TÌNH HÌNH GỬI BÁO CÁO NĂM {} CỦA CÁC CƠ QUAN, ĐƠN VỊ",
            p.year
        )))
        .add_table(agencies_table(p))
        .add_paragraph(heading("V. KIẾN NGHỊ, ĐỀ XUẤT"));
    if p.proposals.is_empty() {
        doc = doc.add_paragraph(body(
            Run::new().add_text("Các cơ quan, đơn vị chưa gửi kiến nghị, đề xuất."),
        ));
    }
    for proposal in &p.proposals {
        let about = proposal
            .code
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        doc = doc.add_paragraph(
            body(
                Run::new()
                    .add_text(format!("- {}{about}: ", proposal.agency.name))
                    .bold(),
            )
            .add_run(Run::new().add_text(&proposal.text)),
        );
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(docx_rs::DocxError::from)?;
    Ok(out.into_inner())
}

/// The sender and the national motto, side by side without borders, as an administrative
/// document opens.
fn letterhead(p: &Progress) -> Table {
    let (left, right) = (TEXT_WIDTH * 9 / 20, TEXT_WIDTH - TEXT_WIDTH * 9 / 20);
    let cell = |width: usize, lines: &[Run]| {
        lines.iter().fold(
            TableCell::new().width(width, WidthType::Dxa),
            |cell, line| cell.add_paragraph(centered(line.clone())),
        )
    };
    let place = format!("Lào Cai, ngày {}", date_vi(&p.as_of));
    Table::without_borders(vec![TableRow::new(vec![
        cell(
            left,
            &[
                Run::new()
                    .add_text("UBND TỈNH LÀO CAI")
                    .size(TABLE_SIZE + 2),
                bold("SỞ KHOA HỌC VÀ CÔNG NGHỆ", TABLE_SIZE + 2),
            ],
        ),
        cell(
            right,
            &[
                bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", TABLE_SIZE + 2),
                bold("Độc lập - Tự do - Hạnh phúc", TABLE_SIZE + 2),
                Run::new().add_text(place).italic().size(TABLE_SIZE + 2),
            ],
        ),
    ])])
    .set_grid(vec![left, right])
    .width(TEXT_WIDTH, WidthType::Dxa)
    .layout(TableLayoutType::Fixed)
}

/// The tasks by status and their total.
fn summary_tasks(p: &Progress) -> String {
    let counts = TaskStatus::ALL
        .iter()
        .map(|s| format!("{} {}", count(&p.summary.tasks, s.key()), task_status(*s)))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "Kế hoạch có {} nhiệm vụ; đến ngày {}: {counts}.",
        p.tasks.len(),
        date_vi(&p.as_of)
    )
}

/// The expected agencies by compliance.
fn summary_agencies(p: &Progress) -> String {
    let counts = Compliance::ALL
        .iter()
        .map(|s| format!("{} {}", count(&p.summary.agencies, s.key()), compliance(*s)))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "Báo cáo năm {} của {} cơ quan, đơn vị phải báo cáo: {counts}.",
        p.year,
        p.agencies.len()
    )
}

/// The indicators by status.
fn summary_targets(p: &Progress) -> String {
    let indicators: Vec<&IndicatorProgress> =
        p.targets.iter().flat_map(|t| &t.indicators).collect();
    let of = |s: IndicatorStatus| indicators.iter().filter(|i| i.status == s).count();
    format!(
        "Các mục tiêu cụ thể có {} chỉ tiêu: {} đạt, {} chưa đạt, {} chưa có số liệu.",
        indicators.len(),
        of(IndicatorStatus::Achieved),
        of(IndicatorStatus::Behind),
        of(IndicatorStatus::NoData)
    )
}

/// The money spent in the year by funding source, when any was reported.
fn summary_funding(p: &Progress) -> Option<String> {
    if p.funding.is_empty() {
        return None;
    }
    let total: i64 = p.funding.iter().map(|f| f.spent_vnd).sum();
    let by = p
        .funding
        .iter()
        .map(|f| format!("{} {} đồng", funding_source(&f.source), vnd(f.spent_vnd)))
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!(
        "Kinh phí đã sử dụng năm {}: {} đồng ({by}).",
        p.year,
        vnd(total)
    ))
}

fn count(counts: &std::collections::BTreeMap<&'static str, usize>, key: &str) -> usize {
    counts.get(key).copied().unwrap_or(0)
}

/// Every task: code, text, leads, status and what the lead reports say was produced.
fn tasks_table(tasks: &[TaskProgress]) -> Table {
    let widths = column_widths(&[12, 35, 18, 15, 20]);
    let rows = tasks.iter().map(|t| {
        vec![
            t.code.clone().unwrap_or_default(),
            t.title.clone().unwrap_or_default(),
            t.lead
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            capitalized(task_status(t.status)),
            outputs(t),
        ]
    });
    table(
        &widths,
        &["Mã", "Nhiệm vụ", "Chủ trì", "Tình trạng", "Kết quả"],
        rows.map(plain_row).collect(),
    )
}

/// What the lead reports of the latest reported year say was produced, with the documents
/// issued; each prefixed by its agency when several leads reported.
fn outputs(t: &TaskProgress) -> String {
    let leads: Vec<_> = t.reports.iter().filter(|r| r.lead).collect();
    let Some(year) = leads.iter().map(|r| r.year).max() else {
        return String::new();
    };
    let of_year: Vec<_> = leads.into_iter().filter(|r| r.year == year).collect();
    let several = of_year.len() > 1;
    of_year
        .iter()
        .filter_map(|r| {
            let mut text = r.outputs.clone().unwrap_or_default();
            if !r.documents.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&format!("(văn bản: {})", r.documents.join(", ")));
            }
            if text.is_empty() {
                return None;
            }
            Some(if several {
                format!("{}: {text}", r.agency.name)
            } else {
                text
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every indicator of every target: the goal, the value observed and whether it is met. A
/// target with several indicators spans their rows.
fn targets_table(p: &Progress) -> Table {
    let widths = column_widths(&[8, 44, 15, 15, 18]);
    let mut rows = Vec::new();
    for target in &p.targets {
        for (i, ind) in target.indicators.iter().enumerate() {
            let merge = match (target.indicators.len(), i) {
                (1, _) => None,
                (_, 0) => Some(VMergeType::Restart),
                _ => Some(VMergeType::Continue),
            };
            let number = if i == 0 {
                target.number.clone()
            } else {
                String::new()
            };
            let indicator = ind
                .label
                .clone()
                .or_else(|| target.title.clone())
                .unwrap_or_default();
            let observed = match (ind.observed, ind.year) {
                (Some(v), Some(y)) => format!("{} (năm {y})", quantity(v, ind.unit.as_deref())),
                (Some(v), None) => quantity(v, ind.unit.as_deref()),
                (None, _) => "—".to_owned(),
            };
            let mut cells = plain_row(vec![
                number,
                indicator,
                goal(ind),
                observed,
                capitalized(indicator_status(ind.status)),
            ]);
            if let Some(merge) = merge {
                cells[0] = std::mem::take(&mut cells[0]).vertical_merge(merge);
            }
            rows.push(cells);
        }
    }
    table(
        &widths,
        &[
            "Mục tiêu",
            "Chỉ tiêu",
            "Mục tiêu đặt ra",
            "Đã đạt",
            "Tình trạng",
        ],
        rows,
    )
}

/// Every expected agency with its reporting status and the day of its first submission.
fn agencies_table(p: &Progress) -> Table {
    let widths = column_widths(&[8, 52, 20, 20]);
    let rows = p.agencies.iter().enumerate().map(|(i, a)| {
        plain_row(vec![
            (i + 1).to_string(),
            a.name.clone(),
            capitalized(compliance(a.status)),
            a.submitted.as_deref().map(date_vi).unwrap_or_default(),
        ])
    });
    table(
        &widths,
        &["TT", "Cơ quan, đơn vị", "Tình trạng", "Ngày gửi"],
        rows.collect(),
    )
}

/// Column widths in twentieths of a point from percentages of the text width.
fn column_widths(percent: &[usize]) -> Vec<usize> {
    percent.iter().map(|p| TEXT_WIDTH * p / 100).collect()
}

/// A table with fixed column widths, a bold shaded header row, and the given body rows.
fn table(widths: &[usize], header: &[&str], rows: Vec<Vec<TableCell>>) -> Table {
    let head = header
        .iter()
        .map(|h| {
            TableCell::new()
                .shading(Shading::new().fill(HEADER_FILL))
                .add_paragraph(centered(bold(h, TABLE_SIZE)))
        })
        .collect();
    let rows = std::iter::once(head)
        .chain(rows)
        .map(|cells: Vec<TableCell>| {
            TableRow::new(
                cells
                    .into_iter()
                    .zip(widths)
                    .map(|(c, w)| c.width(*w, WidthType::Dxa))
                    .collect(),
            )
            .cant_split()
        });
    Table::new(rows.collect())
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// Body cells of plain text; a line break in a value starts a new paragraph of the cell.
fn plain_row(values: Vec<String>) -> Vec<TableCell> {
    values
        .into_iter()
        .map(|v| {
            v.split('\n').fold(TableCell::new(), |cell, line| {
                cell.add_paragraph(
                    Paragraph::new()
                        .line_spacing(LineSpacing::new().before(20).after(20))
                        .add_run(Run::new().add_text(line).size(TABLE_SIZE)),
                )
            })
        })
        .collect()
}

fn bold(text: &str, size: usize) -> Run {
    Run::new().add_text(text).bold().size(size)
}

fn centered(run: Run) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).add_run(run)
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .line_spacing(LineSpacing::new().before(240).after(120))
        .keep_next(true)
        .add_run(bold(text, BODY_SIZE))
}

/// A justified body paragraph, its first line indented as in administrative documents.
fn body(run: Run) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(docx_rs::SpecialIndentType::FirstLine(567)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().after(120))
        .add_run(run)
}

/// `YYYY-MM-DD` as `dd/mm/yyyy`; anything else as it is.
fn date_vi(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// A number the Vietnamese way, to two decimals at most: `.` between thousands, `,` before
/// decimals (`1.234,5`).
fn number(v: f64) -> String {
    let fixed = format!("{v:.2}");
    let fixed = fixed.trim_end_matches('0').trim_end_matches('.');
    let (whole, frac) = fixed.split_once('.').unwrap_or((fixed, ""));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut out = sign.to_owned();
    out.push_str(&thousands(digits));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A sum of money with `.` between thousands.
fn vnd(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(&v.unsigned_abs().to_string()))
}

/// Digits with `.` between thousands.
fn thousands(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A value with its unit (`%`; a count has none shown).
fn quantity(v: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", number(v)),
        Some(u) if u != "count" => format!("{} {u}", number(v)),
        _ => number(v),
    }
}

/// The goal as the plan prints it, or as parsed.
fn goal(ind: &IndicatorProgress) -> String {
    ind.text.clone().unwrap_or_else(|| {
        let cmp = match ind.comparator.as_deref() {
            Some(">=") => "≥ ",
            Some("<=") => "≤ ",
            _ => "",
        };
        format!("{cmp}{}", quantity(ind.value, ind.unit.as_deref()))
    })
}

/// A status word as a table cell shows it, with a capital.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn task_status(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Overdue => "quá hạn",
        TaskStatus::Stalled => "chậm tiến độ/vướng mắc",
        TaskStatus::NotReported => "chưa báo cáo",
        TaskStatus::NotStarted => "chưa triển khai",
        TaskStatus::InProgress => "đang triển khai",
        TaskStatus::Done => "hoàn thành",
    }
}

fn compliance(s: Compliance) -> &'static str {
    match s {
        Compliance::OnTime => "đúng hạn",
        Compliance::Late => "muộn",
        Compliance::Missing => "chưa gửi",
        Compliance::Pending => "chưa đến hạn",
    }
}

fn indicator_status(s: IndicatorStatus) -> &'static str {
    match s {
        IndicatorStatus::Achieved => "đạt",
        IndicatorStatus::Behind => "chưa đạt",
        IndicatorStatus::NoData => "chưa có số liệu",
    }
}

fn funding_source(key: &str) -> &str {
    match key {
        "state-budget" => "ngân sách nhà nước",
        "socialised" => "xã hội hóa",
        "other" => "nguồn khác",
        "unspecified" => "chưa rõ nguồn",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reader;
    use crate::read::monitoring::rules::Reported;
    use crate::read::monitoring::{Funding, Proposal, TaskReport};
    use crate::read::plan::AgencyLink;
    use chrono::NaiveDate;
    use std::io::Read;
    use std::time::Duration;

    /// The progress of the bundled plan, without any report, on 6 December 2026.
    fn bundled_progress() -> Progress {
        let kb = crate::kb::tests::plan_only();
        Reader::new(&kb, Duration::from_secs(30))
            .progress(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(), 2026)
            .unwrap()
    }

    /// The text of `word/document.xml` in the package.
    fn document_xml(docx: &[u8]) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip package");
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .expect("word/document.xml")
            .read_to_string(&mut xml)
            .unwrap();
        assert!(zip.by_name("[Content_Types].xml").is_ok());
        xml
    }

    #[test]
    fn the_report_is_a_package_with_every_task_code_the_summary_and_the_tables() {
        let p = bundled_progress();
        assert_eq!(p.tasks.len(), 41);
        let xml = document_xml(&progress_docx(&p).unwrap());
        for t in &p.tasks {
            let code = t.code.as_deref().unwrap();
            assert!(xml.contains(&format!(">{code}</w:t>")), "no task {code}");
        }
        assert!(xml.contains("năm 2026</w:t>"));
        assert!(xml.contains("(Số liệu tính đến ngày 06/12/2026)"));
        let overdue = p.summary.tasks["overdue"];
        let not_reported = p.summary.tasks["not-reported"];
        assert_eq!(overdue + not_reported, 41);
        assert!(
            xml.contains(&format!(
                "Kế hoạch có 41 nhiệm vụ; đến ngày 06/12/2026: {overdue} quá hạn, 0 chậm tiến \
                 độ/vướng mắc, {not_reported} chưa báo cáo, 0 chưa triển khai, 0 đang triển \
                 khai, 0 hoàn thành."
            )),
            "{xml}"
        );
        let missing = p.agencies.len();
        assert!(xml.contains(&format!(
            "Báo cáo năm 2026 của {missing} cơ quan, đơn vị phải báo cáo: {missing} chưa gửi, \
             0 muộn, 0 chưa đến hạn, 0 đúng hạn."
        )));
        for header in [
            "Nhiệm vụ",
            "Chủ trì",
            "Chỉ tiêu",
            "Mục tiêu đặt ra",
            "Ngày gửi",
        ] {
            assert!(
                xml.contains(&format!(">{header}</w:t>")),
                "no column {header}"
            );
        }
        assert!(xml.contains(">Sở Y tế</w:t>"));
        assert!(xml.contains(">≥ 20%</w:t>"), "target 1's goal as printed");
        assert!(xml.contains("chưa gửi kiến nghị, đề xuất"));
        assert!(!xml.contains("Số liệu minh họa"));
        // A4 portrait.
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{xml}");
    }

    #[test]
    fn reports_give_outputs_funding_proposals_and_the_illustrative_note() {
        let mut p = bundled_progress();
        let agency = |name: &str| AgencyLink {
            iri: format!("https://example.org/{name}"),
            name: name.to_owned(),
        };
        let report = |name: &str, lead: bool, outputs: &str| TaskReport {
            agency: agency(name),
            documents: vec!["125/KH-SYT".to_owned()],
            funding_source: None,
            illustrative: true,
            lead,
            outputs: Some(outputs.to_owned()),
            spent_vnd: None,
            status: Reported::Done,
            submitted: "2026-11-10".to_owned(),
            year: 2026,
        };
        p.tasks[0].status = TaskStatus::Done;
        p.tasks[0].reports = vec![
            report("Sở Y tế", true, "Đã ban hành kế hoạch"),
            report("Sở Tài chính", false, "Phần của đơn vị phối hợp"),
        ];
        p.illustrative = true;
        p.funding = vec![
            Funding {
                source: "state-budget".to_owned(),
                spent_vnd: 1_200_000_000,
            },
            Funding {
                source: "socialised".to_owned(),
                spent_vnd: 350_500_000,
            },
        ];
        p.proposals = vec![Proposal {
            agency: agency("Sở Y tế"),
            code: Some("I.1".to_owned()),
            text: "Bổ sung kinh phí".to_owned(),
        }];
        let xml = document_xml(&progress_docx(&p).unwrap());
        assert!(xml.contains(">Đã ban hành kế hoạch (văn bản: 125/KH-SYT)</w:t>"));
        assert!(!xml.contains("Phần của đơn vị phối hợp"), "a partner's row");
        assert!(xml.contains(">Hoàn thành</w:t>"));
        assert!(xml.contains(
            "Kinh phí đã sử dụng năm 2026: 1.550.500.000 đồng (ngân sách nhà nước \
             1.200.000.000 đồng, xã hội hóa 350.500.000 đồng)."
        ));
        assert!(xml.contains(">- Sở Y tế (I.1): </w:t>"));
        assert!(xml.contains(">Bổ sung kinh phí</w:t>"));
        assert!(xml.contains("Số liệu minh họa"));
    }

    #[test]
    fn numbers_and_dates_are_written_the_vietnamese_way() {
        assert_eq!(date_vi("2026-11-15"), "15/11/2026");
        assert_eq!(number(1234.5), "1.234,5");
        assert_eq!(number(20.0), "20");
        assert_eq!(number(-0.25), "-0,25");
        assert_eq!(vnd(-1_000), "-1.000");
        assert_eq!(quantity(42.0, Some("%")), "42%");
        assert_eq!(quantity(3.0, Some("count")), "3");
        assert_eq!(capitalized("đúng hạn"), "Đúng hạn");
    }
}
