//! `enterprises.csv` and its companion `certifications.csv`.

use super::fields::{self, Check, TaxCode, first_day, last_day};
use super::table::{Column, Row, Table, opt, req};
use super::{Ctx, Gazetteer, Out, sources};
use crate::plan::date_literal;
use biokg_ontology::schemes::Concept;
use biokg_ontology::{iri, lcb, org, schema, skos};
use oxrdf::vocab::rdfs;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const FORMAT: &[Column] = &[
    req("id"),
    req("name"),
    opt("alt_names").list(),
    req("legal_form"),
    opt("tax_code"),
    opt("parent_id"),
    opt("representative"),
    opt("address"),
    opt("commune_code"),
    opt("operating_communes").list(),
    opt("former_districts").list(),
    opt("sectors").list(),
    opt("products").list(),
    opt("biotech_activities").list(),
    opt("value_chain_stages").list(),
    opt("species").list(),
    opt("partners").list(),
    opt("area_ha").number(),
    opt("members").number(),
    opt("linked_households").number(),
    opt("contact_phone"),
    opt("email"),
    opt("website"),
    opt("notes"),
    req("source").list(),
    req("illustrative").boolean(),
];

const CERT_FORMAT: &[Column] = &[
    req("id"),
    req("kind"),
    opt("holder_id"),
    req("scheme"),
    opt("standard"),
    opt("grade"),
    opt("product").list(),
    opt("species").list(),
    opt("area_ha").number(),
    opt("issuer"),
    opt("certificate_id"),
    opt("valid_from"),
    opt("valid_until"),
    opt("commune_code"),
    opt("former_districts").list(),
    opt("notes"),
    req("source").list(),
    req("illustrative").boolean(),
];

/// The ids a file defines, with whether each row is illustrative.
pub(crate) fn ids(t: &Table) -> BTreeMap<String, bool> {
    t.rows
        .iter()
        .map(|r| {
            (
                t.get(r, "id").to_owned(),
                t.get(r, "illustrative") == "true",
            )
        })
        .collect()
}

/// Organisations a reference may name: this file's, the labs beside it, the store's.
fn org_ids(ctx: &Ctx<'_>, own: &BTreeMap<String, bool>) -> BTreeMap<String, bool> {
    let mut all = ctx.known.orgs.clone();
    if let Some(labs) = ctx.peek("labs", super::labs::FORMAT) {
        all.extend(ids(&labs));
    }
    all.extend(own.iter().map(|(k, v)| (k.clone(), *v)));
    all
}

/// Taxa a reference may name: id → scientific name, from `plants.csv` beside the file and
/// the store.
pub(crate) fn taxa(ctx: &Ctx<'_>) -> BTreeMap<String, String> {
    let mut all = ctx.known.taxa.clone();
    if let Some(plants) = ctx.peek("plants", super::plants::FORMAT) {
        for r in &plants.rows {
            all.insert(
                plants.get(r, "id").to_owned(),
                plants.get(r, "scientific_name").to_owned(),
            );
        }
    }
    all
}

/// Checks that a reference to another organisation respects the real/illustrative rule.
pub(crate) fn mixing(
    c: &mut fields::Check<'_>,
    line: usize,
    field: &str,
    illustrative: bool,
    target: &str,
    target_illustrative: bool,
) {
    if !illustrative && target_illustrative {
        c.fail(
            line,
            field,
            format!(
                "a real record (illustrative=false) may not refer to the illustrative {target:?}"
            ),
        );
    } else if illustrative && !target_illustrative {
        c.fail(
            line,
            field,
            format!("an illustrative record may not name the real organisation {target:?}"),
        );
    }
}

struct Row1<'r> {
    row: &'r Row,
    id: &'r str,
    illustrative: Option<bool>,
    tax: Option<TaxCode<'r>>,
    legal_form: Option<&'static Concept>,
}

