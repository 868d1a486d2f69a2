//! Reading a shapes graph into [`Shapes`]: node and property shapes with their targets, paths
//! and constraints, rejecting any SHACL feature the validator does not implement.

use super::sh;
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

/// A shapes graph that cannot be used: malformed, or using a feature outside the subset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("shape {shape}: {reason}")]
pub struct ShapesError {
    /// The shape (its IRI, or `_:…` for a blank node), or `shapes` for the file as a whole.
    pub shape: String,
    /// What is wrong.
    pub reason: String,
}

/// A SHACL property path, as far as the subset goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Path {
    /// An IRI: the values of `focus p ?v`.
    Predicate(NamedNode),
    /// `[ sh:inversePath p ]`: the values of `?v p focus`.
    Inverse(NamedNode),
}

impl Path {
    /// The path as written in Turtle with the project's prefixes: `schema:taxID`,
    /// `^schema:hasCertification`.
    pub fn prefixed(&self) -> String {
        match self {
            Path::Predicate(p) => super::compact_iri(p.as_str()),
            Path::Inverse(p) => format!("^{}", super::compact_iri(p.as_str())),
        }
    }
}

/// How bad a result is (`sh:severity`); only violations stop a load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// `sh:Violation`, the default.
    Violation,
    /// `sh:Warning`.
    Warning,
    /// `sh:Info`.
    Info,
}

/// `sh:nodeKind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    pub(crate) fn accepts(self, t: TermRef<'_>) -> bool {
        let (iri, blank, literal) = match t {
            TermRef::NamedNode(_) => (true, false, false),
            TermRef::BlankNode(_) => (false, true, false),
            TermRef::Literal(_) => (false, false, true),
        };
        match self {
            NodeKind::Iri => iri,
            NodeKind::BlankNode => blank,
            NodeKind::Literal => literal,
            NodeKind::BlankNodeOrIri => blank || iri,
            NodeKind::BlankNodeOrLiteral => blank || literal,
            NodeKind::IriOrLiteral => iri || literal,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            NodeKind::Iri => "an IRI",
            NodeKind::BlankNode => "a blank node",
            NodeKind::Literal => "a literal",
            NodeKind::BlankNodeOrIri => "an IRI or a blank node",
            NodeKind::BlankNodeOrLiteral => "a blank node or a literal",
            NodeKind::IriOrLiteral => "an IRI or a literal",
        }
    }
}

/// The range comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    MinInclusive,
    MaxInclusive,
    MinExclusive,
    MaxExclusive,
}

/// One constraint component with its parameters. Shapes are referred to by index.
#[derive(Debug, Clone)]
pub(crate) enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Datatype(NamedNode),
    Class(NamedNode),
    NodeKind(NodeKind),
    In(Vec<Term>),
    HasValue(Term),
    Pattern(Regex),
    Range(Bound, Literal),
    MinLength(usize),
    MaxLength(usize),
    LanguageIn(Vec<String>),
    UniqueLang,
    Node(usize),
    Or(Vec<usize>),
    Qualified {
        shape: usize,
        min: Option<usize>,
        max: Option<usize>,
    },
    Property(usize),
}

/// How a shape selects its focus nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// A node shape (no path) or a property shape (a path).
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    pub(crate) id: NamedOrBlankNode,
    pub(crate) path: Option<Path>,
    pub(crate) targets: Vec<Target>,
    pub(crate) constraints: Vec<Constraint>,
    pub(crate) severity: Severity,
    pub(crate) message: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) deactivated: bool,
}

/// A parsed shapes graph, with the ontology its class targets and `sh:class` constraints
/// consult for `rdfs:subClassOf`.
#[derive(Debug, Clone)]
pub struct Shapes {
    pub(crate) shapes: Vec<Shape>,
    pub(crate) ontology: Graph,
}

fn err(shape: impl std::fmt::Display, reason: impl Into<String>) -> ShapesError {
    ShapesError {
        shape: shape.to_string(),
        reason: reason.into(),
    }
}

