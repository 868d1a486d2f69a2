use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use super::*;
use crate::synonyms::Synonyms;

const PLAN: &str = "https://w3id.org/laocai-biotech/graph/plan";
const HERBS: &str = "https://w3id.org/laocai-biotech/graph/herbs";
const ID: &str = "https://w3id.org/laocai-biotech/id/";

fn doc(kind: &str, key: &str, label: &str) -> EntityDoc {
    EntityDoc {
        iri: format!("{ID}{kind}/{key}"),
        kind: kind.to_string(),
        label: label.to_string(),
        source: PLAN.to_string(),
        ..EntityDoc::default()
    }
}

fn with_text(mut d: EntityDoc, text: &str) -> EntityDoc {
    d.text = text.to_string();
    d
}

fn with_facets(mut d: EntityDoc, facets: &[(&str, &str)]) -> EntityDoc {
    d.facets = facets
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    d
}

fn iri(kind: &str, key: &str) -> String {
    format!("{ID}{kind}/{key}")
}

/// A small slice of the plan: tasks, a clause, a target, agencies.
fn plan_docs() -> Vec<EntityDoc> {
    let mut task = with_facets(
        with_text(
            doc(
                "task",
                "II-2-2-7",
                "Phát triển vùng trồng dược liệu Tằng Loỏng",
            ),
            "Xây dựng vùng trồng dược liệu tập trung tại xã Tằng Loỏng, ứng dụng công nghệ sinh học trong nhân giống.",
        ),
        &[
            ("section", "II"),
            ("lead", "Sở Nông nghiệp và Môi trường"),
            ("timeline", "2026-2030"),
        ],
    );
    task.alt_labels = vec!["II.2.2.7".to_string()];
    task.label_en = Some("Develop medicinal plant growing areas in Tang Loong".to_string());

    let mut task_code_neighbour = with_facets(
        with_text(
            doc("task", "II-2-2-8", "Nâng cao năng lực phòng thí nghiệm"),
            "Đầu tư trang thiết bị xét nghiệm PCR cho phòng thí nghiệm của tỉnh.",
        ),
        &[
            ("section", "II"),
            ("lead", "Sở Khoa học và Công nghệ"),
            ("timeline", "2026-2030"),
        ],
    );
    task_code_neighbour.alt_labels = vec!["II.2.2.8".to_string()];

    let clause = with_facets(
        with_text(
            doc("clause", "tang-loong", "Khu công nghiệp Tằng Loỏng"),
            "Hình thành cơ sở chế biến sâu sản phẩm từ dược liệu tại Tằng Loỏng.",
        ),
        &[("section", "I")],
    );
    let health_task = with_facets(
        with_text(
            doc("task", "I-3", "Ứng dụng công nghệ sinh học trong y tế"),
            "Sở Y tế chủ trì, hằng năm báo cáo kết quả.",
        ),
        &[
            ("section", "I"),
            ("lead", "Sở Y tế"),
            ("timeline", "annual"),
        ],
    );
    let regular_task = with_facets(
        with_text(
            doc("task", "III-1", "Tuyên truyền về công nghệ sinh học"),
            "Thực hiện thường xuyên.",
        ),
        &[
            ("section", "III"),
            ("lead", "Sở Y tế"),
            ("timeline", "annual"),
        ],
    );
    let mut target = with_facets(
        with_text(
            doc("target", "10", "Tỷ lệ sản phẩm dược liệu được chứng nhận"),
            "Đến năm 2030, 50% sản phẩm dược liệu chủ lực được chứng nhận GACP-WHO.",
        ),
        &[("lead", "Sở Y tế")],
    );
    target.alt_labels = vec!["Target 10".to_string(), "Mục tiêu 10".to_string()];
    vec![
        task,
        task_code_neighbour,
        clause,
        health_task,
        regular_task,
        target,
        doc("agency", "so-y-te", "Sở Y tế"),
        doc("agency", "so-khcn", "Sở Khoa học và Công nghệ"),
        doc("agency-group", "cac-so-nganh", "Các sở, ngành"),
    ]
}

fn index_with(docs: &[EntityDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.replace_source(PLAN, docs, 1).unwrap();
    index
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.to_string(),
        limit: 20,
        ..SearchRequest::default()
    }
}

fn iris(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.iri.as_str()).collect()
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn search_index_is_send_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

#[test]
fn tang_loong_with_or_without_marks_finds_the_same_entities() {
    let index = index_with(&plan_docs());
    let expected = {
        let mut v = vec![iri("task", "II-2-2-7"), iri("clause", "tang-loong")];
        v.sort();
        v
    };
    let nfd: String = "Tằng Loỏng".nfd().collect();
    for q in [
        "tang loong",
        "Tằng Loỏng",
        "TẰNG LOỎNG",
        nfd.as_str(),
        "Tang LOONG",
    ] {
        let results = index.search(&req(q)).unwrap();
        let mut found: Vec<String> = results.hits.iter().map(|h| h.iri.clone()).collect();
        found.sort();
        assert_eq!(found, expected, "query {q:?}");
        assert_eq!(results.total, 2, "query {q:?}");
    }
}

