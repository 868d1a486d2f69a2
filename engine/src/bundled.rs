//! The sources shipped with the binary, which a first start loads into an empty store.

use crate::error::Error;
use biokg_ingest::registry::Known;
use biokg_ingest::{Context, Format, Input, Loaded, ingest};

/// The plan shipped with the binary, loaded on the first start.
pub const BUNDLED_PLAN: (&str, &[u8]) = (
    "ke-hoach-cnsh-lao-cai-2026.txt",
    include_bytes!("../../data/ke-hoach-cnsh-lao-cai-2026.txt"),
);

/// The bundled sources, in the order a first start loads them (places before the registries
/// that name communes, labs before the plants they conserve): the plan, the places, the
/// plants, the labs, the enterprises.
///
/// # Errors
/// When a bundled file does not load (a test loads them all).
pub fn bundled_sources() -> Result<Vec<Loaded>, Error> {
    use biokg_ingest::registry::{self, Gazetteer, Registry};
    let (file, bytes) = BUNDLED_PLAN;
    let standalone = Context::standalone();
    let plan = ingest(&Input::bytes(Format::Plan, file, bytes), &standalone)?;
    let places = ingest(
        &Input::places("places", registry::bundled_places()),
        &standalone,
    )?;
    let known = Known::from_quads(&plan.quads);
    let ctx = Context {
        known: &known,
        gazetteer: Gazetteer::bundled(),
        ..standalone
    };
    let mut out = vec![plan, places];
    for kind in [
        Registry::Plants,
        Registry::Labs,
        Registry::Enterprises,
        Registry::ValueChain,
    ] {
        out.push(ingest(
            &Input::registry(kind, registry::bundled(kind)),
            &ctx,
        )?);
    }
    Ok(out)
}

/// The bundled plan and places as one graph: what an RDF file is validated against when no
/// store is at hand (`biokg check`).
///
/// # Errors
/// When a bundled file does not load.
pub fn graph() -> Result<oxigraph::model::Graph, Error> {
    let (file, bytes) = BUNDLED_PLAN;
    let standalone = Context::standalone();
    let plan = ingest(
        &Input::bytes(Format::Plan, file, bytes).named("plan"),
        &standalone,
    )?;
    let places = ingest(
        &Input::places("places", biokg_ingest::registry::bundled_places()),
        &standalone,
    )?;
    Ok(plan
        .quads
        .iter()
        .chain(&places.quads)
        .map(|q| oxigraph::model::TripleRef::from(q.as_ref()).into_owned())
        .collect())
}

/// What registry references may resolve to when no store (or a store without a plan) is at
/// hand: the bundled plan's agencies and tasks.
///
/// # Errors
/// When the bundled plan does not load.
pub fn known() -> Result<Known, Error> {
    let (file, bytes) = BUNDLED_PLAN;
    let plan = ingest(
        &Input::bytes(Format::Plan, file, bytes).named("plan"),
        &Context::standalone(),
    )?;
    Ok(Known::from_quads(&plan.quads))
}
