//! The quads of a parsed plan: the mapping of a [`Plan`] onto the ontology, with provenance.
//!
//! Every entity gets its line range in the source text (`lcb:lineStart`, `lcb:lineEnd`) and
//! `prov:wasDerivedFrom` the source file entity, which carries the file name and the ingestor
//! version. What depends on the bytes or the moment of a load (the SHA-256 of the file, the
//! ingest time) goes to the ingest log (graph `graphs::META`), so that loading the same text
//! twice, or with CRLF line endings, a byte-order mark or decomposed diacritics, gives exactly
//! the same source graph.

use super::{
    AgencyKind, AgencyRef, Clause, ClauseKind, ClauseRole, Comparator, PartialDate, Plan, Task,
    TaskField, TimelineKind,
};
use crate::source::{Sink, SourceFile};
use biokg_ontology::{dcterms, eli, foaf, iri, lcb, org, prov, skos};
use oxrdf::vocab::{rdfs, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Quad};

/// A date as precise as the text gives it: `xsd:date`, `xsd:gYearMonth` or `xsd:gYear`.
pub(crate) fn date_literal(date: &PartialDate) -> Literal {
    let datatype = match date {
        PartialDate::Year(_) => xsd::G_YEAR,
        PartialDate::YearMonth(..) => xsd::G_YEAR_MONTH,
        PartialDate::Date(..) => xsd::DATE,
    };
    Literal::new_typed_literal(date.iso(), datatype)
}

fn agency_iri(a: &AgencyRef) -> NamedNode {
    match a.kind {
        AgencyKind::Agency => iri::agency(&a.key),
        AgencyKind::Group => iri::agency_group(&a.key),
    }
}

fn clause_kind(kind: &ClauseKind) -> NamedNodeRef<'static> {
    match kind {
        ClauseKind::Part => lcb::CLAUSE_PART,
        ClauseKind::Heading => lcb::CLAUSE_HEADING,
        ClauseKind::Item => lcb::CLAUSE_ITEM,
        ClauseKind::Bullet => lcb::CLAUSE_BULLET,
        ClauseKind::Paragraph => lcb::CLAUSE_PARAGRAPH,
    }
}

fn clause_role(role: &ClauseRole) -> NamedNodeRef<'static> {
    match role {
        ClauseRole::Purpose => lcb::ROLE_PURPOSE,
        ClauseRole::PurposeAndRequirement => lcb::ROLE_PURPOSE_AND_REQUIREMENT,
        ClauseRole::Objectives => lcb::ROLE_OBJECTIVES,
        ClauseRole::Reporting => lcb::ROLE_REPORTING,
        ClauseRole::Requirement => lcb::ROLE_REQUIREMENT,
        ClauseRole::GeneralObjective => lcb::ROLE_GENERAL_OBJECTIVE,
        ClauseRole::SpecificObjective => lcb::ROLE_SPECIFIC_OBJECTIVE,
        ClauseRole::Vision => lcb::ROLE_VISION,
        ClauseRole::Tasks => lcb::ROLE_TASKS,
        ClauseRole::Funding => lcb::ROLE_FUNDING,
        ClauseRole::Organisation => lcb::ROLE_ORGANISATION,
    }
}

fn timeline_kind(kind: &TimelineKind) -> NamedNodeRef<'static> {
    match kind {
        TimelineKind::Deadline => lcb::TIMELINE_DEADLINE,
        TimelineKind::From => lcb::TIMELINE_FROM,
        TimelineKind::Annual => lcb::TIMELINE_ANNUAL,
        TimelineKind::Period => lcb::TIMELINE_PERIOD,
        TimelineKind::Ongoing => lcb::TIMELINE_ONGOING,
        TimelineKind::Missing => lcb::TIMELINE_MISSING,
    }
}

fn task_field(field: &TaskField) -> NamedNodeRef<'static> {
    match field {
        TaskField::Lead => lcb::FIELD_LEAD,
        TaskField::Partners => lcb::FIELD_PARTNERS,
        TaskField::Timeline => lcb::FIELD_TIMELINE,
        TaskField::Deliverables => lcb::FIELD_DELIVERABLES,
    }
}