#[test]
fn exact_diacritics_rank_first_and_folded_query_finds_both() {
    let index = index_with(&[
        with_text(doc("taxon", "cinnamomum-cassia", "Quế"), "Cây quế Văn Yên"),
        with_text(doc("commune", "que-huong", "Quê"), "Quê hương Văn Bàn"),
    ]);
    let cinnamon = iri("taxon", "cinnamomum-cassia");
    let home = iri("commune", "que-huong");

    let results = index.search(&req("quế")).unwrap();
    assert_eq!(iris(&results), [cinnamon.as_str(), home.as_str()]);
    assert!(results.hits[0].score > results.hits[1].score);

    let results = index.search(&req("quê")).unwrap();
    assert_eq!(iris(&results), [home.as_str(), cinnamon.as_str()]);

    let results = index.search(&req("que")).unwrap();
    assert_eq!(results.total, 2);
}

#[test]
fn adjacent_syllables_outrank_scattered_ones() {
    let index = index_with(&[
        // Scattered first, so the index order cannot explain the ranking.
        with_text(
            doc("task", "scattered", "Nhiệm vụ A"),
            "Sản xuất dược phẩm và vật liệu mới cho ngành y tế tỉnh.",
        ),
        with_text(
            doc("task", "adjacent", "Nhiệm vụ B"),
            "Sản xuất vật phẩm và dược liệu mới cho ngành y tế tỉnh.",
        ),
    ]);
    let results = index.search(&req("dược liệu")).unwrap();
    assert_eq!(
        iris(&results),
        [
            iri("task", "adjacent").as_str(),
            iri("task", "scattered").as_str()
        ]
    );
    assert!(results.hits[0].score > results.hits[1].score * 1.2);
}

#[test]
fn codes_are_findable_whole() {
    let index = index_with(&plan_docs());
    let results = index.search(&req("II.2.2.7")).unwrap();
    assert_eq!(results.hits[0].iri, iri("task", "II-2-2-7"));
    assert_eq!(results.total, 1, "II.2.2.8 must not match II.2.2.7");

    let results = index.search(&req("Target 10")).unwrap();
    assert_eq!(results.hits[0].iri, iri("target", "10"));
    let results = index.search(&req("muc tieu 10")).unwrap();
    assert_eq!(results.hits[0].iri, iri("target", "10"));
}

#[test]
fn english_labels_are_stemmed_and_scientific_names_searched() {
    let mut taxon = doc("taxon", "angelica-sinensis", "Đương quy");
    taxon.scientific_names = vec!["Angelica sinensis (Oliv.) Diels".to_string()];
    let mut docs = plan_docs();
    docs.push(taxon);
    let index = index_with(&docs);

    let results = index.search(&req("medicinal plants")).unwrap();
    assert_eq!(iris(&results), [iri("task", "II-2-2-7").as_str()]);

    let results = index.search(&req("angelica sinensis")).unwrap();
    assert_eq!(iris(&results), [iri("taxon", "angelica-sinensis").as_str()]);
    let results = index.search(&req("duong quy")).unwrap();
    assert_eq!(iris(&results), [iri("taxon", "angelica-sinensis").as_str()]);
}

#[test]
fn all_words_first_then_any_word() {
    let index = index_with(&plan_docs());
    // All words: only the health task has both "sinh học" and "y tế" in label.
    let results = index.search(&req("sinh học y tế")).unwrap();
    assert_eq!(results.hits[0].iri, iri("task", "I-3"));
    assert!(!iris(&results).contains(&iri("agency", "so-khcn").as_str()));

    // "xyzzy" is nowhere: all-words finds nothing, so any word is enough.
    let results = index.search(&req("Tằng Loỏng xyzzy")).unwrap();
    assert_eq!(results.total, 2);
}

#[test]
fn query_syntax_characters_are_plain_text() {
    let index = index_with(&plan_docs());
    for q in [
        "(dược liệu",
        "lead:\"Sở Y tế\"",
        "dược AND liệu OR -tằng",
        "\"tằng loỏng",
        "tằng^2 loỏng~",
        "[a TO z]",
    ] {
        let result = index.search(&req(q));
        assert!(result.is_ok(), "query {q:?}: {result:?}");
    }
    let results = index.search(&req("lead:\"Sở Y tế\"")).unwrap();
    assert!(iris(&results).contains(&iri("agency", "so-y-te").as_str()));
}

#[test]
fn facet_counts_or_within_and_across() {
    let index = index_with(&plan_docs());
    let base = SearchRequest {
        q: "công nghệ sinh học".to_string(),
        limit: 20,
        ..SearchRequest::default()
    };
    // Matches: II-2-2-7 (text), I-3, III-1 (labels).
    let results = index.search(&base).unwrap();
    assert_eq!(results.total, 3);
    assert_eq!(results.facets["kind"], counts(&[("task", 3)]));
    assert_eq!(
        results.facets["section"],
        counts(&[("I", 1), ("II", 1), ("III", 1)])
    );
    assert_eq!(
        results.facets["lead"],
        counts(&[("Sở Nông nghiệp và Môi trường", 1), ("Sở Y tế", 2)])
    );
    assert_eq!(
        results.facets["timeline"],
        counts(&[("2026-2030", 1), ("annual", 2)])
    );

    // OR within one facet name.
    let results = index
        .search(&SearchRequest {
            filters: vec![
                ("section".into(), "I".into()),
                ("section".into(), "II".into()),
            ],
            ..base.clone()
        })
        .unwrap();
    assert_eq!(results.total, 2);
    let mut found = iris(&results);
    found.sort();
    assert_eq!(
        found,
        [
            iri("task", "I-3").as_str(),
            iri("task", "II-2-2-7").as_str()
        ]
    );
    assert_eq!(results.facets["section"], counts(&[("I", 1), ("II", 1)]));

    // AND across names.
    let results = index
        .search(&SearchRequest {
            filters: vec![
                ("section".into(), "I".into()),
                ("section".into(), "II".into()),
                ("lead".into(), "Sở Y tế".into()),
            ],
            ..base.clone()
        })
        .unwrap();
    assert_eq!(iris(&results), [iri("task", "I-3").as_str()]);
    assert_eq!(results.facets["lead"], counts(&[("Sở Y tế", 1)]));

    // A filter value in NFD still matches.
    let nfd: String = "Sở Y tế".nfd().collect();
    let results = index
        .search(&SearchRequest {
            filters: vec![("lead".into(), nfd)],
            ..base.clone()
        })
        .unwrap();
    assert_eq!(results.total, 2);
}

