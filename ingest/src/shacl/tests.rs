//! Tests of the SHACL validator: each constraint component on a tiny graph, valid and invalid,
//! the targets and paths, the store union, and the shapes the validator refuses.

use super::*;
use oxrdf::Graph;

const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
";

fn graph(ttl: &str) -> Graph {
    shapes::turtle("test data", &format!("{PREFIXES}{ttl}")).expect("test data parses")
}

fn shapes_of(ttl: &str) -> Shapes {
    Shapes::parse(&format!("{PREFIXES}{ttl}"), &[]).expect("test shapes parse")
}

/// The results as `component field reason`, sorted, with `<http://example.org/x>` written
/// `ex:x` for readability (the validator itself knows only the project's prefixes).
fn run_with(shapes: &str, data: &str, store: &dyn Store) -> Vec<String> {
    let ex = regex::Regex::new(r"<http://example\.org/([A-Za-z0-9]+)>").expect("regex");
    let mut out: Vec<String> = shapes_of(shapes)
        .validate(&graph(data), store)
        .iter()
        .map(|r| {
            let line = format!("{} {} {}", r.component, r.field(), r.reason());
            ex.replace_all(&line, "ex:$1").into_owned()
        })
        .collect();
    out.sort();
    out
}

fn run(shapes: &str, data: &str) -> Vec<String> {
    run_with(shapes, data, &EmptyStore)
}

/// A property shape on `ex:p` of every `ex:T`, with the given constraints.
fn on_p(constraints: &str) -> String {
    format!(
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; {constraints} ] ."
    )
}

#[test]
fn min_and_max_count() {
    let s = on_p("sh:minCount 1 ; sh:maxCount 2");
    assert_eq!(run(&s, "ex:a a ex:T ; ex:p 1 ."), Vec::<String>::new());
    assert_eq!(
        run(&s, "ex:a a ex:T . ex:b a ex:T ; ex:p 1, 2, 3 ."),
        [
            "sh:MaxCountConstraintComponent ex:p ex:b: expected at most 2 values (found 3)",
            "sh:MinCountConstraintComponent ex:p ex:a: expected at least 1 values (found 0)",
        ]
    );
}

#[test]
fn datatype_checks_the_datatype_and_the_lexical_form() {
    let s = on_p("sh:datatype xsd:decimal");
    assert_eq!(
        run(&s, r#"ex:a a ex:T ; ex:p 1.5 , "2"^^xsd:decimal ."#),
        Vec::<String>::new()
    );
    assert_eq!(
        run(&s, r#"ex:a a ex:T ; ex:p "1,5"^^xsd:decimal , "1.5" , 3 ."#),
        [
            r#"sh:DatatypeConstraintComponent ex:p ex:a: expected a valid literal of datatype xsd:decimal (value "1,5"^^xsd:decimal)"#,
            r#"sh:DatatypeConstraintComponent ex:p ex:a: expected a valid literal of datatype xsd:decimal (value "1.5")"#,
            r#"sh:DatatypeConstraintComponent ex:p ex:a: expected a valid literal of datatype xsd:decimal (value "3"^^xsd:integer)"#,
        ]
    );
}

#[test]
fn class_follows_subclasses_in_the_data_and_the_store() {
    let s = on_p("sh:class ex:C");
    let data = "ex:D rdfs:subClassOf ex:C . ex:a a ex:T ; ex:p ex:x , ex:y , ex:z , \"lit\" . ex:x a ex:C . ex:y a ex:D .";
    assert_eq!(
        run(&s, data),
        [
            "sh:ClassConstraintComponent ex:p ex:a: expected an instance of ex:C (value \"lit\")",
            "sh:ClassConstraintComponent ex:p ex:a: expected an instance of ex:C (value ex:z)",
        ]
    );
    // ex:z is a C in the store: only the literal fails.
    let store = graph("ex:z a ex:C .");
    assert_eq!(
        run_with(&s, data, &store),
        ["sh:ClassConstraintComponent ex:p ex:a: expected an instance of ex:C (value \"lit\")"]
    );
}

#[test]
fn node_kind() {
    let s = on_p("sh:nodeKind sh:IRI");
    assert_eq!(run(&s, "ex:a a ex:T ; ex:p ex:b ."), Vec::<String>::new());
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p \"x\" ."),
        ["sh:NodeKindConstraintComponent ex:p ex:a: expected an IRI (value \"x\")"]
    );
    // A blank node is not an IRI either (its label is the parser's).
    let r = run(&s, "ex:a a ex:T ; ex:p [] .");
    assert_eq!(r.len(), 1);
    assert!(
        r[0].starts_with("sh:NodeKindConstraintComponent ex:p ex:a: expected an IRI (value _:"),
        "{r:?}"
    );
}

