//! Mobile medical units (UMM): candidate localities, visit frequencies, one periodic VRP per unit
//! (solved in parallel), uncovered localities with their reason, and the additional units that
//! would cover what remains. Builds `RoutingInstance`s in minutes of travel; no I/O.
//!
//! A mobile medical unit (unidad médica móvil, UMM) is a vehicle with a physician and a nurse
//! that leaves its base each working day, visits small localities with no fixed unit near, and
//! returns. Each unit's month is a periodic VRP solved by the generic engine of `almaplan-vrp`
//! (ruin and recreate) and checked by its independent verifier; `models/routes.md` («Mobile
//! medical units») gives every step and default. A **gap** here is a candidate locality no
//! existing unit covers: out of reach, or reachable but the unit's days are full.

pub mod multi_year;
pub mod params;
pub mod pi22;

use rayon::prelude::*;

use crate::domain::marginalisation::MarginGrade;
use crate::domain::{LatLon, Locality, Network, Unit, UnitKind};
use crate::error::Error;
use crate::planners::{Evidence, Plan};
use crate::progress::{Progress, StepCounter};
use crate::territory::travel::Place;
use crate::territory::{SpatialIndex, TravelTimes};
use almaplan_vrp::RoutingInstance;
pub use params::{RoutesParams, UnitType};

use almaplan_vrp::{search, RoutingSolution, SearchParams};

/// A locality a mobile unit should visit: small (population ≤ `max_population`) and with no
/// fixed first-level unit within `min_minutes_to_fixed_unit`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index in [`Network::localities`].
    pub locality: usize,
    /// Population (1 to `max_population`).
    pub population: u32,
    /// Weighted population ([`locality_weight`]): what covering it is worth.
    pub weight: f64,
    /// Visits over the horizon ([`visits_for`]): 2 (every two weeks) or 1 (monthly).
    pub visits: u32,
    /// Consultations expected per visit: `⌈population × consultations_per_inhabitant⌉`, 1 to
    /// `max_consultations_per_visit`.
    pub consultations: u32,
    /// Minutes of one visit: `setup_minutes + consultations × minutes_per_consultation`.
    pub service_minutes: f64,
    /// PI 2.2 responsibility population: people without social security (`PSINDER + PDER_SEGP +
    /// PDER_IMSSB`, at most the population) or, when unknown, the population.
    pub responsibility_population: u32,
    /// Why the locality is a priority (programme names, `marginacion_<grado>`, `lengua_indigena`),
    /// sorted; empty when it is not. A priority multiplies `weight` by `priority_factor`.
    pub priorities: Vec<String>,
}

/// One visit of a route, with clock times in minutes since the unit leaves its base
/// (`day_start_hour`).
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// The locality visited, as an index into [`UmmPlan::candidates`].
    pub candidate: usize,
    /// Minutes since the day's start when the unit arrives and the visit begins.
    pub arrival: f64,
    /// Minutes since the day's start when the visit ends.
    pub departure: f64,
    /// Minutes driven to get here from the previous stop (or the base).
    pub travel_minutes: f64,
}

/// One unit's route on one working day: from its base, through its stops, back to its base.
#[derive(Debug, Clone, PartialEq)]
pub struct DayRoute {
    /// Index into [`UmmPlan::units`] (existing units) or, from `units.len()` on, into
    /// [`UmmPlan::extra_units`] (at `unit − units.len()`).
    pub unit: usize,
    /// Working day of the horizon, 0-based.
    pub day: usize,
    /// Visits in order.
    pub stops: Vec<Stop>,
    /// Minutes driven from the last stop back to the base.
    pub return_travel_minutes: f64,
    /// Minutes since the day's start when the unit is back at its base (≤ `max_route_hours × 60`).
    pub end: f64,
}

/// Why a candidate locality is not covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UncoveredReason {
    /// No existing mobile unit reaches it: the trip there and back plus the visit exceed
    /// `max_route_hours` for every one ("fuera de alcance").
    OutOfReach,
    /// A unit reaches it but its working days are full ("alcanzable, pero los días de la unidad
    /// están llenos").
    DaysFull {
        /// The unit it was assigned to, as an index into [`UmmPlan::units`].
        unit: usize,
    },
    /// Its unit would serve it, but the unit's crew is incomplete, so the unit does not roll
    /// ("tripulación incompleta").
    CrewIncomplete {
        /// The unit it was assigned to, as an index into [`UmmPlan::units`].
        unit: usize,
    },
    /// Out of reach, and its state has no mobile unit in operation at all ("entidad sin UMM"):
    /// the gap is the state's fleet, not the distance.
    NoUnitInState,
}

