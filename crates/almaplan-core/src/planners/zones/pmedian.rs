//! The p-median core: choose `p` of the candidate facilities and assign every client to its
//! cheapest open facility, minimising the total assignment cost. See `models/zones.md`.
//!
//! A plain assignment MIP has `clients × facilities` variables and is far too slow for OR-Library's
//! 900-vertex instances, so the core works the way the p-median literature does:
//!
//! 1. **Upper bound**: greedy construction, then Whitaker's fast interchange (best swap of one open
//!    facility for one closed one, evaluated in `O(clients)` per candidate with the first and
//!    second closest open facility of every client).
//! 2. **Lower bound**: Lagrangian relaxation of the assignment constraints `Σ_j x_ij = 1` with
//!    multipliers `lambda`, maximised by subgradient optimisation. Its value equals the LP bound
//!    of the strong formulation; the subproblem's facility sets feed the local search (Lagrangian
//!    heuristic). With integer costs a bound `L` proves that no solution costs less than `⌈L⌉`.
//! 3. **Branch and bound** when the bounds do not meet (small `p` leaves an LP gap of up to ~1% on
//!    OR-Library): depth-first over `y_j` (facility open or closed), a warm-started subgradient at
//!    every node, Lagrangian reduction tests that close or open facilities for the whole subtree,
//!    and pruning when the node's bound proves it cannot beat the incumbent. A node LP of the
//!    strong formulation has `clients × facilities` columns; a Lagrangian node costs a few
//!    hundred `O(clients × facilities)` passes over an array, which is why the search is our own
//!    rather than HiGHS's.
//!
//! Optimality is only ever claimed from a bound that meets the objective.

use std::time::Instant;

use crate::error::Error;
use crate::lp::{relative_gap, SolveReport, SolveStatus};

/// An uncapacitated p-median problem over a dense cost matrix.
#[derive(Debug, Clone, Copy)]
pub struct PMedianProblem<'a> {
    /// Clients (units to assign), `n`.
    pub clients: usize,
    /// Candidate facilities (centres), `m`.
    pub facilities: usize,
    /// `cost[client * facilities + facility]`, already weighted by the client's demand.
    pub cost: &'a [f64],
    /// Facilities to open, 1 ≤ `p` ≤ `facilities`.
    pub p: usize,
}

/// Tuning of the exact method.
#[derive(Debug, Clone)]
pub struct PMedianOptions {
    /// Most subgradient iterations at the root.
    pub max_lagrangian_iterations: usize,
    /// Subgradient iterations without a better bound before the step factor is halved (root).
    pub patience: usize,
    /// Most subgradient iterations at a branch-and-bound node (warm-started from its parent).
    pub node_iterations: usize,
    /// Wall-clock limit of the whole method in seconds; on expiry the result keeps its gap.
    pub time_limit_s: f64,
}

impl Default for PMedianOptions {
    fn default() -> Self {
        PMedianOptions { max_lagrangian_iterations: 3000, patience: 40, node_iterations: 250, time_limit_s: 300.0 }
    }
}

/// A solution with its evidence.
#[derive(Debug, Clone)]
pub struct PMedianSolution {
    /// Open facilities, ascending.
    pub open: Vec<usize>,
    /// Facility of every client (its cheapest open one), indexed by client.
    pub assignment: Vec<usize>,
    /// Status, objective, bound, gap and seconds of the whole method.
    pub report: SolveReport,
    /// Best Lagrangian bound (before integer rounding).
    pub lagrangian_bound: f64,
    /// Branch-and-bound nodes explored after the root (0 when the root bound closed the gap).
    pub nodes: usize,
}

/// Every client's closest and second-closest open facility, for evaluating swaps.
struct Nearest {
    first: Vec<usize>,
    d1: Vec<f64>,
    d2: Vec<f64>,
}

impl Nearest {
    fn new(pb: &PMedianProblem<'_>, open: &[usize]) -> Nearest {
        let n = pb.clients;
        let mut first = vec![usize::MAX; n];
        let (mut d1, mut d2) = (vec![f64::INFINITY; n], vec![f64::INFINITY; n]);
        for i in 0..n {
            let row = &pb.cost[i * pb.facilities..(i + 1) * pb.facilities];
            for &j in open {
                let c = row[j];
                if c < d1[i] || (c == d1[i] && j < first[i]) {
                    d2[i] = d1[i];
                    d1[i] = c;
                    first[i] = j;
                } else if c < d2[i] {
                    d2[i] = c;
                }
            }
        }
        Nearest { first, d1, d2 }
    }

