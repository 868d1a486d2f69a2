//! The registry files: `enterprises.csv`, `certifications.csv`, `labs.csv`, `plants.csv` and
//! `accessions.csv`, in the columns and rules of `data/README.md`, every reference resolving
//! inside the generated folder.
//!
//! Organisations are drawn in two passes: first who they are (id, name, legal form, commune, tax
//! code), which labs, partners, branches and certificates refer to, then the rest of each row
//! while it is written, so that a million rows need only their identities in memory.

use super::words::{self, chance, person, pick, proper, some};
use super::{World, stream};
use biokg_engine::progress::Progress;
use biokg_ontology::iri::slug;
use biokg_search::synthetic::Rng;
use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// What every generated row says of its origin.
pub(crate) fn source(seed: u64) -> String {
    format!("synthetic record written by biokg-gen (seed {seed}); not from a public source")
}

/// The keys of one of the ontology's SKOS schemes (`ontology/ttl/schemes.ttl`), in its order:
/// the codes the registry validators accept.
fn keys(scheme: &str) -> Vec<&'static str> {
    biokg_ontology::schemes::scheme(scheme)
        .unwrap_or_else(|| panic!("the scheme {scheme} is in schemes.ttl"))
        .concepts
        .iter()
        .map(|c| c.key.as_str())
        .collect()
}
/// Schemes with their standard, the short code of their numbers and an issuer.
const SCHEMES: &[(&str, &str, &str, &str)] = &[
    (
        "vietgap",
        "TCVN 11892-1:2017",
        "VG",
        "Sở Nông nghiệp và Môi trường",
    ),
    ("gacp-who", "Thông tư 19/2019/TT-BYT", "GACP", "Bộ Y tế"),
    (
        "organic",
        "TCVN 11041-2:2017",
        "HC",
        "Sở Nông nghiệp và Môi trường",
    ),
    ("biosafety", "", "ATSH", "Sở Nông nghiệp và Môi trường"),
    ("gmp-who", "GMP-WHO", "GMP", "Cục Quản lý Dược"),
    ("ocop", "Quyết định 148/QĐ-TTg", "OCOP", "Ủy ban nhân dân"),
];

/// Who an organisation is: what other rows refer to.
pub(crate) struct Org {
    pub(crate) id: String,
    pub(crate) name: String,
    form: usize,
    /// Index in [`words::TRADES`]: what it does, which gives its sectors.
    trade: usize,
    commune: usize,
    tax: Option<String>,
    parent: Option<usize>,
}

/// A lab's identity.
pub(crate) struct Lab {
    pub(crate) id: String,
}

/// A taxon's identity.
pub(crate) struct Taxon {
    pub(crate) id: String,
    pub(crate) scientific_name: String,
}

/// Tax codes in order: `99` and a 7-digit serial, with the check digit; serials whose 9 digits
/// admit no check digit are skipped.
struct TaxCodes(u32);

impl TaxCodes {
    fn next(&mut self) -> String {
        loop {
            self.0 += 1;
            let nine = format!("99{:07}", self.0);
            if let Some(check) = check_digit(&nine) {
                return format!("{nine}{check}");
            }
        }
    }
}

/// The 10th digit of a tax code after its first 9 (`None` when no digit is valid).
pub(crate) fn check_digit(nine: &str) -> Option<u32> {
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let sum: u32 = nine
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = 10 - sum % 11;
    (check < 10).then_some(check)
}

/// Short forms of the legal forms, for ids.
fn form_abbreviation(form: &str) -> &'static str {
    match form {
        "company" => "cty-tnhh",
        "joint-stock-company" => "cty-cp",
        "private-enterprise" => "dntn",
        "cooperative" => "htx",
        "cooperative-group" => "tht",
        "household-business" => "hkd",
        "branch" => "cn",
        _ => "ttnc",
    }
}

fn weighted_form(rng: &mut Rng) -> usize {
    let mut draw = rng.below(100);
    for (i, (_, weight, _)) in words::LEGAL_FORMS.iter().enumerate() {
        if draw < *weight {
            return i;
        }
        draw -= weight;
    }
    0
}

