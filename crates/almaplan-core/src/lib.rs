//! # almaplan-core
#![warn(missing_docs)]
pub mod domain;
pub mod error;
pub mod lp;
pub mod planners;
pub mod progress;
pub mod synthetic;
pub mod territory;

pub use error::{Error, Result};
