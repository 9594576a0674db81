//! The mobile-unit planner's policy (`[routes]` in a scenario); see `models/routes.md`.

use serde::{Deserialize, Serialize};

/// Mobile medical unit routes (`[routes]`); see `models/routes.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoutesParams {
    /// Run the mobile-unit planner in `almaplan run` (default true).
    pub enabled: bool,
    /// Weeks of the horizon from `[calendar] start` (default 4); its working days are the
    /// routing days (at most 31).
    pub horizon_weeks: u32,
    /// Longest working day of a mobile unit in hours, travel plus service, base to base (default 9).
    pub max_route_hours: f64,
    /// Localities above this population are not mobile-unit targets (default 2,500).
    pub max_population: u32,
    /// A locality this close (one-way minutes) to a fixed first-level unit in operation is served
    /// by it, so it is no mobile-unit candidate (default 30).
    pub min_minutes_to_fixed_unit: f64,
    /// Localities with at least this population are visited every two weeks; smaller ones monthly
    /// (default 500).
    pub biweekly_min_population: u32,
    /// Expected consultations per visit: this share of the population, at most
    /// `max_consultations_per_visit` (productivity reference: 14–16 per physician per shift).
    /// A share per inhabitant (default 0.01), rounded up, at least 1.
    pub consultations_per_inhabitant: f64,
    /// Most consultations expected on one visit (default 15).
    pub max_consultations_per_visit: u32,
    /// Minutes per consultation (default 20); a visit lasts `setup_minutes` plus this times its
    /// consultations.
    pub minutes_per_consultation: f64,
    /// Fixed minutes per visit: setting up and health promotion (default 30).
    pub setup_minutes: f64,
    /// Hour the units leave their base (default 8.0), for clock times in outputs.
    pub day_start_hour: f64,
    /// Search iterations per unit (default 3,000; deterministic for the scenario's seed).
    pub iterations_per_unit: u64,
    /// Most additional units proposed (default 300).
    pub max_extra_units: usize,
    /// CSV of mobile-unit bases (`clues` with `clues_base` or `latitud`,`longitud`); units not
    /// listed keep their catalogue coordinates. Read and applied to the network's units outside the
    /// core, before planning (the core never opens files).
    pub bases: Option<String>,
}

impl Default for RoutesParams {
    fn default() -> Self {
        RoutesParams {
            enabled: true,
            horizon_weeks: 4,
            max_route_hours: 9.0,
            max_population: 2500,
            min_minutes_to_fixed_unit: 30.0,
            biweekly_min_population: 500,
            consultations_per_inhabitant: 0.01,
            max_consultations_per_visit: 15,
            minutes_per_consultation: 20.0,
            setup_minutes: 30.0,
            day_start_hour: 8.0,
            iterations_per_unit: 3000,
            max_extra_units: 300,
            bases: None,
        }
    }
}
