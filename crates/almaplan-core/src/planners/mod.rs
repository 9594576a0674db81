//! The planners. Each builds a model from the network and the scenario's policy, solves it, and
//! explains the gap that remains. Planners never read files or print.

pub mod roster;
pub mod umm;
pub mod waves;
pub mod zones;
