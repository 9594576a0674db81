//! Planners: each builds its model from the domain, solves it and explains what is left.

pub mod waves;
pub mod zones;