    fn total(&self) -> f64 {
        self.d1.iter().sum()
    }
}

/// Greedy construction: add the facility that lowers the total cost most, `p` times.
fn greedy(pb: &PMedianProblem<'_>) -> Vec<usize> {
    let (n, m) = (pb.clients, pb.facilities);
    let mut best = vec![f64::INFINITY; n];
    let mut open = Vec::with_capacity(pb.p);
    let mut is_open = vec![false; m];
    let mut total = vec![0.0; m];
    for _ in 0..pb.p {
        total.iter_mut().for_each(|t| *t = 0.0);
        for (row, &b) in pb.cost.chunks_exact(m).zip(&best) {
            for (t, &c) in total.iter_mut().zip(row) {
                *t += if c < b { c } else { b };
            }
        }
        let j = (0..m).filter(|&j| !is_open[j]).min_by(|&a, &b| total[a].total_cmp(&total[b]).then(a.cmp(&b))).expect("p ≤ facilities");
        is_open[j] = true;
        open.push(j);
        for (b, row) in best.iter_mut().zip(pb.cost.chunks_exact(m)) {
            *b = b.min(row[j]);
        }
    }
    open
}

/// Whitaker's fast interchange from `open`: applies improving swaps (first improvement, cyclic
/// over candidates) until none is left. Returns the local optimum and its cost.
fn fast_interchange(pb: &PMedianProblem<'_>, mut open: Vec<usize>) -> (Vec<usize>, f64) {
    let m = pb.facilities;
    let mut is_open = vec![false; m];
    open.iter().for_each(|&j| is_open[j] = true);
    let mut near = Nearest::new(pb, &open);
    let mut cost = near.total();
    let mut extra = vec![0.0; m];
    let mut since_improvement = 0;
    let mut j = 0;
    while since_improvement < m {
        if !is_open[j] {
            let mut base = 0.0;
            for &r in &open {
                extra[r] = 0.0;
            }
            for i in 0..pb.clients {
                let c = pb.cost[i * m + j];
                let (d1, d2) = (near.d1[i], near.d2[i]);
                if c < d1 {
                    base += c - d1;
                }
                // Cost change of client i if its closest facility were removed as well.
                extra[near.first[i]] += d2.min(c) - d1.min(c);
            }
            let (r_pos, r_extra) =
                open.iter().enumerate().map(|(k, &r)| (k, extra[r])).min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))).expect("p ≥ 1");
            let delta = base + r_extra;
            if delta < -1e-9 * cost.abs().max(1.0) {
                let r = open[r_pos];
                is_open[r] = false;
                is_open[j] = true;
                open[r_pos] = j;
                near = Nearest::new(pb, &open);
                cost = near.total();
                since_improvement = 0;
            }
        }
        since_improvement += 1;
        j = (j + 1) % m;
    }
    open.sort_unstable();
    (open, cost)
}

/// True when every cost is a whole number, so that bounds can be rounded up.
fn integer_costs(cost: &[f64]) -> bool {
    cost.iter().all(|c| c.fract() == 0.0 && c.abs() < 1e15)
}

/// What a bound proves: with integer costs no solution costs less than `⌈L⌉`.
#[derive(Debug, Clone, Copy)]
struct Proof {
    integer: bool,
}

impl Proof {
    fn proven(self, bound: f64) -> f64 {
        if self.integer {
            (bound - 1e-6).ceil()
        } else {
            bound
        }
    }

    /// True when nothing under `bound` can beat `ub` (by more than rounding).
    fn cannot_beat(self, bound: f64, ub: f64) -> bool {
        if self.integer {
            self.proven(bound) >= ub - 1e-9
        } else {
            bound >= ub - 1e-9 * ub.abs().max(1.0)
        }
    }
}

