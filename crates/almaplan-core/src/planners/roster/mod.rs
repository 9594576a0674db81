//! # Weekend roster
//!
//! IMSS-BIENESTAR's policy is that every viable first-level unit opens seven days a week, with at
//! least the morning shift on Saturdays and Sundays. This planner assigns physicians to weekend
//! (and, by policy, mandatory-rest-day) mornings, one MIP per state solved in parallel, then
//! explains every unit-day left uncovered and computes the fewest weekend-contract hires that would
//! cover it.
//!
//! - [`instance`]: target units and their requirement and weight, opening days, candidates within
//!   reach (from the spatial index, never all pairs);
//! - [`model`]: the MIP (see `models/roster.md`);
//! - [`gaps`]: reasons for uncovered unit-days and the hiring cover MIP;
//! - [`check`]: lints a hand-edited roster against the same rules.
//!
//! The model and its defaults are in `models/roster.md`; the labour-law facts it encodes are the
//! weekly rest day (LFT art. 69), the Sunday premium of 25% (art. 71), the mandatory rest days
//! (art. 74) and double pay when one is worked (art. 75).
//!
//! Build a [`RosterRequest`] and call [`plan`]; the answer is a [`RosterPlan`]:
//!
//! ```
//! use almaplan_core::planners::roster::{plan, RosterParams, RosterRequest};
//! use almaplan_core::planners::Plan;
//! use almaplan_core::progress::Silent;
//! use almaplan_core::synthetic::{generate, SyntheticSpec};
//! use almaplan_core::territory::TravelTimes;
//! use chrono::NaiveDate;
//!
//! let network = generate(&SyntheticSpec { units: 150, states: 1 }, 7);
//! let request = RosterRequest {
//!     network: &network,
//!     travel: &TravelTimes::default(),
//!     params: &RosterParams::default(),
//!     from: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), // four weekends of March 2026
//!     to: NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
//!     options: Default::default(),
//!     targets: None,  // fixed first-level units in operation
//!     previous: None, // not a re-plan
//!     absences: &[],
//!     context: Default::default(), // no baseline, no published figures
//! };
//! let roster = plan(&request, &Silent)?;
//! assert_eq!(roster.instance.days.len(), 8); // Saturdays and Sundays
//!
//! let all = roster.figures(None);
//! assert_eq!(all.unit_days_covered + roster.open_gaps(), all.unit_days_required);
//! let evidence = roster.evidence();
//! assert!(evidence.status.is_some());
//! assert!(evidence.bound.unwrap() >= evidence.objective - 1e-6); // a maximisation
//! # Ok::<(), almaplan_core::Error>(())
//! ```

pub mod baseline;
pub mod check;
pub mod gaps;
mod hiring;
pub mod instance;
pub mod model;
pub mod params;
pub mod team;

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::budget::Budget;
use crate::domain::physician::Contract;
use crate::domain::roster::{Absence, RosterRow};
use crate::domain::Network;
use crate::error::{Error, Location, Severity};
use crate::lp::SolveOptions;
use crate::planners::{Evidence, Plan};
use crate::progress::{Progress, StepCounter};
use crate::territory::TravelTimes;

pub use baseline::{BaselineSource, BaselineUnit, PublishedComparison, RosterContext, StaffingPreset, Tabla2Row, UnitClass};
pub use gaps::{Gap, GapReason, Hire, HiringPlan};
pub use instance::{RosterInstance, StateInstance};
pub use model::{RosterTiming, Shift, StateRoster, MIP_NODE_LIMIT};
pub use params::{RosterParams, StaffingRule};

