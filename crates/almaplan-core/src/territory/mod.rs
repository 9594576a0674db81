//! The territory: how long it takes to travel between places, and which places are near.

pub mod index;
pub mod travel;

pub use index::SpatialIndex;
pub use travel::{great_circle_km, Place, TravelParams, TravelTimes};
