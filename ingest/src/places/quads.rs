//! Places onto the ontology: administrative areas, GeoSPARQL boundaries, historical areas and
//! the old-to-new links, every entity derived from the folder's source entity.

use super::model::{AdminUnit, FormerArea, Places, UnitType};
use super::read::REFORM_DATE;
use crate::source::{Sink, SourceFile};
use biokg_ontology::{dcterms, geo, iri, lcb, prov, schema, skos};
use oxrdf::vocab::{rdfs, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Quad};

fn unit_type(t: UnitType) -> NamedNodeRef<'static> {
    match t {
        UnitType::Province => lcb::UNITTYPE_PROVINCE,
        UnitType::City => lcb::UNITTYPE_CITY,
        UnitType::Commune => lcb::UNITTYPE_COMMUNE,
        UnitType::Ward => lcb::UNITTYPE_WARD,
        UnitType::SpecialZone => lcb::UNITTYPE_SPECIAL_ZONE,
        UnitType::District => lcb::UNITTYPE_DISTRICT,
        UnitType::UrbanDistrict => lcb::UNITTYPE_URBAN_DISTRICT,
        UnitType::Town => lcb::UNITTYPE_TOWN,
        UnitType::ProvincialCity => lcb::UNITTYPE_PROVINCIAL_CITY,
        UnitType::Township => lcb::UNITTYPE_TOWNSHIP,
    }
}

fn en(g: &mut Sink, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
    g.add(
        s,
        p,
        Literal::new_language_tagged_literal_unchecked(text, "en"),
    );
}

/// The names, code and kind every unit of today has.
fn unit_quads(g: &mut Sink, node: &NamedNode, u: &AdminUnit, class: NamedNodeRef<'_>) {
    g.typed(node, &[class, schema::ADMINISTRATIVE_AREA, geo::FEATURE]);
    g.vi(node, rdfs::LABEL, &u.full_name);
    en(g, node, rdfs::LABEL, &u.full_name_en);
    g.vi(node, skos::ALT_LABEL, &u.name);
    en(g, node, skos::ALT_LABEL, &u.name_en);
    g.string(node, dcterms::IDENTIFIER, &u.code);
    g.add(node, lcb::UNIT_TYPE, unit_type(u.unit_type).into_owned());
}

fn former_iri(key: &str) -> NamedNode {
    iri::historical_area(key)
}

/// The quads of validated places, all in the source's named graph.
pub(crate) fn places_quads(places: &Places, source: &SourceFile) -> Vec<Quad> {
    let src = source.entity();
    // The source: the folder, with the files read.
    let mut g = Sink::for_source_as(source, &source.file_name, &places.files);

    // The province and its communes.
    let province = iri::place(&places.province.code);
    unit_quads(&mut g, &province, &places.province, lcb::PROVINCE);
    g.add(&province, prov::WAS_DERIVED_FROM, src.clone());
    for c in &places.communes {
        let node = iri::place(&c.code);
        unit_quads(&mut g, &node, c, lcb::COMMUNE);
        g.add(&node, schema::CONTAINED_IN_PLACE, province.clone());
        g.add(&province, schema::CONTAINS_PLACE, node.clone());
        g.add(&node, prov::WAS_DERIVED_FROM, src.clone());
    }

    // The other provinces, as light nodes.
    for p in &places.other_provinces {
        let node = iri::place(&p.code);
        unit_quads(&mut g, &node, p, lcb::PROVINCE);
        g.add(&node, prov::WAS_DERIVED_FROM, src.clone());
    }

    // Boundaries.
    for geom in &places.geometries {
        let feature = iri::place(&geom.code);
        let node = iri::place_geometry(&geom.code);
        g.typed(&node, &[geo::GEOMETRY]);
        g.add(&feature, geo::HAS_GEOMETRY, node.clone());
        g.add(
            &node,
            geo::AS_WKT,
            Literal::new_typed_literal(geom.wkt.as_str(), geo::WKT_LITERAL),
        );
        g.add(&node, prov::WAS_DERIVED_FROM, src.clone());
    }

    // The units abolished on 1 July 2025 and where they went.
    let abolished = Literal::new_typed_literal(REFORM_DATE, xsd::DATE);
    for f in &places.former {
        former_quads(&mut g, f, &abolished);
        let node = former_iri(&f.key);
        g.add(&node, prov::WAS_DERIVED_FROM, src.clone());
    }
    g.quads
}

fn former_quads(g: &mut Sink, f: &FormerArea, abolished: &Literal) {
    let node = former_iri(&f.key);
    g.typed(
        &node,
        &[
            lcb::HISTORICAL_AREA,
            schema::ADMINISTRATIVE_AREA,
            geo::FEATURE,
        ],
    );
    g.vi(&node, rdfs::LABEL, &f.full_name);
    g.vi(&node, skos::ALT_LABEL, &f.name);
    if let Some(code) = &f.code {
        g.string(&node, dcterms::IDENTIFIER, code);
    }
    g.add(&node, lcb::UNIT_TYPE, unit_type(f.unit_type).into_owned());
    g.add(&node, lcb::ABOLISHED_ON, abolished.clone());
    if let Some(parent) = &f.parent {
        let parent = former_iri(parent);
        g.add(&node, schema::CONTAINED_IN_PLACE, parent.clone());
        g.add(&parent, schema::CONTAINS_PLACE, node.clone());
    }
    // A district's level was abolished, not replaced: its `replaced_by` is empty.
    for code in &f.replaced_by {
        let new = iri::place(code);
        g.add(&node, dcterms::IS_REPLACED_BY, new.clone());
        g.add(&new, dcterms::REPLACES, node.clone());
    }
    for code in &f.communes {
        let commune = iri::place(code);
        g.add(&node, lcb::INCLUDES_COMMUNE, commune.clone());
        g.add(&commune, lcb::FORMER_AREA, node.clone());
    }
}
