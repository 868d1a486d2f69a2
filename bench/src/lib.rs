//! Benchmark tools of BioKG Lào Cai: the scale-data generator ([`scale`], the `biokg-gen`
//! binary), beside the binaries `biokg-load` (HTTP load) and `biokg-gen-index` (a synthetic
//! search index).

pub mod scale;
