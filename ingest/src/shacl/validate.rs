//! Validation: focus nodes from the targets, value nodes from the paths, and one result per
//! failed constraint, over the union of the input, the ontology and the store.

use super::shapes::{Bound, Constraint, Path, SUB_CLASS_OF, Severity, Shape, Shapes, Target};
use super::{compact_iri, display_term, values};
use oxrdf::vocab::rdf;
use oxrdf::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

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

/// The union the validator reads: input, ontology, store.
struct Data<'a> {
    input: &'a Graph,
    ontology: &'a Graph,
    store: &'a dyn Store,
}

fn push_unique<T: Eq + std::hash::Hash + Clone>(out: &mut Vec<T>, seen: &mut HashSet<T>, t: T) {
    if seen.insert(t.clone()) {
        out.push(t);
    }
}

impl Data<'_> {
    fn objects(&self, s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>) -> Vec<Term> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for o in self.input.objects_for_subject_predicate(s, p) {
            push_unique(&mut out, &mut seen, o.into_owned());
        }
        if let NamedOrBlankNodeRef::NamedNode(n) = s {
            for o in self.ontology.objects_for_subject_predicate(n, p) {
                push_unique(&mut out, &mut seen, o.into_owned());
            }
            for o in self.store.objects(n, p) {
                push_unique(&mut out, &mut seen, o);
            }
        }
        out
    }

    fn subjects(&self, p: NamedNodeRef<'_>, o: TermRef<'_>) -> Vec<NamedOrBlankNode> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for s in self.input.subjects_for_predicate_object(p, o) {
            push_unique(&mut out, &mut seen, s.into_owned());
        }
        if !matches!(o, TermRef::BlankNode(_)) {
            for s in self.ontology.subjects_for_predicate_object(p, o) {
                push_unique(&mut out, &mut seen, s.into_owned());
            }
            for s in self.store.subjects(p, o) {
                push_unique(&mut out, &mut seen, s);
            }
        }
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

    /// The node's types and all their superclasses.
    fn classes(&self, node: TermRef<'_>) -> HashSet<NamedNode> {
        let mut out = HashSet::new();
        let Some(s) = subject(node) else {
            return out;
        };
        let mut todo: Vec<NamedNode> = self
            .objects(s, rdf::TYPE)
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n),
                _ => None,
            })
            .collect();
        while let Some(c) = todo.pop() {
            if out.insert(c.clone()) {
                for sup in self.objects(c.as_ref().into(), SUB_CLASS_OF) {
                    if let Term::NamedNode(n) = sup {
                        todo.push(n);
                    }
                }
            }
        }
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

impl Shapes {
    /// Validates `input` over the union of `input`, the ontology and `store`: every result,
    /// violations and warnings, in shape order then focus-node order.
    pub fn validate(&self, input: &Graph, store: &dyn Store) -> Vec<ValidationResult> {
        let data = Data {
            input,
            ontology: &self.ontology,
            store,
        };
        let mut out = Vec::new();
        for (i, focus) in self.focus_nodes(&data) {
            out.extend(self.check(&data, i, &focus, 0));
        }
        out
    }

    /// For each class of [`Shapes::target_classes`], the number of subjects of `input` that
    /// are instances of it (directly or through a subclass) in the union.
    pub fn instance_counts(&self, input: &Graph, store: &dyn Store) -> Vec<(NamedNode, usize)> {
        let data = Data {
            input,
            ontology: &self.ontology,
            store,
        };
        let subjects = input_subjects(input);
        let classes: Vec<HashSet<NamedNode>> =
            subjects.iter().map(|s| data.classes(s.as_ref())).collect();
        self.target_classes()
            .into_iter()
            .map(|c| {
                let n = classes.iter().filter(|cs| cs.contains(&c)).count();
                (c, n)
            })
            .collect()
    }