impl UncoveredReason {
    /// The reason's code in `brechas.csv` (`razon`): `fuera_de_alcance`, `dias_de_umm_llenos`,
    /// `tripulacion_incompleta` or `entidad_sin_umm`.
    pub fn code(self) -> &'static str {
        match self {
            UncoveredReason::OutOfReach => "fuera_de_alcance",
            UncoveredReason::DaysFull { .. } => "dias_de_umm_llenos",
            UncoveredReason::CrewIncomplete { .. } => "tripulacion_incompleta",
            UncoveredReason::NoUnitInState => "entidad_sin_umm",
        }
    }

    /// The reason in a Spanish sentence for reports.
    pub fn description(self) -> &'static str {
        match self {
            UncoveredReason::OutOfReach => "ninguna UMM llega, atiende y regresa a su base dentro de su jornada",
            UncoveredReason::DaysFull { .. } => "una UMM la alcanza, pero sus días de trabajo ya están llenos",
            UncoveredReason::CrewIncomplete { .. } => "su UMM no sale: la tripulación está incompleta",
            UncoveredReason::NoUnitInState => "su entidad no tiene UMM en operación y ninguna de otra entidad la alcanza",
        }
    }

    /// The reason in an English sentence, for reports in English.
    pub fn description_en(self) -> &'static str {
        match self {
            UncoveredReason::OutOfReach => "no mobile unit can reach it, serve it and return to base within its working day",
            UncoveredReason::DaysFull { .. } => "a mobile unit reaches it, but its working days are already full",
            UncoveredReason::CrewIncomplete { .. } => "its mobile unit does not roll: the crew is incomplete",
            UncoveredReason::NoUnitInState => "its state has no mobile unit in operation and none from another state reaches it",
        }
    }
}

/// An additional mobile unit proposed, based at an existing fixed first-level unit, with what it
/// would cover.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraUnit {
    /// Index into [`Network::units`] of the base.
    pub base: usize,
    /// Candidates it would serve (indices into [`UmmPlan::candidates`]).
    pub candidates: Vec<usize>,
    /// Population of those candidates.
    pub population: u64,
}

/// The mobile-unit planner's answer: candidate localities, which unit covers each, every unit's
/// day routes, the localities left uncovered with their reason, and the additional units that
/// would cover them. [`Plan::evidence`] is heuristic (no bound); [`Plan::open_gaps`] counts the
/// candidates the existing units leave uncovered.
#[derive(Debug, Clone, PartialEq)]
pub struct UmmPlan {
    /// Indices into [`Network::units`] of the mobile units in operation, increasing; routes and
    /// gaps refer to them by position here.
    pub units: Vec<usize>,
    /// Candidate localities, in [`Network::localities`] order; routes and gaps refer to them by
    /// position here.
    pub candidates: Vec<Candidate>,
    /// For each candidate: the existing unit covering it (index into `units`), if any.
    pub covered_by: Vec<Option<usize>>,
    /// Candidates the existing units do not cover (candidate index, reason), by candidate index.
    pub uncovered: Vec<(usize, UncoveredReason)>,
    /// Every day route of the existing units, then of the additional units.
    pub routes: Vec<DayRoute>,
    /// Additional units proposed, in the greedy order (most uncovered weight first).
    pub extra_units: Vec<ExtraUnit>,
    /// Candidates the additional units still could not cover.
    pub uncovered_after_extra: usize,
    /// Minutes driven over the horizon by every route, additional units included (the heuristic's
    /// objective).
    pub travel_minutes: f64,
    /// Existing units whose routes were all verified by `almaplan_vrp::verify` (all of them, or
    /// the plan fails).
    pub verified_units: usize,
    /// For each unit in `units`: whether its crew is complete. A unit with an incomplete crew
    /// does not roll: no routes, its localities uncovered with reason `CrewIncomplete`.
    pub crew_complete: Vec<bool>,
    /// States (INEGI codes) of the scenario whose locality data has no locality under 1,000
    /// people: the UMM's typical localities are invisible there (e.g. the national file of
    /// localities of 1,000+ people), so coverage there is not measured.
    pub states_without_small_localities: Vec<u8>,
    /// Candidates removed by the Atención Proactiva rule (`proactive_radius_km`): within that
    /// distance of a fixed unit, they are its responsibility, not the UMM's.
    pub proactive_removed: usize,
    /// With a responsibility file (`[routes] responsibility`): for each candidate, whether the
    /// file makes it a unit's responsibility (PI 2.2's denominator); `None` without a file (the
    /// planner's assignment is the responsibility).
    pub responsibility_from_file: Option<Vec<bool>>,
}