/// The organisations' identities.
///
/// With `by_province`, a branch's parent is in the branch's province, so that each province's
/// file holds every row its rows refer to.
pub(crate) fn orgs(world: &World, n: usize, seed: u64, by_province: bool) -> Vec<Org> {
    let mut rng = stream(seed, 1);
    let mut taxes = TaxCodes(0);
    let mut branches: HashMap<usize, u32> = HashMap::new();
    let mut out: Vec<Org> = Vec::with_capacity(n);
    let mut earlier: Vec<Vec<usize>> = vec![Vec::new(); world.provinces.len()];
    for i in 0..n {
        let mut form = weighted_form(&mut rng);
        let commune = rng.below(world.communes.len());
        let province = world.communes[commune].province;
        // A branch belongs to an earlier company with a tax code, found by a few draws.
        let parent = if words::LEGAL_FORMS[form].0 == "branch" {
            (0..8).find_map(|_| {
                let j = if by_province {
                    let same = &earlier[province];
                    *same.get(rng.below(same.len()))?
                } else {
                    rng.below(i.max(1))
                };
                (j < i && out[j].tax.is_some() && out[j].form <= 1).then_some(j)
            })
        } else {
            None
        };
        earlier[province].push(i);
        if words::LEGAL_FORMS[form].0 == "branch" && parent.is_none() {
            form = 0;
        }
        let (key, _, prefix) = words::LEGAL_FORMS[form];
        let own = proper(&mut rng, 2);
        let trade = match parent {
            Some(p) => out[p].trade,
            None => rng.below(words::TRADES.len()),
        };
        let name = match (key, parent) {
            ("branch", Some(p)) => format!(
                "{prefix} {} tại {}",
                out[p].name, world.provinces[world.communes[commune].province].name
            ),
            ("household-business", _) => {
                let family = pick(&mut rng, words::FAMILY_NAMES);
                let middle = pick(&mut rng, words::MIDDLE_NAMES);
                format!("{prefix} {family} {middle} {own}")
            }
            _ => format!("{prefix} {} {own}", words::TRADES[trade].0),
        };
        let tax = match (key, parent) {
            ("branch", Some(p)) => {
                let n = branches.entry(p).or_insert(0);
                *n += 1;
                out[p].tax.as_ref().map(|t| format!("{t}-{:03}", *n))
            }
            ("household-business", _) => None,
            _ => chance(&mut rng, 92).then(|| taxes.next()),
        };
        let id = format!("{}-{}-{}", form_abbreviation(key), slug(&own), i + 1);
        out.push(Org {
            id,
            name,
            form,
            trade,
            commune,
            tax,
            parent,
        });
    }
    out
}

/// The columns of `labs.csv` (see `data/README.md`).
const LAB_COLUMNS: &[&str] = &[
    "id",
    "name",
    "alt_names",
    "host_org_id",
    "address",
    "commune_code",
    "former_districts",
    "biosafety_level",
    "capabilities",
    "sectors",
    "accreditation",
    "accreditation_id",
    "contact_phone",
    "email",
    "website",
    "notes",
    "source",
    "illustrative",
];

/// The labs' identities and rows; hosts are organisations of `orgs`.
///
/// `orgs` is empty when the labs are to load before any organisation (the by-province layout,
/// where `labs.csv` has no `enterprises.csv` beside it): the labs then have no host.
pub(crate) fn write_labs(
    path: &Path,
    world: &World,
    orgs: &[Org],
    n: usize,
    seed: u64,
) -> io::Result<Vec<Lab>> {
    let mut rng = stream(seed, 2);
    let (capability_keys, sector_keys) = (keys("lab-capability"), keys("sector"));
    let mut w = writer(path)?;
    w.write_record(LAB_COLUMNS)?;
    let progress = Progress::bar(n as u64, "labs.csv");
    let source = source(seed);
    let mut labs = Vec::with_capacity(n);
    for i in 0..n {
        let head = pick(&mut rng, words::LAB_HEADS);
        let own = proper(&mut rng, 2);
        let name = format!("{head} {own}");
        let id = format!("lab-{}-{}", slug(&own), i + 1);
        let host = if chance(&mut rng, 70) && !orgs.is_empty() {
            orgs[rng.below(orgs.len())].id.clone()
        } else {
            String::new()
        };
        let commune = rng.below(world.communes.len());
        let level = match rng.below(100) {
            0..=39 => "BSL-1",
            40..=79 => "BSL-2",
            80..=82 => "BSL-3",
            _ => "",
        };
        let capabilities = some(&mut rng, &capability_keys, 1, 4).join(";");
        let sectors = some(&mut rng, &sector_keys, 1, 2).join(";");
        let (accreditation, accreditation_id) = if chance(&mut rng, 30) {
            (
                "ISO/IEC 17025:2017".to_owned(),
                format!("VILAS {:03}", 100 + rng.below(900)),
            )
        } else {
            (String::new(), String::new())
        };
        let slug_id = slug(&own);
        w.write_record([
            id.as_str(),
            &name,
            "",
            &host,
            &address(&mut rng, world, commune),
            &world.communes[commune].code,
            &former_district(&mut rng, world, commune),
            level,
            &capabilities,
            &sectors,
            &accreditation,
            &accreditation_id,
            &phone(&mut rng),
            &format!("lienhe@{slug_id}-{}.example", i + 1),
            "",
            "",
            &source,
            "true",
        ])?;
        labs.push(Lab { id });
        progress.inc(1);
    }
    progress.finish();
    w.flush()?;
    Ok(labs)
}

