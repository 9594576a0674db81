//! # almaplan-core

// The compiler keeps the layer: no printing here (clippy.toml forbids file-system calls too).
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]
pub mod domain;
pub mod error;
pub mod lp;
pub mod planners;
pub mod progress;
pub mod synthetic;
pub mod territory;

pub use error::{Error, Result};
