//! The multi-year mobile-unit plan (`[routes] multi_year = "2025-2030"`, `almaplan routes
//! --horizonte 2025-2030`): for each year, which additional UMM to deploy (bases among the fixed
//! first-level units in operation) and which incomplete crews to complete so that PI 2.2 meets
//! the year's target at least cost, or, under `budget_per_year`, the most people attended. A
//! multi-period location MIP solved with [`LpModel`]; `models/routes.md` («Multi-year plan»).

use std::collections::BTreeMap;

use good_lp::{constraint, variable, Expression, Variable};

use super::pi22::{self, attended_if_served};
use super::{RoutesParams, UmmPlan, UncoveredReason};
use crate::domain::Network;
use crate::error::Error;
use crate::lp::{LpModel, Sense, SolveOptions, SolveReport};
use crate::territory::travel::Place;
use crate::territory::{SpatialIndex, TravelTimes};

/// Share of the most reachable attendance a year may fall short by when its target is beyond
/// reach (0.1%).
pub const REACH_TOLERANCE: f64 = 1e-3;

/// Parses `"2025-2030"` into (first, last) years.
///
/// ```
/// use almaplan_core::planners::umm::multi_year::parse_years;
/// assert_eq!(parse_years("2025-2030"), Ok((2025, 2030)));
/// assert!(parse_years("2030-2025").is_err());
/// ```
pub fn parse_years(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("horizonte «{s}»: se esperaba AAAA-AAAA, p. ej. 2025-2030");
    let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
    let (a, b): (u16, u16) = (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?);
    if a > b || !(2000..=2100).contains(&a) || b - a > 20 {
        return Err(bad());
    }
    Ok((a, b))
}

/// A unit whose crew is incomplete: completing it serves `localities` and attends `gain` people.
#[derive(Debug, Clone, PartialEq)]
pub struct CrewOption {
    /// Index into [`UmmPlan::units`].
    pub unit: usize,
    /// People its routes would attend in a year.
    pub gain: u64,
}

/// A responsibility locality not (fully) attended now: not served (days full, crew incomplete),
/// or served with people left over that a new unit's own visits would attend.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalityOption {
    /// Index into [`UmmPlan::candidates`].
    pub candidate: usize,
    /// People a new unit (or the crew) would add in a year: `pi22::attended_if_served` for a
    /// locality not served; for a served one, `min(rest, attended now)`.
    pub attended: u64,
    /// The crew option whose completion serves it, if any (index into `MultiYearModel::crews`).
    pub crew: Option<usize>,
}

/// The data of the multi-year MIP, independent of the network (tests build it by hand).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MultiYearModel {
    /// People attended now (PI 2.2 numerator of the existing units).
    pub attended_now: u64,
    /// Responsibility population (PI 2.2 denominator), fixed over the horizon.
    pub responsibility: u64,
    /// Incomplete crews.
    pub crews: Vec<CrewOption>,
    /// Localities not attended now.
    pub localities: Vec<LocalityOption>,
    /// Candidate bases of additional units (indices into [`Network::units`]).
    pub bases: Vec<usize>,
    /// (locality option, base option, minutes of work over the routing horizon): a new unit at
    /// the base reaches the locality; load = visits × (service + one-way travel).
    pub pairs: Vec<(usize, usize, f64)>,
    /// Minutes of work of one unit over the routing horizon (days × `max_route_hours` × 60).
    pub capacity: f64,
    /// (year, PI 2.2 target as a fraction), increasing years.
    pub years: Vec<(u16, f64)>,
}

/// One year of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct YearPlan {
    /// Calendar year.
    pub year: u16,
    /// Target PI 2.2 (fraction).
    pub target: f64,
    /// PI 2.2 the plan reaches (fraction).
    pub pi22: f64,
    /// People attended in the year.
    pub attended: u64,
    /// Bases of the units added this year (indices into [`Network::units`]), with the people they
    /// attend.
    pub new_units: Vec<(usize, u64)>,
    /// Units whose crew is completed this year (indices into [`UmmPlan::units`]), with the people
    /// they attend.
    pub crews_completed: Vec<(usize, u64)>,
    /// Additional units in service this year (cumulative).
    pub units_in_service: usize,
    /// Crews completed by this year (cumulative).
    pub crews_in_service: usize,
    /// Cost of the year in UMM-years.
    pub cost: f64,
}

