//! Reading and checking the files of a places folder into [`Places`].
//!
//! Every file is checked as far as it can be, and every problem is kept, so that one run tells
//! the data steward everything that is wrong. Cross-file checks (a mapping row's new commune,
//! a geometry's place) run against whatever the other files gave.

use super::PlaceFile;
use super::model::{AdminUnit, FormerArea, Geometry, Level, Places, UnitType};
use crate::read::json::{self, Node, Value};
use crate::{Error, Problem, Result};
use biokg_ontology::iri;
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

/// What a file of the folder holds, told by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The full record of the province and its communes (`lao-cai-15.json`).
    Province,
    /// The national list of provinces (`vn-units-*.json`).
    National,
    /// Old-to-new commune mappings (`ward-mappings-*.json`).
    Mapping,
    /// A boundary (`geojson/*.geojson`).
    Geometry,
}

/// The role of a file, or `None` for a file the ingestor does not read (a licence, a README).
fn role(path: &str) -> Option<Role> {
    if let Some(name) = path.strip_prefix("geojson/") {
        return (!name.contains('/') && name.ends_with(".geojson")).then_some(Role::Geometry);
    }
    if path.contains('/') || !path.ends_with(".json") {
        return None;
    }
    Some(if path.starts_with("vn-units") {
        Role::National
    } else if path.starts_with("ward-mappings") {
        Role::Mapping
    } else {
        Role::Province
    })
}

/// Whether a places ingest reads the file at this path inside the folder.
pub(crate) fn is_read(path: &str) -> bool {
    role(path).is_some()
}

/// The files a places ingest reads, in path order.
pub(crate) fn read_paths(files: &[PlaceFile]) -> Vec<&PlaceFile> {
    let mut used: Vec<&PlaceFile> = files.iter().filter(|f| role(&f.path).is_some()).collect();
    used.sort_by(|a, b| a.path.cmp(&b.path));
    used
}

/// The date the units of the 2025 reform began to operate and the old ones ceased to exist.
/// The mapping files do not carry it: they are the mapping of that reform (Quyết định
/// 19/2025/QĐ-TTg of 30 June 2025 on the new codes, effective 1 July 2025; the National
/// Assembly resolutions on the arrangement, under which the new communes operate from 1 July
/// 2025).
pub const REFORM_DATE: &str = "2025-07-01";

/// Reads and checks the files of a places folder called `folder`.
///
/// # Errors
/// [`Error::Folder`] when the folder lacks its province file or national list, or has more
/// than one of either; [`Error::Invalid`] with every problem of every file otherwise.
pub fn parse_places(folder: &str, files: &[PlaceFile]) -> Result<Places> {
    let used = read_paths(files);
    let of = |r: Role| -> Vec<&PlaceFile> {
        used.iter()
            .copied()
            .filter(|f| role(&f.path) == Some(r))
            .collect()
    };
    let pfile = only_one(
        folder,
        &of(Role::Province),
        "province file (a .json file other than vn-units-*.json and ward-mappings-*.json)",
    )?;
    let nfile = only_one(
        folder,
        &of(Role::National),
        "national list (vn-units-*.json)",
    )?;

    let mut problems = Vec::new();
    let province = read_file(pfile, &mut problems, read_province).flatten();
    let others = read_file(nfile, &mut problems, |c, root| {
        read_national(c, root, province.as_ref(), &pfile.path)
    });
    let mut mappings = Mappings::default();
    for f in of(Role::Mapping) {
        read_file(f, &mut problems, |c, root| {
            mappings.read(c, root, province.as_ref(), &pfile.path);
        });
    }
    let known = known_codes(province.as_ref(), others.as_deref());
    let mut geometries: BTreeMap<String, (Geometry, usize)> = BTreeMap::new();
    for f in of(Role::Geometry) {
        read_file(f, &mut problems, |c, root| {
            read_geometries(c, root, known.as_ref(), &pfile.path, &mut geometries);
        });
    }

    problems.sort();
    problems.dedup();
    match (province, others) {
        (Some(p), Some(other_provinces)) if problems.is_empty() => {
            let (mappings_read, warnings) = (mappings.rows, std::mem::take(&mut mappings.warnings));
            Ok(Places {
                province: p.unit,
                communes: p.communes,
                other_provinces,
                former: mappings.into_former(),
                mappings: mappings_read,
                geometries: geometries.into_values().map(|(g, _)| g).collect(),
                files: used.iter().map(|f| f.path.clone()).collect(),
                warnings,
            })
        }
        _ => {
            debug_assert!(!problems.is_empty(), "a file failed without a problem");
            Err(Error::Invalid(problems))
        }
    }
}

