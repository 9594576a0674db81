//! The zones planner's policy (`[zones]` in a scenario); see `models/zones.md`.

use serde::{Deserialize, Serialize};

/// Medical service zones (`[zones]`); see `models/zones.md`.
///
/// The two file-and-name settings (`zones_per_state`, `zone_file`) are resolved by the app crate
/// into [`ZonesInput`](super::ZonesInput) before planning: the planner itself reads its zone
/// counts and any user zone table from the input, never from these fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ZonesParams {
    /// Run the zones planner in `almaplan run` (default true).
    pub enabled: bool,
    /// Use the catalogue's operative region as the zone when every visited unit of the state has
    /// one (default false).
    pub use_region_column: bool,
    /// Zones per state, keyed by INEGI code (`"13"`) or state name (`"Hidalgo"`); missing states
    /// take the published ZSM count, else `units / units_per_zone`.
    pub zones_per_state: std::collections::BTreeMap<String, u32>,
    /// Allowed deviation of a zone's workload from the state's mean, as a share (0.25 = ±25%,
    /// the default).
    pub workload_tolerance: f64,
    /// CSV `clues,zona` giving every unit's zone (overrides the region column and the p-median).
    pub zone_file: Option<String>,
    /// Candidate centres (nearest hospitals) per unit in the capacitated p-median (default 15);
    /// fewer is a smaller MIP.
    pub candidate_centres: usize,
    /// Units per zone when neither the scenario nor the published figures give a state's count
    /// (default 21, from the CDMX pilot: 211 units in 10 zones).
    pub units_per_zone: f64,
    /// Balance zones by the brigade minutes of their visits (`[waves] effort`) instead of by
    /// unit counts, so that zones take similar brigade-days. Off by default: the assignment must
    /// then be binary and the MIP is an order of magnitude slower (`models/zones.md`).
    pub balance_by_visit_effort: bool,
}

impl Default for ZonesParams {
    fn default() -> Self {
        ZonesParams {
            enabled: true,
            use_region_column: false,
            zones_per_state: Default::default(),
            workload_tolerance: 0.25,
            zone_file: None,
            candidate_centres: 15,
            units_per_zone: 21.0,
            balance_by_visit_effort: false,
        }
    }
}
