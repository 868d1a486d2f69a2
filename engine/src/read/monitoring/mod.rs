//! Plan monitoring: what the agencies' yearly reports say of the plan's tasks and targets,
//! and who has reported, as of a date.

pub mod rules;