#[test]
fn in_and_has_value() {
    let s = on_p("sh:in ( ex:x ex:y ) ");
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p ex:x , ex:y ."),
        Vec::<String>::new()
    );
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p ex:z ."),
        ["sh:InConstraintComponent ex:p ex:a: expected one of ex:x, ex:y (value ex:z)"]
    );
    let s = on_p("sh:hasValue ex:x");
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p ex:x , ex:z ."),
        Vec::<String>::new()
    );
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p ex:z ."),
        ["sh:HasValueConstraintComponent ex:p ex:a: expected the value ex:x"]
    );
}

#[test]
fn pattern_with_flags_and_custom_message() {
    let s = on_p(r#"sh:pattern "^[0-9]{10}(-[0-9]{3})?$" ; sh:message "a tax code is 10 digits""#);
    assert_eq!(
        run(
            &s,
            r#"ex:a a ex:T ; ex:p "0100233488" , "0314409058-002" ."#
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        run(
            &s,
            r#"ex:a a ex:T ; ex:p "01002334880" , "0314409058002" ."#
        ),
        [
            r#"sh:PatternConstraintComponent ex:p ex:a: a tax code is 10 digits (value "01002334880")"#,
            r#"sh:PatternConstraintComponent ex:p ex:a: a tax code is 10 digits (value "0314409058002")"#,
        ]
    );
    let s = on_p(r#"sh:pattern "^vilas [0-9]{3}$" ; sh:flags "i""#);
    assert_eq!(
        run(&s, r#"ex:a a ex:T ; ex:p "VILAS 123" ."#),
        Vec::<String>::new()
    );
}

#[test]
fn value_ranges() {
    let s = on_p("sh:minInclusive 0 ; sh:maxExclusive 10");
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p 0 , 9.5 ."),
        Vec::<String>::new()
    );
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p -1 , 10 , \"5\" ."),
        [
            "sh:MaxExclusiveConstraintComponent ex:p ex:a: expected a value less than 10 (value \"10\"^^xsd:integer)",
            "sh:MaxExclusiveConstraintComponent ex:p ex:a: expected a value less than 10 (value \"5\")",
            "sh:MinInclusiveConstraintComponent ex:p ex:a: expected a value at least 0 (value \"-1\"^^xsd:integer)",
            "sh:MinInclusiveConstraintComponent ex:p ex:a: expected a value at least 0 (value \"5\")",
        ]
    );
    let s =
        on_p("sh:maxInclusive \"2030-12-31\"^^xsd:date ; sh:minExclusive \"2025-07-01\"^^xsd:date");
    assert_eq!(
        run(
            &s,
            "ex:a a ex:T ; ex:p \"2026-06-15\"^^xsd:date , \"2025-07-01\"^^xsd:date ."
        ),
        [
            "sh:MinExclusiveConstraintComponent ex:p ex:a: expected a value more than 2025-07-01 (value \"2025-07-01\"^^xsd:date)"
        ]
    );
}

#[test]
fn string_lengths() {
    let s = on_p("sh:minLength 2 ; sh:maxLength 3");
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p \"ab\" , \"Tả\" ."),
        Vec::<String>::new()
    );
    assert_eq!(
        run(&s, "ex:a a ex:T ; ex:p \"a\" , \"abcd\" ."),
        [
            "sh:MaxLengthConstraintComponent ex:p ex:a: expected at most 3 characters (value \"abcd\")",
            "sh:MinLengthConstraintComponent ex:p ex:a: expected at least 2 characters (value \"a\")",
        ]
    );
}

