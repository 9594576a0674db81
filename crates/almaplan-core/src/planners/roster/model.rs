//! The weekend roster MIP for one state (formulation in `models/roster.md`, same names).

use std::collections::{BTreeMap, HashMap, HashSet};

use good_lp::{constraint, variable, Expression, Variable};

use super::instance::{shift_cost, RosterInstance, StateInstance};
use crate::domain::physician::{Contract, Role};
use crate::error::Error;
use crate::lp::{LpModel, Sense, SolveOptions, SolveReport};
use crate::planners::roster::RosterParams;

/// One shift: staff member `staff` covers target `target` on day `day` (the `x[s,t,d] = 1` of
/// `models/roster.md`). All three are indices into the state's instance, not network indices:
/// map them with [`Staff::physician`](super::instance::Staff::physician) and
/// [`Target::unit`](super::instance::Target::unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shift {
    /// Staff index in the state ([`StateInstance::staff`]).
    pub staff: usize,
    /// Target index in the state ([`StateInstance::targets`]).
    pub target: usize,
    /// Day index ([`RosterInstance::days`]).
    pub day: usize,
    /// One-way travel minutes from the physician's base (0 at their own unit).
    pub minutes: f64,
    /// Pay for the shift in pesos ([`shift_cost`]), when the salary is known.
    pub cost: Option<f64>,
}

/// A state's solved roster.
#[derive(Debug, Clone)]
pub struct StateRoster {
    /// INEGI state code.
    pub state: u8,
    /// The shifts assigned (at most one per physician and day, at most `r_t` per unit-day).
    pub shifts: Vec<Shift>,
    /// Evidence of the state's model (a maximisation, so `bound ≥ objective`): status `Optimal`
    /// when the LP came back integral, `GapLimit` when the rounded-and-repaired roster is within
    /// `rel_gap` of the LP bound, else the MIP's. The objective includes the continuity swaps' travel
    /// change.
    pub report: SolveReport,
    /// Continuity before and after the swap improvement.
    pub continuity: (ContinuityStats, ContinuityStats),
    /// Where the state's time went (seconds of this state's thread).
    pub timing: RosterTiming,
    /// The state's model in MPS with `x` integer (the MIP the LP relaxes), when
    /// [`SolveOptions::capture_model`] asked for it (`--escribir-modelo`).
    pub model_mps: Option<String>,
}

/// Seconds spent in each step of a state's plan (`cargo bench --bench roster` prints their sums
/// over the states, which run in parallel: CPU seconds, not wall).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct RosterTiming {
    /// Building the LP and MIP models (variables, rows, objective) and handing them to HiGHS.
    pub build_s: f64,
    /// HiGHS solving the LP relaxation.
    pub lp_s: f64,
    /// Rounding the relaxation down, repairing it greedily and evaluating it.
    pub round_repair_s: f64,
    /// HiGHS solving the MIP (only when the rounded relaxation missed `rel_gap`).
    pub mip_s: f64,
    /// The continuity swaps.
    pub continuity_s: f64,
    /// Explaining the uncovered unit-days.
    pub gaps_s: f64,
    /// The hiring plan (search, decomposition and its bound).
    pub hiring_s: f64,
}

impl RosterTiming {
    /// The sum of two timings, step by step.
    pub fn add(&self, o: &RosterTiming) -> RosterTiming {
        RosterTiming {
            build_s: self.build_s + o.build_s,
            lp_s: self.lp_s + o.lp_s,
            round_repair_s: self.round_repair_s + o.round_repair_s,
            mip_s: self.mip_s + o.mip_s,
            continuity_s: self.continuity_s + o.continuity_s,
            gaps_s: self.gaps_s + o.gaps_s,
            hiring_s: self.hiring_s + o.hiring_s,
        }
    }
}

/// Assignments of a previous roster when re-planning, as (staff, target, day) indices of its rows
/// that still exist in the instance: `preferred` ones earn [`KEEP_BONUS`], `locked` ones (`fijo` =
/// sí) are fixed to 1 in the model (`x[s,t,d] = 1`) and never swapped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keep {
    /// Previous assignments kept when possible.
    pub preferred: HashSet<(usize, usize, usize)>,
    /// Previous assignments kept as they are (checked feasible together before the solve).
    pub locked: HashSet<(usize, usize, usize)>,
}

impl Keep {
    /// No previous roster.
    pub fn new() -> Self {
        Keep::default()
    }

    /// Whether the triple is kept, preferred or locked (both earn [`KEEP_BONUS`]).
    pub fn contains(&self, triple: &(usize, usize, usize)) -> bool {
        self.preferred.contains(triple) || self.locked.contains(triple)
    }

    /// Whether the triple is locked.
    pub fn is_locked(&self, triple: &(usize, usize, usize)) -> bool {
        self.locked.contains(triple)
    }
}

