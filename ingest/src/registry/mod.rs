//! Registries: enterprises and cooperatives with their certificates, labs and research centres,
//! medicinal-plant taxa with their accessions, as CSV or JSON files in the formats of
//! `data/README.md`, and the value chain as JSON.
//!
//! Each kind has a main file and may read companion files from the same folder, each one
//! `{name}.csv` or `{name}.json` (the table readers of [`table`] give the same rows from
//! either): a main file's companions are validated with it and loaded into its graph
//! (`certifications` with `enterprises`, `accessions` with `plants`); other registry files of
//! the folder are read only for the ids that references may point to. References also resolve
//! against [`Known`], what the store already holds. Validation is all or nothing: every problem
//! of every file read is reported at once as `file:line: field: reason`, and a kind with any
//! problem yields no quads.

mod enterprises;
mod fields;
mod gazetteer;
mod labs;
mod plants;
mod table;
mod value_chain;

pub use gazetteer::{Gazetteer, Province, bundled_places, national_provinces};

use crate::read::file_name;
use crate::source::{Sink, SourceFile, SourceType};
use crate::{Error, Loaded, Problem, Report, Result};
use biokg_ontology::{dcterms, iri, lcb, prov, skos};
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Quad};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The registries, each loaded into its own graph `…/graph/{key}/{name}`: the source types
/// read from CSV or JSON tables in the formats of `data/README.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Registry {
    /// `enterprises.csv` or `.json`, with `certifications.csv` or `.json`.
    Enterprises,
    /// `labs.csv` or `.json`.
    Labs,
    /// `plants.csv` or `.json`, with `accessions.csv` or `.json`.
    Plants,
    /// `value-chain.json`.
    ValueChain,
}

impl Registry {
    /// Every registry.
    pub const ALL: [Registry; 4] = [
        Registry::Enterprises,
        Registry::Labs,
        Registry::Plants,
        Registry::ValueChain,
    ];

    /// The registries whose files describe the same organisations as this one's: an `id` in
    /// both `enterprises.csv` and `labs.csv` is one organisation (data/README.md), whose
    /// search document is made from both graphs, so a change to either refreshes the other's.
    pub fn shares_organisations_with(self) -> &'static [Registry] {
        match self {
            Registry::Enterprises => &[Registry::Labs],
            Registry::Labs => &[Registry::Enterprises],
            Registry::Plants | Registry::ValueChain => &[],
        }
    }

    /// What the registry is as a source.
    pub fn source_type(self) -> SourceType {
        match self {
            Registry::Enterprises => SourceType::Enterprises,
            Registry::Labs => SourceType::Labs,
            Registry::Plants => SourceType::Plants,
            Registry::ValueChain => SourceType::ValueChain,
        }
    }

    /// The registry a source type is, if it is one.
    pub fn of(source_type: SourceType) -> Option<Registry> {
        match source_type {
            SourceType::Enterprises => Some(Registry::Enterprises),
            SourceType::Labs => Some(Registry::Labs),
            SourceType::Plants => Some(Registry::Plants),
            SourceType::ValueChain => Some(Registry::ValueChain),
            SourceType::Plan
            | SourceType::Places
            | SourceType::Rdf
            | SourceType::Gbif
            | SourceType::Report => None,
        }
    }

    /// The registry's key, which names its graph (that of its [`SourceType`]).
    pub fn key(self) -> &'static str {
        self.source_type().key()
    }

    /// The stems of the files a folder may hold for this kind and its references, each
    /// `{stem}.csv` or `{stem}.json`.
    fn companions(self) -> &'static [&'static str] {
        match self {
            Registry::Enterprises => &["certifications", "labs", "plants"],
            Registry::Labs => &["enterprises", "plants"],
            Registry::Plants => &["accessions", "labs", "enterprises"],
            Registry::ValueChain => &["enterprises", "labs", "plants"],
        }
    }
}

