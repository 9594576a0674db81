//! Scenarios: one TOML file names the data and the policy.
//!
//! ```toml
//! name = "Hidalgo"
//! seed = 42
//! states = [13]                # INEGI codes; empty = every state in the data
//!
//! [data]
//! establishments = "${ALMAPLAN_DATA}/catalog/imssb_clues_2026.csv"
//! localities = ["${ALMAPLAN_DATA}/localities/conjunto_de_datos_iter_13CSV20.csv"]
//! marginalisation = "${ALMAPLAN_DATA}/marginacion/conapo_imm_2020.csv"
//! staffing = "${ALMAPLAN_DATA}/staffing/sinerhias_hidalgo_2024-07_plantilla.csv"
//!
//! [travel]                     # great-circle km × circuity ÷ speed by stratum
//! circuity = 1.4
//!
//! [calendar]                   # dates are quoted: "2026-12-01"
//! start = "2026-12-01"
//! end = "2026-12-31"
//!
//! [roster]                     # one section per planner
//! max_travel_minutes = 60
//! ```
//!
//! Paths may use `${ALMAPLAN_DATA}` (or any `${VAR}` of the environment); relative paths are
//! relative to the scenario file. Unknown keys are errors, so a typo never silently falls back to a
//! default. `[data] synthetic = { units = N }` replaces the data files with the generated demo
//! network.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::Blackout;
use crate::domain::WorkCalendar;
use crate::error::Error;
use crate::lp::SolveOptions;
use crate::territory::TravelParams;

/// The embedded demo scenario (`scenarios/demo.toml`), used when `almaplan run` gets no file.
pub const DEMO_TOML: &str = include_str!("../scenarios/demo.toml");
pub const DEMO_NAME: &str = "scenarios/demo.toml (embebido)";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Seed for every randomised step (synthetic data, heuristics, HiGHS).
    #[serde(default)]
    pub seed: u64,
    /// INEGI state codes to plan; empty means every state present in the data.
    #[serde(default)]
    pub states: Vec<u8>,
    pub data: DataSources,
    #[serde(default)]
    pub travel: TravelParams,
    #[serde(default)]
    pub calendar: CalendarSection,
    #[serde(default)]
    pub solver: SolveOptions,
    pub roster: Option<RosterParams>,
    pub zones: Option<ZonesParams>,
    pub waves: Option<WavesParams>,
    pub routes: Option<RoutesParams>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSources {
    /// Establishment catalogue (IMSS-BIENESTAR or DGIS layout; CSV or XLSX).
    pub establishments: Option<String>,
    /// DGIS institutions kept (`CLAVE DE LA INSTITUCION`); default IMSS-BIENESTAR.
    #[serde(default = "default_institutions")]
    pub institutions: Vec<String>,
    /// Locality files (ITER, AGEEML or the 1,000+ list); later files add localities the earlier
    /// ones lack.
    #[serde(default)]
    pub localities: Vec<String>,
    pub marginalisation: Option<String>,
    /// Per-person staffing or SINERHIAS counts.
    pub staffing: Option<String>,
    /// When there is no staffing file: synthesise one physician per núcleo básico (labelled
    /// synthetic in every output).
    #[serde(default)]
    pub synthesise_staffing: bool,
    /// CSV `from,to,minutes` overriding estimated travel times.
    pub travel_matrix: Option<String>,
    /// State boundaries (GeoJSON with `cve_geo`), for maps and the units-outside-their-state check.
    pub boundaries: Option<String>,
    /// Published per-state figures (`seeds/cifras_por_entidad.csv`): weekend blocks and targets,
    /// ZSM counts, Comando Alma-Ata stages.
    pub published_figures: Option<String>,
    /// Generate the demo network instead of reading files.
    pub synthetic: Option<SyntheticSpec>,
}

