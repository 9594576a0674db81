//! # almaplan
//!
//! Planning optimizer for IMSS-BIENESTAR, Mexico's public health service for people without social
//! security. One scenario drives three planners over the same territory — the weekend roster, the
//! Comando Alma-Ata rollout and the mobile medical units' routes — and each reports the gap that
//! remains and what would close it.
//!
//! Data flows one way through the layers:
//!
//! 1. [`input`]: readers for the official formats (IMSS-BIENESTAR and DGIS CLUES catalogues, INEGI
//!    ITER/AGEEML localities, CONAPO marginalisation, SINERHIAS staffing), with located errors.
//! 2. [`domain`]: plain types (units, localities, physicians, calendar).
//! 3. [`territory`]: travel times and the spatial index.
//! 4. planners (separate modules), built on [`lp`], the LP/MIP plumbing over good_lp + HiGHS.
//! 5. [`output`]: CSV, GeoJSON and JSON files, each written atomically.
//!
//! [`scenario`] names the data and the policy; [`load`] reads a scenario into a [`domain::Network`];
//! [`synthetic`] generates the embedded demo network.

pub mod bench_routing;
pub mod benchmarks;
pub mod cli;
pub mod domain;
pub mod error;
pub mod input;
pub mod load;
pub mod lp;
pub mod output;
pub mod pipeline;
pub mod planners;
pub mod scenario;
pub mod synthetic;
pub mod territory;
pub mod whatif;

pub use error::{Error, Result};
