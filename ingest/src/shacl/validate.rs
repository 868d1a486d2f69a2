//! Validation: focus nodes from the targets, value nodes from the paths, and one result per
//! failed constraint, over the union of the input, the ontology and the store.

use super::shapes::{Bound, Constraint, Path, SUB_CLASS_OF, Severity, Shape, Shapes, Target};
use super::{compact_iri, display_term, values};
use oxrdf::vocab::rdf;
use oxrdf::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef,
    TripleRef,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::rc::Rc;

/// What the store already holds, as the validator asks for it: one subject and predicate, or
/// one predicate and object, at a time.
///
/// A trait rather than a graph so that the caller answers from its store directly (two
/// pattern lookups) instead of copying the store into memory. The caller should leave out the
/// graph that the load replaces, so that the old version of a source does not count against
/// the new one.
pub trait Store {
    /// The objects of `subject predicate ?o`.
    fn objects(&self, subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Vec<Term>;
    /// The subjects of `?s predicate object`.
    fn subjects(&self, predicate: NamedNodeRef<'_>, object: TermRef<'_>) -> Vec<NamedOrBlankNode>;
    /// Whether the store holds any triple with this subject; `true` when it cannot tell
    /// cheaply. The validator asks once per IRI and skips [`Store::objects`] for one the
    /// store does not hold: most subjects of a new file.
    fn has_subject(&self, subject: NamedNodeRef<'_>) -> bool {
        let _ = subject;
        true
    }
}

/// A store that holds nothing: validation of a file on its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyStore;

impl Store for EmptyStore {
    fn objects(&self, _: NamedNodeRef<'_>, _: NamedNodeRef<'_>) -> Vec<Term> {
        Vec::new()
    }

    fn subjects(&self, _: NamedNodeRef<'_>, _: TermRef<'_>) -> Vec<NamedOrBlankNode> {
        Vec::new()
    }

    fn has_subject(&self, _: NamedNodeRef<'_>) -> bool {
        false
    }
}

impl Store for Graph {
    fn objects(&self, subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        self.objects_for_subject_predicate(subject, predicate)
            .map(TermRef::into_owned)
            .collect()
    }

    fn subjects(&self, predicate: NamedNodeRef<'_>, object: TermRef<'_>) -> Vec<NamedOrBlankNode> {
        self.subjects_for_predicate_object(predicate, object)
            .map(NamedOrBlankNodeRef::into_owned)
            .collect()
    }

    fn has_subject(&self, subject: NamedNodeRef<'_>) -> bool {
        self.triples_for_subject(subject).next().is_some()
    }
}

/// One failed constraint (a `sh:ValidationResult`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationResult {
    /// The focus node (`sh:focusNode`).
    pub focus: Term,
    /// The path of the property shape (`sh:resultPath`), none for a node shape.
    pub path: Option<Path>,
    /// The value node that failed (`sh:value`), for constraints on single values.
    pub value: Option<Term>,
    /// The constraint component (`sh:sourceConstraintComponent`), as a prefixed name:
    /// `sh:MinCountConstraintComponent`.
    pub component: &'static str,
    /// The shape that holds the constraint (`sh:sourceShape`).
    pub shape: NamedOrBlankNode,
    /// `sh:resultSeverity`.
    pub severity: Severity,
    /// `sh:resultMessage`: the shape's `sh:message`, or a description of the component.
    pub message: String,
    /// What was found, for the reader: `value "x"`, `found 2`, `language vi`; empty when the
    /// message says it all.
    pub detail: String,
}

impl ValidationResult {
    /// The field of the result as the project prints it: the path as a prefixed name
    /// (`schema:taxID`, `^schema:hasCertification`), or `node` for a node shape.
    pub fn field(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "node".to_owned(), Path::prefixed)
    }

    /// The reason as the project prints it: the focus node, the message, and what was found:
    /// `<…/org/x>: a tax code is 10 digits… (value "123")`.
    pub fn reason(&self) -> String {
        let focus = display_term(self.focus.as_ref());
        if self.detail.is_empty() {
            format!("{focus}: {}", self.message)
        } else {
            format!("{focus}: {} ({})", self.message, self.detail)
        }
    }
}

