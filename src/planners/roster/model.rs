//! The weekend roster MIP for one state (formulation in `models/roster.md`, same names).

use std::collections::{BTreeMap, HashSet};

use good_lp::{constraint, variable, Expression, Variable};

use super::instance::{shift_cost, RosterInstance, StateInstance};
use crate::domain::physician::Contract;
use crate::error::Error;
use crate::lp::{LpModel, Sense, SolveOptions, SolveReport};
use crate::scenario::RosterParams;

/// One shift: staff member `staff` covers target `target` on day `day`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shift {
    pub staff: usize,
    pub target: usize,
    pub day: usize,
    pub minutes: f64,
    pub cost: Option<f64>,
}

/// A state's solved roster.
#[derive(Debug, Clone)]
pub struct StateRoster {
    pub state: u8,
    pub shifts: Vec<Shift>,
    pub report: SolveReport,
    /// Continuity before and after the swap improvement.
    pub continuity: (ContinuityStats, ContinuityStats),
}

/// Assignments to keep when re-planning: (staff, target, day) of the previous roster.
pub type Keep = HashSet<(usize, usize, usize)>;

/// Bonus for keeping a previous assignment: above every penalty of one shift, below any coverage.
pub const KEEP_BONUS: f64 = 10.0;

/// Solves the state's roster, then improves continuity.
///
/// The model's constraint matrix is a network matrix when weeks nest in months (one shift a day ⊂
/// weekly rest ⊂ monthly limit per physician; capacity per unit-day), so the LP relaxation has
/// integral vertices and the simplex solves it exactly; the MIP runs only when the LP optimum comes
/// back fractional (a week that straddles two months, or the neighbour-coverage terms). Continuity
/// (the same physician at the same unit across weekends) is a fixed charge that would destroy that
/// structure — a MIP with it did not close a 10% gap in 30 s on 400 units — so it is improved after
/// the solve by same-day swaps that leave coverage, loads and fairness unchanged.
pub fn solve_state(
    inst: &RosterInstance,
    st: &StateInstance,
    params: &RosterParams,
    options: &SolveOptions,
    keep: &Keep,
) -> Result<StateRoster, Error> {
    let relaxed = solve_model(inst, st, params, options, keep, false)?;
    let mut roster = if relaxed.fractional == 0 { relaxed.roster } else { solve_model(inst, st, params, options, keep, true)?.roster };
    let before = ContinuityStats::of(st, &roster.shifts);
    let delta_minutes = improve_continuity(st, &mut roster.shifts, keep);
    roster.report.objective -= params.travel_penalty_per_minute * delta_minutes;
    roster.report.gap = crate::lp::relative_gap(roster.report.objective, roster.report.bound);
    roster.continuity = (before, ContinuityStats::of(st, &roster.shifts));
    Ok(roster)
}

/// Distinct (physician, other unit) pairs, and the shifts they cover.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContinuityStats {
    pub away_pairs: usize,
    pub away_shifts: usize,
}

impl ContinuityStats {
    pub fn of(st: &StateInstance, shifts: &[Shift]) -> Self {
        let mut pairs = std::collections::HashSet::new();
        let mut away = 0;
        for s in shifts {
            if Some(s.target) != st.staff[s.staff].own_target {
                pairs.insert((s.staff, s.target));
                away += 1;
            }
        }
        ContinuityStats { away_pairs: pairs.len(), away_shifts: away }
    }
}

/// Swaps the units of two shifts on the same day when both physicians reach both units, no kept
/// assignment is broken, and the number of distinct (physician, other unit) pairs falls (ties:
/// less travel). Coverage, every physician's load and so fairness stay as the solver left them.
/// Returns the change in total travel minutes.
fn improve_continuity(st: &StateInstance, shifts: &mut [Shift], keep: &Keep) -> f64 {
    use std::collections::HashMap;
    let minutes_to = |s: usize, t: usize| st.staff[s].candidates.iter().find(|c| c.0 == t).map(|c| c.1);
    let mut uses: HashMap<(usize, usize), u32> = HashMap::new();
    for sh in shifts.iter() {
        *uses.entry((sh.staff, sh.target)).or_default() += 1;
    }
    let away = |s: usize, t: usize| Some(t) != st.staff[s].own_target;
    let mut delta_total = 0.0;
    for _pass in 0..4 {
        let mut improved = false;
        // Shifts by day, in a fixed order for determinism.
        let mut by_day: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, sh) in shifts.iter().enumerate() {
            by_day.entry(sh.day).or_default().push(i);
        }
        for idx in by_day.values() {
            for a in 0..idx.len() {
                // Only a shift away from home can start an improving swap.
                if !away(shifts[idx[a]].staff, shifts[idx[a]].target) {
                    continue;
                }
                for b in 0..idx.len() {
                    let (i, j) = (idx[a], idx[b]);
                    let (si, ti, sj, tj) = (shifts[i].staff, shifts[i].target, shifts[j].staff, shifts[j].target);
                    if a == b || ti == tj || si == sj || !away(si, ti) {
                        continue;
                    }
                    let d = shifts[i].day;
                    if keep.contains(&(si, ti, d)) || keep.contains(&(sj, tj, d)) {
                        continue;
                    }
                    let (Some(mi), Some(mj)) = (minutes_to(si, tj), minutes_to(sj, ti)) else { continue };
                    // Change in distinct away pairs.
                    let mut pairs_delta = 0i32;
                    for (s, t, add) in [(si, ti, false), (sj, tj, false), (si, tj, true), (sj, ti, true)] {
                        if !away(s, t) {
                            continue;
                        }
                        let n = uses.get(&(s, t)).copied().unwrap_or(0);
                        if add && n == 0 {
                            pairs_delta += 1;
                        }
                        if !add && n == 1 {
                            pairs_delta -= 1;
                        }
                    }
                    let minutes_delta = mi + mj - shifts[i].minutes - shifts[j].minutes;
                    if pairs_delta < 0 || (pairs_delta == 0 && minutes_delta < -1e-9) {
                        for (s, t, add) in [(si, ti, false), (sj, tj, false), (si, tj, true), (sj, ti, true)] {
                            let e = uses.entry((s, t)).or_default();
                            if add { *e += 1 } else { *e -= 1 }
                        }
                        shifts[i].target = tj;
                        shifts[i].minutes = mi;
                        shifts[j].target = ti;
                        shifts[j].minutes = mj;
                        delta_total += minutes_delta;
                        improved = true;
                    }
                }
            }
        }
        if !improved {
            break;
        }
    }
    delta_total
}

