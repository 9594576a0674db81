//! The MIPs of the wave calendar (see `models/waves.md`): `P||Cmax` (zones to brigades, states
//! to slots), the pool's slot model (states to slots and brigades to slots at once), the
//! lexicographic priority model (who starts first without lengthening the stage) and the
//! assignment of named pool brigades to slots (transfer cost from home).

use good_lp::{constraint, variable, Expression, Variable};

use crate::error::Error;
use crate::lp::{LpModel, Sense, SolveOptions, SolveReport};

fn trivial(name: &str, objective: f64) -> SolveReport {
    SolveReport::decided(name, objective)
}

/// The largest of `values` with its index (first on ties).
fn argmax(values: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (k, v) in values.enumerate() {
        if v > best.1 + 1e-9 {
            best = (k, v);
        }
    }
    best.0
}

/// `P||Cmax` MIP: each job to one machine, minimising the largest machine load. Returns the
/// machine of each job and the evidence. The load is in whole days.
///
/// Used twice by the waves planner: a state's zones (jobs: field days) to its brigades (model
/// `brigadas <STATE>`), and a stage's states (jobs: preparation + field days) to
/// `max_states_at_once` slots (model `secuencia etapa <k>`). Solved by LPT when LPT meets
/// [`makespan_lower_bound`], else by the MIP started from LPT.
///
/// # Errors
///
/// [`Error::Solver`] when HiGHS fails.
pub fn min_makespan(name: &str, durations: &[usize], machines: usize, options: &SolveOptions) -> Result<(Vec<usize>, SolveReport), Error> {
    let machines = machines.max(1).min(durations.len().max(1));
    if machines == 1 || durations.len() <= 1 {
        let total: usize = durations.iter().sum();
        return Ok((vec![0; durations.len()], trivial(name, total as f64)));
    }
    // When the longest job or the average load is reached by LPT, LPT is optimal: no MIP needed.
    let lpt = lpt(durations, machines);
    let lpt_makespan = load_max(durations, &lpt, machines);
    if lpt_makespan == makespan_lower_bound(durations, machines) {
        return Ok((lpt, trivial(name, lpt_makespan as f64)));
    }
    let mut model = LpModel::new(name, Sense::Minimise);
    let makespan = model.add_var(variable().min(0.0));
    let z: Vec<Vec<Variable>> = durations.iter().map(|_| (0..machines).map(|_| model.add_var(variable().binary())).collect()).collect();
    for row in &z {
        let one: Expression = row.iter().copied().sum();
        model.add_constraint(constraint!(one == 1.0));
    }
    for k in 0..machines {
        let load: Expression = durations.iter().zip(&z).map(|(&d, row)| d as f64 * row[k]).sum();
        model.add_constraint(constraint!(load <= makespan));
    }
    // Symmetry: job 0 on machine 0.
    model.add_constraint(constraint!(z[0][0] == 1.0));
    let mut start: Vec<(Variable, f64)> = vec![(makespan, lpt_makespan as f64)];
    // LPT puts job 0 (the longest, first by index) on machine 0 only when it is the longest.
    let first = lpt[0];
    for (j, row) in z.iter().enumerate() {
        let k = lpt[j];
        let k = if k == first {
            0
        } else if k == 0 {
            first
        } else {
            k
        };
        start.push((row[k], 1.0));
    }
    model.set_start(start);
    model.set_objective(makespan);
    let solved = model.solve(options)?;
    let machine = z.iter().map(|row| argmax(row.iter().map(|&v| solved.value(v)))).collect();
    Ok((machine, solved.report))
}

/// Longest processing time first: each job, longest first, to the least loaded machine.
fn lpt(durations: &[usize], machines: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..durations.len()).collect();
    order.sort_by(|&a, &b| durations[b].cmp(&durations[a]).then(a.cmp(&b)));
    let mut load = vec![0usize; machines];
    let mut machine = vec![0; durations.len()];
    for j in order {
        let k = (0..machines).min_by_key(|&k| (load[k], k)).expect("≥1 machine");
        load[k] += durations[j];
        machine[j] = k;
    }
    machine
}

fn load_max(durations: &[usize], machine: &[usize], machines: usize) -> usize {
    let mut load = vec![0usize; machines];
    machine.iter().zip(durations).for_each(|(&k, &d)| load[k] += d);
    load.into_iter().max().unwrap_or(0)
}