/// The one file of `found`, or a folder error naming `what` is missing or repeated.
fn only_one<'f>(folder: &str, found: &[&'f PlaceFile], what: &str) -> Result<&'f PlaceFile> {
    if let [one] = found {
        return Ok(one);
    }
    let names: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
    Err(Error::Folder {
        folder: folder.to_owned(),
        reason: if names.is_empty() {
            format!("no {what}")
        } else {
            format!("more than one {what}: {}", names.join(", "))
        },
    })
}

/// Parses `f` and reads its tree with `read`, its problems going to `problems`; `None` when
/// the file is not JSON.
fn read_file<T>(
    f: &PlaceFile,
    problems: &mut Vec<Problem>,
    read: impl FnOnce(&mut Check<'_>, &Node) -> T,
) -> Option<T> {
    let root = tree(f, problems)?;
    Some(read(
        &mut Check {
            file: &f.path,
            problems,
        },
        &root,
    ))
}

/// The codes a boundary may be for; `None` when the province file or the national list
/// could not be read, so that a boundary is not also reported for a code those files would
/// have defined.
fn known_codes<'p>(
    province: Option<&'p ProvinceRecord>,
    others: Option<&'p [AdminUnit]>,
) -> Option<BTreeSet<&'p str>> {
    let (p, o) = province.zip(others)?;
    Some(
        std::iter::once(p.unit.code.as_str())
            .chain(p.communes.iter().map(|c| c.code.as_str()))
            .chain(o.iter().map(|u| u.code.as_str()))
            .collect(),
    )
}

/// Decodes and parses one file; a problem when it is not UTF-8 JSON.
fn tree(f: &PlaceFile, problems: &mut Vec<Problem>) -> Option<Node> {
    let problem = |line: usize, field: &str, reason: String| Problem {
        file: f.path.clone(),
        line,
        field: field.to_owned(),
        reason,
    };
    let text = match crate::read::decode(&f.path, &f.bytes) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let text = text.as_str();
    if text.trim().is_empty() {
        problems.push(problem(1, "json", "the file is empty".to_owned()));
        return None;
    }
    match json::parse(text) {
        Ok(node) => Some(node),
        Err(e) => {
            problems.push(problem(
                e.line,
                "json",
                format!("{} (column {})", e.message, e.column),
            ));
            None
        }
    }
}

