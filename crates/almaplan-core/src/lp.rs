//! LP/MIP plumbing over good_lp and HiGHS, shared by every planner.
//!
//! A planner builds an [`LpModel`] with good_lp variables and expressions, then calls
//! [`LpModel::solve`] with [`SolveOptions`]. Every answer carries a [`SolveReport`]: status,
//! objective, best bound and relative gap, so no figure leaves a planner without the evidence of
//! how good it is. Infeasible and unbounded models are errors that name the model.
//!
//! HiGHS honours its time limit inside branch and bound but not always inside presolve, so the
//! solve runs on a worker thread under a wall-clock **watchdog**: when the watchdog expires the
//! caller gets an error at once (the worker is abandoned and finishes in the background).
//!
//! `models/README.md` («Conventions shared by every model») gives the defaults and the meaning of
//! the evidence; each `models/*.md` names the models a planner builds.
//!
//! ```
//! use almaplan_core::lp::{LpModel, Sense, SolveOptions, SolveStatus};
//! use good_lp::{constraint, variable};
//!
//! // Two binaries, at most one chosen, maximise 3x + 2y.
//! let mut m = LpModel::new("ejemplo", Sense::Maximise);
//! let x = m.add_var(variable().binary());
//! let y = m.add_var(variable().binary());
//! m.add_constraint(constraint!(x + y <= 1));
//! m.set_objective(3 * x + 2 * y);
//! let solved = m.solve(&SolveOptions::default())?;
//! assert_eq!(solved.report.status, SolveStatus::Optimal);
//! assert!((solved.report.objective - 3.0).abs() < 1e-6);
//! assert!(solved.report.bound >= solved.report.objective - 1e-6); // a maximisation
//! assert_eq!(solved.value(x).round(), 1.0);
//! # Ok::<(), almaplan_core::Error>(())
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use good_lp::{Constraint, Expression, ProblemVariables, SolverModel, Variable, VariableDefinition};
use highs::HighsModelStatus;
use serde::Serialize;

use crate::error::Error;

/// Solver settings for one model (scenario section `[solver]`; defaults in `models/README.md`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SolveOptions {
    /// HiGHS time limit in seconds.
    pub time_limit_s: f64,
    /// Relative MIP gap at which HiGHS stops, as a fraction (1e-4 = 0.01%).
    pub rel_gap: f64,
    /// HiGHS threads; keep 1 when models are solved in parallel.
    pub threads: u32,
    /// Print HiGHS's log to the console.
    pub log: bool,
    /// Also write HiGHS's log to this file.
    pub log_file: Option<PathBuf>,
    /// Wall-clock seconds after which the solve is abandoned; default `1.5 × time limit + 10`.
    pub watchdog_s: Option<f64>,
    /// HiGHS random seed (same seed, same model → same answer).
    pub seed: u32,
    /// Simplex iterations after which a solve stops (HiGHS `simplex_iteration_limit`): a
    /// deterministic limit, unlike the time limit; `None` = no limit. Not a scenario setting.
    #[serde(skip)]
    pub iteration_limit: Option<u32>,
    /// Branch-and-bound nodes after which a MIP stops with its incumbent and bound (HiGHS
    /// `mip_max_nodes`; reported as `TimeLimit`): a deterministic limit; `None` = no limit. Not a
    /// scenario setting.
    #[serde(skip)]
    pub node_limit: Option<u32>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit_s: 60.0,
            rel_gap: 1e-4,
            threads: 1,
            log: false,
            log_file: None,
            watchdog_s: None,
            seed: 0,
            iteration_limit: None,
            node_limit: None,
        }
    }
}

impl SolveOptions {
    fn watchdog(&self) -> Duration {
        Duration::from_secs_f64(self.watchdog_s.unwrap_or(self.time_limit_s * 1.5 + 10.0).max(0.0))
    }
}

/// How a solve ended; ordered from best (`Optimal`) to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SolveStatus {
    /// Proven optimal (gap zero).
    Optimal,
    /// Stopped at the requested relative gap: optimal within `gap` (also a heuristic answer whose
    /// gap to an LP bound is within `rel_gap`, as the roster's rounding gives).
    GapLimit,
    /// Stopped by the time limit with a feasible solution; `gap` says how far from optimal it may
    /// be.
    TimeLimit,
}

