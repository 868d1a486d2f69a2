//! The registries through the HTTP API: every registry entity is searchable with its facets,
//! names in every spelling find the same taxon, a commune's name finds what is located there,
//! and illustrative records say so.

use super::support::{enc, get};
use axum::http::StatusCode;
use serde_json::Value;

const ID: &str = "https://w3id.org/laocai-biotech/id/";

fn hits(path: &str) -> Vec<Value> {
    let r = get(path);
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    r.json()["hits"].as_array().unwrap().clone()
}

fn iris(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["iri"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn scientific_vernacular_and_folded_names_find_the_same_taxon() {
    let taxon = format!("{ID}taxon/angelica-sinensis");
    for q in ["Angelica sinensis", "Đương quy", "Dong quai", "đương qui"] {
        let h = hits(&format!("/api/search?q={}", enc(q)));
        assert_eq!(h[0]["iri"], taxon, "{q}: {:?}", iris(&h));
        assert_eq!(h[0]["type"], "taxon");
        assert_eq!(h[0]["label"], "Đương quy");
    }
    // Without marks "duong quy" is also Xã Dương Quỳ (03106): both are first-class answers,
    // and the taxon is among the first three.
    let h = iris(&hits("/api/search?q=duong+quy"));
    assert!(h[..3].contains(&taxon), "{h:?}");
    assert!(h[..3].contains(&format!("{ID}place/03106")), "{h:?}");
    let h = hits("/api/search?q=duong+quy&type=taxon");
    assert_eq!(h[0]["iri"], taxon);
    // The artichoke under its Vietnamese spellings.
    for q in ["Actiso", "Atiso", "atisô", "Cynara scolymus"] {
        let h = hits(&format!("/api/search?q={}&type=taxon", enc(q)));
        assert_eq!(h[0]["iri"], format!("{ID}taxon/cynara-scolymus"), "{q}");
    }
}

#[test]
fn a_commune_name_finds_the_commune_and_what_is_there() {
    let h = hits(&format!("/api/search?q={}&limit=50", enc("Tả Phìn")));
    assert_eq!(h[0]["iri"], format!("{ID}place/03013"), "{:?}", iris(&h));
    assert_eq!(h[0]["type"], "commune");
    let found = iris(&h);
    for org in ["htx-cong-dong-dao-do-ta-phin", "traphaco-lao-cai"] {
        assert!(
            found.contains(&format!("{ID}org/{org}")),
            "{org} not in {found:?}"
        );
    }
    // Without diacritics too.
    let h = hits("/api/search?q=ta+phin");
    assert_eq!(h[0]["iri"], format!("{ID}place/03013"));
}

#[test]
fn facets_filter_labs_by_biosafety_level_and_capability() {
    let r = get("/api/search?type=lab&biosafety=BSL-2&limit=50");
    let body = r.json();
    let found = iris(body["hits"].as_array().unwrap());
    assert!(
        found.contains(&format!("{ID}org/lab-xet-nghiem-minh-hoa-cdc")),
        "{found:?}"
    );
    for h in body["hits"].as_array().unwrap() {
        assert_eq!(h["type"], "lab");
    }
    assert_eq!(body["total"], found.len());
    // The facet counts cover every level the labs have.
    let levels = body["facets"]["biosafety"].as_object().unwrap();
    assert_eq!(levels["BSL-2"].as_u64(), Some(found.len() as u64));
    let all = get("/api/search?type=lab&limit=0").json();
    let bsl = all["facets"]["biosafety"].as_object().unwrap();
    for level in ["BSL-1", "BSL-2", "BSL-3"] {
        assert!(bsl.contains_key(level), "{bsl:?}");
    }
    assert_eq!(all["total"], 11);
    let pcr = get("/api/search?type=lab&capability=real-time-pcr&limit=50").json();
    assert!(pcr["total"].as_u64().unwrap() >= 1);
}

#[test]
fn enterprises_and_cooperatives_by_certification_and_stage() {
    let coops = get("/api/search?type=cooperative&limit=100").json();
    let found = iris(coops["hits"].as_array().unwrap());
    assert!(found.contains(&format!("{ID}org/htx-cong-dong-dao-do-ta-phin")));
    let all = get("/api/search?type=enterprise&type=cooperative&limit=0").json();
    // 29 rows, one of which (the Sa Pa centre) is also a lab and is listed as a lab.
    assert_eq!(all["total"], 28);
    let facets = all["facets"].as_object().unwrap();
    for facet in [
        "legal-form",
        "sector",
        "stage",
        "certification",
        "commune",
        "species",
        "illustrative",
    ] {
        assert!(
            facets.contains_key(facet),
            "no {facet} facet: {:?}",
            facets.keys()
        );
    }
    let gacp = get("/api/search?certification=gacp-who&limit=100").json();
    assert!(gacp["total"].as_u64().unwrap() >= 1);
}

#[test]
fn illustrative_records_are_marked_in_hits_and_entities() {
    let h = hits("/api/search?type=lab&biosafety=BSL-3");
    assert!(!h.is_empty());
    for hit in &h {
        assert_eq!(hit["illustrative"], true, "{hit}");
    }
    let real = hits(&format!(
        "/api/search?q={}",
        enc("Trung tâm Nghiên cứu dược liệu Sa Pa")
    ));
    assert_eq!(
        real[0]["iri"],
        format!("{ID}org/tt-nghien-cuu-duoc-lieu-sa-pa")
    );
    assert!(real[0].get("illustrative").is_none());
    let e = get(&format!(
        "/api/entity?iri={}",
        enc(&format!("{ID}org/lab-xet-nghiem-minh-hoa-cdc"))
    ))
    .json();
    assert_eq!(e["illustrative"], true);
    let t = get(&format!(
        "/api/entity?iri={}",
        enc(&format!("{ID}taxon/angelica-sinensis"))
    ))
    .json();
    assert_eq!(t["illustrative"], false);
    assert_eq!(t["label"], "Đương quy");
}

#[test]
fn species_facet_links_organisations_to_taxa() {
    let body = get(&format!("/api/search?species={}&limit=100", enc("Actiso"))).json();
    let found = iris(body["hits"].as_array().unwrap());
    assert!(
        found.contains(&format!("{ID}org/traphaco-lao-cai")),
        "{found:?}"
    );
}
