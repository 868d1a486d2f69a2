//! Progress reports: the CSV and XLSX forms give the same quads, the exact quads of a small
//! report, Vietnamese headers and values, and the bad-report corpus with its exact messages.

use crate::common::{self, data};
use biokg_ingest::registry::Known;
use biokg_ingest::{Context, Error, Format, Input, Loaded, ingest};
use oxrdf::Quad;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What the bundled plan gives reports to refer to.
fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let plan = common::load_plan(&data("ke-hoach-cnsh-lao-cai-2026.txt"), None).unwrap();
        Known::from_quads(&plan.quads)
    })
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reports")
        .join(name)
}

fn load(input: &Input) -> biokg_ingest::Result<Loaded> {
    let ctx = Context {
        known: known(),
        ..Context::standalone()
    };
    ingest(input, &ctx)
}

fn load_bytes(file: &str, bytes: &[u8]) -> biokg_ingest::Result<Loaded> {
    load(&Input::bytes(Format::Report, file, bytes))
}

/// The quads as sorted N-Quads lines, without the two that name the file read (the source
/// entity's label and `lcb:fileName`).
fn lines_but_file_name(quads: &[Quad]) -> Vec<String> {
    let mut out: Vec<String> = quads
        .iter()
        .filter(|q| {
            !(q.subject.to_string().contains("/id/source/report/")
                && (q.predicate.as_str().ends_with("#fileName")
                    || q.predicate.as_str().ends_with("rdf-schema#label")))
        })
        .map(ToString::to_string)
        .collect();
    out.sort();
    out
}

/// The fixture `so-y-te-2026.csv` as a workbook: numbers as numbers, the date as a date cell
/// shown `dd/mm/yyyy`, as an officer's Excel would save it.
fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format as Style, Workbook};
    let text = std::fs::read_to_string(fixture("so-y-te-2026.csv")).unwrap();
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Style::new().set_num_format("dd/mm/yyyy");
    for (r, record) in rows.records().enumerate() {
        let record = record.unwrap();
        for (c, v) in record.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r > 0 && c == 2 {
                let d = ExcelDateTime::from_ymd(2026, 11, 10).unwrap();
                sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
            } else if r > 0 && [1, 5, 7, 10].contains(&c) && !v.is_empty() {
                sheet.write_number(r, c, v.parse::<f64>().unwrap()).unwrap();
            } else if !v.is_empty() {
                sheet.write_string(r, c, v).unwrap();
            }
        }
    }
    // A second sheet is not read.
    book.add_worksheet()
        .write_string(0, 0, "Hướng dẫn: điền mỗi dòng một nhiệm vụ")
        .unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn the_csv_and_xlsx_forms_give_the_same_quads() {
    let csv = load(&Input::path(Format::Report, fixture("so-y-te-2026.csv"))).unwrap();
    let xlsx = load_bytes("so-y-te-2026.xlsx", &workbook()).unwrap();
    assert_eq!(csv.source.name, "so-y-te-2026-2026-11-10");
    assert_eq!(xlsx.source.name, csv.source.name);
    assert_eq!(
        csv.source.graph().as_str(),
        "https://w3id.org/laocai-biotech/graph/report/so-y-te-2026-2026-11-10"
    );
    assert_eq!(
        common::counts(&csv),
        [("task rows", 2), ("indicator values", 2)]
    );
    assert_eq!(csv.quads.len(), xlsx.quads.len());
    assert_eq!(
        lines_but_file_name(&csv.quads),
        lines_but_file_name(&xlsx.quads)
    );
}

#[test]
fn vietnamese_headers_and_values_give_the_same_quads() {
    let en = load(&Input::path(Format::Report, fixture("so-y-te-2026.csv"))).unwrap();
    let vi = load(&Input::path(Format::Report, fixture("so-y-te-2026-vi.csv"))).unwrap();
    assert_eq!(vi.source.name, en.source.name);
    assert_eq!(
        lines_but_file_name(&vi.quads),
        lines_but_file_name(&en.quads)
    );
}