/// Optional inputs of the mobile-unit planner read from files outside the core.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UmmExtras {
    /// Crew completeness per mobile unit (CLUES → complete), from `[routes] crews`.
    pub crews: std::collections::BTreeMap<String, bool>,
    /// Crew complete share when no crews file lists a unit (from `crew_complete_share` or the
    /// published national figure).
    pub crew_share: Option<f64>,
    /// Programme flags: locality (9-digit CVEGEO) or municipality (5 digits) → programmes.
    pub priorities: std::collections::BTreeMap<String, Vec<String>>,
    /// UMM type per unit (CLUES → a name of `[routes.unit_types]`), from the crews file's `tipo`.
    pub unit_types: std::collections::BTreeMap<String, String>,
    /// Responsibility of each unit (locality CVEGEO → unit CLUES), from `[routes] responsibility`:
    /// a listed candidate is assigned to that unit and is PI 2.2's denominator.
    pub responsibility: std::collections::BTreeMap<String, String>,
}

/// A unit's service minutes for a candidate: the candidate's, or under a [`UnitType`] its
/// consultations (capped by the type) times the type's minutes, plus `setup_minutes`.
pub fn service_minutes(c: &Candidate, t: Option<&UnitType>, params: &RoutesParams) -> f64 {
    match t {
        None => c.service_minutes,
        Some(t) => {
            let consultations = c.consultations.min(t.max_consultations_per_visit.unwrap_or(u32::MAX));
            params.setup_minutes + consultations as f64 * t.minutes_per_consultation.unwrap_or(params.minutes_per_consultation)
        }
    }
}

/// A unit's longest working day in minutes: its type's, else `max_route_hours`.
pub fn day_minutes(t: Option<&UnitType>, params: &RoutesParams) -> f64 {
    60.0 * t.and_then(|t| t.max_route_hours).unwrap_or(params.max_route_hours)
}

/// Weighted population: marginalisation grade, indigenous-language share and the share without
/// social security raise a locality's worth (see `models/routes.md`).
pub fn locality_weight(l: &Locality, population: u32) -> f64 {
    let p = population.max(1) as f64;
    let grade = match l.marginalisation.map(|m| m.grade) {
        Some(MarginGrade::MuyAlto) => 2.0,
        Some(MarginGrade::Alto) => 1.75,
        Some(MarginGrade::Medio) => 1.5,
        Some(MarginGrade::Bajo) => 1.25,
        Some(MarginGrade::MuyBajo) => 1.0,
        None => 1.5,
    };
    let indigenous = l.indigenous_speakers.map_or(0.0, |v| (v as f64 / p).min(1.0));
    let without_ss = l.without_social_security.map_or(1.0, |v| (v as f64 / p).min(1.0));
    p * grade * (1.0 + 0.5 * indigenous) * (0.5 + 0.5 * without_ss)
}

/// Visits over `days` working days for a population: 2 from `biweekly_min_population` on, else
/// 1, never more than the days.
pub fn visits_for(population: u32, days: usize, params: &RoutesParams) -> u32 {
    let wanted = if population >= params.biweekly_min_population { 2 } else { 1 };
    wanted.min(days as u32).max(1)
}

/// Evenly spaced day combinations for `visits` visits over `days` days: every start day in the
/// first spacing, then every `days / visits` days. A combination is a bit set: bit `d` = day `d`.
///
/// ```
/// use almaplan_core::planners::umm::spaced_combinations;
///
/// // Two visits in 20 working days: days (0, 10), (1, 11), … (9, 19).
/// let c = spaced_combinations(2, 20);
/// assert_eq!(c.len(), 10);
/// assert_eq!(c[0], 1 << 0 | 1 << 10);
/// assert_eq!(c[9], 1 << 9 | 1 << 19);
/// ```
pub fn spaced_combinations(visits: u32, days: usize) -> Vec<u32> {
    let spacing = days / visits as usize;
    (0..spacing).map(|d0| (0..visits as usize).fold(0u32, |m, k| m | (1 << (d0 + k * spacing)))).collect()
}