/// What the store already holds that a registry or a progress report may refer to: ids of
/// organisations, labs and taxa (with whether each is illustrative), the plans' agencies, task
/// codes and targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// Organisation id (enterprises and labs) → illustrative.
    pub orgs: BTreeMap<String, bool>,
    /// Lab id → illustrative.
    pub labs: BTreeMap<String, bool>,
    /// Taxon id → scientific name.
    pub taxa: BTreeMap<String, String>,
    /// Agency keys of the plans (`so-y-te`).
    pub agencies: BTreeSet<String>,
    /// Task row code (`II.2.2.7`) → the IRIs of the plans' task rows with that code.
    pub tasks: BTreeMap<String, Vec<String>>,
    /// Agency key (`so-y-te`) → its name as the plan prints it (`Sở Y tế`): the agencies, not
    /// the generic groups, that a progress report may come from.
    pub agency_names: BTreeMap<String, String>,
    /// Target number (`10`) → its indicators in order (the first is indicator 1), each as the
    /// IRIs of that indicator in the plans that have the target.
    pub targets: BTreeMap<String, Vec<Vec<String>>>,
}

/// One file of a registry: its name (without folder) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryFile {
    /// `enterprises.csv`; the extension chooses the format (`.json` is JSON, anything else
    /// CSV).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The files a load reads: the main file and the companions found beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryFiles {
    /// The file named on the command line.
    pub main: RegistryFile,
    /// Other registry files of the same folder, by name (`certifications.csv`, `labs.json`).
    pub companions: Vec<RegistryFile>,
}

impl RegistryFiles {
    /// Reads `path` and the companion files of `kind` beside it: for each companion, the
    /// `.csv` or the `.json` file of its name.
    ///
    /// # Errors
    /// [`Error::Read`] when a file cannot be read, [`Error::Folder`] when a companion is there
    /// as both `.csv` and `.json` (which one is meant cannot be told).
    pub fn read(kind: Registry, path: &Path) -> Result<Self> {
        let read = |p: &Path| {
            std::fs::read(p).map_err(|source| Error::Read {
                path: p.to_owned(),
                source,
            })
        };
        let name = file_name(path);
        let main = RegistryFile {
            name: name.clone(),
            bytes: read(path)?,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut companions = Vec::new();
        for stem in kind.companions() {
            let found: Vec<String> = ["csv", "json"]
                .iter()
                .map(|ext| format!("{stem}.{ext}"))
                .filter(|c| *c != name && dir.join(c).is_file())
                .collect();
            match found.as_slice() {
                [] => {}
                [c] => companions.push(RegistryFile {
                    name: c.clone(),
                    bytes: read(&dir.join(c))?,
                }),
                [a, b, ..] => {
                    return Err(Error::Folder {
                        folder: dir.display().to_string(),
                        reason: format!("{a} and {b} are both beside {name}: keep one of the two"),
                    });
                }
            }
        }
        Ok(RegistryFiles { main, companions })
    }

    /// The companion `{stem}.csv` or `{stem}.json`, the first one if both were given.
    fn companion(&self, stem: &str) -> Option<&RegistryFile> {
        self.companions.iter().find(|f| {
            f.name
                .rsplit_once('.')
                .is_some_and(|(s, ext)| s == stem && matches!(ext, "csv" | "json"))
        })
    }
}

/// Reads and validates a registry file of `kind` with its companions: the quads of its graph
/// and a report, or every problem found. `name` is the source's name in IRIs.
///
/// # Errors
/// [`Error::Invalid`] or [`Error::BadName`].
pub(crate) fn load_registry_files(
    kind: Registry,
    files: &RegistryFiles,
    name: &str,
    gazetteer: &Gazetteer,
    known: &Known,
) -> Result<Loaded> {
    if name.is_empty() || iri::slug(name) != name {
        return Err(Error::BadName(name.to_owned()));
    }
    let source = SourceFile {
        source_type: kind.source_type(),
        name: name.to_owned(),
        file_name: files.main.name.clone(),
        sha256: checksum(files),
    };
    let mut problems = Vec::new();
    let mut ctx = Ctx {
        gaz: gazetteer,
        known,
        files,
        problems: &mut problems,
    };
    let mut out = Out::new(&source);
    let counts = match kind {
        Registry::Enterprises => enterprises::read(&mut ctx, &mut out),
        Registry::Labs => labs::read(&mut ctx, &mut out),
        Registry::Plants => plants::read(&mut ctx, &mut out),
        Registry::ValueChain => value_chain::read(&mut ctx, &mut out),
    };
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(Error::Invalid(problems));
    }
    let quads = out.finish();
    let report = Report {
        file: files.main.name.clone(),
        source_type: kind.source_type(),
        counts,
        warnings: Vec::new(),
        triples: quads.len(),
    };
    Ok(Loaded {
        source,
        quads,
        report,
    })
}

