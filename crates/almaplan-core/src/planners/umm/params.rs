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
    /// PI 2.2: people attended per visit of a covered locality (default 15, the productivity
    /// reference of 14–16 consultations per physician per shift). A locality's people attended in
    /// a year are `min(responsibility population, annual visits × attended_per_visit)`.
    pub attended_per_visit: u32,
    /// Working weeks per year (default 48), to turn the horizon's visits into annual visits:
    /// `⌊visits × weeks_per_year / horizon_weeks⌋`.
    pub weeks_per_year: u32,
    /// Share of units with a complete crew (physician, nurse, promoter), applied per state when no
    /// crews file is given: the rest do not roll (default none: every crew complete). The published
    /// national figure is 0.8092 (1,955 of 2,416 positions, 2024).
    pub crew_complete_share: Option<f64>,
    /// Use the published national crew share (`umm_plantilla_contratada_2024 /
    /// umm_plantilla_aprobada_2024` of `[data] national_figures`) when `crew_complete_share` is not
    /// given (default false).
    pub published_crew_share: bool,
    /// CSV `clues` with `tripulacion_completa` (`si`/`no`), `tipo` (a name of `unit_types`) or
    /// both: crew completeness and type per mobile unit; completeness overrides the share for the
    /// units it lists. Read outside the core.
    pub crews: Option<String>,
    /// CSV `clues,cvegeo`: the localities each mobile unit is responsible for (PI 2.2's
    /// denominator); listed candidates are assigned to that unit. Default: the planner's
    /// assignment. Read outside the core.
    pub responsibility: Option<String>,
    /// CSV `cvegeo,programa`: localities (9 digits) or municipalities (5 digits) flagged by a
    /// programme (Tren Maya, Corredor Interoceánico, Planes de Justicia…). Read outside the core.
    pub priorities: Option<String>,
    /// Weight factor of a priority locality (default 2): programme-flagged, in a municipality of
    /// `priority_grade` marginalisation, or with an indigenous-language share of at least
    /// `priority_indigenous_share`.
    pub priority_factor: f64,
    /// Indigenous-language share (`P3YM_HLI / POBTOT`) from which a locality is a priority
    /// (default 0.4, INPI's criterion for an indigenous locality).
    pub priority_indigenous_share: f64,
    /// Municipal marginalisation grades that make a locality a priority (default `["Muy alto"]`).
    pub priority_grades: Vec<String>,
    /// Atención Proactiva: localities within this straight-line distance (km) of a fixed
    /// first-level unit in operation are that unit's, not the UMM's (default none; the rule is 5).
    pub proactive_radius_km: Option<f64>,
    /// Multi-year plan, `"2025-2030"` (or `almaplan routes --horizonte 2025-2030`): which UMM to
    /// add and which crews to complete each year so PI 2.2 meets each year's target
    /// (`[data] pi22_targets`). Default none.
    pub multi_year: Option<String>,
    /// Cost of one additional UMM for a year (default 1: costs are in UMM-years).
    pub new_unit_cost: f64,
    /// Cost of completing one unit's crew for a year, in UMM-years (default 0.5).
    pub crew_completion_cost: f64,
    /// Budget per year in UMM-years: with it, the plan is the best reachable path under the budget
    /// (most people attended) instead of the least-cost path to the targets (default none).
    pub budget_per_year: Option<f64>,
    /// Candidate new bases per locality in the multi-year model: the nearest that reach it
    /// (default 5).
    pub bases_per_locality: usize,
    /// UMM types by name (`[routes.unit_types.<name>]`): what a unit of the type can do. A unit's
    /// type comes from the `tipo` column of the crews file; units without one use the defaults.
    pub unit_types: std::collections::BTreeMap<String, UnitType>,
}

/// What a UMM type can do (capacidad resolutiva): its consultations per visit, minutes per
/// consultation and working day. An unset field keeps the `[routes]` value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UnitType {
    /// Minutes per consultation for this type.
    pub minutes_per_consultation: Option<f64>,
    /// Most consultations per visit this type can give (its capacity).
    pub max_consultations_per_visit: Option<u32>,
    /// Longest working day of this type (hours, base to base; its vehicle and crew).
    pub max_route_hours: Option<f64>,
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
            attended_per_visit: 15,
            weeks_per_year: 48,
            crew_complete_share: None,
            published_crew_share: false,
            crews: None,
            priorities: None,
            responsibility: None,
            priority_factor: 2.0,
            priority_indigenous_share: 0.4,
            priority_grades: vec!["Muy alto".to_string()],
            proactive_radius_km: None,
            multi_year: None,
            new_unit_cost: 1.0,
            crew_completion_cost: 0.5,
            budget_per_year: None,
            bases_per_locality: 5,
            unit_types: std::collections::BTreeMap::new(),
        }
    }
}

impl RoutesParams {
    /// Checks the programme keys serde cannot: shares in [0, 1], known marginalisation grades,
    /// the multi-year horizon's format, positive costs. The message names the key.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(s) = self.crew_complete_share.filter(|s| !(0.0..=1.0).contains(s)) {
            return Err(format!("routes.crew_complete_share: {s} — se esperaba una fracción entre 0 y 1"));
        }
        if !(0.0..=1.0).contains(&self.priority_indigenous_share) {
            return Err("routes.priority_indigenous_share debe estar entre 0 y 1".into());
        }
        if let Some(bad) = self.priority_grades.iter().find(|g| crate::domain::marginalisation::MarginGrade::parse(g).is_none()) {
            return Err(format!("routes.priority_grades: «{bad}» — se esperaba Muy bajo, Bajo, Medio, Alto o Muy alto"));
        }
        if self.priority_factor <= 0.0 || self.new_unit_cost <= 0.0 || self.crew_completion_cost < 0.0 {
            return Err("routes: priority_factor y new_unit_cost deben ser > 0 y crew_completion_cost ≥ 0".into());
        }
        if self.proactive_radius_km.is_some_and(|r| r <= 0.0) || self.budget_per_year.is_some_and(|b| b < 0.0) {
            return Err("routes: proactive_radius_km debe ser > 0 y budget_per_year ≥ 0".into());
        }
        if self.horizon_weeks == 0 || self.weeks_per_year == 0 || self.bases_per_locality == 0 {
            return Err("routes: horizon_weeks, weeks_per_year y bases_per_locality deben ser al menos 1".into());
        }
        for (name, t) in &self.unit_types {
            if t.minutes_per_consultation.is_some_and(|m| m <= 0.0)
                || t.max_route_hours.is_some_and(|h| h <= 0.0)
                || t.max_consultations_per_visit == Some(0)
            {
                return Err(format!(
                    "routes.unit_types.{name}: minutes_per_consultation, max_route_hours y max_consultations_per_visit deben ser > 0"
                ));
            }
        }
        if let Some(h) = &self.multi_year {
            super::multi_year::parse_years(h).map_err(|m| format!("routes.multi_year: {m}"))?;
        }
        Ok(())
    }
}