/// Everything the roster planner needs. Borrowed, so one network serves several requests.
#[derive(Debug, Clone)]
pub struct RosterRequest<'a> {
    /// Units, physicians and localities (physicians' bases and contracts come from here).
    pub network: &'a Network,
    /// Travel times between physicians' bases and units.
    pub travel: &'a TravelTimes,
    /// The roster policy (`[roster]`).
    pub params: &'a RosterParams,
    /// First day of the horizon (any weekday; only opening days inside count).
    pub from: NaiveDate,
    /// Last day of the horizon (inclusive).
    pub to: NaiveDate,
    /// Solver settings of each state's model (run with one thread each, states in parallel).
    pub options: SolveOptions,
    /// Replaces the default target set (fixed first-level units in operation): CLUES → own
    /// requirement (`None` = the policy table); the `[roster] targets` CSV, read outside the core.
    pub targets: Option<&'a HashMap<String, Option<u32>>>,
    /// Previous roster to change as little as possible: each of its rows that still fits earns
    /// [`model::KEEP_BONUS`], so coverage is never given up to keep one; rows marked `locked` are
    /// kept as they are (an [`Error::Input`] names any that cannot be).
    pub previous: Option<&'a [RosterRow]>,
    /// New absences (added to each physician's unavailable dates).
    pub absences: &'a [Absence],
    /// What already stands (baseline units), Tabla 2 and the published figures
    /// (`Default` = start from nothing, nothing published).
    pub context: RosterContext<'a>,
}

/// One state's part of the plan: its roster, the unit-days it leaves uncovered, and the hires
/// that would close them.
#[derive(Debug, Clone)]
pub struct StatePlan {
    /// The shifts and the evidence of the coverage model.
    pub roster: StateRoster,
    /// Unit-days with fewer physicians than required, with reasons (by target, then day).
    pub gaps: Vec<Gap>,
    /// The fewest weekend-contract hires that would cover the weekend gaps.
    pub hiring: HiringPlan,
    /// Shifts locked by the previous roster (`fijo` = sí), as (staff, target, day): every one is
    /// in `roster.shifts`, and the roster files mark them `fijo` again.
    pub locked: std::collections::HashSet<(usize, usize, usize)>,
    /// With teams (`[roster.team]`): the hiring plan of each other role with gaps (nursing staff,
    /// promoters), the same algorithm over that role's missing slots; empty without teams.
    pub team_hiring: Vec<(crate::domain::physician::Role, HiringPlan)>,
}

/// How a re-plan compares with the previous roster: `kept + removed = previous_assignments`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ReplanChanges {
    /// Rows of the previous roster.
    pub previous_assignments: usize,
    /// Previous assignments the new roster keeps.
    pub kept: usize,
    /// Previous assignments dropped (absences, or rows that no longer fit the rules).
    pub removed: usize,
    /// Shifts of the new roster that were not in the previous one.
    pub added: usize,
    /// Previous assignments marked `fijo` (all kept: a lock that cannot be kept is an error).
    pub locked: usize,
}

/// The roster planner's answer: per state, the shifts, the gaps with reasons and the hiring
/// plan. Its [`Plan::evidence`] sums the coverage models (a maximisation: `bound ≥ objective`);
/// [`Plan::open_gaps`] counts uncovered unit-days; [`figures`](Self::figures) gives the headline
/// numbers.
#[derive(Debug, Clone)]
pub struct RosterPlan {
    /// The sets the plan refers to: shifts and gaps are indices into its days and into each
    /// state's targets and staff.
    pub instance: RosterInstance,
    /// One plan per state, in the order of [`RosterInstance::states`] (increasing state code).
    pub states: Vec<StatePlan>,
    /// How the plan compares with the previous roster, when one was given.
    pub changes: Option<ReplanChanges>,
    /// Wall-clock seconds for building, solving and explaining every state (states run in
    /// parallel, so this is less than the sum of their solve times).
    pub wall_seconds: f64,
    /// Wall-clock seconds before the states' models: the baseline, the instance (candidate pairs
    /// from the spatial index) and the previous roster's keeps.
    pub instance_seconds: f64,
    /// Where the baseline (units already open on weekends) came from.
    pub baseline_source: BaselineSource,
    /// The published block progress share applied per state (block progress baseline only).
    pub baseline_share_by_state: std::collections::BTreeMap<u8, f64>,
    /// Rows of the baseline file whose CLUES is not a target unit (ignored).
    pub baseline_not_targets: usize,
    /// The plan beside the published figures, each difference in words.
    pub published: PublishedComparison,
    /// Consultations one physician offers per weekend morning shift (`[roster]
    /// consultations_per_physician_shift`).
    pub consultations_per_shift: f64,
    /// The hires phased by bloque 1 → 2 → 3 (states without a published block last).
    pub hiring_phases: Vec<baseline::HiringPhase>,
}