/// SHA-256 over the files read: each file's name, a NUL byte, its length as 8 little-endian
/// bytes, its bytes, the main file first.
fn checksum(files: &RegistryFiles) -> String {
    let mut h = Sha256::new();
    for f in std::iter::once(&files.main).chain(&files.companions) {
        h.update(f.name.as_bytes());
        h.update([0]);
        h.update((f.bytes.len() as u64).to_le_bytes());
        h.update(&f.bytes);
    }
    format!("{:x}", h.finalize())
}

/// What every reader gets: the places, the store's ids, the files and the problem list.
pub(crate) struct Ctx<'a> {
    pub(crate) gaz: &'a Gazetteer,
    pub(crate) known: &'a Known,
    pub(crate) files: &'a RegistryFiles,
    pub(crate) problems: &'a mut Vec<Problem>,
}

impl Ctx<'_> {
    /// Reads the main file or a companion against `format`, recording its problems.
    pub(crate) fn table(
        &mut self,
        file: &RegistryFile,
        format: &[table::Column],
    ) -> Option<table::Table> {
        table::read(&file.name, &file.bytes, format, self.problems)
    }

    /// Reads the companion `{stem}.csv` or `{stem}.json` only for the ids it defines; its own
    /// problems are not this load's.
    pub(crate) fn peek(&self, stem: &str, format: &[table::Column]) -> Option<table::Table> {
        let f = self.files.companion(stem)?;
        let mut ignored = Vec::new();
        table::read(&f.name, &f.bytes, format, &mut ignored)
    }

    /// A checker for `file`.
    pub(crate) fn check<'c>(&'c mut self, file: &'c str) -> fields::Check<'c> {
        fields::Check {
            file,
            problems: self.problems,
        }
    }
}

/// The quads of one load, with the common statements of registry entities.
pub(crate) struct Out {
    pub(crate) g: Sink,
    pub(crate) src: NamedNode,
}

impl Out {
    fn new(source: &SourceFile) -> Self {
        Out {
            g: Sink::for_source(source),
            src: source.entity(),
        }
    }

    fn finish(self) -> Vec<Quad> {
        self.g.quads
    }