/// Parses Turtle into a graph, or says where it is broken.
pub(crate) fn turtle(what: &str, ttl: &str) -> Result<Graph, ShapesError> {
    let mut g = Graph::new();
    for t in oxttl::TurtleParser::new().for_slice(ttl.as_bytes()) {
        let t = t.map_err(|e| err(what, e.to_string()))?;
        g.insert(&t);
    }
    Ok(g)
}

impl Shapes {
    /// Parses a shapes graph in Turtle; `ontology` are Turtle documents (the ontology, the
    /// concept schemes) whose `rdfs:subClassOf` and other statements join every data graph
    /// validated against these shapes.
    ///
    /// # Errors
    /// [`ShapesError`] when a document does not parse, a shape is malformed, or a shape uses a
    /// SHACL feature outside the implemented subset (see the module documentation).
    pub fn parse(shapes_ttl: &str, ontology: &[&str]) -> Result<Self, ShapesError> {
        let graph = turtle("shapes", shapes_ttl)?;
        let mut onto = Graph::new();
        for (i, ttl) in ontology.iter().enumerate() {
            for t in &turtle(&format!("ontology document {}", i + 1), ttl)? {
                onto.insert(t);
            }
        }
        Self::from_graph(&graph, onto)
    }

    /// As [`Shapes::parse`], for a shapes graph already parsed.
    ///
    /// # Errors
    /// As [`Shapes::parse`].
    pub fn from_graph(graph: &Graph, ontology: Graph) -> Result<Self, ShapesError> {
        let mut reader = Reader {
            g: graph,
            shapes: Vec::new(),
            index: HashMap::new(),
        };
        // Every node declared a shape or carrying a target is a root; the shapes they reach
        // through sh:property, sh:node, sh:or and sh:qualifiedValueShape are read on the way.
        let mut roots: Vec<NamedOrBlankNode> = Vec::new();
        for kind in [sh::NODE_SHAPE, sh::PROPERTY_SHAPE] {
            roots.extend(
                graph
                    .subjects_for_predicate_object(rdf::TYPE, kind)
                    .map(|s| s.into_owned()),
            );
        }
        for p in [
            sh::TARGET_CLASS,
            sh::TARGET_NODE,
            sh::TARGET_SUBJECTS_OF,
            sh::TARGET_OBJECTS_OF,
        ] {
            roots.extend(
                graph
                    .triples_for_predicate(p)
                    .map(|t| t.subject.into_owned()),
            );
        }
        roots.sort_by_key(ToString::to_string);
        roots.dedup();
        for r in &roots {
            reader.shape(r)?;
        }
        Ok(Shapes {
            shapes: reader.shapes,
            ontology,
        })
    }