/// Objective bonus for keeping a previous assignment: above every penalty of one shift, below the
/// value of any unit-day (≥ 45), so coverage is never given up to keep an old assignment.
pub const KEEP_BONUS: f64 = 10.0;

/// Branch-and-bound nodes of a state's roster MIP (after the rounded relaxation missed
/// `rel_gap`): the deterministic stop, so the same scenario gives the same roster under any
/// machine load; the planner's time limit is only the safety net.
pub const MIP_NODE_LIMIT: u32 = 500;

/// Solves the state's roster, then improves continuity.
///
/// The model's constraint matrix is a network matrix when weeks nest in months (one shift a day ⊂
/// weekly rest ⊂ monthly limit per physician; capacity per unit-day), so the LP relaxation has
/// integral vertices and the simplex solves it exactly; the MIP runs only when the LP optimum comes
/// back fractional (a week that straddles two months, or the neighbour-coverage terms). Continuity
/// (the same physician at the same unit across weekends) is a fixed charge that would destroy that
/// structure — a MIP with it did not close a 10% gap in 30 s on 400 units — so it is improved after
/// the solve by same-day swaps that leave coverage, loads and fairness unchanged.
///
/// The LP stops at `options.time_limit_s` (the state's share); the MIP, stopped by
/// [`MIP_NODE_LIMIT`] so that its answer does not depend on the machine's load, gets
/// `mip_limit_s` (the planner's time left) only as a safety net.
///
/// # Errors
///
/// [`Error::Solver`] when HiGHS fails on the LP or the MIP (the model is always feasible: the
/// empty roster satisfies every row).
pub fn solve_state(
    inst: &RosterInstance,
    st: &StateInstance,
    params: &RosterParams,
    options: &SolveOptions,
    keep: &Keep,
    mip_limit_s: f64,
) -> Result<StateRoster, Error> {
    // The MIP's safety net, counted from the start.
    let deadline = crate::budget::Budget::deadline(mip_limit_s.min(1e9));
    let relaxed = match solve_model(inst, st, params, options, keep, false, None) {
        Ok(r) => r,
        // No LP answer within the limit: the greedy plan, never a failure (issue 16).
        Err(Error::SolverTimeLimit { model, .. }) => return Ok(greedy_roster(inst, st, params, keep, model)),
        Err(e) => return Err(e),
    };
    let lp_timing = relaxed.roster.timing;
    let mut roster = if relaxed.fractional == 0 {
        relaxed.roster
    } else {
        // Round down the fractional x (every row stays satisfied), repair greedily, and keep the
        // LP optimum as the bound; only when that gap is too wide does the MIP run, from there.
        let clock = std::time::Instant::now();
        let mut shifts = relaxed.roster.shifts.clone();
        repair_guided(inst, st, params, keep, &mut shifts, &relaxed.partial);
        let objective = evaluate(inst, st, params, keep, &shifts);
        let bound = relaxed.roster.report.objective;
        let gap = crate::lp::relative_gap(objective, bound);
        let timing = RosterTiming { round_repair_s: clock.elapsed().as_secs_f64(), ..lp_timing };
        // The rounded and repaired relaxation with the LP bound, under `status`.
        let rounded = |shifts: Vec<Shift>, status| {
            let report = SolveReport { status, objective, bound, gap, ..relaxed.roster.report.clone() };
            StateRoster { shifts, report, timing, ..relaxed.roster.clone() }
        };
        if gap <= options.rel_gap {
            rounded(shifts, crate::lp::SolveStatus::GapLimit)
        } else {
            let left = crate::budget::Budget::until(deadline);
            let mip_options = SolveOptions {
                time_limit_s: left,
                watchdog_s: Some(options.watchdog_s.unwrap_or(0.0).max(1.2 * left + 0.5)),
                node_limit: Some(MIP_NODE_LIMIT),
                ..options.clone()
            };
            match solve_model(inst, st, params, &mip_options, keep, true, Some(&shifts)) {
                Ok(mip) => {
                    let mut mip = mip.roster;
                    mip.report.seconds += relaxed.roster.report.seconds;
                    mip.timing = timing.add(&mip.timing);
                    mip.model_mps = relaxed.roster.model_mps.clone();
                    // A MIP stopped by its limit may come back without a bound, or with a roster
                    // worse than the repaired relaxation: the LP bound and the better roster stand.
                    if mip.report.bound.is_nan() || mip.report.bound > bound || mip.report.objective < objective {
                        if mip.report.objective < objective {
                            mip.shifts = shifts;
                            mip.report.objective = objective;
                        }
                        mip.report.bound = if mip.report.bound.is_nan() { bound } else { mip.report.bound.min(bound) };
                        mip.report.gap = crate::lp::relative_gap(mip.report.objective, mip.report.bound);
                    }
                    mip
                }
                // The MIP's watchdog fired (presolve can overrun the limit): the rounded and
                // repaired relaxation stands, with the LP bound.
                Err(Error::SolverTimeLimit { .. }) => rounded(shifts, crate::lp::SolveStatus::TimeLimit),
                Err(e) => return Err(e),
            }
        }
    };
    let clock = std::time::Instant::now();
    let before = ContinuityStats::of(st, &roster.shifts);
    let delta_minutes = improve_continuity(st, &mut roster.shifts, keep);
    roster.report.objective -= params.travel_penalty_per_minute * delta_minutes;
    roster.report.gap = crate::lp::relative_gap(roster.report.objective, roster.report.bound);
    roster.timing.continuity_s = clock.elapsed().as_secs_f64();
    roster.continuity = (before, ContinuityStats::of(st, &roster.shifts));
    Ok(roster)
}

