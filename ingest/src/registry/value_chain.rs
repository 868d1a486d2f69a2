//! `value-chain.json`: a medicinal-herb value chain — its stages, actors, products, flows
//! between actors and reported figures (format in `data/README.md`).
//!
//! Problems name the JSON path of the value (`flows[3].from`) and the line it is on.

use super::enterprises::mixing;
use super::fields::{self, is_id};
use super::{Ctx, Out};
use crate::read::json::{self, Node, Value};
use biokg_ontology::schemes::{self, Concept};
use biokg_ontology::{iri, lcb, schema, skos, vf};
use oxrdf::NamedNode;
use oxrdf::vocab::{rdfs, xsd};
use std::collections::{BTreeMap, BTreeSet};

/// The ids a value chain may use for actors: the organisations of the registry files beside it
/// and of the store, with whether each is illustrative.
fn organisations(ctx: &Ctx<'_>) -> BTreeMap<String, bool> {
    let mut all = ctx.known.orgs.clone();
    for (name, format) in [
        ("enterprises", super::enterprises::FORMAT),
        ("labs", super::labs::FORMAT),
    ] {
        if let Some(t) = ctx.peek(name, format) {
            all.extend(super::enterprises::ids(&t));
        }
    }
    all
}

struct Reader<'c, 'p> {
    c: fields::Check<'p>,
    ctx_orgs: &'c BTreeMap<String, bool>,
    taxa: &'c BTreeMap<String, String>,
    gaz: &'c super::Gazetteer,
}

impl Reader<'_, '_> {
    fn fail(&mut self, node: &Node, path: &str, reason: impl Into<String>) {
        self.c.fail(node.line, path, reason);
    }

    /// Whether the item at `path` is an object; a problem if it is not.
    fn object(&mut self, node: &Node, path: &str) -> bool {
        let ok = matches!(node.value, Value::Object(_));
        if !ok {
            self.fail(
                node,
                path,
                format!("expected an object, found {}", node.kind()),
            );
        }
        ok
    }