    /// (shape, focus node) pairs: for each active shape with targets, the input's nodes it
    /// targets, without repeats.
    fn focus_nodes(&self, data: &Data<'_>) -> Vec<(usize, Term)> {
        let subjects = input_subjects(data.input);
        let mut classes: HashMap<&Term, HashSet<NamedNode>> = HashMap::new();
        let mut mentioned: Option<HashSet<Term>> = None;
        let mut out = Vec::new();
        for (i, shape) in self.shapes.iter().enumerate() {
            if shape.deactivated || shape.targets.is_empty() {
                continue;
            }
            let mut seen = HashSet::new();
            let mut focus = Vec::new();
            for t in &shape.targets {
                match t {
                    Target::Class(c) => {
                        for s in &subjects {
                            let cs = classes.entry(s).or_insert_with(|| data.classes(s.as_ref()));
                            if cs.contains(c) {
                                push_unique(&mut focus, &mut seen, s.clone());
                            }
                        }
                    }
                    Target::Node(n) => {
                        let m = mentioned.get_or_insert_with(|| mentioned_terms(data.input));
                        if m.contains(n) {
                            push_unique(&mut focus, &mut seen, n.clone());
                        }
                    }
                    Target::SubjectsOf(p) => {
                        for t in data.input.triples_for_predicate(p) {
                            push_unique(&mut focus, &mut seen, t.subject.into_owned().into());
                        }
                    }
                    Target::ObjectsOf(p) => {
                        for t in data.input.triples_for_predicate(p) {
                            push_unique(&mut focus, &mut seen, t.object.into_owned());
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
        let mut out = Vec::new();
        let mut fail = |c: &'static str, default: String, value: Option<&Term>, detail: String| {
            out.push(ValidationResult {
                focus: focus.clone(),
                path: shape.path.clone(),
                value: value.cloned(),
                component: c,
                shape: shape.id.clone(),
                severity: shape.severity,
                message: shape.message.clone().unwrap_or(default),
                detail,
            });
        };
        let value_detail = |v: &Term| format!("value {}", display_term(v.as_ref()));
        let mut nested = Vec::new();
        for c in &shape.constraints {
            match c {
                Constraint::MinCount(n) => {
                    if value_nodes.len() < *n {
                        fail(
                            "sh:MinCountConstraintComponent",
                            format!("expected at least {n} values"),
                            None,
                            format!("found {}", value_nodes.len()),
                        );
                    }
                }
                Constraint::MaxCount(n) => {
                    if value_nodes.len() > *n {
                        fail(
                            "sh:MaxCountConstraintComponent",
                            format!("expected at most {n} values"),
                            None,
                            format!("found {}", value_nodes.len()),
                        );
                    }
                }
                Constraint::Datatype(dt) => {
                    for v in &value_nodes {
                        let ok = matches!(v, Term::Literal(l) if values::has_datatype(l.as_ref(), dt.as_ref()));
                        if !ok {
                            fail(
                                "sh:DatatypeConstraintComponent",
                                format!(
                                    "expected a valid literal of datatype {}",
                                    compact_iri(dt.as_str())
                                ),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::Class(class) => {
                    for v in &value_nodes {
                        if !data.classes(v.as_ref()).contains(class) {
                            fail(
                                "sh:ClassConstraintComponent",
                                format!("expected an instance of {}", compact_iri(class.as_str())),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::NodeKind(k) => {
                    for v in &value_nodes {
                        if !k.accepts(v.as_ref()) {
                            fail(
                                "sh:NodeKindConstraintComponent",
                                format!("expected {}", k.name()),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::In(list) => {
                    for v in &value_nodes {
                        if !list.contains(v) {
                            let names: Vec<String> =
                                list.iter().map(|t| display_term(t.as_ref())).collect();
                            fail(
                                "sh:InConstraintComponent",
                                format!("expected one of {}", names.join(", ")),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::HasValue(t) => {
                    if !value_nodes.contains(t) {
                        fail(
                            "sh:HasValueConstraintComponent",
                            format!("expected the value {}", display_term(t.as_ref())),
                            None,
                            String::new(),
                        );
                    }
                }
                Constraint::Pattern(re) => {
                    for v in &value_nodes {
                        let text = match v {
                            Term::NamedNode(n) => Some(n.as_str()),
                            Term::Literal(l) => Some(l.value()),
                            Term::BlankNode(_) => None,
                        };
                        if !text.is_some_and(|t| re.is_match(t)) {
                            fail(
                                "sh:PatternConstraintComponent",
                                format!("expected a value matching {}", re.as_str()),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::Range(bound, limit) => {
                    for v in &value_nodes {
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
                        if !ok {
                            fail(
                                component,
                                format!("expected a value {words} {}", limit.value()),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::MinLength(n) | Constraint::MaxLength(n) => {
                    let min = matches!(c, Constraint::MinLength(_));
                    for v in &value_nodes {
                        let len = match v {
                            Term::NamedNode(x) => Some(x.as_str().chars().count()),
                            Term::Literal(l) => Some(l.value().chars().count()),
                            Term::BlankNode(_) => None,
                        };
                        let ok = len.is_some_and(|l| if min { l >= *n } else { l <= *n });
                        if !ok {
                            let (component, words) = if min {
                                ("sh:MinLengthConstraintComponent", "at least")
                            } else {
                                ("sh:MaxLengthConstraintComponent", "at most")
                            };
                            fail(
                                component,
                                format!("expected {words} {n} characters"),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::LanguageIn(langs) => {
                    for v in &value_nodes {
                        let ok = match v {
                            Term::Literal(l) => l
                                .language()
                                .is_some_and(|tag| langs.iter().any(|r| lang_matches(tag, r))),
                            _ => false,
                        };
                        if !ok {
                            fail(
                                "sh:LanguageInConstraintComponent",
                                format!("expected a language tag in {}", langs.join(", ")),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::UniqueLang => {
                    let mut counts: Vec<(String, usize)> = Vec::new();
                    for v in &value_nodes {
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
                            fail(
                                "sh:UniqueLangConstraintComponent",
                                "expected at most one value per language".to_owned(),
                                None,
                                format!("{n} values in language {tag}"),
                            );
                        }
                    }
                }
                Constraint::Node(s) => {
                    for v in &value_nodes {
                        if !self.conforms(data, *s, v, depth) {
                            fail(
                                "sh:NodeConstraintComponent",
                                format!("expected a node conforming to {}", self.shape_name(*s)),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::Or(members) => {
                    for v in &value_nodes {
                        if !members.iter().any(|m| self.conforms(data, *m, v, depth)) {
                            let names: Vec<String> =
                                members.iter().map(|m| self.shape_name(*m)).collect();
                            fail(
                                "sh:OrConstraintComponent",
                                format!(
                                    "expected a value conforming to one of {}",
                                    names.join(", ")
                                ),
                                Some(v),
                                value_detail(v),
                            );
                        }
                    }
                }
                Constraint::Qualified { shape: q, min, max } => {
                    let n = value_nodes
                        .iter()
                        .filter(|v| self.conforms(data, *q, v, depth))
                        .count();
                    if let Some(m) = min
                        && n < *m
                    {
                        fail(
                            "sh:QualifiedMinCountConstraintComponent",
                            format!(
                                "expected at least {m} values conforming to {}",
                                self.shape_name(*q)
                            ),
                            None,
                            format!("found {n}"),
                        );
                    }
                    if let Some(m) = max
                        && n > *m
                    {
                        fail(
                            "sh:QualifiedMaxCountConstraintComponent",
                            format!(
                                "expected at most {m} values conforming to {}",
                                self.shape_name(*q)
                            ),
                            None,
                            format!("found {n}"),
                        );
                    }
                }
                Constraint::Property(p) => {
                    for v in &value_nodes {
                        nested.extend(self.check(data, *p, v, depth));
                    }
                }
            }
        }
        out.extend(nested);
        out
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

/// The input's subjects, in the order of the graph, without repeats.
fn input_subjects(input: &Graph) -> Vec<Term> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for t in input {
        push_unique(&mut out, &mut seen, Term::from(t.subject.into_owned()));
    }
    out
}

fn mentioned_terms(input: &Graph) -> HashSet<Term> {
    let mut out = HashSet::new();
    for t in input {
        out.insert(Term::from(t.subject.into_owned()));
        out.insert(t.object.into_owned());
    }
    out
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