/// The plan when the state's LP gives no answer within its time limit: the locked assignments,
/// then greedy shifts by marginal value ([`repair`]). Its bound is the value of every unit-day fully
/// staffed with no penalty (every penalty is ≥ 0, so no roster exceeds it); status `TimeLimit`.
fn greedy_roster(inst: &RosterInstance, st: &StateInstance, params: &RosterParams, keep: &Keep, model: String) -> StateRoster {
    let clock = std::time::Instant::now();
    let mut locked: Vec<&(usize, usize, usize)> = keep.locked.iter().collect();
    locked.sort_unstable();
    let mut shifts: Vec<Shift> = locked
        .into_iter()
        .map(|&(s, t, d)| {
            let minutes = st.staff[s].candidates.iter().find(|(c, _)| *c == t).map_or(0.0, |(_, m)| *m);
            Shift { staff: s, target: t, day: d, minutes, cost: shift_cost(st.staff[s].daily_salary, &inst.days[d]) }
        })
        .collect();
    repair(inst, st, params, keep, &mut shifts);
    let objective = evaluate(inst, st, params, keep, &shifts);
    let (alpha, gamma) = (params.own_opening_share, params.extra_physician_value);
    let per_day: f64 = st
        .targets
        .iter()
        .map(|t| {
            // Open with every staff member beyond the minimum team (without teams: `r_t − 1`), or,
            // with teams, closed with all but one of the team.
            let (total, minimum) = team_sizes(t);
            let own = (alpha + gamma * f64::from(total.saturating_sub(minimum))).max(gamma * f64::from(total.saturating_sub(1)));
            t.weight * (own + if alpha < 1.0 { 1.0 - alpha } else { 0.0 })
        })
        .sum();
    let bound = per_day * inst.days.len() as f64 + KEEP_BONUS * (keep.preferred.len() + keep.locked.len()) as f64;
    let report = crate::lp::SolveReport {
        model,
        status: crate::lp::SolveStatus::TimeLimit,
        objective,
        bound,
        gap: crate::lp::relative_gap(objective, bound),
        seconds: clock.elapsed().as_secs_f64(),
        variables: 0,
        constraints: 0,
        integer: true,
    };
    let continuity = ContinuityStats::of(st, &shifts);
    let timing = RosterTiming { round_repair_s: report.seconds, ..RosterTiming::default() };
    StateRoster { state: st.state, shifts, report, continuity: (continuity, continuity), timing, model_mps: None }
}

/// Counts a set of shifts implies: per unit-day physicians, open units around each unit-day, and
/// each staff member's load and use of days, weeks and months.
struct ShiftState {
    /// Staff at (t, d), all roles, index `t * days + d`.
    count: Vec<u32>,
    /// Staff at (t, d) by role ([`Role::index`]).
    by_role: Vec<[u32; 3]>,
    /// Whether (t, d) has its minimum team ([`Target::opens_with`](super::instance::Target::opens_with)).
    open: Vec<bool>,
    /// Open units among t and its neighbours on d.
    around: Vec<u32>,
    load: Vec<u32>,
    busy: HashSet<(usize, usize)>,
    week_use: HashMap<(usize, usize), u32>,
    month_use: HashMap<(usize, usize), u32>,
    /// For each target, the targets that count it as a neighbour.
    reverse: Vec<Vec<usize>>,
}

impl ShiftState {
    fn of(inst: &RosterInstance, st: &StateInstance, shifts: &[Shift]) -> Self {
        let n_days = inst.days.len();
        let mut reverse = vec![Vec::new(); st.targets.len()];
        for (v, t) in st.targets.iter().enumerate() {
            for &u in &t.neighbours {
                reverse[u].push(v);
            }
        }
        let mut state = ShiftState {
            count: vec![0; st.targets.len() * n_days],
            by_role: vec![[0; 3]; st.targets.len() * n_days],
            open: vec![false; st.targets.len() * n_days],
            around: vec![0; st.targets.len() * n_days],
            load: vec![0; st.staff.len()],
            busy: HashSet::new(),
            week_use: HashMap::new(),
            month_use: HashMap::new(),
            reverse,
        };
        for s in shifts {
            state.add(inst, st, n_days, s);
        }
        state
    }