fn default_institutions() -> Vec<String> {
    vec!["IMB".to_string()]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyntheticSpec {
    /// Number of units to generate (all kinds).
    pub units: usize,
    /// Number of synthetic states to spread them over.
    #[serde(default = "default_synthetic_states")]
    pub states: usize,
}

fn default_synthetic_states() -> usize {
    3
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSection {
    /// First day of the planning horizon.
    pub start: NaiveDate,
    /// Last day of the planning horizon.
    pub end: NaiveDate,
    /// Observe LFT art. 74 mandatory rest days.
    #[serde(default = "yes")]
    pub mandatory_rest: bool,
    #[serde(default)]
    pub non_working: Vec<NaiveDate>,
    #[serde(default)]
    pub blackouts: Vec<Blackout>,
}

fn yes() -> bool {
    true
}

impl Default for CalendarSection {
    fn default() -> Self {
        CalendarSection {
            start: NaiveDate::from_ymd_opt(2027, 1, 1).expect("valid"),
            end: NaiveDate::from_ymd_opt(2027, 1, 31).expect("valid"),
            mandatory_rest: true,
            non_working: Vec::new(),
            blackouts: Vec::new(),
        }
    }
}

impl CalendarSection {
    pub fn work_calendar(&self) -> WorkCalendar {
        WorkCalendar {
            mandatory_rest: self.mandatory_rest,
            non_working: self.non_working.clone(),
            blackouts: self.blackouts.clone(),
        }
    }
}

/// Physicians required on a weekend morning for units of at least `min_nucleos` núcleos.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffingRule {
    pub min_nucleos: u8,
    pub physicians: u32,
}

/// Weekend roster policy (`[roster]`); see `models/roster.md` for what each weight means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterParams {
    pub enabled: bool,
    /// Longest one-way trip from a physician's base to the unit they cover.
    pub max_travel_minutes: f64,
    /// Most extra weekend shifts a weekday physician (or intern) takes in a month.
    pub max_extra_shifts_per_month: u32,
    /// Mandatory rest days (LFT art. 74) that fall on weekdays also need opening.
    pub open_on_mandatory_rest_days: bool,
    /// Physicians required per weekend morning by unit size (largest matching rule applies).
    pub physicians_by_size: Vec<StaffingRule>,
    /// Núcleos a CESSA/CAAPS counts as when applying `physicians_by_size` and weights.
    pub expanded_services_nucleos: u8,
    /// CSV of target CLUES (`clues`, optional `medicos`) replacing the default target set.
    pub targets: Option<String>,
    /// Another unit open within this many minutes serves a unit's population that day.
    pub alternative_minutes: f64,
    /// Share of a unit-day's value earned by opening the unit itself; the rest is earned when any
    /// unit within `alternative_minutes` is open (1.0 ignores neighbours).
    pub own_opening_share: f64,
    /// Value of each required physician beyond the first, as a share of the unit's weight.
    pub extra_physician_value: f64,
    /// Weight multiplier for rural units.
    pub rural_factor: f64,
    /// Weight multipliers by CONAPO grade: muy bajo, bajo, medio, alto, muy alto.
    pub marginalisation_factors: [f64; 5],
    /// Keep at most this many nearest reachable target units per physician (own unit always kept).
    pub candidate_units_per_physician: usize,
    /// Penalty per extra shift beyond a physician's first and second of the horizon (fairness).
    pub fairness_penalty: f64,
    /// Penalty per minute of travel.
    pub travel_penalty_per_minute: f64,
    /// Penalty per peso of shift cost (when salaries are known).
    pub cost_penalty_per_peso: f64,
    /// Reach of a new weekend-contract hire (defaults to `max_travel_minutes`).
    pub hire_max_travel_minutes: Option<f64>,
    /// Time limit of each state's hiring MIP (it starts from a greedy plan, so it only improves).
    pub hiring_time_limit_s: f64,
}

impl Default for RosterParams {
    fn default() -> Self {
        RosterParams {
            enabled: true,
            max_travel_minutes: 60.0,
            max_extra_shifts_per_month: 2,
            open_on_mandatory_rest_days: false,
            physicians_by_size: vec![
                StaffingRule { min_nucleos: 1, physicians: 1 },
                StaffingRule { min_nucleos: 6, physicians: 2 },
                StaffingRule { min_nucleos: 12, physicians: 3 },
            ],
            expanded_services_nucleos: 6,
            targets: None,
            alternative_minutes: 30.0,
            own_opening_share: 0.5,
            extra_physician_value: 0.25,
            rural_factor: 1.2,
            marginalisation_factors: [0.9, 1.0, 1.1, 1.3, 1.5],
            candidate_units_per_physician: 4,
            fairness_penalty: 2.0,
            travel_penalty_per_minute: 0.01,
            cost_penalty_per_peso: 0.0001,
            hire_max_travel_minutes: None,
            hiring_time_limit_s: 5.0,
        }
    }
}