/// The field name of member `key` of the value at `path`.
fn member_path(path: &str, key: &str) -> String {
    if path == "$" {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The field name of item `i` of the array at `path`.
fn item_path(path: &str, i: usize) -> String {
    if path == "$" {
        format!("[{i}]")
    } else {
        format!("{path}[{i}]")
    }
}

/// "line 12" in the same file, "other.json:12" in another.
fn place_of(file: &str, line: usize, here: &str) -> String {
    if file == here {
        format!("line {line}")
    } else {
        format!("{file}:{line}")
    }
}

/// Where problems of one file go.
struct Check<'a> {
    file: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Check<'_> {
    fn problem(&mut self, line: usize, field: &str, reason: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            field: field.to_owned(),
            reason: reason.into(),
        });
    }

    fn object(&mut self, node: &Node, path: &str) -> Option<()> {
        if matches!(node.value, Value::Object(_)) {
            Some(())
        } else {
            self.problem(
                node.line,
                path,
                format!("expected an object, found {}", node.kind()),
            );
            None
        }
    }

    fn array<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [Node]> {
        if let Value::Array(items) = &node.value {
            Some(items)
        } else {
            self.problem(
                node.line,
                path,
                format!("expected an array, found {}", node.kind()),
            );
            None
        }
    }

    /// Member `key` of the object `obj` at `path`; "missing" on the object's line if absent.
    fn member<'n>(&mut self, obj: &'n Node, path: &str, key: &str) -> Option<&'n Node> {
        let m = obj.get(key);
        if m.is_none() {
            self.problem(obj.line, &member_path(path, key), "missing");
        }
        m
    }

    /// A required, non-empty string member, trimmed and in NFC, with its line.
    fn text(&mut self, obj: &Node, path: &str, key: &str) -> Option<(String, usize)> {
        let node = self.member(obj, path, key)?;
        let field = member_path(path, key);
        let Value::String(s) = &node.value else {
            self.problem(
                node.line,
                &field,
                format!("expected a string, found {}", node.kind()),
            );
            return None;
        };
        let s: String = s.trim().nfc().collect();
        if s.is_empty() {
            self.problem(node.line, &field, "empty");
            return None;
        }
        Some((s, node.line))
    }

    /// A required code of exactly `digits` ASCII digits, with its line.
    fn code(
        &mut self,
        obj: &Node,
        path: &str,
        key: &str,
        digits: usize,
    ) -> Option<(String, usize)> {
        let (s, line) = self.text(obj, path, key)?;
        if s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()) {
            Some((s, line))
        } else {
            self.problem(
                line,
                &member_path(path, key),
                format!("expected {digits} digits, found {s:?}"),
            );
            None
        }
    }

    /// A full name that starts with a unit type of `level`: the type and the name proper.
    fn typed_name(
        &mut self,
        obj: &Node,
        path: &str,
        key: &str,
        level: Level,
        current: bool,
    ) -> Option<(String, UnitType, String, usize)> {
        let (full, line) = self.text(obj, path, key)?;
        match UnitType::split_name(level, &full).filter(|(t, _)| !current || t.is_current()) {
            Some((t, name)) => Some((full.clone(), t, name.to_owned(), line)),
            None => {
                self.problem(
                    line,
                    &member_path(path, key),
                    format!(
                        "{full:?} does not start with a unit type ({})",
                        UnitType::names_at(level, current)
                    ),
                );
                None
            }
        }
    }
}