/// Builds, solves and explains the roster for every state, reporting each state as it is done.
///
/// Absences in the request are added to the physicians' unavailable dates; each state's model
/// runs with one HiGHS thread, states in parallel (rayon); then its gaps are explained and its
/// hiring cover solved part by part (a deterministic search and an iteration-limited LP bound; the
/// clock, `min(time left, hiring_time_limit_s)`, is only a safety net).
///
/// # Errors
///
/// [`Error::Solver`] when a state's coverage or hiring model fails in HiGHS; [`Error::Input`] when
/// a locked assignment of the previous roster cannot be kept (each such row located).
pub fn plan(req: &RosterRequest<'_>, progress: &dyn Progress) -> Result<RosterPlan, Error> {
    let (network, travel) = (req.network, req.travel);
    let with_absences;
    let network = if req.absences.is_empty() {
        network
    } else {
        let mut n = network.clone();
        let by_id: HashMap<&str, Vec<&Absence>> = req.absences.iter().fold(HashMap::new(), |mut m, a| {
            m.entry(a.physician.as_str()).or_default().push(a);
            m
        });
        for p in &mut n.physicians {
            if let Some(list) = by_id.get(p.id.as_str()) {
                p.unavailable.extend(list.iter().map(|a| (a.from, a.to)));
            }
        }
        with_absences = n;
        &with_absences
    };
    let start = std::time::Instant::now();
    let standing = baseline::targets_for(network, req.params, req.targets, &req.context)?;
    let mut inst = instance::build_from(network, travel, req.params, req.from, req.to, &standing);
    let keeps = previous_keeps(network, travel, &mut inst, req.previous.unwrap_or(&[]))?;
    let hire_reach = req.params.hire_max_travel_minutes.unwrap_or(req.params.max_travel_minutes);
    let mut options = req.options.clone();
    options.threads = 1;
    let steps = StepCounter::new(progress, RosterPlan::PLANNER, inst.states.len());
    // The time limit is the planner's (issue 16): each state claims a share by its size (candidate
    // pairs × days), three quarters for its roster model and the rest for its hiring bound; the
    // watchdog follows the share, so presolve cannot overrun it by much.
    let work = |st: &instance::StateInstance| (st.reach.iter().map(Vec::len).sum::<usize>() * inst.days.len()) as f64 + 1.0;
    let budget = Budget::started_at(start, options.time_limit_s, inst.states.iter().map(work).sum(), rayon::current_num_threads());
    let instance_seconds = start.elapsed().as_secs_f64();
    let states: Vec<Result<StatePlan, Error>> = inst
        .states
        .par_iter()
        .enumerate()
        .map(|(i, st)| {
            // The LP gets the state's share of the time left (by its size); the MIP, stopped by its
            // node limit so that the answer does not depend on the machine's load, may use the
            // planner's time left: there the clock is only the safety net (issue 12).
            let share = budget.claim(work(st));
            let watchdog = |limit: f64| options.watchdog_s.or(Some(1.2 * limit + 0.5));
            let state_options = SolveOptions { time_limit_s: share, watchdog_s: watchdog(share), ..options.clone() };
            let mip_limit = budget.left_s().max(share);
            let mut roster = model::solve_state(&inst, st, req.params, &state_options, &keeps[i], mip_limit)?;
            let clock = std::time::Instant::now();
            let gaps = gaps::explain(&inst, st, &roster.shifts);
            roster.timing.gaps_s = clock.elapsed().as_secs_f64();
            let hiring_limit = budget.left_s().max(crate::budget::MIN_SHARE_S).min(req.params.hiring_time_limit_s);
            let hiring_options = SolveOptions { time_limit_s: hiring_limit, watchdog_s: watchdog(hiring_limit), ..options.clone() };
            let clock = std::time::Instant::now();
            let (hiring, team_hiring) = if req.params.team.enabled {
                team::hiring_by_role(network, travel, &inst, st, &gaps, req.params, &hiring_options)?
            } else {
                (gaps::hiring_plan(network, travel, &inst, st, &gaps, hire_reach, &hiring_options)?, Vec::new())
            };
            roster.timing.hiring_s = clock.elapsed().as_secs_f64();
            steps.step(Some(st.state), "rol y contrataciones resueltos");
            Ok(StatePlan { roster, gaps, hiring, locked: keeps[i].locked.clone(), team_hiring })
        })
        .collect();
    let states = states.into_iter().collect::<Result<Vec<_>, _>>()?;
    let changes = req.previous.map(|prev| {
        let kept: usize = states
            .iter()
            .zip(&keeps)
            .map(|(sp, keep)| sp.roster.shifts.iter().filter(|s| keep.contains(&(s.staff, s.target, s.day))).count())
            .sum();
        let total: usize = states.iter().map(|s| s.roster.shifts.len()).sum();
        let locked = keeps.iter().map(|k| k.locked.len()).sum();
        ReplanChanges { previous_assignments: prev.len(), kept, removed: prev.len() - kept, added: total - kept, locked }
    });
    let mut plan = RosterPlan {
        instance: inst,
        states,
        changes,
        wall_seconds: start.elapsed().as_secs_f64(),
        instance_seconds,
        baseline_source: standing.source,
        baseline_share_by_state: standing.share_by_state,
        baseline_not_targets: standing.baseline_not_targets,
        published: PublishedComparison::default(),
        consultations_per_shift: req.params.consultations_per_physician_shift,
        hiring_phases: Vec::new(),
    };
    plan.hiring_phases = baseline::hiring_phases(&plan, req.params, req.context.figures);
    plan.published = baseline::published_comparison(&plan, network, req.params, &req.context);
    Ok(plan)
}