#[test]
fn kind_counts_ignore_the_kind_filter() {
    let index = index_with(&plan_docs());
    let base = SearchRequest {
        q: "Sở Y tế".to_string(),
        limit: 20,
        ..SearchRequest::default()
    };
    let all = index.search(&base).unwrap();
    let kinds = all.facets["kind"].clone();
    assert_eq!(kinds, counts(&[("agency", 1), ("task", 1)]));

    let only_agencies = index
        .search(&SearchRequest {
            kinds: vec!["agency".into()],
            ..base.clone()
        })
        .unwrap();
    assert_eq!(iris(&only_agencies), [iri("agency", "so-y-te").as_str()]);
    assert_eq!(only_agencies.total, 1);
    assert_eq!(only_agencies.facets["kind"], kinds);
    // Other facets are counted over the filtered matches: the agency has none.
    assert!(!only_agencies.facets.contains_key("lead"));

    // ("kind", k) as a filter behaves the same.
    let via_filter = index
        .search(&SearchRequest {
            filters: vec![("kind".into(), "agency".into())],
            ..base.clone()
        })
        .unwrap();
    assert_eq!(via_filter, only_agencies);

    // No match at all: kind is still present, empty.
    let none = index.search(&req("xyzzy")).unwrap();
    assert_eq!(none.total, 0);
    assert_eq!(
        none.facets,
        BTreeMap::from([("kind".to_string(), BTreeMap::new())])
    );
}

#[test]
fn empty_query_with_filters_lists_by_kind_then_label() {
    let index = index_with(&plan_docs());
    let results = index
        .search(&SearchRequest {
            kinds: vec!["agency".into(), "task".into()],
            limit: 20,
            ..SearchRequest::default()
        })
        .unwrap();
    let labels: Vec<(&str, &str)> = results
        .hits
        .iter()
        .map(|h| (h.kind.as_str(), h.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("agency", "Sở Khoa học và Công nghệ"),
            ("agency", "Sở Y tế"),
            ("task", "Nâng cao năng lực phòng thí nghiệm"),
            ("task", "Phát triển vùng trồng dược liệu Tằng Loỏng"),
            ("task", "Tuyên truyền về công nghệ sinh học"),
            ("task", "Ứng dụng công nghệ sinh học trong y tế"),
        ]
    );
    assert_eq!(results.total, 6);
    assert_eq!(
        results.facets["kind"],
        counts(&[
            ("agency", 2),
            ("agency-group", 1),
            ("clause", 1),
            ("target", 1),
            ("task", 4)
        ])
    );
    assert!(results.hits.iter().all(|h| h.score == 0.0));

    let by_facet = index
        .search(&SearchRequest {
            filters: vec![("lead".into(), "Sở Y tế".into())],
            limit: 20,
            ..SearchRequest::default()
        })
        .unwrap();
    let found: Vec<&str> = by_facet.hits.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(
        found,
        [
            "Tỷ lệ sản phẩm dược liệu được chứng nhận",
            "Tuyên truyền về công nghệ sinh học",
            "Ứng dụng công nghệ sinh học trong y tế",
        ]
    );
}

#[test]
fn bad_queries_are_user_errors() {
    let index = index_with(&plan_docs());
    let bad = |r: SearchRequest| match index.search(&r) {
        Err(e @ Error::BadQuery { .. }) => {
            assert!(e.is_user_error());
            e.to_string()
        }
        other => panic!("expected a bad query for {r:?}, got {other:?}"),
    };
    assert_eq!(bad(req("")), "bad query: empty query");
    assert_eq!(bad(req("   ")), "bad query: empty query");
    assert_eq!(
        bad(req("(( :: ))")),
        "bad query: query has no words to search for"
    );
    assert!(bad(req(&"a".repeat(MAX_QUERY_CHARS + 1))).contains("longer than 500"));
    assert!(bad(req(&"ab ".repeat(MAX_QUERY_WORDS + 1))).contains("more than 32 words"));
    assert!(
        bad(SearchRequest {
            limit: MAX_LIMIT + 1,
            ..req("y tế")
        })
        .contains("limit")
    );
    assert!(
        bad(SearchRequest {
            offset: MAX_WINDOW,
            limit: 1,
            ..req("y tế")
        })
        .contains("offset")
    );
    let many: Vec<(String, String)> = (0..=MAX_FILTERS)
        .map(|i| ("lead".to_string(), format!("agency {i}")))
        .collect();
    assert!(
        bad(SearchRequest {
            filters: many,
            ..req("y tế")
        })
        .contains("filters")
    );
    assert!(matches!(
        index.suggest("so", MAX_SUGGEST + 1),
        Err(Error::BadQuery { .. })
    ));
    // The limits themselves are fine.
    assert!(
        index
            .search(&SearchRequest {
                limit: MAX_LIMIT,
                ..req("y tế")
            })
            .is_ok()
    );
    let longest = "phươngphápnhângiốngcâyquế ".repeat(19) + "sở y t";
    assert_eq!(longest.chars().count(), MAX_QUERY_CHARS);
    assert!(index.search(&req(&longest)).is_ok());
    // Symbols only: no word, and no tantivy syntax error either.
    assert_eq!(bad(req("*")), "bad query: query has no words to search for");
}

