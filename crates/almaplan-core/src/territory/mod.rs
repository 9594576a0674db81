//! The territory: how long it takes to travel between places, and which places are near.
//!
//! - [`TravelTimes`] gives one-way minutes between two [`Place`]s (units or localities): a
//!   great-circle estimate with circuity and stratum speeds ([`TravelParams`]), overridden pair by
//!   pair by a user matrix.
//! - [`SpatialIndex`] answers radius and k-nearest queries, so planners build candidate pairs
//!   (physician–unit, unit–hospital, base–locality) without looking at every pair.
//!
//! The formulas and defaults are in `models/territory.md`.

pub mod index;
pub mod travel;

pub use index::SpatialIndex;
pub use travel::{great_circle_km, Place, TravelParams, TravelTimes};