fn section_concept(section: &str) -> Option<NamedNodeRef<'static>> {
    match section {
        "I" => Some(lcb::SECTION_I),
        "II" => Some(lcb::SECTION_II),
        "III" => Some(lcb::SECTION_III),
        _ => None,
    }
}

fn doc_type(printed: &str) -> NamedNodeRef<'static> {
    match iri::slug(printed).as_str() {
        "ke-hoach" => lcb::DOCTYPE_KE_HOACH,
        "nghi-quyet" => lcb::DOCTYPE_NGHI_QUYET,
        "quyet-dinh" => lcb::DOCTYPE_QUYET_DINH,
        "nghi-dinh" => lcb::DOCTYPE_NGHI_DINH,
        "thong-tu" => lcb::DOCTYPE_THONG_TU,
        _ => lcb::DOCTYPE_OTHER,
    }
}

/// A label for a clause: its code and heading, or its code and the start of its text.
fn clause_label(c: &Clause) -> String {
    let body = c.heading.as_deref().unwrap_or(&c.text);
    const MAX: usize = 160;
    let short: String = body.chars().take(MAX).collect();
    let ellipsis = if body.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    format!("{} {short}{ellipsis}", c.code)
}

/// The quads of a parsed plan, all in the source's named graph.
pub(crate) fn plan_quads(plan: &Plan, source: &SourceFile) -> Vec<Quad> {
    let mut w = PlanGraph {
        g: Sink::for_source(source),
        id: &source.name,
        p: iri::plan(&source.name),
        src: source.entity(),
    };
    w.document(plan);
    w.agencies(plan);
    w.legal_documents(plan);
    w.clauses(plan);
    w.targets(plan);
    w.tasks(plan);
    w.reporting(plan);
    w.g.quads
}

/// A plan's graph as it is written: the sink, the source's name (which the IRIs of the plan's
/// parts take), the plan's node and the source entity every part is derived from.
struct PlanGraph<'s> {
    g: Sink,
    id: &'s str,
    p: NamedNode,
    src: NamedNode,
}

