//! Localities (localidades): where people live, from INEGI's census tables.

use serde::Serialize;

use super::marginalisation::Marginalisation;
use super::unit::Stratum;
use super::LatLon;

#[derive(Debug, Clone, Serialize)]
pub struct Locality {
    /// INEGI geostatistical key: 2-digit state, 3-digit municipality, 4-digit locality.
    pub cvegeo: String,
    pub state: u8,
    pub municipality: u16,
    pub code: u16,
    pub name: String,
    pub location: LatLon,
    /// Urban or rural (INEGI ámbito), when the source says.
    pub ambito: Option<Stratum>,
    /// Total population; `None` when the source suppressed it.
    pub population: Option<u32>,
    /// Speakers of an indigenous language aged 3+ (`P3YM_HLI`); `None` when unknown.
    pub indigenous_speakers: Option<u32>,
    /// Population without social security: `PSINDER + PDER_SEGP + PDER_IMSSB`; `None` when any
    /// component was suppressed or the source lacks them.
    pub without_social_security: Option<u32>,
    pub marginalisation: Option<Marginalisation>,
    pub synthetic: bool,
}

impl Locality {
    pub fn municipality_key(&self) -> u32 {
        super::marginalisation::municipality_key(self.state, self.municipality)
    }

    pub fn cvegeo_of(state: u8, municipality: u16, code: u16) -> String {
        format!("{state:02}{municipality:03}{code:04}")
    }
}