pub(crate) fn read(ctx: &mut Ctx<'_>, out: &mut Out) -> Vec<(String, usize)> {
    let main = ctx.files.main.clone();
    let Some(t) = ctx.table(&main, FORMAT) else {
        return Vec::new();
    };
    let own = ids(&t);
    let orgs = org_ids(ctx, &own);
    let taxa = taxa(ctx);
    let gaz = ctx.gaz;
    let file = t.file.clone();
    let mut c = ctx.check(&file);

    let mut seen = Seen::default();
    let rows: Vec<Row1<'_>> = t
        .rows
        .iter()
        .map(|row| check_row(&mut c, gaz, &taxa, &t, row, &mut seen))
        .collect();

    // References between rows: parents (with the branch rules), partners, no cycles.
    let by_id: BTreeMap<&str, &Row1<'_>> = rows
        .iter()
        .filter(|r| !r.id.is_empty())
        .map(|r| (r.id, r))
        .collect();
    let links = Links {
        t: &t,
        by_id: &by_id,
        orgs: &orgs,
        file: &file,
    };
    for r in &rows {
        links.check(&mut c, r);
    }

    // The quads, only worth making when everything is right.
    let ok = c.problems.is_empty();
    let mut n_orgs = 0;
    if ok {
        for r in &rows {
            emit(out, &t, r.row, gaz);
            n_orgs += 1;
        }
    }
    let mut holders = ctx.known.orgs.clone();
    holders.extend(own.iter().map(|(k, v)| (k.clone(), *v)));
    // Certificates are labelled with their holder's name, not its id, when the file has it.
    let holder_names: BTreeMap<String, String> = t
        .rows
        .iter()
        .map(|row| (t.get(row, "id").to_owned(), t.get(row, "name").to_owned()))
        .collect();
    let certs = certifications(ctx, out, &CertRefs::new(&holders, &holder_names, &taxa));
    vec![
        ("organisations".into(), n_orgs),
        ("certificates".into(), certs),
    ]
}

/// The first line of each id and of each tax code, for repeats.
#[derive(Default)]
struct Seen<'t> {
    ids: BTreeMap<&'t str, usize>,
    tax_codes: BTreeMap<&'t str, usize>,
}

/// Checks the values of one row, recording its problems: what the checks between rows need.
fn check_row<'t>(
    c: &mut Check<'_>,
    gaz: &Gazetteer,
    taxa: &BTreeMap<String, String>,
    t: &'t Table,
    row: &'t Row,
    seen: &mut Seen<'t>,
) -> Row1<'t> {
    let get = |col: &str| t.get(row, col);
    let at = |col: &str| t.line(row, col);
    let id = c.row_id(&mut seen.ids, at("id"), get("id"));
    c.required(at("name"), "name", get("name"));
    c.list(at("alt_names"), "alt_names", get("alt_names"));
    let legal_form = c
        .required(at("legal_form"), "legal_form", get("legal_form"))
        .and_then(|v| c.concept(at("legal_form"), "legal_form", "legal-form", v));
    let tax = match get("tax_code") {
        "" => None,
        v => match fields::tax_code(v) {
            Ok(code) => {
                c.unique(
                    &mut seen.tax_codes,
                    at("tax_code"),
                    "tax_code",
                    "tax code",
                    v,
                );
                Some(code)
            }
            Err(reason) => {
                c.fail(at("tax_code"), "tax_code", reason);
                None
            }
        },
    };
    c.commune(gaz, at("commune_code"), "commune_code", get("commune_code"));
    c.communes(
        gaz,
        at("operating_communes"),
        "operating_communes",
        get("operating_communes"),
    );
    c.former_districts(
        gaz,
        at("former_districts"),
        "former_districts",
        get("former_districts"),
    );
    c.concepts(at("sectors"), "sectors", "sector", get("sectors"));
    c.list(at("products"), "products", get("products"));
    c.concepts(
        at("biotech_activities"),
        "biotech_activities",
        "biotech-activity",
        get("biotech_activities"),
    );
    c.concepts(
        at("value_chain_stages"),
        "value_chain_stages",
        "value-chain-stage",
        get("value_chain_stages"),
    );
    for s in c.list(at("species"), "species", get("species")) {
        if !taxa.contains_key(s) {
            c.fail(
                at("species"),
                "species",
                format!("{s:?} is not an id in plants.csv"),
            );
        }
    }
    c.decimal(at("area_ha"), "area_ha", get("area_ha"));
    c.count(at("members"), "members", get("members"));
    c.count(
        at("linked_households"),
        "linked_households",
        get("linked_households"),
    );
    c.phone(at("contact_phone"), "contact_phone", get("contact_phone"));
    c.email(at("email"), "email", get("email"));
    c.url(at("website"), "website", get("website"));
    c.required(at("source"), "source", get("source"));
    let illustrative = c.boolean(at("illustrative"), "illustrative", get("illustrative"));
    Row1 {
        row,
        id: id.unwrap_or(""),
        illustrative,
        tax,
        legal_form,
    }
}

