//! Medical service zones (ZSM) and their host units (sedes) for the Comando Alma-Ata rollout.
//! See `models/zones.md`.
//!
//! Per state, every first-level unit in operation ([`is_visited_unit`]) gets a zone:
//!
//! - from a CSV `clues → zona` the user gives, or from the catalogue's operative region
//!   (`use_region_column`), when the scenario asks; otherwise
//! - from a **capacitated p-median** whose candidate centres are the state's hospitals in operation
//!   (each ZSM is coordinated by a hospital): `p` centres open, every unit assigned to one of its
//!   nearest candidate hospitals by travel time, each zone's workload within `workload_tolerance`
//!   of the state's mean. The uncapacitated optimum from [`pmedian`] is a proven lower bound and
//!   often already balanced; otherwise HiGHS solves the capacitated MIP.
//!
//! The host of a zone is its unit with the least total travel time to the zone's units (ties: more
//! núcleos básicos, then CLUES). States are solved in parallel (rayon), one HiGHS thread each.
//!
//! A **ZSM** (zona de servicios médicos) is the group of units one Comando Alma-Ata brigade works
//! through, from one host unit (its **sede**), before the next; the waves planner
//! ([`crate::planners::waves`]) turns zones into brigade calendars.
//!
//! ```
//! use almaplan_core::planners::zones::{is_visited_unit, plan, ZoneCountSource, ZonesInput, ZonesParams, ZonesRequest};
//! use almaplan_core::planners::Plan;
//! use almaplan_core::progress::Silent;
//! use almaplan_core::synthetic::{generate, SyntheticSpec};
//! use almaplan_core::territory::TravelTimes;
//!
//! let network = generate(&SyntheticSpec { units: 120, states: 1 }, 7); // state 13, Hidalgo
//! let input = ZonesInput { zone_counts: [(13, (3, ZoneCountSource::Scenario))].into(), ..Default::default() };
//! let request = ZonesRequest {
//!     units: &network.units,
//!     travel: &TravelTimes::default(),
//!     params: &ZonesParams::default(),
//!     input: &input,
//!     solver: &Default::default(),
//! };
//! let zones = plan(&request, &Silent)?;
//! assert_eq!(zones.zones.len(), 3);
//! assert_eq!(zones.assignments.len(), network.units.iter().filter(|u| is_visited_unit(u)).count());
//! let (lo, hi) = zones.states[0].workload_range.unwrap(); // units per zone, ±25% of the mean
//! assert!(zones.zones.iter().all(|z| (lo..=hi).contains(&(z.units.len() as f64))));
//! # Ok::<(), almaplan_core::Error>(())
//! ```

mod balanced;
pub mod params;
pub mod pmedian;

use std::collections::BTreeMap;
use std::time::Instant;

use good_lp::{constraint, variable, Expression, Variable};
use rayon::prelude::*;

use crate::budget::Budget;
use crate::domain::{Unit, UnitKind};
use crate::error::Error;
use crate::lp::{relative_gap, LpModel, Sense, SolveOptions, SolveReport, SolveStatus};
use crate::planners::{Evidence, Plan};
use crate::progress::{Progress, StepCounter};
use crate::territory::{SpatialIndex, TravelTimes};
pub use params::ZonesParams;

use pmedian::{PMedianOptions, PMedianProblem};

/// Units the Comando Alma-Ata brigades visit: every first-level unit in operation (health
/// centres, CESSA/CAAPS, UNEMEs, mobile units at their base and the few first-level clinics), the
/// 1,791 of stage 1 in the 2026 catalogue.
pub fn is_visited_unit(u: &Unit) -> bool {
    u.is_first_level_in_operation() && u.kind != UnitKind::Hospital
}

/// Where a state's zones come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ZoneSource {
    /// The user's CSV `clues → zona`.
    File,
    /// The catalogue's operative region.
    RegionColumn,
    /// Capacitated p-median over the state's hospitals.
    PMedian,
    /// Capacitated p-median over the units themselves: the state has no hospital in operation.
    PMedianOverUnits,
}

/// Where the number of zones `p` of a state comes from (the app crate decides, in this order of
/// preference, when it builds [`ZonesInput::zone_counts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ZoneCountSource {
    /// The scenario's `zones_per_state`.
    Scenario,
    /// The published ZSM count of the state (`zsm_2024`, [`StateFigures::zsm`](crate::domain::figures::StateFigures::zsm)).
    Published,
    /// Neither: `round(units ÷ units_per_zone)`, at least 1 (the planner's own fallback when a
    /// state has no entry in [`ZonesInput::zone_counts`]).
    UnitsPerZone,
}

/// Inputs of the zones planner besides the network, prepared by the caller (the app crate's
/// `pipeline::zones_input` reads the zone file and resolves the counts).
#[derive(Debug, Clone, Default)]
pub struct ZonesInput {
    /// Zones wanted (`p`) per INEGI state code, and where the figure comes from. A state without
    /// an entry takes `round(units / units_per_zone)`. Ignored for states zoned by file or region.
    pub zone_counts: BTreeMap<u8, (u32, ZoneCountSource)>,
    /// The user's `clues → zona` table, when given: it must list every visited unit, and then it
    /// is the zoning of every state (no p-median is solved).
    pub zone_of_clues: Option<BTreeMap<String, String>>,
    /// Workload of every unit, indexed like the request's `units` (brigade minutes of its visit,
    /// [`visit_minutes`](crate::planners::waves::visit_minutes)), for the balance constraint;
    /// empty: every unit weighs 1 and zones balance unit counts.
    pub workload: Vec<f64>,
}