/// The columns of `plants.csv` (see `data/README.md`).
const PLANT_COLUMNS: &[&str] = &[
    "id",
    "scientific_name",
    "authorship",
    "taxon_rank",
    "family",
    "vernacular_vi",
    "vernacular_variants",
    "synonyms",
    "local_names",
    "english_name",
    "decree84_group",
    "red_list",
    "where_grown",
    "former_districts",
    "conserved_at",
    "lao_cai_relevance",
    "name_source",
    "status_source",
    "relevance_source",
    "notes",
    "illustrative",
];

/// The taxa and `plants.csv`: unique scientific names, each id the slug of its name.
pub(crate) fn write_plants(
    path: &Path,
    world: &World,
    labs: &[Lab],
    n: usize,
    seed: u64,
) -> io::Result<Vec<Taxon>> {
    let mut rng = stream(seed, 3);
    let red_list_keys = keys("red-list");
    let mut w = writer(path)?;
    w.write_record(PLANT_COLUMNS)?;
    let progress = Progress::bar(n as u64, "plants.csv");
    let source = source(seed);
    let mut seen = BTreeSet::new();
    let mut taxa = Vec::with_capacity(n);
    while taxa.len() < n {
        let (family, rank, name) = scientific_name(&mut rng);
        if !seen.insert(name.clone()) {
            continue;
        }
        let id = slug(&name);
        let (vernacular, variants) = vernacular_names(&mut rng);
        let (decree, red) = protection(&mut rng, &red_list_keys);
        let grown = if chance(&mut rng, 40) {
            communes_of_one_province(&mut rng, world, 1, 3).join(";")
        } else {
            String::new()
        };
        let conserved = if chance(&mut rng, 20) && !labs.is_empty() {
            labs[rng.below(labs.len())].id.clone()
        } else {
            String::new()
        };
        w.write_record([
            id.as_str(),
            &name,
            *pick(&mut rng, words::AUTHORS),
            rank,
            family,
            &vernacular,
            &variants,
            "",
            "",
            "",
            decree,
            red,
            &grown,
            "",
            &conserved,
            "",
            &source,
            "",
            "",
            "",
            "true",
        ])?;
        taxa.push(Taxon {
            id,
            scientific_name: name,
        });
        progress.inc(1);
    }
    progress.finish();
    w.flush()?;
    Ok(taxa)
}

/// A scientific name: its family, its rank and the name (`Panax vietnamensis`; one in ten a
/// variety or a subspecies).
fn scientific_name(rng: &mut Rng) -> (&'static str, &'static str, String) {
    let (genus, family) = *pick(rng, words::GENERA);
    let species = epithet(rng);
    let (rank, name) = match rng.below(20) {
        0 => (
            "variety",
            format!("{genus} {species} var. {}", epithet(rng)),
        ),
        1 => (
            "subspecies",
            format!("{genus} {species} subsp. {}", epithet(rng)),
        ),
        _ => ("species", format!("{genus} {species}")),
    };
    (family, rank, name)
}

