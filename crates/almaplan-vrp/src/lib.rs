//! # almaplan-vrp
//!
//! A periodic vehicle routing engine with an independent verifier. It knows nothing of health
//! units: the mobile-unit planner in `almaplan-core` (`planners::umm`) builds a
//! [`RoutingInstance`] from bases and localities and reads the [`RoutingSolution`] back, and the
//! benchmark readers in `almaplan-formats` build one from CVRPLIB, Solomon and Cordeau files.
//! `models/routes.md` gives the formulation, the search and the benchmark results in full.
//!
//! ## The model
//!
//! Vertex 0 is the depot, vertices `1..n` the customers; the horizon has `days()` days (the
//! length of [`RoutingInstance::capacity`]). Travel time equals distance (`d(a, b)`), in whatever
//! unit the caller chose (minutes for mobile units).
//!
//! - **Visit-day combinations.** Each customer lists the day sets it may be visited on, as bit
//!   masks (bit `d` = day `d`): `[0b0101, 0b1010]` is "days 0 and 2, or days 1 and 3". The solver
//!   picks one combination and visits the customer exactly once on each of its days. All the
//!   combinations of a customer have the same number of days, its visit frequency.
//! - **Capacity.** The demand of the customers on one route may not exceed that day's capacity.
//! - **Duration.** A route leaves the depot at the depot's `ready` time and must be back by
//!   [`RoutingInstance::latest_return`]: the depot's `due` or `ready + max_duration[day]`,
//!   whichever is earlier.
//! - **Time windows.** Service at a customer starts in `[ready, due]`; arriving early means
//!   waiting, arriving late is infeasible. Service takes `service` time units.
//! - **Fleet.** At most `vehicles_per_day` routes per day.
//!
//! A customer that cannot be served is left *unassigned*, at a penalty (proportional to its
//! `weight` and frequency) larger than any travel saving: the search serves as much weight as it
//! can first and minimises total travel second. The CVRP (one day, one combination) and the VRPTW
//! (one day, windows) are special cases.
//!
//! ## The search and the verifier
//!
//! [`solve`] runs [`search::Engine`]: ruin and recreate with simulated annealing after SISR
//! (Christiaens & Vanden Berghe), where ruin removes strings of visits near a seed customer and a
//! removed customer loses all its visits, so recreate may give it another combination. The run is
//! deterministic for a seed when [`SearchParams::max_iterations`] is set. Every solution `solve`
//! returns has passed [`verify`], which shares no code with the search: it re-simulates every
//! route from the depot and recomputes the cost, and a mismatch is an error, never a result.
//!
//! ## Example
//!
//! A depot and four customers on two days; customer 1 needs a visit on both days, the others one
//! visit on either day; one vehicle of capacity 3 per day.
//!
//! ```
//! use almaplan_vrp::{solve, verify, RoutingInstance, SearchParams};
//!
//! let coords = vec![(0.0, 0.0), (5.0, 5.0), (-5.0, 5.0), (-5.0, -5.0), (5.0, -5.0)];
//! let n = coords.len();
//! let days = 2;
//! let any_one_day = vec![0b01, 0b10];
//! let inst = RoutingInstance {
//!     name: "cuadro".into(),
//!     distance: RoutingInstance::euclidean_matrix(&coords, false),
//!     coords,
//!     demand: vec![0.0, 1.0, 1.0, 1.0, 1.0],
//!     service: vec![0.0, 2.0, 2.0, 2.0, 2.0],
//!     ready: vec![0.0; n],
//!     // The depot's due time is the latest return; customer 4 must be reached by t = 30.
//!     due: vec![100.0, 100.0, 100.0, 100.0, 30.0],
//!     capacity: vec![3.0; days],
//!     max_duration: vec![f64::INFINITY; days],
//!     vehicles_per_day: 1,
//!     combinations: vec![vec![], vec![0b11], any_one_day.clone(), any_one_day.clone(), any_one_day],
//!     weight: vec![1.0; n],
//! };
//! let params = SearchParams { seed: 7, max_iterations: Some(300), ..SearchParams::default() };
//! let (solution, report) = solve(&inst, &params)?;
//!
//! assert_eq!(report.status, "feasible");
//! assert!(solution.unassigned.is_empty());
//! assert_eq!(solution.combination[1], 0b11); // both days
//! assert_eq!(solution.routes.len(), days); // one list of routes per day
//! // Four customers on a 2-day, one-vehicle fleet of capacity 3: five visits in all.
//! let visits: usize = solution.routes.iter().flatten().map(Vec::len).sum();
//! assert_eq!(visits, 5);
//! // The verifier recomputes the cost from scratch, and agrees.
//! assert_eq!(verify(&inst, &solution)?, report.objective);
//! # Ok::<(), String>(())
//! ```

#![warn(missing_docs)]

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
    /// Seed of the random stream: the same seed and iteration limit give the same solution.
    pub seed: u64,
    /// Wall-clock limit in seconds; with `max_iterations` set it only cuts a run short.
    pub time_limit_s: f64,
    /// Number of ruin-and-recreate iterations; `None` runs until `time_limit_s`.
    pub max_iterations: Option<u64>,
    /// Mean number of customers removed per ruin (SISR's c̄).
    pub mean_removed: f64,
    /// Longest removed string (SISR's L_max).
    pub max_string_len: f64,
    /// Probability of skipping an insertion position (SISR's blinks).
    pub blink_rate: f64,
    /// Chance of stopping the growth of a split string's preserved part at each step.
    pub split_depth: f64,
    /// Annealing temperature at the start of each cycle, as a multiple of the initial solution's
    /// mean edge length.
    pub start_temperature: f64,
    /// Annealing temperature at the end of each cycle, in the same unit; the temperature falls
    /// geometrically from the start value to this one.
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
    /// `routes[day][r]`: the customers of route `r` on `day`, in visiting order, without the depot.
    pub routes: Vec<Vec<Vec<usize>>>,
    /// Day mask chosen for each vertex, one of its `combinations` (0 for the depot and for
    /// unassigned customers).
    pub combination: Vec<u32>,
    /// Customers served on no day.
    pub unassigned: Vec<usize>,
    /// Total travel over every route arc, depot legs included (no penalties).
    pub cost: f64,
}

/// Outcome of a solve: the metaheuristic has no lower bound, so `bound` and `gap` are `None`
/// unless a caller knows a reference value.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingReport {
    /// "feasible" when every customer is served, "partial" otherwise.
    pub status: &'static str,
    /// Travel cost of the returned solution, as recomputed by [`verify`].
    pub objective: f64,
    /// Lower bound on the cost, when one is known (never from the search itself).
    pub bound: Option<f64>,
    /// Relative gap between `objective` and `bound`, when a caller sets `bound`.
    pub gap: Option<f64>,
    /// Ruin-and-recreate iterations run.
    pub iterations: u64,
    /// Wall-clock seconds of search and verification.
    pub seconds: f64,
}

/// Solves `inst` and checks the result independently ([`check::verify`]). The error is the
/// verifier's message (in Spanish) when the search returned a solution that breaks a constraint:
/// a bug in the search, never a property of the instance; customers nobody can serve make a
/// `partial` solution that lists them as unassigned.
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
