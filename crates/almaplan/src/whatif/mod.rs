//! What-if analysis: parameter sweeps over a scenario and comparisons between two runs. The
//! scenario side (`extends`, `--set` overrides) lives in [`almaplan_formats::scenario`].

pub mod compare;
pub mod compare_output;
pub mod sweep;
pub mod sweep_output;