/// Candidate localities: population in (0, max_population] and no fixed first-level unit in
/// operation within `min_minutes_to_fixed_unit`. `days` is the horizon's working days (it sets
/// the visits).
pub fn candidates(network: &Network, travel: &TravelTimes, days: usize, params: &RoutesParams) -> Vec<Candidate> {
    candidates_with(network, travel, days, params, &UmmExtras::default()).0
}

/// Why locality `l` is a priority: its programme flags (by locality or municipality key), its
/// municipality's marginalisation grade when listed in `priority_grades`, and an
/// indigenous-language share of at least `priority_indigenous_share`; sorted, empty when none.
pub fn priorities_of(l: &Locality, population: u32, params: &RoutesParams, extras: &UmmExtras) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for key in [l.cvegeo.as_str(), l.cvegeo.get(..5).unwrap_or("")] {
        if let Some(p) = extras.priorities.get(key) {
            out.extend(p.iter().cloned());
        }
    }
    if let Some(g) = l.marginalisation.map(|m| m.grade) {
        if params.priority_grades.iter().any(|t| MarginGrade::parse(t) == Some(g)) {
            out.push(format!("marginacion_{}", grade_code(g)));
        }
    }
    if let Some(v) = l.indigenous_speakers {
        if population > 0 && v as f64 / population as f64 >= params.priority_indigenous_share {
            out.push("lengua_indigena".to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn grade_code(g: MarginGrade) -> &'static str {
    match g {
        MarginGrade::MuyBajo => "muy_baja",
        MarginGrade::Bajo => "baja",
        MarginGrade::Medio => "media",
        MarginGrade::Alto => "alta",
        MarginGrade::MuyAlto => "muy_alta",
    }
}

/// Candidates with priorities and the Atención Proactiva rule; also returns how many localities
/// the rule removed.
pub fn candidates_with(
    network: &Network,
    travel: &TravelTimes,
    days: usize,
    params: &RoutesParams,
    extras: &UmmExtras,
) -> (Vec<Candidate>, usize) {
    let fixed: Vec<&Unit> = network.units.iter().filter(|u| u.is_first_level_in_operation() && u.kind.is_fixed_primary_care()).collect();
    let index = SpatialIndex::new(fixed.iter().map(|u| u.location));
    let radius = travel.radius_km(params.min_minutes_to_fixed_unit);
    let mut out = Vec::new();
    let mut proactive_removed = 0;
    for (i, l) in network.localities.iter().enumerate() {
        let Some(pop) = l.population.filter(|&p| p > 0 && p <= params.max_population) else { continue };
        let near_fixed = index
            .within_km(l.location, radius)
            .into_iter()
            .any(|k| travel.minutes(Place::from(fixed[k]), Place::from(l)) <= params.min_minutes_to_fixed_unit);
        if near_fixed {
            continue;
        }
        if let Some(km) = params.proactive_radius_km {
            if !index.within_km(l.location, km).is_empty() {
                proactive_removed += 1;
                continue;
            }
        }
        let consultations = ((pop as f64 * params.consultations_per_inhabitant).ceil() as u32).clamp(1, params.max_consultations_per_visit);
        let priorities = priorities_of(l, pop, params, extras);
        let factor = if priorities.is_empty() { 1.0 } else { params.priority_factor };
        out.push(Candidate {
            locality: i,
            population: pop,
            weight: locality_weight(l, pop) * factor,
            visits: visits_for(pop, days, params),
            consultations,
            service_minutes: params.setup_minutes + consultations as f64 * params.minutes_per_consultation,
            responsibility_population: l.without_social_security.map_or(pop, |v| v.min(pop)),
            priorities,
        });
    }
    (out, proactive_removed)
}

/// The routing instance of one base serving `members` (indices into `candidates`), as a unit of
/// type `kind` (defaults when `None`).
#[allow(clippy::too_many_arguments)]
fn unit_instance(
    network: &Network,
    travel: &TravelTimes,
    base: &Unit,
    members: &[usize],
    cands: &[Candidate],
    days: usize,
    params: &RoutesParams,
    kind: Option<&UnitType>,
) -> RoutingInstance {
    let places: Vec<Place<'_>> =
        std::iter::once(Place::from(base)).chain(members.iter().map(|&c| Place::from(&network.localities[cands[c].locality]))).collect();
    let n = places.len();
    let mut distance = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..n {
            if a != b {
                distance[a * n + b] = travel.minutes(places[a], places[b]);
            }
        }
    }
    let pick = |f: &dyn Fn(&Candidate) -> f64| -> Vec<f64> { std::iter::once(0.0).chain(members.iter().map(|&c| f(&cands[c]))).collect() };
    RoutingInstance {
        name: base.clues.clone(),
        coords: places.iter().map(|p| (p.location.lon, p.location.lat)).collect(),
        distance,
        demand: vec![0.0; n],
        service: pick(&|c| service_minutes(c, kind, params)),
        ready: vec![0.0; n],
        due: vec![f64::INFINITY; n],
        capacity: vec![f64::INFINITY; days],
        max_duration: vec![day_minutes(kind, params); days],
        vehicles_per_day: 1,
        combinations: std::iter::once(Vec::new()).chain(members.iter().map(|&c| spaced_combinations(cands[c].visits, days))).collect(),
        weight: pick(&|c| c.weight),
    }
}

fn reaches(travel: &TravelTimes, base: &Unit, l: &Locality, c: &Candidate, params: &RoutesParams) -> Option<f64> {
    reaches_as(travel, base, l, c, params, None)
}

fn reaches_as(
    travel: &TravelTimes,
    base: &Unit,
    l: &Locality,
    c: &Candidate,
    params: &RoutesParams,
    kind: Option<&UnitType>,
) -> Option<f64> {
    let m = travel.minutes(Place::from(base), Place::from(l));
    (m + service_minutes(c, kind, params) + travel.minutes(Place::from(l), Place::from(base)) <= day_minutes(kind, params)).then_some(m)
}

/// Solves one base's instance within `time_limit_s` (the iterations stop it first unless the
/// planner's time budget is short); returns the solution, verified.
fn solve_unit(inst: &RoutingInstance, seed: u64, params: &RoutesParams, time_limit_s: f64) -> Result<RoutingSolution, String> {
    if inst.len() == 1 {
        // No locality: nothing to search.
        return Ok(RoutingSolution { routes: vec![Vec::new(); inst.days()], combination: vec![0], unassigned: Vec::new(), cost: 0.0 });
    }
    let search_params = SearchParams { seed, time_limit_s, max_iterations: Some(params.iterations_per_unit), ..SearchParams::default() };
    let mut engine = search::Engine::new(inst, search_params);
    let sol = engine.run();
    almaplan_vrp::verify(inst, &sol)?;
    Ok(sol)
}

fn day_routes(unit: usize, inst: &RoutingInstance, sol: &RoutingSolution, members: &[usize]) -> Vec<DayRoute> {
    let mut out = Vec::new();
    for (day, routes) in sol.routes.iter().enumerate() {
        for r in routes {
            let (mut t, mut prev) = (0.0, 0usize);
            let mut stops = Vec::new();
            for &v in r {
                let travel = inst.d(prev, v);
                t += inst.service[prev] + travel;
                stops.push(Stop { candidate: members[v - 1], arrival: t, departure: t + inst.service[v], travel_minutes: travel });
                prev = v;
            }
            let back = inst.d(prev, 0);
            let end = t + inst.service[prev] + back;
            out.push(DayRoute { unit, day, stops, return_travel_minutes: back, end });
        }
    }
    out
}

/// Everything the mobile-unit planner needs.
#[derive(Debug, Clone, Copy)]
pub struct UmmRequest<'a> {
    /// Units (mobile units and their bases, fixed units) and localities.
    pub network: &'a Network,
    /// Travel times between units and localities.
    pub travel: &'a TravelTimes,
    /// Working days of the horizon (at most 31: visit-day combinations are bit sets).
    pub days: usize,
    /// The mobile-unit policy (`[routes]`).
    pub params: &'a RoutesParams,
    /// Seed of the routing search (same seed, same routes).
    pub seed: u64,
    /// The planner's time limit (`[solver] time_limit_s`), shared by every unit's search
    /// ([`crate::budget::Budget`]); the searches stop at their iteration limit first unless it is
    /// short, so the routes only depend on the clock when the limit binds. `f64::INFINITY`: none.
    pub time_limit_s: f64,
}

