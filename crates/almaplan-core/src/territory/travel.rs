//! Travel time between two places.
//!
//! Without a road network the estimate is `great-circle km × circuity ÷ speed`, where the speed
//! depends on the stratum of the endpoints: roads between rural places are slower than urban
//! avenues over the same distance once mountain roads and unpaved stretches are counted, so the
//! pair's speed is the mean of its endpoints' speeds. A user-supplied matrix (keys → minutes)
//! overrides the estimate for the pairs it lists.

use geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

use crate::domain::unit::Stratum;
use crate::domain::LatLon;

/// Travel minutes given by the user between two places, keyed `(from, to)` by CLUES or CVEGEO.
/// The reader (`almaplan-formats`) inserts a pair given one way under both orders (a pair listed
/// both ways keeps each direction's minutes), so [`TravelTimes::minutes`] finds it either way.
pub type TravelMatrix = std::collections::HashMap<(String, String), f64>;

/// Parameters of the travel-time estimate (scenario section `[travel]`; `models/territory.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TravelParams {
    /// Road distance ÷ straight-line distance (default 1.4, Mexican secondary roads).
    pub circuity: f64,
    /// Average speed in km/h around rural places (default 35: sierra roads, terracería).
    pub rural_kmh: f64,
    /// Average speed in km/h around urban places (default 30: city traffic).
    pub urban_kmh: f64,
    /// Speed in km/h when the stratum is unknown (localities without ámbito; default 35).
    pub unknown_kmh: f64,
}

impl Default for TravelParams {
    fn default() -> Self {
        // Circuity 1.4 is the usual figure for Mexican secondary roads; 35 km/h rural reflects
        // sierra roads and terracería, 30 km/h urban reflects city traffic.
        TravelParams { circuity: 1.4, rural_kmh: 35.0, urban_kmh: 30.0, unknown_kmh: 35.0 }
    }
}

impl TravelParams {
    /// Checks the parameters are plausible: circuity in 1–5, every speed in 1–150 km/h.
    ///
    /// # Errors
    ///
    /// A message naming the parameter (`travel.circuity`, `travel.rural_kmh`, …) and its range, which
    /// the scenario loader reports.
    pub fn validate(&self) -> Result<(), String> {
        if !(1.0..=5.0).contains(&self.circuity) {
            return Err(format!("travel.circuity debe estar entre 1 y 5; se leyó {}", self.circuity));
        }
        for (name, v) in [("rural_kmh", self.rural_kmh), ("urban_kmh", self.urban_kmh), ("unknown_kmh", self.unknown_kmh)] {
            if !(1.0..=150.0).contains(&v) {
                return Err(format!("travel.{name} debe ser una velocidad entre 1 y 150 km/h; se leyó {v}"));
            }
        }
        Ok(())
    }

    fn speed(&self, s: Option<Stratum>) -> f64 {
        match s {
            Some(Stratum::Rural) => self.rural_kmh,
            Some(Stratum::Urbano) => self.urban_kmh,
            None => self.unknown_kmh,
        }
    }

    /// The fastest speed the model can use, for turning a time budget into a search radius.
    pub fn max_kmh(&self) -> f64 {
        self.rural_kmh.max(self.urban_kmh).max(self.unknown_kmh)
    }
}

/// A place to travel from or to: a [`Unit`](crate::domain::Unit) or a
/// [`Locality`](crate::domain::Locality) converts into one with `.into()`.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// CLUES or CVEGEO, used to look the pair up in a matrix.
    pub key: &'a str,
    /// Where the place is.
    pub location: LatLon,
    /// Rural or urban, which sets the speed; `None` uses `unknown_kmh`.
    pub stratum: Option<Stratum>,
}

impl<'a> From<&'a crate::domain::Unit> for Place<'a> {
    fn from(u: &'a crate::domain::Unit) -> Self {
        Place { key: &u.clues, location: u.location, stratum: u.stratum }
    }
}

impl<'a> From<&'a crate::domain::Locality> for Place<'a> {
    fn from(l: &'a crate::domain::Locality) -> Self {
        Place { key: &l.cvegeo, location: l.location, stratum: l.ambito }
    }
}

