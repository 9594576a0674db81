//! Lagrangian bound, Lagrangian heuristic and pair elimination for the capacitated p-median with
//! unit workloads (zones balanced by unit counts, the default). See `models/zones.md`.
//!
//! Relaxing the assignment constraints `Σ_j x_ij = 1` with multipliers `lambda_i` leaves, for
//! every candidate centre `j`, the problem "pick between `lo` and `hi` units at least reduced cost
//! `c_ij − lambda_i`": the `lo` cheapest units and then every further negative one up to `hi`
//! (`rho_j`, found with a linear-time selection). The relaxation opens the `p` centres with the
//! smallest `rho_j`; `L(lambda) = Σ_i lambda_i + Σ_{p smallest} rho_j` is a lower bound of the
//! balanced zoning over **every** unit–centre pair (not only the nearest ones the MIP uses), so it
//! is stronger than the uncapacitated optimum whenever the balance binds. Subgradient steps follow
//! Polyak's rule with a halving factor; the counts are fixed, so the result does not depend on the
//! machine's speed.
//!
//! Every `HEURISTIC_EVERY` iterations the relaxation's centres, when new, get their least-cost
//! balanced assignment (`super::assign`, a transportation LP with integral vertices): the best is
//! the incumbent. Finally the reduced-cost test removes every pair `(i, j)` that cannot be part of
//! a zoning cheaper than the incumbent: forcing `x_ij = 1` raises the bound by at least `delta_ij`
//! (the change of `j`'s own selection, plus the swap of `j` for the last opened centre when `j` is
//! closed in the relaxation), and `L + delta_ij ≥ incumbent` removes the pair. The MIP that may
//! follow works on the surviving pairs only.

use std::collections::BTreeSet;

use crate::error::Error;

/// A zoning: every unit's centre, and its cost.
pub(super) type Zoning = (Vec<usize>, f64);

/// The Lagrangian heuristic's evaluation: the least-cost balanced assignment to the given open
/// centres, `None` when there is none.
pub(super) type Evaluate<'a> = dyn FnMut(&[usize]) -> Result<Option<Zoning>, Error> + 'a;

/// Subgradient iterations between two Lagrangian heuristic calls.
const HEURISTIC_EVERY: usize = 5;

/// A balanced p-median with unit workloads over a dense cost matrix.
#[derive(Debug, Clone, Copy)]
pub(super) struct Balanced<'a> {
    /// Units (clients), `n`.
    pub n: usize,
    /// Candidate centres, `m`.
    pub m: usize,
    /// `cost[i * m + j]`.
    pub cost: &'a [f64],
    /// Centres to open.
    pub p: usize,
    /// Fewest units per open centre.
    pub lo: usize,
    /// Most units per open centre.
    pub hi: usize,
}

/// Limits of the subgradient search (deterministic counts, never the clock).
#[derive(Debug, Clone, Copy)]
pub(super) struct LagrangianLimits {
    /// Most subgradient iterations.
    pub iterations: usize,
    /// Iterations without a better bound before the step factor halves.
    pub patience: usize,
    /// Relative gap at which the search stops.
    pub rel_gap: f64,
    /// The planner's clock (its time limit's share for the state): the subgradient and the swap
    /// search stop there too, keeping the best bound and incumbent so far. With the default
    /// limits the counts stop first and the answer does not depend on the machine.
    pub deadline: Option<std::time::Instant>,
}

impl Default for LagrangianLimits {
    fn default() -> Self {
        LagrangianLimits { iterations: 1000, patience: 30, rel_gap: 1e-4, deadline: None }
    }
}

/// What the Lagrangian phase found.
#[derive(Debug, Clone)]
pub(super) struct Outcome {
    /// Centre of every unit in the incumbent (`None` when no balanced zoning was found).
    pub incumbent: Option<(Vec<usize>, f64)>,
    /// Best Lagrangian bound over every pair.
    pub bound: f64,
    /// Pairs that may still be in a zoning cheaper than the incumbent (every pair when there is
    /// no incumbent), per unit, plus the incumbent's own pair.
    pub pairs: Vec<Vec<usize>>,
}