impl Plan for UmmPlan {
    const PLANNER: &'static str = "routes";

    /// The routing search is a heuristic: no status and no bound. Its objective is the total
    /// travel minutes of the routes; every route is checked by the independent verifier
    /// ([`UmmPlan::verified_units`]).
    fn evidence(&self) -> Evidence {
        Evidence::heuristic(self.travel_minutes)
    }

    /// Candidate localities the existing units do not cover (before additional units).
    fn open_gaps(&self) -> usize {
        self.uncovered.len()
    }
}

/// Plans the mobile units over `req.days` working days: one periodic VRP per unit, in parallel
/// (one progress step per unit), then the additional units that would cover what is left.
///
/// # Errors
///
/// [`Error::Solver`] (model `rutas UMM`) when the horizon has no working day or more than 31, or
/// a unit's routes fail the verifier.
pub fn plan(req: &UmmRequest<'_>, progress: &dyn Progress) -> Result<UmmPlan, Error> {
    plan_with(req, &UmmExtras::default(), progress)
}

/// [`plan`] with crews and programme priorities read from files ([`UmmExtras`]).
///
/// # Errors
///
/// As [`plan`]; also [`Error::Solver`] when `priority_grades` names an unknown grade or a crew
/// share is outside [0, 1].
pub fn plan_with(req: &UmmRequest<'_>, extras: &UmmExtras, progress: &dyn Progress) -> Result<UmmPlan, Error> {
    plan_routes(req, extras, progress).map_err(|message| Error::Solver { model: "rutas UMM".into(), message })
}