/// Travel times for a scenario: the user's matrix where it has the pair, the geometric estimate
/// otherwise. All times are one-way minutes.
///
/// ```
/// use almaplan_core::domain::unit::Stratum;
/// use almaplan_core::domain::LatLon;
/// use almaplan_core::territory::{Place, TravelTimes};
///
/// let t = TravelTimes::default(); // circuity 1.4, 35 km/h rural, 30 km/h urban
/// let pachuca = Place { key: "a", location: LatLon::new(20.1011, -98.7591), stratum: Some(Stratum::Urbano) };
/// let tulancingo = Place { key: "b", location: LatLon::new(20.0833, -98.3667), stratum: Some(Stratum::Urbano) };
/// let minutes = t.minutes(pachuca, tulancingo); // 41 km straight, 1.4 × 41 km at 30 km/h
/// assert!((110.0..120.0).contains(&minutes));
/// ```
#[derive(Debug, Clone, Default)]
pub struct TravelTimes {
    /// Parameters of the geometric estimate.
    pub params: TravelParams,
    /// The user's travel matrix (`[travel] matrix`), which wins over the estimate for the pairs it
    /// lists.
    pub matrix: Option<TravelMatrix>,
}

/// Great-circle (haversine) distance in km.
pub fn great_circle_km(a: LatLon, b: LatLon) -> f64 {
    Haversine::distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}

impl TravelTimes {
    /// Travel times from parameters and an optional matrix.
    pub fn new(params: TravelParams, matrix: Option<TravelMatrix>) -> Self {
        TravelTimes { params, matrix }
    }

    /// One-way minutes from `a` to `b`: the matrix entry for `(a.key, b.key)` when there is one,
    /// else [`estimate`](Self::estimate).
    pub fn minutes(&self, a: Place<'_>, b: Place<'_>) -> f64 {
        if let Some(m) = &self.matrix {
            if let Some(v) = m.get(&(a.key.to_string(), b.key.to_string())) {
                return *v;
            }
        }
        self.estimate(a, b)
    }

    /// One-way minutes between two units; zero from a unit to itself.
    pub fn between_units(&self, a: &crate::domain::Unit, b: &crate::domain::Unit) -> f64 {
        if a.clues == b.clues {
            0.0
        } else {
            self.minutes(a.into(), b.into())
        }
    }

    /// The geometric estimate in minutes, ignoring any matrix:
    /// `km × circuity ÷ ((speed(a) + speed(b)) / 2) × 60`.
    pub fn estimate(&self, a: Place<'_>, b: Place<'_>) -> f64 {
        let speed = 0.5 * (self.params.speed(a.stratum) + self.params.speed(b.stratum));
        great_circle_km(a.location, b.location) * self.params.circuity / speed * 60.0
    }

    /// Straight-line km that cannot take less than `minutes` under the estimate: candidates for a
    /// time budget lie within this radius. (A matrix may list faster pairs; those callers must
    /// check the matrix themselves.)
    pub fn radius_km(&self, minutes: f64) -> f64 {
        minutes / 60.0 * self.params.max_kmh() / self.params.circuity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pachuca_to_tulancingo_is_about_an_hour() {
        let pachuca = LatLon::new(20.1011, -98.7591);
        let tulancingo = LatLon::new(20.0833, -98.3667);
        let km = great_circle_km(pachuca, tulancingo);
        assert!((40.0..42.0).contains(&km), "{km}");
        let t = TravelTimes::default();
        let p = |k, l| Place { key: k, location: l, stratum: Some(Stratum::Urbano) };
        let m = t.minutes(p("a", pachuca), p("b", tulancingo));
        assert!((110.0..120.0).contains(&m), "{m}");
        // The radius for that budget contains the pair.
        assert!(t.radius_km(m) >= km);
    }

    #[test]
    fn matrix_overrides_the_estimate() {
        let mut matrix = TravelMatrix::new();
        matrix.insert(("a".into(), "b".into()), 12.5);
        let t = TravelTimes::new(TravelParams::default(), Some(matrix));
        let p = |k| Place { key: k, location: LatLon::new(20.0, -99.0), stratum: None };
        assert_eq!(t.minutes(p("a"), p("b")), 12.5);
        assert_eq!(t.minutes(p("b"), p("a")), 0.0);
    }
}