/// Medical service zones (`[zones]`); see `models/zones.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ZonesParams {
    pub enabled: bool,
    /// Use the catalogue's operative region as the zone when present.
    pub use_region_column: bool,
    /// Zones per state; missing states take the published ZSM count.
    pub zones_per_state: std::collections::BTreeMap<String, u32>,
    /// Allowed deviation of a zone's workload from the state's mean (0.25 = ±25%).
    pub workload_tolerance: f64,
    /// CSV `clues,zona` giving every unit's zone (overrides the region column and the p-median).
    pub zone_file: Option<String>,
    /// Candidate centres (nearest hospitals) per unit in the capacitated p-median.
    pub candidate_centres: usize,
    /// Units per zone when neither the scenario nor the published figures give a state's count
    /// (CDMX pilot: 211 units in 10 zones).
    pub units_per_zone: f64,    /// Balance zones by the brigade minutes of their visits (`[waves] effort`) instead of by
    /// unit counts, so that zones take similar brigade-days.
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
            balance_by_visit_effort: true,
        }
    }
}

/// Comando Alma-Ata wave calendar (`[waves]`); see `models/waves.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WavesParams {
    pub enabled: bool,
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub brigades_per_state: u32,
    /// States in preparation or field work at once (central teams' capacity).
    pub max_states_at_once: u32,
    pub preparation_weeks: u32,
    /// Daily brigade time budget in minutes, shared by travel and visits.
    pub daily_minutes: f64,
    /// Weeks from the last zone's visits to sending the state's diagnostics.
    pub diagnostics_weeks: u32,
    /// Most brigades per state tried when searching for the number that meets the deadline.
    pub max_brigades_per_state: u32,
    /// Visit effort per unit type (minutes of brigade work at the unit); see `models/waves.md`.
    pub effort: VisitEffort,
    /// Order of the states within a stage: `"unidades_x_brecha"` (units × weekend gap),
    /// `"unidades"`, or a list of states (INEGI codes or names), first = highest priority.
    pub priority: PriorityRule,
    /// Share of the weekend-opening target already met in blocks 1, 2 and 3
    /// (`avance_bloque{1,2,3}_jun2024` of `seeds/cifras_nacionales.csv`), for the weekend gap.
    pub weekend_block_progress: [f64; 3],
    /// A shared pool of this many brigades that move between the states of a stage, instead of
    /// `brigades_per_state` fixed brigades per state.
    pub brigade_pool: Option<u32>,
    /// Home state of pool brigades (INEGI code or name → brigades); the rest have no home.
    pub brigade_homes: std::collections::BTreeMap<String, u32>,
    /// Largest pool tried when searching for the pool the deadline needs (default: every zone of
    /// the plan its own brigade).
    pub max_brigade_pool: Option<u32>,
}

/// How the states of a stage are ordered (`[waves] priority`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PriorityRule {
    /// `"unidades_x_brecha"` or `"unidades"`.
    Rule(String),
    /// States in priority order; states not listed follow by units.
    States(Vec<StateRef>),
}

/// A state named by its INEGI code or its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StateRef {
    Code(u8),
    Name(String),
}

impl StateRef {
    /// The INEGI code, when the reference names a state.
    pub fn code(&self) -> Option<u8> {
        let code = match self {
            StateRef::Code(c) => Some(*c),
            StateRef::Name(n) => n.parse::<u8>().ok().or_else(|| crate::domain::state::code_by_name(n)),
        };
        code.filter(|c| crate::domain::state::name(*c).is_some())
    }
}

impl Default for PriorityRule {
    fn default() -> Self {
        PriorityRule::Rule("unidades_x_brecha".to_string())
    }
}

/// Minutes a brigade works at a unit, by type. Defaults are calibrated so that one brigade
/// finishes a CDMX-pilot zone (about 21 units) in about 30 working days (`models/waves.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VisitEffort {
    /// Health centre with one núcleo básico.
    pub health_centre: f64,
    /// Added per núcleo básico beyond the first.
    pub per_extra_nucleo: f64,
    pub expanded_services: f64,
    pub uneme: f64,
    pub mobile: f64,
    pub other: f64,
}

impl Default for VisitEffort {
    fn default() -> Self {
        VisitEffort {
            health_centre: 360.0,
            per_extra_nucleo: 50.0,
            expanded_services: 780.0,
            uneme: 420.0,
            mobile: 260.0,
            other: 360.0,
        }
    }
}