#[test]
fn pagination_pages_through_all_matches() {
    let docs: Vec<EntityDoc> = (0..25)
        .map(|i| {
            with_text(
                doc(
                    "enterprise",
                    &format!("htx-{i:02}"),
                    &format!("Hợp tác xã dược liệu số {i}"),
                ),
                "Trồng dược liệu.",
            )
        })
        .collect();
    let index = index_with(&docs);
    let page = |offset, limit| {
        index
            .search(&SearchRequest {
                q: "hop tac xa".into(),
                offset,
                limit,
                ..SearchRequest::default()
            })
            .unwrap()
    };
    let all = page(0, 100);
    assert_eq!(all.total, 25);
    assert_eq!(all.hits.len(), 25);
    let mut paged = Vec::new();
    for offset in (0..25).step_by(10) {
        let p = page(offset, 10);
        assert_eq!(p.total, 25);
        assert_eq!(p.hits.len(), (25 - offset).min(10));
        paged.extend(p.hits.into_iter().map(|h| h.iri));
    }
    assert_eq!(
        paged,
        all.hits.iter().map(|h| h.iri.clone()).collect::<Vec<_>>()
    );
    let beyond = page(30, 10);
    assert_eq!((beyond.total, beyond.hits.len()), (25, 0));
    let counts_only = page(0, 0);
    assert_eq!((counts_only.total, counts_only.hits.len()), (25, 0));
    assert_eq!(counts_only.facets["kind"], counts(&[("enterprise", 25)]));
}

#[test]
fn snippets_highlight_accented_words_for_folded_queries() {
    let index = index_with(&plan_docs());
    let results = index.search(&req("tang loong")).unwrap();
    let clause = results
        .hits
        .iter()
        .find(|h| h.iri == iri("clause", "tang-loong"))
        .unwrap();
    assert_eq!(
        clause.snippet,
        "Hình thành cơ sở chế biến sâu sản phẩm từ dược liệu tại <mark>Tằng</mark> <mark>Loỏng</mark>."
    );
}

#[test]
fn snippets_are_escaped_and_fall_back() {
    let long = format!("{} <b>kết</b> thúc", "Mở đầu dài. ".repeat(40));
    let index = index_with(&[
        with_text(
            doc("task", "xss", "Nhiệm vụ <i>mẫu</i>"),
            "Văn bản <script>alert('quế')</script> & \"trích dẫn\"",
        ),
        doc("agency", "label-only", "Sở <Y> tế"),
        with_text(doc("task", "long", "Nhiệm vụ dài"), &long),
    ]);
    let results = index.search(&req("quế")).unwrap();
    assert_eq!(
        results.hits[0].snippet,
        "Văn bản &lt;script&gt;alert(&#39;<mark>quế</mark>&#39;)&lt;/script&gt; &amp; &quot;trích dẫn&quot;"
    );
    assert_eq!(results.hits[0].label, "Nhiệm vụ <i>mẫu</i>");

    // No text: the label, highlighted and escaped.
    let results = index.search(&req("y te")).unwrap();
    assert_eq!(
        results.hits[0].snippet,
        "Sở &lt;<mark>Y</mark>&gt; <mark>tế</mark>"
    );

    // Text without the match (it is in the label): the start of the text.
    let results = index.search(&req("mẫu")).unwrap();
    assert_eq!(
        results.hits[0].snippet,
        "Văn bản &lt;script&gt;alert(&#39;quế&#39;)&lt;/script&gt; &amp; &quot;trích dẫn&quot;"
    );

    // A match deep in a long text: a window around it, marked as cut.
    let results = index.search(&req("kết thúc")).unwrap();
    let snippet = &results.hits[0].snippet;
    assert!(snippet.starts_with('…'), "{snippet}");
    assert!(
        snippet.ends_with("&lt;b&gt;<mark>kết</mark>&lt;/b&gt; <mark>thúc</mark>"),
        "{snippet}"
    );
    assert!(snippet.chars().count() < 200, "{snippet}");
}

#[test]
fn replace_source_leaves_no_stale_hit_and_keeps_other_sources() {
    let index = index_with(&plan_docs());
    let herb = EntityDoc {
        source: HERBS.to_string(),
        ..doc("taxon", "angelica-sinensis", "Đương quy")
    };
    index
        .replace_source(HERBS, std::slice::from_ref(&herb), 2)
        .unwrap();
    assert_eq!(index.num_docs().unwrap(), 10);

    // The plan is re-ingested without the Tằng Loỏng task.
    let mut docs = plan_docs();
    docs.retain(|d| d.iri != iri("task", "II-2-2-7"));
    index.replace_source(PLAN, &docs, 3).unwrap();
    assert_eq!(index.generation().unwrap(), Some(3));
    assert_eq!(index.num_docs().unwrap(), 9);
    let results = index.search(&req("tang loong")).unwrap();
    assert_eq!(iris(&results), [iri("clause", "tang-loong").as_str()]);
    let results = index.search(&req("II.2.2.7")).unwrap();
    assert!(!iris(&results).contains(&iri("task", "II-2-2-7").as_str()));
    // Replacing twice with the same docs does not duplicate them.
    index.replace_source(PLAN, &docs, 4).unwrap();
    assert_eq!(index.num_docs().unwrap(), 9);
    // The other source is untouched.
    let results = index.search(&req("đương quy")).unwrap();
    assert_eq!(iris(&results), [iri("taxon", "angelica-sinensis").as_str()]);

    index.remove_source(HERBS, 5).unwrap();
    assert_eq!(index.generation().unwrap(), Some(5));
    assert_eq!(index.num_docs().unwrap(), 8);
    assert_eq!(index.search(&req("đương quy")).unwrap().total, 0);
    assert_eq!(index.search(&req("tang loong")).unwrap().total, 1);

    index.rebuild(std::slice::from_ref(&herb), 6).unwrap();
    assert_eq!(index.num_docs().unwrap(), 1);
    assert_eq!(index.search(&req("tang loong")).unwrap().total, 0);
    assert_eq!(index.search(&req("đương quy")).unwrap().total, 1);
    // Rebuilt docs keep their own source: removing it empties the index.
    index.remove_source(HERBS, 7).unwrap();
    assert_eq!(index.num_docs().unwrap(), 0);
}

