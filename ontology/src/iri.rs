//! Stable, readable IRIs for entities and graphs.
//!
//! Re-ingesting the same input must give the same graph, so every IRI is derived from what the
//! source says (a task's code, an agency's normalised name), never from a counter or the time.
//! Entities live under [`ID_BASE`], named graphs under [`GRAPH_BASE`].

use oxrdf::NamedNode;
use unicode_normalization::UnicodeNormalization;

/// The base of every entity IRI.
pub const ID_BASE: &str = "https://w3id.org/laocai-biotech/id/";
/// The base of every named-graph IRI.
pub const GRAPH_BASE: &str = "https://w3id.org/laocai-biotech/graph/";

fn id(path: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID_BASE}{path}"))
}

/// Turns a name into a path segment: diacritics removed, `đ` to `d`, lowercase ASCII letters and
/// digits, runs of anything else collapsed to one `-`.
///
/// `slug("Sở Y tế")` is `"so-y-te"`, `slug("II.2.2.7")` is `"ii-2-2-7"`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A code such as `II.2.2.7` or `III.2.2.1.(7)` as a path segment that keeps its case:
/// `II-2-2-7`, `III-2-2-1-7`.
pub fn code_segment(code: &str) -> String {
    code.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The plan document `…/id/plan/{plan}`.
pub fn plan(plan: &str) -> NamedNode {
    id(&format!("plan/{plan}"))
}

/// A task row of appendix 02: `…/id/plan/{plan}/task/II-2-2-7`.
pub fn task(plan: &str, code: &str) -> NamedNode {
    id(&format!("plan/{plan}/task/{}", code_segment(code)))
}

/// A heading row of appendix 02: `…/id/plan/{plan}/task-group/II-2-2`.
pub fn task_group(plan: &str, code: &str) -> NamedNode {
    id(&format!("plan/{plan}/task-group/{}", code_segment(code)))
}

/// A target of appendix 01: `…/id/plan/{plan}/target/10`.
pub fn target(plan: &str, number: &str) -> NamedNode {
    id(&format!("plan/{plan}/target/{}", code_segment(number)))
}

/// The `n`-th (from 1) indicator of a target: `…/id/plan/{plan}/target/10/indicator/2`.
pub fn indicator(plan: &str, number: &str, n: usize) -> NamedNode {
    id(&format!(
        "plan/{plan}/target/{}/indicator/{n}",
        code_segment(number)
    ))
}

/// A clause of the body: `…/id/plan/{plan}/clause/III-2-2-1-7`.
pub fn clause(plan: &str, code: &str) -> NamedNode {
    id(&format!("plan/{plan}/clause/{}", code_segment(code)))
}

/// The reporting duty a plan sets: `…/id/plan/{plan}/reporting`.
pub fn reporting(plan: &str) -> NamedNode {
    id(&format!("plan/{plan}/reporting"))
}

/// An agency, shared by every source that names it: `…/id/agency/so-y-te`.
pub fn agency(key: &str) -> NamedNode {
    id(&format!("agency/{key}"))
}

/// A generic group of agencies: `…/id/agency-group/cac-so-nganh`.
pub fn agency_group(key: &str) -> NamedNode {
    id(&format!("agency-group/{key}"))
}

/// A cited legal document, by its number and year: `…/id/doc/55-kh-tu-2026`.
pub fn legal_document(number: &str, year: Option<i32>) -> NamedNode {
    match year {
        Some(y) => id(&format!("doc/{}-{y}", slug(number))),
        None => id(&format!("doc/{}", slug(number))),
    }
}

/// A unit of measure printed after a target value (`ha`): `…/id/unit/ha`.
pub fn unit(unit: &str) -> NamedNode {
    id(&format!("unit/{}", slug(unit)))
}

/// A province or a commune of today, by its official code: `…/id/place/15`,
/// `…/id/place/03006`.
pub fn place(code: &str) -> NamedNode {
    id(&format!("place/{}", code_segment(code)))
}

/// The boundary of a place: `…/id/place/03006/geometry`.
pub fn place_geometry(code: &str) -> NamedNode {
    id(&format!("place/{}/geometry", code_segment(code)))
}

/// A unit abolished on 1 July 2025, by its key: a former district or province by the slug of
/// its full name (`…/id/historical-area/thi-xa-sa-pa`, `…/id/historical-area/tinh-yen-bai`), a
/// former commune by its old code (`…/id/historical-area/02656`). Old commune codes are kept
/// apart from today's (`…/id/place/…`) because the reform reused some of them for other units.
pub fn historical_area(key: &str) -> NamedNode {
    id(&format!("historical-area/{}", slug(key)))
}

/// An organisation of a registry (an enterprise, cooperative, lab or centre; enterprises and
/// labs share one id space): `…/id/org/{id}`.
pub fn org(key: &str) -> NamedNode {
    id(&format!("org/{key}"))
}

/// A certificate or reported aggregate of certifications: `…/id/certificate/{id}`.
pub fn certificate(key: &str) -> NamedNode {
    id(&format!("certificate/{key}"))
}

/// A taxon, by the slug of its scientific name: `…/id/taxon/angelica-sinensis`.
pub fn taxon(key: &str) -> NamedNode {
    id(&format!("taxon/{key}"))
}

/// An accession, by its holder and its number: `…/id/accession/{holder}/{slug(number)}`.
pub fn accession(holder: &str, number: &str) -> NamedNode {
    id(&format!("accession/{holder}/{}", slug(number)))
}

/// A value chain: `…/id/value-chain/sa-pa-bac-ha-van-ban`.
pub fn value_chain(key: &str) -> NamedNode {
    id(&format!("value-chain/{key}"))
}

/// A part of a value chain (`stage`, `product`, `flow`, `figure`) by its id:
/// `…/id/value-chain/{chain}/{part}/{key}`.
pub fn value_chain_part(chain: &str, part: &str, key: &str) -> NamedNode {
    id(&format!("value-chain/{chain}/{part}/{key}"))
}

/// A concept of a registry's controlled list: `…/id/concept/{scheme}/{key}`.
pub fn concept(scheme: &str, key: &str) -> NamedNode {
    id(&format!("concept/{scheme}/{key}"))
}

/// A loaded source file: `…/id/source/{kind}/{name}`.
pub fn source(kind: &str, name: &str) -> NamedNode {
    id(&format!("source/{kind}/{name}"))
}

/// The ingest activity that last loaded a source: `…/id/ingest/{kind}/{name}`.
pub fn ingest_activity(kind: &str, name: &str) -> NamedNode {
    id(&format!("ingest/{kind}/{name}"))
}

/// The software agent that ingests: `…/id/software/biokg/{version}`.
pub fn software(version: &str) -> NamedNode {
    id(&format!("software/biokg/{version}"))
}

/// The named graph that holds one source: `…/graph/{kind}/{name}`.
pub fn source_graph(kind: &str, name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{GRAPH_BASE}{kind}/{name}"))
}

/// One submission of an agency's progress report for a year, by the agency's key, the year and
/// the day it was sent: `…/id/report/so-y-te/2026/2026-11-10`.
pub fn report(agency: &str, year: &str, submitted: &str) -> NamedNode {
    id(&format!("report/{agency}/{year}/{submitted}"))
}

/// A part of a report (`reporting`, `task/II-2-2-1`, `target/10/indicator/2`), under the
/// report's IRI: `…/id/report/so-y-te/2026/2026-11-10/task/II-2-2-1`.
pub fn report_part(report: &NamedNode, part: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}/{part}", report.as_str()))
}