/// `max(⌈Σ durations / machines⌉, longest)`: no assignment of the jobs to `machines` machines
/// finishes sooner.
///
/// ```
/// use almaplan_core::planners::waves::makespan_lower_bound;
///
/// assert_eq!(makespan_lower_bound(&[30, 20, 20, 10], 2), 40);
/// assert_eq!(makespan_lower_bound(&[50, 5], 3), 50); // the longest job
/// ```
pub fn makespan_lower_bound(durations: &[usize], machines: usize) -> usize {
    let total: usize = durations.iter().sum();
    total.div_ceil(machines.max(1)).max(durations.iter().copied().max().unwrap_or(0))
}

/// A state of a stage as the pool model sees it.
#[derive(Debug, Clone)]
pub struct PoolJob {
    /// Working days of installation and preparation (0 when the state already has visits).
    pub preparation: usize,
    /// `field[n − 1]`: field days with `n` brigades, for `n = 1..=field.len()`; more brigades than
    /// that change nothing (one brigade per zone at most).
    pub field: Vec<usize>,
}

impl PoolJob {
    /// Working days the state occupies its slot with `brigades` brigades: preparation plus field
    /// days (`brigades` clamped to 1..=`field.len()`).
    pub fn duration(&self, brigades: usize) -> usize {
        let n = brigades.clamp(1, self.field.len().max(1));
        self.preparation + self.field.get(n - 1).copied().unwrap_or(0)
    }
}

/// The pool's slot model: states to `slots` slots and the `pool` brigades to the slots, a slot's
/// brigades working its states one after another. Minimises the longest slot. Returns each
/// state's slot, each slot's brigades and the evidence.
pub fn pool_makespan(
    name: &str,
    jobs: &[PoolJob],
    slots: usize,
    pool: usize,
    options: &SolveOptions,
) -> Result<(Vec<usize>, Vec<usize>, SolveReport), Error> {
    let slots = slots.max(1).min(pool.max(1)).min(jobs.len().max(1));
    let most = jobs.iter().map(|j| j.field.len()).max().unwrap_or(1).max(1).min(pool);
    // Start: brigades split evenly, states longest first to the slot they lengthen least.
    let mut brigades: Vec<usize> = (0..slots).map(|k| (pool / slots + usize::from(k < pool % slots)).min(most)).collect();
    brigades.sort_unstable_by(|a, b| b.cmp(a));
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by(|&a, &b| jobs[b].duration(pool).cmp(&jobs[a].duration(pool)).then(a.cmp(&b)));
    let mut load = vec![0usize; slots];
    let mut slot_of = vec![0; jobs.len()];
    for s in order {
        let k = (0..slots).min_by_key(|&k| (load[k] + jobs[s].duration(brigades[k]), k)).expect("≥1 slot");
        load[k] += jobs[s].duration(brigades[k]);
        slot_of[s] = k;
    }
    let start_makespan = load.iter().copied().max().unwrap_or(0);
    if slots == 1 || jobs.len() <= 1 {
        return Ok((slot_of, brigades, trivial(name, start_makespan as f64)));
    }
    let mut model = LpModel::new(name, Sense::Minimise);
    let makespan = model.add_var(variable().min(0.0));
    // at_least[k][n − 1] = 1: slot k has at least n brigades.
    let at_least: Vec<Vec<Variable>> = (0..slots).map(|_| (0..most).map(|_| model.add_var(variable().binary())).collect()).collect();
    let mut start: Vec<(Variable, f64)> = vec![(makespan, start_makespan as f64)];
    for (k, row) in at_least.iter().enumerate() {
        model.add_constraint(constraint!(row[0] == 1.0));
        for n in 1..most {
            model.add_constraint(constraint!(row[n] <= row[n - 1]));
        }
        (0..brigades[k]).for_each(|n| start.push((row[n], 1.0)));
        if k + 1 < slots {
            let here: Expression = row.iter().copied().sum();
            let next: Expression = at_least[k + 1].iter().copied().sum();
            model.add_constraint(constraint!(here >= next));
        }
    }
    let used: Expression = at_least.iter().flatten().copied().sum();
    model.add_constraint(constraint!(used <= pool as f64));
    let mut slot_load: Vec<Expression> = vec![Expression::default(); slots];
    // x[s][k][n − 1]: state s in slot k with exactly n brigades (n < its cap), or at least its cap.
    let mut x: Vec<Vec<Vec<Variable>>> = Vec::with_capacity(jobs.len());
    for (s, job) in jobs.iter().enumerate() {
        let cap = job.field.len().clamp(1, most);
        let mut placed = Expression::default();
        let mut rows = Vec::with_capacity(slots);
        for (k, load) in slot_load.iter_mut().enumerate() {
            let mut row = Vec::with_capacity(cap);
            for n in 1..=cap {
                let v = model.add_var(variable().binary());
                if n < cap {
                    let next = at_least[k][n];
                    model.add_constraint(constraint!(v <= at_least[k][n - 1] - next));
                } else {
                    model.add_constraint(constraint!(v <= at_least[k][n - 1]));
                }
                *load += job.duration(n) as f64 * v;
                placed += v;
                if slot_of[s] == k && brigades[k].min(cap) == n {
                    start.push((v, 1.0));
                }
                row.push(v);
            }
            rows.push(row);
        }
        model.add_constraint(constraint!(placed == 1.0));
        x.push(rows);
    }
    for load in slot_load {
        model.add_constraint(constraint!(load <= makespan));
    }
    model.set_start(start);
    model.set_objective(makespan);
    let solved = model.solve(options)?;
    let brigades: Vec<usize> = at_least.iter().map(|row| row.iter().filter(|&&v| solved.value(v) > 0.5).count()).collect();
    let slot_of = x.iter().map(|rows| argmax(rows.iter().map(|row| row.iter().map(|&v| solved.value(v)).sum::<f64>()))).collect();
    Ok((slot_of, brigades, solved.report))
}