/// Maps a previous roster onto the instance's (staff, target, day) triples, per state. Locked rows
/// must fit: the physician and unit in one state, the date an opening day the physician can work,
/// the unit within reach (it becomes a candidate if the nearest-units limit left it out), and the
/// locked rows together within one shift a day, the unit's requirement, the weekly rest and the
/// monthly limit. Otherwise the re-plan stops with every such row located.
fn previous_keeps(
    network: &Network,
    travel: &TravelTimes,
    inst: &mut RosterInstance,
    previous: &[RosterRow],
) -> Result<Vec<model::Keep>, Error> {
    let mut keeps = vec![model::Keep::new(); inst.states.len()];
    if previous.is_empty() {
        return Ok(keeps);
    }
    let day_of: HashMap<NaiveDate, usize> = inst.days.iter().enumerate().map(|(i, d)| (d.date, i)).collect();
    let mut problems = Vec::new();
    let mut placed = vec![false; previous.len()];
    let fail = |r: &RosterRow, why: String| {
        Location { file: &r.source, row: Some(r.line), column: None }.problem(
            Severity::Error,
            "asignación fija imposible",
            None,
            format!("asignación fija imposible ({} en {} el {}): {why}", r.physician, r.clues, r.date.format("%d/%m/%Y")),
        )
    };
    let days = inst.days.clone();
    let allowance = inst.week_allowance.clone();
    for (si, st) in inst.states.iter_mut().enumerate() {
        let staff_of: HashMap<&str, usize> =
            st.staff.iter().enumerate().map(|(k, s)| (network.physicians[s.physician].id.as_str(), k)).collect();
        let target_of: HashMap<&str, usize> =
            st.targets.iter().enumerate().map(|(k, t)| (network.units[t.unit].clues.as_str(), k)).collect();
        let mut per_day: HashMap<(usize, usize), u32> = HashMap::new();
        let mut per_unit_day: HashMap<(usize, usize, usize), u32> = HashMap::new();
        let mut per_week: HashMap<(usize, usize), u32> = HashMap::new();
        let mut per_month: HashMap<(usize, usize), u32> = HashMap::new();
        for (i, r) in previous.iter().enumerate() {
            let (Some(&s), Some(&t)) = (staff_of.get(r.physician.as_str()), target_of.get(r.clues.as_str())) else { continue };
            placed[i] = true;
            let Some(&d) = day_of.get(&r.date) else {
                if r.locked {
                    problems.push(fail(r, "la fecha no es un día de apertura del horizonte".into()));
                }
                continue;
            };
            if !r.locked {
                keeps[si].preferred.insert((s, t, d));
                continue;
            }
            let staff = &mut st.staff[s];
            if !staff.days.contains(&d) {
                problems.push(fail(r, "el médico no puede trabajar ese día (ausencia o contrato)".into()));
                continue;
            }
            if !staff.candidates.iter().any(|c| c.0 == t) {
                if !st.reach[t].contains(&s) || staff.contract == Contract::Pasante {
                    problems.push(fail(r, "la unidad está fuera del alcance del médico".into()));
                    continue;
                }
                let p = &network.physicians[staff.physician];
                let unit = &network.units[st.targets[t].unit];
                let minutes = network.units.iter().find(|u| u.clues == p.base).map_or(0.0, |b| travel.between_units(b, unit));
                staff.candidates.push((t, minutes));
            }
            let day = &days[d];
            let limited = matches!(staff.contract, Contract::EntreSemana | Contract::Pasante);
            let n_day = per_day.entry((s, d)).or_default();
            *n_day += 1;
            // Per role: with teams a unit-day takes its physicians and, apart, its other roles.
            let role = staff.role;
            let n_unit = per_unit_day.entry((t, d, role.index())).or_default();
            *n_unit += 1;
            let role_required = st.targets[t].team[role.index()];
            if *n_day > 1 {
                problems.push(fail(r, "el médico ya tiene otra asignación fija ese día".into()));
            } else if role == crate::domain::physician::Role::Medico && *n_unit > st.targets[t].required {
                problems
                    .push(fail(r, format!("la unidad requiere {} médico(s) ese día y hay más asignaciones fijas", st.targets[t].required)));
            } else if *n_unit > role_required {
                problems
                    .push(fail(r, format!("la unidad requiere {role_required} de {} ese día y hay más asignaciones fijas", role.label())));
            } else if limited && {
                let w = per_week.entry((s, day.week)).or_default();
                *w += 1;
                *w > allowance[day.week]
            } {
                problems.push(fail(r, "excede el descanso semanal (LFT art. 69) con otras asignaciones fijas".into()));
            } else if limited && {
                let m = per_month.entry((s, day.month)).or_default();
                *m += 1;
                *m > staff.max_per_month
            } {
                problems.push(fail(r, format!("excede el límite mensual de {} turnos con otras asignaciones fijas", staff.max_per_month)));
            } else {
                keeps[si].locked.insert((s, t, d));
            }
        }
    }
    for (r, _) in previous.iter().zip(&placed).filter(|(r, placed)| r.locked && !**placed) {
        problems.push(fail(r, "el médico o la unidad no están en el rol de ninguna entidad (o están en entidades distintas)".into()));
    }
    if problems.is_empty() {
        Ok(keeps)
    } else {
        Err(Error::Input(problems))
    }
}