#[test]
fn language_in_and_unique_lang() {
    let s = on_p("sh:languageIn ( \"vi\" \"en\" ) ; sh:uniqueLang true");
    assert_eq!(
        run(
            &s,
            "ex:a a ex:T ; ex:p \"Đương quy\"@vi , \"Dong quai\"@en-GB ."
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        run(
            &s,
            "ex:a a ex:T ; ex:p \"Đương quy\"@vi , \"Tần quy\"@vi , \"x\"@fr , \"y\" ."
        ),
        [
            "sh:LanguageInConstraintComponent ex:p ex:a: expected a language tag in vi, en (value \"x\"@fr)",
            "sh:LanguageInConstraintComponent ex:p ex:a: expected a language tag in vi, en (value \"y\")",
            "sh:UniqueLangConstraintComponent ex:p ex:a: expected at most one value per language (2 values in language vi)",
        ]
    );
}

#[test]
fn node_or_and_qualified_shapes() {
    let s = "ex:InScheme a sh:NodeShape ; sh:property [ sh:path ex:inScheme ; sh:hasValue ex:scheme ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ;
          sh:property [ sh:path ex:concept ; sh:node ex:InScheme ] ;
          sh:property [ sh:path ex:date ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] ) ] ;
          sh:property [ sh:path ex:name ; sh:qualifiedValueShape [ sh:languageIn ( \"vi\" ) ] ; sh:qualifiedMinCount 1 ] .";
    let good = "ex:c ex:inScheme ex:scheme . ex:a a ex:T ; ex:concept ex:c ; ex:date \"2026\"^^xsd:gYear ; ex:name \"Sâm\"@vi , \"Ginseng\"@en .";
    assert_eq!(run(s, good), Vec::<String>::new());
    let bad = "ex:c ex:inScheme ex:other . ex:a a ex:T ; ex:concept ex:c ; ex:date \"2026-06\"^^xsd:gYearMonth ; ex:name \"Ginseng\"@en .";
    assert_eq!(
        run(s, bad),
        [
            "sh:NodeConstraintComponent ex:concept ex:a: expected a node conforming to ex:InScheme (value ex:c)",
            "sh:OrConstraintComponent ex:date ex:a: expected a value conforming to one of an anonymous shape, an anonymous shape (value \"2026-06\"^^xsd:gYearMonth)",
            "sh:QualifiedMinCountConstraintComponent ex:name ex:a: expected at least 1 values conforming to an anonymous shape (found 0)",
        ]
    );
}

#[test]
fn inverse_paths_read_the_input_and_the_store() {
    let s = "ex:S a sh:NodeShape ; sh:targetClass ex:Cert ;
        sh:property [ sh:path [ sh:inversePath ex:hasCert ] ; sh:maxCount 1 ; sh:class ex:Org ] .";
    assert_eq!(
        run(s, "ex:c a ex:Cert . ex:o a ex:Org ; ex:hasCert ex:c ."),
        Vec::<String>::new()
    );
    let store = graph("ex:o2 ex:hasCert ex:c .");
    assert_eq!(
        run_with(
            s,
            "ex:c a ex:Cert . ex:o a ex:Org ; ex:hasCert ex:c .",
            &store
        ),
        [
            "sh:ClassConstraintComponent ^ex:hasCert ex:c: expected an instance of ex:Org (value ex:o2)",
            "sh:MaxCountConstraintComponent ^ex:hasCert ex:c: expected at most 1 values (found 2)",
        ]
    );
}

#[test]
fn targets_node_subjects_and_objects_of() {
    let s = "ex:S1 a sh:NodeShape ; sh:targetNode ex:a , ex:absent ; sh:nodeKind sh:BlankNode .
        ex:S2 a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:nodeKind sh:Literal .
        ex:S3 a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:nodeKind sh:Literal .";
    assert_eq!(
        run(s, "ex:a ex:p ex:b ."),
        [
            "sh:NodeKindConstraintComponent node ex:a: expected a blank node (value ex:a)",
            "sh:NodeKindConstraintComponent node ex:a: expected a literal (value ex:a)",
            "sh:NodeKindConstraintComponent node ex:b: expected a literal (value ex:b)",
        ]
    );
}

#[test]
fn severity_and_deactivated() {
    let s = "ex:S a sh:NodeShape ; sh:targetClass ex:T ;
        sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ] ;
        sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:deactivated true ] .";
    let results = shapes_of(s).validate(&graph("ex:a a ex:T ."), &EmptyStore);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].severity, Severity::Warning);
    assert_eq!(results[0].field(), "<http://example.org/p>");
}