impl Default for WavesParams {
    fn default() -> Self {
        WavesParams {
            enabled: true,
            start: NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid"),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 31).expect("valid"),
            brigades_per_state: 1,
            max_states_at_once: 4,
            preparation_weeks: 3,
            daily_minutes: 480.0,
            diagnostics_weeks: 1,
            max_brigades_per_state: 12,
            effort: VisitEffort::default(),
            priority: PriorityRule::default(),
            weekend_block_progress: [0.697, 0.749, 0.552],
            brigade_pool: None,
            brigade_homes: Default::default(),
            max_brigade_pool: None,
        }
    }
}

/// Mobile medical unit routes (`[routes]`); see `models/routes.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoutesParams {
    pub enabled: bool,
    pub horizon_weeks: u32,
    /// Longest working day of a mobile unit, travel plus service.
    pub max_route_hours: f64,
    /// Localities above this population are not mobile-unit targets.
    pub max_population: u32,
    /// A locality this close (minutes) to a fixed first-level unit is served by it.
    pub min_minutes_to_fixed_unit: f64,
    /// Localities with at least this population are visited every two weeks; smaller ones monthly.
    pub biweekly_min_population: u32,
    /// Expected consultations per visit: this share of the population, at most
    /// `max_consultations_per_visit` (productivity reference: 14–16 per physician per shift).
    pub consultations_per_inhabitant: f64,
    pub max_consultations_per_visit: u32,
    /// Minutes per consultation and fixed minutes per visit (setting up, health promotion).
    pub minutes_per_consultation: f64,
    pub setup_minutes: f64,
    /// Hour the units leave their base.
    pub day_start_hour: f64,
    /// Search iterations per unit (deterministic for the scenario's seed).
    pub iterations_per_unit: u64,
    /// Most additional units proposed.
    pub max_extra_units: usize,
    /// CSV of mobile-unit bases (`clues` with `clues_base` or `latitud`,`longitud`); units not
    /// listed keep their catalogue coordinates.
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

/// A scenario and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    /// Path as given, or the embedded demo's name.
    pub source: String,
    /// Directory relative paths are resolved against.
    pub base_dir: PathBuf,
}

impl LoadedScenario {
    /// The embedded demo.
    pub fn demo() -> LoadedScenario {
        let scenario = parse(DEMO_TOML, DEMO_NAME).expect("the embedded demo scenario is valid");
        LoadedScenario { scenario, source: DEMO_NAME.to_string(), base_dir: PathBuf::from(".") }
    }

    pub fn from_file(path: &Path) -> Result<LoadedScenario, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let source = path.display().to_string();
        let scenario = parse(&text, &source)?;
        let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(LoadedScenario { scenario, source, base_dir })
    }

    /// Expands `${VAR}` and resolves a data path. A path the scenario writes as relative is
    /// relative to the scenario file; a path that starts with a variable is taken as the variable
    /// says (a relative `ALMAPLAN_DATA` is relative to the working directory, as in the shell).
    pub fn resolve(&self, raw: &str) -> Result<PathBuf, Error> {
        let expanded = expand_vars(raw).map_err(|message| Error::Scenario { path: self.source.clone(), message })?;
        let p = PathBuf::from(expanded);
        Ok(if p.is_absolute() || raw.trim_start().starts_with("${") { p } else { self.base_dir.join(p) })
    }
}

/// Parses and checks a scenario.
pub fn parse(text: &str, source: &str) -> Result<Scenario, Error> {
    let scenario: Scenario =
        toml::from_str(text).map_err(|e| Error::Scenario { path: source.to_string(), message: e.to_string() })?;
    validate(&scenario).map_err(|message| Error::Scenario { path: source.to_string(), message })?;
    Ok(scenario)
}

