//! Plain types for the things planners reason about: health units, localities, physicians,
//! municipal marginalisation, states and the working calendar. No I/O and no solving here.

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
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }
}

/// Mexico's extent (including the Pacific islands), used to reject impossible coordinates.
pub const MEXICO_LAT: std::ops::RangeInclusive<f64> = 14.3..=32.8;
pub const MEXICO_LON: std::ops::RangeInclusive<f64> = -118.5..=-86.5;

/// Why a coordinate pair cannot be in Mexico, with a hint at the likely mistake.
pub fn check_in_mexico(p: LatLon) -> Result<(), String> {
    if MEXICO_LAT.contains(&p.lat) && MEXICO_LON.contains(&p.lon) {
        return Ok(());
    }
    let hint = if MEXICO_LAT.contains(&p.lon) && MEXICO_LON.contains(&p.lat) {
        " (latitude and longitude look swapped)"
    } else if MEXICO_LAT.contains(&p.lat) && MEXICO_LON.contains(&-p.lon) {
        " (longitude is missing its minus sign: Mexico is west of Greenwich)"
    } else if p.lat == 0.0 && p.lon == 0.0 {
        " (0,0 usually means the coordinates were never captured)"
    } else {
        ""
    };
    Err(format!(
        "coordinates inside Mexico (latitude {}..{}, longitude {}..{}); got {}, {}{hint}",
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
        assert!(e.contains("swapped"), "{e}");
        let e = check_in_mexico(LatLon::new(20.14, 98.44)).unwrap_err();
        assert!(e.contains("minus sign"), "{e}");
        assert!(check_in_mexico(LatLon::new(20.14, -98.44)).is_ok());
    }
}