/// Headline figures of a plan, for one state or all ([`RosterPlan::figures`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct RosterFigures {
    /// Target units (`|T|`).
    pub units_targeted: usize,
    /// Target units × opening days.
    pub unit_days_required: usize,
    /// Unit-days with every required physician.
    pub unit_days_covered: usize,
    /// Covered unit-days as a percent (0–100) of those required; 100 with no target.
    pub coverage_pct: f64,
    /// Physicians required, summed over unit-days (`Σ r_t × days`).
    pub physician_slots_required: u64,
    /// Physicians' shifts assigned (each fills one physician slot; other roles' shifts are in
    /// [`team`](Self::team)).
    pub physician_slots_filled: u64,
    /// Shifts assigned (every role).
    pub shifts: usize,
    /// Weekend-contract hires the hiring plans propose.
    pub hires_needed: u32,
    /// Uncovered slots on weekday mandatory rest days, which no weekend contract can take.
    pub slots_not_hireable: u32,
    /// Sum of the coverage models' objectives (weighted unit-days minus penalties).
    pub objective: f64,
    /// Sum of their bounds (≥ objective: a maximisation).
    pub bound: f64,
    /// Relative gap of those sums, as a percent (not a fraction).
    pub gap_pct: f64,
    /// Seconds: the state's solve time, or for all states the wall-clock time of the planner
    /// (states run in parallel).
    pub solve_seconds: f64,
    /// Pay for the shifts in pesos, when any salary is known.
    pub cost_pesos: Option<f64>,
    /// Target units that already open on weekends with their whole team (the baseline; out of
    /// the model and the gap). Included in `units_targeted`.
    pub units_already_open: usize,
    /// Target units partly staffed by the baseline (their requirement is what is missing).
    pub units_partly_staffed: usize,
    /// Unit-days open by the baseline (included in `unit_days_covered`).
    pub unit_days_already_open: usize,
    /// Unit-days the roster opens (`unit_days_covered − unit_days_already_open`).
    pub unit_days_newly_covered: usize,
    /// Unit-days still uncovered (the gap).
    pub unit_days_uncovered: usize,
    /// Physician slots the gap leaves empty (Σ over uncovered unit-days of required − assigned).
    pub physician_slots_missing: u64,
    /// Weekends (ISO weeks with a Saturday or Sunday) in the horizon.
    pub weekends: usize,
    /// Consultations offered over the horizon: (shifts + baseline staff-days) × consultations per
    /// shift.
    pub consultations_offered: f64,
    /// Consultations not offered because of the gap: missing slots × consultations per shift.
    pub consultations_not_offered: f64,
    /// `consultations_offered` per weekend.
    pub consultations_offered_per_weekend: f64,
    /// `consultations_not_offered` per weekend.
    pub consultations_not_offered_per_weekend: f64,
    /// With teams: figures by role (`None` without teams).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<team::TeamFigures>,
}