/// The input as the validator reads it: its triples grouped by subject; by predicate and
/// object for the predicates of inverse paths; by predicate for those of
/// `sh:targetSubjectsOf` and `sh:targetObjectsOf`. It borrows the caller's triples, so
/// building it copies no term, and it is the only index of them the validator needs (a
/// [`Graph`] would intern every triple into three sorted indexes).
pub struct Input<'a> {
    /// Subjects in order of first appearance.
    subjects: Vec<NamedOrBlankNodeRef<'a>>,
    by_subject: FxHashMap<NamedOrBlankNodeRef<'a>, Vec<(NamedNodeRef<'a>, TermRef<'a>)>>,
    by_object: FxHashMap<(NamedNodeRef<'a>, TermRef<'a>), Vec<NamedOrBlankNodeRef<'a>>>,
    by_predicate: FxHashMap<NamedNodeRef<'a>, Vec<(NamedOrBlankNodeRef<'a>, TermRef<'a>)>>,
}

impl<'a> Input<'a> {
    /// Indexes `triples` for validation against `shapes`. Repeated triples count once.
    pub fn new(shapes: &Shapes, triples: impl IntoIterator<Item = TripleRef<'a>>) -> Self {
        let mut inverse: Vec<NamedNodeRef<'_>> = Vec::new();
        let mut targeted: Vec<NamedNodeRef<'_>> = Vec::new();
        for shape in &shapes.shapes {
            if let Some(Path::Inverse(p)) = &shape.path {
                inverse.push(p.as_ref());
            }
            for t in &shape.targets {
                if let Target::SubjectsOf(p) | Target::ObjectsOf(p) = t {
                    targeted.push(p.as_ref());
                }
            }
        }
        let mut input = Input {
            subjects: Vec::new(),
            by_subject: FxHashMap::default(),
            by_object: FxHashMap::default(),
            by_predicate: FxHashMap::default(),
        };
        for t in triples {
            match input.by_subject.entry(t.subject) {
                Entry::Occupied(mut e) => e.get_mut().push((t.predicate, t.object)),
                Entry::Vacant(e) => {
                    input.subjects.push(t.subject);
                    e.insert(vec![(t.predicate, t.object)]);
                }
            }
            if inverse.contains(&t.predicate) {
                input
                    .by_object
                    .entry((t.predicate, t.object))
                    .or_default()
                    .push(t.subject);
            }
            if targeted.contains(&t.predicate) {
                input
                    .by_predicate
                    .entry(t.predicate)
                    .or_default()
                    .push((t.subject, t.object));
            }
        }
        input
    }

    /// Number of distinct subjects.
    pub fn subject_count(&self) -> usize {
        self.subjects.len()
    }

    fn objects<'s>(
        &'s self,
        s: NamedOrBlankNodeRef<'s>,
        p: NamedNodeRef<'s>,
    ) -> impl Iterator<Item = TermRef<'a>> + 's {
        self.by_subject
            .get(&s)
            .into_iter()
            .flatten()
            .filter(move |(q, _)| *q == p)
            .map(|(_, o)| *o)
    }

    fn subjects_of<'s>(
        &'s self,
        p: NamedNodeRef<'s>,
        o: TermRef<'s>,
    ) -> impl Iterator<Item = NamedOrBlankNodeRef<'a>> + 's {
        self.by_object.get(&(p, o)).into_iter().flatten().copied()
    }

    fn mentions(&self, n: TermRef<'_>) -> bool {
        subject(n).is_some_and(|s| self.by_subject.contains_key(&s))
            || self
                .by_subject
                .values()
                .any(|pos| pos.iter().any(|(_, o)| *o == n))
    }
}