/// The relaxation at fixed multipliers.
struct Relaxed {
    rho: Vec<f64>,
    /// Units each centre picks, for the centres opened.
    picked: Vec<Vec<usize>>,
    /// Centres by increasing `rho` (ties by index); the first `p` are opened.
    order: Vec<usize>,
    bound: f64,
}

/// `j`'s selection at `lambda`: how many units it picks and the reduced cost of the last one,
/// with the selected units written to `picked` when asked.
fn select(pb: &Balanced<'_>, lambda: &[f64], j: usize, buf: &mut Vec<(f64, usize)>, picked: Option<&mut Vec<usize>>) -> (f64, usize, f64) {
    buf.clear();
    buf.extend((0..pb.n).map(|i| (pb.cost[i * pb.m + j] - lambda[i], i)));
    let negative = buf.iter().filter(|(r, _)| *r < 0.0).count();
    let s = negative.clamp(pb.lo, pb.hi).min(pb.n);
    if s == 0 {
        return (0.0, 0, 0.0);
    }
    let cmp = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    buf.select_nth_unstable_by(s - 1, cmp);
    let last = buf[s - 1].0;
    let rho = buf[..s].iter().map(|(r, _)| r).sum();
    if let Some(out) = picked {
        out.clear();
        out.extend(buf[..s].iter().map(|&(_, i)| i));
    }
    (rho, s, last)
}

fn relax(pb: &Balanced<'_>, lambda: &[f64], buf: &mut Vec<(f64, usize)>) -> Relaxed {
    let rho: Vec<f64> = (0..pb.m).map(|j| select(pb, lambda, j, buf, None).0).collect();
    let mut order: Vec<usize> = (0..pb.m).collect();
    order.sort_by(|&a, &b| rho[a].total_cmp(&rho[b]).then(a.cmp(&b)));
    let picked = order[..pb.p]
        .iter()
        .map(|&j| {
            let mut v = Vec::new();
            select(pb, lambda, j, buf, Some(&mut v));
            v
        })
        .collect();
    let bound = lambda.iter().sum::<f64>() + order[..pb.p].iter().map(|&j| rho[j]).sum::<f64>();
    Relaxed { rho, picked, order, bound }
}