impl Plan for RosterPlan {
    const PLANNER: &'static str = "roster";

    /// The coverage MIPs of every state (the hiring MIPs' evidence is in each state's
    /// [`HiringPlan::report`]).
    fn evidence(&self) -> Evidence {
        Evidence::from_reports(self.states.iter().map(|s| &s.roster.report))
    }

    /// Uncovered unit-days, all states together.
    fn open_gaps(&self) -> usize {
        self.states.iter().map(|s| s.gaps.len()).sum()
    }
}

impl RosterPlan {
    /// Where the states' time went, summed over the states (CPU seconds: they run in parallel).
    pub fn timing(&self) -> RosterTiming {
        self.states.iter().fold(RosterTiming::default(), |acc, s| acc.add(&s.roster.timing))
    }

    /// Opening days covered by each target of the state at position `state` of
    /// [`states`](Self::states), indexed like its targets (a gap is one uncovered unit-day).
    ///
    /// # Panics
    ///
    /// When `state` is not a position of [`states`](Self::states).
    pub fn days_covered(&self, state: usize) -> Vec<usize> {
        let n_days = self.instance.days.len();
        let mut covered = vec![n_days; self.instance.states[state].targets.len()];
        for g in &self.states[state].gaps {
            covered[g.target] = covered[g.target].saturating_sub(1);
        }
        covered
    }