const G: &str = "<https://w3id.org/laocai-biotech/graph/report/so-y-te-2026-2026-11-10>";

#[test]
fn the_quads_of_a_small_report_value_by_value() {
    let csv = "agency,year,submitted,kind,code,indicator,status,value,outputs,documents,spent_vnd,funding_source,proposal,illustrative\n\
               so-y-te,2026,10/11/2026,task,I.1,,done,,Kế hoạch,125/KH-SYT; 130/QĐ-SYT,150000000,state-budget,Thêm kinh phí,true\n\
               so-y-te,2026,10/11/2026,target,10,2,,3.50,,,,,,TRUE\n";
    let loaded = load(&Input::bytes(Format::Report, "r.csv", csv).uploaded_by("so-y-te")).unwrap();
    let id = "https://w3id.org/laocai-biotech/id/";
    let ns = "https://w3id.org/laocai-biotech/ns#";
    let r = format!("<{id}report/so-y-te/2026/2026-11-10>");
    let task = format!("<{id}report/so-y-te/2026/2026-11-10/task/I-1>");
    let obs = format!("<{id}report/so-y-te/2026/2026-11-10/target/10/indicator/2>");
    let act = format!("<{id}report/so-y-te/2026/2026-11-10/reporting>");
    let src = format!("<{id}source/report/so-y-te-2026-2026-11-10>");
    let agency = format!("<{id}agency/so-y-te>");
    let plan = format!("{id}plan/ke-hoach-cnsh-lao-cai-2026");
    let rdf = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    let label = "<http://www.w3.org/2000/01/rdf-schema#label>";
    let prov = "http://www.w3.org/ns/prov#";
    let xsd = "http://www.w3.org/2001/XMLSchema#";
    let qb = "http://purl.org/linked-data/cube#";
    let version = biokg_ingest::INGESTOR_VERSION;
    let mut expected: Vec<String> = [
        format!("{src} {rdf} <{ns}Source>"),
        format!("{src} {rdf} <{prov}Entity>"),
        format!("{src} {label} \"r.csv\""),
        format!("{src} <{ns}fileName> \"r.csv\""),
        format!("{src} <{ns}sourceKind> \"report\""),
        format!("{src} <{ns}ingestorVersion> \"{version}\""),
        format!("{r} {rdf} <{ns}ProgressReport>"),
        format!("{r} {rdf} <{prov}Entity>"),
        format!("{r} <{ns}reportingAgency> {agency}"),
        format!("{r} <{prov}wasAttributedTo> {agency}"),
        format!("{r} <{ns}reportYear> \"2026\"^^<{xsd}gYear>"),
        format!("{r} <{ns}submittedOn> \"2026-11-10\"^^<{xsd}date>"),
        format!("{r} <{prov}wasDerivedFrom> {src}"),
        format!("{r} {label} \"Báo cáo năm 2026 của Sở Y tế (gửi 10/11/2026)\"@vi"),
        format!("{r} {label} \"2026 progress report of Sở Y tế (sent 2026-11-10)\"@en"),
        format!("{r} <{ns}illustrative> \"true\"^^<{xsd}boolean>"),
        format!("{r} <{prov}wasGeneratedBy> {act}"),
        format!("{act} {rdf} <{ns}Reporting>"),
        format!("{act} {rdf} <{prov}Activity>"),
        format!("{act} <{prov}wasAssociatedWith> {agency}"),
        format!("{act} <{prov}endedAtTime> \"2026-11-10T00:00:00+07:00\"^^<{xsd}dateTime>"),
        format!("{act} <{ns}uploadedBy> \"so-y-te\""),
        format!("{task} {rdf} <{ns}TaskReport>"),
        format!("{task} <{ns}aboutTask> <{plan}/task/I-1>"),
        format!("{task} <{ns}reportedStatus> <{id}concept/report-status/done>"),
        format!("{task} <{ns}inReport> {r}"),
        format!("{task} <{ns}lineStart> \"2\"^^<{xsd}integer>"),
        format!("{task} <{prov}wasDerivedFrom> {src}"),
        format!("{task} <{ns}outputs> \"Kế hoạch\""),
        format!("{task} <{ns}documentIssued> \"125/KH-SYT\""),
        format!("{task} <{ns}documentIssued> \"130/QĐ-SYT\""),
        format!("{task} <{ns}spentVnd> \"150000000\"^^<{xsd}integer>"),
        format!("{task} <{ns}fundingSource> <{id}concept/funding-source/state-budget>"),
        format!("{task} <{ns}proposal> \"Thêm kinh phí\""),
        format!("{obs} {rdf} <{ns}IndicatorObservation>"),
        format!("{obs} {rdf} <{qb}Observation>"),
        format!("{obs} <{qb}dataSet> <{ns}IndicatorDataSet>"),
        format!("{obs} <{ns}observedIndicator> <{plan}/target/10/indicator/2>"),
        format!("{obs} <{ns}reportYear> \"2026\"^^<{xsd}gYear>"),
        format!("{obs} <{ns}reportingAgency> {agency}"),
        format!("{obs} <{ns}observedValue> \"3.5\"^^<{xsd}decimal>"),
        format!("{obs} <{ns}inReport> {r}"),
        format!("{obs} <{ns}lineStart> \"3\"^^<{xsd}integer>"),
        format!("{obs} <{prov}wasDerivedFrom> {src}"),
    ]
    .into_iter()
    .map(|t| format!("{t} {G}"))
    .collect();
    expected.sort();
    let mut got: Vec<String> = loaded.quads.iter().map(ToString::to_string).collect();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn the_uploader_defaults_to_cli_and_a_given_name_is_kept() {
    let input = Input::path(Format::Report, fixture("so-y-te-2026.csv"));
    let by = |l: &Loaded| {
        common::objects(
            &l.quads,
            "https://w3id.org/laocai-biotech/id/report/so-y-te/2026/2026-11-10/reporting",
            "https://w3id.org/laocai-biotech/ns#uploadedBy",
        )
    };
    assert_eq!(by(&load(&input).unwrap()), ["cli"]);
    let named = load(&input.clone().named("test-report")).unwrap();
    assert_eq!(
        named.source.graph().as_str(),
        "https://w3id.org/laocai-biotech/graph/report/test-report"
    );
    // Another submission day is another graph: the earlier one is kept beside it.
    let text = std::fs::read_to_string(fixture("so-y-te-2026.csv"))
        .unwrap()
        .replace("10/11/2026", "02/12/2026");
    let later = load_bytes("so-y-te-2026.csv", text.as_bytes()).unwrap();
    assert_eq!(later.source.name, "so-y-te-2026-2026-12-02");
}

/// A report header and the start of a good row, for the corpus.
const HEAD: &str = "agency,year,submitted,kind,code,indicator,status,value,outputs,documents,spent_vnd,funding_source,proposal\n";

fn messages(file: &str, bytes: &[u8]) -> Vec<String> {
    match load_bytes(file, bytes) {
        Err(Error::Invalid(problems)) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => vec![format!("not Invalid: {other}")],
        Ok(l) => vec![format!("loaded {} quads", l.quads.len())],
    }
}

#[test]
fn a_bad_report_loads_nothing_and_says_every_problem() {
    let row = "Sở Y tế,2026,10/11/2026,";
    let corpus: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "code.csv",
            format!("{HEAD}{row}task,II.9.9,,done,,,,,,\n{row}target,99,,,5,,,,,\n"),
            vec![
                "code.csv:2: code: no task of the plan has the code \"II.9.9\"",
                "code.csv:3: code: the plan has no target \"99\"",
            ],
        ),
        (
            "indicator.csv",
            format!(
                "{HEAD}{row}target,10,3,,5,,,,,\n{row}target,10,,,5,,,,,\n{row}target,3,2,,5,,,,,\n{row}target,10,x,,5,,,,,\n"
            ),
            vec![
                "indicator.csv:2: indicator: 3 is out of range: target 10 has 2 indicators",
                "indicator.csv:3: indicator: required: target 10 has 2 indicators",
                "indicator.csv:4: indicator: 2 is out of range: target 3 has 1 indicator",
                "indicator.csv:5: indicator: \"x\" is not an indicator number (1 to 2)",
            ],
        ),
        (
            "status.csv",
            format!(
                "{HEAD}{row}task,I.1,,finished,,,,,,\n{row}task,I.2,,,,,,,,\n{row}target,3,,done,5,,,,,\n"
            ),
            vec![
                "status.csv:2: status: \"finished\" is not allowed: use not-started, in-progress, done or stalled (chưa triển khai, đang triển khai, hoàn thành, chậm tiến độ or vướng mắc)",
                "status.csv:3: status: required for a task",
                "status.csv:4: status: only a task row has a status",
            ],
        ),
        (
            "funding.csv",
            format!(
                "{HEAD}{row}task,I.1,,done,,,,,vay ngân hàng,\n{row}task,I.2,,done,,,,\"1,5 tỷ\",,\n"
            ),
            vec![
                "funding.csv:2: funding_source: \"vay ngân hàng\" is not allowed: use state-budget, socialised or other (ngân sách nhà nước, xã hội hóa or khác)",
                "funding.csv:3: spent_vnd: \"1,5 tỷ\" is not a whole number of đồng: write digits only (1500000000)",
            ],
        ),
        (
            "value.csv",
            format!(
                "{HEAD}{row}target,3,,,25%,,,,,\n{row}target,4,,,,,,,,\n{row}task,I.1,,done,5,,,,,\n"
            ),
            vec![
                "value.csv:2: value: \"25%\" is not a number: write 25 or 25.5, without a unit or %",
                "value.csv:3: value: required for a target",
                "value.csv:4: value: only a target row has a value",
            ],
        ),
        (
            "date.csv",
            format!(
                "{HEAD}Sở Y tế,2026,31/02/2026,task,I.1,,done,,,,,,\nSở Y tế,2026,31/02/2026,task,I.2,,done,,,,,,\n"
            ),
            vec!["date.csv:2: submitted: \"31/02/2026\" is a day that does not exist"],
        ),
        (
            "date-form.csv",
            format!("{HEAD}Sở Y tế,2026,10-11-2026,task,I.1,,done,,,,,,\n"),
            vec![
                "date-form.csv:2: submitted: \"10-11-2026\" is not a date: write YYYY-MM-DD or DD/MM/YYYY",
            ],
        ),
        (
            "disagree.csv",
            format!(
                "{HEAD}{row}task,I.1,,done,,,,,,\nSở Tài chính,2026,10/11/2026,task,I.2,,done,,,,,,\nso-y-te,2025,2026-11-10,task,I.3,,done,,,,,,\nSO Y TE,2026,11/11/2026,task,III.1,,done,,,,,,\n"
            ),
            vec![
                "disagree.csv:3: agency: \"Sở Tài chính\" differs from line 2 (\"Sở Y tế\"): a file is one agency's report for one year, sent on one day",
                "disagree.csv:4: year: \"2025\" differs from line 2 (\"2026\"): a file is one agency's report for one year, sent on one day",
                "disagree.csv:5: submitted: \"11/11/2026\" differs from line 2 (\"10/11/2026\"): a file is one agency's report for one year, sent on one day",
            ],
        ),
        (
            "agency.csv",
            format!(
                "{HEAD}Sở Du lịch,2026,10/11/2026,task,I.1,,done,,,,,,\nSở Du lịch,2026,10/11/2026,task,I.2,,done,,,,,,\n"
            ),
            vec!["agency.csv:2: agency: \"Sở Du lịch\" is not an agency of the plan"],
        ),
        (
            "group.csv",
            format!("{HEAD}\"Các sở, ngành\",2026,10/11/2026,task,I.1,,done,,,,,,\n"),
            vec![
                "group.csv:2: agency: \"Các sở, ngành\" is a group of agencies in the plan; a report is sent by one agency",
            ],
        ),
        (
            "repeated.csv",
            format!(
                "{HEAD}{row}task,I.1,,done,,,,,,\n{row}task,I.1,,stalled,,,,,,\n{row}target,10,1,,5,,,,,\n{row}target,10,1,,6,,,,,\n"
            ),
            vec![
                "repeated.csv:3: code: task I.1 is already reported on line 2",
                "repeated.csv:5: indicator: indicator 1 of target 10 is already reported on line 4",
            ],
        ),
        (
            "kind.csv",
            format!("{HEAD}{row}goal,I.1,,done,,,,,,\n{row},I.1,,done,,,,,,\n"),
            vec![
                "kind.csv:2: kind: \"goal\" is not allowed: use task or target (nhiệm vụ, mục tiêu)",
                "kind.csv:3: kind: required: task or target",
            ],
        ),
        (
            "header.csv",
            "agency,year,kind,code,code,remarks\nSở Y tế,2026,task,I.1,I.1,x\n".to_owned(),
            vec![
                "header.csv:1: code: repeated column (code)",
                "header.csv:1: remarks: unknown column (the columns are agency, year, submitted, kind, code, indicator, status, value, outputs, documents, spent_vnd, funding_source, proposal, title, illustrative)",
                "header.csv:1: submitted: missing required column",
            ],
        ),
        (
            "empty.csv",
            String::new(),
            vec!["empty.csv:1: header: the file is empty; expected a header row"],
        ),
        (
            "header-only.csv",
            HEAD.to_owned(),
            vec!["header-only.csv:2: row: the file has a header and no rows (is it truncated?)"],
        ),
        (
            "truncated.csv",
            format!("{HEAD}{row}task,I.1,,done,,,,,,\n{row}task,I.2"),
            vec!["truncated.csv:3: row: 5 fields, the header has 13 (the file may be truncated)"],
        ),
    ];
    for (file, text, expected) in &corpus {
        assert_eq!(messages(file, text.as_bytes()), *expected, "{file}");
    }
}