/// One unit's zone (a row of `zonas.csv`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ZoneAssignment {
    /// The unit's CLUES.
    pub clues: String,
    /// INEGI state code.
    pub state: u8,
    /// The zone's name ([`Zone::zone`]).
    pub zone: String,
    /// CLUES of the zone's host unit (sede).
    pub sede: String,
    /// One-way travel minutes from the host to the unit (`minutos_a_sede`; 0 for the host).
    pub minutes_to_sede: f64,
}

/// One zone: its units, its host unit (sede) and, when the planner built it, its coordinating
/// hospital.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Zone {
    /// INEGI state code.
    pub state: u8,
    /// Name: `ZSM <state>-<nn>` for zones the planner built (numbered in order of host CLUES), the
    /// user's label for a zone file, `RO <code> <name>` for an operative region.
    pub zone: String,
    /// CLUES of the host unit (sede): the member with the least total travel time to the others,
    /// where the Comando Alma-Ata brigade is based while it works the zone.
    pub sede: String,
    /// Coordinating hospital (the p-median centre), when the zone was built by the planner.
    pub hospital: Option<String>,
    /// Indices into the request's `units` ([`Network::units`](crate::domain::Network::units)),
    /// increasing.
    pub units: Vec<usize>,
    /// Travel minutes from the centre (hospital, or host unit for given zones) summed over units:
    /// the zone's share of the p-median objective.
    pub minutes_to_centre: f64,
    /// Travel minutes from the host summed over the units (the 1-median cost).
    pub minutes_to_sede: f64,
}

/// A state's zoning with its evidence: how the zones were made and how good they are.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StateZones {
    /// INEGI state code.
    pub state: u8,
    /// Where the zones come from.
    pub source: ZoneSource,
    /// Where `p` came from (`None` when the zones were given).
    pub count_source: Option<ZoneCountSource>,
    /// Visited units zoned.
    pub units: usize,
    /// Candidate centres (hospitals, or the units themselves); 0 for given zones.
    pub candidates: usize,
    /// Zones asked for (`p`, before capping by the candidate centres).
    pub p_requested: u32,
    /// Zones built (fewer than asked when there are fewer candidate centres).
    pub zones: usize,
    /// Evidence of the capacitated p-median, a minimisation of travel minutes (`None` for given
    /// zones). Its bound is at least the uncapacitated optimum.
    pub report: Option<SolveReport>,
    /// Uncapacitated p-median optimum in minutes: a lower bound of the capacitated one.
    pub uncapacitated_optimum: Option<f64>,
    /// True when the uncapacitated optimum already met the balance, so it is the answer and no
    /// MIP was built.
    pub uncapacitated_balanced: Option<bool>,
    /// Allowed workload range per zone, `(1 ∓ workload_tolerance) × mean` (in `workload_unit`;
    /// rounded outwards to whole units when balancing unit counts).
    pub workload_range: Option<(f64, f64)>,
    /// What the workload counts: "unidades" or "minutos de visita" (brigade minutes).
    pub workload_unit: &'static str,
    /// What the planner had to decide for the user (fallbacks, capped `p`), for the report.
    pub notes: Vec<String>,
}

/// The zones planner's answer: every visited unit's zone and host, the zones, and per state how
/// they were made with the solver evidence. [`Plan::evidence`] sums the capacitated p-medians
/// (minimisations: `bound ≤ objective`).
#[derive(Debug, Clone, Default)]
pub struct ZonesPlan {
    /// One row per visited unit, sorted by state, zone name, then CLUES.
    pub assignments: Vec<ZoneAssignment>,
    /// Every zone, by state code, then zone name.
    pub zones: Vec<Zone>,
    /// One summary per state with visited units, in increasing state code.
    pub states: Vec<StateZones>,
}

/// Everything the zones planner needs. Borrowed, so one network serves several requests.
#[derive(Debug, Clone, Copy)]
pub struct ZonesRequest<'a> {
    /// The network's units (zones group the visited ones: first level, in operation, not
    /// hospitals; hospitals in operation are the candidate centres). Zones refer to them by index.
    pub units: &'a [Unit],
    /// Travel times between units.
    pub travel: &'a TravelTimes,
    /// The zones policy (`[zones]`).
    pub params: &'a ZonesParams,
    /// Zone counts, the user's zone table and unit workloads.
    pub input: &'a ZonesInput,
    /// Solver settings, used per state with one thread.
    pub solver: &'a SolveOptions,
}

impl Plan for ZonesPlan {
    const PLANNER: &'static str = "zones";

    /// The capacitated p-median of every state the planner zoned (none for zones given by file).
    fn evidence(&self) -> Evidence {
        Evidence::from_reports(self.states.iter().filter_map(|s| s.report.as_ref()))
    }

    /// Always 0: every visited unit gets a zone (or the planner fails).
    fn open_gaps(&self) -> usize {
        0
    }
}