/// Lexicographic second objective: with every slot's load at most `makespan`, put the states in
/// slots so that `Σ_s weight_s · start_s` is least, where a slot runs its states in `order`
/// (highest priority first) and `start_s` is the work of the states before `s` in its slot.
/// `duration[s][k]`: state `s` in slot `k`. `start` is a feasible slot per state (the makespan
/// model's answer); `identical` slots allow the symmetry cut "the i-th state in slot ≤ i".
#[allow(clippy::too_many_arguments)]
pub fn priority_slots(
    name: &str,
    duration: &[Vec<usize>],
    makespan: usize,
    order: &[usize],
    weight: &[f64],
    start: &[usize],
    identical: bool,
    options: &SolveOptions,
) -> Result<(Vec<usize>, SolveReport), Error> {
    let n = duration.len();
    let slots = duration.first().map_or(0, Vec::len);
    let objective_of = |slot_of: &[usize]| -> f64 {
        let mut sum = 0.0;
        for (pos, &s) in order.iter().enumerate() {
            let before: usize = order[..pos].iter().filter(|&&t| slot_of[t] == slot_of[s]).map(|&t| duration[t][slot_of[t]]).sum();
            sum += weight[s] * before as f64;
        }
        sum
    };
    if slots <= 1 || n <= 1 {
        return Ok((start.to_vec(), trivial(name, objective_of(start))));
    }
    let mut model = LpModel::new(name, Sense::Minimise);
    let z: Vec<Vec<Variable>> = (0..n).map(|_| (0..slots).map(|_| model.add_var(variable().binary())).collect()).collect();
    let mut start_values: Vec<(Variable, f64)> = Vec::new();
    // Relabel the start so that it respects the symmetry cut.
    let mut relabel: Vec<Option<usize>> = vec![None; slots];
    let mut next = 0;
    let start_slot: Vec<usize> = if identical {
        let mut s = vec![0; n];
        for &j in order {
            let k = *relabel[start[j]].get_or_insert_with(|| {
                next += 1;
                next - 1
            });
            s[j] = k;
        }
        s
    } else {
        start.to_vec()
    };
    for (s, row) in z.iter().enumerate() {
        let one: Expression = row.iter().copied().sum();
        model.add_constraint(constraint!(one == 1.0));
        start_values.push((row[start_slot[s]], 1.0));
    }
    if identical {
        for (pos, &s) in order.iter().enumerate() {
            for &v in &z[s][(pos + 1).min(slots)..] {
                model.add_constraint(constraint!(v == 0.0));
            }
        }
    }
    for k in 0..slots {
        let load: Expression = (0..n).map(|s| duration[s][k] as f64 * z[s][k]).sum();
        model.add_constraint(constraint!(load <= makespan as f64));
    }
    let mut objective = Expression::default();
    for (pos, &s) in order.iter().enumerate() {
        if weight[s] <= 0.0 {
            continue;
        }
        for &t in &order[..pos] {
            for k in 0..slots {
                // together = 1 when t and s share slot k (pushed down by the objective).
                let together = model.add_var(variable().min(0.0));
                model.add_constraint(constraint!(together >= z[s][k] + z[t][k] - 1.0));
                objective += weight[s] * duration[t][k] as f64 * together;
                if start_slot[s] == k && start_slot[t] == k {
                    start_values.push((together, 1.0));
                }
            }
        }
    }
    model.set_start(start_values);
    model.set_objective(objective);
    let solved = model.solve(options)?;
    let slot_of: Vec<usize> = z.iter().map(|row| argmax(row.iter().map(|&v| solved.value(v)))).collect();
    Ok((slot_of, solved.report))
}