/// Subgradient optimisation of the Lagrangian dual from the start assignment's costs, with the
/// Lagrangian heuristic (`evaluate` gives the balanced assignment of a set of open centres, or
/// `None`), then the reduced-cost elimination of pairs.
pub(super) fn solve(
    pb: &Balanced<'_>,
    start: Option<(Vec<usize>, f64)>,
    limits: LagrangianLimits,
    evaluate: &mut Evaluate<'_>,
) -> Result<Outcome, Error> {
    let (n, m) = (pb.n, pb.m);
    let mut incumbent = start;
    let mut lambda: Vec<f64> = match &incumbent {
        Some((a, _)) => (0..n).map(|i| pb.cost[i * m + a[i]]).collect(),
        None => (0..n).map(|i| (0..m).map(|j| pb.cost[i * m + j]).fold(f64::INFINITY, f64::min)).collect(),
    };
    let mut buf = Vec::with_capacity(n);
    let mut best = (f64::NEG_INFINITY, lambda.clone());
    let mut tried: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut step = 2.0;
    let mut stale = 0;
    let mut iterations = 0;
    let mut covered = vec![0i32; n];
    let gap_closed = |bound: f64, inc: &Option<(Vec<usize>, f64)>| {
        inc.as_ref().is_some_and(|(_, ub)| bound >= ub - limits.rel_gap * ub.abs().max(1e-9) - 1e-9)
    };
    let out_of_time = || limits.deadline.is_some_and(|d| std::time::Instant::now() >= d);
    while iterations < limits.iterations {
        if out_of_time() && incumbent.is_some() {
            break;
        }
        iterations += 1;
        let r = relax(pb, &lambda, &mut buf);
        if best.0 == f64::NEG_INFINITY || r.bound > best.0 + 1e-9 * best.0.abs().max(1.0) {
            best = (r.bound, lambda.clone());
            stale = 0;
        } else {
            stale += 1;
            if stale >= limits.patience {
                step /= 2.0;
                stale = 0;
            }
        }
        if (iterations - 1) % HEURISTIC_EVERY == 0 {
            let mut open: Vec<usize> = r.order[..pb.p].to_vec();
            open.sort_unstable();
            if tried.insert(open.clone()) {
                if let Some((a, c)) = evaluate(&open)? {
                    if incumbent.as_ref().is_none_or(|(_, ub)| c < ub - 1e-9) {
                        incumbent = Some((a, c));
                    }
                }
            }
        }
        if gap_closed(best.0, &incumbent) || step < 1e-4 {
            break;
        }
        covered.iter_mut().for_each(|c| *c = 0);
        r.picked.iter().flatten().for_each(|&i| covered[i] += 1);
        let norm: f64 = covered.iter().map(|&c| ((1 - c) as f64).powi(2)).sum();
        if norm == 0.0 {
            // The relaxation's answer assigns every unit once: it is a balanced zoning.
            break;
        }
        let target = incumbent.as_ref().map_or(r.bound.abs().max(1.0) * 1.05, |(_, ub)| *ub);
        let t = step * (target - r.bound).max(1e-6 * r.bound.abs().max(1.0)) / norm;
        lambda.iter_mut().zip(&covered).for_each(|(l, &c)| *l += t * (1 - c) as f64);
    }
    // Reduced-cost elimination at the best multipliers, after a swap search from the incumbent.
    let (bound, lambda) = best;
    let r = relax(pb, &lambda, &mut buf);
    if !gap_closed(bound, &incumbent) && !out_of_time() {
        incumbent = swap_search(incumbent, &r.order, &mut tried, evaluate, limits.deadline)?;
    }
    let pairs = match &incumbent {
        None => vec![(0..m).collect(); n],
        Some((a, ub)) => {
            let cut = ub - 1e-9 * ub.abs().max(1.0);
            let last_open = r.rho[r.order[pb.p - 1]];
            let mut keep = vec![Vec::new(); n];
            let mut inside = vec![false; n];
            for (pos, &j) in r.order.iter().enumerate() {
                let opened = pos < pb.p;
                let mut picked = Vec::new();
                let (rho, s, last) = select(pb, &lambda, j, &mut buf, Some(&mut picked));
                inside.iter_mut().for_each(|v| *v = false);
                picked.iter().for_each(|&i| inside[i] = true);
                let negative = (0..n).filter(|&i| pb.cost[i * m + j] - lambda[i] < 0.0).count();
                // Forcing one more unit in: the others pick clamp(negative, lo − 1, hi − 1).
                let t = negative.clamp(pb.lo.saturating_sub(1), pb.hi.saturating_sub(1));
                let dropped = if t < s { last } else { 0.0 };
                let open_cost = if opened { 0.0 } else { rho - last_open };
                for i in 0..n {
                    let delta = if inside[i] { 0.0 } else { pb.cost[i * m + j] - lambda[i] - dropped };
                    if a[i] == j || r.bound + open_cost + delta < cut {
                        keep[i].push(j);
                    }
                }
            }
            keep.iter_mut().for_each(|row| row.sort_unstable());
            keep
        }
    };
    Ok(Outcome { incumbent, bound, pairs })
}

/// Closed centres tried in the swap search: the first this many by the relaxation's `rho`.
const SWAP_CANDIDATES: usize = 12;
/// Most centre sets the swap search evaluates.
const SWAP_EVALUATIONS: usize = 400;

