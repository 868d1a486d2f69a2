//! The sources shipped with the binary, which a first start loads into an empty store.

use crate::error::Error;
use biokg_ingest::Loaded;
use std::path::Path;

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
    use biokg_ingest::registry::{self, Gazetteer, Known, RegistryKind};
    let (file, bytes) = BUNDLED_PLAN;
    let plan =
        biokg_ingest::load_plan_bytes(file, bytes, &biokg_ingest::default_name(Path::new(file)))?;
    let places = biokg_ingest::load_places_from("places", &registry::bundled_places(), "places")?;
    let gaz = Gazetteer::bundled();
    let known = Known::from_quads(&plan.quads);
    let mut out = vec![plan, places];
    for kind in [
        RegistryKind::Plants,
        RegistryKind::Labs,
        RegistryKind::Enterprises,
        RegistryKind::ValueChain,
    ] {
        out.push(registry::load_registry_files(
            kind,
            &registry::bundled(kind),
            kind.key(),
            gaz,
            &known,
        )?);
    }
    Ok(out)
}