#[test]
fn replace_source_files_docs_under_the_given_source() {
    let index = SearchIndex::in_memory().unwrap();
    // The docs claim another source; they are filed under the one replaced.
    index.replace_source(HERBS, &plan_docs(), 1).unwrap();
    index.remove_source(HERBS, 2).unwrap();
    assert_eq!(index.num_docs().unwrap(), 0);
}

#[test]
fn generation_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    {
        let index = SearchIndex::open_or_create(&path).unwrap();
        assert_eq!(index.generation().unwrap(), None);
        assert_eq!(index.num_docs().unwrap(), 0);
        index.replace_source(PLAN, &plan_docs(), 41).unwrap();
        index.remove_source(HERBS, 42).unwrap();
    }
    let index = SearchIndex::open_or_create(&path).unwrap();
    assert_eq!(index.generation().unwrap(), Some(42));
    assert_eq!(index.num_docs().unwrap(), 9);
    let results = index.search(&req("Tằng Loỏng")).unwrap();
    assert_eq!(results.total, 2);
    assert_eq!(results.hits[0].snippet.matches("<mark>").count(), 2);
}

#[test]
fn an_index_of_another_format_reports_no_generation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    {
        // What a build before `INDEX_FORMAT` wrote: the generation alone.
        let index = SearchIndex::open_or_create(&path).unwrap();
        let mut writer = index.writer().unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload("{\"generation\":7}");
        prepared.commit().unwrap();
    }
    let index = SearchIndex::open_or_create(&path).unwrap();
    assert_eq!(index.generation().unwrap(), None);
    index.rebuild(&plan_docs(), 8).unwrap();
    assert_eq!(index.generation().unwrap(), Some(8));
    let payload = index.index.load_metas().unwrap().payload.unwrap();
    assert_eq!(
        payload,
        format!("{{\"generation\":8,\"format\":{INDEX_FORMAT}}}")
    );
}

#[test]
fn suggest_completes_folded_prefixes_ranked() {
    let mut docs = plan_docs();
    docs.push(doc("agency", "so-y-te-du-phong", "Sở Y tế dự phòng huyện"));
    docs.push(doc("commune", "son-ha", "Sơn Hà"));
    let index = index_with(&docs);

    let labels = |prefix: &str| -> Vec<(String, String)> {
        index
            .suggest(prefix, 10)
            .unwrap()
            .into_iter()
            .map(|s| (s.kind, s.label))
            .collect()
    };
    let pair = |k: &str, l: &str| (k.to_string(), l.to_string());

    // Starts-with first, shorter first; then contains.
    assert_eq!(
        labels("so y"),
        [
            pair("agency", "Sở Y tế"),
            pair("agency", "Sở Y tế dự phòng huyện")
        ]
    );
    assert_eq!(
        labels("tang lo"),
        [
            pair("clause", "Khu công nghiệp Tằng Loỏng"),
            pair("task", "Phát triển vùng trồng dược liệu Tằng Loỏng"),
        ]
    );
    assert_eq!(labels("TẰNG LO"), labels("tang lo"));
    assert_eq!(
        labels("khu cong"),
        [pair("clause", "Khu công nghiệp Tằng Loỏng")]
    );
    // A label starting with the prefix beats a shorter one that only contains it.
    let ranked = index.suggest("cong nghe", 10).unwrap();
    assert_eq!(ranked.len(), 3);
    assert!(ranked.iter().all(|s| s.score < 2.0), "{ranked:?}");
    let starts = index.suggest("ung dung", 10).unwrap();
    assert_eq!(starts[0].label, "Ứng dụng công nghệ sinh học trong y tế");
    assert!(starts[0].score > 3.0);

    // Codes complete through alternative labels, below label matches.
    let codes = index.suggest("II.2.2", 10).unwrap();
    let code_iris: Vec<&str> = codes.iter().map(|s| s.iri.as_str()).collect();
    assert_eq!(
        code_iris,
        [
            iri("task", "II-2-2-8").as_str(),
            iri("task", "II-2-2-7").as_str()
        ]
    );
    assert!(codes.iter().all(|s| s.score < 1.0));

    // A trailing space completes the word: "sở " is not "Sơn".
    assert_eq!(
        labels("sở "),
        [
            pair("agency", "Sở Y tế"),
            pair("agency", "Sở Y tế dự phòng huyện"),
            pair("agency", "Sở Khoa học và Công nghệ"),
            pair("agency-group", "Các sở, ngành"),
        ]
    );
    assert!(labels("so").contains(&pair("commune", "Sơn Hà")));
    assert!(labels("").is_empty());
    assert!(index.suggest("so", 0).unwrap().is_empty());
    assert_eq!(index.suggest("so y", 1).unwrap().len(), 1);
}

