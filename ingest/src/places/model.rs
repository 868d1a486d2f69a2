//! The places as read: the province, its communes, the other provinces, the units abolished on
//! 1 July 2025 and the geometries, before they become quads.

use std::collections::BTreeSet;

/// The level of an administrative unit, before or after the 2025 reform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Tỉnh or thành phố trực thuộc trung ương.
    Province,
    /// Huyện, quận, thị xã or thành phố thuộc tỉnh: the level abolished on 1 July 2025.
    District,
    /// Xã, phường, đặc khu, or before 2025 also thị trấn.
    Commune,
}

/// The kind of an administrative unit: a concept of `lcb:AdministrativeUnitTypes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitType {
    /// Tỉnh.
    Province,
    /// Thành phố trực thuộc trung ương (a city at province level).
    City,
    /// Xã.
    Commune,
    /// Phường.
    Ward,
    /// Đặc khu.
    SpecialZone,
    /// Huyện (before 2025).
    District,
    /// Quận (before 2025).
    UrbanDistrict,
    /// Thị xã (before 2025).
    Town,
    /// Thành phố thuộc tỉnh (a city at district level, before 2025).
    ProvincialCity,
    /// Thị trấn (before 2025).
    Township,
}

/// The unit types a name may start with at each level, as printed in official names.
const PREFIXES: &[(Level, &str, UnitType)] = &[
    (Level::Province, "Tỉnh", UnitType::Province),
    (Level::Province, "Thành phố", UnitType::City),
    (Level::District, "Huyện", UnitType::District),
    (Level::District, "Quận", UnitType::UrbanDistrict),
    (Level::District, "Thị xã", UnitType::Town),
    (Level::District, "Thành phố", UnitType::ProvincialCity),
    (Level::Commune, "Xã", UnitType::Commune),
    (Level::Commune, "Phường", UnitType::Ward),
    (Level::Commune, "Đặc khu", UnitType::SpecialZone),
    (Level::Commune, "Thị trấn", UnitType::Township),
];

impl UnitType {
    /// The concept's key (`skos:notation`): `province`, `ward`, `provincial-city`...
    pub fn key(self) -> &'static str {
        match self {
            UnitType::Province => "province",
            UnitType::City => "city",
            UnitType::Commune => "commune",
            UnitType::Ward => "ward",
            UnitType::SpecialZone => "special-zone",
            UnitType::District => "district",
            UnitType::UrbanDistrict => "urban-district",
            UnitType::Town => "town",
            UnitType::ProvincialCity => "provincial-city",
            UnitType::Township => "township",
        }
    }

    /// Whether units of this kind exist after the 2025 reform (district-level kinds and thị
    /// trấn do not).
    pub fn is_current(self) -> bool {
        !matches!(
            self,
            UnitType::District
                | UnitType::UrbanDistrict
                | UnitType::Town
                | UnitType::ProvincialCity
                | UnitType::Township
        )
    }

    /// The unit type a short name such as `Phường` or `Tỉnh` stands for at `level`.
    pub fn from_short_name(level: Level, short: &str) -> Option<UnitType> {
        PREFIXES
            .iter()
            .find(|(l, p, _)| *l == level && p.to_lowercase() == short.trim().to_lowercase())
            .map(|(_, _, t)| *t)
    }

    /// Splits a full name such as `Thị xã Sa Pa` into its unit type at `level` and the name
    /// proper (`Sa Pa`). The first letter may be lowercase (`xã Bắc Sơn` occurs in the data).
    pub fn split_name(level: Level, full_name: &str) -> Option<(UnitType, &str)> {
        PREFIXES
            .iter()
            .filter(|(l, _, _)| *l == level)
            .find_map(|(_, prefix, t)| {
                let head = full_name.get(..prefix.len())?;
                let rest = full_name[prefix.len()..].strip_prefix(' ')?.trim();
                (head.to_lowercase() == prefix.to_lowercase() && !rest.is_empty())
                    .then_some((*t, rest))
            })
    }

    /// The short names allowed at `level` (only those of today when `current`), for messages:
    /// `Xã, Phường or Đặc khu`.
    pub(crate) fn names_at(level: Level, current: bool) -> String {
        let names: Vec<&str> = PREFIXES
            .iter()
            .filter(|(l, _, t)| *l == level && (!current || t.is_current()))
            .map(|(_, p, _)| *p)
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        }
    }
}

/// A unit that exists today: a province (or centrally-run city) or a commune, ward or special
/// zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUnit {
    /// The official code: 2 digits for a province, 5 for a commune.
    pub code: String,
    /// The name proper (`Sa Pa`).
    pub name: String,
    /// The name proper without diacritics, as the source gives it (`Sa Pa`).
    pub name_en: String,
    /// The full name with the unit type (`Phường Sa Pa`).
    pub full_name: String,
    /// The English full name (`Sa Pa Ward`).
    pub full_name_en: String,
    /// Its kind.
    pub unit_type: UnitType,
}

