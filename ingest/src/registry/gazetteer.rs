//! The places a registry may name: today's communes of the province, the pre-2025 commune codes
//! (to say what an outdated code became) and the former districts.
//!
//! A province's registry is checked against its own communes ([`Gazetteer::bundled`]: a code of
//! another province is a mistake there). A national registry, such as the generated scale data,
//! is checked against [`Gazetteer::national`], which also knows the communes and wards of every
//! province of the bundled national list; the former units stay those of the mappings.

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
    /// Provinces whose communes are known besides the province's own (0 for a province's
    /// gazetteer).
    other_provinces: usize,
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
            other_provinces: 0,
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

    /// The gazetteer of the whole country: [`Gazetteer::bundled`] and the communes, wards and
    /// special zones of every province of the bundled national list
    /// (`vn-units-2026-07-25.json`, 3,321 units in 34 provinces).
    ///
    /// # Panics
    /// Never for the bundled files, which a test loads.
    pub fn national() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let mut g = Gazetteer::bundled().clone();
            for province in national_provinces() {
                if province.code != g.province_code {
                    g.other_provinces += 1;
                }
                for (code, full_name) in province.communes {
                    g.communes.entry(code).or_insert(full_name);
                }
            }
            g
        })
    }

    /// The number of communes, wards and special zones a code may name.
    pub fn commune_count(&self) -> usize {
        self.communes.len()
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
        let base = if self.other_provinces > 0 {
            format!(
                "{code:?} is not a commune or ward of any of the {} provinces",
                self.other_provinces + 1
            )
        } else {
            format!(
                "{code:?} is not a commune or ward of {} (code {})",
                self.province_name, self.province_code
            )
        };
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

/// A province of the bundled national list, with its communes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// The 2-digit code (`31`).
    pub code: String,
    /// The name proper (`Hải Phòng`).
    pub name: String,
    /// The full name (`Thành phố Hải Phòng`).
    pub full_name: String,
    /// The ASCII key of the source (`hai_phong`).
    pub code_name: String,
    /// Its communes, wards and special zones: (5-digit code, full name), in file order.
    pub communes: Vec<(String, String)>,
}

/// The 34 provinces of the bundled national list (`vn-units-2026-07-25.json`), in file order.
///
/// # Panics
/// Never for the bundled file, which a test loads.
pub fn national_provinces() -> Vec<Province> {
    let bytes = include_bytes!("../../../data/places/vn-units-2026-07-25.json");
    let list: Vec<serde_json::Value> =
        serde_json::from_slice(bytes).expect("the bundled national list is JSON");
    let text = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    list.iter()
        .map(|p| Province {
            code: text(p, "Code"),
            name: text(p, "Name"),
            full_name: text(p, "FullName"),
            code_name: text(p, "CodeName"),
            communes: p
                .get("Wards")
                .and_then(serde_json::Value::as_array)
                .map(|w| {
                    w.iter()
                        .map(|w| (text(w, "Code"), text(w, "FullName")))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
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

    #[test]
    fn the_national_gazetteer_knows_every_province() {
        let provinces = national_provinces();
        assert_eq!(provinces.len(), 34);
        assert_eq!(
            provinces.iter().map(|p| p.communes.len()).sum::<usize>(),
            3321
        );
        assert_eq!(provinces[12].full_name, "Thành phố Hải Phòng");
        assert_eq!(provinces[12].code_name, "hai_phong");
        let g = Gazetteer::national();
        assert_eq!(g.commune_count(), 3321);
        // Phường Ba Đình (Hà Nội) is a commune of the country, not of Lào Cai.
        assert_eq!(g.commune_name("00004"), Some("Phường Ba Đình"));
        assert!(g.check_commune("00004").is_ok());
        assert!(Gazetteer::bundled().check_commune("00004").is_err());
        assert_eq!(
            g.check_commune("99999").unwrap_err(),
            "\"99999\" is not a commune or ward of any of the 34 provinces"
        );
        // Lào Cai's pre-2025 codes still say what they became.
        assert!(
            g.check_commune("03001")
                .unwrap_err()
                .contains("now part of 03006")
        );
        assert!(g.is_former_district("thi-xa-sa-pa"));
    }
}