    /// What every entity of a row states: types, its line, provenance, its sources, whether it
    /// is illustrative, its registry id.
    pub(crate) fn entity(
        &mut self,
        s: &NamedNode,
        types: &[NamedNodeRef<'_>],
        line: usize,
        id: &str,
        sources: &[&str],
        illustrative: bool,
    ) {
        self.g.typed(s, types);
        self.g.add(s, lcb::LINE_START, Literal::from(line as i64));
        self.g.add(s, prov::WAS_DERIVED_FROM, self.src.clone());
        self.g.string(s, lcb::REGISTRY_ID, id);
        for item in sources {
            self.g.string(s, dcterms::SOURCE, item);
        }
        self.g
            .add(s, lcb::ILLUSTRATIVE, Literal::from(illustrative));
    }

    /// A text in Vietnamese, when not empty.
    pub(crate) fn vi(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        self.g.vi(s, p, text);
    }

    /// A plain string, when not empty.
    pub(crate) fn string(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        if !text.is_empty() {
            self.g.string(s, p, text);
        }
    }

    /// An English text, when not empty.
    pub(crate) fn en(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        if !text.is_empty() {
            self.g.add(
                s,
                p,
                Literal::new_language_tagged_literal_unchecked(text, "en"),
            );
        }
    }

    /// A link.
    pub(crate) fn link(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: NamedNode) {
        self.g.add(s, p, o);
    }

    /// A typed literal.
    pub(crate) fn typed_value(
        &mut self,
        s: &NamedNode,
        p: NamedNodeRef<'_>,
        value: &str,
        datatype: NamedNodeRef<'_>,
    ) {
        self.g
            .add(s, p, Literal::new_typed_literal(value, datatype));
    }

    /// A decimal.
    pub(crate) fn decimal(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: Option<&str>) {
        if let Some(v) = value {
            self.typed_value(s, p, v, xsd::DECIMAL);
        }
    }

    /// A count.
    pub(crate) fn count(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: Option<u64>) {
        if let Some(v) = value {
            self.typed_value(s, p, &v.to_string(), xsd::INTEGER);
        }
    }

    /// Notes, when not empty.
    pub(crate) fn notes(&mut self, s: &NamedNode, text: &str) {
        if !text.is_empty() {
            self.g.add(
                s,
                skos::NOTE,
                Literal::new_language_tagged_literal_unchecked(text, "en"),
            );
        }
    }

    /// `rdf:type` only.
    pub(crate) fn also_type(&mut self, s: &NamedNode, t: NamedNodeRef<'_>) {
        self.g.add(s, rdf::TYPE, t.into_owned());
    }
}

/// The `source` column: `;`-separated citations.
pub(crate) fn sources(v: &str) -> Vec<&str> {
    v.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The bundled registry files of a kind (`data/registries/`), compiled into the binary, with
/// the companions the kind reads.
pub fn bundled(kind: Registry) -> RegistryFiles {
    macro_rules! file {
        ($name:literal) => {
            RegistryFile {
                name: $name.to_owned(),
                bytes: include_bytes!(concat!("../../../data/registries/", $name)).to_vec(),
            }
        };
    }
    let all = [
        file!("enterprises.csv"),
        file!("certifications.csv"),
        file!("labs.csv"),
        file!("plants.csv"),
        file!("accessions.csv"),
        file!("value-chain.json"),
    ];
    let main_name = match kind {
        Registry::Enterprises => "enterprises.csv",
        Registry::Labs => "labs.csv",
        Registry::Plants => "plants.csv",
        Registry::ValueChain => "value-chain.json",
    };
    let main = all
        .iter()
        .find(|f| f.name == main_name)
        .cloned()
        .expect("the main file is bundled");
    let companions = all
        .into_iter()
        .filter(|f| {
            f.name
                .split_once('.')
                .is_some_and(|(stem, _)| kind.companions().contains(&stem))
        })
        .collect();
    RegistryFiles { main, companions }
}

/// What one subject says that matters for references: (registry id, illustrative, is a lab,
/// is an enterprise, scientific name).
type Facts<'q> = (&'q str, Option<bool>, bool, bool, Option<&'q str>);

impl Known {
    /// What a set of quads (the store's, or bundled sources loaded in memory) holds that
    /// registries may refer to.
    pub fn from_quads<'q>(quads: impl IntoIterator<Item = &'q Quad>) -> Self {
        let mut seen = Seen {
            known: Known::default(),
            agency_base: iri::agency(""),
            ids: BTreeMap::new(),
            target_numbers: BTreeMap::new(),
            indicators: Vec::new(),
            orders: BTreeMap::new(),
        };
        for q in quads {
            let oxrdf::NamedOrBlankNode::NamedNode(s) = &q.subject else {
                continue;
            };
            if !seen.plan_fact(s.as_str(), q) {
                seen.subject_fact(s.as_str(), q);
            }
        }
        seen.into_known()
    }
}

/// What [`Known::from_quads`] has read so far: what the plans say, straight into `known`, and
/// what must wait for all the quads (each subject's facts, the targets' indicators).
struct Seen<'q> {
    known: Known,
    agency_base: NamedNode,
    /// Subject → its facts.
    ids: BTreeMap<&'q str, Facts<'q>>,
    // Target → number, (target, indicator) links, indicator → position.
    target_numbers: BTreeMap<&'q str, &'q str>,
    indicators: Vec<(&'q str, &'q str)>,
    orders: BTreeMap<&'q str, usize>,
}