    /// Figures for one state (by position) or, with `None`, for all of them.
    pub fn figures(&self, state: Option<usize>) -> RosterFigures {
        let n_days = self.instance.days.len();
        let selected: Vec<(&StateInstance, &StatePlan)> = self
            .instance
            .states
            .iter()
            .zip(&self.states)
            .enumerate()
            .filter(|(i, _)| state.is_none_or(|s| s == *i))
            .map(|(_, p)| p)
            .collect();
        let mut f = RosterFigures::default();
        let mut cost = 0.0;
        let mut any_cost = false;
        for (st, sp) in &selected {
            f.units_targeted += st.targets.len();
            f.unit_days_required += st.targets.len() * n_days;
            let full_gaps = sp.gaps.len();
            f.unit_days_covered += st.targets.len() * n_days - full_gaps;
            f.physician_slots_required += st.targets.iter().map(|t| t.required as u64 * n_days as u64).sum::<u64>();
            f.shifts += sp.roster.shifts.len();
            // Physicians' shifts only (with teams the roster also holds other roles' shifts).
            f.physician_slots_filled +=
                sp.roster.shifts.iter().filter(|s| st.staff[s.staff].role == crate::domain::physician::Role::Medico).count() as u64;
            // The baseline: units open with their whole team, and the staff already at partly
            // staffed units.
            let base_staff: u64 = st.baseline.iter().map(|b| u64::from(b.required)).sum::<u64>()
                + st.baseline_staff.iter().map(|&b| u64::from(b)).sum::<u64>();
            f.units_targeted += st.baseline.len();
            f.units_already_open += st.baseline.len();
            f.units_partly_staffed += st.baseline_staff.iter().filter(|&&b| b > 0).count();
            f.unit_days_required += st.baseline.len() * n_days;
            f.unit_days_covered += st.baseline.len() * n_days;
            f.unit_days_already_open += st.baseline.len() * n_days;
            f.unit_days_uncovered += full_gaps;
            f.physician_slots_required += base_staff * n_days as u64;
            f.physician_slots_filled += base_staff * n_days as u64;
            f.physician_slots_missing += sp.gaps.iter().map(|g| u64::from(g.required - g.assigned)).sum::<u64>();
            f.hires_needed += sp.hiring.hires.iter().map(|h| h.count).sum::<u32>();
            f.slots_not_hireable += sp.hiring.slots_not_hireable;
            f.objective += sp.roster.report.objective;
            f.bound += sp.roster.report.bound;
            f.solve_seconds += sp.roster.report.seconds;
            for s in &sp.roster.shifts {
                if let Some(c) = s.cost {
                    cost += c;
                    any_cost = true;
                }
            }
        }
        f.unit_days_newly_covered = f.unit_days_covered - f.unit_days_already_open;
        f.weekends = {
            let mut weeks: Vec<usize> = self.instance.days.iter().filter(|d| d.weekend).map(|d| d.week).collect();
            weeks.dedup();
            weeks.len()
        };
        let per = self.consultations_per_shift;
        f.consultations_offered = per * f.physician_slots_filled as f64;
        f.consultations_not_offered = per * f.physician_slots_missing as f64;
        let weekends = f.weekends.max(1) as f64;
        f.consultations_offered_per_weekend = f.consultations_offered / weekends;
        f.consultations_not_offered_per_weekend = f.consultations_not_offered / weekends;
        f.coverage_pct = if f.unit_days_required == 0 { 100.0 } else { 100.0 * f.unit_days_covered as f64 / f.unit_days_required as f64 };
        f.gap_pct = 100.0 * crate::lp::relative_gap(f.objective, f.bound);
        if state.is_none() {
            f.solve_seconds = self.wall_seconds;
        }
        f.cost_pesos = any_cost.then_some(cost);
        f.team = team::figures(self, &selected);
        f
    }
}