    fn add(&mut self, inst: &RosterInstance, st: &StateInstance, n_days: usize, s: &Shift) {
        let k = s.target * n_days + s.day;
        self.count[k] += 1;
        self.by_role[k][st.staff[s.staff].role.index()] += 1;
        if !self.open[k] && st.targets[s.target].opens_with(&self.by_role[k]) {
            self.open[k] = true;
            self.around[k] += 1;
            for &v in &self.reverse[s.target] {
                self.around[v * n_days + s.day] += 1;
            }
        }
        self.load[s.staff] += 1;
        self.busy.insert((s.staff, s.day));
        *self.week_use.entry((s.staff, inst.days[s.day].week)).or_default() += 1;
        *self.month_use.entry((s.staff, inst.days[s.day].month)).or_default() += 1;
    }
}

fn limited(c: Contract) -> bool {
    matches!(c, Contract::EntreSemana | Contract::Pasante)
}

/// A target's whole team and minimum team, in staff (`Σ_r team`, `M = Σ_r m_r`): the γ term
/// values each staff member beyond the minimum team. Without teams, `(r_t, 1)`.
fn team_sizes(target: &super::instance::Target) -> (u32, u32) {
    (target.team.iter().sum(), target.minimum.iter().sum())
}

/// The model's objective for a set of shifts (the same terms as the MIP).
fn evaluate(inst: &RosterInstance, st: &StateInstance, p: &RosterParams, keep: &Keep, shifts: &[Shift]) -> f64 {
    let n_days = inst.days.len();
    let state = ShiftState::of(inst, st, shifts);
    let (alpha, gamma) = (p.own_opening_share, p.extra_physician_value);
    let mut value = 0.0;
    for (t, target) in st.targets.iter().enumerate() {
        let (total, minimum) = team_sizes(target);
        for d in 0..n_days {
            let n = state.count[t * n_days + d];
            let open = if state.open[t * n_days + d] { 1.0 } else { 0.0 };
            value += target.weight * alpha * open;
            if total > minimum {
                value += target.weight * gamma * (n as f64 - f64::from(minimum) * open);
            }
            if alpha < 1.0 && state.around[t * n_days + d] > 0 {
                value += target.weight * (1.0 - alpha);
            }
        }
    }
    for (s, staff) in st.staff.iter().enumerate() {
        if limited(staff.contract) {
            let load = state.load[s] as f64;
            value -= p.fairness_penalty * (load - 1.0).max(0.0) + 2.0 * p.fairness_penalty * (load - 2.0).max(0.0);
        }
    }
    for sh in shifts {
        value -= p.travel_penalty_per_minute * sh.minutes + p.cost_penalty_per_peso * sh.cost.unwrap_or(0.0);
        if keep.contains(&(sh.staff, sh.target, sh.day)) {
            value += KEEP_BONUS;
        }
    }
    value
}

/// Adds shifts while one improves the objective: best marginal gain first, re-checked when taken.
/// With teams (`[roster.team]`), a closed unit-day first gets its whole minimum team at once when
/// that gains (one shift alone cannot open it): for each missing role the available staff of
/// least penalty (`models/roster.md`, «Roles»).
fn repair(inst: &RosterInstance, st: &StateInstance, p: &RosterParams, keep: &Keep, shifts: &mut Vec<Shift>) {
    repair_guided(inst, st, p, keep, shifts, &[]);
}

