//! The HTTP routes, one module per resource, merged in [`crate::app`].

pub mod calendar;
pub mod entity;
pub mod health;
pub mod metrics;
pub mod openapi;
pub mod plan;
pub mod progress;
pub mod reports;
pub mod search;
pub mod sparql;
pub mod store;
