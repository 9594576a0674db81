//! The supervision planner's policy (`[supervision]` in a scenario); see `models/supervision.md`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Zonal supervision calendar (`[supervision]`); see `models/supervision.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SupervisionParams {
    /// Run the supervision planner in `almaplan run` (default true when the section is present).
    pub enabled: bool,
    /// Fewest units a team supervises (default 15, MAS-Bienestar).
    pub min_units_per_team: u32,
    /// Most units a team supervises (default 25, MAS-Bienestar).
    pub max_units_per_team: u32,
    /// Where teams work: `"zsm"` (the zones planner's zones or the zone file, default) or
    /// `"region"` (the catalogue's operative region).
    pub territory: String,
    /// First month planned (any day of it; default: the month of `[calendar] start`).
    pub month: Option<NaiveDate>,
    /// Consecutive months planned (default 1).
    pub months: u32,
    /// A team's working day in minutes, travel from and back to the base included (default 480).
    pub day_minutes: f64,
    /// Hour the team's day starts at its base (local time; default 8.0 = 08:00).
    pub day_start_hour: f64,
    /// Allow an overnight stay for a unit that a day trip cannot reach and return from: the team
    /// travels and supervises on one day, sleeps near the unit and returns the next working day
    /// (default true). Without it such units are out of reach.
    pub allow_overnight: bool,
    /// Minutes of supervision at a unit, by type.
    pub visit: SupervisionEffort,
    /// Teams per state, keyed by INEGI code (`"13"`) or name; missing states take the published
    /// `equipos_supervision_zonal`, else `ceil(units / max_units_per_team)`.
    pub teams_per_state: BTreeMap<String, u32>,
    /// Weight of compactness (travel minutes from each unit to its team's anchor unit) against
    /// the largest team workload in the assignment objective (default 0.1).
    pub compactness_weight: f64,
    /// Teams a unit may be assigned to in the MIP: the team of its angular sector around the base
    /// and the nearest others by travel to their anchor units (default 3).
    pub candidate_teams: usize,
    /// Time limit per assignment MIP in seconds (default 5; the `[solver]` limit when smaller).
    pub time_limit_s: f64,
    /// Relative gap at which each assignment MIP stops (default 0.01; never below `[solver]
    /// rel_gap`).
    pub rel_gap: f64,
    /// CSV `clues,fecha` of the supervision visits made last month (re-plan): units without a
    /// visit in the month before the first planned month are overdue and go first.
    pub previous_visits: Option<String>,
}

/// Minutes a supervision team works at a unit, by type (`[supervision.visit]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SupervisionEffort {
    /// Health centre with one núcleo básico (default 150).
    pub health_centre: f64,
    /// Added per núcleo básico beyond the first (default 20).
    pub per_extra_nucleo: f64,
    /// CESSA/CAAPS (default 240).
    pub expanded_services: f64,
    /// UNEME (default 180).
    pub uneme: f64,
    /// Mobile unit at its base (default 90).
    pub mobile: f64,
    /// Any other first-level unit (default 150).
    pub other: f64,
}

/// The same six figures, priced by one rule ([`VisitEffort::minutes`](crate::planners::waves::VisitEffort::minutes)).
impl From<&SupervisionEffort> for crate::planners::waves::VisitEffort {
    fn from(e: &SupervisionEffort) -> Self {
        crate::planners::waves::VisitEffort {
            health_centre: e.health_centre,
            per_extra_nucleo: e.per_extra_nucleo,
            expanded_services: e.expanded_services,
            uneme: e.uneme,
            mobile: e.mobile,
            other: e.other,
        }
    }
}

impl Default for SupervisionEffort {
    fn default() -> Self {
        SupervisionEffort {
            health_centre: 150.0,
            per_extra_nucleo: 20.0,
            expanded_services: 240.0,
            uneme: 180.0,
            mobile: 90.0,
            other: 150.0,
        }
    }
}

impl Default for SupervisionParams {
    fn default() -> Self {
        SupervisionParams {
            enabled: true,
            min_units_per_team: 15,
            max_units_per_team: 25,
            territory: "zsm".to_string(),
            month: None,
            months: 1,
            day_minutes: 480.0,
            day_start_hour: 8.0,
            allow_overnight: true,
            visit: SupervisionEffort::default(),
            teams_per_state: BTreeMap::new(),
            compactness_weight: 0.1,
            candidate_teams: 3,
            time_limit_s: 5.0,
            rel_gap: 0.01,
            previous_visits: None,
        }
    }
}

impl SupervisionParams {
    /// Checks the values a typo could make meaningless; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        if self.min_units_per_team > self.max_units_per_team || self.max_units_per_team == 0 {
            return Err(format!(
                "supervision.min_units_per_team = {} y max_units_per_team = {}: se espera 0 < mínimo ≤ máximo",
                self.min_units_per_team, self.max_units_per_team
            ));
        }
        if !(self.day_minutes > 0.0 && self.day_minutes <= 24.0 * 60.0) {
            return Err(format!("supervision.day_minutes = {}: se espera un número entre 1 y 1440", self.day_minutes));
        }
        if !(0.0..24.0).contains(&self.day_start_hour) {
            return Err(format!("supervision.day_start_hour = {}: se espera una hora entre 0 y 24", self.day_start_hour));
        }
        if self.months == 0 || self.months > 24 {
            return Err(format!("supervision.months = {}: se espera entre 1 y 24", self.months));
        }
        if self.candidate_teams == 0 {
            return Err("supervision.candidate_teams: se espera al menos 1".into());
        }
        if self.territory != "zsm" && self.territory != "region" {
            return Err(format!("supervision.territory = {:?}: se espera \"zsm\" o \"region\"", self.territory));
        }
        if self.compactness_weight.is_nan()
            || self.compactness_weight < 0.0
            || self.time_limit_s.is_nan()
            || self.time_limit_s <= 0.0
            || self.rel_gap.is_nan()
            || self.rel_gap < 0.0
        {
            return Err("supervision.compactness_weight, time_limit_s y rel_gap: se esperan números no negativos".into());
        }
        Ok(())
    }
}