/// [`repair`] guided by the LP's fractional `x` (`hint`: (staff, target, day, value)): with teams,
/// the unit-days the LP half opened are completed first (most LP mass first) and, for each role,
/// the staff the LP leaned on are picked first. Without teams the hint is not used.
fn repair_guided(
    inst: &RosterInstance,
    st: &StateInstance,
    p: &RosterParams,
    keep: &Keep,
    shifts: &mut Vec<Shift>,
    hint: &[(usize, usize, usize, f64)],
) {
    let n_days = inst.days.len();
    let mut state = ShiftState::of(inst, st, shifts);
    let (alpha, gamma) = (p.own_opening_share, p.extra_physician_value);
    // Whether s may take (t, d) now.
    let feasible = |state: &ShiftState, s: usize, t: usize, d: usize| -> bool {
        let staff = &st.staff[s];
        let day = &inst.days[d];
        let k = t * n_days + d;
        if state.busy.contains(&(s, d)) || state.by_role[k][staff.role.index()] >= st.targets[t].team[staff.role.index()] {
            return false;
        }
        !(limited(staff.contract)
            && (state.week_use.get(&(s, day.week)).copied().unwrap_or(0) >= inst.week_allowance[day.week]
                || state.month_use.get(&(s, day.month)).copied().unwrap_or(0) >= staff.max_per_month))
    };
    // Value of opening (t, d): its own share and the neighbour coverage it adds.
    let opening = |state: &ShiftState, t: usize, d: usize| -> f64 {
        let mut g = st.targets[t].weight * alpha;
        if alpha < 1.0 {
            for v in std::iter::once(t).chain(state.reverse[t].iter().copied()) {
                if state.around[v * n_days + d] == 0 {
                    g += st.targets[v].weight * (1.0 - alpha);
                }
            }
        }
        g
    };
    // The shift's penalties and keep bonus, applied to the value `g` it adds.
    let priced = |state: &ShiftState, mut g: f64, s: usize, t: usize, d: usize, minutes: f64| -> f64 {
        let staff = &st.staff[s];
        if limited(staff.contract) {
            let load = state.load[s];
            g -= p.fairness_penalty * f64::from(load >= 1) + 2.0 * p.fairness_penalty * f64::from(load >= 2);
        }
        let cost = shift_cost(staff.daily_salary, &inst.days[d]).unwrap_or(0.0);
        g -= p.travel_penalty_per_minute * minutes + p.cost_penalty_per_peso * cost;
        if keep.contains(&(s, t, d)) {
            g += KEEP_BONUS;
        }
        g
    };
    let gain = |state: &ShiftState, s: usize, t: usize, d: usize, minutes: f64| -> Option<f64> {
        if !feasible(state, s, t, d) {
            return None;
        }
        let target = &st.targets[t];
        let k = t * n_days + d;
        let (total, minimum) = team_sizes(target);
        let mut after = state.by_role[k];
        after[st.staff[s].role.index()] += 1;
        let w = target.weight;
        let g = if !state.open[k] && target.opens_with(&after) {
            let mut g = opening(state, t, d);
            let extra = 1.0 - f64::from(minimum);
            if total > minimum && extra != 0.0 {
                g += w * gamma * extra;
            }
            g
        } else if total > minimum {
            w * gamma
        } else {
            0.0
        };
        Some(priced(state, g, s, t, d, minutes))
    };
    let teams = st.staff.iter().any(|s| s.role != Role::Medico);
    // Staff who may cover each target, with minutes, by role (teams only).
    let mut candidates_of: Vec<Vec<(usize, f64)>> = vec![Vec::new(); if teams { st.targets.len() } else { 0 }];
    if teams {
        for (s, staff) in st.staff.iter().enumerate() {
            for &(t, minutes) in &staff.candidates {
                candidates_of[t].push((s, minutes));
            }
        }
    }
    let mut order: Vec<usize> = (0..st.targets.len()).collect();
    order.sort_by(|&a, &b| st.targets[b].weight.total_cmp(&st.targets[a].weight).then(a.cmp(&b)));
    // Unit-days to complete: those the LP half opened first (most LP mass), then every one by
    // weight; and each staff member's LP value there.
    let leaning: HashMap<(usize, usize, usize), f64> =
        if teams { hint.iter().map(|&(s, t, d, v)| ((s, t, d), v)).collect() } else { HashMap::new() };
    let mut unit_days: Vec<(usize, usize)> = Vec::new();
    if teams {
        let mut mass: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for &(_, t, d, v) in hint {
            *mass.entry((t, d)).or_default() += v;
        }
        let mut hinted: Vec<((usize, usize), f64)> = mass.into_iter().collect();
        hinted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        unit_days.extend(hinted.into_iter().map(|(k, _)| k));
        unit_days.extend(order.iter().flat_map(|&t| (0..n_days).map(move |d| (t, d))));
    }
    loop {
        let mut taken = 0;
        if teams {
            for &(t, d) in &unit_days {
                let target = &st.targets[t];
                let (total, minimum) = team_sizes(target);
                {
                    let k = t * n_days + d;
                    if state.open[k] {
                        continue;
                    }
                    // The cheapest staff to complete each role's minimum.
                    let mut picks: Vec<(usize, f64, f64)> = Vec::new();
                    let mut possible = true;
                    for role in Role::ALL {
                        let need = target.minimum[role.index()].saturating_sub(state.by_role[k][role.index()]) as usize;
                        if need == 0 {
                            continue;
                        }
                        let mut options: Vec<(f64, usize, f64)> = candidates_of[t]
                            .iter()
                            .filter(|&&(s, _)| st.staff[s].role == role && st.staff[s].days.binary_search(&d).is_ok())
                            .filter(|&&(s, _)| feasible(&state, s, t, d))
                            .map(|&(s, minutes)| (priced(&state, 0.0, s, t, d, minutes), s, minutes))
                            .collect();
                        if options.len() < need {
                            possible = false;
                            break;
                        }
                        let lean = |s: usize| leaning.get(&(s, t, d)).copied().unwrap_or(0.0);
                        options.sort_by(|a, b| lean(b.1).total_cmp(&lean(a.1)).then(b.0.total_cmp(&a.0)).then(a.1.cmp(&b.1)));
                        picks.extend(options.into_iter().take(need).map(|(g, s, minutes)| (s, minutes, g)));
                    }
                    if !possible || picks.is_empty() {
                        continue;
                    }
                    let mut g = opening(&state, t, d) + picks.iter().map(|x| x.2).sum::<f64>();
                    if total > minimum {
                        g += target.weight * gamma * (picks.len() as f64 - f64::from(minimum));
                    }
                    if g <= 1e-9 {
                        continue;
                    }
                    for (s, minutes, _) in picks {
                        let sh = Shift { staff: s, target: t, day: d, minutes, cost: shift_cost(st.staff[s].daily_salary, &inst.days[d]) };
                        state.add(inst, st, n_days, &sh);
                        shifts.push(sh);
                        taken += 1;
                    }
                }
            }
        }
        let mut moves: Vec<(f64, usize, usize, usize, f64)> = Vec::new();
        for (s, staff) in st.staff.iter().enumerate() {
            for &(t, minutes) in &staff.candidates {
                for &d in &staff.days {
                    if let Some(g) = gain(&state, s, t, d, minutes).filter(|g| *g > 1e-9) {
                        moves.push((g, s, t, d, minutes));
                    }
                }
            }
        }
        if moves.is_empty() && taken == 0 {
            break;
        }
        moves.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2, a.3).cmp(&(b.1, b.2, b.3))));
        for (_, s, t, d, minutes) in moves {
            if gain(&state, s, t, d, minutes).is_some_and(|g| g > 1e-9) {
                let sh = Shift { staff: s, target: t, day: d, minutes, cost: shift_cost(st.staff[s].daily_salary, &inst.days[d]) };
                state.add(inst, st, n_days, &sh);
                shifts.push(sh);
                taken += 1;
            }
        }
        if taken == 0 {
            break;
        }
    }
}