/// The steps of [`plan_quads`], one part of the plan each.
impl PlanGraph<'_> {
    /// The plan document: its titles, issuer and signer.
    fn document(&mut self, plan: &Plan) {
        self.g.typed(&self.p, &[lcb::PLAN, eli::LEGAL_RESOURCE]);
        self.g.vi(&self.p, rdfs::LABEL, &plan.title);
        self.g.vi(&self.p, eli::TITLE, &plan.title);
        self.g.vi(&self.p, dcterms::TITLE, &plan.title);
        self.g
            .add(&self.p, prov::HAD_PRIMARY_SOURCE, self.src.clone());
        self.g
            .lines(&self.p, &self.src, plan.lines.start, plan.lines.end);
        if let Some(issuer) = &plan.issuer {
            self.g.add(&self.p, lcb::ISSUED_BY, agency_iri(issuer));
        }
        if let Some(signer) = &plan.signer {
            self.g.string(&self.p, lcb::SIGNER, signer);
        }
    }

    /// Agencies and groups, one node each.
    fn agencies(&mut self, plan: &Plan) {
        for a in plan.agencies() {
            let node = agency_iri(&a);
            match a.kind {
                AgencyKind::Agency => self.g.typed(&node, &[lcb::AGENCY, org::ORGANIZATION]),
                AgencyKind::Group => self.g.typed(&node, &[lcb::AGENCY_GROUP, foaf::GROUP]),
            }
            self.g.vi(&node, rdfs::LABEL, &a.name);
            self.g.vi(&node, skos::PREF_LABEL, &a.name);
            self.g.string(&node, lcb::AGENCY_KEY, &a.key);
        }
    }

    /// Legal documents cited, and those the plan is based on.
    fn legal_documents(&mut self, plan: &Plan) {
        for d in &plan.legal_refs {
            let year = d.date.as_ref().map(|d| match d {
                PartialDate::Year(y)
                | PartialDate::YearMonth(y, _)
                | PartialDate::Date(y, _, _) => *y,
            });
            let node = iri::legal_document(&d.number, year);
            self.g.typed(&node, &[eli::LEGAL_RESOURCE]);
            self.g.string(&node, eli::ID_LOCAL, &d.number);
            let mut label = format!("{} số {}", d.doc_type, d.number);
            if let Some(PartialDate::Date(y, m, day)) = &d.date {
                label.push_str(&format!(" ngày {day:02}/{m:02}/{y}"));
            }
            if let Some(issuer) = &d.issuer {
                label.push_str(&format!(" của {issuer}"));
                let issuer_node = iri::agency(&iri::slug(issuer));
                self.g.typed(&issuer_node, &[org::ORGANIZATION]);
                self.g.vi(&issuer_node, rdfs::LABEL, issuer);
                self.g.add(&node, eli::PASSED_BY, issuer_node);
            }
            self.g.vi(&node, rdfs::LABEL, &label);
            self.g.add(
                &node,
                eli::TYPE_DOCUMENT,
                doc_type(&d.doc_type).into_owned(),
            );
            if let Some(date) = &d.date {
                self.g.add(&node, eli::DATE_DOCUMENT, date_literal(date));
            }
            self.g.add(&self.p, eli::CITES, node.clone());
            if plan.title.contains(&d.number) {
                self.g.add(&self.p, eli::BASED_ON, node);
            }
        }
    }

    /// Body clauses, in their tree.
    fn clauses(&mut self, plan: &Plan) {
        for c in &plan.clauses {
            let node = iri::clause(self.id, &c.code);
            self.g
                .typed(&node, &[lcb::CLAUSE, eli::LEGAL_RESOURCE_SUBDIVISION]);
            if c.is_narrative_task {
                self.g.typed(&node, &[lcb::NARRATIVE_TASK]);
            }
            self.g.string(&node, skos::NOTATION, &c.code);
            self.g.vi(&node, rdfs::LABEL, &clause_label(c));
            if let Some(h) = &c.heading {
                self.g.vi(&node, lcb::HEADING, h);
            }
            self.g.vi(&node, lcb::TEXT, &c.text);
            self.g
                .add(&node, lcb::CLAUSE_KIND, clause_kind(&c.kind).into_owned());
            if let Some(role) = &c.role {
                self.g
                    .add(&node, lcb::CLAUSE_ROLE, clause_role(role).into_owned());
            }
            let parent = c
                .parent
                .as_ref()
                .map_or_else(|| self.p.clone(), |code| iri::clause(self.id, code));
            self.g.add(&node, eli::IS_PART_OF, parent.clone());
            self.g.add(&parent, eli::HAS_PART, node.clone());
            self.g.add(&self.p, lcb::HAS_CLAUSE, node.clone());
            if let Some(code) = &c.task_code {
                self.g
                    .add(&node, lcb::APPENDIX_TASK, iri::task(self.id, code));
            }
            if let Some(n) = &c.target_number {
                self.g
                    .add(&node, lcb::APPENDIX_TARGET, iri::target(self.id, n));
            }
            self.g.lines(&node, &self.src, c.lines.start, c.lines.end);
        }
    }

    /// Targets and their indicators.
    fn targets(&mut self, plan: &Plan) {
        for t in &plan.targets {
            let node = iri::target(self.id, &t.number);
            self.g
                .typed(&node, &[lcb::TARGET, eli::LEGAL_RESOURCE_SUBDIVISION]);
            self.g.string(&node, skos::NOTATION, &t.number);
            self.g.string(&node, lcb::NUMBER, &t.number);
            self.g.vi(&node, rdfs::LABEL, &t.title);
            self.g.vi(&node, lcb::TEXT, &t.title);
            self.g.add(&node, eli::IS_PART_OF, self.p.clone());
            self.g.add(&self.p, lcb::HAS_TARGET, node.clone());
            for a in &t.lead {
                self.g.add(&node, lcb::LEAD_AGENCY, agency_iri(a));
            }
            for a in &t.monitor {
                self.g.add(&node, lcb::MONITORING_AGENCY, agency_iri(a));
            }
            names_in_order(&mut self.g, &node, lcb::LEAD_AGENCY_NAMES, &t.lead);
            names_in_order(&mut self.g, &node, lcb::MONITORING_AGENCY_NAMES, &t.monitor);
            self.g.lines(&node, &self.src, t.lines.start, t.lines.end);
            for (i, ind) in t.indicators.iter().enumerate() {
                let n = iri::indicator(self.id, &t.number, i + 1);
                self.g.typed(&n, &[lcb::INDICATOR]);
                self.g.add(&node, lcb::HAS_INDICATOR, n.clone());
                let label = match &ind.label {
                    Some(l) => format!("{l} {}", ind.text),
                    None => format!("{} {}", t.title, ind.text),
                };
                self.g.vi(&n, rdfs::LABEL, &label);
                if let Some(l) = &ind.label {
                    self.g.vi(&n, lcb::TEXT, l);
                }
                self.g.add(
                    &n,
                    lcb::COMPARATOR,
                    match ind.comparator {
                        Comparator::Ge => lcb::CMP_GE,
                        Comparator::Eq => lcb::CMP_EQ,
                    }
                    .into_owned(),
                );
                self.g.add(
                    &n,
                    lcb::TARGET_VALUE,
                    Literal::new_typed_literal(decimal(ind.value), xsd::DECIMAL),
                );
                let unit = match ind.unit.as_str() {
                    "%" => lcb::UNIT_PERCENT.into_owned(),
                    "count" => lcb::UNIT_COUNT.into_owned(),
                    other => {
                        let u = iri::unit(other);
                        self.g.typed(&u, &[skos::CONCEPT]);
                        self.g.add(&u, skos::IN_SCHEME, lcb::UNITS.into_owned());
                        self.g.string(&u, skos::NOTATION, other);
                        self.g.vi(&u, skos::PREF_LABEL, other);
                        u
                    }
                };
                self.g.add(&n, lcb::UNIT, unit);
                self.g.string(&n, lcb::VALUE_TEXT, &ind.text);
                self.g
                    .add(&n, lcb::INDICATOR_ORDER, Literal::from((i + 1) as i64));
                self.g.lines(&n, &self.src, ind.lines.start, ind.lines.end);
            }
        }
    }

    /// Appendix 02: groups and tasks.
    fn tasks(&mut self, plan: &Plan) {
        for tg in &plan.task_groups {
            let node = iri::task_group(self.id, &tg.code);
            self.g
                .typed(&node, &[lcb::TASK_GROUP, eli::LEGAL_RESOURCE_SUBDIVISION]);
            self.g.string(&node, skos::NOTATION, &tg.code);
            self.g
                .vi(&node, rdfs::LABEL, &format!("{} {}", tg.code, tg.title));
            self.g.vi(&node, lcb::TEXT, &tg.title);
            let parent = tg
                .parent
                .as_ref()
                .map_or_else(|| self.p.clone(), |code| iri::task_group(self.id, code));
            self.g.add(&node, eli::IS_PART_OF, parent);
            self.g.lines(&node, &self.src, tg.lines.start, tg.lines.end);
        }
        for t in &plan.tasks {
            task_quads(&mut self.g, self.id, &self.p, &self.src, t);
        }
    }

    /// The reporting duty.
    fn reporting(&mut self, plan: &Plan) {
        if let Some(r) = &plan.reporting {
            let node = iri::reporting(self.id);
            self.g.typed(&node, &[lcb::REPORTING_DUTY]);
            self.g.add(&self.p, lcb::HAS_REPORTING_DUTY, node.clone());
            self.g.vi(
                &node,
                rdfs::LABEL,
                &format!(
                    "Báo cáo {} về {} trước ngày {}/{}",
                    if r.frequency == "annual" {
                        "hằng năm"
                    } else {
                        &r.frequency
                    },
                    r.recipient.name,
                    r.due_day,
                    r.due_month
                ),
            );
            self.g.vi(&node, lcb::TEXT, &r.text);
            if r.frequency == "annual" {
                self.g
                    .add(&node, lcb::FREQUENCY, lcb::TIMELINE_ANNUAL.into_owned());
            }
            self.g.add(&node, lcb::REPORT_TO, agency_iri(&r.recipient));
            self.g.add(
                &node,
                lcb::DUE_DATE,
                Literal::new_typed_literal(
                    format!("--{:02}-{:02}", r.due_month, r.due_day),
                    xsd::G_MONTH_DAY,
                ),
            );
            self.g.lines(&node, &self.src, r.lines.start, r.lines.end);
        }
    }
}