/// An occurrence record of an external provider, by that provider's identifier:
/// `…/id/occurrence/gbif/4909740830`.
pub fn occurrence(provider: &str, key: &str) -> NamedNode {
    id(&format!("occurrence/{provider}/{key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_vietnamese() {
        assert_eq!(slug("Sở Y tế"), "so-y-te");
        assert_eq!(
            slug("Sở Nông nghiệp và Môi trường"),
            "so-nong-nghiep-va-moi-truong"
        );
        assert_eq!(
            slug("Uỷ ban nhân dân cấp xã, phường."),
            "uy-ban-nhan-dan-cap-xa-phuong"
        );
        assert_eq!(slug("ĐÀ"), "da");
        assert_eq!(slug("55-KH/TU"), "55-kh-tu");
        // NFD input gives the same slug as NFC.
        assert_eq!(slug("So\u{31b} Y te\u{302}\u{301}"), "so-y-te");
    }

    #[test]
    fn taxon_and_occurrence_iris() {
        assert_eq!(
            taxon(&slug("Angelica sinensis")).as_str(),
            "https://w3id.org/laocai-biotech/id/taxon/angelica-sinensis"
        );
        assert_eq!(
            occurrence("gbif", "4909740830").as_str(),
            "https://w3id.org/laocai-biotech/id/occurrence/gbif/4909740830"
        );
    }

    #[test]
    fn entity_iris_are_readable() {
        assert_eq!(
            task("ke-hoach-cnsh-lao-cai-2026", "II.2.2.7").as_str(),
            "https://w3id.org/laocai-biotech/id/plan/ke-hoach-cnsh-lao-cai-2026/task/II-2-2-7"
        );
        assert_eq!(
            clause("p", "III.2.2.1.(7)").as_str(),
            "https://w3id.org/laocai-biotech/id/plan/p/clause/III-2-2-1-7"
        );
        assert_eq!(
            agency("so-y-te").as_str(),
            "https://w3id.org/laocai-biotech/id/agency/so-y-te"
        );
        assert_eq!(
            legal_document("189/NQ-CP", Some(2023)).as_str(),
            "https://w3id.org/laocai-biotech/id/doc/189-nq-cp-2023"
        );
        assert_eq!(
            source_graph("plan", "x").as_str(),
            "https://w3id.org/laocai-biotech/graph/plan/x"
        );
    }

    #[test]
    fn place_iris_use_codes_and_keys() {
        assert_eq!(
            place("15").as_str(),
            "https://w3id.org/laocai-biotech/id/place/15"
        );
        assert_eq!(
            place("03006").as_str(),
            "https://w3id.org/laocai-biotech/id/place/03006"
        );
        assert_eq!(
            place_geometry("03006").as_str(),
            "https://w3id.org/laocai-biotech/id/place/03006/geometry"
        );
        assert_eq!(
            historical_area(&slug("Thị xã Sa Pa")).as_str(),
            "https://w3id.org/laocai-biotech/id/historical-area/thi-xa-sa-pa"
        );
        assert_eq!(
            historical_area("Huyện Bắc Hà").as_str(),
            "https://w3id.org/laocai-biotech/id/historical-area/huyen-bac-ha"
        );
        assert_eq!(
            historical_area("02656").as_str(),
            "https://w3id.org/laocai-biotech/id/historical-area/02656"
        );
    }
}
