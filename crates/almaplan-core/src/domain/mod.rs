//! Plain types for the things planners reason about: health units, localities, physicians,
//! municipal marginalisation, states and the working calendar. No I/O and no solving here.
//!
//! The readers of `almaplan-formats` build these values from the official files (the
//! IMSS-BIENESTAR establishment catalogue, INEGI's localities, CONAPO's marginalisation index, the
//! staffing files) and gather them into one [`Network`]; [`crate::synthetic`] builds a made-up one
//! for the demo and for tests. Planners borrow the network and refer to its units by their index
//! in [`Network::units`].
//!
//! | module | what it holds |
//! |---|---|
//! | [`unit`](mod@unit) | health establishments ([`Unit`]): CLUES key, kind and size in núcleos básicos, status, level of care |
//! | [`locality`] | localities ([`Locality`]): where people live, population and its vulnerability |
//! | [`physician`] | anonymous physicians ([`Physician`]), their base unit, contract and absences |
//! | [`marginalisation`] | CONAPO's municipal marginalisation grade ([`Marginalisation`]) |
//! | [`network`] | the [`Network`] of all of the above and per-state counts ([`StateSummary`]) |
//! | [`calendar`] | the [`WorkCalendar`]: working days, weekends, LFT art. 74 mandatory rest days, blackouts |
//! | [`state`] | the 32 states (entidades) by INEGI code, name folding |
//! | [`figures`] | figures IMSS-BIENESTAR published per state |
//! | [`roster`] | a roster as people edit it, and absences (inputs of re-planning and checking) |

pub mod calendar;
pub mod figures;
pub mod locality;
pub mod marginalisation;
pub mod network;
pub mod physician;
pub mod roster;
pub mod state;
pub mod unit;

pub use calendar::{Blackout, WorkCalendar};
pub use locality::Locality;
pub use marginalisation::{MarginGrade, Marginalisation};
pub use network::{Network, StateSummary};
pub use physician::{Contract, Physician, PhysicianOrigin};
pub use unit::{CareLevel, OperationStatus, Stratum, Unit, UnitKind};

/// A point on the Earth in decimal degrees (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LatLon {
    /// Latitude in degrees, positive north (Mexico: about 14.3 to 32.8).
    pub lat: f64,
    /// Longitude in degrees, negative west of Greenwich (Mexico: about −118.5 to −86.5).
    pub lon: f64,
}

impl LatLon {
    /// A point from latitude and longitude, in that order (the order the catalogues use; the
    /// reverse of GeoJSON's `[lon, lat]`).
    pub fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }
}

/// Mexico's latitude extent in degrees (including the Pacific islands), used with [`MEXICO_LON`]
/// to reject impossible coordinates ([`check_in_mexico`]).
pub const MEXICO_LAT: std::ops::RangeInclusive<f64> = 14.3..=32.8;
/// Mexico's longitude extent in degrees (negative: west of Greenwich); see [`MEXICO_LAT`].
pub const MEXICO_LON: std::ops::RangeInclusive<f64> = -118.5..=-86.5;

/// Checks that a point lies in Mexico's bounding box ([`MEXICO_LAT`] × [`MEXICO_LON`]).
///
/// # Errors
///
/// A message saying why the point cannot be in Mexico, with a hint at the likely mistake: latitude
/// and longitude swapped, a missing minus sign on the longitude, or `0, 0` (coordinates never
/// captured). Readers turn it into an input [`Problem`](crate::error::Problem).
///
/// ```
/// use almaplan_core::domain::{check_in_mexico, LatLon};
///
/// assert!(check_in_mexico(LatLon::new(20.12, -98.73)).is_ok()); // Pachuca
/// assert!(check_in_mexico(LatLon::new(20.12, 98.73)).unwrap_err().contains("signo menos"));
/// ```
pub fn check_in_mexico(p: LatLon) -> Result<(), String> {
    if MEXICO_LAT.contains(&p.lat) && MEXICO_LON.contains(&p.lon) {
        return Ok(());
    }
    let hint = if MEXICO_LAT.contains(&p.lon) && MEXICO_LON.contains(&p.lat) {
        " (latitud y longitud parecen intercambiadas)"
    } else if MEXICO_LAT.contains(&p.lat) && MEXICO_LON.contains(&-p.lon) {
        " (a la longitud le falta el signo menos: México está al oeste de Greenwich)"
    } else if p.lat == 0.0 && p.lon == 0.0 {
        " (0,0 suele significar que las coordenadas nunca se capturaron)"
    } else {
        ""
    };
    Err(format!(
        "coordenadas dentro de México (latitud {}..{}, longitud {}..{}); se leyó {}, {}{hint}",
        MEXICO_LAT.start(),
        MEXICO_LAT.end(),
        MEXICO_LON.start(),
        MEXICO_LON.end(),
        p.lat,
        p.lon
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_coordinates_get_a_hint() {
        let e = check_in_mexico(LatLon::new(-98.44, 20.14)).unwrap_err();
        assert!(e.contains("intercambiadas"), "{e}");
        let e = check_in_mexico(LatLon::new(20.14, 98.44)).unwrap_err();
        assert!(e.contains("signo menos"), "{e}");
        assert!(check_in_mexico(LatLon::new(20.14, -98.44)).is_ok());
    }
}