/// Facilities fixed in a branch-and-bound node.
#[derive(Debug, Clone)]
struct Fixing {
    /// 1 = forced open, -1 = closed, 0 = free.
    state: Vec<i8>,
    forced_open: usize,
}

impl Fixing {
    fn free(m: usize) -> Fixing {
        Fixing { state: vec![0; m], forced_open: 0 }
    }

    fn open(&mut self, j: usize) {
        if self.state[j] != 1 {
            self.state[j] = 1;
            self.forced_open += 1;
        }
    }
}

/// The Lagrangian subproblem at `lambda` under `fixing`: `rho_j = Σ_i min(0, cost_ij − lambda_i)`,
/// every forced-open facility plus the free ones with the smallest `rho` (ties by index) up to `p`,
/// and the bound `Σ lambda + Σ_selected rho`. `None` when the fixing leaves fewer than `p`.
struct Subproblem {
    rho: Vec<f64>,
    selected: Vec<usize>,
    /// Free facilities by increasing `rho`; the first `p − forced_open` are selected.
    free_order: Vec<usize>,
    bound: f64,
}

fn subproblem(pb: &PMedianProblem<'_>, lambda: &[f64], fixing: &Fixing) -> Option<Subproblem> {
    let m = pb.facilities;
    let mut rho = vec![0.0; m];
    let active: Vec<usize> = (0..m).filter(|&j| fixing.state[j] != -1).collect();
    if active.len() * 2 > m {
        for (i, &l) in lambda.iter().enumerate() {
            let row = &pb.cost[i * m..(i + 1) * m];
            for (r, &c) in rho.iter_mut().zip(row) {
                let v = c - l;
                *r += if v < 0.0 { v } else { 0.0 };
            }
        }
    } else {
        // Deep in the search most facilities are closed: only the others matter.
        let mut sums = vec![0.0; active.len()];
        for (i, &l) in lambda.iter().enumerate() {
            let row = &pb.cost[i * m..(i + 1) * m];
            for (r, &j) in sums.iter_mut().zip(&active) {
                let v = row[j] - l;
                *r += if v < 0.0 { v } else { 0.0 };
            }
        }
        active.iter().zip(sums).for_each(|(&j, r)| rho[j] = r);
    }
    let need = pb.p.checked_sub(fixing.forced_open)?;
    let mut free_order: Vec<usize> = (0..m).filter(|&j| fixing.state[j] == 0).collect();
    if free_order.len() < need {
        return None;
    }
    free_order.sort_by(|&a, &b| rho[a].total_cmp(&rho[b]).then(a.cmp(&b)));
    let mut selected: Vec<usize> = (0..m).filter(|&j| fixing.state[j] == 1).collect();
    selected.extend_from_slice(&free_order[..need]);
    let bound = lambda.iter().sum::<f64>() + selected.iter().map(|&j| rho[j]).sum::<f64>();
    Some(Subproblem { rho, selected, free_order, bound })
}

/// The incumbent, shared by the root and every node.
struct Incumbent {
    open: Vec<usize>,
    cost: f64,
}

impl Incumbent {
    fn offer(&mut self, pb: &PMedianProblem<'_>, start: Vec<usize>) {
        let (open, cost) = fast_interchange(pb, start);
        if cost < self.cost - 1e-9 {
            self.cost = cost;
            self.open = open;
        }
    }
}