    /// The shapes of the project (`biokg_ontology::SHAPES_TTL`) with its ontology and
    /// concept schemes.
    ///
    /// # Panics
    /// Never for the bundled files: a test parses them.
    pub fn bundled() -> &'static Shapes {
        static SHAPES: std::sync::OnceLock<Shapes> = std::sync::OnceLock::new();
        SHAPES.get_or_init(|| {
            Shapes::parse(
                biokg_ontology::SHAPES_TTL,
                &[biokg_ontology::ONTOLOGY_TTL, biokg_ontology::SCHEMES_TTL],
            )
            .expect("the bundled shapes are valid")
        })
    }

    /// Number of shapes read (node and property shapes, named or blank).
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether no shape was read.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The classes the shapes target with `sh:targetClass`, sorted, without repeats.
    pub fn target_classes(&self) -> Vec<NamedNode> {
        let mut out: Vec<NamedNode> = self
            .shapes
            .iter()
            .flat_map(|s| &s.targets)
            .filter_map(|t| match t {
                Target::Class(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        out.dedup();
        out
    }
}

struct Reader<'g> {
    g: &'g Graph,
    shapes: Vec<Shape>,
    index: HashMap<NamedOrBlankNode, usize>,
}

impl Reader<'_> {
    fn node(
        &self,
        t: TermRef<'_>,
        id: &NamedOrBlankNode,
        what: &str,
    ) -> Result<NamedOrBlankNode, ShapesError> {
        match t {
            TermRef::NamedNode(n) => Ok(n.into_owned().into()),
            TermRef::BlankNode(b) => Ok(b.into_owned().into()),
            TermRef::Literal(_) => Err(err(id, format!("{what} must be an IRI or a blank node"))),
        }
    }

    fn iri(
        &self,
        t: TermRef<'_>,
        id: &NamedOrBlankNode,
        what: &str,
    ) -> Result<NamedNode, ShapesError> {
        match t {
            TermRef::NamedNode(n) => Ok(n.into_owned()),
            _ => Err(err(id, format!("{what} must be an IRI"))),
        }
    }

    fn count(
        &self,
        t: TermRef<'_>,
        id: &NamedOrBlankNode,
        what: &str,
    ) -> Result<usize, ShapesError> {
        match t {
            TermRef::Literal(l) if l.datatype() == xsd::INTEGER => l
                .value()
                .parse()
                .map_err(|_| err(id, format!("{what} must be a non-negative xsd:integer"))),
            _ => Err(err(
                id,
                format!("{what} must be a non-negative xsd:integer"),
            )),
        }
    }

    fn boolean(
        &self,
        t: TermRef<'_>,
        id: &NamedOrBlankNode,
        what: &str,
    ) -> Result<bool, ShapesError> {
        match t {
            TermRef::Literal(l) if l.datatype() == xsd::BOOLEAN => {
                Ok(matches!(l.value(), "true" | "1"))
            }
            _ => Err(err(id, format!("{what} must be an xsd:boolean"))),
        }
    }

    fn string(
        &self,
        t: TermRef<'_>,
        id: &NamedOrBlankNode,
        what: &str,
    ) -> Result<String, ShapesError> {
        match t {
            TermRef::Literal(l) => Ok(l.value().to_owned()),
            _ => Err(err(id, format!("{what} must be a literal"))),
        }
    }

    /// The members of an RDF list.
    fn list(
        &self,
        head: TermRef<'_>,
        id: &NamedOrBlankNode,
        what: &str,
    ) -> Result<Vec<Term>, ShapesError> {
        let mut out = Vec::new();
        let mut node = head.into_owned();
        let mut steps = 0;
        while node != Term::NamedNode(rdf::NIL.into_owned()) {
            let cell = self.node(node.as_ref(), id, what)?;
            let first = self.g.object_for_subject_predicate(&cell, rdf::FIRST);
            let rest = self.g.object_for_subject_predicate(&cell, rdf::REST);
            let (Some(first), Some(rest)) = (first, rest) else {
                return Err(err(id, format!("{what} must be a well-formed RDF list")));
            };
            out.push(first.into_owned());
            node = rest.into_owned();
            steps += 1;
            if steps > 10_000 {
                return Err(err(id, format!("{what} is a cyclic RDF list")));
            }
        }
        Ok(out)
    }

    fn path(&self, t: TermRef<'_>, id: &NamedOrBlankNode) -> Result<Path, ShapesError> {
        match t {
            TermRef::NamedNode(p) => Ok(Path::Predicate(p.into_owned())),
            TermRef::BlankNode(b) => {
                let inverse = self.g.object_for_subject_predicate(b, sh::INVERSE_PATH);
                let arcs = self.g.triples_for_subject(b).count();
                match inverse {
                    Some(TermRef::NamedNode(p)) if arcs == 1 => Ok(Path::Inverse(p.into_owned())),
                    _ => Err(err(
                        id,
                        "unsupported sh:path: only an IRI or [ sh:inversePath IRI ] is implemented",
                    )),
                }
            }
            TermRef::Literal(_) => Err(err(id, "sh:path must be an IRI or a blank node")),
        }
    }

    fn message(&self, id: &NamedOrBlankNode) -> Option<String> {
        // Prefer English, then an untagged message, then any.
        let mut best: Option<(u8, String)> = None;
        for o in self.g.objects_for_subject_predicate(id, sh::MESSAGE) {
            if let TermRef::Literal(l) = o {
                let rank = match l.language() {
                    Some(lang) if lang.eq_ignore_ascii_case("en") => 0,
                    None => 1,
                    Some(_) => 2,
                };
                if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                    best = Some((rank, l.value().to_owned()));
                }
            }
        }
        best.map(|(_, m)| m)
    }

    /// Reads the shape `id` (and the shapes it refers to), returning its index.
    fn shape(&mut self, id: &NamedOrBlankNode) -> Result<usize, ShapesError> {
        if let Some(i) = self.index.get(id) {
            return Ok(*i);
        }
        // Registered before its statements are read, so that a shape referring back to it
        // gets its index instead of reading it again.
        let i = self.shapes.len();
        self.index.insert(id.clone(), i);
        let empty = Shape {
            id: id.clone(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            severity: Severity::Violation,
            message: self.message(id),
            name: None,
            deactivated: false,
        };
        self.shapes.push(empty.clone());
        let mut draft = ShapeDraft {
            shape: empty,
            pattern: None,
        };
        let triples: Vec<(NamedNode, Term)> = self
            .g
            .triples_for_subject(id)
            .map(|t| (t.predicate.into_owned(), t.object.into_owned()))
            .collect();
        for (p, o) in &triples {
            // rdf:type, rdfs:label, rdfs:comment and any other annotation are not SHACL's.
            if p.as_str().starts_with(sh::NAMESPACE) {
                self.statement(id, p.as_ref(), o.as_ref(), &mut draft)?;
            }
        }
        if let Some(source) = draft.pattern {
            let flags = match self.g.object_for_subject_predicate(id, sh::FLAGS) {
                Some(f) => self.string(f, id, "sh:flags")?,
                None => String::new(),
            };
            let pattern = Constraint::Pattern(compile(&source, &flags, id)?);
            draft.shape.constraints.push(pattern);
        }
        check_path(&draft.shape)?;
        self.shapes[i] = draft.shape;
        Ok(i)
    }

    /// Reads one statement `id p o` of the SHACL vocabulary into `draft`.
    fn statement(
        &mut self,
        id: &NamedOrBlankNode,
        p: NamedNodeRef<'_>,
        o: TermRef<'_>,
        draft: &mut ShapeDraft,
    ) -> Result<(), ShapesError> {
        if let Some(target) = self.target(id, p, o)? {
            draft.shape.targets.push(target);
        } else if let Some(c) = self.value_constraint(id, p, o)? {
            draft.shape.constraints.push(c);
        } else if let Some(c) = self.shape_constraint(id, p, o)? {
            draft.shape.constraints.push(c);
        } else {
            self.setting(id, p, o, draft)?;
        }
        Ok(())
    }

    /// The target `p o` states, if `p` is a target predicate.
    fn target(
        &self,
        id: &NamedOrBlankNode,
        p: NamedNodeRef<'_>,
        o: TermRef<'_>,
    ) -> Result<Option<Target>, ShapesError> {
        Ok(Some(match p {
            _ if p == sh::TARGET_CLASS => Target::Class(self.iri(o, id, "sh:targetClass")?),
            _ if p == sh::TARGET_NODE => Target::Node(o.into_owned()),
            _ if p == sh::TARGET_SUBJECTS_OF => {
                Target::SubjectsOf(self.iri(o, id, "sh:targetSubjectsOf")?)
            }
            _ if p == sh::TARGET_OBJECTS_OF => {
                Target::ObjectsOf(self.iri(o, id, "sh:targetObjectsOf")?)
            }
            _ => return Ok(None),
        }))
    }

    /// The constraint `p o` states on the values themselves, if `p` is such a parameter.
    fn value_constraint(
        &self,
        id: &NamedOrBlankNode,
        p: NamedNodeRef<'_>,
        o: TermRef<'_>,
    ) -> Result<Option<Constraint>, ShapesError> {
        Ok(Some(match p {
            _ if p == sh::MIN_COUNT => Constraint::MinCount(self.count(o, id, "sh:minCount")?),
            _ if p == sh::MAX_COUNT => Constraint::MaxCount(self.count(o, id, "sh:maxCount")?),
            _ if p == sh::DATATYPE => Constraint::Datatype(self.iri(o, id, "sh:datatype")?),
            _ if p == sh::CLASS => Constraint::Class(self.iri(o, id, "sh:class")?),
            _ if p == sh::NODE_KIND => Constraint::NodeKind(self.node_kind(o, id)?),
            _ if p == sh::IN => Constraint::In(self.list(o, id, "sh:in")?),
            _ if p == sh::HAS_VALUE => Constraint::HasValue(o.into_owned()),
            _ if p == sh::MIN_INCLUSIVE
                || p == sh::MAX_INCLUSIVE
                || p == sh::MIN_EXCLUSIVE
                || p == sh::MAX_EXCLUSIVE =>
            {
                let TermRef::Literal(l) = o else {
                    return Err(err(id, format!("{p} must be a literal")));
                };
                let bound = match p {
                    _ if p == sh::MIN_INCLUSIVE => Bound::MinInclusive,
                    _ if p == sh::MAX_INCLUSIVE => Bound::MaxInclusive,
                    _ if p == sh::MIN_EXCLUSIVE => Bound::MinExclusive,
                    _ => Bound::MaxExclusive,
                };
                Constraint::Range(bound, l.into_owned())
            }
            _ if p == sh::MIN_LENGTH => Constraint::MinLength(self.count(o, id, "sh:minLength")?),
            _ if p == sh::MAX_LENGTH => Constraint::MaxLength(self.count(o, id, "sh:maxLength")?),
            _ if p == sh::LANGUAGE_IN => {
                let mut langs = Vec::new();
                for t in self.list(o, id, "sh:languageIn")? {
                    langs.push(self.string(t.as_ref(), id, "a sh:languageIn member")?);
                }
                Constraint::LanguageIn(langs)
            }
            _ => return Ok(None),
        }))
    }

    /// `sh:nodeKind`'s value.
    fn node_kind(&self, o: TermRef<'_>, id: &NamedOrBlankNode) -> Result<NodeKind, ShapesError> {
        let kinds = [
            (sh::IRI, NodeKind::Iri),
            (sh::BLANK_NODE, NodeKind::BlankNode),
            (sh::LITERAL, NodeKind::Literal),
            (sh::BLANK_NODE_OR_IRI, NodeKind::BlankNodeOrIri),
            (sh::BLANK_NODE_OR_LITERAL, NodeKind::BlankNodeOrLiteral),
            (sh::IRI_OR_LITERAL, NodeKind::IriOrLiteral),
        ];
        self.one_of(o, id, "sh:nodeKind", &kinds)
    }

    /// The value of `what` (`o`), one of the IRIs of `values`.
    fn one_of<T: Copy>(
        &self,
        o: TermRef<'_>,
        id: &NamedOrBlankNode,
        what: &str,
        values: &[(NamedNodeRef<'static>, T)],
    ) -> Result<T, ShapesError> {
        let k = self.iri(o, id, what)?;
        values
            .iter()
            .find(|(iri, _)| *iri == k.as_ref())
            .map(|&(_, v)| v)
            .ok_or_else(|| err(id, format!("unknown {what} {k}")))
    }

    /// The constraint `p o` states by another shape, if `p` refers to one; the shapes
    /// referred to are read first.
    fn shape_constraint(
        &mut self,
        id: &NamedOrBlankNode,
        p: NamedNodeRef<'_>,
        o: TermRef<'_>,
    ) -> Result<Option<Constraint>, ShapesError> {
        Ok(Some(match p {
            _ if p == sh::PROPERTY => {
                let node = self.node(o, id, "sh:property")?;
                Constraint::Property(self.shape(&node)?)
            }
            _ if p == sh::NODE => {
                let node = self.node(o, id, "sh:node")?;
                Constraint::Node(self.shape(&node)?)
            }
            _ if p == sh::OR => {
                let mut members = Vec::new();
                for t in self.list(o, id, "sh:or")? {
                    let node = self.node(t.as_ref(), id, "a sh:or member")?;
                    members.push(self.shape(&node)?);
                }
                Constraint::Or(members)
            }
            _ if p == sh::QUALIFIED_VALUE_SHAPE => {
                let node = self.node(o, id, "sh:qualifiedValueShape")?;
                let shape = self.shape(&node)?;
                let read = |q: NamedNodeRef<'_>, what: &str| {
                    self.g
                        .object_for_subject_predicate(id, q)
                        .map(|v| self.count(v, id, what))
                        .transpose()
                };
                let min = read(sh::QUALIFIED_MIN_COUNT, "sh:qualifiedMinCount")?;
                let max = read(sh::QUALIFIED_MAX_COUNT, "sh:qualifiedMaxCount")?;
                if min.is_none() && max.is_none() {
                    return Err(err(
                        id,
                        "sh:qualifiedValueShape needs sh:qualifiedMinCount or sh:qualifiedMaxCount",
                    ));
                }
                Constraint::Qualified { shape, min, max }
            }
            _ => return Ok(None),
        }))
    }

    /// Any other SHACL statement: the path, the pattern, `sh:uniqueLang`, the shape's own
    /// settings, parameters read with another one, annotations; the rest is not implemented.
    fn setting(
        &self,
        id: &NamedOrBlankNode,
        p: NamedNodeRef<'_>,
        o: TermRef<'_>,
        draft: &mut ShapeDraft,
    ) -> Result<(), ShapesError> {
        let shape = &mut draft.shape;
        match p {
            _ if p == sh::PATH => {
                if shape.path.is_some() {
                    return Err(err(id, "a shape has at most one sh:path"));
                }
                shape.path = Some(self.path(o, id)?);
            }
            _ if p == sh::PATTERN => draft.pattern = Some(self.string(o, id, "sh:pattern")?),
            _ if p == sh::UNIQUE_LANG => {
                if self.boolean(o, id, "sh:uniqueLang")? {
                    shape.constraints.push(Constraint::UniqueLang);
                }
            }
            _ if p == sh::SEVERITY => {
                let severities = [
                    (sh::VIOLATION, Severity::Violation),
                    (sh::WARNING, Severity::Warning),
                    (sh::INFO, Severity::Info),
                ];
                shape.severity = self.one_of(o, id, "sh:severity", &severities)?;
            }
            _ if p == sh::NAME => shape.name = Some(self.string(o, id, "sh:name")?),
            _ if p == sh::DEACTIVATED => {
                shape.deactivated = self.boolean(o, id, "sh:deactivated")?
            }
            // Read with sh:pattern, sh:qualifiedValueShape, or when a result is reported.
            _ if p == sh::FLAGS
                || p == sh::QUALIFIED_MIN_COUNT
                || p == sh::QUALIFIED_MAX_COUNT
                || p == sh::MESSAGE => {}
            _ if p == sh::DESCRIPTION || p == sh::ORDER || p == sh::GROUP => {}
            _ => {
                return Err(err(
                    id,
                    format!(
                        "unsupported SHACL feature {}",
                        super::compact_iri(p.as_str())
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A shape being read, and its `sh:pattern` until its `sh:flags` are read with it.
struct ShapeDraft {
    shape: Shape,
    pattern: Option<String>,
}

/// Counts only make sense on a path: a node shape with them is malformed.
fn check_path(shape: &Shape) -> Result<(), ShapesError> {
    let property_only = shape.constraints.iter().any(|c| {
        matches!(
            c,
            Constraint::MinCount(_)
                | Constraint::MaxCount(_)
                | Constraint::UniqueLang
                | Constraint::Qualified { .. }
        )
    });
    if shape.path.is_none() && property_only {
        return Err(err(
            &shape.id,
            "sh:minCount, sh:maxCount, sh:uniqueLang and qualified counts need a sh:path",
        ));
    }
    Ok(())
}

/// Compiles `sh:pattern` with `sh:flags` (`i`, `m`, `s`, `x`, `q`).
fn compile(source: &str, flags: &str, id: &NamedOrBlankNode) -> Result<Regex, ShapesError> {
    let quoted;
    let mut src = source;
    if flags.contains('q') {
        quoted = regex::escape(source);
        src = &quoted;
    }
    let mut b = RegexBuilder::new(src);
    for f in flags.chars() {
        match f {
            'i' => b.case_insensitive(true),
            'm' => b.multi_line(true),
            's' => b.dot_matches_new_line(true),
            'x' => b.ignore_whitespace(true),
            'q' => &mut b,
            other => return Err(err(id, format!("unsupported sh:flags letter {other:?}"))),
        };
    }
    b.build()
        .map_err(|e| err(id, format!("sh:pattern {source:?} does not compile: {e}")))
}

/// `rdfs:subClassOf`, for the validator.
pub(crate) const SUB_CLASS_OF: NamedNodeRef<'static> = rdfs::SUB_CLASS_OF;