/// Continuity of a roster: distinct (physician, other unit) pairs, and the shifts they cover.
/// `resumen_rol.json` reports them before and after the swaps (`continuidad_antes`,
/// `continuidad_despues`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContinuityStats {
    /// Distinct (physician, unit other than their own) pairs: fewer means the same faces at the
    /// same unit across weekends.
    pub away_pairs: usize,
    /// Shifts worked away from the physician's own unit.
    pub away_shifts: usize,
}

impl ContinuityStats {
    /// Counts the away pairs and shifts of a set of shifts of state `st`.
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

/// Swaps the units of two shifts on the same day when both physicians (of the same role) reach both
/// units, no kept assignment is broken, and the number of distinct (physician, other unit) pairs falls (ties:
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
                    // Teams: only staff of the same role swap (coverage by role stays).
                    if st.staff[si].role != st.staff[sj].role {
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
                            if add {
                                *e += 1
                            } else {
                                *e -= 1
                            }
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
    /// The fractional x as (staff, target, day, value), to guide the repair.
    partial: Vec<(usize, usize, usize, f64)>,
}

fn solve_model(
    inst: &RosterInstance,
    st: &StateInstance,
    params: &RosterParams,
    options: &SolveOptions,
    keep: &Keep,
    integer: bool,
    start: Option<&[Shift]>,
) -> Result<Solution, Error> {
    let clock = std::time::Instant::now();
    let name = format!("rol {}", crate::domain::state::name(st.state).unwrap_or("?"));
    let mut m = LpModel::new(name, Sense::Maximise);
    let n_days = inst.days.len();
    let n_targets = st.targets.len();

    // x[s, c, d]
    let mut x: Vec<(usize, usize, usize, f64, Variable)> = Vec::new();
    let mut by_target_day: Vec<Vec<Variable>> = vec![Vec::new(); n_targets * n_days];
    // With teams, the same variables by role: index `(role * n_targets + t) * n_days + d`.
    let teams = params.team.enabled;
    let mut by_role_target_day: Vec<Vec<Variable>> = vec![Vec::new(); if teams { 3 * n_targets * n_days } else { 0 }];
    let mut objective = Expression::default();
    let mut penalties = Expression::default();
    let mut excess: Vec<(usize, Variable, Variable)> = Vec::new();
    let mut served_vars: Vec<(usize, usize, Variable)> = Vec::new();
    for (s, staff) in st.staff.iter().enumerate() {
        let mut by_day: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
        let mut by_week: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
        let mut by_month: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
        let mut load = Expression::default();
        for &(t, minutes) in &staff.candidates {
            for &d in &staff.days {
                // A locked assignment is fixed: its lower bound is 1 as well.
                let low = if keep.is_locked(&(s, t, d)) { 1 } else { 0 };
                let v = m.add_var(if integer { variable().binary().min(low) } else { variable().min(low).max(1) });
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
                if teams {
                    by_role_target_day[(staff.role.index() * n_targets + t) * n_days + d].push(v);
                }
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
            excess.push((s, e1, e2));
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
            if teams {
                // Rows per role: requirement, and the minimum team that opens the unit-day.
                let target = &st.targets[t];
                let role_vars = |r: usize| &by_role_target_day[(r * n_targets + t) * n_days + d];
                let can_open = (0..3).all(|r| target.minimum[r] == 0 || !role_vars(r).is_empty());
                let o = can_open.then(|| m.add_var(variable().min(0).max(1)));
                for r in 0..3 {
                    if role_vars(r).is_empty() {
                        continue;
                    }
                    let sum: Expression = role_vars(r).iter().copied().sum();
                    m.add_constraint(constraint!(sum.clone() <= target.team[r]));
                    if let (Some(o), true) = (o, target.minimum[r] > 0) {
                        m.add_constraint(constraint!(f64::from(target.minimum[r]) * o <= sum));
                    }
                }
                let all: Expression = vars.iter().copied().sum();
                let (total, minimum) = team_sizes(target);
                let w = target.weight;
                if let Some(o) = o {
                    if minimum == 0 {
                        m.add_constraint(constraint!(o <= all.clone()));
                    }
                    objective += (w * alpha) * o;
                }
                if total > minimum {
                    objective += match o {
                        Some(o) => (w * gamma) * (all - f64::from(minimum) * o),
                        None => (w * gamma) * all,
                    };
                }
                open[t * n_days + d] = o;
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
                let around: Vec<Variable> =
                    std::iter::once(t).chain(target.neighbours.iter().copied()).filter_map(|v| open[v * n_days + d]).collect();
                if around.is_empty() {
                    continue;
                }
                let served = m.add_var(variable().min(0).max(1));
                served_vars.push((t, d, served));
                m.add_constraint(constraint!(served <= around.into_iter().sum::<Expression>()));
                objective += (target.weight * (1.0 - alpha)) * served;
            }
        }
    }
    m.set_objective(objective - penalties);
    if let Some(start) = start {
        let state = ShiftState::of(inst, st, start);
        let chosen: HashSet<(usize, usize, usize)> = start.iter().map(|s| (s.staff, s.target, s.day)).collect();
        let mut values: Vec<(Variable, f64)> =
            x.iter().map(|&(s, t, d, _, v)| (v, if chosen.contains(&(s, t, d)) { 1.0 } else { 0.0 })).collect();
        for (t, o) in open.iter().enumerate().filter_map(|(i, o)| o.map(|o| (i, o))) {
            values.push((o, if state.open[t] { 1.0 } else { 0.0 }));
        }
        for &(t, d, v) in &served_vars {
            values.push((v, if state.around[t * n_days + d] > 0 { 1.0 } else { 0.0 }));
        }
        for &(s, e1, e2) in &excess {
            let load = state.load[s] as f64;
            values.push((e1, (load - 1.0).max(0.0)));
            values.push((e2, (load - 2.0).max(0.0)));
        }
        m.set_start(values);
    }
    let model_mps = (options.capture_model && !integer).then(|| m.to_mps(&x.iter().map(|e| e.4).collect()));
    let build_s = clock.elapsed().as_secs_f64();
    let solved = m.solve(options)?;
    let fractional = x.iter().filter(|(.., v)| (solved.value(*v) - solved.value(*v).round()).abs() > 1e-6).count();
    let shifts = x
        .iter()
        .filter(|(.., v)| solved.value(*v) > 1.0 - 1e-6)
        .map(|&(s, t, d, minutes, _)| Shift {
            staff: s,
            target: t,
            day: d,
            minutes,
            cost: shift_cost(st.staff[s].daily_salary, &inst.days[d]),
        })
        .collect();
    let timing = if integer {
        RosterTiming { build_s, mip_s: solved.report.seconds, ..RosterTiming::default() }
    } else {
        RosterTiming { build_s, lp_s: solved.report.seconds, ..RosterTiming::default() }
    };
    let partial = if fractional > 0 {
        x.iter().map(|&(s, t, d, _, v)| (s, t, d, solved.value(v))).filter(|&(.., value)| value > 1e-6 && value < 1.0 - 1e-6).collect()
    } else {
        Vec::new()
    };
    let roster = StateRoster { state: st.state, shifts, report: solved.report, continuity: Default::default(), timing, model_mps };
    Ok(Solution { roster, fractional, partial })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::SyntheticSpec;

    /// The Rust evaluator and the MIP's objective are the same function: the rounding path's gap
    /// depends on it.
    #[test]
    fn evaluator_matches_the_solver_objective_and_repair_never_loses_value() {
        let net = crate::synthetic::generate(&SyntheticSpec { units: 300, states: 1 }, 3);
        let params = RosterParams::default();
        let from = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let to = chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        let inst = super::super::instance::build(&net, &Default::default(), &params, from, to, None);
        let st = &inst.states[0];
        let keep = Keep::new();
        let sol = solve_model(&inst, st, &params, &SolveOptions::default(), &keep, true, None).unwrap();
        let value = evaluate(&inst, st, &params, &keep, &sol.roster.shifts);
        let obj = sol.roster.report.objective;
        assert!((value - obj).abs() <= 1e-6 * obj.abs().max(1.0), "evaluator {value} vs solver {obj}");
        // Dropping every third shift and repairing gets back most of the value and never less
        // than the damaged roster had.
        let mut damaged: Vec<Shift> = sol.roster.shifts.iter().enumerate().filter(|(i, _)| i % 3 != 0).map(|(_, s)| *s).collect();
        let before = evaluate(&inst, st, &params, &keep, &damaged);
        repair(&inst, st, &params, &keep, &mut damaged);
        let after = evaluate(&inst, st, &params, &keep, &damaged);
        assert!(after >= before && after >= 0.95 * obj, "{before} → {after} (optimum {obj})");
        // The repaired roster is a feasible start for the MIP, which keeps or improves it.
        let warm = solve_model(&inst, st, &params, &SolveOptions::default(), &keep, true, Some(&damaged)).unwrap();
        assert!(warm.roster.report.objective >= after - 1e-6);
    }

    /// With teams (physicians and nursing staff, a unit-day open only with both), the evaluator
    /// is still the solver's objective, repair (which completes whole teams) never loses value,
    /// and every unit-day the evaluator counts open has its minimum team.
    #[test]
    fn with_teams_the_evaluator_matches_the_solver_and_repair_completes_teams() {
        let mut net = crate::synthetic::generate(&SyntheticSpec { units: 300, states: 1 }, 3);
        // Every other synthetic nurse: some units have physicians and no nurse.
        let nurses = crate::synthetic::nurses_from_nucleos(&net.units);
        net.physicians.extend(nurses.into_iter().enumerate().filter(|(i, _)| i % 4 == 0).map(|(_, p)| p));
        let params = RosterParams {
            team: crate::planners::roster::params::TeamParams { enabled: true, ..Default::default() },
            ..Default::default()
        };
        let from = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let to = chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        let inst = super::super::instance::build(&net, &Default::default(), &params, from, to, None);
        let st = &inst.states[0];
        assert!(st.staff.iter().any(|s| s.role == Role::Enfermeria));
        let keep = Keep::new();
        let sol = solve_model(&inst, st, &params, &SolveOptions::default(), &keep, true, None).unwrap();
        let value = evaluate(&inst, st, &params, &keep, &sol.roster.shifts);
        let obj = sol.roster.report.objective;
        assert!((value - obj).abs() <= 1e-6 * obj.abs().max(1.0), "evaluator {value} vs solver {obj}");
        let state = ShiftState::of(&inst, st, &sol.roster.shifts);
        let n_days = inst.days.len();
        for (k, open) in state.open.iter().enumerate() {
            let t = &st.targets[k / n_days];
            assert_eq!(*open, t.opens_with(&state.by_role[k]));
            assert!(!*open || (state.by_role[k][0] >= 1 && state.by_role[k][1] >= 1), "open without its team");
        }
        let mut damaged: Vec<Shift> = sol.roster.shifts.iter().enumerate().filter(|(i, _)| i % 3 != 0).map(|(_, s)| *s).collect();
        let before = evaluate(&inst, st, &params, &keep, &damaged);
        repair(&inst, st, &params, &keep, &mut damaged);
        let after = evaluate(&inst, st, &params, &keep, &damaged);
        // Greedy team completion is weaker than single shifts (scarce nurses, weekly limits).
        assert!(after >= before && after >= 0.85 * obj, "{before} → {after} (optimum {obj})");
        // From nothing, repair alone opens unit-days (a single shift never opens a team unit).
        let mut from_nothing = Vec::new();
        repair(&inst, st, &params, &keep, &mut from_nothing);
        assert!(evaluate(&inst, st, &params, &keep, &from_nothing) >= 0.8 * obj);
        let warm = solve_model(&inst, st, &params, &SolveOptions::default(), &keep, true, Some(&damaged)).unwrap();
        assert!(warm.roster.report.objective >= after - 1e-6);
        // The whole path (LP, rounding, repair, continuity swaps) keeps the teams: its reported
        // objective is still the evaluator's (a swap across roles would break a team).
        let solved = solve_state(&inst, st, &params, &SolveOptions::default(), &keep, SolveOptions::default().time_limit_s).unwrap();
        let value = evaluate(&inst, st, &params, &keep, &solved.shifts);
        assert!((value - solved.report.objective).abs() <= 1e-6 * value.abs().max(1.0), "{value} vs {}", solved.report.objective);
        assert!(solved.continuity.1.away_pairs <= solved.continuity.0.away_pairs);
    }
}