#[test]
fn undecodable_and_truncated_files_are_refused_with_file_and_line() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(HEAD.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(
        messages("utf16.csv", &utf16),
        ["utf16.csv:1: encoding: the file is UTF-16; save it as UTF-8"]
    );
    // "Sở Y tế" in Windows-1258: "S\xF5 Y t\xEA" (ơ is F5; ở is o + a combining hook).
    let mut cp1258 = HEAD.as_bytes().to_vec();
    cp1258.extend_from_slice(b"S\xF5\xD2 Y t\xEA\xF2,2026,10/11/2026,task,I.1,,done,,,,,,\n");
    assert_eq!(
        messages("cp1258.csv", &cp1258),
        [
            "cp1258.csv:2: encoding: invalid UTF-8 at byte 108 (is it Windows-1258 or another legacy encoding? save it as UTF-8)"
        ]
    );
    let book = workbook();
    let cut = messages("cut.xlsx", &book[..book.len() / 2]);
    assert_eq!(cut.len(), 1, "{cut:?}");
    assert!(
        cut[0].starts_with("cut.xlsx:1: workbook: cannot be read as an .xlsx workbook (is it truncated or another format?): "),
        "{cut:?}"
    );
}

#[test]
fn a_store_without_the_plan_knows_no_agency_task_or_target() {
    let ctx = Context::standalone();
    let err = ingest(
        &Input::path(Format::Report, fixture("so-y-te-2026.csv")),
        &ctx,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("so-y-te-2026.csv:2: agency: \"Sở Y tế\" is not an agency of the plan\n"),
        "{err}"
    );
}
