//! Integration tests of the plan parser: the province's plan read row by row against values
//! checked by hand in the text, a commune plan written in the same layout, text variants that
//! must give the same plan, and inputs that must be refused.

use std::sync::LazyLock;

use biokg_ingest::plan::{
    AgencyKind, ClauseKind, ClauseRole, Comparator, PartialDate, Plan, PlanError, TaskField,
    TimelineKind, parse_plan,
};

/// The province's plan, as shipped.
fn real_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/ke-hoach-cnsh-lao-cai-2026.txt"
    ))
    .expect("the bundled plan")
}

/// A commune plan in the same layout (written for these tests).
fn commune_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ke-hoach-xa-ta-phin-2026.txt"
    ))
    .expect("the commune fixture")
}

static REAL: LazyLock<Plan> = LazyLock::new(|| parse_plan(&real_text()).expect("the plan parses"));
static COMMUNE: LazyLock<Plan> =
    LazyLock::new(|| parse_plan(&commune_text()).expect("the commune plan parses"));

/// One expected task row.
struct Row {
    code: &'static str,
    line: usize,
    end_line: usize,
    text_start: &'static str,
    text_end: &'static str,
    lead: &'static [&'static str],
    partners: &'static [&'static str],
    /// kind, text, deadline, start, end (ISO)
    timeline: (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ),
    deliverables: &'static [&'static str],
    missing: &'static [&'static str],
}

/// One expected target row.
struct TargetRow {
    number: &'static str,
    lines: (usize, usize),
    title_start: &'static str,
    /// comparator, value, unit, text as printed
    indicators: &'static [(&'static str, f64, &'static str, &'static str)],
    /// "name|kind"
    lead: &'static [&'static str],
    monitor: &'static [&'static str],
}

fn check_tasks(plan: &Plan, rows: &[Row]) {
    let codes: Vec<&str> = plan.tasks.iter().map(|t| t.code.as_str()).collect();
    let expected: Vec<&str> = rows.iter().map(|r| r.code).collect();
    assert_eq!(codes, expected, "task codes in order");
    for (t, r) in plan.tasks.iter().zip(rows) {
        let at = format!("task {}", r.code);
        assert_eq!(t.lines.start, r.line, "{at}: first line");
        assert_eq!(t.lines.end, r.end_line, "{at}: last line");
        assert!(t.text.starts_with(r.text_start), "{at}: text {:?}", t.text);
        assert!(t.text.ends_with(r.text_end), "{at}: text {:?}", t.text);
        assert!(!t.text.contains("  "), "{at}: whitespace collapsed");
        let names = |v: &[biokg_ingest::plan::AgencyRef]| -> Vec<String> {
            v.iter().map(|a| a.name.clone()).collect()
        };
        assert_eq!(names(&t.lead), r.lead, "{at}: lead");
        assert_eq!(names(&t.partners), r.partners, "{at}: partners");
        let (kind, text, deadline, start, end) = r.timeline;
        assert_eq!(t.timeline.kind.as_str(), kind, "{at}: timeline kind");
        assert_eq!(t.timeline.text, text, "{at}: timeline text");
        assert_eq!(
            t.timeline.deadline.map(|d| d.iso()).as_deref(),
            deadline,
            "{at}: deadline"
        );
        assert_eq!(
            t.timeline.start.map(|d| d.iso()).as_deref(),
            start,
            "{at}: start"
        );
        assert_eq!(t.timeline.end.map(|d| d.iso()).as_deref(), end, "{at}: end");
        assert_eq!(t.deliverables, r.deliverables, "{at}: deliverables");
        let missing: Vec<&str> = t.missing.iter().map(TaskField::as_str).collect();
        assert_eq!(missing, r.missing, "{at}: missing fields");
        let (section, number) = r.code.split_once('.').expect("a section");
        assert_eq!(
            (t.section.as_str(), t.number.as_str()),
            (section, number),
            "{at}"
        );
    }
}

fn check_targets(plan: &Plan, rows: &[TargetRow]) {
    let numbers: Vec<&str> = plan.targets.iter().map(|t| t.number.as_str()).collect();
    let expected: Vec<&str> = rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, expected, "target numbers in order");
    for (t, r) in plan.targets.iter().zip(rows) {
        let at = format!("target {}", r.number);
        assert_eq!((t.lines.start, t.lines.end), r.lines, "{at}: lines");
        assert!(
            t.title.starts_with(r.title_start),
            "{at}: title {:?}",
            t.title
        );
        let inds: Vec<(&str, f64, &str, &str)> = t
            .indicators
            .iter()
            .map(|i| {
                (
                    i.comparator.as_str(),
                    i.value,
                    i.unit.as_str(),
                    i.text.as_str(),
                )
            })
            .collect();
        assert_eq!(inds, r.indicators, "{at}: indicators");
        let named = |v: &[biokg_ingest::plan::AgencyRef]| -> Vec<String> {
            v.iter()
                .map(|a| format!("{}|{}", a.name, a.kind.as_str()))
                .collect()
        };
        assert_eq!(named(&t.lead), r.lead, "{at}: lead");
        assert_eq!(named(&t.monitor), r.monitor, "{at}: monitor");
    }
}

/// number, date, issuer, lines of a legal reference
type RefRow<'a> = (&'a str, Option<String>, Option<&'a str>, Vec<usize>);

fn warnings(plan: &Plan) -> Vec<(usize, &str, &str)> {
    plan.warnings
        .iter()
        .map(|w| (w.line, w.field.as_str(), w.message.as_str()))
        .collect()
}

fn clause<'a>(plan: &'a Plan, code: &str) -> &'a biokg_ingest::plan::Clause {
    plan.clause(code)
        .unwrap_or_else(|| panic!("clause {code} is missing"))
}

/// The province's plan, row by row.
mod real {
    use super::*;