/// The union the validator reads: input, ontology, store; with what it has learnt of the
/// store and of classes, so that each is asked once.
struct Data<'a> {
    input: &'a Input<'a>,
    ontology: &'a Graph,
    store: &'a dyn Store,
    /// Whether the store holds triples about an IRI (absent: not asked yet).
    in_store: RefCell<FxHashMap<Box<str>, bool>>,
    /// A class and all its superclasses, by class IRI.
    closures: RefCell<FxHashMap<Box<str>, Rc<FxHashSet<NamedNode>>>>,
    /// The classes of a node, by [`node_key`].
    classes: RefCell<FxHashMap<Box<str>, Rc<FxHashSet<NamedNode>>>>,
}

/// A node as one string: an IRI as itself, a blank node as `_:id`, which no IRI can be (a
/// scheme starts with a letter).
fn node_key(s: NamedOrBlankNodeRef<'_>) -> Cow<'_, str> {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => Cow::Borrowed(n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => Cow::Owned(b.to_string()),
    }
}

/// Drops repeats, keeping the first of each; value lists are short, so a scan does.
fn dedup<T: Eq + std::hash::Hash + Clone>(v: &mut Vec<T>) {
    if v.len() < 2 {
        return;
    }
    if v.len() <= 16 {
        let mut i = 1;
        while i < v.len() {
            if v[..i].contains(&v[i]) {
                v.remove(i);
            } else {
                i += 1;
            }
        }
    } else {
        let mut seen = FxHashSet::default();
        v.retain(|t| seen.insert(t.clone()));
    }
}

impl<'a> Data<'a> {
    fn new(input: &'a Input<'a>, ontology: &'a Graph, store: &'a dyn Store) -> Self {
        Data {
            input,
            ontology,
            store,
            in_store: RefCell::default(),
            closures: RefCell::default(),
            classes: RefCell::default(),
        }
    }

    fn store_has(&self, n: NamedNodeRef<'_>) -> bool {
        if let Some(known) = self.in_store.borrow().get(n.as_str()) {
            return *known;
        }
        let has = self.store.has_subject(n);
        self.in_store.borrow_mut().insert(n.as_str().into(), has);
        has
    }

    fn objects(&self, s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>) -> Vec<Term> {
        let mut out: Vec<Term> = self.input.objects(s, p).map(TermRef::into_owned).collect();
        if let NamedOrBlankNodeRef::NamedNode(n) = s {
            out.extend(
                self.ontology
                    .objects_for_subject_predicate(n, p)
                    .map(TermRef::into_owned),
            );
            if self.store_has(n) {
                out.extend(self.store.objects(n, p));
            }
        }
        dedup(&mut out);
        out
    }

    fn subjects(&self, p: NamedNodeRef<'_>, o: TermRef<'_>) -> Vec<NamedOrBlankNode> {
        let mut out: Vec<NamedOrBlankNode> = self
            .input
            .subjects_of(p, o)
            .map(NamedOrBlankNodeRef::into_owned)
            .collect();
        if !matches!(o, TermRef::BlankNode(_)) {
            out.extend(
                self.ontology
                    .subjects_for_predicate_object(p, o)
                    .map(NamedOrBlankNodeRef::into_owned),
            );
            out.extend(self.store.subjects(p, o));
        }
        dedup(&mut out);
        out
    }

    fn values(&self, node: TermRef<'_>, path: &Path) -> Vec<Term> {
        match path {
            Path::Predicate(p) => match subject(node) {
                Some(s) => self.objects(s, p.as_ref()),
                None => Vec::new(),
            },
            Path::Inverse(p) => self
                .subjects(p.as_ref(), node)
                .into_iter()
                .map(Term::from)
                .collect(),
        }
    }

    /// A class and all its superclasses (`rdfs:subClassOf*` in the union).
    fn closure(&self, class: NamedNodeRef<'_>) -> Rc<FxHashSet<NamedNode>> {
        if let Some(c) = self.closures.borrow().get(class.as_str()) {
            return Rc::clone(c);
        }
        let mut out = FxHashSet::default();
        let mut todo = vec![class.into_owned()];
        while let Some(c) = todo.pop() {
            if out.insert(c.clone()) {
                for sup in self.objects(c.as_ref().into(), SUB_CLASS_OF) {
                    if let Term::NamedNode(n) = sup {
                        todo.push(n);
                    }
                }
            }
        }
        let out = Rc::new(out);
        self.closures
            .borrow_mut()
            .insert(class.as_str().into(), Rc::clone(&out));
        out
    }

    /// The node's types and all their superclasses.
    fn classes(&self, node: TermRef<'_>) -> Rc<FxHashSet<NamedNode>> {
        let Some(s) = subject(node) else {
            return Rc::default();
        };
        let key = node_key(s);
        if let Some(c) = self.classes.borrow().get(key.as_ref()) {
            return Rc::clone(c);
        }
        let types: Vec<NamedNode> = self
            .objects(s, rdf::TYPE)
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n),
                _ => None,
            })
            .collect();
        let out = match types.as_slice() {
            [one] => self.closure(one.as_ref()),
            _ => {
                let mut all = FxHashSet::default();
                for t in &types {
                    all.extend(self.closure(t.as_ref()).iter().cloned());
                }
                Rc::new(all)
            }
        };
        self.classes
            .borrow_mut()
            .insert(key.into(), Rc::clone(&out));
        out
    }
}

