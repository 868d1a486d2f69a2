//! `plants.csv`, the medicinal-plant taxa, and its companion `accessions.csv`.

use super::enterprises::{concept_links, mixing, split};
use super::fields::{self, Check};
use super::table::{Column, Row, Table, opt, req};
use super::{Ctx, Gazetteer, Out};
use crate::plan::date_literal;
use biokg_ontology::{dcterms, dwc, iri, lcb, skos};
use oxrdf::vocab::rdfs;
use std::collections::BTreeMap;

pub(crate) const FORMAT: &[Column] = &[
    req("id"),
    req("scientific_name"),
    opt("authorship"),
    req("taxon_rank"),
    opt("family"),
    req("vernacular_vi"),
    opt("vernacular_variants").list(),
    opt("synonyms").list(),
    opt("local_names").list(),
    opt("english_name").list(),
    opt("decree84_group"),
    opt("red_list"),
    opt("where_grown").list(),
    opt("former_districts").list(),
    opt("conserved_at").list(),
    opt("lao_cai_relevance"),
    req("name_source"),
    opt("status_source"),
    opt("relevance_source"),
    opt("notes"),
    req("illustrative").boolean(),
];

const ACCESSION_FORMAT: &[Column] = &[
    req("accession_id"),
    req("species_id"),
    req("holder_id"),
    req("material"),
    opt("date"),
    opt("quantity"),
    opt("collected_in"),
    opt("notes"),
    req("source").list(),
    req("illustrative").boolean(),
];

fn is_accession_id(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
}

pub(crate) fn read(ctx: &mut Ctx<'_>, out: &mut Out) -> Vec<(String, usize)> {
    let main = ctx.files.main.clone();
    let Some(t) = ctx.table(&main, FORMAT) else {
        return Vec::new();
    };
    let mut labs = ctx.known.labs.clone();
    if let Some(l) = ctx.peek("labs", super::labs::FORMAT) {
        labs.extend(super::enterprises::ids(&l));
    }
    let gaz = ctx.gaz;
    let file = t.file.clone();
    let mut c = ctx.check(&file);
    let mut seen = Seen::default();
    for row in &t.rows {
        check_row(&mut c, gaz, &labs, &t, row, &mut seen);
    }
    let ok = c.problems.is_empty();
    let taxa: BTreeMap<String, String> = t
        .rows
        .iter()
        .map(|r| {
            (
                t.get(r, "id").to_owned(),
                t.get(r, "scientific_name").to_owned(),
            )
        })
        .chain(ctx.known.taxa.clone())
        .collect();
    if ok {
        for row in &t.rows {
            write_row(out, &t, row);
        }
    }
    let accessions = accessions(ctx, out, &AccessionRefs::new(&taxa, &labs));
    vec![
        ("taxa".into(), if ok { t.rows.len() } else { 0 }),
        ("accessions".into(), accessions),
    ]
}

/// The first line of each id and of each scientific name, for repeats.
#[derive(Default)]
struct Seen<'t> {
    ids: BTreeMap<&'t str, usize>,
    names: BTreeMap<&'t str, usize>,
}

/// Checks one row, recording its problems.
fn check_row<'t>(
    c: &mut Check<'_>,
    gaz: &Gazetteer,
    labs: &BTreeMap<String, bool>,
    t: &'t Table,
    row: &'t Row,
    seen: &mut Seen<'t>,
) {
    let get = |col: &str| t.get(row, col);
    let at = |col: &str| t.line(row, col);
    let id = c.row_id(&mut seen.ids, at("id"), get("id"));
    let name = c.required(
        at("scientific_name"),
        "scientific_name",
        get("scientific_name"),
    );
    if let (Some(id), Some(name)) = (id, name) {
        let expected = iri::slug(name);
        if id != expected {
            c.fail(
                at("id"),
                "id",
                format!("{id:?} is not the slug of scientific_name {name:?} ({expected:?})"),
            );
        }
    }
    if let Some(name) = name {
        c.unique(
            &mut seen.names,
            at("scientific_name"),
            "scientific_name",
            "scientific name",
            name,
        );
    }
    c.required(at("taxon_rank"), "taxon_rank", get("taxon_rank"))
        .and_then(|v| c.concept(at("taxon_rank"), "taxon_rank", "taxon-rank", v));
    c.required(at("vernacular_vi"), "vernacular_vi", get("vernacular_vi"));
    for col in [
        "vernacular_variants",
        "synonyms",
        "local_names",
        "english_name",
    ] {
        c.list(at(col), col, get(col));
    }
    if !get("decree84_group").is_empty() {
        c.concept(
            at("decree84_group"),
            "decree84_group",
            "decree84-group",
            get("decree84_group"),
        );
    }
    if !get("red_list").is_empty() {
        c.concept(at("red_list"), "red_list", "red-list", get("red_list"));
    }
    c.communes(gaz, at("where_grown"), "where_grown", get("where_grown"));
    c.former_districts(
        gaz,
        at("former_districts"),
        "former_districts",
        get("former_districts"),
    );
    for lab in c.list(at("conserved_at"), "conserved_at", get("conserved_at")) {
        if !labs.contains_key(lab) {
            c.fail(
                at("conserved_at"),
                "conserved_at",
                format!("{lab:?} is not an id in labs.csv"),
            );
        }
    }
    c.required(at("name_source"), "name_source", get("name_source"));
    c.boolean(at("illustrative"), "illustrative", get("illustrative"));
}