impl SolveStatus {
    /// Spanish label for reports: "óptimo", "óptimo dentro de la brecha", "límite de tiempo".
    pub fn label(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "óptimo",
            SolveStatus::GapLimit => "óptimo dentro de la brecha",
            SolveStatus::TimeLimit => "límite de tiempo",
        }
    }
}

/// The evidence behind a solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveReport {
    /// Name of the model ("roster HIDALGO", "brigadas 13", …), as given to [`LpModel::new`].
    pub model: String,
    /// How the solve ended.
    pub status: SolveStatus,
    /// Objective value of the solution returned, in the model's own units (minutes, weighted
    /// unit-days, hires…), maximised or minimised as the model's [`Sense`] says.
    pub objective: f64,
    /// Best proven bound on the objective: HiGHS's `mip_dual_bound` for a MIP (≤ objective when
    /// minimising, ≥ when maximising), the objective itself for a solved LP.
    pub bound: f64,
    /// Relative gap `|objective − bound| / max(|objective|, 1e-9)`, a fraction (not percent); 0
    /// when proven optimal; see [`relative_gap`].
    pub gap: f64,
    /// Wall-clock seconds of the solve, watchdog thread included.
    pub seconds: f64,
    /// Columns of the model.
    pub variables: usize,
    /// Rows of the model.
    pub constraints: usize,
    /// True when any variable is integer (a MIP); false for an LP.
    pub integer: bool,
}

impl SolveReport {
    /// The report of a model decided without the solver (no variables, or a case with a closed-form
    /// answer): proven optimal, bound = objective, no time.
    pub fn decided(model: impl Into<String>, objective: f64) -> SolveReport {
        SolveReport {
            model: model.into(),
            status: SolveStatus::Optimal,
            objective,
            bound: objective,
            gap: 0.0,
            seconds: 0.0,
            variables: 0,
            constraints: 0,
            integer: true,
        }
    }
}

/// A solution: the report plus the value of every variable. It also implements good_lp's
/// `Solution` trait, so good_lp expressions can be evaluated on it.
#[derive(Debug, Clone)]
pub struct Solved {
    /// The evidence: status, objective, bound, gap, size and time.
    pub report: SolveReport,
    values: Vec<f64>,
    index: HashMap<Variable, usize>,
}

impl Solved {
    /// Value of `v` in the solution (a binary may come back as 0.9999999: round it).
    ///
    /// # Panics
    ///
    /// When `v` is not a variable of the model that was solved.
    pub fn value(&self, v: Variable) -> f64 {
        self.values[self.index[&v]]
    }
}

impl good_lp::Solution for Solved {
    fn status(&self) -> good_lp::SolutionStatus {
        match self.report.status {
            SolveStatus::Optimal => good_lp::SolutionStatus::Optimal,
            SolveStatus::GapLimit => good_lp::SolutionStatus::GapLimit,
            SolveStatus::TimeLimit => good_lp::SolutionStatus::TimeLimit,
        }
    }
    fn value(&self, v: Variable) -> f64 {
        Solved::value(self, v)
    }
}

/// Whether the objective is minimised or maximised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Minimise the objective (zones, waves, hiring); then `bound ≤ objective`.
    Minimise,
    /// Maximise the objective (the roster); then `bound ≥ objective`.
    Maximise,
}

/// A linear model under construction: variables, constraints, objective and an optional start
/// solution, solved once by [`LpModel::solve`].
pub struct LpModel {
    name: String,
    vars: ProblemVariables,
    order: Vec<Variable>,
    constraints: Vec<Constraint>,
    objective: Expression,
    sense: Sense,
    integer: bool,
    /// A feasible starting solution (variables not listed start at 0).
    start: Option<Vec<(Variable, f64)>>,
}

impl LpModel {
    /// A new model; `name` appears in every message about it ("roster HIDALGO", …).
    pub fn new(name: impl Into<String>, sense: Sense) -> Self {
        LpModel {
            name: name.into(),
            vars: ProblemVariables::new(),
            order: Vec::new(),
            constraints: Vec::new(),
            objective: Expression::default(),
            sense,
            integer: false,
            start: None,
        }
    }

    /// Gives HiGHS a feasible solution to start from (a heuristic's answer): the MIP then never
    /// returns anything worse, even when the time limit strikes first.
    pub fn set_start(&mut self, values: Vec<(Variable, f64)>) {
        self.start = Some(values);
    }