/// Named pool brigades to slots: slot `k` needs `needed[k]` brigades, a brigade works in at most
/// one slot, `cost[b][k]` is what brigade `b` costs in slot `k` (transfer from home). An
/// assignment LP (totally unimodular), solved as a MIP. Returns the slot of every brigade.
pub fn brigades_to_slots(
    name: &str,
    cost: &[Vec<f64>],
    needed: &[usize],
    options: &SolveOptions,
) -> Result<(Vec<Option<usize>>, SolveReport), Error> {
    let slots = needed.len();
    let mut model = LpModel::new(name, Sense::Minimise);
    let x: Vec<Vec<Variable>> = cost.iter().map(|_| (0..slots).map(|_| model.add_var(variable().binary())).collect()).collect();
    let mut objective = Expression::default();
    for (b, row) in x.iter().enumerate() {
        let one: Expression = row.iter().copied().sum();
        model.add_constraint(constraint!(one <= 1.0));
        for k in 0..slots {
            // A tiny preference for lower-numbered brigades keeps the answer unique.
            objective += (cost[b][k] + 1e-6 * b as f64) * row[k];
        }
    }
    for (k, &need) in needed.iter().enumerate() {
        let got: Expression = x.iter().map(|row| row[k]).sum();
        model.add_constraint(constraint!(got == need as f64));
    }
    model.set_objective(objective);
    let solved = model.solve(options)?;
    let slot = x.iter().map(|row| row.iter().position(|&v| solved.value(v) > 0.5)).collect();
    Ok((slot, solved.report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> SolveOptions {
        SolveOptions { time_limit_s: 10.0, rel_gap: 0.0, ..Default::default() }
    }

    #[test]
    fn p_cmax_reaches_its_bound_or_proves_it() {
        let d = [7, 7, 6, 6, 5, 5, 4, 4, 4];
        let (m, r) = min_makespan("t", &d, 3, &options()).unwrap();
        assert_eq!(load_max(&d, &m, 3), 16);
        assert_eq!(r.objective.round() as usize, 16);
        assert!(r.bound >= 16.0 - 1e-6);
    }

    #[test]
    fn pool_gives_brigades_where_they_shorten_the_stage() {
        // A large state (4 zones of 10 days) and two small ones (one zone of 10 days), 2 slots,
        // 5 brigades, no preparation: 4 brigades on the large state finish everything in 20 days.
        let big = PoolJob { preparation: 0, field: vec![40, 20, 20, 10] };
        let small = PoolJob { preparation: 0, field: vec![10] };
        let jobs = vec![big, small.clone(), small];
        let (slot, brigades, r) = pool_makespan("t", &jobs, 2, 5, &options()).unwrap();
        assert_eq!(r.objective.round() as usize, 20, "{slot:?} {brigades:?}");
        assert!(brigades.iter().sum::<usize>() <= 5);
        assert_ne!(slot[1], slot[0]);
    }

    #[test]
    fn priority_puts_the_first_states_first_without_lengthening() {
        // Four states of 6, 4, 6, 4 days, two slots, makespan 10. Weights favour states 3 and 2.
        let duration: Vec<Vec<usize>> = [6, 4, 6, 4].iter().map(|&d| vec![d, d]).collect();
        let order = [3, 2, 0, 1];
        let weight = [0.1, 0.1, 1.0, 2.0];
        let (slot, r) = priority_slots("t", &duration, 10, &order, &weight, &[0, 0, 1, 1], true, &options()).unwrap();
        #[allow(clippy::needless_range_loop)]
        for k in 0..2 {
            let load: usize = slot.iter().zip(&duration).filter(|(s, _)| **s == k).map(|(_, d)| d[k]).sum();
            assert!(load <= 10);
        }
        assert_ne!(slot[3], slot[2], "the two highest priorities start on day 0: {slot:?}");
        assert!((r.objective - (0.1 * 4.0 + 0.1 * 6.0)).abs() < 1e-6, "{r:?}");
    }
}