struct Solution {
    roster: StateRoster,
    /// x values strictly between 0 and 1.
    fractional: usize,
}

fn solve_model(
    inst: &RosterInstance,
    st: &StateInstance,
    params: &RosterParams,
    options: &SolveOptions,
    keep: &Keep,
    integer: bool,
) -> Result<Solution, Error> {
    let name = format!("rol {}", crate::domain::state::name(st.state).unwrap_or("?"));
    let mut m = LpModel::new(name, Sense::Maximise);
    let n_days = inst.days.len();
    let n_targets = st.targets.len();

    // x[s, c, d]
    let mut x: Vec<(usize, usize, usize, f64, Variable)> = Vec::new();
    let mut by_target_day: Vec<Vec<Variable>> = vec![Vec::new(); n_targets * n_days];
    let mut objective = Expression::default();
    let mut penalties = Expression::default();
    for (s, staff) in st.staff.iter().enumerate() {
        let mut by_day: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
        let mut by_week: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
        let mut by_month: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
        let mut load = Expression::default();
        for &(t, minutes) in &staff.candidates {
            for &d in &staff.days {
                let v = m.add_var(if integer { variable().binary() } else { variable().min(0).max(1) });
                let day = &inst.days[d];
                let cost = shift_cost(staff.daily_salary, day).unwrap_or(0.0);
                penalties += (params.travel_penalty_per_minute * minutes + params.cost_penalty_per_peso * cost) * v;
                if keep.contains(&(s, t, d)) {
                    objective += KEEP_BONUS * v;
                }
                by_day.entry(d).or_default().push(v);
                by_week.entry(day.week).or_default().push(v);
                by_month.entry(day.month).or_default().push(v);
                by_target_day[t * n_days + d].push(v);
                load += v;
                x.push((s, t, d, minutes, v));
            }
        }
        for vars in by_day.values() {
            m.add_constraint(constraint!(vars.iter().copied().sum::<Expression>() <= 1));
        }
        if matches!(staff.contract, Contract::EntreSemana | Contract::Pasante) {
            for (w, vars) in &by_week {
                let allowance = inst.week_allowance[*w];
                m.add_constraint(constraint!(vars.iter().copied().sum::<Expression>() <= allowance));
            }
            for vars in by_month.values() {
                m.add_constraint(constraint!(vars.iter().copied().sum::<Expression>() <= staff.max_per_month));
            }
            // Fairness: convex penalty on the second and later extra shifts of the horizon.
            let e1 = m.add_var(variable().min(0));
            let e2 = m.add_var(variable().min(0));
            m.add_constraint(constraint!(e1 >= load.clone() - 1));
            m.add_constraint(constraint!(e2 >= load - 2));
            penalties += params.fairness_penalty * e1 + 2.0 * params.fairness_penalty * e2;
        }
    }

    // open[t, d], served[t, d]
    let alpha = params.own_opening_share;
    let gamma = params.extra_physician_value;
    let mut open: Vec<Option<Variable>> = vec![None; n_targets * n_days];
    for t in 0..n_targets {
        for d in 0..n_days {
            let vars = &by_target_day[t * n_days + d];
            if vars.is_empty() {
                continue;
            }
            let o = m.add_var(variable().min(0).max(1));
            let sum: Expression = vars.iter().copied().sum();
            let required = st.targets[t].required;
            m.add_constraint(constraint!(sum.clone() <= required));
            m.add_constraint(constraint!(o <= sum.clone()));
            let w = st.targets[t].weight;
            objective += (w * alpha) * o;
            if required > 1 {
                objective += (w * gamma) * (sum - o);
            }
            open[t * n_days + d] = Some(o);
        }
    }
    if alpha < 1.0 {
        for (t, target) in st.targets.iter().enumerate() {
            for d in 0..n_days {
                let around: Vec<Variable> = std::iter::once(t)
                    .chain(target.neighbours.iter().copied())
                    .filter_map(|v| open[v * n_days + d])
                    .collect();
                if around.is_empty() {
                    continue;
                }
                let served = m.add_var(variable().min(0).max(1));
                m.add_constraint(constraint!(served <= around.into_iter().sum::<Expression>()));
                objective += (target.weight * (1.0 - alpha)) * served;
            }
        }
    }
    m.set_objective(objective - penalties);
    let solved = m.solve(options)?;
    let fractional = x.iter().filter(|(.., v)| (solved.value(*v) - solved.value(*v).round()).abs() > 1e-6).count();
    let shifts = x
        .iter()
        .filter(|(.., v)| solved.value(*v) > 0.5)
        .map(|&(s, t, d, minutes, _)| Shift {
            staff: s,
            target: t,
            day: d,
            minutes,
            cost: shift_cost(st.staff[s].daily_salary, &inst.days[d]),
        })
        .collect();
    let roster = StateRoster { state: st.state, shifts, report: solved.report, continuity: Default::default() };
    Ok(Solution { roster, fractional })
}