impl YearPlan {
    /// The year's target is met (within half a person).
    pub fn target_met(&self, responsibility: u64) -> bool {
        self.attended as f64 + 0.5 >= self.target * responsibility as f64
    }
}

/// The multi-year plan with its solver evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiYearPlan {
    /// One entry per year, in order.
    pub years: Vec<YearPlan>,
    /// PI 2.2 denominator.
    pub responsibility: u64,
    /// PI 2.2 numerator now.
    pub attended_now: u64,
    /// Most people attended with every candidate base opened and every crew completed.
    pub max_attended: u64,
    /// True when a budget per year bounded the plan (best reachable path); false: least cost
    /// to the targets.
    pub budgeted: bool,
    /// The MIP's status, objective, bound and gap.
    pub report: SolveReport,
    /// Candidate bases and base–locality pairs in the model.
    pub candidate_bases: usize,
    /// Base–locality pairs in the model.
    pub pairs: usize,
}

/// Everything the multi-year plan needs.
#[derive(Debug, Clone, Copy)]
pub struct MultiYearRequest<'a> {
    /// The network the routes were planned on.
    pub network: &'a Network,
    /// Travel times.
    pub travel: &'a TravelTimes,
    /// The routes of the existing units (today).
    pub plan: &'a UmmPlan,
    /// `[routes]`.
    pub params: &'a RoutesParams,
    /// Working days of the routing horizon.
    pub days: usize,
    /// PI 2.2 targets by year (fraction), e.g. from `seeds/pi_2_2_metas_umm.csv`.
    pub targets: &'a BTreeMap<u16, f64>,
    /// First and last year.
    pub years: (u16, u16),
    /// Solver options (`[solver]`).
    pub options: &'a SolveOptions,
}

/// Builds the model from the routes of today: localities assigned to a unit whose days are full
/// or whose crew is incomplete, and served localities with people not yet attended; their nearest
/// `bases_per_locality` reaching fixed units are the candidate bases.
///
/// # Errors
///
/// A year of the horizon without a target.
pub fn build_model(req: &MultiYearRequest<'_>) -> Result<MultiYearModel, String> {
    let MultiYearRequest { network, travel, plan, params, days, targets, years, .. } = *req;
    let mut year_targets = Vec::new();
    for y in years.0..=years.1 {
        let t = targets.get(&y).ok_or_else(|| format!("no hay meta de PI 2.2 para {y} en [data] pi22_targets"))?;
        year_targets.push((y, *t));
    }
    let now = pi22::compute(plan, network, params).national;
    let mut crews: Vec<CrewOption> = Vec::new();
    let mut crew_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut localities = Vec::new();
    for &(c, r) in &plan.uncovered {
        let crew = match r {
            UncoveredReason::OutOfReach | UncoveredReason::NoUnitInState => continue,
            UncoveredReason::DaysFull { .. } => None,
            UncoveredReason::CrewIncomplete { unit } => Some(*crew_of.entry(unit).or_insert_with(|| {
                crews.push(CrewOption { unit, gain: 0 });
                crews.len() - 1
            })),
        };
        let attended = attended_if_served(&plan.candidates[c], params);
        if let Some(k) = crew {
            crews[k].gain += attended;
        }
        localities.push(LocalityOption { candidate: c, attended, crew });
    }
    // A covered locality whose people are not all attended: a new unit adds its own visits
    // (doubling the frequency) and attends up to the rest.
    for (c, cand) in plan.candidates.iter().enumerate() {
        if plan.covered_by[c].is_none() {
            continue;
        }
        let now = attended_if_served(cand, params);
        let rest = (cand.responsibility_population as u64).saturating_sub(now).min(now);
        if rest > 0 {
            localities.push(LocalityOption { candidate: c, attended: rest, crew: None });
        }
    }
    let fixed: Vec<usize> = (0..network.units.len())
        .filter(|&i| network.units[i].is_first_level_in_operation() && network.units[i].kind.is_fixed_primary_care())
        .collect();
    let index = SpatialIndex::new(fixed.iter().map(|&u| network.units[u].location));
    let limit = params.max_route_hours * 60.0;
    let mut base_pos: BTreeMap<usize, usize> = BTreeMap::new();
    let mut bases = Vec::new();
    let mut pairs = Vec::new();
    for (li, lo) in localities.iter().enumerate() {
        let cand = &plan.candidates[lo.candidate];
        let l = &network.localities[cand.locality];
        let mut found = 0;
        for k in index.nearest(l.location, 4 * params.bases_per_locality.max(1)) {
            let b = &network.units[fixed[k]];
            let m = travel.minutes(Place::from(b), Place::from(l));
            if m + cand.service_minutes + travel.minutes(Place::from(l), Place::from(b)) > limit {
                continue;
            }
            let bi = *base_pos.entry(fixed[k]).or_insert_with(|| {
                bases.push(fixed[k]);
                bases.len() - 1
            });
            pairs.push((li, bi, cand.visits as f64 * (cand.service_minutes + m)));
            found += 1;
            if found == params.bases_per_locality {
                break;
            }
        }
    }
    Ok(MultiYearModel {
        attended_now: now.attended,
        responsibility: now.responsibility,
        crews,
        localities,
        bases,
        pairs,
        capacity: days as f64 * limit,
        years: year_targets,
    })
}