#[test]
fn rebuild_then_remove_source_after_a_delete_only_commit() {
    let herb = EntityDoc {
        source: HERBS.to_string(),
        ..doc("taxon", "angelica-sinensis", "Đương quy")
    };
    // Before: nothing; one replace; one replace then a commit with only a delete in it.
    for history in 0..3 {
        let index = SearchIndex::in_memory().unwrap();
        if history >= 1 {
            index.replace_source(PLAN, &plan_docs(), 1).unwrap();
        }
        if history >= 2 {
            index.remove_source(HERBS, 2).unwrap();
        }
        index.rebuild(std::slice::from_ref(&herb), 3).unwrap();
        assert_eq!(index.num_docs().unwrap(), 1, "history {history}");
        index.remove_source(HERBS, 4).unwrap();
        assert_eq!(index.num_docs().unwrap(), 0, "history {history}");
        assert_eq!(index.generation().unwrap(), Some(4));
        // The same after a replace.
        index
            .replace_source(HERBS, std::slice::from_ref(&herb), 5)
            .unwrap();
        assert_eq!(index.num_docs().unwrap(), 1, "history {history}");
        index.remove_source(HERBS, 6).unwrap();
        assert_eq!(index.num_docs().unwrap(), 0, "history {history}");
    }
}

#[test]
fn a_rebuild_in_batches_commits_once_or_not_at_all() {
    let herb = EntityDoc {
        source: HERBS.to_string(),
        ..doc("taxon", "angelica-sinensis", "Đương quy")
    };
    let index = SearchIndex::in_memory().unwrap();
    index.replace_source(PLAN, &plan_docs(), 1).unwrap();
    let before = index.num_docs().unwrap();
    // A failure after a batch: nothing of the rebuild is seen, the old documents stay.
    let failed = index.rebuild_with(2, |r| {
        r.add(std::slice::from_ref(&herb))?;
        assert_eq!(r.added(), 1);
        Err(Error::bad_query("stop"))
    });
    assert!(failed.is_err());
    assert_eq!(index.num_docs().unwrap(), before);
    assert_eq!(index.generation().unwrap(), Some(1));
    // Batches, then one commit: the old documents are gone, the new ones all there.
    let added = index
        .rebuild_with(3, |r| {
            r.add(std::slice::from_ref(&herb))?;
            r.add(&plan_docs()[..2])?;
            Ok::<(), Error>(())
        })
        .unwrap();
    assert_eq!(added, 3);
    assert_eq!(index.num_docs().unwrap(), 3);
    assert_eq!(index.generation().unwrap(), Some(3));
    // Each kept its own source: removing the herbs leaves the two plan documents.
    index.remove_source(HERBS, 4).unwrap();
    assert_eq!(index.num_docs().unwrap(), 2);
}

#[test]
fn replace_sources_swaps_several_sources_in_one_commit() {
    let index = index_with(&plan_docs());
    let herb = EntityDoc {
        source: HERBS.to_string(),
        ..doc("taxon", "angelica-sinensis", "Đương quy")
    };
    // The plan's documents go away and the herbs' arrive, with one generation.
    index
        .replace_sources(
            &[
                (PLAN.to_string(), Vec::new()),
                (HERBS.to_string(), vec![herb]),
            ],
            7,
        )
        .unwrap();
    assert_eq!(index.generation().unwrap(), Some(7));
    assert_eq!(index.num_docs().unwrap(), 1);
    assert_eq!(index.search(&req("tang loong")).unwrap().total, 0);
    assert_eq!(
        iris(&index.search(&req("duong quy")).unwrap()),
        [iri("taxon", "angelica-sinensis").as_str()]
    );
}

/// Taxa for the forgiving-search tests: names that are one slip apart from what users type.
fn herb_docs() -> Vec<EntityDoc> {
    let mut artichoke = doc("taxon", "cynara-scolymus", "Actiso");
    artichoke.scientific_names = vec!["Cynara scolymus".to_string()];
    artichoke.label_en = Some("Globe artichoke".to_string());
    let mut tea = doc("product", "tra-actisso", "Trà Actisso");
    tea.text = "Trà túi lọc.".to_string();
    let mut lovage = doc("taxon", "ligusticum-wallichii", "Xuyên khung");
    lovage.scientific_names = vec!["Ligusticum wallichii".to_string()];
    let mut agency = doc("agency", "so-khcn", "Sở Khoa học và Công nghệ");
    agency.text = "Cơ quan chuyên môn.".to_string();
    let lab = with_text(
        doc("lab", "lab-a", "Phòng Xét nghiệm A"),
        "An toàn sinh học cấp 2 (Biosafety level 2)",
    );
    let lab1 = with_text(
        doc("lab", "lab-b", "Phòng Vi sinh B"),
        "An toàn sinh học cấp 1 (Biosafety level 1)",
    );
    let commune = doc("commune", "03106", "Xã Dương Quỳ");
    vec![artichoke, tea, lovage, agency, lab, lab1, commune]
}