#[test]
fn unsupported_features_are_refused() {
    let e = Shapes::parse(
        &format!("{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ."),
        &[],
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "shape <http://example.org/S>: unsupported SHACL feature sh:closed"
    );
    let e = Shapes::parse(
        &format!("{PREFIXES}ex:S a sh:NodeShape ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] ."),
        &[],
    )
    .unwrap_err();
    assert!(
        e.reason
            .contains("unsupported sh:path: only an IRI or [ sh:inversePath IRI ] is implemented"),
        "{e}"
    );
    let e = Shapes::parse(
        &format!("{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:minCount 1 ."),
        &[],
    )
    .unwrap_err();
    assert_eq!(
        e.reason,
        "sh:minCount, sh:maxCount, sh:uniqueLang and qualified counts need a sh:path"
    );
}

#[test]
fn the_bundled_shapes_parse() {
    let s = Shapes::bundled();
    // 31 node shapes, 148 property shapes, 21 members of sh:or lists.
    assert_eq!(s.len(), 200);
    let classes: Vec<String> = s
        .target_classes()
        .iter()
        .map(|c| compact_iri(c.as_str()))
        .collect();
    assert_eq!(
        classes,
        [
            "dwc:Taxon",
            "lcb:Accession",
            "lcb:Agency",
            "lcb:Certificate",
            "lcb:Commune",
            "lcb:Enterprise",
            "lcb:Figure",
            "lcb:Lab",
            "lcb:Province",
            "lcb:Target",
            "lcb:Task",
            "lcb:ValueChain",
            "lcb:ValueChainProduct",
            "vf:EconomicEvent",
            "vf:Process",
        ]
    );
}

#[test]
fn an_input_of_triples_counts_a_repeated_triple_once() {
    let s = shapes_of(&on_p("sh:maxCount 1"));
    let g = graph("ex:a a ex:T ; ex:p 1 .");
    let once: Vec<oxrdf::TripleRef<'_>> = g.iter().collect();
    let twice: Vec<oxrdf::TripleRef<'_>> = once.iter().chain(&once).copied().collect();
    let input = Input::new(&s, twice);
    assert_eq!(input.subject_count(), 1);
    let v = s.validate_input(&input, &EmptyStore);
    assert_eq!(v.results, Vec::new());
    // Two values do count twice.
    let g = graph("ex:a a ex:T ; ex:p 1, 2 .");
    let v = s.validate_input(&Input::new(&s, &g), &EmptyStore);
    assert_eq!(v.results.len(), 1);
    assert_eq!(v.results[0].component, "sh:MaxCountConstraintComponent");
}

/// A store that counts the lookups it answers.
struct Counting {
    graph: Graph,
    objects: std::cell::Cell<usize>,
    has_subject: std::cell::Cell<usize>,
}

impl Store for Counting {
    fn objects(&self, s: oxrdf::NamedNodeRef<'_>, p: oxrdf::NamedNodeRef<'_>) -> Vec<oxrdf::Term> {
        self.objects.set(self.objects.get() + 1);
        self.graph.objects(s, p)
    }

    fn subjects(
        &self,
        p: oxrdf::NamedNodeRef<'_>,
        o: oxrdf::TermRef<'_>,
    ) -> Vec<oxrdf::NamedOrBlankNode> {
        self.graph.subjects(p, o)
    }

    fn has_subject(&self, s: oxrdf::NamedNodeRef<'_>) -> bool {
        self.has_subject.set(self.has_subject.get() + 1);
        self.graph.has_subject(s)
    }
}

#[test]
fn the_store_is_asked_once_whether_it_knows_a_subject_and_only_then_for_its_values() {
    let s = shapes_of(&on_p("sh:class ex:C ; sh:minCount 1"));
    let store = Counting {
        graph: graph("ex:z a ex:C . ex:b ex:p ex:z ."),
        objects: std::cell::Cell::new(0),
        has_subject: std::cell::Cell::new(0),
    };
    // ex:a and ex:b are in the input; ex:b's value is in the store only, as is ex:z's type.
    let data = graph("ex:a a ex:T ; ex:p ex:z . ex:b a ex:T .");
    let v = s.validate_input(&Input::new(&s, &data), &store);
    assert_eq!(v.results, Vec::new());
    // Asked of ex:a, ex:b, ex:z and the classes ex:T and ex:C, once each.
    assert_eq!(store.has_subject.get(), 5);
    // Values only of those it holds: ex:b (type, ex:p) and ex:z (type).
    assert_eq!(store.objects.get(), 3);
    assert_eq!(
        v.counts,
        Vec::<(oxrdf::NamedNode, usize)>::from([(
            oxrdf::NamedNode::new("http://example.org/T").unwrap(),
            2
        )])
    );
}
