//! # almaplan-vrp
//!
//! A periodic vehicle routing engine (visit-day combinations, capacities, route durations, time
//! windows) with the CVRP and VRPTW as special cases, and a verifier that checks a solution
//! independently of the search. It knows nothing of health units: the mobile-unit planner in
//! `almaplan-core` builds a [`RoutingInstance`] and reads the [`RoutingSolution`] back. See
//! `models/routes.md` for the formulation and the search.

pub mod check;
pub mod instance;
pub mod rng;
pub mod search;

pub use check::verify;
pub use instance::RoutingInstance;
pub use rng::Rng;

/// Search settings. The run stops at `max_iterations` when given (deterministic for a seed) and
/// otherwise at `time_limit_s`.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchParams {
    pub seed: u64,
    pub time_limit_s: f64,
    pub max_iterations: Option<u64>,
    /// Mean number of customers removed per ruin (SISR's c̄).
    pub mean_removed: f64,
    /// Longest removed string (SISR's L_max).
    pub max_string_len: f64,
    /// Probability of skipping an insertion position (SISR's blinks).
    pub blink_rate: f64,
    /// Chance of stopping the growth of a split string's preserved part at each step.
    pub split_depth: f64,
    /// Annealing temperatures as multiples of the initial solution's mean edge length.
    pub start_temperature: f64,
    pub end_temperature: f64,
    /// Annealing cycles: the run is split into this many coolings, each from the best solution.
    pub cycles: usize,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            seed: 1,
            time_limit_s: 10.0,
            max_iterations: None,
            mean_removed: 10.0,
            max_string_len: 10.0,
            blink_rate: 0.01,
            split_depth: 0.01,
            start_temperature: 2.0,
            end_temperature: 0.02,
            cycles: 1,
        }
    }
}

/// A solution: for each day its routes (customer sequences, depot implicit at both ends), the
/// chosen combination mask of each vertex (0 for the depot and unassigned customers), the
/// customers left out and the total travel cost.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingSolution {
    pub routes: Vec<Vec<Vec<usize>>>,
    pub combination: Vec<u32>,
    pub unassigned: Vec<usize>,
    pub cost: f64,
}

/// Outcome of a solve: the metaheuristic has no lower bound, so `bound` and `gap` are `None`
/// unless a caller knows a reference value.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingReport {
    /// "feasible" when every customer is served, "partial" otherwise.
    pub status: &'static str,
    pub objective: f64,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub iterations: u64,
    pub seconds: f64,
}

/// Solves `inst` and checks the result independently ([`check::verify`]).
pub fn solve(inst: &RoutingInstance, params: &SearchParams) -> Result<(RoutingSolution, RoutingReport), String> {
    let clock = std::time::Instant::now();
    let mut engine = search::Engine::new(inst, params.clone());
    let solution = engine.run();
    let cost = check::verify(inst, &solution)?;
    let report = RoutingReport {
        status: if solution.unassigned.is_empty() { "feasible" } else { "partial" },
        objective: cost,
        bound: None,
        gap: None,
        iterations: engine.iterations,
        seconds: clock.elapsed().as_secs_f64(),
    };
    Ok((solution, report))
}
