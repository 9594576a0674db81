//! # almaplan
//!
//! The application over the planners: the pipeline that loads a scenario and runs every planner
//! it enables, the headline figures, the HTML report, what-if runs (`sweep`, `compare`) and the
//! command-line interface. The planners live in `almaplan-core`; readers, the scenario schema and
//! the file writers in `almaplan-formats`.

#![warn(missing_docs)]

pub mod bench_routing;
pub mod benchmarks;
pub mod cli;
pub mod gaps;
pub mod gaps_supervision;
pub mod headline;
pub mod memory;
pub mod pipeline;
pub mod present;
pub mod progress_view;
pub mod report;
pub mod run_output;
pub mod umm_programme;
pub mod whatif;

pub use almaplan_core::error::{Error, Result};
