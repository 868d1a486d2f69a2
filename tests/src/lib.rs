//! End-to-end tests of BioKG Lào Cai live in `tests/integration.rs` (one test binary, one
//! module per feature); this library is empty.