/// What the references of a row resolve against: the rows of the file by id, and every
/// organisation id.
struct Links<'a, 't> {
    t: &'t Table,
    by_id: &'a BTreeMap<&'t str, &'a Row1<'t>>,
    orgs: &'a BTreeMap<String, bool>,
    file: &'a str,
}

impl Links<'_, '_> {
    /// Checks a row's parent (with the branch rules), its place in no cycle, its partners.
    fn check(&self, c: &mut Check<'_>, r: &Row1<'_>) {
        let parent_row = self.parent(c, r);
        if let Some(code) = r.tax {
            self.branch_tax(c, r, code, parent_row);
        }
        self.cycle(c, r);
        self.partners(c, r);
    }

    /// The row of the parent, if it is in the file; a problem if the parent is nowhere.
    fn parent(&self, c: &mut Check<'_>, r: &Row1<'_>) -> Option<&Row1<'_>> {
        let (t, by_id, orgs, file) = (self.t, self.by_id, self.orgs, self.file);
        let get = |col: &str| t.get(r.row, col);
        let at = |col: &str| t.line(r.row, col);
        let is_branch = r.legal_form.is_some_and(|f| f.key == "branch");
        let parent = get("parent_id");
        if parent.is_empty() {
            if is_branch {
                c.fail(
                    at("parent_id"),
                    "parent_id",
                    "a branch needs the id of its parent",
                );
            }
            None
        } else if let Some(p) = by_id.get(parent) {
            if let (Some(a), Some(b)) = (r.illustrative, p.illustrative) {
                mixing(c, at("parent_id"), "parent_id", a, parent, b);
            }
            Some(*p)
        } else if orgs.contains_key(parent) {
            None
        } else {
            c.fail(
                at("parent_id"),
                "parent_id",
                format!("{parent:?} is not an id in {file}"),
            );
            None
        }
    }

    /// A branch's 13-digit tax code starts with its parent's; only a branch has one.
    fn branch_tax(
        &self,
        c: &mut Check<'_>,
        r: &Row1<'_>,
        code: TaxCode<'_>,
        parent_row: Option<&Row1<'_>>,
    ) {
        let t = self.t;
        let at = |col: &str| t.line(r.row, col);
        let parent = t.get(r.row, "parent_id");
        let is_branch = r.legal_form.is_some_and(|f| f.key == "branch");
        match (is_branch, code) {
            (true, TaxCode::Main(_)) => c.fail(
                at("tax_code"),
                "tax_code",
                "a branch needs a 13-digit code (the parent's 10 digits, \"-\", 3 digits)",
            ),
            (false, TaxCode::Branch(_)) if r.legal_form.is_some() => c.fail(
                at("tax_code"),
                "tax_code",
                "only a branch (legal_form branch) has a 13-digit code",
            ),
            (true, TaxCode::Branch(main)) => {
                if let Some(TaxCode::Main(pmain)) = parent_row.and_then(|p| p.tax)
                    && main != pmain
                {
                    c.fail(
                        at("tax_code"),
                        "tax_code",
                        format!(
                            "the first 10 digits ({main}) differ from the tax code of parent_id {parent:?} ({pmain})"
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    /// A cycle of parents: walk up from this row; report on the row that closes it.
    fn cycle(&self, c: &mut Check<'_>, r: &Row1<'_>) {
        let (t, by_id) = (self.t, self.by_id);
        let at = |col: &str| t.line(r.row, col);
        let parent = t.get(r.row, "parent_id");
        let mut seen = BTreeSet::from([r.id]);
        let mut cur = parent;
        while let Some(p) = by_id.get(cur) {
            if !seen.insert(p.id) {
                if p.id == r.id {
                    c.fail(
                        at("parent_id"),
                        "parent_id",
                        format!("{parent:?} makes a cycle of parents"),
                    );
                }
                break;
            }
            cur = t.get(p.row, "parent_id");
        }
    }

    /// Partners: other organisations, real with real and illustrative with illustrative.
    fn partners(&self, c: &mut Check<'_>, r: &Row1<'_>) {
        let (t, orgs, file) = (self.t, self.orgs, self.file);
        let get = |col: &str| t.get(r.row, col);
        let at = |col: &str| t.line(r.row, col);
        for partner in c.list(at("partners"), "partners", get("partners")) {
            match orgs.get(partner) {
                Some(b) if partner != r.id => {
                    if let Some(a) = r.illustrative {
                        mixing(c, at("partners"), "partners", a, partner, *b);
                    }
                }
                Some(_) => c.fail(
                    at("partners"),
                    "partners",
                    "an organisation is not its own partner",
                ),
                None => c.fail(
                    at("partners"),
                    "partners",
                    format!("{partner:?} is not an id in {file} or labs.csv"),
                ),
            }
        }
    }
}

fn emit(out: &mut Out, t: &Table, row: &Row, _gaz: &super::Gazetteer) {
    let get = |col: &str| t.get(row, col);
    let id = get("id");
    let s = iri::org(id);
    let srcs = sources(get("source"));
    out.entity(
        &s,
        &[
            lcb::ENTERPRISE,
            org::FORMAL_ORGANIZATION,
            schema::ORGANIZATION,
        ],
        row.line,
        id,
        &srcs,
        get("illustrative") == "true",
    );
    out.vi(&s, rdfs::LABEL, get("name"));
    out.vi(&s, schema::NAME, get("name"));
    for alt in split(get("alt_names")) {
        out.vi(&s, skos::ALT_LABEL, alt);
    }
    if let Some(c) =
        biokg_ontology::schemes::scheme("legal-form").and_then(|s| s.concept(get("legal_form")))
    {
        out.link(&s, org::CLASSIFICATION, c.iri.clone());
    }
    out.string(&s, schema::TAX_ID, get("tax_code"));
    if !get("parent_id").is_empty() {
        let parent = iri::org(get("parent_id"));
        out.link(&s, org::SUB_ORGANIZATION_OF, parent.clone());
        out.link(&parent, org::HAS_SUB_ORGANIZATION, s.clone());
    }
    out.string(&s, lcb::REPRESENTATIVE, get("representative"));
    out.string(&s, schema::ADDRESS, get("address"));
    if !get("commune_code").is_empty() {
        out.link(&s, schema::LOCATION, iri::place(get("commune_code")));
    }
    for code in split(get("operating_communes")) {
        out.link(&s, lcb::OPERATES_IN, iri::place(code));
    }
    for key in split(get("former_districts")) {
        out.link(&s, lcb::FORMER_DISTRICT, iri::historical_area(key));
    }
    concept_links(out, &s, lcb::SECTOR, "sector", get("sectors"));
    for p in split(get("products")) {
        out.vi(&s, lcb::PRODUCT, p);
    }
    concept_links(
        out,
        &s,
        lcb::BIOTECH_ACTIVITY,
        "biotech-activity",
        get("biotech_activities"),
    );
    concept_links(
        out,
        &s,
        lcb::VALUE_CHAIN_STAGE,
        "value-chain-stage",
        get("value_chain_stages"),
    );
    for sp in split(get("species")) {
        out.link(&s, lcb::SPECIES, iri::taxon(sp));
    }
    for p in split(get("partners")) {
        let other = iri::org(p);
        out.link(&s, lcb::PARTNER, other.clone());
        out.link(&other, lcb::PARTNER, s.clone());
    }
    let area = get("area_ha");
    out.decimal(&s, lcb::AREA_HA, (!area.is_empty()).then_some(area));
    out.count(&s, lcb::MEMBERS, get("members").parse().ok());
    out.count(
        &s,
        lcb::LINKED_HOUSEHOLDS,
        get("linked_households").parse().ok(),
    );
    out.string(&s, schema::TELEPHONE, get("contact_phone"));
    out.string(&s, schema::EMAIL, get("email"));
    if !get("website").is_empty()
        && let Ok(u) = oxrdf::NamedNode::new(get("website"))
    {
        out.link(&s, schema::URL, u);
    }
    out.notes(&s, get("notes"));
}

/// The items of a list cell that passed validation.
pub(crate) fn split(v: &str) -> impl Iterator<Item = &str> {
    v.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Links to the concepts of `scheme` named in a list cell.
pub(crate) fn concept_links(
    out: &mut Out,
    s: &oxrdf::NamedNode,
    p: oxrdf::NamedNodeRef<'_>,
    scheme: &str,
    v: &str,
) {
    let Some(sc) = biokg_ontology::schemes::scheme(scheme) else {
        return;
    };
    for k in split(v) {
        if let Some(c) = sc.concept(k) {
            out.link(s, p, c.iri.clone());
        }
    }
}

/// What the rows of `certifications.csv` refer to: the organisations that may hold a
/// certificate and the plants it may cover.
struct CertRefs<'a> {
    /// The organisations, with whether each is illustrative.
    orgs: &'a BTreeMap<String, bool>,
    /// The names of this file's organisations, which label their certificates.
    holder_names: &'a BTreeMap<String, String>,
    /// The plants' scientific names by plant id.
    taxa: &'a BTreeMap<String, String>,
    /// The plants' ids by scientific name.
    by_name: BTreeMap<&'a str, &'a str>,
}

impl<'a> CertRefs<'a> {
    fn new(
        orgs: &'a BTreeMap<String, bool>,
        holder_names: &'a BTreeMap<String, String>,
        taxa: &'a BTreeMap<String, String>,
    ) -> Self {
        Self {
            orgs,
            holder_names,
            taxa,
            by_name: taxa.iter().map(|(k, v)| (v.as_str(), k.as_str())).collect(),
        }
    }

    /// `holder_id` names an organisation, illustrative if the certificate is.
    fn check_holder(
        &self,
        c: &mut Check<'_>,
        line: usize,
        holder: &str,
        illustrative: Option<bool>,
    ) {
        if holder.is_empty() {
            return;
        }
        match self.orgs.get(holder) {
            Some(b) => {
                if let Some(a) = illustrative {
                    mixing(c, line, "holder_id", a, holder, *b);
                }
            }
            None => c.fail(
                line,
                "holder_id",
                format!("{holder:?} is not an id in enterprises.csv"),
            ),
        }
    }

    /// Each of `species` is the scientific name of a plant.
    fn check_species(&self, c: &mut Check<'_>, line: usize, species: &str) {
        for sp in c.list(line, "species", species) {
            if !self.by_name.contains_key(sp) {
                let hint = if self.taxa.contains_key(sp) {
                    format!(" (use the scientific name, e.g. {:?})", self.taxa[sp])
                } else {
                    String::new()
                };
                c.fail(
                    line,
                    "species",
                    format!("{sp:?} is not a scientific_name in plants.csv{hint}"),
                );
            }
        }
    }

    /// "VietGAP 123 — Holder name": the scheme, the number and the holder, or the id when
    /// the scheme is unknown.
    fn label(&self, t: &Table, row: &Row, scheme: Option<&Concept>) -> String {
        let get = |col: &str| t.get(row, col);
        let holder = get("holder_id");
        let holder_label = if holder.is_empty() {
            String::new()
        } else {
            match self.holder_names.get(holder) {
                Some(name) if !name.is_empty() => format!(" — {name}"),
                _ => format!(" — {holder}"),
            }
        };
        let label = match scheme {
            Some(sc) => format!(
                "{} {}{}",
                sc.vi.split(" (").next().unwrap_or(&sc.vi),
                get("certificate_id"),
                holder_label
            ),
            None => get("id").to_owned(),
        };
        label.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Reads `certifications.csv`, if the folder has it; the number of certificates.
fn certifications(ctx: &mut Ctx<'_>, out: &mut Out, refs: &CertRefs<'_>) -> usize {
    let Some(file) = ctx.files.companion("certifications").cloned() else {
        return 0;
    };
    let Some(t) = ctx.table(&file, CERT_FORMAT) else {
        return 0;
    };
    check_certifications(ctx, &file.name, &t, refs);
    if !ctx.problems.is_empty() {
        return 0;
    }
    for row in &t.rows {
        emit_certification(out, &t, row, refs);
    }
    t.rows.len()
}

fn check_certifications(ctx: &mut Ctx<'_>, file: &str, t: &Table, refs: &CertRefs<'_>) {
    let gaz = ctx.gaz;
    let mut c = ctx.check(file);
    let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &t.rows {
        let get = |col: &str| t.get(row, col);
        let at = |col: &str| t.line(row, col);
        c.row_id(&mut first_line, at("id"), get("id"));
        let kind = c
            .required(at("kind"), "kind", get("kind"))
            .and_then(|v| c.concept(at("kind"), "kind", "certification-kind", v));
        if kind.is_some_and(|k| k.key == "aggregate") && !get("certificate_id").is_empty() {
            c.fail(
                at("certificate_id"),
                "certificate_id",
                "an aggregate has no certificate number",
            );
        }
        let illustrative = c.boolean(at("illustrative"), "illustrative", get("illustrative"));
        refs.check_holder(&mut c, at("holder_id"), get("holder_id"), illustrative);
        c.required(at("scheme"), "scheme", get("scheme"))
            .and_then(|v| c.concept(at("scheme"), "scheme", "certification-scheme", v));
        c.list(at("product"), "product", get("product"));
        refs.check_species(&mut c, at("species"), get("species"));
        c.decimal(at("area_ha"), "area_ha", get("area_ha"));
        let from = c.date(at("valid_from"), "valid_from", get("valid_from"));
        let until = c.date(at("valid_until"), "valid_until", get("valid_until"));
        if let (Some(f), Some(u)) = (&from, &until)
            && last_day(u) < first_day(f)
        {
            c.fail(
                at("valid_until"),
                "valid_until",
                format!("{} is before valid_from {}", u.iso(), f.iso()),
            );
        }
        c.commune(gaz, at("commune_code"), "commune_code", get("commune_code"));
        c.former_districts(
            gaz,
            at("former_districts"),
            "former_districts",
            get("former_districts"),
        );
        c.required(at("source"), "source", get("source"));
    }
}

fn emit_certification(out: &mut Out, t: &Table, row: &Row, refs: &CertRefs<'_>) {
    let get = |col: &str| t.get(row, col);
    let id = get("id");
    let s = iri::certificate(id);
    out.entity(
        &s,
        &[lcb::CERTIFICATE, schema::CERTIFICATION],
        row.line,
        id,
        &sources(get("source")),
        get("illustrative") == "true",
    );
    let scheme = biokg_ontology::schemes::scheme("certification-scheme")
        .and_then(|s| s.concept(get("scheme")));
    out.vi(&s, rdfs::LABEL, &refs.label(t, row, scheme));
    if let Some(sc) = scheme {
        out.link(&s, lcb::CERTIFICATION_SCHEME, sc.iri.clone());
    }
    if let Some(k) =
        biokg_ontology::schemes::scheme("certification-kind").and_then(|s| s.concept(get("kind")))
    {
        out.link(&s, lcb::CERTIFICATION_KIND, k.iri.clone());
    }
    if !get("holder_id").is_empty() {
        out.link(
            &iri::org(get("holder_id")),
            schema::HAS_CERTIFICATION,
            s.clone(),
        );
    }
    out.string(&s, lcb::STANDARD, get("standard"));
    out.string(&s, lcb::GRADE, get("grade"));
    for p in split(get("product")) {
        out.vi(&s, lcb::PRODUCT, p);
    }
    for sp in split(get("species")) {
        if let Some(id) = refs.by_name.get(sp) {
            out.link(&s, lcb::SPECIES, iri::taxon(id));
        }
    }
    let area = get("area_ha");
    out.decimal(&s, lcb::AREA_HA, (!area.is_empty()).then_some(area));
    out.string(&s, lcb::ISSUER_NAME, get("issuer"));
    out.string(
        &s,
        schema::CERTIFICATION_IDENTIFICATION,
        get("certificate_id"),
    );
    for (col, p) in [
        ("valid_from", schema::VALID_FROM),
        ("valid_until", schema::EXPIRES),
    ] {
        if let Ok(d) = fields::parse_date(get(col)) {
            out.g.add(&s, p, date_literal(&d));
        }
    }
    if !get("commune_code").is_empty() {
        out.link(&s, schema::LOCATION, iri::place(get("commune_code")));
    }
    for key in split(get("former_districts")) {
        out.link(&s, lcb::FORMER_DISTRICT, iri::historical_area(key));
    }
    out.notes(&s, get("notes"));
}