impl<'q> Seen<'q> {
    /// Takes a quad of the plans (a task's or target's code, an indicator and its position,
    /// an agency's name or key); `false` if `q` is none of these.
    fn plan_fact(&mut self, s: &'q str, q: &'q Quad) -> bool {
        let p = q.predicate.as_ref();
        let literal = match &q.object {
            oxrdf::Term::Literal(l) => Some(l.value()),
            _ => None,
        };
        if p == skos::NOTATION && s.contains("/task/") {
            if let Some(code) = literal {
                let tasks = self.known.tasks.entry(code.to_owned()).or_default();
                tasks.push(s.to_owned());
            }
        } else if p == skos::NOTATION && s.contains("/target/") {
            if let Some(number) = literal {
                self.target_numbers.insert(s, number);
            }
        } else if p == lcb::HAS_INDICATOR {
            if let oxrdf::Term::NamedNode(o) = &q.object {
                self.indicators.push((s, o.as_str()));
            }
        } else if p == lcb::INDICATOR_ORDER {
            if let Some(Ok(n)) = literal.map(str::parse) {
                self.orders.insert(s, n);
            }
        } else if p == skos::PREF_LABEL
            && let Some(key) = s.strip_prefix(self.agency_base.as_str())
        {
            if let Some(name) = literal {
                let names = &mut self.known.agency_names;
                names.insert(key.to_owned(), name.to_owned());
            }
        } else if p == lcb::AGENCY_KEY {
            if let Some(key) = literal {
                self.known.agencies.insert(key.to_owned());
            }
        } else {
            return false;
        }
        true
    }

    /// Takes what `q` says of a registry subject: its id, illustrative, kind, scientific name.
    fn subject_fact(&mut self, s: &'q str, q: &'q Quad) {
        let p = q.predicate.as_ref();
        let e = self.ids.entry(s).or_insert(("", None, false, false, None));
        match &q.object {
            oxrdf::Term::Literal(l) if p == lcb::REGISTRY_ID => e.0 = l.value(),
            oxrdf::Term::Literal(l) if p == lcb::ILLUSTRATIVE => {
                e.1 = Some(l.value() == "true");
            }
            oxrdf::Term::Literal(l) if p == biokg_ontology::dwc::SCIENTIFIC_NAME => {
                e.4 = Some(l.value());
            }
            oxrdf::Term::NamedNode(t) if p == rdf::TYPE => {
                if t.as_ref() == lcb::LAB {
                    e.2 = true;
                } else if t.as_ref() == lcb::ENTERPRISE {
                    e.3 = true;
                }
            }
            _ => {}
        }
    }

    /// `known` with the organisations, labs and taxa by registry id, and each target's
    /// indicators in order.
    fn into_known(self) -> Known {
        let mut known = self.known;
        for (_, (id, ill, lab, ent, sci)) in self.ids {
            if id.is_empty() {
                continue;
            }
            let ill = ill.unwrap_or(false);
            if lab || ent {
                known.orgs.insert(id.to_owned(), ill);
            }
            if lab {
                known.labs.insert(id.to_owned(), ill);
            }
            if let Some(sci) = sci {
                known.taxa.insert(id.to_owned(), sci.to_owned());
            }
        }
        for (target, indicator) in self.indicators {
            let number = self.target_numbers.get(target);
            let (Some(number), Some(&n)) = (number, self.orders.get(indicator)) else {
                continue;
            };
            let list = known.targets.entry((*number).to_owned()).or_default();
            if list.len() < n {
                list.resize(n, Vec::new());
            }
            if let Some(slot) = n.checked_sub(1).and_then(|i| list.get_mut(i)) {
                slot.push(indicator.to_owned());
                slot.sort();
            }
        }
        known
    }
}

/// The registry of a source graph IRI (`…/graph/labs/labs` is [`Registry::Labs`]), if it is
/// one.
pub fn graph_registry(graph: &str) -> Option<Registry> {
    let rest = graph.strip_prefix(iri::GRAPH_BASE)?;
    let key = rest.split('/').next()?;
    Registry::ALL.into_iter().find(|r| r.key() == key)
}