/// Swap search over the incumbent's centres: for each of the `SWAP_CANDIDATES` closed centres
/// with the smallest `rho` (in that order), each open centre in turn is replaced by it and the
/// balanced assignment evaluated; the first improvement is taken and the search starts again,
/// until no swap improves or `SWAP_EVALUATIONS` sets were evaluated (a count: deterministic).
fn swap_search(
    incumbent: Option<Zoning>,
    order: &[usize],
    tried: &mut BTreeSet<Vec<usize>>,
    evaluate: &mut Evaluate<'_>,
    deadline: Option<std::time::Instant>,
) -> Result<Option<Zoning>, Error> {
    let Some(mut best) = incumbent else { return Ok(None) };
    let mut evaluations = 0;
    'improve: loop {
        let mut open: Vec<usize> = best.0.clone();
        open.sort_unstable();
        open.dedup();
        let closed: Vec<usize> = order.iter().copied().filter(|j| !open.contains(j)).take(SWAP_CANDIDATES).collect();
        for &j in &closed {
            for &r in &open {
                if evaluations >= SWAP_EVALUATIONS || deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                    break 'improve;
                }
                let mut set: Vec<usize> = open.iter().copied().filter(|&x| x != r).chain(std::iter::once(j)).collect();
                set.sort_unstable();
                if !tried.insert(set.clone()) {
                    continue;
                }
                evaluations += 1;
                if let Some(z) = evaluate(&set)? {
                    if z.1 < best.1 - 1e-9 * best.1.abs().max(1.0) {
                        best = z;
                        continue 'improve;
                    }
                }
            }
        }
        break;
    }
    Ok(Some(best))
}

/// The least-cost balanced assignment of every unit to one of the `open` centres (each centre
/// between `lo` and `hi` units), over every pair: a transportation problem with unit supplies,
/// solved on the graph of the open centres (few) rather than of the units. Start: every unit at
/// its cheapest centre. An edge `k → l` moves the unit of `k` whose move to `l` costs least; a
/// negative cycle of such moves (distinct units, one per centre left) lowers the cost and is
/// applied; otherwise a centre over `hi` sends a unit along the cheapest path to a centre under
/// `hi`, then a centre under `lo` receives one along the cheapest path from a centre over `lo`.
/// With no violation and no negative cycle the assignment is optimal (the residual graph of the
/// transportation problem has no negative cycle). `None` when `p·lo > n` or `p·hi < n`.
pub(super) fn transport(pb: &Balanced<'_>, open: &[usize]) -> Option<Zoning> {
    let (n, m, q) = (pb.n, pb.m, open.len());
    if q == 0 || q * pb.lo > n || q * pb.hi < n {
        return None;
    }
    let c = |i: usize, k: usize| pb.cost[i * m + open[k]];
    let mut a: Vec<usize> = (0..n).map(|i| (0..q).min_by(|&x, &y| c(i, x).total_cmp(&c(i, y)).then(x.cmp(&y))).expect("q ≥ 1")).collect();
    let mut count = vec![0usize; q];
    a.iter().for_each(|&k| count[k] += 1);
    let mut w = vec![f64::INFINITY; q * q];
    let mut unit = vec![usize::MAX; q * q];
    // Each step cancels a cycle (cost falls) or moves one unit of violation: bounded.
    for _ in 0..(4 * n * q + 100) {
        w.iter_mut().for_each(|x| *x = f64::INFINITY);
        for (i, &k) in a.iter().enumerate() {
            let base = c(i, k);
            for l in (0..q).filter(|&l| l != k) {
                let d = c(i, l) - base;
                if d < w[k * q + l] {
                    w[k * q + l] = d;
                    unit[k * q + l] = i;
                }
            }
        }
        let apply = |path: &[(usize, usize)], a: &mut Vec<usize>, count: &mut Vec<usize>| {
            let moves: Vec<(usize, usize)> = path.iter().map(|&(k, l)| (unit[k * q + l], l)).collect();
            for (i, l) in moves {
                count[a[i]] -= 1;
                count[l] += 1;
                a[i] = l;
            }
        };
        // Negative cycle (Bellman–Ford from a virtual source to every centre).
        let (_, pred, last) = bellman_ford(q, &w, &(0..q).collect::<Vec<_>>());
        if let Some(cycle) = last.and_then(|v| cycle_through(&pred, v, q)) {
            let gain: f64 = cycle.iter().map(|&(k, l)| w[k * q + l]).sum();
            if gain < -1e-9 {
                apply(&cycle, &mut a, &mut count);
                continue;
            }
        }
        let over: Vec<usize> = (0..q).filter(|&k| count[k] > pb.hi).collect();
        let under: Vec<usize> = (0..q).filter(|&k| count[k] < pb.lo).collect();
        let (sources, targets): (Vec<usize>, Vec<usize>) = if !over.is_empty() {
            (over, (0..q).filter(|&k| count[k] < pb.hi).collect())
        } else if !under.is_empty() {
            ((0..q).filter(|&k| count[k] > pb.lo).collect(), under)
        } else {
            let total = (0..n).map(|i| c(i, a[i])).sum();
            return Some((a.iter().map(|&k| open[k]).collect(), total));
        };
        let (dist, pred, _) = bellman_ford(q, &w, &sources);
        let t = targets.iter().copied().filter(|&t| dist[t].is_finite()).min_by(|&x, &y| dist[x].total_cmp(&dist[y]).then(x.cmp(&y)))?;
        let mut path = Vec::new();
        let mut v = t;
        while let Some(u) = pred[v] {
            path.push((u, v));
            v = u;
            if path.len() > q {
                return None;
            }
        }
        path.reverse();
        apply(&path, &mut a, &mut count);
    }
    None
}