fn task_quads(g: &mut Sink, id: &str, plan: &NamedNode, src: &NamedNode, t: &Task) {
    let node = iri::task(id, &t.code);
    g.typed(
        &node,
        &[lcb::TASK, prov::PLAN, eli::LEGAL_RESOURCE_SUBDIVISION],
    );
    g.string(&node, skos::NOTATION, &t.code);
    g.string(&node, lcb::NUMBER, &t.number);
    g.vi(&node, rdfs::LABEL, &t.text);
    g.vi(&node, lcb::TEXT, &t.text);
    g.add(plan, lcb::HAS_TASK, node.clone());
    if let Some(section) = section_concept(&t.section) {
        g.add(&node, lcb::TASK_SECTION, section.into_owned());
    }
    match &t.group {
        Some(code) => {
            let group = iri::task_group(id, code);
            g.add(&node, lcb::IN_TASK_GROUP, group.clone());
            g.add(&node, eli::IS_PART_OF, group);
        }
        None => g.add(&node, eli::IS_PART_OF, plan.clone()),
    }
    for a in &t.lead {
        g.add(&node, lcb::LEAD_AGENCY, agency_iri(a));
    }
    for a in &t.partners {
        g.add(&node, lcb::COORDINATING_AGENCY, agency_iri(a));
    }
    names_in_order(g, &node, lcb::LEAD_AGENCY_NAMES, &t.lead);
    names_in_order(g, &node, lcb::COORDINATING_AGENCY_NAMES, &t.partners);
    g.add(
        &node,
        lcb::TIMELINE_KIND,
        timeline_kind(&t.timeline.kind).into_owned(),
    );
    g.vi(&node, lcb::TIMELINE_TEXT, &t.timeline.text);
    if let Some(d) = &t.timeline.deadline {
        g.add(&node, lcb::DEADLINE, date_literal(d));
    }
    if let Some(d) = &t.timeline.start {
        g.add(&node, lcb::START_DATE, date_literal(d));
    }
    if let Some(d) = &t.timeline.end {
        g.add(&node, lcb::END_DATE, date_literal(d));
    }
    for d in &t.deliverables {
        g.vi(&node, lcb::DELIVERABLE, d);
    }
    g.vi(&node, lcb::DELIVERABLES_TEXT, &t.deliverables_text);
    for f in &t.missing {
        g.add(&node, lcb::MISSING_FIELD, task_field(f).into_owned());
    }
    g.lines(&node, src, t.lines.start, t.lines.end);
}

/// The names of `agencies` in printed order, as one `"; "`-separated literal.
fn names_in_order(g: &mut Sink, node: &NamedNode, p: NamedNodeRef<'_>, agencies: &[AgencyRef]) {
    if !agencies.is_empty() {
        let names: Vec<&str> = agencies.iter().map(|a| a.name.as_str()).collect();
        g.string(node, p, &names.join("; "));
    }
}

/// An `xsd:decimal` lexical form: `20`, `0.5`.
fn decimal(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