/// A unit abolished by the 2025 reform: a former province, district or commune, with the units
/// of today that took it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerArea {
    /// The last segment of its IRI: the old code of a commune (`02656`), the slug of the full
    /// name of a district or province (`thi-xa-sa-pa`, `tinh-yen-bai`).
    pub key: String,
    /// Its level.
    pub level: Level,
    /// The old official code (communes only; the mapping gives no district or province codes).
    pub code: Option<String>,
    /// The full name (`Thị xã Sa Pa`).
    pub full_name: String,
    /// The name proper (`Sa Pa`).
    pub name: String,
    /// Its kind.
    pub unit_type: UnitType,
    /// The key of the former area that contained it (a commune's district, a district's
    /// province).
    pub parent: Option<String>,
    /// The codes of the units of today that replace it: the communes a former commune was
    /// merged into, the province a former province became part of; empty for a district,
    /// whose level was abolished.
    pub replaced_by: BTreeSet<String>,
    /// The codes of today's communes that took in all or part of it.
    pub communes: BTreeSet<String>,
}

/// The boundary of a place, as WKT with the coordinates exactly as the GeoJSON gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geometry {
    /// The code of the place it bounds.
    pub code: String,
    /// `MULTIPOLYGON (((103.869663 22.372496, …)))` or `POLYGON ((…))`, in CRS84 (longitude,
    /// latitude), the GeoJSON and GeoSPARQL default.
    pub wkt: String,
    /// The file it was read from.
    pub file: String,
}

/// Everything read from a places folder, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// The province the folder is about (code 15, Lào Cai).
    pub province: AdminUnit,
    /// Its communes, wards and special zones, in file order.
    pub communes: Vec<AdminUnit>,
    /// The other provinces of the national list, in file order.
    pub other_provinces: Vec<AdminUnit>,
    /// The former provinces, districts and communes of the mappings, in that order, each
    /// sorted by key.
    pub former: Vec<FormerArea>,
    /// The number of old-to-new mapping rows read.
    pub mappings: usize,
    /// Boundaries, sorted by code.
    pub geometries: Vec<Geometry>,
    /// The files read, as paths inside the folder, sorted.
    pub files: Vec<String>,
    /// Values that do not match but do not stop the load, as `file:line: field: message`.
    pub warnings: Vec<String>,
}

impl Places {
    /// The commune, ward or special zone of the province with this code.
    pub fn commune(&self, code: &str) -> Option<&AdminUnit> {
        self.communes.iter().find(|c| c.code == code)
    }

    /// The former commune with this pre-2025 code.
    pub fn former_commune(&self, code: &str) -> Option<&FormerArea> {
        self.former
            .iter()
            .find(|f| f.level == Level::Commune && f.code.as_deref() == Some(code))
    }

    /// The former area with this key (`thi-xa-sa-pa`, `tinh-yen-bai`, `02656`).
    pub fn former_area(&self, key: &str) -> Option<&FormerArea> {
        self.former.iter().find(|f| f.key == key)
    }

    /// The former areas at one level.
    pub fn former_at(&self, level: Level) -> impl Iterator<Item = &FormerArea> {
        self.former.iter().filter(move |f| f.level == level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_their_unit_type() {
        assert_eq!(
            UnitType::split_name(Level::District, "Thị xã Sa Pa"),
            Some((UnitType::Town, "Sa Pa"))
        );
        assert_eq!(
            UnitType::split_name(Level::District, "Thành phố Lào Cai"),
            Some((UnitType::ProvincialCity, "Lào Cai"))
        );
        assert_eq!(
            UnitType::split_name(Level::Province, "Thành phố Hà Nội"),
            Some((UnitType::City, "Hà Nội"))
        );
        assert_eq!(
            UnitType::split_name(Level::Commune, "Thị trấn Bắc Hà"),
            Some((UnitType::Township, "Bắc Hà"))
        );
        assert_eq!(
            UnitType::split_name(Level::Commune, "xã Bắc Sơn"),
            Some((UnitType::Commune, "Bắc Sơn"))
        );
        assert_eq!(
            UnitType::split_name(Level::District, "Quận 1"),
            Some((UnitType::UrbanDistrict, "1"))
        );
        // A prefix that is only the start of a word, no name, or the wrong level.
        assert_eq!(UnitType::split_name(Level::Commune, "Xãy Dựng"), None);
        assert_eq!(UnitType::split_name(Level::Commune, "Xã "), None);
        assert_eq!(UnitType::split_name(Level::Commune, "Huyện Bắc Hà"), None);
    }

    #[test]
    fn short_names_and_keys() {
        assert_eq!(
            UnitType::from_short_name(Level::Commune, "Phường"),
            Some(UnitType::Ward)
        );
        assert_eq!(
            UnitType::from_short_name(Level::Commune, "Đặc khu"),
            Some(UnitType::SpecialZone)
        );
        assert_eq!(
            UnitType::from_short_name(Level::Province, "Tỉnh"),
            Some(UnitType::Province)
        );
        assert_eq!(UnitType::from_short_name(Level::Province, "Xã"), None);
        assert_eq!(UnitType::ProvincialCity.key(), "provincial-city");
        assert_eq!(
            UnitType::names_at(Level::Commune, false),
            "Xã, Phường, Đặc khu or Thị trấn"
        );
        assert_eq!(
            UnitType::names_at(Level::Commune, true),
            "Xã, Phường or Đặc khu"
        );
        assert_eq!(
            UnitType::names_at(Level::Province, true),
            "Tỉnh or Thành phố"
        );
        assert!(!UnitType::Township.is_current());
        assert!(UnitType::SpecialZone.is_current());
    }
}