/// Subgradient optimisation of the Lagrangian dual under `fixing`, from `lambda` (updated to the
/// best multipliers found). Returns the best bound, or `None` when the fixing is infeasible.
#[allow(clippy::too_many_arguments)]
fn subgradient(
    pb: &PMedianProblem<'_>,
    lambda: &mut Vec<f64>,
    fixing: &Fixing,
    incumbent: &mut Incumbent,
    proof: Proof,
    iterations: usize,
    patience: usize,
    mut step: f64,
    heuristic_every: usize,
    deadline: Instant,
) -> Option<f64> {
    let n = pb.clients;
    let m = pb.facilities;
    let mut best_bound = f64::NEG_INFINITY;
    let mut best_lambda = lambda.clone();
    let mut stale = 0;
    let mut last_heuristic: Vec<usize> = Vec::new();
    let mut gradient = vec![0.0; n];
    for iteration in 0..iterations.max(1) {
        let sub = subproblem(pb, lambda, fixing)?;
        if sub.bound > best_bound + 1e-9 {
            best_bound = sub.bound;
            best_lambda.clone_from(lambda);
            stale = 0;
        } else {
            stale += 1;
            if stale >= patience {
                step /= 2.0;
                stale = 0;
            }
        }
        // Any multipliers give a valid bound: at the deadline the best so far stands.
        if proof.cannot_beat(best_bound, incumbent.cost) || step < 1e-4 || Instant::now() >= deadline {
            break;
        }
        let mut selected = sub.selected.clone();
        selected.sort_unstable();
        // Lagrangian heuristic: the subproblem's facilities are often a near-optimal set.
        if iteration % heuristic_every == 0 && selected != last_heuristic {
            last_heuristic.clone_from(&selected);
            incumbent.offer(pb, selected.clone());
        }
        let mut norm = 0.0;
        for i in 0..n {
            let row = &pb.cost[i * m..(i + 1) * m];
            let covered = selected.iter().filter(|&&j| row[j] < lambda[i]).count();
            gradient[i] = 1.0 - covered as f64;
            norm += gradient[i] * gradient[i];
        }
        if norm == 0.0 {
            // Every client served exactly once: the subproblem's solution is feasible and optimal
            // under this fixing.
            incumbent.offer(pb, selected);
            best_bound = best_bound.max(sub.bound);
            break;
        }
        let t = step * (incumbent.cost - sub.bound).max(1e-6 * incumbent.cost.abs().max(1.0)) / norm;
        for (l, g) in lambda.iter_mut().zip(&gradient) {
            *l += t * g;
        }
    }
    *lambda = best_lambda;
    Some(best_bound)
}

/// Lagrangian reduction tests under `fixing` at `lambda`: a free facility left out whose opening
/// would lift the bound past the incumbent is closed; a selected one whose closing would is
/// forced open. Returns the node's bound and whether anything changed.
fn reduce(pb: &PMedianProblem<'_>, lambda: &[f64], fixing: &mut Fixing, ub: f64, proof: Proof) -> Option<(f64, bool)> {
    let sub = subproblem(pb, lambda, fixing)?;
    let need = pb.p - fixing.forced_open;
    let mut changed = false;
    if need > 0 {
        let last_in = sub.rho[sub.free_order[need - 1]];
        let first_out = sub.free_order.get(need).map(|&j| sub.rho[j]);
        for &j in &sub.free_order[need..] {
            if proof.cannot_beat(sub.bound + sub.rho[j] - last_in, ub) {
                fixing.state[j] = -1;
                changed = true;
            }
        }
        for &j in &sub.free_order[..need] {
            let closing = match first_out {
                Some(out) => sub.bound - sub.rho[j] + out,
                None => f64::INFINITY,
            };
            if proof.cannot_beat(closing, ub) {
                fixing.open(j);
                changed = true;
            }
        }
    }
    Some((sub.bound, changed))
}

/// Subgradient iterations between Lagrangian heuristic calls below the root: the search mostly
/// needs bounds there, and a fast interchange costs as much as dozens of iterations.
const HEURISTIC_EVERY_AT_NODES: usize = 50;

/// A node waiting in the search: its fixing, multipliers and the bound inherited from its parent.
struct Node {
    fixing: Fixing,
    lambda: Vec<f64>,
    parent_bound: f64,
}