/// Crew completeness of each unit (positions in `units`): the crews file first; else, per state,
/// `round(share × n)` units complete, the others chosen by a seeded hash of their CLUES.
pub fn crew_completeness(network: &Network, units: &[usize], extras: &UmmExtras, seed: u64) -> Vec<bool> {
    let mut out: Vec<bool> = units.iter().map(|&u| extras.crews.get(&network.units[u].clues).copied().unwrap_or(true)).collect();
    let Some(share) = extras.crew_share else { return out };
    let mut by_state: std::collections::BTreeMap<u8, Vec<(u64, usize)>> = std::collections::BTreeMap::new();
    for (k, &u) in units.iter().enumerate() {
        let unit = &network.units[u];
        if extras.crews.contains_key(&unit.clues) {
            continue;
        }
        let h = unit.clues.bytes().fold(0xcbf2_9ce4_8422_2325u64 ^ seed, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
        by_state.entry(unit.state).or_default().push((h, k));
    }
    for (_, mut v) in by_state {
        v.sort_unstable();
        let incomplete = v.len() - ((share * v.len() as f64).round() as usize).min(v.len());
        for &(_, k) in v.iter().take(incomplete) {
            out[k] = false;
        }
    }
    out
}

fn plan_routes(req: &UmmRequest<'_>, extras: &UmmExtras, progress: &dyn Progress) -> Result<UmmPlan, String> {
    let UmmRequest { network, travel, days, params, seed, time_limit_s } = *req;
    let budget = crate::budget::Budget::new(time_limit_s.min(1e9), 1.0, rayon::current_num_threads());
    if let Some(bad) = params.priority_grades.iter().find(|g| MarginGrade::parse(g).is_none()) {
        return Err(format!("[routes] priority_grades: grado desconocido «{bad}»; se esperaba Muy bajo, Bajo, Medio, Alto o Muy alto"));
    }
    if let Some(s) = extras.crew_share.filter(|s| !(0.0..=1.0).contains(s)) {
        return Err(format!("[routes] crew_complete_share = {s}; se esperaba una fracción entre 0 y 1"));
    }
    if days == 0 {
        return Err("el horizonte no tiene días hábiles".into());
    }
    if days > 31 {
        return Err(format!("{days} días hábiles; el motor admite hasta 31 (reduzca horizon_weeks)"));
    }
    let units: Vec<usize> =
        (0..network.units.len()).filter(|&i| network.units[i].kind == UnitKind::Mobile && network.units[i].in_operation()).collect();
    let (cands, proactive_removed) = candidates_with(network, travel, days, params, extras);
    let crew_complete = crew_completeness(network, &units, extras, seed);
    let mut kinds: Vec<Option<&UnitType>> = Vec::with_capacity(units.len());
    for &u in &units {
        let clues = &network.units[u].clues;
        kinds.push(match extras.unit_types.get(clues) {
            None => None,
            Some(name) => {
                Some(params.unit_types.get(name).ok_or_else(|| format!("UMM {clues}: tipo «{name}» no está en [routes.unit_types]"))?)
            }
        });
    }
    // Each candidate goes to the nearest unit that reaches it.
    let longest = kinds.iter().map(|k| day_minutes(*k, params)).fold(params.max_route_hours * 60.0, f64::max);
    let reach_km = travel.radius_km(longest / 2.0);
    let unit_index = SpatialIndex::new(units.iter().map(|&u| network.units[u].location));
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    let mut uncovered: Vec<(usize, UncoveredReason)> = Vec::new();
    let position: std::collections::BTreeMap<&str, usize> =
        units.iter().enumerate().map(|(k, &u)| (network.units[u].clues.as_str(), k)).collect();
    let mut responsibility_from_file = (!extras.responsibility.is_empty()).then(|| vec![false; cands.len()]);
    let states_with_units: std::collections::BTreeSet<u8> = units.iter().map(|&u| network.units[u].state).collect();
    for (ci, c) in cands.iter().enumerate() {
        let l = &network.localities[c.locality];
        if let Some(clues) = extras.responsibility.get(&l.cvegeo) {
            let k = *position
                .get(clues.as_str())
                .ok_or_else(|| format!("responsabilidad de {}: la UMM {clues} no está en operación en el escenario", l.cvegeo))?;
            if let Some(mask) = responsibility_from_file.as_mut() {
                mask[ci] = true;
            }
            match reaches_as(travel, &network.units[units[k]], l, c, params, kinds[k]) {
                Some(_) => members[k].push(ci),
                None => uncovered.push((ci, UncoveredReason::OutOfReach)),
            }
            continue;
        }
        let best = unit_index
            .within_km(l.location, reach_km)
            .into_iter()
            .filter_map(|k| reaches_as(travel, &network.units[units[k]], l, c, params, kinds[k]).map(|m| (m, k)))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        match best {
            Some((_, k)) => members[k].push(ci),
            None if !states_with_units.contains(&l.state) => uncovered.push((ci, UncoveredReason::NoUnitInState)),
            None => uncovered.push((ci, UncoveredReason::OutOfReach)),
        }
    }
    let steps = StepCounter::new(progress, UmmPlan::PLANNER, units.len());
    // Each unit's search claims a share of the time left by its size (localities squared: the
    // search's moves grow so); the extra units' searches get what is left after them.
    let shares =
        crate::budget::Budget::new(budget.left_s(), members.iter().map(|m| (m.len() as f64).powi(2)).sum(), rayon::current_num_threads());
    let solved: Vec<Result<(RoutingInstance, RoutingSolution), String>> = (0..units.len())
        .into_par_iter()
        .map(|k| {
            let inst = unit_instance(network, travel, &network.units[units[k]], &members[k], &cands, days, params, kinds[k]);
            let share = shares.claim((members[k].len() as f64).powi(2));
            let sol = solve_unit(&inst, seed ^ (k as u64).wrapping_mul(0x9E37_79B9), params, share)?;
            steps.step(Some(network.units[units[k]].state), "rutas de una UMM resueltas");
            Ok((inst, sol))
        })
        .collect();
    let mut covered_by = vec![None; cands.len()];
    let mut routes = Vec::new();
    let mut verified_units = 0;
    for (k, r) in solved.into_iter().enumerate() {
        let (inst, sol) = r.map_err(|e| format!("UMM {}: {e}", network.units[units[k]].clues))?;
        verified_units += 1;
        for &v in &sol.unassigned {
            uncovered.push((members[k][v - 1], UncoveredReason::DaysFull { unit: k }));
        }
        for (v, &c) in members[k].iter().enumerate() {
            if !sol.unassigned.contains(&(v + 1)) {
                if crew_complete[k] {
                    covered_by[c] = Some(k);
                } else {
                    uncovered.push((c, UncoveredReason::CrewIncomplete { unit: k }));
                }
            }
        }
        if crew_complete[k] {
            routes.extend(day_routes(k, &inst, &sol, &members[k]));
        }
    }
    uncovered.sort_by_key(|(c, _)| *c);
    // Localities of a unit without crew wait for the crew (the multi-year plan prices that), not
    // for an additional unit.
    let pool: Vec<(usize, UncoveredReason)> =
        uncovered.iter().copied().filter(|(_, r)| !matches!(r, UncoveredReason::CrewIncomplete { .. })).collect();
    let (extra_units, extra_routes, left) = extra_units(network, travel, &cands, &pool, units.len(), days, params, seed, &budget)?;
    routes.extend(extra_routes);
    let travel_minutes = routes.iter().map(|r| r.stops.iter().map(|s| s.travel_minutes).sum::<f64>() + r.return_travel_minutes).sum();
    Ok(UmmPlan {
        units,
        candidates: cands,
        covered_by,
        uncovered,
        routes,
        extra_units,
        uncovered_after_extra: left,
        travel_minutes,
        verified_units,
        crew_complete,
        states_without_small_localities: states_without_small_localities(network),
        proactive_removed,
        responsibility_from_file,
    })
}

/// States with mobile units or localities in the network but no locality under 1,000 people.
pub fn states_without_small_localities(network: &Network) -> Vec<u8> {
    let mut states: std::collections::BTreeMap<u8, bool> = std::collections::BTreeMap::new();
    for u in network.units.iter().filter(|u| u.kind == UnitKind::Mobile && u.in_operation()) {
        states.entry(u.state).or_insert(false);
    }
    for l in &network.localities {
        let small = l.population.is_some_and(|p| p > 0 && p < 1000);
        *states.entry(l.state).or_insert(false) |= small;
    }
    states.into_iter().filter(|(_, small)| !small).map(|(s, _)| s).collect()
}

/// Greedy: the fixed unit whose reach holds the most uncovered weighted population becomes a new
/// base; its routes are solved; what it covers leaves the pool; repeat until nothing is left,
/// a new unit would cover nothing, or `max_extra_units`.
#[allow(clippy::too_many_arguments)]
fn extra_units(
    network: &Network,
    travel: &TravelTimes,
    cands: &[Candidate],
    uncovered: &[(usize, UncoveredReason)],
    first_index: usize,
    days: usize,
    params: &RoutesParams,
    seed: u64,
    budget: &crate::budget::Budget,
) -> Result<(Vec<ExtraUnit>, Vec<DayRoute>, usize), String> {
    let bases: Vec<usize> = (0..network.units.len())
        .filter(|&i| network.units[i].is_first_level_in_operation() && network.units[i].kind.is_fixed_primary_care())
        .collect();
    let mut open: Vec<bool> = vec![false; cands.len()];
    for &(c, _) in uncovered {
        open[c] = true;
    }
    let pool: Vec<usize> = uncovered.iter().map(|(c, _)| *c).collect();
    let pool_index = SpatialIndex::new(pool.iter().map(|&c| network.localities[cands[c].locality].location));
    let reach_km = travel.radius_km(params.max_route_hours * 60.0 / 2.0);
    let reach: Vec<Vec<usize>> = bases
        .par_iter()
        .map(|&b| {
            let base = &network.units[b];
            let mut v: Vec<usize> = pool_index
                .within_km(base.location, reach_km)
                .into_iter()
                .map(|k| pool[k])
                .filter(|&c| reaches(travel, base, &network.localities[cands[c].locality], &cands[c], params).is_some())
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    let mut out = Vec::new();
    let mut routes = Vec::new();
    let mut used = vec![false; bases.len()];
    while out.len() < params.max_extra_units {
        let best = (0..bases.len())
            .filter(|&k| !used[k])
            .map(|k| (reach[k].iter().filter(|&&c| open[c]).map(|&c| cands[c].weight).sum::<f64>(), k))
            .filter(|(w, _)| *w > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, k)) = best else { break };
        used[k] = true;
        let members: Vec<usize> = reach[k].iter().copied().filter(|&c| open[c]).collect();
        let base = &network.units[bases[k]];
        let inst = unit_instance(network, travel, base, &members, cands, days, params, None);
        let sol = solve_unit(&inst, seed ^ 0xE7_7A ^ out.len() as u64, params, budget.left_s().max(crate::budget::MIN_SHARE_S))
            .map_err(|e| format!("UMM adicional en {}: {e}", base.clues))?;
        let served: Vec<usize> = (1..inst.len()).filter(|v| !sol.unassigned.contains(v)).map(|v| members[v - 1]).collect();
        if served.is_empty() {
            continue;
        }
        for &c in &served {
            open[c] = false;
        }
        routes.extend(day_routes(first_index + out.len(), &inst, &sol, &members));
        out.push(ExtraUnit { base: bases[k], population: served.iter().map(|&c| cands[c].population as u64).sum(), candidates: served });
    }
    Ok((out, routes, open.iter().filter(|&&o| o).count()))
}

/// Position of a candidate on a map, for outputs.
pub fn candidate_location(network: &Network, c: &Candidate) -> LatLon {
    network.localities[c.locality].location
}
