//! The value chains: their stages in order with the actors of each, the partners outside the
//! stages, and the flows between actors, every IRI with its label.

use super::entity::Link;
use super::{Reader, value};
use crate::error::Result;
use biokg_graph::Solution;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An actor of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// Whether the record is illustrative.
    pub illustrative: bool,
    /// The actor.
    pub link: Link,
}

/// A stage of a chain with its actors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// The actors of the stage, by IRI.
    pub actors: Vec<Actor>,
    /// The stage.
    pub link: Link,
    /// Its place in the chain.
    pub order: i64,
}

/// A flow of goods between two actors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// The provider.
    pub from: Link,
    /// Whether the record is illustrative.
    pub illustrative: bool,
    /// The flow.
    pub link: Link,
    /// The period the flow is reported for.
    pub period: Option<String>,
    /// The receiver.
    pub to: Link,
}

/// One value chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueChain {
    /// Its flows, by IRI.
    pub flows: Vec<Flow>,
    /// The chain.
    pub link: Link,
    /// Actors of the chain that are in no stage (research partners…), by IRI.
    pub partners: Vec<Actor>,
    /// Its stages, in order.
    pub stages: Vec<Stage>,
}

/// The chains as IRIs, before their labels are known.
#[derive(Default)]
struct Raw {
    stages: BTreeMap<String, (i64, BTreeSet<(String, bool)>)>,
    partners: BTreeSet<(String, bool)>,
    flows: Vec<[Option<String>; 5]>,
}

fn illustrative(row: &Solution) -> bool {
    value(row, "ill") == Some("true")
}

impl Reader<'_> {
    /// Every value chain, by IRI, labels in `lang`.
    ///
    /// # Errors
    /// The store's errors.
    pub fn value_chains(&self, lang: &str) -> Result<Vec<ValueChain>> {
        let mut raw: BTreeMap<String, Raw> = BTreeMap::new();
        self.chain_stages(&mut raw)?;
        self.chain_partners(&mut raw)?;
        self.chain_flows(&mut raw)?;
        let mut named: BTreeSet<String> = raw.keys().cloned().collect();
        for chain in raw.values() {
            for (stage, (_, actors)) in &chain.stages {
                named.insert(stage.clone());
                named.extend(actors.iter().map(|(a, _)| a.clone()));
            }
            named.extend(chain.partners.iter().map(|(a, _)| a.clone()));
            for f in &chain.flows {
                named.extend(f[..3].iter().flatten().cloned());
            }
        }
        let labels = self.labels(&named, lang)?;
        Ok(raw
            .into_iter()
            .map(|(iri, chain)| labelled(&iri, chain, &labels))
            .collect())
    }

    fn chain_stages(&self, raw: &mut BTreeMap<String, Raw>) -> Result<()> {
        let rows = self.select(
            "SELECT ?chain ?stage ?order ?actor ?ill WHERE {
                ?chain a lcb:ValueChain ; lcb:hasStage ?stage .
                ?stage lcb:stageOrder ?order .
                OPTIONAL { ?stage lcb:stageActor ?actor . OPTIONAL { ?actor lcb:illustrative ?ill } }
            }",
        )?;
        for row in &rows {
            let (Some(c), Some(s)) = (value(row, "chain"), value(row, "stage")) else {
                continue;
            };
            let order = value(row, "order")
                .and_then(|o| o.parse().ok())
                .unwrap_or(i64::MAX);
            let stage = raw
                .entry(c.to_owned())
                .or_default()
                .stages
                .entry(s.to_owned())
                .or_insert((order, BTreeSet::new()));
            if let Some(a) = value(row, "actor") {
                stage.1.insert((a.to_owned(), illustrative(row)));
            }
        }
        Ok(())
    }

    fn chain_partners(&self, raw: &mut BTreeMap<String, Raw>) -> Result<()> {
        let rows = self.select(
            "SELECT ?chain ?actor ?ill WHERE {
                ?chain a lcb:ValueChain ; lcb:hasActor ?actor .
                FILTER NOT EXISTS { ?chain lcb:hasStage/lcb:stageActor ?actor }
                OPTIONAL { ?actor lcb:illustrative ?ill }
            }",
        )?;
        for row in &rows {
            if let (Some(c), Some(a)) = (value(row, "chain"), value(row, "actor")) {
                raw.entry(c.to_owned())
                    .or_default()
                    .partners
                    .insert((a.to_owned(), illustrative(row)));
            }
        }
        Ok(())
    }

    fn chain_flows(&self, raw: &mut BTreeMap<String, Raw>) -> Result<()> {
        let rows = self.select(
            "SELECT ?chain ?flow ?from ?to ?period ?ill WHERE {
                ?flow lcb:inChain ?chain ; vf:provider ?from ; vf:receiver ?to .
                OPTIONAL { ?flow lcb:period ?period }
                OPTIONAL { ?flow lcb:illustrative ?ill }
            } ORDER BY ?chain ?flow",
        )?;
        for row in &rows {
            let Some(c) = value(row, "chain") else {
                continue;
            };
            // Flows belong to a chain the other queries found, as the page always showed.
            if let Some(chain) = raw.get_mut(c) {
                let v = |var| value(row, var).map(str::to_owned);
                let ill = illustrative(row).then(|| "true".to_owned());
                chain
                    .flows
                    .push([v("flow"), v("from"), v("to"), v("period"), ill]);
            }
        }
        Ok(())
    }
}

/// A chain with the label of every IRI.
fn labelled(iri: &str, chain: Raw, labels: &HashMap<String, String>) -> ValueChain {
    let link = |iri: &str| Link {
        iri: iri.to_owned(),
        label: labels.get(iri).cloned(),
    };
    let actors = |set: BTreeSet<(String, bool)>| {
        set.into_iter()
            .map(|(a, illustrative)| Actor {
                illustrative,
                link: link(&a),
            })
            .collect()
    };
    let mut stages: Vec<Stage> = chain
        .stages
        .into_iter()
        .map(|(s, (order, members))| Stage {
            actors: actors(members),
            link: link(&s),
            order,
        })
        .collect();
    stages.sort_by(|a, b| (a.order, &a.link.iri).cmp(&(b.order, &b.link.iri)));
    let flows = chain
        .flows
        .into_iter()
        .map(|[flow, from, to, period, ill]| Flow {
            from: link(from.as_deref().unwrap_or_default()),
            illustrative: ill.is_some(),
            link: link(flow.as_deref().unwrap_or_default()),
            period,
            to: link(to.as_deref().unwrap_or_default()),
        })
        .collect();
    ValueChain {
        flows,
        link: link(iri),
        partners: actors(chain.partners),
        stages,
    }
}
