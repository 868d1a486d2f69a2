//! A validated report as quads: the report (PROV-O entity), the reporting activity, one
//! `lcb:TaskReport` per task row and one `lcb:IndicatorObservation` (a Data Cube observation)
//! per target row, in the submission's graph after the source entity.

use super::{About, Row, Submission};
use crate::source::{Sink, SourceFile};
use biokg_ontology::{iri, lcb, prov, qb};
use oxrdf::vocab::{rdfs, xsd};
use oxrdf::{Literal, NamedNode, Quad};

/// The quads of `report`, read from `source`, loaded by `uploaded_by`.
pub(super) fn quads(report: &Submission, source: &SourceFile, uploaded_by: &str) -> Vec<Quad> {
    let mut g = Sink::for_source(source);
    let src = source.entity();
    let date = report.submitted.format("%Y-%m-%d").to_string();
    let node = iri::report(&report.agency, &report.year, &date);
    let agency = iri::agency(&report.agency);
    let year = Literal::new_typed_literal(&report.year, xsd::G_YEAR);
    g.typed(&node, &[lcb::PROGRESS_REPORT, prov::ENTITY]);
    g.add(&node, lcb::REPORTING_AGENCY, agency.clone());
    g.add(&node, prov::WAS_ATTRIBUTED_TO, agency.clone());
    g.add(&node, lcb::REPORT_YEAR, year.clone());
    g.add(
        &node,
        lcb::SUBMITTED_ON,
        Literal::new_typed_literal(&date, xsd::DATE),
    );
    g.add(&node, prov::WAS_DERIVED_FROM, src.clone());
    let day = report.submitted.format("%d/%m/%Y");
    g.vi(
        &node,
        rdfs::LABEL,
        &format!(
            "Báo cáo năm {} của {} (gửi {day})",
            report.year, report.agency_name
        ),
    );
    g.add(
        &node,
        rdfs::LABEL,
        Literal::new_language_tagged_literal_unchecked(
            format!(
                "{} progress report of {} (sent {date})",
                report.year, report.agency_name
            ),
            "en",
        ),
    );
    if report.illustrative {
        g.add(&node, lcb::ILLUSTRATIVE, Literal::from(true));
    }
    let reporting = iri::report_part(&node, "reporting");
    g.add(&node, prov::WAS_GENERATED_BY, reporting.clone());
    g.typed(&reporting, &[lcb::REPORTING, prov::ACTIVITY]);
    g.add(&reporting, prov::WAS_ASSOCIATED_WITH, agency.clone());
    // The day as the report states it, at the start of that day in Lào Cai (UTC+7).
    g.add(
        &reporting,
        prov::ENDED_AT_TIME,
        Literal::new_typed_literal(format!("{date}T00:00:00+07:00"), xsd::DATE_TIME),
    );
    g.string(&reporting, lcb::UPLOADED_BY, uploaded_by);
    for row in &report.rows {
        let r = match &row.about {
            About::Task {
                code,
                tasks,
                status,
            } => {
                let r = iri::report_part(&node, &format!("task/{}", iri::code_segment(code)));
                g.typed(&r, &[lcb::TASK_REPORT]);
                for t in tasks {
                    g.add(&r, lcb::ABOUT_TASK, NamedNode::new_unchecked(t));
                }
                g.add(
                    &r,
                    lcb::REPORTED_STATUS,
                    iri::concept("report-status", status),
                );
                r
            }
            About::Target {
                number,
                indicator,
                indicators,
                value,
            } => {
                let r = iri::report_part(
                    &node,
                    &format!("target/{}/indicator/{indicator}", iri::code_segment(number)),
                );
                g.typed(&r, &[lcb::INDICATOR_OBSERVATION, qb::OBSERVATION]);
                g.add(
                    &r,
                    qb::DATA_SET_PROPERTY,
                    lcb::INDICATOR_DATA_SET.into_owned(),
                );
                for i in indicators {
                    g.add(&r, lcb::OBSERVED_INDICATOR, NamedNode::new_unchecked(i));
                }
                g.add(&r, lcb::REPORT_YEAR, year.clone());
                g.add(&r, lcb::REPORTING_AGENCY, agency.clone());
                g.add(
                    &r,
                    lcb::OBSERVED_VALUE,
                    Literal::new_typed_literal(value, xsd::DECIMAL),
                );
                r
            }
        };
        g.add(&r, lcb::IN_REPORT, node.clone());
        g.add(&r, lcb::LINE_START, Literal::from(row.line as i64));
        g.add(&r, prov::WAS_DERIVED_FROM, src.clone());
        details(&mut g, &r, row);
    }
    g.quads
}

/// What either kind of row may add: outputs, documents, money spent and its source, proposal.
fn details(g: &mut Sink, r: &NamedNode, row: &Row) {
    if !row.outputs.is_empty() {
        g.string(r, lcb::OUTPUTS, &row.outputs);
    }
    for d in &row.documents {
        g.string(r, lcb::DOCUMENT_ISSUED, d);
    }
    if let Some(v) = &row.spent_vnd {
        g.add(
            r,
            lcb::SPENT_VND,
            Literal::new_typed_literal(v, xsd::INTEGER),
        );
    }
    if let Some(f) = row.funding {
        g.add(r, lcb::FUNDING_SOURCE, iri::concept("funding-source", f));
    }
    if !row.proposal.is_empty() {
        g.string(r, lcb::PROPOSAL, &row.proposal);
    }
}