/// Plans the zones of every state with visited units, reporting each state as it is done.
///
/// # Errors
///
/// [`Error::Scenario`] when a user zone table misses visited units; [`Error::Solver`] when a
/// state's model fails (for example no balanced zoning exists within the time limit).
pub fn plan(req: &ZonesRequest<'_>, progress: &dyn Progress) -> Result<ZonesPlan, Error> {
    let ZonesRequest { units, travel, params, input, solver: solve } = *req;
    let mut by_state: BTreeMap<u8, Vec<usize>> = BTreeMap::new();
    for (k, u) in units.iter().enumerate().filter(|(_, u)| is_visited_unit(u)) {
        by_state.entry(u.state).or_default().push(k);
    }
    if let Some(map) = &input.zone_of_clues {
        let missing: Vec<&str> = by_state.values().flatten().map(|&k| units[k].clues.as_str()).filter(|c| !map.contains_key(*c)).collect();
        if !missing.is_empty() {
            return Err(Error::Scenario {
                path: "zones.zone_file".into(),
                message: format!(
                    "{} unidades visitadas no tienen zona en el archivo (p. ej. {}); cada unidad de primer nivel en operación necesita una",
                    missing.len(),
                    missing.iter().take(5).copied().collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    let options = SolveOptions { threads: 1, ..solve.clone() };
    let steps = StepCounter::new(progress, ZonesPlan::PLANNER, by_state.len());
    // The time limit is the planner's: each state claims a share by its size (pairs of units).
    let work = |members: &[usize]| (members.len() as f64).powi(2);
    let budget = Budget::new(solve.time_limit_s, by_state.values().map(|m| work(m)).sum(), rayon::current_num_threads());
    // Larger states first, so that the last to finish is a small one.
    let mut order: Vec<(&u8, &Vec<usize>)> = by_state.iter().collect();
    order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    type StateResult = Result<(StateZones, Vec<Zone>), Error>;
    let mut results: Vec<(u8, StateResult)> = order
        .par_iter()
        .map(|&(&state, members)| {
            let deadline = Budget::deadline(budget.claim(work(members)));
            let r = plan_state(units, travel, params, input, &options, deadline, state, members);
            steps.step(Some(state), "zonas resueltas");
            (state, r)
        })
        .collect();
    results.sort_by_key(|(state, _)| *state);
    let mut plan = ZonesPlan::default();
    for (_, r) in results {
        let (summary, zones) = r?;
        for z in &zones {
            let sede = z.units.iter().map(|&k| &units[k]).find(|s| s.clues == z.sede).expect("host is a member");
            for &k in &z.units {
                let u = &units[k];
                plan.assignments.push(ZoneAssignment {
                    clues: u.clues.clone(),
                    state: u.state,
                    zone: z.zone.clone(),
                    sede: z.sede.clone(),
                    minutes_to_sede: travel.between_units(sede, u),
                });
            }
        }
        plan.zones.extend(zones);
        plan.states.push(summary);
    }
    plan.assignments.sort_by(|a, b| (a.state, &a.zone, &a.clues).cmp(&(b.state, &b.zone, &b.clues)));
    Ok(plan)
}

#[allow(clippy::too_many_arguments)]
fn plan_state(
    units: &[Unit],
    travel: &TravelTimes,
    params: &ZonesParams,
    input: &ZonesInput,
    options: &SolveOptions,
    deadline: Instant,
    state: u8,
    members: &[usize],
) -> Result<(StateZones, Vec<Zone>), Error> {
    let given: Option<(ZoneSource, Vec<String>)> = if let Some(map) = &input.zone_of_clues {
        Some((ZoneSource::File, members.iter().map(|&k| map[&units[k].clues].clone()).collect()))
    } else if params.use_region_column && members.iter().all(|&k| units[k].region.is_some()) {
        let label = |k: usize| {
            let r = units[k].region.as_ref().expect("checked");
            format!("RO {:02} {}", r.code, r.name)
        };
        Some((ZoneSource::RegionColumn, members.iter().map(|&k| label(k)).collect()))
    } else {
        None
    };
    let mut notes = Vec::new();
    if params.use_region_column && given.is_none() {
        notes.push("algunas unidades no tienen región operativa: zonas construidas con la p-mediana".to_string());
    }
    if let Some((source, labels)) = given {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (&k, label) in members.iter().zip(labels) {
            groups.entry(label).or_default().push(k);
        }
        let zones: Vec<Zone> = groups
            .into_iter()
            .map(|(label, ks)| {
                let (sede, total) = host(units, travel, &ks);
                Zone {
                    state,
                    zone: label,
                    sede: units[sede].clues.clone(),
                    hospital: None,
                    units: ks,
                    minutes_to_centre: total,
                    minutes_to_sede: total,
                }
            })
            .collect();
        let summary = StateZones {
            state,
            source,
            count_source: None,
            units: members.len(),
            candidates: 0,
            p_requested: zones.len() as u32,
            zones: zones.len(),
            report: None,
            uncapacitated_optimum: None,
            uncapacitated_balanced: None,
            workload_range: None,
            workload_unit: "unidades",
            notes,
        };
        return Ok((summary, zones));
    }

    let (p_wanted, count_source) = input
        .zone_counts
        .get(&state)
        .copied()
        .unwrap_or_else(|| (((members.len() as f64) / params.units_per_zone).round().max(1.0) as u32, ZoneCountSource::UnitsPerZone));
    let hospitals: Vec<usize> =
        (0..units.len()).filter(|&k| units[k].state == state && units[k].in_operation() && units[k].kind == UnitKind::Hospital).collect();
    let (source, candidates) = if hospitals.is_empty() {
        notes.push("ningún hospital en operación: sedes de zona elegidas entre las unidades".to_string());
        (ZoneSource::PMedianOverUnits, members.to_vec())
    } else {
        (ZoneSource::PMedian, hospitals)
    };
    let p = (p_wanted as usize).min(candidates.len()).min(members.len()).max(1);
    if p < p_wanted as usize {
        notes.push(format!(
            "se pidieron {p_wanted} zonas, pero sólo hay {} sedes candidatas: {p} zonas",
            candidates.len().min(members.len())
        ));
    }
    let (n, m) = (members.len(), candidates.len());
    let mut cost = vec![0.0; n * m];
    for (i, &k) in members.iter().enumerate() {
        for (j, &h) in candidates.iter().enumerate() {
            cost[i * m + j] = travel.between_units(&units[h], &units[k]);
        }
    }
    let name = format!("zonas {}", crate::domain::state::name(state).unwrap_or("?"));
    let pmed = pmedian::solve(
        &PMedianProblem { clients: n, facilities: m, cost: &cost, p },
        // Half the state's time for the uncapacitated optimum, the rest for balancing it.
        &PMedianOptions { time_limit_s: Budget::until(deadline) / 2.0, ..Default::default() },
    )
    .map_err(|e| rename(e, &name))?;
    // Workload of each member: its visit effort, or 1 (unit counts, integral bounds).
    let mut weighted = !input.workload.is_empty();
    let weight: Vec<f64> = members.iter().map(|&k| if weighted { input.workload[k] } else { 1.0 }).collect();
    let mean = weight.iter().sum::<f64>() / p as f64;
    let (mut lo, mut hi) = if weighted {
        ((1.0 - params.workload_tolerance) * mean, (1.0 + params.workload_tolerance) * mean)
    } else {
        (((1.0 - params.workload_tolerance) * mean).floor(), ((1.0 + params.workload_tolerance) * mean).ceil())
    };
    let mut load = vec![0.0; m];
    pmed.assignment.iter().zip(&weight).for_each(|(&j, &w)| load[j] += w);
    let balanced = pmed.open.iter().all(|&j| (lo - 1e-9..=hi + 1e-9).contains(&load[j]));
    let (assignment, report) = if balanced {
        // The relaxation's optimum is feasible: it is optimal for the capacitated problem too.
        let mut r = pmed.report.clone();
        r.model = name.clone();
        (pmed.assignment.clone(), r)
    } else {
        let unbalanced = |notes: &mut Vec<String>| {
            // No balanced zoning found within the time limit: the uncapacitated optimum, said so.
            notes.push(
                "ninguna zonificación equilibrada dentro del límite de tiempo: zonas de la p-mediana sin equilibrar cargas".to_string(),
            );
            let mut r = pmed.report.clone();
            r.model = name.clone();
            r.status = SolveStatus::TimeLimit;
            (pmed.assignment.clone(), r)
        };
        let solved = if weighted {
            capacitated(units, params, &candidates, members, &weight, &cost, p, (lo, hi), &pmed, options, deadline, &name, None)
        } else {
            balanced_by_units(units, params, &candidates, members, &cost, p, (lo, hi), &pmed, options, deadline, &name)
        };
        match solved {
            // No zoning balanced by minutes found in time: balance unit counts instead (said so).
            Err(Error::SolverTimeLimit { .. }) if weighted => {
                notes.push("ninguna zonificación equilibrada por minutos de visita dentro del límite de tiempo: equilibrada por número de unidades".to_string());
                weighted = false;
                let mean = n as f64 / p as f64;
                (lo, hi) = (((1.0 - params.workload_tolerance) * mean).floor(), ((1.0 + params.workload_tolerance) * mean).ceil());
                match balanced_by_units(units, params, &candidates, members, &cost, p, (lo, hi), &pmed, options, deadline, &name) {
                    Err(Error::SolverTimeLimit { .. }) => unbalanced(&mut notes),
                    other => other?,
                }
            }
            Err(Error::SolverTimeLimit { .. }) => unbalanced(&mut notes),
            other => other?,
        }
    };
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &j) in assignment.iter().enumerate() {
        groups.entry(j).or_default().push(members[i]);
    }
    let mut zones: Vec<Zone> = groups
        .into_iter()
        .map(|(j, ks)| {
            let (sede, total) = host(units, travel, &ks);
            let centre = &units[candidates[j]];
            let to_centre = ks.iter().map(|&k| travel.between_units(centre, &units[k])).sum();
            Zone {
                state,
                zone: String::new(),
                sede: units[sede].clues.clone(),
                hospital: (source == ZoneSource::PMedian).then(|| centre.clues.clone()),
                units: ks,
                minutes_to_centre: to_centre,
                minutes_to_sede: total,
            }
        })
        .collect();
    zones.sort_by(|a, b| a.sede.cmp(&b.sede));
    for (z, zone) in zones.iter_mut().enumerate() {
        zone.zone = format!("ZSM {state:02}-{:02}", z + 1);
    }
    let summary = StateZones {
        state,
        source,
        count_source: Some(count_source),
        units: n,
        candidates: m,
        p_requested: p_wanted,
        zones: zones.len(),
        report: Some(report),
        uncapacitated_optimum: Some(pmed.report.objective),
        uncapacitated_balanced: Some(balanced),
        workload_range: Some((lo, hi)),
        workload_unit: if weighted { "minutos de visita" } else { "unidades" },
        notes,
    };
    Ok((summary, zones))
}

fn rename(e: Error, name: &str) -> Error {
    match e {
        Error::Solver { message, .. } => Error::Solver { model: name.to_string(), message },
        other => other,
    }
}

/// The zone's unit with the least total travel time to the others (ties: more núcleos, then
/// CLUES), and that total.
fn host(units: &[Unit], travel: &TravelTimes, zone: &[usize]) -> (usize, f64) {
    zone.iter()
        .map(|&s| (s, zone.iter().map(|&k| travel.between_units(&units[s], &units[k])).sum::<f64>()))
        .min_by(|a, b| {
            a.1.total_cmp(&b.1).then(units[b.0].nucleos().cmp(&units[a.0].nucleos())).then(units[a.0].clues.cmp(&units[b.0].clues))
        })
        .expect("zones are not empty")
}

/// The capacitated p-median MIP over candidate pairs: every unit's `candidate_centres` nearest
/// candidates (spatial index) plus its centre in the uncapacitated optimum. `y_j` binary,
/// `x_ij ∈ [0, 1]`, `Σ_j x_ij = 1`, `x_ij ≤ y_j`, `Σ_j y_j = p`,
/// `workload_min·y_j ≤ Σ_i w_i·x_ij ≤ workload_max·y_j`. Starts from the uncapacitated optimum's
/// centres with the best balanced assignment to them (when one exists). With the centres chosen,
/// `assign` gives every unit one zone. Returns the centre index of every unit.
#[allow(clippy::too_many_arguments)]
fn capacitated(
    units: &[Unit],
    params: &ZonesParams,
    candidates: &[usize],
    members: &[usize],
    weight: &[f64],
    cost: &[f64],
    p: usize,
    range: (f64, f64),
    uncapacitated: &pmedian::PMedianSolution,
    options: &SolveOptions,
    deadline: Instant,
    name: &str,
    given: Option<(&[Vec<usize>], &[usize])>,
) -> Result<(Vec<usize>, SolveReport), Error> {
    // Every model solved here shares the state's deadline.
    let within = || SolveOptions { time_limit_s: Budget::until(deadline), ..options.clone() };
    let (n, m) = (members.len(), candidates.len());
    let (workload_min, workload_max) = range;
    let index = SpatialIndex::new(candidates.iter().map(|&h| units[h].location));
    let k = params.candidate_centres.max(1).min(m);
    let attempt = |all_pairs: bool| -> Result<(Vec<usize>, SolveReport), Error> {
        let pairs: Vec<Vec<usize>> = if let Some((pairs, _)) = given {
            pairs.to_vec()
        } else {
            (0..n)
                .map(|i| {
                    let mut row: Vec<usize> = if all_pairs { (0..m).collect() } else { index.nearest(units[members[i]].location, k) };
                    if !row.contains(&uncapacitated.assignment[i]) {
                        row.push(uncapacitated.assignment[i]);
                    }
                    row
                })
                .collect()
        };
        // Warm start: the uncapacitated centres with their best balanced (fractional) assignment.
        let open0: Vec<bool> = (0..m).map(|j| uncapacitated.open.contains(&j)).collect();
        let restricted: Vec<Vec<usize>> = pairs.iter().map(|row| row.iter().copied().filter(|&j| open0[j]).collect()).collect();
        let unit_weights = weight.iter().all(|&w| w == 1.0);
        let start = match given {
            // The Lagrangian phase's incumbent (balanced, on the given pairs).
            Some((_, a)) => Ok((a.iter().map(|&j| vec![(j, 1.0)]).collect(), 0.0)),
            None => transport_lp(&restricted, weight, cost, m, range, &within(), name),
        };
        let start = match start {
            // With visit efforts x is binary: start only from a rounding that keeps the range.
            Ok((x0, _)) if !unit_weights => round_within(&x0, weight, range)
                .or_else(|| repair(&restricted, &uncapacitated.assignment, weight, cost, m, range))
                .map(|r| r.into_iter().map(|j| vec![(j, 1.0)]).collect()),
            Ok((x0, _)) => Some(x0),
            Err(_) => None,
        };
        let mut model = LpModel::new(name, Sense::Minimise);
        let y: Vec<Variable> = (0..m).map(|_| model.add_var(variable().binary())).collect();
        let mut workload: Vec<Expression> = vec![Expression::default(); m];
        let mut objective = Expression::default();
        let mut start_values: Vec<(Variable, f64)> = Vec::new();
        let mut x_vars: Vec<Vec<(usize, Variable)>> = Vec::with_capacity(n);
        for (i, row) in pairs.iter().enumerate() {
            let mut served = Expression::default();
            let mut vars = Vec::with_capacity(row.len());
            for &j in row {
                // Unit workloads: continuous, since with the centres fixed the assignment is a
                // transportation LP with integral vertices (`assign`). Visit efforts: binary.
                let v = model.add_var(if unit_weights { variable().min(0.0).max(1.0) } else { variable().binary() });
                objective += cost[i * m + j] * v;
                served += v;
                workload[j] += weight[i] * v;
                model.add_constraint(constraint!(v <= y[j]));
                vars.push((j, v));
                if let Some(x0) = &start {
                    if let Some(&(_, f)) = x0[i].iter().find(|(jj, _)| *jj == j) {
                        start_values.push((v, f));
                    }
                }
            }
            model.add_constraint(constraint!(served == 1.0));
            x_vars.push(vars);
        }
        for (j, w) in workload.into_iter().enumerate() {
            model.add_constraint(constraint!(w.clone() <= workload_max * y[j]));
            model.add_constraint(constraint!(w >= workload_min * y[j]));
        }
        let opened: Expression = y.iter().copied().sum();
        model.add_constraint(constraint!(opened == p as f64));
        if let Some(x0) = &start {
            let mut open_start = vec![false; m];
            x0.iter().flatten().filter(|(_, f)| *f > 0.5).for_each(|&(j, _)| open_start[j] = true);
            (0..m).filter(|&j| open_start[j]).for_each(|j| start_values.push((y[j], 1.0)));
            model.set_start(start_values);
        }
        model.set_objective(objective);
        let solved = model.solve(&within())?;
        let open: Vec<bool> = y.iter().map(|&v| solved.value(v) > 0.5).collect();
        let chosen: Vec<Vec<usize>> = pairs.iter().map(|row| row.iter().copied().filter(|&j| open[j]).collect()).collect();
        let (assignment, total) = if unit_weights {
            assign(&chosen, weight, cost, m, range, &within(), name)?
        } else {
            let a: Vec<usize> = chosen
                .iter()
                .zip(&x_vars)
                .map(|(_, row)| row.iter().find(|&&(_, v)| solved.value(v) > 0.5).expect("one centre per unit").0)
                .collect();
            let total = a.iter().enumerate().map(|(i, &j)| cost[i * m + j]).sum();
            (a, total)
        };
        let mut report = solved.report;
        report.objective = report.objective.min(total).max(total);
        // The uncapacitated optimum over all pairs bounds the problem from below too.
        report.bound = report.bound.max(uncapacitated.report.bound).min(report.objective);
        report.gap = relative_gap(report.objective, report.bound);
        report.status = if report.gap <= 1e-9 {
            SolveStatus::Optimal
        } else if report.gap <= options.rel_gap || report.status != SolveStatus::TimeLimit {
            SolveStatus::GapLimit
        } else {
            SolveStatus::TimeLimit
        };
        Ok((assignment, report))
    };
    match attempt(k >= m) {
        Err(Error::Solver { message, .. }) if given.is_none() && k < m && message.contains("infactible") => attempt(true),
        other => other,
    }
}

/// The capacitated MIP after the Lagrangian phase runs only when at most this many unit–centre
/// pairs survive the reduced-cost elimination (HiGHS closes such models within about a second on
/// stage 2; with 3,000 or more it spends its time without closing the gap).
const BALANCED_MIP_PAIRS: usize = 8000;

/// Branch-and-bound nodes of the capacitated MIP after the Lagrangian phase (HiGHS
/// `mip_max_nodes`).
const BALANCED_MIP_NODES: u32 = 200;

/// The balanced zoning with unit workloads: the Lagrangian phase (`balanced::solve`: bound over
/// every pair, incumbents from the relaxation's centres, pair elimination), then, only when its
/// gap is above `rel_gap`, the capacitated MIP over the surviving pairs from the incumbent. The
/// bound is the best of the Lagrangian bound, the uncapacitated optimum and the MIP's bound.
#[allow(clippy::too_many_arguments)]
fn balanced_by_units(
    units: &[Unit],
    params: &ZonesParams,
    candidates: &[usize],
    members: &[usize],
    cost: &[f64],
    p: usize,
    range: (f64, f64),
    uncapacitated: &pmedian::PMedianSolution,
    options: &SolveOptions,
    deadline: Instant,
    name: &str,
) -> Result<(Vec<usize>, SolveReport), Error> {
    let started = Instant::now();
    let (n, m) = (members.len(), candidates.len());
    let weight = vec![1.0; n];
    let pb = balanced::Balanced { n, m, cost, p, lo: range.0.max(0.0) as usize, hi: range.1.max(0.0) as usize };
    // The balanced assignment to given centres: `balanced::transport` (exact, no LP).
    let mut evaluate = |open: &[usize]| -> Result<Option<(Vec<usize>, f64)>, Error> { Ok(balanced::transport(&pb, open)) };
    let start = evaluate(&uncapacitated.open)?;
    let limits = balanced::LagrangianLimits { rel_gap: options.rel_gap, deadline: Some(deadline), ..Default::default() };
    let outcome = balanced::solve(&pb, start, limits, &mut evaluate)?;
    let floor = outcome.bound.max(uncapacitated.report.bound);
    if let Some((a, ub)) = &outcome.incumbent {
        let gap = relative_gap(*ub, floor.min(*ub));
        if gap <= options.rel_gap {
            let report = SolveReport {
                model: name.to_string(),
                status: if gap <= 1e-9 { SolveStatus::Optimal } else { SolveStatus::GapLimit },
                objective: *ub,
                bound: floor.min(*ub),
                gap,
                seconds: started.elapsed().as_secs_f64(),
                variables: n * m + m,
                constraints: n + 2 * m + 1,
                integer: true,
            };
            return Ok((a.clone(), report));
        }
    }
    let surviving: usize = outcome.pairs.iter().map(Vec::len).sum();
    let out_of_time = Instant::now() >= deadline;
    if let Some((a, ub)) = outcome.incumbent.as_ref().filter(|_| surviving > BALANCED_MIP_PAIRS || out_of_time) {
        // Too many pairs survive for the MIP to close the gap quickly (or the state's time is
        // up): the Lagrangian phase's answer, stopped by its limit, with its gap.
        let bound = floor.min(*ub);
        let report = SolveReport {
            model: name.to_string(),
            status: SolveStatus::TimeLimit,
            objective: *ub,
            bound,
            gap: relative_gap(*ub, bound),
            seconds: started.elapsed().as_secs_f64(),
            variables: n * m + m,
            constraints: n + 2 * m + 1,
            integer: true,
        };
        return Ok((a.clone(), report));
    }
    let given = outcome.incumbent.as_ref().map(|(a, _)| (outcome.pairs.as_slice(), a.as_slice()));
    // A deterministic node limit, so that the zones do not depend on the machine's speed.
    let mip_options = SolveOptions { node_limit: Some(BALANCED_MIP_NODES), ..options.clone() };
    let (assignment, mut report) =
        capacitated(units, params, candidates, members, &weight, cost, p, range, uncapacitated, &mip_options, deadline, name, given)?;
    report.bound = report.bound.max(floor).min(report.objective);
    report.gap = relative_gap(report.objective, report.bound);
    if report.gap <= 1e-9 {
        report.status = SolveStatus::Optimal;
    } else if report.gap <= options.rel_gap {
        report.status = SolveStatus::GapLimit;
    } else if let Some((a, ub)) = &outcome.incumbent {
        // Stopped at its node limit without closing the gap: HiGHS's partial bound was seen to
        // differ between processes, so the answer stays the Lagrangian phase's (deterministic).
        let bound = floor.min(*ub);
        let report = SolveReport {
            model: name.to_string(),
            status: SolveStatus::TimeLimit,
            objective: *ub,
            bound,
            gap: relative_gap(*ub, bound),
            seconds: started.elapsed().as_secs_f64(),
            variables: report.variables,
            constraints: report.constraints,
            integer: true,
        };
        return Ok((a.clone(), report));
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok((assignment, report))
}

/// The least-cost assignment of every unit to one of `pairs[i]` within the workload range, as an
/// LP (`x_ij ∈ [0, 1]`). Returns each unit's `(centre, fraction)` pairs and the cost.
#[allow(clippy::type_complexity)]
fn transport_lp(
    pairs: &[Vec<usize>],
    weight: &[f64],
    cost: &[f64],
    m: usize,
    (workload_min, workload_max): (f64, f64),
    options: &SolveOptions,
    name: &str,
) -> Result<(Vec<Vec<(usize, f64)>>, f64), Error> {
    let mut model = LpModel::new(format!("{name} (asignación)"), Sense::Minimise);
    let mut workload: BTreeMap<usize, Expression> = BTreeMap::new();
    let mut objective = Expression::default();
    let mut x: Vec<Vec<(usize, Variable)>> = Vec::with_capacity(pairs.len());
    for (i, row) in pairs.iter().enumerate() {
        let mut served = Expression::default();
        let vars: Vec<(usize, Variable)> = row.iter().map(|&j| (j, model.add_var(variable().min(0.0).max(1.0)))).collect();
        for &(j, v) in &vars {
            objective += cost[i * m + j] * v;
            served += v;
            *workload.entry(j).or_default() += weight[i] * v;
        }
        model.add_constraint(constraint!(served == 1.0));
        x.push(vars);
    }
    for w in workload.into_values() {
        model.add_constraint(constraint!(w.clone() <= workload_max));
        model.add_constraint(constraint!(w >= workload_min));
    }
    model.set_objective(objective);
    let solved = model.solve(&SolveOptions { rel_gap: 0.0, ..options.clone() })?;
    let values = x.iter().map(|row| row.iter().map(|&(j, v)| (j, solved.value(v))).collect()).collect();
    Ok((values, solved.report.objective))
}

/// Every unit to one of its open centres `pairs[i]` within the workload range at least cost, with
/// unit workloads: a transportation LP whose matrix is totally unimodular with integer bounds, so
/// its simplex vertex is integral (anything else is reported).
fn assign(
    pairs: &[Vec<usize>],
    weight: &[f64],
    cost: &[f64],
    m: usize,
    range: (f64, f64),
    options: &SolveOptions,
    name: &str,
) -> Result<(Vec<usize>, f64), Error> {
    let (fractions, total) = transport_lp(pairs, weight, cost, m, range, options, name)?;
    let mut assignment = Vec::with_capacity(fractions.len());
    for row in &fractions {
        let &(j, f) = row.iter().max_by(|a, b| a.1.total_cmp(&b.1)).expect("a pair");
        if (f - 1.0).abs() > 1e-6 {
            return Err(Error::Solver {
                model: name.to_string(),
                message: format!("el LP de asignación devolvió un vértice fraccionario ({f:.3})"),
            });
        }
        assignment.push(j);
    }
    Ok((assignment, total))
}

/// Greedy repair of `assignment` (each unit to one of `pairs[i]`) into the workload range: while a
/// centre is over (under) its range, move the unit whose move costs least per minute of workload
/// out of (into) it, without breaking the range of the other centre. `None` when stuck.
fn repair(pairs: &[Vec<usize>], assignment: &[usize], weight: &[f64], cost: &[f64], m: usize, (lo, hi): (f64, f64)) -> Option<Vec<usize>> {
    let mut a = assignment.to_vec();
    let mut load = vec![0.0; m];
    a.iter().zip(weight).for_each(|(&j, &w)| load[j] += w);
    let open: Vec<usize> = {
        let mut o: Vec<usize> = pairs.iter().flatten().copied().collect();
        o.sort_unstable();
        o.dedup();
        o
    };
    for _ in 0..4 * a.len() {
        let worst = open
            .iter()
            .map(|&j| (j, (load[j] - hi).max(lo - load[j])))
            .filter(|&(_, v)| v > 1e-9)
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        let Some((j, _)) = worst else { return Some(a) };
        let over = load[j] > hi;
        let mut best: Option<(f64, usize, usize)> = None; // (cost per minute, unit, new centre)
        for (i, row) in pairs.iter().enumerate() {
            let moves: Vec<(usize, usize)> = if over {
                if a[i] != j {
                    continue;
                }
                row.iter().filter(|&&t| t != j && load[t] + weight[i] <= hi + 1e-9).map(|&t| (j, t)).collect()
            } else {
                if a[i] == j || !row.contains(&j) || load[a[i]] - weight[i] < lo - 1e-9 {
                    continue;
                }
                vec![(a[i], j)]
            };
            for (from, to) in moves {
                let per = (cost[i * m + to] - cost[i * m + from]) / weight[i].max(1e-9);
                if best.is_none_or(|b| per < b.0 - 1e-12) {
                    best = Some((per, i, to));
                }
            }
        }
        let (_, i, to) = best?;
        load[a[i]] -= weight[i];
        load[to] += weight[i];
        a[i] = to;
    }
    None
}

/// Each unit to its largest fraction, when the loads stay within the range (every centre with
/// pairs keeps some load).
fn round_within(fractions: &[Vec<(usize, f64)>], weight: &[f64], (workload_min, workload_max): (f64, f64)) -> Option<Vec<usize>> {
    let rounded: Vec<usize> =
        fractions.iter().map(|row| row.iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))).expect("a pair").0).collect();
    let mut load: BTreeMap<usize, f64> = BTreeMap::new();
    rounded.iter().zip(weight).for_each(|(&j, &w)| *load.entry(j).or_default() += w);
    let centres_ok = fractions.iter().flatten().all(|(j, _)| load.contains_key(j));
    let range_ok = load.values().all(|&l| (workload_min - 1e-9..=workload_max + 1e-9).contains(&l));
    (centres_ok && range_ok).then_some(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::SyntheticSpec;

    fn demo_units() -> Vec<Unit> {
        crate::synthetic::generate(&SyntheticSpec { units: 600, states: 2 }, 3).units
    }

    #[test]
    fn every_visited_unit_gets_one_zone_with_balanced_workload() {
        let units = demo_units();
        let travel = TravelTimes::default();
        let params = ZonesParams::default();
        let states: Vec<u8> = {
            let mut s: Vec<u8> = units.iter().map(|u| u.state).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        let input = ZonesInput {
            zone_counts: states.iter().map(|&s| (s, (5, ZoneCountSource::Scenario))).collect(),
            zone_of_clues: None,
            workload: Vec::new(),
        };
        let plan = plan(
            &ZonesRequest { units: &units, travel: &travel, params: &params, input: &input, solver: &SolveOptions::default() },
            &crate::progress::Silent,
        )
        .unwrap();
        let visited = units.iter().filter(|u| is_visited_unit(u)).count();
        assert_eq!(plan.assignments.len(), visited);
        let mut seen: Vec<&str> = plan.assignments.iter().map(|a| a.clues.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), visited, "a unit assigned twice");
        for s in &plan.states {
            assert_eq!(s.zones, 5);
            let r = s.report.as_ref().unwrap();
            assert!(r.bound <= r.objective + 1e-6 && r.gap >= 0.0, "{r:?}");
            let (lo, hi) = s.workload_range.unwrap();
            for z in plan.zones.iter().filter(|z| z.state == s.state) {
                let w = z.units.len() as f64;
                assert!((lo..=hi).contains(&w), "zone {} has {w} units outside {lo}..{hi}", z.zone);
                // The host is a member minimising total travel to the zone.
                assert!(z.units.iter().any(|&k| units[k].clues == z.sede));
                let best = host(&units, &travel, &z.units);
                assert!((best.1 - z.minutes_to_sede).abs() < 1e-6);
            }
        }
        let again = super::plan(
            &ZonesRequest { units: &units, travel: &travel, params: &params, input: &input, solver: &SolveOptions::default() },
            &crate::progress::Silent,
        )
        .unwrap();
        assert_eq!(plan.assignments, again.assignments, "same input, same zones");
    }

    #[test]
    fn visit_effort_balances_zones_by_minutes_not_units() {
        let units = demo_units();
        let travel = TravelTimes::default();
        let params = ZonesParams::default();
        let waves = crate::planners::waves::WavesParams::default();
        let workload: Vec<f64> = units.iter().map(|u| crate::planners::waves::visit_minutes(&waves, u)).collect();
        let states: std::collections::BTreeSet<u8> = units.iter().map(|u| u.state).collect();
        let input = ZonesInput {
            zone_counts: states.iter().map(|&s| (s, (4, ZoneCountSource::Scenario))).collect(),
            zone_of_clues: None,
            workload: workload.clone(),
        };
        let plan = plan(
            &ZonesRequest { units: &units, travel: &travel, params: &params, input: &input, solver: &SolveOptions::default() },
            &crate::progress::Silent,
        )
        .unwrap();
        assert_eq!(plan.assignments.len(), units.iter().filter(|u| is_visited_unit(u)).count());
        for s in &plan.states {
            assert_eq!(s.workload_unit, "minutos de visita");
            let (lo, hi) = s.workload_range.unwrap();
            let total: f64 = plan.zones.iter().filter(|z| z.state == s.state).flat_map(|z| z.units.iter()).map(|&k| workload[k]).sum();
            assert!((lo + hi) / 2.0 * 4.0 - total < 1e-6 * total, "the range is centred on the mean minutes");
            for z in plan.zones.iter().filter(|z| z.state == s.state) {
                let w: f64 = z.units.iter().map(|&k| workload[k]).sum();
                assert!(w >= lo - 1e-6 && w <= hi + 1e-6, "zone {} has {w} minutes outside {lo}..{hi}", z.zone);
            }
            let r = s.report.as_ref().unwrap();
            assert!(r.bound <= r.objective + 1e-6, "{r:?}");
        }
    }

    #[test]
    fn repair_moves_the_cheapest_units_into_the_range() {
        // Four units of weight 1 on centre 0, none on centre 1; range [2, 2].
        let cost = [0.0, 5.0, 0.0, 1.0, 0.0, 9.0, 0.0, 2.0];
        let pairs = vec![vec![0, 1]; 4];
        let a = repair(&pairs, &[0, 0, 0, 0], &[1.0; 4], &cost, 2, (2.0, 2.0)).unwrap();
        assert_eq!(a, vec![0, 1, 0, 1], "units 1 and 3 are the cheapest to move");
        assert!(repair(&pairs, &[0, 0, 0, 0], &[1.0; 4], &cost, 2, (2.5, 2.5)).is_none());
    }

    #[test]
    fn host_prefers_the_larger_unit_on_ties() {
        let mut units = demo_units();
        units.truncate(2);
        units[1].location = units[0].location;
        units[0].kind = UnitKind::HealthCentre { nucleos: 1 };
        units[1].kind = UnitKind::HealthCentre { nucleos: 6 };
        let (sede, total) = host(&units, &TravelTimes::default(), &[0, 1]);
        assert_eq!((sede, total), (1, 0.0));
    }
}
