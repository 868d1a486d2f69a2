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
    let date = report.submitted.format("%Y-%m-%d").to_string();
    let mut q = Quads {
        g: Sink::for_source(source),
        src: source.entity(),
        node: iri::report(&report.agency, &report.year, &date),
        agency: iri::agency(&report.agency),
        year: Literal::new_typed_literal(&report.year, xsd::G_YEAR),
    };
    q.report(report, &date);
    q.reporting(&date, uploaded_by);
    for row in &report.rows {
        q.row(row);
    }
    q.g.quads
}

/// The graph being written, and what the report and each of its rows refer to.
struct Quads {
    g: Sink,
    /// The source entity.
    src: NamedNode,
    /// The report.
    node: NamedNode,
    agency: NamedNode,
    year: Literal,
}

impl Quads {
    /// The report itself: the agency's entity for the year, sent on `date`, with its labels.
    fn report(&mut self, report: &Submission, date: &str) {
        let (g, node) = (&mut self.g, &self.node);
        g.typed(node, &[lcb::PROGRESS_REPORT, prov::ENTITY]);
        g.add(node, lcb::REPORTING_AGENCY, self.agency.clone());
        g.add(node, prov::WAS_ATTRIBUTED_TO, self.agency.clone());
        g.add(node, lcb::REPORT_YEAR, self.year.clone());
        g.add(
            node,
            lcb::SUBMITTED_ON,
            Literal::new_typed_literal(date, xsd::DATE),
        );
        g.add(node, prov::WAS_DERIVED_FROM, self.src.clone());
        let day = report.submitted.format("%d/%m/%Y");
        g.vi(
            node,
            rdfs::LABEL,
            &format!(
                "Báo cáo năm {} của {} (gửi {day})",
                report.year, report.agency_name
            ),
        );
        g.add(
            node,
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
            g.add(node, lcb::ILLUSTRATIVE, Literal::from(true));
        }
    }

    /// The reporting activity: the agency's, ended on `date`, loaded by `uploaded_by`.
    fn reporting(&mut self, date: &str, uploaded_by: &str) {
        let g = &mut self.g;
        let reporting = iri::report_part(&self.node, "reporting");
        g.add(&self.node, prov::WAS_GENERATED_BY, reporting.clone());
        g.typed(&reporting, &[lcb::REPORTING, prov::ACTIVITY]);
        g.add(&reporting, prov::WAS_ASSOCIATED_WITH, self.agency.clone());
        // The day as the report states it, at the start of that day in Lào Cai (UTC+7).
        g.add(
            &reporting,
            prov::ENDED_AT_TIME,
            Literal::new_typed_literal(format!("{date}T00:00:00+07:00"), xsd::DATE_TIME),
        );
        g.string(&reporting, lcb::UPLOADED_BY, uploaded_by);
    }

    /// One row: a task report or an indicator observation, in the report, from its line.
    fn row(&mut self, row: &Row) {
        let r = match &row.about {
            About::Task {
                code,
                tasks,
                status,
            } => self.task(code, tasks, status),
            About::Target {
                number,
                indicator,
                indicators,
                value,
            } => self.observation(number, *indicator, indicators, value),
        };
        let g = &mut self.g;
        g.add(&r, lcb::IN_REPORT, self.node.clone());
        g.add(&r, lcb::LINE_START, Literal::from(row.line as i64));
        g.add(&r, prov::WAS_DERIVED_FROM, self.src.clone());
        details(g, &r, row);
    }

    /// The report on task `code` (its rows `tasks` in the plans): its status.
    fn task(&mut self, code: &str, tasks: &[String], status: &str) -> NamedNode {
        let g = &mut self.g;
        let r = iri::report_part(&self.node, &format!("task/{}", iri::code_segment(code)));
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

    /// The observation of indicator `indicator` of target `number` (its IRIs `indicators` in
    /// the plans): the value, for the report's year and agency.
    fn observation(
        &mut self,
        number: &str,
        indicator: usize,
        indicators: &[String],
        value: &str,
    ) -> NamedNode {
        let g = &mut self.g;
        let r = iri::report_part(
            &self.node,
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
        g.add(&r, lcb::REPORT_YEAR, self.year.clone());
        g.add(&r, lcb::REPORTING_AGENCY, self.agency.clone());
        g.add(
            &r,
            lcb::OBSERVED_VALUE,
            Literal::new_typed_literal(value, xsd::DECIMAL),
        );
        r
    }
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