/// An epithet: one or two parts and an ending.
fn epithet(rng: &mut Rng) -> String {
    let parts = 1 + rng.below(2);
    let mut e: String = (0..parts)
        .map(|_| *pick(rng, words::EPITHET_PARTS))
        .collect();
    e.push_str(pick::<&str>(rng, words::EPITHET_ENDS));
    e
}

/// The Vietnamese name of a taxon and, for one in five, a variant of it.
fn vernacular_names(rng: &mut Rng) -> (String, String) {
    let head = *pick(rng, words::PLANT_HEADS);
    let syllables = 1 + rng.below(2);
    let vernacular = format!("{head} {}", rng.words(syllables));
    let variants = if chance(rng, 20) {
        format!("{} {}", pick(rng, words::PLANT_HEADS), rng.words(1))
    } else {
        String::new()
    };
    (vernacular, variants)
}

/// A taxon's `decree84_group` (`IA` for one in a hundred, `IIA` for three) and its `red_list`
/// category (for 15 in a hundred); empty when it has none.
fn protection(rng: &mut Rng, red_list_keys: &[&'static str]) -> (&'static str, &'static str) {
    let decree = match rng.below(100) {
        0 => "IA",
        1..=3 => "IIA",
        _ => "",
    };
    let red = if chance(rng, 15) {
        *pick(rng, red_list_keys)
    } else {
        ""
    };
    (decree, red)
}

/// The columns of `enterprises.csv` (see `data/README.md`).
const ENTERPRISE_COLUMNS: &[&str] = &[
    "id",
    "name",
    "alt_names",
    "legal_form",
    "tax_code",
    "parent_id",
    "representative",
    "address",
    "commune_code",
    "operating_communes",
    "former_districts",
    "sectors",
    "products",
    "biotech_activities",
    "value_chain_stages",
    "species",
    "partners",
    "area_ha",
    "members",
    "linked_households",
    "contact_phone",
    "email",
    "website",
    "notes",
    "source",
    "illustrative",
];

/// `enterprises.csv`: one row per organisation of `orgs`.
///
/// With `by_province`, each organisation's row goes to its province's file
/// (`provinces/{code}-{name}/enterprises.csv`) and its partners are in its province too.
pub(crate) fn write_enterprises(
    dir: &Path,
    world: &World,
    orgs: &[Org],
    labs: &[Lab],
    taxa: &[Taxon],
    seed: u64,
    by_province: bool,
) -> io::Result<()> {
    let mut rng = stream(seed, 4);
    let (sector_keys, activity_keys, stage_keys) = (
        keys("sector"),
        keys("biotech-activity"),
        keys("value-chain-stage"),
    );
    let mut w = Sinks::new(dir, "enterprises.csv", world, by_province)?;
    w.header(ENTERPRISE_COLUMNS)?;
    let progress = Progress::bar(orgs.len() as u64, "enterprises.csv");
    let source = source(seed);
    let mut earlier: Vec<Vec<usize>> = vec![Vec::new(); world.provinces.len()];
    for (i, org) in orgs.iter().enumerate() {
        let province = world.communes[org.commune].province;
        let (form, _, _) = words::LEGAL_FORMS[org.form];
        let is_coop = matches!(form, "cooperative" | "cooperative-group");
        let operating = if chance(&mut rng, 30) {
            communes_near(&mut rng, world, org.commune, 1, 3).join(";")
        } else {
            String::new()
        };
        let sectors = sectors_of(&mut rng, org.trade, &sector_keys);
        let products = perhaps_some(&mut rng, 75, words::PRODUCTS, 1, 3);
        let activities = perhaps_some(&mut rng, 40, &activity_keys, 1, 2);
        let stages = perhaps_some(&mut rng, 50, &stage_keys, 1, 3);
        let species = species_ids(&mut rng, taxa);
        let candidates = if by_province {
            Candidates::Some(&earlier[province])
        } else {
            Candidates::Before(i)
        };
        let partners = partners(&mut rng, orgs, labs, candidates).join(";");
        earlier[province].push(i);
        let (area, members, households) = cooperative_figures(&mut rng, is_coop);
        let (email, website) = online(&mut rng, &org.id);
        let parent = org.parent.map_or("", |p| orgs[p].id.as_str());
        w.to(province).write_record([
            org.id.as_str(),
            &org.name,
            "",
            form,
            org.tax.as_deref().unwrap_or(""),
            parent,
            &person(&mut rng),
            &address(&mut rng, world, org.commune),
            &world.communes[org.commune].code,
            &operating,
            &former_district(&mut rng, world, org.commune),
            &sectors,
            &products,
            &activities,
            &stages,
            &species,
            &partners,
            &area,
            &members,
            &households,
            &phone(&mut rng),
            &email,
            &website,
            "",
            &source,
            "true",
        ])?;
        progress.inc(1);
    }
    progress.finish();
    w.flush()
}

/// The sectors of a trade (an index in [`words::TRADES`]), and for one organisation in five
/// one more.
fn sectors_of(rng: &mut Rng, trade: usize, sector_keys: &[&'static str]) -> String {
    let mut sectors: Vec<&str> = words::TRADES[trade].1.to_vec();
    if chance(rng, 20) {
        let extra = *pick(rng, sector_keys);
        if !sectors.contains(&extra) {
            sectors.push(extra);
        }
    }
    sectors.join(";")
}

/// With probability `percent` / 100, between `min` and `max` of `items` joined by `;`;
/// otherwise nothing.
fn perhaps_some(rng: &mut Rng, percent: usize, items: &[&str], min: usize, max: usize) -> String {
    if chance(rng, percent) {
        some(rng, items, min, max).join(";")
    } else {
        String::new()
    }
}

/// The ids of one to three taxa an organisation grows, for two organisations in five.
fn species_ids(rng: &mut Rng, taxa: &[Taxon]) -> String {
    if chance(rng, 40) && !taxa.is_empty() {
        let k = 1 + rng.below(3);
        let mut ids: Vec<&str> = (0..k)
            .map(|_| taxa[rng.below(taxa.len())].id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.join(";")
    } else {
        String::new()
    }
}

/// `area_ha`, `members` and `linked_households`: a cooperative has an area and members and
/// half of them linked households; one other organisation in four has an area.
fn cooperative_figures(rng: &mut Rng, is_coop: bool) -> (String, String, String) {
    let area = if is_coop || chance(rng, 25) {
        format!("{}.{}", 1 + rng.below(300), rng.below(10))
    } else {
        String::new()
    };
    let members = if is_coop {
        (7 + rng.below(300)).to_string()
    } else {
        String::new()
    };
    let households = if is_coop && chance(rng, 50) {
        (10 + rng.below(500)).to_string()
    } else {
        String::new()
    };
    (area, members, households)
}

/// An email address (for three organisations in five) and a website (for one in four).
fn online(rng: &mut Rng, org_id: &str) -> (String, String) {
    let email = if chance(rng, 60) {
        format!("lienhe@{org_id}.example")
    } else {
        String::new()
    };
    let website = if chance(rng, 25) {
        format!("https://{org_id}.example")
    } else {
        String::new()
    };
    (email, website)
}

/// The organisations a row may name as partners.
enum Candidates<'a> {
    /// Any of the first n.
    Before(usize),
    /// These.
    Some(&'a [usize]),
}

/// Up to two partners: earlier organisations (of `candidates`) or labs.
fn partners(rng: &mut Rng, orgs: &[Org], labs: &[Lab], candidates: Candidates<'_>) -> Vec<String> {
    if !chance(rng, 15) {
        return Vec::new();
    }
    let n = match candidates {
        Candidates::Before(n) => n,
        Candidates::Some(c) => c.len(),
    };
    let mut out = Vec::new();
    for _ in 0..1 + rng.below(2) {
        let p = if chance(rng, 70) && n > 0 {
            let k = rng.below(n);
            let j = match candidates {
                Candidates::Before(_) => k,
                Candidates::Some(c) => c[k],
            };
            orgs[j].id.clone()
        } else if !labs.is_empty() {
            labs[rng.below(labs.len())].id.clone()
        } else {
            continue;
        };
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// The columns of `certifications.csv` (see `data/README.md`).
const CERTIFICATION_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "holder_id",
    "scheme",
    "standard",
    "grade",
    "product",
    "species",
    "area_ha",
    "issuer",
    "certificate_id",
    "valid_from",
    "valid_until",
    "commune_code",
    "former_districts",
    "notes",
    "source",
    "illustrative",
];

/// `certifications.csv`: certificates held by organisations, and a few reported aggregates.
///
/// With `by_province`, each certificate goes to the file of its holder's province (an aggregate
/// to its commune's).
pub(crate) fn write_certifications(
    dir: &Path,
    world: &World,
    orgs: &[Org],
    taxa: &[Taxon],
    n: usize,
    seed: u64,
    by_province: bool,
) -> io::Result<()> {
    let mut rng = stream(seed, 5);
    let mut w = Sinks::new(dir, "certifications.csv", world, by_province)?;
    w.header(CERTIFICATION_COLUMNS)?;
    let progress = Progress::bar(n as u64, "certifications.csv");
    let source = source(seed);
    for i in 0..n {
        let (scheme, standard, short, issuer_head) = *pick(&mut rng, SCHEMES);
        let aggregate = chance(&mut rng, 5) || orgs.is_empty();
        let holder = (!aggregate).then(|| &orgs[rng.below(orgs.len())]);
        let commune = holder.map_or_else(|| rng.below(world.communes.len()), |h| h.commune);
        let province = &world.provinces[world.communes[commune].province];
        let issuer = match issuer_head {
            "Bộ Y tế" | "Cục Quản lý Dược" => issuer_head.to_owned(),
            head => format!("{head} {}", province.full_name),
        };
        let grade = if scheme == "ocop" {
            format!("{} sao", 3 + rng.below(3))
        } else {
            String::new()
        };
        let year = 2019 + rng.below(7);
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let from = format!("{year}-{month:02}-{day:02}");
        let until = format!("{}-{month:02}-{day:02}", year + 3);
        let species = if chance(&mut rng, 50) && !taxa.is_empty() {
            taxa[rng.below(taxa.len())].scientific_name.clone()
        } else {
            String::new()
        };
        let number = if aggregate {
            String::new()
        } else {
            format!("MH-{short}-{year}-{:07}", i + 1)
        };
        w.to(world.communes[commune].province).write_record([
            format!("cn-{}-{}", slug(scheme), i + 1).as_str(),
            if aggregate {
                "aggregate"
            } else {
                "certificate"
            },
            holder.map_or("", |h| h.id.as_str()),
            scheme,
            standard,
            &grade,
            *pick(&mut rng, words::PRODUCTS),
            &species,
            &format!("{}.{}", 1 + rng.below(120), rng.below(10)),
            &issuer,
            &number,
            &from,
            &until,
            &world.communes[commune].code,
            "",
            "",
            &source,
            "true",
        ])?;
        progress.inc(1);
    }
    progress.finish();
    w.flush()
}

/// The columns of `accessions.csv` (see `data/README.md`).
const ACCESSION_COLUMNS: &[&str] = &[
    "accession_id",
    "species_id",
    "holder_id",
    "material",
    "date",
    "quantity",
    "collected_in",
    "notes",
    "source",
    "illustrative",
];

/// `accessions.csv`: accessions of taxa held by labs.
pub(crate) fn write_accessions(
    path: &Path,
    world: &World,
    labs: &[Lab],
    taxa: &[Taxon],
    n: usize,
    seed: u64,
) -> io::Result<()> {
    let mut rng = stream(seed, 6);
    let material_keys = keys("material");
    let mut w = writer(path)?;
    w.write_record(ACCESSION_COLUMNS)?;
    let progress = Progress::bar(n as u64, "accessions.csv");
    let source = source(seed);
    for i in 0..n {
        let material = *pick(&mut rng, &material_keys);
        let quantity = match material {
            "seed" => format!("{} g", 50 + rng.below(950)),
            "plantlet" | "living-collection" => format!("{} cây", 5 + rng.below(95)),
            "rhizome" => format!("{} củ", 5 + rng.below(60)),
            _ => format!("{} mẫu", 1 + rng.below(20)),
        };
        let date = format!(
            "{}-{:02}-{:02}",
            2015 + rng.below(11),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        w.write_record([
            format!("MH-ACC-{:07}", i + 1).as_str(),
            &taxa[rng.below(taxa.len())].id,
            &labs[rng.below(labs.len())].id,
            material,
            &date,
            &quantity,
            &world.communes[rng.below(world.communes.len())].code,
            "",
            &source,
            "true",
        ])?;
        progress.inc(1);
    }
    progress.finish();
    w.flush()
}

/// Where the rows of one table go: `dir/{file}`, or with `by_province` one
/// `dir/provinces/{code}-{name}/{file}` per province of the national list.
struct Sinks {
    writers: Vec<csv::Writer<BufWriter<File>>>,
}

impl Sinks {
    fn new(dir: &Path, file: &str, world: &World, by_province: bool) -> io::Result<Sinks> {
        let mut writers = Vec::new();
        if by_province {
            for p in &world.provinces {
                let folder = dir.join(super::province_folder(p));
                std::fs::create_dir_all(&folder)?;
                writers.push(writer(&folder.join(file))?);
            }
        } else {
            writers.push(writer(&dir.join(file))?);
        }
        Ok(Sinks { writers })
    }

    fn header(&mut self, columns: &[&str]) -> io::Result<()> {
        for w in &mut self.writers {
            w.write_record(columns)?;
        }
        Ok(())
    }

    /// The writer of rows of `province` (the one writer when not by province).
    fn to(&mut self, province: usize) -> &mut csv::Writer<BufWriter<File>> {
        let i = if self.writers.len() == 1 { 0 } else { province };
        &mut self.writers[i]
    }

    fn flush(&mut self) -> io::Result<()> {
        for w in &mut self.writers {
            w.flush()?;
        }
        Ok(())
    }
}

fn writer(path: &Path) -> io::Result<csv::Writer<BufWriter<File>>> {
    Ok(csv::Writer::from_writer(BufWriter::with_capacity(
        1 << 20,
        File::create(path)?,
    )))
}

/// A street address in the commune: `Số 12, đường Tân Phát, Xã Tả Phìn, Tỉnh Lào Cai`.
fn address(rng: &mut Rng, world: &World, commune: usize) -> String {
    let c = &world.communes[commune];
    format!(
        "Số {}, {} {}, {}, {}",
        1 + rng.below(300),
        pick(rng, words::STREETS),
        proper(rng, 2),
        c.full_name,
        world.provinces[c.province].full_name
    )
}

/// A former district of Lào Cai for one row in ten there (the only province whose former
/// districts the gazetteer knows), otherwise nothing.
fn former_district(rng: &mut Rng, world: &World, commune: usize) -> String {
    let c = &world.communes[commune];
    if world.provinces[c.province].code == "15" && chance(rng, 10) {
        pick(rng, &world.former_districts).clone()
    } else {
        String::new()
    }
}

/// Between `min` and `max` communes of the province of `commune` (itself may be one).
fn communes_near(
    rng: &mut Rng,
    world: &World,
    commune: usize,
    min: usize,
    max: usize,
) -> Vec<String> {
    let p = &world.provinces[world.communes[commune].province];
    let n = min + rng.below(max - min + 1);
    let mut out: Vec<String> = (0..n)
        .map(|_| {
            world.communes[p.communes.start + rng.below(p.communes.len())]
                .code
                .clone()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Between `min` and `max` communes of one province drawn at random.
fn communes_of_one_province(rng: &mut Rng, world: &World, min: usize, max: usize) -> Vec<String> {
    let c = rng.below(world.communes.len());
    communes_near(rng, world, c, min, max)
}

/// A Vietnamese phone number: a landline with its area code or a mobile number.
fn phone(rng: &mut Rng) -> String {
    if chance(rng, 50) {
        format!(
            "02{:02} {:03} {:04}",
            10 + rng.below(90),
            rng.below(1000),
            rng.below(10000)
        )
    } else {
        format!(
            "09{} {:03} {:04}",
            rng.below(10),
            rng.below(1000),
            rng.below(10000)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_codes_have_the_check_digit_of_the_published_rule() {
        // The worked examples the validator's tests use.
        assert_eq!(check_digit("010023348"), Some(8));
        assert_eq!(check_digit("990000152"), Some(4));
        assert_eq!(check_digit("990000101"), None);
        let mut t = TaxCodes(0);
        let codes: Vec<String> = (0..3).map(|_| t.next()).collect();
        assert!(codes.iter().all(|c| c.len() == 10 && c.starts_with("99")));
        assert_ne!(codes[0], codes[1]);
    }
}
