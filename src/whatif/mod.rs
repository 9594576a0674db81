//! What-if analysis: parameter sweeps over a scenario and comparisons between two runs. The
//! scenario side (`extends`, `--set` overrides) lives in [`crate::scenario`].

pub mod compare;
pub mod sweep;