/// Builds and solves the multi-year plan.
///
/// # Errors
///
/// [`Error::Scenario`] for a year without target; [`Error::Solver`] when HiGHS fails.
pub fn plan(req: &MultiYearRequest<'_>) -> Result<MultiYearPlan, Error> {
    // A year without a target is an input problem (exit 1), not a solver failure.
    let model = build_model(req).map_err(|message| Error::Scenario { path: "[data] pi22_targets".into(), message })?;
    solve(&model, req.params, req.options)
}

struct Vars {
    open: Vec<Vec<Variable>>,
    crew: Vec<Vec<Variable>>,
    assign: Vec<Vec<Variable>>,
}

/// Adds the variables and the constraints shared by both models; `years` periods.
fn add_structure(m: &mut LpModel, model: &MultiYearModel, years: usize, fixed_open: bool) -> Vars {
    let open: Vec<Vec<Variable>> = (0..model.bases.len())
        .map(|_| (0..years).map(|_| m.add_var(if fixed_open { variable().min(1.0).max(1.0) } else { variable().binary() })).collect())
        .collect();
    let crew: Vec<Vec<Variable>> = (0..model.crews.len())
        .map(|_| (0..years).map(|_| m.add_var(if fixed_open { variable().min(1.0).max(1.0) } else { variable().binary() })).collect())
        .collect();
    let assign: Vec<Vec<Variable>> =
        model.pairs.iter().map(|_| (0..years).map(|_| m.add_var(variable().min(0.0).max(1.0))).collect()).collect();
    for y in 1..years {
        for v in open.iter().chain(&crew) {
            m.add_constraint(constraint!(v[y] >= v[y - 1]));
        }
    }
    let mut served: Vec<Vec<Expression>> = vec![vec![Expression::default(); years]; model.localities.len()];
    let mut load: Vec<Vec<Expression>> = vec![vec![Expression::default(); years]; model.bases.len()];
    for (p, &(li, bi, minutes)) in model.pairs.iter().enumerate() {
        for y in 0..years {
            m.add_constraint(constraint!(assign[p][y] <= open[bi][y]));
            served[li][y] += assign[p][y];
            load[bi][y] += minutes * assign[p][y];
        }
    }
    for (li, lo) in model.localities.iter().enumerate() {
        for y in 0..years {
            let mut e = served[li][y].clone();
            if let Some(k) = lo.crew {
                e += crew[k][y];
            }
            m.add_constraint(constraint!(e <= 1.0));
        }
    }
    for (bi, per_year) in load.into_iter().enumerate() {
        for (y, e) in per_year.into_iter().enumerate() {
            m.add_constraint(constraint!(e <= model.capacity * open[bi][y]));
        }
    }
    Vars { open, crew, assign }
}

