//! `labs.csv`: laboratories and research centres.

use super::enterprises::{concept_links, ids, mixing, split};
use super::fields::Check;
use super::table::{Column, Row, Table, opt, req};
use super::{Ctx, Gazetteer, Out, sources};
use biokg_ontology::{iri, lcb, org, schema, skos};
use oxrdf::vocab::rdfs;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const FORMAT: &[Column] = &[
    req("id"),
    req("name"),
    opt("alt_names").list(),
    opt("host_org_id"),
    opt("address"),
    opt("commune_code"),
    opt("former_districts").list(),
    opt("biosafety_level"),
    opt("capabilities").list(),
    opt("sectors").list(),
    opt("accreditation"),
    opt("accreditation_id"),
    opt("contact_phone"),
    opt("email"),
    opt("website"),
    opt("notes"),
    req("source").list(),
    req("illustrative").boolean(),
];

/// `VILAS` and 3 or 4 digits.
fn is_vilas(v: &str) -> bool {
    v.strip_prefix("VILAS ")
        .is_some_and(|n| (3..=4).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What a labs file's rows may refer to.
struct Refs {
    /// Organisations of `enterprises.csv` beside the file (id → name, illustrative, line): a
    /// lab with one of their ids is the same organisation and must agree on its name and
    /// illustrative flag.
    enterprises: BTreeMap<String, (String, bool, usize)>,
    /// Every organisation id a host may be (id → illustrative).
    orgs: BTreeMap<String, bool>,
    /// The plans' agency keys, which a host may also be.
    agencies: BTreeSet<String>,
}

impl Refs {
    fn new(ctx: &Ctx<'_>, t: &Table) -> Self {
        let mut enterprises: BTreeMap<String, (String, bool, usize)> = BTreeMap::new();
        if let Some(e) = ctx.peek("enterprises", super::enterprises::FORMAT) {
            for r in &e.rows {
                enterprises.insert(
                    e.get(r, "id").to_owned(),
                    (
                        e.get(r, "name").to_owned(),
                        e.get(r, "illustrative") == "true",
                        r.line,
                    ),
                );
            }
        }
        let mut orgs = ctx.known.orgs.clone();
        orgs.extend(enterprises.iter().map(|(k, v)| (k.clone(), v.1)));
        orgs.extend(ids(t));
        Refs {
            enterprises,
            orgs,
            agencies: ctx.known.agencies.clone(),
        }
    }
}

pub(crate) fn read(ctx: &mut Ctx<'_>, out: &mut Out) -> Vec<(String, usize)> {
    let main = ctx.files.main.clone();
    let Some(t) = ctx.table(&main, FORMAT) else {
        return Vec::new();
    };
    let refs = Refs::new(ctx, &t);
    let gaz = ctx.gaz;
    let file = t.file.clone();
    let mut c = ctx.check(&file);
    let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &t.rows {
        check_row(&mut c, gaz, &refs, &t, row, &mut first_line);
    }
    if !c.problems.is_empty() {
        return Vec::new();
    }
    for row in &t.rows {
        write_row(out, &refs, &t, row);
    }
    vec![("labs".into(), t.rows.len())]
}

/// Checks one row, recording its problems.
fn check_row<'t>(
    c: &mut Check<'_>,
    gaz: &Gazetteer,
    refs: &Refs,
    t: &'t Table,
    row: &'t Row,
    first_line: &mut BTreeMap<&'t str, usize>,
) {
    let get = |col: &str| t.get(row, col);
    let at = |col: &str| t.line(row, col);
    let id = c.row_id(first_line, at("id"), get("id"));
    let name = c.required(at("name"), "name", get("name"));
    c.list(at("alt_names"), "alt_names", get("alt_names"));
    let illustrative = c.boolean(at("illustrative"), "illustrative", get("illustrative"));
    if let (Some(id), Some(name), Some(ill)) = (id, name, illustrative)
        && let Some((e_name, e_ill, e_line)) = refs.enterprises.get(id)
    {
        if e_name != name {
            c.fail(
                    at("name"),
                    "name",
                    format!(
                        "{name:?} differs from the name of the same id in enterprises.csv (line {e_line}: {e_name:?})"
                    ),
                );
        }
        if *e_ill != ill {
            c.fail(
                at("illustrative"),
                "illustrative",
                format!(
                    "{ill} differs from the same id in enterprises.csv (line {e_line}: {e_ill})"
                ),
            );
        }
    }
    check_host(c, refs, t, row, id, illustrative);
    c.commune(gaz, at("commune_code"), "commune_code", get("commune_code"));
    c.former_districts(
        gaz,
        at("former_districts"),
        "former_districts",
        get("former_districts"),
    );
    if !get("biosafety_level").is_empty() {
        c.concept(
            at("biosafety_level"),
            "biosafety_level",
            "biosafety-level",
            get("biosafety_level"),
        );
    }
    c.concepts(
        at("capabilities"),
        "capabilities",
        "lab-capability",
        get("capabilities"),
    );
    c.concepts(at("sectors"), "sectors", "sector", get("sectors"));
    check_accreditation(c, t, row);
    c.phone(at("contact_phone"), "contact_phone", get("contact_phone"));
    c.email(at("email"), "email", get("email"));
    c.url(at("website"), "website", get("website"));
    c.required(at("source"), "source", get("source"));
}

/// The host organisation: an organisation other than the lab, or an agency of the plans.
fn check_host(
    c: &mut Check<'_>,
    refs: &Refs,
    t: &Table,
    row: &Row,
    id: Option<&str>,
    illustrative: Option<bool>,
) {
    let at = |col: &str| t.line(row, col);
    let host = t.get(row, "host_org_id");
    if !host.is_empty() {
        if let Some(b) = refs.orgs.get(host) {
            if Some(host) == id {
                c.fail(
                    at("host_org_id"),
                    "host_org_id",
                    "a lab is not its own host",
                );
            } else if let Some(a) = illustrative {
                mixing(c, at("host_org_id"), "host_org_id", a, host, *b);
            }
        } else if !refs.agencies.contains(host) {
            c.fail(
                at("host_org_id"),
                "host_org_id",
                format!("{host:?} is not an id in enterprises.csv or an agency of the plan"),
            );
        }
    }
}

/// A VILAS accreditation number, with the accreditation it is for.
fn check_accreditation(c: &mut Check<'_>, t: &Table, row: &Row) {
    let get = |col: &str| t.get(row, col);
    let at = |col: &str| t.line(row, col);
    let acc_id = get("accreditation_id");
    if !acc_id.is_empty() {
        if !is_vilas(acc_id) {
            c.fail(
                at("accreditation_id"),
                "accreditation_id",
                format!("{acc_id:?} is not a VILAS number (\"VILAS\", a space, 3 or 4 digits)"),
            );
        } else if get("accreditation").is_empty() {
            c.fail(
                at("accreditation_id"),
                "accreditation_id",
                "an accreditation number needs the accreditation it is for",
            );
        }
    }
}

/// The quads of one checked row.
fn write_row(out: &mut Out, refs: &Refs, t: &Table, row: &Row) {
    let get = |col: &str| t.get(row, col);
    let id = get("id");
    let s = iri::org(id);
    out.entity(
        &s,
        &[lcb::LAB, org::ORGANIZATIONAL_UNIT, schema::ORGANIZATION],
        row.line,
        id,
        &sources(get("source")),
        get("illustrative") == "true",
    );
    out.vi(&s, rdfs::LABEL, get("name"));
    out.vi(&s, schema::NAME, get("name"));
    for alt in split(get("alt_names")) {
        out.vi(&s, skos::ALT_LABEL, alt);
    }
    let host = get("host_org_id");
    if !host.is_empty() {
        let h = if refs.orgs.contains_key(host) {
            iri::org(host)
        } else {
            iri::agency(host)
        };
        out.link(&s, org::UNIT_OF, h.clone());
        out.link(&h, org::HAS_UNIT, s.clone());
    }
    out.string(&s, schema::ADDRESS, get("address"));
    if !get("commune_code").is_empty() {
        out.link(&s, schema::LOCATION, iri::place(get("commune_code")));
    }
    for key in split(get("former_districts")) {
        out.link(&s, lcb::FORMER_DISTRICT, iri::historical_area(key));
    }
    concept_links(
        out,
        &s,
        lcb::BIOSAFETY_LEVEL,
        "biosafety-level",
        get("biosafety_level"),
    );
    concept_links(
        out,
        &s,
        lcb::CAPABILITY,
        "lab-capability",
        get("capabilities"),
    );
    concept_links(out, &s, lcb::SECTOR, "sector", get("sectors"));
    out.string(&s, lcb::ACCREDITATION, get("accreditation"));
    out.string(&s, lcb::ACCREDITATION_ID, get("accreditation_id"));
    out.string(&s, schema::TELEPHONE, get("contact_phone"));
    out.string(&s, schema::EMAIL, get("email"));
    if let Ok(u) = oxrdf::NamedNode::new(get("website")) {
        out.link(&s, schema::URL, u);
    }
    out.notes(&s, get("notes"));
}