#[test]
fn one_typo_finds_long_names_and_ranks_below_the_exact_match() {
    let index = index_with(&herb_docs());
    // A dropped, an added and two swapped letters, in words of six letters or more.
    for q in [
        "Cynara scolymu",
        "Ligustcum wallichii",
        "Ligusticum walilchii",
    ] {
        let results = index.search(&req(q)).unwrap();
        assert!(!results.hits.is_empty(), "{q}");
        assert!(
            results.hits[0].iri.ends_with("/taxon/cynara-scolymus")
                || results.hits[0].iri.ends_with("/taxon/ligusticum-wallichii"),
            "{q}: {:?}",
            iris(&results)
        );
    }
    // "Actiso" is in the index as typed: the exact match comes first, the product whose
    // name is one letter away ("Actisso") is not read as a typo of a known word.
    let results = index.search(&req("actiso")).unwrap();
    assert_eq!(iris(&results), [iri("taxon", "cynara-scolymus").as_str()]);
    // "actissso" is unknown: one edit from "actisso", two from "actiso".
    let results = index.search(&req("actissso")).unwrap();
    assert_eq!(iris(&results), [iri("product", "tra-actisso").as_str()]);
    // The typo matched the name, so the snippet is the start of the text.
    assert_eq!(results.hits[0].snippet, "Trà túi lọc.");
    // Short words are never forgiven: "khunx" is one edit from "khung" but has five letters.
    assert_eq!(index.search(&req("khunx")).unwrap().total, 0);
    assert_eq!(
        index.search(&req("khungg")).unwrap().hits[0].label,
        "Xuyên khung"
    );
}

#[test]
fn the_last_word_is_also_a_prefix_unless_the_query_ends_in_a_space() {
    let index = index_with(&herb_docs());
    let results = index.search(&req("xuyen khu")).unwrap();
    assert_eq!(
        iris(&results),
        [iri("taxon", "ligusticum-wallichii").as_str()]
    );
    let results = index.search(&req("Sở Khoa học và Công ng")).unwrap();
    assert_eq!(iris(&results)[0], iri("agency", "so-khcn"));
    // A finished word is matched whole.
    assert_eq!(index.search(&req("khu ")).unwrap().total, 0);
    // Two letters are too few to complete.
    assert_eq!(index.search(&req("kh")).unwrap().total, 0);
}

#[test]
fn synonyms_expand_a_phrase_to_its_equivalents() {
    let index = index_with(&herb_docs());
    // BSL-2 is written "an toàn sinh học cấp 2" in the documents.
    let results = index.search(&req("BSL-2")).unwrap();
    assert_eq!(iris(&results), [iri("lab", "lab-a").as_str()]);
    assert!(
        results.hits[0].snippet.contains("<mark>An</mark>"),
        "{}",
        results.hits[0].snippet
    );
    let results = index.search(&req("Sở KH&CN")).unwrap();
    assert_eq!(iris(&results)[0], iri("agency", "so-khcn"));
    let results = index.search(&req("SKHCN")).unwrap();
    assert_eq!(iris(&results), [iri("agency", "so-khcn").as_str()]);
    let results = index.search(&req("Artichoke")).unwrap();
    assert_eq!(iris(&results)[0], iri("taxon", "cynara-scolymus"));
    // A list without the set finds nothing for the abbreviation.
    let plain = SearchIndex::in_memory()
        .unwrap()
        .with_synonyms(Synonyms::parse("empty.tsv", "").unwrap());
    plain.replace_source(PLAN, &herb_docs(), 1).unwrap();
    assert_eq!(plain.search(&req("SKHCN")).unwrap().total, 0);
}

#[test]
fn a_query_that_is_an_entitys_main_name_ranks_it_first() {
    let mut docs = herb_docs();
    let mut taxon = doc("taxon", "angelica-sinensis", "Đương quy");
    taxon.label_en = Some("Dong quai".to_string());
    docs.push(taxon);
    // The commune's name is in its label, an alternative and its English label, as the places
    // ingestor writes it.
    let commune = docs.iter_mut().find(|d| d.kind == "commune").unwrap();
    commune.alt_labels = vec!["Dương Quỳ".to_string()];
    commune.label_en = Some("Duong Quy Commune".to_string());
    let index = index_with(&docs);
    let results = index.search(&req("duong quy")).unwrap();
    assert_eq!(
        iris(&results),
        [
            iri("taxon", "angelica-sinensis").as_str(),
            iri("commune", "03106").as_str()
        ]
    );
    let results = index.search(&req("Dương Quỳ")).unwrap();
    assert_eq!(iris(&results)[0], iri("commune", "03106"));
}

#[test]
fn sort_by_name_orders_matches_by_folded_label() {
    let docs = vec![
        with_text(doc("lab", "c", "Trung tâm Ứng dụng"), "dược liệu"),
        with_text(
            doc("lab", "a", "Đơn vị dược liệu"),
            "dược liệu dược liệu dược liệu",
        ),
        with_text(doc("lab", "b", "an toàn"), "dược liệu"),
        doc("lab", "z", "Không liên quan"),
    ];
    let index = index_with(&docs);
    let by_name = index
        .search(&SearchRequest {
            sort: crate::Sort::Name,
            ..req("duoc lieu")
        })
        .unwrap();
    // "an toàn" < "Đơn vị…" (đ folds to d) < "Trung tâm…"; the unrelated lab is not a match.
    assert_eq!(
        iris(&by_name),
        [
            iri("lab", "b").as_str(),
            iri("lab", "a").as_str(),
            iri("lab", "c").as_str()
        ]
    );
    assert_eq!(by_name.total, 3);
    assert!(by_name.hits.iter().all(|h| h.score == 0.0));
    // The same matches by relevance: the one that says it three times first.
    let by_relevance = index.search(&req("duoc lieu")).unwrap();
    assert_eq!(by_relevance.hits[0].iri, iri("lab", "a"));
    assert_eq!(by_relevance.total, 3);
}

