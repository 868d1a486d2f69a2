//! End-to-end tests of the whole system: the router in process, the real binary on a free
//! port, the example queries of docs/queries.md, all on the bundled plan, and the links of the
//! documentation.

mod integration {
    mod backup;
    mod bad_input;
    mod browser;
    mod cache;
    mod crash;
    mod docs;
    mod ingest;
    mod limits;
    mod monitoring;
    mod observability;
    mod pages;
    mod queries;
    mod real_binary;
    mod registries;
    mod relevance;
    mod reports;
    mod routes;
    mod support;
    mod writes;
}