    const TASKS: &[Row] = &[
        Row {
            code: "I.1",
            line: 678,
            end_line: 707,
            text_start: "Tổ chức nghiên cứu, học tập,",
            text_end: "trình tổ chức thực hiện.",
            lead: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            partners: &[
                "Báo Lào Cai",
                "Cổng thông tin điện tử tỉnh",
                "các cơ quan, đơn vị liên quan",
            ],
            timeline: (
                "deadline",
                "Trước ngày 15/6/2026.",
                Some("2026-06-15"),
                None,
                None,
            ),
            deliverables: &["Kế hoạch tuyên truyền cấp ngành, cấp xã và đoàn thể được ban hành"],
            missing: &[],
        },
        Row {
            code: "I.2",
            line: 709,
            end_line: 741,
            text_start: "Xây dựng kế hoạch triển khai",
            text_end: "thống nhất và hiệu quả.",
            lead: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            partners: &["Sở Khoa học và Công nghệ"],
            timeline: (
                "deadline",
                "Trước ngày 15/4/2026.",
                Some("2026-04-15"),
                None,
                None,
            ),
            deliverables: &[
                "Kế hoạch thực hiện Kế hoạch 55-KH/TU của các sở, ngành và xã, phường được ban hành",
            ],
            missing: &[],
        },
        Row {
            code: "I.3",
            line: 743,
            end_line: 796,
            text_start: "Triển khai thực hiện nghiêm túc,",
            text_end: "và Kế hoạch số 55-KH/TU.",
            lead: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            partners: &["Sở Nông nghiệp và Môi trường"],
            timeline: ("from", "Từ tháng 3/2026", None, Some("2026-03"), None),
            deliverables: &[
                "Các Kế hoạch hành động, chương trình công tác cụ thể hóa Nghị quyết 48 gắn với các mục tiêu, giải pháp tại Nghị quyết 36-NQ/TW và Kế hoạch số 55-KH/TU tại từng cấp, từng sở, ngành; các văn bản hướng dẫn cơ chế, chính sách hỗ trợ phát triển dược liệu,....",
            ],
            missing: &[],
        },
        Row {
            code: "II.1.1",
            line: 805,
            end_line: 835,
            text_start: "Rà soát hoàn thiện cơ chế,",
            text_end: "nghệ và nguồn nhân lực.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &[
                "Danh mục các văn bản quy phạm pháp luật",
                "Quyết định điều chỉnh,....",
            ],
            missing: &[],
        },
        Row {
            code: "II.1.2",
            line: 837,
            end_line: 858,
            text_start: "Triển khai thực hiện kịp thời,",
            text_end: "dược, quốc phòng an ninh.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.1.3",
            line: 860,
            end_line: 894,
            text_start: "Đẩy mạnh áp dụng tiêu chuẩn,",
            text_end: "học trên địa bàn tỉnh.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.1.1",
            line: 903,
            end_line: 932,
            text_start: "Chú trọng nghiên cứu, ứng dụng,",
            text_end: "với biến đổi khí hậu",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.1.2",
            line: 934,
            end_line: 960,
            text_start: "Đẩy mạnh ứng dụng công nghệ",
            text_end: "hiệu quả kinh tế cao.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.1.3",
            line: 962,
            end_line: 988,
            text_start: "Áp dụng rộng rãi các quy",
            text_end: "liệu, dâu tằm, rau, hoa…).",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.1.4",
            line: 990,
            end_line: 1025,
            text_start: "Ưu tiên triển khai ứng dụng",
            text_end: "trong sản xuất nông nghiệp.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.1.5",
            line: 1027,
            end_line: 1055,
            text_start: "Ứng dụng rộng rãi các sản",
            text_end: "và bảo vệ môi trường.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.1.6",
            line: 1057,
            end_line: 1084,
            text_start: "Chú trọng đầu tư sản xuất",
            text_end: "sản phẩm của địa phương.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Sở Khoa học và Công nghệ",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Các mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.2.1",
            line: 1088,
            end_line: 1113,
            text_start: "Tăng cường đầu tư các thiết",
            text_end: "viện trên địa bàn tỉnh.",
            lead: &["Sở Y tế"],
            partners: &[
                "Sở Khoa học và Công nghệ",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &[
                "Các văn bản triển khai",
                "Các thiết bị, công nghệ mới",
                "Mô hình ứng dụng",
            ],
            missing: &[],
        },
        Row {
            code: "II.2.2.2",
            line: 1115,
            end_line: 1137,
            text_start: "Đẩy mạnh ứng dụng các kỹ",
            text_end: "và các bệnh truyền nhiễm.",
            lead: &["Sở Y tế"],
            partners: &[
                "Sở Khoa học và Công nghệ",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Mô hình ứng dụng"],
            missing: &[],
        },
        Row {
            code: "II.2.2.3",
            line: 1146,
            end_line: 1170,
            text_start: "Cập nhật và đưa vào sử",
            text_end: "sức khỏe cho người dân.",
            lead: &["Sở Y tế"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Báo cáo tổng hợp"],
            missing: &[],
        },
        Row {
            code: "II.2.2.4",
            line: 1172,
            end_line: 1194,
            text_start: "Phối hợp tiếp nhận, ứng dụng",
            text_end: "trên vào điều trị bệnh.",
            lead: &["Sở Y tế"],
            partners: &[
                "Sở Khoa học và Công nghệ",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Mô hình ứng dụng thực tế"],
            missing: &[],
        },
        Row {
            code: "II.2.2.5",
            line: 1196,
            end_line: 1226,
            text_start: "Kế thừa và phát triển y",
            text_end: "liệu bản địa của tỉnh.",
            lead: &["Sở Y tế"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &[
                "Các văn bản triển khai",
                "Mô hình ứng dụng thực tế",
                "Sản phẩm dược liệu-thực phẩm chức năng từ nguồn gen bản địa (ít nhất 5 sản phẩm)",
            ],
            missing: &[],
        },
        Row {
            code: "II.2.2.6",
            line: 1228,
            end_line: 1254,
            text_start: "Đầu tư xây dựng và phát",
            text_end: "cây dược liệu bản địa.",
            lead: &["Sở Y tế"],
            partners: &[
                "Sở Tài chính",
                "Sở Nông nghiệp và Môi trường",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &[
                "Hạ tầng kỹ thuật hiện đại",
                "Quy trình kỹ thuật mới",
                "Các sản phẩm cây giống, hạt giống chất lượng cao, sạch bệnh",
            ],
            missing: &[],
        },
        Row {
            code: "II.2.2.7",
            line: 1256,
            end_line: 1283,
            text_start: "Hoàn thiện chuỗi giá trị dược",
            text_end: "Bắc Hà - Văn Bàn.",
            lead: &["Sở Y tế"],
            partners: &[
                "Sở Tài chính",
                "Sở Nông nghiệp và Môi trường",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Chuỗi giá trị dược liệu Sa Pa - Bắc Hà - Văn Bàn"],
            missing: &[],
        },
        Row {
            code: "II.2.2.8",
            line: 1285,
            end_line: 1309,
            text_start: "Ưu tiên nghiên cứu, áp dụng",
            text_end: "đời sống của nhân dân",
            lead: &["Sở Y tế"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Mô hình ứng dụng thực tiễn"],
            missing: &[],
        },
        Row {
            code: "II.2.3.1",
            line: 1313,
            end_line: 1340,
            text_start: "Ứng dụng các chế phẩm vi",
            text_end: "công nghiệp chế biến, ...",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Sở Khoa học và Công nghệ",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Mô hình ứng dụng thực tiễn"],
            missing: &[],
        },
        Row {
            code: "II.2.3.2",
            line: 1342,
            end_line: 1367,
            text_start: "Ứng dụng công nghệ sinh học",
            text_end: "sinh hoạt và công nghiệp.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Sở Y tế",
                "Sở Công Thương",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Mô hình ứng dụng thực tiễn"],
            missing: &[],
        },
        Row {
            code: "II.2.3.3",
            line: 1369,
            end_line: 1396,
            text_start: "Khuyến khích sản xuất nguyên, nhiên",
            text_end: "tái sử dụng chất thải.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Sở Công Thương",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Mô hình ứng dụng thực tiễn"],
            missing: &[],
        },
        Row {
            code: "II.2.3.4",
            line: 1410,
            end_line: 1432,
            text_start: "Nghiên cứu giải pháp hỗ trợ",
            text_end: "sinh học giảm phát thải.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Sở Tài chính",
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Đề án", "Chương trình", "Kế hoạch"],
            missing: &[],
        },
        Row {
            code: "II.2.4",
            line: 1434,
            end_line: 1457,
            text_start: "Tăng cường ứng dụng các sản",
            text_end: "quốc trong tình hình mới.",
            lead: &["Công an tỉnh"],
            partners: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Các văn bản triển khai", "Mô hình ứng dụng thực tiễn"],
            missing: &[],
        },
        Row {
            code: "II.2.5.1",
            line: 1463,
            end_line: 1494,
            text_start: "Tăng cường tuyển chọn, triển khai",
            text_end: "khai trên địa bàn tỉnh.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &[
                "Hội đồng tư vấn khoa học và công nghệ cấp tỉnh",
                "Văn phòng Uỷ ban nhân dân tỉnh",
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị liên quan",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Nhiệm vụ khoa học và công nghệ được phê duyệt triển khai"],
            missing: &[],
        },
        Row {
            code: "II.2.5.2",
            line: 1496,
            end_line: 1532,
            text_start: "Đặt hàng các nhiệm vụ khoa",
            text_end: "sản; bảo vệ môi trường.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &[
                "Hội đồng tư vấn khoa học và công nghệ cấp tỉnh",
                "Văn phòng Uỷ ban nhân dân tỉnh",
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị liên quan",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 3/2026",
                None,
                Some("2026-03"),
                None,
            ),
            deliverables: &["Nhiệm vụ khoa học và công nghệ được phê duyệt triển khai"],
            missing: &[],
        },
        Row {
            code: "II.2.5.3",
            line: 1534,
            end_line: 1551,
            text_start: "Tập trung công tác kiểm tra,",
            text_end: "triển nhân rộng mô hình.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &[
                "Văn phòng Uỷ ban nhân dân tỉnh",
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị liên quan",
            ],
            timeline: ("annual", "Hằng năm", None, None, None),
            deliverables: &["Kế hoạch", "Chương trình", "Báo cáo"],
            missing: &[],
        },
        Row {
            code: "II.2.5.4",
            line: 1553,
            end_line: 1573,
            text_start: "Hỗ trợ các doanh nghiệp hoạt",
            text_end: "xuất công nghiệp chế biến.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &[
                "Sở Tài chính",
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị, doanh nghiệp có liên quan",
            ],
            timeline: ("annual", "Hằng năm", None, None, None),
            deliverables: &["Đề án", "Chương trình", "Kế hoạch"],
            missing: &[],
        },
        Row {
            code: "II.2.5.5",
            line: 1575,
            end_line: 1592,
            text_start: "Đẩy mạnh hỗ trợ hoạt động",
            text_end: "trường, phát triển bền vững.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &[
                "Sở Tài chính",
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị, doanh nghiệp có liên quan",
            ],
            timeline: ("annual", "Hằng năm", None, None, None),
            deliverables: &["Đề án", "Chương trình", "Kế hoạch"],
            missing: &[],
        },
        Row {
            code: "II.3.1",
            line: 1599,
            end_line: 1630,
            text_start: "Đẩy mạnh việc đào tạo, thu",
            text_end: "tế xã hội của tỉnh.",
            lead: &[
                "Sở Giáo dục và Đào tạo",
                "Sở Y tế",
                "Sở Tài chính",
                "Sở Khoa học và Công nghệ",
            ],
            partners: &[
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị, doanh nghiệp có liên quan",
            ],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &["Đề án", "Kế hoạch", "Chương trình"],
            missing: &[],
        },
        Row {
            code: "II.3.2",
            line: 1639,
            end_line: 1665,
            text_start: "Tiếp tục đầu tư, tăng cường",
            text_end: "dụng công nghệ sinh học.",
            lead: &["Sở Y tế", "Sở Tài chính", "Sở Khoa học và Công nghệ"],
            partners: &[
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị, doanh nghiệp có liên quan",
            ],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &["Đề án", "Dự án", "Kế hoạch", "Chương trình"],
            missing: &[],
        },
        Row {
            code: "II.3.3",
            line: 1667,
            end_line: 1680,
            text_start: "Hỗ trợ, phát triển các cơ",
            text_end: "nhân trong và ngoài tỉnh.",
            lead: &[],
            partners: &[],
            timeline: ("missing", "", None, None, None),
            deliverables: &["Đề án", "Dự án", "Kế hoạch", "Chương trình"],
            missing: &["lead", "partners", "timeline"],
        },
        Row {
            code: "II.3.4",
            line: 1682,
            end_line: 1707,
            text_start: "Tăng cường đào tạo, tập huấn,",
            text_end: "trong sản xuất nông nghiệp.",
            lead: &["Sở Nông nghiệp và Môi trường"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &["Kế hoạch", "Chương trình"],
            missing: &[],
        },
        Row {
            code: "II.4.1",
            line: 1711,
            end_line: 1740,
            text_start: "Khuyến khích mua, chuyển giao, trao",
            text_end: "Trường Đại học quốc tế.",
            lead: &["Sở Khoa học và Công nghệ"],
            partners: &[
                "Các sở, ngành",
                "Uỷ ban nhân dân cấp xã, phường",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &["Kế hoạch", "Chương trình", "Hợp đồng", "Thoả thuận hợp tác"],
            missing: &[],
        },
        Row {
            code: "II.4.2",
            line: 1742,
            end_line: 1772,
            text_start: "Tăng cường, nâng cao hiệu quả",
            text_end: "trong quá trình hợp tác.",
            lead: &["Sở Tài chính"],
            partners: &[
                "Sở Khoa học và Công nghệ",
                "Văn phòng Uỷ ban nhân dân tỉnh",
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị liên quan",
            ],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &["Kế hoạch", "Chương trình", "Hợp đồng", "Thoả thuận hợp tác"],
            missing: &[],
        },
        Row {
            code: "II.4.3",
            line: 1774,
            end_line: 1807,
            text_start: "Nâng cao hiệu quả hợp tác",
            text_end: "nghệ sinh học Lào Cai.",
            lead: &["Sở Tài chính"],
            partners: &[
                "Sở Khoa học và Công nghệ",
                "Văn phòng Uỷ ban nhân dân tỉnh",
                "Các sở, ngành",
                "địa phương",
                "Các tổ chức, đơn vị liên quan",
            ],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &[
                "Các chương trình, đề tài, dự án hợp tác song phương và đa phương với các tổ chức quốc tế, công ty nước ngoài",
            ],
            missing: &[],
        },
        Row {
            code: "III.1",
            line: 1811,
            end_line: 1838,
            text_start: "Nghiên cứu, quán triệt sâu sắc",
            text_end: "địa phương, ngành, lĩnh vực.",
            lead: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            partners: &["Sở Khoa học và Công nghệ"],
            timeline: ("ongoing", "Thường xuyên", None, None, None),
            deliverables: &["Các văn bản triển khai"],
            missing: &[],
        },
        Row {
            code: "III.2",
            line: 1840,
            end_line: 1864,
            text_start: "Thường xuyên rà soát, kịp thời",
            text_end: "địa phương, ngành, lĩnh vực",
            lead: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            partners: &["Sở Khoa học và Công nghệ"],
            timeline: ("ongoing", "Thường xuyên", None, None, None),
            deliverables: &[
                "Danh mục các văn bản quy phạm pháp luật",
                "Quyết định điều chỉnh,....",
            ],
            missing: &[],
        },
        Row {
            code: "III.3",
            line: 1873,
            end_line: 1912,
            text_start: "Quan tâm chỉ đạo tuyên truyền",
            text_end: "nhân hoạt động hiệu quả.",
            lead: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            partners: &["Báo Lào Cai", "Sở Khoa học và Công nghệ"],
            timeline: ("ongoing", "Thường xuyên", None, None, None),
            deliverables: &[
                "Danh mục các bài viết, video, phóng sự về thành tựu công nghệ sinh học; chân dung về các nhà khoa học, nông dân sản xuất giỏi và doanh nghiệp ứng dụng CNSH hiệu quả",
                "Hồ sơ khen thưởng và danh hiệu",
            ],
            missing: &[],
        },
        Row {
            code: "III.4",
            line: 1914,
            end_line: 1937,
            text_start: "Tăng cường xây dựng nội dung",
            text_end: "thuật nông nghiệp thông minh.",
            lead: &["Các sở, ngành", "Uỷ ban nhân dân cấp xã, phường"],
            partners: &["Báo Lào Cai", "Sở Khoa học và Công nghệ"],
            timeline: ("ongoing", "Thường xuyên", None, None, None),
            deliverables: &["Các ấn phẩm truyền thông số", "Video", "clip"],
            missing: &[],
        },
    ];
    const TARGETS: &[TargetRow] = &[
        TargetRow {
            number: "1",
            lines: (420, 441),
            title_start: "Số lượng nhiệm vụ khoa",
            indicators: &[(">=", 20.0, "%", "≥ 20%")],
            lead: &[
                "Các sở, ban, ngành, đơn vị, địa phương|group",
                "Các tổ chức chủ trì thực hiện nhiệm vụ|group",
            ],
            monitor: &["Sở Khoa học và Công nghệ|agency"],
        },
        TargetRow {
            number: "2",
            lines: (443, 458),
            title_start: "Hình thành Trung tâm nghiên",
            indicators: &[(">=", 1.0, "count", "≥ 1")],
            lead: &[
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Khoa học và Công nghệ|agency"],
        },
        TargetRow {
            number: "3",
            lines: (460, 463),
            title_start: "Nâng cấp phòng thí nghiệm",
            indicators: &[(">=", 3.0, "count", "≥ 3")],
            lead: &["Sở Y tế|agency", "Các địa phương cấp xã|group"],
            monitor: &["Sở Y tế|agency"],
        },
        TargetRow {
            number: "4",
            lines: (465, 477),
            title_start: "Xây dựng vùng nông nghiệp",
            indicators: &[(">=", 3.0, "count", "≥ 3")],
            lead: &[
                "Sở Nông nghiệp và Môi trường|agency",
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Nông nghiệp và Môi trường|agency"],
        },
        TargetRow {
            number: "5",
            lines: (479, 497),
            title_start: "Chọn tạo, phục tráng và",
            indicators: &[(">=", 5.0, "count", "≥ 5")],
            lead: &[
                "Sở Nông nghiệp và Môi trường|agency",
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Nông nghiệp và Môi trường|agency"],
        },
        TargetRow {
            number: "6",
            lines: (499, 520),
            title_start: "Diện tích sản xuất cây",
            indicators: &[(">=", 50.0, "%", "≥ 50%")],
            lead: &[
                "Sở Nông nghiệp và Môi trường|agency",
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Nông nghiệp và Môi trường|agency"],
        },
        TargetRow {
            number: "7",
            lines: (522, 542),
            title_start: "Diện tích cây dược liệu",
            indicators: &[("=", 100.0, "%", "100%")],
            lead: &[
                "Sở Nông nghiệp và Môi trường|agency",
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Nông nghiệp và Môi trường|agency"],
        },
        TargetRow {
            number: "8",
            lines: (558, 574),
            title_start: "Phát triển sản phẩm dược",
            indicators: &[(">=", 5.0, "count", "≥ 5")],
            lead: &[
                "Sở Y tế|agency",
                "Sở Nông nghiệp và Môi trường|agency",
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Nông nghiệp và Môi trường|agency"],
        },
        TargetRow {
            number: "9",
            lines: (576, 594),
            title_start: "Xây dựng, phát triển mô",
            indicators: &[(">=", 10.0, "count", "≥ 10")],
            lead: &[
                "Sở Nông nghiệp và Môi trường|agency",
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Nông nghiệp và Môi trường|agency"],
        },
        TargetRow {
            number: "10",
            lines: (596, 632),
            title_start: "Số cơ sở sản xuất,",
            indicators: &[("=", 100.0, "%", "100%"), ("=", 50.0, "%", "50%")],
            lead: &[
                "Sở Nông nghiệp và Môi trường|agency",
                "Sở Công Thương|agency",
                "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Nông nghiệp và Môi trường|agency"],
        },
        TargetRow {
            number: "11",
            lines: (634, 644),
            title_start: "Số lượng cơ sở y",
            indicators: &[("=", 70.0, "%", "70%")],
            lead: &[
                "Sở Y tế|agency",
                "Các đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan|group",
            ],
            monitor: &["Sở Y tế|agency"],
        },
        TargetRow {
            number: "12",
            lines: (646, 661),
            title_start: "Số doanh nghiệp, hợp tác",
            indicators: &[(">=", 20.0, "count", "≥20")],
            lead: &[
                "Các sở, ban, ngành, đơn vị, địa phương, doanh nghiệp, hợp tác xã và các đơn vị tổ chức, cá nhân có liên quan|group",
            ],
            monitor: &["Sở Tài chính|agency"],
        },
    ];

    #[test]
    fn every_target_row() {
        assert_eq!(REAL.targets.len(), 12);
        check_targets(&REAL, TARGETS);
    }

    #[test]
    fn target_10_is_two_sub_rows_around_its_number() {
        // The sub-row right after target 9 belongs to 10, not 9.
        let t9 = REAL.target("9").expect("target 9");
        assert_eq!(t9.indicators.len(), 1);
        assert!(
            t9.title
                .ends_with("kinh tế tuần hoàn trong sản xuất nông nghiệp")
        );
        assert_eq!(t9.lines.end, 594);
        let t10 = REAL.target("10").expect("target 10");
        assert_eq!(
            t10.title,
            "Số cơ sở sản xuất, chế biến nông lâm sản, thủy sản lớn áp dụng các biện pháp sinh \
             học, sử dụng các chế phẩm sinh học xử lý phụ phẩm; Số khu/cụm công nghiệp triển \
             khai xử lý nước thải bằng chế phẩm sinh học."
        );
        let labels: Vec<&str> = t10
            .indicators
            .iter()
            .map(|i| i.label.as_deref().expect("a label"))
            .collect();
        assert_eq!(
            labels,
            [
                "Số cơ sở sản xuất, chế biến nông lâm sản, thủy sản lớn áp dụng các biện pháp \
                 sinh học, sử dụng các chế phẩm sinh học xử lý phụ phẩm;",
                "Số khu/cụm công nghiệp triển khai xử lý nước thải bằng chế phẩm sinh học."
            ]
        );
        let lines: Vec<(usize, usize)> = t10
            .indicators
            .iter()
            .map(|i| (i.lines.start, i.lines.end))
            .collect();
        assert_eq!(lines, [(596, 613), (615, 632)]);
        // A single-indicator target has no label.
        assert!(
            REAL.targets
                .iter()
                .filter(|t| t.number != "10")
                .all(|t| t.indicators[0].label.is_none())
        );
    }

    #[test]
    fn target_3_collapsed_into_two_lines() {
        let t = REAL.target("3").expect("target 3");
        assert_eq!(
            t.title,
            "Nâng cấp phòng thí nghiệm đạt chuẩn an toàn sinh học cấp 1-2."
        );
        assert_eq!(t.indicators[0].comparator, Comparator::Ge);
        assert_eq!(t.indicators[0].value, 3.0);
        let lead: Vec<&str> = t.lead.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(lead, ["Sở Y tế", "Các địa phương cấp xã"]);
        assert_eq!(t.monitor[0].key, "so-y-te");
    }

    #[test]
    fn every_task_row() {
        assert_eq!(REAL.tasks.len(), 41);
        check_tasks(&REAL, TASKS);
    }

    #[test]
    fn tasks_per_group() {
        let count = |g: &str| {
            REAL.tasks
                .iter()
                .filter(|t| t.group.as_deref() == Some(g))
                .count()
        };
        let counts: Vec<(&str, usize)> = [
            "I", "II.1", "II.2.1", "II.2.2", "II.2.3", "II.2", "II.2.5", "II.3", "II.4", "III",
        ]
        .iter()
        .map(|g| (*g, count(g)))
        .collect();
        assert_eq!(
            counts,
            [
                ("I", 3),
                ("II.1", 3),
                ("II.2.1", 6),
                ("II.2.2", 8),
                ("II.2.3", 4),
                ("II.2", 1),
                ("II.2.5", 5),
                ("II.3", 4),
                ("II.4", 3),
                ("III", 4)
            ]
        );
        assert_eq!(
            REAL.task("II.2.4").and_then(|t| t.group.as_deref()),
            Some("II.2")
        );
        assert_eq!(
            REAL.task("II.2.2.7").and_then(|t| t.group.as_deref()),
            Some("II.2.2")
        );
    }

    #[test]
    fn task_groups() {
        let groups: Vec<(&str, Option<&str>, &str, usize, usize)> = REAL
            .task_groups
            .iter()
            .map(|g| {
                (
                    g.code.as_str(),
                    g.parent.as_deref(),
                    g.section.as_str(),
                    g.lines.start,
                    g.lines.end,
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("I", None, "I", 676, 796),
                ("II", None, "II", 798, 1807),
                ("II.1", Some("II"), "II", 800, 894),
                ("II.2", Some("II"), "II", 896, 1592),
                ("II.2.1", Some("II.2"), "II", 901, 1084),
                ("II.2.2", Some("II.2"), "II", 1086, 1309),
                ("II.2.3", Some("II.2"), "II", 1311, 1432),
                ("II.2.4", Some("II.2"), "II", 1434, 1457),
                ("II.2.5", Some("II.2"), "II", 1459, 1592),
                ("II.3", Some("II"), "II", 1594, 1707),
                ("II.4", Some("II"), "II", 1709, 1807),
                ("III", None, "III", 1809, 1937),
            ]
        );
        let title = |c: &str| REAL.task_group(c).map(|g| g.title.as_str());
        assert_eq!(
            title("I"),
            Some("Các nhiệm vụ cần triển khai thực hiện ngay")
        );
        assert_eq!(title("II"), Some("Các nhiệm vụ giai đoạn 2026-2030"));
        assert_eq!(title("III"), Some("Nhiệm vụ thường xuyên"));
        assert_eq!(
            title("II.1"),
            Some(
                "Triển khai thực hiện, xây dựng, cụ thể hóa các cơ chế, chính sách về phát triển và ứng dụng công nghệ sinh học"
            )
        );
        assert_eq!(title("II.2.4"), Some("Trong lĩnh vực quốc phòng an ninh"));
        assert_eq!(
            title("II.2.5"),
            Some("Trong lĩnh vực khoa học, công nghệ và đổi mới sáng tạo")
        );
        assert_eq!(
            title("II.4"),
            Some("Đẩy mạnh hợp tác quốc tế về công nghệ sinh học")
        );
    }

    #[test]
    fn rows_cut_by_page_breaks_are_whole() {
        let t = REAL.task("II.4.2").expect("II.4.2");
        assert_eq!(
            t.text,
            "Tăng cường, nâng cao hiệu quả hợp tác quốc tế trong nghiên cứu, ứng dụng công nghệ \
             sinh học, tuân thủ các điều ước quốc tế có liên quan đến công nghệ sinh học trong \
             quá trình hợp tác."
        );
        assert_eq!(
            t.deliverables_text,
            "Kế hoạch /Chương trình/Hợp đồng/Thoả thuận hợp tác"
        );
        let t = REAL.task("I.3").expect("I.3");
        assert!(
            t.deliverables_text
                .contains("và Kế hoạch số 55-KH/TU tại từng cấp, từng sở, ngành;")
        );
        let t = REAL.task("II.1.3").expect("II.1.3");
        assert!(
            t.text
                .contains("hàng hóa phục vụ phát triển kinh tế xã hội; quy chuẩn")
        );
        let t = REAL.task("II.2.5.2").expect("II.2.5.2");
        assert_eq!(
            t.partners.last().map(|a| a.name.as_str()),
            Some("Các tổ chức, đơn vị liên quan")
        );
        // Hyphenated words rejoined.
        assert!(
            REAL.task("I.3")
                .expect("I.3")
                .text
                .contains("Nghị quyết 36-NQ/TW và")
        );
        assert!(
            REAL.task("II.2.3.3")
                .expect("II.2.3.3")
                .text
                .contains("sinh học (bio-), sản xuất")
        );
        assert!(
            REAL.task("II.2.2.5")
                .expect("II.2.2.5")
                .deliverables_text
                .contains("dược liệu-thực phẩm chức năng")
        );
    }

    #[test]
    fn row_ii_3_3_lacks_lead_partners_and_timeline() {
        let t = REAL.task("II.3.3").expect("II.3.3");
        assert!(t.lead.is_empty() && t.partners.is_empty());
        assert_eq!(t.timeline.kind, TimelineKind::Missing);
        assert_eq!(t.timeline.text, "");
        assert_eq!(
            t.missing,
            [TaskField::Lead, TaskField::Partners, TaskField::Timeline]
        );
        assert_eq!(
            t.deliverables,
            ["Đề án", "Dự án", "Kế hoạch", "Chương trình"]
        );
        // Nothing borrowed from the neighbours.
        assert!(REAL.task("II.3.2").expect("II.3.2").missing.is_empty());
        assert!(REAL.task("II.3.4").expect("II.3.4").missing.is_empty());
        assert!(
            REAL.tasks
                .iter()
                .filter(|t| t.code != "II.3.3")
                .all(|t| t.missing.is_empty())
        );
    }

    #[test]
    fn warnings_are_exactly_the_gaps_of_the_source() {
        assert_eq!(
            warnings(&REAL),
            [
                (
                    182,
                    "task_code",
                    "narrative task III.2.2.1.(7) has no row II.2.1.7 in PHỤ LỤC 02"
                ),
                (
                    333,
                    "clause",
                    "part III is numbered twice: \"KINH PHÍ THỰC HIỆN\" is read as IIIbis"
                ),
                (1667, "lead", "task II.3.3 has no lead agency in the source"),
                (
                    1667,
                    "partners",
                    "task II.3.3 has no partner agencies in the source"
                ),
                (
                    1667,
                    "timeline",
                    "task II.3.3 has no timeline in the source"
                ),
            ]
        );
    }

    #[test]
    fn title_issuer_signer() {
        assert_eq!(
            REAL.title,
            "Kế hoạch thực hiện Kế hoạch số 55-KH/TU ngày 14/02/2026 của Ban Thường vụ Tỉnh ủy \
             Lào Cai thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ chính trị về phát \
             triển và ứng dụng công nghệ sinh học phục vụ phát triển bền vững đất nước trong \
             tình hình mới"
        );
        let issuer = REAL.issuer.as_ref().expect("an issuer");
        assert_eq!(issuer.name, "Ủy ban nhân dân tỉnh Lào Cai");
        assert_eq!(issuer.key, "uy-ban-nhan-dan-tinh-lao-cai");
        assert_eq!(issuer.kind, AgencyKind::Agency);
        assert_eq!(REAL.signer.as_deref(), Some("Ngô Hạnh Phúc"));
        assert_eq!((REAL.lines.start, REAL.lines.end), (1, 1940));
    }

    #[test]
    fn legal_references() {
        let refs: Vec<(&str, &str, Option<String>, Option<&str>)> = REAL
            .legal_refs
            .iter()
            .map(|r| {
                (
                    r.number.as_str(),
                    r.doc_type.as_str(),
                    r.date.map(|d| d.iso()),
                    r.issuer.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            refs,
            [
                (
                    "55-KH/TU",
                    "Kế hoạch",
                    Some("2026-02-14".into()),
                    Some("Ban Thường vụ Tỉnh ủy Lào Cai")
                ),
                (
                    "36-NQ/TW",
                    "Nghị quyết",
                    Some("2023-01-30".into()),
                    Some("Bộ Chính trị")
                ),
                (
                    "189/NQ-CP",
                    "Nghị quyết",
                    Some("2023-11-16".into()),
                    Some("Chính phủ")
                ),
                (
                    "48-NQ/TU",
                    "Nghị quyết",
                    Some("2026-02-03".into()),
                    Some("Ban Chấp hành Đảng bộ tỉnh")
                ),
            ]
        );
        let lines = |n: &str| {
            REAL.legal_refs
                .iter()
                .find(|r| r.number == n)
                .map(|r| r.lines.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            lines("55-KH/TU"),
            [
                2, 9, 12, 19, 33, 38, 46, 114, 119, 127, 374, 682, 712, 735, 750, 774
            ]
        );
        assert_eq!(
            lines("36-NQ/TW"),
            [4, 10, 32, 114, 119, 127, 375, 681, 713, 749, 772]
        );
        assert_eq!(lines("189/NQ-CP"), [32]);
        assert_eq!(lines("48-NQ/TU"), [124, 746]);
        assert_eq!(REAL.legal_refs[3].date, Some(PartialDate::Date(2026, 2, 3)));
    }

    #[test]
    fn reporting_duty() {
        let r = REAL.reporting.as_ref().expect("a reporting duty");
        assert_eq!(r.frequency, "annual");
        assert_eq!(r.recipient.name, "Sở Khoa học và Công nghệ");
        assert_eq!(r.recipient.key, "so-khoa-hoc-va-cong-nghe");
        assert_eq!((r.due_day, r.due_month), (15, 11));
        assert!(
            r.text
                .starts_with("Định kỳ hàng năm báo cáo kết quả tình hình thực hiện")
        );
        assert!(r.text.ends_with("báo cáo Tỉnh uỷ, Uỷ ban nhân dân tỉnh."));
        assert_eq!((r.lines.start, r.lines.end), (357, 359));
        assert_eq!(clause(&REAL, "IV.1").role, Some(ClauseRole::Reporting));
    }

    #[test]
    fn body_parts_and_headings() {
        let row = |code: &str| {
            let c = clause(&REAL, code);
            (
                c.kind,
                c.role,
                c.heading.clone(),
                c.lines.start,
                c.lines.end,
            )
        };
        let h = |s: &str| Some(s.to_owned());
        assert_eq!(
            row("I"),
            (
                ClauseKind::Part,
                Some(ClauseRole::PurposeAndRequirement),
                h("MỤC ĐÍCH, YÊU CẦU"),
                15,
                46
            )
        );
        assert_eq!(
            row("I.1"),
            (
                ClauseKind::Heading,
                Some(ClauseRole::Purpose),
                h("Mục đích"),
                16,
                27
            )
        );
        assert_eq!(
            row("I.2"),
            (
                ClauseKind::Heading,
                Some(ClauseRole::Requirement),
                h("Yêu cầu"),
                29,
                46
            )
        );
        assert_eq!(
            row("II"),
            (
                ClauseKind::Part,
                Some(ClauseRole::Objectives),
                h("MỤC TIÊU"),
                47,
                106
            )
        );
        assert_eq!(
            row("II.1"),
            (
                ClauseKind::Heading,
                Some(ClauseRole::GeneralObjective),
                h("Mục tiêu chung"),
                48,
                59
            )
        );
        assert_eq!(
            row("II.2"),
            (
                ClauseKind::Heading,
                Some(ClauseRole::SpecificObjective),
                h("Mục tiêu cụ thể đến năm 2030"),
                61,
                99
            )
        );
        assert_eq!(
            row("II.3"),
            (
                ClauseKind::Heading,
                Some(ClauseRole::Vision),
                h("Tầm nhìn đến năm 2045"),
                100,
                106
            )
        );
        assert_eq!(
            row("III"),
            (
                ClauseKind::Part,
                Some(ClauseRole::Tasks),
                h("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU"),
                108,
                332
            )
        );
        assert_eq!(
            row("IIIbis"),
            (
                ClauseKind::Part,
                Some(ClauseRole::Funding),
                h("KINH PHÍ THỰC HIỆN"),
                333,
                349
            )
        );
        assert_eq!(
            row("IV"),
            (
                ClauseKind::Part,
                Some(ClauseRole::Organisation),
                h("TỔ CHỨC THỰC HIỆN"),
                351,
                372
            )
        );
        assert_eq!(row("III.2.2.4").0, ClauseKind::Heading);
        assert_eq!(row("III.1.1").0, ClauseKind::Item);
        assert_eq!(row("IV.3").0, ClauseKind::Item);
    }

    #[test]
    fn body_clause_texts() {
        let c = clause(&REAL, "I.1.b2");
        assert_eq!(c.kind, ClauseKind::Bullet);
        assert_eq!(c.parent.as_deref(), Some("I.1"));
        assert_eq!(
            c.text,
            "Xác định rõ được nhiệm vụ và trách nhiệm cụ thể của từng sở, ngành, đơn vị, UBND \
             các xã, phường trong triển khai ứng dụng công nghệ sinh học phục vụ phát triển bền \
             vững đất nước và phát triển kinh tế - xã hội của tỉnh."
        );
        assert_eq!((c.lines.start, c.lines.end), (20, 23));
        let c = clause(&REAL, "II.1.p1");
        assert!(
            c.text
                .starts_with("Tập trung đầu tư phát triển và ứng dụng rộng rãi")
        );
        assert!(c.text.ends_with("hướng tới phát triển nhanh và bền vững."));
        let c = clause(&REAL, "II.3.p1");
        assert!(c.text.starts_with("Phấn đấu đưa Lào Cai trở thành tỉnh"));
        assert_eq!((c.lines.start, c.lines.end), (101, 106));
        let bullets: Vec<&str> = REAL
            .clauses
            .iter()
            .filter(|c| c.parent.as_deref() == Some("IIIbis"))
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(
            bullets,
            [
                "IIIbis.p1",
                "IIIbis.b1",
                "IIIbis.b2",
                "IIIbis.b3",
                "IIIbis.p2"
            ]
        );
        let top: Vec<(&str, usize)> = REAL
            .clauses
            .iter()
            .filter(|c| c.parent.is_none() && c.kind == ClauseKind::Paragraph)
            .map(|c| (c.code.as_str(), c.lines.start))
            .collect();
        assert_eq!(top, [("p1", 9), ("p2", 374)]);
        assert!(
            clause(&REAL, "p2")
                .text
                .ends_with("tổ chức triển khai thực hiện./.")
        );
        assert_eq!(REAL.clauses.len(), 95);
        // Nothing of the distribution list or the signature is a clause.
        assert!(REAL.clauses.iter().all(|c| c.lines.end < 380));
    }

    #[test]
    fn specific_objectives_link_to_targets() {
        let linked: Vec<(String, Option<&str>, usize)> = REAL
            .clauses
            .iter()
            .filter(|c| c.parent.as_deref() == Some("II.2"))
            .map(|c| (c.code.clone(), c.target_number.as_deref(), c.lines.start))
            .collect();
        let expected_lines = [62, 68, 71, 72, 73, 76, 81, 85, 88, 91, 95, 98];
        assert_eq!(linked.len(), 12);
        for (i, (code, n, line)) in linked.iter().enumerate() {
            let k = (i + 1).to_string();
            assert_eq!(code, &format!("II.2.({k})"));
            assert_eq!(*n, Some(k.as_str()));
            assert_eq!(*line, expected_lines[i]);
            assert!(REAL.target(&k).is_some());
        }
        assert!(
            REAL.clauses
                .iter()
                .filter(|c| c.parent.as_deref() != Some("II.2"))
                .all(|c| c.target_number.is_none())
        );
    }

    #[test]
    fn narrative_tasks_link_to_their_rows() {
        let links: Vec<(&str, Option<&str>)> = REAL
            .clauses
            .iter()
            .filter(|c| c.is_narrative_task)
            .map(|c| (c.code.as_str(), c.task_code.as_deref()))
            .collect();
        assert_eq!(links.len(), 42);
        let linked: Vec<&str> = links.iter().filter_map(|l| l.1).collect();
        let all: Vec<&str> = REAL.tasks.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(linked, all, "every row has its narrative task, in order");
        for (code, task) in [
            ("III.1.1", Some("I.1")),
            ("III.2.1.(1)", Some("II.1.1")),
            ("III.2.2.1.(3)", Some("II.2.1.3")),
            ("III.2.2.1.(7)", None),
            ("III.2.2.4", Some("II.2.4")),
            ("III.3.2", Some("III.2")),
            ("III.2.4.(3)", Some("II.4.3")),
        ] {
            assert!(links.contains(&(code, task)), "{code} -> {task:?}");
        }
        // Headings, the note under III.3 and the parts outside III are no tasks.
        for code in [
            "III.1",
            "III.2.2",
            "III.2.2.4.p1",
            "III.3.p1",
            "IV.1",
            "II.2.(1)",
        ] {
            assert!(!clause(&REAL, code).is_narrative_task, "{code}");
        }
    }

    #[test]
    fn agencies_are_normalised() {
        let agencies = REAL.agencies();
        let keys: Vec<&str> = agencies.iter().map(|a| a.key.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(keys, sorted, "one per key, sorted");
        let named: Vec<(&str, AgencyKind)> =
            agencies.iter().map(|a| (a.name.as_str(), a.kind)).collect();
        use AgencyKind::{Agency, Group};
        assert_eq!(
            named,
            [
                ("Báo Lào Cai", Agency),
                ("các cơ quan, đơn vị liên quan", Group),
                ("Các địa phương cấp xã", Group),
                (
                    "Các đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan",
                    Group
                ),
                ("Các sở, ban, ngành, đơn vị, địa phương", Group),
                (
                    "Các sở, ban, ngành, đơn vị, địa phương, doanh nghiệp, hợp tác xã và các đơn vị tổ chức, cá nhân có liên quan",
                    Group
                ),
                (
                    "Các sở, ban, ngành, đơn vị, địa phương và các tổ chức, doanh nghiệp có liên quan",
                    Group
                ),
                ("Các sở, ngành", Group),
                ("Các tổ chức chủ trì thực hiện nhiệm vụ", Group),
                ("Các tổ chức, doanh nghiệp, Hợp tác xã", Group),
                ("Các tổ chức, đơn vị, doanh nghiệp có liên quan", Group),
                ("Các tổ chức, đơn vị liên quan", Group),
                ("Công an tỉnh", Agency),
                ("Cổng thông tin điện tử tỉnh", Agency),
                ("địa phương", Group),
                ("Hội đồng tư vấn khoa học và công nghệ cấp tỉnh", Agency),
                ("Sở Công Thương", Agency),
                ("Sở Giáo dục và Đào tạo", Agency),
                ("Sở Khoa học và Công nghệ", Agency),
                ("Sở Nông nghiệp và Môi trường", Agency),
                ("Sở Tài chính", Agency),
                ("Sở Y tế", Agency),
                ("Uỷ ban nhân dân cấp xã, phường", Group),
                ("Ủy ban nhân dân tỉnh Lào Cai", Agency),
                ("Văn phòng Uỷ ban nhân dân tỉnh", Agency),
            ]
        );
        // "Sở Khoa học và công nghệ" (II.3.1, II.3.2, II.4.1) is the same agency.
        let t = REAL.task("II.4.1").expect("II.4.1");
        assert_eq!(t.lead[0].name, "Sở Khoa học và Công nghệ");
        assert_eq!(
            REAL.task("II.3.1").expect("II.3.1").lead[3].key,
            "so-khoa-hoc-va-cong-nghe"
        );
        let ubnd = &REAL.task("I.1").expect("I.1").lead[1];
        assert_eq!(ubnd.key, "uy-ban-nhan-dan-cap-xa-phuong");
        assert_eq!(ubnd.kind, AgencyKind::Group);
    }
}

/// A commune plan in the same layout, with other agencies, units and numbers of rows.
mod commune {
    use super::*;

    const TASKS: &[Row] = &[
        Row {
            code: "I.1",
            line: 222,
            end_line: 241,
            text_start: "Tổ chức quán triệt, tuyên truyền",
            text_end: "và Nhân dân các thôn.",
            lead: &["Văn phòng HĐND và UBND xã"],
            partners: &["Đài truyền thanh xã", "Các thôn"],
            timeline: (
                "deadline",
                "Trước ngày 30/4/2026.",
                Some("2026-04-30"),
                None,
                None,
            ),
            deliverables: &["Kế hoạch tuyên truyền được ban hành"],
            missing: &[],
        },
        Row {
            code: "I.2",
            line: 243,
            end_line: 255,
            text_start: "Rà soát, lập danh sách các",
            text_end: "nuôi trên địa bàn xã.",
            lead: &["Phòng Kinh tế"],
            partners: &["Các thôn", "Hợp tác xã Dược liệu Tả Phìn"],
            timeline: ("from", "Từ tháng 4/2026", None, Some("2026-04"), None),
            deliverables: &["Danh sách hộ", "Báo cáo rà soát"],
            missing: &[],
        },
        Row {
            code: "II.1.1",
            line: 274,
            end_line: 293,
            text_start: "Xây dựng vùng trồng dược liệu",
            text_end: "Tủng theo quy trình GACP-WHO.",
            lead: &["Phòng Kinh tế"],
            partners: &[
                "Hội Nông dân xã",
                "Các thôn",
                "Hợp tác xã Dược liệu Tả Phìn",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 4/2026",
                None,
                Some("2026-04"),
                None,
            ),
            deliverables: &["Vùng trồng dược liệu đạt GACP-WHO (ít nhất 50 ha)"],
            missing: &[],
        },
        Row {
            code: "II.1.2",
            line: 295,
            end_line: 307,
            text_start: "Hỗ trợ Hợp tác xã Dược",
            text_end: "nhân giống cây dược liệu.",
            lead: &["Phòng Kinh tế"],
            partners: &["Trạm Y tế xã", "Hợp tác xã Dược liệu Tả Phìn"],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &["Mô hình nhân giống", "Quy trình kỹ thuật"],
            missing: &[],
        },
        Row {
            code: "II.1.3",
            line: 309,
            end_line: 337,
            text_start: "Hỗ trợ các hộ dân, hợp",
            text_end: "thôn Tả Phìn, Sả Xéng.",
            lead: &["Phòng Kinh tế"],
            partners: &[
                "Hội Liên hiệp Phụ nữ xã",
                "Đoàn Thanh niên xã",
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
            ],
            timeline: (
                "annual",
                "Hằng năm từ tháng 6/2026",
                None,
                Some("2026-06"),
                None,
            ),
            deliverables: &["Tem truy xuất nguồn gốc", "Nhãn hiệu tập thể"],
            missing: &[],
        },
        Row {
            code: "II.2",
            line: 339,
            end_line: 354,
            text_start: "Nâng cao năng lực xét nghiệm",
            text_end: "chẩn đoán bệnh truyền nhiễm.",
            lead: &["Trạm Y tế xã"],
            partners: &["Phòng Văn hóa - Xã hội", "Uỷ ban nhân dân xã Tả Phìn"],
            timeline: ("ongoing", "Thường xuyên", None, None, None),
            deliverables: &["Kỹ thuật xét nghiệm được áp dụng"],
            missing: &[],
        },
        Row {
            code: "II.3.1",
            line: 358,
            end_line: 369,
            text_start: "Hướng dẫn các hộ chăn nuôi",
            text_end: "giảm ô nhiễm môi trường.",
            lead: &["Hội Nông dân xã"],
            partners: &["Phòng Kinh tế", "Các thôn"],
            timeline: ("annual", "Hằng năm", None, None, None),
            deliverables: &["Kế hoạch", "Báo cáo"],
            missing: &[],
        },
        Row {
            code: "II.3.2",
            line: 371,
            end_line: 380,
            text_start: "Xây dựng mô hình chăn nuôi",
            text_end: "trên đệm lót sinh học.",
            lead: &[],
            partners: &[],
            timeline: ("period", "2026-2030", None, Some("2026"), Some("2030")),
            deliverables: &["Mô hình đệm lót sinh học"],
            missing: &["lead", "partners"],
        },
        Row {
            code: "II.3.3",
            line: 382,
            end_line: 410,
            text_start: "Khuyến khích sản xuất phân bón",
            text_end: "trồng trọt tại các thôn.",
            lead: &["Hội Nông dân xã"],
            partners: &["Hợp tác xã Dược liệu Tả Phìn", "Các hộ chăn nuôi"],
            timeline: ("from", "Từ tháng 6/2026", None, Some("2026-06"), None),
            deliverables: &["Cơ sở sản xuất phân bón vi sinh tại thôn Sả Xéng"],
            missing: &[],
        },
        Row {
            code: "III.1",
            line: 414,
            end_line: 429,
            text_start: "Chỉ đạo, theo dõi, đôn đốc",
            text_end: "thôn thực hiện Kế hoạch.",
            lead: &["Uỷ ban nhân dân xã Tả Phìn"],
            partners: &["Các ban, ngành, đoàn thể xã"],
            timeline: ("ongoing", "Thường xuyên", None, None, None),
            deliverables: &["Các văn bản chỉ đạo"],
            missing: &[],
        },
        Row {
            code: "III.2",
            line: 431,
            end_line: 447,
            text_start: "Tuyên truyền các mô hình ứng",
            text_end: "xã và mạng xã hội.",
            lead: &["Văn phòng HĐND và UBND xã"],
            partners: &["Đài truyền thanh xã", "Các thôn"],
            timeline: ("ongoing", "Thường xuyên", None, None, None),
            deliverables: &["Tin, bài tuyên truyền", "Video"],
            missing: &[],
        },
        Row {
            code: "III.3",
            line: 449,
            end_line: 463,
            text_start: "Sơ kết, tổng kết, khen thưởng",
            text_end: "thể, cá nhân điển hình.",
            lead: &["Uỷ ban nhân dân xã Tả Phìn"],
            partners: &["Phòng Kinh tế", "Trạm Y tế xã"],
            timeline: ("annual", "Hằng năm", None, None, None),
            deliverables: &["Báo cáo sơ kết, tổng kết"],
            missing: &[],
        },
    ];
    const TARGETS: &[TargetRow] = &[
        TargetRow {
            number: "1",
            lines: (122, 136),
            title_start: "Diện tích cây dược liệu",
            indicators: &[(">=", 50.0, "ha", "≥ 50 ha")],
            lead: &[
                "Phòng Kinh tế|agency",
                "Hợp tác xã Dược liệu Tả Phìn|agency",
                "Các thôn|group",
            ],
            monitor: &["Phòng Kinh tế|agency"],
        },
        TargetRow {
            number: "2",
            lines: (138, 147),
            title_start: "Số mô hình sản xuất",
            indicators: &[(">=", 3.0, "count", "≥ 3")],
            lead: &["Phòng Kinh tế|agency", "Hội Nông dân xã|agency"],
            monitor: &["Phòng Kinh tế|agency"],
        },
        TargetRow {
            number: "3",
            lines: (149, 174),
            title_start: "Tỷ lệ hộ chăn nuôi",
            indicators: &[("=", 100.0, "%", "100%"), ("=", 60.0, "%", "60%")],
            lead: &["Hội Nông dân xã|agency", "Phòng Kinh tế|agency"],
            monitor: &["Phòng Kinh tế|agency"],
        },
        TargetRow {
            number: "4",
            lines: (190, 193),
            title_start: "Số sản phẩm dược liệu",
            indicators: &[(">=", 2.0, "count", "≥ 2")],
            lead: &[
                "Phòng Kinh tế|agency",
                "Hợp tác xã Dược liệu Tả Phìn|agency",
            ],
            monitor: &["Phòng Kinh tế|agency"],
        },
        TargetRow {
            number: "5",
            lines: (195, 205),
            title_start: "Số kỹ thuật xét nghiệm",
            indicators: &[("=", 1.0, "count", "1")],
            lead: &["Trạm Y tế xã|agency", "Hội Liên hiệp Phụ nữ xã|agency"],
            monitor: &["Trạm Y tế xã|agency"],
        },
    ];

    #[test]
    fn every_target_row() {
        check_targets(&COMMUNE, TARGETS);
    }

    #[test]
    fn target_with_two_sub_rows_and_a_unit() {
        let t = COMMUNE.target("3").expect("target 3");
        let labels: Vec<Option<&str>> = t.indicators.iter().map(|i| i.label.as_deref()).collect();
        assert_eq!(
            labels,
            [
                Some("Tỷ lệ hộ chăn nuôi quy mô lớn sử dụng chế phẩm sinh học xử lý chất thải;"),
                Some("Tỷ lệ hộ chăn nuôi quy mô nhỏ sử dụng đệm lót sinh học.")
            ]
        );
        assert_eq!(COMMUNE.target("2").expect("target 2").indicators.len(), 1);
        let ha = &COMMUNE.target("1").expect("target 1").indicators[0];
        assert_eq!(
            (ha.comparator, ha.value, ha.unit.as_str()),
            (Comparator::Ge, 50.0, "ha")
        );
        assert_eq!(
            COMMUNE.target("1").expect("target 1").title,
            "Diện tích cây dược liệu được trồng theo quy trình GACP-WHO trên địa bàn xã."
        );
        let bare = &COMMUNE.target("5").expect("target 5").indicators[0];
        assert_eq!(
            (bare.comparator, bare.value, bare.unit.as_str()),
            (Comparator::Eq, 1.0, "count")
        );
    }

    #[test]
    fn every_task_row() {
        assert_eq!(COMMUNE.tasks.len(), 12);
        check_tasks(&COMMUNE, TASKS);
    }

    #[test]
    fn task_groups() {
        let groups: Vec<(&str, Option<&str>, &str, usize, usize)> = COMMUNE
            .task_groups
            .iter()
            .map(|g| {
                (
                    g.code.as_str(),
                    g.parent.as_deref(),
                    g.title.as_str(),
                    g.lines.start,
                    g.lines.end,
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("I", None, "Các nhiệm vụ triển khai ngay", 220, 255),
                ("II", None, "Các nhiệm vụ giai đoạn 2026-2030", 269, 410),
                (
                    "II.1",
                    Some("II"),
                    "Phát triển vùng dược liệu tập trung",
                    271,
                    337
                ),
                ("II.2", Some("II"), "Trong lĩnh vực y tế", 339, 354),
                (
                    "II.3",
                    Some("II"),
                    "Ứng dụng chế phẩm sinh học trong chăn nuôi",
                    356,
                    410
                ),
                ("III", None, "Nhiệm vụ thường xuyên", 412, 463),
            ]
        );
        let groups_of: Vec<Option<&str>> =
            COMMUNE.tasks.iter().map(|t| t.group.as_deref()).collect();
        assert_eq!(
            groups_of,
            [
                Some("I"),
                Some("I"),
                Some("II.1"),
                Some("II.1"),
                Some("II.1"),
                Some("II"),
                Some("II.3"),
                Some("II.3"),
                Some("II.3"),
                Some("III"),
                Some("III"),
                Some("III"),
            ]
        );
    }

    #[test]
    fn warnings() {
        assert_eq!(
            super::warnings(&COMMUNE),
            [
                (
                    61,
                    "task_code",
                    "narrative task III.2.1.(4) has no row II.1.4 in PHỤ LỤC 02"
                ),
                (371, "lead", "task II.3.2 has no lead agency in the source"),
                (
                    371,
                    "partners",
                    "task II.3.2 has no partner agencies in the source"
                ),
            ]
        );
    }

    #[test]
    fn body() {
        assert_eq!(
            COMMUNE.title,
            "Kế hoạch thực hiện Kế hoạch số 112/KH-UBND ngày 20/3/2026 của Ủy ban nhân dân tỉnh \
             Lào Cai về phát triển và ứng dụng công nghệ sinh học trên địa bàn xã Tả Phìn năm 2026"
        );
        let issuer = COMMUNE.issuer.as_ref().expect("an issuer");
        assert_eq!(
            (issuer.name.as_str(), issuer.kind),
            ("Uỷ ban nhân dân xã Tả Phìn", AgencyKind::Agency)
        );
        assert_eq!(COMMUNE.signer.as_deref(), Some("Giàng A Tủa"));
        let parts: Vec<(&str, Option<ClauseRole>, usize, usize)> = COMMUNE
            .clauses
            .iter()
            .filter(|c| c.kind == ClauseKind::Part)
            .map(|c| (c.code.as_str(), c.role, c.lines.start, c.lines.end))
            .collect();
        assert_eq!(
            parts,
            [
                ("I", Some(ClauseRole::PurposeAndRequirement), 13, 23),
                ("II", Some(ClauseRole::Objectives), 24, 41),
                ("III", Some(ClauseRole::Tasks), 46, 76),
                ("IV", Some(ClauseRole::Funding), 78, 80),
                ("V", Some(ClauseRole::Organisation), 82, 87),
            ]
        );
        assert_eq!(clause(&COMMUNE, "II.3").role, Some(ClauseRole::Vision));
        let objectives: Vec<Option<&str>> = COMMUNE
            .clauses
            .iter()
            .filter(|c| c.parent.as_deref() == Some("II.2"))
            .map(|c| c.target_number.as_deref())
            .collect();
        assert_eq!(
            objectives,
            [Some("1"), Some("2"), Some("3"), Some("4"), Some("5")]
        );
        assert_eq!(
            clause(&COMMUNE, "II.2.(3)").text,
            "100% hộ chăn nuôi quy mô lớn sử dụng chế phẩm sinh học xử lý chất thải; 60% hộ chăn \
             nuôi quy mô nhỏ sử dụng đệm lót sinh học."
        );
        // The page number between II and III is not text.
        assert!(!clause(&COMMUNE, "II.3.p1").text.contains(" 2"));
        let links: Vec<(&str, Option<&str>)> = COMMUNE
            .clauses
            .iter()
            .filter(|c| c.is_narrative_task)
            .map(|c| (c.code.as_str(), c.task_code.as_deref()))
            .collect();
        assert_eq!(
            links,
            [
                ("III.1.1", Some("I.1")),
                ("III.1.2", Some("I.2")),
                ("III.2.1.(1)", Some("II.1.1")),
                ("III.2.1.(2)", Some("II.1.2")),
                ("III.2.1.(3)", Some("II.1.3")),
                ("III.2.1.(4)", None),
                ("III.2.2", Some("II.2")),
                ("III.2.3.(1)", Some("II.3.1")),
                ("III.2.3.(2)", Some("II.3.2")),
                ("III.2.3.(3)", Some("II.3.3")),
                ("III.3.1", Some("III.1")),
                ("III.3.2", Some("III.2")),
                ("III.3.3", Some("III.3")),
            ]
        );
    }

    #[test]
    fn legal_references_and_reporting() {
        let refs: Vec<RefRow<'_>> = COMMUNE
            .legal_refs
            .iter()
            .map(|r| {
                (
                    r.number.as_str(),
                    r.date.map(|d| d.iso()),
                    r.issuer.as_deref(),
                    r.lines.clone(),
                )
            })
            .collect();
        assert_eq!(
            refs,
            [
                (
                    "112/KH-UBND",
                    Some("2026-03-20".into()),
                    Some("Ủy ban nhân dân tỉnh Lào Cai"),
                    vec![2, 7, 15, 48, 89, 224]
                ),
                (
                    "48-NQ/TU",
                    Some("2026-02-03".into()),
                    Some("Ban Chấp hành Đảng bộ tỉnh"),
                    vec![9]
                ),
            ]
        );
        let r = COMMUNE.reporting.as_ref().expect("a reporting duty");
        assert_eq!(
            (
                r.frequency.as_str(),
                r.recipient.name.as_str(),
                r.due_day,
                r.due_month
            ),
            ("annual", "Phòng Kinh tế", 10, 12)
        );
        assert_eq!((r.lines.start, r.lines.end), (86, 87));
    }

    #[test]
    fn agencies_are_normalised() {
        let named: Vec<(String, &str, AgencyKind)> = COMMUNE
            .agencies()
            .into_iter()
            .map(|a| {
                let key: &str = Box::leak(a.key.into_boxed_str());
                (a.name, key, a.kind)
            })
            .collect();
        use AgencyKind::{Agency, Group};
        let expected: Vec<(String, &str, AgencyKind)> = [
            (
                "Các ban, ngành, đoàn thể xã",
                "cac-ban-nganh-doan-the-xa",
                Group,
            ),
            ("Các hộ chăn nuôi", "cac-ho-chan-nuoi", Group),
            ("Các thôn", "cac-thon", Group),
            (
                "Các tổ chức, doanh nghiệp, Hợp tác xã",
                "cac-to-chuc-doanh-nghiep-hop-tac-xa",
                Group,
            ),
            ("Đài truyền thanh xã", "dai-truyen-thanh-xa", Agency),
            ("Đoàn Thanh niên xã", "doan-thanh-nien-xa", Agency),
            ("Hội Liên hiệp Phụ nữ xã", "hoi-lien-hiep-phu-nu-xa", Agency),
            ("Hội Nông dân xã", "hoi-nong-dan-xa", Agency),
            (
                "Hợp tác xã Dược liệu Tả Phìn",
                "hop-tac-xa-duoc-lieu-ta-phin",
                Agency,
            ),
            ("Phòng Kinh tế", "phong-kinh-te", Agency),
            ("Phòng Văn hóa - Xã hội", "phong-van-hoa-xa-hoi", Agency),
            ("Trạm Y tế xã", "tram-y-te-xa", Agency),
            (
                "Uỷ ban nhân dân xã Tả Phìn",
                "uy-ban-nhan-dan-xa-ta-phin",
                Agency,
            ),
            (
                "Văn phòng HĐND và UBND xã",
                "van-phong-hdnd-va-ubnd-xa",
                Agency,
            ),
        ]
        .into_iter()
        .map(|(n, k, kind)| (n.to_owned(), k, kind))
        .collect();
        assert_eq!(named, expected);
        // "Ủy ban nhân dân xã Tả Phìn" (III.3) and "Phòng Kinh Tế" (III.3) are spelling variants.
        let t = COMMUNE.task("III.3").expect("III.3");
        assert_eq!(t.lead[0].name, "Uỷ ban nhân dân xã Tả Phìn");
        assert_eq!(t.partners[0].name, "Phòng Kinh tế");
    }
}

/// The same text saved differently gives the same plan.
mod variants {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn same_plan(text: &str) {
        let plain = parse_plan(text).expect("the plan parses");
        let crlf = text.replace('\n', "\r\n");
        let bom = format!("\u{feff}{text}");
        let nfd: String = text.nfd().collect();
        assert_ne!(nfd, text, "the NFD variant differs from the original");
        let all = format!("\u{feff}{}", nfd.replace('\n', "\r\n"));
        // A final newline does not make a line.
        let newline = match text.strip_suffix('\n') {
            Some(without) => without.to_owned(),
            None => format!("{text}\n"),
        };
        for (name, variant) in [
            ("crlf", crlf),
            ("bom", bom),
            ("nfd", nfd),
            ("all", all),
            ("final newline", newline),
        ] {
            assert_eq!(parse_plan(&variant).as_ref(), Ok(&plain), "{name}");
        }
    }

    #[test]
    fn crlf_bom_and_nfd_give_the_same_plan() {
        same_plan(&real_text());
    }

    #[test]
    fn commune_variants_give_the_same_plan() {
        same_plan(&commune_text());
    }
}

/// Inputs that are not plans, or not whole ones.
mod errors {
    use super::*;

    fn first_lines(n: usize) -> String {
        real_text()
            .split('\n')
            .take(n)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn empty_text() {
        assert_eq!(parse_plan(""), Err(PlanError::Empty));
        assert_eq!(parse_plan("\u{feff} \r\n\n  \n"), Err(PlanError::Empty));
        assert_eq!(
            PlanError::Empty.to_string(),
            "empty input: the text has no content"
        );
    }

    #[test]
    fn text_without_task_table() {
        let err = parse_plan("Một văn bản bất kỳ.\nKhông có phụ lục nào.").expect_err("not a plan");
        assert!(matches!(err, PlanError::NotAPlan { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("not a plan: no task assignment table")
        );
        // Body and targets, but the file stops before PHỤ LỤC 02.
        let err = parse_plan(&first_lines(660)).expect_err("no PHỤ LỤC 02");
        assert!(matches!(err, PlanError::NotAPlan { .. }), "{err}");
    }

    #[test]
    fn truncated_inside_a_row() {
        // Stops in III.4 after its lead cell.
        let err = parse_plan(&first_lines(1925)).expect_err("truncated");
        assert_eq!(
            err,
            PlanError::Malformed {
                line: 1925,
                field: "partners".into(),
                reason: "task III.4 stops before its partners and the table has no './.' end \
                         marker: the text looks truncated"
                    .into()
            }
        );
        assert!(
            err.to_string()
                .starts_with("line 1925: partners: task III.4 stops")
        );
        // Stops in the middle of III.3's deliverables.
        let err = parse_plan(&first_lines(1902)).expect_err("truncated");
        assert!(
            matches!(&err, PlanError::Malformed { line: 1902, field, .. } if field == "deliverables"),
            "{err}"
        );
        // Stops right after the text of I.1.
        let err = parse_plan(&first_lines(686)).expect_err("truncated");
        assert!(
            matches!(&err, PlanError::Malformed { line: 686, field, .. } if field == "lead"),
            "{err}"
        );
    }

    #[test]
    fn truncated_between_rows_is_only_a_warning() {
        // A cut between two complete rows cannot be told from a shorter plan: the missing
        // end marker is reported.
        let plan = parse_plan(&first_lines(1870)).expect("complete rows");
        assert_eq!(plan.tasks.last().map(|t| t.code.as_str()), Some("III.2"));
        let last = plan
            .warnings
            .last()
            .map(|w| (w.line, w.field.as_str(), w.message.as_str()));
        assert_eq!(
            last,
            Some((1864, "table", "the task table has no './.' end marker")),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn row_without_text() {
        let text = "PHỤ LỤC 02: BIỂU PHÂN CÔNG NHIỆM VỤ\nSTT Nhiệm vụ cụ thể Cơ quan chủ trì\n\nI Các nhiệm vụ\n1\n2\nLàm một việc.\n./.";
        let err = parse_plan(text).expect_err("row 1 has no text");
        assert_eq!(err.to_string(), "line 5: text: task I.1 has no task text");
    }

    #[test]
    fn task_table_without_rows() {
        let text = "PHỤ LỤC 02: BIỂU PHÂN CÔNG NHIỆM VỤ\nSTT Nhiệm vụ cụ thể Cơ quan chủ trì\n\nI Các nhiệm vụ\n./.";
        let err = parse_plan(text).expect_err("no task row");
        assert!(matches!(err, PlanError::NotAPlan { .. }), "{err}");
    }
}