#[test]
fn facets_keep_the_most_frequent_values() {
    // 70 communes with one entity each, and one commune with three.
    let mut docs: Vec<EntityDoc> = (0..70)
        .map(|i| {
            with_facets(
                doc(
                    "enterprise",
                    &format!("e{i}"),
                    &format!("Hợp tác xã chè số {i}"),
                ),
                &[
                    ("commune", &format!("Xã số {i:02}")),
                    ("sector", "agriculture"),
                ],
            )
        })
        .collect();
    for i in 0..3 {
        docs.push(with_facets(
            doc(
                "enterprise",
                &format!("t{i}"),
                &format!("Hợp tác xã chè Tả Phìn {i}"),
            ),
            &[("commune", "Xã Tả Phìn"), ("sector", "agriculture")],
        ));
    }
    let index = index_with(&docs);
    let results = index
        .search(&SearchRequest {
            q: "hợp tác xã chè".into(),
            limit: 5,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(results.total, 73);
    let communes = &results.facets["commune"];
    assert_eq!(communes.len(), crate::MAX_FACET_VALUES);
    assert_eq!(communes["Xã Tả Phìn"], 3);
    // Ties are broken by value: the first 49 of the single-entity communes.
    assert_eq!(communes.get("Xã số 00"), Some(&1));
    assert_eq!(communes.get("Xã số 48"), Some(&1));
    assert_eq!(communes.get("Xã số 49"), None);
    assert_eq!(results.facets["sector"]["agriculture"], 73);
    // A value not listed still filters.
    let filtered = index
        .search(&SearchRequest {
            q: "hợp tác xã chè".into(),
            filters: vec![("commune".into(), "Xã số 69".into())],
            limit: 5,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(iris(&filtered), [iri("enterprise", "e69")]);
}

#[test]
fn suggest_reads_many_labels_and_scientific_names() {
    // More labels start with the prefix than are suggested: the shortest come first.
    let mut docs: Vec<EntityDoc> = (0..40)
        .map(|i| {
            doc(
                "enterprise",
                &format!("e{i}"),
                &format!("Công ty chè {}", "x".repeat(i + 1)),
            )
        })
        .collect();
    let mut taxon = doc("taxon", "panax-vietnamensis", "Sâm Ngọc Linh");
    taxon.scientific_names = vec!["Panax vietnamensis".into()];
    docs.push(taxon);
    docs.push(doc("task", "t1", "Bảo tồn Sâm Ngọc Linh và Panax khác"));
    let index = index_with(&docs);

    let labels: Vec<String> = index
        .suggest("cong ty ch", 3)
        .unwrap()
        .into_iter()
        .map(|s| s.label)
        .collect();
    assert_eq!(
        labels,
        ["Công ty chè x", "Công ty chè xx", "Công ty chè xxx"]
    );

    // "pana": a label contains it (class 1), a scientific name starts with it (class 0).
    let found = index.suggest("pana", 10).unwrap();
    let kinds: Vec<(&str, f32)> = found
        .iter()
        .map(|s| (s.kind.as_str(), s.score.floor()))
        .collect();
    assert_eq!(kinds, [("task", 1.0), ("taxon", 0.0)]);
    assert_eq!(
        index.suggest("panax vi", 10).unwrap()[0].label,
        "Sâm Ngọc Linh"
    );
    // A prefix ending in a space completes no word.
    assert!(index.suggest("cong ty c ", 10).unwrap().is_empty());
}

#[test]
fn a_missing_word_falls_back_to_all_but_one_then_any() {
    let index = index_with(&[
        doc("lab", "a", "Trung tâm nghiên cứu dược liệu Sa Pa"),
        doc("lab", "b", "Trung tâm giống cây trồng"),
        doc("lab", "c", "Phòng thí nghiệm dược liệu"),
    ]);
    let search = |q: &str| {
        index
            .search(&SearchRequest {
                q: q.into(),
                limit: 10,
                ..SearchRequest::default()
            })
            .unwrap()
    };
    // "Bắc Hà" is nowhere: every word but one must match, so only the first lab.
    let most = search("trung tam nghien cuu duoc lieu bac");
    assert_eq!(iris(&most), [iri("lab", "a")]);
    // Two words, one missing: any word, best first.
    let any = search("duoc quangxyz");
    assert_eq!(any.total, 2);
    // Three words, two missing: all but one finds nothing, any finds the labs with the word.
    let few = search("giong abcxyz defxyz");
    assert_eq!(iris(&few), [iri("lab", "b")]);
}

#[test]
fn compact_merges_segments_and_keeps_every_document() {
    let index = SearchIndex::in_memory().unwrap();
    for i in 0..3 {
        let docs = [doc("task", &format!("t{i}"), &format!("Nhiệm vụ số {i}"))];
        index
            .replace_source(&format!("{PLAN}/{i}"), &docs, i + 1)
            .unwrap();
    }
    assert_eq!(index.reader.searcher().segment_readers().len(), 3);
    index.compact().unwrap();
    assert_eq!(index.reader.searcher().segment_readers().len(), 1);
    assert_eq!(index.num_docs().unwrap(), 3);
    assert_eq!(index.generation().unwrap(), Some(3));
    let found = index
        .search(&SearchRequest {
            q: "nhiem vu".into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(found.total, 3);
}