/// Where a unit's type is read from.
#[derive(Clone, Copy)]
enum TypeFrom {
    /// A member holding the short name (`AdministrativeUnitShortName`: `Phường`).
    Field(&'static str),
    /// The prefix of `FullName` (`Tỉnh Lào Cai`).
    FullName,
}

/// A unit of today with the fields `Code`, `Name`, `NameEn`, `FullName`, `FullNameEn`, and
/// the line of its code.
fn read_unit(
    c: &mut Check<'_>,
    node: &Node,
    path: &str,
    level: Level,
    from: TypeFrom,
) -> Option<(AdminUnit, usize)> {
    c.object(node, path)?;
    let digits = if level == Level::Province { 2 } else { 5 };
    let code = c.code(node, path, "Code", digits);
    let name = c.text(node, path, "Name");
    let name_en = c.text(node, path, "NameEn");
    let unit_type = match from {
        TypeFrom::Field(key) => {
            let full_name = c.text(node, path, "FullName");
            let short = c.text(node, path, key);
            let t = short.and_then(|(s, line)| {
                let t = UnitType::from_short_name(level, &s).filter(|t| t.is_current());
                if t.is_none() {
                    c.problem(
                        line,
                        &member_path(path, key),
                        format!(
                            "unknown unit type {s:?} (expected {})",
                            UnitType::names_at(level, true)
                        ),
                    );
                }
                t
            });
            full_name.zip(t).map(|((full, _), t)| (full, t))
        }
        TypeFrom::FullName => c
            .typed_name(node, path, "FullName", level, true)
            .map(|(full, t, _, _)| (full, t)),
    };
    let full_name_en = c.text(node, path, "FullNameEn");
    let ((code, line), (full_name, unit_type)) = code.zip(unit_type)?;
    Some((
        AdminUnit {
            code,
            name: name?.0,
            name_en: name_en?.0,
            full_name,
            full_name_en: full_name_en?.0,
            unit_type,
        },
        line,
    ))
}

/// The province file read: the province and its communes.
struct ProvinceRecord {
    unit: AdminUnit,
    communes: Vec<AdminUnit>,
}

fn read_province(c: &mut Check<'_>, root: &Node) -> Option<ProvinceRecord> {
    let unit = read_unit(
        c,
        root,
        "$",
        Level::Province,
        TypeFrom::Field("AdministrativeUnitShortName"),
    )
    .map(|(u, _)| u);
    let wards = c
        .member(root, "$", "Wards")
        .and_then(|w| c.array(w, "Wards"))?;
    let mut communes = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut ok = true;
    for (i, w) in wards.iter().enumerate() {
        let path = item_path("Wards", i);
        if c.object(w, &path).is_none() {
            ok = false;
            continue;
        }
        let commune = read_unit(
            c,
            w,
            &path,
            Level::Commune,
            TypeFrom::Field("AdministrativeUnitShortName"),
        );
        let in_province = c.code(w, &path, "ProvinceCode", 2);
        if let (Some((pc, line)), Some(unit)) = (&in_province, &unit)
            && *pc != unit.code
        {
            c.problem(
                *line,
                &member_path(&path, "ProvinceCode"),
                format!("{pc:?} is not the code of this province ({})", unit.code),
            );
            ok = false;
        }
        let Some((commune, line)) = commune else {
            ok = false;
            continue;
        };
        if let Some(first) = seen.insert(commune.code.clone(), line) {
            c.problem(
                line,
                &member_path(&path, "Code"),
                format!("duplicate code {} (first at line {first})", commune.code),
            );
            ok = false;
        }
        communes.push(commune);
    }
    if wards.is_empty() {
        let line = root.get("Wards").map_or(root.line, |w| w.line);
        c.problem(line, "Wards", "no communes");
        ok = false;
    }
    let unit = unit?;
    ok.then_some(ProvinceRecord { unit, communes })
}

/// The national list: every province but the one of the province file, which is checked
/// against it instead.
fn read_national(
    c: &mut Check<'_>,
    root: &Node,
    province: Option<&ProvinceRecord>,
    province_file: &str,
) -> Vec<AdminUnit> {
    let mut others = Vec::new();
    let Some(items) = c.array(root, "$") else {
        return others;
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut found = false;
    for (i, item) in items.iter().enumerate() {
        let path = item_path("$", i);
        let Some((unit, line)) = read_unit(c, item, &path, Level::Province, TypeFrom::FullName)
        else {
            continue;
        };
        if let Some(first) = seen.insert(unit.code.clone(), line) {
            c.problem(
                line,
                &member_path(&path, "Code"),
                format!("duplicate code {} (first at line {first})", unit.code),
            );
            continue;
        }
        match province {
            Some(p) if p.unit.code == unit.code => {
                found = true;
                check_same_province(c, item, &path, &unit, p, province_file);
            }
            _ => others.push(unit),
        }
    }
    if let Some(p) = province
        && !found
    {
        c.problem(
            root.line,
            "$",
            format!(
                "province {} of {province_file} is not in the list",
                p.unit.code
            ),
        );
    }
    others
}

/// The national list's entry of the province must agree with the province file: same name,
/// same communes.
fn check_same_province(
    c: &mut Check<'_>,
    item: &Node,
    path: &str,
    unit: &AdminUnit,
    p: &ProvinceRecord,
    province_file: &str,
) {
    if unit.name != p.unit.name {
        let line = item.get("Name").map_or(item.line, |n| n.line);
        c.problem(
            line,
            &member_path(path, "Name"),
            format!(
                "{:?} differs from {:?} in {province_file}",
                unit.name, p.unit.name
            ),
        );
    }
    let wards_path = member_path(path, "Wards");
    let Some(wards) = c
        .member(item, path, "Wards")
        .and_then(|w| c.array(w, &wards_path))
    else {
        return;
    };
    let mut listed: BTreeSet<String> = BTreeSet::new();
    for (i, w) in wards.iter().enumerate() {
        let wpath = item_path(&wards_path, i);
        if c.object(w, &wpath).is_none() {
            continue;
        }
        if let Some((code, line)) = c.code(w, &wpath, "Code", 5) {
            if p.communes.iter().all(|k| k.code != code) {
                c.problem(
                    line,
                    &member_path(&wpath, "Code"),
                    format!("commune {code} is not in {province_file}"),
                );
            }
            listed.insert(code);
        }
    }
    let wards_line = item.get("Wards").map_or(item.line, |n| n.line);
    for k in &p.communes {
        if !listed.contains(&k.code) {
            c.problem(
                wards_line,
                &wards_path,
                format!("commune {} of {province_file} is not in the list", k.code),
            );
        }
    }
}

/// Where an entry of the mappings was first seen.
#[derive(Debug, Clone)]
struct Origin {
    file: String,
    line: usize,
}

/// A full name read by [`Check::typed_name`]: the name, its unit type, the name proper and
/// its line.
type TypedName = (String, UnitType, String, usize);

/// The fields of one row of a mappings file, each as far as it could be read.
struct RowFields {
    path: String,
    old_code: Option<(String, usize)>,
    old: Option<TypedName>,
    district: Option<TypedName>,
    old_province: Option<TypedName>,
    new_code: Option<(String, usize)>,
    new_name: Option<(String, usize)>,
    new_province: Option<(String, usize)>,
}

impl RowFields {
    fn read(c: &mut Check<'_>, row: &Node, path: String) -> Self {
        Self {
            old_code: c.code(row, &path, "old_ward_code", 5),
            old: c.typed_name(row, &path, "old_ward_name", Level::Commune, false),
            district: c.typed_name(row, &path, "old_district_name", Level::District, false),
            old_province: c.typed_name(row, &path, "old_province_name", Level::Province, false),
            new_code: c.code(row, &path, "new_ward_code", 5),
            new_name: c.text(row, &path, "new_ward_name"),
            new_province: c.text(row, &path, "new_province_name"),
            path,
        }
    }

    /// The row, if every field it maps with could be read.
    fn complete(self) -> Option<MappingRow> {
        let (
            Some((old_code, code_line)),
            Some(old),
            Some(district),
            Some(province),
            Some((new_code, new_line)),
        ) = (
            self.old_code,
            self.old,
            self.district,
            self.old_province,
            self.new_code,
        )
        else {
            return None;
        };
        Some(MappingRow {
            path: self.path,
            old_code,
            code_line,
            old,
            district,
            province,
            new_code,
            new_line,
        })
    }
}

/// A row of a mappings file with every field it maps with: an old commune of an old district
/// of an old province, and the new commune it became part of.
struct MappingRow {
    path: String,
    old_code: String,
    code_line: usize,
    old: TypedName,
    district: TypedName,
    province: TypedName,
    new_code: String,
    new_line: usize,
}

/// The old-to-new mappings read so far, from one or more files.
#[derive(Default)]
struct Mappings {
    provinces: BTreeMap<String, FormerArea>,
    districts: BTreeMap<String, (FormerArea, Origin)>,
    communes: BTreeMap<String, (FormerArea, Origin)>,
    pairs: BTreeMap<(String, String), Origin>,
    rows: usize,
    warnings: Vec<String>,
}

impl Mappings {
    fn read(
        &mut self,
        c: &mut Check<'_>,
        root: &Node,
        province: Option<&ProvinceRecord>,
        province_file: &str,
    ) {
        let Some(rows) = c.array(root, "$") else {
            return;
        };
        for (i, row) in rows.iter().enumerate() {
            let path = item_path("$", i);
            if c.object(row, &path).is_none() {
                continue;
            }
            let fields = RowFields::read(c, row, path);
            self.rows += 1;
            let Some(p) = province else {
                continue;
            };
            if self.check_new(c, &fields, p, province_file)
                && let Some(row) = fields.complete()
            {
                self.add(c, row, p);
            }
        }
    }

    /// Checks the row's references to the province file; whether its new commune is one.
    fn check_new(
        &mut self,
        c: &mut Check<'_>,
        f: &RowFields,
        p: &ProvinceRecord,
        province_file: &str,
    ) -> bool {
        let mut new_ok = true;
        if let Some((code, line)) = &f.new_code {
            match p.communes.iter().find(|k| k.code == *code) {
                None => {
                    c.problem(
                        *line,
                        &member_path(&f.path, "new_ward_code"),
                        format!(
                            "unknown commune code {code}: not a commune of province {} in {province_file}",
                            p.unit.code
                        ),
                    );
                    new_ok = false;
                }
                Some(k) => {
                    if let Some((name, line)) = &f.new_name
                        && iri::slug(name) != iri::slug(&k.full_name)
                    {
                        self.warnings.push(format!(
                            "{}:{line}: {}: {name:?} is not the name of commune {code} ({:?}); the code is used",
                            c.file,
                            member_path(&f.path, "new_ward_name"),
                            k.full_name
                        ));
                    }
                }
            }
        }
        if let Some((name, line)) = &f.new_province
            && *name != p.unit.name
            && *name != p.unit.full_name
        {
            c.problem(
                *line,
                &member_path(&f.path, "new_province_name"),
                format!(
                    "{name:?} is not the province of {province_file} ({})",
                    p.unit.name
                ),
            );
            new_ok = false;
        }
        new_ok
    }

    /// Adds a row: the pair, and the former province, district and commune it names, each
    /// checked against what earlier rows said of it.
    fn add(&mut self, c: &mut Check<'_>, row: MappingRow, p: &ProvinceRecord) {
        let pair = (row.old_code.clone(), row.new_code.clone());
        if let Some(first) = self.pairs.insert(pair, origin(c, row.new_line)) {
            c.problem(
                row.new_line,
                &member_path(&row.path, "new_ward_code"),
                format!(
                    "duplicate mapping {} → {} (first at {})",
                    row.old_code,
                    row.new_code,
                    place_of(&first.file, first.line, c.file)
                ),
            );
            return;
        }
        let p_key = self.add_province(&row, p);
        if let Some(d_key) = self.add_district(c, &row, p_key) {
            self.add_commune(c, row, d_key);
        }
    }

    /// The former province of the row, which the province of the province file replaced;
    /// its key.
    fn add_province(&mut self, row: &MappingRow, p: &ProvinceRecord) -> String {
        let (p_full, p_type, p_name, _) = &row.province;
        let p_key = iri::slug(p_full);
        let former_province = self
            .provinces
            .entry(p_key.clone())
            .or_insert_with(|| FormerArea {
                key: p_key.clone(),
                level: Level::Province,
                code: None,
                full_name: p_full.clone(),
                name: p_name.clone(),
                unit_type: *p_type,
                parent: None,
                replaced_by: BTreeSet::new(),
                communes: BTreeSet::new(),
            });
        former_province.replaced_by.insert(p.unit.code.clone());
        former_province.communes.insert(row.new_code.clone());
        p_key
    }

    /// The former district of the row, in the province `p_key`; its key, or `None` when a
    /// district of another province has the same key.
    fn add_district(
        &mut self,
        c: &mut Check<'_>,
        row: &MappingRow,
        p_key: String,
    ) -> Option<String> {
        let (d_full, d_type, d_name, d_line) = &row.district;
        let d_key = iri::slug(d_full);
        let (district_area, d_origin) = self.districts.entry(d_key.clone()).or_insert_with(|| {
            (
                FormerArea {
                    key: d_key.clone(),
                    level: Level::District,
                    code: None,
                    full_name: d_full.clone(),
                    name: d_name.clone(),
                    unit_type: *d_type,
                    parent: Some(p_key.clone()),
                    replaced_by: BTreeSet::new(),
                    communes: BTreeSet::new(),
                },
                origin(c, *d_line),
            )
        });
        if district_area.parent.as_deref() != Some(p_key.as_str()) {
            let p_full = &row.province.0;
            c.problem(
                *d_line,
                &member_path(&row.path, "old_district_name"),
                format!(
                    "{d_full:?} of {p_full} has the key {d_key} of a district of another province (first at {}); district keys must be unique",
                    place_of(&d_origin.file, d_origin.line, c.file)
                ),
            );
            return None;
        }
        district_area.communes.insert(row.new_code.clone());
        Some(d_key)
    }

    /// The former commune of the row, in the district `d_key`, unless an earlier row gave
    /// it another name or district.
    fn add_commune(&mut self, c: &mut Check<'_>, row: MappingRow, d_key: String) {
        let (old_full, old_type, old_name, old_line) = row.old;
        let old_code = row.old_code;
        let (commune_area, c_origin) = self.communes.entry(old_code.clone()).or_insert_with(|| {
            (
                FormerArea {
                    key: old_code.clone(),
                    level: Level::Commune,
                    code: Some(old_code.clone()),
                    full_name: old_full.clone(),
                    name: old_name,
                    unit_type: old_type,
                    parent: Some(d_key.clone()),
                    replaced_by: BTreeSet::new(),
                    communes: BTreeSet::new(),
                },
                origin(c, row.code_line),
            )
        });
        if commune_area.full_name != old_full
            || commune_area.parent.as_deref() != Some(d_key.as_str())
        {
            let (line, field) = if commune_area.full_name != old_full {
                (old_line, "old_ward_name")
            } else {
                (row.district.3, "old_district_name")
            };
            let d_full = &row.district.0;
            c.problem(
                line,
                &member_path(&row.path, field),
                format!(
                    "old commune {old_code} is {:?} of {} at {}, not {old_full:?} of {d_full}",
                    commune_area.full_name,
                    self.districts
                        .get(commune_area.parent.as_deref().unwrap_or_default())
                        .map_or("?", |(d, _)| d.full_name.as_str()),
                    place_of(&c_origin.file, c_origin.line, c.file)
                ),
            );
            return;
        }
        commune_area.replaced_by.insert(row.new_code.clone());
        commune_area.communes.insert(row.new_code);
    }

    /// Former provinces, districts and communes, each sorted by key.
    fn into_former(self) -> Vec<FormerArea> {
        let mut all: Vec<FormerArea> = self.provinces.into_values().collect();
        all.extend(self.districts.into_values().map(|(a, _)| a));
        all.extend(self.communes.into_values().map(|(a, _)| a));
        all
    }
}

/// Where an entry is seen: `line` of the file `c` checks.
fn origin(c: &Check<'_>, line: usize) -> Origin {
    Origin {
        file: c.file.to_owned(),
        line,
    }
}

/// The features of one GeoJSON file, as WKT keyed by code.
fn read_geometries(
    c: &mut Check<'_>,
    root: &Node,
    known: Option<&BTreeSet<&str>>,
    province_file: &str,
    out: &mut BTreeMap<String, (Geometry, usize)>,
) {
    if c.object(root, "$").is_none() {
        return;
    }
    let kind = c.text(root, "$", "type");
    let features = c
        .member(root, "$", "features")
        .and_then(|f| c.array(f, "features"));
    if let Some((kind, line)) = kind
        && kind != "FeatureCollection"
    {
        c.problem(
            line,
            "type",
            format!("expected \"FeatureCollection\", found {kind:?}"),
        );
        return;
    }
    for (i, f) in features.unwrap_or_default().iter().enumerate() {
        let path = item_path("features", i);
        if let Some((code, wkt, line)) = read_feature(c, f, &path, known, province_file) {
            let file = c.file.to_owned();
            if let Some((first, first_line)) = out.get(&code) {
                c.problem(
                    line,
                    &member_path(&path, "properties.code"),
                    format!(
                        "a second boundary for {code} (first at {})",
                        place_of(&first.file, *first_line, c.file)
                    ),
                );
                continue;
            }
            out.insert(code.clone(), (Geometry { code, wkt, file }, line));
        }
    }
}

/// One feature: its place code, its geometry as WKT and the line of the code.
fn read_feature(
    c: &mut Check<'_>,
    f: &Node,
    path: &str,
    known: Option<&BTreeSet<&str>>,
    province_file: &str,
) -> Option<(String, String, usize)> {
    c.object(f, path)?;
    let (kind, kind_line) = c.text(f, path, "type")?;
    if kind != "Feature" {
        c.problem(
            kind_line,
            &member_path(path, "type"),
            format!("expected \"Feature\", found {kind:?}"),
        );
        return None;
    }
    let props_path = member_path(path, "properties");
    let props = c.member(f, path, "properties")?;
    c.object(props, &props_path)?;
    let (code, code_line) = c.text(props, &props_path, "code")?;
    if known.is_some_and(|k| !k.contains(code.as_str())) {
        c.problem(
            code_line,
            &member_path(&props_path, "code"),
            format!(
                "unknown place code {code:?}: not the province of {province_file}, one of its communes or another province of the national list"
            ),
        );
        return None;
    }
    let geom_path = member_path(path, "geometry");
    let geom = c.member(f, path, "geometry")?;
    c.object(geom, &geom_path)?;
    let (gtype, gline) = c.text(geom, &geom_path, "type")?;
    let coords_path = member_path(&geom_path, "coordinates");
    let coords = c.member(geom, &geom_path, "coordinates")?;
    let wkt = match gtype.as_str() {
        "Polygon" => format!("POLYGON {}", polygon(c, coords, &coords_path)?),
        "MultiPolygon" => {
            let polygons = c.array(coords, &coords_path)?;
            if polygons.is_empty() {
                c.problem(coords.line, &coords_path, "no polygons");
                return None;
            }
            let mut parts = Vec::with_capacity(polygons.len());
            for (i, p) in polygons.iter().enumerate() {
                parts.push(polygon(c, p, &item_path(&coords_path, i))?);
            }
            format!("MULTIPOLYGON ({})", parts.join(", "))
        }
        other => {
            c.problem(
                gline,
                &member_path(&geom_path, "type"),
                format!("expected \"Polygon\" or \"MultiPolygon\", found {other:?}"),
            );
            return None;
        }
    };
    Some((code, wkt, code_line))
}

/// A polygon's rings as WKT: `((x y, …), (x y, …))`. Stops at the first problem.
fn polygon(c: &mut Check<'_>, node: &Node, path: &str) -> Option<String> {
    let rings = c.array(node, path)?;
    if rings.is_empty() {
        c.problem(node.line, path, "a polygon needs at least one ring");
        return None;
    }
    let mut out = Vec::with_capacity(rings.len());
    for (i, r) in rings.iter().enumerate() {
        let rpath = item_path(path, i);
        let positions = c.array(r, &rpath)?;
        if positions.len() < 4 {
            c.problem(
                r.line,
                &rpath,
                format!(
                    "a ring needs at least 4 positions, found {}",
                    positions.len()
                ),
            );
            return None;
        }
        let mut points = Vec::with_capacity(positions.len());
        for (j, p) in positions.iter().enumerate() {
            points.push(position(c, p, &item_path(&rpath, j))?);
        }
        let (first, last) = (&points[0], &points[points.len() - 1]);
        if (first.1, first.3) != (last.1, last.3) {
            c.problem(
                r.line,
                &rpath,
                "the ring is not closed: its last position differs from its first",
            );
            return None;
        }
        let text: Vec<String> = points
            .iter()
            .map(|(x, _, y, _)| format!("{x} {y}"))
            .collect();
        out.push(format!("({})", text.join(", ")));
    }
    Some(format!("({})", out.join(", ")))
}

/// A position `[longitude, latitude]`: the numbers as written and as values.
fn position(c: &mut Check<'_>, node: &Node, path: &str) -> Option<(String, f64, String, f64)> {
    let items = c.array(node, path)?;
    let numbers: Vec<(&str, f64)> = items
        .iter()
        .filter_map(|n| match &n.value {
            Value::Number(t) => t.parse::<f64>().ok().map(|v| (t.as_str(), v)),
            _ => None,
        })
        .collect();
    if items.len() != 2 {
        c.problem(
            node.line,
            path,
            format!(
                "expected [longitude, latitude], found {} values",
                items.len()
            ),
        );
        return None;
    }
    if numbers.len() != 2 {
        c.problem(
            node.line,
            path,
            "expected [longitude, latitude] as two numbers",
        );
        return None;
    }
    let ((x, lon), (y, lat)) = (numbers[0], numbers[1]);
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        c.problem(
            node.line,
            path,
            format!("({x}, {y}) is not a longitude and latitude in degrees"),
        );
        return None;
    }
    Some((x.to_owned(), lon, y.to_owned(), lat))
}
