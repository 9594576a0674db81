//! Units to supervision teams within one territory: a MIP balancing the teams' monthly workload
//! under the 15–25 units rule and the monthly capacity (`models/supervision.md`, «Assignment»).

use good_lp::{constraint, variable, Expression, Variable};

use crate::error::Error;
use crate::lp::{LpModel, Sense, SolveOptions, SolveReport};

/// One territory's assignment problem: units (with their workload), `teams` identical teams at
/// one base, and the limits.
#[derive(Debug, Clone)]
pub struct AssignProblem {
    /// Model name (`supervision <zone>`).
    pub name: String,
    /// Monthly workload of each unit in minutes (`w_i`: visit plus the round trip from the base).
    pub workload: Vec<f64>,
    /// `cost[i][a]`: travel minutes from unit `i` to unit `a` (only anchors are read).
    pub travel: Vec<Vec<f64>>,
    /// Angle of each unit around the base (radians), for the sector start.
    pub angle: Vec<f64>,
    /// Teams in the territory (≥ 1).
    pub teams: usize,
    /// Fewest units per team (already reduced to `⌊units / teams⌋` when larger).
    pub min_units: usize,
    /// Most units per team.
    pub max_units: usize,
    /// Monthly minutes a team has (working days × day minutes).
    pub capacity: f64,
    /// Weight of compactness in the objective.
    pub compactness_weight: f64,
    /// Teams a unit may join: its start sector's and those of the nearest other anchors, this
    /// many in all (fewer variables, less symmetry).
    pub candidate_teams: usize,
}

/// The answer: each unit's team (`None`: left unassigned, over capacity), each team's anchor unit
/// and the evidence.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// Team of each unit (index `0..teams`), `None` when the teams cannot take it.
    pub team: Vec<Option<usize>>,
    /// The unit (index into the problem) each team's compactness is measured from.
    pub anchors: Vec<usize>,
    /// Evidence of the MIP (minimisation: `bound ≤ objective`).
    pub report: SolveReport,
}

/// Contiguous angular sectors of near-equal workload, one per team: the start solution and the
/// anchors (each sector's unit with least travel to the others).
fn sectors(p: &AssignProblem) -> (Vec<usize>, Vec<usize>) {
    let n = p.workload.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| p.angle[a].total_cmp(&p.angle[b]).then(a.cmp(&b)));
    let total: f64 = p.workload.iter().sum();
    let mut sector = vec![0; n];
    let mut acc = 0.0;
    let mut count = vec![0usize; p.teams];
    for &i in &order {
        let mut t = ((acc / total.max(1e-9)) * p.teams as f64).floor() as usize;
        t = t.min(p.teams - 1);
        // Keep the cardinality of the start: move on when the sector is full.
        while t + 1 < p.teams && count[t] >= p.max_units {
            t += 1;
        }
        sector[i] = t;
        count[t] += 1;
        acc += p.workload[i];
    }
    let anchors = (0..p.teams)
        .map(|t| {
            let members: Vec<usize> = (0..n).filter(|&i| sector[i] == t).collect();
            members
                .iter()
                .copied()
                .min_by(|&a, &b| {
                    let ca: f64 = members.iter().map(|&j| p.travel[j][a]).sum();
                    let cb: f64 = members.iter().map(|&j| p.travel[j][b]).sum();
                    ca.total_cmp(&cb).then(a.cmp(&b))
                })
                .unwrap_or(order[(t * n / p.teams).min(n.saturating_sub(1))])
        })
        .collect();
    (sector, anchors)
}