/// The quads of one checked taxon.
fn write_row(out: &mut Out, t: &Table, row: &Row) {
    let get = |col: &str| t.get(row, col);
    let id = get("id");
    let s = iri::taxon(id);
    let srcs: Vec<&str> = ["name_source", "status_source", "relevance_source"]
        .iter()
        .map(|c| get(c))
        .filter(|v| !v.is_empty())
        .collect();
    out.entity(
        &s,
        &[dwc::TAXON],
        row.line,
        id,
        &srcs,
        get("illustrative") == "true",
    );
    out.vi(&s, rdfs::LABEL, get("vernacular_vi"));
    out.vi(&s, dwc::VERNACULAR_NAME, get("vernacular_vi"));
    for v in split(get("vernacular_variants")) {
        out.vi(&s, dwc::VERNACULAR_NAME, v);
        out.vi(&s, skos::ALT_LABEL, v);
    }
    for (i, en) in split(get("english_name")).enumerate() {
        if i == 0 {
            out.en(&s, rdfs::LABEL, en);
        }
        out.en(&s, dwc::VERNACULAR_NAME, en);
    }
    out.string(&s, dwc::SCIENTIFIC_NAME, get("scientific_name"));
    out.string(&s, dwc::SCIENTIFIC_NAME_AUTHORSHIP, get("authorship"));
    out.string(&s, dwc::TAXON_RANK, get("taxon_rank"));
    concept_links(out, &s, lcb::TAXON_RANK, "taxon-rank", get("taxon_rank"));
    out.string(&s, dwc::FAMILY, get("family"));
    for syn in split(get("synonyms")) {
        out.string(&s, lcb::SYNONYM, syn);
    }
    // Plain strings: the column does not say which language a name is in, and a
    // language tag (`hnj`, `ium`) would be a guess (ontology/README.md, lcb:localName).
    for local in split(get("local_names")) {
        out.string(&s, lcb::LOCAL_NAME, local);
    }
    concept_links(
        out,
        &s,
        lcb::DECREE84_GROUP,
        "decree84-group",
        get("decree84_group"),
    );
    concept_links(out, &s, lcb::RED_LIST_CATEGORY, "red-list", get("red_list"));
    for code in split(get("where_grown")) {
        out.link(&s, lcb::GROWN_IN, iri::place(code));
    }
    for key in split(get("former_districts")) {
        out.link(&s, lcb::FORMER_DISTRICT, iri::historical_area(key));
    }
    for lab in split(get("conserved_at")) {
        out.link(&s, lcb::CONSERVED_AT, iri::org(lab));
    }
    out.vi(&s, lcb::LAO_CAI_RELEVANCE, get("lao_cai_relevance"));
    out.string(&s, lcb::NAME_SOURCE, get("name_source"));
    out.string(&s, lcb::STATUS_SOURCE, get("status_source"));
    out.string(&s, lcb::RELEVANCE_SOURCE, get("relevance_source"));
    out.notes(&s, get("notes"));
}

/// What the rows of `accessions.csv` refer to: the plants and the labs that hold them.
struct AccessionRefs<'a> {
    /// The plants' scientific names by plant id.
    taxa: &'a BTreeMap<String, String>,
    /// The plants' ids by scientific name.
    by_name: BTreeMap<&'a str, &'a str>,
    /// The labs, with whether each is illustrative.
    labs: &'a BTreeMap<String, bool>,
}

impl<'a> AccessionRefs<'a> {
    fn new(taxa: &'a BTreeMap<String, String>, labs: &'a BTreeMap<String, bool>) -> Self {
        Self {
            taxa,
            by_name: taxa.iter().map(|(k, v)| (v.as_str(), k.as_str())).collect(),
            labs,
        }
    }