fn subject(t: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
    match t {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        TermRef::Literal(_) => None,
    }
}

/// The deepest nesting of `sh:node` / `sh:or` / qualified shapes followed.
const MAX_DEPTH: usize = 32;

/// What [`Shapes::validate_input`] found.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    /// Every result, violations and warnings, in shape order then focus-node order.
    pub results: Vec<ValidationResult>,
    /// For each class of [`Shapes::target_classes`], the number of subjects of the input
    /// that are instances of it (directly or through a subclass) in the union.
    pub counts: Vec<(NamedNode, usize)>,
}

impl Shapes {
    /// Validates `input` over the union of `input`, the ontology and `store`: every result,
    /// violations and warnings, in shape order then focus-node order.
    pub fn validate(&self, input: &Graph, store: &dyn Store) -> Vec<ValidationResult> {
        self.validate_input(&Input::new(self, input), store).results
    }

    /// For each class of [`Shapes::target_classes`], the number of subjects of `input` that
    /// are instances of it (directly or through a subclass) in the union.
    pub fn instance_counts(&self, input: &Graph, store: &dyn Store) -> Vec<(NamedNode, usize)> {
        let input = Input::new(self, input);
        let data = Data::new(&input, &self.ontology, store);
        self.counts(&self.subject_classes(&data))
    }

    /// Validates an [`Input`] over the union of it, the ontology and `store`, and counts the
    /// instances of the target classes among its subjects, in one pass over it.
    pub fn validate_input(&self, input: &Input<'_>, store: &dyn Store) -> Validation {
        let data = Data::new(input, &self.ontology, store);
        let classes = self.subject_classes(&data);
        let mut results = Vec::new();
        for (i, focus) in self.focus_nodes(&data, &classes) {
            results.extend(self.check(&data, i, &focus, 0));
        }
        Validation {
            results,
            counts: self.counts(&classes),
        }
    }

    /// The classes of each subject of the input, in the input's order.
    fn subject_classes(&self, data: &Data<'_>) -> Vec<Rc<FxHashSet<NamedNode>>> {
        data.input
            .subjects
            .iter()
            .map(|s| data.classes(TermRef::from(*s)))
            .collect()
    }

    fn counts(&self, classes: &[Rc<FxHashSet<NamedNode>>]) -> Vec<(NamedNode, usize)> {
        self.target_classes()
            .into_iter()
            .map(|c| {
                let n = classes.iter().filter(|cs| cs.contains(&c)).count();
                (c, n)
            })
            .collect()
    }