    /// The name given to [`LpModel::new`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Adds a variable (good_lp's `variable().binary()`, `.integer()`, `.min(0)`, …); one integer
    /// variable makes the model a MIP.
    pub fn add_var(&mut self, def: VariableDefinition) -> Variable {
        self.integer |= def.is_integer();
        let v = self.vars.add(def);
        self.order.push(v);
        v
    }

    /// Adds a constraint built with good_lp's `constraint!` macro.
    pub fn add_constraint(&mut self, c: Constraint) {
        self.constraints.push(c);
    }

    /// Sets the objective; its direction is the [`Sense`] given to [`LpModel::new`].
    pub fn set_objective(&mut self, e: impl Into<Expression>) {
        self.objective = e.into();
    }

    /// Variables added so far.
    pub fn num_variables(&self) -> usize {
        self.order.len()
    }

    /// Constraints added so far.
    pub fn num_constraints(&self) -> usize {
        self.constraints.len()
    }

    /// Solves with HiGHS under the watchdog.
    ///
    /// # Errors
    ///
    /// [`Error::Solver`] naming the model when it is infeasible, unbounded, has no feasible
    /// solution by the time limit, or the watchdog ([`SolveOptions::watchdog_s`]) expires.
    pub fn solve(self, options: &SolveOptions) -> Result<Solved, Error> {
        if self.order.is_empty() {
            // The HiGHS bindings panic on a model without columns (a state without physicians, a
            // zone without candidates): such a model is decided here, without the solver.
            return self.solve_without_variables();
        }
        let name = self.name.clone();
        let watchdog = options.watchdog();
        let index: HashMap<Variable, usize> = self.order.iter().enumerate().map(|(i, v)| (*v, i)).collect();
        let (tx, rx) = mpsc::channel();
        let opts = options.clone();
        let start = Instant::now();
        std::thread::Builder::new()
            .name(format!("highs {name}"))
            .spawn(move || {
                let _ = tx.send(run_highs(self, &opts));
            })
            .map_err(|e| Error::Solver { model: name.clone(), message: format!("no se pudo iniciar el hilo del solver: {e}") })?;
        let outcome = match rx.recv_timeout(watchdog) {
            Ok(o) => o,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(Error::SolverTimeLimit {
                    model: name,
                    message: format!(
                        "sin respuesta tras {:.0} s (vigilante, watchdog; el límite de tiempo del solver era {:.0} s): \
                         el modelo es demasiado grande para el límite; redúzcalo o suba el límite",
                        watchdog.as_secs_f64(),
                        options.time_limit_s
                    ),
                })
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Solver { model: name, message: "el hilo del solver terminó sin respuesta".into() })
            }
        };
        let (mut report, values) = outcome.map_err(|failure| match failure {
            HighsFailure::NoSolutionInTime(message) => Error::SolverTimeLimit { model: name, message },
            HighsFailure::Other(message) => Error::Solver { model: name, message },
        })?;
        report.seconds = start.elapsed().as_secs_f64();
        Ok(Solved { report, values, index })
    }
}

impl LpModel {
    /// A model with no variables: every constraint is a constant, so it is feasible exactly when
    /// each constant satisfies its relation, and the objective is its constant.
    fn solve_without_variables(self) -> Result<Solved, Error> {
        struct Zero;
        impl good_lp::Solution for Zero {
            fn status(&self) -> good_lp::SolutionStatus {
                good_lp::SolutionStatus::Optimal
            }
            fn value(&self, _: Variable) -> f64 {
                0.0
            }
        }
        const TOLERANCE: f64 = 1e-9;
        for c in &self.constraints {
            let v = c.expression().eval_with(&Zero);
            let violated = if c.is_equality() { v.abs() > TOLERANCE } else { v > TOLERANCE };
            if violated {
                return Err(Error::Solver {
                    model: self.name,
                    message: "infactible: el modelo no tiene variables y una de sus restricciones no se cumple".into(),
                });
            }
        }
        let objective = self.objective.eval_with(&Zero);
        let report =
            SolveReport { constraints: self.constraints.len(), integer: self.integer, ..SolveReport::decided(self.name, objective) };
        Ok(Solved { report, values: Vec::new(), index: HashMap::new() })
    }
}

/// Why HiGHS gave no answer: no feasible solution within the time limit, or anything else.
enum HighsFailure {
    NoSolutionInTime(String),
    Other(String),
}