/// The cycle of the predecessor walk from `v` (after `q` steps the walk is on it), as edges.
fn cycle_through(pred: &[Option<usize>], mut v: usize, q: usize) -> Option<Vec<(usize, usize)>> {
    for _ in 0..q {
        v = pred[v]?;
    }
    let start = v;
    let mut cycle = Vec::new();
    loop {
        let u = pred[v]?;
        cycle.push((u, v));
        v = u;
        if v == start {
            return Some(cycle);
        }
        if cycle.len() > q {
            return None;
        }
    }
}

/// Shortest distances on the complete graph of `q` nodes with edge weights `w` (infinite: no
/// edge) from `sources` (distance 0). Returns the distances, predecessors and, when the last
/// round still relaxes an edge (a negative cycle), a node whose predecessor walk reaches it.
fn bellman_ford(q: usize, w: &[f64], sources: &[usize]) -> (Vec<f64>, Vec<Option<usize>>, Option<usize>) {
    let mut dist = vec![f64::INFINITY; q];
    let mut pred = vec![None; q];
    sources.iter().for_each(|&s| dist[s] = 0.0);
    let mut last = None;
    for _ in 0..q {
        last = None;
        for k in 0..q {
            if !dist[k].is_finite() {
                continue;
            }
            for l in 0..q {
                let e = w[k * q + l];
                if e.is_finite() && dist[k] + e < dist[l] - 1e-9 {
                    dist[l] = dist[k] + e;
                    pred[l] = Some(k);
                    last = Some(l);
                }
            }
        }
        if last.is_none() {
            break;
        }
    }
    (dist, pred, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every balanced zoning of a tiny instance: (assignment, cost).
    fn every_zoning(pb: &Balanced<'_>) -> Vec<(Vec<usize>, f64)> {
        let mut out = Vec::new();
        let total = pb.m.pow(pb.n as u32);
        for code in 0..total {
            let a: Vec<usize> = (0..pb.n).map(|i| (code / pb.m.pow(i as u32)) % pb.m).collect();
            let mut count = vec![0; pb.m];
            a.iter().for_each(|&j| count[j] += 1);
            let open = count.iter().filter(|&&c| c > 0).count();
            if open == pb.p && count.iter().all(|&c| c == 0 || (pb.lo..=pb.hi).contains(&c)) {
                let cost = a.iter().enumerate().map(|(i, &j)| pb.cost[i * pb.m + j]).sum();
                out.push((a, cost));
            }
        }
        out
    }

    #[test]
    fn bound_is_below_the_optimum_and_elimination_keeps_every_better_zoning() {
        let (n, m) = (8, 4);
        // Units 0–5 near centre 0, so the balance binds.
        let cost: Vec<f64> = (0..n * m).map(|k| ((k * 37 + 11) % 23) as f64 + if k % m == 0 && k / m < 6 { 0.0 } else { 10.0 }).collect();
        let pb = Balanced { n, m, cost: &cost, p: 2, lo: 3, hi: 5 };
        let all = every_zoning(&pb);
        let optimum = all.iter().map(|z| z.1).fold(f64::INFINITY, f64::min);
        // The heuristic's balanced assignment for given centres, by enumeration.
        let mut evaluate = |open: &[usize]| -> Result<Option<(Vec<usize>, f64)>, Error> {
            Ok(all.iter().filter(|(a, _)| a.iter().all(|j| open.contains(j))).min_by(|x, y| x.1.total_cmp(&y.1)).cloned())
        };
        // Start from a poor zoning so that elimination has something to keep.
        let worst = all.iter().max_by(|x, y| x.1.total_cmp(&y.1)).cloned();
        let limits = LagrangianLimits { iterations: 200, patience: 10, rel_gap: 0.0, deadline: None };
        let out = solve(&pb, worst, limits, &mut evaluate).unwrap();
        assert!(out.bound <= optimum + 1e-9, "bound {} above the optimum {optimum}", out.bound);
        let (_, ub) = out.incumbent.clone().unwrap();
        assert!(ub >= optimum - 1e-9);
        for (a, c) in &all {
            if *c < ub - 1e-6 {
                assert!(a.iter().enumerate().all(|(i, j)| out.pairs[i].contains(j)), "a zoning of cost {c} < {ub} lost a pair");
            }
        }
        // The incumbent's pairs stay.
        let (a, _) = out.incumbent.unwrap();
        assert!(a.iter().enumerate().all(|(i, j)| out.pairs[i].contains(j)));

        // Without the heuristic, from the first zoning worse than the optimum: the cheaper ones
        // keep their pairs, and some pairs go.
        let mut sorted = all.clone();
        sorted.sort_by(|x, y| x.1.total_cmp(&y.1));
        let start = sorted.iter().find(|z| z.1 > optimum + 1e-6).cloned().unwrap();
        let out = solve(&pb, Some(start.clone()), limits, &mut |_: &[usize]| Ok(None)).unwrap();
        assert_eq!(out.incumbent.as_ref().map(|z| z.1), Some(start.1));
        let better: Vec<_> = all.iter().filter(|z| z.1 < start.1 - 1e-6).collect();
        assert!(!better.is_empty());
        for (a, c) in better {
            assert!(a.iter().enumerate().all(|(i, j)| out.pairs[i].contains(j)), "a zoning of cost {c} lost a pair");
        }
        let kept: usize = out.pairs.iter().map(Vec::len).sum();
        assert!(kept < n * m, "the reduced-cost test removed no pair ({kept})");
    }
}

#[cfg(test)]
mod transport_tests {
    use super::*;

    #[test]
    fn the_balanced_assignment_is_the_transportation_lp_optimum() {
        // Random instances against the transportation LP through HiGHS.
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        for case in 0..40 {
            let (n, m) = (20 + case % 17, 4 + case % 5);
            let cost: Vec<f64> = (0..n * m).map(|_| (next() * 100.0).round() / 4.0).collect();
            let q = 2 + case % 3;
            let open: Vec<usize> = (0..q).map(|k| (k * 2 + case) % m).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            let q = open.len();
            let mean = n as f64 / q as f64;
            let (lo, hi) = ((0.75 * mean).floor() as usize, (1.25 * mean).ceil() as usize);
            let pb = Balanced { n, m, cost: &cost, p: q, lo, hi };
            let (a, total) = transport(&pb, &open).expect("feasible");
            let mut count = vec![0usize; m];
            a.iter().for_each(|&j| count[j] += 1);
            assert!(open.iter().all(|&j| (lo..=hi).contains(&count[j])), "case {case}: {count:?} outside {lo}..{hi}");
            assert!((total - a.iter().enumerate().map(|(i, &j)| cost[i * m + j]).sum::<f64>()).abs() < 1e-9);
            let pairs = vec![open.clone(); n];
            let weight = vec![1.0; n];
            let (_, lp) =
                super::super::assign(&pairs, &weight, &cost, m, (lo as f64, hi as f64), &crate::lp::SolveOptions::default(), "prueba")
                    .unwrap();
            assert!((total - lp).abs() < 1e-6, "case {case}: {total} against the LP's {lp}");
        }
        // Infeasible counts.
        let cost = vec![1.0; 10 * 2];
        assert!(transport(&Balanced { n: 10, m: 2, cost: &cost, p: 2, lo: 6, hi: 8 }, &[0, 1]).is_none());
    }
}