    /// `species_id` is the id of a plant.
    fn check_species(&self, c: &mut Check<'_>, line: usize, species: Option<&str>) {
        let Some(sp) = species.filter(|sp| !self.taxa.contains_key(*sp)) else {
            return;
        };
        let hint = match self.by_name.get(sp) {
            Some(id) => format!(" (use the id, e.g. {id:?})"),
            None => String::new(),
        };
        c.fail(
            line,
            "species_id",
            format!("{sp:?} is not an id in plants.csv{hint}"),
        );
    }

    /// `holder_id` is the id of a lab, illustrative if the accession is.
    fn check_holder(
        &self,
        c: &mut Check<'_>,
        line: usize,
        holder: Option<&str>,
        illustrative: Option<bool>,
    ) {
        let Some(h) = holder else {
            return;
        };
        match self.labs.get(h) {
            Some(b) => {
                if let Some(a) = illustrative {
                    mixing(c, line, "holder_id", a, h, *b);
                }
            }
            None => c.fail(line, "holder_id", format!("{h:?} is not an id in labs.csv")),
        }
    }
}

/// Reads `accessions.csv`, if the folder has it; the number of accessions.
fn accessions(ctx: &mut Ctx<'_>, out: &mut Out, refs: &AccessionRefs<'_>) -> usize {
    let Some(file) = ctx.files.companion("accessions").cloned() else {
        return 0;
    };
    let Some(t) = ctx.table(&file, ACCESSION_FORMAT) else {
        return 0;
    };
    check_accessions(ctx, &file.name, &t, refs);
    if !ctx.problems.is_empty() {
        return 0;
    }
    for row in &t.rows {
        emit_accession(out, &t, row);
    }
    t.rows.len()
}

fn check_accessions(ctx: &mut Ctx<'_>, file: &str, t: &Table, refs: &AccessionRefs<'_>) {
    let gaz = ctx.gaz;
    let mut c = ctx.check(file);
    let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &t.rows {
        let get = |col: &str| t.get(row, col);
        let at = |col: &str| t.line(row, col);
        let acc = c.required(at("accession_id"), "accession_id", get("accession_id"));
        if let Some(acc) = acc {
            if !is_accession_id(acc) {
                c.fail(
                    at("accession_id"),
                    "accession_id",
                    format!("{acc:?} is not an accession number (letters, digits, \".\", \"_\", \"/\", \"-\")"),
                );
            } else {
                c.unique(
                    &mut first_line,
                    at("accession_id"),
                    "accession_id",
                    "accession",
                    acc,
                );
            }
        }
        let species = c.required(at("species_id"), "species_id", get("species_id"));
        refs.check_species(&mut c, at("species_id"), species);
        let illustrative = c.boolean(at("illustrative"), "illustrative", get("illustrative"));
        let holder = c.required(at("holder_id"), "holder_id", get("holder_id"));
        refs.check_holder(&mut c, at("holder_id"), holder, illustrative);
        c.required(at("material"), "material", get("material"))
            .and_then(|v| c.concept(at("material"), "material", "material", v));
        c.date(at("date"), "date", get("date"));
        c.commune(gaz, at("collected_in"), "collected_in", get("collected_in"));
        c.required(at("source"), "source", get("source"));
    }
}

fn emit_accession(out: &mut Out, t: &Table, row: &Row) {
    let get = |col: &str| t.get(row, col);
    let acc = get("accession_id");
    let holder = get("holder_id");
    let s = iri::accession(holder, acc);
    out.entity(
        &s,
        &[lcb::ACCESSION, dwc::MATERIAL_SAMPLE],
        row.line,
        acc,
        &super::sources(get("source")),
        get("illustrative") == "true",
    );
    // The number alone: the taxon's names belong to the taxon, which must rank first for
    // them; the accession's text carries them through its species link.
    out.vi(&s, rdfs::LABEL, acc);
    out.string(&s, dwc::CATALOG_NUMBER, acc);
    out.link(&s, lcb::SPECIES, iri::taxon(get("species_id")));
    out.link(&s, lcb::HELD_BY, iri::org(holder));
    concept_links(out, &s, lcb::MATERIAL, "material", get("material"));
    if let Ok(d) = fields::parse_date(get("date")) {
        out.g.add(&s, dcterms::DATE, date_literal(&d));
    }
    out.string(&s, lcb::QUANTITY, get("quantity"));
    if !get("collected_in").is_empty() {
        out.link(&s, lcb::COLLECTED_IN, iri::place(get("collected_in")));
    }
    out.notes(&s, get("notes"));
}