    /// (shape, focus node) pairs: for each active shape with targets, the input's nodes it
    /// targets, without repeats. `classes` are those of the input's subjects, in order.
    fn focus_nodes(
        &self,
        data: &Data<'_>,
        classes: &[Rc<FxHashSet<NamedNode>>],
    ) -> Vec<(usize, Term)> {
        let input = data.input;
        let mut out = Vec::new();
        for (i, shape) in self.shapes.iter().enumerate() {
            if shape.deactivated || shape.targets.is_empty() {
                continue;
            }
            let mut seen = FxHashSet::default();
            let mut focus = Vec::new();
            let mut push = |t: TermRef<'_>| {
                if seen.insert(t.into_owned()) {
                    focus.push(t.into_owned());
                }
            };
            for t in &shape.targets {
                match t {
                    Target::Class(c) => {
                        for (s, cs) in input.subjects.iter().zip(classes) {
                            if cs.contains(c) {
                                push(TermRef::from(*s));
                            }
                        }
                    }
                    Target::Node(n) => {
                        if input.mentions(n.as_ref()) {
                            push(n.as_ref());
                        }
                    }
                    Target::SubjectsOf(p) => {
                        for (s, _) in input.by_predicate.get(&p.as_ref()).into_iter().flatten() {
                            push(TermRef::from(*s));
                        }
                    }
                    Target::ObjectsOf(p) => {
                        for (_, o) in input.by_predicate.get(&p.as_ref()).into_iter().flatten() {
                            push(*o);
                        }
                    }
                }
            }
            out.extend(focus.into_iter().map(|f| (i, f)));
        }
        out
    }

    fn conforms(&self, data: &Data<'_>, shape: usize, node: &Term, depth: usize) -> bool {
        depth < MAX_DEPTH && self.check(data, shape, node, depth + 1).is_empty()
    }

    /// The results of shape `i` on `focus`.
    fn check(
        &self,
        data: &Data<'_>,
        i: usize,
        focus: &Term,
        depth: usize,
    ) -> Vec<ValidationResult> {
        let shape = &self.shapes[i];
        if shape.deactivated {
            return Vec::new();
        }
        let value_nodes = match &shape.path {
            None => vec![focus.clone()],
            Some(p) => data.values(focus.as_ref(), p),
        };
        let mut results = Results {
            shape,
            focus,
            out: Vec::new(),
        };
        let mut nested = Vec::new();
        for c in &shape.constraints {
            match c {
                Constraint::MinCount(_)
                | Constraint::MaxCount(_)
                | Constraint::HasValue(_)
                | Constraint::UniqueLang => count_constraint(c, &value_nodes, &mut results),
                Constraint::Qualified { shape: q, min, max } => {
                    let n = value_nodes
                        .iter()
                        .filter(|v| self.conforms(data, *q, v, depth))
                        .count();
                    self.qualified(*q, *min, *max, n, &mut results);
                }
                Constraint::Property(p) => {
                    for v in &value_nodes {
                        nested.extend(self.check(data, *p, v, depth));
                    }
                }
                _ => {
                    for v in &value_nodes {
                        if let Some((component, message)) = self.value_failure(data, c, v, depth) {
                            let detail = format!("value {}", display_term(v.as_ref()));
                            results.fail(component, message, Some(v), detail);
                        }
                    }
                }
            }
        }
        results.out.extend(nested);
        results.out
    }

    /// Why value `v` fails constraint `c`, a constraint on single values: the component and
    /// the default message; `None` when it passes.
    fn value_failure(
        &self,
        data: &Data<'_>,
        c: &Constraint,
        v: &Term,
        depth: usize,
    ) -> Option<(&'static str, String)> {
        let failed = |ok: bool, component: &'static str, message: String| {
            (!ok).then_some((component, message))
        };
        match c {
            Constraint::Datatype(dt) => failed(
                matches!(v, Term::Literal(l) if values::has_datatype(l.as_ref(), dt.as_ref())),
                "sh:DatatypeConstraintComponent",
                format!(
                    "expected a valid literal of datatype {}",
                    compact_iri(dt.as_str())
                ),
            ),
            Constraint::Class(class) => failed(
                data.classes(v.as_ref()).contains(class),
                "sh:ClassConstraintComponent",
                format!("expected an instance of {}", compact_iri(class.as_str())),
            ),
            Constraint::NodeKind(k) => failed(
                k.accepts(v.as_ref()),
                "sh:NodeKindConstraintComponent",
                format!("expected {}", k.name()),
            ),
            Constraint::In(list) => {
                if list.contains(v) {
                    return None;
                }
                let names: Vec<String> = list.iter().map(|t| display_term(t.as_ref())).collect();
                failed(
                    false,
                    "sh:InConstraintComponent",
                    format!("expected one of {}", names.join(", ")),
                )
            }
            Constraint::Pattern(re) => {
                let text = match v {
                    Term::NamedNode(n) => Some(n.as_str()),
                    Term::Literal(l) => Some(l.value()),
                    Term::BlankNode(_) => None,
                };
                failed(
                    text.is_some_and(|t| re.is_match(t)),
                    "sh:PatternConstraintComponent",
                    format!("expected a value matching {}", re.as_str()),
                )
            }
            Constraint::Range(bound, limit) => range_failure(*bound, limit, v),
            Constraint::MinLength(n) | Constraint::MaxLength(n) => {
                length_failure(matches!(c, Constraint::MinLength(_)), *n, v)
            }
            Constraint::LanguageIn(langs) => failed(
                matches!(v, Term::Literal(l) if l
                    .language()
                    .is_some_and(|tag| langs.iter().any(|r| lang_matches(tag, r)))),
                "sh:LanguageInConstraintComponent",
                format!("expected a language tag in {}", langs.join(", ")),
            ),
            Constraint::Node(s) => failed(
                self.conforms(data, *s, v, depth),
                "sh:NodeConstraintComponent",
                format!("expected a node conforming to {}", self.shape_name(*s)),
            ),
            Constraint::Or(members) => {
                if members.iter().any(|m| self.conforms(data, *m, v, depth)) {
                    return None;
                }
                let names: Vec<String> = members.iter().map(|m| self.shape_name(*m)).collect();
                failed(
                    false,
                    "sh:OrConstraintComponent",
                    format!("expected a value conforming to one of {}", names.join(", ")),
                )
            }
            Constraint::MinCount(_)
            | Constraint::MaxCount(_)
            | Constraint::HasValue(_)
            | Constraint::UniqueLang
            | Constraint::Qualified { .. }
            | Constraint::Property(_) => None,
        }
    }

    /// `sh:qualifiedMinCount` and `sh:qualifiedMaxCount`: `n` values conform to shape `q`.
    fn qualified(
        &self,
        q: usize,
        min: Option<usize>,
        max: Option<usize>,
        n: usize,
        results: &mut Results<'_>,
    ) {
        if let Some(m) = min
            && n < m
        {
            results.fail(
                "sh:QualifiedMinCountConstraintComponent",
                format!(
                    "expected at least {m} values conforming to {}",
                    self.shape_name(q)
                ),
                None,
                format!("found {n}"),
            );
        }
        if let Some(m) = max
            && n > m
        {
            results.fail(
                "sh:QualifiedMaxCountConstraintComponent",
                format!(
                    "expected at most {m} values conforming to {}",
                    self.shape_name(q)
                ),
                None,
                format!("found {n}"),
            );
        }
    }

    fn shape_name(&self, i: usize) -> String {
        let s: &Shape = &self.shapes[i];
        match &s.id {
            NamedOrBlankNode::NamedNode(n) => compact_iri(n.as_str()),
            NamedOrBlankNode::BlankNode(_) => s
                .name
                .clone()
                .unwrap_or_else(|| "an anonymous shape".to_owned()),
        }
    }
}