    /// Checks that the members of the object `obj` at `path` are among `allowed`, once each:
    /// a misspelt optional key would otherwise be dropped without a word, and of a repeated
    /// key only the last value would count.
    fn keys(&mut self, obj: &Node, path: &str, allowed: &[&str]) {
        let Value::Object(members) = &obj.value else {
            return;
        };
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, node) in members {
            let field = join(path, key);
            if !allowed.contains(&key.as_str()) {
                self.fail(
                    node,
                    &field,
                    format!("unknown key (the keys here are: {})", allowed.join(", ")),
                );
            } else if let Some(first) = seen.insert(key, node.line) {
                self.fail(
                    node,
                    &field,
                    format!("repeated key (first on line {first})"),
                );
            }
        }
    }

    fn member<'n>(
        &mut self,
        obj: &'n Node,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'n Node> {
        let field = if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        };
        match obj.get(key) {
            Some(n) if !matches!(n.value, Value::Null) => Some(n),
            _ if required => {
                self.c.fail(obj.line, &field, "missing required value");
                None
            }
            _ => None,
        }
    }

    fn string<'n>(
        &mut self,
        obj: &'n Node,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'n str> {
        let node = self.member(obj, path, key, required)?;
        match &node.value {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim()),
            Value::String(_) if !required => None,
            _ => {
                self.fail(
                    node,
                    &join(path, key),
                    format!("expected a non-empty string, found {}", node.kind()),
                );
                None
            }
        }
    }

    fn array<'n>(&mut self, obj: &'n Node, path: &str, key: &str, required: bool) -> &'n [Node] {
        let Some(node) = self.member(obj, path, key, required) else {
            return &[];
        };
        match &node.value {
            Value::Array(items) => items,
            _ => {
                self.fail(
                    node,
                    &join(path, key),
                    format!("expected an array, found {}", node.kind()),
                );
                &[]
            }
        }
    }

    fn strings<'n>(
        &mut self,
        obj: &'n Node,
        path: &str,
        key: &str,
        required: bool,
    ) -> Vec<(&'n str, &'n Node, String)> {
        let mut out = Vec::new();
        for (i, item) in self.array(obj, path, key, required).iter().enumerate() {
            let p = format!("{}[{i}]", join(path, key));
            match &item.value {
                Value::String(s) => out.push((s.as_str(), item, p)),
                _ => self.fail(
                    item,
                    &p,
                    format!("expected a string, found {}", item.kind()),
                ),
            }
        }
        out
    }

    /// `{vi, en}`.
    fn labels<'n>(
        &mut self,
        obj: &'n Node,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<(&'n str, &'n str)> {
        let node = self.member(obj, path, key, required)?;
        let p = join(path, key);
        if !matches!(node.value, Value::Object(_)) {
            self.fail(
                node,
                &p,
                format!(
                    "expected an object {{\"vi\": ..., \"en\": ...}}, found {}",
                    node.kind()
                ),
            );
            return None;
        }
        self.keys(node, &p, &["vi", "en"]);
        let vi = self.string(node, &p, "vi", true);
        let en = self.string(node, &p, "en", true);
        Some((vi?, en?))
    }

    fn boolean(&mut self, obj: &Node, path: &str, key: &str) -> Option<bool> {
        let node = self.member(obj, path, key, true)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.fail(
                    node,
                    &join(path, key),
                    format!("expected true or false, found {}", node.kind()),
                );
                None
            }
        }
    }

    fn number(&mut self, obj: &Node, path: &str, key: &str, required: bool) -> Option<String> {
        let node = self.member(obj, path, key, required)?;
        match &node.value {
            Value::Number(n) => Some(n.clone()),
            _ => {
                self.fail(
                    node,
                    &join(path, key),
                    format!("expected a number, found {}", node.kind()),
                );
                None
            }
        }
    }

    fn concept(
        &mut self,
        node: &Node,
        path: &str,
        scheme: &str,
        key: &str,
    ) -> Option<&'static Concept> {
        let s = schemes::scheme(scheme).expect("the scheme is in schemes.ttl");
        let c = s.concept(key);
        if c.is_none() {
            self.fail(node, path, format!("{key:?} is not one of: {}", s.keys()));
        }
        c
    }

    fn id<'n>(
        &mut self,
        obj: &'n Node,
        path: &str,
        seen: &mut BTreeMap<String, usize>,
    ) -> Option<&'n str> {
        let id = self.string(obj, path, "id", true)?;
        let field = join(path, "id");
        if !is_id(id) {
            self.c.fail(obj.get("id").map_or(obj.line, |n| n.line), &field, format!("{id:?} is not an id (lowercase letters a-z and digits in groups joined by \"-\")"));
            return None;
        }
        let line = obj.get("id").map_or(obj.line, |n| n.line);
        if let Some(first) = seen.get(id) {
            self.c.fail(
                line,
                &field,
                format!("duplicate id {id:?} (first on line {first})"),
            );
            return None;
        }
        seen.insert(id.to_owned(), line);
        Some(id)
    }

    fn period(&mut self, obj: &Node, path: &str, key: &str) -> Option<String> {
        let node = self.member(obj, path, key, false)?;
        let p = join(path, key);
        let Value::String(v) = &node.value else {
            self.fail(
                node,
                &p,
                format!("expected a string or null, found {}", node.kind()),
            );
            return None;
        };
        let parts: Vec<&str> = v.split('/').collect();
        if parts.len() > 2 {
            self.fail(
                node,
                &p,
                format!("{v:?} is not an ISO 8601 date or interval (start/end)"),
            );
            return None;
        }
        let mut dates = Vec::new();
        for part in &parts {
            match fields::parse_date(part) {
                Ok(d) => dates.push(d),
                Err(reason) => {
                    self.fail(node, &p, reason);
                    return None;
                }
            }
        }
        if let [a, b] = dates.as_slice()
            && fields::last_day(b) < fields::first_day(a)
        {
            self.fail(node, &p, format!("{v:?} ends before it starts"));
            return None;
        }
        Some(v.clone())
    }

    fn commune(&mut self, node: &Node, path: &str, code: &str) -> Option<String> {
        match self.gaz.check_commune(code) {
            Ok(()) => Some(code.to_owned()),
            Err(reason) => {
                self.fail(node, path, reason);
                None
            }
        }
    }

    fn former_district(&mut self, node: &Node, path: &str, key: &str) -> bool {
        if self.gaz.is_former_district(key) {
            return true;
        }
        let keys = self.gaz.former_district_keys().join(", ");
        self.fail(
            node,
            path,
            format!("{key:?} is not a former district (one of: {keys})"),
        );
        false
    }

    fn species(&mut self, node: &Node, path: &str, id: &str) -> bool {
        if self.taxa.contains_key(id) {
            return true;
        }
        let hint = self
            .taxa
            .iter()
            .find(|(_, name)| name.as_str() == id)
            .map(|(k, _)| format!(" (use the id, e.g. {k:?})"))
            .unwrap_or_default();
        self.fail(
            node,
            path,
            format!("{id:?} is not an id in plants.csv{hint}"),
        );
        false
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn sources_of(r: &mut Reader<'_, '_>, obj: &Node, path: &str) -> Vec<String> {
    r.string(obj, path, "source", true)
        .map(|s| super::sources(s).into_iter().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The keys each object of the file may have (`data/README.md`).
const CHAIN_KEYS: &[&str] = &[
    "id",
    "name",
    "plan_task",
    "plan_clause",
    "former_districts",
    "notes",
    "stages",
    "units",
    "actors",
    "products",
    "flows",
    "figures",
];
const STAGE_KEYS: &[&str] = &["key", "order", "label", "definition"];
const UNIT_KEYS: &[&str] = &["key", "label"];
const ACTOR_KEYS: &[&str] = &["id", "stages", "role", "notes", "source", "illustrative"];
const PRODUCT_KEYS: &[&str] = &[
    "id",
    "name",
    "species",
    "actor",
    "stage",
    "notes",
    "source",
    "illustrative",
];
const FLOW_KEYS: &[&str] = &[
    "id",
    "from",
    "to",
    "product",
    "quantity",
    "commune_code",
    "period",
    "source",
    "illustrative",
];
const QUANTITY_KEYS: &[&str] = &["value", "unit"];
const FIGURE_KEYS: &[&str] = &[
    "id",
    "label",
    "comparator",
    "value",
    "min",
    "max",
    "unit",
    "species",
    "scope",
    "communes",
    "former_districts",
    "period",
    "notes",
    "source",
    "illustrative",
];

/// A stage as read: its concept, its order, its label and definition (vi, en).
type Stage = (
    &'static Concept,
    i64,
    (String, String),
    Option<(String, String)>,
);

struct Actor {
    id: String,
    stages: Vec<&'static Concept>,
    role: Option<(String, String)>,
    illustrative: bool,
}

/// The actors declared, each with whether it is illustrative (`None` when that value is
/// wrong): what products and flows may name.
type ActorsSeen = BTreeMap<String, Option<bool>>;

struct Product {
    id: String,
    name: (String, String),
    species: Vec<String>,
    actor: String,
    stage: Option<&'static Concept>,
    notes: Option<String>,
    sources: Vec<String>,
    illustrative: bool,
    line: usize,
}

struct Flow {
    id: String,
    from: String,
    to: String,
    product: String,
    value: String,
    unit: &'static Concept,
    commune: String,
    period: Option<String>,
    sources: Vec<String>,
    illustrative: bool,
    line: usize,
}

struct Figure {
    id: String,
    label: (String, String),
    comparator: String,
    value: Option<String>,
    range: Option<(String, String)>,
    unit: &'static Concept,
    species: Option<String>,
    scope: String,
    communes: Vec<String>,
    districts: Vec<String>,
    period: Option<String>,
    notes: Option<String>,
    sources: Vec<String>,
    illustrative: bool,
    line: usize,
}

/// A value chain as read, with every value its quads need.
struct Chain {
    id: String,
    name: (String, String),
    line: usize,
    plan_task: Option<String>,
    plan_clause: Option<String>,
    notes: Option<String>,
    districts: Vec<String>,
    stages: Vec<Stage>,
    actors: Vec<Actor>,
    products: Vec<Product>,
    flows: Vec<Flow>,
    figures: Vec<Figure>,
}

pub(crate) fn read(ctx: &mut Ctx<'_>, out: &mut Out) -> Vec<(String, usize)> {
    let main = ctx.files.main.clone();
    let Some(root) = parse(ctx, &main.name, &main.bytes) else {
        return Vec::new();
    };
    let orgs = organisations(ctx);
    let taxa = super::enterprises::taxa(ctx);
    let gaz = ctx.gaz;
    let mut r = Reader {
        c: ctx.check(&main.name),
        ctx_orgs: &orgs,
        taxa: &taxa,
        gaz,
    };
    let Some(chain) = r.chain(&root) else {
        return Vec::new();
    };
    write(out, &chain, &ctx.known.tasks)
}

/// The file as a JSON tree, or `None` with its problem recorded.
fn parse(ctx: &mut Ctx<'_>, file: &str, bytes: &[u8]) -> Option<Node> {
    let text = match crate::read::decode(file, bytes) {
        Ok(t) => t,
        Err(p) => {
            ctx.problems.push(p);
            return None;
        }
    };
    if text.trim().is_empty() {
        ctx.check(file).fail(
            1,
            "json",
            "the file is empty; expected an object (one value chain)",
        );
        return None;
    }
    match json::parse(&text) {
        Ok(n) => Some(n),
        Err(e) => {
            ctx.check(file).fail(
                e.line,
                "json",
                format!("{} (column {})", e.message, e.column),
            );
            None
        }
    }
}

/// The steps of reading a value chain, one section of the file each.
impl Reader<'_, '_> {
    /// The whole chain, or `None` when any value of the file has a problem.
    fn chain(&mut self, root: &Node) -> Option<Chain> {
        if !matches!(root.value, Value::Object(_)) {
            self.fail(
                root,
                "$",
                format!("expected an object, found {}", root.kind()),
            );
            return None;
        }
        self.keys(root, "", CHAIN_KEYS);
        let mut ids = BTreeMap::new();
        let id = self.id(root, "", &mut ids).map(str::to_owned);
        let name = self
            .labels(root, "", "name", true)
            .map(|(vi, en)| (vi.to_owned(), en.to_owned()));
        let plan_task = self.string(root, "", "plan_task", false).map(str::to_owned);
        let plan_clause = self
            .string(root, "", "plan_clause", false)
            .map(str::to_owned);
        let notes = self.string(root, "", "notes", false).map(str::to_owned);
        let mut districts = Vec::new();
        for (k, node, p) in self.strings(root, "", "former_districts", true) {
            if self.former_district(node, &p, k) {
                districts.push(k.to_owned());
            }
        }
        let stages = self.stages(root);
        let units = self.units(root);
        let (actors, actor_ill) = self.actors(root);
        let (products, product_ids) = self.products(root, &actor_ill);
        let flows = self.flows(root, &actor_ill, &product_ids, &units);
        let figures = self.figures(root, &units);
        if !self.c.problems.is_empty() {
            return None;
        }
        Some(Chain {
            id: id?,
            name: name?,
            line: root.line,
            plan_task,
            plan_clause,
            notes,
            districts,
            stages,
            actors,
            products,
            flows,
            figures,
        })
    }

    /// `stages`: the whole scheme, in order.
    fn stages(&mut self, root: &Node) -> Vec<Stage> {
        let scheme = schemes::scheme("value-chain-stage").expect("the scheme is in schemes.ttl");
        let mut stages: Vec<Stage> = Vec::new();
        for (i, s) in self.array(root, "", "stages", true).iter().enumerate() {
            let p = format!("stages[{i}]");
            if !self.object(s, &p) {
                continue;
            }
            self.keys(s, &p, STAGE_KEYS);
            let Some(key) = self.string(s, &p, "key", true) else {
                continue;
            };
            let node = s.get("key").unwrap_or(s);
            let Some(c) = self.concept(node, &format!("{p}.key"), "value-chain-stage", key) else {
                continue;
            };
            let order = self.number(s, &p, "order", true);
            let expected = (i + 1).to_string();
            if order.as_deref().is_some_and(|o| o != expected) {
                let n = s.get("order").unwrap_or(s);
                self.fail(
                    n,
                    &format!("{p}.order"),
                    format!(
                        "{} should be {expected} (stages are listed in order from 1)",
                        order.as_deref().unwrap_or("")
                    ),
                );
            }
            let label = self.labels(s, &p, "label", true);
            let definition = self.labels(s, &p, "definition", false);
            if let Some((vi, en)) = label {
                stages.push((
                    c,
                    i as i64 + 1,
                    (vi.to_owned(), en.to_owned()),
                    definition.map(|(a, b)| (a.to_owned(), b.to_owned())),
                ));
            }
        }
        let listed: Vec<&str> = stages.iter().map(|s| s.0.key.as_str()).collect();
        let all: Vec<&str> = scheme.concepts.iter().map(|c| c.key.as_str()).collect();
        if !self
            .c
            .problems
            .iter()
            .any(|p| p.field.starts_with("stages"))
            && listed != all
        {
            let n = root.get("stages").unwrap_or(root);
            self.fail(
                n,
                "stages",
                format!(
                    "must list every stage of the scheme, in order: {}",
                    all.join(", ")
                ),
            );
        }
        stages
    }

    /// `units`: the keys of the units that quantities and figures may use.
    fn units(&mut self, root: &Node) -> BTreeSet<String> {
        let mut units: BTreeSet<String> = BTreeSet::new();
        for (i, u) in self.array(root, "", "units", true).iter().enumerate() {
            let p = format!("units[{i}]");
            if !self.object(u, &p) {
                continue;
            }
            self.keys(u, &p, UNIT_KEYS);
            if let Some(key) = self.string(u, &p, "key", true) {
                let node = u.get("key").unwrap_or(u);
                if self
                    .concept(node, &format!("{p}.key"), "unit", key)
                    .is_some()
                {
                    units.insert(key.to_owned());
                }
            }
            self.labels(u, &p, "label", true);
        }
        units
    }

    /// `actors`: organisations of the registries, with their stages and role.
    fn actors(&mut self, root: &Node) -> (Vec<Actor>, ActorsSeen) {
        let mut actor_ids = BTreeMap::new();
        let mut actors: Vec<Actor> = Vec::new();
        let mut actor_ill: BTreeMap<String, Option<bool>> = BTreeMap::new();
        for (i, a) in self.array(root, "", "actors", true).iter().enumerate() {
            let p = format!("actors[{i}]");
            if !self.object(a, &p) {
                continue;
            }
            self.keys(a, &p, ACTOR_KEYS);
            let Some(id) = self.id(a, &p, &mut actor_ids).map(str::to_owned) else {
                continue;
            };
            let id_node = a.get("id").unwrap_or(a);
            let registered = self.ctx_orgs.get(&id).copied();
            if registered.is_none() {
                self.fail(
                    id_node,
                    &format!("{p}.id"),
                    format!("{id:?} is not an id in enterprises.csv or labs.csv"),
                );
            }
            let mut st = Vec::new();
            for (k, node, sp) in self.strings(a, &p, "stages", true) {
                if let Some(c) = self.concept(node, &sp, "value-chain-stage", k) {
                    st.push(c);
                }
            }
            let role = self
                .labels(a, &p, "role", false)
                .map(|(a, b)| (a.to_owned(), b.to_owned()));
            self.string(a, &p, "notes", false);
            sources_of(self, a, &p);
            // Declared even when its other values are wrong, so that references to it do not
            // fail too; whether it is illustrative is known only when that value is right.
            actor_ill.insert(id.clone(), None);
            let Some(ill) = self.boolean(a, &p, "illustrative") else {
                continue;
            };
            actor_ill.insert(id.clone(), Some(ill));
            if let Some(reg) = registered
                && reg != ill
            {
                let n = a.get("illustrative").unwrap_or(a);
                self.fail(
                    n,
                    &format!("{p}.illustrative"),
                    format!("{ill} differs from the registry row of {id:?} ({reg})"),
                );
            }
            actors.push(Actor {
                id,
                stages: st,
                role,
                illustrative: ill,
            });
        }
        (actors, actor_ill)
    }

    /// `products`, each made by an actor; and every product id declared.
    fn products(
        &mut self,
        root: &Node,
        actor_ill: &ActorsSeen,
    ) -> (Vec<Product>, BTreeSet<String>) {
        let mut product_ids = BTreeMap::new();
        let mut products: Vec<Product> = Vec::new();
        for (i, pr) in self.array(root, "", "products", true).iter().enumerate() {
            let p = format!("products[{i}]");
            if !self.object(pr, &p) {
                continue;
            }
            self.keys(pr, &p, PRODUCT_KEYS);
            let id = self.id(pr, &p, &mut product_ids).map(str::to_owned);
            let name = self
                .labels(pr, &p, "name", true)
                .map(|(a, b)| (a.to_owned(), b.to_owned()));
            let mut species = Vec::new();
            for (sp, node, spath) in self.strings(pr, &p, "species", false) {
                if self.species(node, &spath, sp) {
                    species.push(sp.to_owned());
                }
            }
            let actor = self.string(pr, &p, "actor", true).map(str::to_owned);
            let ill = self.boolean(pr, &p, "illustrative");
            if let Some(a) = &actor {
                let node = pr.get("actor").unwrap_or(pr);
                match actor_ill.get(a) {
                    None => self.fail(
                        node,
                        &format!("{p}.actor"),
                        format!("{a:?} is not an actor"),
                    ),
                    Some(ai) => {
                        if let (Some(pi), Some(ai)) = (ill, *ai)
                            && ai != pi
                        {
                            self.fail(node, &format!("{p}.illustrative"), format!("{pi} differs from its actor {a:?} ({ai}): a real actor's products are real, an illustrative actor's are illustrative"));
                        }
                    }
                }
            }
            let stage = match pr.get("stage") {
                Some(
                    node @ Node {
                        value: Value::String(k),
                        ..
                    },
                ) => self.concept(node, &format!("{p}.stage"), "value-chain-stage", k),
                None
                | Some(Node {
                    value: Value::Null, ..
                }) => None,
                Some(node) => {
                    self.fail(
                        node,
                        &format!("{p}.stage"),
                        format!("expected a string or null, found {}", node.kind()),
                    );
                    None
                }
            };
            let notes = self.string(pr, &p, "notes", false).map(str::to_owned);
            let sources = sources_of(self, pr, &p);
            if let (Some(id), Some(name), Some(actor), Some(ill)) = (id, name, actor, ill) {
                products.push(Product {
                    id,
                    name,
                    species,
                    actor,
                    stage,
                    notes,
                    sources,
                    illustrative: ill,
                    line: pr.line,
                });
            }
        }
        // Every product id declared, even of a product with other problems.
        (products, product_ids.into_keys().collect())
    }

    /// `flows` of a product between two actors.
    fn flows(
        &mut self,
        root: &Node,
        actor_ill: &ActorsSeen,
        products: &BTreeSet<String>,
        units: &BTreeSet<String>,
    ) -> Vec<Flow> {
        let mut flow_ids = BTreeMap::new();
        let mut flows: Vec<Flow> = Vec::new();
        for (i, f) in self.array(root, "", "flows", true).iter().enumerate() {
            let p = format!("flows[{i}]");
            if !self.object(f, &p) {
                continue;
            }
            self.keys(f, &p, FLOW_KEYS);
            let id = self.id(f, &p, &mut flow_ids).map(str::to_owned);
            let ill = self.boolean(f, &p, "illustrative");
            let ends = self.flow_ends(f, &p, ill, actor_ill);
            if let [a, b] = ends.as_slice()
                && a == b
            {
                let node = f.get("to").unwrap_or(f);
                self.fail(
                    node,
                    &format!("{p}.to"),
                    "a flow goes between two different actors",
                );
            }
            let product = self.string(f, &p, "product", true).map(str::to_owned);
            if let Some(pr) = &product
                && !products.contains(pr.as_str())
            {
                let node = f.get("product").unwrap_or(f);
                self.fail(
                    node,
                    &format!("{p}.product"),
                    format!("{pr:?} is not a product"),
                );
            }
            let quantity = self.quantity(f, &p, units);
            let commune = self.string(f, &p, "commune_code", true).and_then(|c| {
                let node = f.get("commune_code").unwrap_or(f);
                self.commune(node, &format!("{p}.commune_code"), c)
            });
            let period = self.period(f, &p, "period");
            let sources = sources_of(self, f, &p);
            if let (
                Some(id),
                [from, to],
                Some(product),
                Some((value, unit)),
                Some(commune),
                Some(ill),
            ) = (id, ends.as_slice(), product, quantity, commune, ill)
            {
                flows.push(Flow {
                    id,
                    from: from.clone(),
                    to: to.clone(),
                    product,
                    value,
                    unit,
                    commune,
                    period,
                    sources,
                    illustrative: ill,
                    line: f.line,
                });
            }
        }
        flows
    }

    /// The two actors of a flow, as far as they are written.
    fn flow_ends(
        &mut self,
        f: &Node,
        p: &str,
        ill: Option<bool>,
        actor_ill: &ActorsSeen,
    ) -> Vec<String> {
        let mut ends = Vec::new();
        for key in ["from", "to"] {
            if let Some(a) = self.string(f, p, key, true) {
                let node = f.get(key).unwrap_or(f);
                match actor_ill.get(a) {
                    None => self.fail(
                        node,
                        &format!("{p}.{key}"),
                        format!("{a:?} is not an actor"),
                    ),
                    Some(ai) => {
                        if ill == Some(true) && *ai == Some(false) {
                            self.fail(
                                node,
                                &format!("{p}.{key}"),
                                format!("an illustrative flow may not name the real actor {a:?}"),
                            );
                        } else if ill == Some(false) && *ai == Some(true) {
                            mixing(
                                &mut self.c,
                                node.line,
                                &format!("{p}.{key}"),
                                false,
                                a,
                                true,
                            );
                        }
                    }
                }
                ends.push(a.to_owned());
            }
        }
        ends
    }

    /// The quantity of a flow: its value and unit.
    fn quantity(
        &mut self,
        f: &Node,
        p: &str,
        units: &BTreeSet<String>,
    ) -> Option<(String, &'static Concept)> {
        let mut quantity = None;
        let qp = format!("{p}.quantity");
        if let Some(q) = self.member(f, p, "quantity", true)
            && self.object(q, &qp)
        {
            self.keys(q, &qp, QUANTITY_KEYS);
            let value = self.number(q, &qp, "value", true);
            if let Some(v) = &value
                && v.parse::<f64>().map_or(true, |x| x <= 0.0)
            {
                let node = q.get("value").unwrap_or(q);
                self.fail(
                    node,
                    &format!("{qp}.value"),
                    format!("{v} is not greater than 0"),
                );
            }
            let unit = self.unit(q, &qp, units);
            if let (Some(v), Some(u)) = (value, unit) {
                quantity = Some((v, u));
            }
        }
        quantity
    }

    /// The `unit` of `obj` at `path`, which `units[]` must list.
    fn unit(
        &mut self,
        obj: &Node,
        path: &str,
        units: &BTreeSet<String>,
    ) -> Option<&'static Concept> {
        self.string(obj, path, "unit", true).and_then(|u| {
            let node = obj.get("unit").unwrap_or(obj);
            if !units.contains(u) {
                self.fail(
                    node,
                    &format!("{path}.unit"),
                    format!("{u:?} is not a unit of units[]"),
                );
                return None;
            }
            schemes::scheme("unit").and_then(|s| s.concept(u))
        })
    }

    /// `figures`: reported values, with their unit, species, scope and period.
    fn figures(&mut self, root: &Node, units: &BTreeSet<String>) -> Vec<Figure> {
        let mut figure_ids = BTreeMap::new();
        let mut figures: Vec<Figure> = Vec::new();
        for (i, f) in self.array(root, "", "figures", true).iter().enumerate() {
            let p = format!("figures[{i}]");
            if !self.object(f, &p) {
                continue;
            }
            self.keys(f, &p, FIGURE_KEYS);
            let id = self.id(f, &p, &mut figure_ids).map(str::to_owned);
            let label = self
                .labels(f, &p, "label", true)
                .map(|(a, b)| (a.to_owned(), b.to_owned()));
            let comparator = self.string(f, &p, "comparator", true).map(str::to_owned);
            let (value, range) = self.figure_value(f, &p, comparator.as_deref());
            let unit = self.unit(f, &p, units);
            let species = self.figure_species(f, &p);
            let (scope, communes, fdistricts) = self.figure_scope(f, &p);
            let period = self.period(f, &p, "period");
            let notes = self.string(f, &p, "notes", false).map(str::to_owned);
            let sources = sources_of(self, f, &p);
            let ill = self.boolean(f, &p, "illustrative");
            if let (Some(id), Some(label), Some(comparator), Some(unit), Some(scope), Some(ill)) =
                (id, label, comparator, unit, scope, ill)
            {
                figures.push(Figure {
                    id,
                    label,
                    comparator,
                    value,
                    range,
                    unit,
                    species,
                    scope,
                    communes,
                    districts: fdistricts,
                    period,
                    notes,
                    sources,
                    illustrative: ill,
                    line: f.line,
                });
            }
        }
        figures
    }

    /// A figure's value, or its range for the comparator `range`.
    fn figure_value(
        &mut self,
        f: &Node,
        p: &str,
        comparator: Option<&str>,
    ) -> (Option<String>, Option<(String, String)>) {
        const COMPARATORS: [&str; 7] = ["=", ">", ">=", "<", "<=", "~", "range"];
        match comparator {
            Some("range") => {
                let min = self.number(f, p, "min", true);
                let max = self.number(f, p, "max", true);
                if let (Some(a), Some(b)) = (min, max) {
                    if a.parse::<f64>().ok() > b.parse::<f64>().ok() {
                        let node = f.get("max").unwrap_or(f);
                        self.fail(
                            node,
                            &format!("{p}.max"),
                            format!("{b} is less than min {a}"),
                        );
                    }
                    return (None, Some((a, b)));
                }
            }
            Some(c) if COMPARATORS.contains(&c) => return (self.number(f, p, "value", true), None),
            Some(c) => {
                let node = f.get("comparator").unwrap_or(f);
                self.fail(
                    node,
                    &format!("{p}.comparator"),
                    format!("{c:?} is not one of: {}", COMPARATORS.join(", ")),
                );
            }
            None => {}
        }
        (None, None)
    }

    /// A figure's species: a taxon id, or null.
    fn figure_species(&mut self, f: &Node, p: &str) -> Option<String> {
        match f.get("species") {
            Some(
                node @ Node {
                    value: Value::String(sp),
                    ..
                },
            ) => self
                .species(node, &format!("{p}.species"), sp)
                .then(|| sp.clone()),
            None
            | Some(Node {
                value: Value::Null, ..
            }) => None,
            Some(node) => {
                self.fail(
                    node,
                    &format!("{p}.species"),
                    format!("expected a string or null, found {}", node.kind()),
                );
                None
            }
        }
    }

    /// A figure's scope, with the communes and former districts it lists.
    fn figure_scope(&mut self, f: &Node, p: &str) -> (Option<String>, Vec<String>, Vec<String>) {
        let scope = self.string(f, p, "scope", true).map(str::to_owned);
        const SCOPES: [&str; 4] = [
            "province",
            "former-province",
            "former-districts",
            "communes",
        ];
        if let Some(s) = &scope
            && !SCOPES.contains(&s.as_str())
        {
            let node = f.get("scope").unwrap_or(f);
            self.fail(
                node,
                &format!("{p}.scope"),
                format!("{s:?} is not one of: {}", SCOPES.join(", ")),
            );
        }
        let mut communes = Vec::new();
        for (code, node, cp) in self.strings(f, p, "communes", false) {
            if let Some(c) = self.commune(node, &cp, code) {
                communes.push(c);
            }
        }
        let mut districts = Vec::new();
        for (k, node, dp) in self.strings(f, p, "former_districts", false) {
            if self.former_district(node, &dp, k) {
                districts.push(k.to_owned());
            }
        }
        // An empty list as written; a list whose items are wrong has its own messages.
        let written = |key: &str| matches!(&f.get(key), Some(Node { value: Value::Array(v), .. }) if !v.is_empty());
        if scope.as_deref() == Some("communes") && !written("communes") {
            self.fail(
                f,
                &format!("{p}.communes"),
                "a figure with scope communes lists them",
            );
        }
        if scope.as_deref() == Some("former-districts") && !written("former_districts") {
            self.fail(
                f,
                &format!("{p}.former_districts"),
                "a figure with scope former-districts lists them",
            );
        }
        (scope, communes, districts)
    }
}

/// The quads of a chain read whole, all derived from the file; the counts of its report.
fn write(
    out: &mut Out,
    chain: &Chain,
    known_tasks: &BTreeMap<String, Vec<String>>,
) -> Vec<(String, usize)> {
    let node = iri::value_chain(&chain.id);
    write_chain(out, chain, &node, known_tasks);
    write_stages_and_actors(out, chain, &node);
    write_products(out, chain, &node);
    write_flows(out, chain, &node);
    write_figures(out, chain, &node);
    vec![
        ("stages".into(), chain.stages.len()),
        ("actors".into(), chain.actors.len()),
        ("products".into(), chain.products.len()),
        ("flows".into(), chain.flows.len()),
        ("figures".into(), chain.figures.len()),
    ]
}

/// The chain itself: labels, the plan task it implements, its former districts.
fn write_chain(
    out: &mut Out,
    chain: &Chain,
    node: &NamedNode,
    known_tasks: &BTreeMap<String, Vec<String>>,
) {
    let real = chain.actors.iter().any(|a| !a.illustrative);
    out.entity(
        node,
        &[lcb::VALUE_CHAIN],
        chain.line,
        &chain.id,
        &[],
        !real && !chain.actors.is_empty(),
    );
    out.vi(node, rdfs::LABEL, &chain.name.0);
    out.en(node, rdfs::LABEL, &chain.name.1);
    if let Some(code) = &chain.plan_task {
        out.string(node, lcb::PLAN_TASK_CODE, code);
        for task in known_tasks.get(code).into_iter().flatten() {
            out.link(
                node,
                lcb::IMPLEMENTS_TASK,
                NamedNode::new_unchecked(task.clone()),
            );
        }
    }
    if let Some(c) = &chain.plan_clause {
        out.string(node, biokg_ontology::dcterms::REFERENCES, c);
    }
    for d in &chain.districts {
        out.link(node, lcb::FORMER_DISTRICT, iri::historical_area(d));
    }
    if let Some(n) = &chain.notes {
        out.notes(node, n);
    }
}

/// The stages, in order, with their actors; the actors' stages and roles.
fn write_stages_and_actors(out: &mut Out, chain: &Chain, node: &NamedNode) {
    for (concept, order, (vi, en), definition) in &chain.stages {
        let s = iri::value_chain_part(&chain.id, "stage", &concept.key);
        out.also_type(&s, vf::PROCESS);
        out.vi(&s, rdfs::LABEL, vi);
        out.en(&s, rdfs::LABEL, en);
        if let Some((dvi, den)) = definition {
            out.vi(&s, skos::DEFINITION, dvi);
            out.en(&s, skos::DEFINITION, den);
        }
        out.link(&s, lcb::STAGE_CONCEPT, concept.iri.clone());
        out.typed_value(&s, lcb::STAGE_ORDER, &order.to_string(), xsd::INTEGER);
        out.link(&s, lcb::IN_CHAIN, node.clone());
        out.link(node, lcb::HAS_STAGE, s.clone());
        for a in chain.actors.iter().filter(|a| a.stages.contains(concept)) {
            out.link(&s, lcb::STAGE_ACTOR, iri::org(&a.id));
        }
    }
    for a in &chain.actors {
        let s = iri::org(&a.id);
        out.link(node, lcb::HAS_ACTOR, s.clone());
        for c in &a.stages {
            out.link(&s, lcb::VALUE_CHAIN_STAGE, c.iri.clone());
        }
        if let Some((vi, en)) = &a.role {
            out.vi(&s, lcb::ACTOR_ROLE, vi);
            out.en(&s, lcb::ACTOR_ROLE, en);
        }
    }
}

/// The products, each linked to its maker.
fn write_products(out: &mut Out, chain: &Chain, node: &NamedNode) {
    for p in &chain.products {
        let s = iri::value_chain_part(&chain.id, "product", &p.id);
        let srcs: Vec<&str> = p.sources.iter().map(String::as_str).collect();
        out.entity(
            &s,
            &[lcb::VALUE_CHAIN_PRODUCT, schema::PRODUCT],
            p.line,
            &p.id,
            &srcs,
            p.illustrative,
        );
        out.vi(&s, rdfs::LABEL, &p.name.0);
        out.en(&s, rdfs::LABEL, &p.name.1);
        for sp in &p.species {
            out.link(&s, lcb::SPECIES, iri::taxon(sp));
        }
        out.link(&s, lcb::PRODUCED_BY, iri::org(&p.actor));
        if let Some(c) = p.stage {
            out.link(&s, lcb::VALUE_CHAIN_STAGE, c.iri.clone());
        }
        out.link(&s, lcb::IN_CHAIN, node.clone());
        if let Some(n) = &p.notes {
            out.notes(&s, n);
        }
    }
}

/// The flows, as ValueFlows economic events.
fn write_flows(out: &mut Out, chain: &Chain, node: &NamedNode) {
    for f in &chain.flows {
        let s = iri::value_chain_part(&chain.id, "flow", &f.id);
        let srcs: Vec<&str> = f.sources.iter().map(String::as_str).collect();
        out.entity(
            &s,
            &[vf::ECONOMIC_EVENT],
            f.line,
            &f.id,
            &srcs,
            f.illustrative,
        );
        let product = chain
            .products
            .iter()
            .find(|p| p.id == f.product)
            .map_or(f.product.as_str(), |p| p.name.0.as_str());
        out.vi(
            &s,
            rdfs::LABEL,
            &format!("{product}: {} {}", f.value, f.unit.vi),
        );
        out.link(&s, vf::PROVIDER, iri::org(&f.from));
        out.link(&s, vf::RECEIVER, iri::org(&f.to));
        out.link(
            &s,
            vf::RESOURCE_CONFORMS_TO,
            iri::value_chain_part(&chain.id, "product", &f.product),
        );
        out.typed_value(&s, lcb::QUANTITY_VALUE, &f.value, xsd::DECIMAL);
        out.link(&s, lcb::QUANTITY_UNIT, f.unit.iri.clone());
        out.link(&s, vf::AT_LOCATION, iri::place(&f.commune));
        if let Some(p) = &f.period {
            out.string(&s, lcb::PERIOD, p);
        }
        out.link(&s, lcb::IN_CHAIN, node.clone());
    }
}

/// The figures.
fn write_figures(out: &mut Out, chain: &Chain, node: &NamedNode) {
    for f in &chain.figures {
        let s = iri::value_chain_part(&chain.id, "figure", &f.id);
        let srcs: Vec<&str> = f.sources.iter().map(String::as_str).collect();
        out.entity(&s, &[lcb::FIGURE], f.line, &f.id, &srcs, f.illustrative);
        out.vi(&s, rdfs::LABEL, &f.label.0);
        out.en(&s, rdfs::LABEL, &f.label.1);
        out.string(&s, lcb::FIGURE_COMPARATOR, &f.comparator);
        if let Some(v) = &f.value {
            out.typed_value(&s, lcb::FIGURE_VALUE, v, xsd::DECIMAL);
        }
        if let Some((a, b)) = &f.range {
            out.typed_value(&s, lcb::FIGURE_MIN, a, xsd::DECIMAL);
            out.typed_value(&s, lcb::FIGURE_MAX, b, xsd::DECIMAL);
        }
        out.link(&s, lcb::QUANTITY_UNIT, f.unit.iri.clone());
        if let Some(sp) = &f.species {
            out.link(&s, lcb::SPECIES, iri::taxon(sp));
        }
        out.string(&s, lcb::FIGURE_SCOPE, &f.scope);
        for c in &f.communes {
            out.link(&s, schema::LOCATION, iri::place(c));
        }
        for d in &f.districts {
            out.link(&s, lcb::FORMER_DISTRICT, iri::historical_area(d));
        }
        if let Some(p) = &f.period {
            out.string(&s, lcb::PERIOD, p);
        }
        if let Some(n) = &f.notes {
            out.notes(&s, n);
        }
        out.link(&s, lcb::IN_CHAIN, node.clone());
    }
}