/// Solves the territory's assignment MIP (see `models/supervision.md`):
/// minimise `M·Σ u_i + L + λ·Σ c_it x_it` subject to `Σ_t x_it + u_i = 1`,
/// `min ≤ Σ_i x_it ≤ max`, `Σ_i w_i x_it ≤ L`, `Σ_i w_i x_it ≤ capacity`.
///
/// # Errors
///
/// [`Error::Solver`] when HiGHS fails.
pub fn assign(p: &AssignProblem, options: &SolveOptions) -> Result<Assignment, Error> {
    let n = p.workload.len();
    if n == 0 || p.teams == 0 {
        return Ok(Assignment { team: vec![None; n], anchors: Vec::new(), report: SolveReport::decided(&p.name, 0.0) });
    }
    let (sector, anchors) = sectors(p);
    let cost = |i: usize, t: usize| p.travel[i][anchors[t]];
    let max_w = p.workload.iter().copied().fold(0.0, f64::max);
    let max_c = (0..n).flat_map(|i| (0..p.teams).map(move |t| (i, t))).map(|(i, t)| cost(i, t)).fold(0.0, f64::max);
    let big = 10.0 * (max_w + p.compactness_weight * max_c) + 1.0;
    // Candidate teams of each unit: its sector's, then the nearest anchors.
    let allowed: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            let mut ts: Vec<usize> = (0..p.teams).filter(|&t| t != sector[i]).collect();
            ts.sort_by(|&a, &b| cost(i, a).total_cmp(&cost(i, b)).then(a.cmp(&b)));
            ts.truncate(p.candidate_teams.max(1) - 1);
            ts.push(sector[i]);
            ts.sort_unstable();
            ts
        })
        .collect();
    let mut m = LpModel::new(&p.name, Sense::Minimise);
    let load_max = m.add_var(variable().min(0.0));
    let x: Vec<Vec<Option<Variable>>> =
        (0..n).map(|i| (0..p.teams).map(|t| allowed[i].contains(&t).then(|| m.add_var(variable().binary()))).collect()).collect();
    let u: Vec<Variable> = (0..n).map(|_| m.add_var(variable().binary())).collect();
    for i in 0..n {
        let row: Expression = x[i].iter().flatten().copied().sum::<Expression>() + u[i];
        m.add_constraint(constraint!(row == 1.0));
    }
    for t in 0..p.teams {
        let count: Expression = x.iter().filter_map(|row| row[t]).sum();
        m.add_constraint(constraint!(count.clone() <= p.max_units as f64));
        m.add_constraint(constraint!(count >= p.min_units as f64));
        let load: Expression = x.iter().zip(&p.workload).filter_map(|(row, &w)| row[t].map(|v| w * v)).sum();
        m.add_constraint(constraint!(load.clone() <= load_max));
        m.add_constraint(constraint!(load <= p.capacity));
    }
    let unassigned: Expression = u.iter().copied().sum();
    let compact: Expression =
        (0..n).flat_map(|i| (0..p.teams).map(move |t| (i, t))).filter_map(|(i, t)| x[i][t].map(|v| cost(i, t) * v)).sum();
    m.set_objective(big * unassigned + load_max + p.compactness_weight * compact);
    // Start from the sectors when they respect the limits (HiGHS ignores an infeasible start).
    let mut loads = vec![0.0; p.teams];
    (0..n).for_each(|i| loads[sector[i]] += p.workload[i]);
    let mut start: Vec<(Variable, f64)> = vec![(load_max, loads.iter().copied().fold(0.0, f64::max))];
    for i in 0..n {
        start.push((x[i][sector[i]].expect("own sector allowed"), 1.0));
    }
    m.set_start(start);
    let solved = match m.solve(options) {
        Ok(solved) => solved,
        // No solution within the time limit: the sectors, cut to the limits (what does not fit is
        // left unassigned and reported), said so in the status.
        Err(Error::SolverTimeLimit { .. }) => return Ok(sector_fallback(p, &sector, anchors.clone())),
        Err(e) => return Err(e),
    };
    let team = (0..n)
        .map(|i| {
            let value = |t: usize| x[i][t].map_or(0.0, |v| solved.value(v));
            let best = (0..p.teams).max_by(|&a, &b| value(a).total_cmp(&value(b)).then(b.cmp(&a)))?;
            (value(best) > 0.5).then_some(best)
        })
        .collect();
    Ok(Assignment { team, anchors, report: solved.report })
}

/// The sector start as the answer when the MIP found nothing in time: each unit to its sector's
/// team while the team stays within its units and minutes.
fn sector_fallback(p: &AssignProblem, sector: &[usize], anchors: Vec<usize>) -> Assignment {
    let mut count = vec![0usize; p.teams];
    let mut load = vec![0.0; p.teams];
    let team: Vec<Option<usize>> = (0..p.workload.len())
        .map(|i| {
            let t = sector[i];
            (count[t] < p.max_units && load[t] + p.workload[i] <= p.capacity).then(|| {
                count[t] += 1;
                load[t] += p.workload[i];
                t
            })
        })
        .collect();
    let objective = load.iter().copied().fold(0.0, f64::max);
    let mut report = SolveReport::decided(&p.name, objective);
    report.status = crate::lp::SolveStatus::TimeLimit;
    report.bound = 0.0;
    report.gap = crate::lp::relative_gap(objective, 0.0);
    Assignment { team, anchors, report }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(n: usize, teams: usize, capacity: f64) -> AssignProblem {
        AssignProblem {
            name: "prueba".into(),
            workload: (0..n).map(|i| 100.0 + (i % 3) as f64 * 20.0).collect(),
            travel: (0..n).map(|i| (0..n).map(|j| (i as f64 - j as f64).abs() * 5.0).collect()).collect(),
            angle: (0..n).map(|i| i as f64 / n as f64 * 6.0).collect(),
            teams,
            min_units: 15,
            max_units: 25,
            capacity,
            compactness_weight: 0.1,
            candidate_teams: 3,
        }
    }

    #[test]
    fn every_team_within_its_unit_limits_and_balanced() {
        let p = problem(50, 2, 1e6);
        let a = assign(&p, &SolveOptions { time_limit_s: 10.0, ..Default::default() }).unwrap();
        let mut count = [0usize; 2];
        let mut load = [0.0f64; 2];
        for (i, t) in a.team.iter().enumerate() {
            let t = t.expect("all fit");
            count[t] += 1;
            load[t] += p.workload[i];
        }
        assert!(count.iter().all(|&c| (15..=25).contains(&c)), "{count:?}");
        assert!((load[0] - load[1]).abs() <= 120.0, "{load:?}");
        assert!(a.report.bound <= a.report.objective + 1e-6);
    }

    #[test]
    fn units_beyond_the_maximum_are_left_unassigned() {
        let p = problem(30, 1, 1e6);
        let a = assign(&p, &SolveOptions::default()).unwrap();
        assert_eq!(a.team.iter().filter(|t| t.is_none()).count(), 5);
    }

    #[test]
    fn capacity_in_minutes_leaves_units_out() {
        // 20 units of 100–140 minutes, a team with 1,000 minutes a month: at most 9 fit.
        let mut p = problem(20, 1, 1000.0);
        p.min_units = 0;
        let a = assign(&p, &SolveOptions::default()).unwrap();
        let load: f64 = a.team.iter().enumerate().filter(|(_, t)| t.is_some()).map(|(i, _)| p.workload[i]).sum();
        assert!(load <= 1000.0);
        assert!(a.team.iter().filter(|t| t.is_none()).count() >= 11);
    }
}
