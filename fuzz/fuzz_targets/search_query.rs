//! Fuzz target `search_query`: arbitrary bytes as a search request (the user's words, kinds and
//! facet filters, a page) and as a suggestion prefix, against a small in-RAM index built once:
//! the analyzer, the query construction of `search/src/query.rs`, the all-words then any-word
//! fallback, facet counting and snippet highlighting run end to end.
//!
//! Input layout: byte 0 picks the page size, byte 1 the offset, byte 2 the suggestion limit;
//! the rest, as lossy UTF-8, is lines: the first is `q`, each further line a filter
//! `name=value` or, without `=`, a kind.
//!
//! Asserts: no panic; an error is only ever the caller's (`BadQuery`), never the index's; a page
//! holds at most `limit` hits, none past `total`, each an indexed IRI with a snippet whose only
//! markup is `<mark>`; facet counts always have `kind`; suggestions respect their limit; and
//! `fold` is idempotent (a folded query folds to itself, so folded text finds folded text).
#![no_main]

use biokg_search::{SearchRequest, fold};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [limit, offset, suggest_limit, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut lines = text.split('\n');
    let q = lines.next().unwrap_or_default().to_owned();
    let mut kinds = Vec::new();
    let mut filters = Vec::new();
    for line in lines.take(200) {
        match line.split_once('=') {
            Some((name, value)) => filters.push((name.to_owned(), value.to_owned())),
            None => kinds.push(line.to_owned()),
        }
    }
    let index = biokg_fuzz::search::index();
    let req = SearchRequest {
        q: q.clone(),
        kinds,
        filters,
        // Up to 1275 and 10200: past MAX_LIMIT and MAX_WINDOW, so the refusals run too.
        limit: usize::from(*limit) * 5,
        offset: usize::from(*offset) * 40,
        sort: biokg_search::Sort::Relevance,
    };
    match index.search(&req) {
        Ok(results) => {
            assert!(results.hits.len() <= req.limit);
            assert!(results.hits.len() <= results.total.saturating_sub(req.offset));
            assert!(results.facets.contains_key("kind"), "no kind facet");
            for hit in &results.hits {
                assert!(
                    biokg_fuzz::search::is_indexed(&hit.iri),
                    "unknown hit {}",
                    hit.iri
                );
                let plain = hit.snippet.replace("<mark>", "").replace("</mark>", "");
                assert!(
                    !plain.contains(['<', '>']),
                    "unescaped markup in snippet {:?}",
                    hit.snippet
                );
            }
        }
        Err(e) => assert!(e.is_user_error(), "index error on {req:?}: {e}"),
    }
    let limit = usize::from(*suggest_limit) % 128;
    match index.suggest(&q, limit) {
        Ok(suggestions) => {
            assert!(suggestions.len() <= limit);
            for s in &suggestions {
                assert!(
                    biokg_fuzz::search::is_indexed(&s.iri),
                    "unknown suggestion {}",
                    s.iri
                );
            }
        }
        Err(e) => assert!(e.is_user_error(), "index error on suggest {q:?}: {e}"),
    }
    let folded = fold(&q);
    assert_eq!(fold(&folded), folded, "fold is not idempotent on {q:?}");
});
