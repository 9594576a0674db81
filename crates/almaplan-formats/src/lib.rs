//! # almaplan-formats
#![warn(missing_docs)]
pub mod input;
pub mod load;
pub mod output;
pub mod run_schema;
pub mod scenario;