/// Solves a p-median problem with proof: see the module documentation.
///
/// The report's status is `Optimal` only when the bound meets the objective, else `TimeLimit` with
/// the gap.
///
/// ```
/// use almaplan_core::planners::zones::pmedian::{solve, PMedianOptions, PMedianProblem};
/// use almaplan_core::lp::SolveStatus;
///
/// // Four clients on a line at 0, 1, 10, 11; facilities at the same places; open two.
/// let at = [0.0_f64, 1.0, 10.0, 11.0];
/// let cost: Vec<f64> = at.iter().flat_map(|a| at.iter().map(move |b| (a - b).abs())).collect();
/// let pb = PMedianProblem { clients: 4, facilities: 4, cost: &cost, p: 2 };
/// let s = solve(&pb, &PMedianOptions::default())?;
/// assert_eq!(s.report.objective, 2.0); // each pair served from one of its two points
/// assert_eq!(s.report.status, SolveStatus::Optimal);
/// assert_eq!(s.assignment[0], s.assignment[1]);
/// # Ok::<(), almaplan_core::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Solver`] when `p` is 0 or more than the facilities, or there is no client.
///
/// # Panics
///
/// When `cost` is not `clients × facilities` long.
pub fn solve(pb: &PMedianProblem<'_>, options: &PMedianOptions) -> Result<PMedianSolution, Error> {
    let start = Instant::now();
    let deadline = start + std::time::Duration::from_secs_f64(options.time_limit_s.clamp(0.0, 1e9));
    let (n, m, p) = (pb.clients, pb.facilities, pb.p);
    assert_eq!(pb.cost.len(), n * m, "cost matrix is clients × facilities");
    if p == 0 || p > m || n == 0 {
        return Err(Error::Solver {
            model: "p-mediana".into(),
            message: format!("p = {p} debe estar entre 1 y las {m} sedes candidatas, con al menos un cliente"),
        });
    }
    let proof = Proof { integer: integer_costs(pb.cost) };
    let (open, cost) = fast_interchange(pb, greedy(pb));
    let mut incumbent = Incumbent { open, cost };

    let mut lambda: Vec<f64> = Nearest::new(pb, &incumbent.open).d1;
    let root_fixing = Fixing::free(m);
    let lagrangian_bound = subgradient(
        pb,
        &mut lambda,
        &root_fixing,
        &mut incumbent,
        proof,
        options.max_lagrangian_iterations,
        options.patience,
        2.0,
        10,
        deadline,
    )
    .expect("the root is feasible");

    // Depth-first branch and bound over open/closed facilities.
    let mut stack = vec![Node { fixing: root_fixing, lambda, parent_bound: lagrangian_bound }];
    let mut nodes = 0usize;
    let mut first = true;
    let mut timed_out = false;
    while let Some(node) = stack.pop() {
        if proof.cannot_beat(node.parent_bound, incumbent.cost) {
            continue;
        }
        if start.elapsed().as_secs_f64() > options.time_limit_s {
            stack.push(node);
            timed_out = true;
            break;
        }
        let Node { mut fixing, mut lambda, parent_bound } = node;
        let mut bound = parent_bound;
        if !first {
            nodes += 1;
            match subgradient(
                pb,
                &mut lambda,
                &fixing,
                &mut incumbent,
                proof,
                options.node_iterations,
                20,
                0.5,
                HEURISTIC_EVERY_AT_NODES,
                deadline,
            ) {
                Some(b) => bound = bound.max(b),
                None => continue,
            }
        }
        first = false;
        // Reduction tests until nothing changes; each change can only raise the bound.
        let mut feasible = true;
        for _ in 0..5 {
            if proof.cannot_beat(bound, incumbent.cost) {
                break;
            }
            match reduce(pb, &lambda, &mut fixing, incumbent.cost, proof) {
                None => {
                    feasible = false;
                    break;
                }
                Some((b, changed)) => {
                    bound = bound.max(b);
                    if !changed {
                        break;
                    }
                }
            }
        }
        if !feasible || proof.cannot_beat(bound, incumbent.cost) {
            continue;
        }
        let Some(sub) = subproblem(pb, &lambda, &fixing) else { continue };
        if fixing.forced_open == p {
            // Every facility fixed: the node is a single solution.
            let forced: Vec<usize> = (0..m).filter(|&j| fixing.state[j] == 1).collect();
            incumbent.offer(pb, forced);
            continue;
        }
        // Branch on the free selected facility that serves the most clients in the subproblem.
        let need = p - fixing.forced_open;
        let branch = sub.free_order[..need]
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let served = |j: usize| (0..n).filter(|&i| pb.cost[i * m + j] < lambda[i]).count();
                served(a).cmp(&served(b)).then(b.cmp(&a))
            })
            .expect("need > 0");
        let mut closed = fixing.clone();
        closed.state[branch] = -1;
        let mut opened = fixing;
        opened.open(branch);
        // Explore the "open" child first: it follows the subproblem's choice.
        stack.push(Node { fixing: closed, lambda: lambda.clone(), parent_bound: bound });
        stack.push(Node { fixing: opened, lambda, parent_bound: bound });
    }
    let objective = incumbent.cost;
    // Without a timeout every node was pruned: the incumbent is optimal. Otherwise the weakest
    // waiting node bounds what is left.
    let bound = if timed_out {
        let open_nodes = stack.iter().map(|nd| nd.parent_bound).fold(f64::INFINITY, f64::min);
        proof.proven(open_nodes.min(objective)).min(objective)
    } else {
        objective
    };
    let status = if proof.cannot_beat(bound, objective) { SolveStatus::Optimal } else { SolveStatus::TimeLimit };
    let near = Nearest::new(pb, &incumbent.open);
    let report = SolveReport {
        model: "p-mediana".into(),
        status,
        objective,
        bound,
        gap: if status == SolveStatus::Optimal { 0.0 } else { relative_gap(objective, bound) },
        seconds: start.elapsed().as_secs_f64(),
        variables: n * m + m,
        constraints: n * m + n + 1,
        integer: true,
    };
    Ok(PMedianSolution { open: incumbent.open, assignment: near.first, report, lagrangian_bound, nodes })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force over every set of `p` facilities.
    fn brute_force(pb: &PMedianProblem<'_>) -> f64 {
        fn rec(pb: &PMedianProblem<'_>, start: usize, chosen: &mut Vec<usize>, best: &mut f64) {
            if chosen.len() == pb.p {
                *best = best.min(Nearest::new(pb, chosen).total());
                return;
            }
            for j in start..pb.facilities {
                chosen.push(j);
                rec(pb, j + 1, chosen, best);
                chosen.pop();
            }
        }
        let mut best = f64::INFINITY;
        rec(pb, 0, &mut Vec::new(), &mut best);
        best
    }

    fn random_problem(seed: u64, n: usize, m: usize, integer: bool) -> Vec<f64> {
        let mut rng = crate::synthetic::Rng::new(seed);
        let points: Vec<(f64, f64)> = (0..n.max(m)).map(|_| (rng.f64() * 100.0, rng.f64() * 100.0)).collect();
        let mut cost = Vec::with_capacity(n * m);
        for i in 0..n {
            for j in 0..m {
                let d = ((points[i].0 - points[j].0).powi(2) + (points[i].1 - points[j].1).powi(2)).sqrt();
                cost.push(if integer { d.round() } else { d });
            }
        }
        cost
    }

    #[test]
    fn matches_brute_force_with_a_closed_bound() {
        for (seed, integer) in [(1, true), (2, false), (3, true), (4, false)] {
            let (n, m) = (40, 14);
            let cost = random_problem(seed, n, m, integer);
            for p in [1, 3, 5] {
                let pb = PMedianProblem { clients: n, facilities: m, cost: &cost, p };
                let s = solve(&pb, &PMedianOptions::default()).unwrap();
                let want = brute_force(&pb);
                assert!((s.report.objective - want).abs() < 1e-6, "seed {seed} p {p}: {} vs {want}", s.report.objective);
                assert_eq!(s.report.status, SolveStatus::Optimal, "{:?}", s.report);
                assert!(s.report.bound >= want - 1e-6 * want, "bound {} below optimum {want}", s.report.bound);
                assert_eq!(s.open.len(), p);
            }
        }
    }

    #[test]
    fn branch_and_bound_closes_what_the_root_bound_leaves_open() {
        // Two root iterations leave a gap; the search must still prove the optimum.
        for seed in [7, 8, 9] {
            let (n, m) = (40, 14);
            let cost = random_problem(seed, n, m, seed != 8);
            let pb = PMedianProblem { clients: n, facilities: m, cost: &cost, p: 4 };
            let options = PMedianOptions { max_lagrangian_iterations: 2, node_iterations: 5, ..Default::default() };
            let s = solve(&pb, &options).unwrap();
            assert!((s.report.objective - brute_force(&pb)).abs() < 1e-6);
            assert_eq!(s.report.status, SolveStatus::Optimal);
            assert!(s.nodes > 0, "seed {seed}: the root alone closed the gap");
        }
    }
}
