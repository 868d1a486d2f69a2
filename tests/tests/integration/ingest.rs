//! Ingest at the graph level: byte-level variants of the plan give the same graph, and
//! re-ingesting a source leaves no stale triple or search hit.

use biokg_engine::KnowledgeBase;
use biokg_engine::bundled::BUNDLED_PLAN;
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

fn graph_of(bytes: &[u8]) -> HashSet<String> {
    let loaded = load_plan_bytes(BUNDLED_PLAN.0, bytes, "ke-hoach-cnsh-lao-cai-2026")
        .unwrap_or_else(|e| panic!("{e}"));
    loaded.quads.iter().map(ToString::to_string).collect()
}

#[test]
fn crlf_bom_and_nfd_give_exactly_the_same_graph() {
    let text = std::str::from_utf8(BUNDLED_PLAN.1).unwrap();
    let original = graph_of(text.as_bytes());
    assert!(original.len() > 2500, "{}", original.len());
    let crlf = text.replace('\n', "\r\n");
    let bom = format!("\u{feff}{text}");
    let nfd: String = text.nfd().collect();
    assert_ne!(nfd, text, "the plan has precomposed letters to decompose");
    for (name, variant) in [("CRLF", crlf), ("BOM", bom), ("NFD", nfd)] {
        let g = graph_of(variant.as_bytes());
        let missing: Vec<_> = original.difference(&g).take(3).collect();
        let extra: Vec<_> = g.difference(&original).take(3).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:?}, extra {extra:?}"
        );
    }
}

fn hits(kb: &KnowledgeBase, q: &str) -> Vec<String> {
    kb.index()
        .search(&biokg_search::SearchRequest {
            q: q.into(),
            kinds: vec![],
            filters: vec![],
            limit: 50,
            offset: 0,
            sort: biokg_search::Sort::Relevance,
        })
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.iri)
        .collect()
}

#[test]
fn reingesting_a_changed_source_leaves_no_stale_hit() {
    let kb = KnowledgeBase::in_memory().unwrap();
    kb.prepare(false).unwrap();
    let text = std::str::from_utf8(BUNDLED_PLAN.1).unwrap();
    kb.ingest(load_plan_bytes("p.txt", text.as_bytes(), "p").unwrap())
        .unwrap();
    // "loong" occurs only in the park's name (folded "tang" is also the common "tăng").
    let before = hits(&kb, "loong");
    assert!(before.len() >= 2, "{before:?}");
    let docs_before = kb.index().num_docs().unwrap();

    // The industrial park renamed in a new version of the same source.
    let renamed = text.replace("Tằng", "Đông").replace("Loỏng", "Quỳxw");
    kb.ingest(load_plan_bytes("p.txt", renamed.as_bytes(), "p").unwrap())
        .unwrap();
    assert_eq!(hits(&kb, "loong"), Vec::<String>::new());
    assert_eq!(hits(&kb, "quyxw").len(), before.len());
    assert_eq!(kb.index().num_docs().unwrap(), docs_before);
    assert_eq!(
        kb.index().generation().unwrap(),
        Some(kb.graph().generation().unwrap())
    );
    let stale = kb
        .graph()
        .select(
            "SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), \"Tằng\")) }",
            std::time::Duration::from_secs(10),
        )
        .unwrap();
    assert!(stale.is_empty(), "{stale:?}");
}

/// A plan text through the one entry of the ingestors.
fn load_plan_bytes(
    file: &str,
    bytes: &[u8],
    name: &str,
) -> biokg_ingest::Result<biokg_ingest::Loaded> {
    biokg_ingest::ingest(
        &biokg_ingest::Input::bytes(biokg_ingest::Format::Plan, file, bytes).named(name),
        &biokg_ingest::Context::standalone(),
    )
}