/// Basic language-range matching (RFC 4647 section 3.3.1): `*`, the tag itself, or a prefix
/// of it ending at a `-`, case-insensitively.
fn lang_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return true;
    }
    let (tag, range) = (tag.to_ascii_lowercase(), range.to_ascii_lowercase());
    tag == range || tag.strip_prefix(&range).is_some_and(|r| r.starts_with('-'))
}

/// The results of one shape on one focus node, as its constraints find them.
struct Results<'s> {
    shape: &'s Shape,
    focus: &'s Term,
    out: Vec<ValidationResult>,
}

impl Results<'_> {
    /// A result of component `c`: the shape's message if it has one, else `default`.
    fn fail(&mut self, c: &'static str, default: String, value: Option<&Term>, detail: String) {
        self.out.push(ValidationResult {
            focus: self.focus.clone(),
            path: self.shape.path.clone(),
            value: value.cloned(),
            component: c,
            shape: self.shape.id.clone(),
            severity: self.shape.severity,
            message: self.shape.message.clone().unwrap_or(default),
            detail,
        });
    }
}

/// The constraints on the value nodes as a whole: `sh:minCount`, `sh:maxCount`,
/// `sh:hasValue`, `sh:uniqueLang`.
fn count_constraint(c: &Constraint, value_nodes: &[Term], results: &mut Results<'_>) {
    match c {
        Constraint::MinCount(n) if value_nodes.len() < *n => results.fail(
            "sh:MinCountConstraintComponent",
            format!("expected at least {n} values"),
            None,
            format!("found {}", value_nodes.len()),
        ),
        Constraint::MaxCount(n) if value_nodes.len() > *n => results.fail(
            "sh:MaxCountConstraintComponent",
            format!("expected at most {n} values"),
            None,
            format!("found {}", value_nodes.len()),
        ),
        Constraint::HasValue(t) if !value_nodes.contains(t) => results.fail(
            "sh:HasValueConstraintComponent",
            format!("expected the value {}", display_term(t.as_ref())),
            None,
            String::new(),
        ),
        Constraint::UniqueLang => {
            let mut counts: Vec<(String, usize)> = Vec::new();
            for v in value_nodes {
                if let Term::Literal(l) = v
                    && let Some(tag) = l.language()
                {
                    let tag = tag.to_ascii_lowercase();
                    match counts.iter_mut().find(|(t, _)| *t == tag) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((tag, 1)),
                    }
                }
            }
            for (tag, n) in counts {
                if n > 1 {
                    results.fail(
                        "sh:UniqueLangConstraintComponent",
                        "expected at most one value per language".to_owned(),
                        None,
                        format!("{n} values in language {tag}"),
                    );
                }
            }
        }
        _ => {}
    }
}

