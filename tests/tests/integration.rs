//! End-to-end tests of the whole system: the router in process, the real binary on a free
//! port, and the README's example queries, all on the bundled plan.

mod integration {
    mod backup;
    mod bad_input;
    mod browser;
    mod cache;
    mod crash;
    mod ingest;
    mod limits;
    mod observability;
    mod pages;
    mod queries;
    mod real_binary;
    mod registries;
    mod relevance;
    mod routes;
    mod support;
    mod writes;
}
