//! The places a registry may name: today's communes of the province, the pre-2025 commune codes
//! (to say what an outdated code became) and the former districts.

use crate::places::{Level, PlaceFile, Places};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The administrative units registry files are checked against.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    province_code: String,
    province_name: String,
    /// Today's communes: code → full name.
    communes: BTreeMap<String, String>,
    /// Pre-2025 communes: old code → (full name, codes of the communes it went into).
    former_communes: BTreeMap<String, (String, Vec<String>)>,
    /// Former districts: key → full name.
    former_districts: BTreeMap<String, String>,
}

impl Gazetteer {
    /// The gazetteer of a parsed places folder.
    pub fn new(places: &Places) -> Self {
        let mut former_communes = BTreeMap::new();
        let mut former_districts = BTreeMap::new();
        for f in &places.former {
            match f.level {
                Level::Commune => {
                    if let Some(code) = &f.code {
                        former_communes.insert(
                            code.clone(),
                            (f.full_name.clone(), f.replaced_by.iter().cloned().collect()),
                        );
                    }
                }
                Level::District => {
                    former_districts.insert(f.key.clone(), f.full_name.clone());
                }
                Level::Province => {}
            }
        }
        Gazetteer {
            province_code: places.province.code.clone(),
            province_name: places.province.name.clone(),
            communes: places
                .communes
                .iter()
                .map(|c| (c.code.clone(), c.full_name.clone()))
                .collect(),
            former_communes,
            former_districts,
        }
    }

    /// The gazetteer of the bundled places (Lào Cai, code 15).
    ///
    /// # Panics
    /// Never for the bundled files, which a test loads.
    pub fn bundled() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let places = crate::places::parse_places("places", &bundled_places())
                .expect("the bundled places are valid");
            Gazetteer::new(&places)
        })
    }

    /// The full name of a commune of today (`Xã Tả Phìn`).
    pub fn commune_name(&self, code: &str) -> Option<&str> {
        self.communes.get(code).map(String::as_str)
    }

    /// Whether `code` is one of today's communes; otherwise why not.
    pub(crate) fn check_commune(&self, code: &str) -> Result<(), String> {
        if self.communes.contains_key(code) {
            return Ok(());
        }
        if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{code:?} is not a 5-digit commune code"));
        }
        let base = format!(
            "{code:?} is not a commune or ward of {} (code {})",
            self.province_name, self.province_code
        );
        match self.former_communes.get(code) {
            Some((name, into)) if !into.is_empty() => {
                let into: Vec<String> = into
                    .iter()
                    .map(|c| match self.communes.get(c) {
                        Some(n) => format!("{c} ({n})"),
                        None => c.clone(),
                    })
                    .collect();
                Err(format!(
                    "{base}; it is the pre-2025 code of {name}, now part of {}",
                    into.join(", ")
                ))
            }
            _ => Err(base),
        }
    }

    /// Whether `key` names a former district (`thi-xa-sa-pa`).
    pub fn is_former_district(&self, key: &str) -> bool {
        self.former_districts.contains_key(key)
    }

    /// The former-district keys, sorted.
    pub fn former_district_keys(&self) -> Vec<&str> {
        self.former_districts.keys().map(String::as_str).collect()
    }

    /// The full name of a former district (`Thị xã Sa Pa`).
    pub fn former_district_name(&self, key: &str) -> Option<&str> {
        self.former_districts.get(key).map(String::as_str)
    }
}

/// The files of the bundled places folder (`data/places/`), compiled into the binary so that
/// the service and the validators need no data folder at run time.
pub fn bundled_places() -> Vec<PlaceFile> {
    macro_rules! file {
        ($path:literal) => {
            PlaceFile {
                path: $path.to_owned(),
                bytes: include_bytes!(concat!("../../../data/places/", $path)).to_vec(),
            }
        };
    }
    vec![
        file!("lao-cai-15.json"),
        file!("vn-units-2026-07-25.json"),
        file!("ward-mappings-old-lao-cai-yen-bai.json"),
        file!("geojson/02839_bac_ha.geojson"),
        file!("geojson/03006_sa_pa.geojson"),
        file!("geojson/03082_van_ban.geojson"),
        file!("geojson/15_lao_cai.geojson"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_and_outdated_codes() {
        let g = Gazetteer::bundled();
        assert_eq!(g.communes.len(), 99);
        assert_eq!(g.commune_name("03013"), Some("Xã Tả Phìn"));
        assert_eq!(g.commune_name("03006"), Some("Phường Sa Pa"));
        assert_eq!(
            g.check_commune("03001").unwrap_err(),
            "\"03001\" is not a commune or ward of Lào Cai (code 15); it is the pre-2025 code of Phường Sa Pa, now part of 03006 (Phường Sa Pa)"
        );
        assert_eq!(
            g.check_commune("3013").unwrap_err(),
            "\"3013\" is not a 5-digit commune code"
        );
        assert_eq!(
            g.check_commune("01234").unwrap_err(),
            "\"01234\" is not a commune or ward of Lào Cai (code 15)"
        );
        assert!(g.is_former_district("thi-xa-sa-pa"));
        assert!(g.is_former_district("huyen-van-chan"));
        assert_eq!(g.former_district_keys().len(), 18);
        assert_eq!(g.former_district_name("huyen-bac-ha"), Some("Huyện Bắc Hà"));
    }
}