/// Why `v` fails a bound (`sh:minInclusive` …) of `limit`, if it does.
fn range_failure(bound: Bound, limit: &Literal, v: &Term) -> Option<(&'static str, String)> {
    let ord = match v {
        Term::Literal(l) => values::compare(l.as_ref(), limit.as_ref()),
        _ => None,
    };
    let (ok, component, words) = match bound {
        Bound::MinInclusive => (
            matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
            "sh:MinInclusiveConstraintComponent",
            "at least",
        ),
        Bound::MaxInclusive => (
            matches!(ord, Some(Ordering::Less | Ordering::Equal)),
            "sh:MaxInclusiveConstraintComponent",
            "at most",
        ),
        Bound::MinExclusive => (
            ord == Some(Ordering::Greater),
            "sh:MinExclusiveConstraintComponent",
            "more than",
        ),
        Bound::MaxExclusive => (
            ord == Some(Ordering::Less),
            "sh:MaxExclusiveConstraintComponent",
            "less than",
        ),
    };
    (!ok).then(|| {
        (
            component,
            format!("expected a value {words} {}", limit.value()),
        )
    })
}

/// Why `v` fails `sh:minLength` (`min`) or `sh:maxLength` `n`, if it does.
fn length_failure(min: bool, n: usize, v: &Term) -> Option<(&'static str, String)> {
    let len = match v {
        Term::NamedNode(x) => Some(x.as_str().chars().count()),
        Term::Literal(l) => Some(l.value().chars().count()),
        Term::BlankNode(_) => None,
    };
    if len.is_some_and(|l| if min { l >= n } else { l <= n }) {
        return None;
    }
    let (component, words) = if min {
        ("sh:MinLengthConstraintComponent", "at least")
    } else {
        ("sh:MaxLengthConstraintComponent", "at most")
    };
    Some((component, format!("expected {words} {n} characters")))
}

#[cfg(test)]
mod tests {
    use super::lang_matches;

    #[test]
    fn language_ranges_match_basically() {
        assert!(lang_matches("vi", "vi"));
        assert!(lang_matches("vi-VN", "vi"));
        assert!(lang_matches("EN", "en"));
        assert!(!lang_matches("vie", "vi"));
        assert!(lang_matches("fr", "*"));
    }
}