impl From<String> for HighsFailure {
    fn from(message: String) -> Self {
        HighsFailure::Other(message)
    }
}

impl From<&str> for HighsFailure {
    fn from(message: &str) -> Self {
        HighsFailure::Other(message.to_string())
    }
}

fn run_highs(model: LpModel, o: &SolveOptions) -> Result<(SolveReport, Vec<f64>), HighsFailure> {
    let LpModel { name, vars, constraints, objective, sense, integer, order, start } = model;
    let (variables, n_constraints) = (order.len(), constraints.len());
    let unsolved = match sense {
        Sense::Minimise => vars.minimise(objective),
        Sense::Maximise => vars.maximise(objective),
    };
    let mut problem = unsolved.using(good_lp::highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut m = problem.into_inner();
    m.make_quiet();
    let reject = |k: &str| format!("HiGHS rechazó la opción {k}");
    m.try_set_option("time_limit", o.time_limit_s).map_err(|_| reject("time_limit"))?;
    m.try_set_option("mip_rel_gap", o.rel_gap).map_err(|_| reject("mip_rel_gap"))?;
    m.try_set_option("threads", o.threads.max(1) as i32).map_err(|_| reject("threads"))?;
    m.try_set_option("random_seed", o.seed as i32).map_err(|_| reject("random_seed"))?;
    if let Some(n) = o.iteration_limit {
        m.try_set_option("simplex_iteration_limit", n.min(i32::MAX as u32) as i32).map_err(|_| reject("simplex_iteration_limit"))?;
    }

    if let Some(n) = o.node_limit {
        m.try_set_option("mip_max_nodes", n.min(i32::MAX as u32) as i32).map_err(|_| reject("mip_max_nodes"))?;
    }
    if o.log || o.log_file.is_some() {
        m.set_option("output_flag", true);
        m.set_option("log_to_console", o.log);
        if let Some(f) = &o.log_file {
            m.set_option("log_file", f.display().to_string().as_str());
        }
    }
    if let Some(start) = start {
        let index: HashMap<Variable, usize> = order.iter().enumerate().map(|(i, v)| (*v, i)).collect();
        let mut cols = vec![0.0; order.len()];
        for (v, x) in start {
            cols[index[&v]] = x;
        }
        m.try_set_solution(Some(&cols), None, None, None).map_err(|e| format!("HiGHS rechazó la solución inicial: {e:?}"))?;
    }
    let solved = m.try_solve().map_err(|e| format!("HiGHS failed: {e:?}"))?;
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let status = match status {
        HighsModelStatus::Optimal | HighsModelStatus::ObjectiveBound | HighsModelStatus::ObjectiveTarget => SolveStatus::Optimal,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit => {
            if !has_solution {
                return Err(HighsFailure::NoSolutionInTime(format!(
                    "ninguna solución factible dentro del límite de tiempo de {} s ({status:?})",
                    o.time_limit_s
                )));
            }
            SolveStatus::TimeLimit
        }
        HighsModelStatus::Infeasible => {
            return Err("infactible: ninguna asignación cumple todas las restricciones; revise los límites estrictos".into())
        }
        HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => {
            return Err("no acotado o infactible: el objetivo puede crecer sin límite; falta una cota".into())
        }
        other => return Err(format!("HiGHS terminó con el estado {other:?}").into()),
    };
    if !has_solution {
        return Err(format!("HiGHS informó {status:?} sin una solución factible").into());
    }
    let objective = solved.objective_value();
    let (bound, gap, status) = if integer {
        let bound = solved.double_info_value(c"mip_dual_bound").unwrap_or(f64::NAN);
        let gap = relative_gap(objective, bound);
        let status = match status {
            SolveStatus::Optimal if gap > 1e-9 => SolveStatus::GapLimit,
            s => s,
        };
        (bound, gap, status)
    } else if status == SolveStatus::Optimal {
        (objective, 0.0, status)
    } else {
        (f64::NAN, f64::INFINITY, status)
    };
    let values = solved.get_solution().columns().to_vec();
    let report = SolveReport { model: name, status, objective, bound, gap, seconds: 0.0, variables, constraints: n_constraints, integer };
    Ok((report, values))
}

/// `|objective − bound| / max(|objective|, 1e-9)`, as a fraction; infinite when there is no
/// finite bound.
///
/// ```
/// assert_eq!(almaplan_core::lp::relative_gap(200.0, 199.0), 0.005);
/// assert!(almaplan_core::lp::relative_gap(1.0, f64::NAN).is_infinite());
/// ```
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    if !bound.is_finite() {
        return f64::INFINITY;
    }
    (objective - bound).abs() / objective.abs().max(1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use good_lp::{constraint, variable};

    #[test]
    fn a_model_without_variables_is_decided_without_the_solver() {
        // HiGHS's bindings panic on a model with no columns (e.g. a state with no physicians).
        let mut m = LpModel::new("vacío", Sense::Maximise);
        m.set_objective(Expression::from(3.0));
        m.add_constraint(constraint!(Expression::from(0.0) <= 1.0));
        let s = m.solve(&SolveOptions::default()).unwrap();
        assert_eq!((s.report.status, s.report.objective, s.report.bound, s.report.variables), (SolveStatus::Optimal, 3.0, 3.0, 0));
        let mut bad = LpModel::new("vacío infactible", Sense::Minimise);
        bad.add_constraint(constraint!(Expression::from(2.0) <= 1.0));
        let e = bad.solve(&SolveOptions::default()).unwrap_err().to_string();
        assert!(e.contains("infactible") && e.contains("vacío infactible"), "{e}");
    }

    fn knapsack(name: &str) -> (LpModel, Vec<Variable>) {
        let values = [10.0, 13.0, 7.0, 8.0, 12.0];
        let weights = [5.0, 6.0, 3.0, 4.0, 6.0];
        let mut m = LpModel::new(name, Sense::Maximise);
        let x: Vec<Variable> = (0..5).map(|_| m.add_var(variable().binary())).collect();
        let w: Expression = x.iter().zip(weights).map(|(v, w)| w * *v).sum();
        m.add_constraint(constraint!(w <= 12));
        m.set_objective(x.iter().zip(values).map(|(v, c)| c * *v).sum::<Expression>());
        (m, x)
    }

    #[test]
    fn knapsack_is_solved_to_optimality_with_evidence() {
        let (m, x) = knapsack("mochila");
        let s = m.solve(&SolveOptions::default()).unwrap();
        // Best: items 0, 2, 3 (w 12, v 25) vs 1+4 (w 12, v 25) vs 1+2 (w 9, v 20)… optimum 25.
        assert_eq!(s.report.status, SolveStatus::Optimal);
        assert!((s.report.objective - 25.0).abs() < 1e-6);
        assert!((s.report.bound - 25.0).abs() < 1e-6, "{:?}", s.report);
        assert_eq!(s.report.gap, 0.0);
        assert!(s.report.integer);
        let chosen: f64 = x.iter().map(|v| s.value(*v)).sum();
        assert!((2.0..=3.0).contains(&chosen.round()));
    }

    #[test]
    fn infeasible_model_is_an_error_naming_it() {
        let mut m = LpModel::new("prueba imposible", Sense::Minimise);
        let x = m.add_var(variable().min(0));
        m.add_constraint(constraint!(x >= 5));
        m.add_constraint(constraint!(x <= 3));
        m.set_objective(x);
        let e = m.solve(&SolveOptions::default()).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let msg = e.to_string();
        assert!(msg.contains("prueba imposible") && msg.contains("infactible"), "{msg}");
    }

    #[test]
    fn lp_bound_equals_objective() {
        let mut m = LpModel::new("lp", Sense::Minimise);
        let x = m.add_var(variable().min(0));
        let y = m.add_var(variable().min(0));
        m.add_constraint(constraint!(x + 2 * y >= 4));
        m.set_objective(3 * x + 4 * y);
        let s = m.solve(&SolveOptions::default()).unwrap();
        assert!((s.report.objective - 8.0).abs() < 1e-6);
        assert_eq!(s.report.bound, s.report.objective);
        assert!(!s.report.integer);
        assert!((s.value(y) - 2.0).abs() < 1e-6);
    }

    #[test]
    fn watchdog_abandons_a_solve_that_outlives_it() {
        let (m, _) = knapsack("vigilado");
        let opts = SolveOptions { watchdog_s: Some(0.0), ..Default::default() };
        let e = m.solve(&opts).unwrap_err();
        assert!(e.to_string().contains("watchdog"), "{e}");
    }
}