fn validate(s: &Scenario) -> Result<(), String> {
    s.travel.validate()?;
    if let Some(bad) = s.states.iter().find(|c| crate::domain::state::name(**c).is_none()) {
        return Err(format!("states: {bad} is not an INEGI state code (1–32)"));
    }
    if s.calendar.end < s.calendar.start {
        return Err(format!("calendar: end {} is before start {}", s.calendar.end, s.calendar.start));
    }
    for b in &s.calendar.blackouts {
        if b.to < b.from {
            return Err(format!("calendar.blackouts «{}»: to {} is before from {}", b.name, b.to, b.from));
        }
    }
    if s.data.synthetic.is_none() && s.data.establishments.is_none() {
        return Err("data: name an establishments file, or ask for a synthetic network with synthetic = { units = N }".into());
    }
    if s.solver.time_limit_s <= 0.0 || !(0.0..1.0).contains(&s.solver.rel_gap) {
        return Err("solver: time_limit_s must be > 0 and rel_gap in [0, 1)".into());
    }
    if let Some(z) = &s.zones {
        if !(0.0..1.0).contains(&z.workload_tolerance) || z.units_per_zone < 1.0 || z.candidate_centres == 0 {
            return Err("zones: workload_tolerance must be in [0, 1), units_per_zone ≥ 1 and candidate_centres ≥ 1".into());
        }
    }
    if let Some(w) = &s.waves {
        match &w.priority {
            PriorityRule::Rule(r) if r != "unidades_x_brecha" && r != "unidades" => {
                return Err(format!("waves.priority: {r:?} — expected \"unidades_x_brecha\", \"unidades\" or a list of states"))
            }
            PriorityRule::States(list) => {
                if let Some(bad) = list.iter().find(|r| r.code().is_none()) {
                    return Err(format!("waves.priority: {bad:?} is not a state code or name"));
                }
            }
            PriorityRule::Rule(_) => {}
        }
        if w.weekend_block_progress.iter().any(|p| !(0.0..=1.0).contains(p)) {
            return Err("waves.weekend_block_progress: every share must be between 0 and 1".into());
        }
        if w.brigade_pool == Some(0) {
            return Err("waves.brigade_pool must be at least 1".into());
        }
        let homes: u32 = w.brigade_homes.values().sum();
        if !w.brigade_homes.is_empty() && w.brigade_pool.is_none() {
            return Err("waves.brigade_homes needs waves.brigade_pool".into());
        }
        if let Some(pool) = w.brigade_pool {
            if homes > pool {
                return Err(format!("waves.brigade_homes: {homes} brigades with a home but brigade_pool = {pool}"));
            }
        }
        if let Some(bad) = w.brigade_homes.keys().find(|k| StateRef::Name((*k).clone()).code().is_none()) {
            return Err(format!("waves.brigade_homes: {bad:?} is not a state code or name"));
        }
    }
    if let Some(r) = &s.roster {
        if r.max_travel_minutes <= 0.0 {
            return Err("roster.max_travel_minutes must be > 0".into());
        }
        if r.physicians_by_size.is_empty() {
            return Err("roster.physicians_by_size needs at least one rule".into());
        }
        if !(0.0..=1.0).contains(&r.own_opening_share) {
            return Err("roster.own_opening_share must be between 0 and 1".into());
        }
        if r.candidate_units_per_physician == 0 {
            return Err("roster.candidate_units_per_physician must be at least 1".into());
        }
    }
    Ok(())
}

/// Replaces every `${VAR}` with the environment variable's value.
pub fn expand_vars(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').ok_or_else(|| format!("unclosed ${{ in path {raw:?}"))?;
        let var = &after[..end];
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => out.push_str(&v),
            _ => {
                return Err(format!(
                    "path {raw:?} uses ${{{var}}} but the environment variable {var} is not set; \
                     point it at the folder with the data (e.g. {var}=../shared/data)"
                ))
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_demo_parses() {
        let d = LoadedScenario::demo();
        assert!(d.scenario.data.synthetic.is_some());
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = parse("name = \"x\"\n[data]\nestablishment = \"a.csv\"\n", "x.toml").unwrap_err();
        assert!(e.to_string().contains("unknown field"), "{e}");
    }

    #[test]
    fn relative_paths_follow_the_scenario_but_variables_follow_the_shell() {
        let s = LoadedScenario { scenario: LoadedScenario::demo().scenario, source: "x".into(), base_dir: PathBuf::from("scenarios") };
        assert_eq!(s.resolve("datos/a.csv").unwrap(), PathBuf::from("scenarios/datos/a.csv"));
        std::env::set_var("ALMAPLAN_TEST_REL_DATA", "../shared/data");
        assert_eq!(s.resolve("${ALMAPLAN_TEST_REL_DATA}/a.csv").unwrap(), PathBuf::from("../shared/data/a.csv"));
    }

    #[test]
    fn unset_variable_is_a_clear_error() {
        let e = expand_vars("${ALMAPLAN_TEST_SURELY_UNSET}/a.csv").unwrap_err();
        assert!(e.contains("ALMAPLAN_TEST_SURELY_UNSET is not set"), "{e}");
        assert_eq!(expand_vars("plain/path.csv").unwrap(), "plain/path.csv");
    }
}
