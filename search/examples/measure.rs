//! Throwaway measurement (not committed).
use std::time::Instant;

use biokg_search::{EntityDoc, SearchIndex, SearchRequest};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let words = [
        "dược", "liệu", "quế", "hồi", "Tằng", "Loỏng", "Sa", "Pa", "Bắc", "Hà", "hợp", "tác", "xã",
        "công", "nghệ", "sinh", "học", "trồng", "chế", "biến", "sản", "phẩm", "giống", "cây",
        "Văn", "Bàn", "đương", "quy", "tam", "thất",
    ];
    let communes = [
        "Sa Pa",
        "Bắc Hà",
        "Văn Bàn",
        "Bát Xát",
        "Mường Khương",
        "Si Ma Cai",
        "Bảo Yên",
        "Bảo Thắng",
    ];
    let certs = ["VietGAP", "GACP-WHO", "organic", "OCOP"];
    let mut seed = 42u64;
    let mut rnd = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let docs: Vec<EntityDoc> = (0..n)
        .map(|i| {
            let label: Vec<&str> = (0..4 + rnd(4)).map(|_| words[rnd(words.len())]).collect();
            let text: Vec<&str> = (0..30 + rnd(30)).map(|_| words[rnd(words.len())]).collect();
            EntityDoc {
                iri: format!("https://x/enterprise/{i}"),
                kind: if i % 10 == 0 {
                    "lab".into()
                } else {
                    "enterprise".into()
                },
                label: format!("HTX {}", label.join(" ")),
                label_en: None,
                alt_labels: vec![format!("MST-{i:010}")],
                text: text.join(" "),
                scientific_names: vec![],
                facets: vec![
                    ("commune".into(), communes[rnd(communes.len())].into()),
                    ("certification".into(), certs[rnd(certs.len())].into()),
                ],
                source: format!("https://x/graph/{}", i % 4),
            }
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let t = Instant::now();
    index.rebuild(&docs, 1).unwrap();
    println!("rebuild {n} docs: {:?}", t.elapsed());
    let quarter: Vec<EntityDoc> = docs
        .iter()
        .filter(|d| d.source.ends_with("/1"))
        .cloned()
        .collect();
    let t = Instant::now();
    index
        .replace_source("https://x/graph/1", &quarter, 2)
        .unwrap();
    println!("replace_source {} docs: {:?}", quarter.len(), t.elapsed());
    for (q, kinds, filters) in [
        ("tang loong", vec![], vec![]),
        ("dược liệu", vec![], vec![]),
        (
            "duoc lieu sa pa",
            vec!["lab".to_string()],
            vec![("certification".to_string(), "VietGAP".to_string())],
        ),
        ("quế", vec![], vec![]),
        ("MST-0000012345", vec![], vec![]),
        (
            "",
            vec![],
            vec![("commune".to_string(), "Sa Pa".to_string())],
        ),
    ] {
        let req = SearchRequest {
            q: q.into(),
            kinds,
            filters,
            limit: 20,
            offset: 0,
        };
        let _ = index.search(&req).unwrap();
        let runs = 20;
        let t = Instant::now();
        let mut total = 0;
        for _ in 0..runs {
            total = index.search(&req).unwrap().total;
        }
        println!(
            "search {q:?} {:?}/{:?}: total {total}, {:?} per query",
            req.kinds,
            req.filters,
            t.elapsed() / runs
        );
    }
    for p in ["tang lo", "h", "htx duoc"] {
        let t = Instant::now();
        let s = index.suggest(p, 10).unwrap();
        println!("suggest {p:?}: {} in {:?}", s.len(), t.elapsed());
    }
}