/// People attended in year `y` as an expression.
fn attended_expr(model: &MultiYearModel, v: &Vars, y: usize) -> Expression {
    let mut e = Expression::from(model.attended_now as f64);
    for (k, c) in model.crews.iter().enumerate() {
        e += c.gain as f64 * v.crew[k][y];
    }
    for (p, &(li, _, _)) in model.pairs.iter().enumerate() {
        e += model.localities[li].attended as f64 * v.assign[p][y];
    }
    e
}

fn cost_expr(v: &Vars, y: usize, params: &RoutesParams) -> Expression {
    let mut e = Expression::default();
    for b in &v.open {
        e += params.new_unit_cost * b[y];
    }
    for c in &v.crew {
        e += params.crew_completion_cost * c[y];
    }
    e
}

/// Solves a multi-year model: first the most people attended with everything open (an LP), then
/// the least-cost path to `min(target, reachable)` each year, or under `budget_per_year` the
/// path attending the most people (cost breaks ties).
///
/// # Errors
///
/// [`Error::Solver`] when HiGHS fails.
pub fn solve(model: &MultiYearModel, params: &RoutesParams, options: &SolveOptions) -> Result<MultiYearPlan, Error> {
    let years = model.years.len();
    // Most people attended with every base open and every crew complete (an LP).
    let max_attended = {
        let mut m = LpModel::new("plan UMM multianual: máximo alcanzable", Sense::Maximise);
        let v = add_structure(&mut m, model, 1, true);
        m.set_objective(attended_expr(model, &v, 0));
        let solved = m.solve(options)?;
        // Evaluated from the values: the solver's objective leaves out the constant.
        let mut total = model.attended_now as f64;
        for (k, c) in model.crews.iter().enumerate() {
            total += c.gain as f64 * solved.value(v.crew[k][0]);
        }
        for (p, &(li, _, _)) in model.pairs.iter().enumerate() {
            total += model.localities[li].attended as f64 * solved.value(v.assign[p][0]);
        }
        (total + 1e-6).floor() as u64
    };
    let budgeted = params.budget_per_year.is_some();
    let mut m = LpModel::new("plan UMM multianual", if budgeted { Sense::Maximise } else { Sense::Minimise });
    let v = add_structure(&mut m, model, years, false);
    let mut objective = Expression::default();
    for (y, &(_, target)) in model.years.iter().enumerate() {
        let cost = cost_expr(&v, y, params);
        if let Some(budget) = params.budget_per_year {
            m.add_constraint(constraint!(cost.clone() <= budget));
            objective += attended_expr(model, &v, y) - 1e-3 * cost;
        } else {
            // A target beyond reach becomes "the most reachable", within `REACH_TOLERANCE` of it
            // (exactly the most is a tight covering problem that costs minutes nationally).
            let reachable = max_attended as f64 - (REACH_TOLERANCE * max_attended as f64).max(0.5);
            let goal = (target * model.responsibility as f64).min(reachable);
            m.add_constraint(constraint!(attended_expr(model, &v, y) >= goal));
            objective += cost;
        }
    }
    m.set_objective(objective);
    let solved = m.solve(options)?;
    let mut out = Vec::new();
    for (y, &(year, target)) in model.years.iter().enumerate() {
        let on = |x: Variable| solved.value(x) > 0.5;
        let was = |x: &Vec<Variable>| y > 0 && on(x[y - 1]);
        let mut attended_by_base: BTreeMap<usize, f64> = BTreeMap::new();
        let mut attended = model.attended_now as f64;
        for (p, &(li, bi, _)) in model.pairs.iter().enumerate() {
            let a = model.localities[li].attended as f64 * solved.value(v.assign[p][y]);
            *attended_by_base.entry(bi).or_default() += a;
            attended += a;
        }
        let mut crews_completed = Vec::new();
        let mut crews_in_service = 0;
        for (k, c) in model.crews.iter().enumerate() {
            if on(v.crew[k][y]) {
                attended += c.gain as f64;
                crews_in_service += 1;
                if !was(&v.crew[k]) {
                    crews_completed.push((c.unit, c.gain));
                }
            }
        }
        let mut new_units = Vec::new();
        let mut units_in_service = 0;
        for (bi, o) in v.open.iter().enumerate() {
            if on(o[y]) {
                units_in_service += 1;
                if !was(o) {
                    new_units.push((model.bases[bi], attended_by_base.get(&bi).copied().unwrap_or(0.0).round() as u64));
                }
            }
        }
        let attended = attended.round() as u64;
        out.push(YearPlan {
            year,
            target,
            pi22: if model.responsibility > 0 { attended as f64 / model.responsibility as f64 } else { 0.0 },
            attended,
            new_units,
            crews_completed,
            units_in_service,
            crews_in_service,
            cost: units_in_service as f64 * params.new_unit_cost + crews_in_service as f64 * params.crew_completion_cost,
        });
    }
    Ok(MultiYearPlan {
        years: out,
        responsibility: model.responsibility,
        attended_now: model.attended_now,
        max_attended,
        budgeted,
        report: solved.report,
        candidate_bases: model.bases.len(),
        pairs: model.pairs.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1,000 people of responsibility, 500 attended now. One incomplete crew (gain 100, cost
    /// 0.5 a year, kept once completed); bases 0 and 1 (1 a year): base 0 serves localities 0 and
    /// 1 (150 + 150), base 1 only locality 2 (150). Targets 55%, 60%, 80%. Least cost: the crew in
    /// 2025 (0.5) and 2026 (0.5); in 2027 the crew stays and 800 needs base 0 too (900; crew +
    /// base 1 gives only 750): 1.5. Total 2.5; without the crew every year needs a base (≥ 3).
    fn small() -> MultiYearModel {
        MultiYearModel {
            attended_now: 500,
            responsibility: 1000,
            crews: vec![CrewOption { unit: 7, gain: 100 }],
            localities: vec![
                LocalityOption { candidate: 0, attended: 150, crew: None },
                LocalityOption { candidate: 1, attended: 150, crew: None },
                LocalityOption { candidate: 2, attended: 150, crew: None },
                LocalityOption { candidate: 3, attended: 100, crew: Some(0) },
            ],
            bases: vec![40, 41],
            pairs: vec![(0, 0, 100.0), (1, 0, 100.0), (2, 1, 100.0)],
            capacity: 200.0,
            years: vec![(2025, 0.55), (2026, 0.60), (2027, 0.80)],
        }
    }

    #[test]
    fn meets_each_target_at_the_known_least_cost() {
        let params = RoutesParams::default();
        let plan = solve(&small(), &params, &SolveOptions::default()).unwrap();
        let costs: Vec<f64> = plan.years.iter().map(|y| y.cost).collect();
        assert_eq!(costs, vec![0.5, 0.5, 1.5]);
        assert!((plan.report.objective - 2.5).abs() < 1e-6, "{:?}", plan.report);
        for y in &plan.years {
            assert!(y.target_met(plan.responsibility), "{y:?}");
        }
        assert_eq!(plan.years[0].crews_completed, vec![(7, 100)]);
        assert_eq!(plan.years[2].new_units, vec![(40, 300)]);
        assert!(plan.years[1].new_units.is_empty() && plan.years[1].crews_completed.is_empty());
        assert_eq!(plan.years[2].attended, 900);
        assert_eq!(plan.max_attended, 500 + 100 + 300 + 150);
    }

    #[test]
    fn a_budget_gives_the_best_reachable_path() {
        let params = RoutesParams { budget_per_year: Some(1.0), ..RoutesParams::default() };
        let mut model = small();
        model.years = vec![(2025, 0.9), (2026, 0.9)];
        let plan = solve(&model, &params, &SolveOptions::default()).unwrap();
        // With one UMM-year: base 0 (300 people) beats base 1 (150) and the crew alone (100).
        assert!(plan.years.iter().all(|y| y.attended == 800 && !y.target_met(plan.responsibility)));
        assert!(plan.budgeted);
    }
}
